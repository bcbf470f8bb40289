/* errhandlingapi.h: the per-thread last error, error modes, and the errno table. */
#include <errno.h>
#include "testutil.h"
#include "error.h"

/* ---- last error ---- */

START_TEST(test_set_last_error_is_read_back)
{
    SetLastError(ERROR_NOT_OWNER);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_OWNER);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    SetLastError(0);
    ck_assert_uint_eq(GetLastError(), 0);
}
END_TEST

static DWORD WINAPI read_then_set_last_error(LPVOID arg)
{
    DWORD seen = GetLastError();

    SetLastError(0x5678);
    return seen;
}

START_TEST(test_last_error_is_per_thread)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0x1234);
    /* A new thread starts at 0 and its writes stay in it. */
    ck_assert_uint_eq(run_thread(read_then_set_last_error, NULL), 0);
    ck_assert_uint_eq(GetLastError(), 0x1234);
    LEAK_CHECK_END();
}
END_TEST

struct ping_pong {
    HANDLE ping, pong;
    DWORD seen;
};

/* Each side sets its own value, lets the other set a different one, then reads its own back. */
static DWORD WINAPI set_while_other_sets(LPVOID arg)
{
    struct ping_pong *pp = arg;

    SetLastError(0xbbbb);
    if (SignalObjectAndWait(pp->pong, pp->ping, 5000, FALSE) != WAIT_OBJECT_0)
        return 0;
    pp->seen = GetLastError();
    return 1;
}

START_TEST(test_last_error_set_concurrently_stays_in_its_thread)
{
    LEAK_CHECK_BEGIN();
    struct ping_pong pp = {
        CreateEventA(NULL, FALSE, FALSE, NULL), CreateEventA(NULL, FALSE, FALSE, NULL), 0,
    };
    HANDLE t;
    DWORD code = 0;

    ck_assert_ptr_nonnull(pp.ping);
    ck_assert_ptr_nonnull(pp.pong);
    t = CreateThread(NULL, 0, set_while_other_sets, &pp, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(pp.pong, 5000), WAIT_OBJECT_0);
    SetLastError(0xaaaa);
    ck_assert(SetEvent(pp.ping));
    ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
    ck_assert_uint_eq(GetLastError(), 0xaaaa);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, 1);
    ck_assert_uint_eq(pp.seen, 0xbbbb);
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(pp.ping));
    ck_assert(CloseHandle(pp.pong));
    LEAK_CHECK_END();
}
END_TEST

