/* For the perf test: time spent in a function of the program (hot_loop) and in one of
 * the C library's (random_r, reached through rand). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) unsigned long hot_loop(unsigned long n) {
    unsigned long x = 1;
    for (unsigned long i = 0; i < n; i++)
        x = x * 6364136223846793005UL + i;
    return x;
}

int main(void) {
    unsigned long sum = 0;
    for (int i = 0; i < 3000000; i++)
        sum += rand();
    printf("%lu %lu\n", hot_loop(150000000UL), sum);
    return 0;
}
