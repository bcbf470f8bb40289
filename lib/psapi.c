/*
 * psapi.h: process status, read from /proc. A process handle names a pid
 * through GetProcessId, so every process w32shim can open is covered. The
 * same reading answers QueryFullProcessImageName and IsWow64Process.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define PSAPI_VERSION 1 /* the psapi.dll names too, defined here as aliases */
#include <psapi.h>
#include "error.h"
#include "unicode.h"

/* The pid behind a process handle (0, error set, if it is not one). */
static DWORD handle_pid(HANDLE process)
{
    return GetProcessId(process);
}

/* The value in KiB of a "Name:  123 kB" line of /proc/<pid>/status, in bytes. */
static SIZE_T status_bytes(const char *status, const char *name)
{
    const char *line = strstr(status, name);

    return line ? (SIZE_T)strtoull(line + strlen(name), NULL, 10) * 1024 : 0;
}

/* Reads /proc/<pid>/<file> into buf (NUL-terminated); FALSE with the error set. */
static BOOL read_proc(DWORD pid, const char *file, char *buf, size_t size)
{
    char path[64];
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%u/%s", (unsigned)pid, file);
    if (!(f = fopen(path, "re"))) {
        w32_set_error(errno == ENOENT ? ERROR_INVALID_PARAMETER : w32_error_from_errno(errno));
        return FALSE;
    }
    n = fread(buf, 1, size - 1, f);
    buf[n] = '\0';
    fclose(f);
    return TRUE;
}

/* Minor plus major page faults: fields 10 and 12 of /proc/<pid>/stat. */
static DWORD page_faults(DWORD pid)
{
    char stat[1024];
    const char *p;
    unsigned long minflt = 0, majflt = 0;

    if (!read_proc(pid, "stat", stat, sizeof(stat)) || !(p = strrchr(stat, ')')))
        return 0;
    /* After the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt. */
    if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %lu %*u %lu", &minflt, &majflt) != 2)
        return 0;
    return (DWORD)(minflt + majflt);
}

/*
 * The working set is the resident set (VmRSS, peak VmHWM); the page-file
 * usage, Windows' private commit, is the private writable memory (VmData
 * and VmStk); its peak is not kept by Linux, so it is the current value or
 * more. The pool quotas are 0: Linux has no such pools.
 */
BOOL WINAPI K32GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters,
                                    DWORD cb)
{
    PROCESS_MEMORY_COUNTERS_EX counters;
    char status[4096];
    DWORD pid;

    if (cb < sizeof(PROCESS_MEMORY_COUNTERS)) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    if (!ppsmemCounters) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!(pid = handle_pid(Process)) || !read_proc(pid, "status", status, sizeof(status)))
        return FALSE;
    memset(&counters, 0, sizeof(counters));
    counters.cb = cb < sizeof(counters) ? sizeof(PROCESS_MEMORY_COUNTERS) : sizeof(counters);
    counters.PageFaultCount = page_faults(pid);
    counters.WorkingSetSize = status_bytes(status, "\nVmRSS:");
    counters.PeakWorkingSetSize = status_bytes(status, "\nVmHWM:");
    if (counters.PeakWorkingSetSize < counters.WorkingSetSize)
        counters.PeakWorkingSetSize = counters.WorkingSetSize;
    counters.PagefileUsage = status_bytes(status, "\nVmData:") + status_bytes(status, "\nVmStk:");
    counters.PeakPagefileUsage = counters.PagefileUsage;
    counters.PrivateUsage = counters.PagefileUsage;
    memcpy(ppsmemCounters, &counters, counters.cb);
    return TRUE;
}

BOOL WINAPI GetProcessMemoryInfo(HANDLE Process, PPROCESS_MEMORY_COUNTERS ppsmemCounters, DWORD cb)
    __attribute__((alias("K32GetProcessMemoryInfo")));

