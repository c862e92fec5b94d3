// crossrun-test: arch=aarch64 compare=expected
/* NEON structured loads and stores: vld1..vld4 (de-interleaving), vst1..
 * vst4 (interleaving), lane and dup variants, multi-register vld1q_x2/x3/x4
 * and vst1q_x4, at unaligned addresses. The stores write into a zeroed
 * buffer that is then dumped, so any stray write shows up. */
#include "neon_common.h"

static uint8_t out[160];
static void dump_out(const char *name, int n)
{
    printf("%-22s", name);
    for (int i = 0; i < n; i++) printf("%s%02x", i % 16 ? "" : " ", out[i]);
    printf("\n");
    memset(out, 0, sizeof out);
    __asm__ volatile("" ::: "memory");
}

int main(void)
{
    neon_init();
    const uint8_t *src = g8 + 3; /* unaligned */
    P("vld1q_u8", vld1q_u8(src));
    P("vld1_u16", vld1_u16((const uint16_t *)(g8 + 1)));
    P("vld1q_u64", vld1q_u64((const uint64_t *)(g8 + 5)));
    uint8x16x2_t l2 = vld2q_u8(src);
    P("vld2q_u8.0", l2.val[0]); P("vld2q_u8.1", l2.val[1]);
    uint8x16x3_t l3 = vld3q_u8(src);
    P("vld3q_u8.0", l3.val[0]); P("vld3q_u8.1", l3.val[1]); P("vld3q_u8.2", l3.val[2]);
    uint8x16x4_t l4 = vld4q_u8(src);
    P("vld4q_u8.0", l4.val[0]); P("vld4q_u8.1", l4.val[1]); P("vld4q_u8.2", l4.val[2]); P("vld4q_u8.3", l4.val[3]);
    uint16x8x3_t l3h = vld3q_u16((const uint16_t *)(g8 + 2));
    P("vld3q_u16.0", l3h.val[0]); P("vld3q_u16.2", l3h.val[2]);
    uint32x2x4_t l4s = vld4_u32((const uint32_t *)(g8 + 4));
    P("vld4_u32.1", l4s.val[1]); P("vld4_u32.3", l4s.val[3]);
    float32x4x2_t l2f = vld2q_f32(gf);
    P("vld2q_f32.0", l2f.val[0]); P("vld2q_f32.1", l2f.val[1]);
    uint64x2x2_t l2d = vld2q_u64((const uint64_t *)(g8 + 7));
    P("vld2q_u64.1", l2d.val[1]);
    P("vld1q_dup_u8", vld1q_dup_u8(g8 + 9));
    P("vld1q_dup_u32", vld1q_dup_u32((const uint32_t *)(g8 + 13)));
    P("vld1_dup_u64", vld1_dup_u64((const uint64_t *)(g8 + 21)));
    uint8x8x2_t d2 = vld2_dup_u8(g8 + 30);
    P("vld2_dup_u8.1", d2.val[1]);
    uint16x8x3_t d3 = vld3q_dup_u16((const uint16_t *)(g8 + 11));
    P("vld3q_dup_u16.2", d3.val[2]);
    uint32x4x4_t d4 = vld4q_dup_u32((const uint32_t *)(g8 + 17));
    P("vld4q_dup_u32.3", d4.val[3]);
    P("vld1q_lane_u32 2", vld1q_lane_u32((const uint32_t *)(g8 + 33), U32(0), 2));
    P("vld1q_lane_u8 15", vld1q_lane_u8(g8 + 99, U8(0), 15));
    P("vld1q_lane_u64 0", vld1q_lane_u64((const uint64_t *)(g8 + 41), U64(16), 0));
    uint16x4x2_t ln2 = vld2_lane_u16((const uint16_t *)(g8 + 45), (uint16x4x2_t){{DU16(0), DU16(8)}}, 3);
    P("vld2_lane_u16.0", ln2.val[0]); P("vld2_lane_u16.1", ln2.val[1]);
    uint8x16x3_t ln3 = vld3q_lane_u8(g8 + 50, (uint8x16x3_t){{U8(0), U8(16), U8(32)}}, 9);
    P("vld3q_lane_u8.2", ln3.val[2]);
    uint8x16x2_t x2 = vld1q_u8_x2(g8 + 1);
    P("vld1q_u8_x2.1", x2.val[1]);
    uint8x16x3_t x3 = vld1q_u8_x3(g8 + 2);
    P("vld1q_u8_x3.2", x3.val[2]);
    uint8x16x4_t x4 = vld1q_u8_x4(g8 + 3);
    P("vld1q_u8_x4.3", x4.val[3]);

    vst1q_u8(out + 1, U8(0)); dump_out("vst1q_u8 +1", 32);
    vst1_u16((uint16_t *)(out + 3), DU16(8)); dump_out("vst1_u16 +3", 16);
    vst2q_u8(out + 5, (uint8x16x2_t){{U8(0), U8(16)}}); dump_out("vst2q_u8 +5", 48);
    vst3q_u8(out + 7, (uint8x16x3_t){{U8(0), U8(16), U8(32)}}); dump_out("vst3q_u8 +7", 64);
    vst4q_u8(out + 2, (uint8x16x4_t){{U8(0), U8(16), U8(32), U8(48)}}); dump_out("vst4q_u8 +2", 80);
    vst2q_u16((uint16_t *)(out + 1), (uint16x8x2_t){{U16(0), U16(16)}}); dump_out("vst2q_u16 +1", 48);
    vst3_u32((uint32_t *)(out + 6), (uint32x2x3_t){{DU32(0), DU32(8), DU32(16)}}); dump_out("vst3_u32 +6", 32);
    vst4q_u32((uint32_t *)(out + 4), (uint32x4x4_t){{U32(0), U32(16), U32(32), U32(48)}}); dump_out("vst4q_u32 +4", 80);
    vst2q_u64((uint64_t *)(out + 9), (uint64x2x2_t){{U64(0), U64(16)}}); dump_out("vst2q_u64 +9", 48);
    vst1q_lane_u16((uint16_t *)(out + 5), U16(0), 6); dump_out("vst1q_lane_u16 +5", 16);
    vst1q_lane_u64((uint64_t *)(out + 3), U64(16), 1); dump_out("vst1q_lane_u64 +3", 16);
    vst2_lane_u8(out + 1, (uint8x8x2_t){{D8(0), D8(8)}}, 5); dump_out("vst2_lane_u8 +1", 16);
    vst3q_lane_u16((uint16_t *)(out + 2), (uint16x8x3_t){{U16(0), U16(16), U16(32)}}, 7); dump_out("vst3q_lane_u16 +2", 16);
    vst4q_lane_u32((uint32_t *)(out + 1), (uint32x4x4_t){{U32(0), U32(16), U32(32), U32(48)}}, 2); dump_out("vst4q_lane_u32 +1", 32);
    vst1q_u8_x4(out + 3, (uint8x16x4_t){{U8(0), U8(16), U8(32), U8(48)}}); dump_out("vst1q_u8_x4 +3", 80);
    vst1q_f32_x2((float *)(out + 4), (float32x4x2_t){{F32(0), F32(4)}}); dump_out("vst1q_f32_x2 +4", 48);
    /* round trip: de-interleave RGBA-like pixels, swap channels, re-interleave */
    uint8_t pix[64], back[64];
    memcpy(pix, g8 + 10, 64);
    uint8x16x4_t px = vld4q_u8(pix);
    uint8x16_t tmp = px.val[0]; px.val[0] = px.val[2]; px.val[2] = tmp;
    vst4q_u8(back, px);
    int ok = 1;
    for (int i = 0; i < 64; i += 4)
        ok &= back[i] == pix[i + 2] && back[i + 2] == pix[i] && back[i + 1] == pix[i + 1] && back[i + 3] == pix[i + 3];
    printf("rgba swap ok=%d\n", ok);
    return 0;
}
