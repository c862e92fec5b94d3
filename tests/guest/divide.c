// crossrun-test: variants=all compare=native
/* Integer division and remainder. The UB-in-C cases (INT_MIN / -1 and
 * division by zero) go through SDIV/UDIV inline asm on aarch64, whose
 * architectural results are: x / 0 == 0 and INT_MIN / -1 == INT_MIN
 * (no trap). On other hosts the same values come from a C model of those
 * rules, so the native reference encodes the ARM semantics. */
#include "common.h"
#include <limits.h>

static int64_t sdiv64(int64_t a, int64_t b)
{
#if defined(__aarch64__)
    int64_t r; __asm__("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r;
#else
    if (b == 0) return 0;
    if (a == INT64_MIN && b == -1) return INT64_MIN;
    return a / b;
#endif
}
static int32_t sdiv32(int32_t a, int32_t b)
{
#if defined(__aarch64__)
    int32_t r; __asm__("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r;
#else
    if (b == 0) return 0;
    if (a == INT32_MIN && b == -1) return INT32_MIN;
    return a / b;
#endif
}
static uint64_t udiv64(uint64_t a, uint64_t b)
{
#if defined(__aarch64__)
    uint64_t r; __asm__("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r;
#else
    return b ? a / b : 0;
#endif
}
static uint32_t udiv32(uint32_t a, uint32_t b)
{
#if defined(__aarch64__)
    uint32_t r; __asm__("udiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r;
#else
    return b ? a / b : 0;
#endif
}
/* remainder via msub, as compilers emit it */
static int64_t srem64(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)sdiv64(a, b) * (uint64_t)b); }

int main(void)
{
    int64_t s64[] = {0, 1, -1, 2, -2, 7, -7, 100, INT64_MAX, INT64_MIN, INT32_MIN, INT32_MAX, 0x123456789LL};
    int n = sizeof s64 / sizeof s64[0];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int64_t a = s64[i], b = s64[j];
            int32_t a32 = (int32_t)a, b32 = (int32_t)b;
            printf("%lld/%lld: s64=%lld rem=%lld u64=%llu s32=%d u32=%u\n", (long long)a, (long long)b,
                   (long long)sdiv64(a, b), (long long)srem64(a, b),
                   (unsigned long long)udiv64((uint64_t)a, (uint64_t)b), sdiv32(a32, b32),
                   udiv32((uint32_t)a32, (uint32_t)b32));
        }
    /* ordinary C division (well-defined cases), by constants and variables */
    uint64_t h = FNV_INIT;
    rng_seed(31337);
    for (int i = 0; i < 40000; i++) {
        int64_t a = (int64_t)rng_next() >> rng_below(64);
        int64_t b = (int64_t)rng_next() >> rng_below(64);
        if (b == 0 || (b == -1 && a == INT64_MIN)) continue;
        h = fnv_u64(h, (uint64_t)(a / b));
        h = fnv_u64(h, (uint64_t)(a % b));
        h = fnv_u64(h, (uint64_t)a / (uint64_t)b + (uint64_t)a % (uint64_t)b);
        h = fnv_u64(h, (uint64_t)(a / 7 + a % 7 + a / -3 + a / 1000000007 + (a % 16)));
        h = fnv_u64(h, (uint64_t)a / 10 + (uint64_t)a % 1000 + ((uint32_t)a) / 641u);
        int32_t x = (int32_t)a, y = (int32_t)b;
        if (y && !(y == -1 && x == INT32_MIN)) h = fnv_u64(h, (uint64_t)(x / y) ^ (uint64_t)(x % y));
    }
    printf("hash %016llx\n", (unsigned long long)h);
    return 0;
}
