/* Conformance: CopyFileEx and CopyFile2 (progress routines, cancel, flags) and ReplaceFile. */
#include "conformance.h"

/*
 * Wine 8's CopyFileEx never calls the progress routine, never reads
 * *pbCancel and ignores COPY_FILE_OPEN_SOURCE_FOR_WRITE: those checks are
 * todo_wine. They follow Microsoft's documentation of CopyFileEx and
 * LPPROGRESS_ROUTINE, and Wine's own test_CopyFileEx, which records that
 * Windows calls the routine with CALLBACK_STREAM_SWITCH first and that a
 * PROGRESS_CANCEL fails with ERROR_REQUEST_ABORTED and deletes the target.
 */

static void make_file(const char *name, const char *text)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n;

    WriteFile(h, text, (DWORD)strlen(text), &n, NULL);
    CloseHandle(h);
}

/* A file of size bytes, byte i being i % 251. */
static void make_big_file(const char *name, DWORD size)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    static char buf[4096];
    DWORD n;

    for (DWORD off = 0; off < size; off += n) {
        DWORD chunk = size - off < sizeof(buf) ? size - off : (DWORD)sizeof(buf);
        for (DWORD i = 0; i < chunk; i++)
            buf[i] = (char)((off + i) % 251);
        if (!WriteFile(h, buf, chunk, &n, NULL) || n == 0)
            break;
    }
    CloseHandle(h);
}

/* Whether name holds exactly text. */
static int holds(const char *name, const char *text)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           NULL, OPEN_EXISTING, 0, NULL);
    char buf[256];
    DWORD n = 0;
    BOOL read;

    if (h == INVALID_HANDLE_VALUE)
        return 0;
    read = ReadFile(h, buf, sizeof(buf), &n, NULL);
    CloseHandle(h);
    return read && n == strlen(text) && memcmp(buf, text, n) == 0;
}

/* Whether name holds what make_big_file(name, size) wrote. */
static int holds_big(const char *name, DWORD size)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                           0, NULL);
    static char buf[4096];
    DWORD n, off = 0;
    int same = GetFileSize(h, NULL) == size;

    while (same && ReadFile(h, buf, sizeof(buf), &n, NULL) && n) {
        for (DWORD i = 0; i < n; i++)
            same = same && buf[i] == (char)((off + i) % 251);
        off += n;
    }
    CloseHandle(h);
    return same && off == size;
}

static int exists(const char *name)
{
    return GetFileAttributesA(test_path(name)) != INVALID_FILE_ATTRIBUTES;
}

/* Deletes the files named (a NULL-terminated list); then the test directory
 * must be empty. */
static void clean_up(const char *const *names)
{
    for (; *names; names++)
        DeleteFileA(test_path(*names));
    ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

/* What a progress routine saw, and what it answers. */
struct progress {
    int calls, switches, chunks, ordered, handles_ok;
    LONGLONG total, last;
    DWORD answer_first, answer_chunk;   /* PROGRESS_* at the stream switch and after a chunk */
    BOOL *cancel_at_chunk;              /* set TRUE after the first chunk */
};

static DWORD WINAPI progress_routine(LARGE_INTEGER total, LARGE_INTEGER transferred,
                                     LARGE_INTEGER stream_size, LARGE_INTEGER stream_transferred,
                                     DWORD stream, DWORD reason, HANDLE src, HANDLE dst,
                                     LPVOID data)
{
    struct progress *p = data;
    LARGE_INTEGER size;

    p->calls++;
    p->total = total.QuadPart;
    if (stream != 1 || stream_size.QuadPart != total.QuadPart ||
        stream_transferred.QuadPart != transferred.QuadPart || transferred.QuadPart < p->last ||
        transferred.QuadPart > total.QuadPart)
        p->ordered = 0;
    p->last = transferred.QuadPart;
    if (!GetFileSizeEx(src, &size) || size.QuadPart != total.QuadPart ||
        GetFileType(dst) != FILE_TYPE_DISK)
        p->handles_ok = 0;
    if (reason == CALLBACK_STREAM_SWITCH) {
        if (p->calls != 1 || transferred.QuadPart != 0)
            p->ordered = 0;
        p->switches++;
        return p->answer_first;
    }
    if (reason == CALLBACK_CHUNK_FINISHED)
        p->chunks++;
    else
        p->ordered = 0;
    if (p->cancel_at_chunk)
        *p->cancel_at_chunk = TRUE;
    return p->answer_chunk;
}

static void init_progress(struct progress *p, DWORD first, DWORD chunk)
{
    memset(p, 0, sizeof(*p));
    p->ordered = p->handles_ok = 1;
    p->answer_first = first;
    p->answer_chunk = chunk;
}

#define BIG_SIZE (3 * 1024 * 1024 + 123)

static void test_CopyFileEx_reports_progress(void)
{
    struct progress p;

    make_test_dir_for("copyex");
    make_big_file("src", BIG_SIZE);
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CONTINUE);
    SetLastError(0xdead);
    ok(CopyFileExA(test_path("src"), test_path("dst"), progress_routine, &p, NULL, 0),
       "CopyFileExA with a routine");
    ok(GetLastError() == ERROR_SUCCESS, "which sets ERROR_SUCCESS: %lu",
       (unsigned long)GetLastError());
    ok(holds_big("dst", BIG_SIZE), "the copy holds the data");
    todo_wine_ok(p.switches == 1 && p.chunks >= 1, "one stream switch, then chunks: %d, %d", p.switches,
                 p.chunks);
    ok(p.ordered, "the stream switch first, at 0; then rising counts of stream 1");
    todo_wine_ok(p.total == BIG_SIZE && p.last == BIG_SIZE, "the total and the last count: %lld, %lld",
                 (long long)p.total, (long long)p.last);
    ok(p.handles_ok, "the routine gets a handle on the source and on the target");

    make_file("empty", "");
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CONTINUE);
    ok(CopyFileExA(test_path("empty"), test_path("dst2"), progress_routine, &p, NULL, 0),
       "an empty file");
    todo_wine_ok(p.switches == 1 && p.total == 0, "is reported by its stream switch: %d", p.switches);
    ok(GetFileAttributesA(test_path("dst2")) != INVALID_FILE_ATTRIBUTES, "and copied");

    ok(CopyFileExA(test_path("src"), test_path("dst3"), NULL, NULL, NULL, 0),
       "no routine: a plain copy");
    ok(holds_big("dst3", BIG_SIZE), "which holds the data");
    clean_up((const char *const[]){ "src", "dst", "dst2", "dst3", "empty", NULL });
}

