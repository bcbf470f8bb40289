/* 16-bit wide strings: the w32shim_ wcs* and printf functions, and the -fshort-wchar mode. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <w32shim_wchar.h>
#include "testutil.h"

static int wide_equal(const WCHAR *a, const WCHAR *b)
{
    return w32shim_wcscmp(a, b) == 0;
}

START_TEST(test_wcslen_counts_utf16_units)
{
    ck_assert_uint_eq(w32shim_wcslen(u""), 0);
    ck_assert_uint_eq(w32shim_wcslen(u"abc"), 3);
    ck_assert_uint_eq(w32shim_wcslen(u"\U0001F600"), 2);
    ck_assert_uint_eq(w32shim_wcsnlen(u"abcdef", 4), 4);
}
END_TEST

START_TEST(test_wcscpy_and_wcscat_build_a_string)
{
    WCHAR buf[16];

    ck_assert_ptr_eq(w32shim_wcscpy(buf, u"ab"), buf);
    ck_assert_ptr_eq(w32shim_wcscat(buf, u"cd"), buf);
    ck_assert(wide_equal(buf, u"abcd"));
    ck_assert_ptr_eq(w32shim_wcsncat(buf, u"efgh", 2), buf);
    ck_assert(wide_equal(buf, u"abcdef"));
}
END_TEST

START_TEST(test_wcsncpy_pads_short_and_leaves_long_unterminated)
{
    WCHAR buf[6] = { 'x', 'x', 'x', 'x', 'x', 'x' };

    w32shim_wcsncpy(buf, u"ab", 5);
    ck_assert(buf[0] == 'a' && buf[1] == 'b' && buf[2] == 0 && buf[3] == 0 && buf[4] == 0);
    ck_assert_uint_eq(buf[5], 'x');
    w32shim_wcsncpy(buf, u"abcdefgh", 3);
    ck_assert(buf[2] == 'c' && buf[3] == 0);
}
END_TEST

START_TEST(test_wcscmp_compares_units_unsigned)
{
    ck_assert_int_eq(w32shim_wcscmp(u"abc", u"abc"), 0);
    ck_assert_int_lt(w32shim_wcscmp(u"abc", u"abd"), 0);
    ck_assert_int_gt(w32shim_wcscmp(u"\xFFFF", u"a"), 0);
    ck_assert_int_lt(w32shim_wcscmp(u"ab", u"abc"), 0);
    ck_assert_int_eq(w32shim_wcsncmp(u"abcX", u"abcY", 3), 0);
    ck_assert_int_lt(w32shim_wcsncmp(u"abcX", u"abcY", 4), 0);
}
END_TEST

START_TEST(test_wcsicmp_ignores_ascii_case)
{
    ck_assert_int_eq(w32shim__wcsicmp(u"Hello", u"hELLO"), 0);
    ck_assert_int_lt(w32shim__wcsicmp(u"apple", u"BANANA"), 0);
    /* Lowercase forms are compared: '_' (0x5F) sorts before 'a' but after 'A'. */
    ck_assert_int_lt(w32shim__wcsicmp(u"_", u"A"), 0);
    ck_assert_int_eq(w32shim__wcsnicmp(u"ABCx", u"abcy", 3), 0);
    ck_assert_int_ne(w32shim__wcsnicmp(u"ABCx", u"abcy", 4), 0);
}
END_TEST

START_TEST(test_towupper_and_towlower_map_ascii_letters)
{
    ck_assert_uint_eq(w32shim_towupper('a'), 'A');
    ck_assert_uint_eq(w32shim_towupper('1'), '1');
    ck_assert_uint_eq(w32shim_towlower('Z'), 'z');
    ck_assert_uint_eq(w32shim_towlower(0xD800), 0xD800);
}
END_TEST

START_TEST(test_wcschr_wcsrchr_and_wcsstr_find_positions)
{
    const WCHAR *s = u"abcabc";

    ck_assert_ptr_eq(w32shim_wcschr(s, 'b'), s + 1);
    ck_assert_ptr_eq(w32shim_wcsrchr(s, 'b'), s + 4);
    ck_assert_ptr_eq(w32shim_wcschr(s, 0), s + 6);
    ck_assert_ptr_null(w32shim_wcschr(s, 'z'));
    ck_assert_ptr_null(w32shim_wcsrchr(s, 'z'));
    ck_assert_ptr_eq(w32shim_wcsstr(s, u"ca"), s + 2);
    ck_assert_ptr_eq(w32shim_wcsstr(s, u""), s);
    ck_assert_ptr_null(w32shim_wcsstr(s, u"cb"));
}
END_TEST

