/* Fibers: ConvertThreadToFiber(Ex), CreateFiber(Ex), SwitchToFiber, DeleteFiber,
 * ConvertFiberToThread, GetCurrentFiber, GetFiberData, IsThreadAFiber, and FLS per fiber. */
#include "testutil.h"

#define NOT_A_FIBER ((PVOID)(ULONG_PTR)0x1e00)
#define VALUE(n) ((void *)(UINT_PTR)(((n) + 1) * 16))

static LONG callback_calls;
static LONG callback_mask;          /* bit n: value (n + 1) * 16 was seen */

static void WINAPI count_callback(PVOID value)
{
    InterlockedIncrement(&callback_calls);
    InterlockedOr(&callback_mask, 1L << ((UINT_PTR)value / 16 - 1));
}

/* What a fiber routine saw, and the fiber to go back to. */
struct run {
    void *home;
    void *self;             /* GetCurrentFiber in the fiber */
    void *data;             /* GetFiberData in the fiber */
    int steps;
};

static void WINAPI step_and_return(LPVOID param)
{
    struct run *run = param;

    for (;;) {
        run->self = GetCurrentFiber();
        run->data = GetFiberData();
        run->steps++;
        SwitchToFiber(run->home);
    }
}

/* ---- Converting a thread ---- */

START_TEST(test_convert_makes_thread_a_fiber_and_back)
{
    int param;
    void *fiber;

    SetLastError(0xdeadbeef);
    ck_assert(!IsThreadAFiber());
    ck_assert_ptr_eq(GetCurrentFiber(), NOT_A_FIBER);
    fiber = ConvertThreadToFiber(&param);
    ck_assert_ptr_nonnull(fiber);
    ck_assert(IsThreadAFiber());
    ck_assert_ptr_eq(GetCurrentFiber(), fiber);
    ck_assert_ptr_eq(GetFiberData(), &param);
    ck_assert_ptr_eq(*(void **)fiber, &param);     /* Windows' inline GetFiberData */
    ck_assert(ConvertFiberToThread());
    ck_assert(!IsThreadAFiber());
    ck_assert_ptr_eq(GetCurrentFiber(), NOT_A_FIBER);
    ck_assert_ptr_null(GetFiberData());
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

START_TEST(test_convert_twice_fails_with_already_fiber)
{
    void *fiber = ConvertThreadToFiber(NULL);

    ck_assert_ptr_nonnull(fiber);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(ConvertThreadToFiber(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_FIBER);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(ConvertThreadToFiberEx(NULL, FIBER_FLAG_FLOAT_SWITCH));
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_FIBER);
    ck_assert_ptr_eq(GetCurrentFiber(), fiber);
    ck_assert(ConvertFiberToThread());
}
END_TEST

START_TEST(test_convert_fiber_to_thread_on_a_thread_fails_with_already_thread)
{
    SetLastError(0xdeadbeef);
    ck_assert(!ConvertFiberToThread());
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_THREAD);
}
END_TEST

START_TEST(test_flags_other_than_float_switch_are_invalid)
{
    void *fiber = ConvertThreadToFiberEx(NULL, FIBER_FLAG_FLOAT_SWITCH);

    ck_assert_ptr_nonnull(fiber);
    ck_assert(ConvertFiberToThread());
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(ConvertThreadToFiberEx(NULL, 2));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!IsThreadAFiber());
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateFiberEx(0, 0, 2, step_and_return, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    fiber = CreateFiberEx(0, 0, FIBER_FLAG_FLOAT_SWITCH, step_and_return, NULL);
    ck_assert_ptr_nonnull(fiber);
    DeleteFiber(fiber);
}
END_TEST

/* ---- Switching ---- */

