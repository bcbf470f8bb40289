/*
 * Handle inheritance. CreateProcess hands a w32shim child its parent's
 * inheritable handles under the same values, as Windows does: each object
 * travels as an fd (the file's own, the file of a shared object, a pidfd),
 * and a record of what each fd is (a memfd, named by an environment variable)
 * tells the child which handle value to give it. The child takes them at its
 * first handle operation, whatever it is, so that a handle value passed on
 * its command line works as its first call uses it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "inherit.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "job.h"
#include "namespace.h"
#include "process.h"
#include "shared.h"
#include "unicode.h"
#include "xproc.h"

#define RECORD_MAGIC 0x49323357u    /* "W32I" */
#define RECORD_VERSION 4
#define EXIT_MAGIC 0x54495845u      /* "EXIT" */
#define RECORD_NAME "w32shim-inherit"

/* A W32_HELD_INBOX entry holds its nonce (xproc.h) in value. */

/* A W32_HELD_FILE entry's kind: FILE_FLAG_OVERLAPPED in bit 0, and above bit 8
 * the number (from 1) in described[] of a kind that describes itself. */
#define KIND_OVERLAPPED 1u
#define KIND_SHIFT 8
#define DESC_MAX W32_XPROC_DESC_MAX      /* the longest description a kind may write */

/* The file kinds a child rebuilds from a description (w32_file_ops.describe):
 * only their number travels, so a kind keeps its place in this list. */
static const struct w32_file_ops *const described[] = { &w32_named_pipe_ops };

struct record_header {
    uint32_t magic;
    uint32_t version;
    uint32_t count;
    uint32_t jobs_at;           /* where its record_jobs is; 0: none (an older parent) */
};

/*
 * After the header: the child's exit code in full, written by the child as
 * it exits (Linux keeps only the low 8 bits of an exit status). pid is the
 * writer's, so that a process the child forked cannot pass for it.
 */
struct record_exit {
    uint32_t magic;             /* EXIT_MAGIC once written */
    int32_t pid;
    uint32_t code;
    uint32_t reserved;
};

/*
 * Then the STARTUPINFO the parent passed (GetStartupInfo in the child); its
 * title and desktop (UTF-8, each without a NUL) follow the entries.
 */
struct record_startup {
    uint32_t present;           /* 1 if the parent passed one */
    uint32_t flags;
    uint32_t x, y, xsize, ysize, xchars, ychars, fill;
    uint32_t show;
    int32_t title_len;          /* -1: NULL */
    int32_t desktop_len;        /* -1: NULL */
};

/*
 * Last, the jobs the child is in (job.h), which the parent rewrites as they
 * change while the child runs: seq is odd while it writes (a sequence lock,
 * read and written with one system call per part).
 */
struct record_jobs {
    uint32_t seq;
    uint32_t reserved;
    struct w32_job_chain chain;
};

/* Where the handles' entries begin. */
#define STARTUP_AT (sizeof(struct record_header) + sizeof(struct record_exit))
#define ENTRIES_AT (STARTUP_AT + sizeof(struct record_startup))

/* One inherited handle: the value, its rights and flags, and what child_fd is. */
struct record_entry {
    uint64_t value;
    uint32_t access;
    uint32_t flags;
    uint32_t what;              /* HELD_* */
    uint32_t kind;              /* W32_HELD_SHARED: the shared kind; W32_HELD_FILE: KIND_* */
    int32_t fd;                 /* the child's fd */
    uint32_t desc_len;          /* the bytes of its description (after the strings) */
    char file[24];              /* W32_HELD_SHARED: its file in the namespace directory */
};

_Static_assert(sizeof(((struct record_entry *)0)->file) == sizeof(((struct w32_shared *)0)->name),
               "a shared object's file name fits its record entry");

/* ---- the parent's side ---- */

/* The entries' descriptions, in entry order, as the record carries them. */
struct descriptions {
    char *buf;
    size_t len, cap;
};

static bool grow(struct w32_inherit *inh, size_t n)
{
    inh->map = malloc(n * sizeof(*inh->map));
    inh->refs = malloc(n * sizeof(*inh->refs));
    inh->owned = malloc(n * sizeof(*inh->owned));
    if (inh->map && inh->refs && inh->owned)
        return true;
    w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return false;
}

