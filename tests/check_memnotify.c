/* Memory resource notifications: lifecycle, handles, the threshold rule, waits. */
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "testutil.h"
#include "../lib/memnotify.h"

#define MIB (1024ULL * 1024)

/* The forked child starts a monitor thread of its own: TSan must let it. */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "die_after_fork=0";
}

struct meminfo {
    uint64_t total, available;
};

static struct meminfo read_meminfo(void)
{
    struct meminfo m = { 0, 0 };
    char line[256];
    unsigned long long kb;
    FILE *f = fopen("/proc/meminfo", "r");

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
            m.total = kb * 1024;
        else if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
            m.available = kb * 1024;
    }
    fclose(f);
    ck_assert_uint_gt(m.total, 0);
    return m;
}

/* What Query answers for h, checked against a wait with no timeout. */
static BOOL query(HANDLE h)
{
    BOOL state = 0x55;

    ck_assert(QueryMemoryResourceNotification(h, &state));
    ck_assert(state == TRUE || state == FALSE);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), state ? WAIT_OBJECT_0 : WAIT_TIMEOUT);
    return state;
}

static void assert_query_fails(HANDLE h, PBOOL state)
{
    SetLastError(0xdeadbeef);
    ck_assert(!QueryMemoryResourceNotification(h, state));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}

START_TEST(test_create_rejects_an_unknown_type)
{
    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateMemoryResourceNotification(HighMemoryResourceNotification + 1));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateMemoryResourceNotification((MEMORY_RESOURCE_NOTIFICATION_TYPE)-1));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_each_create_is_a_handle_that_close_releases)
{
    LEAK_CHECK_BEGIN();
    DWORD before = handle_count();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE low2 = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);

    ck_assert_ptr_nonnull(low);
    ck_assert_ptr_nonnull(low2);
    ck_assert_ptr_nonnull(high);
    ck_assert_uint_eq(handle_count(), before + 3);
    ck_assert(CloseHandle(low));
    ck_assert_uint_eq(handle_count(), before + 2);
    SetLastError(0xdeadbeef);
    ck_assert(!CloseHandle(low));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    close_all((HANDLE[]){ low2, high }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* As on Windows, every notification of one kind is the one system-wide object. */
START_TEST(test_notifications_of_one_kind_are_one_object)
{
    LEAK_CHECK_BEGIN();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE low2 = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);

    ck_assert(CompareObjectHandles(low, low2));
    SetLastError(0xdeadbeef);
    ck_assert(!CompareObjectHandles(low, high));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SAME_OBJECT);
    close_all((HANDLE[]){ low, low2, high }, 3);
    LEAK_CHECK_END();
}
END_TEST

/*
 * The documented rule, from /proc/meminfo: low while available memory is at
 * most 32 MiB per 4 GiB of RAM (64 MiB at most), high while it is at least
 * three times that. Only asserted where available memory is clear of a
 * threshold by a margin, as it may move between the two readings.
 */
