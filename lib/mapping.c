/*
 * memoryapi.h: file mappings (Windows' section objects). A mapping object
 * holds a section (section.h), which its views map and reference too, so a
 * view outlives the mapping's handles while the mapping's name goes with
 * its last handle, as on Windows. A named mapping is shared with other
 * processes: its shared block records what they need to find its pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "handle.h"
#include "namespace.h"
#include "section.h"
#include "shared.h"

/* Views reach no further than the user address space (x86-64 and AArch64: 47 bits). */
#define USER_SPACE_END (1ull << 47)

#define PROTECTION_BITS 0x0000ffffu
#define VALID_ATTRIBUTES (SEC_RESERVE | SEC_COMMIT | SEC_IMAGE | SEC_NOCACHE | SEC_WRITECOMBINE | \
                          SEC_LARGE_PAGES | SEC_FILE)
/* MapViewOfFile's access bits that choose the view's protection; the rest are flags. */
#define VIEW_ACCESS_BITS (FILE_MAP_COPY | FILE_MAP_WRITE | FILE_MAP_READ | SECTION_MAP_EXECUTE)

struct mapping {
    struct w32_object obj;
    /*
     * NULL only for a named mapping of the paging file until its name is
     * bound (its pages then lie in the named object's file), or if binding
     * the name failed: bind_error.
     */
    struct section *section;
    DWORD protect;              /* PAGE_* the mapping was created with */
    ULONGLONG size;             /* what CreateFileMapping asked for */
    bool reserve;               /* SEC_RESERVE of the paging file */
    DWORD bind_error;
};

static bool mapping_destroy(struct w32_object *obj)
{
    struct mapping *m = (struct mapping *)obj;

    if (m->section)
        w32_section_release(m->section);
    return true;
}

static size_t mapping_shared_size(struct w32_object *obj)
{
    struct mapping *m = (struct mapping *)obj;

    return w32_section_block_size(m->size, m->reserve, m->section && m->section->base.file);
}

static void mapping_shared_init(void *block, struct w32_object *obj)
{
    struct mapping *m = (struct mapping *)obj;

    w32_section_block_init(block, m->section, m->size, m->protect, m->reserve);
}

/*
 * A name another process made gives its mapping: the fresh object's own
 * section, if it had one (a file's), goes for the shared one. A name this
 * object made keeps a file's section, or takes its pages from the name.
 */
static void mapping_shared_bind(struct w32_object *obj, void *block, bool created)
{
    struct mapping *m = (struct mapping *)obj;

    if (created && m->section)
        return;
    if (m->section)
        w32_section_release(m->section);
    m->protect = w32_section_block_protect(block);
    m->section = w32_section_shared(obj->shared);
    if (!m->section)
        m->bind_error = GetLastError();
}

static const struct w32_object_type mapping_type;

static struct mapping *new_mapping(struct section *sec, DWORD protect, ULONGLONG size,
                                   bool reserve)
{
    struct mapping *m = calloc(1, sizeof(*m));

    if (!m) {
        if (sec)
            w32_section_release(sec);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&m->obj, &mapping_type);
    m->section = sec;
    m->protect = protect;
    m->size = size;
    m->reserve = reserve;
    return m;
}

static struct w32_object *mapping_shared_new(void)
{
    struct mapping *m = new_mapping(NULL, 0, 0, false);

    return m ? &m->obj : NULL;
}

static const struct w32_object_type mapping_type = {
    .name = "Section",
    .access = {
        .read = STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
        .write = STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
        .execute = STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
        .all = SECTION_ALL_ACCESS | SECTION_MAP_EXECUTE_EXPLICIT,
    },
    .shared_kind = W32_SHARED_MAPPING,
    .shared_size_of = mapping_shared_size,
    .shared_init = mapping_shared_init,
    .shared_bind = mapping_shared_bind,
    .shared_new = mapping_shared_new,
    .destroy = mapping_destroy,
};

const struct w32_object_type *const w32_shared_mapping_type = &mapping_type;

/* ---- CreateFileMapping ---- */

static bool is_writable(DWORD protect)
{
    return protect == PAGE_READWRITE || protect == PAGE_EXECUTE_READWRITE;
}

static bool is_executable(DWORD protect)
{
    return protect == PAGE_EXECUTE_READ || protect == PAGE_EXECUTE_READWRITE ||
           protect == PAGE_EXECUTE_WRITECOPY;
}

