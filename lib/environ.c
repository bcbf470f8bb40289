/*
 * processenv.h: the command line and the environment.
 *
 * The environment is the process's real one (environ): SetEnvironmentVariable
 * calls setenv, so getenv and every child see the change. Names match as on
 * Windows, ignoring case, with an exact match preferred: Linux allows "Path"
 * and "PATH" side by side, Windows does not. glibc's getenv/setenv are not
 * thread-safe, so every access w32shim makes holds env_lock; a program that
 * calls setenv/putenv/unsetenv itself while another thread is inside one of
 * these functions races with it (doc/api.md).
 *
 * The command line is rebuilt once from /proc/self/cmdline, quoted so that
 * CommandLineToArgvW splits it back into the same arguments.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cmdline.h"
#include "error.h"
#include "unicode.h"
#include "fork.h"

extern char **environ;

/* Guards environ and every getenv/setenv/unsetenv w32shim makes. */
static pthread_mutex_t env_lock = PTHREAD_MUTEX_INITIALIZER;

void w32_env_lock(void)
{
    pthread_mutex_lock(&env_lock);
}

void w32_env_unlock(void)
{
    pthread_mutex_unlock(&env_lock);
}

char *w32_env_get(const char *name)
{
    const char *value;
    char *copy;

    pthread_mutex_lock(&env_lock);
    value = getenv(name);
    copy = value ? strdup(value) : NULL;
    pthread_mutex_unlock(&env_lock);
    return copy;
}

/* ---- the command line ---- */

static pthread_once_t command_line_once = PTHREAD_ONCE_INIT;
static char *command_line_a;            /* set once, never freed */
static WCHAR *command_line_w;

/* /proc/self/cmdline, malloc'd, NUL-separated; *len its size. NULL if unreadable. */
static char *read_cmdline(size_t *len)
{
    size_t cap = 4096;
    char *buf = malloc(cap);
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    ssize_t n;

    *len = 0;
    if (!buf || fd < 0) {
        free(buf);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    while ((n = read(fd, buf + *len, cap - *len)) > 0) {
        *len += (size_t)n;
        if (*len == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                break;
            buf = grown;
            cap *= 2;
        }
    }
    close(fd);
    return buf;
}

static char *build_command_line(void)
{
    size_t len, argc = 0;
    char *raw = read_cmdline(&len), *line = NULL;
    char **argv;

    if (!raw)
        return NULL;
    for (size_t i = 0; i < len; i++)
        argc += raw[i] == '\0';
    argv = malloc((argc + 1) * sizeof(*argv));
    if (argv) {
        char *p = raw;
        for (size_t i = 0; i < argc; i++, p += strlen(p) + 1)
            argv[i] = p;
        line = w32_join_command_line(argv, argc);
    }
    free(argv);
    free(raw);
    return line;
}

static void init_command_line(void)
{
    static char empty_a[1];
    static WCHAR empty_w[1];
    int n;

    command_line_a = build_command_line();
    if (!command_line_a) {
        command_line_a = empty_a;
        command_line_w = empty_w;
        return;
    }
    n = MultiByteToWideChar(CP_UTF8, 0, command_line_a, -1, NULL, 0);
    command_line_w = n > 0 ? malloc((size_t)n * sizeof(WCHAR)) : NULL;
    if (command_line_w)
        MultiByteToWideChar(CP_UTF8, 0, command_line_a, -1, command_line_w, n);
    else
        command_line_w = empty_w;
}

LPSTR WINAPI GetCommandLineA(void)
{
    pthread_once(&command_line_once, init_command_line);
    return command_line_a;
}

LPWSTR WINAPI GetCommandLineW(void)
{
    pthread_once(&command_line_once, init_command_line);
    return command_line_w;
}

/* ---- variables ---- */

/* A name Windows could hold: not empty, no '=' (Windows allows a leading one). */
static bool valid_name(LPCSTR name)
{
    return name && *name && !strchr(name, '=');
}

/* The "name=value" entry of environ for name, exact match first, else any case. Lock held. */
static char *find_entry(const char *name)
{
    size_t len = strlen(name);
    char *caseless = NULL;

    for (char **e = environ; e && *e; e++) {
        /* A match of the first len bytes makes (*e)[len] safe to read. */
        if (strncasecmp(*e, name, len) != 0 || (*e)[len] != '=')
            continue;
        if (strncmp(*e, name, len) == 0)
            return *e;
        if (!caseless)
            caseless = *e;
    }
    return caseless;
}

/* The value of name, malloc'd (*found false, NULL: not set). NULL, *found true: no memory. */
static char *get_value(LPCSTR name, bool *found)
{
    char *entry, *value = NULL;

    *found = false;
    if (!valid_name(name))
        return NULL;
    pthread_mutex_lock(&env_lock);
    entry = find_entry(name);
    if (entry) {
        *found = true;
        value = strdup(entry + strlen(name) + 1);
    }
    pthread_mutex_unlock(&env_lock);
    return value;
}

/* The value, or NULL with the last error set. */
static char *lookup(LPCSTR name)
{
    bool found;
    char *value = get_value(name, &found);

    if (!value)
        w32_set_error(found ? ERROR_NOT_ENOUGH_MEMORY : ERROR_ENVVAR_NOT_FOUND);
    return value;
}

DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize)
{
    char *value = lookup(lpName);
    size_t len;

    if (!value)
        return 0;
    len = strlen(value);
    if (nSize > len && !lpBuffer) {
        free(value);
        w32_set_error(ERROR_NOACCESS);
        return 0;
    }
    if (nSize > len)
        memcpy(lpBuffer, value, len + 1);
    free(value);
    return (DWORD)(nSize > len ? len : len + 1);
}

DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize)
{
    char *name = lpName ? w32_utf16_to_utf8(lpName) : NULL;
    char *value;
    int len = 0;

    if (lpName && !name) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    value = lookup(name);
    free(name);
    if (!value)
        return 0;
    len = (int)w32_name_to_utf16n(value, strlen(value), NULL);
    if ((DWORD)len < nSize && !lpBuffer) {
        free(value);
        w32_set_error(ERROR_NOACCESS);
        return 0;
    }
    if ((DWORD)len < nSize) {
        w32_name_to_utf16n(value, strlen(value), lpBuffer);
        lpBuffer[len] = 0;
    }
    free(value);
    return (DWORD)len < nSize ? (DWORD)len : (DWORD)len + 1;
}

BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue)
{
    char *entry, *name;
    int r = 0;

    if (!valid_name(lpName)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&env_lock);
    /* The variable keeps the spelling it has: setting "path" changes PATH. */
    entry = find_entry(lpName);
    name = entry ? strndup(entry, strlen(lpName)) : strdup(lpName);
    if (name)
        r = lpValue ? setenv(name, lpValue, 1) : unsetenv(name);
    pthread_mutex_unlock(&env_lock);
    free(name);
    if (!name || r != 0) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue)
{
    char *name = lpName ? w32_utf16_to_utf8(lpName) : NULL;
    char *value = lpValue ? w32_utf16_to_utf8(lpValue) : NULL;
    BOOL ok;

    if ((lpName && !name) || (lpValue && !value)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        ok = FALSE;
    } else {
        ok = SetEnvironmentVariableA(name, value);
    }
    free(name);
    free(value);
    return ok;
}

/* ---- the whole block ---- */

/* "a=1\0b=2\0\0", malloc'd; *size counts every byte. */
static char *environment_block(size_t *size)
{
    char *block, *out;

    pthread_mutex_lock(&env_lock);
    *size = 1;
    for (char **e = environ; e && *e; e++)
        *size += strlen(*e) + 1;
    if (*size == 1)
        *size = 2;              /* an empty block is still two NULs */
    block = calloc(1, *size);
    out = block;
    for (char **e = environ; block && e && *e; e++)
        out = stpcpy(out, *e) + 1;
    pthread_mutex_unlock(&env_lock);
    return block;
}

LPCH WINAPI GetEnvironmentStringsA(void)
{
    size_t size;
    char *block = environment_block(&size);

    if (!block)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return block;
}

LPWCH WINAPI GetEnvironmentStringsW(void)
{
    size_t size;
    char *block = environment_block(&size);
    WCHAR *wide = NULL;

    if (block) {
        wide = malloc(w32_name_to_utf16n(block, size, NULL) * sizeof(WCHAR));
        if (wide)
            w32_name_to_utf16n(block, size, wide);
    }
    free(block);
    if (!wide)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return wide;
}

BOOL WINAPI FreeEnvironmentStringsA(LPCH penv)
{
    free(penv);
    return TRUE;
}

BOOL WINAPI FreeEnvironmentStringsW(LPWCH penv)
{
    free(penv);
    return TRUE;
}

/* ---- %NAME% expansion ---- */

struct text {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void append(struct text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *grown = realloc(t->buf, cap);
        if (!grown) {
            t->failed = true;
            return;
        }
        t->buf = grown;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

/*
 * src with each %NAME% of a set variable replaced by its value; a name that
 * is not set stays as written, both '%' included (as Wine does).
 * Malloc'd, NULL when out of memory.
 */
static char *expand(const char *src)
{
    struct text t = { 0 };

    append(&t, "", 0);
    while (*src) {
        const char *close = *src == '%' ? strchr(src + 1, '%') : NULL;
        char *name, *value = NULL;
        bool found = false;
        if (!close) {
            size_t n = *src == '%' ? strlen(src) : strcspn(src, "%");
            append(&t, src, n);
            src += n;
            continue;
        }
        name = strndup(src + 1, (size_t)(close - src - 1));
        if (name)
            value = get_value(name, &found);
        free(name);
        if (!name || (found && !value))
            t.failed = true;
        if (value)
            append(&t, value, strlen(value));
        else
            append(&t, src, (size_t)(close - src + 1));
        src = close + 1;
        free(value);
    }
    if (t.failed) {
        free(t.buf);
        return NULL;
    }
    return t.buf;
}

DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst, DWORD nSize)
{
    char *result = expand(lpSrc ? lpSrc : "");
    size_t need;

    if (!result) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    need = strlen(result) + 1;
    if (lpDst && nSize >= need)
        memcpy(lpDst, result, need);
    free(result);
    return (DWORD)need;
}

DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR lpSrc, LPWSTR lpDst, DWORD nSize)
{
    char *src = w32_utf16_to_utf8(lpSrc ? lpSrc : u"");
    char *result = src ? expand(src) : NULL;
    size_t need;

    free(src);
    if (!result) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    need = w32_name_to_utf16n(result, strlen(result) + 1, NULL);
    if (lpDst && nSize >= need)
        w32_name_to_utf16n(result, strlen(result) + 1, lpDst);
    free(result);
    return (DWORD)need;
}

/* fork (fork.h): the env lock is held across a fork. */
void w32_environ_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&env_lock, phase);
}
