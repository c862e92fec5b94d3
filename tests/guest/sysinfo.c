// crossrun-test: variants=all compare=native
/* Process/system information syscalls, printing only portable facts:
 * uname machine matches the ISA the program was built for, getpid/getppid/
 * gettid relationships, uid/gid consistency, getrlimit(STACK), getrusage,
 * sysinfo, getrandom, prctl(PR_GET_NAME), sched_getaffinity, getcwd. */
#define _GNU_SOURCE
#include "common.h"
#include <sched.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
    struct utsname u;
    uname(&u);
#if defined(__aarch64__)
    const char *want = "aarch64";
#elif defined(__riscv) && __riscv_xlen == 64
    const char *want = "riscv64";
#elif defined(__x86_64__)
    const char *want = "x86_64";
#else
    const char *want = "?";
#endif
    printf("uname sysname=%s machine-matches-build=%d\n", u.sysname, strcmp(u.machine, want) == 0);
    printf("pid>1=%d ppid>0=%d tid==pid=%d\n", getpid() > 1, getppid() > 0, gettid() == getpid());
    printf("uid==euid=%d gid==egid=%d\n", getuid() == geteuid(), getgid() == getegid());
    struct rlimit rl;
    int rc = getrlimit(RLIMIT_STACK, &rl); /* separate statements: argument order is unspecified */
    printf("getrlimit stack rc=%d cur>=128KiB=%d\n", rc, rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 128 * 1024);
    struct rusage ru;
    rc = getrusage(RUSAGE_SELF, &ru);
    printf("getrusage rc=%d maxrss>0=%d\n", rc, ru.ru_maxrss > 0);
    struct sysinfo si;
    rc = sysinfo(&si);
    printf("sysinfo rc=%d totalram>0=%d\n", rc, si.totalram > 0);
    unsigned char rnd[64];
    ssize_t got = getrandom(rnd, sizeof rnd, 0);
    int distinct = 0;
    for (int i = 1; i < 64; i++) distinct |= rnd[i] != rnd[0];
    printf("getrandom %zd bytes, not all equal=%d\n", got, distinct);
    char name[32] = {0};
    prctl(PR_SET_NAME, "crossrun-test");
    prctl(PR_GET_NAME, name);
    printf("prctl name=%s\n", name);
    cpu_set_t set;
    CPU_ZERO(&set);
    rc = sched_getaffinity(0, sizeof set, &set);
    printf("sched_getaffinity rc=%d cpus>=1=%d\n", rc, CPU_COUNT(&set) >= 1);
    printf("nprocs>=1=%d\n", sysconf(_SC_NPROCESSORS_ONLN) >= 1);
    char cwd[4096];
    char *cw = getcwd(cwd, sizeof cwd);
    printf("getcwd absolute=%d\n", cw && cwd[0] == '/');
    printf("isatty(stdout)=%d\n", isatty(1));
    return 0;
}
