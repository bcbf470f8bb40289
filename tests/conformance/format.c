/* Conformance: wsprintf and FormatMessage. */
#include "conformance.h"

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static DWORD format(DWORD flags, const char *text, char *buf, DWORD size, ...)
{
    va_list args;
    DWORD n;

    va_start(args, size);
    n = FormatMessageA(flags, text, 0, 0, buf, size, &args);
    va_end(args);
    return n;
}

static void test_wsprintf(void)
{
    char buf[128];
    int n = wsprintfA(buf, "%s|%5.2s|%-4d|%04x|%X|%c|%%|%lu|%i|%hs", "abc", "xyz", 7, 255, 0xabc,
                      'q', (DWORD)4000000000u, -3, "hs");

    ok(!strcmp(buf, "abc|   xy|7   |00ff|ABC|q|%|4000000000|-3|hs"), "wsprintfA gave %s", buf);
    ok(n == (int)strlen(buf), "wsprintfA returned %d", n);
    wsprintfA(buf, "%p", (void *)0x1234);
    ok(!strcmp(buf, sizeof(void *) == 8 ? "0000000000001234" : "00001234"), "%%p gave %s", buf);
    wsprintfA(buf, "%+d|%o|%q|%#x", 5, 255);
    ok(!strcmp(buf, "+d|o|q|0x5"), "unknown conversions gave %s", buf);
}

static void test_wsprintf_limit(void)
{
    static char big[3000], buf[4096];

    memset(big, 'x', sizeof(big) - 1);
    memset(buf, '#', sizeof(buf));
    wsprintfA(buf, "%s", big);
    ok(strlen(buf) == 1023, "wsprintfA stored %u characters", (unsigned)strlen(buf));
    ok(buf[1024] == '#', "wsprintfA wrote past 1024 characters");
}

static void test_wsprintf_wide(void)
{
    WCHAR buf[64];
    int n = wsprintfW(buf, W("%s|%S|%c|%d"), W("w"), "n", W('c'), -1);

    ok(wide_eq(buf, W("w|n|c|-1")), "wsprintfW wrong");
    ok(n == 8, "wsprintfW returned %d", n);
}

/*
 * Windows' wording (the MessageText of the SDK's winerror.h); Wine has its
 * own shorter texts ("File not found."), hence todo_wine.
 */
static void test_format_message_from_system(void)
{
    static const struct {
        DWORD id;
        const char *text;
    } messages[] = {
        { ERROR_FILE_NOT_FOUND, "The system cannot find the file specified.\r\n" },
        { ERROR_ACCESS_DENIED, "Access is denied.\r\n" },
        { ERROR_INVALID_HANDLE, "The handle is invalid.\r\n" },
        { ERROR_INVALID_PARAMETER, "The parameter is incorrect.\r\n" },
        { ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists.\r\n" },
        { ERROR_CALL_NOT_IMPLEMENTED, "This function is not supported on this system.\r\n" },
    };
    char buf[256];

    for (size_t i = 0; i < sizeof(messages) / sizeof(messages[0]); i++) {
        DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                                 messages[i].id, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf,
                                 sizeof(buf), NULL);
        ok(n > 2 && n == strlen(buf) && !strcmp(buf + n - 2, "\r\n"), "message %lu: %lu, %s",
           messages[i].id, n, buf);
        todo_wine_ok(!strcmp(buf, messages[i].text), "message %lu is %s", messages[i].id, buf);
    }
}

static void test_format_message_errors(void)
{
    char buf[64] = "keep";
    DWORD n;

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x1234567, 0, buf, sizeof(buf), NULL);
    ok(n == 0 && GetLastError() == ERROR_MR_MID_NOT_FOUND, "unknown id: %lu, error %lu", n,
       GetLastError());
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "a%1b", 0, 0, buf, sizeof(buf), NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "insert without arguments: %lu", n);
    SetLastError(0xdeadbeef);
    n = FormatMessageA(0, "abc", 0, 0, buf, sizeof(buf), NULL);
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "no source flag: %lu", n);
    SetLastError(0xdeadbeef);
    n = format(FORMAT_MESSAGE_FROM_STRING, "x%", buf, sizeof(buf));
    ok(n == 0 && GetLastError() == ERROR_INVALID_PARAMETER, "trailing %%: %lu", n);
    strcpy(buf, "keep");
    SetLastError(0xdeadbeef);
    n = format(FORMAT_MESSAGE_FROM_STRING, "abc", buf, 3);
    ok(n == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "small buffer: %lu, %lu", n,
       GetLastError());
    ok(!strcmp(buf, "keep"), "small buffer was written: %s", buf);
    n = format(FORMAT_MESSAGE_FROM_STRING, "abc", buf, 4);
    ok(n == 3 && !strcmp(buf, "abc"), "exact buffer: %lu %s", n, buf);
}

static void test_format_message_inserts(void)
{
    char buf[128];
    DWORD n = format(FORMAT_MESSAGE_FROM_STRING, "a%1b%2!d!c%3!*d!e|%2!04x!|%1", buf, sizeof(buf),
                     "S", 42, 5, 7);
    DWORD_PTR args[] = { (DWORD_PTR) "A", 5 };

    ok(!strcmp(buf, "aSb42c    7e|002a|S") && n == strlen(buf), "inserts gave %lu %s", n, buf);
    format(FORMAT_MESSAGE_FROM_STRING, "%12|%120", buf, sizeof(buf), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
           11, "twelve");
    ok(!strcmp(buf, "twelve|twelve0"), "two-digit inserts gave %s", buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1-%2!d!", 0, 0,
                       buf, sizeof(buf), (va_list *)args);
    ok(n == 3 && !strcmp(buf, "A-5"), "argument array gave %s", buf);
}

