/*
 * synchapi.h: WaitOnAddress and WakeByAddress*. A futex needs an aligned
 * 32-bit word; Windows takes any address and 1, 2, 4 or 8 bytes. So waiters
 * queue, in arrival order, in one of a fixed set of buckets hashed by address,
 * and each sleeps on a word of its own: a wake reaches exactly the waiters of
 * its address, and a wake with nobody waiting makes no system call.
 */
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include "error.h"
#include "futex.h"
#include "waitonaddress.h"
#include "fork.h"
#include "thread.h"

#define BUCKET_BITS 8

struct waiter {
    struct waiter *prev, *next;     /* in the bucket; its lock */
    const volatile void *addr;
    bool queued;                    /* its bucket's lock */
    atomic_uint woken;              /* 1 once a waker has dequeued it; futex word */
};

struct bucket {
    atomic_uint lock;               /* guards the queue; 0 free, 1 held, 2 contended */
    atomic_uint count;              /* waiters queued or about to compare */
    struct waiter *head, *tail;
};

static struct bucket buckets[1u << BUCKET_BITS];

/* The bucket locks are leaves: nothing else is taken or called while one is held. */
static void bucket_lock(struct bucket *b)
{
    unsigned expected = 0;

    if (atomic_compare_exchange_strong_explicit(&b->lock, &expected, 1, memory_order_acquire,
                                                memory_order_relaxed))
        return;
    while (atomic_exchange_explicit(&b->lock, 2, memory_order_acquire) != 0)
        w32_futex_wait(&b->lock, 2, NULL);
}

static void bucket_unlock(struct bucket *b)
{
    if (atomic_exchange_explicit(&b->lock, 0, memory_order_release) == 2)
        w32_futex_wake(&b->lock, 1);
}

static struct bucket *bucket_of(const volatile void *addr)
{
    uint64_t h = (uint64_t)(uintptr_t)addr * 0x9e3779b97f4a7c15u;

    return &buckets[h >> (64 - BUCKET_BITS)];
}

static void enqueue(struct bucket *b, struct waiter *w)
{
    w->prev = b->tail;
    w->next = NULL;
    if (b->tail)
        b->tail->next = w;
    else
        b->head = w;
    b->tail = w;
    w->queued = true;
}

static void dequeue(struct bucket *b, struct waiter *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        b->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        b->tail = w->prev;
    w->queued = false;
    atomic_fetch_sub_explicit(&b->count, 1, memory_order_relaxed);
}

/* Whether the size bytes at addr equal those at compare; the read is atomic
 * when addr is aligned for its size. */
static bool same_value(const volatile void *addr, const void *compare, SIZE_T size)
{
    if ((uintptr_t)addr % size == 0) {
        switch (size) {
        case 1: return __atomic_load_n((const volatile uint8_t *)addr, __ATOMIC_ACQUIRE) ==
                       *(const uint8_t *)compare;
        case 2: return __atomic_load_n((const volatile uint16_t *)addr, __ATOMIC_ACQUIRE) ==
                       *(const uint16_t *)compare;
        case 4: return __atomic_load_n((const volatile uint32_t *)addr, __ATOMIC_ACQUIRE) ==
                       *(const uint32_t *)compare;
        default: return __atomic_load_n((const volatile uint64_t *)addr, __ATOMIC_ACQUIRE) ==
                        *(const uint64_t *)compare;
        }
    }
    uint64_t value = 0;
    memcpy(&value, (const void *)addr, size);
    return memcmp(&value, compare, size) == 0;
}

static void deadline_after(DWORD ms, struct timespec *deadline)
{
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += ms / 1000;
    deadline->tv_nsec += (long)(ms % 1000) * 1000000;
    if (deadline->tv_nsec >= 1000000000) {
        deadline->tv_sec++;
        deadline->tv_nsec -= 1000000000;
    }
}

/* Sleeps until a waker dequeues w or the deadline passes; true if woken. */
static bool sleep_queued(struct bucket *b, struct waiter *w, const struct timespec *deadline)
{
    while (!atomic_load_explicit(&w->woken, memory_order_acquire)) {
        if (w32_futex_wait(&w->woken, 0, deadline) != ETIMEDOUT)
            continue;
        bucket_lock(b);
        bool claimed = !w->queued;
        if (!claimed)
            dequeue(b, w);
        bucket_unlock(b);
        if (!claimed)
            return false;
        /* A waker has taken w off the queue: it touches w until it sets woken. */
        while (!atomic_load_explicit(&w->woken, memory_order_acquire))
            w32_futex_wait(&w->woken, 0, NULL);
    }
    return true;
}