/* Whether protect is a protection a mapping may have. */
static bool valid_mapping_protect(DWORD protect)
{
    return protect == PAGE_READONLY || protect == PAGE_WRITECOPY || is_writable(protect) ||
           is_executable(protect);
}

/*
 * The rights a view of protection protect needs, of its handle and of its
 * mapping. (A view without access still needs to read the mapping, as on
 * Windows.)
 */
static ACCESS_MASK rights_for(DWORD protect)
{
    ACCESS_MASK rights = is_writable(protect) ? SECTION_MAP_WRITE : SECTION_MAP_READ;

    if (protect == PAGE_EXECUTE || is_executable(protect))
        rights |= SECTION_MAP_EXECUTE;
    return rights;
}

/* The rights a mapping of protection protect grants its views. */
static ACCESS_MASK mapping_rights(DWORD protect)
{
    return SECTION_MAP_READ | rights_for(protect);
}

/* The access of the handle CreateFileMapping returns. */
static ACCESS_MASK handle_access(DWORD protect)
{
    return STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | mapping_rights(protect);
}

/*
 * The error Windows gives for the SEC_* attributes of a mapping (of a
 * file, if file), or ERROR_SUCCESS. Large pages need a privilege that
 * processes do not hold by default.
 */
static DWORD check_attributes(DWORD attributes, bool file)
{
    DWORD kind = attributes & (SEC_RESERVE | SEC_COMMIT | SEC_IMAGE);
    DWORD modifiers = attributes & (SEC_NOCACHE | SEC_WRITECOMBINE | SEC_LARGE_PAGES);

    if ((attributes & ~(DWORD)VALID_ATTRIBUTES) || (attributes & SEC_FILE))
        return ERROR_INVALID_PARAMETER;
    if (kind != 0 && kind != SEC_RESERVE && kind != SEC_COMMIT && kind != SEC_IMAGE)
        return ERROR_INVALID_PARAMETER;
    if (modifiers && !kind)
        return ERROR_INVALID_PARAMETER;
    if (kind == SEC_IMAGE && (modifiers & ~(DWORD)SEC_NOCACHE))
        return ERROR_INVALID_PARAMETER;
    if (attributes & SEC_LARGE_PAGES)
        return kind == SEC_COMMIT && !file ? ERROR_PRIVILEGE_NOT_HELD : ERROR_INVALID_PARAMETER;
    return ERROR_SUCCESS;
}

/* SEC_IMAGE: w32shim loads no PE images; a file that is not one gets Windows' error. */
static DWORD image_error(int fd)
{
    char magic[2];

    if (fd >= 0 && pread(fd, magic, sizeof(magic), 0) == 2 && magic[0] == 'M' && magic[1] == 'Z')
        return ERROR_NOT_SUPPORTED;
    return ERROR_BAD_EXE_FORMAT;
}

/*
 * Whether size bytes could be committed: Windows charges a SEC_COMMIT
 * mapping of the paging file against RAM plus the paging files at once.
 */
static bool within_commit_limit(ULONGLONG size)
{
    struct sysinfo si;

    if (sysinfo(&si) != 0 || !si.mem_unit)
        return true;
    return size / si.mem_unit <= (ULONGLONG)si.totalram + si.totalswap;
}

/* The right a file handle needs for a mapping of protection protect. */
static ACCESS_MASK file_rights(DWORD protect)
{
    return FILE_READ_DATA | (is_writable(protect) ? FILE_WRITE_DATA : 0) |
           (is_executable(protect) ? FILE_EXECUTE : 0);
}

/* What CreateFileMapping was asked for. */
struct mapping_request {
    HANDLE file;                /* NULL or INVALID_HANDLE_VALUE: the paging file */
    DWORD protect;              /* PAGE_* */
    DWORD attributes;           /* SEC_* */
    ULONGLONG size;             /* 0: the file's size */
};

/*
 * The fd of a file mapping: its own open of the file, grown to the size
 * asked for if the mapping may write (Windows' rule; a read-only mapping
 * may not reach past the end). *size becomes the mapping's size, *st the
 * file's identity. -1, error set.
 */
