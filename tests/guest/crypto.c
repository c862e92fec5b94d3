// crossrun-test: compare=native flags=+crypto
/* AES (AESE/AESD/AESMC/AESIMC), SHA-1 (SHA1C/P/M/H/SU0/SU1), SHA-256
 * (SHA256H/H2/SU0/SU1) and 64-bit polynomial multiply (PMULL/PMULL2).
 * On aarch64 the algorithms run through the crypto instructions; on other
 * hosts through plain C implementations in this file. Both print the same
 * ciphertexts/digests only if the instructions behave. */
#include "common.h"
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

/* ---------- AES-128 ---------- */
static uint8_t sbox[256], inv_sbox[256];
static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1) p ^= a;
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}
static void make_sbox(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        if (x) { /* x^254 */
            uint8_t r = 1, b = (uint8_t)x;
            for (int e = 254; e; e >>= 1) { if (e & 1) r = gmul(r, b); b = gmul(b, b); }
            inv = r;
        }
        uint8_t s = inv;
        for (int k = 1; k <= 4; k++) s ^= (uint8_t)((inv << k) | (inv >> (8 - k)));
        s ^= 0x63;
        sbox[x] = s;
        inv_sbox[s] = (uint8_t)x;
    }
}
static void key_expand(const uint8_t key[16], uint8_t rk[11][16])
{
    memcpy(rk[0], key, 16);
    uint8_t rcon = 1;
    for (int r = 1; r <= 10; r++) {
        uint8_t t[4] = {sbox[rk[r - 1][13]], sbox[rk[r - 1][14]], sbox[rk[r - 1][15]], sbox[rk[r - 1][12]]};
        t[0] ^= rcon;
        rcon = gmul(rcon, 2);
        for (int i = 0; i < 16; i++) {
            rk[r][i] = rk[r - 1][i] ^ t[i % 4];
            if (i % 4 == 3) memcpy(t, &rk[r][i - 3], 4);
        }
    }
}
#if !defined(__aarch64__)
static void shift_rows(uint8_t s[16], int inv)
{
    uint8_t t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            if (!inv) t[4 * c + r] = s[4 * ((c + r) % 4) + r];
            else t[4 * ((c + r) % 4) + r] = s[4 * c + r];
        }
    memcpy(s, t, 16);
}
static void mix_columns(uint8_t s[16], int inv)
{
    for (int c = 0; c < 4; c++) {
        uint8_t *a = s + 4 * c, b[4];
        for (int r = 0; r < 4; r++) {
            if (!inv) b[r] = gmul(a[r], 2) ^ gmul(a[(r + 1) % 4], 3) ^ a[(r + 2) % 4] ^ a[(r + 3) % 4];
            else b[r] = gmul(a[r], 14) ^ gmul(a[(r + 1) % 4], 11) ^ gmul(a[(r + 2) % 4], 13) ^ gmul(a[(r + 3) % 4], 9);
        }
        memcpy(a, b, 4);
    }
}
#endif
static void aes_encrypt(uint8_t rk[11][16], const uint8_t in[16], uint8_t out[16])
{
#if defined(__aarch64__)
    uint8x16_t s = vld1q_u8(in);
    for (int r = 0; r < 9; r++) s = vaesmcq_u8(vaeseq_u8(s, vld1q_u8(rk[r])));
    s = veorq_u8(vaeseq_u8(s, vld1q_u8(rk[9])), vld1q_u8(rk[10]));
    vst1q_u8(out, s);
#else
    uint8_t s[16];
    for (int i = 0; i < 16; i++) s[i] = in[i] ^ rk[0][i];
    for (int r = 1; r <= 10; r++) {
        for (int i = 0; i < 16; i++) s[i] = sbox[s[i]];
        shift_rows(s, 0);
        if (r != 10) mix_columns(s, 0);
        for (int i = 0; i < 16; i++) s[i] ^= rk[r][i];
    }
    memcpy(out, s, 16);
#endif
}
static void aes_decrypt(uint8_t rk[11][16], const uint8_t in[16], uint8_t out[16])
{
#if defined(__aarch64__)
    uint8x16_t s = vaesimcq_u8(vaesdq_u8(vld1q_u8(in), vld1q_u8(rk[10])));
    for (int r = 9; r >= 2; r--) s = vaesimcq_u8(vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[r]))));
    s = vaesdq_u8(s, vaesimcq_u8(vld1q_u8(rk[1])));
    vst1q_u8(out, veorq_u8(s, vld1q_u8(rk[0])));
#else
    uint8_t s[16];
    for (int i = 0; i < 16; i++) s[i] = in[i] ^ rk[10][i];
    for (int r = 9; r >= 0; r--) {
        shift_rows(s, 1);
        for (int i = 0; i < 16; i++) s[i] = inv_sbox[s[i]];
        for (int i = 0; i < 16; i++) s[i] ^= rk[r][i];
        if (r) mix_columns(s, 1);
    }
    memcpy(out, s, 16);
#endif
}

/* ---------- SHA-256 ---------- */
static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};
#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
static void sha256_block(uint32_t st[8], const uint8_t *p)
{
#if defined(__aarch64__)
    uint32x4_t s0 = vld1q_u32(st), s1 = vld1q_u32(st + 4), a = s0, b = s1, m[4];
    for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * i)));
    for (int i = 0; i < 16; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vld1q_u32(K256 + 4 * i)), t = a;
        a = vsha256hq_u32(a, b, wk);
        b = vsha256h2q_u32(b, t, wk);
        if (i < 12) m[i % 4] = vsha256su1q_u32(vsha256su0q_u32(m[i % 4], m[(i + 1) % 4]), m[(i + 2) % 4], m[(i + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(s0, a));
    vst1q_u32(st + 4, vaddq_u32(s1, b));
#else
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, st, 32);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) + K256[i] + w[i];
        uint32_t t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 28);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) st[i] += v[i];