static void test_CopyFileEx_cancel_and_stop(void)
{
    struct progress p;

    make_test_dir_for("copyex-cancel");
    make_big_file("src", BIG_SIZE);

    init_progress(&p, PROGRESS_CANCEL, PROGRESS_CONTINUE);
    SetLastError(0xdead);
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("dst"), progress_routine, &p, NULL, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED,
                 "PROGRESS_CANCEL at the stream switch: ERROR_REQUEST_ABORTED");
    todo_wine_ok(!exists("dst"), "the target is deleted");

    make_file("old", "old data");
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CANCEL);
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("old"), progress_routine, &p, NULL, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED, "PROGRESS_CANCEL after a chunk");
    todo_wine_ok(p.chunks == 1, "no chunk is reported after the cancel: %d", p.chunks);
    todo_wine_ok(!exists("old"), "a target that existed before is deleted too");

    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_STOP);
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("stopped"), progress_routine, &p, NULL, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED, "PROGRESS_STOP: ERROR_REQUEST_ABORTED");
    todo_wine_ok(p.chunks == 1, "no chunk is reported after the stop: %d", p.chunks);
    ok(exists("stopped"), "the target is kept");
    DeleteFileA(test_path("stopped"));

    init_progress(&p, PROGRESS_QUIET, PROGRESS_CANCEL);
    ok(CopyFileExA(test_path("src"), test_path("quiet"), progress_routine, &p, NULL, 0),
       "PROGRESS_QUIET: the copy goes on");
    todo_wine_ok(p.calls == 1, "and the routine is not called again: %d calls", p.calls);
    ok(holds_big("quiet", BIG_SIZE), "the copy is whole");

    clean_up((const char *const[]){ "src", "dst", "old", "quiet", NULL });
}

static void test_CopyFileEx_pbCancel(void)
{
    struct progress p;
    BOOL cancel = FALSE;

    make_test_dir_for("copyex-pbcancel");
    make_big_file("src", BIG_SIZE);
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CONTINUE);
    p.cancel_at_chunk = &cancel;
    SetLastError(0xdead);
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("dst"), progress_routine, &p, &cancel, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED, "*pbCancel set during the copy: aborted");
    todo_wine_ok(p.chunks == 1, "after the chunk that set it: %d", p.chunks);
    todo_wine_ok(!exists("dst"), "the target is deleted");

    cancel = TRUE;
    make_file("keep", "kept");
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("new"), NULL, NULL, &cancel, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED, "*pbCancel TRUE from the start: aborted");
    todo_wine_ok(!exists("new"), "no target is left");
    cancel = FALSE;
    ok(CopyFileExA(test_path("src"), test_path("new"), NULL, NULL, &cancel, 0),
       "*pbCancel FALSE: copied");
    ok(holds_big("new", BIG_SIZE), "whole");

    clean_up((const char *const[]){ "src", "dst", "new", "keep", NULL });
}

