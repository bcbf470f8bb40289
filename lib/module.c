/*
 * libloaderapi.h, minimal and honest: the program is the only module, no
 * library can be loaded, and GetProcAddress finds w32shim's own exports
 * through the table generated from lib/w32shim.sym. MessageBox and
 * MessageBeep live here too, for want of a user32 of ours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "error.h"
#include "unicode.h"

/*
 * The exports, referenced weakly by their symbol names, so that a name the
 * table holds but the library no longer defines resolves to NULL (reported
 * as not found) instead of breaking every program's link. The installed
 * archive is one object, in which every name resolves.
 */
#define W32_EXPORT(name) extern char w32_export_##name[] __asm__(#name) __attribute__((weak));
#include "exports.h"
#undef W32_EXPORT

struct export {
    const char *name;
    const void *address;
};

static const struct export exports[] = {
#define W32_EXPORT(name) { #name, w32_export_##name },
#include "exports.h"
#undef W32_EXPORT
};

/* The start of the executable's image, which the GNU linkers define. */
extern char __executable_start[];

static HMODULE main_module(void)
{
    return (HMODULE)__executable_start;
}

static char *executable_path(void);

/*
 * Whether name (UTF-8) names the program, as Windows matches a loaded
 * module: its full path or its file name, in any case, with or without the
 * ".exe" Windows programs have.
 */
static BOOL names_program(const char *name)
{
    char *path = executable_path();
    const char *base;
    size_t len;
    BOOL match;

    if (!path)
        return FALSE;
    base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    len = strlen(base);
    match = !strcasecmp(name, path) || !strcasecmp(name, base) ||
            (!strncasecmp(name, base, len) && !strcasecmp(name + len, ".exe"));
    free(path);
    return match;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName)
{
    DWORD error = w32_last_error;

    if (!lpModuleName)
        return main_module();
    if (names_program(lpModuleName)) {
        w32_set_error(error);
        return main_module();
    }
    w32_set_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName)
{
    char *name;
    HMODULE module;

    if (!lpModuleName)
        return main_module();
    if (!(name = w32_utf16_to_utf8(lpModuleName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    module = GetModuleHandleA(name);
    free(name);
    return module;
}

/* The executable's path, malloc'd, in UTF-8; NULL with the last error set. */
static char *executable_path(void)
{
    size_t size = 256;

    for (;;) {
        char *path = malloc(size);
        ssize_t n;

        if (!path) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        n = readlink("/proc/self/exe", path, size);
        if (n < 0) {
            w32_set_error(w32_error_from_errno(errno));
            free(path);
            return NULL;
        }
        if ((size_t)n < size) {
            path[n] = '\0';
            return path;
        }
        free(path);
        size *= 2;
    }
}

static BOOL is_main_module(HMODULE hModule)
{
    return !hModule || hModule == main_module();
}

/*
 * Windows (since Vista) stores at most nSize - 1 characters and a NUL; when
 * the name does not fit it returns nSize with ERROR_INSUFFICIENT_BUFFER.
 * Success clears the last error, as Windows does.
 */
DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize)
{
    char *path;
    size_t len;

    if (!is_main_module(hModule)) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    if (!(path = executable_path()))
        return 0;
    len = strlen(path);
    if (len >= nSize) {
        if (nSize) {
            memcpy(lpFilename, path, nSize - 1);
            lpFilename[nSize - 1] = '\0';
        }
        free(path);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return nSize;
    }
    memcpy(lpFilename, path, len + 1);
    free(path);
    w32_set_error(ERROR_SUCCESS);
    return (DWORD)len;
}

DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize)
{
    char *path;
    size_t len;
    WCHAR *wide;

    if (!is_main_module(hModule)) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return 0;
    }
    if (!(path = executable_path()))
        return 0;
    len = w32_name_to_utf16n(path, strlen(path), NULL);
    if (!(wide = malloc((len + 1) * sizeof(WCHAR)))) {
        free(path);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    w32_name_to_utf16n(path, strlen(path), wide);
    free(path);
    if (len >= nSize) {
        if (nSize) {
            memcpy(lpFilename, wide, (nSize - 1) * sizeof(WCHAR));
            lpFilename[nSize - 1] = 0;
        }
        free(wide);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return nSize;
    }
    memcpy(lpFilename, wide, len * sizeof(WCHAR));
    lpFilename[len] = 0;
    free(wide);
    w32_set_error(ERROR_SUCCESS);
    return (DWORD)len;
}

static int compare_export(const void *key, const void *entry)
{
    return strcmp(key, ((const struct export *)entry)->name);
}

/* A NULL module is the program, as on Windows. Ordinals name nothing here. */
FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    const struct export *found = NULL;

    if (!is_main_module(hModule)) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if ((uintptr_t)lpProcName >= 0x10000)
        found = bsearch(lpProcName, exports, sizeof(exports) / sizeof(exports[0]),
                        sizeof(exports[0]), compare_export);
    if (!found || !found->address) {
        w32_set_error(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    return (FARPROC)found->address;
}

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName)
{
    w32_set_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName)
{
    w32_set_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    w32_set_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    w32_set_error(ERROR_MOD_NOT_FOUND);
    return NULL;
}

/* Freeing the program's module succeeds and changes nothing, as on Windows. */
BOOL WINAPI FreeLibrary(HMODULE hLibModule)
{
    if (!hLibModule) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (hLibModule != main_module()) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

/* The button a user who presses Enter chooses: the box's default one. */
static int default_button(UINT uType)
{
    static const int buttons[][3] = {
        [MB_OK] = { IDOK },
        [MB_OKCANCEL] = { IDOK, IDCANCEL },
        [MB_ABORTRETRYIGNORE] = { IDABORT, IDRETRY, IDIGNORE },
        [MB_YESNOCANCEL] = { IDYES, IDNO, IDCANCEL },
        [MB_YESNO] = { IDYES, IDNO },
        [MB_RETRYCANCEL] = { IDRETRY, IDCANCEL },
        [MB_CANCELTRYCONTINUE] = { IDCANCEL, IDTRYAGAIN, IDCONTINUE },
    };
    UINT type = uType & MB_TYPEMASK;
    UINT index = (uType & MB_DEFMASK) >> 8;

    if (type > MB_CANCELTRYCONTINUE)
        type = MB_OK;
    if (index > 2 || !buttons[type][index])
        index = 0;
    return buttons[type][index];
}

int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType)
{
    fprintf(stderr, "%s: %s\n", lpCaption ? lpCaption : "Error", lpText ? lpText : "");
    return default_button(uType);
}

int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType)
{
    char *text = lpText ? w32_utf16_to_utf8(lpText) : NULL;
    char *caption = lpCaption ? w32_utf16_to_utf8(lpCaption) : NULL;
    int result = MessageBoxA(hWnd, lpText ? (text ? text : "?") : NULL,
                             lpCaption ? (caption ? caption : "?") : NULL, uType);

    free(text);
    free(caption);
    return result;
}

BOOL WINAPI MessageBeep(UINT uType)
{
    return TRUE;
}
