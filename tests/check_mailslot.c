/* Mailslots: fds and namespace files, full kernel queues, waits, servers that die. */
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "testutil.h"

#define SLOT "\\\\.\\mailslot\\check\\slot"

static HANDLE open_client(const char *name)
{
    return CreateFileA(name, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
}

/* The mailslot files in the namespace directory ($XDG_RUNTIME_DIR/w32shim, as make check sets). */
static int slot_files(void)
{
    const char *runtime = getenv("XDG_RUNTIME_DIR");
    char path[4096];
    struct dirent *e;
    DIR *d;
    int n = 0;

    ck_assert_ptr_nonnull(runtime);
    snprintf(path, sizeof(path), "%s/w32shim", runtime);
    d = opendir(path);
    if (!d)
        return 0;
    while ((e = readdir(d)))
        n += e->d_name[0] == 'm';
    closedir(d);
    return n;
}

START_TEST(test_close_releases_everything)
{
    LEAK_CHECK_BEGIN();
    int files = slot_files();
    HANDLE slot = CreateMailslotA(SLOT, 0, 0, NULL);
    ck_assert_ptr_ne(slot, INVALID_HANDLE_VALUE);
    ck_assert_int_eq(slot_files(), files + 1);
    HANDLE client = open_client(SLOT);
    ck_assert_ptr_ne(client, INVALID_HANDLE_VALUE);
    DWORD n;
    ck_assert(WriteFile(client, "abc", 3, &n, NULL));
    ck_assert(WriteFile(client, "de", 2, &n, NULL));
    /* GetMailslotInfo moves the messages out of the socket: they go with the server too. */
    ck_assert(GetMailslotInfo(slot, NULL, NULL, &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(CloseHandle(slot));
    ck_assert_int_eq(slot_files(), files);
    ck_assert(!WriteFile(client, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_HANDLE_EOF);
    ck_assert(CloseHandle(client));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_remote_names)
{
    static const char *const names[] = { "\\\\*\\mailslot\\x", "\\\\domain\\mailslot\\x",
                                         "\\\\computer\\mailslot\\a\\b" };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        SetLastError(0);
        ck_assert_ptr_eq(open_client(names[i]), INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_BAD_NETPATH);
        SetLastError(0);
        ck_assert_ptr_eq(CreateMailslotA(names[i], 0, 0, NULL), INVALID_HANDLE_VALUE);
        ck_assert_uint_eq(GetLastError(), ERROR_BAD_NETPATH);
    }
    /* A name with '/' for '\\' is the same mailslot, as Windows reads it. */
    HANDLE slot = CreateMailslotA("\\\\.\\mailslot\\check/sub", 0, 0, NULL);
    ck_assert_ptr_ne(slot, INVALID_HANDLE_VALUE);
    HANDLE client = open_client("\\\\.\\MailSlot\\CHECK\\sub");
    ck_assert_ptr_ne(client, INVALID_HANDLE_VALUE);
    ck_assert(CloseHandle(client));
    ck_assert(CloseHandle(slot));
}
END_TEST

/* More messages than the kernel queues for one socket (net.unix.max_dgram_qlen). */
#define MANY 40

static DWORD WINAPI write_many(LPVOID arg)
{
    HANDLE client = open_client(SLOT);
    char msg[16];
    DWORD n;

    if (client == INVALID_HANDLE_VALUE)
        return 1;
    for (int i = 0; i < MANY; i++) {
        int len = snprintf(msg, sizeof(msg), "m%d", i);
        if (!WriteFile(client, msg, (DWORD)len, &n, NULL) || n != (DWORD)len)
            return 2;
    }
    CloseHandle(client);
    return 0;
}

START_TEST(test_full_queue_waits_for_the_reader)
{
    LEAK_CHECK_BEGIN();
    HANDLE slot = CreateMailslotA(SLOT, 0, LONG_WAIT, NULL);
    ck_assert_ptr_ne(slot, INVALID_HANDLE_VALUE);
    HANDLE writer = CreateThread(NULL, 0, write_many, NULL, 0, NULL);
    ck_assert_ptr_nonnull(writer);
    char buf[16], expect[16];
    DWORD n;
    for (int i = 0; i < MANY; i++) {
        int len = snprintf(expect, sizeof(expect), "m%d", i);
        ck_assert(ReadFile(slot, buf, sizeof(buf), &n, NULL));
        ck_assert_uint_eq(n, (DWORD)len);
        ck_assert(memcmp(buf, expect, n) == 0);
        if (i % 7 == 0)     /* drains the socket into the queue now and then */
            ck_assert(GetMailslotInfo(slot, NULL, NULL, NULL, NULL));
    }
    ck_assert_uint_eq(exit_code(writer), 0);
    ck_assert(CloseHandle(writer));
    ck_assert(CloseHandle(slot));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI read_forever(LPVOID arg)
{
    char buf[8];
    DWORD n;

    if (!ReadFile(arg, buf, sizeof(buf), &n, NULL))
        return GetLastError();
    return n == 2 && memcmp(buf, "hi", 2) == 0 ? 0 : 1;
}

START_TEST(test_waiting_reader)
{
    LEAK_CHECK_BEGIN();
    HANDLE slot = CreateMailslotA(SLOT, 0, MAILSLOT_WAIT_FOREVER, NULL);
    HANDLE client = open_client(SLOT);
    DWORD n;
    ck_assert_ptr_ne(client, INVALID_HANDLE_VALUE);

    /* A message GetMailslotInfo took out of the socket still ends a wait. */
    ck_assert(WriteFile(client, "hi", 2, &n, NULL));
    ck_assert(GetMailslotInfo(slot, NULL, &n, NULL, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(run_thread(read_forever, slot), 0);

    /* A reader already waiting wakes for a message written later. */
    HANDLE reader = CreateThread(NULL, 0, read_forever, slot, 0, NULL);
    ck_assert(WriteFile(client, "hi", 2, &n, NULL));
    ck_assert_uint_eq(exit_code(reader), 0);
    ck_assert(CloseHandle(reader));

    /* And CancelSynchronousIo ends a wait that nothing else would. */
    reader = CreateThread(NULL, 0, read_forever, slot, 0, NULL);
    for (;;) {
        if (CancelSynchronousIo(reader))
            break;
        ck_assert_uint_eq(GetLastError(), ERROR_NOT_FOUND);
        Sleep(1);
    }
    ck_assert_uint_eq(exit_code(reader), ERROR_OPERATION_ABORTED);
    ck_assert(CloseHandle(reader));
    ck_assert(CloseHandle(client));
    ck_assert(CloseHandle(slot));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_server_that_dies)
{
    int ready[2];
    char c;
    pid_t pid;
    int status;

    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        /* Holds the mailslot until killed (at the latest with the test): never closes it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        HANDLE slot = CreateMailslotA(SLOT, 0, 0, NULL);
        c = slot != INVALID_HANDLE_VALUE;
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    close(ready[0]);
    ck_assert_int_eq(c, 1);

    SetLastError(0);
    ck_assert_ptr_eq(CreateMailslotA(SLOT, 0, 0, NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    HANDLE client = open_client(SLOT);
    ck_assert_ptr_ne(client, INVALID_HANDLE_VALUE);

    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    int files = slot_files();
    ck_assert_int_eq(files, 1);     /* its file stays, stale */

    /* Its clients fail, new clients find nothing, and a new server takes the name. */
    DWORD n;
    ck_assert(!WriteFile(client, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_HANDLE_EOF);
    ck_assert(CloseHandle(client));
    SetLastError(0);
    ck_assert_ptr_eq(open_client(SLOT), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    HANDLE slot = CreateMailslotA(SLOT, 0, 0, NULL);
    ck_assert_ptr_ne(slot, INVALID_HANDLE_VALUE);
    ck_assert_int_eq(slot_files(), 1);
    ck_assert(CloseHandle(slot));
    ck_assert_int_eq(slot_files(), 0);
}
END_TEST

START_TEST(test_bad_handles)
{
    DWORD n = 7;

    SetLastError(0);
    ck_assert(!GetMailslotInfo(GetCurrentProcess(), &n, &n, &n, &n));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert_uint_eq(n, 7);
    ck_assert(!SetMailslotInfo((HANDLE)(ULONG_PTR)0x12345678, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* A pipe is a file too, but no mailslot. */
    HANDLE r, w;
    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(!GetMailslotInfo(r, NULL, NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(r) && CloseHandle(w));
}
END_TEST

static Suite *mailslot_suite(void)
{
    Suite *s = suite_create("mailslot");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_close_releases_everything);
    tcase_add_test(tc, test_remote_names);
    tcase_add_test(tc, test_full_queue_waits_for_the_reader);
    tcase_add_test(tc, test_waiting_reader);
    tcase_add_test(tc, test_server_that_dies);
    tcase_add_test(tc, test_bad_handles);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(mailslot_suite)
