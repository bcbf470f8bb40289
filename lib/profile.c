/*
 * Initialization (.ini) files: the GetPrivateProfile* and WritePrivateProfile*
 * functions, and the Profile ones, which use win.ini.
 *
 * A file is read whole into a list of lines, looked up or edited there, and
 * written back whole. Lines are kept as the file has them, so an edit leaves
 * every other line (comments, blank lines, spacing, text before the first
 * section, bytes that are not UTF-8) as it was; only line ends become CRLF,
 * as Windows writes them. A writer serializes with other writers of the same
 * file (flock, in any process) and replaces the file by renaming a complete
 * copy over it, so a reader in another process sees the old file or the new
 * one, never a mix.
 *
 * The text is UTF-16 inside, as in Windows. An ANSI file (the code page is
 * UTF-8) is decoded losslessly (lib/unicode.h's name form), so a byte that is
 * not UTF-8 comes back unchanged through the A functions and the file; a file
 * that starts with a UTF-16LE or UTF-8 byte order mark is read as such and
 * written back in the same form. A new file is ANSI.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <windows.h>

#include "error.h"
#include "file.h"
#include "path.h"
#include "unicode.h"

enum ini_encoding { INI_ANSI, INI_UTF8_BOM, INI_UTF16LE_BOM };

enum ini_kind { INI_BLANK, INI_COMMENT, INI_SECTION, INI_ENTRY };

/* One line: its text as the file has it, and what it says. */
struct ini_line {
    WCHAR *text;        /* without the line end; may hold NULs (text before sections) */
    size_t len;
    enum ini_kind kind;
    WCHAR *name;        /* a section's name or an entry's key, trimmed */
    WCHAR *value;       /* an entry's value, trimmed; NULL for a line without '=' */
};

struct ini {
    struct ini_line *lines;
    size_t count, cap;
    enum ini_encoding encoding;
};

/* What a query returns: one string, or a list of strings each ending in NUL. */
struct ini_result {
    WCHAR *text;
    size_t len;         /* units, without a final NUL */
    bool list;
};

/* ---- lines ---- */

/* The blanks Windows trims around names and values. */
static bool is_blank(WCHAR c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n' || c == 0x1a;
}

static WCHAR *dup_range(const WCHAR *s, size_t len)
{
    WCHAR *copy = malloc((len + 1) * sizeof(WCHAR));

    if (!copy)
        return NULL;
    memcpy(copy, s, len * sizeof(WCHAR));
    copy[len] = 0;
    return copy;
}

/* A malloc'd copy of s[0..len) without the blanks at either end. */
static WCHAR *dup_trimmed(const WCHAR *s, size_t len)
{
    while (len && is_blank(*s)) {
        s++;
        len--;
    }
    while (len && is_blank(s[len - 1]))
        len--;
    return dup_range(s, len);
}

/* Fills in what the line's text says; false when out of memory. */
static bool classify(struct ini_line *line)
{
    const WCHAR *s = line->text, *end = s + line->len, *eq;

    while (s < end && is_blank(*s))
        s++;
    line->name = line->value = NULL;
    if (s == end || !*s) {
        line->kind = INI_BLANK;
        return true;
    }
    if (*s == ';') {
        line->kind = INI_COMMENT;
        return true;
    }
    if (*s == '[') {
        const WCHAR *close = end;

        /* The name runs to the last ']'; a header without one runs to the end. */
        for (const WCHAR *p = end; p > s + 1; p--)
            if (p[-1] == ']') {
                close = p - 1;
                break;
            }
        line->kind = INI_SECTION;
        line->name = dup_trimmed(s + 1, (size_t)(close - s - 1));
        return line->name != NULL;
    }
    line->kind = INI_ENTRY;
    for (eq = s; eq < end && *eq != '='; eq++)
        ;
    line->name = dup_trimmed(s, (size_t)(eq - s));
    if (!line->name)
        return false;
    if (eq == end)
        return true;
    line->value = dup_trimmed(eq + 1, (size_t)(end - eq - 1));
    return line->value != NULL;
}

static void line_free(struct ini_line *line)
{
    free(line->text);
    free(line->name);
    free(line->value);
}

static void ini_free(struct ini *ini)
{
    for (size_t i = 0; i < ini->count; i++)
        line_free(&ini->lines[i]);
    free(ini->lines);
    memset(ini, 0, sizeof(*ini));
}

