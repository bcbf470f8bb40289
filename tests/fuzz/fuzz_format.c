/*
 * libFuzzer target: the printf engine, through wsprintf, strsafe, the C
 * runtime's wide printf and FormatMessage, on any format.
 * The first byte picks the function, the rest is the format. Arguments are
 * valid pointers to strings, which the numeric conversions read as numbers;
 * va_list calls take formats with at most five '%' (three arguments each at
 * most, fifteen passed) and no long double, so the harness never reads past
 * what it passed. The properties: no crash, no sanitizer report, the output
 * terminated within its buffer, and the counts the functions document
 * (a length query gives the length a large enough buffer receives).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strsafe.h>
#include <w32shim_wchar.h>
#include <windows.h>

/* Strings that end in enough zeros to be read as narrow or wide ones. */
static const char narrow_arg[16] = "str";
static const WCHAR wide_arg[8] = u"wide";
#define S narrow_arg
#define ARGS S, S, S, S, S, S, S, S, S, S, S, S, S, S, S
#define WSPRINTF_MAX 1024

static DWORD_PTR array[128];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (size_t i = 0; i < sizeof(array) / sizeof(array[0]); i++)
        array[i] = i % 2 ? (DWORD_PTR)narrow_arg : (DWORD_PTR)wide_arg;
    return 0;
}

static size_t wide_len(const WCHAR *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/* Whether the bytes of a format suit a va_list call (see the comment above). */
static int safe_for_va_list(const uint8_t *fmt, size_t n)
{
    size_t percents = 0;

    for (size_t i = 0; i < n; i++) {
        percents += fmt[i] == '%';
        if (fmt[i] == 'L')
            return 0;
    }
    return percents <= 5;
}

static void narrow(uint8_t mode, const char *fmt, size_t n, uint8_t cch)
{
    static char buf[WSPRINTF_MAX + 16], *alloc;
    int len;

    switch (mode % 3) {
    case 0:
        len = wsprintfA(buf, fmt, ARGS);
        if (len < 0 || len >= WSPRINTF_MAX || (size_t)len != strlen(buf))
            abort();
        break;
    case 1:
        if (StringCchPrintfA(buf, cch + 1, fmt, ARGS) != STRSAFE_E_INVALID_PARAMETER &&
            strnlen(buf, cch + 1) > cch)
            abort();
        break;
    default:
        len = (int)FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                                  FORMAT_MESSAGE_ALLOCATE_BUFFER, fmt, 0, 0, (char *)&alloc, 0,
                                  (va_list *)array);
        if (len && strlen(alloc) != (size_t)len)
            abort();
        if (len)
            LocalFree(alloc);
        break;
    }
}

static void wide(uint8_t mode, const WCHAR *fmt, uint8_t cch)
{
    static WCHAR buf[WSPRINTF_MAX + 16];
    int len;

    switch (mode % 5) {
    case 0:
        len = wsprintfW(buf, fmt, ARGS);
        if (len < 0 || len >= WSPRINTF_MAX || (size_t)len != wide_len(buf, WSPRINTF_MAX))
            abort();
        break;
    case 1:
        if (StringCchPrintfW(buf, cch + 1, fmt, ARGS) != STRSAFE_E_INVALID_PARAMETER &&
            wide_len(buf, cch + 1) > cch)
            abort();
        break;
    case 2:
        len = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, fmt, 0,
                             0, buf, WSPRINTF_MAX, (va_list *)array);
        if (len && wide_len(buf, WSPRINTF_MAX) != (size_t)len)
            abort();
        break;
    case 3:
        len = w32shim_swprintf(buf, cch + 1, fmt, ARGS);
        if (len > cch || wide_len(buf, cch + 1) > cch)
            abort();
        break;
    default:
        len = w32shim__snwprintf(NULL, 0, fmt, ARGS);
        if (len >= 0 && len < WSPRINTF_MAX &&
            (w32shim__snwprintf(buf, WSPRINTF_MAX, fmt, ARGS) != len || buf[len] != 0))
            abort();
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t mode, cch;

    if (size < 2)
        return 0;
    mode = data[0], cch = data[1];
    data += 2, size -= 2;
    if (mode & 0x80) {
        WCHAR *fmt = calloc(size / 2 + 1, sizeof(WCHAR));
        memcpy(fmt, data, size / 2 * 2);
        if (mode % 5 == 2 || safe_for_va_list(data, size))
            wide(mode, fmt, cch);
        free(fmt);
    } else {
        char *fmt = malloc(size + 1);
        memcpy(fmt, data, size);
        fmt[size] = 0;
        if (mode % 3 == 2 || safe_for_va_list(data, size))
            narrow(mode, fmt, size, cch);
        free(fmt);
    }
    return 0;
}
