/*
 * Conformance: environment variables (Get/SetEnvironmentVariable,
 * GetEnvironmentStrings, ExpandEnvironmentStrings) and the command line.
 * Sources: MS docs of each function; Wine's dlls/kernel32/tests/environ.c
 * (return values, case-insensitive names, empty values, expansion).
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <shellapi.h>

#define NAME "W32SHIM_CONF_VAR"
#define NAMEW W("W32SHIM_CONF_VAR")

static void test_set_then_get_returns_the_length(void)
{
    char buf[64];

    SetLastError(0xdeadbeef);
    ok(SetEnvironmentVariableA(NAME, "value"), "SetEnvironmentVariableA failed");
    ok(GetEnvironmentVariableA(NAME, buf, sizeof(buf)) == 5, "not the length without the NUL");
    ok(strcmp(buf, "value") == 0, "got %s", buf);
    ok(GetLastError() == 0xdeadbeef, "last error changed");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

static void test_small_buffer_gets_the_size_with_the_nul(void)
{
    char buf[8] = "foo";

    ok(SetEnvironmentVariableA(NAME, "value"), "SetEnvironmentVariableA failed");
    ok(GetEnvironmentVariableA(NAME, NULL, 0) == 6, "size query");
    ok(GetEnvironmentVariableA(NAME, buf, 5) == 6, "5 bytes are too few");
    ok(strcmp(buf, "foo") == 0, "the buffer was touched: %s", buf);
    ok(GetEnvironmentVariableA(NAME, buf, 6) == 5, "6 bytes are enough");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

static void test_names_ignore_case(void)
{
    char buf[64];

    ok(SetEnvironmentVariableA("W32shim_Conf_Case", "v1"), "set failed");
    ok(GetEnvironmentVariableA("w32SHIM_cONF_cASE", buf, sizeof(buf)) == 2, "other case");
    ok(strcmp(buf, "v1") == 0, "got %s", buf);
    /* Setting through another spelling changes the same variable. */
    ok(SetEnvironmentVariableA("W32SHIM_CONF_CASE", "v2"), "set failed");
    ok(GetEnvironmentVariableA("W32shim_Conf_Case", buf, sizeof(buf)) == 2 &&
       strcmp(buf, "v2") == 0, "got %s", buf);
    ok(SetEnvironmentVariableA("w32shim_conf_case", NULL), "delete in other case failed");
    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableA("W32shim_Conf_Case", buf, sizeof(buf)) == 0, "still set");
    ok(GetLastError() == ERROR_ENVVAR_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
}

static void test_missing_variable_is_not_found(void)
{
    char buf[8] = "foo";

    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableA("W32SHIM_CONF_NEVER_SET", buf, sizeof(buf)) == 0, "found");
    ok(GetLastError() == ERROR_ENVVAR_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
    ok(strcmp(buf, "foo") == 0, "the buffer was touched");
    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableA("", buf, sizeof(buf)) == 0, "empty name found");
    ok(GetLastError() == ERROR_ENVVAR_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableW(NULL, NULL, 0) == 0, "NULL name found");
    ok(GetLastError() == ERROR_ENVVAR_NOT_FOUND, "error %lu", (unsigned long)GetLastError());
}

