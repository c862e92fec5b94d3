// crossrun-test: compare=native
/* Deep recursion and large stack frames: the initial stack must be big
 * enough (8 MiB rlimit default) and grow on demand. Ackermann, recursive
 * flood fill, mutual recursion, alloca and a VLA of 1 MiB. */
#include "common.h"
#include <alloca.h>

static int ack(int m, int n) { return m == 0 ? n + 1 : n == 0 ? ack(m - 1, 1) : ack(m - 1, ack(m, n - 1)); }
__attribute__((noinline)) static long deep(long n)
{
    volatile char frame[256];
    frame[n % 256] = (char)n;
    if (n == 0) return 0;
    return deep(n - 1) + frame[n % 256];
}
static int is_even(unsigned n);
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
#define W 120
static char grid[W][W];
static int fill(int x, int y)
{
    if (x < 0 || y < 0 || x >= W || y >= W || grid[y][x] != '.') return 0;
    grid[y][x] = '#';
    return 1 + fill(x + 1, y) + fill(x - 1, y) + fill(x, y + 1) + fill(x, y - 1);
}
__attribute__((noinline)) static uint64_t big_frame(int n)
{
    char vla[n];
    for (int i = 0; i < n; i++) vla[i] = (char)(i * 13);
    char *a = alloca(200000);
    memset(a, 1, 200000);
    return fnv1a(vla, (size_t)n, FNV_INIT) + (uint64_t)a[199999];
}

int main(void)
{
    printf("ack(2,300)=%d ack(3,5)=%d\n", ack(2, 300), ack(3, 5));
    printf("deep(20000)=%ld\n", deep(20000));
    printf("is_even(100001)=%d\n", is_even(100001));
    for (int y = 0; y < W; y++)
        for (int x = 0; x < W; x++) grid[y][x] = ((x * 7 + y * 3) % 11 == 0 && x % 5) ? 'X' : '.';
    printf("flood fill cells=%d\n", fill(0, 0));
    printf("big frame hash %016llx\n", (unsigned long long)big_frame(1 << 20));
    return 0;
}