static void test_CopyFileEx_flags(void)
{
    FILETIME old = { 0x12345678, 0x01d00000 }, got;
    struct progress p;
    HANDLE h;

    make_test_dir_for("copyex-flags");
    make_file("src", "source");
    make_file("dst", "target");
    SetLastError(0xdead);
    ok(!CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL,
                    COPY_FILE_FAIL_IF_EXISTS) && GetLastError() == ERROR_FILE_EXISTS,
       "COPY_FILE_FAIL_IF_EXISTS onto a file: ERROR_FILE_EXISTS");
    ok(holds("dst", "target"), "which keeps it");
    ok(CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL,
                   COPY_FILE_RESTARTABLE | COPY_FILE_ALLOW_DECRYPTED_DESTINATION |
                   COPY_FILE_NO_BUFFERING), "the flags that change no outcome are accepted");
    ok(holds("dst", "source"), "and the file is copied");

    /* the last write time goes with the data */
    h = CreateFileA(test_path("src"), GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(SetFileTime(h, NULL, NULL, &old), "SetFileTime");
    CloseHandle(h);
    ok(CopyFileExA(test_path("src"), test_path("timed"), NULL, NULL, NULL, 0), "copy");
    h = CreateFileA(test_path("timed"), GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(GetFileTime(h, NULL, NULL, &got) && CompareFileTime(&got, &old) == 0,
       "the target keeps the source's last write time");
    CloseHandle(h);

    /* COPY_FILE_OPEN_SOURCE_FOR_WRITE opens the source for writing too */
    h = CreateFileA(test_path("src"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    ok(CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL, 0),
       "a source shared for reading is copied");
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL,
                    COPY_FILE_OPEN_SOURCE_FOR_WRITE) && GetLastError() == ERROR_SHARING_VIOLATION,
                 "COPY_FILE_OPEN_SOURCE_FOR_WRITE of a source not shared for writing: "
                 "ERROR_SHARING_VIOLATION");
    CloseHandle(h);
    ok(CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL,
                   COPY_FILE_OPEN_SOURCE_FOR_WRITE), "COPY_FILE_OPEN_SOURCE_FOR_WRITE");
    ok(SetFileAttributesA(test_path("src"), FILE_ATTRIBUTE_READONLY), "a read-only source");
    todo_wine_ok(!CopyFileExA(test_path("src"), test_path("dst"), NULL, NULL, NULL,
                    COPY_FILE_OPEN_SOURCE_FOR_WRITE) && GetLastError() == ERROR_ACCESS_DENIED,
                 "COPY_FILE_OPEN_SOURCE_FOR_WRITE of a read-only source: ERROR_ACCESS_DENIED");
    ok(holds("src", "source"), "the source is unchanged");
    SetFileAttributesA(test_path("src"), FILE_ATTRIBUTE_NORMAL);

    /* a copy onto the source itself destroys nothing */
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CONTINUE);
    ok(!CopyFileExA(test_path("src"), test_path("src"), progress_routine, &p, NULL, 0) &&
       GetLastError() == ERROR_SHARING_VIOLATION, "onto itself: ERROR_SHARING_VIOLATION");
    ok(CreateHardLinkA(test_path("hard"), test_path("src"), NULL), "a hard link");
    ok(!CopyFileExA(test_path("src"), test_path("hard"), progress_routine, &p, NULL, 0) &&
       GetLastError() == ERROR_SHARING_VIOLATION,
       "onto a hard link of itself: ERROR_SHARING_VIOLATION");
    ok(holds("src", "source") && holds("hard", "source"), "the data is whole");
    ok(p.calls == 0, "the routine was never called: %d", p.calls);

    ok(!CopyFileExA(test_path("missing"), test_path("dst"), NULL, NULL, NULL, 0) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing source: ERROR_FILE_NOT_FOUND");
    ok(!CopyFileExA(test_path("src"), NULL, NULL, NULL, NULL, 0) &&
       GetLastError() == ERROR_PATH_NOT_FOUND, "a NULL target: ERROR_PATH_NOT_FOUND");
    ok(!CopyFileExA(NULL, test_path("dst"), NULL, NULL, NULL, 0) &&
       GetLastError() == ERROR_PATH_NOT_FOUND, "a NULL source: ERROR_PATH_NOT_FOUND");

    clean_up((const char *const[]){ "src", "dst", "hard", "timed", NULL });
}