START_TEST(test_switch_runs_fiber_and_resumes_it_where_it_left)
{
    struct run run = { 0 };
    void *fiber;

    run.home = ConvertThreadToFiber(NULL);
    fiber = CreateFiber(0, step_and_return, &run);
    ck_assert_ptr_nonnull(fiber);
    ck_assert_int_eq(run.steps, 0);
    for (int i = 1; i <= 1000; i++) {
        SwitchToFiber(fiber);
        ck_assert_int_eq(run.steps, i);
        ck_assert_ptr_eq(run.self, fiber);
        ck_assert_ptr_eq(run.data, &run);
        ck_assert_ptr_eq(GetCurrentFiber(), run.home);
    }
    DeleteFiber(fiber);
    ck_assert(ConvertFiberToThread());
}
END_TEST

START_TEST(test_switch_to_running_fiber_or_null_does_nothing)
{
    void *fiber = ConvertThreadToFiber(NULL);

    SwitchToFiber(fiber);
    ck_assert_ptr_eq(GetCurrentFiber(), fiber);
    SwitchToFiber(NULL);
    ck_assert_ptr_eq(GetCurrentFiber(), fiber);
    DeleteFiber(NULL);
    ck_assert(ConvertFiberToThread());
    SwitchToFiber(NULL);
    ck_assert(!IsThreadAFiber());
}
END_TEST

/* A fiber made before its thread is one, and deleted without running. */
START_TEST(test_fiber_created_before_conversion_and_deleted_unrun)
{
    struct run run = { 0 };
    void *fiber = CreateFiber(0, step_and_return, &run);

    ck_assert_ptr_nonnull(fiber);
    ck_assert(!IsThreadAFiber());
    DeleteFiber(fiber);
    fiber = CreateFiber(0, step_and_return, &run);
    run.home = ConvertThreadToFiber(NULL);
    SwitchToFiber(fiber);
    ck_assert_int_eq(run.steps, 1);
    DeleteFiber(fiber);
    ck_assert(ConvertFiberToThread());
}
END_TEST

/* Fibers that switch among themselves, never through the thread's own. */
static void *ring[3];
static int ring_trace[16], ring_len;

static void WINAPI ring_step(LPVOID param)
{
    int me = (int)(INT_PTR)param;

    for (;;) {
        ring_trace[ring_len++] = me;
        SwitchToFiber(ring[(me + 1) % 3]);
    }
}

START_TEST(test_fibers_switch_among_themselves)
{
    ring[0] = ConvertThreadToFiber(NULL);
    ring[1] = CreateFiber(0, ring_step, (void *)1);
    ring[2] = CreateFiber(0, ring_step, (void *)2);
    for (int round = 0; round < 4; round++) {
        ring_trace[ring_len++] = 0;
        SwitchToFiber(ring[1]);
    }
    ck_assert_int_eq(ring_len, 12);
    for (int i = 0; i < ring_len; i++)
        ck_assert_int_eq(ring_trace[i], i % 3);
    DeleteFiber(ring[1]);
    DeleteFiber(ring[2]);
    ck_assert(ConvertFiberToThread());
}
END_TEST

/* ---- Stacks ---- */

static int use_stack(int depth)
{
    volatile char frame[1024];

    frame[0] = (char)depth;
    frame[sizeof(frame) - 1] = (char)depth;
    return depth ? use_stack(depth - 1) + frame[0] - frame[sizeof(frame) - 1] + 1 : 0;
}

static void WINAPI use_stack_and_return(LPVOID param)
{
    struct run *run = param;

    run->steps = use_stack(run->steps);
    SwitchToFiber(run->home);
}

/* As CreateThread: the size is a commit, and the reserve stays 1 MiB. */
START_TEST(test_small_commit_fiber_uses_64k_of_stack)
{
    struct run run = { .steps = 64 };
    void *fiber;

    run.home = ConvertThreadToFiber(NULL);
    fiber = CreateFiber(8192, use_stack_and_return, &run);
    ck_assert_ptr_nonnull(fiber);
    SwitchToFiber(fiber);
    ck_assert_int_eq(run.steps, 64);
    DeleteFiber(fiber);
    ck_assert(ConvertFiberToThread());
}
END_TEST

