// crossrun-test: compare=native stdin=stdin_filter.input
/* Reads all of stdin with read(2) in odd-sized chunks and with stdio, then
 * reports line/word/byte counts, the longest line, a word frequency top
 * list, and a ROT13 of the first line. */
#include "common.h"
#include <ctype.h>
#include <unistd.h>

struct wc { char w[32]; int n; };
static int cmpwc(const void *x, const void *y)
{
    const struct wc *a = x, *b = y;
    return a->n != b->n ? b->n - a->n : strcmp(a->w, b->w);
}

int main(void)
{
    static char buf[1 << 16];
    size_t n = 0;
    ssize_t r;
    while ((r = read(0, buf + n, 37)) > 0) n += (size_t)r;
    printf("read %zu bytes, eof read returns %zd\n", n, read(0, buf, 10));
    int lines = 0, words = 0, inword = 0, longest = 0, cur = 0;
    static struct wc tab[512];
    int nt = 0;
    char w[32];
    int wl = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? buf[i] : '\n';
        if (i < n && c == '\n') lines++;
        if (c == '\n') { if (cur > longest) longest = cur; cur = 0; } else cur++;
        if (isalpha((unsigned char)c)) {
            if (!inword) words++;
            inword = 1;
            if (wl < 31) w[wl++] = (char)tolower((unsigned char)c);
        } else {
            if (inword && wl) {
                w[wl] = 0;
                int k;
                for (k = 0; k < nt && strcmp(tab[k].w, w); k++) {}
                if (k == nt && nt < 512) { strcpy(tab[nt].w, w); tab[nt++].n = 0; }
                if (k < 512) tab[k].n++;
            }
            inword = 0; wl = 0;
        }
    }
    printf("lines=%d words=%d longest=%d distinct=%d\n", lines, words, longest, nt);
    qsort(tab, (size_t)nt, sizeof tab[0], cmpwc);
    for (int i = 0; i < 8 && i < nt; i++) printf("  %s %d\n", tab[i].w, tab[i].n);
    printf("rot13: ");
    for (size_t i = 0; i < n && buf[i] != '\n'; i++) {
        char c = buf[i];
        if (isalpha((unsigned char)c)) { char base = isupper((unsigned char)c) ? 'A' : 'a'; c = (char)(base + (c - base + 13) % 26); }
        putchar(c);
    }
    printf("\n");
    return 0;
}
