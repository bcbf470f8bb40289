/*
 * Conformance: file mappings (CreateFileMapping, OpenFileMapping,
 * MapViewOfFile(Ex), UnmapViewOfFile, FlushViewOfFile, CreateFileMapping2,
 * MapViewOfFile3), views as VirtualQuery, VirtualProtect, VirtualAlloc and
 * VirtualFree see them, and files held by mappings. The expectations follow
 * Microsoft's documentation and Wine's dlls/kernel32/tests/virtual.c, which
 * records what Windows does.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <stdlib.h>

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0xdeadbee0)
#define GRANULARITY 0x10000
#define PAGE 0x1000
#define NAME_PREFIX "w32conf-mappings-"

/* A file name of this run under the temporary path. */
static const char *path(const char *name)
{
    static char bufs[4][MAX_PATH * 2];
    static int next;
    char *buf = bufs[next++ % 4], tmp[MAX_PATH];

    GetTempPathA(sizeof(tmp), tmp);
    snprintf(buf, MAX_PATH * 2, "%s" NAME_PREFIX "%lu-%s", tmp,
             (unsigned long)GetCurrentProcessId(), name);
    return buf;
}

/* A file of size bytes (zeros), opened with access; the caller closes it. */
static HANDLE sized_file(const char *name, DWORD access, DWORD size)
{
    HANDLE h = CreateFileA(path(name), GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);

    SetFilePointer(h, (LONG)size, NULL, FILE_BEGIN);
    SetEndOfFile(h);
    if (access != (GENERIC_READ | GENERIC_WRITE)) {
        CloseHandle(h);
        h = CreateFileA(path(name), access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                        OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    }
    return h;
}

static DWORD file_size(const char *name)
{
    WIN32_FIND_DATAA data;
    HANDLE find = FindFirstFileA(path(name), &data);

    if (find == INVALID_HANDLE_VALUE)
        return (DWORD)-1;
    FindClose(find);
    return data.nFileSizeLow;
}

static void expect_query(const void *address, const void *base, SIZE_T size, DWORD state,
                         DWORD protect, DWORD alloc_protect, const char *what)
{
    MEMORY_BASIC_INFORMATION mbi;

    memset(&mbi, 0x55, sizeof(mbi));
    ok(VirtualQuery(address, &mbi, sizeof(mbi)) == sizeof(mbi), "%s: VirtualQuery", what);
    ok(mbi.BaseAddress == address, "%s: BaseAddress %p, want %p", what, mbi.BaseAddress, address);
    ok(mbi.AllocationBase == base, "%s: AllocationBase %p, want %p", what, mbi.AllocationBase,
       base);
    ok(mbi.RegionSize == size, "%s: RegionSize %#lx, want %#lx", what,
       (unsigned long)mbi.RegionSize, (unsigned long)size);
    ok(mbi.State == state, "%s: State %#lx, want %#lx", what, (unsigned long)mbi.State,
       (unsigned long)state);
    ok(mbi.Protect == protect, "%s: Protect %#lx, want %#lx", what, (unsigned long)mbi.Protect,
       (unsigned long)protect);
    ok(mbi.AllocationProtect == alloc_protect, "%s: AllocationProtect %#lx, want %#lx", what,
       (unsigned long)mbi.AllocationProtect, (unsigned long)alloc_protect);
    ok(mbi.Type == MEM_MAPPED, "%s: Type %#lx, want MEM_MAPPED", what, (unsigned long)mbi.Type);
}

static void test_file_mapping_sizes(void)
{
    HANDLE file = sized_file("sizes", GENERIC_READ | GENERIC_WRITE, 0), mapping;

    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(!mapping && GetLastError() == ERROR_FILE_INVALID, "an empty file: %p, %lu", mapping,
       (unsigned long)GetLastError());
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, PAGE, NULL);
    ok(!mapping && GetLastError() == ERROR_NOT_ENOUGH_MEMORY,
       "read-only past the end: %p, %lu", mapping, (unsigned long)GetLastError());
    mapping = CreateFileMappingA(file, NULL, PAGE_WRITECOPY, 0, PAGE, NULL);
    ok(!mapping && GetLastError() == ERROR_NOT_ENOUGH_MEMORY,
       "copy-on-write past the end: %p, %lu", mapping, (unsigned long)GetLastError());
    ok(file_size("sizes") == 0, "the file grew to %lu", (unsigned long)file_size("sizes"));

    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 3 * PAGE + 5, NULL);
    ok(mapping != NULL && GetLastError() == ERROR_SUCCESS, "read-write past the end: %lu",
       (unsigned long)GetLastError());
    ok(GetFileSize(file, NULL) == 3 * PAGE + 5, "the file is %lu bytes, want %u",
       (unsigned long)GetFileSize(file, NULL), 3 * PAGE + 5);
    CloseHandle(mapping);

    /* Size 0: the file's; smaller than the file: the file stays as it is. */
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    ok(mapping != NULL, "size 0 maps the file: %lu", (unsigned long)GetLastError());
    CloseHandle(mapping);
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 36, NULL);
    ok(mapping != NULL && GetFileSize(file, NULL) == 3 * PAGE + 5, "a smaller mapping");
    CloseHandle(mapping);
    CloseHandle(file);
    DeleteFileA(path("sizes"));
}

static void test_paging_file_mapping_sizes(void)
{
    HANDLE mapping;
    char *view;

    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 0, NULL);
    ok(!mapping && GetLastError() == ERROR_INVALID_PARAMETER, "size 0: %p, %lu", mapping,
       (unsigned long)GetLastError());
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0x7fffffff, 0, NULL);
    ok(!mapping && GetLastError() == ERROR_NOT_ENOUGH_MEMORY, "8 EiB: %p, %lu", mapping,
       (unsigned long)GetLastError());

    /* A size that is not whole pages still gives whole pages to its views. */
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4090, NULL);
    ok(mapping != NULL, "4090 bytes: %lu", (unsigned long)GetLastError());
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL && (ULONG_PTR)view % GRANULARITY == 0, "view %p", view);
    if (view) {
        ok(view[0] == 0 && view[PAGE - 1] == 0, "a fresh mapping reads zeros");
        view[PAGE - 1] = 7;
        expect_query(view, view, PAGE, MEM_COMMIT, PAGE_READWRITE, PAGE_READWRITE, "4090 bytes");
        ok(UnmapViewOfFile(view), "UnmapViewOfFile");
    }
    /* NULL, like INVALID_HANDLE_VALUE, asks for the paging file. */
    CloseHandle(mapping);
    mapping = CreateFileMappingA(NULL, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    ok(mapping != NULL, "a NULL file handle: %lu", (unsigned long)GetLastError());
    CloseHandle(mapping);
}

