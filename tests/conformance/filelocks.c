/*
 * Conformance: byte-range locks (LockFile, LockFileEx, UnlockFile,
 * UnlockFileEx) as Windows grants them whatever the handle's access, as
 * Wine's file.c test_LockFile checks them, and FILE_FLAG_DELETE_ON_CLOSE
 * files deleted when the process exits without closing them.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"

#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static HANDLE open_file(const char *name, DWORD access, DWORD disposition)
{
    return CreateFileA(test_path(name), access, SHARE_ALL, NULL, disposition, FILE_ATTRIBUTE_NORMAL,
                       NULL);
}

static void put_file(const char *name, const char *text)
{
    HANDLE h = open_file(name, GENERIC_WRITE, CREATE_ALWAYS);
    DWORD n;

    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

static void remove_test_dir(const char *name)
{
    DeleteFileA(test_path(name));
    RemoveDirectoryA(conformance_dir);
}

static BOOL lock_ex(HANDLE h, DWORD flags, DWORD offset, DWORD length)
{
    OVERLAPPED ov;

    memset(&ov, 0, sizeof(ov));
    ov.Offset = offset;
    return LockFileEx(h, flags | LOCKFILE_FAIL_IMMEDIATELY, 0, length, 0, &ov);
}

static BOOL unlock_ex(HANDLE h, DWORD offset, DWORD length)
{
    OVERLAPPED ov;

    memset(&ov, 0, sizeof(ov));
    ov.Offset = offset;
    return UnlockFileEx(h, 0, length, 0, &ov);
}

#define EXCLUSIVE LOCKFILE_EXCLUSIVE_LOCK
#define SHARED 0

/* Windows grants either kind of lock whatever the handle may do with the data. */
static void test_exclusive_lock_on_a_read_only_handle(void)
{
    HANDLE r, other;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    r = open_file("a", GENERIC_READ, OPEN_EXISTING);
    other = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    ok(LockFile(r, 0, 0, 10, 0), "LockFile on a read-only handle");
    ok(!lock_ex(other, SHARED, 5, 1) && GetLastError() == ERROR_LOCK_VIOLATION,
       "its exclusive lock keeps another handle out");
    ok(lock_ex(r, SHARED, 20, 5), "a shared lock on the read-only handle too");
    ok(!lock_ex(other, EXCLUSIVE, 20, 5) && GetLastError() == ERROR_LOCK_VIOLATION,
       "its shared lock keeps an exclusive one out");
    ok(UnlockFile(r, 0, 0, 10, 0) && unlock_ex(r, 20, 5), "both unlock");
    ok(lock_ex(other, EXCLUSIVE, 0, 25), "the range is free again");
    ok(unlock_ex(other, 0, 25), "unlock");
    CloseHandle(r);
    CloseHandle(other);
    remove_test_dir("a");
}

static void test_shared_lock_on_a_write_only_handle(void)
{
    HANDLE w, other;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    w = open_file("a", GENERIC_WRITE, OPEN_EXISTING);
    other = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    ok(lock_ex(w, SHARED, 0, 10), "a shared lock on a write-only handle");
    ok(lock_ex(other, SHARED, 0, 10), "another handle shares it");
    ok(!lock_ex(other, EXCLUSIVE, 5, 10) && GetLastError() == ERROR_LOCK_VIOLATION,
       "but may not lock it exclusively");
    ok(unlock_ex(other, 0, 10), "unlock the other");
    ok(lock_ex(w, EXCLUSIVE, 10, 10), "an exclusive lock on the write-only handle");
    ok(!lock_ex(other, SHARED, 15, 1) && GetLastError() == ERROR_LOCK_VIOLATION,
       "keeps the other out");
    ok(unlock_ex(w, 0, 10) && unlock_ex(w, 10, 10), "both unlock");
    CloseHandle(w);
    CloseHandle(other);
    remove_test_dir("a");
}