BOOL WINAPI WaitOnAddress(volatile VOID *Address, PVOID CompareAddress, SIZE_T AddressSize,
                          DWORD dwMilliseconds)
{
    struct bucket *b = bucket_of(Address);
    struct waiter w = { .addr = Address };
    struct timespec deadline;
    bool woken;

    if (AddressSize != 1 && AddressSize != 2 && AddressSize != 4 && AddressSize != 8) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!same_value(Address, CompareAddress, AddressSize))
        return TRUE;
    if (dwMilliseconds == 0) {
        w32_set_error(ERROR_TIMEOUT);
        return FALSE;
    }
    if (dwMilliseconds != INFINITE)
        deadline_after(dwMilliseconds, &deadline);

    /* Queued, w lives on this stack: TerminateThread waits for the end (lock.h). */
    w32_unsafe_enter();
    bucket_lock(b);
    /* Counted before comparing (a full barrier): a waker that changed the
     * value and then saw no count cannot have been missed. */
    atomic_fetch_add_explicit(&b->count, 1, memory_order_seq_cst);
    if (!same_value(Address, CompareAddress, AddressSize)) {
        atomic_fetch_sub_explicit(&b->count, 1, memory_order_relaxed);
        bucket_unlock(b);
        w32_unsafe_leave();
        return TRUE;
    }
    enqueue(b, &w);
    bucket_unlock(b);

    woken = sleep_queued(b, &w, dwMilliseconds == INFINITE ? NULL : &deadline);
    w32_unsafe_leave();
    w32_terminate_point_self();     /* TerminateThread came during the wait */
    if (woken)
        return TRUE;
    w32_set_error(ERROR_TIMEOUT);
    return FALSE;
}

/* Wakes up to max waiters on addr, oldest first. */
static void wake_address(const volatile void *addr, int max)
{
    struct bucket *b = bucket_of(addr);
    struct waiter *chosen = NULL, **last = &chosen;
    int n = 0;

    /* Pairs with the waiter's count-then-compare: the caller's change to the
     * value is visible before the count is read. */
    atomic_thread_fence(memory_order_seq_cst);
    if (atomic_load_explicit(&b->count, memory_order_relaxed) == 0)
        return;
    bucket_lock(b);
    for (struct waiter *w = b->head, *next; w && n < max; w = next) {
        next = w->next;
        if (w->addr != addr)
            continue;
        dequeue(b, w);
        w->next = NULL;
        *last = w;
        last = &w->next;
        n++;
    }
    bucket_unlock(b);
    while (chosen) {
        struct waiter *w = chosen;
        chosen = w->next;
        /* From this store on w may be gone; the wake below only names its address. */
        atomic_store_explicit(&w->woken, 1, memory_order_release);
        w32_futex_wake(&w->woken, 1);
    }
}

DWORD w32_address_waiters(const volatile void *addr)
{
    struct bucket *b = bucket_of(addr);
    DWORD n = 0;

    bucket_lock(b);
    for (struct waiter *w = b->head; w; w = w->next)
        n += w->addr == addr;
    bucket_unlock(b);
    return n;
}

void WINAPI WakeByAddressSingle(PVOID Address)
{
    wake_address(Address, 1);
}

void WINAPI WakeByAddressAll(PVOID Address)
{
    wake_address(Address, INT_MAX);
}

/* fork (fork.h): every bucket's lock. In the child every queued waiter is a
 * thread it does not have, and its memory may serve the child's new threads:
 * the queues start empty. */
void w32_waitonaddress_fork(enum w32_fork_phase phase)
{
    for (size_t i = 0; i < sizeof(buckets) / sizeof(buckets[0]); i++) {
        struct bucket *b = &buckets[i];

        if (phase == W32_FORK_PREPARE) {
            bucket_lock(b);
        } else if (phase == W32_FORK_PARENT) {
            bucket_unlock(b);
        } else if (phase == W32_FORK_CHILD) {
            atomic_store_explicit(&b->count, 0, memory_order_relaxed);
            b->head = b->tail = NULL;
            bucket_unlock(b);
        }
    }
}
