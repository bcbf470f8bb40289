/*
 * Conformance: the current process (GetCurrentProcess, GetCurrentProcessId,
 * GetProcessId, GetExitCodeProcess, OpenProcess, TerminateProcess on bad
 * handles only), tick counts, the performance counter and SwitchToThread;
 * CreateProcess, ExitProcess and TerminateProcess with this program started
 * again in a child role.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stdlib.h>

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0xdeadbee0)

/* winbase.h and winuser.h values w32shim's headers do not define */
#ifndef STARTF_USEPOSITION
#define STARTF_USEPOSITION 0x00000004
#endif
#ifndef SW_SHOWMINNOACTIVE
#define SW_SHOWMINNOACTIVE 7
#endif

static void test_current_process_is_pseudo_handle(void)
{
    /* MS docs, GetCurrentProcess: "A pseudo handle is a special constant,
     * currently (HANDLE)-1". */
    SetLastError(0xdeadbeef);
    ok(GetCurrentProcess() == (HANDLE)(LONG_PTR)-1, "GetCurrentProcess() is %p",
       GetCurrentProcess());
    ok(GetCurrentProcess() == GetCurrentProcess(), "GetCurrentProcess() changes");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
}

static void test_process_id_of_pseudo_handle(void)
{
    DWORD pid = GetCurrentProcessId();

    ok(pid != 0, "GetCurrentProcessId() is 0");
    ok(GetCurrentProcessId() == pid, "GetCurrentProcessId() changes");
    SetLastError(0xdeadbeef);
    ok(GetProcessId(GetCurrentProcess()) == pid, "GetProcessId(GetCurrentProcess()) %lu, pid %lu",
       (unsigned long)GetProcessId(GetCurrentProcess()), (unsigned long)pid);
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
}

static DWORD WINAPI report_process_id(LPVOID arg)
{
    (void)arg;
    return GetCurrentProcessId();
}

static void test_process_id_same_in_every_thread(void)
{
    HANDLE thread = CreateThread(NULL, 0, report_process_id, NULL, 0, NULL);
    DWORD code = 0;

    ok(thread != NULL, "CreateThread failed");
    ok(WaitForSingleObject(thread, 5000) == WAIT_OBJECT_0, "the thread did not end");
    ok(GetExitCodeThread(thread, &code) && code == GetCurrentProcessId(),
       "another thread saw pid %lu, this one %lu", (unsigned long)code,
       (unsigned long)GetCurrentProcessId());
    CloseHandle(thread);
}

static void test_open_process_own_pid(void)
{
    HANDLE h;
    DWORD code = 0xdeadbeef;

    SetLastError(0xdeadbeef);
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE,
                    GetCurrentProcessId());
    ok(h != NULL, "OpenProcess(own pid) failed");
    ok(h != GetCurrentProcess(), "OpenProcess returned the pseudo-handle");
    ok(GetProcessId(h) == GetCurrentProcessId(), "GetProcessId %lu, pid %lu",
       (unsigned long)GetProcessId(h), (unsigned long)GetCurrentProcessId());
    ok(GetExitCodeProcess(h, &code) && code == STILL_ACTIVE, "exit code %lu",
       (unsigned long)code);
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    /* A running process is not signalled. */
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "the own process is signalled");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_open_process_inherit_flag(void)
{
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, TRUE, GetCurrentProcessId());
    DWORD flags = 0xdeadbeef;

    ok(h != NULL, "OpenProcess failed");
    ok(GetHandleInformation(h, &flags) && flags == HANDLE_FLAG_INHERIT, "flags %lu",
       (unsigned long)flags);
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_open_process_checks_access(void)
{
    HANDLE h = OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId());
    DWORD code = 0xdeadbeef;

    ok(h != NULL, "OpenProcess(SYNCHRONIZE) failed");
    /* Neither call has PROCESS_QUERY_(LIMITED_)INFORMATION. */
    SetLastError(0xdeadbeef);
    ok(GetProcessId(h) == 0, "GetProcessId without query access succeeded");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "GetProcessId: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(h, &code), "GetExitCodeProcess without query access succeeded");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "GetExitCodeProcess: error %lu",
       (unsigned long)GetLastError());
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "the wait failed");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_open_process_pid_zero(void)
{
    SetLastError(0xdeadbeef);
    ok(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, 0) == NULL,
       "OpenProcess(0) succeeded");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

static void test_process_id_of_wrong_handle(void)
{
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);

    ok(h != NULL, "CreateEventA failed");
    SetLastError(0xdeadbeef);
    ok(GetProcessId(h) == 0, "GetProcessId(event) is not 0");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "event: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetProcessId(NULL) == 0, "GetProcessId(NULL) is not 0");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetProcessId(BAD_HANDLE) == 0, "GetProcessId(bad) is not 0");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "bad: error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetProcessId(GetCurrentThread()) == 0, "GetProcessId(GetCurrentThread()) is not 0");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "thread: error %lu",
       (unsigned long)GetLastError());
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_exit_code_of_running_process(void)
{
    DWORD code = 0xdeadbeef;

    SetLastError(0xdeadbeef);
    ok(GetExitCodeProcess(GetCurrentProcess(), &code), "GetExitCodeProcess failed");
    ok(code == STILL_ACTIVE, "exit code %lu", (unsigned long)code);
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
}

