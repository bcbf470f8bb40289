/* fileapi.h: the fd-backed File object, disk files, directories, locks, paths. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "aio.h"
#include "clock.h"
#include "cmdline.h"
#include "error.h"
#include "change.h"
#include "file.h"
#include "filelock.h"
#include "handle.h"
#include "comm.h"
#include "mailslot.h"
#include "mapping.h"
#include "path.h"
#include "unicode.h"
#include "fork.h"


static bool file_destroy(struct w32_object *obj)
{
    struct w32_file *file = (struct w32_file *)obj;

    /* Requests still pending end (aborted) before the fd goes. */
    w32_aio_file_close(file);
    w32_change_free(file);
    if (file->ops->cleanup)
        file->ops->cleanup(file);
    if (!file->borrowed)
        close(file->fd);
    return true;
}

/*
 * A file object is signalled when its I/O completes: a handle opened for
 * synchronous I/O always is between calls; an overlapped one is reset as a
 * transfer starts and set as it completes (aio.c).
 */
static bool file_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_file *file = (struct w32_file *)obj;

    return w32_aio_signaled(file) || w32_change_signaled(file);
}

const struct w32_object_type w32_file_type = {
    .name = "File",
    .access = {
        .read = FILE_GENERIC_READ,
        .write = FILE_GENERIC_WRITE,
        .execute = FILE_GENERIC_EXECUTE,
        .all = FILE_ALL_ACCESS,
    },
    .signaled = file_signaled,
    .listed = true,
    .destroy = file_destroy,
};

struct w32_file *w32_file_alloc(size_t size, int fd, bool borrowed,
                                const struct w32_file_ops *ops)
{
    struct w32_file *file = calloc(1, size);

    if (!file) {
        if (!borrowed)
            close(fd);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&file->obj, &w32_file_type);
    file->fd = fd;
    file->borrowed = borrowed;
    file->ops = ops;
    return file;
}

struct w32_file *w32_file_get(HANDLE h, ACCESS_MASK access)
{
    return (struct w32_file *)w32_handle_get(h, &w32_file_type, access);
}

static void sync_position(struct w32_file *file);

/* The fd leaves the library's hands: its offset must be the file pointer. */
int w32_handle_fd(HANDLE h, ACCESS_MASK access, struct w32_object **ref)
{
    struct w32_file *file = w32_file_get(h, w32_object_map_access(&w32_file_type, access));

    *ref = file ? &file->obj : NULL;
    if (!file)
        return -1;
    sync_position(file);
    return file->fd;
}

/* ---- disk files ---- */

static const struct w32_file_ops disk_ops;

struct disk_file {
    struct w32_file file;
    /* Share mode bookkeeping (share_lock); shared only when in the list. */
    dev_t dev;
    ino_t ino;
    ACCESS_MASK access;
    DWORD share;
    bool listed;
    struct disk_file *prev, *next;
    struct open_file *node;     /* the file's own entry, while listed */
    bool delete_on_close;       /* FILE_FLAG_DELETE_ON_CLOSE or FILE_DISPOSITION_FLAG_ON_CLOSE:
                                 * the file is marked for deletion as this object closes,
                                 * not before (share_lock) */
    bool posix_delete;          /* marked it with FILE_DISPOSITION_FLAG_POSIX_SEMANTICS: the
                                 * name goes as this object closes (share_lock) */
    /*
     * The file pointer a transfer at an OVERLAPPED offset or a seek left,
     * not yet given to the fd (NO_POSITION: the fd's own offset is the file
     * pointer; POSITION_BUSY: a transfer from it is under way). Such a
     * transfer or seek is then one pread or pwrite, or no system call; the
     * lseek waits until something uses the fd's offset (sync_position).
     * Changed under pos_lock, but by positioned transfers, which store it.
     */
    atomic_llong pending_pos;
    w32_lock_t pos_lock;
    bool append;                /* O_APPEND: writes go to the end, whatever the pointer */
    struct w32_range_locks locks;   /* this handle's byte-range locks (filelock.c) */
};

#define NO_POSITION (-1LL)
#define POSITION_BUSY (-2LL)

/* Whether the file pointer is (or is being) kept here rather than in the fd. */
static bool position_pending(struct w32_file *file)
{
    return file->ops == &disk_ops &&
           atomic_load_explicit(&((struct disk_file *)file)->pending_pos,
                                memory_order_acquire) != NO_POSITION;
}

/* Gives the fd the file pointer kept here, if any. */
static void sync_position(struct w32_file *file)
{
    struct disk_file *disk = (struct disk_file *)file;
    long long pos;

    if (!position_pending(file))
        return;
    w32_lock(&disk->pos_lock);
    pos = atomic_exchange_explicit(&disk->pending_pos, NO_POSITION, memory_order_relaxed);
    if (pos >= 0)
        lseek(file->fd, pos, SEEK_SET);
    w32_unlock(&disk->pos_lock);
}

/*
 * What Windows keeps per file, not per handle, for a file (device and
 * inode) that disk file objects of this process have open: whether it is
 * delete-pending. A pending file opens no more, and its name goes as the
 * last object on it closes.
 */
struct open_file {
    dev_t dev;
    ino_t ino;
    unsigned objects;           /* the listed disk files on it */
    bool delete_pending;
    struct open_file *next;
};

/* Guards the list of open disk files with their share modes and the list of
 * the files they have open; a leaf lock. */
static pthread_mutex_t share_lock = PTHREAD_MUTEX_INITIALIZER;
static struct disk_file *share_head;
static struct open_file *open_files;

static DWORD errno_error(void)
{
    return w32_error_from_errno(errno);
}

/*
 * Where a transfer without an offset goes: the file pointer kept here, or
 * -1 for the fd's own offset. A pointer kept here is held (pos_lock, and
 * POSITION_BUSY for lock-free readers of it) until the transfer puts the new
 * one back (put_position), so transfers on one handle stay one after the
 * other. Writes to an append-only fd use the fd's offset.
 */
static LONGLONG take_position(struct w32_file *file, bool writing)
{
    struct disk_file *disk = (struct disk_file *)file;
    long long pos;

    if (!position_pending(file))
        return -1;
    if (writing && disk->append) {
        sync_position(file);
        return -1;
    }
    w32_lock(&disk->pos_lock);
    pos = atomic_exchange_explicit(&disk->pending_pos, POSITION_BUSY, memory_order_relaxed);
    if (pos < 0) {
        atomic_store_explicit(&disk->pending_pos, NO_POSITION, memory_order_relaxed);
        w32_unlock(&disk->pos_lock);
    }
    return pos;
}

/* The end of a transfer from a pointer take_position gave out. */
static void put_position(struct w32_file *file, LONGLONG pos)
{
    struct disk_file *disk = (struct disk_file *)file;

    atomic_store_explicit(&disk->pending_pos, pos, memory_order_release);
    w32_unlock(&disk->pos_lock);
}

/*
 * A transfer at offset (-1: the fd's offset) moved total bytes: the file
 * pointer follows it, as it does for a synchronous handle. A pointer taken
 * from here goes back; a positioned transfer's is recorded (unless one is
 * under way, whose end then decides it).
 */
static void transfer_end(struct w32_file *file, LONGLONG offset, size_t total, bool taken)
{
    long long busy = POSITION_BUSY;
    struct disk_file *disk = (struct disk_file *)file;

    if (taken) {
        put_position(file, offset + (LONGLONG)total);
        return;
    }
    if (offset < 0 || file->ops != &disk_ops)
        return;
    for (long long seen = atomic_load_explicit(&disk->pending_pos, memory_order_relaxed);
         seen != busy;)
        if (atomic_compare_exchange_weak_explicit(&disk->pending_pos, &seen,
                                                  offset + (LONGLONG)total,
                                                  memory_order_release, memory_order_relaxed))
            break;
}

static DWORD disk_read(struct w32_file *file, void *buf, DWORD len, DWORD *done,
                       LONGLONG offset)
{
    size_t total = 0;
    bool positioned = offset >= 0, taken = false;

    if (!positioned)
        taken = (offset = take_position(file, false)) >= 0;
    while (total < len) {
        ssize_t n = offset < 0 ? read(file->fd, (char *)buf + total, len - total)
                               : pread(file->fd, (char *)buf + total, len - total,
                                       offset + (off_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            DWORD error = errno == EISDIR ? ERROR_INVALID_FUNCTION : errno_error();
            *done = total;
            transfer_end(file, offset, total, taken);
            return error;
        }
        if (n == 0)
            break;
        total += n;
    }
    *done = total;
    transfer_end(file, offset, total, taken);
    if (positioned && total == 0 && len > 0)
        return ERROR_HANDLE_EOF;
    return ERROR_SUCCESS;
}

static DWORD disk_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                        LONGLONG offset)
{
    size_t total = 0;
    bool taken = false;

    if (offset < 0)
        taken = (offset = take_position(file, true)) >= 0;
    while (total < len) {
        ssize_t n = offset < 0 ? write(file->fd, (const char *)buf + total, len - total)
                               : pwrite(file->fd, (const char *)buf + total, len - total,
                                        offset + (off_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            DWORD error = errno_error();
            *done = total;
            transfer_end(file, offset, total, taken);
            return error;
        }
        total += n;
    }
    *done = total;
    transfer_end(file, offset, total, taken);
    return ERROR_SUCCESS;
}

/* Removes path if it still names the file (or empty directory) dev/ino: the
 * name may have been reused. */
static void unlink_if_same(const char *path, dev_t dev, ino_t ino)
{
    struct stat st;

    if (stat(path, &st) == 0 && st.st_dev == dev && st.st_ino == ino) {
        if (S_ISDIR(st.st_mode))
            rmdir(path);
        else
            unlink(path);
    }
}

static char *current_path(int fd, const struct stat *st);

/* Removes the name the file open on fd has now, if it has one left. Renames
 * by any handle or process are followed, and a name reused by another
 * file is left alone. */
static void delete_current_name(int fd)
{
    struct stat st;
    char *path;

    if (fstat(fd, &st) != 0 || !(path = current_path(fd, &st)))
        return;
    unlink_if_same(path, st.st_dev, st.st_ino);
    free(path);
}

/* The entry of the file dev/ino if objects of this process have it open. */
static struct open_file *open_file_locked(dev_t dev, ino_t ino)
{
    for (struct open_file *f = open_files; f; f = f->next)
        if (f->dev == dev && f->ino == ino)
            return f;
    return NULL;
}

/* Enters disk in the share list, on the file's entry (that one, or spare,
 * which *spare then no longer owns). */
static void list_locked(struct disk_file *disk, struct open_file *node, struct open_file **spare)
{
    if (!node) {
        node = *spare;
        *spare = NULL;
        *node = (struct open_file){ disk->dev, disk->ino, 0, false, open_files };
        open_files = node;
    }
    node->objects++;
    disk->node = node;
    disk->next = share_head;
    disk->prev = NULL;
    if (share_head)
        share_head->prev = disk;
    share_head = disk;
    disk->listed = true;
}

static void drop_open_file_locked(struct open_file *node)
{
    struct open_file **link = &open_files;

    while (*link != node)
        link = &(*link)->next;
    *link = node->next;
    free(node);
}

/*
 * Takes disk out of the share list as it closes. A delete-on-close object
 * marks the file delete-pending; the last object on a pending file, or the
 * object that marked it with POSIX semantics, removes its name, under the
 * lock, so no open of this process comes in between.
 */
static void unlist_locked(struct disk_file *disk)
{
    struct open_file *node = disk->node;

    if (disk->prev)
        disk->prev->next = disk->next;
    else
        share_head = disk->next;
    if (disk->next)
        disk->next->prev = disk->prev;
    disk->listed = false;
    if (disk->delete_on_close)
        node->delete_pending = true;
    if (--node->objects > 0 && !(node->delete_pending && disk->posix_delete))
        return;
    if (node->delete_pending)
        delete_current_name(disk->file.fd);
    if (node->objects == 0)
        drop_open_file_locked(node);
}

/*
 * Windows closes every handle of a process as it ends, so a
 * FILE_FLAG_DELETE_ON_CLOSE file goes with a process that exits without
 * closing it. w32shim deletes such files from an atexit handler (exit,
 * ExitProcess, a return from main) and from TerminateProcess of the
 * process itself; a process killed by a signal leaves them (doc/design.md).
 */
void w32_file_delete_on_exit(void)
{
    pthread_mutex_lock(&share_lock);
    for (struct disk_file *d = share_head; d; d = d->next)
        if (d->delete_on_close || d->node->delete_pending)
            delete_current_name(d->file.fd);
    pthread_mutex_unlock(&share_lock);
}

static void register_delete_on_exit(void)
{
    atexit(w32_file_delete_on_exit);
}

static void delete_on_exit_needed(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;

    pthread_once(&once, register_delete_on_exit);
}

static void disk_cleanup(struct w32_file *file)
{
    struct disk_file *disk = (struct disk_file *)file;

    if (disk->listed) {
        pthread_mutex_lock(&share_lock);
        unlist_locked(disk);
        pthread_mutex_unlock(&share_lock);
    }
    w32_range_locks_free(&disk->locks);
}

static const struct w32_file_ops disk_ops = {
    .file_type = FILE_TYPE_DISK,
    .read = disk_read,
    .write = disk_write,
    .cleanup = disk_cleanup,
};

/* Terminals and devices: one read returns what the device has (a line). */
static DWORD char_read(struct w32_file *file, void *buf, DWORD len, DWORD *done,
                       LONGLONG offset)
{
    ssize_t n;

    do
        n = read(file->fd, buf, len);
    while (n < 0 && errno == EINTR);
    *done = n < 0 ? 0 : (DWORD)n;
    return n < 0 ? errno_error() : ERROR_SUCCESS;
}

static const struct w32_file_ops char_ops = {
    .file_type = FILE_TYPE_CHAR,
    .read = char_read,
    .write = disk_write,
};

static const struct w32_file_ops *ops_for_fd(int fd)
{
    struct stat st;

    if (fstat(fd, &st) != 0)
        return NULL;
    if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))
        return &w32_pipe_ops;
    if (S_ISCHR(st.st_mode))
        return &char_ops;
    return &disk_ops;
}

static struct w32_file *new_file(int fd, bool borrowed, const struct w32_file_ops *ops)
{
    struct w32_file *file;

