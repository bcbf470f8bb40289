/* Conformance: SearchPath. */
#include "conformance.h"

static void make_file(const char *name)
{
    CloseHandle(CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL));
}

/* Whether a SearchPathA result is the full path of the test file name. */
static int is_full_path_of(const char *result, const char *name)
{
    char full[MAX_PATH * 2];

    GetFullPathNameA(test_path(name), sizeof(full), full, NULL);
    return strcmp(result, full) == 0;
}

static void expect_found(const char *path, const char *name, const char *ext, const char *file)
{
    char buf[MAX_PATH * 2];
    const char *base;
    char *part = NULL;
    DWORD n;

    memset(buf, 0, sizeof(buf));
    n = SearchPathA(path, name, ext, sizeof(buf), buf, &part);
    ok(n == strlen(buf) && n > 0 && is_full_path_of(buf, file),
       "SearchPathA(%s, %s, %s) gives %s", path ? path : "NULL", name, ext ? ext : "NULL", buf);
    base = strrchr(file, '\\') ? strrchr(file, '\\') + 1 : file;
    ok(part && part > buf && (part[-1] == '\\' || part[-1] == '/') && strcmp(part, base) == 0,
       "lpFilePart is the name in it");
}

static void expect_missing(const char *path, const char *name, const char *ext, DWORD error)
{
    char buf[MAX_PATH * 2] = "#";

    SetLastError(0xdeadbeef);
    ok(SearchPathA(path, name, ext, sizeof(buf), buf, NULL) == 0 && GetLastError() == error &&
       buf[0] == '#', "SearchPathA(%s, %s, %s): expected error %lu", path ? path : "NULL",
       name ? name : "NULL", ext ? ext : "NULL", (unsigned long)error);
}

static void test_SearchPath(void)
{
    char sub[MAX_PATH * 2], both[MAX_PATH * 4], buf[MAX_PATH * 2], full[MAX_PATH * 2];
    WCHAR wsub[MAX_PATH * 2], wbuf[MAX_PATH * 2], *wpart = NULL;
    DWORD n;

    make_test_dir_for("searchpath");
    CreateDirectoryA(test_path("sub"), NULL);
    CreateDirectoryA(test_path("sub\\in"), NULL);
    make_file("sub\\f.txt");
    make_file("sub\\noext");
    make_file("top.txt");
    strcpy(sub, test_path("sub"));
    snprintf(both, sizeof(both), "%s;%s", test_path("nosuch"), sub);

    expect_found(sub, "f.txt", NULL, "sub\\f.txt");
    expect_found(sub, "f", ".txt", "sub\\f.txt");
    expect_found(sub, "f.txt", ".bin", "sub\\f.txt");     /* a name with an extension keeps it */
    expect_found(sub, "noext", NULL, "sub\\noext");
    expect_found(sub, "in", NULL, "sub\\in");              /* directories are found too */
    expect_found(sub, "in\\..\\f.txt", NULL, "sub\\f.txt");
    expect_found(both, "f.txt", NULL, "sub\\f.txt");       /* each directory in turn */
    expect_found(conformance_dir, "sub\\f.txt", NULL, "sub\\f.txt");
    expect_found("nowhere", test_path("sub\\f.txt"), NULL, "sub\\f.txt");   /* a full path */

    expect_missing(sub, "noext", ".txt", ERROR_FILE_NOT_FOUND);  /* only with the extension */
    expect_missing(sub, "f", NULL, ERROR_FILE_NOT_FOUND);
    expect_missing(sub, "f", "txt", ERROR_FILE_NOT_FOUND);       /* appended as given: "ftxt" */
    expect_missing(sub, "top.txt", NULL, ERROR_FILE_NOT_FOUND);  /* not in the current directory */
    expect_missing(sub, "sub\\f.txt", NULL, ERROR_FILE_NOT_FOUND);
    expect_missing(sub, NULL, NULL, ERROR_INVALID_PARAMETER);
    expect_missing(sub, "", NULL, ERROR_INVALID_PARAMETER);

    /* The buffer contract: the size needed with the NUL, then the length without. */
    n = SearchPathA(sub, "f.txt", NULL, 0, NULL, NULL);
    GetFullPathNameA(test_path("sub\\f.txt"), sizeof(full), full, NULL);
    ok(n == strlen(full) + 1, "no buffer: the size needed, %lu", (unsigned long)n);
    buf[0] = '#';
    ok(SearchPathA(sub, "f.txt", NULL, n - 1, buf, NULL) == n && buf[0] == '#',
       "one short: the size, untouched");
    ok(SearchPathA(sub, "f.txt", NULL, n, buf, NULL) == n - 1 && !strcmp(buf, full),
       "just enough");

    /* A name starting with "." is taken from the current directory, as is NULL's search. */
    ok(SetCurrentDirectoryA(conformance_dir), "SetCurrentDirectoryA");
    expect_found(sub, ".\\top.txt", NULL, "top.txt");
    expect_found(NULL, "top.txt", NULL, "top.txt");
    expect_found("", "top.txt", NULL, "top.txt");
    expect_found(NULL, "top", ".txt", "top.txt");

    MultiByteToWideChar(CP_ACP, 0, sub, -1, wsub, MAX_PATH * 2);
    n = SearchPathW(wsub, W("f"), W(".txt"), MAX_PATH * 2, wbuf, &wpart);
    ok(n > 0 && n == (DWORD)lstrlenW(wbuf) && wpart && !lstrcmpW(wpart, W("f.txt")),
       "SearchPathW with an extension");
    ok(SearchPathW(wsub, W("f.txt"), NULL, 0, NULL, NULL) == n + 1, "SearchPathW: the size");
    SetLastError(0xdeadbeef);
    ok(!SearchPathW(wsub, W("missing"), NULL, MAX_PATH * 2, wbuf, NULL) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "SearchPathW: ERROR_FILE_NOT_FOUND");
    SetCurrentDirectoryA("..");

    DeleteFileA(test_path("sub\\f.txt"));
    DeleteFileA(test_path("sub\\noext"));
    DeleteFileA(test_path("top.txt"));
    RemoveDirectoryA(test_path("sub\\in"));
    RemoveDirectoryA(test_path("sub"));
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

CONFORMANCE_MAIN(test_SearchPath)
