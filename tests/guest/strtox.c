// crossrun-test: variants=all compare=native
/* strtod/strtof/strtol/strtoul/strtoll/strtoull/atoi: edge cases, errno,
 * end pointers, bases, and printf %.17g / strtod round trips over many
 * random doubles. */
#include "common.h"
#include <errno.h>
#include <math.h>
#include <limits.h>

int main(void)
{
    const char *ns[] = {"0", "-0", "123", "-123", "  +42abc", "0x1f", "0X1F", "077", "0b101", "9223372036854775807",
                        "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
                        "18446744073709551616", "-1", "", "   ", "z", "zz", "1e5", "2147483648", "0x", "-0x10"};
    int bases[] = {0, 10, 16, 8, 2, 36};
    for (unsigned i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (unsigned b = 0; b < sizeof bases / sizeof bases[0]; b++) {
            char *end;
            errno = 0;
            long l = strtol(ns[i], &end, bases[b]);
            int e1 = errno;
            long le = end - ns[i];
            errno = 0;
            unsigned long long u = strtoull(ns[i], &end, bases[b]);
            int e2 = errno;
            printf("'%s' b%d: strtol=%ld e=%d end=%ld strtoull=%llu e=%d end=%ld\n", ns[i], bases[b], l, e1, le,
                   u, e2, (long)(end - ns[i]));
        }
    printf("atoi %d %d %ld %lld\n", atoi("  -17x"), atoi("abc"), atol("99999"), atoll("-5000000000"));
    const char *ds[] = {"0", "-0", "1.5", "  -2.25e3xyz", "1e308", "1e309", "-1e309", "1e-320", "1e-400", "0x1.8p3",
                        "0x1p-1074", "inf", "-Infinity", "nan", "nan(123)", ".5", "5.", "e5", "1e", "1e+",
                        "0.1", "0.30000000000000004", "2.2250738585072011e-308", "4.9406564584124654e-324",
                        "1.7976931348623157e308", "1.7976931348623158e308", "123456789012345678901234567890",
                        "0.000000000000000000000000000001", "3.14159265358979323846264338327950288"};
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        char *end;
        errno = 0;
        double d = strtod(ds[i], &end);
        int e = errno;
        long el = end - ds[i];
        errno = 0;
        float f = strtof(ds[i], &end);
        int ef = errno;
        if (isnan(d)) printf("'%s': nan sign=%d end=%ld | f nan\n", ds[i], signbit(d) != 0, el);
        else printf("'%s': %.17g %a e=%d end=%ld | f %.9g %a e=%d\n", ds[i], d, d, e, el, (double)f, (double)f, ef);
    }
    int bad = 0;
    uint64_t h = FNV_INIT;
    rng_seed(8);
    for (int i = 0; i < 20000; i++) {
        uint64_t bits = rng_next();
        double d = bitsd(bits);
        if (isnan(d) || isinf(d)) continue;
        char buf[64];
        snprintf(buf, sizeof buf, "%.17g", d);
        double back = strtod(buf, NULL);
        if (dbits(back) != dbits(d)) bad++;
        h = fnv1a(buf, strlen(buf), h);
        snprintf(buf, sizeof buf, "%a", d);
        if (dbits(strtod(buf, NULL)) != dbits(d)) bad++;
        float f = bitsf((uint32_t)bits);
        if (isnan(f) || isinf(f)) continue;
        snprintf(buf, sizeof buf, "%.9g", (double)f);
        if (fbits(strtof(buf, NULL)) != fbits(f)) bad++;
        h = fnv1a(buf, strlen(buf), h);
        long long v = (long long)rng_next();
        snprintf(buf, sizeof buf, "%lld", v);
        if (strtoll(buf, NULL, 10) != v) bad++;
        snprintf(buf, sizeof buf, "%llx", (unsigned long long)v);
        if (strtoull(buf, NULL, 16) != (unsigned long long)v) bad++;
    }
    printf("round trips bad=%d hash %016llx\n", bad, (unsigned long long)h);
    return 0;
}
