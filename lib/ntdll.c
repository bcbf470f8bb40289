/*
 * winternl.h: the few ntdll functions ported user-mode code calls. They
 * return NTSTATUS values and leave the last error alone, as ntdll's do.
 */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <ntstatus.h>
#include "error.h"

/* The parent of pid, from field 4 of /proc/<pid>/stat; 0 if it is gone. */
static ULONG_PTR parent_pid(DWORD pid)
{
    char path[64], stat[1024];
    const char *p;
    unsigned long ppid = 0;
    FILE *f;
    size_t n;

    if (pid == GetCurrentProcessId())
        return (ULONG_PTR)getppid();
    snprintf(path, sizeof(path), "/proc/%u/stat", (unsigned)pid);
    if (!(f = fopen(path, "re")))
        return 0;
    n = fread(stat, 1, sizeof(stat) - 1, f);
    fclose(f);
    stat[n] = '\0';
    if ((p = strrchr(stat, ')')) && sscanf(p + 1, " %*c %lu", &ppid) == 1)
        return (ULONG_PTR)ppid;
    return 0;
}

/* The first processors pid may run on, as a mask of at most 64. */
static ULONG_PTR affinity_mask(DWORD pid)
{
    cpu_set_t set;
    ULONG_PTR mask = 0;

    if (sched_getaffinity((pid_t)pid, sizeof(set), &set) != 0)
        return 0;
    for (unsigned cpu = 0; cpu < sizeof(mask) * 8; cpu++)
        if (CPU_ISSET(cpu, &set))
            mask |= (ULONG_PTR)1 << cpu;
    return mask;
}

/* Whether a tracer (a debugger) is attached to pid: TracerPid in its status. */
static BOOL is_traced(DWORD pid)
{
    char path[64], line[256];
    long tracer = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%u/status", (unsigned)pid);
    if (!(f = fopen(path, "re")))
        return FALSE;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "TracerPid: %ld", &tracer) == 1)
            break;
    fclose(f);
    return tracer != 0;
}

static NTSTATUS basic_information(HANDLE process, DWORD pid, PROCESS_BASIC_INFORMATION *pbi)
{
    DWORD code = STILL_ACTIVE;

    GetExitCodeProcess(process, &code);
    memset(pbi, 0, sizeof(*pbi));
    pbi->ExitStatus = (NTSTATUS)code;
    pbi->AffinityMask = affinity_mask(pid);
    pbi->BasePriority = 8;
    pbi->UniqueProcessId = pid;
    pbi->InheritedFromUniqueProcessId = parent_pid(pid);
    return STATUS_SUCCESS;
}

/*
 * The length must be exactly the class's size, or STATUS_INFO_LENGTH_MISMATCH
 * (with *ReturnLength the size needed); that is checked before the handle.
 */
NTSTATUS NTAPI NtQueryInformationProcess(HANDLE ProcessHandle,
                                         PROCESSINFOCLASS ProcessInformationClass,
                                         PVOID ProcessInformation, ULONG ProcessInformationLength,
                                         PULONG ReturnLength)
{
    DWORD error = w32_last_error, pid;
    ULONG size;

    switch (ProcessInformationClass) {
    case ProcessBasicInformation:
        size = sizeof(PROCESS_BASIC_INFORMATION);
        break;
    case ProcessDebugPort:
    case ProcessWow64Information:
        size = sizeof(ULONG_PTR);
        break;
    default:
        return STATUS_NOT_IMPLEMENTED;
    }
    if (ReturnLength)
        *ReturnLength = size;
    if (ProcessInformationLength != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!ProcessInformation)
        return STATUS_ACCESS_VIOLATION;
    pid = GetProcessId(ProcessHandle);
    w32_set_error(error);
    if (!pid)
        return STATUS_INVALID_HANDLE;
    switch (ProcessInformationClass) {
    case ProcessBasicInformation:
        return basic_information(ProcessHandle, pid, ProcessInformation);
    case ProcessDebugPort:
        *(ULONG_PTR *)ProcessInformation = is_traced(pid) ? ~(ULONG_PTR)0 : 0;
        return STATUS_SUCCESS;
    default:
        /* A native process of the machine's own architecture: not WOW64. */
        *(ULONG_PTR *)ProcessInformation = 0;
        return STATUS_SUCCESS;
    }
}

