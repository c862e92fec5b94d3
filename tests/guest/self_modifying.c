// crossrun-test: compare=expected arch=aarch64,riscv64
/* Self-modifying code, as a guest JIT writes it: functions are written into an RWX
 * page, called, rewritten in place and called again.
 *
 * None of the rewrites is followed by __builtin___clear_cache (Arm: DC CVAU + IC IVAU
 * + ISB; RISC-V: FENCE.I or the riscv_flush_icache system call). Real hardware needs
 * it before the new code is guaranteed to run; an emulator that translates code must
 * notice the writes itself (qemu does, and so does crossrun: writable pages holding
 * translated code are write-protected on the host). An emulator that ran stale
 * translations prints "1 1" on the first line. The functions are two 32-bit
 * instructions on either architecture, so the output is the same.
 *
 * Covered: stores from guest code (plain and in a loop), the kernel writing the code
 * through read() and readv() (system calls would fail with EFAULT on a page the
 * emulator write-protected), a store to data that shares the code's page, a second
 * thread calling code the first one rewrote, mprotect of the page, a forked child
 * rewriting its copy, and /proc/self/maps still showing the page as the program mapped
 * it. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

typedef int (*fn)(void);

static volatile uint32_t *code;

#if defined(__aarch64__)
/* MOVZ W0, #imm ; RET */
static uint32_t set_result(unsigned imm) { return 0x52800000u | (imm & 0xffff) << 5; }
static const uint32_t RET = 0xd65f03c0u;
#elif defined(__riscv)
/* ADDI a0, zero, imm (imm < 2048) ; JALR zero, 0(ra) */
static uint32_t set_result(unsigned imm) { return (imm & 0x7ff) << 20 | 10 << 7 | 0x13; }
static const uint32_t RET = 0x00008067u;
#else
#error "self_modifying.c: no instruction encodings for this architecture"
#endif

/* Writes "return imm" at word `at` of the page with plain stores. */
static void emit(int at, unsigned imm) {
    code[at] = set_result(imm);
    code[at + 1] = RET;
}

static int call(int at) { return ((fn)(uintptr_t)&code[at])(); }

/* The permissions /proc/self/maps shows for the code page. */
static void print_maps_perms(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo <= (uintptr_t)code && (uintptr_t)code < hi) {
            printf("maps: %s\n", perms);
        }
    }
    if (f) {
        fclose(f);
    }
}

static pthread_barrier_t barrier;
static int seen[2];

/* The second thread calls the function after each rewrite by the main thread. */
static void *caller(void *arg) {
    (void)arg;
    for (int i = 0; i < 2; i++) {
        pthread_barrier_wait(&barrier); /* rewritten */
        seen[i] = call(0);
        pthread_barrier_wait(&barrier); /* called */
    }
    return NULL;
}

int main(void) {
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    code = page;

    emit(0, 1);
    int first = call(0);
    emit(0, 2);
    int second = call(0);
    printf("rewrite: %d %d\n", first, second);

    /* Many rewrites of the same function, each called at once. */
    unsigned long sum = 0, want = 0;
    for (unsigned i = 0; i < 500; i++) {
        emit(0, i);
        sum += (unsigned)call(0);
        want += i;
    }
    printf("loop: %s\n", sum == want ? "ok" : "stale");

    /* A store to data on the same page leaves the code alone. */
    emit(16, 7);
    int before = call(16);
    code[512] = 0x12345678;
    int after = call(16);
    printf("data on the page: %d %d\n", before, after);

    /* The kernel writes the code: read() from a pipe. */
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    uint32_t words[2] = {set_result(3), RET};
    (void)call(0);
    if (write(fds[1], words, sizeof words) != sizeof words || read(fds[0], (void *)code, sizeof words) != sizeof words) {
        perror("pipe I/O");
        return 1;
    }
    int by_read = call(0);
    /* ...and readv(), whose buffers are described in memory. */
    words[0] = set_result(4);
    struct iovec iov = {(void *)code, sizeof words};
    if (write(fds[1], words, sizeof words) != sizeof words || readv(fds[0], &iov, 1) != sizeof words) {
        perror("pipe I/O");
        return 1;
    }
    int by_readv = call(0);
    printf("written by the kernel: %d %d\n", by_read, by_readv);

    /* Another thread runs what this one rewrote. */
    pthread_t t;
    pthread_barrier_init(&barrier, NULL, 2);
    if (pthread_create(&t, NULL, caller, NULL) != 0) {
        return 1;
    }
    for (int i = 0; i < 2; i++) {
        emit(0, 20 + i);
        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier);
    }
    pthread_join(t, NULL);
    printf("other thread: %d %d\n", seen[0], seen[1]);

    /* Made read+exec and back, then rewritten. */
    mprotect(page, 4096, PROT_READ | PROT_EXEC);
    int rx = call(0);
    mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
    emit(0, 30);
    printf("after mprotect: %d %d\n", rx, call(0));

    /* A forked child rewrites its copy; the parent's code stays as it was. */
    pid_t child = fork();
    if (child == 0) {
        emit(0, 41);
        _exit(call(0));
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("fork: child %d parent %d\n", WEXITSTATUS(status), call(0));
    print_maps_perms();
    return 0;
}
