/* Read sections and deferred reclamation (lib/rcu.c): when a retired block goes. */
#include "testutil.h"
#include "rcu.h"

static LONG released;

static void count_release(void *p)
{
    InterlockedIncrement(&released);
    free(p);
}

static LONG releases(void)
{
    return InterlockedCompareExchange(&released, 0, 0);
}

/* A thread that enters `depth` nested read sections and stays until told. */
struct reader {
    int depth;
    HANDLE inside;                  /* set once it is in its sections */
    HANDLE leave_inner;             /* set to leave all but the outermost */
    HANDLE leave;                   /* set to leave the outermost */
};

static DWORD WINAPI read_until_told(LPVOID param)
{
    struct reader *r = param;

    for (int i = 0; i < r->depth; i++)
        w32_read_lock();
    if (!SetEvent(r->inside) || WaitForSingleObject(r->leave_inner, LONG_WAIT) != WAIT_OBJECT_0)
        return FALSE;
    for (int i = 1; i < r->depth; i++)
        w32_read_unlock();
    if (WaitForSingleObject(r->leave, LONG_WAIT) != WAIT_OBJECT_0)
        return FALSE;
    w32_read_unlock();
    return TRUE;
}

/* Retires one block and reclaims: returns once the block may be freed. */
static DWORD WINAPI retire_and_reclaim(LPVOID unused)
{
    w32_retire(malloc(16), count_release);
    w32_reclaim();
    return TRUE;
}

static void check_reclaim_waits_for(int depth)
{
    struct reader r = { depth, CreateEventA(NULL, TRUE, FALSE, NULL),
                        CreateEventA(NULL, TRUE, FALSE, NULL),
                        CreateEventA(NULL, TRUE, FALSE, NULL) };
    HANDLE reader = CreateThread(NULL, 0, read_until_told, &r, 0, NULL);
    HANDLE reclaimer;

    ck_assert_ptr_nonnull(reader);
    ck_assert_uint_eq(WaitForSingleObject(r.inside, LONG_WAIT), WAIT_OBJECT_0);
    released = 0;
    reclaimer = CreateThread(NULL, 0, retire_and_reclaim, NULL, 0, NULL);
    ck_assert_ptr_nonnull(reclaimer);
    /* However long the reader stays, the block is not freed under it. */
    ck_assert_uint_eq(WaitForSingleObject(reclaimer, 50), WAIT_TIMEOUT);
    ck_assert(SetEvent(r.leave_inner));
    ck_assert_uint_eq(WaitForSingleObject(reclaimer, 50), WAIT_TIMEOUT);
    ck_assert_int_eq(releases(), 0);
    ck_assert(SetEvent(r.leave));
    ck_assert_uint_eq(exit_code(reclaimer), TRUE);
    ck_assert_int_eq(releases(), 1);
    ck_assert_uint_eq(exit_code(reader), TRUE);
    close_all((HANDLE[]){ reader, reclaimer, r.inside, r.leave_inner, r.leave }, 5);
}

START_TEST(test_reclaim_waits_for_a_read_section_running_at_retirement)
{
    LEAK_CHECK_BEGIN();
    check_reclaim_waits_for(1);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_reclaim_waits_for_the_outermost_of_nested_sections)
{
    LEAK_CHECK_BEGIN();
    check_reclaim_waits_for(3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_reclaim_frees_at_once_what_no_reader_holds)
{
    LEAK_CHECK_BEGIN();
    released = 0;
    for (int i = 0; i < 10; i++)
        w32_retire(malloc(16), count_release);
    ck_assert_int_eq(releases(), 0);
    w32_reclaim();
    ck_assert_int_eq(releases(), 10);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI retire_and_end(LPVOID unused)
{
    for (int i = 0; i < 5; i++)
        w32_retire(malloc(16), count_release);
    return releases() == 0;
}

START_TEST(test_a_thread_reclaims_what_it_retired_when_it_ends)
{
    LEAK_CHECK_BEGIN();
    released = 0;
    ck_assert_uint_eq(run_thread(retire_and_end, NULL), TRUE);
    ck_assert_int_eq(releases(), 5);
    LEAK_CHECK_END();
}
END_TEST

/* A reclaim point below the batch size leaves retired blocks alone. */
START_TEST(test_reclaim_point_waits_for_a_batch)
{
    LEAK_CHECK_BEGIN();
    w32_reclaim();
    released = 0;
    w32_retire(malloc(16), count_release);
    w32_reclaim_point();
    ck_assert_int_eq(releases(), 0);
    w32_reclaim();
    ck_assert_int_eq(releases(), 1);
    LEAK_CHECK_END();
}
END_TEST

static Suite *rcu_suite(void)
{
    Suite *s = suite_create("rcu");
    TCase *tc = tcase_create("rcu");

    tcase_add_test(tc, test_reclaim_waits_for_a_read_section_running_at_retirement);
    tcase_add_test(tc, test_reclaim_waits_for_the_outermost_of_nested_sections);
    tcase_add_test(tc, test_reclaim_frees_at_once_what_no_reader_holds);
    tcase_add_test(tc, test_a_thread_reclaims_what_it_retired_when_it_ends);
    tcase_add_test(tc, test_reclaim_point_waits_for_a_batch);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(rcu_suite)
