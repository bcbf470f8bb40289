/*
 * Conformance: winternl.h's ntdll functions (NtQueryInformationProcess,
 * NtClose, RtlInitUnicodeString, RtlInitAnsiString, RtlNtStatusToDosError).
 * They return NTSTATUS values and leave the last error alone.
 */
#define CONFORMANCE_CHILD winternl_child
#include "conformance.h"
#include <winternl.h>
#include <ntstatus.h>

static int winternl_child(int argc, char **argv)
{
    if (strcmp(argv[0], "sleep") == 0)
        Sleep(60000);
    return atoi(argv[0]);
}

static void test_basic_information(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    ULONG len = 0;
    NTSTATUS status;

    memset(&pbi, 0xcc, sizeof(pbi));
    SetLastError(0xdeadbeef);
    status = NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi,
                                       sizeof(pbi), &len);
    ok(status == STATUS_SUCCESS && len == sizeof(pbi), "ProcessBasicInformation (0x%lx)",
       (unsigned long)status);
    ok(GetLastError() == 0xdeadbeef, "the last error is left alone");
    ok(pbi.UniqueProcessId == GetCurrentProcessId(), "UniqueProcessId is this process");
    ok(pbi.ExitStatus == STATUS_PENDING, "a running process's ExitStatus is STATUS_PENDING");
    ok(pbi.AffinityMask != 0, "an affinity mask");
    ok(pbi.InheritedFromUniqueProcessId != GetCurrentProcessId(), "the parent is another process");
    /* Wine gives a process started from Unix no parent. */
    todo_wine_ok(pbi.InheritedFromUniqueProcessId != 0, "a parent");
    ok(NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi,
                                 sizeof(pbi), NULL) == STATUS_SUCCESS,
       "ReturnLength may be NULL");
}

static void test_basic_information_of_child(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    PROCESS_INFORMATION pi;

    if (!ok(start_child("7", &pi), "the child starts"))
        return;
    WaitForSingleObject(pi.hProcess, INFINITE);
    ok(NtQueryInformationProcess(pi.hProcess, ProcessBasicInformation, &pbi, sizeof(pbi),
                                 NULL) == STATUS_SUCCESS,
       "ProcessBasicInformation of the child");
    ok(pbi.UniqueProcessId == pi.dwProcessId, "its pid");
    ok(pbi.ExitStatus == 7, "its exit code (%ld)", (long)pbi.ExitStatus);
    /* w32shim reads the parent from /proc, which forgets a process once it has ended. */
    todo_w32shim_ok(pbi.InheritedFromUniqueProcessId == GetCurrentProcessId(),
                    "this process is its parent, after it ended");
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (!ok(start_child("sleep", &pi), "a second child starts"))
        return;
    ok(NtQueryInformationProcess(pi.hProcess, ProcessBasicInformation, &pbi, sizeof(pbi),
                                 NULL) == STATUS_SUCCESS,
       "ProcessBasicInformation of a running child");
    ok(pbi.InheritedFromUniqueProcessId == GetCurrentProcessId(), "this process is its parent");
    ok(pbi.ExitStatus == STATUS_PENDING, "it is still running");
    TerminateProcess(pi.hProcess, 1);
    WaitForSingleObject(pi.hProcess, INFINITE);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static void test_query_errors(void)
{
    PROCESS_BASIC_INFORMATION pbi;
    ULONG_PTR value = 5;
    ULONG len = 0;
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);

    ok(NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi,
                                 sizeof(pbi) - 1, &len) == STATUS_INFO_LENGTH_MISMATCH,
       "a short buffer: STATUS_INFO_LENGTH_MISMATCH");
    ok(len == sizeof(pbi), "ReturnLength says the size needed");
    ok(NtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi,
                                 sizeof(pbi) + 8, NULL) == STATUS_INFO_LENGTH_MISMATCH,
       "a longer buffer too");
    SetLastError(0xdeadbeef);
    ok(NtQueryInformationProcess(NULL, ProcessBasicInformation, &pbi, sizeof(pbi), NULL) ==
           STATUS_INVALID_HANDLE,
       "NULL: STATUS_INVALID_HANDLE");
    ok(GetLastError() == 0xdeadbeef, "the last error is left alone");
    ok(NtQueryInformationProcess(event, ProcessBasicInformation, &pbi, sizeof(pbi), NULL) ==
           STATUS_OBJECT_TYPE_MISMATCH ||
           NtQueryInformationProcess(event, ProcessBasicInformation, &pbi, sizeof(pbi), NULL) ==
           STATUS_INVALID_HANDLE,
       "an event is no process");
    ok(NtQueryInformationProcess(GetCurrentProcess(), ProcessDebugPort, &value, sizeof(value),
                                 NULL) == STATUS_SUCCESS && value == 0,
       "ProcessDebugPort: no debugger");
    value = 5;
    ok(NtQueryInformationProcess(GetCurrentProcess(), ProcessWow64Information, &value,
                                 sizeof(value), NULL) == STATUS_SUCCESS && value == 0,
       "ProcessWow64Information: not WOW64");
    CloseHandle(event);
}

