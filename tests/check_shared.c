/*
 * The object namespace shared between processes, under faults: processes
 * killed while holding or making an object, foreign and corrupted files in
 * the namespace directory, long names, a full file system and two processes
 * racing on one name. Every case ends in a clean error or a recovery, and
 * the directory holds nothing when no process holds anything.
 *
 * Each test runs in its own process (Check's fork mode) with its own
 * namespace: XDG_RUNTIME_DIR points to a fresh directory before the first
 * named object.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nsutil.h"

#define PATH_SIZE (sizeof(ns_dir) + NAME_MAX + 2)

/* Makes the namespace directory as the library would, before the library does. */
static void make_namespace_dir(void)
{
    ck_assert_int_eq(mkdir(ns_dir, 0700), 0);
}

/* The objects' files of the namespace directory. */
static int entries(char *name, size_t size)
{
    return namespace_files(false, name, size);
}

/* The namespace file of a name, found by making the object once (then gone). */
static void file_of(const char *object, char *path, size_t size)
{
    char file[NAME_MAX + 1];
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, object);

    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(entries(file, sizeof(file)), 1);
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    snprintf(path, size, "%s/%s", ns_dir, file);
}

static void write_file(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, n), (ssize_t)n);
    close(fd);
}

/* Runs fn in a child process; returns its exit status, or 128 + its signal. */
static int in_child(int (*fn)(const char *), const char *arg)
{
    int status;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(fn(arg));
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A pid that no process has: a child's, once reaped. */
static pid_t dead_pid(void)
{
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
    return pid;
}

/* ---- processes that die ---- */

static int set_event_and_die(const char *name)
{
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, name);

    if (!h || !SetEvent(h))
        return 1;
    raise(SIGKILL);
    return 2;
}

START_TEST(test_object_of_a_killed_process_goes_with_it)
{
    fresh_namespace();
    LEAK_CHECK_BEGIN();
    ck_assert_int_eq(in_child(set_event_and_die, "killed"), 128 + SIGKILL);
    /* Its file outlives it, but not its object. */
    ck_assert_int_eq(entries(NULL, 0), 1);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenEventA(SYNCHRONIZE, FALSE, "killed"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert_int_eq(entries(NULL, 0), 0);

    ck_assert_int_eq(in_child(set_event_and_die, "killed"), 128 + SIGKILL);
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "killed");
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);     /* a new object */
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
}
END_TEST

/*
 * The child owns the mutex first, then the parent opens it, then the child is
 * killed. The parent touches the library only after the fork: a forked
 * child's ids are a separate matter (fork support).
 */
START_TEST(test_mutex_of_a_killed_process_is_abandoned_then_removed)
{
    int owned[2], die[2], status;
    char byte = 0;
    pid_t pid;

    fresh_namespace();
    ck_assert_int_eq(pipe(owned), 0);
    ck_assert_int_eq(pipe(die), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        HANDLE h = CreateMutexA(NULL, TRUE, "owned");
        if (!h || write(owned[1], "o", 1) != 1 || read(die[0], &byte, 1) != 1)
            _exit(1);
        raise(SIGKILL);
        _exit(2);
    }
    ck_assert_int_eq(read(owned[0], &byte, 1), 1);
    LEAK_CHECK_BEGIN();
    HANDLE h = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, "owned");
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    ck_assert_int_eq(write(die[1], "d", 1), 1);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    ck_assert_uint_eq(WaitForSingleObject(h, LONG_WAIT), WAIT_ABANDONED);
    ck_assert(ReleaseMutex(h));
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseMutex(h));
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
    close(owned[0]), close(owned[1]), close(die[0]), close(die[1]);
}
END_TEST

/* What a process killed in the middle of making an object leaves: a temporary file. */
START_TEST(test_first_use_sweeps_what_dead_processes_left)
{
    char path[PATH_SIZE];
    static const char junk[128] = "not an object";

    fresh_namespace();
    make_namespace_dir();
    snprintf(path, sizeof(path), "%s/t%d.0", ns_dir, (int)dead_pid());
    write_file(path, junk, sizeof(junk));
    snprintf(path, sizeof(path), "%s/o0123456789abcdef.0", ns_dir);
    write_file(path, junk, sizeof(junk));
    ck_assert_int_eq(entries(NULL, 0), 2);
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "first");
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(entries(NULL, 0), 1);      /* "first" alone */
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
}
END_TEST

/* A temporary file of a live process is its object in the making: left alone. */
START_TEST(test_sweep_spares_a_live_maker)
{
    char path[PATH_SIZE];

    fresh_namespace();
    make_namespace_dir();
    snprintf(path, sizeof(path), "%s/t%d.7", ns_dir, (int)getppid());
    write_file(path, "x", 1);
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "spare");
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(entries(NULL, 0), 2);
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(access(path, F_OK), 0);
    unlink(path);
}
END_TEST

/* ---- foreign and corrupted files ---- */

static const size_t corrupt_sizes[] = { 0, 10, 64, 200, 4096 };

