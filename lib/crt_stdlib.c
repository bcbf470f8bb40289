/*
 * stdlib.h: Microsoft's additions: paths split and made, integers to text in
 * any radix, aligned blocks, rand_s, the wide and bounded environment
 * functions, _fullpath.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <unistd.h>
#include <direct.h>
#include <w32shim_wchar.h>
#include "crt.h"
#include "unicode.h"
#include "fork.h"

/* ---- _splitpath, _makepath ---- */

/* Where each component of a path starts, as offsets; ext ends at len. */
struct split {
    size_t drive, dir, fname, ext, len;
};

/* One definition for both widths: T is char or WCHAR. */
#define DEFINE_SPLIT(name, T)                                                        \
    static struct split name(const T *path)                                          \
    {                                                                                \
        struct split s = { 0 };                                                      \
        size_t last_sep = 0, last_dot = 0;                                           \
        bool seen_sep = false, seen_dot = false;                                     \
                                                                                     \
        while (path[s.len])                                                          \
            s.len++;                                                                 \
        s.dir = s.len >= 2 && path[1] == ':' ? 2 : 0;                                \
        for (size_t i = s.dir; i < s.len; i++) {                                     \
            if (path[i] == '/' || path[i] == '\\') {                                 \
                last_sep = i;                                                        \
                seen_sep = true;                                                     \
                seen_dot = false;                                                    \
            } else if (path[i] == '.') {                                             \
                last_dot = i;                                                        \
                seen_dot = true;                                                     \
            }                                                                        \
        }                                                                            \
        s.fname = seen_sep ? last_sep + 1 : s.dir;                                   \
        s.ext = seen_dot ? last_dot : s.len;                                         \
        return s;                                                                    \
    }
DEFINE_SPLIT(split_narrow, char)
DEFINE_SPLIT(split_wide, WCHAR)

/* Stores path[from, to) in out of size units (truncating); NULL out: nothing. */
#define PUT_PART(T, out, size, path, from, to)                                       \
    do {                                                                             \
        if (out) {                                                                   \
            size_t n_ = (to) - (from) < (size) - 1 ? (to) - (from) : (size) - 1;     \
            memcpy((out), (path) + (from), n_ * sizeof(T));                          \
            (out)[n_] = 0;                                                           \
        }                                                                            \
    } while (0)

void __cdecl _splitpath(const char *path, char *drive, char *dir, char *fname, char *ext)
{
    struct split s;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return;
    }
    s = split_narrow(path);
    PUT_PART(char, drive, _MAX_DRIVE, path, 0, s.dir);
    PUT_PART(char, dir, _MAX_DIR, path, s.dir, s.fname);
    PUT_PART(char, fname, _MAX_FNAME, path, s.fname, s.ext);
    PUT_PART(char, ext, _MAX_EXT, path, s.ext, s.len);
}

void __cdecl _wsplitpath(const WCHAR *path, WCHAR *drive, WCHAR *dir, WCHAR *fname, WCHAR *ext)
{
    struct split s;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return;
    }
    s = split_wide(path);
    PUT_PART(WCHAR, drive, _MAX_DRIVE, path, 0, s.dir);
    PUT_PART(WCHAR, dir, _MAX_DIR, path, s.dir, s.fname);
    PUT_PART(WCHAR, fname, _MAX_FNAME, path, s.fname, s.ext);
    PUT_PART(WCHAR, ext, _MAX_EXT, path, s.ext, s.len);
}

/* A buffer and its size must both be given or both be absent. */
static bool part_ok(const void *buf, size_t size)
{
    return (buf == NULL) == (size == 0);
}

