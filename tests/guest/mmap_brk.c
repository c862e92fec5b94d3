// crossrun-test: compare=native qemu=fails:pie
/* Memory management syscalls: mmap anonymous/fixed/file-backed (shared and
 * private), munmap, mprotect, mremap grow/move, madvise(DONTNEED) zeroing,
 * brk/sbrk growth, and MAP_FIXED_NOREPLACE collision. Prints facts only.
 *
 * qemu=fails:pie: for -static-pie binaries qemu-aarch64 10.0 reports an
 * unaligned initial program break and refuses to grow it (sbrk returns -1),
 * while the Linux kernel places brk after the loaded ET_DYN image and grows
 * it normally (the native x86_64 static-pie build of this file passes). */
#define _GNU_SOURCE
#include "common.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t n = (size_t)pg * 16;
    unsigned char *a = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int zero = 1;
    for (size_t i = 0; i < n; i += 97) zero &= a[i] == 0;
    printf("anon mmap ok=%d page-aligned=%d zero-filled=%d\n", a != MAP_FAILED, ((uintptr_t)a % (uintptr_t)pg) == 0, zero);
    for (size_t i = 0; i < n; i++) a[i] = (unsigned char)i;
    unsigned char *b = mremap(a, n, n * 4, MREMAP_MAYMOVE);
    int kept = 1;
    for (size_t i = 0; i < n; i++) kept &= b[i] == (unsigned char)i;
    b[n * 4 - 1] = 7;
    printf("mremap grow ok=%d contents kept=%d new tail zero-then-written=%d\n", b != MAP_FAILED, kept, b[n * 4 - 1] == 7);
    madvise(b, (size_t)pg, MADV_DONTNEED);
    printf("madvise DONTNEED zeroes private anon page: %d\n", b[5] == 0 && b[pg + 5] == (unsigned char)(pg + 5));
    munmap(b + pg * 4, (size_t)pg * 4);
    void *fixed = mmap(b + pg * 4, (size_t)pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED into hole ok=%d\n", fixed == b + pg * 4);
    errno = 0;
    void *nr = mmap(b, (size_t)pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE over mapping fails=%d errno=EEXIST:%d\n", nr == MAP_FAILED, errno == EEXIST);
    printf("munmap rc=%d\n", munmap(b, n * 4));
    /* file-backed mappings */
    char path[] = "/tmp/crossrun-mmap-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    ftruncate(fd, pg * 2);
    char *sh = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(sh + pg, "written through shared mapping");
    msync(sh, (size_t)pg * 2, MS_SYNC);
    char rb[64] = {0};
    pread(fd, rb, 30, pg);
    printf("shared mapping visible via pread: [%s]\n", rb);
    char *pv = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    pv[pg] = 'W';
    pread(fd, rb, 7, pg);
    rb[7] = 0;
    printf("private mapping copy-on-write: mapping=[%.7s] file=[%s]\n", pv + pg, rb);
    pwrite(fd, "FILE", 4, 0);
    printf("file write visible in shared map: [%.4s]\n", sh);
    char *off = mmap(NULL, (size_t)pg, PROT_READ, MAP_SHARED, fd, pg);
    printf("mmap with offset: [%.8s]\n", off);
    close(fd);
    printf("mapping survives close: [%.8s]\n", sh + pg);
    /* brk */
    void *b0 = sbrk(0);
    void *b1 = sbrk(1 << 20);
    void *b2 = sbrk(0);
    if (b1 == (void *)-1) {
        printf("sbrk failed\n");
    } else {
        memset(b1, 0xab, 1 << 20);
        printf("sbrk grow by 1MiB: old==ret %d new-old=%ld\n", b0 == b1, (long)((char *)b2 - (char *)b1));
        sbrk(-(1 << 19));
        printf("sbrk shrink: %ld\n", (long)((char *)sbrk(0) - (char *)b1));
    }
    /* PROT_NONE then mprotect to read */
    char *np = mmap(NULL, (size_t)pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int rc = mprotect(np, (size_t)pg, PROT_READ);
    printf("mprotect rc=%d readable zero=%d\n", rc, np[100] == 0);
    return 0;
}