START_TEST(test_corrupted_file_nobody_holds_is_replaced)
{
    char path[PATH_SIZE], junk[4096];

    fresh_namespace();
    file_of("corrupt", path, sizeof(path));
    memset(junk, 0xa5 + _i, sizeof(junk));
    write_file(path, junk, corrupt_sizes[_i]);
    LEAK_CHECK_BEGIN();
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "corrupt");
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(SetEvent(h));
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
}
END_TEST

/* A file some process holds (byte 0 read-locked) that is not an object: the name is taken. */
START_TEST(test_foreign_file_held_by_someone_is_a_clean_error)
{
    char path[PATH_SIZE], junk[256];
    struct flock hold = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
    int fd;

    fresh_namespace();
    file_of("foreign", path, sizeof(path));
    memset(junk, 0x5a, sizeof(junk));
    write_file(path, junk, sizeof(junk));
    fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fcntl(fd, F_OFD_SETLK, &hold), 0);
    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateEventA(NULL, TRUE, FALSE, "foreign"));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(OpenEventA(SYNCHRONIZE, FALSE, "foreign"));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    LEAK_CHECK_END();
    /* Nothing was written through it. */
    char back[sizeof(junk)];
    ck_assert_int_eq(pread(fd, back, sizeof(back), 0), (ssize_t)sizeof(back));
    ck_assert_mem_eq(back, junk, sizeof(junk));
    close(fd);
    /* Once nobody holds it, the name is free again. */
    HANDLE h = CreateEventA(NULL, TRUE, FALSE, "foreign");
    ck_assert_ptr_nonnull(h);
    ck_assert(CloseHandle(h));
}
END_TEST

/* A directory, a symbolic link or a pipe where the file would be: never followed. */
START_TEST(test_no_file_in_the_way_is_followed)
{
    char path[PATH_SIZE], target[PATH_SIZE];
    struct stat before, after;

    fresh_namespace();
    file_of("inway", path, sizeof(path));
    snprintf(target, sizeof(target), "%s/target", runtime_dir);
    write_file(target, "keep", 4);
    ck_assert_int_eq(stat(target, &before), 0);
    ck_assert_int_eq(symlink(target, path), 0);
    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateEventA(NULL, TRUE, FALSE, "inway"));
    ck_assert_uint_ne(GetLastError(), ERROR_SUCCESS);
    ck_assert_int_eq(stat(target, &after), 0);
    ck_assert_int_eq(after.st_size, 4);
    unlink(path);
    ck_assert_int_eq(mkdir(path, 0700), 0);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(CreateEventA(NULL, TRUE, FALSE, "inway"));
    ck_assert_uint_ne(GetLastError(), ERROR_SUCCESS);
    ck_assert_ptr_null(OpenEventA(SYNCHRONIZE, FALSE, "inway"));
    LEAK_CHECK_END();
    rmdir(path);
    unlink(target);
}
END_TEST

/* ---- names ---- */

START_TEST(test_name_lengths)
{
    static char name[MAX_PATH + 2];
    static WCHAR wide[32768];
    HANDLE h, second;

    fresh_namespace();
    LEAK_CHECK_BEGIN();
    /* The empty name makes an unnamed object, and opens nothing. */
    h = CreateEventA(NULL, TRUE, FALSE, "");
    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(entries(NULL, 0), 0);
    ck_assert(CloseHandle(h));
    ck_assert_ptr_null(OpenEventA(SYNCHRONIZE, FALSE, ""));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    /* MAX_PATH characters in the A functions, no more. */
    memset(name, 'n', MAX_PATH);
    name[MAX_PATH] = '\0';
    h = CreateEventA(NULL, TRUE, FALSE, name);
    ck_assert_ptr_nonnull(h);
    second = OpenEventA(SYNCHRONIZE, FALSE, name);
    ck_assert_ptr_nonnull(second);
    ck_assert(CloseHandle(second) && CloseHandle(h));
    name[MAX_PATH] = 'n';
    name[MAX_PATH + 1] = '\0';
    ck_assert_ptr_null(CreateEventA(NULL, TRUE, FALSE, name));
    ck_assert_uint_eq(GetLastError(), ERROR_FILENAME_EXCED_RANGE);
    /* 32767 characters, the most a Windows name holds, in the W functions. */
    for (size_t i = 0; i < 32767; i++)
        wide[i] = (WCHAR)(0x4e00 + i % 64);
    wide[32767] = 0;
    h = CreateEventW(NULL, TRUE, FALSE, wide);
    ck_assert_ptr_nonnull(h);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    second = OpenEventW(SYNCHRONIZE, FALSE, wide);
    ck_assert_ptr_nonnull(second);
    wide[32766] = 'z';      /* another name, though its files' hashes may collide */
    ck_assert_ptr_null(OpenEventW(SYNCHRONIZE, FALSE, wide));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert(CloseHandle(second) && CloseHandle(h));
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
}
END_TEST

/* ---- resources ---- */

