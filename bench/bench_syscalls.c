/*
 * System calls per API call (bench --syscalls). The program forks a child
 * that it traces with ptrace: the child runs each operation REPEAT times
 * between two marker system calls, and the parent counts the system calls
 * the child's thread makes between the markers. Threads the library starts
 * are not traced: this counts what the calling thread pays.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPEAT 100
#define MARK_START (-4200)      /* sched_getscheduler(pid) markers: pids that cannot be */
#define MARK_END (-4300)

struct counted {
    const char *name;
    void (*run)(void *ctx);     /* one call (or the pair the name says) */
    int budget;                 /* system calls it may make */
};

struct file_ctx {
    HANDLE file, event, mutex, semaphore;
    HANDLE server, client, port;        /* a named pipe's ends; the server's port */
    char buf[4096];
};

static struct file_ctx fc;

static void set_wait(void *ctx)
{
    SetEvent(fc.event);
    WaitForSingleObject(fc.event, 0);
}

static void mutex_pair(void *ctx)
{
    WaitForSingleObject(fc.mutex, INFINITE);
    ReleaseMutex(fc.mutex);
}

static void semaphore_pair(void *ctx)
{
    ReleaseSemaphore(fc.semaphore, 1, NULL);
    WaitForSingleObject(fc.semaphore, 0);
}

static void create_close(void *ctx)
{
    CloseHandle(CreateEventA(NULL, FALSE, FALSE, NULL));
}

static void read_at_offset(void *ctx)
{
    OVERLAPPED ov = { .Offset = 4096 };
    DWORD n;

    ReadFile(fc.file, fc.buf, sizeof(fc.buf), &n, &ov);
}

static void write_at_offset(void *ctx)
{
    OVERLAPPED ov = { .Offset = 8192 };
    DWORD n;

    WriteFile(fc.file, fc.buf, sizeof(fc.buf), &n, &ov);
}

static void read_sequential(void *ctx)
{
    DWORD n;

    SetFilePointer(fc.file, 0, NULL, FILE_BEGIN);
    ReadFile(fc.file, fc.buf, sizeof(fc.buf), &n, NULL);
}

static void seek_begin(void *ctx)
{
    LARGE_INTEGER to = { .QuadPart = 100 };

    SetFilePointerEx(fc.file, to, NULL, FILE_BEGIN);
}

static void seek_current(void *ctx)
{
    LARGE_INTEGER by = { .QuadPart = 1 };

    SetFilePointerEx(fc.file, by, NULL, FILE_CURRENT);
}

static void file_size(void *ctx)
{
    LARGE_INTEGER size;

    GetFileSizeEx(fc.file, &size);
}

static void lock_unlock(void *ctx)
{
    OVERLAPPED ov = { .Offset = 10 };

    LockFileEx(fc.file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov);
    UnlockFileEx(fc.file, 0, 1, 0, &ov);
}

/* A server's read on a port, finished by the thread that waits on the port:
 * the read's try, the client's write, the poll and the read (the fd stays in
 * the port's set from the first read on: watching costs nothing). */
static void port_pipe_read(void *ctx)
{
    OVERLAPPED ov = { 0 }, *got;
    ULONG_PTR key;
    DWORD n;

    ReadFile(fc.server, fc.buf, 64, &n, &ov);
    WriteFile(fc.client, "x", 1, &n, NULL);
    GetQueuedCompletionStatus(fc.port, &n, &key, &got, INFINITE);
}

/* A child that is no w32shim program, waited for: what the calling thread
 * pays beyond the spawn (the pidfd's monitor is another thread). */
