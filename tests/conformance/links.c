/* Conformance: hard and symbolic links, long and short path names. */
#include "conformance.h"

/* A file holding text, closed. */
static void make_file(const char *name, const char *text)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;

    WriteFile(h, text, (DWORD)strlen(text), &done, NULL);
    CloseHandle(h);
}

static DWORD link_count(const char *name)
{
    BY_HANDLE_FILE_INFORMATION info;
    HANDLE h = CreateFileA(test_path(name), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, 0, NULL);
    DWORD links = 0;

    if (GetFileInformationByHandle(h, &info))
        links = info.nNumberOfLinks;
    CloseHandle(h);
    return links;
}

/* Whether name holds text. */
static int holds(const char *name, const char *text)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           0, NULL);
    char buf[64] = "";
    DWORD done = 0;

    ReadFile(h, buf, sizeof(buf) - 1, &done, NULL);
    CloseHandle(h);
    buf[done] = '\0';
    return strcmp(buf, text) == 0;
}

static void expect_hard_link_error(const char *name, const char *existing, DWORD error)
{
    SetLastError(0xdeadbeef);
    ok(!CreateHardLinkA(name, existing, NULL) && GetLastError() == error,
       "CreateHardLinkA(%s, %s): expected error %lu", name ? name : "NULL",
       existing ? existing : "NULL", (unsigned long)error);
}

