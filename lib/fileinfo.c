/*
 * fileapi.h, winbase.h: what a file is, by name and by handle
 * (GetFileAttributesEx, GetFileInformationByHandle(Ex),
 * SetFileInformationByHandle), and GetTempFileName.
 *
 * Everything here comes from one stat of the file, described as
 * GetFileAttributes and FindFirstFile describe it (lib/file.h): Linux keeps no
 * creation time in stat, so the creation time is the last write time; the
 * volume serial number is the device number and the file index the inode
 * number, which identify a file as Windows' do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "path.h"
#include "unicode.h"

static DWORD size_high(const struct stat *st)
{
    return S_ISDIR(st->st_mode) ? 0 : (DWORD)((ULONGLONG)st->st_size >> 32);
}

static DWORD size_low(const struct stat *st)
{
    return S_ISDIR(st->st_mode) ? 0 : (DWORD)st->st_size;
}

static LARGE_INTEGER large_time(const struct timespec *ts)
{
    FILETIME ft = w32_filetime_of(ts);
    LARGE_INTEGER li;

    li.QuadPart = (LONGLONG)(((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
    return li;
}

/* ---- by name ---- */

static void fill_attribute_data(const struct stat *st, DWORD attrs,
                                WIN32_FILE_ATTRIBUTE_DATA *data)
{
    data->dwFileAttributes = attrs;
    data->ftCreationTime = w32_filetime_of(&st->st_mtim);
    data->ftLastAccessTime = w32_filetime_of(&st->st_atim);
    data->ftLastWriteTime = w32_filetime_of(&st->st_mtim);
    data->nFileSizeHigh = size_high(st);
    data->nFileSizeLow = size_low(st);
}

/* The error of a failed stat of path: a missing file in an existing
 * directory is ERROR_FILE_NOT_FOUND, a missing directory on the way
 * ERROR_PATH_NOT_FOUND. */