START_TEST(test_reserve_gives_a_deep_stack)
{
    struct run run = { .steps = 2048 };
    void *fiber;

    run.home = ConvertThreadToFiber(NULL);
    fiber = CreateFiberEx(4096, 4 << 20, 0, use_stack_and_return, &run);
    ck_assert_ptr_nonnull(fiber);
    SwitchToFiber(fiber);
    ck_assert_int_eq(run.steps, 2048);
    DeleteFiber(fiber);
    ck_assert(ConvertFiberToThread());
}
END_TEST

START_TEST(test_impossible_reserve_fails_with_not_enough_memory)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateFiberEx(4096, (SIZE_T)1 << 62, 0, step_and_return, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
}
END_TEST

/* ---- The thread's end ---- */

static void WINAPI just_return(LPVOID param)
{
    (void)param;
}

static void WINAPI exit_thread_5(LPVOID param)
{
    (void)param;
    ExitThread(5);
}

static void WINAPI delete_self(LPVOID param)
{
    (void)param;
    DeleteFiber(GetCurrentFiber());
}

/* The thread's own fiber, left behind when the thread ends on another. */
static void *thread_fiber;

/* The thread becomes a fiber and runs a fiber with routine param. */
static DWORD WINAPI run_one_fiber(LPVOID param)
{
    void *fiber;

    thread_fiber = ConvertThreadToFiber(NULL);
    fiber = CreateFiber(0, (LPFIBER_START_ROUTINE)param, NULL);
    SwitchToFiber(fiber);
    return 99;      /* not reached: the fiber ends the thread */
}

START_TEST(test_fiber_routine_return_ends_thread_with_code_1)
{
    ck_assert_uint_eq(run_thread(run_one_fiber, (void *)just_return), 1);
    DeleteFiber(thread_fiber);
}
END_TEST

START_TEST(test_exit_thread_on_a_fiber_ends_thread_with_its_code)
{
    ck_assert_uint_eq(run_thread(run_one_fiber, (void *)exit_thread_5), 5);
    DeleteFiber(thread_fiber);
}
END_TEST

START_TEST(test_delete_running_fiber_ends_thread_with_code_1)
{
    ck_assert_uint_eq(run_thread(run_one_fiber, (void *)delete_self), 1);
    DeleteFiber(thread_fiber);
}
END_TEST

static DWORD WINAPI delete_thread_fiber(LPVOID param)
{
    (void)param;
    DeleteFiber(ConvertThreadToFiber(NULL));
    return 99;
}

START_TEST(test_delete_thread_own_fiber_ends_thread_with_code_1)
{
    ck_assert_uint_eq(run_thread(delete_thread_fiber, NULL), 1);
}
END_TEST

/* A thread that stays a fiber to its end; the library frees the fiber. */
static DWORD WINAPI end_as_fiber(LPVOID param)
{
    return ConvertThreadToFiber(param) && IsThreadAFiber() ? 7 : 0;
}

START_TEST(test_thread_may_end_while_a_fiber)
{
    ck_assert_uint_eq(run_thread(end_as_fiber, NULL), 7);
}
END_TEST

/* ---- Fiber local storage ---- */

static DWORD fls_index;

static void WINAPI set_fls_value(LPVOID param)
{
    struct run *run = param;

    for (;;) {
        run->data = FlsGetValue(fls_index);
        ck_assert(FlsSetValue(fls_index, VALUE(run->steps)));
        run->steps++;
        SwitchToFiber(run->home);
    }
}