/* An empty value exists: 0 is returned, the buffer gets "" and the last error stays. */
static void test_empty_value_is_set(void)
{
    char buf[8] = "foo";

    ok(SetEnvironmentVariableA(NAME, ""), "set to empty failed");
    SetLastError(0xdeadbeef);
    ok(GetEnvironmentVariableA(NAME, buf, sizeof(buf)) == 0, "not 0");
    ok(GetLastError() == 0xdeadbeef, "last error %lu", (unsigned long)GetLastError());
    ok(buf[0] == '\0', "the buffer holds %s", buf);
    ok(GetEnvironmentVariableA(NAME, NULL, 0) == 1, "size query of an empty value");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

static void test_bad_names_are_rejected(void)
{
    char buf[8];

    SetLastError(0xdeadbeef);
    ok(!SetEnvironmentVariableA("A=B", "x"), "a name with '=' was accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
    ok(GetEnvironmentVariableA("A", buf, sizeof(buf)) == 0, "A is set");
    SetLastError(0xdeadbeef);
    ok(!SetEnvironmentVariableA("", "x"), "an empty name was accepted");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %lu", (unsigned long)GetLastError());
}

static void test_deleting_a_missing_variable_succeeds(void)
{
    SetLastError(0xdeadbeef);
    ok(SetEnvironmentVariableA("W32SHIM_CONF_NEVER_SET", NULL), "delete failed");
}

static void test_wide_functions_round_trip(void)
{
    static const WCHAR value[] = { 'v', 0xe9, 0x20ac, 0 };
    WCHAR buf[16];
    char narrow[16];

    ok(SetEnvironmentVariableW(NAMEW, value), "SetEnvironmentVariableW failed");
    ok(GetEnvironmentVariableW(NAMEW, NULL, 0) == 4, "size query");
    ok(GetEnvironmentVariableW(NAMEW, buf, 3) == 4, "3 units are too few");
    ok(GetEnvironmentVariableW(NAMEW, buf, 16) == 3, "not the length");
    ok(memcmp(buf, value, sizeof(value)) == 0, "wrong value");
    /* The A function sees the same variable. */
    ok(GetEnvironmentVariableA(NAME, narrow, sizeof(narrow)) > 0, "not seen by the A function");
    ok(SetEnvironmentVariableW(NAMEW, NULL), "delete failed");
}

static int block_has(const char *block, const char *entry)
{
    for (const char *s = block; *s; s += strlen(s) + 1)
        if (strcmp(s, entry) == 0)
            return 1;
    return 0;
}

static void test_environment_block_lists_every_variable(void)
{
    char *block;
    WCHAR *wide;
    int found = 0;

    ok(SetEnvironmentVariableA(NAME, "in_the_block"), "set failed");
    block = GetEnvironmentStringsA();
    ok(block != NULL, "GetEnvironmentStringsA failed");
    ok(block && block_has(block, NAME "=in_the_block"), "the variable is missing");
    ok(FreeEnvironmentStringsA(block), "FreeEnvironmentStringsA failed");
    wide = GetEnvironmentStringsW();
    ok(wide != NULL, "GetEnvironmentStringsW failed");
    for (WCHAR *s = wide; s && *s; s++) {
        if (memcmp(s, W("W32SHIM_CONF_VAR=in_the_block"), sizeof(W("W32SHIM_CONF_VAR=in_the_block"))) == 0)
            found = 1;
        while (*s)
            s++;
    }
    ok(found, "the variable is missing from the wide block");
    ok(FreeEnvironmentStringsW(wide), "FreeEnvironmentStringsW failed");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

static void test_expand_replaces_set_variables(void)
{
    char buf[64];

    ok(SetEnvironmentVariableA(NAME, "Long long value"), "set failed");
    ok(ExpandEnvironmentStringsA("<%" NAME "%>", buf, sizeof(buf)) == 18, "not the size");
    ok(strcmp(buf, "<Long long value>") == 0, "got %s", buf);
    ok(ExpandEnvironmentStringsA("%" NAME "%", NULL, 0) == 16, "size query");
    ok(ExpandEnvironmentStringsA("%W32SHIM_CONF_NEVER_SET%", buf, sizeof(buf)) == 25,
       "unset variable");
    ok(strcmp(buf, "%W32SHIM_CONF_NEVER_SET%") == 0, "got %s", buf);
    ok(ExpandEnvironmentStringsA("50%", buf, sizeof(buf)) == 4 && strcmp(buf, "50%") == 0,
       "a lone percent: %s", buf);
    ok(ExpandEnvironmentStringsA(NULL, buf, sizeof(buf)) == 1, "NULL source");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

/* An unset name stays as written, with both percent signs (Wine 8 does the same;
 * MS docs do not say). */
static void test_expand_after_an_unset_name(void)
{
    char buf[64];

    ok(SetEnvironmentVariableA(NAME, "x"), "set failed");
    ok(ExpandEnvironmentStringsA("%W32SHIM_CONF_NEVER_SET%" NAME "%", buf, sizeof(buf)) == 42,
       "size");
    ok(strcmp(buf, "%W32SHIM_CONF_NEVER_SET%" NAME "%") == 0, "got %s", buf);
    /* "%%" is an empty name, which is never set. */
    ok(ExpandEnvironmentStringsA("%%" NAME "%", buf, sizeof(buf)) == 20 &&
       strcmp(buf, "%%" NAME "%") == 0, "got %s", buf);
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

static void test_expand_small_buffer_returns_the_size(void)
{
    char buf[64];
    WCHAR wide[64];

    ok(SetEnvironmentVariableA(NAME, "Long long value"), "set failed");
    ok(ExpandEnvironmentStringsA("%" NAME "%", buf, 12) == 16, "too small");
    ok(ExpandEnvironmentStringsW(W("%W32SHIM_CONF_VAR%"), wide, 12) == 16, "too small, W");
    ok(ExpandEnvironmentStringsW(W("%W32SHIM_CONF_VAR%"), wide, 64) == 16, "W");
    ok(memcmp(wide, W("Long long value"), 16 * sizeof(WCHAR)) == 0, "wrong W result");
    ok(SetEnvironmentVariableA(NAME, NULL), "delete failed");
}

/* A child sees what the parent set before CreateProcess. */
static void test_child_inherits_the_environment(void)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ok(SetEnvironmentVariableA("W32SHIM_CONF_INHERITED", "yes"), "set failed");
    ok(start_child("getenv W32SHIM_CONF_INHERITED yes", &pi), "start_child failed");
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "exit code %lu",
       (unsigned long)code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    ok(SetEnvironmentVariableA("W32SHIM_CONF_INHERITED", NULL), "delete failed");
}

/* The arguments the parent passed come back in the child's command line. */
#define TRICKY_ARGS "\"a b\" c\\\"d e\\\\f \"g h\\\\\\\\\" \"\""

static void test_child_command_line_keeps_the_arguments(void)
{
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    ok(start_child("cmdline " TRICKY_ARGS, &pi), "start_child failed");
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the child did not end");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "exit code %lu",
       (unsigned long)code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static int child_main(int argc, char **argv)
{
    if (strcmp(argv[0], "getenv") == 0 && argc == 3) {
        char buf[64];
        DWORD n = GetEnvironmentVariableA(argv[1], buf, sizeof(buf));
        return n == strlen(argv[2]) && strcmp(buf, argv[2]) == 0 ? 0 : 1;
    }
    if (strcmp(argv[0], "cmdline") == 0) {
        char *line = GetCommandLineA();
        WCHAR *wide = GetCommandLineW();
        WCHAR converted[512];
        if (line != GetCommandLineA() || wide != GetCommandLineW())
            return 2;           /* not a stable pointer */
        if (!ends_with(line, " child cmdline " TRICKY_ARGS))
            return 3;
        if (!MultiByteToWideChar(CP_ACP, 0, line, -1, converted, 512))
            return 4;
        if (memcmp(converted, wide, (strlen(line) + 1) * sizeof(WCHAR)) != 0)
            return 5;
        /* argv, as the C runtime split it, holds the arguments themselves. */
        if (argc != 6 || strcmp(argv[1], "a b") || strcmp(argv[2], "c\"d") ||
            strcmp(argv[3], "e\\\\f") || strcmp(argv[4], "g h\\\\") || strcmp(argv[5], ""))
            return 6;
        return 0;
    }
    return 99;
}

static int wide_eq(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* Microsoft's table of command-line parsing examples, and the empty line. */
static void test_CommandLineToArgvW(void)
{
    static const struct {
        const WCHAR *line;
        int argc;
        const WCHAR *argv[5];
    } cases[] = {
        { W("prog \"a b c\" d e"), 4, { W("prog"), W("a b c"), W("d"), W("e") } },
        { W("prog \"ab\\\"c\" \"\\\\\" d"), 4, { W("prog"), W("ab\"c"), W("\\"), W("d") } },
        { W("prog a\\\\\\b d\"e f\"g h"), 4, { W("prog"), W("a\\\\\\b"), W("de fg"), W("h") } },
        { W("\"C:\\Program Files\\x\" \"\""), 2, { W("C:\\Program Files\\x"), W("") } },
    };
    unsigned i;
    int j, argc;
    LPWSTR *argv;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        argc = -1;
        argv = CommandLineToArgvW(cases[i].line, &argc);
        ok(argv && argc == cases[i].argc, "case %u: argc %d", i, argc);
        for (j = 0; argv && j < argc && j < cases[i].argc; j++)
            ok(wide_eq(argv[j], cases[i].argv[j]), "case %u: argument %d differs", i, j);
        ok(!argv || argv[argc] == NULL, "case %u: argv[argc] is not NULL", i);
        ok(!argv || LocalFree(argv) == NULL, "case %u: LocalFree failed", i);
    }
    argv = CommandLineToArgvW(W(""), &argc);
    ok(argv && argc == 1 && argv[0][0], "an empty line gives the program's path");
    LocalFree(argv);
    SetLastError(0xdead);
    ok(!CommandLineToArgvW(W("x"), NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a NULL count fails with ERROR_INVALID_PARAMETER");
}

CONFORMANCE_MAIN(test_CommandLineToArgvW, test_set_then_get_returns_the_length,
                 test_small_buffer_gets_the_size_with_the_nul, test_names_ignore_case,
                 test_missing_variable_is_not_found, test_empty_value_is_set,
                 test_bad_names_are_rejected, test_deleting_a_missing_variable_succeeds,
                 test_wide_functions_round_trip, test_environment_block_lists_every_variable,
                 test_expand_replaces_set_variables, test_expand_after_an_unset_name,
                 test_expand_small_buffer_returns_the_size, test_child_inherits_the_environment,
                 test_child_command_line_keeps_the_arguments)
