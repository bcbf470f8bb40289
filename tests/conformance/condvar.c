/* Conformance: condition variables, and WaitOnAddress / WakeByAddress*. */
#include "conformance.h"

#ifdef _WIN32
/* mingw-w64 puts WaitOnAddress in libsynchronization, which this build does not
 * link: take the functions from kernelbase.dll, where Windows and Wine keep them. */
static BOOL (WINAPI *pWaitOnAddress)(volatile VOID *, PVOID, SIZE_T, DWORD);
static VOID (WINAPI *pWakeByAddressSingle)(PVOID);
static VOID (WINAPI *pWakeByAddressAll)(PVOID);
#define WaitOnAddress pWaitOnAddress
#define WakeByAddressSingle pWakeByAddressSingle
#define WakeByAddressAll pWakeByAddressAll

static void load_wait_on_address(void)
{
    HMODULE kernelbase = GetModuleHandleA("kernelbase.dll");

    pWaitOnAddress = (void *)GetProcAddress(kernelbase, "WaitOnAddress");
    pWakeByAddressSingle = (void *)GetProcAddress(kernelbase, "WakeByAddressSingle");
    pWakeByAddressAll = (void *)GetProcAddress(kernelbase, "WakeByAddressAll");
}
#else
static void load_wait_on_address(void)
{
}
#endif

#define QUEUE_ITEMS 5000
#define QUEUE_SIZE 4

static void test_initialize_gives_a_zero_variable(void)
{
    CONDITION_VARIABLE cv, init = CONDITION_VARIABLE_INIT;

    memset(&cv, 0x55, sizeof(cv));
    InitializeConditionVariable(&cv);
    ok(cv.Ptr == NULL, "Ptr %p", cv.Ptr);
    ok(init.Ptr == NULL, "CONDITION_VARIABLE_INIT %p", init.Ptr);
    ok(sizeof(cv) == sizeof(void *), "size %u", (unsigned)sizeof(cv));
}

static void test_sleep_cs_times_out_and_reenters(void)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    CRITICAL_SECTION cs;
    DWORD start;
    BOOL r;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    r = SleepConditionVariableCS(&cv, &cs, 0);
    ok(!r, "SleepConditionVariableCS(0) returned %d", r);
    ok(GetLastError() == ERROR_TIMEOUT, "last error %lu", (unsigned long)GetLastError());
    start = GetTickCount();
    SetLastError(0xdeadbeef);
    r = SleepConditionVariableCS(&cv, &cs, 30);
    ok(!r, "SleepConditionVariableCS(30) returned %d", r);
    ok(GetLastError() == ERROR_TIMEOUT, "last error %lu", (unsigned long)GetLastError());
    ok(GetTickCount() - start >= 15, "returned after %lu ms",
       (unsigned long)(GetTickCount() - start));
    ok(cs.OwningThread == (HANDLE)(ULONG_PTR)GetCurrentThreadId(), "owner after the sleep");
    ok(cs.RecursionCount == 2, "RecursionCount %ld", (long)cs.RecursionCount);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    ok(cs.LockCount == -1 && cs.OwningThread == NULL, "free at the end");
    DeleteCriticalSection(&cs);
}

static DWORD WINAPI try_shared(LPVOID lock)
{
    if (!TryAcquireSRWLockShared(lock))
        return 0;
    ReleaseSRWLockShared(lock);
    return 1;
}

static DWORD WINAPI try_exclusive(LPVOID lock)
{
    if (!TryAcquireSRWLockExclusive(lock))
        return 0;
    ReleaseSRWLockExclusive(lock);
    return 1;
}

static DWORD run(LPTHREAD_START_ROUTINE fn, LPVOID arg)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, NULL);
    DWORD code = 0xdeadbeef;

    if (!thread)
        return code;
    WaitForSingleObject(thread, 5000);
    GetExitCodeThread(thread, &code);
    CloseHandle(thread);
    return code;
}

static void test_sleep_srw_times_out_and_reacquires(void)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    SRWLOCK lock = SRWLOCK_INIT;
    BOOL r;

    AcquireSRWLockExclusive(&lock);
    SetLastError(0xdeadbeef);
    r = SleepConditionVariableSRW(&cv, &lock, 20, 0);
    ok(!r, "SleepConditionVariableSRW returned %d", r);
    ok(GetLastError() == ERROR_TIMEOUT, "last error %lu", (unsigned long)GetLastError());
    ok(run(try_shared, &lock) == 0, "lock not held exclusively after the sleep");
    ReleaseSRWLockExclusive(&lock);

    AcquireSRWLockShared(&lock);
    SetLastError(0xdeadbeef);
    r = SleepConditionVariableSRW(&cv, &lock, 20, CONDITION_VARIABLE_LOCKMODE_SHARED);
    ok(!r, "shared SleepConditionVariableSRW returned %d", r);
    ok(GetLastError() == ERROR_TIMEOUT, "last error %lu", (unsigned long)GetLastError());
    ok(run(try_shared, &lock) == 1, "lock not shared after the sleep");
    ok(run(try_exclusive, &lock) == 0, "lock not held after the sleep");
    ReleaseSRWLockShared(&lock);
    ok(run(try_exclusive, &lock) == 1, "free at the end");
}

