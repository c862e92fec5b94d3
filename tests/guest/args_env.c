// crossrun-test: compare=native args=first,second,--flag=x,,last env=T_ALPHA=1 env=T_BETA=two=2 env=T_EMPTY=
/* argc/argv/envp as the kernel lays them out on the initial stack: prints
 * the arguments (except argv[0], whose path differs between runs) and the
 * T_* environment variables, via envp, environ and getenv. */
#include "common.h"
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d\n", argc);
    printf("argv[0] non-empty=%d\n", argv[0] && argv[0][0] != 0);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s]\n", i, argv[i]);
    printf("argv[argc]==NULL %d\n", argv[argc] == NULL);
    printf("envp==environ %d\n", envp == environ);
    int n = 0;
    for (char **e = envp; *e; e++)
        if (strncmp(*e, "T_", 2) == 0) printf("env %s\n", *e), n++;
    printf("T_ vars %d\n", n);
    printf("getenv T_BETA=[%s] T_EMPTY=[%s] T_MISSING=%p\n", getenv("T_BETA"), getenv("T_EMPTY"), (void *)getenv("T_MISSING"));
    setenv("T_NEW", "made", 1);
    unsetenv("T_ALPHA");
    printf("after setenv/unsetenv: T_NEW=%s T_ALPHA=%p\n", getenv("T_NEW"), (void *)getenv("T_ALPHA"));
    /* argv strings are contiguous and writable */
    if (argc > 1) { argv[1][0] = 'F'; printf("modified argv[1]=%s\n", argv[1]); }
    return 0;
}
