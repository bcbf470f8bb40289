/*
 * fileapi.h: FindFirstFile, FindNextFile, FindClose. A search is a directory
 * stream and the last path component as a pattern. Its handle is the
 * search's address, as a heap handle is: not in the handle table, so
 * CloseHandle rejects it and only FindClose ends it, as on Windows. Live
 * searches are kept in a registry, so a stale or made-up handle gives
 * ERROR_INVALID_HANDLE instead of a crash.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "clock.h"
#include "error.h"
#include "file.h"
#include "path.h"
#include "unicode.h"
#include "fork.h"

#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (registry_oom = 1)
#include <uthash.h>

struct search {
    void *key;                          /* itself: the registry's key */
    UT_hash_handle hh;
    DIR *dir;
    char *pattern;                      /* the last component of the path */
    bool root;                          /* "/" has no "." and ".." entries on Windows */
    bool case_sensitive;                /* FIND_FIRST_EX_CASE_SENSITIVE */
};

/* Guards the registry and every search in it: a search is used by one call at a time. */
static pthread_mutex_t searches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct search *searches;
static int registry_oom;

/* Windows' wildcards, ASCII letters compared without case unless cs: '*' any
 * run, '?' one character. */
static bool same_char(char p, char n, bool cs)
{
    return p == '?' || p == n || (!cs && tolower((unsigned char)p) == tolower((unsigned char)n));
}

static bool wild_match(const char *p, const char *n, bool cs)
{
    for (; *p; p++, n++) {
        if (*p == '*') {
            while (p[1] == '*')
                p++;
            if (!p[1])
                return true;
            for (; *n; n++)
                if (wild_match(p + 1, n, cs))
                    return true;
            return false;
        }
        if (!*n || !same_char(*p, *n, cs))
            return false;
    }
    return !*n;
}

/* As Windows: "*.*" matches every name, and "name.*" also matches "name". */
static bool name_matches(const char *pattern, const char *name, bool cs)
{
    size_t len = strlen(pattern);

    if (strcmp(pattern, "*.*") == 0 || wild_match(pattern, name, cs))
        return true;
    if (len >= 2 && strcmp(pattern + len - 2, ".*") == 0) {
        char *base = strndup(pattern, len - 2);
        bool match = base && wild_match(base, name, cs);
        free(base);
        return match;
    }
    return false;
}


/* What a search reports of a name, in the A layout (the W one converts it). */
static void fill(struct search *s, const char *name, WIN32_FIND_DATAA *data)
{
    struct stat st;
    DWORD attrs;

    memset(data, 0, sizeof(*data));
    if (w32_entry_stat(dirfd(s->dir), name, &st, &attrs) != 0) {
        memset(&st, 0, sizeof(st));
        attrs = w32_file_attributes(&st);
    }
    data->dwFileAttributes = attrs;
    if (attrs & FILE_ATTRIBUTE_REPARSE_POINT)
        data->dwReserved0 = IO_REPARSE_TAG_SYMLINK;
    data->ftCreationTime = w32_filetime_of(&st.st_mtim);
    data->ftLastAccessTime = w32_filetime_of(&st.st_atim);
    data->ftLastWriteTime = w32_filetime_of(&st.st_mtim);
    if (S_ISREG(st.st_mode)) {
        data->nFileSizeHigh = (DWORD)((ULONGLONG)st.st_size >> 32);
        data->nFileSizeLow = (DWORD)st.st_size;
    }
    strncpy(data->cFileName, name, MAX_PATH - 1);
}

