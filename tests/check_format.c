/* wsprintf and FormatMessage. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strsafe.h>
#include "format.h"
#include "testutil.h"

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* FormatMessageA with a va_list built from the variadic arguments. */
static DWORD format(DWORD flags, const char *text, char *buf, DWORD size, ...)
{
    va_list args;
    DWORD n;

    va_start(args, size);
    n = FormatMessageA(flags, text, 0, 0, buf, size, &args);
    va_end(args);
    return n;
}

START_TEST(test_wsprintf_formats_the_windows_subset)
{
    char buf[128];
    int n = wsprintfA(buf, "%s|%5.2s|%-4d|%04x|%X|%c|%%|%lu|%i|%hs|%S|%ls", "abc", "xyz", 7, 255,
                      0xabc, 'q', (DWORD)4000000000u, -3, "hs", u"wide", u"ls");

    ck_assert_str_eq(buf, "abc|   xy|7   |00ff|ABC|q|%|4000000000|-3|hs|wide|ls");
    ck_assert_int_eq(n, (int)strlen(buf));
}
END_TEST

START_TEST(test_wsprintf_prints_pointers_as_full_width_upper_hex)
{
    char buf[64];

    wsprintfA(buf, "%p", (void *)0x1234);
    ck_assert_str_eq(buf, sizeof(void *) == 8 ? "0000000000001234" : "00001234");
}
END_TEST

START_TEST(test_wsprintf_prints_unknown_conversions_literally)
{
    char buf[64];

    wsprintfA(buf, "%+d|%o|%q|%#x", 5, 255);
    ck_assert_str_eq(buf, "+d|o|q|0x5");
}
END_TEST

START_TEST(test_wsprintf_stops_at_1024_characters)
{
    static char big[3000], buf[4096];
    int n;

    memset(big, 'x', sizeof(big) - 1);
    memset(buf, '#', sizeof(buf));
    n = wsprintfA(buf, "%s", big);
    ck_assert_int_eq(n, 1023);
    ck_assert_uint_eq(strlen(buf), 1023);
    ck_assert_int_eq(buf[1024], '#');
}
END_TEST

START_TEST(test_wsprintf_w_takes_wide_s_and_narrow_upper_s)
{
    WCHAR buf[64];
    int n = wsprintfW(buf, u"%s|%S|%c|%C|%d", u"w\u00e9", "n\xc3\xa9", u'W', 'N', -1);

    ck_assert(wide_eq(buf, u"w\u00e9|n\u00e9|W|N|-1"));
    ck_assert_int_eq(n, 12);
}
END_TEST

START_TEST(test_format_message_from_system_uses_windows_wording)
{
    char buf[256];
    DWORD n;

    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_FILE_NOT_FOUND, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf,
                       sizeof(buf), NULL);
    ck_assert_str_eq(buf, "The system cannot find the file specified.\r\n");
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

START_TEST(test_format_message_knows_every_error_the_library_sets)
{
    static const DWORD codes[] = {
        ERROR_SUCCESS, ERROR_INVALID_HANDLE, ERROR_NOT_ENOUGH_MEMORY, ERROR_INVALID_PARAMETER,
        ERROR_NOACCESS, ERROR_ACCESS_DENIED, ERROR_NOT_SUPPORTED, ERROR_FILE_NOT_FOUND,
        ERROR_GEN_FAILURE, ERROR_TIMEOUT, ERROR_PATH_NOT_FOUND, ERROR_CALL_NOT_IMPLEMENTED,
        ERROR_TOO_MANY_OPEN_FILES, ERROR_DISK_FULL, ERROR_WRITE_PROTECT, ERROR_WAIT_NO_CHILDREN,
        ERROR_TOO_MANY_POSTS, ERROR_TIMER_RESUME_IGNORED, ERROR_SIGNAL_REFUSED, ERROR_SEEK,
        ERROR_PRIVILEGE_NOT_HELD, ERROR_POSSIBLE_DEADLOCK, ERROR_OPERATION_ABORTED,
        ERROR_NO_SYSTEM_RESOURCES, ERROR_NO_MORE_ITEMS, ERROR_NO_DATA, ERROR_NOT_SAME_OBJECT,
        ERROR_NOT_SAME_DEVICE, ERROR_NOT_OWNER, ERROR_IO_PENDING, ERROR_INVALID_NAME,
        ERROR_FILE_EXISTS, ERROR_FILENAME_EXCED_RANGE, ERROR_DIR_NOT_EMPTY, ERROR_DIRECTORY,
        ERROR_DEV_NOT_EXIST, ERROR_BUSY, ERROR_BAD_EXE_FORMAT, ERROR_BAD_ENVIRONMENT,
        ERROR_ALREADY_EXISTS, ERROR_INVALID_ADDRESS, ERROR_NOT_LOCKED, ERROR_MR_MID_NOT_FOUND,
        ERROR_INSUFFICIENT_BUFFER, ERROR_BAD_LENGTH, ERROR_MORE_DATA, ERROR_BROKEN_PIPE,
        ERROR_RESOURCE_LANG_NOT_FOUND,
    };
    char buf[512];

    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                                 codes[i], 0, buf, sizeof(buf), NULL);
        ck_assert_msg(n > 2, "no message for %lu", (unsigned long)codes[i]);
        ck_assert_str_eq(buf + n - 2, "\r\n");
    }
}
END_TEST