/* NtLockFile asks for FILE_READ_DATA or FILE_WRITE_DATA access, nothing else. */
static void test_lock_needs_data_access(void)
{
    HANDLE h, other;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    h = open_file("a", FILE_READ_ATTRIBUTES, OPEN_EXISTING);
    other = open_file("a", FILE_READ_DATA, OPEN_EXISTING);
    ok(h != INVALID_HANDLE_VALUE && other != INVALID_HANDLE_VALUE, "CreateFile");
    /* ReactOS's NtLockFile makes the same check; Wine makes none. */
    if (!todo_wine_ok(!LockFile(h, 0, 0, 4, 0) && GetLastError() == ERROR_ACCESS_DENIED,
                      "no lock on a handle without data access"))
        UnlockFile(h, 0, 0, 4, 0);
    ok(LockFile(other, 0, 0, 4, 0) && UnlockFile(other, 0, 0, 4, 0),
       "FILE_READ_DATA alone is enough");
    CloseHandle(h);
    CloseHandle(other);
    remove_test_dir("a");
}

/* Wine's test_LockFile, the checks Windows NT and later pass, one by one. */
static void test_wine_lock_sequence(void)
{
    HANDLE h, h2;

    make_test_dir_for("locks");
    put_file("a", "some text to lock");
    h = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    h2 = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    ok(LockFile(h, 0, 0, 0, 0) && UnlockFile(h, 0, 0, 0, 0), "an empty lock at 0");
    ok(!UnlockFile(h, 0, 0, 0, 0), "unlocks once");
    ok(LockFile(h, 10, 0, 20, 0), "LockFile 10,20");
    ok(!LockFile(h, 12, 0, 10, 0), "an overlapping lock inside");
    ok(!LockFile(h, 5, 0, 6, 0), "an overlapping lock before");
    ok(LockFile(h, 5, 0, 5, 0), "a lock next to it");
    ok(!UnlockFile(h, 10, 0, 10, 0), "a part of a lock does not unlock");
    ok(UnlockFile(h, 10, 0, 20, 0) && !UnlockFile(h, 10, 0, 20, 0), "exact unlock, once");
    ok(UnlockFile(h, 5, 0, 5, 0), "unlock 5,5");

    ok(lock_ex(h, SHARED, 100, 100) && lock_ex(h, SHARED, 100, 100), "a shared lock twice");
    ok(lock_ex(h, SHARED, 150, 100), "overlapping shared locks");
    ok(!lock_ex(h, EXCLUSIVE, 150, 50), "but not an exclusive one over them");
    ok(unlock_ex(h, 150, 100) && unlock_ex(h, 100, 100) && unlock_ex(h, 100, 100),
       "each shared lock unlocks");
    ok(!unlock_ex(h, 100, 100), "and no more");

    ok(lock_ex(h, EXCLUSIVE, 300, 100), "exclusive 300,100");
    ok(!lock_ex(h2, SHARED, 300, 100), "another handle may not share it");
    ok(lock_ex(h, SHARED, 300, 100), "its own handle may");
    ok(unlock_ex(h, 300, 100), "the first unlock takes the exclusive lock");
    ok(lock_ex(h2, SHARED, 300, 100), "so another handle shares the range now");
    ok(unlock_ex(h2, 300, 100) && unlock_ex(h, 300, 100), "both unlock");

    ok(LockFile(h, 0, 0x10000000, 0, 0xf0000000), "a lock up to 2^64");
    ok(!LockFile(h, ~0u, ~0u, 1, 0), "its last byte is taken");
    ok(!LockFile(h, 0, 0x20000000, 20, 0), "so are the bytes inside");
    ok(!LockFile(h2, 0, 0x20000000, 20, 0) && GetLastError() == ERROR_LOCK_VIOLATION,
       "for other handles too");
    ok(UnlockFile(h, 0, 0x10000000, 0, 0xf0000000), "unlock it");
    ok(LockFile(h, ~0u, ~0u, 1, 0) && UnlockFile(h, ~0u, ~0u, 1, 0), "the last byte alone");

    ok(LockFile(h, 100, 0, 0, 0), "a zero-byte lock");
    ok(!LockFile(h, 98, 0, 4, 0), "a range around it overlaps it");
    ok(LockFile(h, 90, 0, 10, 0), "a range ending at it does not");
    /* Wine's test_LockFile asserts this for Windows; Wine itself grants the lock. */
    if (!todo_wine_ok(!LockFile(h, 100, 0, 10, 0), "a range starting at it does"))
        UnlockFile(h, 100, 0, 10, 0);
    ok(UnlockFile(h, 90, 0, 10, 0) && !UnlockFile(h, 100, 0, 10, 0), "unlocks");
    ok(UnlockFile(h, 100, 0, 0, 0), "the zero-byte lock unlocks");
    CloseHandle(h2);
    CloseHandle(h);
    remove_test_dir("a");
}

