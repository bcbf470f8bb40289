/* Critical sections: Windows' fields, recursion, contention, flags, misuse, a hammer. */
#include <string.h>
#include "testutil.h"

#define NO_DEBUG_INFO ((PRTL_CRITICAL_SECTION_DEBUG)(ULONG_PTR)-1)
#define HAMMER_THREADS 4
#define HAMMER_ROUNDS 20000

static HANDLE my_id(void)
{
    return (HANDLE)(ULONG_PTR)GetCurrentThreadId();
}

static void assert_free(const CRITICAL_SECTION *cs)
{
    ck_assert_int_eq(cs->LockCount, -1);
    ck_assert_int_eq(cs->RecursionCount, 0);
    ck_assert_ptr_null(cs->OwningThread);
}

/* Waits until a thread has announced it sleeps on cs (LockCount 1). */
static void await_contended(CRITICAL_SECTION *cs)
{
    for (int i = 0; i < LONG_WAIT && __atomic_load_n(&cs->LockCount, __ATOMIC_RELAXED) != 1;
         i++)
        Sleep(1);
    ck_assert_int_eq(__atomic_load_n(&cs->LockCount, __ATOMIC_RELAXED), 1);
}

static DWORD WINAPI enter_and_leave(LPVOID arg)
{
    CRITICAL_SECTION *cs = arg;
    DWORD ok;

    EnterCriticalSection(cs);
    ok = cs->OwningThread == my_id() && cs->RecursionCount == 1;
    LeaveCriticalSection(cs);
    return ok;
}

static DWORD WINAPI try_enter(LPVOID arg)
{
    CRITICAL_SECTION *cs = arg;

    if (!TryEnterCriticalSection(cs))
        return 0;
    LeaveCriticalSection(cs);
    return 1;
}

static DWORD WINAPI leave_once(LPVOID arg)
{
    LeaveCriticalSection(arg);
    return 0;
}

START_TEST(test_initialize_sets_windows_fields)
{
    CRITICAL_SECTION cs;

    memset(&cs, 0x55, sizeof(cs));
    InitializeCriticalSection(&cs);
    assert_free(&cs);
    ck_assert_ptr_eq(cs.DebugInfo, NO_DEBUG_INFO);
    ck_assert_ptr_null(cs.LockSemaphore);
    ck_assert_uint_eq(cs.SpinCount, 0);
    ck_assert_uint_eq(sizeof(cs), 40);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_enter_records_owner_and_depth)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ck_assert_ptr_eq(cs.OwningThread, my_id());
    ck_assert_int_eq(cs.RecursionCount, 1);
    EnterCriticalSection(&cs);
    ck_assert_int_eq(cs.RecursionCount, 2);
    LeaveCriticalSection(&cs);
    ck_assert_ptr_eq(cs.OwningThread, my_id());
    ck_assert_int_eq(cs.RecursionCount, 1);
    LeaveCriticalSection(&cs);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_try_enter_takes_free_section_and_recurses)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(TryEnterCriticalSection(&cs), TRUE);
    ck_assert_int_eq(TryEnterCriticalSection(&cs), TRUE);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_eq(cs.OwningThread, my_id());
    ck_assert_int_eq(cs.RecursionCount, 2);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_try_enter_fails_while_another_thread_owns)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ck_assert_uint_eq(run_thread(try_enter, &cs), 0);
    ck_assert_ptr_eq(cs.OwningThread, my_id());
    ck_assert_int_eq(cs.RecursionCount, 1);
    LeaveCriticalSection(&cs);
    ck_assert_uint_eq(run_thread(try_enter, &cs), 1);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_enter_blocks_until_owner_leaves)
{
    LEAK_CHECK_BEGIN();
    CRITICAL_SECTION cs;
    HANDLE thread;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    EnterCriticalSection(&cs);
    thread = CreateThread(NULL, 0, enter_and_leave, &cs, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    await_contended(&cs);
    ck_assert_uint_eq(WaitForSingleObject(thread, 0), WAIT_TIMEOUT);
    LeaveCriticalSection(&cs);
    ck_assert_uint_eq(WaitForSingleObject(thread, 20), WAIT_TIMEOUT);
    LeaveCriticalSection(&cs);
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert(CloseHandle(thread));
    assert_free(&cs);
    DeleteCriticalSection(&cs);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_leave_by_other_thread_does_nothing)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    run_thread(leave_once, &cs);
    ck_assert_ptr_eq(cs.OwningThread, my_id());
    ck_assert_int_eq(cs.RecursionCount, 1);
    ck_assert_int_eq(cs.LockCount, 0);
    ck_assert_uint_eq(run_thread(try_enter, &cs), 0);
    LeaveCriticalSection(&cs);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_leave_of_free_section_does_nothing)
{
    CRITICAL_SECTION cs;

    InitializeCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    assert_free(&cs);
    EnterCriticalSection(&cs);
    ck_assert_int_eq(cs.RecursionCount, 1);
    LeaveCriticalSection(&cs);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_spin_count_drops_the_high_byte)
{
    CRITICAL_SECTION cs;

    ck_assert_int_eq(InitializeCriticalSectionAndSpinCount(&cs, 0x80001234), TRUE);
    ck_assert_uint_eq(cs.SpinCount, 0x1234);
    assert_free(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_set_spin_count_returns_previous)
{
    CRITICAL_SECTION cs;

    ck_assert_int_eq(InitializeCriticalSectionAndSpinCount(&cs, 4000), TRUE);
    ck_assert_uint_eq(SetCriticalSectionSpinCount(&cs, 77), 4000);
    ck_assert_uint_eq(cs.SpinCount, 77);
    ck_assert_uint_eq(SetCriticalSectionSpinCount(&cs, 0), 77);
    ck_assert_uint_eq(cs.SpinCount, 0);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_init_ex_accepts_documented_flags)
{
    static const DWORD flags[] = {
        0, CRITICAL_SECTION_NO_DEBUG_INFO, RTL_CRITICAL_SECTION_FLAG_DYNAMIC_SPIN,
        RTL_CRITICAL_SECTION_FLAG_STATIC_INIT, RTL_CRITICAL_SECTION_FLAG_FORCE_DEBUG_INFO,
    };
    CRITICAL_SECTION cs;

    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(InitializeCriticalSectionEx(&cs, 10, flags[i]), TRUE);
        ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
        ck_assert_ptr_eq(cs.DebugInfo, NO_DEBUG_INFO);
        ck_assert_uint_eq(cs.SpinCount, 10);
        assert_free(&cs);
        DeleteCriticalSection(&cs);
    }
}
END_TEST

