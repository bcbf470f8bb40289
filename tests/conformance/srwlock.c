/* Conformance: slim reader/writer locks. */
#include "conformance.h"

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 10000

static DWORD run(LPTHREAD_START_ROUTINE fn, LPVOID arg)
{
    HANDLE thread = CreateThread(NULL, 0, fn, arg, 0, NULL);
    DWORD code = 0xdeadbeef;

    ok(thread != NULL, "CreateThread");
    if (!thread)
        return code;
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread ended");
    ok(GetExitCodeThread(thread, &code), "GetExitCodeThread");
    CloseHandle(thread);
    return code;
}

static DWORD WINAPI try_exclusive(LPVOID lock)
{
    if (!TryAcquireSRWLockExclusive(lock))
        return 0;
    ReleaseSRWLockExclusive(lock);
    return 1;
}

static DWORD WINAPI try_shared(LPVOID lock)
{
    if (!TryAcquireSRWLockShared(lock))
        return 0;
    ReleaseSRWLockShared(lock);
    return 1;
}

static DWORD WINAPI acquire_exclusive_and_release(LPVOID lock)
{
    AcquireSRWLockExclusive(lock);
    ReleaseSRWLockExclusive(lock);
    return 1;
}

static DWORD WINAPI acquire_shared_and_release(LPVOID lock)
{
    AcquireSRWLockShared(lock);
    ReleaseSRWLockShared(lock);
    return 1;
}

static void test_initialize_gives_a_zero_lock(void)
{
    SRWLOCK lock, init = SRWLOCK_INIT;

    memset(&lock, 0x55, sizeof(lock));
    InitializeSRWLock(&lock);
    ok(lock.Ptr == NULL, "Ptr %p", lock.Ptr);
    ok(init.Ptr == NULL, "SRWLOCK_INIT %p", init.Ptr);
    ok(sizeof(lock) == sizeof(void *), "size %u", (unsigned)sizeof(lock));
}

static void test_exclusive_holder_excludes_everyone(void)
{
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockExclusive(&lock);
    ok(run(try_exclusive, &lock) == 0, "TryAcquireSRWLockExclusive by another thread");
    ok(run(try_shared, &lock) == 0, "TryAcquireSRWLockShared by another thread");
    ok(!TryAcquireSRWLockExclusive(&lock), "TryAcquireSRWLockExclusive by the holder");
    ok(!TryAcquireSRWLockShared(&lock), "TryAcquireSRWLockShared by the holder");
    ReleaseSRWLockExclusive(&lock);
    ok(run(try_exclusive, &lock) == 1, "free after release");
    ok(lock.Ptr == NULL, "Ptr %p after release", lock.Ptr);
}

static void test_shared_holders_admit_shared_only(void)
{
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockShared(&lock);
    ok(run(try_shared, &lock) == 1, "second shared holder refused");
    ok(run(try_exclusive, &lock) == 0, "exclusive admitted next to a shared holder");
    ok(TryAcquireSRWLockShared(&lock), "second shared acquire by the same thread");
    ReleaseSRWLockShared(&lock);
    ok(run(try_exclusive, &lock) == 0, "exclusive admitted with one shared holder left");
    ReleaseSRWLockShared(&lock);
    ok(run(try_exclusive, &lock) == 1, "free after both releases");
    ok(lock.Ptr == NULL, "Ptr %p after release", lock.Ptr);
}

static void test_try_acquires_return_boolean_true(void)
{
    SRWLOCK lock = SRWLOCK_INIT;
    BOOLEAN r;

    SetLastError(0xdeadbeef);
    r = TryAcquireSRWLockExclusive(&lock);
    ok(r == TRUE, "TryAcquireSRWLockExclusive returned %u", r);
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ReleaseSRWLockExclusive(&lock);
    r = TryAcquireSRWLockShared(&lock);
    ok(r == TRUE, "TryAcquireSRWLockShared returned %u", r);
    ReleaseSRWLockShared(&lock);
    ok(lock.Ptr == NULL, "Ptr %p", lock.Ptr);
}

static void test_exclusive_waiter_blocks_until_release(void)
{
    SRWLOCK lock = SRWLOCK_INIT;
    HANDLE thread;

    AcquireSRWLockShared(&lock);
    thread = CreateThread(NULL, 0, acquire_exclusive_and_release, &lock, 0, NULL);
    ok(thread != NULL, "CreateThread");
    ok(WaitForSingleObject(thread, 30) == WAIT_TIMEOUT, "exclusive acquired under a reader");
    ReleaseSRWLockShared(&lock);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "writer done after release");
    CloseHandle(thread);
    ok(run(try_exclusive, &lock) == 1, "free at the end");
}

static void test_shared_waiters_enter_after_exclusive_release(void)
{
    SRWLOCK lock = SRWLOCK_INIT;
    HANDLE threads[3];
    int i;

    AcquireSRWLockExclusive(&lock);
    for (i = 0; i < 3; i++)
        threads[i] = CreateThread(NULL, 0, acquire_shared_and_release, &lock, 0, NULL);
    ok(WaitForMultipleObjects(3, threads, FALSE, 30) == WAIT_TIMEOUT,
       "shared acquired under a writer");
    ReleaseSRWLockExclusive(&lock);
    ok(WaitForMultipleObjects(3, threads, TRUE, 5000) == WAIT_OBJECT_0, "readers done");
    for (i = 0; i < 3; i++)
        CloseHandle(threads[i]);
    ok(run(try_exclusive, &lock) == 1, "free at the end");
}

struct hammer {
    SRWLOCK lock;
    LONG a, b;                  /* lock; equal whenever it is free */
    LONG torn;
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;
    int i;

    for (i = 0; i < HAMMER_ROUNDS; i++) {
        if (i % 3 == 0) {
            AcquireSRWLockExclusive(&h->lock);
            h->a++;
            h->b++;
            ReleaseSRWLockExclusive(&h->lock);
        } else {
            AcquireSRWLockShared(&h->lock);
            if (h->a != h->b)
                InterlockedIncrement(&h->torn);
            ReleaseSRWLockShared(&h->lock);
        }
    }
    return 0;
}

static void test_threads_hammering_see_no_torn_update(void)
{
    struct hammer h;
    HANDLE threads[HAMMER_THREADS];
    int i;

    memset(&h, 0, sizeof(h));
    InitializeSRWLock(&h.lock);
    for (i = 0; i < HAMMER_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
    ok(WaitForMultipleObjects(HAMMER_THREADS, threads, TRUE, 10000) == WAIT_OBJECT_0,
       "threads ended");
    for (i = 0; i < HAMMER_THREADS; i++)
        CloseHandle(threads[i]);
    ok(h.torn == 0, "%ld readers saw a torn update", (long)h.torn);
    ok(h.a == h.b && h.a == HAMMER_THREADS * ((HAMMER_ROUNDS + 2) / 3), "a %ld b %ld",
       (long)h.a, (long)h.b);
    ok(h.lock.Ptr == NULL, "Ptr %p at the end", h.lock.Ptr);
}

CONFORMANCE_MAIN(test_initialize_gives_a_zero_lock, test_exclusive_holder_excludes_everyone,
                 test_shared_holders_admit_shared_only, test_try_acquires_return_boolean_true,
                 test_exclusive_waiter_blocks_until_release,
                 test_shared_waiters_enter_after_exclusive_release,
                 test_threads_hammering_see_no_torn_update)
