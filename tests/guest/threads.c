// crossrun-test: compare=native ldflags=-latomic arch=aarch64,riscv64
/* pthreads: clone-based thread creation, join, mutex, condition variable,
 * thread-local storage, atomics under contention (64-bit fetch_add and a
 * 16-byte CAS loop), pthread_once, and per-thread return values. */
#include "common.h"
#include <pthread.h>

typedef unsigned __int128 u128;
static long counter_atomic, counter_mutex;
static u128 wide;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, turn;
static __thread long tls_value = 5;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_count;
static void once_fn(void) { once_count++; }

static u128 cas16(u128 *p, u128 expected, u128 desired)
{
#if defined(__aarch64__)
    return __sync_val_compare_and_swap(p, expected, desired);
#else
    __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
#endif
}

static void *worker(void *arg)
{
    long id = (long)arg;
    pthread_once(&once, once_fn);
    tls_value = id * 100;
    for (int i = 0; i < 20000; i++) {
        __atomic_fetch_add(&counter_atomic, 1, __ATOMIC_RELAXED);
        u128 old = wide;
        while (cas16(&wide, old, old + (((u128)1 << 64) | 1)) != old) old = wide;
        if (i % 16 == 0) { pthread_mutex_lock(&mu); counter_mutex++; pthread_mutex_unlock(&mu); }
    }
    /* ping-pong with the condition variable: threads take turns in id order */
    for (int round = 0; round < 50; round++) {
        pthread_mutex_lock(&mu);
        while (turn % 2 != id) pthread_cond_wait(&cv, &mu);
        turn++;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    pthread_mutex_lock(&mu);
    ready++;
    pthread_mutex_unlock(&mu);
    return (void *)(tls_value + id);
}

int main(void)
{
    pthread_t t[2];
    for (long i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, (void *)i);
    void *ret[2];
    for (int i = 0; i < 2; i++) pthread_join(t[i], &ret[i]);
    printf("atomic counter=%ld mutex counter=%ld wide hi=%llu lo=%llu\n", counter_atomic, counter_mutex,
           (unsigned long long)(wide >> 64), (unsigned long long)wide);
    printf("turns=%d ready=%d once=%d ret=%ld,%ld main tls=%ld\n", turn, ready, once_count, (long)ret[0], (long)ret[1],
           tls_value);
    return 0;
}
