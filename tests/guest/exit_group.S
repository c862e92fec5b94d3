// crossrun-test: variants=all compare=expected exit=3
/* Tiny no-libc program: write(1, msg, len) then exit_group(3) with raw
 * system calls (aarch64: x8 = number, x0..x5 arguments, svc #0; riscv64:
 * a7 = number, a0..a5 arguments, ecall). */
    .section .rodata
msg:
    .ascii "hello from _start\n"
msg_end:
ok:
    .ascii "ok\n"
    .set MSG_LEN, msg_end - msg

    .text
    .global _start
_start:
#if defined(__aarch64__)
    mov x0, #1
    adr x1, msg
    mov x2, #MSG_LEN
    mov x8, #64          // write
    svc #0
    mov x19, x0          // bytes written
    cmp x19, #MSG_LEN
    b.ne 1f
    mov x0, #1
    adr x1, ok
    mov x2, #3
    mov x8, #64
    svc #0
1:  mov x0, #3
    mov x8, #94          // exit_group
    svc #0
    brk #0               // not reached
#elif defined(__riscv)
    li a0, 1
    lla a1, msg
    li a2, MSG_LEN
    li a7, 64            // write
    ecall
    mv s1, a0            // bytes written
    li t0, MSG_LEN
    bne s1, t0, 1f
    li a0, 1
    lla a1, ok
    li a2, 3
    li a7, 64
    ecall
1:  li a0, 3
    li a7, 94            // exit_group
    ecall
    ebreak               // not reached
#else
#error "exit_group.S: no code for this architecture"
#endif