static void create_process_wait(void *ctx)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char cmd[] = "/bin/true";

    if (!CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        _exit(3);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static const struct counted ops[] = {
    { "SetEvent+Wait(0)", set_wait, 0 },
    { "Wait(mutex)+ReleaseMutex", mutex_pair, 0 },
    { "ReleaseSemaphore+Wait(0)", semaphore_pair, 0 },
    { "CreateEvent+CloseHandle", create_close, 0 },
    { "ReadFile 4 KiB at an OVERLAPPED offset", read_at_offset, 1 },
    { "WriteFile 4 KiB at an OVERLAPPED offset", write_at_offset, 1 },
    { "SetFilePointer(FILE_BEGIN)+ReadFile 4 KiB", read_sequential, 1 },
    { "SetFilePointerEx(FILE_BEGIN)", seek_begin, 0 },
    { "SetFilePointerEx(FILE_CURRENT)", seek_current, 0 },
    { "GetFileSizeEx", file_size, 1 },
    { "LockFileEx+UnlockFileEx, 1 byte", lock_unlock, 2 },
    { "pipe read through a port, with its write", port_pipe_read, 4 },
    { "CreateProcess(/bin/true)+Wait+CloseHandle", create_process_wait, 20 },
};
#define NOPS (sizeof(ops) / sizeof(ops[0]))

static void mark(long which)
{
    syscall(SYS_sched_getscheduler, which);
}

static void setup_pipe(void)
{
    char name[64];
    OVERLAPPED ov = { 0 };

    snprintf(name, sizeof(name), "\\\\.\\pipe\\w32bench-syscalls-%d", (int)getpid());
    fc.server = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE,
                                 1, 4096, 4096, 0, NULL);
    fc.client = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (fc.server == INVALID_HANDLE_VALUE || fc.client == INVALID_HANDLE_VALUE)
        _exit(3);
    ConnectNamedPipe(fc.server, &ov);
    fc.port = CreateIoCompletionPort(fc.server, NULL, 1, 0);
    if (!fc.port)
        _exit(3);
}

static void setup(void)
{
    char path[] = "/tmp/w32shim-bench-XXXXXX";
    int fd = mkstemp(path);

    if (fd < 0)
        _exit(3);
    close(fd);
    fc.file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    unlink(path);               /* the child ends with _exit: nothing is left behind */
    fc.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    fc.mutex = CreateMutexA(NULL, FALSE, NULL);
    fc.semaphore = CreateSemaphoreA(NULL, 0, 1, NULL);
    if (fc.file == INVALID_HANDLE_VALUE || !fc.event || !fc.mutex || !fc.semaphore)
        _exit(3);
    setup_pipe();
    for (int i = 0; i < 4; i++) {
        DWORD n;
        if (!WriteFile(fc.file, fc.buf, sizeof(fc.buf), &n, NULL))
            _exit(3);
    }
}

static void traced_child(void)
{
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0)
        _exit(2);
    raise(SIGSTOP);
    setup();
    for (size_t i = 0; i < NOPS; i++) {
        ops[i].run(NULL);           /* warm-up, untraced by the count */
        mark(MARK_START - (long)i);
        for (int r = 0; r < REPEAT; r++)
            ops[i].run(NULL);
        mark(MARK_END - (long)i);
    }
    _exit(0);
}

/* Counts the child's system calls between markers into counts[]. */
static bool trace(pid_t child, long *counts)
{
    struct __ptrace_syscall_info info;
    long current = -1;
    int status;

    if (waitpid(child, &status, 0) != child || !WIFSTOPPED(status))
        return false;
    ptrace(PTRACE_SETOPTIONS, child, NULL, (void *)(long)PTRACE_O_TRACESYSGOOD);
    for (;;) {
        if (ptrace(PTRACE_SYSCALL, child, NULL, NULL) != 0 || waitpid(child, &status, 0) != child)
            return false;
        if (WIFEXITED(status))
            return WEXITSTATUS(status) == 0;
        if (!WIFSTOPPED(status) || WSTOPSIG(status) != (SIGTRAP | 0x80))
            continue;
        if (ptrace(PTRACE_GET_SYSCALL_INFO, child, (void *)sizeof(info), &info) <= 0 ||
            info.op != PTRACE_SYSCALL_INFO_ENTRY)
            continue;
        long arg = (long)info.entry.args[0];
        if (info.entry.nr == SYS_sched_getscheduler && arg <= MARK_START &&
            arg > MARK_START - (long)NOPS) {
            current = MARK_START - arg;
        } else if (info.entry.nr == SYS_sched_getscheduler && arg <= MARK_END &&
                   arg > MARK_END - (long)NOPS) {
            current = -1;
        } else if (current >= 0) {
            counts[current]++;
        }
    }
}

int bench_syscalls(void)
{
    long counts[NOPS] = { 0 };
    int status = 0;
    pid_t child = fork();

    if (child < 0)
        fail("fork");
    if (child == 0)
        traced_child();
    if (!trace(child, counts)) {
        printf("system call counts unavailable (ptrace refused or the child failed)\n");
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        return 77;
    }
    printf("%-44s %s  %s\n", "operation", "system calls per call", "budget");
    for (size_t i = 0; i < NOPS; i++) {
        bool over = counts[i] > (long)ops[i].budget * REPEAT;
        printf("%-44s %-21.2f  %d%s\n", ops[i].name, (double)counts[i] / REPEAT,
               ops[i].budget, over ? "  OVER" : "");
        status |= over;
    }
    return status;
}