/*
 * Adds what a file of a kind that describes itself needs in the child to
 * descs, and its kind to entry; false if out of memory.
 */
/* file's number (from 1) in described[]; 0 if its kind does not describe itself. */
static uint32_t described_number(const struct w32_file *file)
{
    for (size_t i = 0; i < sizeof(described) / sizeof(described[0]); i++)
        if (described[i] == file->ops)
            return (uint32_t)i + 1;
    return 0;
}

static bool describe(struct w32_file *file, struct record_entry *entry,
                     struct descriptions *descs)
{
    uint32_t number = described_number(file);

    if (!number)
        return true;
    if (descs->cap - descs->len < DESC_MAX) {
        size_t cap = descs->cap * 2 + DESC_MAX;
        char *buf = realloc(descs->buf, cap);
        if (!buf)
            return false;
        descs->buf = buf;
        descs->cap = cap;
    }
    entry->desc_len = file->ops->describe(file, descs->buf + descs->len, DESC_MAX);
    if (entry->desc_len)
        entry->kind |= number << KIND_SHIFT;
    descs->len += entry->desc_len;
    return true;
}

/*
 * The fd by which the child holds info's object, -1 if it cannot (-2: out of
 * memory): a file keeps its own fd (referenced until the child runs); the
 * others get an fd opened for the child (owned, closed once it runs).
 */
static int fd_for_child(struct w32_inherit *inh, const struct w32_handle_info *info,
                        struct record_entry *entry, struct descriptions *descs)
{
    struct w32_object *obj = info->obj;
    int fd = -1;

    if (obj->type == &w32_file_type) {
        struct w32_file *file = (struct w32_file *)obj;
        /* fds 0-2 are the standard handles' business. */
        if (file->fd <= 2)
            return -1;
        entry->what = W32_HELD_FILE;
        entry->kind = file->overlapped ? KIND_OVERLAPPED : 0;
        if (!describe(file, entry, descs))
            return -2;
        w32_object_ref(obj);
        inh->refs[inh->nrefs++] = obj;
        return file->fd;
    }
    struct w32_xproc_parcel parcel = { 0 };
    fd = w32_inherit_fd_for(obj, &parcel);
    if (fd >= 0)
        inh->owned[inh->nowned++] = fd;
    entry->what = parcel.what;
    entry->kind = parcel.kind;
    memcpy(entry->file, parcel.file, sizeof(entry->file));
    return fd;
}

/* The child's inbox (xproc.h), so that handles can be sent to it before
 * its first handle operation; none if no socket can be made. */
static void add_inbox(struct w32_inherit *inh, struct record_entry *entry, size_t *held)
{
    int fd = w32_xproc_inbox_for_child(&inh->inbox_nonce);

    if (fd < 0)
        return;
    inh->owned[inh->nowned++] = fd;
    inh->map[inh->count++] = (struct w32_fd_map){ fd, fd };
    *entry = (struct record_entry){ .value = inh->inbox_nonce, .what = W32_HELD_INBOX, .fd = fd };
    (*held)++;
}

/* si's startup block for the record, and its strings' lengths. */
static struct record_startup startup_block(const STARTUPINFOA *si)
{
    struct record_startup st = { .title_len = -1, .desktop_len = -1 };

    if (!si)
        return st;
    st = (struct record_startup){ 1, si->dwFlags, si->dwX, si->dwY, si->dwXSize, si->dwYSize,
                                  si->dwXCountChars, si->dwYCountChars, si->dwFillAttribute,
                                  si->wShowWindow,
                                  si->lpTitle ? (int32_t)strlen(si->lpTitle) : -1,
                                  si->lpDesktop ? (int32_t)strlen(si->lpDesktop) : -1 };
    return st;
}

/* Adds buf (len bytes; none if len <= 0 or buf is NULL) to the record's parts. */
static void add_part(struct iovec *parts, int *n, const void *buf, ssize_t len)
{
    if (buf && len > 0)
        parts[(*n)++] = (struct iovec){ (void *)buf, (size_t)len };
}

/* Writes the record to a memfd, which the child gets under its own number:
 * in one system call, as a memfd takes it whole. */
