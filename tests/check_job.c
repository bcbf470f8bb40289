/* Job objects: what the monitor tells them, what their end kills, what they leave. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "testutil.h"
#include "inherit.h"
#include "job.h"

/* A forked creator starts the monitor thread: TSan must let it. */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "die_after_fork=0";
}

static bool start_flags(const char *cmdline, DWORD flags, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    char *copy = strdup(cmdline);
    BOOL ok = CreateProcessA(NULL, copy, NULL, NULL, FALSE, flags, NULL, NULL, &si, pi);

    free(copy);
    return ok;
}

static void set_flags(HANDLE job, DWORD flags)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = { .BasicLimitInformation.LimitFlags = flags };

    ck_assert(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info,
                                      sizeof(info)));
}

static JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting(HANDLE job)
{
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info;

    ck_assert(QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &info,
                                        sizeof(info), NULL));
    return info;
}

/* The first child of pid that /proc shows, or 0. */
static pid_t child_of(pid_t pid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    pid_t found = 0;

    ck_assert_ptr_nonnull(d);
    while (!found && (e = readdir(d))) {
        char path[300], buf[512], *p;
        int ppid = 0;
        FILE *f;
        if (atoi(e->d_name) <= 0)
            continue;
        snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
        f = fopen(path, "r");
        if (!f)
            continue;
        if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')) &&
            sscanf(p + 1, " %*c %d", &ppid) == 1 && ppid == pid)
            found = (pid_t)atoi(e->d_name);
        fclose(f);
    }
    closedir(d);
    return found;
}

/* Waits (only long if broken) until pid has a child, and returns it. */
static pid_t wait_for_child_of(pid_t pid)
{
    pid_t child = 0;

    for (int i = 0; i < LONG_WAIT / 10 && !(child = child_of(pid)); i++)
        Sleep(10);
    ck_assert_int_gt(child, 0);
    return child;
}

/* Whether pid has ended (gone, or a zombie its new parent has not reaped). */
static bool ended(pid_t pid)
{
    char path[64], buf[512], *p;
    FILE *f;
    bool dead = true;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return true;
    if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
        dead = p[2] == 'Z' || p[2] == 'X';
    fclose(f);
    return dead;
}

static void wait_ended(pid_t pid)
{
    for (int i = 0; i < LONG_WAIT / 10 && !ended(pid); i++)
        Sleep(10);
    ck_assert_msg(ended(pid), "process %d lives on", (int)pid);
}

/* The monitor's epoll fd lives as long as the process: open it before counting fds. */
static void start_the_monitor(void)
{
    PROCESS_INFORMATION pi;

    ck_assert(start_flags("true", 0, &pi));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

START_TEST(test_job_whose_processes_all_died)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    HANDLE job = CreateJobObjectA(NULL, NULL);
    PROCESS_INFORMATION pi[3];
    char ids[sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST) + 4 * sizeof(ULONG_PTR)];
    JOBOBJECT_BASIC_PROCESS_ID_LIST *list = (JOBOBJECT_BASIC_PROCESS_ID_LIST *)ids;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info;

    ck_assert_ptr_nonnull(job);
    for (int i = 0; i < 3; i++) {
        ck_assert(start_flags(i ? "true" : "sh -c \"exit 3\"", CREATE_SUSPENDED, &pi[i]));
        ck_assert(AssignProcessToJobObject(job, pi[i].hProcess));
        ck_assert_uint_eq(ResumeThread(pi[i].hThread), 1);
    }
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(WaitForSingleObject(pi[i].hProcess, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(CloseHandle(pi[i].hProcess));
        ck_assert(CloseHandle(pi[i].hThread));
    }
    /* The monitor told the job before it signalled the processes. */
    info = accounting(job);
    ck_assert_uint_eq(info.TotalProcesses, 3);
    ck_assert_uint_eq(info.ActiveProcesses, 0);
    ck_assert(QueryInformationJobObject(job, JobObjectBasicProcessIdList, list, sizeof(ids),
                                        NULL));
    ck_assert_uint_eq(list->NumberOfAssignedProcesses, 0);
    ck_assert_uint_eq(WaitForSingleObject(job, 0), WAIT_TIMEOUT);
    /* TerminateJobObject of a job with no process running still signals it. */
    ck_assert(TerminateJobObject(job, 1));
    ck_assert_uint_eq(WaitForSingleObject(job, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(job));
    LEAK_CHECK_END();
}
END_TEST

/* The last handle's close kills the job's process and the process it started. */
START_TEST(test_closing_the_last_handle_kills_the_tree)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    HANDLE job = CreateJobObjectA(NULL, NULL), dup;
    PROCESS_INFORMATION pi;
    pid_t grandchild;
    DWORD code = 0;

    set_flags(job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    ck_assert(start_flags("sh -c \"sleep 1000 & wait\"", CREATE_SUSPENDED, &pi));
    ck_assert(AssignProcessToJobObject(job, pi.hProcess));
    ck_assert_uint_eq(ResumeThread(pi.hThread), 1);
    grandchild = wait_for_child_of((pid_t)pi.dwProcessId);
    ck_assert(DuplicateHandle(GetCurrentProcess(), job, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(job));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(dup));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi.hProcess, &code));
    ck_assert_uint_eq(code, 0);
    wait_ended(grandchild);
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    LEAK_CHECK_END();
}
END_TEST

