// crossrun-test: compare=native
/* File I/O in a private temp dir: mkdtemp, open/write/read/lseek/pread/
 * pwrite/fstat/ftruncate, stdio fopen/fgets/fprintf, readdir (sorted),
 * rename, link/symlink/readlink, unlink, rmdir, dup2, pipe, O_APPEND,
 * errno values of failing calls. */
#define _GNU_SOURCE
#include "common.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static int cmpstr(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) { printf("opendir failed errno=%d\n", errno); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof names[0], cmpstr);
    printf("dir:");
    for (int i = 0; i < n; i++) { printf(" %s", names[i]); free(names[i]); }
    printf("\n");
}

int main(void)
{
    umask(022);
    char tmpl[] = "/tmp/crossrun-fileio-XXXXXX";
    char *dir = mkdtemp(tmpl);
    if (!dir) { printf("mkdtemp failed\n"); return 1; }
    if (chdir(dir) != 0) { printf("chdir failed\n"); return 1; }
    printf("mkdtemp ok, name length %zu\n", strlen(dir));
    int fd = open("a.bin", O_CREAT | O_RDWR | O_TRUNC, 0640);
    unsigned char buf[70000];
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 31 + (i >> 8));
    ssize_t w = write(fd, buf, sizeof buf);
    printf("write %zd\n", w);
    struct stat st;
    fstat(fd, &st);
    printf("fstat size=%lld mode=%o regular=%d\n", (long long)st.st_size, st.st_mode & 0777, S_ISREG(st.st_mode));
    off_t pos = lseek(fd, 1000, SEEK_SET);
    unsigned char rb[300];
    ssize_t r = read(fd, rb, sizeof rb);
    printf("lseek %lld read %zd match=%d tell=%lld\n", (long long)pos, r, memcmp(rb, buf + 1000, 300) == 0,
           (long long)lseek(fd, 0, SEEK_CUR));
    /* (arguments are evaluated into variables first: C leaves argument order unspecified) */
    long long e1 = (long long)lseek(fd, 0, SEEK_END);
    long long e2 = (long long)lseek(fd, -10, SEEK_END);
    printf("lseek end %lld, -10 from end %lld\n", e1, e2);
    r = pread(fd, rb, 100, 65536);
    int unchanged = lseek(fd, 0, SEEK_CUR) == (off_t)sizeof buf - 10;
    printf("pread %zd match=%d tell-unchanged=%d\n", r, memcmp(rb, buf + 65536, 100) == 0, unchanged);
    w = pwrite(fd, "HELLO", 5, 3);
    r = pread(fd, rb, 10, 0);
    printf("pwrite %zd then: %.10s\n", w, (char *)rb + 3);
    r = read(fd, rb, 100);
    ssize_t r2 = read(fd, rb, 100);
    printf("read near end %zd, at eof %zd\n", r, r2);
    /* sparse extension via lseek past end + write */
    lseek(fd, 100000, SEEK_SET);
    write(fd, "Z", 1);
    fstat(fd, &st);
    pread(fd, rb, 4, 80000);
    printf("sparse size=%lld hole=%d%d%d%d\n", (long long)st.st_size, rb[0], rb[1], rb[2], rb[3]);
    ftruncate(fd, 12345);
    fstat(fd, &st);
    printf("ftruncate size=%lld\n", (long long)st.st_size);
    /* readv/writev */
    struct iovec iov[3] = {{"ab", 2}, {"cde", 3}, {"fghi", 4}};
    lseek(fd, 0, SEEK_SET);
    printf("writev %zd\n", writev(fd, iov, 3));
    char x1[3] = {0}, x2[7] = {0};
    struct iovec riov[2] = {{x1, 2}, {x2, 6}};
    lseek(fd, 0, SEEK_SET);
    printf("readv %zd [%s] [%s]\n", readv(fd, riov, 2), x1, x2);
    close(fd);
    /* stdio */
    FILE *f = fopen("text.txt", "w");
    for (int i = 0; i < 50; i++) fprintf(f, "line %d value %d\n", i, i * i);
    fclose(f);
    f = fopen("text.txt", "r");
    char line[100];
    long sum = 0;
    int lines = 0;
    while (fgets(line, sizeof line, f)) { int a, b; if (sscanf(line, "line %d value %d", &a, &b) == 2) sum += b; lines++; }
    printf("stdio lines=%d sum=%ld ftell=%ld\n", lines, sum, ftell(f));
    fclose(f);
    f = fopen("text.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    fd = open("text.txt", O_WRONLY | O_APPEND);
    write(fd, "more\n", 5);
    close(fd);
    stat("text.txt", &st);
    printf("after append size=%lld\n", (long long)st.st_size);
    /* directories, links, rename */
    mkdir("sub", 0755);
    mkdir("sub/deeper", 0700);
    fd = open("sub/f1", O_CREAT | O_WRONLY, 0600);
    close(fd);
    int lk = link("text.txt", "hard.txt");
    int sl = symlink("text.txt", "soft.txt");
    printf("link %d symlink %d\n", lk, sl);
    char target[100] = {0};
    ssize_t rl = readlink("soft.txt", target, sizeof target - 1);
    printf("readlink %zd %s\n", rl, target);
    lstat("soft.txt", &st);
    printf("lstat symlink=%d\n", S_ISLNK(st.st_mode));
    stat("hard.txt", &st);
    printf("nlink=%ld\n", (long)st.st_nlink);
    printf("rename %d\n", rename("a.bin", "b.bin"));
    list(".");
    list("sub");
    int ab = access("b.bin", R_OK);
    int aa = access("a.bin", F_OK);
    printf("access b.bin=%d a.bin=%d\n", ab, aa);
    int rc1;
    errno = 0; rc1 = open("nope", O_RDONLY);
    printf("open missing=%d errno=%d (ENOENT=%d)\n", rc1, errno, ENOENT);
    errno = 0; rc1 = rmdir("sub");
    printf("rmdir nonempty=%d errno=%d (ENOTEMPTY=%d)\n", rc1, errno, ENOTEMPTY);
    errno = 0; rc1 = mkdir("sub", 0755);
    printf("mkdir existing=%d errno=%d (EEXIST=%d)\n", rc1, errno, EEXIST);
    errno = 0; rc1 = unlink("sub");
    printf("unlink dir=%d errno=%d (EISDIR=%d)\n", rc1, errno, EISDIR);
    /* pipe + dup2 */
    int pfd[2];
    pipe(pfd);
    write(pfd[1], "through pipe", 12);
    char pb[20] = {0};
    read(pfd[0], pb, sizeof pb - 1);
    printf("pipe [%s]\n", pb);
    int saved = dup(1);
    int tf = open("redir.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    fflush(stdout);
    dup2(tf, 1);
    printf("this goes to a file\n");
    fflush(stdout);
    dup2(saved, 1);
    close(tf);
    close(saved);
    f = fopen("redir.txt", "r");
    fgets(line, sizeof line, f);
    fclose(f);
    printf("redirected: %s", line);
    /* getcwd ends with our dir name */
    char cwd[512];
    getcwd(cwd, sizeof cwd);
    printf("cwd matches=%d\n", strcmp(cwd, dir) == 0);
    /* cleanup */
    const char *files[] = {"b.bin", "text.txt", "hard.txt", "soft.txt", "sub/f1", "redir.txt"};
    int rc = 0;
    for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) rc |= unlink(files[i]);
    rc |= rmdir("sub/deeper");
    rc |= rmdir("sub");
    chdir("/");
    rc |= rmdir(dir);
    printf("cleanup rc=%d exists=%d\n", rc, access(dir, F_OK) == 0);
    return 0;
}
