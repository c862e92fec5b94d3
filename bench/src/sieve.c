/* Sieve of Eratosthenes, repeated. arg: limit in millions */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    long n = (argc > 1 ? atol(argv[1]) : 60) * 1000000;
    char *s = malloc((size_t)n);
    memset(s, 1, (size_t)n);
    s[0] = s[1] = 0;
    for (long i = 2; i * i < n; i++) if (s[i]) for (long j = i * i; j < n; j += i) s[j] = 0;
    long c = 0;
    for (long i = 0; i < n; i++) c += s[i];
    printf("primes %ld\n", c);
    return 0;
}
