// crossrun's demo program: a static aarch64 Linux program with no libc.
// It sums 1..100 in a loop, formats the result in decimal and writes a greeting,
// using only a handful of integer instructions and two system calls.
//
// Rebuild (the committed binary `hello-aarch64` was made this way):
//   aarch64-linux-gnu-as hello.S -o hello.o && aarch64-linux-gnu-ld -static -s hello.o -o hello-aarch64

    .global _start
    .text
_start:
    mov     x1, #0              // sum
    mov     x2, #100            // counter
1:  add     x1, x1, x2
    subs    x2, x2, #1
    b.ne    1b

    // Format x1 in decimal, right to left, at the end of `digits`.
    adr     x3, digits_end
    mov     x4, #10
2:  udiv    x5, x1, x4
    msub    x6, x5, x4, x1      // x6 = x1 - x5 * 10
    add     x6, x6, #'0'
    strb    w6, [x3, #-1]!
    mov     x1, x5
    cbnz    x1, 2b

    // write(1, greeting, greeting_len)
    mov     x0, #1
    adr     x1, greeting
    mov     x2, #(greeting_end - greeting)
    mov     x8, #64             // __NR_write
    svc     #0
    // write(1, digits, digits_end + 1 - x3), including the newline
    mov     x0, #1
    mov     x1, x3
    adr     x2, digits_end + 1
    sub     x2, x2, x3
    mov     x8, #64
    svc     #0
    // exit(0)
    mov     x0, #0
    mov     x8, #93             // __NR_exit
    svc     #0

    .data
greeting:
    .ascii  "Hello from aarch64! sum(1..100) = "
greeting_end:
digits:
    .space  20
digits_end:
    .ascii  "\n"