static void test_wake_without_sleeper_is_lost(void)
{
    CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
    CRITICAL_SECTION cs;
    BOOL r;

    InitializeCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    WakeConditionVariable(&cv);
    WakeAllConditionVariable(&cv);
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    EnterCriticalSection(&cs);
    r = SleepConditionVariableCS(&cv, &cs, 10);
    ok(!r && GetLastError() == ERROR_TIMEOUT, "a wake was remembered: %d", r);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}

/* A bounded queue between a producer and a consumer. */
struct queue {
    CRITICAL_SECTION cs;
    CONDITION_VARIABLE not_empty, not_full;
    LONG items[QUEUE_SIZE];     /* cs */
    int head, count;            /* cs */
    LONGLONG sum;               /* cs */
    LONG failed_sleeps;
};

static DWORD WINAPI producer(LPVOID arg)
{
    struct queue *q = arg;
    LONG i;

    for (i = 1; i <= QUEUE_ITEMS; i++) {
        EnterCriticalSection(&q->cs);
        while (q->count == QUEUE_SIZE)
            if (!SleepConditionVariableCS(&q->not_full, &q->cs, INFINITE))
                InterlockedIncrement(&q->failed_sleeps);
        q->items[(q->head + q->count++) % QUEUE_SIZE] = i;
        LeaveCriticalSection(&q->cs);
        WakeConditionVariable(&q->not_empty);
    }
    return 0;
}

static DWORD WINAPI consumer(LPVOID arg)
{
    struct queue *q = arg;
    LONG i;

    for (i = 0; i < QUEUE_ITEMS; i++) {
        EnterCriticalSection(&q->cs);
        while (q->count == 0)
            if (!SleepConditionVariableCS(&q->not_empty, &q->cs, INFINITE))
                InterlockedIncrement(&q->failed_sleeps);
        q->sum += q->items[q->head];
        q->head = (q->head + 1) % QUEUE_SIZE;
        q->count--;
        LeaveCriticalSection(&q->cs);
        WakeConditionVariable(&q->not_full);
    }
    return 0;
}

static void test_producer_consumer_pass_every_item(void)
{
    struct queue q;
    HANDLE threads[2];

    memset(&q, 0, sizeof(q));
    InitializeCriticalSection(&q.cs);
    InitializeConditionVariable(&q.not_empty);
    InitializeConditionVariable(&q.not_full);
    threads[0] = CreateThread(NULL, 0, producer, &q, 0, NULL);
    threads[1] = CreateThread(NULL, 0, consumer, &q, 0, NULL);
    ok(threads[0] && threads[1], "CreateThread");
    ok(WaitForMultipleObjects(2, threads, TRUE, 10000) == WAIT_OBJECT_0, "threads ended");
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    ok(q.count == 0, "count %d", q.count);
    ok(q.sum == (LONGLONG)QUEUE_ITEMS * (QUEUE_ITEMS + 1) / 2, "sum %lld", (long long)q.sum);
    ok(q.failed_sleeps == 0, "%ld INFINITE sleeps failed", (long)q.failed_sleeps);
    DeleteCriticalSection(&q.cs);
}

struct sleepers {
    CONDITION_VARIABLE cv;
    SRWLOCK lock;
    LONG go;                    /* lock */
    LONG asleep;
};

static DWORD WINAPI sleep_shared_until_go(LPVOID arg)
{
    struct sleepers *s = arg;
    DWORD ok_all = 1;

    AcquireSRWLockShared(&s->lock);
    InterlockedIncrement(&s->asleep);
    while (!s->go)
        if (!SleepConditionVariableSRW(&s->cv, &s->lock, 5000,
                                       CONDITION_VARIABLE_LOCKMODE_SHARED))
            ok_all = 0;
    ReleaseSRWLockShared(&s->lock);
    return ok_all;
}

static void test_wake_all_releases_shared_sleepers(void)
{
    struct sleepers s;
    HANDLE threads[3];
    DWORD code;
    int i;

    memset(&s, 0, sizeof(s));
    InitializeConditionVariable(&s.cv);
    InitializeSRWLock(&s.lock);
    for (i = 0; i < 3; i++)
        threads[i] = CreateThread(NULL, 0, sleep_shared_until_go, &s, 0, NULL);
    while (InterlockedCompareExchange(&s.asleep, 0, 0) < 3)
        Sleep(1);
    AcquireSRWLockExclusive(&s.lock);
    s.go = 1;
    ReleaseSRWLockExclusive(&s.lock);
    WakeAllConditionVariable(&s.cv);
    ok(WaitForMultipleObjects(3, threads, TRUE, 5000) == WAIT_OBJECT_0, "sleepers ended");
    for (i = 0; i < 3; i++) {
        code = 0;
        ok(GetExitCodeThread(threads[i], &code) && code == 1, "sleeper %d timed out", i);
        CloseHandle(threads[i]);
    }
}

