/* Consoles on pseudo-terminals: WriteConsole, ReadConsole, modes, Ctrl-C handlers, conio. */
#include <conio.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "testutil.h"
#include "file.h"

/* A pseudo-terminal: the master end the test drives, the slave end the console uses. */
struct pty {
    int master;
    int slave;
};

static struct pty open_pty(void)
{
    struct pty p;

    p.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    ck_assert_int_ge(p.master, 0);
    ck_assert_int_eq(grantpt(p.master), 0);
    ck_assert_int_eq(unlockpt(p.master), 0);
    p.slave = open(ptsname(p.master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    ck_assert_int_ge(p.slave, 0);
    return p;
}

static void close_pty(struct pty *p)
{
    close(p->master);
    close(p->slave);
}

/* A handle for a copy of the slave end with the given rights. */
static HANDLE console_handle(const struct pty *p, ACCESS_MASK access)
{
    int fd = fcntl(p->slave, F_DUPFD_CLOEXEC, 3);
    HANDLE h;

    ck_assert_int_ge(fd, 0);
    h = w32_handle_from_fd(fd, access, FALSE);
    ck_assert_ptr_nonnull(h);
    return h;
}

/* Reads exactly len bytes the console wrote, waiting at most LONG_WAIT in all. */
static void expect_output(int master, const char *expected, size_t len)
{
    char buf[256];
    size_t got = 0;

    ck_assert_uint_lt(len, sizeof(buf));
    while (got < len) {
        struct pollfd pfd = { .fd = master, .events = POLLIN };
        ssize_t n;

        ck_assert_int_eq(poll(&pfd, 1, LONG_WAIT), 1);
        n = read(master, buf + got, len - got);
        ck_assert_int_gt(n, 0);
        got += (size_t)n;
    }
    ck_assert(memcmp(buf, expected, len) == 0);
}

static void type_keys(int master, const char *keys)
{
    ck_assert_int_eq(write(master, keys, strlen(keys)), (ssize_t)strlen(keys));
}

static void set_lflag(int fd, tcflag_t on, tcflag_t off)
{
    struct termios tio;

    ck_assert_int_eq(tcgetattr(fd, &tio), 0);
    tio.c_lflag |= on;
    tio.c_lflag &= ~off;
    ck_assert_int_eq(tcsetattr(fd, TCSANOW, &tio), 0);
}

static tcflag_t lflag(int fd)
{
    struct termios tio;

    ck_assert_int_eq(tcgetattr(fd, &tio), 0);
    return tio.c_lflag;
}

/* ---- WriteConsole ---- */

START_TEST(test_write_console_a_writes_bytes_to_the_terminal)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    DWORD written = 0;

    SetLastError(0xdeadbeef);
    ck_assert(WriteConsoleA(out, "hi\xc3\xa9", 4, &written, NULL));
    ck_assert_uint_eq(written, 4);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    expect_output(p.master, "hi\xc3\xa9", 4);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_w_converts_utf16_to_utf8)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    const WCHAR text[] = u"caf\u00e9 \U0001F600";
    DWORD written = 0;

