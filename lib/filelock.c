/*
 * Byte-range locks of a file handle, as Windows grants them, held in the
 * kernel as OFD locks (fcntl F_OFD_SETLK) so that they keep other handles
 * and other processes out and go with the handle.
 *
 * Within one handle Windows' rules hold: an exclusive lock may not overlap
 * any lock of the handle, a shared one may overlap anything the handle
 * holds, and an unlock names one lock exactly. One open file description
 * carries all of a handle's locks, and its state over each byte is what the
 * handle's list says: exclusive (F_WRLCK) where an exclusive lock covers
 * the byte, shared (F_RDLCK) where only shared ones do, none elsewhere. A
 * change of the list changes the kernel's state only on the bytes whose
 * state changes, each run in one fcntl of its new type, so one lock of the
 * handle is never dropped or weakened, even for an instant, by a change to
 * another: a shared lock over the handle's exclusive one leaves those bytes
 * exclusive, and unlocking one of two overlapping locks turns the bytes the
 * other still covers to its type in place. In the common case (no overlap)
 * a lock or an unlock is one fcntl.
 *
 * The kernel grants a write lock only on a description open for writing
 * and a read lock only on one open for reading; Windows grants both on any
 * handle. A handle whose fd is not open both ways locks through a reopening
 * of its file for reading and writing (through /proc/self/fd), made at its
 * first lock. Where the kernel refuses that (a file the user may not write),
 * the locks go on the handle's own fd, and the type its mode does not allow
 * fails with ERROR_ACCESS_DENIED.
 *
 * A lock that may wait first tries without waiting. On a conflict it waits
 * on a second reopening of the file (the probe) for the same bytes (those
 * no exclusive lock of the handle covers, for a shared one): the kernel
 * wakes the probe once they are free, the probe lets go at once, and the
 * lock tries again. So the handle's own description is only ever changed
 * under its list's lock, and that lock is never held while waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "filelock.h"
#include "error.h"

/* The kernel's byte offsets end below 2^63; bytes beyond cannot be locked. */
#define KERNEL_END ((ULONGLONG)LLONG_MAX)

enum { UNLOCKED, SHARED, EXCLUSIVE };

/* One view of the list: without one entry (skip), and/or with one more (extra). */
struct view {
    size_t skip;                        /* (size_t)-1: none skipped */
    const struct w32_lock_range *extra; /* NULL: none added */
};

#define NO_SKIP ((size_t)-1)

void w32_range_locks_init(struct w32_range_locks *locks)
{
    w32_lock_init(&locks->lock);
    locks->fd = -1;
    locks->own_fd = false;
    locks->ranges = NULL;
    locks->count = locks->cap = 0;
}

void w32_range_locks_free(struct w32_range_locks *locks)
{
    if (locks->own_fd)
        close(locks->fd);
    free(locks->ranges);
}

/* The bytes of r the kernel can lock, [*lo, *hi); empty for a zero-length lock. */
static void span(const struct w32_lock_range *r, ULONGLONG *lo, ULONGLONG *hi)
{
    *lo = r->offset < KERNEL_END ? r->offset : KERNEL_END;
    *hi = r->length > KERNEL_END - *lo ? KERNEL_END : *lo + r->length;
}

/*
 * Whether [offset, offset + length) meets r, by Windows' rules: a
 * zero-length lock is a point that only a non-empty range containing it
 * meets. Written without sums, so ranges reaching 2^64 do not wrap.
 */
static bool overlaps(const struct w32_lock_range *r, ULONGLONG offset, ULONGLONG length)
{
    if (r->length == 0)
        return length != 0 && r->offset >= offset && r->offset - offset < length;
    if (length == 0)
        return offset >= r->offset && offset - r->offset < r->length;
    return offset >= r->offset ? offset - r->offset < r->length
                               : r->offset - offset < length;
}

static int state_of(const struct w32_lock_range *r, ULONGLONG x)
{
    ULONGLONG lo, hi;

    span(r, &lo, &hi);
    if (x < lo || x >= hi)
        return UNLOCKED;
    return r->exclusive ? EXCLUSIVE : SHARED;
}