/* Inserts a line of the len units at text before line at; false when out of memory. */
static bool insert_line(struct ini *ini, size_t at, const WCHAR *text, size_t len)
{
    struct ini_line line = { 0 };

    if (ini->count == ini->cap) {
        size_t cap = ini->cap ? ini->cap * 2 : 16;
        struct ini_line *lines = realloc(ini->lines, cap * sizeof(*lines));

        if (!lines)
            return false;
        ini->lines = lines;
        ini->cap = cap;
    }
    line.text = dup_range(text, len);
    line.len = len;
    if (!line.text || !classify(&line)) {
        line_free(&line);
        return false;
    }
    memmove(&ini->lines[at + 1], &ini->lines[at], (ini->count - at) * sizeof(line));
    ini->lines[at] = line;
    ini->count++;
    return true;
}

static void remove_lines(struct ini *ini, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        line_free(&ini->lines[i]);
    memmove(&ini->lines[from], &ini->lines[to], (ini->count - to) * sizeof(*ini->lines));
    ini->count -= to - from;
}

/* ---- the file's bytes ---- */

/* Splits text into lines at CR LF, CR or LF; false when out of memory. */
static bool parse_text(struct ini *ini, const WCHAR *text, size_t len)
{
    size_t start = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '\r' && text[i] != '\n')
            continue;
        if (i == len && start == len)
            break;
        if (!insert_line(ini, ini->count, text + start, i - start))
            return false;
        if (i + 1 < len && text[i] == '\r' && text[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    return true;
}

/* The file's bytes as lines, in the encoding its byte order mark names. */
static bool parse_bytes(struct ini *ini, const unsigned char *data, size_t size)
{
    WCHAR *text;
    size_t len;
    bool done;

    if (size >= 2 && data[0] == 0xff && data[1] == 0xfe) {
        ini->encoding = INI_UTF16LE_BOM;
        len = (size - 2) / 2;
        text = malloc((len + 1) * sizeof(WCHAR));
        if (!text)
            return false;
        for (size_t i = 0; i < len; i++)
            text[i] = (WCHAR)(data[2 + 2 * i] | data[3 + 2 * i] << 8);
    } else {
        if (size >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
            ini->encoding = INI_UTF8_BOM;
            data += 3;
            size -= 3;
        }
        len = w32_name_to_utf16n((const char *)data, size, NULL);
        text = malloc((len + 1) * sizeof(WCHAR));
        if (!text)
            return false;
        w32_name_to_utf16n((const char *)data, size, text);
    }
    done = parse_text(ini, text, len);
    free(text);
    return done;
}

/* The lines as the file's bytes, each ending in CR LF; malloc'd, NULL when out of memory. */
static unsigned char *format_bytes(const struct ini *ini, size_t *size)
{
    size_t units = 0, pos = 0;
    WCHAR *text;
    unsigned char *out;

    for (size_t i = 0; i < ini->count; i++)
        units += ini->lines[i].len + 2;
    text = malloc((units + 1) * sizeof(WCHAR));
    if (!text)
        return NULL;
    for (size_t i = 0; i < ini->count; i++) {
        memcpy(text + pos, ini->lines[i].text, ini->lines[i].len * sizeof(WCHAR));
        pos += ini->lines[i].len;
        text[pos++] = '\r';
        text[pos++] = '\n';
    }
    if (ini->encoding == INI_UTF16LE_BOM) {
        *size = 2 + 2 * units;
        out = malloc(*size);
        if (out) {
            out[0] = 0xff;
            out[1] = 0xfe;
            for (size_t i = 0; i < units; i++) {
                out[2 + 2 * i] = (unsigned char)(text[i] & 0xff);
                out[3 + 2 * i] = (unsigned char)(text[i] >> 8);
            }
        }
    } else {
        size_t bom = ini->encoding == INI_UTF8_BOM ? 3 : 0;

        *size = bom + w32_name_from_utf16n(text, units, NULL);
        out = malloc(*size + 1);
        if (out) {
            memcpy(out, "\xef\xbb\xbf", bom);
            w32_name_from_utf16n(text, units, (char *)out + bom);
        }
    }
    free(text);
    return out;
}

/* Reads all of fd from offset 0; malloc'd, NULL with errno set on failure. */
static unsigned char *read_all(int fd, size_t *size)
{
    size_t cap = 4096, len = 0;
    unsigned char *data = malloc(cap);

    while (data) {
        ssize_t n;

        if (len == cap) {
            unsigned char *bigger = realloc(data, cap * 2);

            if (!bigger)
                break;
            data = bigger;
            cap *= 2;
        }
        n = pread(fd, data + len, cap - len, (off_t)len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        if (n == 0) {
            *size = len;
            return data;
        }
        len += (size_t)n;
    }
    free(data);
    return NULL;
}

/* ---- file names ---- */

/*
 * The file Windows opens for name: win.ini for NULL; a bare file name (no
 * separator, no drive) lies in the Windows directory; anything else is a path
 * as CreateFile takes it. Malloc'd; NULL when out of memory.
 */
static WCHAR *ini_file_name(LPCWSTR name)
{
    static const WCHAR win_ini[] = { 'w', 'i', 'n', '.', 'i', 'n', 'i', 0 };
    WCHAR dir[MAX_PATH];
    size_t dir_len, name_len;
    WCHAR *full;
    bool bare = true;

    if (!name)
        name = win_ini;
    name_len = lstrlenW(name);
    for (size_t i = 0; i < name_len; i++)
        if (name[i] == '\\' || name[i] == '/' || (i == 1 && name[i] == ':'))
            bare = false;
    if (!bare)
        return dup_range(name, name_len);
    dir_len = GetWindowsDirectoryW(dir, MAX_PATH);
    full = malloc((dir_len + name_len + 2) * sizeof(WCHAR));
    if (!full)
        return NULL;
    memcpy(full, dir, dir_len * sizeof(WCHAR));
    full[dir_len] = '\\';
    memcpy(full + dir_len + 1, name, (name_len + 1) * sizeof(WCHAR));
    return full;
}

/* Reads the file into ini; false, with the last error set, when it cannot be read. */
static bool ini_load(LPCWSTR name, struct ini *ini)
{
    WCHAR *path = ini_file_name(name);
    struct w32_object *ref;
    unsigned char *data;
    size_t size;
    HANDLE h;
    bool done = false;
    int fd;

    memset(ini, 0, sizeof(*ini));
    if (!path) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    /* Others may hold the file for reading or writing, as on Windows. */
    h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, 0, NULL);
    free(path);
    if (h == INVALID_HANDLE_VALUE)
        return false;
    fd = w32_handle_fd(h, GENERIC_READ, &ref);
    data = fd < 0 ? NULL : read_all(fd, &size);
    if (fd >= 0)
        w32_object_unref(ref);
    if (data)
        done = parse_bytes(ini, data, size);
    else if (fd >= 0)
        SetLastError(w32_error_from_errno(errno));
    if (data && !done)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    free(data);
    CloseHandle(h);
    if (!done)
        ini_free(ini);
    return done;
}

/* ---- queries ---- */

static bool same_name(const WCHAR *a, const WCHAR *b)
{
    return lstrcmpiW(a, b) == 0;
}

/* The header line of the first section named name, or ini->count. */
static size_t find_section(const struct ini *ini, const WCHAR *name)
{
    for (size_t i = 0; i < ini->count; i++)
        if (ini->lines[i].kind == INI_SECTION && same_name(ini->lines[i].name, name))
            return i;
    return ini->count;
}

/* The line after the last one of the section whose header is at. */
static size_t section_end(const struct ini *ini, size_t at)
{
    size_t i = at + 1;

    while (i < ini->count && ini->lines[i].kind != INI_SECTION)
        i++;
    return i;
}

/* The line of key in the section whose header is at, or ini->count. */
static size_t find_key(const struct ini *ini, size_t at, const WCHAR *key)
{
    size_t end = section_end(ini, at);

    for (size_t i = at + 1; i < end; i++)
        if (ini->lines[i].kind == INI_ENTRY && ini->lines[i].value &&
            same_name(ini->lines[i].name, key))
            return i;
    return ini->count;
}

/* Appends s (and '=' value, if value) and a NUL to a list; false when out of memory. */
static bool list_add(struct ini_result *r, const WCHAR *s, const WCHAR *value)
{
    size_t len = lstrlenW(s), vlen = value ? lstrlenW(value) + 1 : 0;
    WCHAR *text = realloc(r->text, (r->len + len + vlen + 2) * sizeof(WCHAR));

    if (!text)
        return false;
    r->text = text;
    memcpy(text + r->len, s, len * sizeof(WCHAR));
    r->len += len;
    if (value) {
        text[r->len++] = '=';
        memcpy(text + r->len, value, (vlen - 1) * sizeof(WCHAR));
        r->len += vlen - 1;
    }
    text[r->len++] = 0;
    return true;
}

static bool result_string(struct ini_result *r, const WCHAR *s, size_t len)
{
    r->list = false;
    r->len = len;
    r->text = dup_range(s, len);
    return r->text != NULL;
}

static bool list_section_names(const struct ini *ini, struct ini_result *r)
{
    r->list = true;
    for (size_t i = 0; i < ini->count; i++)
        if (ini->lines[i].kind == INI_SECTION && ini->lines[i].name[0] &&
            !list_add(r, ini->lines[i].name, NULL))
            return false;
    return true;
}

/* The keys of a section (with_values: its entries as key=value, and lines without '='). */
static bool list_section(const struct ini *ini, const WCHAR *section, bool with_values,
                         struct ini_result *r)
{
    size_t at = find_section(ini, section), end;

    r->list = true;
    if (at == ini->count)
        return true;
    end = section_end(ini, at);
    for (size_t i = at + 1; i < end; i++) {
        const struct ini_line *line = &ini->lines[i];

        if (line->kind != INI_ENTRY)
            continue;
        if (with_values ? !list_add(r, line->name, line->value)
                        : line->value && line->name[0] && !list_add(r, line->name, NULL))
            return false;
    }
    return true;
}

/* A value without the quotation marks ('' or "") around it. */
static bool result_value(const WCHAR *value, struct ini_result *r)
{
    size_t len = lstrlenW(value);

    if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0])
        return result_string(r, value + 1, len - 2);
    return result_string(r, value, len);
}

