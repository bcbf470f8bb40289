/*
 * Conformance: MultiByteToWideChar and WideCharToMultiByte with CP_UTF8, and
 * CP_ACP on ASCII text (CP_ACP is UTF-8 under w32shim, usually 1252 under
 * Wine). Sources: MS docs of both functions; Wine's
 * dlls/kernel32/tests/codepage.c (negative lengths, NULL sources, the
 * default-character rules).
 */
#include "conformance.h"

static int wide_equal(const WCHAR *a, const WCHAR *b, int n)
{
    return memcmp(a, b, (size_t)n * sizeof(WCHAR)) == 0;
}

static void test_utf8_to_utf16_round_trip(void)
{
    /* "aé€😀": 1, 2, 3 and 4 bytes; the last is a surrogate pair. */
    static const char utf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    static const WCHAR utf16[] = { 'a', 0xe9, 0x20ac, 0xd83d, 0xde00, 0 };
    WCHAR wide[16];
    char narrow[16];
    int n;

    SetLastError(0xdeadbeef);
    n = MultiByteToWideChar(CP_UTF8, 0, utf8, -1, wide, 16);
    ok(n == 6, "MultiByteToWideChar gave %d", n);
    ok(wide_equal(wide, utf16, 6), "wrong UTF-16");
    ok(GetLastError() == 0xdeadbeef, "last error changed");
    n = WideCharToMultiByte(CP_UTF8, 0, utf16, -1, narrow, 16, NULL, NULL);
    ok(n == (int)sizeof(utf8), "WideCharToMultiByte gave %d", n);
    ok(strcmp(narrow, utf8) == 0, "wrong UTF-8");
    ok(GetLastError() == 0xdeadbeef, "last error changed");
}

static void test_zero_output_size_returns_the_size_needed(void)
{
    static const WCHAR text[] = { 'a', 0xe9, 0 };

    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "a\xc3\xa9", -1, NULL, 0) == 3, "-1 counts the NUL");
    ok(MultiByteToWideChar(CP_UTF8, 0, "a\xc3\xa9", 3, NULL, 0) == 2, "an explicit length");
    ok(WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL) == 4, "-1 counts the NUL");
    ok(WideCharToMultiByte(CP_UTF8, 0, text, 2, NULL, 0, NULL, NULL) == 3, "an explicit length");
    ok(GetLastError() == 0xdeadbeef, "last error changed");
}

/* Wine's test_negative_source_length: any negative length is -1. */
static void test_any_negative_source_length_means_up_to_the_nul(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];

    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", -2002, wide, 8) == 4, "MultiByteToWideChar(-2002)");
    ok(WideCharToMultiByte(CP_UTF8, 0, foo, -2002, narrow, 8, NULL, NULL) == 4,
       "WideCharToMultiByte(-2002)");
    ok(strcmp(narrow, "foo") == 0, "got %s", narrow);
}

static void test_explicit_length_adds_no_nul(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8] = { 'x', 'x', 'x', 'x', 'x' };
    char narrow[8] = "xxxxx";

    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", 3, wide, 8) == 3, "3 characters");
    ok(wide[3] == 'x', "a terminator was written");
    ok(WideCharToMultiByte(CP_UTF8, 0, foo, 3, narrow, 8, NULL, NULL) == 3, "3 bytes");
    ok(narrow[3] == 'x', "a terminator was written");
}

static void test_small_buffer_is_insufficient(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];

    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", -1, wide, 3) == 0, "no room for the NUL");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, 0, foo, -1, narrow, 3, NULL, NULL) == 0, "no room for the NUL");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu", (unsigned long)GetLastError());
}

