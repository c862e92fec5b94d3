// crossrun-test: variants=all compare=native
/* setjmp/longjmp: non-local exits through nested frames, return values
 * (including longjmp(env, 0) -> 1), preservation of callee-saved integer
 * and FP registers across the jump, sigsetjmp/siglongjmp out of a signal
 * handler with the signal mask restored. */
#include "common.h"
#include <setjmp.h>
#include <signal.h>

static jmp_buf env;
static sigjmp_buf senv;
static int depth_reached;

__attribute__((noinline)) static void dive(int depth, int target, int val)
{
    volatile char pad[100];
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - depth;
    if (depth == target) longjmp(env, val);
    if (depth > 1000) return;
    dive(depth + 1, target, val);
    pad[1] = 0;
}

__attribute__((noinline)) static double fp_work(double x)
{
    /* uses many FP registers, forcing callee-saved d8-d15 to be used by the caller side */
    double a = x * 1.5, b = x * 2.5, c = x - 3, d = x / 7, e = a * b, f = c * d, g = e + f, h = g * g;
    if (x > 100) longjmp(env, 9);
    return a + b + c + d + e + f + g + h;
}

static void on_usr1(int sig)
{
    (void)sig;
    siglongjmp(senv, 77);
}

int main(void)
{
    for (int t = 0; t < 5; t++) {
        volatile int counter = 0;
        int r = setjmp(env);
        if (r == 0) {
            counter = 10;
            dive(0, t * 7, t);
            printf("not reached\n");
        } else {
            printf("t=%d longjmp returned %d depth %d counter %d\n", t, r, depth_reached, counter);
        }
    }
    /* callee-saved registers survive: values live across setjmp in registers */
    double k1 = 1.25, k2 = -3.5, k3 = 1e100;
    long i1 = 0x1234, i2 = -99, i3 = 0x7fffffffffffLL;
    volatile int pass = 0;
    int r = setjmp(env);
    pass++;
    double s = k1 * k2 + k3;
    long li = i1 + i2 * i3;
    if (r == 0) {
        printf("fp_work %.17g\n", fp_work(3.0));
        fp_work(1000.0);
    }
    printf("after jump r=%d pass=%d s=%.17g li=%ld\n", r, pass, s, li);
    /* signal handler + siglongjmp restores the mask */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    int rr = sigsetjmp(senv, 1);
    if (rr == 0) {
        raise(SIGUSR1);
        printf("not reached\n");
    }
    sigset_t cur;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("siglongjmp %d usr1 blocked after=%d\n", rr, sigismember(&cur, SIGUSR1));
    /* sigsetjmp without mask save: the mask stays as set in the handler */
    rr = sigsetjmp(senv, 0);
    if (rr == 0) raise(SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &cur);
    printf("siglongjmp nosave %d usr1 blocked after=%d\n", rr, sigismember(&cur, SIGUSR1));
    return 0;
}
