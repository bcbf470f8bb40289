/*
 * libFuzzer target: a state machine over handle operations. The input is a
 * program of operations on a few handle slots: create (events, mutexes,
 * semaphores, named or not), duplicate (same or less access, inheritable,
 * closing the source), close (twice, protected, pseudo handles), set and
 * query handle flags, signal, release, and waits on one or several handles
 * with a zero timeout. A model of the objects (kind, state, owner recursion,
 * names, handle references) predicts every return value, every last error
 * and the process's handle count, which are checked after each operation;
 * everything is closed at the end of each input, so that the process's
 * handle count returns to where it started and ASan finds any leak.
 *
 * One thread runs the program, so a mutex is free or owned by it, and no wait
 * depends on timing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <windows.h>

#define SLOTS 12
#define OBJECTS (SLOTS + 2)     /* one per slot at most, the process and this thread */
#define PROCESS_OBJECT SLOTS
#define THREAD_OBJECT (SLOTS + 1)
#define NAMES 3

enum kind { FREE, EVENT, MUTEX, SEMAPHORE, PROCESS, THREAD };

struct object {
    enum kind kind;
    int refs;                   /* open handles */
    int name;                   /* index of its name, or -1 */
    BOOL manual;
    BOOL signaled;
    LONG count, max;            /* semaphores */
    LONG recursion;             /* mutexes: owned by the program's thread if > 0 */
};

struct slot {
    HANDLE h;                   /* a handle value, open or not */
    BOOL open;
    int obj;
    ACCESS_MASK access;         /* the modify and SYNCHRONIZE rights it has */
    DWORD flags;                /* HANDLE_FLAG_* */
};

static struct object objects[OBJECTS];
static struct slot slots[SLOTS];
static DWORD baseline;
static char name_prefix[64];
static int trace;               /* FUZZ_HANDLES_TRACE set: each operation to stderr */

#define TRACE(...) \
    do { \
        if (trace) \
            fprintf(stderr, __VA_ARGS__); \
    } while (0)

/* ---- reading the program ---- */

static const uint8_t *in;
static size_t left;

static unsigned next(unsigned n)
{
    if (!left)
        return 0;
    left--;
    return *in++ % n;
}

/* ---- checks ---- */

#define CHECK(cond) \
    do { \
        if (!(cond)) { \
            fprintf(stderr, "fuzz_handles: line %d: %s (last error %lu)\n", __LINE__, #cond, \
                    (unsigned long)GetLastError()); \
            abort(); \
        } \
    } while (0)

static void expect_fail(BOOL ok, DWORD error)
{
    DWORD got = GetLastError();

    if (ok || got != error) {
        fprintf(stderr, "fuzz_handles: expected failure %lu, got %d with %lu\n",
                (unsigned long)error, ok, (unsigned long)got);
        abort();
    }
}

static void check_handle_count(void)
{
    DWORD n = 0;
    int open = 0;

    for (int i = 0; i < SLOTS; i++)
        open += slots[i].open;
    CHECK(GetProcessHandleCount(GetCurrentProcess(), &n));
    CHECK(n == baseline + (DWORD)open);
}

/* ---- the model ---- */

/* The open slot that holds value h, or -1: a closed slot's value may be reused. */
static int open_slot_of(HANDLE h)
{
    for (int i = 0; i < SLOTS; i++)
        if (slots[i].open && slots[i].h == h)
            return i;
    return -1;
}

static ACCESS_MASK modify_right(enum kind kind)
{
    return kind == EVENT ? EVENT_MODIFY_STATE : kind == SEMAPHORE ? SEMAPHORE_MODIFY_STATE : 0;
}

/* A handle to act on: a slot's value (open or stale), NULL, or a pseudo handle. */
static HANDLE pick_handle(void)
{
    unsigned choice = next(SLOTS + 3);

    if (choice < SLOTS)
        return slots[choice].h;
    if (choice == SLOTS)
        return NULL;
    if (choice == SLOTS + 1)
        return GetCurrentProcess();     /* INVALID_HANDLE_VALUE */
    return GetCurrentThread();
}

static BOOL is_pseudo(HANDLE h)
{
    return h == GetCurrentProcess() || h == GetCurrentThread();
}

/* The object behind h: an open slot's, the process's or thread's for a pseudo
 * handle, or -1. */
static int object_of(HANDLE h, ACCESS_MASK *access)
{
    int s;

    if (is_pseudo(h)) {
        *access = SYNCHRONIZE;
        return h == GetCurrentProcess() ? PROCESS_OBJECT : THREAD_OBJECT;
    }
    s = open_slot_of(h);
    if (s < 0)
        return -1;
    *access = slots[s].access;
    return slots[s].obj;
}

