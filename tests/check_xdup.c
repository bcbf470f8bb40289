/*
 * DuplicateHandle into another w32shim process (lib/xproc.c, lib/handle.c):
 * the value returned is the other process's at once, counts among its
 * handles at once, and names there the same object (a named or inheritable
 * event, a file sharing its offset, a pipe); what cannot cross fails with
 * ERROR_NOT_SUPPORTED; nothing leaks in either process or in the namespace.
 * And from another process: the handle it lists in its record is taken
 * without it doing anything, into this process or a third one, or closed
 * there (DUPLICATE_CLOSE_SOURCE): no handle to it from then on, out of its
 * table at its next handle call, each closed once however the closes race.
 *
 * The other process is a forked child that takes commands through a pipe.
 * Each test has a namespace of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nsutil.h"

struct other {
    pid_t pid;
    int to, from;       /* commands to it, answers from it */
    HANDLE process;     /* opened with every right */
};

struct command {
    char op;
    uint64_t value, value2;
};

struct answer {
    DWORD ok, error, extra, extra2;
};

/* The file the other process opens ('F'); set before it starts. */
static char other_path[64];

/* Handles the other process makes for a race ('M'), shared with it: set
 * up before it starts; raced[RACED] starts the race. */
#define RACED 256
static volatile DWORD *raced;
static HANDLE racer;

/* In the other process: closes the raced handles last to first, counting
 * those it closed. */
static DWORD WINAPI close_raced(LPVOID arg)
{
    DWORD closed = 0;

    (void)arg;
    while (!raced[RACED])
        ;
    for (int i = RACED - 1; i >= 0; i--)
        closed += CloseHandle((HANDLE)(uintptr_t)raced[i]) ? 1 : 0;
    return closed;
}

/* An empty temporary file at other_path, for the other process to open. */
static void make_other_file(void)
{
    int fd;

    strcpy(other_path, "/tmp/w32shim-xsrc-XXXXXX");
    fd = mkstemp(other_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
}

/* The other process: answers each command with what its call did. */
static void other_main(int in, int out)
{
    struct command c;
    struct answer a;
    DWORD n;

    signal(SIGALRM, SIG_DFL);
    while (read(in, &c, sizeof(c)) == (ssize_t)sizeof(c)) {
        HANDLE h = (HANDLE)(uintptr_t)c.value;
        a = (struct answer){ 0 };
        SetLastError(0);
        switch (c.op) {
        case 'n':   /* its handle count and open fds */
            a.ok = GetProcessHandleCount(GetCurrentProcess(), &a.extra);
            a.error = (DWORD)fd_count();
            break;
        case 's':
            a.ok = SetEvent(h);
            break;
        case 'w':
            a.extra = WaitForSingleObject(h, 0);
            a.ok = TRUE;
            break;
        case 'W':
            a.ok = WriteFile(h, "hello", 5, &n, NULL);
            a.extra = n;
            break;
        case 'i':
            a.ok = GetHandleInformation(h, &a.extra);
            break;
        case 'h':
            a.ok = SetHandleInformation(h, HANDLE_FLAG_PROTECT_FROM_CLOSE, (DWORD)c.value2);
            break;
        case 'c':
            a.ok = CloseHandle(h);
            break;
        case 'C':
            a.ok = CompareObjectHandles(h, (HANDLE)(uintptr_t)c.value2);
            break;
        case 'm': {     /* writes "hello" through a view of the mapping */
            char *view = MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0);
            a.ok = view != NULL;
            if (view) {
                memcpy(view, "hello", 6);
                UnmapViewOfFile(view);
            }
            break;
        }
        case 'E':   /* the handles it makes, to be taken from it */
            a.extra = (DWORD)(uintptr_t)CreateEventA(NULL, TRUE, FALSE, "xdup-taken");
            a.ok = a.extra != 0;
            break;
        case 'I': {
            SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
            a.extra = (DWORD)(uintptr_t)CreateEventA(&sa, TRUE, FALSE, NULL);
            a.ok = a.extra != 0;
            break;
        }
        case 'U':
            a.extra = (DWORD)(uintptr_t)CreateEventA(NULL, TRUE, FALSE, NULL);
            a.ok = a.extra != 0;
            break;
        case 'F':
            h = CreateFileA(other_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                            0, NULL);
            a.ok = h != INVALID_HANDLE_VALUE;
            a.extra = (DWORD)(uintptr_t)h;
            break;
        case 'P': {
            HANDLE r, w;
            a.ok = CreatePipe(&r, &w, NULL, 0);
            a.extra = (DWORD)(uintptr_t)r;
            a.extra2 = (DWORD)(uintptr_t)w;
            break;
        }
        case 'N': {     /* a named pipe's two ends */
            char name[64];
            snprintf(name, sizeof(name), "\\\\.\\pipe\\xdup-%d", (int)getpid());
            h = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 512, 512, 0, NULL);
            a.extra = (DWORD)(uintptr_t)h;
            a.extra2 = (DWORD)(uintptr_t)CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL,
                                                     OPEN_EXISTING, 0, NULL);
            a.ok = h != INVALID_HANDLE_VALUE && a.extra2 != (DWORD)(uintptr_t)INVALID_HANDLE_VALUE;
            break;
        }
        case 'p':
            a.extra = SetFilePointer(h, 0, NULL, FILE_CURRENT);
            a.ok = a.extra != INVALID_SET_FILE_POINTER;
            break;
        case 'r':   /* reads 4 bytes */
            a.ok = ReadFile(h, &a.extra2, 4, &a.extra, NULL);
            break;
        case 'M': {     /* RACED inheritable events: listed, in the namespace */
            SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
            a.ok = TRUE;
            for (int i = 0; i < RACED; i++) {
                raced[i] = (DWORD)(uintptr_t)CreateEventA(&sa, TRUE, FALSE, NULL);
                a.ok = a.ok && raced[i];
            }
            break;
        }
        case 'K':
            racer = CreateThread(NULL, 0, close_raced, NULL, 0, NULL);
            a.ok = racer != NULL;
            break;
        case 'J':
            a.ok = WaitForSingleObject(racer, INFINITE) == WAIT_OBJECT_0 &&
                   GetExitCodeThread(racer, &a.extra) && CloseHandle(racer);
            break;
        case 'f': {     /* forks at once: can its child still use h? */
            pid_t pid = fork();
            int status = -1;
            if (pid == 0)
                _exit(SetEvent(h) ? 1 : GetLastError() == ERROR_INVALID_HANDLE ? 0 : 2);
            a.ok = pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status);
            a.extra = a.ok ? (DWORD)WEXITSTATUS(status) : 0xdeadbeef;
            break;
        }
        case 'x':
            ExitProcess(3);
        }
        if (!a.ok)
            a.error = GetLastError();
        if (write(out, &a, sizeof(a)) != (ssize_t)sizeof(a))
            _exit(1);
    }
    _exit(2);
}

