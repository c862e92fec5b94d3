// crossrun-test: variants=all compare=native ldflags=-latomic arch=aarch64,riscv64
/* __atomic builtins on 1, 2, 4, 8 and 16-byte objects: load/store,
 * exchange, compare_exchange (strong and weak, success and failure),
 * fetch_add/sub/and/or/xor/nand, add_fetch..., test_and_set, fences.
 * With -march=armv8-a (built with -mno-outline-atomics) these compile to
 * LDXR/STXR (LDAXR/STLXR) loops; with +lse to CAS/SWP/LDADD/LDCLR/LDSET/
 * LDEOR. 16-byte CAS uses LDXP/STXP or CASP via __sync, and libatomic for
 * the __atomic forms. (Multi-threaded contention is in threads.c.) */
#include "common.h"

#define TEST_TYPE(T, NAME)                                                                             \
    static uint64_t test_##NAME(uint64_t seed)                                                        \
    {                                                                                                 \
        static T v;                                                                                   \
        uint64_t h = FNV_INIT;                                                                        \
        rng_seed(seed);                                                                               \
        __atomic_store_n(&v, (T)rng_next(), __ATOMIC_SEQ_CST);                                        \
        for (int i = 0; i < 2000; i++) {                                                              \
            T x = (T)rng_next(), old, exp;                                                            \
            switch (i % 13) {                                                                         \
            case 0: old = __atomic_fetch_add(&v, x, __ATOMIC_RELAXED); break;                         \
            case 1: old = __atomic_fetch_sub(&v, x, __ATOMIC_ACQUIRE); break;                         \
            case 2: old = __atomic_fetch_and(&v, x | (T)0x5, __ATOMIC_RELEASE); break;                \
            case 3: old = __atomic_fetch_or(&v, x & (T)0x30, __ATOMIC_ACQ_REL); break;                \
            case 4: old = __atomic_fetch_xor(&v, x, __ATOMIC_SEQ_CST); break;                         \
            case 5: old = __atomic_fetch_nand(&v, x, __ATOMIC_SEQ_CST); break;                        \
            case 6: old = __atomic_exchange_n(&v, x, __ATOMIC_ACQ_REL); break;                        \
            case 7: exp = __atomic_load_n(&v, __ATOMIC_ACQUIRE);                                      \
                old = (T)__atomic_compare_exchange_n(&v, &exp, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED); \
                old = (T)(old + exp); break;                                                          \
            case 8: exp = (T)(x ^ 1);                                                                 \
                old = (T)__atomic_compare_exchange_n(&v, &exp, x, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); \
                old = (T)(old * 3 + exp); break;                                                      \
            case 9: exp = __atomic_load_n(&v, __ATOMIC_RELAXED);                                      \
                while (!__atomic_compare_exchange_n(&v, &exp, (T)(exp * 3 + 1), 1, __ATOMIC_ACQ_REL,    \
                                                    __ATOMIC_ACQUIRE)) {}                             \
                old = exp; break;                                                                     \
            case 10: old = __atomic_add_fetch(&v, x, __ATOMIC_SEQ_CST); break;                         \
            case 11: old = __atomic_xor_fetch(&v, x, __ATOMIC_RELEASE); break;                         \
            default: __atomic_store_n(&v, x, __ATOMIC_RELEASE); old = __atomic_load_n(&v, __ATOMIC_SEQ_CST); break; \
            }                                                                                         \
            __atomic_thread_fence(__ATOMIC_SEQ_CST);                                                  \
            h = fnv_u64(h, (uint64_t)old);                                                            \
            h = fnv_u64(h, (uint64_t)__atomic_load_n(&v, __ATOMIC_RELAXED));                          \
        }                                                                                             \
        return h;                                                                                     \
    }
TEST_TYPE(uint8_t, u8)
TEST_TYPE(uint16_t, u16)
TEST_TYPE(uint32_t, u32)
TEST_TYPE(uint64_t, u64)

typedef unsigned __int128 u128;
static u128 cas16(u128 *p, u128 expected, u128 desired)
{
#if defined(__aarch64__)
    return __sync_val_compare_and_swap(p, expected, desired); /* inline LDXP/STXP or CASP */
#else
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
#endif
}

int main(void)
{
    printf("u8 %016llx\n", (unsigned long long)test_u8(1));
    printf("u16 %016llx\n", (unsigned long long)test_u16(2));
    printf("u32 %016llx\n", (unsigned long long)test_u32(3));
    printf("u64 %016llx\n", (unsigned long long)test_u64(4));
    static u128 q;
    uint64_t h = FNV_INIT;
    rng_seed(5);
    for (int i = 0; i < 500; i++) {
        u128 x = ((u128)rng_next() << 64) | rng_next();
        u128 cur = __atomic_load_n(&q, __ATOMIC_SEQ_CST);
        u128 got = cas16(&q, i % 3 ? cur : cur + 1, x);
        h = fnv_u64(fnv_u64(h, (uint64_t)got), (uint64_t)(got >> 64));
        u128 prev = __atomic_exchange_n(&q, x ^ cur, __ATOMIC_SEQ_CST);
        u128 added = __atomic_fetch_add(&q, x, __ATOMIC_SEQ_CST);
        h = fnv_u64(fnv_u64(h, (uint64_t)prev), (uint64_t)(added >> 64));
        __atomic_store_n(&q, __atomic_load_n(&q, __ATOMIC_SEQ_CST) >> 1, __ATOMIC_SEQ_CST);
    }
    printf("u128 %016llx final %016llx%016llx\n", (unsigned long long)h, (unsigned long long)(q >> 64),
           (unsigned long long)q);
    static volatile char flag;
    int a = __atomic_test_and_set(&flag, __ATOMIC_ACQUIRE);
    int b = __atomic_test_and_set(&flag, __ATOMIC_ACQUIRE);
    __atomic_clear(&flag, __ATOMIC_RELEASE);
    int c = __atomic_test_and_set(&flag, __ATOMIC_ACQUIRE);
    /* Only word sizes: whether bytes and halfwords are always lock-free is the
     * compiler's answer for the target (gcc 12 says no for riscv64's LR/SC loops). */
    printf("test_and_set %d %d %d lock-free 4:%d 8:%d\n", a, b, c, __atomic_always_lock_free(4, 0),
           __atomic_always_lock_free(8, 0));
    /* __sync builtins */
    static int s = 10;
    int r1 = __sync_fetch_and_add(&s, 5);
    int r2 = __sync_sub_and_fetch(&s, 3);
    int r3 = __sync_bool_compare_and_swap(&s, 12, 100);
    int r4 = __sync_lock_test_and_set(&s, 7);
    __sync_synchronize();
    printf("sync %d %d %d %d %d\n", r1, r2, r3, r4, s);
    return 0;
}