static void test_CreateHardLink(void)
{
    WCHAR wname[MAX_PATH * 2], wexisting[MAX_PATH * 2];

    make_test_dir_for("links");
    make_file("file", "data");
    CreateDirectoryA(test_path("dir"), NULL);
    ok(link_count("file") == 1, "a new file has one link");

    ok(CreateHardLinkA(test_path("link"), test_path("file"), NULL), "CreateHardLinkA");
    ok(holds("link", "data"), "the link names the file");
    ok(link_count("file") == 2 && link_count("link") == 2, "nNumberOfLinks counts both names");
    MultiByteToWideChar(CP_ACP, 0, test_path("wlink"), -1, wname, MAX_PATH * 2);
    MultiByteToWideChar(CP_ACP, 0, test_path("link"), -1, wexisting, MAX_PATH * 2);
    ok(CreateHardLinkW(wname, wexisting, NULL), "CreateHardLinkW, from a link");
    ok(link_count("file") == 3, "three names");

    expect_hard_link_error(test_path("link"), test_path("file"), ERROR_ALREADY_EXISTS);
    expect_hard_link_error(test_path("file"), test_path("file"), ERROR_ALREADY_EXISTS);
    expect_hard_link_error(test_path("dir"), test_path("file"), ERROR_ALREADY_EXISTS);
    expect_hard_link_error(test_path("new"), test_path("missing"), ERROR_FILE_NOT_FOUND);
    expect_hard_link_error(test_path("new"), test_path("nodir\\missing"), ERROR_PATH_NOT_FOUND);
    expect_hard_link_error(test_path("nodir\\new"), test_path("file"), ERROR_PATH_NOT_FOUND);
    expect_hard_link_error(test_path("new"), test_path("dir"), ERROR_ACCESS_DENIED);
    expect_hard_link_error(NULL, test_path("file"), ERROR_PATH_NOT_FOUND);
    expect_hard_link_error(test_path("new"), NULL, ERROR_PATH_NOT_FOUND);
    expect_hard_link_error("", test_path("file"), ERROR_PATH_NOT_FOUND);
    expect_hard_link_error(test_path("new"), "", ERROR_PATH_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ok(!CreateHardLinkW(NULL, wexisting, NULL) && GetLastError() == ERROR_PATH_NOT_FOUND,
       "CreateHardLinkW with no name: ERROR_PATH_NOT_FOUND");
    ok(GetFileAttributesA(test_path("new")) == INVALID_FILE_ATTRIBUTES, "nothing was made");
    ok(holds("file", "data"), "the file is untouched");

    ok(DeleteFileA(test_path("file")), "deleting one name");
    ok(holds("link", "data") && link_count("link") == 2, "the others keep the data");
    DeleteFileA(test_path("link"));
    DeleteFileA(test_path("wlink"));
    RemoveDirectoryA(test_path("dir"));
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

/*
 * Wine 8's CreateSymbolicLink is a stub that returns TRUE and makes nothing:
 * every check of what a link does is todo_wine, and checks that hold
 * whether or not the link exists are plain.
 */
#define LINK_FLAGS SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE

static void test_CreateSymbolicLink(void)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    WIN32_FIND_DATAA find;
    WCHAR wname[MAX_PATH * 2], wtarget[16];
    HANDLE h;

    make_test_dir_for("symlinks");
    make_file("target", "data");
    CreateDirectoryA(test_path("dir"), NULL);
    make_file("dir\\inner", "inside");

    ok(CreateSymbolicLinkA(test_path("flink"), test_path("target"), LINK_FLAGS),
       "a link to a file, by its full path");
    todo_wine_ok(holds("flink", "data"), "opening the link opens its target");
    todo_wine_ok(GetFileAttributesA(test_path("flink")) ==
                 (FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT),
                 "the link itself: a reparse point, %lx",
                 (unsigned long)GetFileAttributesA(test_path("flink")));
    memset(&data, 0, sizeof(data));
    todo_wine_ok(GetFileAttributesExA(test_path("flink"), GetFileExInfoStandard, &data) &&
                 (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) && data.nFileSizeLow == 0,
                 "GetFileAttributesEx: the link itself, size 0");
    ok(link_count("target") == 1, "a symbolic link is no hard link");

    ok(CreateSymbolicLinkA(test_path("rlink"), "target", LINK_FLAGS), "a relative target");
    ok(CreateSymbolicLinkA(test_path("dir\\up"), "..\\target", LINK_FLAGS),
       "a relative target climbing out of the link's directory");
    todo_wine_ok(holds("rlink", "data") && holds("dir\\up", "data"),
                 "a relative target is relative to the link's directory");

    ok(CreateSymbolicLinkA(test_path("dlink"), "dir", SYMBOLIC_LINK_FLAG_DIRECTORY | LINK_FLAGS),
       "a link to a directory");
    todo_wine_ok(GetFileAttributesA(test_path("dlink")) ==
                 (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT),
                 "a directory link: a directory and a reparse point, %lx",
                 (unsigned long)GetFileAttributesA(test_path("dlink")));
    todo_wine_ok(holds("dlink\\inner", "inside"), "a path through the link");
    memset(&find, 0, sizeof(find));
    h = FindFirstFileA(test_path("dlink"), &find);
    todo_wine_ok(h != INVALID_HANDLE_VALUE &&
                 find.dwFileAttributes == (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT) &&
                 find.dwReserved0 == IO_REPARSE_TAG_SYMLINK && !strcmp(find.cFileName, "dlink"),
                 "FindFirstFile reports the link itself, with its reparse tag");
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);

    ok(CreateSymbolicLinkA(test_path("dangling"), "nothing", LINK_FLAGS),
       "a target need not exist");
    todo_wine_ok(GetFileAttributesA(test_path("dangling")) ==
                 (FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_REPARSE_POINT),
                 "a dangling link is still there");
    SetLastError(0xdeadbeef);
    h = CreateFileA(test_path("dangling"), GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "opening a dangling link: ERROR_FILE_NOT_FOUND");

    MultiByteToWideChar(CP_ACP, 0, test_path("wlink"), -1, wname, MAX_PATH * 2);
    MultiByteToWideChar(CP_ACP, 0, "target", -1, wtarget, 16);
    ok(CreateSymbolicLinkW(wname, wtarget, LINK_FLAGS), "CreateSymbolicLinkW");
    todo_wine_ok(holds("wlink", "data"), "the W link leads to the file");

    SetLastError(0xdeadbeef);
    todo_wine_ok(!CreateSymbolicLinkA(test_path("flink"), "target", LINK_FLAGS) &&
                 GetLastError() == ERROR_ALREADY_EXISTS, "an existing name: ERROR_ALREADY_EXISTS");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!CreateSymbolicLinkA(test_path("target"), "dir", LINK_FLAGS) &&
                 GetLastError() == ERROR_ALREADY_EXISTS, "over a file: ERROR_ALREADY_EXISTS");
    ok(holds("target", "data"), "the file is untouched");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!CreateSymbolicLinkA(test_path("nodir\\link"), "target", LINK_FLAGS) &&
                 GetLastError() == ERROR_PATH_NOT_FOUND, "a missing directory: ERROR_PATH_NOT_FOUND");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!CreateSymbolicLinkA(test_path("badflags"), "target", 0x4 | LINK_FLAGS) &&
                 GetLastError() == ERROR_INVALID_PARAMETER, "unknown flags: ERROR_INVALID_PARAMETER");
    ok(GetFileAttributesA(test_path("badflags")) == INVALID_FILE_ATTRIBUTES, "and no link");

    todo_wine_ok(DeleteFileA(test_path("flink")), "DeleteFile removes a file link");
    todo_wine_ok(RemoveDirectoryA(test_path("dlink")), "RemoveDirectory removes a directory link");
    ok(holds("target", "data") && holds("dir\\inner", "inside"), "their targets stay");
    DeleteFileA(test_path("rlink"));
    DeleteFileA(test_path("wlink"));
    DeleteFileA(test_path("dangling"));
    DeleteFileA(test_path("dir\\up"));
    DeleteFileA(test_path("dir\\inner"));
    DeleteFileA(test_path("target"));
    RemoveDirectoryA(test_path("dir"));
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

