/* File mappings: sections, views in the address space, files held by mappings. */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "testutil.h"
#include "../lib/mapping.h"

#define GRANULARITY 0x10000
#define PAGE 0x1000

static char file_path[64];

/* A new file of size zero bytes, opened for reading and writing. */
static HANDLE new_file(DWORD size)
{
    HANDLE h;

    snprintf(file_path, sizeof(file_path), "check_mapping.%d.tmp", (int)getpid());
    h = CreateFileA(file_path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    NULL, CREATE_ALWAYS, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(SetFilePointer(h, (LONG)size, NULL, FILE_BEGIN), size);
    ck_assert(SetEndOfFile(h));
    return h;
}

static void file_identity(dev_t *dev, ino_t *ino)
{
    struct stat st;

    ck_assert_int_eq(stat(file_path, &st), 0);
    *dev = st.st_dev;
    *ino = st.st_ino;
}

START_TEST(test_a_mapping_holds_one_fd_until_its_last_view_goes)
{
    LEAK_CHECK_BEGIN();
    HANDLE file = new_file(2 * PAGE);
    HANDLE mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    char *a, *b;

    ck_assert_ptr_nonnull(mapping);
    ck_assert_int_eq(fd_count(), leak_fds_ + 2);
    a = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    b = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, PAGE);
    ck_assert(a && b);
    ck_assert(CloseHandle(mapping));
    ck_assert(CloseHandle(file));
    ck_assert_uint_eq(handle_count(), leak_handles_);
    ck_assert_int_eq(fd_count(), leak_fds_ + 1);
    a[10] = 'x';
    ck_assert_int_eq(b[10], 'x');
    ck_assert(UnmapViewOfFile(a));
    ck_assert_int_eq(fd_count(), leak_fds_ + 1);
    ck_assert(UnmapViewOfFile(b));
    ck_assert(DeleteFileA(file_path));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_paging_file_mappings_leak_nothing)
{
    LEAK_CHECK_BEGIN();
    for (int i = 0; i < 100; i++) {
        HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0,
                                            GRANULARITY, NULL);
        char *view = MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, 0);
        ck_assert_ptr_nonnull(view);
        ck_assert_uint_eq((ULONG_PTR)view % GRANULARITY, 0);
        view[GRANULARITY - 1] = (char)i;
        ck_assert(UnmapViewOfFile(view));
        ck_assert(CloseHandle(mapping));
    }
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_view_protections_are_enforced)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    char *rw = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    char *ro = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    char *copy = MapViewOfFile(mapping, FILE_MAP_COPY, 0, 0, 0);
    DWORD old;

    ck_assert(rw && ro && copy);
    ck_assert(!write_faults(rw));
    ck_assert(write_faults(ro));
    ck_assert(!write_faults(copy));
    ck_assert_int_eq(rw[0], 1);
    rw[0] = 2;
    ck_assert_int_eq(copy[0], 1);
    ck_assert(VirtualProtect(rw, PAGE, PAGE_READONLY, &old));
    ck_assert_uint_eq(old, PAGE_READWRITE);
    ck_assert(write_faults(rw));
    ck_assert(UnmapViewOfFile(rw) && UnmapViewOfFile(ro) && UnmapViewOfFile(copy));
    ck_assert(CloseHandle(mapping));
}
END_TEST

