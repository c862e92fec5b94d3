/* A dynamically linked program using libm and libpthread: a few threads each sum a
 * libm function over a range; the main thread joins them and prints the totals. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>

struct job { int start; double sum; };

static void *work(void *arg) {
    struct job *j = arg;
    for (int i = j->start; i < j->start + 1000; i++) j->sum += sqrt((double)i) + cbrt((double)i);
    return NULL;
}

int main(void) {
    pthread_t t[4];
    struct job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){.start = i * 1000, .sum = 0};
        if (pthread_create(&t[i], NULL, work, &jobs[i]) != 0) { puts("pthread_create failed"); return 1; }
    }
    double total = 0;
    for (int i = 0; i < 4; i++) { pthread_join(t[i], NULL); total += jobs[i].sum; }
    printf("threads joined: 4\ntotal %.6f\nlog(e) %.1f pow %.1f\n", total, log(M_E), pow(2.0, 10.0));
    return 0;
}