static int free_slot(void)
{
    int start = (int)next(SLOTS);

    for (int i = 0; i < SLOTS; i++) {
        int s = (start + i) % SLOTS;
        if (!slots[s].open)
            return s;
    }
    return -1;
}

static int free_object(void)
{
    for (int i = 0; i < SLOTS; i++)
        if (objects[i].kind == FREE)
            return i;
    return -1;
}

static int object_named(int name)
{
    for (int i = 0; i < SLOTS; i++)
        if (objects[i].kind != FREE && objects[i].name == name)
            return i;
    return -1;
}

static void open_slot(int s, HANDLE h, int obj, ACCESS_MASK access, DWORD flags)
{
    slots[s] = (struct slot){ .h = h, .open = TRUE, .obj = obj, .access = access,
                              .flags = flags };
    objects[obj].refs++;
}

static void drop_ref(int obj)
{
    if (obj >= SLOTS)
        return;                         /* the process and the thread stay */
    if (--objects[obj].refs == 0)
        objects[obj].kind = FREE;
}

/* Whether a zero-timeout wait would take obj now. */
static BOOL takes(const struct object *o)
{
    switch (o->kind) {
    case EVENT: return o->signaled;
    case MUTEX: return TRUE;            /* free or this thread's */
    case SEMAPHORE: return o->count > 0;
    default: return FALSE;
    }
}

static void take(struct object *o)
{
    if (o->kind == EVENT && !o->manual)
        o->signaled = FALSE;
    else if (o->kind == MUTEX)
        o->recursion++;
    else if (o->kind == SEMAPHORE)
        o->count--;
}

/* ---- operations ---- */

static void op_create(void)
{
    enum kind kind = EVENT + next(3);
    int named = next(2), name = (int)next(NAMES);
    BOOL flag = next(2);
    LONG init = (LONG)next(4), max = (LONG)next(4);
    int s = free_slot(), obj, existing = named ? object_named(name) : -1;
    char path[96];
    const char *name_arg = NULL;
    HANDLE h;

    if (s < 0)
        return;
    if (named) {
        snprintf(path, sizeof(path), "%s-%d", name_prefix, name);
        name_arg = path;
    }
    TRACE("create kind %d named %d/%d flag %d init %ld max %ld (existing %d)\n", kind, named,
          name, flag, (long)init, (long)max, existing);
    SetLastError(0xdead);
    if (kind == EVENT)
        h = CreateEventA(NULL, flag, init & 1, name_arg);
    else if (kind == MUTEX)
        h = CreateMutexA(NULL, flag, name_arg);
    else
        h = CreateSemaphoreA(NULL, init, max, name_arg);

    if (kind == SEMAPHORE && (max <= 0 || init > max)) {
        CHECK(h == NULL);
        CHECK(GetLastError() == ERROR_INVALID_PARAMETER);
        return;
    }
    if (existing >= 0 && objects[existing].kind != kind) {
        CHECK(h == NULL);
        CHECK(GetLastError() == ERROR_INVALID_HANDLE);
        return;
    }
    CHECK(h != NULL);
    CHECK(open_slot_of(h) < 0);
    if (existing >= 0) {
        CHECK(GetLastError() == ERROR_ALREADY_EXISTS);
        open_slot(s, h, existing, modify_right(kind) | SYNCHRONIZE, 0);
        return;
    }
    CHECK(GetLastError() == 0);
    obj = free_object();
    CHECK(obj >= 0);
    objects[obj] = (struct object){ .kind = kind, .name = named ? name : -1 };
    if (kind == EVENT) {
        objects[obj].manual = flag;
        objects[obj].signaled = init & 1;
    } else if (kind == MUTEX) {
        objects[obj].recursion = flag;
    } else {
        objects[obj].count = init;
        objects[obj].max = max;
    }
    open_slot(s, h, obj, modify_right(kind) | SYNCHRONIZE, 0);
}

static void op_close(void)
{
    HANDLE h = pick_handle();
    int s = open_slot_of(h);
    BOOL ok;

    TRACE("close %p (slot %d)\n", h, s);
    SetLastError(0xdead);
    ok = CloseHandle(h);
    if (is_pseudo(h)) {
        CHECK(ok);
        return;
    }
    if (s < 0 || (slots[s].flags & HANDLE_FLAG_PROTECT_FROM_CLOSE)) {
        expect_fail(ok, ERROR_INVALID_HANDLE);
        return;
    }
    CHECK(ok);
    slots[s].open = FALSE;
    drop_ref(slots[s].obj);
}

