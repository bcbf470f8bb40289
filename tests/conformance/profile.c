/*
 * Conformance: initialization files (GetPrivateProfile*, WritePrivateProfile*,
 * GetProfile*, WriteProfileString). Sources: MS docs of each function;
 * Wine's dlls/kernel32/tests/profile.c, which records Windows' answers
 * (number parsing, the buffer contract of strings and lists, the exact file
 * a write leaves, sharing with open handles).
 */
#define CONFORMANCE_CHILD profile_child
#include "conformance.h"

#include <stdlib.h>

static void write_file(const char *path, const char *data, DWORD size)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done = 0;

    ok(h != INVALID_HANDLE_VALUE, "cannot create %s", path);
    ok(WriteFile(h, data, size, &done, NULL) && done == size, "cannot write %s", path);
    CloseHandle(h);
}

/* Whether the file holds exactly size bytes of data. */
static int file_is(const char *path, const char *data, DWORD size)
{
    char buf[512];
    DWORD done = 0;
    HANDLE h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    ReadFile(h, buf, sizeof(buf), &done, NULL);
    CloseHandle(h);
    return done == size && memcmp(buf, data, size) == 0;
}

#define FILE_IS(path, text) file_is((path), (text), (DWORD)strlen(text))

/* A list as one string, its NULs as commas, up to the empty string that ends it. */
static const char *joined(const char *list)
{
    static char buf[256];
    size_t n = 0;

    for (const char *p = list; *p && n < sizeof(buf) - 64; p += strlen(p) + 1) {
        if (n)
            buf[n++] = ',';
        strcpy(buf + n, p);
        n += strlen(p);
    }
    buf[n] = 0;
    return buf;
}

static void test_int_parsing(void)
{
    static const struct {
        const char *value;
        INT def;
        UINT expect;
    } cases[] = {
        { NULL, -1, 4294967295u }, { NULL, 1, 1 },
        { "-1", -1, 4294967295u }, { "-1", 1, 4294967295u },
        { "1", -1, 1 }, { "+1", 1, 1 },
        { "4294967296", -1, 0 }, { "4294967297", 1, 1 },
        { "-4294967297", 1, 4294967295u },
        { "42A94967297", -1, 42 }, { "B4294967297", -1, 0 },
        { "  17  ", -1, 17 }, { "0x10", -1, 16 }, { "-0x10", -1, 0xfffffff0u },
        { "0x1G", -1, 1 }, { "010", -1, 10 }, { "", 5, 5 },
    };
    const char *path;
    WCHAR pathW[MAX_PATH];

    make_test_dir_for("profile-int");
    path = test_path("int.ini");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        UINT got;

        if (cases[i].value)
            ok(WritePrivateProfileStringA("Test", "Key", cases[i].value, path), "write %u", i);
        got = GetPrivateProfileIntA("Test", "Key", cases[i].def, path);
        ok(got == cases[i].expect, "case %u (%s): %u, expected %u", (unsigned)i,
           cases[i].value ? cases[i].value : "(none)", got, cases[i].expect);
    }
    ok(GetPrivateProfileIntA(NULL, NULL, -1, test_path("none.ini")) == 4294967295u,
       "no file: the default");
    ok(GetPrivateProfileIntA("Test", NULL, 7, test_path("none.ini")) == 7, "no keys: the default");
    ok(GetPrivateProfileIntW(W("test"), W("KEY"), 3, NULL) == 3, "win.ini: the default");
    ok(WritePrivateProfileStringA("Test", "Key", "\"12\"", path), "write quoted");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    ok(GetPrivateProfileIntW(W("TEST"), W("key"), 0, pathW) == 12, "W: quotes stripped");
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

