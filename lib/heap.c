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

#define HEAP_MAGIC 0x70616548u     /* "Heap" */
#define BLOCK_MAGIC 0x6B6F6C42u    /* "Blok" */
#define FREED_MAGIC 0x65657246u    /* "Free" */
#define MOVEABLE_MAGIC 0x65766F4Du /* "Move" */

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
 * Windows (code that dereferences a handle gets the block), and is told apart
 * by its address: 8 modulo 16, never a block's 16-byte-aligned address.
 */
struct moveable {
    uint32_t magic;
    WORD locks;
    WORD flags;
    void *data;                     /* the handle is &data; NULL once discarded */
} __attribute__((aligned(16)));

/* Guards the locks, flags and data of every moveable record, and the list of
 * freed records; taken before a heap's lock. */
static pthread_mutex_t moveable_lock = PTHREAD_MUTEX_INITIALIZER;

/*
 * A freed record is never given back to the C allocator: a stale handle then
 * still points at a record, whose magic says it is gone (ERROR_INVALID_HANDLE,
 * as on Windows), and the next moveable allocation reuses it, as Windows
 * reuses a handle-table slot.
 */
static struct moveable *freed_records;     /* linked through data */

static struct moveable *moveable_of(HANDLE h)
{
    struct moveable *m;

    if (((ULONG_PTR)h & 15) != offsetof(struct moveable, data))
        return NULL;
    m = (struct moveable *)((char *)h - offsetof(struct moveable, data));
    return m->magic == MOVEABLE_MAGIC ? m : NULL;
}

static DWORD heap_flags(UINT flags)
{
    return (flags & LMEM_ZEROINIT) ? HEAP_ZERO_MEMORY : 0;
}

static void *alloc_data(struct moveable *m, SIZE_T size, UINT flags)
{
    void *data = HeapAlloc(&process_heap, heap_flags(flags), size);

    if (data)
        block_of(data)->owner = &m->data;
    return data;
}

static HLOCAL mem_alloc(UINT flags, SIZE_T size)
{
    struct moveable *m;

    if (!(flags & LMEM_MOVEABLE))
        return HeapAlloc(&process_heap, heap_flags(flags), size);
    pthread_mutex_lock(&moveable_lock);
    m = freed_records;
    if (m)
        freed_records = m->data;
    else
        m = aligned_alloc(16, sizeof(*m));
    if (!m) {
        pthread_mutex_unlock(&moveable_lock);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    m->locks = 0;
    m->flags = (WORD)(flags & LMEM_DISCARDABLE);
    m->data = NULL;
    if (size && !(m->data = alloc_data(m, size, flags))) {
        m->magic = 0;
        m->data = freed_records;
        freed_records = m;
        pthread_mutex_unlock(&moveable_lock);
        return NULL;
    }
    m->magic = MOVEABLE_MAGIC;
    pthread_mutex_unlock(&moveable_lock);
    return &m->data;
}

static HLOCAL mem_free_locked(HLOCAL h)
{
    struct moveable *m = moveable_of(h);

    if (!h)
        return NULL;
    if (m) {
        if (m->data)
            HeapFree(&process_heap, 0, m->data);
        m->magic = 0;
        m->data = freed_records;
        freed_records = m;
        return NULL;
    }
    if (!valid_block(&process_heap, h)) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return h;
    }
    HeapFree(&process_heap, 0, h);
    return NULL;
}

static LPVOID mem_lock_locked(HLOCAL h)
{
    struct moveable *m = moveable_of(h);

    if (m) {
        if (m->data && m->locks < LMEM_LOCKCOUNT)
            m->locks++;
        return m->data;
    }
    if (!valid_block(&process_heap, h)) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return h;
}

/* TRUE while still locked; FALSE with NO_ERROR once unlocked, or an error. */
static BOOL mem_unlock_locked(HLOCAL h, bool local)
{
    struct moveable *m = moveable_of(h);

    if (!m) {
        /* A fixed block is never locked: GlobalUnlock says "still locked",
         * LocalUnlock ERROR_NOT_LOCKED, as Windows does. */
        if (!valid_block(&process_heap, h)) {
            w32_set_error(ERROR_INVALID_HANDLE);
            return FALSE;
        }
        if (!local)
            return TRUE;
        w32_set_error(ERROR_NOT_LOCKED);
        return FALSE;
    }
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
    struct moveable *m = moveable_of(h);

    if (m)
        return m->data ? block_of(m->data)->size : 0;
    if (!valid_block(&process_heap, h)) {
        if (h)
            w32_set_error(ERROR_INVALID_HANDLE);
        return 0;
    }
    return block_of(h)->size;
}

static UINT mem_flags_locked(HLOCAL h)
{
    struct moveable *m = moveable_of(h);

    if (m)
        return m->locks | m->flags | (m->data ? 0 : LMEM_DISCARDED);
    if (!valid_block(&process_heap, h)) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return LMEM_INVALID_HANDLE;
    }
    return 0;
}

static HLOCAL mem_handle(LPCVOID p)
{
    struct block *b = valid_block(&process_heap, p);

    if (!b) {
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return b->owner ? b->owner : (HLOCAL)p;
}

/*
 * A FIXED block grows in place unless LMEM_MOVEABLE allows a move; a
 * MOVEABLE one moves freely while unlocked. Size 0 discards a moveable block.
 */
static HLOCAL mem_realloc_locked(HLOCAL h, SIZE_T size, UINT flags)
{
    struct moveable *m = moveable_of(h);
    DWORD hflags = heap_flags(flags);
    void *data;

    if (flags & LMEM_MODIFY) {
        if (!m && !valid_block(&process_heap, h)) {
            w32_set_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        return h;
    }
    if (!m) {
        if (!valid_block(&process_heap, h)) {
            w32_set_error(ERROR_INVALID_HANDLE);
            return NULL;
        }
        if (!(flags & LMEM_MOVEABLE))
            hflags |= HEAP_REALLOC_IN_PLACE_ONLY;
        return HeapReAlloc(&process_heap, hflags, h, size);
    }
    if (!size) {
        if (m->locks) {
            w32_set_error(ERROR_INVALID_PARAMETER);
            return NULL;
        }
        if (m->data)
            HeapFree(&process_heap, 0, m->data);
        m->data = NULL;
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
    m->data = data;
    return h;
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
