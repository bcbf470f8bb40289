/*
 * Conformance: the C runtime's wide-string functions (wcslen, wcscpy,
 * _wcsicmp, wcstol, _wtoi, towupper, swprintf, _snwprintf, wprintf,
 * fwprintf, ...) as a Windows program calls them: raw L"..." literals and
 * the standard names. Against w32shim this file is built in wide mode
 * (-fshort-wchar -include w32shim_wchar.h, as `pkg-config --cflags
 * w32shim-wide` gives), so the names are w32shim's 16-bit versions; with
 * mingw-w64 they are msvcrt's, with MSVCRT's printf (%s is a wide string in
 * a wide call, %S a narrow one). Only ASCII goes through the functions that
 * convert to bytes (wprintf, fwprintf, %S): the byte encoding is UTF-8 on
 * w32shim and the ANSI code page on Windows.
 *
 * Also the output half of conio.h (_putch, _cputs), which writes to the
 * console (w32shim: the terminal) and never to a redirected standard output.
 * Whether a console exists depends on where the tests run (none under make
 * check or check-wine, one in a terminal), so those checks accept both
 * outcomes, success or failure, but require both functions, and a child on
 * the same console, to agree. _getch, _getche and _kbhit are not tested: they
 * wait for or depend on keys typed at the console whenever one exists.
 */
#define CONFORMANCE_CHILD wide_child
#include "conformance.h"
#include <conio.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <wchar.h>
#include <wctype.h>

