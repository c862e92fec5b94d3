// crossrun-test: variants=all compare=native signal=SIGABRT
/* abort() raises SIGABRT; the process must die by that signal (not exit).
 * Output printed before is flushed explicitly. */
#include "common.h"
int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