/* A job with a port, its packets read, leaves no handle and no fd behind. */
START_TEST(test_port_and_job_leave_nothing)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    HANDLE job = CreateJobObjectA(NULL, NULL);
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT assoc = { .CompletionKey = (PVOID)7,
                                                  .CompletionPort = port };
    PROCESS_INFORMATION pi;
    DWORD messages[3], bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;

    ck_assert(SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                                      sizeof(assoc)));
    ck_assert(start_flags("sh -c \"kill -SEGV $$\"", CREATE_SUSPENDED, &pi));
    ck_assert(AssignProcessToJobObject(job, pi.hProcess));
    ck_assert_uint_eq(ResumeThread(pi.hThread), 1);
    for (int i = 0; i < 3; i++) {
        ck_assert(GetQueuedCompletionStatus(port, &bytes, &key, &ov, LONG_WAIT));
        ck_assert_uint_eq(key, 7);
        ck_assert_uint_eq((ULONG_PTR)ov, i < 2 ? pi.dwProcessId : 0);
        messages[i] = bytes;
    }
    ck_assert_uint_eq(messages[0], JOB_OBJECT_MSG_NEW_PROCESS);
    /* A signal's death is an abnormal end. */
    ck_assert_uint_eq(messages[1], JOB_OBJECT_MSG_ABNORMAL_EXIT_PROCESS);
    ck_assert_uint_eq(messages[2], JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO);
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(CloseHandle(pi.hProcess));
    ck_assert(CloseHandle(pi.hThread));
    /* The port outlives its handle while the job holds it; neither leaks. */
    ck_assert(CloseHandle(port));
    ck_assert(CloseHandle(job));
    LEAK_CHECK_END();
}
END_TEST

