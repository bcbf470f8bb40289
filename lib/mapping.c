/*
 * memoryapi.h: file mappings (Windows' section objects). A mapping object
 * holds a section: the fd its views map (virtual.c), which is its own open
 * of the file or, for a mapping of the paging file, a memory file. The
 * object and each view reference the section, so a view outlives the
 * mapping's handles while the mapping's name goes with its last handle,
 * as on Windows. Sections of files are listed (files_lock) so that the
 * file functions can refuse to shrink or delete a mapped file.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "handle.h"
#include "mapping.h"
#include "namespace.h"
#include "virtual.h"

/* Views reach no further than the user address space (x86-64 and AArch64: 47 bits). */
#define USER_SPACE_END (1ull << 47)

#define PROTECTION_BITS 0x0000ffffu
#define VALID_ATTRIBUTES (SEC_RESERVE | SEC_COMMIT | SEC_IMAGE | SEC_NOCACHE | SEC_WRITECOMBINE | \
                          SEC_LARGE_PAGES | SEC_FILE)
/* MapViewOfFile's access bits that choose the view's protection; the rest are flags. */
#define VIEW_ACCESS_BITS (FILE_MAP_COPY | FILE_MAP_WRITE | FILE_MAP_READ | SECTION_MAP_EXECUTE)

/* What a mapping object and its views share. */
struct section {
    struct w32_section base;    /* what virtual.c maps */
    atomic_uint refs;           /* the mapping object, and each view */
    atomic_uint views;          /* views in this process */
    dev_t dev;                  /* a file's section: the file */
    ino_t ino;
    struct section *prev, *next;    /* in the list of file sections (files_lock) */
};

struct mapping {
    struct w32_object obj;
    struct section *section;
    DWORD protect;              /* PAGE_* the mapping was created with */
};

/* Guards the list of file sections; a leaf. */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct section *files;
/* How many are listed: read without the lock, 0 spares the file functions the lock. */
static atomic_uint file_count;

static void list_file(struct section *sec)
{
    pthread_mutex_lock(&files_lock);
    sec->next = files;
    if (files)
        files->prev = sec;
    files = sec;
    atomic_fetch_add_explicit(&file_count, 1, memory_order_relaxed);
    pthread_mutex_unlock(&files_lock);
}

static void unlist_file(struct section *sec)
{
    pthread_mutex_lock(&files_lock);
    if (sec->prev)
        sec->prev->next = sec->next;
    else
        files = sec->next;
    if (sec->next)
        sec->next->prev = sec->prev;
    atomic_fetch_sub_explicit(&file_count, 1, memory_order_relaxed);
    pthread_mutex_unlock(&files_lock);
}

/* Whether a listed section of dev/ino (with a view, if viewed) exists. */
static bool file_mapped(dev_t dev, ino_t ino, bool viewed)
{
    bool found = false;

    if (!atomic_load_explicit(&file_count, memory_order_relaxed))
        return false;
    pthread_mutex_lock(&files_lock);
    for (struct section *sec = files; sec && !found; sec = sec->next)
        found = sec->dev == dev && sec->ino == ino &&
                (!viewed || atomic_load_explicit(&sec->views, memory_order_relaxed));
    pthread_mutex_unlock(&files_lock);
    return found;
}

bool w32_mapping_holds(dev_t dev, ino_t ino)
{
    return file_mapped(dev, ino, false);
}

bool w32_mapping_viewed(dev_t dev, ino_t ino)
{
    return file_mapped(dev, ino, true);
}

bool w32_mapping_refuses_resize(int fd, LONGLONG size)
{
    struct stat st;

    if (!atomic_load_explicit(&file_count, memory_order_relaxed) || fstat(fd, &st) != 0)
        return false;
    return size < st.st_size && file_mapped(st.st_dev, st.st_ino, false);
}

/* A section for fd (taken over: closed on failure too); NULL, error set. */
static struct section *new_section(int fd, ULONGLONG size)
{
    struct section *sec = calloc(1, sizeof(*sec));