static struct answer ask2(struct other *o, char op, HANDLE h, HANDLE h2)
{
    struct command c = { op, (uint64_t)(uintptr_t)h, (uint64_t)(uintptr_t)h2 };
    struct answer a;

    ck_assert_int_eq(write(o->to, &c, sizeof(c)), (ssize_t)sizeof(c));
    ck_assert_int_eq(read(o->from, &a, sizeof(a)), (ssize_t)sizeof(a));
    return a;
}

static struct answer ask(struct other *o, char op, HANDLE h)
{
    return ask2(o, op, h, NULL);
}

/* Starts the other process and waits until it has its record (its first
 * handle operation). */
static struct other spawn_other(void)
{
    int to[2], from[2];
    struct other o;

    ck_assert_int_eq(pipe2(to, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(from, O_CLOEXEC), 0);
    o.pid = fork();
    ck_assert_int_ge(o.pid, 0);
    if (o.pid == 0) {
        close(to[1]);
        close(from[0]);
        other_main(to[0], from[1]);
    }
    close(to[0]);
    close(from[1]);
    o.to = to[1];
    o.from = from[0];
    ck_assert(ask(&o, 'n', NULL).ok);
    return o;
}

static void open_other(struct other *o)
{
    o->process = OpenProcess(PROCESS_ALL_ACCESS, FALSE, (DWORD)o->pid);
    ck_assert_ptr_nonnull(o->process);
}

/* The same, opened. */
static struct other start_other(void)
{
    struct other o = spawn_other();

    open_other(&o);
    return o;
}

static void end_other(struct other *o)
{
    int status;

    close(o->to);
    close(o->from);
    ck_assert_int_eq(waitpid(o->pid, &status, 0), o->pid);
    ck_assert(CloseHandle(o->process));
}

/* Its handle count as it tells it, after checking ours agrees. */
static DWORD count_of(struct other *o)
{
    struct answer a = ask(o, 'n', NULL);
    DWORD seen = 0;

    ck_assert(a.ok);
    ck_assert(GetProcessHandleCount(o->process, &seen));
    ck_assert_uint_eq(seen, a.extra);
    return a.extra;
}

/* Ends it, after which no object is left in the namespace. */
static void end_other_clean(struct other *o)
{
    end_other(o);
    ck_assert_int_eq(namespace_files(false, NULL, 0), 0);
}

static int fds_of(struct other *o)
{
    return (int)ask(o, 'n', NULL).error;
}

/* ---- tests ---- */

START_TEST(test_named_event_into_another_process)
{
    struct other o;
    HANDLE event, dup = NULL;
    DWORD before, count;
    struct answer a;
    int our_fds, their_fds;

    fresh_namespace();
    o = start_other();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-event");
    ck_assert_ptr_nonnull(event);
    before = count_of(&o);
    their_fds = fds_of(&o);
    our_fds = fd_count();
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &count));
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_nonnull(dup);
    /* Ours did not move; theirs rose at once, before it looked. */
    ck_assert_int_eq(fd_count(), our_fds);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &before));
    ck_assert_uint_eq(before, count);
    before = count_of(&o) - 1;
    a = ask(&o, 'w', dup);
    ck_assert_uint_eq(a.extra, WAIT_TIMEOUT);
    ck_assert(ask(&o, 's', dup).ok);
    ck_assert_uint_eq(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    ck_assert(ResetEvent(event));
    ck_assert_uint_eq(ask(&o, 'w', dup).extra, WAIT_TIMEOUT);
    ck_assert(SetEvent(event));
    ck_assert_uint_eq(ask(&o, 'w', dup).extra, WAIT_OBJECT_0);
    ck_assert_uint_eq(count_of(&o), before + 1);
    ck_assert(ask(&o, 'c', dup).ok);
    ck_assert_uint_eq(count_of(&o), before);
    ck_assert_int_eq(fds_of(&o), their_fds);
    /* Closed, the value is no handle there any more. */
    a = ask(&o, 'c', dup);
    ck_assert(!a.ok);
    ck_assert_uint_eq(a.error, ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(event));
    end_other_clean(&o);
}
END_TEST

/* Each kind of named object crosses, and is the same object there: what
 * the other process does to it, we see. */
enum { EVENT, MUTEX, SEMAPHORE, TIMER, MAPPING, KINDS };

static HANDLE make_signalled(int kind)
{
    LARGE_INTEGER due = { .QuadPart = -1 };
    HANDLE h = NULL;

    switch (kind) {
    case EVENT:
        return CreateEventA(NULL, TRUE, TRUE, "xdup-kind");
    case MUTEX:
        return CreateMutexA(NULL, FALSE, "xdup-kind");
    case SEMAPHORE:
        return CreateSemaphoreA(NULL, 1, 1, "xdup-kind");
    case TIMER:
        h = CreateWaitableTimerA(NULL, TRUE, "xdup-kind");
        ck_assert(SetWaitableTimer(h, &due, 0, NULL, NULL, FALSE));
        ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
        return h;
    }
    return CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, "xdup-kind");
}

