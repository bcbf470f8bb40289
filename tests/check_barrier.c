/* Synchronization barriers: phases, the one TRUE per phase, flags, deletion. */
#include "testutil.h"

#define HAMMER_THREADS 4
#define HAMMER_PHASES 1000
#define DELETING 0x80000000u    /* lib/barrier.c: a delete waits on the INSIDE word */

/* Threads counted in the barrier's current phase (lib/barrier.c keeps it in Reserved1). */
static unsigned arrived(SYNCHRONIZATION_BARRIER *barrier)
{
    return __atomic_load_n(&barrier->Reserved1, __ATOMIC_ACQUIRE);
}

static unsigned inside(SYNCHRONIZATION_BARRIER *barrier)
{
    return (unsigned)__atomic_load_n(&barrier->Reserved3[0], __ATOMIC_ACQUIRE);
}

/* Waits until n threads are counted in the current phase. */
static void await_arrivals(SYNCHRONIZATION_BARRIER *barrier, unsigned n)
{
    for (int i = 0; i < LONG_WAIT && arrived(barrier) < n; i++)
        Sleep(1);
    ck_assert_uint_eq(arrived(barrier), n);
}

struct entry {
    SYNCHRONIZATION_BARRIER *barrier;
    DWORD flags;
};

static DWORD WINAPI enter(LPVOID arg)
{
    struct entry *e = arg;

    return EnterSynchronizationBarrier(e->barrier, e->flags);
}

static DWORD WINAPI delete_barrier(LPVOID barrier)
{
    return DeleteSynchronizationBarrier(barrier);
}

START_TEST(test_initialize_rejects_fewer_than_one_thread)
{
    SYNCHRONIZATION_BARRIER barrier;
    LONG counts[] = { 0, -1, INT32_MIN };

    for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert(!InitializeSynchronizationBarrier(&barrier, counts[i], -1));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
    SetLastError(0xdeadbeef);
    ck_assert(!InitializeSynchronizationBarrier(NULL, 1, -1));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_null_barrier_is_refused_without_a_crash)
{
    ck_assert(!EnterSynchronizationBarrier(NULL, 0));
    ck_assert(DeleteSynchronizationBarrier(NULL));
}
END_TEST

START_TEST(test_one_thread_barrier_returns_true_at_once)
{
    SYNCHRONIZATION_BARRIER barrier;
    DWORD flags[] = { 0, SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY,
                      SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY,
                      SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY |
                          SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY,
                      SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE };
    LEAK_CHECK_BEGIN();

    ck_assert(InitializeSynchronizationBarrier(&barrier, 1, 0));
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        ck_assert(EnterSynchronizationBarrier(&barrier, flags[i]));
        ck_assert(EnterSynchronizationBarrier(&barrier, flags[i]));
    }
    ck_assert(DeleteSynchronizationBarrier(&barrier));
    ck_assert(DeleteSynchronizationBarrier(&barrier));
    LEAK_CHECK_END();
}
END_TEST

/* The first thread waits however long the last takes; the last gets TRUE. */
static void check_last_arrival_releases(DWORD flags)
{
    SYNCHRONIZATION_BARRIER barrier;
    struct entry e = { &barrier, flags };
    HANDLE first;

    ck_assert(InitializeSynchronizationBarrier(&barrier, 2, -1));
    first = CreateThread(NULL, 0, enter, &e, 0, NULL);
    ck_assert_ptr_nonnull(first);
    await_arrivals(&barrier, 1);
    ck_assert_uint_eq(WaitForSingleObject(first, 0), WAIT_TIMEOUT);
    ck_assert(EnterSynchronizationBarrier(&barrier, flags));
    ck_assert_uint_eq(exit_code(first), FALSE);
    ck_assert(CloseHandle(first));
    ck_assert_uint_eq(arrived(&barrier), 0);
    ck_assert(DeleteSynchronizationBarrier(&barrier));
}