START_TEST(test_format_message_unknown_id_fails_with_mr_mid_not_found)
{
    char buf[64];

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, 0x1234567, 0, buf,
                                     sizeof(buf), NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_MR_MID_NOT_FOUND);
}
END_TEST

START_TEST(test_format_message_other_language_fails)
{
    char buf[64];

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, NULL, ERROR_FILE_NOT_FOUND,
                                     MAKELANGID(0x0c, SUBLANG_DEFAULT), buf, sizeof(buf), NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_RESOURCE_LANG_NOT_FOUND);
}
END_TEST

START_TEST(test_format_message_w_from_system)
{
    WCHAR buf[128];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             ERROR_ACCESS_DENIED, 0, buf, 128, NULL);

    ck_assert_uint_eq(n, 19);
    ck_assert(wide_eq(buf, u"Access is denied.\r\n"));
}
END_TEST

START_TEST(test_format_message_w_inserts_wide_and_narrow_strings)
{
    WCHAR buf[64];
    DWORD_PTR args[] = { (DWORD_PTR)u"w\u00e9", (DWORD_PTR) "n\xc3\xa9", 3 };

    ck_assert_uint_eq(FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                     u"%1|%2!S!|%3!u!%n", 0, 0, buf, 64, (va_list *)args), 9);
    ck_assert(wide_eq(buf, u"w\u00e9|n\u00e9|3\r\n"));
}
END_TEST

START_TEST(test_format_message_inserts_with_printf_specs)
{
    char buf[128];
    DWORD n = format(FORMAT_MESSAGE_FROM_STRING, "a%1b%2!d!c%3!*d!e|%2!04x!|%1", buf, sizeof(buf),
                     "S", 42, 5, 7);

    ck_assert_str_eq(buf, "aSb42c    7e|002a|S");
    ck_assert_uint_eq(n, strlen(buf));
}
END_TEST

START_TEST(test_format_message_escapes_and_line_breaks)
{
    char buf[128];

    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "l1\r\nl2\nl3\rl4%n%%%.%!% x%0tail", buf,
                             sizeof(buf)), 21);
    ck_assert_str_eq(buf, "l1\r\nl2\r\nl3\r\nl4\r\n%.! x");
}
END_TEST

START_TEST(test_format_message_max_width_mask_turns_line_breaks_into_spaces)
{
    char buf[128];

    format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "l1\r\nl2\nl3%nx  y", buf,
           sizeof(buf));
    ck_assert_str_eq(buf, "l1 l2 l3\r\nx  y");
    FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_MAX_WIDTH_MASK, NULL,
                   ERROR_ACCESS_DENIED, 0, buf, sizeof(buf), NULL);
    ck_assert_str_eq(buf, "Access is denied. ");
}
END_TEST

START_TEST(test_format_message_width_wraps_lines_at_spaces)
{
    char buf[128];

    format(FORMAT_MESSAGE_FROM_STRING | 20,
           "The quick brown fox jumps over the lazy dog again and again", buf, sizeof(buf));
    ck_assert_str_eq(buf, "The quick brown fox\r\njumps over the lazy\r\ndog again and again");
}
END_TEST