/* Every part must fit: otherwise all are emptied and the handler says ERANGE. */
errno_t __cdecl _splitpath_s(const char *path, char *drive, size_t drive_size, char *dir,
                             size_t dir_size, char *fname, size_t fname_size, char *ext,
                             size_t ext_size)
{
    struct split s;

    if (!path || !part_ok(drive, drive_size) || !part_ok(dir, dir_size) ||
        !part_ok(fname, fname_size) || !part_ok(ext, ext_size)) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    s = split_narrow(path);
    if ((drive && s.dir >= drive_size) || (dir && s.fname - s.dir >= dir_size) ||
        (fname && s.ext - s.fname >= fname_size) || (ext && s.len - s.ext >= ext_size)) {
        char *parts[] = { drive, dir, fname, ext };

        for (size_t i = 0; i < 4; i++)
            if (parts[i])
                parts[i][0] = '\0';
        w32_crt_invalid(ERANGE);
        return ERANGE;
    }
    PUT_PART(char, drive, drive_size, path, 0, s.dir);
    PUT_PART(char, dir, dir_size, path, s.dir, s.fname);
    PUT_PART(char, fname, fname_size, path, s.fname, s.ext);
    PUT_PART(char, ext, ext_size, path, s.ext, s.len);
    return 0;
}

/*
 * drive's letter and a colon, dir with a backslash added if it has no
 * separator at its end, fname, then ext with a dot added if it has none. A
 * size of (size_t)-1 is _makepath's: unbounded.
 */
#define DEFINE_MAKEPATH(name, T)                                                     \
    static errno_t name(T *path, size_t size, const T *drive, const T *dir,          \
                        const T *fname, const T *ext)                                \
    {                                                                                \
        size_t n = 0;                                                                \
        bool fits = true;                                                            \
        if (drive && *drive) {                                                       \
            const T part[2] = { drive[0], ':' };                                     \
            APPEND(part, 2);                                                         \
        }                                                                            \
        if (dir && *dir) {                                                           \
            size_t len = 0;                                                          \
            while (dir[len])                                                         \
                len++;                                                               \
            APPEND(dir, len);                                                        \
            if (dir[len - 1] != '/' && dir[len - 1] != '\\') {                       \
                const T sep = '\\';                                                  \
                APPEND(&sep, 1);                                                     \
            }                                                                        \
        }                                                                            \
        if (fname) {                                                                 \
            size_t len = 0;                                                          \
            while (fname[len])                                                       \
                len++;                                                               \
            APPEND(fname, len);                                                      \
        }                                                                            \
        if (ext && *ext) {                                                           \
            size_t len = 0;                                                          \
            if (*ext != '.') {                                                       \
                const T dot = '.';                                                   \
                APPEND(&dot, 1);                                                     \
            }                                                                        \
            while (ext[len])                                                         \
                len++;                                                               \
            APPEND(ext, len);                                                        \
        }                                                                            \
        if (!fits || n >= size) {                                                    \
            path[0] = 0;                                                             \
            w32_crt_invalid(ERANGE);                                                 \
            return ERANGE;                                                           \
        }                                                                            \
        path[n] = 0;                                                                 \
        return 0;                                                                    \
    }
#define APPEND(src, len)                                                             \
    do {                                                                             \
        if (n + (len) >= size)                                                       \
            fits = false;                                                            \
        else                                                                         \
            memcpy(path + n, (src), (len) * sizeof(*path));                          \
        n += (len);                                                                  \
    } while (0)
DEFINE_MAKEPATH(make_narrow, char)
DEFINE_MAKEPATH(make_wide, WCHAR)
#undef APPEND

errno_t __cdecl _makepath_s(char *path, size_t size, const char *drive, const char *dir,
                            const char *fname, const char *ext)
{
    if (!path || !size) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    return make_narrow(path, size, drive, dir, fname, ext);
}

void __cdecl _makepath(char *path, const char *drive, const char *dir, const char *fname,
                       const char *ext)
{
    if (!path) {
        w32_crt_invalid(EINVAL);
        return;
    }
    make_narrow(path, (size_t)-1, drive, dir, fname, ext);
}

void __cdecl _wmakepath(WCHAR *path, const WCHAR *drive, const WCHAR *dir, const WCHAR *fname,
                        const WCHAR *ext)
{
    if (!path) {
        w32_crt_invalid(EINVAL);
        return;
    }
    make_wide(path, (size_t)-1, drive, dir, fname, ext);
}

