/*
 * Overlapped I/O: issuing a request, completing it, cancelling it, and the
 * engine that finishes requests that must wait (doc/design.md has the
 * design). The engine starts with the first request that must wait; a
 * program that never issues one pays nothing for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include <winternl.h>
#include "aio.h"
#include "apc.h"
#include "change.h"
#include "cmdline.h"
#include "error.h"
#include "handle.h"
#include "iocp.h"
#include "rcu.h"
#include "spawn_hidden.h"
#include "thread.h"
#include "wait.h"
#include "fork.h"

/*
 * A request's state: pending until the party that owns its transfer (the
 * issuing call, or the engine) finishes it; CancelIoEx and the close may
 * move it to cancelled, which tells that party to stop.
 */
enum { IO_PENDING, IO_CANCELLED, IO_DONE };

/* In a file's inflight count: its close waits for the count to reach 0. */
#define CLOSE_WAITS 0x80000000u

#define RING_ENTRIES 1024
#define DISK_WORKERS 4

/* ---- delivery ---- */

/* A completion routine queued to the issuing thread as an APC. */
struct io_apc {
    struct w32_apc apc;                 /* first: w32_apc_run_pending frees it */
    LPOVERLAPPED_COMPLETION_ROUTINE routine;
    DWORD error, bytes;
    LPOVERLAPPED ov;
};

static void call_routine(struct w32_apc *apc)
{
    struct io_apc *a = (struct io_apc *)apc;

    a->routine(a->error, a->bytes, a->ov);
}

static void queue_routine(struct w32_io *io, DWORD error)
{
    struct io_apc *a = calloc(1, sizeof(*a));

    /* Out of memory, the routine is lost, as an APC the kernel could not queue. */
    if (!a)
        return;
    a->apc.call = call_routine;
    a->routine = io->routine;
    a->error = error;
    a->bytes = io->done;
    a->ov = io->ov;
    if (!w32_apc_queue(io->thread, &a->apc))
        free(a);
}

static void signal_event(struct w32_object *event)
{
    w32_object_lock(event);
    event->type->signal(event, NULL);
    w32_object_unlock(event);
}

static void unlink_io(struct w32_file_async *as, struct w32_io *io)
{
    if (io->prev)
        io->prev->next = io->next;
    else
        as->pending = io->next;
    if (io->next)
        io->next->prev = io->prev;
}

