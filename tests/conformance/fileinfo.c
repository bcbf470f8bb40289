/*
 * Conformance: what a file is, by name and by handle, GetFinalPathNameByHandle
 * and GetTempFileName. Sources: MS docs; Wine's dlls/kernel32/tests/file.c
 * (GetFinalPathNameByHandle's buffer rules, A and W apart).
 */
#include "conformance.h"
#include <ctype.h>
#include <stddef.h>

/* A file of size bytes, closed. */
static void make_file(const char *name, DWORD size)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    char buf[256];
    DWORD done;

    memset(buf, 'x', sizeof(buf));
    while (size) {
        DWORD n = size < sizeof(buf) ? size : sizeof(buf);
        WriteFile(h, buf, n, &done, NULL);
        size -= n;
    }
    CloseHandle(h);
}

static int same_ft(FILETIME a, FILETIME b)
{
    return a.dwLowDateTime == b.dwLowDateTime && a.dwHighDateTime == b.dwHighDateTime;
}

static ULONGLONG ft64(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static void test_GetFileAttributesEx(void)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    FILETIME c, a, w;
    WCHAR wname[MAX_PATH * 2];
    HANDLE h;

    make_test_dir_for("fileinfo");
    make_file("five", 5);
    memset(&data, 0xcc, sizeof(data));
    ok(GetFileAttributesExA(test_path("five"), GetFileExInfoStandard, &data), "a file");
    ok(data.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE, "attributes %lx",
       (unsigned long)data.dwFileAttributes);
    ok(data.nFileSizeLow == 5 && data.nFileSizeHigh == 0, "the size");
    h = CreateFileA(test_path("five"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(GetFileTime(h, &c, &a, &w), "GetFileTime");
    ok(same_ft(data.ftLastWriteTime, w) && same_ft(data.ftCreationTime, c),
       "the times are GetFileTime's");
    CloseHandle(h);

    memset(&data, 0xcc, sizeof(data));
    ok(GetFileAttributesExA(conformance_dir, GetFileExInfoStandard, &data), "a directory");
    ok(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY, "is a directory");
    ok(data.nFileSizeLow == 0 && data.nFileSizeHigh == 0, "a directory has size 0");

    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExA(test_path("none"), GetFileExInfoStandard, &data) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing file: ERROR_FILE_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExA(test_path("nodir\\none"), GetFileExInfoStandard, &data) &&
       GetLastError() == ERROR_PATH_NOT_FOUND, "a missing directory: ERROR_PATH_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExA(test_path("five"), GetFileExMaxInfoLevel, &data) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a bad level: ERROR_INVALID_PARAMETER");

    ok(SetFileAttributesA(test_path("five"), FILE_ATTRIBUTE_READONLY), "make it read-only");
    ok(GetFileAttributesExA(test_path("five"), GetFileExInfoStandard, &data) &&
       (data.dwFileAttributes & FILE_ATTRIBUTE_READONLY), "read-only shows");
    ok(SetFileAttributesA(test_path("five"), FILE_ATTRIBUTE_NORMAL), "and writable again");

    MultiByteToWideChar(CP_ACP, 0, test_path("five"), -1, wname, MAX_PATH * 2);
    memset(&data, 0xcc, sizeof(data));
    ok(GetFileAttributesExW(wname, GetFileExInfoStandard, &data) && data.nFileSizeLow == 5,
       "GetFileAttributesExW");
    ok(SetFileAttributesW(wname, FILE_ATTRIBUTE_READONLY) &&
           (GetFileAttributesW(wname) & FILE_ATTRIBUTE_READONLY),
       "SetFileAttributesW makes it read-only");
    ok(SetFileAttributesW(wname, FILE_ATTRIBUTE_NORMAL) &&
           !(GetFileAttributesW(wname) & FILE_ATTRIBUTE_READONLY),
       "and writable again");
    SetLastError(0xdeadbeef);
    ok(!SetFileAttributesW(W("no-such-file-here.x"), FILE_ATTRIBUTE_NORMAL) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "SetFileAttributesW: ERROR_FILE_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(!GetFileAttributesExW(W("no-such-file-here.x"), GetFileExInfoStandard, &data) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "GetFileAttributesExW: ERROR_FILE_NOT_FOUND");
    DeleteFileA(test_path("five"));
}

static void test_GetFileInformationByHandle(void)
{
    BY_HANDLE_FILE_INFORMATION one, two, other;
    HANDLE h1, h2, h3;

    make_file("info", 300);
    make_file("other", 1);
    h1 = CreateFileA(test_path("info"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    h2 = CreateFileA(test_path("info"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    h3 = CreateFileA(test_path("other"), GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    memset(&one, 0xcc, sizeof(one));
    ok(GetFileInformationByHandle(h1, &one), "a file");
    ok(one.nFileSizeLow == 300 && one.nFileSizeHigh == 0, "the size");
    ok(one.nNumberOfLinks == 1, "one link, got %lu", (unsigned long)one.nNumberOfLinks);
    ok(one.dwFileAttributes == FILE_ATTRIBUTE_ARCHIVE, "attributes %lx",
       (unsigned long)one.dwFileAttributes);
    ok(GetFileInformationByHandle(h2, &two), "a second handle");
    ok(GetFileInformationByHandle(h3, &other), "another file");
    ok(one.dwVolumeSerialNumber == two.dwVolumeSerialNumber &&
       one.nFileIndexLow == two.nFileIndexLow && one.nFileIndexHigh == two.nFileIndexHigh,
       "two handles of one file have one identity");
    ok(one.dwVolumeSerialNumber == other.dwVolumeSerialNumber, "one volume");
    ok(one.nFileIndexLow != other.nFileIndexLow || one.nFileIndexHigh != other.nFileIndexHigh,
       "two files have two indexes");
    CloseHandle(h1);
    CloseHandle(h2);
    CloseHandle(h3);

    h1 = CreateFileA(conformance_dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                     FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(GetFileInformationByHandle(h1, &one) && (one.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY),
       "a directory");
    CloseHandle(h1);

    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandle(NULL, &one) && GetLastError() == ERROR_INVALID_HANDLE,
       "NULL: ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandle(h1, &one) && GetLastError() == ERROR_INVALID_HANDLE,
       "a closed handle: ERROR_INVALID_HANDLE");
    DeleteFileA(test_path("info"));
    DeleteFileA(test_path("other"));
}

static void test_GetFileInformationByHandleEx(void)
{
    FILE_STANDARD_INFO std;
    FILE_BASIC_INFO basic;
    FILE_ATTRIBUTE_TAG_INFO tag;
    FILE_ID_INFO id1, id2;
    FILE_END_OF_FILE_INFO eof;
    FILETIME c, a, w;
    BYTE name[MAX_PATH * 4];
    HANDLE h, h2, d;

    make_file("ex", 1000);
    h = CreateFileA(test_path("ex"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    memset(&std, 0xcc, sizeof(std));
    ok(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof(std)), "FileStandardInfo");
    ok(std.EndOfFile.QuadPart == 1000, "the end of file");
    ok(std.AllocationSize.QuadPart >= 1000 || std.AllocationSize.QuadPart == 0,
       "the allocation");
    ok(std.NumberOfLinks == 1 && !std.DeletePending && !std.Directory, "one link, a file");

    memset(&basic, 0xcc, sizeof(basic));
    ok(GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof(basic)), "FileBasicInfo");
    GetFileTime(h, &c, &a, &w);
    ok((ULONGLONG)basic.LastWriteTime.QuadPart == ft64(w), "the write time is GetFileTime's");
    ok(basic.FileAttributes == FILE_ATTRIBUTE_ARCHIVE, "attributes %lx",
       (unsigned long)basic.FileAttributes);
    ok(basic.ChangeTime.QuadPart != 0, "a change time");

    ok(GetFileInformationByHandleEx(h, FileAttributeTagInfo, &tag, sizeof(tag)) &&
       tag.FileAttributes == FILE_ATTRIBUTE_ARCHIVE && tag.ReparseTag == 0,
       "FileAttributeTagInfo");

    h2 = CreateFileA(test_path("ex"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(GetFileInformationByHandleEx(h, FileIdInfo, &id1, sizeof(id1)) &&
       GetFileInformationByHandleEx(h2, FileIdInfo, &id2, sizeof(id2)) &&
       !memcmp(&id1, &id2, sizeof(id1)), "FileIdInfo: one identity for two handles");
    CloseHandle(h2);

    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof(std) - 1) &&
       GetLastError() == ERROR_BAD_LENGTH, "a short buffer: ERROR_BAD_LENGTH");
    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandleEx(h, FileEndOfFileInfo, &eof, sizeof(eof)) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a class only set: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandleEx(h, (FILE_INFO_BY_HANDLE_CLASS)100, &eof, sizeof(eof)) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "no such class: ERROR_INVALID_PARAMETER");
    /* w32shim has no names of open files yet (doc/api.md). */
    todo_w32shim_ok(GetFileInformationByHandleEx(h, FileNameInfo, name, sizeof(name)),
                    "FileNameInfo");
    CloseHandle(h);

    d = CreateFileA(conformance_dir, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                    FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(GetFileInformationByHandleEx(d, FileStandardInfo, &std, sizeof(std)) && std.Directory,
       "a directory's FileStandardInfo");
    CloseHandle(d);
    SetLastError(0xdeadbeef);
    ok(!GetFileInformationByHandleEx(d, FileStandardInfo, &std, sizeof(std)) &&
       GetLastError() == ERROR_INVALID_HANDLE, "a closed handle: ERROR_INVALID_HANDLE");
    DeleteFileA(test_path("ex"));
}

static void test_SetFileInformationByHandle(void)
{
    FILE_END_OF_FILE_INFO eof;
    FILE_BASIC_INFO basic;
    FILE_STANDARD_INFO std;
    LARGE_INTEGER size;
    FILETIME c, a, w;
    HANDLE h, r;

    make_file("set", 10);
    h = CreateFileA(test_path("set"), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    eof.EndOfFile.QuadPart = 4096;
    ok(SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof(eof)), "grow");
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 4096, "the new size");
    eof.EndOfFile.QuadPart = 3;
    ok(SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof(eof)), "shrink");
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 3, "the new size");
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 0, "the file pointer stays");

    memset(&basic, 0, sizeof(basic));
    basic.LastWriteTime.QuadPart = 0x01c2349b580716b0LL;    /* 2002-07-26 11:55:32.123 */
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof(basic)), "set a time");
    ok(GetFileTime(h, &c, &a, &w) && ft64(w) == 0x01c2349b580716b0ULL, "the write time set");
    basic.LastWriteTime.QuadPart = 0;
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof(basic)), "set read-only");
    ok(GetFileAttributesA(test_path("set")) & FILE_ATTRIBUTE_READONLY, "it is read-only");
    ok(GetFileTime(h, &c, &a, &w) && ft64(w) == 0x01c2349b580716b0ULL,
       "a zero time left the time alone");
    basic.FileAttributes = FILE_ATTRIBUTE_NORMAL;
    ok(SetFileInformationByHandle(h, FileBasicInfo, &basic, sizeof(basic)), "set writable");
    ok(!(GetFileAttributesA(test_path("set")) & FILE_ATTRIBUTE_READONLY), "it is writable");

    SetLastError(0xdeadbeef);
    /* NtSetInformationFile's STATUS_INFO_LENGTH_MISMATCH; Wine says STATUS_INVALID_PARAMETER */
    ok(!SetFileInformationByHandle(h, FileEndOfFileInfo, &eof, sizeof(eof) - 1) &&
       (GetLastError() == ERROR_BAD_LENGTH || GetLastError() == ERROR_INVALID_PARAMETER),
       "a short buffer: ERROR_BAD_LENGTH");
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileStandardInfo, &std, sizeof(std)) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a class only queried: ERROR_INVALID_PARAMETER");
    CloseHandle(h);

    r = CreateFileA(test_path("set"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                    OPEN_EXISTING, 0, NULL);
    eof.EndOfFile.QuadPart = 100;
    SetLastError(0xdeadbeef);
    /* Wine reports ERROR_INVALID_HANDLE */
    todo_wine_ok(!SetFileInformationByHandle(r, FileEndOfFileInfo, &eof, sizeof(eof)) &&
                 GetLastError() == ERROR_ACCESS_DENIED, "a read-only handle: ERROR_ACCESS_DENIED");
    SetLastError(0xdeadbeef);
    basic.FileAttributes = FILE_ATTRIBUTE_READONLY;
    /* FILE_BASIC_INFORMATION needs FILE_WRITE_ATTRIBUTES; Wine does not check */
    todo_wine_ok(!SetFileInformationByHandle(r, FileBasicInfo, &basic, sizeof(basic)) &&
                 GetLastError() == ERROR_ACCESS_DENIED,
                 "no FILE_WRITE_ATTRIBUTES: ERROR_ACCESS_DENIED");
    ok(GetFileSizeEx(r, &size) && size.QuadPart == 3, "nothing changed");
    CloseHandle(r);
    SetFileAttributesA(test_path("set"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(test_path("set"));
}

/* Whether name holds exactly the size bytes make_file writes. */
static int exists_sized(const char *name, DWORD size)
{
    WIN32_FILE_ATTRIBUTE_DATA data;

    return GetFileAttributesExA(test_path(name), GetFileExInfoStandard, &data) &&
           data.nFileSizeLow == size;
}

/* Whether the UTF-8 name exists, asked through the W function. */
static int exists_w(const char *name)
{
    WCHAR wide[MAX_PATH * 2];

    MultiByteToWideChar(CP_UTF8, 0, test_path(name), -1, wide, MAX_PATH * 2);
    return GetFileAttributesW(wide) != INVALID_FILE_ATTRIBUTES;
}

static int missing(const char *name)
{
    return GetFileAttributesA(test_path(name)) == INVALID_FILE_ATTRIBUTES;
}

/* A FILE_RENAME_INFO for the UTF-8 name in buf; its size, *len the name's bytes. */
static DWORD rename_info(FILE_RENAME_INFO *info, DWORD cap, const char *name, BOOLEAN replace,
                         HANDLE root)
{
    DWORD units = (cap - offsetof(FILE_RENAME_INFO, FileName)) / sizeof(WCHAR);
    int n = MultiByteToWideChar(CP_UTF8, 0, name, -1, info->FileName, (int)units);

    info->ReplaceIfExists = replace;
    info->RootDirectory = root;
    info->FileNameLength = (DWORD)(n - 1) * sizeof(WCHAR);
    return (DWORD)offsetof(FILE_RENAME_INFO, FileName) + info->FileNameLength;
}

static HANDLE open_delete(const char *name, DWORD access)
{
    return CreateFileA(test_path(name), access,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, NULL);
}

/* Where Wine renamed the file open on h against Windows' refusal: its name
 * is sub\\inside again and "ro" a read-only-free file of 1 byte. */
static void put_back(HANDLE h, FILE_RENAME_INFO *info, DWORD cap)
{
    DWORD n = rename_info(info, cap, test_path("sub\\inside"), TRUE, NULL);

    SetFileInformationByHandle(h, FileRenameInfo, info, n);
    SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_NORMAL);
    if (missing("ro"))
        make_file("ro", 1);
}

static void test_SetFileInformationByHandle_rename(void)
{
    union {
        FILE_RENAME_INFO info;
        char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * 4];
    } u;
    char cwd[MAX_PATH];
    LARGE_INTEGER size;
    DWORD n;
    HANDLE h, other, dir;

    make_file("from", 5);
    make_file("taken", 7);
    h = open_delete("from", GENERIC_READ | DELETE);
    ok(h != INVALID_HANDLE_VALUE, "a handle with DELETE");
    n = rename_info(&u.info, sizeof(u), test_path("taken"), FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileRenameInfo, &u.info, n) &&
       GetLastError() == ERROR_ALREADY_EXISTS,
       "onto an existing file without ReplaceIfExists: ERROR_ALREADY_EXISTS");
    ok(exists_sized("from", 5) && exists_sized("taken", 7), "which changes nothing");
    n = rename_info(&u.info, sizeof(u), test_path("taken"), TRUE, NULL);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &u.info, n), "with ReplaceIfExists");
    ok(missing("from") && exists_sized("taken", 5), "the file has the new name");
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 5, "the handle still has it");

    n = rename_info(&u.info, sizeof(u), test_path("caf\xc3\xa9"), FALSE, NULL);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &u.info, n), "to a UTF-16 name");
    ok(exists_w("caf\xc3\xa9") && missing("taken"), "renamed");

    GetCurrentDirectoryA(sizeof(cwd), cwd);
    SetCurrentDirectoryA(conformance_dir);
    n = rename_info(&u.info, sizeof(u), "bare", FALSE, NULL);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &u.info, n), "to a bare name");
    SetCurrentDirectoryA(cwd);
    ok(exists_sized("bare", 5), "in the file's directory");

    CreateDirectoryA(test_path("sub"), NULL);
    dir = open_delete("sub", GENERIC_READ);
    n = rename_info(&u.info, sizeof(u), "inside", FALSE, dir);
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileRenameInfo, &u.info, n) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a RootDirectory: ERROR_INVALID_PARAMETER");
    CloseHandle(dir);
    n = rename_info(&u.info, sizeof(u), test_path("sub\\inside"), FALSE, NULL);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &u.info, n), "into a directory");
    ok(exists_sized("sub\\inside", 5) && missing("bare"), "moved");

    /*
     * Wine 8 renames over a read-only file and through a handle without
     * DELETE: todo_wine, after Microsoft's
     * documentation of FILE_RENAME_INFO (DELETE access) and what MoveFileEx
     * does on Windows. Each case then puts the files back as they were.
     */
    make_file("ro", 1);
    SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_READONLY);
    n = rename_info(&u.info, sizeof(u), test_path("ro"), TRUE, NULL);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!SetFileInformationByHandle(h, FileRenameInfo, &u.info, n) &&
                 GetLastError() == ERROR_ACCESS_DENIED,
                 "over a read-only file: ERROR_ACCESS_DENIED");
    put_back(h, &u.info, sizeof(u));
    other = CreateFileA(test_path("ro"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                        OPEN_EXISTING, 0, NULL);
    n = rename_info(&u.info, sizeof(u), test_path("ro"), TRUE, NULL);
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileRenameInfo, &u.info, n) &&
       GetLastError() == ERROR_ACCESS_DENIED, "over an open file: ERROR_ACCESS_DENIED");
    CloseHandle(other);
    put_back(h, &u.info, sizeof(u));
    ok(exists_sized("sub\\inside", 5) && exists_sized("ro", 1), "nothing changed");
    CloseHandle(h);

    h = CreateFileA(test_path("ro"), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    n = rename_info(&u.info, sizeof(u), test_path("away"), FALSE, NULL);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!SetFileInformationByHandle(h, FileRenameInfo, &u.info, n) &&
                 GetLastError() == ERROR_ACCESS_DENIED,
                 "a handle without DELETE: ERROR_ACCESS_DENIED");
    CloseHandle(h);
    todo_wine_ok(exists_sized("ro", 1) && missing("away"), "which changes nothing");

    DeleteFileA(test_path("away"));
    DeleteFileA(test_path("ro"));
    DeleteFileA(test_path("sub\\inside"));
    RemoveDirectoryA(test_path("sub"));
}

