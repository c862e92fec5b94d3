// Stack overflow from infinite recursion, caught by a SIGSEGV handler running on the
// alternate signal stack (SA_ONSTACK); sigaltstack's SS_ONSTACK seen from inside.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static char altstack[64 * 1024];
static sigjmp_buf jb;
static volatile int on_alt, ss_flags_inside, saved_flags;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    (void)si;
    char here;
    on_alt = &here >= altstack && &here < altstack + sizeof altstack;
    stack_t now;
    sigaltstack(0, &now);
    ss_flags_inside = now.ss_flags;
    saved_flags = ((ucontext_t *)ctx)->uc_stack.ss_flags;
    siglongjmp(jb, 1);
}

static int depth;
static int recurse(volatile char *p) {
    volatile char buf[1024];
    buf[0] = *p;
    depth++;
    return recurse(buf) + buf[0];
}

int main(void) {
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    if (sigaltstack(&ss, 0)) perror("sigaltstack");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, 0);
    char c = 1;
    if (sigsetjmp(jb, 1) == 0) {
        recurse(&c);
    }
    printf("overflow caught: deep=%d on_altstack=%d ss_flags_inside=%d interrupted_flags=%d\n", depth > 1000, on_alt,
           ss_flags_inside, saved_flags);
    stack_t after;
    sigaltstack(0, &after);
    printf("after: ss_flags=%d\n", after.ss_flags);
    return 0;
}
