/* Conformance: processors and their topology, memory, version, computer and user names. */
#include "conformance.h"

static DWORD processor_count(void)
{
    SYSTEM_INFO si;

    GetSystemInfo(&si);
    return si.dwNumberOfProcessors;
}

static ULONG_PTR all_processors(void)
{
    DWORD n = processor_count();

    return n >= 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << n) - 1;
}

static void test_processor_counts(void)
{
    DWORD n = processor_count();
    PROCESSOR_NUMBER pn;

    ok(n >= 1, "at least one processor");
    ok(GetActiveProcessorCount(ALL_PROCESSOR_GROUPS) == n, "all groups: GetSystemInfo's count");
    ok(GetActiveProcessorCount(0) == n, "group 0: GetSystemInfo's count");
    ok(GetActiveProcessorGroupCount() == 1, "one group");
    ok(GetMaximumProcessorCount(0) >= n, "the maximum is no less");
    ok(GetCurrentProcessorNumber() < n, "the current processor is one of them");
    memset(&pn, 0xcc, sizeof(pn));
    GetCurrentProcessorNumberEx(&pn);
    ok(pn.Group == 0 && pn.Number < n && pn.Reserved == 0, "GetCurrentProcessorNumberEx");
}

static DWORD count_bits(ULONG_PTR m)
{
    DWORD n = 0;

    for (; m; m &= m - 1)
        n++;
    return n;
}

static void test_GetLogicalProcessorInformation(void)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION *info;
    DWORD len = 0, short_len, entries, cores = 0, packages = 0, nodes = 0, bad_cache = 0;
    ULONG_PTR cored = 0, overlap = 0, packaged = 0;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = GetLogicalProcessorInformation(NULL, &len);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no buffer: ERROR_INSUFFICIENT_BUFFER");
    ok(len > 0 && len % sizeof(*info) == 0, "the size needed, whole records: %lu",
       (unsigned long)len);
    info = HeapAlloc(GetProcessHeap(), 0, len);
    short_len = len - 1;
    SetLastError(0xdeadbeef);
    ok(!GetLogicalProcessorInformation(info, &short_len) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER && short_len == len,
       "a short buffer: ERROR_INSUFFICIENT_BUFFER and the size");
    ok(GetLogicalProcessorInformation(info, &len), "the records");
    entries = len / sizeof(*info);
    for (DWORD i = 0; i < entries; i++) {
        switch (info[i].Relationship) {
        case RelationProcessorCore:
            cores++;
            overlap |= cored & info[i].ProcessorMask;
            cored |= info[i].ProcessorMask;
            ok((info[i].ProcessorCore.Flags == LTP_PC_SMT) ==
               (count_bits(info[i].ProcessorMask) > 1), "SMT when a core has two threads");
            break;
        case RelationProcessorPackage:
            packages++;
            packaged |= info[i].ProcessorMask;
            break;
        case RelationNumaNode:
            nodes++;
            break;
        case RelationCache:
            if (info[i].Cache.Level < 1 || info[i].Cache.Level > 4 || !info[i].ProcessorMask ||
                info[i].Cache.Type > CacheTrace)
                bad_cache++;
            break;
        default:
            ok(0, "an unknown relationship %d", (int)info[i].Relationship);
        }
    }
    ok(cores >= 1 && cores <= processor_count(), "cores: %lu", (unsigned long)cores);
    ok(cored == all_processors() && !overlap, "every processor is in exactly one core");
    ok(packages >= 1 && packaged == all_processors(), "packages hold every processor");
    ok(nodes >= 1, "at least one NUMA node");
    ok(bad_cache == 0, "caches are levels 1 to 4 of known types");
    HeapFree(GetProcessHeap(), 0, info);

    SetLastError(0xdeadbeef);
    ok(!GetLogicalProcessorInformation(NULL, NULL) &&
       (GetLastError() == ERROR_NOACCESS || GetLastError() == ERROR_INVALID_PARAMETER),
       "no length pointer fails");
}

static void test_GetLogicalProcessorInformationEx(void)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *ex;
    DWORD len = 0, cores = 0, groups = 0, total = 0;
    ULONG_PTR cored = 0;
    char *p;
    BOOL ret;

    SetLastError(0xdeadbeef);
    ret = GetLogicalProcessorInformationEx(RelationAll, NULL, &len);
    ok(!ret && GetLastError() == ERROR_INSUFFICIENT_BUFFER && len > 0,
       "no buffer: ERROR_INSUFFICIENT_BUFFER and the size");
    ex = HeapAlloc(GetProcessHeap(), 0, len);
    ok(GetLogicalProcessorInformationEx(RelationAll, ex, &len), "all records");
    for (p = (char *)ex; p < (char *)ex + len; p += ((SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)p)->Size) {
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *r = (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)p;
        if (r->Size == 0)
            break;
        total += r->Size;
        if (r->Relationship == RelationProcessorCore) {
            cores++;
            cored |= r->Processor.GroupMask[0].Mask;
            ok(r->Processor.GroupCount == 1 && r->Processor.GroupMask[0].Group == 0,
               "a core in group 0");
        } else if (r->Relationship == RelationGroup) {
            groups++;
            ok(r->Group.ActiveGroupCount == 1 &&
               r->Group.GroupInfo[0].ActiveProcessorCount == processor_count() &&
               r->Group.GroupInfo[0].ActiveProcessorMask == all_processors(),
               "the group holds every processor");
        }
    }
    ok(total == len, "the record sizes add up to the length");
    ok(cores >= 1 && cored == all_processors(), "cores hold every processor");
    ok(groups == 1, "one group record");
    HeapFree(GetProcessHeap(), 0, ex);

    len = 0;
    GetLogicalProcessorInformationEx(RelationProcessorCore, NULL, &len);
    ex = HeapAlloc(GetProcessHeap(), 0, len);
    ok(GetLogicalProcessorInformationEx(RelationProcessorCore, ex, &len) &&
       len == cores * ex->Size && ex->Relationship == RelationProcessorCore,
       "only the cores");
    HeapFree(GetProcessHeap(), 0, ex);

}