/* Only the jobs' own access rights and classes pass. */
START_TEST(test_bad_input)
{
    LEAK_CHECK_BEGIN();
    HANDLE job = CreateJobObjectA(NULL, NULL);
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = { 0 };
    BOOL in = TRUE;

    ck_assert(!QueryInformationJobObject(job, JobObjectBasicLimitInformation, NULL, 8, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(!SetInformationJobObject(job, JobObjectBasicLimitInformation, NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_BAD_LENGTH);
    ck_assert(!SetInformationJobObject(job, JobObjectBasicLimitInformation, NULL,
                                       sizeof(info.BasicLimitInformation)));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
    ck_assert(!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info,
                                       sizeof(info)));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(!QueryInformationJobObject(job, JobObjectBasicAndIoAccountingInformation, &info,
                                         sizeof(info), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    ck_assert(!IsProcessInJob(GetCurrentProcess(), job, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(IsProcessInJob(GetCurrentProcess(), NULL, &in));
    ck_assert(!in);
    ck_assert(CloseHandle(job));
    LEAK_CHECK_END();
}
END_TEST

/* The creator exits without closing its job: the job's process is killed. */
START_TEST(test_exit_kills_the_job)
{
    int report[2], pidfd;
    struct pollfd pfd;
    pid_t creator, held = 0;

    ck_assert_int_eq(pipe(report), 0);
    creator = fork();
    ck_assert_int_ge(creator, 0);
    if (creator == 0) {
        HANDLE job = CreateJobObjectA(NULL, NULL);
        PROCESS_INFORMATION pi;
        pid_t pid = 0;
        set_flags(job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
        if (start_flags("sleep 1000", 0, &pi) && AssignProcessToJobObject(job, pi.hProcess))
            pid = (pid_t)pi.dwProcessId;
        if (write(report[1], &pid, sizeof(pid)) != sizeof(pid))
            _exit(2);
        exit(0);
    }
    close(report[1]);
    ck_assert_int_eq(read(report[0], &held, sizeof(held)), sizeof(held));
    close(report[0]);
    ck_assert_int_gt(held, 0);
    pidfd = (int)syscall(SYS_pidfd_open, held, 0);
    ck_assert_int_eq(waitpid(creator, NULL, 0), creator);
    if (pidfd >= 0) {
        pfd = (struct pollfd){ .fd = pidfd, .events = POLLIN };
        ck_assert_int_eq(poll(&pfd, 1, (int)LONG_WAIT), 1);
        close(pidfd);
    }
    wait_ended(held);
}
END_TEST

/* A process in a job at its active process limit cannot create a child. */
START_TEST(test_active_process_limit_refuses_a_child)
{
    HANDLE job = CreateJobObjectA(NULL, NULL);
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT assoc = { .CompletionKey = job, .CompletionPort = port };
    JOBOBJECT_BASIC_LIMIT_INFORMATION basic = { .LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
                                                .ActiveProcessLimit = 1 };
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info;
    PROCESS_INFORMATION pi;
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;

    ck_assert(SetInformationJobObject(job, JobObjectBasicLimitInformation, &basic,
                                      sizeof(basic)));
    ck_assert(SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                                      sizeof(assoc)));
    ck_assert(AssignProcessToJobObject(job, GetCurrentProcess()));
    ck_assert(GetQueuedCompletionStatus(port, &bytes, &key, &ov, LONG_WAIT));
    ck_assert_uint_eq(bytes, JOB_OBJECT_MSG_NEW_PROCESS);
    ck_assert(!start_flags("true", 0, &pi));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_ENOUGH_QUOTA);
    ck_assert(GetQueuedCompletionStatus(port, &bytes, &key, &ov, LONG_WAIT));
    ck_assert_uint_eq(bytes, JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT);
    ck_assert_ptr_eq(ov, NULL);
    info = accounting(job);
    ck_assert_uint_eq(info.TotalProcesses, 2);
    ck_assert_uint_eq(info.ActiveProcesses, 1);
    ck_assert_uint_eq(info.TotalTerminatedProcesses, 1);
    /* Raised, the limit lets the next child in. */
    basic.ActiveProcessLimit = 2;
    ck_assert(SetInformationJobObject(job, JobObjectBasicLimitInformation, &basic,
                                      sizeof(basic)));
    ck_assert(start_flags("true", 0, &pi));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    ck_assert_uint_eq(accounting(job).TotalProcesses, 3);
    CloseHandle(port);
    CloseHandle(job);
}
END_TEST

/*
 * A child the active process limit refused leaves its job as it was: the
 * job's last handle still closes it, and its JOB_OBJECT_LIMIT_KILL_ON_JOB_-
 * CLOSE ends the process, which is in it (a forked creator, so that the
 * kill ends that one). Exit code 0: the job's kill; 7: the job lived on.
 */
START_TEST(test_refused_child_leaves_the_job_closable)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION ext = { 0 };
    int status = 0;
    pid_t creator = fork();

    ck_assert_int_ge(creator, 0);
    if (creator == 0) {
        HANDLE job = CreateJobObjectA(NULL, NULL);
        PROCESS_INFORMATION pi;
        ext.BasicLimitInformation.LimitFlags =
            JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
        ext.BasicLimitInformation.ActiveProcessLimit = 1;
        if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext)) ||
            !AssignProcessToJobObject(job, GetCurrentProcess()))
            _exit(2);
        if (start_flags("true", 0, &pi) || GetLastError() != ERROR_NOT_ENOUGH_QUOTA)
            _exit(3);
        CloseHandle(job);
        _exit(7);
    }
    ck_assert_int_eq(waitpid(creator, &status, 0), creator);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

struct name_churn {
    const char *name;
    atomic_int refused;
    atomic_uint error;          /* the last refusal's */
};

/* Creates and closes a named job, over and over: 2,000 times, or for two
 * seconds on a machine so loaded that each lock wait costs a time slice. */
static void *churn_name(void *arg)
{
    struct name_churn *c = arg;
    struct timespec start, now;

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec > 2)
            break;
        HANDLE job = CreateJobObjectA(NULL, c->name);
        if (!job) {
            atomic_store(&c->error, GetLastError());
            atomic_fetch_add(&c->refused, 1);
            continue;
        }
        ck_assert(CloseHandle(job));
    }
    return NULL;
}

