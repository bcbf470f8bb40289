/* Windows paths to POSIX paths (lib/path.h states the mapping). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include "cmdline.h"
#include "error.h"
#include "path.h"

static bool is_sep(char c)
{
    return c == '/' || c == '\\';
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool fail(DWORD error)
{
    w32_set_error(error);
    return false;
}

/* ---- the components of a path, resolved as text ---- */

struct component {
    const char *s;
    size_t len;
};

/*
 * A path below some base: its components once "." and ".." are resolved,
 * how many levels its leading ".." climb above the base, and whether it
 * ends with a separator.
 */
struct rel_path {
    struct component *parts;
    size_t count;
    size_t ups;
    bool trailing_sep;
};

/* What normalization leaves of one component: the final one loses its
 * trailing dots and spaces, another one trailing dot (not "..": Vista on). */
static size_t trimmed_length(const char *s, size_t len, bool final)
{
    if (final) {
        while (len > 0 && (s[len - 1] == '.' || s[len - 1] == ' '))
            len--;
    } else if (len >= 2 && s[len - 1] == '.' && s[len - 2] != '.') {
        len--;
    }
    return len;
}

/*
 * The final component, once "." and ".." are resolved, loses its trailing
 * dots and spaces (RtlGetFullPathName_U trims the end of the resolved path),
 * unless the path ends with a separator; trimmed to nothing, it leaves the
 * separator ("dir\..." is "dir\").
 */
static void trim_final(struct rel_path *rel)
{
    struct component *last = rel->count ? &rel->parts[rel->count - 1] : NULL;

    if (!last || rel->trailing_sep)
        return;
    last->len = trimmed_length(last->s, last->len, true);
    if (!last->len) {
        rel->count--;
        rel->trailing_sep = true;
    }
}

/* Splits s into rel (parts allocated); verbatim keeps every component as it is. */
static bool split(const char *s, bool verbatim, struct rel_path *rel)
{
    size_t n = strlen(s);

    *rel = (struct rel_path){ .parts = malloc((n / 2 + 1) * sizeof(struct component)) };
    if (!rel->parts)
        return fail(ERROR_NOT_ENOUGH_MEMORY);
    rel->trailing_sep = n > 0 && is_sep(s[n - 1]);
    for (size_t i = 0; i < n;) {
        size_t start = i, len;
        while (i < n && !is_sep(s[i]))
            i++;
        len = i - start;
        while (i < n && is_sep(s[i]))
            i++;
        if (len == 0 || (!verbatim && len == 1 && s[start] == '.'))
            continue;
        if (!verbatim && len == 2 && s[start] == '.' && s[start + 1] == '.') {
            if (rel->count)
                rel->count--;
            else
                rel->ups++;
            continue;
        }
        if (!verbatim)
            len = trimmed_length(s + start, len, false);
        rel->parts[rel->count++] = (struct component){ s + start, len };
    }
    if (!verbatim)
        trim_final(rel);
    return true;
}

/*
 * base, then rel, as one malloc'd path; the leading ".." of rel climb out of
 * base but never below its first floor bytes (a root). base "" makes a
 * relative path.
 */
static char *join(const char *base, size_t floor, const struct rel_path *rel)
{
    size_t len = strlen(base), size = len + 2;
    char *out;

    for (size_t i = 0; i < rel->count; i++)
        size += rel->parts[i].len + 1;
    out = malloc(size);
    if (!out) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    memcpy(out, base, len);
    for (size_t up = 0; up < rel->ups && len > floor; up++) {
        while (len > floor && out[len - 1] != '/')
            len--;
        if (len > floor && len > 1)
            len--;                          /* its separator, not the root */
    }
    for (size_t i = 0; i < rel->count; i++) {
        if (len > 0 && out[len - 1] != '/')
            out[len++] = '/';
        memcpy(out + len, rel->parts[i].s, rel->parts[i].len);
        len += rel->parts[i].len;
    }
    if (rel->trailing_sep && len > 0 && out[len - 1] != '/')
        out[len++] = '/';
    out[len] = '\0';
    return out;
}

/* rel alone, as a relative POSIX path ("." when nothing is left). */
static char *join_relative(const struct rel_path *rel)
{
    char *out = join("", 0, rel);

    if (out && !out[0]) {
        free(out);
        out = strdup(".");
        if (!out)
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    }
    return out;
}

/* ---- what the path is relative to ---- */

static char *current_directory(void)
{
    char *cwd = getcwd(NULL, 0);

    if (!cwd)   /* a directory deleted under us: Windows keeps it from being deleted */
        w32_set_error(errno == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_PATH_NOT_FOUND);
    return cwd;
}