static void test_bad_parameters(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];
    char both[16] = "foo";

    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, NULL, -1, wide, 8) == 0, "NULL source");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, 0, NULL, -1, narrow, 8, NULL, NULL) == 0, "NULL source");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", 0, wide, 8) == 0, "zero source length");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, 0, foo, 0, narrow, 8, NULL, NULL) == 0, "zero source length");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", -1, NULL, 8) == 0, "NULL output, size 8");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, 0, foo, -1, NULL, 8, NULL, NULL) == 0, "NULL output, size 8");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    /* MS docs: the two buffers must not be the same; ReactOS's MultiByteToWideChar
     * test records ERROR_INVALID_PARAMETER on Windows 10. Wine 8 converts. */
    SetLastError(0xdeadbeef);
    todo_wine_ok(MultiByteToWideChar(CP_UTF8, 0, both, -1, (LPWSTR)both, 8) == 0, "same buffer");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
                 (unsigned long)GetLastError());
    memcpy(both, foo, sizeof(foo));
    SetLastError(0xdeadbeef);
    todo_wine_ok(WideCharToMultiByte(CP_UTF8, 0, (LPCWSTR)both, -1, both, 16, NULL, NULL) == 0,
                 "same buffer");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
                 (unsigned long)GetLastError());
    /* Wine's test_negative_dest_length: todo_wine there, Windows fails. */
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, 0, "foo", -1, wide, -1) == 0, "negative output size");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

static void test_unknown_code_page_is_a_parameter_error(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];

    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(12345, 0, "foo", -1, wide, 8) == 0, "code page 12345");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(12345, 0, foo, -1, narrow, 8, NULL, NULL) == 0, "code page 12345");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

/* MS docs: for CP_UTF8 the flags must be 0 or the *_ERR_INVALID_CHARS flag,
 * "Otherwise, the function fails with ERROR_INVALID_FLAGS". Wine 8 accepts them. */
static void test_utf8_rejects_other_flags(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];

    SetLastError(0xdeadbeef);
    todo_wine_ok(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "foo", -1, wide, 8) == 0,
                 "MB_PRECOMPOSED");
    todo_wine_ok(GetLastError() == ERROR_INVALID_FLAGS, "error %lu",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS, foo, -1, narrow, 8, NULL,
                                     NULL) == 0, "WC_NO_BEST_FIT_CHARS");
    todo_wine_ok(GetLastError() == ERROR_INVALID_FLAGS, "error %lu",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "foo", -1, wide, 8) == 4,
       "MB_ERR_INVALID_CHARS");
    ok(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, foo, -1, narrow, 8, NULL, NULL) == 4,
       "WC_ERR_INVALID_CHARS");
    ok(GetLastError() == 0xdeadbeef, "last error changed");
}

/* MS docs and Wine's test_other_invalid_parameters (a plain ok there, so
 * Windows passes it): UTF-8 has no default character. Wine 8 accepts one. */
static void test_utf8_default_char_is_a_parameter_error(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    char narrow[8];
    BOOL used;

    SetLastError(0xdeadbeef);
    todo_wine_ok(WideCharToMultiByte(CP_UTF8, 0, foo, -1, narrow, 8, "?", NULL) == 0, "lpDefaultChar");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(WideCharToMultiByte(CP_UTF8, 0, foo, -1, narrow, 8, NULL, &used) == 0,
       "lpUsedDefaultChar");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    /* The parameter error comes before the flags error. */
    SetLastError(0xdeadbeef);
    todo_wine_ok(WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS, foo, -1, narrow, 8, NULL, &used) == 0,
       "both wrong");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

struct bad_utf8 {
    const char *bytes;
    int len;
    int replacements;       /* U+FFFD in the output, one per maximal bad subsequence */
};

/* Each ill-formed sequence becomes U+FFFD; "x" after it survives. The cases of
 * ReactOS's apitests/kernel32/MultiByteToWideChar.c, recorded on Windows 10. */