/* The kernel state a view of the list asks for at byte x. */
static int state_at(const struct w32_range_locks *l, struct view v, ULONGLONG x)
{
    int state = v.extra ? state_of(v.extra, x) : UNLOCKED;

    for (size_t i = 0; i < l->count && state != EXCLUSIVE; i++) {
        int s = i == v.skip ? UNLOCKED : state_of(&l->ranges[i], x);
        if (s > state)
            state = s;
    }
    return state;
}

static int compare_offsets(const void *a, const void *b)
{
    ULONGLONG x = *(const ULONGLONG *)a, y = *(const ULONGLONG *)b;

    return x < y ? -1 : x > y;
}

/* Adds r's ends that fall inside (lo, hi) to points. */
static void add_ends(const struct w32_lock_range *r, ULONGLONG lo, ULONGLONG hi,
                     ULONGLONG *points, size_t *n)
{
    ULONGLONG a, b;

    span(r, &a, &b);
    if (a > lo && a < hi)
        points[(*n)++] = a;
    if (b > lo && b < hi)
        points[(*n)++] = b;
}

/*
 * Calls fn for each run of [lo, hi) over which the states two views ask
 * for stay the same, in order, with both states; stops at the first
 * nonzero return and returns it. Runs end only where a lock of the list
 * (or the view's extra one) starts or ends.
 */
typedef int (*run_fn)(void *ctx, ULONGLONG lo, ULONGLONG hi, int before, int after);

static int for_each_run(const struct w32_range_locks *l, ULONGLONG lo, ULONGLONG hi,
                        struct view before, struct view after, run_fn fn, void *ctx)
{
    ULONGLONG stack_points[32], *points = stack_points;
    size_t n = 0, max = 2 * (l->count + 2);
    ULONGLONG start = lo;
    int result = 0, b0, a0;

    if (lo >= hi)
        return 0;
    if (max > sizeof(stack_points) / sizeof(stack_points[0]) &&
        !(points = malloc(max * sizeof(*points))))
        return ENOMEM;
    for (size_t i = 0; i < l->count; i++)
        add_ends(&l->ranges[i], lo, hi, points, &n);
    if (before.extra)
        add_ends(before.extra, lo, hi, points, &n);
    if (after.extra)
        add_ends(after.extra, lo, hi, points, &n);
    qsort(points, n, sizeof(*points), compare_offsets);
    points[n++] = hi;
    b0 = state_at(l, before, lo);
    a0 = state_at(l, after, lo);
    for (size_t i = 0; i < n && !result; i++) {
        int b = points[i] < hi ? state_at(l, before, points[i]) : -1;
        int a = points[i] < hi ? state_at(l, after, points[i]) : -1;
        if (b == b0 && a == a0)
            continue;
        result = fn(ctx, start, points[i], b0, a0);
        start = points[i];
        b0 = b;
        a0 = a;
    }
    if (points != stack_points)
        free(points);
    return result;
}

/* One OFD lock operation, not waiting; 0 or an errno. */
static int set_kernel_state(int fd, ULONGLONG lo, ULONGLONG hi, int state, bool wait)
{
    static const short types[] = { F_UNLCK, F_RDLCK, F_WRLCK };
    struct flock fl = { .l_type = types[state], .l_whence = SEEK_SET,
                        .l_start = (off_t)lo, .l_len = (off_t)(hi - lo) };
    int rc;

    do
        rc = fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl);
    while (rc != 0 && errno == EINTR);
    return rc == 0 ? 0 : errno;
}

struct change {
    int fd;
    ULONGLONG done;     /* the changes below this offset were made */
};

static int apply_run(void *ctx, ULONGLONG lo, ULONGLONG hi, int before, int after)
{
    struct change *c = ctx;
    int err = before == after ? 0 : set_kernel_state(c->fd, lo, hi, after, false);

    if (!err)
        c->done = hi;
    return err;
}