/*
 * The buffer contract both functions share: the length without the NUL on
 * success, the size needed with it when the buffer is too small (untouched).
 * The long name of a path is the path as given; its short name is, on
 * w32shim, the same (no 8.3 names: doc/api.md), and on Windows an 8.3 form
 * whose long name is the path again.
 */
static void check_path_name(DWORD (WINAPI *fn)(LPCSTR, LPSTR, DWORD), const char *what,
                            const char *name)
{
    char expect[MAX_PATH * 2], buf[MAX_PATH * 2];
    DWORD len;

    memset(expect, 0, sizeof(expect));
    len = fn(name, expect, sizeof(expect));
    ok(len == strlen(expect) && len > 0, "%s(%s) gives %lu", what, name, (unsigned long)len);
    if (fn == GetLongPathNameA || running_on_w32shim()) {
        ok(strcmp(expect, name) == 0, "%s(%s): %s", what, name, expect);
    } else {
        ok(GetLongPathNameA(expect, buf, sizeof(buf)) && lstrcmpiA(buf, name) == 0,
           "the long name of %s's %s is %s", what, expect, buf);
    }
    ok(fn(name, NULL, 0) == len + 1, "%s with no buffer: the size needed", what);
    memset(buf, '#', sizeof(buf));
    ok(fn(name, buf, len) == len + 1 && buf[0] == '#', "%s, one short: the size, untouched",
       what);
    ok(fn(name, buf, len + 1) == len && strcmp(buf, expect) == 0, "%s, just enough", what);
    strcpy(buf, name);
    ok(fn(buf, buf, sizeof(buf)) == len && strcmp(buf, expect) == 0, "%s in place", what);
}

static void expect_path_error(DWORD (WINAPI *fn)(LPCSTR, LPSTR, DWORD), const char *what,
                              const char *name, DWORD error)
{
    char buf[MAX_PATH * 2] = "#";

    SetLastError(0xdeadbeef);
    ok(fn(name, buf, sizeof(buf)) == 0 && GetLastError() == error && buf[0] == '#',
       "%s(%s): expected error %lu", what, name, (unsigned long)error);
}

