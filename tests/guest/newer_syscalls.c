// crossrun-test: compare=native
/* The system calls glibc 2.34-2.41 and today's userlands added to their common paths,
 * each with its kernel-checked error cases, compared with the same source run natively:
 * fchmodat2, statx (AT_EMPTY_PATH, a NULL path, sync flags, reserved mask bits),
 * close_range (CLOEXEC, UNSHARE, bad ranges), openat2 (RESOLVE_*, the struct's size
 * rules), faccessat2, epoll_pwait2, pidfd_open / pidfd_send_signal / pidfd_getfd, and
 * futex_waitv. Numbers from 424 up are the same on every architecture; statx's is
 * taken from the headers. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NR_pidfd_send_signal 424
#define NR_pidfd_open 434
#define NR_close_range 436
#define NR_openat2 437
#define NR_pidfd_getfd 438
#define NR_faccessat2 439
#define NR_epoll_pwait2 441
#define NR_futex_waitv 449

/* epoll_pwait2 and futex_waitv take the kernel's 64-bit timespec on every
 * architecture, also where the C library's struct timespec is 32-bit (i386 and arm
 * without _TIME_BITS=64). */
struct kernel_timespec { int64_t tv_sec, tv_nsec; };
#define NR_fchmodat2 452

static char dir[] = "/tmp/crossrun-newer-XXXXXX";

/* A call's result as "value" or "-ERRNO-NAME". */
static const char *res(long r) {
    static char buf[64];
    if (r >= 0) {
        snprintf(buf, sizeof buf, "%ld", r);
        return buf;
    }
    const char *name = strerrorname_np(errno);
    snprintf(buf, sizeof buf, "-%s", name ? name : "?");
    return buf;
}

static unsigned mode_of(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 ? st.st_mode & 07777 : 0;
}

static void test_fchmodat2(void) {
    char file[64], link[64];
    snprintf(file, sizeof file, "%s/f", dir);
    snprintf(link, sizeof link, "%s/l", dir);
    close(open(file, O_CREAT | O_WRONLY, 0600));
    symlink("f", link);
    printf("fchmodat2 0640: %s", res(syscall(NR_fchmodat2, AT_FDCWD, file, 0640, 0)));
    printf(" -> %o\n", mode_of(file));
    printf("fchmodat2 bad flags: %s\n", res(syscall(NR_fchmodat2, AT_FDCWD, file, 0644, 0x1)));
    printf("fchmodat2 NOFOLLOW on a symlink: %s\n", res(syscall(NR_fchmodat2, AT_FDCWD, link, 0644, AT_SYMLINK_NOFOLLOW)));
    printf("fchmodat2 NOFOLLOW on a file: %s", res(syscall(NR_fchmodat2, AT_FDCWD, file, 0604, AT_SYMLINK_NOFOLLOW)));
    printf(" -> %o\n", mode_of(file));
    int fd = open(file, O_RDONLY);
    printf("fchmodat2 AT_EMPTY_PATH on an fd: %s", res(syscall(NR_fchmodat2, fd, "", 0620, AT_EMPTY_PATH)));
    printf(" -> %o\n", mode_of(file));
    printf("fchmodat2 empty path without AT_EMPTY_PATH: %s\n", res(syscall(NR_fchmodat2, fd, "", 0600, 0)));
    printf("fchmodat2 through the symlink: %s", res(syscall(NR_fchmodat2, AT_FDCWD, link, 0644, 0)));
    printf(" -> %o\n", mode_of(file));
    close(fd);
}

