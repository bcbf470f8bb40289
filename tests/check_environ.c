/* The command line and the environment: what Linux sees of them. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "testutil.h"
#include "cmdline.h"

static void assert_round_trip(char *const *argv, size_t argc)
{
    char *line = w32_join_command_line(argv, argc);
    char **split;
    size_t i;

    ck_assert_ptr_nonnull(line);
    split = w32_split_command_line(line);
    ck_assert_ptr_nonnull(split);
    for (i = 0; i < argc; i++) {
        ck_assert_msg(split[i] != NULL, "argument %zu lost from [%s]", i, line);
        ck_assert_str_eq(split[i], argv[i]);
        free(split[i]);
    }
    ck_assert_ptr_null(split[i]);
    free(split);
    free(line);
}

START_TEST(test_joined_command_line_splits_back_into_the_arguments)
{
    char *plain[] = { "prog", "a", "b" };
    char *blanks[] = { "/path with space/prog", "a b", "\tx", "" };
    char *quotes[] = { "prog", "a\"b", "\"", "\\\"", "x\\\\\"y" };
    char *backslashes[] = { "prog", "a\\", "a b\\", "a b\\\\", "\\\\server\\share", "c:\\x\\" };

    assert_round_trip(plain, 3);
    assert_round_trip(blanks, 4);
    assert_round_trip(quotes, 5);
    assert_round_trip(backslashes, 6);
}
END_TEST

START_TEST(test_join_quotes_only_what_needs_it)
{
    char *argv[] = { "prog", "a", "b c", "d\"e", "" };
    char *line = w32_join_command_line(argv, 5);

    ck_assert_str_eq(line, "prog a \"b c\" d\\\"e \"\"");
    free(line);
}
END_TEST

/* GetCommandLineA is /proc/self/cmdline, quoted; the same pointer every time. */
START_TEST(test_command_line_is_this_process_arguments)
{
    char raw[4096], *argv[64];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    ssize_t n = read(fd, raw, sizeof(raw));
    size_t argc = 0;
    char *expected;

    close(fd);
    ck_assert_int_gt(n, 0);
    for (char *p = raw; p < raw + n && argc < 64; p += strlen(p) + 1)
        argv[argc++] = p;
    expected = w32_join_command_line(argv, argc);
    ck_assert_str_eq(GetCommandLineA(), expected);
    ck_assert_ptr_eq(GetCommandLineA(), GetCommandLineA());
    ck_assert_ptr_eq(GetCommandLineW(), GetCommandLineW());
    ck_assert_uint_eq(GetCommandLineW()[0], (WCHAR)expected[0]);
    free(expected);
}
END_TEST

/* The real environment changes: getenv sees it, so does every child. */
START_TEST(test_set_variable_reaches_getenv)
{
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_VAR", "one"));
    ck_assert_str_eq(getenv("W32SHIM_CHECK_VAR"), "one");
    ck_assert(SetEnvironmentVariableW(u"W32SHIM_CHECK_VAR", u"\u00e9"));
    ck_assert_str_eq(getenv("W32SHIM_CHECK_VAR"), "\xc3\xa9");
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_VAR", NULL));
    ck_assert_ptr_null(getenv("W32SHIM_CHECK_VAR"));
}
END_TEST

/* What run_child returns when the child has no exit code to give. */
enum { NOT_STARTED = 0xE0000001, NOT_ENDED, NO_CODE, NOT_CLOSED };

/*
 * Runs cmdline to its end: its exit code, or one of the above. No ck_assert
 * here: Check reads the environment in each one (CK_MAX_MSG_SIZE, a bare
 * getenv), and some callers run while another thread sets variables.
 */
