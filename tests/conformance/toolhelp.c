/*
 * Conformance: tlhelp32.h snapshots of processes and threads. Sources: MS
 * docs of CreateToolhelp32Snapshot, Process32First/Next, Thread32First/Next
 * (ERROR_NO_MORE_FILES at the end); Wine's dlls/kernel32/tests/toolhelp.c
 * (this process and a child are listed, First restarts the walk, a
 * process's main thread comes first and the others in creation order, no
 * modules in a process or thread snapshot, a closed snapshot walks nothing).
 */
#define CONFORMANCE_CHILD toolhelp_child
#include "conformance.h"

#include <tlhelp32.h>

#define NUM_THREADS 4

/* "wait EVENT": stays until the parent sets the event. */
static int toolhelp_child(int argc, char **argv)
{
    HANDLE ev;

    if (argc != 2 || strcmp(argv[0], "wait"))
        return 2;
    ev = OpenEventA(SYNCHRONIZE, FALSE, argv[1]);
    if (!ev)
        return 3;
    return WaitForSingleObject(ev, 60000) == WAIT_OBJECT_0 ? 0 : 4;
}

static HANDLE start_waiting_child(PROCESS_INFORMATION *pi, char *event_name, size_t size)
{
    char args[128];
    HANDLE ev;

    snprintf(event_name, size, "w32conf-toolhelp-%lu", (unsigned long)GetCurrentProcessId());
    ev = CreateEventA(NULL, TRUE, FALSE, event_name);
    ok(ev != NULL, "CreateEvent");
    snprintf(args, sizeof(args), "wait %s", event_name);
    ok(start_child(args, pi), "start the child");
    return ev;
}

static void test_processes(void)
{
    PROCESS_INFORMATION pi;
    PROCESSENTRY32 pe;
    PROCESSENTRY32W pew;
    MODULEENTRY32 me;
    THREADENTRY32 te;
    char event_name[64];
    HANDLE ev = start_waiting_child(&pi, event_name, sizeof(event_name));
    DWORD self = GetCurrentProcessId();
    int found_self = 0, found_child = 0, count = 0, again = 0, position = -1;
    char self_name[MAX_PATH] = "";
    HANDLE snap;

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    ok(snap != INVALID_HANDLE_VALUE && snap != NULL, "CreateToolhelp32Snapshot");

    pe.dwSize = sizeof(pe);
    if (Process32First(snap, &pe)) {
        do {
            if (pe.th32ProcessID == self) {
                found_self++;
                strcpy(self_name, pe.szExeFile);
                ok(pe.cntThreads >= 1, "own thread count %lu", (unsigned long)pe.cntThreads);
            }
            if (pe.th32ProcessID == pi.dwProcessId) {
                found_child++;
                position = count;
                ok(pe.th32ParentProcessID == self, "the child's parent %lu",
                   (unsigned long)pe.th32ParentProcessID);
                ok(pe.cntThreads >= 1, "child thread count");
                ok(pe.cntUsage == 0 && pe.th32ModuleID == 0 && pe.dwFlags == 0,
                   "unused members are 0");
            }
            ok(pe.dwSize == sizeof(pe), "dwSize kept");
            count++;
        } while (Process32Next(snap, &pe));
    }
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: ERROR_NO_MORE_FILES");
    ok(found_self == 1 && found_child == 1, "self %d, child %d", found_self, found_child);
    ok(position != 0, "the child is not first");
    ok(self_name[0] != 0, "this process has a name");
    SetLastError(0xdeadbeef);
    ok(!Process32Next(snap, &pe) && GetLastError() == ERROR_NO_MORE_FILES, "still at the end");

    /* First restarts the walk, over the same snapshot. */
    if (Process32First(snap, &pe)) {
        do
            again++;
        while (Process32Next(snap, &pe));
    }
    ok(again == count, "the same %d processes again (%d)", count, again);

    pew.dwSize = sizeof(pew);
    found_self = 0;
    if (Process32FirstW(snap, &pew)) {
        do {
            if (pew.th32ProcessID == self) {
                char name[MAX_PATH];

                WideCharToMultiByte(CP_ACP, 0, pew.szExeFile, -1, name, sizeof(name), NULL, NULL);
                found_self = !strcmp(name, self_name);
            }
        } while (Process32NextW(snap, &pew));
    }
    ok(found_self, "W: this process, by the same name");

    pe.dwSize = sizeof(pe) - 1;
    SetLastError(0xdeadbeef);
    ok(!Process32First(snap, &pe), "a short dwSize fails");
    pew.dwSize = sizeof(pe);
    SetLastError(0xdeadbeef);
    ok(!Process32FirstW(snap, &pew), "W: the A size fails");

    me.dwSize = sizeof(me);
    ok(!Module32First(snap, &me), "no module in a process snapshot");
    te.dwSize = sizeof(te);
    SetLastError(0xdeadbeef);
    ok(!Thread32First(snap, &te) && GetLastError() == ERROR_NO_MORE_FILES,
       "no thread in a process snapshot");

    ok(CloseHandle(snap), "CloseHandle");
    pe.dwSize = sizeof(pe);
    SetLastError(0xdeadbeef);
    ok(!Process32First(snap, &pe) && GetLastError() == ERROR_INVALID_HANDLE,
       "a closed snapshot: ERROR_INVALID_HANDLE");

    SetEvent(ev);
    ok(finish_child(&pi) == 0, "the child ended");
    CloseHandle(ev);
}

