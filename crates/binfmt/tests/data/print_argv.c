/* Test program for crates/binfmt/tests/kernel.rs: prints each argument on
 * its own line as "argv[N]=VALUE". Build it static for aarch64:
 *   aarch64-linux-gnu-gcc -static -O2 -o print_argv print_argv.c
 */
#include <stdio.h>

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    return 0;
}
