/* Float SIMD, auto-vectorised at -O3 (reassociation allowed, so the sum is split over
 * vector lanes): dot products of 4 Ki floats. The values are small integers whose
 * products and sums are exact, so any summation order gives the same result on every
 * host. arg: repetitions */
#include <stdio.h>
#include <stdlib.h>
#define N 4096
static float x[N], y[N];
static float dot(const float *restrict a, const float *restrict b)
{
    float s = 0;
    for (int i = 0; i < N; i++) s += a[i] * b[i];
    return s;
}
int main(int argc, char **argv)
{
    long reps = argc > 1 ? atol(argv[1]) : 200000;
    for (int i = 0; i < N; i++) { x[i] = (float)((i * 7) % 13 - 6); y[i] = (float)((i * 3) % 11 - 5); }
    long long total = 0;
    for (long r = 0; r < reps; r++) {
        x[r % N] += 1;
        total += (long long)dot(x, y);
        x[r % N] -= 1;
    }
    printf("dot %lld\n", total);
    return 0;
}