/* The absolute POSIX path of rel (the current directory for NULL or ""). */
char *__cdecl _fullpath(char *abs_path, const char *rel_path, size_t max)
{
    DWORD need;
    char *out;

    if (!rel_path || !*rel_path)
        return _getcwd(abs_path, (int)max);
    if (!(need = GetFullPathNameA(rel_path, 0, NULL, NULL))) {
        w32_crt_fail_from_error();
        return NULL;
    }
    if (abs_path && need > max) {
        errno = ERANGE;
        return NULL;
    }
    out = abs_path ? abs_path : malloc(need > max ? need : max);
    if (!out) {
        errno = ENOMEM;
        return NULL;
    }
    if (!GetFullPathNameA(rel_path, need, out, NULL)) {
        if (!abs_path)
            free(out);
        w32_crt_fail_from_error();
        return NULL;
    }
    return out;
}

/* ---- integers to text ---- */

/*
 * The digits of value in radix (2 to 36, lowercase), after a minus sign if
 * negative. ERANGE (buffer emptied) if they and the terminator do not fit
 * in size chars; EINVAL for a bad radix; both through the handler.
 */
static errno_t to_text(unsigned long long value, bool negative, char *buffer, size_t size,
                       int radix)
{
    char digits[72];
    size_t n = 0, i = 0;

    if (!buffer || !size) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (radix < 2 || radix > 36) {
        buffer[0] = '\0';
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    do {
        digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[value % (unsigned)radix];
        value /= (unsigned)radix;
    } while (value);
    if (n + negative >= size) {
        buffer[0] = '\0';
        w32_crt_invalid(ERANGE);
        return ERANGE;
    }
    if (negative)
        buffer[i++] = '-';
    while (n)
        buffer[i++] = digits[--n];
    buffer[i] = '\0';
    return 0;
}

/* A negative value has a sign only in radix 10; elsewhere it is its two's complement. */
#define SIGNED_TEXT(value, utype, buffer, size, radix) \
    to_text((radix) == 10 && (value) < 0 ? 0 - (unsigned long long)(value) \
                                         : (unsigned long long)(utype)(value), \
            (radix) == 10 && (value) < 0, buffer, size, radix)

/* The unbounded forms' buffers hold the longest output: 65 chars. */
#define UNBOUNDED 65

errno_t __cdecl _itoa_s(int value, char *buffer, size_t size, int radix)
{
    return SIGNED_TEXT(value, unsigned int, buffer, size, radix);
}

errno_t __cdecl _ltoa_s(long value, char *buffer, size_t size, int radix)
{
    return SIGNED_TEXT(value, unsigned long, buffer, size, radix);
}

errno_t __cdecl _i64toa_s(__int64 value, char *buffer, size_t size, int radix)
{
    return SIGNED_TEXT(value, unsigned __int64, buffer, size, radix);
}

errno_t __cdecl _ultoa_s(unsigned long value, char *buffer, size_t size, int radix)
{
    return to_text(value, false, buffer, size, radix);
}

errno_t __cdecl _ui64toa_s(unsigned __int64 value, char *buffer, size_t size, int radix)
{
    return to_text(value, false, buffer, size, radix);
}

char *__cdecl _itoa(int value, char *buffer, int radix)
{
    _itoa_s(value, buffer, UNBOUNDED, radix);
    return buffer;
}

char *__cdecl _ltoa(long value, char *buffer, int radix)
{
    _ltoa_s(value, buffer, UNBOUNDED, radix);
    return buffer;
}

char *__cdecl _ultoa(unsigned long value, char *buffer, int radix)
{
    _ultoa_s(value, buffer, UNBOUNDED, radix);
    return buffer;
}

char *__cdecl _i64toa(__int64 value, char *buffer, int radix)
{
    _i64toa_s(value, buffer, UNBOUNDED, radix);
    return buffer;
}

char *__cdecl _ui64toa(unsigned __int64 value, char *buffer, int radix)
{
    _ui64toa_s(value, buffer, UNBOUNDED, radix);
    return buffer;
}

/* The wide forms: the narrow digits, widened. */
static WCHAR *widen(const char *digits, WCHAR *buffer)
{
    size_t i = 0;

    do
        buffer[i] = (unsigned char)digits[i];
    while (digits[i++]);
    return buffer;
}

WCHAR *__cdecl _itow(int value, WCHAR *buffer, int radix)
{
    char digits[UNBOUNDED];

    if (!buffer) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    return _itoa_s(value, digits, sizeof(digits), radix) ? (buffer[0] = 0, buffer)
                                                          : widen(digits, buffer);
}

WCHAR *__cdecl _i64tow(__int64 value, WCHAR *buffer, int radix)
{
    char digits[UNBOUNDED];

    if (!buffer) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    return _i64toa_s(value, digits, sizeof(digits), radix) ? (buffer[0] = 0, buffer)
                                                            : widen(digits, buffer);
}

WCHAR *__cdecl _ui64tow(unsigned __int64 value, WCHAR *buffer, int radix)
{
    char digits[UNBOUNDED];

    if (!buffer) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    return _ui64toa_s(value, digits, sizeof(digits), radix) ? (buffer[0] = 0, buffer)
                                                             : widen(digits, buffer);
}

__int64 __cdecl _strtoi64(const char *s, char **end, int base)
{
    if (!s) {
        w32_crt_invalid(EINVAL);
        return 0;
    }
    return strtoll(s, end, base);
}

unsigned __int64 __cdecl _strtoui64(const char *s, char **end, int base)
{
    if (!s) {
        w32_crt_invalid(EINVAL);
        return 0;
    }
    return strtoull(s, end, base);
}

__int64 __cdecl _atoi64(const char *s)
{
    return _strtoi64(s, NULL, 10);
}

/* ---- memory and randomness ---- */

static bool power_of_two(size_t n)
{
    return n && !(n & (n - 1));
}

void *__cdecl _aligned_malloc(size_t size, size_t alignment)
{
    void *block;
    int err;

    if (!power_of_two(alignment)) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    if (alignment < sizeof(void *))
        alignment = sizeof(void *);
    if ((err = posix_memalign(&block, alignment, size ? size : 1))) {
        errno = err;
        return NULL;
    }
    return block;
}

void __cdecl _aligned_free(void *block)
{
    free(block);
}

/* A new block with the old one's contents, as far as both reach; size 0 frees. */
void *__cdecl _aligned_realloc(void *block, size_t size, size_t alignment)
{
    void *grown;
    size_t keep;

    if (!block)
        return _aligned_malloc(size, alignment);
    if (!size) {
        free(block);
        return NULL;
    }
    if (!(grown = _aligned_malloc(size, alignment)))
        return NULL;
    keep = malloc_usable_size(block);
    memcpy(grown, block, keep < size ? keep : size);
    free(block);
    return grown;
}

errno_t __cdecl rand_s(unsigned int *value)
{
    if (!value) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    while (getrandom(value, sizeof(*value), 0) != (ssize_t)sizeof(*value))
        if (errno != EINTR)
            return errno;
    return 0;
}

errno_t __cdecl _get_errno(int *value)
{
    if (!value) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *value = errno;
    return 0;
}

errno_t __cdecl _set_errno(int value)
{
    errno = value;
    return 0;
}

/* ---- the environment ---- */

/*
 * The value of name (UTF-8, matched ignoring case as GetEnvironmentVariable
 * matches), malloc'd; NULL if it is not set (errno 0) or out of memory
 * (errno ENOMEM).
 */
static char *env_value(const char *name)
{
    DWORD size = GetEnvironmentVariableA(name, NULL, 0), got;
    char *value;

    errno = 0;
    if (!size)
        return NULL;
    for (;;) {
        if (!(value = malloc(size))) {
            errno = ENOMEM;
            return NULL;
        }
        got = GetEnvironmentVariableA(name, value, size);
        if (got < size)
            return value;
        free(value);
        if (!got)
            return NULL;
        size = got;
    }
}

errno_t __cdecl getenv_s(size_t *required, char *buffer, size_t size, const char *name)
{
    char *value;
    size_t len;

    if (!required || !name || (!buffer && size)) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (buffer)
        buffer[0] = '\0';
    if (!(value = env_value(name))) {
        *required = 0;
        return errno;
    }
    len = strlen(value) + 1;
    *required = len;
    if (buffer && len > size) {
        free(value);
        return ERANGE;
    }
    if (buffer)
        memcpy(buffer, value, len);
    free(value);
    return 0;
}

errno_t __cdecl _dupenv_s(char **buffer, size_t *size, const char *name)
{
    if (!buffer || !name) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *buffer = env_value(name);
    if (size)
        *size = *buffer ? strlen(*buffer) + 1 : 0;
    return *buffer ? 0 : errno;
}

/* "NAME=value" sets, "NAME=" removes. */
int __cdecl _putenv(const char *envstring)
{
    const char *eq;
    char *name;
    BOOL done;

    if (!envstring) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(eq = strchr(envstring, '=')) || eq == envstring) {
        errno = EINVAL;
        return -1;
    }
    if (!(name = strndup(envstring, (size_t)(eq - envstring)))) {
        errno = ENOMEM;
        return -1;
    }
    done = SetEnvironmentVariableA(name, eq[1] ? eq + 1 : NULL) ||
           (!eq[1] && GetLastError() == ERROR_ENVVAR_NOT_FOUND);
    free(name);
    return done ? 0 : w32_crt_fail_from_error();
}

