/*
 * Process records (lib/xproc.c): another w32shim process's handle count and
 * exit code, read without stopping it; a record of garbage or of another
 * start time (a reused pid) is not trusted; records go with their processes.
 *
 * The other process is a grandchild (fork twice), so that it is nobody's
 * child here: its exit code can come only from its record. It takes
 * commands through a pipe. Each test has a namespace of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nsutil.h"

/* Where a record's fields sit in its file: a 64-byte file header, then the
 * block: a wake word pair (8 bytes), magic, pid, start time. */
#define MAGIC_AT 72
#define PID_AT 76
#define START_AT 80

/* The path of pid's record (a p... file holding pid), or false. */
static bool record_of(pid_t pid, char *path, size_t size)
{
    DIR *d = opendir(ns_dir);
    struct dirent *e;
    bool found = false;

    if (!d)
        return false;
    while (!found && (e = readdir(d))) {
        int32_t who = 0;
        int fd;
        if (!is_process_record(e->d_name))
            continue;
        if ((size_t)snprintf(path, size, "%s/%s", ns_dir, e->d_name) >= size)
            continue;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        found = fd >= 0 && pread(fd, &who, sizeof(who), PID_AT) == sizeof(who) && who == pid;
        if (fd >= 0)
            close(fd);
    }
    closedir(d);
    return found;
}

/* This process's own record is made at its first handle operation. */
static void publish_own_record(void)
{
    (void)handle_count();
}

static int records(void)
{
    return namespace_files(true, NULL, 0);
}

/* Overwrites 4 or 8 bytes of pid's record at offset. */
static void scribble(pid_t pid, off_t offset, const void *bytes, size_t n)
{
    char path[PATH_MAX + NAME_MAX];
    int fd;

    ck_assert(record_of(pid, path, sizeof(path)));
    fd = open(path, O_RDWR | O_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, bytes, n, offset), (ssize_t)n);
    close(fd);
}

/* ---- the other process ---- */

struct other {
    pid_t pid;
    int to, from;       /* commands to it, answers from it */
};

#define EVENTS 5

/* The other process: makes EVENTS events, tells its pid and handle count, then
 * does what it is told: 'c' closes two and tells the count again, 'x'
 * exits with ExitProcess(0xC0000135). */