static DWORD WINAPI waiter(void *ev)
{
    return WaitForSingleObject(ev, 60000);
}

static void test_threads(void)
{
    PROCESS_INFORMATION pi;
    char event_name[64];
    HANDLE child_ev = start_waiting_child(&pi, event_name, sizeof(event_name));
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), threads[NUM_THREADS], snap;
    DWORD ids[NUM_THREADS], listed[NUM_THREADS + 1], self = GetCurrentProcessId();
    DWORD main_tid = GetCurrentThreadId();
    int own = 0, child = 0, opened = 0;
    THREADENTRY32 te;
    PROCESSENTRY32 pe;

    for (int i = 0; i < NUM_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, waiter, ev, 0, &ids[i]);
        ok(threads[i] != NULL, "CreateThread %d", i);
    }
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    ok(snap != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot");

    te.dwSize = sizeof(te);
    ok(Thread32First(snap, &te), "Thread32First");
    do {
        if (te.th32OwnerProcessID == self) {
            HANDLE t = OpenThread(THREAD_QUERY_INFORMATION, FALSE, te.th32ThreadID);

            if (own < NUM_THREADS + 1)
                listed[own] = te.th32ThreadID;
            own++;
            opened += t != NULL;
            if (t)
                CloseHandle(t);
        }
        if (te.th32OwnerProcessID == pi.dwProcessId)
            child++;
    } while (Thread32Next(snap, &te));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: ERROR_NO_MORE_FILES");
    ok(own >= NUM_THREADS + 1, "own threads listed: %d", own);
    ok(opened == own, "each own thread id opens: %d of %d", opened, own);
    ok(child >= 1, "the child's threads listed: %d", child);
    ok(own >= 1 && listed[0] == main_tid, "the main thread first");
    for (int i = 0; i < NUM_THREADS && i + 1 < own; i++)
        ok(listed[i + 1] == ids[i], "thread %d in creation order", i);

    own = 0;
    if (Thread32First(snap, &te)) {
        do
            own += te.th32OwnerProcessID == self;
        while (Thread32Next(snap, &te));
    }
    ok(own >= NUM_THREADS + 1, "First restarts the walk: %d", own);

    te.dwSize = sizeof(te) - 1;
    ok(!Thread32First(snap, &te), "a short dwSize fails");
    pe.dwSize = sizeof(pe);
    SetLastError(0xdeadbeef);
    ok(!Process32First(snap, &pe) && GetLastError() == ERROR_NO_MORE_FILES,
       "no process in a thread snapshot");
    ok(CloseHandle(snap), "CloseHandle");
    te.dwSize = sizeof(te);
    ok(!Thread32First(snap, &te), "a closed snapshot walks nothing");

    SetEvent(ev);
    ok(WaitForMultipleObjects(NUM_THREADS, threads, TRUE, 60000) == WAIT_OBJECT_0, "threads end");
    for (int i = 0; i < NUM_THREADS; i++)
        CloseHandle(threads[i]);
    CloseHandle(ev);
    SetEvent(child_ev);
    ok(finish_child(&pi) == 0, "the child ended");
    CloseHandle(child_ev);
}

