/* memcpy/strlen/strchr-heavy string processing. arg: rounds (thousands) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    long rounds = (argc > 1 ? atol(argv[1]) : 300) * 1000;
    static char buf[4096], out[8192];
    for (int i = 0; i < 4095; i++) buf[i] = (char)('a' + (i * 7 + i / 13) % 26);
    unsigned long acc = 0;
    for (long r = 0; r < rounds; r++) {
        int off = (int)(r % 61), len = 200 + (int)(r % 1700);
        char save = buf[off + len];
        buf[off + len] = 0;
        size_t l = strlen(buf + off);
        memcpy(out + (r % 7), buf + off, l + 1);
        char *p = strchr(out + (r % 7), 'q');
        acc += l + (p ? (unsigned long)(p - out) : 0) + (unsigned long)strcmp(out + (r % 7), buf + off);
        buf[off + len] = save;
    }
    printf("strings %lu\n", acc);
    return 0;
}
