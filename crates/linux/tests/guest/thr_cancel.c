// glibc's own uses of signals 32 and 33: pthread_cancel of a thread blocked in read()
// (SIGCANCEL; its cleanup handler runs as the unwinder walks out through the signal
// frame), and setuid() in a threaded program (SIGSETXID to every thread).
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static int fds[2];
static volatile int cleaned, started;

static void cleanup(void *arg) {
    (void)arg;
    cleaned = 1;
}

static void *blocked_reader(void *arg) {
    (void)arg;
    char c;
    pthread_cleanup_push(cleanup, 0);
    started = 1;
    read(fds[0], &c, 1);
    pthread_cleanup_pop(0);
    return (void *)1;
}

static volatile int stop;
static void *spinner(void *arg) {
    (void)arg;
    while (!stop) usleep(1000);
    return 0;
}

int main(void) {
    pipe(fds);
    pthread_t t;
    pthread_create(&t, 0, blocked_reader, 0);
    while (!started) usleep(1000);
    usleep(20000);
    pthread_cancel(t);
    void *r;
    pthread_join(t, &r);
    printf("cancel: canceled=%d cleanup ran=%d\n", r == PTHREAD_CANCELED, cleaned);

    pthread_t s[3];
    for (int i = 0; i < 3; i++) pthread_create(&s[i], 0, spinner, 0);
    int rc = setuid(getuid());
    stop = 1;
    for (int i = 0; i < 3; i++) pthread_join(s[i], 0);
    printf("setuid with threads: %d\n", rc);
    return 0;
}
