// Signals a program sends itself: raise/kill/sigqueue with their siginfo, sa_mask and
// the signal itself blocked in the handler (and pending until it returns), SA_NODEFER,
// SA_RESETHAND, sigsuspend, sigtimedwait, a raised SIGSEGV, a handler without
// SA_RESTORER (the kernel's trampoline).
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char log_[256];
static volatile int logn;
static void note(char c) { log_[logn++] = c; }

static volatile int code, pid_ok, value, usr2_blocked_inside, usr1_blocked_inside, depth, maxdepth;

static void on_usr1(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    note('1');
    code = si->si_code;
    pid_ok = si->si_pid == getpid() && si->si_uid == getuid();
    value = si->si_value.sival_int;
    sigset_t cur;
    sigprocmask(SIG_BLOCK, 0, &cur);
    usr1_blocked_inside = sigismember(&cur, SIGUSR1);
    usr2_blocked_inside = sigismember(&cur, SIGUSR2);
    if (sig == SIGUSR1 && code == SI_TKILL) {
        raise(SIGUSR2); // blocked by sa_mask: runs after this handler returns
        note('r');
    }
}

static void on_usr2(int sig) {
    (void)sig;
    note('2');
}

static void on_nodefer(int sig) {
    depth++;
    if (depth > maxdepth) maxdepth = depth;
    if (depth < 3) raise(sig); // SA_NODEFER: delivered at once, nested
    depth--;
}

static volatile int segv_code;
static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    (void)ctx;
    segv_code = si->si_code;
}

static void install(int sig, void *h, int flags, int masked) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = h;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (masked) sigaddset(&sa.sa_mask, masked);
    sigaction(sig, &sa, 0);
}

int main(void) {
    install(SIGUSR1, on_usr1, SA_SIGINFO, SIGUSR2);
    install(SIGUSR2, on_usr2, 0, 0);

    raise(SIGUSR1);
    note('.');
    printf("raise: order=%.*s code=%s pid_ok=%d usr1_blocked=%d usr2_blocked=%d\n", logn, log_,
           code == SI_TKILL ? "SI_TKILL" : "?", pid_ok, usr1_blocked_inside, usr2_blocked_inside);

    logn = 0;
    kill(getpid(), SIGUSR1);
    printf("kill: code=%s pid_ok=%d\n", code == SI_USER ? "SI_USER" : "?", pid_ok);

    union sigval v = {.sival_int = 42};
    sigqueue(getpid(), SIGUSR1, v);
    printf("sigqueue: code=%s value=%d\n", code == SI_QUEUE ? "SI_QUEUE" : "?", value);

    install(SIGUSR2, on_nodefer, SA_NODEFER, 0);
    raise(SIGUSR2);
    printf("nodefer: nested depth=%d\n", maxdepth);

    install(SIGUSR2, on_usr2, SA_RESETHAND, 0);
    raise(SIGUSR2);
    struct sigaction now;
    sigaction(SIGUSR2, 0, &now);
    printf("resethand: back to default=%d\n", now.sa_handler == SIG_DFL);

    // Blocked, pending, then taken by sigsuspend with the handler run.
    install(SIGUSR2, on_usr2, 0, 0);
    sigset_t b, old, wait;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR2);
    sigprocmask(SIG_BLOCK, &b, &old);
    logn = 0;
    raise(SIGUSR2);
    sigset_t pend;
    sigpending(&pend);
    printf("pending while blocked: %d handled=%d\n", sigismember(&pend, SIGUSR2), logn);
    sigemptyset(&wait);
    int r = sigsuspend(&wait);
    sigset_t cur;
    sigprocmask(SIG_BLOCK, 0, &cur);
    printf("sigsuspend: ret=%d handled=%d mask restored=%d\n", r, logn, sigismember(&cur, SIGUSR2));

    // sigtimedwait takes a blocked signal without running its handler.
    logn = 0;
    union sigval v2 = {.sival_int = 7};
    sigqueue(getpid(), SIGUSR2, v2);
    siginfo_t si;
    struct timespec ts = {1, 0};
    int s = sigtimedwait(&b, &si, &ts);
    printf("sigtimedwait: sig=%d value=%d handled=%d\n", s, si.si_value.sival_int, logn);
    struct timespec short_ts = {0, 10000000};
    s = sigtimedwait(&b, &si, &short_ts);
    printf("sigtimedwait timeout: %d\n", s);
    sigprocmask(SIG_SETMASK, &old, 0);

    // A SIGSEGV the program raises itself (not a fault).
    install(SIGSEGV, on_segv, SA_SIGINFO, 0);
    raise(SIGSEGV);
    printf("raised SIGSEGV: code=%s\n", segv_code == SI_TKILL ? "SI_TKILL" : "?");

    // Without SA_RESTORER (glibc always sets it; the raw call does not): the handler
    // returns through crossrun's sigreturn trampoline.
    struct {
        void *handler;
        unsigned long flags;
        void *restorer;
        unsigned long mask;
    } raw = {(void *)on_usr2, 0, 0, 0};
    syscall(SYS_rt_sigaction, SIGUSR2, &raw, 0, 8);
    logn = 0;
    raise(SIGUSR2);
    printf("no SA_RESTORER: handled=%d\n", logn);
    return 0;
}
