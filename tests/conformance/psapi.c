/*
 * Conformance: psapi.h (GetProcessMemoryInfo, EnumProcesses,
 * GetModuleFileNameEx, GetModuleBaseName) on this process and on a child.
 */
#define CONFORMANCE_CHILD psapi_child
#include "conformance.h"
#include <psapi.h>
#include <stdlib.h>

static int psapi_child(int argc, char **argv)
{
    Sleep(60000);
    return 0;
}

static void own_path(char *path, DWORD size, const char **base)
{
    GetModuleFileNameA(NULL, path, size);
    *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '\\' || *p == '/')
            *base = p + 1;
}

static void test_memory_info(void)
{
    PROCESS_MEMORY_COUNTERS pmc;
    PROCESS_MEMORY_COUNTERS_EX ex;

    memset(&pmc, 0xcc, sizeof(pmc));
    ok(GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)), "GetProcessMemoryInfo");
    ok(pmc.cb == sizeof(pmc), "cb is the structure's size (%lu)", (unsigned long)pmc.cb);
    ok(pmc.WorkingSetSize > 0 && pmc.PeakWorkingSetSize >= pmc.WorkingSetSize,
       "a working set, and a peak at least as large");
    ok(pmc.PagefileUsage > 0 && pmc.PeakPagefileUsage >= pmc.PagefileUsage,
       "a page-file usage, and a peak at least as large");
    /* Wine 8 counts no page faults and no private usage. */
    todo_wine_ok(pmc.PageFaultCount > 0, "page faults were counted");
    memset(&ex, 0, sizeof(ex));
    ok(GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&ex, sizeof(ex)),
       "GetProcessMemoryInfo with PROCESS_MEMORY_COUNTERS_EX");
    todo_wine_ok(ex.PrivateUsage > 0, "the private usage is filled in");
}

static void test_memory_info_grows(void)
{
    PROCESS_MEMORY_COUNTERS before, after;
    size_t size = 64 << 20;
    char *block = malloc(size);

    ok(block != NULL, "64 MiB allocated");
    if (!block)
        return;
    GetProcessMemoryInfo(GetCurrentProcess(), &before, sizeof(before));
    for (size_t i = 0; i < size; i += 4096)
        block[i] = (char)i;
    ok(GetProcessMemoryInfo(GetCurrentProcess(), &after, sizeof(after)), "after touching it");
    ok(after.WorkingSetSize >= before.WorkingSetSize + size / 2,
       "the working set grew by the pages touched (%lu -> %lu)",
       (unsigned long)before.WorkingSetSize, (unsigned long)after.WorkingSetSize);
    ok(after.PeakWorkingSetSize >= after.WorkingSetSize, "the peak follows");
    free(block);
}

static void test_memory_info_bad_input(void)
{
    PROCESS_MEMORY_COUNTERS pmc;
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);

    SetLastError(0xdeadbeef);
    ok(!GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc) - 1) &&
           GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "a short structure gives ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0xdeadbeef);
    ok(!GetProcessMemoryInfo(event, &pmc, sizeof(pmc)) && GetLastError() == ERROR_INVALID_HANDLE,
       "an event is no process: ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!GetProcessMemoryInfo(NULL, &pmc, sizeof(pmc)) && GetLastError() == ERROR_INVALID_HANDLE,
       "NULL: ERROR_INVALID_HANDLE");
    CloseHandle(event);
}

static int has_pid(const DWORD *pids, DWORD count, DWORD pid)
{
    for (DWORD i = 0; i < count; i++)
        if (pids[i] == pid)
            return 1;
    return 0;
}

static void test_enum_processes(void)
{
    static DWORD pids[65536];
    DWORD needed = 0xdeadbeef, one[1];

    ok(EnumProcesses(pids, sizeof(pids), &needed), "EnumProcesses");
    ok(needed > 0 && needed % sizeof(DWORD) == 0 && needed < sizeof(pids), "whole pids returned");
    ok(has_pid(pids, needed / sizeof(DWORD), GetCurrentProcessId()), "this process is listed");
    needed = 0xdeadbeef;
    ok(EnumProcesses(one, sizeof(one), &needed) && needed == sizeof(one),
       "a buffer for one pid gets one (%lu bytes)", (unsigned long)needed);
    needed = 0xdeadbeef;
    ok(EnumProcesses(one, sizeof(one) - 1, &needed) && needed == 0,
       "a buffer too small for any pid gets none");
}

static void test_module_names(void)
{
    char path[MAX_PATH], buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    const char *base;
    DWORD n;

    own_path(path, sizeof(path), &base);
    n = GetModuleFileNameExA(GetCurrentProcess(), NULL, buf, sizeof(buf));
    ok(n == strlen(path) && strcmp(buf, path) == 0, "GetModuleFileNameEx is GetModuleFileName");
    n = GetModuleBaseNameA(GetCurrentProcess(), NULL, buf, sizeof(buf));
    ok(n == strlen(base) && strcmp(buf, base) == 0, "GetModuleBaseName is its file name");
    n = GetModuleBaseNameW(GetCurrentProcess(), NULL, wbuf, MAX_PATH);
    ok(n == strlen(base) && wbuf[0] == (WCHAR)base[0] && wbuf[n] == 0, "the W form");
    n = GetModuleFileNameExW(GetCurrentProcess(), GetModuleHandleA(NULL), wbuf, MAX_PATH);
    ok(n == strlen(path), "the program's module handle names the same file");
    SetLastError(0xdeadbeef);
    ok(GetModuleBaseNameA(GetCurrentProcess(), (HMODULE)(ULONG_PTR)0x12340000, buf,
                          sizeof(buf)) == 0 && GetLastError() == ERROR_INVALID_HANDLE,
       "an unknown module gives ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(GetModuleBaseNameA(NULL, NULL, buf, sizeof(buf)) == 0 && GetLastError() == ERROR_INVALID_HANDLE,
       "a NULL process gives ERROR_INVALID_HANDLE");
}

static void test_child(void)
{
    static DWORD pids[65536];
    PROCESS_INFORMATION pi;
    PROCESS_MEMORY_COUNTERS pmc;
    char path[MAX_PATH], buf[MAX_PATH];
    const char *base;
    DWORD needed = 0;

    own_path(path, sizeof(path), &base);
    if (!ok(start_child("sleep", &pi), "the child starts"))
        return;
    ok(EnumProcesses(pids, sizeof(pids), &needed) &&
           has_pid(pids, needed / sizeof(DWORD), pi.dwProcessId),
       "EnumProcesses lists the child");
    ok(GetProcessMemoryInfo(pi.hProcess, &pmc, sizeof(pmc)) && pmc.WorkingSetSize > 0,
       "the child's memory");
    /* A child's modules exist once its loader has run: poll for a while. */
    for (int i = 0; i < 100 && !GetModuleBaseNameA(pi.hProcess, NULL, buf, sizeof(buf)); i++)
        Sleep(20);
    ok(GetModuleBaseNameA(pi.hProcess, NULL, buf, sizeof(buf)) == strlen(base) &&
           strcmp(buf, base) == 0,
       "the child's module is this program");
    TerminateProcess(pi.hProcess, 3);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

CONFORMANCE_MAIN(test_memory_info, test_memory_info_grows, test_memory_info_bad_input,
                 test_enum_processes, test_module_names, test_child)
