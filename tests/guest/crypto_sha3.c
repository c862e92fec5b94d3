// crossrun-test: compare=native flags=+crypto
/* SHA-512 (SHA512H/H2/SU0/SU1) and SHA3-256 (EOR3, RAX1, XAR, BCAX), the Armv8.2
 * SHA512 and SHA3 extensions, through the ACLE intrinsics on aarch64 and plain C
 * elsewhere. Both must print the same digests, which for "abc" are the FIPS 180-4 and
 * FIPS 202 examples (checked here too). */
#include "common.h"
#if defined(__aarch64__)
#pragma GCC target("arch=armv8.2-a+sha3")
#include <arm_neon.h>
#endif

static const uint64_t K512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL,
    0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
    0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL, 0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL, 0x983e5152ee66dfabULL,
    0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL,
    0x53380d139d95b3dfULL, 0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL, 0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
    0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL,
    0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL, 0xca273eceea26619cULL,
    0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
    0x113f9804bef90daeULL, 0x1b710b35131c471bULL, 0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

static uint64_t ror64(uint64_t x, int n) { return n ? (x >> n) | (x << (64 - n)) : x; }

/* One 128-byte block into the eight state words. */
static void sha512_block(uint64_t st[8], const uint8_t *p)
{
    uint64_t w[80];
    for (int i = 0; i < 16; i++) {
        w[i] = 0;
        for (int k = 0; k < 8; k++) w[i] = w[i] << 8 | p[8 * i + k];
    }
#if defined(__aarch64__)
    /* Two schedule words per SHA512SU0/SU1 pair, two rounds per SHA512H/H2 pair. */
    for (int t = 16; t < 80; t += 2) {
        uint64x2_t x = vsha512su0q_u64(vld1q_u64(w + t - 16), vld1q_u64(w + t - 14));
        vst1q_u64(w + t, vsha512su1q_u64(x, vld1q_u64(w + t - 2), vld1q_u64(w + t - 7)));
    }
    uint64_t a = st[0], b = st[1], c = st[2], d = st[3], e = st[4], f = st[5], g = st[6], h = st[7];
    for (int t = 0; t < 80; t += 2) {
        uint64x2_t kw = vcombine_u64(vcreate_u64(g + K512[t + 1] + w[t + 1]), vcreate_u64(h + K512[t] + w[t]));
        uint64x2_t t1 = vsha512hq_u64(kw, vcombine_u64(vcreate_u64(f), vcreate_u64(g)),
                                      vcombine_u64(vcreate_u64(d), vcreate_u64(e)));
        uint64x2_t an = vsha512h2q_u64(t1, vcombine_u64(vcreate_u64(c), vcreate_u64(0)),
                                       vcombine_u64(vcreate_u64(a), vcreate_u64(b)));
        uint64_t e1 = d + vgetq_lane_u64(t1, 1), e2 = c + vgetq_lane_u64(t1, 0);
        h = f; g = e; f = e1; e = e2; d = b; c = a;
        b = vgetq_lane_u64(an, 1);
        a = vgetq_lane_u64(an, 0);
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d; st[4] += e; st[5] += f; st[6] += g; st[7] += h;
#else
    for (int t = 16; t < 80; t++) {
        uint64_t s0 = ror64(w[t - 15], 1) ^ ror64(w[t - 15], 8) ^ (w[t - 15] >> 7);
        uint64_t s1 = ror64(w[t - 2], 19) ^ ror64(w[t - 2], 61) ^ (w[t - 2] >> 6);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint64_t v[8];
    memcpy(v, st, sizeof v);
    for (int t = 0; t < 80; t++) {
        uint64_t t1 = v[7] + (ror64(v[4], 14) ^ ror64(v[4], 18) ^ ror64(v[4], 41)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) + K512[t] + w[t];
        uint64_t t2 = (ror64(v[0], 28) ^ ror64(v[0], 34) ^ ror64(v[0], 39)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) st[i] += v[i];
#endif
}

static void sha512(const uint8_t *m, size_t len, uint64_t st[8])
{
    static const uint64_t h0[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                                   0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    memcpy(st, h0, sizeof h0);
    size_t i = 0;
    for (; i + 128 <= len; i += 128) sha512_block(st, m + i);
    uint8_t tail[256] = {0};
    size_t rest = len - i, total = rest + 17 <= 128 ? 128 : 256;
    memcpy(tail, m + i, rest);
    tail[rest] = 0x80;
    for (int k = 0; k < 8; k++) tail[total - 1 - k] = (uint8_t)((uint64_t)len * 8 >> (8 * k));
    for (size_t b = 0; b < total; b += 128) sha512_block(st, tail + b);
}

/* Keccak-f[1600]: rho offsets by lane x + 5y; round constants from the LFSR of
 * FIPS 202 §3.2.5. */
static const int RHO[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

static uint64_t round_constant(int round)
{
    uint64_t rc = 0;
    for (int j = 0; j < 7; j++) {
        /* rc(t) for t = j + 7 * round: x^t mod x^8 + x^6 + x^5 + x^4 + 1, bit 0. */
        int t = j + 7 * round;
        unsigned r = 1;
        for (int k = 0; k < t; k++) r = (r << 1) ^ ((r & 0x80) ? 0x171 : 0);
        if (r & 1) rc |= 1ULL << ((1 << j) - 1);
    }
    return rc;
}

#if defined(__aarch64__)
/* XAR needs its rotation as an immediate: one case per rho offset (a right rotation by
 * 64 - r is rho's left rotation by r). */
static uint64x2_t xar(uint64x2_t a, uint64x2_t d, int r)
{
    switch (r) {
#define CASE(n) case n: return vxarq_u64(a, d, (64 - n) & 63);
        CASE(1) CASE(2) CASE(3) CASE(6) CASE(8) CASE(10) CASE(14) CASE(15) CASE(18) CASE(20) CASE(21) CASE(25)
        CASE(27) CASE(28) CASE(36) CASE(39) CASE(41) CASE(43) CASE(44) CASE(45) CASE(55) CASE(56) CASE(61) CASE(62)
#undef CASE
    default: return veorq_u64(a, d);
    }
}
#endif

static void keccak_f(uint64_t s[25])
{
#if defined(__aarch64__)
    /* The state in both lanes, which must stay equal (so the upper half of every
     * instruction is checked too). */
    uint64x2_t A[25], B[25], C[5], D[5];
    for (int i = 0; i < 25; i++) A[i] = vcombine_u64(vcreate_u64(s[i]), vcreate_u64(s[i]));
    for (int round = 0; round < 24; round++) {
        for (int x = 0; x < 5; x++) C[x] = veor3q_u64(veor3q_u64(A[x], A[x + 5], A[x + 10]), A[x + 15], A[x + 20]);
        for (int x = 0; x < 5; x++) D[x] = vrax1q_u64(C[(x + 4) % 5], C[(x + 1) % 5]);
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++) B[y + 5 * ((2 * x + 3 * y) % 5)] = xar(A[x + 5 * y], D[x], RHO[x + 5 * y]);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++)
                A[x + 5 * y] = vbcaxq_u64(B[x + 5 * y], B[(x + 2) % 5 + 5 * y], B[(x + 1) % 5 + 5 * y]);
        A[0] = veorq_u64(A[0], vdupq_n_u64(round_constant(round)));
    }
    for (int i = 0; i < 25; i++) {
        s[i] = vgetq_lane_u64(A[i], 0);
        if (vgetq_lane_u64(A[i], 1) != s[i]) printf("lane 1 differs at %d\n", i);
    }
#else
    uint64_t B[25], C[5], D[5];
    for (int round = 0; round < 24; round++) {
        for (int x = 0; x < 5; x++) C[x] = s[x] ^ s[x + 5] ^ s[x + 10] ^ s[x + 15] ^ s[x + 20];
        for (int x = 0; x < 5; x++) D[x] = C[(x + 4) % 5] ^ ror64(C[(x + 1) % 5], 63);
        for (int x = 0; x < 5; x++)
            for (int y = 0; y < 5; y++) B[y + 5 * ((2 * x + 3 * y) % 5)] = ror64(s[x + 5 * y] ^ D[x], (64 - RHO[x + 5 * y]) & 63);
        for (int y = 0; y < 5; y++)
            for (int x = 0; x < 5; x++) s[x + 5 * y] = B[x + 5 * y] ^ (~B[(x + 1) % 5 + 5 * y] & B[(x + 2) % 5 + 5 * y]);
        s[0] ^= round_constant(round);
    }
#endif
}

/* SHA3-256: rate 136 bytes, domain bits 01 then pad10*1. */
static void sha3_256(const uint8_t *m, size_t len, uint8_t out[32])
{
    uint64_t s[25] = {0};
    uint8_t block[136];
    size_t i = 0;
    for (;;) {
        size_t n = len - i < 136 ? len - i : 136;
        memset(block, 0, sizeof block);
        memcpy(block, m + i, n);
        int last = n < 136;
        if (last) {
            block[n] ^= 0x06;
            block[135] ^= 0x80;
        }
        for (int k = 0; k < 17; k++) {
            uint64_t lane = 0;
            for (int b = 7; b >= 0; b--) lane = lane << 8 | block[8 * k + b];
            s[k] ^= lane;
        }
        keccak_f(s);
        i += n;
        if (last) break;
    }
    for (int k = 0; k < 32; k++) out[k] = (uint8_t)(s[k / 8] >> (8 * (k % 8)));
}

int main(void)
{
    static uint8_t msg[1000];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(i * 151 + (i >> 5));
    size_t lens[] = {3, 0, 111, 112, 128, 135, 136, 1000};
    for (unsigned k = 0; k < sizeof lens / sizeof lens[0]; k++) {
        const uint8_t *m = k == 0 ? (const uint8_t *)"abc" : msg;
        uint64_t s512[8];
        uint8_t s3[32];
        sha512(m, lens[k], s512);
        sha3_256(m, lens[k], s3);
        printf("len %4zu sha512=", lens[k]);
        for (int i = 0; i < 8; i++) printf("%016llx", (unsigned long long)s512[i]);
        printf(" sha3-256=");
        for (int i = 0; i < 32; i++) printf("%02x", s3[i]);
        printf("\n");
        if (k == 0) {
            printf("sha512(abc) %s\n", s512[0] == 0xddaf35a193617abaULL && s512[7] == 0x2a9ac94fa54ca49fULL ? "ok" : "WRONG");
            static const uint8_t want[4] = {0x3a, 0x98, 0x5d, 0xa7};
            printf("sha3-256(abc) %s\n", memcmp(s3, want, 4) == 0 && s3[31] == 0x32 ? "ok" : "WRONG");
        }
    }
    return 0;
}
