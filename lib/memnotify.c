/*
 * winbase.h, memoryapi.h: memory resource notifications. As on Windows, all
 * the notifications of one kind are one object, signalled while its memory
 * condition holds: available memory (MemAvailable of /proc/meminfo) at most
 * the low threshold, or at least the high one. The thresholds are Windows'
 * defaults, computed from MemTotal: 32 MiB per 4 GiB, at most 64 MiB, for
 * low; three times that for high.
 *
 * One monitor thread, started with the first notification object, reads
 * /proc/meminfo once a second while an object exists and signals or resets
 * the objects; it sleeps without a deadline while none does. A Query reads
 * /proc/meminfo itself and publishes what it read. Nothing else is polled:
 * a wait sleeps in the dispatcher until the monitor wakes it.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "error.h"
#include "fork.h"
#include "futex.h"
#include "handle.h"
#include "memnotify.h"
#include "namespace.h"
#include "rcu.h"
#include "spawn_hidden.h"
#include "wait.h"

#define KINDS 2
#define RECHECK_NS 1000000000LL         /* the monitor's period while an object exists */
#define MIB (1024ULL * 1024)
#define NOTIFICATION_ACCESS (SYNCHRONIZE | EVENT_QUERY_STATE)

struct notification {
    struct w32_object obj;
    MEMORY_RESOURCE_NOTIFICATION_TYPE kind;
    atomic_uint state;                  /* 1 while the condition holds */
};

/* The object of each kind while it has a handle; replaced by compare-and-swap. */
static _Atomic(struct notification *) objects[KINDS];
/* Moved to wake the monitor: an object appeared, or the thresholds changed. */
static atomic_uint monitor_gen;
static atomic_bool monitor_running;
/* Orders the notifications' state changes (publish); a leaf, taken before no
 * other lock. */
static pthread_mutex_t publish_lock = PTHREAD_MUTEX_INITIALIZER;

/* Test thresholds: set, low and high, each read on its own (a test sets them
 * while no state matters). */
static atomic_bool override_set;
static _Atomic uint64_t override_low, override_high;

static const struct w32_object_type notification_type;

struct memory_reading {
    uint64_t total, available;
};

/* The value of the line "key: N kB" in text, in bytes; false if absent. */
static bool meminfo_field(const char *text, const char *key, uint64_t *bytes)
{
    const char *line = strstr(text, key);

    if (!line)
        return false;
    *bytes = strtoull(line + strlen(key), NULL, 10) * 1024;
    return true;
}

/*
 * Total and available memory now. Kernels before 3.14 have no MemAvailable;
 * there (or without /proc) free RAM plus buffers from sysinfo(2) stands in.
 */
/*
 * /proc/meminfo, opened once and kept: the monitor reads it every second, and
 * an fd that came and went each time would show in the process's fd count
 * at any moment (the tests count fds around their calls).
 */
static int meminfo_fd = -1;
static pthread_once_t meminfo_once = PTHREAD_ONCE_INIT;

static void open_meminfo(void)
{
    meminfo_fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
}

static struct memory_reading read_memory(void)
{
    struct memory_reading r = { 0, 0 };
    char text[4096];
    ssize_t n = -1;
    struct sysinfo si;

    pthread_once(&meminfo_once, open_meminfo);
    if (meminfo_fd >= 0)
        n = pread(meminfo_fd, text, sizeof(text) - 1, 0);
    if (n > 0) {
        text[n] = '\0';
        if (meminfo_field(text, "MemTotal:", &r.total) &&
            meminfo_field(text, "MemAvailable:", &r.available))
            return r;
    }
    if (sysinfo(&si) == 0) {
        r.total = (uint64_t)si.totalram * si.mem_unit;
        r.available = ((uint64_t)si.freeram + si.bufferram) * si.mem_unit;
    }
    return r;
}

/* Windows' default low threshold for total bytes of memory. */
static uint64_t default_low(uint64_t total)
{
    uint64_t low = total / 128;         /* 32 MiB per 4 GiB */

    return low < 64 * MIB ? low : 64 * MIB;
}

/* Whether the condition of kind holds with reading r. */
static bool condition_holds(MEMORY_RESOURCE_NOTIFICATION_TYPE kind, struct memory_reading r)
{
    uint64_t low = default_low(r.total), high = 3 * low;

    if (atomic_load(&override_set)) {
        low = atomic_load(&override_low);
        high = atomic_load(&override_high);
    }
    if (kind == LowMemoryResourceNotification)
        return r.available <= low;
    return r.available >= high;
}

/*
 * Sets n's state to what r says and wakes its waiters if it became signalled.
 * Under publish_lock, so that a state computed with thresholds that were
 * replaced meanwhile cannot overwrite one computed with the new ones.
 */
static void publish(struct notification *n, struct memory_reading r)
{
    unsigned now, before;

    pthread_mutex_lock(&publish_lock);
    now = condition_holds(n->kind, r);
    before = atomic_exchange_explicit(&n->state, now, memory_order_seq_cst);
    pthread_mutex_unlock(&publish_lock);
    if (before != now && now)
        w32_dispatch_changed(&n->obj);
}

/* The object of kind, referenced, or NULL if it has no handle now. */
static struct notification *current(MEMORY_RESOURCE_NOTIFICATION_TYPE kind)
{
    struct notification *n;

    w32_read_lock();
    n = atomic_load(&objects[kind]);
    if (n && !w32_object_try_ref(&n->obj))
        n = NULL;
    w32_read_unlock();
    return n;
}

