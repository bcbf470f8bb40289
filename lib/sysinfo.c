/*
 * sysinfoapi.h, winbase.h, debugapi.h: what the machine and the program run
 * as: memory (GlobalMemoryStatusEx), the Windows version a program is told,
 * the computer's and the user's names, and the debugger.
 */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "error.h"
#include "unicode.h"

/* ---- memory ---- */

/* A field of /proc/meminfo in bytes; -1 if absent. */
static long long meminfo(const char *field)
{
    FILE *f = fopen("/proc/meminfo", "re");
    size_t len = strlen(field);
    char line[256];
    long long kib = -1;

    if (!f)
        return -1;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, field, len) && line[len] == ':') {
            kib = strtoll(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kib < 0 ? -1 : kib * 1024;
}

/* The bytes of address space this process has mapped (/proc/self/statm's size). */
static unsigned long long mapped_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "re");
    unsigned long long pages = 0;

    if (f) {
        if (fscanf(f, "%llu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* The user address range of GetSystemInfo: 64 KiB to just below 2^47. */
#define USER_SPACE ((1ull << 47) - 0x10000 - 0x10000)

/*
 * Physical memory is the machine's, available memory the kernel's estimate
 * of what can be had without swapping (MemAvailable); the page file is
 * memory plus swap, the commit limit Windows reports. Virtual memory is the
 * user address range GetSystemInfo reports, less what the process maps.
 */
BOOL WINAPI GlobalMemoryStatusEx(LPMEMORYSTATUSEX lpBuffer)
{
    struct sysinfo si;
    unsigned long long unit, total, avail, swap_total, swap_free, used;
    long long available;

    if (!lpBuffer) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (lpBuffer->dwLength != sizeof(*lpBuffer)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (sysinfo(&si) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    unit = si.mem_unit ? si.mem_unit : 1;
    total = si.totalram * unit;
    available = meminfo("MemAvailable");
    avail = available >= 0 ? (unsigned long long)available : (si.freeram + si.bufferram) * unit;
    if (avail > total)
        avail = total;
    swap_total = si.totalswap * unit;
    swap_free = si.freeswap * unit;
    used = mapped_bytes();
    lpBuffer->dwMemoryLoad = total ? (DWORD)((total - avail) * 100 / total) : 0;
    lpBuffer->ullTotalPhys = total;
    lpBuffer->ullAvailPhys = avail;
    lpBuffer->ullTotalPageFile = total + swap_total;
    lpBuffer->ullAvailPageFile = avail + swap_free;
    lpBuffer->ullTotalVirtual = USER_SPACE;
    lpBuffer->ullAvailVirtual = used < USER_SPACE ? USER_SPACE - used : 0;
    lpBuffer->ullAvailExtendedVirtual = 0;
    return TRUE;
}

/* ---- the version ---- */

/*
 * Windows tells a program without a compatibility manifest that it runs on
 * Windows 8 (6.2, build 9200), whatever the real version; a program built
 * with w32shim has no manifest, so that is its answer too.
 */
#define VERSION_MAJOR 6
#define VERSION_MINOR 2
#define VERSION_BUILD 9200

/*
 * The body of GetVersionExA and GetVersionExW, whose structures differ only
 * in the width of szCSDVersion: dwOSVersionInfoSize must be the size of the
 * plain or the Ex structure; the Ex fields are filled for the Ex size.
 */
#define FILL_VERSION(info, plain_type, ex_type) \
    do { \
        ex_type *ex_ = (ex_type *)(info); \
        if (!ex_) { \
            w32_set_error(ERROR_NOACCESS); \
            return FALSE; \
        } \
        if (ex_->dwOSVersionInfoSize != sizeof(plain_type) && \
            ex_->dwOSVersionInfoSize != sizeof(ex_type)) { \
            w32_set_error(ERROR_INSUFFICIENT_BUFFER); \
            return FALSE; \
        } \
        ex_->dwMajorVersion = VERSION_MAJOR; \
        ex_->dwMinorVersion = VERSION_MINOR; \
        ex_->dwBuildNumber = VERSION_BUILD; \
        ex_->dwPlatformId = VER_PLATFORM_WIN32_NT; \
        memset(ex_->szCSDVersion, 0, sizeof(ex_->szCSDVersion)); \
        if (ex_->dwOSVersionInfoSize == sizeof(ex_type)) { \
            ex_->wServicePackMajor = ex_->wServicePackMinor = 0; \
            ex_->wSuiteMask = VER_SUITE_SINGLEUSERTS; \
            ex_->wProductType = VER_NT_WORKSTATION; \
            ex_->wReserved = 0; \
        } \
        return TRUE; \
    } while (0)

BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation)
{
    FILL_VERSION(lpVersionInformation, OSVERSIONINFOA, OSVERSIONINFOEXA);
}

BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW lpVersionInformation)
{
    FILL_VERSION(lpVersionInformation, OSVERSIONINFOW, OSVERSIONINFOEXW);
}

/* The major version in the low byte, the minor in the next, the build in the high word. */
DWORD WINAPI GetVersion(void)
{
    return (DWORD)VERSION_MAJOR | (DWORD)VERSION_MINOR << 8 | (DWORD)VERSION_BUILD << 16;
}

/* ---- names ---- */

/* The result of a name function: *size is in characters. */
enum name_protocol {
    NAME_COMPUTER,      /* success: the length without the NUL; short: the size with it */
    NAME_USER,          /* success and short: the size with the NUL */
};

/* Copies the UTF-8 name into an A or W buffer of *size characters. */
static BOOL put_name(const char *name, bool wide, void *buf, LPDWORD size,
                     enum name_protocol protocol, DWORD short_error)
{
    size_t len = wide ? w32_utf8_to_utf16n(name, strlen(name), NULL) : strlen(name);

    if (!size) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!buf || *size < len + 1) {
        *size = (DWORD)len + 1;
        w32_set_error(short_error);
        return FALSE;
    }
    if (wide) {
        w32_utf8_to_utf16n(name, strlen(name), buf);
        ((WCHAR *)buf)[len] = 0;
    } else {
        memcpy(buf, name, len + 1);
    }
    *size = (DWORD)len + (protocol == NAME_USER);
    return TRUE;
}

/* The host name, and the domain after its first dot (empty without). */
static void host_names(char *host, size_t size, const char **domain)
{
    char *dot;

    if (gethostname(host, size - 1) != 0)
        strcpy(host, "localhost");
    host[size - 1] = 0;
    dot = strchr(host, '.');
    *domain = "";
    if (dot) {
        *dot = 0;
        *domain = dot + 1;
    }
}

/* The NetBIOS name: the host name's first label, upper-case, at most 15 characters. */
static void netbios_name(char *out)
{
    char host[256];
    const char *domain;
    size_t i;

    host_names(host, sizeof(host), &domain);
    for (i = 0; host[i] && i < MAX_COMPUTERNAME_LENGTH; i++)
        out[i] = (host[i] >= 'a' && host[i] <= 'z') ? (char)(host[i] - 'a' + 'A') : host[i];
    out[i] = 0;
}

/* The name of type into out (COMPUTER_NAME_SIZE bytes); FALSE for a type that is none. */
#define COMPUTER_NAME_SIZE 520
static BOOL computer_name(COMPUTER_NAME_FORMAT type, char *out)
{
    char host[256];
    const char *domain;

    host_names(host, sizeof(host), &domain);
    switch (type) {
    case ComputerNameNetBIOS:
    case ComputerNamePhysicalNetBIOS:
        netbios_name(out);
        return TRUE;
    case ComputerNameDnsHostname:
    case ComputerNamePhysicalDnsHostname:
        snprintf(out, COMPUTER_NAME_SIZE, "%s", host);
        return TRUE;
    case ComputerNameDnsDomain:
    case ComputerNamePhysicalDnsDomain:
        snprintf(out, COMPUTER_NAME_SIZE, "%s", domain);
        return TRUE;
    case ComputerNameDnsFullyQualified:
    case ComputerNamePhysicalDnsFullyQualified:
        snprintf(out, COMPUTER_NAME_SIZE, "%s%s%s", host, *domain ? "." : "", domain);
        return TRUE;
    default:
        return FALSE;
    }
}

static BOOL get_computer_name(bool wide, void *buf, LPDWORD size)
{
    char name[MAX_COMPUTERNAME_LENGTH + 1];

    netbios_name(name);
    return put_name(name, wide, buf, size, NAME_COMPUTER, ERROR_BUFFER_OVERFLOW);
}

BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize)
{
    return get_computer_name(false, lpBuffer, nSize);
}

BOOL WINAPI GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize)
{
    return get_computer_name(true, lpBuffer, nSize);
}