static int file_backing(const struct mapping_request *rq, ULONGLONG *size, struct stat *st)
{
    struct w32_file *file = w32_file_get(rq->file, file_rights(rq->protect));
    int fd = -1;

    if (!file)
        return -1;
    if (fstat(file->fd, st) != 0 || !S_ISREG(st->st_mode))
        w32_set_error(ERROR_INVALID_HANDLE);
    else if (rq->attributes & SEC_IMAGE)
        w32_set_error(image_error(file->fd));
    else if (!rq->size && !st->st_size)
        w32_set_error(ERROR_FILE_INVALID);
    else if (rq->size > (ULONGLONG)st->st_size && !is_writable(rq->protect))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    else
        fd = w32_section_reopen(file->fd, is_writable(rq->protect));
    w32_object_unref(&file->obj);
    *size = rq->size ? rq->size : (ULONGLONG)st->st_size;
    if (fd >= 0 && *size > (ULONGLONG)st->st_size && ftruncate(fd, (off_t)*size) != 0) {
        w32_set_error(errno == EFBIG || errno == ENOSPC ? ERROR_DISK_FULL
                                                        : w32_error_from_errno(errno));
        close(fd);
        fd = -1;
    }
    return fd;
}

static struct section *file_section(const struct mapping_request *rq, ULONGLONG *size)
{
    struct stat st;
    int fd = file_backing(rq, size, &st);

    return fd >= 0 ? w32_section_file(fd, *size, &st) : NULL;
}

/*
 * The size of a mapping of the paging file: whole pages, within what
 * Windows would accept; 0, error set, if it would not.
 */
static ULONGLONG paging_file_size(const struct mapping_request *rq)
{
    ULONGLONG page = (ULONGLONG)sysconf(_SC_PAGESIZE);
    ULONGLONG size = (rq->size + page - 1) & ~(page - 1);

    if (rq->attributes & SEC_IMAGE) {
        w32_set_error(ERROR_BAD_EXE_FORMAT);
        return 0;
    }
    if (!rq->size) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (rq->size >= USER_SPACE_END ||
        (!(rq->attributes & SEC_RESERVE) && !within_commit_limit(size))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return 0;
    }
    return size;
}

static bool is_paging_file(HANDLE file)
{
    return !file || file == INVALID_HANDLE_VALUE;
}

/*
 * A mapping whose name another process made has its section from the
 * shared object; if that failed, the handle goes and the call fails.
 */
static HANDLE bound(HANDLE h)
{
    struct mapping *m = h ? (struct mapping *)w32_handle_get(h, &mapping_type, 0) : NULL;
    DWORD error = m && !m->section ? m->bind_error : ERROR_SUCCESS;
    DWORD last = GetLastError();

    if (m)
        w32_object_unref(&m->obj);
    if (error == ERROR_SUCCESS) {
        w32_set_error(last);
        return h;
    }
    CloseHandle(h);
    w32_set_error(error);
    return NULL;
}

/*
 * The mapping rq asks for, before it is named: a file's has its section; a
 * shared one of the paging file (named, or inheritable: a child inherits it
 * as a shared object) takes its pages from its shared object when it is
 * bound to it, any other one from a memory file of its own.
 */
static struct mapping *request_mapping(const struct mapping_request *rq, bool shared)
{
    bool reserve = rq->attributes & SEC_RESERVE;
    struct section *sec = NULL;
    ULONGLONG size = 0;

    if (!is_paging_file(rq->file)) {
        sec = file_section(rq, &size);
        reserve = false;
    } else if ((size = paging_file_size(rq)) && !shared) {
        sec = w32_section_memory(size, reserve);
    }
    if (!sec && (!is_paging_file(rq->file) || !size || !shared))
        return NULL;
    return new_mapping(sec, rq->protect, size, reserve);
}

/* CreateFileMapping and CreateFileMapping2, the name in UTF-8. */
static HANDLE create_mapping(const struct mapping_request *rq, LPSECURITY_ATTRIBUTES sa,
                             LPCSTR name, ACCESS_MASK access)
{
    DWORD error = check_attributes(rq->attributes, !is_paging_file(rq->file));
    struct mapping *m;

    if (error == ERROR_SUCCESS && !valid_mapping_protect(rq->protect))
        error = ERROR_INVALID_PARAMETER;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    m = request_mapping(rq, (name && *name) || (sa && sa->bInheritHandle));
    if (!m)
        return NULL;
    return bound(w32_named_create(&m->obj, name, sa, access));
}

HANDLE WINAPI CreateFileMappingA(HANDLE hFile, LPSECURITY_ATTRIBUTES lpFileMappingAttributes,
                                 DWORD flProtect, DWORD dwMaximumSizeHigh,
                                 DWORD dwMaximumSizeLow, LPCSTR lpName)
{
    struct mapping_request rq = {
        .file = hFile,
        .protect = flProtect & PROTECTION_BITS,
        .attributes = flProtect & ~PROTECTION_BITS,
        .size = ((ULONGLONG)dwMaximumSizeHigh << 32) | dwMaximumSizeLow,
    };

    return create_mapping(&rq, lpFileMappingAttributes, lpName, handle_access(rq.protect));
}

