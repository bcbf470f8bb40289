/*
 * The per-user namespace of shared objects: files, their liveness locks, and
 * waking across processes. doc/design.md tells the protocol; in short, byte 0
 * of a file is read-locked by every process holding the object, byte 1 guards
 * creation and removal.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "futex.h"
#include "shared.h"
#include "cmdline.h"
#include "error.h"
#include "fork.h"

#define MAGIC 0x53323357u           /* "W32S" */
#define FORMAT_VERSION 1
#define HOLDERS_BYTE 0
#define GUARD_BYTE 1
#define MAX_PROBES 8                /* files tried for one key: hash collisions */
#define MAX_RETRIES 10000           /* races with other processes before giving up */
#define SESSION 1                   /* the session every w32shim process runs in */

struct file_header {
    uint32_t magic;
    uint16_t version;
    uint16_t kind;
    atomic_uint ready;              /* set once the block is initialised */
    uint32_t key_len;
    uint64_t block_size;
    char pad[40];
    /* The block (64-byte aligned), then the key. */
};

_Static_assert(sizeof(struct file_header) == 64, "the block starts on its own cache line");

/*
 * Serialises setting up the namespace directory (tried again after a
 * failure). No fd stays open for it: only held objects keep fds.
 */
static pthread_mutex_t dir_lock = PTHREAD_MUTEX_INITIALIZER;
static char dir_path[PATH_MAX];     /* set once, under dir_lock */
static atomic_bool dir_ready;

/* Every mapped object, which a forked child takes a hold of its own on (a leaf). */
static pthread_mutex_t mapped_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_shared *mapped;

/* ---- the directory ---- */

/* Whether fd is a directory only its owner, this user, may use. */
static bool owned_privately(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
           (st.st_mode & 077) == 0;
}

/* An fd of path, made a directory of this user's alone if missing; or -1. */
static int open_private_dir(const char *path)
{
    int fd;

    if (mkdir(path, 0700) != 0 && errno != EEXIST)
        return -1;
    fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && !owned_privately(fd)) {
        close(fd);
        errno = EACCES;
        return -1;
    }
    return fd;
}

static void sweep(int fd);

/* Opens one of the candidate directories; its path goes to dir_path. dir_lock held. */
static int open_candidate(const char *runtime)
{
    int fd = -1;

    if (runtime[0] && snprintf(dir_path, sizeof(dir_path), "%s/w32shim", runtime) <
                          (int)sizeof(dir_path))
        fd = open_private_dir(dir_path);
    /* Memory, as Windows keeps named objects; a disk's /tmp only without /dev/shm. */
    for (int i = 0; fd < 0 && i < 2; i++) {
        snprintf(dir_path, sizeof(dir_path), "%s/w32shim-%u", i ? "/tmp" : "/dev/shm",
                 (unsigned)getuid());
        fd = open_private_dir(dir_path);
    }
    return fd;
}

/*
 * An fd of the namespace directory, for the caller to close; set up (and
 * swept of stale objects) on the process's first use. -1 with the error set.
 */
static int namespace_dir(void)
{
    char runtime[PATH_MAX] = "";
    const char *env;
    int fd;

    if (atomic_load_explicit(&dir_ready, memory_order_acquire)) {
        fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            w32_set_error(w32_error_from_errno(errno));
        return fd;
    }
    w32_env_lock();
    env = getenv("XDG_RUNTIME_DIR");
    if (env && *env == '/')
        snprintf(runtime, sizeof(runtime), "%s", env);
    w32_env_unlock();
    pthread_mutex_lock(&dir_lock);
    if (atomic_load_explicit(&dir_ready, memory_order_relaxed)) {
        fd = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    } else {
        fd = open_candidate(runtime);
        if (fd >= 0) {
            sweep(fd);
            atomic_store_explicit(&dir_ready, true, memory_order_release);
        }
    }
    pthread_mutex_unlock(&dir_lock);
    if (fd < 0)
        w32_set_error(errno == EACCES || errno == EPERM ? ERROR_ACCESS_DENIED
                                                        : w32_error_from_errno(errno));
    return fd;
}

int w32_shared_dir(void)
{
    return namespace_dir();
}

/* ---- liveness locks ---- */

static int set_lock(int fd, short type, off_t byte, bool wait)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };
    int rc;

    do
        rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
    while (rc != 0 && errno == EINTR);
    return rc;
}