    if (ops != &disk_ops)
        return w32_file_alloc(sizeof(struct w32_file), fd, borrowed, ops);
    file = w32_file_alloc(sizeof(struct disk_file), fd, borrowed, ops);
    if (file) {
        atomic_init(&((struct disk_file *)file)->pending_pos, NO_POSITION);
        w32_lock_init(&((struct disk_file *)file)->pos_lock);
        ((struct disk_file *)file)->append = (fcntl(fd, F_GETFL) & O_APPEND) != 0;
        w32_range_locks_init(&((struct disk_file *)file)->locks);
    }
    return file;
}

struct w32_file *w32_file_wrap(int fd, bool borrowed)
{
    const struct w32_file_ops *ops = ops_for_fd(fd);

    if (!ops) {
        w32_set_error(errno == EBADF ? ERROR_INVALID_HANDLE : errno_error());
        if (!borrowed)
            close(fd);
        return NULL;
    }
    return new_file(fd, borrowed, ops);
}

HANDLE w32_handle_from_fd(int fd, ACCESS_MASK access, BOOL inherit)
{
    struct w32_file *file = w32_file_wrap(fd, false);

    return file ? w32_handle_create(&file->obj, access, inherit) : NULL;
}

HANDLE w32_handle_borrow_fd(int fd)
{
    int mode = fcntl(fd, F_GETFL);
    ACCESS_MASK access = FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE;
    struct w32_file *file;

    if (mode < 0) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if ((mode & O_ACCMODE) != O_WRONLY)
        access |= GENERIC_READ;
    if ((mode & O_ACCMODE) != O_RDONLY)
        access |= GENERIC_WRITE;
    file = w32_file_wrap(fd, true);
    return file ? w32_handle_create(&file->obj, access, FALSE) : NULL;
}

int w32_handle_disown_fd(HANDLE h, bool *was_borrowed)
{
    struct w32_file *file = w32_file_get(h, 0);
    int fd;

    if (!file)
        return -1;
    *was_borrowed = file->borrowed;
    file->borrowed = true;
    fd = file->fd;
    w32_object_unref(&file->obj);
    return fd;
}

/* ---- share modes ---- */

#define READ_RIGHTS (FILE_READ_DATA | FILE_EXECUTE)
#define WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA)

/* Whether an open asking access with share mode share may coexist with other. */
static bool share_compatible(ACCESS_MASK access, DWORD share, const struct disk_file *other)
{
    if ((access & READ_RIGHTS) && !(other->share & FILE_SHARE_READ))
        return false;
    if ((access & WRITE_RIGHTS) && !(other->share & FILE_SHARE_WRITE))
        return false;
    if ((access & DELETE) && !(other->share & FILE_SHARE_DELETE))
        return false;
    if ((other->access & READ_RIGHTS) && !(share & FILE_SHARE_READ))
        return false;
    if ((other->access & WRITE_RIGHTS) && !(share & FILE_SHARE_WRITE))
        return false;
    if ((other->access & DELETE) && !(share & FILE_SHARE_DELETE))
        return false;
    return true;
}

static bool share_allows_locked(dev_t dev, ino_t ino, ACCESS_MASK access, DWORD share)
{
    if (!(access & (READ_RIGHTS | WRITE_RIGHTS | DELETE)))
        return true;
    for (struct disk_file *d = share_head; d; d = d->next)
        if (d->dev == dev && d->ino == ino && (d->access & (READ_RIGHTS | WRITE_RIGHTS | DELETE)) &&
            !share_compatible(access, share, d))
            return false;
    return true;
}

/* Enters disk in the share list unless the file is delete-pending
 * (ERROR_ACCESS_DENIED, as Windows) or an open file's share mode forbids it
 * (ERROR_SHARING_VIOLATION). */
static DWORD share_register(struct disk_file *disk)
{
    struct open_file *spare = malloc(sizeof(*spare)), *node;
    DWORD error = ERROR_SUCCESS;

    if (!spare)
        return ERROR_NOT_ENOUGH_MEMORY;
    pthread_mutex_lock(&share_lock);
    node = open_file_locked(disk->dev, disk->ino);
    if (node && node->delete_pending)
        error = ERROR_ACCESS_DENIED;
    else if (!share_allows_locked(disk->dev, disk->ino, disk->access, disk->share))
        error = ERROR_SHARING_VIOLATION;
    else
        list_locked(disk, node, &spare);
    pthread_mutex_unlock(&share_lock);
    free(spare);
    return error;
}

/* Lists a disk file that came from an fd (share mode: everything, no
 * access), so that it can be marked for deletion; FALSE if out of memory. */
static bool list_unlisted(struct disk_file *disk)
{
    struct open_file *spare = malloc(sizeof(*spare));

    if (!spare)
        return false;
    pthread_mutex_lock(&share_lock);
    if (!disk->listed) {
        disk->share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
        disk->access = 0;
        list_locked(disk, open_file_locked(disk->dev, disk->ino), &spare);
    }
    pthread_mutex_unlock(&share_lock);
    free(spare);
    return true;
}

/* Whether the file at st may be deleted or renamed, as far as this
 * process's opens go: not while delete-pending, nor while an open does not
 * share deletion. */
static DWORD delete_allowed(const struct stat *st)
{
    struct open_file *node;
    DWORD error = ERROR_SUCCESS;

    pthread_mutex_lock(&share_lock);
    node = open_file_locked(st->st_dev, st->st_ino);
    if (node && node->delete_pending)
        error = ERROR_ACCESS_DENIED;
    else if (!share_allows_locked(st->st_dev, st->st_ino, DELETE,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE))
        error = ERROR_SHARING_VIOLATION;
    pthread_mutex_unlock(&share_lock);
    return error;
}

/* After DeleteFile removed the name: the handles still open on the file
 * report it delete-pending. */
static void mark_deleted(const struct stat *st)
{
    struct open_file *node;

    pthread_mutex_lock(&share_lock);
    node = open_file_locked(st->st_dev, st->st_ino);
    if (node)
        node->delete_pending = true;
    pthread_mutex_unlock(&share_lock);
}

/* ---- paths ---- */

/* The POSIX path of a Windows one that names a file (lib/path.h); NULL with
 * the last error set. */
static char *unix_path(LPCSTR name)
{
    return w32_path_to_posix(name, W32_PATH_NAME);
}

/* The same, for functions that delete, rename or change what they name: a
 * device name is refused, and so is a device node (root could remove it). */
static char *changeable_path(LPCSTR name)
{
    return w32_path_to_posix(name, W32_PATH_NO_DEVICE);
}

static bool is_device(const struct stat *st)
{
    return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode);
}

FILETIME w32_filetime_of(const struct timespec *ts)
{
    ULONGLONG t = (ULONGLONG)((LONGLONG)ts->tv_sec * 10000000 + ts->tv_nsec / 100 +
                              W32_FILETIME_UNIX_EPOCH);
    FILETIME ft = { (DWORD)t, (DWORD)(t >> 32) };

    return ft;
}

DWORD w32_file_attributes(const struct stat *st)
{
    DWORD attrs = S_ISDIR(st->st_mode) ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE;

    if (!(st->st_mode & S_IWUSR))
        attrs |= FILE_ATTRIBUTE_READONLY;
    return attrs;
}