/* The default without its trailing spaces; NULL is "". */
static bool result_default(const WCHAR *def, struct ini_result *r)
{
    static const WCHAR empty[] = { 0 };
    size_t len = def ? lstrlenW(def) : 0;

    while (len && def[len - 1] == ' ')
        len--;
    return result_string(r, def ? def : empty, len);
}

/* GetPrivateProfileString's answer, whole; false when out of memory. */
static bool query_string(LPCWSTR section, LPCWSTR key, LPCWSTR def, LPCWSTR file,
                         struct ini_result *r)
{
    struct ini ini;
    size_t at, line;
    bool done;

    memset(r, 0, sizeof(*r));
    if (!ini_load(file, &ini))
        return result_default(def, r);
    if (!section)
        done = list_section_names(&ini, r);
    else if (!key)
        done = list_section(&ini, section, false, r) && (r->len || result_default(def, r));
    else if ((at = find_section(&ini, section)) == ini.count ||
             (line = find_key(&ini, at, key)) == ini.count)
        done = result_default(def, r);
    else
        done = result_value(ini.lines[line].value, r);
    ini_free(&ini);
    return done;
}

/* ---- the caller's buffer ---- */

/*
 * Windows' buffer contract, in units of the caller's characters: a string
 * that does not fit is cut to size - 1 and NUL-ended; a list that does not
 * fit with room to spare (Windows wants len + 2 units) is cut to size - 2
 * and ends in two NULs. An empty list is one NUL.
 */
