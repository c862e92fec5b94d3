/* A SIMD string search: counts the occurrences of several needles in 1 MiB of text, 16
 * bytes at a time (candidates where the needle's first and last bytes both match, then
 * a memcmp), with NEON intrinsics on aarch64 and the same algorithm in SSE2 on x86_64.
 * arg: passes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#if defined(__aarch64__)
#include <arm_neon.h>
/* Bit i of the result (4 bits per byte) is set where byte i of both blocks matched. */
static inline uint64_t candidates(const unsigned char *p, const unsigned char *q, uint8x16_t first, uint8x16_t last)
{
    uint8x16_t m = vandq_u8(vceqq_u8(vld1q_u8(p), first), vceqq_u8(vld1q_u8(q), last));
    return vget_lane_u64(vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(m), 4)), 0);
}
#define STEP 4
#define SPLAT(c) vdupq_n_u8(c)
typedef uint8x16_t vec;
#else
#include <emmintrin.h>
static inline uint64_t candidates(const unsigned char *p, const unsigned char *q, __m128i first, __m128i last)
{
    __m128i a = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), first);
    __m128i b = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)q), last);
    return (uint64_t)_mm_movemask_epi8(_mm_and_si128(a, b));
}
#define STEP 1
#define SPLAT(c) _mm_set1_epi8((char)(c))
typedef __m128i vec;
#endif

static size_t count(const unsigned char *text, size_t n, const char *needle)
{
    size_t k = strlen(needle), found = 0, i = 0;
    vec first = SPLAT(needle[0]), last = SPLAT(needle[k - 1]);
    for (; i + k - 1 + 16 <= n; i += 16) {
        uint64_t mask = candidates(text + i, text + i + k - 1, first, last);
        while (mask) {
            int bit = __builtin_ctzll(mask);
            if (memcmp(text + i + bit / STEP + 1, needle + 1, k - 2) == 0)
                found++;
            mask &= ~((uint64_t)((1u << STEP) - 1) << bit);
        }
    }
    for (; i + k <= n; i++)
        found += memcmp(text + i, needle, k) == 0;
    return found;
}

int main(int argc, char **argv)
{
    long passes = argc > 1 ? atol(argv[1]) : 400;
    size_t n = 1 << 20;
    unsigned char *text = malloc(n);
    static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dogs ",
                                  "emulator ", "translation ", "aarch64 ", "register "};
    uint32_t state = 12345;
    for (size_t i = 0; i < n;) {
        state = state * 1103515245 + 12345;
        const char *w = words[(state >> 16) % 12];
        for (size_t j = 0; w[j] && i < n; j++) text[i++] = (unsigned char)w[j];
    }
    static const char *needles[] = {"translation re", "fox jumps", "lazy dogs over the", "aarch64 emulator", "zebra"};
    size_t total = 0, counts[5] = {0};
    for (long p = 0; p < passes; p++)
        for (int k = 0; k < 5; k++) {
            size_t c = count(text, n, needles[k]);
            counts[k] = c;
            total += c;
        }
    printf("strsearch %zu %zu %zu %zu %zu %zu\n", counts[0], counts[1], counts[2], counts[3], counts[4], total);
    return 0;
}
