/*
 * io.h: C runtime file descriptors and their HANDLEs.
 *
 * A descriptor is a Linux fd. The table below remembers, per descriptor,
 * the HANDLE that _open_osfhandle or _get_osfhandle gave it, and its text
 * mode. _open opens through CreateFile (Windows paths, share modes checked
 * against the opens before it) and takes the fd from the handle's object
 * (w32_handle_disown_fd). A descriptor's handle and the descriptor are one
 * open file, as on Windows. A descriptor the program closed with close() or
 * fclose() behind the table's back is noticed by its changed (or missing)
 * identity the next time the table looks at that number, and before every
 * open (sweep_stale).
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <io.h>
#include <share.h>
#include "crt.h"
#include "error.h"
#include "file.h"
#include "fork.h"

struct fd_entry {
    HANDLE handle;          /* NULL: none made yet */
    bool close_handle;      /* closed with the descriptor (not GetStdHandle's) */
    int mode;               /* _O_TEXT, _O_BINARY, ...; 0: never set, _fmode applies */
    dev_t dev;              /* the file the descriptor was when the entry was made */
    ino_t ino;
};

/* Guards fds, nfds, default_mode and umask_bits; a leaf lock: no call is made holding it. */
static pthread_mutex_t fd_lock = PTHREAD_MUTEX_INITIALIZER;
static struct fd_entry *fds;
static size_t nfds;
static int default_mode = _O_TEXT;
static int umask_bits;

#define TEXT_MODES (_O_TEXT | _O_BINARY | _O_WTEXT | _O_U16TEXT | _O_U8TEXT)
#define MS_ONLY_FLAGS (TEXT_MODES | _O_TEMPORARY | _O_SEQUENTIAL | _O_RANDOM | _O_SHORT_LIVED)

static bool fd_is_open(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}

/* A bad descriptor goes to the invalid parameter handler, then fails with EBADF. */
static bool check_fd(int fd)
{
    if (fd_is_open(fd))
        return true;
    w32_crt_invalid(EBADF);
    return false;
}

/* The entry of fd, the table grown to hold it; NULL out of memory. fd_lock held. */
static struct fd_entry *entry_of(int fd)
{
    if ((size_t)fd >= nfds) {
        size_t n = nfds ? nfds : 64;
        struct fd_entry *grown;

        while (n <= (size_t)fd)
            n *= 2;
        if (!(grown = realloc(fds, n * sizeof(*fds))))
            return NULL;
        memset(grown + nfds, 0, (n - nfds) * sizeof(*fds));
        fds = grown;
        nfds = n;
    }
    return &fds[fd];
}

/*
 * Empties fd's entry if it no longer describes the open descriptor (closed
 * behind the table's back, maybe reopened as another file). Returns the
 * handle the caller must close after unlocking, or NULL. fd_lock held.
 */
static HANDLE drop_if_stale(int fd)
{
    struct fd_entry *e;
    struct stat st;
    HANDLE stale;

    if ((size_t)fd >= nfds || (!fds[fd].handle && !fds[fd].mode))
        return NULL;
    e = &fds[fd];
    if (fstat(fd, &st) == 0 && st.st_dev == e->dev && st.st_ino == e->ino)
        return NULL;
    stale = e->close_handle ? e->handle : NULL;
    memset(e, 0, sizeof(*e));
    return stale;
}

/* Empties fd's entry; returns its handle if the caller must close it. fd_lock held. */
static HANDLE drop_entry(int fd)
{
    HANDLE h = NULL;

    if ((size_t)fd < nfds) {
        h = fds[fd].close_handle ? fds[fd].handle : NULL;
        memset(&fds[fd], 0, sizeof(fds[fd]));
    }
    return h;
}

/*
 * Closes the handles of descriptors the program closed behind the table's
 * back (fclose of an _fdopen stream closes the fd, not its handle), so that
 * their share modes and _O_TEMPORARY deletions take effect: run before each
 * open, when a stale handle could refuse it.
 */
static void sweep_stale(void)
{
    HANDLE *stale = NULL;
    size_t count = 0;

    pthread_mutex_lock(&fd_lock);
    for (size_t fd = 0; fd < nfds; fd++) {
        HANDLE h;
        HANDLE *grown;

        if (!fds[fd].close_handle || !(h = drop_if_stale((int)fd)))
            continue;
        if (!(grown = realloc(stale, (count + 1) * sizeof(*stale)))) {
            fds[fd].handle = h;     /* kept for the next sweep */
            fds[fd].close_handle = true;
            continue;
        }
        stale = grown;
        stale[count++] = h;
    }
    pthread_mutex_unlock(&fd_lock);
    for (size_t i = 0; i < count; i++)
        CloseHandle(stale[i]);
    free(stale);
}

