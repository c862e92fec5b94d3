// crossrun-test: compare=native qemu=fails
/* mremap without MREMAP_MAYMOVE: a mapping grows in place when the pages above it
 * are free, and fails with ENOMEM when another mapping is in the way; shrinking
 * never moves. Node's V8 grows its pages this way and retries on ENOMEM.
 *
 * qemu=fails: qemu-arm (7.2 and 10.0) keeps the whole 32-bit guest space reserved
 * on the host, so a grow in place always finds the reservation above and answers
 * ENOMEM, even into free guest pages; V8 then retries forever (the node/npm hangs
 * of nodejs/docker-node #1798 and #1946 and nodejs/node #53489, whose straces show
 * exactly this call failing in a loop). The kernel grows the mapping. */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    /* Three pages reserved, the top two given back: the page above is free. */
    char *p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(p, 'a', pg);
    munmap(p + pg, 2 * pg);
    char *q = mremap(p, pg, 2 * pg, 0);
    printf("grow into a free page: %s, same address %d\n", q == MAP_FAILED ? strerror(errno) : "ok", q == p);
    if (q != MAP_FAILED) {
        q[2 * pg - 1] = 'z';
        printf("contents kept %d, new page writable %d\n", q[pg - 1] == 'a', q[2 * pg - 1] == 'z');
    }
    /* And again, by one more page, one page at a time as V8 does. */
    q = mremap(p, 2 * pg, 3 * pg, 0);
    printf("grow by one more page: %s\n", q == MAP_FAILED ? strerror(errno) : q == p ? "ok" : "moved");

    /* A neighbour directly above: no room, and no moving without MAYMOVE. */
    char *r = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(r + pg, pg);
    char *n = mmap(r + pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    errno = 0;
    q = mremap(r, pg, 2 * pg, 0);
    printf("grow into a neighbour fails %d with ENOMEM %d\n", q == MAP_FAILED, errno == ENOMEM);
    q = mremap(r, pg, 2 * pg, MREMAP_MAYMOVE);
    printf("with MAYMOVE it moves %d\n", q != MAP_FAILED && q != r);

    /* Shrinking stays where it is. */
    char *s = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    q = mremap(s, 4 * pg, pg, 0);
    printf("shrink stays %d\n", q == s);
    munmap(n, pg);
    return 0;
}
