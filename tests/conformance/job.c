/*
 * Conformance: job objects (CreateJobObject, OpenJobObject,
 * AssignProcessToJobObject, IsProcessInJob, TerminateJobObject,
 * Query/SetInformationJobObject, the completion port messages), with this
 * program started again as the processes of the jobs. What Windows does
 * follows Microsoft's documentation and Wine's kernel32 process tests.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stddef.h>
#include <stdlib.h>

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0xdeadbee0)
#define LONG_WAIT 60000

/* ---- the children: argv[0] is the role ---- */

/* "spawn FILE": starts a grandchild that waits, writes its pid to FILE, waits. */
static int child_spawn(const char *file)
{
    PROCESS_INFORMATION pi;
    HANDLE f;
    char text[32];
    DWORD written;

    /* A child's harness has no program name yet: its own module's. */
    if (!GetModuleFileNameA(NULL, conformance_self, sizeof(conformance_self)))
        return 5;
    if (!start_child("wait", &pi))
        return 6;
    snprintf(text, sizeof(text), "%lu", (unsigned long)pi.dwProcessId);
    f = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 3;
    WriteFile(f, text, (DWORD)strlen(text), &written, NULL);
    CloseHandle(f);
    Sleep(LONG_WAIT);
    return 4;
}

/* "jobinfo": what the process sees of its own jobs, as its exit code:
 * JOBINFO_IN if IsProcessInJob says it is in one, JOBINFO_QUERIED if
 * QueryInformationJobObject(NULL) gave its job's limits (the flags, shifted
 * by 8, and the active process limit, by 24), JOBINFO_DENIED if that
 * failed with ERROR_ACCESS_DENIED. */
#define JOBINFO_IN 1
#define JOBINFO_QUERIED 2
#define JOBINFO_DENIED 4
#define JOBINFO_CHILD_IN 8      /* jobspawn: the child's IsProcessInJob of its own child */
#define JOBINFO_FAILED 0x40000000
#define JOBINFO_FLAGS (JOB_OBJECT_LIMIT_ACTIVE_PROCESS | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION | \
                       JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK | \
                       JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)

static int child_jobinfo(void)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;
    BOOL in = FALSE;
    int code = 0;

    if (IsProcessInJob(GetCurrentProcess(), NULL, &in) && in)
        code |= JOBINFO_IN;
    memset(&info, 0xcc, sizeof(info));
    SetLastError(0xdeadbeef);
    if (QueryInformationJobObject(NULL, JobObjectExtendedLimitInformation, &info, sizeof(info),
                                  NULL)) {
        code |= JOBINFO_QUERIED;
        code |= (int)((info.BasicLimitInformation.LimitFlags & JOBINFO_FLAGS) << 8);
        code |= (int)((info.BasicLimitInformation.ActiveProcessLimit & 0x3f) << 24);
    } else if (GetLastError() == ERROR_ACCESS_DENIED) {
        code |= JOBINFO_DENIED;
    }
    return code;
}

/* "jobspawn FLAGS": starts "jobinfo" with those creation flags and returns
 * its code, with JOBINFO_CHILD_IN; JOBINFO_FAILED and the error if the
 * start failed. */
static BOOL start_flags(const char *args, DWORD flags, PROCESS_INFORMATION *pi);

static int child_jobspawn(const char *flags)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0, grandchild = 0;
    BOOL in = FALSE;

    /* A child's harness has no program name yet: its own module's. */
    if (!GetModuleFileNameA(NULL, conformance_self, sizeof(conformance_self)))
        return 5;
    if (!start_flags("jobinfo", (DWORD)strtoul(flags, NULL, 0), &pi))
        return (int)(JOBINFO_FAILED | GetLastError());
    if (IsProcessInJob(pi.hProcess, NULL, &in) && in)
        code |= JOBINFO_CHILD_IN;
    WaitForSingleObject(pi.hProcess, INFINITE);
    if (!GetExitCodeProcess(pi.hProcess, &grandchild))
        grandchild = JOBINFO_FAILED;
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return (int)(code | grandchild);
}

/* "relay ROLE ARGS...": runs this program as ROLE ARGS and returns its exit
 * code, so that ROLE's process is no child of the test's. */
static int child_relay(int argc, char **argv)
{
    PROCESS_INFORMATION pi;
    char args[2048] = "";
    size_t used = 0;
    DWORD code = JOBINFO_FAILED;

    /* A child's harness has no program name yet: its own module's. */
    if (!GetModuleFileNameA(NULL, conformance_self, sizeof(conformance_self)))
        return 5;
    for (int i = 0; i < argc && used < sizeof(args); i++)
        used += (size_t)snprintf(args + used, sizeof(args) - used, "%s\"%s\"", i ? " " : "",
                                 argv[i]);
    if (used >= sizeof(args) || !start_child(args, &pi))
        return (int)(JOBINFO_FAILED | 1);
    if (WaitForSingleObject(pi.hProcess, INFINITE) != WAIT_OBJECT_0 ||
        !GetExitCodeProcess(pi.hProcess, &code))
        code = JOBINFO_FAILED | 2;
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return (int)code;
}

/* "assigned FILE NAME": writes its pid to FILE, signals the event NAME-ready,
 * waits for the event NAME, and returns what "jobinfo" would. */
static int child_assigned(const char *file, const char *name)
{
    char ready[128], text[32];
    HANDLE go, set, f;
    DWORD written = 0;

    snprintf(ready, sizeof(ready), "%s-ready", name);
    go = OpenEventA(SYNCHRONIZE, FALSE, name);
    set = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready);
    if (!go || !set)
        return (int)(JOBINFO_FAILED | 3);
    snprintf(text, sizeof(text), "%lu", (unsigned long)GetCurrentProcessId());
    f = CreateFileA(file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE || !WriteFile(f, text, (DWORD)strlen(text), &written, NULL) ||
        !CloseHandle(f) || !SetEvent(set))
        return (int)(JOBINFO_FAILED | 4);
    if (WaitForSingleObject(go, LONG_WAIT) != WAIT_OBJECT_0)
        return (int)(JOBINFO_FAILED | 5);
    CloseHandle(go);
    CloseHandle(set);
    return child_jobinfo();
}

/* "jobname NAME": what this process meets under the name of another
 * process's job, as bits of the exit code. */
#define NAME_EVENT_CREATE_CLASH 1   /* CreateEvent: ERROR_INVALID_HANDLE */
#define NAME_EVENT_OPEN_CLASH 2     /* OpenEvent: ERROR_INVALID_HANDLE */
#define NAME_JOB_OPENED 4           /* OpenJobObject succeeded */
#define NAME_JOB_CREATE_OPENED 8    /* CreateJobObject: ERROR_ALREADY_EXISTS */
#define NAME_JOB_OPEN_REFUSED 16    /* OpenJobObject: ERROR_NOT_SUPPORTED */
#define NAME_JOB_CREATE_REFUSED 32  /* CreateJobObject: ERROR_NOT_SUPPORTED */
#define NAME_JOB_CREATED 64         /* CreateJobObject made a new job */

