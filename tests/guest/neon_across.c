// crossrun-test: arch=aarch64 compare=expected
/* NEON across-lanes reductions: vaddv, vaddlv, vmaxv/vminv (int and
 * float, including NaN and maxnmv/minnmv), plus pairwise scalar forms. */
#include "neon_common.h"
#include "common.h"

#define PR(name, x) printf("%-22s %llx\n", name, (unsigned long long)(x))
#define PRF(name, x) printf("%-22s %08x\n", name, fbits(x))

int main(void)
{
    neon_init();
    for (int o = 0; o <= 48; o += 16) {
        printf("offset %d\n", o);
        PR("vaddvq_u8", vaddvq_u8(U8(o)));
        PR("vaddvq_s8", (uint8_t)vaddvq_s8(S8(o)));
        PR("vaddv_u8", vaddv_u8(D8(o)));
        PR("vaddvq_u16", vaddvq_u16(U16(o)));
        PR("vaddvq_s32", (uint32_t)vaddvq_s32(S32(o)));
        PR("vaddvq_u64", vaddvq_u64(U64(o)));
        PR("vaddlvq_u8", vaddlvq_u8(U8(o)));
        PR("vaddlvq_s8", (uint16_t)vaddlvq_s8(S8(o)));
        PR("vaddlvq_u16", vaddlvq_u16(U16(o)));
        PR("vaddlvq_s16", (uint32_t)vaddlvq_s16(S16(o)));
        PR("vaddlvq_u32", vaddlvq_u32(U32(o)));
        PR("vaddlvq_s32", (uint64_t)vaddlvq_s32(S32(o)));
        PR("vmaxvq_u8", vmaxvq_u8(U8(o)));
        PR("vmaxvq_s8", (uint8_t)vmaxvq_s8(S8(o)));
        PR("vminvq_u8", vminvq_u8(U8(o)));
        PR("vminvq_s8", (uint8_t)vminvq_s8(S8(o)));
        PR("vmaxvq_s16", (uint16_t)vmaxvq_s16(S16(o)));
        PR("vminvq_u16", vminvq_u16(U16(o)));
        PR("vmaxvq_u32", vmaxvq_u32(U32(o)));
        PR("vminvq_s32", (uint32_t)vminvq_s32(S32(o)));
        PR("vmaxv_s8", (uint8_t)vmaxv_s8(DS8(o)));
        PR("vminv_u16", vminv_u16(DU16(o)));
    }
    for (int o = 0; o <= 12; o += 4) {
        printf("float offset %d\n", o);
        PRF("vaddvq_f32", vaddvq_f32(F32(o)));
        PRF("vmaxvq_f32", vmaxvq_f32(F32(o)));
        PRF("vminvq_f32", vminvq_f32(F32(o)));
        PRF("vmaxnmvq_f32", vmaxnmvq_f32(F32(o)));
        PRF("vminnmvq_f32", vminnmvq_f32(F32(o)));
        PRF("vpadds_f32", vpadds_f32(vget_low_f32(F32(o))));
    }
    float32x4_t withnan = vsetq_lane_f32(__builtin_nanf(""), F32(0), 1);
    PRF("vmaxvq_f32 nan", vmaxvq_f32(withnan));
    PRF("vminvq_f32 nan", vminvq_f32(withnan));
    PRF("vmaxnmvq_f32 nan", vmaxnmvq_f32(withnan));
    PRF("vminnmvq_f32 nan", vminnmvq_f32(withnan));
    PRF("vaddvq_f32 nan", vaddvq_f32(withnan));
    PR("vaddvq_f64", dbits(vaddvq_f64(F64(0))));
    PR("vmaxvq_f64", dbits(vmaxvq_f64(F64(2))));
    PR("vminnmvq_f64", dbits(vminnmvq_f64(F64(4))));
    PR("vpaddd_u64", vpaddd_u64(U64(0)));
    PR("vpaddd_f64", dbits(vpaddd_f64(F64(6))));
    /* reduction over a longer buffer */
    uint32_t total = 0;
    for (int i = 0; i + 16 <= 160; i += 16) total += vaddlvq_u8(U8(i));
    PR("sum of g8", total);
    return 0;
}