static bool skips_port(const struct w32_io *io, DWORD error, unsigned modes)
{
    return io->at_once && error == ERROR_SUCCESS &&
           (modes & FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
}

/*
 * Delivers a finished request, in Windows' order: the OVERLAPPED, the event
 * and the file object, the port's packet, the completion routine. Then the
 * request goes; a request the engine held lets its file's close go on.
 */
static void deliver(struct w32_io *io, DWORD error)
{
    struct w32_file *file = io->file;
    struct w32_file_async *as = file->async;
    unsigned modes = atomic_load_explicit(&as->modes, memory_order_relaxed);
    bool linked = io->linked;
    DWORD status = w32_ntstatus_from_error(error);
    /* As in NT, a call that fails at once (an error, not a warning such as
     * ERROR_MORE_DATA) signals nothing: its caller has the error. */
    bool notify = !io->at_once || (status & 0xc0000000u) != 0xc0000000u;

    if (linked) {
        w32_lock(&as->lock);
        unlink_io(as, io);
        w32_unlock(&as->lock);
    }
    /* Atomic, for a program that reuses an OVERLAPPED while it is pending:
     * two requests' completions may write it at once from two threads. */
    atomic_store_explicit((_Atomic ULONG_PTR *)&io->ov->InternalHigh, io->done,
                          memory_order_relaxed);
    atomic_store_explicit((_Atomic ULONG_PTR *)&io->ov->Internal, status, memory_order_release);
    if (io->event && notify)
        signal_event(io->event);
    if (!(modes & FILE_SKIP_SET_EVENT_ON_HANDLE)) {
        atomic_store_explicit(&as->signaled, 1, memory_order_seq_cst);
        w32_dispatch_changed(&file->obj);
    }
    if (io->port && notify && !skips_port(io, error, modes))
        w32_port_post(io->port, io->key, io->ov, io->done, status);
    if (io->routine && notify)
        queue_routine(io, error);
    if (io->event)
        w32_object_unref(io->event);
    if (io->port)
        w32_port_release(io->port);
    w32_object_unref(&io->thread->obj);
    free(io);
    if (linked) {
        /* The file's close may free it once the count is zero: the read
         * section keeps it readable until the wake is issued. */
        w32_read_lock();
        unsigned was = atomic_fetch_sub_explicit(&as->inflight, 1, memory_order_acq_rel);
        if (was == (CLOSE_WAITS | 1))
            w32_futex_wake(&as->inflight, 1);
        w32_read_unlock();
    }
}

/* The owner of io's transfer finishes it. */
static void complete(struct w32_io *io, DWORD error)
{
    atomic_store_explicit(&io->state, IO_DONE, memory_order_relaxed);
    deliver(io, error);
}

static bool cancelled(const struct w32_io *io)
{
    return atomic_load_explicit(&io->state, memory_order_acquire) == IO_CANCELLED;
}

bool w32_aio_cancelled(const struct w32_io *io)
{
    return cancelled(io);
}

/* ---- transfers that do not wait ---- */

static DWORD disk_error(int err)
{
    return err == EISDIR ? ERROR_INVALID_FUNCTION : w32_error_from_errno(err);
}

/*
 * One attempt at a disk transfer that does not wait for the disk (a
 * page-cache hit): the result, or ERROR_IO_PENDING.
 */
static DWORD disk_try(struct w32_io *io)
{
    struct iovec v = { io->buf + io->done, io->len - io->done };
    ssize_t n;

    if (io->len == 0)
        return ERROR_SUCCESS;
    do
        n = io->op == W32_IO_READ ? preadv2(io->file->fd, &v, 1, io->offset + io->done, RWF_NOWAIT)
                                  : pwritev2(io->file->fd, &v, 1, io->offset + io->done,
                                             RWF_NOWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return errno == EAGAIN || errno == EOPNOTSUPP ? ERROR_IO_PENDING : disk_error(errno);
    if (n == 0 && io->op == W32_IO_READ)
        return io->done ? ERROR_SUCCESS : ERROR_HANDLE_EOF;
    io->done += n;
    if (io->op == W32_IO_WRITE && io->done < io->len)
        return ERROR_IO_PENDING;
    return ERROR_SUCCESS;
}

/* A blocking disk transfer, for the thread back end's workers. */
static DWORD disk_transfer(struct w32_io *io)
{
    while (io->done < io->len) {
        ssize_t n = io->op == W32_IO_READ
            ? pread(io->file->fd, io->buf + io->done, io->len - io->done, io->offset + io->done)
            : pwrite(io->file->fd, io->buf + io->done, io->len - io->done,
                     io->offset + io->done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return disk_error(errno);
        if (n == 0)
            break;
        io->done += n;
    }
    return io->done == 0 && io->len > 0 && io->op == W32_IO_READ ? ERROR_HANDLE_EOF
                                                               : ERROR_SUCCESS;
}

/* The attempt of a kind that waits for readiness, or a disk one. */
static DWORD try_once(struct w32_io *io)
{
    w32_try_io_fn try_io = io->op == W32_IO_NOTIFY ? w32_change_try : io->file->ops->try_io;

    return try_io ? try_io(io->file, io) : disk_try(io);
}

/* ---- the engine ---- */

static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static bool engine_started;
static bool use_uring;

/*
 * io_uring: the engine thread alone submits to the ring and reaps it, so
 * every request in the ring belongs to a thread that outlives it (the
 * kernel ties a request to the thread that submitted it, and one whose
 * thread has ended was seen to escape its cancellation). Issuing threads
 * push requests on to_arm and wake the engine through an eventfd the ring
 * polls; a cancellation marks the request and asks for a sweep of the
 * requests in the ring.
 */
static struct io_uring ring;
static _Atomic(struct w32_io *) to_arm;        /* pushed by issuers, taken by the engine */
static atomic_bool wake_pending, sweep_pending;
static atomic_bool engine_idle;                /* the engine sleeps, or is about to */
static int uring_wake_fd = -1;
static __thread bool in_engine;                /* the calling thread is the engine's */
static struct w32_io *in_ring;                 /* the engine's own list (ring_prev/next) */
static uint64_t wake_count;                    /* the engine's; read from the eventfd */
static bool ring_deferred;                     /* completion work runs when the engine asks */

#define WAKE_TAG ((void *)1)

/* Threads: queues and the poll set, under threads_lock. */
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t disk_cond = PTHREAD_COND_INITIALIZER;
static struct w32_io *disk_head, *disk_tail;   /* threads_lock */
static struct w32_io *polled;                  /* threads_lock */
static int poll_wake_fd = -1;

static void arm(struct w32_io *io);

/* A free submission entry, submitting what is queued if the ring is full. */
static struct io_uring_sqe *get_sqe(void)
{
    struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);

    while (!sqe) {
        io_uring_submit(&ring);
        sqe = io_uring_get_sqe(&ring);
    }
    return sqe;
}

static void ring_link(struct w32_io *io)
{
    io->ring_prev = NULL;
    io->ring_next = in_ring;
    if (in_ring)
        in_ring->ring_prev = io;
    in_ring = io;
    io->cancel_sent = false;
}

static void ring_unlink(struct w32_io *io)
{
    if (io->ring_prev)
        io->ring_prev->ring_next = io->ring_next;
    else
        in_ring = io->ring_next;
    if (io->ring_next)
        io->ring_next->ring_prev = io->ring_prev;
}

/* Queues io's next step on the ring: the transfer, or the readiness it awaits. Engine only. */
static void ring_submit(struct w32_io *io)
{
    struct io_uring_sqe *sqe = get_sqe();

    if (io->poll_events)
        io_uring_prep_poll_add(sqe, io->poll_fd, io->poll_events);
    else if (io->op == W32_IO_READ)
        io_uring_prep_read(sqe, io->file->fd, io->buf + io->done, io->len - io->done,
                           io->offset + io->done);
    else
        io_uring_prep_write(sqe, io->file->fd, io->buf + io->done, io->len - io->done,
                            io->offset + io->done);
    io_uring_sqe_set_data(sqe, io);
    ring_link(io);
}

/*
 * Wakes the engine for what the caller just handed it, unless it is awake:
 * the caller's hand-over and its look at engine_idle, and the engine's store
 * to engine_idle and its look at what was handed over, are each seq_cst, so
 * one of the two sees the other. Of several wakes, only the first writes.
 */
static void wake_engine(void)
{
    uint64_t one = 1;

    if (!atomic_load_explicit(&engine_idle, memory_order_seq_cst))
        return;
    if (!atomic_exchange_explicit(&wake_pending, true, memory_order_acq_rel))
        while (write(uring_wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
            ;
}

/* An issuing thread hands io to the engine. */
static void uring_push(struct w32_io *io)
{
    struct w32_io *head = atomic_load_explicit(&to_arm, memory_order_relaxed);

    do
        io->engine_next = head;
    while (!atomic_compare_exchange_weak_explicit(&to_arm, &head, io, memory_order_seq_cst,
                                                  memory_order_relaxed));
    wake_engine();
}

static void uring_cancel(struct w32_io *io)
{
    atomic_store_explicit(&sweep_pending, true, memory_order_seq_cst);
    wake_engine();
}

/* The ring finished io's step with res. */
static void step_done(struct w32_io *io, int res)
{
    DWORD error;

    if (res == -ECANCELED || (res < 0 && cancelled(io))) {
        complete(io, ERROR_OPERATION_ABORTED);
        return;
    }
    if (res < 0) {
        complete(io, io->poll_events ? w32_error_from_errno(-res) : disk_error(-res));
        return;
    }
    if (io->poll_events) {
        error = try_once(io);
    } else if (res == 0 && io->op == W32_IO_READ) {
        error = io->done ? ERROR_SUCCESS : ERROR_HANDLE_EOF;
    } else {
        io->done += res;
        error = io->op == W32_IO_WRITE && io->done < io->len ? ERROR_IO_PENDING : ERROR_SUCCESS;
    }
    if (error == ERROR_IO_PENDING)
        arm(io);
    else
        complete(io, error);
}

static void arm_wake_poll(void)
{
    struct io_uring_sqe *sqe = get_sqe();

    io_uring_prep_poll_add(sqe, uring_wake_fd, POLLIN);
    io_uring_sqe_set_data(sqe, WAKE_TAG);
}

/* The requests issuing threads pushed, oldest first, into the ring. */
static void take_pushed(void)
{
    struct w32_io *io = atomic_exchange_explicit(&to_arm, NULL, memory_order_acquire);
    struct w32_io *oldest = NULL;

    while (io) {
        struct w32_io *next = io->engine_next;
        io->engine_next = oldest;
        oldest = io;
        io = next;
    }
    while (oldest) {
        struct w32_io *next = oldest->engine_next;
        arm(oldest);
        oldest = next;
    }
}

/* Asks the ring to stop the requests that were cancelled. */
static void sweep_cancelled(void)
{
    if (!atomic_exchange_explicit(&sweep_pending, false, memory_order_acquire))
        return;
    for (struct w32_io *io = in_ring; io; io = io->ring_next) {
        if (io->cancel_sent || !cancelled(io))
            continue;
        struct io_uring_sqe *sqe = get_sqe();
        io_uring_prep_cancel(sqe, io, 0);
        io_uring_sqe_set_data(sqe, NULL);
        io->cancel_sent = true;
    }
}

static void reap(void)
{
    struct io_uring_cqe *cqe;
    unsigned head, n = 0;

    io_uring_for_each_cqe(&ring, head, cqe) {
        struct w32_io *io = io_uring_cqe_get_data(cqe);
        int res = cqe->res;
        n++;
        if (io == WAKE_TAG) {
            /*
             * The eventfd is drained first, then the flag cleared, and the
             * pushes are taken after both: a push the drain may have
             * swallowed the wake of is taken below, and one that comes
             * later finds the flag clear and writes again.
             */
            while (read(uring_wake_fd, &wake_count, sizeof(wake_count)) < 0 && errno == EINTR)
                ;
            atomic_store_explicit(&wake_pending, false, memory_order_seq_cst);
            arm_wake_poll();
        } else if (io) {
            ring_unlink(io);
            step_done(io, res);
        }
    }
    io_uring_cq_advance(&ring, n);
}

/* Whether the engine may sleep: it says it will, then looks for new work. */
static bool may_sleep(void)
{
    atomic_store_explicit(&engine_idle, true, memory_order_seq_cst);
    if (!atomic_load_explicit(&to_arm, memory_order_seq_cst) &&
        !atomic_load_explicit(&sweep_pending, memory_order_seq_cst))
        return true;
    atomic_store_explicit(&engine_idle, false, memory_order_relaxed);
    return false;
}

/* io_uring_register's IORING_REGISTER_ENABLE_RINGS: liburing's wrapper is
 * missing from some of its shared builds (Debian's 2.3). */
static void enable_ring(void)
{
    syscall(__NR_io_uring_register, ring.ring_fd, IORING_REGISTER_ENABLE_RINGS, NULL, 0);
}

static void *uring_main(void *arg)
{
    in_engine = true;
    if (ring_deferred)
        enable_ring();
    arm_wake_poll();
    for (;;) {
        take_pushed();
        sweep_cancelled();
        if (may_sleep()) {
            io_uring_submit_and_wait(&ring, 1);
            atomic_store_explicit(&engine_idle, false, memory_order_relaxed);
        } else {
            io_uring_submit_and_get_events(&ring);
        }
        reap();
    }
    return NULL;
}

/*
 * The engine thread alone submits, so the ring may say so
 * (IORING_SETUP_SINGLE_ISSUER) and let the kernel keep the work of each
 * completion until the engine asks for completions (DEFER_TASKRUN), instead
 * of interrupting it for each. It starts disabled: the thread that enables
 * it, the engine's, becomes its issuer. Kernels before 6.1 refuse the
 * flags, and get a plain ring.
 */
static bool ring_init(void)
{
    ring_deferred = io_uring_queue_init(RING_ENTRIES, &ring,
                                        IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN |
                                            IORING_SETUP_R_DISABLED) == 0;
    return ring_deferred || io_uring_queue_init(RING_ENTRIES, &ring, 0) == 0;
}

/* Whether the kernel has io_uring and lets this process use it, with the
 * operations the engine needs. */
static bool uring_start(void)
{
    struct io_uring_probe *probe;
    bool usable;

    if (!ring_init())
        return false;
    probe = io_uring_get_probe_ring(&ring);
    usable = probe && io_uring_opcode_supported(probe, IORING_OP_READ) &&
             io_uring_opcode_supported(probe, IORING_OP_WRITE) &&
             io_uring_opcode_supported(probe, IORING_OP_POLL_ADD) &&
             io_uring_opcode_supported(probe, IORING_OP_ASYNC_CANCEL);
    if (probe)
        io_uring_free_probe(probe);
    if (usable)
        uring_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (usable && uring_wake_fd >= 0 && w32_spawn_hidden(uring_main, NULL))
        return true;
    if (uring_wake_fd >= 0)
        close(uring_wake_fd);
    io_uring_queue_exit(&ring);
    return false;
}

/* ---- the thread back end ---- */

static void poll_wake(void)
{
    uint64_t one = 1;

    while (write(poll_wake_fd, &one, sizeof(one)) < 0 && errno == EINTR)
        ;
}

static void threads_arm(struct w32_io *io)
{
    /* Read first: once queued, io may be finished and freed by a back-end thread. */
    bool polled_io = io->poll_events != 0;

    pthread_mutex_lock(&threads_lock);
    if (polled_io) {
        io->engine_next = polled;
        polled = io;
    } else {
        io->engine_next = NULL;
        if (disk_tail)
            disk_tail->engine_next = io;
        else
            disk_head = io;
        disk_tail = io;
        pthread_cond_signal(&disk_cond);
    }
    pthread_mutex_unlock(&threads_lock);
    if (polled_io)
        poll_wake();
}

/*
 * A queued disk request stops before it starts; a polled one at the next
 * look, which the poll thread is woken for. Woken for either: whether io is
 * polled cannot be read here, since that thread rewrites io's poll fields
 * while it retries io (a disk request's wake only rebuilds its poll set).
 */
static void threads_cancel(struct w32_io *io)
{
    (void)io;
    poll_wake();
}

static void *disk_worker(void *arg)
{
    for (;;) {
        struct w32_io *io;

        pthread_mutex_lock(&threads_lock);
        while (!disk_head)
            pthread_cond_wait(&disk_cond, &threads_lock);
        io = disk_head;
        disk_head = io->engine_next;
        if (!disk_head)
            disk_tail = NULL;
        pthread_mutex_unlock(&threads_lock);
        complete(io, cancelled(io) ? ERROR_OPERATION_ABORTED : disk_transfer(io));
    }
    return NULL;
}

/*
 * The poll set: the wake fd, then each polled request. Only this thread takes
 * requests out of the set, so those in ios[] stay there until it does.
 */
struct poll_set {
    struct pollfd *fds;
    struct w32_io **ios;
    nfds_t n, cap;
};

static bool poll_set_reserve(struct poll_set *set, nfds_t n)
{
    struct pollfd *fds;
    struct w32_io **ios;

    if (n <= set->cap)
        return true;
    fds = realloc(set->fds, n * sizeof(*fds));
    if (fds)
        set->fds = fds;
    ios = fds ? realloc(set->ios, n * sizeof(*ios)) : NULL;
    if (!ios)
        return false;
    set->ios = ios;
    set->cap = n;
    return true;
}

static void build_poll_set(struct poll_set *set)
{
    nfds_t n = 1;

    pthread_mutex_lock(&threads_lock);
    for (struct w32_io *io = polled; io; io = io->engine_next)
        n++;
    poll_set_reserve(set, n);
    set->n = 1;
    set->fds[0] = (struct pollfd){ .fd = poll_wake_fd, .events = POLLIN };
    for (struct w32_io *io = polled; io && set->n < set->cap; io = io->engine_next) {
        set->fds[set->n] = (struct pollfd){ .fd = io->poll_fd, .events = io->poll_events };
        set->ios[set->n++] = io;
    }
    pthread_mutex_unlock(&threads_lock);
}

/* Takes the requests that are cancelled or ready out of the set. */
static struct w32_io *take_finished(struct poll_set *set)
{
    struct w32_io *done = NULL, **link;

    for (nfds_t i = 1; i < set->n; i++)
        set->ios[i]->poll_ready = set->fds[i].revents != 0;
    pthread_mutex_lock(&threads_lock);
    for (link = &polled; *link;) {
        struct w32_io *io = *link;
        if (io->poll_ready || cancelled(io)) {
            io->poll_ready = false;
            *link = io->engine_next;
            io->engine_next = done;
            done = io;
        } else {
            link = &io->engine_next;
        }
    }
    pthread_mutex_unlock(&threads_lock);
    return done;
}

static void *poll_main(void *arg)
{
    struct poll_set set = { NULL, NULL, 0, 0 };

    if (!poll_set_reserve(&set, 64))
        return NULL;
    for (;;) {
        struct w32_io *done;
        uint64_t count;

        build_poll_set(&set);
        if (poll(set.fds, set.n, -1) < 0)
            continue;
        if (set.fds[0].revents && read(poll_wake_fd, &count, sizeof(count)) < 0)
            continue;
        done = take_finished(&set);
        while (done) {
            struct w32_io *io = done;
            done = io->engine_next;
            step_done(io, cancelled(io) ? -ECANCELED : 0);
        }
    }
    return NULL;
}

static bool threads_start(void)
{
    poll_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (poll_wake_fd < 0 || !w32_spawn_hidden(poll_main, NULL))
        return false;
    for (int i = 0; i < DISK_WORKERS; i++)
        if (!w32_spawn_hidden(disk_worker, NULL) && i == 0)
            return false;
    return true;
}

/* W32SHIM_AIO=threads chooses the thread back end even where io_uring works. */
static void engine_init(void)
{
    char *choice = w32_env_get("W32SHIM_AIO");
    bool threads = choice && strcmp(choice, "threads") == 0;

    free(choice);
    if (!threads && uring_start()) {
        use_uring = true;
        engine_started = true;
        return;
    }
    engine_started = threads_start();
}

static bool engine_ready(void)
{
    pthread_once(&engine_once, engine_init);
    return engine_started;
}

/*
 * Hands io's next step to the back end, unless it was cancelled meanwhile.
 * The engine thread checks and submits under the file's I/O lock, which a
 * cancellation takes too, so a step is never queued after the cancellation
 * looked for it; an issuing thread pushes io to the engine, which does that.
 */
static void arm(struct w32_io *io)
{
    struct w32_file_async *as = io->file->async;
    DWORD error = ERROR_SUCCESS;

    if (use_uring && !in_engine) {
        uring_push(io);
        return;
    }
    w32_lock(&as->lock);
    if (cancelled(io))
        error = ERROR_OPERATION_ABORTED;
    else if (use_uring)
        ring_submit(io);
    else
        threads_arm(io);
    w32_unlock(&as->lock);
    if (error != ERROR_SUCCESS)
        complete(io, error);
}

/*
 * Hands io to the back end without the file's I/O lock (a request its port
 * watched): the back end looks at its cancellation itself, the io_uring
 * engine as it takes pushed requests, the thread one at its next poll.
 */
void w32_aio_to_engine(struct w32_io *io)
{
    if (!use_uring)
        threads_arm(io);
    else if (!in_engine)
        uring_push(io);
    else
        ring_submit(io);
}

/* Asks the back end to stop io; the file's I/O lock held. */
static void cancel_locked(struct w32_io *io)
{
    unsigned pending = IO_PENDING;

    if (!atomic_compare_exchange_strong_explicit(&io->state, &pending, IO_CANCELLED,
                                                 memory_order_acq_rel, memory_order_relaxed))
        return;
    /* A watched request is stopped by the engine, which completes it. */
    if (io->watchable && w32_port_unwatch_io(io->port, &io->file->async->watch, io))
        w32_aio_to_engine(io);
    if (use_uring)
        uring_cancel(io);
    else
        threads_cancel(io);
}

/* ---- the file's state ---- */

struct w32_file_async *w32_aio_state(struct w32_file *file)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);
    struct w32_file_async *expected = NULL;

    if (as)
        return as;
    as = calloc(1, sizeof(*as));
    if (!as)
        return NULL;
    w32_lock_init(&as->lock);
    atomic_init(&as->signaled, 1);
    if (!atomic_compare_exchange_strong_explicit(&file->async, &expected, as,
                                                 memory_order_acq_rel, memory_order_acquire)) {
        free(as);
        return expected;
    }
    return as;
}

/* A request the file's port watches goes to the engine: a thread waits for
 * it elsewhere than on the port. */
static void unwatch_file(struct w32_file_async *as)
{
    struct w32_port *port = atomic_load_explicit(&as->port, memory_order_acquire);
    struct w32_io *io = port ? w32_port_unwatch_io(port, &as->watch, NULL) : NULL;

    if (io)
        w32_aio_to_engine(io);
}

bool w32_aio_signaled(struct w32_file *file)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);

    if (!as || atomic_load_explicit(&as->signaled, memory_order_seq_cst))
        return true;
    unwatch_file(as);
    return false;
}