    ck_assert(WriteConsoleW(out, text, 7, &written, NULL));
    ck_assert_uint_eq(written, 7);
    expect_output(p.master, "caf\xc3\xa9 \xf0\x9f\x98\x80", 10);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_accepts_a_null_count_pointer)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);

    ck_assert(WriteConsoleA(out, "x", 1, NULL, NULL));
    ck_assert(WriteConsoleW(out, u"y", 1, NULL, NULL));
    expect_output(p.master, "xy", 2);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_of_nothing_succeeds)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    DWORD written = 99;

    ck_assert(WriteConsoleW(out, u"", 0, &written, NULL));
    ck_assert_uint_eq(written, 0);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_needs_write_access)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    DWORD written = 99;

    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleA(in, "x", 1, &written, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(written, 0);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_on_a_pipe_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    DWORD written = 99;

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleA(w, "x", 1, &written, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(written, 0);
    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleW(w, u"x", 1, &written, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(r));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_write_console_on_a_file_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    FILE *tmp = tmpfile();
    HANDLE file;

    ck_assert_ptr_nonnull(tmp);
    file = w32_handle_from_fd(dup(fileno(tmp)), GENERIC_WRITE, FALSE);
    fclose(tmp);
    ck_assert_ptr_nonnull(file);
    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleA(file, "x", 1, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(file));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_console_functions_reject_non_file_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    DWORD mode;

    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleA(NULL, "x", 1, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!WriteConsoleA(INVALID_HANDLE_VALUE, "x", 1, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleMode(event, &mode));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(event));
    LEAK_CHECK_END();
}
END_TEST

/* ---- modes ---- */

START_TEST(test_get_console_mode_of_input_reflects_the_terminal)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    DWORD mode = 0;

    set_lflag(p.slave, ICANON | ECHO | ISIG, 0);
    ck_assert(GetConsoleMode(in, &mode));
    ck_assert_uint_eq(mode & 7, ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT);
    set_lflag(p.slave, 0, ECHO | ISIG);
    ck_assert(GetConsoleMode(in, &mode));
    ck_assert_uint_eq(mode & 7, ENABLE_LINE_INPUT);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_console_mode_of_input_sets_termios_flags)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    DWORD mode = 0;

    ck_assert(SetConsoleMode(in, ENABLE_PROCESSED_INPUT));
    ck_assert_uint_eq(lflag(p.slave) & (ICANON | ECHO | ISIG), ISIG);
    ck_assert(SetConsoleMode(in, ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_INSERT_MODE));
    ck_assert_uint_eq(lflag(p.slave) & (ICANON | ECHO | ISIG), ICANON | ECHO);
    ck_assert(GetConsoleMode(in, &mode));
    ck_assert_uint_eq(mode, ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_INSERT_MODE);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* Windows' console host applies the mode, then reports the error. */
