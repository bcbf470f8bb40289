/* strsafe.h, tchar.h, the lstr and Char functions, the classic macros. */
#include <strsafe.h>
#include <tchar.h>
#include "testutil.h"

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

START_TEST(test_string_cch_copy_fits)
{
    char buf[8];

    ck_assert_int_eq(StringCchCopyA(buf, sizeof(buf), "1234567"), S_OK);
    ck_assert_str_eq(buf, "1234567");
}
END_TEST

START_TEST(test_string_cch_copy_truncates_and_terminates)
{
    char buf[8];

    ck_assert_int_eq(StringCchCopyA(buf, sizeof(buf), "123456789"), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "1234567");
}
END_TEST

START_TEST(test_string_cch_copy_rejects_zero_and_huge_counts)
{
    char buf[4] = "xyz";

    ck_assert_int_eq(StringCchCopyA(buf, 0, "a"), STRSAFE_E_INVALID_PARAMETER);
    ck_assert_str_eq(buf, "xyz");
    ck_assert_int_eq(StringCchCopyA(buf, (size_t)STRSAFE_MAX_CCH + 1, "a"),
                     STRSAFE_E_INVALID_PARAMETER);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_string_cch_copy_w_handles_16_bit_strings)
{
    WCHAR buf[4];

    ck_assert_int_eq(StringCchCopyW(buf, 4, u"h\u00e9llo"), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert(wide_eq(buf, u"h\u00e9l"));
    ck_assert_int_eq(StringCbCopyW(buf, sizeof(buf), u"ok"), S_OK);
    ck_assert(wide_eq(buf, u"ok"));
}
END_TEST

START_TEST(test_string_cch_copy_n_copies_at_most_n)
{
    char buf[16];

    ck_assert_int_eq(StringCchCopyNA(buf, sizeof(buf), "abcdef", 3), S_OK);
    ck_assert_str_eq(buf, "abc");
    ck_assert_int_eq(StringCchCopyNA(buf, 3, "abcdef", 5), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "ab");
}
END_TEST

START_TEST(test_string_cch_cat_appends_and_truncates)
{
    char buf[8] = "abc";

    ck_assert_int_eq(StringCchCatA(buf, sizeof(buf), "de"), S_OK);
    ck_assert_str_eq(buf, "abcde");
    ck_assert_int_eq(StringCchCatA(buf, sizeof(buf), "fghij"), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "abcdefg");
}
END_TEST

START_TEST(test_string_cch_cat_rejects_an_unterminated_destination)
{
    char buf[4] = { 'a', 'b', 'c', 'd' };

    ck_assert_int_eq(StringCchCatA(buf, sizeof(buf), "x"), STRSAFE_E_INVALID_PARAMETER);
    ck_assert_int_eq(buf[3], 'd');
}
END_TEST

START_TEST(test_string_cb_cat_w_counts_bytes)
{
    WCHAR buf[6] = u"ab";

    ck_assert_int_eq(StringCbCatW(buf, sizeof(buf), u"cdefg"), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert(wide_eq(buf, u"abcde"));
}
END_TEST

START_TEST(test_string_cch_length_measures_within_the_limit)
{
    size_t n = 99;

    ck_assert_int_eq(StringCchLengthA("hello", 6, &n), S_OK);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(StringCchLengthA("hello", 5, &n), STRSAFE_E_INVALID_PARAMETER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(StringCchLengthA(NULL, 5, &n), STRSAFE_E_INVALID_PARAMETER);
    ck_assert_int_eq(StringCbLengthW(u"abc", 100, &n), S_OK);
    ck_assert_uint_eq(n, 6);
}
END_TEST

START_TEST(test_string_cch_printf_formats_with_windows_sizes)
{
    char buf[64];

    ck_assert_int_eq(StringCchPrintfA(buf, sizeof(buf), "%s=%lu %I64d %S %.2f", "x",
                                      (DWORD)4000000000u, (LONGLONG)-5, u"w", 1.5),
                     S_OK);
    ck_assert_str_eq(buf, "x=4000000000 -5 w 1.50");
}
END_TEST

START_TEST(test_string_cch_printf_truncates_and_terminates)
{
    char buf[5];

    ck_assert_int_eq(StringCchPrintfA(buf, sizeof(buf), "%d", 123456), STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "1234");
    ck_assert_int_eq(StringCchPrintfA(buf, sizeof(buf), "%d", 1234), S_OK);
    ck_assert_str_eq(buf, "1234");
}
END_TEST

START_TEST(test_string_cch_printf_w_takes_wide_s_and_narrow_upper_s)
{
    WCHAR buf[32];

    ck_assert_int_eq(StringCchPrintfW(buf, 32, u"%s|%S|%d|%c", u"w\u00e9", "n\xc3\xa9", 42, u'z'),
                     S_OK);
    ck_assert(wide_eq(buf, u"w\u00e9|n\u00e9|42|z"));
    ck_assert_int_eq(StringCbPrintfW(buf, 4 * sizeof(WCHAR), u"%s", u"abcdef"),
                     STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert(wide_eq(buf, u"abc"));
}
END_TEST

START_TEST(test_string_cch_copy_ex_reports_end_and_remaining)
{
    char buf[8], *end = NULL;
    size_t rem = 0;

    ck_assert_int_eq(StringCchCopyExA(buf, 8, "abc", &end, &rem, 0), S_OK);
    ck_assert_ptr_eq(end, buf + 3);
    ck_assert_uint_eq(rem, 5);
    ck_assert_int_eq(StringCchPrintfExA(buf, 8, &end, &rem, 0, "%d", 42), S_OK);
    ck_assert_ptr_eq(end, buf + 2);
    ck_assert_uint_eq(rem, 6);
    ck_assert_int_eq(StringCchCopyExA(buf, 8, "a", NULL, NULL, 0x10000),
                     STRSAFE_E_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_string_cch_ex_flags_fill_null_and_keep)
{
    char buf[8], *end = NULL;
    size_t rem = 0;

    ck_assert_int_eq(StringCchCopyExA(buf, 8, "ab", NULL, NULL, STRSAFE_FILL_BYTE('x')), S_OK);
    ck_assert_int_eq(memcmp(buf, "ab\0xxxxx", 8), 0);
    ck_assert_int_eq(StringCchCopyExA(buf, 4, "abcdef", &end, &rem, STRSAFE_NULL_ON_FAILURE),
                     STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "");
    ck_assert_ptr_eq(end, buf);
    ck_assert_uint_eq(rem, 4);
    strcpy(buf, "ab");
    ck_assert_int_eq(StringCchCatExA(buf, 4, "cdef", &end, &rem, STRSAFE_NO_TRUNCATION),
                     STRSAFE_E_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "ab");
    ck_assert_ptr_eq(end, buf + 2);
    ck_assert_int_eq(StringCchCopyExA(buf, 8, NULL, NULL, NULL, STRSAFE_IGNORE_NULLS), S_OK);
    ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_tchar_maps_to_narrow_functions_without_unicode)
{
    _TCHAR buf[16];

    ck_assert_uint_eq(sizeof(_TCHAR), 1);
    ck_assert_uint_eq(sizeof(TCHAR), 1);
    _tcscpy(buf, _T("abc"));
    _tcscat(buf, _TEXT("DEF"));
    ck_assert_uint_eq(_tcslen(buf), 6);
    ck_assert_int_eq(_tcsicmp(buf, _T("ABCdef")), 0);
    ck_assert_int_eq(_ttoi(_T("42")), 42);
    ck_assert_str_eq(TEXT("t"), "t");
}
END_TEST

START_TEST(test_lstrlen_of_null_is_zero)
{
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(lstrlenA(NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(lstrlenW(NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_int_eq(lstrlenA("abc"), 3);
    ck_assert_int_eq(lstrlenW(u"abcd"), 4);
}
END_TEST

START_TEST(test_lstrcpyn_copies_count_minus_one_and_terminates)
{
    char buf[8];
    WCHAR wbuf[8];

    ck_assert_ptr_eq(lstrcpynA(buf, "abcdefghij", 5), buf);
    ck_assert_str_eq(buf, "abcd");
    ck_assert_ptr_eq(lstrcpynW(wbuf, u"abcdefghij", 3), wbuf);
    ck_assert(wide_eq(wbuf, u"ab"));
}
END_TEST

START_TEST(test_lstrcpy_and_lstrcat_build_strings)
{
    char buf[16];
    WCHAR wbuf[16];

    ck_assert_ptr_eq(lstrcpyA(buf, "ab"), buf);
    ck_assert_ptr_eq(lstrcatA(buf, "cd"), buf);
    ck_assert_str_eq(buf, "abcd");
    lstrcpyW(wbuf, u"x");
    lstrcatW(wbuf, u"yz");
    ck_assert(wide_eq(wbuf, u"xyz"));
}
END_TEST

START_TEST(test_lstrcpy_null_fails_with_invalid_parameter)
{
    char buf[4];

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(lstrcpyA(buf, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_lstrcmp_sorts_as_windows_word_sort)
{
    ck_assert_int_eq(lstrcmpA("a", "B"), -1);
    ck_assert_int_eq(lstrcmpA("a", "A"), -1);
    ck_assert_int_eq(lstrcmpA("Z", "a"), 1);
    ck_assert_int_eq(lstrcmpA("ab", "abc"), -1);
    ck_assert_int_eq(lstrcmpA("1", "a"), -1);
    ck_assert_int_eq(lstrcmpA("_", "a"), -1);
    ck_assert_int_eq(lstrcmpA("a'b", "ab"), 1);
    ck_assert_int_eq(lstrcmpA("same", "same"), 0);
    ck_assert_int_eq(lstrcmpW(u"a", u"B"), -1);
}
END_TEST

START_TEST(test_lstrcmpi_ignores_case)
{
    ck_assert_int_eq(lstrcmpiA("HeLLo", "hello"), 0);
    ck_assert_int_eq(lstrcmpiA("a", "B"), -1);
    ck_assert_int_eq(lstrcmpiW(u"\u00c9T\u00c9", u"\u00e9t\u00e9"), 0);
    ck_assert_int_eq(lstrcmpiA(NULL, "a"), -1);
}
END_TEST

START_TEST(test_char_upper_converts_in_place)
{
    char s[] = "aBc1-\xc3\xa9";
    WCHAR w[] = u"x\u00e9\u0444\u0103";

    ck_assert_ptr_eq(CharUpperA(s), s);
    ck_assert_str_eq(s, "ABC1-\xc3\xa9");
    ck_assert_ptr_eq(CharUpperW(w), w);
    ck_assert(wide_eq(w, u"X\u00c9\u0424\u0102"));
    ck_assert_ptr_eq(CharLowerW(w), w);
    ck_assert(wide_eq(w, u"x\u00e9\u0444\u0103"));
}
END_TEST

START_TEST(test_char_upper_of_a_character_value_converts_that_character)
{
    ck_assert_ptr_eq(CharUpperA((LPSTR)(ULONG_PTR)'x'), (LPSTR)(ULONG_PTR)'X');
    ck_assert_ptr_eq(CharLowerW((LPWSTR)(ULONG_PTR)0xC9), (LPWSTR)(ULONG_PTR)0xE9);
}
END_TEST

START_TEST(test_char_lower_buff_converts_count_characters)
{
    char s[] = "ABCD";

    ck_assert_uint_eq(CharLowerBuffA(s, 2), 2);
    ck_assert_str_eq(s, "abCD");
    ck_assert_uint_eq(CharUpperBuffA(s, 4), 4);
    ck_assert_str_eq(s, "ABCD");
}
END_TEST

struct pair {
    int a;
    long long b;
};

START_TEST(test_classic_macros_have_windows_meaning)
{
    struct pair p, *back;
    char buf[4] = "abc";

    ck_assert_uint_eq((DWORD)MAKELONG(0x1234, 0xABCD), 0xABCD1234u);
    ck_assert_uint_eq(LOWORD(0xABCD1234u), 0x1234);
    ck_assert_uint_eq(HIWORD(0xABCD1234u), 0xABCD);
    ck_assert_uint_eq(MAKEWORD(0x12, 0x34), 0x3412);
    ck_assert_uint_eq(LOBYTE(0x3412), 0x12);
    ck_assert_uint_eq(HIBYTE(0x3412), 0x34);
    ck_assert_int_eq(max(3, 7), 7);
    ck_assert_int_eq(min(3, 7), 3);
    ck_assert_uint_eq(ARRAYSIZE(buf), 4);
    ck_assert_uint_eq(_countof(buf), 4);
    ck_assert_int_eq(FIELD_OFFSET(struct pair, b), 8);
    back = CONTAINING_RECORD(&p.b, struct pair, b);
    ck_assert_ptr_eq(back, &p);
    ZeroMemory(buf, 2);
    ck_assert_int_eq(buf[1], 0);
    FillMemory(buf, 3, 'z');
    CopyMemory(buf, "q", 1);
    MoveMemory(buf + 1, buf, 2);
    ck_assert_str_eq(buf, "qqz");
    ck_assert_ptr_eq(SecureZeroMemory(buf, 3), buf);
    ck_assert_int_eq(buf[2], 0);
    ck_assert_uint_eq(MAX_PATH, 260);
    ck_assert_uint_eq(INFINITE, 0xFFFFFFFFu);
    ck_assert_uint_eq(MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), 0x400);
}
END_TEST

static Suite *strings_suite(void)
{
    Suite *s = suite_create("strings");
    TCase *safe = tcase_create("strsafe");
    TCase *lstr = tcase_create("lstr");

    tcase_add_test(safe, test_string_cch_copy_fits);
    tcase_add_test(safe, test_string_cch_copy_truncates_and_terminates);
    tcase_add_test(safe, test_string_cch_copy_rejects_zero_and_huge_counts);
    tcase_add_test(safe, test_string_cch_copy_w_handles_16_bit_strings);
    tcase_add_test(safe, test_string_cch_copy_n_copies_at_most_n);
    tcase_add_test(safe, test_string_cch_cat_appends_and_truncates);
    tcase_add_test(safe, test_string_cch_cat_rejects_an_unterminated_destination);
    tcase_add_test(safe, test_string_cb_cat_w_counts_bytes);
    tcase_add_test(safe, test_string_cch_length_measures_within_the_limit);
    tcase_add_test(safe, test_string_cch_printf_formats_with_windows_sizes);
    tcase_add_test(safe, test_string_cch_printf_truncates_and_terminates);
    tcase_add_test(safe, test_string_cch_printf_w_takes_wide_s_and_narrow_upper_s);
    tcase_add_test(safe, test_string_cch_copy_ex_reports_end_and_remaining);
    tcase_add_test(safe, test_string_cch_ex_flags_fill_null_and_keep);
    tcase_add_test(safe, test_tchar_maps_to_narrow_functions_without_unicode);
    suite_add_tcase(s, safe);

    tcase_add_test(lstr, test_lstrlen_of_null_is_zero);
    tcase_add_test(lstr, test_lstrcpyn_copies_count_minus_one_and_terminates);
    tcase_add_test(lstr, test_lstrcpy_and_lstrcat_build_strings);
    tcase_add_test(lstr, test_lstrcpy_null_fails_with_invalid_parameter);
    tcase_add_test(lstr, test_lstrcmp_sorts_as_windows_word_sort);
    tcase_add_test(lstr, test_lstrcmpi_ignores_case);
    tcase_add_test(lstr, test_char_upper_converts_in_place);
    tcase_add_test(lstr, test_char_upper_of_a_character_value_converts_that_character);
    tcase_add_test(lstr, test_char_lower_buff_converts_count_characters);
    tcase_add_test(lstr, test_classic_macros_have_windows_meaning);
    suite_add_tcase(s, lstr);
    return s;
}

W32_TEST_MAIN(strings_suite)
