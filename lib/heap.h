/* What toolhelp reads of the heaps (lib/heap.c). */
#ifndef W32_HEAP_H
#define W32_HEAP_H

#include <windows.h>

/*
 * The busy block after the one at after (NULL: the first) of heap, a heap
 * of this process that is not destroyed: its data and requested size.
 * NO_ERROR, ERROR_NO_MORE_FILES at the end, or ERROR_INVALID_PARAMETER if
 * heap is no heap or after no block of it. Reads the heap under its mutex
 * without waiting for a HeapLock another thread holds.
 */
DWORD w32_heap_next_block(HANDLE heap, const void *after, void **data, SIZE_T *size);

#endif
