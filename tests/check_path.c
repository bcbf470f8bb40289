/* The path mapping: every kind of Windows path, and what it names here. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "testutil.h"
#include "path.h"

/* The current directory of every case: CWD, whose parent is PARENT. */
static char cwd[PATH_MAX], parent[PATH_MAX], base[64];

static void enter_test_directory(void)
{
    snprintf(base, sizeof(base), "/tmp/w32shim-path-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(cwd, sizeof(cwd), "%s/sub", base);
    ck_assert_int_eq(mkdir(cwd, 0777), 0);
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    snprintf(parent, sizeof(parent), "%.*s", (int)(strrchr(cwd, '/') - cwd), cwd);
    for (char c = 'A'; c <= 'Z'; c++) {
        char var[] = "W32SHIM_DRIVE_?";
        var[sizeof(var) - 2] = c;
        unsetenv(var);
    }
    setenv("W32SHIM_DRIVE_D", "/mnt/data/", 1);
}

static void leave_test_directory(void)
{
    ck_assert_int_eq(chdir("/"), 0);
    rmdir(cwd);
    rmdir(base);
    unsetenv("W32SHIM_DRIVE_D");
}

/* Expected results may start with one of these, replaced by the directory. */
#define CWD "<cwd>"
#define PARENT "<parent>"

struct path_case {
    const char *path;
    unsigned flags;
    const char *posix;      /* NULL: fails with error */
    DWORD error;
};

/* A row that maps leaves error out: 0. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct path_case cases[] = {
    /* relative: "." and ".." are text, whether or not the directories exist */
    { "x", 0, "x" },
    { "a\\b", 0, "a/b" },
    { "a/b\\", 0, "a/b/" },
    { "a\\\\b//c", 0, "a/b/c" },
    { "nodir\\..\\t", 0, "t" },
    { ".\\x", 0, "x" },
    { ".", 0, "." },
    { "x\\..", 0, "." },
    { "..\\x", 0, PARENT "/x" },
    { "a\\..\\..\\x", 0, PARENT "/x" },
    { "..\\..\\..\\..\\..\\..\\..\\..\\..\\x", 0, "/x" },
    { "x", W32_PATH_ABSOLUTE, CWD "/x" },
    { ".", W32_PATH_ABSOLUTE, CWD },
    { "a\\", W32_PATH_ABSOLUTE, CWD "/a/" },
    /* trailing dots and spaces: all of them at the end, one dot inside */
    { "file.", 0, "file" },
    { "file. . ", 0, "file" },
    { "file  ....   ..   ", 0, "file" },
    { "dir.\\file", 0, "dir/file" },
    { "dir..\\file", 0, "dir../file" },
    { "dir \\file", 0, "dir /file" },
    { "...\\x", 0, ".../x" },
    { "dir\\...", 0, "dir/" },
    { "dir\\.. ", 0, "dir/" },
    { "*.", 0, "*" },
    { "\\a..\\.", 0, "/a" },                 /* the end of the resolved path is trimmed */
    { "a..\\b\\..", 0, "a" },
    { "a..\\b\\..\\", 0, "a../" },
    /* rooted: the POSIX root */
    { "\\tmp\\x", 0, "/tmp/x" },
    { "/tmp/../x", 0, "/x" },
    { "\\..\\x", 0, "/x" },
    { "\\", 0, "/" },
    /* drives: C is /, D is W32SHIM_DRIVE_D, others are missing */
    { "C:\\tmp\\x", 0, "/tmp/x" },
    { "c:/tmp/x", 0, "/tmp/x" },
    { "C:\\", 0, "/" },
    { "C:\\..\\..", 0, "/" },
    { "C:x", 0, CWD "/x" },
    { "C:..\\x", 0, PARENT "/x" },
    { "D:\\f", 0, "/mnt/data/f" },
    { "d:\\..\\..\\f", 0, "/mnt/data/f" },
    { "D:f", 0, "/mnt/data/f" },
    { "E:\\f", 0, NULL, ERROR_PATH_NOT_FOUND },
    { "e:f", 0, NULL, ERROR_PATH_NOT_FOUND },
    /* DOS devices, wherever they are, with any extension */
    { "NUL", 0, "/dev/null" },
    { "nul.txt", 0, "/dev/null" },
    { "C:\\nowhere\\Nul.tar.gz", 0, "/dev/null" },
    { "NUL  ", 0, "/dev/null" },
    { "nul:", 0, "/dev/null" },
    { "c:nul. . . :", 0, "/dev/null" },
    { "C:\\dir\\con", 0, "/dev/tty" },
    { "CONIN$", 0, "/dev/tty" },
    { "conout$", 0, "/dev/tty" },
    { "AUX", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "prn.txt", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "COM1", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "dir\\lpt9.log", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "c:\\lpt0.txt", 0, "/lpt0.txt" },
    { "CON2", 0, "CON2" },
    { "nul\\", 0, "nul/" },
    { "x\\nul\\.", 0, "/dev/null" },        /* the final component once resolved */
    { "D:NUL/./.", 0, "/dev/null" },
    { "nul\\..", 0, "." },
    { "nul\\x", 0, "nul/x" },
    /* the device namespace: a drive path, a device, or nothing; never a root file */
    { "\\\\.\\x", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "\\\\.\\NUL", 0, "/dev/null" },
    { "\\\\.\\CON", 0, "/dev/tty" },
    { "\\\\.\\COM1", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "\\\\.\\pipe\\p", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "\\\\.\\C:", 0, NULL, ERROR_FILE_NOT_FOUND },
    { "\\\\.\\C:\\tmp\\..\\x.", 0, "/x" },
    { "//./C:/x", 0, "/x" },
    { "//?/C:/a/../x", 0, "/x" },
    /* verbatim: no normalization at all */
    { "\\\\?\\C:\\x", 0, "/x" },
    { "\\\\?\\C:\\a\\..\\b. ", 0, "/a/../b. " },
    { "\\\\?\\D:\\f", 0, "/mnt/data/f" },
    { "\\\\?\\NUL", 0, "/dev/null" },
    { "\\\\?\\x", 0, NULL, ERROR_FILE_NOT_FOUND },
    /* \\?\ before a POSIX path w32shim gave back: that path, as it is. */
    { "\\\\?\\/tmp/dir\\long name. ", 0, "/tmp/dir/long name. " },
    { "\\\\?\\/a/../b", 0, "/a/../b" },
    { "\\\\?\\/", 0, "/" },
    /* a path that names a file: no character Windows refuses in a name */
    { "\\\\?\\C:\\x", W32_PATH_NAME, "/x" },
    { "//?/C:/x", W32_PATH_NAME, "/x" },
    { "\\\\.\\C:\\x", W32_PATH_NAME, "/x" },
    { "a*b", W32_PATH_NAME, NULL, ERROR_INVALID_NAME },
    { "\\\\?\\C:\\a?b", W32_PATH_NAME, NULL, ERROR_INVALID_NAME },
    { "C:\\d|r\\x", W32_PATH_NAME, NULL, ERROR_INVALID_NAME },
    { "a\tb", W32_PATH_NAME, NULL, ERROR_INVALID_NAME },
    { "a*b", 0, "a*b" },
    { "\\\\?\\UNC\\server\\share\\f", 0, NULL, ERROR_BAD_NETPATH },
    /* network paths */
    { "\\\\server\\share\\f", 0, NULL, ERROR_BAD_NETPATH },
    { "//server/share", 0, NULL, ERROR_BAD_NETPATH },
    /* nothing */
    { "", 0, NULL, ERROR_PATH_NOT_FOUND },
};
#pragma GCC diagnostic pop

