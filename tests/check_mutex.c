/* Mutexes: ownership, recursion, ReleaseMutex errors, abandonment, CreateMutexEx. */
#include <pthread.h>
#include "waitutil.h"

static DWORD WINAPI try_wait(LPVOID mutex)
{
    return WaitForSingleObject(mutex, 0);
}

/* ReleaseMutex's last error when it fails, 0 when it succeeds. */
static DWORD WINAPI try_release(LPVOID mutex)
{
    SetLastError(0);
    return ReleaseMutex(mutex) ? 0 : GetLastError();
}

static DWORD WINAPI acquire_and_return(LPVOID mutex)
{
    return WaitForSingleObject(mutex, INFINITE);
}

static DWORD WINAPI acquire_and_exit_thread(LPVOID mutex)
{
    ExitThread(WaitForSingleObject(mutex, INFINITE));
}

static void *acquire_on_pthread(void *mutex)
{
    return (void *)(uintptr_t)WaitForSingleObject(mutex, INFINITE);
}

/* The caller got an abandoned mutex: it owns it like any other afterwards. */
static void assert_owned_normally_after_abandon(HANDLE m)
{
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_TIMEOUT);
    ck_assert(ReleaseMutex(m));
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    SetLastError(0);
    ck_assert(!ReleaseMutex(m));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_OWNER);
}

static void assert_release_mutex_fails(HANDLE h, DWORD error)
{
    SetLastError(0);
    ck_assert(!ReleaseMutex(h));
    ck_assert_uint_eq(GetLastError(), error);
}

START_TEST(test_initial_owner_owns_mutex)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, TRUE, NULL);

    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_TIMEOUT);
    ck_assert(ReleaseMutex(m));
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_OBJECT_0);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_mutex_created_unowned_is_free)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    ck_assert_ptr_nonnull(m);
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_recursive_acquire_needs_as_many_releases)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    ck_assert(ReleaseMutex(m));
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_TIMEOUT);
    SetLastError(0xdeadbeef);
    ck_assert(ReleaseMutex(m));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_OBJECT_0);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_from_non_owner_thread_fails)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, TRUE, NULL);

    ck_assert_uint_eq(run_thread(try_release, m), ERROR_NOT_OWNER);
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_TIMEOUT);
    ck_assert(ReleaseMutex(m));
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

struct handoff {
    HANDLE mutex;
    HANDLE acquired;        /* set by the thread once it owns the mutex */
    HANDLE release;         /* set by the test when the thread may let go */
};

static DWORD WINAPI take_hold_release(LPVOID arg)
{
    struct handoff *h = arg;
    DWORD got = WaitForSingleObject(h->mutex, INFINITE);

    SignalObjectAndWait(h->acquired, h->release, INFINITE, FALSE);
    return ReleaseMutex(h->mutex) ? got : WAIT_FAILED;
}

START_TEST(test_release_transfers_ownership_to_waiter)
{
    LEAK_CHECK_BEGIN();
    struct handoff h = {
        CreateMutexA(NULL, TRUE, NULL),
        CreateEventA(NULL, FALSE, FALSE, NULL),
        CreateEventA(NULL, FALSE, FALSE, NULL),
    };
    HANDLE thread = CreateThread(NULL, 0, take_hold_release, &h, 0, NULL);
    DWORD code;

    await_waiters(h.mutex, 1);
    ck_assert(ReleaseMutex(h.mutex));
    ck_assert_uint_eq(WaitForSingleObject(h.acquired, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(h.mutex, 0), WAIT_TIMEOUT);
    assert_release_mutex_fails(h.mutex, ERROR_NOT_OWNER);
    ck_assert(SetEvent(h.release));
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(thread, &code));
    ck_assert_uint_eq(code, WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(h.mutex, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(h.mutex));
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(h.mutex));
    ck_assert(CloseHandle(h.acquired));
    ck_assert(CloseHandle(h.release));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_abandoned_when_create_thread_owner_returns)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    ck_assert_uint_eq(run_thread(acquire_and_return, m), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_ABANDONED);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    assert_owned_normally_after_abandon(m);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_abandoned_when_owner_calls_exit_thread)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);

    ck_assert_uint_eq(run_thread(acquire_and_exit_thread, m), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_ABANDONED);
    assert_owned_normally_after_abandon(m);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_abandoned_when_pthread_owner_ends)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    pthread_t tid;
    void *result;

    ck_assert_int_eq(pthread_create(&tid, NULL, acquire_on_pthread, m), 0);
    ck_assert_int_eq(pthread_join(tid, &result), 0);
    ck_assert_uint_eq((uintptr_t)result, WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_ABANDONED);
    assert_owned_normally_after_abandon(m);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI take_hold_exit(LPVOID arg)
{
    struct handoff *h = arg;
    DWORD got = WaitForSingleObject(h->mutex, INFINITE);

    SignalObjectAndWait(h->acquired, h->release, INFINITE, FALSE);
    return got;
}