/* Records fd's identity in its entry; false out of memory. fd_lock held. */
static bool remember(int fd, HANDLE h, bool close_handle, int mode)
{
    struct fd_entry *e = entry_of(fd);
    struct stat st;

    if (!e || fstat(fd, &st) != 0)
        return false;
    e->handle = h;
    e->close_handle = close_handle;
    e->mode = mode;
    e->dev = st.st_dev;
    e->ino = st.st_ino;
    return true;
}

static int text_mode_of(int flags)
{
    int mode = flags & TEXT_MODES;

    return mode ? mode : 0;
}

/*
 * Makes a descriptor of h (which it owns from now on, as _close does) with
 * the text mode, append and inheritance flags of oflag. With keep, the
 * descriptor keeps h, which _get_osfhandle returns and _close closes;
 * otherwise h is closed now and only the fd remains. -1, errno set, on
 * failure, h closed.
 */
static int fd_from_handle(HANDLE h, int oflag, bool keep)
{
    bool was_borrowed;
    int fd = w32_handle_disown_fd(h, &was_borrowed);
    HANDLE stale;
    bool stored;

    if (fd < 0) {
        w32_crt_fail_from_error();
        return -1;
    }
    /* The fd is not the object's (a standard handle's): the descriptor gets its own. */
    if (was_borrowed && (fd = fcntl(fd, F_DUPFD_CLOEXEC, 0)) < 0) {
        int err = errno;

        CloseHandle(h);
        errno = err;
        return -1;
    }
    if (oflag & _O_APPEND)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
    if (!(oflag & _O_NOINHERIT))
        fcntl(fd, F_SETFD, 0);
    if (!keep) {
        CloseHandle(h);
        h = NULL;
    }
    pthread_mutex_lock(&fd_lock);
    stale = drop_entry(fd);
    stored = remember(fd, h, h != NULL, text_mode_of(oflag));
    pthread_mutex_unlock(&fd_lock);
    if (stale)
        CloseHandle(stale);
    if (!stored) {
        if (h)
            CloseHandle(h);
        close(fd);
        errno = ENOMEM;
        return -1;
    }
    return fd;
}

/*
 * Before the descriptor's offset is used: the file pointer a handle of fd
 * may keep in user space (lib/file.c) goes to the fd, so that the handle
 * and the descriptor are one file pointer, as on Windows.
 */
static void sync_fd(int fd)
{
    struct w32_object *ref;
    HANDLE h;
    DWORD error = w32_last_error;

    pthread_mutex_lock(&fd_lock);
    h = (size_t)fd < nfds ? fds[fd].handle : NULL;
    pthread_mutex_unlock(&fd_lock);
    if (!h)
        return;
    w32_handle_fd(h, 0, &ref);
    if (ref)
        w32_object_unref(ref);
    w32_set_error(error);
}

/* ---- opening ---- */

struct open_request {
    DWORD access, share, disposition, attributes;
    SECURITY_ATTRIBUTES sa;
};

