// crossrun-test: variants=all compare=native
/* The auxiliary vector: prints only facts that hold on every correct
 * Linux/aarch64, Linux/riscv64 and Linux/x86_64 setup: AT_PAGESZ, AT_RANDOM
 * points at 16 readable bytes, AT_HWCAP has the architecture's baseline bits
 * (aarch64: FP and ASIMD; riscv64: the letters of RV64GC, IMAFDC; x86_64:
 * nonzero), AT_PHDR/AT_PHNUM consistent with the program headers, AT_ENTRY is
 * set, uid/gid match, AT_SECURE=0, AT_EXECFN non-empty, AT_PLATFORM is the
 * machine name (riscv64: absent, the kernel's ELF_PLATFORM is NULL). */
#define _GNU_SOURCE
#include "common.h"
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

static int phdr_cb(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *count = data;
    if ((*count)++ == 0) {
        int has_load = 0;
        for (int i = 0; i < info->dlpi_phnum; i++) has_load |= info->dlpi_phdr[i].p_type == PT_LOAD;
        printf("dl_iterate_phdr first object has PT_LOAD=%d phnum-matches-auxv=%d\n", has_load,
               info->dlpi_phnum == getauxval(AT_PHNUM));
    }
    return 0;
}

int main(void)
{
    printf("AT_PAGESZ=%lu sysconf=%ld\n", getauxval(AT_PAGESZ), sysconf(_SC_PAGESIZE));
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    int nonzero = 0;
    if (rnd) for (int i = 0; i < 16; i++) nonzero |= rnd[i];
    printf("AT_RANDOM non-null=%d some-nonzero-byte=%d\n", rnd != NULL, nonzero != 0);
    unsigned long hw = getauxval(AT_HWCAP);
#if defined(__aarch64__)
    int baseline = (hw & (1UL << 0)) && (hw & (1UL << 1)); /* HWCAP_FP, HWCAP_ASIMD */
#elif defined(__riscv)
    unsigned long rv64gc = 0;
    for (const char *l = "imafdc"; *l; l++) rv64gc |= 1UL << (*l - 'a'); /* COMPAT_HWCAP_ISA_x */
    int baseline = (hw & rv64gc) == rv64gc;
#else
    int baseline = hw != 0;
#endif
    printf("AT_HWCAP baseline bits present=%d\n", baseline);
    printf("AT_PHDR set=%d AT_PHENT=%lu AT_PHNUM>0=%d AT_ENTRY set=%d\n", getauxval(AT_PHDR) != 0, getauxval(AT_PHENT),
           getauxval(AT_PHNUM) > 0, getauxval(AT_ENTRY) != 0);
    printf("AT_UID==getuid %d AT_EUID==geteuid %d AT_GID==getgid %d AT_SECURE=%lu\n", getauxval(AT_UID) == getuid(),
           getauxval(AT_EUID) == geteuid(), getauxval(AT_GID) == getgid(), getauxval(AT_SECURE));
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN non-empty=%d\n", execfn && *execfn);
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    struct utsname u;
    uname(&u);
#if defined(__riscv)
    int platform_ok = plat == NULL;
#else
    int platform_ok = plat && strcmp(plat, u.machine) == 0;
#endif
    printf("AT_PLATFORM as the kernel gives it=%d\n", platform_ok);
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    int count = 0;
    dl_iterate_phdr(phdr_cb, &count);
    printf("objects>=1 %d\n", count >= 1);
    return 0;
}