void w32_aio_file_close(struct w32_file *file)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);
    struct w32_port *port;
    unsigned left;

    if (!as)
        return;
    w32_lock(&as->lock);
    for (struct w32_io *io = as->pending; io; io = io->next)
        cancel_locked(io);
    w32_unlock(&as->lock);
    /* Only a close waits for the count: the last delivery wakes it if it
     * saw the flag, else the close sees the count it left. */
    left = atomic_fetch_or_explicit(&as->inflight, CLOSE_WAITS, memory_order_acq_rel) |
           CLOSE_WAITS;
    while (left != CLOSE_WAITS) {
        w32_futex_wait(&as->inflight, left, NULL);
        left = atomic_load_explicit(&as->inflight, memory_order_acquire);
    }
    port = atomic_load_explicit(&as->port, memory_order_relaxed);
    if (port) {
        w32_port_forget(port, &as->watch);
        w32_port_release(port);
    }
    free(as);
}

DWORD w32_aio_associate(HANDLE h, struct w32_port *port, ULONG_PTR key)
{
    struct w32_file *file = w32_file_get(h, 0);
    struct w32_file_async *as;
    struct w32_port *none = NULL;
    DWORD error = ERROR_SUCCESS;

    if (!file)
        return GetLastError();
    as = w32_aio_state(file);
    if (!as) {
        error = ERROR_NOT_ENOUGH_MEMORY;
    } else {
        w32_lock(&as->lock);
        if (atomic_load_explicit(&as->port, memory_order_relaxed)) {
            error = ERROR_INVALID_PARAMETER;
        } else {
            as->key = key;
            w32_port_use(port);
            atomic_compare_exchange_strong_explicit(&as->port, &none, port,
                                                    memory_order_release, memory_order_relaxed);
        }
        w32_unlock(&as->lock);
    }
    w32_object_unref(&file->obj);
    return error;
}