START_TEST(test_each_fiber_has_its_own_fls_values)
{
    struct run a = { 0 }, b = { 0 };
    void *fa, *fb;

    fls_index = FlsAlloc(count_callback);
    ck_assert(FlsSetValue(fls_index, VALUE(9)));
    a.home = b.home = ConvertThreadToFiber(NULL);
    ck_assert_ptr_eq(FlsGetValue(fls_index), VALUE(9));  /* the thread's values stay */
    b.steps = 4;
    fa = CreateFiber(0, set_fls_value, &a);
    fb = CreateFiber(0, set_fls_value, &b);
    SwitchToFiber(fa);
    ck_assert_ptr_null(a.data);                 /* a new fiber's values are NULL */
    ck_assert_ptr_eq(FlsGetValue(fls_index), VALUE(9));
    SwitchToFiber(fb);
    ck_assert_ptr_null(b.data);
    SwitchToFiber(fa);
    ck_assert_ptr_eq(a.data, VALUE(0));
    SwitchToFiber(fb);
    ck_assert_ptr_eq(b.data, VALUE(4));
    ck_assert_ptr_eq(FlsGetValue(fls_index), VALUE(9));
    ck_assert_int_eq(callback_calls, 0);

    DeleteFiber(fa);                            /* a holds VALUE(1) */
    ck_assert_int_eq(callback_calls, 1);
    ck_assert_int_eq(callback_mask, 1 << 1);
    ck_assert(FlsFree(fls_index));              /* the thread's VALUE(9), b's VALUE(5) */
    ck_assert_int_eq(callback_calls, 3);
    ck_assert_int_eq(callback_mask, 1 << 1 | 1 << 9 | 1 << 5);
    DeleteFiber(fb);                            /* its value went with FlsFree */
    ck_assert_int_eq(callback_calls, 3);
    ck_assert(ConvertFiberToThread());
}
END_TEST

/* Back to a thread, the thread keeps the running fiber's values. */
static void WINAPI set_and_become_thread(LPVOID param)
{
    FlsSetValue(fls_index, VALUE(3));
    ConvertFiberToThread();
    ExitThread(FlsGetValue(fls_index) == VALUE(3) && !IsThreadAFiber() ? 8 : 0);
}

START_TEST(test_convert_back_keeps_running_fiber_values_and_thread_end_calls_back)
{
    fls_index = FlsAlloc(count_callback);
    ck_assert_uint_eq(run_thread(run_one_fiber, (void *)set_and_become_thread), 8);
    ck_assert_int_eq(callback_calls, 1);
    ck_assert_int_eq(callback_mask, 1 << 3);
    DeleteFiber(thread_fiber);
    ck_assert_int_eq(callback_calls, 1);
    ck_assert(FlsFree(fls_index));
}
END_TEST

/* The thread ends on a fiber: that fiber's callbacks run, not the others'. */
static void WINAPI set_and_delete_self(LPVOID param)
{
    FlsSetValue(fls_index, VALUE(2));
    DeleteFiber(GetCurrentFiber());
}

static DWORD WINAPI thread_value_then_fiber(LPVOID param)
{
    FlsSetValue(fls_index, VALUE(1));
    return run_one_fiber(param);
}

START_TEST(test_thread_end_on_a_fiber_calls_back_that_fiber_values)
{
    fls_index = FlsAlloc(count_callback);
    ck_assert_uint_eq(run_thread(thread_value_then_fiber, (void *)set_and_delete_self), 1);
    ck_assert_int_eq(callback_calls, 1);
    ck_assert_int_eq(callback_mask, 1 << 2);
    DeleteFiber(thread_fiber);          /* the thread's own fiber holds VALUE(1) */
    ck_assert_int_eq(callback_calls, 2);
    ck_assert_int_eq(callback_mask, 1 << 2 | 1 << 1);
    ck_assert(FlsFree(fls_index));
    ck_assert_int_eq(callback_calls, 2);
}
END_TEST

/* ---- Threads ---- */

/* A fiber made on one thread runs on another. */
static void *shared_fiber;
static struct run shared_run;

