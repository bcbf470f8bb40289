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
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <winternl.h>
#include "iocp.h"
#include "aio.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "thread.h"
#include "wait.h"
#include "clock.h"
#include "futex.h"
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
    struct w32_waiter w;                /* first: the waiter's block finds the rest */
    struct port_waiter *prev, *next;    /* on the port's stack; port lock */
    bool linked;                        /* port lock */
    struct packet *packet;              /* handed over with the claim */
    struct w32_port *port;
};

/*
 * The readiness of the pipe and socket requests that will post to the port,
 * which the port's own waiters poll (doc/design.md, "Completion ports"). A
 * file has one slot, for one request at a time; an epoll event names the
 * slot by index and generation, so one for a slot since freed is ignored.
 * The fd stays in the set, edge-triggered, from its first watched request
 * on, so that watching the next one costs no system call: an edge that
 * finds no request of its direction waiting is kept in ready, and the next
 * request of that direction is tried again instead of watched.
 */
struct watch_slot {
    uint32_t gen;
    uint32_t next_free;
    struct w32_io *io;                  /* the request waiting, or NULL */
    int fd;
    unsigned fd_gen;                    /* the file's fd_gen when fd was added */
    uint32_t events;                    /* what fd is in the set for; 0: not in it */
    uint32_t want;                      /* what io waits for */
    uint32_t ready;                     /* edges seen with nobody waiting for them */
};

struct port_poll {
    int epfd, wake_fd;
    unsigned id;                        /* tells a file's slot of this set from another's */
    w32_lock_t lock;                    /* the slots; a leaf */
    struct watch_slot *slots;
    uint32_t nslots, cap, free_head;
    bool closed;                        /* the port's handles went: nothing new */
    atomic_uint watched;                /* slots with a request */
    atomic_bool poller;                 /* one waiter polls */
};

#define NO_SLOT UINT32_MAX
#define WAKE_DATA UINT64_MAX
#define POLL_BATCH 16

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
    _Atomic(struct port_poll *) poll;   /* made with the first watched request */
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

static void poll_free(struct w32_port *port);

void w32_port_release(struct w32_port *port)
{
    if (atomic_fetch_sub_explicit(&port->users, 1, memory_order_acq_rel) == 1) {
        poll_free(port);
        w32_object_free(&port->obj);
    }
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

/* ---- readiness polled by the port's waiters ---- */

static atomic_uint poll_ids = 1;

/* The port's poll set, made now if need be; NULL if it cannot be. */
static struct port_poll *poll_get(struct w32_port *port)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);
    struct port_poll *none = NULL;
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = WAKE_DATA };

    if (poll)
        return poll;
    poll = calloc(1, sizeof(*poll));
    if (!poll)
        return NULL;
    poll->epfd = epoll_create1(EPOLL_CLOEXEC);
    poll->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (poll->epfd < 0 || poll->wake_fd < 0 ||
        epoll_ctl(poll->epfd, EPOLL_CTL_ADD, poll->wake_fd, &ev) != 0) {
        if (poll->epfd >= 0)
            close(poll->epfd);
        if (poll->wake_fd >= 0)
            close(poll->wake_fd);
        free(poll);
        return NULL;
    }
    w32_lock_init(&poll->lock);
    poll->free_head = NO_SLOT;
    poll->id = atomic_fetch_add_explicit(&poll_ids, 1, memory_order_relaxed);
    /* Under the port lock, against its close, which looks for the set after. */
    w32_object_lock(&port->obj);
    if (port->closed || !atomic_compare_exchange_strong_explicit(
                            &port->poll, &none, poll, memory_order_acq_rel, memory_order_acquire)) {
        w32_object_unlock(&port->obj);
        close(poll->epfd);
        close(poll->wake_fd);
        free(poll);
        return none;
    }
    w32_object_unlock(&port->obj);
    return poll;
}

/* The port's memory goes: so does its poll set. */
static void poll_free(struct w32_port *port)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);

    if (!poll)
        return;
    if (poll->epfd >= 0)
        close(poll->epfd);
    if (poll->wake_fd >= 0)
        close(poll->wake_fd);
    free(poll->slots);
    free(poll);
    atomic_store_explicit(&port->poll, NULL, memory_order_relaxed);
}

