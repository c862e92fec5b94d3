/* Atomic operations as gcc compiles them: AMOs for fetch-and-op, LR/SC loops for
 * compare-and-swap; AMOMIN/AMOMAXU directly. */
#include "rt.h"

static volatile u64 d = 0x0123456789abcdef;
static volatile u32 w = 0x89abcdef;

/* C has no atomic minimum or maximum; the AMOs are wanted here. */
static i64 amomin_d(volatile u64 *p, i64 v) { i64 old; __asm__ volatile("amomin.d.aqrl %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory"); return old; }
static u32 amomaxu_w(volatile u32 *p, u32 v) { u32 old; __asm__ volatile("amomaxu.w %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory"); return old; }

int main(void) {
    u64 acc = 0;
    for (int i = 0; i < 40; i++) {
        u64 v = 0x9e3779b97f4a7c15 * (i + 1);
        acc = acc * 31 + __atomic_fetch_add(&d, v, __ATOMIC_SEQ_CST);
        acc = acc * 31 + __atomic_fetch_and(&d, v | 0x8000000000000000, __ATOMIC_ACQUIRE);
        acc = acc * 31 + __atomic_fetch_or(&d, v >> 3, __ATOMIC_RELEASE);
        acc = acc * 31 + __atomic_fetch_xor(&w, (u32)v, __ATOMIC_RELAXED);
        acc = acc * 31 + __atomic_exchange_n(&w, (u32)(v >> 32), __ATOMIC_ACQ_REL);
        u64 expected = d;
        acc = acc * 31 + __atomic_compare_exchange_n(&d, &expected, expected ^ v, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        expected = v;
        acc = acc * 31 + __atomic_compare_exchange_n(&d, &expected, 5, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) + expected;
        u32 ew = w;
        acc = acc * 31 + __atomic_compare_exchange_n(&w, &ew, ew + (u32)v, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
        i64 sd = (i64)d;
        acc = acc * 31 + (u64)amomin_d(&d, (i64)v);
        acc = acc * 31 + amomaxu_w(&w, (u32)v) + (u64)sd;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    out("atomics", acc);
    out("d", d);
    out("w", w);
    return 0;
}