static void test_mapping_protections(void)
{
    static const struct {
        DWORD protect;
        BOOL works;
    } cases[] = {
        { 0, FALSE },
        { PAGE_NOACCESS, FALSE },
        { PAGE_READONLY, TRUE },
        { PAGE_READWRITE, TRUE },
        { PAGE_WRITECOPY, TRUE },
        { PAGE_EXECUTE, FALSE },
        { PAGE_EXECUTE_READ, TRUE },
        { PAGE_EXECUTE_READWRITE, TRUE },
        { PAGE_EXECUTE_WRITECOPY, TRUE },
        { PAGE_READONLY | PAGE_READWRITE, FALSE },
        { PAGE_READWRITE | PAGE_GUARD, FALSE },
        { PAGE_READWRITE | PAGE_NOCACHE, FALSE },
        { PAGE_READWRITE | 0x00100000, FALSE },
    };
    HANDLE file = sized_file("protections", GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE, PAGE);

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        HANDLE targets[2] = { file, INVALID_HANDLE_VALUE };
        for (int t = 0; t < 2; t++) {
            HANDLE mapping;
            SetLastError(0xdeadbeef);
            mapping = CreateFileMappingA(targets[t], NULL, cases[i].protect, 0, PAGE, NULL);
            if (cases[i].works)
                ok(mapping != NULL, "%s, protection %#lx: %lu", t ? "paging file" : "file",
                   (unsigned long)cases[i].protect, (unsigned long)GetLastError());
            else
                ok(!mapping && GetLastError() == ERROR_INVALID_PARAMETER,
                   "%s, protection %#lx: %p, %lu", t ? "paging file" : "file",
                   (unsigned long)cases[i].protect, mapping, (unsigned long)GetLastError());
            if (mapping)
                CloseHandle(mapping);
        }
    }
    CloseHandle(file);
    DeleteFileA(path("protections"));
}

static void test_mapping_needs_file_access(void)
{
    HANDLE file, mapping;

    file = sized_file("access", GENERIC_READ, PAGE);
    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    ok(!mapping && GetLastError() == ERROR_ACCESS_DENIED, "read-write of a read-only open: %lu",
       (unsigned long)GetLastError());
    mapping = CreateFileMappingA(file, NULL, PAGE_EXECUTE_READWRITE, 0, PAGE, NULL);
    ok(!mapping && GetLastError() == ERROR_ACCESS_DENIED,
       "execute-read-write of a read-only open: %lu", (unsigned long)GetLastError());
    mapping = CreateFileMappingA(file, NULL, PAGE_WRITECOPY, 0, PAGE, NULL);
    ok(mapping != NULL, "copy-on-write of a read-only open: %lu", (unsigned long)GetLastError());
    CloseHandle(mapping);
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, PAGE, NULL);
    ok(mapping != NULL, "read-only of a read-only open: %lu", (unsigned long)GetLastError());
    CloseHandle(mapping);
    CloseHandle(file);

    file = sized_file("access", 0, PAGE);
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, PAGE, NULL);
    ok(!mapping && GetLastError() == ERROR_ACCESS_DENIED, "read-only of an open without access: %lu",
       (unsigned long)GetLastError());
    CloseHandle(file);
    DeleteFileA(path("access"));
}

static void test_bad_handles(void)
{
    HANDLE file = sized_file("handles", GENERIC_READ | GENERIC_WRITE, PAGE);
    HANDLE event = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE handles[] = { BAD_HANDLE, event, GetCurrentThread(), NULL };
    void *view;

    /* (GetCurrentProcess() is INVALID_HANDLE_VALUE: the paging file.) */
    for (int i = 0; i < 3; i++) {
        SetLastError(0xdeadbeef);
        ok(!CreateFileMappingA(handles[i], NULL, PAGE_READONLY, 0, PAGE, NULL) &&
           GetLastError() == ERROR_INVALID_HANDLE, "CreateFileMapping(handle %d): %lu", i,
           (unsigned long)GetLastError());
    }
    handles[2] = file;
    for (int i = 0; i < 4; i++) {
        SetLastError(0xdeadbeef);
        view = MapViewOfFile(handles[i], FILE_MAP_READ, 0, 0, 0);
        ok(!view && GetLastError() == ERROR_INVALID_HANDLE, "MapViewOfFile(handle %d): %lu", i,
           (unsigned long)GetLastError());
    }
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(GetCurrentProcess(), FILE_MAP_READ, 0, 0, 0) &&
       GetLastError() == ERROR_INVALID_HANDLE, "MapViewOfFile(the process): %lu",
       (unsigned long)GetLastError());
    CloseHandle(event);
    CloseHandle(file);
    DeleteFileA(path("handles"));
}

/* The protection of a view asked for with each access, in mappings of each protection. */
static void test_view_protections(void)
{
    static const struct {
        DWORD access, protect;
    } views[] = {
        { 0, PAGE_NOACCESS },
        { FILE_MAP_COPY, PAGE_WRITECOPY },
        { FILE_MAP_WRITE, PAGE_READWRITE },
        { FILE_MAP_WRITE | FILE_MAP_COPY, PAGE_READWRITE },
        { FILE_MAP_READ, PAGE_READONLY },
        { FILE_MAP_READ | FILE_MAP_COPY, PAGE_READONLY },
        { FILE_MAP_READ | FILE_MAP_WRITE, PAGE_READWRITE },
        { FILE_MAP_ALL_ACCESS, PAGE_READWRITE },
        { SECTION_MAP_EXECUTE | FILE_MAP_COPY, PAGE_NOACCESS },
    };
    static const DWORD protections[] = { PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY };
    HANDLE file = sized_file("views", GENERIC_READ | GENERIC_WRITE, 2 * PAGE);

    for (size_t p = 0; p < sizeof(protections) / sizeof(protections[0]); p++) {
        HANDLE mapping = CreateFileMappingA(file, NULL, protections[p], 0, 0, NULL);
        ok(mapping != NULL, "mapping %#lx: %lu", (unsigned long)protections[p],
           (unsigned long)GetLastError());
        for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
            BOOL writes = views[v].protect == PAGE_READWRITE;
            char what[64];
            void *view;
            snprintf(what, sizeof(what), "mapping %#lx, view %#lx", (unsigned long)protections[p],
                     (unsigned long)views[v].access);
            SetLastError(0xdeadbeef);
            view = MapViewOfFile(mapping, views[v].access, 0, 0, 0);
            if (writes && protections[p] != PAGE_READWRITE) {
                ok(!view && GetLastError() == ERROR_ACCESS_DENIED, "%s: %p, %lu", what, view,
                   (unsigned long)GetLastError());
                continue;
            }
            ok(view != NULL, "%s: %lu", what, (unsigned long)GetLastError());
            if (!view)
                continue;
            expect_query(view, view, 2 * PAGE, MEM_COMMIT, views[v].protect, views[v].protect,
                         what);
            ok(UnmapViewOfFile(view), "%s: UnmapViewOfFile", what);
        }
        CloseHandle(mapping);
    }
    CloseHandle(file);
    DeleteFileA(path("views"));
}

