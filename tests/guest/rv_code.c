// crossrun-test: arch=riscv64 compare=expected qemu=fails
/* Code that riscv64 programs write and run, beyond self_modifying.c's:
 * - functions made of compressed instructions, rewritten in place;
 * - a 32-bit instruction straddling a page boundary, whose second half (on the next
 *   page) alone is rewritten: the translation of a block must be dropped when any
 *   page it was read from changes;
 * - a rewrite that changes where instructions begin (one 32-bit instruction becomes
 *   two 16-bit ones, and back);
 * - a store into the running function just ahead of the program counter, made
 *   visible by FENCE.I as the specification requires;
 * - the ways a program asks for the instruction cache to be synchronised:
 *   __builtin___clear_cache (glibc's __riscv_flush_icache) and the riscv_flush_icache
 *   system call, with its flag checks (EINVAL for unknown flags).
 *
 * qemu=fails: Linux's riscv_flush_icache (arch/riscv/kernel/sys_riscv.c) returns
 * EINVAL for any flag but SYS_RISCV_FLUSH_ICACHE_LOCAL; qemu-riscv64 returns 0 for
 * every call, so its last line ends "flags 2: 0 Success". */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

typedef long (*fn)(void);

/* ADDI a0, zero, imm */
static uint32_t addi_a0(int imm) { return (uint32_t)(imm & 0xfff) << 20 | 10 << 7 | 0x13; }
/* C.LI a0, imm (-32..31) */
static uint16_t c_li_a0(int imm) { return (uint16_t)(0x4001 | (imm & 0x20) << 7 | 10 << 7 | (imm & 0x1f) << 2); }
/* C.ADDI a0, imm (nonzero, -32..31) */
static uint16_t c_addi_a0(int imm) { return (uint16_t)(0x0001 | (imm & 0x20) << 7 | 10 << 7 | (imm & 0x1f) << 2); }
static const uint16_t C_JR_RA = 0x8082;
static const uint32_t JALR_RA = 0x00008067;

static void put16(unsigned char *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static long call(void *at) { return ((fn)(uintptr_t)at)(); }

/* The words of a function that stores a0 (an instruction word) over its own
 * ADDI a0, zero, 1 two instructions ahead, runs FENCE.I and then that instruction. */
static const uint32_t STORE_AHEAD[] = {
    0x00000297, /* auipc t0, 0 */
    0x00a2a823, /* sw a0, 16(t0) */
    0x0000100f, /* fence.i */
    0x00000013, /* nop */
    0x00100513, /* addi a0, zero, 1 (offset 16) */
    0x00008067, /* ret */
};

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    unsigned char *code = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }

    /* Compressed: C.LI a0, imm ; C.JR ra */
    put16(code, c_li_a0(3));
    put16(code + 2, C_JR_RA);
    long first = call(code);
    put16(code, c_li_a0(-7));
    long second = call(code);
    long sum = 0, want = 0;
    for (int i = -32; i < 32; i++) {
        put16(code, c_li_a0(i));
        sum += call(code) * (i + 100);
        want += i * (i + 100);
    }
    printf("compressed: %ld %ld loop %s\n", first, second, sum == want ? "ok" : "stale");

    /* One instruction becomes two and back: ADDI a0, zero, 5 ; JALR ra  <->  C.LI a0, 6 ;
     * C.ADDI a0, 1 ; JALR ra (the return moves from offset 4 to offset 4: same place,
     * different instructions before it). */
    put32(code + 64, addi_a0(5));
    put32(code + 68, JALR_RA);
    long wide = call(code + 64);
    put16(code + 64, c_li_a0(6));
    put16(code + 66, c_addi_a0(1));
    long narrow = call(code + 64);
    put32(code + 64, addi_a0(9));
    long wide_again = call(code + 64);
    /* ...and a 32-bit instruction whose upper half is entered as its own 16-bit one */
    put16(code + 64, c_li_a0(2));
    put16(code + 66, C_JR_RA);
    long half = call(code + 64);
    printf("instruction boundaries: %ld %ld %ld %ld\n", wide, narrow, wide_again, half);

    /* Straddling: ADDI a0, zero, imm at page - 2, its upper half on the next page. */
    unsigned char *at = code + page - 2;
    put32(at, addi_a0(100));
    put16(at + 4, C_JR_RA);
    long before = call(at);
    uint32_t changed = addi_a0(1000);
    memcpy(code + page, (unsigned char *)&changed + 2, 2); /* the second page only */
    long after = call(at);
    /* ...and the first half alone (the first page only): the opcode becomes LUI, so a0
     * is the instruction's upper 20 bits, 1000 << 20. */
    uint16_t low;
    memcpy(&low, at, 2);
    put16(at, (uint16_t)((low & ~0x7f) | 0x37));
    long lui = call(at);
    printf("straddling: %ld %ld %ld\n", before, after, lui);

    /* A store ahead of the pc in the running function, then FENCE.I. */
    memcpy(code + 256, STORE_AHEAD, sizeof STORE_AHEAD);
    long (*store_ahead)(uint32_t) = (long (*)(uint32_t))(uintptr_t)(code + 256);
    long ahead = store_ahead(addi_a0(5));
    long ahead_again = store_ahead(addi_a0(6));
    printf("store ahead + fence.i: %ld %ld\n", ahead, ahead_again);

    /* Synchronising the instruction cache. */
    put32(code + 128, addi_a0(11));
    put32(code + 132, JALR_RA);
    __builtin___clear_cache((char *)code + 128, (char *)code + 136);
    long by_builtin = call(code + 128);
    put32(code + 128, addi_a0(12));
    long r = syscall(SYS_riscv_flush_icache, code + 128, code + 136, 0UL);
    long by_syscall = call(code + 128);
    put32(code + 128, addi_a0(13));
    long r_local = syscall(SYS_riscv_flush_icache, code + 128, code + 136, 1UL /* SYS_RISCV_FLUSH_ICACHE_LOCAL */);
    long by_local = call(code + 128);
    errno = 0;
    long bad = syscall(SYS_riscv_flush_icache, code + 128, code + 136, 2UL);
    int bad_errno = errno;
    printf("clear_cache %ld; riscv_flush_icache %ld -> %ld, local %ld -> %ld, flags 2: %ld %s\n", by_builtin, r,
           by_syscall, r_local, by_local, bad, bad_errno == EINVAL ? "EINVAL" : strerror(bad_errno));
    return 0;
}