static int create_with_no_room(const char *name)
{
    struct rlimit none = { 0, 0 };
    HANDLE h;

    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &none) != 0)
        return 10;
    SetLastError(0xdeadbeef);
    h = CreateEventA(NULL, TRUE, FALSE, name);
    if (h)
        return 11;
    if (GetLastError() == ERROR_SUCCESS || GetLastError() == 0xdeadbeef)
        return 12;
    return GetProcessHandleCount(GetCurrentProcess(), &(DWORD){ 0 }) ? 0 : 13;
}

/* A file system with no room for the object: a clean error, no file left. */
START_TEST(test_no_room_for_the_file_is_a_clean_error)
{
    fresh_namespace();
    ck_assert_int_eq(in_child(create_with_no_room, "noroom"), 0);
    ck_assert_int_eq(entries(NULL, 0), 0);
}
END_TEST

/* ---- races ---- */

#define RACE_ROUNDS 10000

static int create_and_close(const char *name)
{
    for (int i = 0; i < RACE_ROUNDS; i++) {
        HANDLE h = CreateSemaphoreA(NULL, 0, 10, name);
        DWORD error = GetLastError();
        if (!h || (error != ERROR_SUCCESS && error != ERROR_ALREADY_EXISTS))
            return 1;
        if (!ReleaseSemaphore(h, 1, NULL) || WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
            return 2;
        if (!CloseHandle(h))
            return 3;
    }
    return 0;
}

/* Two processes make and drop one name 10,000 times each: no error, nothing left. */
START_TEST(test_two_processes_race_on_one_name)
{
    int status;
    pid_t pid;

    fresh_namespace();
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        _exit(create_and_close("race"));
    LEAK_CHECK_BEGIN();
    ck_assert_int_eq(create_and_close("race"), 0);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert_int_eq(entries(NULL, 0), 0);
    LEAK_CHECK_END();
}
END_TEST

/* ---- forked children ---- */

static HANDLE forked;

/* Runs fn in a forked child that then exits as a program does, through its
 * exit handlers (which let its names go); returns its exit status. */
static int in_exiting_child(bool (*fn)(void))
{
    int status;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        exit(fn() ? 0 : 1);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool close_forked(void)
{
    return CloseHandle(forked);
}

static bool keep_forked(void)
{
    return WaitForSingleObject(forked, 0) == WAIT_TIMEOUT;
}

/*
 * A forked child holds its parent's objects through its own hold: letting
 * it go (closing the handle, or exiting) leaves the parent's, and the name;
 * and the parent letting go of its own leaves the child's.
 */
START_TEST(test_forked_child_holds_named_objects_on_its_own)
{
    int go[2], status;
    char byte = 0;
    pid_t pid;

    fresh_namespace();
    forked = CreateEventA(NULL, TRUE, FALSE, "forked");
    ck_assert_ptr_nonnull(forked);
    ck_assert_int_eq(in_exiting_child(close_forked), 0);
    w32_shared_sweep();     /* removes what nobody holds */
    ck_assert_int_eq(entries(NULL, 0), 1);
    ck_assert_int_eq(in_exiting_child(keep_forked), 0);
    w32_shared_sweep();
    ck_assert_int_eq(entries(NULL, 0), 1);

    ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(go[1]);
        exit(read(go[0], &byte, 1) == 1 && SetEvent(forked) ? 0 : 1);
    }
    close(go[0]);
    ck_assert(CloseHandle(forked));
    w32_shared_sweep();
    ck_assert_int_eq(entries(NULL, 0), 1);      /* the child's hold keeps it */
    ck_assert_int_eq(write(go[1], &byte, 1), 1);
    close(go[1]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(entries(NULL, 0), 0);      /* its last holder took the name */
}
END_TEST

static Suite *shared_suite(void)
{
    Suite *s = suite_create("shared");
    TCase *tc;

    tc = tcase_create("death");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_object_of_a_killed_process_goes_with_it);
    tcase_add_test(tc, test_mutex_of_a_killed_process_is_abandoned_then_removed);
    tcase_add_test(tc, test_first_use_sweeps_what_dead_processes_left);
    tcase_add_test(tc, test_sweep_spares_a_live_maker);
    suite_add_tcase(s, tc);

    tc = tcase_create("files");
    tcase_add_loop_test(tc, test_corrupted_file_nobody_holds_is_replaced, 0,
                        sizeof(corrupt_sizes) / sizeof(corrupt_sizes[0]));
    tcase_add_test(tc, test_foreign_file_held_by_someone_is_a_clean_error);
    tcase_add_test(tc, test_no_file_in_the_way_is_followed);
    tcase_add_test(tc, test_name_lengths);
    tcase_add_test(tc, test_no_room_for_the_file_is_a_clean_error);
    suite_add_tcase(s, tc);

    tc = tcase_create("fork");
    tcase_add_test(tc, test_forked_child_holds_named_objects_on_its_own);
    suite_add_tcase(s, tc);

    tc = tcase_create("race");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_two_processes_race_on_one_name);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(shared_suite)
