/*
 * Conformance: tlhelp32.h snapshots of processes and threads. Sources: MS
 * docs of CreateToolhelp32Snapshot, Process32First/Next, Thread32First/Next
 * (ERROR_NO_MORE_FILES at the end); Wine's dlls/kernel32/tests/toolhelp.c
 * (this process and a child are listed, First restarts the walk, a
 * process's main thread comes first and the others in creation order, no
 * modules in a process or thread snapshot, a closed snapshot walks nothing;
 * a module snapshot of this process and of a child lists the program first
 * and every module once, with th32ProcessID the process's). Module32First:
 * th32ModuleID is always 1, the usage counts 0xFFFF; an unknown process id
 * fails with ERROR_INVALID_PARAMETER. Heap32ListFirst/Next, Heap32First/Next
 * and Toolhelp32ReadProcessMemory: Microsoft's pages (Wine 8 has no heap
 * lists: TH32CS_SNAPHEAPLIST fails there with ERROR_CALL_NOT_IMPLEMENTED).
 */
#define CONFORMANCE_CHILD toolhelp_child
#include "conformance.h"

#include <tlhelp32.h>

#define NUM_THREADS 4

/* "wait EVENT": stays until the parent sets the event; "ready EVENT" also sets EVENT-ready first. */
static int toolhelp_child(int argc, char **argv)
{
    char ready_name[128];
    HANDLE ev, ready;

    if (argc != 2 || (strcmp(argv[0], "wait") && strcmp(argv[0], "ready")))
        return 2;
    ev = OpenEventA(SYNCHRONIZE, FALSE, argv[1]);
    if (!ev)
        return 3;
    if (!strcmp(argv[0], "ready")) {
        snprintf(ready_name, sizeof(ready_name), "%s-ready", argv[1]);
        ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready_name);
        if (!ready || !SetEvent(ready))
            return 5;
        CloseHandle(ready);
    }
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

/* The file name of a path, Windows' or POSIX. */
static const char *file_name(const char *path)
{
    const char *name = path;

    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/')
            name = p + 1;
    return name;
}

/* Walks a module snapshot of pid: the count, each path listed once, the program first. */
static int walk_modules(HANDLE snap, DWORD pid, const char *program)
{
    static char paths[256][MAX_PATH];
    MODULEENTRY32 me;
    int count = 0, twice = 0;

    me.dwSize = sizeof(me);
    if (!Module32First(snap, &me))
        return 0;
    ok(!lstrcmpiA(me.szModule, program), "the program first: %s, not %s", me.szModule, program);
    do {
        ok(me.th32ProcessID == pid, "th32ProcessID %lu", (unsigned long)me.th32ProcessID);
        ok(me.th32ModuleID == 1, "th32ModuleID is always 1: %lu", (unsigned long)me.th32ModuleID);
        ok(me.GlblcntUsage == 0xFFFF && me.ProccntUsage == 0xFFFF, "usage counts %#lx %#lx",
           (unsigned long)me.GlblcntUsage, (unsigned long)me.ProccntUsage);
        ok(me.modBaseSize > 0 && me.hModule == (HMODULE)me.modBaseAddr, "%s: base %p, size %lu",
           me.szModule, me.modBaseAddr, (unsigned long)me.modBaseSize);
        ok(!lstrcmpiA(me.szModule, file_name(me.szExePath)), "%s is the name of %s", me.szModule,
           me.szExePath);
        for (int i = 0; i < count && i < 256; i++)
            twice += !lstrcmpiA(paths[i], me.szExePath);
        if (count < 256)
            lstrcpynA(paths[count], me.szExePath, MAX_PATH);
        count++;
    } while (Module32Next(snap, &me));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: ERROR_NO_MORE_FILES");
    ok(twice == 0, "each module once: %d listed again", twice);
    return count;
}