static BOOL get_computer_name_ex(COMPUTER_NAME_FORMAT type, bool wide, void *buf, LPDWORD size)
{
    char name[COMPUTER_NAME_SIZE];

    if (!computer_name(type, name)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return put_name(name, wide, buf, size, NAME_COMPUTER, ERROR_MORE_DATA);
}

BOOL WINAPI GetComputerNameExA(COMPUTER_NAME_FORMAT NameType, LPSTR lpBuffer, LPDWORD nSize)
{
    return get_computer_name_ex(NameType, false, lpBuffer, nSize);
}

BOOL WINAPI GetComputerNameExW(COMPUTER_NAME_FORMAT NameType, LPWSTR lpBuffer, LPDWORD nSize)
{
    return get_computer_name_ex(NameType, true, lpBuffer, nSize);
}

/* The login name of the effective user; its number if the user database has none. */
static BOOL get_user_name(bool wide, void *buf, LPDWORD size)
{
    struct passwd pw, *found = NULL;
    char scratch[4096], name[64];
    const char *user;

    if (getpwuid_r(geteuid(), &pw, scratch, sizeof(scratch), &found) == 0 && found)
        user = found->pw_name;
    else {
        snprintf(name, sizeof(name), "%u", (unsigned)geteuid());
        user = name;
    }
    return put_name(user, wide, buf, size, NAME_USER, ERROR_INSUFFICIENT_BUFFER);
}

BOOL WINAPI GetUserNameA(LPSTR lpBuffer, LPDWORD pcbBuffer)
{
    return get_user_name(false, lpBuffer, pcbBuffer);
}

BOOL WINAPI GetUserNameW(LPWSTR lpBuffer, LPDWORD pcbBuffer)
{
    return get_user_name(true, lpBuffer, pcbBuffer);
}

/* ---- the debugger ---- */

/* Whether a tracer (a debugger such as gdb) is attached: /proc/self/status's TracerPid. */
BOOL WINAPI IsDebuggerPresent(void)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[128];
    long tracer = 0;

    if (!f)
        return FALSE;
    while (fgets(line, sizeof(line), f))
        if (!strncmp(line, "TracerPid:", 10)) {
            tracer = strtol(line + 10, NULL, 10);
            break;
        }
    fclose(f);
    return tracer != 0;
}

/* A breakpoint: SIGTRAP, which a debugger catches and which otherwise ends
 * the process, as an unhandled EXCEPTION_BREAKPOINT does. */
void WINAPI DebugBreak(void)
{
    raise(SIGTRAP);
}

/*
 * Windows hands the string to an attached debugger and otherwise drops it.
 * No debugger here listens for it, so it is dropped; a debugger can break on
 * this function to see it.
 */
void WINAPI OutputDebugStringA(LPCSTR lpOutputString)
{
    (void)lpOutputString;
}

void WINAPI OutputDebugStringW(LPCWSTR lpOutputString)
{
    (void)lpOutputString;
}
