/* Conformance: files: CreateFile dispositions, I/O, positions, share modes, locks, names. */
#include "conformance.h"

static HANDLE open_file(const char *name, DWORD access, DWORD share, DWORD disposition)
{
    return CreateFileA(test_path(name), access, share, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
}

static void put_file(const char *name, const char *text)
{
    HANDLE h = open_file(name, GENERIC_WRITE, 0, CREATE_ALWAYS);
    DWORD n;

    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static void test_dispositions(void)
{
    HANDLE h;

    make_test_dir_for("files");
    SetLastError(0xdead);
    h = open_file("a", GENERIC_WRITE, 0, CREATE_NEW);
    ok(h != INVALID_HANDLE_VALUE, "CREATE_NEW on a missing file succeeds");
    CloseHandle(h);
    h = open_file("a", GENERIC_WRITE, 0, CREATE_NEW);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS,
       "CREATE_NEW on an existing file fails with ERROR_FILE_EXISTS");
    SetLastError(0xdead);
    h = open_file("a", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CREATE_ALWAYS on an existing file succeeds with ERROR_ALREADY_EXISTS");
    CloseHandle(h);
    SetLastError(0xdead);
    h = open_file("b", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS,
       "CREATE_ALWAYS on a missing file sets no error");
    CloseHandle(h);
    SetLastError(0xdead);
    h = open_file("a", GENERIC_READ, 0, OPEN_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "OPEN_ALWAYS on an existing file succeeds with ERROR_ALREADY_EXISTS");
    CloseHandle(h);
    h = open_file("missing", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "OPEN_EXISTING on a missing file fails with ERROR_FILE_NOT_FOUND");
    h = open_file("nodir\\a", GENERIC_READ, 0, OPEN_EXISTING);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a missing directory fails with ERROR_PATH_NOT_FOUND");
    h = open_file("nodir\\a", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "creating in a missing directory fails with ERROR_PATH_NOT_FOUND");
    h = open_file("a", GENERIC_READ, 0, 0);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "disposition 0 fails with ERROR_INVALID_PARAMETER");
    h = open_file("a", GENERIC_READ, 0, TRUNCATE_EXISTING + 1);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "disposition 6 fails with ERROR_INVALID_PARAMETER");
    h = CreateFileA("", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "an empty name fails with ERROR_PATH_NOT_FOUND");
    h = CreateFileA(conformance_dir, GENERIC_READ, 7, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
       "a directory without FILE_FLAG_BACKUP_SEMANTICS fails with ERROR_ACCESS_DENIED");
    DeleteFileA(test_path("a"));
    DeleteFileA(test_path("b"));
    RemoveDirectoryA(conformance_dir);
}

static void test_truncate_existing(void)
{
    HANDLE h;

    make_test_dir_for("files");
    put_file("a", "data");
    h = open_file("a", GENERIC_WRITE, 0, TRUNCATE_EXISTING);
    ok(h != INVALID_HANDLE_VALUE, "TRUNCATE_EXISTING opens an existing file");
    ok(GetFileSize(h, NULL) == 0, "TRUNCATE_EXISTING empties it");
    CloseHandle(h);
    h = open_file("missing", GENERIC_WRITE, 0, TRUNCATE_EXISTING);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "TRUNCATE_EXISTING on a missing file fails with ERROR_FILE_NOT_FOUND");
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static DWORD size_by_name(const char *name)
{
    HANDLE h = open_file(name, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    DWORD size = GetFileSize(h, NULL);

    CloseHandle(h);
    return size;
}

/*
 * CreateFile's documentation: TRUNCATE_EXISTING needs the GENERIC_WRITE bit.
 * Windows fails without it, with ERROR_INVALID_PARAMETER, before touching the
 * file; Wine 8 truncates.
 */
static void test_truncate_existing_needs_generic_write(void)
{
    HANDLE h;

    make_test_dir_for("files");
    put_file("a", "data");
    SetLastError(0xdead);
    h = open_file("a", GENERIC_READ, 0, TRUNCATE_EXISTING);
    todo_wine_ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
                 "TRUNCATE_EXISTING with GENERIC_READ fails with ERROR_INVALID_PARAMETER");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    todo_wine_ok(size_by_name("a") == 4, "and leaves the file as it was");
    put_file("a", "data");
    h = open_file("a", GENERIC_READ, 0, CREATE_ALWAYS);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CREATE_ALWAYS with GENERIC_READ opens an existing file");
    ok(GetFileSize(h, NULL) == 0, "and empties it");
    CloseHandle(h);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

/* FILE_ATTRIBUTE_READONLY comes and goes; the other attributes are no error. */
static void test_SetFileAttributesA(void)
{
    make_test_dir_for("files");
    put_file("ro", "data");
    ok(SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_READONLY), "SetFileAttributesA failed");
    ok(GetFileAttributesA(test_path("ro")) & FILE_ATTRIBUTE_READONLY, "the file is read-only");
    ok(SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_NORMAL), "SetFileAttributesA failed");
    ok(!(GetFileAttributesA(test_path("ro")) & FILE_ATTRIBUTE_READONLY), "the file is writable again");
    ok(SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_HIDDEN),
       "other attributes are accepted");
    SetLastError(0xdead);
    ok(!SetFileAttributesA(test_path("missing"), FILE_ATTRIBUTE_NORMAL) &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing file fails with ERROR_FILE_NOT_FOUND");
    SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(test_path("ro"));
    RemoveDirectoryA(conformance_dir);
}

/* Opens name as CreateFileA would with flags; whether it opened (closed again). */
static BOOL opens(const char *name, DWORD access, DWORD disposition, DWORD flags)
{
    HANDLE h = CreateFileA(test_path(name), access, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                           disposition, flags, NULL);

    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    CloseHandle(h);
    return TRUE;
}

/*
 * A read-only file keeps writers, truncation and deletion away, whoever asks:
 * the library enforces it, not file permissions. Wine maps it to permission
 * bits, which root (as in CI) passes: the checks it would fail there are
 * asked of the others only.
 */
static void test_read_only_file_keeps_every_writer_away(void)
{
    BOOL wine = running_on_wine();

    make_test_dir_for("files");
    put_file("ro", "data");
    put_file("src", "other");
    ok(SetFileAttributesA(test_path("ro"), FILE_ATTRIBUTE_READONLY), "SetFileAttributesA failed");
    ok(opens("ro", GENERIC_READ, OPEN_EXISTING, 0), "it opens for reading");
    SetLastError(0xdead);
    ok(!opens("ro", GENERIC_READ, OPEN_EXISTING, FILE_FLAG_DELETE_ON_CLOSE) &&
       GetLastError() == ERROR_ACCESS_DENIED, "FILE_FLAG_DELETE_ON_CLOSE: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!DeleteFileA(test_path("ro")) && GetLastError() == ERROR_ACCESS_DENIED,
       "DeleteFile: error %lu", (unsigned long)GetLastError());
    if (!wine) {
        SetLastError(0xdead);
        ok(!opens("ro", GENERIC_WRITE, OPEN_EXISTING, 0) && GetLastError() == ERROR_ACCESS_DENIED,
           "GENERIC_WRITE: error %lu", (unsigned long)GetLastError());
        ok(!opens("ro", GENERIC_READ | GENERIC_WRITE, CREATE_ALWAYS, 0) &&
           GetLastError() == ERROR_ACCESS_DENIED, "CREATE_ALWAYS: error %lu",
           (unsigned long)GetLastError());
        SetLastError(0xdead);
        ok(!CopyFileA(test_path("src"), test_path("ro"), FALSE) &&
           GetLastError() == ERROR_ACCESS_DENIED, "CopyFile onto it: error %lu",
           (unsigned long)GetLastError());
        SetLastError(0xdead);
        ok(!MoveFileExA(test_path("src"), test_path("ro"), MOVEFILE_REPLACE_EXISTING) &&
           GetLastError() == ERROR_ACCESS_DENIED, "MoveFileEx onto it: error %lu",
           (unsigned long)GetLastError());
    }
    ok(size_by_name("ro") == 4, "the file is as it was: %lu bytes", (unsigned long)size_by_name("ro"));
    ok(opens("ro", DELETE, OPEN_EXISTING, 0), "it opens for DELETE access");
    ok(MoveFileA(test_path("ro"), test_path("moved")), "a read-only file can be renamed");
    SetFileAttributesA(test_path("moved"), FILE_ATTRIBUTE_NORMAL);
    DeleteFileA(test_path("moved"));
    DeleteFileA(test_path("src"));
    RemoveDirectoryA(conformance_dir);
}