static DWORD WINAPI run_shared_fiber(LPVOID param)
{
    (void)param;
    shared_run.home = ConvertThreadToFiber(NULL);
    SwitchToFiber(shared_fiber);
    ConvertFiberToThread();
    return shared_run.steps;
}

START_TEST(test_fiber_runs_on_other_threads_in_turn)
{
    shared_fiber = CreateFiber(0, step_and_return, &shared_run);
    ck_assert_uint_eq(run_thread(run_shared_fiber, NULL), 1);
    ck_assert_uint_eq(run_thread(run_shared_fiber, NULL), 2);
    ck_assert_ptr_eq(shared_run.self, shared_fiber);
    DeleteFiber(shared_fiber);
}
END_TEST

/* Many threads, each switching its own fibers. */
static DWORD WINAPI ping_pong(LPVOID param)
{
    struct run run = { 0 };
    void *fiber;

    (void)param;
    run.home = ConvertThreadToFiber(NULL);
    fiber = CreateFiber(64 * 1024, step_and_return, &run);
    for (int i = 0; i < 2000; i++)
        SwitchToFiber(fiber);
    DeleteFiber(fiber);
    ConvertFiberToThread();
    return run.steps;
}

START_TEST(test_threads_switch_their_fibers_at_once)
{
    HANDLE threads[4];

    for (int i = 0; i < 4; i++)
        ck_assert_ptr_nonnull(threads[i] = CreateThread(NULL, 0, ping_pong, NULL, 0, NULL));
    for (int i = 0; i < 4; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 2000);
    close_all(threads, 4);
}
END_TEST

static Suite *fiber_suite(void)
{
    Suite *s = suite_create("fiber");
    TCase *tc;

    tc = tcase_create("convert");
    tcase_add_test(tc, test_convert_makes_thread_a_fiber_and_back);
    tcase_add_test(tc, test_convert_twice_fails_with_already_fiber);
    tcase_add_test(tc, test_convert_fiber_to_thread_on_a_thread_fails_with_already_thread);
    tcase_add_test(tc, test_flags_other_than_float_switch_are_invalid);
    suite_add_tcase(s, tc);

    tc = tcase_create("switch");
    tcase_add_test(tc, test_switch_runs_fiber_and_resumes_it_where_it_left);
    tcase_add_test(tc, test_switch_to_running_fiber_or_null_does_nothing);
    tcase_add_test(tc, test_fiber_created_before_conversion_and_deleted_unrun);
    tcase_add_test(tc, test_fibers_switch_among_themselves);
    suite_add_tcase(s, tc);

    tc = tcase_create("stacks");
    tcase_add_test(tc, test_small_commit_fiber_uses_64k_of_stack);
    tcase_add_test(tc, test_reserve_gives_a_deep_stack);
    tcase_add_test(tc, test_impossible_reserve_fails_with_not_enough_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("thread end");
    tcase_add_test(tc, test_fiber_routine_return_ends_thread_with_code_1);
    tcase_add_test(tc, test_exit_thread_on_a_fiber_ends_thread_with_its_code);
    tcase_add_test(tc, test_delete_running_fiber_ends_thread_with_code_1);
    tcase_add_test(tc, test_delete_thread_own_fiber_ends_thread_with_code_1);
    tcase_add_test(tc, test_thread_may_end_while_a_fiber);
    suite_add_tcase(s, tc);

    tc = tcase_create("fls");
    tcase_add_test(tc, test_each_fiber_has_its_own_fls_values);
    tcase_add_test(tc, test_convert_back_keeps_running_fiber_values_and_thread_end_calls_back);
    tcase_add_test(tc, test_thread_end_on_a_fiber_calls_back_that_fiber_values);
    suite_add_tcase(s, tc);

    tc = tcase_create("threads");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_fiber_runs_on_other_threads_in_turn);
    tcase_add_test(tc, test_threads_switch_their_fibers_at_once);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(fiber_suite)
