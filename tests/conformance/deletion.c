/* Conformance: when a file is deleted. Delete-pending is a state of the file,
 * shared by all its handles: FILE_FLAG_DELETE_ON_CLOSE, FileDispositionInfo(Ex)
 * and DeleteFile, as Microsoft documents FILE_DISPOSITION_INFO(_EX) and as
 * Wine's ntdll and kernel32 tests record it. Wine 8 keeps the disposition
 * per handle: it reports no handle delete-pending, opens a marked file, lets
 * FALSE through one handle leave another's mark, and a closed
 * FILE_FLAG_DELETE_ON_CLOSE handle marks nothing for the others. Those checks
 * are todo_wine, after Microsoft's documentation of FILE_DISPOSITION_INFO and
 * DeleteFile ("subsequent calls to CreateFile to open the file fail with
 * ERROR_ACCESS_DENIED"). */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stdlib.h>

/* FileDispositionInfoEx (Windows 10 1709 and later), by number: mingw-w64's
 * enumeration ends before it. Wine 8 does not have it (ERROR_INVALID_PARAMETER):
 * its checks are todo_wine, after Microsoft's documentation of
 * FILE_DISPOSITION_INFORMATION_EX. */
#define DISPOSITION_EX ((FILE_INFO_BY_HANDLE_CLASS)21)
#ifndef FILE_DISPOSITION_FLAG_ON_CLOSE
#define FILE_DISPOSITION_FLAG_ON_CLOSE 0x00000008
#endif

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static void make_file(const char *name)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;

    WriteFile(h, "data", 4, &done, NULL);
    CloseHandle(h);
}

static HANDLE open_shared(const char *name, DWORD access, DWORD flags)
{
    return CreateFileA(test_path(name), access, SHARE_ALL, NULL, OPEN_EXISTING, flags, NULL);
}

static int exists(const char *name)
{
    return GetFileAttributesA(test_path(name)) != INVALID_FILE_ATTRIBUTES;
}

/* FileStandardInfo's DeletePending of h: 1, 0, or -1 if the query fails. */
static int pending(HANDLE h)
{
    FILE_STANDARD_INFO std;

    if (!GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof(std)))
        return -1;
    return std.DeletePending ? 1 : 0;
}

static BOOL dispose(HANDLE h, BOOLEAN del)
{
    FILE_DISPOSITION_INFO info = { del };

    return SetFileInformationByHandle(h, FileDispositionInfo, &info, sizeof(info));
}

static BOOL dispose_ex(HANDLE h, DWORD flags)
{
    FILE_DISPOSITION_INFO_EX info = { flags };

    return SetFileInformationByHandle(h, DISPOSITION_EX, &info, sizeof(info));
}

/* A new open of name fails as Windows fails it for a delete-pending file. */
static int open_refused(const char *name)
{
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = open_shared(name, GENERIC_READ, 0);
    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        return 0;
    }
    return GetLastError() == ERROR_ACCESS_DENIED;
}

/* A fresh file "f" with a handle that may delete it and one that reads it. */
static void delete_and_read_handles(HANDLE *del, HANDLE *reader)
{
    make_test_dir_for("deletion");
    make_file("f");
    *del = open_shared("f", DELETE, 0);
    *reader = open_shared("f", GENERIC_READ, 0);
    ok(*del != INVALID_HANDLE_VALUE && *reader != INVALID_HANDLE_VALUE, "two handles");
}

/* Whether h reads the file's 4 bytes from the start. */
static int reads(HANDLE h)
{
    OVERLAPPED ov;
    DWORD done = 0;
    char buf[8];

    memset(&ov, 0, sizeof(ov));
    return ReadFile(h, buf, sizeof(buf), &done, &ov) && done == 4;
}

