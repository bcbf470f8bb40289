/* Conformance: modules (GetModuleHandle, GetModuleFileName, GetProcAddress, LoadLibrary). */
#include "conformance.h"

#define NO_SUCH_DLL "w32shim_no_such_library.dll"
#define NO_SUCH_DLL_W W("w32shim_no_such_library.dll")
#define BAD_MODULE ((HMODULE)(ULONG_PTR)0x12340000)

static void test_module_handle(void)
{
    HMODULE self;

    SetLastError(0xdeadbeef);
    self = GetModuleHandleA(NULL);
    ok(self != NULL, "GetModuleHandleA(NULL) is the program");
    ok(GetModuleHandleW(NULL) == self, "GetModuleHandleW(NULL) is the same module");
    SetLastError(0xdeadbeef);
    ok(GetModuleHandleA(NO_SUCH_DLL) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "an unloaded module is not found");
    SetLastError(0xdeadbeef);
    ok(GetModuleHandleW(NO_SUCH_DLL_W) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "an unloaded module is not found (W)");
    {
        char path[MAX_PATH];
        const char *base = path;

        GetModuleFileNameA(NULL, path, sizeof(path));
        for (const char *p = path; *p; p++)
            if (*p == '\\' || *p == '/')
                base = p + 1;
        ok(GetModuleHandleA(path) == self, "the program's path names it");
        ok(GetModuleHandleA(base) == self, "the program's file name names it");
    }
    ok(GetModuleHandleA("kernel32.dll") != NULL, "kernel32 is loaded");
}

static void test_module_file_name(void)
{
    char buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    DWORD len, wlen;

    memset(buf, '-', sizeof(buf));
    SetLastError(0xdeadbeef);
    len = GetModuleFileNameA(NULL, buf, sizeof(buf));
    ok(len > 0 && len < sizeof(buf) && len == strlen(buf), "the length excludes the NUL");
    ok(GetLastError() == ERROR_SUCCESS, "success clears the last error");
    ok(GetModuleFileNameA(GetModuleHandleA(NULL), buf, sizeof(buf)) == len,
       "the program's handle names the same file");
    SetLastError(0xdeadbeef);
    wlen = GetModuleFileNameW(NULL, wbuf, MAX_PATH);
    ok(wlen == len && wbuf[wlen] == 0, "the W form has the same length");
    ok(GetLastError() == ERROR_SUCCESS, "success clears the last error (W)");
}

static void test_module_file_name_small_buffer(void)
{
    char full[MAX_PATH], buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    DWORD len = GetModuleFileNameA(NULL, full, sizeof(full));

    memset(buf, '-', sizeof(buf));
    SetLastError(0xdeadbeef);
    ok(GetModuleFileNameA(NULL, buf, 5) == 5, "a short buffer returns its size");
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "with ERROR_INSUFFICIENT_BUFFER");
    ok(memcmp(buf, full, 4) == 0, "the name is truncated");
    /* Windows XP and Wine do not terminate; Vista and later do (documented). */
    todo_wine_ok(buf[4] == '\0', "the truncated name is terminated");
    ok(buf[5] == '-', "nothing is written past the buffer");
    memset(wbuf, 0x2d, sizeof(wbuf));
    SetLastError(0xdeadbeef);
    ok(GetModuleFileNameW(NULL, wbuf, 5) == 5 && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "a short buffer returns its size (W)");
    todo_wine_ok(wbuf[4] == 0, "the truncated name is terminated (W)");
    ok(wbuf[5] == 0x2d2d, "nothing is written past the buffer (W)");
    SetLastError(0xdeadbeef);
    ok(GetModuleFileNameA(NULL, buf, 0) == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
       "a zero-size buffer fails with ERROR_INSUFFICIENT_BUFFER");
    ok(len > 5, "the name is longer than the short buffer");
}

