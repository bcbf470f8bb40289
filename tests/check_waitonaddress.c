/* WaitOnAddress and WakeByAddress*: sizes, compare, timeouts, wake order and count, races. */
#include <string.h>
#include "testutil.h"
#include "waitonaddress.h"

#define RACE_ROUNDS 2000

static void await_queued(const volatile void *addr, DWORD n)
{
    for (int i = 0; i < LONG_WAIT && w32_address_waiters(addr) != n; i++)
        Sleep(1);
    ck_assert_uint_eq(w32_address_waiters(addr), n);
}

/* One waiter: waits on *word while it is 0; exit code 1 if woken, 2 on timeout. */
static DWORD WINAPI wait_once(LPVOID word)
{
    LONG zero = 0;

    return WaitOnAddress(word, &zero, sizeof(zero), LONG_WAIT) ? 1 : 2;
}

static HANDLE start_waiter(volatile LONG *word)
{
    HANDLE thread = CreateThread(NULL, 0, wait_once, (LPVOID)word, 0, NULL);

    ck_assert_ptr_nonnull(thread);
    return thread;
}

START_TEST(test_rejects_sizes_other_than_1_2_4_8)
{
    static const SIZE_T sizes[] = { 0, 3, 5, 6, 7, 9, 16 };
    LONGLONG value = 0, compare = 0;

    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(WaitOnAddress(&value, &compare, sizes[i], 0), FALSE);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    }
}
END_TEST

START_TEST(test_returns_at_once_when_values_differ)
{
    static const SIZE_T sizes[] = { 1, 2, 4, 8 };
    LONGLONG value = 0, compare = -1;

    for (size_t i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(WaitOnAddress(&value, &compare, sizes[i], INFINITE), TRUE);
        ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    }
}
END_TEST

