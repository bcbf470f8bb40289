/*
 * Directory change notifications on inotify: FindFirstChangeNotification's
 * waitable handles and ReadDirectoryChangesW (doc/design.md, "Change
 * notifications"). A watch belongs to a directory's file object; its
 * requests are the I/O engine's (aio.c), which waits for the inotify fd to
 * become readable, so a change handle is signalled as any file object is
 * when its request completes.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>
#include <windows.h>
#include <ntstatus.h>
#include "aio.h"
#include "change.h"
#include "error.h"
#include "lock.h"
#include "unicode.h"

#define VALID_FILTER (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME | \
                      FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SIZE | \
                      FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_LAST_ACCESS | \
                      FILE_NOTIFY_CHANGE_CREATION | FILE_NOTIFY_CHANGE_SECURITY)

/* What an inotify attribute change may be: Linux does not say which. */
#define ATTRIB_CLASSES (FILE_NOTIFY_CHANGE_ATTRIBUTES | FILE_NOTIFY_CHANGE_SECURITY | \
                        FILE_NOTIFY_CHANGE_LAST_WRITE | FILE_NOTIFY_CHANGE_LAST_ACCESS | \
                        FILE_NOTIFY_CHANGE_CREATION)

/* The fixed part of a FILE_NOTIFY_INFORMATION record. */
#define RECORD_HEAD offsetof(FILE_NOTIFY_INFORMATION, FileName)

/* A watched directory: the root ("") or a subdirectory, relative to it. */
struct watch {
    int wd;
    char *rel;
};

/* A change not yet reported: its action and its name, relative to the root. */
struct record {
    struct record *next;
    DWORD action;
    DWORD bytes;                /* of name */
    WCHAR name[];
};

/* A rename's first half, until its second half comes (or does not). */
struct move_from {
    uint32_t cookie;
    bool dir;
    char *rel;                  /* NULL: none */
};

struct w32_change {
    w32_lock_t lock;            /* guards what follows, up to find_lock; a leaf */
    DWORD filter;
    bool subtree;
    bool find;                  /* a change handle: no records, only whether */
    bool changed;               /* find: a change since the last completion */
    bool fired;                 /* find: the request completed, not re-armed since */
    bool overflow;              /* records were lost: report ERROR_NOTIFY_ENUM_DIR */
    struct watch *watches;
    size_t nwatch, capwatch;
    struct record *head, *tail;
    size_t queued, limit;       /* bytes of records held, and at most */
    struct move_from from;
    int ifd;                    /* inotify, non-blocking; set once */
    /* A change handle's: what its request waits for (epoll over ifd and
     * kick), and an eventfd a look that took the change itself sets. */
    int epfd, kick;
    int dirfd;                  /* the file's own fd, which names the root */
    /* FindNextChangeNotification's, so that one request at a time uses ov. */
    pthread_mutex_t find_lock;
    OVERLAPPED ov;              /* a change handle's request */
};

/* ---- watches ---- */

static uint32_t inotify_mask(const struct w32_change *c)
{
    uint32_t mask = IN_ONLYDIR | IN_EXCL_UNLINK;

    if (c->filter & (FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME) || c->subtree)
        mask |= IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO;
    if (c->filter & (FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE))
        mask |= IN_MODIFY;
    if (c->filter & ATTRIB_CLASSES)
        mask |= IN_ATTRIB;
    if (c->filter & FILE_NOTIFY_CHANGE_LAST_ACCESS)
        mask |= IN_ACCESS;
    return mask;
}

static struct watch *find_watch(struct w32_change *c, int wd)
{
    for (size_t i = 0; i < c->nwatch; i++)
        if (c->watches[i].wd == wd)
            return &c->watches[i];
    return NULL;
}

static void drop_watch(struct w32_change *c, struct watch *w)
{
    free(w->rel);
    *w = c->watches[--c->nwatch];
}

