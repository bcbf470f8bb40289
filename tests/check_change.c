/*
 * Directory change notifications (change.c): what the conformance tests
 * cannot pin down portably (the buffer the first call fixes, watches that
 * follow renamed subdirectories, the synchronous look of a wait), with
 * handle and fd counts. tests/aio-threads.sh runs it on the engine's thread
 * back end too.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ntstatus.h>
#include "testutil.h"

static char dir[MAX_PATH];

static const char *path(const char *name)
{
    static char bufs[4][MAX_PATH * 2];
    static int next;
    char *buf = bufs[next++ % 4];

    snprintf(buf, MAX_PATH * 2, "%s\\%s", dir, name);
    return buf;
}

static void make_file(const char *name)
{
    HANDLE h = CreateFileA(path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    CloseHandle(h);
}

static void setup(void)
{
    char tmp[MAX_PATH - 40];        /* leaves room in dir for the name below */
    static LONG serial;

    GetTempPathA(sizeof(tmp), tmp);
    snprintf(dir, sizeof(dir), "%scheck-change-%d-%ld", tmp, (int)getpid(),
             (long)InterlockedIncrement(&serial));
    ck_assert(CreateDirectoryA(dir, NULL));
}

/* Removes what a test left in dir (one level of subdirectories), then dir. */
static void teardown(void)
{
    char cmd[MAX_PATH + 32];
    char *unix_dir = strdup(dir);

    for (char *p = unix_dir; *p; p++)
        if (*p == '\\')
            *p = '/';
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", unix_dir);
    ck_assert_int_eq(system(cmd), 0);
    free(unix_dir);
}

