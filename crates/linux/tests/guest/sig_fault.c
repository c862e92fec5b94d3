// Synchronous signals delivered to SA_SIGINFO handlers: a NULL write (SEGV_MAPERR), a
// write to a read-only page (SEGV_ACCERR), an undefined instruction skipped by editing
// uc_mcontext.pc (ILL_ILLOPC), a BRK (TRAP_BRKPT); the frame's records and the
// registers the handler sees.
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <asm/sigcontext.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static void *volatile got_addr;
static volatile uint64_t got_fault_address, got_esr, got_pc;
static volatile int fpsimd_ok, esr_seen;

static void scan_records(ucontext_t *uc) {
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    fpsimd_ok = 0;
    esr_seen = 0;
    while (h->magic) {
        if (h->magic == FPSIMD_MAGIC && h->size == sizeof(struct fpsimd_context)) fpsimd_ok = 1;
        if (h->magic == ESR_MAGIC) { esr_seen = 1; got_esr = ((struct esr_context *)h)->esr; }
        h = (struct _aarch64_ctx *)((char *)h + h->size);
    }
}

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_fault_address = uc->uc_mcontext.fault_address;
    scan_records(uc);
    siglongjmp(jb, 1);
}

static void on_ill(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    got_sig = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    got_pc = uc->uc_mcontext.pc;
    scan_records(uc);
    uc->uc_mcontext.pc += 4; // skip the faulting instruction and carry on
    uc->uc_mcontext.regs[19] = 0x1234; // handlers may change registers
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);

    if (sigsetjmp(jb, 1) == 0) {
        *(volatile int *)0 = 1;
        puts("not reached");
    }
    printf("null write: sig=%d code=%d addr=%p fault_address=%#lx fpsimd=%d esr=%d wnr=%d\n", got_sig, got_code,
           got_addr, (unsigned long)got_fault_address, fpsimd_ok, esr_seen, (int)((got_esr >> 6) & 1));

    char *ro = mmap(0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(jb, 1) == 0) {
        ro[100] = 1;
        puts("not reached");
    }
    printf("read-only write: sig=%d code=%d offset=%ld\n", got_sig, got_code, (long)((char *)got_addr - ro));

    // Past the end of a shared file mapping: SIGBUS, BUS_ADRERR.
    sigaction(SIGBUS, &sa, 0);
    FILE *tf = tmpfile();
    char *past = mmap(0, 4096, PROT_READ, MAP_SHARED, fileno(tf), 0);
    if (sigsetjmp(jb, 1) == 0) {
        (void)*(volatile char *)(past + 8);
        puts("not reached");
    }
    printf("beyond EOF: sig=%d code=%d offset=%ld\n", got_sig, got_code, (long)((char *)got_addr - past));

    // The mask was restored by siglongjmp(…, 1): SIGSEGV is not blocked any more.
    sigset_t cur;
    sigprocmask(SIG_BLOCK, 0, &cur);
    printf("segv blocked after longjmp: %d\n", sigismember(&cur, SIGSEGV));

    sa.sa_sigaction = on_ill;
    sigaction(SIGILL, &sa, 0);
    sigaction(SIGTRAP, &sa, 0);
    register uint64_t x19 asm("x19") = 7;
    uint64_t udf_pc;
    asm volatile("adr %0, 1f\n1: udf #0" : "=r"(udf_pc), "+r"(x19) : : "memory");
    printf("udf: sig=%d code=%d addr_is_pc=%d pc_is_udf=%d x19=%#lx fpsimd=%d\n", got_sig, got_code,
           got_addr == (void *)udf_pc, got_pc == udf_pc, (unsigned long)x19, fpsimd_ok);
    uint64_t brk_pc;
    asm volatile("adr %0, 1f\n1: brk #0x3e8" : "=r"(brk_pc) : : "memory");
    printf("brk: sig=%d code=%d addr_is_pc=%d esr_ec=%#lx imm=%#lx\n", got_sig, got_code, got_addr == (void *)brk_pc,
           (unsigned long)(got_esr >> 26), (unsigned long)(got_esr & 0xffff));
    return 0;
}
