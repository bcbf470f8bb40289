/*
 * Conformance: errhandlingapi.h. The per-thread last error, the process error
 * mode and the per-thread error mode.
 */
#include "conformance.h"

#define THREAD_MODES (SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)

static void test_last_error_round_trip(void)
{
    static const DWORD values[] = { 0, 1, ERROR_INVALID_HANDLE, 0xdeadbeef, 0xffffffff };

    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        SetLastError(values[i]);
        ok(GetLastError() == values[i], "set %lu, got %lu", (unsigned long)values[i],
           (unsigned long)GetLastError());
        /* Reading it does not change it. */
        ok(GetLastError() == values[i], "second read gave %lu", (unsigned long)GetLastError());
    }
}

struct last_error_thread {
    HANDLE ready, go;
    LONG initial, after;
};

static DWORD WINAPI last_error_thread(LPVOID arg)
{
    struct last_error_thread *t = arg;

    InterlockedExchange(&t->initial, (LONG)GetLastError());
    SetLastError(222);
    SetEvent(t->ready);
    WaitForSingleObject(t->go, INFINITE);
    InterlockedExchange(&t->after, (LONG)GetLastError());
    return 0;
}

static void test_last_error_is_per_thread(void)
{
    struct last_error_thread t = { NULL, NULL, -1, -1 };
    HANDLE thread;

    t.ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    t.go = CreateEventA(NULL, FALSE, FALSE, NULL);
    ok(t.ready && t.go, "CreateEventA failed");
    SetLastError(111);
    thread = CreateThread(NULL, 0, last_error_thread, &t, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(t.ready, 5000) == WAIT_OBJECT_0, "the thread did not start");
    /* The thread has set 222 by now: this thread still sees its own value. */
    ok(GetLastError() == 111, "main thread's error became %lu", (unsigned long)GetLastError());
    SetLastError(333);
    ok(SetEvent(t.go), "SetEvent failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end");
    ok(GetLastError() == 333, "main thread's error became %lu", (unsigned long)GetLastError());
    ok(InterlockedCompareExchange(&t.initial, 0, 0) == 0,
       "a new thread starts with last error %lu", (unsigned long)t.initial);
    ok(InterlockedCompareExchange(&t.after, 0, 0) == 222,
       "the thread's error became %lu", (unsigned long)t.after);
    CloseHandle(thread);
    CloseHandle(t.ready);
    CloseHandle(t.go);
}

static void test_error_mode_set_returns_previous(void)
{
    UINT saved = GetErrorMode();
    UINT previous;

    SetLastError(0xdeadbeef);
    previous = SetErrorMode(SEM_FAILCRITICALERRORS);
    ok(previous == saved, "SetErrorMode returned %u, GetErrorMode said %u", previous, saved);
    ok(GetErrorMode() == SEM_FAILCRITICALERRORS, "mode %u", GetErrorMode());
    previous = SetErrorMode(SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
    ok(previous == SEM_FAILCRITICALERRORS, "SetErrorMode returned %u", previous);
    ok(GetErrorMode() == (SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX), "mode %u",
       GetErrorMode());
    previous = SetErrorMode(0);
    ok(previous == (SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX), "SetErrorMode returned %u",
       previous);
    ok(GetErrorMode() == 0, "mode %u", GetErrorMode());
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    SetErrorMode(saved);
    ok(GetErrorMode() == saved, "mode %u, restoring %u", GetErrorMode(), saved);
}

static DWORD WINAPI read_error_mode(LPVOID arg)
{
    (void)arg;
    return GetErrorMode();
}

static void test_error_mode_is_per_process(void)
{
    UINT saved = SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    HANDLE thread = CreateThread(NULL, 0, read_error_mode, NULL, 0, NULL);
    DWORD code = 0xdeadbeef;

    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end");
    ok(GetExitCodeThread(thread, &code), "GetExitCodeThread failed");
    ok(code == (SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX),
       "another thread saw mode %lu", (unsigned long)code);
    CloseHandle(thread);
    SetErrorMode(saved);
}

static void test_thread_error_mode_set_returns_old(void)
{
    DWORD saved = GetThreadErrorMode();
    DWORD old = 0xdeadbeef;

    SetLastError(0xdeadbeef);
    ok(SetThreadErrorMode(SEM_FAILCRITICALERRORS, &old), "SetThreadErrorMode failed");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    ok(old == saved, "old mode %lu, GetThreadErrorMode said %lu", (unsigned long)old,
       (unsigned long)saved);
    ok(GetThreadErrorMode() == SEM_FAILCRITICALERRORS, "mode %lu",
       (unsigned long)GetThreadErrorMode());
    ok(SetThreadErrorMode(SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX, &old),
       "SetThreadErrorMode failed");
    ok(old == SEM_FAILCRITICALERRORS, "old mode %lu", (unsigned long)old);
    ok(GetThreadErrorMode() == (SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX), "mode %lu",
       (unsigned long)GetThreadErrorMode());
    ok(SetThreadErrorMode(saved, &old), "restoring failed");
    ok(old == (SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX), "old mode %lu",
       (unsigned long)old);
    ok(GetThreadErrorMode() == saved, "mode %lu", (unsigned long)GetThreadErrorMode());
}

static void test_thread_error_mode_null_old_mode(void)
{
    DWORD saved = GetThreadErrorMode();

    /* MS docs: lpOldMode is optional. */
    ok(SetThreadErrorMode(THREAD_MODES, NULL), "SetThreadErrorMode(NULL old) failed");
    ok(GetThreadErrorMode() == THREAD_MODES, "mode %lu", (unsigned long)GetThreadErrorMode());
    ok(SetThreadErrorMode(saved, NULL), "restoring failed");
    ok(GetThreadErrorMode() == saved, "mode %lu", (unsigned long)GetThreadErrorMode());
}

static void test_thread_error_mode_invalid_bits(void)
{
    static const DWORD bad[] = { SEM_NOALIGNMENTFAULTEXCEPT, 0x10000,
                                 SEM_FAILCRITICALERRORS | 0x80000000 };
    DWORD saved = GetThreadErrorMode();
    DWORD old;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        old = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ok(!SetThreadErrorMode(bad[i], &old), "mode %#lx was accepted", (unsigned long)bad[i]);
        ok(GetLastError() == ERROR_INVALID_PARAMETER, "mode %#lx: error %lu",
           (unsigned long)bad[i], (unsigned long)GetLastError());
        ok(GetThreadErrorMode() == saved, "mode %#lx changed the mode to %lu",
           (unsigned long)bad[i], (unsigned long)GetThreadErrorMode());
    }
}