int __cdecl _wputenv(const WCHAR *envstring)
{
    char *narrow;
    int result;

    if (!envstring) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(narrow = w32_crt_narrow(envstring)))
        return -1;
    result = _putenv(narrow);
    free(narrow);
    return result;
}

/* An empty value removes the variable. */
errno_t __cdecl _putenv_s(const char *name, const char *value)
{
    if (!name || !value || !*name || strchr(name, '=')) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (SetEnvironmentVariableA(name, *value ? value : NULL) ||
        (!*value && GetLastError() == ERROR_ENVVAR_NOT_FOUND))
        return 0;
    w32_crt_fail_from_error();
    return errno;
}

errno_t __cdecl _wputenv_s(const WCHAR *name, const WCHAR *value)
{
    char *nname = name ? w32_crt_narrow(name) : NULL;
    char *nvalue = value ? w32_crt_narrow(value) : NULL;
    errno_t result = ENOMEM;

    if (!name || !value) {
        w32_crt_invalid(EINVAL);
        result = EINVAL;
    } else if (nname && nvalue) {
        result = _putenv_s(nname, nvalue);
    }
    free(nname);
    free(nvalue);
    return result;
}

/*
 * _wgetenv's values: each returned string stays valid for the rest of the
 * program, as it would until the environment changed on Windows. A value is
 * made again only when the variable's value has changed; the old one is
 * kept (reachable) in the list.
 */