START_TEST(test_last_arrival_gets_true_and_releases_the_waiter)
{
    LEAK_CHECK_BEGIN();
    check_last_arrival_releases(0);
    check_last_arrival_releases(SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY);
    check_last_arrival_releases(SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY);
    check_last_arrival_releases(SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY |
                                SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY);
    check_last_arrival_releases(SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_delete_waits_for_a_thread_still_inside)
{
    SYNCHRONIZATION_BARRIER barrier;
    struct entry e = { &barrier, SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY };
    HANDLE waiter, deleter;
    LEAK_CHECK_BEGIN();

    ck_assert(InitializeSynchronizationBarrier(&barrier, 2, -1));
    waiter = CreateThread(NULL, 0, enter, &e, 0, NULL);
    ck_assert_ptr_nonnull(waiter);
    await_arrivals(&barrier, 1);
    deleter = CreateThread(NULL, 0, delete_barrier, &barrier, 0, NULL);
    ck_assert_ptr_nonnull(deleter);
    for (int i = 0; i < LONG_WAIT && !(inside(&barrier) & DELETING); i++)
        Sleep(1);
    ck_assert_uint_eq(inside(&barrier), DELETING | 1);
    ck_assert_uint_eq(WaitForSingleObject(deleter, 0), WAIT_TIMEOUT);
    ck_assert(EnterSynchronizationBarrier(&barrier, SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE));
    ck_assert_uint_eq(exit_code(waiter), FALSE);
    ck_assert_uint_eq(exit_code(deleter), TRUE);
    close_all((HANDLE[]){ waiter, deleter }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* w32shim only: the barrier outlives its deletion, which shows the delete did not wait. */
START_TEST(test_delete_does_not_wait_for_no_delete_entrants)
{
    SYNCHRONIZATION_BARRIER barrier;
    struct entry e = { &barrier, SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE };
    HANDLE waiter;
    LEAK_CHECK_BEGIN();

    ck_assert(InitializeSynchronizationBarrier(&barrier, 2, -1));
    waiter = CreateThread(NULL, 0, enter, &e, 0, NULL);
    ck_assert_ptr_nonnull(waiter);
    await_arrivals(&barrier, 1);
    ck_assert(DeleteSynchronizationBarrier(&barrier));
    ck_assert_uint_eq(WaitForSingleObject(waiter, 0), WAIT_TIMEOUT);
    ck_assert(EnterSynchronizationBarrier(&barrier, SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE));
    ck_assert_uint_eq(exit_code(waiter), FALSE);
    ck_assert(CloseHandle(waiter));
    LEAK_CHECK_END();
}
END_TEST

struct hammer {
    SYNCHRONIZATION_BARRIER barrier;
    DWORD flags;
    int phases;
    LONG arrivals[HAMMER_PHASES];   /* threads that reached phase p's Enter */
    LONG trues[HAMMER_PHASES];      /* Enters of phase p that returned TRUE */
    LONG early;                     /* passes while phase p still lacked a thread */
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;

    for (int p = 0; p < h->phases; p++) {
        InterlockedIncrement(&h->arrivals[p]);
        if (EnterSynchronizationBarrier(&h->barrier, h->flags))
            InterlockedIncrement(&h->trues[p]);
        if (InterlockedCompareExchange(&h->arrivals[p], 0, 0) != HAMMER_THREADS)
            InterlockedIncrement(&h->early);
    }
    return 0;
}

static void hammer(DWORD flags, int phases)
{
    static struct hammer h;
    HANDLE threads[HAMMER_THREADS];

    memset(&h, 0, sizeof(h));
    h.flags = flags;
    h.phases = phases;
    ck_assert(InitializeSynchronizationBarrier(&h.barrier, HAMMER_THREADS, -1));
    for (int i = 0; i < HAMMER_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, HAMMER_THREADS);
    ck_assert_int_eq(h.early, 0);
    for (int p = 0; p < phases; p++) {
        ck_assert_int_eq(h.arrivals[p], HAMMER_THREADS);
        ck_assert_int_eq(h.trues[p], 1);
    }
    ck_assert_uint_eq(arrived(&h.barrier), 0);
    ck_assert(DeleteSynchronizationBarrier(&h.barrier));
}

START_TEST(test_hammer_gives_one_true_per_phase_and_no_early_pass)
{
    LEAK_CHECK_BEGIN();
    hammer(0, HAMMER_PHASES);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY, HAMMER_PHASES);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE, HAMMER_PHASES);
    LEAK_CHECK_END();
}
END_TEST

/* Spinning waiters on a loaded machine are slow to reach the end: fewer phases. */
START_TEST(test_hammer_spin_only_gives_one_true_per_phase)
{
    LEAK_CHECK_BEGIN();
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY, HAMMER_PHASES / 10);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY | SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY,
           HAMMER_PHASES / 10);
    LEAK_CHECK_END();
}
END_TEST

static Suite *barrier_suite(void)
{
    Suite *s = suite_create("barrier");
    TCase *tc = tcase_create("barrier");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_initialize_rejects_fewer_than_one_thread);
    tcase_add_test(tc, test_null_barrier_is_refused_without_a_crash);
    tcase_add_test(tc, test_one_thread_barrier_returns_true_at_once);
    tcase_add_test(tc, test_last_arrival_gets_true_and_releases_the_waiter);
    tcase_add_test(tc, test_delete_waits_for_a_thread_still_inside);
    tcase_add_test(tc, test_delete_does_not_wait_for_no_delete_entrants);
    tcase_add_test(tc, test_hammer_gives_one_true_per_phase_and_no_early_pass);
    tcase_add_test(tc, test_hammer_spin_only_gives_one_true_per_phase);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(barrier_suite)
