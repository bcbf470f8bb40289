/* Threads: CreateThread, exit codes, suspension, ids, thread handles. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <signal.h>
#include "testutil.h"
#include "../lib/thread.h"

#define WAIT_LONG LONG_WAIT     /* ms; only reached when a test fails */
#define UNKNOWN_THREAD_ID 0x7ffffff0

/* Returns its parameter as the exit code. */
static DWORD WINAPI return_param(LPVOID param)
{
    return (DWORD)(uintptr_t)param;
}

/* Counts its runs in *param and returns 7. */
static DWORD WINAPI count_run(LPVOID param)
{
    InterlockedIncrement((LONG volatile *)param);
    return 7;
}

/* The kernel's id of the calling thread, to see when the thread is gone. */
static LONG kernel_tid(void)
{
    return (LONG)syscall(SYS_gettid);
}

struct gate {
    HANDLE started;             /* set by the thread on entry */
    HANDLE release;             /* the thread returns once this is set */
    LONG id;                    /* the thread's GetCurrentThreadId() */
    LONG tid;                   /* its kernel thread id */
    LONG finished;
};

/* Reports its id, signals started, waits for release, returns 1234. */
static DWORD WINAPI gated(LPVOID param)
{
    struct gate *g = param;

    InterlockedExchange(&g->id, (LONG)GetCurrentThreadId());
    InterlockedExchange(&g->tid, kernel_tid());
    SetEvent(g->started);
    WaitForSingleObject(g->release, WAIT_LONG);
    InterlockedExchange(&g->finished, 1);
    return 1234;
}

static void gate_init(struct gate *g)
{
    g->started = CreateEventA(NULL, TRUE, FALSE, NULL);
    g->release = CreateEventA(NULL, TRUE, FALSE, NULL);
    g->id = 0;
    g->tid = 0;
    g->finished = 0;
    ck_assert_ptr_nonnull(g->started);
    ck_assert_ptr_nonnull(g->release);
}

static void gate_free(struct gate *g)
{
    ck_assert(CloseHandle(g->started));
    ck_assert(CloseHandle(g->release));
}

static HANDLE start_gated(struct gate *g, DWORD flags)
{
    HANDLE h = CreateThread(NULL, 0, gated, g, flags, NULL);

    ck_assert_ptr_nonnull(h);
    if (!(flags & CREATE_SUSPENDED))
        ck_assert_uint_eq(WaitForSingleObject(g->started, WAIT_LONG), WAIT_OBJECT_0);
    return h;
}

static void join(HANDLE h)
{
    ck_assert_uint_eq(WaitForSingleObject(h, WAIT_LONG), WAIT_OBJECT_0);
}

/* A thread that has returned, joined; its handle is still open. */
static HANDLE ended_thread(void)
{
    HANDLE h = CreateThread(NULL, 0, return_param, (LPVOID)5, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    return h;
}

/* Waits until the kernel thread tid has ended entirely, not only signalled. */
static void wait_until_gone(LONG tid)
{
    char path[64];

    ck_assert_int_ne(tid, 0);
    snprintf(path, sizeof(path), "/proc/self/task/%ld", (long)tid);
    for (int i = 0; i < WAIT_LONG && access(path, F_OK) == 0; i++)
        Sleep(1);
    ck_assert_int_ne(access(path, F_OK), 0);
}

/* Stores its kernel tid in *param and returns 31. */
static DWORD WINAPI report_tid(LPVOID param)
{
    InterlockedExchange((LONG volatile *)param, kernel_tid());
    return 31;
}

START_TEST(test_create_thread_runs_routine_with_parameter)
{
    LEAK_CHECK_BEGIN();
    LONG runs = 0;
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, count_run, &runs, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 1);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_id_matches_get_thread_id_and_own_id)
{
    LEAK_CHECK_BEGIN();
    struct gate g;
    DWORD id = 0;

    gate_init(&g);
    HANDLE h = CreateThread(NULL, 0, gated, &g, 0, &id);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(g.started, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_uint_ne(id, 0);
    ck_assert_uint_ne(id, GetCurrentThreadId());
    ck_assert_uint_eq(GetThreadId(h), id);
    ck_assert_uint_eq((DWORD)InterlockedCompareExchange(&g.id, 0, 0), id);
    SetEvent(g.release);
    join(h);
    ck_assert_uint_eq(GetThreadId(h), id);
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_ids_are_distinct_multiples_of_four)
{
    LEAK_CHECK_BEGIN();
    DWORD a = 0, b = 0;
    HANDLE ha = CreateThread(NULL, 0, return_param, NULL, 0, &a);
    HANDLE hb = CreateThread(NULL, 0, return_param, NULL, 0, &b);

    ck_assert_ptr_nonnull(ha);
    ck_assert_ptr_nonnull(hb);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_eq(a % 4, 0);
    ck_assert_uint_eq(b % 4, 0);
    ck_assert_uint_eq(GetCurrentThreadId() % 4, 0);
    join(ha);
    join(hb);
    ck_assert(CloseHandle(ha));
    ck_assert(CloseHandle(hb));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_thread_accepts_null_thread_id_pointer)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, return_param, (LPVOID)99, 0, NULL);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_ne(GetThreadId(h), 0);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 99);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_exit_code_is_still_active_while_running_then_return_value)
{
    LEAK_CHECK_BEGIN();
    struct gate g;
    DWORD code = 0;

    gate_init(&g);
    HANDLE h = start_gated(&g, 0);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    SetEvent(g.release);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 1234);
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