static bool write_record(struct w32_inherit *inh, const struct record_entry *entries,
                         size_t n, const struct descriptions *descs, const STARTUPINFOA *si,
                         const struct w32_job_chain *chain)
{
    struct record_header header = { RECORD_MAGIC, RECORD_VERSION, (uint32_t)n, 0 };
    struct record_exit none = { 0 };
    struct record_startup st = startup_block(si);
    struct record_jobs jobs = { 0 };
    struct iovec parts[8];
    int fd = memfd_create(RECORD_NAME, MFD_CLOEXEC), count = 0;
    ssize_t total = 0, wrote = -1;

    add_part(parts, &count, &header, sizeof(header));
    add_part(parts, &count, &none, sizeof(none));
    add_part(parts, &count, &st, sizeof(st));
    add_part(parts, &count, entries, (ssize_t)(n * sizeof(*entries)));
    add_part(parts, &count, si ? si->lpTitle : NULL, st.title_len);
    add_part(parts, &count, si ? si->lpDesktop : NULL, st.desktop_len);
    add_part(parts, &count, descs->buf, (ssize_t)descs->len);
    for (int i = 0; i < count; i++)
        total += (ssize_t)parts[i].iov_len;
    if (chain)
        jobs.chain = *chain;
    header.jobs_at = (uint32_t)total;
    add_part(parts, &count, &jobs, sizeof(jobs));
    total += (ssize_t)sizeof(jobs);
    if (fd >= 0)
        do
            wrote = writev(fd, parts, count);
        while (wrote < 0 && errno == EINTR);
    if (wrote != total) {
        w32_set_error(fd < 0 ? w32_error_from_errno(errno) : ERROR_NOT_ENOUGH_MEMORY);
        if (fd >= 0)
            close(fd);
        return false;
    }
    inh->record = fd;
    inh->map[inh->count++] = (struct w32_fd_map){ fd, fd };
    return true;
}

/* Whether h is among the n handles of list. */
static bool listed(HANDLE h, const HANDLE *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == h)
            return true;
    return false;
}

/*
 * Keeps of infos[0..*n) those a handle list names, after checking that each
 * listed handle is among them; the others' references go. False, with
 * ERROR_INVALID_PARAMETER set, if one is not.
 */
static bool keep_listed(struct w32_handle_info *infos, size_t *n, const HANDLE *only,
                        size_t nonly)
{
    size_t kept = 0;
    bool ok = true;

    for (size_t i = 0; i < nonly && ok; i++) {
        ok = false;
        for (size_t j = 0; j < *n && !ok; j++)
            ok = infos[j].value == only[i];
    }
    for (size_t i = 0; i < *n; i++) {
        if (ok && listed(infos[i].value, only, nonly))
            infos[kept++] = infos[i];
        else
            w32_object_unref(infos[i].obj);
    }
    *n = kept;
    if (!ok)
        w32_set_error(ERROR_INVALID_PARAMETER);
    return ok;
}

bool w32_inherit_collect(struct w32_inherit *inh, bool inherit, size_t extra,
                         const HANDLE *only, size_t nonly, const STARTUPINFOA *si,
                         const struct w32_job_chain *jobs)
{
    struct w32_handle_info *infos = NULL;
    struct record_entry *entries = NULL;
    struct descriptions descs = { 0 };
    size_t n = 0, held = 0;
    bool ok;

    *inh = (struct w32_inherit){ .record = -1 };
    /* What our own parent passed comes first: the records we write for our
     * children (kept open for their exit codes) must not be taken for it. */
    w32_handle_adopt_inherited();
    if (inherit && (n = w32_handle_inheritable(&infos)) == (size_t)-1) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    if (inherit && only && !keep_listed(infos, &n, only, nonly)) {
        free(infos);
        return false;
    }
    ok = grow(inh, n + 2 + extra);
    if (ok && !(entries = calloc(n + 1, sizeof(*entries)))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        ok = false;
    }
    for (size_t i = 0; ok && i < n; i++) {
        struct record_entry *entry = &entries[held];
        int fd;
        *entry = (struct record_entry){ 0 };
        fd = fd_for_child(inh, &infos[i], entry, &descs);
        if (fd == -2) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            ok = false;
            break;
        }
        if (fd < 0)
            continue;       /* an object no other process can hold: left behind */
        entry->value = (uint64_t)(uintptr_t)infos[i].value;
        entry->access = infos[i].access;
        entry->flags = infos[i].flags;
        entry->fd = fd;
        inh->map[inh->count++] = (struct w32_fd_map){ fd, fd };
        held++;
    }
    if (ok)
        add_inbox(inh, &entries[held], &held);
    /* Written even with no handle in it: the child reports its exit code there. */
    if (ok)
        ok = write_record(inh, entries, held, &descs, si, jobs);
    for (size_t i = 0; i < n; i++)
        w32_object_unref(infos[i].obj);
    free(infos);
    free(entries);
    free(descs.buf);
    return ok;
}