static DWORD run_child(const char *cmdline)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char *cmd = strdup(cmdline);
    DWORD code = NOT_STARTED;
    BOOL started = cmd && CreateProcessA(NULL, cmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi);

    free(cmd);
    if (!started)
        return code;
    if (WaitForSingleObject(pi.hProcess, LONG_WAIT) != WAIT_OBJECT_0)
        code = NOT_ENDED;
    else if (!GetExitCodeProcess(pi.hProcess, &code))
        code = NO_CODE;
    if (!CloseHandle(pi.hProcess) || !CloseHandle(pi.hThread))
        code = NOT_CLOSED;
    return code;
}

START_TEST(test_child_sees_a_set_variable)
{
    /* The process monitor's fd lives as long as the process. */
    ck_assert_uint_eq(run_child("true"), 0);
    LEAK_CHECK_BEGIN();
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_CHILD", "yes"));
    ck_assert_uint_eq(run_child("sh -c \"test \\\"$W32SHIM_CHECK_CHILD\\\" = yes\""), 0);
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_CHILD", NULL));
    ck_assert_uint_eq(run_child("sh -c \"test -z \\\"$W32SHIM_CHECK_CHILD\\\"\""), 0);
    LEAK_CHECK_END();
}
END_TEST

/* Linux allows names that differ only in case: the exact spelling wins. */
START_TEST(test_exact_spelling_wins_over_other_case)
{
    char buf[16];

    setenv("W32SHIM_Dup", "mixed", 1);
    setenv("W32SHIM_DUP", "upper", 1);
    ck_assert_uint_eq(GetEnvironmentVariableA("W32SHIM_Dup", buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "mixed");
    ck_assert_uint_eq(GetEnvironmentVariableA("W32SHIM_DUP", buf, sizeof(buf)), 5);
    ck_assert_str_eq(buf, "upper");
    /* Another spelling finds one of them, as Windows would find the only one. */
    ck_assert_uint_eq(GetEnvironmentVariableA("w32shim_dup", buf, sizeof(buf)), 5);
    unsetenv("W32SHIM_Dup");
    unsetenv("W32SHIM_DUP");
}
END_TEST

/* Setting another spelling changes the variable as it is spelled. */
START_TEST(test_set_keeps_the_existing_spelling)
{
    setenv("W32SHIM_Keep", "old", 1);
    ck_assert(SetEnvironmentVariableA("W32SHIM_KEEP", "new"));
    ck_assert_str_eq(getenv("W32SHIM_Keep"), "new");
    ck_assert_ptr_null(getenv("W32SHIM_KEEP"));
    ck_assert(SetEnvironmentVariableA("w32shim_keep", NULL));
    ck_assert_ptr_null(getenv("W32SHIM_Keep"));
}
END_TEST

START_TEST(test_null_buffer_with_a_size_is_noaccess)
{
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_VAR", "x"));
    SetLastError(0);
    ck_assert_uint_eq(GetEnvironmentVariableA("W32SHIM_CHECK_VAR", NULL, 8), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert_uint_eq(GetEnvironmentVariableW(u"W32SHIM_CHECK_VAR", NULL, 8), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(SetEnvironmentVariableA("W32SHIM_CHECK_VAR", NULL));
}
END_TEST

/* A value outside the BMP takes two UTF-16 units; the sizes count units. */
START_TEST(test_wide_sizes_count_utf16_units)
{
    WCHAR buf[8];

    setenv("W32SHIM_CHECK_WIDE", "\xf0\x9f\x98\x80!", 1);
    ck_assert_uint_eq(GetEnvironmentVariableW(u"W32SHIM_CHECK_WIDE", NULL, 0), 4);
    ck_assert_uint_eq(GetEnvironmentVariableW(u"W32SHIM_CHECK_WIDE", buf, 3), 4);
    ck_assert_uint_eq(GetEnvironmentVariableW(u"W32SHIM_CHECK_WIDE", buf, 4), 3);
    ck_assert_uint_eq(buf[0], 0xd83d);
    ck_assert_uint_eq(buf[1], 0xde00);
    ck_assert_uint_eq(buf[2], '!');
    ck_assert_uint_eq(buf[3], 0);
    ck_assert_uint_eq(ExpandEnvironmentStringsW(u"<%W32SHIM_CHECK_WIDE%>", buf, 8), 6);
    ck_assert_uint_eq(buf[1], 0xd83d);
    ck_assert_uint_eq(buf[4], '>');
    unsetenv("W32SHIM_CHECK_WIDE");
}
END_TEST

START_TEST(test_block_matches_environ)
{
    extern char **environ;
    char *block = GetEnvironmentStringsA();
    char *s = block;
    size_t i = 0;

    ck_assert_ptr_nonnull(block);
    for (; environ[i]; i++, s += strlen(s) + 1)
        ck_assert_str_eq(s, environ[i]);
    ck_assert_int_eq(*s, '\0');
    ck_assert(FreeEnvironmentStringsA(block));
}
END_TEST

#define ENV_THREADS 4
#define ENV_ROUNDS 300

static DWORD WINAPI set_and_get(LPVOID arg)
{
    char name[32], value[32], buf[32];
    int id = (int)(INT_PTR)arg;

    snprintf(name, sizeof(name), "W32SHIM_THREAD_%d", id);
    for (int i = 0; i < ENV_ROUNDS; i++) {
        snprintf(value, sizeof(value), "%d", i);
        if (!SetEnvironmentVariableA(name, value))
            return 1;
        if (GetEnvironmentVariableA(name, buf, sizeof(buf)) != strlen(value) ||
            strcmp(buf, value) != 0)
            return 2;
        char *block = GetEnvironmentStringsA();
        if (!block)
            return 3;
        FreeEnvironmentStringsA(block);
    }
    return SetEnvironmentVariableA(name, NULL) ? 0 : 4;
}

/* Every access w32shim makes holds one lock: threads never see a torn environment. */
START_TEST(test_threads_set_and_read_variables_at_once)
{
    LEAK_CHECK_BEGIN();
    HANDLE threads[ENV_THREADS];

    /* Started suspended, and all ended before the next ck_assert (run_child
     * says why); one never resumed fails the wait. */
    for (int i = 0; i < ENV_THREADS; i++) {
        threads[i] = CreateThread(NULL, 0, set_and_get, (LPVOID)(INT_PTR)i,
                                  CREATE_SUSPENDED, NULL);
        ck_assert_ptr_nonnull(threads[i]);
    }
    for (int i = 0; i < ENV_THREADS; i++)
        ResumeThread(threads[i]);
    ck_assert_uint_eq(WaitForMultipleObjects(ENV_THREADS, threads, TRUE, LONG_WAIT), WAIT_OBJECT_0);
    for (int i = 0; i < ENV_THREADS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, ENV_THREADS);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI churn_environment(LPVOID arg)
{
    char name[32];

    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof(name), "W32SHIM_CHURN_%d", i);
        if (!SetEnvironmentVariableA(name, "x"))
            return 1;
    }
    for (int i = 0; i < 200; i++) {
        snprintf(name, sizeof(name), "W32SHIM_CHURN_%d", i);
        if (!SetEnvironmentVariableA(name, NULL))
            return 2;
    }
    return 0;
}

/* A thread that sets and removes variables, started suspended: while it runs,
 * its test makes no ck_assert (run_child says why). One never resumed fails
 * exit_code's wait. */
static HANDLE start_churn(LPTHREAD_START_ROUTINE fn)
{
    HANDLE churn = CreateThread(NULL, 0, fn, NULL, CREATE_SUSPENDED, NULL);

    ck_assert_ptr_nonnull(churn);
    ResumeThread(churn);
    return churn;
}

/* CreateProcess hands the child a copy of environ's array, taken under the lock:
 * variables set meanwhile (the array grows, moves) never reach it half-made. */
START_TEST(test_spawning_while_another_thread_sets_variables)
{
    DWORD codes[20];

    ck_assert_uint_eq(run_child("true"), 0);
    LEAK_CHECK_BEGIN();
    HANDLE churn = start_churn(churn_environment);

    for (int i = 0; i < 20; i++)
        codes[i] = run_child("sh -c \"test -n \\\"$PATH\\\"\"");
    ck_assert_uint_eq(exit_code(churn), 0);
    ck_assert(CloseHandle(churn));
    for (int i = 0; i < 20; i++)
        ck_assert_uint_eq(codes[i], 0);
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI churn_rounds(LPVOID arg)
{
    for (int round = 0; round < 10; round++) {
        DWORD r = churn_environment(arg);
        if (r)
            return r;
    }
    return 0;
}

/* w32shim's own reads of variables ($TMPDIR, $PATH) take the lock too: a
 * bare getenv could walk an array that setenv has just moved and freed. */
START_TEST(test_library_reads_while_another_thread_sets_variables)
{
    char buf[MAX_PATH], *file;
    HANDLE churn = start_churn(churn_rounds);
    int rounds = 0, failed = 0;

    do {
        failed += GetTempPathA(sizeof(buf), buf) == 0;
        failed += SearchPathA(NULL, "sh", NULL, sizeof(buf), buf, &file) == 0;
        rounds++;
    } while (WaitForSingleObject(churn, 0) == WAIT_TIMEOUT);
    ck_assert_uint_eq(exit_code(churn), 0);
    ck_assert(CloseHandle(churn));
    ck_assert_int_eq(failed, 0);
    ck_assert_int_gt(rounds, 0);
}
END_TEST

/* Environment strings are names (lib/unicode.h): bytes that are not UTF-8
 * come back from the W functions unchanged. */
START_TEST(test_values_that_are_not_utf8_round_trip_through_the_w_functions)
{
    WCHAR value[16];

    ck_assert(SetEnvironmentVariableA("W32_BYTES", "\xe9\xff"));
    ck_assert_uint_eq(GetEnvironmentVariableW(u"W32_BYTES", value, 16), 2);
    ck_assert(value[0] == 0xDCE9 && value[1] == 0xDCFF && value[2] == 0);
    ck_assert(SetEnvironmentVariableW(u"W32_BYTES2", value));
    ck_assert_str_eq(getenv("W32_BYTES2"), "\xe9\xff");
    ck_assert_uint_eq(ExpandEnvironmentStringsW(u"%W32_BYTES%", value, 16), 3);
    ck_assert(value[0] == 0xDCE9 && value[1] == 0xDCFF && value[2] == 0);
    ck_assert(SetEnvironmentVariableA("W32_BYTES", NULL));
    ck_assert(SetEnvironmentVariableA("W32_BYTES2", NULL));
}
END_TEST

static Suite *environ_suite(void)
{
    Suite *s = suite_create("environ");
    TCase *tc = tcase_create("environ");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_joined_command_line_splits_back_into_the_arguments);
    tcase_add_test(tc, test_join_quotes_only_what_needs_it);
    tcase_add_test(tc, test_command_line_is_this_process_arguments);
    tcase_add_test(tc, test_set_variable_reaches_getenv);
    tcase_add_test(tc, test_child_sees_a_set_variable);
    tcase_add_test(tc, test_exact_spelling_wins_over_other_case);
    tcase_add_test(tc, test_set_keeps_the_existing_spelling);
    tcase_add_test(tc, test_null_buffer_with_a_size_is_noaccess);
    tcase_add_test(tc, test_wide_sizes_count_utf16_units);
    tcase_add_test(tc, test_block_matches_environ);
    tcase_add_test(tc, test_threads_set_and_read_variables_at_once);
    tcase_add_test(tc, test_spawning_while_another_thread_sets_variables);
    tcase_add_test(tc, test_library_reads_while_another_thread_sets_variables);
    tcase_add_test(tc, test_values_that_are_not_utf8_round_trip_through_the_w_functions);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(environ_suite)
