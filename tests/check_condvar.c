/* Condition variables with critical sections and SRW locks: timeouts, wakes, lock state, a queue. */
#include <stdbool.h>
#include <string.h>
#include "testutil.h"
#include "waitonaddress.h"

#define QUEUE_ITEMS 20000
#define QUEUE_SIZE 8

static void await_sleepers(CONDITION_VARIABLE *cv, DWORD n)
{
    for (int i = 0; i < LONG_WAIT && w32_address_waiters(&cv->Ptr) != n; i++)
        Sleep(1);
    ck_assert_uint_eq(w32_address_waiters(&cv->Ptr), n);
}

struct waiting {
    CONDITION_VARIABLE cv;
    CRITICAL_SECTION cs;
    SRWLOCK lock;
    ULONG srw_flags;
    LONG woken;                 /* sleepers that returned TRUE */
};

/* Sleeps once on the variable with the section entered twice; exit code 1 if
 * it returned TRUE at the same depth, as the owner. */
static DWORD WINAPI sleep_cs_once(LPVOID arg)
{
    struct waiting *w = arg;
    BOOL woken;
    DWORD ok;

    EnterCriticalSection(&w->cs);
    EnterCriticalSection(&w->cs);
    woken = SleepConditionVariableCS(&w->cv, &w->cs, LONG_WAIT);
    ok = woken && w->cs.RecursionCount == 2 &&
         w->cs.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId();
    if (woken)
        InterlockedIncrement(&w->woken);
    LeaveCriticalSection(&w->cs);
    LeaveCriticalSection(&w->cs);
    return ok;
}

static DWORD WINAPI sleep_srw_once(LPVOID arg)
{
    struct waiting *w = arg;
    bool shared = w->srw_flags & CONDITION_VARIABLE_LOCKMODE_SHARED;
    BOOL woken;

    if (shared)
        AcquireSRWLockShared(&w->lock);
    else
        AcquireSRWLockExclusive(&w->lock);
    woken = SleepConditionVariableSRW(&w->cv, &w->lock, LONG_WAIT, w->srw_flags);
    if (woken)
        InterlockedIncrement(&w->woken);
    if (shared)
        ReleaseSRWLockShared(&w->lock);
    else
        ReleaseSRWLockExclusive(&w->lock);
    return woken;
}

static void init_waiting(struct waiting *w, ULONG srw_flags)
{
    memset(w, 0, sizeof(*w));
    InitializeConditionVariable(&w->cv);
    InitializeCriticalSection(&w->cs);
    InitializeSRWLock(&w->lock);
    w->srw_flags = srw_flags;
}

static void start(HANDLE *threads, int n, LPTHREAD_START_ROUTINE fn, struct waiting *w)
{
    for (int i = 0; i < n; i++) {
        threads[i] = CreateThread(NULL, 0, fn, w, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    await_sleepers(&w->cv, n);
}

static DWORD WINAPI try_enter(LPVOID cs)
{
    if (!TryEnterCriticalSection(cs))
        return 0;
    LeaveCriticalSection(cs);
    return 1;
}

START_TEST(test_initialize_matches_static_init)
{
    CONDITION_VARIABLE a = CONDITION_VARIABLE_INIT, b;

    memset(&b, 0x55, sizeof(b));
    InitializeConditionVariable(&b);
    ck_assert_ptr_eq(a.Ptr, b.Ptr);
    ck_assert_uint_eq(sizeof(CONDITION_VARIABLE), sizeof(void *));
}
END_TEST

START_TEST(test_sleep_cs_times_out_holding_the_section_at_its_depth)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    CRITICAL_SECTION cs;
    ULONGLONG start;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SleepConditionVariableCS(&cv, &cs, 0), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    start = GetTickCount64();
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SleepConditionVariableCS(&cv, &cs, 30), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    ck_assert_uint_ge(GetTickCount64() - start, 29);
    ck_assert_int_eq(cs.RecursionCount, 2);
    ck_assert_ptr_eq(cs.OwningThread, (HANDLE)(ULONG_PTR)GetCurrentThreadId());
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    ck_assert_int_eq(cs.LockCount, -1);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_sleep_srw_times_out_holding_the_lock_exclusive)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockExclusive(&lock);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SleepConditionVariableSRW(&cv, &lock, 20, 0), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    ck_assert_int_eq(TryAcquireSRWLockShared(&lock), FALSE);
    ReleaseSRWLockExclusive(&lock);
    ck_assert_ptr_null(lock.Ptr);
}
END_TEST