int w32_entry_stat(int dirfd, const char *name, struct stat *st, DWORD *attrs)
{
    struct stat target;
    bool dir;

    if (fstatat(dirfd, name, st, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    if (!S_ISLNK(st->st_mode)) {
        *attrs = w32_file_attributes(st);
        return 0;
    }
    dir = fstatat(dirfd, name, &target, 0) == 0 && S_ISDIR(target.st_mode);
    st->st_size = 0;
    *attrs = FILE_ATTRIBUTE_REPARSE_POINT | (dir ? FILE_ATTRIBUTE_DIRECTORY : FILE_ATTRIBUTE_ARCHIVE);
    return 0;
}

mode_t w32_mode_for_attributes(mode_t mode, DWORD attrs)
{
    return (attrs & FILE_ATTRIBUTE_READONLY) ? mode & ~(mode_t)0222 : mode | S_IWUSR;
}

/* Whether the directory that would hold path exists. */
static bool parent_exists(const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    char *dir;
    bool found;

    if (!slash)
        return true;
    if (slash == path)
        return true;
    dir = strndup(path, slash - path);
    if (!dir)
        return true;
    found = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    return found;
}

/* The error for a failed operation on path, told apart as Windows does. */
static DWORD path_error(const char *path, int err)
{
    if (err == ENOENT)
        return parent_exists(path) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
    return w32_error_from_errno(err);
}

/* ---- CreateFile ---- */

static bool wants_write(ACCESS_MASK access)
{
    return access & (GENERIC_WRITE | GENERIC_ALL | MAXIMUM_ALLOWED | FILE_WRITE_DATA |
                     FILE_APPEND_DATA);
}

static bool wants_read(ACCESS_MASK access)
{
    return access & (GENERIC_READ | GENERIC_ALL | MAXIMUM_ALLOWED | FILE_READ_DATA);
}

static int open_flags(ACCESS_MASK access, DWORD flags)
{
    int oflags = O_CLOEXEC | O_NOCTTY;
    bool append_only = (access & FILE_APPEND_DATA) &&
                       !(access & (GENERIC_WRITE | GENERIC_ALL | MAXIMUM_ALLOWED |
                                   FILE_WRITE_DATA));

    if (wants_read(access) && wants_write(access))
        oflags |= O_RDWR;
    else if (wants_write(access))
        oflags |= O_WRONLY;
    else
        oflags |= O_RDONLY;
    if (append_only)
        oflags |= O_APPEND;
    if (flags & FILE_FLAG_WRITE_THROUGH)
        oflags |= O_DSYNC;
    return oflags;
}

/*
 * Opens path per disposition; *existed tells whether the file was there.
 * Returns the fd, or -1 with errno set.
 */
static int open_disposition(const char *path, int oflags, mode_t mode, DWORD disposition,
                            bool *existed)
{
    int fd;

    *existed = true;
    switch (disposition) {
    case CREATE_NEW:
        *existed = false;
        return open(path, oflags | O_CREAT | O_EXCL, mode);
    case CREATE_ALWAYS:
    case OPEN_ALWAYS:
        for (;;) {
            fd = open(path, oflags | O_CREAT | O_EXCL, mode);
            if (fd >= 0 || errno != EEXIST) {
                *existed = false;
                return fd;
            }
            fd = open(path, oflags);
            if (fd >= 0 || errno != ENOENT)
                return fd;
        }
    default:
        return open(path, oflags);
    }
}

/* Opens a directory (FILE_FLAG_BACKUP_SEMANTICS) for handles that query it. */
static int open_directory(const char *path, DWORD disposition)
{
    if (disposition != OPEN_EXISTING && disposition != OPEN_ALWAYS) {
        errno = EEXIST;
        return -1;
    }
    return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * Empties the file open on fd. A handle without write access (CREATE_ALWAYS
 * with GENERIC_READ, which Windows allows) truncates through a write-only
 * reopening of the same open file, which the kernel grants only to a user
 * allowed to write it; never through the name, which may meanwhile name
 * another file.
 */
static int truncate_opened(int fd, bool writable)
{
    char self[32];
    int wfd, rc;

    if (writable)
        return ftruncate(fd, 0);
    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    wfd = open(self, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (wfd < 0)
        return -1;
    rc = ftruncate(wfd, 0);
    close(wfd);
    return rc;
}

/* Whether st is a file with FILE_ATTRIBUTE_READONLY (SetFileAttributes' mode). */
static bool read_only_file(const struct stat *st)
{
    return S_ISREG(st->st_mode) && !(st->st_mode & S_IWUSR);
}

/* What CreateFile asks for, once the name is a POSIX path. */
struct open_request {
    ACCESS_MASK access;
    DWORD share;
    DWORD disposition;
    DWORD flags;
};

/* Whether an open of an existing file must fail because the file is read-only:
 * Windows keeps writers, truncation and deletion on close away from it,
 * whoever asks. */
static bool read_only_refuses(const struct stat *st, const struct open_request *rq)
{
    bool truncating = rq->disposition == CREATE_ALWAYS || rq->disposition == TRUNCATE_EXISTING;

    return read_only_file(st) &&
           (wants_write(rq->access) || truncating || (rq->flags & FILE_FLAG_DELETE_ON_CLOSE));
}

/* The object for a disk file or directory just opened on fd (taken over). */
static struct disk_file *new_disk(int fd, const struct stat *st, const struct open_request *rq)
{
    struct disk_file *disk = (struct disk_file *)new_file(fd, false, &disk_ops);

    if (!disk)
        return NULL;
    disk->dev = st->st_dev;
    disk->ino = st->st_ino;
    disk->access = w32_object_map_access(&w32_file_type, rq->access);
    if (rq->flags & FILE_FLAG_DELETE_ON_CLOSE)
        disk->access |= DELETE;
    disk->share = rq->share;
    disk->delete_on_close = rq->flags & FILE_FLAG_DELETE_ON_CLOSE;
    if (disk->delete_on_close)
        delete_on_exit_needed();
    return disk;
}

/*
 * Admits a disk file just opened: share modes, then truncation, which must
 * not happen to a file another open keeps others out of. Drops the object
 * and sets the error on failure.
 */
static bool admit_disk(struct disk_file *disk, const struct open_request *rq, bool existed)
{
    bool truncating = existed &&
                      (rq->disposition == CREATE_ALWAYS || rq->disposition == TRUNCATE_EXISTING);
    DWORD error = share_register(disk);

    if (error == ERROR_SUCCESS && truncating && w32_mapping_holds(disk->dev, disk->ino))
        error = ERROR_USER_MAPPED_FILE;
    else if (error == ERROR_SUCCESS && truncating &&
             truncate_opened(disk->file.fd, wants_write(rq->access)) != 0)
        error = errno_error();
    if (error == ERROR_SUCCESS)
        return true;
    disk->delete_on_close = false;      /* a failed open deletes nothing */
    w32_object_unref(&disk->file.obj);
    w32_set_error(error);
    return false;
}

/* Opens path as rq asks; *existed tells whether it was there. NULL, error set, on failure. */
static int open_request_fd(const char *path, const struct open_request *rq, bool *existed)
{
    mode_t mode = (rq->flags & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
    int fd = open_disposition(path, open_flags(rq->access, rq->flags), mode, rq->disposition,
                              existed);

    if (fd < 0 && errno == EISDIR && (rq->flags & FILE_FLAG_BACKUP_SEMANTICS))
        fd = open_directory(path, rq->disposition);
    if (fd < 0) {
        int err = errno;
        bool creating = rq->disposition != OPEN_EXISTING && rq->disposition != TRUNCATE_EXISTING;
        /* A create that finds no file can only be missing its directory. */
        w32_set_error(err == ENOENT && creating ? ERROR_PATH_NOT_FOUND : path_error(path, err));
    }
    return fd;
}

/*
 * The file at path, opened or created as rq asks, referenced: a disk file
 * (in the share list), or the object of a device or FIFO. *existed tells
 * whether it was there, *st what it is. Everything that can fail is done
 * before the file is created or while it can still be taken back, so a
 * failed create leaves nothing behind.
 */
static struct w32_file *open_path(const char *path, const struct open_request *rq, bool *existed,
                                  struct stat *st)
{
    struct disk_file *disk;
    int fd = open_request_fd(path, rq, existed);

    if (fd < 0)
        return NULL;
    if (fstat(fd, st) != 0 || (S_ISDIR(st->st_mode) && !(rq->flags & FILE_FLAG_BACKUP_SEMANTICS)) ||
        (*existed && read_only_refuses(st, rq))) {
        close(fd);
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode))
        return w32_file_wrap(fd, false);
    disk = new_disk(fd, st, rq);
    if (disk && admit_disk(disk, rq, *existed))
        return &disk->file;
    if (!*existed)
        unlink_if_same(path, st->st_dev, st->st_ino);
    return NULL;
}

static HANDLE create_file(const char *path, const struct open_request *rq,
                          LPSECURITY_ATTRIBUTES sa)
{
    struct w32_file *file;
    struct stat st;
    bool existed;
    HANDLE h;

    file = open_path(path, rq, &existed, &st);
    if (!file)
        return INVALID_HANDLE_VALUE;
    file->overlapped = rq->flags & FILE_FLAG_OVERLAPPED;
    /* FILE_FLAG_DELETE_ON_CLOSE asks for DELETE, as kernelbase adds it. */
    h = w32_handle_create(&file->obj,
                          rq->access | ((rq->flags & FILE_FLAG_DELETE_ON_CLOSE) ? DELETE : 0),
                          sa && sa->bInheritHandle);
    if (!h) {
        if (!existed)
            unlink_if_same(path, st.st_dev, st.st_ino);
        return INVALID_HANDLE_VALUE;
    }
    w32_set_error(existed && (rq->disposition == CREATE_ALWAYS || rq->disposition == OPEN_ALWAYS)
                  ? ERROR_ALREADY_EXISTS : ERROR_SUCCESS);
    return h;
}

static bool is_pipe_name(const char *name)
{
    return strncasecmp(name, "\\\\.\\pipe\\", 9) == 0;
}

HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                          HANDLE hTemplateFile)
{
    HANDLE h;
    char *path;

    /* Truncation needs the GENERIC_WRITE bit itself, as in Windows' kernelbase. */
    if (dwCreationDisposition < CREATE_NEW || dwCreationDisposition > TRUNCATE_EXISTING ||
        (dwCreationDisposition == TRUNCATE_EXISTING && !(dwDesiredAccess & GENERIC_WRITE))) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return INVALID_HANDLE_VALUE;
    }
    if (lpFileName && is_pipe_name(lpFileName)) {
        h = w32_namedpipe_open(lpFileName, dwDesiredAccess,
                               lpSecurityAttributes && lpSecurityAttributes->bInheritHandle,
                               dwFlagsAndAttributes);
        return h ? h : INVALID_HANDLE_VALUE;
    }
    if (lpFileName && w32_mailslot_is_name(lpFileName)) {
        h = w32_mailslot_open(lpFileName, dwDesiredAccess,
                              lpSecurityAttributes && lpSecurityAttributes->bInheritHandle,
                              dwFlagsAndAttributes);
        return h ? h : INVALID_HANDLE_VALUE;
    }
    if (lpFileName && w32_comm_is_name(lpFileName)) {
        h = w32_comm_open(lpFileName, dwDesiredAccess,
                          lpSecurityAttributes && lpSecurityAttributes->bInheritHandle,
                          dwFlagsAndAttributes);
        return h ? h : INVALID_HANDLE_VALUE;
    }
    path = unix_path(lpFileName);
    if (!path)
        return INVALID_HANDLE_VALUE;
    h = create_file(path,
                    &(struct open_request){ dwDesiredAccess, dwShareMode, dwCreationDisposition,
                                            dwFlagsAndAttributes },
                    lpSecurityAttributes);
    free(path);
    return h;
}

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                          LPSECURITY_ATTRIBUTES lpSecurityAttributes,
                          DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                          HANDLE hTemplateFile)
{
    char *name = NULL;
    HANDLE h;

    if (lpFileName && !(name = w32_utf16_to_utf8(lpFileName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return INVALID_HANDLE_VALUE;
    }
    h = CreateFileA(name, dwDesiredAccess, dwShareMode, lpSecurityAttributes,
                    dwCreationDisposition, dwFlagsAndAttributes, hTemplateFile);
    free(name);
    return h;
}

/* ---- ReadFile, WriteFile ---- */

static LONGLONG overlapped_offset(const OVERLAPPED *ov)
{
    return ov ? (LONGLONG)(((ULONGLONG)ov->OffsetHigh << 32) | ov->Offset) : -1;
}

BOOL w32_finish_io(DWORD error, DWORD done, LPDWORD out, LPOVERLAPPED ov)
{
    if (out)
        *out = done;
    if (ov) {
        ov->Internal = w32_ntstatus_from_error(error);
        ov->InternalHigh = done;
        if (ov->hEvent)
            SetEvent(ov->hEvent);
    }
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/*
 * A transfer on a handle opened with FILE_FLAG_OVERLAPPED, which has no file
 * pointer: it needs an OVERLAPPED, and may finish after the call returns
 * (FALSE with ERROR_IO_PENDING). Drops the caller's reference on file.
 */
static BOOL overlapped_transfer(struct w32_file *file, enum w32_io_op op, void *buf, DWORD len,
                                LPDWORD out, LPOVERLAPPED ov)
{
    DWORD error = ERROR_INVALID_PARAMETER, done = 0;

    if (ov)
        error = w32_aio_submit(file, op, buf, len, ov, NULL, &done);
    w32_object_unref(&file->obj);
    if (out)
        *out = done;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                     LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped)
{
    struct w32_file *file;
    DWORD done = 0, error;

    if (lpNumberOfBytesRead)
        *lpNumberOfBytesRead = 0;
    if (!lpNumberOfBytesRead && !lpOverlapped) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    file = w32_file_get(hFile, FILE_READ_DATA);
    if (!file)
        return FALSE;
    /* Windows probes a buffer before any byte moves; Linux moves what it can
     * and stops at the first bad page. The pages a program can make
     * inaccessible through the Win32 API are VirtualAlloc's, whose protection
     * virtual.c knows: a buffer that meets one is refused before the I/O. */
    if ((!lpBuffer && nNumberOfBytesToRead) ||
        !w32_virtual_accessible(lpBuffer, nNumberOfBytesToRead, true)) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (file->overlapped)
        return overlapped_transfer(file, W32_IO_READ, lpBuffer, nNumberOfBytesToRead,
                                   lpNumberOfBytesRead, lpOverlapped);
    error = file->ops->read(file, lpBuffer, nNumberOfBytesToRead, &done,
                            overlapped_offset(lpOverlapped));
    w32_object_unref(&file->obj);
    return w32_finish_io(error, done, lpNumberOfBytesRead, lpOverlapped);
}

/* The file behind h if the handle may write to it (write or append data). */
static struct w32_file *get_writable(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, FILE_WRITE_DATA);

    if (!file && GetLastError() == ERROR_ACCESS_DENIED)
        file = w32_file_get(h, FILE_APPEND_DATA);
    return file;
}

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                      LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped)
{
    struct w32_file *file;
    DWORD done = 0, error;

    if (lpNumberOfBytesWritten)
        *lpNumberOfBytesWritten = 0;
    if (!lpNumberOfBytesWritten && !lpOverlapped) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    file = get_writable(hFile);
    if (!file)
        return FALSE;
    /* A NULL buffer is a bad user buffer too (ERROR_INVALID_USER_BUFFER), as
     * Windows says, where ReadFile says ERROR_NOACCESS. */
    if ((!lpBuffer && nNumberOfBytesToWrite) ||
        !w32_virtual_accessible(lpBuffer, nNumberOfBytesToWrite, false)) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_USER_BUFFER);
        return FALSE;
    }
    if (file->overlapped)
        return overlapped_transfer(file, W32_IO_WRITE, (void *)lpBuffer, nNumberOfBytesToWrite,
                                   lpNumberOfBytesWritten, lpOverlapped);
    error = file->ops->write(file, lpBuffer, nNumberOfBytesToWrite, &done,
                             overlapped_offset(lpOverlapped));
    w32_object_unref(&file->obj);
    /* A one-page buffer that faults moved nothing: as Windows, the user buffer is bad. */
    if (error == ERROR_NOACCESS)
        error = ERROR_INVALID_USER_BUFFER;
    return w32_finish_io(error, done, lpNumberOfBytesWritten, lpOverlapped);
}

/* ---- position, size, type ---- */

/* The file behind h if it is a disk file; pipes and devices have no position or size. */
static struct w32_file *get_disk_kind(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, 0);

    if (file && file->ops != &disk_ops) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_FUNCTION);
        return NULL;
    }
    return file;
}

/*
 * Moves the file pointer: FILE_BEGIN, and FILE_CURRENT while the pointer is
 * kept here, only record it (no system call); otherwise one lseek.
 */
static DWORD move_pointer(struct disk_file *disk, LONGLONG distance, DWORD method,
                          LONGLONG *pos)
{
    DWORD error = ERROR_SUCCESS;
    long long pending;

    w32_lock(&disk->pos_lock);
    pending = atomic_load_explicit(&disk->pending_pos, memory_order_relaxed);
    if (method == FILE_CURRENT && pending >= 0)
        distance += pending, method = FILE_BEGIN;
    if (method == FILE_BEGIN) {
        *pos = distance;
        if (distance < 0)
            error = ERROR_NEGATIVE_SEEK;
        else
            atomic_store_explicit(&disk->pending_pos, distance, memory_order_relaxed);
    } else {
        /* The fd's offset moves only if the lseek succeeds; so does the pointer. */
        *pos = lseek(disk->file.fd, distance, method == FILE_CURRENT ? SEEK_CUR : SEEK_END);
        if (*pos >= 0)
            atomic_store_explicit(&disk->pending_pos, NO_POSITION, memory_order_relaxed);
        else
            error = errno == EINVAL ? ERROR_NEGATIVE_SEEK : w32_error_from_errno(errno);
    }
    w32_unlock(&disk->pos_lock);
    return error;
}

BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove,
                             PLARGE_INTEGER lpNewFilePointer, DWORD dwMoveMethod)
{
    struct w32_file *file;
    LONGLONG pos;
    DWORD error;

    if (dwMoveMethod > FILE_END) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    file = get_disk_kind(hFile);
    if (!file)
        return FALSE;
    error = move_pointer((struct disk_file *)file, liDistanceToMove.QuadPart, dwMoveMethod,
                         &pos);
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    if (lpNewFilePointer)
        lpNewFilePointer->QuadPart = pos;
    return TRUE;
}

DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                            DWORD dwMoveMethod)
{
    LARGE_INTEGER distance, pos;

    distance.QuadPart = lpDistanceToMoveHigh
        ? (LONGLONG)(((ULONGLONG)(DWORD)*lpDistanceToMoveHigh << 32) | (DWORD)lDistanceToMove)
        : lDistanceToMove;
    if (!SetFilePointerEx(hFile, distance, &pos, dwMoveMethod))
        return INVALID_SET_FILE_POINTER;
    if (lpDistanceToMoveHigh)
        *lpDistanceToMoveHigh = (LONG)(pos.QuadPart >> 32);
    /* The one success that looks like failure must be told apart by the caller. */
    if ((DWORD)pos.QuadPart == INVALID_SET_FILE_POINTER)
        w32_set_error(ERROR_SUCCESS);
    return (DWORD)pos.QuadPart;
}

DWORD w32_file_resize(struct w32_file *file, LONGLONG size)
{
    if (size < 0)
        return ERROR_INVALID_PARAMETER;
    if (w32_mapping_refuses_resize(file->fd, (off_t)size))
        return ERROR_USER_MAPPED_FILE;
    if (ftruncate(file->fd, (off_t)size) != 0)
        return errno == EINVAL ? ERROR_INVALID_PARAMETER : errno_error();
    return ERROR_SUCCESS;
}

BOOL WINAPI SetEndOfFile(HANDLE hFile)
{
    struct w32_file *file = w32_file_get(hFile, FILE_WRITE_DATA);
    off_t pos;
    DWORD error;

    if (!file)
        return FALSE;
    sync_position(file);
    pos = lseek(file->fd, 0, SEEK_CUR);
    error = pos < 0 ? errno_error() : w32_file_resize(file, pos);
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize)
{
    struct w32_file *file = get_disk_kind(hFile);
    struct stat st;
    int rc;

    if (!file)
        return FALSE;
    rc = fstat(file->fd, &st);
    if (rc != 0)
        w32_set_error(errno_error());
    w32_object_unref(&file->obj);
    if (rc != 0)
        return FALSE;
    if (!lpFileSize) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    lpFileSize->QuadPart = S_ISREG(st.st_mode) ? st.st_size : 0;
    return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh)
{
    LARGE_INTEGER size;

    if (!GetFileSizeEx(hFile, &size))
        return INVALID_FILE_SIZE;
    if (lpFileSizeHigh)
        *lpFileSizeHigh = (DWORD)(size.QuadPart >> 32);
    if ((DWORD)size.QuadPart == INVALID_FILE_SIZE)
        w32_set_error(ERROR_SUCCESS);
    return (DWORD)size.QuadPart;
}

DWORD WINAPI GetFileType(HANDLE hFile)
{
    struct w32_file *file = w32_file_get(hFile, 0);
    DWORD type;

    if (!file)
        return FILE_TYPE_UNKNOWN;
    type = file->ops->file_type;
    w32_object_unref(&file->obj);
    w32_set_error(ERROR_SUCCESS);
    return type;
}

