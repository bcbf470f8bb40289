/*
 * Heaps, and the Local and Global memory functions on the process heap.
 *
 * A heap is a list of blocks from the C allocator, so that HeapDestroy can
 * free everything allocated from it. Each block starts with a header that
 * names its heap and requested size; the caller's memory follows it, 16-byte
 * aligned as MEMORY_ALLOCATION_ALIGNMENT promises. A heap handle is the
 * address of its struct w32_heap, as on Windows: not a kernel object, never
 * in the handle table.
 */
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "fork.h"

#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (registry_oom = 1)
#include <uthash.h>

#define HEAP_MAGIC 0x70616548u     /* "Heap" */
#define BLOCK_MAGIC 0x6B6F6C42u    /* "Blok" */
#define FREED_MAGIC 0x65657246u    /* "Free" */

struct block {
    struct block *prev, *next;
    struct w32_heap *heap;
    SIZE_T size;                    /* as requested: HeapSize reports it */
    void *owner;                    /* the moveable handle, for GlobalHandle */
    uint32_t magic;
} __attribute__((aligned(MEMORY_ALLOCATION_ALIGNMENT)));

struct w32_heap {
    uint32_t magic;
    SIZE_T limit;                   /* bytes a fixed-size heap may hold; 0: growable */
    pthread_mutex_t lock;           /* guards blocks and used */
    struct block *blocks;
    SIZE_T used;
};

static struct w32_heap process_heap = {
    .magic = HEAP_MAGIC,
    .lock = PTHREAD_MUTEX_INITIALIZER,
};

/* The largest block a fixed-size heap hands out on 64-bit Windows: just under 1 MiB. */
#define FIXED_HEAP_BLOCK_MAX (0x100000 - 0x1000)
#define PAGE 4096

#define VALID_HEAP_OPTIONS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | \
                            HEAP_CREATE_ENABLE_EXECUTE)

static struct block *block_of(LPCVOID mem)
{
    return (struct block *)mem - 1;
}

static struct w32_heap *heap_of(HANDLE h)
{
    struct w32_heap *heap = h;

    if (!heap || heap->magic != HEAP_MAGIC)
        return NULL;
    return heap;
}

/* The block behind mem if it is a live block of heap (any heap if heap is NULL). */
static struct block *valid_block(struct w32_heap *heap, LPCVOID mem)
{
    struct block *b;

    if (!mem || ((ULONG_PTR)mem & (MEMORY_ALLOCATION_ALIGNMENT - 1)))
        return NULL;
    b = block_of(mem);
    if (b->magic != BLOCK_MAGIC || (heap && b->heap != heap))
        return NULL;
    return b;
}

static void link_block(struct w32_heap *heap, struct block *b)
{
    b->prev = NULL;
    b->next = heap->blocks;
    if (heap->blocks)
        heap->blocks->prev = b;
    heap->blocks = b;
}

static void unlink_block(struct w32_heap *heap, struct block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        heap->blocks = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

/* Whether a fixed-size heap has room for delta more bytes (called under the lock). */
static int heap_has_room(struct w32_heap *heap, SIZE_T size, SIZE_T delta)
{
    if (!heap->limit)
        return 1;
    return size <= FIXED_HEAP_BLOCK_MAX && delta <= heap->limit - heap->used;
}

HANDLE WINAPI GetProcessHeap(void)
{
    return &process_heap;
}

HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    struct w32_heap *heap = calloc(1, sizeof(*heap));

    if (!heap) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    heap->magic = HEAP_MAGIC;
    if (dwMaximumSize) {
        SIZE_T max = dwMaximumSize > dwInitialSize ? dwMaximumSize : dwInitialSize;
        heap->limit = max > (SIZE_T)-1 - PAGE ? (SIZE_T)-1 : (max + PAGE - 1) & ~(SIZE_T)(PAGE - 1);
    }
    pthread_mutex_init(&heap->lock, NULL);
    return heap;
}

BOOL WINAPI HeapDestroy(HANDLE hHeap)
{
    struct w32_heap *heap = heap_of(hHeap);

    if (heap == &process_heap)
        return FALSE;
    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    for (struct block *b = heap->blocks, *next; b; b = next) {
        next = b->next;
        b->magic = FREED_MAGIC;
        free(b);
    }
    heap->magic = 0;
    pthread_mutex_destroy(&heap->lock);
    free(heap);
    return TRUE;
}

LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes)
{
    struct w32_heap *heap = heap_of(hHeap);
    struct block *b;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    if (dwBytes > (SIZE_T)PTRDIFF_MAX - sizeof(*b)) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    b = (dwFlags & HEAP_ZERO_MEMORY) ? calloc(1, sizeof(*b) + dwBytes)
                                     : malloc(sizeof(*b) + dwBytes);
    if (!b) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    b->heap = heap;
    b->size = dwBytes;
    b->owner = NULL;
    b->magic = BLOCK_MAGIC;
    pthread_mutex_lock(&heap->lock);
    if (!heap_has_room(heap, dwBytes, dwBytes)) {
        pthread_mutex_unlock(&heap->lock);
        free(b);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    heap->used += dwBytes;
    link_block(heap, b);
    pthread_mutex_unlock(&heap->lock);
    return b + 1;
}

BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem)
{
    struct w32_heap *heap = heap_of(hHeap);
    struct block *b;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lpMem)
        return TRUE;
    b = valid_block(heap, lpMem);
    if (!b) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    pthread_mutex_lock(&heap->lock);
    unlink_block(heap, b);
    heap->used -= b->size;
    pthread_mutex_unlock(&heap->lock);
    b->magic = FREED_MAGIC;
    free(b);
    return TRUE;
}

/* Resizes b, which may move unless in_place; NULL (b unchanged) on failure. */
static struct block *resize_block(struct w32_heap *heap, struct block *b, SIZE_T size, int in_place)
{
    SIZE_T old = b->size;
    struct block *nb = b;

    if (size > (SIZE_T)PTRDIFF_MAX - sizeof(*b) ||
        !heap_has_room(heap, size, size > old ? size - old : 0))
        return NULL;
    if (size > old && malloc_usable_size(b) < sizeof(*b) + size) {
        if (in_place)
            return NULL;
        nb = realloc(b, sizeof(*b) + size);
        if (!nb)
            return NULL;
        if (nb->prev)
            nb->prev->next = nb;
        else
            heap->blocks = nb;
        if (nb->next)
            nb->next->prev = nb;
    }
    nb->size = size;
    heap->used = heap->used - old + size;
    return nb;
}

LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes)
{
    struct w32_heap *heap = heap_of(hHeap);
    struct block *b;
    SIZE_T old;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    b = valid_block(heap, lpMem);
    if (!b) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    pthread_mutex_lock(&heap->lock);
    old = b->size;
    b = resize_block(heap, b, dwBytes, (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0);
    pthread_mutex_unlock(&heap->lock);
    if (!b) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if ((dwFlags & HEAP_ZERO_MEMORY) && dwBytes > old)
        memset((char *)(b + 1) + old, 0, dwBytes - old);
    return b + 1;
}

SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    struct w32_heap *heap = heap_of(hHeap);
    struct block *b = heap ? valid_block(heap, lpMem) : NULL;
    SIZE_T size;

    if (!b) {
        w32_set_error(heap ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return (SIZE_T)-1;
    }
    pthread_mutex_lock(&heap->lock);
    size = b->size;
    pthread_mutex_unlock(&heap->lock);
    return size;
}

BOOL WINAPI HeapValidate(HANDLE hHeap, DWORD dwFlags, LPCVOID lpMem)
{
    struct w32_heap *heap = heap_of(hHeap);
    BOOL ok = TRUE;

    if (!heap)
        return FALSE;
    if (lpMem)
        return valid_block(heap, lpMem) != NULL;
    pthread_mutex_lock(&heap->lock);
    for (struct block *b = heap->blocks; b && ok; b = b->next)
        ok = b->magic == BLOCK_MAGIC && b->heap == heap;
    pthread_mutex_unlock(&heap->lock);
    return ok;
}

/*
 * Local and Global memory. A FIXED handle is the block's address. A
 * MOVEABLE handle points at the data pointer inside a small record, as on
 * Windows (code that dereferences a handle gets the block).
 *
 * Windows validates every handle it is given, so a stale or made-up one
 * fails with ERROR_INVALID_HANDLE instead of crashing. Here every live
 * handle, and the data of every moveable block, is in a registry: a value is
 * looked up there before anything is read through it.
 */
struct moveable {
    WORD locks;
    WORD flags;
    void *data;                     /* the handle is &data; NULL once discarded */
} __attribute__((aligned(16)));

enum mem_kind { MEM_FIXED, MEM_MOVEABLE, MEM_DATA };

/* One registered value: a FIXED handle (the block), a MOVEABLE handle (&data
 * of its record), or the data of a moveable block (handle: its owner). */
struct mem_entry {
    const void *key;
    enum mem_kind kind;
    HLOCAL handle;
    UT_hash_handle hh;
};

/* Windows' limit on live moveable handles. */
#define MOVEABLE_MAX 65536

/* Guards the registry, the moveable count, every moveable record and the
 * list of freed records; taken before a heap's lock. */
static pthread_mutex_t moveable_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mem_entry *registry;
static size_t moveable_count;
static int registry_oom;

/*
 * A freed record is never given back to the C allocator: the next moveable
 * allocation reuses it, as Windows reuses a handle-table slot.
 */
static struct moveable *freed_records;     /* linked through data */

static struct mem_entry *find_entry(const void *key)
{
    struct mem_entry *e;

    HASH_FIND_PTR(registry, &key, e);
    return e;
}

/* Registers key; false (error set) when out of memory. */
static bool add_entry(const void *key, enum mem_kind kind, HLOCAL handle)
{
    struct mem_entry *e = malloc(sizeof(*e));

    if (e) {
        *e = (struct mem_entry){ .key = key, .kind = kind, .handle = handle };
        registry_oom = 0;
        HASH_ADD_PTR(registry, key, e);
        if (!registry_oom)
            return true;
        free(e);
    }
    w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return false;
}

static void remove_entry(const void *key)
{
    struct mem_entry *e = find_entry(key);

    if (e) {
        HASH_DEL(registry, e);
        free(e);
    }
}

/*
 * A block that moved: its entry follows it. The block has moved already, so
 * if the registry cannot grow (out of memory while rehashing), the block
 * stays valid but unregistered: Local* then refuse it, they never crash.
 */
static void move_entry(const void *from, const void *to)
{
    struct mem_entry *e = find_entry(from);
    enum mem_kind kind;
    HLOCAL handle;

    if (!e)
        return;
    kind = e->kind;
    handle = kind == MEM_FIXED ? (HLOCAL)to : e->handle;
    HASH_DEL(registry, e);
    free(e);
    add_entry(to, kind, handle);
}

/* The entry of handle h if it is one of kind; else NULL, ERROR_INVALID_HANDLE set. */
static struct mem_entry *handle_entry(HLOCAL h, bool moveable_ok, bool fixed_ok)
{
    struct mem_entry *e = h ? find_entry(h) : NULL;

    if (e && ((e->kind == MEM_MOVEABLE && moveable_ok) || (e->kind == MEM_FIXED && fixed_ok)))
        return e;
    w32_set_error(ERROR_INVALID_HANDLE);
    return NULL;
}

static struct moveable *record_of(HLOCAL h)
{
    return (struct moveable *)((char *)h - offsetof(struct moveable, data));
}

static DWORD heap_flags(UINT flags)
{
    return (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
}

/* New data for record m, registered and owned by its handle; NULL (error set) on failure. */
static void *alloc_data(struct moveable *m, SIZE_T size, UINT flags)
{
    void *data = HeapAlloc(&process_heap, heap_flags(flags), size);

    if (!data)
        return NULL;
    if (!add_entry(data, MEM_DATA, &m->data)) {
        HeapFree(&process_heap, 0, data);
        return NULL;
    }
    block_of(data)->owner = &m->data;
    return data;
}

static void free_data(struct moveable *m)
{
    if (m->data) {
        remove_entry(m->data);
        HeapFree(&process_heap, 0, m->data);
        m->data = NULL;
    }
}

static void recycle_record(struct moveable *m)
{
    m->data = freed_records;
    freed_records = m;
}

static HLOCAL fixed_alloc(UINT flags, SIZE_T size)
{
    void *p = HeapAlloc(&process_heap, heap_flags(flags), size);

    if (p && !add_entry(p, MEM_FIXED, p)) {
        HeapFree(&process_heap, 0, p);
        return NULL;
    }
    return p;
}

static HLOCAL moveable_alloc_locked(UINT flags, SIZE_T size)
{
    struct moveable *m;

    if (moveable_count >= MOVEABLE_MAX) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    m = freed_records;
    if (m)
        freed_records = m->data;
    else if (!(m = aligned_alloc(16, sizeof(*m)))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    m->locks = 0;
    m->flags = (WORD)(flags & LMEM_DISCARDABLE);
    m->data = NULL;
    if ((size && !(m->data = alloc_data(m, size, flags))) ||
        !add_entry(&m->data, MEM_MOVEABLE, &m->data)) {
        free_data(m);
        recycle_record(m);
        return NULL;
    }
    moveable_count++;
    return &m->data;
}

static HLOCAL mem_free_locked(HLOCAL h)
{
    struct mem_entry *e;

    if (!h)
        return NULL;
    if (!(e = handle_entry(h, true, true)))
        return h;
    if (e->kind == MEM_MOVEABLE) {
        free_data(record_of(h));
        recycle_record(record_of(h));
        moveable_count--;
    } else {
        HeapFree(&process_heap, 0, h);
    }
    remove_entry(h);
    return NULL;
}

static LPVOID mem_lock_locked(HLOCAL h)
{
    struct mem_entry *e = handle_entry(h, true, true);
    struct moveable *m;

    if (!e || e->kind == MEM_FIXED)
        return e ? h : NULL;
    m = record_of(h);
    if (m->data && m->locks < LMEM_LOCKCOUNT)
        m->locks++;
    return m->data;
}

/* TRUE while still locked; FALSE with NO_ERROR once unlocked, or an error. */
static BOOL mem_unlock_locked(HLOCAL h, bool local)
{
    struct mem_entry *e = handle_entry(h, true, true);
    struct moveable *m;

    if (!e)
        return FALSE;
    if (e->kind == MEM_FIXED) {
        /* A fixed block is never locked: GlobalUnlock says "still locked",
         * LocalUnlock ERROR_NOT_LOCKED, as Windows does. */
        if (!local)
            return TRUE;
        w32_set_error(ERROR_NOT_LOCKED);
        return FALSE;
    }
    m = record_of(h);
    if (!m->locks) {
        w32_set_error(ERROR_NOT_LOCKED);
        return FALSE;
    }
    if (--m->locks)
        return TRUE;
    w32_set_error(NO_ERROR);
    return FALSE;
}

static SIZE_T mem_size_locked(HLOCAL h)
{
    struct mem_entry *e = handle_entry(h, true, true);
    struct moveable *m;

    if (!e)
        return 0;
    if (e->kind == MEM_FIXED)
        return block_of(h)->size;
    m = record_of(h);
    return m->data ? block_of(m->data)->size : 0;
}

static UINT mem_flags_locked(HLOCAL h)
{
    struct mem_entry *e = handle_entry(h, true, true);
    struct moveable *m;

    if (!e)
        return LMEM_INVALID_HANDLE;
    if (e->kind == MEM_FIXED)
        return 0;
    m = record_of(h);
    return m->locks | m->flags | (m->data ? 0 : LMEM_DISCARDED);
}

static HLOCAL mem_handle_locked(LPCVOID p)
{
    struct mem_entry *e = p ? find_entry(p) : NULL;

    if (!e || e->kind == MEM_MOVEABLE) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return e->handle;
}

/* A FIXED block grows in place unless LMEM_MOVEABLE allows a move. */
static HLOCAL fixed_realloc(HLOCAL h, SIZE_T size, UINT flags)
{
    DWORD hflags = heap_flags(flags);
    void *p;

    if (!(flags & LMEM_MOVEABLE))
        hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
    p = HeapReAlloc(&process_heap, hflags, h, size);
    if (p && p != h)
        move_entry(h, p);
    return p;
}

/* A MOVEABLE block moves freely while unlocked; size 0 discards it. */
static HLOCAL moveable_realloc(HLOCAL h, SIZE_T size, UINT flags)
{
    struct moveable *m = record_of(h);
    DWORD hflags = heap_flags(flags);
    void *data;

    if (!size) {
        if (m->locks) {
            w32_set_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        free_data(m);
        return h;
    }
    if (!m->data) {
        m->data = alloc_data(m, size, flags);
        return m->data ? h : NULL;
    }
    if (m->locks && !(flags & LMEM_MOVEABLE))
        hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
    data = HeapReAlloc(&process_heap, hflags, m->data, size);
    if (!data)
        return NULL;
    if (data != m->data)
        move_entry(m->data, data);
    m->data = data;
    return h;
}

static HLOCAL mem_realloc_locked(HLOCAL h, SIZE_T size, UINT flags)
{
    struct mem_entry *e = handle_entry(h, true, true);

    if (!e)
        return NULL;
    if (flags & LMEM_MODIFY)
        return h;
    return e->kind == MEM_FIXED ? fixed_realloc(h, size, flags) : moveable_realloc(h, size, flags);
}

/* The entry points: each runs its _locked worker under moveable_lock. */
#define UNDER_MOVEABLE_LOCK(type, call) \
    do { \
        type result_; \
        pthread_mutex_lock(&moveable_lock); \
        result_ = call; \
        pthread_mutex_unlock(&moveable_lock); \
        return result_; \
    } while (0)

static HLOCAL mem_alloc(UINT flags, SIZE_T size)
{
    if (!(flags & LMEM_MOVEABLE)) {
        UNDER_MOVEABLE_LOCK(HLOCAL, fixed_alloc(flags, size));
    }
    UNDER_MOVEABLE_LOCK(HLOCAL, moveable_alloc_locked(flags, size));
}

static HLOCAL mem_handle(LPCVOID p)
{
    UNDER_MOVEABLE_LOCK(HLOCAL, mem_handle_locked(p));
}

static HLOCAL mem_free(HLOCAL h)
{
    UNDER_MOVEABLE_LOCK(HLOCAL, mem_free_locked(h));
}

static LPVOID mem_lock(HLOCAL h)
{
    UNDER_MOVEABLE_LOCK(LPVOID, mem_lock_locked(h));
}

static BOOL mem_unlock(HLOCAL h, bool local)
{
    UNDER_MOVEABLE_LOCK(BOOL, mem_unlock_locked(h, local));
}

static SIZE_T mem_size(HLOCAL h)
{
    UNDER_MOVEABLE_LOCK(SIZE_T, mem_size_locked(h));
}

static UINT mem_flags(HLOCAL h)
{
    UNDER_MOVEABLE_LOCK(UINT, mem_flags_locked(h));
}

static HLOCAL mem_realloc(HLOCAL h, SIZE_T size, UINT flags)
{
    UNDER_MOVEABLE_LOCK(HLOCAL, mem_realloc_locked(h, size, flags));
}

HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes)
{
    return mem_alloc(uFlags, uBytes);
}

HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags)
{
    return mem_realloc(hMem, uBytes, uFlags);
}

HLOCAL WINAPI LocalFree(HLOCAL hMem)
{
    return mem_free(hMem);
}

LPVOID WINAPI LocalLock(HLOCAL hMem)
{
    return mem_lock(hMem);
}

BOOL WINAPI LocalUnlock(HLOCAL hMem)
{
    return mem_unlock(hMem, true);
}

SIZE_T WINAPI LocalSize(HLOCAL hMem)
{
    return mem_size(hMem);
}

UINT WINAPI LocalFlags(HLOCAL hMem)
{
    return mem_flags(hMem);
}

HLOCAL WINAPI LocalHandle(LPCVOID pMem)
{
    return mem_handle(pMem);
}

HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes)
{
    return mem_alloc(uFlags & ~GMEM_DISCARDABLE, dwBytes);
}

HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags)
{
    return mem_realloc(hMem, dwBytes, uFlags);
}

HGLOBAL WINAPI GlobalFree(HGLOBAL hMem)
{
    return mem_free(hMem);
}

LPVOID WINAPI GlobalLock(HGLOBAL hMem)
{
    return mem_lock(hMem);
}

BOOL WINAPI GlobalUnlock(HGLOBAL hMem)
{
    return mem_unlock(hMem, false);
}

SIZE_T WINAPI GlobalSize(HGLOBAL hMem)
{
    return mem_size(hMem);
}

UINT WINAPI GlobalFlags(HGLOBAL hMem)
{
    return mem_flags(hMem);
}

HGLOBAL WINAPI GlobalHandle(LPCVOID pMem)
{
    return mem_handle(pMem);
}

/* fork (fork.h): the moveable lock is held across a fork. */
void w32_heap_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&moveable_lock, phase);
}