int w32_inherit_take_record(struct w32_inherit *inh)
{
    int fd = inh->record;

    inh->record = -1;
    return fd;
}

bool w32_inherit_exit_code(int record, pid_t pid, int status, DWORD *code)
{
    struct record_exit ex;

    if (record < 0 ||
        pread(record, &ex, sizeof(ex), sizeof(struct record_header)) != (ssize_t)sizeof(ex) ||
        ex.magic != EXIT_MAGIC || ex.pid != (int32_t)pid || (ex.code & 0xff) != (DWORD)status)
        return false;
    *code = ex.code;
    return true;
}

/* Reads record's header; false if it is no record of this version. */
static bool read_header(int record, struct record_header *header)
{
    return pread(record, header, sizeof(*header), 0) == (ssize_t)sizeof(*header) &&
           header->magic == RECORD_MAGIC && header->version == RECORD_VERSION;
}

/* Where record keeps its jobs, or 0. */
static off_t jobs_at(int record)
{
    struct record_header header;

    return read_header(record, &header) ? header.jobs_at : 0;
}

void w32_inherit_set_jobs(int record, const struct w32_job_chain *chain)
{
    off_t at = jobs_at(record);
    uint32_t seq;

    if (!at || pread(record, &seq, sizeof(seq), at) != (ssize_t)sizeof(seq))
        return;
    seq |= 1;
    pwrite(record, &seq, sizeof(seq), at);
    pwrite(record, chain, sizeof(*chain), at + (off_t)offsetof(struct record_jobs, chain));
    seq++;
    pwrite(record, &seq, sizeof(seq), at);
}

void w32_inherit_release(struct w32_inherit *inh)
{
    for (size_t i = 0; i < inh->nrefs; i++)
        w32_object_unref(inh->refs[i]);
    for (size_t i = 0; i < inh->nowned; i++)
        close(inh->owned[i]);
    if (inh->record >= 0)
        close(inh->record);
    free(inh->map);
    free(inh->refs);
    free(inh->owned);
    *inh = (struct w32_inherit){ .record = -1 };
}

/* ---- the child's side ---- */

/*
 * The file the child makes of entry's fd when its kind described itself
 * (w32_file_ops.describe) with desc; NULL (fd closed) if none.
 */
static struct w32_object *adopt_described(uint32_t kind, int fd, const void *desc, uint32_t len)
{
    uint32_t number = kind >> KIND_SHIFT;
    struct w32_file *file = NULL;

    /* adopt closes the fd on failure. */
    if (number <= sizeof(described) / sizeof(described[0]) && desc && len)
        file = described[number - 1]->adopt(fd, desc, len);
    else
        close(fd);
    if (file)
        file->overlapped = kind & KIND_OVERLAPPED;
    return file ? &file->obj : NULL;
}

bool w32_inherit_needs_description(uint32_t what, uint32_t kind)
{
    return what == W32_HELD_FILE && kind >> KIND_SHIFT;
}

struct w32_object *w32_inherit_make(const struct w32_xproc_parcel *parcel, int fd)
{
    struct w32_object *obj = NULL;
    struct w32_file *file;

