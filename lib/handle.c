/*
 * handleapi.h and the handle table behind it.
 *
 * The table is split into shards, each a uthash table with its own writer
 * lock, sequence counter and free list; a handle value names its shard in its
 * low bits. A thread creates its handles in its own shard, so threads that
 * create and close handles never share a lock or a written cache line.
 * Lookups take no lock at all: they run inside a read section (rcu.h) and
 * validate what they read against the shard's sequence counter (a seqlock),
 * while writers retire entries and bucket arrays instead of freeing them.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "handle.h"
#include "job.h"
#include <unistd.h>
#include "error.h"
#include "inherit.h"
#include "process.h"
#include "rcu.h"
#include "thread.h"
#include "fork.h"
#include "xproc.h"

#define SHARD_BITS 6
#define NSHARDS (1u << SHARD_BITS)
/* Keep values below 2^30 so they survive code that stores handles in a DWORD. */
#define HANDLE_VALUE_MAX ((uintptr_t)1 << 30)
#define INDEX_LIMIT ((HANDLE_VALUE_MAX >> 2) >> SHARD_BITS)
/* The top indexes of each shard are values other processes send this one
 * (xproc.h): the table never gives them out itself. */
#define RESERVED_PER_SHARD (W32_XPROC_SLOTS / NSHARDS)
#define FIRST_RESERVED (INDEX_LIMIT - RESERVED_PER_SHARD)
/* A chain this long means a writer rebuilt it under the walk: look again. */
#define WALK_LIMIT 1024
#define OPTIMISTIC_TRIES 4
/*
 * uthash links a new entry with plain stores. Where the CPU keeps stores in
 * order (x86), a reader that sees the link sees the entry; elsewhere lookups
 * take the shard lock.
 */
#if defined(__x86_64__) || defined(__i386__)
#define OPTIMISTIC_READS 1
#else
#define OPTIMISTIC_READS 0
#endif

/* Within a shard, values are dense indexes: the index is a perfect hash. */
#define HASH_FUNCTION(keyptr, keylen, hashv) \
    ((hashv) = (unsigned)(*(const uintptr_t *)(keyptr) >> (2 + SHARD_BITS)))
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (table_oom = 1)
#define uthash_malloc(sz) table_alloc(sz)
#define uthash_free(ptr, sz) table_free(ptr)
#include <uthash.h>
/* With dense values and the identity hash, buckets fill evenly: grow them as
 * soon as a chain forms, so a lookup touches one entry, not ten. */
#undef HASH_BKT_CAPACITY_THRESH
#define HASH_BKT_CAPACITY_THRESH 2U

#define HANDLE_FLAGS_VALID (HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE)

struct handle_entry {
    UT_hash_handle hh;
    uintptr_t value;
    struct w32_object *obj;
    ACCESS_MASK access;
    uint16_t flags;
    uint16_t listing;       /* in the process's record (xproc.h); 0: not listed */
};

_Static_assert(sizeof(struct handle_entry) <= sizeof(struct w32_handle_slot),
               "a handle entry fits in an object's handle slot");

/* An entry for a handle of obj: in obj itself if its slot is free. */
static struct handle_entry *new_entry(struct w32_object *obj)
{
    bool used = false;

    if (atomic_compare_exchange_strong_explicit(&obj->handle_slot_used, &used, true,
                                                memory_order_acquire, memory_order_relaxed))
        return (struct handle_entry *)&obj->handle_slot;
    return malloc(sizeof(struct handle_entry));
}

/* An entry never published: nobody can be reading it. */
static void discard_entry(struct w32_object *obj, struct handle_entry *entry)
{
    if ((void *)entry == (void *)&obj->handle_slot)
        atomic_store_explicit(&obj->handle_slot_used, false, memory_order_release);
    else
        free(entry);
}

/*
 * The entry of a handle that is gone. The object's slot is free at once: a
 * lookup still reading it is told by its shard's counter, which the removal
 * moved; a separate entry is retired.
 */
static void drop_entry(struct handle_entry *entry)
{
    if ((void *)entry == (void *)&entry->obj->handle_slot)
        atomic_store_explicit(&entry->obj->handle_slot_used, false, memory_order_release);
    else
        w32_retire(entry, free);
}

struct shard {
    /* Odd while a writer changes the table; readers retry if it moved. */
    atomic_uint seq;
    w32_lock_t lock;                    /* writers: everything below */
    /* The bucket array, for readers: its size is in its allocation header. */
    _Atomic(UT_hash_bucket *) buckets;
    struct handle_entry *table;
    uintptr_t next_index;
    uintptr_t *free_indexes;            /* closed indexes, reused last-in first-out */
    size_t free_count, free_cap;
} __attribute__((aligned(64)));

/*
 * Every block uthash allocates carries its size in front, so a reader that
 * loads the bucket array pointer alone knows how far it may index it. A
 * lookup may still be walking what a writer drops: blocks are retired.
 */
struct table_block {
    size_t size;
    max_align_t data[];
};

static void *table_alloc(size_t size)
{
    struct table_block *block = malloc(sizeof(*block) + size);

    if (!block)
        return NULL;
    block->size = size;
    return block->data;
}

static void table_free(void *p)
{
    w32_retire((char *)p - offsetof(struct table_block, data), free);
}

static unsigned bucket_mask(UT_hash_bucket *buckets)
{
    const struct table_block *block =
        (const struct table_block *)((char *)buckets - offsetof(struct table_block, data));
    return (unsigned)(block->size / sizeof(UT_hash_bucket)) - 1;
}

static struct shard shards[NSHARDS];