START_TEST(test_init_ex_rejects_reserved_flags)
{
    CRITICAL_SECTION cs;

    memset(&cs, 0, sizeof(cs));
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(InitializeCriticalSectionEx(&cs, 0, 0x80000000), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_int_eq(cs.LockCount, 0);
    ck_assert_ptr_null(cs.DebugInfo);
}
END_TEST

START_TEST(test_delete_resets_the_fields)
{
    CRITICAL_SECTION cs;

    ck_assert_int_eq(InitializeCriticalSectionAndSpinCount(&cs, 100), TRUE);
    DeleteCriticalSection(&cs);
    assert_free(&cs);
    ck_assert_ptr_null(cs.DebugInfo);
    ck_assert_uint_eq(cs.SpinCount, 0);
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ck_assert_int_eq(cs.RecursionCount, 1);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
}
END_TEST

START_TEST(test_delete_while_held_lets_waiter_in)
{
    LEAK_CHECK_BEGIN();
    CRITICAL_SECTION cs;
    HANDLE thread;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    thread = CreateThread(NULL, 0, enter_and_leave, &cs, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    await_contended(&cs);
    DeleteCriticalSection(&cs);
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert(CloseHandle(thread));
    LeaveCriticalSection(&cs);
    ck_assert_int_eq(cs.LockCount, -1);
    ck_assert_ptr_null(cs.OwningThread);
    LEAK_CHECK_END();
}
END_TEST

struct hammer {
    CRITICAL_SECTION cs;
    long counter;               /* the section guards it */
    long inside;                /* threads inside right now; the section guards it */
    LONG violations;
};

static DWORD WINAPI hammer_thread(LPVOID arg)
{
    struct hammer *h = arg;

    for (int i = 0; i < HAMMER_ROUNDS; i++) {
        if (i % 3 == 0) {
            while (!TryEnterCriticalSection(&h->cs))
                ;
        } else {
            EnterCriticalSection(&h->cs);
        }
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

static void hammer(DWORD spin_count)
{
    LEAK_CHECK_BEGIN();
    struct hammer h = { .counter = 0 };
    HANDLE threads[HAMMER_THREADS];

    ck_assert_int_eq(InitializeCriticalSectionAndSpinCount(&h.cs, spin_count), TRUE);
    for (int i = 0; i < HAMMER_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, hammer_thread, &h, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < HAMMER_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, HAMMER_THREADS);
    ck_assert_int_eq(h.counter, (long)HAMMER_THREADS * HAMMER_ROUNDS);
    ck_assert_int_eq(h.violations, 0);
    assert_free(&h.cs);
    DeleteCriticalSection(&h.cs);
    LEAK_CHECK_END();
}

START_TEST(test_hammer_without_spinning_excludes)
{
    hammer(0);
}
END_TEST

START_TEST(test_hammer_with_spinning_excludes)
{
    hammer(4000);
}
END_TEST

static Suite *critsec_suite(void)
{
    Suite *s = suite_create("critsec");
    TCase *tc = tcase_create("critsec");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_initialize_sets_windows_fields);
    tcase_add_test(tc, test_enter_records_owner_and_depth);
    tcase_add_test(tc, test_try_enter_takes_free_section_and_recurses);
    tcase_add_test(tc, test_try_enter_fails_while_another_thread_owns);
    tcase_add_test(tc, test_enter_blocks_until_owner_leaves);
    tcase_add_test(tc, test_leave_by_other_thread_does_nothing);
    tcase_add_test(tc, test_leave_of_free_section_does_nothing);
    tcase_add_test(tc, test_spin_count_drops_the_high_byte);
    tcase_add_test(tc, test_set_spin_count_returns_previous);
    tcase_add_test(tc, test_init_ex_accepts_documented_flags);
    tcase_add_test(tc, test_init_ex_rejects_reserved_flags);
    tcase_add_test(tc, test_delete_resets_the_fields);
    tcase_add_test(tc, test_delete_while_held_lets_waiter_in);
    tcase_add_test(tc, test_hammer_without_spinning_excludes);
    tcase_add_test(tc, test_hammer_with_spinning_excludes);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(critsec_suite)
