/* Dispatch-heavy bytecode interpreter running a counting loop. arg: iterations (millions) */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
enum { LIT, ADD, SUBI, XORK, DUPJNZ, SWAPST, LD, HALT };
int main(int argc, char **argv)
{
    long n = (argc > 1 ? atol(argv[1]) : 30) * 1000000;
    /* acc = mem; loop: acc = (acc + i) ^ 0x5bd1; i--; until i == 0 */
    int prog[] = {LD, ADD, XORK, SWAPST, SUBI, DUPJNZ, 0, HALT};
    int64_t i = n, acc = 1, mem = 0;
    int pc = 0;
    for (;;) {
        switch (prog[pc++]) {
        case LD: acc = mem; break;
        case ADD: acc += i; break;
        case XORK: acc ^= 0x5bd1; break;
        case SWAPST: mem = acc; break;
        case SUBI: i--; break;
        case DUPJNZ: if (i) pc = prog[pc]; else pc++; break;
        case LIT: acc = 0; break;
        case HALT: printf("bytecode %lld\n", (long long)mem); return 0;
        }
    }
}