START_TEST(test_format_message_ignore_inserts_keeps_them_verbatim)
{
    char buf[64];

    format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "a%1b%2!d!%n%%%0c", buf,
           sizeof(buf));
    ck_assert_str_eq(buf, "a%1b%2!d!\r\n%%");
}
END_TEST

START_TEST(test_format_message_argument_array)
{
    char buf[64];
    DWORD_PTR args[] = { (DWORD_PTR) "A", 5, (DWORD_PTR)u"w" };

    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                     "%1-%2!d!-%3!S!-%1", 0, 0, buf, sizeof(buf), (va_list *)args),
                      7);
    ck_assert_str_eq(buf, "A-5-w-A");
}
END_TEST

START_TEST(test_format_message_fails_when_the_buffer_is_too_small)
{
    char buf[8] = "keep";

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "abc", buf, 3), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "keep");
    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "abc", buf, 4), 3);
    ck_assert_str_eq(buf, "abc");
}
END_TEST

START_TEST(test_format_message_allocate_buffer_uses_local_alloc)
{
    char *p = NULL;
    WCHAR *w = NULL;

    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER, "hi %1",
                             (char *)&p, 0, "there"), 8);
    ck_assert_str_eq(p, "hi there");
    ck_assert_uint_eq(LocalSize(p), 9);
    ck_assert_ptr_null(LocalFree(p));
    ck_assert_uint_eq(FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                                     FORMAT_MESSAGE_IGNORE_INSERTS, u"x", 0, 0, (LPWSTR)&w, 100,
                                     NULL), 1);
    ck_assert(wide_eq(w, u"x"));
    ck_assert_uint_eq(LocalSize(w), 200);
    ck_assert_ptr_null(LocalFree(w));
}
END_TEST

START_TEST(test_format_message_rejects_bad_arguments)
{
    char buf[64];

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "a%1b", 0, 0, buf, sizeof(buf),
                                     NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(FormatMessageA(0, "abc", 0, 0, buf, sizeof(buf), NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "x%", buf, sizeof(buf)), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "abc", buf, 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}
END_TEST

START_TEST(test_format_message_two_digit_inserts)
{
    char buf[64];

    format(FORMAT_MESSAGE_FROM_STRING, "%12|%120", buf, sizeof(buf), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
           11, "twelve");
    ck_assert_str_eq(buf, "twelve|twelve0");
}
END_TEST

/* An insert's printf spec holds one conversion: the text after it is printed
 * as it stands, and no further argument is ever read. */
START_TEST(test_format_message_insert_with_several_conversions_reads_one_argument)
{
    char buf[256], spec[128];
    DWORD_PTR args[] = { (DWORD_PTR)"A", (DWORD_PTR)"B" };

    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, "<%1!s and %s!|%2>", buf, sizeof(buf),
                             "A", "B"), 12);
    ck_assert_str_eq(buf, "<A and %s|B>");
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                     "%1!s%d%%!", 0, 0, buf, sizeof(buf), (va_list *)args), 4);
    ck_assert_str_eq(buf, "A%d%");
    /* 31 conversions, once enough to read the engine's own counter */
    strcpy(spec, "%1!s");
    for (int i = 0; i < 31; i++)
        strcat(spec, "%s");
    strcat(spec, "!");
    ck_assert_uint_eq(format(FORMAT_MESSAGE_FROM_STRING, spec, buf, sizeof(buf), "x"), 63);
    ck_assert_int_eq(strncmp(buf, "x%s%s", 5), 0);
}
END_TEST

/* Every width and precision is bounded by the output that can be produced:
 * huge ones neither overflow nor take time and memory. */