static DWORD put_units(const void *text, size_t len, bool list, void *buf, DWORD size,
                       size_t unit)
{
    char *out = buf;

    if (!buf || !size)
        return 0;
    if (list && len && len + 2 <= size) {
        memcpy(out, text, len * unit);
        memset(out + len * unit, 0, unit);
        return (DWORD)len;
    }
    if (list && len) {
        size_t keep = size >= 2 ? size - 2 : 0;

        memcpy(out, text, keep * unit);
        memset(out + keep * unit, 0, (size - keep) * unit);
        return (DWORD)keep;
    }
    if (len >= size)
        len = size - 1;
    if (len)
        memcpy(out, text, len * unit);
    memset(out + len * unit, 0, unit);
    return (DWORD)len;
}

static DWORD put_result_w(const struct ini_result *r, LPWSTR buf, DWORD size)
{
    return put_units(r->text, r->len, r->list, buf, size, sizeof(WCHAR));
}

/* The result in the ANSI code page (the name form: bytes come back as the file has them). */
static DWORD put_result_a(const struct ini_result *r, LPSTR buf, DWORD size)
{
    size_t len = w32_name_from_utf16n(r->text, r->len, NULL);
    char *text = malloc(len + 1);
    DWORD n;

    if (!text) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    w32_name_from_utf16n(r->text, r->len, text);
    n = put_units(text, len, r->list, buf, size, 1);
    free(text);
    return n;
}

/* ---- ANSI arguments ---- */

/* A malloc'd UTF-16 form of an ANSI argument; NULL for NULL. */
static WCHAR *arg_w(LPCSTR s, bool *failed)
{
    WCHAR *w;

    if (!s)
        return NULL;
    w = w32_name_to_utf16(s);
    if (!w)
        *failed = true;
    return w;
}