/* Every numeric entry of /proc, as many as fit; *lpcbNeeded is the bytes stored. */
BOOL WINAPI K32EnumProcesses(DWORD *lpidProcess, DWORD cb, LPDWORD lpcbNeeded)
{
    DIR *dir;
    struct dirent *entry;
    DWORD count = 0, max = cb / sizeof(DWORD);

    if (!lpcbNeeded || (max && !lpidProcess)) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!(dir = opendir("/proc"))) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    while (count < max && (entry = readdir(dir))) {
        char *end;
        unsigned long pid = strtoul(entry->d_name, &end, 10);

        if (isdigit((unsigned char)entry->d_name[0]) && !*end)
            lpidProcess[count++] = (DWORD)pid;
    }
    closedir(dir);
    *lpcbNeeded = count * sizeof(DWORD);
    return TRUE;
}

BOOL WINAPI EnumProcesses(DWORD *lpidProcess, DWORD cb, LPDWORD lpcbNeeded)
    __attribute__((alias("K32EnumProcesses")));

/*
 * The executable of the process behind hProcess, malloc'd; the program's
 * own module or NULL are the only modules a process has here.
 */
static char *process_image(HANDLE hProcess, HMODULE hModule)
{
    char link[64], *path = NULL;
    DWORD pid = handle_pid(hProcess);
    ssize_t n = -1;
    size_t size = 256;

    if (!pid)
        return NULL;
    if (hModule && (pid != GetCurrentProcessId() || hModule != GetModuleHandleA(NULL))) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    snprintf(link, sizeof(link), "/proc/%u/exe", (unsigned)pid);
    for (;;) {
        char *grown = realloc(path, size);

        if (!grown) {
            free(path);
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        path = grown;
        n = readlink(link, path, size);
        if (n < 0) {
            w32_set_error(errno == ENOENT ? ERROR_INVALID_PARAMETER
                                          : w32_error_from_errno(errno));
            free(path);
            return NULL;
        }
        if ((size_t)n < size)
            break;
        size *= 2;
    }
    path[n] = '\0';
    return path;
}

/* Copies name into buf of size units, truncating as psapi does; returns the units stored. */
static DWORD copy_name_a(const char *name, LPSTR buf, DWORD size)
{
    size_t len = strlen(name);

    if (!size) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (len >= size)
        len = size - 1;
    memcpy(buf, name, len);
    buf[len] = '\0';
    return (DWORD)len;
}

static DWORD copy_name_w(const char *name, LPWSTR buf, DWORD size)
{
    WCHAR *wide = w32_name_to_utf16(name);
    size_t len;

    if (!wide) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    if (!size) {
        free(wide);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    for (len = 0; wide[len] && len < size - 1; len++)
        buf[len] = wide[len];
    buf[len] = 0;
    free(wide);
    return (DWORD)len;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

DWORD WINAPI K32GetModuleFileNameExA(HANDLE hProcess, HMODULE hModule, LPSTR lpFilename,
                                     DWORD nSize)
{
    char *path = process_image(hProcess, hModule);
    DWORD n = path ? copy_name_a(path, lpFilename, nSize) : 0;

    free(path);
    return n;
}

DWORD WINAPI K32GetModuleFileNameExW(HANDLE hProcess, HMODULE hModule, LPWSTR lpFilename,
                                     DWORD nSize)
{
    char *path = process_image(hProcess, hModule);
    DWORD n = path ? copy_name_w(path, lpFilename, nSize) : 0;

    free(path);
    return n;
}

DWORD WINAPI K32GetModuleBaseNameA(HANDLE hProcess, HMODULE hModule, LPSTR lpBaseName,
                                   DWORD nSize)
{
    char *path = process_image(hProcess, hModule);
    DWORD n = path ? copy_name_a(base_name(path), lpBaseName, nSize) : 0;

    free(path);
    return n;
}

DWORD WINAPI K32GetModuleBaseNameW(HANDLE hProcess, HMODULE hModule, LPWSTR lpBaseName,
                                   DWORD nSize)
{
    char *path = process_image(hProcess, hModule);
    DWORD n = path ? copy_name_w(base_name(path), lpBaseName, nSize) : 0;

    free(path);
    return n;
}

DWORD WINAPI GetModuleFileNameExA(HANDLE hProcess, HMODULE hModule, LPSTR lpFilename, DWORD nSize)
    __attribute__((alias("K32GetModuleFileNameExA")));
DWORD WINAPI GetModuleFileNameExW(HANDLE hProcess, HMODULE hModule, LPWSTR lpFilename,
                                  DWORD nSize) __attribute__((alias("K32GetModuleFileNameExW")));
DWORD WINAPI GetModuleBaseNameA(HANDLE hProcess, HMODULE hModule, LPSTR lpBaseName, DWORD nSize)
    __attribute__((alias("K32GetModuleBaseNameA")));
DWORD WINAPI GetModuleBaseNameW(HANDLE hProcess, HMODULE hModule, LPWSTR lpBaseName, DWORD nSize)
    __attribute__((alias("K32GetModuleBaseNameW")));

/* ---- processthreadsapi.h, winbase.h, wow64apiset.h: what a process is ---- */

/*
 * PROCESS_NAME_NATIVE asks for the NT device path; Linux has none, so both
 * forms are the POSIX path. Windows' size contract: *size is the length
 * without the NUL on success, and stays as it was on failure.
 */
static char *full_image_name(HANDLE process, DWORD flags, const void *buf, PDWORD size)
{
    if (!size) {
        w32_set_error(ERROR_NOACCESS);
        return NULL;
    }
    if (flags & ~(DWORD)PROCESS_NAME_NATIVE) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!buf) {
        w32_set_error(*size ? ERROR_INVALID_PARAMETER : ERROR_INSUFFICIENT_BUFFER);
        return NULL;
    }
    return process_image(process, NULL);
}

BOOL WINAPI QueryFullProcessImageNameA(HANDLE hProcess, DWORD dwFlags, LPSTR lpExeName,
                                       PDWORD lpdwSize)
{
    char *path = full_image_name(hProcess, dwFlags, lpExeName, lpdwSize);
    size_t len;

    if (!path)
        return FALSE;
    len = strlen(path);
    if (len >= *lpdwSize) {
        free(path);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(lpExeName, path, len + 1);
    free(path);
    *lpdwSize = (DWORD)len;
    return TRUE;
}

BOOL WINAPI QueryFullProcessImageNameW(HANDLE hProcess, DWORD dwFlags, LPWSTR lpExeName,
                                       PDWORD lpdwSize)
{
    char *path = full_image_name(hProcess, dwFlags, lpExeName, lpdwSize);
    WCHAR *wide;
    size_t len;

    if (!path)
        return FALSE;
    wide = w32_name_to_utf16(path);
    free(path);
    if (!wide) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    for (len = 0; wide[len]; len++)
        ;
    if (len >= *lpdwSize) {
        free(wide);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(lpExeName, wide, (len + 1) * sizeof(WCHAR));
    free(wide);
    *lpdwSize = (DWORD)len;
    return TRUE;
}

/* The machine every process here runs on natively: none runs under WOW64. */
static USHORT native_machine(void)
{
#if defined(__aarch64__)
    return IMAGE_FILE_MACHINE_ARM64;
#elif defined(__x86_64__)
    return IMAGE_FILE_MACHINE_AMD64;
#elif defined(__i386__)
    return IMAGE_FILE_MACHINE_I386;
#else
    return IMAGE_FILE_MACHINE_UNKNOWN;
#endif
}

BOOL WINAPI IsWow64Process(HANDLE hProcess, PBOOL Wow64Process)
{
    if (!handle_pid(hProcess))
        return FALSE;
    if (!Wow64Process) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *Wow64Process = FALSE;
    return TRUE;
}

BOOL WINAPI IsWow64Process2(HANDLE hProcess, USHORT *pProcessMachine, USHORT *pNativeMachine)
{
    if (!handle_pid(hProcess))
        return FALSE;
    if (!pProcessMachine) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *pProcessMachine = IMAGE_FILE_MACHINE_UNKNOWN;
    if (pNativeMachine)
        *pNativeMachine = native_machine();
    return TRUE;
}
