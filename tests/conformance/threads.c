/*
 * Conformance: CreateThread, ExitThread, GetExitCodeThread, Suspend/ResumeThread,
 * thread ids and pseudo-handles, OpenThread, TerminateThread and QueueUserAPC.
 */
#include "conformance.h"

typedef BOOL (WINAPI *compare_fn)(HANDLE, HANDLE);

/*
 * 1 if two thread handles name one object. CompareObjectHandles is a Windows 10
 * kernelbase export missing from mingw-w64's import libraries: look it up at run
 * time there; without it, compare the thread ids (unique while a handle is open).
 */
static int same_thread(HANDLE a, HANDLE b)
{
    compare_fn compare;
#ifdef _WIN32
    HMODULE kernelbase = GetModuleHandleA("kernelbase.dll");
    FARPROC proc = kernelbase ? GetProcAddress(kernelbase, "CompareObjectHandles") : NULL;

    memcpy(&compare, &proc, sizeof(compare));
#else
    compare = CompareObjectHandles;
#endif
    if (compare)
        return compare(a, b) != FALSE;
    return GetThreadId(a) != 0 && GetThreadId(a) == GetThreadId(b);
}

static HANDLE new_event(BOOL manual, BOOL set)
{
    HANDLE h = CreateEventA(NULL, manual, set, NULL);

    ok(h != NULL, "CreateEventA failed");
    return h;
}

/* What record_and_return saw: its parameter and its id, written before it returns. */
static LONG seen_ran;
static PVOID seen_param;
static LONG seen_id;

static DWORD WINAPI record_and_return(LPVOID arg)
{
    InterlockedExchangePointer(&seen_param, arg);
    InterlockedExchange(&seen_id, (LONG)GetCurrentThreadId());
    InterlockedIncrement(&seen_ran);
    return 42;
}

static void reset_seen(void)
{
    InterlockedExchange(&seen_ran, 0);
    InterlockedExchangePointer(&seen_param, NULL);
    InterlockedExchange(&seen_id, 0);
}

static LONG get_long(LONG *p)
{
    return InterlockedCompareExchange(p, 0, 0);
}

/* A thread that says it has started, then blocks until released. */
struct blocked {
    HANDLE started;
    HANDLE release;
};

static DWORD WINAPI signal_then_block(LPVOID arg)
{
    struct blocked *b = arg;

    SetEvent(b->started);
    return WaitForSingleObject(b->release, 5000) == WAIT_OBJECT_0 ? 3 : 4;
}

static DWORD WINAPI wait_for_event(LPVOID arg)
{
    DWORD ret = WaitForSingleObject((HANDLE)arg, 5000);

    return ret == WAIT_OBJECT_0 ? 7 : 100 + ret;
}