/* A free slot for a file's watch; poll lock held. NO_SLOT out of memory. */
static uint32_t slot_new(struct port_poll *poll)
{
    uint32_t i = poll->free_head;

    if (i != NO_SLOT) {
        poll->free_head = poll->slots[i].next_free;
    } else {
        if (poll->nslots == poll->cap) {
            uint32_t cap = poll->cap ? poll->cap * 2 : 64;
            struct watch_slot *slots = realloc(poll->slots, cap * sizeof(*slots));
            if (!slots)
                return NO_SLOT;
            poll->slots = slots;
            poll->cap = cap;
        }
        i = poll->nslots++;
        poll->slots[i].gen = 0;
    }
    poll->slots[i].io = NULL;
    poll->slots[i].fd = -1;
    poll->slots[i].events = 0;
    poll->slots[i].ready = 0;
    return i;
}

/* The file's slot in poll, made if it has none there; NULL out of memory. */
static struct watch_slot *slot_of(struct port_poll *poll, struct w32_port_watch *watch)
{
    if (watch->poll_id != poll->id) {
        uint32_t i = slot_new(poll);
        if (i == NO_SLOT)
            return NULL;
        watch->poll_id = poll->id;
        watch->slot = i;
    }
    return &poll->slots[watch->slot];
}

/* What an edge that ends a wait for want may carry. */
static uint32_t ends(uint32_t want)
{
    return want | EPOLLHUP | EPOLLERR | EPOLLRDHUP;
}

/* Puts fd in the set for events (edge-triggered), or changes what it is
 * there for; false if epoll refuses. Poll lock held. */
static bool slot_add(struct port_poll *poll, uint32_t i, int fd, uint32_t events, unsigned fd_gen)
{
    struct watch_slot *slot = &poll->slots[i];
    struct epoll_event ev = { .events = events | EPOLLRDHUP | EPOLLET,
                              .data.u64 = (uint64_t)slot->gen << 32 | i };
    int op = slot->events && slot->fd == fd ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;

    /* The file's fd may name a new open file description (a pipe instance
     * that connected again): the old one's entry went with it. */
    if (epoll_ctl(poll->epfd, op, fd, &ev) != 0) {
        op = errno == ENOENT ? EPOLL_CTL_ADD : errno == EEXIST ? EPOLL_CTL_MOD : -1;
        if (op < 0 || epoll_ctl(poll->epfd, op, fd, &ev) != 0) {
            slot->events = 0;
            return false;
        }
    }
    slot->events = events;
    slot->fd = fd;
    slot->fd_gen = fd_gen;
    /* Adding reports the readiness of now: older edges say nothing more. */
    slot->ready = 0;
    return true;
}

static void hand_role_on(struct w32_port *port);

enum w32_watch w32_port_watch_io(struct w32_port *port, struct w32_port_watch *watch,
                                 struct w32_io *io, int fd, short events)
{
    struct port_poll *poll = poll_get(port);
    unsigned fd_gen = atomic_load_explicit(&watch->fd_gen, memory_order_acquire);
    uint32_t want = (uint32_t)events & (EPOLLIN | EPOLLOUT);
    struct watch_slot *slot;
    enum w32_watch how = W32_WATCH_NO;

    if (!poll || !want)
        return W32_WATCH_NO;
    w32_lock(&poll->lock);
    slot = poll->closed ? NULL : slot_of(poll, watch);
    if (slot && !slot->io) {
        bool added = slot->events && slot->fd == fd && slot->fd_gen == fd_gen;
        /* Under the lock a cancellation takes to look for io: it either
         * sees io here or has marked it before this look. */
        if (w32_aio_cancelled(io)) {
            how = W32_WATCH_CANCELLED;
        } else if (added && (slot->events & want) && (slot->ready & ends(want))) {
            /* An edge came since the attempt that found nothing. */
            slot->ready &= ~want;
            how = W32_WATCH_RETRY;
        } else if ((added && (slot->events & want)) ||
                   slot_add(poll, watch->slot, fd, (added ? slot->events : EPOLLIN) | want,
                            fd_gen)) {
            slot->io = io;
            slot->want = want;
            atomic_fetch_add_explicit(&poll->watched, 1, memory_order_seq_cst);
            how = W32_WATCHED;
        }
    }
    w32_unlock(&poll->lock);
    /* A waiter sleeping on its futex word polls now, if none does. */
    if (how == W32_WATCHED && !atomic_load_explicit(&poll->poller, memory_order_seq_cst))
        hand_role_on(port);
    return how;
}

