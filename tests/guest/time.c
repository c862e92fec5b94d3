// crossrun-test: variants=all compare=native
/* Clocks: CLOCK_MONOTONIC never goes backwards and advances across a
 * nanosleep, CLOCK_REALTIME agrees with time() and gettimeofday() and is
 * after 2020, clock_getres, CLOCK_PROCESS_CPUTIME_ID advances with work,
 * gmtime/strftime formatting of a fixed timestamp. Prints only facts. */
#include "common.h"
#include <sys/time.h>
#include <time.h>

static double ts(struct timespec t) { return (double)t.tv_sec + t.tv_nsec / 1e9; }

int main(void)
{
    struct timespec a, b, r;
    int mono_ok = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < 1000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ts(b) < ts(a)) mono_ok = 0;
        a = b;
    }
    printf("monotonic non-decreasing over 1000 reads: %d\n", mono_ok);
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec req = {0, 30 * 1000 * 1000};
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double dt = ts(b) - ts(a);
    printf("nanosleep 30ms advanced monotonic by >= 29ms: %d, < 10s: %d\n", dt >= 0.029, dt < 10);
    clock_gettime(CLOCK_REALTIME, &a);
    time_t t = time(NULL);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime after 2020: %d, time() within 2s: %d, gettimeofday within 2s: %d, nsec valid: %d\n",
           a.tv_sec > 1577836800, labs((long)(t - a.tv_sec)) <= 2, labs((long)(tv.tv_sec - a.tv_sec)) <= 2,
           a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
    clock_getres(CLOCK_MONOTONIC, &r);
    printf("monotonic resolution <= 1ms: %d\n", r.tv_sec == 0 && r.tv_nsec <= 1000000);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    volatile uint64_t x = 1;
    for (int i = 0; i < 300000; i++) x = x * 6364136223846793005ULL + 1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    printf("process cputime advanced: %d\n", ts(b) > ts(a));
    clock_gettime(CLOCK_BOOTTIME, &b);
    printf("boottime positive: %d\n", ts(b) > 0);
    time_t fixed = 1700000000;
    struct tm tmv;
    gmtime_r(&fixed, &tmv);
    char buf[100];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j", &tmv);
    printf("gmtime(1700000000) = %s\n", buf);
    printf("timegm round trip: %d\n", timegm(&tmv) == fixed);
    return 0;
}