static LONG after_exit_thread;

static DWORD WINAPI call_exit_thread(LPVOID param)
{
    ExitThread(42);
    InterlockedExchange(&after_exit_thread, 1);
    return 1;
}

START_TEST(test_exit_thread_sets_exit_code_and_signals_handle)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, call_exit_thread, NULL, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 42);
    ck_assert_int_eq(InterlockedCompareExchange(&after_exit_thread, 0, 0), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_handle_stays_valid_after_thread_is_gone)
{
    LEAK_CHECK_BEGIN();
    LONG tid = 0;
    DWORD id = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, report_tid, &tid, 0, &id);

    ck_assert_ptr_nonnull(h);
    join(h);
    wait_until_gone(tid);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 31);
    ck_assert_uint_eq(GetThreadId(h), id);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_suspended_thread_runs_only_after_resume)
{
    LEAK_CHECK_BEGIN();
    LONG runs = 0;
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, count_run, &runs, CREATE_SUSPENDED, NULL);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, 50), WAIT_TIMEOUT);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 0);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert_uint_eq(ResumeThread(h), 1);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 1);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_suspend_count_of_created_suspended_thread)
{
    LEAK_CHECK_BEGIN();
    LONG runs = 0;
    HANDLE h = CreateThread(NULL, 0, count_run, &runs, CREATE_SUSPENDED, NULL);

    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(SuspendThread(h), 1);
    ck_assert_uint_eq(ResumeThread(h), 2);
    ck_assert_uint_eq(WaitForSingleObject(h, 20), WAIT_TIMEOUT);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 0);
    ck_assert_uint_eq(ResumeThread(h), 1);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_resume_running_thread_returns_zero)
{
    LEAK_CHECK_BEGIN();
    struct gate g;

    gate_init(&g);
    HANDLE h = start_gated(&g, 0);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(ResumeThread(h), 0);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    SetEvent(g.release);
    join(h);
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_resume_ended_thread_returns_zero)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = ended_thread();

    ck_assert_uint_eq(ResumeThread(h), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* A thread suspended in a wait does not return from it, even once it is satisfied. */
static void check_suspend_stops_a_waiting_thread(struct gate *g, HANDLE h)
{
    DWORD code = 0;

    ck_assert_uint_eq(SuspendThread(h), 0);
    ck_assert_uint_eq(SuspendThread(h), 1);
    ck_assert(SetEvent(g->release));
    ck_assert_uint_eq(WaitForSingleObject(h, 50), WAIT_TIMEOUT);
    ck_assert_int_eq(InterlockedCompareExchange(&g->finished, 0, 0), 0);
    ck_assert_uint_eq(ResumeThread(h), 2);
    ck_assert_uint_eq(WaitForSingleObject(h, 20), WAIT_TIMEOUT);
    ck_assert_uint_eq(ResumeThread(h), 1);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&g->finished, 0, 0), 1);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 1234);
}