/* The snapshot is a handle like any other, and both lists come in one snapshot. */
static void test_handle(void)
{
    DWORD before = 0, during = 0, after = 0;
    HANDLE snap;
    PROCESSENTRY32 pe;
    THREADENTRY32 te;
    DWORD flags = 0;
    HANDLE dup = NULL;

    ok(GetProcessHandleCount(GetCurrentProcess(), &before), "GetProcessHandleCount");
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS | TH32CS_SNAPTHREAD | TH32CS_INHERIT, 0);
    ok(snap != INVALID_HANDLE_VALUE, "both lists");
    /* Wine's GetProcessHandleCount always reports 0. */
    todo_wine_ok(GetProcessHandleCount(GetCurrentProcess(), &during) && during == before + 1,
                 "one handle more: %lu, %lu", (unsigned long)before, (unsigned long)during);
    ok(GetHandleInformation(snap, &flags) && (flags & HANDLE_FLAG_INHERIT),
       "TH32CS_INHERIT: an inheritable handle");
    pe.dwSize = sizeof(pe);
    te.dwSize = sizeof(te);
    ok(Process32First(snap, &pe) && Thread32First(snap, &te), "both walk");
    ok(DuplicateHandle(GetCurrentProcess(), snap, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle");
    ok(CloseHandle(snap), "CloseHandle");
    ok(Process32First(dup, &pe), "the duplicate walks on");
    ok(CloseHandle(dup), "CloseHandle of the duplicate");
    SetLastError(0xdeadbeef);
    ok(!CloseHandle(dup) && GetLastError() == ERROR_INVALID_HANDLE, "closed twice");
    ok(GetProcessHandleCount(GetCurrentProcess(), &after) && after == before,
       "the handles are gone: %lu, %lu", (unsigned long)before, (unsigned long)after);

    SetLastError(0xdeadbeef);
    ok(!Process32First(NULL, &pe) && GetLastError() == ERROR_INVALID_HANDLE, "NULL handle");
    {
        HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL);

        SetLastError(0xdeadbeef);
        ok(!Thread32First(ev, &te) && GetLastError() == ERROR_INVALID_HANDLE,
           "an event is no snapshot");
        CloseHandle(ev);
    }
}

/* Modules and heap lists: Windows lists them; w32shim refuses (doc/api.md). */
static void test_modules(void)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    MODULEENTRY32 me;
    MODULEENTRY32W mew;

    todo_w32shim_ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE");
    if (running_on_w32shim())
        ok(GetLastError() == ERROR_NOT_SUPPORTED, "TH32CS_SNAPMODULE: ERROR_NOT_SUPPORTED");
    if (snap != INVALID_HANDLE_VALUE)
        CloseHandle(snap);

    /* TH32CS_SNAPMODULE32 alone asks a 64-bit process for nothing. */
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE32, GetCurrentProcessId());
    /* Wine refuses the flag alone (ERROR_CALL_NOT_IMPLEMENTED); Wine's tests record Windows. */
    todo_wine_ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE32");
    if (snap == INVALID_HANDLE_VALUE)
        snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    me.dwSize = sizeof(me);
    mew.dwSize = sizeof(mew);
    SetLastError(0xdeadbeef);
    ok(!Module32First(snap, &me) && GetLastError() == ERROR_NO_MORE_FILES, "no module");
    SetLastError(0xdeadbeef);
    ok(!Module32FirstW(snap, &mew) && GetLastError() == ERROR_NO_MORE_FILES, "W: no module");
    ok(!Module32Next(snap, &me) && !Module32NextW(snap, &mew), "Next: no module");
    CloseHandle(snap);
}

CONFORMANCE_MAIN(test_processes, test_threads, test_handle, test_modules)