/*
 * Whether v sees one state over all of [lo, hi) because it sees at most one
 * lock, which spans it: *state is then that state.
 */
static bool one_state(const struct w32_range_locks *l, struct view v, ULONGLONG lo, ULONGLONG hi,
                      int *state)
{
    const struct w32_lock_range *seen = v.extra;
    ULONGLONG a, b;

    for (size_t i = 0; i < l->count; i++) {
        if (i == v.skip)
            continue;
        if (seen)
            return false;
        seen = &l->ranges[i];
    }
    *state = UNLOCKED;
    if (!seen)
        return true;
    span(seen, &a, &b);
    *state = seen->exclusive ? EXCLUSIVE : SHARED;
    return a <= lo && b >= hi;
}

/*
 * Moves the kernel's state over [lo, hi) from what before asks for to what
 * after asks for, run by run; 0, or the errno of the run that failed, after
 * the runs already changed were put back.
 */
static int change_state(const struct w32_range_locks *l, ULONGLONG lo, ULONGLONG hi,
                        struct view before, struct view after)
{
    struct change c = { l->fd, lo };
    int err, from, to;

    /* The handle's first lock or its last: [lo, hi) is one run, one call. */
    if (one_state(l, before, lo, hi, &from) && one_state(l, after, lo, hi, &to))
        return lo >= hi || from == to ? 0 : set_kernel_state(l->fd, lo, hi, to, false);
    err = for_each_run(l, lo, hi, before, after, apply_run, &c);
    if (err && c.done > lo) {
        struct change undo = { l->fd, lo };
        for_each_run(l, lo, c.done, after, before, apply_run, &undo);
    }
    return err;
}

/* Room for one more lock in the list, grown by doubling. */
static bool reserve(struct w32_range_locks *l)
{
    size_t cap = l->cap ? l->cap * 2 : 4;
    struct w32_lock_range *grown;

    if (l->count < l->cap)
        return true;
    grown = realloc(l->ranges, cap * sizeof(*grown));
    if (!grown)
        return false;
    l->ranges = grown;
    l->cap = cap;
    return true;
}

