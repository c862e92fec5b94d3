/* For the gdb test: a local to print, a call to step over, a breakpoint in a second thread. */
#include <pthread.h>
#include <stdio.h>

static int worker_calls;

int square(int x) {
    return x * x;
}

void *worker(void *arg) {
    int n = *(int *)arg;
    worker_calls += square(n);
    return NULL;
}

int main(void) {
    int local = 6;
    int total = square(local);
    pthread_t t;
    int arg = 7;
    pthread_create(&t, NULL, worker, &arg);
    pthread_join(t, NULL);
    printf("total=%d worker=%d\n", total, worker_calls);
    return 3;
}
