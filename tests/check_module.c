/* Modules: the program as the one module, GetProcAddress on w32shim's exports, message boxes. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>
#include "testutil.h"

/*
 * The test's own references to every exported name, to compare with
 * GetProcAddress: strong ones, so that every object of the library is linked
 * and every weak reference of the table resolves.
 */
#define W32_EXPORT(name) extern char test_export_##name[] __asm__(#name);
#include "exports.h"
#undef W32_EXPORT

static const struct {
    const char *name;
    const void *address;
} table[] = {
#define W32_EXPORT(name) { #name, test_export_##name },
#include "exports.h"
#undef W32_EXPORT
};

static char *exe_path(void)
{
    static char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

    ck_assert_int_gt(n, 0);
    path[n] = '\0';
    return path;
}

START_TEST(test_get_module_handle_null_is_the_program)
{
    HMODULE a, w;

    SetLastError(0xdeadbeef);
    a = GetModuleHandleA(NULL);
    w = GetModuleHandleW(NULL);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_eq(a, w);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
}
END_TEST

START_TEST(test_get_module_handle_of_an_unloaded_library_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(GetModuleHandleA("user32.dll"));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(GetModuleHandleW(u"kernel33.dll"));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
}
END_TEST

/* kernel32 and its kin are w32shim: one handle each, whatever the spelling. */
START_TEST(test_system_modules_are_found_by_any_spelling)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");

    ck_assert_ptr_nonnull(k32);
    ck_assert_ptr_ne(k32, GetModuleHandleA(NULL));
    ck_assert_ptr_eq(GetModuleHandleA("KERNEL32"), k32);
    ck_assert_ptr_eq(GetModuleHandleW(u"Kernel32.DLL"), k32);
    ck_assert_ptr_eq(GetModuleHandleA("C:\\Windows\\System32\\kernel32.dll"), k32);
    ck_assert_ptr_nonnull(GetModuleHandleA("ntdll.dll"));
    ck_assert_ptr_nonnull(GetModuleHandleA("kernelbase"));
    ck_assert_ptr_ne(GetModuleHandleA("ntdll.dll"), k32);
    ck_assert_ptr_eq(LoadLibraryA("kernel32.dll"), k32);
    ck_assert(FreeLibrary(k32));
    ck_assert_ptr_eq(GetModuleHandleA("kernel32.dll"), k32);
    ck_assert_ptr_eq((void *)GetProcAddress(k32, "GetCurrentProcessId"),
                     (void *)GetCurrentProcessId);
}
END_TEST

START_TEST(test_get_module_handle_of_the_program_name_is_the_program)
{
    HMODULE self = GetModuleHandleA(NULL);
    const char *base = strrchr(exe_path(), '/') + 1;
    char upper[4096], exe[4096];
    WCHAR wide[4096];
    size_t i;

    for (i = 0; base[i]; i++)
        upper[i] = (char)toupper((unsigned char)base[i]);
    upper[i] = '\0';
    snprintf(exe, sizeof(exe), "%s.exe", base);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_eq(GetModuleHandleA(exe_path()), self);
    ck_assert_ptr_eq(GetModuleHandleA(base), self);
    ck_assert_ptr_eq(GetModuleHandleA(upper), self);
    ck_assert_ptr_eq(GetModuleHandleA(exe), self);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    for (i = 0; base[i]; i++)
        wide[i] = (unsigned char)base[i];
    wide[i] = 0;
    ck_assert_ptr_eq(GetModuleHandleW(wide), self);
    snprintf(exe, sizeof(exe), "%s.dll", base);
    ck_assert_ptr_null(GetModuleHandleA(exe));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
}
END_TEST

START_TEST(test_get_module_file_name_is_the_executable)
{
    char buf[4096];
    HMODULE self = GetModuleHandleA(NULL);

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameA(NULL, buf, sizeof(buf)), strlen(exe_path()));
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_str_eq(buf, exe_path());
    memset(buf, 0, sizeof(buf));
    ck_assert_uint_eq(GetModuleFileNameA(self, buf, sizeof(buf)), strlen(exe_path()));
    ck_assert_str_eq(buf, exe_path());
}
END_TEST

START_TEST(test_get_module_file_name_w_matches_the_a_form)
{
    WCHAR wbuf[4096];
    char buf[4096];
    DWORD n;

    SetLastError(0xdeadbeef);
    n = GetModuleFileNameW(NULL, wbuf, 4096);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_uint_eq(n, GetModuleFileNameA(NULL, buf, sizeof(buf)));
    ck_assert_uint_eq(wbuf[n], 0);
    for (DWORD i = 0; i < n; i++)
        ck_assert_uint_eq(wbuf[i], (unsigned char)buf[i]);   /* build paths are ASCII */
}
END_TEST