START_TEST(test_each_kind_crosses)
{
    /* What a wait of ours gives after the other process's wait took it. */
    static const DWORD after[] = { WAIT_OBJECT_0, WAIT_TIMEOUT, WAIT_TIMEOUT, WAIT_OBJECT_0 };
    struct other o;
    HANDLE h, dup = NULL, again = NULL;
    DWORD before;
    int their_fds;

    fresh_namespace();
    o = start_other();
    h = make_signalled(_i);
    ck_assert_ptr_nonnull(h);
    before = count_of(&o);
    their_fds = fds_of(&o);
    ck_assert(DuplicateHandle(GetCurrentProcess(), h, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(DuplicateHandle(GetCurrentProcess(), h, o.process, &again, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_ne(dup, again);
    ck_assert_uint_eq(count_of(&o), before + 2);
    if (_i == MAPPING) {
        char *view = MapViewOfFile(h, FILE_MAP_READ, 0, 0, 0);
        ck_assert(ask(&o, 'm', dup).ok);
        ck_assert_str_eq(view, "hello");
        ck_assert(UnmapViewOfFile(view));
    } else {
        ck_assert_uint_eq(ask(&o, 'w', dup).extra, WAIT_OBJECT_0);
        ck_assert_uint_eq(WaitForSingleObject(h, 0), after[_i]);
    }
    /* Two handles of one object there, which holds it by one fd (a
     * mapping's view has one of its own). */
    ck_assert(ask2(&o, 'C', dup, again).ok);
    if (_i != MAPPING)
        ck_assert_int_eq(fds_of(&o), their_fds + 1);
    ck_assert(ask(&o, 'c', dup).ok);
    ck_assert(ask(&o, 'c', again).ok);
    ck_assert_uint_eq(count_of(&o), before);
    ck_assert_int_eq(fds_of(&o), their_fds);
    ck_assert(CloseHandle(h));
    end_other_clean(&o);
}
END_TEST

/* The rights and the inherit flag asked for are the new handle's. */
START_TEST(test_access_and_inherit_flag)
{
    struct other o;
    HANDLE event, dup = NULL;
    struct answer a;

    fresh_namespace();
    o = start_other();
    event = CreateEventA(NULL, FALSE, FALSE, "xdup-access");
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, SYNCHRONIZE, TRUE,
                              0));
    a = ask(&o, 'i', dup);
    ck_assert(a.ok);
    ck_assert_uint_eq(a.extra, HANDLE_FLAG_INHERIT);
    a = ask(&o, 's', dup);
    ck_assert(!a.ok);
    ck_assert_uint_eq(a.error, ERROR_ACCESS_DENIED);
    ck_assert(ask(&o, 'c', dup).ok);
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, EVENT_MODIFY_STATE,
                              FALSE, 0));
    a = ask(&o, 'i', dup);
    ck_assert(a.ok);
    ck_assert_uint_eq(a.extra, 0);
    ck_assert(ask(&o, 's', dup).ok);
    ck_assert_uint_eq(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    ck_assert(ask(&o, 'c', dup).ok);
    ck_assert(CloseHandle(event));
    end_other(&o);
}
END_TEST

/* An unnamed event made inheritable lives in the namespace: it can cross. */
START_TEST(test_inheritable_unnamed_event_crosses)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    struct other o;
    HANDLE event, dup = NULL;

    fresh_namespace();
    o = start_other();
    event = CreateEventA(&sa, TRUE, FALSE, NULL);
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    /* Closed here: the other process's handle holds the object. */
    ck_assert(!CloseHandle(event));
    ck_assert(ask(&o, 's', dup).ok);
    ck_assert_uint_eq(ask(&o, 'w', dup).extra, WAIT_OBJECT_0);
    ck_assert(ask(&o, 'c', dup).ok);
    end_other_clean(&o);
}
END_TEST

