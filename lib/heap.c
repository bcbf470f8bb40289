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
#include "heap.h"

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

/*
 * The heap's mutex guards its blocks and is held only for one operation.
 * HeapLock is a second, recursive level on top of it: the thread that holds
 * it (owner, lock_count times) excludes other threads' serialized calls,
 * which wait on unlocked with the mutex released, so a thread waiting for
 * HeapLock never holds the mutex and fork can always take it.
 */
struct w32_heap {
    uint32_t magic;
    DWORD options;                  /* HeapCreate's: HEAP_NO_SERIALIZE */
    SIZE_T limit;                   /* bytes a fixed-size heap may hold; 0: growable */
    pthread_mutex_t lock;           /* guards everything below */
    pthread_cond_t unlocked;        /* broadcast when HeapUnlock lets go */
    pthread_t owner;                /* HeapLock's holder while lock_count */
    unsigned lock_count;
    struct block *blocks, *last;    /* in allocation order */
    SIZE_T used;
    SIZE_T count;                   /* live blocks */
    ULONG compat;                   /* HeapCompatibilityInformation */
    /* HeapWalk's cursor: the data of the block it gave last and the block
     * after it, kept right when blocks go, so a walk goes on after the
     * walker frees the block it stands on, as on Windows. */
    const void *walk_data;
    struct block *walk_next;
    struct w32_heap *prev_heap, *next_heap;     /* the created heaps, under heaps_lock */
};

static struct w32_heap process_heap = {
    .magic = HEAP_MAGIC,
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .unlocked = PTHREAD_COND_INITIALIZER,
};

/* The heaps HeapCreate made, in creation order, for GetProcessHeaps. */
static pthread_mutex_t heaps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_heap *heaps_first, *heaps_last;

/* The largest block a fixed-size heap hands out on 64-bit Windows: just under 1 MiB. */
#define FIXED_HEAP_BLOCK_MAX (0x100000 - 0x1000)
#define PAGE 4096

#define VALID_HEAP_OPTIONS (HEAP_NO_SERIALIZE | HEAP_GENERATE_EXCEPTIONS | \
                            HEAP_CREATE_ENABLE_EXECUTE)

/* HeapCompatibilityInformation's value for the low-fragmentation heap. */
#define HEAP_LFH 2

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

/*
 * Takes the heap's mutex for one call. A serialized call (neither the heap
 * nor the call has HEAP_NO_SERIALIZE) also waits while another thread holds
 * HeapLock, as Windows' heap lock makes it wait.
 */
static void heap_enter(struct w32_heap *heap, DWORD flags)
{
    pthread_mutex_lock(&heap->lock);
    if ((heap->options | flags) & HEAP_NO_SERIALIZE)
        return;
    while (heap->lock_count && !pthread_equal(heap->owner, pthread_self()))
        pthread_cond_wait(&heap->unlocked, &heap->lock);
}

static void heap_leave(struct w32_heap *heap)
{
    pthread_mutex_unlock(&heap->lock);
}

static void link_block(struct w32_heap *heap, struct block *b)
{
    b->next = NULL;
    b->prev = heap->last;
    if (heap->last)
        heap->last->next = b;
    else
        heap->blocks = b;
    heap->last = b;
    heap->count++;
}

static void unlink_block(struct w32_heap *heap, struct block *b)
{
    if (b->prev)
        b->prev->next = b->next;
    else
        heap->blocks = b->next;
    if (b->next)
        b->next->prev = b->prev;
    else
        heap->last = b->prev;
    if (heap->walk_next == b)
        heap->walk_next = b->next;
    heap->count--;
}

