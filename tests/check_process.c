/* Processes: CreateProcess, the pidfd monitor, exit codes, TerminateProcess. */
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include "testutil.h"
#include "cmdline.h"

#define CHILDREN 200

static bool start(const char *cmdline, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    char *copy = strdup(cmdline);
    BOOL ok = CreateProcessA(NULL, copy, NULL, NULL, FALSE, 0, NULL, NULL, &si, pi);

    free(copy);
    return ok;
}

/* Runs cmdline to its end and returns its exit code; closes both handles. */
static DWORD run(const char *cmdline)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ck_assert_msg(start(cmdline, &pi), "CreateProcessA(%s): %u", cmdline, GetLastError());
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    return code;
}

static void assert_split(const char *cmdline, const char *const *expected)
{
    char **argv = w32_split_command_line(cmdline);
    int i;

    ck_assert_ptr_nonnull(argv);
    for (i = 0; expected[i]; i++) {
        ck_assert_ptr_nonnull(argv[i]);
        ck_assert_str_eq(argv[i], expected[i]);
    }
    ck_assert_ptr_null(argv[i]);
    for (i = 0; argv[i]; i++)
        free(argv[i]);
    free(argv);
}

/* The cases of Microsoft's "Parsing C++ command-line arguments" table. */
START_TEST(test_command_line_splits_as_windows_does)
{
    assert_split("prog \"a b c\" d e", (const char *const[]){ "prog", "a b c", "d", "e", NULL });
    assert_split("prog \"ab\\\"c\" \"\\\\\" d",
                 (const char *const[]){ "prog", "ab\"c", "\\", "d", NULL });
    assert_split("prog a\\\\\\b d\"e f\"g h",
                 (const char *const[]){ "prog", "a\\\\\\b", "de fg", "h", NULL });
    assert_split("prog a\\\\\\\"b c d", (const char *const[]){ "prog", "a\\\"b", "c", "d", NULL });
    assert_split("prog a\\\\\\\\\"b c\" d e",
                 (const char *const[]){ "prog", "a\\\\b c", "d", "e", NULL });
    assert_split("prog a\"b\"\" c d", (const char *const[]){ "prog", "ab\" c d", NULL });
    /* The program name takes no escapes, only quotes. */
    assert_split("\"C:\\Program Files\\x\\\" y", (const char *const[]){ "C:\\Program Files\\x\\", "y", NULL });
    /* The program name ends at the first blank, even the very first character. */
    assert_split("  x", (const char *const[]){ "", "x", NULL });
}
END_TEST

START_TEST(test_child_exit_code_and_ids)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    SetLastError(0xdead);
    ck_assert(start("sh -c \"exit 42\"", &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_uint_eq(GetProcessId(pi.hProcess), pi.dwProcessId);
    ck_assert_uint_eq(GetThreadId(pi.hThread), pi.dwThreadId);
    ck_assert_uint_eq(GetProcessIdOfThread(pi.hThread), pi.dwProcessId);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(pi.hThread, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 42);
    ck_assert(GetExitCodeThread(pi.hThread, &code));
    ck_assert_uint_eq(code, 42);
    /* Terminating a process that has ended changes nothing (as Wine does). */
    ck_assert(TerminateProcess(pi.hProcess, 9));
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 42);
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_terminate_process_sets_the_exit_code)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ck_assert(start("sleep 30", &pi));
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, 0), WAIT_TIMEOUT);
    ck_assert(TerminateProcess(pi.hProcess, 0x1234));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 0x1234);
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

