/*
 * libloaderapi.h: modules. The program is one module. kernel32, kernelbase,
 * ntdll and psapi are "loaded" too, as on Windows: their handles are w32shim
 * itself, linked into the program, and GetProcAddress on them (or on the
 * program) finds w32shim's exports through the table generated from
 * lib/w32shim.sym. LoadLibrary of any other name loads a shared object with
 * dlopen; its HMODULE is dlopen's handle. MessageBox and MessageBeep live
 * here too, for want of a user32 of ours.
 */
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "error.h"
#include "fork.h"
#include "path.h"
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

/* ---- the system modules: w32shim under the names ported code probes ---- */

static const char *const system_names[] = { "kernel32", "kernelbase", "ntdll", "psapi" };
#define SYSTEM_MODULES (sizeof(system_names) / sizeof(system_names[0]))

/* One distinct, 64-byte aligned address per module, as its handle. */
static const char system_images[SYSTEM_MODULES][64] __attribute__((aligned(64)));

static BOOL is_system_module(HMODULE h)
{
    return (const char *)h >= system_images[0] &&
           (const char *)h < system_images[0] + sizeof(system_images) &&
           ((const char *)h - system_images[0]) % 64 == 0;
}

/* The last component of a Windows or POSIX path. */
static const char *base_name(const char *name)
{
    const char *base = name;

    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

/* The system module name (UTF-8) names, in any case, with or without ".dll"; NULL if none. */
static HMODULE system_module(const char *name)
{
    const char *base = base_name(name);

    for (size_t i = 0; i < SYSTEM_MODULES; i++) {
        size_t len = strlen(system_names[i]);

        if (!strncasecmp(base, system_names[i], len) &&
            (!base[len] || !strcasecmp(base + len, ".dll")))
            return (HMODULE)system_images[i];
    }
    return NULL;
}

/* ---- shared objects loaded by LoadLibrary ---- */

struct library {
    struct library *next;
    void *dl;               /* dlopen's handle, which is the HMODULE */
    char *path;             /* the file dlopen loaded */
    unsigned refs;          /* LoadLibrary and GetModuleHandleEx calls not yet freed */
    bool pinned;            /* GET_MODULE_HANDLE_EX_FLAG_PIN: never unloaded */
};

/* Guards libraries and the entries' refs and pinned; dlopen and dlclose run under it. */
static pthread_mutex_t library_lock = PTHREAD_MUTEX_INITIALIZER;
static struct library *libraries;

/* The library of handle h, or NULL. library_lock held. */
static struct library *library_of(HMODULE h)
{
    for (struct library *lib = libraries; lib; lib = lib->next)
        if ((HMODULE)lib->dl == h)
            return lib;
    return NULL;
}

/* The library name names: its path or file name, in any case. library_lock held. */
static struct library *library_named(const char *name)
{
    for (struct library *lib = libraries; lib; lib = lib->next)
        if (!strcasecmp(name, lib->path) || !strcasecmp(base_name(name), base_name(lib->path)))
            return lib;
    return NULL;
}

/* The file a dlopen handle loaded, malloc'd. */
static char *loaded_path(void *dl, const char *fallback)
{
    struct link_map *map;

    if (dlinfo(dl, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name && map->l_name[0])
        return strdup(map->l_name);
    return strdup(fallback);
}

/* ---- the program ---- */

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

/* The module name names (UTF-8), with refs taken on a library if refs is set; NULL if none. */
static HMODULE find_module(const char *name, bool ref)
{
    DWORD error = w32_last_error;
    struct library *lib;
    HMODULE h;

    if ((h = system_module(name)))
        return h;
    if (names_program(name)) {
        w32_set_error(error);
        return main_module();
    }
    w32_set_error(error);
    pthread_mutex_lock(&library_lock);
    if ((lib = library_named(name))) {
        h = (HMODULE)lib->dl;
        lib->refs += ref;
    }
    pthread_mutex_unlock(&library_lock);
    return h;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName)
{
    HMODULE h;

    if (!lpModuleName)
        return main_module();
    if (!(h = find_module(lpModuleName, false)))
        w32_set_error(ERROR_MOD_NOT_FOUND);
    return h;
}

/* A W function's UTF-8 name; NULL stays NULL; out of memory, *failed. */
static char *utf8_name(LPCWSTR name, bool *failed)
{
    char *utf8 = name ? w32_utf16_to_utf8(name) : NULL;

    *failed = name && !utf8;
    if (*failed)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return utf8;
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName)
{
    bool failed;
    char *name = utf8_name(lpModuleName, &failed);
    HMODULE module = failed ? NULL : GetModuleHandleA(name);

    free(name);
    return module;
}

/* The module whose image holds addr: the program's or a loaded library's. */
static HMODULE module_at(const void *addr, bool ref)
{
    Dl_info info;
    struct library *found = NULL;
    void *dl;

    if (!addr || !dladdr(addr, &info) || !info.dli_fbase)
        return NULL;
    if (info.dli_fbase == (void *)__executable_start)
        return main_module();
    if (!info.dli_fname || !(dl = dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD)))
        return NULL;
    pthread_mutex_lock(&library_lock);
    if ((found = library_of((HMODULE)dl)))
        found->refs += ref;
    pthread_mutex_unlock(&library_lock);
    dlclose(dl);
    return found ? (HMODULE)found->dl : NULL;
}

#define HANDLE_EX_FLAGS (GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT | \
                         GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)

