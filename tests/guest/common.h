/* Shared helpers for the crossrun guest test corpus.
 * Everything here is portable C so the same source can be built natively
 * (x86_64 reference) and for aarch64. */
#ifndef CROSSRUN_COMMON_H
#define CROSSRUN_COMMON_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FNV_INIT 0xcbf29ce484222325ULL

/* FNV-1a 64-bit, chained through h so several buffers can be folded in. */
static inline uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const unsigned char *b = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static inline uint64_t fnv_u64(uint64_t h, uint64_t v)
{
    return fnv1a(&v, sizeof v, h);
}

/* Deterministic PRNG (xorshift64*), identical on every platform. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static inline void rng_seed(uint64_t s) { rng_state = s ? s : 0x9e3779b97f4a7c15ULL; }
static inline uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545f4914f6cdd1dULL;
}
static inline uint32_t rng_below(uint32_t n) { return (uint32_t)(rng_next() >> 32) % n; }

static inline uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static inline double bitsd(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static inline uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float bitsf(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* Keeps the compiler from constant-folding a value. */
#define OPAQUE(x) ({ __typeof__(x) o_ = (x); __asm__ volatile("" : "+r"(o_)); o_; })

#endif