static void test_exit_code_of_wrong_handle(void)
{
    HANDLE h = CreateEventA(NULL, FALSE, FALSE, NULL);
    DWORD code = 0xdeadbeef;

    ok(h != NULL, "CreateEventA failed");
    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(h, &code), "GetExitCodeProcess(event) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "event: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(NULL, &code), "GetExitCodeProcess(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetExitCodeProcess(GetCurrentThread(), &code),
       "GetExitCodeProcess(GetCurrentThread()) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "thread: error %lu",
       (unsigned long)GetLastError());
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_terminate_process_wrong_handle(void)
{
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, NULL);

    /* Never on this process: only handles that are not processes. */
    ok(h != NULL, "CreateEventA failed");
    SetLastError(0xdeadbeef);
    ok(!TerminateProcess(h, 3), "TerminateProcess(event) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "event: error %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!TerminateProcess(NULL, 3), "TerminateProcess(NULL) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "NULL: error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!TerminateProcess(BAD_HANDLE, 3), "TerminateProcess(bad) succeeded");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "bad: error %lu", (unsigned long)GetLastError());
    /* The event is untouched. */
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "the event became signalled");
    ok(SetEvent(h), "the event no longer works");
    ok(CloseHandle(h), "CloseHandle failed");
}

static void test_tick_count_monotonic(void)
{
    ULONGLONG first = GetTickCount64(), prev = first, now = first;
    int i;

    for (i = 0; i < 100000; i++) {
        now = GetTickCount64();
        if (now < prev)
            break;
        prev = now;
    }
    ok(i == 100000, "GetTickCount64 went back from %llu to %llu", (unsigned long long)prev,
       (unsigned long long)now);
    Sleep(50);
    now = GetTickCount64();
    /* Windows' tick is about 15.6 ms: allow one tick of slack. */
    ok(now - first >= 30, "%llu ms passed over a 50 ms sleep",
       (unsigned long long)(now - first));
}

static void test_tick_count_matches_tick_count64(void)
{
    ULONGLONG before = GetTickCount64();
    DWORD ticks = GetTickCount();
    ULONGLONG after = GetTickCount64();

    /* GetTickCount is the low 32 bits of GetTickCount64 (modulo the wrap). */
    ok((DWORD)(ticks - (DWORD)before) <= (DWORD)(after - before),
       "GetTickCount %lu outside [%llu, %llu]", (unsigned long)ticks,
       (unsigned long long)before, (unsigned long long)after);
}

static void test_performance_frequency_constant(void)
{
    LARGE_INTEGER a, b;

    a.QuadPart = b.QuadPart = -1;
    SetLastError(0xdeadbeef);
    ok(QueryPerformanceFrequency(&a), "QueryPerformanceFrequency failed");
    ok(QueryPerformanceFrequency(&b), "second QueryPerformanceFrequency failed");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    /* MS docs: fixed at boot and the same on all processors; the value
     * itself varies between systems. */
    ok(a.QuadPart > 0, "frequency %lld", (long long)a.QuadPart);
    ok(a.QuadPart == b.QuadPart, "frequency changed from %lld to %lld", (long long)a.QuadPart,
       (long long)b.QuadPart);
}

static void test_performance_counter_monotonic(void)
{
    LARGE_INTEGER freq, first, prev, now;
    double seconds;
    int i;

    ok(QueryPerformanceFrequency(&freq) && freq.QuadPart > 0, "no frequency");
    SetLastError(0xdeadbeef);
    ok(QueryPerformanceCounter(&first), "QueryPerformanceCounter failed");
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
    ok(first.QuadPart > 0, "counter %lld", (long long)first.QuadPart);
    prev = now = first;
    for (i = 0; i < 100000; i++) {
        if (!QueryPerformanceCounter(&now) || now.QuadPart < prev.QuadPart)
            break;
        prev = now;
    }
    ok(i == 100000, "counter went back from %lld to %lld", (long long)prev.QuadPart,
       (long long)now.QuadPart);
    Sleep(50);
    ok(QueryPerformanceCounter(&now), "QueryPerformanceCounter failed");
    seconds = (double)(now.QuadPart - first.QuadPart) / (double)freq.QuadPart;
    /* A 50 ms sleep, give or take one 15.6 ms scheduler tick. */
    ok(seconds >= 0.030 && seconds < 5.0, "%f s passed over a 50 ms sleep", seconds);
}

static void test_switch_to_thread_returns(void)
{
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = SwitchToThread();
    /* TRUE or FALSE, depending on whether another thread was ready to run. */
    ok(ret == TRUE || ret == FALSE, "SwitchToThread returned %d", ret);
    ok(GetLastError() == 0xdeadbeef, "last error changed to %lu",
       (unsigned long)GetLastError());
}

/* Child role "child_exit_process N": ExitProcess(N). The role name is the name of
 * the function the child runs, so the test that starts it names it too. */
static int child_exit_process(int argc, char **argv)
{
    if (argc != 2)
        return 98;
    ExitProcess((UINT)strtoul(argv[1], NULL, 10));
}

/* Child role "child_command_line \"a b\" c": 0 if GetCommandLineA/W hold what the
 * parent passed, else the number of the first check that failed. */