static void op_duplicate(void)
{
    HANDLE h = pick_handle(), out = NULL;
    unsigned how = next(3);
    BOOL inherit = next(2), close_source = next(2), ok;
    ACCESS_MASK access = 0, wanted;
    int src_obj = object_of(h, &access), src = open_slot_of(h), s = free_slot();
    DWORD options;

    if (s < 0)
        return;
    if (src >= 0 && (slots[src].flags & HANDLE_FLAG_PROTECT_FROM_CLOSE))
        close_source = FALSE;
    if (is_pseudo(h))
        close_source = FALSE;
    wanted = access;
    if (src_obj >= 0 && src_obj < SLOTS && objects[src_obj].kind != MUTEX && how)
        wanted = how == 1 ? SYNCHRONIZE : modify_right(objects[src_obj].kind);
    else
        how = 0;
    options = (how == 0 ? DUPLICATE_SAME_ACCESS : 0) | (close_source ? DUPLICATE_CLOSE_SOURCE : 0);
    TRACE("duplicate %p how %u inherit %d close %d\n", h, how, inherit, close_source);
    SetLastError(0xdead);
    ok = DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &out, how ? wanted : 0,
                         inherit, options);
    if (src_obj < 0) {
        expect_fail(ok, ERROR_INVALID_HANDLE);
        return;
    }
    CHECK(ok);
    if (close_source)
        slots[src].open = FALSE;
    /* A closed source's value may be the new handle's (it is under Wine). */
    CHECK(out != NULL && open_slot_of(out) < 0);
    open_slot(s, out, src_obj, wanted, inherit ? HANDLE_FLAG_INHERIT : 0);
    if (close_source)
        drop_ref(src_obj);              /* after the new reference: the object stays */
}

static void op_flags(void)
{
    HANDLE h = slots[next(SLOTS)].h;
    int s = open_slot_of(h);
    DWORD mask = next(4), flags = next(4), got = 0;
    BOOL ok;

    TRACE("flags %p mask %lu flags %lu\n", h, (unsigned long)mask, (unsigned long)flags);
    if (next(2)) {
        SetLastError(0xdead);
        ok = GetHandleInformation(h, &got);
        if (s < 0) {
            expect_fail(ok, ERROR_INVALID_HANDLE);
            return;
        }
        CHECK(ok);
        CHECK(got == slots[s].flags);
        return;
    }
    SetLastError(0xdead);
    ok = SetHandleInformation(h, mask, flags);
    if (s < 0) {
        expect_fail(ok, ERROR_INVALID_HANDLE);
        return;
    }
    CHECK(ok);
    slots[s].flags = (slots[s].flags & ~mask) | (flags & mask);
}

/* SetEvent, ResetEvent, PulseEvent, ReleaseMutex or ReleaseSemaphore on any handle. */
static void op_signal(void)
{
    unsigned which = next(5);
    HANDLE h = pick_handle();
    LONG n = (LONG)next(4), previous = -1;
    enum kind kind = which < 3 ? EVENT : which == 3 ? MUTEX : SEMAPHORE;
    ACCESS_MASK access = 0;
    int obj = object_of(h, &access);
    struct object *o = obj >= 0 ? &objects[obj] : NULL;
    BOOL ok;

    TRACE("signal %u %p n %ld\n", which, h, (long)n);
    SetLastError(0xdead);
    switch (which) {
    case 0: ok = SetEvent(h); break;
    case 1: ok = ResetEvent(h); break;
    case 2: ok = PulseEvent(h); break;
    case 3: ok = ReleaseMutex(h); break;
    default: ok = ReleaseSemaphore(h, n, &previous); break;
    }
    if (kind == SEMAPHORE && n <= 0) {
        expect_fail(ok, ERROR_INVALID_PARAMETER);
        return;
    }
    if (!o || o->kind != kind) {
        expect_fail(ok, ERROR_INVALID_HANDLE);
        return;
    }
    if (kind != MUTEX && !(access & modify_right(kind))) {
        expect_fail(ok, ERROR_ACCESS_DENIED);
        return;
    }
    if (kind == MUTEX) {
        if (o->recursion == 0) {
            expect_fail(ok, ERROR_NOT_OWNER);
            return;
        }
        o->recursion--;
    } else if (kind == SEMAPHORE) {
        if (o->count + n > o->max) {
            expect_fail(ok, ERROR_TOO_MANY_POSTS);
            return;
        }
        CHECK(previous == o->count);
        o->count += n;
    } else {
        o->signaled = which == 0;       /* a pulse with no waiter leaves it reset */
    }
    CHECK(ok);
}

/*
 * WaitForSingleObject or WaitForMultipleObjects, any or all, with no timeout.
 * Only the first takes pseudo handles: Windows' NtWaitForMultipleObjects
 * looks its handles up in the table, where they are not (Wine's sync.c
 * records it with todo_wine).
 */
