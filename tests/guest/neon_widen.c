// crossrun-test: arch=aarch64 compare=expected
/* NEON widening and narrowing: vmull (incl. _high and polynomial vmull_p8),
 * vaddl/vaddw/vsubl/vsubw, vmovl/vmovn, vshll, vshrn/vrshrn,
 * vaddhn/vraddhn/vsubhn/vrsubhn, vabdl/vabal, vmlal/vmlsl, vpaddl. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    P("vmull_s8", vmull_s8(DS8(0), DS8(16)));
    P("vmull_u8", vmull_u8(D8(0), D8(16)));
    P("vmull_s16", vmull_s16(DS16(0), DS16(16)));
    P("vmull_u32", vmull_u32(DU32(0), DU32(16)));
    P("vmull_high_s8", vmull_high_s8(S8(0), S8(16)));
    P("vmull_high_u16", vmull_high_u16(U16(0), U16(16)));
    P("vmull_n_s32", vmull_n_s32(DS32(0), -7));
    P("vmull_lane_s16", vmull_lane_s16(DS16(0), DS16(16), 2));
    P("vmull_p8", vmull_p8(vreinterpret_p8_u8(D8(0)), vreinterpret_p8_u8(D8(16))));
    P("vmull_high_p8", vmull_high_p8(vreinterpretq_p8_u8(U8(0)), vreinterpretq_p8_u8(U8(16))));
    P("vmulq_p8", vmulq_p8(vreinterpretq_p8_u8(U8(0)), vreinterpretq_p8_u8(U8(16))));
    P("vaddl_s8", vaddl_s8(DS8(0), DS8(16)));
    P("vaddl_u16", vaddl_u16(DU16(0), DU16(16)));
    P("vaddl_high_u8", vaddl_high_u8(U8(0), U8(16)));
    P("vaddw_s8", vaddw_s8(S16(32), DS8(0)));
    P("vaddw_u32", vaddw_u32(U64(32), DU32(0)));
    P("vaddw_high_u16", vaddw_high_u16(U32(32), U16(0)));
    P("vsubl_s8", vsubl_s8(DS8(0), DS8(16)));
    P("vsubl_u8", vsubl_u8(D8(0), D8(16)));
    P("vsubw_s16", vsubw_s16(S32(32), DS16(0)));
    P("vsubw_u8", vsubw_u8(U16(32), D8(0)));
    P("vsubl_high_s32", vsubl_high_s32(S32(0), S32(16)));
    P("vmovl_s8", vmovl_s8(DS8(0)));
    P("vmovl_u8", vmovl_u8(D8(0)));
    P("vmovl_s16", vmovl_s16(DS16(0)));
    P("vmovl_u32", vmovl_u32(DU32(0)));
    P("vmovl_high_s32", vmovl_high_s32(S32(0)));
    P("vmovn_u16", vmovn_u16(U16(0)));
    P("vmovn_s32", vmovn_s32(S32(0)));
    P("vmovn_u64", vmovn_u64(U64(0)));
    P("vmovn_high_u16", vmovn_high_u16(D8(40), U16(0)));
    P("vshll_n_s8 3", vshll_n_s8(DS8(0), 3));
    P("vshll_n_u8 8", vshll_n_u8(D8(0), 8));
    P("vshll_n_s16 16", vshll_n_s16(DS16(0), 16));
    P("vshll_high_n_u16 5", vshll_high_n_u16(U16(0), 5));
    P("vshrn_n_u16 3", vshrn_n_u16(U16(0), 3));
    P("vshrn_n_s32 16", vshrn_n_s32(S32(0), 16));
    P("vshrn_n_u64 1", vshrn_n_u64(U64(0), 1));
    P("vrshrn_n_u16 3", vrshrn_n_u16(U16(0), 3));
    P("vrshrn_n_s32 13", vrshrn_n_s32(S32(0), 13));
    P("vrshrn_n_u64 32", vrshrn_n_u64(U64(0), 32));
    P("vshrn_high_n_u16 4", vshrn_high_n_u16(D8(50), U16(0), 4));
    P("vaddhn_u16", vaddhn_u16(U16(0), U16(16)));
    P("vaddhn_s32", vaddhn_s32(S32(0), S32(16)));
    P("vaddhn_u64", vaddhn_u64(U64(0), U64(16)));
    P("vraddhn_u16", vraddhn_u16(U16(0), U16(16)));
    P("vraddhn_s32", vraddhn_s32(S32(0), S32(16)));
    P("vsubhn_u16", vsubhn_u16(U16(0), U16(16)));
    P("vrsubhn_s16", vrsubhn_s16(S16(0), S16(16)));
    P("vabdl_u8", vabdl_u8(D8(0), D8(16)));
    P("vabdl_s16", vabdl_s16(DS16(0), DS16(16)));
    P("vabal_s8", vabal_s8(S16(32), DS8(0), DS8(16)));
    P("vabal_u32", vabal_u32(U64(32), DU32(0), DU32(16)));
    P("vmlal_s8", vmlal_s8(S16(32), DS8(0), DS8(16)));
    P("vmlal_u16", vmlal_u16(U32(32), DU16(0), DU16(16)));
    P("vmlsl_s32", vmlsl_s32(S64(32), DS32(0), DS32(16)));
    P("vmlal_high_u8", vmlal_high_u8(U16(32), U8(0), U8(16)));
    P("vmlal_lane_s16", vmlal_lane_s16(S32(32), DS16(0), DS16(16), 1));
    P("vpaddl_u8", vpaddl_u8(D8(0)));
    P("vpaddlq_s32", vpaddlq_s32(S32(0)));
    P("vpadal_u16", vpadal_u16(DU32(32), DU16(0)));
    return 0;
}
