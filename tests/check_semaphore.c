/* Semaphores: count limits, ReleaseSemaphore results and errors, waking waiters. */
#include "waitutil.h"

#define NWAITERS 4

/* Takes the whole count with zero-timeout waits and says how much there was. */
static LONG drain(HANDLE sem)
{
    LONG n = 0;

    while (WaitForSingleObject(sem, 0) == WAIT_OBJECT_0)
        n++;
    return n;
}

static void assert_create_fails(LONG initial, LONG maximum)
{
    SetLastError(0);
    ck_assert_ptr_null(CreateSemaphoreA(NULL, initial, maximum, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}

static void assert_release_fails(HANDLE sem, LONG count, DWORD error)
{
    LONG previous = -1;

    SetLastError(0);
    ck_assert(!ReleaseSemaphore(sem, count, &previous));
    ck_assert_uint_eq(GetLastError(), error);
}

START_TEST(test_create_rejects_initial_above_maximum)
{
    LEAK_CHECK_BEGIN();
    assert_create_fails(2, 1);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_rejects_maximum_not_positive)
{
    LEAK_CHECK_BEGIN();
    assert_create_fails(0, 0);
    assert_create_fails(0, -1);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_rejects_negative_initial)
{
    LEAK_CHECK_BEGIN();
    assert_create_fails(-1, 1);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_accepts_initial_equal_to_maximum)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 3, 3, NULL);

    ck_assert_ptr_nonnull(sem);
    ck_assert_int_eq(drain(sem), 3);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_each_wait_decrements_count)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 2, 5, NULL);

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_returns_previous_count)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 5, NULL);
    LONG previous = -1;

    SetLastError(0xdeadbeef);
    ck_assert(ReleaseSemaphore(sem, 2, &previous));
    ck_assert_int_eq(previous, 0);
    ck_assert(ReleaseSemaphore(sem, 3, &previous));
    ck_assert_int_eq(previous, 2);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    assert_release_fails(sem, 1, ERROR_TOO_MANY_POSTS);
    ck_assert_int_eq(drain(sem), 5);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_past_maximum_fails_and_keeps_count)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 2, 3, NULL);

    assert_release_fails(sem, 2, ERROR_TOO_MANY_POSTS);
    ck_assert_int_eq(drain(sem), 2);
    ck_assert(ReleaseSemaphore(sem, 3, NULL));
    assert_release_fails(sem, 1, ERROR_TOO_MANY_POSTS);
    ck_assert_int_eq(drain(sem), 3);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

/* Windows rejects 0 (Wine accepts it) and negative counts. */
START_TEST(test_release_count_zero_or_negative_is_invalid)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 1, 3, NULL);

    assert_release_fails(sem, 0, ERROR_INVALID_PARAMETER);
    assert_release_fails(sem, -1, ERROR_INVALID_PARAMETER);
    ck_assert_int_eq(drain(sem), 1);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI wait_forever(LPVOID sem)
{
    return WaitForSingleObject(sem, INFINITE);
}

START_TEST(test_release_of_n_wakes_up_to_n_waiters)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 10, NULL);
    HANDLE threads[NWAITERS];
    LONG previous = -1;

    for (int i = 0; i < NWAITERS; i++)
        threads[i] = CreateThread(NULL, 0, wait_forever, sem, 0, NULL);
    await_waiters(sem, NWAITERS);
    ck_assert(ReleaseSemaphore(sem, 2, &previous));
    ck_assert_int_eq(previous, 0);
    ck_assert_uint_eq(waiters_on(sem), NWAITERS - 2);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    ck_assert(ReleaseSemaphore(sem, 3, &previous));
    ck_assert_int_eq(previous, 0);
    ck_assert_uint_eq(waiters_on(sem), 0);
    ck_assert_uint_eq(WaitForMultipleObjects(NWAITERS, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < NWAITERS; i++) {
        DWORD code;
        ck_assert(GetExitCodeThread(threads[i], &code));
        ck_assert_uint_eq(code, WAIT_OBJECT_0);
        ck_assert(CloseHandle(threads[i]));
    }
    ck_assert_int_eq(drain(sem), 1);
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

/* MS docs: dwFlags "is reserved and must be 0" (Wine ignores it). */
START_TEST(test_create_semaphore_ex_rejects_nonzero_flags)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0);
    ck_assert_ptr_null(CreateSemaphoreExA(NULL, 0, 1, NULL, 1, SEMAPHORE_ALL_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert_ptr_null(CreateSemaphoreExW(NULL, 0, 1, NULL, 0x80000000, SEMAPHORE_ALL_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_semaphore_ex_and_w_forms_work)
{
    LEAK_CHECK_BEGIN();
    HANDLE ex = CreateSemaphoreExA(NULL, 1, 2, NULL, 0, SEMAPHORE_ALL_ACCESS);
    HANDLE exw = CreateSemaphoreExW(NULL, 2, 2, NULL, 0, SEMAPHORE_ALL_ACCESS);
    HANDLE w = CreateSemaphoreW(NULL, 0, 1, NULL);

    ck_assert_ptr_nonnull(ex);
    ck_assert_ptr_nonnull(exw);
    ck_assert_ptr_nonnull(w);
    ck_assert_int_eq(drain(ex), 1);
    ck_assert_int_eq(drain(exw), 2);
    ck_assert_int_eq(drain(w), 0);
    ck_assert(CloseHandle(ex));
    ck_assert(CloseHandle(exw));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_needs_modify_state_right)
{
    LEAK_CHECK_BEGIN();
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, NULL);
    HANDLE sync_only;

    ck_assert(DuplicateHandle(GetCurrentProcess(), sem, GetCurrentProcess(), &sync_only,
                              SYNCHRONIZE, FALSE, 0));
    assert_release_fails(sync_only, 1, ERROR_ACCESS_DENIED);
    ck_assert_int_eq(drain(sync_only), 0);
    ck_assert(ReleaseSemaphore(sem, 1, NULL));
    ck_assert_int_eq(drain(sync_only), 1);
    ck_assert(CloseHandle(sync_only));
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_rejects_wrong_type_and_null_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    assert_release_fails(ev, 1, ERROR_INVALID_HANDLE);
    assert_release_fails(m, 1, ERROR_INVALID_HANDLE);
    assert_release_fails(NULL, 1, ERROR_INVALID_HANDLE);
    assert_release_fails(GetCurrentThread(), 1, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

static Suite *semaphore_suite(void)
{
    Suite *s = suite_create("semaphore");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_create_rejects_initial_above_maximum);
    tcase_add_test(tc, test_create_rejects_maximum_not_positive);
    tcase_add_test(tc, test_create_rejects_negative_initial);
    tcase_add_test(tc, test_create_accepts_initial_equal_to_maximum);
    tcase_add_test(tc, test_each_wait_decrements_count);
    tcase_add_test(tc, test_release_returns_previous_count);
    tcase_add_test(tc, test_release_past_maximum_fails_and_keeps_count);
    tcase_add_test(tc, test_release_count_zero_or_negative_is_invalid);
    tcase_add_test(tc, test_release_of_n_wakes_up_to_n_waiters);
    tcase_add_test(tc, test_create_semaphore_ex_rejects_nonzero_flags);
    tcase_add_test(tc, test_create_semaphore_ex_and_w_forms_work);
    tcase_add_test(tc, test_release_needs_modify_state_right);
    tcase_add_test(tc, test_release_rejects_wrong_type_and_null_handles);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(semaphore_suite)