static void test_key_names(void)
{
    static const char content[] = "[s]\r\nname1=val1\r\nname2=\r\nname3\r\nname4=val4\r\n";
    static const char content2[] = "\r\nkey=val_no_section\r\n[]\r\nkey=val_e_section\r\n"
                                   "[s]\r\n=val_no_key\r\n[t]\r\n";
    char buf[100];
    WCHAR bufW[100];
    WCHAR pathW[MAX_PATH];
    const char *path;
    DWORD ret;

    make_test_dir_for("profile-keys");
    path = test_path("keys.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    write_file(path, content, sizeof(content));

    /* A line without '=' is no key; "name2=" is one. */
    ret = GetPrivateProfileStringA("s", NULL, "", buf, sizeof(buf), path);
    ok(ret == 18 && !strcmp(joined(buf), "name1,name2,name4"), "keys %lu: %s",
       (unsigned long)ret, joined(buf));
    ok(WritePrivateProfileStringA("s", "name5", "val5", path), "add a key");
    ret = GetPrivateProfileStringA("s", NULL, "", buf, sizeof(buf), path);
    ok(ret == 24 && !strcmp(joined(buf), "name1,name2,name4,name5"), "keys %lu: %s",
       (unsigned long)ret, joined(buf));

    /* Lines before the first section belong to none; "[]" is a section named "". */
    write_file(path, content2, sizeof(content2));
    ret = GetPrivateProfileStringW(W(""), W("key"), W(""), bufW, 100, pathW);
    /* Wine reads the lines before the first section as the section "". */
    todo_wine_ok(ret == 13 && !lstrcmpW(bufW, W("val_e_section")), "[] key: %lu",
                 (unsigned long)ret);
    ret = GetPrivateProfileStringW(W("s"), W(""), W(""), bufW, 100, pathW);
    ok(ret == 10 && !lstrcmpW(bufW, W("val_no_key")), "empty key: %lu", (unsigned long)ret);
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

static void test_section(void)
{
    static const char content[] = "[section1]\r\nname1=val1\r\nname2=\r\nname3\r\nname4=val4\r\n"
                                  "[section2]\r\n[section3]\r\n=val5\r\n";
    char buf[100];
    WCHAR bufW[100], pathW[MAX_PATH];
    const char *path;
    DWORD ret;

    make_test_dir_for("profile-section");
    path = test_path("section.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    write_file(path, content, sizeof(content));

    SetLastError(0xdeadbeef);
    ok(GetPrivateProfileSectionA(NULL, NULL, 0, NULL) == 0 &&
           GetLastError() == ERROR_INVALID_PARAMETER, "all NULL: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(GetPrivateProfileSectionA("section1", NULL, 0, path) == 0 &&
           GetLastError() == ERROR_INVALID_PARAMETER, "NULL buffer: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(GetPrivateProfileSectionA(NULL, buf, sizeof(buf), path) == 0 &&
           GetLastError() == ERROR_INVALID_PARAMETER, "NULL section: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(GetPrivateProfileSectionW(NULL, bufW, 100, pathW) == 0 &&
           GetLastError() == ERROR_INVALID_PARAMETER, "W NULL section: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ret = GetPrivateProfileSectionA("section1", buf, sizeof(buf), test_path("none.ini"));
    ok(ret == 0 && buf[0] == 0, "no file: an empty list, %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "no file: ERROR_FILE_NOT_FOUND");

    SetLastError(0xdeadbeef);
    ret = GetPrivateProfileSectionA("section2", buf, sizeof(buf), path);
    ok(ret == 0 && GetLastError() == ERROR_SUCCESS, "empty section: 0, ERROR_SUCCESS");
    SetLastError(0xdeadbeef);
    ret = GetPrivateProfileSectionA("SECTION1", buf, sizeof(buf), path);
    ok(ret == 35 && buf[ret - 1] == 0 && buf[ret] == 0 &&
           !strcmp(joined(buf), "name1=val1,name2=,name3,name4=val4"),
       "section1 %lu: %s", (unsigned long)ret, joined(buf));
    ok(GetLastError() == ERROR_SUCCESS, "section1: ERROR_SUCCESS");
    ret = GetPrivateProfileSectionA("section3", buf, sizeof(buf), path);
    ok(ret == 6 && !strcmp(buf, "=val5") && buf[6] == 0, "section3 %lu: %s",
       (unsigned long)ret, buf);

    /* Too small: cut to nSize - 2, two NULs. */
    memset(buf, 0xcc, sizeof(buf));
    ret = GetPrivateProfileSectionA("section1", buf, 24, path);
    ok(ret == 22 && buf[22] == 0 && buf[23] == 0 &&
           !memcmp(buf, "name1=val1\0name2=\0name\0", 23), "cut %lu", (unsigned long)ret);
    memset(buf, 0xcc, sizeof(buf));
    ret = GetPrivateProfileSectionA("section1", buf, 5, path);
    ok(ret == 3 && !memcmp(buf, "nam\0\0", 5), "cut to 5: %lu", (unsigned long)ret);

    ret = GetPrivateProfileSectionW(W("section1"), bufW, 100, pathW);
    ok(ret == 35 && !lstrcmpW(bufW, W("name1=val1")) && bufW[34] == 0 && bufW[35] == 0,
       "W section1 %lu", (unsigned long)ret);
    memset(bufW, 0xcc, sizeof(bufW));
    ret = GetPrivateProfileSectionW(W("section1"), bufW, 24, pathW);
    ok(ret == 22 && bufW[22] == 0 && bufW[23] == 0 && bufW[21] == 'e', "W cut %lu",
       (unsigned long)ret);
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

static void test_section_names(void)
{
    static const char content[] = "[section1]\r\n[section2]\r\n[section3]\r\n";
    char buf[100];
    WCHAR bufW[100], pathW[MAX_PATH], noneW[MAX_PATH];
    const char *path;
    DWORD ret;

    make_test_dir_for("profile-names");
    path = test_path("names.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    MultiByteToWideChar(CP_ACP, 0, test_path("none.ini"), -1, noneW, MAX_PATH);
    write_file(path, content, sizeof(content));

    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileSectionNamesA(buf, 29, path);
    ok(ret == 27 && buf[26] == 0 && buf[27] == 0, "room to spare: %lu", (unsigned long)ret);
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileSectionNamesA(buf, 28, path);
    ok(ret == 26, "exactly the size: cut, %lu", (unsigned long)ret);
    /* Wine ends a cut list with one NUL where Windows writes two. */
    todo_wine_ok(buf[26] == 0 && buf[27] == 0, "exactly the size: two NULs");
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileSectionNamesA(buf, 27, path);
    ok(ret == 25, "one short: %lu", (unsigned long)ret);
    todo_wine_ok(!memcmp(buf, "section1\0section2\0section\0\0", 27), "one short: two NULs");
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileSectionNamesA(buf, 5, path);
    ok(ret == 3 && !memcmp(buf, "sec\0", 4), "five: %lu", (unsigned long)ret);
    todo_wine_ok(buf[4] == 0, "five: two NULs");
    ok(GetPrivateProfileSectionNamesA(buf, 0, path) == 0, "zero size");

    memset(bufW, 0xcc, sizeof(bufW));
    ret = GetPrivateProfileSectionNamesW(bufW, 29, pathW);
    ok(ret == 27 && bufW[26] == 0 && bufW[27] == 0, "W room to spare: %lu", (unsigned long)ret);
    memset(bufW, 0xcc, sizeof(bufW));
    ret = GetPrivateProfileSectionNamesW(bufW, 28, pathW);
    ok(ret == 26 && bufW[26] == 0 && bufW[27] == 0, "W exactly the size: %lu",
       (unsigned long)ret);
    memset(bufW, 0xcc, sizeof(bufW));
    ret = GetPrivateProfileSectionNamesW(bufW, 27, pathW);
    ok(ret == 25 && bufW[25] == 0 && bufW[26] == 0, "W one short: %lu", (unsigned long)ret);

    /* No file: one NUL, not two. */
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileSectionNamesA(buf, 10, test_path("none.ini"));
    ok(ret == 0 && buf[0] == 0 && buf[1] != 0, "no file: %lu", (unsigned long)ret);
    memset(bufW, 0xcc, sizeof(bufW));
    ret = GetPrivateProfileSectionNamesW(bufW, 10, noneW);
    ok(ret == 0 && bufW[0] == 0 && bufW[1] != 0, "W no file: %lu", (unsigned long)ret);
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

#define EXPECT_STRING(ret_expect, text, call) \
    do { \
        DWORD r_; \
        memset(buf, 0xc, sizeof(buf)); \
        strcpy(buf, "kumquat"); \
        r_ = (call); \
        ok(r_ == (ret_expect) && !strcmp(buf, (text)), "%s: %lu \"%s\"", #call, \
           (unsigned long)r_, buf); \
    } while (0)

static void check_get_string(const char *content, const char *what)
{
    char buf[MAX_PATH], def[MAX_PATH], empty[MAX_PATH] = "";
    const char *path = test_path("get.ini");
    char name[MAX_PATH];
    DWORD ret;

    write_file(path, content, (DWORD)strlen(content));
    (void)what;

    /* NULL section: the section names. */
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileStringA(NULL, "name1", "default", buf, MAX_PATH, path);
    ok(ret == 18 && !memcmp(buf, "section1\0section2\0\0", 19), "%s: names %lu", what,
       (unsigned long)ret);
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileStringA(NULL, "name1", "default", buf, 16, path);
    /* Wine cuts lists at a whole string. */
    ok(ret == 14, "%s: names cut %lu", what, (unsigned long)ret);
    todo_wine_ok(!memcmp(buf, "section1\0secti\0\0", 16), "%s: names cut mid-name", what);

    EXPECT_STRING(7, "default", GetPrivateProfileStringA(empty, "name1", "default", buf,
                                                         MAX_PATH, path));
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("notasection", "name1", "default", buf,
                                                         MAX_PATH, path));
    EXPECT_STRING(0, "", GetPrivateProfileStringA(empty, "name1", NULL, buf, MAX_PATH, path));
    EXPECT_STRING(0, "", GetPrivateProfileStringA(empty, "name1", "", buf, MAX_PATH, path));
    strcpy(def, "default  ");
    EXPECT_STRING(7, "default", GetPrivateProfileStringA(empty, "name1", def, buf, MAX_PATH,
                                                         path));
    ok(!strcmp(def, "default  "), "the default is not changed");
    strcpy(def, "one two  ");
    EXPECT_STRING(7, "one two", GetPrivateProfileStringA(empty, "name1", def, buf, MAX_PATH,
                                                         path));
    EXPECT_STRING(7, "one two", GetPrivateProfileStringA(empty, "name1", "one two", buf,
                                                         MAX_PATH, path));
    ok(!empty[0] && !empty[1], "the empty name is not changed");

    /* NULL key: the keys of the section. */
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileStringA("section1", NULL, "default", buf, MAX_PATH, path);
    ok(ret == 18 && !memcmp(buf, "name1\0name2\0name4\0\0", 19), "%s: keys %lu", what,
       (unsigned long)ret);
    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileStringA("section1", NULL, "default", buf, 16, path);
    ok(ret == 14, "%s: keys cut %lu", what, (unsigned long)ret);
    todo_wine_ok(!memcmp(buf, "name1\0name2\0na\0\0", 16), "%s: keys cut mid-name", what);
    /* No keys: the default. */
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("nosection", NULL, "default", buf,
                                                         MAX_PATH, path));
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section2", NULL, "default", buf,
                                                         MAX_PATH, path));

    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", empty, "default", buf,
                                                         MAX_PATH, path));
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", "notakey", "default", buf,
                                                         MAX_PATH, path));
    EXPECT_STRING(0, "", GetPrivateProfileStringA("section1", empty, NULL, buf, MAX_PATH,
                                                  path));

    /* The file: NULL is win.ini, "" the Windows directory, a missing one nothing. */
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                         MAX_PATH, NULL));
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                         MAX_PATH, ""));
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                         MAX_PATH, test_path("nonexistent")));

    /* The buffer contract of one string. */
    strcpy(buf, "kumquat");
    ok(GetPrivateProfileStringA("section1", "name1", "default", buf, 0, path) == 0 &&
           !strcmp(buf, "kumquat"), "%s: size 0 leaves the buffer", what);
    EXPECT_STRING(3, "val", GetPrivateProfileStringA("section1", "name1", "default", buf, 4,
                                                     path));
    EXPECT_STRING(4, "val1", GetPrivateProfileStringA("section1", "name1", "default", buf, 5,
                                                      path));
    EXPECT_STRING(1, "a", GetPrivateProfileStringA("section1", "name4", "default", buf,
                                                   MAX_PATH, path));
    EXPECT_STRING(0, "", GetPrivateProfileStringA("section1", "name4", "default", buf, 1,
                                                  path));
    EXPECT_STRING(3, "def", GetPrivateProfileStringA("section1", "nokey", "default", buf, 4,
                                                     path));

    /* Quotes stripped, names without regard to case. */
    EXPECT_STRING(4, "val2", GetPrivateProfileStringA("section1", "name2", "default", buf,
                                                      MAX_PATH, path));
    EXPECT_STRING(4, "val1", GetPrivateProfileStringA("SECTION1", "NaMe1", "default", buf,
                                                      MAX_PATH, path));
    EXPECT_STRING(4, "val1", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                      MAX_PATH, path));

    /* A name without a path is in the Windows directory, not the current one. */
    GetCurrentDirectoryA(MAX_PATH, name);
    SetCurrentDirectoryA(conformance_dir);
    EXPECT_STRING(7, "default", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                         MAX_PATH, "get.ini"));
    EXPECT_STRING(4, "val1", GetPrivateProfileStringA("section1", "name1", "default", buf,
                                                      MAX_PATH, ".\\get.ini"));
    SetCurrentDirectoryA(name);

    memset(buf, 0xc, sizeof(buf));
    ret = GetPrivateProfileStringA("section2", "DoesntExist", "", buf, MAX_PATH, path);
    ok(ret == 0 && buf[0] == 0, "%s: empty section, empty default", what);
    ok(DeleteFileA(path), "delete");
}