static int child_jobname(const char *name)
{
    HANDLE h;
    int code = 0;

    SetLastError(0xdeadbeef);
    h = CreateEventA(NULL, FALSE, FALSE, name);
    if (!h && GetLastError() == ERROR_INVALID_HANDLE)
        code |= NAME_EVENT_CREATE_CLASH;
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = OpenEventA(SYNCHRONIZE, FALSE, name);
    if (!h && GetLastError() == ERROR_INVALID_HANDLE)
        code |= NAME_EVENT_OPEN_CLASH;
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, name);
    if (h)
        code |= NAME_JOB_OPENED;
    else if (GetLastError() == ERROR_NOT_SUPPORTED)
        code |= NAME_JOB_OPEN_REFUSED;
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = CreateJobObjectA(NULL, name);
    if (h && GetLastError() == ERROR_ALREADY_EXISTS)
        code |= NAME_JOB_CREATE_OPENED;
    else if (h)
        code |= NAME_JOB_CREATED;
    else if (GetLastError() == ERROR_NOT_SUPPORTED)
        code |= NAME_JOB_CREATE_REFUSED;
    CloseHandle(h);
    return code;
}

/* "eventname NAME": bit 0, CreateJobObject of another process's event's
 * name fails with ERROR_INVALID_HANDLE; bit 1, OpenJobObject does. */
static int child_eventname(const char *name)
{
    HANDLE h;
    int code = 0;

    SetLastError(0xdeadbeef);
    h = CreateJobObjectA(NULL, name);
    if (!h && GetLastError() == ERROR_INVALID_HANDLE)
        code |= 1;
    CloseHandle(h);
    SetLastError(0xdeadbeef);
    h = OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, name);
    if (!h && GetLastError() == ERROR_INVALID_HANDLE)
        code |= 2;
    CloseHandle(h);
    return code;
}

/* "waitfor NAME": sets the event NAME-ready, waits for the event NAME, returns 7. */
static int child_waitfor(const char *name)
{
    HANDLE go = OpenEventA(SYNCHRONIZE, FALSE, name), ready;
    char ready_name[128];

    snprintf(ready_name, sizeof(ready_name), "%s-ready", name);
    ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready_name);
    if (!go || !ready || !SetEvent(ready) || WaitForSingleObject(go, LONG_WAIT) != WAIT_OBJECT_0)
        return 3;
    return 7;
}

/* "grandparent NAME": starts "waitfor NAME", waits until it is ready and
 * returns its pid (0: failed). */
static int child_grandparent(const char *name)
{
    PROCESS_INFORMATION pi;
    char args[256], ready_name[128];
    HANDLE ready;

    /* A child's harness has no program name yet: its own module's. */
    if (!GetModuleFileNameA(NULL, conformance_self, sizeof(conformance_self)))
        return 0;
    snprintf(ready_name, sizeof(ready_name), "%s-ready", name);
    ready = OpenEventA(SYNCHRONIZE, FALSE, ready_name);
    snprintf(args, sizeof(args), "waitfor %s", name);
    if (!ready || !start_child(args, &pi))
        return 0;
    if (WaitForSingleObject(ready, LONG_WAIT) != WAIT_OBJECT_0)
        return 0;
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return (int)pi.dwProcessId;
}

static int child_main(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "wait") == 0) {
        Sleep(LONG_WAIT);
        return 1;
    }
    if (argc >= 2 && strcmp(argv[0], "exit") == 0)
        return atoi(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "spawn") == 0)
        return child_spawn(argv[1]);
    if (argc >= 1 && strcmp(argv[0], "jobinfo") == 0)
        return child_jobinfo();
    if (argc >= 2 && strcmp(argv[0], "jobname") == 0)
        return child_jobname(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "eventname") == 0)
        return child_eventname(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "jobspawn") == 0)
        return child_jobspawn(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "relay") == 0)
        return child_relay(argc - 1, argv + 1);
    if (argc >= 3 && strcmp(argv[0], "assigned") == 0)
        return child_assigned(argv[1], argv[2]);
    if (argc >= 2 && strcmp(argv[0], "waitfor") == 0)
        return child_waitfor(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "grandparent") == 0)
        return child_grandparent(argv[1]);
    return 2;
}

/* ---- helpers ---- */

static BOOL start_flags(const char *args, DWORD flags, PROCESS_INFORMATION *pi)
{
    STARTUPINFOA si;
    char cmdline[2048];

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child %s", conformance_self, args);
    return CreateProcessA(NULL, cmdline, NULL, NULL, FALSE, flags, NULL, NULL, &si, pi);
}

/* Ends a child that waits and closes its handles. */
static void kill_child(PROCESS_INFORMATION *pi)
{
    TerminateProcess(pi->hProcess, 0);
    ok(WaitForSingleObject(pi->hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child did not end");
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

static BOOL in_job(HANDLE process, HANDLE job)
{
    BOOL in = 2;

    ok(IsProcessInJob(process, job, &in), "IsProcessInJob failed");
    return in;
}

static JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting(HANDLE job)
{
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION info;
    DWORD len = 0;

    memset(&info, 0xcc, sizeof(info));
    ok(QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &info, sizeof(info),
                                 &len), "QueryInformationJobObject(accounting) failed");
    ok(len == sizeof(info), "length %lu", (unsigned long)len);
    return info;
}

static void expect_packet(HANDLE port, DWORD message, HANDLE job, DWORD pid)
{
    DWORD bytes = 0xdeadbeef;
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = NULL;

    ok(GetQueuedCompletionStatus(port, &bytes, &key, &ov, LONG_WAIT), "no packet");
    ok(bytes == message, "message %lu, expected %lu", (unsigned long)bytes,
       (unsigned long)message);
    ok(key == (ULONG_PTR)job, "key %p", (void *)key);
    ok(ov == (LPOVERLAPPED)(ULONG_PTR)pid, "pid %p, expected %lu", (void *)ov,
       (unsigned long)pid);
}

static void set_limits(HANDLE job, DWORD flags, DWORD active_limit)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;

    memset(&info, 0, sizeof(info));
    info.BasicLimitInformation.LimitFlags = flags;
    info.BasicLimitInformation.ActiveProcessLimit = active_limit;
    ok(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &info, sizeof(info)),
       "SetInformationJobObject(0x%lx) failed", (unsigned long)flags);
}

static void set_limit_flags(HANDLE job, DWORD flags)
{
    set_limits(job, flags, 0);
}

/* ---- the tests ---- */

static void test_create_and_wait(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL), dup = NULL;

    ok(job != NULL, "CreateJobObjectW failed");
    /* A job is signalled only when TerminateJobObject (or its time limit) ends it. */
    ok(WaitForSingleObject(job, 0) == WAIT_TIMEOUT, "a new job is signalled");
    ok(DuplicateHandle(GetCurrentProcess(), job, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle failed");
    ok(CloseHandle(job), "CloseHandle failed");
    ok(accounting(dup).TotalProcesses == 0, "a new job has processes");
    ok(CloseHandle(dup), "CloseHandle of the duplicate failed");
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(dup), "a closed job handle closed again");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
}