/* Unlocking one of a handle's overlapping locks leaves the other in force. */
static void test_unlock_keeps_the_other_overlapping_lock(void)
{
    HANDLE a, b;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    a = open_file("a", GENERIC_READ, OPEN_EXISTING);
    b = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    ok(lock_ex(a, SHARED, 0, 50) && lock_ex(a, SHARED, 25, 75), "two overlapping shared locks");
    ok(unlock_ex(a, 0, 50), "unlock the first");
    ok(!lock_ex(b, EXCLUSIVE, 40, 10) && GetLastError() == ERROR_LOCK_VIOLATION,
       "the second still covers 25..100");
    ok(lock_ex(b, EXCLUSIVE, 0, 25), "the bytes only the first covered are free");
    ok(unlock_ex(b, 0, 25) && unlock_ex(a, 25, 75), "unlock");

    ok(lock_ex(a, EXCLUSIVE, 0, 10) && lock_ex(a, SHARED, 5, 10), "exclusive, then shared over it");
    ok(!lock_ex(b, SHARED, 0, 5) && GetLastError() == ERROR_LOCK_VIOLATION,
       "the exclusive part keeps shared locks out");
    ok(unlock_ex(a, 5, 10), "unlock the shared lock");
    ok(!lock_ex(b, SHARED, 9, 1) && GetLastError() == ERROR_LOCK_VIOLATION,
       "the exclusive lock still covers what both covered");
    ok(lock_ex(b, SHARED, 10, 5), "the bytes only the shared one covered are free");
    ok(unlock_ex(b, 10, 5) && unlock_ex(a, 0, 10), "unlock");
    ok(lock_ex(b, EXCLUSIVE, 0, 100) && unlock_ex(b, 0, 100), "all free");
    CloseHandle(a);
    CloseHandle(b);
    remove_test_dir("a");
}

/* Closing a handle releases its locks. */
static void test_close_releases_the_locks(void)
{
    HANDLE a, b;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    a = open_file("a", GENERIC_READ, OPEN_EXISTING);
    b = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    ok(LockFile(a, 0, 0, 10, 0) && lock_ex(a, SHARED, 20, 10), "a locks");
    ok(CloseHandle(a), "CloseHandle");
    ok(lock_ex(b, EXCLUSIVE, 0, 30), "its locks went with it");
    ok(unlock_ex(b, 0, 30), "unlock");
    CloseHandle(b);
    remove_test_dir("a");
}

struct waiter {
    HANDLE file;
    DWORD flags;
};

static DWORD WINAPI lock_and_wait(LPVOID arg)
{
    struct waiter *w = arg;
    OVERLAPPED ov;

    memset(&ov, 0, sizeof(ov));
    if (!LockFileEx(w->file, w->flags, 0, 10, 0, &ov))
        return GetLastError();
    return UnlockFileEx(w->file, 0, 10, 0, &ov) ? 0 : GetLastError();
}

/* A waiting lock on a read-only handle waits for the holder and gets the range. */
static void test_waiting_lock_on_a_read_only_handle(void)
{
    struct waiter w;
    HANDLE holder, thread;
    DWORD code = 1;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    holder = open_file("a", GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING);
    w.file = open_file("a", GENERIC_READ, OPEN_EXISTING);
    w.flags = LOCKFILE_EXCLUSIVE_LOCK;
    ok(LockFile(holder, 5, 0, 1, 0), "the holder locks");
    thread = CreateThread(NULL, 0, lock_and_wait, &w, 0, NULL);
    ok(WaitForSingleObject(thread, 50) == WAIT_TIMEOUT, "the waiter waits");
    ok(UnlockFile(holder, 5, 0, 1, 0), "the holder unlocks");
    ok(WaitForSingleObject(thread, 60000) == WAIT_OBJECT_0, "the waiter gets the lock");
    ok(GetExitCodeThread(thread, &code) && code == 0, "and unlocks it (%lu)", (unsigned long)code);
    CloseHandle(thread);
    CloseHandle(w.file);
    CloseHandle(holder);
    remove_test_dir("a");
}

