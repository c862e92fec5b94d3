/* For the -D test: a guest that closes every descriptor above 2, then takes the lowest
 * numbers again with open and dup2, and checks it got exactly those. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    int a = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int b = dup2(a, 4);
    const char msg[] = "only the guest writes here\n";
    write(b, msg, strlen(msg));
    close(a);
    close(b);
    printf("fds %d %d\n", a, b);
    return 0;
}