    if (!sec) {
        close(fd);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    sec->base.fd = fd;
    sec->base.size = size;
    atomic_init(&sec->refs, 1);
    atomic_init(&sec->views, 0);
    return sec;
}

static void section_release(struct section *sec)
{
    if (atomic_fetch_sub_explicit(&sec->refs, 1, memory_order_acq_rel) != 1)
        return;
    if (sec->base.file)
        unlist_file(sec);
    close(sec->base.fd);
    free(sec->base.committed);
    free(sec);
}

static struct section *section_of(struct w32_section *base)
{
    return (struct section *)((char *)base - offsetof(struct section, base));
}

static bool mapping_destroy(struct w32_object *obj)
{
    section_release(((struct mapping *)obj)->section);
    return true;
}

static const struct w32_object_type mapping_type = {
    .name = "Section",
    .access = {
        .read = STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
        .write = STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
        .execute = STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE,
        .all = SECTION_ALL_ACCESS | SECTION_MAP_EXECUTE_EXPLICIT,
    },
    .destroy = mapping_destroy,
};

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

/* A memory file of size bytes, the paging file's share of a mapping; -1, error set. */
static int paging_file_backing(ULONGLONG size)
{
    int fd = memfd_create("w32shim-section", MFD_CLOEXEC);

    if (fd < 0 && errno == ENOSYS)
        fd = open("/dev/shm", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        w32_set_error(w32_error_from_errno(errno));
        return -1;
    }
    if (ftruncate(fd, (off_t)size) != 0) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        close(fd);
        return -1;
    }
    return fd;
}

/*
 * A new open of the file behind fd, for reading (and writing): the
 * mapping's own, so that the handle's byte-range locks go with the
 * handle, as on Windows, and not with the last view. Without /proc, a
 * duplicate of fd. -1, error set.
 */
static int reopen(int fd, bool writable)
{
    char path[32];
    int copy;

    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    copy = open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
    if (copy < 0 && errno == ENOENT)
        copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0)
        w32_set_error(w32_error_from_errno(errno));
    return copy;
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
        fd = reopen(file->fd, is_writable(rq->protect));
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

static struct mapping *new_mapping(struct section *sec, DWORD protect)
{
    struct mapping *m = sec ? calloc(1, sizeof(*m)) : NULL;

    if (!m) {
        if (sec) {
            section_release(sec);
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        }
        return NULL;
    }
    w32_object_init(&m->obj, &mapping_type);
    m->section = sec;
    m->protect = protect;
    return m;
}

static struct section *file_section(const struct mapping_request *rq)
{
    struct section *sec;
    ULONGLONG size;
    struct stat st;
    int fd = file_backing(rq, &size, &st);

    if (fd < 0 || !(sec = new_section(fd, size)))
        return NULL;
    sec->base.file = true;
    sec->dev = st.st_dev;
    sec->ino = st.st_ino;
    list_file(sec);
    return sec;
}

/* A section of the paging file: whole pages; SEC_RESERVE ones start uncommitted. */
static struct section *paging_file_section(const struct mapping_request *rq)
{
    ULONGLONG page = (ULONGLONG)sysconf(_SC_PAGESIZE);
    ULONGLONG size = (rq->size + page - 1) & ~(page - 1);
    bool reserve = rq->attributes & SEC_RESERVE;
    struct section *sec;
    int fd;

    if (rq->attributes & SEC_IMAGE) {
        w32_set_error(ERROR_BAD_EXE_FORMAT);
        return NULL;
    }
    if (!rq->size) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (rq->size >= USER_SPACE_END || (!reserve && !within_commit_limit(size))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    if ((fd = paging_file_backing(size)) < 0 || !(sec = new_section(fd, size)))
        return NULL;
    if (reserve && !(sec->base.committed = calloc(size / page, 1))) {
        section_release(sec);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    return sec;
}

static bool is_paging_file(HANDLE file)
{
    return !file || file == INVALID_HANDLE_VALUE;
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
    m = new_mapping(is_paging_file(rq->file) ? paging_file_section(rq) : file_section(rq),
                    rq->protect);
    if (!m)
        return NULL;
    return w32_named_create(&m->obj, name, sa, access);
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
    return w32_named_open(&mapping_type, lpName, dwDesiredAccess, bInheritHandle);
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
        section_release(sec);
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
    sec = section_of(base);
    atomic_fetch_sub_explicit(&sec->views, 1, memory_order_relaxed);
    section_release(sec);
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