static void test_GetLongPathName(void)
{
    DWORD (WINAPI *fns[2])(LPCSTR, LPSTR, DWORD) = { GetLongPathNameA, GetShortPathNameA };
    const char *names[2] = { "GetLongPathNameA", "GetShortPathNameA" };
    char rel[MAX_PATH * 2];

    make_test_dir_for("longpath");
    make_file("a long file name.text", "x");
    CreateDirectoryA(test_path("a long directory name"), NULL);
    for (int i = 0; i < 2; i++) {
        check_path_name(fns[i], names[i], test_path("a long file name.text"));
        check_path_name(fns[i], names[i], test_path("a long directory name"));
        check_path_name(fns[i], names[i], test_path("a long directory name\\"));
        check_path_name(fns[i], names[i], test_path("a long directory name\\..\\a long file name.text"));
        check_path_name(fns[i], names[i], conformance_dir);
        expect_path_error(fns[i], names[i], test_path("missing"), ERROR_FILE_NOT_FOUND);
        expect_path_error(fns[i], names[i], test_path("nodir\\missing"), ERROR_FILE_NOT_FOUND);
        expect_path_error(fns[i], names[i], test_path("a long file name.text\\x"),
                          ERROR_FILE_NOT_FOUND);
        expect_path_error(fns[i], names[i], test_path("*"), ERROR_INVALID_NAME);
        expect_path_error(fns[i], names[i], test_path("a long file name.tex?"),
                          ERROR_INVALID_NAME);
    }
    expect_path_error(GetLongPathNameA, "GetLongPathNameA", "", ERROR_PATH_NOT_FOUND);
    expect_path_error(GetShortPathNameA, "GetShortPathNameA", "", ERROR_BAD_PATHNAME);

    /* A relative path stays relative. */
    ok(SetCurrentDirectoryA(conformance_dir), "SetCurrentDirectoryA");
    check_path_name(GetLongPathNameA, "GetLongPathNameA", "a long file name.text");
    check_path_name(GetShortPathNameA, "GetShortPathNameA", ".\\a long file name.text");
    snprintf(rel, sizeof(rel), "a long directory name\\..\\a long file name.text");
    check_path_name(GetLongPathNameA, "GetLongPathNameA", rel);
    SetCurrentDirectoryA("..");

    DeleteFileA(test_path("a long file name.text"));
    RemoveDirectoryA(test_path("a long directory name"));
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

static void test_GetLongPathNameW(void)
{
    WCHAR name[MAX_PATH * 2], buf[MAX_PATH * 2], empty[1] = { 0 };
    DWORD len, short_len;

    make_test_dir_for("longpathw");
    make_file("file", "x");
    len = (DWORD)MultiByteToWideChar(CP_ACP, 0, test_path("file"), -1, name, MAX_PATH * 2) - 1;
    ok(GetLongPathNameW(name, buf, MAX_PATH * 2) == len && !memcmp(buf, name, (len + 1) * 2),
       "GetLongPathNameW gives the name back");
    ok(GetLongPathNameW(name, NULL, 0) == len + 1, "GetLongPathNameW: the size needed");
    buf[0] = '#';
    ok(GetLongPathNameW(name, buf, len) == len + 1 && buf[0] == '#',
       "GetLongPathNameW one short: the size, untouched");
    short_len = GetShortPathNameW(name, buf, MAX_PATH * 2);
    ok(short_len > 0 && GetShortPathNameW(name, NULL, 0) == short_len + 1,
       "GetShortPathNameW: the length, then the size needed");
    if (running_on_w32shim())
        ok(short_len == len && !memcmp(buf, name, (len + 1) * 2),
           "GetShortPathNameW gives the name back (no 8.3 names)");
    buf[0] = '#';
    ok(GetShortPathNameW(name, buf, short_len) == short_len + 1 && buf[0] == '#',
       "GetShortPathNameW one short: the size, untouched");

    SetLastError(0xdeadbeef);
    ok(GetLongPathNameW(NULL, buf, MAX_PATH) == 0 && GetLastError() == ERROR_INVALID_PARAMETER,
       "GetLongPathNameW(NULL): ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(GetShortPathNameW(NULL, buf, MAX_PATH) == 0 && GetLastError() == ERROR_INVALID_PARAMETER,
       "GetShortPathNameW(NULL): ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(GetLongPathNameW(empty, buf, MAX_PATH) == 0 && GetLastError() == ERROR_PATH_NOT_FOUND,
       "GetLongPathNameW(\"\"): ERROR_PATH_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(GetShortPathNameW(empty, buf, MAX_PATH) == 0 && GetLastError() == ERROR_BAD_PATHNAME,
       "GetShortPathNameW(\"\"): ERROR_BAD_PATHNAME");
    DeleteFileA(test_path("file"));
    SetLastError(0xdeadbeef);
    ok(GetLongPathNameW(name, buf, MAX_PATH) == 0 && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a deleted file: ERROR_FILE_NOT_FOUND");
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

CONFORMANCE_MAIN(test_CreateHardLink, test_CreateSymbolicLink, test_GetLongPathName, test_GetLongPathNameW)
