/*
 * The thread pool's I/O: CreateThreadpoolIo and its family, and
 * BindIoCompletionCallback. Files are associated with one completion port
 * of the pool's, made on first use; one I/O thread takes its packets and
 * hands each to the pool as a callback (TrySubmitThreadpoolCallback), so
 * the callbacks run on the pool's workers as the pool's other callbacks do.
 * A packet's key says whose it is: a TP_IO, or a bound routine's record;
 * both begin with their kind. (A function's address cannot carry a tag bit:
 * code need not be aligned.)
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <winternl.h>
#include "aio.h"
#include "error.h"
#include "futex.h"
#include "handle.h"
#include "iocp.h"
#include "spawn_hidden.h"
#include "threadpool.h"
#include "fork.h"

enum io_target_kind { TARGET_TP_IO = 0x54504f49, TARGET_BOUND = 0x424e4452 };

struct _TP_IO {
    enum io_target_kind kind;           /* TARGET_TP_IO */
    PTP_WIN32_IO_CALLBACK callback;
    PVOID context;
    PTP_POOL pool;                      /* held; NULL: the default pool */
    struct tp_object *member;           /* in its cleanup group, or NULL */
    /* Transfers started (StartThreadpoolIo) and callbacks queued or running;
     * WaitForThreadpoolIoCallbacks waits for both to reach zero. */
    atomic_uint outstanding;            /* futex word */
    atomic_uint generation;             /* moved on by a cancelling wait */
};

/*
 * A routine given to BindIoCompletionCallback. A binding lasts as long as
 * the handle, and Windows has no way to undo it, so records are kept for
 * the process's life: one per distinct routine, so their number is bounded
 * by the program's code, not by how many handles it binds.
 */
struct bound_routine {
    enum io_target_kind kind;           /* TARGET_BOUND */
    LPOVERLAPPED_COMPLETION_ROUTINE routine;
    struct bound_routine *next;
};

static pthread_mutex_t bound_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bound_routine *bound_routines;

/* One completion on its way to a worker. */
struct io_callback {
    PTP_IO io;                          /* or NULL for a bound routine */
    LPOVERLAPPED_COMPLETION_ROUTINE routine;
    unsigned generation;
    LPOVERLAPPED ov;
    DWORD status, bytes;
};

static pthread_once_t pool_port_once = PTHREAD_ONCE_INIT;
static struct w32_port *pool_port;
static HANDLE pool_port_handle;         /* the I/O thread's, never closed */

/*
 * Drops one outstanding count: the object goes with the last (its own is
 * dropped by CloseThreadpoolIo), and WaitForThreadpoolIoCallbacks wakes when
 * only its own is left. That wake may reach a word CloseThreadpoolIo has
 * just freed: a futex wake reads nothing, and a wake of reused memory is a
 * spurious one, which every futex waiter tolerates.
 */
static void release(PTP_IO io)
{
    unsigned was = atomic_fetch_sub_explicit(&io->outstanding, 1, memory_order_acq_rel);

    if (was == 1) {
        w32_tp_io_freed(io->member);
        w32_tp_pool_release(io->pool);
        free(io);
    }
    else if (was == 2)
        w32_futex_wake(&io->outstanding, INT_MAX);
}

static void CALLBACK run_callback(PTP_CALLBACK_INSTANCE instance, PVOID arg)
{
    struct io_callback *cb = arg;
    DWORD error = RtlNtStatusToDosError((NTSTATUS)cb->status);

    if (!cb->io) {
        cb->routine(error, cb->bytes, cb->ov);
    } else {
        if (cb->generation == atomic_load_explicit(&cb->io->generation, memory_order_acquire))
            cb->io->callback(instance, cb->io->context, cb->ov, error, cb->bytes, cb->io);
        release(cb->io);
    }
    free(cb);
}

/* Turns one packet into a pool callback. */
static void dispatch(ULONG_PTR key, LPOVERLAPPED ov, DWORD status, DWORD bytes)
{
    struct io_callback *cb = calloc(1, sizeof(*cb));
    TP_CALLBACK_ENVIRON env;

    if (!cb)
        return;         /* out of memory: the completion is lost, as a packet would be */
    cb->ov = ov;
    cb->status = status;
    cb->bytes = bytes;
    if (*(enum io_target_kind *)key == TARGET_BOUND) {
        cb->routine = ((struct bound_routine *)key)->routine;
    } else {
        cb->io = (PTP_IO)key;
        cb->generation = atomic_load_explicit(&cb->io->generation, memory_order_acquire);
    }
    /* On the pool the I/O object was made for. */
    InitializeThreadpoolEnvironment(&env);
    SetThreadpoolCallbackPool(&env, cb->io ? cb->io->pool : NULL);
    if (!TrySubmitThreadpoolCallback(run_callback, cb, &env)) {
        if (cb->io)
            release(cb->io);
        free(cb);
    }
}