/* The same for a list of strings ending in an empty one. */
static WCHAR *list_arg_w(LPCSTR s, bool *failed)
{
    const char *end = s;
    size_t units;
    WCHAR *w;

    if (!s)
        return NULL;
    while (*end)
        end += strlen(end) + 1;
    units = w32_name_to_utf16n(s, (size_t)(end - s) + 1, NULL);
    w = malloc(units * sizeof(WCHAR));
    if (!w) {
        *failed = true;
        return NULL;
    }
    w32_name_to_utf16n(s, (size_t)(end - s) + 1, w);
    return w;
}

/* ---- reading ---- */

DWORD WINAPI GetPrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpDefault,
                                      LPWSTR lpReturnedString, DWORD nSize, LPCWSTR lpFileName)
{
    struct ini_result r;
    DWORD n;

    if (!lpReturnedString || !nSize)
        return 0;
    if (!query_string(lpAppName, lpKeyName, lpDefault, lpFileName, &r)) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        free(r.text);
        return 0;
    }
    n = put_result_w(&r, lpReturnedString, nSize);
    free(r.text);
    return n;
}

DWORD WINAPI GetPrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpDefault,
                                      LPSTR lpReturnedString, DWORD nSize, LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *app = arg_w(lpAppName, &failed), *key = arg_w(lpKeyName, &failed);
    WCHAR *def = arg_w(lpDefault, &failed), *file = arg_w(lpFileName, &failed);
    struct ini_result r = { 0 };
    DWORD n = 0;

    if (!lpReturnedString || !nSize)
        failed = false;
    else if (failed || !query_string(app, key, def, file, &r))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        n = put_result_a(&r, lpReturnedString, nSize);
    free(r.text);
    free(app);
    free(key);
    free(def);
    free(file);
    return n;
}

/* The value of digit c in base, or base if it is none. */
static UINT digit_value(WCHAR c, UINT base)
{
    UINT v = base;

    if (c >= '0' && c <= '9')
        v = (UINT)(c - '0');
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        v = (UINT)((c | 0x20) - 'a' + 10);
    return v < base ? v : base;
}

/*
 * The number at the start of s as Windows reads it (RtlUnicodeStringToInteger
 * with base 0): an optional sign, then 0x, 0o or 0b for hexadecimal, octal
 * or binary, else decimal, wrapping modulo 2^32; anything else ends it.
 */
static UINT parse_int(const WCHAR *s)
{
    UINT value = 0, base = 10, d;
    bool negative = false;

    while (is_blank(*s))
        s++;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';
    if (s[0] == '0' && (s[1] | 0x20) == 'x') {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && (s[1] | 0x20) == 'o') {
        base = 8;
        s += 2;
    } else if (s[0] == '0' && (s[1] | 0x20) == 'b') {
        base = 2;
        s += 2;
    }
    for (; (d = digit_value(*s, base)) < base; s++)
        value = value * base + d;
    return negative ? 0u - value : value;
}

UINT WINAPI GetPrivateProfileIntW(LPCWSTR lpAppName, LPCWSTR lpKeyName, INT nDefault,
                                  LPCWSTR lpFileName)
{
    WCHAR buf[64];
    static const WCHAR empty[] = { 0 };

    /* An empty string, found or not, gives the default. */
    if (!GetPrivateProfileStringW(lpAppName, lpKeyName, empty, buf, 64, lpFileName))
        return (UINT)nDefault;
    return parse_int(buf);
}

UINT WINAPI GetPrivateProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName, INT nDefault,
                                  LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *app = arg_w(lpAppName, &failed), *key = arg_w(lpKeyName, &failed);
    WCHAR *file = arg_w(lpFileName, &failed);
    UINT n = (UINT)nDefault;

    if (failed)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        n = GetPrivateProfileIntW(app, key, nDefault, file);
    free(app);
    free(key);
    free(file);
    return n;
}

/* GetPrivateProfileSection's list; ERROR_SUCCESS or the error to report. */
static DWORD query_section(LPCWSTR section, LPCWSTR file, struct ini_result *r)
{
    struct ini ini;
    DWORD error = ERROR_SUCCESS;

    memset(r, 0, sizeof(*r));
    r->list = true;
    if (!ini_load(file, &ini))
        return GetLastError() == ERROR_NOT_ENOUGH_MEMORY ? ERROR_NOT_ENOUGH_MEMORY
                                                         : ERROR_FILE_NOT_FOUND;
    if (!list_section(&ini, section, true, r))
        error = ERROR_NOT_ENOUGH_MEMORY;
    ini_free(&ini);
    return error;
}