START_TEST(test_get_module_file_name_truncates_and_terminates)
{
    char buf[8];
    WCHAR wbuf[8];

    memset(buf, '-', sizeof(buf));
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameA(NULL, buf, 5), 5);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert(memcmp(buf, exe_path(), 4) == 0);
    ck_assert_int_eq(buf[4], '\0');
    ck_assert_int_eq(buf[5], '-');
    memset(wbuf, 0x2d, sizeof(wbuf));
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameW(NULL, wbuf, 5), 5);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert_uint_eq(wbuf[0], '/');
    ck_assert_uint_eq(wbuf[4], 0);
    ck_assert_uint_eq(wbuf[5], 0x2d2d);
}
END_TEST

START_TEST(test_get_module_file_name_zero_size_writes_nothing)
{
    char buf[4] = "abc";

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameA(NULL, buf, 0), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_INSUFFICIENT_BUFFER);
    ck_assert_str_eq(buf, "abc");
}
END_TEST

START_TEST(test_get_module_file_name_of_unknown_module_fails_untouched)
{
    char buf[16] = "*";
    WCHAR wbuf[16] = { '*' };

    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameA((HMODULE)0x12340000, buf, sizeof(buf)), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    ck_assert_int_eq(buf[0], '*');
    SetLastError(0xdeadbeef);
    ck_assert_uint_eq(GetModuleFileNameW((HMODULE)0x12340000, wbuf, 16), 0);
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    ck_assert_uint_eq(wbuf[0], '*');
}
END_TEST

typedef HANDLE (WINAPI *create_event_fn)(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCSTR);

START_TEST(test_get_proc_address_finds_an_export_that_works)
{
    create_event_fn create;
    HANDLE event;

    LEAK_CHECK_BEGIN();
    SetLastError(0xdeadbeef);
    create = (create_event_fn)(void *)GetProcAddress(GetModuleHandleA(NULL), "CreateEventA");
    ck_assert_ptr_eq((void *)create, (void *)CreateEventA);
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    event = create(NULL, TRUE, TRUE, NULL);
    ck_assert_ptr_nonnull(event);
    ck_assert_uint_eq(WaitForSingleObject(event, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(event));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_get_proc_address_null_module_is_the_program)
{
    ck_assert_ptr_eq((void *)GetProcAddress(NULL, "SetEvent"), (void *)SetEvent);
}
END_TEST

START_TEST(test_get_proc_address_unknown_name_fails)
{
    HMODULE self = GetModuleHandleA(NULL);

    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress(self, "NoSuchFunction"));
    ck_assert_uint_eq(GetLastError(), ERROR_PROC_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress(self, "createeventa"));
    ck_assert_uint_eq(GetLastError(), ERROR_PROC_NOT_FOUND);
    /* Internal functions are not exports. */
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress(self, "w32_set_error"));
    ck_assert_uint_eq(GetLastError(), ERROR_PROC_NOT_FOUND);
}
END_TEST

START_TEST(test_get_proc_address_by_ordinal_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress(GetModuleHandleA(NULL), (LPCSTR)5));
    ck_assert_uint_eq(GetLastError(), ERROR_PROC_NOT_FOUND);
}
END_TEST

START_TEST(test_get_proc_address_on_unknown_module_fails)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress((HMODULE)0x12340000, "CreateEventA"));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
}
END_TEST

/* Every entry of the table resolves to the function of its name. */
START_TEST(test_get_proc_address_resolves_every_table_entry)
{
    HMODULE self = GetModuleHandleA(NULL);

    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        ck_assert_ptr_nonnull(table[i].address);
        ck_assert_msg((void *)GetProcAddress(self, table[i].name) == table[i].address,
                      "GetProcAddress(%s)", table[i].name);
    }
}
END_TEST

static int table_has(const char *name)
{
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (!strcmp(table[i].name, name))
            return 1;
    }
    return 0;
}

/* lib/exports.h holds exactly the names of lib/w32shim.sym, in strcmp order. */
START_TEST(test_export_table_matches_the_symbol_file)
{
    const char *srcdir = getenv("top_srcdir");
    char path[4096], line[256];
    size_t count = 0;
    FILE *f;

    ck_assert_msg(srcdir != NULL, "run through make check (top_srcdir)");
    snprintf(path, sizeof(path), "%s/lib/w32shim.sym", srcdir);
    f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0])
            continue;
        ck_assert_msg(table_has(line), "%s is missing from lib/exports.h"
                      " (regenerate it with build-aux/gen-exports)", line);
        count++;
    }
    fclose(f);
    ck_assert_uint_eq(count, sizeof(table) / sizeof(table[0]));
    for (size_t i = 1; i < sizeof(table) / sizeof(table[0]); i++)
        ck_assert_int_lt(strcmp(table[i - 1].name, table[i].name), 0);
}
END_TEST