START_TEST(test_wcsdup_returns_a_malloced_copy)
{
    WCHAR *copy = w32shim__wcsdup(u"dup\u00e9");

    ck_assert_ptr_nonnull(copy);
    ck_assert(wide_equal(copy, u"dup\u00e9"));
    free(copy);
}
END_TEST

START_TEST(test_wcstol_parses_and_reports_the_end)
{
    WCHAR *end = NULL;
    const WCHAR *s = u"  -42xyz";

    ck_assert_int_eq(w32shim_wcstol(s, &end, 10), -42);
    ck_assert_ptr_eq(end, s + 5);
    ck_assert_int_eq(w32shim_wcstol(u"0x1F", NULL, 16), 31);
    ck_assert_uint_eq(w32shim_wcstoul(u"ff\u00e9", &end, 16), 255);
    ck_assert_uint_eq(*end, 0xE9);
    ck_assert_int_eq(w32shim_wcstol(u"abc", &end, 10), 0);
    ck_assert_uint_eq(*end, 'a');
}
END_TEST

START_TEST(test_wcstol_overflow_sets_erange)
{
    errno = 0;
    ck_assert_int_eq(w32shim_wcstol(u"99999999999999999999999", NULL, 10), LONG_MAX);
    ck_assert_int_eq(errno, ERANGE);
}
END_TEST

START_TEST(test_wtoi_saturates_out_of_range_values)
{
    ck_assert_int_eq(w32shim__wtoi(u" 123abc"), 123);
    ck_assert_int_eq(w32shim__wtoi(u"99999999999"), INT_MAX);
    ck_assert_int_eq(w32shim__wtoi(u"-99999999999"), INT_MIN);
    ck_assert_int_eq(w32shim__wtol(u"-7"), -7);
}
END_TEST

START_TEST(test_swprintf_s_is_wide_and_S_is_narrow)
{
    WCHAR buf[64];

    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%s|%S|%ls|%hs", u"w\u00e9", "n\xc3\xa9", u"l",
                                      "h"), 9);
    ck_assert(wide_equal(buf, u"w\u00e9|n\u00e9|l|h"));
    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%c%C%wc%hc", u'\u00e9', 'n', u'w', 'h'), 4);
    ck_assert(wide_equal(buf, u"\u00e9nwh"));
}
END_TEST

START_TEST(test_swprintf_pads_and_cuts_strings_in_units)
{
    WCHAR buf[64];

    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"[%5s][%-4s][%.2s][%*s]", u"ab", u"c", u"xyz", 3,
                                      u"q"), 22);
    ck_assert(wide_equal(buf, u"[   ab][c   ][xy][  q]"));
}
END_TEST

START_TEST(test_swprintf_formats_numbers_like_printf)
{
    WCHAR buf[128];
    int n = w32shim_swprintf(buf, 128, u"%d %05u %x %#X %.2f %e %I64d %lld %zu %%", -12, 7u, 255u,
                             255u, 3.14159, 1.5, (long long)1 << 40, -1LL, (size_t)9);

    ck_assert_int_gt(n, 0);
    ck_assert(wide_equal(buf, u"-12 00007 ff 0XFF 3.14 1.500000e+00 1099511627776 -1 9 %"));
    ck_assert_uint_eq(w32shim_wcslen(buf), (size_t)n);
}
END_TEST

START_TEST(test_swprintf_handles_a_width_beyond_the_internal_buffer)
{
    WCHAR buf[400];

    ck_assert_int_eq(w32shim_swprintf(buf, 400, u"%300d", 5), 300);
    ck_assert_uint_eq(buf[0], ' ');
    ck_assert_uint_eq(buf[299], '5');
    ck_assert_uint_eq(buf[300], 0);
}
END_TEST

START_TEST(test_swprintf_null_string_prints_null)
{
    WCHAR buf[16];

    ck_assert_int_eq(w32shim_swprintf(buf, 16, u"%s", (WCHAR *)NULL), 6);
    ck_assert(wide_equal(buf, u"(null)"));
}
END_TEST

START_TEST(test_swprintf_overflow_truncates_terminates_and_returns_minus_one)
{
    WCHAR buf[4] = { 'x', 'x', 'x', 'x' };

    ck_assert_int_eq(w32shim_swprintf(buf, 4, u"%s", u"abcdef"), -1);
    ck_assert(wide_equal(buf, u"abc"));
}
END_TEST

