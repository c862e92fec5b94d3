// crossrun-test: variants=all compare=native exit=7
/* Returning from main: the return value (truncated to 8 bits by the
 * kernel: 263 -> 7) becomes the exit status; destructors and atexit run. */
#include "common.h"

__attribute__((destructor)) static void dtor(void) { printf("destructor ran\n"); }
__attribute__((constructor)) static void ctor(void) { printf("constructor ran\n"); }
static void bye(void) { printf("atexit ran\n"); }
int main(void)
{
    atexit(bye);
    printf("in main\n");
    return 263;
}