static int child_command_line(int argc, char **argv)
{
    const char *tail = "child child_command_line \"a b\" c";
    const char *a = GetCommandLineA();
    const WCHAR *w = GetCommandLineW();
    size_t len, i;

    if (!a || !w)
        return 1;
    if (GetCommandLineA() != a || GetCommandLineW() != w)
        return 2;
    len = strlen(a);
    if (len < strlen(tail) || strcmp(a + len - strlen(tail), tail) != 0)
        return 3;
    for (i = 0; i < len; i++)           /* the command line is ASCII here */
        if (w[i] != (WCHAR)(unsigned char)a[i])
            return 4;
    if (w[len] != 0)
        return 5;
    return argc == 3 ? 0 : 6;
}

/* Child role "child_startup_info": 0 if GetStartupInfoA/W report what the parent
 * passed (STARTF_USESHOWWINDOW | STARTF_USEPOSITION, SW_SHOWMINNOACTIVE, 12, 34). */
static int child_startup_info(int argc, char **argv)
{
    STARTUPINFOA a;
    STARTUPINFOW w;

    memset(&a, 0xcc, sizeof(a));
    memset(&w, 0xcc, sizeof(w));
    GetStartupInfoA(&a);
    GetStartupInfoW(&w);
    if (a.cb != sizeof(a) || w.cb != sizeof(w))
        return 1;
    if (!(a.dwFlags & STARTF_USESHOWWINDOW) || a.wShowWindow != SW_SHOWMINNOACTIVE)
        return 2;
    if (!(a.dwFlags & STARTF_USEPOSITION) || a.dwX != 12 || a.dwY != 34)
        return 3;
    if (w.dwFlags != a.dwFlags || w.wShowWindow != a.wShowWindow || w.dwX != 12 || w.dwY != 34)
        return 4;
    return 0;
}

/* Child role "child_startup_fields": 0 if GetStartupInfoA/W report what
 * test_GetStartupInfo_reports_every_field_and_the_title passed. */
static int child_startup_fields(int argc, char **argv)
{
    static const WCHAR title[] = W("t\x00e9tle");
    STARTUPINFOA a;
    STARTUPINFOW w;

    (void)argc, (void)argv;
    memset(&a, 0xcc, sizeof(a));
    memset(&w, 0xcc, sizeof(w));
    GetStartupInfoA(&a);
    GetStartupInfoW(&w);
    if (a.dwFlags != STARTF_USESHOWWINDOW || a.wShowWindow != 1 || w.wShowWindow != 1)
        return 1;
    if (a.dwXCountChars != 0x12121212 || a.dwYCountChars != 0x23232323 || a.dwX != 0x34343434 ||
        a.dwY != 0x45454545 || a.dwXSize != 0x56565656 || a.dwYSize != 0x67676767 ||
        a.dwFillAttribute != 0xA55A)
        return 2;
    if (w.dwXCountChars != a.dwXCountChars || w.dwYSize != a.dwYSize ||
        w.dwFillAttribute != a.dwFillAttribute || w.dwFlags != a.dwFlags)
        return 3;
    if (!w.lpTitle || lstrcmpW(w.lpTitle, title) != 0)
        return 4;
    if (!w.lpDesktop || w.lpDesktop[0] != 0 || !a.lpDesktop || a.lpDesktop[0] != 0)
        return 5;
    if (!a.lpTitle || a.lpTitle[0] != 't' || a.lpTitle[strlen(a.lpTitle) - 1] != 'e')
        return 6;
    return 0;
}

/* Child role "child_startup_std": writes "ok" to the hStdOutput GetStartupInfoA reports. */
static int child_startup_std(int argc, char **argv)
{
    STARTUPINFOA a;
    STARTUPINFOW w;
    DWORD n;

    (void)argc, (void)argv;
    GetStartupInfoA(&a);
    GetStartupInfoW(&w);
    if (!(a.dwFlags & STARTF_USESTDHANDLES) || a.hStdOutput != GetStdHandle(STD_OUTPUT_HANDLE) ||
        a.hStdInput != GetStdHandle(STD_INPUT_HANDLE) || w.hStdError != a.hStdError)
        return 1;
    return WriteFile(a.hStdOutput, "ok", 2, &n, NULL) && n == 2 ? 0 : 2;
}

/* Child roles: "exit N" returns N, the child_* functions above, "sleep"
 * sleeps ten seconds, "args A B" exits with 0 if it got exactly A and B,
 * "envcode" exits with the number in W32SHIM_CONFORMANCE_CODE. */