static void test_SetFileInformationByHandle_disposition(void)
{
    union {
        FILE_RENAME_INFO info;
        char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * 4];
    } u;
    FILE_DISPOSITION_INFO yes = { TRUE }, no = { FALSE };
    DWORD n;
    HANDLE h;

    make_file("del", 3);
    h = open_delete("del", DELETE);
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)), "DeleteFile TRUE");
    ok(exists_sized("del", 3), "the file is there while the handle is open");
    CloseHandle(h);
    ok(missing("del"), "and gone once it is closed");

    make_file("keep", 3);
    h = open_delete("keep", DELETE);
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)), "DeleteFile TRUE");
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &no, sizeof(no)), "then FALSE");
    CloseHandle(h);
    ok(exists_sized("keep", 3), "takes the deletion back");

    h = open_delete("keep", GENERIC_READ | GENERIC_WRITE);
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)) &&
       GetLastError() == ERROR_ACCESS_DENIED, "a handle without DELETE: ERROR_ACCESS_DENIED");
    CloseHandle(h);
    ok(exists_sized("keep", 3), "which changes nothing");

    SetFileAttributesA(test_path("keep"), FILE_ATTRIBUTE_READONLY);
    h = open_delete("keep", DELETE);
    ok(h != INVALID_HANDLE_VALUE, "a read-only file opens for DELETE");
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)) &&
       GetLastError() == ERROR_ACCESS_DENIED, "but cannot be marked: ERROR_ACCESS_DENIED");
    CloseHandle(h);
    ok(exists_sized("keep", 3), "and stays");
    SetFileAttributesA(test_path("keep"), FILE_ATTRIBUTE_NORMAL);

    h = open_delete("keep", DELETE);
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)), "marked");
    n = rename_info(&u.info, sizeof(u), test_path("moved"), FALSE, NULL);
    ok(SetFileInformationByHandle(h, FileRenameInfo, &u.info, n), "then renamed");
    CloseHandle(h);
    ok(missing("keep") && missing("moved"), "is deleted under its new name");

    CreateDirectoryA(test_path("dir"), NULL);
    make_file("dir\\f", 1);
    h = open_delete("dir", DELETE);
    SetLastError(0xdeadbeef);
    ok(!SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)) &&
       GetLastError() == ERROR_DIR_NOT_EMPTY, "a directory with a file: ERROR_DIR_NOT_EMPTY");
    DeleteFileA(test_path("dir\\f"));
    ok(SetFileInformationByHandle(h, FileDispositionInfo, &yes, sizeof(yes)),
       "an empty directory");
    CloseHandle(h);
    ok(missing("dir"), "is removed when closed");
}

