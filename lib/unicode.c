/* UTF-16 -> UTF-8 conversion. */
#include <stdlib.h>
#include "unicode.h"

static size_t utf16_len(LPCWSTR s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* The code point at s[*i], advancing *i past it; unpaired surrogates pass through. */
static uint32_t next_code_point(LPCWSTR s, size_t *i)
{
    uint32_t c = s[(*i)++];

    if (c >= 0xD800 && c <= 0xDBFF && s[*i] >= 0xDC00 && s[*i] <= 0xDFFF)
        c = 0x10000 + ((c - 0xD800) << 10) + (s[(*i)++] - 0xDC00);
    return c;
}

static char *put_utf8(char *out, uint32_t c)
{
    if (c < 0x80) {
        *out++ = (char)c;
    } else if (c < 0x800) {
        *out++ = (char)(0xC0 | (c >> 6));
        *out++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *out++ = (char)(0xE0 | (c >> 12));
        *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *out++ = (char)(0x80 | (c & 0x3F));
    } else {
        *out++ = (char)(0xF0 | (c >> 18));
        *out++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *out++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *out++ = (char)(0x80 | (c & 0x3F));
    }
    return out;
}

char *w32_utf16_to_utf8(LPCWSTR s)
{
    size_t len = utf16_len(s);
    /* Each UTF-16 unit becomes at most three bytes; a pair becomes four. */
    char *result = malloc(len * 3 + 1);
    char *out = result;

    if (!result)
        return NULL;
    for (size_t i = 0; i < len;)
        out = put_utf8(out, next_code_point(s, &i));
    *out = '\0';
    return result;
}
