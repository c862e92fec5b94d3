// crossrun-test: compare=native
/* LZ77 + canonical Huffman compressor/decompressor written for this test,
 * run on generated text and binary data: prints compressed sizes, a hash
 * of the compressed stream, and whether the round trip is exact. */
#include "common.h"

#define WIN 4096
#define MINM 3
#define MAXM 258

typedef struct { uint8_t *buf; size_t cap, len; uint64_t acc; int nbits; } bw_t;
static void put_bits(bw_t *w, uint32_t v, int n)
{
    w->acc |= (uint64_t)v << w->nbits;
    w->nbits += n;
    while (w->nbits >= 8) { w->buf[w->len++] = (uint8_t)w->acc; w->acc >>= 8; w->nbits -= 8; }
}
static void flush_bits(bw_t *w) { if (w->nbits) put_bits(w, 0, 8 - w->nbits); }
typedef struct { const uint8_t *buf; size_t len, pos; uint64_t acc; int nbits; } br_t;
static uint32_t get_bits(br_t *r, int n)
{
    while (r->nbits < n) { r->acc |= (uint64_t)(r->pos < r->len ? r->buf[r->pos] : 0) << r->nbits; r->pos++; r->nbits += 8; }
    uint32_t v = (uint32_t)(r->acc & ((1ULL << n) - 1));
    r->acc >>= n; r->nbits -= n;
    return v;
}

/* symbols: 0..255 literal, 256 end, 257.. match length (len-MINM+257) */
#define NSYM (256 + 1 + (MAXM - MINM + 1))
static void build_lengths(const uint32_t *freq, int n, uint8_t *len)
{
    /* simple package-free method: repeated merging of two smallest (O(n^2) fine here) */
    int parent[2 * NSYM];
    uint64_t w[2 * NSYM];
    int alive[2 * NSYM], m = 0;
    for (int i = 0; i < n; i++) { len[i] = 0; if (freq[i]) { w[m] = freq[i]; alive[m] = 1; parent[m] = -1; m++; } }
    int idx[NSYM], c = 0;
    for (int i = 0; i < n; i++) if (freq[i]) idx[c++] = i;
    if (m == 1) { len[idx[0]] = 1; return; }
    int total = m;
    for (int round = 0; round < m - 1; round++) {
        int a = -1, b = -1;
        for (int i = 0; i < total; i++) if (alive[i]) {
            if (a < 0 || w[i] < w[a]) { b = a; a = i; }
            else if (b < 0 || w[i] < w[b]) b = i;
        }
        alive[a] = alive[b] = 0;
        w[total] = w[a] + w[b]; alive[total] = 1; parent[total] = -1;
        parent[a] = parent[b] = total;
        total++;
    }
    for (int i = 0; i < m; i++) { int d = 0; for (int p = i; parent[p] >= 0; p = parent[p]) d++; len[idx[i]] = (uint8_t)(d > 15 ? 15 : d); }
}
static void canon_codes(const uint8_t *len, int n, uint32_t *code)
{
    uint32_t next = 0;
    for (int l = 1; l <= 15; l++) { for (int i = 0; i < n; i++) if (len[i] == l) code[i] = next++; next <<= 1; }
}
static uint32_t rev(uint32_t c, int n) { uint32_t r = 0; for (int i = 0; i < n; i++) { r = (r << 1) | (c & 1); c >>= 1; } return r; }

