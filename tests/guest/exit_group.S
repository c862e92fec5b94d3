// crossrun-test: variants=all compare=expected exit=3
/* Tiny no-libc program: write(1, msg, len) then exit_group(3) with raw
 * system calls (aarch64: x8 = number, x0..x5 arguments, svc #0; riscv64:
 * a7 = number, a0..a5 arguments, ecall; arm EABI: r7 = number, r0..r6
 * arguments, svc #0, in Arm or, built with -mthumb, Thumb state). */
    .section .rodata
msg:
    .ascii "hello from _start\n"
msg_end:
ok:
    .ascii "ok\n"
    .set MSG_LEN, msg_end - msg

    .text
    .global _start
#if defined(__arm__)
    .syntax unified
#if defined(__thumb__)
    .thumb
    .thumb_func
#endif
_start:
    movs r0, #1
    adr r1, arm_msg
    movs r2, #MSG_LEN
    movs r7, #4          // write
    svc #0
    cmp r0, #MSG_LEN
    bne 1f
    movs r0, #1
    adr r1, arm_ok
    movs r2, #3
    movs r7, #4
    svc #0
1:  movs r0, #3
    movs r7, #248        // exit_group
    svc #0
    bkpt #0              // not reached
    // Arm's ADR reaches only its own section: the strings again, beside the code.
    .balign 4
arm_msg:
    .ascii "hello from _start\n"
    .balign 4
arm_ok:
    .ascii "ok\n"
#elif defined(__aarch64__)
_start:
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
_start:
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