/* The POSIX root of drive letter, malloc'd, without a trailing slash but "/". */
static char *drive_root(char letter)
{
    char var[] = "W32SHIM_DRIVE_?";
    const char *value;
    char *root = NULL;
    size_t len;

    var[sizeof(var) - 2] = (char)toupper((unsigned char)letter);
    w32_env_lock();
    value = getenv(var);
    if (!value && var[sizeof(var) - 2] == 'C')
        value = "/";
    if (value && value[0] == '/')
        root = strdup(value);
    w32_env_unlock();
    if (!root) {
        w32_set_error(value && value[0] == '/' ? ERROR_NOT_ENOUGH_MEMORY : ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    for (len = strlen(root); len > 1 && root[len - 1] == '/'; len--)
        root[len - 1] = '\0';
    return root;
}

/* Whether dir lies within root (both without trailing slashes, but "/"). */
static bool lies_within(const char *dir, const char *root)
{
    size_t n = strlen(root);

    return n == 1 || (strncmp(dir, root, n) == 0 && (dir[n] == '/' || !dir[n]));
}

/*
 * The Windows form of an absolute POSIX path, as GetFinalPathNameByHandle
 * gives it: "\\?\X:\dir\file" on the drive whose root holds it (the
 * deepest, when one drive's root lies in another's), or "\dir\file" without
 * the drive when !with_drive. NULL with ERROR_PATH_NOT_FOUND when no drive
 * holds it, or ERROR_NOT_ENOUGH_MEMORY.
 */
char *w32_path_to_dos(const char *posix, bool with_drive)
{
    DWORD saved = w32_last_error;
    char letter = 0, *out, *q;
    const char *rest;
    size_t skip = 0;

    for (char c = 'A'; c <= 'Z'; c++) {
        char *root = drive_root(c);
        size_t n;

        if (!root)
            continue;
        n = strcmp(root, "/") == 0 ? 0 : strlen(root);
        if (lies_within(posix, root) && (!letter || n > skip)) {
            letter = c;
            skip = n;
        }
        free(root);
    }
    w32_set_error(saved);       /* drive_root's error for the drives that are not there */
    if (!letter) {
        w32_set_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    rest = posix[skip] ? posix + skip : "/";
    out = with_drive ? NULL : strdup(rest);
    if (with_drive && asprintf(&out, "\\\\?\\%c:%s", letter, rest) < 0)
        out = NULL;
    if (!out) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (q = out; *q; q++)
        if (*q == '/')
            *q = '\\';
    return out;
}

/* ---- devices ---- */

/* The POSIX file of DOS device name[0..len), or "" for a device that is not here; NULL if none. */
static const char *device_file(const char *name, size_t len)
{
    static const char *const absent[] = { "AUX", "PRN" };

    if (len == 3 && strncasecmp(name, "NUL", 3) == 0)
        return "/dev/null";
    if ((len == 3 && strncasecmp(name, "CON", 3) == 0) ||
        (len == 6 && strncasecmp(name, "CONIN$", 6) == 0) ||
        (len == 7 && strncasecmp(name, "CONOUT$", 7) == 0))
        return "/dev/tty";
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
        if (len == 3 && strncasecmp(name, absent[i], 3) == 0)
            return "";
    if (len == 4 && (strncasecmp(name, "COM", 3) == 0 || strncasecmp(name, "LPT", 3) == 0) &&
        name[3] >= '1' && name[3] <= '9')
        return "";
    return NULL;
}

/*
 * The device the final component c[0..len) of a path names, as
 * RtlIsDosDeviceName_U finds it (Windows 10's rule): trailing colons go, then
 * an extension or trailing spaces; a stream name after a colon is the name.
 * NULL if it names none.
 */
static const char *device_component(const char *c, size_t len)
{
    size_t stop = len, start;
    const char *dot;

    while (stop > 0 && c[stop - 1] == ':')
        stop--;
    for (start = stop; start > 0; start--)
        if (c[start - 1] == ':' && c[start] != '.')
            break;
    dot = memchr(c + start, '.', stop - start);
    if (dot) {
        stop = (size_t)(dot - c);
        if (stop > start && c[stop - 1] == ':')
            stop--;
    }
    while (stop > start && c[stop - 1] == ' ')
        stop--;
    return device_file(c + start, stop - start);
}

/* The device the final component of rel names; NULL if none, or if the path
 * ends with a separator (a directory named NUL is no device). */
static const char *rel_device(const struct rel_path *rel)
{
    const struct component *last = rel->count ? &rel->parts[rel->count - 1] : NULL;

    return last && !rel->trailing_sep ? device_component(last->s, last->len) : NULL;
}

static char *device_path(const char *file, unsigned flags)
{
    char *path;

    if (!*file || (flags & W32_PATH_NO_DEVICE)) {
        w32_set_error(*file ? ERROR_INVALID_PARAMETER : ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    path = strdup(file);
    if (!path)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return path;
}

/* ---- the kinds of path ---- */

/* rest (after a drive letter and its colon) below that drive's root. */
static char *on_drive(char letter, const char *rest, bool verbatim, unsigned flags)
{
    char *root = drive_root(letter), *cwd = NULL, *out = NULL;
    struct rel_path rel;

    if (!root || !split(rest, verbatim, &rel)) {
        free(root);
        return NULL;
    }
    if (!verbatim && rel_device(&rel)) {
        out = device_path(rel_device(&rel), flags);
    } else if (is_sep(rest[0]) || verbatim) {
        out = join(root, strlen(root), &rel);
    } else if ((cwd = current_directory())) {
        /* C:x: the current directory if it is on drive C, else C's root */
        bool here = lies_within(cwd, root);
        out = join(here ? cwd : root, strlen(root), &rel);
    }
    free(cwd);
    free(root);
    free(rel.parts);
    return out;
}

/* A path of the current drive: rooted (\x, /x) or relative. */
static char *on_current_drive(const char *path, unsigned flags)
{
    struct rel_path rel;
    char *cwd, *out;

    if (!split(path, false, &rel))
        return NULL;
    if (rel_device(&rel)) {
        out = device_path(rel_device(&rel), flags);
    } else if (is_sep(path[0])) {
        out = join("/", 1, &rel);
    } else if (!rel.ups && !(flags & W32_PATH_ABSOLUTE)) {
        out = join_relative(&rel);
    } else {
        cwd = current_directory();
        out = cwd ? join(cwd, 1, &rel) : NULL;
        free(cwd);
    }
    free(rel.parts);
    return out;
}

/* What follows \\.\ or \\?\: a drive path, or a device. */
static char *in_device_namespace(const char *rest, bool verbatim, unsigned flags)
{
    size_t len = 0;
    const char *file;

    if (is_letter(rest[0]) && rest[1] == ':' && (!rest[2] || is_sep(rest[2]))) {
        if (!rest[2]) {
            w32_set_error(ERROR_FILE_NOT_FOUND);    /* the volume itself: no raw devices */
            return NULL;
        }
        return on_drive(rest[0], rest + 2, verbatim, flags);
    }
    if (verbatim && strncasecmp(rest, "UNC", 3) == 0 && (!rest[3] || is_sep(rest[3]))) {
        w32_set_error(ERROR_BAD_NETPATH);
        return NULL;
    }
    while (rest[len] && !is_sep(rest[len]))
        len++;
    if (!verbatim)
        len = trimmed_length(rest, len, true);
    file = device_file(rest, len);
    return device_path(file && !rest[len + strspn(rest + len, ". ")] ? file : "", flags);
}

/*
 * \\?\ before a POSIX absolute path, as a program makes a long path of one
 * w32shim gave it (GetFullPathName, _getcwd): that path, as it is (no
 * Windows path begins \\?\/, so none changes meaning).
 */
static char *verbatim_posix(const char *path)
{
    struct rel_path rel;
    char *out;

    if (!split(path, true, &rel))
        return NULL;
    out = join("/", 1, &rel);
    free(rel.parts);
    return out;
}

/*
 * Whether a path that names a file holds a character no Windows file name
 * has: the wildcards (* ? and the DOS ones < > "), | and the control
 * characters. The ? of a \\?\ prefix (or //?/) is the prefix's.
 */
static bool has_invalid_name_char(const char *name)
{
    if (is_sep(name[0]) && is_sep(name[1]) && name[2] == '?' && is_sep(name[3]))
        name += 4;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 32 || strchr("<>\"|?*", *p))
            return true;
    return false;
}

char *w32_path_to_posix(const char *name, unsigned flags)
{
    if (!name || !*name) {
        w32_set_error(ERROR_PATH_NOT_FOUND);
        return NULL;
    }
    if ((flags & (W32_PATH_NAME | W32_PATH_NO_DEVICE)) && has_invalid_name_char(name)) {
        w32_set_error(ERROR_INVALID_NAME);
        return NULL;
    }
    if (strncmp(name, "\\\\?\\", 4) == 0 && name[4] == '/')
        return verbatim_posix(name + 4);
    if (strncmp(name, "\\\\?\\", 4) == 0)
        return in_device_namespace(name + 4, true, flags);
    if (is_sep(name[0]) && is_sep(name[1])) {
        if ((name[2] == '.' || name[2] == '?') && (!name[3] || is_sep(name[3])))
            return in_device_namespace(name + 3 + strspn(name + 3, "/\\"), false, flags);
        w32_set_error(ERROR_BAD_NETPATH);
        return NULL;
    }
    if (is_letter(name[0]) && name[1] == ':')
        return on_drive(name[0], name + 2, false, flags);
    return on_current_drive(name, flags);
}