static void test_named(void)
{
    char name[64], other[80];
    WCHAR wname[64];
    HANDLE job, again, opened, event;
    int i;

    snprintf(name, sizeof(name), "w32shim-conformance-job-%lu",
             (unsigned long)GetCurrentProcessId());
    for (i = 0; name[i]; i++)
        wname[i] = (WCHAR)name[i];
    wname[i] = 0;
    SetLastError(0xdeadbeef);
    job = CreateJobObjectA(NULL, name);
    ok(job != NULL, "CreateJobObjectA failed");
    ok(GetLastError() == 0, "error %lu after a new name", (unsigned long)GetLastError());
    again = CreateJobObjectW(NULL, wname);
    ok(again != NULL && again != job, "CreateJobObjectW of the name failed");
    ok(GetLastError() == ERROR_ALREADY_EXISTS, "error %lu", (unsigned long)GetLastError());
    opened = OpenJobObjectW(JOB_OBJECT_QUERY, FALSE, wname);
    ok(opened != NULL, "OpenJobObjectW failed");
    /* The same job: a limit set through one handle shows through the others. */
    set_limit_flags(job, JOB_OBJECT_LIMIT_BREAKAWAY_OK);
    {
        JOBOBJECT_BASIC_LIMIT_INFORMATION info;
        ok(QueryInformationJobObject(opened, JobObjectBasicLimitInformation, &info,
                                     sizeof(info), NULL), "query through the opened handle");
        /* Wine 8 answers every limit query with no flags. */
        todo_wine_ok(info.LimitFlags == JOB_OBJECT_LIMIT_BREAKAWAY_OK, "flags 0x%lx",
           (unsigned long)info.LimitFlags);
    }
    /* The handle has the access asked for, no more. */
    SetLastError(0xdeadbeef);
    ok(!TerminateJobObject(opened, 1), "TerminateJobObject without JOB_OBJECT_TERMINATE");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    CloseHandle(opened);
    CloseHandle(again);
    CloseHandle(job);
    SetLastError(0xdeadbeef);
    ok(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, name) == NULL,
       "the name outlived its last handle");
    ok(GetLastError() == ERROR_FILE_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, NULL) == NULL, "opened a NULL name");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    /* A name another type holds. */
    snprintf(other, sizeof(other), "%s-event", name);
    event = CreateEventA(NULL, TRUE, FALSE, other);
    SetLastError(0xdeadbeef);
    ok(CreateJobObjectA(NULL, other) == NULL, "a job took an event's name");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, other) == NULL, "opened an event as a job");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    CloseHandle(event);
}

static void test_bad_handles(void)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL), job = CreateJobObjectA(NULL, NULL);
    HANDLE limited;
    JOBOBJECT_BASIC_LIMIT_INFORMATION info;
    BOOL in;

    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(NULL, GetCurrentProcess()), "assigned to a NULL job");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(event, GetCurrentProcess()), "assigned to an event");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(job, event), "assigned an event to a job");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(job, BAD_HANDLE), "assigned a bad handle");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!TerminateJobObject(NULL, 0), "terminated a NULL job");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    /* Wine 8 answers a limit query on any handle (Windows looks up a job:
     * NtQueryInformationJobObject fails on a handle of another type). */
    SetLastError(0xdeadbeef);
    todo_wine_ok(!QueryInformationJobObject(event, JobObjectBasicLimitInformation, &info,
                                            sizeof(info), NULL), "queried an event");
    todo_wine_ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(BAD_HANDLE, JobObjectBasicLimitInformation, &info,
                                sizeof(info)), "set on a bad handle");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!IsProcessInJob(BAD_HANDLE, NULL, &in), "IsProcessInJob of a bad handle");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!IsProcessInJob(GetCurrentProcess(), event, &in), "IsProcessInJob with an event");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    /* A job handle without JOB_OBJECT_ASSIGN_PROCESS or JOB_OBJECT_QUERY. */
    ok(DuplicateHandle(GetCurrentProcess(), job, GetCurrentProcess(), &limited,
                       JOB_OBJECT_TERMINATE, FALSE, 0), "DuplicateHandle failed");
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(limited, GetCurrentProcess()), "assigned without the right");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!QueryInformationJobObject(limited, JobObjectBasicLimitInformation, &info,
                                            sizeof(info), NULL), "queried without the right");
    todo_wine_ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(limited, JobObjectBasicLimitInformation, &info, sizeof(info)),
       "set without the right");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    CloseHandle(limited);
    CloseHandle(job);
    CloseHandle(event);
}

/* MS docs: the process handle needs PROCESS_SET_QUOTA and PROCESS_TERMINATE. */
static void test_assign_needs_process_rights(void)
{
    PROCESS_INFORMATION pi;
    HANDLE job = CreateJobObjectA(NULL, NULL), query;

    ok(start_child("wait", &pi), "CreateProcess failed");
    query = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_SET_QUOTA, FALSE, pi.dwProcessId);
    ok(query != NULL, "OpenProcess failed");
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(job, query), "assigned without PROCESS_TERMINATE");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    ok(!in_job(pi.hProcess, job), "the process joined anyway");
    CloseHandle(query);
    kill_child(&pi);
    CloseHandle(job);
}

static void test_is_process_in_job(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL), job2 = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi;
    BOOL in;

    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(!in_job(pi.hProcess, job), "in the job before assignment");
    ok(!in_job(pi.hProcess, job2), "in the second job");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(in_job(pi.hProcess, job), "not in the job");
    ok(!in_job(pi.hProcess, job2), "in the second job after assignment");
    ok(in_job(pi.hProcess, NULL), "not in any job");
    /* Assigning again to the same job changes nothing. */
    ok(AssignProcessToJobObject(job, pi.hProcess), "a second assignment failed");
    ok(accounting(job).TotalProcesses == 1, "counted twice");
    TerminateProcess(pi.hProcess, 0);
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child did not end");
    /* It stays in its job once it has ended. */
    ok(in_job(pi.hProcess, job), "an ended process left its job");
    in = 2;
    ok(IsProcessInJob(pi.hProcess, job2, &in) && in == FALSE, "in the second job");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(job);
    CloseHandle(job2);
}

