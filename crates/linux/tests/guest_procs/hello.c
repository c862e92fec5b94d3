/* The smallest dynamically linked program: libc only. */
#include <stdio.h>
int main(int argc, char **argv) { printf("hello from %s with %d args\n", argc > 0 ? "a guest" : "?", argc); return 0; }
