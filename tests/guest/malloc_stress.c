// crossrun-test: compare=native
/* malloc/calloc/realloc/free/posix_memalign/aligned_alloc stress with a
 * deterministic PRNG: thousands of live blocks of sizes from 0 to 1 MiB
 * (small, large/mmap'd, and brk growth), each filled with a pattern that is
 * verified before it is freed or resized. Prints only address-independent
 * facts (alignment, contents, counts). malloc's alignment is max_align_t's: 16
 * bytes on 64-bit targets and i386, 8 on 32-bit Arm. */
#include "common.h"
#include <stddef.h>
#include <malloc.h>

struct blk { unsigned char *p; size_t n; unsigned char tag; };

static size_t pick_size(void)
{
    uint32_t r = rng_below(100);
    if (r < 60) return rng_below(128);
    if (r < 90) return rng_below(4096);
    if (r < 98) return rng_below(65536);
    return 128 * 1024 + rng_below(1 << 19);
}
/* Blocks are painted fully up to 2 KiB, then sparsely (every 509th byte)
 * plus the last 64 bytes, which keeps the run short under slow emulators. */
static size_t next_i(size_t i, size_t n)
{
    if (i + 1 < 2048 || i + 64 >= n) return i + 1;
    return i + 509 < n - 64 ? i + 509 : n - 64;
}
static int check(struct blk *b)
{
    for (size_t i = 0; i < b->n; i = next_i(i, b->n)) if (b->p[i] != (unsigned char)(b->tag + i * 7)) return 0;
    return 1;
}
static void paint(struct blk *b)
{
    for (size_t i = 0; i < b->n; i = next_i(i, b->n)) b->p[i] = (unsigned char)(b->tag + i * 7);
}

int main(void)
{
    enum { SLOTS = 1000, OPS = 20000 };
    static struct blk s[SLOTS];
    rng_seed(555);
    long bad = 0, misaligned = 0, allocs = 0, frees = 0, reallocs = 0;
    unsigned long long bytes = 0;
    for (int op = 0; op < OPS; op++) {
        struct blk *b = &s[rng_below(SLOTS)];
        uint32_t what = rng_below(10);
        if (b->p && what < 4) {
            if (!check(b)) bad++;
            free(b->p); b->p = NULL; frees++;
        } else if (b->p && what < 7) {
            if (!check(b)) bad++;
            size_t nn = pick_size();
            unsigned char *np = realloc(b->p, nn ? nn : 1);
            if (!np) { printf("realloc failed\n"); return 1; }
            size_t keep = nn < b->n ? nn : b->n;
            b->p = np;
            /* realloc keeps the prefix; the first 2 KiB are always fully painted */
            for (size_t i = 0; i < keep && i < 2048; i++) if (np[i] != (unsigned char)(b->tag + i * 7)) { bad++; break; }
            b->n = nn; paint(b); reallocs++;
            if ((uintptr_t)np % _Alignof(max_align_t)) misaligned++;
        } else if (!b->p) {
            b->n = pick_size();
            b->tag = (unsigned char)rng_next();
            if (what == 9) {
                b->p = calloc(1, b->n ? b->n : 1);
                for (size_t i = 0; i < b->n; i = next_i(i, b->n)) if (b->p[i]) { bad++; break; }
            } else if (what == 8) {
                void *p = NULL;
                size_t al = (size_t)64 << rng_below(7);
                if (posix_memalign(&p, al, b->n ? b->n : 1)) { printf("posix_memalign failed\n"); return 1; }
                if ((uintptr_t)p % al) misaligned++;
                b->p = p;
            } else {
                b->p = malloc(b->n);
                if (!b->p && b->n) { printf("malloc failed\n"); return 1; }
                if (!b->p) b->p = malloc(1);
            }
            if ((uintptr_t)b->p % _Alignof(max_align_t)) misaligned++;
            paint(b);
            allocs++;
            bytes += b->n;
        }
    }
    for (int i = 0; i < SLOTS; i++) if (s[i].p) { if (!check(&s[i])) bad++; free(s[i].p); }
    void *a = aligned_alloc(4096, 8192);
    printf("aligned_alloc page aligned=%d\n", ((uintptr_t)a & 4095) == 0);
    free(a);
    /* a big block then shrink-in-place and grow */
    char *big = malloc(20 << 20);
    memset(big, 0x5a, 20 << 20);
    big = realloc(big, 1 << 20);
    int okbig = big[0] == 0x5a && big[(1 << 20) - 1] == 0x5a;
    big = realloc(big, 32 << 20);
    okbig &= big[(1 << 20) - 1] == 0x5a;
    big[(32 << 20) - 1] = 1;
    free(big);
    printf("allocs=%ld frees=%ld reallocs=%ld bytes=%llu bad=%ld misaligned=%ld big=%d\n", allocs, frees, reallocs,
           bytes, bad, misaligned, okbig);
    return bad != 0;
}
