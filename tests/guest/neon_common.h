/* Helpers for NEON tests: dump vectors lane by lane in hex. */
#ifndef CROSSRUN_NEON_COMMON_H
#define CROSSRUN_NEON_COMMON_H
#include <arm_neon.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

__attribute__((unused)) static void dump_bytes(const char *name, const void *p, int lanes, int size)
{
    const unsigned char *b = (const unsigned char *)p;
    printf("%-22s", name);
    for (int i = 0; i < lanes; i++) {
        unsigned long long v = 0;
        memcpy(&v, b + i * size, size);
        printf(" %0*llx", size * 2, v);
    }
    printf("\n");
}
/* Works for any 64- or 128-bit vector type. */
#define P(name, v) do { __typeof__(v) t_ = (v); \
        int sz_ = (int)sizeof(t_) / (int)(sizeof(t_[0])); \
        dump_bytes(name, &t_, sz_, (int)sizeof(t_[0])); } while (0)
#define PS(name, x) printf("%-22s %llx\n", name, (unsigned long long)(x))

static const uint8_t pat8[64] = {
    0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81, 0x40, 0x3c, 0xc3, 0x55, 0xaa, 0x12, 0xed, 0x9a, 0x65,
    0x20, 0x7e, 0x02, 0xfd, 0x33, 0xcc, 0x0f, 0xf0, 0x8f, 0x70, 0x11, 0xee, 0x44, 0xbb, 0x66, 0x99,
    0x05, 0x90, 0xa5, 0x5a, 0xd7, 0x28, 0x6b, 0x94, 0x1e, 0xe1, 0x2d, 0xd2, 0x4b, 0xb4, 0x78, 0x87,
    0xfa, 0x06, 0xb9, 0x47, 0x3a, 0xc6, 0x08, 0xf7, 0x61, 0x9e, 0x13, 0xec, 0x27, 0xd8, 0x7c, 0x83,
};
#endif

/* Runtime copies of the patterns so the compiler cannot constant-fold the
 * intrinsics away: the tests must execute the instructions. */
static uint8_t g8[160];
static float gf[16];
static double gd[8];
__attribute__((noinline)) static void neon_init(void)
{
    for (int i = 0; i < 160; i++) g8[i] = (uint8_t)(pat8[i % 64] ^ (uint8_t)((i / 64) * 0x5a));
    const float fv[16] = {1.0f, -2.5f, 0.1f, 1e30f, -0.0f, 3.75f, 1e-40f, -1e10f,
                          0.5f, 2.0f, 65504.0f, -7.0f, 1.5f, 2.5f, -0.5f, 1e-3f};
    const double dv[8] = {1.0, -2.5, 0.1, 1e300, 1.5, 2.5, -1e-310, 3.0};
    memcpy(gf, fv, sizeof fv);
    memcpy(gd, dv, sizeof dv);
    __asm__ volatile("" ::: "memory");
}
#define U8(o) vld1q_u8(g8 + (o))
#define S8(o) vreinterpretq_s8_u8(U8(o))
#define U16(o) vreinterpretq_u16_u8(U8(o))
#define S16(o) vreinterpretq_s16_u8(U8(o))
#define U32(o) vreinterpretq_u32_u8(U8(o))
#define S32(o) vreinterpretq_s32_u8(U8(o))
#define U64(o) vreinterpretq_u64_u8(U8(o))
#define S64(o) vreinterpretq_s64_u8(U8(o))
#define D8(o) vld1_u8(g8 + (o))
#define DS8(o) vreinterpret_s8_u8(D8(o))
#define DU16(o) vreinterpret_u16_u8(D8(o))
#define DS16(o) vreinterpret_s16_u8(D8(o))
#define DU32(o) vreinterpret_u32_u8(D8(o))
#define DS32(o) vreinterpret_s32_u8(D8(o))
#define F32(o) vld1q_f32(gf + (o))
#define F64(o) vld1q_f64(gd + (o))

static inline unsigned read_qc(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    __asm__ volatile("msr fpsr, xzr");
    return (unsigned)((v >> 27) & 1);
}
/* A value the compiler must treat as unknown at compile time. */
#define RT(x) ({ __typeof__(x) rt_ = (x); __asm__ volatile("" : "+r"(rt_)); rt_; })