/* A child killed by a signal gets the code Windows gives the matching crash. */
START_TEST(test_signal_deaths_have_defined_codes)
{
    LEAK_CHECK_BEGIN();
    ck_assert_uint_eq(run("sh -c \"kill -SEGV $$\""), 0xC0000005);
    ck_assert_uint_eq(run("sh -c \"kill -ABRT $$\""), 3);
    ck_assert_uint_eq(run("sh -c \"kill -TERM $$\""), 0xC0000000 | SIGTERM);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wait_for_several_children_and_an_event)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION slow, fast;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE hs[3];

    ck_assert(start("sleep 30", &slow));
    ck_assert(start("sh -c \"exit 5\"", &fast));
    hs[0] = ev;
    hs[1] = slow.hProcess;
    hs[2] = fast.hProcess;
    ck_assert_uint_eq(WaitForMultipleObjects(3, hs, FALSE, LONG_WAIT), WAIT_OBJECT_0 + 2);
    ck_assert_uint_eq(WaitForMultipleObjects(3, hs, TRUE, 20), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert(TerminateProcess(slow.hProcess, 1));
    ck_assert_uint_eq(WaitForMultipleObjects(3, hs, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    HANDLE all[] = { ev, slow.hProcess, slow.hThread, fast.hProcess, fast.hThread };
    close_all(all, 5);
    LEAK_CHECK_END();
}
END_TEST

static int zombies(void)
{
    /* waitid with WNOWAIT|WNOHANG sees an unreaped child of ours, if any. */
    siginfo_t info = { 0 };
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return 0;
    return info.si_pid != 0;
}

/* Handles, fds and zombies all return to zero: the monitor reaps every child. */
START_TEST(test_many_children_leave_nothing_behind)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi[8];

    for (int round = 0; round < CHILDREN / 8; round++) {
        for (int i = 0; i < 8; i++)
            ck_assert(start(i % 2 ? "true" : "sh -c \"exit 3\"", &pi[i]));
        for (int i = 0; i < 8; i++) {
            DWORD code = 0;
            ck_assert_uint_eq(WaitForSingleObject(pi[i].hProcess, LONG_WAIT), WAIT_OBJECT_0);
            ck_assert(GetExitCodeProcess(pi[i].hProcess, &code));
            ck_assert_uint_eq(code, i % 2 ? 0 : 3);
            ck_assert(CloseHandle(pi[i].hProcess));
            ck_assert(CloseHandle(pi[i].hThread));
        }
    }
    /* The monitor reaps right after signalling; give it a moment for the last ones. */
    for (int i = 0; i < 100 && zombies(); i++)
        Sleep(10);
    ck_assert_int_eq(zombies(), 0);
    LEAK_CHECK_END();
}
END_TEST

/* The child's object outlives its handles until the monitor has reaped it. */
START_TEST(test_closing_handles_of_a_running_child_is_safe)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;

    ck_assert(start("sh -c \"sleep 0.05\"", &pi));
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    for (int i = 0; i < 200 && kill((pid_t)pi.dwProcessId, 0) == 0; i++)
        Sleep(10);
    for (int i = 0; i < 100 && zombies(); i++)
        Sleep(10);
    ck_assert_int_eq(zombies(), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_process_failures)
{
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char missing[] = "w32shim_no_such_program_xyz";

    SetLastError(0);
    ck_assert(!CreateProcessA(NULL, missing, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    ck_assert(!CreateProcessA("/nonexistent_dir/prog", NULL, NULL, NULL, FALSE, 0, NULL, NULL,
                              &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    SetLastError(0);
    ck_assert(!CreateProcessA(NULL, NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert(!CreateProcessA("/bin/true", NULL, NULL, NULL, FALSE, 0, NULL, "/nonexistent_dir",
                              &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_DIRECTORY);
    SetLastError(0);
    ck_assert(!CreateProcessA("/bin/true", NULL, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL,
                              &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    si.dwFlags = STARTF_USESTDHANDLES;
    SetLastError(0);
    ck_assert(!CreateProcessA("/bin/true", NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_environment_and_directory_reach_the_child)
{
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si) };
    STARTUPINFOW siw = { .cb = sizeof(siw) };
    PROCESS_INFORMATION pi;
    char cmd[] = "sh -c \"test \\\"$PWD\\\" = / && exit $CODE\"";
    WCHAR cmdw[] = u"sh -c \"exit $CODE\"";
    DWORD code = 0;

    ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, "CODE=23\0PATH=/usr/bin:/bin\0",
                             "/", &si, &pi));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 23);
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));

    ck_assert(CreateProcessW(NULL, cmdw, NULL, NULL, FALSE, CREATE_UNICODE_ENVIRONMENT,
                             (LPVOID)u"CODE=24\0PATH=/usr/bin:/bin\0", NULL, &siw, &pi));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 24);
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_process_only_reaches_this_process)
{
    LEAK_CHECK_BEGIN();
    HANDLE self = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());

    ck_assert_ptr_nonnull(self);
    ck_assert_uint_eq(GetProcessId(self), GetCurrentProcessId());
    ck_assert(CloseHandle(self));
    SetLastError(0);
    ck_assert_ptr_null(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 1));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0);
    ck_assert_ptr_null(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0x7ffffff0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

/* The monitor's epoll fd lives as long as the process: open it before counting fds. */
static void start_the_monitor(void)
{
    run("true");
}

static Suite *process_suite(void)
{
    Suite *s = suite_create("process");
    TCase *tc = tcase_create("process");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, start_the_monitor, NULL);
    tcase_add_test(tc, test_command_line_splits_as_windows_does);
    tcase_add_test(tc, test_child_exit_code_and_ids);
    tcase_add_test(tc, test_terminate_process_sets_the_exit_code);
    tcase_add_test(tc, test_signal_deaths_have_defined_codes);
    tcase_add_test(tc, test_wait_for_several_children_and_an_event);
    tcase_add_test(tc, test_many_children_leave_nothing_behind);
    tcase_add_test(tc, test_closing_handles_of_a_running_child_is_safe);
    tcase_add_test(tc, test_create_process_failures);
    tcase_add_test(tc, test_environment_and_directory_reach_the_child);
    tcase_add_test(tc, test_open_process_only_reaches_this_process);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(process_suite)