static void test_view_handle_access(void)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    HANDLE dup;
    void *view;

    ok(DuplicateHandle(GetCurrentProcess(), mapping, GetCurrentProcess(), &dup, FILE_MAP_READ,
                       FALSE, 0), "DuplicateHandle");
    SetLastError(0xdeadbeef);
    view = MapViewOfFile(dup, FILE_MAP_WRITE, 0, 0, 0);
    ok(!view && GetLastError() == ERROR_ACCESS_DENIED, "a write view through a read handle: %lu",
       (unsigned long)GetLastError());
    view = MapViewOfFile(dup, 0, 0, 0, 0);
    ok(view != NULL, "a view without access through a read handle: %lu",
       (unsigned long)GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(dup);

    ok(DuplicateHandle(GetCurrentProcess(), mapping, GetCurrentProcess(), &dup, FILE_MAP_WRITE,
                       FALSE, 0), "DuplicateHandle");
    SetLastError(0xdeadbeef);
    view = MapViewOfFile(dup, FILE_MAP_READ, 0, 0, 0);
    ok(!view && GetLastError() == ERROR_ACCESS_DENIED, "a read view through a write handle: %lu",
       (unsigned long)GetLastError());
    view = MapViewOfFile(dup, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "a write view through a write handle: %lu", (unsigned long)GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(dup);

    ok(DuplicateHandle(GetCurrentProcess(), mapping, GetCurrentProcess(), &dup, 0, FALSE, 0),
       "DuplicateHandle");
    SetLastError(0xdeadbeef);
    view = MapViewOfFile(dup, 0, 0, 0, 0);
    ok(!view && GetLastError() == ERROR_ACCESS_DENIED, "any view through a handle without access");
    CloseHandle(dup);

    SetLastError(0xdeadbeef);
    view = MapViewOfFile(mapping, FILE_MAP_EXECUTE | FILE_MAP_READ, 0, 0, 0);
    ok(!view && GetLastError() == ERROR_ACCESS_DENIED, "an executable view of a data mapping: %lu",
       (unsigned long)GetLastError());
    CloseHandle(mapping);
}

static void test_view_offsets_and_sizes(void)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                        2 * GRANULARITY, NULL);
    char *view, *second;

    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, PAGE, 0) &&
       GetLastError() == ERROR_MAPPED_ALIGNMENT, "an offset of one page: %lu",
       (unsigned long)GetLastError());
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, 2 * GRANULARITY, 0) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "an offset at the end: %lu",
       (unsigned long)GetLastError());
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 1, 0, 0) && GetLastError() == ERROR_INVALID_PARAMETER,
       "an offset past 4 GiB: %lu", (unsigned long)GetLastError());
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, GRANULARITY, GRANULARITY + 1) &&
       GetLastError() == ERROR_ACCESS_DENIED, "a view past the end: %lu",
       (unsigned long)GetLastError());
    ok(!MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, (SIZE_T)-1) &&
       GetLastError() == ERROR_ACCESS_DENIED, "a view of all memory: %lu",
       (unsigned long)GetLastError());

    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    second = MapViewOfFile(mapping, FILE_MAP_READ, 0, GRANULARITY, PAGE);
    ok(view && second && view != second, "two views: %p %p", view, second);
    if (view && second) {
        view[GRANULARITY + 3] = 'x';
        ok(second[3] == 'x', "the views share their pages");
        expect_query(second, second, PAGE, MEM_COMMIT, PAGE_READONLY, PAGE_READONLY,
                     "a view of one page at an offset");
    }
    UnmapViewOfFile(second);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void test_MapViewOfFileEx_addresses(void)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                        GRANULARITY, NULL);
    char *free_at, *view;

    /* An address Windows would give: reserved, freed, then asked for. */
    free_at = VirtualAlloc(NULL, 4 * GRANULARITY, MEM_RESERVE, PAGE_NOACCESS);
    VirtualFree(free_at, 0, MEM_RELEASE);
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFileEx(mapping, FILE_MAP_WRITE, 0, 0, 0, free_at + PAGE) &&
       GetLastError() == ERROR_MAPPED_ALIGNMENT, "an address off the granularity: %lu",
       (unsigned long)GetLastError());
    view = MapViewOfFileEx(mapping, FILE_MAP_WRITE, 0, 0, 0, free_at + GRANULARITY);
    ok(view == free_at + GRANULARITY, "the address asked for: %p, want %p (%lu)", view,
       free_at + GRANULARITY, (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFileEx(mapping, FILE_MAP_WRITE, 0, 0, 0, view) &&
       GetLastError() == ERROR_INVALID_ADDRESS, "an address in use: %lu",
       (unsigned long)GetLastError());
    ok(!VirtualAlloc(view, PAGE, MEM_RESERVE, PAGE_READWRITE) &&
       GetLastError() == ERROR_INVALID_ADDRESS, "VirtualAlloc over a view: %lu",
       (unsigned long)GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void test_views_outlive_their_handles(void)
{
    HANDLE file = sized_file("outlive", GENERIC_READ | GENERIC_WRITE, 2 * PAGE), mapping;
    const char *name = NAME_PREFIX "outlive";
    char *view;
    DWORD n;
    char buf[4];

    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, name);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu", (unsigned long)GetLastError());
    ok(CloseHandle(mapping), "CloseHandle(mapping)");
    ok(CloseHandle(file), "CloseHandle(file)");
    if (!view)
        return;
    memcpy(view + PAGE, "abc", 4);
    expect_query(view, view, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE, PAGE_READWRITE,
                 "a view whose handles are closed");
    /* The name goes with the last handle, though a view still holds the mapping. */
    SetLastError(0xdeadbeef);
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, name) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "the name is gone: %lu", (unsigned long)GetLastError());
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, name);
    ok(mapping != NULL && GetLastError() == ERROR_SUCCESS, "the name is free again: %lu",
       (unsigned long)GetLastError());
    CloseHandle(mapping);

    ok(FlushViewOfFile(view, 0), "FlushViewOfFile: %lu", (unsigned long)GetLastError());
    ok(UnmapViewOfFile(view), "UnmapViewOfFile");
    file = CreateFileA(path("outlive"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    SetFilePointer(file, PAGE, NULL, FILE_BEGIN);
    ok(ReadFile(file, buf, 4, &n, NULL) && n == 4 && memcmp(buf, "abc", 4) == 0,
       "the view wrote the file: %.3s", buf);
    CloseHandle(file);
    DeleteFileA(path("outlive"));
}

/* The first page of a view at base, written through copy-on-write: read-write, one page. */
static void query_written_copy(const char *page, const char *base, DWORD alloc_protect,
                               const char *what)
{
    MEMORY_BASIC_INFORMATION mbi;

    ok(VirtualQuery(page, &mbi, sizeof(mbi)) == sizeof(mbi), "%s: VirtualQuery", what);
    ok(mbi.AllocationBase == base && mbi.AllocationProtect == alloc_protect &&
       mbi.State == MEM_COMMIT && mbi.Type == MEM_MAPPED, "%s: base %p, protection %#lx", what,
       mbi.AllocationBase, (unsigned long)mbi.AllocationProtect);
    todo_wine_ok(mbi.Protect == PAGE_READWRITE && mbi.RegionSize == PAGE,
                 "%s: Protect %#lx, RegionSize %#lx", what, (unsigned long)mbi.Protect,
                 (unsigned long)mbi.RegionSize);
}

static void test_copy_on_write_views(void)
{
    HANDLE file = sized_file("copy", GENERIC_READ | GENERIC_WRITE, 2 * PAGE), mapping;
    char *shared, *copy;
    DWORD n, old;
    char buf[4] = "";

    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    shared = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    copy = MapViewOfFile(mapping, FILE_MAP_COPY, 0, 0, 0);
    ok(shared && copy, "views %p %p", shared, copy);
    if (!shared || !copy)
        return;
    shared[0] = 's';
    ok(copy[0] == 's', "a copy-on-write view reads the file until written");
    copy[0] = 'c';
    ok(shared[0] == 's', "its writes stay its own");
    /*
     * Windows reports a copied page as read-write (virtual.c, test_mapping);
     * Wine 8 keeps reporting PAGE_WRITECOPY.
     */
    query_written_copy(copy, copy, PAGE_WRITECOPY, "a written copy-on-write page");
    expect_query(copy + PAGE, copy, PAGE, MEM_COMMIT, PAGE_WRITECOPY, PAGE_WRITECOPY,
                 "an unwritten copy-on-write page");

    /* A shared view's page made copy-on-write keeps its writes from the file. */
    ok(VirtualProtect(shared + PAGE, PAGE, PAGE_WRITECOPY, &old) && old == PAGE_READWRITE,
       "VirtualProtect(PAGE_WRITECOPY): %lu, old %#lx", (unsigned long)GetLastError(),
       (unsigned long)old);
    shared[PAGE] = 'p';
    query_written_copy(shared + PAGE, shared, PAGE_READWRITE, "a written page of a shared view");
    ok(UnmapViewOfFile(copy) && UnmapViewOfFile(shared), "UnmapViewOfFile");
    CloseHandle(mapping);
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ok(ReadFile(file, buf, 1, &n, NULL) && buf[0] == 's', "the file has the shared write: %c",
       buf[0]);
    /* Wine 8 writes a shared view's copy-on-write page to the file; Windows does not. */
    SetFilePointer(file, PAGE, NULL, FILE_BEGIN);
    todo_wine_ok(ReadFile(file, buf, 1, &n, NULL) && buf[0] == 0, "and not the copied one: %d",
                 buf[0]);
    CloseHandle(file);
    DeleteFileA(path("copy"));
}

static void test_views_and_virtual_memory_functions(void)
{
    HANDLE file = sized_file("virtual", GENERIC_READ | GENERIC_WRITE, 2 * PAGE), mapping;
    char *view;
    DWORD old = 0;

    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(view, 0, MEM_RELEASE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "VirtualFree(MEM_RELEASE) of a view: %lu", (unsigned long)GetLastError());
    ok(!VirtualFree(view, PAGE, MEM_DECOMMIT) && GetLastError() == ERROR_INVALID_PARAMETER,
       "VirtualFree(MEM_DECOMMIT) of a view: %lu", (unsigned long)GetLastError());
    ok(!VirtualProtect(view, PAGE, PAGE_READWRITE, &old) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "VirtualProtect beyond the view's access: %lu",
       (unsigned long)GetLastError());
    ok(!VirtualProtect(view, PAGE, PAGE_EXECUTE_READ, &old) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "VirtualProtect to execute: %lu",
       (unsigned long)GetLastError());
    ok(VirtualProtect(view, PAGE, PAGE_NOACCESS, &old) && old == PAGE_READONLY,
       "VirtualProtect(PAGE_NOACCESS): %lu, old %#lx", (unsigned long)GetLastError(),
       (unsigned long)old);
    expect_query(view, view, PAGE, MEM_COMMIT, PAGE_NOACCESS, PAGE_READONLY, "a protected page");
    expect_query(view + PAGE, view, PAGE, MEM_COMMIT, PAGE_READONLY, PAGE_READONLY,
                 "the page after it");
    ok(VirtualProtect(view, PAGE, PAGE_READONLY, &old) && old == PAGE_NOACCESS,
       "VirtualProtect back: %lu, old %#lx", (unsigned long)GetLastError(), (unsigned long)old);
    SetLastError(0xdeadbeef);
    ok(!VirtualAlloc(view, PAGE, MEM_COMMIT, PAGE_READONLY) &&
       GetLastError() == ERROR_ACCESS_DENIED, "VirtualAlloc(MEM_COMMIT) in a file's view: %lu",
       (unsigned long)GetLastError());
    ok(UnmapViewOfFile(view + 100), "UnmapViewOfFile inside the view: %lu",
       (unsigned long)GetLastError());
    ok(!UnmapViewOfFile(view) && GetLastError() == ERROR_INVALID_ADDRESS,
       "the view is gone: %lu", (unsigned long)GetLastError());
    CloseHandle(mapping);
    CloseHandle(file);
    DeleteFileA(path("virtual"));
}

static void test_sec_reserve(void)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE,
                                        0, 2 * GRANULARITY, NULL);
    char *first, *second, *committed;

    ok(mapping != NULL, "SEC_RESERVE: %lu", (unsigned long)GetLastError());
    first = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    second = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(first && second && first != second, "views %p %p", first, second);
    if (!first || !second)
        return;
    expect_query(first, first, 2 * GRANULARITY, MEM_RESERVE, 0, PAGE_READWRITE,
                 "an uncommitted view");
    committed = VirtualAlloc(first, GRANULARITY, MEM_COMMIT, PAGE_READONLY);
    ok(committed == first, "VirtualAlloc(MEM_COMMIT) in the view: %p (%lu)", committed,
       (unsigned long)GetLastError());
    expect_query(first, first, GRANULARITY, MEM_COMMIT, PAGE_READONLY, PAGE_READWRITE,
                 "committed read-only");
    /* The commit is the mapping's: the other view has the pages too, with its protection. */
    expect_query(second, second, GRANULARITY, MEM_COMMIT, PAGE_READWRITE, PAGE_READWRITE,
                 "committed through another view");
    expect_query(second + GRANULARITY, second, GRANULARITY, MEM_RESERVE, 0, PAGE_READWRITE,
                 "the rest");
    second[5] = 'r';
    ok(first[5] == 'r', "the committed pages are shared");
    SetLastError(0xdeadbeef);
    ok(!VirtualFree(first, GRANULARITY, MEM_DECOMMIT) && GetLastError() == ERROR_INVALID_PARAMETER,
       "VirtualFree(MEM_DECOMMIT): %lu", (unsigned long)GetLastError());
    ok(!VirtualAlloc(first, PAGE, MEM_COMMIT, PAGE_EXECUTE_READ) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a commit beyond the view's access: %lu",
       (unsigned long)GetLastError());
    ok(UnmapViewOfFile(second) && UnmapViewOfFile(first), "UnmapViewOfFile");
    CloseHandle(mapping);
}