BOOL WINAPI FlushFileBuffers(HANDLE hFile)
{
    struct w32_file *file = get_writable(hFile);
    int rc = 0;

    if (!file)
        return FALSE;
    if (file->ops == &w32_pipe_ops || file->ops == &w32_named_pipe_ops) {
        /* As on Windows, a pipe's flush returns once the reader has read. */
        DWORD error = w32_pipe_drain(file->fd, file->ops == &w32_named_pipe_ops);
        w32_object_unref(&file->obj);
        if (error != ERROR_SUCCESS)
            w32_set_error(error);
        return error == ERROR_SUCCESS;
    }
    if (file->ops == &disk_ops)
        rc = fsync(file->fd);
    if (rc != 0)
        w32_set_error(errno_error());
    w32_object_unref(&file->obj);
    return rc == 0;
}

/* ---- file times ---- */

/*
 * Linux keeps no creation time in stat, so the creation time is the last
 * write time, as FindFirstFile reports it. Any handle with FILE_READ_ATTRIBUTES
 * may ask; each out-pointer may be NULL.
 */
BOOL WINAPI GetFileTime(HANDLE hFile, LPFILETIME lpCreationTime, LPFILETIME lpLastAccessTime,
                        LPFILETIME lpLastWriteTime)
{
    struct w32_file *file = w32_file_get(hFile, FILE_READ_ATTRIBUTES);
    struct stat st;
    int rc;

    if (!file)
        return FALSE;
    rc = fstat(file->fd, &st);
    if (rc != 0)
        w32_set_error(errno_error());
    w32_object_unref(&file->obj);
    if (rc != 0)
        return FALSE;
    if (lpCreationTime)
        *lpCreationTime = w32_filetime_of(&st.st_mtim);
    if (lpLastAccessTime)
        *lpLastAccessTime = w32_filetime_of(&st.st_atim);
    if (lpLastWriteTime)
        *lpLastWriteTime = w32_filetime_of(&st.st_mtim);
    return TRUE;
}

/* A time to set, or UTIME_OMIT for NULL, zero ("leave it") and all ones
 * ("stop updating it", which Linux cannot do). */
static struct timespec time_to_set(const FILETIME *ft)
{
    LONGLONG t;

    if (!ft || (!ft->dwLowDateTime && !ft->dwHighDateTime) ||
        (ft->dwLowDateTime == 0xFFFFFFFF && ft->dwHighDateTime == 0xFFFFFFFF))
        return (struct timespec){ .tv_nsec = UTIME_OMIT };
    t = (LONGLONG)(((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime) -
        W32_FILETIME_UNIX_EPOCH;
    return (struct timespec){ .tv_sec = t / 10000000 - (t % 10000000 < 0),
                              .tv_nsec = (t % 10000000 + 10000000) % 10000000 * 100 };
}

/* The handle needs FILE_WRITE_ATTRIBUTES, as Windows documents. The creation
 * time cannot be set on Linux and is ignored. */
DWORD w32_file_set_times(struct w32_file *file, const FILETIME *access, const FILETIME *write)
{
    struct timespec times[2] = { time_to_set(access), time_to_set(write) };

    return futimens(file->fd, times) == 0 ? ERROR_SUCCESS : errno_error();
}

BOOL WINAPI SetFileTime(HANDLE hFile, const FILETIME *lpCreationTime,
                        const FILETIME *lpLastAccessTime, const FILETIME *lpLastWriteTime)
{
    struct w32_file *file = w32_file_get(hFile, FILE_WRITE_ATTRIBUTES);
    DWORD error;

    if (!file)
        return FALSE;
    error = w32_file_set_times(file, lpLastAccessTime, lpLastWriteTime);
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

LONG WINAPI CompareFileTime(const FILETIME *lpFileTime1, const FILETIME *lpFileTime2)
{
    ULONGLONG a = ((ULONGLONG)lpFileTime1->dwHighDateTime << 32) | lpFileTime1->dwLowDateTime;
    ULONGLONG b = ((ULONGLONG)lpFileTime2->dwHighDateTime << 32) | lpFileTime2->dwLowDateTime;

    return a < b ? -1 : a > b;
}

/* ---- byte-range locks ---- */

/*
 * The disk file behind a handle that may lock: NtLockFile asks for
 * FILE_READ_DATA or FILE_WRITE_DATA, either one, and nothing else
 * (filelock.c grants both kinds of lock on either).
 */
static struct disk_file *get_lockable(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, FILE_READ_DATA);

    if (!file && GetLastError() == ERROR_ACCESS_DENIED)
        file = w32_file_get(h, FILE_WRITE_DATA);
    if (file && file->ops != &disk_ops) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_FUNCTION);
        return NULL;
    }
    return (struct disk_file *)file;
}

static ULONGLONG make_u64(DWORD low, DWORD high)
{
    return ((ULONGLONG)high << 32) | low;
}

/* A range may end at 2^64, not past it (Windows: ERROR_INVALID_PARAMETER). */
static bool range_wraps(ULONGLONG offset, ULONGLONG length)
{
    if (offset && length > 0 - offset) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return true;
    }
    return false;
}

static BOOL do_lock(HANDLE h, ULONGLONG offset, ULONGLONG length, bool exclusive, bool wait)
{
    struct disk_file *disk = get_lockable(h);
    DWORD error;

    if (!disk)
        return FALSE;
    if (range_wraps(offset, length)) {
        w32_object_unref(&disk->file.obj);
        return FALSE;
    }
    error = w32_range_lock(&disk->locks, disk->file.fd, offset, length, exclusive, wait);
    w32_object_unref(&disk->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

static BOOL do_unlock(HANDLE h, ULONGLONG offset, ULONGLONG length)
{
    struct disk_file *disk = get_lockable(h);
    DWORD error;

    if (!disk)
        return FALSE;
    if (range_wraps(offset, length)) {
        w32_object_unref(&disk->file.obj);
        return FALSE;
    }
    error = w32_range_unlock(&disk->locks, offset, length);
    w32_object_unref(&disk->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI LockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh,
                     DWORD nNumberOfBytesToLockLow, DWORD nNumberOfBytesToLockHigh)
{
    return do_lock(hFile, make_u64(dwFileOffsetLow, dwFileOffsetHigh),
                   make_u64(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh), true, false);
}

BOOL WINAPI UnlockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh,
                       DWORD nNumberOfBytesToUnlockLow, DWORD nNumberOfBytesToUnlockHigh)
{
    return do_unlock(hFile, make_u64(dwFileOffsetLow, dwFileOffsetHigh),
                     make_u64(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh));
}

BOOL WINAPI LockFileEx(HANDLE hFile, DWORD dwFlags, DWORD dwReserved,
                       DWORD nNumberOfBytesToLockLow, DWORD nNumberOfBytesToLockHigh,
                       LPOVERLAPPED lpOverlapped)
{
    BOOL ok;

    if (dwReserved || (dwFlags & ~(LOCKFILE_FAIL_IMMEDIATELY | LOCKFILE_EXCLUSIVE_LOCK))) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpOverlapped) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    ok = do_lock(hFile, overlapped_offset(lpOverlapped),
                 make_u64(nNumberOfBytesToLockLow, nNumberOfBytesToLockHigh),
                 dwFlags & LOCKFILE_EXCLUSIVE_LOCK, !(dwFlags & LOCKFILE_FAIL_IMMEDIATELY));
    if (ok && lpOverlapped->hEvent)
        SetEvent(lpOverlapped->hEvent);
    return ok;
}

BOOL WINAPI UnlockFileEx(HANDLE hFile, DWORD dwReserved, DWORD nNumberOfBytesToUnlockLow,
                         DWORD nNumberOfBytesToUnlockHigh, LPOVERLAPPED lpOverlapped)
{
    if (dwReserved) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!lpOverlapped) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    return do_unlock(hFile, overlapped_offset(lpOverlapped),
                     make_u64(nNumberOfBytesToUnlockLow, nNumberOfBytesToUnlockHigh));
}

/* ---- files and directories by name ---- */

/* The body of a W function over one path whose A twin takes UTF-8. */
#define WITH_UTF8_PATH(var, wname, fail, call) \
    char *var = NULL; \
    if ((wname) && !(var = w32_utf16_to_utf8(wname))) { \
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY); \
        return (fail); \
    } \
    __typeof__(call) w32_result_ = (call); \
    free(var); \
    return w32_result_

/*
 * DeleteFile as Windows 10 1903 and later does it on NTFS (POSIX semantics):
 * the name goes at once, even while handles that share deletion have the
 * file open; they keep working and report it delete-pending.
 */
static DWORD delete_file(const char *path)
{
    struct stat st;
    DWORD error;

    if (lstat(path, &st) != 0)
        return path_error(path, errno);
    if (S_ISDIR(st.st_mode) || is_device(&st) || read_only_file(&st))
        return ERROR_ACCESS_DENIED;
    if ((error = delete_allowed(&st)) != ERROR_SUCCESS)
        return error;
    if (w32_mapping_viewed(st.st_dev, st.st_ino))
        return ERROR_ACCESS_DENIED;     /* a mapped view holds it, as on Windows */
    if (unlink(path) != 0)
        return path_error(path, errno);
    mark_deleted(&st);
    return ERROR_SUCCESS;
}

BOOL WINAPI DeleteFileA(LPCSTR lpFileName)
{
    char *path = changeable_path(lpFileName);
    DWORD error;

    if (!path)
        return FALSE;
    error = delete_file(path);
    free(path);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI DeleteFileW(LPCWSTR lpFileName)
{
    WITH_UTF8_PATH(name, lpFileName, FALSE, DeleteFileA(name));
}

DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName)
{
    char *path = unix_path(lpFileName);
    struct stat st;
    DWORD attrs;

    if (!path)
        return INVALID_FILE_ATTRIBUTES;
    if (w32_entry_stat(AT_FDCWD, path, &st, &attrs) != 0) {
        w32_set_error(path_error(path, errno));
        free(path);
        return INVALID_FILE_ATTRIBUTES;
    }
    free(path);
    return attrs;
}

DWORD WINAPI GetFileAttributesW(LPCWSTR lpFileName)
{
    WITH_UTF8_PATH(name, lpFileName, INVALID_FILE_ATTRIBUTES, GetFileAttributesA(name));
}

/*
 * Only FILE_ATTRIBUTE_READONLY means something here: it takes every write
 * permission bit away; without it the owner may write again. The other
 * attributes have no POSIX counterpart and are accepted unchanged, and so is
 * any attribute of a device.
 */
BOOL WINAPI SetFileAttributesA(LPCSTR lpFileName, DWORD dwFileAttributes)
{
    char *path = unix_path(lpFileName);
    struct stat st;
    mode_t mode;
    int rc;

    if (!path)
        return FALSE;
    rc = stat(path, &st);
    if (rc == 0 && !is_device(&st)) {     /* a device has no attributes to change */
        mode = w32_mode_for_attributes(st.st_mode, dwFileAttributes);
        rc = mode == st.st_mode ? 0 : chmod(path, mode & 07777);
    }
    if (rc != 0)
        w32_set_error(path_error(path, errno));
    free(path);
    return rc == 0;
}

BOOL WINAPI SetFileAttributesW(LPCWSTR lpFileName, DWORD dwFileAttributes)
{
    WITH_UTF8_PATH(name, lpFileName, FALSE, SetFileAttributesA(name, dwFileAttributes));
}

BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    char *path = unix_path(lpPathName);
    int rc;

    if (!path)
        return FALSE;
    rc = mkdir(path, 0777);
    if (rc != 0)
        w32_set_error(errno == EEXIST ? ERROR_ALREADY_EXISTS
                      : errno == ENOENT ? ERROR_PATH_NOT_FOUND : errno_error());
    free(path);
    return rc == 0;
}

BOOL WINAPI CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    WITH_UTF8_PATH(name, lpPathName, FALSE, CreateDirectoryA(name, lpSecurityAttributes));
}

/* Whether path is a symbolic link to a directory, which RemoveDirectory
 * removes as Windows removes a directory link (the link, not its target). */
static bool is_directory_link(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
           S_ISDIR(st.st_mode);
}

BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName)
{
    char *path = changeable_path(lpPathName);
    int rc;

    if (!path)
        return FALSE;
    rc = is_directory_link(path) ? unlink(path) : rmdir(path);
    if (rc != 0) {
        int err = errno;
        w32_set_error(err == ENOTDIR && parent_exists(path) ? ERROR_DIRECTORY
                      : err == ENOTEMPTY || err == EEXIST ? ERROR_DIR_NOT_EMPTY
                      : path_error(path, err));
    }
    free(path);
    return rc == 0;
}

BOOL WINAPI RemoveDirectoryW(LPCWSTR lpPathName)
{
    WITH_UTF8_PATH(name, lpPathName, FALSE, RemoveDirectoryA(name));
}

/* What CopyFileEx and CopyFile2 ask for besides the two names. */
struct copy_request {
    DWORD flags;                /* COPY_FILE_* */
    LPPROGRESS_ROUTINE routine; /* CopyFileEx's; NULL: nobody is told */
    PCOPYFILE2_PROGRESS_ROUTINE routine2;   /* CopyFile2's; NULL: nobody is told */
    LPVOID data;
    LPBOOL cancel;              /* NULL: never cancelled from outside */
};

/* A copy under way, as its progress routine sees it. */
struct copy_progress {
    const struct copy_request *rq;
    HANDLE in, out;             /* the handles the routine is given */
    LARGE_INTEGER total, done;
    ULONGLONG chunk;            /* the number of the chunk under way, from 0 */
    bool quiet;                 /* PROGRESS_QUIET: the routine is not called again */
};

/* What happens in a copy, for the routines to be told of. */
enum copy_event {
    COPY_STREAM_STARTED,
    COPY_CHUNK_STARTED,
    COPY_CHUNK_FINISHED,
    COPY_STREAM_FINISHED,
    COPY_READ_FAILED,
    COPY_WRITE_FAILED,
};

/* CopyFileEx's routine hears of the stream's start and of each chunk's end;
 * its answers are COPYFILE2_MESSAGE_ACTION's first four. */
