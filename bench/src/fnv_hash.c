/* Integer loop: FNV-1a over a generated buffer, repeated. arg: MiB hashed */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
int main(int argc, char **argv)
{
    long mib = argc > 1 ? atol(argv[1]) : 400;
    static unsigned char buf[1 << 20];
    for (int i = 0; i < (1 << 20); i++) buf[i] = (unsigned char)(i * 2654435761u >> 11);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (long r = 0; r < mib; r++)
        for (int i = 0; i < (1 << 20); i++) { h ^= buf[i]; h *= 0x100000001b3ULL; }
    printf("fnv %016llx\n", (unsigned long long)h);
    return 0;
}
