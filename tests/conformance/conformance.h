/*
 * The conformance harness: plain Win32 C, nothing else. The same test source
 * builds against w32shim and, with mingw-w64, against Windows' own headers to
 * run under Wine (or Windows), so every expectation is checked against a real
 * Win32 implementation.
 *
 *   ok(cond, "fmt", ...)       one check; a failure prints file, line, message
 *                              and the last error at the time of the check
 *   todo_wine_ok(cond, ...)    a check Windows passes and Wine does not (see the
 *                              comment at each use for the documentation it
 *                              follows): under Wine a failure is expected and a
 *                              pass is reported, so the marker can be removed
 *   todo_w32shim_ok(cond, ...) a check Windows (and Wine) pass and w32shim does
 *                              not, a gap doc/api.md lists: the same, the other
 *                              way round
 *   W("text")                  a UTF-16 string literal on either target
 *   CONFORMANCE_MAIN(test_a, test_b, ...)
 *                              main(): runs each test, prints one line per test
 *                              and the summary "N passed, N failed"
 *   make_test_dir_for("tag"), test_path("name")
 *                              a fresh directory under the temporary path
 *                              (conformance_dir), and a name in it
 *   start_child("role args", &pi)
 *                              runs this program again as `PROGRAM child role
 *                              args`; a file that defines CONFORMANCE_CHILD(fn)
 *                              before including this header gets fn(argc, argv)
 *                              called with argv[0] = the role, and its return
 *                              value is the child's exit code
 */
#ifndef W32SHIM_CONFORMANCE_H
#define W32SHIM_CONFORMANCE_H

#include <windows.h>

/* Built for Windows (mingw-w64), not against w32shim with _WIN32 defined (ported mode). */
#if defined(_WIN32) && !defined(W32SHIM_WINDOWS_H)
#define CONFORMANCE_NATIVE 1
#endif
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifdef CONFORMANCE_NATIVE
#define W(text) L##text
#else
#define W(text) u##text
#endif

static int conformance_passed, conformance_failed, conformance_todo;
static int conformance_test_failed;
static const char *conformance_test;

/* Wine exports wine_get_version from ntdll; Windows and w32shim do not. */
static int running_on_wine(void)
{
#ifdef CONFORMANCE_NATIVE
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version") != NULL;
#else
    return 0;
#endif
}

static void conformance_report(const char *file, int line, DWORD error, const char *kind,
                               const char *fmt, va_list args)
{
    printf("%s:%d: %s: %s: ", file, line, conformance_test, kind);
    vprintf(fmt, args);
    printf(" (last error %lu)\n", (unsigned long)error);
}

enum { TODO_NONE, TODO_WINE, TODO_W32SHIM };

static int running_on_w32shim(void)
{
#ifdef CONFORMANCE_NATIVE
    return 0;
#else
    return 1;
#endif
}

static int conformance_ok(const char *file, int line, int todo, int cond, const char *fmt, ...)
{
    DWORD error = GetLastError();
    int expect_failure = (todo == TODO_WINE && running_on_wine()) ||
                         (todo == TODO_W32SHIM && running_on_w32shim());
    va_list args;

    if (cond && !expect_failure) {
        conformance_passed++;
    } else if (!cond && expect_failure) {
        conformance_todo++;
        conformance_passed++;
    } else {
        va_start(args, fmt);
        conformance_report(file, line, error,
                           expect_failure ? "now passes a todo check" : "check failed",
                           fmt, args);
        va_end(args);
        conformance_failed++;
        conformance_test_failed = 1;
    }
    SetLastError(error);
    return cond;
}

#define ok(cond, ...) conformance_ok(__FILE__, __LINE__, TODO_NONE, (cond), __VA_ARGS__)
#define todo_wine_ok(cond, ...) conformance_ok(__FILE__, __LINE__, TODO_WINE, (cond), __VA_ARGS__)
#define todo_w32shim_ok(cond, ...) \
    conformance_ok(__FILE__, __LINE__, TODO_W32SHIM, (cond), __VA_ARGS__)

static char conformance_self[1024];      /* argv[0], to start children */

/* Starts this program in a child role: `PROGRAM child ARGS`. */
static inline BOOL start_child(const char *args, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char cmdline[2048];

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child %s", conformance_self, args);
    return CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, pi);
}

