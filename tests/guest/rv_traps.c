// crossrun-test: arch=riscv64 compare=expected signal=SIGILL
/* What the riscv64 kernel gives a program for its traps, and the signal frame:
 * - EBREAK and C.EBREAK: SIGTRAP, TRAP_BRKPT, si_addr the instruction's address;
 * - an illegal instruction (the 16-bit all-zeros parcel, a write to the read-only
 *   cycle CSR, a floating-point instruction with a dynamic rounding mode while frm
 *   holds a reserved value): SIGILL, ILL_ILLOPC, si_addr the instruction;
 * - loads and stores to unmapped and read-only memory: SIGSEGV, SEGV_MAPERR or
 *   SEGV_ACCERR, si_addr the data address;
 * - the ucontext: pc and x1..x31 in __gregs, f0..f31 and fcsr in __fpregs.__d, as the
 *   instruction found them; a handler that changes them (a skipped instruction, a
 *   register, an f register, frm) changes the program, and everything it clobbers
 *   without saving is restored by rt_sigreturn (there is no SA_RESTORER on riscv: the
 *   handler returns through the kernel's vDSO trampoline, crossrun's own page);
 * - the handler runs on the alternate stack with a 16-byte aligned sp.
 * Finally SIGILL is made the default action and C.UNIMP kills the process. */
#define _GNU_SOURCE
#include "common.h"
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* glibc names pc, ra, sp, tp, s0, s1, a0 and s2 in __gregs; the rest by number. */
enum { REG_A2 = REG_A0 + 2 };

static char altstack[65536] __attribute__((aligned(16)));
static void *ro_page;
static int on_altstack, sp_aligned;

static unsigned insn_length(unsigned long pc) { return (*(const uint16_t *)pc & 3) == 3 ? 4 : 2; }

static void handler(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    mcontext_t *mc = &uc->uc_mcontext;
    unsigned long pc = mc->__gregs[REG_PC];
    unsigned long sp;
    __asm__ volatile("mv %0, sp" : "=r"(sp));
    on_altstack = sp >= (unsigned long)altstack && sp < (unsigned long)altstack + sizeof altstack;
    sp_aligned = sp % 16 == 0;
    unsigned len = insn_length(pc);
    const char *addr = si->si_addr == (void *)pc ? "pc"
                       : si->si_addr == (void *)16 ? "16"
                       : si->si_addr == ro_page ? "page"
                       : "other";
    printf("  %s si_code=%d addr=%s len=%u a2=%lx ft0=%016llx fcsr=%02x\n", strsignal(sig), si->si_code, addr, len,
           mc->__gregs[REG_A2],
           (unsigned long long)mc->__fpregs.__d.__f[0], mc->__fpregs.__d.__fcsr);
    /* Clobber live state the interrupted code relies on; sigreturn must undo it. */
    __asm__ volatile("fmv.d.x ft0, zero\n\tfmv.d.x ft1, zero\n\tli a2, 0\n\tfscsr zero" ::: "a2", "ft0", "ft1");
    /* Changes to the saved state take effect. */
    mc->__gregs[REG_PC] = pc + len;
    mc->__gregs[REG_A0] = 42;
    mc->__fpregs.__d.__f[1] = 0x4045000000000000ULL; /* 42.0 */
    mc->__fpregs.__d.__fcsr &= 0x1f;                 /* frm = RNE, flags kept */
}

/* Runs the trapping instruction INSN with a0 = 1, a2 = 0x1111, ft0 = 1.5, ft1 = 0,
 * frm = FRM and fflags = NX; prints what the program sees afterwards. */
#define TRAP(label, frm, insn)                                                                                 \
    do {                                                                                                       \
        uint64_t a0_, a2_, ft0_, ft1_, fcsr_;                                                                  \
        printf("%s\n", label);                                                                                 \
        fflush(stdout);                                                                                        \
        __asm__ volatile("li a0, 1\n\tli a2, 0x1111\n\tli t0, 0x3ff8000000000000\n\tfmv.d.x ft0, t0\n\t"         \
                         "fmv.d.x ft1, zero\n\tfsflagsi 1\n\tfsrmi " #frm "\n\t" insn "\n\t"                   \
                         "mv %0, a0\n\tmv %1, a2\n\tfmv.x.d %2, ft0\n\tfmv.x.d %3, ft1\n\tfrcsr %4\n\tfscsr zero" \
                         : "=r"(a0_), "=r"(a2_), "=r"(ft0_), "=r"(ft1_), "=r"(fcsr_)                           \
                         :                                                                                     \
                         : "a0", "a2", "t0", "ft0", "ft1", "memory");                                          \
        printf("  after: a0=%llu a2=%llx ft0=%016llx ft1=%016llx fcsr=%02llx altstack=%d aligned=%d\n",         \
               (unsigned long long)a0_, (unsigned long long)a2_, (unsigned long long)ft0_,                     \
               (unsigned long long)ft1_, (unsigned long long)fcsr_, on_altstack, sp_aligned);                  \
    } while (0)

int main(void)
{
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGTRAP, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);

    TRAP("ebreak", 3, ".option push\n\t.option norvc\n\tebreak\n\t.option pop");
    TRAP("c.ebreak", 3, ".option push\n\t.option rvc\n\tc.ebreak\n\t.option pop");
    TRAP("c.unimp", 1, ".2byte 0");
    TRAP("csrw cycle", 1, ".4byte 0xc0001073");
    TRAP("fadd.d with frm=5", 5, "fadd.d ft0, ft0, ft0, dyn");
    TRAP("fcvt.w.d with frm=7", 7, "fcvt.w.d a0, ft0, dyn");
    TRAP("ld from 16", 2, ".option push\n\t.option norvc\n\tld a0, 16(zero)\n\t.option pop");
    TRAP("c.sd to 16", 2, ".option push\n\t.option rvc\n\tli a1, 16\n\tc.sd a0, 0(a1)\n\t.option pop");

    ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    TRAP("sd to a read-only page", 2, "lla t0, ro_page\n\tld t0, 0(t0)\n\tsd zero, 0(t0)");

    /* The default action for SIGILL ends the program here. */
    signal(SIGILL, SIG_DFL);
    printf("c.unimp with the default action\n");
    fflush(stdout);
    __asm__ volatile(".2byte 0");
    printf("still alive?!\n");
    return 0;
}