/* expected, with CWD or PARENT replaced. */
static void expand(const char *expected, char *out, size_t size)
{
    if (strncmp(expected, CWD, strlen(CWD)) == 0)
        snprintf(out, size, "%s%s", cwd, expected + strlen(CWD));
    else if (strncmp(expected, PARENT, strlen(PARENT)) == 0)
        snprintf(out, size, "%s%s", parent, expected + strlen(PARENT));
    else
        snprintf(out, size, "%s", expected);
}

START_TEST(test_every_kind_of_path_maps_as_windows_parses_it)
{
    char want[PATH_MAX * 2];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct path_case *c = &cases[i];
        char *got;

        SetLastError(0xdead);
        got = w32_path_to_posix(c->path, c->flags);
        if (!c->posix) {
            ck_assert_msg(!got, "\"%s\": \"%s\", expected error %u", c->path, got, c->error);
            ck_assert_msg(GetLastError() == c->error, "\"%s\": error %u, expected %u", c->path,
                          GetLastError(), c->error);
            continue;
        }
        expand(c->posix, want, sizeof(want));
        ck_assert_msg(got, "\"%s\": error %u, expected \"%s\"", c->path, GetLastError(), want);
        ck_assert_msg(strcmp(got, want) == 0, "\"%s\": \"%s\", expected \"%s\"", c->path, got,
                      want);
        free(got);
    }
}
END_TEST

START_TEST(test_null_is_path_not_found)
{
    SetLastError(0xdead);
    ck_assert_ptr_null(w32_path_to_posix(NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
}
END_TEST

/* A drive root given as a relative path, or empty, maps nothing. */
START_TEST(test_drive_roots_must_be_absolute)
{
    char *got;

    setenv("W32SHIM_DRIVE_F", "relative/dir", 1);
    ck_assert_ptr_null(w32_path_to_posix("F:\\x", 0));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    setenv("W32SHIM_DRIVE_C", "/srv/c", 1);
    got = w32_path_to_posix("c:\\x", 0);
    ck_assert_str_eq(got, "/srv/c/x");
    free(got);
    setenv("W32SHIM_DRIVE_C", "", 1);
    ck_assert_ptr_null(w32_path_to_posix("C:\\x", 0));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    unsetenv("W32SHIM_DRIVE_C");
    unsetenv("W32SHIM_DRIVE_F");
}
END_TEST

/* Windows cannot delete a current directory; when Linux has, a path that
 * needs it fails with ERROR_PATH_NOT_FOUND. */
START_TEST(test_deleted_current_directory_is_path_not_found)
{
    char *got;

    ck_assert_int_eq(mkdir("gone", 0777), 0);
    ck_assert_int_eq(chdir("gone"), 0);
    ck_assert_int_eq(rmdir("../gone"), 0);
    SetLastError(0xdead);
    ck_assert_ptr_null(w32_path_to_posix("..\\x", 0));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    ck_assert_ptr_null(w32_path_to_posix("x", W32_PATH_ABSOLUTE));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    got = w32_path_to_posix("x", 0);
    ck_assert_str_eq(got, "x");
    free(got);
    ck_assert_int_eq(chdir(cwd), 0);
}
END_TEST

static Suite *path_suite(void)
{
    Suite *s = suite_create("path");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, enter_test_directory, leave_test_directory);
    tcase_add_test(tc, test_every_kind_of_path_maps_as_windows_parses_it);
    tcase_add_test(tc, test_null_is_path_not_found);
    tcase_add_test(tc, test_drive_roots_must_be_absolute);
    tcase_add_test(tc, test_deleted_current_directory_is_path_not_found);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(path_suite)
