/*
 * Transactions: w32shim makes none (lib/txn.c), so CreateTransaction fails
 * with ERROR_NOT_SUPPORTED, and every function given a transaction handle
 * fails with ERROR_INVALID_HANDLE without touching the file system.
 */
#include <sys/stat.h>
#include <ktmw32.h>
#include "testutil.h"

static char test_dir[64];
static char file_path[96], other_path[96], dir_path[96];

static void make_dir(void)
{
    FILE *f;

    snprintf(test_dir, sizeof(test_dir), "/tmp/w32shim-txn-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(test_dir));
    snprintf(file_path, sizeof(file_path), "%s/file", test_dir);
    snprintf(other_path, sizeof(other_path), "%s/other", test_dir);
    snprintf(dir_path, sizeof(dir_path), "%s/dir", test_dir);
    f = fopen(file_path, "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
}

static void remove_dir(void)
{
    unlink(file_path);
    unlink(other_path);
    rmdir(dir_path);
    rmdir(test_dir);
}

static bool exists(const char *path)
{
    struct stat st;

    return lstat(path, &st) == 0;
}

#define EXPECT_ERROR(call, failure, error) \
    do { \
        SetLastError(0xdeadbeef); \
        ck_assert((call) == (failure)); \
        ck_assert_uint_eq(GetLastError(), (error)); \
    } while (0)

START_TEST(test_create_transaction_is_not_supported)
{
    LEAK_CHECK_BEGIN();
    GUID id = { 0 };

    EXPECT_ERROR(CreateTransaction(NULL, NULL, 0, 0, 0, 0, NULL), INVALID_HANDLE_VALUE,
                 ERROR_NOT_SUPPORTED);
    EXPECT_ERROR(OpenTransaction(0, &id), INVALID_HANDLE_VALUE,
                 ERROR_NOT_SUPPORTED);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_no_handle_is_a_transaction)
{
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE handles[] = { NULL, INVALID_HANDLE_VALUE, event };
    DWORD outcome = 7;
    GUID id;

    ck_assert_ptr_nonnull(event);
    for (size_t i = 0; i < sizeof(handles) / sizeof(handles[0]); i++) {
        EXPECT_ERROR(CommitTransaction(handles[i]), FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(CommitTransactionAsync(handles[i]), FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(RollbackTransaction(handles[i]), FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(RollbackTransactionAsync(handles[i]), FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(GetTransactionId(handles[i], &id), FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(GetTransactionInformation(handles[i], &outcome, NULL, NULL, NULL, 0, NULL),
                     FALSE, ERROR_INVALID_HANDLE);
        EXPECT_ERROR(SetTransactionInformation(handles[i], 0, 0, 0, NULL), FALSE,
                     ERROR_INVALID_HANDLE);
    }
    ck_assert_uint_eq(outcome, 7);
    /* The event is untouched: still a working event. */
    ck_assert(SetEvent(event));
    ck_assert_uint_eq(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(event));
}
END_TEST

START_TEST(test_transacted_opens_fail_and_create_nothing)
{
    LEAK_CHECK_BEGIN();
    WCHAR wide[96];
    WIN32_FIND_DATAA data;

    make_dir();
    EXPECT_ERROR(CreateFileTransactedA(other_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL,
                                       NULL, NULL, NULL),
                 INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE);
    ck_assert(!exists(other_path));
    MultiByteToWideChar(CP_UTF8, 0, other_path, -1, wide, 96);
    EXPECT_ERROR(CreateFileTransactedW(wide, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL,
                                       INVALID_HANDLE_VALUE, NULL, NULL),
                 INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE);
    ck_assert(!exists(other_path));
    EXPECT_ERROR(FindFirstFileTransactedA(file_path, FindExInfoStandard, &data,
                                          FindExSearchNameMatch, NULL, 0, NULL),
                 INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE);
    remove_dir();
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_transacted_changes_leave_the_files_alone)
{
    WCHAR wfile[96], wother[96], wdir[96];

    make_dir();
    MultiByteToWideChar(CP_UTF8, 0, file_path, -1, wfile, 96);
    MultiByteToWideChar(CP_UTF8, 0, other_path, -1, wother, 96);
    MultiByteToWideChar(CP_UTF8, 0, dir_path, -1, wdir, 96);
    EXPECT_ERROR(DeleteFileTransactedA(file_path, NULL), FALSE, ERROR_INVALID_HANDLE);
    EXPECT_ERROR(DeleteFileTransactedW(wfile, NULL), FALSE, ERROR_INVALID_HANDLE);
    ck_assert(exists(file_path));
    EXPECT_ERROR(CreateDirectoryTransactedA(NULL, dir_path, NULL, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(CreateDirectoryTransactedW(NULL, wdir, NULL, NULL), FALSE, ERROR_INVALID_HANDLE);
    ck_assert(!exists(dir_path));
    EXPECT_ERROR(RemoveDirectoryTransactedA(test_dir, NULL), FALSE, ERROR_INVALID_HANDLE);
    EXPECT_ERROR(MoveFileTransactedA(file_path, other_path, NULL, NULL, 0, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(MoveFileTransactedW(wfile, wother, NULL, NULL, 0, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(CopyFileTransactedA(file_path, other_path, NULL, NULL, NULL, 0, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(CopyFileTransactedW(wfile, wother, NULL, NULL, NULL, 0, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(CreateHardLinkTransactedA(other_path, file_path, NULL, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(CreateSymbolicLinkTransactedW(wother, wfile, 0, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    ck_assert(exists(file_path));
    ck_assert(!exists(other_path));
    EXPECT_ERROR(SetFileAttributesTransactedA(file_path, FILE_ATTRIBUTE_READONLY, NULL), FALSE,
                 ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(GetFileAttributesA(file_path) & FILE_ATTRIBUTE_READONLY, 0);
    remove_dir();
}
END_TEST

START_TEST(test_transacted_queries_fail_with_their_failure_value)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    char buf[MAX_PATH];
    WCHAR wbuf[MAX_PATH];
    DWORD high = 5;

    make_dir();
    EXPECT_ERROR(GetFileAttributesTransactedA(file_path, GetFileExInfoStandard, &data, NULL),
                 FALSE, ERROR_INVALID_HANDLE);
    EXPECT_ERROR(GetCompressedFileSizeTransactedA(file_path, &high, NULL), INVALID_FILE_SIZE,
                 ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(high, 5);
    EXPECT_ERROR(GetFullPathNameTransactedA("x", sizeof(buf), buf, NULL, NULL), 0,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(GetFullPathNameTransactedW((const WCHAR[]){ 'x', 0 }, MAX_PATH, wbuf, NULL, NULL), 0,
                 ERROR_INVALID_HANDLE);
    EXPECT_ERROR(GetLongPathNameTransactedA(file_path, buf, sizeof(buf), NULL), 0,
                 ERROR_INVALID_HANDLE);
    remove_dir();
}
END_TEST

static Suite *txn_suite(void)
{
    Suite *s = suite_create("txn");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_create_transaction_is_not_supported);
    tcase_add_test(tc, test_no_handle_is_a_transaction);
    tcase_add_test(tc, test_transacted_opens_fail_and_create_nothing);
    tcase_add_test(tc, test_transacted_changes_leave_the_files_alone);
    tcase_add_test(tc, test_transacted_queries_fail_with_their_failure_value);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(txn_suite)