DWORD WINAPI GetPrivateProfileSectionW(LPCWSTR lpAppName, LPWSTR lpReturnedString, DWORD nSize,
                                       LPCWSTR lpFileName)
{
    struct ini_result r;
    DWORD error, n;

    if (!lpAppName || !lpReturnedString) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    error = query_section(lpAppName, lpFileName, &r);
    n = put_result_w(&r, lpReturnedString, nSize);
    free(r.text);
    SetLastError(error);
    return n;
}

DWORD WINAPI GetPrivateProfileSectionA(LPCSTR lpAppName, LPSTR lpReturnedString, DWORD nSize,
                                       LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *app, *file;
    struct ini_result r;
    DWORD error, n = 0;

    if (!lpAppName || !lpReturnedString) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    app = arg_w(lpAppName, &failed);
    file = arg_w(lpFileName, &failed);
    if (failed) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        error = query_section(app, file, &r);
        n = put_result_a(&r, lpReturnedString, nSize);
        free(r.text);
        SetLastError(error);
    }
    free(app);
    free(file);
    return n;
}

/* The section names; a file that cannot be read has none. */
static bool query_names(LPCWSTR file, struct ini_result *r)
{
    struct ini ini;
    bool done;

    memset(r, 0, sizeof(*r));
    r->list = true;
    if (!ini_load(file, &ini))
        return true;
    done = list_section_names(&ini, r);
    ini_free(&ini);
    return done;
}

DWORD WINAPI GetPrivateProfileSectionNamesW(LPWSTR lpszReturnBuffer, DWORD nSize,
                                            LPCWSTR lpFileName)
{
    struct ini_result r;
    DWORD n = 0;

    if (!lpszReturnBuffer || !nSize)
        return 0;
    if (query_names(lpFileName, &r))
        n = put_result_w(&r, lpszReturnBuffer, nSize);
    else
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    free(r.text);
    return n;
}

DWORD WINAPI GetPrivateProfileSectionNamesA(LPSTR lpszReturnBuffer, DWORD nSize,
                                            LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *file;
    struct ini_result r = { 0 };
    DWORD n = 0;

    if (!lpszReturnBuffer || !nSize)
        return 0;
    file = arg_w(lpFileName, &failed);
    if (failed || !query_names(file, &r))
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        n = put_result_a(&r, lpszReturnBuffer, nSize);
    free(r.text);
    free(file);
    return n;
}

/* ---- writing ---- */

/* An edit of the lines; false when out of memory. */
typedef bool (*ini_edit)(struct ini *ini, LPCWSTR section, LPCWSTR key, LPCWSTR value);

/* Opens the file for an edit, creating it, and holds it against other
 * writers: the handle checks sharing as Windows does, the flock orders
 * writers, and the loop takes a file another writer replaced meanwhile. */
static HANDLE open_for_edit(LPCWSTR path, const char *posix, int *fd, struct w32_object **ref)
{
    for (int tries = 0; tries < 1000; tries++) {
        HANDLE h = CreateFileW(path, GENERIC_READ | GENERIC_WRITE,
                               FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS, 0, NULL);
        struct stat held, named;

        if (h == INVALID_HANDLE_VALUE)
            return h;
        *fd = w32_handle_fd(h, GENERIC_READ, ref);
        if (*fd < 0) {
            CloseHandle(h);
            return INVALID_HANDLE_VALUE;
        }
        while (flock(*fd, LOCK_EX) < 0 && errno == EINTR)
            ;
        if (fstat(*fd, &held) == 0 && stat(posix, &named) == 0 && held.st_dev == named.st_dev &&
            held.st_ino == named.st_ino)
            return h;
        w32_object_unref(*ref);
        CloseHandle(h);
    }
    SetLastError(ERROR_SHARING_VIOLATION);
    return INVALID_HANDLE_VALUE;
}

/* Writes data to a new file beside posix and renames it over posix; errno on failure. */
static bool replace_file(const char *posix, int held_fd, const unsigned char *data, size_t size)
{
    size_t len = strlen(posix), done = 0;
    char *tmp = malloc(len + 8);
    struct stat st;
    int fd;

    if (!tmp)
        return false;
    memcpy(tmp, posix, len);
    memcpy(tmp + len, ".XXXXXX", 8);
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        free(tmp);
        return false;
    }
    if (fstat(held_fd, &st) == 0)
        fchmod(fd, st.st_mode & 07777);
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        done += (size_t)n;
    }
    if (done == size && fsync(fd) == 0 && close(fd) == 0 && rename(tmp, posix) == 0) {
        free(tmp);
        return true;
    }
    int saved = errno;
    if (done != size)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = saved;
    return false;
}