/*
 * A job's name is held in the shared namespace while the job lives. Two
 * threads that create and close one name never see it refused as another
 * process's (a job whose last handle is going gives the name up to a new
 * one); a process that exits with the job open gives the name up too; and
 * nothing leaks.
 */
START_TEST(test_job_name_taken_and_given_up)
{
    char name[64];
    struct name_churn c;
    pthread_t threads[4];
    HANDLE job;
    int status = 0;
    pid_t holder;

    snprintf(name, sizeof(name), "w32shim-check-job-%d", (int)getpid());
    c = (struct name_churn){ .name = name };
    atomic_init(&c.refused, 0);
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, churn_name, &c), 0);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    ck_assert_msg(atomic_load(&c.refused) == 0, "%d creates refused, the last with %u",
                  atomic_load(&c.refused), atomic_load(&c.error));
    LEAK_CHECK_END();

    holder = fork();
    ck_assert_int_ge(holder, 0);
    if (holder == 0) {
        HANDLE own = CreateJobObjectA(NULL, name);
        _exit(own && GetLastError() != ERROR_ALREADY_EXISTS ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(holder, &status, 0), holder);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    job = CreateJobObjectA(NULL, name);
    ck_assert_ptr_nonnull(job);
    ck_assert_uint_ne(GetLastError(), ERROR_ALREADY_EXISTS);
    /* A name of ours is found here, whatever other processes see. */
    ck_assert(CloseHandle(OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, name)));
    ck_assert(CloseHandle(job));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, name));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
}
END_TEST

/* The jobs the record of the child pid tells it it is in (inherit.h), read
 * as the child reads it, through the memfd it holds. */
static struct w32_job_chain record_of(pid_t pid)
{
    struct w32_job_chain chain = { .depth = 99 };
    char dir[64], path[384], link[128];
    struct dirent *e;
    DIR *d;

    snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
    d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d))) {
        ssize_t n;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        n = readlink(path, link, sizeof(link) - 1);
        if (n <= 0)
            continue;
        link[n] = '\0';
        if (strstr(link, "memfd:w32shim-inherit")) {
            int fd = open(path, O_RDONLY | O_CLOEXEC);
            ck_assert_int_ge(fd, 0);
            w32_inherit_read_jobs(fd, &chain);
            close(fd);
            break;
        }
    }
    closedir(d);
    return chain;
}

struct churn {
    HANDLE job;
    atomic_int running;
};

/* Children run in the job, one after another, while its limits change. */
static void *churn_children(void *arg)
{
    struct churn *c = arg;

    for (int i = 0; i < 6; i++) {
        PROCESS_INFORMATION pi;
        ck_assert(start_flags("true", CREATE_SUSPENDED, &pi));
        ck_assert(AssignProcessToJobObject(c->job, pi.hProcess));
        ck_assert_uint_eq(ResumeThread(pi.hThread), 1);
        ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
        ck_assert(CloseHandle(pi.hProcess));
        ck_assert(CloseHandle(pi.hThread));
    }
    atomic_fetch_sub(&c->running, 1);
    return NULL;
}

/*
 * A child's record says which jobs it is in, with the limits last set, also
 * when they change while children are created and assigned on other threads
 * (tell_lock orders the rewrites); nested jobs come innermost first, and
 * nothing leaks.
 */
