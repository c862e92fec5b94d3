/* Test program for crates/binfmt/tests/kernel.rs: prints each argument on
 * its own line as "argv[N]=VALUE", then "exe=" and what /proc/self/exe names
 * (the program itself, not its emulator). Build it static for aarch64 (and
 * riscv64-linux-gnu-gcc likewise for riscv64):
 *   aarch64-linux-gnu-gcc -static -O2 -o print_argv print_argv.c
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    printf("exe=%s\n", n < 0 ? "?" : (exe[n] = 0, exe));
    return 0;
}
