// crossrun-test: variants=all compare=native
/* Rotations, bitfield extract/insert patterns (ubfx/sbfx/bfi/bfxil/extr),
 * struct bitfields and sign/zero extension of every width. */
#include "common.h"

struct __attribute__((packed)) bf {
    unsigned a : 3;
    signed b : 5;
    unsigned c : 11;
    signed d : 13;
    unsigned long long e : 29;
    signed long long f : 3;
};

static inline uint32_t rotl32(uint32_t x, unsigned r) { return (x << (r & 31)) | (x >> (-r & 31)); }
static inline uint32_t rotr32(uint32_t x, unsigned r) { return (x >> (r & 31)) | (x << (-r & 31)); }
static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> (-r & 63)); }
static inline uint64_t rotr64(uint64_t x, unsigned r) { return (x >> (r & 63)) | (x << (-r & 63)); }

__attribute__((noinline)) static uint64_t ubfx(uint64_t x, unsigned lsb, unsigned w)
{ return (x >> lsb) & ((w == 64) ? ~0ULL : ((1ULL << w) - 1)); }
__attribute__((noinline)) static int64_t sbfx(uint64_t x, unsigned lsb, unsigned w)
{ return (int64_t)(x << (64 - lsb - w)) >> (64 - w); }
__attribute__((noinline)) static uint64_t bfi(uint64_t dst, uint64_t src, unsigned lsb, unsigned w)
{
    uint64_t m = ((w == 64) ? ~0ULL : ((1ULL << w) - 1)) << lsb;
    return (dst & ~m) | ((src << lsb) & m);
}
/* Constant-position variants: these compile to single UBFX/SBFX/BFI/EXTR. */
__attribute__((noinline)) static uint64_t k1(uint64_t x) { return (x >> 7) & 0x1fff; }
__attribute__((noinline)) static int64_t k2(int64_t x) { return (int64_t)((uint64_t)x << 20) >> 43; }
__attribute__((noinline)) static uint32_t k3(uint32_t d, uint32_t s) { return (d & ~0x0ff0u) | ((s & 0xff) << 4); }
__attribute__((noinline)) static uint64_t k4(uint64_t a, uint64_t b) { return (a << 23) | (b >> 41); }
__attribute__((noinline)) static uint32_t k5(uint32_t a, uint32_t b) { return (a << 9) | (b >> 23); }
__attribute__((noinline)) static uint64_t k6(uint64_t d, uint64_t s) { return (d & ~0xffULL) | (s >> 56); }
__attribute__((noinline)) static int64_t sx8(int64_t x) { return (int8_t)x; }
__attribute__((noinline)) static int64_t sx16(int64_t x) { return (int16_t)x; }
__attribute__((noinline)) static int64_t sx32(int64_t x) { return (int32_t)x; }
__attribute__((noinline)) static uint64_t zx8(uint64_t x) { return (uint8_t)x; }
__attribute__((noinline)) static uint64_t zx16(uint64_t x) { return (uint16_t)x; }
__attribute__((noinline)) static uint64_t zx32(uint64_t x) { return (uint32_t)x; }
__attribute__((noinline)) static int32_t asr32(int32_t x, int s) { return x >> s; }
__attribute__((noinline)) static int64_t asr64(int64_t x, int s) { return x >> s; }

int main(void)
{
    uint64_t v = 0x0123456789abcdefULL;
    for (unsigned r = 0; r < 64; r += 5)
        printf("rot %2u: l32=%08x r32=%08x l64=%016llx r64=%016llx\n", r, rotl32((uint32_t)v, r),
               rotr32((uint32_t)v, r), (unsigned long long)rotl64(v, r), (unsigned long long)rotr64(v, r));
    uint64_t x = 0xf0e1d2c3b4a59687ULL;
    for (unsigned lsb = 0; lsb < 64; lsb += 9)
        for (unsigned w = 1; w + lsb <= 64; w += 13)
            printf("bf lsb=%2u w=%2u ubfx=%llx sbfx=%lld bfi=%016llx\n", lsb, w,
                   (unsigned long long)ubfx(x, lsb, w), (long long)sbfx(x, lsb, w),
                   (unsigned long long)bfi(0x5555555555555555ULL, x, lsb, w));
    uint64_t h = FNV_INIT;
    rng_seed(777);
    for (int i = 0; i < 30000; i++) {
        uint64_t a = rng_next(), b = rng_next();
        unsigned r = rng_below(64), lsb = rng_below(64), w = 1 + rng_below(64 - lsb);
        h = fnv_u64(h, rotl64(a, r));
        h = fnv_u64(h, rotr32((uint32_t)a, r));
        h = fnv_u64(h, ubfx(a, lsb, w));
        h = fnv_u64(h, (uint64_t)sbfx(a, lsb, w));
        h = fnv_u64(h, bfi(a, b, lsb, w));
        h = fnv_u64(h, k1(a) ^ (uint64_t)k2((int64_t)b) ^ k3((uint32_t)a, (uint32_t)b));
        h = fnv_u64(h, k4(a, b) + k5((uint32_t)a, (uint32_t)b) + k6(a, b));
        h = fnv_u64(h, (uint64_t)(sx8((int64_t)a) + sx16((int64_t)a) + sx32((int64_t)a)));
        h = fnv_u64(h, zx8(b) + zx16(b) * 3 + zx32(b) * 7);
        h = fnv_u64(h, (uint64_t)asr32((int32_t)a, (int)(r & 31)) ^ (uint64_t)asr64((int64_t)b, (int)r));
    }
    printf("hash %016llx\n", (unsigned long long)h);

    struct bf s;
    memset(&s, 0, sizeof s);
    long long sum = 0;
    for (int i = 0; i < 1000; i++) {
        s.a += i; s.b -= i * 3; s.c ^= i * 17; s.d += i * 101; s.e += (unsigned long long)i * 1000003; s.f -= i;
        sum += s.a + s.b + s.c + s.d + (long long)s.e + s.f;
    }
    unsigned char raw[sizeof s];
    memcpy(raw, &s, sizeof s);
    printf("bitfield a=%u b=%d c=%u d=%d e=%llu f=%lld sum=%lld size=%zu raw=",
           s.a, s.b, s.c, s.d, (unsigned long long)s.e, (long long)s.f, sum, sizeof s);
    for (size_t i = 0; i < sizeof s; i++) printf("%02x", raw[i]);
    printf("\n");
    return 0;
}