struct w32_io *w32_port_unwatch_io(struct w32_port *port, struct w32_port_watch *watch,
                                   struct w32_io *io)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);
    struct w32_io *taken = NULL;

    if (!poll)
        return NULL;
    w32_lock(&poll->lock);
    struct watch_slot *slot = watch->poll_id == poll->id ? &poll->slots[watch->slot] : NULL;
    if (slot && slot->io && (!io || slot->io == io)) {
        taken = slot->io;
        slot->io = NULL;
        atomic_fetch_sub_explicit(&poll->watched, 1, memory_order_relaxed);
    }
    w32_unlock(&poll->lock);
    return taken;
}

void w32_port_forget(struct w32_port *port, struct w32_port_watch *watch)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);

    if (!poll)
        return;
    w32_lock(&poll->lock);
    if (watch->poll_id == poll->id) {
        struct watch_slot *slot = &poll->slots[watch->slot];
        if (slot->events && poll->epfd >= 0)
            epoll_ctl(poll->epfd, EPOLL_CTL_DEL, slot->fd, NULL);
        slot->gen++;
        slot->next_free = poll->free_head;
        poll->free_head = watch->slot;
        watch->poll_id = 0;
    }
    w32_unlock(&poll->lock);
}

/* Gives every watched request back to its file's engine (the port closed,
 * or a thread waits on it without taking packets). */
static void evict_all(struct w32_port *port)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);

    if (!poll || !atomic_load_explicit(&poll->watched, memory_order_seq_cst))
        return;
    for (;;) {
        struct w32_io *batch[64];
        unsigned n = 0;
        w32_lock(&poll->lock);
        for (uint32_t i = 0; i < poll->nslots && n < 64; i++) {
            if (poll->slots[i].io) {
                batch[n++] = poll->slots[i].io;
                poll->slots[i].io = NULL;
                atomic_fetch_sub_explicit(&poll->watched, 1, memory_order_relaxed);
            }
        }
        w32_unlock(&poll->lock);
        if (!n)
            return;
        for (unsigned i = 0; i < n; i++)
            w32_aio_to_engine(batch[i]);
    }
}

/* One readiness edge: the poller takes the slot's request and tries it, or
 * keeps the edge for the next request. */
static void poll_event(struct port_poll *poll, const struct epoll_event *ev)
{
    uint64_t data = ev->data.u64, count;
    uint32_t i = (uint32_t)data, gen = (uint32_t)(data >> 32);
    struct w32_io *io = NULL;

    if (data == WAKE_DATA) {
        while (read(poll->wake_fd, &count, sizeof(count)) < 0 && errno == EINTR)
            ;
        return;
    }
    w32_lock(&poll->lock);
    if (i < poll->nslots && poll->slots[i].gen == gen) {
        struct watch_slot *slot = &poll->slots[i];
        if (slot->io && (ev->events & ends(slot->want))) {
            io = slot->io;
            slot->io = NULL;
            atomic_fetch_sub_explicit(&poll->watched, 1, memory_order_relaxed);
        } else {
            slot->ready |= ev->events;
        }
        /* A write's wait is over: the peer's every read would wake the poller. */
        if ((slot->events & EPOLLOUT) && !(slot->io && (slot->want & EPOLLOUT)))
            slot_add(poll, i, slot->fd, slot->events & ~(uint32_t)EPOLLOUT, slot->fd_gen);
    }
    w32_unlock(&poll->lock);
    if (io)
        w32_aio_port_ready(io);
}

/* Milliseconds until deadline, rounded up; -1 without one. */
static int ms_until(const struct timespec *deadline)
{
    struct timespec now;
    long long ms;

    if (!deadline)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long long)(deadline->tv_sec - now.tv_sec) * 1000 +
         (deadline->tv_nsec - now.tv_nsec + 999999) / 1000000;
    return ms < 0 ? 0 : ms > INT32_MAX ? INT32_MAX : (int)ms;
}