/* Reads the held file, applies edit and writes the result back. */
static bool edit_held(int fd, const char *posix, ini_edit edit, LPCWSTR section, LPCWSTR key,
                      LPCWSTR value)
{
    struct ini ini = { 0 };
    unsigned char *data, *out = NULL;
    size_t size;
    bool done = false;

    data = read_all(fd, &size);
    if (!data) {
        SetLastError(w32_error_from_errno(errno));
        return false;
    }
    if (parse_bytes(&ini, data, size) && edit(&ini, section, key, value))
        out = format_bytes(&ini, &size);
    if (!out)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else if (!(done = replace_file(posix, fd, out, size)))
        SetLastError(w32_error_from_errno(errno));
    free(out);
    free(data);
    ini_free(&ini);
    return done;
}

static BOOL ini_update(LPCWSTR file, ini_edit edit, LPCWSTR section, LPCWSTR key, LPCWSTR value)
{
    WCHAR *path = ini_file_name(file);
    char *name = path ? w32_utf16_to_utf8(path) : NULL;
    char *posix = name ? w32_path_to_posix(name, W32_PATH_ABSOLUTE) : NULL;
    char *real = NULL;
    struct w32_object *ref;
    BOOL done = FALSE;
    HANDLE h;
    int fd;

    if (!path || !name)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    if (posix && (h = open_for_edit(path, posix, &fd, &ref)) != INVALID_HANDLE_VALUE) {
        /* A link stays a link: the file it names is replaced. */
        real = realpath(posix, NULL);
        done = edit_held(fd, real ? real : posix, edit, section, key, value);
        w32_object_unref(ref);
        CloseHandle(h);
    }
    free(real);
    free(posix);
    free(name);
    free(path);
    return done;
}

/* Appends a "[section]" header; false when out of memory. */
static bool add_section(struct ini *ini, LPCWSTR section)
{
    size_t len = lstrlenW(section);
    WCHAR *text = malloc((len + 3) * sizeof(WCHAR));
    bool done;

    if (!text)
        return false;
    text[0] = '[';
    memcpy(text + 1, section, len * sizeof(WCHAR));
    text[len + 1] = ']';
    done = insert_line(ini, ini->count, text, len + 2);
    free(text);
    return done;
}

/* "key=value" as a line before line at; false when out of memory. */
static bool insert_entry(struct ini *ini, size_t at, LPCWSTR key, LPCWSTR value)
{
    size_t klen = lstrlenW(key), vlen = lstrlenW(value);
    WCHAR *text = malloc((klen + vlen + 1) * sizeof(WCHAR));
    bool done;

    if (!text)
        return false;
    memcpy(text, key, klen * sizeof(WCHAR));
    text[klen] = '=';
    memcpy(text + klen + 1, value, vlen * sizeof(WCHAR));
    done = insert_line(ini, at, text, klen + vlen + 1);
    free(text);
    return done;
}

/* Removes the section's header and lines, every section so named. */
static bool edit_delete_section(struct ini *ini, LPCWSTR section, LPCWSTR key, LPCWSTR value)
{
    size_t at;

    (void)key;
    (void)value;
    while ((at = find_section(ini, section)) < ini->count)
        remove_lines(ini, at, section_end(ini, at));
    return true;
}

static bool edit_delete_key(struct ini *ini, LPCWSTR section, LPCWSTR key, LPCWSTR value)
{
    size_t at = find_section(ini, section), line;

    (void)value;
    if (at < ini->count && (line = find_key(ini, at, key)) < ini->count)
        remove_lines(ini, line, line + 1);
    return true;
}

/* After the last line of the section that is not blank. */
static size_t append_point(const struct ini *ini, size_t at)
{
    size_t end = section_end(ini, at);

    while (end > at + 1 && ini->lines[end - 1].kind == INI_BLANK)
        end--;
    return end;
}

/* Sets key's value in place (keeping the key as the file spells it), or adds it. */
static bool edit_set_key(struct ini *ini, LPCWSTR section, LPCWSTR key, LPCWSTR value)
{
    size_t at = find_section(ini, section), line;
    WCHAR *spelled;
    bool done;

    if (at == ini->count)
        return add_section(ini, section) && insert_entry(ini, ini->count, key, value);
    line = find_key(ini, at, key);
    if (line == ini->count)
        return insert_entry(ini, append_point(ini, at), key, value);
    spelled = dup_range(ini->lines[line].name, lstrlenW(ini->lines[line].name));
    if (!spelled)
        return false;
    remove_lines(ini, line, line + 1);
    done = insert_entry(ini, line, spelled, value);
    free(spelled);
    return done;
}