START_TEST(test_snwprintf_exact_fit_is_unterminated)
{
    WCHAR buf[4] = { 'x', 'x', 'x', 'x' };

    ck_assert_int_eq(w32shim__snwprintf(buf, 3, u"%d", 123), 3);
    ck_assert(buf[0] == '1' && buf[2] == '3' && buf[3] == 'x');
    ck_assert_int_eq(w32shim__snwprintf(buf, 2, u"%d", 123), -1);
    ck_assert(buf[0] == '1' && buf[1] == '2' && buf[2] == '3');
    ck_assert_int_eq(w32shim__snwprintf(buf, 4, u"%d", 12), 2);
    ck_assert(wide_equal(buf, u"12"));
}
END_TEST

START_TEST(test_swprintf_rejects_percent_n)
{
    WCHAR buf[16];
    int count = 0;

    ck_assert_int_eq(w32shim_swprintf(buf, 16, u"ab%n", &count), -1);
    ck_assert_int_eq(count, 0);
}
END_TEST

/* The printf family is the library's one engine in MSVCRT's manner: a
 * length query, strings zero-padded, %p in full upper hex, huge fields
 * counted rather than produced. */
START_TEST(test_snwprintf_asks_the_length_and_prints_as_msvcrt)
{
    WCHAR buf[64];

    ck_assert_int_eq(w32shim__snwprintf(NULL, 0, u"%d|%s", 12345, u"ab"), 8);
    ck_assert_int_eq(w32shim__snwprintf(NULL, 0, u"%.2147483646d", 1), 2147483646);
    ck_assert_int_eq(w32shim__snwprintf(NULL, 0, u"%.2147483647d|", 1), -1);
    ck_assert_int_eq(w32shim__snwprintf(NULL, 4, u"x"), -1);
    ck_assert_int_eq(w32shim__snwprintf(buf, 64, u"[%05s][%p]", u"ab", (void *)0x1234), 25);
    ck_assert(wide_equal(buf, u"[000ab][0000000000001234]"));
}
END_TEST

START_TEST(test_fwprintf_writes_utf8)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(w32shim_fwprintf(f, u"%s \U0001F600 %d", u"caf\u00e9", 1), 9);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_str_eq(text, "caf\xc3\xa9 \xf0\x9f\x98\x80 1");
    free(text);
}
END_TEST

START_TEST(test_wprintf_writes_to_stdout)
{
    int fds[2];
    int saved = dup(STDOUT_FILENO);
    char out[32] = { 0 };

    ck_assert_int_eq(pipe(fds), 0);
    fflush(stdout);
    ck_assert_int_ne(dup2(fds[1], STDOUT_FILENO), -1);
    ck_assert_int_eq(w32shim_wprintf(u"%s=%d\n", u"x", 5), 4);
    fflush(stdout);
    ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
    ck_assert_int_eq(read(fds[0], out, sizeof(out) - 1), 4);
    ck_assert_str_eq(out, "x=5\n");
    close(fds[0]);
    close(fds[1]);
    close(saved);
}
END_TEST

/* As in the Windows engine (check_format.c): a huge width or precision
 * costs no more than the output can hold, and never overflows. */
START_TEST(test_swprintf_bounds_huge_widths_by_the_output)
{
    WCHAR buf[64];

    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%2000000000d", 5), -1);
    ck_assert_uint_eq(w32shim_wcslen(buf), 63);
    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%.2000000000d", 5), -1);
    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%99999999999s", u"x"), -1);
    ck_assert_int_eq(w32shim__snwprintf(buf, 16, u"%2147483647.2147483647f", 1.0), -1);
    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"%*d", -2147483647 - 1, 1), -1);
    ck_assert_int_eq(w32shim_swprintf(buf, 64, u"[%-+ #0-+*d]", -6, 42), 8);
    ck_assert(wide_equal(buf, u"[+42   ]"));
}
END_TEST

/*
 * The -fshort-wchar mode: a program of raw L"" literals and standard names,
 * built with w32shim-wide.pc's flags against the built archive, must run
 * and print what MSVCRT prints, whatever order it includes headers in.
 */