START_TEST(test_query_follows_the_rule_on_meminfo)
{
    LEAK_CHECK_BEGIN();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);
    struct meminfo m = read_meminfo();
    uint64_t low_mark = m.total / 128 < 64 * MIB ? m.total / 128 : 64 * MIB;
    uint64_t high_mark = 3 * low_mark, margin = 16 * MIB;
    BOOL is_low = query(low), is_high = query(high);

    if (m.available > low_mark + margin)
        ck_assert(!is_low);
    if (m.available + margin < low_mark)
        ck_assert(is_low);
    if (m.available > high_mark + margin)
        ck_assert(is_high);
    if (m.available + margin < high_mark)
        ck_assert(!is_high);
    ck_assert(!(is_low && is_high));
    close_all((HANDLE[]){ low, high }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_query_and_wait_follow_the_thresholds)
{
    LEAK_CHECK_BEGIN();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE high = CreateMemoryResourceNotification(HighMemoryResourceNotification);

    w32_memnotify_set_thresholds(true, UINT64_MAX, UINT64_MAX);
    ck_assert(query(low));
    ck_assert(!query(high));
    w32_memnotify_set_thresholds(true, 0, 0);
    ck_assert(!query(low));
    ck_assert(query(high));
    w32_memnotify_set_thresholds(false, 0, 0);
    close_all((HANDLE[]){ low, high }, 2);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI wait_for(LPVOID h)
{
    return WaitForSingleObject(h, LONG_WAIT);
}

/* The monitor thread, not the waiter, notices the change and wakes it. */
START_TEST(test_waiter_wakes_when_the_condition_begins)
{
    LEAK_CHECK_BEGIN();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE waiter;

    w32_memnotify_set_thresholds(true, 0, UINT64_MAX);
    ck_assert(!query(low));
    waiter = CreateThread(NULL, 0, wait_for, low, 0, NULL);
    ck_assert_ptr_nonnull(waiter);
    Sleep(20);      /* lets the waiter sleep first; the test holds either way */
    w32_memnotify_set_thresholds(true, UINT64_MAX, UINT64_MAX);
    ck_assert_uint_eq(exit_code(waiter), WAIT_OBJECT_0);
    ck_assert(query(low));
    w32_memnotify_set_thresholds(false, 0, 0);
    close_all((HANDLE[]){ waiter, low }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_query_rejects_other_handles_and_a_null_state)
{
    LEAK_CHECK_BEGIN();
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    HANDLE mutex = CreateMutexA(NULL, FALSE, NULL);
    HANDLE closed = CreateMemoryResourceNotification(HighMemoryResourceNotification);
    BOOL state = 0x55;

    ck_assert(CloseHandle(closed));
    assert_query_fails(NULL, &state);
    assert_query_fails(closed, &state);
    assert_query_fails(INVALID_HANDLE_VALUE, &state);
    assert_query_fails(GetCurrentThread(), &state);
    assert_query_fails(mutex, &state);
    assert_query_fails(low, NULL);
    ck_assert_int_eq(state, 0x55);
    SetLastError(0xdeadbeef);
    ck_assert(!SetEvent(low));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(mutex, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(mutex));
    close_all((HANDLE[]){ low, mutex }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* Windows' notifications are events, and Query reads an event without resetting it. */
START_TEST(test_query_reads_an_event_without_changing_it)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, TRUE, NULL);
    BOOL state = 0x55;

    ck_assert(QueryMemoryResourceNotification(ev, &state));
    ck_assert_int_eq(state, TRUE);
    ck_assert(QueryMemoryResourceNotification(ev, &state));
    ck_assert_int_eq(state, TRUE);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(QueryMemoryResourceNotification(ev, &state));
    ck_assert_int_eq(state, FALSE);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* Whether every other thread of this process sleeps in the kernel ('S'). */
static bool others_asleep(void)
{
    DIR *d = opendir("/proc/self/task");
    struct dirent *e;
    bool asleep = true;
    long self = syscall(SYS_gettid);

    ck_assert_ptr_nonnull(d);
    while (asleep && (e = readdir(d))) {
        char path[300], buf[512], *p;
        size_t n;
        FILE *f;

        if (e->d_name[0] == '.' || atol(e->d_name) == self)
            continue;
        snprintf(path, sizeof(path), "/proc/self/task/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (!f)
            continue;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = 0;
        p = strrchr(buf, ')');
        asleep = p && p[1] == ' ' && p[2] == 'S';
    }
    closedir(d);
    return asleep;
}

/* In the forked child: only a monitor of its own can wake this wait. */
static int child_waits_for_low(HANDLE low)
{
    BOOL state = TRUE;

    signal(SIGALRM, SIG_DFL);
    alarm(2 * LONG_WAIT / 1000 + 10);
    w32_memnotify_set_thresholds(true, 0, UINT64_MAX);
    if (!QueryMemoryResourceNotification(low, &state) || state)
        return 1;
    w32_memnotify_set_thresholds(true, UINT64_MAX, UINT64_MAX);
    return WaitForSingleObject(low, LONG_WAIT) == WAIT_OBJECT_0 ? 0 : 2;
}

/*
 * The parent's monitor thread is not in the child: the child starts its own.
 * Forked while the monitor sleeps, as a sanitizer's allocator needs
 * (tests/check_fork.c).
 */
START_TEST(test_forked_child_gets_a_monitor_of_its_own)
{
    HANDLE low = CreateMemoryResourceNotification(LowMemoryResourceNotification);
    int status = 0;
    pid_t pid;

    ck_assert_ptr_nonnull(low);
    for (int i = 0; i < LONG_WAIT && !others_asleep(); i++)
        Sleep(1);
    ck_assert(others_asleep());
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(child_waits_for_low(low));
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert(CloseHandle(low));
}
END_TEST

/* The first notification opens what the library keeps for them (the
 * monitor thread, /proc/meminfo), so the fd counts of the tests compare
 * like with like. */
static void first_notification(void)
{
    HANDLE h = CreateMemoryResourceNotification(LowMemoryResourceNotification);

    ck_assert_ptr_nonnull(h);
    CloseHandle(h);
}

static Suite *memnotify_suite(void)
{
    Suite *s = suite_create("memnotify");
    TCase *tc = tcase_create("memnotify");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, first_notification, NULL);
    tcase_add_test(tc, test_create_rejects_an_unknown_type);
    tcase_add_test(tc, test_each_create_is_a_handle_that_close_releases);
    tcase_add_test(tc, test_notifications_of_one_kind_are_one_object);
    tcase_add_test(tc, test_query_follows_the_rule_on_meminfo);
    tcase_add_test(tc, test_query_and_wait_follow_the_thresholds);
    tcase_add_test(tc, test_waiter_wakes_when_the_condition_begins);
    tcase_add_test(tc, test_query_rejects_other_handles_and_a_null_state);
    tcase_add_test(tc, test_query_reads_an_event_without_changing_it);
    tcase_add_test(tc, test_forked_child_gets_a_monitor_of_its_own);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(memnotify_suite)