/* Records rel under wd (a directory moved within the tree keeps its wd). */
static bool remember_watch(struct w32_change *c, int wd, const char *rel)
{
    struct watch *w = find_watch(c, wd);
    char *copy = strdup(rel);

    if (!copy)
        return false;
    if (!w) {
        if (c->nwatch == c->capwatch) {
            size_t cap = c->capwatch ? c->capwatch * 2 : 8;
            struct watch *grown = realloc(c->watches, cap * sizeof(*grown));
            if (!grown) {
                free(copy);
                return false;
            }
            c->watches = grown;
            c->capwatch = cap;
        }
        w = &c->watches[c->nwatch++];
        w->wd = wd;
    } else {
        free(w->rel);
    }
    w->rel = copy;
    return true;
}

/* Watches the directory rel (relative to the root), through the root's fd. */
static int add_watch(struct w32_change *c, const char *rel)
{
    char path[PATH_MAX];
    int wd;

    if (snprintf(path, sizeof(path), "/proc/self/fd/%d/%s", c->dirfd, rel) >= (int)sizeof(path))
        return -1;
    wd = inotify_add_watch(c->ifd, path, inotify_mask(c));
    if (wd >= 0 && !remember_watch(c, wd, rel)) {
        inotify_rm_watch(c->ifd, wd);
        return -1;
    }
    return wd;
}

static char *join(const char *rel, const char *name)
{
    size_t a = strlen(rel), b = strlen(name);
    char *s = malloc(a + b + 2);

    if (!s)
        return NULL;
    memcpy(s, rel, a);
    s[a] = '/';
    memcpy(s + (a ? a + 1 : 0), name, b + 1);
    return s;
}

static void report(struct w32_change *c, DWORD cls, DWORD action, const char *rel);

static DWORD name_class(bool dir)
{
    return dir ? FILE_NOTIFY_CHANGE_DIR_NAME : FILE_NOTIFY_CHANGE_FILE_NAME;
}

/*
 * Watches rel and every directory below it. In a directory that is new
 * (fresh), what its watch came too late for is reported as added: entries
 * made before the watch was in place (an entry made between the watch and
 * the look at it is reported twice).
 */
static void add_tree(struct w32_change *c, const char *rel, bool fresh)
{
    int fd;
    DIR *dir;
    struct dirent *e;

    if (add_watch(c, rel) < 0)
        return;
    fd = openat(c->dirfd, *rel ? rel : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || !(dir = fdopendir(fd))) {
        if (fd >= 0)
            close(fd);
        return;
    }
    while ((e = readdir(dir))) {
        char *sub;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (!fresh && e->d_type != DT_DIR)
            continue;
        sub = join(rel, e->d_name);
        if (sub && fresh)
            report(c, name_class(e->d_type == DT_DIR), FILE_ACTION_ADDED, sub);
        if (sub && e->d_type == DT_DIR)
            add_tree(c, sub, fresh);
        free(sub);
    }
    closedir(dir);
}

/* A directory left the tree: its watches, and those below it, go. */
static void remove_tree(struct w32_change *c, const char *rel)
{
    size_t n = strlen(rel);

    for (size_t i = 0; i < c->nwatch;) {
        struct watch *w = &c->watches[i];
        if (!strncmp(w->rel, rel, n) && (w->rel[n] == '\0' || w->rel[n] == '/')) {
            inotify_rm_watch(c->ifd, w->wd);
            drop_watch(c, w);
        } else {
            i++;
        }
    }
}

/*
 * A directory moved within the tree keeps its watches, and those below it:
 * their names change, so events already queued under them (made after the
 * move) are reported under the new names.
 */
static void rename_tree(struct w32_change *c, const char *from, const char *to)
{
    size_t n = strlen(from);

    for (size_t i = 0; i < c->nwatch; i++) {
        struct watch *w = &c->watches[i];
        char *rel;
        if (strncmp(w->rel, from, n) || (w->rel[n] != '\0' && w->rel[n] != '/'))
            continue;
        rel = malloc(strlen(to) + strlen(w->rel + n) + 1);
        if (!rel)
            continue;
        strcpy(rel, to);
        strcat(rel, w->rel + n);
        free(w->rel);
        w->rel = rel;
    }
}

