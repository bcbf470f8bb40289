/* Byte-range locks (filelock.c): kinds on any handle, no window on unlock, waits, fds. */
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"

static char test_dir[64];
static char file_path[PATH_MAX];

static void setup(void)
{
    int fd;

    snprintf(test_dir, sizeof(test_dir), "/tmp/w32shim-filelock-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(test_dir));
    snprintf(file_path, sizeof(file_path), "%s/f", test_dir);
    fd = open(file_path, O_CREAT | O_WRONLY, 0644);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(file_path);
    rmdir(test_dir);
}

static HANDLE open_f(DWORD access)
{
    HANDLE h = CreateFileA(file_path, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, 0, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

static BOOL lock(HANDLE h, DWORD flags, DWORD offset, DWORD length)
{
    OVERLAPPED ov = { .Offset = offset };

    return LockFileEx(h, flags, 0, length, 0, &ov);
}

static BOOL try_lock(HANDLE h, bool exclusive, DWORD offset, DWORD length)
{
    return lock(h, LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0), offset,
                length);
}

static BOOL unlock(HANDLE h, DWORD offset, DWORD length)
{
    OVERLAPPED ov = { .Offset = offset };

    return UnlockFileEx(h, 0, length, 0, &ov);
}

START_TEST(test_both_kinds_on_read_only_and_write_only_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE r = open_f(GENERIC_READ), w = open_f(GENERIC_WRITE), other = open_f(GENERIC_READ);

    ck_assert(try_lock(r, true, 0, 10));
    ck_assert(try_lock(w, false, 20, 10));
    ck_assert(try_lock(w, true, 40, 10));
    ck_assert(try_lock(r, false, 60, 10));
    ck_assert(!try_lock(other, false, 5, 1));
    ck_assert_uint_eq(GetLastError(), ERROR_LOCK_VIOLATION);
    ck_assert(!try_lock(other, true, 25, 1));
    ck_assert(!try_lock(other, false, 45, 1));
    ck_assert(try_lock(other, false, 65, 1));
    ck_assert(!try_lock(other, true, 65, 1));
    ck_assert(unlock(other, 65, 1));
    close_all((HANDLE[]){ r, w, other }, 3);
    LEAK_CHECK_END();
}
END_TEST

/* A handle's first lock may take an fd (a reopening); its close gives it back. */
START_TEST(test_locks_take_at_most_one_fd_until_close)
{
    LEAK_CHECK_BEGIN();
    HANDLE r = open_f(GENERIC_READ);
    int fds = fd_count();

    for (DWORD i = 0; i < 50; i++)
        ck_assert(try_lock(r, i % 2, i * 10, 5));
    ck_assert_int_le(fd_count(), fds + 1);
    for (DWORD i = 0; i < 50; i++)
        ck_assert(unlock(r, i * 10, 5));
    ck_assert(CloseHandle(r));
    LEAK_CHECK_END();
}
END_TEST

/* More locks than the run finder keeps on its stack, overlapping in a chain. */
START_TEST(test_many_overlapping_shared_locks_unlock_in_any_order)
{
    enum { N = 40 };
    HANDLE a = open_f(GENERIC_READ), b = open_f(GENERIC_READ | GENERIC_WRITE);
    int order[N];

    for (int i = 0; i < N; i++) {
        ck_assert(try_lock(a, false, (DWORD)i, 10));
        order[i] = i;
    }
    srand(7);
    for (int i = N - 1; i > 0; i--) {
        int j = rand() % (i + 1), t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (int k = 0; k < N; k++) {
        ck_assert(unlock(a, (DWORD)order[k], 10));
        /* Every byte a lock still covers stays locked, every other byte is free. */
        for (DWORD x = 0; x < N + 10; x++) {
            bool covered = false;
            for (int m = k + 1; m < N; m++)
                covered |= x >= (DWORD)order[m] && x < (DWORD)order[m] + 10;
            BOOL got = try_lock(b, true, x, 1);
            ck_assert_msg(got == !covered, "byte %u after %d unlocks", (unsigned)x, k + 1);
            if (got)
                ck_assert(unlock(b, x, 1));
        }
    }
    close_all((HANDLE[]){ a, b }, 2);
}
END_TEST

struct prober {
    HANDLE file;
    bool exclusive;     /* the kind of lock it tries */
    atomic_bool stop;
    atomic_int stolen;
    atomic_long tries;
};

/* Tries, without waiting, to lock a byte that the other handle always holds. */
static DWORD WINAPI probe_loop(LPVOID arg)
{
    struct prober *p = arg;

    while (!atomic_load(&p->stop)) {
        if (try_lock(p->file, p->exclusive, 60, 1)) {
            atomic_fetch_add(&p->stolen, 1);
            unlock(p->file, 60, 1);
        }
        atomic_fetch_add(&p->tries, 1);
    }
    return 0;
}

static int stolen_count(struct prober *p)
{
    return atomic_load(&p->stolen);
}

/*
 * Handle a always holds [50, 150) shared, and unlocks and relocks [0, 100)
 * over it: no instant may leave byte 60 free for another handle's exclusive
 * lock (the bug: an unlock of the whole range, then the other lock again).
 * The checks cannot fail falsely; a window is found only if the prober
 * runs inside it, which tens of thousands of rounds make likely.
 */
START_TEST(test_unlocking_one_of_two_overlapping_locks_never_frees_the_other)
{
    struct prober p = { .file = open_f(GENERIC_READ | GENERIC_WRITE), .exclusive = true };
    HANDLE a = open_f(GENERIC_READ | GENERIC_WRITE), thread;
    long rounds = 0;

    ck_assert(try_lock(a, false, 50, 100));
    ck_assert(try_lock(a, false, 0, 100));
    thread = CreateThread(NULL, 0, probe_loop, &p, 0, NULL);
    while (rounds < 20000 || atomic_load(&p.tries) < 1000) {
        ck_assert(unlock(a, 0, 100));
        ck_assert(try_lock(a, false, 0, 100));
        rounds++;
    }
    atomic_store(&p.stop, true);
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(stolen_count(&p), 0);
    /* A shared lock over the handle's exclusive one, on and off: byte 60 never
     * turns shared for an instant (the bug: a shared lock, then the exclusive
     * one again). */
    ck_assert(unlock(a, 0, 100) && unlock(a, 50, 100));
    ck_assert(try_lock(a, true, 50, 100));
    atomic_store(&p.stop, false);
    p.exclusive = false;
    close_all((HANDLE[]){ thread }, 1);
    thread = CreateThread(NULL, 0, probe_loop, &p, 0, NULL);
    for (rounds = 0; rounds < 20000 || atomic_load(&p.tries) < 1000; rounds++) {
        ck_assert(try_lock(a, false, 0, 100));
        ck_assert(unlock(a, 0, 100));
    }
    atomic_store(&p.stop, true);
    ck_assert_uint_eq(WaitForSingleObject(thread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(stolen_count(&p), 0);
    close_all((HANDLE[]){ thread, a, p.file }, 3);
}
END_TEST

struct waiter {
    HANDLE file;
    DWORD flags, offset, length;
};

static DWORD WINAPI wait_for_lock(LPVOID arg)
{
    struct waiter *w = arg;

    return lock(w->file, w->flags, w->offset, w->length) ? 0 : GetLastError();
}

/*
 * A waiting shared lock over the handle's own exclusive lock waits only for
 * the bytes another handle holds, and never for the handle itself.
 */
START_TEST(test_waiting_shared_lock_over_own_exclusive_waits_for_the_other_handle)
{
    LEAK_CHECK_BEGIN();
    struct waiter w = { open_f(GENERIC_READ), 0, 5, 15 };
    HANDLE b = open_f(GENERIC_WRITE), thread;

    ck_assert(try_lock(w.file, true, 0, 10));
    ck_assert(try_lock(b, true, 15, 1));
    thread = CreateThread(NULL, 0, wait_for_lock, &w, 0, NULL);
    ck_assert_uint_eq(WaitForSingleObject(thread, 20), WAIT_TIMEOUT);
    ck_assert(unlock(b, 15, 1));
    ck_assert_uint_eq(exit_code(thread), 0);
    /* Both of the waiter's locks hold: b gets neither byte 5 nor byte 15. */
    ck_assert(!try_lock(b, false, 5, 1));
    ck_assert(!try_lock(b, true, 15, 1));
    ck_assert(try_lock(b, false, 15, 1) && unlock(b, 15, 1));
    ck_assert(unlock(w.file, 0, 10) && unlock(w.file, 5, 15));
    close_all((HANDLE[]){ thread, w.file, b }, 3);
    LEAK_CHECK_END();
}
END_TEST

/* A waiting exclusive lock the handle itself blocks fails at once (it could never end). */
START_TEST(test_waiting_lock_that_only_the_handle_itself_blocks_fails)
{
    HANDLE a = open_f(GENERIC_READ);

    ck_assert(try_lock(a, false, 0, 10));
    ck_assert(!lock(a, LOCKFILE_EXCLUSIVE_LOCK, 5, 10));
    ck_assert_uint_eq(GetLastError(), ERROR_LOCK_VIOLATION);
    ck_assert(unlock(a, 0, 10));
    ck_assert(CloseHandle(a));
}
END_TEST

START_TEST(test_bad_handles_and_rights)
{
    HANDLE h = CreateFileA(file_path, FILE_READ_ATTRIBUTES, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           0, NULL), ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert(!LockFile(h, 0, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!UnlockFile(h, 0, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!LockFile(NULL, 0, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!LockFile(ev, 0, 0, 1, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!LockFile(INVALID_HANDLE_VALUE, 0, 0, 1, 0));
    close_all((HANDLE[]){ h, ev }, 2);
}
END_TEST

static Suite *filelock_suite(void)
{
    Suite *s = suite_create("filelock");
    TCase *tc = tcase_create("locks");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_both_kinds_on_read_only_and_write_only_handles);
    tcase_add_test(tc, test_locks_take_at_most_one_fd_until_close);
    tcase_add_test(tc, test_many_overlapping_shared_locks_unlock_in_any_order);
    tcase_add_test(tc, test_waiting_shared_lock_over_own_exclusive_waits_for_the_other_handle);
    tcase_add_test(tc, test_waiting_lock_that_only_the_handle_itself_blocks_fails);
    tcase_add_test(tc, test_bad_handles_and_rights);
    suite_add_tcase(s, tc);

    tc = tcase_create("races");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_unlocking_one_of_two_overlapping_locks_never_frees_the_other);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(filelock_suite)
