/* Double-precision matrix multiply (i-k-j order). arg: matrix size */
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 400;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = calloc((size_t)n * n, sizeof(double));
    for (int i = 0; i < n * n; i++) { a[i] = (i % 17) * 0.25 - 2; b[i] = (i % 13) * 0.5 - 3; }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double x = a[i * n + k];
            for (int j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
        }
    double t = 0;
    for (int i = 0; i < n * n; i++) t += c[i] * (i % 7);
    printf("matmul %.6e\n", t);
    return 0;
}
