/* Conformance: critical sections. */
#include "conformance.h"

#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 10000

static HANDLE my_id(void)
{
    return (HANDLE)(ULONG_PTR)GetCurrentThreadId();
}

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

static DWORD WINAPI try_enter(LPVOID cs)
{
    if (!TryEnterCriticalSection(cs))
        return 0;
    LeaveCriticalSection(cs);
    return 1;
}

struct blocked {
    CRITICAL_SECTION cs;
    LONG entered;
};

static DWORD WINAPI enter_and_leave(LPVOID arg)
{
    struct blocked *b = arg;
    DWORD owner_ok;

    EnterCriticalSection(&b->cs);
    InterlockedExchange(&b->entered, 1);
    owner_ok = b->cs.OwningThread == my_id() && b->cs.RecursionCount == 1;
    LeaveCriticalSection(&b->cs);
    return owner_ok;
}

static void test_initialize_gives_a_free_section(void)
{
    CRITICAL_SECTION cs;

    memset(&cs, 0x55, sizeof(cs));
    InitializeCriticalSection(&cs);
    ok(cs.LockCount == -1, "LockCount %ld", (long)cs.LockCount);
    ok(cs.RecursionCount == 0, "RecursionCount %ld", (long)cs.RecursionCount);
    ok(cs.OwningThread == NULL, "OwningThread %p", cs.OwningThread);
    ok(cs.LockSemaphore == NULL, "LockSemaphore %p", cs.LockSemaphore);
    ok(sizeof(cs) == 5 * sizeof(void *), "size %u", (unsigned)sizeof(cs));
    DeleteCriticalSection(&cs);
}

static void test_enter_records_owner_id_and_depth(void)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ok(cs.OwningThread == my_id(), "OwningThread %p, id %p", cs.OwningThread, my_id());
    ok(cs.RecursionCount == 1, "RecursionCount %ld", (long)cs.RecursionCount);
    EnterCriticalSection(&cs);
    ok(cs.RecursionCount == 2, "RecursionCount %ld", (long)cs.RecursionCount);
    LeaveCriticalSection(&cs);
    ok(cs.OwningThread == my_id(), "still owned after one leave");
    ok(cs.RecursionCount == 1, "RecursionCount %ld", (long)cs.RecursionCount);
    LeaveCriticalSection(&cs);
    ok(cs.OwningThread == NULL, "OwningThread %p after the last leave", cs.OwningThread);
    ok(cs.RecursionCount == 0, "RecursionCount %ld", (long)cs.RecursionCount);
    ok(cs.LockCount == -1, "LockCount %ld", (long)cs.LockCount);
    DeleteCriticalSection(&cs);
}

static void test_try_enter_recurses_and_keeps_last_error(void)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    ok(TryEnterCriticalSection(&cs), "TryEnter of a free section");
    ok(TryEnterCriticalSection(&cs), "TryEnter by the owner");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(cs.RecursionCount == 2, "RecursionCount %ld", (long)cs.RecursionCount);
    ok(cs.OwningThread == my_id(), "OwningThread %p", cs.OwningThread);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    ok(cs.OwningThread == NULL, "free again");
    DeleteCriticalSection(&cs);
}

static void test_try_enter_fails_while_another_thread_owns(void)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ok(run(try_enter, &cs) == 0, "TryEnter by another thread succeeded");
    ok(cs.OwningThread == my_id() && cs.RecursionCount == 1, "owner unchanged");
    LeaveCriticalSection(&cs);
    ok(run(try_enter, &cs) == 1, "TryEnter by another thread after the leave");
    DeleteCriticalSection(&cs);
}

static void test_enter_waits_for_the_last_leave(void)
{
    struct blocked b;
    HANDLE thread;

    b.entered = 0;
    InitializeCriticalSection(&b.cs);
    EnterCriticalSection(&b.cs);
    EnterCriticalSection(&b.cs);
    thread = CreateThread(NULL, 0, enter_and_leave, &b, 0, NULL);
    ok(thread != NULL, "CreateThread");
    ok(WaitForSingleObject(thread, 30) == WAIT_TIMEOUT, "entered a held section");
    LeaveCriticalSection(&b.cs);
    ok(WaitForSingleObject(thread, 30) == WAIT_TIMEOUT, "entered after one of two leaves");
    ok(InterlockedCompareExchange(&b.entered, 0, 0) == 0, "entered flag set early");
    LeaveCriticalSection(&b.cs);
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread ended");
    DWORD code = 0;
    ok(GetExitCodeThread(thread, &code) && code == 1, "thread saw itself as owner: %lu",
       (unsigned long)code);
    CloseHandle(thread);
    ok(b.cs.LockCount == -1 && b.cs.OwningThread == NULL, "free at the end");
    DeleteCriticalSection(&b.cs);
}