START_TEST(test_suspend_running_thread_stops_it_until_resumed)
{
    LEAK_CHECK_BEGIN();
    struct gate g;

    gate_init(&g);
    HANDLE h = start_gated(&g, 0);
    check_suspend_stops_a_waiting_thread(&g, h);
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_suspend_resumed_thread_stops_it_until_resumed)
{
    LEAK_CHECK_BEGIN();
    struct gate g;

    gate_init(&g);
    HANDLE h = start_gated(&g, CREATE_SUSPENDED);
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert_uint_eq(WaitForSingleObject(g.started, WAIT_LONG), WAIT_OBJECT_0);
    check_suspend_stops_a_waiting_thread(&g, h);
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

/* Polls a wait for all of many events, which locks each, until told to stop. */
#define HAMMERED 32

struct hammer {
    HANDLE events[HAMMERED];
    LONG rounds;
    LONG stop;
};

static DWORD WINAPI hammer_events(LPVOID param)
{
    struct hammer *h = param;

    while (!InterlockedCompareExchange(&h->stop, 0, 0)) {
        WaitForMultipleObjects(HAMMERED, h->events, TRUE, 0);
        InterlockedIncrement(&h->rounds);
    }
    return 0;
}

/* A thread suspended while it works on objects never holds them up: the
 * suspender uses them at once, and the thread does nothing more. */
START_TEST(test_suspended_thread_never_holds_an_object)
{
    LEAK_CHECK_BEGIN();
    struct hammer h = { .rounds = 0, .stop = 0 };

    for (int i = 0; i < HAMMERED; i++) {
        h.events[i] = CreateEventA(NULL, TRUE, TRUE, NULL);
        ck_assert_ptr_nonnull(h.events[i]);
    }
    HANDLE t = CreateThread(NULL, 0, hammer_events, &h, 0, NULL);
    ck_assert_ptr_nonnull(t);
    for (int i = 0; i < 1000; i++) {
        ck_assert_uint_eq(SuspendThread(t), 0);
        LONG rounds = InterlockedCompareExchange(&h.rounds, 0, 0);
        ck_assert_uint_eq(WaitForMultipleObjects(HAMMERED, h.events, TRUE, 0), WAIT_OBJECT_0);
        ck_assert(SetEvent(h.events[1]));
        ck_assert_int_eq(InterlockedCompareExchange(&h.rounds, 0, 0), rounds);
        ck_assert_uint_eq(ResumeThread(t), 1);
    }
    InterlockedExchange(&h.stop, 1);
    join(t);
    ck_assert(CloseHandle(t));
    for (int i = 0; i < HAMMERED; i++)
        ck_assert(CloseHandle(h.events[i]));
    LEAK_CHECK_END();
}
END_TEST

/* The handler is installed on a real-time signal left at its default action,
 * and the program's own handlers stay as they were. */
static void on_program_signal(int sig)
{
    (void)sig;
}

START_TEST(test_suspend_leaves_the_programs_signal_handlers_alone)
{
    struct sigaction mine = { .sa_handler = on_program_signal }, seen;
    struct gate g;

    sigemptyset(&mine.sa_mask);
    ck_assert_int_eq(sigaction(SIGRTMAX, &mine, NULL), 0);
    gate_init(&g);
    HANDLE h = start_gated(&g, 0);
    check_suspend_stops_a_waiting_thread(&g, h);
    ck_assert_int_eq(sigaction(SIGRTMAX, NULL, &seen), 0);
    ck_assert_ptr_eq((void *)seen.sa_handler, (void *)on_program_signal);
    ck_assert(CloseHandle(h));
    gate_free(&g);
}
END_TEST

START_TEST(test_suspend_ended_thread_fails)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = ended_thread();

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(SuspendThread(h), (DWORD)-1);
    ck_assert(GetLastError() == ERROR_ACCESS_DENIED || GetLastError() == ERROR_NO_MORE_ITEMS);
    ck_assert_uint_eq(ResumeThread(h), 0);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_thread_without_start_routine_fails)
{
    LEAK_CHECK_BEGIN();
    DWORD id = 0xdeadbeef;

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateThread(NULL, 0, NULL, NULL, 0, &id));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(id, 0xdeadbeef);
    LEAK_CHECK_END();
}
END_TEST

/* Windows (kernelbase, as Wine runs it) acts on CREATE_SUSPENDED and
 * STACK_SIZE_PARAM_IS_A_RESERVATION and ignores every other bit. */
START_TEST(test_create_thread_ignores_unknown_flag_bits)
{
    LEAK_CHECK_BEGIN();
    LONG runs = 0;
    DWORD code = 0;

    SetLastError(0xdeadbeef);
    HANDLE h = CreateThread(NULL, 0, count_run, &runs, 0x00000002, NULL);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 1);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_thread_accepts_stack_reservation_flag)
{
    LEAK_CHECK_BEGIN();
    LONG runs = 0;
    HANDLE h = CreateThread(NULL, 1 << 20, count_run, &runs,
                            STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert_int_eq(InterlockedCompareExchange(&runs, 0, 0), 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_thread_success_keeps_last_error)
{
    LEAK_CHECK_BEGIN();
    DWORD id = 0;

    SetLastError(0xfaceabad);
    HANDLE h = CreateThread(NULL, 0, return_param, NULL, 0, &id);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), 0xfaceabad);
    join(h);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pseudo_handles_have_fixed_values)
{
    ck_assert_ptr_eq(GetCurrentThread(), (HANDLE)(LONG_PTR)-2);
    ck_assert_ptr_eq(GetCurrentProcess(), (HANDLE)(LONG_PTR)-1);
}
END_TEST