static int child_main(int argc, char **argv)
{
    if (strcmp(argv[0], "exit") == 0 && argc == 2)
        return atoi(argv[1]);
    if (strcmp(argv[0], "event_exit") == 0 && argc == 2) {
        HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
        return ev && CloseHandle(ev) ? atoi(argv[1]) : 95;
    }
    if (strcmp(argv[0], "terminate_self") == 0 && argc == 2)
        return TerminateProcess(GetCurrentProcess(), (UINT)strtoul(argv[1], NULL, 10)) ? 97 : 96;
    if (strcmp(argv[0], "child_exit_process") == 0)
        return child_exit_process(argc, argv);
    if (strcmp(argv[0], "child_command_line") == 0)
        return child_command_line(argc, argv);
    if (strcmp(argv[0], "child_startup_info") == 0)
        return child_startup_info(argc, argv);
    if (strcmp(argv[0], "child_startup_fields") == 0)
        return child_startup_fields(argc, argv);
    if (strcmp(argv[0], "child_startup_std") == 0)
        return child_startup_std(argc, argv);
    if (strcmp(argv[0], "sleep") == 0) {
        Sleep(10000);
        return 0;
    }
    if (strcmp(argv[0], "envcode") == 0) {
        const char *value = getenv("W32SHIM_CONFORMANCE_CODE");
        return value ? atoi(value) : 98;
    }
    if (strcmp(argv[0], "echo") == 0) {
        char buf[64];
        DWORD n = 0, written;
        HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
        if (!ReadFile(in, buf, sizeof(buf), &n, NULL))
            return 2;
        if (!WriteFile(out, "got ", 4, &written, NULL) || !WriteFile(out, buf, n, &written, NULL))
            return 3;
        return 0;
    }
    if (strcmp(argv[0], "args") == 0)
        return argc == 3 && strcmp(argv[1], "a b") == 0 && strcmp(argv[2], "c\"d") == 0 ? 0 : 1;
    if (strcmp(argv[0], "write") == 0 && argc == 2) {
        DWORD written;
        HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
        return WriteFile(out, argv[1], (DWORD)strlen(argv[1]), &written, NULL) ? 0 : 2;
    }
    return 99;
}

static void test_create_process_reports_ids_and_exit_code(void)
{
    PROCESS_INFORMATION pi;
    DWORD code;

    SetLastError(0xdeadbeef);
    ok(start_child("exit 42", &pi), "CreateProcessA failed");
    ok(GetLastError() == 0, "success set last error %lu", (unsigned long)GetLastError());
    ok(pi.dwProcessId != 0 && pi.dwProcessId != GetCurrentProcessId(), "child pid %lu",
       (unsigned long)pi.dwProcessId);
    ok(GetProcessId(pi.hProcess) == pi.dwProcessId, "GetProcessId differs");
    ok(GetThreadId(pi.hThread) == pi.dwThreadId, "GetThreadId differs");
    code = finish_child(&pi);
    ok(code == 42, "exit code %lu", (unsigned long)code);
}

static void test_exit_process_sets_the_exit_code(void)
{
    PROCESS_INFORMATION pi;
    DWORD code;

    ok(start_child("child_exit_process 7", &pi), "CreateProcessA failed");
    code = finish_child(&pi);
    ok(code == 7, "exit code %lu", (unsigned long)code);
}

/* Runs the child role args to its end: its exit code. */
static DWORD run_child(const char *args)
{
    PROCESS_INFORMATION pi;

    if (!start_child(args, &pi)) {
        ok(0, "CreateProcessA(%s) failed", args);
        return 0xdeadbeef;
    }
    return finish_child(&pi);
}

/* MS docs (GetExitCodeProcess): the exit value specified in ExitProcess. */
static void test_ExitProcess_code_reaches_the_parent_in_full(void)
{
    DWORD code = run_child("child_exit_process 300");

    ok(code == 300, "exit code %lu", (unsigned long)code);
    code = run_child("child_exit_process 3221225477");
    ok(code == 0xC0000005, "exit code %lx", (unsigned long)code);
}

/* MS docs (GetExitCodeProcess): "the return value from the main function".
 * w32shim: in full once the child has used a handle (doc/api.md, GetExitCodeProcess). */
static void test_main_return_value_reaches_the_parent_in_full(void)
{
    DWORD code = run_child("event_exit 300");

    ok(code == 300, "exit code %lu", (unsigned long)code);
    code = run_child("event_exit 65536");
    ok(code == 65536, "exit code %lu", (unsigned long)code);
    code = run_child("exit 300");
    todo_w32shim_ok(code == 300, "exit code %lu", (unsigned long)code);
    ok(code % 256 == 300 % 256, "low byte of exit code %lu", (unsigned long)code);
}

/* TerminateProcess of the process itself: its parent sees the code in full. */
static void test_terminate_self_code_reaches_the_parent_in_full(void)
{
    DWORD code = run_child("terminate_self 513");

    ok(code == 513, "exit code %lu", (unsigned long)code);
}

static void test_GetCommandLine_holds_what_CreateProcess_was_given(void)
{
    PROCESS_INFORMATION pi;
    const char *a = GetCommandLineA();
    const WCHAR *w = GetCommandLineW();
    DWORD code;

    ok(a != NULL && a[0] != 0 && w != NULL && w[0] != 0, "empty command line");
    ok(GetCommandLineA() == a && GetCommandLineW() == w, "not the same pointer twice");
    ok(start_child("child_command_line \"a b\" c", &pi), "CreateProcessA failed");
    code = finish_child(&pi);
    ok(code == 0, "the child's command line failed check %lu", (unsigned long)code);
}

static void test_GetStartupInfo_reports_what_the_parent_passed(void)
{
    STARTUPINFOA si, own;
    STARTUPINFOW wown;
    PROCESS_INFORMATION pi;
    char cmdline[1200];
    DWORD code;

    memset(&own, 0xcc, sizeof(own));
    GetStartupInfoA(&own);
    ok(own.cb == sizeof(own), "GetStartupInfoA cb %lu", (unsigned long)own.cb);
    memset(&wown, 0xcc, sizeof(wown));
    GetStartupInfoW(&wown);
    ok(wown.cb == sizeof(wown), "GetStartupInfoW cb %lu", (unsigned long)wown.cb);

    snprintf(cmdline, sizeof(cmdline), "\"%s\" child child_startup_info", conformance_self);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESHOWWINDOW | STARTF_USEPOSITION;
    si.wShowWindow = SW_SHOWMINNOACTIVE;
    si.dwX = 12;
    si.dwY = 34;
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
       "CreateProcessA failed");
    code = finish_child(&pi);
    /* MS docs (GetStartupInfo): the STARTUPINFO specified when the process was created.
     * w32shim fills cb only (doc/api.md, GetStartupInfoA). */
    ok(code == 0, "the child's startup info failed check %lu", (unsigned long)code);
}

