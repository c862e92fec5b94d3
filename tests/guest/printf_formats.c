// crossrun-test: variants=all compare=native
/* printf/snprintf: every conversion with flags, widths, precisions and
 * length modifiers; return values; %n; positional arguments. */
#include "common.h"
#include <limits.h>
#include <stdint.h>
#include <inttypes.h>
#include <wchar.h>
#include <stddef.h>
#include <sys/types.h>

int main(void)
{
    int ints[] = {0, 1, -1, 42, -42, 123456789, INT_MAX, INT_MIN};
    const char *ifmts[] = {"%d", "%i", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%8.3d", "%-+8.3d|", "%x",
                           "%X", "%#x", "%#o", "%o", "%u", "%#08x", "%hhd", "%hd", "%hhu", "%c"};
    for (unsigned f = 0; f < sizeof ifmts / sizeof ifmts[0]; f++) {
        printf("%-9s:", ifmts[f]);
        for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
            char buf[64];
            int n;
            if (ifmts[f][1] == 'c') n = snprintf(buf, sizeof buf, ifmts[f], 'A' + (ints[i] & 15));
            else n = snprintf(buf, sizeof buf, ifmts[f], ints[i]);
            printf(" [%s]%d", buf, n);
        }
        printf("\n");
    }
    long long ll[] = {0, LLONG_MAX, LLONG_MIN, -1, 1099511627776LL};
    for (unsigned i = 0; i < sizeof ll / sizeof ll[0]; i++)
        printf("ll %lld %llu %llx %#llo %20lld %-20lld| %" PRId64 " %zu %zd %jd %td\n", ll[i],
               (unsigned long long)ll[i], (unsigned long long)ll[i], (unsigned long long)ll[i], ll[i], ll[i],
               (int64_t)ll[i], (size_t)ll[i], (ssize_t)ll[i], (intmax_t)ll[i], (ptrdiff_t)ll[i]);
    double ds[] = {0.0, -0.0, 1.0, -1.5, 0.1, 123.456, 1e-7, 1e21, 123456789.0, 0.000123456, 2.5, 3.5,
                   1.0 / 3, 9.9999999, 5e-324, 1.7976931348623157e308, __builtin_inf(), -__builtin_inf()};
    const char *dfmts[] = {"%f", "%.0f", "%.2f", "%10.3f", "%-10.1f|", "%+f", "%e", "%.3e", "%E", "%g", "%.3g",
                           "%#g", "%G", "%a", "%.2a", "%A", "%.17g", "%08.2f", "% .1e", "%#.0f", "%.0e"};
    for (unsigned f = 0; f < sizeof dfmts / sizeof dfmts[0]; f++) {
        printf("%-9s:", dfmts[f]);
        for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
            char buf[512];
            int n = snprintf(buf, sizeof buf, dfmts[f], ds[i]);
            printf(" [%s]%d", buf, n);
        }
        printf("\n");
    }
    printf("big %.60f\n", 0.1);
    printf("big %f\n", 1e300);
    printf("str [%s] [%10s] [%-10s] [%.2s] [%10.3s] [%*s] [%-*s] [%.*s]\n", "hello", "hi", "hi", "hello", "hello",
           6, "ab", 6, "ab", 3, "abcdef");
    printf("ptr null [%p]\n", (void *)0);
    printf("ptr [%p]\n", (void *)0x1234);
    printf("pct [%%]\n");
    int n1 = 0, n2 = 0;
    printf("count%n here%n\n", &n1, &n2);
    printf("n1=%d n2=%d\n", n1, n2);
    printf("positional %2$s %1$s %2$s %3$d\n", "world", "hello", 7);
    printf("wide [%ls] [%lc]\n", L"wide", (wint_t)L'x');
    char small[8];
    int r = snprintf(small, sizeof small, "%s", "truncated string");
    printf("snprintf trunc [%s] ret=%d\n", small, r);
    r = snprintf(NULL, 0, "%d-%s-%f", 12345, "abc", 2.5);
    printf("snprintf NULL ret=%d\n", r);
    char buf[100];
    sprintf(buf, "%s|%c|%5.1f|%-4d|%03u", "s", 'c', 9.96, 7, 5u);
    printf("sprintf [%s] len=%zu\n", buf, strlen(buf));
    /* stdout buffering mixed with fputs/putchar/fwrite */
    fputs("fputs line\n", stdout);
    putchar('p'); putchar('\n');
    fwrite("fwrite\n", 1, 7, stdout);
    fprintf(stdout, "%s\n", "fprintf");
    return 0;
}
