/* Integer code as gcc compiles it: arithmetic, division edge cases, 128-bit products,
 * bit counts, shifts and rotates, sorting, hashing, string handling. */
#include "rt.h"

static volatile i64 vals[] = {0, 1, -1, 7, -7, 0x7fffffffffffffff, (i64)0x8000000000000000, 0x123456789abcdef,
                              0xffffffff, 0x80000000, 3, -3, 1000003, -65536};
#define N (sizeof vals / sizeof vals[0])

__attribute__((noinline)) static u64 fnv(const unsigned char *p, unsigned n) {
    u64 h = 0xcbf29ce484222325;
    for (unsigned i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3;
    return h;
}

__attribute__((noinline)) static u32 crc32(const unsigned char *p, unsigned n) {
    u32 c = ~0u;
    for (unsigned i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c;
}

__attribute__((noinline)) static void sort(i64 *a, int n) {
    for (int i = 1; i < n; i++) {
        i64 x = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > x) { a[j + 1] = a[j]; j--; }
        a[j + 1] = x;
    }
}

int main(void) {
    u64 acc = 0;
    for (unsigned i = 0; i < N; i++) {
        for (unsigned j = 0; j < N; j++) {
            i64 a = vals[i], b = vals[j];
            u64 ua = a, ub = b;
            acc = acc * 31 + (u64)(a + b) + (u64)(a - b) + (u64)(a * b);
            acc = acc * 31 + (b ? (u64)(a / b) : 0) + (b ? (u64)(a % b) : 0);
            acc = acc * 31 + (ub ? ua / ub : 0) + (ub ? ua % ub : 0);
            acc = acc * 31 + (u64)((i32)a / ((i32)b ? (i32)b : 1)) + (u64)((u32)a % ((u32)b ? (u32)b : 1));
            acc = acc * 31 + (u64)(((__int128)a * b) >> 64) + (u64)(((unsigned __int128)ua * ub) >> 64);
            acc = acc * 31 + (u64)(((__int128)a * (unsigned __int128)ub) >> 64);
            acc = acc * 31 + (ua << (b & 63)) + (ua >> (b & 63)) + (u64)(a >> (b & 63));
            acc = acc * 31 + (u64)(i32)((u32)a << (b & 31)) + (u64)(i32)((i32)a >> (b & 31));
            acc = acc * 31 + ((ua << (b & 63)) | (ua >> ((64 - b) & 63)));
            acc = acc * 31 + (a < b) + (ua < ub) * 2 + (a == b) * 4 + (ua > ub) * 8;
            acc = acc * 31 + (u64)(a < b ? a : b) + (ua > ub ? ua : ub);
        }
        u64 ua = vals[i];
        acc = acc * 31 + (ua ? __builtin_clzl(ua) : 64) + (ua ? __builtin_ctzl(ua) : 64) + __builtin_popcountl(ua);
        acc = acc * 31 + ((u32)ua ? __builtin_clz((u32)ua) : 32) + __builtin_popcount((u32)ua);
        acc = acc * 31 + __builtin_bswap64(ua) + (u64)(signed char)ua + (u64)(short)ua + (unsigned short)ua;
        acc = acc * 31 + (ua & 0xffffffff) * 8 + ((ua & 0xffffffff) << 3) + (ua & ~(1ul << (i & 63)));
        out("mix", acc);
    }
    i64 arr[64];
    u64 s = 0x9e3779b97f4a7c15;
    for (int i = 0; i < 64; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        arr[i] = (i64)s >> (s & 31);
    }
    sort(arr, 64);
    for (int i = 0; i < 64; i += 8) out("sorted", (u64)arr[i]);
    unsigned char text[] = "The quick brown fox jumps over the lazy dog, 0123456789 times.";
    out("fnv", fnv(text, sizeof text - 1));
    out("crc32", crc32(text, sizeof text - 1));
    unsigned len = 0;
    while (text[len]) len++;
    out("len", len);
    return (int)(acc & 0x3f);
}