#endif
}

/* ---------- SHA-1 ---------- */
static void sha1_block(uint32_t st[5], const uint8_t *p)
{
#if defined(__aarch64__)
    static const uint32_t K1[4] = {0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6};
    uint32x4_t abcd = vld1q_u32(st), abcd0 = abcd, m[4];
    uint32_t e = st[4], e0 = e;
    for (int i = 0; i < 4; i++) m[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16 * i)));
    for (int i = 0; i < 20; i++) {
        uint32x4_t wk = vaddq_u32(m[i % 4], vdupq_n_u32(K1[i / 5]));
        uint32_t en = vsha1h_u32(vgetq_lane_u32(abcd, 0));
        if (i < 5) abcd = vsha1cq_u32(abcd, e, wk);
        else if (i < 10 || i >= 15) abcd = vsha1pq_u32(abcd, e, wk);
        else abcd = vsha1mq_u32(abcd, e, wk);
        e = en;
        if (i < 16) m[i % 4] = vsha1su1q_u32(vsha1su0q_u32(m[i % 4], m[(i + 1) % 4], m[(i + 2) % 4]), m[(i + 3) % 4]);
    }
    vst1q_u32(st, vaddq_u32(abcd0, abcd));
    st[4] = e0 + e;
#else
    uint32_t w[80], a = st[0], b = st[1], c = st[2], d = st[3], e = st[4];
    for (int i = 0; i < 16; i++) w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++) { uint32_t x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]; w[i] = (x << 1) | (x >> 31); }
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        uint32_t t = ((a << 5) | (a >> 27)) + f + e + k + w[i];
        e = d; d = c; c = (b << 30) | (b >> 2); b = a; a = t;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e;
#endif
}

/* Merkle-Damgard padding shared by both hashes. */
static void md_hash(const uint8_t *msg, size_t len, uint32_t *st, int sha1)
{
    uint8_t blk[64];
    size_t i = 0;
    for (; i + 64 <= len; i += 64) sha1 ? sha1_block(st, msg + i) : sha256_block(st, msg + i);
    size_t rem = len - i;
    memset(blk, 0, 64);
    memcpy(blk, msg + i, rem);
    blk[rem] = 0x80;
    if (rem >= 56) { sha1 ? sha1_block(st, blk) : sha256_block(st, blk); memset(blk, 0, 64); }
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++) blk[63 - k] = (uint8_t)(bits >> (8 * k));
    sha1 ? sha1_block(st, blk) : sha256_block(st, blk);
}

static void clmul(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
#if defined(__aarch64__)
    poly128_t r = vmull_p64((poly64_t)a, (poly64_t)b);
    uint64x2_t v = vreinterpretq_u64_p128(r);
    *lo = vgetq_lane_u64(v, 0); *hi = vgetq_lane_u64(v, 1);
#else
    uint64_t l = 0, h = 0;
    for (int i = 0; i < 64; i++)
        if ((b >> i) & 1) { l ^= a << i; if (i) h ^= a >> (64 - i); }
    *lo = l; *hi = h;
#endif
}

int main(void)
{
    make_sbox();
    uint8_t key[16], pt[16], ct[16], back[16], rk[11][16];
    for (int i = 0; i < 16; i++) { key[i] = (uint8_t)i; pt[i] = (uint8_t)(i * 0x11); }
    key_expand(key, rk);
    aes_encrypt(rk, pt, ct);
    aes_decrypt(rk, ct, back);
    printf("aes128 ct=");
    for (int i = 0; i < 16; i++) printf("%02x", ct[i]);
    printf(" roundtrip=%d\n", memcmp(back, pt, 16) == 0);
    /* CBC-style chain over many blocks with varying keys */
    uint64_t h = FNV_INIT;
    int bad = 0;
    rng_seed(11);
    uint8_t chain[16] = {0};
    for (int n = 0; n < 300; n++) {
        if (n % 50 == 0) { for (int i = 0; i < 16; i++) key[i] = (uint8_t)rng_next(); key_expand(key, rk); }
        for (int i = 0; i < 16; i++) pt[i] = (uint8_t)rng_next() ^ chain[i];
        aes_encrypt(rk, pt, chain);
        aes_decrypt(rk, chain, back);
        bad += memcmp(back, pt, 16) != 0;
        h = fnv1a(chain, 16, h);
    }
    printf("aes chain hash %016llx bad=%d\n", (unsigned long long)h, bad);

    static uint8_t msg[3000];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 131 + (i >> 7));
    size_t lens[] = {0, 3, 55, 56, 64, 119, 1000, 3000};
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        const uint8_t *m = k == 1 ? (const uint8_t *)"abc" : msg;
        uint32_t s256[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
        uint32_t s1[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
        md_hash(m, lens[k], s256, 0);
        md_hash(m, lens[k], s1, 1);
        printf("len %4zu sha256=", lens[k]);
        for (int i = 0; i < 8; i++) printf("%08x", s256[i]);
        printf(" sha1=");
        for (int i = 0; i < 5; i++) printf("%08x", s1[i]);
        printf("\n");
    }
    uint64_t lo, hi;
    clmul(0x8000000000000001ULL, 0x8000000000000001ULL, &lo, &hi);
    printf("clmul %016llx %016llx\n", (unsigned long long)hi, (unsigned long long)lo);
    h = FNV_INIT;
    for (int i = 0; i < 2000; i++) {
        clmul(rng_next(), rng_next(), &lo, &hi);
        h = fnv_u64(fnv_u64(h, lo), hi);
    }
    printf("clmul hash %016llx\n", (unsigned long long)h);
    return 0;
}