/* A file's handle shares its file pointer with ours, as on Windows. */
START_TEST(test_file_into_another_process)
{
    char path[] = "/tmp/w32shim-xdup-XXXXXX", buf[16] = { 0 };
    struct other o;
    HANDLE file, dup = NULL;
    DWORD before;
    struct answer a;
    int fd, their_fds;

    fresh_namespace();
    o = start_other();
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(file, INVALID_HANDLE_VALUE);
    before = count_of(&o);
    their_fds = fds_of(&o);
    ck_assert(DuplicateHandle(GetCurrentProcess(), file, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(count_of(&o), before + 1);
    a = ask(&o, 'W', dup);
    ck_assert(a.ok);
    ck_assert_uint_eq(a.extra, 5);
    ck_assert_uint_eq(SetFilePointer(file, 0, NULL, FILE_CURRENT), 5);
    ck_assert_int_eq(fds_of(&o), their_fds + 1);
    ck_assert(ask(&o, 'c', dup).ok);
    ck_assert_int_eq(fds_of(&o), their_fds);
    ck_assert_uint_eq(count_of(&o), before);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "hello");
    close(fd);
    ck_assert(CloseHandle(file));
    unlink(path);
    end_other(&o);
}
END_TEST

START_TEST(test_pipe_into_another_process)
{
    struct other o;
    HANDLE r, w, dup = NULL;
    char buf[8] = { 0 };
    DWORD n = 0;

    fresh_namespace();
    o = start_other();
    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(DuplicateHandle(GetCurrentProcess(), w, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert(ask(&o, 'W', dup).ok);
    ck_assert(ReadFile(r, buf, 5, &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert_str_eq(buf, "hello");
    /* Its handle was the last writer: the pipe ends as it closes it. */
    ck_assert(ask(&o, 'c', dup).ok);
    SetLastError(0xdeadbeef);
    ck_assert(!ReadFile(r, buf, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert(CloseHandle(r));
    end_other(&o);
}
END_TEST

/* Our own process handle crosses as a pidfd. */
START_TEST(test_process_handle_crosses)
{
    struct other o;
    HANDLE dup = NULL;

    fresh_namespace();
    o = start_other();
    ck_assert(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), o.process, &dup, 0,
                              FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(ask(&o, 'w', dup).extra, WAIT_TIMEOUT);
    ck_assert(ask(&o, 'c', dup).ok);
    end_other(&o);
}
END_TEST

/* Objects that live only in this process's memory stay: ERROR_NOT_SUPPORTED,
 * and DUPLICATE_CLOSE_SOURCE closes the source all the same. */
START_TEST(test_what_cannot_cross)
{
    struct other o;
    HANDLE event, port, dup = (HANDLE)1;
    DWORD before;

    fresh_namespace();
    o = start_other();
    before = count_of(&o);
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert_ptr_null(dup);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), o.process, &dup, 0,
                               FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ck_assert_ptr_nonnull(port);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), port, o.process, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(!CloseHandle(port));
    ck_assert_uint_eq(count_of(&o), before);
    ck_assert(CloseHandle(event));
    end_other(&o);
}
END_TEST

START_TEST(test_bad_handles)
{
    struct other o;
    HANDLE event, limited, dup = (HANDLE)1;

    fresh_namespace();
    o = start_other();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-bad");
    /* A source that is no handle. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), (HANDLE)0x1234, o.process, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(dup);
    /* A target that is no process handle. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), event, event, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* A process handle without PROCESS_DUP_HANDLE. */
    limited = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)o.pid);
    ck_assert_ptr_nonnull(limited);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), event, limited, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    /* The other process as the source: the event is ours, not its. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, event, GetCurrentProcess(), &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(limited));
    /* Values it never got are no handles there, reserved or not. */
    ck_assert_uint_eq(ask(&o, 'c', (HANDLE)(uintptr_t)0x3ffffffc).error, ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(ask(&o, 'c', (HANDLE)(uintptr_t)0x1000).error, ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(event));
    end_other(&o);
}
END_TEST

/* A process that has ended has no table to put a handle in. */
START_TEST(test_ended_process)
{
    struct other o;
    HANDLE event, dup = (HANDLE)1;
    struct command c = { 'x', 0, 0 };

    fresh_namespace();
    o = start_other();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-ended");
    ck_assert_int_eq(write(o.to, &c, sizeof(c)), (ssize_t)sizeof(c));
    ck_assert_uint_eq(WaitForSingleObject(o.process, LONG_WAIT), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(event));
    end_other_clean(&o);
}
END_TEST

/* Handles sent to a process that ends before it looks go with it. */
START_TEST(test_unseen_handles_go_with_their_process)
{
    struct other o;
    HANDLE event, dup;
    struct command c = { 'x', 0, 0 };
    int fds;

    fresh_namespace();
    o = start_other();
    fds = fd_count();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-unseen");
    for (int i = 0; i < 20; i++)
        ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                                  DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(event));
    /* What we sent holds the object: not one fd of ours. */
    ck_assert_int_eq(fd_count(), fds);
    ck_assert_int_eq(namespace_files(false, NULL, 0), 1);
    ck_assert_int_eq(write(o.to, &c, sizeof(c)), (ssize_t)sizeof(c));
    ck_assert_uint_eq(WaitForSingleObject(o.process, LONG_WAIT), WAIT_OBJECT_0);
    end_other(&o);
    /* Its inbox went with it, and with it the last holder of the event. */
    ck_assert_int_eq(namespace_files(false, NULL, 0), 0);
}
END_TEST

/* A process that does not look takes at most W32_XPROC_SLOTS (4096) handles
 * from others (fewer if the kernel's limits on fds in flight come first):
 * then ERROR_NO_SYSTEM_RESOURCES, and each one it takes makes room again. */
START_TEST(test_full_inbox)
{
    struct other o;
    HANDLE event, dup, first = NULL;
    DWORD before, sent = 0;
    BOOL ok = TRUE;

    fresh_namespace();
    o = start_other();
    before = count_of(&o);
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-full");
    while (ok && sent <= 4096) {
        SetLastError(0xdeadbeef);
        ok = DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                             DUPLICATE_SAME_ACCESS);
        if (ok && !sent)
            first = dup;
        sent += ok;
    }
    ck_assert(!ok);
    ck_assert_uint_eq(GetLastError(), ERROR_NO_SYSTEM_RESOURCES);
    ck_assert_uint_gt(sent, 0);
    ck_assert_uint_le(sent, 4096);
    ck_assert_uint_eq(count_of(&o), before + sent);
    /* Its first look takes them all; a value closed is free again. */
    ck_assert(ask(&o, 'c', first).ok);
    ck_assert_uint_eq(count_of(&o), before + sent - 1);
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, o.process, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_eq(dup, first);
    ck_assert_uint_eq(count_of(&o), before + sent);
    ck_assert(CloseHandle(event));
    /* It ends with the last one unseen: exiting, it lets it go itself;
     * gone by _exit, it leaves it to us, who hold its record. */
    if (_i == 0) {
        ck_assert_int_eq(write(o.to, &(struct command){ 'x', 0, 0 }, sizeof(struct command)),
                         (ssize_t)sizeof(struct command));
    } else {
        close(o.to);    /* it reads the end of its commands and calls _exit */
        o.to = -1;
    }
    /* Signalled once we have let its record go. */
    ck_assert_uint_eq(WaitForSingleObject(o.process, LONG_WAIT), WAIT_OBJECT_0);
    end_other_clean(&o);
}
END_TEST

/* A process that is no w32shim program has no table we can reach. */
START_TEST(test_foreign_process)
{
    int execed[2], status;
    HANDLE event, process, dup = (HANDLE)1;
    pid_t pid;
    char c;

    fresh_namespace();
    ck_assert_int_eq(pipe2(execed, O_CLOEXEC), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        execl("/bin/sleep", "sleep", "1000", (char *)NULL);
        _exit(127);
    }
    close(execed[1]);
    ck_assert_int_eq(read(execed[0], &c, 1), 0);
    close(execed[0]);
    process = OpenProcess(PROCESS_ALL_ACCESS, FALSE, (DWORD)pid);
    ck_assert_ptr_nonnull(process);
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-foreign");
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(GetCurrentProcess(), event, process, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(CloseHandle(event));
    ck_assert(CloseHandle(process));
    kill(pid, SIGKILL);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

/* ---- a child of CreateProcess, before its first handle operation ---- */

/* The child: sets the event and writes to the file whose values its parent
 * sends through its standard input; its exit code tells how it went. */
static int child_main(void)
{
    uint64_t values[2];
    DWORD n = 0;

    if (read(0, values, sizeof(values)) != (ssize_t)sizeof(values))
        return 100;
    if (!SetEvent((HANDLE)(uintptr_t)values[0]))
        return 101;
    if (!WriteFile((HANDLE)(uintptr_t)values[1], "hello", 5, &n, NULL) || n != 5)
        return 102;
    if (!CloseHandle((HANDLE)(uintptr_t)values[0]) || !CloseHandle((HANDLE)(uintptr_t)values[1]))
        return 103;
    return 0;
}

static char self_path[PATH_MAX];

START_TEST(test_into_a_child_before_it_runs)
{
    char path[] = "/tmp/w32shim-xdup-XXXXXX", cmd[PATH_MAX + 16];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    HANDLE event, file, in_r, in_w, dup[2];
    uint64_t values[2];
    DWORD n, before, after, code = 1;
    int fd;

    fresh_namespace();
    fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-child");
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(file, INVALID_HANDLE_VALUE);
    ck_assert(CreatePipe(&in_r, &in_w, &sa, 0));
    ck_assert(SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0));
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = in_r;
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    snprintf(cmd, sizeof(cmd), "\"%s\" child", self_path);
    ck_assert(CreateProcessA(self_path, cmd, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &si,
                             &pi));
    ck_assert(CloseHandle(in_r));
    /* Not started yet: it has made no handle operation, and still the
     * values are its own, and count among its handles at once. */
    ck_assert(GetProcessHandleCount(pi.hProcess, &before));
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, pi.hProcess, &dup[0], 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(DuplicateHandle(GetCurrentProcess(), file, pi.hProcess, &dup[1], 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert(GetProcessHandleCount(pi.hProcess, &after));
    ck_assert_uint_eq(after, before + 2);
    values[0] = (uint64_t)(uintptr_t)dup[0];
    values[1] = (uint64_t)(uintptr_t)dup[1];
    ck_assert(WriteFile(in_w, values, sizeof(values), &n, NULL));
    ck_assert_uint_eq(ResumeThread(pi.hThread), 1);
    ck_assert_uint_eq(WaitForSingleObject(event, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 0);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    ck_assert_int_eq(read(fd, cmd, sizeof(cmd)), 5);
    close(fd);
    unlink(path);
    ck_assert(CloseHandle(event) && CloseHandle(in_w));
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    ck_assert_int_eq(namespace_files(false, NULL, 0), 0);
}
END_TEST

/* A child that is no w32shim program takes nothing: what we sent it goes
 * with it, and its count is its fds and what we sent. */
START_TEST(test_into_a_foreign_child)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    HANDLE event, dup;
    DWORD before, after;
    char cmd[] = "/bin/sleep 1000";

    fresh_namespace();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-foreign-child");
    ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, FALSE, CREATE_SUSPENDED, NULL, NULL, &si,
                             &pi));
    ck_assert(GetProcessHandleCount(pi.hProcess, &before));
    ck_assert(DuplicateHandle(GetCurrentProcess(), event, pi.hProcess, &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(GetProcessHandleCount(pi.hProcess, &after));
    ck_assert_uint_eq(after, before + 1);
    ck_assert(CloseHandle(event));
    ck_assert(TerminateProcess(pi.hProcess, 7));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(pi.hProcess) && CloseHandle(pi.hThread));
    /* Killed with the event in its inbox: we swept it as we saw it end. */
    ck_assert_int_eq(namespace_files(false, NULL, 0), 0);
}
END_TEST

/* ---- from another process ---- */

/* Whether this machine lets us take o's fds (pidfd_getfd: ptrace rules);
 * else the error DuplicateHandle must give, and why, printed. */
static DWORD getfd_verdict(pid_t pid)
{
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0), fd, err;

    ck_assert_int_ge(pidfd, 0);
    fd = (int)syscall(SYS_pidfd_getfd, pidfd, 2, 0);
    err = errno;
    close(pidfd);
    if (fd >= 0) {
        close(fd);
        return ERROR_SUCCESS;
    }
    printf("pidfd_getfd not permitted here (%s): files are checked to fail cleanly only\n",
           strerror(err));
    return err == ENOSYS ? ERROR_NOT_SUPPORTED : ERROR_ACCESS_DENIED;
}

/* Takes value from o into this process: one more handle here, none there. */
static HANDLE take(struct other *o, DWORD value)
{
    DWORD ours, theirs = count_of(o), after;
    HANDLE dup = NULL;

    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
    ck_assert(DuplicateHandle(o->process, (HANDLE)(uintptr_t)value, GetCurrentProcess(), &dup, 0,
                              FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_ptr_nonnull(dup);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &after));
    ck_assert_uint_eq(after, ours + 1);
    ck_assert_uint_eq(count_of(o), theirs);
    return dup;
}

/* An event it made, named or inheritable: what we do to it, it sees. */
START_TEST(test_event_from_another_process)
{
    struct other o;
    struct answer a;
    HANDLE dup;

    fresh_namespace();
    o = start_other();
    a = ask(&o, _i ? 'I' : 'E', NULL);
    ck_assert(a.ok);
    dup = take(&o, a.extra);
    ck_assert_uint_eq(ask(&o, 'w', (HANDLE)(uintptr_t)a.extra).extra, WAIT_TIMEOUT);
    ck_assert(SetEvent(dup));
    ck_assert_uint_eq(ask(&o, 'w', (HANDLE)(uintptr_t)a.extra).extra, WAIT_OBJECT_0);
    /* It closes its handle: ours holds the object still. */
    ck_assert(ask(&o, 'c', (HANDLE)(uintptr_t)a.extra).ok);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    end_other_clean(&o);
}
END_TEST

/* Its file shares the file pointer with ours; its pipe carries our data. */
START_TEST(test_file_and_pipe_from_another_process)
{
    struct other o;
    struct answer file, pipe;
    HANDLE dup = (HANDLE)1;
    DWORD n = 0, verdict, ours;

    fresh_namespace();
    make_other_file();
    o = start_other();
    verdict = getfd_verdict(o.pid);
    file = ask(&o, 'F', NULL);
    pipe = ask(&o, 'P', NULL);
    ck_assert(file.ok && pipe.ok);
    if (verdict != ERROR_SUCCESS) {
        ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
        SetLastError(0xdeadbeef);
        ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)file.extra, GetCurrentProcess(),
                                   &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
        ck_assert_uint_eq(GetLastError(), verdict);
        ck_assert_ptr_null(dup);
        ck_assert(GetProcessHandleCount(GetCurrentProcess(), &n));
        ck_assert_uint_eq(n, ours);
    } else {
        dup = take(&o, file.extra);
        ck_assert(WriteFile(dup, "hello", 5, &n, NULL));
        ck_assert_uint_eq(ask(&o, 'p', (HANDLE)(uintptr_t)file.extra).extra, 5);
        ck_assert(CloseHandle(dup));
        dup = take(&o, pipe.extra2);
        ck_assert(WriteFile(dup, "abcd", 4, &n, NULL));
        ck_assert(CloseHandle(dup));
        file = ask(&o, 'r', (HANDLE)(uintptr_t)pipe.extra);
        ck_assert(file.ok);
        ck_assert_uint_eq(file.extra, 4);
        ck_assert_int_eq(memcmp(&file.extra2, "abcd", 4), 0);
    }
    unlink(other_path);
    end_other(&o);
}
END_TEST

/* A named pipe's end cannot be taken from another process (its listing has
 * no room for what makes it one, doc/api.md): refused, nothing made here. */
START_TEST(test_named_pipe_end_from_another_process_is_refused)
{
    struct other o;
    struct answer pipe;
    DWORD ours, after;
    int fds;

    fresh_namespace();
    o = start_other();
    pipe = ask(&o, 'N', NULL);
    ck_assert(pipe.ok);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
    fds = fd_count();
    for (int end = 0; end < 2; end++) {
        HANDLE dup = (HANDLE)1;
        SetLastError(0xdeadbeef);
        ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)(end ? pipe.extra2 : pipe.extra),
                                   GetCurrentProcess(), &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
        ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
        ck_assert_ptr_null(dup);
    }
    ck_assert_int_eq(fd_count(), fds);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &after));
    ck_assert_uint_eq(after, ours);
    end_other(&o);
}
END_TEST