START_TEST(test_load_library_of_a_missing_file_fails_with_mod_not_found)
{
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LoadLibraryA("w32shim_no_such.dll"));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LoadLibraryExW(u"/no/such/dir/x.so", NULL, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LoadLibraryExA("x.dll", NULL, LOAD_LIBRARY_AS_DATAFILE));
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LoadLibraryExA("x.dll", (HANDLE)4, 0));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

/* A file that is there but is no shared object: ERROR_BAD_EXE_FORMAT, as for a text file on Windows. */
START_TEST(test_load_library_of_a_non_library_fails_with_bad_exe_format)
{
    char path[] = "/tmp/w32shim_module_XXXXXX";
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "not a library", 13), 13);
    close(fd);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(LoadLibraryA(path));
    ck_assert_uint_eq(GetLastError(), ERROR_BAD_EXE_FORMAT);
    unlink(path);
}
END_TEST

/* A real shared object: loaded once, counted, its symbols found, unloaded when freed. */
START_TEST(test_load_library_loads_a_shared_object)
{
    typedef double (*cos_fn)(double);
    HMODULE h = LoadLibraryA("libm.so.6"), again;
    cos_fn fn;
    char path[PATH_MAX];

    ck_assert_ptr_nonnull(h);
    ck_assert_ptr_eq(GetModuleHandleA("libm.so.6"), h);
    fn = (cos_fn)(void (*)(void))GetProcAddress(h, "cos");
    ck_assert_ptr_nonnull((void *)fn);
    ck_assert(fn(0.0) == 1.0);
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null((void *)GetProcAddress(h, "w32shim_no_such_symbol"));
    ck_assert_uint_eq(GetLastError(), ERROR_PROC_NOT_FOUND);
    ck_assert_uint_gt(GetModuleFileNameA(h, path, sizeof(path)), 0);
    ck_assert_ptr_nonnull(strstr(path, "libm"));
    again = LoadLibraryW(u"libm.so.6");
    ck_assert_ptr_eq(again, h);
    ck_assert(FreeLibrary(again));
    ck_assert_ptr_eq(GetModuleHandleA("libm.so.6"), h);
    ck_assert(FreeLibrary(h));
    SetLastError(0xdeadbeef);
    ck_assert_ptr_null(GetModuleHandleA("libm.so.6"));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    ck_assert(!FreeLibrary(h));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
}
END_TEST