static void test_terminate_job(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi, pi2;
    DWORD code = 0;

    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(start_child("wait", &pi2), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(AssignProcessToJobObject(job, pi2.hProcess), "AssignProcessToJobObject failed");
    ok(WaitForSingleObject(job, 0) == WAIT_TIMEOUT, "signalled before TerminateJobObject");
    ok(TerminateJobObject(job, 123), "TerminateJobObject failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the first did not end");
    ok(WaitForSingleObject(pi2.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the second did not end");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 123, "exit code %lu",
       (unsigned long)code);
    ok(GetExitCodeProcess(pi2.hProcess, &code) && code == 123, "exit code %lu",
       (unsigned long)code);
    /* Signalled, and it stays so: a new process does not reset it. */
    ok(WaitForSingleObject(job, LONG_WAIT) == WAIT_OBJECT_0, "the job is not signalled");
    ok(WaitForSingleObject(job, 0) == WAIT_OBJECT_0, "the job was reset");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(pi2.hProcess);
    CloseHandle(pi2.hThread);
    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(WaitForSingleObject(job, 0) == WAIT_OBJECT_0, "a new process reset the job");
    ok(TerminateJobObject(job, 7), "TerminateJobObject failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child did not end");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    /* An ended process cannot join a job. */
    ok(start_child("exit 0", &pi), "CreateProcess failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child did not end");
    SetLastError(0xdeadbeef);
    ok(!AssignProcessToJobObject(job, pi.hProcess), "an ended process joined");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(job);
}

/* A job whose processes merely ended is not signalled. */
static void test_job_not_signalled_when_empty(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi;

    ok(start_flags("exit 5", CREATE_SUSPENDED, &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread did not count 1");
    ok(finish_child(&pi) == 5, "exit code");
    ok(WaitForSingleObject(job, 0) == WAIT_TIMEOUT, "an empty job is signalled");
    CloseHandle(job);
}

static void test_query_information(void)
{
    char buf[sizeof(JOBOBJECT_BASIC_PROCESS_ID_LIST) + sizeof(ULONG_PTR) * 4];
    JOBOBJECT_BASIC_PROCESS_ID_LIST *list = (JOBOBJECT_BASIC_PROCESS_ID_LIST *)buf;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION ext;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
    HANDLE job = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi[3];
    DWORD len;

    /* One process that ends, then two that wait. */
    ok(start_flags("exit 0", CREATE_SUSPENDED, &pi[0]), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi[0].hProcess), "AssignProcessToJobObject failed");
    ResumeThread(pi[0].hThread);
    ok(finish_child(&pi[0]) == 0, "exit code");
    ok(start_child("wait", &pi[1]), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi[1].hProcess), "AssignProcessToJobObject failed");
    ok(start_child("wait", &pi[2]), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi[2].hProcess), "AssignProcessToJobObject failed");

    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, JobObjectBasicProcessIdList, list,
                                  offsetof(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList),
                                  &len), "a list with no room");
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, JobObjectBasicProcessIdList, list,
                                  offsetof(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList) +
                                      sizeof(ULONG_PTR), &len), "a list with room for one");
    ok(GetLastError() == ERROR_MORE_DATA, "error %lu", (unsigned long)GetLastError());
    memset(buf, 0, sizeof(buf));
    len = 0;
    ok(QueryInformationJobObject(job, JobObjectBasicProcessIdList, list, sizeof(buf), &len),
       "QueryInformationJobObject(ids) failed");
    ok(len == offsetof(JOBOBJECT_BASIC_PROCESS_ID_LIST, ProcessIdList) + 2 * sizeof(ULONG_PTR),
       "length %lu", (unsigned long)len);
    ok(list->NumberOfAssignedProcesses == 2, "%lu assigned",
       (unsigned long)list->NumberOfAssignedProcesses);
    ok(list->NumberOfProcessIdsInList == 2, "%lu listed",
       (unsigned long)list->NumberOfProcessIdsInList);
    ok(list->ProcessIdList[0] == pi[1].dwProcessId && list->ProcessIdList[1] == pi[2].dwProcessId,
       "ids %lu %lu", (unsigned long)list->ProcessIdList[0],
       (unsigned long)list->ProcessIdList[1]);

    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, JobObjectBasicLimitInformation, &ext,
                                  sizeof(ext.BasicLimitInformation) - 1, &len),
       "a short basic limit buffer");
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu", (unsigned long)GetLastError());
    memset(&ext, 0x11, sizeof(ext));
    len = 0;
    ok(QueryInformationJobObject(job, JobObjectBasicLimitInformation, &ext,
                                 sizeof(ext.BasicLimitInformation), &len), "basic limits");
    ok(len == sizeof(ext.BasicLimitInformation), "length %lu", (unsigned long)len);
    ok(ext.BasicLimitInformation.LimitFlags == 0, "flags 0x%lx",
       (unsigned long)ext.BasicLimitInformation.LimitFlags);
    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, JobObjectExtendedLimitInformation, &ext,
                                  sizeof(ext) - 1, &len), "a short extended limit buffer");
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu", (unsigned long)GetLastError());
    memset(&ext, 0x11, sizeof(ext));
    len = 0;
    ok(QueryInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext),
                                 &len), "extended limits");
    ok(len == sizeof(ext), "length %lu", (unsigned long)len);
    ok(ext.BasicLimitInformation.LimitFlags == 0, "flags 0x%lx",
       (unsigned long)ext.BasicLimitInformation.LimitFlags);

    acct = accounting(job);
    ok(acct.TotalProcesses == 3, "%lu processes in all", (unsigned long)acct.TotalProcesses);
    ok(acct.ActiveProcesses == 2, "%lu active", (unsigned long)acct.ActiveProcesses);
    ok(acct.TotalTerminatedProcesses == 0, "%lu terminated by a limit",
       (unsigned long)acct.TotalTerminatedProcesses);
    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, JobObjectBasicAccountingInformation, &acct,
                                  sizeof(acct) - 1, NULL), "a short accounting buffer");
    ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!QueryInformationJobObject(job, (JOBOBJECTINFOCLASS)0x7777, &ext, sizeof(ext), NULL),
       "an unknown class");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());

    kill_child(&pi[1]);
    kill_child(&pi[2]);
    acct = accounting(job);
    ok(acct.ActiveProcesses == 0, "%lu active once all ended",
       (unsigned long)acct.ActiveProcesses);
    ok(acct.TotalProcesses == 3, "%lu processes in all", (unsigned long)acct.TotalProcesses);
    CloseHandle(job);
}

static void test_set_information(void)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION ext;
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT assoc;
    HANDLE job = CreateJobObjectW(NULL, NULL);

    memset(&ext, 0, sizeof(ext));
    ext.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectBasicLimitInformation, &ext,
                                sizeof(ext.BasicLimitInformation)),
       "KILL_ON_JOB_CLOSE through the basic class");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    /* NtSetInformationJobObject wants the class's size exactly
     * (STATUS_INFO_LENGTH_MISMATCH); Wine 8 gives ERROR_INVALID_PARAMETER. */
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext) - 1),
       "a short extended limit buffer");
    todo_wine_ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu",
                 (unsigned long)GetLastError());
    ext.BasicLimitInformation.LimitFlags = 0x80000000;
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext)),
       "an unknown limit flag");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ext.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE |
                                           JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION |
                                           JOB_OBJECT_LIMIT_BREAKAWAY_OK;
    ok(SetInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext)),
       "SetInformationJobObject failed");
    memset(&ext, 0, sizeof(ext));
    ok(QueryInformationJobObject(job, JobObjectExtendedLimitInformation, &ext, sizeof(ext),
                                 NULL), "QueryInformationJobObject failed");
    /* Wine 8 answers every limit query with no flags. */
    todo_wine_ok(ext.BasicLimitInformation.LimitFlags == (JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE |
                                                JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION |
                                                JOB_OBJECT_LIMIT_BREAKAWAY_OK),
       "flags 0x%lx", (unsigned long)ext.BasicLimitInformation.LimitFlags);
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectBasicAccountingInformation, &ext,
                                sizeof(JOBOBJECT_BASIC_ACCOUNTING_INFORMATION)),
       "set the accounting");
    /* A class that is only read: STATUS_INVALID_INFO_CLASS; Wine 8 answers
     * STATUS_NOT_IMPLEMENTED. */
    todo_wine_ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu",
                 (unsigned long)GetLastError());
    assoc.CompletionKey = job;
    assoc.CompletionPort = BAD_HANDLE;
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                                sizeof(assoc)), "associated a bad port");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                                sizeof(assoc) - 1), "a short association");
    todo_wine_ok(GetLastError() == ERROR_BAD_LENGTH, "error %lu",
                 (unsigned long)GetLastError());
    CloseHandle(job);
}