static void test_module_file_name_bad_module(void)
{
    char buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];

    buf[0] = '*';
    SetLastError(0xdeadbeef);
    ok(GetModuleFileNameA(BAD_MODULE, buf, sizeof(buf)) == 0 &&
       GetLastError() == ERROR_MOD_NOT_FOUND, "an unknown module fails with ERROR_MOD_NOT_FOUND");
    ok(buf[0] == '*', "the buffer is not written");
    wbuf[0] = '*';
    SetLastError(0xdeadbeef);
    ok(GetModuleFileNameW(BAD_MODULE, wbuf, MAX_PATH) == 0 &&
       GetLastError() == ERROR_MOD_NOT_FOUND, "an unknown module fails (W)");
    ok(wbuf[0] == '*', "the buffer is not written (W)");
}

static void test_proc_address(void)
{
    HMODULE self = GetModuleHandleA(NULL);

    SetLastError(0xdeadbeef);
    ok(GetProcAddress(self, "w32shim_no_such_function") == NULL &&
       GetLastError() == ERROR_PROC_NOT_FOUND, "an unknown name fails with ERROR_PROC_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(GetProcAddress(NULL, "w32shim_no_such_function") == NULL &&
       GetLastError() == ERROR_PROC_NOT_FOUND, "a NULL module is the program");
    SetLastError(0xdeadbeef);
    ok(GetProcAddress(self, (LPCSTR)(ULONG_PTR)5) == NULL &&
       GetLastError() == ERROR_PROC_NOT_FOUND, "an unknown ordinal fails");
    /* Windows' program exports nothing; w32shim's exports w32shim's API (documented). */
    todo_w32shim_ok(GetProcAddress(self, "GetModuleFileNameA") == NULL,
                    "the program does not export GetModuleFileNameA");
}

static void test_load_library(void)
{
    SetLastError(0xdeadbeef);
    ok(LoadLibraryA(NO_SUCH_DLL) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "LoadLibraryA of a missing DLL fails with ERROR_MOD_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(LoadLibraryW(NO_SUCH_DLL_W) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "LoadLibraryW of a missing DLL fails");
    SetLastError(0xdeadbeef);
    ok(LoadLibraryExA(NO_SUCH_DLL, NULL, 0) == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "LoadLibraryExA of a missing DLL fails");
    SetLastError(0xdeadbeef);
    ok(LoadLibraryExW(NO_SUCH_DLL_W, NULL, 0) == NULL &&
       GetLastError() == ERROR_MOD_NOT_FOUND,
       "LoadLibraryExW of a missing DLL fails");
}

static void test_free_library(void)
{
    SetLastError(0xdeadbeef);
    ok(FreeLibrary(GetModuleHandleA(NULL)), "freeing the program succeeds");
    ok(GetModuleHandleA(NULL) != NULL, "and the program stays");
    SetLastError(0xdeadbeef);
    ok(!FreeLibrary(NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "FreeLibrary(NULL) fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!FreeLibrary(BAD_MODULE) && GetLastError() == ERROR_MOD_NOT_FOUND,
       "an unknown module fails with ERROR_MOD_NOT_FOUND");
}

/* What ported code probes: kernel32 and ntdll under any spelling, and their functions. */
static void test_system_modules(void)
{
    typedef DWORD(WINAPI * pid_fn)(void);
    HMODULE k32 = GetModuleHandleA("kernel32.dll"), ntdll = GetModuleHandleA("ntdll.dll");
    pid_fn pid;

    ok(k32 && k32 != GetModuleHandleA(NULL), "kernel32 is a module of its own");
    ok(GetModuleHandleA("KERNEL32") == k32 && GetModuleHandleW(W("Kernel32.Dll")) == k32,
       "in any case, with or without .dll");
    ok(ntdll && ntdll != k32, "ntdll is another");
    ok(GetModuleHandleA("kernelbase.dll") != NULL, "kernelbase is loaded");
    ok(LoadLibraryA("kernel32.dll") == k32 && FreeLibrary(k32), "LoadLibrary gives the same");
    pid = (pid_fn)(void (*)(void))GetProcAddress(k32, "GetCurrentProcessId");
    ok(pid && pid() == GetCurrentProcessId(), "GetProcAddress finds a kernel32 function");
    ok(GetProcAddress(k32, "GetTickCount64") != NULL, "and a newer one");
    ok(GetProcAddress(ntdll, "NtQueryInformationProcess") != NULL,
       "GetProcAddress finds NtQueryInformationProcess in ntdll");
    SetLastError(0xdeadbeef);
    ok(GetProcAddress(k32, "w32shim_no_such_function") == NULL &&
       GetLastError() == ERROR_PROC_NOT_FOUND, "an unknown name: ERROR_PROC_NOT_FOUND");
}

static void test_module_handle_ex(void)
{
    HMODULE h = (HMODULE)1, k32 = GetModuleHandleA("kernel32.dll");

    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "kernel32.dll", &h) &&
           h == k32,
       "GetModuleHandleEx by name");
    ok(GetModuleHandleExW(0, NULL, &h) && h == GetModuleHandleA(NULL), "NULL is the program");
    ok(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                              GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCSTR)(void *)test_module_handle_ex, &h) &&
           h == GetModuleHandleA(NULL),
       "an address in the program names the program");
    SetLastError(0xdeadbeef);
    ok(!GetModuleHandleExA(0, NO_SUCH_DLL, &h) && h == NULL &&
           GetLastError() == ERROR_MOD_NOT_FOUND,
       "an unloaded module: FALSE, NULL, ERROR_MOD_NOT_FOUND");
    SetLastError(0xdeadbeef);
    ok(!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN |
                               GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                           "kernel32.dll", &h) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
       "PIN with UNCHANGED_REFCOUNT: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!GetModuleHandleExA(0, "kernel32.dll", NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "no out-pointer: ERROR_INVALID_PARAMETER");
}