static void test_read_write_and_seek(void)
{
    HANDLE h, ev;
    char buf[16];
    DWORD n;
    LONG high;
    BOOL ret;

    make_test_dir_for("files");
    h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(WriteFile(h, "0123456789", 10, &n, NULL) && n == 10, "WriteFile writes 10 bytes");
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 10, "the position follows the write");
    ok(SetFilePointer(h, 6, NULL, FILE_BEGIN) == 6, "SetFilePointer FILE_BEGIN");
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 4 && memcmp(buf, "6789", 4) == 0,
       "ReadFile reads to the end");
    SetLastError(0xdead);
    n = 77;
    ret = ReadFile(h, buf, 1, &n, NULL);
    ok(ret && n == 0 && GetLastError() == 0xdead, "ReadFile at the end reads 0 bytes");
    ok(SetFilePointer(h, -100, NULL, FILE_CURRENT) == INVALID_SET_FILE_POINTER &&
       GetLastError() == ERROR_NEGATIVE_SEEK, "seeking before the start fails");
    ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 10, "a failed seek keeps the position");
    ok(SetFilePointer(h, 1, NULL, 7) == INVALID_SET_FILE_POINTER &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a bad move method fails");
    high = 0;
    SetLastError(0xdead);
    ok(SetFilePointer(h, -1, &high, FILE_BEGIN) == INVALID_SET_FILE_POINTER &&
       GetLastError() == NO_ERROR && high == 0,
       "a position of 0xFFFFFFFF succeeds with NO_ERROR");
    ok(SetFilePointer(h, 4, NULL, FILE_BEGIN) == 4 && SetEndOfFile(h) &&
       GetFileSize(h, NULL) == 4, "SetEndOfFile truncates at the position");

    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    {
        OVERLAPPED ov;
        memset(&ov, 0, sizeof(ov));
        ov.Offset = 1;
        ov.hEvent = ev;
        memset(buf, 0, sizeof(buf));
        ok(ReadFile(h, buf, 2, &n, &ov) && n == 2 && memcmp(buf, "12", 2) == 0,
           "ReadFile with an OVERLAPPED reads at its offset");
        ok(ov.InternalHigh == 2, "OVERLAPPED.InternalHigh holds the count");
        ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "the OVERLAPPED event is set");
        ok(SetFilePointer(h, 0, NULL, FILE_CURRENT) == 3,
           "the position moves past a positioned read");
        ov.Offset = 20;
        SetLastError(0xdead);
        ok(!ReadFile(h, buf, 2, &n, &ov) && GetLastError() == ERROR_HANDLE_EOF,
           "a positioned read past the end fails with ERROR_HANDLE_EOF");
    }
    CloseHandle(ev);
    CloseHandle(h);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static void test_bad_handles_and_buffers(void)
{
    HANDLE h, ev;
    char c = 0;
    DWORD n;

    make_test_dir_for("files");
    h = open_file("a", GENERIC_READ, 0, CREATE_ALWAYS);
    ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(!ReadFile(ev, &c, 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "ReadFile on an event fails with ERROR_INVALID_HANDLE");
    ok(!WriteFile(ev, &c, 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteFile on an event fails with ERROR_INVALID_HANDLE");
    ok(!ReadFile(h, NULL, 3, &n, NULL) && GetLastError() == ERROR_NOACCESS,
       "ReadFile into NULL fails with ERROR_NOACCESS");
    ok(!WriteFile(h, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "WriteFile on a read-only handle fails with ERROR_ACCESS_DENIED");
    ok(!FlushFileBuffers(h) && GetLastError() == ERROR_ACCESS_DENIED,
       "FlushFileBuffers on a read-only handle fails with ERROR_ACCESS_DENIED");
    ok(GetFileType(h) == FILE_TYPE_DISK, "a file is FILE_TYPE_DISK");
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0,
       "a handle for synchronous I/O is signalled between calls");
    CloseHandle(ev);
    CloseHandle(h);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static void test_append_data(void)
{
    HANDLE h;
    char buf[8];
    DWORD n;

    make_test_dir_for("files");
    put_file("a", "abc");
    h = open_file("a", FILE_APPEND_DATA, 3, OPEN_EXISTING);
    ok(h != INVALID_HANDLE_VALUE, "FILE_APPEND_DATA opens");
    ok(WriteFile(h, "de", 2, &n, NULL) && n == 2, "an append handle writes");
    CloseHandle(h);
    h = open_file("a", GENERIC_READ, 3, OPEN_EXISTING);
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(h, buf, sizeof(buf), &n, NULL) && n == 5 && memcmp(buf, "abcde", 5) == 0,
       "the write landed at the end");
    CloseHandle(h);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static void test_share_modes(void)
{
    HANDLE a, b, c;

    make_test_dir_for("files");
    a = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    b = open_file("a", GENERIC_READ, 7, OPEN_EXISTING);
    ok(b == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "an exclusive open refuses a second one");
    b = open_file("a", 0, 0, OPEN_EXISTING);
    ok(b != INVALID_HANDLE_VALUE, "an open without data access does not conflict");
    CloseHandle(b);
    b = open_file("a", GENERIC_WRITE, 7, CREATE_ALWAYS);
    ok(b == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "CREATE_ALWAYS on an exclusively open file fails");
    ok(!DeleteFileA(test_path("a")) && GetLastError() == ERROR_SHARING_VIOLATION,
       "DeleteFile of a file open without FILE_SHARE_DELETE fails");
    CloseHandle(a);

    a = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    b = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    c = open_file("a", GENERIC_WRITE, 7, OPEN_EXISTING);
    ok(a != INVALID_HANDLE_VALUE && b != INVALID_HANDLE_VALUE, "readers sharing read coexist");
    ok(c == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "a writer is refused when readers do not share write");
    CloseHandle(a);
    CloseHandle(b);

    a = open_file("a", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    b = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ok(b == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "a second open must share the write access the first one uses");
    CloseHandle(a);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static void test_delete_on_close(void)
{
    HANDLE h;

    make_test_dir_for("files");
    h = CreateFileA(test_path("a"), GENERIC_WRITE, FILE_SHARE_DELETE, NULL, CREATE_NEW,
                    FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(h != INVALID_HANDLE_VALUE, "FILE_FLAG_DELETE_ON_CLOSE opens");
    ok(GetFileAttributesA(test_path("a")) != INVALID_FILE_ATTRIBUTES, "the file exists while open");
    CloseHandle(h);
    ok(GetFileAttributesA(test_path("a")) == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "the file is gone once closed");
    RemoveDirectoryA(conformance_dir);
}

static void test_names(void)
{
    make_test_dir_for("files");
    put_file("f", "hello");
    ok(GetFileAttributesA(test_path("f")) == FILE_ATTRIBUTE_ARCHIVE, "a new file is ARCHIVE");
    ok(GetFileAttributesA(conformance_dir) == FILE_ATTRIBUTE_DIRECTORY, "a directory is DIRECTORY");
    ok(GetFileAttributesA(test_path("missing")) == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing file has no attributes");
    ok(!DeleteFileA(test_path("missing")) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "DeleteFile of a missing file fails with ERROR_FILE_NOT_FOUND");
    ok(!CreateDirectoryA(conformance_dir, NULL) && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateDirectory of an existing one fails with ERROR_ALREADY_EXISTS");
    ok(!CreateDirectoryA(test_path("nodir\\d"), NULL) && GetLastError() == ERROR_PATH_NOT_FOUND,
       "CreateDirectory in a missing one fails with ERROR_PATH_NOT_FOUND");
    ok(CreateDirectoryA(test_path("d"), NULL), "CreateDirectory");
    ok(!DeleteFileA(test_path("d")) && GetLastError() == ERROR_ACCESS_DENIED,
       "DeleteFile of a directory fails with ERROR_ACCESS_DENIED");
    ok(CopyFileA(test_path("f"), test_path("d\\g"), TRUE), "CopyFile");
    ok(!RemoveDirectoryA(test_path("d")) && GetLastError() == ERROR_DIR_NOT_EMPTY,
       "RemoveDirectory of a non-empty one fails with ERROR_DIR_NOT_EMPTY");
    ok(!CopyFileA(test_path("f"), test_path("d\\g"), TRUE) && GetLastError() == ERROR_FILE_EXISTS,
       "CopyFile onto an existing file with bFailIfExists fails with ERROR_FILE_EXISTS");
    ok(!MoveFileA(test_path("f"), test_path("d\\g")) && GetLastError() == ERROR_ALREADY_EXISTS,
       "MoveFile onto an existing file fails with ERROR_ALREADY_EXISTS");
    ok(MoveFileExA(test_path("f"), test_path("d\\g"), MOVEFILE_REPLACE_EXISTING),
       "MoveFileEx with MOVEFILE_REPLACE_EXISTING replaces");
    ok(GetFileAttributesA(test_path("f")) == INVALID_FILE_ATTRIBUTES, "the source is gone");
    ok(!RemoveDirectoryA(test_path("d\\g")) && GetLastError() == ERROR_DIRECTORY,
       "RemoveDirectory of a file fails with ERROR_DIRECTORY");
    ok(DeleteFileA(test_path("d\\g")), "DeleteFile");
    ok(RemoveDirectoryA(test_path("d")), "RemoveDirectory");
    ok(!RemoveDirectoryA(test_path("d")) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "RemoveDirectory of a missing one fails with ERROR_FILE_NOT_FOUND");
    RemoveDirectoryA(conformance_dir);
}

static void test_locks(void)
{
    HANDLE a, b;
    OVERLAPPED ov;

    make_test_dir_for("files");
    put_file("a", "0123456789");
    a = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    b = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    ok(LockFile(a, 2, 0, 4, 0), "LockFile");
    ok(!LockFile(b, 5, 0, 1, 0) && GetLastError() == ERROR_LOCK_VIOLATION,
       "another handle cannot lock a locked range");
    ok(!LockFile(a, 5, 0, 1, 0) && GetLastError() == ERROR_LOCK_VIOLATION,
       "nor can the same handle lock it again");
    ok(LockFile(b, 6, 0, 2, 0), "a range next to it can be locked");
    /* NtUnlockFile fails with STATUS_RANGE_NOT_LOCKED, which is ERROR_NOT_LOCKED;
     * Wine reports ERROR_LOCK_VIOLATION. */
    ok(!UnlockFile(a, 2, 0, 2, 0), "UnlockFile needs the exact range");
    todo_wine_ok(GetLastError() == ERROR_NOT_LOCKED, "a partial unlock fails with ERROR_NOT_LOCKED");
    ok(UnlockFile(a, 2, 0, 4, 0), "UnlockFile");
    ok(!UnlockFile(a, 2, 0, 4, 0), "a range cannot be unlocked twice");
    todo_wine_ok(GetLastError() == ERROR_NOT_LOCKED, "a second unlock fails with ERROR_NOT_LOCKED");
    ok(LockFile(b, 5, 0, 1, 0), "the unlocked range can be locked");
    ok(UnlockFile(b, 5, 0, 1, 0) && UnlockFile(b, 6, 0, 2, 0), "b unlocks");

    memset(&ov, 0, sizeof(ov));
    ok(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov), "a shared lock");
    ok(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov), "a second shared lock");
    ok(!LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov) &&
       GetLastError() == ERROR_LOCK_VIOLATION, "no exclusive lock over shared ones");
    ok(UnlockFileEx(a, 0, 10, 0, &ov) && UnlockFileEx(b, 0, 10, 0, &ov), "UnlockFileEx");
    ok(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov),
       "an exclusive lock once they are gone");
    ok(UnlockFileEx(b, 0, 10, 0, &ov), "b unlocks");

    ov.Offset = 300;
    ok(LockFileEx(a, LOCKFILE_EXCLUSIVE_LOCK, 0, 100, 0, &ov), "an exclusive lock");
    ok(!LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, &ov), "keeps other handles out");
    ok(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, &ov),
       "but its own handle may add a shared lock over it");
    ok(UnlockFileEx(a, 0, 100, 0, &ov), "the first unlock removes the exclusive lock");
    ok(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 100, 0, &ov),
       "so another handle may share the range");
    ok(!LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 100, 0, &ov),
       "but not lock it exclusively while the shared lock stays");
    ok(UnlockFileEx(b, 0, 100, 0, &ov) && UnlockFileEx(a, 0, 100, 0, &ov), "all unlocked");

    ok(LockFile(a, 100, 0, 0, 0), "a zero-byte lock");
    ok(!LockFile(a, 98, 0, 4, 0), "a range containing its offset overlaps it");
    ok(LockFile(a, 90, 0, 10, 0), "a range ending at its offset does not");
    ok(UnlockFile(a, 90, 0, 10, 0) && UnlockFile(a, 100, 0, 0, 0), "both unlock");
    CloseHandle(a);
    CloseHandle(b);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static void test_temp_path(void)
{
    char buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    DWORD n = GetTempPathA(sizeof(buf), buf);

    ok(n > 0 && n == strlen(buf), "GetTempPathA returns the length");
    ok(n > 0 && (buf[n - 1] == '\\' || buf[n - 1] == '/'), "the path ends with a separator");
    ok(GetFileAttributesA(buf) & FILE_ATTRIBUTE_DIRECTORY, "the path is a directory");
    ok(GetTempPathA(n, buf) == n + 1, "a short buffer gets the size needed");
    ok(GetTempPathW(MAX_PATH, wbuf) == n && wbuf[n] == 0, "GetTempPathW agrees");
}

/* Counts the names FindFirstFile/FindNextFile give for pattern (under conformance_dir);
 * -1 if the search failed, with *error its last error. */
static int count_matches(const char *pattern, DWORD *error, int *dots)
{
    WIN32_FIND_DATAA data;
    HANDLE h;
    int n = 0;

    *dots = 0;
    SetLastError(0xdead);
    h = FindFirstFileA(test_path(pattern), &data);
    if (h == INVALID_HANDLE_VALUE) {
        *error = GetLastError();
        return -1;
    }
    do {
        if (!strcmp(data.cFileName, ".") || !strcmp(data.cFileName, ".."))
            (*dots)++;
        else
            n++;
    } while (FindNextFileA(h, &data));
    *error = GetLastError();
    ok(FindClose(h), "FindClose failed");
    return n;
}

static void test_find_files(void)
{
    WIN32_FIND_DATAA data;
    WIN32_FIND_DATAW wdata;
    WCHAR wname[MAX_PATH * 2];
    DWORD error = 0;
    int dots = 0, n;
    HANDLE h;

    make_test_dir_for("files");
    put_file("find-a.txt", "12345");
    put_file("find-b.txt", "");
    put_file("find-c.dat", "x");
    put_file("find-noext", "x");
    ok(CreateDirectoryA(test_path("find-sub"), NULL), "CreateDirectoryA failed");

    n = count_matches("find-*", &error, &dots);
    ok(n == 5 && error == ERROR_NO_MORE_FILES, "find-*: %d names, error %lu", n,
       (unsigned long)error);
    n = count_matches("*", &error, &dots);
    ok(n == 5 && dots == 2, "*: %d names and %d dot entries", n, dots);
    n = count_matches("find-?.txt", &error, &dots);
    ok(n == 2, "find-?.txt: %d names", n);
    n = count_matches("*.TXT", &error, &dots);
    ok(n == 2, "*.TXT matches without case: %d names", n);
    n = count_matches("find-noext.*", &error, &dots);
    ok(n == 1, "name.* matches the name without extension: %d", n);
    n = count_matches("*.*", &error, &dots);
    ok(n == 5, "*.* matches every name: %d", n);
    n = count_matches("nothing-*", &error, &dots);
    ok(n == -1 && error == ERROR_FILE_NOT_FOUND, "no match: %d, error %lu", n,
       (unsigned long)error);
    n = count_matches("no-such-dir\\*", &error, &dots);
    ok(n == -1 && error == ERROR_PATH_NOT_FOUND, "missing directory: %d, error %lu", n,
       (unsigned long)error);
    n = count_matches("find-sub\\", &error, &dots);
    ok(n == -1 && error == ERROR_FILE_NOT_FOUND, "trailing backslash: %d, error %lu", n,
       (unsigned long)error);

    h = FindFirstFileA(test_path("find-a.txt"), &data);
    ok(h != INVALID_HANDLE_VALUE, "a plain name finds the file");
    ok(!strcmp(data.cFileName, "find-a.txt"), "cFileName %s", data.cFileName);
    ok(data.nFileSizeLow == 5 && data.nFileSizeHigh == 0, "size %lu",
       (unsigned long)data.nFileSizeLow);
    ok(!(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "a file is not a directory");
    SetLastError(0xdead);
    ok(!FindNextFileA(h, &data) && GetLastError() == ERROR_NO_MORE_FILES,
       "FindNextFile at the end: %lu", (unsigned long)GetLastError());
    ok(FindClose(h), "FindClose failed");

    h = FindFirstFileA(test_path("find-sub"), &data);
    ok(h != INVALID_HANDLE_VALUE && (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY),
       "a directory has FILE_ATTRIBUTE_DIRECTORY");
    FindClose(h);

    MultiByteToWideChar(CP_UTF8, 0, test_path("find-c.dat"), -1, wname, MAX_PATH * 2);
    h = FindFirstFileW(wname, &wdata);
    ok(h != INVALID_HANDLE_VALUE, "FindFirstFileW failed");
    ok(wdata.cFileName[0] == 'f' && wdata.cFileName[9] == 't' && wdata.cFileName[10] == 0,
       "FindFirstFileW gives the UTF-16 name");
    SetLastError(0xdead);
    ok(!FindNextFileW(h, &wdata) && GetLastError() == ERROR_NO_MORE_FILES,
       "FindNextFileW at the end");
    ok(FindClose(h), "FindClose failed");

    SetLastError(0xdead);
    ok(FindFirstFileA("", &data) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "empty name: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!FindClose(INVALID_HANDLE_VALUE) && GetLastError() == ERROR_INVALID_HANDLE,
       "FindClose(INVALID_HANDLE_VALUE): %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!FindNextFileA(INVALID_HANDLE_VALUE, &data) && GetLastError() == ERROR_INVALID_HANDLE,
       "FindNextFile(INVALID_HANDLE_VALUE): %lu", (unsigned long)GetLastError());

    DeleteFileA(test_path("find-a.txt"));
    DeleteFileA(test_path("find-b.txt"));
    DeleteFileA(test_path("find-c.dat"));
    DeleteFileA(test_path("find-noext"));
    RemoveDirectoryA(test_path("find-sub"));
    ok(RemoveDirectoryA(conformance_dir), "the directory is empty again");
}

/* ---- the wide functions ---- */

static const WCHAR *wpath(const char *name)
{
    static WCHAR bufs[4][MAX_PATH * 2];
    static int next;
    WCHAR *buf = bufs[next++ % 4];

    MultiByteToWideChar(CP_ACP, 0, test_path(name), -1, buf, MAX_PATH * 2);
    return buf;
}

/* wpath(name) with the UTF-16 suffix appended */
static const WCHAR *wpath_plus(const char *name, const WCHAR *suffix)
{
    WCHAR *buf = (WCHAR *)wpath(name);
    size_t n = 0, i = 0;

    while (buf[n])
        n++;
    while (suffix[i] && n < MAX_PATH * 2 - 1)
        buf[n++] = suffix[i++];
    buf[n] = 0;
    return buf;
}

/* Counts the matches of pattern through FindFirstFileExA; -1 if the search fails. */
static int count_ex(const char *pattern, FINDEX_INFO_LEVELS level, FINDEX_SEARCH_OPS op,
                    DWORD flags)
{
    WIN32_FIND_DATAA data;
    HANDLE h = FindFirstFileExA(test_path(pattern), level, &data, op, NULL, flags);
    int n = 0;

    if (h == INVALID_HANDLE_VALUE)
        return -1;
    do
        n++;
    while (FindNextFileA(h, &data));
    FindClose(h);
    return n;
}

static void expect_find_ex_error(FINDEX_INFO_LEVELS level, FINDEX_SEARCH_OPS op, DWORD error)
{
    WIN32_FIND_DATAA data;
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = FindFirstFileExA(test_path("*"), level, &data, op, NULL, 0);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == error,
       "FindFirstFileExA level %d, op %d: expected error %lu", (int)level, (int)op,
       (unsigned long)error);
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
}

static void test_FindFirstFileEx(void)
{
    WIN32_FIND_DATAW wdata;
    WCHAR wpattern[MAX_PATH * 2];
    HANDLE h;

    make_test_dir_for("findex");
    CloseHandle(CreateFileA(test_path("Upper.txt"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0,
                            NULL));
    CloseHandle(CreateFileA(test_path("other.dat"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0,
                            NULL));
    CreateDirectoryA(test_path("sub"), NULL);

    ok(count_ex("*.txt", FindExInfoStandard, FindExSearchNameMatch, 0) == 1, "standard level");
    ok(count_ex("*.txt", FindExInfoBasic, FindExSearchNameMatch, 0) == 1, "basic level");
    ok(count_ex("*", FindExInfoStandard, FindExSearchNameMatch, FIND_FIRST_EX_LARGE_FETCH) == 5,
       "FIND_FIRST_EX_LARGE_FETCH: ., .., two files and a directory");
    /* Advice file systems may ignore, and NTFS does: files are reported too. */
    ok(count_ex("*", FindExInfoStandard, FindExSearchLimitToDirectories, 0) >= 3,
       "FindExSearchLimitToDirectories reports the directories");
    ok(count_ex("upper.txt", FindExInfoStandard, FindExSearchNameMatch, 0) == 1,
       "names match without case");
    ok(count_ex("Upper.txt", FindExInfoStandard, FindExSearchNameMatch,
                FIND_FIRST_EX_CASE_SENSITIVE) == 1, "FIND_FIRST_EX_CASE_SENSITIVE, same case");
    /* Windows matches case only where the system is set up for case-sensitive
     * names (not by default); w32shim's file systems are: doc/api.md. */
    if (running_on_w32shim())
        ok(count_ex("upper.*", FindExInfoStandard, FindExSearchNameMatch,
                    FIND_FIRST_EX_CASE_SENSITIVE) == -1 && GetLastError() == ERROR_FILE_NOT_FOUND,
           "FIND_FIRST_EX_CASE_SENSITIVE: another case does not match");
    SetLastError(0xdeadbeef);
    ok(count_ex("none*", FindExInfoStandard, FindExSearchNameMatch, 0) == -1 &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "no match: ERROR_FILE_NOT_FOUND");

    expect_find_ex_error(FindExInfoMaxInfoLevel, FindExSearchNameMatch, ERROR_INVALID_PARAMETER);
    expect_find_ex_error((FINDEX_INFO_LEVELS)7, FindExSearchNameMatch, ERROR_INVALID_PARAMETER);
    expect_find_ex_error(FindExInfoStandard, FindExSearchLimitToDevices, ERROR_INVALID_PARAMETER);
    expect_find_ex_error(FindExInfoStandard, FindExSearchMaxSearchOp, ERROR_INVALID_PARAMETER);
    expect_find_ex_error(FindExInfoBasic, (FINDEX_SEARCH_OPS)9, ERROR_INVALID_PARAMETER);

    MultiByteToWideChar(CP_ACP, 0, test_path("*.dat"), -1, wpattern, MAX_PATH * 2);
    memset(&wdata, 0, sizeof(wdata));
    h = FindFirstFileExW(wpattern, FindExInfoBasic, &wdata, FindExSearchNameMatch, NULL, 0);
    ok(h != INVALID_HANDLE_VALUE && !lstrcmpW(wdata.cFileName, W("other.dat")) &&
       wdata.cAlternateFileName[0] == 0, "FindFirstFileExW, basic: no short name");
    ok(!FindNextFileW(h, &wdata) && GetLastError() == ERROR_NO_MORE_FILES, "one match");
    ok(FindClose(h), "FindClose");
    SetLastError(0xdeadbeef);
    ok(FindFirstFileExW(wpattern, FindExInfoMaxInfoLevel, &wdata, FindExSearchNameMatch, NULL,
                        0) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "FindFirstFileExW, a bad level: ERROR_INVALID_PARAMETER");

    DeleteFileA(test_path("Upper.txt"));
    DeleteFileA(test_path("other.dat"));
    RemoveDirectoryA(test_path("sub"));
    ok(RemoveDirectoryA(conformance_dir), "everything was cleaned up");
}

static void test_CreateDirectoryW_and_RemoveDirectoryW(void)
{
    const WCHAR *sub;

    make_test_dir_for("files");
    sub = wpath_plus("d-", W("\x00e9\x0444"));
    SetLastError(0xdead);
    ok(CreateDirectoryW(sub, NULL), "CreateDirectoryW failed");
    ok(GetFileAttributesW(sub) == FILE_ATTRIBUTE_DIRECTORY, "not a directory");
    SetLastError(0xdead);
    ok(!CreateDirectoryW(sub, NULL) && GetLastError() == ERROR_ALREADY_EXISTS,
       "an existing directory: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!CreateDirectoryW(wpath("nodir\\d"), NULL) && GetLastError() == ERROR_PATH_NOT_FOUND,
       "in a missing directory: %lu", (unsigned long)GetLastError());
    put_file("d-file", "x");
    SetLastError(0xdead);
    ok(!RemoveDirectoryW(wpath("d-file")) && GetLastError() == ERROR_DIRECTORY,
       "RemoveDirectoryW of a file: %lu", (unsigned long)GetLastError());
    ok(RemoveDirectoryW(sub), "RemoveDirectoryW failed");
    ok(GetFileAttributesW(sub) == INVALID_FILE_ATTRIBUTES, "the directory is still there");
    SetLastError(0xdead);
    ok(!RemoveDirectoryW(sub) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing directory: %lu", (unsigned long)GetLastError());
    DeleteFileA(test_path("d-file"));
    RemoveDirectoryA(conformance_dir);
}

static void test_CreateFileW_and_DeleteFileW_with_a_non_ascii_name(void)
{
    const WCHAR *name;
    char got[8] = "";
    DWORD n = 0;
    HANDLE h;

    make_test_dir_for("files");
    name = wpath_plus("f-", W("\x00e9\x0444.txt"));
    SetLastError(0xdead);
    h = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL,
                    NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFileW CREATE_NEW failed");
    ok(WriteFile(h, "abc", 3, &n, NULL) && n == 3, "WriteFile wrote %lu", (unsigned long)n);
    CloseHandle(h);
    ok(GetFileAttributesW(name) == FILE_ATTRIBUTE_ARCHIVE, "attributes %lx",
       (unsigned long)GetFileAttributesW(name));
    SetLastError(0xdead);
    h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS,
       "CREATE_NEW on an existing file: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    h = CreateFileW(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_SUCCESS, "OPEN_EXISTING: %lu",
       (unsigned long)GetLastError());
    ok(ReadFile(h, got, sizeof(got), &n, NULL) && n == 3 && !memcmp(got, "abc", 3),
       "read back %lu bytes", (unsigned long)n);
    CloseHandle(h);
    SetLastError(0xdead);
    h = CreateFileW(wpath("missing"), GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing file: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    h = CreateFileW(wpath("nodir\\f"), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "in a missing directory: %lu", (unsigned long)GetLastError());
    ok(DeleteFileW(name), "DeleteFileW failed");
    SetLastError(0xdead);
    ok(GetFileAttributesW(name) == INVALID_FILE_ATTRIBUTES &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "GetFileAttributesW of a deleted file: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!DeleteFileW(name) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "DeleteFileW of a missing file: %lu", (unsigned long)GetLastError());
    RemoveDirectoryA(conformance_dir);
}

static void test_CopyFileW_MoveFileW_and_MoveFileExW(void)
{
    make_test_dir_for("files");
    put_file("src", "hello");
    put_file("other", "x");
    ok(CopyFileW(wpath("src"), wpath("copy"), TRUE), "CopyFileW failed");
    ok(GetFileAttributesA(test_path("src")) != INVALID_FILE_ATTRIBUTES, "CopyFileW removed the source");
    SetLastError(0xdead);
    ok(!CopyFileW(wpath("src"), wpath("copy"), TRUE) && GetLastError() == ERROR_FILE_EXISTS,
       "CopyFileW onto an existing file: %lu", (unsigned long)GetLastError());
    ok(CopyFileW(wpath("other"), wpath("copy"), FALSE), "CopyFileW over a file failed");
    SetLastError(0xdead);
    ok(!CopyFileW(wpath("missing"), wpath("copy2"), FALSE) &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "CopyFileW of a missing file: %lu", (unsigned long)GetLastError());
    ok(MoveFileW(wpath("src"), wpath("moved")), "MoveFileW failed");
    ok(GetFileAttributesA(test_path("src")) == INVALID_FILE_ATTRIBUTES, "the source is still there");
    SetLastError(0xdead);
    ok(!MoveFileW(wpath("moved"), wpath("copy")) && GetLastError() == ERROR_ALREADY_EXISTS,
       "MoveFileW onto an existing file: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!MoveFileW(wpath("missing"), wpath("m2")) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "MoveFileW of a missing file: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!MoveFileExW(wpath("moved"), wpath("copy"), 0) && GetLastError() == ERROR_ALREADY_EXISTS,
       "MoveFileExW without REPLACE_EXISTING: %lu", (unsigned long)GetLastError());
    ok(MoveFileExW(wpath("moved"), wpath("copy"), MOVEFILE_REPLACE_EXISTING),
       "MoveFileExW with MOVEFILE_REPLACE_EXISTING failed");
    ok(GetFileAttributesA(test_path("moved")) == INVALID_FILE_ATTRIBUTES, "the source is still there");
    {
        HANDLE h = open_file("copy", GENERIC_READ, 0, OPEN_EXISTING);
        char got[8] = "";
        DWORD n = 0;

        ok(ReadFile(h, got, sizeof(got), &n, NULL) && n == 5 && !memcmp(got, "hello", 5),
           "the target does not hold the moved data");
        CloseHandle(h);
    }
    DeleteFileA(test_path("copy"));
    DeleteFileA(test_path("other"));
    RemoveDirectoryA(conformance_dir);
}

/* Copies and moves onto themselves, or involving open files, lose no data. */
static void test_copy_and_move_keep_data_of_open_files(void)
{
    HANDLE h;

    make_test_dir_for("files");
    put_file("a", "hello");
    put_file("b", "b");
    SetLastError(0xdead);
    ok(!CopyFileA(test_path("a"), test_path("a"), FALSE) && GetLastError() == ERROR_SHARING_VIOLATION,
       "CopyFileA onto itself fails with ERROR_SHARING_VIOLATION");
    ok(size_by_name("a") == 5, "and keeps the data");
    SetLastError(0xdead);
    ok(!CopyFileA(test_path("a"), test_path("a"), TRUE) && GetLastError() == ERROR_FILE_EXISTS,
       "CopyFileA onto itself with bFailIfExists fails with ERROR_FILE_EXISTS");
    ok(MoveFileExA(test_path("a"), test_path("a"), 0), "MoveFileExA onto itself succeeds");
    ok(MoveFileExA(test_path("a"), test_path("a"), MOVEFILE_REPLACE_EXISTING),
       "MoveFileExA onto itself with MOVEFILE_REPLACE_EXISTING succeeds");
    ok(size_by_name("a") == 5, "and keeps the data");

    h = open_file("b", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    SetLastError(0xdead);
    ok(!CopyFileA(test_path("a"), test_path("b"), FALSE) && GetLastError() == ERROR_SHARING_VIOLATION,
       "CopyFileA onto an open file fails with ERROR_SHARING_VIOLATION");
    SetLastError(0xdead);
    ok(!MoveFileExA(test_path("a"), test_path("b"), MOVEFILE_REPLACE_EXISTING) &&
           GetLastError() == ERROR_ACCESS_DENIED,
       "MoveFileExA onto an open file fails with ERROR_ACCESS_DENIED");
    CloseHandle(h);
    ok(size_by_name("b") == 1 && size_by_name("a") == 5, "both files keep their data");

    h = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    SetLastError(0xdead);
    ok(!CopyFileA(test_path("a"), test_path("c"), FALSE) && GetLastError() == ERROR_SHARING_VIOLATION,
       "CopyFileA of a file open without FILE_SHARE_READ fails with ERROR_SHARING_VIOLATION");
    ok(GetFileAttributesA(test_path("c")) == INVALID_FILE_ATTRIBUTES, "and creates no target");
    CloseHandle(h);
    h = open_file("a", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    SetLastError(0xdead);
    ok(!MoveFileExA(test_path("a"), test_path("c"), 0) && GetLastError() == ERROR_SHARING_VIOLATION,
       "MoveFileExA of a file open without FILE_SHARE_DELETE fails with ERROR_SHARING_VIOLATION");
    CloseHandle(h);
    ok(size_by_name("a") == 5, "the source keeps its data");
    DeleteFileA(test_path("a"));
    DeleteFileA(test_path("b"));
    RemoveDirectoryA(conformance_dir);
}

/* Windows probes a buffer before any byte moves. */
static void test_io_with_a_partly_inaccessible_buffer(void)
{
    char *mem = VirtualAlloc(NULL, 8192, MEM_COMMIT, PAGE_READWRITE);
    HANDLE h;
    DWORD n, old;
    BOOL ret;

    make_test_dir_for("files");
    h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    memset(mem, 'b', 8192);
    SetLastError(0xdead);
    n = 77;
    ret = WriteFile(h, NULL, 10, &n, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_USER_BUFFER,
       "a write from NULL fails with ERROR_INVALID_USER_BUFFER (error %lu)",
       (unsigned long)GetLastError());
    ok(n == 0 && GetFileSize(h, NULL) == 0, "and writes nothing");
    VirtualProtect(mem + 4096, 4096, PAGE_NOACCESS, &old);
    SetLastError(0xdead);
    n = 77;
    ret = WriteFile(h, mem, 8192, &n, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_USER_BUFFER,
       "a write from a partly unreadable buffer fails with ERROR_INVALID_USER_BUFFER");
    ok(n == 0 && GetFileSize(h, NULL) == 0, "and writes nothing");
    VirtualProtect(mem + 4096, 4096, PAGE_READWRITE, &old);
    WriteFile(h, mem, 8192, &n, NULL);
    SetFilePointer(h, 0, NULL, FILE_BEGIN);
    VirtualProtect(mem + 4096, 4096, PAGE_READONLY, &old);
    SetLastError(0xdead);
    n = 77;
    ret = ReadFile(h, mem, 8192, &n, NULL);
    ok(!ret && GetLastError() == ERROR_NOACCESS,
       "a read into a partly read-only buffer fails with ERROR_NOACCESS");
    ok(n == 0 && SetFilePointer(h, 0, NULL, FILE_CURRENT) == 0, "and reads nothing");
    CloseHandle(h);
    VirtualFree(mem, 0, MEM_RELEASE);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

/* A lock range may end at 2^64 but not wrap past it. */
static void test_lock_ranges_past_2_64(void)
{
    HANDLE h;
    BOOL ret;

    make_test_dir_for("files");
    h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);
    ok(LockFile(h, 1, 0, 0xffffffff, 0xffffffff) && UnlockFile(h, 1, 0, 0xffffffff, 0xffffffff),
       "a range that ends at 2^64 locks and unlocks");
    ok(LockFile(h, 0xffffffff, 0xffffffff, 1, 0) && UnlockFile(h, 0xffffffff, 0xffffffff, 1, 0),
       "so does the last byte");
    SetLastError(0xdead);
    ret = LockFile(h, 0xffffffff, 0xffffffff, 2, 0);
    ok(!ret && GetLastError() == ERROR_INVALID_PARAMETER,
       "a range past 2^64 fails with ERROR_INVALID_PARAMETER");
    SetLastError(0xdead);
    ret = UnlockFile(h, 0, 0x80000000, 1, 0x80000000);
    /* Wine says ERROR_LOCK_VIOLATION; w32shim ERROR_INVALID_PARAMETER, as for the lock. */
    ok(!ret, "and so does its unlock");
    CloseHandle(h);
    DeleteFileA(test_path("a"));
    RemoveDirectoryA(conformance_dir);
}

static ULONGLONG ft64(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static void test_GetFileTime_SetFileTime_and_CompareFileTime(void)
{
    FILETIME before, creation, access, write, set = { 0x12345678, 0x01d00000 }, x = { 5, 1 },
             y = { 4, 2 };
    HANDLE h;
    BOOL ret;

    make_test_dir_for("files");
    GetSystemTimeAsFileTime(&before);
    put_file("t", "data");
    h = open_file("t", GENERIC_READ, 0, OPEN_EXISTING);
    ok(GetFileTime(h, &creation, &access, &write), "GetFileTime failed");
    ok(ft64(write) + 20000000 >= ft64(before), "the write time is recent");
    ok(GetFileTime(h, NULL, NULL, NULL), "GetFileTime with no out-pointer fails");
    SetLastError(0xdead);
    ret = SetFileTime(h, NULL, NULL, &set);
    /* The documentation: the handle needs FILE_WRITE_ATTRIBUTES. Wine does not check. */
    todo_wine_ok(!ret && GetLastError() == ERROR_ACCESS_DENIED,
                 "SetFileTime through a read-only handle fails with ERROR_ACCESS_DENIED");
    CloseHandle(h);
    h = open_file("t", FILE_WRITE_ATTRIBUTES | FILE_READ_ATTRIBUTES, 0, OPEN_EXISTING);
    ok(SetFileTime(h, NULL, NULL, &set), "SetFileTime failed");
    ok(GetFileTime(h, NULL, NULL, &write) && ft64(write) == ft64(set),
       "the write time is the one set");
    CloseHandle(h);
    SetLastError(0xdead);
    ok(!GetFileTime(INVALID_HANDLE_VALUE, &creation, &access, &write) &&
           GetLastError() == ERROR_INVALID_HANDLE,
       "GetFileTime of an invalid handle fails with ERROR_INVALID_HANDLE");
    ok(CompareFileTime(&x, &y) == -1 && CompareFileTime(&y, &x) == 1 &&
           CompareFileTime(&x, &x) == 0, "CompareFileTime orders by the whole 64 bits");
    DeleteFileA(test_path("t"));
    RemoveDirectoryA(conformance_dir);
}

static void test_GetCurrentDirectory_and_SetCurrentDirectory(void)
{
    char saved[MAX_PATH * 2], now[MAX_PATH * 2], tiny[2];
    WCHAR wide[MAX_PATH * 2];
    DWORD len, need;

    make_test_dir_for("files");
    put_file("f", "x");
    len = GetCurrentDirectoryA(sizeof(saved), saved);
    ok(len > 0 && len == strlen(saved), "GetCurrentDirectoryA: %lu", (unsigned long)len);
    need = GetCurrentDirectoryA(0, NULL);
    ok(need == len + 1, "the size needed counts the NUL: %lu", (unsigned long)need);
    ok(GetCurrentDirectoryA(sizeof(tiny), tiny) == len + 1, "too small a buffer gives the size");
    ok(GetCurrentDirectoryW(MAX_PATH * 2, wide) == len, "GetCurrentDirectoryW gives as many units");
    ok(SetCurrentDirectoryA(conformance_dir), "SetCurrentDirectoryA failed");
    GetCurrentDirectoryA(sizeof(now), now);
    ok(GetFileAttributesA("f") != INVALID_FILE_ATTRIBUTES, "relative names follow the new directory");
    SetLastError(0xdead);
    ok(!SetCurrentDirectoryA("missing") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing directory fails with ERROR_FILE_NOT_FOUND");
    SetLastError(0xdead);
    ok(!SetCurrentDirectoryA("missing\\x") && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a missing parent fails with ERROR_PATH_NOT_FOUND");
    SetLastError(0xdead);
    ok(!SetCurrentDirectoryA("f") && GetLastError() == ERROR_DIRECTORY,
       "a file fails with ERROR_DIRECTORY");
    SetLastError(0xdead);
    ok(!SetCurrentDirectoryA("") && GetLastError() == ERROR_INVALID_NAME,
       "an empty name fails with ERROR_INVALID_NAME");
    ok(SetCurrentDirectoryW(W("..")), "SetCurrentDirectoryW failed");
    ok(SetCurrentDirectoryA(saved), "SetCurrentDirectoryA back failed");
    DeleteFileA(test_path("f"));
    RemoveDirectoryA(conformance_dir);
}

static void test_GetFileSizeEx_and_SetFilePointerEx(void)
{
    LARGE_INTEGER size, pos, move;
    HANDLE h, ev;

    make_test_dir_for("files");
    put_file("s", "0123456789");
    h = open_file("s", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    size.QuadPart = -1;
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 10, "size %ld", (long)size.QuadPart);
    move.QuadPart = 4;
    ok(SetFilePointerEx(h, move, &pos, FILE_BEGIN) && pos.QuadPart == 4, "FILE_BEGIN: %ld",
       (long)pos.QuadPart);
    move.QuadPart = 2;
    ok(SetFilePointerEx(h, move, &pos, FILE_CURRENT) && pos.QuadPart == 6, "FILE_CURRENT: %ld",
       (long)pos.QuadPart);
    move.QuadPart = -1;
    ok(SetFilePointerEx(h, move, NULL, FILE_END), "FILE_END with a NULL out-pointer failed");
    move.QuadPart = 0;
    ok(SetFilePointerEx(h, move, &pos, FILE_CURRENT) && pos.QuadPart == 9, "after FILE_END: %ld",
       (long)pos.QuadPart);
    move.QuadPart = -20;
    SetLastError(0xdead);
    ok(!SetFilePointerEx(h, move, &pos, FILE_CURRENT) && GetLastError() == ERROR_NEGATIVE_SEEK,
       "before the start: %lu", (unsigned long)GetLastError());
    move.QuadPart = 0;
    ok(SetFilePointerEx(h, move, &pos, FILE_CURRENT) && pos.QuadPart == 9, "position moved: %ld",
       (long)pos.QuadPart);
    SetLastError(0xdead);
    ok(!SetFilePointerEx(h, move, &pos, 3) && GetLastError() == ERROR_INVALID_PARAMETER,
       "bad move method: %lu", (unsigned long)GetLastError());
    move.QuadPart = 0x100000000LL;
    ok(SetFilePointerEx(h, move, &pos, FILE_BEGIN) && pos.QuadPart == 0x100000000LL,
       "beyond 4 GiB: %ld", (long)pos.QuadPart);
    ok(GetFileSizeEx(h, &size) && size.QuadPart == 10, "seeking changed the size");
    ok(SetEndOfFile(h) && GetFileSizeEx(h, &size) && size.QuadPart == 0x100000000LL,
       "GetFileSizeEx over 4 GiB: %ld", (long)size.QuadPart);
    CloseHandle(h);

    SetLastError(0xdead);
    ok(!GetFileSizeEx(INVALID_HANDLE_VALUE, &size) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetFileSizeEx(INVALID_HANDLE_VALUE): %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!SetFilePointerEx(INVALID_HANDLE_VALUE, move, &pos, FILE_BEGIN) &&
           GetLastError() == ERROR_INVALID_HANDLE,
       "SetFilePointerEx(INVALID_HANDLE_VALUE): %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!GetFileSizeEx(h, &size) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetFileSizeEx of a closed handle: %lu", (unsigned long)GetLastError());
    ev = CreateEventW(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdead);
    ok(!GetFileSizeEx(ev, &size) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetFileSizeEx of an event: %lu", (unsigned long)GetLastError());
    CloseHandle(ev);
    DeleteFileA(test_path("s"));
    RemoveDirectoryA(conformance_dir);
}

/* Equal paths, taking '\\' and '/' as the same separator (w32shim gives '/'). */
static int same_path(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (*a != *b && !((*a == '\\' || *a == '/') && (*b == '\\' || *b == '/')))
            return 0;
    return *a == *b;
}

static void test_GetFullPathNameA_resolves_dots_and_reports_sizes(void)
{
    char want[MAX_PATH * 3], got[MAX_PATH * 2], cwd[MAX_PATH * 2], small[4] = "###";
    char *part = NULL;
    DWORD n;

    make_test_dir_for("files");
    snprintf(want, sizeof(want), "%s", test_path("b.txt"));
    n = GetFullPathNameA(test_path("a\\.\\..\\b.txt"), sizeof(got), got, &part);
    ok(n == strlen(want) && same_path(got, want), "got %lu %s", (unsigned long)n, got);
    ok(part && !strcmp(part, "b.txt"), "file part %s", part ? part : "(null)");
    n = GetFullPathNameA(test_path("a\\.\\..\\b.txt"), sizeof(small), small, &part);
    ok(n == strlen(want) + 1, "too small: %lu, want %u", (unsigned long)n,
       (unsigned)strlen(want) + 1);
    ok(!strcmp(small, "###"), "a too small buffer was written: %s", small);
    n = GetFullPathNameA(test_path("a\\.\\..\\b.txt"), 0, NULL, NULL);
    ok(n == strlen(want) + 1, "size query: %lu", (unsigned long)n);
    part = got;
    n = GetFullPathNameA(test_path("sub\\"), sizeof(got), got, &part);
    ok(n > 0 && part == NULL, "a trailing separator: %lu, part %p", (unsigned long)n, (void *)part);

    /* a relative name is taken from the current directory */
    n = GetFullPathNameA(".", sizeof(cwd), cwd, NULL);
    if (!ok(n > 0 && n < sizeof(cwd), "GetFullPathNameA(\".\"): %lu", (unsigned long)n)) {
        RemoveDirectoryA(conformance_dir);
        return;
    }
    snprintf(want, sizeof(want), "%s%s%s", cwd,
             cwd[n - 1] == '\\' || cwd[n - 1] == '/' ? "" : "\\", "rel.txt");
    n = GetFullPathNameA("x\\..\\rel.txt", sizeof(got), got, &part);
    ok(n == strlen(want) && same_path(got, want), "relative: %s, want %s", got, want);
    ok(part && !strcmp(part, "rel.txt"), "relative file part %s", part ? part : "(null)");
    RemoveDirectoryA(conformance_dir);
}

static void test_GetFullPathNameW_resolves_dots_and_reports_sizes(void)
{
    WCHAR got[MAX_PATH * 2], small[2] = { '#', '#' }, *part = NULL;
    char want[MAX_PATH * 2], back[MAX_PATH * 4];
    DWORD n;

    make_test_dir_for("files");
    snprintf(want, sizeof(want), "%s", test_path("b.txt"));
    n = GetFullPathNameW(wpath("a\\..\\b.txt"), MAX_PATH * 2, got, &part);
    WideCharToMultiByte(CP_ACP, 0, got, -1, back, sizeof(back), NULL, NULL);
    ok(n == strlen(want) && same_path(back, want), "got %lu %s", (unsigned long)n, back);
    ok(part && part[0] == 'b' && part[1] == '.' && part == got + n - 5, "file part wrong");
    n = GetFullPathNameW(wpath("a\\..\\b.txt"), 2, small, NULL);
    ok(n == strlen(want) + 1 && small[0] == '#', "too small: %lu", (unsigned long)n);
    n = GetFullPathNameW(wpath_plus("", W("\x00e9")), MAX_PATH * 2, got, &part);
    ok(n > 0 && part && part[0] == 0xe9 && part[1] == 0, "a non-ASCII name");
    RemoveDirectoryA(conformance_dir);
}

/*
 * Characters no Windows file name has: the wildcards (* ? and the DOS ones
 * < > "), | and the control characters. Every function that names a file
 * refuses them with ERROR_INVALID_NAME, whether or not the file could exist,
 * in the last component or an earlier one.
 */
static void test_invalid_name_characters(void)
{
    static const char *const names[] = { "a<b", "a>b", "a|b", "a\"b", "a*b", "a?b", "a\001b",
                                         "a*\\b" };
    char full[MAX_PATH * 2];

    make_test_dir_for("files");
    put_file("valid", "x");
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *name = names[i];
        WIN32_FILE_ATTRIBUTE_DATA data;
        HANDLE h;

        snprintf(full, sizeof(full), "%s", test_path(name));
        SetLastError(0xdeadbeef);
        h = CreateFileA(full, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
           "CreateFile(%s): ERROR_INVALID_NAME (%lu)", name, (unsigned long)GetLastError());
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            DeleteFileA(full);
        }
        SetLastError(0xdeadbeef);
        ok(GetFileAttributesA(full) == INVALID_FILE_ATTRIBUTES &&
               GetLastError() == ERROR_INVALID_NAME,
           "GetFileAttributes(%s): ERROR_INVALID_NAME (%lu)", name, (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!GetFileAttributesExA(full, GetFileExInfoStandard, &data) &&
               GetLastError() == ERROR_INVALID_NAME,
           "GetFileAttributesEx(%s): ERROR_INVALID_NAME (%lu)", name,
           (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!CreateDirectoryA(full, NULL) && GetLastError() == ERROR_INVALID_NAME,
           "CreateDirectory(%s): ERROR_INVALID_NAME (%lu)", name, (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!DeleteFileA(full) && GetLastError() == ERROR_INVALID_NAME,
           "DeleteFile(%s): ERROR_INVALID_NAME (%lu)", name, (unsigned long)GetLastError());
        SetLastError(0xdeadbeef);
        ok(!MoveFileA(test_path("valid"), full) && GetLastError() == ERROR_INVALID_NAME,
           "MoveFile to %s: ERROR_INVALID_NAME (%lu)", name, (unsigned long)GetLastError());
    }
    ok(GetFileAttributesA(test_path("valid")) != INVALID_FILE_ATTRIBUTES, "nothing moved");
    DeleteFileA(test_path("valid"));
    RemoveDirectoryA(conformance_dir);
}

CONFORMANCE_MAIN(test_dispositions, test_truncate_existing,
                 test_truncate_existing_needs_generic_write, test_SetFileAttributesA,
                 test_read_only_file_keeps_every_writer_away,
                 test_read_write_and_seek,
                 test_bad_handles_and_buffers, test_append_data, test_share_modes,
                 test_delete_on_close, test_names, test_locks, test_temp_path,
                 test_find_files, test_CreateDirectoryW_and_RemoveDirectoryW,
                 test_CreateFileW_and_DeleteFileW_with_a_non_ascii_name,
                 test_CopyFileW_MoveFileW_and_MoveFileExW, test_copy_and_move_keep_data_of_open_files,
                 test_io_with_a_partly_inaccessible_buffer, test_lock_ranges_past_2_64,
                 test_GetFileTime_SetFileTime_and_CompareFileTime,
                 test_GetCurrentDirectory_and_SetCurrentDirectory,
                 test_GetFileSizeEx_and_SetFilePointerEx,
                 test_GetFullPathNameA_resolves_dots_and_reports_sizes,
                 test_GetFullPathNameW_resolves_dots_and_reports_sizes,
                 test_FindFirstFileEx, test_invalid_name_characters)