static void op_wait(void)
{
    HANDLE handles[4];
    int objs[4];
    DWORD n = 1 + next(4), got, error = 0;
    BOOL all = next(2), single = n == 1 && next(2);

    for (DWORD i = 0; i < n; i++) {
        ACCESS_MASK access = 0;

        handles[i] = pick_handle();
        objs[i] = object_of(handles[i], &access);
        if (!error && (objs[i] < 0 || (!single && is_pseudo(handles[i]))))
            error = ERROR_INVALID_HANDLE;
        else if (!error && !(access & SYNCHRONIZE))
            error = ERROR_ACCESS_DENIED;
    }
    for (DWORD i = 0; i < n && all && !error; i++)
        for (DWORD j = 0; j < i; j++)
            if (objs[i] == objs[j])
                error = ERROR_INVALID_PARAMETER;
    TRACE("wait n %lu all %d single %d: %p %p %p %p\n", (unsigned long)n, all, single,
          handles[0], n > 1 ? handles[1] : NULL, n > 2 ? handles[2] : NULL,
          n > 3 ? handles[3] : NULL);
    SetLastError(0xdead);
    got = single ? WaitForSingleObject(handles[0], 0) : WaitForMultipleObjects(n, handles, all, 0);
    if (error) {
        CHECK(got == WAIT_FAILED);
        CHECK(GetLastError() == error);
        return;
    }
    if (all) {
        BOOL every = TRUE;

        for (DWORD i = 0; i < n; i++)
            every = every && takes(&objects[objs[i]]);
        CHECK(got == (every ? WAIT_OBJECT_0 : WAIT_TIMEOUT));
        for (DWORD i = 0; i < n && every; i++)
            take(&objects[objs[i]]);
        return;
    }
    for (DWORD i = 0; i < n; i++) {
        if (takes(&objects[objs[i]])) {
            CHECK(got == WAIT_OBJECT_0 + i);
            take(&objects[objs[i]]);
            return;
        }
    }
    CHECK(got == WAIT_TIMEOUT);
}

/* Closes every open handle, releasing what the program still owns. */
static void close_everything(void)
{
    for (int s = 0; s < SLOTS; s++) {
        struct object *o;

        if (!slots[s].open)
            continue;
        o = &objects[slots[s].obj];
        if (slots[s].flags & HANDLE_FLAG_PROTECT_FROM_CLOSE)
            CHECK(SetHandleInformation(slots[s].h, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
        while (o->kind == MUTEX && o->recursion > 0) {
            CHECK(ReleaseMutex(slots[s].h));
            o->recursion--;
        }
        CHECK(CloseHandle(slots[s].h));
        slots[s].open = FALSE;
        drop_ref(slots[s].obj);
    }
    for (int i = 0; i < SLOTS; i++)
        CHECK(objects[i].kind == FREE);
    check_handle_count();
}

static char namespace_dir[64];

/* The namespace goes with the run; what a failed input left open stays. */
static void remove_namespace(void)
{
    char sub[96];

    snprintf(sub, sizeof(sub), "%s/w32shim", namespace_dir);
    rmdir(sub);
    rmdir(namespace_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char shm[] = "/dev/shm/fuzz_handles.XXXXXX", tmp[] = "/tmp/fuzz_handles.XXXXXX";
    const char *dir;

    /* Named objects go to a namespace of this run's own, in memory if it can:
     * a shared block's first write to a file on disk may wait for the disk. */
    dir = mkdtemp(shm);
    if (!dir)
        dir = mkdtemp(tmp);
    if (dir) {
        snprintf(namespace_dir, sizeof(namespace_dir), "%s", dir);
        setenv("XDG_RUNTIME_DIR", dir, 1);
        atexit(remove_namespace);
    }
    snprintf(name_prefix, sizeof(name_prefix), "fuzz_handles-%d", (int)getpid());
    trace = getenv("FUZZ_HANDLES_TRACE") != NULL;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static void (*const ops[])(void) = { op_create, op_close, op_duplicate, op_flags,
                                         op_signal, op_wait };

    in = data;
    left = size;
    memset(slots, 0, sizeof(slots));
    memset(objects, 0, sizeof(objects));
    objects[PROCESS_OBJECT].kind = PROCESS;
    objects[THREAD_OBJECT].kind = THREAD;
    CHECK(GetProcessHandleCount(GetCurrentProcess(), &baseline));
    while (left) {
        ops[next(sizeof(ops) / sizeof(ops[0]))]();
        check_handle_count();
    }
    close_everything();
    return 0;
}