/* Wine's test_Startup: every field reaches the child as passed, the title
 * and desktop as strings of the child's own (A and W). */
static void test_GetStartupInfo_reports_every_field_and_the_title(void)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR cmdline[1200], title[] = W("t\x00e9tle"), desktop[] = W("");
    char narrow[1100];
    DWORD code;
    size_t i;

    snprintf(narrow, sizeof(narrow), "\"%s\" child child_startup_fields", conformance_self);
    for (i = 0; narrow[i]; i++)         /* the program's path is ASCII here */
        cmdline[i] = (WCHAR)(unsigned char)narrow[i];
    cmdline[i] = 0;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESHOWWINDOW;
    si.wShowWindow = 1;                 /* SW_SHOWNORMAL */
    si.lpTitle = title;
    si.lpDesktop = desktop;
    si.dwXCountChars = 0x12121212;
    si.dwYCountChars = 0x23232323;
    si.dwX = 0x34343434;
    si.dwY = 0x45454545;
    si.dwXSize = 0x56565656;
    si.dwYSize = 0x67676767;
    si.dwFillAttribute = 0xA55A;
    ok(CreateProcessW(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
       "CreateProcessW failed");
    code = finish_child(&pi);
    ok(code == 0, "the child's startup info failed check %lu", (unsigned long)code);
}

static void test_command_line_quoting_reaches_the_child(void)
{
    PROCESS_INFORMATION pi;
    DWORD code;

    ok(start_child("args \"a b\" c\\\"d", &pi), "CreateProcessA failed");
    code = finish_child(&pi);
    ok(code == 0, "the child saw other arguments (%lu)", (unsigned long)code);
}

static void test_terminate_process_ends_a_child_with_the_code(void)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ok(start_child("sleep", &pi), "CreateProcessA failed");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "running: %lu",
       (unsigned long)code);
    ok(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT, "a running child is signalled");
    SetLastError(0xdeadbeef);
    ok(TerminateProcess(pi.hProcess, 0x77), "TerminateProcess failed");
    code = finish_child(&pi);
    ok(code == 0x77, "exit code %lu", (unsigned long)code);
}

/* OpenProcess by a child's pid: another handle to the same process. */
static void test_open_process_of_a_child(void)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;
    HANDLE h;

    ok(start_child("sleep", &pi), "CreateProcessA failed");
    h = OpenProcess(PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE, FALSE,
                    pi.dwProcessId);
    ok(h != NULL, "OpenProcess(child pid) failed: %lu", (unsigned long)GetLastError());
    if (!h) {
        TerminateProcess(pi.hProcess, 1);
        finish_child(&pi);
        return;
    }
    ok(GetProcessId(h) == pi.dwProcessId, "GetProcessId %lu", (unsigned long)GetProcessId(h));
    ok(WaitForSingleObject(h, 0) == WAIT_TIMEOUT, "a running child is signalled");
    ok(TerminateProcess(h, 0x55), "TerminateProcess through the opened handle failed");
    ok(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "the opened handle is not signalled");
    ok(GetExitCodeProcess(h, &code) && code == 0x55, "exit code %lu", (unsigned long)code);
    ok(CloseHandle(h), "CloseHandle failed");
    code = finish_child(&pi);
    ok(code == 0x55, "exit code through the creator's handle %lu", (unsigned long)code);
}

/* Children and an event in one WaitForMultipleObjects. */
static void test_wait_for_children_and_an_event(void)
{
    PROCESS_INFORMATION slow, fast;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), hs[3];

    ok(start_child("sleep", &slow) && start_child("exit 3", &fast), "CreateProcessA failed");
    hs[0] = ev;
    hs[1] = slow.hProcess;
    hs[2] = fast.hProcess;
    ok(WaitForMultipleObjects(3, hs, FALSE, 10000) == WAIT_OBJECT_0 + 2, "wait-any");
    ok(WaitForMultipleObjects(3, hs, TRUE, 20) == WAIT_TIMEOUT, "wait-all finished early");
    ok(SetEvent(ev), "SetEvent failed");
    ok(TerminateProcess(slow.hProcess, 1), "TerminateProcess failed");
    ok(WaitForMultipleObjects(3, hs, TRUE, 10000) == WAIT_OBJECT_0, "wait-all");
    finish_child(&slow);
    finish_child(&fast);
    ok(CloseHandle(ev), "CloseHandle failed");
}