/* Replaces the section's lines with the strings of the list value (a new section at the end). */
static bool edit_set_section(struct ini *ini, LPCWSTR section, LPCWSTR key, LPCWSTR value)
{
    size_t at = find_section(ini, section), pos;

    (void)key;
    if (at == ini->count) {
        if (!add_section(ini, section))
            return false;
        at = ini->count - 1;
    }
    remove_lines(ini, at + 1, append_point(ini, at));
    pos = at + 1;
    for (const WCHAR *s = value; *s; s += lstrlenW(s) + 1)
        if (!insert_line(ini, pos++, s, lstrlenW(s)))
            return false;
    return true;
}

BOOL WINAPI WritePrivateProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpString,
                                       LPCWSTR lpFileName)
{
    /* All NULL asks to flush a cache; nothing is cached. */
    if (!lpAppName && !lpKeyName && !lpString)
        return TRUE;
    if (!lpAppName) {
        SetLastError(ERROR_FILE_NOT_FOUND);
        return FALSE;
    }
    if (!lpKeyName)
        return ini_update(lpFileName, edit_delete_section, lpAppName, NULL, NULL);
    if (!lpString)
        return ini_update(lpFileName, edit_delete_key, lpAppName, lpKeyName, NULL);
    return ini_update(lpFileName, edit_set_key, lpAppName, lpKeyName, lpString);
}

BOOL WINAPI WritePrivateProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpString,
                                       LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *app = arg_w(lpAppName, &failed), *key = arg_w(lpKeyName, &failed);
    WCHAR *string = arg_w(lpString, &failed), *file = arg_w(lpFileName, &failed);
    BOOL done = FALSE;

    if (failed)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        done = WritePrivateProfileStringW(app, key, string, file);
    free(app);
    free(key);
    free(string);
    free(file);
    return done;
}

BOOL WINAPI WritePrivateProfileSectionW(LPCWSTR lpAppName, LPCWSTR lpString, LPCWSTR lpFileName)
{
    if (!lpAppName && !lpString)
        return TRUE;
    if (!lpAppName) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpString)
        return ini_update(lpFileName, edit_delete_section, lpAppName, NULL, NULL);
    return ini_update(lpFileName, edit_set_section, lpAppName, NULL, lpString);
}

BOOL WINAPI WritePrivateProfileSectionA(LPCSTR lpAppName, LPCSTR lpString, LPCSTR lpFileName)
{
    bool failed = false;
    WCHAR *app = arg_w(lpAppName, &failed), *string = list_arg_w(lpString, &failed);
    WCHAR *file = arg_w(lpFileName, &failed);
    BOOL done = FALSE;

    if (failed)
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    else
        done = WritePrivateProfileSectionW(app, string, file);
    free(app);
    free(string);
    free(file);
    return done;
}

/* ---- win.ini ---- */

DWORD WINAPI GetProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpDefault,
                               LPSTR lpReturnedString, DWORD nSize)
{
    return GetPrivateProfileStringA(lpAppName, lpKeyName, lpDefault, lpReturnedString, nSize,
                                    NULL);
}

DWORD WINAPI GetProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpDefault,
                               LPWSTR lpReturnedString, DWORD nSize)
{
    return GetPrivateProfileStringW(lpAppName, lpKeyName, lpDefault, lpReturnedString, nSize,
                                    NULL);
}

UINT WINAPI GetProfileIntA(LPCSTR lpAppName, LPCSTR lpKeyName, INT nDefault)
{
    return GetPrivateProfileIntA(lpAppName, lpKeyName, nDefault, NULL);
}

UINT WINAPI GetProfileIntW(LPCWSTR lpAppName, LPCWSTR lpKeyName, INT nDefault)
{
    return GetPrivateProfileIntW(lpAppName, lpKeyName, nDefault, NULL);
}

BOOL WINAPI WriteProfileStringA(LPCSTR lpAppName, LPCSTR lpKeyName, LPCSTR lpString)
{
    return WritePrivateProfileStringA(lpAppName, lpKeyName, lpString, NULL);
}

BOOL WINAPI WriteProfileStringW(LPCWSTR lpAppName, LPCWSTR lpKeyName, LPCWSTR lpString)
{
    return WritePrivateProfileStringW(lpAppName, lpKeyName, lpString, NULL);
}