START_TEST(test_records_follow_the_jobs_limits)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    struct churn c = { .job = CreateJobObjectA(NULL, NULL) };
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION ext = { 0 };
    JOBOBJECT_BASIC_LIMIT_INFORMATION *basic = &ext.BasicLimitInformation;
    HANDLE inner = CreateJobObjectA(NULL, NULL);
    PROCESS_INFORMATION pi, late;
    struct w32_job_chain chain;
    pthread_t threads[3];

    ck_assert(start_flags("true", CREATE_SUSPENDED, &pi));
    chain = record_of((pid_t)pi.dwProcessId);
    ck_assert_uint_eq(chain.depth, 0);
    ck_assert(AssignProcessToJobObject(c.job, pi.hProcess));
    atomic_init(&c.running, 3);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, churn_children, &c), 0);
    for (DWORD n = 1; atomic_load(&c.running) > 0; n = n % 50 + 1) {
        basic->LimitFlags = n % 2 ? JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JOB_OBJECT_LIMIT_BREAKAWAY_OK
                                  : JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK;
        basic->ActiveProcessLimit = n % 2 ? 100 + n : 0;
        ck_assert(SetInformationJobObject(c.job, JobObjectExtendedLimitInformation, &ext,
                                          sizeof(ext)));
    }
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    basic->LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    basic->ActiveProcessLimit = 42;
    ck_assert(SetInformationJobObject(c.job, JobObjectExtendedLimitInformation, &ext,
                                      sizeof(ext)));
    chain = record_of((pid_t)pi.dwProcessId);
    ck_assert_uint_eq(chain.depth, 1);
    ck_assert_uint_eq(chain.levels[0].flags, basic->LimitFlags);
    ck_assert_uint_eq(chain.levels[0].active_limit, 42);
    /* Nested in the job: the inner job first. */
    ck_assert(AssignProcessToJobObject(inner, pi.hProcess));
    chain = record_of((pid_t)pi.dwProcessId);
    ck_assert_uint_eq(chain.depth, 2);
    ck_assert_uint_eq(chain.levels[0].flags, 0);
    ck_assert_uint_eq(chain.levels[1].active_limit, 42);
    /* A child created by a process in no job of ours: no job. */
    ck_assert(start_flags("true", CREATE_SUSPENDED, &late));
    ck_assert_uint_eq(record_of((pid_t)late.dwProcessId).depth, 0);
    ck_assert(TerminateProcess(late.hProcess, 0));
    ck_assert(TerminateJobObject(c.job, 3));
    ck_assert_uint_eq(WaitForSingleObject(pi.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(late.hProcess, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < 2; i++) {
        PROCESS_INFORMATION *p = i ? &late : &pi;
        ck_assert(CloseHandle(p->hProcess));
        ck_assert(CloseHandle(p->hThread));
    }
    ck_assert(CloseHandle(inner));
    ck_assert(CloseHandle(c.job));
    LEAK_CHECK_END();
}
END_TEST

/* One byte each way between a test and the process it forked; false once
 * the other side is gone. */
static bool tell(int fd)
{
    char c = 1;

    return write(fd, &c, 1) == 1;
}

static bool heard(int fd)
{
    char c;

    return read(fd, &c, 1) == 1;
}

/* The limits of the job the calling process is in, innermost, or ~0u. */
static DWORD own_limit_flags(void)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;

    if (!QueryInformationJobObject(NULL, JobObjectExtendedLimitInformation, &info, sizeof(info),
                                   NULL))
        return ~0u;
    return info.BasicLimitInformation.LimitFlags;
}

/* What a process another one put in a job through OpenProcess sees; 0, or
 * the number of the first check that failed. */