/* What it has not, or cannot list, or we may not take. */
START_TEST(test_bad_sources)
{
    struct other o;
    struct answer named, unnamed;
    HANDLE limited, dup = (HANDLE)1;
    DWORD ours, after, theirs;

    fresh_namespace();
    o = start_other();
    named = ask(&o, 'E', NULL);
    unnamed = ask(&o, 'U', NULL);
    theirs = count_of(&o);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
    /* Never its handle; an unnamed event of its memory only (not listed). */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)0x1234, GetCurrentProcess(), &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(dup);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)unnamed.extra, GetCurrentProcess(),
                               &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* Its pseudo-handle for its thread is out of reach. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, GetCurrentThread(), GetCurrentProcess(), &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    /* Closing its unlisted handle cannot be done: it looks like none. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)unnamed.extra, NULL, NULL, 0, FALSE,
                               DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(ask(&o, 's', (HANDLE)(uintptr_t)unnamed.extra).ok);
    /* A source handle without PROCESS_DUP_HANDLE. */
    limited = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)o.pid);
    ck_assert_ptr_nonnull(limited);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(limited, (HANDLE)(uintptr_t)named.extra, GetCurrentProcess(), &dup,
                               0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(limited));
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &after));
    ck_assert_uint_eq(after, ours);
    ck_assert_uint_eq(count_of(&o), theirs);
    /* Its pseudo-handle for itself is the process. */
    ck_assert(DuplicateHandle(o.process, GetCurrentProcess(), GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetProcessId(dup), (DWORD)o.pid);
    ck_assert(CloseHandle(dup));
    /* Closed there, the value is no handle of its. */
    ck_assert(ask(&o, 'c', (HANDLE)(uintptr_t)named.extra).ok);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)named.extra, GetCurrentProcess(),
                               &dup, 0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(ask(&o, 'c', (HANDLE)(uintptr_t)unnamed.extra).ok);
    end_other_clean(&o);
}
END_TEST