struct wide_value {
    struct wide_value *next;
    char *name;             /* as looked up */
    char *value;            /* UTF-8, what was converted */
    WCHAR *wide;
};
/* Guards wide_values; a leaf lock. */
static pthread_mutex_t wide_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wide_value *wide_values;

static WCHAR *remember_wide(const char *name, char *value)
{
    struct wide_value *v;

    pthread_mutex_lock(&wide_lock);
    for (v = wide_values; v; v = v->next)
        if (!strcasecmp(v->name, name) && !strcmp(v->value, value))
            break;
    if (!v && (v = calloc(1, sizeof(*v)))) {
        v->name = strdup(name);
        v->value = value;
        v->wide = w32_name_to_utf16(value);
        if (!v->name || !v->wide) {
            free(v->name);
            free(v->wide);
            free(v);
            v = NULL;
        } else {
            v->next = wide_values;
            wide_values = v;
            value = NULL;
        }
    }
    pthread_mutex_unlock(&wide_lock);
    free(value);
    if (!v)
        errno = ENOMEM;
    return v ? v->wide : NULL;
}

WCHAR *__cdecl _wgetenv(const WCHAR *name)
{
    char *narrow, *value;
    WCHAR *wide;

    if (!name) {
        w32_crt_invalid(EINVAL);
        return NULL;
    }
    if (!(narrow = w32_crt_narrow(name)))
        return NULL;
    wide = (value = env_value(narrow)) ? remember_wide(narrow, value) : NULL;
    free(narrow);
    return wide;
}

/* fork (fork.h): the wide lock is held across a fork. */
void w32_crt_stdlib_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&wide_lock, phase);
}
