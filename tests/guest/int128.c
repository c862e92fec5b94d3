// crossrun-test: compare=native arch=aarch64,riscv64
/* __int128 multiply/divide/modulo/shift (libgcc __divti3/__udivti3/__modti3,
 * MUL/UMULH/SMULH), and IEEE binary128 arithmetic through the soft-float
 * routines: 'long double' on aarch64 and riscv64 is binary128, on x86_64
 * we use __float128 so every build computes the same bits. */
#include "common.h"

typedef unsigned __int128 u128;
typedef __int128 i128;
#if __LDBL_MANT_DIG__ == 113
typedef long double quad;
#else
typedef __float128 quad;
#endif

static void pu128(const char *n, u128 v)
{
    printf("%s=%016llx%016llx ", n, (unsigned long long)(v >> 64), (unsigned long long)v);
}
static void pquad(const char *n, quad q)
{
    u128 b;
    memcpy(&b, &q, 16);
    pu128(n, b);
}
static char *u128_dec(u128 v, char *buf)
{
    char tmp[48];
    int n = 0;
    do { tmp[n++] = (char)('0' + (int)(v % 10)); v /= 10; } while (v);
    for (int i = 0; i < n; i++) buf[i] = tmp[n - 1 - i];
    buf[n] = 0;
    return buf;
}

int main(void)
{
    u128 vals[] = {0, 1, 3, 10, 0xffffffffffffffffULL, (u128)1 << 64, ((u128)1 << 127) - 1,
                   (u128)1 << 127, ~(u128)0, ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL,
                   (u128)0xdeadbeefULL << 96};
    int n = sizeof vals / sizeof vals[0];
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            u128 a = vals[i], b = vals[j];
            printf("%d,%d ", i, j);
            pu128("mul", a * b);
            pu128("add", a + b);
            pu128("sub", a - b);
            if (b) { pu128("udiv", a / b); pu128("umod", a % b); }
            i128 sa = (i128)a, sb = (i128)b;
            if (sb && !(sb == -1 && sa == (i128)((u128)1 << 127))) {
                pu128("sdiv", (u128)(sa / sb)); pu128("smod", (u128)(sa % sb));
            }
            printf("lt=%d slt=%d\n", a < b, sa < sb);
        }
    char buf[64];
    u128 f = 1;
    for (int i = 1; i <= 34; i++) f *= (u128)i;
    printf("34! = %s\n", u128_dec(f, buf));
    u128 h = 0;
    rng_seed(4242);
    for (int i = 0; i < 20000; i++) {
        u128 a = ((u128)rng_next() << 64) | rng_next();
        u128 b = ((u128)rng_next() << 64 | rng_next()) >> rng_below(128);
        unsigned s = rng_below(128);
        h ^= a * b;
        h = (h << 7) | (h >> 121);
        h += a >> s;
        h ^= (u128)((i128)a >> s);
        h += a << s;
        if (b) h ^= a / b + a % b;
        if (b) h += (u128)((i128)a / (i128)b) - (u128)((i128)a % (i128)b);
        uint64_t x = rng_next(), y = rng_next();
        h ^= (u128)x * y;
        h += (u128)((i128)(int64_t)x * (int64_t)y);
    }
    pu128("hash", h);
    printf("\n");
    /* conversions */
    double d[] = {0.0, 1.5, -2.75, 1e30, -1e30, 18446744073709551616.0, 1.7e38};
    for (unsigned i = 0; i < sizeof d / sizeof d[0]; i++)
        printf("dbl %g -> i128 %s%s u128lo %016llx\n", d[i], d[i] < 0 ? "-" : "",
               u128_dec(d[i] < 0 ? (u128)(-(i128)d[i]) : (u128)(i128)d[i], buf),
               d[i] >= 0 ? (unsigned long long)(u128)d[i] : 0ULL);
    printf("i128->dbl %.17g %.17g %.17g\n", (double)(i128)(((u128)1 << 100) + 12345),
           (double)(-(i128)((u128)3 << 90)), (double)(~(u128)0));

    /* binary128 */
    quad q1 = 1, q3 = 3, q10 = 10;
    quad third = q1 / q3;
    pquad("1/3", third); printf("\n");
    pquad("1/3*3", third * q3); printf("\n");
    pquad("0.1", q1 / q10); printf("\n");
    quad acc = 0;
    for (int i = 1; i <= 100; i++) acc += q1 / (quad)i;
    pquad("H100", acc); printf("\n");
    quad big = (quad)(u128)~(u128)0;
    pquad("2^128-1", big); printf("\n");
    pquad("prod", (quad)1.1 * (quad)2.2 - (quad)2.42); printf("\n");
    printf("q->d %.17g %.17g q->i %lld q cmp %d %d\n", (double)third, (double)acc,
           (long long)(acc * (quad)1000), third < (quad)0.33333334f, acc > (quad)5);
    i128 qi = (i128)(big / (quad)7);
    pu128("q->i128", (u128)qi); printf("\n");
    return 0;
}