static DWORD ask_routine(struct copy_progress *p, enum copy_event ev)
{
    DWORD answer;

    if (ev != COPY_STREAM_STARTED && ev != COPY_CHUNK_FINISHED)
        return COPYFILE2_PROGRESS_CONTINUE;
    answer = p->rq->routine(p->total, p->done, p->total, p->done, 1,
                            ev == COPY_STREAM_STARTED ? CALLBACK_STREAM_SWITCH
                                                      : CALLBACK_CHUNK_FINISHED,
                            p->in, p->out, p->rq->data);
    return answer <= PROGRESS_QUIET ? answer : COPYFILE2_PROGRESS_CONTINUE;
}

static ULARGE_INTEGER ularge(ULONGLONG v)
{
    ULARGE_INTEGER u;

    u.QuadPart = v;
    return u;
}

/* The message CopyFile2's routine gets for ev; size: the chunk's bytes,
 * error: the failure's. The source has one stream, number 1. */
static void copy2_message(const struct copy_progress *p, enum copy_event ev, ULONGLONG size,
                          DWORD error, COPYFILE2_MESSAGE *m)
{
    ULARGE_INTEGER total = ularge(p->total.QuadPart), done = ularge(p->done.QuadPart);

    memset(m, 0, sizeof(*m));
    switch (ev) {
    case COPY_STREAM_STARTED:
        m->Type = COPYFILE2_CALLBACK_STREAM_STARTED;
        m->Info.StreamStarted.dwStreamNumber = 1;
        m->Info.StreamStarted.hSourceFile = p->in;
        m->Info.StreamStarted.hDestinationFile = p->out;
        m->Info.StreamStarted.uliStreamSize = total;
        m->Info.StreamStarted.uliTotalFileSize = total;
        break;
    case COPY_CHUNK_STARTED:
        m->Type = COPYFILE2_CALLBACK_CHUNK_STARTED;
        m->Info.ChunkStarted.dwStreamNumber = 1;
        m->Info.ChunkStarted.hSourceFile = p->in;
        m->Info.ChunkStarted.hDestinationFile = p->out;
        m->Info.ChunkStarted.uliChunkNumber = ularge(p->chunk);
        m->Info.ChunkStarted.uliChunkSize = ularge(size);
        m->Info.ChunkStarted.uliStreamSize = total;
        m->Info.ChunkStarted.uliTotalFileSize = total;
        break;
    case COPY_CHUNK_FINISHED:
        m->Type = COPYFILE2_CALLBACK_CHUNK_FINISHED;
        m->Info.ChunkFinished.dwStreamNumber = 1;
        m->Info.ChunkFinished.hSourceFile = p->in;
        m->Info.ChunkFinished.hDestinationFile = p->out;
        m->Info.ChunkFinished.uliChunkNumber = ularge(p->chunk);
        m->Info.ChunkFinished.uliChunkSize = ularge(size);
        m->Info.ChunkFinished.uliStreamSize = total;
        m->Info.ChunkFinished.uliStreamBytesTransferred = done;
        m->Info.ChunkFinished.uliTotalFileSize = total;
        m->Info.ChunkFinished.uliTotalBytesTransferred = done;
        break;
    case COPY_STREAM_FINISHED:
        m->Type = COPYFILE2_CALLBACK_STREAM_FINISHED;
        m->Info.StreamFinished.dwStreamNumber = 1;
        m->Info.StreamFinished.hSourceFile = p->in;
        m->Info.StreamFinished.hDestinationFile = p->out;
        m->Info.StreamFinished.uliStreamSize = total;
        m->Info.StreamFinished.uliStreamBytesTransferred = done;
        m->Info.StreamFinished.uliTotalFileSize = total;
        m->Info.StreamFinished.uliTotalBytesTransferred = done;
        break;
    case COPY_READ_FAILED:
    case COPY_WRITE_FAILED:
        m->Type = COPYFILE2_CALLBACK_ERROR;
        m->Info.Error.CopyPhase = ev == COPY_READ_FAILED ? COPYFILE2_PHASE_READ_SOURCE
                                                         : COPYFILE2_PHASE_WRITE_DESTINATION;
        m->Info.Error.dwStreamNumber = 1;
        m->Info.Error.hrFailure = HRESULT_FROM_WIN32(error);
        m->Info.Error.uliChunkNumber = ularge(p->chunk);
        m->Info.Error.uliStreamSize = total;
        m->Info.Error.uliStreamBytesTransferred = done;
        m->Info.Error.uliTotalFileSize = total;
        m->Info.Error.uliTotalBytesTransferred = done;
        break;
    }
}

static DWORD ask_routine2(struct copy_progress *p, enum copy_event ev, ULONGLONG size, DWORD error)
{
    COPYFILE2_MESSAGE m;

    copy2_message(p, ev, size, error, &m);
    return p->rq->routine2(&m, p->rq->data);
}

/*
 * Tells the routine, if any, of ev. ERROR_SUCCESS to go on; else what ends
 * the copy, *keep telling whether the target stays: ERROR_REQUEST_ABORTED
 * for a cancel (it goes) or a stop (it stays), ERROR_REQUEST_PAUSED for
 * CopyFile2's pause (it stays, and the routine hears of the stream's end).
 * The cancel flag is read as the stream starts and after each chunk.
 */
static DWORD copy_report(struct copy_progress *p, enum copy_event ev, ULONGLONG size, bool *keep)
{
    DWORD answer = COPYFILE2_PROGRESS_CONTINUE;

    if (p->rq->routine && !p->quiet)
        answer = ask_routine(p, ev);
    else if (p->rq->routine2 && !p->quiet)
        answer = ask_routine2(p, ev, size, ERROR_SUCCESS);
    if (answer == COPYFILE2_PROGRESS_QUIET)
        p->quiet = true;
    *keep = answer == COPYFILE2_PROGRESS_STOP || answer == COPYFILE2_PROGRESS_PAUSE;
    if (answer == COPYFILE2_PROGRESS_PAUSE) {
        if (ev != COPY_STREAM_FINISHED)
            ask_routine2(p, COPY_STREAM_FINISHED, 0, ERROR_SUCCESS);
        return ERROR_REQUEST_PAUSED;
    }
    if (answer == COPYFILE2_PROGRESS_CANCEL || answer == COPYFILE2_PROGRESS_STOP ||
        ((ev == COPY_STREAM_STARTED || ev == COPY_CHUNK_FINISHED) && p->rq->cancel &&
         __atomic_load_n(p->rq->cancel, __ATOMIC_RELAXED)))
        return ERROR_REQUEST_ABORTED;
    return ERROR_SUCCESS;
}

/* A failure to read or write, which CopyFile2's routine hears of (its
 * answer changes nothing: the copy fails with it). */
static DWORD copy_failed(struct copy_progress *p, enum copy_event ev, DWORD error)
{
    if (p->rq->routine2 && !p->quiet)
        ask_routine2(p, ev, 0, error);
    return error;
}

/* Writes all of buf[0..n) to out. */
static DWORD write_all(int out, const char *buf, ssize_t n)
{
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(out, buf + off, n - off);
        if (w < 0 && errno != EINTR)
            return errno_error();
        if (w > 0)
            off += w;
    }
    return ERROR_SUCCESS;
}

/* Copies everything from in to out in chunks of 64 KiB, telling the
 * routine of the one stream and of each chunk. */
static DWORD copy_data(int in, int out, struct copy_progress *p, bool *keep)
{
    char buf[65536];
    DWORD error = copy_report(p, COPY_STREAM_STARTED, 0, keep);

    while (error == ERROR_SUCCESS) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return copy_failed(p, COPY_READ_FAILED, errno_error());
        if (n == 0)
            return copy_report(p, COPY_STREAM_FINISHED, 0, keep);
        if ((error = copy_report(p, COPY_CHUNK_STARTED, n, keep)) != ERROR_SUCCESS)
            break;
        if ((error = write_all(out, buf, n)) != ERROR_SUCCESS)
            return copy_failed(p, COPY_WRITE_FAILED, error);
        p->done.QuadPart += n;
        error = copy_report(p, COPY_CHUNK_FINISHED, n, keep);
        p->chunk++;
    }
    return error;
}

/* Handles on in and out for the progress routine, which may use them while
 * the copy runs; none without a routine. */
static DWORD progress_handles(struct copy_progress *p, struct w32_file *in, struct w32_file *out)
{
    if (!p->rq->routine && !p->rq->routine2)
        return ERROR_SUCCESS;
    w32_object_ref(&in->obj);
    if (!(p->in = w32_handle_create(&in->obj, GENERIC_READ, FALSE)))
        return GetLastError();
    w32_object_ref(&out->obj);
    if (!(p->out = w32_handle_create(&out->obj, GENERIC_WRITE, FALSE)))
        return GetLastError();
    return ERROR_SUCCESS;
}

static void close_progress_handles(struct copy_progress *p)
{
    if (p->in)
        CloseHandle(p->in);
    if (p->out)
        CloseHandle(p->out);
}

/* The target gets the source's permission bits (Windows copies the
 * attributes) and last write time. */
static void copy_metadata(int out, const struct stat *in_st)
{
    struct timespec times[2] = { { 0, UTIME_OMIT }, in_st->st_mtim };

    fchmod(out, in_st->st_mode & 0777);
    futimens(out, times);
}

/* Copies the data of the opened in to the opened out (dst), as copy_file says. */
static DWORD copy_opened(struct w32_file *in, const struct stat *in_st, struct w32_file *out,
                         const struct stat *out_st, const char *dst, const struct copy_request *rq,
                         bool existed)
{
    struct copy_progress p = { rq, NULL, NULL, { .QuadPart = in_st->st_size }, { .QuadPart = 0 },
                               0, false };
    bool keep = false;
    DWORD error = progress_handles(&p, in, out);
    bool stopped;

    if (error == ERROR_SUCCESS)
        error = copy_data(in->fd, out->fd, &p, &keep);
    if (error == ERROR_SUCCESS && S_ISREG(out_st->st_mode))
        copy_metadata(out->fd, in_st);
    /* A cancelled copy removes the target, whether or not it was there
     * before; a stopped or paused one keeps it. */
    stopped = error == ERROR_REQUEST_ABORTED || error == ERROR_REQUEST_PAUSED;
    if (stopped ? !keep : (error != ERROR_SUCCESS && !existed))
        unlink_if_same(dst, out_st->st_dev, out_st->st_ino);
    close_progress_handles(&p);
    return error;
}

/* Whether a handle of this process has the file at st open. */
static bool is_open_here(const struct stat *st)
{
    bool open = false;

    pthread_mutex_lock(&share_lock);
    for (struct disk_file *d = share_head; d && !open; d = d->next)
        open = d->dev == st->st_dev && d->ino == st->st_ino;
    pthread_mutex_unlock(&share_lock);
    return open;
}

/* COPY_FILE_COPY_SYMLINK of a symbolic link: a new link with the same
 * target text. An existing target is replaced as CopyFile replaces a file:
 * not a directory, a read-only file or a file open here. */
static DWORD copy_link(const char *src, const char *dst, bool excl)
{
    char target[PATH_MAX];
    ssize_t len = readlink(src, target, sizeof(target) - 1);
    struct stat st;

    if (len < 0)
        return errno_error();
    target[len] = 0;
    if (lstat(dst, &st) == 0) {
        if (excl)
            return ERROR_FILE_EXISTS;
        if (S_ISDIR(st.st_mode) || read_only_file(&st))
            return ERROR_ACCESS_DENIED;
        if (is_open_here(&st))
            return ERROR_SHARING_VIOLATION;
        if (unlink(dst) != 0)
            return errno_error();
    }
    if (symlink(target, dst) != 0)
        return errno == EEXIST ? ERROR_FILE_EXISTS : errno_error();
    return ERROR_SUCCESS;
}

/*
 * CopyFile opens the source as Windows does, for reading and sharing reads
 * and deletion, then the target for writing and sharing nothing, both
 * through the share list: a copy onto the source itself, onto a hard link
 * of it, or onto a file another handle has open is a sharing violation and
 * touches no data. A target created here and not filled is removed again.
 */
static DWORD copy_file(const char *src, const char *dst, const struct copy_request *rq)
{
    struct open_request in_rq = { GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE,
                                  OPEN_EXISTING, 0 };
    struct open_request out_rq = { GENERIC_WRITE, 0,
                                   (rq->flags & COPY_FILE_FAIL_IF_EXISTS) ? CREATE_NEW : CREATE_ALWAYS,
                                   0 };
    struct w32_file *in, *out;
    struct stat in_st, out_st;
    DWORD error;
    bool existed;

    if ((rq->flags & COPY_FILE_COPY_SYMLINK) && lstat(src, &in_st) == 0 && S_ISLNK(in_st.st_mode))
        return copy_link(src, dst, rq->flags & COPY_FILE_FAIL_IF_EXISTS);
    if (rq->flags & COPY_FILE_OPEN_SOURCE_FOR_WRITE)
        in_rq.access |= GENERIC_WRITE;
    in = open_path(src, &in_rq, &existed, &in_st);
    if (!in)
        return GetLastError();
    if (!(in_st.st_mode & S_IWUSR))
        out_rq.flags |= FILE_ATTRIBUTE_READONLY;
    out = open_path(dst, &out_rq, &existed, &out_st);
    if (!out) {
        error = GetLastError();
        w32_object_unref(&in->obj);
        return error;
    }
    error = copy_opened(in, &in_st, out, &out_st, dst, rq, existed);
    w32_object_unref(&in->obj);
    w32_object_unref(&out->obj);
    return error;
}

/* Whether a and b name the same directory entry (not merely the same file). */
static bool same_entry(const char *a, const char *b)
{
    const char *base_a = strrchr(a, '/'), *base_b = strrchr(b, '/');
    char *dir_a = base_a ? strndup(a, base_a - a + 1) : strdup(".");
    char *dir_b = base_b ? strndup(b, base_b - b + 1) : strdup(".");
    struct stat da, db;
    bool same;

    same = dir_a && dir_b && strcmp(base_a ? base_a + 1 : a, base_b ? base_b + 1 : b) == 0 &&
           stat(dir_a, &da) == 0 && stat(dir_b, &db) == 0 && da.st_dev == db.st_dev &&
           da.st_ino == db.st_ino;
    free(dir_a);
    free(dir_b);
    return same;
}

/* The share rules of a rename: the source is opened for deletion, and an
 * existing target to be replaced must not be open at all, nor read-only.
 * Device nodes are neither moved nor replaced. */
