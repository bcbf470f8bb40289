/* Anonymous pipes and standard handles: I/O, broken pipes, SIGPIPE, peeking. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"
#include "file.h"

static void make_pipe(HANDLE *r, HANDLE *w)
{
    ck_assert(CreatePipe(r, w, NULL, 0));
    ck_assert_ptr_nonnull(*r);
    ck_assert_ptr_nonnull(*w);
}

START_TEST(test_create_pipe_gives_two_handles_and_two_fds)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;

    make_pipe(&r, &w);
    ck_assert_ptr_ne(r, w);
    ck_assert_uint_eq(handle_count(), leak_handles_ + 2);
    ck_assert_int_eq(fd_count(), leak_fds_ + 2);
    ck_assert_uint_eq(GetFileType(r), FILE_TYPE_PIPE);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pipe_carries_bytes_in_order)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    char buf[16] = { 0 };
    DWORD n = 0;

    make_pipe(&r, &w);
    ck_assert(WriteFile(w, "hello", 5, &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert(WriteFile(w, " you", 4, &n, NULL));
    ck_assert(ReadFile(r, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 9);
    ck_assert_str_eq(buf, "hello you");
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pipe_fds_are_close_on_exec)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    struct w32_object *ref;
    int fd;

    make_pipe(&r, &w);
    fd = w32_handle_fd(r, 0, &ref);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    w32_object_unref(ref);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_inherit_flag_follows_security_attributes)
{
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE r, w;
    DWORD flags = 77;

    ck_assert(CreatePipe(&r, &w, &sa, 0));
    ck_assert(GetHandleInformation(r, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(GetHandleInformation(w, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    close_all((HANDLE[]){ r, w }, 2);
    make_pipe(&r, &w);
    ck_assert(GetHandleInformation(r, &flags));
    ck_assert_uint_eq(flags, 0);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_size_hint_grows_the_pipe)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    struct w32_object *ref;
    int fd;

    ck_assert(CreatePipe(&r, &w, NULL, 256 * 1024));
    fd = w32_handle_fd(w, 0, &ref);
    ck_assert_int_ge(fcntl(fd, F_GETPIPE_SZ), 256 * 1024);
    w32_object_unref(ref);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_pipe_with_null_out_pointer_is_noaccess)
{
    LEAK_CHECK_BEGIN();
    HANDLE r;

    ck_assert(!CreatePipe(&r, NULL, NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(!CreatePipe(NULL, &r, NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_after_writer_closed_drains_then_fails_broken_pipe)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    char buf[8];
    DWORD n = 77;

    make_pipe(&r, &w);
    ck_assert(WriteFile(w, "ab", 2, &n, NULL));
    ck_assert(CloseHandle(w));
    ck_assert(ReadFile(r, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(!ReadFile(r, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert_uint_eq(n, 0);
    ck_assert(!ReadFile(r, buf, 0, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert(CloseHandle(r));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_zero_byte_read_returns_at_once)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    char buf[4];
    DWORD n = 77, avail = 77;

    make_pipe(&r, &w);
    ck_assert(ReadFile(r, buf, 0, &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert(WriteFile(w, "ab", 2, &n, NULL));
    ck_assert(ReadFile(r, buf, 0, &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(avail, 2);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

static volatile sig_atomic_t sigpipe_count;

static void count_sigpipe(int sig)
{
    sigpipe_count++;
}

START_TEST(test_write_without_reader_fails_no_data_and_raises_no_sigpipe)
{
    LEAK_CHECK_BEGIN();
    struct sigaction sa = { .sa_handler = count_sigpipe }, old;
    HANDLE r, w;
    DWORD n = 77;
    sigset_t pending, mask;

    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGPIPE, &sa, &old), 0);
    make_pipe(&r, &w);
    ck_assert(CloseHandle(r));
    ck_assert(!WriteFile(w, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NO_DATA);
    ck_assert_uint_eq(n, 0);
    ck_assert(!WriteFile(w, "x", 0, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NO_DATA);
    ck_assert_int_eq(sigpipe_count, 0);
    sigpending(&pending);
    ck_assert(!sigismember(&pending, SIGPIPE));
    pthread_sigmask(SIG_SETMASK, NULL, &mask);
    ck_assert(!sigismember(&mask, SIGPIPE));
    ck_assert_int_eq(sigaction(SIGPIPE, &old, NULL), 0);
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pending_sigpipe_of_the_program_survives_a_broken_write)
{
    LEAK_CHECK_BEGIN();
    struct sigaction sa = { .sa_handler = count_sigpipe }, old;
    sigset_t set, oldmask;
    HANDLE r, w;
    DWORD n;

    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGPIPE, &sa, &old), 0);
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, &oldmask);
    pthread_kill(pthread_self(), SIGPIPE);
    make_pipe(&r, &w);
    ck_assert(CloseHandle(r));
    ck_assert(!WriteFile(w, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NO_DATA);
    ck_assert_int_eq(sigpipe_count, 0);
    pthread_sigmask(SIG_SETMASK, &oldmask, NULL);
    ck_assert_int_eq(sigpipe_count, 1);
    ck_assert_int_eq(sigaction(SIGPIPE, &old, NULL), 0);
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

#define MIB (1 << 20)

/* Reads a few bytes, so that the writer is inside its write, then leaves. */
static DWORD WINAPI read_some_then_close(LPVOID r)
{
    char buf[10];
    DWORD n;

    if (!ReadFile(r, buf, sizeof(buf), &n, NULL))
        return 1;
    return CloseHandle(r) ? 0 : 2;
}

