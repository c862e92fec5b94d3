// crossrun-test: variants=all compare=native cflags=-ffp-contract=off
/* Loops GCC auto-vectorizes at -O3 (NEON on aarch64): integer sums and
 * dot products of several widths, saxpy on floats, byte histograms,
 * min/max reductions, a strlen-like scan, conditional selects, strided
 * and reversed accesses, widening multiplies, and odd trip counts so
 * the scalar epilogues run too. -ffp-contract=off keeps float results
 * identical to the x86_64 reference. */
#include "common.h"

#define N 4099
static int8_t i8[N + 64]; static uint8_t u8[N + 64]; static int16_t i16[N + 64]; static uint16_t u16[N + 64];
static int32_t i32[N + 64]; static int64_t i64[N + 64]; static float f32[N + 64], g32[N + 64]; static double f64[N + 64];
static char text[N + 64];

__attribute__((noinline)) static int64_t sum_i8(const int8_t *a, int n) { int64_t s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
__attribute__((noinline)) static uint32_t sum_u8(const uint8_t *a, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
__attribute__((noinline)) static uint32_t dot16(const int16_t *a, const int16_t *b, int n) { uint32_t s = 0; for (int i = 0; i < n; i++) s += (uint32_t)(a[i] * b[i]); return s; }
__attribute__((noinline)) static uint64_t dot32(const int32_t *a, const int32_t *b, int n) { uint64_t s = 0; for (int i = 0; i < n; i++) s += (uint64_t)((int64_t)a[i] * b[i]); return s; }
__attribute__((noinline)) static void saxpy(float *y, const float *x, float a, int n) { for (int i = 0; i < n; i++) y[i] = a * x[i] + y[i]; }
__attribute__((noinline)) static void daxpy(double *y, const double *x, double a, int n) { for (int i = 0; i < n; i++) y[i] += a * x[i]; }
__attribute__((noinline)) static void hist(const uint8_t *a, int n, uint32_t *h) { for (int i = 0; i < n; i++) h[a[i]]++; }
__attribute__((noinline)) static int16_t maxv(const int16_t *a, int n) { int16_t m = INT16_MIN; for (int i = 0; i < n; i++) m = a[i] > m ? a[i] : m; return m; }
__attribute__((noinline)) static uint16_t minv(const uint16_t *a, int n) { uint16_t m = UINT16_MAX; for (int i = 0; i < n; i++) m = a[i] < m ? a[i] : m; return m; }
__attribute__((noinline)) static size_t my_strlen(const char *s) { size_t i = 0; while (s[i]) i++; return i; }
__attribute__((noinline)) static void select_clamp(int32_t *a, int n, int32_t lo, int32_t hi) { for (int i = 0; i < n; i++) a[i] = a[i] < lo ? lo : a[i] > hi ? hi : a[i]; }
__attribute__((noinline)) static void rev_copy(uint16_t *d, const uint16_t *s, int n) { for (int i = 0; i < n; i++) d[i] = s[n - 1 - i]; }
__attribute__((noinline)) static int64_t strided(const int32_t *a, int n) { int64_t s = 0; for (int i = 0; i < n / 3; i++) s += (int64_t)a[3 * i] - a[3 * i + 2]; return s; }
__attribute__((noinline)) static void widen_mul(int32_t *d, const int16_t *a, const int16_t *b, int n) { for (int i = 0; i < n; i++) d[i] = (int32_t)a[i] * b[i]; }
__attribute__((noinline)) static void narrow(uint8_t *d, const uint16_t *s, int n) { for (int i = 0; i < n; i++) d[i] = (uint8_t)(s[i] >> 4); }
__attribute__((noinline)) static void avg_u8(uint8_t *d, const uint8_t *a, const uint8_t *b, int n) { for (int i = 0; i < n; i++) d[i] = (uint8_t)((a[i] + b[i] + 1) >> 1); }
__attribute__((noinline)) static void sat_add(uint8_t *d, const uint8_t *a, const uint8_t *b, int n) { for (int i = 0; i < n; i++) { unsigned s = a[i] + b[i]; d[i] = (uint8_t)(s > 255 ? 255 : s); } }
__attribute__((noinline)) static uint64_t xor_shift(uint64_t *d, const int64_t *a, int n) { uint64_t x = 0; for (int i = 0; i < n; i++) { d[i] = (uint64_t)a[i] ^ ((uint64_t)a[i] >> 7); x ^= d[i]; } return x; }
__attribute__((noinline)) static float fsum(const float *a, int n) { float s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }
__attribute__((noinline)) static void fabs_sqrt(float *d, const float *a, int n) { for (int i = 0; i < n; i++) d[i] = __builtin_sqrtf(a[i] < 0 ? -a[i] : a[i]); }
__attribute__((noinline)) static void i2f(float *d, const int32_t *a, int n) { for (int i = 0; i < n; i++) d[i] = (float)a[i] * 0.5f; }

int main(void)
{
    rng_seed(2718);
    for (int i = 0; i < N + 64; i++) {
        uint64_t r = rng_next();
        i8[i] = (int8_t)r; u8[i] = (uint8_t)(r >> 8); i16[i] = (int16_t)(r >> 16); u16[i] = (uint16_t)(r >> 32);
        i32[i] = (int32_t)(r >> 20); i64[i] = (int64_t)r;
        f32[i] = (float)((int32_t)(r >> 40) - 8000000) / 1024.0f; g32[i] = (float)(r & 0xffff) / 256.0f;
        f64[i] = (double)(int64_t)r / 1e12;
        text[i] = (char)('a' + (r >> 58));
    }
    text[N + 10] = 0;
    for (int off = 0; off < 3; off++) {
        int n = N - off * 17;
        printf("off %d: sum_i8=%lld sum_u8=%u dot16=%u dot32=%llu max=%d min=%u strided=%lld\n", off,
               (long long)sum_i8(i8 + off, n), sum_u8(u8 + off, n), dot16(i16 + off, i16 + 1, n),
               (unsigned long long)dot32(i32 + off, i32 + 3, n), maxv(i16 + off, n), minv(u16 + off, n),
               (long long)strided(i32 + off, n));
    }
    static uint32_t h[256];
    hist(u8, N, h);
    hist(u8 + 1, N - 1, h);
    printf("hist h[0]=%u h[127]=%u h[255]=%u hash %016llx\n", h[0], h[127], h[255], (unsigned long long)fnv1a(h, sizeof h, FNV_INIT));
    saxpy(g32, f32, 1.25f, N);
    saxpy(g32 + 1, f32 + 2, -0.75f, N - 5);
    daxpy(f64 + 3, f64, 0.5, N - 3);
    printf("saxpy hash %016llx daxpy hash %016llx fsum %a\n", (unsigned long long)fnv1a(g32, N * 4, FNV_INIT),
           (unsigned long long)fnv1a(f64, N * 8, FNV_INIT), (double)fsum(g32, N));
    for (int k = 0; k < 40; k++) { text[N + 10 - k] = 0; printf("%zu%c", my_strlen(text + k), k % 20 == 19 ? '\n' : ' '); }
    select_clamp(i32, N, -100000, 250000);
    static uint16_t rv[N];
    rev_copy(rv, u16, N);
    static int32_t wm[N];
    widen_mul(wm, i16, i16 + 5, N);
    static uint8_t nb[N], av[N], sa[N];
    narrow(nb, u16, N);
    avg_u8(av, u8, u8 + 3, N);
    sat_add(sa, u8, u8 + 7, N);
    static uint64_t xs[N];
    uint64_t x = xor_shift(xs, i64, N);
    static float fs[N], cf[N];
    fabs_sqrt(fs, f32, N);
    i2f(cf, i32, N);
    uint64_t hh = FNV_INIT;
    hh = fnv1a(i32, N * 4, hh); hh = fnv1a(rv, N * 2, hh); hh = fnv1a(wm, N * 4, hh); hh = fnv1a(nb, N, hh);
    hh = fnv1a(av, N, hh); hh = fnv1a(sa, N, hh); hh = fnv1a(xs, N * 8, hh); hh = fnv1a(fs, N * 4, hh); hh = fnv1a(cf, N * 4, hh);
    printf("misc x=%016llx hash %016llx\n", (unsigned long long)x, (unsigned long long)hh);
    return 0;
}
