// crossrun-test: variants=all compare=native
/* __builtin_*_overflow on signed/unsigned 8..64-bit, plus wrapping
 * arithmetic done in unsigned types. Compiles to ADDS/ADCS/SUBS + CSET,
 * SMULH/UMULH and SMULL-based checks. */
#include "common.h"
#include <limits.h>

#define TEST(T, FMT, CAST)                                                              \
    static void test_##T(void)                                                          \
    {                                                                                   \
        T v[] = {0, 1, (T)-1, (T)2, (T)3, (T)100};                                      \
        int n = sizeof v / sizeof v[0];                                                 \
        T ext[4];                                                                       \
        if ((T)-1 < 0) { ext[0] = (T)((CAST)1 << (sizeof(T) * 8 - 1)); ext[1] = (T)~ext[0]; } \
        else { ext[0] = (T)-1; ext[1] = (T)((CAST)-1 >> 1); }                           \
        ext[2] = (T)(ext[0] / 2); ext[3] = (T)(ext[1] / 3);                              \
        T all[10];                                                                      \
        for (int i = 0; i < n; i++) all[i] = v[i];                                      \
        for (int i = 0; i < 4; i++) all[n + i] = ext[i];                                \
        for (int i = 0; i < n + 4; i++)                                                 \
            for (int j = 0; j < n + 4; j++) {                                           \
                T r1, r2, r3;                                                           \
                int o1 = __builtin_add_overflow(all[i], all[j], &r1);                   \
                int o2 = __builtin_sub_overflow(all[i], all[j], &r2);                   \
                int o3 = __builtin_mul_overflow(all[i], all[j], &r3);                   \
                printf(#T " " FMT " " FMT ": add " FMT "/%d sub " FMT "/%d mul " FMT "/%d\n", \
                       (CAST)all[i], (CAST)all[j], (CAST)r1, o1, (CAST)r2, o2, (CAST)r3, o3); \
            }                                                                           \
    }
TEST(int8_t, "%lld", long long)
TEST(uint8_t, "%llu", unsigned long long)
TEST(int16_t, "%lld", long long)
TEST(uint16_t, "%llu", unsigned long long)
TEST(int32_t, "%lld", long long)
TEST(uint32_t, "%llu", unsigned long long)
TEST(int64_t, "%lld", long long)
TEST(uint64_t, "%llu", unsigned long long)

int main(void)
{
    test_int8_t(); test_uint8_t(); test_int16_t(); test_uint16_t();
    test_int32_t(); test_uint32_t(); test_int64_t(); test_uint64_t();
    /* mixed types: result type narrower than operands */
    int32_t r32; int64_t r64, r64b; uint32_t u32;
    printf("mixed %d %d %d %d\n",
           __builtin_add_overflow((int64_t)INT32_MAX, (int64_t)1, &r32),
           __builtin_mul_overflow((uint64_t)1 << 40, (uint64_t)1 << 23, &r64),
           __builtin_sub_overflow(0, 1, &u32), __builtin_mul_overflow(-1, INT64_MIN, &r64b));
    uint64_t h = FNV_INIT;
    rng_seed(99);
    int counts[6] = {0};
    for (int i = 0; i < 50000; i++) {
        int64_t a = (int64_t)rng_next() >> rng_below(63), b = (int64_t)rng_next() >> rng_below(63);
        int64_t s; uint64_t u;
        counts[0] += __builtin_add_overflow(a, b, &s); h = fnv_u64(h, (uint64_t)s);
        counts[1] += __builtin_mul_overflow(a, b, &s); h = fnv_u64(h, (uint64_t)s);
        counts[2] += __builtin_mul_overflow((uint64_t)a, (uint64_t)b, &u); h = fnv_u64(h, u);
        counts[3] += __builtin_sub_overflow((uint64_t)a, (uint64_t)b, &u); h = fnv_u64(h, u);
        int32_t x = (int32_t)a, y = (int32_t)b, z;
        counts[4] += __builtin_mul_overflow(x, y, &z); h = fnv_u64(h, (uint64_t)z);
        counts[5] += __builtin_add_overflow(x, y, &z); h = fnv_u64(h, (uint64_t)z);
    }
    printf("random: %d %d %d %d %d %d hash %016llx\n", counts[0], counts[1], counts[2], counts[3],
           counts[4], counts[5], (unsigned long long)h);
    return 0;
}