static void test_completion_port(void)
{
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT assoc;
    HANDLE job = CreateJobObjectW(NULL, NULL), port;
    PROCESS_INFORMATION pi, pi2;

    ok(start_child("wait", &pi2), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi2.hProcess), "AssignProcessToJobObject failed");
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ok(port != NULL, "CreateIoCompletionPort failed");
    assoc.CompletionKey = job;
    assoc.CompletionPort = port;
    ok(SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                               sizeof(assoc)), "SetInformationJobObject(port) failed");
    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    /* The process already in the job is announced when the port is associated. */
    expect_packet(port, JOB_OBJECT_MSG_NEW_PROCESS, job, pi2.dwProcessId);
    expect_packet(port, JOB_OBJECT_MSG_NEW_PROCESS, job, pi.dwProcessId);
    TerminateProcess(pi.hProcess, 0);
    expect_packet(port, JOB_OBJECT_MSG_EXIT_PROCESS, job, pi.dwProcessId);
    TerminateProcess(pi2.hProcess, 0);
    expect_packet(port, JOB_OBJECT_MSG_EXIT_PROCESS, job, pi2.dwProcessId);
    expect_packet(port, JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO, job, 0);
    kill_child(&pi);
    kill_child(&pi2);
    CloseHandle(job);
    CloseHandle(port);
}

/* A member's child is a member too: counted, listed, announced on the
 * port, and the job's active processes reach zero only when it ends. */
static void test_grandchildren_are_members(void)
{
    JOBOBJECT_ASSOCIATE_COMPLETION_PORT assoc;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
    JOBOBJECT_BASIC_PROCESS_ID_LIST ids;
    HANDLE job = CreateJobObjectW(NULL, NULL), port, go, ready, grandchild;
    PROCESS_INFORMATION pi;
    DWORD gpid = 0, bytes, len = 0;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    char name[64], ready_name[80], args[128];

    snprintf(name, sizeof(name), "w32shim-conformance-grandchild-%lu",
             (unsigned long)GetCurrentProcessId());
    snprintf(ready_name, sizeof(ready_name), "%s-ready", name);
    go = CreateEventA(NULL, TRUE, FALSE, name);
    ready = CreateEventA(NULL, TRUE, FALSE, ready_name);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ok(go != NULL && ready != NULL && port != NULL && job != NULL, "setting up failed");
    assoc.CompletionKey = job;
    assoc.CompletionPort = port;
    ok(SetInformationJobObject(job, JobObjectAssociateCompletionPortInformation, &assoc,
                               sizeof(assoc)), "SetInformationJobObject(port) failed");
    snprintf(args, sizeof(args), "grandparent %s", name);
    ok(start_flags(args, CREATE_SUSPENDED, &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi.hProcess, &gpid) && gpid != 0, "no grandchild");

    expect_packet(port, JOB_OBJECT_MSG_NEW_PROCESS, job, pi.dwProcessId);
    expect_packet(port, JOB_OBJECT_MSG_NEW_PROCESS, job, gpid);
    expect_packet(port, JOB_OBJECT_MSG_EXIT_PROCESS, job, pi.dwProcessId);
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0), "a packet %lu too many",
       (unsigned long)bytes);
    acct = accounting(job);
    ok(acct.TotalProcesses == 2, "%lu processes", (unsigned long)acct.TotalProcesses);
    ok(acct.ActiveProcesses == 1, "%lu active", (unsigned long)acct.ActiveProcesses);
    memset(&ids, 0xcc, sizeof(ids));
    ok(QueryInformationJobObject(job, JobObjectBasicProcessIdList, &ids, sizeof(ids), &len),
       "QueryInformationJobObject(ids) failed");
    ok(ids.NumberOfAssignedProcesses == 1 && ids.NumberOfProcessIdsInList == 1 &&
       ids.ProcessIdList[0] == gpid, "%lu ids, the first %lu",
       (unsigned long)ids.NumberOfProcessIdsInList, (unsigned long)ids.ProcessIdList[0]);
    grandchild = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_INFORMATION, FALSE, gpid);
    ok(grandchild != NULL, "OpenProcess of the grandchild failed");
    ok(in_job(grandchild, job), "the grandchild is not in the job");

    SetEvent(go);
    ok(WaitForSingleObject(grandchild, LONG_WAIT) == WAIT_OBJECT_0, "the grandchild did not end");
    ok(GetExitCodeProcess(grandchild, &bytes) && bytes == 7, "the grandchild's exit code %lu",
       (unsigned long)bytes);
    expect_packet(port, JOB_OBJECT_MSG_EXIT_PROCESS, job, gpid);
    expect_packet(port, JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO, job, 0);
    acct = accounting(job);
    ok(acct.TotalProcesses == 2 && acct.ActiveProcesses == 0, "%lu processes, %lu active",
       (unsigned long)acct.TotalProcesses, (unsigned long)acct.ActiveProcesses);
    CloseHandle(grandchild);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(job);
    CloseHandle(port);
    CloseHandle(go);
    CloseHandle(ready);
}

/* JOB_OBJECT_LIMIT_ACTIVE_PROCESS: a process past the limit is turned away
 * and ended with ERROR_NOT_ENOUGH_QUOTA (Windows' NtAssignProcessToJobObject
 * returns STATUS_QUOTA_EXCEEDED); Wine 8 does not enforce the limit. */
