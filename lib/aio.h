/*
 * Overlapped I/O: requests, their completion, and the engine that finishes
 * the ones that must wait (doc/design.md, "Asynchronous I/O").
 *
 * Lock order: a file's I/O lock (struct w32_file_async.lock) comes before the
 * thread back end's lock; neither is held while a completion is delivered.
 */
#ifndef W32_AIO_H
#define W32_AIO_H

#include <stdatomic.h>
#include "file.h"
#include "iocp.h"
#include "lock.h"

struct w32_port;

/* W32_IO_CONTROL: done in its call (w32_aio_finished), never by the engine.
 * W32_IO_NOTIFY: a directory's changes (change.c), on any kind of file. */
enum w32_io_op { W32_IO_READ, W32_IO_WRITE, W32_IO_CONNECT, W32_IO_CONTROL, W32_IO_NOTIFY };

/* One overlapped transfer, from its call to its completion's delivery. */
struct w32_io {
    struct w32_io *prev, *next;         /* the file's pending requests; its I/O lock */
    atomic_uint state;                  /* aio.c's states */
    enum w32_io_op op;
    struct w32_file *file;              /* not referenced: the file's close waits for us */
    LPOVERLAPPED ov;
    char *buf;
    DWORD len;
    DWORD done;                         /* bytes moved so far */
    LONGLONG offset;                    /* disk files: where; else -1 */
    struct w32_object *event;           /* referenced, or NULL */
    struct w32_thread *thread;          /* the issuing thread, referenced */
    LPOVERLAPPED_COMPLETION_ROUTINE routine;
    struct w32_port *port;              /* a user held, or NULL */
    ULONG_PTR key;
    bool at_once;                       /* completed within the call that issued it */
    bool linked;                        /* on the file's list (the engine has it) */
    /* The engine's: what readiness a pipe request waits for, on which fd. */
    int poll_fd;
    short poll_events;
    struct w32_io *engine_next;         /* the thread back end's queues */
    bool poll_ready;                    /* the thread back end's poll thread only */
    struct w32_io *ring_prev, *ring_next;   /* in the ring: the io_uring engine's list */
    bool cancel_sent;                   /* the io_uring engine's */
    bool watchable;                     /* its port's waiters may watch it (iocp.h) */
};

/* The overlapped state of a file object: its pending requests and its port. */
struct w32_file_async {
    w32_lock_t lock;                    /* guards pending; a leaf but for the engine's */
    struct w32_io *pending;
    atomic_uint inflight;               /* requests not yet delivered, and whether
                                           the close waits (aio.c); futex word */
    atomic_uint signaled;               /* the file object's waitable state */
    _Atomic(struct w32_port *) port;    /* set once; a user held */
    ULONG_PTR key;                      /* written before port */
    atomic_uint modes;                  /* FILE_SKIP_* */
    struct w32_port_watch watch;        /* its place in the port's watch */
};

/*
 * Kinds whose transfers wait for readiness (pipes, sockets) try them with
 * this: one attempt that does not wait. It returns the result with io->done
 * advanced, or ERROR_IO_PENDING with io->poll_fd and io->poll_events set to
 * the readiness to wait for. Kinds without it (disk files) transfer at the
 * request's offset through the engine.
 */
typedef DWORD (*w32_try_io_fn)(struct w32_file *file, struct w32_io *io);

/* Associates the file behind h with port (a user taken for it). */
DWORD w32_aio_associate(HANDLE h, struct w32_port *port, ULONG_PTR key);

/* The file's async state, made on first use; NULL out of memory. */
struct w32_file_async *w32_aio_state(struct w32_file *file);

/* The file's last reference went: cancel its requests, wait for their delivery. */
void w32_aio_file_close(struct w32_file *file);

/*
 * Issues an overlapped transfer on file (referenced by the caller for the
 * call): returns ERROR_SUCCESS or the transfer's error if it finished at
 * once, ERROR_IO_PENDING if it goes on, or an error with nothing issued.
 */
DWORD w32_aio_submit(struct w32_file *file, enum w32_io_op op, void *buf, DWORD len,
                     LPOVERLAPPED ov, LPOVERLAPPED_COMPLETION_ROUTINE routine,
                     DWORD *done);

/*
 * Delivers, as an overlapped request that finished within its call, an
 * operation the caller did at once (DeviceIoControl): the OVERLAPPED's status
 * and bytes, its event, the file object, the port's packet. Returns error.
 */
DWORD w32_aio_finished(struct w32_file *file, LPOVERLAPPED ov, DWORD done, DWORD error);

/* For the port that watches requests (iocp.c): whether io was cancelled;
 * io is ready, try it (the port's poller); io goes to the engine instead. */
bool w32_aio_cancelled(const struct w32_io *io);
void w32_aio_port_ready(struct w32_io *io);
void w32_aio_to_engine(struct w32_io *io);

/*
 * file's fd is about to name another open file description (a pipe
 * instance's disconnect swaps its socket): a request its port watches would
 * lose its readiness with the old one, so it is tried again now, after the
 * kind changed its state, and goes to the engine if it still waits.
 */
void w32_aio_retry_watched(struct w32_file *file);
/* The kind gave the file's fd another open file description (dup3): a
 * port's watch adds it to its set again. Call after the dup3. */
void w32_aio_fd_replaced(struct w32_file *file);

/* Whether the file object is signalled (no overlapped I/O: always). */
bool w32_aio_signaled(struct w32_file *file);

#endif
