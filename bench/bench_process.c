/* Benchmark rows: processes. */
#include "bench.h"

#include <spawn.h>
#include <sys/wait.h>

extern char **environ;

#define PROGRAM "/bin/true"

/* ---- CreateProcess + WaitForSingleObject + CloseHandle vs posix_spawn + waitpid ---- */

static void w32_spawn_wait(void *ctx, long iters)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code;

    for (long i = 0; i < iters; i++) {
        if (!CreateProcessA(PROGRAM, NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
            fail("CreateProcessA");
        if (WaitForSingleObject(pi.hProcess, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject");
        if (!GetExitCodeProcess(pi.hProcess, &code) || code != 0)
            fail("GetExitCodeProcess");
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
}

static void posix_spawn_wait(void *ctx, long iters)
{
    char *argv[] = { PROGRAM, NULL };
    pid_t pid;
    int status;

    for (long i = 0; i < iters; i++) {
        if (posix_spawn(&pid, PROGRAM, NULL, NULL, argv, environ) != 0)
            fail("posix_spawn");
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            fail("waitpid");
    }
}

void bench_process(void)
{
    double w32, posix;

    measure(&(struct side){ w32_spawn_wait, NULL }, &(struct side){ posix_spawn_wait, NULL },
            300, &w32, &posix);
    report("CreateProcess+Wait+CloseHandle (/bin/true)", w32, posix, 0, 1.2, "<= 1.2x");
}
