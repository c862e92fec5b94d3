// crossrun-test: compare=native
/* qsort and bsearch on arrays of structs with multi-key comparators
 * called through function pointers; also qsort of ints/doubles/strings. */
#include "common.h"

struct rec { int key; unsigned short group; char name[12]; double score; };

static int by_group_then_key(const void *x, const void *y)
{
    const struct rec *a = x, *b = y;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return strcmp(a->name, b->name);
}
static int by_score_desc(const void *x, const void *y)
{
    const struct rec *a = x, *b = y;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->key - b->key;
}
static int by_key(const void *x, const void *y)
{
    int a = ((const struct rec *)x)->key, b = ((const struct rec *)y)->key;
    return (a > b) - (a < b);
}
static int cmp_int(const void *x, const void *y) { int a = *(const int *)x, b = *(const int *)y; return (a > b) - (a < b); }
static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

int main(void)
{
    enum { N = 3000 };
    static struct rec r[N];
    rng_seed(1234);
    for (int i = 0; i < N; i++) {
        r[i].key = (int)(i * 7919 % N) - N / 2;
        r[i].group = (unsigned short)rng_below(17);
        for (int k = 0; k < 11; k++) r[i].name[k] = (char)('a' + rng_below(26));
        r[i].name[11] = 0;
        r[i].score = (double)rng_below(100000) / 7.0;
    }
    int (*cmps[])(const void *, const void *) = {by_group_then_key, by_score_desc, by_key};
    const char *names[] = {"group,key", "score desc", "key"};
    for (int c = 0; c < 3; c++) {
        qsort(r, N, sizeof r[0], cmps[c]);
        int sorted = 1;
        for (int i = 1; i < N; i++) if (cmps[c](&r[i - 1], &r[i]) > 0) sorted = 0;
        uint64_t h = FNV_INIT;
        for (int i = 0; i < N; i++) h = fnv1a(&r[i].key, sizeof r[i].key, fnv1a(r[i].name, 12, h));
        printf("sort %-10s sorted=%d first=%d/%s last=%d/%s hash %016llx\n", names[c], sorted, r[0].key, r[0].name,
               r[N - 1].key, r[N - 1].name, (unsigned long long)h);
    }
    int found = 0, missing = 0;
    long possum = 0;
    for (int k = -N; k < N; k += 3) {
        struct rec probe = {.key = k};
        struct rec *p = bsearch(&probe, r, N, sizeof r[0], by_key);
        if (p) { found++; possum += p - r; if (p->key != k) printf("bsearch wrong\n"); }
        else missing++;
    }
    printf("bsearch found=%d missing=%d possum=%ld\n", found, missing, possum);
    static int ints[10000];
    for (int i = 0; i < 10000; i++) ints[i] = (int)(rng_next() >> 40) - (1 << 23);
    qsort(ints, 10000, sizeof(int), cmp_int);
    uint64_t h = fnv1a(ints, sizeof ints, FNV_INIT);
    printf("ints min=%d med=%d max=%d hash %016llx\n", ints[0], ints[5000], ints[9999], (unsigned long long)h);
    char *words[] = {"pear", "apple", "fig", "banana", "kiwi", "cherry", "date", "grape", "lemon", "mango", "apple", "Zebra", ""};
    int nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof(char *), cmp_str);
    for (int i = 0; i < nw; i++) printf("%s%s", i ? "," : "words: ", words[i]);
    printf("\n");
    char *key = "kiwi";
    char **w = bsearch(&key, words, nw, sizeof(char *), cmp_str);
    printf("bsearch kiwi -> index %ld\n", w ? (long)(w - words) : -1L);
    return 0;
}