static int opened_member_checks(int up, int down)
{
    HANDLE made = CreateEventA(NULL, TRUE, FALSE, NULL);       /* it has a record now */
    PROCESS_INFORMATION pi;
    BOOL in = TRUE;
    int status = 0;
    pid_t forked;

    if (!made || !IsProcessInJob(GetCurrentProcess(), NULL, &in) || in || !tell(up))
        return 1;
    if (!heard(down))
        return 2;
    /* Assigned, the job allowing no breakaway. */
    if (!IsProcessInJob(GetCurrentProcess(), NULL, &in) || !in)
        return 3;
    if (own_limit_flags() != JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION)
        return 4;
    /* A child it forks (before it has any thread but this one) is in it too. */
    forked = fork();
    if (forked == 0)
        _exit(IsProcessInJob(GetCurrentProcess(), NULL, &in) && in ? 0 : 1);
    if (forked < 0 || waitpid(forked, &status, 0) != forked || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0)
        return 11;
    SetLastError(0);
    if (start_flags("true", CREATE_BREAKAWAY_FROM_JOB, &pi) || GetLastError() != ERROR_ACCESS_DENIED)
        return 5;
    /* Its children are in the job. */
    in = FALSE;
    if (!start_flags("true", 0, &pi) || !IsProcessInJob(pi.hProcess, NULL, &in) || !in ||
        WaitForSingleObject(pi.hProcess, LONG_WAIT) != WAIT_OBJECT_0 ||
        !CloseHandle(pi.hProcess) || !CloseHandle(pi.hThread))
        return 6;
    if (!tell(up) || !heard(down))
        return 7;
    /* The job's limits changed since: a breakaway is allowed. */
    if (own_limit_flags() != (JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION |
                              JOB_OBJECT_LIMIT_BREAKAWAY_OK))
        return 8;
    in = TRUE;
    if (!start_flags("true", CREATE_BREAKAWAY_FROM_JOB, &pi) ||
        !IsProcessInJob(pi.hProcess, NULL, &in) || in ||
        WaitForSingleObject(pi.hProcess, LONG_WAIT) != WAIT_OBJECT_0 ||
        !CloseHandle(pi.hProcess) || !CloseHandle(pi.hThread))
        return 9;
    return CloseHandle(made) ? 0 : 10;
}

/* Hears from pid, or fails with the check it stopped at. */
static void hear_from(int fd, pid_t pid)
{
    int status = 0;

    if (heard(fd))
        return;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_abort_msg("the process stopped at check %d (status %#x)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, status);
}

/*
 * A w32shim process that another one opened and put in a job, not its
 * child, learns of it through its record (xproc.h): IsProcessInJob, the
 * job's limits, as they change, and what they say of its own children.
 */
START_TEST(test_opened_process_learns_its_jobs)
{
    int up[2], down[2], status = 0;
    HANDLE job, proc;
    BOOL in = FALSE;
    pid_t pid;

    ck_assert_int_eq(pipe(up), 0);
    ck_assert_int_eq(pipe(down), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(up[0]);
        close(down[1]);
        _exit(opened_member_checks(up[1], down[0]));
    }
    close(up[1]);
    close(down[0]);
    hear_from(up[0], pid);
    proc = OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION,
                       FALSE, (DWORD)pid);
    ck_assert_ptr_nonnull(proc);
    job = CreateJobObjectA(NULL, NULL);
    ck_assert_ptr_nonnull(job);
    set_flags(job, JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION);
    ck_assert(AssignProcessToJobObject(job, proc));
    ck_assert(IsProcessInJob(proc, job, &in));
    ck_assert(in);
    ck_assert(tell(down[1]));
    hear_from(up[0], pid);
    set_flags(job, JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | JOB_OBJECT_LIMIT_BREAKAWAY_OK);
    ck_assert(tell(down[1]));
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "check %d failed (status %#x)",
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1, status);
    close(up[0]);
    close(down[1]);
    ck_assert(CloseHandle(proc));
    ck_assert(CloseHandle(job));
}
END_TEST

static Suite *job_suite(void)
{
    Suite *s = suite_create("job");
    TCase *tc = tcase_create("job");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_job_whose_processes_all_died);
    tcase_add_test(tc, test_closing_the_last_handle_kills_the_tree);
    tcase_add_test(tc, test_port_and_job_leave_nothing);
    tcase_add_test(tc, test_bad_input);
    tcase_add_test(tc, test_exit_kills_the_job);
    tcase_add_test(tc, test_active_process_limit_refuses_a_child);
    tcase_add_test(tc, test_refused_child_leaves_the_job_closable);
    tcase_add_test(tc, test_records_follow_the_jobs_limits);
    tcase_add_test(tc, test_job_name_taken_and_given_up);
    tcase_add_test(tc, test_opened_process_learns_its_jobs);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(job_suite)