/* Wine 8's CreateSymbolicLink makes nothing (see links.c): todo_wine. */
static void test_CopyFileEx_copy_symlink(void)
{
    make_test_dir_for("copyex-link");
    make_file("target", "linked");
    ok(CreateSymbolicLinkA(test_path("link"), "target",
                           SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE), "a symbolic link");
    todo_wine_ok(CopyFileExA(test_path("link"), test_path("copy"), NULL, NULL, NULL,
                             COPY_FILE_COPY_SYMLINK), "COPY_FILE_COPY_SYMLINK");
    todo_wine_ok((GetFileAttributesA(test_path("copy")) & FILE_ATTRIBUTE_REPARSE_POINT) &&
                 GetFileAttributesA(test_path("copy")) != INVALID_FILE_ATTRIBUTES,
                 "makes a symbolic link");
    todo_wine_ok(holds("copy", "linked"), "to the same target");
    todo_wine_ok(!CopyFileExA(test_path("link"), test_path("copy"), NULL, NULL, NULL,
                              COPY_FILE_COPY_SYMLINK | COPY_FILE_FAIL_IF_EXISTS) &&
                 GetLastError() == ERROR_FILE_EXISTS, "with COPY_FILE_FAIL_IF_EXISTS onto it: "
                 "ERROR_FILE_EXISTS");
    todo_wine_ok(CopyFileExA(test_path("link"), test_path("plain"), NULL, NULL, NULL, 0),
                 "without the flag");
    todo_wine_ok(GetFileAttributesA(test_path("plain")) != INVALID_FILE_ATTRIBUTES &&
                 !(GetFileAttributesA(test_path("plain")) & FILE_ATTRIBUTE_REPARSE_POINT) &&
                 holds("plain", "linked"), "the target's data is copied into a plain file");
    clean_up((const char *const[]){ "copy", "plain", "link", "target", NULL });
}

static void test_CopyFileExW(void)
{
    WCHAR src[MAX_PATH * 2], dst[MAX_PATH * 2];
    struct progress p;

    make_test_dir_for("copyexw");
    make_file("src", "wide");
    MultiByteToWideChar(CP_UTF8, 0, test_path("src"), -1, src, MAX_PATH * 2);
    MultiByteToWideChar(CP_UTF8, 0, test_path("dst"), -1, dst, MAX_PATH * 2);
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_CONTINUE);
    ok(CopyFileExW(src, dst, progress_routine, &p, NULL, 0), "CopyFileExW");
    todo_wine_ok(holds("dst", "wide") && p.switches == 1 && p.ordered, "copies and reports");
    ok(!CopyFileExW(src, dst, NULL, NULL, NULL, COPY_FILE_FAIL_IF_EXISTS) &&
       GetLastError() == ERROR_FILE_EXISTS, "COPY_FILE_FAIL_IF_EXISTS: ERROR_FILE_EXISTS");
    init_progress(&p, PROGRESS_CONTINUE, PROGRESS_STOP);
    todo_wine_ok(!CopyFileExW(src, dst, progress_routine, &p, NULL, 0) &&
                 GetLastError() == ERROR_REQUEST_ABORTED, "PROGRESS_STOP: ERROR_REQUEST_ABORTED");
    DeleteFileA(test_path("src"));
    DeleteFileA(test_path("dst"));
    ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

static FILETIME write_time(const char *name)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0,
                           NULL);
    FILETIME ft = { 0, 0 };

    GetFileTime(h, NULL, NULL, &ft);
    CloseHandle(h);
    return ft;
}

