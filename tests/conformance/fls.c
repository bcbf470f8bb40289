/*
 * Conformance: fiber local storage. FlsAlloc, FlsFree, FlsGetValue, FlsSetValue,
 * IsThreadAFiber. Facts from Wine's dlls/kernel32/tests/fiber.c
 * (test_FiberLocalStorage, test_FiberLocalStorageCallback), which run on Windows.
 */
#include "conformance.h"

static LONG callback_calls;
static LONG callback_mask;          /* bit n: value (n + 1) * 16 was seen */
static HANDLE callback_done;        /* semaphore, released by each callback */
static DWORD callback_delay;        /* ms each callback takes */

static void WINAPI count_callback(PVOID value)
{
    Sleep(callback_delay);
    InterlockedIncrement(&callback_calls);
    InterlockedOr(&callback_mask, 1L << ((ULONG_PTR)value / 16 - 1));
    if (callback_done)
        ReleaseSemaphore(callback_done, 1, NULL);
}

#define VALUE(n) ((void *)(ULONG_PTR)(((n) + 1) * 16))

static void reset_callbacks(void)
{
    InterlockedExchange(&callback_calls, 0);
    InterlockedExchange(&callback_mask, 0);
}

/* Read atomically: a callback may run on another thread. */
static LONG calls(void)
{
    return InterlockedCompareExchange(&callback_calls, 0, 0);
}

static LONG mask(void)
{
    return InterlockedCompareExchange(&callback_mask, 0, 0);
}

static void test_alloc_gives_distinct_nonzero_indices(void)
{
    DWORD a, b;

    SetLastError(0xdeadbeef);
    a = FlsAlloc(NULL);
    b = FlsAlloc(count_callback);
    ok(a != FLS_OUT_OF_INDEXES && b != FLS_OUT_OF_INDEXES, "FlsAlloc failed");
    ok(a != 0 && b != 0, "index 0 handed out");
    ok(a != b, "two FlsAlloc calls gave index %lu", (unsigned long)a);
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(FlsFree(a), "FlsFree(a) failed");
    ok(FlsFree(b), "FlsFree(b) failed");
}

static void test_set_then_get_value(void)
{
    DWORD index = FlsAlloc(NULL);

    SetLastError(0xdeadbeef);
    ok(FlsGetValue(index) == NULL, "new index holds a value");
    ok(GetLastError() == ERROR_SUCCESS, "get: last error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(FlsSetValue(index, VALUE(1)), "FlsSetValue failed");
    ok(GetLastError() == 0xdeadbeef, "set: last error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(index) == VALUE(1), "read back %p", FlsGetValue(index));
    ok(GetLastError() == ERROR_SUCCESS, "get: last error %lu", (unsigned long)GetLastError());
    ok(FlsFree(index), "FlsFree failed");
}

static void test_index_zero_is_invalid(void)
{
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(0) == NULL, "index 0 holds a value");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "get: last error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlsSetValue(0, VALUE(0)), "FlsSetValue(0) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "set: last error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlsFree(0), "FlsFree(0) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "free: last error %lu",
       (unsigned long)GetLastError());
}

static void test_out_of_range_index_is_invalid(void)
{
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(FLS_OUT_OF_INDEXES) == NULL, "index -1 holds a value");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "get: last error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlsSetValue(FLS_OUT_OF_INDEXES, VALUE(0)), "FlsSetValue(-1) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "set: last error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlsFree(FLS_OUT_OF_INDEXES), "FlsFree(-1) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "free: last error %lu",
       (unsigned long)GetLastError());
}

static void test_unallocated_index_holds_values_but_cannot_be_freed(void)
{
    SetLastError(0xdeadbeef);
    ok(!FlsFree(127), "FlsFree of an unallocated index succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "free: last error %lu",
       (unsigned long)GetLastError());
    ok(FlsSetValue(127, VALUE(4)), "FlsSetValue(127) failed");
    SetLastError(0xdeadbeef);
    ok(FlsGetValue(127) == VALUE(4), "read back %p", FlsGetValue(127));
    ok(GetLastError() == ERROR_SUCCESS, "get: last error %lu", (unsigned long)GetLastError());
    ok(FlsSetValue(127, NULL), "clearing failed");
}

static void test_free_twice_fails(void)
{
    DWORD index = FlsAlloc(NULL);

    ok(FlsFree(index), "FlsFree failed");
    SetLastError(0xdeadbeef);
    ok(!FlsFree(index), "second FlsFree succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "last error %lu",
       (unsigned long)GetLastError());
}

