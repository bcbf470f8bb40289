/* Files: CreateFile dispositions, I/O, positions, share modes, locks, paths, fds. */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <w32shim_wchar.h>
#include "testutil.h"
#include "file.h"

static char test_dir[64];

static void make_dir(void)
{
    snprintf(test_dir, sizeof(test_dir), "/tmp/w32shim-file-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(test_dir));
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    if (flag == FTW_DP)
        return rmdir(path);
    chmod(path, 0644);
    return unlink(path);
}

static void remove_dir(void)
{
    nftw(test_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

/* test_dir/name, in one of a few rotating buffers. */
static const char *tpath(const char *name)
{
    static char bufs[4][PATH_MAX];
    static int next;
    char *buf = bufs[next++ % 4];

    snprintf(buf, PATH_MAX, "%s/%s", test_dir, name);
    return buf;
}

static HANDLE open_file(const char *name, DWORD access, DWORD share, DWORD disposition)
{
    return CreateFileA(tpath(name), access, share, NULL, disposition, FILE_ATTRIBUTE_NORMAL,
                       NULL);
}

static HANDLE create_rw(const char *name)
{
    HANDLE h = open_file(name, GENERIC_READ | GENERIC_WRITE, 0, CREATE_ALWAYS);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

/* Creates name holding text. */
static void make_file(const char *name, const char *text)
{
    HANDLE h = create_rw(name);
    DWORD n;

    ck_assert(WriteFile(h, text, strlen(text), &n, NULL));
    ck_assert_uint_eq(n, strlen(text));
    ck_assert(CloseHandle(h));
}

static LONGLONG size_of(const char *name)
{
    struct stat st;

    ck_assert_int_eq(stat(tpath(name), &st), 0);
    return st.st_size;
}

static bool exists(const char *name)
{
    return access(tpath(name), F_OK) == 0;
}

/* A forked child that reports its failures in its exit code must exit with 0. */
static void expect_clean_exit(pid_t pid)
{
    int status;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}

/* ---- dispositions ---- */

START_TEST(test_create_new_creates_missing_file)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdead);
    HANDLE h = open_file("a", GENERIC_WRITE, 0, CREATE_NEW);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(exists("a"));
    ck_assert_uint_eq(handle_count(), leak_handles_ + 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_new_on_existing_fails_file_exists)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_WRITE, 0, CREATE_NEW);

    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_EXISTS);
    ck_assert_int_eq(size_of("a"), 4);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_always_on_existing_truncates_and_says_already_exists)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_WRITE, 0, CREATE_ALWAYS);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_always_on_missing_creates_with_no_error)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdead);
    HANDLE h = open_file("a", GENERIC_WRITE, 0, CREATE_ALWAYS);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(exists("a"));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_always_on_existing_keeps_data_and_says_already_exists)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ, 0, OPEN_ALWAYS);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert_int_eq(size_of("a"), 4);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_always_on_missing_creates_with_no_error)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdead);
    HANDLE h = open_file("a", GENERIC_READ, 0, OPEN_ALWAYS);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(exists("a"));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_existing_on_missing_fails_file_not_found)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("missing", GENERIC_READ, 0, OPEN_EXISTING);

    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert(!exists("missing"));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_in_missing_directory_fails_path_not_found)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("nodir/a", GENERIC_READ, 0, OPEN_EXISTING);

    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    h = open_file("nodir/a", GENERIC_WRITE, 0, CREATE_ALWAYS);
    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_truncate_existing_empties_file)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_WRITE, 0, TRUNCATE_EXISTING);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(CloseHandle(h));
    h = open_file("missing", GENERIC_WRITE, 0, TRUNCATE_EXISTING);
    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

/* Windows requires the GENERIC_WRITE bit for TRUNCATE_EXISTING (kernelbase
 * checks it before opening): a read-only open never destroys data. */
START_TEST(test_truncate_existing_without_generic_write_fails_and_keeps_data)
{
    static const DWORD rights[] = { GENERIC_READ, 0, FILE_WRITE_DATA, FILE_GENERIC_READ };

    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++) {
        SetLastError(0xdead);
        ck_assert_ptr_eq(open_file("a", rights[i], 0, TRUNCATE_EXISTING), INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        ck_assert_int_eq(size_of("a"), 4);
    }
    LEAK_CHECK_END();
}
END_TEST

/* CREATE_ALWAYS empties the file whatever the handle's rights, as on Windows,
 * but through the file it opened, not through its name. */