START_TEST(test_sleep_srw_shared_times_out_holding_the_lock_shared)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockShared(&lock);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(SleepConditionVariableSRW(&cv, &lock, 20,
                                               CONDITION_VARIABLE_LOCKMODE_SHARED), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    ck_assert_int_eq(TryAcquireSRWLockExclusive(&lock), FALSE);
    ck_assert_int_eq(TryAcquireSRWLockShared(&lock), TRUE);
    ReleaseSRWLockShared(&lock);
    ReleaseSRWLockShared(&lock);
    ck_assert_ptr_null(lock.Ptr);
}
END_TEST

START_TEST(test_wake_with_no_sleeper_is_not_remembered)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    WakeConditionVariable(&cv);
    WakeAllConditionVariable(&cv);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    EnterCriticalSection(&cs);
    ck_assert_int_eq(SleepConditionVariableCS(&cv, &cs, 10), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_sleeper_leaves_a_recursive_section_completely)
{
    LEAK_CHECK_BEGIN();
    struct waiting w;
    HANDLE thread;

    init_waiting(&w, 0);
    start(&thread, 1, sleep_cs_once, &w);
    EnterCriticalSection(&w.cs);
    ck_assert_int_eq(w.cs.RecursionCount, 1);
    WakeConditionVariable(&w.cv);
    ck_assert_uint_eq(WaitForSingleObject(thread, 20), WAIT_TIMEOUT);
    LeaveCriticalSection(&w.cs);
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert(CloseHandle(thread));
    ck_assert_int_eq(w.cs.LockCount, -1);
    DeleteCriticalSection(&w.cs);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wake_wakes_one_sleeper_wake_all_the_rest)
{
    LEAK_CHECK_BEGIN();
    struct waiting w;
    HANDLE threads[3];

    init_waiting(&w, 0);
    start(threads, 3, sleep_cs_once, &w);
    ck_assert_uint_eq(run_thread(try_enter, &w.cs), 1);
    WakeConditionVariable(&w.cv);
    ck_assert_uint_eq(WaitForMultipleObjects(3, threads, FALSE, LONG_WAIT) - WAIT_OBJECT_0 < 3,
                      1);
    ck_assert_uint_eq(w32_address_waiters(&w.cv.Ptr), 2);
    ck_assert_int_eq(InterlockedCompareExchange(&w.woken, 0, 0), 1);
    WakeAllConditionVariable(&w.cv);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    ck_assert_int_eq(w.woken, 3);
    close_all(threads, 3);
    DeleteCriticalSection(&w.cs);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_srw_exclusive_sleepers_wake_one_at_a_time)
{
    LEAK_CHECK_BEGIN();
    struct waiting w;
    HANDLE threads[2];

    init_waiting(&w, 0);
    start(threads, 2, sleep_srw_once, &w);
    ck_assert_int_eq(TryAcquireSRWLockExclusive(&w.lock), TRUE);
    WakeConditionVariable(&w.cv);
    ck_assert_uint_eq(WaitForMultipleObjects(2, threads, FALSE, 20), WAIT_TIMEOUT);
    ReleaseSRWLockExclusive(&w.lock);
    ck_assert_uint_eq(WaitForMultipleObjects(2, threads, FALSE, LONG_WAIT) - WAIT_OBJECT_0 < 2,
                      1);
    ck_assert_uint_eq(w32_address_waiters(&w.cv.Ptr), 1);
    WakeConditionVariable(&w.cv);
    for (int i = 0; i < 2; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    close_all(threads, 2);
    ck_assert_ptr_null(w.lock.Ptr);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_srw_shared_sleepers_return_sharing_the_lock)
{
    LEAK_CHECK_BEGIN();
    struct waiting w;
    HANDLE threads[3];

    init_waiting(&w, CONDITION_VARIABLE_LOCKMODE_SHARED);
    start(threads, 3, sleep_srw_once, &w);
    /* A shared holder does not stop shared sleepers from coming back. */
    AcquireSRWLockShared(&w.lock);
    WakeAllConditionVariable(&w.cv);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    ReleaseSRWLockShared(&w.lock);
    close_all(threads, 3);
    ck_assert_ptr_null(w.lock.Ptr);
    LEAK_CHECK_END();
}
END_TEST

/* A bounded queue: producers and consumers on one section and two variables. */
struct queue {
    CRITICAL_SECTION cs;
    SRWLOCK lock;
    bool use_srw;
    CONDITION_VARIABLE not_empty, not_full;
    long items[QUEUE_SIZE];     /* guarded by the lock in use */
    int head, count;
    long long sum;
};

static void queue_lock(struct queue *q)
{
    if (q->use_srw)
        AcquireSRWLockExclusive(&q->lock);
    else
        EnterCriticalSection(&q->cs);
}

static void queue_unlock(struct queue *q)
{
    if (q->use_srw)
        ReleaseSRWLockExclusive(&q->lock);
    else
        LeaveCriticalSection(&q->cs);
}

static void queue_sleep(struct queue *q, CONDITION_VARIABLE *cv)
{
    if (q->use_srw)
        SleepConditionVariableSRW(cv, &q->lock, INFINITE, 0);
    else
        SleepConditionVariableCS(cv, &q->cs, INFINITE);
}

static DWORD WINAPI producer(LPVOID arg)
{
    struct queue *q = arg;

    for (long i = 1; i <= QUEUE_ITEMS; i++) {
        queue_lock(q);
        while (q->count == QUEUE_SIZE)
            queue_sleep(q, &q->not_full);
        q->items[(q->head + q->count++) % QUEUE_SIZE] = i;
        queue_unlock(q);
        WakeConditionVariable(&q->not_empty);
    }
    return 0;
}

static DWORD WINAPI consumer(LPVOID arg)
{
    struct queue *q = arg;

    for (long i = 0; i < QUEUE_ITEMS; i++) {
        queue_lock(q);
        while (q->count == 0)
            queue_sleep(q, &q->not_empty);
        q->sum += q->items[q->head];
        q->head = (q->head + 1) % QUEUE_SIZE;
        q->count--;
        queue_unlock(q);
        WakeConditionVariable(&q->not_full);
    }
    return 0;
}

static void run_queue(bool use_srw)
{
    LEAK_CHECK_BEGIN();
    struct queue q;
    HANDLE threads[4];

    memset(&q, 0, sizeof(q));
    q.use_srw = use_srw;
    InitializeCriticalSection(&q.cs);
    InitializeSRWLock(&q.lock);
    InitializeConditionVariable(&q.not_empty);
    InitializeConditionVariable(&q.not_full);
    for (int i = 0; i < 4; i++) {
        threads[i] = CreateThread(NULL, 0, i % 2 ? consumer : producer, &q, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, 4);
    ck_assert_int_eq(q.count, 0);
    ck_assert_int_eq(q.sum, 2LL * QUEUE_ITEMS * (QUEUE_ITEMS + 1) / 2);
    DeleteCriticalSection(&q.cs);
    LEAK_CHECK_END();
}

START_TEST(test_queue_with_critical_section_passes_every_item)
{
    run_queue(false);
}
END_TEST

START_TEST(test_queue_with_srw_lock_passes_every_item)
{
    run_queue(true);
}
END_TEST

static Suite *condvar_suite(void)
{
    Suite *s = suite_create("condvar");
    TCase *tc = tcase_create("condvar");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_initialize_matches_static_init);
    tcase_add_test(tc, test_sleep_cs_times_out_holding_the_section_at_its_depth);
    tcase_add_test(tc, test_sleep_srw_times_out_holding_the_lock_exclusive);
    tcase_add_test(tc, test_sleep_srw_shared_times_out_holding_the_lock_shared);
    tcase_add_test(tc, test_wake_with_no_sleeper_is_not_remembered);
    tcase_add_test(tc, test_sleeper_leaves_a_recursive_section_completely);
    tcase_add_test(tc, test_wake_wakes_one_sleeper_wake_all_the_rest);
    tcase_add_test(tc, test_srw_exclusive_sleepers_wake_one_at_a_time);
    tcase_add_test(tc, test_srw_shared_sleepers_return_sharing_the_lock);
    tcase_add_test(tc, test_queue_with_critical_section_passes_every_item);
    tcase_add_test(tc, test_queue_with_srw_lock_passes_every_item);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(condvar_suite)
