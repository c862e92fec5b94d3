// crossrun-test: variants=all compare=native exit=42
/* exit(42) from a nested call after atexit handlers are registered:
 * handlers run in reverse order and stdio buffers are flushed. */
#include "common.h"

static void h1(void) { printf("atexit handler 1\n"); }
static void h2(void) { printf("atexit handler 2\n"); }
__attribute__((noinline)) static void leave(int code)
{
    printf("leaving with %d (buffered, no newline flush yet)", code);
    exit(code);
}
int main(void)
{
    atexit(h1);
    atexit(h2);
    leave(42);
    return 0;
}
