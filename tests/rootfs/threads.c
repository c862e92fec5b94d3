/* A threaded program for tests/rootfs/trixie-test.sh, compiled by the guest's gcc in
 * the trixie root (glibc 2.41's pthread_create makes its threads with clone3): worker
 * threads sum with a mutex, a condition variable hands out work, each returns a value
 * through pthread_join, and its __thread sum must add up with the others. The output depends only on the
 * arithmetic, so it must equal that of the same source compiled natively. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 8
#define JOBS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static int next_job, posted;
static unsigned long long total, of_threads;
static __thread unsigned long long mine;

static void *worker(void *arg) {
    long id = (long)arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (next_job == posted && posted < JOBS) pthread_cond_wait(&more, &lock);
        if (next_job == JOBS) {
            pthread_mutex_unlock(&lock);
            break;
        }
        int job = next_job++;
        pthread_mutex_unlock(&lock);
        unsigned long long s = 0;
        for (unsigned long long i = 1; i <= 20000; i++) s += (i * (unsigned long long)(job + 1)) % 1009;
        mine += s;
        pthread_mutex_lock(&lock);
        total += s;
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    of_threads += mine;
    pthread_mutex_unlock(&lock);
    return (void *)id;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0) {
            puts("pthread_create failed");
            return 1;
        }
    for (int j = 0; j < JOBS; j++) {
        pthread_mutex_lock(&lock);
        posted++;
        pthread_cond_broadcast(&more);
        pthread_mutex_unlock(&lock);
    }
    long ids = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ids += (long)r;
    }
    printf("%d threads joined (ids sum %ld), %d jobs, total %llu, per-thread sums %s\n", THREADS, ids, next_job, total,
           of_threads == total ? "agree" : "differ");
    return 0;
}
