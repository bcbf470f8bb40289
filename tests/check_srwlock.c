/* SRW locks: exclusive and shared modes, try-acquires, blocking, misuse, a hammer. */
#include <string.h>
#include "testutil.h"

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 20000
/* The lock word's bit that says a thread sleeps on it (lib/srwlock.c). */
#define SLEEPERS 0x80000000u

/* Waits until a thread has announced that it sleeps on lock. */
static void await_sleeper(SRWLOCK *lock)
{
    for (int i = 0; i < LONG_WAIT &&
                    !((ULONG_PTR)__atomic_load_n(&lock->Ptr, __ATOMIC_RELAXED) & SLEEPERS);
         i++)
        Sleep(1);
    ck_assert((ULONG_PTR)__atomic_load_n(&lock->Ptr, __ATOMIC_RELAXED) & SLEEPERS);
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

static DWORD WINAPI release_exclusive(LPVOID lock)
{
    ReleaseSRWLockExclusive(lock);
    return 0;
}

static void assert_free(SRWLOCK *lock)
{
    ck_assert_ptr_null(lock->Ptr);
    ck_assert_uint_eq(run_thread(try_exclusive, lock), 1);
}

START_TEST(test_initialize_matches_static_init)
{
    SRWLOCK a = SRWLOCK_INIT, b;

    memset(&b, 0x55, sizeof(b));
    InitializeSRWLock(&b);
    ck_assert_ptr_eq(a.Ptr, b.Ptr);
    ck_assert_ptr_null(b.Ptr);
    ck_assert_uint_eq(sizeof(SRWLOCK), sizeof(void *));
}
END_TEST

START_TEST(test_exclusive_excludes_everyone)
{
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockExclusive(&lock);
    ck_assert_uint_eq(run_thread(try_exclusive, &lock), 0);
    ck_assert_uint_eq(run_thread(try_shared, &lock), 0);
    ck_assert_int_eq(TryAcquireSRWLockExclusive(&lock), FALSE);
    ck_assert_int_eq(TryAcquireSRWLockShared(&lock), FALSE);
    ReleaseSRWLockExclusive(&lock);
    assert_free(&lock);
}
END_TEST

START_TEST(test_shared_admits_shared_not_exclusive)
{
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockShared(&lock);
    ck_assert_uint_eq(run_thread(try_shared, &lock), 1);
    ck_assert_uint_eq(run_thread(try_exclusive, &lock), 0);
    ck_assert_int_eq(TryAcquireSRWLockShared(&lock), TRUE);
    ReleaseSRWLockShared(&lock);
    ck_assert_uint_eq(run_thread(try_exclusive, &lock), 0);
    ReleaseSRWLockShared(&lock);
    assert_free(&lock);
}
END_TEST

START_TEST(test_try_exclusive_takes_free_lock)
{
    SRWLOCK lock = SRWLOCK_INIT;

    ck_assert_int_eq(TryAcquireSRWLockExclusive(&lock), TRUE);
    ck_assert_uint_eq(run_thread(try_shared, &lock), 0);
    ReleaseSRWLockExclusive(&lock);
    ck_assert_int_eq(TryAcquireSRWLockShared(&lock), TRUE);
    ReleaseSRWLockShared(&lock);
    assert_free(&lock);
}
END_TEST

START_TEST(test_exclusive_waiter_blocks_until_release)
{
    LEAK_CHECK_BEGIN();
    SRWLOCK lock = SRWLOCK_INIT;
    HANDLE thread;

    AcquireSRWLockShared(&lock);
    thread = CreateThread(NULL, 0, acquire_exclusive_and_release, &lock, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    await_sleeper(&lock);
    ck_assert_uint_eq(WaitForSingleObject(thread, 0), WAIT_TIMEOUT);
    ReleaseSRWLockShared(&lock);
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert(CloseHandle(thread));
    assert_free(&lock);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_shared_waiters_all_enter_after_exclusive_release)
{
    LEAK_CHECK_BEGIN();
    SRWLOCK lock = SRWLOCK_INIT;
    HANDLE threads[3];

    AcquireSRWLockExclusive(&lock);
    for (int i = 0; i < 3; i++) {
        threads[i] = CreateThread(NULL, 0, acquire_shared_and_release, &lock, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    await_sleeper(&lock);
    ck_assert_uint_eq(WaitForMultipleObjects(3, threads, FALSE, 0), WAIT_TIMEOUT);
    ReleaseSRWLockExclusive(&lock);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    close_all(threads, 3);
    assert_free(&lock);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_waiting_writer_holds_back_new_readers)
{
    LEAK_CHECK_BEGIN();
    SRWLOCK lock = SRWLOCK_INIT;
    HANDLE writer, reader;

    AcquireSRWLockShared(&lock);
    writer = CreateThread(NULL, 0, acquire_exclusive_and_release, &lock, 0, NULL);
    ck_assert_ptr_nonnull(writer);
    await_sleeper(&lock);
    reader = CreateThread(NULL, 0, acquire_shared_and_release, &lock, 0, NULL);
    ck_assert_ptr_nonnull(reader);
    ck_assert_uint_eq(WaitForSingleObject(reader, 30), WAIT_TIMEOUT);
    ReleaseSRWLockShared(&lock);
    ck_assert_uint_eq(exit_code(writer), 1);
    ck_assert_uint_eq(exit_code(reader), 1);
    ck_assert(CloseHandle(writer));
    ck_assert(CloseHandle(reader));
    assert_free(&lock);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_release_of_free_lock_does_nothing)
{
    SRWLOCK lock = SRWLOCK_INIT;

    ReleaseSRWLockExclusive(&lock);
    ck_assert_ptr_null(lock.Ptr);
    ReleaseSRWLockShared(&lock);
    ck_assert_ptr_null(lock.Ptr);
    AcquireSRWLockExclusive(&lock);
    ReleaseSRWLockExclusive(&lock);
    assert_free(&lock);
}
END_TEST

START_TEST(test_release_in_the_wrong_mode_does_nothing)
{
    SRWLOCK lock = SRWLOCK_INIT;

    AcquireSRWLockExclusive(&lock);
    ReleaseSRWLockShared(&lock);
    ck_assert_uint_eq(run_thread(try_shared, &lock), 0);
    ReleaseSRWLockExclusive(&lock);
    AcquireSRWLockShared(&lock);
    ReleaseSRWLockExclusive(&lock);
    ck_assert_uint_eq(run_thread(try_exclusive, &lock), 0);
    ck_assert_uint_eq(run_thread(try_shared, &lock), 1);
    ReleaseSRWLockShared(&lock);
    assert_free(&lock);
}
END_TEST

START_TEST(test_exclusive_release_by_other_thread_frees_lock)
{
    SRWLOCK lock = SRWLOCK_INIT;

    ck_assert_uint_eq(run_thread(acquire_exclusive_and_release, &lock), 1);
    AcquireSRWLockExclusive(&lock);
    ck_assert_uint_eq(run_thread(release_exclusive, &lock), 0);
    assert_free(&lock);
}
END_TEST

struct hammer {
    SRWLOCK lock;
    long a, b;                  /* the lock guards them; equal whenever it is free */
    LONG torn;                  /* readers that saw them differ */
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;

    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        if (i % 4 == 0) {
            AcquireSRWLockExclusive(&h->lock);
            h->a++;
            h->b++;
            ReleaseSRWLockExclusive(&h->lock);
        } else if (i % 4 == 1 && TryAcquireSRWLockExclusive(&h->lock)) {
            h->a++;
            h->b++;
            ReleaseSRWLockExclusive(&h->lock);
        } else if (i % 4 == 2 && TryAcquireSRWLockShared(&h->lock)) {
            if (h->a != h->b)
                InterlockedIncrement(&h->torn);
            ReleaseSRWLockShared(&h->lock);
        } else {
            AcquireSRWLockShared(&h->lock);
            if (h->a != h->b)
                InterlockedIncrement(&h->torn);
            ReleaseSRWLockShared(&h->lock);
        }
    }
    return 0;
}

START_TEST(test_hammer_keeps_writers_exclusive)
{
    LEAK_CHECK_BEGIN();
    struct hammer h = { SRWLOCK_INIT, 0, 0, 0 };
    HANDLE threads[HAMMER_THREADS];

    for (int i = 0; i < HAMMER_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, HAMMER_THREADS);
    ck_assert_int_eq(h.torn, 0);
    ck_assert_int_eq(h.a, h.b);
    ck_assert_int_ge(h.a, (long)HAMMER_THREADS * HAMMER_ROUNDS / 4);
    assert_free(&h.lock);
    LEAK_CHECK_END();
}
END_TEST

static Suite *srwlock_suite(void)
{
    Suite *s = suite_create("srwlock");
    TCase *tc = tcase_create("srwlock");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_initialize_matches_static_init);
    tcase_add_test(tc, test_exclusive_excludes_everyone);
    tcase_add_test(tc, test_shared_admits_shared_not_exclusive);
    tcase_add_test(tc, test_try_exclusive_takes_free_lock);
    tcase_add_test(tc, test_exclusive_waiter_blocks_until_release);
    tcase_add_test(tc, test_shared_waiters_all_enter_after_exclusive_release);
    tcase_add_test(tc, test_waiting_writer_holds_back_new_readers);
    tcase_add_test(tc, test_release_of_free_lock_does_nothing);
    tcase_add_test(tc, test_release_in_the_wrong_mode_does_nothing);
    tcase_add_test(tc, test_exclusive_release_by_other_thread_frees_lock);
    tcase_add_test(tc, test_hammer_keeps_writers_exclusive);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(srwlock_suite)
