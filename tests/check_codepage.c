/* Code pages: MultiByteToWideChar, WideCharToMultiByte; CP_ACP is UTF-8 here. */
#include <string.h>
#include "testutil.h"

static const WCHAR accented[] = { 'a', 0xe9, 0x20ac, 0 };       /* "aé€" */
static const char accented_utf8[] = "a\xc3\xa9\xe2\x82\xac";

START_TEST(test_ansi_code_pages_are_utf8)
{
    static const UINT pages[] = { CP_ACP, CP_OEMCP, CP_THREAD_ACP, CP_UTF8 };
    WCHAR wide[8];
    char narrow[8];

    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        SetLastError(0xdead);
        ck_assert_int_eq(MultiByteToWideChar(pages[i], 0, accented_utf8, -1, wide, 8), 4);
        ck_assert_mem_eq(wide, accented, sizeof(accented));
        ck_assert_int_eq(WideCharToMultiByte(pages[i], 0, accented, -1, narrow, 8, NULL, NULL), 7);
        ck_assert_str_eq(narrow, accented_utf8);
        ck_assert_uint_eq(GetLastError(), 0xdead);
    }
}
END_TEST

START_TEST(test_other_code_pages_are_parameter_errors)
{
    static const UINT pages[] = { CP_MACCP, CP_SYMBOL, CP_UTF7, 1252, 932 };
    WCHAR wide[8];
    char narrow[8];

    for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        SetLastError(0);
        ck_assert_int_eq(MultiByteToWideChar(pages[i], 0, "a", -1, wide, 8), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        ck_assert_int_eq(WideCharToMultiByte(pages[i], 0, accented, -1, narrow, 8, NULL, NULL), 0);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}
END_TEST

/* Code written for an ANSI code page passes these; UTF-8 proper rejects them. */
START_TEST(test_acp_takes_the_ansi_flags)
{
    WCHAR wide[8];
    char narrow[8];

    ck_assert_int_eq(MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED | MB_USEGLYPHCHARS, "a", -1,
                                         wide, 8), 2);
    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, WC_NO_BEST_FIT_CHARS | WC_COMPOSITECHECK,
                                         accented, -1, narrow, 8, NULL, NULL), 7);
    SetLastError(0);
    ck_assert_int_eq(MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED | MB_COMPOSITE, "a", -1, wide, 8),
                     0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FLAGS);
    SetLastError(0);
    ck_assert_int_eq(MultiByteToWideChar(CP_ACP, 0x100, "a", -1, wide, 8), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FLAGS);
    SetLastError(0);
    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, 0x1, accented, -1, narrow, 8, NULL, NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FLAGS);
    SetLastError(0);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "a", -1, wide, 8), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FLAGS);
}
END_TEST

START_TEST(test_acp_reports_the_default_char)
{
    static const WCHAR lone[] = { 'a', 0xd800, 'b', 0 };
    char narrow[8];
    BOOL used = TRUE;

    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, 0, accented, -1, narrow, 8, NULL, &used), 7);
    ck_assert(!used);
    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, 0, lone, -1, narrow, 8, NULL, &used), 6);
    ck_assert(used);
    ck_assert_str_eq(narrow, "a\xef\xbf\xbd" "b");
    used = FALSE;
    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, 0, lone, -1, narrow, 8, "?", &used), 4);
    ck_assert(used);
    ck_assert_str_eq(narrow, "a?b");
    /* A size query reports it too. */
    used = FALSE;
    ck_assert_int_eq(WideCharToMultiByte(CP_ACP, 0, lone, -1, NULL, 0, NULL, &used), 6);
    ck_assert(used);
}
END_TEST

/* Maximal ill-formed subsequences: an encoded surrogate is three of them. */
START_TEST(test_encoded_surrogates_and_out_of_range_become_one_fffd_per_byte)
{
    WCHAR wide[8];

    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xed\xa0\x80", 3, wide, 8), 3);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(wide[i], 0xfffd);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xf4\x90\x80\x80", 4, wide, 8), 4);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xe0\x80\xaf", 3, wide, 8), 3);
    /* Truncated but well begun: one U+FFFD for the whole prefix. */
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98", 3, wide, 8), 1);
    ck_assert_uint_eq(wide[0], 0xfffd);
    /* The largest code point still converts. */
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "\xf4\x8f\xbf\xbf", 4,
                                         wide, 8), 2);
    ck_assert_uint_eq(wide[0], 0xdbff);
    ck_assert_uint_eq(wide[1], 0xdfff);
}
END_TEST

START_TEST(test_surrogate_pair_needs_room_for_both_units)
{
    WCHAR wide[2] = { 0x7f7f, 0x7f7f };

    SetLastError(0);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", 4, wide, 1), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, "\xf0\x9f\x98\x80", 4, wide, 2), 2);
}
END_TEST

/* An explicit length is obeyed exactly: nothing past it is read (ASan checks). */
START_TEST(test_explicit_length_reads_nothing_past_it)
{
    char *bytes = malloc(3);
    WCHAR *units = malloc(2 * sizeof(WCHAR));
    WCHAR wide[4];
    char narrow[8];

    memcpy(bytes, "\xe2\x82\xac", 3);
    units[0] = 'a';
    units[1] = 0xd83d;          /* a high surrogate at the very end */
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, bytes, 3, wide, 4), 1);
    ck_assert_uint_eq(wide[0], 0x20ac);
    ck_assert_int_eq(MultiByteToWideChar(CP_UTF8, 0, bytes, 2, wide, 4), 1);
    ck_assert_uint_eq(wide[0], 0xfffd);
    ck_assert_int_eq(WideCharToMultiByte(CP_UTF8, 0, units, 2, narrow, 8, NULL, NULL), 4);
    ck_assert_mem_eq(narrow, "a\xef\xbf\xbd", 4);
    free(bytes);
    free(units);
}
END_TEST

START_TEST(test_overlapping_but_distinct_buffers_convert)
{
    static const WCHAR text[] = { 'j', 'u', 's', 't', 0 };
    WCHAR storage[16];
    char *buf = (char *)storage;

    /* As Wine's test_overlapped_buffers: the output trails the input. */
    memcpy(storage + 1, text, sizeof(text));
    SetLastError(0xdead);
    ck_assert_int_eq(WideCharToMultiByte(CP_UTF8, 0, storage + 1, -1, buf, 32, NULL, NULL), 5);
    ck_assert_str_eq(buf, "just");
    ck_assert_uint_eq(GetLastError(), 0xdead);
}
END_TEST

static Suite *codepage_suite(void)
{
    Suite *s = suite_create("codepage");
    TCase *tc = tcase_create("codepage");

    tcase_add_test(tc, test_ansi_code_pages_are_utf8);
    tcase_add_test(tc, test_other_code_pages_are_parameter_errors);
    tcase_add_test(tc, test_acp_takes_the_ansi_flags);
    tcase_add_test(tc, test_acp_reports_the_default_char);
    tcase_add_test(tc, test_encoded_surrogates_and_out_of_range_become_one_fffd_per_byte);
    tcase_add_test(tc, test_surrogate_pair_needs_room_for_both_units);
    tcase_add_test(tc, test_explicit_length_reads_nothing_past_it);
    tcase_add_test(tc, test_overlapping_but_distinct_buffers_convert);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(codepage_suite)