/* ---- issuing ---- */

/*
 * The event of an OVERLAPPED (its low bit only asks that no packet be
 * queued), reset and referenced; the file object is reset too. False, with
 * the error, if hEvent names no event.
 */
static bool take_event(struct w32_io *io, DWORD *error)
{
    HANDLE h = (HANDLE)((ULONG_PTR)io->ov->hEvent & ~(ULONG_PTR)1);

    io->event = NULL;
    if (!h)
        return true;
    if (!ResetEvent(h)) {
        *error = GetLastError();
        return false;
    }
    io->event = w32_handle_get(h, NULL, 0);
    if (!io->event) {
        *error = GetLastError();
        return false;
    }
    return true;
}

static struct w32_io *new_io(struct w32_file *file, enum w32_io_op op, void *buf, DWORD len,
                             LPOVERLAPPED ov, LPOVERLAPPED_COMPLETION_ROUTINE routine,
                             DWORD *error)
{
    struct w32_io *io = calloc(1, sizeof(*io));
    struct w32_object *thread;

    if (!io || !(thread = w32_thread_self_ref())) {
        free(io);
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    atomic_init(&io->state, IO_PENDING);
    io->op = op;
    io->file = file;
    io->ov = ov;
    io->buf = buf;
    io->len = len;
    io->offset = file->ops->try_io || op == W32_IO_NOTIFY ? -1
                 : (LONGLONG)(((ULONGLONG)ov->OffsetHigh << 32) | ov->Offset);
    io->thread = (struct w32_thread *)thread;
    io->routine = routine;
    io->poll_fd = -1;
    /* With a completion routine, hEvent is the program's to use, not an event. */
    if (!routine && !take_event(io, error)) {
        w32_object_unref(thread);
        free(io);
        return NULL;
    }
    return io;
}

/* Takes the port's packet for io, unless hEvent's low bit says not to. */
static void take_port(struct w32_io *io, struct w32_file_async *as)
{
    struct w32_port *port = atomic_load_explicit(&as->port, memory_order_acquire);

    if (!port || ((ULONG_PTR)io->ov->hEvent & 1) || io->routine)
        return;
    w32_port_use(port);
    io->port = port;
    io->key = as->key;
}

/*
 * Whether io's readiness may be left to its port's waiters: a pipe or socket
 * transfer on the file's own fd whose completion only the port reports (no
 * event, no routine), so that nothing but a wait on the port (or on the
 * file, which hands it to the engine) looks for it.
 */
static bool watchable(const struct w32_io *io)
{
    return io->port && !io->event && !io->routine && io->poll_events &&
           io->poll_fd == io->file->fd && (io->op == W32_IO_READ || io->op == W32_IO_WRITE);
}

/* Gives io, which found its fd not ready, to its port's watch, or else to the engine. */
static void watch_or_arm(struct w32_io *io)
{
    while (io->watchable) {
        DWORD error;
        switch (w32_port_watch_io(io->port, &io->file->async->watch, io, io->poll_fd,
                                  io->poll_events)) {
        case W32_WATCHED:
            return;
        case W32_WATCH_RETRY:
            error = cancelled(io) ? ERROR_OPERATION_ABORTED : try_once(io);
            if (error == ERROR_IO_PENDING)
                continue;
            complete(io, error);
            return;
        case W32_WATCH_CANCELLED:
            complete(io, ERROR_OPERATION_ABORTED);
            return;
        case W32_WATCH_NO:
            break;
        }
        break;
    }
    arm(io);
}

void w32_aio_fd_replaced(struct w32_file *file)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);

    if (as)
        atomic_fetch_add_explicit(&as->watch.fd_gen, 1, memory_order_release);
}