static void test_spin_count_calls(void)
{
    CRITICAL_SECTION cs;

    SetLastError(0xdeadbeef);
    ok(InitializeCriticalSectionAndSpinCount(&cs, 4000), "InitializeCriticalSectionAndSpinCount");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(cs.LockCount == -1 && cs.OwningThread == NULL, "free after init");
    SetCriticalSectionSpinCount(&cs, 77);
    ok(SetCriticalSectionSpinCount(&cs, 10) == 77, "previous spin count");
    EnterCriticalSection(&cs);
    ok(cs.RecursionCount == 1, "usable");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}

static void test_initialize_ex_no_debug_info(void)
{
    CRITICAL_SECTION cs;

    memset(&cs, 0, sizeof(cs));
    SetLastError(0xdeadbeef);
    ok(InitializeCriticalSectionEx(&cs, 10, CRITICAL_SECTION_NO_DEBUG_INFO),
       "InitializeCriticalSectionEx");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(cs.DebugInfo == (PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1, "DebugInfo %p", cs.DebugInfo);
    ok(cs.LockCount == -1 && cs.RecursionCount == 0 && cs.OwningThread == NULL, "free");
    ok(SetCriticalSectionSpinCount(&cs, 0) == 10, "spin count kept");
    EnterCriticalSection(&cs);
    ok(cs.OwningThread == my_id(), "usable");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}

static void test_initialize_ex_without_flags(void)
{
    CRITICAL_SECTION cs;

    SetLastError(0xdeadbeef);
    ok(InitializeCriticalSectionEx(&cs, 0, 0), "InitializeCriticalSectionEx");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(cs.LockCount == -1 && cs.OwningThread == NULL, "free");
    DeleteCriticalSection(&cs);
}

static void test_delete_clears_debug_info_and_owner(void)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    ok(cs.DebugInfo == NULL, "DebugInfo %p", cs.DebugInfo);
    ok(cs.LockCount == -1, "LockCount %ld", (long)cs.LockCount);
    ok(cs.RecursionCount == 0 && cs.OwningThread == NULL, "no owner");
    InitializeCriticalSection(&cs);
    ok(TryEnterCriticalSection(&cs), "usable after a second initialisation");
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}

struct hammer {
    CRITICAL_SECTION cs;
    LONG counter;               /* cs */
    LONG inside;                /* cs */
    LONG violations;
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;
    int i;

    for (i = 0; i < HAMMER_ROUNDS; i++) {
        EnterCriticalSection(&h->cs);
        if (h->inside++ != 0)
            InterlockedIncrement(&h->violations);
        EnterCriticalSection(&h->cs);
        h->counter++;
        LeaveCriticalSection(&h->cs);
        h->inside--;
        LeaveCriticalSection(&h->cs);
    }
    return 0;
}

static void test_threads_hammering_stay_excluded(void)
{
    struct hammer h;
    HANDLE threads[HAMMER_THREADS];
    int i;

    memset(&h, 0, sizeof(h));
    ok(InitializeCriticalSectionAndSpinCount(&h.cs, 1000), "init");
    for (i = 0; i < HAMMER_THREADS; i++)
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
    ok(WaitForMultipleObjects(HAMMER_THREADS, threads, TRUE, 10000) == WAIT_OBJECT_0,
       "threads ended");
    for (i = 0; i < HAMMER_THREADS; i++)
        CloseHandle(threads[i]);
    ok(h.counter == HAMMER_THREADS * HAMMER_ROUNDS, "counter %ld", (long)h.counter);
    ok(h.violations == 0, "%ld threads inside together", (long)h.violations);
    ok(h.cs.LockCount == -1 && h.cs.OwningThread == NULL, "free at the end");
    DeleteCriticalSection(&h.cs);
}

CONFORMANCE_MAIN(test_initialize_gives_a_free_section, test_enter_records_owner_id_and_depth,
                 test_try_enter_recurses_and_keeps_last_error,
                 test_try_enter_fails_while_another_thread_owns,
                 test_enter_waits_for_the_last_leave, test_spin_count_calls,
                 test_initialize_ex_no_debug_info, test_initialize_ex_without_flags,
                 test_delete_clears_debug_info_and_owner, test_threads_hammering_stay_excluded)
