// A 32-bit guest's address space is the low 4 GiB, whatever call fills it: mmap (with
// and without hints, anonymous and file-backed), brk, mremap that may move, shmat and
// thread stacks each get memory until the space runs out, and then fail with ENOMEM
// (or its call's error) instead of handing out an address above 4 GiB, which a 32-bit
// register would cut to an alias of memory already in use. Every page handed out gets
// a tag written and all tags are read back, so an alias shows as a lost tag; every
// mapping /proc/self/maps lists ends at or below 4 GiB.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#define MIB (1024u * 1024u)
#define MAX_CHUNKS 4096

static void *chunks[MAX_CHUNKS];
static size_t chunk_len[MAX_CHUNKS];
static int nchunks;

static uint32_t tag_of(int i) { return 0x5a000000u ^ (uint32_t)i * 2654435761u; }

static void tag(int i) {
    uint32_t *p = chunks[i];
    p[0] = tag_of(i);
    p[chunk_len[i] / 4 - 1] = ~tag_of(i);
}

/// How many chunks lost their tags (aliases of another chunk).
static int lost_tags(void) {
    int lost = 0;
    for (int i = 0; i < nchunks; i++) {
        uint32_t *p = chunks[i];
        if (p[0] != tag_of(i) || p[chunk_len[i] / 4 - 1] != ~tag_of(i)) lost++;
    }
    return lost;
}

/// Every mapping in /proc/self/maps ends at or below 4 GiB (the kernel's 64-bit
/// hexadecimal is parsed into 64 bits).
static int maps_below_4g(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f) return 0;
    char line[512];
    int ok = 1, lines = 0;
    while (fgets(line, sizeof line, f)) {
        unsigned long long start, end;
        if (sscanf(line, "%llx-%llx", &start, &end) != 2 || end > 0x100000000ull || start >= end) ok = 0;
        lines++;
    }
    fclose(f);
    return ok && lines > 0;
}

static void release(void (*undo)(int)) {
    for (int i = 0; i < nchunks; i++) undo(i);
    nchunks = 0;
}

static void unmap(int i) { munmap(chunks[i], chunk_len[i]); }
static void detach(int i) { shmdt(chunks[i]); }

static void report(const char *what, int err, unsigned min_mib) {
    size_t total = 0;
    for (int i = 0; i < nchunks; i++) total += chunk_len[i];
    printf("%s: stopped by %s, at least %u MiB: %s, tags lost: %d, maps below 4 GiB: %s\n", what, strerrorname_np(err),
           min_mib, total >= (size_t)min_mib * MIB ? "yes" : "no", lost_tags(), maps_below_4g() ? "yes" : "no");
}

/// mmap until it fails; `hint` (if any) asks for addresses near the top of the space.
static void fill_with_mmap(const char *what, size_t len, int hinted, int fd) {
    int err = 0;
    while (nchunks < MAX_CHUNKS) {
        void *hint = hinted ? (void *)(uintptr_t)(0xf0000000u - (uint32_t)nchunks * 0x10000u) : NULL;
        int flags = fd < 0 ? MAP_PRIVATE | MAP_ANONYMOUS : MAP_PRIVATE;
        void *p = mmap(hint, len, PROT_READ | PROT_WRITE, flags, fd, 0);
        if (p == MAP_FAILED) {
            err = errno;
            break;
        }
        chunks[nchunks] = p;
        chunk_len[nchunks] = len;
        tag(nchunks++);
    }
    report(what, err, 2048);
    release(unmap);
}

static void fill_with_brk(void) {
    int err = 0;
    while (nchunks < MAX_CHUNKS) {
        void *p = sbrk(16 * MIB);
        if (p == (void *)-1) {
            err = errno;
            break;
        }
        chunks[nchunks] = p;
        chunk_len[nchunks] = 16 * MIB;
        tag(nchunks++);
    }
    // brk grows up from the program until the next mapping (the stack's or a library's).
    report("brk", err, 512);
    int shrunk = 1;
    for (; nchunks > 0; nchunks--) shrunk &= sbrk(-(intptr_t)(16 * MIB)) != (void *)-1;
    printf("brk: given back: %s\n", shrunk ? "yes" : "no");
}