/* The port's poller saw io's fd ready: one more attempt, then watched again. */
void w32_aio_port_ready(struct w32_io *io)
{
    DWORD error = cancelled(io) ? ERROR_OPERATION_ABORTED : try_once(io);

    if (error == ERROR_IO_PENDING)
        watch_or_arm(io);
    else
        complete(io, error);
}

void w32_aio_retry_watched(struct w32_file *file)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);
    struct w32_port *port = as ? atomic_load_explicit(&as->port, memory_order_acquire) : NULL;
    struct w32_io *io = port ? w32_port_unwatch_io(port, &as->watch, NULL) : NULL;
    DWORD error;

    if (!io)
        return;
    error = cancelled(io) ? ERROR_OPERATION_ABORTED : try_once(io);
    if (error == ERROR_IO_PENDING)
        w32_aio_to_engine(io);
    else
        complete(io, error);
}

/* Links io on its file's pending list and gives it to the engine. */
static DWORD go_pending(struct w32_io *io, struct w32_file_async *as)
{
    if (!engine_ready())
        return ERROR_NO_SYSTEM_RESOURCES;
    io->watchable = watchable(io);
    w32_lock(&as->lock);
    atomic_fetch_add_explicit(&as->inflight, 1, memory_order_relaxed);
    io->linked = true;
    io->prev = NULL;
    io->next = as->pending;
    if (as->pending)
        as->pending->prev = io;
    as->pending = io;
    w32_unlock(&as->lock);
    watch_or_arm(io);
    return ERROR_IO_PENDING;
}

