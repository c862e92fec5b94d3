/* Path operations for crates/cli/tests/rootfs.rs: each argument group is one
 * operation, and each prints one line "OP ARG: RESULT", where RESULT is what the
 * guest saw (a path, file contents, or an errno name). Run under
 * `crossrun --rootfs DIR`, so the paths are the guest's. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static const char *err_name(int e) {
    switch (e) {
    case ENOENT: return "ENOENT";
    case ELOOP: return "ELOOP";
    case EXDEV: return "EXDEV";
    case ENOTDIR: return "ENOTDIR";
    case EPERM: return "EPERM";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    default: return "E?";
    }
}

/* The guest path of an open fd, as /proc/self/fd shows it. */
static void print_fd_path(const char *op, const char *arg, int fd) {
    char link[64], buf[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n < 0) {
        printf("%s %s: readlink %s\n", op, arg, err_name(errno));
        return;
    }
    buf[n] = 0;
    printf("%s %s: %s\n", op, arg, buf);
}

static unsigned long long resolve_flags(const char *s) {
    unsigned long long r = 0;
    if (strstr(s, "no_xdev")) r |= 0x01;
    if (strstr(s, "no_magiclinks")) r |= 0x02;
    if (strstr(s, "no_symlinks")) r |= 0x04;
    if (strstr(s, "beneath")) r |= 0x08;
    if (strstr(s, "in_root")) r |= 0x10;
    return r;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        const char *op = argv[i];
        if (!strcmp(op, "read") && i + 1 < argc) {
            const char *p = argv[++i];
            char buf[256] = {0};
            int fd = open(p, O_RDONLY);
            if (fd < 0) { printf("read %s: %s\n", p, err_name(errno)); continue; }
            ssize_t n = read(fd, buf, sizeof buf - 1);
            close(fd);
            if (n > 0 && buf[n - 1] == '\n') buf[n - 1] = 0;
            printf("read %s: %s\n", p, buf);
        } else if (!strcmp(op, "readlink") && i + 1 < argc) {
            const char *p = argv[++i];
            char buf[4096];
            ssize_t n = readlink(p, buf, sizeof buf - 1);
            if (n < 0) { printf("readlink %s: %s\n", p, err_name(errno)); continue; }
            buf[n] = 0;
            printf("readlink %s: %s\n", p, buf);
        } else if (!strcmp(op, "stat") && i + 1 < argc) {
            const char *p = argv[++i];
            struct stat st;
            if (stat(p, &st) < 0) printf("stat %s: %s\n", p, err_name(errno));
            else printf("stat %s: %s\n", p, S_ISDIR(st.st_mode) ? "dir" : S_ISSOCK(st.st_mode) ? "socket" : "file");
        } else if (!strcmp(op, "getcwd")) {
            char buf[4096];
            printf("getcwd: %s\n", getcwd(buf, sizeof buf) ? buf : err_name(errno));
        } else if (!strcmp(op, "chdir") && i + 1 < argc) {
            const char *p = argv[++i];
            printf("chdir %s: %s\n", p, chdir(p) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "chroot") && i + 1 < argc) {
            const char *p = argv[++i];
            printf("chroot %s: %s\n", p, chroot(p) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "open") && i + 1 < argc) {
            /* Opens a path and shows the guest path its fd has. */
            const char *p = argv[++i];
            int fd = open(p, O_RDONLY);
            if (fd < 0) { printf("open %s: %s\n", p, err_name(errno)); continue; }
            print_fd_path("open", p, fd);
            close(fd);
        } else if (!strcmp(op, "fd-dotdot") && i + 1 < argc) {
            /* /proc/self/fd/N/.. for a directory fd N. */
            const char *p = argv[++i];
            int dfd = open(p, O_RDONLY | O_DIRECTORY);
            if (dfd < 0) { printf("fd-dotdot %s: %s\n", p, err_name(errno)); continue; }
            char via[64];
            snprintf(via, sizeof via, "/proc/self/fd/%d/..", dfd);
            int fd = open(via, O_RDONLY | O_DIRECTORY);
            if (fd < 0) printf("fd-dotdot %s: %s\n", p, err_name(errno));
            else { print_fd_path("fd-dotdot", p, fd); close(fd); }
            close(dfd);
        } else if (!strcmp(op, "openat") && i + 2 < argc) {
            /* openat(open(DIR), PATH) */
            const char *d = argv[++i], *p = argv[++i];
            int dfd = open(d, O_RDONLY | O_DIRECTORY);
            int fd = openat(dfd, p, O_RDONLY);
            char arg[512];
            snprintf(arg, sizeof arg, "%s %s", d, p);
            if (fd < 0) printf("openat %s: %s\n", arg, err_name(errno));
            else { print_fd_path("openat", arg, fd); close(fd); }
            close(dfd);
        } else if (!strcmp(op, "openat2") && i + 3 < argc) {
            /* openat2(open(DIR), PATH, {O_RDONLY, 0, RESOLVE}) */
            const char *d = argv[++i], *p = argv[++i], *flags = argv[++i];
            int dfd = open(d, O_RDONLY | O_DIRECTORY);
            unsigned long long how[3] = {O_RDONLY, 0, resolve_flags(flags)};
            int fd = syscall(SYS_openat2, dfd, p, how, sizeof how);
            char arg[512];
            snprintf(arg, sizeof arg, "%s %s %s", d, p, flags);
            if (fd < 0) printf("openat2 %s: %s\n", arg, err_name(errno));
            else { print_fd_path("openat2", arg, fd); close(fd); }
            close(dfd);
        } else if (!strcmp(op, "bind") && i + 1 < argc) {
            const char *p = argv[++i];
            int s = socket(AF_UNIX, SOCK_STREAM, 0);
            struct sockaddr_un a = {.sun_family = AF_UNIX};
            strncpy(a.sun_path, p, sizeof a.sun_path - 1);
            int r = bind(s, (struct sockaddr *)&a, sizeof a);
            printf("bind %s: %s\n", p, r ? err_name(errno) : "ok");
            if (!r) {
                listen(s, 1);
                int c = socket(AF_UNIX, SOCK_STREAM, 0);
                printf("connect %s: %s\n", p, connect(c, (struct sockaddr *)&a, sizeof a) ? err_name(errno) : "ok");
                struct sockaddr_un peer = {0};
                socklen_t len = sizeof peer;
                if (getpeername(c, (struct sockaddr *)&peer, &len) == 0)
                    printf("getpeername %s: %s (%u bytes)\n", p, peer.sun_path, (unsigned)len);
                else
                    printf("getpeername %s: %s\n", p, err_name(errno));
                close(c);
            }
            close(s);
        } else if (!strcmp(op, "dgram") && i + 1 < argc) {
            /* A datagram sent with sendto to a socket bound at PATH. */
            const char *p = argv[++i];
            int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM, 0);
            struct sockaddr_un a = {.sun_family = AF_UNIX};
            strncpy(a.sun_path, p, sizeof a.sun_path - 1);
            char buf[16] = {0};
            if (bind(s, (struct sockaddr *)&a, sizeof a)) printf("dgram %s: bind %s\n", p, err_name(errno));
            else if (sendto(c, "hi", 2, 0, (struct sockaddr *)&a, sizeof a) != 2) printf("dgram %s: sendto %s\n", p, err_name(errno));
            else printf("dgram %s: %s\n", p, read(s, buf, sizeof buf - 1) == 2 ? buf : "E?");
            close(s);
            close(c);
        } else if (!strcmp(op, "msg") && i + 2 < argc) {
            /* Datagrams between sockets bound at SERVER and CLIENT: sendmsg names the
             * server, recvmsg reports the client's address, the reply goes to that
             * address with sendto, and recvfrom reports the server's, first in full,
             * then into a 4-byte buffer (the length reported is still the full one). */
            const char *sp = argv[++i], *cp = argv[++i];
            int s = socket(AF_UNIX, SOCK_DGRAM, 0), c = socket(AF_UNIX, SOCK_DGRAM, 0);
            struct sockaddr_un sa = {.sun_family = AF_UNIX}, ca = {.sun_family = AF_UNIX}, from = {0};
            strncpy(sa.sun_path, sp, sizeof sa.sun_path - 1);
            strncpy(ca.sun_path, cp, sizeof ca.sun_path - 1);
            char buf[16] = {0};
            struct iovec iov = {.iov_base = "ping", .iov_len = 4};
            struct msghdr m = {.msg_name = &sa, .msg_namelen = sizeof sa, .msg_iov = &iov, .msg_iovlen = 1};
            socklen_t len = sizeof from;
            if (bind(s, (struct sockaddr *)&sa, sizeof sa) || bind(c, (struct sockaddr *)&ca, sizeof ca))
                printf("msg: bind %s\n", err_name(errno));
            else if (sendmsg(c, &m, 0) != 4)
                printf("msg: sendmsg %s\n", err_name(errno));
            else {
                struct iovec in = {.iov_base = buf, .iov_len = sizeof buf - 1};
                struct msghdr r = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &in, .msg_iovlen = 1};
                ssize_t n = recvmsg(s, &r, 0);
                printf("recvmsg: %s from %s (%u bytes)\n", n == 4 ? buf : "E?", from.sun_path, (unsigned)r.msg_namelen);
                if (sendto(s, "pong", 4, 0, (struct sockaddr *)&from, r.msg_namelen) != 4)
                    printf("msg: sendto %s\n", err_name(errno));
                memset(&from, 0, sizeof from);
                n = recvfrom(c, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len);
                printf("recvfrom: %s from %s (%u bytes)\n", n == 4 ? buf : "E?", from.sun_path, (unsigned)len);
                sendto(s, "pong", 4, 0, (struct sockaddr *)&ca, sizeof ca);
                memset(&from, 0, sizeof from);
                len = 4;
                n = recvfrom(c, buf, sizeof buf - 1, 0, (struct sockaddr *)&from, &len);
                printf("recvfrom into 4 bytes: \"%.2s\" (%u bytes)\n", from.sun_path, (unsigned)len);
            }
            close(s);
            close(c);
        } else if (!strcmp(op, "mounts") && i + 2 < argc) {
            /* Fields 1 to N of every line of a mount table, one "mount FIELDS" line each. */
            const char *p = argv[++i];
            int n = atoi(argv[++i]);
            FILE *f = fopen(p, "r");
            if (!f) { printf("mounts %s: %s\n", p, err_name(errno)); continue; }
            char line[4096];
            while (fgets(line, sizeof line, f)) {
                printf("mount");
                char *field = strtok(line, " \n");
                for (int k = 1; field && k <= n; k++, field = strtok(NULL, " \n")) printf(" %s", field);
                printf("\n");
            }
            fclose(f);
        } else if (!strcmp(op, "mkdir") && i + 1 < argc) {
            const char *p = argv[++i];
            printf("mkdir %s: %s\n", p, mkdir(p, 0755) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "symlink") && i + 2 < argc) {
            const char *t = argv[++i], *p = argv[++i];
            printf("symlink %s %s: %s\n", t, p, symlink(t, p) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "rename") && i + 2 < argc) {
            const char *a = argv[++i], *b = argv[++i];
            printf("rename %s %s: %s\n", a, b, rename(a, b) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "rmdir") && i + 1 < argc) {
            const char *p = argv[++i];
            printf("rmdir %s: %s\n", p, rmdir(p) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "unlink") && i + 1 < argc) {
            const char *p = argv[++i];
            printf("unlink %s: %s\n", p, unlink(p) ? err_name(errno) : "ok");
        } else if (!strcmp(op, "list") && i + 1 < argc) {
            /* The directory's names, except . and .., space-separated, sorted. */
            const char *p = argv[++i];
            struct dirent **names;
            int n = scandir(p, &names, NULL, alphasort);
            printf("list %s:", p);
            if (n < 0) printf(" %s", err_name(errno));
            for (int k = 0; k < n; k++) {
                if (strcmp(names[k]->d_name, ".") && strcmp(names[k]->d_name, ".."))
                    printf(" %s", names[k]->d_name);
                free(names[k]);
            }
            if (n >= 0) free(names);
            printf("\n");
        } else if (!strcmp(op, "getenv") && i + 1 < argc) {
            const char *n = argv[++i], *v = getenv(n);
            printf("getenv %s: %s\n", n, v ? v : "(unset)");
        } else if (!strcmp(op, "exec") && i + 1 < argc) {
            /* Runs the rest of the arguments as a program (execv), output follows. */
            fflush(stdout);
            execv(argv[i + 1], &argv[i + 1]);
            printf("exec %s: %s\n", argv[i + 1], err_name(errno));
            return 1;
        } else {
            fprintf(stderr, "paths: bad operation '%s'\n", op);
            return 2;
        }
    }
    return 0;
}
