// crossrun-test: compare=native
/* A small stack-based bytecode interpreter (computed-goto free switch
 * dispatch, function calls, locals, arrays) running several programs:
 * recursive fib, a prime sieve, bubble sort, and a Collatz search. This is
 * the kind of dispatch-heavy code where an emulator's branch handling
 * matters. */
#include "common.h"

enum { PUSH, POP, DUP, SWAP, OVER, ADD, SUB, MUL, DIV, MOD, NEG, AND, OR, XOR, SHL, SHR, LT, EQ, NOT,
       JMP, JZ, JNZ, CALL, RET, LOAD, STORE, ALOAD, ASTORE, PRINT, HALT };

typedef struct { int64_t stack[1024]; int sp; int64_t mem[4096]; int rs[256]; int rsp; int64_t fp[256]; } vm_t;

static int64_t run(const int64_t *code, vm_t *vm, long *steps)
{
    int pc = 0;
    vm->sp = 0; vm->rsp = 0;
    int64_t *s = vm->stack;
    long n = 0;
    for (;;) {
        n++;
        int64_t op = code[pc++];
        switch (op) {
        case PUSH: s[vm->sp++] = code[pc++]; break;
        case POP: vm->sp--; break;
        case DUP: s[vm->sp] = s[vm->sp - 1]; vm->sp++; break;
        case SWAP: { int64_t t = s[vm->sp - 1]; s[vm->sp - 1] = s[vm->sp - 2]; s[vm->sp - 2] = t; } break;
        case OVER: s[vm->sp] = s[vm->sp - 2]; vm->sp++; break;
#define BIN(OP, EXPR) case OP: { int64_t b = s[--vm->sp], a = s[vm->sp - 1]; s[vm->sp - 1] = (EXPR); } break;
        BIN(ADD, (int64_t)((uint64_t)a + (uint64_t)b))
        BIN(SUB, (int64_t)((uint64_t)a - (uint64_t)b))
        BIN(MUL, (int64_t)((uint64_t)a * (uint64_t)b))
        BIN(DIV, b ? a / b : 0)
        BIN(MOD, b ? a % b : 0)
        BIN(AND, a & b)
        BIN(OR, a | b)
        BIN(XOR, a ^ b)
        BIN(SHL, (int64_t)((uint64_t)a << (b & 63)))
        BIN(SHR, a >> (b & 63))
        BIN(LT, a < b)
        BIN(EQ, a == b)
        case NEG: s[vm->sp - 1] = -s[vm->sp - 1]; break;
        case NOT: s[vm->sp - 1] = !s[vm->sp - 1]; break;
        case JMP: pc = (int)code[pc]; break;
        case JZ: pc = s[--vm->sp] ? pc + 1 : (int)code[pc]; break;
        case JNZ: pc = s[--vm->sp] ? (int)code[pc] : pc + 1; break;
        case CALL: vm->rs[vm->rsp++] = pc + 1; pc = (int)code[pc]; break;
        case RET: pc = vm->rs[--vm->rsp]; break;
        case LOAD: s[vm->sp++] = vm->mem[code[pc++]]; break;
        case STORE: vm->mem[code[pc++]] = s[--vm->sp]; break;
        case ALOAD: s[vm->sp - 1] = vm->mem[s[vm->sp - 1]]; break;
        case ASTORE: { int64_t addr = s[--vm->sp]; vm->mem[addr] = s[--vm->sp]; } break;
        case PRINT: printf("  out %lld\n", (long long)s[--vm->sp]); break;
        case HALT: *steps = n; return vm->sp ? s[vm->sp - 1] : 0;
        default: printf("bad opcode %lld\n", (long long)op); *steps = n; return -1;
        }
    }
}