struct thread_mode {
    LONG initial, after;
};

static DWORD WINAPI thread_mode_thread(LPVOID arg)
{
    struct thread_mode *m = arg;

    InterlockedExchange(&m->initial, (LONG)GetThreadErrorMode());
    SetThreadErrorMode(SEM_NOOPENFILEERRORBOX, NULL);
    InterlockedExchange(&m->after, (LONG)GetThreadErrorMode());
    return 0;
}

static void test_thread_error_mode_is_per_thread(void)
{
    struct thread_mode m = { -1, -1 };
    DWORD saved = GetThreadErrorMode();
    HANDLE thread;

    ok(SetThreadErrorMode(SEM_FAILCRITICALERRORS, NULL), "SetThreadErrorMode failed");
    thread = CreateThread(NULL, 0, thread_mode_thread, &m, 0, NULL);
    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end");
    ok(InterlockedCompareExchange(&m.initial, 0, 0) == 0, "a new thread starts with mode %ld",
       (long)m.initial);
    ok(InterlockedCompareExchange(&m.after, 0, 0) == SEM_NOOPENFILEERRORBOX,
       "the thread's mode is %ld", (long)m.after);
    ok(GetThreadErrorMode() == SEM_FAILCRITICALERRORS, "this thread's mode became %lu",
       (unsigned long)GetThreadErrorMode());
    CloseHandle(thread);
    SetThreadErrorMode(saved, NULL);
}

static void test_thread_and_process_modes_are_separate(void)
{
    UINT saved_process = GetErrorMode();
    DWORD saved_thread = GetThreadErrorMode();

    SetErrorMode(0);
    ok(SetThreadErrorMode(SEM_FAILCRITICALERRORS, NULL), "SetThreadErrorMode failed");
    ok(GetErrorMode() == 0, "the thread mode changed the process mode to %u", GetErrorMode());
    ok(SetThreadErrorMode(0, NULL), "SetThreadErrorMode failed");
    SetErrorMode(SEM_NOGPFAULTERRORBOX);
    ok(GetThreadErrorMode() == 0, "the process mode changed the thread mode to %lu",
       (unsigned long)GetThreadErrorMode());
    SetErrorMode(saved_process);
    SetThreadErrorMode(saved_thread, NULL);
}

CONFORMANCE_MAIN(test_last_error_round_trip, test_last_error_is_per_thread,
                 test_error_mode_set_returns_previous, test_error_mode_is_per_process,
                 test_thread_error_mode_set_returns_old, test_thread_error_mode_null_old_mode,
                 test_thread_error_mode_invalid_bits, test_thread_error_mode_is_per_thread,
                 test_thread_and_process_modes_are_separate)
