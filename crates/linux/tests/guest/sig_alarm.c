// Asynchronous signals interrupting blocking system calls: EINTR without SA_RESTART, a
// transparent restart with it; alarm() and setitimer(); the handler's saved registers
// and flags survive (the interrupted loop keeps computing).
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile int alarms;

static void on_alarm(int sig) {
    (void)sig;
    alarms++;
}

static void on_alarm_write(int sig) {
    (void)sig;
    alarms++;
    // Makes the restarted read succeed.
    write(fds[1], "x", 1);
}

static void install(void (*h)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, 0);
}

int main(void) {
    char c;
    pipe(fds);

    install(on_alarm, 0);
    alarm(1);
    errno = 0;
    ssize_t n = read(fds[0], &c, 1);
    printf("no SA_RESTART: read=%zd errno=%s alarms=%d\n", n, errno == EINTR ? "EINTR" : strerror(errno), alarms);

    install(on_alarm_write, SA_RESTART);
    struct itimerval it = {{0, 0}, {0, 200000}};
    setitimer(ITIMER_REAL, &it, 0);
    n = read(fds[0], &c, 1);
    printf("SA_RESTART: read=%zd byte=%c alarms=%d\n", n, c, alarms);

    // A busy loop interrupted many times: its state must come through every handler.
    install(on_alarm, SA_RESTART);
    struct itimerval fast = {{0, 1000}, {0, 1000}};
    setitimer(ITIMER_REAL, &fast, 0);
    unsigned long sum = 0;
    double f = 0;
    int before = alarms;
    for (unsigned long i = 0; alarms < before + 20; i++) {
        sum += i * 3 + (i >> 2);
        f += 0.5;
        if (sum == 0x5555555555555555ul) break;
    }
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, 0);
    unsigned long check = 0;
    double g = 0;
    unsigned long iters = (unsigned long)(f * 2);
    for (unsigned long i = 0; i < iters; i++) {
        check += i * 3 + (i >> 2);
        g += 0.5;
    }
    printf("busy loop: state intact=%d\n", check == sum && g == f);
    return 0;
}
