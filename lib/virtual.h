/*
 * The address space: VirtualAlloc's reservations and the views of file
 * mappings, kept in one list of regions (virtual.c) so that VirtualQuery,
 * VirtualProtect, VirtualAlloc and the I/O buffer checks see both.
 */
#ifndef W32_VIRTUAL_H
#define W32_VIRTUAL_H

#include <stdbool.h>
#include <windows.h>

/* Windows' allocation granularity: reservations and views start at multiples of it. */
#define W32_GRANULARITY 0x10000u

/*
 * What the views of one file mapping share; mapping.c embeds it in the
 * mapping object, which every view references, so it outlives its views.
 */
struct w32_section {
    int fd;                     /* the file, or the memory file of a paging-file mapping */
    ULONGLONG start;            /* where the mapping's first byte lies in fd */
    ULONGLONG size;             /* bytes a view may reach */
    bool file;                  /* a file's data: VirtualAlloc cannot commit in its views */
    /*
     * SEC_RESERVE: one byte per page, nonzero once committed in any view;
     * guarded by the regions lock (virtual.c). NULL: every page committed.
     */
    unsigned char *committed;
};

/*
 * Maps size bytes (rounded up to whole pages) of section from offset, with
 * the view protection protect (PAGE_*; the WRITECOPY ones make the view
 * copy-on-write), at address at (a multiple of W32_GRANULARITY) or, if at
 * is NULL, at the next free multiple of it, and registers the view. Returns
 * the view, or NULL with the last error set (ERROR_INVALID_ADDRESS if at is
 * taken, ERROR_NOT_ENOUGH_MEMORY).
 */
void *w32_view_map(struct w32_section *section, ULONGLONG offset, SIZE_T size, DWORD protect,
                   void *at);

/*
 * Unmaps the view that contains address and returns its section, for the
 * caller to drop the view's reference; NULL, ERROR_INVALID_ADDRESS, if no
 * view contains address.
 */
struct w32_section *w32_view_unmap(const void *address);

/*
 * FlushViewOfFile: writes the pages of [address, address + size) (size 0:
 * to the end of the view) that belong to a file back to it. ERROR_SUCCESS,
 * also for memory that is not a file's; ERROR_INVALID_ADDRESS for a range
 * that leaves its view or is not mapped at all.
 */
DWORD w32_view_flush(const void *address, SIZE_T size);

/*
 * Whether PAGE_* value protect is one a view's page may have: one of the
 * eight access values, nothing else.
 */
bool w32_view_protect_valid(DWORD protect);

/*
 * Whether a view's page whose view was mapped with protection granted may
 * be given protect: every access protect allows (copy-on-write counting as
 * read) must be one granted allows.
 */
bool w32_view_protect_allowed(DWORD granted, DWORD protect);

#endif