static void test_sec_attributes(void)
{
    static const struct {
        BOOL file;
        DWORD flags, error;
    } cases[] = {
        { FALSE, SEC_RESERVE, 0 },
        { FALSE, SEC_RESERVE | SEC_NOCACHE, 0 },
        { FALSE, SEC_RESERVE | SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_COMMIT, 0 },
        { FALSE, SEC_COMMIT | SEC_NOCACHE, 0 },
        { FALSE, SEC_RESERVE | SEC_COMMIT, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_IMAGE, ERROR_BAD_EXE_FORMAT },
        { FALSE, SEC_IMAGE | SEC_RESERVE, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_IMAGE | SEC_COMMIT, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_NOCACHE, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_WRITECOMBINE, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_FILE, ERROR_INVALID_PARAMETER },
        { FALSE, SEC_FILE | SEC_COMMIT, ERROR_INVALID_PARAMETER },
        { TRUE, SEC_RESERVE, 0 },
        { TRUE, SEC_COMMIT, 0 },
        { TRUE, SEC_COMMIT | SEC_NOCACHE, 0 },
        { TRUE, SEC_COMMIT | SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER },
        { TRUE, SEC_RESERVE | SEC_COMMIT, ERROR_INVALID_PARAMETER },
        { TRUE, SEC_IMAGE, ERROR_BAD_EXE_FORMAT },
        { TRUE, SEC_IMAGE | SEC_COMMIT, ERROR_INVALID_PARAMETER },
        { TRUE, SEC_NOCACHE, ERROR_INVALID_PARAMETER },
        { TRUE, SEC_FILE, ERROR_INVALID_PARAMETER },
        { TRUE, 0, 0 },
    };
    HANDLE file = sized_file("attributes", GENERIC_READ | GENERIC_WRITE, 2 * PAGE);

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        HANDLE mapping;
        SetLastError(0xdeadbeef);
        mapping = CreateFileMappingA(cases[i].file ? file : INVALID_HANDLE_VALUE, NULL,
                                     PAGE_READWRITE | cases[i].flags, 0, PAGE, NULL);
        if (cases[i].error)
            ok(!mapping && GetLastError() == cases[i].error, "case %u: %p, %lu, want %lu",
               (unsigned)i, mapping, (unsigned long)GetLastError(),
               (unsigned long)cases[i].error);
        else
            ok(mapping != NULL && GetLastError() == ERROR_SUCCESS, "case %u: %lu", (unsigned)i,
               (unsigned long)GetLastError());
        if (mapping)
            CloseHandle(mapping);
    }
    CloseHandle(file);
    DeleteFileA(path("attributes"));
}