static void test_wait_on_address_rejects_bad_sizes(void)
{
    static const SIZE_T sizes[] = { 0, 3, 5, 6, 7, 9, 16 };
    LONGLONG value = 0, compare = 0;
    unsigned i;
    BOOL r;

    load_wait_on_address();
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        SetLastError(0xdeadbeef);
        r = WaitOnAddress(&value, &compare, sizes[i], 0);
        ok(!r, "size %u accepted", (unsigned)sizes[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "size %u: last error %lu",
           (unsigned)sizes[i], (unsigned long)GetLastError());
    }
}

static void test_wait_on_address_returns_when_values_differ(void)
{
    static const SIZE_T sizes[] = { 1, 2, 4, 8 };
    LONGLONG value = 0, compare = -1;
    unsigned i;

    load_wait_on_address();
    for (i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        ok(WaitOnAddress(&value, &compare, sizes[i], INFINITE), "size %u", (unsigned)sizes[i]);
        ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    }
}

static void test_wait_on_address_times_out_on_equal_values(void)
{
    static const SIZE_T sizes[] = { 1, 2, 4, 8 };
    LONGLONG value = 0x0102030405060708, compare = value;
    unsigned i;
    BOOL r;

    load_wait_on_address();
    for (i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        r = WaitOnAddress(&value, &compare, sizes[i], i == 3 ? 20 : 0);
        ok(!r, "size %u returned %d", (unsigned)sizes[i], r);
        ok(GetLastError() == ERROR_TIMEOUT, "last error %lu", (unsigned long)GetLastError());
    }
    /* Only the first AddressSize bytes are compared. */
    compare = 0x7f08;
    SetLastError(0xdeadbeef);
    r = WaitOnAddress(&value, &compare, 1, 0);
    ok(!r && GetLastError() == ERROR_TIMEOUT, "size 1 compared more than a byte");
}

static void test_wake_by_address_without_waiters(void)
{
    LONG word = 0;

    load_wait_on_address();
    SetLastError(0xdeadbeef);
    WakeByAddressSingle(&word);
    WakeByAddressAll(&word);
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
}

struct flag {
    volatile LONG value;
    LONG ready;
};

static DWORD WINAPI wait_for_flag(LPVOID arg)
{
    struct flag *f = arg;
    LONG zero = 0;

    InterlockedIncrement(&f->ready);
    while (InterlockedCompareExchange(&f->value, 0, 0) == 0)
        if (!WaitOnAddress(&f->value, &zero, sizeof(zero), 5000))
            return 0;
    return 1;
}

static void test_wake_by_address_all_wakes_every_waiter(void)
{
    struct flag f = { 0, 0 };
    HANDLE threads[3];
    DWORD code;
    int i;

    load_wait_on_address();
    for (i = 0; i < 3; i++)
        threads[i] = CreateThread(NULL, 0, wait_for_flag, &f, 0, NULL);
    while (InterlockedCompareExchange(&f.ready, 0, 0) < 3)
        Sleep(1);
    ok(WaitForMultipleObjects(3, threads, FALSE, 20) == WAIT_TIMEOUT, "a waiter returned early");
    InterlockedExchange(&f.value, 1);
    WakeByAddressAll((PVOID)&f.value);
    ok(WaitForMultipleObjects(3, threads, TRUE, 5000) == WAIT_OBJECT_0, "waiters ended");
    for (i = 0; i < 3; i++) {
        code = 0;
        ok(GetExitCodeThread(threads[i], &code) && code == 1, "waiter %d timed out", i);
        CloseHandle(threads[i]);
    }
}

static void test_wake_by_address_single_wakes_a_waiter(void)
{
    struct flag f = { 0, 0 };
    HANDLE thread;
    DWORD code = 0;

    load_wait_on_address();
    thread = CreateThread(NULL, 0, wait_for_flag, &f, 0, NULL);
    while (InterlockedCompareExchange(&f.ready, 0, 0) < 1)
        Sleep(1);
    ok(WaitForSingleObject(thread, 20) == WAIT_TIMEOUT, "the waiter returned early");
    InterlockedExchange(&f.value, 1);
    WakeByAddressSingle((PVOID)&f.value);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "waiter ended");
    ok(GetExitCodeThread(thread, &code) && code == 1, "waiter timed out");
    CloseHandle(thread);
}

CONFORMANCE_MAIN(test_initialize_gives_a_zero_variable, test_sleep_cs_times_out_and_reenters,
                 test_sleep_srw_times_out_and_reacquires, test_wake_without_sleeper_is_lost,
                 test_producer_consumer_pass_every_item, test_wake_all_releases_shared_sleepers,
                 test_wait_on_address_rejects_bad_sizes,
                 test_wait_on_address_returns_when_values_differ,
                 test_wait_on_address_times_out_on_equal_values,
                 test_wake_by_address_without_waiters,
                 test_wake_by_address_all_wakes_every_waiter,
                 test_wake_by_address_single_wakes_a_waiter)