/* The next matching entry of s into data; false at the end of the directory. */
static bool next_match(struct search *s, WIN32_FIND_DATAA *data)
{
    struct dirent *e;

    while ((e = readdir(s->dir))) {
        if (s->root && (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")))
            continue;
        if (strlen(e->d_name) >= MAX_PATH || !name_matches(s->pattern, e->d_name, s->case_sensitive))
            continue;
        fill(s, e->d_name, data);
        return true;
    }
    return false;
}

static void search_free(struct search *s)
{
    if (s->dir)
        closedir(s->dir);
    free(s->pattern);
    free(s);
}

/* Opens the search for a Unix path; NULL with the last error set. */
static struct search *search_open(char *path)
{
    char *slash = strrchr(path, '/');
    const char *dir = ".";
    struct search *s;

    if (slash && !slash[1]) {
        w32_set_error(ERROR_FILE_NOT_FOUND);       /* "dir\\": no name to look for */
        return NULL;
    }
    s = calloc(1, sizeof(*s));
    if (!s) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    s->key = s;
    s->pattern = strdup(slash ? slash + 1 : path);
    if (slash) {
        *slash = '\0';
        dir = slash == path ? "/" : path;
        s->root = slash == path;
    }
    if (!s->pattern) {
        search_free(s);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    s->dir = opendir(dir);
    if (!s->dir) {
        int err = errno;
        search_free(s);
        w32_set_error(err == ENOENT || err == ENOTDIR ? ERROR_PATH_NOT_FOUND
                                                      : w32_error_from_errno(err));
        return NULL;
    }
    return s;
}

/* FindFirstFileA, and FindFirstFileExA once its arguments are checked. */
static HANDLE find_first(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData,
                         bool case_sensitive)
{
    char *path = w32_path_to_posix(lpFileName, 0);
    struct search *s;
    bool added;

    if (!path)
        return INVALID_HANDLE_VALUE;
    if (!lpFindFileData) {
        free(path);
        w32_set_error(ERROR_NOACCESS);
        return INVALID_HANDLE_VALUE;
    }
    s = search_open(path);
    free(path);
    if (!s)
        return INVALID_HANDLE_VALUE;
    s->case_sensitive = case_sensitive;
    if (!next_match(s, lpFindFileData)) {
        search_free(s);
        w32_set_error(ERROR_FILE_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&searches_lock);
    registry_oom = 0;
    HASH_ADD(hh, searches, key, sizeof(void *), s);
    added = !registry_oom;
    pthread_mutex_unlock(&searches_lock);
    if (!added) {
        search_free(s);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    return (HANDLE)s;
}

HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData)
{
    return find_first(lpFileName, lpFindFileData, false);
}

/* A/W conversion of one entry. */
static void widen(const WIN32_FIND_DATAA *a, LPWIN32_FIND_DATAW w)
{
    size_t len = strlen(a->cFileName);

    memset(w, 0, sizeof(*w));
    w->dwFileAttributes = a->dwFileAttributes;
    w->ftCreationTime = a->ftCreationTime;
    w->ftLastAccessTime = a->ftLastAccessTime;
    w->ftLastWriteTime = a->ftLastWriteTime;
    w->nFileSizeHigh = a->nFileSizeHigh;
    w->nFileSizeLow = a->nFileSizeLow;
    w->dwReserved0 = a->dwReserved0;
    if (w32_name_to_utf16n(a->cFileName, len, NULL) < MAX_PATH)
        w32_name_to_utf16n(a->cFileName, len, w->cFileName);
}

static HANDLE find_first_w(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData,
                           bool case_sensitive)
{
    WIN32_FIND_DATAA data;
    char *name = NULL;
    HANDLE h;

    if (lpFileName && !(name = w32_utf16_to_utf8(lpFileName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    if (!lpFindFileData) {
        free(name);
        w32_set_error(ERROR_NOACCESS);
        return INVALID_HANDLE_VALUE;
    }
    h = find_first(name, &data, case_sensitive);
    free(name);
    if (h != INVALID_HANDLE_VALUE)
        widen(&data, lpFindFileData);
    return h;
}

HANDLE WINAPI FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData)
{
    return find_first_w(lpFileName, lpFindFileData, false);
}

/*
 * FindFirstFileEx's own arguments: both levels fill the same structure
 * (FindExInfoBasic leaves cAlternateFileName empty, as it always is here),
 * FindExSearchLimitToDirectories is advice that file systems may ignore and
 * that NTFS ignores, so every match is reported, as on Windows, and
 * FIND_FIRST_EX_LARGE_FETCH changes nothing. Other levels and operations:
 * ERROR_INVALID_PARAMETER. lpSearchFilter and flags Windows does not define
 * are ignored, as Windows does.
 */
static bool find_ex_valid(FINDEX_INFO_LEVELS level, FINDEX_SEARCH_OPS op)
{
    if ((level == FindExInfoStandard || level == FindExInfoBasic) &&
        (op == FindExSearchNameMatch || op == FindExSearchLimitToDirectories))
        return true;
    w32_set_error(ERROR_INVALID_PARAMETER);
    return false;
}

HANDLE WINAPI FindFirstFileExA(LPCSTR lpFileName, FINDEX_INFO_LEVELS fInfoLevelId,
                               LPVOID lpFindFileData, FINDEX_SEARCH_OPS fSearchOp,
                               LPVOID lpSearchFilter, DWORD dwAdditionalFlags)
{
    (void)lpSearchFilter;
    if (!find_ex_valid(fInfoLevelId, fSearchOp))
        return INVALID_HANDLE_VALUE;
    return find_first(lpFileName, lpFindFileData,
                      dwAdditionalFlags & FIND_FIRST_EX_CASE_SENSITIVE);
}

HANDLE WINAPI FindFirstFileExW(LPCWSTR lpFileName, FINDEX_INFO_LEVELS fInfoLevelId,
                               LPVOID lpFindFileData, FINDEX_SEARCH_OPS fSearchOp,
                               LPVOID lpSearchFilter, DWORD dwAdditionalFlags)
{
    (void)lpSearchFilter;
    if (!find_ex_valid(fInfoLevelId, fSearchOp))
        return INVALID_HANDLE_VALUE;
    return find_first_w(lpFileName, lpFindFileData,
                        dwAdditionalFlags & FIND_FIRST_EX_CASE_SENSITIVE);
}

/* The live search behind h, with searches_lock held; or NULL, unlocked, error set. */
static struct search *search_lock(HANDLE h)
{
    struct search *s = NULL;
    void *key = h;

    pthread_mutex_lock(&searches_lock);
    if (h && h != INVALID_HANDLE_VALUE)
        HASH_FIND(hh, searches, &key, sizeof(void *), s);
    if (!s) {
        pthread_mutex_unlock(&searches_lock);
        w32_set_error(ERROR_INVALID_HANDLE);
    }
    return s;
}

BOOL WINAPI FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData)
{
    struct search *s = search_lock(hFindFile);
    bool found;

    if (!s)
        return FALSE;
    if (!lpFindFileData) {
        pthread_mutex_unlock(&searches_lock);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    found = next_match(s, lpFindFileData);
    pthread_mutex_unlock(&searches_lock);
    if (!found)
        w32_set_error(ERROR_NO_MORE_FILES);
    return found;
}

BOOL WINAPI FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData)
{
    WIN32_FIND_DATAA data;

    if (!lpFindFileData) {
        struct search *s = search_lock(hFindFile);
        if (!s)
            return FALSE;
        pthread_mutex_unlock(&searches_lock);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!FindNextFileA(hFindFile, &data))
        return FALSE;
    widen(&data, lpFindFileData);
    return TRUE;
}

BOOL WINAPI FindClose(HANDLE hFindFile)
{
    struct search *s = search_lock(hFindFile);

    if (!s)
        return FALSE;
    HASH_DELETE(hh, searches, s);
    pthread_mutex_unlock(&searches_lock);
    search_free(s);
    return TRUE;
}

/* fork (fork.h): the searches lock is held across a fork. */
void w32_find_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&searches_lock, phase);
}