/* The W form, with a UTF-16 environment block the child reads back. */
static void test_create_process_w_with_unicode_environment(void)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR cmdline[1200];
    static const WCHAR env[] = W("W32SHIM_CONFORMANCE_CODE=31\0");
    char narrow[1100];
    size_t i;
    DWORD code;

    snprintf(narrow, sizeof(narrow), "\"%s\" child envcode", conformance_self);
    for (i = 0; narrow[i]; i++)         /* the program's path is ASCII here */
        cmdline[i] = (WCHAR)(unsigned char)narrow[i];
    cmdline[i] = 0;
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    SetLastError(0xdeadbeef);
    ok(CreateProcessW(NULL, cmdline, NULL, NULL, FALSE, CREATE_UNICODE_ENVIRONMENT,
                      (LPVOID)env, NULL, &si, &pi), "CreateProcessW failed");
    code = finish_child(&pi);
    ok(code == 31, "the child read %lu from its environment", (unsigned long)code);
}

/* Inheritable pipes as the child's standard input and output (MS docs, "Creating a
 * Child Process with Redirected Input and Output"): our ends stay behind. */
struct redirect {
    HANDLE in_r, in_w, out_r, out_w;
};

static void open_redirect(struct redirect *r)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    DWORD n;

    ok(CreatePipe(&r->in_r, &r->in_w, &sa, 0) && CreatePipe(&r->out_r, &r->out_w, &sa, 0),
       "CreatePipe failed");
    ok(SetHandleInformation(r->in_w, HANDLE_FLAG_INHERIT, 0) &&
       SetHandleInformation(r->out_r, HANDLE_FLAG_INHERIT, 0), "SetHandleInformation failed");
    ok(WriteFile(r->in_w, "abc", 3, &n, NULL) && n == 3, "WriteFile failed");
}

/* A STARTUPINFOA that gives the child r's ends as its standard handles. */
static void redirected_startup(STARTUPINFOA *si, const struct redirect *r)
{
    memset(si, 0, sizeof(*si));
    si->cb = sizeof(*si);
    si->dwFlags = STARTF_USESTDHANDLES;
    si->hStdInput = r->in_r;
    si->hStdOutput = r->out_w;
    si->hStdError = r->out_w;
}

/* After the child has ended: what it wrote, then every handle closed. */
static void close_redirect(struct redirect *r, const char *expected)
{
    char buf[64] = "";
    DWORD n = 0, avail = 0;

    ok(PeekNamedPipe(r->out_r, NULL, 0, NULL, &avail, NULL), "PeekNamedPipe failed");
    ok(avail == strlen(expected), "%lu bytes in the pipe", (unsigned long)avail);
    if (avail)
        ok(ReadFile(r->out_r, buf, sizeof(buf) - 1, &n, NULL), "ReadFile failed");
    buf[n] = '\0';
    ok(strcmp(buf, expected) == 0, "the child wrote [%s]", buf);
    ok(CloseHandle(r->in_r) && CloseHandle(r->in_w) && CloseHandle(r->out_r) &&
       CloseHandle(r->out_w), "CloseHandle failed");
}

/* The standard handles of STARTF_USESTDHANDLES are the child's own (its GetStdHandle's). */
static void test_GetStartupInfo_std_handles_are_the_childs(void)
{
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    struct redirect r;
    char cmdline[1100];

    open_redirect(&r);
    redirected_startup(&si, &r);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child child_startup_std", conformance_self);
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "CreateProcessA failed");
    ok(finish_child(&pi) == 0, "the child's standard handles failed a check");
    close_redirect(&r, "ok");
}

static void test_std_handles_redirect_a_child(void)
{
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    struct redirect r;
    char cmdline[1100];

    open_redirect(&r);
    redirected_startup(&si, &r);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child echo", conformance_self);
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "CreateProcessA failed");
    ok(finish_child(&pi) == 0, "the child failed");
    close_redirect(&r, "got abc");
}

static void test_std_handles_redirect_a_child_w(void)
{
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    struct redirect r;
    WCHAR cmdline[1200];
    char narrow[1100];
    size_t i;

    open_redirect(&r);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = r.in_r;
    si.hStdOutput = r.out_w;
    si.hStdError = r.out_w;
    snprintf(narrow, sizeof(narrow), "\"%s\" child echo", conformance_self);
    for (i = 0; narrow[i]; i++)         /* the program's path is ASCII here */
        cmdline[i] = (WCHAR)(unsigned char)narrow[i];
    cmdline[i] = 0;
    ok(CreateProcessW(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "CreateProcessW failed");
    ok(finish_child(&pi) == 0, "the child failed");
    close_redirect(&r, "got abc");
}

/*
 * A file handle the child inherits shares the parent's file pointer: the
 * child writes where the parent's last write, at an OVERLAPPED offset, left it.
 */
static void test_child_continues_at_the_file_pointer_a_positioned_write_left(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    OVERLAPPED ov;
    char path[MAX_PATH + 20], cmdline[1100], buf[16] = "";
    DWORD n = 0;
    HANDLE f;

    GetTempPathA(MAX_PATH, path);
    strcat(path, "w32shim_pointer.txt");
    f = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                    CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "CreateFileA failed");
    ok(WriteFile(f, "0123456789", 10, &n, NULL) && n == 10, "WriteFile failed");
    memset(&ov, 0, sizeof(ov));
    ov.Offset = 2;
    ok(WriteFile(f, "ab", 2, &n, &ov) && n == 2, "WriteFile at offset 2 failed");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = f;
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child write XY", conformance_self);
    ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
       "CreateProcessA failed");
    ok(finish_child(&pi) == 0, "the child failed");
    ok(SetFilePointer(f, 0, NULL, FILE_CURRENT) == 6, "the child moved the shared pointer to %lu",
       (unsigned long)SetFilePointer(f, 0, NULL, FILE_CURRENT));
    ok(SetFilePointer(f, 0, NULL, FILE_BEGIN) == 0, "SetFilePointer failed");
    ok(ReadFile(f, buf, sizeof(buf) - 1, &n, NULL) && n == 10, "read %lu bytes", (unsigned long)n);
    ok(strcmp(buf, "01abXY6789") == 0, "the file holds [%s]", buf);
    ok(CloseHandle(f) && DeleteFileA(path), "CloseHandle or DeleteFileA failed");
}