static void test_statx(void) {
    char file[64];
    snprintf(file, sizeof file, "%s/f", dir);
    int fd = open(file, O_RDWR);
    write(fd, "0123456789", 10);
    struct statx sx;
    memset(&sx, 0xff, sizeof sx);
    long r = syscall(SYS_statx, AT_FDCWD, file, 0, STATX_BASIC_STATS, &sx);
    printf("statx: %s size %llu mode %o nlink %u basic %d\n", res(r), (unsigned long long)sx.stx_size, sx.stx_mode & 07777,
           sx.stx_nlink, (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    memset(&sx, 0, sizeof sx);
    r = syscall(SYS_statx, fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_SIZE, &sx);
    printf("statx AT_EMPTY_PATH: %s size %llu\n", res(r), (unsigned long long)sx.stx_size);
    memset(&sx, 0, sizeof sx);
    r = syscall(SYS_statx, fd, NULL, AT_EMPTY_PATH, STATX_SIZE, &sx);
    printf("statx NULL path: %s size %llu\n", res(r), (unsigned long long)sx.stx_size);
    printf("statx empty path without AT_EMPTY_PATH: %s\n", res(syscall(SYS_statx, fd, "", 0, STATX_SIZE, &sx)));
    printf("statx both sync flags: %s\n", res(syscall(SYS_statx, AT_FDCWD, file, AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC, 0, &sx)));
    printf("statx reserved mask bit: %s\n", res(syscall(SYS_statx, AT_FDCWD, file, 0, 0x80000000u, &sx)));
    printf("statx unknown flag: %s\n", res(syscall(SYS_statx, AT_FDCWD, file, 0x10000000, 0, &sx)));
    printf("statx missing: %s\n", res(syscall(SYS_statx, AT_FDCWD, "/no/such/file", 0, 0, &sx)));
    printf("statx bad buffer: %s\n", res(syscall(SYS_statx, AT_FDCWD, file, 0, STATX_SIZE, (void *)8)));
    close(fd);
}

static void test_close_range(void) {
    int a = dup(0), b = dup(0), c = dup(0);
    printf("close_range CLOEXEC: %s", res(syscall(NR_close_range, a, b, 4)));
    printf(" -> %d %d %d\n", fcntl(a, F_GETFD), fcntl(b, F_GETFD), fcntl(c, F_GETFD));
    printf("close_range first > last: %s\n", res(syscall(NR_close_range, c, a, 0)));
    printf("close_range bad flags: %s\n", res(syscall(NR_close_range, a, c, 1)));
    printf("close_range UNSHARE: %s", res(syscall(NR_close_range, b, b, 2)));
    printf(" -> %d %d\n", fcntl(a, F_GETFD) >= 0, fcntl(b, F_GETFD) >= 0);
    printf("close_range to ~0: %s", res(syscall(NR_close_range, a, ~0u, 0)));
    printf(" -> %d %d\n", fcntl(a, F_GETFD) >= 0, fcntl(c, F_GETFD) >= 0);
}

struct how { uint64_t flags, mode, resolve; };

static void test_openat2(void) {
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    char buf[64];
    struct how h = { O_RDONLY, 0, 0 };
    long r = syscall(NR_openat2, dfd, "f", &h, sizeof h);
    printf("openat2: %s\n", res(r >= 0 ? 0 : r));
    if (r >= 0) close(r);
    h.resolve = 0x08; /* RESOLVE_BENEATH */
    printf("openat2 BENEATH ..: %s\n", res(syscall(NR_openat2, dfd, "../tmp", &h, sizeof h)));
    snprintf(buf, sizeof buf, "%s/f", dir);
    printf("openat2 BENEATH absolute: %s\n", res(syscall(NR_openat2, dfd, buf, &h, sizeof h)));
    h.resolve = 0x04; /* RESOLVE_NO_SYMLINKS */
    printf("openat2 NO_SYMLINKS: %s\n", res(syscall(NR_openat2, dfd, "l", &h, sizeof h)));
    h.resolve = 0x100;
    printf("openat2 unknown resolve: %s\n", res(syscall(NR_openat2, dfd, "f", &h, sizeof h)));
    h.resolve = 0;
    h.mode = 0644;
    printf("openat2 mode without O_CREAT: %s\n", res(syscall(NR_openat2, dfd, "f", &h, sizeof h)));
    h.mode = 0;
    printf("openat2 small size: %s\n", res(syscall(NR_openat2, dfd, "f", &h, 16)));
    uint64_t big[5] = { O_RDONLY, 0, 0, 0, 1 };
    printf("openat2 non-zero tail: %s\n", res(syscall(NR_openat2, dfd, "f", big, sizeof big)));
    big[4] = 0;
    r = syscall(NR_openat2, dfd, "f", big, sizeof big);
    printf("openat2 zero tail: %s\n", res(r >= 0 ? 0 : r));
    if (r >= 0) close(r);
    printf("openat2 size > page: %s\n", res(syscall(NR_openat2, dfd, "f", big, 8192)));
    close(dfd);
}

static void test_faccessat2_epoll(void) {
    char file[64];
    snprintf(file, sizeof file, "%s/f", dir);
    printf("faccessat2 R_OK EACCESS: %s\n", res(syscall(NR_faccessat2, AT_FDCWD, file, R_OK, AT_EACCESS)));
    printf("faccessat2 bad flags: %s\n", res(syscall(NR_faccessat2, AT_FDCWD, file, R_OK, 0x1)));
    printf("faccessat2 bad mode: %s\n", res(syscall(NR_faccessat2, AT_FDCWD, file, 8, 0)));
    int ep = epoll_create1(EPOLL_CLOEXEC), p[2];
    pipe(p);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull }, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct kernel_timespec zero = { 0, 0 }, bad = { 0, 1000000000 };
    printf("epoll_pwait2 nothing ready: %s\n", res(syscall(NR_epoll_pwait2, ep, out, 2, &zero, NULL, 8)));
    write(p[1], "x", 1);
    memset(out, 0, sizeof out);
    long r = syscall(NR_epoll_pwait2, ep, out, 2, NULL, NULL, 8);
    printf("epoll_pwait2 ready: %s events %x data %llx\n", res(r), out[0].events, (unsigned long long)out[0].data.u64);
    printf("epoll_pwait2 bad timeout: %s\n", res(syscall(NR_epoll_pwait2, ep, out, 2, &bad, NULL, 8)));
    printf("epoll_pwait2 bad sigsetsize: %s\n", res(syscall(NR_epoll_pwait2, ep, out, 2, &zero, NULL, 4)));
    close(ep);
    close(p[0]);
    close(p[1]);
}

static void test_pidfd(void) {
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    int pfd = syscall(NR_pidfd_open, child, 0);
    printf("pidfd_open: %s\n", res(pfd >= 0 ? 0 : pfd));
    printf("pidfd_open bad flags: %s\n", res(syscall(NR_pidfd_open, child, 1)));
    printf("pidfd_open pid 0: %s\n", res(syscall(NR_pidfd_open, 0, 0)));
    int self = syscall(NR_pidfd_open, getpid(), 0);
    int copy = syscall(NR_pidfd_getfd, self, 1, 0);
    struct stat a, b;
    fstat(1, &a);
    fstat(copy, &b);
    printf("pidfd_getfd of our stdout: same file %d\n", a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    printf("pidfd_getfd bad flags: %s\n", res(syscall(NR_pidfd_getfd, self, 1, 1)));
    printf("pidfd_getfd closed fd: %s\n", res(syscall(NR_pidfd_getfd, self, 999, 0)));
    printf("pidfd_send_signal bad flags: %s\n", res(syscall(NR_pidfd_send_signal, pfd, SIGTERM, NULL, 0x100)));
    printf("pidfd_send_signal SIGTERM: %s\n", res(syscall(NR_pidfd_send_signal, pfd, SIGTERM, NULL, 0)));
    int status;
    waitpid(child, &status, 0);
    printf("child ended by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    printf("pidfd_send_signal to a reaped child: %s\n", res(syscall(NR_pidfd_send_signal, pfd, SIGTERM, NULL, 0)));
    close(pfd);
    close(self);
    close(copy);
}

struct waitv { uint64_t val, uaddr; uint32_t flags, reserved; };

static void test_futex_waitv(void) {
    static uint32_t w1 = 1, w2 = 2;
    struct waitv v[2] = { { 1, (uintptr_t)&w1, 2 | 128, 0 }, { 2, (uintptr_t)&w2, 2 | 128, 0 } };
    struct timespec libc_now;
    clock_gettime(CLOCK_MONOTONIC, &libc_now);
    struct kernel_timespec now = { libc_now.tv_sec, libc_now.tv_nsec };
    printf("futex_waitv timeout: %s\n", res(syscall(NR_futex_waitv, v, 2, 0, &now, CLOCK_MONOTONIC)));
    v[1].val = 3;
    printf("futex_waitv value differs: %s\n", res(syscall(NR_futex_waitv, v, 2, 0, &now, CLOCK_MONOTONIC)));
    printf("futex_waitv no futexes: %s\n", res(syscall(NR_futex_waitv, v, 0, 0, NULL, 0)));
    printf("futex_waitv bad clock: %s\n", res(syscall(NR_futex_waitv, v, 2, 0, &now, CLOCK_BOOTTIME)));
    v[0].reserved = 1;
    printf("futex_waitv reserved set: %s\n", res(syscall(NR_futex_waitv, v, 2, 0, &now, CLOCK_MONOTONIC)));
}

int main(void) {
    if (!mkdtemp(dir)) return 1;
    setvbuf(stdout, NULL, _IONBF, 0);
    umask(022);
    test_fchmodat2();
    test_statx();
    test_close_range();
    test_openat2();
    test_faccessat2_epoll();
    test_pidfd();
    test_futex_waitv();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}
