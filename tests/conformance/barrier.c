/* Conformance: synchronization barriers. */
#include "conformance.h"

#define HAMMER_THREADS 3
#define HAMMER_PHASES 300

/*
 * Wine 8 has no synchronization barriers (calling one aborts the program);
 * Windows has had them since Windows 8. Under Wine the tests stop here.
 */
static int have_barriers(void)
{
    return todo_wine_ok(!running_on_wine(), "synchronization barriers are implemented");
}

struct hammer {
    SYNCHRONIZATION_BARRIER barrier;
    DWORD flags;
    LONG arrivals[HAMMER_PHASES];
    LONG trues[HAMMER_PHASES];
    LONG early;
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;
    int p;

    for (p = 0; p < HAMMER_PHASES; p++) {
        InterlockedIncrement(&h->arrivals[p]);
        if (EnterSynchronizationBarrier(&h->barrier, h->flags))
            InterlockedIncrement(&h->trues[p]);
        if (InterlockedCompareExchange(&h->arrivals[p], 0, 0) != HAMMER_THREADS)
            InterlockedIncrement(&h->early);
    }
    return 0;
}

static void test_one_thread_barrier_returns_true(void)
{
    SYNCHRONIZATION_BARRIER barrier;

    if (!have_barriers())
        return;
    ok(InitializeSynchronizationBarrier(&barrier, 1, -1), "initialize");
    ok(EnterSynchronizationBarrier(&barrier, 0) == TRUE, "first phase");
    ok(EnterSynchronizationBarrier(&barrier, SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY) == TRUE,
       "block only");
    ok(EnterSynchronizationBarrier(&barrier, SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY) == TRUE,
       "spin only");
    ok(DeleteSynchronizationBarrier(&barrier) == TRUE, "delete");
}

static void hammer(DWORD flags)
{
    static struct hammer h;
    HANDLE threads[HAMMER_THREADS];
    int i, p, bad = 0;

    memset(&h, 0, sizeof(h));
    h.flags = flags;
    ok(InitializeSynchronizationBarrier(&h.barrier, HAMMER_THREADS, -1), "initialize");
    for (i = 0; i < HAMMER_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
    ok(WaitForMultipleObjects(HAMMER_THREADS, threads, TRUE, 30000) == WAIT_OBJECT_0,
       "threads ended");
    for (i = 0; i < HAMMER_THREADS; i++)
        CloseHandle(threads[i]);
    ok(h.early == 0, "flags %lx: %ld passes before every thread arrived", (unsigned long)flags,
       (long)h.early);
    for (p = 0; p < HAMMER_PHASES; p++)
        if (h.trues[p] != 1 || h.arrivals[p] != HAMMER_THREADS)
            bad++;
    ok(bad == 0, "flags %lx: %d phases without exactly one TRUE", (unsigned long)flags, bad);
    ok(DeleteSynchronizationBarrier(&h.barrier) == TRUE, "delete");
}

static void test_each_phase_has_one_true_and_no_early_pass(void)
{
    if (!have_barriers())
        return;
    hammer(0);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_NO_DELETE);
    hammer(SYNCHRONIZATION_BARRIER_FLAGS_SPIN_ONLY | SYNCHRONIZATION_BARRIER_FLAGS_BLOCK_ONLY);
}

CONFORMANCE_MAIN(test_one_thread_barrier_returns_true,
                 test_each_phase_has_one_true_and_no_early_pass)