/* Bytes waiting in pipe h; -1 if PeekNamedPipe fails. */
static long pipe_avail(HANDLE h)
{
    DWORD avail = 0;

    return PeekNamedPipe(h, NULL, 0, NULL, &avail, NULL) ? (long)avail : -1;
}

/* A CREATE_SUSPENDED "echo" child with inherited, redirected standard handles. */
static BOOL start_suspended_echo(struct redirect *r, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char cmdline[1100];

    open_redirect(r);
    redirected_startup(&si, r);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child echo", conformance_self);
    SetLastError(0xdeadbeef);
    return CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si,
                          pi);
}

/*
 * MS docs (CreateProcess, CREATE_SUSPENDED): "The primary thread of the new
 * process is created in a suspended state, and does not run until the
 * ResumeThread function is called." ResumeThread and SuspendThread return
 * the previous suspend count. The echo child, once it runs, reads its input
 * and writes "got abc": until then its input is unread and it wrote nothing.
 */
static void test_create_suspended_runs_after_resume(void)
{
    PROCESS_INFORMATION pi;
    struct redirect r;
    DWORD code = 0;

    ok(start_suspended_echo(&r, &pi), "CreateProcessA(CREATE_SUSPENDED) failed: %lu",
       (unsigned long)GetLastError());
    ok(GetLastError() == 0, "success set last error %lu", (unsigned long)GetLastError());
    ok(pi.dwProcessId != 0 && GetProcessId(pi.hProcess) == pi.dwProcessId, "child pid %lu",
       (unsigned long)pi.dwProcessId);
    ok(GetThreadId(pi.hThread) == pi.dwThreadId, "GetThreadId differs");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "suspended: %lu",
       (unsigned long)code);
    ok(WaitForSingleObject(pi.hProcess, 50) == WAIT_TIMEOUT, "a suspended child ended");
    ok(WaitForSingleObject(pi.hThread, 0) == WAIT_TIMEOUT, "a suspended thread is signalled");
    ok(SuspendThread(pi.hThread) == 1, "SuspendThread of a suspended child");
    ok(ResumeThread(pi.hThread) == 2, "first ResumeThread");
    ok(pipe_avail(r.in_r) == 3, "the suspended child read its input (%ld left)",
       pipe_avail(r.in_r));
    ok(pipe_avail(r.out_r) == 0, "the suspended child wrote %ld bytes", pipe_avail(r.out_r));
    ok(ResumeThread(pi.hThread) == 1, "second ResumeThread");
    ok(finish_child(&pi) == 0, "the child failed");
    close_redirect(&r, "got abc");
}

/* A thread resumed to a count of 0 returns 0 to the next ResumeThread. */
static void test_resume_of_a_running_child_returns_zero(void)
{
    PROCESS_INFORMATION pi;
    struct redirect r;

    ok(start_suspended_echo(&r, &pi), "CreateProcessA(CREATE_SUSPENDED) failed: %lu",
       (unsigned long)GetLastError());
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread");
    ok(WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0, "the child did not end");
    ok(ResumeThread(pi.hThread) == 0, "ResumeThread of a thread that runs");
    ok(finish_child(&pi) == 0, "the child failed");
    close_redirect(&r, "got abc");
}

/* TerminateProcess of a suspended child: it ends with the code, its program never ran. */
static void test_terminate_a_suspended_child(void)
{
    PROCESS_INFORMATION pi;
    struct redirect r;

    ok(start_suspended_echo(&r, &pi), "CreateProcessA(CREATE_SUSPENDED) failed: %lu",
       (unsigned long)GetLastError());
    ok(TerminateProcess(pi.hProcess, 0x66), "TerminateProcess failed");
    ok(finish_child(&pi) == 0x66, "exit code");
    ok(pipe_avail(r.in_r) == 3, "the terminated child read its input (%ld left)",
       pipe_avail(r.in_r));
    close_redirect(&r, "");
}

static void test_create_process_missing_program(void)
{
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmdline[] = "w32shim_no_such_program_xyz";

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    SetLastError(0xdeadbeef);
    ok(!CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
       "a missing program started");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
}

/* MS docs, SetPriorityClass and GetPriorityClass: each class reads back;
 * REALTIME_PRIORITY_CLASS needs a privilege, without which the class
 * becomes HIGH_PRIORITY_CLASS. */