/* The Ex classes (Windows 10 1709 and later), by number: mingw-w64's
 * enumeration ends before them. Wine 8 has neither (ERROR_INVALID_PARAMETER):
 * the checks are todo_wine, after Microsoft's documentation of
 * FILE_DISPOSITION_INFO_EX and FILE_RENAME_INFO's Flags. */
#define DISPOSITION_EX ((FILE_INFO_BY_HANDLE_CLASS)21)
#define RENAME_EX ((FILE_INFO_BY_HANDLE_CLASS)22)
#ifndef FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE
#define FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE 0x00000010
#endif
#ifndef FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE
#define FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE 0x00000040
#endif

static void test_SetFileInformationByHandle_ex_classes(void)
{
    union {
        FILE_RENAME_INFO info;
        char bytes[sizeof(FILE_RENAME_INFO) + MAX_PATH * 4];
    } u;
    FILE_DISPOSITION_INFO_EX dispose = { FILE_DISPOSITION_FLAG_DELETE |
                                         FILE_DISPOSITION_FLAG_POSIX_SEMANTICS };
    FILE_DISPOSITION_INFO_EX keep = { FILE_DISPOSITION_FLAG_DO_NOT_DELETE };
    FILE_DISPOSITION_INFO_EX forced = { FILE_DISPOSITION_FLAG_DELETE |
                                        FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE };
    DWORD n;
    HANDLE h, other;

    make_file("x1", 2);
    h = open_delete("x1", DELETE);
    todo_wine_ok(SetFileInformationByHandle(h, DISPOSITION_EX, &dispose, sizeof(dispose)),
                 "FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS");
    CloseHandle(h);
    todo_wine_ok(missing("x1"), "deletes the file when the handle is closed");

    make_file("x2", 2);
    h = open_delete("x2", DELETE);
    todo_wine_ok(SetFileInformationByHandle(h, DISPOSITION_EX, &dispose, sizeof(dispose)) &&
                 SetFileInformationByHandle(h, DISPOSITION_EX, &keep, sizeof(keep)),
                 "FILE_DISPOSITION_FLAG_DO_NOT_DELETE after a delete");
    CloseHandle(h);
    ok(exists_sized("x2", 2), "takes it back");

    SetFileAttributesA(test_path("x2"), FILE_ATTRIBUTE_READONLY);
    h = open_delete("x2", DELETE);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!SetFileInformationByHandle(h, DISPOSITION_EX, &dispose, sizeof(dispose)) &&
                 GetLastError() == ERROR_ACCESS_DENIED, "a read-only file: ERROR_ACCESS_DENIED");
    todo_wine_ok(SetFileInformationByHandle(h, DISPOSITION_EX, &forced, sizeof(forced)),
                 "unless FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE");
    CloseHandle(h);
    todo_wine_ok(missing("x2"), "which deletes it");

    make_file("x3", 3);
    make_file("x4", 4);
    h = open_delete("x3", DELETE);
    n = rename_info(&u.info, sizeof(u), test_path("x4"), FALSE, NULL);
    u.info.Flags = 0;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!SetFileInformationByHandle(h, RENAME_EX, &u.info, n) &&
                 GetLastError() == ERROR_ALREADY_EXISTS,
       "FileRenameInfoEx without a flag: ERROR_ALREADY_EXISTS");
    other = CreateFileA(test_path("x4"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                        OPEN_EXISTING, 0, NULL);
    u.info.Flags = FILE_RENAME_FLAG_REPLACE_IF_EXISTS | FILE_RENAME_FLAG_POSIX_SEMANTICS;
    todo_wine_ok(SetFileInformationByHandle(h, RENAME_EX, &u.info, n),
                 "FILE_RENAME_FLAG_POSIX_SEMANTICS replaces a file open sharing deletion");
    CloseHandle(other);
    todo_wine_ok(exists_sized("x4", 3) && missing("x3"), "renamed");

    make_file("x5", 5);
    SetFileAttributesA(test_path("x5"), FILE_ATTRIBUTE_READONLY);
    n = rename_info(&u.info, sizeof(u), test_path("x5"), FALSE, NULL);
    u.info.Flags = FILE_RENAME_FLAG_REPLACE_IF_EXISTS | FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE;
    todo_wine_ok(SetFileInformationByHandle(h, RENAME_EX, &u.info, n),
                 "FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE replaces a read-only file");
    todo_wine_ok(exists_sized("x5", 3) && missing("x4"), "renamed");
    CloseHandle(h);
    SetFileAttributesA(test_path("x2"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA(test_path("x5"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(test_path("x1"));
    DeleteFileA(test_path("x2"));
    DeleteFileA(test_path("x3"));
    DeleteFileA(test_path("x4"));
    DeleteFileA(test_path("x5"));
}

/* Whether a and b name one path, either separator and any case (w32shim's
 * temporary path is a POSIX one, with '/'). */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a == '/' ? '\\' : *a, y = *b == '/' ? '\\' : *b;
        if (toupper((unsigned char)x) != toupper((unsigned char)y))
            return 0;
    }
    return *a == *b;
}

static int ends_with_i(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);

    return n >= m && same_name(s + n - m, tail);
}

/* Whether two handles are the same file (volume and index). */
static int same_file(HANDLE a, HANDLE b)
{
    BY_HANDLE_FILE_INFORMATION x, y;

    return GetFileInformationByHandle(a, &x) && GetFileInformationByHandle(b, &y) &&
           x.dwVolumeSerialNumber == y.dwVolumeSerialNumber &&
           x.nFileIndexHigh == y.nFileIndexHigh && x.nFileIndexLow == y.nFileIndexLow;
}

/* A final path with a drive ("\\?\C:\...") opened again: the same file. */
static int names_it(HANDLE h, const char *path)
{
    HANDLE again = CreateFileA(path, FILE_READ_ATTRIBUTES,
                               FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    int same = again != INVALID_HANDLE_VALUE && same_file(h, again);

    if (again != INVALID_HANDLE_VALUE)
        CloseHandle(again);
    return same;
}

static void test_GetFinalPathNameByHandle(void)
{
    char path[MAX_PATH * 2], small[MAX_PATH * 2], none[MAX_PATH * 2];
    WCHAR wpath[MAX_PATH * 2];
    DWORD n, len, wlen;
    HANDLE h, dir, event;

    make_test_dir_for("finalpath");
    make_file("final name.txt", 3);
    h = CreateFileA(test_path("final name.txt"), GENERIC_READ, FILE_SHARE_READ, NULL,
                    OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE, "open the file");

    len = GetFinalPathNameByHandleA(h, path, sizeof(path),
                                    FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    ok(len > 0 && len == strlen(path), "a DOS path: %lu (error %lu)", (unsigned long)len,
       (unsigned long)GetLastError());
    ok(strncmp(path, "\\\\?\\", 4) == 0 && isalpha((unsigned char)path[4]) && path[5] == ':' &&
           path[6] == '\\',
       "\\\\?\\ and a drive: %s", path);
    ok(len > 15 && strcmp(path + len - 15, "\\final name.txt") == 0, "ends with the name: %s",
       path);
    ok(!strchr(path, '/'), "backslashes only: %s", path);
    ok(names_it(h, path), "opened again, the same file: %s", path);
    n = GetFinalPathNameByHandleA(h, small, sizeof(small), FILE_NAME_OPENED);
    ok(n == len && strcmp(small, path) == 0, "FILE_NAME_OPENED: the same for a long name: %s",
       small);
    n = GetFinalPathNameByHandleA(h, none, sizeof(none), VOLUME_NAME_NONE);
    ok(n == len - 6 && strcmp(none, path + 6) == 0, "VOLUME_NAME_NONE: without the drive: %s",
       none);

    /* A: a buffer without room for the NUL is left alone and the length (no
     * NUL) comes back, as on success; an exact fit succeeds. */
    memset(small, 0x11, sizeof(small));
    n = GetFinalPathNameByHandleA(h, small, len, 0);
    ok(n == len && small[0] == 0x11, "A, one short: %lu, the buffer untouched", (unsigned long)n);
    n = GetFinalPathNameByHandleA(h, NULL, 0, 0);
    ok(n == len, "A, no buffer: %lu", (unsigned long)n);
    n = GetFinalPathNameByHandleA(h, small, len + 1, 0);
    ok(n == len && small[len] == 0 && small[len + 1] == 0x11 && strcmp(small, path) == 0,
       "A, an exact fit: %lu", (unsigned long)n);

    /* W: the same path; one short gives the size with the NUL. */
    wlen = GetFinalPathNameByHandleW(h, wpath, MAX_PATH * 2, 0);
    ok(wlen == len && wpath[wlen] == 0 && wpath[0] == '\\' && wpath[wlen - 1] == 't',
       "W: %lu characters", (unsigned long)wlen);
    wpath[0] = 0x1111;
    n = GetFinalPathNameByHandleW(h, wpath, wlen, 0);
    ok(n == wlen + 1 && wpath[0] == 0x1111, "W, one short: %lu, the buffer untouched",
       (unsigned long)n);
    n = GetFinalPathNameByHandleW(h, NULL, 0, 0);
    ok(n == wlen + 1, "W, no buffer: %lu", (unsigned long)n);

    /* Flags outside the documented ones, and two volume forms at once. */
    SetLastError(0xdeadbeef);
    ok(!GetFinalPathNameByHandleA(h, path, sizeof(path), VOLUME_NAME_GUID | VOLUME_NAME_NT) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "two volume forms: ERROR_INVALID_PARAMETER (%lu)", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetFinalPathNameByHandleA(h, path, sizeof(path), 0x10) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "an unknown flag: ERROR_INVALID_PARAMETER (%lu)", (unsigned long)GetLastError());
    /* The NT device form: w32shim's volumes have no device name (doc/api.md). */
    n = GetFinalPathNameByHandleA(h, small, sizeof(small), VOLUME_NAME_NT);
    todo_w32shim_ok(n > 0 && strncmp(small, "\\Device\\", 8) == 0 &&
                        strcmp(small + n - (len - 6), none) == 0,
                    "VOLUME_NAME_NT: a device and the path (error %lu)",
                    (unsigned long)GetLastError());

    /* Not files: an invalid handle, an event, a pipe. */
    SetLastError(0xdeadbeef);
    ok(!GetFinalPathNameByHandleA(INVALID_HANDLE_VALUE, path, sizeof(path), 0) &&
           GetLastError() == ERROR_INVALID_HANDLE,
       "INVALID_HANDLE_VALUE: ERROR_INVALID_HANDLE (%lu)", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetFinalPathNameByHandleW(INVALID_HANDLE_VALUE, NULL, 0, 0) &&
           GetLastError() == ERROR_INVALID_HANDLE,
       "W, INVALID_HANDLE_VALUE: ERROR_INVALID_HANDLE (%lu)", (unsigned long)GetLastError());
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(!GetFinalPathNameByHandleA(event, path, sizeof(path), 0), "an event has no path");
    CloseHandle(event);
    {
        HANDLE r, w;
        ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe");
        ok(!GetFinalPathNameByHandleA(r, path, sizeof(path), 0),
           "an anonymous pipe has no DOS path");
        CloseHandle(r);
        CloseHandle(w);
    }

    /* A directory, opened with FILE_FLAG_BACKUP_SEMANTICS. */
    dir = CreateFileA(conformance_dir, FILE_READ_ATTRIBUTES,
                      FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                      FILE_FLAG_BACKUP_SEMANTICS, NULL);
    ok(dir != INVALID_HANDLE_VALUE, "open the directory");
    n = GetFinalPathNameByHandleA(dir, small, sizeof(small), 0);
    ok(n > 0 && n < len && strncmp(small, path, n) == 0 && path[n] == '\\',
       "the directory's path is the file's less its name: %s", small);
    ok(names_it(dir, small), "opened again, the same directory: %s", small);
    CloseHandle(dir);

    CloseHandle(h);
    DeleteFileA(test_path("final name.txt"));
    RemoveDirectoryA(conformance_dir);
}

static void test_GetTempFileName(void)
{
    char name[MAX_PATH], name2[MAX_PATH], want[MAX_PATH * 2];
    WCHAR wdir[MAX_PATH], wname[MAX_PATH];
    UINT n, n2;
    DWORD attrs;

    n = GetTempFileNameA(conformance_dir, "abc", 0, name);
    ok(n != 0 && n <= 0xFFFF, "a unique number, got %u", n);
    attrs = GetFileAttributesA(name);
    ok(attrs != INVALID_FILE_ATTRIBUTES && !(attrs & FILE_ATTRIBUTE_DIRECTORY),
       "the file was created");
    snprintf(want, sizeof(want), "%s\\abc%X.tmp", conformance_dir, n);
    ok(same_name(name, want), "the name: %s", name);
    n2 = GetTempFileNameA(conformance_dir, "abc", 0, name2);
    ok(n2 != 0 && n2 != n && strcmp(name, name2) != 0, "a second call, a second file");
    ok(DeleteFileA(name) && DeleteFileA(name2), "delete them");

    n = GetTempFileNameA(conformance_dir, "abcdef", 0x12345, name);
    ok(n == 0x2345, "the low 16 bits of a given number are returned, got %x", n);
    ok(ends_with_i(name, "\\abc2345.tmp"), "three characters of prefix, 16 bits of number: %s",
       name);
    ok(GetFileAttributesA(name) == INVALID_FILE_ATTRIBUTES, "a given number creates nothing");

    n = GetTempFileNameA(test_path(""), NULL, 2, name);
    ok(n == 2 && ends_with_i(name, "\\2.tmp") && !strstr(name, "\\\\") && !strstr(name, "//"),
       "a trailing separator, no prefix: %s", name);

    SetLastError(0xdeadbeef);
    n = GetTempFileNameA(test_path("nodir"), "abc", 0, name);
    ok(n == 0 && GetLastError() == ERROR_DIRECTORY, "a missing directory: ERROR_DIRECTORY, got %lu",
       (unsigned long)GetLastError());

    MultiByteToWideChar(CP_ACP, 0, conformance_dir, -1, wdir, MAX_PATH);
    n = GetTempFileNameW(wdir, W("wxyz"), 0, wname);
    ok(n != 0, "GetTempFileNameW");
    WideCharToMultiByte(CP_ACP, 0, wname, -1, name, sizeof(name), NULL, NULL);
    snprintf(want, sizeof(want), "%s\\wxy%X.tmp", conformance_dir, n);
    ok(same_name(name, want), "the wide name: %s", name);
    ok(DeleteFileW(wname), "the file was created");
    RemoveDirectoryA(conformance_dir);
}

static void test_GetDiskFreeSpace(void)
{
    ULARGE_INTEGER avail, total, free_bytes;
    DWORD spc, bps, free_clusters, total_clusters;
    WCHAR wdir[MAX_PATH];

    make_test_dir_for("fileinfo");
    ok(GetDiskFreeSpaceExA(conformance_dir, &avail, &total, &free_bytes), "GetDiskFreeSpaceExA");
    ok(total.QuadPart > 0 && free_bytes.QuadPart <= total.QuadPart &&
       avail.QuadPart <= free_bytes.QuadPart, "free space within the total");
    ok(GetDiskFreeSpaceExA(NULL, NULL, &total, NULL) && total.QuadPart > 0,
       "NULL: the current directory's disk, NULL out-pointers allowed");
    MultiByteToWideChar(CP_ACP, 0, conformance_dir, -1, wdir, MAX_PATH);
    ok(GetDiskFreeSpaceExW(wdir, &avail, NULL, NULL), "GetDiskFreeSpaceExW");
    SetLastError(0xdeadbeef);
    ok(!GetDiskFreeSpaceExA(test_path("nodir\\"), &avail, &total, &free_bytes) &&
       (GetLastError() == ERROR_PATH_NOT_FOUND || GetLastError() == ERROR_FILE_NOT_FOUND),
       "a missing directory fails, got %lu", (unsigned long)GetLastError());

    ok(GetDiskFreeSpaceA(NULL, &spc, &bps, &free_clusters, &total_clusters),
       "GetDiskFreeSpaceA");
    ok(spc >= 1 && bps >= 512 && total_clusters >= 1 && free_clusters <= total_clusters,
       "the geometry");
    ok(GetDiskFreeSpaceW(NULL, &spc, &bps, &free_clusters, &total_clusters) && spc >= 1 &&
           bps >= 512 && free_clusters <= total_clusters,
       "GetDiskFreeSpaceW");
    RemoveDirectoryA(conformance_dir);
}

CONFORMANCE_MAIN(test_GetFileAttributesEx, test_GetFileInformationByHandle,
                 test_GetFileInformationByHandleEx, test_SetFileInformationByHandle,
                 test_SetFileInformationByHandle_rename,
                 test_SetFileInformationByHandle_disposition,
                 test_SetFileInformationByHandle_ex_classes,
                 test_GetTempFileName, test_GetDiskFreeSpace, test_GetFinalPathNameByHandle)