START_TEST(test_huge_widths_and_precisions_are_bounded_by_the_output)
{
    static const char *const specs[] = { "%99999999999d", "%2000000000d", "%.2000000000d",
                                         "%2147483647.2147483647d", "%-+ #0-+ #0*d" };
    char buf[1024];
    WCHAR wbuf[64];

    for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
        ck_assert_int_eq(StringCchPrintfA(buf, 64, specs[i], -2147483647 - 1, 5),
                         STRSAFE_E_INSUFFICIENT_BUFFER);
        ck_assert_uint_eq(strlen(buf), 63);
    }
    ck_assert_int_eq(StringCchPrintfA(buf, 64, "%2147483647.2147483647s", "x"),
                     STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_int_eq(wsprintfA(buf, "%2000000000d", 5), 1023);
    ck_assert_int_eq(wsprintfA(buf, "%99999999999s", "x"), 1023);
    /* seven flags and a negative * width: a '-' more, and a terminated spec */
    ck_assert_int_eq(StringCchPrintfA(buf, sizeof(buf), "[%-+ #0-+*d]", -6, 42), S_OK);
    ck_assert_str_eq(buf, "[+42   ]");
    ck_assert_int_eq(StringCchPrintfW(wbuf, 64, u"[%*d]", -2147483647 - 1, 1),
                     STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_int_eq(StringCchPrintfA(buf, sizeof(buf), "[%.*d]", -5, 42), S_OK);
    ck_assert_str_eq(buf, "[42]");
}
END_TEST

/* FormatMessage's output has the 32K limit Windows gives FormatMessageA. */
START_TEST(test_format_message_output_is_bounded)
{
    char buf[64], *alloc = NULL;
    DWORD_PTR args[] = { 5 };

    SetLastError(0xdead);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                                     FORMAT_MESSAGE_ALLOCATE_BUFFER, "<%1!2000000000d!>", 0, 0,
                                     (char *)&alloc, 0, (va_list *)args), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert_ptr_null(alloc);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY |
                                     FORMAT_MESSAGE_ALLOCATE_BUFFER, "%1!32767d!", 0, 0,
                                     (char *)&alloc, 0, (va_list *)args), 32767);
    ck_assert_ptr_null(LocalFree(alloc));
    SetLastError(0xdead);
    ck_assert_uint_eq(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                     "%1!.99999999999d!", 0, 0, buf, sizeof(buf),
                                     (va_list *)args), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
}
END_TEST

/* The engine in the C runtime's mode (l is long), into buf[0..cap). */
static size_t engine(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    struct w32_format_args args = { .ap = &ap };
    size_t n;

    va_start(ap, fmt);
    n = w32_format(buf, 0, cap, fmt, W32_FORMAT_C_LONG, &args);
    va_end(ap);
    return n;
}

/* The engine against the C library, stored and only counted, for each flag
 * set, width and precision, including precisions past what it asks the C
 * library for. */
#define SAME_AS_C(fmt, value)                                                          \
    do {                                                                               \
        static char want[20000], got[20000];                                           \
        int n = snprintf(want, sizeof(want), fmt, value);                              \
        ck_assert_uint_eq(engine(got, sizeof(got), fmt, value), (size_t)n);            \
        ck_assert_uint_eq(engine(NULL, 0, fmt, value), (size_t)n);                     \
        ck_assert_msg(memcmp(want, got, (size_t)n) == 0, "%s: [%s] [%.*s]", fmt, want, \
                      n, got);                                                         \
    } while (0)

START_TEST(test_engine_prints_numbers_as_the_c_library)
{
    static const char *const flags[] = { "", "-", "+", " ", "#", "0", "+#0", "- +#0" };
    static const char *const fields[] = { "", "6", ".0", ".3", "20.10", "1300.1200", ".1150" };
    static const long long ints[] = { 0, -42, 255, LLONG_MIN };
    static const double doubles[] = { 0.0, -1.5, 1e300, 4.9e-324, INFINITY, NAN };
    char fmt[64];

    for (size_t f = 0; f < sizeof(flags) / sizeof(flags[0]); f++)
        for (size_t w = 0; w < sizeof(fields) / sizeof(fields[0]); w++) {
            for (const char *c = "doxX"; *c; c++)
                for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
                    snprintf(fmt, sizeof(fmt), "[%%%s%sll%c]", flags[f], fields[w], *c);
                    SAME_AS_C(fmt, ints[i]);
                }
            for (const char *c = "feGa"; *c; c++)
                for (size_t i = 0; i < sizeof(doubles) / sizeof(doubles[0]); i++) {
                    snprintf(fmt, sizeof(fmt), "[%%%s%s%c]", flags[f], fields[w], *c);
                    SAME_AS_C(fmt, doubles[i]);
                }
        }
    /* a long double has 16445 digits after the point */
    SAME_AS_C("%.17000Lf", 3.6e-4951L);
    SAME_AS_C("%#19000.17000Le", -1.0L);
}
END_TEST