/* CreateFile's arguments for _sopen's; false, through the handler, if they are invalid. */
static bool open_request(int oflag, int shflag, int pmode, struct open_request *rq)
{
    static const DWORD accesses[] = { GENERIC_READ, GENERIC_WRITE, GENERIC_READ | GENERIC_WRITE };
    int acc = oflag & _O_ACCMODE;

    if (acc > 2 || (oflag & _O_TEXT && oflag & _O_BINARY)) {
        w32_crt_invalid(EINVAL);
        return false;
    }
    rq->access = accesses[acc];
    switch (shflag) {
    case _SH_DENYRW: rq->share = 0; break;
    case _SH_DENYWR: rq->share = FILE_SHARE_READ; break;
    case _SH_DENYRD: rq->share = FILE_SHARE_WRITE; break;
    case _SH_DENYNO: rq->share = FILE_SHARE_READ | FILE_SHARE_WRITE; break;
    /* fopen_s's: others may read a file opened for reading only, and nothing else. */
    case _SH_SECURE: rq->share = acc == 0 ? FILE_SHARE_READ : 0; break;
    default:
        w32_crt_invalid(EINVAL);
        return false;
    }
    if ((oflag & (_O_CREAT | _O_EXCL)) == (_O_CREAT | _O_EXCL))
        rq->disposition = CREATE_NEW;
    else if ((oflag & (_O_CREAT | _O_TRUNC)) == (_O_CREAT | _O_TRUNC))
        rq->disposition = CREATE_ALWAYS;
    else if (oflag & _O_CREAT)
        rq->disposition = OPEN_ALWAYS;
    else if (oflag & _O_TRUNC)
        rq->disposition = TRUNCATE_EXISTING;
    else
        rq->disposition = OPEN_EXISTING;
    pthread_mutex_lock(&fd_lock);
    pmode &= ~umask_bits;
    pthread_mutex_unlock(&fd_lock);
    /* pmode says only whether the new file may be written, as on Windows. */
    rq->attributes = (oflag & _O_CREAT) && !(pmode & _S_IWRITE) ? FILE_ATTRIBUTE_READONLY
                                                                 : FILE_ATTRIBUTE_NORMAL;
    if (oflag & _O_TEMPORARY) {
        rq->attributes |= FILE_FLAG_DELETE_ON_CLOSE;
        rq->access |= DELETE;
        rq->share |= FILE_SHARE_DELETE;
    }
    rq->sa.nLength = sizeof(rq->sa);
    rq->sa.lpSecurityDescriptor = NULL;
    rq->sa.bInheritHandle = !(oflag & _O_NOINHERIT);
    return true;
}

static int open_narrow(const char *path, int oflag, int shflag, int pmode)
{
    struct open_request rq;
    HANDLE h;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!open_request(oflag, shflag, pmode, &rq))
        return -1;
    sweep_stale();
    h = CreateFileA(path, rq.access, rq.share, &rq.sa, rq.disposition, rq.attributes, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return w32_crt_fail_from_error();
    /*
     * The handle goes once the fd is taken, so that an fclose, which closes
     * the fd behind the table's back, leaves nothing open: the share mode is
     * checked against the opens made before, not against later ones. An
     * _O_TEMPORARY file keeps its handle, whose closing deletes it.
     */
    return fd_from_handle(h, oflag, oflag & _O_TEMPORARY);
}

static int open_wide(const WCHAR *path, int oflag, int shflag, int pmode)
{
    char *narrow;
    int fd;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!(narrow = w32_crt_narrow(path)))
        return -1;
    fd = open_narrow(narrow, oflag, shflag, pmode);
    free(narrow);
    return fd;
}

/* The optional pmode of _open: read only when _O_CREAT asks for it. */
#define PMODE(oflag, last) \
    ({ \
        int pmode_ = 0; \
        if ((oflag) & _O_CREAT) { \
            va_list args_; \
            va_start(args_, last); \
            pmode_ = va_arg(args_, int); \
            va_end(args_); \
        } \
        pmode_; \
    })

int __cdecl _open(const char *path, int oflag, ...)
{
    return open_narrow(path, oflag, _SH_DENYNO, PMODE(oflag, oflag));
}

int __cdecl _wopen(const WCHAR *path, int oflag, ...)
{
    return open_wide(path, oflag, _SH_DENYNO, PMODE(oflag, oflag));
}

int __cdecl _sopen(const char *path, int oflag, int shflag, ...)
{
    return open_narrow(path, oflag, shflag, PMODE(oflag, shflag));
}

errno_t __cdecl _sopen_s(int *pfh, const char *path, int oflag, int shflag, int pmode)
{
    if (!pfh) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *pfh = open_narrow(path, oflag, shflag, pmode);
    return *pfh < 0 ? errno : 0;
}

errno_t __cdecl _wsopen_s(int *pfh, const WCHAR *path, int oflag, int shflag, int pmode)
{
    if (!pfh) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    *pfh = open_wide(path, oflag, shflag, pmode);
    return *pfh < 0 ? errno : 0;
}

int __cdecl _creat(const char *path, int pmode)
{
    return open_narrow(path, _O_CREAT | _O_TRUNC | _O_RDWR, _SH_DENYNO, pmode);
}

int __cdecl _wcreat(const WCHAR *path, int pmode)
{
    return open_wide(path, _O_CREAT | _O_TRUNC | _O_RDWR, _SH_DENYNO, pmode);
}