static void test_modules(void)
{
    char path[MAX_PATH], program[MAX_PATH], event_name[64], ready_name[128], args[160];
    HANDLE snap, ev, ready;
    MODULEENTRY32 me;
    MODULEENTRY32W mew;
    PROCESSENTRY32 pe;
    THREADENTRY32 te;
    PROCESS_INFORMATION pi;
    int count;

    ok(GetModuleFileNameA(NULL, path, sizeof(path)) > 0, "GetModuleFileNameA");
    lstrcpynA(program, file_name(path), sizeof(program));
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE of this process");
    count = walk_modules(snap, GetCurrentProcessId(), program);
    ok(count >= 2, "the program and its libraries: %d", count);
    ok(walk_modules(snap, GetCurrentProcessId(), program) == count, "First restarts the walk");

    me.dwSize = sizeof(me);
    ok(Module32First(snap, &me), "Module32First");
    ok(me.hModule == GetModuleHandleA(NULL), "the program's hModule is GetModuleHandle(NULL)'s");
    ok(!lstrcmpiA(me.szExePath, path), "its path: %s, not %s", me.szExePath, path);
    ok((BYTE *)test_modules >= me.modBaseAddr &&
       (BYTE *)test_modules < me.modBaseAddr + me.modBaseSize, "its image holds its code");
    mew.dwSize = sizeof(mew);
    ok(Module32FirstW(snap, &mew), "Module32FirstW");
    {
        char name[MAX_MODULE_NAME32 + 1];

        WideCharToMultiByte(CP_UTF8, 0, mew.szModule, -1, name, sizeof(name), NULL, NULL);
        ok(!lstrcmpiA(name, me.szModule) && mew.modBaseAddr == me.modBaseAddr,
           "W: the same first module (%s)", name);
    }
    ok(Module32NextW(snap, &mew), "Module32NextW");

    me.dwSize = sizeof(me) - 1;
    ok(!Module32First(snap, &me), "a short dwSize fails");
    mew.dwSize = sizeof(me);
    ok(!Module32FirstW(snap, &mew), "W: the A size fails");
    pe.dwSize = sizeof(pe);
    te.dwSize = sizeof(te);
    ok(!Process32First(snap, &pe) && !Thread32First(snap, &te), "no process or thread in it");
    CloseHandle(snap);

    /* A child, once it runs: the same program, its own modules. */
    snprintf(event_name, sizeof(event_name), "w32conf-toolhelp-mod-%lu", (unsigned long)GetCurrentProcessId());
    ev = CreateEventA(NULL, TRUE, FALSE, event_name);
    snprintf(ready_name, sizeof(ready_name), "%s-ready", event_name);
    ready = CreateEventA(NULL, TRUE, FALSE, ready_name);
    snprintf(args, sizeof(args), "ready %s", event_name);
    ok(ev && ready && start_child(args, &pi), "start the child");
    ok(WaitForSingleObject(ready, 60000) == WAIT_OBJECT_0, "the child runs");
    CloseHandle(ready);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, pi.dwProcessId);
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPMODULE of a child");
    if (snap != INVALID_HANDLE_VALUE) {
        ok(walk_modules(snap, pi.dwProcessId, program) >= 2, "the child's modules");
        CloseHandle(snap);
    }
    SetEvent(ev);
    ok(finish_child(&pi) == 0, "the child ended");
    CloseHandle(ev);

    SetLastError(0xdeadbeef);
    snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0x7ffffff0);
    ok(snap == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "no such process: ERROR_INVALID_PARAMETER (%lu)", (unsigned long)GetLastError());

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

/* Busy blocks of a heap as Heap32First/Next list them; found[i]: times want[i] was listed. */
static int walk_heap_entries(DWORD pid, ULONG_PTR heap, void *const *want, const SIZE_T *size,
                             int *found, int n)
{
    HEAPENTRY32 he;
    int busy = 0;

    he.dwSize = sizeof(he);
    if (!Heap32First(&he, pid, heap))
        return GetLastError() == ERROR_NO_MORE_FILES ? 0 : -1;
    do {
        ok(he.th32HeapID == heap && he.th32ProcessID == GetCurrentProcessId(), "heap and process");
        if (he.dwFlags & LF32_FREE)
            continue;
        busy++;
        for (int i = 0; i < n; i++)
            if (he.dwAddress == (ULONG_PTR)want[i]) {
                found[i]++;
                ok(he.dwBlockSize == size[i], "block %d: %lu bytes", i, (unsigned long)he.dwBlockSize);
                ok(he.dwFlags == LF32_FIXED, "block %d: LF32_FIXED (%#lx)", i, (unsigned long)he.dwFlags);
            }
    } while (Heap32Next(&he));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: ERROR_NO_MORE_FILES");
    return busy;
}

