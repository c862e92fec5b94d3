/* NEON-vectorizable loop at -O3 (int16 dot product, saxpy). arg: repetitions */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#define N 65536
static int16_t a[N], b[N];
static float x[N], y[N];
int main(int argc, char **argv)
{
    long reps = argc > 1 ? atol(argv[1]) : 6000;
    for (int i = 0; i < N; i++) { a[i] = (int16_t)(i * 31); b[i] = (int16_t)(i * 17 + 3); x[i] = (float)(i % 100) * 0.01f; y[i] = 1.0f; }
    uint32_t s = 0;
    for (long r = 0; r < reps; r++) {
        for (int i = 0; i < N; i++) s += (uint32_t)(a[i] * b[i]);
        if (r % 64 == 0) for (int i = 0; i < N; i++) y[i] = 0.5f * x[i] + y[i];
    }
    printf("vec %u %.3f\n", s, (double)y[N - 1]);
    return 0;
}