static void test_IsProcessorFeaturePresent(void)
{
#if defined(__x86_64__)
    ok(IsProcessorFeaturePresent(PF_XMMI64_INSTRUCTIONS_AVAILABLE), "SSE2 on x86-64");
    ok(IsProcessorFeaturePresent(PF_XMMI_INSTRUCTIONS_AVAILABLE), "SSE on x86-64");
    ok(IsProcessorFeaturePresent(PF_MMX_INSTRUCTIONS_AVAILABLE), "MMX on x86-64");
    ok(IsProcessorFeaturePresent(PF_RDTSC_INSTRUCTION_AVAILABLE), "RDTSC on x86-64");
    ok(IsProcessorFeaturePresent(PF_COMPARE_EXCHANGE_DOUBLE), "CMPXCHG8B on x86-64");
    ok(IsProcessorFeaturePresent(PF_NX_ENABLED), "NX on x86-64");
    __builtin_cpu_init();
    ok(!IsProcessorFeaturePresent(PF_SSE3_INSTRUCTIONS_AVAILABLE) ==
       !__builtin_cpu_supports("sse3"), "SSE3 as CPUID says");
    ok(!IsProcessorFeaturePresent(PF_SSE4_2_INSTRUCTIONS_AVAILABLE) ==
       !__builtin_cpu_supports("sse4.2"), "SSE4.2 as CPUID says");
    ok(!IsProcessorFeaturePresent(PF_AVX_INSTRUCTIONS_AVAILABLE) ==
       !__builtin_cpu_supports("avx"), "AVX as CPUID and the OS say");
#endif
    ok(!IsProcessorFeaturePresent(PF_PPC_MOVEMEM_64BIT_OK), "no PowerPC features");
    ok(!IsProcessorFeaturePresent(1000), "an unknown feature is absent");
}

static void test_FlushInstructionCache(void)
{
    static char code[64];

    ok(FlushInstructionCache(GetCurrentProcess(), code, sizeof(code)), "this process");
    ok(FlushInstructionCache(GetCurrentProcess(), NULL, 0), "nothing to flush");
}