HANDLE WINAPI CreateFileMappingW(HANDLE hFile, LPSECURITY_ATTRIBUTES lpFileMappingAttributes,
                                 DWORD flProtect, DWORD dwMaximumSizeHigh,
                                 DWORD dwMaximumSizeLow, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName,
                       CreateFileMappingA(hFile, lpFileMappingAttributes, flProtect,
                                          dwMaximumSizeHigh, dwMaximumSizeLow, name));
}

/*
 * Extended parameters of CreateFileMapping2 and MapViewOfFile3: a NUMA
 * node preference is met by any memory (one node as far as w32shim goes);
 * the others are refused. ERROR_SUCCESS or the error.
 */
static DWORD check_extended(const MEM_EXTENDED_PARAMETER *params, ULONG count)
{
    if (count && !params)
        return ERROR_INVALID_PARAMETER;
    for (ULONG i = 0; i < count; i++) {
        DWORD type = (DWORD)params[i].Type;
        if (type == MemExtendedParameterInvalidType || type >= MemExtendedParameterMax)
            return ERROR_INVALID_PARAMETER;
        if (type != MemExtendedParameterNumaNode)
            return ERROR_NOT_SUPPORTED;
    }
    return ERROR_SUCCESS;
}

static HANDLE create_mapping2(const struct mapping_request *rq, SECURITY_ATTRIBUTES *sa,
                              LPCSTR name, ACCESS_MASK access,
                              const MEM_EXTENDED_PARAMETER *params, ULONG count)
{
    DWORD error = check_extended(params, count);

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    return create_mapping(rq, sa, name, access);
}

HANDLE WINAPI CreateFileMapping2(HANDLE File, SECURITY_ATTRIBUTES *SecurityAttributes,
                                 ULONG DesiredAccess, ULONG PageProtection,
                                 ULONG AllocationAttributes, ULONG64 MaximumSize, PCWSTR Name,
                                 MEM_EXTENDED_PARAMETER *ExtendedParameters, ULONG ParameterCount)
{
    struct mapping_request rq = {
        .file = File,
        .protect = PageProtection,
        .attributes = AllocationAttributes,
        .size = MaximumSize,
    };

    W32_WITH_UTF8_NAME(name, Name,
                       create_mapping2(&rq, SecurityAttributes, name, DesiredAccess,
                                       ExtendedParameters, ParameterCount));
}

HANDLE WINAPI OpenFileMappingA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName)
{
    return bound(w32_named_open(&mapping_type, lpName, dwDesiredAccess, bInheritHandle));
}

HANDLE WINAPI OpenFileMappingW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName)
{
    W32_WITH_UTF8_NAME(name, lpName, OpenFileMappingA(dwDesiredAccess, bInheritHandle, name));
}

/* ---- views ---- */

/* The protection of a view asked for with FILE_MAP_* access: copy-on-write only alone. */
static DWORD view_protect(DWORD access)
{
    bool exec = access & FILE_MAP_EXECUTE;

    access &= VIEW_ACCESS_BITS;
    if (access == FILE_MAP_COPY)
        return exec ? PAGE_EXECUTE_WRITECOPY : PAGE_WRITECOPY;
    if (access & FILE_MAP_WRITE)
        return exec ? PAGE_EXECUTE_READWRITE : PAGE_READWRITE;
    if (access & FILE_MAP_READ)
        return exec ? PAGE_EXECUTE_READ : PAGE_READONLY;
    return PAGE_NOACCESS;
}

/*
 * Checks a view of m: the mapping must allow the protection, the offset
 * and the address must be multiples of the allocation granularity, the
 * view must lie within the mapping. *size 0 becomes the rest of the
 * mapping. ERROR_SUCCESS or the error.
 */
static DWORD check_view(const struct mapping *m, DWORD protect, ULONGLONG offset, SIZE_T *size,
                        const void *at)
{
    if (rights_for(protect) & ~mapping_rights(m->protect))
        return ERROR_ACCESS_DENIED;
    if (offset % W32_GRANULARITY || (ULONG_PTR)at % W32_GRANULARITY)
        return ERROR_MAPPED_ALIGNMENT;
    if (!m->section)
        return m->bind_error;
    if (offset >= m->section->base.size)
        return ERROR_INVALID_PARAMETER;
    if (!*size)
        *size = (SIZE_T)(m->section->base.size - offset);
    else if (*size > m->section->base.size - offset)
        return ERROR_ACCESS_DENIED;
    return ERROR_SUCCESS;
}