/* An answer that failed with error. */
static void assert_failed(struct answer a, DWORD error)
{
    ck_assert(!a.ok);
    ck_assert_uint_eq(a.error, error);
}

/*
 * DUPLICATE_CLOSE_SOURCE of its handle, named or inheritable: ours works,
 * its is no handle from then on, before it makes any call, and goes from
 * its table at its next one; the object goes with our handle.
 */
START_TEST(test_close_source_in_another_process)
{
    struct other o;
    struct answer a;
    HANDLE dup = NULL, again = (HANDLE)1, value, opened;
    DWORD theirs, ours, n;

    fresh_namespace();
    o = start_other();
    a = ask(&o, _i ? 'I' : 'E', NULL);
    ck_assert(a.ok);
    value = (HANDLE)(uintptr_t)a.extra;
    theirs = count_of(&o);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
    ck_assert(DuplicateHandle(o.process, value, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_ptr_nonnull(dup);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &n));
    ck_assert_uint_eq(n, ours + 1);
    ck_assert(GetProcessHandleCount(o.process, &n));
    ck_assert_uint_eq(n, theirs - 1);
    /* Nothing left to take or to close. */
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, value, GetCurrentProcess(), &again, 0, FALSE,
                               DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(again);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, value, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* Its first call after ours finds no handle (a lookup, no table change). */
    assert_failed(ask(&o, 's', value), ERROR_INVALID_HANDLE);
    ck_assert(SetEvent(dup));
    ck_assert_uint_eq(count_of(&o), theirs - 1);
    assert_failed(ask(&o, 'c', value), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    if (!_i) {
        /* It held the name no more: it went with our handle. */
        SetLastError(0xdeadbeef);
        opened = OpenEventA(SYNCHRONIZE, FALSE, "xdup-taken");
        ck_assert_ptr_null(opened);
        ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    }
    end_other_clean(&o);
}
END_TEST

/*
 * DUPLICATE_CLOSE_SOURCE alone (no target): its file and its pipe's write
 * end close there without us opening them (no pidfd_getfd needed); its
 * read of the pipe then ends; its fds go. Twice, or its handle that is not
 * listed: ERROR_INVALID_HANDLE.
 */
START_TEST(test_close_only_in_another_process)
{
    struct other o;
    struct answer file, pipe, unnamed;
    DWORD theirs, fds, n;

    fresh_namespace();
    make_other_file();
    o = start_other();
    file = ask(&o, 'F', NULL);
    pipe = ask(&o, 'P', NULL);
    unnamed = ask(&o, 'U', NULL);
    ck_assert(file.ok && pipe.ok && unnamed.ok);
    theirs = count_of(&o);
    fds = (DWORD)fds_of(&o);
    ck_assert(DuplicateHandle(o.process, (HANDLE)(uintptr_t)file.extra, NULL, NULL, 0, FALSE,
                              DUPLICATE_CLOSE_SOURCE));
    ck_assert(DuplicateHandle(o.process, (HANDLE)(uintptr_t)pipe.extra2, NULL, NULL, 0, FALSE,
                              DUPLICATE_CLOSE_SOURCE));
    ck_assert(GetProcessHandleCount(o.process, &n));
    ck_assert_uint_eq(n, theirs - 2);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)file.extra, NULL, NULL, 0, FALSE,
                               DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)unnamed.extra, NULL, NULL, 0, FALSE,
                               DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* Its ReadFile closes the write end first: no writer is left. */
    assert_failed(ask(&o, 'r', (HANDLE)(uintptr_t)pipe.extra), ERROR_BROKEN_PIPE);
    ck_assert_uint_eq((DWORD)fds_of(&o), fds - 2);
    ck_assert_uint_eq(count_of(&o), theirs - 2);
    assert_failed(ask(&o, 'p', (HANDLE)(uintptr_t)file.extra), ERROR_INVALID_HANDLE);
    ck_assert(ask(&o, 's', (HANDLE)(uintptr_t)unnamed.extra).ok);
    ck_assert(ask(&o, 'c', (HANDLE)(uintptr_t)unnamed.extra).ok);
    ck_assert(ask(&o, 'c', (HANDLE)(uintptr_t)pipe.extra).ok);
    unlink(other_path);
    end_other_clean(&o);
}
END_TEST

