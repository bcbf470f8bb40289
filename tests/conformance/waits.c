/*
 * Conformance: WaitForSingleObject(Ex), WaitForMultipleObjects(Ex),
 * SignalObjectAndWait, Sleep(Ex) and the waitable timer functions.
 */
#include "conformance.h"

/* A handle value no call ever returned (Wine's sync.c test_WaitForSingleObject uses it). */
#define NEVER_ISSUED ((HANDLE)(ULONG_PTR)0xdeadbee0)

/* Windows timeouts may end up to one scheduler tick (about 15.6 ms) early. */
#define TICK_SLACK 16

static HANDLE new_event(BOOL manual, BOOL set)
{
    HANDLE h = CreateEventA(NULL, manual, set, NULL);

    ok(h != NULL, "CreateEventA failed");
    return h;
}

/* 1 if h is signalled now; a wait of 0 ms, so it consumes an auto-reset object. */
static int is_signalled(HANDLE h)
{
    return WaitForSingleObject(h, 0) == WAIT_OBJECT_0;
}

static void test_wait_single_invalid_handle_fails(void)
{
    HANDLE closed = new_event(TRUE, TRUE);
    DWORD ret;

    ok(CloseHandle(closed), "CloseHandle failed");

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(NULL, 0);
    ok(ret == WAIT_FAILED, "NULL: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu", (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(closed, 0);
    ok(ret == WAIT_FAILED, "closed: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "closed: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(NEVER_ISSUED, 0);
    ok(ret == WAIT_FAILED, "never issued: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "never issued: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObjectEx(NULL, 0, FALSE);
    ok(ret == WAIT_FAILED, "Ex NULL: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "Ex NULL: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObjectEx(NEVER_ISSUED, 0, TRUE);
    ok(ret == WAIT_FAILED, "Ex never issued: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "Ex never issued: error %lu",
       (unsigned long)GetLastError());
}

/* Wine's sync.c test_WaitForSingleObject: the pseudo-handles are waitable and
 * never signalled while the caller runs. */
static void test_wait_single_pseudo_handles_time_out(void)
{
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(GetCurrentProcess(), 0);
    ok(ret == WAIT_TIMEOUT, "process: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "process: error %lu", (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(GetCurrentThread(), 0);
    ok(ret == WAIT_TIMEOUT, "thread: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "thread: error %lu", (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObjectEx(GetCurrentThread(), 0, FALSE);
    ok(ret == WAIT_TIMEOUT, "Ex thread: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "Ex thread: error %lu", (unsigned long)GetLastError());
}

static void test_wait_single_success_and_timeout_keep_last_error(void)
{
    HANDLE ev = new_event(FALSE, TRUE);
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(ev, 0);
    ok(ret == WAIT_OBJECT_0, "signalled: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "signalled: error %lu", (unsigned long)GetLastError());

    /* The wait consumed the auto-reset event. */
    SetLastError(0xdeadbeef);
    ret = WaitForSingleObject(ev, 0);
    ok(ret == WAIT_TIMEOUT, "consumed: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "timeout: error %lu", (unsigned long)GetLastError());

    ok(SetEvent(ev), "SetEvent failed");
    SetLastError(0xdeadbeef);
    ret = WaitForSingleObjectEx(ev, 0, TRUE);
    ok(ret == WAIT_OBJECT_0, "Ex signalled: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "Ex signalled: error %lu", (unsigned long)GetLastError());
    ok(!is_signalled(ev), "Ex did not consume the event");

    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_wait_single_timeout_waits_at_least_the_timeout(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    ULONGLONG start, elapsed;
    DWORD ret;

    start = GetTickCount64();
    ret = WaitForSingleObject(ev, 30);
    elapsed = GetTickCount64() - start;
    ok(ret == WAIT_TIMEOUT, "got %lu", (unsigned long)ret);
    ok(elapsed >= 30 - TICK_SLACK, "returned after %lu ms", (unsigned long)elapsed);

    start = GetTickCount64();
    ret = WaitForSingleObjectEx(ev, 30, TRUE);
    elapsed = GetTickCount64() - start;
    ok(ret == WAIT_TIMEOUT, "Ex: got %lu", (unsigned long)ret);
    ok(elapsed >= 30 - TICK_SLACK, "Ex: returned after %lu ms", (unsigned long)elapsed);

    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_wait_multiple_count_out_of_range_fails(void)
{
    HANDLE handles[MAXIMUM_WAIT_OBJECTS + 1];
    HANDLE ev = new_event(FALSE, TRUE);
    DWORD ret;
    int i;

    for (i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++)
        handles[i] = ev;

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(0, handles, FALSE, 0);
    ok(ret == WAIT_FAILED, "count 0: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "count 0: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, handles, FALSE, 0);
    ok(ret == WAIT_FAILED, "count 65: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "count 65: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjectsEx(0, handles, TRUE, 0, FALSE);
    ok(ret == WAIT_FAILED, "Ex count 0: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "Ex count 0: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjectsEx(MAXIMUM_WAIT_OBJECTS + 1, handles, FALSE, 0, TRUE);
    ok(ret == WAIT_FAILED, "Ex count 65: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "Ex count 65: error %lu",
       (unsigned long)GetLastError());

    ok(is_signalled(ev), "a failed wait consumed the event");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_wait_multiple_accepts_64_handles(void)
{
    HANDLE handles[MAXIMUM_WAIT_OBJECTS];
    DWORD ret;
    int i;

    for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        handles[i] = new_event(TRUE, TRUE);

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, FALSE, 0);
    ok(ret == WAIT_OBJECT_0, "wait-any: got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "wait-any: error %lu", (unsigned long)GetLastError());

    ret = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, TRUE, 0);
    ok(ret == WAIT_OBJECT_0, "wait-all: got %lu", (unsigned long)ret);

    ok(ResetEvent(handles[0]), "ResetEvent failed");
    ret = WaitForMultipleObjectsEx(MAXIMUM_WAIT_OBJECTS, handles, FALSE, 0, FALSE);
    ok(ret == WAIT_OBJECT_0 + 1, "Ex wait-any: got %lu", (unsigned long)ret);
    ret = WaitForMultipleObjectsEx(MAXIMUM_WAIT_OBJECTS, handles, TRUE, 0, FALSE);
    ok(ret == WAIT_TIMEOUT, "Ex wait-all with one unset: got %lu", (unsigned long)ret);

    ok(ResetEvent(handles[MAXIMUM_WAIT_OBJECTS - 1]), "ResetEvent failed");
    for (i = 1; i < MAXIMUM_WAIT_OBJECTS - 1; i++)
        ok(ResetEvent(handles[i]), "ResetEvent %d failed", i);
    ok(SetEvent(handles[MAXIMUM_WAIT_OBJECTS - 1]), "SetEvent failed");
    ret = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, handles, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + MAXIMUM_WAIT_OBJECTS - 1, "last index: got %lu",
       (unsigned long)ret);

    for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
        ok(CloseHandle(handles[i]), "CloseHandle %d failed", i);
}

/* Wine's sync.c test_WaitForMultipleObjects: the lowest signalled index wins and
 * only that object is consumed. */
static void test_wait_any_takes_lowest_index_and_consumes_only_it(void)
{
    HANDLE ev[3];
    DWORD ret;
    int i;

    for (i = 0; i < 3; i++)
        ev[i] = new_event(FALSE, i > 0);

    ret = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + 1, "first wait: got %lu", (unsigned long)ret);
    ret = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + 2, "second wait: got %lu", (unsigned long)ret);
    ret = WaitForMultipleObjects(3, ev, FALSE, 0);
    ok(ret == WAIT_TIMEOUT, "third wait: got %lu", (unsigned long)ret);

    ok(SetEvent(ev[0]) && SetEvent(ev[2]), "SetEvent failed");
    ret = WaitForMultipleObjectsEx(3, ev, FALSE, 0, TRUE);
    ok(ret == WAIT_OBJECT_0, "Ex: got %lu", (unsigned long)ret);
    ok(!is_signalled(ev[0]), "index 0 was not consumed");
    ok(!is_signalled(ev[1]), "index 1 became signalled");
    ok(is_signalled(ev[2]), "index 2 was consumed too");

    for (i = 0; i < 3; i++)
        ok(CloseHandle(ev[i]), "CloseHandle %d failed", i);
}

static void test_wait_all_takes_all_or_nothing(void)
{
    HANDLE ev[2];
    DWORD ret;

    ev[0] = new_event(FALSE, TRUE);
    ev[1] = new_event(FALSE, FALSE);

    ret = WaitForMultipleObjects(2, ev, TRUE, 20);
    ok(ret == WAIT_TIMEOUT, "one unset: got %lu", (unsigned long)ret);
    ok(is_signalled(ev[0]), "the set event was consumed by a wait that timed out");

    ok(SetEvent(ev[0]) && SetEvent(ev[1]), "SetEvent failed");
    ret = WaitForMultipleObjectsEx(2, ev, TRUE, 0, FALSE);
    ok(ret == WAIT_OBJECT_0, "both set: got %lu", (unsigned long)ret);
    ok(!is_signalled(ev[0]), "event 0 was not consumed");
    ok(!is_signalled(ev[1]), "event 1 was not consumed");

    ok(CloseHandle(ev[0]) && CloseHandle(ev[1]), "CloseHandle failed");
}

static DWORD WINAPI set_event_later(LPVOID arg)
{
    Sleep(30);
    return SetEvent((HANDLE)arg) ? 0 : 1;
}

static void test_wait_all_completes_when_another_thread_sets_the_last(void)
{
    HANDLE ev[2], thread;
    DWORD ret, code = 99;

    ev[0] = new_event(FALSE, TRUE);
    ev[1] = new_event(FALSE, FALSE);
    thread = CreateThread(NULL, 0, set_event_later, ev[1], 0, NULL);
    ok(thread != NULL, "CreateThread failed");

    ret = WaitForMultipleObjects(2, ev, TRUE, 5000);
    ok(ret == WAIT_OBJECT_0, "got %lu", (unsigned long)ret);
    ok(!is_signalled(ev[0]), "event 0 was not consumed");
    ok(!is_signalled(ev[1]), "event 1 was not consumed");

    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(thread, &code) && code == 0, "thread: SetEvent failed (%lu)",
       (unsigned long)code);
    ok(CloseHandle(thread), "CloseHandle failed");
    ok(CloseHandle(ev[0]) && CloseHandle(ev[1]), "CloseHandle failed");
}

static void test_wait_all_same_handle_twice_fails(void)
{
    HANDLE ev = new_event(FALSE, TRUE);
    HANDLE handles[2] = { ev, ev };
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(2, handles, TRUE, 0);
    /* MS docs (WaitForMultipleObjects): the array "may not contain multiple copies
     * of the same handle". Windows' NtWaitForMultipleObjects (ob/obwait.c of the
     * Windows Research Kernel) fails a wait-all naming one object twice with
     * STATUS_INVALID_PARAMETER_MIX, i.e. ERROR_INVALID_PARAMETER. Wine 8 accepts
     * it, returns WAIT_OBJECT_0 and consumes the event. */
    todo_wine_ok(ret == WAIT_FAILED, "got %lu", (unsigned long)ret);
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
                 (unsigned long)GetLastError());
    todo_wine_ok(is_signalled(ev), "a failed wait consumed the event");

    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_wait_all_two_handles_of_one_object_fails(void)
{
    HANDLE ev = new_event(TRUE, TRUE);
    HANDLE handles[2];
    DWORD ret;

    handles[0] = ev;
    ok(DuplicateHandle(GetCurrentProcess(), ev, GetCurrentProcess(), &handles[1], 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle failed");
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(2, handles, TRUE, 0);
    /* Windows rejects a wait-all naming one object twice through different handles:
     * NtWaitForMultipleObjects compares the objects, not the handles (Windows
     * Research Kernel ob/obwait.c: STATUS_INVALID_PARAMETER_MIX, which kernel32
     * maps to ERROR_INVALID_PARAMETER). Wine accepts it and returns WAIT_OBJECT_0. */
    todo_wine_ok(ret == WAIT_FAILED, "got %lu", (unsigned long)ret);
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
                 (unsigned long)GetLastError());

    ok(CloseHandle(handles[1]), "CloseHandle failed");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_wait_multiple_rejects_pseudo_handles(void)
{
    HANDLE handles[1];
    DWORD ret;

    /* Wine's sync.c test_WaitForMultipleObjects records, with todo_wine, that
     * Windows fails pseudo-handles here with ERROR_INVALID_HANDLE although
     * WaitForSingleObject accepts them; Wine waits on them (WAIT_TIMEOUT). */
    handles[0] = GetCurrentProcess();
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(1, handles, FALSE, 0);
    todo_wine_ok(ret == WAIT_FAILED, "process: got %lu", (unsigned long)ret);
    todo_wine_ok(GetLastError() == ERROR_INVALID_HANDLE, "process: error %lu",
                 (unsigned long)GetLastError());

    handles[0] = GetCurrentThread();
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjectsEx(1, handles, FALSE, 0, FALSE);
    todo_wine_ok(ret == WAIT_FAILED, "thread: got %lu", (unsigned long)ret);
    todo_wine_ok(GetLastError() == ERROR_INVALID_HANDLE, "thread: error %lu",
                 (unsigned long)GetLastError());
}

static void test_wait_multiple_invalid_handle_fails_and_consumes_nothing(void)
{
    HANDLE ev = new_event(FALSE, TRUE);
    HANDLE closed = new_event(TRUE, TRUE);
    HANDLE handles[2];
    DWORD ret;

    ok(CloseHandle(closed), "CloseHandle failed");

    handles[0] = ev;
    handles[1] = NEVER_ISSUED;
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(2, handles, FALSE, 0);
    ok(ret == WAIT_FAILED, "wait-any never issued: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "wait-any never issued: error %lu",
       (unsigned long)GetLastError());

    handles[1] = closed;
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjects(2, handles, TRUE, 0);
    ok(ret == WAIT_FAILED, "wait-all closed: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "wait-all closed: error %lu",
       (unsigned long)GetLastError());

    handles[1] = NULL;
    SetLastError(0xdeadbeef);
    ret = WaitForMultipleObjectsEx(2, handles, FALSE, 0, FALSE);
    ok(ret == WAIT_FAILED, "wait-any NULL: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "wait-any NULL: error %lu",
       (unsigned long)GetLastError());

    ok(is_signalled(ev), "a failed wait consumed the valid event");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_signal_and_wait_sets_event_then_waits(void)
{
    HANDLE to_set = new_event(TRUE, FALSE);
    HANDLE wait_on = new_event(FALSE, TRUE);
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(to_set, wait_on, 0, FALSE);
    ok(ret == WAIT_OBJECT_0, "got %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());
    ok(is_signalled(to_set), "the event to signal was not set");
    ok(!is_signalled(wait_on), "the awaited auto-reset event was not consumed");

    ok(ResetEvent(to_set), "ResetEvent failed");
    ret = SignalObjectAndWait(to_set, wait_on, 20, TRUE);
    ok(ret == WAIT_TIMEOUT, "unset object: got %lu", (unsigned long)ret);
    ok(is_signalled(to_set), "the event was not set before the wait timed out");

    ok(CloseHandle(to_set) && CloseHandle(wait_on), "CloseHandle failed");
}

static void test_signal_and_wait_releases_semaphore(void)
{
    HANDLE sem = CreateSemaphoreA(NULL, 0, 2, NULL);
    HANDLE wait_on = new_event(TRUE, TRUE);
    LONG previous = -1;
    DWORD ret;

    ok(sem != NULL, "CreateSemaphoreA failed");
    ret = SignalObjectAndWait(sem, wait_on, 0, FALSE);
    ok(ret == WAIT_OBJECT_0, "got %lu", (unsigned long)ret);
    ok(ReleaseSemaphore(sem, 1, &previous), "ReleaseSemaphore failed");
    ok(previous == 1, "count was %ld after the signal, expected 1", (long)previous);

    ok(CloseHandle(sem) && CloseHandle(wait_on), "CloseHandle failed");
}

static DWORD WINAPI try_take_mutex(LPVOID arg)
{
    HANDLE mutex = arg;

    if (WaitForSingleObject(mutex, 0) != WAIT_OBJECT_0)
        return 1;
    return ReleaseMutex(mutex) ? 0 : 2;
}

static void test_signal_and_wait_releases_mutex(void)
{
    HANDLE mutex = CreateMutexA(NULL, TRUE, NULL);
    HANDLE wait_on = new_event(TRUE, TRUE);
    HANDLE thread;
    DWORD ret, code = 99;

    ok(mutex != NULL, "CreateMutexA failed");
    ret = SignalObjectAndWait(mutex, wait_on, 0, FALSE);
    ok(ret == WAIT_OBJECT_0, "got %lu", (unsigned long)ret);

    SetLastError(0xdeadbeef);
    ok(!ReleaseMutex(mutex), "the mutex is still owned after the signal");
    ok(GetLastError() == ERROR_NOT_OWNER, "error %lu", (unsigned long)GetLastError());

    thread = CreateThread(NULL, 0, try_take_mutex, mutex, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(thread, &code) && code == 0,
       "another thread could not take the released mutex (%lu)", (unsigned long)code);

    ok(CloseHandle(thread), "CloseHandle failed");
    ok(CloseHandle(mutex) && CloseHandle(wait_on), "CloseHandle failed");
}

static DWORD WINAPI return_zero(LPVOID arg)
{
    return 0;
}

/* A thread cannot be signalled: NtSignalAndWaitForSingleObject gives
 * STATUS_OBJECT_TYPE_MISMATCH, which kernel32 maps to ERROR_INVALID_HANDLE (Wine's
 * sync.c test_signalandwait checks the same for a file handle). */
static void test_signal_and_wait_thread_handle_cannot_be_signalled(void)
{
    HANDLE wait_on = new_event(FALSE, TRUE);
    HANDLE thread = CreateThread(NULL, 0, return_zero, NULL, 0, NULL);
    DWORD ret;

    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "thread did not end");

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(thread, wait_on, 0, FALSE);
    ok(ret == WAIT_FAILED, "got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    ok(is_signalled(wait_on), "the failed call waited on the event");

    ok(CloseHandle(thread) && CloseHandle(wait_on), "CloseHandle failed");
}

static void test_signal_and_wait_invalid_handles_fail(void)
{
    HANDLE ev = new_event(FALSE, TRUE);
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(NULL, NULL, 0, FALSE);
    ok(ret == WAIT_FAILED, "NULL, NULL: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL, NULL: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(NULL, ev, 0, FALSE);
    ok(ret == WAIT_FAILED, "NULL signal: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL signal: error %lu",
       (unsigned long)GetLastError());
    ok(is_signalled(ev), "the failed call waited on the event");

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(NEVER_ISSUED, ev, 0, FALSE);
    ok(ret == WAIT_FAILED, "never-issued signal: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "never-issued signal: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(ev, NULL, 0, FALSE);
    ok(ret == WAIT_FAILED, "NULL wait: got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL wait: error %lu",
       (unsigned long)GetLastError());

    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_signal_and_wait_unowned_mutex_fails_with_not_owner(void)
{
    HANDLE mutex = CreateMutexA(NULL, FALSE, NULL);
    HANDLE wait_on = new_event(FALSE, TRUE);
    DWORD ret;

    ok(mutex != NULL, "CreateMutexA failed");
    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(mutex, wait_on, 0, FALSE);
    ok(ret == WAIT_FAILED, "got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_NOT_OWNER, "error %lu", (unsigned long)GetLastError());
    ok(is_signalled(wait_on), "the failed call waited on the event");

    ok(CloseHandle(mutex) && CloseHandle(wait_on), "CloseHandle failed");
}

/* Wine's sync.c test_signalandwait: a semaphore at its maximum cannot be released. */
static void test_signal_and_wait_semaphore_at_max_fails_with_too_many_posts(void)
{
    HANDLE sem = CreateSemaphoreA(NULL, 1, 1, NULL);
    HANDLE wait_on = new_event(FALSE, TRUE);
    DWORD ret;

    ok(sem != NULL, "CreateSemaphoreA failed");
    SetLastError(0xdeadbeef);
    ret = SignalObjectAndWait(sem, wait_on, 0, FALSE);
    ok(ret == WAIT_FAILED, "got %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_TOO_MANY_POSTS, "error %lu", (unsigned long)GetLastError());
    ok(is_signalled(wait_on), "the failed call waited on the event");
    ok(is_signalled(sem), "the semaphore count changed");
    ok(!is_signalled(sem), "the semaphore count went past its maximum");

    ok(CloseHandle(sem) && CloseHandle(wait_on), "CloseHandle failed");
}

/* Wine's sync.c test_signalandwait: signalling and waiting on one auto-reset
 * event succeeds and leaves it reset. */
static void test_signal_and_wait_same_auto_event_consumes_it(void)
{
    HANDLE ev = new_event(FALSE, FALSE);
    DWORD ret;
    int i;

    for (i = 0; i < 100; i++) {
        ret = SignalObjectAndWait(ev, ev, 0, FALSE);
        if (ret != WAIT_OBJECT_0)
            break;
    }
    ok(i == 100, "call %d returned %lu", i, (unsigned long)ret);
    ok(!is_signalled(ev), "the event was left signalled");

    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_sleep_returns(void)
{
    ULONGLONG start, elapsed;
    DWORD ret;

    SetLastError(0xdeadbeef);
    Sleep(0);
    ok(GetLastError() == 0xdeadbeef, "Sleep(0) changed the error to %lu",
       (unsigned long)GetLastError());

    Sleep(10);

    start = GetTickCount64();
    Sleep(30);
    elapsed = GetTickCount64() - start;
    ok(elapsed >= 30 - TICK_SLACK, "Sleep(30) returned after %lu ms", (unsigned long)elapsed);

    /* No APC is queued, so an alertable sleep ends normally with 0. */
    ret = SleepEx(0, TRUE);
    ok(ret == 0, "SleepEx(0, TRUE) returned %lu", (unsigned long)ret);

    ret = SleepEx(10, FALSE);
    ok(ret == 0, "SleepEx(10, FALSE) returned %lu", (unsigned long)ret);

    ret = SleepEx(10, TRUE);
    ok(ret == 0, "SleepEx(10, TRUE) returned %lu", (unsigned long)ret);
}

/* Waitable timers. */

#ifndef ERROR_TIMER_RESUME_IGNORED
#define ERROR_TIMER_RESUME_IGNORED 722  /* Windows' winerror.h; mingw-w64 lacks it */
#endif

static void test_waitable_timer_signals_after_relative_due_time(void)
{
    HANDLE timer;
    LARGE_INTEGER due;
    ULONGLONG start, elapsed;
    DWORD ret;

    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    ok(timer != NULL, "CreateWaitableTimerA failed");
    ok(!is_signalled(timer), "a new timer is signalled");

    due.QuadPart = -100000;     /* 10 ms from now, in 100 ns units */
    start = GetTickCount64();
    ok(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ret = WaitForSingleObject(timer, 30000);
    elapsed = GetTickCount64() - start;
    ok(ret == WAIT_OBJECT_0, "wait: got %lu", (unsigned long)ret);
    ok(elapsed + TICK_SLACK >= 10, "signalled after %lu ms", (unsigned long)elapsed);
    ok(is_signalled(timer), "a manual-reset timer was reset by the wait");

    /* CancelWaitableTimer does not change the signalled state (MS docs). */
    SetLastError(0xdeadbeef);
    ok(CancelWaitableTimer(timer), "CancelWaitableTimer failed");
    ok(is_signalled(timer), "cancel reset a signalled timer");

    /* Setting the timer again resets its state (MS docs, SetWaitableTimer). */
    due.QuadPart = -10000000;   /* 1 s */
    ok(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ok(!is_signalled(timer), "re-arming left the timer signalled");
    ok(CloseHandle(timer), "CloseHandle failed");
}

static void test_waitable_timer_cancel_stops_a_pending_timer(void)
{
    HANDLE timer;
    LARGE_INTEGER due;

    timer = CreateWaitableTimerW(NULL, TRUE, NULL);
    ok(timer != NULL, "CreateWaitableTimerW failed");
    due.QuadPart = -200000;     /* 20 ms */
    ok(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer failed");
    SetLastError(0xdeadbeef);
    ok(CancelWaitableTimer(timer), "CancelWaitableTimer failed");
    ok(WaitForSingleObject(timer, 60) == WAIT_TIMEOUT, "a cancelled timer fired");
    ok(CloseHandle(timer), "CloseHandle failed");
}

static void test_waitable_timer_auto_reset_via_ex_functions(void)
{
    HANDLE timer;
    LARGE_INTEGER due;
    DWORD ret;

    /* dwFlags 0: a synchronization (auto-reset) timer. */
    due.QuadPart = -100000;     /* 10 ms */
    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerExW(NULL, NULL, 0, TIMER_ALL_ACCESS);
    ok(timer != NULL, "CreateWaitableTimerExW failed");
    SetLastError(0xdeadbeef);
    ok(SetWaitableTimerEx(timer, &due, 0, NULL, NULL, NULL, 0), "SetWaitableTimerEx failed");
    ret = WaitForSingleObject(timer, 1000);
    ok(ret == WAIT_OBJECT_0, "wait: got %lu", (unsigned long)ret);
    ok(!is_signalled(timer), "an auto-reset timer stayed signalled");
    ok(CloseHandle(timer), "CloseHandle failed");

    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerExA(NULL, NULL, CREATE_WAITABLE_TIMER_MANUAL_RESET,
                                   TIMER_ALL_ACCESS);
    ok(timer != NULL, "CreateWaitableTimerExA failed");
    ok(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "timer did not fire");
    ok(is_signalled(timer), "a manual-reset timer was reset by the wait");
    ok(CloseHandle(timer), "CloseHandle failed");
}

/* ReactOS's kernel32, which follows Windows, accepts CREATE_WAITABLE_TIMER_MANUAL_RESET
 * only (Windows 10 adds CREATE_WAITABLE_TIMER_HIGH_RESOLUTION); Wine accepts any bits. */
static void test_waitable_timer_ex_rejects_unknown_flags(void)
{
    HANDLE timer;

    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerExA(NULL, NULL, 0x4, TIMER_ALL_ACCESS);
    todo_wine_ok(timer == NULL, "CreateWaitableTimerExA accepted flag 0x4");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "flag 0x4: error %lu",
                 (unsigned long)GetLastError());
    if (timer)
        CloseHandle(timer);
}

static void test_waitable_timer_periodic_auto_reset_fires_again(void)
{
    HANDLE timer = CreateWaitableTimerA(NULL, FALSE, NULL);
    LARGE_INTEGER due;

    ok(timer != NULL, "CreateWaitableTimerA failed");
    due.QuadPart = -100000;     /* 10 ms, then every 20 ms */
    ok(SetWaitableTimer(timer, &due, 20, NULL, NULL, FALSE), "SetWaitableTimer failed");
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "first period did not fire");
    ok(!is_signalled(timer), "an auto-reset timer stayed signalled");
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "second period did not fire");
    ok(CancelWaitableTimer(timer), "CancelWaitableTimer failed");
    ok(CloseHandle(timer), "CloseHandle failed");
}

static LONG timer_routine_runs;
static LPVOID timer_routine_arg;
static FILETIME timer_routine_time;

static void CALLBACK timer_routine(LPVOID arg, DWORD low, DWORD high)
{
    InterlockedIncrement(&timer_routine_runs);
    timer_routine_arg = arg;
    timer_routine_time.dwLowDateTime = low;
    timer_routine_time.dwHighDateTime = high;
}

/* The completion routine is an APC of the setting thread: it runs in that thread's
 * alertable wait, which returns WAIT_IO_COMPLETION, with the UTC time it fired. */
static void test_waitable_timer_completion_routine_runs_as_apc(void)
{
    HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due;
    FILETIME before;
    ULONGLONG fired, start;
    DWORD ret;

    timer_routine_runs = 0;
    GetSystemTimeAsFileTime(&before);
    due.QuadPart = -100000;
    ok(SetWaitableTimer(timer, &due, 0, timer_routine, (LPVOID)0x1234, FALSE),
       "SetWaitableTimer failed");
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "timer did not fire");
    ok(timer_routine_runs == 0, "the routine ran outside an alertable wait");
    ret = SleepEx(1000, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu", (unsigned long)ret);
    ok(timer_routine_runs == 1, "the routine ran %ld times", (long)timer_routine_runs);
    ok(timer_routine_arg == (LPVOID)0x1234, "the routine got argument %p", timer_routine_arg);
    fired = ((ULONGLONG)timer_routine_time.dwHighDateTime << 32) | timer_routine_time.dwLowDateTime;
    start = ((ULONGLONG)before.dwHighDateTime << 32) | before.dwLowDateTime;
    /* MS docs, PTIMERAPCROUTINE: the UTC time at which the timer was signalled. Wine
     * passes the relative due time as it was set. */
    todo_wine_ok(fired >= start && fired - start < 10000000, "fired %lu ms after the set",
                 (unsigned long)((fired - start) / 10000));

    /* Cancelling before it fires: no signal, no routine. */
    due.QuadPart = -200000;
    ok(SetWaitableTimer(timer, &due, 0, timer_routine, NULL, FALSE), "SetWaitableTimer failed");
    ok(CancelWaitableTimer(timer), "CancelWaitableTimer failed");
    ret = SleepEx(60, TRUE);
    ok(ret == 0, "SleepEx after cancel returned %lu", (unsigned long)ret);
    ok(timer_routine_runs == 1, "a cancelled timer's routine ran");
    ok(CloseHandle(timer), "CloseHandle failed");
}

static void test_waitable_timer_bad_parameters(void)
{
    HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due;
    BOOL ret;

    /* A NULL due time is read by the kernel: STATUS_ACCESS_VIOLATION, ERROR_NOACCESS. */
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(timer, NULL, 0, NULL, NULL, FALSE), "NULL due time accepted");
    ok(GetLastError() == ERROR_NOACCESS, "NULL due time: error %lu",
       (unsigned long)GetLastError());

    /* MS docs, SetWaitableTimer: "If lPeriod is less than zero, the function fails."
     * Wine accepts it. */
    due.QuadPart = -100000;
    SetLastError(0xdeadbeef);
    ret = SetWaitableTimer(timer, &due, -1, NULL, NULL, FALSE);
    todo_wine_ok(!ret, "a negative period was accepted");
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "negative period: error %lu",
                 (unsigned long)GetLastError());
    CancelWaitableTimer(timer);

    /* No hardware to wake: the timer is set and the last error says resume was ignored. */
    SetLastError(0xdeadbeef);
    ok(SetWaitableTimer(timer, &due, 0, NULL, NULL, TRUE), "fResume TRUE failed");
    ok(GetLastError() == ERROR_TIMER_RESUME_IGNORED, "fResume: error %lu",
       (unsigned long)GetLastError());
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "the resumable timer did not fire");
    ok(CloseHandle(timer), "CloseHandle failed");
}

static void test_waitable_timer_open_finds_named_timer(void)
{
    HANDLE timer, opened, opened_w, missing;
    LARGE_INTEGER due;
    BOOL set;

    SetLastError(0xdeadbeef);
    timer = CreateWaitableTimerA(NULL, TRUE, "w32shim_conformance_waits_timer");
    ok(timer != NULL, "CreateWaitableTimerA failed");
    ok(GetLastError() == 0, "new named timer: error %lu", (unsigned long)GetLastError());

    opened = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, "w32shim_conformance_waits_timer");
    ok(opened != NULL, "OpenWaitableTimerA failed");
    opened_w = OpenWaitableTimerW(SYNCHRONIZE, FALSE, W("w32shim_conformance_waits_timer"));
    ok(opened_w != NULL, "OpenWaitableTimerW failed");

    /* The opened handles name the same timer: setting it through one signals all. */
    due.QuadPart = -100000;
    set = opened && SetWaitableTimer(opened, &due, 0, NULL, NULL, FALSE);
    ok(set, "SetWaitableTimer through the opened handle failed");
    ok(WaitForSingleObject(timer, 1000) == WAIT_OBJECT_0, "creating handle not signalled");
    ok(opened_w && is_signalled(opened_w), "OpenWaitableTimerW handle not signalled");

    /* A handle opened with SYNCHRONIZE only cannot set the timer. */
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(opened_w, &due, 0, NULL, NULL, FALSE), "set without the right");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "no TIMER_MODIFY_STATE: error %lu",
       (unsigned long)GetLastError());

    /* Wine's sync.c test_waitable_timer: a NULL name is ERROR_INVALID_PARAMETER. */
    SetLastError(0xdeadbeef);
    missing = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, NULL);
    ok(missing == NULL, "OpenWaitableTimerA(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "NULL name: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    missing = OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, W("w32shim_conformance_no_timer"));
    ok(missing == NULL, "OpenWaitableTimerW found a timer never created");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "unknown name: error %lu",
       (unsigned long)GetLastError());

    if (opened)
        ok(CloseHandle(opened), "CloseHandle failed");
    if (opened_w)
        ok(CloseHandle(opened_w), "CloseHandle failed");
    ok(CloseHandle(timer), "CloseHandle failed");
}

/* An event is not a timer: NtSetTimer/NtCancelTimer give STATUS_OBJECT_TYPE_MISMATCH,
 * ERROR_INVALID_HANDLE in kernel32. */
static void test_waitable_timer_functions_reject_an_event(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    LARGE_INTEGER due;

    due.QuadPart = -100000;
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimer(ev, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer on an event");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "SetWaitableTimer: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetWaitableTimerEx(ev, &due, 0, NULL, NULL, NULL, 0), "SetWaitableTimerEx on an event");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "SetWaitableTimerEx: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!CancelWaitableTimer(ev), "CancelWaitableTimer on an event");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "CancelWaitableTimer: error %lu",
       (unsigned long)GetLastError());
    ok(!is_signalled(ev), "the event became signalled");
    ok(CloseHandle(ev), "CloseHandle failed");
}

CONFORMANCE_MAIN(test_wait_single_invalid_handle_fails,
                 test_wait_single_pseudo_handles_time_out,
                 test_wait_single_success_and_timeout_keep_last_error,
                 test_wait_single_timeout_waits_at_least_the_timeout,
                 test_wait_multiple_count_out_of_range_fails,
                 test_wait_multiple_accepts_64_handles,
                 test_wait_any_takes_lowest_index_and_consumes_only_it,
                 test_wait_all_takes_all_or_nothing,
                 test_wait_all_completes_when_another_thread_sets_the_last,
                 test_wait_all_same_handle_twice_fails,
                 test_wait_all_two_handles_of_one_object_fails,
                 test_wait_multiple_rejects_pseudo_handles,
                 test_wait_multiple_invalid_handle_fails_and_consumes_nothing,
                 test_signal_and_wait_sets_event_then_waits,
                 test_signal_and_wait_releases_semaphore,
                 test_signal_and_wait_releases_mutex,
                 test_signal_and_wait_thread_handle_cannot_be_signalled,
                 test_signal_and_wait_invalid_handles_fail,
                 test_signal_and_wait_unowned_mutex_fails_with_not_owner,
                 test_signal_and_wait_semaphore_at_max_fails_with_too_many_posts,
                 test_signal_and_wait_same_auto_event_consumes_it,
                 test_sleep_returns,
                 test_waitable_timer_signals_after_relative_due_time,
                 test_waitable_timer_cancel_stops_a_pending_timer,
                 test_waitable_timer_auto_reset_via_ex_functions,
                 test_waitable_timer_ex_rejects_unknown_flags,
                 test_waitable_timer_periodic_auto_reset_fires_again,
                 test_waitable_timer_completion_routine_runs_as_apc,
                 test_waitable_timer_bad_parameters,
                 test_waitable_timer_open_finds_named_timer,
                 test_waitable_timer_functions_reject_an_event)