static HANDLE open_dir(DWORD flags)
{
    HANDLE h = CreateFileA(dir, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE |
                           FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS | flags, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

/* Starts the I/O engine (its ring or threads stay for the process), so that
 * the fd counts of the tests compare like with like. */
static void start_engine(void)
{
    HANDLE h = FindFirstChangeNotificationA(dir, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert(FindCloseChangeNotification(h));
}

static int is_record(const FILE_NOTIFY_INFORMATION *fni, DWORD action, const WCHAR *name)
{
    DWORD len = lstrlenW(name) * sizeof(WCHAR);

    return fni->Action == action && fni->FileNameLength == len &&
           !memcmp(fni->FileName, name, len);
}

START_TEST(test_change_handles_leave_no_fds_or_handles)
{
    start_engine();
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 20; i++) {
        HANDLE h = FindFirstChangeNotificationA(dir, TRUE, FILE_NOTIFY_CHANGE_FILE_NAME);
        ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
        make_file("f");
        ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(FindNextChangeNotification(h));
        ck_assert(DeleteFileA(path("f")));
        ck_assert(FindCloseChangeNotification(h));
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closing_a_directory_with_a_pending_read_leaves_no_fds)
{
    DWORD buf[64];
    OVERLAPPED ov = { 0 };

    start_engine();
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 20; i++) {
        HANDLE h = open_dir(FILE_FLAG_OVERLAPPED);
        ck_assert(ReadDirectoryChangesW(h, buf, sizeof(buf), TRUE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                        NULL, &ov, NULL));
        ck_assert_uint_eq(ov.Internal, STATUS_PENDING);
        ck_assert(CloseHandle(h));
        ck_assert_uint_eq(ov.Internal, (DWORD)STATUS_CANCELLED);
    }
    LEAK_CHECK_END();
}
END_TEST

/* The wait looks at the directory itself: no window after the change. */
START_TEST(test_a_wait_sees_a_change_made_before_it)
{
    HANDLE h = FindFirstChangeNotificationA(dir, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);

    for (int i = 0; i < 50; i++) {
        char name[16];
        snprintf(name, sizeof(name), "f%d", i);
        ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
        make_file(name);
        ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
        ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
        ck_assert(FindNextChangeNotification(h));
    }
    ck_assert(FindCloseChangeNotification(h));
}
END_TEST

/* A waiter asleep when the change comes is woken (the engine's completion). */
static DWORD WINAPI make_later(void *arg)
{
    Sleep(50);
    make_file(arg);
    return 0;
}

START_TEST(test_a_sleeping_waiter_is_woken)
{
    HANDLE h = FindFirstChangeNotificationA(dir, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);
    HANDLE t = CreateThread(NULL, 0, make_later, "late", 0, NULL);

    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(t);
    ck_assert(FindCloseChangeNotification(h));
}
END_TEST

/* Windows keeps as many changes between calls as the first call's buffer holds. */
START_TEST(test_the_first_calls_buffer_bounds_what_is_kept)
{
    DWORD small[16], big[1024];
    OVERLAPPED ov = { 0 };
    HANDLE h = open_dir(FILE_FLAG_OVERLAPPED);

    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(ReadDirectoryChangesW(h, small, sizeof(small), FALSE,
                                    FILE_NOTIFY_CHANGE_FILE_NAME, NULL, &ov, NULL));
    make_file("a");
    ck_assert_uint_eq(WaitForSingleObject(ov.hEvent, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(ov.Internal, 0);
    ck_assert(is_record((FILE_NOTIFY_INFORMATION *)small, FILE_ACTION_ADDED, u"a"));
    for (int i = 0; i < 8; i++) {
        char name[16];
        snprintf(name, sizeof(name), "file%d", i);
        make_file(name);
    }
    ck_assert(ReadDirectoryChangesW(h, big, sizeof(big), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                    NULL, &ov, NULL));
    ck_assert_uint_eq(WaitForSingleObject(ov.hEvent, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(ov.Internal, (DWORD)STATUS_NOTIFY_ENUM_DIR);
    ck_assert_uint_eq(ov.InternalHigh, 0);
    /* And the next change is reported again. */
    ck_assert(ReadDirectoryChangesW(h, big, sizeof(big), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                    NULL, &ov, NULL));
    ck_assert(DeleteFileA(path("a")));
    ck_assert_uint_eq(WaitForSingleObject(ov.hEvent, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(ov.Internal, 0);
    ck_assert(is_record((FILE_NOTIFY_INFORMATION *)big, FILE_ACTION_REMOVED, u"a"));
    CloseHandle(ov.hEvent);
    CloseHandle(h);
}
END_TEST

/* A watched subdirectory renamed within the tree reports under its new name. */
START_TEST(test_a_renamed_subdirectory_reports_its_new_name)
{
    DWORD buf[256], n;
    FILE_NOTIFY_INFORMATION *fni = (FILE_NOTIFY_INFORMATION *)buf;
    OVERLAPPED ov = { 0 };
    HANDLE h;

    ck_assert(CreateDirectoryA(path("sub"), NULL));
    ck_assert(CreateDirectoryA(path("sub\\deep"), NULL));
    h = open_dir(FILE_FLAG_OVERLAPPED);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(ReadDirectoryChangesW(h, buf, sizeof(buf), TRUE, FILE_NOTIFY_CHANGE_FILE_NAME, NULL,
                                    &ov, NULL));
    ck_assert(MoveFileA(path("sub"), path("moved")));
    make_file("moved\\deep\\y");
    for (;;) {
        FILE_NOTIFY_INFORMATION *r = fni;
        ck_assert(GetOverlappedResult(h, &ov, &n, TRUE));
        ck_assert_uint_ne(n, 0);
        while (r->NextEntryOffset && !is_record(r, FILE_ACTION_ADDED, u"moved\\deep\\y"))
            r = (FILE_NOTIFY_INFORMATION *)((char *)r + r->NextEntryOffset);
        if (is_record(r, FILE_ACTION_ADDED, u"moved\\deep\\y"))
            break;
        ck_assert(ReadDirectoryChangesW(h, buf, sizeof(buf), TRUE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                        NULL, &ov, NULL));
    }
    CloseHandle(ov.hEvent);
    CloseHandle(h);
}
END_TEST

static DWORD WINAPI read_forever(void *arg)
{
    DWORD buf[64], n;

    return ReadDirectoryChangesW(arg, buf, sizeof(buf), FALSE, FILE_NOTIFY_CHANGE_SIZE, &n,
                                 NULL, NULL) ? 0 : GetLastError();
}

START_TEST(test_cancel_synchronous_io_ends_a_synchronous_read)
{
    HANDLE h = open_dir(0), t;
    DWORD code;

    t = CreateThread(NULL, 0, read_forever, h, 0, NULL);
    for (;;) {
        if (CancelSynchronousIo(t))
            break;
        ck_assert_uint_eq(GetLastError(), ERROR_NOT_FOUND);
        Sleep(1);
    }
    ck_assert_uint_eq(WaitForSingleObject(t, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, ERROR_OPERATION_ABORTED);
    CloseHandle(t);
    CloseHandle(h);
}
END_TEST

START_TEST(test_wrong_handles_and_classes)
{
    DWORD buf[64], n;
    HANDLE h = open_dir(0), ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE change = FindFirstChangeNotificationA(dir, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME);

    ck_assert(!FindNextChangeNotification(h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!FindNextChangeNotification(ev));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!ReadDirectoryChangesW(ev, buf, sizeof(buf), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                     &n, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!ReadDirectoryChangesW(change, buf, sizeof(buf), FALSE,
                                     FILE_NOTIFY_CHANGE_FILE_NAME, &n, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!ReadDirectoryChangesW(h, NULL, 16, FALSE, FILE_NOTIFY_CHANGE_FILE_NAME, &n, NULL,
                                     NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(!ReadDirectoryChangesExW(h, buf, sizeof(buf), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                       &n, NULL, NULL, ReadDirectoryNotifyExtendedInformation));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(!ReadDirectoryChangesExW(h, buf, sizeof(buf), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                       &n, NULL, NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(GetFileType(change), FILE_TYPE_DISK);
    CloseHandle(change);
    CloseHandle(ev);
    CloseHandle(h);
}
END_TEST

START_TEST(test_extended_call_with_the_basic_class_reads)
{
    DWORD buf[64], n = 0;
    OVERLAPPED ov = { 0 };
    HANDLE h = open_dir(FILE_FLAG_OVERLAPPED);

    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert(ReadDirectoryChangesExW(h, buf, sizeof(buf), FALSE, FILE_NOTIFY_CHANGE_FILE_NAME,
                                      NULL, &ov, NULL, ReadDirectoryNotifyInformation));
    make_file("e");
    ck_assert(GetOverlappedResult(h, &ov, &n, TRUE));
    ck_assert_uint_eq(n, 14);
    ck_assert(is_record((FILE_NOTIFY_INFORMATION *)buf, FILE_ACTION_ADDED, u"e"));
    CloseHandle(ov.hEvent);
    CloseHandle(h);
}
END_TEST

static Suite *change_suite(void)
{
    Suite *s = suite_create("change");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_change_handles_leave_no_fds_or_handles);
    tcase_add_test(tc, test_closing_a_directory_with_a_pending_read_leaves_no_fds);
    tcase_add_test(tc, test_a_wait_sees_a_change_made_before_it);
    tcase_add_test(tc, test_a_sleeping_waiter_is_woken);
    tcase_add_test(tc, test_the_first_calls_buffer_bounds_what_is_kept);
    tcase_add_test(tc, test_a_renamed_subdirectory_reports_its_new_name);
    tcase_add_test(tc, test_cancel_synchronous_io_ends_a_synchronous_read);
    tcase_add_test(tc, test_wrong_handles_and_classes);
    tcase_add_test(tc, test_extended_call_with_the_basic_class_reads);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(change_suite)