/* A field of INT_MAX units is counted exactly, not produced: a count-only
 * call (the C runtime's _vsnprintf(NULL, 0, ...)) costs no time or memory. */
START_TEST(test_engine_counts_huge_fields_without_producing_them)
{
    char buf[16];

    ck_assert_uint_eq(engine(NULL, 0, "%2147483647d", 5), 2147483647u);
    ck_assert_uint_eq(engine(NULL, 0, "%.2147483647d", -5), 2147483648u);
    ck_assert_uint_eq(engine(NULL, 0, "%.2147483647f", 1.0), 2147483649u);
    ck_assert_uint_eq(engine(NULL, 0, "%-2147483647s|%2147483647c", "x", 'y'), 4294967295u);
    ck_assert_uint_eq(engine(buf, sizeof(buf), "%.2147483647d", -5), 2147483648u);
    ck_assert_int_eq(memcmp(buf, "-000000000000000", 16), 0);
    ck_assert_uint_eq(engine(buf, sizeof(buf), "%#.2147483647e", 1.5), 2147483653u);
    ck_assert_int_eq(memcmp(buf, "1.50000000000000", 16), 0);
    ck_assert_uint_eq(engine(buf, sizeof(buf), "%2147483647s", "x"), 2147483647u);
    ck_assert_int_eq(memcmp(buf, "                ", 16), 0);
}
END_TEST

static Suite *format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *ws = tcase_create("wsprintf");
    TCase *fm = tcase_create("FormatMessage");

    tcase_add_test(ws, test_wsprintf_formats_the_windows_subset);
    tcase_add_test(ws, test_wsprintf_prints_pointers_as_full_width_upper_hex);
    tcase_add_test(ws, test_wsprintf_prints_unknown_conversions_literally);
    tcase_add_test(ws, test_wsprintf_stops_at_1024_characters);
    tcase_add_test(ws, test_wsprintf_w_takes_wide_s_and_narrow_upper_s);
    tcase_add_test(ws, test_huge_widths_and_precisions_are_bounded_by_the_output);
    tcase_add_test(ws, test_engine_prints_numbers_as_the_c_library);
    tcase_add_test(ws, test_engine_counts_huge_fields_without_producing_them);
    suite_add_tcase(s, ws);

    tcase_add_test(fm, test_format_message_from_system_uses_windows_wording);
    tcase_add_test(fm, test_format_message_knows_every_error_the_library_sets);
    tcase_add_test(fm, test_format_message_unknown_id_fails_with_mr_mid_not_found);
    tcase_add_test(fm, test_format_message_other_language_fails);
    tcase_add_test(fm, test_format_message_w_from_system);
    tcase_add_test(fm, test_format_message_w_inserts_wide_and_narrow_strings);
    tcase_add_test(fm, test_format_message_inserts_with_printf_specs);
    tcase_add_test(fm, test_format_message_insert_with_several_conversions_reads_one_argument);
    tcase_add_test(fm, test_format_message_output_is_bounded);
    tcase_add_test(fm, test_format_message_escapes_and_line_breaks);
    tcase_add_test(fm, test_format_message_max_width_mask_turns_line_breaks_into_spaces);
    tcase_add_test(fm, test_format_message_width_wraps_lines_at_spaces);
    tcase_add_test(fm, test_format_message_ignore_inserts_keeps_them_verbatim);
    tcase_add_test(fm, test_format_message_argument_array);
    tcase_add_test(fm, test_format_message_fails_when_the_buffer_is_too_small);
    tcase_add_test(fm, test_format_message_allocate_buffer_uses_local_alloc);
    tcase_add_test(fm, test_format_message_rejects_bad_arguments);
    tcase_add_test(fm, test_format_message_two_digit_inserts);
    suite_add_tcase(s, fm);
    return s;
}

W32_TEST_MAIN(format_suite)
