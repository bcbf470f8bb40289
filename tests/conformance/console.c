/* Conformance: console functions on handles that are not consoles, and Ctrl-C handlers. */
#include "conformance.h"

static void test_write_console_on_a_pipe(void)
{
    HANDLE r, w;
    DWORD n = 77;

    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(w, "x", 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleA on a pipe fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleW(w, W("x"), 1, &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleW on a pipe fails with ERROR_INVALID_HANDLE");
    ok(n == 0, "the count is zeroed");
    SetLastError(0xdeadbeef);
    {
        char buf[4];
        ok(!ReadConsoleA(r, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
           "ReadConsoleA on a pipe fails with ERROR_INVALID_HANDLE");
    }
    CloseHandle(r);
    CloseHandle(w);
}

static void test_console_mode_on_a_pipe(void)
{
    HANDLE r, w;
    DWORD mode = 77;

    CreatePipe(&r, &w, NULL, 0);
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(r, &mode) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleMode on a pipe fails with ERROR_INVALID_HANDLE");
    ok(mode == 77, "the mode is not written");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleMode(w, ENABLE_PROCESSED_OUTPUT) && GetLastError() == ERROR_INVALID_HANDLE,
       "SetConsoleMode on a pipe fails with ERROR_INVALID_HANDLE");
    CloseHandle(r);
    CloseHandle(w);
}

static void test_console_on_a_file(void)
{
    char path[MAX_PATH + 64], dir[MAX_PATH];
    HANDLE file;
    DWORD mode;

    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%sw32shim_console_%lu.tmp", dir,
             (unsigned long)GetCurrentProcessId());
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "CreateFileA");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(file, "x", 1, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleA on a file fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(file, &mode) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleMode on a file fails with ERROR_INVALID_HANDLE");
    CloseHandle(file);
}

static void test_console_on_other_handles(void)
{
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    DWORD mode;

    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(event, &mode) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleMode on an event fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(NULL, "x", 1, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleA(NULL) fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(INVALID_HANDLE_VALUE, "x", 1, NULL, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleA(INVALID_HANDLE_VALUE) fails with ERROR_INVALID_HANDLE");
    CloseHandle(event);
}

/* A redirected standard output is no console either. */
static void test_redirected_std_output(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD mode;

    if (GetFileType(out) == FILE_TYPE_CHAR)
        return;     /* run on a terminal: nothing to check here */
    SetLastError(0xdeadbeef);
    ok(!GetConsoleMode(out, &mode) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetConsoleMode on redirected output fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!WriteConsoleA(out, "x", 1, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "WriteConsoleA on redirected output fails with ERROR_INVALID_HANDLE");
}

static BOOL WINAPI handler_a(DWORD type)
{
    return FALSE;
}

static BOOL WINAPI handler_b(DWORD type)
{
    return FALSE;
}

static void test_ctrl_handlers(void)
{
    ok(SetConsoleCtrlHandler(handler_a, TRUE), "adding a handler");
    ok(SetConsoleCtrlHandler(handler_b, TRUE), "adding a second handler");
    ok(SetConsoleCtrlHandler(handler_a, TRUE), "adding a handler twice");
    ok(SetConsoleCtrlHandler(handler_a, FALSE), "removing one registration");
    ok(SetConsoleCtrlHandler(handler_a, FALSE), "removing the other");
    SetLastError(0xdeadbeef);
    ok(!SetConsoleCtrlHandler(handler_a, FALSE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "removing a handler no longer registered fails with ERROR_INVALID_PARAMETER");
    ok(SetConsoleCtrlHandler(handler_b, FALSE), "removing the second handler");
    ok(SetConsoleCtrlHandler(NULL, TRUE), "ignoring Ctrl-C");
    ok(SetConsoleCtrlHandler(NULL, FALSE), "restoring Ctrl-C");
    ok(SetConsoleCtrlHandler(NULL, FALSE), "restoring Ctrl-C twice");
}

CONFORMANCE_MAIN(test_write_console_on_a_pipe, test_console_mode_on_a_pipe, test_console_on_a_file,
                 test_console_on_other_handles, test_redirected_std_output, test_ctrl_handlers)