static void test_invalid_utf8_becomes_replacement_characters(void)
{
    static const struct bad_utf8 cases[] = {
        { "\x80x", 2, 1 },              /* a lone continuation byte */
        { "\xc3x", 2, 1 },              /* a truncated two-byte sequence */
        { "\xe2\x82x", 3, 1 },          /* a truncated three-byte sequence: one U+FFFD */
        { "\xc0\xafx", 3, 2 },          /* an overlong '/': two bytes that start nothing */
        { "\xe0\xc0x", 3, 2 },          /* a lead byte, then a byte that starts nothing */
        { "\xc0\xc0\x80x", 4, 3 },
        { "\xf8\xa3\xa3\xa3\xa3x", 6, 5 },  /* the old five-byte form */
        { "\xffx", 2, 1 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        WCHAR wide[16];
        int n, j;

        SetLastError(0xdeadbeef);
        n = MultiByteToWideChar(CP_UTF8, 0, cases[i].bytes, cases[i].len, wide, 16);
        ok(n == cases[i].replacements + 1, "case %d: %d characters", (int)i, n);
        for (j = 0; j < n - 1; j++)
            ok(wide[j] == 0xfffd, "case %d: character %d is %04x", (int)i, j, wide[j]);
        ok(n > 0 && wide[n - 1] == 'x', "case %d: the x is lost", (int)i);
        ok(GetLastError() == 0xdeadbeef, "case %d: last error changed", (int)i);
        SetLastError(0xdeadbeef);
        ok(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, cases[i].bytes, cases[i].len,
                               wide, 16) == 0, "case %d: accepted with MB_ERR_INVALID_CHARS",
           (int)i);
        ok(GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "case %d: error %lu", (int)i,
           (unsigned long)GetLastError());
    }
}

static void test_lone_surrogate_becomes_replacement_character(void)
{
    static const WCHAR lone[] = { 'a', 0xd800, 'b', 0xdc00, 0 };
    static const WCHAR pair[] = { 0xd83d, 0xde00, 0 };
    char narrow[16];
    int n;

    SetLastError(0xdeadbeef);
    n = WideCharToMultiByte(CP_UTF8, 0, lone, -1, narrow, 16, NULL, NULL);
    ok(n == 9, "%d bytes", n);
    ok(memcmp(narrow, "a\xef\xbf\xbd" "b\xef\xbf\xbd", 9) == 0, "wrong bytes");
    ok(GetLastError() == 0xdeadbeef, "last error changed");
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, -1, narrow, 16, NULL, NULL) == 0,
       "accepted with WC_ERR_INVALID_CHARS");
    ok(GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "error %lu",
       (unsigned long)GetLastError());
    /* A high surrogate that ends an explicit length is lone too. */
    SetLastError(0xdeadbeef);
    ok(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, pair, 1, narrow, 16,
                           NULL, NULL) == 0, "half a pair accepted");
    ok(GetLastError() == ERROR_NO_UNICODE_TRANSLATION, "error %lu",
       (unsigned long)GetLastError());
}

/* ASCII is the same in every ANSI code page; the A functions' code page is CP_ACP. */
static void test_acp_converts_ascii(void)
{
    static const WCHAR foo[] = { 'f', 'o', 'o', 0 };
    WCHAR wide[8];
    char narrow[8];
    BOOL used = TRUE;

    SetLastError(0xdeadbeef);
    ok(MultiByteToWideChar(CP_ACP, MB_PRECOMPOSED, "foo", -1, wide, 8) == 4, "CP_ACP");
    ok(wide_equal(wide, foo, 4), "wrong text");
    ok(MultiByteToWideChar(CP_THREAD_ACP, 0, "foo", -1, wide, 8) == 4, "CP_THREAD_ACP");
    ok(MultiByteToWideChar(CP_OEMCP, 0, "foo", -1, wide, 8) == 4, "CP_OEMCP");
    ok(WideCharToMultiByte(CP_ACP, 0, foo, -1, narrow, 8, NULL, &used) == 4, "CP_ACP");
    ok(strcmp(narrow, "foo") == 0 && !used, "%s, used %d", narrow, used);
    ok(GetLastError() == 0xdeadbeef, "last error changed");
}

/* A thread's locale is a valid LCID, the same in every thread at first. */
static DWORD WINAPI thread_locale(LPVOID arg)
{
    *(LCID *)arg = GetThreadLocale();
    return 0;
}

static void test_GetThreadLocale(void)
{
    LCID mine = GetThreadLocale(), other = 0;
    HANDLE t = CreateThread(NULL, 0, thread_locale, &other, 0, NULL);
    /* Waited for before ok(): its arguments may be read before its condition. */
    DWORD waited = t ? WaitForSingleObject(t, INFINITE) : WAIT_FAILED;

    ok(PRIMARYLANGID(LANGIDFROMLCID(mine)) != LANG_NEUTRAL && SORTIDFROMLCID(mine) == SORT_DEFAULT,
       "a specific language: %#lx", (unsigned long)mine);
    ok(waited == WAIT_OBJECT_0 && other == mine, "another thread's: %#lx", (unsigned long)other);
    CloseHandle(t);
}

