// crossrun-test: compare=native
/* memcpy/memmove/memset/memcmp/memchr/memrchr against simple reference
 * implementations, over every source and destination alignment 0..63 and
 * every length 0..300 (alignment pairs are rotated per length so the run
 * stays short), plus page-boundary cases next to a PROT_NONE guard page.
 * Prints FNV checksums of the results and any mismatch. */
#define _GNU_SOURCE
#include "common.h"
#include <sys/mman.h>
#include <unistd.h>

#define MAXLEN 300
#define BUFSZ (MAXLEN + 64 * 2 + 64)
static unsigned char src[BUFSZ], dst[BUFSZ], ref[BUFSZ];
static int mismatches;

static void ref_memmove(unsigned char *d, const unsigned char *s, size_t n)
{
    if (d < s) for (size_t i = 0; i < n; i++) d[i] = s[i];
    else for (size_t i = n; i-- > 0;) d[i] = s[i];
}
static int sign(int x) { return (x > 0) - (x < 0); }
static int ref_memcmp(const unsigned char *a, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
static unsigned char pool[8192];
/* Cheap deterministic fill: a window of a random pool chosen by seed. */
static void fill(unsigned char *b, size_t n, uint64_t seed)
{
    const unsigned char *p = pool + (seed * 2654435761u) % (sizeof pool - BUFSZ);
    for (size_t i = 0; i < n; i++) b[i] = p[i];
}
static void fail(const char *fn, size_t sa, size_t da, size_t len)
{
    if (mismatches++ < 20) printf("MISMATCH %s src_align=%zu dst_align=%zu len=%zu\n", fn, sa, da, len);
}

int main(void)
{
    uint64_t h[6] = {FNV_INIT, FNV_INIT, FNV_INIT, FNV_INIT, FNV_INIT, FNV_INIT};
    rng_seed(1);
    for (size_t i = 0; i < sizeof pool; i++) pool[i] = (unsigned char)(rng_next() >> 56);
    for (size_t len = 0; len <= MAXLEN; len++)
        for (size_t sa = 0; sa < 64; sa++) {
            const size_t W = len + 64 + 64; /* bytes that can be touched; only these are filled/compared */
            size_t da = (sa * 37 + len * 11) % 64; /* every (len, sa) pair; da sweeps all values too */
            fill(src, W + 64, len * 64 + sa);
            fill(dst, W, len + 1);
            memcpy(ref, dst, W);
            /* memcpy */
            memcpy(dst + da, src + sa, len);
            for (size_t i = 0; i < len; i++) ref[da + i] = src[sa + i];
            if (memcmp(dst, ref, W)) fail("memcpy", sa, da, len);
            h[0] = fnv1a(dst + da, len, h[0]);
            /* memmove, overlapping both ways inside one buffer */
            size_t a = 64 + sa, b = 64 + da - (len % 23);
            memmove(src + b, src + a, len);
            h[1] = fnv1a(src + b, len, h[1]);
            unsigned char tmp[BUFSZ];
            fill(tmp, W + 64, len * 64 + sa);
            ref_memmove(tmp + b, tmp + a, len);
            if (memcmp(tmp, src, W + 64)) fail("memmove", a, b, len);
            /* memset */
            int c = (int)(len * 7 + sa) & 0xff;
            memset(dst + da, c, len);
            for (size_t i = 0; i < len; i++) ref[da + i] = (unsigned char)c;
            if (memcmp(dst, ref, W)) fail("memset", sa, da, len);
            /* memcmp: equal, then a difference at a varying position */
            memcpy(dst + da, src + sa, len);
            int r0 = memcmp(dst + da, src + sa, len);
            int r1 = 0;
            if (len) {
                size_t pos = (sa * 13 + len) % len;
                dst[da + pos] ^= (unsigned char)(1 + (sa & 0x7f));
                r1 = memcmp(dst + da, src + sa, len);
                if (sign(r1) != ref_memcmp(dst + da, src + sa, len)) fail("memcmp", sa, da, len);
            }
            if (r0 != 0) fail("memcmp-eq", sa, da, len);
            h[2] = fnv_u64(h[2], (uint64_t)(sign(r0) + 2 * sign(r1)));
            /* memchr / memrchr for a byte that is present at a chosen spot and one that is absent */
            if (len) {
                unsigned char *p = src + sa;
                size_t pos = (sa * 5 + len * 3) % len;
                for (size_t i = 0; i < len; i++) if (p[i] == 0xa5) p[i] = 0x5a;
                p[pos] = 0xa5;
                unsigned char *f = memchr(p, 0xa5, len), *fr = memrchr(p, 0xa5, len);
                if (f != p + pos || fr != p + pos) fail("memchr", sa, da, len);
                if (memchr(p, 0xa5, pos) != NULL) fail("memchr-short", sa, da, len);
                unsigned char want = p[len - 1];
                size_t first = 0;
                while (p[first] != want) first++;
                if (memchr(p, want, len) != p + first) fail("memchr2", sa, da, len);
                h[3] = fnv_u64(h[3], (uint64_t)first);
                size_t last = len - 1;
                unsigned char w0 = p[0];
                while (p[last] != w0) last--;
                if (memrchr(p, w0, len) != p + last) fail("memrchr", sa, da, len);
                h[4] = fnv_u64(h[4], (uint64_t)last);
            }
        }
    /* page boundary: data ends exactly at a PROT_NONE page */
    long pg = sysconf(_SC_PAGESIZE);
    unsigned char *map = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED) { printf("mmap failed\n"); return 1; }
    mprotect(map + pg, (size_t)pg, PROT_NONE);
    for (size_t len = 0; len <= 100; len++) {
        unsigned char *end = map + pg;
        unsigned char *p = end - len;
        memset(p, 'x', len);
        if (len) p[len - 1] = 'y';
        h[5] = fnv_u64(h[5], (uint64_t)(memchr(p, 'y', len) ? (size_t)((unsigned char *)memchr(p, 'y', len) - p) : 999));
        h[5] = fnv_u64(h[5], (uint64_t)(memrchr(p, 'x', len) ? (size_t)((unsigned char *)memrchr(p, 'x', len) - p) : 999));
        unsigned char cpy[128];
        memcpy(cpy, p, len);
        h[5] = fnv_u64(h[5], (uint64_t)sign(memcmp(cpy, p, len)));
        memmove(p + (len > 0), p, len ? len - 1 : 0);
        h[5] = fnv1a(p, len, h[5]);
    }
    printf("memcpy %016llx\nmemmove %016llx\nmemcmp %016llx\nmemchr %016llx\nmemrchr %016llx\npage %016llx\n",
           (unsigned long long)h[0], (unsigned long long)h[1], (unsigned long long)h[2], (unsigned long long)h[3],
           (unsigned long long)h[4], (unsigned long long)h[5]);
    printf("mismatches %d\n", mismatches);
    return mismatches != 0;
}