static void test_GlobalMemoryStatusEx(void)
{
    MEMORYSTATUSEX ms;

    memset(&ms, 0, sizeof(ms));
    ms.dwLength = sizeof(ms) - 1;
    SetLastError(0xdeadbeef);
    ok(!GlobalMemoryStatusEx(&ms) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a wrong dwLength: ERROR_INVALID_PARAMETER");
    ms.dwLength = sizeof(ms);
    ok(GlobalMemoryStatusEx(&ms), "GlobalMemoryStatusEx");
    ok(ms.ullTotalPhys > 0 && ms.ullAvailPhys <= ms.ullTotalPhys, "physical memory");
    ok(ms.dwMemoryLoad <= 100, "a load in percent");
    ok(ms.ullTotalPageFile >= ms.ullAvailPageFile, "the commit limit");
    ok(ms.ullTotalVirtual >= (1ull << 40) && ms.ullAvailVirtual <= ms.ullTotalVirtual &&
       ms.ullAvailVirtual > 0, "a 64-bit address space");
    ok(ms.ullAvailExtendedVirtual == 0, "no extended virtual memory");
}

static void test_GetVersionEx(void)
{
    OSVERSIONINFOA a;
    OSVERSIONINFOEXW w;
    DWORD v = GetVersion();

    memset(&a, 0, sizeof(a));
    a.dwOSVersionInfoSize = sizeof(a) - 1;
    SetLastError(0xdeadbeef);
    ok(!GetVersionExA(&a) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "a wrong size: ERROR_INSUFFICIENT_BUFFER");
    a.dwOSVersionInfoSize = sizeof(a);
    ok(GetVersionExA(&a), "GetVersionExA");
    /* Windows 8 to 11 tell a program without a manifest 6.2, build 9200; a fresh
     * Wine prefix plays Windows 7 (6.1.7601). */
    todo_wine_ok(a.dwMajorVersion == 6 && a.dwMinorVersion == 2 && a.dwBuildNumber == 9200,
                 "6.2.9200, got %lu.%lu.%lu", (unsigned long)a.dwMajorVersion,
                 (unsigned long)a.dwMinorVersion, (unsigned long)a.dwBuildNumber);
    ok(a.dwPlatformId == VER_PLATFORM_WIN32_NT, "an NT platform");
    ok(LOBYTE(LOWORD(v)) == a.dwMajorVersion && HIBYTE(LOWORD(v)) == a.dwMinorVersion &&
       HIWORD(v) == a.dwBuildNumber, "GetVersion agrees");
    memset(&w, 0xcc, sizeof(w));
    w.dwOSVersionInfoSize = sizeof(w);
    ok(GetVersionExW((OSVERSIONINFOW *)&w) && w.dwMajorVersion == a.dwMajorVersion &&
       w.wProductType == VER_NT_WORKSTATION, "GetVersionExW with the Ex structure");
}

static void test_GetComputerName(void)
{
    char name[MAX_COMPUTERNAME_LENGTH + 1], dns[512];
    WCHAR wname[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = 0, need, len;

    SetLastError(0xdeadbeef);
    ok(!GetComputerNameA(name, &size) && GetLastError() == ERROR_BUFFER_OVERFLOW,
       "no room: ERROR_BUFFER_OVERFLOW");
    need = size;
    ok(need >= 2 && need <= MAX_COMPUTERNAME_LENGTH + 1, "the size with the NUL: %lu",
       (unsigned long)need);
    size = sizeof(name);
    ok(GetComputerNameA(name, &size) && size == need - 1 && strlen(name) == size,
       "the name and its length");
    for (len = 0; name[len]; len++)
        if (name[len] >= 'a' && name[len] <= 'z')
            break;
    ok(name[len] == 0, "the NetBIOS name is upper-case: %s", name);
    size = MAX_COMPUTERNAME_LENGTH + 1;
    ok(GetComputerNameW(wname, &size) && size == need - 1 && wname[0] == (WCHAR)name[0],
       "GetComputerNameW");

    size = 1;
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExA(ComputerNameDnsHostname, dns, &size) &&
       GetLastError() == ERROR_MORE_DATA && size > 1, "Ex, no room: ERROR_MORE_DATA");
    need = size;
    size = sizeof(dns);
    ok(GetComputerNameExA(ComputerNameDnsHostname, dns, &size) && size == need - 1 &&
       strlen(dns) == size, "the DNS host name");
    ok(lstrcmpiA(dns, name) == 0 || (strlen(name) == MAX_COMPUTERNAME_LENGTH &&
                                      _strnicmp(dns, name, MAX_COMPUTERNAME_LENGTH) == 0),
       "the NetBIOS name is the host name: %s, %s", dns, name);
    size = sizeof(dns);
    ok(GetComputerNameExA(ComputerNameNetBIOS, dns, &size) && strcmp(dns, name) == 0,
       "Ex's NetBIOS name is GetComputerName's");
    size = sizeof(dns);
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExA(ComputerNameMax, dns, &size) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "no such name: ERROR_INVALID_PARAMETER");

    size = 1;
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExW(ComputerNameDnsHostname, wname, &size) &&
       GetLastError() == ERROR_MORE_DATA && size == need, "ExW, no room: ERROR_MORE_DATA, %lu",
       (unsigned long)size);
    size = MAX_COMPUTERNAME_LENGTH + 1;
    ok(GetComputerNameExW(ComputerNameNetBIOS, wname, &size) && size == strlen(name) &&
           wname[0] == (WCHAR)name[0] && wname[size] == 0,
       "ExW's NetBIOS name is GetComputerName's");
    SetLastError(0xdeadbeef);
    ok(!GetComputerNameExW(ComputerNameMax, wname, &size) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "ExW, no such name: ERROR_INVALID_PARAMETER");
}

static void test_GetUserName(void)
{
    char name[257];
    WCHAR wname[257];
    DWORD size = 0, need;

    SetLastError(0xdeadbeef);
    ok(!GetUserNameA(name, &size) && GetLastError() == ERROR_INSUFFICIENT_BUFFER && size > 1,
       "no room: ERROR_INSUFFICIENT_BUFFER and the size");
    need = size;
    size = sizeof(name);
    ok(GetUserNameA(name, &size) && size == need && strlen(name) + 1 == size,
       "the name, and its size with the NUL");
    size = 257;
    ok(GetUserNameW(wname, &size) && size == need && wname[0] == (WCHAR)(BYTE)name[0],
       "GetUserNameW");
}

static void test_debugger(void)
{
    ok(!IsDebuggerPresent(), "no debugger");
    OutputDebugStringA("conformance: OutputDebugStringA\n");
    OutputDebugStringW(W("conformance: OutputDebugStringW\n"));
    ok(1, "OutputDebugString returns");
}

CONFORMANCE_MAIN(test_processor_counts, test_GetLogicalProcessorInformation,
                 test_GetLogicalProcessorInformationEx, test_IsProcessorFeaturePresent,
                 test_FlushInstructionCache, test_GlobalMemoryStatusEx, test_GetVersionEx,
                 test_GetComputerName, test_GetUserName, test_debugger)