static void test_named_mappings(void)
{
    const char *name = NAME_PREFIX "named";
    HANDLE mapping, again, opened, event;
    char *view, *other;

    SetLastError(0xdeadbeef);
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, name);
    ok(mapping != NULL && GetLastError() == ERROR_SUCCESS, "a new name: %lu",
       (unsigned long)GetLastError());
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    if (view)
        strcpy(view, "shared");
    SetLastError(0xdeadbeef);
    again = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READONLY, 0, 5 * PAGE, name);
    ok(again != NULL && GetLastError() == ERROR_ALREADY_EXISTS, "the same name: %lu",
       (unsigned long)GetLastError());
    other = MapViewOfFile(again, FILE_MAP_READ, 0, 0, 0);
    ok(other && strcmp(other, "shared") == 0, "the same mapping");
    UnmapViewOfFile(other);
    CloseHandle(again);

    opened = OpenFileMappingA(FILE_MAP_READ, FALSE, name);
    ok(opened != NULL, "OpenFileMappingA: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!MapViewOfFile(opened, FILE_MAP_WRITE, 0, 0, 0) && GetLastError() == ERROR_ACCESS_DENIED,
       "a write view through a read-only open: %lu", (unsigned long)GetLastError());
    other = MapViewOfFile(opened, FILE_MAP_READ, 0, 0, 0);
    ok(other && strcmp(other, "shared") == 0, "a read view of it");
    expect_query(other, other, PAGE, MEM_COMMIT, PAGE_READONLY, PAGE_READONLY, "opened by name");
    UnmapViewOfFile(other);
    CloseHandle(opened);

    SetLastError(0xdeadbeef);
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, NAME_PREFIX "NAMED") &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "names are case-sensitive: %lu",
       (unsigned long)GetLastError());
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, NAME_PREFIX "missing") &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "a missing name: %lu",
       (unsigned long)GetLastError());
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "no name: %lu", (unsigned long)GetLastError());
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, "a\\b") &&
       GetLastError() == ERROR_PATH_NOT_FOUND, "a name in a missing directory: %lu",
       (unsigned long)GetLastError());

    event = CreateEventA(NULL, FALSE, FALSE, NAME_PREFIX "event");
    SetLastError(0xdeadbeef);
    ok(!CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE,
                           NAME_PREFIX "event") && GetLastError() == ERROR_INVALID_HANDLE,
       "a name an event holds: %lu", (unsigned long)GetLastError());
    ok(!OpenFileMappingA(FILE_MAP_READ, FALSE, NAME_PREFIX "event") &&
       GetLastError() == ERROR_INVALID_HANDLE, "OpenFileMapping of an event's name: %lu",
       (unsigned long)GetLastError());
    CloseHandle(event);

    opened = OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, W("w32conf-mappings-named"));
    ok(opened != NULL, "OpenFileMappingW: %lu", (unsigned long)GetLastError());
    CloseHandle(opened);
    SetLastError(0xdeadbeef);
    again = CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE,
                               W("w32conf-mappings-named"));
    ok(again != NULL && GetLastError() == ERROR_ALREADY_EXISTS, "CreateFileMappingW: %lu",
       (unsigned long)GetLastError());
    CloseHandle(again);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void test_UnmapViewOfFile_errors(void)
{
    void *memory = VirtualAlloc(NULL, GRANULARITY, MEM_COMMIT, PAGE_READWRITE);
    char local;

    SetLastError(0xdeadbeef);
    ok(!UnmapViewOfFile(NULL) && GetLastError() == ERROR_INVALID_ADDRESS, "NULL: %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnmapViewOfFile(memory) && GetLastError() == ERROR_INVALID_ADDRESS,
       "VirtualAlloc's memory: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnmapViewOfFile((char *)memory + 0x3000) && GetLastError() == ERROR_INVALID_ADDRESS,
       "inside VirtualAlloc's memory: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!UnmapViewOfFile(&local) && GetLastError() == ERROR_INVALID_ADDRESS, "the stack: %lu",
       (unsigned long)GetLastError());
    VirtualFree(memory, 0, MEM_RELEASE);
}

