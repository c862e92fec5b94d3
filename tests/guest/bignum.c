// crossrun-test: compare=native arch=aarch64,riscv64
/* Arbitrary-precision arithmetic on 32-bit limbs: 200!, 2^1000, Fibonacci
 * F(2000), digits of pi by a spigot algorithm, and modular exponentiation
 * with a 128-bit intermediate (UMULH paths). */
#include "common.h"

typedef struct { uint32_t d[800]; int n; } big;
static void big_set(big *a, uint32_t v) { memset(a, 0, sizeof *a); a->d[0] = v; a->n = 1; }
static void big_mul_small(big *a, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < a->n; i++) { uint64_t t = (uint64_t)a->d[i] * m + carry; a->d[i] = (uint32_t)t; carry = t >> 32; }
    if (carry) a->d[a->n++] = (uint32_t)carry;
}
static void big_add(big *r, const big *a, const big *b)
{
    uint64_t carry = 0;
    int n = a->n > b->n ? a->n : b->n;
    for (int i = 0; i < n; i++) {
        uint64_t t = (uint64_t)(i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0) + carry;
        r->d[i] = (uint32_t)t; carry = t >> 32;
    }
    r->n = n;
    if (carry) r->d[r->n++] = (uint32_t)carry;
}
static uint32_t big_divmod_small(big *a, uint32_t m)
{
    uint64_t rem = 0;
    for (int i = a->n - 1; i >= 0; i--) { uint64_t cur = (rem << 32) | a->d[i]; a->d[i] = (uint32_t)(cur / m); rem = cur % m; }
    while (a->n > 1 && a->d[a->n - 1] == 0) a->n--;
    return (uint32_t)rem;
}
static void big_print(const char *label, const big *x)
{
    big t = *x;
    static char digits[8000];
    int nd = 0;
    while (!(t.n == 1 && t.d[0] == 0)) {
        uint32_t r = big_divmod_small(&t, 1000000000u);
        for (int k = 0; k < 9; k++) { digits[nd++] = (char)('0' + r % 10); r /= 10; }
    }
    while (nd > 1 && digits[nd - 1] == '0') nd--;
    if (nd == 0) digits[nd++] = '0';
    uint64_t h = FNV_INIT;
    printf("%s: %d digits, leading ", label, nd);
    for (int i = nd - 1; i >= 0 && i >= nd - 30; i--) putchar(digits[i]);
    for (int i = nd - 1; i >= 0; i--) h = fnv1a(&digits[i], 1, h);
    printf(" ... trailing ");
    for (int i = (nd < 10 ? nd : 10) - 1; i >= 0; i--) putchar(digits[i]);
    printf(" hash %016llx\n", (unsigned long long)h);
}
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m) { return (uint64_t)((unsigned __int128)a * b % m); }
static uint64_t powmod(uint64_t b, uint64_t e, uint64_t m)
{
    uint64_t r = 1;
    b %= m;
    while (e) { if (e & 1) r = mulmod(r, b, m); b = mulmod(b, b, m); e >>= 1; }
    return r;
}

int main(void)
{
    static big a, b, c;
    big_set(&a, 1);
    for (uint32_t i = 2; i <= 200; i++) big_mul_small(&a, i);
    big_print("200!", &a);
    big_set(&a, 1);
    for (int i = 0; i < 1000; i++) big_mul_small(&a, 2);
    big_print("2^1000", &a);
    big_set(&a, 0); big_set(&b, 1);
    for (int i = 0; i < 2000; i++) { big_add(&c, &a, &b); a = b; b = c; }
    big_print("F(2000)", &a);
    /* pi spigot (Rabinowitz-Wagon), 300 digits */
    enum { ND = 300, LEN = ND * 10 / 3 + 1 };
    static int arr[LEN];
    for (int i = 0; i < LEN; i++) arr[i] = 2;
    char pi[ND + 10];
    int np = 0, nines = 0, predigit = 0;
    for (int j = 0; j < ND; j++) {
        int q = 0;
        for (int i = LEN; i > 0; i--) {
            int x = 10 * arr[i - 1] + q * i;
            arr[i - 1] = x % (2 * i - 1);
            q = x / (2 * i - 1);
        }
        arr[0] = q % 10;
        q /= 10;
        if (q == 9) nines++;
        else if (q == 10) {
            pi[np++] = (char)('0' + predigit + 1);
            for (int k = 0; k < nines; k++) pi[np++] = '0';
            predigit = 0; nines = 0;
        } else {
            if (j) pi[np++] = (char)('0' + predigit);
            predigit = q;
            for (int k = 0; k < nines; k++) pi[np++] = '9';
            nines = 0;
        }
    }
    pi[np] = 0;
    printf("pi: %.60s... (%d digits) hash %016llx\n", pi, np, (unsigned long long)fnv1a(pi, (size_t)np, FNV_INIT));
    uint64_t primes[] = {1000000007ULL, 998244353ULL, 18446744073709551557ULL, 9223372036854775783ULL};
    for (int i = 0; i < 4; i++) {
        uint64_t p = primes[i];
        printf("powmod p=%llu: 3^(p-1)=%llu 7^12345=%llu\n", (unsigned long long)p, (unsigned long long)powmod(3, p - 1, p),
               (unsigned long long)powmod(7, 12345, p));
    }
    return 0;
}
