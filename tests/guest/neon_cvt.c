// crossrun-test: arch=aarch64 compare=expected cflags=-ffp-contract=off
/* NEON conversions: float<->int with every rounding (vcvt/vcvtn/vcvta/
 * vcvtm/vcvtp), saturation and NaN, fixed point (vcvtq_n_*), double<->
 * float (vcvt_f64_f32, vcvt_f32_f64, vcvtx round-to-odd), half precision
 * (vcvt_f16_f32/vcvt_f32_f16), 64-bit lanes. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    float32x4_t a = vld1q_f32((const float[]){0.5f, -1.5f, 2.5f, -2.5f});
    float32x4_t b = vld1q_f32((const float[]){3e9f, -3e9f, 5e9f, 1e-3f});
    float32x4_t c = vld1q_f32((const float[]){__builtin_nanf(""), __builtin_inff(), -__builtin_inff(), 2147483520.0f});
    a = vaddq_f32(a, vmulq_f32(F32(4), vdupq_n_f32(0))); /* -0.0 * 0 keeps values; defeats folding */
    b = vaddq_f32(b, vdupq_n_f32(RT(0.0f)));
    c = vaddq_f32(c, vdupq_n_f32(RT(0.0f)));
    float32x4_t vs[] = {a, b, c, F32(0), F32(4), F32(8), F32(12)};
    for (unsigned i = 0; i < sizeof vs / sizeof vs[0]; i++) {
        printf("input %u\n", i);
        P("  in", vs[i]);
        P("  vcvtq_s32_f32", vcvtq_s32_f32(vs[i]));
        P("  vcvtq_u32_f32", vcvtq_u32_f32(vs[i]));
        P("  vcvtnq_s32_f32", vcvtnq_s32_f32(vs[i]));
        P("  vcvtaq_s32_f32", vcvtaq_s32_f32(vs[i]));
        P("  vcvtmq_s32_f32", vcvtmq_s32_f32(vs[i]));
        P("  vcvtpq_u32_f32", vcvtpq_u32_f32(vs[i]));
        P("  vcvtq_n_s32_f32 8", vcvtq_n_s32_f32(vs[i], 8));
        P("  vcvtq_n_u32_f32 31", vcvtq_n_u32_f32(vs[i], 31));
        P("  vcvt_f64_f32", vcvt_f64_f32(vget_low_f32(vs[i])));
        P("  vcvt_f16_f32", vreinterpret_u16_f16(vcvt_f16_f32(vs[i])));
        P("  vrndnq_f32", vrndnq_f32(vs[i]));
    }
    P("vcvtq_f32_s32", vcvtq_f32_s32(S32(0)));
    P("vcvtq_f32_u32", vcvtq_f32_u32(U32(0)));
    P("vcvtq_n_f32_s32 16", vcvtq_n_f32_s32(S32(0), 16));
    P("vcvtq_n_f32_u32 1", vcvtq_n_f32_u32(U32(16), 1));
    P("vcvtq_f64_s64", vcvtq_f64_s64(S64(0)));
    P("vcvtq_f64_u64", vcvtq_f64_u64(U64(16)));
    P("vcvtq_n_f64_s64 60", vcvtq_n_f64_s64(S64(0), 60));
    float64x2_t d1 = F64(0), d2 = F64(2), d3 = F64(4), d4 = F64(6);
    float64x2_t ds[] = {d1, d2, d3, d4};
    for (int i = 0; i < 4; i++) {
        printf("f64 input %d\n", i);
        P("  in", ds[i]);
        P("  vcvtq_s64_f64", vcvtq_s64_f64(ds[i]));
        P("  vcvtq_u64_f64", vcvtq_u64_f64(ds[i]));
        P("  vcvtaq_s64_f64", vcvtaq_s64_f64(ds[i]));
        P("  vcvtq_n_s64_f64 32", vcvtq_n_s64_f64(ds[i], 32));
        P("  vcvt_f32_f64", vcvt_f32_f64(ds[i]));
        P("  vcvtx_f32_f64", vcvtx_f32_f64(ds[i]));
    }
    float64x2_t odd = vld1q_f64((const double[]){1.0 + 0x1p-30, 1.0 + 0x1p-24 + 0x1p-40});
    odd = vaddq_f64(odd, vdupq_n_f64(RT(0.0)));
    P("vcvt_f32_f64 odd", vcvt_f32_f64(odd));
    P("vcvtx_f32_f64 odd", vcvtx_f32_f64(odd));
    uint16x4_t h = vreinterpret_u16_u8(D8(0));
    P("f16 bits", h);
    P("vcvt_f32_f16", vcvt_f32_f16(vreinterpret_f16_u16(h)));
    P("vcvt_f32_f16 b", vcvt_f32_f16(vreinterpret_f16_u16(vreinterpret_u16_u8(D8(8)))));
    P("vcvts_n_s32_f32", vdup_n_s32(vcvts_n_s32_f32(vgetq_lane_f32(F32(0), 1), 4)));
    P("vcvtd_n_f64_u64", vdup_n_f64(vcvtd_n_f64_u64(vgetq_lane_u64(U64(0), 0), 64)));
    return 0;
}