static void test_FlushViewOfFile(void)
{
    HANDLE file = sized_file("flush", GENERIC_READ | GENERIC_WRITE, 2 * PAGE), mapping;
    void *memory = VirtualAlloc(NULL, GRANULARITY, MEM_COMMIT, PAGE_READWRITE);
    char *view;
    char local = 0;

    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu", (unsigned long)GetLastError());
    ok(FlushViewOfFile(view, 0), "the whole view: %lu", (unsigned long)GetLastError());
    ok(FlushViewOfFile(view + 0x100, 5), "five bytes: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!FlushViewOfFile(view + 0x100, 0x100000), "a range past the view");
    /* Memory that is no file's has nothing to write: Windows succeeds. */
    ok(FlushViewOfFile(memory, 0), "VirtualAlloc's memory: %lu", (unsigned long)GetLastError());
    ok(FlushViewOfFile(&local, 1), "the stack: %lu", (unsigned long)GetLastError());
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    CloseHandle(file);
    VirtualFree(memory, 0, MEM_RELEASE);
    DeleteFileA(path("flush"));
}

static void test_mapped_files_cannot_shrink_or_go(void)
{
    HANDLE file = sized_file("held", GENERIC_READ | GENERIC_WRITE, 4 * PAGE), mapping, other;
    char *view;

    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 2 * PAGE, NULL);
    SetFilePointer(file, 3 * PAGE, NULL, FILE_BEGIN);
    SetLastError(0xdeadbeef);
    ok(!SetEndOfFile(file) && GetLastError() == ERROR_USER_MAPPED_FILE,
       "SetEndOfFile shrinking a mapped file: %lu", (unsigned long)GetLastError());
    ok(GetFileSize(file, NULL) == 4 * PAGE, "size %lu", (unsigned long)GetFileSize(file, NULL));
    SetFilePointer(file, 8 * PAGE, NULL, FILE_BEGIN);
    ok(SetEndOfFile(file), "SetEndOfFile growing it: %lu", (unsigned long)GetLastError());
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    CloseHandle(mapping);
    CloseHandle(file);

    SetLastError(0xdeadbeef);
    other = CreateFileA(path("held"), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                        TRUNCATE_EXISTING, 0, NULL);
    ok(other == INVALID_HANDLE_VALUE && GetLastError() == ERROR_USER_MAPPED_FILE,
       "TRUNCATE_EXISTING of a mapped file: %lu", (unsigned long)GetLastError());
    other = CreateFileA(path("held"), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                        CREATE_ALWAYS, 0, NULL);
    ok(other == INVALID_HANDLE_VALUE && GetLastError() == ERROR_USER_MAPPED_FILE,
       "CREATE_ALWAYS of a mapped file: %lu", (unsigned long)GetLastError());
    ok(UnmapViewOfFile(view), "UnmapViewOfFile");
    other = CreateFileA(path("held"), GENERIC_READ | GENERIC_WRITE, 0, NULL, TRUNCATE_EXISTING, 0,
                        NULL);
    ok(other != INVALID_HANDLE_VALUE, "free again: %lu", (unsigned long)GetLastError());
    SetFilePointer(other, PAGE, NULL, FILE_BEGIN);
    SetEndOfFile(other);

    /*
     * A view keeps its file from being deleted: Windows fails with
     * ERROR_ACCESS_DENIED, as its users report (memmap2-rs #108, SwayDB
     * #156); Wine deletes it.
     */
    mapping = CreateFileMappingA(other, NULL, PAGE_READONLY, 0, 0, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    CloseHandle(mapping);
    CloseHandle(other);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeleteFileA(path("held")) && GetLastError() == ERROR_ACCESS_DENIED,
                 "DeleteFile of a mapped file: %lu", (unsigned long)GetLastError());
    ok(UnmapViewOfFile(view), "UnmapViewOfFile");
    todo_wine_ok(DeleteFileA(path("held")), "DeleteFile once unmapped: %lu",
                 (unsigned long)GetLastError());
}