    switch (parcel->what) {
    case W32_HELD_FILE:
        if (w32_inherit_needs_description(parcel->what, parcel->kind))
            return adopt_described(parcel->kind, fd, parcel->desc,
                                   parcel->desc_len <= sizeof(parcel->desc) ? parcel->desc_len
                                                                            : 0);
        file = w32_file_wrap(fd, false);    /* closes the fd on failure */
        if (file)
            file->overlapped = parcel->kind & KIND_OVERLAPPED;
        return file ? &file->obj : NULL;
    case W32_HELD_SHARED:
        obj = w32_named_adopt(fd, parcel->file, parcel->kind);
        break;
    case W32_HELD_PROCESS:
        obj = w32_process_adopt(fd);
        break;
    }
    if (!obj)
        close(fd);
    return obj;
}

int w32_inherit_fd_for(struct w32_object *obj, struct w32_xproc_parcel *parcel)
{
    if (obj->type == &w32_file_type) {
        struct w32_file *file = (struct w32_file *)obj;
        uint32_t number = described_number(file);
        parcel->what = W32_HELD_FILE;
        parcel->kind = file->overlapped ? KIND_OVERLAPPED : 0;
        if (number) {
            parcel->desc_len = file->ops->describe(file, parcel->desc, sizeof(parcel->desc));
            if (!parcel->desc_len) {
                errno = ENAMETOOLONG;
                return -1;
            }
            parcel->kind |= number << KIND_SHIFT;
        }
        return fcntl(file->fd, F_DUPFD_CLOEXEC, 0);
    }
    if (obj->shared) {
        parcel->what = W32_HELD_SHARED;
        parcel->kind = obj->shared->kind;
        memcpy(parcel->file, obj->shared->name, sizeof(obj->shared->name));
        return w32_shared_open_for_child(obj->shared);
    }
    if (obj->type == &w32_process_type) {
        parcel->what = W32_HELD_PROCESS;
        return w32_process_pidfd_for_child(obj);
    }
    return -1;
}

bool w32_inherit_describe(struct w32_object *obj, struct w32_xproc_export *e)
{
    if (obj->type == &w32_file_type) {
        const struct w32_file *file = (const struct w32_file *)obj;
        e->what = W32_HELD_FILE;
        e->kind = (uint16_t)((file->overlapped ? KIND_OVERLAPPED : 0) |
                             described_number(file) << KIND_SHIFT);
        e->fd = file->fd;
        return file->fd >= 0;
    }
    if (obj->shared) {
        e->what = W32_HELD_SHARED;
        e->kind = (uint16_t)obj->shared->kind;
        memcpy(e->file, obj->shared->name, sizeof(e->file));
        return true;
    }
    if (obj->type == &w32_process_type) {
        e->what = W32_HELD_PROCESS;
        return w32_process_identity(obj, &e->pid, &e->start);
    }
    return false;
}

/* Whether fd is the record a w32shim parent wrote. */
static bool is_record(int fd)
{
    char path[40], target[64];
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    n = readlink(path, target, sizeof(target) - 1);
    if (n <= 0)
        return false;
    target[n] = '\0';
    return strncmp(target, "/memfd:" RECORD_NAME, strlen("/memfd:" RECORD_NAME)) == 0;
}

/* What the parent passed in its STARTUPINFO; present 0 if nothing. The
 * strings are malloc'd once, at adoption, and kept for the process's life. */
static struct record_startup startup;
static char *startup_title, *startup_desktop;
static WCHAR *startup_title_w, *startup_desktop_w;

/* The string of len bytes at *at in the record, NUL-terminated, with its
 * UTF-16 form in *wide; *at moves past it. NULL for len -1. */
static char *read_string(int fd, off_t *at, int32_t len, WCHAR **wide)
{
    char *s;

    *wide = NULL;
    if (len < 0 || len > 65536 || !(s = malloc((size_t)len + 1)))
        return NULL;
    if (pread(fd, s, (size_t)len, *at) != (ssize_t)len) {
        free(s);
        return NULL;
    }
    s[len] = '\0';
    *at += len;
    *wide = malloc((w32_utf8_to_utf16n(s, (size_t)len, NULL) + 1) * sizeof(WCHAR));
    if (*wide)
        (*wide)[w32_utf8_to_utf16n(s, (size_t)len, *wide)] = 0;
    return s;
}

