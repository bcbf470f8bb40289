/*
 * FormatMessage, with w32shim's own English message table standing in for
 * the system's: one entry for every ERROR_* code the library sets or its
 * headers define, worded exactly as Windows words it.
 */
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "format.h"

static const struct {
    DWORD id;
    const char *text;
} system_messages[] = {
    { ERROR_SUCCESS, "The operation completed successfully.\r\n" },
    { ERROR_INVALID_FUNCTION, "Incorrect function.\r\n" },
    { ERROR_FILE_NOT_FOUND, "The system cannot find the file specified.\r\n" },
    { ERROR_PATH_NOT_FOUND, "The system cannot find the path specified.\r\n" },
    { ERROR_TOO_MANY_OPEN_FILES, "The system cannot open the file.\r\n" },
    { ERROR_ACCESS_DENIED, "Access is denied.\r\n" },
    { ERROR_INVALID_HANDLE, "The handle is invalid.\r\n" },
    { ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command.\r\n" },
    { ERROR_BAD_ENVIRONMENT, "The environment is incorrect.\r\n" },
    { ERROR_BAD_FORMAT, "An attempt was made to load a program with an incorrect format.\r\n" },
    { ERROR_INVALID_ACCESS, "The access code is invalid.\r\n" },
    { ERROR_INVALID_DATA, "The data is invalid.\r\n" },
    { ERROR_OUTOFMEMORY, "Not enough memory resources are available to complete this operation.\r\n" },
    { ERROR_INVALID_DRIVE, "The system cannot find the drive specified.\r\n" },
    { ERROR_CURRENT_DIRECTORY, "The directory cannot be removed.\r\n" },
    { ERROR_NOT_SAME_DEVICE, "The system cannot move the file to a different disk drive.\r\n" },
    { ERROR_NO_MORE_FILES, "There are no more files.\r\n" },
    { ERROR_WRITE_PROTECT, "The media is write protected.\r\n" },
    { ERROR_NOT_READY, "The device is not ready.\r\n" },
    { ERROR_BAD_LENGTH, "The program issued a command but the command length is incorrect.\r\n" },
    { ERROR_SEEK, "The drive cannot locate a specific area or track on the disk.\r\n" },
    { ERROR_WRITE_FAULT, "The system cannot write to the specified device.\r\n" },
    { ERROR_READ_FAULT, "The system cannot read from the specified device.\r\n" },
    { ERROR_GEN_FAILURE, "A device attached to the system is not functioning.\r\n" },
    { ERROR_SHARING_VIOLATION,
      "The process cannot access the file because it is being used by another process.\r\n" },
    { ERROR_LOCK_VIOLATION, "The process cannot access the file because another process has "
                            "locked a portion of the file.\r\n" },
    { ERROR_HANDLE_EOF, "Reached the end of the file.\r\n" },
    { ERROR_HANDLE_DISK_FULL, "The disk is full.\r\n" },
    { ERROR_NOT_SUPPORTED, "The request is not supported.\r\n" },
    { ERROR_BAD_NETPATH, "The network path was not found.\r\n" },
    { ERROR_DEV_NOT_EXIST, "The specified network resource or device is no longer available.\r\n" },
    { ERROR_FILE_EXISTS, "The file exists.\r\n" },
    { ERROR_CANNOT_MAKE, "The directory or file cannot be created.\r\n" },
    { ERROR_INVALID_PARAMETER, "The parameter is incorrect.\r\n" },
    { ERROR_TOO_MANY_SEMAPHORES, "Cannot create another system semaphore.\r\n" },
    { ERROR_BROKEN_PIPE, "The pipe has been ended.\r\n" },
    { ERROR_OPEN_FAILED, "The system cannot open the device or file specified.\r\n" },
    { ERROR_BUFFER_OVERFLOW, "The file name is too long.\r\n" },
    { ERROR_DISK_FULL, "There is not enough space on the disk.\r\n" },
    { ERROR_CALL_NOT_IMPLEMENTED, "This function is not supported on this system.\r\n" },
    { ERROR_SEM_TIMEOUT, "The semaphore timeout period has expired.\r\n" },
    { ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small.\r\n" },
    { ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect.\r\n" },
    { ERROR_INVALID_LEVEL, "The system call level is not correct.\r\n" },
    { ERROR_MOD_NOT_FOUND, "The specified module could not be found.\r\n" },
    { ERROR_PROC_NOT_FOUND, "The specified procedure could not be found.\r\n" },
    { ERROR_WAIT_NO_CHILDREN, "There are no child processes to wait for.\r\n" },
    { ERROR_NEGATIVE_SEEK,
      "An attempt was made to move the file pointer before the beginning of the file.\r\n" },
    { ERROR_DIR_NOT_EMPTY, "The directory is not empty.\r\n" },
    { ERROR_SIGNAL_REFUSED, "The recipient process has refused the signal.\r\n" },
    { ERROR_NOT_LOCKED, "The segment is already unlocked.\r\n" },
    { ERROR_BAD_ARGUMENTS, "One or more arguments are not correct.\r\n" },
    { ERROR_BAD_PATHNAME, "The specified path is invalid.\r\n" },
    { ERROR_BUSY, "The requested resource is in use.\r\n" },
    { ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists.\r\n" },
    { ERROR_BAD_EXE_FORMAT, "%1 is not a valid Win32 application.\r\n" },
    { ERROR_ENVVAR_NOT_FOUND, "The system could not find the environment option that was entered.\r\n" },
    { ERROR_FILENAME_EXCED_RANGE, "The filename or extension is too long.\r\n" },
    { ERROR_BAD_PIPE, "The pipe state is invalid.\r\n" },
    { ERROR_PIPE_BUSY, "All pipe instances are busy.\r\n" },
    { ERROR_NO_DATA, "The pipe is being closed.\r\n" },
    { ERROR_PIPE_NOT_CONNECTED, "No process is on the other end of the pipe.\r\n" },
    { ERROR_MORE_DATA, "More data is available.\r\n" },
    { ERROR_NO_MORE_ITEMS, "No more data is available.\r\n" },
    { ERROR_DIRECTORY, "The directory name is invalid.\r\n" },
    { ERROR_NOT_OWNER, "Attempt to release mutex not owned by caller.\r\n" },
    { ERROR_TOO_MANY_POSTS, "Too many posts were made to a semaphore.\r\n" },
    { ERROR_PARTIAL_COPY,
      "Only part of a ReadProcessMemory or WriteProcessMemory request was completed.\r\n" },
    { ERROR_MR_MID_NOT_FOUND, "The system cannot find message text for message number 0x%1 in "
                              "the message file for %2.\r\n" },
    { ERROR_INVALID_ADDRESS, "Attempt to access invalid address.\r\n" },
    { ERROR_ARITHMETIC_OVERFLOW, "Arithmetic result exceeded 32 bits.\r\n" },
    { ERROR_PIPE_CONNECTED, "There is a process on other end of the pipe.\r\n" },
    { ERROR_PIPE_LISTENING, "Waiting for a process to open the other end of the pipe.\r\n" },
    { ERROR_OBJECT_NAME_EXISTS,
      "An attempt was made to create an object and the object name already existed.\r\n" },
    { ERROR_TIMER_RESUME_IGNORED, "The resumable flag to a timer API was ignored.\r\n" },
    { ERROR_ABANDONED_WAIT_0, "ERROR_ABANDONED_WAIT_0\r\n" },
    { ERROR_OPERATION_ABORTED, "The I/O operation has been aborted because of either a thread "
                               "exit or an application request.\r\n" },
    { ERROR_IO_INCOMPLETE, "Overlapped I/O event is not in a signaled state.\r\n" },
    { ERROR_IO_PENDING, "Overlapped I/O operation is in progress.\r\n" },
    { ERROR_NOACCESS, "Invalid access to memory location.\r\n" },
    { ERROR_INVALID_FLAGS, "Invalid flags.\r\n" },
    { ERROR_NO_UNICODE_TRANSLATION,
      "No mapping for the Unicode character exists in the target multi-byte code page.\r\n" },
    { ERROR_POSSIBLE_DEADLOCK, "A potential deadlock condition has been detected.\r\n" },
    { ERROR_OLD_WIN_VERSION, "The specified program requires a newer version of Windows.\r\n" },
    { ERROR_NOT_FOUND, "Element not found.\r\n" },
    { ERROR_UNABLE_TO_REMOVE_REPLACED, "Unable to remove the file to be replaced.\r\n" },
    { ERROR_UNABLE_TO_MOVE_REPLACEMENT,
      "Unable to move the replacement file to the file to be replaced. The file to be "
      "replaced has retained its original name.\r\n" },
    { ERROR_UNABLE_TO_MOVE_REPLACEMENT_2,
      "Unable to move the replacement file to the file to be replaced. The file to be "
      "replaced has been renamed using the backup name.\r\n" },
    { ERROR_REQUEST_ABORTED, "The request was aborted.\r\n" },
    { ERROR_PRIVILEGE_NOT_HELD, "A required privilege is not held by the client.\r\n" },
    { ERROR_INVALID_THREAD_ID, "Invalid thread identifier.\r\n" },
    { ERROR_NO_SYSTEM_RESOURCES,
      "Insufficient system resources exist to complete the requested service.\r\n" },
    { ERROR_COMMITMENT_LIMIT, "The paging file is too small for this operation to complete.\r\n" },
    { ERROR_TIMEOUT, "This operation returned because the timeout period expired.\r\n" },
    { ERROR_INVALID_USER_BUFFER, "The supplied user buffer is not valid for the requested operation.\r\n" },
    { ERROR_RESOURCE_LANG_NOT_FOUND,
      "The specified resource language ID cannot be found in the image file.\r\n" },
    { ERROR_NOT_SAME_OBJECT, "The objects are not identical.\r\n" },
    { ERROR_NOT_ENOUGH_QUOTA, "Not enough quota is available to process this command.\r\n" },
};

static const char *system_message(DWORD id)
{
    for (size_t i = 0; i < sizeof(system_messages) / sizeof(system_messages[0]); i++)
        if (system_messages[i].id == id)
            return system_messages[i].text;
    return NULL;
}

/* The table is English: neutral, English and the default languages find it. */
static int language_available(DWORD lang)
{
    return lang == 0 || PRIMARYLANGID(lang) == LANG_NEUTRAL || PRIMARYLANGID(lang) == LANG_ENGLISH;
}

/*
 * The most a formatted message may hold, its NUL aside: Windows' limit for
 * FormatMessageA (its documentation gives both functions 64K bytes). Past
 * it, ERROR_INSUFFICIENT_BUFFER; so no insert can cost more than that.
 */
#define MESSAGE_MAX 32767

/* A growing output of 1- or 2-byte units. */
struct out {
    int wide;
    void *p;
    size_t len, cap;
};

static int reserve_units(struct out *o, size_t n)
{
    size_t cap = o->cap ? o->cap : 64;
    void *p;

    if (o->len + n > MESSAGE_MAX + 1) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    if (o->len + n <= o->cap)
        return 1;
    while (cap < o->len + n)
        cap *= 2;
    p = realloc(o->p, cap * (o->wide ? 2 : 1));
    if (!p) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    o->p = p;
    o->cap = cap;
    return 1;
}

static int push(struct out *o, unsigned unit)
{
    if (!reserve_units(o, 1))
        return 0;
    if (o->wide)
        ((WCHAR *)o->p)[o->len++] = (WCHAR)unit;
    else
        ((char *)o->p)[o->len++] = (char)unit;
    return 1;
}

static unsigned unit_at(const void *s, int wide, size_t i)
{
    return wide ? ((const WCHAR *)s)[i] : ((const unsigned char *)s)[i];
}

/* The arguments: the caller's array, or va_list values fetched as pointer-sized words. */
struct inserts {
    va_list *ap;
    const ULONG_PTR *array;
    ULONG_PTR fetched[128];
    size_t nfetched;
};

static const ULONG_PTR *insert_args(struct inserts *in, size_t needed)
{
    if (in->array)
        return in->array;
    if (needed > sizeof(in->fetched) / sizeof(in->fetched[0]))
        return NULL;
    while (in->nfetched < needed)
        in->fetched[in->nfetched++] = va_arg(*in->ap, ULONG_PTR);
    return in->fetched;
}

/* Formats fmt (a '%' and a spec, NUL-terminated) at the end of o, with args. */
static int push_formatted(struct out *o, const void *fmt, struct w32_format_args *args)
{
    size_t start = args->next, room = MESSAGE_MAX - o->len;
    size_t need = w32_format(NULL, o->wide, room, fmt, W32_FORMAT_NO_FLOAT, args);

    args->next = start;
    if (!reserve_units(o, need))
        return 0;
    w32_format((char *)o->p + o->len * (o->wide ? 2 : 1), o->wide, need, fmt, W32_FORMAT_NO_FLOAT,
               args);
    o->len += need;
    return 1;
}

static void set_unit(void *s, int wide, size_t i, unsigned u)
{
    if (wide)
        ((WCHAR *)s)[i] = (WCHAR)u;
    else
        ((char *)s)[i] = (char)u;
}

/* A malloc'd format in the output's width: prefix ('%', or 0 for none), then
 * src[from..to), then a NUL. NULL when out of memory (error set). */
static void *copy_format(int wide, unsigned prefix, const void *src, int src_wide, size_t from,
                         size_t to)
{
    size_t n = 0;
    void *fmt = malloc((to - from + 2) * (wide ? sizeof(WCHAR) : 1));

    if (!fmt) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if (prefix)
        set_unit(fmt, wide, n++, prefix);
    for (size_t i = from; i < to; i++)
        set_unit(fmt, wide, n++, unit_at(src, src_wide, i));
    set_unit(fmt, wide, n, 0);
    return fmt;
}

/* Formats src[from..to) at the end of o, after prefix, with args. */
static int push_part(struct out *o, unsigned prefix, const void *src, int src_wide, size_t from,
                     size_t to, struct w32_format_args *args)
{
    void *fmt = copy_format(o->wide, prefix, src, src_wide, from, to);
    int ok = fmt && push_formatted(o, fmt, args);

    free(fmt);
    return ok;
}

/*
 * Formats insert n (1-based) with the printf spec src[spec..spec + len) ("s"
 * if len is 0). Windows takes one conversion per insert: the rest of the spec
 * is formatted with no argument at all, so its conversions print as text and
 * nothing past the insert's own arguments is ever read.
 */
static int push_insert(struct out *o, struct inserts *in, unsigned n, const void *src, int src_wide,
                       size_t spec, size_t len)
{
    struct w32_format_args args = { .next = n - 1 };
    size_t stars = 0, head;

    if (!len)
        src = "s", src_wide = 0, spec = 0, len = 1;
    head = w32_format_spec_length((const char *)src + spec * (src_wide ? 2 : 1), src_wide, len,
                                  &stars);
    if (!head)
        head = len;         /* no conversion: the engine prints it as Windows does */
    args.array = insert_args(in, n + stars);
    args.count = in->array ? SIZE_MAX : in->nfetched;
    if (!args.array) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!push_part(o, '%', src, src_wide, spec, spec + head, &args))
        return 0;
    args.count = 0;
    return head == len || push_part(o, 0, src, src_wide, spec + head, spec + len, &args);
}

/*
 * Expands the message: escapes, inserts and line breaks. With a width,
 * the text's own line breaks become spaces and only %n breaks a line.
 */
static int expand(struct out *o, const void *src, int src_wide, DWORD width, int ignore_inserts,
                  struct inserts *in)
{
    size_t i = 0;

    for (;;) {
        unsigned c = unit_at(src, src_wide, i++);
        unsigned d;

        if (!c)
            return 1;
        if (c == '\r' || c == '\n') {
            if (c == '\r' && unit_at(src, src_wide, i) == '\n')
                i++;
            if (!(width ? push(o, ' ') : push(o, '\r') && push(o, '\n')))
                return 0;
            continue;
        }
        if (c != '%') {
            if (!push(o, c))
                return 0;
            continue;
        }
        d = unit_at(src, src_wide, i);
        if (d == '0')
            return 1;
        if (d == 'n') {
            i++;
            if (!push(o, '\r') || !push(o, '\n'))
                return 0;
            continue;
        }
        if (ignore_inserts) {
            if (!push(o, '%'))
                return 0;
            continue;
        }
        if (!d) {
            w32_set_error(ERROR_INVALID_PARAMETER);
            return 0;
        }
        i++;
        if (d >= '1' && d <= '9') {
            unsigned n = d - '0';
            size_t spec = 0, spec_len = 0;

            if (unit_at(src, src_wide, i) >= '0' && unit_at(src, src_wide, i) <= '9')
                n = n * 10 + (unit_at(src, src_wide, i++) - '0');
            if (unit_at(src, src_wide, i) == '!') {
                spec = ++i;
                while (unit_at(src, src_wide, i) && unit_at(src, src_wide, i) != '!')
                    i++;
                if (!unit_at(src, src_wide, i)) {
                    w32_set_error(ERROR_INVALID_PARAMETER);
                    return 0;
                }
                spec_len = i++ - spec;
            }
            if (!in->ap && !in->array) {
                w32_set_error(ERROR_INVALID_PARAMETER);
                return 0;
            }
            if (!push_insert(o, in, n, src, src_wide, spec, spec_len))
                return 0;
            continue;
        }
        if (!push(o, d == 'r' ? '\r' : d == 't' ? '\t' : d == 'b' ? ' ' : d))
            return 0;
    }
}

/*
 * Breaks lines longer than width at their last space (or at width if they
 * have none); the spaces at a break are dropped. Existing "\r\n" breaks stay.
 */
static int wrap(struct out *o, DWORD width)
{
    struct out w = { .wide = o->wide };
    size_t line = 0;    /* start of the current line in o */

    for (size_t i = 0; i <= o->len; i++) {
        int end = i == o->len || (unit_at(o->p, o->wide, i) == '\r' && i + 1 < o->len &&
                                  unit_at(o->p, o->wide, i + 1) == '\n');
        size_t start = line;

        if (!end)
            continue;
        while (i - start > width) {
            size_t cut = start + width, resume;

            while (cut > start && unit_at(o->p, o->wide, cut) != ' ')
                cut--;
            if (cut == start)
                cut = start + width;
            for (size_t k = start; k < cut; k++)
                if (!push(&w, unit_at(o->p, o->wide, k)))
                    goto fail;
            if (!push(&w, '\r') || !push(&w, '\n'))
                goto fail;
            for (resume = cut; resume < i && unit_at(o->p, o->wide, resume) == ' '; resume++)
                ;
            start = resume;
        }
        for (size_t k = start; k < i; k++)
            if (!push(&w, unit_at(o->p, o->wide, k)))
                goto fail;
        if (i < o->len) {
            if (!push(&w, '\r') || !push(&w, '\n'))
                goto fail;
            i++;
        }
        line = i + 1;
    }
    free(o->p);
    *o = w;
    return 1;
fail:
    free(w.p);
    return 0;
}

static DWORD format_message(DWORD flags, LPCVOID source, DWORD id, DWORD lang, void *buffer,
                            DWORD size, va_list *args, int wide)
{
    struct out o = { .wide = wide };
    struct inserts in = { .ap = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ? NULL : args,
                          .array = (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) ? (const ULONG_PTR *)args
                                                                            : NULL };
    DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
    const void *text = source;
    int text_wide = wide;
    size_t unit = wide ? sizeof(WCHAR) : 1;
    void *result;

    if (!buffer) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(flags & FORMAT_MESSAGE_FROM_STRING)) {
        if (!(flags & FORMAT_MESSAGE_FROM_SYSTEM)) {
            w32_set_error((flags & FORMAT_MESSAGE_FROM_HMODULE) ? ERROR_MR_MID_NOT_FOUND
                                                                 : ERROR_INVALID_PARAMETER);
            return 0;
        }
        if (!language_available(lang)) {
            w32_set_error(ERROR_RESOURCE_LANG_NOT_FOUND);
            return 0;
        }
        text = system_message(id);
        text_wide = 0;
        if (!text) {
            w32_set_error(ERROR_MR_MID_NOT_FOUND);
            return 0;
        }
    } else if (!text) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!reserve_units(&o, 1) ||
        !expand(&o, text, text_wide, width, (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0, &in) ||
        (width && width != FORMAT_MESSAGE_MAX_WIDTH_MASK && !wrap(&o, width)) ||
        !reserve_units(&o, 1)) {
        free(o.p);
        return 0;
    }
    push(&o, 0);
    o.len--;
    if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
        result = LocalAlloc(LMEM_FIXED, (o.len + 1 > size ? o.len + 1 : size) * unit);
        if (!result) {
            free(o.p);
            return 0;
        }
        memcpy(result, o.p, (o.len + 1) * unit);
        *(void **)buffer = result;
    } else if (o.len + 1 > size) {
        free(o.p);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    } else {
        memcpy(buffer, o.p, (o.len + 1) * unit);
    }
    free(o.p);
    return (DWORD)o.len;
}

DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                            LPSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    return format_message(dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer, nSize,
                          Arguments, 0);
}

DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                            LPWSTR lpBuffer, DWORD nSize, va_list *Arguments)
{
    return format_message(dwFlags, lpSource, dwMessageId, dwLanguageId, lpBuffer, nSize,
                          Arguments, 1);
}