START_TEST(test_set_console_mode_echo_without_line_input_fails_but_applies)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);

    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleMode(in, ENABLE_ECHO_INPUT));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(lflag(p.slave) & (ICANON | ECHO | ISIG), ECHO);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_set_console_mode_rejects_unknown_bits)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    DWORD mode = 0;

    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleMode(in, 0x10000 | ENABLE_LINE_INPUT));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(GetConsoleMode(in, &mode));
    ck_assert_uint_eq(mode, ENABLE_LINE_INPUT);     /* applied, as on Windows */
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleMode(out, 0x100));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(GetConsoleMode(out, &mode));
    ck_assert_uint_eq(mode, ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT);
    ck_assert(CloseHandle(in));
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_output_mode_accepts_virtual_terminal_processing)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    DWORD mode = 0;

    ck_assert(GetConsoleMode(out, &mode));
    ck_assert_uint_eq(mode, ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT);
    ck_assert(SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING));
    ck_assert(GetConsoleMode(out, &mode));
    ck_assert_uint_eq(mode, ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT |
                            ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_console_mode_of_a_pipe_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    HANDLE r, w;
    DWORD mode = 42;

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleMode(r, &mode));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(mode, 42);
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleMode(w, ENABLE_PROCESSED_OUTPUT));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(r));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_console_mode_null_pointer_fails_with_noaccess)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);

    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleMode(out, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* ---- ReadConsole ---- */

START_TEST(test_read_console_a_returns_a_line_ending_in_crlf)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    char buf[32];
    DWORD n = 0;

    type_keys(p.master, "abc\n");
    ck_assert(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert(memcmp(buf, "abc\r\n", 5) == 0);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_console_keeps_what_does_not_fit_for_the_next_read)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    char buf[32];
    WCHAR wbuf[32];
    DWORD n = 0;

    type_keys(p.master, "abcd\n");
    ck_assert(ReadConsoleA(in, buf, 2, &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(memcmp(buf, "ab", 2) == 0);
    ck_assert(ReadConsoleW(in, wbuf, 1, &n, NULL));
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(wbuf[0], 'c');
    ck_assert(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(buf, "d\r\n", 3) == 0);
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_console_w_converts_utf8_to_utf16)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    WCHAR buf[32];
    DWORD n = 0;

    type_keys(p.master, "h\xc3\xa9\xf0\x9f\x98\x80\n");
    ck_assert(ReadConsoleW(in, buf, 3, &n, NULL));
    ck_assert_uint_eq(n, 2);    /* the surrogate pair is not split */
    ck_assert(buf[0] == 'h' && buf[1] == 0xE9);
    ck_assert(ReadConsoleW(in, buf, 32, &n, NULL));
    ck_assert_uint_eq(n, 4);
    ck_assert(buf[0] == 0xD83D && buf[1] == 0xDE00 && buf[2] == '\r' && buf[3] == '\n');
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_console_without_line_input_returns_single_keys)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    char buf[8];
    DWORD n = 0;

    ck_assert(SetConsoleMode(in, ENABLE_PROCESSED_INPUT));
    type_keys(p.master, "x");
    ck_assert(ReadConsoleA(in, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(buf[0], 'x');
    ck_assert(CloseHandle(in));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_read_console_needs_read_access)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_WRITE);
    char buf[8];
    DWORD n = 99;

    SetLastError(0xdeadbeef);
    ck_assert(!ReadConsoleA(out, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(n, 0);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* ---- Ctrl-C ---- */

static HANDLE ctrl_event;
static LONG ctrl_calls, ctrl_order;
static DWORD ctrl_type, ctrl_thread;

static BOOL WINAPI handler_true(DWORD type)
{
    ctrl_type = type;
    ctrl_thread = GetCurrentThreadId();
    InterlockedExchange(&ctrl_order, ctrl_order * 10 + 1);
    InterlockedIncrement(&ctrl_calls);
    SetEvent(ctrl_event);
    return TRUE;
}

static BOOL WINAPI handler_false(DWORD type)
{
    InterlockedExchange(&ctrl_order, ctrl_order * 10 + 2);
    InterlockedIncrement(&ctrl_calls);
    return FALSE;
}

/*
 * Check's runner handles SIGINT by killing the test's process group; each
 * Ctrl-C test starts from the default disposition instead.
 */
static void reset_sigint(void)
{
    struct sigaction dfl;

    memset(&dfl, 0, sizeof(dfl));
    sigemptyset(&dfl.sa_mask);
    dfl.sa_handler = SIG_DFL;
    ck_assert_int_eq(sigaction(SIGINT, &dfl, NULL), 0);
}

static void (*sigint_handler(void))(int)
{
    struct sigaction now;

    ck_assert_int_eq(sigaction(SIGINT, NULL, &now), 0);
    return now.sa_handler;
}

START_TEST(test_ctrl_handler_runs_on_another_thread_at_sigint)
{
    reset_sigint();
    ctrl_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert(SetConsoleCtrlHandler(handler_true, TRUE));
    ck_assert_int_eq(raise(SIGINT), 0);
    ck_assert_uint_eq(WaitForSingleObject(ctrl_event, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(ctrl_type, CTRL_C_EVENT);
    ck_assert_uint_ne(ctrl_thread, GetCurrentThreadId());
    ck_assert_int_eq(InterlockedCompareExchange(&ctrl_calls, 0, 0), 1);
    ck_assert(SetConsoleCtrlHandler(handler_true, FALSE));
    ck_assert(CloseHandle(ctrl_event));
}
END_TEST

/*
 * The first handler starts the dispatcher thread. When it cannot (no address
 * space left for the thread's stack), that call fails with
 * ERROR_NOT_ENOUGH_MEMORY and the next one tries again: it used to be a
 * one-time initialisation that failed every later call of the program.
 */
START_TEST(test_failing_to_start_the_dispatcher_is_not_for_ever)
{
    struct rlimit saved;
    BOOL added;

    reset_sigint();
    ctrl_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!starve_address_space(&saved)) {
        ck_assert(CloseHandle(ctrl_event));
        return;
    }
    SetLastError(0xdead);
    added = SetConsoleCtrlHandler(handler_true, TRUE);
    feed_address_space(&saved);
    ck_assert(!added);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_MEMORY);
    ck_assert(sigint_handler() == SIG_DFL);
    ck_assert(SetConsoleCtrlHandler(handler_true, TRUE));
    ck_assert_int_eq(raise(SIGINT), 0);
    ck_assert_uint_eq(WaitForSingleObject(ctrl_event, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(SetConsoleCtrlHandler(handler_true, FALSE));
    ck_assert(CloseHandle(ctrl_event));
}
END_TEST

START_TEST(test_ctrl_handlers_run_newest_first_until_one_returns_true)
{
    reset_sigint();
    ctrl_event = CreateEventA(NULL, FALSE, FALSE, NULL);
    ck_assert(SetConsoleCtrlHandler(handler_false, TRUE));
    ck_assert(SetConsoleCtrlHandler(handler_true, TRUE));
    ck_assert(SetConsoleCtrlHandler(handler_false, TRUE));
    ck_assert_int_eq(raise(SIGINT), 0);
    ck_assert_uint_eq(WaitForSingleObject(ctrl_event, LONG_WAIT), WAIT_OBJECT_0);
    /* The newest handler_false, then handler_true, which stops the walk. */
    ck_assert_int_eq(InterlockedCompareExchange(&ctrl_order, 0, 0), 21);
    ck_assert(SetConsoleCtrlHandler(handler_false, FALSE));
    ck_assert(SetConsoleCtrlHandler(handler_true, FALSE));
    ck_assert(SetConsoleCtrlHandler(handler_false, FALSE));
    ck_assert(CloseHandle(ctrl_event));
}
END_TEST

static void program_handler(int sig)
{
}

START_TEST(test_removing_the_last_handler_restores_the_program_disposition)
{
    struct sigaction mine;

    memset(&mine, 0, sizeof(mine));
    mine.sa_handler = program_handler;
    sigemptyset(&mine.sa_mask);
    ck_assert_int_eq(sigaction(SIGINT, &mine, NULL), 0);
    ck_assert(SetConsoleCtrlHandler(handler_true, TRUE));
    ck_assert(sigint_handler() != program_handler);
    ck_assert(SetConsoleCtrlHandler(handler_false, TRUE));
    ck_assert(SetConsoleCtrlHandler(handler_true, FALSE));
    ck_assert(sigint_handler() != program_handler);
    ck_assert(SetConsoleCtrlHandler(handler_false, FALSE));
    ck_assert(sigint_handler() == program_handler);
}
END_TEST

START_TEST(test_no_handler_leaves_sigint_alone)
{
    reset_sigint();
    ck_assert(sigint_handler() == SIG_DFL);
    ck_assert(SetConsoleCtrlHandler(NULL, FALSE));
    ck_assert(sigint_handler() == SIG_DFL);
}
END_TEST

START_TEST(test_removing_an_unknown_handler_fails)
{
    reset_sigint();
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleCtrlHandler(handler_true, FALSE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(sigint_handler() == SIG_DFL);
}
END_TEST

START_TEST(test_null_handler_true_ignores_ctrl_c)
{
    reset_sigint();
    ck_assert(SetConsoleCtrlHandler(NULL, TRUE));
    ck_assert(sigint_handler() == SIG_IGN);
    ck_assert_int_eq(raise(SIGINT), 0);     /* survives */
    ck_assert(SetConsoleCtrlHandler(NULL, FALSE));
    ck_assert(sigint_handler() == SIG_DFL);
}
END_TEST

START_TEST(test_ignored_ctrl_c_skips_the_handlers)
{
    reset_sigint();
    ck_assert(SetConsoleCtrlHandler(handler_false, TRUE));
    ck_assert(SetConsoleCtrlHandler(NULL, TRUE));
    ck_assert(sigint_handler() == SIG_IGN);
    ck_assert(SetConsoleCtrlHandler(NULL, FALSE));
    ck_assert(sigint_handler() != SIG_IGN && sigint_handler() != SIG_DFL);
    ck_assert(SetConsoleCtrlHandler(handler_false, FALSE));
    ck_assert(sigint_handler() == SIG_DFL);
}
END_TEST

START_TEST(test_when_every_handler_declines_sigint_ends_the_process)
{
    int status;
    pid_t child;

    reset_sigint();
    child = fork();

    ck_assert_int_ge(child, 0);
    if (child == 0) {
        if (!SetConsoleCtrlHandler(handler_false, TRUE))
            _exit(2);
        raise(SIGINT);
        Sleep(LONG_WAIT);
        _exit(3);
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGINT);
}
END_TEST

/* ---- code pages, title ---- */

START_TEST(test_console_code_page_is_utf8)
{
    ck_assert_uint_eq(GetConsoleCP(), CP_UTF8);
    ck_assert_uint_eq(GetConsoleOutputCP(), CP_UTF8);
    ck_assert(SetConsoleOutputCP(CP_UTF8));
    ck_assert(SetConsoleCP(CP_UTF8));
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleOutputCP(437));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(GetConsoleOutputCP(), CP_UTF8);
}
END_TEST

START_TEST(test_set_console_title_writes_an_escape_sequence)
{
    struct pty p = open_pty();
    int saved = dup(STDOUT_FILENO);

    fflush(stdout);
    ck_assert_int_ne(dup2(p.slave, STDOUT_FILENO), -1);
    ck_assert(SetConsoleTitleA("t\x01x"));
    ck_assert(SetConsoleTitleW(u"\u00e9"));
    ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
    close(saved);
    expect_output(p.master, "\033]0;t?x\a\033]0;\xc3\xa9\a", 15);
    close_pty(&p);
}
END_TEST

/* The screen buffer is the terminal's window: its size, the attributes
 * last set, the cursor at the start of its last row (doc/api.md). */
START_TEST(test_screen_buffer_info_is_the_terminal_window)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    struct winsize ws = { .ws_row = 43, .ws_col = 132 };
    HANDLE out = console_handle(&p, GENERIC_READ | GENERIC_WRITE);
    CONSOLE_SCREEN_BUFFER_INFO info;

    /* A terminal that does not know its size is 80 by 24. */
    ck_assert(GetConsoleScreenBufferInfo(out, &info));
    ck_assert_int_eq(info.dwSize.X, 80);
    ck_assert_int_eq(info.dwSize.Y, 24);
    ck_assert_int_eq(ioctl(p.master, TIOCSWINSZ, &ws), 0);
    memset(&info, 0x5a, sizeof(info));
    ck_assert(GetConsoleScreenBufferInfo(out, &info));
    ck_assert_int_eq(info.dwSize.X, 132);
    ck_assert_int_eq(info.dwSize.Y, 43);
    ck_assert_int_eq(info.dwMaximumWindowSize.X, 132);
    ck_assert_int_eq(info.dwMaximumWindowSize.Y, 43);
    ck_assert_int_eq(info.srWindow.Left, 0);
    ck_assert_int_eq(info.srWindow.Top, 0);
    ck_assert_int_eq(info.srWindow.Right, 131);
    ck_assert_int_eq(info.srWindow.Bottom, 42);
    ck_assert_int_eq(info.dwCursorPosition.X, 0);
    ck_assert_int_eq(info.dwCursorPosition.Y, 42);
    ck_assert_uint_eq(info.wAttributes, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleScreenBufferInfo(out, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* An input handle is no screen buffer; an output one needs read access. */
START_TEST(test_screen_buffer_functions_need_a_readable_output_handle)
{
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE in = console_handle(&p, GENERIC_READ);
    HANDLE write_only = console_handle(&p, GENERIC_WRITE);
    CONSOLE_SCREEN_BUFFER_INFO info;
    char c;

    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleScreenBufferInfo(in, &info));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleTextAttribute(in, FOREGROUND_RED));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetConsoleScreenBufferInfo(write_only, &info));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0xdeadbeef);
    ck_assert(!SetConsoleTextAttribute(write_only, FOREGROUND_RED));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    /* Nothing reached the terminal. */
    ck_assert_int_eq(fcntl(p.master, F_SETFL, O_NONBLOCK), 0);
    ck_assert_int_eq(read(p.master, &c, 1), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(CloseHandle(in));
    ck_assert(CloseHandle(write_only));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* Each attribute word becomes one SGR sequence; the console's first colours
 * (light grey on black) are the terminal's own. */
START_TEST(test_set_console_text_attribute_writes_sgr_sequences)
{
    static const struct {
        WORD attributes;
        const char *sgr;
    } cases[] = {
        { FOREGROUND_RED | FOREGROUND_INTENSITY | BACKGROUND_BLUE, "\033[0;91;44m" },
        { FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE, "\033[0m" },
        { FOREGROUND_GREEN | COMMON_LVB_REVERSE_VIDEO | COMMON_LVB_UNDERSCORE, "\033[0;32;7;4m" },
        { BACKGROUND_RED | BACKGROUND_GREEN | BACKGROUND_BLUE | BACKGROUND_INTENSITY,
          "\033[0;30;107m" },
        { FOREGROUND_BLUE | FOREGROUND_GREEN | FOREGROUND_INTENSITY | BACKGROUND_RED,
          "\033[0;96;41m" },
        { FOREGROUND_RED | FOREGROUND_BLUE | COMMON_LVB_GRID_HORIZONTAL, "\033[0;35m" },
    };
    LEAK_CHECK_BEGIN();
    struct pty p = open_pty();
    HANDLE out = console_handle(&p, GENERIC_READ | GENERIC_WRITE);
    CONSOLE_SCREEN_BUFFER_INFO info;

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert(SetConsoleTextAttribute(out, cases[i].attributes));
        expect_output(p.master, cases[i].sgr, strlen(cases[i].sgr));
        ck_assert(GetConsoleScreenBufferInfo(out, &info));
        ck_assert_uint_eq(info.wAttributes, cases[i].attributes);
    }
    ck_assert(CloseHandle(out));
    close_pty(&p);
    LEAK_CHECK_END();
}
END_TEST

/* Text the program printed before comes out before the sequence, as
 * Windows' C runtime has written it by then: stdout's unfinished line is
 * flushed when it is a terminal. */
START_TEST(test_console_writes_come_after_what_printf_left_in_stdout)
{
    struct pty p = open_pty();
    int saved = dup(STDOUT_FILENO);
    HANDLE out;

    fflush(stdout);
    ck_assert_int_ne(dup2(p.slave, STDOUT_FILENO), -1);
    out = console_handle(&p, GENERIC_READ | GENERIC_WRITE);
    ck_assert_int_eq(setvbuf(stdout, NULL, _IOFBF, BUFSIZ), 0);
    printf("a");
    ck_assert(SetConsoleTextAttribute(out, FOREGROUND_RED));
    printf("b");
    ck_assert(WriteConsoleA(out, "c", 1, NULL, NULL));
    printf("d");
    ck_assert(WriteConsoleW(out, u"e", 1, NULL, NULL));
    printf("f");
    ck_assert(SetConsoleTextAttribute(out, FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE));
    ck_assert(CloseHandle(out));
    fflush(stdout);
    ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
    close(saved);
    expect_output(p.master, "a\033[0;31mbcdef\033[0m", 16);
    close_pty(&p);
}
END_TEST

START_TEST(test_set_console_title_without_a_terminal_succeeds_quietly)
{
    int saved = dup(STDOUT_FILENO), null = open("/dev/null", O_WRONLY);

    fflush(stdout);
    ck_assert_int_ne(dup2(null, STDOUT_FILENO), -1);
    SetLastError(0xdeadbeef);
    ck_assert(SetConsoleTitleA("title"));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_int_ne(dup2(saved, STDOUT_FILENO), -1);
    close(saved);
    close(null);
}
END_TEST

/* ---- conio ---- */

/* Makes the slave the process's standard input and output. */
static void use_as_terminal(const struct pty *p)
{
    fflush(stdout);
    ck_assert_int_ne(dup2(p->slave, STDIN_FILENO), -1);
    ck_assert_int_ne(dup2(p->slave, STDOUT_FILENO), -1);
}

static DWORD WINAPI getch_thread(LPVOID arg)
{
    return (DWORD)_getch();
}

START_TEST(test_getch_reads_enter_as_cr_in_raw_mode_and_restores_the_terminal)
{
    struct pty p = open_pty();
    struct termios before, after;
    HANDLE thread;

    use_as_terminal(&p);
    ck_assert_int_eq(tcgetattr(p.slave, &before), 0);
    thread = CreateThread(NULL, 0, getch_thread, NULL, 0, NULL);
    ck_assert_ptr_nonnull(thread);
    /* Type only once _getch has put the terminal in raw mode. */
    for (int i = 0; i < LONG_WAIT && (lflag(p.slave) & ICANON); i++)
        Sleep(1);
    ck_assert_uint_eq(lflag(p.slave) & (ICANON | ECHO | ISIG), 0);
    type_keys(p.master, "\r");
    ck_assert_uint_eq(exit_code(thread), '\r');
    ck_assert(CloseHandle(thread));
    ck_assert_int_eq(tcgetattr(p.slave, &after), 0);
    ck_assert_uint_eq(after.c_lflag, before.c_lflag);
    ck_assert_uint_eq(after.c_iflag, before.c_iflag);
    close_pty(&p);
}
END_TEST

START_TEST(test_kbhit_reports_a_waiting_key_without_taking_it)
{
    struct pty p = open_pty();
    int hit = 0;

    use_as_terminal(&p);
    set_lflag(p.slave, 0, ECHO);
    ck_assert_int_eq(_kbhit(), 0);
    type_keys(p.master, "k");
    for (int i = 0; i < LONG_WAIT && !hit; i++) {
        hit = _kbhit();
        if (!hit)
            Sleep(1);
    }
    ck_assert_int_ne(hit, 0);
    ck_assert_int_ne(_kbhit(), 0);
    ck_assert_int_eq(_getch(), 'k');
    ck_assert_uint_eq(lflag(p.slave) & ICANON, ICANON);
    close_pty(&p);
}
END_TEST

START_TEST(test_getche_echoes_the_key)
{
    struct pty p = open_pty();

    use_as_terminal(&p);
    set_lflag(p.slave, 0, ECHO);
    type_keys(p.master, "e");
    ck_assert_int_eq(_getche(), 'e');
    expect_output(p.master, "e", 1);
    close_pty(&p);
}
END_TEST

START_TEST(test_putch_and_cputs_write_to_the_terminal)
{
    struct pty p = open_pty();

    use_as_terminal(&p);
    ck_assert_int_eq(_putch('A'), 'A');
    ck_assert_int_eq(_cputs("bc"), 0);
    expect_output(p.master, "Abc", 3);
    close_pty(&p);
}
END_TEST

static Suite *console_suite(void)
{
    Suite *s = suite_create("console");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_write_console_a_writes_bytes_to_the_terminal);
    tcase_add_test(tc, test_write_console_w_converts_utf16_to_utf8);
    tcase_add_test(tc, test_write_console_accepts_a_null_count_pointer);
    tcase_add_test(tc, test_write_console_of_nothing_succeeds);
    tcase_add_test(tc, test_write_console_needs_write_access);
    tcase_add_test(tc, test_write_console_on_a_pipe_fails_with_invalid_handle);
    tcase_add_test(tc, test_write_console_on_a_file_fails_with_invalid_handle);
    tcase_add_test(tc, test_console_functions_reject_non_file_handles);
    tcase_add_test(tc, test_get_console_mode_of_input_reflects_the_terminal);
    tcase_add_test(tc, test_set_console_mode_of_input_sets_termios_flags);
    tcase_add_test(tc, test_set_console_mode_echo_without_line_input_fails_but_applies);
    tcase_add_test(tc, test_set_console_mode_rejects_unknown_bits);
    tcase_add_test(tc, test_output_mode_accepts_virtual_terminal_processing);
    tcase_add_test(tc, test_console_mode_of_a_pipe_fails_with_invalid_handle);
    tcase_add_test(tc, test_get_console_mode_null_pointer_fails_with_noaccess);
    tcase_add_test(tc, test_read_console_a_returns_a_line_ending_in_crlf);
    tcase_add_test(tc, test_read_console_keeps_what_does_not_fit_for_the_next_read);
    tcase_add_test(tc, test_read_console_w_converts_utf8_to_utf16);
    tcase_add_test(tc, test_read_console_without_line_input_returns_single_keys);
    tcase_add_test(tc, test_read_console_needs_read_access);
    tcase_add_test(tc, test_ctrl_handler_runs_on_another_thread_at_sigint);
    tcase_add_test(tc, test_ctrl_handlers_run_newest_first_until_one_returns_true);
    tcase_add_test(tc, test_failing_to_start_the_dispatcher_is_not_for_ever);
    tcase_add_test(tc, test_removing_the_last_handler_restores_the_program_disposition);
    tcase_add_test(tc, test_no_handler_leaves_sigint_alone);
    tcase_add_test(tc, test_removing_an_unknown_handler_fails);
    tcase_add_test(tc, test_null_handler_true_ignores_ctrl_c);
    tcase_add_test(tc, test_ignored_ctrl_c_skips_the_handlers);
    tcase_add_test(tc, test_when_every_handler_declines_sigint_ends_the_process);
    tcase_add_test(tc, test_console_code_page_is_utf8);
    tcase_add_test(tc, test_set_console_title_writes_an_escape_sequence);
    tcase_add_test(tc, test_set_console_title_without_a_terminal_succeeds_quietly);
    tcase_add_test(tc, test_screen_buffer_info_is_the_terminal_window);
    tcase_add_test(tc, test_screen_buffer_functions_need_a_readable_output_handle);
    tcase_add_test(tc, test_set_console_text_attribute_writes_sgr_sequences);
    tcase_add_test(tc, test_console_writes_come_after_what_printf_left_in_stdout);
    tcase_add_test(tc, test_getch_reads_enter_as_cr_in_raw_mode_and_restores_the_terminal);
    tcase_add_test(tc, test_kbhit_reports_a_waiting_key_without_taking_it);
    tcase_add_test(tc, test_getche_echoes_the_key);
    tcase_add_test(tc, test_putch_and_cputs_write_to_the_terminal);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(console_suite)