static void adopt_startup(int fd, uint32_t count)
{
    off_t at = (off_t)(ENTRIES_AT + count * sizeof(struct record_entry));

    if (pread(fd, &startup, sizeof(startup), STARTUP_AT) != (ssize_t)sizeof(startup) ||
        startup.present != 1) {
        startup = (struct record_startup){ 0 };
        return;
    }
    startup_title = read_string(fd, &at, startup.title_len, &startup_title_w);
    startup_desktop = read_string(fd, &at, startup.desktop_len, &startup_desktop_w);
}

bool w32_inherit_startup(STARTUPINFOA *a, STARTUPINFOW *w)
{
    STARTUPINFOA *to = a ? a : (STARTUPINFOA *)w;

    if (!startup.present)
        return false;
    to->dwFlags = startup.flags;
    to->dwX = startup.x;
    to->dwY = startup.y;
    to->dwXSize = startup.xsize;
    to->dwYSize = startup.ysize;
    to->dwXCountChars = startup.xchars;
    to->dwYCountChars = startup.ychars;
    to->dwFillAttribute = startup.fill;
    to->wShowWindow = (WORD)startup.show;
    if (a) {
        a->lpTitle = startup_title;
        a->lpDesktop = startup_desktop;
    } else {
        w->lpTitle = startup_title_w;
        w->lpDesktop = startup_desktop_w;
    }
    return true;
}

/* Where the entries' descriptions begin: after the startup block's strings. */
static off_t descriptions_at(int fd, uint32_t count)
{
    off_t at = (off_t)(ENTRIES_AT + count * sizeof(struct record_entry));
    struct record_startup st;

    if (pread(fd, &st, sizeof(st), STARTUP_AT) != (ssize_t)sizeof(st))
        return -1;
    /* A string absent (-1) has no bytes in the record. */
    return at + (st.title_len > 0 ? st.title_len : 0) +
           (st.desktop_len > 0 ? st.desktop_len : 0);
}

/* Reads entry's description at *at into desc (DESC_MAX bytes), moving *at
 * past it; false if the entry has none or it cannot be read. */
static bool read_description(int fd, const struct record_entry *entry, off_t *at, char *desc)
{
    off_t from = *at;

    *at += entry->desc_len;
    return entry->desc_len && entry->desc_len <= DESC_MAX && from >= 0 &&
           pread(fd, desc, entry->desc_len, from) == (ssize_t)entry->desc_len;
}

static void adopt_record(int fd)
{
    struct record_header header;
    struct record_entry entry;
    struct w32_xproc_parcel parcel;
    off_t desc_at;

    if (!read_header(fd, &header))
        return;
    adopt_startup(fd, header.count);
    desc_at = descriptions_at(fd, header.count);
    for (uint32_t i = 0; i < header.count; i++) {
        off_t at = (off_t)(ENTRIES_AT + i * sizeof(entry));
        struct w32_object *obj;
        if (pread(fd, &entry, sizeof(entry), at) != (ssize_t)sizeof(entry))
            return;
        entry.file[sizeof(entry.file) - 1] = '\0';
        parcel.what = entry.what;
        parcel.kind = entry.kind;
        memcpy(parcel.file, entry.file, sizeof(parcel.file));
        parcel.desc_len = read_description(fd, &entry, &desc_at, parcel.desc) ? entry.desc_len : 0;
        if (entry.fd < 3 || entry.fd == fd || entry.what == W32_HELD_INBOX)
            continue;
        /* The child's own children get it only as an inherited handle again. */
        fcntl(entry.fd, F_SETFD, FD_CLOEXEC);
        obj = w32_inherit_make(&parcel, entry.fd);
        if (obj && !w32_handle_create_at((HANDLE)(uintptr_t)entry.value, obj, entry.access,
                                         entry.flags))
            w32_object_unref(obj);
    }
}

/*
 * The record a w32shim parent left among the fds this program started with,
 * found by its name: an environment variable would show in the program's
 * environment (main's envp, GetEnvironmentStrings), where Windows shows only
 * what the parent passed. -1 if there is none.
 */
static int find_record_once(void)
{
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *e;
    int found = -1;

    if (!dir)
        return -1;
    while (found < 0 && (e = readdir(dir))) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);

        if (!*end && fd >= 3 && fd <= INT32_MAX && fd != dirfd(dir) && is_record((int)fd))
            found = (int)fd;
    }
    closedir(dir);
    return found;
}