/* A library of the system that exports cos: msvcrt on Windows, libm here. */
#ifdef CONFORMANCE_NATIVE
#define REAL_LIBRARY "msvcrt.dll"
#else
#define REAL_LIBRARY "libm.so.6"
#endif

static void test_load_real_library(void)
{
    typedef double (*cos_fn)(double);
    HMODULE h = LoadLibraryA(REAL_LIBRARY);
    char path[MAX_PATH];
    cos_fn fn;

    ok(h != NULL && h != GetModuleHandleA(NULL), "LoadLibrary of " REAL_LIBRARY);
    ok(GetModuleHandleA(REAL_LIBRARY) == h, "GetModuleHandle finds it");
    fn = (cos_fn)(void (*)(void))GetProcAddress(h, "cos");
    ok(fn && fn(0.0) == 1.0, "GetProcAddress finds cos, which works");
    ok(GetModuleFileNameA(h, path, sizeof(path)) > 0, "GetModuleFileName names its file");
    ok(FreeLibrary(h), "FreeLibrary");
}

static void test_load_non_library(void)
{
    char dir[MAX_PATH], path[MAX_PATH];
    HANDLE f;
    DWORD done;

    GetTempPathA(sizeof(dir), dir);
    snprintf(path, sizeof(path), "%sw32shim_notalib_%lu.dll", dir, (unsigned long)GetCurrentProcessId());
    f = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    WriteFile(f, "not a library", 13, &done, NULL);
    CloseHandle(f);
    SetLastError(0xdeadbeef);
    ok(LoadLibraryA(path) == NULL && GetLastError() == ERROR_BAD_EXE_FORMAT,
       "a file that is no library: ERROR_BAD_EXE_FORMAT (%lu)", (unsigned long)GetLastError());
    DeleteFileA(path);
}

static void test_message_beep(void)
{
    ok(MessageBeep(MB_OK), "MessageBeep succeeds");
}

CONFORMANCE_MAIN(test_module_handle, test_module_file_name, test_module_file_name_small_buffer,
                 test_module_file_name_bad_module, test_proc_address, test_load_library,
                 test_free_library, test_system_modules, test_module_handle_ex,
                 test_load_real_library, test_load_non_library, test_message_beep)
