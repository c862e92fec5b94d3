/* qsort with a function-pointer comparator on structs. arg: element count (thousands) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
struct r { uint32_t k; uint32_t v; double d; };
static int cmp(const void *a, const void *b)
{
    const struct r *x = a, *y = b;
    if (x->k != y->k) return x->k < y->k ? -1 : 1;
    return (x->d > y->d) - (x->d < y->d);
}
int main(int argc, char **argv)
{
    long n = (argc > 1 ? atol(argv[1]) : 2000) * 1000;
    struct r *a = malloc(sizeof *a * (size_t)n);
    uint64_t s = 88172645463325252ULL;
    for (long i = 0; i < n; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; a[i].k = (uint32_t)(s % 100000); a[i].v = (uint32_t)i; a[i].d = (double)(s >> 11); }
    qsort(a, (size_t)n, sizeof *a, cmp);
    uint64_t h = 0;
    for (long i = 0; i < n; i += 997) h = h * 31 + a[i].v;
    printf("qsort %llu\n", (unsigned long long)h);
    return 0;
}
