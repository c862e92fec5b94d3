// clone3 made directly, the way glibc 2.34+ (pthread_create, posix_spawn, pidfd_spawn)
// and other runtimes make it: a thread on a stack given as base and size (with glibc
// 2.41's habit of filling the pidfd field without CLONE_PIDFD), a thread with
// CLONE_PIDFD, a thread without CLONE_FILES (its own fd table), and a fork-like child
// with CLONE_PIDFD waited for through the pidfd. The threads run raw code only (no libc:
// their thread pointer is the creator's).
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE 65536
static char stacks[3][STACK_SIZE] __attribute__((aligned(16)));

// clone3(args, size); the child calls fn(arg) on its new stack and exits with its result.
static long clone3_run(struct clone_args *args, size_t size, long (*fn)(void *), void *arg) {
    register long x0 __asm__("x0") = (long)args;
    register long x1 __asm__("x1") = (long)size;
    register long x2 __asm__("x2") = (long)fn;
    register long x3 __asm__("x3") = (long)arg;
    register long x8 __asm__("x8") = SYS_clone3;
    __asm__ volatile("svc #0\n"
                     "cbnz x0, 1f\n"
                     "mov x0, x3\n"
                     "blr x2\n"
                     "mov x8, #93\n" // exit: this thread only
                     "svc #0\n"
                     "1:\n"
                     : "+r"(x0)
                     : "r"(x1), "r"(x2), "r"(x3), "r"(x8)
                     : "memory", "x30");
    return x0;
}

// A system call without libc (its errno is thread-local, and these threads have no TLS).
static long raw(long nr, long a, long b, long c) {
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = 0;
    register long x8 __asm__("x8") = nr;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x3), "r"(x8) : "memory");
    return x0;
}

// Waits until the kernel clears *tid at the thread's exit (CLONE_CHILD_CLEARTID).
static void join(volatile pid_t *tid) {
    pid_t v;
    while ((v = *tid) != 0) syscall(SYS_futex, tid, FUTEX_WAIT, v, NULL, NULL, 0);
}

static atomic_ulong seen_sp;
static atomic_long seen_tid;
static atomic_int go;

// The threads wait for this, so that the parent sees them alive.
static void release(void) {
    atomic_store(&go, 1);
    raw(SYS_futex, (long)&go, FUTEX_WAKE, 1);
}

static long record(void *arg) {
    while (!atomic_load(&go)) raw(SYS_futex, (long)&go, FUTEX_WAIT, 0);
    atomic_store(&go, 0);
    unsigned long sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    atomic_store(&seen_sp, sp);
    atomic_store(&seen_tid, raw(SYS_gettid, 0, 0, 0));
    return (long)arg;
}

static long open_devnull(void *arg) {
    *(long *)arg = raw(SYS_openat, AT_FDCWD, (long)"/dev/null", O_RDONLY);
    return 0;
}

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM)

int main(void) {
    // 1. A thread as glibc 2.41's pthread_create asks for it.
    static volatile pid_t tid1;
    struct clone_args a;
    memset(&a, 0, sizeof a);
    a.flags = THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    a.pidfd = a.parent_tid = a.child_tid = (uintptr_t)&tid1;
    a.stack = (uintptr_t)stacks[0];
    a.stack_size = STACK_SIZE;
    long r = clone3_run(&a, sizeof a, record, (void *)7);
    if (r <= 0) { printf("thread clone3: %ld\n", r); return 1; }
    int settid = tid1 == r;
    release();
    join(&tid1);
    unsigned long sp = atomic_load(&seen_sp);
    int on_stack = sp > (uintptr_t)stacks[0] && sp <= (uintptr_t)stacks[0] + STACK_SIZE
        && (uintptr_t)stacks[0] + STACK_SIZE - sp < 4096;
    printf("thread: parent_tid %s, own tid %s, stack top %s\n", settid ? "set" : "wrong",
           atomic_load(&seen_tid) == r && r != getpid() ? "yes" : "no", on_stack ? "yes" : "no");

    // 2. CLONE_PIDFD for a thread: a pidfd naming that thread.
    static volatile pid_t tid2;
    int pidfd = -1;
    memset(&a, 0, sizeof a);
    a.flags = THREAD_FLAGS | CLONE_PIDFD | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    a.pidfd = (uintptr_t)&pidfd;
    a.child_tid = (uintptr_t)&tid2;
    a.stack = (uintptr_t)stacks[1];
    a.stack_size = STACK_SIZE;
    r = clone3_run(&a, 64, record, 0);
    if (r <= 0) { printf("pidfd thread clone3: %ld\n", r); return 1; }
    char path[64], info[512] = "";
    snprintf(path, sizeof path, "/proc/self/fdinfo/%d", pidfd);
    int fd = open(path, O_RDONLY);
    if (fd >= 0) { info[read(fd, info, sizeof info - 1)] = 0; close(fd); }
    char want[32];
    snprintf(want, sizeof want, "Pid:\t%ld\n", r);
    release();
    join(&tid2);
    printf("thread pidfd: %s\n", pidfd > 2 && strstr(info, want) ? "names the thread" : info);
    close(pidfd);

    // 3. Without CLONE_FILES the thread's new fd is not in the creator's table.
    static volatile pid_t tid3;
    long thread_fd = -1;
    memset(&a, 0, sizeof a);
    a.flags = (THREAD_FLAGS & ~CLONE_FILES) | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
    a.child_tid = (uintptr_t)&tid3;
    a.stack = (uintptr_t)stacks[2];
    a.stack_size = STACK_SIZE;
    r = clone3_run(&a, sizeof a, open_devnull, &thread_fd);
    if (r <= 0) { printf("unshared thread clone3: %ld\n", r); return 1; }
    join(&tid3);
    int shared = fcntl((int)thread_fd, F_GETFD) >= 0;
    printf("own fd table: thread opened fd %s, creator %s it\n", thread_fd >= 3 ? "ok" : "failed",
           shared ? "sees" : "does not see");

    // 4. A fork-like child with CLONE_PIDFD, waited for through the pidfd.
    pidfd = -1;
    memset(&a, 0, sizeof a);
    a.flags = CLONE_PIDFD;
    a.pidfd = (uintptr_t)&pidfd;
    a.exit_signal = SIGCHLD;
    r = syscall(SYS_clone3, &a, sizeof a);
    if (r == 0) _exit(42);
    if (r < 0) { perror("fork clone3"); return 1; }
    siginfo_t si;
    memset(&si, 0, sizeof si);
    int w = waitid(P_PIDFD, pidfd, &si, WEXITED);
    printf("process pidfd: waitid %d, pid %s, status %d\n", w, si.si_pid == r ? "matches" : "differs", si.si_status);
    return 0;
}
