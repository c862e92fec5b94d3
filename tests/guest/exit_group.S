// crossrun-test: variants=all compare=expected exit=3
/* Tiny no-libc program: write(1, msg, len) then exit_group(3) with raw
 * syscalls (x8 = syscall number, x0..x5 arguments, svc #0). */
    .text
    .global _start
_start:
    mov x0, #1
    adr x1, msg
    mov x2, #(msg_end - msg)
    mov x8, #64          // write
    svc #0
    mov x19, x0          // bytes written
    cmp x19, #(msg_end - msg)
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
msg:
    .ascii "hello from _start\n"
msg_end:
ok:
    .ascii "ok\n"