/* GetACP and GetOEMCP name the code pages CP_ACP and CP_OEMCP convert with. */
static void test_GetACP_names_the_ansi_code_page(void)
{
    UINT acp = GetACP(), oem = GetOEMCP();
    CPINFOEXW ex;
    WCHAR wide[4];

    ok(IsValidCodePage(acp) && IsValidCodePage(oem), "GetACP %u and GetOEMCP %u are valid", acp,
       oem);
    ok(GetCPInfoExW(CP_ACP, 0, &ex) && ex.CodePage == acp, "CP_ACP is GetACP's code page");
    ok(GetCPInfoExW(CP_THREAD_ACP, 0, &ex) && ex.CodePage == acp, "so is CP_THREAD_ACP");
    ok(GetCPInfoExW(CP_OEMCP, 0, &ex) && ex.CodePage == oem, "CP_OEMCP is GetOEMCP's code page");
    ok(MultiByteToWideChar(acp, 0, "abc", -1, wide, 4) == 4 && wide[0] == 'a',
       "GetACP's code page converts");
    ok(!running_on_w32shim() || (acp == CP_UTF8 && oem == CP_UTF8), "w32shim: both are UTF-8");
}

static void test_IsValidCodePage(void)
{
    static const UINT aliases[] = { CP_ACP, CP_OEMCP, CP_MACCP, CP_THREAD_ACP };

    for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++) {
        SetLastError(0xdeadbeef);
        ok(!IsValidCodePage(aliases[i]) && GetLastError() == 0xdeadbeef,
           "the alias %u is no code page, and no error", aliases[i]);
    }
    SetLastError(0xdeadbeef);
    ok(IsValidCodePage(CP_UTF8) && GetLastError() == 0xdeadbeef, "CP_UTF8 is valid");
    SetLastError(0xdeadbeef);
    ok(!IsValidCodePage(12345) && GetLastError() == ERROR_INVALID_PARAMETER,
       "12345: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!IsValidCodePage(CP_SYMBOL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "CP_SYMBOL is no code page: ERROR_INVALID_PARAMETER");
}

static int all_zero(const BYTE *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}