static void test_heap_lists(void)
{
    HANDLE heap = HeapCreate(0, 0, 0), snap;
    SIZE_T size[2] = { 100, 200 };
    void *p[2] = { HeapAlloc(heap, 0, size[0]), HeapAlloc(heap, 0, size[1]) };
    int defaults = 0, found_heap = 0, found[2] = { 0, 0 }, count = 0;
    HEAPLIST32 hl;
    PROCESSENTRY32 pe;
    MODULEENTRY32 me;
    THREADENTRY32 te;

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPHEAPLIST, 0);
    /* Wine 8 has no heap lists (ERROR_CALL_NOT_IMPLEMENTED, and no Heap32First). */
    todo_wine_ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPHEAPLIST");
    if (snap == INVALID_HANDLE_VALUE) {
        HeapDestroy(heap);
        return;
    }
    hl.dwSize = sizeof(hl);
    ok(Heap32ListFirst(snap, &hl), "Heap32ListFirst");
    do {
        ok(hl.th32ProcessID == GetCurrentProcessId(), "th32ProcessID %lu", (unsigned long)hl.th32ProcessID);
        if (hl.dwFlags & HF32_DEFAULT) {
            defaults++;
            ok(hl.th32HeapID == (ULONG_PTR)GetProcessHeap(), "the default heap is the process heap");
        }
        found_heap += hl.th32HeapID == (ULONG_PTR)heap;
        count++;
    } while (Heap32ListNext(snap, &hl));
    ok(GetLastError() == ERROR_NO_MORE_FILES, "the end: ERROR_NO_MORE_FILES");
    ok(defaults == 1 && found_heap == 1, "one default heap (%d) and ours once (%d)", defaults, found_heap);
    hl.dwSize = sizeof(hl) - 1;
    ok(!Heap32ListFirst(snap, &hl), "a short dwSize fails");
    pe.dwSize = sizeof(pe);
    me.dwSize = sizeof(me);
    te.dwSize = sizeof(te);
    ok(!Process32First(snap, &pe) && !Module32First(snap, &me) && !Thread32First(snap, &te),
       "nothing else in a heap list snapshot");
    CloseHandle(snap);

    ok(walk_heap_entries(GetCurrentProcessId(), (ULONG_PTR)heap, p, size, found, 2) >= 2,
       "our heap's blocks");
    ok(found[0] == 1 && found[1] == 1, "each block once: %d %d", found[0], found[1]);
    ok(HeapFree(heap, 0, p[0]), "HeapFree");
    found[0] = found[1] = 0;
    walk_heap_entries(0, (ULONG_PTR)heap, p, size, found, 2);
    ok(found[0] == 0 && found[1] == 1, "Heap32First reads the heap as it is now: %d %d",
       found[0], found[1]);

    snap = CreateToolhelp32Snapshot(TH32CS_SNAPALL, 0);
    ok(snap != INVALID_HANDLE_VALUE, "TH32CS_SNAPALL");
    hl.dwSize = sizeof(hl);
    pe.dwSize = sizeof(pe);
    me.dwSize = sizeof(me);
    te.dwSize = sizeof(te);
    ok(Heap32ListFirst(snap, &hl) && Process32First(snap, &pe) && Module32First(snap, &me) &&
       Thread32First(snap, &te), "every list in it");
    CloseHandle(snap);
    ok(HeapDestroy(heap), "HeapDestroy");
}

static void test_read_process_memory(void)
{
    static const char text[] = "toolhelp";
    char buf[sizeof(text)];
    SIZE_T n = 0;

    memset(buf, 0, sizeof(buf));
    ok(Toolhelp32ReadProcessMemory(GetCurrentProcessId(), text, buf, sizeof(buf), &n),
       "Toolhelp32ReadProcessMemory");
    ok(n == sizeof(text) && !memcmp(buf, text, sizeof(text)), "read %lu bytes", (unsigned long)n);
    memset(buf, 0, sizeof(buf));
    ok(Toolhelp32ReadProcessMemory(0, text, buf, sizeof(buf), NULL) && !strcmp(buf, text),
       "process 0 is this one; no count pointer");
    n = 77;
    SetLastError(0xdeadbeef);
    ok(!Toolhelp32ReadProcessMemory(0, (void *)16, buf, sizeof(buf), &n), "an unmapped address");
    ok(GetLastError() == ERROR_NOACCESS && n == 0, "ERROR_NOACCESS, nothing read: %lu",
       (unsigned long)n);
    n = 77;
    SetLastError(0xdeadbeef);
    ok(!Toolhelp32ReadProcessMemory(0x7ffffff0, text, buf, sizeof(buf), &n) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "no such process: ERROR_INVALID_PARAMETER");
}

CONFORMANCE_MAIN(test_processes, test_threads, test_handle, test_modules, test_heap_lists,
                 test_read_process_memory)