/* ---- records ---- */

static size_t aligned(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

static void clear_records(struct w32_change *c)
{
    while (c->head) {
        struct record *r = c->head;
        c->head = r->next;
        free(r);
    }
    c->tail = NULL;
    c->queued = 0;
}

/* Queues a record for rel (a POSIX relative path), or marks the loss. */
static void queue_record(struct w32_change *c, DWORD action, const char *rel)
{
    size_t len = strlen(rel);
    size_t units = w32_name_to_utf16n(rel, len, NULL);
    size_t size = aligned(RECORD_HEAD + units * sizeof(WCHAR));
    struct record *r;

    if (c->overflow)
        return;
    if (c->queued + size > c->limit || !(r = malloc(sizeof(*r) + units * sizeof(WCHAR)))) {
        clear_records(c);
        c->overflow = true;
        return;
    }
    w32_name_to_utf16n(rel, len, r->name);
    for (size_t i = 0; i < units; i++)
        if (r->name[i] == '/')
            r->name[i] = '\\';
    r->action = action;
    r->bytes = (DWORD)(units * sizeof(WCHAR));
    r->next = NULL;
    if (c->tail)
        c->tail->next = r;
    else
        c->head = r;
    c->tail = r;
    c->queued += size;
}

/* A change of the kind cls (FILE_NOTIFY_CHANGE_*) to rel happened. */
static void report(struct w32_change *c, DWORD cls, DWORD action, const char *rel)
{
    if (!(c->filter & cls))
        return;
    if (c->find)
        c->changed = true;
    else
        queue_record(c, action, rel);
}

/* A rename's first half that found no second half: the name left the tree. */
static void flush_move(struct w32_change *c)
{
    if (!c->from.rel)
        return;
    if (c->from.dir && c->subtree)
        remove_tree(c, c->from.rel);
    report(c, name_class(c->from.dir), FILE_ACTION_REMOVED, c->from.rel);
    free(c->from.rel);
    c->from.rel = NULL;
}

static void moved_to(struct w32_change *c, const struct inotify_event *ev, const char *rel)
{
    bool dir = ev->mask & IN_ISDIR;

    if (c->from.rel && c->from.cookie == ev->cookie) {
        if (dir && c->subtree)
            rename_tree(c, c->from.rel, rel);
        report(c, name_class(dir), FILE_ACTION_RENAMED_OLD_NAME, c->from.rel);
        report(c, name_class(dir), FILE_ACTION_RENAMED_NEW_NAME, rel);
        free(c->from.rel);
        c->from.rel = NULL;
        return;
    }
    flush_move(c);
    report(c, name_class(dir), FILE_ACTION_ADDED, rel);
    if (dir && c->subtree)
        add_tree(c, rel, false);
}

/* One event of the directory w, whose entry rel it names. */
static void take_event(struct w32_change *c, const struct inotify_event *ev, const char *rel)
{
    bool dir = ev->mask & IN_ISDIR;

    if (ev->mask & IN_MOVED_TO) {
        moved_to(c, ev, rel);
        return;
    }
    flush_move(c);
    if (ev->mask & IN_MOVED_FROM) {
        c->from = (struct move_from){ ev->cookie, dir, strdup(rel) };
        if (!c->from.rel)
            report(c, name_class(dir), FILE_ACTION_REMOVED, rel);
    } else if (ev->mask & IN_CREATE) {
        report(c, name_class(dir), FILE_ACTION_ADDED, rel);
        if (dir && c->subtree)
            add_tree(c, rel, true);
    } else if (ev->mask & IN_DELETE) {
        report(c, name_class(dir), FILE_ACTION_REMOVED, rel);
    } else if (ev->mask & IN_MODIFY) {
        report(c, FILE_NOTIFY_CHANGE_SIZE | FILE_NOTIFY_CHANGE_LAST_WRITE, FILE_ACTION_MODIFIED,
               rel);
    } else if (ev->mask & IN_ATTRIB) {
        report(c, ATTRIB_CLASSES, FILE_ACTION_MODIFIED, rel);
    } else if ((ev->mask & IN_ACCESS) && !dir) {
        /* Not a directory's: reading one is how a subtree is watched. */
        report(c, FILE_NOTIFY_CHANGE_LAST_ACCESS, FILE_ACTION_MODIFIED, rel);
    }
}

static void dispatch(struct w32_change *c, const struct inotify_event *ev)
{
    struct watch *w;
    char *rel;

    if (ev->mask & IN_Q_OVERFLOW) {
        flush_move(c);
        c->changed = true;
        clear_records(c);
        c->overflow = !c->find;
        return;
    }
    w = find_watch(c, ev->wd);
    if (ev->mask & IN_IGNORED) {
        if (w)
            drop_watch(c, w);
        return;
    }
    /* Events of a watched directory itself (no name) are not Windows' to report. */
    if (!w || !ev->len || !ev->name[0])
        return;
    rel = *w->rel ? join(w->rel, ev->name) : strdup(ev->name);
    if (!rel) {
        c->overflow = !c->find;
        c->changed = true;
        return;
    }
    take_event(c, ev, rel);
    free(rel);
}

/* Takes every event the kernel holds into c's records; c's lock held. */
static void drain(struct w32_change *c)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    ssize_t n;

    while ((n = read(c->ifd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
        for (char *p = buf; n > 0 && p < buf + n;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            dispatch(c, ev);
            p += sizeof(*ev) + ev->len;
        }
    }
    flush_move(c);
}

/*
 * Moves the records into buf as FILE_NOTIFY_INFORMATION, each at a DWORD
 * boundary; all of them or, if they do not fit, none (ERROR_NOTIFY_ENUM_DIR,
 * as Windows, which then has the caller read the directory again).
 */
static DWORD take_records(struct w32_change *c, char *buf, DWORD len, DWORD *done)
{
    size_t need = 0, at = 0;
    FILE_NOTIFY_INFORMATION *last = NULL;

    for (struct record *r = c->head; r; r = r->next)
        need = aligned(need) + RECORD_HEAD + r->bytes;
    if (c->overflow || need > len) {
        clear_records(c);
        c->overflow = false;
        return ERROR_NOTIFY_ENUM_DIR;
    }
    for (struct record *r = c->head; r; r = r->next) {
        FILE_NOTIFY_INFORMATION *fni = (FILE_NOTIFY_INFORMATION *)(buf + at);
        size_t size = RECORD_HEAD + r->bytes;
        if (last)
            last->NextEntryOffset = (DWORD)((char *)fni - (char *)last);
        fni->NextEntryOffset = 0;
        fni->Action = r->action;
        fni->FileNameLength = r->bytes;
        memcpy(fni->FileName, r->name, r->bytes);
        last = fni;
        at += r->next ? aligned(size) : size;
    }
    *done = (DWORD)at;
    clear_records(c);
    return ERROR_SUCCESS;
}

/* What a request finds now: its result, or ERROR_IO_PENDING. */
static DWORD take_changes(struct w32_change *c, char *buf, DWORD len, DWORD *done)
{
    DWORD error = ERROR_IO_PENDING;

    *done = 0;
    w32_lock(&c->lock);
    drain(c);
    if (c->find && c->changed) {
        eventfd_t count;
        eventfd_read(c->kick, &count);
        c->changed = false;
        c->fired = true;
        error = ERROR_SUCCESS;
    } else if (!c->find && (c->head || c->overflow)) {
        error = take_records(c, buf, len, done);
    }
    w32_unlock(&c->lock);
    return error;
}

DWORD w32_change_try(struct w32_file *file, struct w32_io *io)
{
    struct w32_change *c = atomic_load_explicit(&file->change, memory_order_acquire);
    DWORD done, error = take_changes(c, io->buf, io->len, &done);

    if (error != ERROR_IO_PENDING) {
        io->done = done;
        return error;
    }
    io->poll_fd = c->find ? c->epfd : c->ifd;
    io->poll_events = POLLIN;
    return ERROR_IO_PENDING;
}

bool w32_change_signaled(struct w32_file *file)
{
    struct w32_change *c = atomic_load_explicit(&file->change, memory_order_acquire);
    bool signaled;

    if (!c || !c->find)
        return false;
    /*
     * A change made before the look is seen by it, as on Windows, where the
     * file system signals the handle within the call that made the change;
     * and the handle stays signalled from its request's completion until
     * FindNextChangeNotification, even before the completion is delivered.
     */
    w32_lock(&c->lock);
    drain(c);
    signaled = c->changed || c->fired;
    /* The events are taken: the request learns of them through the kick. */
    if (c->changed)
        eventfd_write(c->kick, 1);
    w32_unlock(&c->lock);
    return signaled;
}

/* ---- setting a watch up ---- */

static void free_change(struct w32_change *c)
{
    if (c->ifd >= 0)
        close(c->ifd);
    if (c->epfd >= 0)
        close(c->epfd);
    if (c->kick >= 0)
        close(c->kick);
    for (size_t i = 0; i < c->nwatch; i++)
        free(c->watches[i].rel);
    free(c->watches);
    clear_records(c);
    free(c->from.rel);
    pthread_mutex_destroy(&c->find_lock);
    free(c);
}

void w32_change_free(struct w32_file *file)
{
    struct w32_change *c = atomic_load_explicit(&file->change, memory_order_acquire);

    if (c)
        free_change(c);
}

/* A change handle's request waits for the inotify fd or the kick. */
static bool make_kick(struct w32_change *c)
{
    struct epoll_event ev = { .events = EPOLLIN };

    c->kick = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    c->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (c->kick < 0 || c->epfd < 0 || epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->ifd, &ev) != 0)
        return false;
    return epoll_ctl(c->epfd, EPOLL_CTL_ADD, c->kick, &ev) == 0;
}

static struct w32_change *new_change(struct w32_file *file, DWORD filter, bool subtree,
                                     bool find, DWORD limit)
{
    struct w32_change *c = calloc(1, sizeof(*c));

    if (!c) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_lock_init(&c->lock);
    pthread_mutex_init(&c->find_lock, NULL);
    c->filter = filter;
    c->subtree = subtree;
    c->find = find;
    c->limit = limit;
    c->dirfd = file->fd;
    c->epfd = c->kick = -1;
    c->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (c->ifd < 0 || add_watch(c, "") < 0 || (find && !make_kick(c))) {
        w32_set_error(errno == ENOSPC || errno == EMFILE ? ERROR_NO_SYSTEM_RESOURCES
                                                         : w32_error_from_errno(errno));
        free_change(c);
        return NULL;
    }
    if (subtree)
        add_tree(c, "", false);
    return c;
}

/*
 * The file's watch, set up by its first caller: the first call's filter,
 * subtree and buffer length stay the watch's, as on Windows. NULL, error set.
 */
static struct w32_change *watch_of(struct w32_file *file, DWORD filter, bool subtree,
                                   bool find, DWORD limit)
{
    struct w32_change *c = atomic_load_explicit(&file->change, memory_order_acquire);
    struct w32_change *expected = NULL;

    if (c)
        return c;
    c = new_change(file, filter, subtree, find, limit);
    if (c && !atomic_compare_exchange_strong_explicit(&file->change, &expected, c,
                                                      memory_order_acq_rel,
                                                      memory_order_acquire)) {
        free_change(c);
        return expected;
    }
    return c;
}

static bool is_directory(struct w32_file *file)
{
    struct stat st;

    return fstat(file->fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- change handles ---- */

/* Issues the change handle's request: it completes at the next change. */
static DWORD arm(struct w32_file *file, struct w32_change *c)
{
    DWORD done, error;

    c->ov.hEvent = NULL;
    error = w32_aio_submit(file, W32_IO_NOTIFY, NULL, 0, &c->ov, NULL, &done);
    return error == ERROR_IO_PENDING ? ERROR_SUCCESS : error;
}

/* The directory at path (opened by open_dir), watched; its handle, or INVALID_HANDLE_VALUE. */
static HANDLE watch_directory(HANDLE h, BOOL subtree, DWORD filter)
{
    struct w32_file *file;
    struct w32_change *c;
    DWORD error = ERROR_SUCCESS;

    if (h == INVALID_HANDLE_VALUE)
        return h;
    file = w32_file_get(h, 0);
    if (!file)
        error = GetLastError();
    else if (!is_directory(file))
        error = ERROR_DIRECTORY;
    else if (!filter || (filter & ~VALID_FILTER))
        error = ERROR_INVALID_PARAMETER;
    else if (!(c = watch_of(file, filter, subtree, true, 0)))
        error = GetLastError();
    else
        error = arm(file, c);
    if (file)
        w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        CloseHandle(h);
        w32_set_error(error);
        return INVALID_HANDLE_VALUE;
    }
    w32_set_error(ERROR_SUCCESS);
    return h;
}

#define CHANGE_ACCESS (FILE_LIST_DIRECTORY | SYNCHRONIZE)
#define SHARE_ALL (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

HANDLE WINAPI FindFirstChangeNotificationA(LPCSTR lpPathName, BOOL bWatchSubtree,
                                           DWORD dwNotifyFilter)
{
    if (!lpPathName) {
        w32_set_error(ERROR_PATH_NOT_FOUND);
        return INVALID_HANDLE_VALUE;
    }
    return watch_directory(CreateFileA(lpPathName, CHANGE_ACCESS, SHARE_ALL, NULL, OPEN_EXISTING,
                                       FILE_FLAG_BACKUP_SEMANTICS, NULL),
                           bWatchSubtree, dwNotifyFilter);
}

HANDLE WINAPI FindFirstChangeNotificationW(LPCWSTR lpPathName, BOOL bWatchSubtree,
                                           DWORD dwNotifyFilter)
{
    char *name = NULL;
    HANDLE h;

    if (lpPathName && !(name = w32_utf16_to_utf8(lpPathName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    h = FindFirstChangeNotificationA(name, bWatchSubtree, dwNotifyFilter);
    free(name);
    return h;
}

static bool request_pending(struct w32_change *c)
{
    return atomic_load_explicit((_Atomic ULONG_PTR *)&c->ov.Internal, memory_order_acquire) ==
           STATUS_PENDING;
}

/*
 * Re-arms a change handle. While its request is still pending (the handle
 * was seen signalled by a look that took the change itself), the changes
 * seen so far are dropped instead, so the handle waits for the next one. A
 * request that has found its change is about to be delivered: its delivery
 * is waited for, so that it does not signal the handle after the re-arm.
 */
static DWORD rearm(struct w32_file *file, struct w32_change *c)
{
    DWORD error = ERROR_SUCCESS;
    eventfd_t count;
    bool done;

    pthread_mutex_lock(&c->find_lock);
    w32_lock(&c->lock);
    done = c->fired || !request_pending(c);
    if (!done) {
        drain(c);
        c->changed = false;
        eventfd_read(c->kick, &count);
    }
    w32_unlock(&c->lock);
    if (done) {
        while (request_pending(c))
            sched_yield();
        w32_lock(&c->lock);
        c->fired = false;
        w32_unlock(&c->lock);
        error = arm(file, c);
    }
    pthread_mutex_unlock(&c->find_lock);
    return error;
}

BOOL WINAPI FindNextChangeNotification(HANDLE hChangeHandle)
{
    struct w32_file *file = w32_file_get(hChangeHandle, 0);
    struct w32_change *c;
    DWORD error;

    if (!file)
        return FALSE;
    c = atomic_load_explicit(&file->change, memory_order_acquire);
    error = c && c->find ? rearm(file, c) : ERROR_INVALID_HANDLE;
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI FindCloseChangeNotification(HANDLE hChangeHandle)
{
    return CloseHandle(hChangeHandle);
}

/* ---- ReadDirectoryChangesW ---- */

/* Waits, in a way CancelSynchronousIo ends, for the first changes. */
static DWORD read_changes_sync(struct w32_change *c, void *buf, DWORD len, DWORD *done)
{
    for (;;) {
        DWORD error = take_changes(c, buf, len, done);
        if (error != ERROR_IO_PENDING)
            return error;
        error = w32_sync_io_wait(c->ifd, POLLIN, -1);
        if (error == ERROR_OPERATION_ABORTED)
            return error;
    }
}

/* A synchronous handle's call, told through the OVERLAPPED too if there is one. */
static DWORD read_sync(struct w32_change *c, void *buf, DWORD len, LPDWORD returned,
                       LPOVERLAPPED ov)
{
    DWORD done = 0, error = read_changes_sync(c, buf, len, &done);

    if (returned)
        *returned = done;
    if (ov) {
        ov->InternalHigh = done;
        ov->Internal = w32_ntstatus_from_error(error);
        if (ov->hEvent)
            SetEvent(ov->hEvent);
    }
    return error;
}

static DWORD read_changes(HANDLE h, void *buf, DWORD len, BOOL subtree, DWORD filter,
                          LPDWORD returned, LPOVERLAPPED ov,
                          LPOVERLAPPED_COMPLETION_ROUTINE routine)
{
    struct w32_file *file;
    struct w32_change *c;
    DWORD error, done;

    if (!filter || (filter & ~VALID_FILTER))
        return ERROR_INVALID_PARAMETER;
    if (!buf && len)
        return ERROR_NOACCESS;
    file = w32_file_get(h, FILE_LIST_DIRECTORY);
    if (!file)
        return GetLastError();
    if (!is_directory(file))
        error = ERROR_INVALID_PARAMETER;
    else if (!(c = watch_of(file, filter, subtree, false, len)))
        error = GetLastError();
    else if (c->find)
        error = ERROR_INVALID_PARAMETER;
    else if (!file->overlapped || !ov)
        error = read_sync(c, buf, len, returned, ov);
    else
        error = w32_aio_submit(file, W32_IO_NOTIFY, buf, len, ov, routine, &done);
    w32_object_unref(&file->obj);
    return error == ERROR_IO_PENDING || error == ERROR_NOTIFY_ENUM_DIR ? ERROR_SUCCESS : error;
}

BOOL WINAPI ReadDirectoryChangesW(HANDLE hDirectory, LPVOID lpBuffer, DWORD nBufferLength,
                                  BOOL bWatchSubtree, DWORD dwNotifyFilter,
                                  LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped,
                                  LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    DWORD error = read_changes(hDirectory, lpBuffer, nBufferLength, bWatchSubtree,
                               dwNotifyFilter, lpBytesReturned, lpOverlapped,
                               lpCompletionRoutine);

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI ReadDirectoryChangesExW(HANDLE hDirectory, LPVOID lpBuffer, DWORD nBufferLength,
                                    BOOL bWatchSubtree, DWORD dwNotifyFilter,
                                    LPDWORD lpBytesReturned, LPOVERLAPPED lpOverlapped,
                                    LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine,
                                    READ_DIRECTORY_NOTIFY_INFORMATION_CLASS
                                        ReadDirectoryNotifyInformationClass)
{
    if (ReadDirectoryNotifyInformationClass == ReadDirectoryNotifyInformation)
        return ReadDirectoryChangesW(hDirectory, lpBuffer, nBufferLength, bWatchSubtree,
                                     dwNotifyFilter, lpBytesReturned, lpOverlapped,
                                     lpCompletionRoutine);
    w32_set_error(ReadDirectoryNotifyInformationClass == ReadDirectoryNotifyExtendedInformation ||
                  ReadDirectoryNotifyInformationClass == ReadDirectoryNotifyFullInformation
                  ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER);
    return FALSE;
}
