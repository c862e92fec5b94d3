// crossrun-test: compare=native
/* strlen/strnlen/strchr/strrchr/strcmp/strncmp/strcpy/stpcpy/strcat/
 * strstr/strspn/strcspn against reference implementations for every
 * string alignment 0..63 and lengths 0..300 (the second operand's
 * alignment is rotated), plus strings ending right before a PROT_NONE
 * page. Prints FNV checksums and mismatches. */
#define _GNU_SOURCE
#include "common.h"
#include <sys/mman.h>
#include <unistd.h>

#define MAXLEN 300
static char a[MAXLEN + 200], b[MAXLEN + 200], d[2 * MAXLEN + 200];
static int mismatches;
static void fail(const char *fn, size_t al, size_t len)
{
    if (mismatches++ < 20) printf("MISMATCH %s align=%zu len=%zu\n", fn, al, len);
}
static size_t r_strlen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }
static int r_strcmp(const char *x, const char *y)
{
    while (*x && *x == *y) { x++; y++; }
    return (unsigned char)*x < (unsigned char)*y ? -1 : (unsigned char)*x > (unsigned char)*y;
}
static int r_strncmp(const char *x, const char *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (x[i] != y[i]) return (unsigned char)x[i] < (unsigned char)y[i] ? -1 : 1;
        if (!x[i]) return 0;
    }
    return 0;
}
static const char *r_strchr(const char *s, int c)
{
    for (;; s++) { if (*s == (char)c) return s; if (!*s) return NULL; }
}
static const char *r_strrchr(const char *s, int c)
{
    const char *r = NULL;
    for (;; s++) { if (*s == (char)c) r = s; if (!*s) return r; }
}
static const char *r_strstr(const char *h, const char *n)
{
    size_t nl = r_strlen(n);
    for (; *h; h++) if (!r_strncmp(h, n, nl)) return h;
    return nl ? NULL : h;
}
static size_t r_strspn(const char *s, const char *acc)
{
    size_t i = 0;
    while (s[i] && r_strchr(acc, s[i])) i++;
    return i;
}
static size_t r_strcspn(const char *s, const char *rej)
{
    size_t i = 0;
    while (s[i] && !r_strchr(rej, s[i])) i++;
    return i;
}
static int sgn(int x) { return (x > 0) - (x < 0); }
static void make(char *s, size_t len, uint64_t seed)
{
    rng_seed(seed);
    for (size_t i = 0; i < len; i++) s[i] = (char)('a' + (rng_next() >> 60)); /* 16 letters */
    s[len] = 0;
}

int main(void)
{
    uint64_t h = FNV_INIT;
    for (size_t len = 0; len <= MAXLEN; len++)
        for (size_t al = 0; al < 64; al++) {
            size_t bl = (al * 29 + len) % 64;
            char *s = a + al, *t = b + bl;
            make(s, len, len * 100 + al);
            memcpy(t, s, len + 1);
            size_t n = strlen(s);
            if (n != len) fail("strlen", al, len);
            if (strnlen(s, len / 2) != len / 2 || strnlen(s, len + 5) != len) fail("strnlen", al, len);
            if (strcmp(s, t) != 0 || strncmp(s, t, len + 3) != 0) fail("strcmp-eq", al, len);
            if (len) {
                size_t pos = (al * 7 + len * 3) % len;
                t[pos] = (char)(t[pos] == 'z' ? 'A' : t[pos] + 1 + (char)(al % 3)); /* differ at pos */
                int r = strcmp(s, t);
                if (sgn(r) != r_strcmp(s, t)) fail("strcmp", al, len);
                size_t nn = (al * 3) % (len + 2);
                if (sgn(strncmp(s, t, nn)) != r_strncmp(s, t, nn)) fail("strncmp", al, len);
                h = fnv_u64(h, (uint64_t)(sgn(r) + 3));
                int ch = s[(al * 11) % len];
                if (strchr(s, ch) != r_strchr(s, ch) || strrchr(s, ch) != r_strrchr(s, ch)) fail("strchr", al, len);
                h = fnv_u64(h, (uint64_t)(strchr(s, ch) - s) * 1000 + (uint64_t)(strrchr(s, ch) - s));
                if (strchr(s, 'z') != r_strchr(s, 'z') || strchr(s, 0) != s + len) fail("strchr-miss", al, len);
                size_t nl = 1 + (al % 4);
                if (nl > len) nl = len;
                const char *needle = s + len - nl;
                char nbuf[8];
                memcpy(nbuf, needle, nl);
                nbuf[nl] = 0;
                if (strstr(s, nbuf) != r_strstr(s, nbuf)) fail("strstr", al, len);
                h = fnv_u64(h, (uint64_t)(strstr(s, nbuf) - s));
                const char *acc = "abcdefg";
                if (strspn(s, acc) != r_strspn(s, acc) || strcspn(s, "mnop") != r_strcspn(s, "mnop")) fail("strspn", al, len);
                h = fnv_u64(h, strspn(s, acc) * 1000 + strcspn(s, "mnop"));
            }
            /* copies */
            char *dd = d + (al * 5 + 3) % 64;
            memset(d, '#', sizeof d);
            char *e = stpcpy(dd, s);
            if (e != dd + len || strcmp(dd, s) || dd[len + 1] != '#') fail("stpcpy", al, len);
            memset(d, '#', sizeof d);
            if (strcpy(dd, s) != dd || strcmp(dd, s) || dd[len + 1] != '#') fail("strcpy", al, len);
            size_t half = len / 2;
            dd[half] = 0;
            strcat(dd, s + half);
            if (strcmp(dd, s) || dd[len + 1] != '#') fail("strcat", al, len);
            h = fnv1a(dd, len, h);
        }
    /* strings ending right before an unmapped page */
    long pg = sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    mprotect(map + pg, (size_t)pg, PROT_NONE);
    for (size_t len = 0; len < 130; len++) {
        char *s = map + pg - len - 1;
        make(s, len, len);
        h = fnv_u64(h, strlen(s));
        h = fnv_u64(h, strnlen(s, 1000));
        h = fnv_u64(h, (uint64_t)(strchr(s, 'q') ? strchr(s, 'q') - s : -1));
        h = fnv_u64(h, (uint64_t)(strrchr(s, 'a') ? strrchr(s, 'a') - s : -1));
        h = fnv_u64(h, (uint64_t)sgn(strcmp(s, s)) + strspn(s, "abcdefghijklmnop"));
        char cp[200];
        strcpy(cp, s);
        h = fnv_u64(h, (uint64_t)sgn(strcmp(cp, s)));
    }
    printf("hash %016llx mismatches %d\n", (unsigned long long)h, mismatches);
    return mismatches != 0;
}