typedef HANDLE (WINAPI *create2_fn)(HANDLE, SECURITY_ATTRIBUTES *, ULONG, ULONG, ULONG, ULONG64,
                                    PCWSTR, MEM_EXTENDED_PARAMETER *, ULONG);
typedef PVOID (WINAPI *map3_fn)(HANDLE, HANDLE, PVOID, ULONG64, SIZE_T, ULONG, ULONG,
                                MEM_EXTENDED_PARAMETER *, ULONG);

static FARPROC kernelbase_proc(const char *name)
{
#ifdef _WIN32
    HMODULE module = GetModuleHandleA("kernelbase.dll");
    return module ? GetProcAddress(module, name) : NULL;
#else
    return GetProcAddress(GetModuleHandleA(NULL), name);
#endif
}

static void test_CreateFileMapping2_and_MapViewOfFile3(void)
{
    create2_fn create2 = (create2_fn)(void (*)(void))kernelbase_proc("CreateFileMapping2");
    map3_fn map3 = (map3_fn)(void (*)(void))kernelbase_proc("MapViewOfFile3");
    HANDLE mapping;
    char *view;

    ok(running_on_wine() || (create2 && map3), "CreateFileMapping2 and MapViewOfFile3 exist");
    if (!create2 || !map3)
        return;
    mapping = create2(INVALID_HANDLE_VALUE, NULL, FILE_MAP_READ | FILE_MAP_WRITE, PAGE_READWRITE,
                      SEC_COMMIT, 2 * PAGE, NULL, NULL, 0);
    ok(mapping != NULL, "CreateFileMapping2: %lu", (unsigned long)GetLastError());
    view = map3(mapping, GetCurrentProcess(), NULL, 0, 0, 0, PAGE_READONLY, NULL, 0);
    ok(view != NULL, "MapViewOfFile3: %lu", (unsigned long)GetLastError());
    if (view) {
        expect_query(view, view, 2 * PAGE, MEM_COMMIT, PAGE_READONLY, PAGE_READONLY,
                     "MapViewOfFile3");
        UnmapViewOfFile(view);
    }
    SetLastError(0xdeadbeef);
    ok(!map3(mapping, GetCurrentProcess(), NULL, PAGE, 0, 0, PAGE_READONLY, NULL, 0) &&
       GetLastError() == ERROR_MAPPED_ALIGNMENT, "an offset of one page: %lu",
       (unsigned long)GetLastError());
    CloseHandle(mapping);
}

/* The child reads the shared mapping a parent created by name, and writes back. */
static int child_shared(const char *name)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, name);
    DWORD existed = GetLastError();
    char *view = mapping ? MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    int code;

    if (!view)
        return 10;
    code = existed != ERROR_ALREADY_EXISTS ? 11 : strcmp(view, "from the parent") != 0 ? 12 : 0;
    strcpy(view, "from the child");
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    return code;
}

/* The child opens a named mapping of a file and writes through it. */
static int child_file(const char *name)
{
    HANDLE mapping = OpenFileMappingA(FILE_MAP_WRITE, FALSE, name);
    char *view = mapping ? MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    int code;

    if (!view)
        return 20;
    code = strcmp(view + PAGE, "file by name") != 0 ? 21 : 0;
    strcpy(view + 2 * PAGE, "the child's");
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    return code;
}

/* The child maps a SEC_RESERVE mapping: the parent's commit is the mapping's. */
static int child_reserve(const char *name)
{
    HANDLE mapping = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name);
    char *view = mapping ? MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    MEMORY_BASIC_INFORMATION mbi;
    int code = 0;

    if (!view)
        return 30;
    if (VirtualQuery(view + PAGE, &mbi, sizeof(mbi)) != sizeof(mbi) || mbi.State != MEM_COMMIT)
        code = 31;
    else if (strcmp(view + PAGE, "committed") != 0)
        code = 32;
    else if (VirtualQuery(view, &mbi, sizeof(mbi)) != sizeof(mbi) || mbi.State != MEM_RESERVE)
        code = 33;
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    return code;
}

/* The child looks for a name whose last handle is closed: it is gone, views or not. */
static int child_gone(const char *name)
{
    HANDLE mapping = OpenFileMappingA(FILE_MAP_READ, FALSE, name);

    if (mapping) {
        CloseHandle(mapping);
        return 40;
    }
    return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 41;
}

/*
 * The child maps the mapping it inherited as handle h (hex): it holds what
 * the parent wrote, and the child's write reaches the parent. A read-only
 * handle stays one: its write view is refused.
 */
static int child_inherited(const char *h_text, const char *rights)
{
    HANDLE mapping = (HANDLE)(ULONG_PTR)strtoull(h_text, NULL, 16);
    char *view;
    int code;

    if (strcmp(rights, "read") == 0) {
        SetLastError(0xdeadbeef);
        if (MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0) ||
            GetLastError() != ERROR_ACCESS_DENIED)
            return 50;
        view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
        code = !view ? 51 : strcmp(view, "from the parent") != 0 ? 52 : 0;
        UnmapViewOfFile(view);
        return code;
    }
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    if (!view)
        return 53;
    code = strcmp(view, "from the parent") != 0 ? 54 : 0;
    strcpy(view, "from the child");
    UnmapViewOfFile(view);
    return CloseHandle(mapping) ? code : 55;
}

/* Runs this program as `child inherited H RIGHTS`, inheriting handles; its exit code. */
static DWORD run_inheriting_child(HANDLE h, const char *rights)
{
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmdline[1400];

    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child inherited %llx %s", conformance_self,
             (unsigned long long)(ULONG_PTR)h, rights);
    if (!CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        ok(0, "CreateProcessA: %lu", (unsigned long)GetLastError());
        return 0xbad;
    }
    return finish_child(&pi);
}