static void test_nt_close(void)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);

    SetLastError(0xdeadbeef);
    ok(NtClose(event) == STATUS_SUCCESS, "NtClose");
    ok(NtClose(event) == STATUS_INVALID_HANDLE, "NtClose twice: STATUS_INVALID_HANDLE");
    ok(GetLastError() == 0xdeadbeef, "the last error is left alone");
}

static void test_init_strings(void)
{
    static const WCHAR text[] = W("abcdef");
    UNICODE_STRING us;
    ANSI_STRING as;

    RtlInitUnicodeString(&us, text);
    ok(us.Length == 12 && us.MaximumLength == 14 && us.Buffer == text,
       "RtlInitUnicodeString counts bytes, with the terminator in MaximumLength");
    RtlInitUnicodeString(&us, NULL);
    ok(us.Length == 0 && us.MaximumLength == 0 && us.Buffer == NULL, "NULL gives an empty string");
    RtlInitAnsiString(&as, "abc");
    ok(as.Length == 3 && as.MaximumLength == 4 && strcmp(as.Buffer, "abc") == 0,
       "RtlInitAnsiString");
    RtlInitAnsiString(&as, NULL);
    ok(as.Length == 0 && as.MaximumLength == 0 && as.Buffer == NULL, "NULL (ANSI)");
}

static void test_status_to_dos_error(void)
{
    static const struct {
        NTSTATUS status;
        ULONG error;
    } cases[] = {
        { STATUS_SUCCESS, ERROR_SUCCESS },
        { STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
        { STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
        { STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
        { STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY },
        { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
        { STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
        { STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS },
        { STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION },
        { STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER },
        { STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA },
        { STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH },
        { STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION },
        { STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
        { STATUS_ACCESS_VIOLATION, ERROR_NOACCESS },
        { STATUS_END_OF_FILE, ERROR_HANDLE_EOF },
        { STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE },
        { STATUS_NO_MORE_FILES, ERROR_NO_MORE_FILES },
        { STATUS_PENDING, ERROR_IO_PENDING },
        { (NTSTATUS)0xC0070005L, ERROR_ACCESS_DENIED },
        { (NTSTATUS)0xC0FFEE01L, ERROR_MR_MID_NOT_FOUND },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ok(RtlNtStatusToDosError(cases[i].status) == cases[i].error, "status 0x%08lx gives %lu (%lu)",
           (unsigned long)cases[i].status, (unsigned long)cases[i].error,
           (unsigned long)RtlNtStatusToDosError(cases[i].status));
}

CONFORMANCE_MAIN(test_basic_information, test_basic_information_of_child, test_query_errors,
                 test_nt_close, test_init_strings, test_status_to_dos_error)
