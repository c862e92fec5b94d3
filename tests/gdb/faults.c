/* For the gdb test: code gdb patches after it ran, a loop gdb interrupts, a fault. */
#include <stdio.h>

volatile int *bad = (int *)16;
volatile unsigned long spins;

int value(void) {
    return 1;
}

int main(int argc, char **argv) {
    if (argc > 1) {
        for (;;)
            spins++;
    }
    printf("first %d\n", value());
    printf("second %d\n", value());
    fflush(stdout);
    *bad = 1;
    return 0;
}
