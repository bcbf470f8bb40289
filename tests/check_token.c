/* Access tokens: the Unix credentials behind them, and the SIDs they are given. */
#include <grp.h>
#include <signal.h>
#include <sddl.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

/* The token of process (the calling one: GetCurrentProcess()) as text: its user's SID. */
static void user_sid_text(HANDLE process, char *text, size_t size)
{
    union {
        TOKEN_USER user;
        char bytes[128];
    } info;
    HANDLE token;
    DWORD len;
    char *sid;

    ck_assert(OpenProcessToken(process, TOKEN_QUERY, &token));
    ck_assert(GetTokenInformation(token, TokenUser, &info, sizeof(info), &len));
    ck_assert(ConvertSidToStringSidA(info.user.User.Sid, &sid));
    snprintf(text, size, "%s", sid);
    LocalFree(sid);
    ck_assert(CloseHandle(token));
}

static DWORD elevation(HANDLE process)
{
    TOKEN_ELEVATION e = { 0xdead };
    HANDLE token;
    DWORD len;

    ck_assert(OpenProcessToken(process, TOKEN_QUERY, &token));
    ck_assert(GetTokenInformation(token, TokenElevation, &e, sizeof(e), &len));
    ck_assert(CloseHandle(token));
    return e.TokenIsElevated;
}

START_TEST(test_the_user_is_the_effective_uid)
{
    LEAK_CHECK_BEGIN();
    char text[64], want[64];

    user_sid_text(GetCurrentProcess(), text, sizeof(text));
    snprintf(want, sizeof(want), "S-1-22-1-%u", (unsigned)geteuid());
    ck_assert_str_eq(text, want);
    ck_assert_uint_eq(elevation(GetCurrentProcess()), geteuid() == 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_groups_hold_every_unix_group)
{
    union {
        TOKEN_GROUPS groups;
        char bytes[65536];
    } info;
    gid_t gids[256];
    int n = getgroups(256, gids);
    HANDLE token;
    DWORD len;

    ck_assert_int_ge(n, 0);
    gids[n++] = getegid();
    ck_assert(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    ck_assert(GetTokenInformation(token, TokenGroups, &info, sizeof(info), &len));
    for (int i = 0; i < n; i++) {
        char want[64];
        bool found = false;
        snprintf(want, sizeof(want), "S-1-22-2-%u", (unsigned)gids[i]);
        /* Windows' ANYSIZE_ARRAY: the entries are read through a pointer. */
        const SID_AND_ATTRIBUTES *entries = info.groups.Groups;
        for (DWORD g = 0; g < info.groups.GroupCount && !found; g++) {
            char *text;
            ck_assert(ConvertSidToStringSidA(entries[g].Sid, &text));
            found = strcmp(text, want) == 0 && (entries[g].Attributes & SE_GROUP_ENABLED);
            LocalFree(text);
        }
        ck_assert_msg(found, "group %s", want);
    }
    ck_assert(CloseHandle(token));
}
END_TEST

/* Root reads another user's token: a standard user's, neither elevated nor an administrator's. */
START_TEST(test_another_users_process_has_a_standard_token)
{
    char text[64];
    HANDLE process;
    int ready[2];
    pid_t pid;
    char c;

    if (geteuid() != 0)
        return;     /* only root can start a process of another user */
    ck_assert_int_eq(pipe(ready), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        pause();
        _exit(0);
    }
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    ck_assert_ptr_nonnull(process);
    user_sid_text(process, text, sizeof(text));
    ck_assert_str_eq(text, "S-1-22-1-65534");
    ck_assert_uint_eq(elevation(process), 0);
    ck_assert(CloseHandle(process));
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(ready[0]);
    close(ready[1]);
}
END_TEST

/* Without root, another user's token is not ours to read. */
START_TEST(test_another_users_token_is_denied_without_root)
{
    HANDLE process, token;

    if (geteuid() == 0)
        return;
    process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, 1);
    if (!process)
        return;     /* no process 1 to look at here */
    SetLastError(0xdeadbeef);
    if (OpenProcessToken(process, TOKEN_QUERY, &token))
        ck_assert(CloseHandle(token));      /* process 1 runs as this user */
    else
        ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(process));
}
END_TEST

START_TEST(test_unsupported_classes_fail_cleanly)
{
    HANDLE token;
    char buf[256];
    DWORD len;

    ck_assert(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
    SetLastError(0xdeadbeef);
    ck_assert(!GetTokenInformation(token, TokenPrivileges, buf, sizeof(buf), &len));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    SetLastError(0xdeadbeef);
    ck_assert(!GetTokenInformation(token, (TOKEN_INFORMATION_CLASS)0, buf, sizeof(buf), &len));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!GetTokenInformation(token, MaxTokenInfoClass, buf, sizeof(buf), &len));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!GetTokenInformation(token, TokenUser, buf, sizeof(buf), NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    ck_assert(CloseHandle(token));
}
END_TEST

static Suite *token_suite(void)
{
    Suite *s = suite_create("token");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_the_user_is_the_effective_uid);
    tcase_add_test(tc, test_groups_hold_every_unix_group);
    tcase_add_test(tc, test_another_users_process_has_a_standard_token);
    tcase_add_test(tc, test_another_users_token_is_denied_without_root);
    tcase_add_test(tc, test_unsupported_classes_fail_cleanly);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(token_suite)