_Static_assert(NSHARDS == W32_XPROC_SHARDS, "the process record counts every shard");

/*
 * Each shard's number of entries, written under its lock and read without
 * it, each on a cache line of its own: in the process's record (xproc.h),
 * where other processes read them, or here until it has one (or if it
 * cannot have one). Moved to the record with every shard locked.
 */
static struct w32_xproc_count local_counts[NSHARDS];
static _Atomic(struct w32_xproc_count *) shard_counts = local_counts;
static atomic_uint next_home;
static __thread unsigned home_shard __attribute__((tls_model("initial-exec")));
/* uthash's out-of-memory flag; written and read under a shard lock. */
static __thread int table_oom __attribute__((tls_model("initial-exec")));

static uintptr_t handle_key(HANDLE h)
{
    return (uintptr_t)h & ~(uintptr_t)3;
}

static bool is_pseudo(HANDLE h)
{
    return h == W32_PSEUDO_PROCESS || h == W32_PSEUDO_THREAD;
}

static unsigned shard_of(uintptr_t key)
{
    return (unsigned)(key >> 2) & (NSHARDS - 1);
}

static uintptr_t index_of(uintptr_t key)
{
    return key >> (2 + SHARD_BITS);
}

static uintptr_t value_of(unsigned shard, uintptr_t index)
{
    return ((index << SHARD_BITS) | shard) << 2;
}

/* Whether key is a value other processes send (xproc.h). */
static bool is_reserved(uintptr_t key)
{
    return index_of(key) >= FIRST_RESERVED;
}

/* Reserved value number slot, spread over the shards. */
static uintptr_t slot_value(unsigned slot)
{
    return value_of(slot % NSHARDS, INDEX_LIMIT - 1 - slot / NSHARDS);
}

static unsigned slot_of(uintptr_t key)
{
    return (unsigned)((INDEX_LIMIT - 1 - index_of(key)) * NSHARDS + shard_of(key));
}

/*
 * The handles a w32shim parent passed (inherit.c) enter the table before the
 * first handle is created, counted or missed: no constructor runs at start-up,
 * and a program that never touches a handle pays nothing.
 */
static pthread_once_t inherited_once = PTHREAD_ONCE_INIT;
static atomic_bool inherited_taken;
/* A forked child of a process that had taken them: it has them already,
 * and makes its own record at its own first handle operation. */
static bool forked_child;

static bool describe(struct w32_object *obj, ACCESS_MASK access, struct w32_xproc_export *e);

/*
 * A forked child's new record lists the handles it has from its parent,
 * each under its shard's lock, so that one closed meanwhile is not listed.
 * Process handles are left out: describing one takes its object's lock,
 * which comes before a shard lock (object.h).
 */
static void list_forked(void)
{
    for (unsigned i = 0; i < NSHARDS; i++) {
        struct handle_entry *entry, *tmp;

        w32_lock(&shards[i].lock);
        HASH_ITER(hh, shards[i].table, entry, tmp) {
            struct w32_xproc_export e;
            if (!entry->listing && entry->obj->type != &w32_process_type &&
                describe(entry->obj, entry->access, &e))
                entry->listing = (uint16_t)w32_xproc_export(entry->value, &e);
        }
        w32_unlock(&shards[i].lock);
    }
}

/* The process's record takes over the counts; every shard is locked, as
 * threads may close handles meanwhile (in a forked child). */
static void publish_record(void)
{
    uint64_t nonce = 0;
    int inbox = forked_child ? -1 : w32_inherit_inbox(&nonce);
    struct w32_xproc_count *counts = w32_xproc_publish(inbox, nonce);
    struct w32_xproc_count *old;

    if (!counts)
        return;
    for (unsigned i = 0; i < NSHARDS; i++)
        w32_lock(&shards[i].lock);
    old = atomic_load_explicit(&shard_counts, memory_order_relaxed);
    for (unsigned i = 0; i < NSHARDS; i++)
        atomic_store_explicit(&counts[i].n, atomic_load_explicit(&old[i].n, memory_order_relaxed),
                              memory_order_relaxed);
    atomic_store_explicit(&shard_counts, counts, memory_order_release);
    for (unsigned i = 0; i < NSHARDS; i++)
        w32_unlock(&shards[i].lock);
    if (forked_child)
        list_forked();
}

static void take_inherited(void)
{
    w32_fork_ensure();
    publish_record();
    atomic_store_explicit(&inherited_taken, true, memory_order_release);
    if (!forked_child)
        w32_inherit_adopt();
}

static void ensure_inherited(void)
{
    if (!atomic_load_explicit(&inherited_taken, memory_order_acquire))
        pthread_once(&inherited_once, take_inherited);
}

void w32_handle_adopt_inherited(void)
{
    ensure_inherited();
}

/* ---- writers (shard lock held) ---- */

/*
 * Whether handles of obj are listed in the process's record for other
 * processes to take, and how (xproc.h); with no lock held, as a process
 * handle's description reads /proc. An unnamed object of process memory
 * costs one test.
 */
static inline bool describe(struct w32_object *obj, ACCESS_MASK access,
                            struct w32_xproc_export *e)
{
    if (__builtin_expect(!obj->shared && !obj->type->listed, 1))
        return false;
    *e = (struct w32_xproc_export){ .access = access };
    return w32_inherit_describe(obj, e);
}

