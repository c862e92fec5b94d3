/* Float SIMD, auto-vectorised at -O3: y = a*x + y over 64 Ki floats, repeated, with
 * inexact products and sums (-ffp-contract=off: a separate multiply and add on both
 * hosts). arg: repetitions */
#include <stdio.h>
#include <stdlib.h>
#define N 65536
static float x[N], y[N];
static void saxpy(float a, const float *restrict xs, float *restrict ys)
{
    for (int i = 0; i < N; i++) ys[i] = a * xs[i] + ys[i];
}
int main(int argc, char **argv)
{
    long reps = argc > 1 ? atol(argv[1]) : 20000;
    for (int i = 0; i < N; i++) { x[i] = (float)(i % 1000) * 0.001f; y[i] = (float)(i % 7); }
    for (long r = 0; r < reps; r++) saxpy(r & 1 ? -0.3f : 0.3001f, x, y);
    double s = 0;
    for (int i = 0; i < N; i++) s += y[i];
    printf("saxpy %.6f %.9g\n", s, (double)y[N / 3]);
    return 0;
}
