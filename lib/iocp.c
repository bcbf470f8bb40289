/*
 * ioapiset.h: I/O completion ports.
 *
 * A port is a FIFO of packets and a LIFO stack of threads waiting for one,
 * both under the port's object lock. A packet goes straight to the thread
 * that waited last, as long as fewer threads than the concurrency value are
 * active on the port (took a packet and have not come back for the next);
 * otherwise it is queued, and a thread coming back takes it itself. A waiting
 * thread is a dispatcher waiter with no objects: the party that hands it a
 * packet claims it (w32_waiter_claim), so a packet, an APC, the port's close
 * and the waiter's own timeout end each wait exactly once.
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <winternl.h>
#include "iocp.h"
#include "aio.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "thread.h"
#include "wait.h"
#include "fork.h"

#define IO_COMPLETION_QUERY_STATE 0x0001
#define IO_COMPLETION_MODIFY_STATE 0x0002
#define IO_COMPLETION_ALL_ACCESS (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3)

struct packet {
    struct packet *next;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    DWORD bytes;
    DWORD status;               /* NTSTATUS */
};

/* A thread in GetQueuedCompletionStatus(Ex), on its stack. */
struct port_waiter {
    struct w32_waiter w;
    struct port_waiter *prev, *next;    /* on the port's stack; port lock */
    bool linked;                        /* port lock */
    struct packet *packet;              /* handed over with the claim */
};

struct w32_port {
    struct w32_object obj;
    /* 1 for the handles (dropped by destroy), plus one per user. */
    atomic_uint users;
    bool closed;                        /* port lock */
    DWORD concurrency;
    DWORD active;                       /* port lock */
    struct packet *head, *tail;         /* port lock */
    atomic_uint queued;                 /* packets in the queue; a waitable's state */
    struct port_waiter *top;            /* the stack of waiters, newest first; port lock */
};

/*
 * The port on which the calling thread is active (took a packet), with a
 * user held; kept in a pthread key too, whose destructor lets the port go
 * when the thread ends.
 */
static __thread struct w32_port *active_port;
static pthread_key_t active_key;
static pthread_once_t active_once = PTHREAD_ONCE_INIT;

/* ---- users ---- */

void w32_port_use(struct w32_port *port)
{
    atomic_fetch_add_explicit(&port->users, 1, memory_order_relaxed);
}

void w32_port_release(struct w32_port *port)
{
    if (atomic_fetch_sub_explicit(&port->users, 1, memory_order_acq_rel) == 1)
        w32_object_free(&port->obj);
}

struct w32_object *w32_port_object(struct w32_port *port)
{
    return &port->obj;
}

/* ---- the queue and the stack (port lock held) ---- */

static void push_waiter(struct w32_port *port, struct port_waiter *pw)
{
    pw->prev = NULL;
    pw->next = port->top;
    if (port->top)
        port->top->prev = pw;
    port->top = pw;
    pw->linked = true;
}

static void unlink_waiter(struct w32_port *port, struct port_waiter *pw)
{
    if (pw->prev)
        pw->prev->next = pw->next;
    else
        port->top = pw->next;
    if (pw->next)
        pw->next->prev = pw->prev;
    pw->linked = false;
}

static void enqueue(struct w32_port *port, struct packet *p)
{
    p->next = NULL;
    if (port->tail)
        port->tail->next = p;
    else
        port->head = p;
    port->tail = p;
    /* The port's signalled state: threads in WaitForSingleObject on it wake. */
    if (atomic_fetch_add_explicit(&port->queued, 1, memory_order_seq_cst) == 0 &&
        atomic_load_explicit(&port->obj.waiting, memory_order_seq_cst))
        w32_dispatch_wake(&port->obj);
}

static struct packet *dequeue(struct w32_port *port)
{
    struct packet *p = port->head;

    if (p) {
        port->head = p->next;
        if (!port->head)
            port->tail = NULL;
        atomic_fetch_sub_explicit(&port->queued, 1, memory_order_relaxed);
    }
    return p;
}