static void test_priority_class_reads_back(void)
{
    static const DWORD classes[] = { IDLE_PRIORITY_CLASS, BELOW_NORMAL_PRIORITY_CLASS,
                                     ABOVE_NORMAL_PRIORITY_CLASS, HIGH_PRIORITY_CLASS,
                                     NORMAL_PRIORITY_CLASS };
    HANDLE self = GetCurrentProcess();
    DWORD cls;
    size_t i;

    ok(GetPriorityClass(self) == NORMAL_PRIORITY_CLASS, "class %lx",
       (unsigned long)GetPriorityClass(self));
    for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        ok(SetPriorityClass(self, classes[i]), "SetPriorityClass(%lx) failed",
           (unsigned long)classes[i]);
        ok(GetPriorityClass(self) == classes[i], "class %lx, set %lx",
           (unsigned long)GetPriorityClass(self), (unsigned long)classes[i]);
    }
    ok(SetPriorityClass(self, REALTIME_PRIORITY_CLASS), "REALTIME failed");
    cls = GetPriorityClass(self);
    ok(cls == HIGH_PRIORITY_CLASS || cls == REALTIME_PRIORITY_CLASS, "class %lx",
       (unsigned long)cls);
    ok(SetPriorityClass(self, NORMAL_PRIORITY_CLASS), "NORMAL failed");
}

static void test_priority_class_errors(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE limited = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, GetCurrentProcessId());

    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(GetCurrentProcess(), 0), "class 0 accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(GetCurrentProcess(), NORMAL_PRIORITY_CLASS | HIGH_PRIORITY_CLASS),
       "two classes accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(ev, NORMAL_PRIORITY_CLASS), "an event took a class");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetPriorityClass(NULL) == 0, "NULL has a class");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    ok(GetPriorityClass(limited) == NORMAL_PRIORITY_CLASS, "the query-limited right");
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(limited, NORMAL_PRIORITY_CLASS), "set without the right");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    ok(GetPriorityClass(GetCurrentProcess()) == NORMAL_PRIORITY_CLASS, "class changed");
    CloseHandle(limited);
    CloseHandle(ev);
}

/* MS docs, SetPriorityClass: background mode is for the current process,
 * and each mode fails when the process is already in it (Wine 8 refuses
 * the modes with ERROR_INVALID_PARAMETER). */
static void test_process_background_mode(void)
{
    todo_wine_ok(SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN),
                 "BEGIN failed");
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_BEGIN), "BEGIN twice");
    todo_wine_ok(GetLastError() == 402 /* ERROR_PROCESS_MODE_ALREADY_BACKGROUND */,
                 "error %lu", (unsigned long)GetLastError());
    todo_wine_ok(SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_END),
                 "END failed");
    SetLastError(0xdeadbeef);
    ok(!SetPriorityClass(GetCurrentProcess(), PROCESS_MODE_BACKGROUND_END), "END twice");
    todo_wine_ok(GetLastError() == 403 /* ERROR_PROCESS_MODE_NOT_BACKGROUND */,
                 "error %lu", (unsigned long)GetLastError());
}

/* A child's process mask and its system mask; NULL outputs are skipped. */
static void test_process_affinity_mask(void)
{
    DWORD_PTR process = 0, system = 0, again = 0;

    ok(GetProcessAffinityMask(GetCurrentProcess(), &process, &system), "failed");
    ok(process && system && (process & ~system) == 0, "process %lx system %lx",
       (unsigned long)process, (unsigned long)system);
    ok(SetProcessAffinityMask(GetCurrentProcess(), process), "setting the same mask failed");
    ok(GetProcessAffinityMask(GetCurrentProcess(), &again, NULL) && again == process,
       "mask now %lx", (unsigned long)again);
    SetLastError(0xdeadbeef);
    ok(!SetProcessAffinityMask(GetCurrentProcess(), 0), "an empty mask was taken");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

CONFORMANCE_MAIN(test_current_process_is_pseudo_handle, test_process_id_of_pseudo_handle,
                 test_process_id_same_in_every_thread, test_open_process_own_pid,
                 test_open_process_inherit_flag, test_open_process_checks_access,
                 test_open_process_pid_zero, test_process_id_of_wrong_handle,
                 test_exit_code_of_running_process, test_exit_code_of_wrong_handle,
                 test_terminate_process_wrong_handle, test_tick_count_monotonic,
                 test_tick_count_matches_tick_count64, test_performance_frequency_constant,
                 test_performance_counter_monotonic, test_switch_to_thread_returns,
                 test_create_process_reports_ids_and_exit_code,
                 test_exit_process_sets_the_exit_code,
                 test_command_line_quoting_reaches_the_child,
                 test_terminate_process_ends_a_child_with_the_code,
                 test_open_process_of_a_child,
                 test_wait_for_children_and_an_event,
                 test_create_process_w_with_unicode_environment,
                 test_create_process_missing_program, test_std_handles_redirect_a_child,
                 test_std_handles_redirect_a_child_w,
                 test_child_continues_at_the_file_pointer_a_positioned_write_left,
                 test_create_suspended_runs_after_resume,
                 test_resume_of_a_running_child_returns_zero, test_terminate_a_suspended_child,
                 test_ExitProcess_code_reaches_the_parent_in_full,
                 test_main_return_value_reaches_the_parent_in_full,
                 test_terminate_self_code_reaches_the_parent_in_full,
                 test_GetCommandLine_holds_what_CreateProcess_was_given,
                 test_GetStartupInfo_reports_what_the_parent_passed,
                 test_GetStartupInfo_reports_every_field_and_the_title,
                 test_GetStartupInfo_std_handles_are_the_childs,
                 test_priority_class_reads_back, test_priority_class_errors,
                 test_process_background_mode, test_process_affinity_mask)
