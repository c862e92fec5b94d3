/* Guest-side checks of processes, exec, I/O multiplexing, sockets and /proc under
 * crossrun. One program, one subcommand per check (argv[1]); each prints lines the
 * host test compares exactly, and exits 0 only if its own checks passed. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <mqueue.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;
static const char *self;

#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s (errno %d)\n", __FILE__, __LINE__, #c, errno); exit(1); } } while (0)

static void describe(int st) {
    if (WIFEXITED(st)) printf("exited %d\n", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) printf("signaled %d\n", WTERMSIG(st));
    else printf("other %#x\n", st);
}

static int fork_wait(void) {
    int codes[] = {0, 7, 255};
    for (int i = 0; i < 3; i++) {
        pid_t p = fork();
        CHECK(p >= 0);
        if (p == 0) _exit(codes[i]);
        int st;
        CHECK(waitpid(p, &st, 0) == p);
        describe(st);
    }
    pid_t p = fork();
    if (p == 0) { kill(getpid(), SIGKILL); _exit(99); }
    int st;
    CHECK(wait4(p, &st, 0, NULL) == p);
    describe(st);
    /* waitid reports the child's pid and code in the siginfo. */
    p = fork();
    if (p == 0) _exit(42);
    siginfo_t si;
    memset(&si, 0xff, sizeof si);
    CHECK(waitid(P_PID, p, &si, WEXITED) == 0);
    printf("waitid pid-ok=%d code=%d status=%d\n", si.si_pid == p, si.si_code == CLD_EXITED, si.si_status);
    CHECK(waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD);
    printf("no more children\n");
    return 0;
}

static int pipes(void) {
    int down[2], up[2];
    CHECK(pipe(down) == 0 && pipe(up) == 0);
    pid_t p = fork();
    if (p == 0) {
        /* The child reads stdin (the pipe, via dup2) and answers in upper case. */
        CHECK(dup2(down[0], 0) == 0);
        close(down[0]); close(down[1]); close(up[0]);
        char buf[64];
        ssize_t n = read(0, buf, sizeof buf);
        for (ssize_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
        CHECK(write(up[1], buf, n) == n);
        _exit(0);
    }
    close(down[0]); close(up[1]);
    CHECK(write(down[1], "hello pipe", 10) == 10);
    close(down[1]);
    char buf[64] = {0};
    CHECK(read(up[0], buf, sizeof buf - 1) == 10);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    printf("child said %s\n", buf);
    describe(st);
    return 0;
}

static int echo_args(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    const char *v = getenv("PROCS_VAR");
    printf("PROCS_VAR=%s\n", v ? v : "(unset)");
    return argc;
}

/* Runs `path` with `argv` in a child and prints how it ended, or the exec errno. */
static void run(const char *path, char *const argv[], char *const envp[]) {
    int fds[2];
    CHECK(pipe2(fds, O_CLOEXEC) == 0);
    fflush(stdout);
    pid_t p = fork();
    if (p == 0) {
        execve(path, argv, envp);
        int e = errno;
        write(fds[1], &e, sizeof e);
        _exit(127);
    }
    close(fds[1]);
    int e = 0, st;
    ssize_t n = read(fds[0], &e, sizeof e);
    close(fds[0]);
    CHECK(waitpid(p, &st, 0) == p);
    if (n == sizeof e) printf("exec failed: %s\n", strerror(e));
    else describe(st);
}

static int exec_chain(const char *dir) {
    char *env[] = {"PROCS_VAR=from-exec", NULL};
    char *a1[] = {"renamed-argv0", "echo_args", "x y", NULL};
    run(self, a1, env);
    /* A script whose #! names this guest program (with an argument). */
    char script[512];
    snprintf(script, sizeof script, "%s/script.sh", dir);
    FILE *f = fopen(script, "w");
    CHECK(f);
    fprintf(f, "#!%s echo_args\nnot shell\n", self);
    fclose(f);
    CHECK(chmod(script, 0755) == 0);
    char *a2[] = {"script-argv0", "s1", NULL};
    run(script, a2, env);
    /* Host programs run natively. */
    char *a3[] = {"true", NULL};
    run("/bin/true", a3, env);
    char *a4[] = {"sh", "-c", "exit 3", NULL};
    run("/bin/sh", a4, env);
    /* The kernel's errors. */
    char *a5[] = {"x", NULL};
    run("/nonexistent/program", a5, env);
    char plain[512];
    snprintf(plain, sizeof plain, "%s/plain", dir);
    f = fopen(plain, "w");
    fprintf(f, "just text\n");
    fclose(f);
    run(plain, a5, env);
    CHECK(chmod(plain, 0755) == 0);
    run(plain, a5, env);
    unlink(plain);
    unlink(script);
    return 0;
}

static int spawn(void) {
    pid_t p;
    char *argv[] = {"spawned", "echo_args", "via-posix_spawn", NULL};
    char *env[] = {"PROCS_VAR=spawned", NULL};
    fflush(stdout);
    CHECK(posix_spawn(&p, self, NULL, NULL, argv, env) == 0);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    describe(st);
    return 0;
}

static int epoll(void) {
    enum { N = 64 };
    int ep = epoll_create1(EPOLL_CLOEXEC), fds[N][2];
    CHECK(ep >= 0);
    for (int i = 0; i < N; i++) {
        CHECK(pipe(fds[i]) == 0);
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x100000000ull + i};
        CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fds[i][0], &ev) == 0);
    }
    int expect = 0;
    uint64_t expect_sum = 0;
    for (int i = 0; i < N; i += 3) {
        CHECK(write(fds[i][1], "x", 1) == 1);
        expect++;
        expect_sum += 0x100000000ull + i;
    }
    struct epoll_event evs[N];
    int n = epoll_wait(ep, evs, N, 1000);
    uint64_t sum = 0;
    int ok = 1;
    for (int i = 0; i < n; i++) {
        sum += evs[i].data.u64;
        ok &= evs[i].events == EPOLLIN;
    }
    printf("epoll ready=%d expected=%d data-ok=%d events-ok=%d\n", n, expect, sum == expect_sum, ok);
    /* poll on the same pipes agrees. */
    struct pollfd pf[N];
    for (int i = 0; i < N; i++) pf[i] = (struct pollfd){.fd = fds[i][0], .events = POLLIN};
    printf("poll ready=%d\n", poll(pf, N, 0));
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fds[0][0], &rd);
    FD_SET(fds[1][0], &rd);
    struct timeval tv = {0, 0};
    printf("select ready=%d\n", select(fds[N - 1][0] + 1, &rd, NULL, NULL, &tv));
    return 0;
}

