/* The UTF-8/UTF-16 codec: text decoding, lossless names, and every user agreeing with it. */
#include <string.h>
#include <strsafe.h>
#include <w32shim_wchar.h>
#include "testutil.h"
#include "unicode.h"

#define MAX_UNITS 32

/* One input and the UTF-16 it decodes to, as text and as a name. */
struct decode_case {
    const char *bytes;
    WCHAR text[MAX_UNITS];
    WCHAR name[MAX_UNITS];
};

static const struct decode_case decode_cases[] = {
    { "", { 0 }, { 0 } },
    { "abc", u"abc", u"abc" },
    { "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", u"\u00e9\u20ac\U0001F600", u"\u00e9\u20ac\U0001F600" },
    /* Unicode's example of maximal subparts (chapter 3, U+FFFD substitution) */
    { "a\xf1\x80\x80\xe1\x80\xc2" "b\x80" "c\x80\xbf" "d",
      { 'a', 0xFFFD, 0xFFFD, 0xFFFD, 'b', 0xFFFD, 'c', 0xFFFD, 0xFFFD, 'd' },
      { 'a', 0xDCF1, 0xDC80, 0xDC80, 0xDCE1, 0xDC80, 0xDCC2, 'b', 0xDC80, 'c', 0xDC80, 0xDCBF,
        'd' } },
    /* overlong forms */
    { "\xc0\xaf", { 0xFFFD, 0xFFFD }, { 0xDCC0, 0xDCAF } },
    { "\xe0\x80\xaf", { 0xFFFD, 0xFFFD, 0xFFFD }, { 0xDCE0, 0xDC80, 0xDCAF } },
    { "\xf0\x80\x80\xaf", { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD }, { 0xDCF0, 0xDC80, 0xDC80, 0xDCAF } },
    /* past U+10FFFF, and bytes that never start a sequence */
    { "\xf4\x90\x80\x80", { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD }, { 0xDCF4, 0xDC90, 0xDC80, 0xDC80 } },
    { "\xf5\xff", { 0xFFFD, 0xFFFD }, { 0xDCF5, 0xDCFF } },
    /* a truncated sequence at the end is one maximal subpart */
    { "x\xe2\x82", { 'x', 0xFFFD }, { 'x', 0xDCE2, 0xDC82 } },
    /* WTF-8 surrogates: ill-formed text; names decode them unless they would pair */
    { "\xed\xa0\x80", { 0xFFFD, 0xFFFD, 0xFFFD }, { 0xD800 } },
    { "\xed\xb0\x80z", { 0xFFFD, 0xFFFD, 0xFFFD, 'z' }, { 0xDC00, 'z' } },
    { "\xed\xa0\x80\xed\xa0\x81x", { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 'x' },
      { 0xD800, 0xD801, 'x' } },
    { "\xed\xa0\x80\xed\xb0\x80",
      { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD },
      { 0xDCED, 0xDCA0, 0xDC80, 0xDC00 } },
    { "\xed\xa0\x80\xff", { 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD }, { 0xDCED, 0xDCA0, 0xDC80, 0xDCFF } },
    { "\xed\xa0\x80\xf0\x9f\x98\x80", { 0xFFFD, 0xFFFD, 0xFFFD, 0xD83D, 0xDE00 },
      { 0xD800, 0xD83D, 0xDE00 } },
    /* the WTF-8 form of a byte escape is itself escaped, byte by byte */
    { "\xed\xb3\xa9", { 0xFFFD, 0xFFFD, 0xFFFD }, { 0xDCED, 0xDCB3, 0xDCA9 } },
};

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

static void assert_units(const WCHAR *got, size_t n, const WCHAR *want, size_t i)
{
    ck_assert_msg(n == wlen(want), "case %zu: %zu units, expected %zu", i, n, wlen(want));
    for (size_t k = 0; k < n; k++)
        ck_assert_msg(got[k] == want[k], "case %zu unit %zu: %04x, expected %04x", i, k, got[k],
                      want[k]);
}

START_TEST(test_text_decoding_replaces_each_maximal_ill_formed_subpart)
{
    for (size_t i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
        const struct decode_case *c = &decode_cases[i];
        WCHAR out[MAX_UNITS];
        size_t n = w32_utf8_to_utf16n(c->bytes, strlen(c->bytes), out);

        ck_assert_uint_eq(w32_utf8_to_utf16n(c->bytes, strlen(c->bytes), NULL), n);
        assert_units(out, n, c->text, i);
    }
}
END_TEST

START_TEST(test_name_decoding_escapes_bytes_and_keeps_lone_surrogates)
{
    for (size_t i = 0; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
        const struct decode_case *c = &decode_cases[i];
        WCHAR out[MAX_UNITS];
        char back[MAX_UNITS * 3];
        size_t n = w32_name_to_utf16n(c->bytes, strlen(c->bytes), out);

        ck_assert_uint_eq(w32_name_to_utf16n(c->bytes, strlen(c->bytes), NULL), n);
        assert_units(out, n, c->name, i);
        ck_assert_uint_eq(w32_name_from_utf16n(out, n, back), strlen(c->bytes));
        ck_assert(memcmp(back, c->bytes, strlen(c->bytes)) == 0);
    }
}
END_TEST

/* Every string of up to four of these bytes comes back from a name round trip. */
static const unsigned char interesting_bytes[] = {
    'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xa9, 0xaf, 0xb0, 0xb3, 0xbf,
    0xc0, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
};
#define NBYTES (sizeof(interesting_bytes))