START_TEST(test_create_always_with_read_access_empties_the_file_it_opened)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ, 0, CREATE_ALWAYS);
    DWORD n;

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(!WriteFile(h, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* The read-only attribute protects a file from writers and from truncation,
 * for every user, as on Windows (root included). */
START_TEST(test_read_only_file_refuses_write_opens_and_keeps_its_data)
{
    static const DWORD dispositions[] = { CREATE_ALWAYS, TRUNCATE_EXISTING, OPEN_EXISTING,
                                          OPEN_ALWAYS };

    make_file("a", "data");
    ck_assert_int_eq(chmod(tpath("a"), 0444), 0);
    LEAK_CHECK_BEGIN();
    for (size_t i = 0; i < sizeof(dispositions) / sizeof(dispositions[0]); i++) {
        SetLastError(0xdead);
        ck_assert_ptr_eq(open_file("a", GENERIC_WRITE, 0, dispositions[i]), INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
        ck_assert_int_eq(size_of("a"), 4);
    }
    SetLastError(0xdead);
    ck_assert_ptr_eq(open_file("a", GENERIC_READ, 0, CREATE_ALWAYS), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_int_eq(size_of("a"), 4);
    HANDLE h = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_invalid_disposition_fails_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    ck_assert_ptr_eq(open_file("a", GENERIC_READ, 0, 0), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_ptr_eq(open_file("a", GENERIC_READ, 0, TRUNCATE_EXISTING + 1),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!exists("a"));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_null_and_empty_names_fail_path_not_found)
{
    LEAK_CHECK_BEGIN();
    ck_assert_ptr_eq(CreateFileA(NULL, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    ck_assert_ptr_eq(CreateFileA("", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_backslashes_are_path_separators)
{
    char name[PATH_MAX];

    ck_assert(CreateDirectoryA(tpath("sub"), NULL));
    snprintf(name, sizeof(name), "%s\\sub\\b.txt", test_dir);
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(exists("sub/b.txt"));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_directory_opens_only_with_backup_semantics)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA(test_dir, GENERIC_READ, 7, NULL, OPEN_EXISTING, 0, NULL);

    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    h = CreateFileA(test_dir, GENERIC_READ, 7, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS,
                    NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetFileType(h), FILE_TYPE_DISK);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_readonly_attribute_creates_readonly_file)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA(tpath("ro"), GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_ATTRIBUTE_READONLY, NULL);
    DWORD n;

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(WriteFile(h, "x", 1, &n, NULL));
    ck_assert(CloseHandle(h));
    ck_assert_uint_eq(GetFileAttributesA(tpath("ro")),
                      FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_security_attributes_make_handle_inheritable)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    DWORD flags = 0;

    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA(tpath("a"), GENERIC_WRITE, 0, &sa, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(GetHandleInformation(h, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_nul_is_the_null_device)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA("NUL", GENERIC_READ | GENERIC_WRITE, 3, NULL, OPEN_EXISTING, 0, NULL);
    DWORD n = 1;
    char c;

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetFileType(h), FILE_TYPE_CHAR);
    ck_assert(WriteFile(h, "abc", 3, &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert(ReadFile(h, &c, 1, &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_file_w_takes_utf16_names)
{
    WCHAR name[PATH_MAX];
    char utf8[PATH_MAX];
    size_t i, len;

    snprintf(utf8, sizeof(utf8), "%s/", test_dir);
    len = strlen(utf8);
    for (i = 0; i < len; i++)
        name[i] = (unsigned char)utf8[i];
    name[i++] = 0x00E9;     /* é */
    name[i++] = 0xD83D;     /* U+1F600 */
    name[i++] = 0xDE00;
    name[i] = 0;
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert(exists("\xC3\xA9\xF0\x9F\x98\x80"));
    ck_assert_uint_eq(GetFileAttributesW(name), FILE_ATTRIBUTE_ARCHIVE);
    ck_assert(DeleteFileW(name));
    ck_assert(!exists("\xC3\xA9\xF0\x9F\x98\x80"));
    LEAK_CHECK_END();
}
END_TEST

/* ---- ReadFile, WriteFile ---- */

START_TEST(test_write_then_read_back_moves_position)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    char buf[16] = { 0 };
    DWORD n = 0;

    ck_assert(WriteFile(h, "hello world", 11, &n, NULL));
    ck_assert_uint_eq(n, 11);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 11);
    ck_assert_uint_eq(SetFilePointer(h, 6, NULL, FILE_BEGIN), 6);
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(buf, "world");
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_at_end_of_file_succeeds_with_zero_bytes)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    DWORD n = 77;
    char c;

    SetLastError(0xdead);
    ck_assert(ReadFile(h, &c, 1, &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(GetLastError(), 0xdead);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_without_count_or_overlapped_is_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    char c;

    ck_assert(!ReadFile(h, &c, 1, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!WriteFile(h, "x", 1, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_null_buffer_with_nonzero_size_is_a_bad_buffer)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    DWORD n = 77;

    ck_assert(!ReadFile(h, NULL, 3, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert_uint_eq(n, 0);
    n = 77;
    ck_assert(!WriteFile(h, NULL, 3, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_USER_BUFFER);
    ck_assert_uint_eq(n, 0);
    ck_assert(WriteFile(h, NULL, 0, &n, NULL));
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_io_on_non_file_handles_is_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    char c = 0;
    DWORD n;

    ck_assert(!ReadFile(ev, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!WriteFile(ev, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(GetFileType(ev), FILE_TYPE_UNKNOWN);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!ReadFile(NULL, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!WriteFile(INVALID_HANDLE_VALUE, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_io_against_the_handle_rights_is_access_denied)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE r = open_file("a", GENERIC_READ, 3, OPEN_EXISTING);
    HANDLE w = open_file("a", GENERIC_WRITE, 3, OPEN_EXISTING);
    char c;
    DWORD n;

    ck_assert(!WriteFile(r, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!FlushFileBuffers(r));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!SetEndOfFile(r));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!ReadFile(w, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_int_eq(size_of("a"), 4);
    ck_assert(CloseHandle(r));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_overlapped_read_uses_offset_and_moves_position)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED ov = { .Offset = 2, .hEvent = ev };
    char buf[4] = { 0 };
    DWORD n = 0;

    ck_assert(ReadFile(h, buf, 3, &n, &ov));
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(buf, "234");
    ck_assert_uint_eq(ov.Internal, 0);
    ck_assert_uint_eq(ov.InternalHigh, 3);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 5);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/*
 * A positioned transfer records the file pointer it leaves instead of
 * seeking: every later use of the pointer, and the fd's own offset once the
 * fd leaves the library (inheritance, the C runtime), must still see it.
 */
START_TEST(test_pointer_left_by_positioned_transfers_is_seen_everywhere)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    OVERLAPPED ov = { .Offset = 6 };
    struct w32_object *ref;
    char buf[8] = { 0 };
    DWORD n = 0;
    int fd;

    ck_assert(ReadFile(h, buf, 2, &n, &ov));
    ck_assert_uint_eq(SetFilePointer(h, -1, NULL, FILE_CURRENT), 7);
    ck_assert(ReadFile(h, buf, 1, &n, NULL));
    ck_assert_str_eq(buf, "77");
    ov.Offset = 1;
    ck_assert(WriteFile(h, "ab", 2, &n, &ov));
    /* A failed move keeps the pointer the transfer left. */
    ck_assert_uint_eq(SetFilePointer(h, -20, NULL, FILE_END), INVALID_SET_FILE_POINTER);
    ck_assert_uint_eq(GetLastError(), ERROR_NEGATIVE_SEEK);
    ck_assert_uint_eq(SetFilePointer(h, -4, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 3);
    ov.Offset = 4;
    ck_assert(WriteFile(h, "c", 1, &n, &ov));
    fd = w32_handle_fd(h, 0, &ref);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 5);
    w32_object_unref(ref);
    ov.Offset = 8;
    ck_assert(ReadFile(h, buf, 1, &n, &ov));
    ck_assert(SetEndOfFile(h));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
    ck_assert_int_eq(size_of("a"), 9);
}
END_TEST

#define RECORDS 20000
#define READERS 4
#define READ_ROUNDS 3

struct record_reader {
    HANDLE h;
    HANDLE go;                      /* manual-reset: all readers start at once */
    LONG seen[RECORDS];
};

static DWORD WINAPI read_records(LPVOID param)
{
    struct record_reader *r = param;
    unsigned short rec;
    DWORD n;

    if (WaitForSingleObject(r->go, LONG_WAIT) != WAIT_OBJECT_0)
        return FALSE;
    while (ReadFile(r->h, &rec, sizeof(rec), &n, NULL) && n == sizeof(rec)) {
        if (rec >= RECORDS)
            return FALSE;
        InterlockedIncrement(&r->seen[rec]);
    }
    return TRUE;
}

/* Reads that share a handle's file pointer take turns: each record is read once. */
START_TEST(test_threads_reading_one_handle_after_a_seek_read_each_byte_once)
{
    static struct record_reader r;
    unsigned short recs[RECORDS];
    HANDLE threads[READERS];
    DWORD n;

    LEAK_CHECK_BEGIN();
    r.h = create_rw("records");
    for (int i = 0; i < RECORDS; i++)
        recs[i] = (unsigned short)i;
    ck_assert(WriteFile(r.h, recs, sizeof(recs), &n, NULL));
    for (int round = 0; round < READ_ROUNDS; round++) {
        memset(r.seen, 0, sizeof(r.seen));
        r.go = CreateEventA(NULL, TRUE, FALSE, NULL);
        /* The fd's own offset two records in (FILE_END moves it), the pointer at 0. */
        ck_assert_uint_eq(SetFilePointer(r.h, 4 - (LONG)sizeof(recs), NULL, FILE_END), 4);
        ck_assert_uint_eq(SetFilePointer(r.h, 0, NULL, FILE_BEGIN), 0);
        for (int i = 0; i < READERS; i++) {
            threads[i] = CreateThread(NULL, 0, read_records, &r, 0, NULL);
            ck_assert_ptr_nonnull(threads[i]);
        }
        ck_assert(SetEvent(r.go));
        for (int i = 0; i < READERS; i++) {
            ck_assert_uint_eq(exit_code(threads[i]), TRUE);
            ck_assert(CloseHandle(threads[i]));
        }
        for (int i = 0; i < RECORDS; i++)
            ck_assert_int_eq(r.seen[i], 1);
        ck_assert(CloseHandle(r.go));
    }
    ck_assert(CloseHandle(r.h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_overlapped_read_past_end_fails_handle_eof)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    OVERLAPPED ov = { .Offset = 20 };
    char buf[4];
    DWORD n = 77;

    ck_assert(!ReadFile(h, buf, 3, &n, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_HANDLE_EOF);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(ov.Internal, 0xC0000011u);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_overlapped_write_lands_at_offset)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    OVERLAPPED ov = { .Offset = 4 };
    char buf[11] = { 0 };
    DWORD n;

    ck_assert(WriteFile(h, "xy", 2, NULL, &ov));
    ck_assert_uint_eq(ov.InternalHigh, 2);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_BEGIN), 0);
    ck_assert(ReadFile(h, buf, 10, &n, NULL));
    ck_assert_str_eq(buf, "0123xy6789");
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_append_data_access_writes_at_end)
{
    make_file("a", "abc");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", FILE_APPEND_DATA, 3, OPEN_EXISTING);
    char buf[8] = { 0 };
    DWORD n;

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(WriteFile(h, "de", 2, &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(CloseHandle(h));
    h = open_file("a", GENERIC_READ, 3, OPEN_EXISTING);
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_str_eq(buf, "abcde");
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* ---- position, size, type ---- */

START_TEST(test_seek_before_start_fails_negative_seek_and_keeps_position)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    LARGE_INTEGER d = { .QuadPart = -1 }, pos;

    ck_assert_uint_eq(SetFilePointer(h, 3, NULL, FILE_BEGIN), 3);
    ck_assert_uint_eq(SetFilePointer(h, -100, NULL, FILE_CURRENT), INVALID_SET_FILE_POINTER);
    ck_assert_uint_eq(GetLastError(), ERROR_NEGATIVE_SEEK);
    ck_assert(!SetFilePointerEx(h, d, &pos, FILE_BEGIN));
    ck_assert_uint_eq(GetLastError(), ERROR_NEGATIVE_SEEK);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 3);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_seek_with_bad_method_fails_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");

    ck_assert_uint_eq(SetFilePointer(h, 1, NULL, FILE_END + 1), INVALID_SET_FILE_POINTER);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_seek_uses_and_returns_the_high_part)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    LONG high = 1;
    LARGE_INTEGER d = { .QuadPart = 0 }, pos;

    ck_assert_uint_eq(SetFilePointer(h, 16, &high, FILE_BEGIN), 16);
    ck_assert_int_eq(high, 1);
    ck_assert(SetFilePointerEx(h, d, &pos, FILE_CURRENT));
    ck_assert_int_eq(pos.QuadPart, 0x100000010LL);
    high = 0;
    SetLastError(0xdead);
    ck_assert_uint_eq(SetFilePointer(h, -1, &high, FILE_BEGIN), INVALID_SET_FILE_POINTER);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_int_eq(high, 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_end_of_file_truncates_and_extends)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("a", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    LARGE_INTEGER size;
    DWORD high = 77;

    ck_assert_uint_eq(SetFilePointer(h, 4, NULL, FILE_BEGIN), 4);
    ck_assert(SetEndOfFile(h));
    ck_assert_uint_eq(GetFileSize(h, &high), 4);
    ck_assert_uint_eq(high, 0);
    ck_assert_uint_eq(SetFilePointer(h, 100, NULL, FILE_BEGIN), 100);
    ck_assert(SetEndOfFile(h));
    ck_assert(GetFileSizeEx(h, &size));
    ck_assert_int_eq(size.QuadPart, 100);
    ck_assert_int_eq(size_of("a"), 100);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_file_type_tells_disk_pipe_and_char)
{
    LEAK_CHECK_BEGIN();
    HANDLE f = create_rw("a"), r, w;
    HANDLE c = CreateFileA("/dev/null", GENERIC_READ, 3, NULL, OPEN_EXISTING, 0, NULL);

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    SetLastError(0xdead);
    ck_assert_uint_eq(GetFileType(f), FILE_TYPE_DISK);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_uint_eq(GetFileType(r), FILE_TYPE_PIPE);
    ck_assert_uint_eq(GetFileType(w), FILE_TYPE_PIPE);
    ck_assert_uint_eq(GetFileType(c), FILE_TYPE_CHAR);
    ck_assert_uint_eq(GetFileSize(r, NULL), INVALID_FILE_SIZE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FUNCTION);
    close_all((HANDLE[]){ f, r, w, c }, 4);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_flush_succeeds_on_writable_file)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    DWORD n;

    ck_assert(WriteFile(h, "abc", 3, &n, NULL));
    ck_assert(FlushFileBuffers(h));
    ck_assert_int_eq(size_of("a"), 3);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_file_and_pipe_handles_are_signalled)
{
    LEAK_CHECK_BEGIN();
    HANDLE f = create_rw("a"), r, w;

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert_uint_eq(WaitForSingleObject(f, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(f, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForMultipleObjects(3, (HANDLE[]){ f, r, w }, TRUE, 0), WAIT_OBJECT_0);
    close_all((HANDLE[]){ f, r, w }, 3);
    LEAK_CHECK_END();
}
END_TEST

/* ---- share modes ---- */

START_TEST(test_exclusive_open_refuses_second_open_with_sharing_violation)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = create_rw("a");
    HANDLE b = open_file("a", GENERIC_READ, 7, OPEN_EXISTING);

    ck_assert_ptr_eq(b, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SHARING_VIOLATION);
    ck_assert_uint_eq(handle_count(), leak_handles_ + 1);
    ck_assert_int_eq(fd_count(), leak_fds_ + 1);
    ck_assert(CloseHandle(a));
    b = open_file("a", GENERIC_READ, 7, OPEN_EXISTING);
    ck_assert_ptr_ne(b, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(b));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_shared_readers_coexist_but_a_writer_is_refused)
{
    make_file("a", "x");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    HANDLE b = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    HANDLE c = open_file("a", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);

    ck_assert_ptr_ne(a, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(b, INVALID_HANDLE_VALUE);
    ck_assert_ptr_eq(c, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SHARING_VIOLATION);
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_second_open_must_share_what_the_first_uses)
{
    make_file("a", "x");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    HANDLE b = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    HANDLE c = open_file("a", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);

    ck_assert_ptr_ne(a, INVALID_HANDLE_VALUE);
    ck_assert_ptr_eq(b, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    close_all((HANDLE[]){ a, c }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_without_data_access_never_conflicts)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = create_rw("a");
    HANDLE b = open_file("a", 0, 0, OPEN_EXISTING);

    ck_assert_ptr_ne(b, INVALID_HANDLE_VALUE);
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_always_on_locked_out_file_keeps_its_data)
{
    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    HANDLE b = open_file("a", GENERIC_WRITE, 7, CREATE_ALWAYS);

    ck_assert_ptr_eq(b, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_SHARING_VIOLATION);
    ck_assert_int_eq(size_of("a"), 4);
    ck_assert(CloseHandle(a));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_delete_of_file_open_without_share_delete_is_sharing_violation)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ, FILE_SHARE_READ, CREATE_NEW);

    ck_assert(!DeleteFileA(tpath("a")));
    ck_assert_uint_eq(GetLastError(), ERROR_SHARING_VIOLATION);
    ck_assert(exists("a"));
    ck_assert(CloseHandle(a));
    a = open_file("a", GENERIC_READ, FILE_SHARE_DELETE, OPEN_EXISTING);
    ck_assert(DeleteFileA(tpath("a")));
    ck_assert(!exists("a"));
    ck_assert(CloseHandle(a));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_delete_on_close_removes_file_with_last_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateFileA(tpath("a"), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE, NULL,
                           CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, NULL);
    HANDLE dup;

    ck_assert_ptr_ne(a, INVALID_HANDLE_VALUE);
    ck_assert(DuplicateHandle(GetCurrentProcess(), a, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(a));
    ck_assert(exists("a"));
    ck_assert(CloseHandle(dup));
    ck_assert(!exists("a"));
    LEAK_CHECK_END();
}
END_TEST

static HANDLE open_shared(const char *name, DWORD access, DWORD flags)
{
    HANDLE h = CreateFileA(tpath(name), access,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, flags, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

static bool delete_pending(HANDLE h)
{
    FILE_STANDARD_INFO std;

    ck_assert(GetFileInformationByHandleEx(h, FileStandardInfo, &std, sizeof(std)));
    return std.DeletePending;
}

START_TEST(test_marked_file_goes_with_the_last_of_its_handles_and_fds)
{
    FILE_DISPOSITION_INFO yes = { TRUE };

    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    int fds = fd_count();
    HANDLE doc = open_shared("a", GENERIC_READ, FILE_FLAG_DELETE_ON_CLOSE);
    HANDLE marker = open_shared("a", DELETE, 0);
    HANDLE reader = open_shared("a", GENERIC_READ, 0);
    HANDLE dups[3];

    ck_assert_int_eq(fd_count(), fds + 3);
    ck_assert(SetFileInformationByHandle(marker, FileDispositionInfo, &yes, sizeof(yes)));
    for (int i = 0; i < 3; i++)
        ck_assert(DuplicateHandle(GetCurrentProcess(), (HANDLE[]){ doc, marker, reader }[i],
                                  GetCurrentProcess(), &dups[i], 0, FALSE,
                                  DUPLICATE_SAME_ACCESS));
    ck_assert_int_eq(fd_count(), fds + 3);      /* a duplicate is no new open */
    ck_assert(CloseHandle(doc) && CloseHandle(marker) && CloseHandle(reader));
    ck_assert(exists("a"));
    ck_assert(delete_pending(dups[2]));
    ck_assert_ptr_eq(open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(dups[0]) && CloseHandle(dups[1]));
    ck_assert(exists("a"));
    ck_assert(CloseHandle(dups[2]));
    ck_assert(!exists("a"));
    /* Nothing of the file is left behind: its name is free for a new one. */
    HANDLE again = open_file("a", GENERIC_WRITE, 0, CREATE_NEW);
    ck_assert_ptr_ne(again, INVALID_HANDLE_VALUE);
    ck_assert(!delete_pending(again));
    ck_assert(CloseHandle(again));
    ck_assert(DeleteFileA(tpath("a")));
    LEAK_CHECK_END();
}
END_TEST

struct closer {
    HANDLE start;
    HANDLE h;
};

static DWORD WINAPI close_after_start(LPVOID param)
{
    struct closer *c = param;

    WaitForSingleObject(c->start, INFINITE);
    return CloseHandle(c->h) ? 0 : 1;
}

START_TEST(test_marked_file_closed_from_two_threads_goes_once)
{
    FILE_DISPOSITION_INFO yes = { TRUE };

    LEAK_CHECK_BEGIN();
    for (int round = 0; round < 50; round++) {
        make_file("a", "data");
        HANDLE start = CreateEventA(NULL, TRUE, FALSE, NULL);
        struct closer c[2] = { { start, open_shared("a", DELETE, round % 2 ? 0 :
                                                    FILE_FLAG_DELETE_ON_CLOSE) },
                               { start, open_shared("a", GENERIC_READ, 0) } };
        HANDLE threads[2];
        DWORD code;

        if (round % 2)
            ck_assert(SetFileInformationByHandle(c[0].h, FileDispositionInfo, &yes, sizeof(yes)));
        for (int i = 0; i < 2; i++)
            threads[i] = CreateThread(NULL, 0, close_after_start, &c[i], 0, NULL);
        ck_assert(SetEvent(start));
        ck_assert_uint_eq(WaitForMultipleObjects(2, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
        for (int i = 0; i < 2; i++) {
            ck_assert(GetExitCodeThread(threads[i], &code));
            ck_assert_uint_eq(code, 0);
            ck_assert(CloseHandle(threads[i]));
        }
        ck_assert(CloseHandle(start));
        ck_assert(!exists("a"));
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_refused_opens_of_a_pending_file_leak_nothing)
{
    FILE_DISPOSITION_INFO yes = { TRUE };

    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    HANDLE marker = open_shared("a", DELETE, 0);

    ck_assert(SetFileInformationByHandle(marker, FileDispositionInfo, &yes, sizeof(yes)));
    for (int i = 0; i < 20; i++) {
        ck_assert_ptr_eq(CreateFileA(tpath("a"), GENERIC_READ, FILE_SHARE_READ |
                                     FILE_SHARE_DELETE, NULL, OPEN_ALWAYS,
                                     FILE_FLAG_DELETE_ON_CLOSE, NULL), INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
        ck_assert(!DeleteFileA(tpath("a")));
        ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
        ck_assert(!MoveFileA(tpath("a"), tpath("b")));
        ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    }
    ck_assert(exists("a") && !exists("b"));
    ck_assert(CloseHandle(marker));
    ck_assert(!exists("a"));
    LEAK_CHECK_END();
}
END_TEST

struct copy2_error {
    int errors;
    COPYFILE2_COPY_PHASE phase;
    HRESULT failure;
};

static COPYFILE2_MESSAGE_ACTION WINAPI note_copy2_error(const COPYFILE2_MESSAGE *m, PVOID data)
{
    struct copy2_error *e = data;

    if (m->Type == COPYFILE2_CALLBACK_ERROR) {
        e->errors++;
        e->phase = m->Info.Error.CopyPhase;
        e->failure = m->Info.Error.hrFailure;
    }
    return COPYFILE2_PROGRESS_CONTINUE;
}

/* A write that fails (the file size limit) reaches CopyFile2's routine as a
 * COPYFILE2_CALLBACK_ERROR of the write phase, and CopyFile2 returns it. */
START_TEST(test_copy_file2_reports_a_failed_write_to_its_routine)
{
    static char big[256 * 1024];
    HANDLE h = create_rw("big");
    DWORD n;

    ck_assert(WriteFile(h, big, sizeof(big), &n, NULL));
    ck_assert(CloseHandle(h));
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct rlimit rl = { 100 * 1024, 100 * 1024 };
        struct copy2_error e = { 0, COPYFILE2_PHASE_NONE, S_OK };
        COPYFILE2_EXTENDED_PARAMETERS params = { sizeof(params), 0, NULL, note_copy2_error, &e };
        WCHAR src[PATH_MAX], dst[PATH_MAX];
        HRESULT hr;
        int fail = 0;

        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        MultiByteToWideChar(CP_UTF8, 0, tpath("big"), -1, src, PATH_MAX);
        MultiByteToWideChar(CP_UTF8, 0, tpath("copy"), -1, dst, PATH_MAX);
        hr = CopyFile2(src, dst, &params);
        fail |= (hr == S_OK || HRESULT_FACILITY(hr) != FACILITY_WIN32) << 0;
        fail |= (e.errors != 1 || e.phase != COPYFILE2_PHASE_WRITE_DESTINATION) << 1;
        fail |= (e.failure != hr || GetLastError() != (DWORD)HRESULT_CODE(hr)) << 2;
        fail |= exists("copy") << 3;    /* a target the copy created goes again */
        _exit(fail);
    }
    expect_clean_exit(pid);
}
END_TEST

/* ---- files and directories by name ---- */

START_TEST(test_delete_file_errors)
{
    make_file("ro", "x");
    ck_assert_int_eq(chmod(tpath("ro"), 0444), 0);
    ck_assert(CreateDirectoryA(tpath("d"), NULL));
    LEAK_CHECK_BEGIN();
    ck_assert(!DeleteFileA(tpath("missing")));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert(!DeleteFileA(tpath("nodir/x")));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    ck_assert(!DeleteFileA(tpath("d")));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!DeleteFileA(tpath("ro")));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(exists("ro"));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_file_attributes_of_files_directories_and_missing_names)
{
    make_file("f", "x");
    LEAK_CHECK_BEGIN();
    ck_assert_uint_eq(GetFileAttributesA(tpath("f")), FILE_ATTRIBUTE_ARCHIVE);
    ck_assert_uint_eq(GetFileAttributesA(test_dir), FILE_ATTRIBUTE_DIRECTORY);
    ck_assert_uint_eq(GetFileAttributesA(tpath("missing")), INVALID_FILE_ATTRIBUTES);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_uint_eq(GetFileAttributesA(tpath("nodir/x")), INVALID_FILE_ATTRIBUTES);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_and_remove_directory)
{
    make_file("f", "x");
    LEAK_CHECK_BEGIN();
    ck_assert(CreateDirectoryA(tpath("d"), NULL));
    ck_assert(!CreateDirectoryA(tpath("d"), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(!CreateDirectoryA(tpath("nodir/d"), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    ck_assert(CreateDirectoryA(tpath("d/e"), NULL));
    ck_assert(!RemoveDirectoryA(tpath("d")));
    ck_assert_uint_eq(GetLastError(), ERROR_DIR_NOT_EMPTY);
    ck_assert(RemoveDirectoryA(tpath("d/e")));
    ck_assert(RemoveDirectoryA(tpath("d")));
    ck_assert(!exists("d"));
    ck_assert(!RemoveDirectoryA(tpath("d")));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert(!RemoveDirectoryA(tpath("f")));
    ck_assert_uint_eq(GetLastError(), ERROR_DIRECTORY);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_move_file_renames_and_refuses_to_replace)
{
    make_file("a", "aa");
    make_file("b", "b");
    LEAK_CHECK_BEGIN();
    ck_assert(!MoveFileA(tpath("a"), tpath("b")));
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(MoveFileA(tpath("a"), tpath("c")));
    ck_assert(!exists("a"));
    ck_assert_int_eq(size_of("c"), 2);
    ck_assert(MoveFileExA(tpath("c"), tpath("b"), MOVEFILE_REPLACE_EXISTING));
    ck_assert_int_eq(size_of("b"), 2);
    ck_assert(!MoveFileA(tpath("missing"), tpath("x")));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_copy_file_copies_and_honours_fail_if_exists)
{
    make_file("a", "hello");
    make_file("b", "b");
    LEAK_CHECK_BEGIN();
    ck_assert(!CopyFileA(tpath("a"), tpath("b"), TRUE));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_EXISTS);
    ck_assert_int_eq(size_of("b"), 1);
    ck_assert(CopyFileA(tpath("a"), tpath("b"), FALSE));
    ck_assert_int_eq(size_of("b"), 5);
    ck_assert(CopyFileA(tpath("a"), tpath("c"), TRUE));
    ck_assert_int_eq(size_of("c"), 5);
    ck_assert(!CopyFileA(tpath("missing"), tpath("d"), FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

/* CopyFileA(src, dst) fails with error. */
static void copy_fails(const char *src, const char *dst, BOOL fail_if_exists, DWORD error)
{
    SetLastError(0xdead);
    ck_assert(!CopyFileA(tpath(src), tpath(dst), fail_if_exists));
    ck_assert_uint_eq(GetLastError(), error);
}

/* MoveFileExA(src, dst, flags) fails with error. */
static void move_fails(const char *src, const char *dst, DWORD flags, DWORD error)
{
    SetLastError(0xdead);
    ck_assert(!MoveFileExA(tpath(src), tpath(dst), flags));
    ck_assert_uint_eq(GetLastError(), error);
}

/* Windows opens the source sharing reads and the target sharing nothing: a
 * copy onto itself is a sharing violation, and the data stays. */
START_TEST(test_copy_onto_itself_or_a_link_of_itself_fails_and_keeps_the_data)
{
    make_file("a", "hello");
    ck_assert_int_eq(link(tpath("a"), tpath("link")), 0);
    LEAK_CHECK_BEGIN();
    copy_fails("a", "a", FALSE, ERROR_SHARING_VIOLATION);
    ck_assert_int_eq(size_of("a"), 5);
    copy_fails("a", "link", FALSE, ERROR_SHARING_VIOLATION);
    ck_assert_int_eq(size_of("a"), 5);
    copy_fails("a", "a", TRUE, ERROR_FILE_EXISTS);
    ck_assert_int_eq(size_of("a"), 5);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_copy_honours_the_share_modes_of_open_files)
{
    make_file("a", "hello");
    make_file("b", "b");
    LEAK_CHECK_BEGIN();
    HANDLE h = open_file("b", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);

    copy_fails("a", "b", FALSE, ERROR_SHARING_VIOLATION);
    ck_assert_int_eq(size_of("b"), 1);
    ck_assert(CloseHandle(h));
    h = open_file("a", GENERIC_READ, 0, OPEN_EXISTING);
    copy_fails("a", "c", FALSE, ERROR_SHARING_VIOLATION);
    ck_assert(!exists("c"));
    ck_assert(CloseHandle(h));
    h = open_file("a", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    ck_assert(CopyFileA(tpath("a"), tpath("c"), FALSE));
    ck_assert_int_eq(size_of("c"), 5);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_copy_onto_a_read_only_file_is_access_denied)
{
    make_file("a", "hello");
    make_file("b", "b");
    ck_assert_int_eq(chmod(tpath("b"), 0444), 0);
    LEAK_CHECK_BEGIN();
    copy_fails("a", "b", FALSE, ERROR_ACCESS_DENIED);
    ck_assert_int_eq(size_of("b"), 1);
    LEAK_CHECK_END();
}
END_TEST

/* A move onto itself changes nothing; a move of a file open without
 * FILE_SHARE_DELETE, or onto a file that is open, fails and moves nothing. */
START_TEST(test_move_onto_itself_or_of_open_files_keeps_the_data)
{
    make_file("a", "hello");
    make_file("b", "b");
    ck_assert_int_eq(link(tpath("a"), tpath("link")), 0);
    LEAK_CHECK_BEGIN();
    ck_assert(MoveFileExA(tpath("a"), tpath("a"), 0));
    ck_assert(MoveFileExA(tpath("a"), tpath("a"), MOVEFILE_REPLACE_EXISTING));
    ck_assert_int_eq(size_of("a"), 5);
    move_fails("a", "link", 0, ERROR_ALREADY_EXISTS);
    ck_assert_int_eq(size_of("link"), 5);

    HANDLE h = open_file("a", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    move_fails("a", "c", 0, ERROR_SHARING_VIOLATION);
    ck_assert(exists("a") && !exists("c"));
    ck_assert(CloseHandle(h));

    h = open_file("b", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    move_fails("a", "b", MOVEFILE_REPLACE_EXISTING, ERROR_ACCESS_DENIED);
    ck_assert_int_eq(size_of("a"), 5);
    ck_assert_int_eq(size_of("b"), 1);
    ck_assert(CloseHandle(h));

    h = open_file("a", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, OPEN_EXISTING);
    ck_assert(MoveFileExA(tpath("a"), tpath("c"), 0));
    ck_assert(!exists("a") && exists("c"));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* ---- locks ---- */

START_TEST(test_exclusive_lock_keeps_other_handles_out_until_unlocked)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    HANDLE b = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);

    ck_assert(LockFile(a, 2, 0, 4, 0));
    ck_assert(!LockFile(b, 5, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_LOCK_VIOLATION);
    ck_assert(LockFile(b, 6, 0, 2, 0));
    ck_assert(UnlockFile(a, 2, 0, 4, 0));
    ck_assert(LockFile(b, 5, 0, 1, 0));
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_shared_locks_coexist_and_exclude_exclusive_ones)
{
    make_file("a", "0123456789");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    HANDLE b = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    OVERLAPPED ov = { .Offset = 0 };

    ck_assert(LockFileEx(a, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov));
    ck_assert(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY, 0, 10, 0, &ov));
    ck_assert(!LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0,
                          &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_LOCK_VIOLATION);
    ck_assert(UnlockFileEx(a, 0, 10, 0, &ov));
    ck_assert(UnlockFileEx(b, 0, 10, 0, &ov));
    ck_assert(LockFileEx(b, LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK, 0, 10, 0, &ov));
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_exclusive_lock_may_not_overlap_own_lock)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = create_rw("a");

    ck_assert(LockFile(a, 0, 0, 10, 0));
    ck_assert(!LockFile(a, 5, 0, 10, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_LOCK_VIOLATION);
    ck_assert(LockFile(a, 10, 0, 10, 0));
    ck_assert(CloseHandle(a));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_unlock_must_match_a_locked_range)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = create_rw("a");

    ck_assert(!UnlockFile(a, 0, 0, 10, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_LOCKED);
    ck_assert(LockFile(a, 0, 0, 10, 0));
    ck_assert(!UnlockFile(a, 0, 0, 5, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_LOCKED);
    ck_assert(UnlockFile(a, 0, 0, 10, 0));
    ck_assert(!UnlockFile(a, 0, 0, 10, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_LOCKED);
    ck_assert(CloseHandle(a));
    LEAK_CHECK_END();
}
END_TEST

struct lock_waiter {
    HANDLE file;
    HANDLE started;
};

static DWORD WINAPI lock_blocking(LPVOID arg)
{
    struct lock_waiter *w = arg;
    OVERLAPPED ov = { .Offset = 0 };

    SetEvent(w->started);
    return LockFileEx(w->file, LOCKFILE_EXCLUSIVE_LOCK, 0, 1, 0, &ov) ? 0 : GetLastError();
}

START_TEST(test_lock_file_ex_without_fail_immediately_waits_for_unlock)
{
    make_file("a", "x");
    LEAK_CHECK_BEGIN();
    HANDLE a = open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING);
    struct lock_waiter w = { open_file("a", GENERIC_READ | GENERIC_WRITE, 3, OPEN_EXISTING),
                             CreateEventA(NULL, FALSE, FALSE, NULL) };
    HANDLE thread;

    ck_assert(LockFile(a, 0, 0, 1, 0));
    thread = CreateThread(NULL, 0, lock_blocking, &w, 0, NULL);
    ck_assert_uint_eq(WaitForSingleObject(w.started, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(thread, 20), WAIT_TIMEOUT);
    ck_assert(UnlockFile(a, 0, 0, 1, 0));
    ck_assert_uint_eq(exit_code(thread), 0);
    close_all((HANDLE[]){ thread, a, w.file, w.started }, 4);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_lock_on_pipe_fails_invalid_function)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(!LockFile(r, 0, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FUNCTION);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* ---- paths ---- */

/* A range may end at 2^64 but not past it; Windows (and Wine) refuse one that
 * wraps with ERROR_INVALID_PARAMETER, and every range accepted unlocks. */
START_TEST(test_lock_ranges_that_wrap_past_2_64_are_invalid)
{
    static const DWORD ok_ranges[][4] = {
        { 0, 0, 0xffffffff, 0xffffffff }, { 1, 0, 0xffffffff, 0xffffffff },
        { 0xffffffff, 0xffffffff, 1, 0 }, { 0xfffffffe, 0xffffffff, 2, 0 },
        { 0, 0x80000000, 0, 0x80000000 }, { 0xffffffff, 0xffffffff, 0, 0 },
    };
    static const DWORD bad_ranges[][4] = {
        { 0xffffffff, 0xffffffff, 2, 0 }, { 0, 0x80000000, 1, 0x80000000 },
        { 2, 0, 0xffffffff, 0xffffffff },
    };
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    OVERLAPPED ov = { .Offset = 0xffffffff, .OffsetHigh = 0xffffffff };

    for (size_t i = 0; i < sizeof(ok_ranges) / sizeof(ok_ranges[0]); i++) {
        const DWORD *r = ok_ranges[i];
        ck_assert_msg(LockFile(h, r[0], r[1], r[2], r[3]), "range %zu", i);
        ck_assert_msg(UnlockFile(h, r[0], r[1], r[2], r[3]), "range %zu", i);
    }
    for (size_t i = 0; i < sizeof(bad_ranges) / sizeof(bad_ranges[0]); i++) {
        const DWORD *r = bad_ranges[i];
        SetLastError(0xdead);
        ck_assert(!LockFile(h, r[0], r[1], r[2], r[3]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0xdead);
        ck_assert(!UnlockFile(h, r[0], r[1], r[2], r[3]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdead);
    ck_assert(!LockFileEx(h, LOCKFILE_FAIL_IMMEDIATELY, 0, 2, 0, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!UnlockFileEx(h, 0, 2, 0, &ov));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_temp_path_is_a_directory_with_trailing_slash)
{
    char buf[PATH_MAX];
    WCHAR wbuf[PATH_MAX];
    DWORD n = GetTempPathA(sizeof(buf), buf);

    ck_assert_uint_gt(n, 0);
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_int_eq(buf[n - 1], '/');
    ck_assert_uint_eq(GetFileAttributesA(buf), FILE_ATTRIBUTE_DIRECTORY);
    ck_assert_uint_eq(GetTempPathA(n, buf), n + 1);
    ck_assert_uint_eq(GetTempPathW(PATH_MAX, wbuf), n);
    ck_assert_uint_eq(wbuf[n - 1], '/');
    ck_assert_uint_eq(wbuf[n], 0);
}
END_TEST

START_TEST(test_full_path_name_resolves_relative_names)
{
    char cwd[PATH_MAX], expect[PATH_MAX + 16], buf[PATH_MAX + 16];
    char *part = NULL;

    ck_assert_int_eq(chdir(test_dir), 0);
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(expect, sizeof(expect), "%s/x/z.txt", cwd);
    ck_assert_uint_eq(GetFullPathNameA("x\\y\\..\\.\\z.txt", sizeof(buf), buf, &part),
                      strlen(expect));
    ck_assert_str_eq(buf, expect);
    ck_assert_str_eq(part, "z.txt");
    ck_assert_uint_eq(GetFullPathNameA("x", 2, buf, NULL), strlen(cwd) + 3);
}
END_TEST

/* Windows cannot delete a current directory; Linux can. Relative names then
 * fail with ERROR_PATH_NOT_FOUND, and a create that fails creates nothing. */
START_TEST(test_deleted_current_directory_fails_path_not_found_and_creates_nothing)
{
    char buf[PATH_MAX];

    ck_assert_int_eq(mkdir(tpath("gone"), 0777), 0);
    ck_assert_int_eq(chdir(tpath("gone")), 0);
    ck_assert_int_eq(rmdir(tpath("gone")), 0);
    LEAK_CHECK_BEGIN();
    SetLastError(0xdead);
    ck_assert_ptr_eq(CreateFileA("..\\x", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                 FILE_FLAG_DELETE_ON_CLOSE, NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    ck_assert(!exists("x"));
    SetLastError(0xdead);
    ck_assert_uint_eq(GetFullPathNameA("y", sizeof(buf), buf, NULL), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    SetLastError(0xdead);
    ck_assert_uint_eq(GetCurrentDirectoryA(sizeof(buf), buf), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    LEAK_CHECK_END();
    ck_assert_int_eq(chdir(test_dir), 0);
}
END_TEST

/* Paths are parsed as Windows parses them (lib/path.h), by every function. */
START_TEST(test_paths_mean_what_they_mean_on_windows)
{
    char verbatim[PATH_MAX], full[PATH_MAX];
    HANDLE h;

    ck_assert_int_eq(chdir(test_dir), 0);
    LEAK_CHECK_BEGIN();
    /* the device namespace is no place for files */
    SetLastError(0xdead);
    ck_assert_ptr_eq(CreateFileA("\\\\.\\w32shim-test-x", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                                 0, NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_int_ne(access("/w32shim-test-x", F_OK), 0);
    /* a verbatim drive path */
    snprintf(verbatim, sizeof(verbatim), "\\\\?\\C:%s\\v", test_dir);
    h = CreateFileA(verbatim, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert(exists("v"));
    /* ".." is text, and trailing dots and spaces go */
    h = CreateFileA("nodir\\..\\t. ", GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert(exists("t"));
    ck_assert_uint_gt(GetFullPathNameA("nodir\\..\\t. ", sizeof(full), full, NULL), 0);
    ck_assert_str_eq(full, tpath("t"));
    ck_assert_uint_ne(GetFileAttributesA("t..."), INVALID_FILE_ATTRIBUTES);
    ck_assert(DeleteFileA("t "));
    ck_assert(!exists("t"));
    /* DOS devices are devices, wherever they are */
    h = CreateFileA("sub\\nul.txt", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetFileType(h), FILE_TYPE_CHAR);
    ck_assert(CloseHandle(h));
    static const char *const absent[] = { "AUX", "com1", "LPT1.log", "prn" };
    /* COM1 is a serial port (lib/comm.c): one that this machine lacks. */
    ck_assert_int_eq(setenv("W32SHIM_COM1", "/nonexistent/w32shim-no-port", 1), 0);
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
        SetLastError(0xdead);
        ck_assert_ptr_eq(CreateFileA(absent[i], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL),
                         INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    }
    unsetenv("W32SHIM_COM1");
    ck_assert(!exists("nul.txt") && !exists("AUX") && !exists("com1") && !exists("sub"));
    LEAK_CHECK_END();
}
END_TEST

/* Devices are never deleted, moved or replaced, by their DOS names or by
 * their POSIX ones (root could otherwise remove /dev/null). */
START_TEST(test_devices_are_never_deleted_moved_or_replaced)
{
    struct stat st;

    make_file("a", "data");
    LEAK_CHECK_BEGIN();
    SetLastError(0xdead);
    ck_assert(!DeleteFileA("nul"));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!DeleteFileA("/dev/null"));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!MoveFileExA(tpath("a"), "NUL", MOVEFILE_REPLACE_EXISTING));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!MoveFileExA(tpath("a"), "/dev/null", MOVEFILE_REPLACE_EXISTING));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!MoveFileA("\\\\.\\nul", tpath("b")));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!CopyFileA("nul", tpath("b"), FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(CopyFileA(tpath("a"), "nul", FALSE));
    ck_assert(SetFileAttributesA("nul", FILE_ATTRIBUTE_READONLY));
    ck_assert_int_eq(stat("/dev/null", &st), 0);
    ck_assert(S_ISCHR(st.st_mode));
    ck_assert(st.st_mode & S_IWOTH);
    ck_assert_int_eq(size_of("a"), 4);
    LEAK_CHECK_END();
}
END_TEST

/* Two pages of VirtualAlloc memory, the second with protection second. */
static char *two_pages(DWORD second)
{
    char *mem = VirtualAlloc(NULL, 8192, MEM_COMMIT, PAGE_READWRITE);
    DWORD old;

    ck_assert_ptr_nonnull(mem);
    memset(mem, 'b', 8192);
    ck_assert(VirtualProtect(mem + 4096, 4096, second, &old));
    return mem;
}

/* Windows probes the whole buffer before any byte moves: a write from a
 * partly unreadable buffer writes nothing (ERROR_INVALID_USER_BUFFER), a read
 * into a partly read-only one reads nothing (ERROR_NOACCESS). */
START_TEST(test_io_with_a_partly_inaccessible_buffer_moves_nothing)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a"), r, w;
    char *noaccess = two_pages(PAGE_NOACCESS), *readonly = two_pages(PAGE_READONLY);
    DWORD n = 77, avail = 77;

    ck_assert(!WriteFile(h, noaccess, 8192, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_USER_BUFFER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert(WriteFile(h, readonly, 8192, &n, NULL));
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_BEGIN), 0);
    n = 77;
    ck_assert(!ReadFile(h, readonly, 8192, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 0);
    ck_assert(!ReadFile(h, noaccess + 4090, 10, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 0);
    ck_assert(CloseHandle(h));

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(!WriteFile(w, noaccess, 8192, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_USER_BUFFER);
    ck_assert(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(avail, 0);
    ck_assert(WriteFile(w, "xy", 2, &n, NULL));
    ck_assert(!ReadFile(r, readonly + 4095, 2, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(avail, 2);
    close_all((HANDLE[]){ r, w }, 2);
    ck_assert(VirtualFree(noaccess, 0, MEM_RELEASE));
    ck_assert(VirtualFree(readonly, 0, MEM_RELEASE));
    LEAK_CHECK_END();
}
END_TEST

/* Memory the program mapped itself, which the library does not track: a
 * write that starts in a PROT_NONE page writes nothing, to a file or a pipe.
 * (One that starts in a readable page writes the readable part: see
 * doc/api.md, WriteFile.) */
START_TEST(test_write_from_an_unreadable_mapped_page_writes_nothing)
{
    LEAK_CHECK_BEGIN();
    long page = sysconf(_SC_PAGESIZE);
    char *mem = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    HANDLE h = create_rw("a"), r, w;
    DWORD n = 77, avail = 77;

    ck_assert_ptr_ne(mem, MAP_FAILED);
    memset(mem, 'm', 2 * page);
    ck_assert_int_eq(mprotect(mem + page, page, PROT_NONE), 0);
    ck_assert(!WriteFile(h, mem + page, page, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_USER_BUFFER);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(size_of("a"), 0);
    ck_assert_uint_eq(SetFilePointer(h, 0, NULL, FILE_CURRENT), 0);
    ck_assert(WriteFile(h, mem, page, &n, NULL));
    ck_assert_uint_eq(n, page);
    ck_assert(CloseHandle(h));

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(!WriteFile(w, mem + page + 16, 32, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_USER_BUFFER);
    ck_assert_uint_eq(n, 0);
    ck_assert(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(avail, 0);
    close_all((HANDLE[]){ r, w }, 2);
    ck_assert_int_eq(munmap(mem, 2 * page), 0);
    LEAK_CHECK_END();
}
END_TEST

/* ---- fds, limits, threads ---- */

START_TEST(test_handle_fd_and_handle_from_fd_round_trip)
{
    LEAK_CHECK_BEGIN();
    int fds[2];
    struct w32_object *ref;

    ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
    HANDLE r = w32_handle_from_fd(fds[0], GENERIC_READ, FALSE);
    HANDLE w = w32_handle_from_fd(fds[1], GENERIC_WRITE, FALSE);
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(GetFileType(r), FILE_TYPE_PIPE);
    ck_assert_int_eq(w32_handle_fd(r, GENERIC_READ, &ref), fds[0]);
    w32_object_unref(ref);
    ck_assert_int_eq(w32_handle_fd(r, GENERIC_WRITE, &ref), -1);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_ptr_null(ref);
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert_int_eq(w32_handle_fd(ev, 0, &ref), -1);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    close_all((HANDLE[]){ r, w, ev }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_out_of_fds_fails_too_many_open_files_and_leaks_nothing)
{
    make_file("a", "x");
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        DWORD handles = handle_count();
        int fds = fd_count(), fillers[64], nfill = 0, fail = 0;
        struct rlimit rl;
        HANDLE r, w;

        getrlimit(RLIMIT_NOFILE, &rl);
        rl.rlim_cur = fds + 32;
        setrlimit(RLIMIT_NOFILE, &rl);
        while (nfill < 64 && (fillers[nfill] = dup(2)) >= 0)
            nfill++;
        fail |= open_file("a", GENERIC_READ, 7, OPEN_EXISTING) != INVALID_HANDLE_VALUE;
        fail |= (GetLastError() != ERROR_TOO_MANY_OPEN_FILES) << 1;
        fail |= CreatePipe(&r, &w, NULL, 0) << 2;
        fail |= (GetLastError() != ERROR_TOO_MANY_OPEN_FILES) << 3;
        close(fillers[--nfill]);    /* one fd free: a pipe still needs two */
        fail |= CreatePipe(&r, &w, NULL, 0) << 4;
        fail |= (GetLastError() != ERROR_TOO_MANY_OPEN_FILES) << 5;
        while (nfill > 0)
            close(fillers[--nfill]);
        fail |= (handle_count() != handles) << 6;
        fail |= (fd_count() != fds) << 7;
        _exit(fail);
    }
    expect_clean_exit(pid);
}
END_TEST

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 2000

static DWORD WINAPI hammer_io(LPVOID arg)
{
    HANDLE h = *(HANDLE *)arg;
    char buf[8];
    DWORD n, bad = 0;

    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        SetLastError(0);
        if (!WriteFile(h, "12345678", 8, &n, NULL) && GetLastError() != ERROR_INVALID_HANDLE)
            bad++;
        if (!ReadFile(h, buf, sizeof(buf), &n, NULL) && GetLastError() != ERROR_INVALID_HANDLE)
            bad++;
    }
    return bad;
}

START_TEST(test_threads_reading_writing_and_closing_one_handle_are_safe)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = create_rw("a");
    HANDLE threads[HAMMER_THREADS];

    for (int i = 0; i < HAMMER_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, hammer_io, &h, 0, NULL);
    Sleep(1);
    ck_assert(CloseHandle(h));
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, HAMMER_THREADS);
    ck_assert_uint_eq(size_of("a") % 8, 0);
    LEAK_CHECK_END();
}
END_TEST

/* ---- FindFirstFile ---- */

START_TEST(test_find_handle_is_closed_by_find_close_only)
{
    WIN32_FIND_DATAA data;
    HANDLE h;

    LEAK_CHECK_BEGIN();
    close(open(tpath("one"), O_CREAT | O_WRONLY, 0644));
    h = FindFirstFileA(tpath("*"), &data);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    /* Not a kernel handle: the table does not count it and CloseHandle refuses it. */
    SetLastError(0);
    ck_assert(!CloseHandle(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(FindClose(h));
    SetLastError(0);
    ck_assert(!FindClose(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0);
    ck_assert(!FindNextFileA(h, &data));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    unlink(tpath("one"));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_find_with_null_data_fails_noaccess)
{
    WIN32_FIND_DATAA data;
    HANDLE h;

    LEAK_CHECK_BEGIN();
    close(open(tpath("one"), O_CREAT | O_WRONLY, 0644));
    SetLastError(0);
    ck_assert_ptr_eq(FindFirstFileA(tpath("*"), NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert_ptr_eq(FindFirstFileW(u"x", NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    h = FindFirstFileA(tpath("*"), &data);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    SetLastError(0);
    ck_assert(!FindNextFileA(h, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!FindNextFileW(h, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(FindClose(h));
    unlink(tpath("one"));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_find_reports_size_times_and_read_only)
{
    WIN32_FIND_DATAA data;
    struct stat st;
    ULONGLONG t;
    HANDLE h;
    int fd;

    fd = open(tpath("ro"), O_CREAT | O_WRONLY, 0444);
    ck_assert_int_eq(write(fd, "abc", 3), 3);
    close(fd);
    ck_assert_int_eq(stat(tpath("ro"), &st), 0);
    h = FindFirstFileA(tpath("RO"), &data);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_str_eq(data.cFileName, "ro");
    ck_assert_uint_eq(data.nFileSizeLow, 3);
    ck_assert(data.dwFileAttributes & FILE_ATTRIBUTE_READONLY);
    t = ((ULONGLONG)data.ftLastWriteTime.dwHighDateTime << 32) | data.ftLastWriteTime.dwLowDateTime;
    ck_assert_uint_eq(t / 10000000u, (ULONGLONG)st.st_mtime + 11644473600u);
    ck_assert(FindClose(h));
}
END_TEST

/* The UTF-16 name of the only entry of test_dir that is not "." or "..". */
static void only_entry_w(WCHAR *name)
{
    WIN32_FIND_DATAW data;
    WCHAR pattern[PATH_MAX];
    HANDLE h;
    int found = 0;

    ck_assert_uint_lt(MultiByteToWideChar(CP_UTF8, 0, tpath("*"), -1, pattern, PATH_MAX), PATH_MAX);
    h = FindFirstFileW(pattern, &data);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    do {
        if (data.cFileName[0] == '.' && (!data.cFileName[1] ||
                                         (data.cFileName[1] == '.' && !data.cFileName[2])))
            continue;
        memcpy(name, data.cFileName, sizeof(data.cFileName));
        found++;
    } while (FindNextFileW(h, &data));
    ck_assert(FindClose(h));
    ck_assert_int_eq(found, 1);
}

/* test_dir\name, as UTF-16. */
static void wide_path(const WCHAR *name, WCHAR *out)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, test_dir, -1, out, PATH_MAX);

    out[n - 1] = '\\';
    w32shim_wcscpy(out + n, name);
}

/*
 * Every name the file system holds reaches the W functions as a name they
 * can open again: bytes that are not UTF-8, and names made by CreateFileW
 * with an unpaired surrogate (lib/unicode.h).
 */
START_TEST(test_every_file_name_round_trips_through_the_w_functions)
{
    static const WCHAR surrogate_name[] = { 'a', 0xD800, 'b', 0 };
    WCHAR name[MAX_PATH], path[PATH_MAX];
    HANDLE h;
    int fd;

    fd = open(tpath("\xe9\xff"), O_CREAT | O_WRONLY, 0666);
    ck_assert_int_ge(fd, 0);
    close(fd);
    only_entry_w(name);
    ck_assert(name[0] == 0xDCE9 && name[1] == 0xDCFF && name[2] == 0);
    wide_path(name, path);
    h = CreateFileW(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert(DeleteFileW(path));

    wide_path(surrogate_name, path);
    h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    only_entry_w(name);
    ck_assert(w32shim_wcscmp(name, surrogate_name) == 0);
    h = CreateFileW(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert(DeleteFileW(path));
}
END_TEST

/* GetFullPathNameW counts what it then stores, in a directory whose name is not UTF-8. */
START_TEST(test_full_path_name_w_in_a_directory_that_is_not_utf8)
{
    WCHAR buf[PATH_MAX];
    DWORD need, len;
    HANDLE h;

    ck_assert_int_eq(mkdir(tpath("\xc3\x28\xff"), 0777), 0);
    ck_assert_int_eq(chdir(tpath("\xc3\x28\xff")), 0);
    need = GetFullPathNameW(u"f", 0, NULL, NULL);
    len = GetFullPathNameW(u"f", PATH_MAX, buf, NULL);
    ck_assert_uint_eq(need, len + 1);
    ck_assert_uint_eq(len, w32shim_wcslen(buf));
    h = CreateFileW(buf, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(access(tpath("\xc3\x28\xff/f"), F_OK), 0);
    ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

/* Several threads each run their own searches while others close theirs. */
static DWORD WINAPI find_loop(LPVOID arg)
{
    WIN32_FIND_DATAA data;

    for (int i = 0; i < 200; i++) {
        HANDLE h = FindFirstFileA(arg, &data);
        if (h == INVALID_HANDLE_VALUE)
            return 1;
        while (FindNextFileA(h, &data))
            ;
        if (GetLastError() != ERROR_NO_MORE_FILES || !FindClose(h))
            return 2;
    }
    return 0;
}

START_TEST(test_find_from_several_threads)
{
    HANDLE threads[4];
    DWORD code;

    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        close(open(tpath(name), O_CREAT | O_WRONLY, 0644));
    }
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, find_loop, (LPVOID)tpath("f*"), 0, NULL);
    ck_assert_uint_eq(WaitForMultipleObjects(4, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < 4; i++) {
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, 0);
        ck_assert(CloseHandle(threads[i]));
    }
}
END_TEST

static Suite *file_suite(void)
{
    Suite *s = suite_create("file");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, make_dir, remove_dir);
    /* Four readers take 60,000 turns at one file pointer: on a loaded
     * machine that outlasts Check's default 4 s, which only guards hangs. */
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_create_new_creates_missing_file);
    tcase_add_test(tc, test_create_new_on_existing_fails_file_exists);
    tcase_add_test(tc, test_create_always_on_existing_truncates_and_says_already_exists);
    tcase_add_test(tc, test_create_always_on_missing_creates_with_no_error);
    tcase_add_test(tc, test_open_always_on_existing_keeps_data_and_says_already_exists);
    tcase_add_test(tc, test_open_always_on_missing_creates_with_no_error);
    tcase_add_test(tc, test_open_existing_on_missing_fails_file_not_found);
    tcase_add_test(tc, test_open_in_missing_directory_fails_path_not_found);
    tcase_add_test(tc, test_truncate_existing_empties_file);
    tcase_add_test(tc, test_truncate_existing_without_generic_write_fails_and_keeps_data);
    tcase_add_test(tc, test_create_always_with_read_access_empties_the_file_it_opened);
    tcase_add_test(tc, test_read_only_file_refuses_write_opens_and_keeps_its_data);
    tcase_add_test(tc, test_invalid_disposition_fails_invalid_parameter);
    tcase_add_test(tc, test_null_and_empty_names_fail_path_not_found);
    tcase_add_test(tc, test_backslashes_are_path_separators);
    tcase_add_test(tc, test_directory_opens_only_with_backup_semantics);
    tcase_add_test(tc, test_readonly_attribute_creates_readonly_file);
    tcase_add_test(tc, test_security_attributes_make_handle_inheritable);
    tcase_add_test(tc, test_nul_is_the_null_device);
    tcase_add_test(tc, test_create_file_w_takes_utf16_names);
    tcase_add_test(tc, test_write_then_read_back_moves_position);
    tcase_add_test(tc, test_read_at_end_of_file_succeeds_with_zero_bytes);
    tcase_add_test(tc, test_read_without_count_or_overlapped_is_invalid_parameter);
    tcase_add_test(tc, test_null_buffer_with_nonzero_size_is_a_bad_buffer);
    tcase_add_test(tc, test_io_on_non_file_handles_is_invalid_handle);
    tcase_add_test(tc, test_io_against_the_handle_rights_is_access_denied);
    tcase_add_test(tc, test_overlapped_read_uses_offset_and_moves_position);
    tcase_add_test(tc, test_overlapped_read_past_end_fails_handle_eof);
    tcase_add_test(tc, test_pointer_left_by_positioned_transfers_is_seen_everywhere);
    tcase_add_test(tc, test_threads_reading_one_handle_after_a_seek_read_each_byte_once);
    tcase_add_test(tc, test_overlapped_write_lands_at_offset);
    tcase_add_test(tc, test_append_data_access_writes_at_end);
    tcase_add_test(tc, test_seek_before_start_fails_negative_seek_and_keeps_position);
    tcase_add_test(tc, test_seek_with_bad_method_fails_invalid_parameter);
    tcase_add_test(tc, test_seek_uses_and_returns_the_high_part);
    tcase_add_test(tc, test_set_end_of_file_truncates_and_extends);
    tcase_add_test(tc, test_file_type_tells_disk_pipe_and_char);
    tcase_add_test(tc, test_flush_succeeds_on_writable_file);
    tcase_add_test(tc, test_file_and_pipe_handles_are_signalled);
    tcase_add_test(tc, test_exclusive_open_refuses_second_open_with_sharing_violation);
    tcase_add_test(tc, test_shared_readers_coexist_but_a_writer_is_refused);
    tcase_add_test(tc, test_second_open_must_share_what_the_first_uses);
    tcase_add_test(tc, test_open_without_data_access_never_conflicts);
    tcase_add_test(tc, test_create_always_on_locked_out_file_keeps_its_data);
    tcase_add_test(tc, test_delete_of_file_open_without_share_delete_is_sharing_violation);
    tcase_add_test(tc, test_delete_on_close_removes_file_with_last_handle);
    tcase_add_test(tc, test_marked_file_goes_with_the_last_of_its_handles_and_fds);
    tcase_add_test(tc, test_marked_file_closed_from_two_threads_goes_once);
    tcase_add_test(tc, test_refused_opens_of_a_pending_file_leak_nothing);
    tcase_add_test(tc, test_copy_file2_reports_a_failed_write_to_its_routine);
    tcase_add_test(tc, test_delete_file_errors);
    tcase_add_test(tc, test_file_attributes_of_files_directories_and_missing_names);
    tcase_add_test(tc, test_create_and_remove_directory);
    tcase_add_test(tc, test_move_file_renames_and_refuses_to_replace);
    tcase_add_test(tc, test_copy_file_copies_and_honours_fail_if_exists);
    tcase_add_test(tc, test_copy_onto_itself_or_a_link_of_itself_fails_and_keeps_the_data);
    tcase_add_test(tc, test_copy_honours_the_share_modes_of_open_files);
    tcase_add_test(tc, test_copy_onto_a_read_only_file_is_access_denied);
    tcase_add_test(tc, test_move_onto_itself_or_of_open_files_keeps_the_data);
    tcase_add_test(tc, test_exclusive_lock_keeps_other_handles_out_until_unlocked);
    tcase_add_test(tc, test_shared_locks_coexist_and_exclude_exclusive_ones);
    tcase_add_test(tc, test_exclusive_lock_may_not_overlap_own_lock);
    tcase_add_test(tc, test_unlock_must_match_a_locked_range);
    tcase_add_test(tc, test_lock_file_ex_without_fail_immediately_waits_for_unlock);
    tcase_add_test(tc, test_lock_on_pipe_fails_invalid_function);
    tcase_add_test(tc, test_lock_ranges_that_wrap_past_2_64_are_invalid);
    tcase_add_test(tc, test_temp_path_is_a_directory_with_trailing_slash);
    tcase_add_test(tc, test_full_path_name_resolves_relative_names);
    tcase_add_test(tc, test_deleted_current_directory_fails_path_not_found_and_creates_nothing);
    tcase_add_test(tc, test_paths_mean_what_they_mean_on_windows);
    tcase_add_test(tc, test_io_with_a_partly_inaccessible_buffer_moves_nothing);
    tcase_add_test(tc, test_write_from_an_unreadable_mapped_page_writes_nothing);
    tcase_add_test(tc, test_devices_are_never_deleted_moved_or_replaced);
    tcase_add_test(tc, test_handle_fd_and_handle_from_fd_round_trip);
    tcase_add_test(tc, test_out_of_fds_fails_too_many_open_files_and_leaks_nothing);
    tcase_add_test(tc, test_threads_reading_writing_and_closing_one_handle_are_safe);
    tcase_add_test(tc, test_find_handle_is_closed_by_find_close_only);
    tcase_add_test(tc, test_find_with_null_data_fails_noaccess);
    tcase_add_test(tc, test_find_reports_size_times_and_read_only);
    tcase_add_test(tc, test_find_from_several_threads);
    tcase_add_test(tc, test_every_file_name_round_trips_through_the_w_functions);
    tcase_add_test(tc, test_full_path_name_w_in_a_directory_that_is_not_utf8);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(file_suite)