START_TEST(test_abandon_wakes_blocked_waiter_with_wait_abandoned)
{
    LEAK_CHECK_BEGIN();
    struct handoff h = {
        CreateMutexA(NULL, FALSE, NULL),
        CreateEventA(NULL, FALSE, FALSE, NULL),
        CreateEventA(NULL, FALSE, FALSE, NULL),
    };
    HANDLE thread = CreateThread(NULL, 0, take_hold_exit, &h, 0, NULL);

    ck_assert_uint_eq(WaitForSingleObject(h.acquired, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(SignalObjectAndWait(h.release, h.mutex, LONG_WAIT, FALSE), WAIT_ABANDONED);
    assert_owned_normally_after_abandon(h.mutex);
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(h.mutex));
    ck_assert(CloseHandle(h.acquired));
    ck_assert(CloseHandle(h.release));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_any_returns_abandoned_index)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE m = CreateMutexA(NULL, FALSE, NULL);
    HANDLE objs[2] = { ev, m };

    ck_assert_uint_eq(run_thread(acquire_and_return, m), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForMultipleObjects(2, objs, FALSE, 0), WAIT_ABANDONED_0 + 1);
    ck_assert_uint_eq(WaitForMultipleObjects(2, objs, FALSE, 0), WAIT_OBJECT_0 + 1);
    ck_assert(ReleaseMutex(m));
    ck_assert(ReleaseMutex(m));
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closing_owned_mutex_handle_is_safe)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexA(NULL, TRUE, NULL);

    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(m));
    assert_release_mutex_fails(m, ERROR_INVALID_HANDLE);
    m = CreateMutexA(NULL, FALSE, NULL);
    ck_assert_uint_eq(WaitForSingleObject(m, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(m));
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI create_owned_close_and_return(LPVOID unused)
{
    HANDLE m = CreateMutexA(NULL, TRUE, NULL);

    return m && CloseHandle(m);
}

START_TEST(test_thread_ending_after_closing_owned_mutex_is_safe)
{
    LEAK_CHECK_BEGIN();
    ck_assert_uint_eq(run_thread(create_owned_close_and_return, NULL), TRUE);
    LEAK_CHECK_END();
}
END_TEST

struct owner_ctx {
    HANDLE m;
    HANDLE owned;               /* set once the thread owns m */
    HANDLE release;             /* set to let the thread go on */
    BOOL release_first;         /* release m (through dup) before ending */
    HANDLE dup;
};

static DWORD WINAPI own_until_told(LPVOID param)
{
    struct owner_ctx *c = param;

    if (WaitForSingleObject(c->m, LONG_WAIT) != WAIT_OBJECT_0 || !SetEvent(c->owned) ||
        WaitForSingleObject(c->release, LONG_WAIT) != WAIT_OBJECT_0)
        return FALSE;
    return !c->release_first || ReleaseMutex(c->dup);
}

/*
 * Another thread closes every handle of a mutex this thread owns; the mutex
 * lives on while owned, and goes when its owner releases it or ends (the
 * sanitizers check that it goes exactly once).
 */
START_TEST(test_mutex_closed_while_another_thread_owns_it)
{
    LEAK_CHECK_BEGIN();
    for (int release_first = 0; release_first < 2; release_first++) {
        struct owner_ctx c = { CreateMutexA(NULL, FALSE, NULL),
                               CreateEventA(NULL, TRUE, FALSE, NULL),
                               CreateEventA(NULL, TRUE, FALSE, NULL), release_first, NULL };
        HANDLE thread;

        ck_assert(DuplicateHandle(GetCurrentProcess(), c.m, GetCurrentProcess(), &c.dup, 0,
                                  FALSE, DUPLICATE_SAME_ACCESS));
        thread = CreateThread(NULL, 0, own_until_told, &c, 0, NULL);
        ck_assert_ptr_nonnull(thread);
        ck_assert_uint_eq(WaitForSingleObject(c.owned, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert_uint_eq(WaitForSingleObject(c.m, 0), WAIT_TIMEOUT);
        ck_assert(CloseHandle(c.m));
        if (!release_first)
            ck_assert(CloseHandle(c.dup));     /* the last handle: the owner still has it */
        ck_assert(SetEvent(c.release));
        ck_assert_uint_eq(exit_code(thread), TRUE);
        if (release_first) {
            ck_assert_uint_eq(WaitForSingleObject(c.dup, 0), WAIT_OBJECT_0);
            ck_assert(ReleaseMutex(c.dup));
            ck_assert(CloseHandle(c.dup));
        }
        ck_assert(CloseHandle(thread));
        ck_assert(CloseHandle(c.owned));
        ck_assert(CloseHandle(c.release));
    }
    LEAK_CHECK_END();
}
END_TEST

/* A thread that closed its owned mutex, then owns others, abandons only those. */
static DWORD WINAPI close_one_keep_two(LPVOID param)
{
    HANDLE *kept = param;
    HANDLE closed = CreateMutexA(NULL, TRUE, NULL);

    if (!closed || !CloseHandle(closed))
        return FALSE;
    return WaitForSingleObject(kept[0], 0) == WAIT_OBJECT_0 &&
           WaitForSingleObject(kept[1], 0) == WAIT_OBJECT_0 &&
           WaitForSingleObject(kept[1], 0) == WAIT_OBJECT_0;
}

START_TEST(test_ending_thread_abandons_exactly_the_mutexes_it_still_owns)
{
    LEAK_CHECK_BEGIN();
    HANDLE kept[2] = { CreateMutexA(NULL, FALSE, NULL), CreateMutexA(NULL, FALSE, NULL) };

    ck_assert_uint_eq(run_thread(close_one_keep_two, kept), TRUE);
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(WaitForSingleObject(kept[i], 0), WAIT_ABANDONED_0);
        ck_assert_uint_eq(WaitForSingleObject(kept[i], 0), WAIT_OBJECT_0);
        ck_assert(ReleaseMutex(kept[i]));
        ck_assert(ReleaseMutex(kept[i]));
        ck_assert(!ReleaseMutex(kept[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_NOT_OWNER);
        ck_assert(CloseHandle(kept[i]));
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_mutex_ex_initial_owner_flag)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexExA(NULL, NULL, CREATE_MUTEX_INITIAL_OWNER, MUTANT_ALL_ACCESS);

    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_TIMEOUT);
    ck_assert(ReleaseMutex(m));
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_mutex_ex_without_flags_is_unowned)
{
    LEAK_CHECK_BEGIN();
    HANDLE m = CreateMutexExW(NULL, NULL, 0, MUTANT_ALL_ACCESS);

    ck_assert_ptr_nonnull(m);
    assert_release_mutex_fails(m, ERROR_NOT_OWNER);
    ck_assert_uint_eq(run_thread(try_wait, m), WAIT_OBJECT_0);
    ck_assert(CloseHandle(m));
    LEAK_CHECK_END();
}
END_TEST

/* Windows validates the flags (Wine ignores unknown bits). */
START_TEST(test_create_mutex_ex_rejects_unknown_flags)
{
    LEAK_CHECK_BEGIN();
    static const DWORD bad[] = { 0x2, 0x80000000, CREATE_MUTEX_INITIAL_OWNER | 0x100 };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0);
        ck_assert_ptr_null(CreateMutexExA(NULL, NULL, bad[i], MUTANT_ALL_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        ck_assert_ptr_null(CreateMutexExW(NULL, NULL, bad[i], MUTANT_ALL_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_mutex_rejects_null_handle)
{
    LEAK_CHECK_BEGIN();
    assert_release_mutex_fails(NULL, ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_mutex_rejects_event_and_semaphore)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, NULL);

    assert_release_mutex_fails(ev, ERROR_INVALID_HANDLE);
    assert_release_mutex_fails(sem, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_TIMEOUT);
    ck_assert_uint_eq(WaitForSingleObject(sem, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(ev));
    ck_assert(CloseHandle(sem));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_mutex_rejects_thread_and_pseudo_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE thread = CreateThread(NULL, 0, try_wait, NULL, 0, NULL);

    assert_release_mutex_fails(thread, ERROR_INVALID_HANDLE);
    assert_release_mutex_fails(GetCurrentThread(), ERROR_INVALID_HANDLE);
    assert_release_mutex_fails(GetCurrentProcess(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(thread));
    LEAK_CHECK_END();
}
END_TEST

static Suite *mutex_suite(void)
{
    Suite *s = suite_create("mutex");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_initial_owner_owns_mutex);
    tcase_add_test(tc, test_mutex_created_unowned_is_free);
    tcase_add_test(tc, test_recursive_acquire_needs_as_many_releases);
    tcase_add_test(tc, test_release_from_non_owner_thread_fails);
    tcase_add_test(tc, test_release_transfers_ownership_to_waiter);
    tcase_add_test(tc, test_abandoned_when_create_thread_owner_returns);
    tcase_add_test(tc, test_abandoned_when_owner_calls_exit_thread);
    tcase_add_test(tc, test_abandoned_when_pthread_owner_ends);
    tcase_add_test(tc, test_abandon_wakes_blocked_waiter_with_wait_abandoned);
    tcase_add_test(tc, test_wait_any_returns_abandoned_index);
    tcase_add_test(tc, test_closing_owned_mutex_handle_is_safe);
    tcase_add_test(tc, test_thread_ending_after_closing_owned_mutex_is_safe);
    tcase_add_test(tc, test_create_mutex_ex_initial_owner_flag);
    tcase_add_test(tc, test_create_mutex_ex_without_flags_is_unowned);
    tcase_add_test(tc, test_create_mutex_ex_rejects_unknown_flags);
    tcase_add_test(tc, test_release_mutex_rejects_null_handle);
    tcase_add_test(tc, test_release_mutex_rejects_event_and_semaphore);
    tcase_add_test(tc, test_release_mutex_rejects_thread_and_pseudo_handles);
    tcase_add_test(tc, test_mutex_closed_while_another_thread_owns_it);
    tcase_add_test(tc, test_ending_thread_abandons_exactly_the_mutexes_it_still_owns);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(mutex_suite)