static void test_get_string(void)
{
    make_test_dir_for("profile-get");
    check_get_string("[section1]\r\nname1=val1\r\nname2=\"val2\"\r\nname3\r\nname4=a\r\n"
                     "[section2]\r\n", "CR+LF");
    check_get_string("[section1]\rname1=val1\rname2=\"val2\"\rname3\rname4=a\r[section2]\r",
                     "CR only");
    check_get_string("[section1]\nname1=val1\nname2=\"val2\"\nname3\nname4=a\n[section2]\n",
                     "LF only");
    check_get_string("; a comment\r\n  [ section1 ]  \r\n; name0=no\r\n  name1 =  val1  \r\n"
                     "name2=  \"val2\"  \r\nname3\r\n\r\nname4=a\r\n[section2]\r\n", "blanks");
    RemoveDirectoryA(conformance_dir);
}

static void test_get_string_w(void)
{
    static const char content[] = "[section1]\r\nname1=val1\r\nname2='val2'\r\n[section2]\r\n";
    WCHAR buf[MAX_PATH], pathW[MAX_PATH];
    const char *path;
    DWORD ret;

    make_test_dir_for("profile-getw");
    path = test_path("getw.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    write_file(path, content, sizeof(content) - 1);

    ret = GetPrivateProfileStringW(W("Section1"), W("NAME1"), W("default"), buf, MAX_PATH,
                                   pathW);
    ok(ret == 4 && !lstrcmpW(buf, W("val1")), "W value: %lu", (unsigned long)ret);
    ret = GetPrivateProfileStringW(W("section1"), W("name2"), W("default"), buf, MAX_PATH,
                                   pathW);
    ok(ret == 4 && !lstrcmpW(buf, W("val2")), "W single quotes stripped: %lu",
       (unsigned long)ret);
    ret = GetPrivateProfileStringW(W("section1"), W("name1"), W("default"), buf, 3, pathW);
    ok(ret == 2 && !lstrcmpW(buf, W("va")), "W cut: %lu", (unsigned long)ret);
    ret = GetPrivateProfileStringW(W("section1"), W("none"), W("dflt  "), buf, MAX_PATH,
                                   pathW);
    ok(ret == 4 && !lstrcmpW(buf, W("dflt")), "W default: %lu", (unsigned long)ret);
    ret = GetPrivateProfileStringW(NULL, NULL, NULL, buf, MAX_PATH, pathW);
    ok(ret == 18 && !memcmp(buf, W("section1\0section2\0"), 19 * sizeof(WCHAR)),
       "W names: %lu", (unsigned long)ret);
    ret = GetPrivateProfileStringW(W("section1"), NULL, NULL, buf, MAX_PATH, pathW);
    ok(ret == 12 && !memcmp(buf, W("name1\0name2\0"), 13 * sizeof(WCHAR)), "W keys: %lu",
       (unsigned long)ret);
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

/* A file that starts with a UTF-16LE byte order mark is read as UTF-16, and stays so. */
static void test_utf16_file(void)
{
    static const WCHAR text[] = { 0xfeff, '[', 's', 0xe9, 'c', ']', '\r', '\n', 'k', '=',
                                  0x3b1, 'b', '\r', '\n' };
    static const char utf8_value[] = "\xce\xb1" "b";
    WCHAR buf[64], pathW[MAX_PATH], section[] = { 's', 0xe9, 'c', 0 };
    char bufA[64], sectionA[8];
    const char *path;
    DWORD ret;

    make_test_dir_for("profile-utf16");
    path = test_path("wide.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);
    write_file(path, (const char *)text, sizeof(text));

    ret = GetPrivateProfileStringW(section, W("k"), W(""), buf, 64, pathW);
    ok(ret == 2 && buf[0] == 0x3b1 && buf[1] == 'b', "W read: %lu", (unsigned long)ret);
    ok(WritePrivateProfileStringW(section, W("new"), W("v"), pathW), "W write");
    {
        static const WCHAR expect[] = { 0xfeff, '[', 's', 0xe9, 'c', ']', '\r', '\n', 'k', '=',
                                        0x3b1, 'b', '\r', '\n', 'n', 'e', 'w', '=', 'v', '\r',
                                        '\n' };
        ok(file_is(path, (const char *)expect, sizeof(expect)), "still UTF-16 after a write");
    }
    if (GetACP() == CP_UTF8) {
        WideCharToMultiByte(CP_ACP, 0, section, -1, sectionA, sizeof(sectionA), NULL, NULL);
        ret = GetPrivateProfileStringA(sectionA, "k", "", bufA, sizeof(bufA), path);
        ok(ret == 3 && !strcmp(bufA, utf8_value), "A read in UTF-8: %lu", (unsigned long)ret);
    }
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

static void test_write_string(void)
{
    const char *path;
    char buf[64];

    make_test_dir_for("profile-write");
    path = test_path("write.ini");

    /* All NULL flushes a cache: success. */
    /* Wine's tests record TRUE on Windows; Wine returns FALSE. */
    todo_wine_ok(WritePrivateProfileStringA(NULL, NULL, NULL, path), "all NULL: TRUE");
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES, "all NULL: no file");

    SetLastError(0xdeadbeef);
    ok(!WritePrivateProfileStringA(NULL, "key", "string", path) &&
           GetLastError() == ERROR_FILE_NOT_FOUND, "NULL section: ERROR_FILE_NOT_FOUND");
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES, "NULL section: no file");
    SetLastError(0xdeadbeef);
    ok(!WritePrivateProfileStringW(NULL, W("key"), W("string"), NULL) &&
           GetLastError() == ERROR_FILE_NOT_FOUND, "W NULL section: ERROR_FILE_NOT_FOUND");

    /* Deleting from no file leaves an empty file (Wine leaves none). */
    ok(WritePrivateProfileStringA("App", NULL, "string", path), "delete a section: TRUE");
    todo_wine_ok(FILE_IS(path, ""), "an empty file");
    DeleteFileA(path);
    ok(WritePrivateProfileStringA("App", "key", NULL, path), "delete a key: TRUE");
    todo_wine_ok(FILE_IS(path, ""), "an empty file");
    DeleteFileA(path);

    ok(WritePrivateProfileStringA("App", "key", "", path), "empty string");
    ok(FILE_IS(path, "[App]\r\nkey=\r\n"), "key= written");
    DeleteFileA(path);

    SetLastError(0xdeadbeef);
    ok(!WritePrivateProfileStringA("App", "key", "string", "") &&
           GetLastError() == ERROR_ACCESS_DENIED, "empty file name: ERROR_ACCESS_DENIED");

    WritePrivateProfileStringA("App1", "key1", "string1", path);
    WritePrivateProfileStringA("App1", "key2", "string2", path);
    WritePrivateProfileStringA("App1", "key3", "string3", path);
    WritePrivateProfileStringA("App2", "key4", "string4", path);
    ok(WritePrivateProfileStringA("App3", "key5", "string5", path), "add App3");
    ok(FILE_IS(path, "[App1]\r\nkey1=string1\r\nkey2=string2\r\nkey3=string3\r\n"
                     "[App2]\r\nkey4=string4\r\n[App3]\r\nkey5=string5\r\n"), "built up");
    ok(WritePrivateProfileStringA("app1", "KEY2", NULL, path), "delete key2");
    ok(WritePrivateProfileStringA("App1", "key2", NULL, path), "delete key2 again");
    ok(FILE_IS(path, "[App1]\r\nkey1=string1\r\nkey3=string3\r\n"
                     "[App2]\r\nkey4=string4\r\n[App3]\r\nkey5=string5\r\n"), "key2 gone");
    ok(WritePrivateProfileStringA("App1", NULL, "string1", path), "delete App1");
    ok(FILE_IS(path, "[App2]\r\nkey4=string4\r\n[App3]\r\nkey5=string5\r\n"), "App1 gone");
    ok(WritePrivateProfileStringA("App2", NULL, NULL, path), "delete App2");
    ok(FILE_IS(path, "[App3]\r\nkey5=string5\r\n"), "App2 gone");
    ok(WritePrivateProfileStringA("App3", "key5", NULL, path), "delete key5");
    ok(FILE_IS(path, "[App3]\r\n"), "the section stays");

    /* A changed value keeps the key's spelling and place. */
    ok(WritePrivateProfileStringA("App3", "Key", "1", path), "add Key");
    ok(WritePrivateProfileStringA("App3", "other", "2", path), "add other");
    ok(WritePrivateProfileStringA("APP3", "KEY", "3", path), "change Key");
    ok(FILE_IS(path, "[App3]\r\nKey=3\r\nother=2\r\n"), "changed in place");
    ok(GetPrivateProfileStringA("app3", "key", "", buf, sizeof(buf), path) == 1 &&
           !strcmp(buf, "3"), "read back");
    ok(DeleteFileA(path), "delete");

    /* Everything before the first section is kept, NULs too. */
    {
        static const char data[] = "Data \0 before \0 first \0 section"
                                   "\r\n[section1]\r\nkey1=string1\r\n";

        write_file(path, data, 31);
        ok(WritePrivateProfileStringA("section1", "key1", "string1", path), "after data");
        /* Wine drops what it cannot parse before the first section. */
        todo_wine_ok(file_is(path, data, 59), "data kept");
        ok(DeleteFileA(path), "delete");
    }

    /* Comments, blank lines and spacing survive an edit. */
    {
        static const char data[] = "; top\r\n[a]\r\n  x = 1 \r\n\r\n; note\r\n[b]\r\ny=2\r\n";

        write_file(path, data, sizeof(data) - 1);
        ok(WritePrivateProfileStringA("b", "y", "3", path), "edit b");
        /* Windows edits the file in place; Wine writes every line anew. */
        todo_wine_ok(FILE_IS(path, "; top\r\n[a]\r\n  x = 1 \r\n\r\n; note\r\n[b]\r\ny=3\r\n"),
                     "the rest untouched");
        ok(DeleteFileA(path), "delete");
    }
    RemoveDirectoryA(conformance_dir);
}

static void test_write_section(void)
{
    const char *path;
    WCHAR pathW[MAX_PATH];
    char buf[64];

    make_test_dir_for("profile-wsection");
    path = test_path("wsection.ini");
    MultiByteToWideChar(CP_ACP, 0, path, -1, pathW, MAX_PATH);

    ok(WritePrivateProfileSectionA("s1", "a=1\0b=2\0", path), "new section");
    ok(FILE_IS(path, "[s1]\r\na=1\r\nb=2\r\n"), "written");
    ok(WritePrivateProfileStringA("s2", "c", "3", path), "s2");
    ok(WritePrivateProfileSectionA("S1", "z=9\0", path), "replace s1");
    ok(FILE_IS(path, "[s1]\r\nz=9\r\n[s2]\r\nc=3\r\n"), "s1 replaced, s2 kept");
    ok(GetPrivateProfileStringA("s1", "a", "none", buf, sizeof(buf), path) == 4 &&
           !strcmp(buf, "none"), "a gone");
    ok(WritePrivateProfileSectionW(W("s3"), W("k=v\0"), pathW), "W new section");
    ok(FILE_IS(path, "[s1]\r\nz=9\r\n[s2]\r\nc=3\r\n[s3]\r\nk=v\r\n"), "W written");
    ok(WritePrivateProfileSectionA("s2", NULL, path), "NULL deletes");
    ok(FILE_IS(path, "[s1]\r\nz=9\r\n[s3]\r\nk=v\r\n"), "s2 gone");
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

/* Handles others hold: a write needs read and write shared, a read needs read shared. */
static void test_sharing(void)
{
    static const struct {
        DWORD access, share;
        BOOL write_fails, read_fails;
    } cases[] = {
        { GENERIC_READ, FILE_SHARE_READ, TRUE, FALSE },
        { GENERIC_READ, FILE_SHARE_WRITE, TRUE, TRUE },
        { GENERIC_WRITE, FILE_SHARE_READ, TRUE, FALSE },
        { GENERIC_WRITE, FILE_SHARE_WRITE, TRUE, TRUE },
        { GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, TRUE, FALSE },
        { GENERIC_READ | GENERIC_WRITE, FILE_SHARE_WRITE, TRUE, TRUE },
        { GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, FALSE, FALSE },
        { GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, FALSE, FALSE },
        { GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, FALSE, FALSE },
    };
    const char *path, *path2;
    char buf[MAX_PATH];

    make_test_dir_for("profile-share");
    path = test_path("share1.ini");
    path2 = test_path("share2.ini");
    for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        HANDLE h = CreateFileA(path, cases[i].access, cases[i].share, NULL, CREATE_ALWAYS, 0,
                               NULL);
        BOOL ret;
        DWORD error, size;

        ok(h != INVALID_HANDLE_VALUE, "%d: CreateFile", i);
        SetLastError(0xdeadbeef);
        ret = WritePrivateProfileStringA("Test", "Key", "12345", path);
        error = GetLastError();
        CloseHandle(h);
        size = GetPrivateProfileStringA("Test", "Key", NULL, buf, MAX_PATH, path);
        if (cases[i].write_fails)
            ok(!ret && error == ERROR_SHARING_VIOLATION && size == 0,
               "%d: write refused, %lu, size %lu", i, (unsigned long)error, (unsigned long)size);
        else
            ok(ret && size == 5, "%d: written, size %lu", i, (unsigned long)size);
        ok(DeleteFileA(path), "%d: delete", i);
    }

    write_file(path2, "[Test]\r\nKey=123\r\n", 17);
    for (int i = 0; i < (int)(sizeof(cases) / sizeof(cases[0])); i++) {
        HANDLE h = CreateFileA(path2, cases[i].access, cases[i].share, NULL, OPEN_EXISTING, 0,
                               NULL);
        DWORD ret = GetPrivateProfileStringA("Test", "Key", NULL, buf, MAX_PATH, path2);

        ok(cases[i].read_fails ? ret == 0 : ret == 3, "%d: read %lu", i, (unsigned long)ret);
        CloseHandle(h);
    }
    ok(DeleteFileA(path2), "delete");

    /* A file open for delete on close is still read. */
    {
        HANDLE h = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS,
                               FILE_FLAG_DELETE_ON_CLOSE, NULL);
        DWORD done;

        ok(WriteFile(h, "[Test]\nKey=123\n", 15, &done, NULL), "write");
        ok(GetPrivateProfileIntA("Test", "Key", 0, path) == 123, "read while delete-on-close");
        CloseHandle(h);
        ok(GetPrivateProfileIntA("Test", "Key", 421, path) == 421, "gone: the default");
    }
    RemoveDirectoryA(conformance_dir);
}

/*
 * The child of test_concurrent: "reader PATH N" checks N times that the file
 * holds both sections whole; "writer PATH TAG N" sets N keys of its own.
 */
static int profile_child(int argc, char **argv)
{
    char buf[64], key[32];
    int n;

    if (argc == 3 && !strcmp(argv[0], "reader")) {
        n = atoi(argv[2]);
        for (int i = 0; i < n; i++) {
            if (GetPrivateProfileStringA("first", "k", "", buf, sizeof(buf), argv[1]) != 5 ||
                GetPrivateProfileStringA("last", "k", "", buf, sizeof(buf), argv[1]) != 5)
                return 1;
        }
        return 0;
    }
    if (argc == 4 && !strcmp(argv[0], "writer")) {
        n = atoi(argv[3]);
        for (int i = 0; i < n; i++) {
            snprintf(key, sizeof(key), "%s%d", argv[2], i);
            if (!WritePrivateProfileStringA("keys", key, "1", argv[1]))
                return 1;
        }
        return 0;
    }
    return 2;
}

/*
 * w32shim's promise (not Windows'; Windows rewrites in place): a reader in
 * another process never sees a half-written file, and writers in several
 * processes lose none of each other's keys.
 */
static void test_concurrent(void)
{
    PROCESS_INFORMATION reader, writer;
    char args[MAX_PATH * 2], key[32];
    const char *path;
    int lost = 0;

    if (!running_on_w32shim())
        return;
    make_test_dir_for("profile-atomic");
    path = test_path("atomic.ini");
    ok(WritePrivateProfileStringA("first", "k", "value", path), "first");
    for (int i = 0; i < 50; i++) {
        char name[16];

        snprintf(name, sizeof(name), "mid%d", i);
        WritePrivateProfileStringA(name, "k", "some text to make the file longer", path);
    }
    ok(WritePrivateProfileStringA("last", "k", "value", path), "last");
    snprintf(args, sizeof(args), "reader \"%s\" 200", path);
    ok(start_child(args, &reader), "start the reader");
    snprintf(args, sizeof(args), "writer \"%s\" w 40", path);
    ok(start_child(args, &writer), "start the writer");
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof(key), "p%d", i);
        ok(WritePrivateProfileStringA("keys", key, "1", path), "write %s", key);
    }
    ok(finish_child(&reader) == 0, "the reader always saw the whole file");
    ok(finish_child(&writer) == 0, "the writer wrote");
    for (int i = 0; i < 40; i++) {
        snprintf(key, sizeof(key), "p%d", i);
        lost += GetPrivateProfileIntA("keys", key, 0, path) != 1;
        snprintf(key, sizeof(key), "w%d", i);
        lost += GetPrivateProfileIntA("keys", key, 0, path) != 1;
    }
    ok(lost == 0, "%d keys lost", lost);
    ok(DeleteFileA(path), "delete");
    RemoveDirectoryA(conformance_dir);
}