/* A fresh namespace and another process with a named event: its value there. */
static HANDLE start_with_event(struct other *o)
{
    struct answer a;

    fresh_namespace();
    *o = start_other();
    a = ask(o, 'E', NULL);
    ck_assert(a.ok);
    return (HANDLE)(uintptr_t)a.extra;
}

/* Its protected handle stays open, as ours does (Windows' rule), and works. */
START_TEST(test_close_source_keeps_protected_handle)
{
    struct other o;
    HANDLE dup = NULL, value = start_with_event(&o);
    DWORD theirs;

    ck_assert(ask2(&o, 'h', value, (HANDLE)HANDLE_FLAG_PROTECT_FROM_CLOSE).ok);
    theirs = count_of(&o);
    ck_assert(DuplicateHandle(o.process, value, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert(ask(&o, 's', value).ok);
    ck_assert_uint_eq(count_of(&o), theirs);
    ck_assert(ask(&o, 'i', value).ok);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(dup));
    /* Still its to take and to close once unprotected. */
    ck_assert(DuplicateHandle(o.process, value, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(dup));
    ck_assert(ask2(&o, 'h', value, NULL).ok);
    ck_assert(DuplicateHandle(o.process, value, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE));
    assert_failed(ask(&o, 'c', value), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(count_of(&o), theirs - 1);
    end_other_clean(&o);
}
END_TEST

/* With a target that is no process handle: closed there all the same. */
START_TEST(test_close_source_with_bad_target)
{
    struct other o;
    HANDLE dup = (HANDLE)1, value = start_with_event(&o);
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD theirs;

    theirs = count_of(&o);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, value, event, &dup, 0, FALSE,
                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_ptr_null(dup);
    assert_failed(ask(&o, 'c', value), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(count_of(&o), theirs - 1);
    ck_assert(CloseHandle(event));
    end_other_clean(&o);
}
END_TEST

/* It forks before any other call of its: its child has not the handle we
 * closed (the fork takes it out first). */
START_TEST(test_close_source_reaches_no_fork)
{
    struct other o;
    struct answer a;
    HANDLE value = start_with_event(&o);
    DWORD theirs = count_of(&o);

    ck_assert(DuplicateHandle(o.process, value, NULL, NULL, 0, FALSE, DUPLICATE_CLOSE_SOURCE));
    a = ask(&o, 'f', value);
    ck_assert(a.ok);
    ck_assert_uint_eq(a.extra, 0);
    ck_assert_uint_eq(count_of(&o), theirs - 1);
    end_other_clean(&o);
}
END_TEST

/*
 * It closes its handles while we close them from outside: each is closed
 * once, by it or by us, and nothing is left.
 */
START_TEST(test_close_source_races_its_own_close)
{
    struct other o;
    DWORD theirs, ours = 0, closed = 0, n;

    raced = mmap(NULL, (RACED + 1) * sizeof(DWORD), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                 -1, 0);
    ck_assert(raced != MAP_FAILED);
    fresh_namespace();
    o = start_other();
    theirs = count_of(&o);
    ck_assert(ask(&o, 'M', NULL).ok);
    ck_assert_uint_eq(count_of(&o), theirs + RACED);
    ck_assert(ask(&o, 'K', NULL).ok);
    raced[RACED] = 1;
    /* Head to head (in its order), or from the other end; paced or not. */
    for (int k = 0; k < RACED; k++) {
        int i = _i & 1 ? RACED - 1 - k : k;
        if (_i & 2)
            usleep(20);
        SetLastError(0xdeadbeef);
        if (DuplicateHandle(o.process, (HANDLE)(uintptr_t)raced[i], NULL, NULL, 0, FALSE,
                            DUPLICATE_CLOSE_SOURCE))
            ours++;
        else
            ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    closed = ask(&o, 'J', NULL).extra;
    ck_assert_uint_eq(ours + closed, RACED);
    ck_assert(GetProcessHandleCount(o.process, &n));
    ck_assert_uint_eq(n, theirs);
    ck_assert_uint_eq(count_of(&o), theirs);
    end_other_clean(&o);
    munmap((void *)raced, (RACED + 1) * sizeof(DWORD));
}
END_TEST

/* A forked process lists what it has from its parent as it makes its record. */
START_TEST(test_forked_handles_are_listed)
{
    struct other o;
    HANDLE event, dup;

    fresh_namespace();
    event = CreateEventA(NULL, TRUE, FALSE, "xdup-forked");
    ck_assert_ptr_nonnull(event);
    o = start_other();      /* a fork: it holds event under the same value */
    dup = take(&o, (DWORD)(uintptr_t)event);
    ck_assert(CompareObjectHandles(dup, event));
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(event));
    ck_assert(ask(&o, 'c', event).ok);
    end_other_clean(&o);
}
END_TEST

/* An ended process's table is gone. */
START_TEST(test_ended_source)
{
    struct other o;
    struct answer a;
    HANDLE dup = (HANDLE)1;
    struct command c = { 'x', 0, 0 };

    fresh_namespace();
    o = start_other();
    a = ask(&o, 'E', NULL);
    ck_assert_int_eq(write(o.to, &c, sizeof(c)), (ssize_t)sizeof(c));
    ck_assert_uint_eq(WaitForSingleObject(o.process, LONG_WAIT), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert(!DuplicateHandle(o.process, (HANDLE)(uintptr_t)a.extra, GetCurrentProcess(), &dup,
                               0, FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_ptr_null(dup);
    end_other_clean(&o);
}
END_TEST

/* From one process into another: a third that only asks. */
START_TEST(test_from_one_process_into_another)
{
    struct other from, into;
    struct answer a, file;
    HANDLE dup = NULL;
    DWORD before_from, before_into, ours, after;

    fresh_namespace();
    make_other_file();
    /* Both forked before this process has a thread (OpenProcess starts its
     * monitor): ThreadSanitizer forbids threads after a multi-threaded fork. */
    from = spawn_other();
    into = spawn_other();
    open_other(&from);
    open_other(&into);
    a = ask(&from, 'E', NULL);
    file = ask(&from, 'F', NULL);
    ck_assert(a.ok && file.ok);
    before_from = count_of(&from);
    before_into = count_of(&into);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &ours));
    ck_assert(DuplicateHandle(from.process, (HANDLE)(uintptr_t)a.extra, into.process, &dup, 0,
                              FALSE, DUPLICATE_SAME_ACCESS));
    ck_assert_uint_eq(count_of(&into), before_into + 1);
    ck_assert_uint_eq(count_of(&from), before_from);
    ck_assert(GetProcessHandleCount(GetCurrentProcess(), &after));
    ck_assert_uint_eq(after, ours);
    ck_assert_uint_eq(ask(&into, 'w', dup).extra, WAIT_TIMEOUT);
    ck_assert(ask(&from, 's', (HANDLE)(uintptr_t)a.extra).ok);
    ck_assert_uint_eq(ask(&into, 'w', dup).extra, WAIT_OBJECT_0);
    ck_assert(ask(&into, 'c', dup).ok);
    if (getfd_verdict(from.pid) == ERROR_SUCCESS) {
        ck_assert(DuplicateHandle(from.process, (HANDLE)(uintptr_t)file.extra, into.process, &dup,
                                  0, FALSE, DUPLICATE_SAME_ACCESS));
        ck_assert(ask(&into, 'W', dup).ok);
        ck_assert_uint_eq(ask(&from, 'p', (HANDLE)(uintptr_t)file.extra).extra, 5);
        ck_assert(ask(&into, 'c', dup).ok);
    }
    ck_assert_uint_eq(count_of(&into), before_into);
    ck_assert(ask(&from, 'c', (HANDLE)(uintptr_t)a.extra).ok);
    unlink(other_path);
    end_other(&into);
    end_other_clean(&from);
}
END_TEST

static Suite *xdup_suite(void)
{
    Suite *s = suite_create("xdup");
    TCase *tc = tcase_create("core");
    TCase *full = tcase_create("full");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_named_event_into_another_process);
    tcase_add_loop_test(tc, test_each_kind_crosses, 0, KINDS);
    tcase_add_test(tc, test_access_and_inherit_flag);
    tcase_add_test(tc, test_inheritable_unnamed_event_crosses);
    tcase_add_test(tc, test_file_into_another_process);
    tcase_add_test(tc, test_pipe_into_another_process);
    tcase_add_test(tc, test_process_handle_crosses);
    tcase_add_test(tc, test_what_cannot_cross);
    tcase_add_test(tc, test_bad_handles);
    tcase_add_test(tc, test_ended_process);
    tcase_add_test(tc, test_unseen_handles_go_with_their_process);
    tcase_add_test(tc, test_foreign_process);
    tcase_add_test(tc, test_into_a_child_before_it_runs);
    tcase_add_test(tc, test_into_a_foreign_child);
    tcase_add_loop_test(tc, test_event_from_another_process, 0, 2);
    tcase_add_test(tc, test_file_and_pipe_from_another_process);
    tcase_add_test(tc, test_named_pipe_end_from_another_process_is_refused);
    tcase_add_test(tc, test_bad_sources);
    tcase_add_test(tc, test_ended_source);
    tcase_add_test(tc, test_forked_handles_are_listed);
    tcase_add_test(tc, test_from_one_process_into_another);
    tcase_add_loop_test(tc, test_close_source_in_another_process, 0, 2);
    tcase_add_test(tc, test_close_only_in_another_process);
    tcase_add_test(tc, test_close_source_keeps_protected_handle);
    tcase_add_test(tc, test_close_source_with_bad_target);
    tcase_add_test(tc, test_close_source_reaches_no_fork);
    tcase_add_loop_test(tc, test_close_source_races_its_own_close, 0, 4);
    suite_add_tcase(s, tc);

    /* 4,096 handles into one process: over a second of work, which a
     * nice-19 run beside two busy CPUs stretches past a minute. The
     * timeout only guards a hang. */
    tcase_set_timeout(full, 300);
    tcase_add_loop_test(full, test_full_inbox, 0, 2);
    suite_add_tcase(s, full);
    return s;
}

int main(int argc, char **argv)
{
    SRunner *sr;
    int failed;

    if (argc == 2 && strcmp(argv[1], "child") == 0)
        return child_main();
    if (!realpath("/proc/self/exe", self_path))
        return EXIT_FAILURE;
    sr = srunner_create(xdup_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