/* Hands p to the thread that waited last, if one may run now. */
static bool hand_over(struct w32_port *port, struct packet *p)
{
    while (port->top && port->active < port->concurrency) {
        struct port_waiter *pw = port->top;
        unlink_waiter(port, pw);
        if (w32_waiter_claim(&pw->w)) {
            pw->packet = p;
            port->active++;
            w32_waiter_finish(&pw->w, WAIT_OBJECT_0);
            return true;
        }
    }
    return false;
}

/* Queued packets go to waiting threads as far as the concurrency allows. */
static void hand_out_queued(struct w32_port *port)
{
    while (port->head && port->top && port->active < port->concurrency) {
        struct packet *p = dequeue(port);
        if (!hand_over(port, p)) {
            p->next = port->head;
            port->head = p;
            if (!port->tail)
                port->tail = p;
            atomic_fetch_add_explicit(&port->queued, 1, memory_order_relaxed);
            return;
        }
    }
}

bool w32_port_post(struct w32_port *port, ULONG_PTR key, LPOVERLAPPED ov, DWORD bytes,
                   DWORD status)
{
    struct packet *p = malloc(sizeof(*p));
    bool queued;

    if (!p)
        return false;
    p->key = key;
    p->ov = ov;
    p->bytes = bytes;
    p->status = status;
    w32_object_lock(&port->obj);
    queued = !port->closed;
    if (queued && !hand_over(port, p))
        enqueue(port, p);
    w32_object_unlock(&port->obj);
    if (!queued)
        free(p);
    return queued;
}

/* ---- which port a thread is active on ---- */

static void leave_port(struct w32_port *port)
{
    w32_object_lock(&port->obj);
    port->active--;
    hand_out_queued(port);
    w32_object_unlock(&port->obj);
    w32_port_release(port);
}

static void thread_ends(void *value)
{
    leave_port(value);
}

static void make_active_key(void)
{
    pthread_key_create(&active_key, thread_ends);
}

/*
 * The calling thread comes back to port: it is active on no port any more.
 * True if it was active on port itself, whose slot (and user) it still holds;
 * a slot on another port is given up here.
 */
static bool take_back_slot(struct w32_port *port)
{
    struct w32_port *was = active_port;

    if (!was)
        return false;
    active_port = NULL;
    pthread_setspecific(active_key, NULL);
    if (was != port) {
        leave_port(was);
        return false;
    }
    return true;
}

/* The calling thread took a packet from port; it holds a user for it. */
static void become_active(struct w32_port *port)
{
    w32_port_use(port);
    active_port = port;
    pthread_setspecific(active_key, port);
}

/* ---- the type ---- */

static bool port_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct w32_port *)obj)->queued, memory_order_seq_cst) > 0;
}

/* The last handle went: waiters end with ERROR_ABANDONED_WAIT_0, packets go. */
static bool port_destroy(struct w32_object *obj)
{
    struct w32_port *port = (struct w32_port *)obj;
    struct packet *p;

    w32_object_lock(obj);
    port->closed = true;
    while (port->top) {
        struct port_waiter *pw = port->top;
        unlink_waiter(port, pw);
        if (w32_waiter_claim(&pw->w))
            w32_waiter_finish(&pw->w, WAIT_ABANDONED_0);
    }
    p = port->head;
    port->head = port->tail = NULL;
    atomic_store_explicit(&port->queued, 0, memory_order_relaxed);
    w32_object_unlock(obj);
    while (p) {
        struct packet *next = p->next;
        free(p);
        p = next;
    }
    return atomic_fetch_sub_explicit(&port->users, 1, memory_order_acq_rel) == 1;
}

static const struct w32_object_type port_type = {
    .name = "IoCompletion",
    .access = {
        .read = STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE,
        .write = STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE,
        .execute = STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
        .all = IO_COMPLETION_ALL_ACCESS,
    },
    .signaled = port_signaled,
    .destroy = port_destroy,
};

