// crossrun-test: arch=aarch64 compare=expected
/* NEON saturating arithmetic: vqadd/vqsub, vqdmulh/vqrdmulh, vqdmull,
 * vqmovn/vqmovun, vqshl (register and immediate), vqrshl, vqshrn/vqrshrn/
 * vqshrun, vqabs/vqneg, usqadd/suqadd, vqdmlal. After each operation the
 * cumulative saturation flag FPSR.QC is printed (and cleared). */
#include "neon_common.h"

#define PQ(name, v) do { __typeof__(v) r_ = (v); unsigned qc_ = read_qc(); P(name, r_); printf("%-22s qc=%u\n", "", qc_); } while (0)

int main(void)
{
    neon_init();
    read_qc();
    PQ("vqaddq_s8", vqaddq_s8(S8(0), S8(16)));
    PQ("vqaddq_u8", vqaddq_u8(U8(0), U8(16)));
    PQ("vqaddq_s16", vqaddq_s16(S16(0), S16(16)));
    PQ("vqaddq_u16", vqaddq_u16(U16(0), U16(16)));
    PQ("vqaddq_s32", vqaddq_s32(S32(0), S32(16)));
    PQ("vqaddq_s64", vqaddq_s64(S64(0), S64(16)));
    PQ("vqaddq_u64", vqaddq_u64(U64(0), U64(16)));
    PQ("vqadd_u8 no sat", vqadd_u8(vand_u8(D8(0), vdup_n_u8(0x3f)), vand_u8(D8(8), vdup_n_u8(0x3f))));
    PQ("vqsubq_s8", vqsubq_s8(S8(0), S8(16)));
    PQ("vqsubq_u8", vqsubq_u8(U8(0), U8(16)));
    PQ("vqsubq_s32", vqsubq_s32(S32(0), S32(16)));
    PQ("vqsubq_u64", vqsubq_u64(U64(0), U64(16)));
    PQ("vqdmulhq_s16", vqdmulhq_s16(S16(0), S16(16)));
    PQ("vqdmulhq_s16 min*min", vqdmulhq_s16(vdupq_n_s16(RT((int16_t)-32768)), vsetq_lane_s16(RT((int16_t)-32768), S16(2), 3)));
    PQ("vqdmulhq_s32", vqdmulhq_s32(S32(0), S32(16)));
    PQ("vqrdmulhq_s16", vqrdmulhq_s16(S16(0), S16(16)));
    PQ("vqrdmulhq_s32", vqrdmulhq_s32(S32(0), S32(16)));
    PQ("vqrdmulhq_n_s16", vqrdmulhq_n_s16(S16(4), -32768));
    PQ("vqdmull_s16", vqdmull_s16(DS16(0), DS16(16)));
    PQ("vqdmull_s32", vqdmull_s32(DS32(0), DS32(16)));
    PQ("vqdmlal_s16", vqdmlal_s16(S32(32), DS16(0), DS16(16)));
    PQ("vqdmlsl_s16", vqdmlsl_s16(S32(32), DS16(0), DS16(16)));
    PQ("vqmovn_s16", vqmovn_s16(S16(0)));
    PQ("vqmovn_u16", vqmovn_u16(U16(0)));
    PQ("vqmovn_s32", vqmovn_s32(S32(0)));
    PQ("vqmovn_s64", vqmovn_s64(S64(0)));
    PQ("vqmovn_u64", vqmovn_u64(U64(0)));
    PQ("vqmovun_s16", vqmovun_s16(S16(0)));
    PQ("vqmovun_s32", vqmovun_s32(S32(8)));
    int8x16_t sh = vld1q_s8((const int8_t[]){0, 1, 2, 7, 8, 9, -1, -2, -7, -8, -9, 127, -128, 3, -3, 64});
    sh = vreinterpretq_s8_u8(veorq_u8(vreinterpretq_u8_s8(sh), vandq_u8(U8(60), vdupq_n_u8(0))));
    PQ("vqshlq_s8", vqshlq_s8(S8(0), sh));
    PQ("vqshlq_u8", vqshlq_u8(U8(0), sh));
    PQ("vqrshlq_s8", vqrshlq_s8(S8(0), sh));
    PQ("vqrshlq_u8", vqrshlq_u8(U8(0), sh));
    PQ("vqshlq_s16", vqshlq_s16(S16(0), vmovl_s8(vget_low_s8(sh))));
    PQ("vqrshlq_s32", vqrshlq_s32(S32(0), vmovl_s16(vget_low_s16(vmovl_s8(vget_low_s8(sh))))));
    PQ("vqshlq_n_s8 3", vqshlq_n_s8(S8(0), 3));
    PQ("vqshlq_n_u16 5", vqshlq_n_u16(U16(0), 5));
    PQ("vqshlq_n_s64 1", vqshlq_n_s64(S64(0), 1));
    PQ("vqshluq_n_s8 2", vqshluq_n_s8(S8(0), 2));
    PQ("vqshluq_n_s32 4", vqshluq_n_s32(S32(0), 4));
    PQ("vqshrn_n_s16 3", vqshrn_n_s16(S16(0), 3));
    PQ("vqshrn_n_u32 7", vqshrn_n_u32(U32(0), 7));
    PQ("vqrshrn_n_s16 2", vqrshrn_n_s16(S16(0), 2));
    PQ("vqrshrn_n_s64 20", vqrshrn_n_s64(S64(0), 20));
    PQ("vqshrun_n_s16 1", vqshrun_n_s16(S16(0), 1));
    PQ("vqrshrun_n_s32 9", vqrshrun_n_s32(S32(0), 9));
    PQ("vqabsq_s8", vqabsq_s8(S8(0)));
    PQ("vqabsq_s16 min", vqabsq_s16(vsetq_lane_s16(RT((int16_t)-32768), S16(6), 2)));
    PQ("vqnegq_s8", vqnegq_s8(S8(0)));
    PQ("vqnegq_s64", vqnegq_s64(S64(8)));
    PQ("vuqaddq_s8", vuqaddq_s8(S8(0), U8(16)));
    PQ("vsqaddq_u8", vsqaddq_u8(U8(0), S8(16)));
    PQ("vqaddb_s8", vset_lane_s8(vqaddb_s8(vgetq_lane_s8(S8(2), 0), 100), vdup_n_s8(0), 0));
    PQ("vqaddd_u64", vdup_n_u64(vqaddd_u64(vgetq_lane_u64(U64(4), 0), vgetq_lane_u64(U64(4), 1))));
    return 0;
}
