// crossrun-test: variants=all compare=native signal=SIGSEGV
/* A store to address 0 with no handler installed: the process dies by
 * SIGSEGV. */
#include "common.h"
int main(void)
{
    printf("writing to NULL\n");
    fflush(stdout);
    volatile int *p = OPAQUE((int *)0);
    *p = 1;
    printf("still alive?!\n");
    return 0;
}