static void test_GetCPInfo(void)
{
    CPINFO info;

    memset(&info, 0xcc, sizeof(info));
    SetLastError(0xdeadbeef);
    ok(GetCPInfo(CP_UTF8, &info) && GetLastError() == 0xdeadbeef, "CP_UTF8");
    ok(info.MaxCharSize == 4, "UTF-8: up to 4 bytes a character, got %u", info.MaxCharSize);
    ok(info.DefaultChar[0] == '?' && info.DefaultChar[1] == 0, "default character '?'");
    ok(all_zero(info.LeadByte, sizeof(info.LeadByte)), "no lead byte ranges");
    ok(GetCPInfo(CP_ACP, &info) && info.MaxCharSize >= 1 && info.DefaultChar[0] == '?',
       "CP_ACP");
    memset(&info, 0xcc, sizeof(info));
    SetLastError(0xdeadbeef);
    ok(!GetCPInfo(12345, &info) && GetLastError() == ERROR_INVALID_PARAMETER &&
       info.MaxCharSize == 0xccccccccu, "an unknown code page: ERROR_INVALID_PARAMETER, untouched");
    SetLastError(0xdeadbeef);
    ok(!GetCPInfo(CP_UTF8, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "NULL: ERROR_INVALID_PARAMETER");
}

static void test_GetCPInfoEx(void)
{
    static const char name[] = "65001 (UTF-8)";
    CPINFOEXW w;
    CPINFOEXA a;
    int same = 1;

    memset(&w, 0xcc, sizeof(w));
    ok(GetCPInfoExW(CP_UTF8, 0, &w), "GetCPInfoExW(CP_UTF8)");
    ok(w.MaxCharSize == 4 && w.DefaultChar[0] == '?' && w.DefaultChar[1] == 0 &&
       all_zero(w.LeadByte, sizeof(w.LeadByte)), "W: CPINFO's fields");
    ok(w.UnicodeDefaultChar == 0xfffd && w.CodePage == CP_UTF8, "W: U+FFFD and 65001");
    for (size_t i = 0; i < sizeof(name); i++)
        same &= w.CodePageName[i] == (WCHAR)name[i];
    ok(same, "W: the name \"%s\"", name);
    memset(&a, 0xcc, sizeof(a));
    ok(GetCPInfoExA(CP_UTF8, 0, &a), "GetCPInfoExA(CP_UTF8)");
    ok(a.MaxCharSize == 4 && a.UnicodeDefaultChar == 0xfffd && a.CodePage == CP_UTF8 &&
       strcmp(a.CodePageName, name) == 0, "A: the same, name %.20s", a.CodePageName);
    SetLastError(0xdeadbeef);
    ok(!GetCPInfoExW(12345, 0, &w) && GetLastError() == ERROR_INVALID_PARAMETER,
       "W: an unknown code page: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!GetCPInfoExA(12345, 0, &a) && GetLastError() == ERROR_INVALID_PARAMETER,
       "A: an unknown code page: ERROR_INVALID_PARAMETER");
    if (!running_on_w32shim())
        return;     /* Wine faults on NULL; w32shim fails as GetCPInfo does */
    SetLastError(0xdeadbeef);
    ok(!GetCPInfoExW(CP_UTF8, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "W: NULL: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!GetCPInfoExA(CP_UTF8, 0, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "A: NULL: ERROR_INVALID_PARAMETER");
}

/* The A form of name in the code page the file functions use now. */
static void file_api_name(const WCHAR *wname, char *name, int size)
{
    UINT cp = AreFileApisANSI() ? CP_ACP : CP_OEMCP;

    if (!WideCharToMultiByte(cp, 0, wname, -1, name, size, NULL, NULL))
        name[0] = 0;
}

/* An A function finds a file by its name in the code page AreFileApisANSI says. */
static void test_file_apis_code_page(void)
{
    WCHAR wname[MAX_PATH];
    char name[MAX_PATH * 2];
    HANDLE h;
    int n;

    ok(AreFileApisANSI(), "the ANSI code page at start");
    make_test_dir_for("codepage");
    n = MultiByteToWideChar(CP_ACP, 0, test_path("file-"), -1, wname, MAX_PATH - 8);
    ok(n > 0, "the directory's name");
    wname[n - 1] = 0xe9;        /* é, in 1252, 437 and UTF-8 alike */
    wname[n] = 0;
    h = CreateFileW(wname, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFileW");
    CloseHandle(h);

    SetFileApisToOEM();
    ok(!AreFileApisANSI(), "OEM after SetFileApisToOEM");
    file_api_name(wname, name, sizeof(name));
    ok(GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES, "OEM: the A name finds the file");
    SetFileApisToANSI();
    ok(AreFileApisANSI(), "ANSI after SetFileApisToANSI");
    file_api_name(wname, name, sizeof(name));
    ok(GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES, "ANSI: the A name finds the file");
    ok(DeleteFileW(wname), "DeleteFileW");
    ok(RemoveDirectoryA(conformance_dir), "RemoveDirectoryA");
}

CONFORMANCE_MAIN(test_GetThreadLocale, test_utf8_to_utf16_round_trip, test_zero_output_size_returns_the_size_needed,
                 test_any_negative_source_length_means_up_to_the_nul,
                 test_explicit_length_adds_no_nul, test_small_buffer_is_insufficient,
                 test_bad_parameters, test_unknown_code_page_is_a_parameter_error,
                 test_utf8_rejects_other_flags, test_utf8_default_char_is_a_parameter_error,
                 test_invalid_utf8_becomes_replacement_characters,
                 test_lone_surrogate_becomes_replacement_character, test_acp_converts_ascii,
                 test_GetACP_names_the_ansi_code_page, test_IsValidCodePage, test_GetCPInfo,
                 test_GetCPInfoEx, test_file_apis_code_page)