static void test_disposition_is_the_files(void)
{
    WCHAR wide[MAX_PATH];
    HANDLE a, b, h;

    delete_and_read_handles(&a, &b);
    ok(pending(b) == 0, "not delete-pending at first");
    ok(dispose(a, TRUE), "FileDispositionInfo TRUE");
    todo_wine_ok(pending(a) == 1 && pending(b) == 1, "delete-pending, as every handle sees it");
    todo_wine_ok(open_refused("f"), "a new open: ERROR_ACCESS_DENIED");
    MultiByteToWideChar(CP_UTF8, 0, test_path("f"), -1, wide, MAX_PATH);
    SetLastError(0xdeadbeef);
    h = CreateFileW(wide, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING, 0, NULL);
    todo_wine_ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
                 "CreateFileW too, got %lu", (unsigned long)GetLastError());
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeleteFileA(test_path("f")) && GetLastError() == ERROR_ACCESS_DENIED,
                 "DeleteFile: ERROR_ACCESS_DENIED, got %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!CopyFileA(test_path("f"), test_path("copy"), FALSE) &&
                 GetLastError() == ERROR_ACCESS_DENIED,
                 "CopyFile from it: ERROR_ACCESS_DENIED, got %lu", (unsigned long)GetLastError());
    todo_wine_ok(!exists("copy"), "and no copy");
    ok(reads(b), "the handles still read");
    CloseHandle(a);
    ok(exists("f"), "the name stays while a handle is open, whichever marked it");
    todo_wine_ok(open_refused("f"), "still delete-pending");
    CloseHandle(b);
    ok(!exists("f") && GetLastError() == ERROR_FILE_NOT_FOUND, "and goes with the last handle");
    DeleteFileA(test_path("f"));
    DeleteFileA(test_path("copy"));
    RemoveDirectoryA(conformance_dir);
}

static void test_disposition_taken_back(void)
{
    HANDLE a, b, c;

    make_test_dir_for("deletion");
    make_file("f");
    a = open_shared("f", DELETE, 0);
    b = open_shared("f", DELETE, 0);
    ok(dispose(a, TRUE), "marked through one handle");
    ok(dispose(b, FALSE), "FALSE through another");
    ok(pending(a) == 0 && pending(b) == 0, "takes it back for both");
    c = open_shared("f", GENERIC_READ, 0);
    ok(c != INVALID_HANDLE_VALUE, "the file opens again");
    CloseHandle(c);
    CloseHandle(a);
    CloseHandle(b);
    todo_wine_ok(exists("f"), "and stays");
    DeleteFileA(test_path("f"));
    RemoveDirectoryA(conformance_dir);
}

