/* For the gdb test: a signal with a handler, then abort(). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int got;

static void handler(int sig) {
    got = sig;
}

int main(void) {
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    printf("handled %d\n", got);
    fflush(stdout);
    abort();
}