static void set_write_time(const char *name, DWORD high)
{
    HANDLE h = CreateFileA(test_path(name), GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    FILETIME ft = { 0x10000000, high };

    SetFileTime(h, NULL, NULL, &ft);
    CloseHandle(h);
}

/* What Wine's test_ReplaceFileA records of Windows. */
static void test_ReplaceFile_moves_the_replacement_and_keeps_a_backup(void)
{
    FILETIME ft;

    make_test_dir_for("replace");
    make_file("replaced", "file-to-replace");
    make_file("replacement", "new-file");
    make_file("backup", "backup-file");
    set_write_time("replaced", 0x01d00000);
    set_write_time("replacement", 0x01d10000);
    SetLastError(0xdead);
    ok(ReplaceFileA(test_path("replaced"), test_path("replacement"), test_path("backup"), 0, NULL,
                    NULL), "ReplaceFileA with a backup");
    ok(holds("replaced", "new-file"), "the replaced name holds the replacement's data");
    ok(holds("backup", "file-to-replace"), "the backup holds the replaced file's data");
    ok(!exists("replacement"), "the replacement's name is gone");
    ft = write_time("backup");
    ok(ft.dwHighDateTime == 0x01d00000, "the backup keeps the replaced file's write time");
    ft = write_time("replaced");
    ok(ft.dwHighDateTime == 0x01d10000, "the replaced name has the replacement's write time");

    make_file("replacement", "second");
    ok(ReplaceFileA(test_path("replaced"), test_path("replacement"), NULL, 0, NULL, NULL),
       "without a backup");
    ok(holds("replaced", "second") && !exists("replacement"), "replaced");

    DeleteFileA(test_path("backup"));
    make_file("replacement", "third");
    ok(ReplaceFileA(test_path("replaced"), test_path("replacement"), test_path("backup"),
                    REPLACEFILE_IGNORE_MERGE_ERRORS | REPLACEFILE_IGNORE_ACL_ERRORS |
                    REPLACEFILE_WRITE_THROUGH, NULL, NULL),
       "to a backup that does not exist yet, with every flag");
    ok(holds("replaced", "third") && holds("backup", "second") && !exists("replacement"),
       "replaced, and backed up");

    DeleteFileA(test_path("replaced"));
    DeleteFileA(test_path("backup"));
    ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

/* replaced holds "old", replacement "new", and no backup exists. */
static void reset_pair(void)
{
    SetFileAttributesA(test_path("replaced"), FILE_ATTRIBUTE_NORMAL);
    SetFileAttributesA(test_path("replacement"), FILE_ATTRIBUTE_NORMAL);
    make_file("replaced", "old");
    make_file("replacement", "new");
    DeleteFileA(test_path("backup"));
}

static void test_ReplaceFile_errors(void)
{
    HANDLE h;

    make_test_dir_for("replace-errors");
    reset_pair();

    ok(SetFileAttributesA(test_path("replaced"), FILE_ATTRIBUTE_READONLY), "read-only replaced");
    SetLastError(0xdead);
    ok(!ReplaceFileA(test_path("replaced"), test_path("replacement"), test_path("backup"), 0, NULL,
                     NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "a read-only replaced file: ERROR_ACCESS_DENIED");
    ok(holds("replaced", "old") && holds("replacement", "new") && !exists("backup"),
       "which changes nothing");
    SetFileAttributesA(test_path("replaced"), FILE_ATTRIBUTE_NORMAL);

    reset_pair();
    ok(SetFileAttributesA(test_path("replacement"), FILE_ATTRIBUTE_READONLY), "read-only replacement");
    /* Wine 8 replaces it; Wine's own test_ReplaceFileA records Windows' refusal. */
    todo_wine_ok(!ReplaceFileA(test_path("replaced"), test_path("replacement"), NULL, 0, NULL,
                               NULL) && GetLastError() == ERROR_ACCESS_DENIED,
                 "a read-only replacement: ERROR_ACCESS_DENIED");
    todo_wine_ok(holds("replaced", "old") && holds("replacement", "new"), "which changes nothing");
    SetFileAttributesA(test_path("replacement"), FILE_ATTRIBUTE_NORMAL);

    reset_pair();
    h = CreateFileA(test_path("replacement"), GENERIC_READ | SYNCHRONIZE,
                    FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    ok(!ReplaceFileA(test_path("replaced"), test_path("replacement"), NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_SHARING_VIOLATION,
       "a replacement open without FILE_SHARE_WRITE: ERROR_SHARING_VIOLATION");
    CloseHandle(h);
    ok(holds("replaced", "old") && holds("replacement", "new"), "which changes nothing");

    reset_pair();
    h = CreateFileA(test_path("replaced"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0,
                    NULL);
    ok(!ReplaceFileA(test_path("replaced"), test_path("replacement"), NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_SHARING_VIOLATION,
       "a replaced file open without FILE_SHARE_DELETE: ERROR_SHARING_VIOLATION");
    CloseHandle(h);
    ok(holds("replaced", "old") && holds("replacement", "new"), "which changes nothing");

    ok(!ReplaceFileA(NULL, test_path("replacement"), NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "no replaced name: ERROR_INVALID_PARAMETER");
    ok(!ReplaceFileA(test_path("replaced"), NULL, NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "no replacement name: ERROR_INVALID_PARAMETER");

    reset_pair();
    ok(!ReplaceFileA(test_path("replaced"), test_path("replacement"), test_path("nodir\\backup"), 0,
                     NULL, NULL) && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a backup in a missing directory: ERROR_PATH_NOT_FOUND");
    ok(holds("replaced", "old") && holds("replacement", "new"), "which changes nothing");

    reset_pair();
    ok(!ReplaceFileA(test_path("replaced"), test_path("missing"), NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing replacement: ERROR_FILE_NOT_FOUND");
    ok(!ReplaceFileA(test_path("missing"), test_path("replacement"), NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing replaced file: ERROR_FILE_NOT_FOUND");
    ok(holds("replacement", "new"), "which keeps the replacement");

    reset_pair();
    h = CreateFileA(test_path("replaced"), GENERIC_READ | SYNCHRONIZE,
                    FILE_SHARE_READ | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    ok(ReplaceFileA(test_path("replaced"), test_path("replacement"), NULL, 0, NULL, NULL),
       "a replaced file open as a running program is (sharing reads and deletion) is replaced");
    CloseHandle(h);
    ok(holds("replaced", "new"), "with the replacement's data");

    DeleteFileA(test_path("replaced"));
    DeleteFileA(test_path("replacement"));
    /* Wine 8 leaves a temporary file of its own behind a failed replace. */
    todo_wine_ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

static void test_ReplaceFileW(void)
{
    WCHAR replaced[MAX_PATH * 2], replacement[MAX_PATH * 2], backup[MAX_PATH * 2];

    make_test_dir_for("replacew");
    make_file("replaced", "old");
    make_file("replacement", "new");
    MultiByteToWideChar(CP_UTF8, 0, test_path("replaced"), -1, replaced, MAX_PATH * 2);
    MultiByteToWideChar(CP_UTF8, 0, test_path("replacement"), -1, replacement, MAX_PATH * 2);
    MultiByteToWideChar(CP_UTF8, 0, test_path("backup"), -1, backup, MAX_PATH * 2);
    ok(ReplaceFileW(replaced, replacement, backup, 0, NULL, NULL), "ReplaceFileW");
    ok(holds("replaced", "new") && holds("backup", "old") && !exists("replacement"),
       "replaced, and backed up");
    ok(!ReplaceFileW(replaced, replacement, NULL, 0, NULL, NULL) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing replacement: ERROR_FILE_NOT_FOUND");
    DeleteFileA(test_path("replaced"));
    DeleteFileA(test_path("backup"));
    ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

/* ---- CopyFile2 ---- */

#ifndef ERROR_REQUEST_PAUSED
#define ERROR_REQUEST_PAUSED 3050L     /* the Windows SDK's, not in mingw-w64's headers */
#endif

/* Wine 8's kernel32 exports CopyFile2 as a stub that ends the process:
 * under Wine these tests stop at this check. Their expectations follow
 * Wine's test_CopyFile2 (recorded on Windows) and Microsoft's documentation
 * of CopyFile2, COPYFILE2_MESSAGE_TYPE and COPYFILE2_MESSAGE_ACTION. */
static int have_copyfile2(void)
{
    return todo_wine_ok(!running_on_wine(), "CopyFile2 can be called");
}

static HRESULT copy2(const char *from, const char *to, COPYFILE2_EXTENDED_PARAMETERS *params)
{
    WCHAR src[MAX_PATH], dst[MAX_PATH];

    MultiByteToWideChar(CP_UTF8, 0, test_path(from), -1, src, MAX_PATH);
    MultiByteToWideChar(CP_UTF8, 0, test_path(to), -1, dst, MAX_PATH);
    return CopyFile2(src, dst, params);
}

static void init_params(COPYFILE2_EXTENDED_PARAMETERS *params, DWORD flags)
{
    memset(params, 0, sizeof(*params));
    params->dwSize = sizeof(*params);
    params->dwCopyFlags = flags;
}

/* After Wine's test_CopyFile2, which records Windows' answers. */
static void test_CopyFile2(void)
{
    COPYFILE2_EXTENDED_PARAMETERS params;
    HANDLE h;

    if (!have_copyfile2())
        return;
    make_test_dir_for("copy2");
    make_file("src", "hello");
    make_file("dst", "old");
    init_params(&params, COPY_FILE_FAIL_IF_EXISTS);
    SetLastError(0xdeadbeef);
    ok(copy2("src", "dst", &params) == HRESULT_FROM_WIN32(ERROR_FILE_EXISTS) &&
       GetLastError() == ERROR_FILE_EXISTS, "COPY_FILE_FAIL_IF_EXISTS: ERROR_FILE_EXISTS");
    ok(holds("dst", "old"), "and the target is untouched");
    init_params(&params, 0);
    ok(copy2("src", "dst", &params) == S_OK, "a copy over it: S_OK");
    ok(holds("dst", "hello"), "copies the data");
    ok(copy2("src", "dst2", NULL) == S_OK && holds("dst2", "hello"),
       "no extended parameters: a plain copy");
    SetLastError(0xdeadbeef);
    ok(copy2("src", "src", &params) == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION) &&
       GetLastError() == ERROR_SHARING_VIOLATION, "a file onto itself: ERROR_SHARING_VIOLATION");
    ok(holds("src", "hello"), "which destroys nothing");
    ok(copy2("missing", "dst", &params) == HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND),
       "a missing source: ERROR_FILE_NOT_FOUND");

    h = CreateFileA(test_path("src"), GENERIC_READ, FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    ok(copy2("src", "dst", &params) == HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION),
       "a source open without FILE_SHARE_READ: ERROR_SHARING_VIOLATION");
    CloseHandle(h);

    params.dwSize = sizeof(params) - 1;
    SetLastError(0xdeadbeef);
    ok(copy2("src", "dst3", &params) == E_INVALIDARG, "a wrong dwSize: E_INVALIDARG");
    ok(!exists("dst3"), "and no copy");
    init_params(&params, 0x80000000);
    ok(copy2("src", "dst3", &params) == E_INVALIDARG, "an unknown flag: E_INVALIDARG");
    clean_up((const char *const[]){ "src", "dst", "dst2", "dst3", NULL });
}

/* What a CopyFile2 routine saw, and what it answers. */
struct progress2 {
    int calls, started, finished, chunks_started, chunks_finished, ordered, handles_ok;
    COPYFILE2_MESSAGE_TYPE last;
    ULONGLONG total, done, chunk_bytes;
    COPYFILE2_MESSAGE_TYPE answer_at;   /* the message the answer is given to, once */
    COPYFILE2_MESSAGE_ACTION answer;
    BOOL *cancel_at_chunk;              /* set TRUE after the first chunk */
};

/* The order Windows sends: the stream's start, pairs of a chunk's start and
 * end with rising numbers, the stream's end. */
static void check_order(struct progress2 *p, const COPYFILE2_MESSAGE *m)
{
    switch (m->Type) {
    case COPYFILE2_CALLBACK_STREAM_STARTED:
        p->ordered &= p->calls == 1 && m->Info.StreamStarted.dwStreamNumber == 1;
        p->total = m->Info.StreamStarted.uliTotalFileSize.QuadPart;
        p->handles_ok &= GetFileType(m->Info.StreamStarted.hSourceFile) == FILE_TYPE_DISK &&
                         GetFileType(m->Info.StreamStarted.hDestinationFile) == FILE_TYPE_DISK;
        p->started++;
        break;
    case COPYFILE2_CALLBACK_CHUNK_STARTED:
        p->ordered &= (p->last == COPYFILE2_CALLBACK_STREAM_STARTED ||
                       p->last == COPYFILE2_CALLBACK_CHUNK_FINISHED) &&
                      m->Info.ChunkStarted.uliChunkNumber.QuadPart == (ULONGLONG)p->chunks_started;
        p->chunks_started++;
        break;
    case COPYFILE2_CALLBACK_CHUNK_FINISHED:
        p->ordered &= p->last == COPYFILE2_CALLBACK_CHUNK_STARTED &&
                      m->Info.ChunkFinished.uliChunkNumber.QuadPart ==
                      (ULONGLONG)p->chunks_finished &&
                      m->Info.ChunkFinished.uliTotalBytesTransferred.QuadPart > p->done;
        p->done = m->Info.ChunkFinished.uliTotalBytesTransferred.QuadPart;
        p->chunk_bytes += m->Info.ChunkFinished.uliChunkSize.QuadPart;
        p->chunks_finished++;
        break;
    case COPYFILE2_CALLBACK_STREAM_FINISHED:
        p->ordered &= p->finished == 0;
        p->done = m->Info.StreamFinished.uliTotalBytesTransferred.QuadPart;
        p->finished++;
        break;
    default:
        p->ordered = 0;
    }
    p->last = m->Type;
}

static COPYFILE2_MESSAGE_ACTION WINAPI progress2_routine(const COPYFILE2_MESSAGE *m, PVOID data)
{
    struct progress2 *p = data;

    p->calls++;
    check_order(p, m);
    if (m->Type == COPYFILE2_CALLBACK_CHUNK_FINISHED && p->cancel_at_chunk)
        *p->cancel_at_chunk = TRUE;
    if (m->Type == p->answer_at) {
        p->answer_at = COPYFILE2_CALLBACK_NONE;
        return p->answer;
    }
    return COPYFILE2_PROGRESS_CONTINUE;
}

static void init_progress2(struct progress2 *p, COPYFILE2_EXTENDED_PARAMETERS *params,
                           COPYFILE2_MESSAGE_TYPE at, COPYFILE2_MESSAGE_ACTION answer)
{
    memset(p, 0, sizeof(*p));
    p->ordered = p->handles_ok = 1;
    p->answer_at = at;
    p->answer = answer;
    init_params(params, 0);
    params->pProgressRoutine = progress2_routine;
    params->pvCallbackContext = p;
}

static void test_CopyFile2_progress(void)
{
    COPYFILE2_EXTENDED_PARAMETERS params;
    struct progress2 p;

    if (!have_copyfile2())
        return;
    make_test_dir_for("copy2");
    make_big_file("src", BIG_SIZE);
    init_progress2(&p, &params, COPYFILE2_CALLBACK_NONE, COPYFILE2_PROGRESS_CONTINUE);
    ok(copy2("src", "dst", &params) == S_OK, "CopyFile2 with a routine");
    ok(holds_big("dst", BIG_SIZE), "copies the data");
    ok(p.started == 1 && p.finished == 1 && p.chunks_finished >= 1 &&
       p.chunks_started == p.chunks_finished,
       "one stream, its chunks started and finished: %d %d %d %d", p.started,
       p.finished, p.chunks_started, p.chunks_finished);
    ok(p.ordered, "in order, the chunks numbered from 0");
    ok(p.total == BIG_SIZE && p.done == BIG_SIZE && p.chunk_bytes == BIG_SIZE,
       "the sizes add up");
    ok(p.handles_ok, "the routine gets the source's and the target's handles");

    make_file("empty", "");
    init_progress2(&p, &params, COPYFILE2_CALLBACK_NONE, COPYFILE2_PROGRESS_CONTINUE);
    ok(copy2("empty", "dst2", &params) == S_OK && exists("dst2"), "an empty file");
    ok(p.started == 1 && p.finished == 1 && p.total == 0,
       "has a stream that starts and finishes");

    init_progress2(&p, &params, COPYFILE2_CALLBACK_STREAM_STARTED, COPYFILE2_PROGRESS_QUIET);
    ok(copy2("src", "dst3", &params) == S_OK && holds_big("dst3", BIG_SIZE),
       "COPYFILE2_PROGRESS_QUIET goes on");
    ok(p.calls == 1, "without calling the routine again: %d calls", p.calls);
    clean_up((const char *const[]){ "src", "dst", "dst2", "dst3", "empty", NULL });
}

static void test_CopyFile2_cancel_stop_pause(void)
{
    COPYFILE2_EXTENDED_PARAMETERS params;
    struct progress2 p;
    BOOL cancel = FALSE;
    HRESULT hr;

    if (!have_copyfile2())
        return;
    make_test_dir_for("copy2");
    make_big_file("src", BIG_SIZE);
    init_progress2(&p, &params, COPYFILE2_CALLBACK_STREAM_STARTED, COPYFILE2_PROGRESS_CANCEL);
    hr = copy2("src", "dst", &params);
    ok(hr == HRESULT_FROM_WIN32(ERROR_REQUEST_ABORTED),
       "COPYFILE2_PROGRESS_CANCEL: ERROR_REQUEST_ABORTED, got %lx", (unsigned long)hr);
    ok(!exists("dst"), "and the target goes");

    init_progress2(&p, &params, COPYFILE2_CALLBACK_CHUNK_FINISHED, COPYFILE2_PROGRESS_STOP);
    hr = copy2("src", "dst", &params);
    ok(hr == HRESULT_FROM_WIN32(ERROR_REQUEST_ABORTED),
       "COPYFILE2_PROGRESS_STOP: ERROR_REQUEST_ABORTED, got %lx", (unsigned long)hr);
    ok(exists("dst"), "and the partial target stays");
    DeleteFileA(test_path("dst"));

    init_progress2(&p, &params, COPYFILE2_CALLBACK_CHUNK_FINISHED, COPYFILE2_PROGRESS_PAUSE);
    hr = copy2("src", "dst", &params);
    ok(hr == HRESULT_FROM_WIN32(ERROR_REQUEST_PAUSED),
       "COPYFILE2_PROGRESS_PAUSE: ERROR_REQUEST_PAUSED, got %lx", (unsigned long)hr);
    ok(p.finished == 1 && p.last == COPYFILE2_CALLBACK_STREAM_FINISHED,
       "after one more call, of the stream's end");
    ok(exists("dst"), "and the partial target stays");
    DeleteFileA(test_path("dst"));

    init_progress2(&p, &params, COPYFILE2_CALLBACK_NONE, COPYFILE2_PROGRESS_CONTINUE);
    p.cancel_at_chunk = &cancel;
    params.pfCancel = &cancel;
    hr = copy2("src", "dst", &params);
    ok(hr == HRESULT_FROM_WIN32(ERROR_REQUEST_ABORTED),
       "*pfCancel set after a chunk: ERROR_REQUEST_ABORTED, got %lx", (unsigned long)hr);
    ok(!exists("dst"), "and the target goes");
    DeleteFileA(test_path("src"));
    DeleteFileA(test_path("dst"));
    ok(RemoveDirectoryA(conformance_dir), "nothing else was left");
}

CONFORMANCE_MAIN(test_CopyFileEx_reports_progress, test_CopyFileEx_cancel_and_stop,
                 test_CopyFileEx_pbCancel, test_CopyFileEx_flags, test_CopyFileEx_copy_symlink,
                 test_CopyFileExW, test_ReplaceFile_moves_the_replacement_and_keeps_a_backup,
                 test_ReplaceFile_errors, test_ReplaceFileW, test_CopyFile2,
                 test_CopyFile2_progress, test_CopyFile2_cancel_stop_pause)