static void *io_thread(void *arg)
{
    for (;;) {
        OVERLAPPED_ENTRY entries[32];
        ULONG n;

        if (!GetQueuedCompletionStatusEx(pool_port_handle, entries, 32, &n, INFINITE, FALSE))
            continue;
        for (ULONG i = 0; i < n; i++)
            dispatch(entries[i].lpCompletionKey, entries[i].lpOverlapped,
                     (DWORD)entries[i].Internal, entries[i].dwNumberOfBytesTransferred);
    }
    return NULL;
}

static void start_pool_port(void)
{
    HANDLE h = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);

    if (!h)
        return;
    pool_port = w32_port_get(h);
    pool_port_handle = h;
    if (pool_port && !w32_spawn_hidden(io_thread, NULL)) {
        w32_port_release(pool_port);
        pool_port = NULL;
    }
}

/* The pool's port, with its I/O thread; NULL (error set) if they cannot be had. */
static struct w32_port *get_pool_port(void)
{
    pthread_once(&pool_port_once, start_pool_port);
    if (!pool_port)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return pool_port;
}

/* Associates file h, opened for overlapped I/O, with the pool's port. */
static DWORD associate(HANDLE h, ULONG_PTR key)
{
    struct w32_file *file = w32_file_get(h, 0);
    struct w32_port *port;
    bool overlapped;

    if (!file)
        return GetLastError();
    overlapped = file->overlapped;
    w32_object_unref(&file->obj);
    if (!overlapped)
        return ERROR_INVALID_PARAMETER;
    port = get_pool_port();
    return port ? w32_aio_associate(h, port, key) : GetLastError();
}

/* The record of routine, made on its first binding; NULL if out of memory. */
static struct bound_routine *bound_record(LPOVERLAPPED_COMPLETION_ROUTINE routine)
{
    struct bound_routine *b;

    pthread_mutex_lock(&bound_lock);
    for (b = bound_routines; b && b->routine != routine; b = b->next)
        ;
    if (!b && (b = malloc(sizeof(*b)))) {
        b->kind = TARGET_BOUND;
        b->routine = routine;
        b->next = bound_routines;
        bound_routines = b;
    }
    pthread_mutex_unlock(&bound_lock);
    return b;
}

BOOL WINAPI BindIoCompletionCallback(HANDLE FileHandle, LPOVERLAPPED_COMPLETION_ROUTINE Function,
                                     ULONG Flags)
{
    struct bound_routine *bound;
    DWORD error;

    if (!FileHandle || FileHandle == INVALID_HANDLE_VALUE) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!Function) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    bound = bound_record(Function);
    if (!bound) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    error = associate(FileHandle, (ULONG_PTR)bound);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

static bool environ_supported(PTP_CALLBACK_ENVIRON pcbe)
{
    if (pcbe && pcbe->Version != 1 && pcbe->Version != 3) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    return true;
}

PTP_IO WINAPI CreateThreadpoolIo(HANDLE fl, PTP_WIN32_IO_CALLBACK pfnio, PVOID pv,
                                 PTP_CALLBACK_ENVIRON pcbe)
{
    PTP_IO io;
    DWORD error;

    if (!pfnio) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!environ_supported(pcbe))
        return NULL;
    io = calloc(1, sizeof(*io));
    if (!io) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    io->kind = TARGET_TP_IO;
    io->callback = pfnio;
    io->context = pv;
    io->pool = pcbe ? pcbe->Pool : NULL;
    atomic_init(&io->outstanding, 1);   /* the object's own, until CloseThreadpoolIo */
    if (!w32_tp_io_join(pcbe, io, pv, &io->member)) {
        free(io);
        return NULL;
    }
    error = associate(fl, (ULONG_PTR)io);
    if (error != ERROR_SUCCESS) {
        w32_tp_io_freed(io->member);
        free(io);
        w32_set_error(error);
        return NULL;
    }
    w32_tp_pool_hold(io->pool);
    return io;
}

VOID WINAPI StartThreadpoolIo(PTP_IO pio)
{
    atomic_fetch_add_explicit(&pio->outstanding, 1, memory_order_relaxed);
}

/* The transfer StartThreadpoolIo announced failed at once: no callback comes. */
VOID WINAPI CancelThreadpoolIo(PTP_IO pio)
{
    release(pio);
}

VOID WINAPI WaitForThreadpoolIoCallbacks(PTP_IO pio, BOOL fCancelPendingCallbacks)
{
    unsigned left;

    if (fCancelPendingCallbacks)
        atomic_fetch_add_explicit(&pio->generation, 1, memory_order_acq_rel);
    /* The object's own count stays: wait for the rest to go. */
    while ((left = atomic_load_explicit(&pio->outstanding, memory_order_acquire)) > 1)
        w32_futex_wait(&pio->outstanding, left, NULL);
}

/* The object goes once its outstanding callbacks have run. */
VOID WINAPI CloseThreadpoolIo(PTP_IO pio)
{
    w32_tp_io_closed(pio->member);
    release(pio);
}

/* fork (fork.h): the pool port stays the child's copy; a new I/O thread
 * serves it, the parent's being gone. */
void w32_tpio_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&bound_lock, phase);
    if (phase == W32_FORK_RESUME && pool_port)
        w32_spawn_hidden(io_thread, NULL);
}