static int events(void) {
    int e = eventfd(5, EFD_NONBLOCK);
    CHECK(e >= 0);
    uint64_t v = 2;
    CHECK(write(e, &v, 8) == 8);
    CHECK(read(e, &v, 8) == 8);
    printf("eventfd %llu\n", (unsigned long long)v);
    CHECK(read(e, &v, 8) == -1 && errno == EAGAIN);
    int t = timerfd_create(CLOCK_MONOTONIC, 0);
    CHECK(t >= 0);
    struct itimerspec its = {.it_interval = {0, 10000000}, .it_value = {0, 10000000}};
    CHECK(timerfd_settime(t, 0, &its, NULL) == 0);
    uint64_t expirations = 0;
    CHECK(read(t, &expirations, 8) == 8);
    struct itimerspec cur;
    CHECK(timerfd_gettime(t, &cur) == 0);
    printf("timerfd fired=%d interval=%ld\n", expirations >= 1, cur.it_interval.tv_nsec);
    int m = memfd_create("guest", MFD_CLOEXEC);
    CHECK(m >= 0 && write(m, "memfd", 5) == 5);
    struct stat st;
    CHECK(fstat(m, &st) == 0);
    printf("memfd size=%ld\n", (long)st.st_size);
    return 0;
}

static int scm_rights(void) {
    int sv[2], p[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(pipe(p) == 0);
    pid_t child = fork();
    if (child == 0) {
        /* Receive an fd and write through it. */
        char data[4];
        union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
        struct iovec iov = {data, sizeof data};
        struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
        CHECK(recvmsg(sv[1], &m, 0) == 4);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        CHECK(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS);
        int fd;
        memcpy(&fd, CMSG_DATA(c), sizeof fd);
        CHECK(write(fd, data, 4) == 4);
        _exit(0);
    }
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    memset(&u, 0, sizeof u);
    struct iovec iov = {"fd!!", 4};
    struct msghdr m = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof u.buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    CHECK(sendmsg(sv[0], &m, 0) == 4);
    close(p[1]);
    char got[8] = {0};
    CHECK(read(p[0], got, 4) == 4);
    int st;
    CHECK(waitpid(child, &st, 0) == child);
    printf("received through passed fd: %s\n", got);
    describe(st);
    return 0;
}

static int tcp(void) {
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    CHECK(s >= 0);
    int one = 1;
    CHECK(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    CHECK(bind(s, (struct sockaddr *)&a, sizeof a) == 0);
    CHECK(listen(s, 1) == 0);
    socklen_t len = sizeof a;
    CHECK(getsockname(s, (struct sockaddr *)&a, &len) == 0 && len == sizeof a && a.sin_port != 0);
    pid_t p = fork();
    if (p == 0) {
        int c = socket(AF_INET, SOCK_STREAM, 0);
        CHECK(connect(c, (struct sockaddr *)&a, sizeof a) == 0);
        CHECK(send(c, "ping", 4, 0) == 4);
        char buf[8] = {0};
        CHECK(recv(c, buf, 4, MSG_WAITALL) == 4);
        _exit(strcmp(buf, "PING") == 0 ? 0 : 1);
    }
    struct sockaddr_in peer;
    len = sizeof peer;
    int c = accept4(s, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    CHECK(c >= 0);
    printf("peer is loopback: %d\n", peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    char buf[8] = {0};
    CHECK(recv(c, buf, 4, MSG_WAITALL) == 4);
    printf("server got %s\n", buf);
    for (int i = 0; i < 4; i++) buf[i] -= 32;
    CHECK(send(c, buf, 4, 0) == 4);
    int type;
    len = sizeof type;
    CHECK(getsockopt(c, SOL_SOCKET, SO_TYPE, &type, &len) == 0);
    printf("SO_TYPE stream: %d\n", type == SOCK_STREAM);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    describe(st);
    return 0;
}

static int inotify(const char *dir) {
    int in = inotify_init1(IN_CLOEXEC);
    CHECK(in >= 0);
    int wd = inotify_add_watch(in, dir, IN_CREATE);
    CHECK(wd >= 0);
    char path[512];
    snprintf(path, sizeof path, "%s/created-file", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    CHECK(fd >= 0);
    close(fd);
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(in, buf, sizeof buf);
    CHECK(n >= (ssize_t)sizeof(struct inotify_event));
    struct inotify_event *ev = (struct inotify_event *)buf;
    printf("inotify wd-ok=%d create=%d name=%s\n", ev->wd == wd, (ev->mask & IN_CREATE) != 0, ev->name);
    unlink(path);
    return 0;
}

static int proc_files(int argc, char **argv) {
    /* /proc/self/cmdline is our argv exactly. */
    char buf[65536];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    CHECK(fd >= 0);
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    int i = 0, ok = 1;
    for (char *p = buf; p < buf + n; p += strlen(p) + 1, i++) ok &= i < argc && strcmp(p, argv[i]) == 0;
    printf("cmdline args=%d matches=%d\n", i, ok && i == argc);
    /* /proc/self/maps lists our code and stack, and nothing of crossrun's. */
    FILE *f = fopen("/proc/self/maps", "r");
    CHECK(f);
    char line[1024];
    int lines = 0, code = 0, stack = 0, host = 0;
    uintptr_t pc = (uintptr_t)&proc_files, sp = (uintptr_t)&line;
    while (fgets(line, sizeof line, f)) {
        unsigned long s, e;
        lines++;
        if (sscanf(line, "%lx-%lx", &s, &e) != 2) continue;
        if (pc >= s && pc < e) code = 1;
        if (sp >= s && sp < e) stack = 1;
        if (strstr(line, "crossrun") || strstr(line, "[heap]") || strstr(line, "x86_64")) host = 1;
    }
    fclose(f);
    printf("maps has-code=%d has-stack=%d crossrun-free=%d nonempty=%d\n", code, stack, !host, lines > 0);
    /* /proc/cpuinfo's Features line names exactly the AT_HWCAP bits. */
    static const char *names[] = {"fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics",
                                  "fphp", "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop",
                                  "sha3", "sm3", "sm4", "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat",
                                  "ilrcpc", "flagm", "ssbs", "sb", "paca", "pacg"};
    unsigned long hwcap = getauxval(AT_HWCAP);
    char want[1024] = "";
    for (int b = 0; b < 32; b++)
        if (hwcap & (1ul << b)) { if (want[0]) strcat(want, " "); strcat(want, names[b]); }
    f = fopen("/proc/cpuinfo", "r");
    CHECK(f);
    int found = 0, match = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "Features", 8) == 0 && !found) {
            found = 1;
            char *v = strchr(line, ':') + 2;
            v[strcspn(v, "\n")] = 0;
            match = strcmp(v, want) == 0;
        }
    }
    fclose(f);
    printf("cpuinfo features-found=%d match-hwcap=%d hwcap-nonzero=%d\n", found, match, hwcap != 0);
    /* /proc/self/auxv agrees with getauxval. */
    fd = open("/proc/self/auxv", O_RDONLY);
    unsigned long av[256];
    n = read(fd, av, sizeof av);
    close(fd);
    unsigned long got = 0;
    for (int k = 0; k + 1 < n / 8; k += 2) if (av[k] == AT_HWCAP) got = av[k + 1];
    printf("auxv hwcap-match=%d\n", got == hwcap);
    return 0;
}

static int ipc(void) {
    /* SysV shared memory attached before fork is shared with the child. */
    int id = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    CHECK(id >= 0);
    volatile char *mem = shmat(id, NULL, 0);
    CHECK(mem != (void *)-1);
    int sem = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    CHECK(sem >= 0);
    pid_t p = fork();
    if (p == 0) {
        strcpy((char *)mem + 4096, "written by the child");
        struct sembuf up = {0, 1, 0};
        CHECK(semop(sem, &up, 1) == 0);
        _exit(0);
    }
    struct sembuf down = {0, -1, 0};
    CHECK(semop(sem, &down, 1) == 0);
    printf("shm: %s\n", (char *)mem + 4096);
    struct semid_ds ds;
    union { int val; struct semid_ds *buf; } arg = {.buf = &ds};
    CHECK(semctl(sem, 0, IPC_STAT, arg) == 0);
    printf("sem nsems=%lu\n", (unsigned long)ds.sem_nsems);
    int st;
    CHECK(waitpid(p, &st, 0) == p);
    CHECK(shmdt((void *)mem) == 0);
    CHECK(shmctl(id, IPC_RMID, NULL) == 0 && semctl(sem, 0, IPC_RMID) == 0);
    /* A POSIX message queue. */
    char name[64];
    snprintf(name, sizeof name, "/crossrun-procs-%d", getpid());
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 32};
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    CHECK(q != (mqd_t)-1);
    CHECK(mq_send(q, "queued", 6, 3) == 0);
    char buf[32] = {0};
    unsigned prio = 0;
    CHECK(mq_receive(q, buf, sizeof buf, &prio) == 6);
    printf("mq: %s prio=%u\n", buf, prio);
    CHECK(mq_close(q) == 0 && mq_unlink(name) == 0);
    return 0;
}

int main(int argc, char **argv) {
    self = getenv("PROCS_SELF");
    if (!self) self = "/proc/self/exe";
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *cmd = argc > 1 ? argv[1] : "";
    if (!strcmp(cmd, "fork_wait")) return fork_wait();
    if (!strcmp(cmd, "pipes")) return pipes();
    if (!strcmp(cmd, "echo_args")) return echo_args(argc, argv);
    if (!strcmp(cmd, "exec_chain")) return exec_chain(argv[2]);
    if (!strcmp(cmd, "spawn")) return spawn();
    if (!strcmp(cmd, "epoll")) return epoll();
    if (!strcmp(cmd, "events")) return events();
    if (!strcmp(cmd, "scm_rights")) return scm_rights();
    if (!strcmp(cmd, "tcp")) return tcp();
    if (!strcmp(cmd, "inotify")) return inotify(argv[2]);
    if (!strcmp(cmd, "proc")) return proc_files(argc, argv);
    if (!strcmp(cmd, "ipc")) return ipc();
    printf("unknown subcommand '%s'\n", cmd);
    return 2;
}
