// crossrun-test: arch=aarch64 compare=expected
/* NEON compare, test, select and bitwise ops: vceq/vcge/vcgt/vcle/vclt
 * (register and against zero), vtst, vbsl, vand/vorr/veor/vbic/vorn, and
 * float compares including NaN lanes and absolute compares vcage/vcagt. */
#include "neon_common.h"

int main(void)
{
    neon_init();
    P("vceqq_u8", vceqq_u8(U8(0), vextq_u8(U8(0), U8(0), 0)));
    P("vceqq_u8 b", vceqq_u8(U8(0), vandq_u8(U8(0), U8(48))));
    P("vcgtq_s8", vcgtq_s8(S8(0), S8(16)));
    P("vcgtq_u8", vcgtq_u8(U8(0), U8(16)));
    P("vcgeq_s16", vcgeq_s16(S16(0), S16(16)));
    P("vcgeq_u16", vcgeq_u16(U16(0), U16(16)));
    P("vcltq_s32", vcltq_s32(S32(0), S32(16)));
    P("vcleq_u32", vcleq_u32(U32(0), U32(16)));
    P("vcgtq_s64", vcgtq_s64(S64(0), S64(16)));
    P("vcgtq_u64", vcgtq_u64(U64(0), U64(16)));
    P("vceqzq_s8", vceqzq_s8(S8(0)));
    P("vcgtzq_s8", vcgtzq_s8(S8(0)));
    P("vcgezq_s16", vcgezq_s16(S16(0)));
    P("vcltzq_s32", vcltzq_s32(S32(0)));
    P("vclezq_s64", vclezq_s64(S64(0)));
    P("vtstq_u8", vtstq_u8(U8(0), U8(16)));
    P("vtstq_u16", vtstq_u16(U16(0), vdupq_n_u16(RT((uint16_t)0x8001))));
    P("vtstq_u64", vtstq_u64(U64(0), U64(16)));
    P("vbslq_u8", vbslq_u8(U8(32), U8(0), U8(16)));
    P("vbslq_u32", vbslq_u32(vcgtq_u32(U32(0), U32(16)), U32(0), U32(16)));
    P("vbslq_f32", vbslq_f32(vcltq_f32(F32(0), F32(4)), F32(0), F32(4)));
    P("vbsl_u8", vbsl_u8(D8(32), D8(0), D8(16)));
    P("vandq_u8", vandq_u8(U8(0), U8(16)));
    P("vorrq_u8", vorrq_u8(U8(0), U8(16)));
    P("veorq_u8", veorq_u8(U8(0), U8(16)));
    P("vbicq_u8", vbicq_u8(U8(0), U8(16)));
    P("vornq_u8", vornq_u8(U8(0), U8(16)));
    P("vbicq_n style", vbicq_u16(U16(0), vdupq_n_u16(RT((uint16_t)0x00ff))));
    P("veor3 emulation", veorq_u8(veorq_u8(U8(0), U8(16)), U8(32)));
    float32x4_t nanv = vsetq_lane_f32(__builtin_nanf(""), F32(0), 2);
    nanv = vsetq_lane_f32(RT(1.0f), nanv, 3);
    P("vceqq_f32", vceqq_f32(nanv, F32(0)));
    P("vcgtq_f32", vcgtq_f32(nanv, F32(4)));
    P("vcgeq_f32", vcgeq_f32(F32(4), nanv));
    P("vcltq_f32", vcltq_f32(F32(8), F32(12)));
    P("vcleq_f32", vcleq_f32(F32(12), F32(8)));
    P("vcagtq_f32", vcagtq_f32(F32(0), F32(8)));
    P("vcageq_f32", vcageq_f32(nanv, F32(12)));
    P("vcaltq_f32", vcaltq_f32(F32(4), F32(12)));
    P("vceqzq_f32", vceqzq_f32(F32(4)));
    P("vcgtzq_f32", vcgtzq_f32(nanv));
    P("vcltzq_f32", vcltzq_f32(F32(4)));
    P("vceqq_f64", vceqq_f64(F64(0), F64(2)));
    P("vcgtq_f64", vcgtq_f64(F64(0), F64(4)));
    P("vcleq_f64", vcleq_f64(F64(4), F64(6)));
    P("vceqd_u64", vdup_n_u64(vceqd_u64(vgetq_lane_u64(U64(0), 0), RT((uint64_t)0x4081feff807f0100ULL))));
    P("vcgtd_s64", vdup_n_u64(vcgtd_s64(vgetq_lane_s64(S64(0), 0), vgetq_lane_s64(S64(16), 0))));
    return 0;
}