static size_t compress(const uint8_t *in, size_t n, uint8_t *out)
{
    /* pass 1: LZ77 parse with a hash chain */
    static int head[1 << 14], prevp[1 << 20];
    static uint32_t toks[1 << 20];
    size_t nt = 0;
    for (int i = 0; i < (1 << 14); i++) head[i] = -1;
    for (size_t i = 0; i < n;) {
        int best = 0, bdist = 0;
        if (i + MINM <= n) {
            uint32_t h = ((in[i] << 6) ^ (in[i + 1] << 3) ^ in[i + 2]) & 0x3fff;
            int tries = 32;
            for (int p = head[h]; p >= 0 && (int)i - p <= WIN && tries--; p = prevp[p]) {
                int l = 0;
                while (l < MAXM && i + l < n && in[p + l] == in[i + l]) l++;
                if (l > best) { best = l; bdist = (int)i - p; }
            }
        }
        int adv = best >= MINM ? best : 1;
        if (best >= MINM) toks[nt++] = 0x80000000u | ((uint32_t)best << 16) | (uint32_t)bdist;
        else toks[nt++] = in[i];
        for (int k = 0; k < adv; k++, i++)
            if (i + MINM <= n) { uint32_t h = ((in[i] << 6) ^ (in[i + 1] << 3) ^ in[i + 2]) & 0x3fff; prevp[i] = head[h]; head[h] = (int)i; }
    }
    uint32_t freq[NSYM] = {0};
    for (size_t t = 0; t < nt; t++) freq[toks[t] >> 31 ? 257 + ((toks[t] >> 16 & 0x7fff) - MINM) : toks[t]]++;
    freq[256]++;
    uint8_t len[NSYM];
    uint32_t code[NSYM];
    build_lengths(freq, NSYM, len);
    canon_codes(len, NSYM, code);
    bw_t w = {out, 0, 0, 0, 0};
    for (int i = 0; i < NSYM; i++) put_bits(&w, len[i], 4);
    for (size_t t = 0; t < nt; t++) {
        uint32_t tk = toks[t];
        int sym = tk >> 31 ? 257 + (int)((tk >> 16 & 0x7fff) - MINM) : (int)tk;
        put_bits(&w, rev(code[sym], len[sym]), len[sym]);
        if (tk >> 31) put_bits(&w, tk & 0xffff, 12);
    }
    put_bits(&w, rev(code[256], len[256]), len[256]);
    flush_bits(&w);
    return w.len;
}
static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    br_t r = {in, n, 0, 0, 0};
    uint8_t len[NSYM];
    uint32_t code[NSYM];
    for (int i = 0; i < NSYM; i++) len[i] = (uint8_t)get_bits(&r, 4);
    canon_codes(len, NSYM, code);
    /* canonical decoding tables: per length the first code, count and offset into the sorted symbols */
    uint32_t first[16] = {0}, count[16] = {0}, offset[16] = {0};
    int sorted[NSYM], ns = 0;
    for (int l = 1; l <= 15; l++) {
        offset[l] = (uint32_t)ns;
        for (int i = 0; i < NSYM; i++) if (len[i] == l) { if (!count[l]) first[l] = code[i]; count[l]++; sorted[ns++] = i; }
    }
    size_t o = 0;
    for (;;) {
        uint32_t c = 0;
        int l = 0, sym = -1;
        while (sym < 0 && l < 15) {
            c = (c << 1) | get_bits(&r, 1);
            l++;
            if (count[l] && c - first[l] < count[l]) sym = sorted[offset[l] + (c - first[l])];
        }
        if (sym < 0 || sym == 256) break;
        if (sym < 256) out[o++] = (uint8_t)sym;
        else {
            int ml = sym - 257 + MINM, d = (int)get_bits(&r, 12);
            for (int k = 0; k < ml; k++, o++) out[o] = out[o - d];
        }
    }
    return o;
}

int main(void)
{
    static uint8_t data[60000], comp[80000], back[60000];
    const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "emulator ",
                           "aarch64 ", "register ", "\n", "instruction ", "memory ", "and ", "of "};
    for (int kind = 0; kind < 3; kind++) {
        size_t n = 0;
        rng_seed(100 + kind);
        if (kind == 0) { while (n < 15000) { const char *w = words[rng_below(16)]; size_t l = strlen(w); memcpy(data + n, w, l); n += l; } }
        else if (kind == 1) { for (n = 0; n < 12000; n++) data[n] = (uint8_t)(rng_below(4) == 0 ? rng_next() : n / 50); }
        else { for (n = 0; n < 8000; n++) data[n] = (uint8_t)rng_next(); }
        size_t c = compress(data, n, comp);
        size_t d = decompress(comp, c, back);
        printf("kind %d: in=%zu compressed=%zu roundtrip=%d hash %016llx\n", kind, n, c,
               d == n && memcmp(data, back, n) == 0, (unsigned long long)fnv1a(comp, c, FNV_INIT));
    }
    return 0;
}