static int reopen(int fd, int mode)
{
    char path[64];

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    return open(path, mode | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
}

/* The description the handle's locks live on, chosen at its first lock. */
static void choose_fd(struct w32_range_locks *l, int file_fd)
{
    int mode;

    if (l->fd >= 0)
        return;
    mode = fcntl(file_fd, F_GETFL);
    l->fd = file_fd;
    if (mode >= 0 && (mode & O_ACCMODE) == O_RDWR)
        return;
    int fd = reopen(file_fd, O_RDWR);
    if (fd >= 0) {
        l->fd = fd;
        l->own_fd = true;
    }
}

static DWORD lock_error(int err)
{
    if (err == EAGAIN || err == EACCES)
        return ERROR_LOCK_VIOLATION;
    if (err == EBADF)
        return ERROR_ACCESS_DENIED;     /* the fd's mode does not allow this type */
    return w32_error_from_errno(err);
}

/* One attempt, not waiting. The list's lock held. */
static DWORD try_lock(struct w32_range_locks *l, const struct w32_lock_range *r)
{
    ULONGLONG lo, hi;
    int err;

    for (size_t i = 0; r->exclusive && i < l->count; i++)
        if (overlaps(&l->ranges[i], r->offset, r->length))
            return ERROR_LOCK_VIOLATION;
    if (!reserve(l))
        return ERROR_NOT_ENOUGH_MEMORY;
    span(r, &lo, &hi);
    err = change_state(l, lo, hi, (struct view){ NO_SKIP, NULL }, (struct view){ NO_SKIP, r });
    if (err)
        return lock_error(err);
    l->ranges[l->count++] = *r;
    return ERROR_SUCCESS;
}

/* What the probe must take: the runs of r's bytes that no exclusive lock of the handle covers. */
struct probe {
    int fd;
    bool exclusive;
    int err;
};

static int probe_run(void *ctx, ULONGLONG lo, ULONGLONG hi, int before, int after)
{
    struct probe *p = ctx;

    if (before == EXCLUSIVE)
        return 0;
    p->err = set_kernel_state(p->fd, lo, hi, p->exclusive ? EXCLUSIVE : SHARED, true);
    return p->err;
}

/*
 * Waits until r's bytes could be locked: takes them on a description of its
 * own, which the kernel lets wait for the other holders, and lets go. With
 * no probe (the kernel refuses the reopening), waits a millisecond.
 * The list's lock is taken to see the handle's locks, and released while waiting.
 */
static DWORD wait_until_free(struct w32_range_locks *l, const struct w32_lock_range *r)
{
    struct w32_range_locks snapshot;
    struct probe p = { -1, r->exclusive, 0 };
    ULONGLONG lo, hi;
    int mode;

    w32_lock(&l->lock);
    mode = fcntl(l->fd, F_GETFL);
    p.fd = mode < 0 ? -1 : reopen(l->fd, mode & O_ACCMODE);
    snapshot = *l;
    snapshot.ranges = l->count ? malloc(l->count * sizeof(*l->ranges)) : NULL;
    if (snapshot.ranges)
        memcpy(snapshot.ranges, l->ranges, l->count * sizeof(*l->ranges));
    else
        snapshot.count = 0;
    w32_unlock(&l->lock);
    if (p.fd < 0) {
        free(snapshot.ranges);
        nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
        return ERROR_SUCCESS;
    }
    span(r, &lo, &hi);
    for_each_run(&snapshot, lo, hi, (struct view){ NO_SKIP, NULL }, (struct view){ NO_SKIP, NULL },
                 probe_run, &p);
    free(snapshot.ranges);
    close(p.fd);
    return p.err ? lock_error(p.err) : ERROR_SUCCESS;
}

DWORD w32_range_lock(struct w32_range_locks *locks, int file_fd, ULONGLONG offset,
                     ULONGLONG length, bool exclusive, bool wait)
{
    struct w32_lock_range r = { offset, length, exclusive };
    DWORD error;

    for (;;) {
        w32_lock(&locks->lock);
        choose_fd(locks, file_fd);
        error = try_lock(locks, &r);
        w32_unlock(&locks->lock);
        if (!wait || error != ERROR_LOCK_VIOLATION)
            return error;
        /* A conflict within the handle is not waited for (it could never end). */
        w32_lock(&locks->lock);
        for (size_t i = 0; exclusive && i < locks->count; i++)
            if (overlaps(&locks->ranges[i], offset, length))
                error = ERROR_SUCCESS;
        w32_unlock(&locks->lock);
        if (error == ERROR_SUCCESS)
            return ERROR_LOCK_VIOLATION;
        error = wait_until_free(locks, &r);
        if (error != ERROR_SUCCESS)
            return error;
    }
}

DWORD w32_range_unlock(struct w32_range_locks *locks, ULONGLONG offset, ULONGLONG length)
{
    size_t found = NO_SKIP;
    DWORD error = ERROR_SUCCESS;
    ULONGLONG lo, hi;
    int err;

    w32_lock(&locks->lock);
    for (size_t i = 0; i < locks->count; i++) {
        if (locks->ranges[i].offset != offset || locks->ranges[i].length != length)
            continue;
        if (found == NO_SKIP || locks->ranges[i].exclusive)
            found = i;
    }
    if (found == NO_SKIP) {
        error = ERROR_NOT_LOCKED;
    } else {
        span(&locks->ranges[found], &lo, &hi);
        /* Giving bytes back conflicts with nobody; only memory can run out. */
        err = change_state(locks, lo, hi, (struct view){ NO_SKIP, NULL },
                           (struct view){ found, NULL });
        if (err)
            error = w32_error_from_errno(err);
        else
            locks->ranges[found] = locks->ranges[--locks->count];
    }
    w32_unlock(&locks->lock);
    return error;
}