static void write_begin(struct shard *s)
{
    atomic_store_explicit(&s->seq, atomic_load_explicit(&s->seq, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
}

/* Where s's number of entries is kept; shard lock held. */
static inline atomic_uint *count_of(struct shard *s)
{
    return &atomic_load_explicit(&shard_counts, memory_order_relaxed)[s - shards].n;
}

static void write_end(struct shard *s)
{
    UT_hash_table *tbl = s->table ? s->table->hh.tbl : NULL;

    atomic_store_explicit(&s->buckets, tbl ? tbl->buckets : NULL, memory_order_release);
    atomic_store_explicit(count_of(s), tbl ? tbl->num_items : 0, memory_order_relaxed);
    atomic_store_explicit(&s->seq, atomic_load_explicit(&s->seq, memory_order_relaxed) + 1,
                          memory_order_release);
}

static bool take_index(struct shard *s, uintptr_t *index)
{
    if (s->free_count > 0) {
        *index = s->free_indexes[--s->free_count];
        return true;
    }
    if (s->next_index >= FIRST_RESERVED)
        return false;
    *index = s->next_index++;
    return true;
}

static void release_index(struct shard *s, uintptr_t index)
{
    if (s->free_count == s->free_cap) {
        size_t cap = s->free_cap ? s->free_cap * 2 : 64;
        uintptr_t *grown = realloc(s->free_indexes, cap * sizeof(*grown));
        if (!grown)
            return;     /* the index is lost to reuse, nothing else */
        s->free_indexes = grown;
        s->free_cap = cap;
    }
    s->free_indexes[s->free_count++] = index;
}

/*
 * The shard emptied: give back its free list and start values afresh.
 * Returns how many handles the shard had room for.
 */
static size_t shrink_if_empty(struct shard *s)
{
    size_t cap = s->free_cap;

    if (s->table)
        return 0;
    free(s->free_indexes);
    s->free_indexes = NULL;
    s->free_count = s->free_cap = 0;
    s->next_index = 1;
    return cap;
}

static DWORD count_handles(void);

/*
 * Handles emptied shards had room for, since the heap was last trimmed. The
 * C library keeps freed memory mapped: after a program closes hundreds of
 * thousands of handles, its objects' pages would stay resident for good.
 */
static atomic_size_t emptied_room;
#define TRIM_ROOM 262144u       /* ~40 MiB of objects */

/* A shard emptied that had room for room handles: trim once most are gone. */
static void after_shrink(size_t room)
{
    size_t total = atomic_fetch_add_explicit(&emptied_room, room, memory_order_relaxed) + room;

    if (total < TRIM_ROOM || count_handles() >= total / 64 ||
        !atomic_compare_exchange_strong(&emptied_room, &total, 0))
        return;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

static bool insert_locked(struct shard *s, unsigned shard, struct handle_entry *entry,
                          const struct w32_xproc_export *listed)
{
    uintptr_t index;

    if (!take_index(s, &index))
        return false;
    entry->value = value_of(shard, index);
    table_oom = 0;
    write_begin(s);
    HASH_ADD(hh, s->table, value, sizeof(entry->value), entry);
    write_end(s);
    if (table_oom) {
        release_index(s, index);
        return false;
    }
    if (__builtin_expect(listed != NULL, 0))
        entry->listing = (uint16_t)w32_xproc_export(entry->value, listed);
    return true;
}

/* The shard to create in: the thread's own, or the next with room. */
static unsigned home(void)
{
    if (!home_shard)
        home_shard = atomic_fetch_add_explicit(&next_home, 1, memory_order_relaxed) %
                     NSHARDS + 1;
    return home_shard - 1;
}

static HANDLE insert_entry(struct w32_object *obj, ACCESS_MASK access, DWORD flags)
{
    struct handle_entry *entry;
    struct w32_xproc_export e;
    const struct w32_xproc_export *listed;
    unsigned first = home();

    ensure_inherited();
    listed = describe(obj, access, &e) ? &e : NULL;
    entry = new_entry(obj);

    if (!entry) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    entry->obj = obj;
    entry->access = access;
    entry->flags = (uint16_t)flags;
    entry->listing = 0;
    w32_reader_ensure();
    for (unsigned i = 0; i < NSHARDS; i++) {
        unsigned shard = (first + i) % NSHARDS;
        struct shard *s = &shards[shard];
        bool inserted;

        w32_lock(&s->lock);
        if (!s->next_index)
            s->next_index = 1;          /* value 0 would be NULL */
        inserted = insert_locked(s, shard, entry, listed);
        w32_unlock(&s->lock);
        if (inserted)
            return (HANDLE)entry->value;
        if (table_oom)
            break;
    }
    discard_entry(obj, entry);
    w32_set_error(ERROR_NO_SYSTEM_RESOURCES);
    return NULL;
}

HANDLE w32_handle_create(struct w32_object *obj, ACCESS_MASK access, BOOL inherit)
{
    HANDLE h = insert_entry(obj, w32_object_map_access(obj->type, access),
                            inherit ? HANDLE_FLAG_INHERIT : 0);
    if (!h)
        w32_object_unref(obj);
    return h;
}

static void close_all_asked(void);

/* Where the caller holds no lock of the library's and is in no read
 * section, as at the start of a call: close what others closed. */
static inline void close_asked_if_unlocked(void)
{
    if (__builtin_expect(w32_xproc_close_asked(), 0) && !w32_unsafe_held && !w32_locks_held)
        close_all_asked();
}

/* ---- readers ---- */

/* What a lookup copies out of an entry before it checks the shard's counter. */
struct found {
    struct w32_object *obj;
    ACCESS_MASK access;
    DWORD flags;
    unsigned listing;
};

/*
 * Walks the chain of bucket for key and copies the entry out; a writer may be
 * rewriting it (or reusing an object's slot for another handle), so the
 * caller validates the copy against the shard's counter. Everything it reads
 * stays allocated until the read section ends. Returns 1 (found), 0 (absent)
 * or -1 (a chain too long to trust). These reads race with writers by
 * design: the seqlock, not the sanitizer, decides whether they count.
 */
__attribute__((no_sanitize_thread))
static int walk(UT_hash_bucket *bucket, uintptr_t key, struct found *out)
{
    unsigned hashv = (unsigned)index_of(key);
    unsigned n = 0;

    for (UT_hash_handle *hh = bucket->hh_head; hh; hh = hh->hh_next) {
        if (hh->hashv == hashv) {
            struct handle_entry *e = (struct handle_entry *)hh;
            if (e->value != key)
                return 0;
            out->obj = e->obj;
            out->access = e->access;
            out->flags = e->flags;
            out->listing = e->listing;
            return 1;
        }
        if (++n == WALK_LIMIT)
            return -1;
    }
    return 0;
}

/* Whether no writer touched s since its counter read seq. */
static inline bool unchanged(struct shard *s, unsigned seq)
{
    atomic_thread_fence(memory_order_acquire);
    return atomic_load_explicit(&s->seq, memory_order_relaxed) == seq;
}

/* key's entry in s as of now, copied: 1 found, 0 absent, -1 gave up. */
static inline int walk_shard(struct shard *s, uintptr_t key, struct found *out)
{
    UT_hash_bucket *buckets = atomic_load_explicit(&s->buckets, memory_order_acquire);

    return buckets ? walk(&buckets[index_of(key) & bucket_mask(buckets)], key, out) : 0;
}

/* A writer keeps changing the shard: retry, then read it under its lock. */
static bool find_contended(struct shard *s, uintptr_t key, struct found *out)
{
    int r;

    for (int i = 0; i < OPTIMISTIC_TRIES && OPTIMISTIC_READS; i++) {
        unsigned seq = atomic_load_explicit(&s->seq, memory_order_acquire);
        w32_cpu_relax();
        if (seq & 1)
            continue;
        r = walk_shard(s, key, out);
        if (r >= 0 && unchanged(s, seq))
            return r;
    }
    w32_lock(&s->lock);
    r = walk_shard(s, key, out);
    w32_unlock(&s->lock);
    return r == 1;
}

/* The entry behind h as one consistent copy; read section held. */
static inline bool find_in_table(uintptr_t key, struct found *out)
{
    struct shard *s = &shards[shard_of(key)];
    unsigned seq = atomic_load_explicit(&s->seq, memory_order_acquire);
    int r;

    if (__builtin_expect((seq & 1) || !OPTIMISTIC_READS, 0))
        return find_contended(s, key, out);
    r = walk_shard(s, key, out);
    if (__builtin_expect(r < 0 || !unchanged(s, seq), 0))
        return find_contended(s, key, out);
    return r;
}

/* ---- handles other processes sent (xproc.h) ---- */

static pthread_mutex_t sent_lock = PTHREAD_MUTEX_INITIALIZER;

/* Puts one sent handle at its value; what cannot be made frees its value. */
static void take_parcel(const struct w32_xproc_parcel *parcel, int fd)
{
    struct w32_object *obj = w32_inherit_make(parcel, fd);

    if (!obj) {
        w32_xproc_slot_free(parcel->slot);
        return;
    }
    /* Refused only if the value is in use: then it is not free either. */
    if (!w32_handle_create_at((HANDLE)slot_value(parcel->slot), obj, parcel->access,
                              parcel->flags))
        w32_object_unref(obj);
}

/*
 * Takes every handle other processes sent, on a miss of a reserved value
 * (a hit never comes here); true if there were any. One thread at a time,
 * so that a value another thread is taking is in the table when it returns.
 */
static bool take_sent(void)
{
    struct w32_xproc_parcel parcel;
    DWORD saved;
    int fd, r;

    if (!w32_xproc_has_pending())
        return false;
    saved = GetLastError();
    pthread_mutex_lock(&sent_lock);
    while ((r = w32_xproc_receive(&parcel, &fd)) != 0) {
        if (r > 0 && parcel.what == W32_HELD_JOIN)
            w32_job_take_join(&parcel, fd);
        else if (r > 0)
            take_parcel(&parcel, fd);
    }
    pthread_mutex_unlock(&sent_lock);
    SetLastError(saved);
    return true;
}

void w32_handle_take_sent(void)
{
    /* What another thread is taking counts once it is done: wait for it. */
    if (!take_sent()) {
        pthread_mutex_lock(&sent_lock);
        pthread_mutex_unlock(&sent_lock);
    }
}

/* Whether a handle with listing and flags is still open: not closed by
 * another process (DUPLICATE_CLOSE_SOURCE) and waiting for this one to take
 * it out. Only a listed handle can be; a protected one never closes. */
static inline bool still_open(unsigned listing, DWORD flags)
{
    return __builtin_expect(!listing, 1) || (flags & HANDLE_FLAG_PROTECT_FROM_CLOSE) ||
           !w32_xproc_closing(listing);
}

/* A miss may be a handle the parent passed, not taken yet, or one another
 * process sent: look again after taking them. */
static bool find(HANDLE h, struct found *out)
{
    uintptr_t key = handle_key(h);

    if (key == 0 || key >= HANDLE_VALUE_MAX)
        return false;
    if (__builtin_expect(find_in_table(key, out), 1))
        return still_open(out->listing, out->flags);
    if (!atomic_load_explicit(&inherited_taken, memory_order_relaxed)) {
        ensure_inherited();
        if (find_in_table(key, out))
            return true;
    }
    return is_reserved(key) && take_sent() && find_in_table(key, out);
}

/* The current process and thread, which outlive any call the thread makes. */
static struct w32_object *pseudo_object(HANDLE h)
{
    struct w32_thread *thread;

    if (h == W32_PSEUDO_PROCESS)
        return w32_process_self();
    thread = w32_thread_self();
    return thread ? &thread->obj : NULL;
}

struct w32_object *w32_handle_peek(HANDLE h, const struct w32_object_type *type,
                                   ACCESS_MASK access)
{
    struct w32_object *obj;
    ACCESS_MASK granted;

    if (__builtin_expect(is_pseudo(h), 0)) {
        obj = pseudo_object(h);
        if (!obj) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
        granted = obj->type->access.all;
    } else {
        struct found f;
        if (!find(h, &f)) {
            w32_set_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        obj = f.obj;
        granted = f.access;
    }
    if (type && obj->type != type) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if ((granted & access) != access) {
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    return obj;
}

/*
 * The referenced object behind h, with the handle's rights and flags;
 * pseudo-handles have every right and no flags. NULL if h names nothing (or
 * an object whose last handle is being closed right now).
 */
static struct w32_object *lookup(HANDLE h, ACCESS_MASK *access, DWORD *flags)
{
    struct found f;
    struct w32_object *obj = NULL;

    if (is_pseudo(h)) {
        obj = h == W32_PSEUDO_PROCESS ? w32_process_self_ref() : w32_thread_self_ref();
        if (obj) {
            *access = obj->type->access.all;
            *flags = 0;
        }
        return obj;
    }
    w32_read_lock();
    if (find(h, &f) && w32_object_try_ref(f.obj)) {
        obj = f.obj;
        *access = f.access;
        *flags = f.flags;
    }
    w32_read_unlock();
    return obj;
}

struct w32_object *w32_handle_get(HANDLE h, const struct w32_object_type *type,
                                  ACCESS_MASK access)
{
    struct w32_object *obj;

    close_asked_if_unlocked();

    if (__builtin_expect(is_pseudo(h), 0)) {
        ACCESS_MASK granted;
        DWORD flags;
        obj = lookup(h, &granted, &flags);
        if (obj && type && obj->type != type) {
            w32_object_unref(obj);
            w32_set_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        return obj;     /* a pseudo-handle has every right */
    }
    w32_read_lock();
    obj = w32_handle_peek(h, type, access);
    if (obj && !w32_object_try_ref(obj)) {
        w32_set_error(ERROR_INVALID_HANDLE);
        obj = NULL;
    }
    w32_read_unlock();
    return obj;
}

/* ---- closing ---- */

/* Takes entry (key's) out of s; shard lock held. Returns its object, whose
 * reference the caller drops after unlinked(); *asked if another process
 * had closed the handle. */
static struct w32_object *unlink_locked(struct shard *s, struct handle_entry *entry,
                                        uintptr_t key, size_t *room, bool *asked)
{
    write_begin(s);
    HASH_DEL(s->table, entry);
    write_end(s);
    if (!is_reserved(key))
        release_index(s, index_of(key));
    *room = shrink_if_empty(s);
    /* Before its object can close the fd a listing names. */
    *asked = __builtin_expect(entry->listing != 0, 0) && w32_xproc_unexport(entry->listing);
    return entry->obj;
}

/* The rest, with the shard lock released. */
static void unlinked(struct handle_entry *entry, uintptr_t key, size_t room)
{
    drop_entry(entry);
    if (is_reserved(key))
        w32_xproc_slot_free(slot_of(key));      /* another process may send it again */
    if (room >= 1024)
        after_shrink(room);
}

/*
 * Removes h unless it is protected; the caller drops the returned reference.
 * A handle another process closed meanwhile goes too, but was no longer
 * the caller's to close: NULL, as for no handle.
 */
static struct w32_object *remove_handle(HANDLE h, DWORD *error)
{
    uintptr_t key = handle_key(h);
    struct handle_entry *entry = NULL;
    struct w32_object *obj = NULL;
    struct shard *s;
    size_t room = 0;
    bool asked = false;

    *error = ERROR_INVALID_HANDLE;
    if (key == 0 || key >= HANDLE_VALUE_MAX)
        return NULL;
    s = &shards[shard_of(key)];
    w32_reader_ensure();
    w32_lock(&s->lock);
    HASH_FIND(hh, s->table, &key, sizeof(key), entry);
    if (entry && !(entry->flags & HANDLE_FLAG_PROTECT_FROM_CLOSE))
        obj = unlink_locked(s, entry, key, &room, &asked);
    w32_unlock(&s->lock);
    if (obj)
        unlinked(entry, key, room);
    if (obj && asked) {
        w32_object_unref(obj);
        obj = NULL;
    }
    return obj;
}

/* Another process closed key, listed at listing (DUPLICATE_CLOSE_SOURCE);
 * gone already if its listing is another's. A protected handle stays. */
static void close_asked(uintptr_t key, unsigned listing)
{
    struct shard *s = &shards[shard_of(key)];
    struct handle_entry *entry = NULL;
    struct w32_object *obj = NULL;
    size_t room = 0;
    bool asked;

    if (key == 0 || key >= HANDLE_VALUE_MAX)
        return;
    w32_reader_ensure();
    w32_lock(&s->lock);
    HASH_FIND(hh, s->table, &key, sizeof(key), entry);
    if (entry && entry->listing == listing) {
        if (entry->flags & HANDLE_FLAG_PROTECT_FROM_CLOSE)
            w32_xproc_close_refused(listing);
        else
            obj = unlink_locked(s, entry, key, &room, &asked);
    }
    w32_unlock(&s->lock);
    if (obj) {
        unlinked(entry, key, room);
        w32_object_unref(obj);
    }
}

/* A thread inside close_all_asked: what it closes may look handles up. */
static __thread bool closing_asked __attribute__((tls_model("initial-exec")));

static void close_all_asked(void)
{
    uintptr_t values[32];
    unsigned listings[32], cursor = 0, n;
    DWORD saved;

    if (closing_asked)
        return;
    closing_asked = true;
    saved = GetLastError();
    while ((n = w32_xproc_closes_asked(&cursor, values, listings, 32)) > 0)
        for (unsigned i = 0; i < n; i++)
            close_asked(values[i], listings[i]);
    SetLastError(saved);
    closing_asked = false;
}

void w32_handle_never_close_asked(void)
{
    closing_asked = true;
}

void w32_handle_close_asked_if_unlocked(void)
{
    close_asked_if_unlocked();
}

void w32_handle_close_asked(void)
{
    if (__builtin_expect(w32_xproc_close_asked(), 0))
        close_all_asked();
}

BOOL WINAPI CloseHandle(HANDLE hObject)
{
    DWORD error;
    struct w32_object *obj;

    if (is_pseudo(hObject))
        return TRUE;
    w32_handle_close_asked();
    obj = remove_handle(hObject, &error);
    if (!obj && is_reserved(handle_key(hObject)) && take_sent())
        obj = remove_handle(hObject, &error);
    if (!obj) {
        w32_set_error(error);
        return FALSE;
    }
    w32_object_unref(obj);
    return TRUE;
}

static void close_source(HANDLE h)
{
    DWORD error;
    struct w32_object *obj = remove_handle(h, &error);

    if (obj)
        w32_object_unref(obj);
}

/*
 * Sends obj to another w32shim process (xproc.h): the value it gets there,
 * in *dup, counts among its handles at once. Objects no fd can carry stay.
 */
static bool send_handle(struct w32_object *process, struct w32_object *obj,
                        ACCESS_MASK access, DWORD flags, HANDLE *dup)
{
    struct w32_xproc_parcel parcel = { .access = access, .flags = flags };
    int fd = w32_inherit_fd_for(obj, &parcel);
    bool ok;

    if (fd < 0) {
        w32_set_error(parcel.what ? w32_error_from_errno(errno) : ERROR_NOT_SUPPORTED);
        return false;
    }
    ok = w32_process_send_handle(process, &parcel, fd);
    close(fd);
    if (ok)
        *dup = (HANDLE)slot_value(parcel.slot);
    return ok;
}

/* Puts obj (a reference the caller keeps) in target, this process or
 * another, as *dup. */
static bool place_handle(struct w32_object *target, struct w32_object *obj, ACCESS_MASK access,
                         DWORD flags, HANDLE *dup)
{
    if (!w32_process_is_self(target))
        return send_handle(target, obj, access, flags, dup);
    w32_object_ref(obj);
    *dup = insert_entry(obj, access, flags);
    if (!*dup)
        w32_object_unref(obj);
    return *dup != NULL;
}

/*
 * The object behind handle h of the process source, referenced, with the
 * handle's rights: taken from the list its record holds (xproc.h). Its
 * pseudo-handle for itself is source; that for its thread is out of reach.
 */
static struct w32_object *take_handle(struct w32_object *source, HANDLE h, bool close,
                                      ACCESS_MASK *access)
{
    struct w32_xproc_parcel parcel;
    struct w32_object *obj;
    int fd;

    if (h == W32_PSEUDO_PROCESS) {
        w32_object_ref(source);
        *access = PROCESS_ALL_ACCESS;
        return source;
    }
    if (h == W32_PSEUDO_THREAD) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    fd = w32_process_take_handle(source, handle_key(h),
                                 W32_TAKE_OPEN | (close ? W32_TAKE_CLOSE : 0), &parcel);
    if (fd < 0)
        return NULL;
    obj = w32_inherit_make(&parcel, fd);
    if (!obj)
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    *access = parcel.access;
    return obj;
}

/* DUPLICATE_CLOSE_SOURCE alone, of another process's handle h; the last
 * error is kept if it is closed. */
static bool close_in(struct w32_object *source, HANDLE h)
{
    struct w32_xproc_parcel parcel;
    DWORD error = GetLastError();

    if (is_pseudo(h))
        return true;    /* closing a pseudo-handle does nothing */
    if (w32_process_take_handle(source, handle_key(h), W32_TAKE_CLOSE, &parcel) < 0)
        return false;
    SetLastError(error);
    return true;
}

/*
 * DuplicateHandle from another process: nothing in that process runs for
 * it. DUPLICATE_CLOSE_SOURCE marks the handle closed in its record: from
 * then on it is no handle there, and that process takes it out of its
 * table at its next handle call (doc/design.md, "Taking a handle from
 * another process").
 */
static BOOL duplicate_from(struct w32_object *source, HANDLE h, HANDLE target_process,
                           HANDLE *out, ACCESS_MASK desired, DWORD flags, DWORD options)
{
    bool close = options & DUPLICATE_CLOSE_SOURCE;
    struct w32_object *target, *obj;
    ACCESS_MASK access;
    HANDLE dup = NULL;
    bool ok;

    if (close && !target_process && !out)
        return close_in(source, h);
    target = w32_handle_get(target_process, &w32_process_type, PROCESS_DUP_HANDLE);
    if (!target) {
        DWORD error = GetLastError();
        /* The source goes whatever the outcome, as on Windows. */
        if (close)
            close_in(source, h);
        SetLastError(error);
        return FALSE;
    }
    obj = take_handle(source, h, close && !is_pseudo(h), &access);
    if (!obj) {
        w32_object_unref(target);
        return FALSE;
    }
    if (!(options & DUPLICATE_SAME_ACCESS))
        access = w32_object_map_access(obj->type, desired);
    ok = place_handle(target, obj, access, flags, &dup);
    w32_object_unref(obj);
    w32_object_unref(target);
    if (ok && out)
        *out = dup;
    return ok;
}

BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                            HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle,
                            DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwOptions)
{
    struct w32_object *obj, *target, *source;
    ACCESS_MASK access;
    DWORD flags = bInheritHandle ? HANDLE_FLAG_INHERIT : 0, unused;
    HANDLE dup = NULL;
    bool ok;

    w32_handle_close_asked();
    source = w32_handle_get(hSourceProcessHandle, &w32_process_type, PROCESS_DUP_HANDLE);
    if (!source)
        return FALSE;
    if (lpTargetHandle)
        *lpTargetHandle = NULL;
    if (!w32_process_is_self(source)) {
        ok = duplicate_from(source, hSourceHandle, hTargetProcessHandle, lpTargetHandle,
                            dwDesiredAccess, flags, dwOptions);
        w32_object_unref(source);
        return ok;
    }
    w32_object_unref(source);
    if (!hTargetProcessHandle && !lpTargetHandle && (dwOptions & DUPLICATE_CLOSE_SOURCE)) {
        if (!is_pseudo(hSourceHandle))
            close_source(hSourceHandle);
        return TRUE;
    }
    target = w32_handle_get(hTargetProcessHandle, &w32_process_type, PROCESS_DUP_HANDLE);
    obj = target ? lookup(hSourceHandle, &access, &unused) : NULL;
    /* The source goes whatever the outcome, as on Windows. */
    if ((dwOptions & DUPLICATE_CLOSE_SOURCE) && !is_pseudo(hSourceHandle))
        close_source(hSourceHandle);
    if (!obj) {
        if (target) {
            w32_object_unref(target);
            w32_set_error(ERROR_INVALID_HANDLE);
        }
        return FALSE;
    }
    if (!(dwOptions & DUPLICATE_SAME_ACCESS))
        access = w32_object_map_access(obj->type, dwDesiredAccess);
    ok = place_handle(target, obj, access, flags, &dup);
    w32_object_unref(obj);
    w32_object_unref(target);
    if (ok && lpTargetHandle)
        *lpTargetHandle = dup;
    return ok;
}

BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags)
{
    ACCESS_MASK access;
    DWORD flags;
    struct w32_object *obj = lookup(hObject, &access, &flags);

    if (!obj) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    w32_object_unref(obj);
    if (!lpdwFlags) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpdwFlags = flags;
    return TRUE;
}

BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags)
{
    uintptr_t key = handle_key(hObject);
    struct handle_entry *entry = NULL;
    struct shard *s;

    if (key != 0 && key < HANDLE_VALUE_MAX) {
        if (is_reserved(key))
            take_sent();
        w32_handle_close_asked();
        s = &shards[shard_of(key)];
        w32_lock(&s->lock);
        HASH_FIND(hh, s->table, &key, sizeof(key), entry);
        if (entry && !still_open(entry->listing, entry->flags))
            entry = NULL;       /* closed by another process just now */
        if (entry) {
            DWORD mask = dwMask & HANDLE_FLAGS_VALID;
            write_begin(s);
            entry->flags = (uint16_t)((entry->flags & ~mask) | (dwFlags & mask));
            write_end(s);
        }
        w32_unlock(&s->lock);
    }
    if (!entry)
        w32_set_error(ERROR_INVALID_HANDLE);
    return entry != NULL;
}

BOOL WINAPI CompareObjectHandles(HANDLE hFirstObjectHandle, HANDLE hSecondObjectHandle)
{
    struct w32_object *first = w32_handle_get(hFirstObjectHandle, NULL, 0);
    struct w32_object *second;
    bool same;

    if (!first)
        return FALSE;
    second = w32_handle_get(hSecondObjectHandle, NULL, 0);
    if (!second) {
        w32_object_unref(first);
        return FALSE;
    }
    same = first == second;
    w32_object_unref(first);
    w32_object_unref(second);
    if (!same)
        w32_set_error(ERROR_NOT_SAME_OBJECT);
    return same;
}

/* The sum of the shards' counts: a constant 64 reads, however many handles. */
static DWORD count_handles(void)
{
    struct w32_xproc_count *counts;
    DWORD n = 0, closing;

    ensure_inherited();
    counts = atomic_load_explicit(&shard_counts, memory_order_acquire);
    for (unsigned i = 0; i < NSHARDS; i++)
        n += atomic_load_explicit(&counts[i].n, memory_order_relaxed);
    /* Sent to it: its handles already. Closed by another: gone already. */
    n += w32_xproc_pending_count();
    closing = w32_xproc_closing_count();
    return n > closing ? n - closing : 0;
}

/* Another process's count is read from its record without stopping it
 * (xproc.h); another Linux process's is its number of open fds. */
BOOL WINAPI GetProcessHandleCount(HANDLE hProcess, PDWORD pdwHandleCount)
{
    struct w32_object *process = w32_handle_get(hProcess, &w32_process_type,
                                                PROCESS_QUERY_LIMITED_INFORMATION);
    DWORD count = 0;
    bool ok;

    if (!process)
        return FALSE;
    if (w32_process_is_self(process))
        w32_handle_close_asked();
    ok = w32_process_is_self(process) ? (count = count_handles(), true)
                                      : w32_process_handle_count(process, &count);
    w32_object_unref(process);
    if (ok && !pdwHandleCount) {
        w32_set_error(ERROR_NOACCESS);
        ok = false;
    }
    if (ok)
        *pdwHandleCount = count;
    return ok;
}

/* Appends shard s's inheritable handles (referenced) to *out; lock held. */
static bool collect_inheritable(struct shard *s, struct w32_handle_info **out, size_t *n,
                                size_t *cap)
{
    struct handle_entry *entry, *tmp;

    HASH_ITER(hh, s->table, entry, tmp) {
        if (!(entry->flags & HANDLE_FLAG_INHERIT))
            continue;
        if (*n == *cap) {
            size_t grown_cap = *cap ? *cap * 2 : 16;
            struct w32_handle_info *grown = realloc(*out, grown_cap * sizeof(**out));
            if (!grown)
                return false;
            *out = grown;
            *cap = grown_cap;
        }
        w32_object_ref(entry->obj);
        (*out)[(*n)++] = (struct w32_handle_info){ (HANDLE)entry->value, entry->obj,
                                                   entry->access, entry->flags };
    }
    return true;
}

/*
 * Each shard is read under its lock; a handle created or closed in another
 * shard meanwhile may or may not be seen, as with a CreateProcess that races
 * with a CloseHandle on Windows.
 */
size_t w32_handle_inheritable(struct w32_handle_info **out)
{
    size_t n = 0, cap = 0;
    bool ok = true;

    *out = NULL;
    ensure_inherited();
    take_sent();
    w32_handle_close_asked();
    for (unsigned i = 0; i < NSHARDS && ok; i++) {
        w32_lock(&shards[i].lock);
        ok = collect_inheritable(&shards[i], out, &n, &cap);
        w32_unlock(&shards[i].lock);
    }
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            w32_object_unref((*out)[i].obj);
        free(*out);
        *out = NULL;
        return (size_t)-1;
    }
    return n;
}

/* Takes index out of s's free values; false if it is in use. Lock held.
 * A reserved value is never among them: it is marked held in the record. */
static bool claim_index(struct shard *s, uintptr_t index)
{
    if (index >= FIRST_RESERVED) {
        uintptr_t key = value_of((unsigned)(s - shards), index);
        struct handle_entry *entry = NULL;
        HASH_FIND(hh, s->table, &key, sizeof(key), entry);
        if (entry)
            return false;
        w32_xproc_slot_hold(slot_of(key));
        return true;
    }
    if (!s->next_index)
        s->next_index = 1;
    if (index >= s->next_index) {
        while (s->next_index < index)
            release_index(s, s->next_index++);
        s->next_index = index + 1;
        return true;
    }
    for (size_t i = 0; i < s->free_count; i++) {
        if (s->free_indexes[i] == index) {
            s->free_indexes[i] = s->free_indexes[--s->free_count];
            return true;
        }
    }
    return false;
}

bool w32_handle_create_at(HANDLE value, struct w32_object *obj, ACCESS_MASK access,
                          DWORD flags)
{
    uintptr_t key = (uintptr_t)value;
    struct shard *s = &shards[shard_of(key)];
    struct handle_entry *entry;
    struct w32_xproc_export e;
    bool inserted = false, listed;

    if (key == 0 || key != handle_key(value) || key >= HANDLE_VALUE_MAX || is_pseudo(value) ||
        !(entry = new_entry(obj))) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return false;
    }
    *entry = (struct handle_entry){ .value = key, .obj = obj, .access = access,
                                    .flags = (uint16_t)(flags & HANDLE_FLAGS_VALID) };
    listed = describe(obj, access, &e);
    w32_reader_ensure();
    w32_lock(&s->lock);
    if (claim_index(s, index_of(key))) {
        table_oom = 0;
        write_begin(s);
        HASH_ADD(hh, s->table, value, sizeof(entry->value), entry);
        write_end(s);
        inserted = !table_oom;
        if (!inserted && !is_reserved(key))
            release_index(s, index_of(key));
        if (inserted && listed)
            entry->listing = (uint16_t)w32_xproc_export(key, &e);
    }
    w32_unlock(&s->lock);
    if (!inserted) {
        discard_entry(obj, entry);
        w32_set_error(ERROR_INVALID_HANDLE);
    }
    return inserted;
}

/* fork (fork.h): every shard's lock, so that the child's table is whole. The
 * child holds the parent's handles under the same values, and each of their
 * objects forgets the parent's other threads (doc/design.md, "Fork"). */
void w32_handle_fork(enum w32_fork_phase phase)
{
    /* The parent's record is not the child's: it counts apart until it
     * makes its own, at its own first handle operation (a child that only
     * execs makes none). */
    if (phase == W32_FORK_CHILD) {
        shard_counts = w32_xproc_fork_child(shard_counts, local_counts);
        if (atomic_load_explicit(&inherited_taken, memory_order_relaxed)) {
            forked_child = true;
            inherited_once = (pthread_once_t)PTHREAD_ONCE_INIT;
            atomic_store_explicit(&inherited_taken, false, memory_order_relaxed);
        }
    }
    for (unsigned i = 0; i < NSHARDS; i++) {
        struct handle_entry *entry, *tmp;

        if (phase == W32_FORK_CHILD)
            HASH_ITER(hh, shards[i].table, entry, tmp) {
                w32_fork_object(entry->obj);
                entry->listing = 0;     /* the parent's record's: the child lists anew */
            }
        w32_fork_lock(&shards[i].lock, phase);
    }
}