/* b moved to nb (realloc): its neighbours, and the walk cursor, follow it. */
static void relink_block(struct w32_heap *heap, struct block *nb, struct block *b)
{
    if (nb->prev)
        nb->prev->next = nb;
    else
        heap->blocks = nb;
    if (nb->next)
        nb->next->prev = nb;
    else
        heap->last = nb;
    if (heap->walk_next == b)
        heap->walk_next = nb;
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

static void add_heap(struct w32_heap *heap)
{
    pthread_mutex_lock(&heaps_lock);
    heap->prev_heap = heaps_last;
    if (heaps_last)
        heaps_last->next_heap = heap;
    else
        heaps_first = heap;
    heaps_last = heap;
    pthread_mutex_unlock(&heaps_lock);
}

static void remove_heap(struct w32_heap *heap)
{
    pthread_mutex_lock(&heaps_lock);
    if (heap->prev_heap)
        heap->prev_heap->next_heap = heap->next_heap;
    else
        heaps_first = heap->next_heap;
    if (heap->next_heap)
        heap->next_heap->prev_heap = heap->prev_heap;
    else
        heaps_last = heap->prev_heap;
    pthread_mutex_unlock(&heaps_lock);
}

HANDLE WINAPI HeapCreate(DWORD flOptions, SIZE_T dwInitialSize, SIZE_T dwMaximumSize)
{
    struct w32_heap *heap = calloc(1, sizeof(*heap));

    if (!heap) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    heap->magic = HEAP_MAGIC;
    heap->options = flOptions & VALID_HEAP_OPTIONS;
    if (dwMaximumSize) {
        SIZE_T max = dwMaximumSize > dwInitialSize ? dwMaximumSize : dwInitialSize;
        heap->limit = max > (SIZE_T)-1 - PAGE ? (SIZE_T)-1 : (max + PAGE - 1) & ~(SIZE_T)(PAGE - 1);
    }
    pthread_mutex_init(&heap->lock, NULL);
    pthread_cond_init(&heap->unlocked, NULL);
    add_heap(heap);
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
    remove_heap(heap);
    for (struct block *b = heap->blocks, *next; b; b = next) {
        next = b->next;
        b->magic = FREED_MAGIC;
        free(b);
    }
    heap->magic = 0;
    pthread_cond_destroy(&heap->unlocked);
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
    heap_enter(heap, dwFlags);
    if (!heap_has_room(heap, dwBytes, dwBytes)) {
        heap_leave(heap);
        free(b);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    heap->used += dwBytes;
    link_block(heap, b);
    heap_leave(heap);
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
    heap_enter(heap, dwFlags);
    unlink_block(heap, b);
    heap->used -= b->size;
    heap_leave(heap);
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
        if (nb != b)
            relink_block(heap, nb, b);
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
    heap_enter(heap, dwFlags);
    old = b->size;
    b = resize_block(heap, b, dwBytes, (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0);
    heap_leave(heap);
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
    heap_enter(heap, dwFlags);
    size = b->size;
    heap_leave(heap);
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
    heap_enter(heap, dwFlags);
    for (struct block *b = heap->blocks; b && ok; b = b->next)
        ok = b->magic == BLOCK_MAGIC && b->heap == heap;
    heap_leave(heap);
    return ok;
}

/* ---- HeapLock, HeapWalk and the heap list ---- */

/* A HEAP_NO_SERIALIZE heap is never locked: both succeed and do nothing, as on Windows. */
BOOL WINAPI HeapLock(HANDLE hHeap)
{
    struct w32_heap *heap = heap_of(hHeap);

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (heap->options & HEAP_NO_SERIALIZE)
        return TRUE;
    heap_enter(heap, 0);
    heap->owner = pthread_self();
    heap->lock_count++;
    heap_leave(heap);
    return TRUE;
}

BOOL WINAPI HeapUnlock(HANDLE hHeap)
{
    struct w32_heap *heap = heap_of(hHeap);
    bool owned;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (heap->options & HEAP_NO_SERIALIZE)
        return TRUE;
    pthread_mutex_lock(&heap->lock);
    owned = heap->lock_count && pthread_equal(heap->owner, pthread_self());
    if (owned && !--heap->lock_count)
        pthread_cond_broadcast(&heap->unlocked);
    pthread_mutex_unlock(&heap->lock);
    if (!owned)
        w32_set_error(ERROR_NOT_OWNER);
    return owned;
}

DWORD WINAPI GetProcessHeaps(DWORD NumberOfHeaps, PHANDLE ProcessHeaps)
{
    DWORD n = 1;

    pthread_mutex_lock(&heaps_lock);
    if (NumberOfHeaps)
        ProcessHeaps[0] = &process_heap;
    for (struct w32_heap *h = heaps_first; h; h = h->next_heap, n++)
        if (n < NumberOfHeaps)
            ProcessHeaps[n] = h;
    pthread_mutex_unlock(&heaps_lock);
    return n;
}

static DWORD clamp_dword(SIZE_T n)
{
    return n > MAXDWORD ? MAXDWORD : (DWORD)n;
}

/* The bytes the heap holds: its record, its blocks and their headers. */
static SIZE_T heap_committed(const struct w32_heap *heap)
{
    return sizeof(*heap) + heap->used + heap->count * sizeof(struct block);
}

/* The walk's first entry: the heap itself as its one region. Its blocks come
 * from the C allocator, not from one range: no first or last block address. */
static void fill_region(struct w32_heap *heap, PROCESS_HEAP_ENTRY *e)
{
    memset(e, 0, sizeof(*e));
    e->lpData = heap;
    e->cbData = sizeof(*heap);
    e->wFlags = PROCESS_HEAP_REGION;
    e->Region.dwCommittedSize = clamp_dword(heap_committed(heap));
    e->Region.dwUnCommittedSize = heap->limit ? clamp_dword(heap->limit - heap->used) : 0;
}

static void fill_block(struct w32_heap *heap, PROCESS_HEAP_ENTRY *e, struct block *b)
{
    memset(e, 0, sizeof(*e));
    e->lpData = b + 1;
    e->cbData = clamp_dword(b->size);
    e->cbOverhead = sizeof(*b);
    e->wFlags = PROCESS_HEAP_ENTRY_BUSY;
    heap->walk_data = b + 1;
    heap->walk_next = b->next;
}

/* The entry after the one at data (NULL: the end); false if data is none of the heap's. */
static bool walk_successor(struct w32_heap *heap, const void *data, struct block **next)
{
    if (data == heap) {
        *next = heap->blocks;
        return true;
    }
    if (data == heap->walk_data) {
        *next = heap->walk_next;
        return true;
    }
    for (struct block *b = heap->blocks; b; b = b->next)
        if (b + 1 == data) {
            *next = b->next;
            return true;
        }
    return false;
}

/*
 * The heap's region first, then every busy block in allocation order: the
 * heap keeps no free blocks (freed memory goes back to the C allocator) and
 * no uncommitted range. The next entry is found from lpData alone, which is
 * looked up, never read through.
 */
BOOL WINAPI HeapWalk(HANDLE hHeap, LPPROCESS_HEAP_ENTRY lpEntry)
{
    struct w32_heap *heap = heap_of(hHeap);
    struct block *next = NULL;
    DWORD error = NO_ERROR;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lpEntry) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    heap_enter(heap, 0);
    if (!lpEntry->lpData)
        fill_region(heap, lpEntry);
    else if (!walk_successor(heap, lpEntry->lpData, &next))
        error = ERROR_INVALID_PARAMETER;
    else if (!next)
        error = ERROR_NO_MORE_ITEMS;
    else
        fill_block(heap, lpEntry, next);
    heap_leave(heap);
    if (error)
        w32_set_error(error);
    return !error;
}

/* Whether heap is the process heap or one in the list (called under heaps_lock). */
static bool heap_listed(const struct w32_heap *heap)
{
    if (heap == &process_heap)
        return true;
    for (struct w32_heap *h = heaps_first; h; h = h->next_heap)
        if (h == heap)
            return true;
    return false;
}

/* Toolhelp's walk (heap.h): heaps_lock keeps the heap from being destroyed meanwhile. */
DWORD w32_heap_next_block(HANDLE handle, const void *after, void **data, SIZE_T *size)
{
    struct w32_heap *heap = handle;
    struct block *next = NULL;
    DWORD error = NO_ERROR;

    pthread_mutex_lock(&heaps_lock);
    if (!heap_listed(heap)) {
        pthread_mutex_unlock(&heaps_lock);
        return ERROR_INVALID_PARAMETER;
    }
    pthread_mutex_lock(&heap->lock);
    if (!walk_successor(heap, after ? after : (const void *)heap, &next))
        error = ERROR_INVALID_PARAMETER;
    else if (!next)
        error = ERROR_NO_MORE_FILES;
    else {
        *data = next + 1;
        *size = next->size;
        heap->walk_data = next + 1;     /* the next step finds its place at once */
        heap->walk_next = next->next;
    }
    pthread_mutex_unlock(&heap->lock);
    pthread_mutex_unlock(&heaps_lock);
    return error;
}

/*
 * The heap's own accounting: the bytes its blocks hold as requested, and
 * with its record and block headers. A growable heap reserves nothing
 * ahead of what it holds; a fixed-size one reserves its maximum.
 */
BOOL WINAPI HeapSummary(HANDLE hHeap, DWORD dwFlags, LPHEAP_SUMMARY lpSummary)
{
    struct w32_heap *heap = heap_of(hHeap);
    SIZE_T committed, reserved;

    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (!lpSummary) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (lpSummary->cb != sizeof(*lpSummary)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    heap_enter(heap, dwFlags);
    committed = heap_committed(heap);
    reserved = heap->limit ? sizeof(*heap) + heap->limit + heap->count * sizeof(struct block)
                           : committed;
    lpSummary->cbAllocated = heap->used;
    lpSummary->cbCommitted = committed;
    lpSummary->cbReserved = reserved;
    lpSummary->cbMaxReserve = reserved;
    heap_leave(heap);
    return TRUE;
}

/* Freed blocks go back to the C allocator at once: the heap has no free block to give. */
SIZE_T WINAPI HeapCompact(HANDLE hHeap, DWORD dwFlags)
{
    struct w32_heap *heap = heap_of(hHeap);

    (void)dwFlags;
    if (!heap) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    malloc_trim(0);
    w32_set_error(NO_ERROR);
    return 0;
}

BOOL WINAPI HeapQueryInformation(HANDLE HeapHandle, HEAP_INFORMATION_CLASS HeapInformationClass,
                                 PVOID HeapInformation, SIZE_T HeapInformationLength,
                                 PSIZE_T ReturnLength)
{
    struct w32_heap *heap = heap_of(HeapHandle);

    if (HeapInformationClass != HeapCompatibilityInformation) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!heap) {
        w32_set_error(ERROR_NOACCESS);      /* Windows reads through the handle */
        return FALSE;
    }
    if (ReturnLength)
        *ReturnLength = sizeof(ULONG);
    if (HeapInformationLength < sizeof(ULONG) || !HeapInformation) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    pthread_mutex_lock(&heap->lock);
    *(ULONG *)HeapInformation = heap->compat;
    pthread_mutex_unlock(&heap->lock);
    return TRUE;
}

/* Only the low-fragmentation heap (2) may be asked for, once and for good. */
static BOOL set_compat(struct w32_heap *heap, const ULONG *value, SIZE_T len)
{
    DWORD error = NO_ERROR;

    if (!heap) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (len < sizeof(ULONG) || !value) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    pthread_mutex_lock(&heap->lock);
    if (*value == HEAP_LFH && (heap->options & HEAP_NO_SERIALIZE))
        error = ERROR_INVALID_PARAMETER;
    else if (*value == HEAP_LFH)
        heap->compat = HEAP_LFH;
    else if (*value > HEAP_LFH)
        error = ERROR_INVALID_PARAMETER;
    else if (*value != heap->compat)
        error = ERROR_GEN_FAILURE;
    pthread_mutex_unlock(&heap->lock);
    if (error)
        w32_set_error(error);
    return !error;
}

/*
 * HeapEnableTerminationOnCorruption is accepted for any heap or NULL: the
 * heap never goes on past corruption it detects (a bad block is refused).
 */
BOOL WINAPI HeapSetInformation(HANDLE HeapHandle, HEAP_INFORMATION_CLASS HeapInformationClass,
                               PVOID HeapInformation, SIZE_T HeapInformationLength)
{
    if (HeapInformationClass == HeapEnableTerminationOnCorruption)
        return TRUE;
    if (HeapInformationClass == HeapCompatibilityInformation)
        return set_compat(heap_of(HeapHandle), HeapInformation, HeapInformationLength);
    w32_set_error(ERROR_INVALID_PARAMETER);
    return FALSE;
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

/*
 * The entry points: each runs its _locked worker under moveable_lock, inside
 * HeapLock of the process heap, as Windows' Local and Global functions lock
 * it: so they wait for a HeapLock another thread holds, and a thread that
 * holds it may call them, without waiting on moveable_lock while it holds
 * the heap another thread needs.
 */
#define UNDER_MOVEABLE_LOCK(type, call) \
    do { \
        type result_; \
        HeapLock(&process_heap); \
        pthread_mutex_lock(&moveable_lock); \
        result_ = call; \
        pthread_mutex_unlock(&moveable_lock); \
        HeapUnlock(&process_heap); \
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

/*
 * The child has only the forking thread: a HeapLock another thread held is
 * released, one the forking thread holds stays its own, and threads that
 * waited for it are gone (the condition variable starts afresh).
 */
static void heap_fork(struct w32_heap *heap, enum w32_fork_phase phase)
{
    if (phase == W32_FORK_CHILD) {
        if (heap->lock_count && !pthread_equal(heap->owner, pthread_self()))
            heap->lock_count = 0;
        pthread_cond_init(&heap->unlocked, NULL);
    }
    w32_fork_mutex(&heap->lock, phase);
}

/* fork (fork.h): the moveable lock, the heap list and every heap's mutex are
 * held across a fork, in that order (the order Local* and HeapWalk take them). */
void w32_heap_fork(enum w32_fork_phase phase)
{
    if (phase == W32_FORK_RESUME)
        return;
    if (phase == W32_FORK_PREPARE) {
        pthread_mutex_lock(&moveable_lock);
        pthread_mutex_lock(&heaps_lock);
        heap_fork(&process_heap, phase);
        for (struct w32_heap *h = heaps_first; h; h = h->next_heap)
            heap_fork(h, phase);
        return;
    }
    for (struct w32_heap *h = heaps_first; h; h = h->next_heap)
        heap_fork(h, phase);
    heap_fork(&process_heap, phase);
    pthread_mutex_unlock(&heaps_lock);
    pthread_mutex_unlock(&moveable_lock);
}
