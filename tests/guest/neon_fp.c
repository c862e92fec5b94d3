// crossrun-test: arch=aarch64 compare=expected cflags=-ffp-contract=off
/* NEON floating point: add/sub/mul/div/sqrt, fused multiply-add forms,
 * reciprocal and reciprocal-sqrt estimates and Newton steps, vmulx,
 * rounding (vrnd, vrndn, vrnda, vrndm, vrndp, vrndx, vrndi), min/max with
 * NaNs (vmax vs vmaxnm), pairwise max/min/add, abs/neg/abd. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    float32x4_t x = F32(0), y = F32(4), z = F32(8), w = F32(12);
    float32x4_t n = vsetq_lane_f32(__builtin_nanf(""), w, 0);
    P("x", x); P("y", y); P("z", z); P("w", w);
    P("vaddq_f32", vaddq_f32(x, y));
    P("vsubq_f32", vsubq_f32(z, w));
    P("vmulq_f32", vmulq_f32(x, z));
    P("vdivq_f32", vdivq_f32(x, y));
    P("vdivq_f32 b", vdivq_f32(z, w));
    P("vsqrtq_f32", vsqrtq_f32(vabsq_f32(x)));
    P("vsqrtq_f32 neg", vsqrtq_f32(w));
    P("vfmaq_f32", vfmaq_f32(x, y, z));
    P("vfmsq_f32", vfmsq_f32(x, y, z));
    P("vfmaq_laneq_f32", vfmaq_laneq_f32(x, y, z, 3));
    P("vfmaq_n_f32", vfmaq_n_f32(w, z, RT(3.0f)));
    P("vmlaq_f32 (unfused)", vmlaq_f32(x, y, z));
    P("vmulxq_f32", vmulxq_f32(vld1q_f32((const float[]){0.0f, -0.0f, 2.0f, 1.0f}),
                                vaddq_f32(vld1q_f32((const float[]){__builtin_inff(), __builtin_inff(), 3.0f, -0.0f}), vdupq_n_f32(RT(-0.0f)))));
    P("vrecpeq_f32", vrecpeq_f32(x));
    P("vrecpeq_f32 b", vrecpeq_f32(z));
    P("vrecpeq_f32 c", vrecpeq_f32(vld1q_f32((const float[]){0.0f, -0.0f, 1e-39f, 3e38f})));
    P("vrecpsq_f32", vrecpsq_f32(x, vrecpeq_f32(x)));
    float32x4_t r = vrecpeq_f32(z);
    r = vmulq_f32(r, vrecpsq_f32(z, r));
    r = vmulq_f32(r, vrecpsq_f32(z, r));
    P("recip newton x2", r);
    P("vrsqrteq_f32", vrsqrteq_f32(vabsq_f32(x)));
    P("vrsqrteq_f32 b", vrsqrteq_f32(z));
    P("vrsqrtsq_f32", vrsqrtsq_f32(z, vmulq_f32(vrsqrteq_f32(z), vrsqrteq_f32(z))));
    P("vrecpeq_u32", vrecpeq_u32(U32(0)));
    P("vrsqrteq_u32", vrsqrteq_u32(U32(16)));
    P("vrecpe_f64", vrecpe_f64(vget_low_f64(F64(2))));
    P("vrsqrteq_f64", vrsqrteq_f64(F64(4)));
    P("vrecpxs_f32", vdup_n_f32(vrecpxs_f32(vgetq_lane_f32(x, 3))));
    float32x4_t rv = vld1q_f32((const float[]){2.5f, -2.5f, 3.5f, -0.4f});
    rv = vaddq_f32(rv, vdupq_n_f32(RT(0.0f)));
    float32x4_t rv2 = vld1q_f32((const float[]){1.5f, 0.5f, -1.5f, 8388609.0f});
    rv2 = vaddq_f32(rv2, vdupq_n_f32(RT(0.0f)));
    float32x4_t rvs[] = {rv, rv2};
    for (int i = 0; i < 2; i++) {
        P("rnd in", rvs[i]);
        P("  vrndq", vrndq_f32(rvs[i]));
        P("  vrndnq", vrndnq_f32(rvs[i]));
        P("  vrndaq", vrndaq_f32(rvs[i]));
        P("  vrndmq", vrndmq_f32(rvs[i]));
        P("  vrndpq", vrndpq_f32(rvs[i]));
        P("  vrndxq", vrndxq_f32(rvs[i]));
        P("  vrndiq", vrndiq_f32(rvs[i]));
    }
    P("vrndaq_f64", vrndaq_f64(vld1q_f64((const double[]){RT(-2.5), RT(1e300)})));
    P("vmaxq_f32 nan", vmaxq_f32(n, x));
    P("vminq_f32 nan", vminq_f32(x, n));
    P("vmaxnmq_f32 nan", vmaxnmq_f32(n, x));
    P("vminnmq_f32 nan", vminnmq_f32(x, n));
    P("vmaxq_f32", vmaxq_f32(x, y));
    P("vminq_f32", vminq_f32(z, w));
    P("vpmaxq_f32", vpmaxq_f32(x, y));
    P("vpminq_f32", vpminq_f32(z, w));
    P("vpmaxnmq_f32 nan", vpmaxnmq_f32(n, x));
    P("vpaddq_f32", vpaddq_f32(x, y));
    P("vabsq_f32", vabsq_f32(y));
    P("vnegq_f32", vnegq_f32(n));
    P("vabdq_f32", vabdq_f32(x, z));
    P("vaddq_f64", vaddq_f64(F64(0), F64(2)));
    P("vmulq_f64", vmulq_f64(F64(4), F64(6)));
    P("vdivq_f64", vdivq_f64(F64(0), F64(6)));
    P("vsqrtq_f64", vsqrtq_f64(vabsq_f64(F64(2))));
    P("vfmaq_f64", vfmaq_f64(F64(0), F64(2), F64(4)));
    P("vmaxnmq_f64", vmaxnmq_f64(F64(0), F64(4)));
    /* a small vector kernel: 1/sqrt over an array, accumulate */
    float32x4_t acc = vdupq_n_f32(0);
    for (int i = 1; i <= 64; i++) {
        float32x4_t v = vaddq_f32(vdupq_n_f32(RT((float)i)), vld1q_f32((const float[]){0.0f, 0.25f, 0.5f, 0.75f}));
        float32x4_t e = vrsqrteq_f32(v);
        e = vmulq_f32(e, vrsqrtsq_f32(vmulq_f32(v, e), e));
        acc = vaddq_f32(acc, e);
    }
    P("rsqrt sum", acc);
    return 0;
}