/* Looked for once: the inbox and the handles are taken from it in turn. */
static int find_record(void)
{
    static int found = -2;

    if (found == -2)
        found = find_record_once();
    return found;
}

int w32_inherit_inbox(uint64_t *nonce)
{
    struct record_header header;
    struct record_entry entry;
    struct stat st;
    int fd = find_record();

    if (fd < 0 || !read_header(fd, &header))
        return -1;
    for (uint32_t i = 0; i < header.count; i++) {
        if (pread(fd, &entry, sizeof(entry), (off_t)(ENTRIES_AT + i * sizeof(entry))) !=
            (ssize_t)sizeof(entry))
            return -1;
        if (entry.what != W32_HELD_INBOX || entry.fd < 3 || entry.fd == fd)
            continue;
        if (fstat(entry.fd, &st) != 0 || !S_ISSOCK(st.st_mode))
            return -1;
        fcntl(entry.fd, F_SETFD, FD_CLOEXEC);
        *nonce = entry.value;
        return entry.fd;
    }
    return -1;
}

/* The record this process reports its exit code in, kept from adoption on;
 * its inode tells it from a file the program opened under its number after
 * closing it. */
static int exit_record = -1;
static pid_t exit_pid;
static struct stat exit_record_st;

/* Whether exit_record is still the record adopted (not a file the program
 * opened under its number after closing it). */
static bool record_kept(void)
{
    struct stat st;

    return exit_record >= 0 && fstat(exit_record, &st) == 0 &&
           st.st_dev == exit_record_st.st_dev && st.st_ino == exit_record_st.st_ino;
}

void w32_inherit_report_exit(DWORD code)
{
    struct record_exit ex = { EXIT_MAGIC, (int32_t)exit_pid, code, 0 };

    w32_xproc_report_exit(code);    /* for any process that opened this one */
    if (getpid() != exit_pid || !record_kept())
        return;
    pwrite(exit_record, &ex, sizeof(ex), sizeof(struct record_header));
}

void w32_inherit_read_jobs(int record, struct w32_job_chain *chain)
{
    off_t at = jobs_at(record);

    memset(chain, 0, sizeof(*chain));
    if (!at)
        return;
    /* The parent writes for three system calls: a parent killed meanwhile
     * leaves seq odd for ever, and then what was read last stands. */
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t before, after;
        if (pread(record, &before, sizeof(before), at) != (ssize_t)sizeof(before) ||
            pread(record, chain, sizeof(*chain),
                  at + (off_t)offsetof(struct record_jobs, chain)) != (ssize_t)sizeof(*chain) ||
            pread(record, &after, sizeof(after), at) != (ssize_t)sizeof(after)) {
            memset(chain, 0, sizeof(*chain));
            return;
        }
        if (before == after && !(before & 1))
            break;
        sched_yield();
    }
    if (chain->depth > W32_JOB_LEVELS)
        chain->depth = W32_JOB_LEVELS;
}

void w32_inherit_own_jobs(struct w32_job_chain *chain)
{
    struct w32_job_chain inherited;

    w32_handle_adopt_inherited();
    /* Innermost, the jobs other processes put it in through OpenProcess
     * (xproc.h); then those its creator put it in before. */
    w32_xproc_own_jobs(chain);
    if (!record_kept())
        return;
    w32_inherit_read_jobs(exit_record, &inherited);
    w32_job_chain_append(chain, &inherited, 0);
}

/* exit() and a return from main: the status as the program gave it. */
static void report_on_exit(int status, void *arg)
{
    (void)arg;
    w32_inherit_report_exit((DWORD)status);
}

/* A child started by a w32shim parent takes its inherited handles (once, at
 * its first handle operation: handle.c), and keeps the record to report its
 * exit code in (close-on-exec: a program it execs is not the child). */
void w32_inherit_adopt(void)
{
    int fd = find_record();

    if (fd < 0)
        return;
    adopt_record(fd);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (fstat(fd, &exit_record_st) != 0 || on_exit(report_on_exit, NULL) != 0) {
        close(fd);
        return;
    }
    exit_pid = getpid();
    exit_record = fd;
}