NTSTATUS NTAPI NtClose(HANDLE Handle)
{
    DWORD error = w32_last_error;
    BOOL closed = CloseHandle(Handle);

    w32_set_error(error);
    return closed ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

/* Lengths are in bytes and capped so that they and the terminator fit a USHORT. */
void NTAPI RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    size_t len = 0;

    if (SourceString)
        while (SourceString[len])
            len++;
    if (len > 0xfffc / sizeof(WCHAR))
        len = 0xfffc / sizeof(WCHAR);
    DestinationString->Length = (USHORT)(len * sizeof(WCHAR));
    DestinationString->MaximumLength = SourceString ? (USHORT)((len + 1) * sizeof(WCHAR)) : 0;
    DestinationString->Buffer = (PWSTR)SourceString;
}

void NTAPI RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString)
{
    size_t len = SourceString ? strlen(SourceString) : 0;

    if (len > 0xfffe)
        len = 0xfffe;
    DestinationString->Length = (USHORT)len;
    DestinationString->MaximumLength = SourceString ? (USHORT)(len + 1) : 0;
    DestinationString->Buffer = (PCHAR)SourceString;
}

/*
 * NT status codes and the Win32 errors they stand for. An error comes back
 * as the first status that gives it (w32_ntstatus_from_error), so each
 * error's own status comes before the others that map to it.
 */
static const struct {
    NTSTATUS status;
    ULONG error;
} status_map[] = {
    { STATUS_SUCCESS, ERROR_SUCCESS },
    { (NTSTATUS)STATUS_PENDING, ERROR_IO_PENDING },
    { STATUS_NOTIFY_ENUM_DIR, ERROR_NOTIFY_ENUM_DIR },
    { STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA },
    { STATUS_NO_MORE_FILES, ERROR_NO_MORE_FILES },
    { STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE },
    { STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION },
    { STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION },
    { STATUS_INFO_LENGTH_MISMATCH, ERROR_BAD_LENGTH },
    { STATUS_ACCESS_VIOLATION, ERROR_NOACCESS },
    { STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE },
    { STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER },
    { STATUS_INVALID_INFO_CLASS, ERROR_INVALID_PARAMETER },
    { STATUS_NO_SUCH_FILE, ERROR_FILE_NOT_FOUND },
    { STATUS_END_OF_FILE, ERROR_HANDLE_EOF },
    { STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY },
    { STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED },
    { STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER },
    { STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE },
    { STATUS_OBJECT_NAME_INVALID, ERROR_INVALID_NAME },
    { STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND },
    { STATUS_OBJECT_NAME_COLLISION, ERROR_ALREADY_EXISTS },
    { STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND },
    { STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION },
    { STATUS_DELETE_PENDING, ERROR_ACCESS_DENIED },
    { STATUS_DISK_FULL, ERROR_DISK_FULL },
    { STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES },
    { STATUS_PIPE_DISCONNECTED, ERROR_PIPE_NOT_CONNECTED },
    { STATUS_PIPE_CLOSING, ERROR_NO_DATA },
    { STATUS_PIPE_CONNECTED, ERROR_PIPE_CONNECTED },
    { STATUS_PIPE_LISTENING, ERROR_PIPE_LISTENING },
    { STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED },
    { STATUS_PIPE_EMPTY, ERROR_NO_DATA },
    { STATUS_INVALID_USER_BUFFER, ERROR_INVALID_USER_BUFFER },
    { STATUS_CANCELLED, ERROR_OPERATION_ABORTED },
    { STATUS_PIPE_BROKEN, ERROR_BROKEN_PIPE },
    { STATUS_NOT_FOUND, ERROR_NOT_FOUND },
};

/* An error the table lacks travels as a FACILITY_NTWIN32 status, which gives it back. */
DWORD w32_ntstatus_from_error(DWORD error)
{
    for (size_t i = 0; i < sizeof(status_map) / sizeof(status_map[0]); i++)
        if (status_map[i].error == error)
            return (DWORD)status_map[i].status;
    return 0xc0070000u | (error & 0xffff);
}

/* A status this table lacks gives ERROR_MR_MID_NOT_FOUND, as Windows' gives for unknown codes. */
ULONG NTAPI RtlNtStatusToDosError(NTSTATUS Status)
{
    if (((ULONG)Status & 0xffff0000) == 0xc0070000 || ((ULONG)Status & 0xffff0000) == 0x80070000)
        return (ULONG)Status & 0xffff;
    for (size_t i = 0; i < sizeof(status_map) / sizeof(status_map[0]); i++)
        if (status_map[i].status == Status)
            return status_map[i].error;
    return ERROR_MR_MID_NOT_FOUND;
}