START_TEST(test_every_byte_string_round_trips_through_utf16)
{
    char in[4], back[16];
    WCHAR units[8];

    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++)
            total *= NBYTES;
        for (size_t v = 0; v < total; v++) {
            size_t x = v;
            for (size_t k = 0; k < len; k++, x /= NBYTES)
                in[k] = (char)interesting_bytes[x % NBYTES];
            size_t n = w32_name_to_utf16n(in, len, units);
            /* one assertion for the loop: Check records each one it runs */
            if (n > len || w32_name_from_utf16n(units, n, back) != len ||
                memcmp(in, back, len) != 0)
                ck_abort_msg("bytes %zu of length %zu do not round-trip", v, len);
        }
    }
}
END_TEST

/* Every UTF-16 string of up to four of these units comes back too (the byte
 * escapes U+DC80..U+DCFF, which stand for bytes, excepted). */
static const WCHAR interesting_units[] = {
    'a', 0x7f, 0xe9, 0x7ff, 0x800, 0xfffd, 0xffff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xdc7f,
    0xdd00, 0xde00, 0xdfff,
};
#define NUNITS (sizeof(interesting_units) / sizeof(interesting_units[0]))

START_TEST(test_every_utf16_string_round_trips_through_names)
{
    WCHAR in[4], back[16];
    char bytes[16];

    for (size_t len = 1; len <= 4; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++)
            total *= NUNITS;
        for (size_t v = 0; v < total; v++) {
            size_t x = v;
            for (size_t k = 0; k < len; k++, x /= NUNITS)
                in[k] = interesting_units[x % NUNITS];
            size_t n = w32_name_from_utf16n(in, len, bytes);
            if (w32_name_to_utf16n(bytes, n, back) != len ||
                memcmp(in, back, len * sizeof(WCHAR)) != 0)
                ck_abort_msg("units %zu of length %zu do not round-trip", v, len);
        }
    }
}
END_TEST

START_TEST(test_text_encoding_replaces_unpaired_surrogates)
{
    const WCHAR s[] = { 'a', 0xD83D, 0xDE00, 0xD800, 'b', 0xDC00 };
    char out[16];

    ck_assert_uint_eq(w32_utf16_to_utf8n(s, 6, NULL), 12);
    ck_assert_uint_eq(w32_utf16_to_utf8n(s, 6, out), 12);
    ck_assert(memcmp(out, "a\xf0\x9f\x98\x80\xef\xbf\xbd" "b\xef\xbf\xbd", 12) == 0);
}
END_TEST

START_TEST(test_prefix_counts_the_bytes_of_whole_characters)
{
    const char *s = "a\xf0\x9f\x98\x80\xff" "b";

    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 0), 0);
    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 1), 1);
    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 2), 1);    /* a pair is not split */
    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 3), 5);
    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 4), 6);
    ck_assert_uint_eq(w32_utf8_prefix(s, strlen(s), 9), 7);
}
END_TEST

/* ---- every user of the codec agrees with it ---- */

START_TEST(test_multibyte_to_wide_char_decodes_as_the_codec)
{
    for (size_t i = 1; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
        const struct decode_case *c = &decode_cases[i];
        WCHAR out[MAX_UNITS];
        int n = MultiByteToWideChar(CP_UTF8, 0, c->bytes, (int)strlen(c->bytes), out, MAX_UNITS);

        assert_units(out, (size_t)n, c->text, i);
    }
}
END_TEST

/* wsprintfW, StringCchPrintfW and swprintf turn a narrow %S/%hs argument into
 * what MultiByteToWideChar gives. */
START_TEST(test_printf_engines_decode_narrow_strings_as_the_codec)
{
    for (size_t i = 1; i < sizeof(decode_cases) / sizeof(decode_cases[0]); i++) {
        const struct decode_case *c = &decode_cases[i];
        WCHAR out[MAX_UNITS + 8];
        int n;

        n = wsprintfW(out, u"%S", c->bytes);
        assert_units(out, (size_t)n, c->text, i);
        ck_assert_int_eq(StringCchPrintfW(out, MAX_UNITS + 8, u"%hs", c->bytes), S_OK);
        assert_units(out, wlen(out), c->text, i);
        n = w32shim_swprintf(out, MAX_UNITS + 8, u"%hs", c->bytes);
        assert_units(out, (size_t)n, c->text, i);
    }
}
END_TEST

START_TEST(test_lstrcmp_tells_different_ill_formed_strings_apart)
{
    ck_assert_int_ne(lstrcmpA("\xff", "\xfe"), 0);
    ck_assert_int_eq(lstrcmpA("\xff", "\xfe"), -lstrcmpA("\xfe", "\xff"));
    ck_assert_int_ne(lstrcmpA("a\xc0", "a\xc1"), 0);
    ck_assert_int_ne(lstrcmpiA("\x80", "\x81"), 0);
    ck_assert_int_eq(lstrcmpA("\xff", "\xff"), 0);
    ck_assert_int_ne(lstrcmpW((const WCHAR[]){ 0xD800, 0 }, (const WCHAR[]){ 0xD801, 0 }), 0);
}
END_TEST

static Suite *unicode_suite(void)
{
    Suite *s = suite_create("unicode");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_text_decoding_replaces_each_maximal_ill_formed_subpart);
    tcase_add_test(tc, test_name_decoding_escapes_bytes_and_keeps_lone_surrogates);
    tcase_add_test(tc, test_every_byte_string_round_trips_through_utf16);
    tcase_add_test(tc, test_every_utf16_string_round_trips_through_names);
    tcase_add_test(tc, test_text_encoding_replaces_unpaired_surrogates);
    tcase_add_test(tc, test_prefix_counts_the_bytes_of_whole_characters);
    tcase_add_test(tc, test_multibyte_to_wide_char_decodes_as_the_codec);
    tcase_add_test(tc, test_printf_engines_decode_narrow_strings_as_the_codec);
    tcase_add_test(tc, test_lstrcmp_tells_different_ill_formed_strings_apart);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(unicode_suite)