int main(void)
{
    static vm_t vm;
    long steps;
    /* fib(n) recursive: stack [n] -> [fib(n)] */
    const int64_t fib[] = {
        PUSH, 16, CALL, 6, PRINT, HALT,
        /* 6: */ DUP, PUSH, 2, LT, JZ, 13, RET,
        /* 13: */ DUP, PUSH, 1, SUB, CALL, 6, SWAP, PUSH, 2, SUB, CALL, 6, ADD, RET};
    int64_t r = run(fib, &vm, &steps);
    printf("fib steps=%ld r=%lld\n", steps, (long long)r);
    /* sieve: mem[0..N) flags, count primes below N=3000 (variables live at 4000+) */
    int64_t prog[200];
    int k = 0;
#define E(x) prog[k++] = (x)
    E(PUSH); E(2); E(STORE); E(4000);
    int loop_i = k;
    E(LOAD); E(4000); E(DUP); E(MUL); E(PUSH); E(3000); E(LT); E(JZ); int patch_end = k; E(0);
    E(LOAD); E(4000); E(ALOAD); E(JNZ); int patch_next = k; E(0);
    E(LOAD); E(4000); E(DUP); E(MUL); E(STORE); E(4001);
    int loop_j = k;
    E(LOAD); E(4001); E(PUSH); E(3000); E(LT); E(JZ); int patch_next2 = k; E(0);
    E(PUSH); E(1); E(LOAD); E(4001); E(ASTORE);
    E(LOAD); E(4001); E(LOAD); E(4000); E(ADD); E(STORE); E(4001); E(JMP); E(loop_j);
    int next = k;
    prog[patch_next] = next; prog[patch_next2] = next;
    E(LOAD); E(4000); E(PUSH); E(1); E(ADD); E(STORE); E(4000); E(JMP); E(loop_i);
    int end = k;
    prog[patch_end] = end;
    /* count: c = 0; for i in 2..3000 if !mem[i] c++ */
    E(PUSH); E(0); E(STORE); E(4002); E(PUSH); E(2); E(STORE); E(4000);
    int cl = k;
    E(LOAD); E(4000); E(PUSH); E(3000); E(LT); E(JZ); int pe = k; E(0);
    E(LOAD); E(4000); E(ALOAD); E(NOT); E(LOAD); E(4002); E(ADD); E(STORE); E(4002);
    E(LOAD); E(4000); E(PUSH); E(1); E(ADD); E(STORE); E(4000); E(JMP); E(cl);
    prog[pe] = k;
    E(LOAD); E(4002); E(DUP); E(PRINT); E(HALT);
    memset(vm.mem, 0, sizeof vm.mem);
    r = run(prog, &vm, &steps);
    printf("sieve steps=%ld primes<3000=%lld\n", steps, (long long)r);
    /* collatz: longest chain for start < 500, using and/shift */
    k = 0;
    E(PUSH); E(1); E(STORE); E(0); E(PUSH); E(0); E(STORE); E(1); E(PUSH); E(0); E(STORE); E(2);
    int outer = k;
    E(LOAD); E(0); E(PUSH); E(500); E(LT); E(JZ); int po = k; E(0);
    E(LOAD); E(0); E(STORE); E(3); E(PUSH); E(0); E(STORE); E(4);
    int inner = k;
    E(LOAD); E(3); E(PUSH); E(1); E(EQ); E(JNZ); int pi = k; E(0);
    E(LOAD); E(3); E(PUSH); E(1); E(AND); E(JZ); int peven = k; E(0);
    E(LOAD); E(3); E(PUSH); E(3); E(MUL); E(PUSH); E(1); E(ADD); E(STORE); E(3); E(JMP); int pj = k; E(0);
    prog[peven] = k;
    E(LOAD); E(3); E(PUSH); E(1); E(SHR); E(STORE); E(3);
    prog[pj] = k;
    E(LOAD); E(4); E(PUSH); E(1); E(ADD); E(STORE); E(4); E(JMP); E(inner);
    prog[pi] = k;
    E(LOAD); E(1); E(LOAD); E(4); E(LT); E(JZ); int pn = k; E(0);
    E(LOAD); E(4); E(STORE); E(1); E(LOAD); E(0); E(STORE); E(2);
    prog[pn] = k;
    E(LOAD); E(0); E(PUSH); E(1); E(ADD); E(STORE); E(0); E(JMP); E(outer);
    prog[po] = k;
    E(LOAD); E(2); E(PRINT); E(LOAD); E(1); E(HALT);
    r = run(prog, &vm, &steps);
    printf("collatz steps=%ld longest chain=%lld\n", steps, (long long)r);
    return 0;
}