/* The issuing call reports what it knows now; the rest is delivered. */
static DWORD start_io(struct w32_io *io, struct w32_file_async *as, DWORD *done)
{
    DWORD error = try_once(io);

    *done = io->done;
    if (error != ERROR_IO_PENDING) {
        io->at_once = true;
        complete(io, error);
        return error;
    }
    error = go_pending(io, as);
    if (error != ERROR_IO_PENDING) {
        io->at_once = true;
        complete(io, error);
    }
    return error;
}

/* A request issued on file, its OVERLAPPED pending, its event reset and its
 * port's packet taken; NULL with *error set if nothing was issued. */
static struct w32_io *issue(struct w32_file *file, enum w32_io_op op, void *buf, DWORD len,
                            LPOVERLAPPED ov, LPOVERLAPPED_COMPLETION_ROUTINE routine,
                            struct w32_file_async **as, DWORD *error)
{
    struct w32_io *io;

    *as = w32_aio_state(file);
    if (!*as) {
        *error = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    ov->Internal = STATUS_PENDING;
    ov->InternalHigh = 0;
    io = new_io(file, op, buf, len, ov, routine, error);
    if (!io)
        return NULL;
    if (!(atomic_load_explicit(&(*as)->modes, memory_order_relaxed) & FILE_SKIP_SET_EVENT_ON_HANDLE))
        atomic_store_explicit(&(*as)->signaled, 0, memory_order_relaxed);
    take_port(io, *as);
    return io;
}

DWORD w32_aio_submit(struct w32_file *file, enum w32_io_op op, void *buf, DWORD len,
                     LPOVERLAPPED ov, LPOVERLAPPED_COMPLETION_ROUTINE routine, DWORD *done)
{
    struct w32_file_async *as;
    DWORD error = ERROR_SUCCESS;
    struct w32_io *io = issue(file, op, buf, len, ov, routine, &as, &error);

    *done = 0;
    return io ? start_io(io, as, done) : error;
}

DWORD w32_aio_finished(struct w32_file *file, LPOVERLAPPED ov, DWORD done, DWORD error)
{
    struct w32_file_async *as;
    DWORD issued = ERROR_SUCCESS;
    struct w32_io *io = issue(file, W32_IO_CONTROL, NULL, 0, ov, NULL, &as, &issued);

    if (!io)
        return issued;
    io->done = done;
    io->at_once = true;
    complete(io, error);
    return error;
}

/* ---- the API ---- */

/* The file behind h if it was opened for overlapped I/O; else NULL, error set. */
static struct w32_file *get_overlapped(HANDLE h, ACCESS_MASK access)
{
    struct w32_file *file = w32_file_get(h, access);