int __cdecl _pipe(int *pfds, unsigned int psize, int textmode)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, !(textmode & _O_NOINHERIT) };
    HANDLE read_end, write_end;

    if (!pfds || (textmode & ~(TEXT_MODES | _O_NOINHERIT))) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if (!CreatePipe(&read_end, &write_end, &sa, psize))
        return w32_crt_fail_from_error();
    if ((pfds[0] = fd_from_handle(read_end, textmode, false)) < 0) {
        CloseHandle(write_end);
        return -1;
    }
    if ((pfds[1] = fd_from_handle(write_end, textmode, false)) < 0) {
        _close(pfds[0]);
        return -1;
    }
    return 0;
}

/* ---- descriptors and handles ---- */

int __cdecl _close(int fd)
{
    HANDLE h;

    if (!check_fd(fd))
        return -1;
    pthread_mutex_lock(&fd_lock);
    h = drop_if_stale(fd);
    if (h) {
        pthread_mutex_unlock(&fd_lock);
        CloseHandle(h);
        pthread_mutex_lock(&fd_lock);
    }
    h = drop_entry(fd);
    pthread_mutex_unlock(&fd_lock);
    /* The handle's object no longer owns the fd: closing it leaves the fd to close here. */
    if (h)
        CloseHandle(h);
    return close(fd) == 0 ? 0 : -1;
}

/* The standard handle that wraps fd 0, 1 or 2, if the program has not replaced it. */
static HANDLE std_handle_of(int fd)
{
    static const DWORD ids[] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };
    struct w32_object *ref;
    HANDLE h;
    DWORD error = w32_last_error;

    if (fd > 2 || !(h = GetStdHandle(ids[fd])) || h == INVALID_HANDLE_VALUE)
        return NULL;
    if (w32_handle_fd(h, 0, &ref) != fd)
        h = NULL;
    if (ref)
        w32_object_unref(ref);
    w32_set_error(error);
    return h;
}

intptr_t __cdecl _get_osfhandle(int fd)
{
    HANDLE stale, h, made;
    bool close_made = true;

    if (!check_fd(fd))
        return (intptr_t)INVALID_HANDLE_VALUE;
    pthread_mutex_lock(&fd_lock);
    stale = drop_if_stale(fd);
    h = (size_t)fd < nfds ? fds[fd].handle : NULL;
    pthread_mutex_unlock(&fd_lock);
    if (stale)
        CloseHandle(stale);
    if (h)
        return (intptr_t)h;

    /* Made without the lock held (it takes the handle table's); the first one in wins. */
    if ((made = std_handle_of(fd)))
        close_made = false;
    else if (!(made = w32_handle_borrow_fd(fd))) {
        errno = EBADF;
        return (intptr_t)INVALID_HANDLE_VALUE;
    }
    pthread_mutex_lock(&fd_lock);
    h = (size_t)fd < nfds ? fds[fd].handle : NULL;
    if (!h) {
        int mode = (size_t)fd < nfds ? fds[fd].mode : 0;

        if (remember(fd, made, close_made, mode))
            h = made;
    }
    pthread_mutex_unlock(&fd_lock);
    if (h != made && close_made)
        CloseHandle(made);
    if (!h)
        errno = ENOMEM;
    return h ? (intptr_t)h : (intptr_t)INVALID_HANDLE_VALUE;
}