static int wide_eq(const wchar_t *a, const wchar_t *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

static void fill(wchar_t *buf, size_t count)
{
    for (size_t i = 0; i < count; i++)
        buf[i] = L'X';
}

static int call_vswprintf(wchar_t *buf, size_t count, const wchar_t *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vswprintf(buf, count, format, args);
    va_end(args);
    return n;
}

static int call_vsnwprintf(wchar_t *buf, size_t count, const wchar_t *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = _vsnwprintf(buf, count, format, args);
    va_end(args);
    return n;
}

static int call_vfwprintf(FILE *stream, const wchar_t *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vfwprintf(stream, format, args);
    va_end(args);
    return n;
}

static int call_vwprintf(const wchar_t *format, ...)
{
    va_list args;
    int n;

    va_start(args, format);
    n = vwprintf(format, args);
    va_end(args);
    return n;
}

static void test_wcslen_counts_utf16_units(void)
{
    ok(wcslen(L"abc") == 3, "wcslen(abc) = %u", (unsigned)wcslen(L"abc"));
    ok(wcslen(L"") == 0, "wcslen of the empty string = %u", (unsigned)wcslen(L""));
    /* U+00E9 is one unit, U+1F600 a surrogate pair of two. */
    ok(wcslen(L"\x00e9\xd83d\xde00") == 3, "wcslen(e-acute, pair) = %u",
       (unsigned)wcslen(L"\x00e9\xd83d\xde00"));
}

static void test_wcsnlen_stops_at_max(void)
{
    ok(wcsnlen(L"abcdef", 4) == 4, "wcsnlen(abcdef, 4) = %u", (unsigned)wcsnlen(L"abcdef", 4));
    ok(wcsnlen(L"ab", 10) == 2, "wcsnlen(ab, 10) = %u", (unsigned)wcsnlen(L"ab", 10));
    ok(wcsnlen(L"ab", 0) == 0, "wcsnlen(ab, 0) = %u", (unsigned)wcsnlen(L"ab", 0));
}

static void test_wcscpy_wcscat_return_destination(void)
{
    wchar_t buf[16];

    ok(wcscpy(buf, L"ab") == buf, "wcscpy did not return its destination");
    ok(wide_eq(buf, L"ab"), "wcscpy copied the wrong string");
    ok(wcscat(buf, L"cd") == buf, "wcscat did not return its destination");
    ok(wide_eq(buf, L"abcd"), "wcscat gave the wrong string");
    ok(wcscat(buf, L"") == buf && wide_eq(buf, L"abcd"), "wcscat of an empty string changed it");
}

static void test_wcsncpy_pads_and_does_not_terminate(void)
{
    wchar_t buf[8];

    fill(buf, 8);
    ok(wcsncpy(buf, L"ab", 5) == buf, "wcsncpy did not return its destination");
    ok(buf[0] == L'a' && buf[1] == L'b' && buf[2] == 0 && buf[3] == 0 && buf[4] == 0,
       "wcsncpy did not pad with NULs to the count");
    ok(buf[5] == L'X', "wcsncpy wrote past the count");
    fill(buf, 8);
    wcsncpy(buf, L"abcdef", 3);
    ok(buf[0] == L'a' && buf[1] == L'b' && buf[2] == L'c' && buf[3] == L'X',
       "wcsncpy of a longer source terminated it or wrote past the count");
}

static void test_wcsncat_appends_at_most_n_and_terminates(void)
{
    wchar_t buf[16];

    fill(buf, 16);
    wcscpy(buf, L"ab");
    ok(wcsncat(buf, L"cdef", 2) == buf, "wcsncat did not return its destination");
    ok(wide_eq(buf, L"abcd"), "wcsncat(cdef, 2) did not append two units and a NUL");
    ok(buf[5] == L'X', "wcsncat wrote past its terminator");
    wcsncat(buf, L"x", 5);
    ok(wide_eq(buf, L"abcdx"), "wcsncat of a shorter source did not append all of it");
}

static void test_wcscmp_wcsncmp_compare_unsigned_units(void)
{
    ok(wcscmp(L"abc", L"abc") == 0, "wcscmp of equal strings is not 0");
    ok(wcscmp(L"abc", L"abd") < 0, "wcscmp(abc, abd) is not negative");
    ok(wcscmp(L"abd", L"abc") > 0, "wcscmp(abd, abc) is not positive");
    ok(wcscmp(L"ab", L"abc") < 0, "wcscmp of a prefix is not negative");
    /* Units compare unsigned: U+FFFF sorts after 'a'. */
    ok(wcscmp(L"\xffff", L"a") > 0, "wcscmp(U+FFFF, a) is not positive");
    ok(wcscmp(L"_", L"A") > 0, "wcscmp(_, A) is not positive");
    ok(wcsncmp(L"abcx", L"abcy", 3) == 0, "wcsncmp over the common prefix is not 0");
    ok(wcsncmp(L"abcx", L"abcy", 4) < 0, "wcsncmp(abcx, abcy, 4) is not negative");
    ok(wcsncmp(L"a", L"b", 0) == 0, "wcsncmp with count 0 is not 0");
    ok(wcsncmp(L"ab", L"ab", 10) == 0, "wcsncmp does not stop at the NUL");
}

static void test_wcsicmp_compares_lowercase_forms(void)
{
    ok(_wcsicmp(L"Hello", L"hELLO") == 0, "_wcsicmp(Hello, hELLO) is not 0");
    ok(_wcsicmp(L"apple", L"Banana") < 0, "_wcsicmp(apple, Banana) is not negative");
    ok(_wcsicmp(L"Zebra", L"apple") > 0, "_wcsicmp(Zebra, apple) is not positive");
    ok(_wcsicmp(L"abc", L"ABCD") < 0, "_wcsicmp of a prefix is not negative");
    /* The lowercase forms compare, so '_' (0x5F) sorts before 'A' (as 'a', 0x61). */
    ok(_wcsicmp(L"_", L"A") < 0, "_wcsicmp(_, A) is not negative");
    ok(_wcsnicmp(L"ABCdef", L"abcXYZ", 3) == 0, "_wcsnicmp over 3 units is not 0");
    ok(_wcsnicmp(L"ABCdef", L"abcXYZ", 4) < 0, "_wcsnicmp(ABCd, abcX) is not negative");
    ok(_wcsnicmp(L"x", L"y", 0) == 0, "_wcsnicmp with count 0 is not 0");
    ok(_wcsnicmp(L"_", L"a", 1) < 0, "_wcsnicmp(_, a) is not negative");
}

static void test_wcschr_wcsrchr_wcsstr_find_units(void)
{
    static const wchar_t s[] = L"hello";

    ok(wcschr(s, L'l') == s + 2, "wcschr did not find the first l");
    ok(wcsrchr(s, L'l') == s + 3, "wcsrchr did not find the last l");
    ok(wcschr(s, L'z') == NULL, "wcschr found a unit that is not there");
    ok(wcsrchr(s, L'z') == NULL, "wcsrchr found a unit that is not there");
    ok(wcschr(s, 0) == s + 5, "wcschr did not find the terminating NUL");
    ok(wcsrchr(s, 0) == s + 5, "wcsrchr did not find the terminating NUL");
    ok(wcsstr(s, L"ll") == s + 2, "wcsstr(hello, ll) wrong");
    ok(wcsstr(s, L"lo") == s + 3, "wcsstr(hello, lo) wrong");
    ok(wcsstr(s, L"") == s, "wcsstr with an empty needle did not match at the start");
    ok(wcsstr(s, L"lo!") == NULL, "wcsstr found a needle longer than the rest");
    ok(wcschr(L"a\xd83d\xde00", 0xde00) != NULL, "wcschr did not find a low surrogate unit");
}

static void test_wcsdup_copies_the_string(void)
{
    static const wchar_t text[] = L"copy me";
    wchar_t *copy = _wcsdup(text);

    ok(copy != NULL, "_wcsdup returned NULL");
    if (!copy)
        return;
    ok(copy != text && wide_eq(copy, text), "_wcsdup did not return a copy");
    copy[0] = L'C';
    ok(text[0] == L'c', "_wcsdup's copy shares the original's memory");
    free(copy);
}

static void test_wcstol_parses_sign_base_and_end(void)
{
    const wchar_t *s;
    wchar_t *end;

    s = L"  -42abc";
    ok(wcstol(s, &end, 10) == -42 && end == s + 5, "wcstol(  -42abc) wrong");
    s = L"ff";
    ok(wcstol(s, &end, 16) == 255 && end == s + 2, "wcstol(ff, 16) wrong");
    s = L"0x1A";
    ok(wcstol(s, &end, 0) == 26 && end == s + 4, "wcstol(0x1A, 0) wrong");
    s = L"017";
    ok(wcstol(s, &end, 0) == 15 && end == s + 3, "wcstol(017, 0) is not octal");
    s = L"+9z";
    ok(wcstol(s, &end, 36) == 9 * 36 + 35 && end == s + 3, "wcstol(+9z, 36) wrong");
    s = L"xyz";
    ok(wcstol(s, &end, 10) == 0 && end == s, "wcstol without digits did not set end to the start");
    ok(wcstol(L"123", NULL, 10) == 123, "wcstol with a NULL end pointer failed");
}

static void test_wcstoul_parses_and_wraps_negative(void)
{
    const wchar_t *s;
    wchar_t *end;

    s = L"4294967295 rest";
    ok(wcstoul(s, &end, 10) == 4294967295UL && end == s + 10, "wcstoul(4294967295) wrong");
    s = L"0X10";
    ok(wcstoul(s, &end, 0) == 16 && end == s + 4, "wcstoul(0X10, 0) wrong");
    /* C: a leading minus negates the value in unsigned long. */
    ok(wcstoul(L"-1", NULL, 10) == ULONG_MAX, "wcstoul(-1) is not ULONG_MAX");
    s = L"g";
    ok(wcstoul(s, &end, 16) == 0 && end == s, "wcstoul without digits did not set end");
}

static void test_wcstol_wcstoul_overflow_set_erange(void)
{
    const wchar_t *s = L"999999999999999999999999";
    wchar_t *end;
    long l;
    unsigned long u;

    errno = 0;
    l = wcstol(s, &end, 10);
    ok(l == LONG_MAX && errno == ERANGE, "wcstol overflow: errno %d", errno);
    ok(end == s + wcslen(s), "wcstol overflow did not consume every digit");
    errno = 0;
    l = wcstol(L"-999999999999999999999999", NULL, 10);
    ok(l == LONG_MIN && errno == ERANGE, "wcstol negative overflow: errno %d", errno);
    errno = 0;
    u = wcstoul(s, &end, 10);
    ok(u == ULONG_MAX && errno == ERANGE, "wcstoul overflow: errno %d", errno);
    ok(end == s + wcslen(s), "wcstoul overflow did not consume every digit");
}

static void test_wtoi_wtol_parse_leading_decimal(void)
{
    ok(_wtoi(L"  123abc") == 123, "_wtoi(  123abc) = %d", _wtoi(L"  123abc"));
    ok(_wtoi(L"-7") == -7, "_wtoi(-7) = %d", _wtoi(L"-7"));
    ok(_wtoi(L"+15") == 15, "_wtoi(+15) = %d", _wtoi(L"+15"));
    ok(_wtoi(L"abc") == 0, "_wtoi(abc) = %d", _wtoi(L"abc"));
    ok(_wtoi(L"0x10") == 0, "_wtoi(0x10) = %d: not decimal", _wtoi(L"0x10"));
    ok(_wtol(L"2147483647") == 2147483647L, "_wtol(2147483647) wrong");
    ok(_wtol(L" -2147483648") == -2147483647L - 1, "_wtol(-2147483648) wrong");
    ok(_wtol(L"12.9") == 12, "_wtol(12.9) = %ld", _wtol(L"12.9"));
}

static void test_towupper_towlower_map_ascii_letters(void)
{
    ok(towupper(L'a') == L'A' && towupper(L'z') == L'Z', "towupper of a, z wrong");
    ok(towupper(L'Q') == L'Q', "towupper changed an uppercase letter");
    ok(towupper(L'1') == L'1' && towupper(L'_') == L'_' && towupper(L'{') == L'{',
       "towupper changed a non-letter");
    ok(towlower(L'A') == L'a' && towlower(L'Z') == L'z', "towlower of A, Z wrong");
    ok(towlower(L'q') == L'q', "towlower changed a lowercase letter");
    ok(towlower(L'@') == L'@' && towlower(L'[') == L'[', "towlower changed a non-letter");
}

static void test_swprintf_uses_msvcrt_string_conversions(void)
{
    wchar_t buf[64];
    int n;

    /* MSVCRT: in a wide call %s and %c are wide, %S and %C narrow; h is always
     * narrow, l always wide. */
    n = swprintf(buf, 64, L"%s|%S|%c|%C|%ls|%hs|%lc|%hc", L"wide", "narrow", L'w', 'n', L"l",
                 "h", L'L', 'H');
    ok(n == (int)wcslen(L"wide|narrow|w|n|l|h|L|H"), "swprintf returned %d", n);
    ok(wide_eq(buf, L"wide|narrow|w|n|l|h|L|H"), "swprintf gave the wrong string");
}

static void test_swprintf_formats_numbers_and_widths(void)
{
    wchar_t buf[64];
    int n;

    n = swprintf(buf, 64, L"%d %5d|%-4d|%05d %x %X %o %u", -5, 42, 7, 12, 255, 255, 8, 3000000000U);
    ok(n == (int)wcslen(L"-5    42|7   |00012 ff FF 10 3000000000"), "swprintf returned %d", n);
    ok(wide_eq(buf, L"-5    42|7   |00012 ff FF 10 3000000000"), "swprintf numbers wrong");
    /* I64 is MSVCRT's 64-bit length modifier. */
    n = swprintf(buf, 64, L"%I64d %I64x", (LONGLONG)-1234567890123LL, (ULONGLONG)0x123456789aULL);
    ok(n == 25 && wide_eq(buf, L"-1234567890123 123456789a"), "swprintf I64 gave %d", n);
    /* Widths and precisions count UTF-16 units: the pair counts as two. */
    n = swprintf(buf, 64, L"[%4s][%.2s][%-3s]", L"\xd83d\xde00", L"abc", L"\x00e9");
    ok(n == 15 && wide_eq(buf, L"[  \xd83d\xde00][ab][\x00e9  ]"), "swprintf widths wrong (%d)", n);
    n = swprintf(buf, 64, L"%s", (const wchar_t *)NULL);
    ok(n == 6 && wide_eq(buf, L"(null)"), "swprintf of a NULL %%s gave %d", n);
    n = swprintf(buf, 64, L"100%%");
    ok(n == 4 && wide_eq(buf, L"100%"), "swprintf of %%%% wrong");
}

static void test_swprintf_overflow_returns_minus_one(void)
{
    wchar_t buf[8];
    int n;

    fill(buf, 8);
    n = swprintf(buf, 4, L"%s", L"abcdef");
    ok(n == -1, "swprintf overflow returned %d", n);
    /* ISO C stores a terminated, truncated string; msvcrt's (mingw's inline
     * swprintf calls msvcrt's MSVCRT-semantics formatter) stores count units
     * unterminated: both keep the first count - 1 units and write nothing
     * past count. */
    ok(buf[0] == L'a' && buf[1] == L'b' && buf[2] == L'c', "swprintf overflow lost the prefix");
    ok(buf[4] == L'X', "swprintf wrote past its count");
    fill(buf, 8);
    n = call_vswprintf(buf, 8, L"<%d>", 5);
    ok(n == 3 && wide_eq(buf, L"<5>"), "vswprintf returned %d", n);
    n = call_vswprintf(buf, 3, L"%s", L"abcdef");
    ok(n == -1 && buf[0] == L'a' && buf[1] == L'b', "vswprintf overflow returned %d", n);
}

static void test_snwprintf_is_msvcrt_count_semantics(void)
{
    wchar_t buf[8];
    int n;

    fill(buf, 8);
    n = _snwprintf(buf, 8, L"%d-%s", 42, L"x");
    ok(n == 4 && wide_eq(buf, L"42-x"), "_snwprintf returned %d", n);
    /* Exactly count units: stored without a terminator, count returned. */
    fill(buf, 8);
    n = _snwprintf(buf, 3, L"%s", L"abc");
    ok(n == 3, "_snwprintf of exactly count units returned %d", n);
    ok(buf[0] == L'a' && buf[1] == L'b' && buf[2] == L'c' && buf[3] == L'X',
       "_snwprintf of exactly count units terminated the buffer");
    /* Longer: count units stored, unterminated, and -1. */
    fill(buf, 8);
    n = _snwprintf(buf, 3, L"abcdef");
    ok(n == -1, "_snwprintf overflow returned %d", n);
    ok(buf[0] == L'a' && buf[1] == L'b' && buf[2] == L'c' && buf[3] == L'X',
       "_snwprintf overflow did not store exactly count units");
}

static void test_vsnwprintf_is_msvcrt_count_semantics(void)
{
    wchar_t buf[8];
    int n;

    fill(buf, 8);
    n = call_vsnwprintf(buf, 8, L"%c%c", L'o', L'k');
    ok(n == 2 && wide_eq(buf, L"ok"), "_vsnwprintf returned %d", n);
    fill(buf, 8);
    n = call_vsnwprintf(buf, 2, L"%d", 123);
    ok(n == -1 && buf[0] == L'1' && buf[1] == L'2' && buf[2] == L'X',
       "_vsnwprintf overflow returned %d", n);
    fill(buf, 8);
    n = call_vsnwprintf(buf, 3, L"%d", 123);
    ok(n == 3 && buf[2] == L'3' && buf[3] == L'X', "_vsnwprintf exact fit returned %d", n);
}

/* MSVCRT's printf, which _snwprintf is: a NULL buffer with a count of 0 asks
 * for the length, '0' pads strings too, %p is the pointer in full upper hex. */
static void test_snwprintf_length_query_zero_padding_and_pointers(void)
{
    wchar_t buf[64];
    int n;

    n = _snwprintf(NULL, 0, L"%d|%s", 12345, L"ab");
    ok(n == 8, "_snwprintf(NULL, 0) returned %d", n);
    n = _snwprintf(buf, 64, L"[%05s][%-05d][%5c]", L"ab", 7, L'x');
    ok(n == 21 && wide_eq(buf, L"[000ab][7    ][    x]"), "_snwprintf padding gave %d", n);
    n = _snwprintf(buf, 64, L"%p", (void *)0x1234);
    ok(n == (int)sizeof(void *) * 2 && wide_eq(buf, sizeof(void *) == 8 ? L"0000000000001234"
                                                                         : L"00001234"),
       "_snwprintf %%p gave %d", n);
}

static void test_fwprintf_writes_the_formatted_text(void)
{
    char name[64], text[64];
    FILE *f;
    size_t got;
    int n;

    snprintf(name, sizeof(name), "wide-%lu.tmp", (unsigned long)GetCurrentProcessId());
    f = fopen(name, "w");
    ok(f != NULL, "fopen(%s) failed", name);
    if (!f)
        return;
    n = fwprintf(f, L"%s=%d %S\n", L"key", 7, "narrow");
    ok(n == 13, "fwprintf returned %d", n);
    n = call_vfwprintf(f, L"%c%s%c", L'[', L"v", L']');
    ok(n == 3, "vfwprintf returned %d", n);
    ok(fclose(f) == 0, "fclose failed");
    f = fopen(name, "r");
    ok(f != NULL, "fopen(%s) to read back failed", name);
    if (f) {
        got = fread(text, 1, sizeof(text) - 1, f);
        text[got] = '\0';
        ok(strcmp(text, "key=7 narrow\n[v]") == 0, "fwprintf/vfwprintf wrote \"%s\"", text);
        fclose(f);
    }
    ok(remove(name) == 0, "remove(%s) failed", name);
}

static void test_wprintf_returns_units_written(void)
{
    int n;

    /* The text goes to standard output, into this test's log. */
    n = wprintf(L"# %s %S %d\n", L"wprintf", "writes", 1);
    ok(n == 19, "wprintf returned %d", n);
    n = call_vwprintf(L"# %s %c\n", L"vwprintf", L'2');
    ok(n == 13, "vwprintf returned %d", n);
    fflush(stdout);
}

/* Both succeed (a console exists) or both fail (none); anything else is wrong. */
static int conio_write_cr(void)
{
    int p = _putch('\r');
    int c = _cputs("\r");

    if (p == '\r' && c == 0)
        return 10;
    if (p == EOF && c == -1)
        return 20;
    return 30;
}

/* `wide child conio`: writes with conio (a carriage return, invisible on a
 * terminal at the start of a line) and exits with conio_write_cr's answer. */
static int wide_child(int argc, char **argv)
{
    if (strcmp(argv[0], "conio") == 0)
        return conio_write_cr();
    return 2;
}

static void test_conio_writes_to_the_console_not_redirected_stdout(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    char cmdline[1100], buf[64];
    DWORD got, total = 0, code = 0;
    int here;

    /* MS docs: _putch returns c, _cputs 0, on success; EOF and nonzero on failure. */
    here = conio_write_cr();
    ok(here == 10 || here == 20, "_putch and _cputs disagree (%d)", here);

    /* A child whose standard output and error are a pipe, on our console. */
    ok(CreatePipe(&rd, &wr, &sa, 0), "CreatePipe failed");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = NULL;
    si.hStdOutput = wr;
    si.hStdError = wr;
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child conio", conformance_self);
    if (!ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
            "CreateProcessA(%s) failed", cmdline)) {
        CloseHandle(rd);
        CloseHandle(wr);
        return;
    }
    CloseHandle(wr);
    while (ReadFile(rd, buf, sizeof(buf), &got, NULL) && got > 0)
        total += got;
    ok(total == 0, "conio wrote %lu bytes to the redirected standard output",
       (unsigned long)total);
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == (DWORD)here,
       "the child's _putch/_cputs gave %lu, ours %d", (unsigned long)code, here);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(rd);
}