static const char wide_program[] =
    "#include <wchar.h>\n"
    "#include <stdio.h>\n"
    "#include <windows.h>\n"
    "int main(void)\n"
    "{\n"
    "    wchar_t buf[32];\n"
    "    wchar_t *end;\n"
    "    _Static_assert(sizeof(wchar_t) == sizeof(WCHAR), \"2-byte wchar_t\");\n"
    "    LPCWSTR w = L\"wide\";\n"
    "    wcscpy(buf, w);\n"
    "    wcscat(buf, L\"!\");\n"
    "    if (wcslen(buf) != 5 || wcscmp(buf, L\"wide!\") || _wcsicmp(buf, L\"WIDE!\"))\n"
    "        return 1;\n"
    "    if (wcstol(L\"12z\", &end, 10) != 12 || *end != L'z' || _wtoi(L\"7\") != 7)\n"
    "        return 2;\n"
    "    if (swprintf(buf, 32, L\"%s-%S-%d\", L\"a\", \"b\", 3) != 5 || wcscmp(buf, L\"a-b-3\"))\n"
    "        return 3;\n"
    "    return wprintf(L\"%s %S\\n\", L\"caf\\u00e9\", \"ok\") == 8 ? 0 : 4;\n"
    "}\n";

START_TEST(test_short_wchar_program_builds_and_runs)
{
    const char *srcdir = getenv("top_srcdir"), *builddir = getenv("top_builddir");
    char dir[] = "/tmp/w32wideXXXXXX", cmd[4096], out[64] = { 0 };
    FILE *f, *run;

    ck_assert_msg(srcdir && builddir, "run through make check (top_srcdir, top_builddir)");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(cmd, sizeof(cmd), "%s/p.c", dir);
    f = fopen(cmd, "w");
    ck_assert_ptr_nonnull(f);
    fputs(wide_program, f);
    fclose(f);
    /* The build's compiler and flags, as tests/exports.sh takes them. */
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && mk() { sed -n \"s/^$1 = //p\" Makefile; } && "
             "${CC:-$(mk CC)} $(mk CFLAGS) -std=c11 -fshort-wchar -include w32shim_wchar.h "
             "-Iinclude -I'%s/include' -o '%s/p' '%s/p.c' .libs/libw32shim.a $(mk LDFLAGS) "
             "-pthread >'%s/log' 2>&1 && '%s/p'; echo \" rc=$?\"; "
             "cat '%s/log' >&2; rm -rf '%s'",
             builddir, srcdir, dir, dir, dir, dir, dir, dir);
    run = popen(cmd, "r");
    ck_assert_ptr_nonnull(run);
    ck_assert_uint_gt(fread(out, 1, sizeof(out) - 1, run), 0);
    pclose(run);
    ck_assert_str_eq(out, "caf\xc3\xa9 ok\n rc=0\n");
}
END_TEST

static Suite *wide_suite(void)
{
    Suite *s = suite_create("wide");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_wcslen_counts_utf16_units);
    tcase_add_test(tc, test_wcscpy_and_wcscat_build_a_string);
    tcase_add_test(tc, test_wcsncpy_pads_short_and_leaves_long_unterminated);
    tcase_add_test(tc, test_wcscmp_compares_units_unsigned);
    tcase_add_test(tc, test_wcsicmp_ignores_ascii_case);
    tcase_add_test(tc, test_towupper_and_towlower_map_ascii_letters);
    tcase_add_test(tc, test_wcschr_wcsrchr_and_wcsstr_find_positions);
    tcase_add_test(tc, test_wcsdup_returns_a_malloced_copy);
    tcase_add_test(tc, test_wcstol_parses_and_reports_the_end);
    tcase_add_test(tc, test_wcstol_overflow_sets_erange);
    tcase_add_test(tc, test_wtoi_saturates_out_of_range_values);
    tcase_add_test(tc, test_swprintf_s_is_wide_and_S_is_narrow);
    tcase_add_test(tc, test_swprintf_pads_and_cuts_strings_in_units);
    tcase_add_test(tc, test_swprintf_formats_numbers_like_printf);
    tcase_add_test(tc, test_swprintf_handles_a_width_beyond_the_internal_buffer);
    tcase_add_test(tc, test_swprintf_null_string_prints_null);
    tcase_add_test(tc, test_swprintf_overflow_truncates_terminates_and_returns_minus_one);
    tcase_add_test(tc, test_snwprintf_exact_fit_is_unterminated);
    tcase_add_test(tc, test_swprintf_rejects_percent_n);
    tcase_add_test(tc, test_snwprintf_asks_the_length_and_prints_as_msvcrt);
    tcase_add_test(tc, test_fwprintf_writes_utf8);
    tcase_add_test(tc, test_wprintf_writes_to_stdout);
    tcase_add_test(tc, test_short_wchar_program_builds_and_runs);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_swprintf_bounds_huge_widths_by_the_output);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(wide_suite)