static DWORD stat_error(const char *path, int err)
{
    char *dir, *slash;
    struct stat st;
    bool parent;

    if (err != ENOENT)
        return err == ENOTDIR ? ERROR_PATH_NOT_FOUND : w32_error_from_errno(err);
    if (!(dir = strdup(path)))
        return ERROR_NOT_ENOUGH_MEMORY;
    slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = 0;
    parent = !slash || slash == dir || (stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
    free(dir);
    return parent ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND;
}

BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                 LPVOID lpFileInformation)
{
    struct stat st;
    char *path;
    DWORD attrs, error = ERROR_SUCCESS;

    if (fInfoLevelId != GetFileExInfoStandard) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(path = w32_path_to_posix(lpFileName, W32_PATH_NAME)))
        return FALSE;
    if (w32_entry_stat(AT_FDCWD, path, &st, &attrs) != 0)
        error = stat_error(path, errno);
    else if (!lpFileInformation)
        error = ERROR_NOACCESS;
    else
        fill_attribute_data(&st, attrs, lpFileInformation);
    free(path);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                 LPVOID lpFileInformation)
{
    char *name = NULL;
    BOOL ok;

    if (lpFileName && !(name = w32_utf16_to_utf8(lpFileName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ok = GetFileAttributesExA(name, fInfoLevelId, lpFileInformation);
    free(name);
    return ok;
}

/* ---- by handle ---- */

/* fstat of the file behind h, if the handle grants access; FALSE with the error set. */
/* The stat of the file behind h; *pending (if not NULL) tells whether it is
 * delete-pending. */
static BOOL stat_handle(HANDLE h, ACCESS_MASK access, struct stat *st, bool *pending)
{
    struct w32_file *file = w32_file_get(h, access);
    int rc;

    if (!file)
        return FALSE;
    if (pending)
        *pending = w32_file_delete_pending(file);
    rc = fstat(file->fd, st);
    if (rc != 0)
        w32_set_error(w32_error_from_errno(errno));
    w32_object_unref(&file->obj);
    return rc == 0;
}

BOOL WINAPI GetFileInformationByHandle(HANDLE hFile,
                                       LPBY_HANDLE_FILE_INFORMATION lpFileInformation)
{
    struct stat st;

    if (!stat_handle(hFile, FILE_READ_ATTRIBUTES, &st, NULL))
        return FALSE;
    if (!lpFileInformation) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    lpFileInformation->dwFileAttributes = w32_file_attributes(&st);
    lpFileInformation->ftCreationTime = w32_filetime_of(&st.st_mtim);
    lpFileInformation->ftLastAccessTime = w32_filetime_of(&st.st_atim);
    lpFileInformation->ftLastWriteTime = w32_filetime_of(&st.st_mtim);
    lpFileInformation->dwVolumeSerialNumber = (DWORD)(st.st_dev ^ ((ULONGLONG)st.st_dev >> 32));
    lpFileInformation->nFileSizeHigh = size_high(&st);
    lpFileInformation->nFileSizeLow = size_low(&st);
    lpFileInformation->nNumberOfLinks = (DWORD)st.st_nlink;
    lpFileInformation->nFileIndexHigh = (DWORD)((ULONGLONG)st.st_ino >> 32);
    lpFileInformation->nFileIndexLow = (DWORD)st.st_ino;
    return TRUE;
}

static void fill_basic(const struct stat *st, FILE_BASIC_INFO *info)
{
    info->CreationTime = large_time(&st->st_mtim);
    info->LastAccessTime = large_time(&st->st_atim);
    info->LastWriteTime = large_time(&st->st_mtim);
    info->ChangeTime = large_time(&st->st_ctim);
    info->FileAttributes = w32_file_attributes(st);
}

static void fill_standard(const struct stat *st, FILE_STANDARD_INFO *info)
{
    info->AllocationSize.QuadPart = S_ISDIR(st->st_mode) ? 0 : (LONGLONG)st->st_blocks * 512;
    info->EndOfFile.QuadPart = S_ISDIR(st->st_mode) ? 0 : st->st_size;
    info->NumberOfLinks = (DWORD)st->st_nlink;
    info->DeletePending = FALSE;    /* the caller knows better */
    info->Directory = S_ISDIR(st->st_mode) ? TRUE : FALSE;
}

static void fill_attribute_tag(const struct stat *st, FILE_ATTRIBUTE_TAG_INFO *info)
{
    info->FileAttributes = w32_file_attributes(st);
    info->ReparseTag = 0;
}

static void fill_id(const struct stat *st, FILE_ID_INFO *info)
{
    ULONGLONG ino = (ULONGLONG)st->st_ino;

    info->VolumeSerialNumber = (ULONGLONG)st->st_dev;
    memset(info->FileId.Identifier, 0, sizeof(info->FileId.Identifier));
    memcpy(info->FileId.Identifier, &ino, sizeof(ino));
}

/* A class GetFileInformationByHandleEx answers: its size and how it is filled. */
struct info_class {
    DWORD size;
    ACCESS_MASK access;
    void (*fill)(const struct stat *st, void *info);
};

static const struct info_class *query_class(FILE_INFO_BY_HANDLE_CLASS cls)
{
    static const struct info_class basic = {
        sizeof(FILE_BASIC_INFO), FILE_READ_ATTRIBUTES, (void (*)(const struct stat *, void *))fill_basic
    };
    static const struct info_class standard = {
        sizeof(FILE_STANDARD_INFO), 0, (void (*)(const struct stat *, void *))fill_standard
    };
    static const struct info_class tag = {
        sizeof(FILE_ATTRIBUTE_TAG_INFO), FILE_READ_ATTRIBUTES,
        (void (*)(const struct stat *, void *))fill_attribute_tag
    };
    static const struct info_class id = {
        sizeof(FILE_ID_INFO), 0, (void (*)(const struct stat *, void *))fill_id
    };

    switch (cls) {
    case FileBasicInfo: return &basic;
    case FileStandardInfo: return &standard;
    case FileAttributeTagInfo: return &tag;
    case FileIdInfo: return &id;
    default: return NULL;
    }
}

/* Whether cls is a class Windows can query (the others are set-only). */
static bool queryable(FILE_INFO_BY_HANDLE_CLASS cls)
{
    switch (cls) {
    case FileRenameInfo:
    case FileDispositionInfo:
    case FileAllocationInfo:
    case FileEndOfFileInfo:
    case FileIoPriorityHintInfo:
    case FileDispositionInfoEx:
    case FileRenameInfoEx:
        return false;
    default:
        return (unsigned)cls < MaximumFileInfoByHandleClass;
    }
}

/*
 * The classes of one fixed-size record; the name, stream, directory listing,
 * compression, storage, alignment and remote protocol classes fail with
 * ERROR_NOT_SUPPORTED.
 */
BOOL WINAPI GetFileInformationByHandleEx(HANDLE hFile,
                                         FILE_INFO_BY_HANDLE_CLASS FileInformationClass,
                                         LPVOID lpFileInformation, DWORD dwBufferSize)
{
    const struct info_class *cls = query_class(FileInformationClass);
    struct stat st;
    bool pending;

    if (!queryable(FileInformationClass)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!cls) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    if (dwBufferSize < cls->size) {
        w32_set_error(ERROR_BAD_LENGTH);
        return FALSE;
    }
    if (!stat_handle(hFile, cls->access, &st, &pending))
        return FALSE;
    if (!lpFileInformation) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    cls->fill(&st, lpFileInformation);
    if (FileInformationClass == FileStandardInfo)
        ((FILE_STANDARD_INFO *)lpFileInformation)->DeletePending = pending;
    return TRUE;
}

static FILETIME filetime_of_large(LARGE_INTEGER li)
{
    FILETIME ft = { (DWORD)li.QuadPart, (DWORD)((ULONGLONG)li.QuadPart >> 32) };

    return ft;
}

/* FileBasicInfo: the times (0 leaves one alone, -1 too: Linux cannot stop
 * updating a time), then the read-only attribute (0 leaves the attributes). */
static DWORD set_basic(struct w32_file *file, const FILE_BASIC_INFO *info)
{
    FILETIME access = filetime_of_large(info->LastAccessTime);
    FILETIME write = filetime_of_large(info->LastWriteTime);
    struct stat st;
    mode_t mode;
    DWORD error;

    error = w32_file_set_times(file, &access, &write);
    if (error != ERROR_SUCCESS || !info->FileAttributes)
        return error;
    if (fstat(file->fd, &st) != 0)
        return w32_error_from_errno(errno);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
        return ERROR_SUCCESS;   /* a device has no attributes to change */
    mode = w32_mode_for_attributes(st.st_mode, info->FileAttributes);
    if (mode != st.st_mode && fchmod(file->fd, mode & 07777) != 0)
        return w32_error_from_errno(errno);
    return ERROR_SUCCESS;
}

static DWORD set_end_of_file(struct w32_file *file, const FILE_END_OF_FILE_INFO *info)
{
    if (file->ops->file_type != FILE_TYPE_DISK)
        return ERROR_INVALID_PARAMETER;
    return w32_file_resize(file, info->EndOfFile.QuadPart);
}

/* The POSIX path of a bare FileRenameInfo name: in the file's own directory. */
static DWORD beside(struct w32_file *file, const char *name, char **dst)
{
    char *path = w32_file_current_path(file);
    char *slash = path ? strrchr(path, '/') : NULL;
    DWORD error = ERROR_SUCCESS;

    if (!slash)
        error = ERROR_FILE_NOT_FOUND;
    else if (asprintf(dst, "%.*s/%s", (int)(slash - path), path, name) < 0)
        error = ERROR_NOT_ENOUGH_MEMORY;
    free(path);
    return error;
}

/*
 * Where FileRenameInfo moves the file: a bare name (no separator or drive)
 * renames it in its own directory, as NT does; else a Windows path (an NT
 * \??\ prefix is taken as \\?\), a relative one against the current
 * directory.
 */
static DWORD rename_destination(struct w32_file *file, const FILE_RENAME_INFO *info, char **dst)
{
    size_t units = info->FileNameLength / sizeof(WCHAR);
    size_t len = w32_name_from_utf16n(info->FileName, units, NULL);
    char *name = malloc(len + 1);
    DWORD error = ERROR_SUCCESS;

    *dst = NULL;
    if (!name)
        return ERROR_NOT_ENOUGH_MEMORY;
    w32_name_from_utf16n(info->FileName, units, name);
    name[len] = 0;
    if (strncmp(name, "\\??\\", 4) == 0)
        name[1] = '\\';
    if (!strpbrk(name, "\\/:"))
        error = beside(file, name, dst);
    else if (!(*dst = w32_path_to_posix(name, W32_PATH_NO_DEVICE)))
        error = GetLastError();
    free(name);
    return error;
}

/* The FILE_RENAME_FLAG_* of FileRenameInfoEx w32shim honours: replacing,
 * POSIX semantics (an open target is replaced), a read-only target; and
 * those about storage reserves and pinning, which Linux has not. */
#define RENAME_FLAGS_KNOWN (FILE_RENAME_FLAG_REPLACE_IF_EXISTS | \
                            FILE_RENAME_FLAG_POSIX_SEMANTICS | \
                            FILE_RENAME_FLAG_SUPPRESS_PIN_STATE_INHERITANCE | \
                            FILE_RENAME_FLAG_SUPPRESS_STORAGE_RESERVE_INHERITANCE | \
                            FILE_RENAME_FLAG_NO_INCREASE_AVAILABLE_SPACE | \
                            FILE_RENAME_FLAG_NO_DECREASE_AVAILABLE_SPACE | \
                            FILE_RENAME_FLAG_IGNORE_READONLY_ATTRIBUTE)

/* FileRenameInfo(Ex): FileNameLength bytes of name, which must lie in the
 * buffer; ex: Flags instead of ReplaceIfExists. */
static DWORD set_rename(struct w32_file *file, const FILE_RENAME_INFO *info, DWORD size, bool ex)
{
    DWORD flags = ex ? info->Flags
                     : info->ReplaceIfExists ? FILE_RENAME_FLAG_REPLACE_IF_EXISTS : 0;
    char *dst;
    DWORD error;

    /* Windows takes no RootDirectory here (Wine: ERROR_INVALID_PARAMETER). */
    if (info->RootDirectory || (flags & ~RENAME_FLAGS_KNOWN) || !info->FileNameLength ||
        info->FileNameLength % sizeof(WCHAR) ||
        info->FileNameLength > size - offsetof(FILE_RENAME_INFO, FileName))
        return ERROR_INVALID_PARAMETER;
    error = rename_destination(file, info, &dst);
    if (error == ERROR_SUCCESS)
        error = w32_file_rename(file, dst, flags);
    free(dst);
    return error;
}

/* The size and right each settable class needs; 0 for the classes Windows cannot set. */
static DWORD set_class_size(FILE_INFO_BY_HANDLE_CLASS cls, ACCESS_MASK *access)
{
    switch (cls) {
    case FileRenameInfo:
    case FileRenameInfoEx:
        *access = DELETE;
        return sizeof(FILE_RENAME_INFO);
    case FileDispositionInfo:
        *access = DELETE;
        return sizeof(FILE_DISPOSITION_INFO);
    case FileDispositionInfoEx:
        *access = DELETE;
        return sizeof(FILE_DISPOSITION_INFO_EX);
    case FileBasicInfo:
        *access = FILE_WRITE_ATTRIBUTES;
        return sizeof(FILE_BASIC_INFO);
    case FileEndOfFileInfo:
        *access = FILE_WRITE_DATA;
        return sizeof(FILE_END_OF_FILE_INFO);
    default:
        return 0;
    }
}

/*
 * FileDispositionInfoEx: as FileDispositionInfo, and the flags Windows 10
 * added (file.c). There are no image sections to check.
 */
static DWORD set_disposition_ex(struct w32_file *file, const FILE_DISPOSITION_INFO_EX *info)
{
    DWORD known = FILE_DISPOSITION_FLAG_DELETE | FILE_DISPOSITION_FLAG_POSIX_SEMANTICS |
                  FILE_DISPOSITION_FLAG_FORCE_IMAGE_SECTION_CHECK |
                  FILE_DISPOSITION_FLAG_ON_CLOSE |
                  FILE_DISPOSITION_FLAG_IGNORE_READONLY_ATTRIBUTE;

    if (info->Flags & ~known)
        return ERROR_INVALID_PARAMETER;
    return w32_file_set_disposition(file, info->Flags);
}

static DWORD set_class(struct w32_file *file, FILE_INFO_BY_HANDLE_CLASS cls, LPVOID info,
                       DWORD size)
{
    switch (cls) {
    case FileBasicInfo:
        return set_basic(file, info);
    case FileRenameInfo:
    case FileRenameInfoEx:
        return set_rename(file, info, size, cls == FileRenameInfoEx);
    case FileDispositionInfo:
        return w32_file_set_disposition(file, *(BOOLEAN *)info ? FILE_DISPOSITION_FLAG_DELETE : 0);
    case FileDispositionInfoEx:
        return set_disposition_ex(file, info);
    default:
        return set_end_of_file(file, info);
    }
}

/*
 * FileBasicInfo, FileRenameInfo(Ex), FileDispositionInfo(Ex) and
 * FileEndOfFileInfo. Allocation sizes and I/O priority hints fail with
 * ERROR_NOT_SUPPORTED; classes that only describe a file fail with
 * ERROR_INVALID_PARAMETER, as on Windows.
 */
BOOL WINAPI SetFileInformationByHandle(HANDLE hFile, FILE_INFO_BY_HANDLE_CLASS FileInformationClass,
                                       LPVOID lpFileInformation, DWORD dwBufferSize)
{
    ACCESS_MASK access = 0;
    DWORD size = set_class_size(FileInformationClass, &access);
    struct w32_file *file;
    DWORD error;

    if (!size) {
        bool settable = (unsigned)FileInformationClass < MaximumFileInfoByHandleClass &&
                        !queryable(FileInformationClass);
        w32_set_error(settable ? ERROR_NOT_SUPPORTED : ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (dwBufferSize < size) {
        w32_set_error(ERROR_BAD_LENGTH);
        return FALSE;
    }
    if (!lpFileInformation) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!(file = w32_file_get(hFile, access)))
        return FALSE;
    error = set_class(file, FileInformationClass, lpFileInformation, dwBufferSize);
    w32_object_unref(&file->obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* ---- GetTempFileName ---- */

/*
 * dir + separator + up to three characters of prefix + the number in
 * upper-case hex + ".tmp", malloc'd; the separator is the one dir already
 * uses ('\' if it has one, else '/'), none if dir ends in one.
 */
static char *temp_name(const char *dir, const char *prefix, unsigned number)
{
    size_t len = strlen(dir), plen = 0;
    const char *sep = "";
    char *name;

    /* three characters, of UTF-8's one to four bytes each */
    for (int chars = 0; prefix && prefix[plen] && chars < 3; chars++)
        do
            plen++;
        while ((prefix[plen] & 0xC0) == 0x80);

    if (len && dir[len - 1] != '/' && dir[len - 1] != '\\')
        sep = strchr(dir, '\\') ? "\\" : "/";
    if (asprintf(&name, "%s%s%.*s%X.tmp", dir, sep, (int)plen, prefix ? prefix : "",
                 number) < 0)
        return NULL;
    return name;
}

/* Whether dir names an existing directory; else the error GetTempFileName gives. */
static DWORD check_directory(const char *dir)
{
    char *path = w32_path_to_posix(dir, 0);
    struct stat st;
    DWORD error = ERROR_SUCCESS;

    if (!path)
        return ERROR_DIRECTORY;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        error = ERROR_DIRECTORY;
    free(path);
    return error;
}

/* Creates dir\prefixNNNN.tmp with CREATE_NEW for the first free number from a
 * start that differs from call to call, as Windows does; the number, or 0
 * with *error set. */
static unsigned create_unique(const char *dir, const char *prefix, char **out, DWORD *error)
{
    static unsigned counter;
    unsigned start = ((unsigned)getpid() * 31u + __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED) +
                      (unsigned)time(NULL)) & 0xFFFF;

    for (unsigned i = 0; i < 0x10000; i++) {
        unsigned number = (start + i) & 0xFFFF;
        HANDLE h;

        if (!number)
            continue;
        if (!(*out = temp_name(dir, prefix, number))) {
            *error = ERROR_NOT_ENOUGH_MEMORY;
            return 0;
        }
        h = CreateFileA(*out, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            return number;
        }
        *error = GetLastError();
        free(*out);
        *out = NULL;
        if (*error != ERROR_FILE_EXISTS && *error != ERROR_ALREADY_EXISTS &&
            *error != ERROR_SHARING_VIOLATION && *error != ERROR_ACCESS_DENIED)
            return 0;
    }
    *error = ERROR_FILE_EXISTS;
    return 0;
}

/*
 * The name (at most MAX_PATH characters with the NUL, the size Windows
 * requires of the buffer) in *out, malloc'd; the number used, or 0 with the
 * error set. Only the low 16 bits of unique count: 0 creates a new, empty
 * file under a free number; another number only makes the name.
 */
static UINT temp_file_name(LPCSTR dir, LPCSTR prefix, UINT unique, char **out)
{
    DWORD error = ERROR_SUCCESS;
    UINT number;

    *out = NULL;
    if (!dir) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (strlen(dir) > MAX_PATH - 14) {
        w32_set_error(ERROR_BUFFER_OVERFLOW);
        return 0;
    }
    unique &= 0xFFFF;
    if (unique) {
        number = unique;
        if (!(*out = temp_name(dir, prefix, unique)))
            error = ERROR_NOT_ENOUGH_MEMORY;
    } else if ((error = check_directory(dir)) == ERROR_SUCCESS) {
        number = create_unique(dir, prefix, out, &error);
    }
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return 0;
    }
    return number;
}

UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString, UINT uUnique,
                             LPSTR lpTempFileName)
{
    char *name;
    UINT number;

    if (!lpTempFileName) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!(number = temp_file_name(lpPathName, lpPrefixString, uUnique, &name)))
        return 0;
    memcpy(lpTempFileName, name, strlen(name) + 1);
    free(name);
    return number;
}

UINT WINAPI GetTempFileNameW(LPCWSTR lpPathName, LPCWSTR lpPrefixString, UINT uUnique,
                             LPWSTR lpTempFileName)
{
    char *dir = NULL, *prefix = NULL, *name = NULL;
    WCHAR prefix3[4] = { 0 };
    UINT number = 0;
    size_t len;

    if (!lpTempFileName) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    /* the prefix's first three characters, which UTF-8 may spell in more bytes */
    for (int i = 0; lpPrefixString && i < 3 && lpPrefixString[i]; i++)
        prefix3[i] = lpPrefixString[i];
    if ((lpPathName && !(dir = w32_utf16_to_utf8(lpPathName))) ||
        (lpPrefixString && !(prefix = w32_utf16_to_utf8(prefix3)))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    } else if ((number = temp_file_name(dir, prefix, uUnique, &name)) != 0) {
        len = w32_name_to_utf16n(name, strlen(name), lpTempFileName);
        lpTempFileName[len] = 0;
    }
    free(dir);
    free(prefix);
    free(name);
    return number;
}

/* ---- free space ---- */

/* statvfs of the file system that holds the Windows path dir (NULL: the
 * current directory's); FALSE with the error set. */
static BOOL volume_of(const char *dir, struct statvfs *vfs)
{
    char *path = w32_path_to_posix(dir ? dir : ".", 0);
    DWORD error = ERROR_SUCCESS;

    if (!path)
        return FALSE;
    if (statvfs(path, vfs) != 0)
        error = stat_error(path, errno);
    free(path);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* Sizes in bytes: what an unprivileged user may still use (f_bavail), the
 * file system's size and all it has free. Each out-pointer may be NULL. */
BOOL WINAPI GetDiskFreeSpaceExA(LPCSTR lpDirectoryName, PULARGE_INTEGER lpFreeBytesAvailableToCaller,
                                PULARGE_INTEGER lpTotalNumberOfBytes,
                                PULARGE_INTEGER lpTotalNumberOfFreeBytes)
{
    struct statvfs vfs;

    if (!volume_of(lpDirectoryName, &vfs))
        return FALSE;
    if (lpFreeBytesAvailableToCaller)
        lpFreeBytesAvailableToCaller->QuadPart = (ULONGLONG)vfs.f_bavail * vfs.f_frsize;
    if (lpTotalNumberOfBytes)
        lpTotalNumberOfBytes->QuadPart = (ULONGLONG)vfs.f_blocks * vfs.f_frsize;
    if (lpTotalNumberOfFreeBytes)
        lpTotalNumberOfFreeBytes->QuadPart = (ULONGLONG)vfs.f_bfree * vfs.f_frsize;
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceExW(LPCWSTR lpDirectoryName, PULARGE_INTEGER lpFreeBytesAvailableToCaller,
                                PULARGE_INTEGER lpTotalNumberOfBytes,
                                PULARGE_INTEGER lpTotalNumberOfFreeBytes)
{
    char *name = NULL;
    BOOL ok;

    if (lpDirectoryName && !(name = w32_utf16_to_utf8(lpDirectoryName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ok = GetDiskFreeSpaceExA(name, lpFreeBytesAvailableToCaller, lpTotalNumberOfBytes,
                             lpTotalNumberOfFreeBytes);
    free(name);
    return ok;
}

static DWORD clusters(fsblkcnt_t n)
{
    return n > 0xFFFFFFFF ? 0xFFFFFFFF : (DWORD)n;
}

/* The file system's fragment size as the cluster, of 512-byte sectors;
 * cluster counts past 2^32 - 1 are capped, as Windows caps them. */
BOOL WINAPI GetDiskFreeSpaceA(LPCSTR lpRootPathName, LPDWORD lpSectorsPerCluster,
                              LPDWORD lpBytesPerSector, LPDWORD lpNumberOfFreeClusters,
                              LPDWORD lpTotalNumberOfClusters)
{
    struct statvfs vfs;
    unsigned long cluster;

    if (!volume_of(lpRootPathName, &vfs))
        return FALSE;
    cluster = vfs.f_frsize ? vfs.f_frsize : 4096;
    if (lpSectorsPerCluster)
        *lpSectorsPerCluster = (DWORD)(cluster >= 512 ? cluster / 512 : 1);
    if (lpBytesPerSector)
        *lpBytesPerSector = 512;
    if (lpNumberOfFreeClusters)
        *lpNumberOfFreeClusters = clusters(vfs.f_bavail);
    if (lpTotalNumberOfClusters)
        *lpTotalNumberOfClusters = clusters(vfs.f_blocks);
    return TRUE;
}

BOOL WINAPI GetDiskFreeSpaceW(LPCWSTR lpRootPathName, LPDWORD lpSectorsPerCluster,
                              LPDWORD lpBytesPerSector, LPDWORD lpNumberOfFreeClusters,
                              LPDWORD lpTotalNumberOfClusters)
{
    char *name = NULL;
    BOOL ok;

    if (lpRootPathName && !(name = w32_utf16_to_utf8(lpRootPathName))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ok = GetDiskFreeSpaceA(name, lpSectorsPerCluster, lpBytesPerSector, lpNumberOfFreeClusters,
                           lpTotalNumberOfClusters);
    free(name);
    return ok;
}