/*
 * Wakes a waiter that sleeps on its futex word, so that it becomes the
 * poller: the last one left, or a request came to be watched with none.
 */
static void hand_role_on(struct w32_port *port)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);

    if (!poll || !atomic_load_explicit(&poll->watched, memory_order_seq_cst))
        return;
    w32_object_lock(&port->obj);
    for (struct port_waiter *pw = port->top; pw; pw = pw->next) {
        if (!atomic_load_explicit(&pw->w.polling, memory_order_relaxed)) {
            w32_defer_wake(&pw->w.state);
            break;
        }
    }
    w32_object_unlock(&port->obj);
}

/*
 * How a thread in GetQueuedCompletionStatus(Ex) sleeps (wait.h's block):
 * one of the port's waiters at a time polls the readiness of the watched
 * requests, finishing those that are ready (which posts their packets, to
 * itself first when it is the newest waiter); the others sleep on their
 * futex word. Whoever ends the poller's wait writes its eventfd.
 */
static int port_block(struct w32_waiter *w, unsigned state, const struct timespec *deadline)
{
    struct port_waiter *pw = (struct port_waiter *)w;
    struct port_poll *poll = atomic_load_explicit(&pw->port->poll, memory_order_acquire);
    struct epoll_event evs[POLL_BATCH];
    bool timed_out;
    int n;

    if (!poll || !atomic_load_explicit(&poll->watched, memory_order_relaxed) ||
        atomic_exchange_explicit(&poll->poller, true, memory_order_seq_cst)) {
        struct futex_waitv own = w32_futex_word(&w->state, state, false);
        return w32_wait_moves_soon(&own, 1) ? 0 : w32_futex_wait(&w->state, state, deadline);
    }
    /* Ended meanwhile: perhaps by the port's close, which then waits for no
     * poller and closes the fds (close_poll), so they are not touched. */
    if (atomic_load_explicit(&w->state, memory_order_seq_cst) != state) {
        atomic_store_explicit(&poll->poller, false, memory_order_seq_cst);
        hand_role_on(pw->port);
        return 0;
    }
    w->wake_fd = poll->wake_fd;
    atomic_store_explicit(&w->polling, true, memory_order_seq_cst);
    n = atomic_load_explicit(&w->state, memory_order_seq_cst) == state
            ? epoll_wait(poll->epfd, evs, POLL_BATCH, ms_until(deadline))
            : -1;
    atomic_store_explicit(&w->polling, false, memory_order_seq_cst);
    for (int i = 0; i < n; i++)
        poll_event(poll, &evs[i]);
    atomic_store_explicit(&poll->poller, false, memory_order_seq_cst);
    timed_out = n == 0 && ms_until(deadline) == 0;
    /* A poller that leaves the port lets another waiter poll. */
    if (timed_out || atomic_load_explicit(&w->state, memory_order_seq_cst) != state)
        hand_role_on(pw->port);
    return timed_out ? ETIMEDOUT : 0;
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

/* A thread that waits on the port itself takes no packet, so polls nothing:
 * the engine finishes the watched requests instead. */
static bool port_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    struct w32_port *port = (struct w32_port *)obj;

    if (atomic_load_explicit(&port->queued, memory_order_seq_cst) > 0)
        return true;
    evict_all(port);
    return false;
}

/* No request is watched after the port's close: those watched now go to the engine. */
static void close_poll(struct w32_port *port)
{
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_acquire);

    if (!poll)
        return;
    w32_lock(&poll->lock);
    poll->closed = true;
    w32_unlock(&poll->lock);
    evict_all(port);
    /* The waiters were ended and no new one sleeps on a closed port: once the
     * last poller is out, the fds go (a thread active on the port keeps its
     * memory, not them). */
    while (atomic_load_explicit(&poll->poller, memory_order_seq_cst))
        sched_yield();
    w32_lock(&poll->lock);
    close(poll->epfd);
    close(poll->wake_fd);
    poll->epfd = poll->wake_fd = -1;
    w32_unlock(&poll->lock);
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
    close_poll(port);
    if (atomic_fetch_sub_explicit(&port->users, 1, memory_order_acq_rel) != 1)
        return false;
    poll_free(port);
    return true;
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
 * Takes between 1 and max packets from port for thread, the calling one,
 * waiting up to timeout ms, in a critical section it entered (lock.h): the
 * number taken, or 0 with the error set (WAIT_TIMEOUT, WAIT_IO_COMPLETION,
 * ERROR_ABANDONED_WAIT_0). *ended: the wait's result for w32_wait_end.
 */