/* Waits for a child (and its main thread) to end; returns its exit code, closes its handles. */
static inline DWORD finish_child(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xdeadbeef, thread_code = 0xdeadbeef;

    ok(WaitForSingleObject(pi->hProcess, 60000) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi->hProcess, &code), "GetExitCodeProcess failed");
    ok(WaitForSingleObject(pi->hThread, 60000) == WAIT_OBJECT_0, "its thread did not end");
    ok(GetExitCodeThread(pi->hThread, &thread_code), "GetExitCodeThread failed");
    ok(thread_code == code, "thread exit code %lu, process %lu", (unsigned long)thread_code,
       (unsigned long)code);
    ok(CloseHandle(pi->hProcess) && CloseHandle(pi->hThread), "CloseHandle failed");
    return code;
}

static char conformance_dir[MAX_PATH + 64];   /* make_test_dir_for's directory */

/* A fresh directory under the temporary path, unique to this run, named for tag. */
static inline void make_test_dir_for(const char *tag)
{
    char tmp[MAX_PATH - 40];

    GetTempPathA(sizeof(tmp), tmp);
    snprintf(conformance_dir, sizeof(conformance_dir), "%sw32conf-%s-%lu-%lu", tmp, tag,
             (unsigned long)GetCurrentProcessId(), (unsigned long)GetTickCount());
    CreateDirectoryA(conformance_dir, NULL);
}

/* conformance_dir\name, in one of a few rotating buffers. */
static inline const char *test_path(const char *name)
{
    static char bufs[4][MAX_PATH * 2];
    static int next;
    char *buf = bufs[next++ % 4];

    snprintf(buf, MAX_PATH * 2, "%s\\%s", conformance_dir, name);
    return buf;
}

/* Cancels thread's synchronous I/O once it is under way, retrying while CancelSynchronousIo
 * finds nothing yet; whether that succeeded. The last error is kept for the caller. */
static inline BOOL cancel_synchronous_io_when_blocked(HANDLE thread)
{
    DWORD last = GetLastError();

    for (;;) {
        SetLastError(last);
        if (CancelSynchronousIo(thread))
            return TRUE;
        if (GetLastError() != ERROR_NOT_FOUND ||
            WaitForSingleObject(thread, 0) == WAIT_OBJECT_0)
            return FALSE;
        Sleep(1);
    }
}

typedef void (*conformance_fn)(void);

static int conformance_run(const char *names, const conformance_fn *tests, int count)
{
    char buf[4096];
    char *name = buf;

    strncpy(buf, names, sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = '\0';
    for (int i = 0; i < count; i++) {
        char *next = strchr(name, ',');
        if (next)
            *next = '\0';
        while (*name == ' ')
            name++;
        conformance_test = name;
        conformance_test_failed = 0;
        tests[i]();
        printf("test %s: %s\n", name, conformance_test_failed ? "FAIL" : "ok");
        fflush(stdout);
        name = next ? next + 1 : name;
    }
    printf("%s: %d todo checks failed as expected\n",
           running_on_wine() ? "wine" : running_on_w32shim() ? "w32shim" : "windows",
           conformance_todo);
    printf("%d passed, %d failed\n", conformance_passed, conformance_failed);
    return conformance_failed ? 1 : 0;
}

#ifdef CONFORMANCE_CHILD
static int CONFORMANCE_CHILD(int argc, char **argv);
#define CONFORMANCE_RUN_CHILD(argc, argv) return CONFORMANCE_CHILD((argc), (argv))
#else
#define CONFORMANCE_RUN_CHILD(argc, argv) return 2
#endif

#define CONFORMANCE_MAIN(...) \
    int main(int argc, char **argv) \
    { \
        static const conformance_fn tests[] = { __VA_ARGS__ }; \
        if (argc > 2 && strcmp(argv[1], "child") == 0) \
            CONFORMANCE_RUN_CHILD(argc - 2, argv + 2); \
        snprintf(conformance_self, sizeof(conformance_self), "%s", argv[0]); \
        setvbuf(stdout, NULL, _IONBF, 0); \
        return conformance_run(#__VA_ARGS__, tests, sizeof(tests) / sizeof(tests[0])); \
    }

#endif