static void other_main(int in, int out)
{
    HANDLE events[EVENTS];
    DWORD hello[2] = { GetCurrentProcessId(), 0 }, count = 0;
    char cmd;

    signal(SIGALRM, SIG_DFL);
    for (int i = 0; i < EVENTS; i++)
        events[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
    GetProcessHandleCount(GetCurrentProcess(), &hello[1]);
    if (write(out, hello, sizeof(hello)) != sizeof(hello))
        _exit(1);
    while (read(in, &cmd, 1) == 1) {
        if (cmd == 'c') {
            CloseHandle(events[0]);
            CloseHandle(events[1]);
            GetProcessHandleCount(GetCurrentProcess(), &count);
            if (write(out, &count, sizeof(count)) != sizeof(count))
                _exit(1);
        } else if (cmd == 'x') {
            ExitProcess(0xC0000135);
        }
    }
    _exit(2);
}

/* Starts the other process as a grandchild, reparented away from us;
 * *count is the handle count it told. */
static struct other start_other(DWORD *count)
{
    int to[2], from[2];
    DWORD hello[2];
    pid_t child, pid;
    int status;

    ck_assert_int_eq(pipe2(to, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(from, O_CLOEXEC), 0);
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        pid = fork();
        if (pid == 0) {
            close(to[1]);
            close(from[0]);
            other_main(to[0], from[1]);
        }
        _exit(pid > 0 ? 0 : 1);
    }
    close(to[0]);
    close(from[1]);
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(read(from[0], hello, sizeof(hello)), sizeof(hello));
    *count = hello[1];
    return (struct other){ (pid_t)hello[0], to[1], from[0] };
}

static void tell(struct other *o, char cmd)
{
    ck_assert_int_eq(write(o->to, &cmd, 1), 1);
}

/* Lets the other process go and waits until it has ended, its fds closed
 * (its pidfd is readable then): a record it left is then held by nobody,
 * and the sweep at this process's exit removes it with the namespace. */
static void end_other(struct other *o)
{
    struct pollfd p = { .fd = (int)syscall(SYS_pidfd_open, o->pid, 0), .events = POLLIN };

    close(o->to);
    close(o->from);
    if (p.fd >= 0) {
        ck_assert_int_eq(poll(&p, 1, LONG_WAIT), 1);
        close(p.fd);
    }
}

/* The other process, opened. */
static HANDLE open_other(struct other *o, DWORD access)
{
    HANDLE h = OpenProcess(access, FALSE, (DWORD)o->pid);

    ck_assert_ptr_nonnull(h);
    return h;
}

/* ---- tests ---- */

START_TEST(test_handle_count_and_exit_code_of_another_process)
{
    DWORD told, count = 0, code = 0;
    struct other o;
    HANDLE h;

    fresh_namespace();
    o = start_other(&told);
    h = open_other(&o, PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE);
    ck_assert(GetProcessHandleCount(h, &count));
    ck_assert_uint_eq(count, told);
    ck_assert_uint_ge(count, EVENTS);
    tell(&o, 'c');
    ck_assert_int_eq(read(o.from, &told, sizeof(told)), sizeof(told));
    ck_assert(GetProcessHandleCount(h, &count));
    ck_assert_uint_eq(count, told);
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, STILL_ACTIVE);
    ck_assert(record_of(o.pid, (char[PATH_MAX + NAME_MAX]){ 0 }, PATH_MAX + NAME_MAX));
    tell(&o, 'x');
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    /* In full: Linux keeps only the low byte of an exit status. */
    ck_assert(GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(code, 0xC0000135);
    /* Its table is gone with it. */
    ck_assert(GetProcessHandleCount(h, &count));
    ck_assert_uint_eq(count, 0);
    /* Its record lived while we held it, and went as we saw it end. */
    ck_assert(!record_of(o.pid, (char[PATH_MAX + NAME_MAX]){ 0 }, PATH_MAX + NAME_MAX));
    ck_assert(CloseHandle(h));
    end_other(&o);
}
END_TEST

START_TEST(test_record_goes_with_a_process_nobody_holds)
{
    DWORD told;
    struct other o;
    int before;

    fresh_namespace();
    publish_own_record();
    before = records();
    o = start_other(&told);
    ck_assert_int_eq(records(), before + 1);
    tell(&o, 'x');
    /* Its pipe end closes as it exits: by then it let its record go. */
    ck_assert_int_eq(read(o.from, &told, 1), 0);
    ck_assert_int_eq(records(), before);
    end_other(&o);
}
END_TEST

START_TEST(test_killed_process_exit_code_is_unknown_and_record_swept)
{
    DWORD told, code, count = 1;
    struct other o;
    HANDLE h;
    int before;

    fresh_namespace();
    publish_own_record();
    before = records();
    o = start_other(&told);
    h = open_other(&o, PROCESS_QUERY_INFORMATION | SYNCHRONIZE);
    ck_assert_int_eq(kill(o.pid, SIGKILL), 0);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert(!GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(GetProcessHandleCount(h, &count));
    ck_assert_uint_eq(count, 0);
    /* We let it go as we saw the process end: the last holder removed it. */
    ck_assert_int_eq(records(), before);
    ck_assert(CloseHandle(h));
    end_other(&o);
}
END_TEST

/*
 * A holder that kills the other process, sees it end and exits at once,
 * before its monitor may have seen the end: the record goes all the same,
 * with no sweep by anyone after. Many rounds: the exit races the monitor.
 */
#define HOLDER_ROUNDS 20
START_TEST(test_holder_that_exits_as_the_other_dies_leaves_no_record)
{
    int left = 0;

    fresh_namespace();
    for (int round = 0; round < HOLDER_ROUNDS; round++) {
        struct other o;
        DWORD told;
        int go[2], ready[2], status;
        pid_t holder;
        char byte = 0;

        o = start_other(&told);
        ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
        ck_assert_int_eq(pipe2(ready, O_CLOEXEC), 0);
        holder = fork();
        ck_assert_int_ge(holder, 0);
        if (holder == 0) {
            HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)o.pid);
            if (!h || write(ready[1], &byte, 1) != 1 || read(go[0], &byte, 1) != 1)
                _exit(1);
            struct pollfd end = { (int)syscall(SYS_pidfd_open, o.pid, 0), POLLIN, 0 };
            if (end.fd < 0 || kill(o.pid, SIGKILL) != 0 || poll(&end, 1, -1) != 1)
                _exit(2);
            exit(0);
        }
        close(go[0]);
        close(ready[1]);
        ck_assert_int_eq(read(ready[0], &byte, 1), 1);
        ck_assert_int_eq(write(go[1], &byte, 1), 1);
        close(go[1]);
        close(ready[0]);
        ck_assert_int_eq(waitpid(holder, &status, 0), holder);
        ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        end_other(&o);
        left += records();
        w32_shared_sweep();     /* what the next round must not count */
    }
    ck_assert_int_eq(left, 0);
}
END_TEST

/* A record that is not the process's, found under its key, is not trusted:
 * garbage (its magic) or another process's (its start time: a reused pid). */
static const struct { off_t at; uint64_t value; size_t size; } lies[] = {
    { MAGIC_AT, 0x12345678, 4 },
    { START_AT, 1, 8 },
};

START_TEST(test_record_that_lies_is_not_trusted)
{
    DWORD told, code;
    struct other o;
    HANDLE h;

    fresh_namespace();
    o = start_other(&told);
    scribble(o.pid, lies[_i].at, &lies[_i].value, lies[_i].size);
    h = open_other(&o, PROCESS_QUERY_LIMITED_INFORMATION | SYNCHRONIZE);
    tell(&o, 'x');
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_OBJECT_0);
    SetLastError(0xdeadbeef);
    ck_assert(!GetExitCodeProcess(h, &code));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(CloseHandle(h));
    end_other(&o);
}
END_TEST