/* Publishes reading r to every object; false if there is none. */
static bool publish_all(struct memory_reading r)
{
    bool any = false;

    for (int kind = 0; kind < KINDS; kind++) {
        struct notification *n = current(kind);

        if (!n)
            continue;
        any = true;
        publish(n, r);
        w32_object_unref(&n->obj);
    }
    return any;
}

static void *monitor_main(void *arg)
{
    for (;;) {
        unsigned gen = atomic_load(&monitor_gen);
        bool any = publish_all(read_memory());
        struct timespec until;

        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += RECHECK_NS / 1000000000LL;
        w32_futex_wait(&monitor_gen, gen, any ? &until : NULL);
    }
    return NULL;
}

/* Starts the monitor unless it runs; a failure is retried by the next Create. */
static bool monitor_started(void)
{
    bool expected = false;

    if (atomic_load(&monitor_running) ||
        !atomic_compare_exchange_strong(&monitor_running, &expected, true))
        return true;
    w32_fork_ensure();
    if (w32_spawn_hidden(monitor_main, NULL))
        return true;
    atomic_store(&monitor_running, false);
    return false;
}

static void poke_monitor(void)
{
    atomic_fetch_add(&monitor_gen, 1);
    w32_futex_wake(&monitor_gen, 1);
}

static bool notification_signaled(struct w32_object *obj, struct w32_thread *thread)
{
    return atomic_load_explicit(&((struct notification *)obj)->state, memory_order_relaxed);
}

/* Like a manual-reset event: a wait takes nothing. */
static int notification_acquire(struct w32_object *obj, struct w32_thread *thread)
{
    return w32_flag_acquire(&((struct notification *)obj)->state, true);
}

static void notification_unacquire(struct w32_object *obj, struct w32_thread *thread,
                                   int acquired)
{
}

/* The last handle is gone: a later Create makes a new object. */
static bool notification_destroy(struct w32_object *obj)
{
    struct notification *n = (struct notification *)obj;
    struct notification *expected = n;

    atomic_compare_exchange_strong(&objects[n->kind], &expected, NULL);
    return true;
}

static const struct w32_object_type notification_type = {
    .name = "Event",
    .access = W32_EVENT_ACCESS,
    .signaled = notification_signaled,
    .acquire = notification_acquire,
    .unacquire = notification_unacquire,
    .destroy = notification_destroy,
};

/* A new object of kind, referenced, its state read now; NULL, error set. */
static struct notification *new_notification(MEMORY_RESOURCE_NOTIFICATION_TYPE kind)
{
    struct notification *n = malloc(sizeof(*n));

    if (!n) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&n->obj, &notification_type);
    n->kind = kind;
    atomic_init(&n->state, condition_holds(kind, read_memory()));
    return n;
}

/* The object of kind, referenced: the current one, or a new one installed. */
static struct notification *get_notification(MEMORY_RESOURCE_NOTIFICATION_TYPE kind)
{
    for (;;) {
        struct notification *n = current(kind), *seen = NULL;

        if (n)
            return n;
        n = new_notification(kind);
        if (!n)
            return NULL;
        /* A dying object may still sit in the slot: it is replaced. */
        seen = atomic_load(&objects[kind]);
        if (atomic_compare_exchange_strong(&objects[kind], &seen, n))
            return n;
        w32_object_unref(&n->obj);
    }
}

HANDLE WINAPI CreateMemoryResourceNotification(MEMORY_RESOURCE_NOTIFICATION_TYPE NotificationType)
{
    struct notification *n;

    if ((unsigned)NotificationType >= KINDS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    n = get_notification(NotificationType);
    if (!n)
        return NULL;
    if (!monitor_started()) {
        w32_object_unref(&n->obj);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    poke_monitor();
    return w32_handle_create(&n->obj, NOTIFICATION_ACCESS, FALSE);
}

/* The notification or event behind h, referenced; NULL for anything else. */
static struct w32_object *query_target(HANDLE h)
{
    struct w32_object *obj;

    if (h == W32_PSEUDO_PROCESS || h == W32_PSEUDO_THREAD)
        return NULL;
    obj = w32_handle_get(h, NULL, 0);
    if (obj && obj->type != &notification_type && obj->type != w32_shared_event_type) {
        w32_object_unref(obj);
        return NULL;
    }
    return obj;
}

/*
 * The state of a notification, read now, or of an event (Windows' notifications
 * are events, and Query reads any event's state without changing it). Any other
 * handle, NULL or a pseudo handle: ERROR_INVALID_PARAMETER, as Windows answers
 * for NULL.
 */
BOOL WINAPI QueryMemoryResourceNotification(HANDLE ResourceNotificationHandle,
                                            PBOOL ResourceState)
{
    struct w32_object *obj;

    obj = query_target(ResourceNotificationHandle);
    if (!obj || !ResourceState) {
        if (obj)
            w32_object_unref(obj);
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (obj->type == &notification_type)
        publish((struct notification *)obj, read_memory());
    *ResourceState = obj->type->signaled(obj, NULL) ? TRUE : FALSE;
    w32_object_unref(obj);
    return TRUE;
}

void w32_memnotify_set_thresholds(bool set, uint64_t low, uint64_t high)
{
    atomic_store(&override_low, low);
    atomic_store(&override_high, high);
    atomic_store(&override_set, set);
    poke_monitor();
}

/* fork (fork.h): the monitor is the parent's; the child starts its own if it
 * holds a notification. */
void w32_memnotify_fork(enum w32_fork_phase phase)
{
    if (phase == W32_FORK_CHILD)
        atomic_store(&monitor_running, false);
    w32_fork_mutex(&publish_lock, phase);
    if (phase == W32_FORK_RESUME && (atomic_load(&objects[0]) || atomic_load(&objects[1])))
        monitor_started();
}
