/* TlsAlloc, TlsFree, TlsGetValue, TlsSetValue. */
#include <pthread.h>
#include "testutil.h"

/* TLS_MINIMUM_AVAILABLE plus the 1024 expansion slots: the first invalid index. */
#define TLS_SLOT_LIMIT 1088

static DWORD alloc_index(void)
{
    DWORD index = TlsAlloc();

    ck_assert_uint_ne(index, TLS_OUT_OF_INDEXES);
    ck_assert_uint_lt(index, TLS_SLOT_LIMIT);
    return index;
}

/* A helper thread driven step by step: it waits on go, runs step, signals done. */
struct stepper {
    HANDLE go, done;            /* auto-reset */
    DWORD index;
    void *(*step)(struct stepper *s, int n);
    void *results[4];
    int steps;
};

static DWORD WINAPI stepper_main(LPVOID arg)
{
    struct stepper *s = arg;

    for (int n = 0; n < s->steps; n++) {
        if (WaitForSingleObject(s->go, 5000) != WAIT_OBJECT_0)
            return 0;
        s->results[n] = s->step(s, n);
        if (!SetEvent(s->done))
            return 0;
    }
    return 1;
}

static HANDLE stepper_start(struct stepper *s)
{
    HANDLE t;

    s->go = CreateEventA(NULL, FALSE, FALSE, NULL);
    s->done = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert_ptr_nonnull(s->go);
    ck_assert_ptr_nonnull(s->done);
    t = CreateThread(NULL, 0, stepper_main, s, 0, NULL);
    ck_assert_ptr_nonnull(t);
    return t;
}

static void stepper_run(struct stepper *s)
{
    ck_assert_uint_eq(SignalObjectAndWait(s->go, s->done, 5000, FALSE), WAIT_OBJECT_0);
}

static void stepper_finish(struct stepper *s, HANDLE t)
{
    DWORD code = 0;

    ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, 1);
    ck_assert(CloseHandle(t));
    ck_assert(CloseHandle(s->go));
    ck_assert(CloseHandle(s->done));
}

/* ---- values ---- */

START_TEST(test_set_value_is_read_back)
{
    DWORD index = alloc_index();
    int x;

    ck_assert(TlsSetValue(index, &x));
    ck_assert_ptr_eq(TlsGetValue(index), &x);
    ck_assert(TlsSetValue(index, NULL));
    ck_assert_ptr_null(TlsGetValue(index));
    ck_assert(TlsFree(index));
}
END_TEST

static void *set_and_read(struct stepper *s, int n)
{
    static int theirs;

    if (!TlsSetValue(s->index, &theirs))
        return NULL;
    return TlsGetValue(s->index);
}