struct w32_port *w32_port_new(DWORD threads)
{
    struct w32_port *port = calloc(1, sizeof(*port));
    long cpus;

    if (!port) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&port->obj, &port_type);
    atomic_init(&port->users, 1);
    atomic_init(&port->queued, 0);
    cpus = sysconf(_SC_NPROCESSORS_ONLN);
    port->concurrency = threads ? threads : cpus > 0 ? (DWORD)cpus : 1;
    return port;
}

struct w32_port *w32_port_get(HANDLE h)
{
    struct w32_port *port =
        (struct w32_port *)w32_handle_get(h, &port_type, IO_COMPLETION_MODIFY_STATE);

    if (!port)
        return NULL;
    w32_port_use(port);
    w32_object_unref(&port->obj);
    return port;
}

/* ---- taking packets ---- */

/* Up to max queued packets, for a thread that may run; port lock held. */
static ULONG take_queued(struct w32_port *port, struct packet **out, ULONG max, bool have_slot)
{
    ULONG n = 0;

    if (!have_slot && port->active >= port->concurrency)
        return 0;
    while (n < max && port->head)
        out[n++] = dequeue(port);
    return n;
}

/*
 * Takes between 1 and max packets from port, waiting up to timeout ms: the
 * number taken, or 0 with the error set (WAIT_TIMEOUT, WAIT_IO_COMPLETION,
 * ERROR_ABANDONED_WAIT_0).
 */
