// Threads: pthread_create/join with return values, a mutex-protected counter and an
// atomic counter from 8 threads (LDXR/STXR, or LSE atomics when built with
// -march=armv8.2-a+lse), a condition variable, __thread variables, gettid, and a
// thread ending with pthread_exit while main joins it (CLONE_CHILD_CLEARTID).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 8
#define ITERS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static atomic_long atomic_counter;
static __thread long tls_value = 5;
static pid_t tids[THREADS];

static void *worker(void *arg) {
    long id = (long)arg;
    tls_value = id * 100;
    tids[id] = syscall(SYS_gettid);
    for (int i = 0; i < ITERS; i++) {
        pthread_mutex_lock(&lock);
        locked_counter++;
        pthread_mutex_unlock(&lock);
        atomic_fetch_add(&atomic_counter, 1);
    }
    sched_yield();
    if (tls_value != id * 100) return (void *)-1;
    if (id == 3) pthread_exit((void *)(id + 1000));
    return (void *)(id + 1000);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue[16], head, tail, done;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= 100; i++) {
        pthread_mutex_lock(&lock);
        while (tail - head == 16) pthread_cond_wait(&cond, &lock);
        queue[tail++ % 16] = i;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    done = 1;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
    return 0;
}

int main(void) {
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++) pthread_create(&t[i], 0, worker, (void *)i);
    long ok = 0;
    for (int i = 0; i < THREADS; i++) {
        void *r;
        pthread_join(t[i], &r);
        ok += (long)r == i + 1000;
    }
    int distinct = 1;
    pid_t me = syscall(SYS_gettid);
    for (int i = 0; i < THREADS; i++) {
        if (tids[i] == me || tids[i] <= 0) distinct = 0;
        for (int j = 0; j < i; j++)
            if (tids[i] == tids[j]) distinct = 0;
    }
    printf("joined %ld/%d, mutex counter %ld, atomic counter %ld, main tls %ld, distinct tids %d, main tid is pid %d\n",
           ok, THREADS, locked_counter, (long)atomic_counter, tls_value, distinct, me == getpid());

    pthread_t p;
    pthread_create(&p, 0, producer, 0);
    long sum = 0;
    pthread_mutex_lock(&lock);
    for (;;) {
        while (head == tail && !done) pthread_cond_wait(&cond, &lock);
        if (head == tail && done) break;
        sum += queue[head++ % 16];
        pthread_cond_broadcast(&cond);
    }
    pthread_mutex_unlock(&lock);
    pthread_join(p, 0);
    printf("condvar sum %ld\n", sum);

    // membarrier: query, register, then a process-wide barrier.
    long cmds = syscall(SYS_membarrier, 0 /* QUERY */, 0, 0);
    int has_private = cmds > 0 && (cmds & 8 /* PRIVATE_EXPEDITED */);
    long reg = syscall(SYS_membarrier, 16 /* REGISTER_PRIVATE_EXPEDITED */, 0, 0);
    long bar = syscall(SYS_membarrier, 8 /* PRIVATE_EXPEDITED */, 0, 0);
    printf("membarrier: private expedited=%d register=%ld barrier=%ld\n", has_private, reg, bar);
    return 0;
}