static void test_delete_on_close_flag(void)
{
    HANDLE doc, b, dup;

    make_test_dir_for("deletion");
    make_file("f");
    doc = open_shared("f", GENERIC_READ, FILE_FLAG_DELETE_ON_CLOSE);
    ok(doc != INVALID_HANDLE_VALUE, "FILE_FLAG_DELETE_ON_CLOSE opens");
    ok(pending(doc) == 0, "the flag marks nothing until its handle closes");
    b = open_shared("f", GENERIC_READ | DELETE, 0);
    ok(b != INVALID_HANDLE_VALUE, "so the file opens again");
    ok(dispose(doc, FALSE), "the flag gives its handle DELETE access: FALSE on it");
    CloseHandle(doc);
    ok(exists("f"), "another handle keeps the name");
    todo_wine_ok(pending(b) == 1, "but the file is delete-pending now");
    todo_wine_ok(open_refused("f"), "and opens no more");
    ok(dispose(b, FALSE), "FileDispositionInfo FALSE");
    ok(pending(b) == 0, "takes back what the closed handle set");
    CloseHandle(b);
    todo_wine_ok(exists("f"), "and the file stays");
    DeleteFileA(test_path("f"));

    make_file("g");
    doc = open_shared("g", GENERIC_READ | DELETE, FILE_FLAG_DELETE_ON_CLOSE);
    ok(dispose(doc, FALSE), "FALSE on the handle with the flag");
    ok(DuplicateHandle(GetCurrentProcess(), doc, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "a duplicate");
    CloseHandle(doc);
    ok(exists("g") && pending(dup) == 0, "the duplicate keeps the file object open");
    CloseHandle(dup);
    ok(!exists("g"), "the flag is not taken back: the last close deletes the file");
    RemoveDirectoryA(conformance_dir);
}

static void test_duplicated_mark(void)
{
    HANDLE h, dup;

    make_test_dir_for("deletion");
    make_file("f");
    h = open_shared("f", DELETE, 0);
    ok(dispose(h, TRUE), "marked");
    ok(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "duplicated");
    CloseHandle(h);
    ok(exists("f"), "the duplicate keeps the file");
    todo_wine_ok(pending(dup) == 1, "delete-pending");
    CloseHandle(dup);
    ok(!exists("f"), "gone with the duplicate");
    RemoveDirectoryA(conformance_dir);
}

static void test_disposition_ex_on_close(void)
{
    HANDLE h, b;

    make_test_dir_for("deletion");
    make_file("f");
    h = open_shared("f", DELETE, 0);
    todo_wine_ok(dispose_ex(h, FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE),
                 "FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_ON_CLOSE");
    ok(pending(h) == 0, "sets delete on close, not delete-pending");
    b = open_shared("f", GENERIC_READ, 0);
    ok(b != INVALID_HANDLE_VALUE, "so the file opens again");
    CloseHandle(h);
    todo_wine_ok(exists("f") && pending(b) == 1, "closing the handle marks the file");
    CloseHandle(b);
    todo_wine_ok(!exists("f"), "which goes with the last handle");

    make_file("g");
    h = open_shared("g", GENERIC_READ | DELETE, FILE_FLAG_DELETE_ON_CLOSE);
    todo_wine_ok(dispose_ex(h, FILE_DISPOSITION_FLAG_ON_CLOSE),
                 "FILE_DISPOSITION_FLAG_ON_CLOSE without FILE_DISPOSITION_FLAG_DELETE");
    CloseHandle(h);
    todo_wine_ok(exists("g"), "clears even FILE_FLAG_DELETE_ON_CLOSE");
    DeleteFileA(test_path("f"));
    DeleteFileA(test_path("g"));
    RemoveDirectoryA(conformance_dir);
}

static void test_disposition_ex_posix(void)
{
    HANDLE a, b, c;

    delete_and_read_handles(&a, &b);
    todo_wine_ok(dispose_ex(a, FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS),
                 "FILE_DISPOSITION_FLAG_POSIX_SEMANTICS");
    CloseHandle(a);
    todo_wine_ok(!exists("f"), "the name goes as the marking handle closes");
    ok(reads(b), "the other handle still reads");
    c = CreateFileA(test_path("f"), GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    todo_wine_ok(c != INVALID_HANDLE_VALUE, "and the name is free for a new file");
    CloseHandle(c);
    CloseHandle(b);
    DeleteFileA(test_path("f"));
    RemoveDirectoryA(conformance_dir);
}

/* DeleteFile follows Windows 10 1903 and later (POSIX semantics): the name
 * goes at once; Wine keeps it until the last handle closes, as older Windows
 * did, which is todo_wine here. */
static void test_DeleteFile_open_file(void)
{
    HANDLE h;

    make_test_dir_for("deletion");
    make_file("f");
    h = open_shared("f", GENERIC_READ, 0);
    ok(DeleteFileA(test_path("f")), "DeleteFile of a file open sharing deletion");
    todo_wine_ok(!exists("f"), "the name goes at once");
    todo_wine_ok(pending(h) == 1, "the handle sees the file delete-pending");
    ok(reads(h), "and still reads");
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(test_path("f")) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "gone once closed, got %lu", (unsigned long)GetLastError());

    make_file("g");
    h = CreateFileA(test_path("g"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetLastError(0xdeadbeef);
    ok(!DeleteFileA(test_path("g")) && GetLastError() == ERROR_SHARING_VIOLATION,
       "a handle that does not share deletion: ERROR_SHARING_VIOLATION");
    ok(pending(h) == 0, "and the file is not marked");
    CloseHandle(h);
    ok(exists("g"), "the file stays");
    DeleteFileA(test_path("g"));
    RemoveDirectoryA(conformance_dir);
}

/* ---- processes: a child's roles, argv[0] the role ---- */

/* Marks path through one of two handles, and ends without closing them. */
static int child_mark(const char *path, DWORD flags)
{
    HANDLE a = CreateFileA(path, DELETE, SHARE_ALL, NULL, OPEN_EXISTING, flags, NULL);
    HANDLE b = CreateFileA(path, GENERIC_READ, SHARE_ALL, NULL, OPEN_EXISTING, 0, NULL);

    if (a == INVALID_HANDLE_VALUE || b == INVALID_HANDLE_VALUE)
        return 1;
    if (!(flags & FILE_FLAG_DELETE_ON_CLOSE) && !dispose(a, TRUE))
        return 2;
    return 0;
}

/* Reads the file through a handle it inherited (its value in hex). */
static int child_read(const char *value)
{
    return reads((HANDLE)(ULONG_PTR)strtoull(value, NULL, 16)) ? 0 : 1;
}

static int child_main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[0], "mark") == 0)
        return child_mark(argv[1], 0);
    if (argc == 2 && strcmp(argv[0], "doc") == 0)
        return child_mark(argv[1], FILE_FLAG_DELETE_ON_CLOSE);
    if (argc == 2 && strcmp(argv[0], "read") == 0)
        return child_read(argv[1]);
    return 99;
}

