/*
 * The directories Windows names for a program: the Windows directory, the
 * system directory and the temporary one. A ported program sees POSIX
 * directories that exist on every Linux system and never change while it
 * runs: /usr is the Windows directory (the operating system's files,
 * read-only for users, as C:\Windows is), /usr/lib the system directory
 * (the system's libraries, as C:\Windows\System32 holds Windows' DLLs).
 */
#include <string.h>
#include <windows.h>

#define WINDOWS_DIRECTORY "/usr"
#define SYSTEM_DIRECTORY "/usr/lib"

/* The Get*Directory buffer contract: the length without the NUL when dir
 * fits, else the size needed with it and the buffer untouched. */
static UINT put_dir_a(const char *dir, LPSTR buf, UINT size)
{
    size_t len = strlen(dir);

    if (!buf || size <= len)
        return (UINT)len + 1;
    memcpy(buf, dir, len + 1);
    return (UINT)len;
}

/* As put_dir_a; the directories are ASCII, one UTF-16 unit per byte. */
static UINT put_dir_w(const char *dir, LPWSTR buf, UINT size)
{
    size_t len = strlen(dir);

    if (!buf || size <= len)
        return (UINT)len + 1;
    for (size_t i = 0; i <= len; i++)
        buf[i] = (WCHAR)dir[i];
    return (UINT)len;
}

UINT WINAPI GetWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return put_dir_a(WINDOWS_DIRECTORY, lpBuffer, uSize);
}

UINT WINAPI GetWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return put_dir_w(WINDOWS_DIRECTORY, lpBuffer, uSize);
}

/* Every user shares the one Windows directory: there is no per-user one. */
UINT WINAPI GetSystemWindowsDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return put_dir_a(WINDOWS_DIRECTORY, lpBuffer, uSize);
}

UINT WINAPI GetSystemWindowsDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return put_dir_w(WINDOWS_DIRECTORY, lpBuffer, uSize);
}

UINT WINAPI GetSystemDirectoryA(LPSTR lpBuffer, UINT uSize)
{
    return put_dir_a(SYSTEM_DIRECTORY, lpBuffer, uSize);
}

UINT WINAPI GetSystemDirectoryW(LPWSTR lpBuffer, UINT uSize)
{
    return put_dir_w(SYSTEM_DIRECTORY, lpBuffer, uSize);
}

/* Windows gives SYSTEM processes a private directory; no process is SYSTEM here. */
DWORD WINAPI GetTempPath2A(DWORD BufferLength, LPSTR Buffer)
{
    return GetTempPathA(BufferLength, Buffer);
}

DWORD WINAPI GetTempPath2W(DWORD BufferLength, LPWSTR Buffer)
{
    return GetTempPathW(BufferLength, Buffer);
}