/* A process that is no w32shim process: its handles are its open fds. */
START_TEST(test_handle_count_of_a_foreign_process_is_its_fds)
{
    char path[64];
    DWORD count = 0;
    int to[2], from[2], fds = 0, status;
    pid_t pid;
    char c;
    HANDLE h;
    DIR *d;

    fresh_namespace();
    ck_assert_int_eq(pipe2(to, O_CLOEXEC), 0);
    ck_assert_int_eq(pipe2(from, O_CLOEXEC), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        execl("/bin/cat", "cat", (char *)NULL);
        _exit(127);
    }
    close(to[0]);
    close(from[1]);
    /* A byte through cat: it is in its read loop, past the dynamic loader,
     * whose files come and go, so its fds hold still while both count. */
    ck_assert_int_eq(write(to[1], "x", 1), 1);
    ck_assert_int_eq(read(from[0], &c, 1), 1);
    close(from[0]);
    h = open_other(&(struct other){ pid, -1, -1 }, PROCESS_QUERY_LIMITED_INFORMATION);
    ck_assert(GetProcessHandleCount(h, &count));
    snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
    d = opendir(path);
    ck_assert_ptr_nonnull(d);
    for (struct dirent *e; (e = readdir(d));)
        fds += e->d_name[0] != '.';
    closedir(d);
    ck_assert_uint_eq(count, (DWORD)fds);
    ck_assert(CloseHandle(h));
    close(to[1]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

START_TEST(test_handle_count_errors)
{
    DWORD told, count = 7;
    struct other o;
    HANDLE h, event;

    fresh_namespace();
    o = start_other(&told);
    h = open_other(&o, SYNCHRONIZE);
    SetLastError(0xdeadbeef);
    ck_assert(!GetProcessHandleCount(h, &count));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(count, 7);
    ck_assert(CloseHandle(h));
    h = open_other(&o, PROCESS_QUERY_INFORMATION);
    SetLastError(0xdeadbeef);
    ck_assert(!GetProcessHandleCount(h, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(h));
    event = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ck_assert(!GetProcessHandleCount(event, &count));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(event));
    tell(&o, 'x');
    end_other(&o);
}
END_TEST

/* A forked child's record is its own: its handles are not counted in ours. */
START_TEST(test_forked_child_has_a_record_of_its_own)
{
    char path[PATH_MAX + NAME_MAX];
    DWORD mine, theirs = 0;
    HANDLE event, h;
    int go[2], status;
    pid_t pid;
    char c;

    fresh_namespace();
    ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
    mine = handle_count();
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(go[1]);
        signal(SIGALRM, SIG_DFL);
        event = CreateEventA(NULL, TRUE, FALSE, NULL);
        event = CreateEventA(NULL, TRUE, FALSE, NULL);
        if (read(go[0], &c, 1) < 0)
            _exit(1);
        _exit(event ? 0 : 1);
    }
    close(go[0]);
    h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    ck_assert_ptr_nonnull(h);
    /* The child makes its events when it likes: wait for its count to move. */
    for (int i = 0; i < LONG_WAIT && theirs != mine + 2; i++) {
        ck_assert(GetProcessHandleCount(h, &theirs));
        usleep(1000);
    }
    ck_assert_uint_eq(theirs, mine + 2);
    ck_assert_uint_eq(handle_count(), mine + 1);
    ck_assert(CloseHandle(h));
    close(go[1]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* It ran no exit handler (_exit): its record goes as the process
     * monitor, which held it last, sees the child end. */
    for (int i = 0; i < LONG_WAIT && record_of(pid, path, sizeof(path)); i++)
        usleep(1000);
    ck_assert(!record_of(pid, path, sizeof(path)));
}
END_TEST

static Suite *xproc_suite(void)
{
    Suite *s = suite_create("xproc");
    TCase *tc = tcase_create("record");

    /* test_holder_that_exits_as_the_other_dies_leaves_no_record starts 40
     * processes: 2.7 s for the whole case under ASan on an idle machine,
     * 75-157 s at nice 19 beside two CPU hogs. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_handle_count_and_exit_code_of_another_process);
    tcase_add_test(tc, test_record_goes_with_a_process_nobody_holds);
    tcase_add_test(tc, test_killed_process_exit_code_is_unknown_and_record_swept);
    tcase_add_test(tc, test_holder_that_exits_as_the_other_dies_leaves_no_record);
    tcase_add_loop_test(tc, test_record_that_lies_is_not_trusted, 0,
                        sizeof(lies) / sizeof(lies[0]));
    tcase_add_test(tc, test_handle_count_of_a_foreign_process_is_its_fds);
    tcase_add_test(tc, test_handle_count_errors);
    tcase_add_test(tc, test_forked_child_has_a_record_of_its_own);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(xproc_suite)