START_TEST(test_get_thread_id_of_current_thread_pseudo_handle)
{
    LEAK_CHECK_BEGIN();
    ck_assert_uint_ne(GetCurrentThreadId(), 0);
    ck_assert_uint_eq(GetThreadId(GetCurrentThread()), GetCurrentThreadId());
    ck_assert_uint_eq(GetCurrentThreadId(), GetCurrentThreadId());
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI pseudo_handle_id(LPVOID param)
{
    return GetThreadId(GetCurrentThread()) == GetCurrentThreadId() ? 1 : 0;
}

START_TEST(test_pseudo_handle_names_the_calling_thread)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 0, pseudo_handle_id, NULL, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_exit_code_of_current_thread_is_still_active)
{
    DWORD code = 0;

    ck_assert(GetExitCodeThread(GetCurrentThread(), &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
}
END_TEST

/* Every thread query on h fails with ERROR_INVALID_HANDLE. */
static void assert_thread_calls_reject(HANDLE h)
{
    DWORD code = 0xdeadbeef;

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetThreadId(h), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetExitCodeThread(h, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(code, 0xdeadbeef);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(ResumeThread(h), (DWORD)-1);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(SuspendThread(h), (DWORD)-1);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetProcessIdOfThread(h), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
}

START_TEST(test_thread_calls_reject_event_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert_ptr_nonnull(event);
    assert_thread_calls_reject(event);
    ck_assert_uint_eq(WaitForSingleObject(event, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(event));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_calls_reject_process_pseudo_handle)
{
    LEAK_CHECK_BEGIN();
    assert_thread_calls_reject(GetCurrentProcess());
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_calls_reject_null_handle)
{
    LEAK_CHECK_BEGIN();
    assert_thread_calls_reject(NULL);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_thread_calls_reject_closed_thread_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = ended_thread();

    ck_assert(CloseHandle(h));
    assert_thread_calls_reject(h);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_exit_code_thread_null_pointer_is_noaccess)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = ended_thread();

    SetLastError(0xdeadbeef);
    ck_assert(!GetExitCodeThread(h, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* MS docs: THREAD_QUERY_INFORMATION implies THREAD_QUERY_LIMITED_INFORMATION. */
START_TEST(test_query_information_right_allows_limited_queries)
{
    LEAK_CHECK_BEGIN();
    DWORD id = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, return_param, (LPVOID)3, 0, &id);
    HANDLE query = NULL;

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &query,
                              THREAD_QUERY_INFORMATION, FALSE, 0));
    ck_assert(GetExitCodeThread(query, &code));
    ck_assert_uint_eq(code, 3);
    ck_assert_uint_eq(GetThreadId(query), id);
    ck_assert_uint_eq(GetProcessIdOfThread(query), GetCurrentProcessId());
    ck_assert(CloseHandle(query));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_exit_code_needs_a_query_right)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0xdeadbeef;
    HANDLE h = ended_thread();
    HANDLE sync = NULL;

    ck_assert(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &sync,
                              SYNCHRONIZE, FALSE, 0));
    ck_assert_uint_eq(WaitForSingleObject(sync, 0), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert(!GetExitCodeThread(sync, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(code, 0xdeadbeef);
    ck_assert(CloseHandle(sync));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_process_id_of_thread_is_this_process)
{
    LEAK_CHECK_BEGIN();
    struct gate g;

    gate_init(&g);
    HANDLE h = start_gated(&g, 0);
    ck_assert_uint_eq(GetProcessIdOfThread(h), GetCurrentProcessId());
    ck_assert_uint_eq(GetProcessIdOfThread(GetCurrentThread()), GetCurrentProcessId());
    SetEvent(g.release);
    join(h);
    ck_assert_uint_eq(GetProcessIdOfThread(h), GetCurrentProcessId());
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_thread_by_id_gives_same_object)
{
    LEAK_CHECK_BEGIN();
    struct gate g;
    DWORD id = 0, code = 0;

    gate_init(&g);
    HANDLE h = CreateThread(NULL, 0, gated, &g, 0, &id);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(g.started, WAIT_LONG), WAIT_OBJECT_0);
    HANDLE opened = OpenThread(THREAD_ALL_ACCESS, FALSE, id);
    ck_assert_ptr_nonnull(opened);
    ck_assert_ptr_ne(opened, h);
    ck_assert(CompareObjectHandles(h, opened));
    ck_assert_uint_eq(GetThreadId(opened), id);
    SetEvent(g.release);
    ck_assert_uint_eq(WaitForSingleObject(opened, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(opened, &code));
    ck_assert_uint_eq(code, 1234);
    ck_assert(CloseHandle(opened));
    ck_assert(CloseHandle(h));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

/* The id is valid as soon as CreateThread returns, before the thread runs. */
START_TEST(test_open_thread_of_suspended_thread_before_it_runs)
{
    LEAK_CHECK_BEGIN();
    LONG volatile runs = 0;
    DWORD id = 0, code = 0;

    HANDLE h = CreateThread(NULL, 0, count_run, (LPVOID)&runs, CREATE_SUSPENDED, &id);
    ck_assert_ptr_nonnull(h);
    HANDLE opened = OpenThread(THREAD_ALL_ACCESS, FALSE, id);
    ck_assert_ptr_nonnull(opened);
    ck_assert(CompareObjectHandles(h, opened));
    ck_assert_int_eq(runs, 0);
    ck_assert_uint_eq(ResumeThread(opened), 1);
    ck_assert_uint_eq(WaitForSingleObject(h, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(opened, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert_int_eq(runs, 1);
    ck_assert(CloseHandle(opened));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_thread_of_current_thread)
{
    LEAK_CHECK_BEGIN();
    HANDLE opened = OpenThread(THREAD_QUERY_INFORMATION, FALSE, GetCurrentThreadId());

    ck_assert_ptr_nonnull(opened);
    ck_assert(CompareObjectHandles(opened, GetCurrentThread()));
    ck_assert_uint_eq(GetThreadId(opened), GetCurrentThreadId());
    ck_assert(CloseHandle(opened));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_thread_unknown_id_is_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenThread(THREAD_ALL_ACCESS, FALSE, UNKNOWN_THREAD_ID));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenThread(THREAD_ALL_ACCESS, FALSE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_thread_id_of_gone_thread_is_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    LONG tid = 0;
    DWORD id = 0;
    HANDLE h = CreateThread(NULL, 0, report_tid, &tid, 0, &id);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(CloseHandle(h));
    wait_until_gone(tid);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenThread(THREAD_ALL_ACCESS, FALSE, id));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

/* The id stays valid while a handle keeps the ended thread's object alive. */
START_TEST(test_open_thread_of_ended_thread_with_open_handle)
{
    LEAK_CHECK_BEGIN();
    LONG tid = 0;
    DWORD id = 0, code = 0;
    HANDLE h = CreateThread(NULL, 0, report_tid, &tid, 0, &id);

    ck_assert_ptr_nonnull(h);
    join(h);
    wait_until_gone(tid);
    HANDLE opened = OpenThread(THREAD_QUERY_INFORMATION | SYNCHRONIZE, FALSE, id);
    ck_assert_ptr_nonnull(opened);
    ck_assert(CompareObjectHandles(h, opened));
    ck_assert_uint_eq(WaitForSingleObject(opened, 0), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(opened, &code));
    ck_assert_uint_eq(code, 31);
    ck_assert(CloseHandle(opened));
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* What a thread made by pthread_create sees of itself. */
struct foreign {
    HANDLE self;                /* DuplicateHandle of GetCurrentThread() */
    DWORD id;
    DWORD id_by_handle;
    DWORD id_again;
    DWORD code;
    BOOL got_code;
    HANDLE release;             /* the thread returns once this is set */
    HANDLE ready;               /* set once the fields above are filled */
};

static void *foreign_thread(void *arg)
{
    struct foreign *f = arg;

    f->id = GetCurrentThreadId();
    f->id_by_handle = GetThreadId(GetCurrentThread());
    f->got_code = GetExitCodeThread(GetCurrentThread(), &f->code);
    if (!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                         &f->self, 0, FALSE, DUPLICATE_SAME_ACCESS))
        f->self = NULL;
    f->id_again = GetCurrentThreadId();
    SetEvent(f->ready);
    WaitForSingleObject(f->release, WAIT_LONG);
    return NULL;
}

START_TEST(test_pthread_thread_works_with_thread_calls)
{
    LEAK_CHECK_BEGIN();
    struct foreign f = {0};
    pthread_t tid;
    DWORD code = 0xdeadbeef;

    f.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    f.release = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_int_eq(pthread_create(&tid, NULL, foreign_thread, &f), 0);
    ck_assert_uint_eq(WaitForSingleObject(f.ready, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_uint_ne(f.id, 0);
    ck_assert_uint_ne(f.id, GetCurrentThreadId());
    ck_assert_uint_eq(f.id_by_handle, f.id);
    ck_assert_uint_eq(f.id_again, f.id);
    ck_assert(f.got_code);
    ck_assert_uint_eq(f.code, STILL_ACTIVE);
    ck_assert_ptr_nonnull(f.self);
    ck_assert_uint_eq(GetThreadId(f.self), f.id);

    HANDLE opened = OpenThread(SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, f.id);
    ck_assert_ptr_nonnull(opened);
    ck_assert(CompareObjectHandles(opened, f.self));
    ck_assert_uint_eq(WaitForSingleObject(f.self, 0), WAIT_TIMEOUT);
    ck_assert(GetExitCodeThread(f.self, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);

    SetEvent(f.release);
    ck_assert_int_eq(pthread_join(tid, NULL), 0);
    ck_assert_uint_eq(WaitForSingleObject(f.self, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(opened, 0), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(f.self, &code));
    ck_assert_uint_eq(code, 0);
    ck_assert(CloseHandle(opened));
    ck_assert(CloseHandle(f.self));
    ck_assert(CloseHandle(f.ready));
    ck_assert(CloseHandle(f.release));
    LEAK_CHECK_END();
}
END_TEST

/* A pthread that asks for its id and calls nothing else of the library. */
struct id_only {
    pthread_barrier_t barrier;
    DWORD id;
};

static void *report_id_only(void *arg)
{
    struct id_only *p = arg;

    p->id = GetCurrentThreadId();
    pthread_barrier_wait(&p->barrier);      /* id published */
    pthread_barrier_wait(&p->barrier);      /* OpenThread done */
    return NULL;
}

START_TEST(test_open_thread_of_pthread_that_only_took_its_id)
{
    LEAK_CHECK_BEGIN();
    struct id_only p;
    pthread_t tid;

    ck_assert_int_eq(pthread_barrier_init(&p.barrier, NULL, 2), 0);
    ck_assert_int_eq(pthread_create(&tid, NULL, report_id_only, &p), 0);
    pthread_barrier_wait(&p.barrier);
    HANDLE opened = OpenThread(THREAD_QUERY_INFORMATION | SYNCHRONIZE, FALSE, p.id);
    pthread_barrier_wait(&p.barrier);
    ck_assert_int_eq(pthread_join(tid, NULL), 0);
    pthread_barrier_destroy(&p.barrier);
    ck_assert_ptr_nonnull(opened);
    ck_assert_uint_eq(GetThreadId(opened), p.id);
    ck_assert_uint_eq(WaitForSingleObject(opened, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert(CloseHandle(opened));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pthread_handle_can_be_waited_on_while_it_ends)
{
    LEAK_CHECK_BEGIN();
    struct foreign f = {0};
    pthread_t tid;

    f.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    f.release = CreateEventA(NULL, TRUE, FALSE, NULL);
    ck_assert_int_eq(pthread_create(&tid, NULL, foreign_thread, &f), 0);
    ck_assert_uint_eq(WaitForSingleObject(f.ready, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_ptr_nonnull(f.self);
    SetEvent(f.release);
    ck_assert_uint_eq(WaitForSingleObject(f.self, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_int_eq(pthread_join(tid, NULL), 0);
    ck_assert(CloseHandle(f.self));
    ck_assert(CloseHandle(f.ready));
    ck_assert(CloseHandle(f.release));
    LEAK_CHECK_END();
}
END_TEST

/* The stack size the thread really got, in bytes; 0 if unknown. */
static SIZE_T own_stack_size(void)
{
    pthread_attr_t attr;
    size_t size = 0;

    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
}

/* Touches 2 KiB of stack and reports that it ran. */
static DWORD WINAPI small_stack_user(LPVOID param)
{
    volatile char buffer[2048];

    memset((char *)buffer, 1, sizeof(buffer));
    return buffer[100] + buffer[2000];
}

START_TEST(test_small_stack_thread_runs)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, 4096, small_stack_user, NULL, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_eq(code, 2);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

#define STACK_USE ((size_t)64 << 10)

/* Uses 64 KiB of stack in one frame; returns 1 once it has touched all of it. */
static DWORD WINAPI stack_64k_user(LPVOID param)
{
    volatile char buffer[STACK_USE];

    for (size_t i = 0; i < STACK_USE; i += 512)
        buffer[i] = 1;
    return buffer[0] + buffer[STACK_USE - 512] == 2;
}

/* dwStackSize is the initial commit: the reserve stays 1 MiB, so 64 KiB is fine. */
START_TEST(test_small_stack_size_is_a_commit_not_a_limit)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateThread(NULL, 8192, stack_64k_user, NULL, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert_uint_eq(exit_code(h), 1);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* Returns the stack size the thread got, in KiB. */
static DWORD WINAPI report_stack_kib(LPVOID param)
{
    return (DWORD)(own_stack_size() >> 10);
}

static DWORD stack_kib_of(SIZE_T size, DWORD flags)
{
    HANDLE h = CreateThread(NULL, size, report_stack_kib, NULL, flags, NULL);
    DWORD kib;

    ck_assert_ptr_nonnull(h);
    join(h);
    kib = exit_code(h);
    ck_assert(CloseHandle(h));
    return kib;
}

/* Windows' sizes: a 1 MiB reserve by default and for small commits, larger
 * commits rounded up to whole MiB, reservations to 64 KiB. */
START_TEST(test_stack_reserve_follows_windows_rules)
{
    static const struct { SIZE_T size; DWORD flags; SIZE_T reserve; } cases[] = {
        { 0, 0, 1 << 20 },
        { 8192, 0, 1 << 20 },
        { 1 << 20, 0, 1 << 20 },
        { (3 << 20) + 1, 0, 4 << 20 },
        { 256 << 10, STACK_SIZE_PARAM_IS_A_RESERVATION, 256 << 10 },
        { 100000, STACK_SIZE_PARAM_IS_A_RESERVATION, 128 << 10 },
        { 4 << 20, STACK_SIZE_PARAM_IS_A_RESERVATION, 4 << 20 },
        { 0, STACK_SIZE_PARAM_IS_A_RESERVATION, 1 << 20 },      /* no size: no change */
        { 1, STACK_SIZE_PARAM_IS_A_RESERVATION, 64 << 10 },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        SIZE_T reserve = cases[i].reserve < (SIZE_T)PTHREAD_STACK_MIN ? (SIZE_T)PTHREAD_STACK_MIN
                                                                      : cases[i].reserve;
        ck_assert_uint_eq(w32_thread_stack_reserve(cases[i].size, cases[i].flags), reserve);
    }
    /* Sizes near the top saturate instead of wrapping to a tiny stack. */
    ck_assert_uint_ge(w32_thread_stack_reserve((SIZE_T)-1 - 10, 0), (SIZE_T)-1 - 10);
}
END_TEST

/* The thread gets at least the reserve (glibc may hand it a larger cached stack). */
START_TEST(test_thread_gets_its_stack_reserve)
{
    LEAK_CHECK_BEGIN();
    ck_assert_uint_ge(stack_kib_of(0, 0), 1024);
    ck_assert_uint_ge(stack_kib_of(8192, 0), 1024);
    ck_assert_uint_ge(stack_kib_of(((SIZE_T)3 << 20) + 1, 0), 4096);
    ck_assert_uint_ge(stack_kib_of(2 << 20, STACK_SIZE_PARAM_IS_A_RESERVATION), 2048);
    LEAK_CHECK_END();
}
END_TEST

/* A size no address space can hold fails cleanly, as Windows does. */
START_TEST(test_impossible_stack_size_fails_cleanly)
{
    LEAK_CHECK_BEGIN();
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = CreateThread(NULL, (SIZE_T)-1 - 4096, return_param, NULL, 0, NULL);
    ck_assert_ptr_null(h);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    LEAK_CHECK_END();
}
END_TEST

#define LARGE_STACK ((SIZE_T)32 << 20)
#define LARGE_FRAME ((size_t)20 << 20)     /* more than the 8 MiB default */

/* Uses a 20 MiB frame; returns the stack size it was given, in MiB. */
static DWORD WINAPI large_stack_user(LPVOID param)
{
    volatile char buffer[LARGE_FRAME];

    buffer[0] = 1;
    buffer[LARGE_FRAME / 2] = 2;
    buffer[LARGE_FRAME - 1] = 3;
    return buffer[0] + buffer[LARGE_FRAME / 2] + buffer[LARGE_FRAME - 1] == 6
               ? (DWORD)(own_stack_size() >> 20) : 0;
}

START_TEST(test_large_stack_size_is_honoured)
{
    LEAK_CHECK_BEGIN();
    DWORD code = 0;
    HANDLE h = CreateThread(NULL, LARGE_STACK, large_stack_user, NULL, 0, NULL);

    ck_assert_ptr_nonnull(h);
    join(h);
    ck_assert(GetExitCodeThread(h, &code));
    ck_assert_uint_ge(code, LARGE_STACK >> 20);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closing_handle_does_not_stop_thread)
{
    LEAK_CHECK_BEGIN();
    struct gate g;
    DWORD id = 0;

    gate_init(&g);
    HANDLE h = CreateThread(NULL, 0, gated, &g, 0, &id);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(g.started, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(InterlockedCompareExchange(&g.finished, 0, 0), 0);

    HANDLE opened = OpenThread(SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, id);
    ck_assert_ptr_nonnull(opened);
    SetEvent(g.release);
    ck_assert_uint_eq(WaitForSingleObject(opened, WAIT_LONG), WAIT_OBJECT_0);
    ck_assert_int_eq(InterlockedCompareExchange(&g.finished, 0, 0), 1);
    ck_assert(CloseHandle(opened));
    wait_until_gone(InterlockedCompareExchange(&g.tid, 0, 0));
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closed_handle_thread_runs_to_completion)
{
    LEAK_CHECK_BEGIN();
    struct gate g;
    DWORD id = 0;

    gate_init(&g);
    HANDLE h = CreateThread(NULL, 0, gated, &g, CREATE_SUSPENDED, &id);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(ResumeThread(h), 1);
    ck_assert(CloseHandle(h));
    ck_assert(SetEvent(g.release));
    ck_assert_uint_eq(WaitForSingleObject(g.started, WAIT_LONG), WAIT_OBJECT_0);
    wait_until_gone(InterlockedCompareExchange(&g.tid, 0, 0));
    ck_assert_int_eq(InterlockedCompareExchange(&g.finished, 0, 0), 1);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenThread(SYNCHRONIZE, FALSE, id));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    gate_free(&g);
    LEAK_CHECK_END();
}
END_TEST

static Suite *thread_suite(void)
{
    Suite *s = suite_create("thread");
    TCase *create = tcase_create("create");
    TCase *suspend = tcase_create("suspend");
    TCase *ident = tcase_create("identity");
    TCase *invalid = tcase_create("invalid");
    TCase *foreign = tcase_create("pthread");
    TCase *life = tcase_create("lifetime");

    tcase_add_test(create, test_create_thread_runs_routine_with_parameter);
    tcase_add_test(create, test_create_thread_accepts_null_thread_id_pointer);
    tcase_add_test(create, test_exit_code_is_still_active_while_running_then_return_value);
    tcase_add_test(create, test_exit_thread_sets_exit_code_and_signals_handle);
    tcase_add_test(create, test_create_thread_without_start_routine_fails);
    tcase_add_test(create, test_create_thread_ignores_unknown_flag_bits);
    tcase_add_test(create, test_create_thread_accepts_stack_reservation_flag);
    tcase_add_test(create, test_create_thread_success_keeps_last_error);
    tcase_add_test(create, test_small_stack_thread_runs);
    tcase_add_test(create, test_large_stack_size_is_honoured);
    tcase_add_test(create, test_small_stack_size_is_a_commit_not_a_limit);
    tcase_add_test(create, test_stack_reserve_follows_windows_rules);
    tcase_add_test(create, test_thread_gets_its_stack_reserve);
    tcase_add_test(create, test_impossible_stack_size_fails_cleanly);
    suite_add_tcase(s, create);

    /* Each suspension waits for the thread to be scheduled and stop: 1,000 of
     * them at nice 19 beside busy processes take more than the default 4 s. */
    tcase_set_timeout(suspend, 60);
    tcase_add_test(suspend, test_create_suspended_thread_runs_only_after_resume);
    tcase_add_test(suspend, test_suspend_count_of_created_suspended_thread);
    tcase_add_test(suspend, test_resume_running_thread_returns_zero);
    tcase_add_test(suspend, test_resume_ended_thread_returns_zero);
    tcase_add_test(suspend, test_suspend_running_thread_stops_it_until_resumed);
    tcase_add_test(suspend, test_suspend_resumed_thread_stops_it_until_resumed);
    tcase_add_test(suspend, test_suspend_leaves_the_programs_signal_handlers_alone);
    tcase_add_test(suspend, test_suspended_thread_never_holds_an_object);
    tcase_add_test(suspend, test_suspend_ended_thread_fails);
    suite_add_tcase(s, suspend);

    tcase_add_test(ident, test_thread_id_matches_get_thread_id_and_own_id);
    tcase_add_test(ident, test_thread_ids_are_distinct_multiples_of_four);
    tcase_add_test(ident, test_pseudo_handles_have_fixed_values);
    tcase_add_test(ident, test_get_thread_id_of_current_thread_pseudo_handle);
    tcase_add_test(ident, test_pseudo_handle_names_the_calling_thread);
    tcase_add_test(ident, test_get_exit_code_of_current_thread_is_still_active);
    tcase_add_test(ident, test_get_process_id_of_thread_is_this_process);
    tcase_add_test(ident, test_open_thread_by_id_gives_same_object);
    tcase_add_test(ident, test_open_thread_of_suspended_thread_before_it_runs);
    tcase_add_test(ident, test_open_thread_of_current_thread);
    tcase_add_test(ident, test_open_thread_unknown_id_is_invalid_parameter);
    tcase_add_test(ident, test_open_thread_id_of_gone_thread_is_invalid_parameter);
    tcase_add_test(ident, test_open_thread_of_ended_thread_with_open_handle);
    suite_add_tcase(s, ident);

    tcase_add_test(invalid, test_thread_calls_reject_event_handle);
    tcase_add_test(invalid, test_thread_calls_reject_process_pseudo_handle);
    tcase_add_test(invalid, test_thread_calls_reject_null_handle);
    tcase_add_test(invalid, test_thread_calls_reject_closed_thread_handle);
    tcase_add_test(invalid, test_get_exit_code_thread_null_pointer_is_noaccess);
    tcase_add_test(invalid, test_query_information_right_allows_limited_queries);
    tcase_add_test(invalid, test_exit_code_needs_a_query_right);
    suite_add_tcase(s, invalid);

    tcase_add_test(foreign, test_pthread_thread_works_with_thread_calls);
    tcase_add_test(foreign, test_pthread_handle_can_be_waited_on_while_it_ends);
    tcase_add_test(foreign, test_open_thread_of_pthread_that_only_took_its_id);
    suite_add_tcase(s, foreign);

    tcase_add_test(life, test_thread_handle_stays_valid_after_thread_is_gone);
    tcase_add_test(life, test_closing_handle_does_not_stop_thread);
    tcase_add_test(life, test_closed_handle_thread_runs_to_completion);
    suite_add_tcase(s, life);
    return s;
}

W32_TEST_MAIN(thread_suite)
