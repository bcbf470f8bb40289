/*
 * Sections: what a file mapping's views map (section.c). A section holds an
 * fd of its own and the size a view may reach; a mapping object and each of
 * its views reference it, so views outlive the mapping's handles. Its fd is
 * the section's own open of a file, a memory file for a mapping of the
 * paging file, or, for a named mapping shared between processes, its own
 * open of the named object's file, whose pages follow the shared block.
 */
#ifndef W32_SECTION_H
#define W32_SECTION_H

#include <stdatomic.h>
#include <sys/stat.h>
#include "virtual.h"

struct w32_shared;

struct section {
    struct w32_section base;    /* what virtual.c maps */
    atomic_uint refs;           /* a mapping object, and each view */
    atomic_uint views;          /* views in this process */
    bool committed_mapped;      /* base.committed is a map of the shared file, not malloc'd */
    dev_t dev;                  /* a file's section: the file */
    ino_t ino;
    struct section *prev, *next;    /* in the list of file sections (section.c) */
};

/* A section of size bytes of a memory file; SEC_RESERVE (reserve) pages start uncommitted. */
struct section *w32_section_memory(ULONGLONG size, bool reserve);

/*
 * A section of the file open on fd (which the section takes over, closing
 * it on failure too), size bytes, listed as mapping the file st names.
 */
struct section *w32_section_file(int fd, ULONGLONG size, const struct stat *st);

/*
 * A new open of the file behind fd, for reading (and writing): a section's
 * own, so that a handle's byte-range locks, which belong to its open, stay
 * the handle's. -1, error set.
 */
int w32_section_reopen(int fd, bool writable);

/*
 * Named mappings' shared blocks: what another process needs to find the
 * mapping's pages. The pages of a mapping of the paging file follow the
 * block in the named object's file (the committed bytes of a SEC_RESERVE
 * one first), at page boundaries of the file.
 */
struct w32_section_block;

/* The bytes the shared block of a mapping of size bytes (of a file, if file) takes. */
size_t w32_section_block_size(ULONGLONG size, bool reserve, bool file);

/* Fills a new shared block from sec, a mapping of size bytes of protection protect. */
void w32_section_block_init(void *block, const struct section *sec, ULONGLONG size,
                            DWORD protect, bool reserve);

/* The protection of the mapping whose shared block is block. */
DWORD w32_section_block_protect(const void *block);

/*
 * The section of the named mapping shared is (its block filled):
 * its file opened anew, or the named object's file itself. NULL, error set.
 */
struct section *w32_section_shared(struct w32_shared *shared);

void w32_section_release(struct section *sec);

static inline struct section *w32_section_of(struct w32_section *base)
{
    return (struct section *)((char *)base - offsetof(struct section, base));
}

#endif