START_TEST(test_equal_values_time_out)
{
    static const SIZE_T sizes[] = { 1, 2, 4, 8 };
    LONGLONG value = 0x1122334455667788, compare = value;
    ULONGLONG start;

    for (size_t i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(WaitOnAddress(&value, &compare, sizes[i], 0), FALSE);
        ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    }
    start = GetTickCount64();
    SetLastError(0xdeadbeef);
    ck_assert_int_eq(WaitOnAddress(&value, &compare, 8, 30), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    ck_assert_uint_ge(GetTickCount64() - start, 29);
    ck_assert_uint_eq(w32_address_waiters(&value), 0);
}
END_TEST

START_TEST(test_compares_only_address_size_bytes)
{
    LONGLONG value = 0x7f, compare = 0x017f;

    SetLastError(0xdeadbeef);
    ck_assert_int_eq(WaitOnAddress(&value, &compare, 1, 0), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    ck_assert_int_eq(WaitOnAddress(&value, &compare, 2, 0), TRUE);
}
END_TEST

START_TEST(test_unaligned_address_compares_its_bytes)
{
    unsigned char buf[16] = { 0 };
    ULONGLONG compare = 0;

    SetLastError(0xdeadbeef);
    ck_assert_int_eq(WaitOnAddress(buf + 3, &compare, 8, 0), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
    buf[10] = 1;
    ck_assert_int_eq(WaitOnAddress(buf + 3, &compare, 8, 0), TRUE);
    ck_assert_int_eq(WaitOnAddress(buf + 1, &compare, 8, 0), FALSE);
}
END_TEST

START_TEST(test_wake_with_nobody_waiting_does_nothing)
{
    LONG word = 0, zero = 0;

    SetLastError(0xdeadbeef);
    WakeByAddressSingle(&word);
    WakeByAddressAll(&word);
    WakeByAddressAll(NULL);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_int_eq(WaitOnAddress(&word, &zero, sizeof(zero), 0), FALSE);
    ck_assert_uint_eq(GetLastError(), ERROR_TIMEOUT);
}
END_TEST

START_TEST(test_wake_single_wakes_the_oldest_waiter_only)
{
    LEAK_CHECK_BEGIN();
    volatile LONG word = 0;
    HANDLE first, second;

    first = start_waiter(&word);
    await_queued(&word, 1);
    second = start_waiter(&word);
    await_queued(&word, 2);
    WakeByAddressSingle((PVOID)&word);
    ck_assert_uint_eq(exit_code(first), 1);
    ck_assert_uint_eq(w32_address_waiters(&word), 1);
    ck_assert_uint_eq(WaitForSingleObject(second, 0), WAIT_TIMEOUT);
    WakeByAddressSingle((PVOID)&word);
    ck_assert_uint_eq(exit_code(second), 1);
    ck_assert(CloseHandle(first));
    ck_assert(CloseHandle(second));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wake_all_wakes_every_waiter)
{
    LEAK_CHECK_BEGIN();
    volatile LONG word = 0;
    HANDLE threads[3];

    for (int i = 0; i < 3; i++)
        threads[i] = start_waiter(&word);
    await_queued(&word, 3);
    WakeByAddressAll((PVOID)&word);
    for (int i = 0; i < 3; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 1);
    ck_assert_uint_eq(w32_address_waiters(&word), 0);
    close_all(threads, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wake_reaches_only_its_address)
{
    LEAK_CHECK_BEGIN();
    volatile LONG words[2] = { 0, 0 };
    HANDLE thread = start_waiter(&words[0]);

    await_queued(&words[0], 1);
    WakeByAddressAll((PVOID)&words[1]);
    WakeByAddressSingle((PVOID)&words[1]);
    ck_assert_uint_eq(WaitForSingleObject(thread, 20), WAIT_TIMEOUT);
    ck_assert_uint_eq(w32_address_waiters(&words[0]), 1);
    WakeByAddressSingle((PVOID)&words[0]);
    ck_assert_uint_eq(exit_code(thread), 1);
    ck_assert(CloseHandle(thread));
    LEAK_CHECK_END();
}
END_TEST

/* Two threads take turns through a word: each waits for its own value. */
struct turns {
    volatile LONG word;
    int rounds;
};

static void take_turns(struct turns *t, LONG mine)
{
    for (int i = 0; i < t->rounds; i++) {
        LONG other = !mine;
        while (InterlockedCompareExchange(&t->word, mine, mine) != mine)
            WaitOnAddress(&t->word, &other, sizeof(other), INFINITE);
        InterlockedExchange(&t->word, other);
        WakeByAddressSingle((PVOID)&t->word);
    }
}

static DWORD WINAPI take_turns_as_one(LPVOID arg)
{
    take_turns(arg, 1);
    return 0;
}

START_TEST(test_ping_pong_loses_no_wake)
{
    LEAK_CHECK_BEGIN();
    struct turns t = { 0, RACE_ROUNDS * 5 };
    HANDLE thread = CreateThread(NULL, 0, take_turns_as_one, &t, 0, NULL);

    ck_assert_ptr_nonnull(thread);
    take_turns(&t, 0);
    ck_assert_uint_eq(exit_code(thread), 0);
    ck_assert(CloseHandle(thread));
    LEAK_CHECK_END();
}
END_TEST

/* Waiters with 1 ms timeouts race wakers: every wait ends, nothing is left queued. */
static DWORD WINAPI short_waits(LPVOID word)
{
    LONG zero = 0;

    for (int i = 0; i < RACE_ROUNDS / 10; i++)
        WaitOnAddress(word, &zero, sizeof(zero), 1);
    return 0;
}

START_TEST(test_timeouts_racing_wakes_stay_consistent)
{
    LEAK_CHECK_BEGIN();
    volatile LONG word = 0;
    HANDLE threads[3];

    for (int i = 0; i < 3; i++) {
        threads[i] = CreateThread(NULL, 0, short_waits, (LPVOID)&word, 0, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    while (WaitForMultipleObjects(3, threads, TRUE, 0) == WAIT_TIMEOUT) {
        WakeByAddressSingle((PVOID)&word);
        WakeByAddressAll((PVOID)&word);
    }
    ck_assert_uint_eq(w32_address_waiters(&word), 0);
    close_all(threads, 3);
    LEAK_CHECK_END();
}
END_TEST

static Suite *waitonaddress_suite(void)
{
    Suite *s = suite_create("waitonaddress");
    TCase *tc = tcase_create("waitonaddress");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_rejects_sizes_other_than_1_2_4_8);
    tcase_add_test(tc, test_returns_at_once_when_values_differ);
    tcase_add_test(tc, test_equal_values_time_out);
    tcase_add_test(tc, test_compares_only_address_size_bytes);
    tcase_add_test(tc, test_unaligned_address_compares_its_bytes);
    tcase_add_test(tc, test_wake_with_nobody_waiting_does_nothing);
    tcase_add_test(tc, test_wake_single_wakes_the_oldest_waiter_only);
    tcase_add_test(tc, test_wake_all_wakes_every_waiter);
    tcase_add_test(tc, test_wake_reaches_only_its_address);
    tcase_add_test(tc, test_ping_pong_loses_no_wake);
    tcase_add_test(tc, test_timeouts_racing_wakes_stay_consistent);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(waitonaddress_suite)