static void test_format_message_escapes(void)
{
    char buf[128];

    format(FORMAT_MESSAGE_FROM_STRING, "l1\r\nl2\nl3\rl4%n%%%0tail", buf, sizeof(buf));
    ok(!strcmp(buf, "l1\r\nl2\r\nl3\r\nl4\r\n%"), "line breaks gave %s", buf);
    format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "a%1b%2!d!%n%%%0c", buf,
           sizeof(buf));
    ok(!strcmp(buf, "a%1b%2!d!\r\n%%"), "IGNORE_INSERTS gave %s", buf);
    format(FORMAT_MESSAGE_FROM_STRING, "x%q%.%!", buf, sizeof(buf));
    ok(!strcmp(buf, "xq.!"), "escaped characters gave %s", buf);
}

static void test_format_message_width(void)
{
    char buf[128];
    DWORD n;

    format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "l1\r\nl2\nl3%nx  y", buf,
           sizeof(buf));
    ok(!strcmp(buf, "l1 l2 l3\r\nx  y"), "MAX_WIDTH_MASK gave %s", buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
                       ERROR_ACCESS_DENIED, 0, buf, sizeof(buf), NULL);
    ok(n > 2 && !strcmp(buf + n - 2, ". "), "system message with MAX_WIDTH_MASK: %s", buf);
    format(FORMAT_MESSAGE_FROM_STRING | 20,
           "The quick brown fox jumps over the lazy dog again and again", buf, sizeof(buf));
    ok(!strcmp(buf, "The quick brown fox\r\njumps over the lazy\r\ndog again and again"),
       "width 20 gave %s", buf);
}

static void test_format_message_allocate(void)
{
    char *p = NULL;
    WCHAR *w = NULL;
    DWORD n = format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER, "hi %1",
                     (char *)&p, 0, "there");

    ok(n == 8 && p && !strcmp(p, "hi there"), "allocated: %lu %s", n, p ? p : "(null)");
    ok(LocalFree(p) == NULL, "LocalFree of the message failed");
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                       FORMAT_MESSAGE_IGNORE_INSERTS, W("x"), 0, 0, (LPWSTR)&w, 100, NULL);
    ok(n == 1 && w && wide_eq(w, W("x")), "wide allocated: %lu", n);
    ok(w && LocalSize(w) == 200, "allocated %lu bytes", (unsigned long)(w ? LocalSize(w) : 0));
    LocalFree(w);
}

static void test_format_message_wide(void)
{
    WCHAR buf[64];
    DWORD_PTR args[] = { (DWORD_PTR)W("w"), (DWORD_PTR) "n", 3 };
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                             W("%1|%2!S!|%3!u!%n"), 0, 0, buf, 64, (va_list *)args);

    ok(n == 7 && wide_eq(buf, W("w|n|3\r\n")), "FormatMessageW gave %lu", n);
}

static int vformat_a(char *buf, const char *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = wvsprintfA(buf, fmt, args);
    va_end(args);
    return n;
}

static int vformat_w(WCHAR *buf, const WCHAR *fmt, ...)
{
    va_list args;
    int n;

    va_start(args, fmt);
    n = wvsprintfW(buf, fmt, args);
    va_end(args);
    return n;
}

static void test_wvsprintfA_formats_a_va_list(void)
{
    static char big[2000];
    char buf[1100];
    int n = vformat_a(buf, "%s|%-3d|%04X|%c|%%", "abc", 7, 0xbe, 'q');

    ok(!strcmp(buf, "abc|7  |00BE|q|%"), "wvsprintfA gave %s", buf);
    ok(n == (int)strlen(buf), "wvsprintfA returned %d", n);
    memset(big, 'x', sizeof(big) - 1);
    memset(buf, '#', sizeof(buf));
    /* MS docs: the buffer is at most 1024 bytes. */
    n = vformat_a(buf, "%s", big);
    ok(n >= 1023 && strlen(buf) == 1023, "long output: %d, %u", n, (unsigned)strlen(buf));
    ok(buf[1024] == '#', "wvsprintfA wrote past 1024 characters");
}

static void test_wvsprintfW_formats_a_va_list(void)
{
    WCHAR buf[64];
    int n = vformat_w(buf, W("%s|%S|%u|%x"), W("w"), "n", 42u, 255);

    ok(wide_eq(buf, W("w|n|42|ff")), "wvsprintfW wrong");
    ok(n == 9, "wvsprintfW returned %d", n);
    n = vformat_w(buf, W(""));
    ok(n == 0 && buf[0] == 0, "empty format: %d", n);
}

CONFORMANCE_MAIN(test_wsprintf, test_wsprintf_limit, test_wsprintf_wide,
                 test_format_message_from_system, test_format_message_errors,
                 test_format_message_inserts, test_format_message_escapes,
                 test_format_message_width, test_format_message_allocate,
                 test_format_message_wide, test_wvsprintfA_formats_a_va_list,
                 test_wvsprintfW_formats_a_va_list)