static ULONG take_packets(struct w32_port *port, struct w32_thread *thread, struct packet **out,
                          ULONG max, DWORD timeout, bool alertable, DWORD *ended)
{
    struct port_waiter pw = { .linked = false };
    bool slot, closed;
    ULONG n;
    DWORD result;

    *ended = WAIT_OBJECT_0;
    pthread_once(&active_once, make_active_key);
    w32_waiter_init(&pw.w, thread, alertable);
    pw.w.block = port_block;
    pw.port = port;
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
    result = *ended = w32_waiter_sleep(&pw.w, timeout);
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

/*
 * One taker of packets, from the port's lookup to the drop of its reference
 * and of the packets it took, inside the critical section TerminateThread
 * waits out (lock.h): the waiter it queues lives on the thread's stack.
 */
struct taker {
    struct w32_thread *thread;
    struct w32_port *port;
    DWORD ended;                /* for w32_wait_end */
};

static bool taker_begin(struct taker *t, HANDLE h)
{
    t->thread = w32_thread_self();
    if (!t->thread) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    w32_unsafe_enter();
    t->port = w32_port_get(h);
    if (t->port)
        return true;
    w32_unsafe_leave();
    return false;
}

/* After the packets taken are copied out and freed; error: ERROR_SUCCESS or
 * the last error to report (run APCs may have changed it). */
static void taker_end(struct taker *t, DWORD error)
{
    w32_port_release(t->port);
    w32_unsafe_leave();
    w32_wait_end(t->thread, t->ended);
    if (error != ERROR_SUCCESS)
        w32_set_error(error);
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
    struct taker t;
    struct packet *p;
    DWORD error;

    if (!lpNumberOfBytesTransferred || !lpCompletionKey || !lpOverlapped) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpOverlapped = NULL;
    if (!taker_begin(&t, CompletionPort))
        return FALSE;
    if (!take_packets(t.port, t.thread, &p, 1, dwMilliseconds, false, &t.ended)) {
        taker_end(&t, w32_last_error);
        return FALSE;
    }
    *lpNumberOfBytesTransferred = p->bytes;
    *lpCompletionKey = p->key;
    *lpOverlapped = p->ov;
    error = RtlNtStatusToDosError((NTSTATUS)p->status);
    free(p);
    taker_end(&t, error);
    return error == ERROR_SUCCESS;
}

#define EX_BATCH 64

BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort,
                                        LPOVERLAPPED_ENTRY lpCompletionPortEntries, ULONG ulCount,
                                        PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable)
{
    struct packet *taken[EX_BATCH];
    struct taker t;
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
    if (!taker_begin(&t, CompletionPort))
        return FALSE;
    n = take_packets(t.port, t.thread, taken, ulCount < EX_BATCH ? ulCount : EX_BATCH,
                     dwMilliseconds, fAlertable, &t.ended);
    for (ULONG i = 0; i < n; i++) {
        lpCompletionPortEntries[i].lpCompletionKey = taken[i]->key;
        lpCompletionPortEntries[i].lpOverlapped = taken[i]->ov;
        lpCompletionPortEntries[i].Internal = taken[i]->status;
        lpCompletionPortEntries[i].dwNumberOfBytesTransferred = taken[i]->bytes;
        free(taken[i]);
    }
    *ulNumEntriesRemoved = n;
    taker_end(&t, n ? ERROR_SUCCESS : w32_last_error);
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
    /* The poll set is the parent's, and so are the requests it watches. */
    struct port_poll *poll = atomic_load_explicit(&port->poll, memory_order_relaxed);
    if (poll) {
        w32_lock_init(&poll->lock);
        poll_free(port);
    }
}