/* MapViewOfFileEx and MapViewOfFile3 once the protection is known. */
static void *map_view(HANDLE h, DWORD protect, ULONGLONG offset, SIZE_T size, void *at)
{
    struct mapping *m = (struct mapping *)w32_handle_get(h, &mapping_type, rights_for(protect));
    struct section *sec;
    DWORD error;
    void *view;

    if (!m)
        return NULL;
    sec = m->section;
    error = check_view(m, protect, offset, &size, at);
    /* The view holds the section, not the object, whose name goes with its handles. */
    if (error == ERROR_SUCCESS) {
        atomic_fetch_add_explicit(&sec->refs, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&sec->views, 1, memory_order_relaxed);
    }
    w32_object_unref(&m->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    view = w32_view_map(&sec->base, offset, size, protect, at);
    if (!view) {
        atomic_fetch_sub_explicit(&sec->views, 1, memory_order_relaxed);
        w32_section_release(sec);
    }
    return view;
}

LPVOID WINAPI MapViewOfFileEx(HANDLE hFileMappingObject, DWORD dwDesiredAccess,
                              DWORD dwFileOffsetHigh, DWORD dwFileOffsetLow,
                              SIZE_T dwNumberOfBytesToMap, LPVOID lpBaseAddress)
{
    return map_view(hFileMappingObject, view_protect(dwDesiredAccess),
                    ((ULONGLONG)dwFileOffsetHigh << 32) | dwFileOffsetLow, dwNumberOfBytesToMap,
                    lpBaseAddress);
}

LPVOID WINAPI MapViewOfFile(HANDLE hFileMappingObject, DWORD dwDesiredAccess,
                            DWORD dwFileOffsetHigh, DWORD dwFileOffsetLow,
                            SIZE_T dwNumberOfBytesToMap)
{
    return MapViewOfFileEx(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh,
                           dwFileOffsetLow, dwNumberOfBytesToMap, NULL);
}

/* Whether process names the calling process; another one gets ERROR_NOT_SUPPORTED. */
static bool is_this_process(HANDLE process)
{
    DWORD pid;

    if (process == W32_PSEUDO_PROCESS)
        return true;
    if (!(pid = GetProcessId(process)))
        return false;
    if (pid != GetCurrentProcessId()) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return false;
    }
    return true;
}

/* MEM_REPLACE_PLACEHOLDER: w32shim has no placeholders to replace. */
#define W32_MEM_REPLACE_PLACEHOLDER 0x00004000u

PVOID WINAPI MapViewOfFile3(HANDLE FileMapping, HANDLE Process, PVOID BaseAddress,
                            ULONG64 Offset, SIZE_T ViewSize, ULONG AllocationType,
                            ULONG PageProtection, MEM_EXTENDED_PARAMETER *ExtendedParameters,
                            ULONG ParameterCount)
{
    DWORD error = check_extended(ExtendedParameters, ParameterCount);

    if (error == ERROR_SUCCESS && (AllocationType & (MEM_RESERVE | W32_MEM_REPLACE_PLACEHOLDER)))
        error = ERROR_NOT_SUPPORTED;
    else if (error == ERROR_SUCCESS && (AllocationType || !w32_view_protect_valid(PageProtection)))
        error = ERROR_INVALID_PARAMETER;
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    if (!is_this_process(Process))
        return NULL;
    return map_view(FileMapping, PageProtection, Offset, ViewSize, BaseAddress);
}

BOOL WINAPI UnmapViewOfFile(LPCVOID lpBaseAddress)
{
    struct w32_section *base = w32_view_unmap(lpBaseAddress);
    struct section *sec;

    if (!base)
        return FALSE;
    sec = w32_section_of(base);
    atomic_fetch_sub_explicit(&sec->views, 1, memory_order_relaxed);
    w32_section_release(sec);
    return TRUE;
}

BOOL WINAPI FlushViewOfFile(LPCVOID lpBaseAddress, SIZE_T dwNumberOfBytesToFlush)
{
    DWORD error = w32_view_flush(lpBaseAddress, dwNumberOfBytesToFlush);

    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}
