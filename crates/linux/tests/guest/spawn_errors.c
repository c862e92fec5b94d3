// posix_spawn as glibc makes it (clone3 with CLONE_VM|CLONE_VFORK|CLONE_CLEAR_SIGHAND
// on a stack of its own): the child reports a failed exec in a variable of the waiting
// parent, also after it closed every fd from 3 up (close_range), and a successful spawn
// of this program again returns its pid and exit status.
#define _GNU_SOURCE
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void try_spawn(const char *what, const char *path, char *const argv[], int closefrom) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (closefrom) posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    pid_t pid = 0;
    int err = posix_spawn(&pid, path, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err) {
        printf("%s: %s\n", what, strerror(err));
        return;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    printf("%s: spawned, exit status %d\n", what, WEXITSTATUS(status));
}

int main(int argc, char **argv) {
    if (argc > 1) return 7;
    char *missing[] = {"/no/such/program", NULL};
    char *again[] = {argv[0], "child", NULL};
    try_spawn("missing program", "/no/such/program", missing, 0);
    try_spawn("missing program after closefrom", "/no/such/program", missing, 1);
    try_spawn("directory", "/", missing, 0);
    try_spawn("this program", "/proc/self/exe", again, 1);
    return 0;
}
