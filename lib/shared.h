/*
 * Objects shared between processes: one file per named object in the user's
 * namespace directory, mapped by every process that holds the object, kept
 * alive by open-file-description locks (doc/design.md).
 */
#ifndef W32_SHARED_H
#define W32_SHARED_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <windows.h>

/* The kinds of shared object, as their files record them. */
enum {
    W32_SHARED_EVENT = 1,
    W32_SHARED_MUTEX,
    W32_SHARED_SEMAPHORE,
    W32_SHARED_TIMER,
    W32_SHARED_MAPPING,
    W32_SHARED_PROCESS,         /* a process's record (xproc.h): files named p..., not o... */
    W32_SHARED_PIPE,            /* the clients a named pipe's instances disconnected (namedpipe.c) */
    W32_SHARED_JOB_NAME,        /* a job's name, held by its process (object.h's name_kind) */
};

/* The start of every shared block: how waiters in any process are woken. */
struct w32_shared_sync {
    atomic_uint seq;            /* a shared futex word: moves when a waiter may be satisfied */
    atomic_uint sleepers;       /* waiters that may be asleep on seq */
};

/* A shared object as this process holds it: its file, lock and mapping. */
struct w32_shared {
    int fd;                     /* -1 once released */
    pid_t pid;                  /* the process whose hold fd's open file description is */
    int fork_fd;                /* across a fork: the child's hold, made before it */
    struct w32_shared *prev, *next;     /* every mapped one, for a forked child */
    char name[24];              /* its file's name in the namespace directory */
    unsigned kind;
    void *map;
    size_t map_size;
    void *block;                /* the type's block, in the mapping */
    struct w32_shared_sync *sync;   /* the start of block */
};

/*
 * Opens the shared object of kind named key (a namespace-qualified key, see
 * w32_shared_key), or creates it with a block of block_size bytes (zeroed,
 * then init(block, arg) before any other process can see it) if create is
 * set. *created tells which. NULL with the last error set: ERROR_FILE_NOT_FOUND
 * (no such name and !create), ERROR_INVALID_HANDLE (the name holds another
 * kind of object), ERROR_ACCESS_DENIED (the namespace directory is not the
 * user's own), ERROR_NO_SYSTEM_RESOURCES (no room), ...
 */
struct w32_shared *w32_shared_open(const char *key, unsigned kind, size_t block_size,
                                   bool create, void (*init)(void *block, void *arg),
                                   void *arg, bool *created);

/*
 * The process lets the name go (its last handle closed): the name goes with
 * the last holder in every process. The mapping stays until w32_shared_unmap.
 */
void w32_shared_release(struct w32_shared *s);

/* Unmaps what w32_shared_release left, and frees s. */
void w32_shared_unmap(struct w32_shared *s);

/*
 * The key of a kernel object name in the shared namespace, malloc'd, or the
 * error Windows gives for the name: "Local\", "Session\1\" and no prefix name
 * the session namespace, "Global\" the global one, "Session\N\" session N's.
 */
DWORD w32_shared_key(const char *name, char **key);

/*
 * For a child that inherits s: an fd of s's file on a new open file
 * description that holds it (a read lock on its holders byte), close-on-exec;
 * -1 with errno on failure.
 */
int w32_shared_open_for_child(struct w32_shared *s);
/* The same, for the file called name in the namespace directory, held by
 * another process (DuplicateHandle from it); -1 if it is gone. */
int w32_shared_open_file(const char *name);

/*
 * The child's side: the shared object of kind behind fd (from its parent's
 * w32_shared_open_for_child), its file called name (the parent's s->name) in
 * the namespace directory. fd becomes the returned object's; *key (malloc'd)
 * is its key. NULL if fd is not such an object (fd left open).
 */
struct w32_shared *w32_shared_adopt(int fd, const char *name, unsigned kind, char **key);

/* The key prefix of an unnamed object made shared so that a child can inherit
 * it: no Win32 name maps to it (w32_shared_key). */
#define W32_SHARED_ANON_PREFIX "a\\"

/*
 * An fd of the user's namespace directory (set up and swept of stale objects
 * on the process's first use), for the caller to close; -1 with the error set.
 */
int w32_shared_dir(void);

/* Removes the namespace directory's files nobody holds (the last error is kept). */
void w32_shared_sweep(void);

/* Moves sync's seq and wakes every process's waiters asleep on it. */
void w32_shared_wake(struct w32_shared_sync *sync);

/* A shared block's state changed in a way that may satisfy a waiter: wake them. */
static inline void w32_shared_changed(struct w32_shared_sync *sync)
{
    if (atomic_load_explicit(&sync->sleepers, memory_order_seq_cst))
        w32_shared_wake(sync);
}

#endif