/*
 * The pipe holds 64 KiB, so a 1 MiB write is still running when the reader
 * leaves: Linux returns the part written and raises SIGPIPE. Windows fails
 * such a pending write with ERROR_BROKEN_PIPE (Wine agrees). The default
 * disposition of SIGPIPE is left in place: a signal that escaped would kill
 * the test.
 */
START_TEST(test_reader_leaving_during_a_large_write_fails_broken_pipe_without_sigpipe)
{
    LEAK_CHECK_BEGIN();
    static char data[MIB];
    sigset_t pending;
    HANDLE r, w, reader;
    DWORD n;

    make_pipe(&r, &w);
    reader = CreateThread(NULL, 0, read_some_then_close, r, 0, NULL);
    ck_assert_ptr_nonnull(reader);
    ck_assert(!WriteFile(w, data, MIB, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert_uint_lt(n, MIB);
    ck_assert_uint_eq(exit_code(reader), 0);
    sigpending(&pending);
    ck_assert(!sigismember(&pending, SIGPIPE));
    close_all((HANDLE[]){ reader, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* Runs cmd to its end with no standard handles (all /dev/null). */
static void run_child(const char *cmd)
{
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    PROCESS_INFORMATION pi;
    char line[64];

    snprintf(line, sizeof(line), "%s", cmd);
    ck_assert(CreateProcessA(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    close_all((HANDLE[]){ pi.hProcess, pi.hThread }, 2);
}

/* A child that reads ten bytes of its input and exits. */
START_TEST(test_child_leaving_during_a_large_write_fails_broken_pipe_without_sigpipe)
{
    run_child("true");      /* the process monitor's fd lives as long as the process */
    LEAK_CHECK_BEGIN();
    static char data[MIB];
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    PROCESS_INFORMATION pi;
    char cmd[] = "head -c 10";
    HANDLE r, w;
    DWORD n;

    make_pipe(&r, &w);
    si.hStdInput = r;
    ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert(CloseHandle(r));
    ck_assert(!WriteFile(w, data, MIB, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert(!WriteFile(w, data, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NO_DATA);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    close_all((HANDLE[]){ pi.hProcess, pi.hThread, w }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wrong_end_is_access_denied)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    char c = 0;
    DWORD n, avail;

    make_pipe(&r, &w);
    ck_assert(!WriteFile(r, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!ReadFile(w, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(!PeekNamedPipe(w, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_peek_shows_data_without_consuming_it)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    char buf[8] = { 0 };
    DWORD n = 77, avail = 77, left = 77;

    make_pipe(&r, &w);
    ck_assert(PeekNamedPipe(r, buf, sizeof(buf), &n, &avail, &left));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(avail, 0);
    ck_assert(WriteFile(w, "hello", 5, &n, NULL));
    ck_assert(PeekNamedPipe(r, buf, 3, &n, &avail, &left));
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_eq(avail, 5);
    /* A byte pipe's message length (0) less the bytes copied, as Windows reports it. */
    ck_assert_uint_eq(left, (DWORD)-3);
    ck_assert_str_eq(buf, "hel");
    ck_assert(PeekNamedPipe(r, NULL, 0, NULL, NULL, NULL));
    memset(buf, 0, sizeof(buf));
    ck_assert(ReadFile(r, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(buf, "hello");
    ck_assert_int_eq(fd_count(), leak_fds_ + 2);
    close_all((HANDLE[]){ r, w }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_peek_of_broken_empty_pipe_fails_broken_pipe)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    DWORD avail = 77;

    make_pipe(&r, &w);
    ck_assert(CloseHandle(w));
    ck_assert(!PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert(CloseHandle(r));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_peek_of_a_file_fails_invalid_function)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateFileA("/dev/null", GENERIC_READ, 3, NULL, OPEN_EXISTING, 0, NULL);
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    DWORD avail;

    ck_assert(!PeekNamedPipe(h, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_FUNCTION);
    ck_assert(!PeekNamedPipe(ev, NULL, 0, NULL, &avail, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    close_all((HANDLE[]){ h, ev }, 2);
    LEAK_CHECK_END();
}
END_TEST

#define BIG (1024 * 1024)

static DWORD WINAPI write_big(LPVOID w)
{
    static char data[BIG];
    DWORD n;

    for (int i = 0; i < BIG; i++)
        data[i] = (char)(i * 7);
    return WriteFile(w, data, BIG, &n, NULL) && n == BIG ? 0 : 1;
}

START_TEST(test_large_write_completes_in_full_to_a_reader_thread)
{
    LEAK_CHECK_BEGIN();
    static char got[BIG];
    HANDLE r, w, thread;
    DWORD total = 0, n;

    make_pipe(&r, &w);
    thread = CreateThread(NULL, 0, write_big, w, 0, NULL);
    while (total < BIG && ReadFile(r, got + total, BIG - total, &n, NULL))
        total += n;
    ck_assert_uint_eq(total, BIG);
    for (int i = 0; i < BIG; i++)
        if (got[i] != (char)(i * 7))
            ck_abort_msg("byte %d is %d", i, got[i]);
    ck_assert_uint_eq(exit_code(thread), 0);
    close_all((HANDLE[]){ thread, r, w }, 3);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI drain(LPVOID r)
{
    char buf[512];
    DWORD n;

    while (ReadFile(r, buf, sizeof(buf), &n, NULL))
        ;
    return GetLastError();
}

START_TEST(test_closing_the_write_end_ends_a_blocked_reader_with_broken_pipe)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w, thread;
    DWORD n;

    make_pipe(&r, &w);
    thread = CreateThread(NULL, 0, drain, r, 0, NULL);
    ck_assert(WriteFile(w, "abc", 3, &n, NULL));
    ck_assert(CloseHandle(w));
    ck_assert_uint_eq(exit_code(thread), ERROR_BROKEN_PIPE);
    close_all((HANDLE[]){ thread, r }, 2);
    LEAK_CHECK_END();
}
END_TEST

#define HAMMER_WRITERS 3
#define HAMMER_ROUNDS 5000

static DWORD WINAPI hammer_write(LPVOID arg)
{
    HANDLE w = *(HANDLE *)arg;
    DWORD n, bad = 0;

    for (int i = 0; i < HAMMER_ROUNDS; i++)
        if (!WriteFile(w, "12345678", 8, &n, NULL) && GetLastError() != ERROR_INVALID_HANDLE)
            bad++;
    return bad;
}

static DWORD WINAPI count_bytes(LPVOID r)
{
    char buf[4096];
    DWORD n, total = 0;

    while (ReadFile(r, buf, sizeof(buf), &n, NULL))
        total += n;
    return GetLastError() == ERROR_BROKEN_PIPE ? total : (DWORD)-1;
}

START_TEST(test_threads_writing_while_the_handle_closes_are_safe)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w, reader, writers[HAMMER_WRITERS];
    DWORD total;

    make_pipe(&r, &w);
    reader = CreateThread(NULL, 0, count_bytes, r, 0, NULL);
    for (int i = 0; i < HAMMER_WRITERS; i++)
        writers[i] = CreateThread(NULL, 0, hammer_write, &w, 0, NULL);
    Sleep(1);
    ck_assert(CloseHandle(w));
    for (int i = 0; i < HAMMER_WRITERS; i++)
        ck_assert_uint_eq(exit_code(writers[i]), 0);
    total = exit_code(reader);
    ck_assert_uint_ne(total, (DWORD)-1);
    ck_assert_uint_eq(total % 8, 0);
    close_all(writers, HAMMER_WRITERS);
    close_all((HANDLE[]){ reader, r }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* ---- standard handles ---- */

START_TEST(test_std_handles_wrap_fds_0_1_2_once)
{
    HANDLE in, out, again;
    struct w32_object *ref;

    LEAK_CHECK_BEGIN();
    in = GetStdHandle(STD_INPUT_HANDLE);
    out = GetStdHandle(STD_OUTPUT_HANDLE);
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_ne(in, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(in, out);
    again = GetStdHandle(STD_OUTPUT_HANDLE);
    ck_assert_ptr_eq(again, out);
    ck_assert_uint_eq(handle_count(), leak_handles_ + 2);
    ck_assert_int_eq(fd_count(), leak_fds_);
    ck_assert_int_eq(w32_handle_fd(out, 0, &ref), 1);
    w32_object_unref(ref);
    ck_assert(CloseHandle(in));
    ck_assert(CloseHandle(out));
    ck_assert_int_ne(fcntl(0, F_GETFD), -1);
    ck_assert_int_ne(fcntl(1, F_GETFD), -1);
    ck_assert_ptr_eq(GetStdHandle(STD_OUTPUT_HANDLE), out);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI get_std_output(LPVOID arg)
{
    return (DWORD)(uintptr_t)GetStdHandle(STD_OUTPUT_HANDLE);
}

START_TEST(test_racing_first_calls_create_one_std_handle)
{
    HANDLE threads[4];
    DWORD values[4];

    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, get_std_output, NULL, 0, NULL);
    for (int i = 0; i < 4; i++)
        values[i] = exit_code(threads[i]);
    close_all(threads, 4);
    for (int i = 1; i < 4; i++)
        ck_assert_uint_eq(values[i], values[0]);
    ck_assert_uint_eq(values[0], (DWORD)(uintptr_t)GetStdHandle(STD_OUTPUT_HANDLE));
    ck_assert_uint_eq(handle_count(), leak_handles_ + 1);
    ck_assert(CloseHandle(GetStdHandle(STD_OUTPUT_HANDLE)));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_std_error_handle_writes_to_fd_2)
{
    int fds[2], saved = dup(2);
    char buf[8] = { 0 };
    DWORD n;

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[1], 2), 2);
    ck_assert(WriteFile(GetStdHandle(STD_ERROR_HANDLE), "err", 3, &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "err");
    ck_assert_uint_eq(GetFileType(GetStdHandle(STD_ERROR_HANDLE)), FILE_TYPE_PIPE);
    dup2(saved, 2);
    close(saved);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

START_TEST(test_set_std_handle_replaces_the_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w, old = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD before = handle_count();

    make_pipe(&r, &w);
    ck_assert(SetStdHandle(STD_OUTPUT_HANDLE, w));
    ck_assert_ptr_eq(GetStdHandle(STD_OUTPUT_HANDLE), w);
    ck_assert(SetStdHandle(STD_OUTPUT_HANDLE, old));
    ck_assert_ptr_eq(GetStdHandle(STD_OUTPUT_HANDLE), old);
    close_all((HANDLE[]){ r, w }, 2);
    ck_assert_uint_eq(handle_count(), before);
    ck_assert(CloseHandle(old));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_bad_std_handle_number_is_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    ck_assert_ptr_eq(GetStdHandle(5), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!SetStdHandle(5, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_closed_std_fd_gives_null_handle)
{
    int saved = dup(0);

    close(0);
    LEAK_CHECK_BEGIN();
    ck_assert_ptr_null(GetStdHandle(STD_INPUT_HANDLE));
    LEAK_CHECK_END();
    dup2(saved, 0);
    close(saved);
}
END_TEST

static Suite *pipe_suite(void)
{
    Suite *s = suite_create("pipe");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);

    tcase_add_test(tc, test_create_pipe_gives_two_handles_and_two_fds);
    tcase_add_test(tc, test_pipe_carries_bytes_in_order);
    tcase_add_test(tc, test_pipe_fds_are_close_on_exec);
    tcase_add_test(tc, test_inherit_flag_follows_security_attributes);
    tcase_add_test(tc, test_size_hint_grows_the_pipe);
    tcase_add_test(tc, test_create_pipe_with_null_out_pointer_is_noaccess);
    tcase_add_test(tc, test_read_after_writer_closed_drains_then_fails_broken_pipe);
    tcase_add_test(tc, test_zero_byte_read_returns_at_once);
    tcase_add_test(tc, test_write_without_reader_fails_no_data_and_raises_no_sigpipe);
    tcase_add_test(tc, test_pending_sigpipe_of_the_program_survives_a_broken_write);
    tcase_add_test(tc, test_reader_leaving_during_a_large_write_fails_broken_pipe_without_sigpipe);
    tcase_add_test(tc, test_child_leaving_during_a_large_write_fails_broken_pipe_without_sigpipe);
    tcase_add_test(tc, test_wrong_end_is_access_denied);
    tcase_add_test(tc, test_peek_shows_data_without_consuming_it);
    tcase_add_test(tc, test_peek_of_broken_empty_pipe_fails_broken_pipe);
    tcase_add_test(tc, test_peek_of_a_file_fails_invalid_function);
    tcase_add_test(tc, test_large_write_completes_in_full_to_a_reader_thread);
    tcase_add_test(tc, test_closing_the_write_end_ends_a_blocked_reader_with_broken_pipe);
    tcase_add_test(tc, test_threads_writing_while_the_handle_closes_are_safe);
    tcase_add_test(tc, test_std_handles_wrap_fds_0_1_2_once);
    tcase_add_test(tc, test_racing_first_calls_create_one_std_handle);
    tcase_add_test(tc, test_std_error_handle_writes_to_fd_2);
    tcase_add_test(tc, test_set_std_handle_replaces_the_handle);
    tcase_add_test(tc, test_bad_std_handle_number_is_invalid_handle);
    tcase_add_test(tc, test_closed_std_fd_gives_null_handle);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(pipe_suite)