/// One mapping grown by mremap(MREMAP_MAYMOVE) with another mapping pinned right after
/// it each time, so each growth moves it, until the space has no room for it (ENOMEM) or
/// it reaches 2 GiB (doubling that is a length of 0 for a 32-bit size_t).
static void grow_with_mremap(void) {
    size_t len = 64 * MIB;
    uint32_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("mremap: no room for the first 64 MiB: %s\n", strerrorname_np(errno));
        return;
    }
    int err = 0, moves = 0, kept = 1;
    p[0] = 0xc0ffee;
    while (len < 2048 * MIB) {
        void *after = mmap((char *)p + len, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        void *q = mremap(p, len, len * 2, MREMAP_MAYMOVE);
        if (after != MAP_FAILED) munmap(after, 4096);
        if (q == MAP_FAILED) {
            err = errno;
            break;
        }
        moves += q != p;
        p = q;
        len *= 2;
        kept &= p[0] == 0xc0ffee;
        p[len / 4 - 1] = 1;
    }
    chunks[0] = p;
    chunk_len[0] = len;
    nchunks = 1;
    tag(0);
    printf("mremap: at least 1024 MiB: %s, moved every time: %s, contents kept: %s, failed with: %s, tags lost: %d, "
           "maps below 4 GiB: %s\n",
           len >= 1024 * MIB ? "yes" : "no", moves == __builtin_ctz(len / (64 * MIB)) ? "yes" : "no", kept ? "yes" : "no",
           err == 0 || err == ENOMEM ? "nothing or ENOMEM" : strerrorname_np(err), lost_tags(), maps_below_4g() ? "yes" : "no");
    release(unmap);
}

static void fill_with_shmat(void) {
    int id = shmget(IPC_PRIVATE, 32 * MIB, IPC_CREAT | 0600);
    if (id < 0) {
        printf("shmget: %s\n", strerrorname_np(errno));
        return;
    }
    int err = 0;
    while (nchunks < MAX_CHUNKS) {
        void *p = shmat(id, NULL, 0);
        if (p == (void *)-1) {
            err = errno;
            break;
        }
        chunks[nchunks] = p;
        chunk_len[nchunks] = 32 * MIB;
        nchunks++;
    }
    shmctl(id, IPC_RMID, NULL);
    // Every attachment is the same segment at an address of its own: a word written
    // through the first reads back through the last, and a tag per attachment (at its
    // own offset) survives all the others.
    uint32_t *first = chunks[0], *last = chunks[nchunks - 1];
    first[1] = 0x51a4ed;
    int shared = last[1] == 0x51a4ed, lost = 0;
    for (int i = 0; i < nchunks; i++) ((uint32_t *)chunks[i])[2 + i] = tag_of(i);
    for (int i = 0; i < nchunks; i++) lost += ((uint32_t *)chunks[nchunks - 1 - i])[2 + i] != tag_of(i);
    printf("shmat: stopped by %s, at least 1024 MiB: %s, one segment: %s, tags lost: %d, maps below 4 GiB: %s\n",
           strerrorname_np(err), (size_t)nchunks * 32 * MIB >= 1024u * MIB ? "yes" : "no", shared ? "yes" : "no", lost,
           maps_below_4g() ? "yes" : "no");
    release(detach);
}

static void *thread_body(void *arg) {
    volatile uint32_t local = (uint32_t)(uintptr_t)arg;
    *(volatile uint32_t *)arg = local;
    pause();
    return NULL;
}

static void fill_with_threads(void) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * MIB);
    static pthread_t threads[256];
    static uint32_t stamps[256];
    int n = 0, err = 0;
    while (n < 256) {
        err = pthread_create(&threads[n], &attr, thread_body, &stamps[n]);
        if (err) break;
        n++;
    }
    printf("threads with 64 MiB stacks: at least 16: %s, stopped by %s, maps below 4 GiB: %s\n", n >= 16 ? "yes" : "no",
           n == 256 ? "nothing" : strerrorname_np(err), maps_below_4g() ? "yes" : "no");
}

int main(void) {
    int fd = open("addr32.data", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, MIB) != 0) {
        perror("addr32.data");
        return 1;
    }
    fill_with_mmap("mmap 1 MiB", MIB, 0, -1);
    fill_with_mmap("mmap 1 MiB at hints near the top", MIB, 1, -1);
    fill_with_mmap("mmap 1 MiB of a file", MIB, 0, fd);
    fill_with_brk();
    grow_with_mremap();
    fill_with_shmat();
    fill_with_threads();
    fflush(stdout);
    _exit(0);
}