static DWORD move_allowed(const struct stat *st, const char *dst, DWORD flags)
{
    struct stat target;
    bool exists = lstat(dst, &target) == 0;
    DWORD error;

    if (is_device(st) || (exists && is_device(&target)))
        return ERROR_ACCESS_DENIED;
    if ((error = delete_allowed(st)) != ERROR_SUCCESS)
        return error;
    if ((flags & MOVEFILE_REPLACE_EXISTING) && exists &&
        (read_only_file(&target) || is_open_here(&target) ||
         w32_mapping_viewed(target.st_dev, target.st_ino)))
        return ERROR_ACCESS_DENIED;
    return ERROR_SUCCESS;
}

static DWORD rename_error(int err)
{
    if (err == EEXIST)
        return ERROR_ALREADY_EXISTS;
    if (err == EISDIR || err == ENOTDIR || err == ENOTEMPTY)
        return ERROR_ACCESS_DENIED;
    if (err == ENOENT)
        return ERROR_PATH_NOT_FOUND;
    return w32_error_from_errno(err);
}

/* A move across file systems: a copy, then the source goes if it is still the one copied. */
static DWORD move_by_copy(const char *src, const char *dst, const struct stat *st, DWORD flags)
{
    struct copy_request rq = {
        .flags = (flags & MOVEFILE_REPLACE_EXISTING) ? 0 : COPY_FILE_FAIL_IF_EXISTS
    };
    DWORD error = copy_file(src, dst, &rq);

    if (error == ERROR_FILE_EXISTS)
        return ERROR_ALREADY_EXISTS;
    if (error == ERROR_SUCCESS)
        unlink_if_same(src, st->st_dev, st->st_ino);
    return error;
}

static DWORD move_file(const char *src, const char *dst, DWORD flags)
{
    struct stat st;
    DWORD error;

    if (lstat(src, &st) != 0)
        return path_error(src, errno);
    if (same_entry(src, dst))
        return ERROR_SUCCESS;           /* Windows: a move onto itself succeeds and does nothing */
    error = move_allowed(&st, dst, flags);
    if (error != ERROR_SUCCESS)
        return error;
    if (renameat2(AT_FDCWD, src, AT_FDCWD, dst,
                  (flags & MOVEFILE_REPLACE_EXISTING) ? 0 : RENAME_NOREPLACE) == 0)
        return ERROR_SUCCESS;
    /* A file system without RENAME_NOREPLACE: check, then rename (not atomic). */
    if (errno == EINVAL && !(flags & MOVEFILE_REPLACE_EXISTING)) {
        struct stat target;
        if (lstat(dst, &target) == 0)
            return ERROR_ALREADY_EXISTS;
        if (rename(src, dst) == 0)
            return ERROR_SUCCESS;
    }
    if (errno != EXDEV || !(flags & MOVEFILE_COPY_ALLOWED) || S_ISDIR(st.st_mode))
        return rename_error(errno);
    return move_by_copy(src, dst, &st, flags);
}

/* ---- by handle: rename and delete disposition (SetFileInformationByHandle) ---- */

static struct disk_file *disk_of(struct w32_file *file)
{
    return file->ops == &disk_ops ? (struct disk_file *)file : NULL;
}

/* The name the open file has now (malloc'd, absolute), or NULL if it has
 * none left: Linux knows it from /proc, and it is checked against the file. */
static char *current_path(int fd, const struct stat *st)
{
    char self[32], buf[PATH_MAX];
    struct stat now;
    ssize_t n;

    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    n = readlink(self, buf, sizeof(buf) - 1);
    if (n <= 0)
        return NULL;
    buf[n] = 0;
    if (buf[0] != '/' || lstat(buf, &now) != 0 || now.st_dev != st->st_dev ||
        now.st_ino != st->st_ino)
        return NULL;
    return strdup(buf);
}

char *w32_file_current_path(struct w32_file *file)
{
    struct stat st;

    if (fstat(file->fd, &st) != 0)
        return NULL;
    return current_path(file->fd, &st);
}

/* Whether the directory open on fd has no entries but . and .. */
static bool directory_empty(int fd)
{
    int dup_fd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    struct dirent *e;
    bool empty = true;

    if (!dir) {
        if (dup_fd >= 0)
            close(dup_fd);
        return false;
    }
    while (empty && (e = readdir(dir)))
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(dir);
    return empty;
}

/* Whether the file open on fd may be marked for deletion: not a read-only
 * file (unless asked), one a view maps, a directory with entries, or a file
 * with no name left. */
static DWORD deletable(int fd, DWORD flags)
{
    struct stat st;
    char *path;

    if (fstat(fd, &st) != 0)
        return errno_error();
    if ((read_only_file(&st) && !(flags & FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE)) ||
        w32_mapping_viewed(st.st_dev, st.st_ino))
        return ERROR_ACCESS_DENIED;
    if (S_ISDIR(st.st_mode) && !directory_empty(fd))
        return ERROR_DIR_NOT_EMPTY;
    if (!(path = current_path(fd, &st)))
        return ERROR_ACCESS_DENIED;     /* deleted already */
    free(path);
    return ERROR_SUCCESS;
}

/*
 * FileDispositionInfo(Ex), flags as FILE_DISPOSITION_INFO_EX's (FileDispositionInfo's
 * TRUE is FILE_DISPOSITION_FLAG_DELETE). Without FILE_DISPOSITION_FLAG_ON_CLOSE it
 * sets or clears the file's delete-pending state, which every object on it
 * shares; FALSE does not undo a delete-on-close object, which marks the file
 * again as it closes (as Windows). With it, it sets or clears this object's
 * delete on close, as FILE_FLAG_DELETE_ON_CLOSE sets it.
 * FILE_DISPOSITION_FLAG_POSIX_SEMANTICS removes the name as this object
 * closes, whatever others stay open, as Microsoft documents it.
 */
DWORD w32_file_set_disposition(struct w32_file *file, DWORD flags)
{
    struct disk_file *disk = disk_of(file);
    bool delete = flags & FILE_DISPOSITION_FLAG_DELETE;
    DWORD error;

    if (!disk)
        return ERROR_INVALID_PARAMETER;
    if (delete && (error = deletable(file->fd, flags)) != ERROR_SUCCESS)
        return error;
    if (!disk->listed && !list_unlisted(disk))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (delete)
        delete_on_exit_needed();
    pthread_mutex_lock(&share_lock);
    if (flags & FILE_DISPOSITION_FLAG_ON_CLOSE) {
        disk->delete_on_close = delete;
    } else {
        disk->node->delete_pending = delete;
        disk->posix_delete = delete && (flags & FILE_DISPOSITION_FLAG_POSIX_SEMANTICS);
    }
    pthread_mutex_unlock(&share_lock);
    return ERROR_SUCCESS;
}

/* Whether a handle of this process has the file delete-pending. */
bool w32_file_delete_pending(struct w32_file *file)
{
    struct disk_file *disk = disk_of(file);
    bool pending;

    if (!disk)
        return false;
    pthread_mutex_lock(&share_lock);
    pending = disk->listed && disk->node->delete_pending;
    pthread_mutex_unlock(&share_lock);
    return pending;
}

/* Whether the open file st may be renamed to dst: an existing dst only if
 * replacing is asked, and then not a directory, a read-only file (unless
 * ignored) or, without POSIX semantics, a file open or mapped in this
 * process. */
static DWORD rename_target_allowed(const struct stat *st, const char *dst, DWORD flags)
{
    bool posix = flags & FILE_RENAME_FLAG_POSIX_SEMANTICS;
    struct stat target;

    if (lstat(dst, &target) != 0)
        return ERROR_SUCCESS;
    if (!(flags & FILE_RENAME_FLAG_REPLACE_IF_EXISTS))
        return ERROR_ALREADY_EXISTS;
    if (S_ISDIR(target.st_mode) || S_ISDIR(st->st_mode) ||
        (read_only_file(&target) && !(flags & FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE)) ||
        (!posix && (is_open_here(&target) || w32_mapping_viewed(target.st_dev, target.st_ino))))
        return ERROR_ACCESS_DENIED;
    return ERROR_SUCCESS;
}

/* rename(2) with ReplaceIfExists; the error Windows gives. */
static DWORD rename_path(const char *src, const char *dst, bool replace)
{
    struct stat target;

    if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, replace ? 0 : RENAME_NOREPLACE) == 0)
        return ERROR_SUCCESS;
    /* A file system without RENAME_NOREPLACE: check, then rename (not atomic). */
    if (errno == EINVAL && !replace) {
        if (lstat(dst, &target) == 0)
            return ERROR_ALREADY_EXISTS;
        if (rename(src, dst) == 0)
            return ERROR_SUCCESS;
    }
    return errno == EXDEV ? ERROR_NOT_SAME_DEVICE : rename_error(errno);
}

/*
 * FileRenameInfo: the open file gets the name dst, wherever it is now; a
 * file marked for deletion is deleted under its new name (the name it has
 * when it goes).
 */
DWORD w32_file_rename(struct w32_file *file, const char *dst, DWORD flags)
{
    struct disk_file *disk = disk_of(file);
    struct stat st;
    char *src;
    DWORD error;

    if (!disk)
        return ERROR_INVALID_PARAMETER;
    if (fstat(file->fd, &st) != 0)
        return errno_error();
    if (!(src = current_path(file->fd, &st)))
        return ERROR_FILE_NOT_FOUND;
    error = same_entry(src, dst) ? ERROR_SUCCESS : rename_target_allowed(&st, dst, flags);
    if (error == ERROR_SUCCESS && !same_entry(src, dst))
        error = rename_path(src, dst, flags & FILE_RENAME_FLAG_REPLACE_IF_EXISTS);
    free(src);
    return error;
}

/* ---- ReplaceFile ---- */

/* The names ReplaceFile works on, POSIX forms; backup may be NULL. */
struct replace_names {
    const char *replaced, *replacement, *backup;
};

/* Flushes the directory that holds path, so a rename in it is on disk. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
    int fd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Whether an existing backup may be replaced: not a directory, not
 * read-only, not open in this process. */
static bool backup_replaceable(const char *backup)
{
    struct stat st;

    if (lstat(backup, &st) != 0)
        return true;
    return !S_ISDIR(st.st_mode) && !read_only_file(&st) && !is_open_here(&st);
}

/* The renames, once both files are open: the replaced file goes to the
 * backup name (or away), then the replacement takes its name. */
static DWORD replace_renames(const struct replace_names *n)
{
    if (n->backup) {
        if (!backup_replaceable(n->backup))
            return ERROR_UNABLE_TO_REMOVE_REPLACED;
        if (rename(n->replaced, n->backup) != 0)
            return errno == ENOENT || errno == ENOTDIR ? ERROR_PATH_NOT_FOUND
                                                       : ERROR_UNABLE_TO_REMOVE_REPLACED;
        if (rename(n->replacement, n->replaced) != 0)
            return ERROR_UNABLE_TO_MOVE_REPLACEMENT_2;
        return ERROR_SUCCESS;
    }
    if (rename(n->replacement, n->replaced) != 0)
        return ERROR_UNABLE_TO_MOVE_REPLACEMENT;
    return ERROR_SUCCESS;
}

/*
 * The replacement takes over the replaced file's permission bits (what
 * Windows keeps of its DACL), then its name; the replacement keeps its own
 * data and times. Both are held open meanwhile, as Windows opens them: the
 * replaced file for deletion, the replacement for writing and deletion, so
 * this process's share modes and read-only files refuse as on Windows.
 */
static DWORD replace_opened(struct w32_file *replacement, const struct stat *old_st,
                            const struct replace_names *n, DWORD flags)
{
    DWORD error;

    if (fchmod(replacement->fd, old_st->st_mode & 07777) != 0 &&
        !(flags & REPLACEFILE_IGNORE_ACL_ERRORS))
        return errno_error();
    if ((flags & REPLACEFILE_WRITE_THROUGH) && fsync(replacement->fd) != 0)
        return errno_error();
    if (w32_mapping_viewed(old_st->st_dev, old_st->st_ino))
        return ERROR_UNABLE_TO_REMOVE_REPLACED;
    error = replace_renames(n);
    if (error == ERROR_SUCCESS && (flags & REPLACEFILE_WRITE_THROUGH))
        sync_parent(n->replaced);
    return error;
}

static DWORD replace_file(const struct replace_names *n, DWORD flags)
{
    struct open_request old_rq = { DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                   OPEN_EXISTING, 0 };
    struct open_request new_rq = { GENERIC_READ | GENERIC_WRITE | DELETE,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                   OPEN_EXISTING, 0 };
    struct w32_file *old, *new;
    struct stat old_st, new_st;
    bool existed;
    DWORD error;

    if (!(old = open_path(n->replaced, &old_rq, &existed, &old_st)))
        return GetLastError();
    if (read_only_file(&old_st) || !S_ISREG(old_st.st_mode)) {
        w32_object_unref(&old->obj);
        return ERROR_ACCESS_DENIED;
    }
    if (!(new = open_path(n->replacement, &new_rq, &existed, &new_st))) {
        error = GetLastError();
        w32_object_unref(&old->obj);
        return error;
    }
    error = !S_ISREG(new_st.st_mode) ? ERROR_ACCESS_DENIED
            : old_st.st_dev == new_st.st_dev && old_st.st_ino == new_st.st_ino
            ? ERROR_SHARING_VIOLATION : replace_opened(new, &old_st, n, flags);
    w32_object_unref(&new->obj);
    w32_object_unref(&old->obj);
    return error;
}

/* The POSIX forms of two paths (mapped with a_map, b_map), malloc'd; FALSE
 * with the error set. */
static BOOL posix_pair(LPCSTR a, unsigned a_map, LPCSTR b, unsigned b_map, char **pa, char **pb)
{
    *pa = w32_path_to_posix(a, a_map);
    *pb = *pa ? w32_path_to_posix(b, b_map) : NULL;
    if (!*pb) {
        free(*pa);
        return FALSE;
    }
    return TRUE;
}

