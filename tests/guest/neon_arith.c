// crossrun-test: arch=aarch64 compare=expected
/* NEON integer arithmetic: add/sub/mul/mla/mls, absolute difference,
 * halving and rounding-halving add/sub, pairwise add, neg/abs, min/max,
 * clz/cls/cnt/rbit, lane and scalar-by-element forms. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    P("vaddq_u8", vaddq_u8(U8(0), U8(16)));
    P("vaddq_u16", vaddq_u16(U16(0), U16(16)));
    P("vaddq_u32", vaddq_u32(U32(0), U32(16)));
    P("vaddq_u64", vaddq_u64(U64(0), U64(16)));
    P("vadd_u8", vadd_u8(D8(3), D8(40)));
    P("vsubq_u8", vsubq_u8(U8(0), U8(16)));
    P("vsubq_s16", vsubq_s16(S16(5), S16(33)));
    P("vsubq_u64", vsubq_u64(U64(1), U64(17)));
    P("vmulq_u8", vmulq_u8(U8(0), U8(16)));
    P("vmulq_s16", vmulq_s16(S16(2), S16(20)));
    P("vmulq_u32", vmulq_u32(U32(7), U32(23)));
    P("vmulq_n_s16", vmulq_n_s16(S16(9), -3));
    P("vmulq_lane_s32", vmulq_lane_s32(S32(4), DS32(50), 1));
    P("vmulq_laneq_u16", vmulq_laneq_u16(U16(4), U16(50), 5));
    P("vmlaq_u8", vmlaq_u8(U8(0), U8(16), U8(32)));
    P("vmlaq_s32", vmlaq_s32(S32(0), S32(16), S32(32)));
    P("vmlsq_u16", vmlsq_u16(U16(1), U16(17), U16(33)));
    P("vmlaq_lane_s16", vmlaq_lane_s16(S16(0), S16(16), DS16(40), 3));
    P("vabdq_s8", vabdq_s8(S8(0), S8(16)));
    P("vabdq_u8", vabdq_u8(U8(0), U8(16)));
    P("vabdq_s16", vabdq_s16(S16(0), S16(16)));
    P("vabdq_u32", vabdq_u32(U32(3), U32(19)));
    P("vabaq_u8", vabaq_u8(U8(48), U8(0), U8(16)));
    P("vabaq_s32", vabaq_s32(S32(48), S32(0), S32(16)));
    P("vhaddq_s8", vhaddq_s8(S8(0), S8(16)));
    P("vhaddq_u8", vhaddq_u8(U8(0), U8(16)));
    P("vhaddq_u32", vhaddq_u32(U32(0), U32(16)));
    P("vrhaddq_u8", vrhaddq_u8(U8(0), U8(16)));
    P("vrhaddq_s8", vrhaddq_s8(S8(0), S8(16)));
    P("vrhaddq_s16", vrhaddq_s16(S16(0), S16(16)));
    P("vhsubq_s8", vhsubq_s8(S8(0), S8(16)));
    P("vhsubq_u16", vhsubq_u16(U16(0), U16(16)));
    P("vpaddq_u8", vpaddq_u8(U8(0), U8(16)));
    P("vpaddq_s32", vpaddq_s32(S32(0), S32(16)));
    P("vpaddq_u64", vpaddq_u64(U64(0), U64(16)));
    P("vpadd_s16", vpadd_s16(DS16(0), DS16(8)));
    P("vpaddlq_u8", vpaddlq_u8(U8(0)));
    P("vpaddlq_s16", vpaddlq_s16(S16(0)));
    P("vpadalq_s8", vpadalq_s8(S16(16), S8(0)));
    P("vpadalq_u32", vpadalq_u32(U64(16), U32(0)));
    P("vnegq_s8", vnegq_s8(S8(0)));
    P("vnegq_s64", vnegq_s64(S64(0)));
    P("vabsq_s8", vabsq_s8(S8(0)));
    P("vabsq_s16", vabsq_s16(S16(1)));
    P("vabsq_s64", vabsq_s64(S64(8)));
    P("vmaxq_s8", vmaxq_s8(S8(0), S8(16)));
    P("vmaxq_u8", vmaxq_u8(U8(0), U8(16)));
    P("vminq_s16", vminq_s16(S16(0), S16(16)));
    P("vminq_u32", vminq_u32(U32(0), U32(16)));
    P("vpmaxq_s8", vpmaxq_s8(S8(0), S8(16)));
    P("vpminq_u16", vpminq_u16(U16(0), U16(16)));
    P("vclzq_u8", vclzq_u8(U8(0)));
    P("vclzq_s16", vclzq_s16(S16(0)));
    P("vclzq_u32", vclzq_u32(U32(0)));
    P("vclsq_s8", vclsq_s8(S8(0)));
    P("vclsq_s32", vclsq_s32(S32(16)));
    P("vcntq_u8", vcntq_u8(U8(0)));
    P("vrbitq_u8", vrbitq_u8(U8(0)));
    P("vmvnq_u8", vmvnq_u8(U8(0)));
    P("vaddd_u64", vdup_n_u64(vaddd_u64(vgetq_lane_u64(U64(0), 0), vgetq_lane_u64(U64(16), 1))));
    P("vabsd_s64", vdup_n_s64(vabsd_s64(vgetq_lane_s64(S64(3), 0))));
    /* a small dot-product kernel using mla over many loads */
    uint32x4_t acc = vdupq_n_u32(0);
    for (int i = 0; i + 16 <= 144; i += 4) {
        uint16x8_t w = vmovl_u8(vld1_u8(g8 + i));
        acc = vmlal_u16(acc, vget_low_u16(w), vget_high_u16(w));
    }
    P("dot", acc);
    return 0;
}