/* ReadFile checks its buffer against the view's protection before it reads. */
START_TEST(test_readfile_into_a_read_only_view_fails_before_reading)
{
    HANDLE file = new_file(PAGE), pipe_r, pipe_w;
    HANDLE mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    char *ro = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    char *copy = MapViewOfFile(mapping, FILE_MAP_COPY, 0, 0, 0);
    DWORD n = 0;

    ck_assert(CreatePipe(&pipe_r, &pipe_w, NULL, 0));
    ck_assert(WriteFile(pipe_w, "abcdef", 6, &n, NULL));
    SetLastError(0xdeadbeef);
    ck_assert(!ReadFile(pipe_r, ro, 3, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(ReadFile(pipe_r, copy, 3, &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(memcmp(copy, "abc", 3), 0);
    ck_assert_int_eq(ro[0], 0);
    ck_assert(UnmapViewOfFile(ro) && UnmapViewOfFile(copy));
    close_all((HANDLE[]){ mapping, file, pipe_r, pipe_w }, 4);
    ck_assert(DeleteFileA(file_path));
}
END_TEST

/* The mapping opens the file anew: the handle's byte-range locks end with the handle. */
START_TEST(test_locks_go_with_the_file_handle_not_the_mapping)
{
    HANDLE file = new_file(PAGE), again;
    HANDLE mapping;
    char *view;

    ck_assert(LockFile(file, 0, 0, 10, 0));
    mapping = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    view = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ck_assert_ptr_nonnull(view);
    ck_assert(CloseHandle(file));
    again = CreateFileA(file_path, GENERIC_READ | GENERIC_WRITE,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(again, INVALID_HANDLE_VALUE);
    ck_assert(LockFile(again, 0, 0, 10, 0));
    ck_assert(UnlockFile(again, 0, 0, 10, 0));
    ck_assert(UnmapViewOfFile(view));
    close_all((HANDLE[]){ mapping, again }, 2);
    ck_assert(DeleteFileA(file_path));
}
END_TEST

START_TEST(test_the_file_list_knows_mappings_and_views)
{
    HANDLE file = new_file(PAGE), mapping;
    dev_t dev;
    ino_t ino;
    char *view;

    file_identity(&dev, &ino);
    ck_assert(!w32_mapping_holds(dev, ino));
    mapping = CreateFileMappingA(file, NULL, PAGE_READONLY, 0, 0, NULL);
    ck_assert(w32_mapping_holds(dev, ino));
    ck_assert(!w32_mapping_viewed(dev, ino));
    view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    ck_assert(w32_mapping_viewed(dev, ino));
    ck_assert(CloseHandle(mapping));
    ck_assert(w32_mapping_holds(dev, ino));
    ck_assert(w32_mapping_viewed(dev, ino));
    ck_assert(UnmapViewOfFile(view));
    ck_assert(!w32_mapping_holds(dev, ino));
    ck_assert(!w32_mapping_viewed(dev, ino));
    ck_assert(CloseHandle(file));
    ck_assert(DeleteFileA(file_path));
}
END_TEST

START_TEST(test_a_view_mapped_after_a_commit_sees_it)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE | SEC_RESERVE, 0,
                                        4 * PAGE, NULL);
    char *first = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0), *later;
    MEMORY_BASIC_INFORMATION mbi;

    ck_assert(write_faults(first));
    ck_assert_ptr_eq(VirtualAlloc(first + PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE), first + PAGE);
    first[PAGE] = 'c';
    later = MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0);
    ck_assert_ptr_nonnull(later);
    ck_assert_int_eq(later[PAGE], 'c');
    ck_assert(write_faults(later));
    ck_assert_uint_eq(VirtualQuery(later + PAGE, &mbi, sizeof(mbi)), sizeof(mbi));
    ck_assert_uint_eq(mbi.State, MEM_COMMIT);
    ck_assert_uint_eq(mbi.RegionSize, PAGE);
    ck_assert(UnmapViewOfFile(first) && UnmapViewOfFile(later));
    ck_assert(CloseHandle(mapping));
}
END_TEST

START_TEST(test_handles_of_mappings_behave_as_handles)
{
    LEAK_CHECK_BEGIN();
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    HANDLE dup;
    DWORD flags = 0xdead;

    ck_assert(DuplicateHandle(GetCurrentProcess(), mapping, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CompareObjectHandles(mapping, dup));
    ck_assert(GetHandleInformation(dup, &flags));
    ck_assert_uint_eq(flags, 0);
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(WaitForSingleObject(dup, 0), WAIT_FAILED);
    ck_assert(CloseHandle(dup));
    ck_assert(CloseHandle(mapping));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
}
END_TEST

struct churn {
    HANDLE mapping;
    LONG failures;
};

/* Maps, writes, queries and unmaps views of one mapping, many times over. */
static DWORD WINAPI churn_views(LPVOID arg)
{
    struct churn *c = arg;
    MEMORY_BASIC_INFORMATION mbi;

    for (int i = 0; i < 500; i++) {
        char *view = MapViewOfFile(c->mapping, FILE_MAP_WRITE, 0, 0, 0);
        if (!view || VirtualQuery(view, &mbi, sizeof(mbi)) != sizeof(mbi) ||
            mbi.Type != MEM_MAPPED || mbi.AllocationBase != view) {
            InterlockedIncrement(&c->failures);
            continue;
        }
        InterlockedIncrement((LONG *)view);
        if (!FlushViewOfFile(view, 0) || !UnmapViewOfFile(view))
            InterlockedIncrement(&c->failures);
    }
    return 0;
}

START_TEST(test_threads_map_and_unmap_views_at_once)
{
    LEAK_CHECK_BEGIN();
    struct churn c = { CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE,
                                          NULL), 0 };
    HANDLE threads[4];
    LONG *count;

    for (int i = 0; i < 4; i++)
        threads[i] = CreateThread(NULL, 0, churn_views, &c, 0, NULL);
    ck_assert_uint_eq(WaitForMultipleObjects(4, threads, TRUE, 60000), WAIT_OBJECT_0);
    close_all(threads, 4);
    ck_assert_int_eq(c.failures, 0);
    count = MapViewOfFile(c.mapping, FILE_MAP_READ, 0, 0, 0);
    ck_assert_int_eq(*count, 4 * 500);
    ck_assert(UnmapViewOfFile(count));
    ck_assert(CloseHandle(c.mapping));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI unmap_it(LPVOID view)
{
    return UnmapViewOfFile(view) ? 0 : GetLastError();
}

START_TEST(test_another_thread_may_unmap_a_view)
{
    HANDLE mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, PAGE, NULL);
    void *view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);

    ck_assert_uint_eq(run_thread(unmap_it, view), 0);
    SetLastError(0xdeadbeef);
    ck_assert(!UnmapViewOfFile(view));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_ADDRESS);
    ck_assert(CloseHandle(mapping));
}
END_TEST

static Suite *mapping_suite(void)
{
    Suite *s = suite_create("mapping");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_a_mapping_holds_one_fd_until_its_last_view_goes);
    tcase_add_test(tc, test_paging_file_mappings_leak_nothing);
    tcase_add_test(tc, test_view_protections_are_enforced);
    tcase_add_test(tc, test_readfile_into_a_read_only_view_fails_before_reading);
    tcase_add_test(tc, test_locks_go_with_the_file_handle_not_the_mapping);
    tcase_add_test(tc, test_the_file_list_knows_mappings_and_views);
    tcase_add_test(tc, test_a_view_mapped_after_a_commit_sees_it);
    tcase_add_test(tc, test_handles_of_mappings_behave_as_handles);
    tcase_add_test(tc, test_threads_map_and_unmap_views_at_once);
    tcase_add_test(tc, test_another_thread_may_unmap_a_view);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(mapping_suite)