START_TEST(test_values_are_per_thread)
{
    LEAK_CHECK_BEGIN();
    struct stepper s = { .step = set_and_read, .steps = 1 };
    int mine;
    HANDLE t;

    s.index = alloc_index();
    ck_assert(TlsSetValue(s.index, &mine));
    t = stepper_start(&s);
    stepper_run(&s);
    ck_assert_ptr_nonnull(s.results[0]);
    ck_assert_ptr_ne(s.results[0], &mine);
    ck_assert_ptr_eq(TlsGetValue(s.index), &mine);
    stepper_finish(&s, t);
    ck_assert(TlsFree(s.index));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI read_index(LPVOID arg)
{
    DWORD index = *(DWORD *)arg;

    SetLastError(0xdeadbeef);
    void *v = TlsGetValue(index);
    return v == NULL && GetLastError() == ERROR_SUCCESS;
}

/* thread.c: new threads do not inherit TLS values. */
START_TEST(test_new_thread_reads_null_from_slot_set_elsewhere)
{
    LEAK_CHECK_BEGIN();
    DWORD index = alloc_index(), code = 0;
    HANDLE t;

    ck_assert(TlsSetValue(index, &index));
    t = CreateThread(NULL, 0, read_index, &index, 0, NULL);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(WaitForSingleObject(t, 5000), WAIT_OBJECT_0);
    ck_assert(GetExitCodeThread(t, &code));
    ck_assert_uint_eq(code, 1);
    ck_assert(CloseHandle(t));
    ck_assert(TlsFree(index));
    LEAK_CHECK_END();
}
END_TEST

static void *use_tls_then_read_new_slot(struct stepper *s, int n)
{
    static int marker;

    if (n == 0)     /* gives this thread its slot array before the new slot exists */
        return TlsSetValue(s->index, &marker) ? &marker : NULL;
    SetLastError(0xdeadbeef);
    void *v = TlsGetValue(s->index);
    return GetLastError() == ERROR_SUCCESS ? v : &marker;
}

START_TEST(test_new_slot_reads_null_in_every_thread)
{
    LEAK_CHECK_BEGIN();
    struct stepper s = { .step = use_tls_then_read_new_slot, .steps = 2 };
    DWORD old = alloc_index();
    HANDLE t;

    s.index = old;
    t = stepper_start(&s);
    stepper_run(&s);
    ck_assert_ptr_nonnull(s.results[0]);
    s.index = alloc_index();
    ck_assert_ptr_null(TlsGetValue(s.index));
    stepper_run(&s);
    ck_assert_ptr_null(s.results[1]);
    stepper_finish(&s, t);
    ck_assert(TlsFree(s.index));
    ck_assert(TlsFree(old));
    LEAK_CHECK_END();
}
END_TEST

static void *set_then_read_again(struct stepper *s, int n)
{
    static int theirs;

    if (n == 0)
        return TlsSetValue(s->index, &theirs) ? &theirs : NULL;
    return TlsGetValue(s->index);
}

/* Windows clears a freed slot in every thread, so its next owner starts from NULL. */
START_TEST(test_reallocated_slot_reads_null_in_thread_that_had_set_it)
{
    LEAK_CHECK_BEGIN();
    struct stepper s = { .step = set_then_read_again, .steps = 2 };
    HANDLE t;
    DWORD again;

    s.index = alloc_index();
    ck_assert(TlsSetValue(s.index, &s));
    t = stepper_start(&s);
    stepper_run(&s);
    ck_assert_ptr_nonnull(s.results[0]);
    ck_assert(TlsFree(s.index));
    again = alloc_index();
    ck_assert_uint_eq(again, s.index);      /* the lowest free index comes back */
    ck_assert_ptr_null(TlsGetValue(again));
    stepper_run(&s);
    ck_assert_ptr_null(s.results[1]);
    stepper_finish(&s, t);
    ck_assert(TlsFree(again));
    LEAK_CHECK_END();
}
END_TEST

struct posix_tls {
    DWORD index;
    void *read;
    DWORD error;
};

static void *posix_thread(void *arg)
{
    struct posix_tls *p = arg;

    p->read = TlsGetValue(p->index);            /* NULL before any set */
    if (p->read || !TlsSetValue(p->index, p))
        return NULL;
    SetLastError(0xdeadbeef);
    p->read = TlsGetValue(p->index);
    p->error = GetLastError();
    return p;
}

START_TEST(test_tls_works_in_thread_made_by_pthread_create)
{
    struct posix_tls p = { alloc_index(), NULL, 0 };
    pthread_t thread;
    void *ret = NULL;

    ck_assert(TlsSetValue(p.index, &thread));
    ck_assert_int_eq(pthread_create(&thread, NULL, posix_thread, &p), 0);
    ck_assert_int_eq(pthread_join(thread, &ret), 0);
    ck_assert_ptr_eq(ret, &p);
    ck_assert_ptr_eq(p.read, &p);
    ck_assert_uint_eq(p.error, ERROR_SUCCESS);
    ck_assert_ptr_eq(TlsGetValue(p.index), &thread);
    ck_assert(TlsFree(p.index));
}
END_TEST

/* ---- last error ---- */

START_TEST(test_get_value_success_clears_last_error)
{
    DWORD index = alloc_index();

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(TlsGetValue(index));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(TlsSetValue(index, &index));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(TlsGetValue(index), &index);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(TlsFree(index));
}
END_TEST

/* thread.c: TlsFree and TlsSetValue leave the last error alone on success. */
START_TEST(test_set_value_and_free_success_preserve_last_error)
{
    DWORD index = alloc_index();

    SetLastError(0xcafef00d);
    ck_assert(TlsSetValue(index, &index));
    ck_assert(TlsFree(index));
    ck_assert_uint_eq(GetLastError(), 0xcafef00d);
}
END_TEST

/* ---- invalid indexes ---- */

START_TEST(test_out_of_range_index_fails_with_invalid_parameter)
{
    static const DWORD bad[] = { TLS_SLOT_LIMIT, TLS_SLOT_LIMIT + 1, 0x7fffffff,
                                 TLS_OUT_OF_INDEXES };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        SetLastError(0);
        ck_assert_ptr_null(TlsGetValue(bad[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        ck_assert(!TlsSetValue(bad[i], &i));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        SetLastError(0);
        ck_assert(!TlsFree(bad[i]));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}
END_TEST

START_TEST(test_last_valid_index_is_usable)
{
    ck_assert(TlsSetValue(TLS_SLOT_LIMIT - 1, &test_last_valid_index_is_usable));
    ck_assert_ptr_eq(TlsGetValue(TLS_SLOT_LIMIT - 1), &test_last_valid_index_is_usable);
    ck_assert(TlsSetValue(TLS_SLOT_LIMIT - 1, NULL));
}
END_TEST

START_TEST(test_double_free_fails_with_invalid_parameter)
{
    DWORD index = alloc_index();

    ck_assert(TlsFree(index));
    SetLastError(0);
    ck_assert(!TlsFree(index));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

/* ---- allocation ---- */

START_TEST(test_indexes_are_distinct)
{
    enum { N = 100 };
    DWORD idx[N];

    for (int i = 0; i < N; i++) {
        idx[i] = alloc_index();
        for (int j = 0; j < i; j++)
            ck_assert_uint_ne(idx[i], idx[j]);
    }
    for (int i = 0; i < N; i++)
        ck_assert(TlsFree(idx[i]));
}
END_TEST

START_TEST(test_exhausting_indexes_gives_out_of_indexes_and_no_more_items)
{
    static DWORD idx[TLS_SLOT_LIMIT + 1];
    DWORD n = 0, again;

    while (n <= TLS_SLOT_LIMIT && (idx[n] = TlsAlloc()) != TLS_OUT_OF_INDEXES) {
        ck_assert_uint_lt(idx[n], TLS_SLOT_LIMIT);
        n++;
    }
    ck_assert_uint_ge(n, TLS_MINIMUM_AVAILABLE);
    ck_assert_uint_le(n, TLS_SLOT_LIMIT);
    SetLastError(0);
    ck_assert_uint_eq(TlsAlloc(), TLS_OUT_OF_INDEXES);
    ck_assert_uint_eq(GetLastError(), ERROR_NO_MORE_ITEMS);

    /* Freeing one makes exactly that one available again. */
    ck_assert(TlsFree(idx[n / 2]));
    again = TlsAlloc();
    ck_assert_uint_eq(again, idx[n / 2]);
    for (DWORD i = 0; i < n; i++)
        ck_assert(TlsFree(idx[i]));
    again = alloc_index();
    ck_assert(TlsFree(again));
}
END_TEST

static Suite *tls_suite(void)
{
    Suite *s = suite_create("tls");
    TCase *tc;

    tc = tcase_create("values");
    tcase_add_test(tc, test_set_value_is_read_back);
    tcase_add_test(tc, test_values_are_per_thread);
    tcase_add_test(tc, test_new_thread_reads_null_from_slot_set_elsewhere);
    tcase_add_test(tc, test_new_slot_reads_null_in_every_thread);
    tcase_add_test(tc, test_reallocated_slot_reads_null_in_thread_that_had_set_it);
    tcase_add_test(tc, test_tls_works_in_thread_made_by_pthread_create);
    suite_add_tcase(s, tc);

    tc = tcase_create("last_error");
    tcase_add_test(tc, test_get_value_success_clears_last_error);
    tcase_add_test(tc, test_set_value_and_free_success_preserve_last_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_add_test(tc, test_out_of_range_index_fails_with_invalid_parameter);
    tcase_add_test(tc, test_last_valid_index_is_usable);
    tcase_add_test(tc, test_double_free_fails_with_invalid_parameter);
    suite_add_tcase(s, tc);

    tc = tcase_create("allocation");
    tcase_add_test(tc, test_indexes_are_distinct);
    tcase_add_test(tc, test_exhausting_indexes_gives_out_of_indexes_and_no_more_items);
    suite_add_tcase(s, tc);

    return s;
}

W32_TEST_MAIN(tls_suite)
