// crossrun-test: variants=all compare=native
/* clz/ctz/popcount/parity/bswap and bit reversal over many values.
 * On aarch64 the rbit/cls/rev16 instructions are also run through inline
 * asm and checked against the portable C model; the printed output is the
 * same on every architecture unless an instruction misbehaves. */
#include "common.h"

static uint64_t rbit64_c(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 64; i++) { r = (r << 1) | (x & 1); x >>= 1; }
    return r;
}
static uint32_t rbit32_c(uint32_t x) { return (uint32_t)(rbit64_c(x) >> 32); }
__attribute__((unused)) static int cls64_c(int64_t x)
{
    int n = 0;
    uint64_t u = (uint64_t)x;
    int top = (int)(u >> 63);
    for (int i = 62; i >= 0 && (int)((u >> i) & 1) == top; i--) n++;
    return n;
}

static int mismatches;
static void check(const char *what, uint64_t a, uint64_t b, uint64_t x)
{
    if (a != b) { mismatches++; printf("MISMATCH %s x=%016llx asm=%llx c=%llx\n", what,
                                       (unsigned long long)x, (unsigned long long)a, (unsigned long long)b); }
}

static void arch_checks(uint64_t x)
{
#if defined(__aarch64__)
    uint64_t r64; uint32_t r32; uint64_t cl; uint64_t rv16; uint32_t x32 = (uint32_t)x;
    __asm__("rbit %0, %1" : "=r"(r64) : "r"(x));
    __asm__("rbit %w0, %w1" : "=r"(r32) : "r"(x32));
    __asm__("cls %0, %1" : "=r"(cl) : "r"(x));
    __asm__("rev16 %0, %1" : "=r"(rv16) : "r"(x));
    check("rbit64", r64, rbit64_c(x), x);
    check("rbit32", r32, rbit32_c(x32), x);
    check("cls64", cl, (uint64_t)cls64_c((int64_t)x), x);
    uint64_t e = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t h = (x >> (16 * i)) & 0xffff;
        e |= (((h & 0xff) << 8) | (h >> 8)) << (16 * i);
    }
    check("rev16", rv16, e, x);
#else
    (void)x; (void)check;
#endif
}

int main(void)
{
    uint64_t vals[] = {0, 1, 2, 3, 0x80, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xffffffff,
                       0x100000000ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
                       0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x5555555555555555ULL,
                       0x00f000000000f000ULL};
    int nv = sizeof vals / sizeof vals[0];
    for (int i = 0; i < nv; i++) {
        uint64_t x = vals[i];
        uint32_t x32 = (uint32_t)x;
        printf("%016llx clz64=%d ctz64=%d pop64=%d par64=%d clz32=%d ctz32=%d pop32=%d "
               "bswap64=%016llx bswap32=%08x bswap16=%04x rbit64=%016llx rbit32=%08x clrsb=%d\n",
               (unsigned long long)x,
               x ? __builtin_clzll(x) : 64, x ? __builtin_ctzll(x) : 64,
               __builtin_popcountll(x), __builtin_parityll(x),
               x32 ? __builtin_clz(x32) : 32, x32 ? __builtin_ctz(x32) : 32,
               __builtin_popcount(x32),
               (unsigned long long)__builtin_bswap64(x), __builtin_bswap32(x32),
               __builtin_bswap16((uint16_t)x), (unsigned long long)rbit64_c(x), rbit32_c(x32),
               __builtin_clrsbll((long long)x));
        arch_checks(x);
    }
    /* Fold many pseudo-random values into a hash. */
    uint64_t h = FNV_INIT;
    rng_seed(12345);
    for (int i = 0; i < 20000; i++) {
        uint64_t x = rng_next() >> rng_below(64);
        uint32_t y = (uint32_t)rng_next() >> rng_below(32);
        h = fnv_u64(h, x ? (uint64_t)__builtin_clzll(x) : 64);
        h = fnv_u64(h, x ? (uint64_t)__builtin_ctzll(x) : 64);
        h = fnv_u64(h, (uint64_t)__builtin_popcountll(x));
        h = fnv_u64(h, y ? (uint64_t)__builtin_clz(y) : 32);
        h = fnv_u64(h, (uint64_t)__builtin_popcount(y));
        h = fnv_u64(h, __builtin_bswap64(x) ^ __builtin_bswap32(y));
        h = fnv_u64(h, (uint64_t)__builtin_ffsll((long long)x));
        h = fnv_u64(h, (uint64_t)__builtin_clrsb((int)y));
        if (i < 2000) arch_checks(x);
    }
    printf("hash %016llx mismatches %d\n", (unsigned long long)h, mismatches);
    return 0;
}
