// crossrun-test: compare=native cflags=-frounding-math armabi=hf
/* IEEE exception flags: feclearexcept/fetestexcept/feraiseexcept and
 * fegetenv/fesetenv/feholdexcept around arithmetic that raises inexact,
 * overflow, underflow, divide-by-zero and invalid. On aarch64 this reads
 * and writes FPSR. (Tininess-detection corner cases differ between
 * architectures and are covered by fp_arch.c instead.) */
#include "common.h"
#include <fenv.h>
#include <math.h>

static void show(const char *what)
{
    int e = fetestexcept(FE_ALL_EXCEPT);
    printf("%-28s %s%s%s%s%s%s\n", what, e & FE_INVALID ? " invalid" : "", e & FE_DIVBYZERO ? " divbyzero" : "",
           e & FE_OVERFLOW ? " overflow" : "", e & FE_UNDERFLOW ? " underflow" : "",
           e & FE_INEXACT ? " inexact" : "", e ? "" : " none");
    feclearexcept(FE_ALL_EXCEPT);
}

static volatile double zero = 0.0, one = 1.0, three = 3.0, big = 1e308, tiny = 1e-308, inf = INFINITY, m1 = -1.0;
static volatile double two = 2.0, four = 4.0, half_min = 0x1p-1070;
static volatile float fbig = 3e38f, ftiny = 1e-38f, fone = 1.0f, fthree = 3.0f;
static volatile double r;
static volatile float rf;
static volatile long rl;

int main(void)
{
    feclearexcept(FE_ALL_EXCEPT);
    show("start");
    r = one + two; show("1+2");
    r = one / three; show("1/3");
    r = one / zero; show("1/0");
    r = -one / zero; show("-1/0");
    r = zero / zero; show("0/0");
    r = inf - inf; show("inf-inf");
    r = inf * zero; show("inf*0");
    r = sqrt(m1); show("sqrt(-1)");
    r = sqrt(four); show("sqrt(4)");
    r = sqrt(two); show("sqrt(2)");
    r = big * big; show("big*big");
    r = tiny * tiny; show("tiny*tiny");
    r = tiny / 1e10; show("tiny/1e10");
    r = half_min * 0.5; show("denorm*0.5 exact?");
    r = half_min * 4.0; show("denorm*4 exact");
    r = inf + one; show("inf+1");
    r = fma(big, big, -inf); show("fma(big,big,-inf)");
    rf = fbig * fbig; show("float big*big");
    rf = ftiny * ftiny; show("float tiny*tiny");
    rf = fone / fthree; show("float 1/3");
    rf = (float)big; show("(float)1e308");
    rf = (float)(one / three); show("(float)(1/3)");
    rf = (float)two; show("(float)2");
    rl = lrint(2.5); show("lrint(2.5)");
    rl = lrint(2.0); show("lrint(2.0)");
    r = rint(2.5); show("rint(2.5)");
    r = nearbyint(2.5); show("nearbyint(2.5)");
    volatile double three_half = 3.5;
    rl = (long)three_half; show("(long)3.5");
    rl = (long)four; show("(long)4.0");
    /* comparisons: ordered compare with NaN raises invalid, quiet does not */
    volatile double nan = NAN;
    volatile int c;
    c = nan < one; show("nan < 1 (signalling cmp)");
    c = isless(nan, one); show("isless(nan,1)");
    c = nan == one; show("nan == 1 (quiet cmp)");
    (void)c;
    /* raise / test / save / restore */
    feraiseexcept(FE_OVERFLOW | FE_INEXACT); show("raise ovf|inexact");
    feraiseexcept(FE_DIVBYZERO);
    fenv_t env;
    fegetenv(&env);
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    fesetenv(&env); show("after fesetenv");
    feraiseexcept(FE_INVALID);
    feholdexcept(&env); show("in feholdexcept");
    r = one / three;
    feupdateenv(&env); show("after feupdateenv");
    fexcept_t fl;
    feraiseexcept(FE_UNDERFLOW);
    fegetexceptflag(&fl, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&fl, FE_UNDERFLOW); show("fesetexceptflag");
    /* flags are sticky across many ops */
    double acc = 1;
    for (int i = 0; i < 100; i++) acc *= 1.5;
    r = acc; show("1.5^100 (exact?)");
    for (int i = 0; i < 3000; i++) acc *= 1.5;
    r = acc; show("1.5^3100");
    return 0;
}