/* Runs this program as `child ROLE NAME` and returns its exit code. */
static DWORD run_child(const char *role, const char *name)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0xdead;
    char args[160];

    snprintf(args, sizeof(args), "%s %s", role, name);
    if (!start_child(args, &pi))
        return 0xbad;
    WaitForSingleObject(pi.hProcess, 20000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void unique_name(char *name, size_t size, const char *what)
{
    snprintf(name, size, NAME_PREFIX "%s-%lu-%lu", what, (unsigned long)GetCurrentProcessId(),
             (unsigned long)GetTickCount());
}

static void test_named_mapping_between_processes(void)
{
    HANDLE mapping;
    char name[96];
    DWORD code;
    char *view;

    unique_name(name, sizeof(name), "shared");
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, name);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu", (unsigned long)GetLastError());
    if (!view)
        return;
    strcpy(view, "from the parent");
    code = run_child("shared", name);
    ok(code == 0, "the child saw the mapping: exit code %lu", (unsigned long)code);
    ok(strcmp(view, "from the child") == 0, "the parent sees the child's write: %s", view);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void test_named_mapping_of_a_file_between_processes(void)
{
    HANDLE file = sized_file("named", GENERIC_READ | GENERIC_WRITE, 4 * PAGE), mapping;
    char name[96], buf[16] = "";
    DWORD code, n;
    char *view;

    unique_name(name, sizeof(name), "file");
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, name);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view != NULL, "MapViewOfFile: %lu", (unsigned long)GetLastError());
    if (!view)
        return;
    strcpy(view + PAGE, "file by name");
    code = run_child("file", name);
    ok(code == 0, "the child used the file's mapping: exit code %lu", (unsigned long)code);
    ok(strcmp(view + 2 * PAGE, "the child's") == 0, "the child's write in the view: %s",
       view + 2 * PAGE);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
    SetFilePointer(file, 2 * PAGE, NULL, FILE_BEGIN);
    ok(ReadFile(file, buf, 12, &n, NULL) && strcmp(buf, "the child's") == 0,
       "and in the file: %s", buf);
    CloseHandle(file);
    DeleteFileA(path("named"));
}

static void test_sec_reserve_commits_between_processes(void)
{
    HANDLE mapping;
    char name[96];
    DWORD code;
    char *view;

    unique_name(name, sizeof(name), "reserve");
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0,
                                 GRANULARITY, name);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ok(view && VirtualAlloc(view + PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE) == view + PAGE,
       "a committed page: %lu", (unsigned long)GetLastError());
    if (!view)
        return;
    strcpy(view + PAGE, "committed");
    code = run_child("reserve", name);
    ok(code == 0, "the child's view has the page committed: exit code %lu", (unsigned long)code);
    UnmapViewOfFile(view);
    CloseHandle(mapping);
}

static void test_name_goes_with_the_last_handle_not_the_last_view(void)
{
    HANDLE mapping;
    char name[96];
    DWORD code;
    char *view;

    unique_name(name, sizeof(name), "gone");
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, name);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    CloseHandle(mapping);
    code = run_child("gone", name);
    ok(code == 0, "no process finds the name: exit code %lu", (unsigned long)code);
    ok(view && (view[0] = 'v', view[0] == 'v'), "the view still works");
    UnmapViewOfFile(view);
}

/*
 * An inherited mapping, unnamed or named, of the paging file or of a file,
 * is the parent's: the child's writes are in the parent's view.
 */
static void test_inherited_mappings(void)
{
    SECURITY_ATTRIBUTES inheritable = { sizeof(SECURITY_ATTRIBUTES), NULL, TRUE };
    HANDLE file = sized_file("inherited", GENERIC_READ | GENERIC_WRITE, PAGE), readonly;
    HANDLE mappings[3];
    const char *what[3] = { "unnamed", "named", "a file's" };
    char name[96];

    unique_name(name, sizeof(name), "inherited");
    mappings[0] = CreateFileMappingA(INVALID_HANDLE_VALUE, &inheritable, PAGE_READWRITE, 0,
                                     PAGE, NULL);
    mappings[1] = CreateFileMappingA(INVALID_HANDLE_VALUE, &inheritable, PAGE_READWRITE, 0,
                                     PAGE, name);
    mappings[2] = CreateFileMappingA(file, &inheritable, PAGE_READWRITE, 0, 0, NULL);
    for (int i = 0; i < 3; i++) {
        char *view = mappings[i] ? MapViewOfFile(mappings[i], FILE_MAP_WRITE, 0, 0, 0) : NULL;
        DWORD code;
        ok(view != NULL, "%s mapping: %lu", what[i], (unsigned long)GetLastError());
        if (!view)
            continue;
        strcpy(view, "from the parent");
        code = run_inheriting_child(mappings[i], "write");
        ok(code == 0, "%s mapping: the child's exit code %lu", what[i], (unsigned long)code);
        ok(strcmp(view, "from the child") == 0, "%s mapping: the parent sees %s", what[i],
           view);
        if (i == 0) {
            strcpy(view, "from the parent");
            ok(DuplicateHandle(GetCurrentProcess(), mappings[i], GetCurrentProcess(), &readonly,
                               FILE_MAP_READ, TRUE, 0), "DuplicateHandle: %lu",
               (unsigned long)GetLastError());
            code = run_inheriting_child(readonly, "read");
            ok(code == 0, "a read-only inherited handle: exit code %lu", (unsigned long)code);
            CloseHandle(readonly);
        }
        UnmapViewOfFile(view);
        CloseHandle(mappings[i]);
    }
    CloseHandle(file);
    DeleteFileA(path("inherited"));
}

static int child_main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[0], "inherited") == 0)
        return child_inherited(argv[1], argv[2]);
    if (argc != 2)
        return 2;
    if (strcmp(argv[0], "shared") == 0)
        return child_shared(argv[1]);
    if (strcmp(argv[0], "file") == 0)
        return child_file(argv[1]);
    if (strcmp(argv[0], "reserve") == 0)
        return child_reserve(argv[1]);
    if (strcmp(argv[0], "gone") == 0)
        return child_gone(argv[1]);
    return 2;
}

CONFORMANCE_MAIN(test_file_mapping_sizes,
                 test_paging_file_mapping_sizes, test_mapping_protections,
                 test_mapping_needs_file_access, test_bad_handles, test_view_protections,
                 test_view_handle_access, test_view_offsets_and_sizes,
                 test_MapViewOfFileEx_addresses, test_views_outlive_their_handles,
                 test_copy_on_write_views, test_views_and_virtual_memory_functions,
                 test_sec_reserve, test_sec_attributes, test_named_mappings,
                 test_UnmapViewOfFile_errors, test_FlushViewOfFile,
                 test_mapped_files_cannot_shrink_or_go, test_CreateFileMapping2_and_MapViewOfFile3,
                 test_named_mapping_between_processes,
                 test_named_mapping_of_a_file_between_processes,
                 test_sec_reserve_commits_between_processes,
                 test_name_goes_with_the_last_handle_not_the_last_view,
                 test_inherited_mappings)
