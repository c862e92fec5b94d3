// crossrun-test: compare=native flags=+crc variants=all
/* CRC32B/H/W/X and CRC32CB/CH/CW/CX via the ACLE __crc32* intrinsics on
 * aarch64, a bitwise C model elsewhere. Known check values: CRC-32 and
 * CRC-32C of "123456789" are cbf43926 and e3069283. */
#include "common.h"
#if defined(__aarch64__)
#include <arm_acle.h>
#endif

__attribute__((unused)) static uint32_t model(uint32_t crc, uint64_t data, int bytes, uint32_t poly)
{
    for (int i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(data >> (8 * i));
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ ((crc & 1) ? poly : 0);
    }
    return crc;
}
#define P_CRC 0xedb88320u
#define P_CRCC 0x82f63b78u
#if defined(__aarch64__)
static uint32_t crc_b(uint32_t c, uint8_t d) { return __crc32b(c, d); }
static uint32_t crc_h(uint32_t c, uint16_t d) { return __crc32h(c, d); }
static uint32_t crc_w(uint32_t c, uint32_t d) { return __crc32w(c, d); }
static uint32_t crc_d(uint32_t c, uint64_t d) { return __crc32d(c, d); }
static uint32_t crcc_b(uint32_t c, uint8_t d) { return __crc32cb(c, d); }
static uint32_t crcc_h(uint32_t c, uint16_t d) { return __crc32ch(c, d); }
static uint32_t crcc_w(uint32_t c, uint32_t d) { return __crc32cw(c, d); }
static uint32_t crcc_d(uint32_t c, uint64_t d) { return __crc32cd(c, d); }
#else
static uint32_t crc_b(uint32_t c, uint8_t d) { return model(c, d, 1, P_CRC); }
static uint32_t crc_h(uint32_t c, uint16_t d) { return model(c, d, 2, P_CRC); }
static uint32_t crc_w(uint32_t c, uint32_t d) { return model(c, d, 4, P_CRC); }
static uint32_t crc_d(uint32_t c, uint64_t d) { return model(c, d, 8, P_CRC); }
static uint32_t crcc_b(uint32_t c, uint8_t d) { return model(c, d, 1, P_CRCC); }
static uint32_t crcc_h(uint32_t c, uint16_t d) { return model(c, d, 2, P_CRCC); }
static uint32_t crcc_w(uint32_t c, uint32_t d) { return model(c, d, 4, P_CRCC); }
static uint32_t crcc_d(uint32_t c, uint64_t d) { return model(c, d, 8, P_CRCC); }
#endif

/* Buffer CRC using the widest steps possible after aligning. */
static uint32_t crc_buf(const uint8_t *p, size_t n, int castagnoli)
{
    uint32_t c = 0xffffffffu;
    while (n && ((uintptr_t)p & 7)) { c = castagnoli ? crcc_b(c, *p) : crc_b(c, *p); p++; n--; }
    while (n >= 8) { uint64_t v; memcpy(&v, p, 8); c = castagnoli ? crcc_d(c, v) : crc_d(c, v); p += 8; n -= 8; }
    if (n >= 4) { uint32_t v; memcpy(&v, p, 4); c = castagnoli ? crcc_w(c, v) : crc_w(c, v); p += 4; n -= 4; }
    if (n >= 2) { uint16_t v; memcpy(&v, p, 2); c = castagnoli ? crcc_h(c, v) : crc_h(c, v); p += 2; n -= 2; }
    if (n) c = castagnoli ? crcc_b(c, *p) : crc_b(c, *p);
    return ~c;
}

int main(void)
{
    const char *check = "123456789";
    printf("crc32(123456789)=%08x crc32c(123456789)=%08x\n", crc_buf((const uint8_t *)check, 9, 0),
           crc_buf((const uint8_t *)check, 9, 1));
    uint32_t c = 0x12345678;
    uint64_t v = 0xfedcba9876543210ULL;
    printf("single: b=%08x h=%08x w=%08x d=%08x cb=%08x ch=%08x cw=%08x cd=%08x\n", crc_b(c, (uint8_t)v),
           crc_h(c, (uint16_t)v), crc_w(c, (uint32_t)v), crc_d(c, v), crcc_b(c, (uint8_t)v), crcc_h(c, (uint16_t)v),
           crcc_w(c, (uint32_t)v), crcc_d(c, v));
    static uint8_t buf[4096 + 8];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i * 7 + (i >> 5));
    uint64_t h = FNV_INIT;
    for (int off = 0; off < 8; off++)
        for (size_t len = 0; len < 200; len += 3) {
            h = fnv_u64(h, crc_buf(buf + off, len, 0));
            h = fnv_u64(h, crc_buf(buf + off, len, 1));
        }
    printf("crc hash %016llx big=%08x/%08x\n", (unsigned long long)h, crc_buf(buf, 4096, 0), crc_buf(buf + 1, 4096, 1));
    return 0;
}
