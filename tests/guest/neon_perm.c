// crossrun-test: arch=aarch64 compare=expected
/* NEON permutes: zip/uzp/trn (1/2 and pair forms), vext, vrev16/32/64,
 * table lookups vtbl1..4/vtbx1/vqtbl1..4q/vqtbx1q with out-of-range
 * indices, vdup_lane/vdupq_n, vcopy lane, vset/vget lane, combine,
 * get_high/get_low. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    P("vzip1q_u8", vzip1q_u8(U8(0), U8(16)));
    P("vzip2q_u8", vzip2q_u8(U8(0), U8(16)));
    P("vuzp1q_u8", vuzp1q_u8(U8(0), U8(16)));
    P("vuzp2q_u8", vuzp2q_u8(U8(0), U8(16)));
    P("vtrn1q_u8", vtrn1q_u8(U8(0), U8(16)));
    P("vtrn2q_u8", vtrn2q_u8(U8(0), U8(16)));
    P("vzip1q_u16", vzip1q_u16(U16(0), U16(16)));
    P("vuzp2q_u32", vuzp2q_u32(U32(0), U32(16)));
    P("vtrn1q_u64", vtrn1q_u64(U64(0), U64(16)));
    P("vzip2_u8", vzip2_u8(D8(0), D8(16)));
    P("vuzp1_u16", vuzp1_u16(DU16(0), DU16(16)));
    uint8x8x2_t z = vzip_u8(D8(0), D8(16));
    P("vzip_u8.0", z.val[0]); P("vzip_u8.1", z.val[1]);
    uint16x8x2_t u = vuzpq_u16(U16(0), U16(16));
    P("vuzpq_u16.0", u.val[0]); P("vuzpq_u16.1", u.val[1]);
    uint32x4x2_t t = vtrnq_u32(U32(0), U32(16));
    P("vtrnq_u32.0", t.val[0]); P("vtrnq_u32.1", t.val[1]);
    P("vextq_u8 1", vextq_u8(U8(0), U8(16), 1));
    P("vextq_u8 7", vextq_u8(U8(0), U8(16), 7));
    P("vextq_u8 15", vextq_u8(U8(0), U8(16), 15));
    P("vext_u8 3", vext_u8(D8(0), D8(16), 3));
    P("vextq_u32 3", vextq_u32(U32(0), U32(16), 3));
    P("vextq_u64 1", vextq_u64(U64(0), U64(16), 1));
    P("vrev16q_u8", vrev16q_u8(U8(0)));
    P("vrev32q_u8", vrev32q_u8(U8(0)));
    P("vrev32q_u16", vrev32q_u16(U16(0)));
    P("vrev64q_u8", vrev64q_u8(U8(0)));
    P("vrev64q_u16", vrev64q_u16(U16(0)));
    P("vrev64q_u32", vrev64q_u32(U32(0)));
    /* indices 0..31 so tbl1..tbl4 each see in-range and out-of-range lanes, plus 0xff */
    uint8x8_t idx = vset_lane_u8(RT((uint8_t)0xff), vand_u8(D8(64), vdup_n_u8(RT((uint8_t)0x1f))), 7);
    P("tbl idx", idx);
    P("vtbl1_u8", vtbl1_u8(D8(0), idx));
    P("vtbl2_u8", vtbl2_u8((uint8x8x2_t){{D8(0), D8(8)}}, idx));
    P("vtbl3_u8", vtbl3_u8((uint8x8x3_t){{D8(0), D8(8), D8(16)}}, idx));
    P("vtbl4_u8", vtbl4_u8((uint8x8x4_t){{D8(0), D8(8), D8(16), D8(24)}}, idx));
    P("vtbx1_u8", vtbx1_u8(D8(40), D8(0), idx));
    P("vtbx2_u8", vtbx2_u8(D8(40), (uint8x8x2_t){{D8(0), D8(8)}}, idx));
    P("vtbx3_u8", vtbx3_u8(D8(40), (uint8x8x3_t){{D8(0), D8(8), D8(16)}}, idx));
    /* indices 0..63 plus 0x40 and 0x80 (out of range for every table size) */
    uint8x16_t qidx = vandq_u8(U8(64), vdupq_n_u8(RT((uint8_t)0x3f)));
    qidx = vsetq_lane_u8(RT((uint8_t)0x80), vsetq_lane_u8(RT((uint8_t)0x40), qidx, 14), 15);
    P("qtbl idx", qidx);
    P("vqtbl1q_u8", vqtbl1q_u8(U8(0), qidx));
    P("vqtbl2q_u8", vqtbl2q_u8((uint8x16x2_t){{U8(0), U8(16)}}, qidx));
    P("vqtbl3q_u8", vqtbl3q_u8((uint8x16x3_t){{U8(0), U8(16), U8(32)}}, qidx));
    P("vqtbl4q_u8", vqtbl4q_u8((uint8x16x4_t){{U8(0), U8(16), U8(32), U8(48)}}, qidx));
    P("vqtbx1q_u8", vqtbx1q_u8(U8(80), U8(0), qidx));
    P("vqtbx2q_u8", vqtbx2q_u8(U8(80), (uint8x16x2_t){{U8(0), U8(16)}}, qidx));
    P("vqtbx4q_u8", vqtbx4q_u8(U8(80), (uint8x16x4_t){{U8(0), U8(16), U8(32), U8(48)}}, qidx));
    P("vqtbl1_u8", vqtbl1_u8(U8(0), idx));
    P("vdupq_lane_u8 5", vdupq_lane_u8(D8(0), 5));
    P("vdupq_laneq_u16 7", vdupq_laneq_u16(U16(0), 7));
    P("vdupq_laneq_u32 2", vdupq_laneq_u32(U32(0), 2));
    P("vdupq_lane_u64 0", vdupq_lane_u64(vget_low_u64(U64(8)), 0));
    P("vdupq_n_u8", vdupq_n_u8(vgetq_lane_u8(U8(0), 9)));
    P("vdupq_n_u64", vdupq_n_u64(vgetq_lane_u64(U64(0), 1)));
    P("vcopyq_laneq_u8", vcopyq_laneq_u8(U8(0), 3, U8(16), 12));
    P("vcopyq_laneq_u32", vcopyq_laneq_u32(U32(0), 0, U32(16), 3));
    P("vcopy_lane_u16", vcopy_lane_u16(DU16(0), 1, DU16(16), 2));
    P("vsetq_lane_u16", vsetq_lane_u16(RT((uint16_t)0xbeef), U16(0), 6));
    P("vsetq_lane_u64", vsetq_lane_u64(RT((uint64_t)0x0123456789abcdefULL), U64(0), 1));
    P("vcombine_u8", vcombine_u8(D8(0), D8(32)));
    P("vget_high_u8", vget_high_u8(U8(0)));
    P("vget_low_u32", vget_low_u32(U32(8)));
    P("vgetq_lane_u8 15", vdup_n_u8(vgetq_lane_u8(U8(0), 15)));
    P("vgetq_lane_s16 3", vdup_n_s16(vgetq_lane_s16(S16(0), 3)));
    return 0;
}