static void test_free_calls_back_for_non_null_value_only(void)
{
    DWORD index = FlsAlloc(count_callback);

    reset_callbacks();
    ok(FlsSetValue(index, VALUE(2)), "FlsSetValue failed");
    ok(FlsFree(index), "FlsFree failed");
    ok(calls() == 1, "callback ran %ld times", (long)calls());
    ok(mask() == 1 << 2, "callback saw mask %lx", (unsigned long)mask());
    ok(FlsGetValue(index) == NULL, "value survives FlsFree");

    reset_callbacks();
    index = FlsAlloc(count_callback);
    ok(FlsSetValue(index, NULL), "FlsSetValue(NULL) failed");
    ok(FlsFree(index), "FlsFree failed");
    ok(calls() == 0, "callback ran %ld times for NULL", (long)calls());
}

struct holder {
    DWORD index;
    void *value;
    HANDLE ready, go;
};

static DWORD WINAPI hold_value(LPVOID arg)
{
    struct holder *h = arg;

    if (!FlsSetValue(h->index, h->value) || !SetEvent(h->ready))
        return 0;
    if (WaitForSingleObject(h->go, 5000) != WAIT_OBJECT_0)
        return 0;
    return FlsGetValue(h->index) == NULL ? 2 : 1;
}

static void test_free_calls_back_for_every_thread(void)
{
    DWORD index = FlsAlloc(count_callback), code = 0;
    struct holder h;
    HANDLE thread;

    reset_callbacks();
    h.index = index;
    h.value = VALUE(0);
    h.ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    h.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, hold_value, &h, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h.ready, 5000) == WAIT_OBJECT_0, "thread did not set its value");
    ok(FlsSetValue(index, VALUE(1)), "FlsSetValue failed");
    ok(FlsFree(index), "FlsFree failed");
    ok(calls() == 2, "callback ran %ld times", (long)calls());
    ok(mask() == 3, "callback saw mask %lx", (unsigned long)mask());
    SetEvent(h.go);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(thread, &code) && code == 2, "thread's value survived: code %lu",
       (unsigned long)code);
    ok(calls() == 2, "callback ran again at thread exit: %ld", (long)calls());
    CloseHandle(thread);
    CloseHandle(h.ready);
    CloseHandle(h.go);
}

static DWORD fls_index[3];

static DWORD WINAPI set_values_and_end(LPVOID arg)
{
    FlsSetValue(fls_index[0], VALUE(0));
    FlsSetValue(fls_index[1], NULL);
    FlsSetValue(fls_index[2], VALUE(2));
    return 0;
}

static void test_thread_end_calls_back_before_thread_is_signalled(void)
{
    HANDLE thread;
    int i;

    for (i = 0; i < 3; i++)
        fls_index[i] = FlsAlloc(count_callback);
    reset_callbacks();
    callback_done = CreateSemaphoreA(NULL, 0, 16, NULL);
    callback_delay = 30;            /* so that a wait returning early would see it */
    thread = CreateThread(NULL, 0, set_values_and_end, NULL, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread did not end");
    /* The callbacks run in the ending thread, before it is signalled. */
    ok(calls() == 2, "%ld callbacks had run when the wait returned",
       (long)calls());
    for (i = 0; i < 2; i++)
        ok(WaitForSingleObject(callback_done, 5000) == WAIT_OBJECT_0, "callback %d missing", i);
    ok(WaitForSingleObject(callback_done, 20) == WAIT_TIMEOUT, "callback for a NULL value");
    ok(mask() == 5, "callbacks saw mask %lx", (unsigned long)mask());
    for (i = 0; i < 3; i++)
        ok(FlsFree(fls_index[i]), "FlsFree %d failed", i);
    ok(calls() == 2, "FlsFree called back for an ended thread");
    CloseHandle(thread);
    CloseHandle(callback_done);
    callback_done = NULL;
    callback_delay = 0;
}

static void test_is_thread_a_fiber_is_false_for_plain_threads(void)
{
    ok(!IsThreadAFiber(), "IsThreadAFiber returned TRUE");
}

CONFORMANCE_MAIN(test_alloc_gives_distinct_nonzero_indices,
                 test_set_then_get_value,
                 test_index_zero_is_invalid,
                 test_out_of_range_index_is_invalid,
                 test_unallocated_index_holds_values_but_cannot_be_freed,
                 test_free_twice_fails,
                 test_free_calls_back_for_non_null_value_only,
                 test_free_calls_back_for_every_thread,
                 test_thread_end_calls_back_before_thread_is_signalled,
                 test_is_thread_a_fiber_is_false_for_plain_threads)