static void test_active_process_limit(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    JOBOBJECT_BASIC_LIMIT_INFORMATION basic;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;
    PROCESS_INFORMATION pi, pi2;
    DWORD code = 0;

    memset(&basic, 0, sizeof(basic));
    basic.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    basic.ActiveProcessLimit = 1;
    ok(SetInformationJobObject(job, JobObjectBasicLimitInformation, &basic, sizeof(basic)),
       "SetInformationJobObject failed");
    memset(&basic, 0, sizeof(basic));
    ok(QueryInformationJobObject(job, JobObjectBasicLimitInformation, &basic, sizeof(basic),
                                 NULL), "QueryInformationJobObject failed");
    todo_wine_ok(basic.LimitFlags == JOB_OBJECT_LIMIT_ACTIVE_PROCESS &&
                 basic.ActiveProcessLimit == 1, "flags 0x%lx, limit %lu",
                 (unsigned long)basic.LimitFlags, (unsigned long)basic.ActiveProcessLimit);
    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "the first process was refused");
    ok(start_child("wait", &pi2), "CreateProcess failed");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!AssignProcessToJobObject(job, pi2.hProcess), "the second process joined");
    todo_wine_ok(GetLastError() == ERROR_NOT_ENOUGH_QUOTA, "error %lu",
                 (unsigned long)GetLastError());
    todo_wine_ok(WaitForSingleObject(pi2.hProcess, running_on_wine() ? 0 : LONG_WAIT) ==
                 WAIT_OBJECT_0, "the refused process lives on");
    todo_wine_ok(GetExitCodeProcess(pi2.hProcess, &code) && code == ERROR_NOT_ENOUGH_QUOTA,
                 "exit code %lu", (unsigned long)code);
    acct = accounting(job);
    ok(acct.TotalProcesses == 2, "%lu processes in all", (unsigned long)acct.TotalProcesses);
    todo_wine_ok(acct.ActiveProcesses == 1, "%lu active", (unsigned long)acct.ActiveProcesses);
    todo_wine_ok(acct.TotalTerminatedProcesses == 1, "%lu turned away",
                 (unsigned long)acct.TotalTerminatedProcesses);
    kill_child(&pi2);
    kill_child(&pi);
    CloseHandle(job);
}

/* The way a process-spawning library runs a child: created suspended,
 * assigned, resumed; the job's close ends it. */
