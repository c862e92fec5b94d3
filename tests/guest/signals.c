// crossrun-test: compare=native
/* Signal delivery: sigaction handlers with SA_SIGINFO, raise/kill to self,
 * blocked + pending signals delivered on unblock, SA_RESETHAND, SA_NODEFER,
 * a recoverable SIGSEGV (handler fixes the fault with mprotect and
 * returns, so the faulting store is retried), SIGFPE-free integer division,
 * sigaltstack, alarm-free timer via setitimer. */
#define _GNU_SOURCE
#include "common.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got[65];
static volatile int last_code;
static char *guard;
static long pagesz;
static volatile int on_alt;
static char altstack[65536];

static void handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    got[sig]++;
    last_code = si->si_code;
    char here;
    on_alt = &here >= altstack && &here < altstack + sizeof altstack;
}
static void segv_handler(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    got[sig]++;
    int in_page = (char *)si->si_addr >= guard && (char *)si->si_addr < guard + pagesz;
    last_code = in_page ? 1000 + si->si_code : -1;
    mprotect(guard, (size_t)pagesz, PROT_READ | PROT_WRITE);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR1);
    printf("raise USR1: count=%d si_code_is_SI_TKILL=%d\n", got[SIGUSR1], last_code == SI_TKILL);
    kill(getpid(), SIGUSR2);
    printf("kill USR2: count=%d si_code_is_SI_USER=%d\n", got[SIGUSR2], last_code == SI_USER);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigset_t pend;
    sigpending(&pend);
    printf("blocked: count=%d pending=%d\n", got[SIGUSR1], sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: count=%d (standard signals coalesce)\n", got[SIGUSR1]);
    /* real-time signals queue */
    sigaction(SIGRTMIN, &sa, NULL);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, &old);
    union sigval v = {.sival_int = 5};
    sigqueue(getpid(), SIGRTMIN, v);
    sigqueue(getpid(), SIGRTMIN, v);
    sigqueue(getpid(), SIGRTMIN, v);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("rt signal delivered %d times si_code_is_SI_QUEUE=%d\n", got[SIGRTMIN], last_code == SI_QUEUE);
    /* SA_RESETHAND: second raise would use SIG_DFL, so we just check the disposition */
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigaction(SIGHUP, &sa, NULL);
    raise(SIGHUP);
    struct sigaction cur;
    sigaction(SIGHUP, NULL, &cur);
    printf("SA_RESETHAND: count=%d now default=%d\n", got[SIGHUP], cur.sa_handler == SIG_DFL);
    /* sigaltstack */
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack, .ss_flags = 0};
    sigaltstack(&ss, NULL);
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGUSR2, &sa, NULL);
    raise(SIGUSR2);
    printf("SA_ONSTACK handler ran on alt stack=%d\n", on_alt);
    /* recoverable SIGSEGV */
    pagesz = sysconf(_SC_PAGESIZE);
    guard = mmap(NULL, (size_t)pagesz, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sv;
    memset(&sv, 0, sizeof sv);
    sv.sa_sigaction = segv_handler;
    sv.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sv, NULL);
    volatile char *gp = guard + 123;
    *gp = 42;
    printf("SIGSEGV recovered: count=%d code=%d (SEGV_ACCERR=%d) value=%d\n", got[SIGSEGV], last_code - 1000,
           SEGV_ACCERR, guard[123]);
    munmap(guard, (size_t)pagesz);
    guard = mmap(NULL, (size_t)pagesz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile char rd = guard[7];
    (void)rd;
    printf("SIGSEGV on read recovered: count=%d code=%d\n", got[SIGSEGV], last_code - 1000);
    /* interval timer */
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {.it_interval = {0, 0}, .it_value = {0, 20000}};
    /* Blocked until sigsuspend: with a bare `while (!got) pause();` a timer that fires
     * between the test and pause() (a busy machine can delay us 20 ms) hangs forever. */
    sigset_t alrm, before;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    sigprocmask(SIG_BLOCK, &alrm, &before);
    setitimer(ITIMER_REAL, &it, NULL);
    while (!got[SIGALRM]) sigsuspend(&before);
    sigprocmask(SIG_SETMASK, &before, NULL);
    printf("SIGALRM from setitimer: count=%d\n", got[SIGALRM]);
    /* signal mask inside handler: same signal blocked unless SA_NODEFER */
    return 0;
}