/* Another process sees the locks of a read-only handle. */
static void test_lock_keeps_another_process_out(void)
{
    PROCESS_INFORMATION pi;
    char args[MAX_PATH * 2 + 32];
    HANDLE r;
    DWORD code;

    make_test_dir_for("locks");
    put_file("a", "0123456789");
    r = open_file("a", GENERIC_READ, OPEN_EXISTING);
    ok(LockFile(r, 2, 0, 3, 0), "LockFile on a read-only handle");
    snprintf(args, sizeof(args), "try_lock \"%s\"", test_path("a"));
    ok(start_child(args, &pi), "CreateProcessA");
    code = finish_child(&pi);
    ok(code == ERROR_LOCK_VIOLATION, "the child's lock failed with ERROR_LOCK_VIOLATION (%lu)",
       (unsigned long)code);
    CloseHandle(r);
    remove_test_dir("a");
}

/* Windows closes every handle of a process as it ends: the file goes. */
static void check_delete_on_close_at_exit(const char *how)
{
    PROCESS_INFORMATION pi;
    char args[MAX_PATH * 2 + 32];
    DWORD code;

    make_test_dir_for("locks");
    snprintf(args, sizeof(args), "open_delete_on_close \"%s\" %s", test_path("t"), how);
    ok(start_child(args, &pi), "CreateProcessA");
    code = finish_child(&pi);
    ok(code == 0, "%s: the child made the file (%lu)", how, (unsigned long)code);
    ok(GetFileAttributesA(test_path("t")) == INVALID_FILE_ATTRIBUTES &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "%s: the file is gone", how);
    remove_test_dir("t");
}

static void test_delete_on_close_file_goes_at_exit(void)
{
    check_delete_on_close_at_exit("return");
    check_delete_on_close_at_exit("ExitProcess");
    check_delete_on_close_at_exit("TerminateProcess");
}

/* Child role "try_lock PATH": the error of an exclusive lock of bytes 3..4. */
static int child_try_lock(const char *name)
{
    HANDLE h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, SHARE_ALL, NULL, OPEN_EXISTING,
                           0, NULL);

    if (h == INVALID_HANDLE_VALUE)
        return 98;
    if (lock_ex(h, EXCLUSIVE, 3, 2))
        return 0;
    return (int)GetLastError();
}

/* Child role "open_delete_on_close PATH HOW": makes the file and ends with it
 * open, by returning from main, by ExitProcess or by TerminateProcess of itself. */
static int child_open_delete_on_close(const char *name, const char *how)
{
    HANDLE h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, SHARE_ALL, NULL, CREATE_NEW,
                           FILE_FLAG_DELETE_ON_CLOSE, NULL);
    DWORD n;

    if (h == INVALID_HANDLE_VALUE || !WriteFile(h, "x", 1, &n, NULL))
        return 98;
    if (GetFileAttributesA(name) == INVALID_FILE_ATTRIBUTES)
        return 97;
    if (strcmp(how, "ExitProcess") == 0)
        ExitProcess(0);
    if (strcmp(how, "TerminateProcess") == 0)
        TerminateProcess(GetCurrentProcess(), 0);
    return 0;
}

static int child_main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[0], "try_lock") == 0)
        return child_try_lock(argv[1]);
    if (argc == 3 && strcmp(argv[0], "open_delete_on_close") == 0)
        return child_open_delete_on_close(argv[1], argv[2]);
    return 100;
}

CONFORMANCE_MAIN(test_exclusive_lock_on_a_read_only_handle,
                 test_shared_lock_on_a_write_only_handle,
                 test_lock_needs_data_access,
                 test_wine_lock_sequence,
                 test_unlock_keeps_the_other_overlapping_lock,
                 test_close_releases_the_locks,
                 test_waiting_lock_on_a_read_only_handle,
                 test_lock_keeps_another_process_out,
                 test_delete_on_close_file_goes_at_exit)