/* win.ini lies in the Windows directory; reading a missing one gives the defaults. */
static void test_win_ini(void)
{
    char buf[64];
    WCHAR bufW[64];

    ok(GetProfileStringA("w32conf-nosection", "key", "dflt ", buf, sizeof(buf)) == 4 &&
           !strcmp(buf, "dflt"), "GetProfileStringA: the default");
    ok(GetProfileStringW(W("w32conf-nosection"), W("key"), W("dflt"), bufW, 64) == 4 &&
           !lstrcmpW(bufW, W("dflt")), "GetProfileStringW: the default");
    ok(GetProfileIntA("w32conf-nosection", "key", 42) == 42, "GetProfileIntA: the default");
    ok(GetProfileIntW(W("w32conf-nosection"), W("key"), 43) == 43, "GetProfileIntW");
    /* (No test writes win.ini: the Windows directory is the system's.) */
    SetLastError(0xdeadbeef);
    ok(!WriteProfileStringA(NULL, "key", "v") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "WriteProfileStringA NULL section");
    SetLastError(0xdeadbeef);
    ok(!WriteProfileStringW(NULL, W("key"), W("v")) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "WriteProfileStringW NULL section");
}

CONFORMANCE_MAIN(test_int_parsing, test_key_names, test_section, test_section_names,
                 test_get_string, test_get_string_w, test_utf16_file, test_write_string,
                 test_write_section, test_sharing, test_concurrent, test_win_ini)
