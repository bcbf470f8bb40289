/*
 * libFuzzer target: the codec of lib/unicode.c. Properties, on any input:
 * counting and converting agree; MultiByteToWideChar and WideCharToMultiByte
 * give what the codec gives; every byte string comes back unchanged from the
 * name conversions (bytes -> UTF-16 -> bytes), and so does every UTF-16
 * string without an unpaired U+DC80..U+DCFF (UTF-16 -> bytes -> UTF-16).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "unicode.h"

static void text(const char *s, size_t len)
{
    size_t n = w32_utf8_to_utf16n(s, len, NULL);
    WCHAR *units = malloc((n + 1) * sizeof(WCHAR)), *api = malloc((n + 1) * sizeof(WCHAR));

    if (w32_utf8_to_utf16n(s, len, units) != n)
        abort();
    if (len && len < INT32_MAX &&
        ((size_t)MultiByteToWideChar(CP_UTF8, 0, s, (int)len, api, (int)n + 1) != n ||
         memcmp(units, api, n * sizeof(WCHAR))))
        abort();
    if (w32_utf8_prefix(s, len, n) != len)
        abort();
    free(units);
    free(api);
}

static void names_from_bytes(const char *s, size_t len)
{
    size_t n = w32_name_to_utf16n(s, len, NULL);
    WCHAR *units = malloc((n + 1) * sizeof(WCHAR));
    char *back = malloc(3 * n + 1);

    if (n > len || w32_name_to_utf16n(s, len, units) != n)
        abort();
    if (w32_name_from_utf16n(units, n, back) != len || memcmp(back, s, len))
        abort();
    free(units);
    free(back);
}

/* Whether s holds an unpaired U+DC80..U+DCFF, which stands for a byte. */
static bool has_byte_escape(const WCHAR *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t c = w32_utf16_next(s, len, &i);
        if (c >= 0xDC80 && c <= 0xDCFF)
            return true;
    }
    return false;
}

static void names_from_utf16(const WCHAR *s, size_t len)
{
    size_t n = w32_name_from_utf16n(s, len, NULL), m;
    char *bytes = malloc(n + 1), *text_bytes = malloc(3 * len + 1), *api = malloc(3 * len + 1);
    WCHAR *back = malloc((n + 1) * sizeof(WCHAR));

    if (w32_name_from_utf16n(s, len, bytes) != n)
        abort();
    m = w32_name_to_utf16n(bytes, n, back);
    if (!has_byte_escape(s, len) && (m != len || memcmp(back, s, len * sizeof(WCHAR))))
        abort();
    m = w32_utf16_to_utf8n(s, len, text_bytes);
    if (len && len < INT32_MAX / 3 &&
        ((size_t)WideCharToMultiByte(CP_UTF8, 0, s, (int)len, api, (int)(3 * len + 1), NULL,
                                     NULL) != m || memcmp(api, text_bytes, m)))
        abort();
    free(bytes);
    free(text_bytes);
    free(api);
    free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    WCHAR *units = malloc(size / 2 * sizeof(WCHAR) + 1);

    text((const char *)data, size);
    names_from_bytes((const char *)data, size);
    memcpy(units, data, size / 2 * sizeof(WCHAR));
    names_from_utf16(units, size / 2);
    free(units);
    return 0;
}