static BOOL set_result(DWORD error)
{
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* Runs op on the POSIX forms of two paths (mapped with a_map, b_map), setting
 * the error it returns. */
static BOOL two_paths(LPCSTR a, unsigned a_map, LPCSTR b, unsigned b_map, DWORD flags,
                      DWORD (*op)(const char *, const char *, DWORD))
{
    char *src, *dst;
    DWORD error;

    if (!posix_pair(a, a_map, b, b_map, &src, &dst))
        return FALSE;
    error = op(src, dst, flags);
    free(src);
    free(dst);
    return set_result(error);
}

/* The UTF-8 forms of two names (NULL stays NULL), malloc'd; FALSE with the
 * error set. */
static BOOL utf8_pair(LPCWSTR a, LPCWSTR b, char **a8, char **b8)
{
    *a8 = a ? w32_utf16_to_utf8(a) : NULL;
    *b8 = b ? w32_utf16_to_utf8(b) : NULL;
    if ((a && !*a8) || (b && !*b8)) {
        free(*a8);
        free(*b8);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

static BOOL two_paths_w(LPCWSTR a, LPCWSTR b, DWORD flags,
                        BOOL (*fn)(LPCSTR, LPCSTR, DWORD))
{
    char *src, *dst;
    BOOL ok;

    if (!utf8_pair(a, b, &src, &dst))
        return FALSE;
    ok = fn(src, dst, flags);
    free(src);
    free(dst);
    return ok;
}

BOOL WINAPI MoveFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, DWORD dwFlags)
{
    if (dwFlags & MOVEFILE_DELAY_UNTIL_REBOOT) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    return two_paths(lpExistingFileName, W32_PATH_NO_DEVICE, lpNewFileName, W32_PATH_NO_DEVICE,
                     dwFlags, move_file);
}

BOOL WINAPI MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName)
{
    return MoveFileExA(lpExistingFileName, lpNewFileName, MOVEFILE_COPY_ALLOWED);
}

BOOL WINAPI MoveFileExW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, DWORD dwFlags)
{
    return two_paths_w(lpExistingFileName, lpNewFileName, dwFlags, MoveFileExA);
}

BOOL WINAPI MoveFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName)
{
    return MoveFileExW(lpExistingFileName, lpNewFileName, MOVEFILE_COPY_ALLOWED);
}

/* The CopyFileEx flags Windows documents; the others are refused. */
#define COPY_FILE_KNOWN (COPY_FILE_FAIL_IF_EXISTS | COPY_FILE_RESTARTABLE | \
                         COPY_FILE_OPEN_SOURCE_FOR_WRITE | COPY_FILE_ALLOW_DECRYPTED_DESTINATION | \
                         COPY_FILE_COPY_SYMLINK | COPY_FILE_NO_BUFFERING)

/*
 * COPY_FILE_RESTARTABLE, COPY_FILE_ALLOW_DECRYPTED_DESTINATION and
 * COPY_FILE_NO_BUFFERING are accepted and change nothing: a copy is never
 * resumed from where a stopped one left off (it starts again, to the same
 * result), no file is encrypted, and the page cache is used.
 */
static DWORD copy_names(LPCSTR from, LPCSTR to, const struct copy_request *rq)
{
    char *src, *dst;
    DWORD error;

    if (rq->flags & ~COPY_FILE_KNOWN)
        return ERROR_INVALID_PARAMETER;
    /* A copy may go to a device (NUL), not come from one, as on Windows. */
    if (!posix_pair(from, W32_PATH_NO_DEVICE, to, W32_PATH_NAME, &src, &dst))
        return GetLastError();
    error = copy_file(src, dst, rq);
    free(src);
    free(dst);
    return error;
}

BOOL WINAPI CopyFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName,
                        LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData, LPBOOL pbCancel,
                        DWORD dwCopyFlags)
{
    struct copy_request rq = { dwCopyFlags, lpProgressRoutine, NULL, lpData, pbCancel };
    DWORD error = copy_names(lpExistingFileName, lpNewFileName, &rq);

    w32_set_error(error);
    return error == ERROR_SUCCESS;
}

BOOL WINAPI CopyFileExW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName,
                        LPPROGRESS_ROUTINE lpProgressRoutine, LPVOID lpData, LPBOOL pbCancel,
                        DWORD dwCopyFlags)
{
    char *src, *dst;
    BOOL ok;

    if (!utf8_pair(lpExistingFileName, lpNewFileName, &src, &dst))
        return FALSE;
    ok = CopyFileExA(src, dst, lpProgressRoutine, lpData, pbCancel, dwCopyFlags);
    free(src);
    free(dst);
    return ok;
}

/*
 * CopyFile2: the copy of CopyFileEx, its flags, and a routine told of the
 * stream's start and end, each chunk's start and end, and a failure to read
 * or write; an HRESULT. pExtendedParameters may be NULL; a dwSize other than
 * sizeof(COPYFILE2_EXTENDED_PARAMETERS) is E_INVALIDARG.
 */
HRESULT WINAPI CopyFile2(PCWSTR pwszExistingFileName, PCWSTR pwszNewFileName,
                         COPYFILE2_EXTENDED_PARAMETERS *pExtendedParameters)
{
    COPYFILE2_EXTENDED_PARAMETERS *params = pExtendedParameters;
    struct copy_request rq = { .flags = 0 };
    char *src, *dst;
    DWORD error;

    if (params && params->dwSize != sizeof(*params)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return E_INVALIDARG;
    }
    if (params)
        rq = (struct copy_request){ params->dwCopyFlags, NULL, params->pProgressRoutine,
                                    params->pvCallbackContext, params->pfCancel };
    if (!utf8_pair(pwszExistingFileName, pwszNewFileName, &src, &dst))
        return HRESULT_FROM_WIN32(GetLastError());
    error = copy_names(src, dst, &rq);
    free(src);
    free(dst);
    w32_set_error(error);
    return error == ERROR_SUCCESS ? S_OK : HRESULT_FROM_WIN32(error);
}

BOOL WINAPI CopyFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, BOOL bFailIfExists)
{
    return CopyFileExA(lpExistingFileName, lpNewFileName, NULL, NULL, NULL,
                       bFailIfExists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

BOOL WINAPI CopyFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, BOOL bFailIfExists)
{
    return CopyFileExW(lpExistingFileName, lpNewFileName, NULL, NULL, NULL,
                       bFailIfExists ? COPY_FILE_FAIL_IF_EXISTS : 0);
}

#define REPLACEFILE_KNOWN (REPLACEFILE_WRITE_THROUGH | REPLACEFILE_IGNORE_MERGE_ERRORS | \
                           REPLACEFILE_IGNORE_ACL_ERRORS)

/*
 * REPLACEFILE_WRITE_THROUGH flushes the replacement's data and the
 * directory's renames. REPLACEFILE_IGNORE_MERGE_ERRORS changes nothing
 * (there are no streams or object ids to merge); REPLACEFILE_IGNORE_ACL_ERRORS
 * lets the replace go on when the permission bits cannot be carried over.
 */
BOOL WINAPI ReplaceFileA(LPCSTR lpReplacedFileName, LPCSTR lpReplacementFileName,
                         LPCSTR lpBackupFileName, DWORD dwReplaceFlags, LPVOID lpExclude,
                         LPVOID lpReserved)
{
    struct replace_names n;
    char *replaced, *replacement, *backup = NULL;
    DWORD error;

    if (!lpReplacedFileName || !lpReplacementFileName || lpExclude || lpReserved ||
        (dwReplaceFlags & ~REPLACEFILE_KNOWN)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!posix_pair(lpReplacedFileName, W32_PATH_NO_DEVICE, lpReplacementFileName,
                    W32_PATH_NO_DEVICE, &replaced, &replacement))
        return FALSE;
    if (lpBackupFileName && !(backup = w32_path_to_posix(lpBackupFileName, W32_PATH_NO_DEVICE))) {
        free(replaced);
        free(replacement);
        return FALSE;
    }
    n = (struct replace_names){ replaced, replacement, backup };
    error = replace_file(&n, dwReplaceFlags);
    free(replaced);
    free(replacement);
    free(backup);
    return set_result(error);
}

BOOL WINAPI ReplaceFileW(LPCWSTR lpReplacedFileName, LPCWSTR lpReplacementFileName,
                         LPCWSTR lpBackupFileName, DWORD dwReplaceFlags, LPVOID lpExclude,
                         LPVOID lpReserved)
{
    char *replaced, *replacement, *backup = NULL;
    BOOL ok = FALSE;

    if (!utf8_pair(lpReplacedFileName, lpReplacementFileName, &replaced, &replacement))
        return FALSE;
    if (lpBackupFileName && !(backup = w32_utf16_to_utf8(lpBackupFileName)))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    else
        ok = ReplaceFileA(replaced, replacement, backup, dwReplaceFlags, lpExclude, lpReserved);
    free(replaced);
    free(replacement);
    free(backup);
    return ok;
}

/* ---- links ---- */

/* A hard link: Windows links files only, and keeps an existing name. */
static DWORD hard_link(const char *existing, const char *name, DWORD unused)
{
    struct stat st;

    (void)unused;
    if (lstat(existing, &st) != 0)
        return path_error(existing, errno);
    if (S_ISDIR(st.st_mode))
        return ERROR_ACCESS_DENIED;
    if (link(existing, name) == 0)
        return ERROR_SUCCESS;
    if (errno == EEXIST)
        return ERROR_ALREADY_EXISTS;
    if (errno == ENOENT || errno == ENOTDIR)
        return ERROR_PATH_NOT_FOUND;        /* the new name's directory is not there */
    return w32_error_from_errno(errno);
}

static BOOL hard_link_a(LPCSTR existing, LPCSTR name, DWORD unused)
{
    return two_paths(existing, W32_PATH_NO_DEVICE, name, W32_PATH_NO_DEVICE, unused, hard_link);
}

/* lpSecurityAttributes is reserved, as Windows documents it: a link shares its file's. */
BOOL WINAPI CreateHardLinkA(LPCSTR lpFileName, LPCSTR lpExistingFileName,
                            LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    (void)lpSecurityAttributes;
    return hard_link_a(lpExistingFileName, lpFileName, 0);
}

BOOL WINAPI CreateHardLinkW(LPCWSTR lpFileName, LPCWSTR lpExistingFileName,
                            LPSECURITY_ATTRIBUTES lpSecurityAttributes)
{
    (void)lpSecurityAttributes;
    return two_paths_w(lpExistingFileName, lpFileName, 0, hard_link_a);
}

/*
 * The POSIX text of a symbolic link's target. A relative target stays
 * relative to the link's directory, as on Windows: only its separators
 * change ("..\\x" is "../x"); any other is mapped as every path is.
 */
static char *link_target(const char *target)
{
    bool rooted = target[0] == '\\' || target[0] == '/' ||
                  (((target[0] | 0x20) >= 'a' && (target[0] | 0x20) <= 'z') && target[1] == ':');
    char *text;

    if (rooted)
        return w32_path_to_posix(target, W32_PATH_ABSOLUTE);
    if (!(text = strdup(target))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (char *p = text; *p; p++)
        if (*p == '\\')
            *p = '/';
    return text;
}

/* A symbolic link needs no privilege on Linux: the flag that asks for none
 * changes nothing. Windows keeps SYMBOLIC_LINK_FLAG_DIRECTORY in the link;
 * here the link is a directory's whenever its target is a directory. */
static DWORD symbolic_link(const char *name, const char *target, DWORD flags)
{
    char *path, *text;
    DWORD error = ERROR_SUCCESS;

    if (flags & ~(DWORD)(SYMBOLIC_LINK_FLAG_DIRECTORY | SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE))
        return ERROR_INVALID_PARAMETER;
    if (!target || !*target)
        return ERROR_INVALID_PARAMETER;
    if (!(path = changeable_path(name)))
        return GetLastError();
    if (!(text = link_target(target))) {
        free(path);
        return GetLastError();
    }
    if (symlink(text, path) != 0)
        error = errno == EEXIST ? ERROR_ALREADY_EXISTS
                : errno == ENOENT || errno == ENOTDIR ? ERROR_PATH_NOT_FOUND
                : w32_error_from_errno(errno);
    free(text);
    free(path);
    return error;
}

BOOLEAN WINAPI CreateSymbolicLinkA(LPCSTR lpSymlinkFileName, LPCSTR lpTargetFileName,
                                   DWORD dwFlags)
{
    DWORD error = symbolic_link(lpSymlinkFileName, lpTargetFileName, dwFlags);

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

static BOOL symbolic_link_a(LPCSTR name, LPCSTR target, DWORD flags)
{
    return CreateSymbolicLinkA(name, target, flags);
}

BOOLEAN WINAPI CreateSymbolicLinkW(LPCWSTR lpSymlinkFileName, LPCWSTR lpTargetFileName,
                                   DWORD dwFlags)
{
    return (BOOLEAN)two_paths_w(lpSymlinkFileName, lpTargetFileName, dwFlags, symbolic_link_a);
}

/* ---- temporary and full paths ---- */

/* Copies s (len chars) into buf as the Get*Path functions do: the length
 * without the NUL if it fits, else the size needed with it. */
static DWORD put_path_a(const char *s, DWORD size, LPSTR buf)
{
    size_t len = strlen(s);

    if (len + 1 > size || !buf)
        return (DWORD)len + 1;
    memcpy(buf, s, len + 1);
    return (DWORD)len;
}

static DWORD put_path_w(const char *s, DWORD size, LPWSTR buf)
{
    size_t len = w32_name_to_utf16n(s, strlen(s), NULL);

    if (len + 1 > size || !buf)
        return (DWORD)len + 1;
    w32_name_to_utf16n(s, strlen(s), buf);
    buf[len] = 0;
    return (DWORD)len;
}

/* $TMPDIR if it names a directory, else /tmp, with a trailing slash. */
static char *temp_path(void)
{
    char *env = w32_env_get("TMPDIR"), *path;
    const char *dir = env;
    struct stat st;
    int r;

    if (!dir || !*dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        dir = "/tmp";
    r = asprintf(&path, "%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/");
    free(env);
    if (r < 0) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return path;
}

DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer)
{
    char *path = temp_path();
    DWORD n;

    if (!path)
        return 0;
    n = put_path_a(path, nBufferLength, lpBuffer);
    free(path);
    return n;
}

DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    char *path = temp_path();
    DWORD n;

    if (!path)
        return 0;
    n = put_path_w(path, nBufferLength, lpBuffer);
    free(path);
    return n;
}

/* ---- the current directory ---- */

/* The current directory, malloc'd; NULL with the error set (a directory
 * deleted under us is ERROR_PATH_NOT_FOUND: Windows cannot delete it). */
static char *current_directory(void)
{
    char *cwd = getcwd(NULL, 0);

    if (!cwd)
        w32_set_error(errno == ENOMEM ? ERROR_NOT_ENOUGH_MEMORY : ERROR_PATH_NOT_FOUND);
    return cwd;
}

/* A POSIX path, as GetFullPathName's results are. */
DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer)
{
    char *cwd = current_directory();
    DWORD n;

    if (!cwd)
        return 0;
    n = put_path_a(cwd, nBufferLength, lpBuffer);
    free(cwd);
    return n;
}

DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer)
{
    char *cwd = current_directory();
    DWORD n;

    if (!cwd)
        return 0;
    n = put_path_w(cwd, nBufferLength, lpBuffer);
    free(cwd);
    return n;
}

BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName)
{
    char *path;
    struct stat st;
    DWORD error = ERROR_SUCCESS;

    if (!lpPathName || !*lpPathName) {
        w32_set_error(ERROR_INVALID_NAME);
        return FALSE;
    }
    if (!(path = unix_path(lpPathName)))
        return FALSE;
    if (chdir(path) != 0)
        error = errno == ENOTDIR && stat(path, &st) == 0 ? ERROR_DIRECTORY : path_error(path, errno);
    free(path);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SetCurrentDirectoryW(LPCWSTR lpPathName)
{
    WITH_UTF8_PATH(name, lpPathName, FALSE, SetCurrentDirectoryA(name));
}

DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer,
                              LPSTR *lpFilePart)
{
    char *path = w32_path_to_posix(lpFileName, W32_PATH_ABSOLUTE);
    DWORD n;

    if (!path)
        return 0;
    n = put_path_a(path, nBufferLength, lpBuffer);
    if (lpFilePart && n < nBufferLength) {
        char *slash = strrchr(lpBuffer, '/');
        *lpFilePart = slash && slash[1] ? slash + 1 : NULL;
    }
    free(path);
    return n;
}

DWORD WINAPI GetFullPathNameW(LPCWSTR lpFileName, DWORD nBufferLength, LPWSTR lpBuffer,
                              LPWSTR *lpFilePart)
{
    char *name = NULL, *path;
    DWORD n;

    if (lpFileName && !(name = w32_utf16_to_utf8(lpFileName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    path = w32_path_to_posix(name, W32_PATH_ABSOLUTE);
    free(name);
    if (!path)
        return 0;
    n = put_path_w(path, nBufferLength, lpBuffer);
    if (lpFilePart && n < nBufferLength) {
        LPWSTR last = NULL;
        for (LPWSTR p = lpBuffer; *p; p++)
            if (*p == '/')
                last = p;
        *lpFilePart = last && last[1] ? last + 1 : NULL;
    }
    free(path);
    return n;
}

/* ---- GetFinalPathNameByHandle ---- */

/*
 * The path of the disk file or directory behind h in the form flags ask for,
 * malloc'd: the kernel's name of the open file (/proc/self/fd), so the
 * path after symbolic links, as Windows gives it. NULL with the error set.
 */
static char *final_path(HANDLE h, DWORD flags)
{
    char link[64], *posix = NULL, *out = NULL;
    struct w32_file *file;
    struct stat st;
    DWORD volume = flags & ~(DWORD)FILE_NAME_OPENED;
    ssize_t n;

    if (volume != VOLUME_NAME_DOS && volume != VOLUME_NAME_GUID && volume != VOLUME_NAME_NT &&
        volume != VOLUME_NAME_NONE) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(file = w32_file_get(h, 0)))
        return NULL;
    if (fstat(file->fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) {
        w32_set_error(ERROR_INVALID_HANDLE);       /* a pipe, a device: no disk path */
    } else if (volume == VOLUME_NAME_GUID || volume == VOLUME_NAME_NT) {
        w32_set_error(ERROR_NOT_SUPPORTED);        /* no volume has a GUID or a device here */
    } else if (st.st_nlink == 0 && !S_ISDIR(st.st_mode)) {
        w32_set_error(ERROR_FILE_NOT_FOUND);       /* deleted: the file has no name left */
    } else if (!(posix = malloc(PATH_MAX + 1))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    } else {
        snprintf(link, sizeof(link), "/proc/self/fd/%d", file->fd);
        n = readlink(link, posix, PATH_MAX);
        if (n <= 0 || posix[0] != '/') {
            w32_set_error(n < 0 ? w32_error_from_errno(errno) : ERROR_FILE_NOT_FOUND);
        } else {
            posix[n] = '\0';
            out = w32_path_to_dos(posix, volume == VOLUME_NAME_DOS);
        }
    }
    free(posix);
    w32_object_unref(&file->obj);
    return out;
}

/* Buffer rules as Windows has them: a buffer too small for the path and its
 * NUL is left alone, and the A form then returns the path's length (without
 * the NUL, as on success), the W form the size needed (with it). */
DWORD WINAPI GetFinalPathNameByHandleA(HANDLE hFile, LPSTR lpszFilePath, DWORD cchFilePath,
                                       DWORD dwFlags)
{
    char *path = final_path(hFile, dwFlags);
    DWORD n;

    if (!path)
        return 0;
    n = put_path_a(path, cchFilePath, lpszFilePath);
    if (n > strlen(path))
        n--;
    free(path);
    return n;
}

DWORD WINAPI GetFinalPathNameByHandleW(HANDLE hFile, LPWSTR lpszFilePath, DWORD cchFilePath,
                                       DWORD dwFlags)
{
    char *path = final_path(hFile, dwFlags);
    DWORD n;

    if (!path)
        return 0;
    n = put_path_w(path, cchFilePath, lpszFilePath);
    free(path);
    return n;
}

/* ---- SearchPath ---- */

/* name with ext appended if its last component has no extension; malloc'd. */
static char *with_extension(const char *name, const char *ext)
{
    const char *base = name, *p;
    char *full;

    for (p = name; *p; p++)
        if (*p == '\\' || *p == '/')
            base = p + 1;
    if (!ext || strchr(base, '.'))
        ext = "";
    if (asprintf(&full, "%s%s", name, ext) < 0) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return full;
}

/* Whether SearchPath takes name where it is instead of searching for it:
 * a rooted path, a drive path, or one starting with "." or ".." . */
static bool is_explicit(const char *name)
{
    if (name[0] == '\\' || name[0] == '/' || (name[0] && name[1] == ':'))
        return true;
    if (name[0] == '.' && name[1] == '.')
        name++;
    return name[0] == '.' && (name[1] == '\\' || name[1] == '/');
}

/* The absolute POSIX path of dir\name (name alone if dir is empty) if a
 * file or directory is there; NULL, without setting an error, if not. */
static char *found_in(const char *dir, size_t dir_len, const char *name)
{
    struct stat st;
    char *joined, *path;

    if (asprintf(&joined, "%.*s%s%s", (int)dir_len, dir, dir_len ? "\\" : "", name) < 0)
        return NULL;
    path = w32_path_to_posix(joined, W32_PATH_ABSOLUTE);
    free(joined);
    if (path && stat(path, &st) == 0)
        return path;
    free(path);
    return NULL;
}

/* The directory of the program, the current directory, then $PATH: the
 * order Windows documents for a NULL lpPath, less the system and Windows
 * directories, which hold no Windows files here. malloc'd. */
static char *default_search_path(void)
{
    char exe[PATH_MAX], *slash, *list, *env = w32_env_get("PATH");
    DWORD n = GetModuleFileNameA(NULL, exe, sizeof(exe));
    int r;

    if (n == 0 || n >= sizeof(exe) || !(slash = strrchr(exe, '/')))
        exe[0] = '\0';
    else
        *slash = '\0';
    /* $PATH separates with ':' where Windows uses ';'. */
    r = asprintf(&list, "%s;.;%s", exe, env ? env : "");
    free(env);
    if (r < 0)
        return NULL;
    for (char *p = list + strlen(exe) + 3; *p; p++)
        if (*p == ':')
            *p = ';';
    return list;
}

/* The absolute POSIX path SearchPath finds for name; NULL with the error set. */
static char *search_path(const char *dirs, const char *name)
{
    char *list = NULL, *found = NULL;

    if (is_explicit(name)) {
        if (!(found = found_in("", 0, name)))
            w32_set_error(ERROR_FILE_NOT_FOUND);
        return found;
    }
    if (!dirs && !(dirs = list = default_search_path())) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    for (const char *d = dirs; !found; d++) {
        size_t len = strcspn(d, ";");
        found = found_in(d, len, name);
        d += len;
        if (!*d)
            break;
    }
    free(list);
    if (!found)
        w32_set_error(ERROR_FILE_NOT_FOUND);
    return found;
}

/* The found path, malloc'd, for SearchPathA and SearchPathW; NULL with the error set. */
static char *search_for(LPCSTR lpPath, LPCSTR lpFileName, LPCSTR lpExtension)
{
    char *name, *found;

    if (!lpFileName || !*lpFileName) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!(name = with_extension(lpFileName, lpExtension)))
        return NULL;
    found = search_path(lpPath, name);
    free(name);
    return found;
}

DWORD WINAPI SearchPathA(LPCSTR lpPath, LPCSTR lpFileName, LPCSTR lpExtension,
                         DWORD nBufferLength, LPSTR lpBuffer, LPSTR *lpFilePart)
{
    char *found = search_for(lpPath, lpFileName, lpExtension);
    DWORD n;

    if (!found)
        return 0;
    n = put_path_a(found, nBufferLength, lpBuffer);
    if (lpFilePart && lpBuffer && n < nBufferLength)
        *lpFilePart = strrchr(lpBuffer, '/') + 1;
    free(found);
    return n;
}

DWORD WINAPI SearchPathW(LPCWSTR lpPath, LPCWSTR lpFileName, LPCWSTR lpExtension,
                         DWORD nBufferLength, LPWSTR lpBuffer, LPWSTR *lpFilePart)
{
    char *path = lpPath ? w32_utf16_to_utf8(lpPath) : NULL;
    char *name = lpFileName ? w32_utf16_to_utf8(lpFileName) : NULL;
    char *ext = lpExtension ? w32_utf16_to_utf8(lpExtension) : NULL;
    char *found = NULL;
    DWORD n = 0;

    if ((lpPath && !path) || (lpFileName && !name) || (lpExtension && !ext))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    else
        found = search_for(path, name, ext);
    if (found) {
        n = put_path_w(found, nBufferLength, lpBuffer);
        if (lpFilePart && lpBuffer && n < nBufferLength) {
            LPWSTR last = lpBuffer;
            for (LPWSTR p = lpBuffer; *p; p++)
                if (*p == '/')
                    last = p + 1;
            *lpFilePart = last;
        }
    }
    free(path);
    free(name);
    free(ext);
    free(found);
    return n;
}

/* ---- long and short path names ---- */

/*
 * Linux file systems have no 8.3 short names: the long and the short form
 * of a path are both the path as given, once every component of it is
 * found (the entry itself: a dangling symbolic link is found too). What
 * stays from Windows is the checking: ERROR_SUCCESS or the error.
 */
static DWORD check_path_exists(LPCSTR name, DWORD empty_error)
{
    const char *rest = name;
    struct stat st;
    char *path;
    int rc;

    if (!name)
        return ERROR_INVALID_PARAMETER;
    if (!*name)
        return empty_error;
    if ((name[0] == '\\' || name[0] == '/') && (name[1] == '\\' || name[1] == '/') &&
        (name[2] == '?' || name[2] == '.') && (name[3] == '\\' || name[3] == '/'))
        rest = name + 4;                    /* the prefix's '?' is no wildcard */
    if (strpbrk(rest, "*?"))
        return ERROR_INVALID_NAME;
    if (!(path = unix_path(name)))
        return GetLastError();
    rc = lstat(path, &st);
    free(path);
    if (rc == 0)
        return ERROR_SUCCESS;
    return errno == ENOENT || errno == ENOTDIR ? ERROR_FILE_NOT_FOUND : w32_error_from_errno(errno);
}

/* Copies name, once checked, into buf as the Get*Path functions do (put_path_a). */
static DWORD same_path_a(LPCSTR name, LPSTR buf, DWORD size, DWORD empty_error)
{
    DWORD error = check_path_exists(name, empty_error);
    size_t len;

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return 0;
    }
    len = strlen(name);
    if (len + 1 > size || !buf)
        return (DWORD)len + 1;
    memmove(buf, name, len + 1);            /* the input may be the buffer, as Windows allows */
    return (DWORD)len;
}

/* The same in UTF-16: the caller's own string is copied, not a conversion of it. */
static DWORD same_path_w(LPCWSTR name, LPWSTR buf, DWORD size, DWORD empty_error)
{
    char *utf8 = NULL;
    DWORD error;
    size_t len = 0;

    if (name && !(utf8 = w32_utf16_to_utf8(name))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    error = check_path_exists(utf8, empty_error);
    free(utf8);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return 0;
    }
    while (name[len])
        len++;
    if (len + 1 > size || !buf)
        return (DWORD)len + 1;
    memmove(buf, name, (len + 1) * sizeof(WCHAR));
    return (DWORD)len;
}

DWORD WINAPI GetLongPathNameA(LPCSTR lpszShortPath, LPSTR lpszLongPath, DWORD cchBuffer)
{
    return same_path_a(lpszShortPath, lpszLongPath, cchBuffer, ERROR_PATH_NOT_FOUND);
}

DWORD WINAPI GetLongPathNameW(LPCWSTR lpszShortPath, LPWSTR lpszLongPath, DWORD cchBuffer)
{
    return same_path_w(lpszShortPath, lpszLongPath, cchBuffer, ERROR_PATH_NOT_FOUND);
}

/* Windows refuses an empty name here with ERROR_BAD_PATHNAME, GetLongPathName with
 * ERROR_PATH_NOT_FOUND. */
DWORD WINAPI GetShortPathNameA(LPCSTR lpszLongPath, LPSTR lpszShortPath, DWORD cchBuffer)
{
    return same_path_a(lpszLongPath, lpszShortPath, cchBuffer, ERROR_BAD_PATHNAME);
}

DWORD WINAPI GetShortPathNameW(LPCWSTR lpszLongPath, LPWSTR lpszShortPath, DWORD cchBuffer)
{
    return same_path_w(lpszLongPath, lpszShortPath, cchBuffer, ERROR_BAD_PATHNAME);
}

/* fork (fork.h): the share lock is held across a fork. */
void w32_file_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&share_lock, phase);
}
