/* Processes: CreateProcess, the pidfd monitor, exit codes, TerminateProcess. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include "cmdline.h"
#include "file.h"
#include "handle.h"
#include "../lib/process.h"  /* not the C runtime's <process.h> of include/ */
#include "xproc.h"

#define CHILDREN 200

/* A forked creator of a suspended child starts the monitor thread: TSan must let it. */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "die_after_fork=0";
}

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
    ck_assert(!CreateProcessA("/bin/true", NULL, NULL, NULL, FALSE, DEBUG_PROCESS, NULL, NULL,
                              &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    SetLastError(0);
    ck_assert(!CreateProcessA(NULL, missing, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL,
                              &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    ck_assert(!CreateProcessA("/bin/true", NULL, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL,
                              "/nonexistent_dir", &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_DIRECTORY);
    /* Found, but not executable: the held child reports it before it waits. */
    SetLastError(0);
    ck_assert(!CreateProcessA("/etc/passwd", NULL, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL,
                              NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    LEAK_CHECK_END();
}
END_TEST

/* ---- CREATE_SUSPENDED ---- */

static bool start_suspended(const char *cmdline, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    char *copy = strdup(cmdline);
    BOOL ok = CreateProcessA(NULL, copy, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si,
                             pi);

    free(copy);
    return ok;
}

static int count_fds(pid_t pid)
{
    char path[64];
    struct dirent *e;
    int n = 0;
    DIR *d;

    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
    d = opendir(path);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* How many of fds 0-2 this process has open: a child without STARTF_USESTDHANDLES shares them. */
static int std_fds_open(void)
{
    int n = 0;

    for (int fd = 0; fd < 3; fd++)
        n += fcntl(fd, F_GETFD) >= 0;
    return n;
}

/* A suspended child runs any program once resumed; while it waits it holds
 * its standard fds, the record a w32shim parent passes (inherit.h), its
 * inbox for handles sent to it (xproc.h) and the two of its pipes to us (it
 * waits on one, has reported on the other), none of ours. */
START_TEST(test_suspended_child_holds_none_of_our_fds)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    int extra[2];

    ck_assert_int_eq(pipe(extra), 0);
    ck_assert(start_suspended("sh -c \"exit 9\"", &pi));
    ck_assert_int_eq(count_fds((pid_t)pi.dwProcessId), std_fds_open() + 4);
    close(extra[0]);
    close(extra[1]);
    ck_assert_uint_eq(ResumeThread(pi.hThread), 1);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 9);
    ck_assert_uint_eq(ResumeThread(pi.hThread), 0);
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    for (int i = 0; i < 100 && zombies(); i++)
        Sleep(10);
    ck_assert_int_eq(zombies(), 0);
    LEAK_CHECK_END();
}
END_TEST

/* A suspended child killed before it runs holds none of our fds once it is
 * signalled, while its handles stay open: its resume pipe goes with its end,
 * not with the last reference to it, which the monitor may drop after the
 * handles are closed. */
START_TEST(test_suspended_child_killed_unresumed_lets_its_fds_go)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ck_assert(start_suspended("true", &pi));
    ck_assert_int_gt(fd_count(), leak_fds_);
    ck_assert(TerminateProcess(pi.hProcess, 7));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_int_eq(fd_count(), leak_fds_);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

/* A child's identity as its handle lists it (pid and start time, xproc.h),
 * which other processes check against /proc/PID/stat to take the handle:
 * taken from the clock around its start, it must be /proc's. */
START_TEST(test_child_identity_is_its_proc_start_time)
{
    for (int i = 0; i < 50; i++) {
        PROCESS_INFORMATION pi;
        struct w32_object *obj;
        uint64_t listed, proc;
        int32_t pid;
        ck_assert(start_suspended("sh -c \"exit 0\"", &pi));
        obj = w32_handle_get(pi.hProcess, NULL, 0);
        ck_assert_ptr_nonnull(obj);
        ck_assert(w32_process_identity(obj, &pid, &listed));
        ck_assert_int_eq(pid, (int32_t)pi.dwProcessId);
        ck_assert(w32_xproc_start_time(pid, -1, &proc));
        ck_assert_uint_eq(listed, proc);
        w32_object_unref(obj);
        ck_assert(TerminateProcess(pi.hProcess, 1));
        ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    }
}
END_TEST

/* Handles closed without a resume: the child stays suspended while we run
 * (as on Windows); it is ours to terminate through OpenProcess. */
START_TEST(test_suspended_child_outlives_its_handles)
{
    PROCESS_INFORMATION pi;
    HANDLE h;
    DWORD code = 0;

    ck_assert(start_suspended("true", &pi));
    ck_assert(CloseHandle(pi.hThread));
    ck_assert(CloseHandle(pi.hProcess));
    h = OpenProcess(PROCESS_ALL_ACCESS, FALSE, pi.dwProcessId);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    ck_assert(TerminateProcess(h, 4));
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, 4);
    ck_assert(CloseHandle(h));
}
END_TEST

/* The creator ends without resuming it: the child is killed, its program never runs. */
START_TEST(test_suspended_child_dies_with_its_creator)
{
    char dir[] = "/tmp/w32shim-held-XXXXXX", cmd[128], mark[64];
    int go[2], report[2], pidfd;
    struct pollfd pfd;
    pid_t creator, held = 0;
    char c;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(mark, sizeof(mark), "%s/ran", dir);
    snprintf(cmd, sizeof(cmd), "sh -c \"touch %s\"", mark);
    ck_assert_int_eq(pipe(go), 0);
    ck_assert_int_eq(pipe(report), 0);
    creator = fork();
    ck_assert_int_ge(creator, 0);
    if (creator == 0) {
        PROCESS_INFORMATION pi;
        pid_t pid = start_suspended(cmd, &pi) ? (pid_t)pi.dwProcessId : 0;
        close(go[1]);
        if (write(report[1], &pid, sizeof(pid)) != sizeof(pid) || read(go[0], &c, 1) < 0)
            _exit(2);
        _exit(0);
    }
    close(go[0]);
    close(report[1]);
    ck_assert_int_eq(read(report[0], &held, sizeof(held)), sizeof(held));
    close(report[0]);
    ck_assert_int_gt(held, 0);
    pidfd = (int)syscall(SYS_pidfd_open, held, 0);
    ck_assert_int_ge(pidfd, 0);
    close(go[1]);
    ck_assert_int_eq(waitpid(creator, NULL, 0), creator);
    pfd = (struct pollfd){ .fd = pidfd, .events = POLLIN };
    ck_assert_int_eq(poll(&pfd, 1, (int)LONG_WAIT), 1);
    close(pidfd);
    ck_assert_int_ne(access(mark, F_OK), 0);
    rmdir(dir);
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

START_TEST(test_open_process_self_and_bad_pids)
{
    LEAK_CHECK_BEGIN();
    HANDLE self = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, GetCurrentProcessId());

    ck_assert_ptr_nonnull(self);
    ck_assert_uint_eq(GetProcessId(self), GetCurrentProcessId());
    ck_assert(CloseHandle(self));
    SetLastError(0);
    ck_assert_ptr_null(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert_ptr_null(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0x7ffffff0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

/* OpenProcess of a CreateProcess child gives another handle to its object. */
START_TEST(test_open_process_of_a_child_is_the_same_object)
{
    LEAK_CHECK_BEGIN();
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    HANDLE h;

    ck_assert(start("sleep 30", &pi));
    h = OpenProcess(PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE,
                    pi.dwProcessId);
    ck_assert_ptr_nonnull(h);
    ck_assert(CompareObjectHandles(h, pi.hProcess));
    ck_assert_uint_eq(GetProcessId(h), pi.dwProcessId);
    ck_assert(TerminateProcess(h, 42));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, 42);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

/* A process the program forked itself: waitable and its exit code readable
 * through OpenProcess, but left for the program to reap. */
START_TEST(test_open_process_of_a_program_child_leaves_it_to_the_program)
{
    int go[2], status = 0;
    DWORD code = 0;
    pid_t pid;
    HANDLE h;
    char c;

    ck_assert_int_eq(pipe(go), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(go[1]);
        _exit(read(go[0], &c, 1) == 0 ? 7 : 1);
    }
    close(go[0]);
    h = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    close(go[1]);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, 7);
    ck_assert(CloseHandle(h));
    /* Not reaped by w32shim: the program's own waitpid still gets it. */
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}
END_TEST

/* A process that is nobody's child here: waitable, but its exit code is not
 * known unless TerminateProcess set it. */
START_TEST(test_open_process_of_another_process_has_no_exit_code)
{
    int go[2], report[2];
    DWORD code = 0;
    pid_t pid, grandchild = 0;
    HANDLE h;
    char c;

    ck_assert_int_eq(pipe(go), 0);
    ck_assert_int_eq(pipe(report), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        pid_t g = fork();
        if (g == 0) {
            close(go[1]);
            _exit(read(go[0], &c, 1) == 0 ? 5 : 1);
        }
        _exit(write(report[1], &g, sizeof(g)) == sizeof(g) ? 0 : 1);
    }
    close(go[0]);
    close(report[1]);
    ck_assert_int_eq(read(report[0], &grandchild, sizeof(grandchild)), sizeof(grandchild));
    close(report[0]);
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    h = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)grandchild);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    close(go[1]);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    SetLastError(0);
    ck_assert(!GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(CloseHandle(h));
}
END_TEST

/* ---- standard handles and inheritance ---- */

/* Runs cmdline with si and inherit, waits for it and returns its exit code. */
static DWORD run_with(const char *cmdline, BOOL inherit, STARTUPINFOA *si)
{
    PROCESS_INFORMATION pi;
    char *copy = strdup(cmdline);
    DWORD code = 0;

    ck_assert_msg(CreateProcessA(NULL, copy, NULL, NULL, inherit, 0, NULL, NULL, si, &pi),
                  "CreateProcessA(%s): %u", cmdline, GetLastError());
    free(copy);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    return code;
}

/* What is in the pipe now (the writers may still be open); a C string. */
static void read_available(HANDLE pipe, char *buf, DWORD size)
{
    DWORD n = 0, avail = 0;

    ck_assert(PeekNamedPipe(pipe, NULL, 0, NULL, &avail, NULL));
    if (avail)
        ck_assert(ReadFile(pipe, buf, size - 1, &n, NULL));
    buf[n] = '\0';
}

static int fd_of(HANDLE h)
{
    struct w32_object *ref;
    int fd = w32_handle_fd(h, 0, &ref);

    ck_assert_int_ge(fd, 0);
    w32_object_unref(ref);
    return fd;
}

START_TEST(test_std_handles_redirect_the_child)
{
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    HANDLE in_r, in_w, out_r, out_w;
    char buf[64];
    DWORD n;

    ck_assert(CreatePipe(&in_r, &in_w, NULL, 0));
    ck_assert(CreatePipe(&out_r, &out_w, NULL, 0));
    ck_assert(WriteFile(in_w, "abc\n", 4, &n, NULL));
    ck_assert(CloseHandle(in_w));
    si.hStdInput = in_r;
    si.hStdOutput = out_w;
    si.hStdError = out_w;
    /* The handles need not be inheritable for this: they are given by name. */
    ck_assert_uint_eq(run_with("sh -c \"read x; echo got $x; echo err >&2\"", FALSE, &si), 0);
    read_available(out_r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "got abc\nerr\n");
    HANDLE all[] = { in_r, out_r, out_w };
    close_all(all, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_null_std_handle_is_dev_null)
{
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    HANDLE out_r, out_w;
    char buf[64];

    ck_assert(CreatePipe(&out_r, &out_w, NULL, 0));
    si.hStdInput = NULL;
    si.hStdOutput = out_w;
    si.hStdError = INVALID_HANDLE_VALUE;
    ck_assert_uint_eq(run_with("sh -c \"cat; echo end; readlink /proc/self/fd/2\"", FALSE, &si),
                      0);
    read_available(out_r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "end\n/dev/null\n");
    ck_assert(CloseHandle(out_r) && CloseHandle(out_w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_std_handle_that_is_no_file_fails)
{
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    PROCESS_INFORMATION pi;
    char cmd[] = "true";

    si.hStdOutput = ev;
    SetLastError(0);
    ck_assert(!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    si.hStdOutput = (HANDLE)(ULONG_PTR)0xdeadbee0;
    SetLastError(0);
    ck_assert(!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* hStdError is our fd 1 while hStdOutput replaces fd 1: the child still gets our fd 1 as 2. */
START_TEST(test_std_handles_that_are_our_std_fds_are_not_overwritten)
{
    HANDLE our_out = GetStdHandle(STD_OUTPUT_HANDLE);     /* a lasting handle: before counting */
    LEAK_CHECK_BEGIN();
    STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    HANDLE err_r, err_w, out_r, out_w;
    int saved = dup(1);
    char buf[64];

    ck_assert(CreatePipe(&err_r, &err_w, NULL, 0));
    ck_assert(CreatePipe(&out_r, &out_w, NULL, 0));
    ck_assert_int_eq(dup2(fd_of(err_w), 1), 1);
    si.hStdOutput = out_w;
    si.hStdError = our_out;
    ck_assert_uint_eq(run_with("sh -c \"echo out; echo err >&2\"", FALSE, &si), 0);
    ck_assert_int_eq(dup2(saved, 1), 1);
    close(saved);
    read_available(out_r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "out\n");
    read_available(err_r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "err\n");
    HANDLE all[] = { err_r, err_w, out_r, out_w };
    close_all(all, 4);
    LEAK_CHECK_END();
}
END_TEST

/* The child writes "hi" to fd (the inherited pipe's number); its exit code says if it could. */
static DWORD write_to_fd(int fd, BOOL inherit)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    char cmd[96];

    snprintf(cmd, sizeof(cmd), "sh -c \"exec 2>/dev/null; echo hi >&%d\"", fd);
    return run_with(cmd, inherit, &si);
}

START_TEST(test_inheritable_handle_reaches_the_child_only_when_asked)
{
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE r, w;
    char buf[16];

    ck_assert(CreatePipe(&r, &w, &sa, 0));
    ck_assert_uint_eq(write_to_fd(fd_of(w), TRUE), 0);
    read_available(r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "hi\n");
    ck_assert_uint_ne(write_to_fd(fd_of(w), FALSE), 0);
    read_available(r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "");
    ck_assert(CloseHandle(r) && CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_handle_without_inherit_flag_stays_behind)
{
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE r, w;
    char buf[16];

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert_uint_ne(write_to_fd(fd_of(w), TRUE), 0);
    ck_assert(CloseHandle(r) && CloseHandle(w));
    /* Clearing the flag afterwards counts too. */
    ck_assert(CreatePipe(&r, &w, &sa, 0));
    ck_assert(SetHandleInformation(w, HANDLE_FLAG_INHERIT, 0));
    ck_assert_uint_ne(write_to_fd(fd_of(w), TRUE), 0);
    read_available(r, buf, sizeof(buf));
    ck_assert_str_eq(buf, "");
    ck_assert(CloseHandle(r) && CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

/* Redirected children, one inheritable pipe each: no handle, fd or zombie is left. */
START_TEST(test_many_redirected_children_leave_nothing_behind)
{
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };

    for (int i = 0; i < CHILDREN; i++) {
        STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
        HANDLE r, w;
        char buf[16];
        ck_assert(CreatePipe(&r, &w, &sa, 0));
        si.hStdOutput = si.hStdError = w;
        ck_assert_uint_eq(run_with("sh -c \"echo x\"", TRUE, &si), 0);
        read_available(r, buf, sizeof(buf));
        ck_assert_str_eq(buf, "x\n");
        ck_assert(CloseHandle(r) && CloseHandle(w));
    }
    for (int i = 0; i < 100 && zombies(); i++)
        Sleep(10);
    ck_assert_int_eq(zombies(), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_startup_info_is_empty)
{
    STARTUPINFOA si;
    STARTUPINFOW siw;

    memset(&si, 0xff, sizeof(si));
    memset(&siw, 0xff, sizeof(siw));
    GetStartupInfoA(&si);
    GetStartupInfoW(&siw);
    ck_assert_uint_eq(si.cb, sizeof(si));
    ck_assert_uint_eq(si.dwFlags, 0);
    ck_assert_ptr_null(si.lpTitle);
    ck_assert_ptr_null(si.hStdOutput);
    ck_assert_uint_eq(siw.cb, sizeof(siw));
    ck_assert_uint_eq(siw.dwFlags, 0);
    ck_assert_ptr_null(siw.lpDesktop);
}
END_TEST

/* Windows appends ".exe" to a program named on the command line without an
 * extension (not to lpApplicationName, nor to a name ending in a period):
 * a port that builds its tools as NAME.exe runs them as NAME. */
START_TEST(test_command_line_program_takes_an_exe_suffix)
{
    char dir[] = "/tmp/w32shim-exe-XXXXXX", prog[64], cmd[96];
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(prog, sizeof(prog), "%s/tool.exe", dir);
    ck_assert_int_eq(symlink("/bin/true", prog), 0);
    snprintf(cmd, sizeof(cmd), "%s\\tool", dir);
    ck_assert_uint_eq(run(cmd), 0);
    snprintf(cmd, sizeof(cmd), "%s/tool.", dir);
    SetLastError(0xdead);
    ck_assert(!start(cmd, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    snprintf(cmd, sizeof(cmd), "%s/tool", dir);
    SetLastError(0xdead);
    ck_assert(!CreateProcessA(cmd, NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_int_eq(unlink(prog), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* Fills every free fd below a limit lowered to the fds in use plus a few. */
struct fd_fill {
    struct rlimit saved;
    int fds[64];
    int count;
};

static void fill_fds(struct fd_fill *fill)
{
    struct rlimit low;
    int fd;

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &fill->saved), 0);
    low = fill->saved;
    low.rlim_cur = (rlim_t)fd_count() + 48;
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &low), 0);
    fill->count = 0;
    while ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
        ck_assert_int_lt(fill->count, 64);
        fill->fds[fill->count++] = fd;
    }
    ck_assert_int_eq(errno, EMFILE);
}

static void unfill_fds(struct fd_fill *fill)
{
    while (fill->count > 0)
        close(fill->fds[--fill->count]);
    ck_assert_int_eq(setrlimit(RLIMIT_NOFILE, &fill->saved), 0);
}

/*
 * Out of fds, CreateProcess fails with ERROR_TOO_MANY_OPEN_FILES before the
 * child starts: the pidfd is made with the child, not after it has run. The
 * child would leave a file behind if it ran.
 */
START_TEST(test_create_process_out_of_fds_fails_before_the_child_runs)
{
    struct fd_fill fill;
    PROCESS_INFORMATION pi;
    char marker[64], cmd[128];

    snprintf(marker, sizeof(marker), "/tmp/w32shim-ran-%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "sh -c \"echo > %s\"", marker);
    unlink(marker);
    LEAK_CHECK_BEGIN();
    fill_fds(&fill);
    SetLastError(0xdead);
    ck_assert(!start(cmd, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_TOO_MANY_OPEN_FILES);
    unfill_fds(&fill);
    ck_assert_int_ne(access(marker, F_OK), 0);
    ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
    LEAK_CHECK_END();
    ck_assert_uint_eq(run(cmd), 0);
    ck_assert_int_eq(unlink(marker), 0);
}
END_TEST

/* The first CreateProcess of a program starts the monitor; failing to, out of
 * fds, must not make every later CreateProcess fail. */
START_TEST(test_first_create_process_out_of_fds_does_not_fail_forever)
{
    struct fd_fill fill;
    PROCESS_INFORMATION pi;

    fill_fds(&fill);
    SetLastError(0xdead);
    ck_assert(!start("true", &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_TOO_MANY_OPEN_FILES);
    unfill_fds(&fill);
    ck_assert_uint_eq(run("sh -c \"exit 7\""), 7);
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
    tcase_add_test(tc, test_suspended_child_holds_none_of_our_fds);
    tcase_add_test(tc, test_suspended_child_killed_unresumed_lets_its_fds_go);
    tcase_add_test(tc, test_child_identity_is_its_proc_start_time);
    tcase_add_test(tc, test_suspended_child_outlives_its_handles);
    tcase_add_test(tc, test_suspended_child_dies_with_its_creator);
    tcase_add_test(tc, test_child_exit_code_and_ids);
    tcase_add_test(tc, test_terminate_process_sets_the_exit_code);
    tcase_add_test(tc, test_signal_deaths_have_defined_codes);
    tcase_add_test(tc, test_wait_for_several_children_and_an_event);
    tcase_add_test(tc, test_many_children_leave_nothing_behind);
    tcase_add_test(tc, test_closing_handles_of_a_running_child_is_safe);
    tcase_add_test(tc, test_create_process_failures);
    tcase_add_test(tc, test_environment_and_directory_reach_the_child);
    tcase_add_test(tc, test_open_process_self_and_bad_pids);
    tcase_add_test(tc, test_open_process_of_a_child_is_the_same_object);
    tcase_add_test(tc, test_open_process_of_a_program_child_leaves_it_to_the_program);
    tcase_add_test(tc, test_open_process_of_another_process_has_no_exit_code);
    tcase_add_test(tc, test_std_handles_redirect_the_child);
    tcase_add_test(tc, test_null_std_handle_is_dev_null);
    tcase_add_test(tc, test_std_handle_that_is_no_file_fails);
    tcase_add_test(tc, test_std_handles_that_are_our_std_fds_are_not_overwritten);
    tcase_add_test(tc, test_inheritable_handle_reaches_the_child_only_when_asked);
    tcase_add_test(tc, test_handle_without_inherit_flag_stays_behind);
    tcase_add_test(tc, test_many_redirected_children_leave_nothing_behind);
    tcase_add_test(tc, test_startup_info_is_empty);
    tcase_add_test(tc, test_create_process_out_of_fds_fails_before_the_child_runs);
    tcase_add_test(tc, test_command_line_program_takes_an_exe_suffix);
    suite_add_tcase(s, tc);

    /* Without the fixture: the monitor is not started yet. */
    tc = tcase_create("first");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_first_create_process_out_of_fds_does_not_fail_forever);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(process_suite)
