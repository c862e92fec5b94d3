// crossrun-test: arch=aarch64 variants=all compare=expected signal=SIGILL qemu=fails
/* Executes .inst 0x00000000 (permanently undefined, UDF #0): the process
 * must die by SIGILL. Before that, a SIGILL handler is installed once to
 * check that si_code is ILL_ILLOPC and si_addr points at the instruction;
 * the handler then restores the default action and returns, so the
 * instruction traps again and kills the process.
 *
 * qemu=fails: Linux arm64 (arch/arm64/kernel/traps.c) delivers SIGILL for
 * an undefined EL0 instruction with si_code ILL_ILLOPC (1); qemu-aarch64's
 * linux-user loop reports ILL_ILLOPN (2) instead. The expected file holds
 * the kernel's value, so this test fails under qemu by design. */
#include "common.h"
#include <signal.h>

extern char undef_insn[];
static void on_ill(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    printf("handler: sig=%d si_code=%d (ILL_ILLOPC=%d) addr_matches=%d\n", sig, si->si_code, ILL_ILLOPC,
           si->si_addr == (void *)undef_insn);
    fflush(stdout);
    signal(SIGILL, SIG_DFL);
}
int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    printf("executing udf\n");
    fflush(stdout);
    __asm__ volatile(".global undef_insn\nundef_insn:\n\t.inst 0x00000000");
    printf("still alive?!\n");
    return 0;
}