/* Whether any open file description (another process's) read-locks byte 0. */
static bool has_holders(int fd)
{
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = HOLDERS_BYTE,
                        .l_len = 1 };

    return fcntl(fd, F_OFD_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
}

/* Removes the file name at fd if it still names fd's file; byte 1 write-locked. */
static void unlink_if_same(int dir, const char *name, int fd)
{
    struct stat a, b;

    if (fstatat(dir, name, &a, AT_SYMLINK_NOFOLLOW) == 0 && fstat(fd, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        unlinkat(dir, name, 0);
}

/*
 * Removes name if nobody holds it (a process died holding it, or died while
 * creating it). Returns true if it was removed, or was gone already.
 */
static bool remove_if_stale(int dir, const char *name, int fd)
{
    struct stat st;
    bool stale;

    if (set_lock(fd, F_WRLCK, GUARD_BYTE, true) != 0)
        return false;
    stale = fstat(fd, &st) == 0 && (st.st_nlink == 0 || !has_holders(fd));
    if (stale && st.st_nlink)
        unlink_if_same(dir, name, fd);
    set_lock(fd, F_UNLCK, GUARD_BYTE, false);
    return stale;
}

/* Removes every file of the directory that nobody holds; never waits. */
static void sweep(int dir)
{
    int fd = dup(dir);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;

    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    while ((e = readdir(d))) {
        int pid;
        if (e->d_name[0] == '.')
            continue;
        /* An object being made: its maker's own until it links it in, or dies. */
        if (sscanf(e->d_name, "t%d.", &pid) == 1) {
            if (kill(pid, 0) != 0 && errno == ESRCH)
                unlinkat(dir, e->d_name, 0);
            continue;
        }
        int f = openat(dir, e->d_name, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (f < 0)
            continue;
        if (set_lock(f, F_WRLCK, GUARD_BYTE, false) == 0) {
            if (!has_holders(f))
                unlink_if_same(dir, e->d_name, f);
        }
        close(f);
    }
    closedir(d);
}

void w32_shared_sweep(void)
{
    DWORD saved = GetLastError();
    int dir = w32_shared_dir();

    if (dir >= 0) {
        sweep(dir);
        close(dir);
    }
    SetLastError(saved);
}

/* ---- keys and file names ---- */

/*
 * The namespace a name's prefix selects, and the rest of it: "Local\" and
 * "Session\1\" (this session) select the session namespace, as no prefix
 * does; "Global\" the global namespace; "Session\N\" session N's. Errors as
 * Windows gives them: another backslash names a directory that does not
 * exist, an empty name is invalid, a bare directory name is another type.
 */
DWORD w32_shared_key(const char *name, char **key)
{
    static const char local[] = "Local\\", global[] = "Global\\", session[] = "Session\\";
    unsigned long space = SESSION;
    bool global_ns = false, prefixed = false;
    const char *rest = name;
    size_t len;

    *key = NULL;
    if (strncmp(rest, local, sizeof(local) - 1) == 0) {
        rest += sizeof(local) - 1;
        prefixed = true;
    } else if (strncmp(rest, global, sizeof(global) - 1) == 0) {
        rest += sizeof(global) - 1;
        global_ns = prefixed = true;
    } else if (strncmp(rest, session, sizeof(session) - 1) == 0 &&
               rest[sizeof(session) - 1] >= '0' && rest[sizeof(session) - 1] <= '9') {
        char *end;
        space = strtoul(rest + sizeof(session) - 1, &end, 10);
        if (*end != '\\')
            return ERROR_PATH_NOT_FOUND;
        rest = end + 1;
        prefixed = true;
    }
    if (strchr(rest, '\\'))
        return ERROR_PATH_NOT_FOUND;
    if (*rest == '\0')
        return ERROR_INVALID_NAME;
    if (!prefixed && (strcmp(rest, "Local") == 0 || strcmp(rest, "Global") == 0 ||
                      strcmp(rest, "Session") == 0))
        return ERROR_INVALID_HANDLE;
    len = strlen(rest);
    *key = malloc(len + 24);
    if (!*key)
        return ERROR_NOT_ENOUGH_MEMORY;
    if (global_ns)
        snprintf(*key, len + 24, "g\\%s", rest);
    else
        snprintf(*key, len + 24, "s%lu\\%s", space, rest);
    return ERROR_SUCCESS;
}

static uint64_t hash_key(const char *key)
{
    uint64_t h = 0xcbf29ce484222325u;

    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 0x100000001b3u;
    return h;
}

static size_t block_offset(void)
{
    return sizeof(struct file_header);
}

static size_t file_size(size_t block_size, size_t key_len)
{
    return block_offset() + ((block_size + 63) & ~(size_t)63) + key_len;
}

/* ---- creating and opening ---- */

static struct w32_shared *map_file(int fd, const char *name, unsigned kind, size_t size)
{
    struct w32_shared *s = malloc(sizeof(*s));
    void *map = s ? mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : MAP_FAILED;

    if (map == MAP_FAILED) {
        free(s);
        return NULL;
    }
    s->fd = fd;
    s->pid = getpid();
    s->fork_fd = -1;
    snprintf(s->name, sizeof(s->name), "%s", name);
    s->kind = kind;
    s->map = map;
    s->map_size = size;
    s->block = (char *)map + block_offset();
    s->sync = s->block;
    pthread_mutex_lock(&mapped_lock);
    s->prev = NULL;
    s->next = mapped;
    if (mapped)
        mapped->prev = s;
    mapped = s;
    pthread_mutex_unlock(&mapped_lock);
    return s;
}

static void unmap(struct w32_shared *s)
{
    pthread_mutex_lock(&mapped_lock);
    if (s->prev)
        s->prev->next = s->next;
    else
        mapped = s->next;
    if (s->next)
        s->next->prev = s->prev;
    pthread_mutex_unlock(&mapped_lock);
    munmap(s->map, s->map_size);
    free(s);
}

/*
 * Creates name at dir; NULL with errno (EEXIST: someone else was first). The
 * object is made complete, its creator holding it, under a temporary name,
 * and appears under its own with one link(2): an opener never meets it half
 * made.
 */
static struct w32_shared *create_file(int dir, const char *name, const char *key,
                                      unsigned kind, size_t block_size,
                                      void (*init)(void *block, void *arg), void *arg)
{
    static atomic_uint serial;
    size_t key_len = strlen(key), size = file_size(block_size, key_len);
    struct w32_shared *s = NULL;
    struct file_header *h;
    char tmp[48];
    int fd, err;

    snprintf(tmp, sizeof(tmp), "t%d.%u", (int)getpid(), atomic_fetch_add(&serial, 1));
    fd = openat(dir, tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return NULL;
    err = posix_fallocate(fd, 0, (off_t)size);
    if (err == 0 && !(s = map_file(fd, name, kind, size)))
        err = errno;
    if (err == 0) {
        h = s->map;
        h->magic = MAGIC;
        h->version = FORMAT_VERSION;
        h->kind = (uint16_t)kind;
        h->key_len = (uint32_t)key_len;
        h->block_size = block_size;
        memcpy((char *)s->map + size - key_len, key, key_len);
        if (init)
            init(s->block, arg);
        atomic_store_explicit(&h->ready, 1, memory_order_release);
        set_lock(fd, F_RDLCK, HOLDERS_BYTE, false);
        if (linkat(dir, tmp, dir, name, 0) != 0)
            err = errno;
    }
    unlinkat(dir, tmp, 0);
    if (err != 0) {
        if (s)
            unmap(s);
        close(fd);
        errno = err;
        return NULL;
    }
    return s;
}

/* Whether the file behind s holds key, intact. */
static bool holds_key(struct w32_shared *s, const char *key)
{
    struct file_header *h = s->map;
    size_t key_len = strlen(key);

    return h->magic == MAGIC && h->version == FORMAT_VERSION &&
           atomic_load_explicit(&h->ready, memory_order_acquire) && h->key_len == key_len &&
           s->map_size == file_size(h->block_size, key_len) &&
           memcmp((char *)s->map + s->map_size - key_len, key, key_len) == 0;
}

enum open_result { OPENED, RETRY, OTHER_KEY, FAILED };

/*
 * Opens the existing file fd (name at dir) as key's object. RETRY if it went
 * away or was stale (it is then removed), OTHER_KEY if it holds another key.
 */
static enum open_result open_existing(int dir, const char *name, int fd, const char *key,
                                      struct w32_shared **out)
{
    struct w32_shared *s;
    struct stat st;

    if (set_lock(fd, F_RDLCK, GUARD_BYTE, true) != 0)
        return FAILED;
    if (fstat(fd, &st) != 0 || st.st_nlink == 0) {
        set_lock(fd, F_UNLCK, GUARD_BYTE, false);
        return st.st_nlink == 0 ? RETRY : FAILED;
    }
    /* Nobody holds it: its processes died. */
    if (!has_holders(fd) || (size_t)st.st_size < block_offset()) {
        set_lock(fd, F_UNLCK, GUARD_BYTE, false);
        return remove_if_stale(dir, name, fd) ? RETRY : FAILED;
    }
    s = map_file(fd, name, 0, (size_t)st.st_size);
    if (!s) {
        set_lock(fd, F_UNLCK, GUARD_BYTE, false);
        return FAILED;
    }
    if (!holds_key(s, key)) {
        struct file_header *h = s->map;
        bool ours = h->magic == MAGIC && h->version == FORMAT_VERSION &&
                    atomic_load_explicit(&h->ready, memory_order_acquire);
        set_lock(fd, F_UNLCK, GUARD_BYTE, false);
        unmap(s);
        return ours ? OTHER_KEY : FAILED;
    }
    s->kind = ((struct file_header *)s->map)->kind;
    set_lock(fd, F_RDLCK, HOLDERS_BYTE, false);
    set_lock(fd, F_UNLCK, GUARD_BYTE, false);
    *out = s;
    return OPENED;
}

static struct w32_shared *open_in(int dir, const char *key, unsigned kind, size_t block_size,
                                  bool create, void (*init)(void *block, void *arg),
                                  void *arg, bool *created)
{
    uint64_t hash = hash_key(key);

    /* Every retry means another process made or removed the name meanwhile. */
    for (int probe = 0, tries = 0; probe < MAX_PROBES && tries < MAX_RETRIES; tries++) {
        char name[40];
        struct w32_shared *s = NULL;
        int fd;

        /* Process records apart, so that a listing tells them from named objects. */
        snprintf(name, sizeof(name), "%c%016llx.%d", kind == W32_SHARED_PROCESS ? 'p' : 'o',
                 (unsigned long long)hash, probe);
        fd = openat(dir, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT) {
            if (!create) {
                w32_set_error(ERROR_FILE_NOT_FOUND);
                return NULL;
            }
            s = create_file(dir, name, key, kind, block_size, init, arg);
            if (s) {
                *created = true;
                return s;
            }
            if (errno == EEXIST || errno == ENOENT)
                continue;       /* another was first, or the name went meanwhile */
            w32_set_error(errno == ENOSPC || errno == EDQUOT ? ERROR_NO_SYSTEM_RESOURCES
                                                            : w32_error_from_errno(errno));
            return NULL;
        }
        if (fd < 0) {
            w32_set_error(w32_error_from_errno(errno));
            return NULL;
        }
        switch (open_existing(dir, name, fd, key, &s)) {
        case OPENED:
            if (s->kind != kind) {
                w32_shared_release(s);
                w32_shared_unmap(s);
                w32_set_error(ERROR_INVALID_HANDLE);
                return NULL;
            }
            *created = false;
            return s;
        case RETRY:
            close(fd);
            continue;
        case OTHER_KEY:
            close(fd);
            probe++;
            continue;
        case FAILED:
            close(fd);
            w32_set_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
    }
    w32_set_error(ERROR_NO_SYSTEM_RESOURCES);
    return NULL;
}

struct w32_shared *w32_shared_open(const char *key, unsigned kind, size_t block_size,
                                   bool create, void (*init)(void *block, void *arg),
                                   void *arg, bool *created)
{
    int dir = namespace_dir();
    struct w32_shared *s;

    if (dir < 0)
        return NULL;
    s = open_in(dir, key, kind, block_size, create, init, arg, created);
    close(dir);
    return s;
}

/* ---- passing to a child ---- */

int w32_shared_open_for_child(struct w32_shared *s)
{
    char path[40];
    int fd;

    /* A new open file description: its locks are the child's, not ours. */
    snprintf(path, sizeof(path), "/proc/self/fd/%d", s->fd);
    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (set_lock(fd, F_RDLCK, HOLDERS_BYTE, false) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int w32_shared_open_file(const char *name)
{
    int dir = namespace_dir(), fd;
    struct stat st;

    if (dir < 0)
        return -1;
    fd = openat(dir, name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    close(dir);
    if (fd < 0)
        return -1;
    /* As an opener: held, and not removed meanwhile, or not taken. */
    if (set_lock(fd, F_RDLCK, GUARD_BYTE, true) != 0) {
        close(fd);
        return -1;
    }
    if (fstat(fd, &st) != 0 || st.st_nlink == 0 || !S_ISREG(st.st_mode) || !has_holders(fd) ||
        set_lock(fd, F_RDLCK, HOLDERS_BYTE, false) != 0) {
        set_lock(fd, F_UNLCK, GUARD_BYTE, false);
        close(fd);
        return -1;
    }
    set_lock(fd, F_UNLCK, GUARD_BYTE, false);
    return fd;
}

struct w32_shared *w32_shared_adopt(int fd, const char *name, unsigned kind, char **key)
{
    struct w32_shared *s;
    struct file_header *h;
    struct stat st;
    int dir = namespace_dir();      /* where the name goes with the last holder */

    if (dir >= 0)
        close(dir);
    if (name[0] != 'o' || strlen(name) >= sizeof(s->name) || fstat(fd, &st) != 0 ||
        !S_ISREG(st.st_mode) || (size_t)st.st_size < block_offset() ||
        !(s = map_file(fd, name, kind, (size_t)st.st_size)))
        return NULL;
    h = s->map;
    if (h->magic != MAGIC || h->version != FORMAT_VERSION || h->kind != kind ||
        !atomic_load_explicit(&h->ready, memory_order_acquire) ||
        s->map_size != file_size(h->block_size, h->key_len) ||
        !(*key = strndup((char *)s->map + s->map_size - h->key_len, h->key_len))) {
        unmap(s);
        return NULL;
    }
    return s;
}

/* ---- letting go ---- */

/* Closes s's fd under the list's lock, so that a fork's prepare handler,
 * which opens each mapped object's file through its fd, never opens
 * another file that took the fd number meanwhile. */
static void close_fd(struct w32_shared *s)
{
    pthread_mutex_lock(&mapped_lock);
    close(s->fd);
    s->fd = -1;
    pthread_mutex_unlock(&mapped_lock);
}

/*
 * Every lock is let go explicitly: the mapping keeps the open file
 * description, and with it its locks, alive after the fd is closed.
 */
void w32_shared_release(struct w32_shared *s)
{
    if (s->fd < 0)
        return;
    /* A forked child that could not take a hold of its own
     * (w32_shared_holders_fork) shares its parent's: it lets go of nothing
     * but its fd. */
    if (s->pid != getpid()) {
        close_fd(s);
        return;
    }
    set_lock(s->fd, F_UNLCK, HOLDERS_BYTE, false);
    /* The last holder of all takes the name with it. */
    if (set_lock(s->fd, F_WRLCK, GUARD_BYTE, true) == 0) {
        if (!has_holders(s->fd)) {
            int dir = open(dir_path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (dir >= 0) {
                unlink_if_same(dir, s->name, s->fd);
                close(dir);
            }
        }
        set_lock(s->fd, F_UNLCK, GUARD_BYTE, false);
    }
    close_fd(s);
}

void w32_shared_unmap(struct w32_shared *s)
{
    if (s->fd >= 0)
        close_fd(s);
    unmap(s);
}

/* ---- waking ---- */

void w32_shared_wake(struct w32_shared_sync *sync)
{
    atomic_fetch_add_explicit(&sync->seq, 1, memory_order_seq_cst);
    w32_futex_wake_shared(&sync->seq);
}

/* fork (fork.h): the dir lock is held across a fork. */
void w32_shared_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&dir_lock, phase);
}

/*
 * fork (fork.h): a forked child holds each object through its parent's open
 * file description, whose lock is the parent's hold. Letting go of it there
 * would drop the parent's, and with it the name while the parent still uses
 * the object. So the child gets a hold of its own, on an open file
 * description of its own, made before the fork (made after it, the parent
 * could let go of its own first, and the name would go with it).
 */
void w32_shared_holders_fork(enum w32_fork_phase phase)
{
    pid_t self = phase == W32_FORK_CHILD ? getpid() : 0;

    if (phase == W32_FORK_RESUME)
        return;
    if (phase == W32_FORK_PREPARE)
        pthread_mutex_lock(&mapped_lock);
    for (struct w32_shared *s = mapped; s; s = s->next) {
        if (phase == W32_FORK_PREPARE) {
            s->fork_fd = s->fd >= 0 ? w32_shared_open_for_child(s) : -1;
        } else if (s->fork_fd >= 0) {
            /* The parent's copy goes; the child's replaces the parent's hold. */
            close(phase == W32_FORK_PARENT ? s->fork_fd : s->fd);
            if (phase == W32_FORK_CHILD) {
                s->fd = s->fork_fd;
                s->pid = self;
            }
            s->fork_fd = -1;
        }
    }
    if (phase != W32_FORK_PREPARE)
        pthread_mutex_unlock(&mapped_lock);
}