/* sync.c test_event: creating a new named object clears the last error. */
START_TEST(test_create_of_new_named_object_sets_success)
{
    LEAK_CHECK_BEGIN();
    HANDLE h[3];

    SetLastError(0xdeadbeef);
    h[0] = CreateEventA(NULL, TRUE, FALSE, "check_error_event");
    ck_assert_ptr_nonnull(h[0]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    h[1] = CreateMutexA(NULL, FALSE, "check_error_mutex");
    ck_assert_ptr_nonnull(h[1]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    h[2] = CreateSemaphoreA(NULL, 0, 1, "check_error_semaphore");
    ck_assert_ptr_nonnull(h[2]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    for (int i = 0; i < 3; i++)
        ck_assert(CloseHandle(h[i]));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_of_unnamed_object_sets_success)
{
    LEAK_CHECK_BEGIN();
    HANDLE h[3];

    SetLastError(0xdeadbeef);
    h[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_ptr_nonnull(h[0]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    h[1] = CreateMutexA(NULL, FALSE, NULL);
    ck_assert_ptr_nonnull(h[1]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    h[2] = CreateSemaphoreA(NULL, 0, 1, NULL);
    ck_assert_ptr_nonnull(h[2]);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    for (int i = 0; i < 3; i++)
        ck_assert(CloseHandle(h[i]));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_of_existing_name_sets_already_exists)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateEventA(NULL, TRUE, FALSE, "check_error_twice"), b;

    ck_assert_ptr_nonnull(a);
    SetLastError(0);
    b = CreateEventA(NULL, TRUE, FALSE, "check_error_twice");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    LEAK_CHECK_END();
}
END_TEST

/* thread.c: a successful TlsGetValue sets ERROR_SUCCESS, even for a NULL value. */
START_TEST(test_tls_get_value_clears_last_error)
{
    DWORD index = TlsAlloc();

    ck_assert_uint_ne(index, TLS_OUT_OF_INDEXES);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(TlsGetValue(index));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(TlsSetValue(index, &index));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(TlsGetValue(index), &index);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(TlsFree(index));
}
END_TEST

/* Successful calls that Windows leaves the last error alone in. */
START_TEST(test_successful_calls_preserve_last_error)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), dup;
    DWORD index = TlsAlloc(), flags;

    ck_assert_ptr_nonnull(ev);
    ck_assert_uint_ne(index, TLS_OUT_OF_INDEXES);
    SetLastError(0xcafef00d);
    ck_assert(SetEvent(ev));
    ck_assert(ResetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(dup));
    ck_assert(TlsSetValue(index, &index));
    ck_assert(TlsFree(index));
    ck_assert(CloseHandle(ev));
    ck_assert_uint_eq(GetLastError(), 0xcafef00d);
    LEAK_CHECK_END();
}
END_TEST

/* ---- error modes ---- */

START_TEST(test_set_error_mode_returns_previous_mode)
{
    UINT start = GetErrorMode();
    UINT mode = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX;

    SetLastError(0xfacefeed);
    ck_assert_uint_eq(SetErrorMode(mode), start);
    ck_assert_uint_eq(GetErrorMode(), mode);
    ck_assert_uint_eq(SetErrorMode(SEM_FAILCRITICALERRORS), mode);
    ck_assert_uint_eq(GetErrorMode(), SEM_FAILCRITICALERRORS);
    ck_assert_uint_eq(SetErrorMode(start), SEM_FAILCRITICALERRORS);
    ck_assert_uint_eq(GetErrorMode(), start);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
}
END_TEST

static DWORD WINAPI read_error_mode(LPVOID arg)
{
    return GetErrorMode();
}

START_TEST(test_error_mode_is_per_process)
{
    LEAK_CHECK_BEGIN();
    SetErrorMode(SEM_NOOPENFILEERRORBOX);
    ck_assert_uint_eq(run_thread(read_error_mode, NULL), SEM_NOOPENFILEERRORBOX);
    SetErrorMode(0);
    ck_assert_uint_eq(run_thread(read_error_mode, NULL), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_thread_error_mode_returns_old_mode)
{
    DWORD mode = SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX;
    DWORD old = 0xdeadbeef;

    ck_assert_uint_eq(GetThreadErrorMode(), 0);
    SetLastError(0xfacefeed);
    ck_assert(SetThreadErrorMode(mode, &old));
    ck_assert_uint_eq(old, 0);
    ck_assert_uint_eq(GetThreadErrorMode(), mode);
    ck_assert(SetThreadErrorMode(SEM_NOOPENFILEERRORBOX, NULL));
    ck_assert_uint_eq(GetThreadErrorMode(), SEM_NOOPENFILEERRORBOX);
    ck_assert(SetThreadErrorMode(0, &old));
    ck_assert_uint_eq(old, SEM_NOOPENFILEERRORBOX);
    ck_assert_uint_eq(GetThreadErrorMode(), 0);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
}
END_TEST

/* SEM_NOALIGNMENTFAULTEXCEPT is a process-only flag; other bits are no flags at all. */
START_TEST(test_set_thread_error_mode_rejects_invalid_flags)
{
    static const DWORD invalid[] = {
        SEM_NOALIGNMENTFAULTEXCEPT, 0x10, 0x80000000, SEM_FAILCRITICALERRORS | 0x4,
    };
    DWORD old;

    ck_assert(SetThreadErrorMode(SEM_NOGPFAULTERRORBOX, NULL));
    for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
        old = 0x77;
        SetLastError(0);
        ck_assert(!SetThreadErrorMode(invalid[i], &old));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        ck_assert_uint_eq(old, 0x77);
        ck_assert_uint_eq(GetThreadErrorMode(), SEM_NOGPFAULTERRORBOX);
    }
}
END_TEST

static DWORD WINAPI read_thread_error_mode(LPVOID arg)
{
    DWORD before = GetThreadErrorMode();

    if (!SetThreadErrorMode(SEM_FAILCRITICALERRORS, NULL))
        return 0xdead;
    return before;
}

START_TEST(test_thread_error_mode_is_per_thread)
{
    LEAK_CHECK_BEGIN();
    ck_assert(SetThreadErrorMode(SEM_NOOPENFILEERRORBOX, NULL));
    ck_assert_uint_eq(run_thread(read_thread_error_mode, NULL), 0);
    ck_assert_uint_eq(GetThreadErrorMode(), SEM_NOOPENFILEERRORBOX);
    LEAK_CHECK_END();
}
END_TEST

/* ---- errno -> ERROR_* ---- */

START_TEST(test_errno_maps_to_windows_error)
{
    static const struct {
        int err;
        DWORD error;
    } map[] = {
        { EPERM, ERROR_ACCESS_DENIED },
        { EACCES, ERROR_ACCESS_DENIED },
        { ENOENT, ERROR_FILE_NOT_FOUND },
        { ENOTDIR, ERROR_PATH_NOT_FOUND },
        { EBADF, ERROR_INVALID_HANDLE },
        { ENOMEM, ERROR_NOT_ENOUGH_MEMORY },
        { EEXIST, ERROR_FILE_EXISTS },
        { EINVAL, ERROR_INVALID_PARAMETER },
        { EMFILE, ERROR_TOO_MANY_OPEN_FILES },
        { ENFILE, ERROR_TOO_MANY_OPEN_FILES },
        { ENOSPC, ERROR_DISK_FULL },
        { EFAULT, ERROR_NOACCESS },
        { EBUSY, ERROR_BUSY },
        { ENAMETOOLONG, ERROR_FILENAME_EXCED_RANGE },
        { ENOSYS, ERROR_CALL_NOT_IMPLEMENTED },
        { ENOTEMPTY, ERROR_DIR_NOT_EMPTY },
        { ENOTSUP, ERROR_NOT_SUPPORTED },
        { EPIPE, ERROR_NO_DATA },
        { EROFS, ERROR_WRITE_PROTECT },
        { EXDEV, ERROR_NOT_SAME_DEVICE },
        { ETIMEDOUT, ERROR_TIMEOUT },
        { EDEADLK, ERROR_POSSIBLE_DEADLOCK },
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        ck_assert_msg(w32_error_from_errno(map[i].err) == map[i].error,
                      "errno %d gave %lu, expected %lu", map[i].err,
                      (unsigned long)w32_error_from_errno(map[i].err),
                      (unsigned long)map[i].error);
}
END_TEST

START_TEST(test_errno_mapping_leaves_last_error_alone)
{
    SetLastError(0xfacefeed);
    ck_assert_uint_eq(w32_error_from_errno(EINVAL), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
}
END_TEST

START_TEST(test_unknown_errno_maps_to_a_failure_code)
{
    DWORD error = w32_error_from_errno(0x7fff);

    ck_assert_uint_ne(error, ERROR_SUCCESS);
    ck_assert_uint_ne(w32_error_from_errno(0), ERROR_SUCCESS);
}
END_TEST

static Suite *error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc;

    tc = tcase_create("last_error");
    tcase_add_test(tc, test_set_last_error_is_read_back);
    tcase_add_test(tc, test_last_error_is_per_thread);
    tcase_add_test(tc, test_last_error_set_concurrently_stays_in_its_thread);
    tcase_add_test(tc, test_create_of_new_named_object_sets_success);
    tcase_add_test(tc, test_create_of_unnamed_object_sets_success);
    tcase_add_test(tc, test_create_of_existing_name_sets_already_exists);
    tcase_add_test(tc, test_tls_get_value_clears_last_error);
    tcase_add_test(tc, test_successful_calls_preserve_last_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("modes");
    tcase_add_test(tc, test_set_error_mode_returns_previous_mode);
    tcase_add_test(tc, test_error_mode_is_per_process);
    tcase_add_test(tc, test_set_thread_error_mode_returns_old_mode);
    tcase_add_test(tc, test_set_thread_error_mode_rejects_invalid_flags);
    tcase_add_test(tc, test_thread_error_mode_is_per_thread);
    suite_add_tcase(s, tc);

    tc = tcase_create("errno");
    tcase_add_test(tc, test_errno_maps_to_windows_error);
    tcase_add_test(tc, test_errno_mapping_leaves_last_error_alone);
    tcase_add_test(tc, test_unknown_errno_maps_to_a_failure_code);
    suite_add_tcase(s, tc);

    return s;
}

W32_TEST_MAIN(error_suite)