static ULONG take_packets(struct w32_port *port, struct packet **out, ULONG max, DWORD timeout,
                          bool alertable)
{
    struct port_waiter pw = { .linked = false };
    struct w32_thread *thread = w32_thread_self();
    bool slot, closed;
    ULONG n;
    DWORD result;

    if (!thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    pthread_once(&active_once, make_active_key);
    w32_waiter_init(&pw.w, thread, alertable);
    slot = take_back_slot(port);
    w32_object_lock(&port->obj);
    if (slot)
        port->active--;
    closed = port->closed;
    n = closed ? 0 : take_queued(port, out, max, false);
    if (n) {
        port->active++;
    } else if (!closed) {
        push_waiter(port, &pw);
        if (slot)
            hand_out_queued(port);
    }
    w32_object_unlock(&port->obj);
    if (slot)
        w32_port_release(port);     /* the user the slot held; the caller holds another */
    if (n) {
        become_active(port);
        return n;
    }
    if (closed) {
        w32_set_error(ERROR_ABANDONED_WAIT_0);
        return 0;
    }
    result = w32_waiter_sleep(&pw.w, timeout);
    w32_object_lock(&port->obj);
    if (pw.linked)
        unlink_waiter(port, &pw);
    if (result == WAIT_OBJECT_0) {
        out[0] = pw.packet;
        n = 1 + take_queued(port, out + 1, max - 1, true);
    }
    w32_object_unlock(&port->obj);
    if (n) {
        become_active(port);
        return n;
    }
    w32_set_error(result == WAIT_ABANDONED_0 ? ERROR_ABANDONED_WAIT_0
                  : result == WAIT_IO_COMPLETION ? WAIT_IO_COMPLETION : WAIT_TIMEOUT);
    return 0;
}

/* take_packets as one of the parts of the library TerminateThread waits
 * out (lock.h): the waiter it queues lives on the thread's stack. */
static ULONG take_packets_counted(struct w32_port *port, struct packet **out, ULONG max,
                                  DWORD timeout, bool alertable)
{
    ULONG n;

    w32_unsafe_enter();
    n = take_packets(port, out, max, timeout, alertable);
    w32_unsafe_leave();
    w32_terminate_point_self();     /* a wait TerminateThread ended */
    return n;
}

/* ---- the API ---- */

static HANDLE new_port_handle(DWORD threads, struct w32_port **out)
{
    struct w32_port *port = w32_port_new(threads);
    HANDLE h;

    if (!port)
        return NULL;
    w32_object_ref(&port->obj);         /* kept for the caller, past the handle */
    h = w32_handle_create(&port->obj, IO_COMPLETION_ALL_ACCESS, FALSE);
    if (!h) {
        w32_object_unref(&port->obj);
        return NULL;
    }
    *out = port;
    return h;
}

HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                                     ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads)
{
    struct w32_port *port;
    HANDLE h;
    DWORD error;

    if (FileHandle == INVALID_HANDLE_VALUE) {
        if (ExistingCompletionPort) {
            w32_set_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        h = new_port_handle(NumberOfConcurrentThreads, &port);
        if (h)
            w32_object_unref(&port->obj);
        return h;
    }
    if (ExistingCompletionPort) {
        port = w32_port_get(ExistingCompletionPort);
        if (!port)
            return NULL;
        error = w32_aio_associate(FileHandle, port, CompletionKey);
        w32_port_release(port);
        if (error != ERROR_SUCCESS) {
            w32_set_error(error);
            return NULL;
        }
        return ExistingCompletionPort;
    }
    h = new_port_handle(NumberOfConcurrentThreads, &port);
    if (!h)
        return NULL;
    error = w32_aio_associate(FileHandle, port, CompletionKey);
    w32_object_unref(&port->obj);
    if (error != ERROR_SUCCESS) {
        CloseHandle(h);
        w32_set_error(error);
        return NULL;
    }
    return h;
}

BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                      PULONG_PTR lpCompletionKey, LPOVERLAPPED *lpOverlapped,
                                      DWORD dwMilliseconds)
{
    struct w32_port *port;
    struct packet *p;
    DWORD error;

    if (!lpNumberOfBytesTransferred || !lpCompletionKey || !lpOverlapped) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpOverlapped = NULL;
    port = w32_port_get(CompletionPort);
    if (!port)
        return FALSE;
    if (!take_packets_counted(port, &p, 1, dwMilliseconds, false)) {
        w32_port_release(port);
        return FALSE;
    }
    w32_port_release(port);
    *lpNumberOfBytesTransferred = p->bytes;
    *lpCompletionKey = p->key;
    *lpOverlapped = p->ov;
    error = RtlNtStatusToDosError((NTSTATUS)p->status);
    free(p);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

#define EX_BATCH 64

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
                                        LPOVERLAPPED_ENTRY lpCompletionPortEntries, ULONG ulCount,
                                        PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable)
{
    struct packet *taken[EX_BATCH];
    struct w32_port *port;
    ULONG n;

    if (!lpCompletionPortEntries || !ulNumEntriesRemoved) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!ulCount) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *ulNumEntriesRemoved = 0;
    port = w32_port_get(CompletionPort);
    if (!port)
        return FALSE;
    n = take_packets_counted(port, taken, ulCount < EX_BATCH ? ulCount : EX_BATCH, dwMilliseconds,
                     fAlertable);
    w32_port_release(port);
    for (ULONG i = 0; i < n; i++) {
        lpCompletionPortEntries[i].lpCompletionKey = taken[i]->key;
        lpCompletionPortEntries[i].lpOverlapped = taken[i]->ov;
        lpCompletionPortEntries[i].Internal = taken[i]->status;
        lpCompletionPortEntries[i].dwNumberOfBytesTransferred = taken[i]->bytes;
        free(taken[i]);
    }
    *ulNumEntriesRemoved = n;
    return n > 0;
}

BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped)
{
    struct w32_port *port = w32_port_get(CompletionPort);
    bool posted;

    if (!port)
        return FALSE;
    posted = w32_port_post(port, dwCompletionKey, lpOverlapped, dwNumberOfBytesTransferred, 0);
    w32_port_release(port);
    if (!posted)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return posted;
}

/*
 * fork (fork.h): port in the child, before it has a second thread. The
 * threads waiting on it, or active on it, are the parent's other threads,
 * which the child does not have: a packet must not go to one of them.
 */
void w32_port_fork_object(struct w32_object *obj)
{
    struct w32_port *port = (struct w32_port *)obj;

    if (obj->type != &port_type)
        return;
    port->top = NULL;
    port->active = active_port == port;
}
