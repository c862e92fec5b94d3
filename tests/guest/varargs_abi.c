// crossrun-test: variants=all compare=native
/* Calling-convention heavy code: variadic functions mixing int, long,
 * double and pointer arguments beyond the register count (va_list on
 * AAPCS64 has separate GP/FP save areas), structs passed and returned by
 * value (small, large via memory, homogeneous float aggregates), many
 * arguments, function pointers and vsnprintf forwarding. */
#include "common.h"
#include <stdarg.h>

struct small { int a; short b; char c; };
struct large { long v[6]; };
struct hfa { double x, y, z; };
struct hfa4f { float a, b, c, d; };

static double sum_mixed(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
        int kind = va_arg(ap, int);
        if (kind == 0) s += va_arg(ap, int);
        else if (kind == 1) s += (double)va_arg(ap, long long);
        else if (kind == 2) s += va_arg(ap, double);
        else s += (double)strlen(va_arg(ap, const char *));
    }
    va_end(ap);
    return s;
}
static long sum_copy(int n, ...)
{
    va_list ap, ap2;
    va_start(ap, n);
    va_copy(ap2, ap);
    long a = 0, b = 0;
    for (int i = 0; i < n; i++) a += va_arg(ap, long);
    for (int i = 0; i < n; i++) b += va_arg(ap2, long) * (i + 1);
    va_end(ap);
    va_end(ap2);
    return a * 1000 + b;
}
static int fmt(char *buf, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    int r = vsnprintf(buf, n, f, ap);
    va_end(ap);
    return r;
}
__attribute__((noinline)) static struct small mk_small(int a) { struct small s = {a, (short)(a * 2), (char)(a + 1)}; return s; }
__attribute__((noinline)) static struct large mk_large(long base)
{
    struct large l;
    for (int i = 0; i < 6; i++) l.v[i] = base * (i + 1);
    return l;
}
__attribute__((noinline)) static struct hfa scale(struct hfa h, double k) { h.x *= k; h.y *= k; h.z *= k; return h; }
__attribute__((noinline)) static struct hfa4f addf(struct hfa4f a, struct hfa4f b)
{
    struct hfa4f r = {a.a + b.a, a.b + b.b, a.c + b.c, a.d + b.d};
    return r;
}
__attribute__((noinline)) static long many(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j,
                                           double x1, double x2, double x3, double x4, double x5, double x6,
                                           double x7, double x8, double x9, float x10, struct large big, struct small sm)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j +
           (long)(x1 + x2 * 2 + x3 * 3 + x4 * 4 + x5 * 5 + x6 * 6 + x7 * 7 + x8 * 8 + x9 * 9 + x10 * 10) +
           big.v[5] + sm.a + sm.b + sm.c;
}
static long apply(long (*f)(long, long), long a, long b) { return f(a, b); }
static long f_add(long a, long b) { return a + b; }
static long f_mul(long a, long b) { return a * b; }

int main(void)
{
    printf("sum_mixed %.17g\n", sum_mixed(12, 0, 1, 1, 1LL << 40, 2, 0.5, 3, "hello", 0, -7, 2, 1e10, 1, -3LL, 2, 0.25,
                                          0, 100, 2, -2.5, 3, "", 2, 3.0));
    printf("sum_copy %ld\n", sum_copy(11, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L));
    char buf[200];
    int r = fmt(buf, sizeof buf, "%d|%s|%.3f|%c|%lld|%x|%e|%p", -5, "str", 3.14159, 'Z', -1234567890123LL, 0xbeefu, 6.02e23, (void *)0);
    printf("vsnprintf %d [%s]\n", r, buf);
    struct small s = mk_small(41);
    printf("small %d %d %d\n", s.a, s.b, s.c);
    struct large l = mk_large(-3);
    printf("large %ld %ld %ld\n", l.v[0], l.v[3], l.v[5]);
    struct hfa h = scale((struct hfa){1.5, -2.0, 1e-3}, 4.0);
    printf("hfa %.17g %.17g %.17g\n", h.x, h.y, h.z);
    struct hfa4f q = addf((struct hfa4f){1, 2, 3, 4}, (struct hfa4f){0.5f, 0.25f, 0.125f, 1e7f});
    printf("hfa4f %.9g %.9g %.9g %.9g\n", q.a, q.b, q.c, q.d);
    printf("many %ld\n", many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5f, l, s));
    long (*fs[])(long, long) = {f_add, f_mul};
    printf("fnptr %ld %ld\n", apply(fs[0], 6, 7), apply(fs[1], 6, 7));
    return 0;
}
