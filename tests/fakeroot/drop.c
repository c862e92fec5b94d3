/* Checks access() as root, drops fake root the way apt drops to its _apt user
 * (setgroups, setresgid, setresuid), checks that root cannot be regained, then execs its argv[1..]
 * to show that the new identity survives execve. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    uid_t r, e, s;
    gid_t groups[4];
    getresuid(&r, &e, &s);
    printf("start %u %u %u groups %d\n", r, e, s, getgroups(4, groups));
    /* access() as root (it checks the real uid): writing is allowed whatever the
     * mode, executing needs an x bit. */
    if (r == 0)
        printf("access hosts: w %d x %d\n", access("hosts", W_OK), access("hosts", X_OK));
    gid_t g = 4322;
    if (setgroups(1, &g) || setresgid(4322, 4322, 4322) || setresuid(4321, 4321, 4321)) {
        printf("drop failed: %s\n", strerror(errno));
        return 1;
    }
    printf("now %u %u %u %u\n", getuid(), geteuid(), getgid(), getegid());
    printf("setuid(0): %s\n", setuid(0) == 0 ? "succeeded" : strerror(errno));
    fflush(stdout);
    if (argc > 1) {
        execv(argv[1], argv + 1);
        printf("exec failed: %s\n", strerror(errno));
    }
    return 0;
}