static void test_kill_on_job_close(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    set_limit_flags(job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    ok(start_flags("wait", CREATE_SUSPENDED, &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread");
    ok(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT, "the child ended early");
    ok(CloseHandle(job), "CloseHandle failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0,
       "the child outlived its job");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code != STILL_ACTIVE, "exit code %lu",
       (unsigned long)code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* A job with a second handle is not closed by the first's close. */
static void test_kill_on_close_waits_for_last_handle(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL), dup;
    PROCESS_INFORMATION pi;

    set_limit_flags(job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    ok(start_child("wait", &pi), "CreateProcess failed");
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ok(DuplicateHandle(GetCurrentProcess(), job, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle failed");
    CloseHandle(job);
    ok(WaitForSingleObject(pi.hProcess, 0) == WAIT_TIMEOUT, "killed at the first close");
    CloseHandle(dup);
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0,
       "the child outlived its job");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

/* The grandchild a job's process starts dies with the job too. */
static void test_terminate_kills_the_tree(void)
{
    HANDLE job = CreateJobObjectW(NULL, NULL), grandchild = NULL, f;
    PROCESS_INFORMATION pi;
    char text[32] = "";
    DWORD read = 0, pid;
    int tries;

    make_test_dir_for("job");
    {
        char args[MAX_PATH + 16];
        snprintf(args, sizeof(args), "spawn \"%s\"", test_path("pid"));
        ok(start_flags(args, CREATE_SUSPENDED, &pi), "CreateProcess failed");
    }
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    ResumeThread(pi.hThread);
    /* The child writes its child's pid once it has started it. */
    for (tries = 0; tries < 6000 && !read; tries++) {
        f = CreateFileA(test_path("pid"), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
                        FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
        if (f != INVALID_HANDLE_VALUE) {
            ReadFile(f, text, sizeof(text) - 1, &read, NULL);
            CloseHandle(f);
        }
        if (!read)
            Sleep(10);
    }
    ok(read > 0, "the child wrote no pid");
    pid = (DWORD)strtoul(text, NULL, 10);
    grandchild = OpenProcess(SYNCHRONIZE, FALSE, pid);
    ok(grandchild != NULL, "OpenProcess of the grandchild failed");
    ok(TerminateJobObject(job, 9), "TerminateJobObject failed");
    ok(WaitForSingleObject(pi.hProcess, LONG_WAIT) == WAIT_OBJECT_0, "the child lives on");
    if (grandchild)
        ok(WaitForSingleObject(grandchild, LONG_WAIT) == WAIT_OBJECT_0,
           "the grandchild outlived the job");
    CloseHandle(grandchild);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    DeleteFileA(test_path("pid"));
    RemoveDirectoryA(conformance_dir);
    CloseHandle(job);
}

/* A child's view of its job: code, as "jobinfo" gives it, for a job with
 * flags and limit. */
static DWORD jobinfo_of(DWORD flags, DWORD limit)
{
    return JOBINFO_IN | JOBINFO_QUERIED | (flags << 8) | (limit << 24);
}

/* Runs the role args suspended in job, resumed once set (if not NULL) has
 * run; its exit code. */
static DWORD run_in_job(const char *args, HANDLE job, void (*set)(HANDLE))
{
    PROCESS_INFORMATION pi;

    if (!start_flags(args, CREATE_SUSPENDED, &pi)) {
        ok(0, "CreateProcess failed");
        return 0xdeadbeef;
    }
    ok(AssignProcessToJobObject(job, pi.hProcess), "AssignProcessToJobObject failed");
    if (set)
        set(job);
    ok(ResumeThread(pi.hThread) == 1, "ResumeThread");
    return finish_child(&pi);
}

static void allow_breakaway(HANDLE job)
{
    set_limits(job, JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_ACTIVE_PROCESS, 7);
}

/*
 * What Wine gets right of a child's code: whether it and its own child are
 * in a job, and a start that failed. QueryInformationJobObject(NULL) gives
 * the limits of the caller's job, and ERROR_ACCESS_DENIED to a caller in
 * no job (Microsoft's documentation of the function, and Windows' kernel,
 * whose NtQueryInformationJobObject returns STATUS_ACCESS_DENIED then);
 * Wine 8 answers with empty limits in both cases, so the whole code is a
 * todo under Wine where the child queried anything.
 */
#define JOBINFO_WINE_KNOWS (JOBINFO_IN | JOBINFO_CHILD_IN)

static void expect_jobinfo(DWORD code, DWORD expected, const char *what)
{
    ok((code & JOBINFO_WINE_KNOWS) == (expected & JOBINFO_WINE_KNOWS), "%s: 0x%lx", what,
       (unsigned long)code);
    todo_wine_ok(code == expected, "%s: 0x%lx, expected 0x%lx", what, (unsigned long)code,
                 (unsigned long)expected);
}

/* A process its parent put in a job knows it: IsProcessInJob and
 * QueryInformationJobObject(NULL) of the job's limits, the way programs
 * decide whether to ask for CREATE_BREAKAWAY_FROM_JOB; and its own children
 * are in the job, or break away, as the job's limits say. */
static void test_child_knows_its_job(void)
{
    const DWORD breakaway = JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION info;
    HANDLE job = CreateJobObjectW(NULL, NULL);
    PROCESS_INFORMATION pi;
    DWORD code;
    char args[64];

    /* In no job: QueryInformationJobObject(NULL) is refused. */
    SetLastError(0xdeadbeef);
    todo_wine_ok(!QueryInformationJobObject(NULL, JobObjectExtendedLimitInformation, &info,
                                            sizeof(info), NULL), "queried no job");
    todo_wine_ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu",
                 (unsigned long)GetLastError());
    ok(start_child("jobinfo", &pi), "CreateProcess failed");
    expect_jobinfo(finish_child(&pi), JOBINFO_DENIED, "a child in no job");

    /* Limits set before the child is assigned, and changed after. */
    set_limits(job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_ACTIVE_PROCESS, 3);
    expect_jobinfo(run_in_job("jobinfo", job, NULL),
                   jobinfo_of(JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
                              3), "a child in a job");
    expect_jobinfo(run_in_job("jobinfo", job, allow_breakaway), jobinfo_of(breakaway, 7),
                   "limits changed after assignment");

    /* The child's child joins the job, or breaks away where it may. */
    expect_jobinfo(run_in_job("jobspawn 0", job, NULL),
                   jobinfo_of(breakaway, 7) | JOBINFO_CHILD_IN, "a grandchild");
    snprintf(args, sizeof(args), "jobspawn %lu", (unsigned long)CREATE_BREAKAWAY_FROM_JOB);
    expect_jobinfo(run_in_job(args, job, NULL), JOBINFO_DENIED, "a grandchild that broke away");
    set_limits(job, 0, 0);
    code = run_in_job(args, job, NULL);
    ok(code == (JOBINFO_FAILED | ERROR_ACCESS_DENIED), "a refused breakaway: 0x%lx",
       (unsigned long)code);
    set_limits(job, JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK, 0);
    expect_jobinfo(run_in_job("jobspawn 0", job, NULL), JOBINFO_DENIED,
                   "a grandchild let go silently");
    CloseHandle(job);
}

/*
 * A process that another one opened with OpenProcess and put in a job, not
 * its creator, knows it as well: IsProcessInJob, and the job's limits as
 * they are after a change made once it was in the job.
 */
static void test_opened_process_knows_its_job(void)
{
    const DWORD flags = JOB_OBJECT_LIMIT_BREAKAWAY_OK | JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    HANDLE job = CreateJobObjectW(NULL, NULL), go, ready, proc = NULL, f;
    char name[64], ready_name[80], args[MAX_PATH + 160], text[32] = "";
    PROCESS_INFORMATION pi;
    DWORD read = 0, pid;

    make_test_dir_for("job-opened");
    snprintf(name, sizeof(name), "w32shim-conformance-job-%lu", (unsigned long)GetCurrentProcessId());
    snprintf(ready_name, sizeof(ready_name), "%s-ready", name);
    go = CreateEventA(NULL, TRUE, FALSE, name);
    ready = CreateEventA(NULL, TRUE, FALSE, ready_name);
    ok(go && ready, "CreateEvent failed");
    snprintf(args, sizeof(args), "relay assigned \"%s\" %s", test_path("pid"), name);
    ok(start_child(args, &pi), "CreateProcess failed");
    ok(WaitForSingleObject(ready, LONG_WAIT) == WAIT_OBJECT_0, "the grandchild never got ready");
    f = CreateFileA(test_path("pid"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "no pid file (error %lu)", (unsigned long)GetLastError());
    if (f != INVALID_HANDLE_VALUE) {
        ReadFile(f, text, sizeof(text) - 1, &read, NULL);
        CloseHandle(f);
    }
    pid = (DWORD)strtoul(text, NULL, 10);
    proc = OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE | PROCESS_QUERY_INFORMATION, FALSE,
                       pid);
    ok(proc != NULL, "OpenProcess(%lu) failed (error %lu)", (unsigned long)pid,
       (unsigned long)GetLastError());
    ok(AssignProcessToJobObject(job, proc), "AssignProcessToJobObject failed (error %lu)",
       (unsigned long)GetLastError());
    ok(in_job(proc, job), "not in the job");
    set_limits(job, flags, 5);
    SetEvent(go);
    expect_jobinfo(finish_child(&pi), jobinfo_of(flags, 5), "a process assigned by pid");
    if (proc)
        CloseHandle(proc);
    CloseHandle(go);
    CloseHandle(ready);
    DeleteFileA(test_path("pid"));
    RemoveDirectoryA(conformance_dir);
    CloseHandle(job);
}

/*
 * A job's name is in the namespace every process shares: another process's
 * event of that name clashes with it both ways (ERROR_INVALID_HANDLE), and
 * once the job is gone the name is free. Windows opens the job itself in
 * the other process; w32shim, whose jobs stay in their process, refuses
 * with ERROR_NOT_SUPPORTED (doc/api.md) rather than make a second job.
 */
static void test_job_names_across_processes(void)
{
    PROCESS_INFORMATION pi;
    char name[64], args[96];
    HANDLE job, event;
    DWORD code;

    snprintf(name, sizeof(name), "w32conf-job-%lu", (unsigned long)GetCurrentProcessId());
    job = CreateJobObjectA(NULL, name);
    ok(job != NULL, "CreateJobObject failed");
    snprintf(args, sizeof(args), "jobname %s", name);
    ok(start_child(args, &pi), "CreateProcess failed");
    code = finish_child(&pi);
    ok((code & (NAME_EVENT_CREATE_CLASH | NAME_EVENT_OPEN_CLASH)) ==
       (NAME_EVENT_CREATE_CLASH | NAME_EVENT_OPEN_CLASH), "no clash with an event: 0x%lx",
       (unsigned long)code);
    ok(!(code & NAME_JOB_CREATED), "a second job of the name: 0x%lx", (unsigned long)code);
    ok((code & (NAME_JOB_OPENED | NAME_JOB_CREATE_OPENED)) ==
       (NAME_JOB_OPENED | NAME_JOB_CREATE_OPENED) ||
       (code & (NAME_JOB_OPEN_REFUSED | NAME_JOB_CREATE_REFUSED)) ==
       (NAME_JOB_OPEN_REFUSED | NAME_JOB_CREATE_REFUSED),
       "neither opened nor refused: 0x%lx", (unsigned long)code);
    todo_w32shim_ok((code & (NAME_JOB_OPENED | NAME_JOB_CREATE_OPENED)) ==
                    (NAME_JOB_OPENED | NAME_JOB_CREATE_OPENED),
                    "another process's job not opened: 0x%lx", (unsigned long)code);
    CloseHandle(job);
    /* Gone with its last handle: the name is free for a new job. */
    ok(start_child(args, &pi), "CreateProcess failed");
    code = finish_child(&pi);
    ok(code == NAME_JOB_CREATED, "the name was not freed: 0x%lx", (unsigned long)code);

    event = CreateEventA(NULL, TRUE, FALSE, name);
    ok(event != NULL, "CreateEvent failed");
    snprintf(args, sizeof(args), "eventname %s", name);
    ok(start_child(args, &pi), "CreateProcess failed");
    code = finish_child(&pi);
    ok(code == 3, "a job of another process's event's name: 0x%lx", (unsigned long)code);
    CloseHandle(event);
}

/* The current process in a job: its children join it; a nested job (Windows
 * 8 and later) and the breakaway limits. Runs last: the process stays in
 * its jobs. */
static void test_current_process_jobs(void)
{
    HANDLE parent = CreateJobObjectW(NULL, NULL), job;
    PROCESS_INFORMATION pi;
    JOBOBJECT_BASIC_ACCOUNTING_INFORMATION acct;

    ok(AssignProcessToJobObject(parent, GetCurrentProcess()), "assigning ourselves failed");
    ok(in_job(GetCurrentProcess(), parent), "not in the job");
    ok(start_child("exit 0", &pi), "CreateProcess failed");
    ok(in_job(pi.hProcess, parent), "a child of a process in a job is not in it");
    ok(finish_child(&pi) == 0, "exit code");
    acct = accounting(parent);
    ok(acct.TotalProcesses == 2, "%lu processes", (unsigned long)acct.TotalProcesses);
    ok(acct.ActiveProcesses == 1, "%lu active", (unsigned long)acct.ActiveProcesses);

    /* Without JOB_OBJECT_LIMIT_BREAKAWAY_OK, no breakaway. */
    SetLastError(0xdeadbeef);
    ok(!start_flags("exit 0", CREATE_BREAKAWAY_FROM_JOB, &pi), "broke away");
    ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());

    /* A nested job: an empty job takes a process that is in a job already. */
    job = CreateJobObjectW(NULL, NULL);
    ok(AssignProcessToJobObject(job, GetCurrentProcess()), "nesting failed");
    ok(in_job(GetCurrentProcess(), job) && in_job(GetCurrentProcess(), parent),
       "not in both jobs");
    set_limit_flags(job, JOB_OBJECT_LIMIT_BREAKAWAY_OK);
    /* NULL: the innermost job of the caller (see expect_jobinfo). */
    set_limits(parent, JOB_OBJECT_LIMIT_ACTIVE_PROCESS, 9);
    {
        JOBOBJECT_BASIC_LIMIT_INFORMATION limits;
        memset(&limits, 0xcc, sizeof(limits));
        ok(QueryInformationJobObject(NULL, JobObjectBasicLimitInformation, &limits,
                                     sizeof(limits), NULL), "QueryInformationJobObject(NULL)");
        todo_wine_ok(limits.LimitFlags == JOB_OBJECT_LIMIT_BREAKAWAY_OK &&
                     limits.ActiveProcessLimit == 0, "not the inner job's limits: 0x%lx, %lu",
                     (unsigned long)limits.LimitFlags, (unsigned long)limits.ActiveProcessLimit);
    }
    set_limit_flags(parent, 0);
    ok(start_flags("exit 0", CREATE_BREAKAWAY_FROM_JOB, &pi), "CreateProcess failed");
    ok(!in_job(pi.hProcess, job), "still in the inner job");
    ok(in_job(pi.hProcess, parent), "out of the outer job too");
    ok(finish_child(&pi) == 0, "exit code");

    set_limit_flags(parent, JOB_OBJECT_LIMIT_BREAKAWAY_OK);
    ok(start_flags("exit 0", CREATE_BREAKAWAY_FROM_JOB, &pi), "CreateProcess failed");
    ok(!in_job(pi.hProcess, job) && !in_job(pi.hProcess, parent), "did not break away");
    ok(!in_job(pi.hProcess, NULL), "in a job after breaking away from all");
    ok(finish_child(&pi) == 0, "exit code");

    set_limit_flags(job, JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK);
    ok(start_flags("exit 0", 0, &pi), "CreateProcess failed");
    ok(!in_job(pi.hProcess, job), "in a job that lets children go silently");
    ok(finish_child(&pi) == 0, "exit code");
    set_limit_flags(job, JOB_OBJECT_LIMIT_BREAKAWAY_OK);

    /* A job with a process cannot take one from another job. */
    {
        HANDLE third = CreateJobObjectW(NULL, NULL);
        PROCESS_INFORMATION other;
        ok(start_flags("wait", CREATE_BREAKAWAY_FROM_JOB, &other), "CreateProcess failed");
        ok(AssignProcessToJobObject(third, other.hProcess), "AssignProcessToJobObject failed");
        SetLastError(0xdeadbeef);
        ok(!AssignProcessToJobObject(third, GetCurrentProcess()), "joined a busy job");
        ok(GetLastError() == ERROR_ACCESS_DENIED, "error %lu", (unsigned long)GetLastError());
        kill_child(&other);
        CloseHandle(third);
    }
    CloseHandle(job);
    CloseHandle(parent);
}

/*
 * CPU rate control (Windows 8 and later): a job without it answers with no
 * flag set. Setting it is not built in w32shim (doc/api.md); ninja and others
 * read it of their own job to count the processors they may use.
 */
static void test_cpu_rate_control(void)
{
    JOBOBJECT_CPU_RATE_CONTROL_INFORMATION info;
    HANDLE job = CreateJobObjectA(NULL, NULL);
    DWORD len = 0;
    BOOL ret;

    ok(sizeof(info) == 8, "the structure is 8 bytes");
    memset(&info, 0x55, sizeof(info));
    ret = QueryInformationJobObject(job, JobObjectCpuRateControlInformation, &info, sizeof(info),
                                    &len);
    /* Wine 8 knows no such class (ERROR_INVALID_PARAMETER). */
    todo_wine_ok(ret && len == sizeof(info) && info.ControlFlags == 0,
                 "a new job: no rate control (ret %d, len %lu, flags %#lx, error %lu)", ret,
                 (unsigned long)len, (unsigned long)info.ControlFlags,
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ret = QueryInformationJobObject(job, JobObjectCpuRateControlInformation, &info, 4, NULL);
    todo_wine_ok(!ret && GetLastError() == ERROR_BAD_LENGTH, "4 bytes: ERROR_BAD_LENGTH (%lu)",
                 (unsigned long)GetLastError());
    info.ControlFlags = JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP;
    info.CpuRate = 5000;
    ret = SetInformationJobObject(job, JobObjectCpuRateControlInformation, &info, sizeof(info));
    if (running_on_wine())
        todo_wine_ok(ret, "a hard cap of half the processors (error %lu)",
                     (unsigned long)GetLastError());
    else
        todo_w32shim_ok(ret, "a hard cap of half the processors (error %lu)",
                        (unsigned long)GetLastError());
    CloseHandle(job);
}

CONFORMANCE_MAIN(test_create_and_wait, test_named, test_bad_handles,
                 test_assign_needs_process_rights, test_is_process_in_job, test_terminate_job,
                 test_job_not_signalled_when_empty, test_query_information,
                 test_set_information, test_active_process_limit, test_completion_port,
                 test_grandchildren_are_members,
                 test_kill_on_job_close,
                 test_kill_on_close_waits_for_last_handle, test_terminate_kills_the_tree,
                 test_child_knows_its_job, test_opened_process_knows_its_job,
                 test_job_names_across_processes,
                 test_current_process_jobs, test_cpu_rate_control)