int __cdecl _open_osfhandle(intptr_t osfhandle, int flags)
{
    HANDLE h = (HANDLE)osfhandle;

    if (!h || h == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    sweep_stale();
    return fd_from_handle(h, flags, true);
}

int __cdecl _setmode(int fd, int mode)
{
    HANDLE stale;
    struct fd_entry *e;
    int previous = -1;

    if (!check_fd(fd))
        return -1;
    if (mode != _O_TEXT && mode != _O_BINARY && mode != _O_WTEXT && mode != _O_U16TEXT &&
        mode != _O_U8TEXT) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    pthread_mutex_lock(&fd_lock);
    stale = drop_if_stale(fd);
    e = entry_of(fd);
    if (e && !e->handle && !e->mode)
        remember(fd, NULL, false, 0);
    if (e) {
        previous = e->mode ? e->mode : default_mode;
        e->mode = mode;
    }
    pthread_mutex_unlock(&fd_lock);
    if (stale)
        CloseHandle(stale);
    if (!e)
        errno = ENOMEM;
    return previous;
}

errno_t __cdecl _get_fmode(int *pmode)
{
    if (!pmode) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    pthread_mutex_lock(&fd_lock);
    *pmode = default_mode;
    pthread_mutex_unlock(&fd_lock);
    return 0;
}

errno_t __cdecl _set_fmode(int mode)
{
    if (mode != _O_TEXT && mode != _O_BINARY && mode != _O_WTEXT) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    pthread_mutex_lock(&fd_lock);
    default_mode = mode;
    pthread_mutex_unlock(&fd_lock);
    return 0;
}

/* The text mode of a descriptor made by _dup or _dup2, copied from its source. */
static void copy_mode(int from, int to)
{
    HANDLE stale;

    pthread_mutex_lock(&fd_lock);
    stale = drop_entry(to);
    if ((size_t)from < nfds && fds[from].mode)
        remember(to, NULL, false, fds[from].mode);
    pthread_mutex_unlock(&fd_lock);
    if (stale)
        CloseHandle(stale);
}

int __cdecl _dup(int fd)
{
    int copy;

    if (!check_fd(fd))
        return -1;
    sync_fd(fd);
    if ((copy = fcntl(fd, F_DUPFD, 0)) < 0)
        return -1;
    copy_mode(fd, copy);
    return copy;
}

/* Returns 0 on success, as Microsoft's does (POSIX's dup2 returns fd2). */
int __cdecl _dup2(int fd1, int fd2)
{
    HANDLE stale;

    if (!check_fd(fd1))
        return -1;
    if (fd2 < 0) {
        w32_crt_invalid(EBADF);
        return -1;
    }
    if (fd1 == fd2)
        return 0;
    sync_fd(fd1);
    pthread_mutex_lock(&fd_lock);
    stale = drop_entry(fd2);
    pthread_mutex_unlock(&fd_lock);
    if (stale)
        CloseHandle(stale);
    if (dup2(fd1, fd2) < 0)
        return -1;
    copy_mode(fd1, fd2);
    return 0;
}

/* ---- I/O ---- */

int __cdecl _read(int fd, void *buffer, unsigned int count)
{
    ssize_t n;

    if (!check_fd(fd))
        return -1;
    if (!buffer || count > INT_MAX) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    sync_fd(fd);
    do
        n = read(fd, buffer, count);
    while (n < 0 && errno == EINTR);
    return (int)n;
}

/* A write to a pipe without a reader fails with EPIPE and raises no SIGPIPE. */
int __cdecl _write(int fd, const void *buffer, unsigned int count)
{
    ssize_t n;

    if (!check_fd(fd))
        return -1;
    if (!buffer || count > INT_MAX) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    sync_fd(fd);
    do
        n = w32_write_nosigpipe(fd, buffer, count);
    while (n < 0 && errno == EINTR);
    return (int)n;
}

__int64 __cdecl _lseeki64(int fd, __int64 offset, int origin)
{
    off_t pos;

    if (!check_fd(fd))
        return -1;
    if (origin < SEEK_SET || origin > SEEK_END) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    sync_fd(fd);
    pos = lseek(fd, offset, origin);
    if (pos < 0 && errno == ESPIPE)
        errno = EINVAL;
    return pos;
}

/* A position past 2 GiB does not fit _lseek's 32-bit long on Windows: EINVAL. */
long __cdecl _lseek(int fd, long offset, int origin)
{
    __int64 pos;

    if (offset > INT32_MAX || offset < INT32_MIN) {
        errno = EINVAL;
        return -1;
    }
    pos = _lseeki64(fd, offset, origin);
    if (pos > INT32_MAX) {
        errno = EINVAL;
        return -1;
    }
    return (long)pos;
}

__int64 __cdecl _telli64(int fd)
{
    return _lseeki64(fd, 0, SEEK_CUR);
}

long __cdecl _tell(int fd)
{
    return _lseek(fd, 0, SEEK_CUR);
}

__int64 __cdecl _filelengthi64(int fd)
{
    struct stat st;

    if (!check_fd(fd))
        return -1;
    return fstat(fd, &st) == 0 ? (__int64)st.st_size : -1;
}

/* As _lseek, a length past 2 GiB fails with EINVAL. */
long __cdecl _filelength(int fd)
{
    __int64 len = _filelengthi64(fd);

    if (len > INT32_MAX) {
        errno = EINVAL;
        return -1;
    }
    return (long)len;
}

int __cdecl _eof(int fd)
{
    __int64 pos = _telli64(fd), len;

    if (pos < 0)
        return -1;
    len = _filelengthi64(fd);
    return len < 0 ? -1 : pos >= len;
}

errno_t __cdecl _chsize_s(int fd, __int64 size)
{
    if (!check_fd(fd))
        return EBADF;
    if (size < 0) {
        w32_crt_invalid(EINVAL);
        return EINVAL;
    }
    if (ftruncate(fd, size) == 0)
        return 0;
    /* A descriptor open for reading only: Windows says EACCES. */
    if (errno == EINVAL || errno == EBADF)
        errno = (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY ? EACCES : errno;
    return errno;
}

int __cdecl _chsize(int fd, long size)
{
    return _chsize_s(fd, size) == 0 ? 0 : -1;
}

int __cdecl _commit(int fd)
{
    if (!check_fd(fd))
        return -1;
    if (fsync(fd) == 0)
        return 0;
    if (errno == EINVAL || errno == EROFS)
        errno = EBADF;
    return -1;
}

/* Any character device counts, as with Microsoft's: NUL too, not only terminals. */
int __cdecl _isatty(int fd)
{
    struct stat st;

    if (!check_fd(fd))
        return 0;
    return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) ? 64 : 0;
}

int __cdecl _umask(int pmode)
{
    int previous;

    pthread_mutex_lock(&fd_lock);
    previous = umask_bits;
    umask_bits = pmode & (_S_IREAD | _S_IWRITE);
    pthread_mutex_unlock(&fd_lock);
    return previous;
}

/* ---- paths ---- */

/* _access's mode: 0 exists, 2 write, 4 read, 6 both; a directory passes any. */
static int access_narrow(const char *path, int mode)
{
    DWORD attrs;

    if (!path || (mode & ~6)) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if ((attrs = GetFileAttributesA(path)) == INVALID_FILE_ATTRIBUTES)
        return w32_crt_fail_from_error();
    if ((mode & 2) && (attrs & FILE_ATTRIBUTE_READONLY) && !(attrs & FILE_ATTRIBUTE_DIRECTORY)) {
        errno = EACCES;
        return -1;
    }
    return 0;
}

int __cdecl _access(const char *path, int mode)
{
    return access_narrow(path, mode);
}

/* fn, taking a narrow path and an int, on a wide path. */
static int on_wide_with(int (*fn)(const char *, int), const WCHAR *path, int arg)
{
    char *narrow = path ? w32_crt_narrow(path) : NULL;
    int result = path && !narrow ? -1 : fn(narrow, arg);

    free(narrow);
    return result;
}

int __cdecl _waccess(const WCHAR *path, int mode)
{
    return on_wide_with(access_narrow, path, mode);
}

errno_t __cdecl _access_s(const char *path, int mode)
{
    return _access(path, mode) == 0 ? 0 : errno;
}

errno_t __cdecl _waccess_s(const WCHAR *path, int mode)
{
    return _waccess(path, mode) == 0 ? 0 : errno;
}

/* Only _S_IWRITE means something: without it the file becomes read-only. */
static int chmod_narrow(const char *path, int mode)
{
    DWORD attrs;

    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    if ((attrs = GetFileAttributesA(path)) == INVALID_FILE_ATTRIBUTES)
        return w32_crt_fail_from_error();
    attrs = (mode & _S_IWRITE) ? attrs & ~FILE_ATTRIBUTE_READONLY
                               : attrs | FILE_ATTRIBUTE_READONLY;
    return SetFileAttributesA(path, attrs) ? 0 : w32_crt_fail_from_error();
}

int __cdecl _chmod(const char *path, int mode)
{
    return chmod_narrow(path, mode);
}

int __cdecl _wchmod(const WCHAR *path, int mode)
{
    return on_wide_with(chmod_narrow, path, mode);
}

static int unlink_narrow(const char *path)
{
    if (!path) {
        w32_crt_invalid(EINVAL);
        return -1;
    }
    return DeleteFileA(path) ? 0 : w32_crt_fail_from_error();
}

int __cdecl _unlink(const char *path)
{
    return unlink_narrow(path);
}

int __cdecl _wunlink(const WCHAR *path)
{
    return w32_crt_on_wide(unlink_narrow, path);
}

/* fork (fork.h): the fd lock is held across a fork. */
void w32_crt_fd_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&fd_lock, phase);
}
