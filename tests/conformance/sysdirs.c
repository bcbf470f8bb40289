/*
 * Conformance: the Windows, system and temporary directories a program is
 * told about. Sources: MS docs of GetWindowsDirectory, GetSystemDirectory,
 * GetSystemWindowsDirectory and GetTempPath2; Wine's
 * dlls/kernel32/tests/directory.c (the buffer contract: a short buffer is
 * left alone and the size with the NUL comes back).
 */
#include "conformance.h"

typedef UINT(WINAPI *dir_a_fn)(LPSTR, UINT);
typedef UINT(WINAPI *dir_w_fn)(LPWSTR, UINT);

static void check_dir_a(const char *what, dir_a_fn get)
{
    char buf[MAX_PATH], again[MAX_PATH];
    UINT need, n;
    DWORD attrs;

    SetLastError(0xdeadbeef);
    need = get(NULL, 0);
    ok(need > 1 && need <= MAX_PATH, "%s: the size with the NUL, %u", what, need);
    ok(GetLastError() == 0xdeadbeef, "%s: no error for a size query", what);
    strcpy(buf, "foo");
    ok(get(buf, 1) == need && strcmp(buf, "foo") == 0, "%s: one char: the size, buffer kept",
       what);
    ok(get(buf, need - 1) == need && strcmp(buf, "foo") == 0,
       "%s: one char short: the size, buffer kept", what);
    n = get(buf, need);
    ok(n == need - 1 && strlen(buf) == n, "%s: the length without the NUL, %u", what, n);
    ok(buf[n - 1] != '\\' && buf[n - 1] != '/', "%s: no trailing separator: %s", what, buf);
    attrs = GetFileAttributesA(buf);
    ok(attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_DIRECTORY),
       "%s: %s is a directory", what, buf);
    ok(get(again, MAX_PATH) == n && strcmp(again, buf) == 0, "%s: the same each time", what);
}

static void check_dir_w(const char *what, dir_a_fn get_a, dir_w_fn get_w)
{
    char narrow[MAX_PATH];
    WCHAR buf[MAX_PATH];
    UINT need = get_a(narrow, MAX_PATH) + 1, n;

    ok(get_w(NULL, 0) == need, "%s W: the size with the NUL", what);
    buf[0] = 'x';
    ok(get_w(buf, need - 1) == need && buf[0] == 'x', "%s W: short: the size, buffer kept",
       what);
    n = get_w(buf, need);
    ok(n == need - 1 && buf[n] == 0, "%s W: the length without the NUL", what);
    for (UINT i = 0; i < n; i++)
        if (buf[i] != (WCHAR)(BYTE)narrow[i]) {
            ok(0, "%s W: differs from A at %u", what, i);
            return;
        }
    ok(1, "%s W: the A form's directory", what);
}

static void test_GetWindowsDirectory(void)
{
    check_dir_a("GetWindowsDirectoryA", GetWindowsDirectoryA);
    check_dir_w("GetWindowsDirectory", GetWindowsDirectoryA, GetWindowsDirectoryW);
}

static void test_GetSystemWindowsDirectory(void)
{
    char windows[MAX_PATH], system_windows[MAX_PATH];

    check_dir_a("GetSystemWindowsDirectoryA", GetSystemWindowsDirectoryA);
    check_dir_w("GetSystemWindowsDirectory", GetSystemWindowsDirectoryA,
                GetSystemWindowsDirectoryW);
    GetWindowsDirectoryA(windows, MAX_PATH);
    GetSystemWindowsDirectoryA(system_windows, MAX_PATH);
    ok(strcmp(windows, system_windows) == 0,
       "one Windows directory for every user: %s, %s", windows, system_windows);
}

static void test_GetSystemDirectory(void)
{
    char windows[MAX_PATH], system[MAX_PATH];
    size_t n;

    check_dir_a("GetSystemDirectoryA", GetSystemDirectoryA);
    check_dir_w("GetSystemDirectory", GetSystemDirectoryA, GetSystemDirectoryW);
    n = GetWindowsDirectoryA(windows, MAX_PATH);
    GetSystemDirectoryA(system, MAX_PATH);
    ok(strncmp(system, windows, n) == 0 && (system[n] == '\\' || system[n] == '/'),
       "the system directory is in the Windows directory: %s, %s", system, windows);
}

typedef DWORD(WINAPI *temp_a_fn)(DWORD, LPSTR);
typedef DWORD(WINAPI *temp_w_fn)(DWORD, LPWSTR);

/* GetTempPath2 came with Windows 11; Wine 8 does not have it. */
static void test_GetTempPath2(void)
{
    HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
    temp_a_fn get_a = (temp_a_fn)(void (*)(void))GetProcAddress(kernel32, "GetTempPath2A");
    temp_w_fn get_w = (temp_w_fn)(void (*)(void))GetProcAddress(kernel32, "GetTempPath2W");
    char path[MAX_PATH + 1], path2[MAX_PATH + 1];
    WCHAR wpath[MAX_PATH + 1], wpath2[MAX_PATH + 1];
    DWORD need, n;

    ok(!running_on_w32shim() || (get_a && get_w), "w32shim has GetTempPath2A and W");
    if (!get_a || !get_w)
        return;
    n = GetTempPathA(sizeof(path), path);
    SetLastError(0xdeadbeef);
    need = get_a(0, NULL);
    ok(need == n + 1 && GetLastError() == 0xdeadbeef, "A: the size with the NUL, %lu",
       (unsigned long)need);
    strcpy(path2, "foo");
    ok(get_a(n, path2) == need && strcmp(path2, "foo") == 0, "A: short: the size, buffer kept");
    ok(get_a(sizeof(path2), path2) == n && strcmp(path, path2) == 0,
       "A: GetTempPath's directory for a process that is not SYSTEM: %s", path2);
    n = GetTempPathW(MAX_PATH + 1, wpath);
    ok(get_w(0, NULL) == n + 1, "W: the size with the NUL");
    ok(get_w(MAX_PATH + 1, wpath2) == n && memcmp(wpath, wpath2, (n + 1) * sizeof(WCHAR)) == 0,
       "W: GetTempPathW's directory");
}

CONFORMANCE_MAIN(test_GetWindowsDirectory, test_GetSystemWindowsDirectory,
                 test_GetSystemDirectory, test_GetTempPath2)