START_TEST(test_get_module_handle_ex_counts_and_finds_addresses)
{
    HMODULE h = NULL, lib;

    ck_assert(GetModuleHandleExA(0, NULL, &h));
    ck_assert_ptr_eq(h, GetModuleHandleA(NULL));
    ck_assert(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
                                 (LPCSTR)(void *)test_get_module_handle_ex_counts_and_finds_addresses,
                                 &h));
    ck_assert_ptr_eq(h, GetModuleHandleA(NULL));
    ck_assert(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, u"ntdll", &h));
    ck_assert_ptr_eq(h, GetModuleHandleA("ntdll.dll"));
    lib = LoadLibraryA("libm.so.6");
    ck_assert(GetModuleHandleExA(0, "libm.so.6", &h));
    ck_assert_ptr_eq(h, lib);
    ck_assert(FreeLibrary(lib));
    ck_assert_ptr_eq(GetModuleHandleA("libm.so.6"), lib);
    ck_assert(FreeLibrary(lib));
    SetLastError(0xdeadbeef);
    ck_assert(!GetModuleHandleExA(0, "w32shim_no_such.dll", &h));
    ck_assert_ptr_null(h);
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
    SetLastError(0xdeadbeef);
    ck_assert(!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN |
                                      GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                                  NULL, &h));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0xdeadbeef);
    ck_assert(!GetModuleHandleExA(0, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_free_library_accepts_only_the_program)
{
    SetLastError(0xdeadbeef);
    ck_assert(FreeLibrary(GetModuleHandleA(NULL)));
    ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
    ck_assert_ptr_nonnull(GetModuleHandleA(NULL));
    SetLastError(0xdeadbeef);
    ck_assert(!FreeLibrary(NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    SetLastError(0xdeadbeef);
    ck_assert(!FreeLibrary((HMODULE)0x12340000));
    ck_assert_uint_eq(GetLastError(), ERROR_MOD_NOT_FOUND);
}
END_TEST

/* Runs fn with stderr sent to a pipe and returns what it wrote. */
static const char *capture_stderr(int (*fn)(void), int *result)
{
    static char out[256];
    int fds[2], saved = dup(STDERR_FILENO);
    ssize_t n;

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_ne(dup2(fds[1], STDERR_FILENO), -1);
    *result = fn();
    fflush(stderr);
    ck_assert_int_ne(dup2(saved, STDERR_FILENO), -1);
    close(fds[1]);
    close(saved);
    n = read(fds[0], out, sizeof(out) - 1);
    ck_assert_int_ge(n, 0);
    out[n] = '\0';
    close(fds[0]);
    return out;
}

static int box_a(void)
{
    return MessageBoxA(NULL, "Disk full", "Backup", MB_OK | MB_ICONERROR);
}

static int box_w(void)
{
    return MessageBoxW(NULL, u"caf\u00e9", NULL, MB_YESNO);
}

START_TEST(test_message_box_writes_to_stderr_and_returns_ok)
{
    int result;

    ck_assert_str_eq(capture_stderr(box_a, &result), "Backup: Disk full\n");
    ck_assert_int_eq(result, IDOK);
    ck_assert_str_eq(capture_stderr(box_w, &result), "Error: caf\xc3\xa9\n");
    ck_assert_int_eq(result, IDYES);
}
END_TEST

static int box_quiet(UINT type)
{
    int result;
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY);

    dup2(null, STDERR_FILENO);
    result = MessageBoxA(NULL, "q", "c", type);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(null);
    close(saved);
    return result;
}

START_TEST(test_message_box_returns_the_default_button)
{
    ck_assert_int_eq(box_quiet(MB_OKCANCEL | MB_DEFBUTTON2), IDCANCEL);
    ck_assert_int_eq(box_quiet(MB_YESNOCANCEL | MB_DEFBUTTON3), IDCANCEL);
    ck_assert_int_eq(box_quiet(MB_ABORTRETRYIGNORE), IDABORT);
    ck_assert_int_eq(box_quiet(MB_RETRYCANCEL), IDRETRY);
    ck_assert_int_eq(box_quiet(MB_OK | MB_DEFBUTTON3), IDOK);
}
END_TEST

START_TEST(test_message_beep_succeeds)
{
    ck_assert(MessageBeep(MB_ICONASTERISK));
    ck_assert(MessageBeep(0xFFFFFFFF));
}
END_TEST

static Suite *module_suite(void)
{
    Suite *s = suite_create("module");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_get_module_handle_null_is_the_program);
    tcase_add_test(tc, test_get_module_handle_of_an_unloaded_library_fails);
    tcase_add_test(tc, test_system_modules_are_found_by_any_spelling);
    tcase_add_test(tc, test_get_module_handle_of_the_program_name_is_the_program);
    tcase_add_test(tc, test_get_module_file_name_is_the_executable);
    tcase_add_test(tc, test_get_module_file_name_w_matches_the_a_form);
    tcase_add_test(tc, test_get_module_file_name_truncates_and_terminates);
    tcase_add_test(tc, test_get_module_file_name_zero_size_writes_nothing);
    tcase_add_test(tc, test_get_module_file_name_of_unknown_module_fails_untouched);
    tcase_add_test(tc, test_get_proc_address_finds_an_export_that_works);
    tcase_add_test(tc, test_get_proc_address_null_module_is_the_program);
    tcase_add_test(tc, test_get_proc_address_unknown_name_fails);
    tcase_add_test(tc, test_get_proc_address_by_ordinal_fails);
    tcase_add_test(tc, test_get_proc_address_on_unknown_module_fails);
    tcase_add_test(tc, test_get_proc_address_resolves_every_table_entry);
    tcase_add_test(tc, test_export_table_matches_the_symbol_file);
    tcase_add_test(tc, test_load_library_of_a_missing_file_fails_with_mod_not_found);
    tcase_add_test(tc, test_load_library_of_a_non_library_fails_with_bad_exe_format);
    tcase_add_test(tc, test_load_library_loads_a_shared_object);
    tcase_add_test(tc, test_get_module_handle_ex_counts_and_finds_addresses);
    tcase_add_test(tc, test_free_library_accepts_only_the_program);
    tcase_add_test(tc, test_message_box_writes_to_stderr_and_returns_ok);
    tcase_add_test(tc, test_message_box_returns_the_default_button);
    tcase_add_test(tc, test_message_beep_succeeds);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(module_suite)