/* Windows closes every handle of a process as it ends. */
static void test_exit_closes_every_handle(void)
{
    static const char *const roles[] = { "mark", "doc" };
    PROCESS_INFORMATION pi;
    char args[MAX_PATH + 16];

    make_test_dir_for("deletion");
    for (int i = 0; i < 2; i++) {
        make_file("f");
        snprintf(args, sizeof(args), "%s \"%s\"", roles[i], test_path("f"));
        ok(start_child(args, &pi), "the child starts");
        ok(finish_child(&pi) == 0, "%s: the child marked the file", roles[i]);
        ok(!exists("f"), "%s: the file went as the child ended", roles[i]);
        DeleteFileA(test_path("f"));
    }
    RemoveDirectoryA(conformance_dir);
}

/* A child's inherited handle is one more handle of the file object, on
 * Windows: the file stays until it closes. w32shim cannot see another
 * process's handles (doc/api.md): the name goes with this process's last. */
static void test_inherited_handle(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    STARTUPINFOA si;
    char cmdline[1200];
    HANDLE h;

    make_test_dir_for("deletion");
    make_file("f");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    h = CreateFileA(test_path("f"), GENERIC_READ, SHARE_ALL, &sa, OPEN_EXISTING,
                    FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(h != INVALID_HANDLE_VALUE, "an inheritable FILE_FLAG_DELETE_ON_CLOSE handle");
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child read %llx", conformance_self,
             (unsigned long long)(ULONG_PTR)h);
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "a child inherits it");
    CloseHandle(h);
    todo_w32shim_ok(exists("f"), "the child's handle keeps the file");
    ok(finish_child(&pi) == 0, "the child reads through its handle");
    ok(!exists("f"), "gone once the child's handle closed too");
    DeleteFileA(test_path("f"));
    RemoveDirectoryA(conformance_dir);
}

CONFORMANCE_MAIN(test_disposition_is_the_files, test_disposition_taken_back,
                 test_delete_on_close_flag, test_duplicated_mark, test_disposition_ex_on_close,
                 test_disposition_ex_posix, test_DeleteFile_open_file,
                 test_exit_closes_every_handle, test_inherited_handle)
