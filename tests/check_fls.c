/* FlsAlloc, FlsFree, FlsGetValue, FlsSetValue, IsThreadAFiber. */
#include <pthread.h>
#include "testutil.h"

/* 16 + 32 + ... + 2048 slots, as on Windows 10; index 0 is never valid. */
#define FLS_SLOT_LIMIT 4080

void w32_fls_thread_exit(void);     /* lib/fls.c: lib/thread.c's hook */

static LONG callback_calls;
static LONG callback_mask;          /* bit n: value (n + 1) * 16 was seen */

static void WINAPI count_callback(PVOID value)
{
    InterlockedIncrement(&callback_calls);
    InterlockedOr(&callback_mask, 1L << ((UINT_PTR)value / 16 - 1));
}

static DWORD alloc_index(PFLS_CALLBACK_FUNCTION callback)
{
    DWORD index = FlsAlloc(callback);

    ck_assert_uint_ne(index, FLS_OUT_OF_INDEXES);
    ck_assert_uint_gt(index, 0);
    ck_assert_uint_lt(index, FLS_SLOT_LIMIT);
    return index;
}

#define VALUE(n) ((void *)(UINT_PTR)(((n) + 1) * 16))

/* ---- Indices and values ---- */

START_TEST(test_alloc_gives_distinct_nonzero_indices)
{
    DWORD a, b;

    SetLastError(0xdeadbeef);
    a = alloc_index(NULL);
    b = alloc_index(count_callback);
    ck_assert_uint_ne(a, b);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert(FlsFree(a));
    ck_assert(FlsFree(b));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

START_TEST(test_new_index_reads_null_and_clears_last_error)
{
    DWORD index = alloc_index(NULL);

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(FlsGetValue(index));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(FlsFree(index));
}
END_TEST

START_TEST(test_set_value_is_read_back)
{
    DWORD index = alloc_index(NULL);

    SetLastError(0xdeadbeef);
    ck_assert(FlsSetValue(index, VALUE(1)));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_eq(FlsGetValue(index), VALUE(1));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(FlsSetValue(index, NULL));
    ck_assert_ptr_null(FlsGetValue(index));
    ck_assert(FlsFree(index));
}
END_TEST

START_TEST(test_index_zero_is_invalid)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(FlsGetValue(0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!FlsSetValue(0, VALUE(0)));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!FlsFree(0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_index_past_the_last_slot_is_invalid)
{
    DWORD bad[] = { FLS_SLOT_LIMIT, 5000, FLS_OUT_OF_INDEXES };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert_ptr_null(FlsGetValue(bad[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ck_assert(!FlsSetValue(bad[i], VALUE(0)));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0xdeadbeef);
        ck_assert(!FlsFree(bad[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}
END_TEST

START_TEST(test_unallocated_index_in_range_holds_values_but_cannot_be_freed)
{
    DWORD index = FLS_SLOT_LIMIT - 1;

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(FlsGetValue(index));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(FlsSetValue(index, VALUE(3)));
    ck_assert_ptr_eq(FlsGetValue(index), VALUE(3));
    SetLastError(0xdeadbeef);
    ck_assert(!FlsFree(index));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_free_twice_fails)
{
    DWORD index = alloc_index(NULL);

    ck_assert(FlsFree(index));
    SetLastError(0xdeadbeef);
    ck_assert(!FlsFree(index));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_alloc_runs_out_after_4079_indices)
{
    static DWORD indices[FLS_SLOT_LIMIT];
    DWORD n = 0, index;

    while ((index = FlsAlloc(NULL)) != FLS_OUT_OF_INDEXES) {
        ck_assert_uint_lt(n, FLS_SLOT_LIMIT - 1);
        indices[n++] = index;
    }
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ck_assert_uint_eq(n, FLS_SLOT_LIMIT - 1);
    ck_assert(FlsSetValue(indices[n - 1], VALUE(0)));
    ck_assert(FlsFree(indices[100]));
    ck_assert_uint_eq(FlsAlloc(NULL), indices[100]);
    for (DWORD i = 0; i < n; i++)
        ck_assert(FlsFree(indices[i]));
}
END_TEST

START_TEST(test_is_thread_a_fiber_is_false)
{
    SetLastError(0xdeadbeef);
    ck_assert(!IsThreadAFiber());
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

/* ---- FlsFree and callbacks ---- */

START_TEST(test_free_runs_callback_for_value_and_clears_it)
{
    DWORD index = alloc_index(count_callback);

    ck_assert(FlsSetValue(index, VALUE(2)));
    ck_assert(FlsFree(index));
    ck_assert_int_eq(callback_calls, 1);
    ck_assert_int_eq(callback_mask, 1 << 2);
    ck_assert_ptr_null(FlsGetValue(index));
}
END_TEST

START_TEST(test_free_skips_callback_for_null_value)
{
    DWORD index = alloc_index(count_callback);

    ck_assert(FlsSetValue(index, VALUE(2)));
    ck_assert(FlsSetValue(index, NULL));
    ck_assert(FlsFree(index));
    ck_assert_int_eq(callback_calls, 0);
}
END_TEST

struct holder {
    DWORD index;
    void *value;
    HANDLE ready, go;
};

/* Sets its value, says so, and ends when told to. */
static DWORD WINAPI hold_value(LPVOID arg)
{
    struct holder *h = arg;

    if (!FlsSetValue(h->index, h->value) || !SetEvent(h->ready))
        return 0;
    if (WaitForSingleObject(h->go, LONG_WAIT) != WAIT_OBJECT_0)
        return 0;
    return FlsGetValue(h->index) == NULL ? 2 : 1;
}

static HANDLE start_holder(struct holder *h, DWORD index, void *value, HANDLE go)
{
    HANDLE thread;

    h->index = index;
    h->value = value;
    h->go = go;
    h->ready = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert_ptr_nonnull(h->ready);
    thread = CreateThread(NULL, 0, hold_value, h, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    ck_assert_uint_eq(WaitForSingleObject(h->ready, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h->ready));
    return thread;
}

START_TEST(test_free_runs_callback_for_every_thread_on_the_caller)
{
    LEAK_CHECK_BEGIN();
    DWORD index = alloc_index(count_callback);
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
    struct holder h[3];
    HANDLE threads[3];

    ck_assert_ptr_nonnull(go);
    for (int i = 0; i < 3; i++)
        threads[i] = start_holder(&h[i], index, VALUE(i), go);
    ck_assert(FlsSetValue(index, VALUE(3)));
    ck_assert(FlsFree(index));
    ck_assert_int_eq(callback_calls, 4);
    ck_assert_int_eq(callback_mask, 0xf);
    ck_assert(SetEvent(go));
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 2);     /* their values read NULL */
    ck_assert_int_eq(callback_calls, 4);                  /* not called again at exit */
    close_all(threads, 3);
    ck_assert(CloseHandle(go));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_free_without_callback_clears_every_thread)
{
    DWORD index = alloc_index(NULL);
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
    struct holder h;
    HANDLE thread;

    ck_assert_ptr_nonnull(go);
    thread = start_holder(&h, index, VALUE(0), go);
    ck_assert(FlsFree(index));
    ck_assert(SetEvent(go));
    ck_assert_uint_eq(exit_code(thread), 2);
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(go));
}
END_TEST

START_TEST(test_values_are_per_thread)
{
    DWORD index = alloc_index(NULL);
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
    struct holder h;
    HANDLE thread;

    ck_assert_ptr_nonnull(go);
    ck_assert(FlsSetValue(index, VALUE(5)));
    thread = start_holder(&h, index, VALUE(6), go);
    ck_assert_ptr_eq(FlsGetValue(index), VALUE(5));
    ck_assert(SetEvent(go));
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert_ptr_eq(FlsGetValue(index), VALUE(5));
    ck_assert(CloseHandle(thread));
    ck_assert(CloseHandle(go));
    ck_assert(FlsFree(index));
}
END_TEST

/* ---- Thread exit ---- */

struct exit_case {
    DWORD index[3];
    HANDLE called;              /* semaphore released by each callback */
};

static struct exit_case *current_case;
static DWORD callback_delay;        /* ms each signal_callback takes */

static void WINAPI signal_callback(PVOID value)
{
    Sleep(callback_delay);
    count_callback(value);
    ReleaseSemaphore(current_case->called, 1, NULL);
}

static DWORD WINAPI set_and_end(LPVOID arg)
{
    struct exit_case *c = arg;

    FlsSetValue(c->index[0], VALUE(0));
    FlsSetValue(c->index[1], NULL);
    FlsSetValue(c->index[2], VALUE(2));
    return 0;
}

static void exit_case_begin(struct exit_case *c)
{
    for (int i = 0; i < 3; i++)
        c->index[i] = alloc_index(signal_callback);
    c->called = CreateSemaphoreA(NULL, 0, 16, NULL);
    ck_assert_ptr_nonnull(c->called);
    current_case = c;
}

static void exit_case_check(struct exit_case *c)
{
    /* Two callbacks, for the two non-NULL values. */
    for (int i = 0; i < 2; i++)
        ck_assert_uint_eq(WaitForSingleObject(c->called, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(c->called, 20), WAIT_TIMEOUT);
    ck_assert_int_eq(callback_calls, 2);
    ck_assert_int_eq(callback_mask, (1 << 0) | (1 << 2));
    for (int i = 0; i < 3; i++)
        ck_assert(FlsFree(c->index[i]));
    ck_assert_int_eq(callback_calls, 2);
    ck_assert(CloseHandle(c->called));
}

START_TEST(test_thread_end_runs_callbacks_of_non_null_values)
{
    LEAK_CHECK_BEGIN();
    struct exit_case c;

    exit_case_begin(&c);
    ck_assert_uint_eq(run_thread(set_and_end, &c), 0);
    exit_case_check(&c);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI do_nothing(LPVOID arg)
{
    return 0;
}

/* As on Windows: the callbacks run in the ending thread before a wait on it returns.
 * The thread module is used first, so its pthread key is older than FLS's. */
START_TEST(test_thread_end_runs_callbacks_before_thread_is_signalled)
{
    struct exit_case c;

    ck_assert_uint_eq(run_thread(do_nothing, NULL), 0);
    exit_case_begin(&c);
    callback_delay = 30;            /* so that a wait returning early sees it */
    ck_assert_uint_eq(run_thread(set_and_end, &c), 0);
    ck_assert_int_eq(InterlockedCompareExchange(&callback_calls, 0, 0), 2);
    exit_case_check(&c);
}
END_TEST

static void *pthread_set_and_end(void *arg)
{
    set_and_end(arg);
    return NULL;
}

START_TEST(test_pthread_end_runs_callbacks_of_non_null_values)
{
    struct exit_case c;
    pthread_t thread;

    exit_case_begin(&c);
    ck_assert_int_eq(pthread_create(&thread, NULL, pthread_set_and_end, &c), 0);
    ck_assert_int_eq(pthread_join(thread, NULL), 0);
    ck_assert_int_eq(callback_calls, 2);        /* destructors ran before the join */
    exit_case_check(&c);
}
END_TEST

static DWORD WINAPI exit_hook_runs_callbacks(LPVOID arg)
{
    struct exit_case *c = arg;
    DWORD ok = 1;

    set_and_end(c);
    w32_fls_thread_exit();
    if (InterlockedCompareExchange(&callback_calls, 0, 0) != 2 || FlsGetValue(c->index[0]))
        ok = 0;
    /* A value set after the hook still gets its callback when the thread ends. */
    if (!FlsSetValue(c->index[1], VALUE(1)))
        ok = 0;
    return ok;
}

START_TEST(test_thread_exit_hook_runs_callbacks_at_once)
{
    struct exit_case c;

    exit_case_begin(&c);
    ck_assert_uint_eq(run_thread(exit_hook_runs_callbacks, &c), 1);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(WaitForSingleObject(c.called, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(callback_calls, 3);
    ck_assert_int_eq(callback_mask, 7);
    for (int i = 0; i < 3; i++)
        ck_assert(FlsFree(c.index[i]));
    ck_assert(CloseHandle(c.called));
}
END_TEST

/* ---- Races ---- */

#define HAMMER_THREADS 8

START_TEST(test_free_racing_thread_ends_calls_back_each_value_once)
{
    LEAK_CHECK_BEGIN();
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
    struct holder h[HAMMER_THREADS];
    HANDLE threads[HAMMER_THREADS];
    DWORD index = alloc_index(count_callback);

    ck_assert_ptr_nonnull(go);
    for (int i = 0; i < HAMMER_THREADS; i++)
        threads[i] = start_holder(&h[i], index, VALUE(i), go);
    ck_assert(SetEvent(go));
    ck_assert(FlsFree(index));
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_ne(exit_code(threads[i]), 0);
    ck_assert_int_eq(callback_calls, HAMMER_THREADS);
    ck_assert_int_eq(callback_mask, (1 << HAMMER_THREADS) - 1);
    close_all(threads, HAMMER_THREADS);
    ck_assert(CloseHandle(go));
    LEAK_CHECK_END();
}
END_TEST

static LONG owners[FLS_SLOT_LIMIT];

static DWORD WINAPI alloc_hammer(LPVOID arg)
{
    for (int round = 0; round < 500; round++) {
        DWORD index = FlsAlloc(count_callback);
        void *mine = VALUE(round % 16);

        if (index == FLS_OUT_OF_INDEXES || InterlockedExchange(&owners[index], 1) != 0)
            return 0;
        if (!FlsSetValue(index, mine) || FlsGetValue(index) != mine)
            return 0;
        InterlockedExchange(&owners[index], 0);
        if (!FlsFree(index))
            return 0;
    }
    return 1;
}

START_TEST(test_alloc_and_free_from_many_threads)
{
    LEAK_CHECK_BEGIN();
    HANDLE threads[HAMMER_THREADS];

    for (int i = 0; i < HAMMER_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, alloc_hammer, NULL, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    ck_assert_int_eq(callback_calls, HAMMER_THREADS * 500);
    close_all(threads, HAMMER_THREADS);
    LEAK_CHECK_END();
}
END_TEST

static Suite *fls_suite(void)
{
    Suite *s = suite_create("fls");
    TCase *tc;

    tc = tcase_create("values");
    tcase_add_test(tc, test_alloc_gives_distinct_nonzero_indices);
    tcase_add_test(tc, test_new_index_reads_null_and_clears_last_error);
    tcase_add_test(tc, test_set_value_is_read_back);
    tcase_add_test(tc, test_index_zero_is_invalid);
    tcase_add_test(tc, test_index_past_the_last_slot_is_invalid);
    tcase_add_test(tc, test_unallocated_index_in_range_holds_values_but_cannot_be_freed);
    tcase_add_test(tc, test_free_twice_fails);
    tcase_add_test(tc, test_alloc_runs_out_after_4079_indices);
    tcase_add_test(tc, test_is_thread_a_fiber_is_false);
    tcase_add_test(tc, test_values_are_per_thread);
    suite_add_tcase(s, tc);

    tc = tcase_create("callbacks");
    tcase_add_test(tc, test_free_runs_callback_for_value_and_clears_it);
    tcase_add_test(tc, test_free_skips_callback_for_null_value);
    tcase_add_test(tc, test_free_runs_callback_for_every_thread_on_the_caller);
    tcase_add_test(tc, test_free_without_callback_clears_every_thread);
    tcase_add_test(tc, test_thread_end_runs_callbacks_of_non_null_values);
    tcase_add_test(tc, test_thread_end_runs_callbacks_before_thread_is_signalled);
    tcase_add_test(tc, test_pthread_end_runs_callbacks_of_non_null_values);
    tcase_add_test(tc, test_thread_exit_hook_runs_callbacks_at_once);
    suite_add_tcase(s, tc);

    tc = tcase_create("races");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_free_racing_thread_ends_calls_back_each_value_once);
    tcase_add_test(tc, test_alloc_and_free_from_many_threads);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(fls_suite)