/*
 * As GetModuleHandle, counting a reference on a library (as LoadLibrary
 * does) unless UNCHANGED_REFCOUNT; PIN keeps it loaded for good. With
 * FROM_ADDRESS, lpModuleName is an address inside the module.
 */
BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE *phModule)
{
    bool ref = !(dwFlags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT);
    struct library *lib;
    HMODULE h;

    if (!phModule || (dwFlags & ~HANDLE_EX_FLAGS) ||
        ((dwFlags & GET_MODULE_HANDLE_EX_FLAG_PIN) && !ref)) {
        if (phModule)
            *phModule = NULL;
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)
        h = module_at(lpModuleName, ref);
    else
        h = lpModuleName ? find_module(lpModuleName, ref) : main_module();
    *phModule = h;
    if (!h) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    if (dwFlags & GET_MODULE_HANDLE_EX_FLAG_PIN) {
        pthread_mutex_lock(&library_lock);
        if ((lib = library_of(h)))
            lib->pinned = true;
        pthread_mutex_unlock(&library_lock);
    }
    return TRUE;
}

BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE *phModule)
{
    bool failed = false;
    char *name = NULL;
    BOOL done;

    if (!(dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) && (name = utf8_name(lpModuleName, &failed), failed)) {
        if (phModule)
            *phModule = NULL;
        return FALSE;
    }
    done = GetModuleHandleExA(dwFlags, (dwFlags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS)
                                           ? (LPCSTR)lpModuleName : name, phModule);
    free(name);
    return done;
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

/*
 * The file of a module, malloc'd: the program's for the program and the
 * system modules (whose code is linked into it), the loaded file for a
 * library. NULL, with ERROR_MOD_NOT_FOUND, for anything else.
 */
static char *module_path(HMODULE hModule)
{
    struct library *lib;
    char *path = NULL;

    if (!hModule || hModule == main_module() || is_system_module(hModule))
        return executable_path();
    pthread_mutex_lock(&library_lock);
    if ((lib = library_of(hModule)) && !(path = strdup(lib->path)))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    pthread_mutex_unlock(&library_lock);
    if (!lib)
        w32_set_error(ERROR_MOD_NOT_FOUND);
    return path;
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

    if (!(path = module_path(hModule)))
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

    if (!(path = module_path(hModule)))
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

/* A symbol of a loaded library, by dlsym; NULL if hModule is not one or lacks it. */
static FARPROC library_symbol(HMODULE hModule, LPCSTR name, DWORD *error)
{
    void *address = NULL;

    pthread_mutex_lock(&library_lock);
    if (!library_of(hModule))
        *error = ERROR_MOD_NOT_FOUND;
    else if (!(address = dlsym(hModule, name)))
        *error = ERROR_PROC_NOT_FOUND;
    pthread_mutex_unlock(&library_lock);
    return (FARPROC)address;
}

/*
 * The program (NULL) and the system modules find w32shim's exports, every
 * one from every module; a library finds its own symbols. Ordinals name
 * nothing here.
 */
FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName)
{
    const struct export *found = NULL;
    DWORD error = ERROR_PROC_NOT_FOUND;
    FARPROC symbol;

    if ((uintptr_t)lpProcName < 0x10000) {
        w32_set_error(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    if (hModule && hModule != main_module() && !is_system_module(hModule)) {
        if (!(symbol = library_symbol(hModule, lpProcName, &error)))
            w32_set_error(error);
        return symbol;
    }
    found = bsearch(lpProcName, exports, sizeof(exports) / sizeof(exports[0]),
                    sizeof(exports[0]), compare_export);
    if (!found || !found->address) {
        w32_set_error(ERROR_PROC_NOT_FOUND);
        return NULL;
    }
    return (FARPROC)found->address;
}

/*
 * The file a name without a directory loads: the program's directory first,
 * as Windows searches, else the name itself for dlopen's own search
 * (LD_LIBRARY_PATH, the system's directories). malloc'd; NULL out of memory.
 */
static char *search_path(const char *name)
{
    char *exe = executable_path(), *slash, *candidate = NULL;

    if (exe && (slash = strrchr(exe, '/'))) {
        slash[1] = '\0';
        if (asprintf(&candidate, "%s%s", exe, name) < 0)
            candidate = NULL;
        if (candidate && access(candidate, F_OK) != 0) {
            free(candidate);
            candidate = NULL;
        }
    }
    free(exe);
    return candidate ? candidate : strdup(name);
}

/* dlopen's argument for name (UTF-8): a mapped path, or a name to search for. */
static char *library_file(const char *name)
{
    if (strchr(name, '/') || strchr(name, '\\'))
        return w32_path_to_posix(name, W32_PATH_ABSOLUTE);
    return search_path(name);
}

/* Loads file with dlopen, or counts another load of it; NULL with the error set. */
static HMODULE load_library(const char *file)
{
    struct library *lib;
    void *dl;

    pthread_mutex_lock(&library_lock);
    if (!(dl = dlopen(file, RTLD_NOW | RTLD_LOCAL))) {
        pthread_mutex_unlock(&library_lock);
        /* A file that is there but does not load is no executable image. */
        w32_set_error(strchr(file, '/') && access(file, F_OK) == 0 ? ERROR_BAD_EXE_FORMAT
                                                                  : ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    if ((lib = library_of((HMODULE)dl))) {
        lib->refs++;
        dlclose(dl);        /* the entry holds one dlopen reference for all its loads */
    } else if ((lib = calloc(1, sizeof(*lib))) && (lib->path = loaded_path(dl, file))) {
        lib->dl = dl;
        lib->refs = 1;
        lib->next = libraries;
        libraries = lib;
    } else {
        free(lib);
        lib = NULL;
        dlclose(dl);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    }
    pthread_mutex_unlock(&library_lock);
    return lib ? (HMODULE)dl : NULL;
}

#define DATAFILE_FLAGS (LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE | \
                        LOAD_LIBRARY_AS_IMAGE_RESOURCE)

/*
 * The program's and the system modules' names give their modules. Any
 * other name loads a shared object (any file name: "foo.dll" is not turned
 * into "libfoo.so"). Loading as a data file is not supported; the search
 * flags are accepted and the search is always the one above.
 */
HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    HMODULE h;
    char *file;

    if (!lpLibFileName || hFile) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (dwFlags & DATAFILE_FLAGS) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    if ((h = system_module(lpLibFileName)))
        return h;
    if (names_program(lpLibFileName))
        return main_module();
    if (!(file = library_file(lpLibFileName))) {
        if (w32_last_error != ERROR_NOT_ENOUGH_MEMORY)
            w32_set_error(ERROR_MOD_NOT_FOUND);
        return NULL;
    }
    h = load_library(file);
    free(file);
    return h;
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags)
{
    bool failed;
    char *name = utf8_name(lpLibFileName, &failed);
    HMODULE module = failed ? NULL : LoadLibraryExA(name, hFile, dwFlags);

    free(name);
    return module;
}

HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName)
{
    return LoadLibraryExA(lpLibFileName, NULL, 0);
}

HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName)
{
    return LoadLibraryExW(lpLibFileName, NULL, 0);
}

/*
 * Freeing the program's or a system module succeeds and changes nothing,
 * as on Windows; a library is unloaded when its last load is freed.
 */
BOOL WINAPI FreeLibrary(HMODULE hLibModule)
{
    struct library **link, *unloaded = NULL;
    bool found;

    if (!hLibModule) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (hLibModule == main_module() || is_system_module(hLibModule))
        return TRUE;
    pthread_mutex_lock(&library_lock);
    for (link = &libraries; *link; link = &(*link)->next)
        if ((HMODULE)(*link)->dl == hLibModule)
            break;
    found = *link != NULL;
    if (found && --(*link)->refs == 0 && !(*link)->pinned) {
        unloaded = *link;
        *link = unloaded->next;
        dlclose(unloaded->dl);
    }
    pthread_mutex_unlock(&library_lock);
    if (!found) {
        w32_set_error(ERROR_MOD_NOT_FOUND);
        return FALSE;
    }
    if (unloaded) {
        free(unloaded->path);
        free(unloaded);
    }
    return TRUE;
}

/* w32shim calls no DllMain, so there are no thread notifications to turn off. */
BOOL WINAPI DisableThreadLibraryCalls(HMODULE hLibModule)
{
    if (!hLibModule) {
        w32_set_error(ERROR_INVALID_HANDLE);
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

/* fork (fork.h): the library lock is held across a fork. */
void w32_module_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&library_lock, phase);
}
