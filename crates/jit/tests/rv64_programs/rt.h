/* A freestanding runtime for the riscv64 test programs: output through the write system
 * call, exit through exit, nothing else, so the test harness needs no Linux layer. */
typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;

static long sys3(long n, long a, long b, long c) {
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

static char out_buf[1 << 16];
static unsigned out_len;

static void flush(void) {
    sys3(64, 1, (long)out_buf, out_len);
    out_len = 0;
}

static void put(const char *s) {
    while (*s) {
        if (out_len == sizeof out_buf) flush();
        out_buf[out_len++] = *s++;
    }
}

static void hex(u64 v) {
    char b[19];
    b[0] = '0';
    b[1] = 'x';
    for (int i = 0; i < 16; i++) b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = 0;
    put(b);
}

/* "name value\n" */
static void out(const char *name, u64 v) {
    put(name);
    put(" ");
    hex(v);
    put("\n");
}

int main(void);

__attribute__((noreturn, used)) void start_c(void) {
    int code = main();
    flush();
    sys3(93, code, 0, 0);
    __builtin_unreachable();
}

__asm__(".globl _start\n_start:\n  .option push\n  .option norelax\n  la gp, __global_pointer$\n  .option pop\n  andi sp, sp, -16\n  call start_c\n");
