// crossrun-test: arch=aarch64 compare=expected
/* NEON shifts: register shifts vshl/vrshl with positive, negative and
 * out-of-range counts (the count is the signed low byte of each lane),
 * immediate vshr_n/vrshr_n/vsra_n/vrsra_n/vshl_n, shift-and-insert
 * vsli_n/vsri_n, and scalar 64-bit forms. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    int8x16_t c8 = vld1q_s8((const int8_t[]){0, 1, 3, 7, 8, 9, -1, -3, -7, -8, -9, 127, -128, 64, -64, 15});
    c8 = vaddq_s8(c8, vreinterpretq_s8_u8(vandq_u8(U8(0), vdupq_n_u8(0))));
    int16x8_t c16 = vld1q_s16((const int16_t[]){0, 1, 15, 16, 17, -1, -15, -16});
    c16 = vaddq_s16(c16, vreinterpretq_s16_u8(vandq_u8(U8(0), vdupq_n_u8(0))));
    int16x8_t c16b = vld1q_s16((const int16_t[]){-17, 0x0101, 0x7f05, (int16_t)0x80ff, 255, 256, -256, 3});
    c16b = vaddq_s16(c16b, vreinterpretq_s16_u8(vandq_u8(U8(0), vdupq_n_u8(0))));
    int32x4_t c32 = vmovl_s16(vget_low_s16(c16));
    int32x4_t c32b = vmovl_s16(vget_high_s16(c16));
    int64x2_t c64 = vld1q_s64((const int64_t[]){63, -63});
    c64 = vaddq_s64(c64, vreinterpretq_s64_u8(vandq_u8(U8(0), vdupq_n_u8(0))));
    int64x2_t c64b = vld1q_s64((const int64_t[]){64, -64});
    c64b = vaddq_s64(c64b, vreinterpretq_s64_u8(vandq_u8(U8(0), vdupq_n_u8(0))));
    P("vshlq_s8", vshlq_s8(S8(0), c8));
    P("vshlq_u8", vshlq_u8(U8(0), c8));
    P("vrshlq_s8", vrshlq_s8(S8(0), c8));
    P("vrshlq_u8", vrshlq_u8(U8(0), c8));
    P("vshlq_s16", vshlq_s16(S16(0), c16));
    P("vshlq_u16", vshlq_u16(U16(0), c16));
    P("vshlq_s16 b", vshlq_s16(S16(0), c16b));
    P("vrshlq_s16", vrshlq_s16(S16(0), c16));
    P("vrshlq_u16 b", vrshlq_u16(U16(0), c16b));
    P("vshlq_s32", vshlq_s32(S32(0), c32));
    P("vshlq_u32 b", vshlq_u32(U32(0), c32b));
    P("vrshlq_s32 b", vrshlq_s32(S32(0), c32b));
    P("vshlq_s64", vshlq_s64(S64(0), c64));
    P("vshlq_u64", vshlq_u64(U64(0), c64));
    P("vshlq_s64 b", vshlq_s64(S64(0), c64b));
    P("vrshlq_s64", vrshlq_s64(S64(0), c64));
    P("vrshlq_u64 b", vrshlq_u64(U64(0), c64b));
    P("vshrq_n_s8 1", vshrq_n_s8(S8(0), 1));
    P("vshrq_n_s8 8", vshrq_n_s8(S8(0), 8));
    P("vshrq_n_u8 8", vshrq_n_u8(U8(0), 8));
    P("vshrq_n_u16 5", vshrq_n_u16(U16(0), 5));
    P("vshrq_n_s32 31", vshrq_n_s32(S32(0), 31));
    P("vshrq_n_s64 64", vshrq_n_s64(S64(0), 64));
    P("vshrq_n_u64 64", vshrq_n_u64(U64(0), 64));
    P("vrshrq_n_s8 2", vrshrq_n_s8(S8(0), 2));
    P("vrshrq_n_u8 8", vrshrq_n_u8(U8(0), 8));
    P("vrshrq_n_s16 16", vrshrq_n_s16(S16(0), 16));
    P("vrshrq_n_u32 1", vrshrq_n_u32(U32(0), 1));
    P("vrshrq_n_u64 64", vrshrq_n_u64(U64(0), 64));
    P("vrshrq_n_s64 63", vrshrq_n_s64(S64(0), 63));
    P("vsraq_n_s8 3", vsraq_n_s8(S8(16), S8(0), 3));
    P("vsraq_n_u16 16", vsraq_n_u16(U16(16), U16(0), 16));
    P("vsraq_n_u64 7", vsraq_n_u64(U64(16), U64(0), 7));
    P("vrsraq_n_s8 3", vrsraq_n_s8(S8(16), S8(0), 3));
    P("vrsraq_n_u32 32", vrsraq_n_u32(U32(16), U32(0), 32));
    P("vshlq_n_u8 7", vshlq_n_u8(U8(0), 7));
    P("vshlq_n_s16 9", vshlq_n_s16(S16(0), 9));
    P("vshlq_n_u64 63", vshlq_n_u64(U64(0), 63));
    P("vsliq_n_u8 3", vsliq_n_u8(U8(16), U8(0), 3));
    P("vsliq_n_u16 0", vsliq_n_u16(U16(16), U16(0), 0));
    P("vsliq_n_u32 31", vsliq_n_u32(U32(16), U32(0), 31));
    P("vsliq_n_u64 40", vsliq_n_u64(U64(16), U64(0), 40));
    P("vsriq_n_u8 3", vsriq_n_u8(U8(16), U8(0), 3));
    P("vsriq_n_u16 16", vsriq_n_u16(U16(16), U16(0), 16));
    P("vsriq_n_u32 1", vsriq_n_u32(U32(16), U32(0), 1));
    P("vsriq_n_u64 64", vsriq_n_u64(U64(16), U64(0), 64));
    P("vshld_s64", vdup_n_s64(vshld_s64(vgetq_lane_s64(S64(0), 1), RT((int64_t)-5))));
    P("vrshrd_n_s64 9", vdup_n_s64(vrshrd_n_s64(vgetq_lane_s64(S64(0), 1), 9)));
    P("vsrid_n_u64 12", vdup_n_u64(vsrid_n_u64(vgetq_lane_u64(U64(16), 0), vgetq_lane_u64(U64(0), 0), 12)));
    return 0;
}