static void test_create_thread_passes_parameter_and_id(void)
{
    HANDLE h;
    DWORD id = 0, code = 0;
    int param;

    reset_seen();
    h = CreateThread(NULL, 0, record_and_return, &param, 0, &id);
    ok(h != NULL, "CreateThread failed");
    ok(id != 0, "no thread id");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(get_long(&seen_ran) == 1, "the routine ran %ld times",
       (long)get_long(&seen_ran));
    ok(InterlockedCompareExchangePointer(&seen_param, NULL, NULL) == (PVOID)&param,
       "the routine got another parameter");
    ok((DWORD)get_long(&seen_id) == id,
       "GetCurrentThreadId in the thread %lu, lpThreadId %lu", (unsigned long)get_long(&seen_id),
       (unsigned long)id);
    SetLastError(0xdeadbeef);
    ok(GetThreadId(h) == id, "GetThreadId %lu, lpThreadId %lu", (unsigned long)GetThreadId(h),
       (unsigned long)id);
    ok(GetLastError() == 0xdeadbeef, "GetThreadId: error %lu", (unsigned long)GetLastError());
    ok(id != GetCurrentThreadId(), "the new thread has the creator's id");
    ok(GetExitCodeThread(h, &code) && code == 42, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_create_thread_accepts_null_thread_id(void)
{
    HANDLE h;

    reset_seen();
    h = CreateThread(NULL, 0, record_and_return, NULL, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(get_long(&seen_ran) == 1, "the routine did not run");
    ok(GetThreadId(h) == (DWORD)get_long(&seen_id),
       "GetThreadId does not match the thread's own id");
    ok(CloseHandle(h), "CloseHandle failed");
}

/* Wine's thread.c test_CreateThread_basic: a successful CreateThread does not
 * touch the last error. */
static void test_create_thread_success_keeps_last_error(void)
{
    HANDLE h;
    DWORD id;

    SetLastError(0xfaceabad);
    h = CreateThread(NULL, 0, record_and_return, NULL, 0, &id);
    ok(h != NULL, "CreateThread failed");
    ok(GetLastError() == 0xfaceabad, "error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(CloseHandle(h), "CloseHandle failed");
}

/* CreateThread looks only at CREATE_SUSPENDED and STACK_SIZE_PARAM_IS_A_RESERVATION
 * (MS docs); other bits do not make it fail (kernelbase CreateRemoteThreadEx). */
static void test_create_thread_ignores_other_flags(void)
{
    HANDLE h;
    DWORD code = 0;

    h = CreateThread(NULL, 64 * 1024, record_and_return, NULL,
                     STACK_SIZE_PARAM_IS_A_RESERVATION | 0x100, NULL);
    ok(h != NULL, "CreateThread failed");
    if (!h)
        return;
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "the thread did not run to its end");
    ok(GetExitCodeThread(h, &code) && code == 42, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

#define STACK_USE (64 * 1024)

/* Touches 64 KiB of stack in one frame; returns 1 once it has. */
static DWORD WINAPI use_64k_of_stack(LPVOID arg)
{
    volatile char buffer[STACK_USE];
    int i;

    for (i = 0; i < STACK_USE; i += 512)
        buffer[i] = 1;
    return buffer[0] + buffer[STACK_USE - 512] == 2;
}

/* MS docs, Thread Stack Size: dwStackSize is the initial commit, and the
 * reserve stays the program's default (1 MiB), so a thread created with
 * 8 KiB may use 64 KiB. */
static void test_small_stack_size_is_only_the_commit(void)
{
    HANDLE h = CreateThread(NULL, 8192, use_64k_of_stack, NULL, 0, NULL);
    DWORD code = 0;

    ok(h != NULL, "CreateThread failed");
    if (!h)
        return;
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "the thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 1, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

/* Wine's thread.c test_CreateThread_suspended: 1, then 2, then 1, then it runs. */
static void test_create_suspended_runs_only_after_resume(void)
{
    HANDLE h;
    DWORD ret, code = 0;

    reset_seen();
    h = CreateThread(NULL, 0, record_and_return, NULL, CREATE_SUSPENDED, NULL);
    ok(h != NULL, "CreateThread failed");

    SetLastError(0xdeadbeef);
    ret = SuspendThread(h);
    ok(ret == 1, "SuspendThread returned %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "SuspendThread: error %lu", (unsigned long)GetLastError());
    ret = ResumeThread(h);
    ok(ret == 2, "first ResumeThread returned %lu", (unsigned long)ret);

    ok(WaitForSingleObject(h, 30) == WAIT_TIMEOUT, "a suspended thread ended");
    ok(get_long(&seen_ran) == 0, "the routine ran while suspended");
    ok(GetExitCodeThread(h, &code) && code == STILL_ACTIVE, "exit code %lu",
       (unsigned long)code);

    SetLastError(0xdeadbeef);
    ret = ResumeThread(h);
    ok(ret == 1, "second ResumeThread returned %lu", (unsigned long)ret);
    ok(GetLastError() == 0xdeadbeef, "ResumeThread: error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "the resumed thread did not end");
    ok(get_long(&seen_ran) == 1, "the routine did not run");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_resume_and_suspend_ended_thread(void)
{
    HANDLE h = CreateThread(NULL, 0, record_and_return, NULL, 0, NULL);
    DWORD ret, error;

    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");

    /* Wine's thread.c test_CreateThread_suspended: 0 for a thread that has ended. */
    ret = ResumeThread(h);
    ok(ret == 0, "ResumeThread returned %lu", (unsigned long)ret);

    /* Wine's thread.c test_SuspendThread: (DWORD)-1, and ERROR_ACCESS_DENIED or, on
     * some versions, ERROR_NO_MORE_ITEMS. */
    SetLastError(0xdeadbeef);
    ret = SuspendThread(h);
    error = GetLastError();
    ok(ret == (DWORD)-1, "SuspendThread returned %lu", (unsigned long)ret);
    ok(error == ERROR_ACCESS_DENIED || error == ERROR_NO_MORE_ITEMS, "error %lu",
       (unsigned long)error);
    ok(CloseHandle(h), "CloseHandle failed");
}

/* Windows suspends any thread and returns the previous count (0 here). */
static void test_suspend_running_thread_returns_previous_count(void)
{
    struct blocked b;
    HANDLE h;
    DWORD ret, code = 0;

    b.started = new_event(TRUE, FALSE);
    b.release = new_event(TRUE, FALSE);
    h = CreateThread(NULL, 0, signal_then_block, &b, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    /* Suspend it only once it runs its own code, not inside thread start-up. */
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "thread did not start");
    SetLastError(0xdeadbeef);
    ret = SuspendThread(h);
    ok(ret == 0, "SuspendThread returned %lu", (unsigned long)ret);
    ok(SetEvent(b.release), "SetEvent failed");
    if (ret != (DWORD)-1) {
        ok(WaitForSingleObject(h, 30) == WAIT_TIMEOUT, "a suspended thread ended");
        ret = ResumeThread(h);
        ok(ret == 1, "ResumeThread returned %lu", (unsigned long)ret);
    }
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 3, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
    ok(CloseHandle(b.started) && CloseHandle(b.release), "CloseHandle failed");
}

static LONG volatile spin_count;
static LONG volatile spin_stop;

static DWORD WINAPI spin(LPVOID arg)
{
    (void)arg;
    while (!InterlockedCompareExchange(&spin_stop, 0, 0))
        InterlockedIncrement(&spin_count);
    return 5;
}

/* A suspended thread really stops, counts nest, and it runs on once resumed. */
static void test_suspended_running_thread_stops_until_resumed(void)
{
    HANDLE h;
    LONG before;
    DWORD code = 0;

    spin_count = 0;
    spin_stop = 0;
    h = CreateThread(NULL, 0, spin, NULL, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    while (InterlockedCompareExchange(&spin_count, 0, 0) < 1000)
        Sleep(1);
    ok(SuspendThread(h) == 0, "first SuspendThread");
    ok(SuspendThread(h) == 1, "second SuspendThread");
    /* SuspendThread is asynchronous on Windows: GetThreadContext waits for the stop. */
    Sleep(20);
    before = InterlockedCompareExchange(&spin_count, 0, 0);
    Sleep(50);
    ok(InterlockedCompareExchange(&spin_count, 0, 0) == before, "the thread ran while suspended");
    ok(ResumeThread(h) == 2, "first ResumeThread");
    Sleep(20);
    ok(InterlockedCompareExchange(&spin_count, 0, 0) == before, "it runs at count 1");
    ok(ResumeThread(h) == 1, "second ResumeThread");
    while (InterlockedCompareExchange(&spin_count, 0, 0) == before)
        Sleep(1);
    ok(ResumeThread(h) == 0, "ResumeThread of a running thread");
    InterlockedExchange(&spin_stop, 1);
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 5, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

static DWORD WINAPI suspend_self(LPVOID arg)
{
    LONG volatile *stage = arg;

    InterlockedExchange(stage, 1);
    if (SuspendThread(GetCurrentThread()) != 0)
        return 1;
    InterlockedExchange(stage, 2);
    return 0;
}

/* A thread that suspends itself waits in SuspendThread until another resumes it. */
static void test_thread_suspends_itself(void)
{
    LONG volatile stage = 0;
    HANDLE h = CreateThread(NULL, 0, suspend_self, (LPVOID)&stage, 0, NULL);
    DWORD code = 99, ret;

    while (InterlockedCompareExchange(&stage, 0, 0) == 0)
        Sleep(1);
    ok(WaitForSingleObject(h, 50) == WAIT_TIMEOUT, "the thread did not stop");
    ok(InterlockedCompareExchange(&stage, 0, 0) == 1, "it went on while suspended");
    /* Until it has suspended itself the count is 0; wait for 1. */
    while ((ret = ResumeThread(h)) == 0)
        Sleep(1);
    ok(ret == 1, "ResumeThread returned %lu", (unsigned long)ret);
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 0, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_exit_code_is_still_active_then_return_value(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    HANDLE h = CreateThread(NULL, 0, wait_for_event, ev, 0, NULL);
    DWORD code = 0;

    ok(h != NULL, "CreateThread failed");
    SetLastError(0xdeadbeef);
    ok(GetExitCodeThread(h, &code), "GetExitCodeThread failed");
    ok(code == STILL_ACTIVE, "running thread: exit code %lu", (unsigned long)code);
    ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());

    ok(SetEvent(ev), "SetEvent failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    code = 0;
    ok(GetExitCodeThread(h, &code), "GetExitCodeThread failed");
    ok(code == 7, "ended thread: exit code %lu", (unsigned long)code);
    ok(CloseHandle(h) && CloseHandle(ev), "CloseHandle failed");
}

static DWORD WINAPI call_exit_thread(LPVOID arg)
{
    ExitThread((DWORD)(ULONG_PTR)arg);
    return 1;   /* not reached */
}

static void test_exit_thread_sets_exit_code(void)
{
    HANDLE h = CreateThread(NULL, 0, call_exit_thread, (LPVOID)(ULONG_PTR)1234, 0, NULL);
    DWORD code = 0;

    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 1234, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_thread_handle_stays_signalled_and_usable_after_exit(void)
{
    HANDLE h, others[2];
    DWORD id = 0, code = 0, ret;

    h = CreateThread(NULL, 0, record_and_return, NULL, 0, &id);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");

    /* A thread is a manual-reset object: waiting does not consume its end. */
    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "second wait failed");
    ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());
    others[0] = new_event(FALSE, FALSE);
    others[1] = h;
    ret = WaitForMultipleObjects(2, others, FALSE, 0);
    ok(ret == WAIT_OBJECT_0 + 1, "wait-any: got %lu", (unsigned long)ret);
    ok(WaitForSingleObject(h, 0) == WAIT_OBJECT_0, "a wait-any consumed the thread's end");

    ok(GetThreadId(h) == id, "GetThreadId after exit: %lu", (unsigned long)GetThreadId(h));
    ok(GetProcessIdOfThread(h) == GetCurrentProcessId(), "GetProcessIdOfThread after exit");
    ok(GetExitCodeThread(h, &code) && code == 42, "exit code %lu", (unsigned long)code);

    ok(CloseHandle(others[0]), "CloseHandle failed");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_pseudo_handle_values(void)
{
    ok(GetCurrentThread() == (HANDLE)(LONG_PTR)-2, "GetCurrentThread() is %p",
       GetCurrentThread());
    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess() is %p",
       GetCurrentProcess());
    ok(GetCurrentThread() != GetCurrentProcess(), "the pseudo-handles are equal");
}

static void test_current_thread_id(void)
{
    DWORD id = GetCurrentThreadId();
    DWORD other = 0;
    HANDLE h;

    ok(id != 0, "GetCurrentThreadId is 0");
    ok(GetCurrentThreadId() == id, "GetCurrentThreadId changed");
    SetLastError(0xdeadbeef);
    ok(GetThreadId(GetCurrentThread()) == id, "GetThreadId(GetCurrentThread()) is %lu, not %lu",
       (unsigned long)GetThreadId(GetCurrentThread()), (unsigned long)id);
    ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());

    h = CreateThread(NULL, 0, record_and_return, NULL, 0, &other);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(other != 0 && other != id, "the new thread's id %lu is the caller's",
       (unsigned long)other);
    ok(CloseHandle(h), "CloseHandle failed");
}

/* A handle of another type: NtQueryInformationThread and friends give
 * STATUS_OBJECT_TYPE_MISMATCH, which kernel32 maps to ERROR_INVALID_HANDLE. */
static void test_thread_functions_reject_an_event(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    DWORD ret, code = 12345;

    SetLastError(0xdeadbeef);
    ret = GetThreadId(ev);
    ok(ret == 0, "GetThreadId returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "GetThreadId: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ok(!GetExitCodeThread(ev, &code), "GetExitCodeThread succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "GetExitCodeThread: error %lu",
       (unsigned long)GetLastError());
    ok(code == 12345, "GetExitCodeThread wrote %lu", (unsigned long)code);

    SetLastError(0xdeadbeef);
    ret = ResumeThread(ev);
    ok(ret == (DWORD)-1, "ResumeThread returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "ResumeThread: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = SuspendThread(ev);
    ok(ret == (DWORD)-1, "SuspendThread returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "SuspendThread: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = GetProcessIdOfThread(ev);
    ok(ret == 0, "GetProcessIdOfThread returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "GetProcessIdOfThread: error %lu",
       (unsigned long)GetLastError());

    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "the event became signalled");
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* Wine's thread.c test_GetThreadExitCode: a handle that was never issued. */
static void test_thread_functions_reject_invalid_handles(void)
{
    HANDLE closed = new_event(TRUE, FALSE);
    DWORD ret, code;

    ok(CloseHandle(closed), "CloseHandle failed");

    SetLastError(0xdeadbeef);
    ok(!GetExitCodeThread((HANDLE)(ULONG_PTR)0x2bad2bad, &code), "GetExitCodeThread succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "never issued: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ok(!GetExitCodeThread(NULL, &code), "GetExitCodeThread(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu", (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = GetThreadId(closed);
    ok(ret == 0, "GetThreadId(closed) returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "closed: error %lu",
       (unsigned long)GetLastError());

    SetLastError(0xdeadbeef);
    ret = ResumeThread(NULL);
    ok(ret == (DWORD)-1, "ResumeThread(NULL) returned %lu", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "ResumeThread(NULL): error %lu",
       (unsigned long)GetLastError());
}

static void test_get_process_id_of_thread(void)
{
    HANDLE h;
    DWORD ret;

    SetLastError(0xdeadbeef);
    ret = GetProcessIdOfThread(GetCurrentThread());
    ok(ret == GetCurrentProcessId(), "pseudo-handle: %lu, process %lu", (unsigned long)ret,
       (unsigned long)GetCurrentProcessId());
    ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());

    h = CreateThread(NULL, 0, record_and_return, NULL, CREATE_SUSPENDED, NULL);
    ok(h != NULL, "CreateThread failed");
    ret = GetProcessIdOfThread(h);
    ok(ret == GetCurrentProcessId(), "new thread: %lu, process %lu", (unsigned long)ret,
       (unsigned long)GetCurrentProcessId());
    ok(ResumeThread(h) == 1, "ResumeThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_open_thread_by_id(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    HANDLE h, opened, self;
    DWORD id = 0, code = 0;

    /* The caller's own id. */
    SetLastError(0xdeadbeef);
    self = OpenThread(THREAD_ALL_ACCESS, FALSE, GetCurrentThreadId());
    ok(self != NULL, "OpenThread(own id) failed");
    if (self) {
        ok(GetLastError() == 0xdeadbeef, "error %lu", (unsigned long)GetLastError());
        ok(self != GetCurrentThread(), "OpenThread returned the pseudo-handle");
        ok(GetThreadId(self) == GetCurrentThreadId(), "own id: another thread");
        ok(same_thread(self, GetCurrentThread()), "own id: not the same object");
        ok(WaitForSingleObject(self, 0) == WAIT_TIMEOUT, "the running caller is signalled");
        ok(CloseHandle(self), "CloseHandle failed");
    }

    /* Another thread's id gives the object behind the creating handle. */
    h = CreateThread(NULL, 0, wait_for_event, ev, 0, &id);
    ok(h != NULL, "CreateThread failed");
    opened = OpenThread(SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, id);
    ok(opened != NULL, "OpenThread(other id) failed");
    if (opened) {
        ok(opened != h, "OpenThread returned the creating handle");
        ok(same_thread(opened, h), "other id: not the same object");
        ok(GetThreadId(opened) == id, "other id: GetThreadId %lu",
           (unsigned long)GetThreadId(opened));
        ok(WaitForSingleObject(opened, 0) == WAIT_TIMEOUT, "running thread is signalled");
    }
    ok(SetEvent(ev), "SetEvent failed");
    if (opened) {
        ok(WaitForSingleObject(opened, 5000) == WAIT_OBJECT_0, "opened handle not signalled");
        ok(GetExitCodeThread(opened, &code) && code == 7, "exit code %lu",
           (unsigned long)code);
        ok(CloseHandle(opened), "CloseHandle failed");
    }
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(CloseHandle(h) && CloseHandle(ev), "CloseHandle failed");
}

static void test_open_thread_unknown_id_fails(void)
{
    HANDLE h;

    /* Thread ids are multiples of 4; no thread has this one. */
    SetLastError(0xdeadbeef);
    h = OpenThread(THREAD_ALL_ACCESS, FALSE, 0xfffffff0);
    ok(h == NULL, "OpenThread of an unknown id succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    if (h)
        CloseHandle(h);
}

/* A thread object outlives the thread while a handle to it is open, and its id
 * keeps naming it until then. */
static void test_open_thread_finds_ended_thread_while_a_handle_is_open(void)
{
    HANDLE h, opened;
    DWORD id = 0, code = 0;

    h = CreateThread(NULL, 0, call_exit_thread, (LPVOID)(ULONG_PTR)55, 0, &id);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");

    SetLastError(0xdeadbeef);
    opened = OpenThread(THREAD_QUERY_INFORMATION | SYNCHRONIZE, FALSE, id);
    ok(opened != NULL, "OpenThread of an ended thread failed");
    if (opened) {
        ok(same_thread(opened, h), "not the same object");
        ok(WaitForSingleObject(opened, 0) == WAIT_OBJECT_0, "opened handle not signalled");
        ok(GetExitCodeThread(opened, &code) && code == 55, "exit code %lu",
           (unsigned long)code);
        ok(CloseHandle(opened), "CloseHandle failed");
    }
    ok(CloseHandle(h), "CloseHandle failed");
}

static LONG apc_calls;
static PVOID apc_data;

static void CALLBACK count_apc(ULONG_PTR data)
{
    InterlockedExchangePointer(&apc_data, (PVOID)data);
    InterlockedIncrement(&apc_calls);
}

/* MS docs, QueueUserAPC and SleepEx: the APC runs in the thread's next alertable
 * wait, which then returns WAIT_IO_COMPLETION. */
static void test_queue_user_apc_runs_in_alertable_sleep(void)
{
    DWORD queued, ret;

    InterlockedExchange(&apc_calls, 0);
    SetLastError(0xdeadbeef);
    queued = QueueUserAPC(count_apc, GetCurrentThread(), 0x1234);
    ok(queued != 0, "QueueUserAPC failed");
    ok(get_long(&apc_calls) == 0, "the APC ran before an alertable wait");

    ret = SleepEx(0, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu", (unsigned long)ret);
    ok(get_long(&apc_calls) == 1, "the APC ran %ld times", (long)get_long(&apc_calls));
    ok((ULONG_PTR)InterlockedCompareExchangePointer(&apc_data, NULL, NULL) == 0x1234,
       "the APC got other data");

    /* Nothing is queued any more: the next alertable sleep ends normally. */
    ret = SleepEx(0, TRUE);
    ok(ret == 0, "second SleepEx returned %lu", (unsigned long)ret);
}

static DWORD WINAPI alertable_wait(LPVOID arg)
{
    struct blocked *b = arg;

    SetEvent(b->started);
    return WaitForSingleObjectEx(b->release, 5000, TRUE);
}

static void test_queue_user_apc_interrupts_another_threads_alertable_wait(void)
{
    struct blocked b;
    HANDLE h;
    DWORD queued, code = 0;

    b.started = new_event(TRUE, FALSE);
    b.release = new_event(TRUE, FALSE);
    h = CreateThread(NULL, 0, alertable_wait, &b, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    /* An APC queued before the thread starts would run at its start (MS docs,
     * QueueUserAPC), not in the wait under test. */
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "thread did not start");
    InterlockedExchange(&apc_calls, 0);
    queued = QueueUserAPC(count_apc, h, 7);
    ok(queued != 0, "QueueUserAPC failed");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code), "GetExitCodeThread failed");
    ok(code == WAIT_IO_COMPLETION, "the alertable wait returned %lu", (unsigned long)code);
    ok(get_long(&apc_calls) == 1, "the APC ran %ld times", (long)get_long(&apc_calls));
    ok(CloseHandle(h), "CloseHandle failed");
    ok(CloseHandle(b.started) && CloseHandle(b.release), "CloseHandle failed");
}

static void test_queue_user_apc_rejects_an_event(void)
{
    HANDLE ev = new_event(TRUE, FALSE);
    DWORD queued;

    SetLastError(0xdeadbeef);
    queued = QueueUserAPC(count_apc, ev, 0);
    ok(queued == 0, "QueueUserAPC on an event succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* Objects come first: a signalled object satisfies an alertable wait and leaves
 * a queued APC queued (checked under Wine); an alertable wait with nothing
 * signalled runs it. A thread that has ended cannot take APCs (ERROR_GEN_FAILURE). */
static void test_alertable_wait_prefers_a_signalled_object(void)
{
    HANDLE ev = new_event(TRUE, TRUE), h;
    DWORD ret;

    InterlockedExchange(&apc_calls, 0);
    ok(QueueUserAPC(count_apc, GetCurrentThread(), 1) != 0, "QueueUserAPC failed");
    ret = WaitForSingleObjectEx(ev, 0, TRUE);
    ok(ret == WAIT_OBJECT_0, "wait on a set event returned %lu", (unsigned long)ret);
    ret = WaitForMultipleObjectsEx(1, &ev, FALSE, 0, TRUE);
    ok(ret == WAIT_OBJECT_0, "multiple wait on a set event returned %lu", (unsigned long)ret);
    ok(get_long(&apc_calls) == 0, "the APC ran in a satisfied wait");
    ok(ResetEvent(ev), "ResetEvent failed");
    ret = WaitForSingleObjectEx(ev, 1000, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "alertable wait returned %lu", (unsigned long)ret);
    ok(get_long(&apc_calls) == 1, "the APC ran %ld times", (long)get_long(&apc_calls));

    h = CreateThread(NULL, 0, call_exit_thread, (LPVOID)3, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    SetLastError(0xdeadbeef);
    ok(QueueUserAPC(count_apc, h, 2) == 0, "QueueUserAPC to an ended thread succeeded");
    ok(GetLastError() == ERROR_GEN_FAILURE, "ended thread: error %lu",
       (unsigned long)GetLastError());
    ok(CloseHandle(h), "CloseHandle failed");
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* TerminateThread (MS docs; Wine's thread.c test_TerminateThread): the
 * thread ends with the code given, its handle is signalled, and its handle
 * stays valid. */
static void test_terminate_thread_sets_exit_code(void)
{
    struct blocked b;
    HANDLE h;
    DWORD code = 0;

    b.started = new_event(TRUE, FALSE);
    b.release = new_event(TRUE, FALSE);
    h = CreateThread(NULL, 0, signal_then_block, &b, 0, NULL);
    ok(h != NULL, "CreateThread failed");
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "thread did not start");

    SetLastError(0xdeadbeef);
    ok(TerminateThread(h, 77), "TerminateThread failed");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code), "GetExitCodeThread failed");
    ok(code == 77, "exit code %lu", (unsigned long)code);
    /* An ended thread: TerminateThread succeeds (Wine then changes the code). */
    ok(TerminateThread(h, 78), "TerminateThread of an ended thread failed");

    ok(CloseHandle(h), "CloseHandle failed");
    ok(CloseHandle(b.started) && CloseHandle(b.release), "CloseHandle failed");
}

static void test_terminate_thread_rejects_an_event(void)
{
    HANDLE ev = new_event(TRUE, FALSE);

    SetLastError(0xdeadbeef);
    ok(!TerminateThread(ev, 1), "TerminateThread on an event succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "the event became signalled");
    ok(CloseHandle(ev), "CloseHandle failed");
}

static void test_terminate_thread_rejects_bad_handles(void)
{
    HANDLE bad[] = { NULL, INVALID_HANDLE_VALUE, (HANDLE)(ULONG_PTR)0x1234, GetCurrentProcess() };
    int i;

    for (i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        ok(!TerminateThread(bad[i], 1), "TerminateThread(%p) succeeded", bad[i]);
        ok(GetLastError() == ERROR_INVALID_HANDLE, "TerminateThread(%p): error %lu", bad[i],
           (unsigned long)GetLastError());
    }
}

static void test_terminate_thread_needs_terminate_access(void)
{
    struct blocked b;
    HANDLE h, limited;
    DWORD id, code = 0;

    b.started = new_event(TRUE, FALSE);
    b.release = new_event(TRUE, FALSE);
    h = CreateThread(NULL, 0, signal_then_block, &b, 0, &id);
    ok(WaitForSingleObject(b.started, 5000) == WAIT_OBJECT_0, "thread did not start");
    limited = OpenThread(THREAD_ALL_ACCESS & ~THREAD_TERMINATE, FALSE, id);
    ok(limited != NULL, "OpenThread failed");
    SetLastError(0xdeadbeef);
    ok(!TerminateThread(limited, 99), "TerminateThread without THREAD_TERMINATE succeeded");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    ok(SetEvent(b.release), "SetEvent failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(limited, &code) && code == 3, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(limited) && CloseHandle(h), "CloseHandle failed");
    ok(CloseHandle(b.started) && CloseHandle(b.release), "CloseHandle failed");
}

/* A mutex the terminated thread owned is abandoned to its next owner. */
struct owner {
    HANDLE mutex, started;
};

static DWORD WINAPI own_and_block(LPVOID arg)
{
    struct owner *o = arg;

    WaitForSingleObject(o->mutex, INFINITE);
    SetEvent(o->started);
    Sleep(INFINITE);
    return 0;
}

static void test_terminate_thread_abandons_its_mutex(void)
{
    struct owner o;
    HANDLE h;

    o.mutex = CreateMutexA(NULL, FALSE, NULL);
    o.started = new_event(TRUE, FALSE);
    h = CreateThread(NULL, 0, own_and_block, &o, 0, NULL);
    ok(WaitForSingleObject(o.started, 5000) == WAIT_OBJECT_0, "thread did not start");
    ok(TerminateThread(h, 5), "TerminateThread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(WaitForSingleObject(o.mutex, 5000) == WAIT_ABANDONED, "the mutex was not abandoned");
    ok(ReleaseMutex(o.mutex), "ReleaseMutex failed");
    ok(CloseHandle(h) && CloseHandle(o.mutex) && CloseHandle(o.started), "CloseHandle failed");
}

static DWORD WINAPI terminate_self(LPVOID arg)
{
    (void)arg;
    TerminateThread(GetCurrentThread(), 44);
    return 5;
}

static DWORD WINAPI return_3(LPVOID arg)
{
    (void)arg;
    return 3;
}

static void test_terminate_thread_self_and_suspended(void)
{
    HANDLE h;
    DWORD code = 0;

    h = CreateThread(NULL, 0, terminate_self, NULL, 0, NULL);
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 44, "self: exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");

    /* Never resumed: it ends without running. */
    h = CreateThread(NULL, 0, return_3, NULL, CREATE_SUSPENDED, NULL);
    ok(TerminateThread(h, 12), "TerminateThread of a suspended thread failed");
    ok(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0, "suspended thread did not end");
    ok(GetExitCodeThread(h, &code) && code == 12, "suspended: exit code %lu",
       (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
}

/* ---- priorities, affinity, descriptions ---- */

/* Wine's thread.c test_thread_priority: -2..2, TIME_CRITICAL and IDLE read
 * back; one step past either end fails with ERROR_INVALID_PARAMETER and
 * leaves the priority as it was. */
static void test_thread_priority_values(void)
{
    HANDLE self = GetCurrentThread();
    int i;

    ok(GetThreadPriority(self) == THREAD_PRIORITY_NORMAL, "priority %d", GetThreadPriority(self));
    for (i = -2; i <= 2; i++) {
        ok(SetThreadPriority(self, i), "SetThreadPriority(%d) failed", i);
        ok(GetThreadPriority(self) == i, "priority %d, set %d", GetThreadPriority(self), i);
    }
    ok(SetThreadPriority(self, THREAD_PRIORITY_TIME_CRITICAL), "TIME_CRITICAL failed");
    ok(GetThreadPriority(self) == THREAD_PRIORITY_TIME_CRITICAL, "priority %d",
       GetThreadPriority(self));
    ok(SetThreadPriority(self, THREAD_PRIORITY_IDLE), "IDLE failed");
    ok(GetThreadPriority(self) == THREAD_PRIORITY_IDLE, "priority %d", GetThreadPriority(self));
    ok(SetThreadPriority(self, -2), "LOWEST failed");
    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(self, -3), "-3 accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ok(GetThreadPriority(self) == -2, "priority %d", GetThreadPriority(self));
    ok(SetThreadPriority(self, 2), "HIGHEST failed");
    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(self, 3), "3 accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ok(GetThreadPriority(self) == 2, "priority %d", GetThreadPriority(self));
    ok(SetThreadPriority(self, THREAD_PRIORITY_NORMAL), "NORMAL failed");
}

/* Without the query and set rights (limited forms included), both fail. */
static void test_thread_priority_needs_rights(void)
{
    DWORD access = THREAD_ALL_ACCESS & ~(THREAD_QUERY_INFORMATION | THREAD_SET_INFORMATION |
                                         THREAD_QUERY_LIMITED_INFORMATION |
                                         THREAD_SET_LIMITED_INFORMATION);
    HANDLE h = OpenThread(access, FALSE, GetCurrentThreadId());

    ok(h != NULL, "OpenThread failed");
    if (!h)
        return;
    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(h, 1), "SetThreadPriority without the right succeeded");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority(h) == THREAD_PRIORITY_ERROR_RETURN, "GetThreadPriority succeeded");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_thread_priority_of_bad_handles(void)
{
    HANDLE ev = new_event(TRUE, FALSE);

    SetLastError(0xdeadbeef);
    ok(!SetThreadPriority(ev, 1), "an event took a priority");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority(NULL) == THREAD_PRIORITY_ERROR_RETURN, "NULL has a priority");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetThreadPriority(GetCurrentProcess()) == THREAD_PRIORITY_ERROR_RETURN,
       "the process pseudo-handle has a priority");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* Wine's test_thread_priority: the boost flag reads back what was set
 * (Wine itself always reports it enabled). */
static void test_thread_priority_boost(void)
{
    BOOL disabled = 7;

    ok(GetThreadPriorityBoost(GetCurrentThread(), &disabled), "GetThreadPriorityBoost failed");
    ok(disabled == FALSE, "boost disabled from the start");
    ok(SetThreadPriorityBoost(GetCurrentThread(), TRUE), "SetThreadPriorityBoost failed");
    ok(GetThreadPriorityBoost(GetCurrentThread(), &disabled), "GetThreadPriorityBoost failed");
    todo_wine_ok(disabled == TRUE, "boost still enabled");
    ok(SetThreadPriorityBoost(GetCurrentThread(), FALSE), "SetThreadPriorityBoost failed");
    ok(GetThreadPriorityBoost(GetCurrentThread(), &disabled), "GetThreadPriorityBoost failed");
    ok(disabled == FALSE, "boost still disabled");
}

/* Wine's test_thread_processor: the process mask is accepted and returned,
 * a CPU outside it is refused, and all bits set (or bits beyond the
 * system's CPUs) mean every CPU of the process. */
static void test_thread_affinity_masks(void)
{
    DWORD_PTR process = 0, system = 0, ret;

    ok(GetProcessAffinityMask(GetCurrentProcess(), &process, &system), "GetProcessAffinityMask failed");
    ok(process != 0 && (process & ~system) == 0, "process %lx system %lx",
       (unsigned long)process, (unsigned long)system);
    ok(SetThreadAffinityMask(GetCurrentThread(), process) == process, "the process mask");
    SetLastError(0xdeadbeef);
    ret = SetThreadAffinityMask(GetCurrentThread(), process + 1);
    ok(ret == 0, "a CPU outside the process: %lx", (unsigned long)ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ret = SetThreadAffinityMask(GetCurrentThread(), ~(DWORD_PTR)0);
    ok(ret == process, "all bits: %lx", (unsigned long)ret);
    ret = SetThreadAffinityMask(GetCurrentThread(), ~(DWORD_PTR)0 >> 3);
    ok(ret == process, "bits beyond the system: %lx", (unsigned long)ret);
    SetLastError(0xdeadbeef);
    ok(SetThreadAffinityMask(GetCurrentThread(), 0) == 0, "an empty mask was taken");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ok(SetThreadAffinityMask(GetCurrentThread(), process) == process, "restoring");
}

typedef HRESULT (WINAPI *set_description_fn)(HANDLE, PCWSTR);
typedef HRESULT (WINAPI *get_description_fn)(HANDLE, PWSTR *);

/* Windows 10's descriptions; mingw-w64's headers do not declare them. */
static void description_functions(set_description_fn *set, get_description_fn *get)
{
#ifdef CONFORMANCE_NATIVE
    HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
    FARPROC s = GetProcAddress(kernel32, "SetThreadDescription");
    FARPROC g = GetProcAddress(kernel32, "GetThreadDescription");

    memcpy(set, &s, sizeof(*set));
    memcpy(get, &g, sizeof(*get));
#else
    *set = SetThreadDescription;
    *get = GetThreadDescription;
#endif
}

static int description_is(get_description_fn get, HANDLE h, const WCHAR *want)
{
    PWSTR got = NULL;
    HRESULT hr = get(h, &got);
    int same = hr == HRESULT_FROM_NT(0) && got && lstrcmpW(got, want) == 0;

    LocalFree(got);
    return same;
}

/* Wine's test_thread_description: empty at first, NULL sets it empty, and
 * success is HRESULT_FROM_NT(STATUS_SUCCESS), which is not S_OK. */
static void test_thread_description(void)
{
    set_description_fn set;
    get_description_fn get;
    HANDLE limited;

    description_functions(&set, &get);
    if (!set || !get) {
        ok(0, "no thread descriptions");
        return;
    }
    ok(description_is(get, GetCurrentThread(), W("")), "not empty at first");
    ok(set(GetCurrentThread(), NULL) == HRESULT_FROM_NT(0), "NULL description");
    ok(set(GetCurrentThread(), W("thread_desc")) == HRESULT_FROM_NT(0), "SetThreadDescription");
    ok(description_is(get, GetCurrentThread(), W("thread_desc")), "description not read back");
    limited = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    ok(description_is(get, limited, W("thread_desc")), "the query-limited right");
    CloseHandle(limited);
    limited = OpenThread(THREAD_SET_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    ok(set(limited, W("desc")) == HRESULT_FROM_NT(0), "the set-limited right");
    ok(description_is(get, GetCurrentThread(), W("desc")), "set through the limited handle");
    CloseHandle(limited);
    ok(set(GetCurrentThread(), NULL) == HRESULT_FROM_NT(0), "clearing");
    ok(description_is(get, GetCurrentThread(), W("")), "not cleared");
}

/* Failures are NT statuses as HRESULTs (MS docs: "HRESULT"). */
static void test_thread_description_errors(void)
{
    set_description_fn set;
    get_description_fn get;
    HANDLE ev = new_event(TRUE, FALSE), query;
    PWSTR got = (PWSTR)1;

    description_functions(&set, &get);
    if (!set || !get) {
        ok(0, "no thread descriptions");
        return;
    }
    ok(set(NULL, W("x")) == HRESULT_FROM_NT(0xC0000008), "NULL handle");
    ok(set(ev, W("x")) == HRESULT_FROM_NT(0xC0000024), "an event");
    ok(get(ev, &got) == HRESULT_FROM_NT(0xC0000024), "an event");
    ok(got == NULL, "output not cleared");
    query = OpenThread(THREAD_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentThreadId());
    ok(set(query, W("x")) == HRESULT_FROM_NT(0xC0000022), "without the set right");
    CloseHandle(query);
    CloseHandle(ev);
}

CONFORMANCE_MAIN(test_create_thread_passes_parameter_and_id,
                 test_create_thread_accepts_null_thread_id,
                 test_create_thread_success_keeps_last_error,
                 test_create_thread_ignores_other_flags,
                 test_small_stack_size_is_only_the_commit,
                 test_create_suspended_runs_only_after_resume,
                 test_resume_and_suspend_ended_thread,
                 test_suspend_running_thread_returns_previous_count,
                 test_suspended_running_thread_stops_until_resumed,
                 test_thread_suspends_itself,
                 test_exit_code_is_still_active_then_return_value,
                 test_exit_thread_sets_exit_code,
                 test_thread_handle_stays_signalled_and_usable_after_exit,
                 test_pseudo_handle_values,
                 test_current_thread_id,
                 test_thread_functions_reject_an_event,
                 test_thread_functions_reject_invalid_handles,
                 test_get_process_id_of_thread,
                 test_open_thread_by_id,
                 test_open_thread_unknown_id_fails,
                 test_open_thread_finds_ended_thread_while_a_handle_is_open,
                 test_queue_user_apc_runs_in_alertable_sleep,
                 test_queue_user_apc_interrupts_another_threads_alertable_wait,
                 test_queue_user_apc_rejects_an_event,
                 test_alertable_wait_prefers_a_signalled_object,
                 test_terminate_thread_sets_exit_code,
                 test_terminate_thread_rejects_an_event,
                 test_terminate_thread_rejects_bad_handles,
                 test_terminate_thread_needs_terminate_access,
                 test_terminate_thread_abandons_its_mutex,
                 test_terminate_thread_self_and_suspended,
                 test_thread_priority_values,
                 test_thread_priority_needs_rights,
                 test_thread_priority_of_bad_handles,
                 test_thread_priority_boost,
                 test_thread_affinity_masks,
                 test_thread_description,
                 test_thread_description_errors)
