/* Prints the C library and dynamic linker files mapped into this process (from
 * /proc/self/maps, each once), after running a thread: a dynamic linker and a libc.so.6
 * of two different builds hang in pthread_create or at thread exit, so the thread is
 * what shows that the set is consistent. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void *worker(void *arg) {
    *(int *)arg = 42;
    return NULL;
}

int main(void) {
    pthread_t t;
    int value = 0;
    if (pthread_create(&t, NULL, worker, &value) != 0 || pthread_join(t, NULL) != 0) {
        puts("FAIL pthread");
        return 1;
    }
    printf("thread ran: %d\n", value);
    FILE *maps = fopen("/proc/self/maps", "r");
    if (!maps) {
        puts("FAIL maps");
        return 1;
    }
    char line[4096], seen[8][1024];
    int nseen = 0;
    while (fgets(line, sizeof line, maps)) {
        char *path = strchr(line, '/');
        if (!path || (!strstr(path, "/libc.so") && !strstr(path, "/ld-linux")))
            continue;
        path[strcspn(path, "\n")] = 0;
        int dup = 0;
        for (int i = 0; i < nseen; i++)
            dup |= strcmp(seen[i], path) == 0;
        if (!dup && nseen < 8) {
            snprintf(seen[nseen++], sizeof seen[0], "%s", path);
            printf("%s\n", path);
        }
    }
    fclose(maps);
    return 0;
}