CONFORMANCE_MAIN(test_wcslen_counts_utf16_units, test_wcsnlen_stops_at_max,
                 test_wcscpy_wcscat_return_destination, test_wcsncpy_pads_and_does_not_terminate,
                 test_wcsncat_appends_at_most_n_and_terminates,
                 test_wcscmp_wcsncmp_compare_unsigned_units, test_wcsicmp_compares_lowercase_forms,
                 test_wcschr_wcsrchr_wcsstr_find_units, test_wcsdup_copies_the_string,
                 test_wcstol_parses_sign_base_and_end, test_wcstoul_parses_and_wraps_negative,
                 test_wcstol_wcstoul_overflow_set_erange, test_wtoi_wtol_parse_leading_decimal,
                 test_towupper_towlower_map_ascii_letters,
                 test_swprintf_uses_msvcrt_string_conversions,
                 test_swprintf_formats_numbers_and_widths, test_swprintf_overflow_returns_minus_one,
                 test_snwprintf_is_msvcrt_count_semantics,
                 test_vsnwprintf_is_msvcrt_count_semantics,
                 test_snwprintf_length_query_zero_padding_and_pointers,
                 test_fwprintf_writes_the_formatted_text, test_wprintf_returns_units_written,
                 test_conio_writes_to_the_console_not_redirected_stdout)