    if (file && !file->overlapped) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    return file;
}

static BOOL transfer_ex(HANDLE h, enum w32_io_op op, void *buf, DWORD len, LPOVERLAPPED ov,
                        LPOVERLAPPED_COMPLETION_ROUTINE routine)
{
    struct w32_file *file;
    DWORD error, done;

    if (!ov || !routine) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    file = get_overlapped(h, op == W32_IO_READ ? FILE_READ_DATA : FILE_WRITE_DATA);
    if (!file)
        return FALSE;
    if (!buf && len) {
        w32_object_unref(&file->obj);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    /* The routine runs in an alertable wait, for a transfer finished at once too. */
    error = w32_aio_submit(file, op, buf, len, ov, routine, &done);
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS && error != ERROR_IO_PENDING) {
        w32_set_error(error);
        return FALSE;
    }
    w32_set_error(ERROR_SUCCESS);
    return TRUE;
}

BOOL WINAPI ReadFileEx(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                       LPOVERLAPPED lpOverlapped, LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return transfer_ex(hFile, W32_IO_READ, lpBuffer, nNumberOfBytesToRead, lpOverlapped,
                       lpCompletionRoutine);
}

BOOL WINAPI WriteFileEx(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                        LPOVERLAPPED lpOverlapped,
                        LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine)
{
    return transfer_ex(hFile, W32_IO_WRITE, (void *)lpBuffer, nNumberOfBytesToWrite,
                       lpOverlapped, lpCompletionRoutine);
}

/* A request of h its port watches goes on without a thread on the port,
 * for a program that asks for its result until it has one. */
static void kick(HANDLE h)
{
    DWORD error = GetLastError();
    struct w32_file *file = w32_file_get(h, 0);
    struct w32_file_async *as;

    if (!file) {
        w32_set_error(error);
        return;
    }
    as = atomic_load_explicit(&file->async, memory_order_acquire);
    if (as)
        unwatch_file(as);
    w32_object_unref(&file->obj);
}

BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                  LPDWORD lpNumberOfBytesTransferred, DWORD dwMilliseconds,
                                  BOOL bAlertable)
{
    DWORD status, error;

    if (!lpOverlapped || !lpNumberOfBytesTransferred) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    status = (DWORD)atomic_load_explicit((_Atomic ULONG_PTR *)&lpOverlapped->Internal,
                                         memory_order_acquire);
    if (status == STATUS_PENDING) {
        DWORD wait;
        if (!dwMilliseconds) {
            kick(hFile);
            w32_set_error(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
        wait = WaitForSingleObjectEx(lpOverlapped->hEvent ? lpOverlapped->hEvent : hFile,
                                     dwMilliseconds, bAlertable);
        if (wait == WAIT_FAILED)
            return FALSE;
        if (wait != WAIT_OBJECT_0) {
            w32_set_error(wait);
            return FALSE;
        }
        status = (DWORD)atomic_load_explicit((_Atomic ULONG_PTR *)&lpOverlapped->Internal,
                                             memory_order_acquire);
        if (status == STATUS_PENDING) {
            w32_set_error(ERROR_IO_INCOMPLETE);
            return FALSE;
        }
    }
    *lpNumberOfBytesTransferred = (DWORD)lpOverlapped->InternalHigh;
    error = RtlNtStatusToDosError((NTSTATUS)status);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                LPDWORD lpNumberOfBytesTransferred, BOOL bWait)
{
    return GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred,
                                 bWait ? INFINITE : 0, FALSE);
}

/*
 * Cancels file's requests that match: those of thread (NULL: any), for ov
 * (NULL: any). Returns how many were asked to stop.
 */
static unsigned cancel_matching(struct w32_file *file, struct w32_thread *thread, LPOVERLAPPED ov)
{
    struct w32_file_async *as = atomic_load_explicit(&file->async, memory_order_acquire);
    unsigned n = 0;

    if (!as)
        return 0;
    w32_lock(&as->lock);
    for (struct w32_io *io = as->pending; io; io = io->next) {
        if ((thread && io->thread != thread) || (ov && io->ov != ov) ||
            atomic_load_explicit(&io->state, memory_order_relaxed) != IO_PENDING)
            continue;
        cancel_locked(io);
        n++;
    }
    w32_unlock(&as->lock);
    return n;
}

static BOOL cancel(HANDLE h, struct w32_thread *thread, LPOVERLAPPED ov)
{
    struct w32_file *file = w32_file_get(h, 0);
    unsigned n;

    if (!file)
        return FALSE;
    n = cancel_matching(file, thread, ov);
    w32_object_unref(&file->obj);
    if (!n) {
        w32_set_error(ERROR_NOT_FOUND);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped)
{
    return cancel(hFile, NULL, lpOverlapped);
}

/* CancelIo succeeds with nothing to cancel, unlike CancelIoEx. */
BOOL WINAPI CancelIo(HANDLE hFile)
{
    struct w32_thread *self = w32_thread_self();

    if (!self) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    if (cancel(hFile, self, NULL) || GetLastError() == ERROR_NOT_FOUND) {
        w32_set_error(ERROR_SUCCESS);
        return TRUE;
    }
    return FALSE;
}

BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags)
{
    struct w32_file *file;
    struct w32_file_async *as;

    if (Flags & ~(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    file = w32_file_get(FileHandle, 0);
    if (!file)
        return FALSE;
    as = w32_aio_state(file);
    if (as)
        atomic_fetch_or_explicit(&as->modes, Flags, memory_order_relaxed);
    w32_object_unref(&file->obj);
    if (!as) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    return TRUE;
}

/*
 * fork (fork.h): the engine's threads are the parent's, and its ring is the
 * parent's too (the child's mapping of it is shared with the parent's). The
 * child lets go of both without touching the ring, and starts an engine of
 * its own on its first overlapped request. A request pending at the fork is
 * the parent's: it never completes in the child (doc/design.md, "Fork").
 */
void w32_aio_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&threads_lock, phase);
    if (phase != W32_FORK_CHILD)
        return;
    pthread_cond_init(&disk_cond, NULL);
    if (engine_started && use_uring) {
        io_uring_queue_exit(&ring);
        close(uring_wake_fd);
        uring_wake_fd = -1;
    } else if (poll_wake_fd >= 0) {
        close(poll_wake_fd);
        poll_wake_fd = -1;
    }
    atomic_store_explicit(&to_arm, NULL, memory_order_relaxed);
    atomic_store_explicit(&wake_pending, false, memory_order_relaxed);
    atomic_store_explicit(&sweep_pending, false, memory_order_relaxed);
    atomic_store_explicit(&engine_idle, false, memory_order_relaxed);
    in_ring = NULL;
    disk_head = disk_tail = NULL;
    polled = NULL;
    use_uring = false;
    engine_started = false;
    engine_once = (pthread_once_t)PTHREAD_ONCE_INIT;
}
