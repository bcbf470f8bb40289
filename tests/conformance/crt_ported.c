/*
 * Conformance: the C library's path functions in a Windows build (against
 * w32shim: built with _WIN32, as w32shim-cc builds ported code): fopen,
 * freopen, remove, rename, open, creat, stat, access, unlink, chmod,
 * one-argument mkdir, rmdir, chdir take Windows paths, and Microsoft's old
 * names (stricmp, strlwr, itoa, setmode, ...) exist.
 */
#include "conformance.h"
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[64];

static const char *in_dir(const char *name, char *buf)
{
    snprintf(buf, MAX_PATH, "%s\\%s", dir, name);
    return buf;
}

static void test_stdio_paths(void)
{
    char a[MAX_PATH], b[MAX_PATH], line[16];
    FILE *f;

    snprintf(dir, sizeof(dir), "w32shim_ported_%lu", (unsigned long)GetCurrentProcessId());
    ok(mkdir(dir) == 0, "mkdir with one argument");
    f = fopen(in_dir("a.txt", a), "wt");
    ok(f != NULL, "fopen of dir\\a.txt");
    if (f) {
        fputs("hello", f);
        fclose(f);
    }
    ok(rename(a, in_dir("b.txt", b)) == 0, "rename with backslashes");
    f = fopen(b, "rb");
    ok(f && fgets(line, sizeof(line), f) && strcmp(line, "hello") == 0, "the file moved");
    if (f)
        f = freopen(b, "ab", f);
    ok(f != NULL, "freopen");
    if (f)
        fclose(f);
    ok(remove(b) == 0, "remove");
    errno = 0;
    ok(remove(b) == -1 && errno == ENOENT, "remove again: ENOENT");
}

static void test_posix_paths(void)
{
    char a[MAX_PATH], sub[MAX_PATH], cwd[MAX_PATH];
    struct stat st;
    int fd;

    fd = open(in_dir("c.bin", a), O_CREAT | O_WRONLY | O_BINARY, S_IREAD | S_IWRITE);
    ok(fd >= 0 && write(fd, "12345", 5) == 5, "open with a backslash path");
    close(fd);
    ok(stat(a, &st) == 0 && st.st_size == 5, "stat");
    ok(access(a, 0) == 0, "access");
    ok(chmod(a, S_IREAD | S_IWRITE) == 0, "chmod");
    fd = creat(in_dir("d.bin", sub), S_IREAD | S_IWRITE);
    ok(fd >= 0, "creat");
    close(fd);
    ok(unlink(sub) == 0 && unlink(a) == 0, "unlink");
    ok(access(a, 0) == -1, "gone");
    ok(getcwd(cwd, sizeof(cwd)) != NULL && chdir(dir) == 0, "chdir");
    ok(chdir("..") == 0, "chdir back");
    ok(mkdir(in_dir("sub", sub)) == 0 && rmdir(sub) == 0, "mkdir and rmdir of dir\\sub");
    ok(rmdir(dir) == 0, "rmdir");
}

static void test_old_names(void)
{
    char s[] = "MiXeD", buf[16];
    int fd;

    ok(stricmp("abc", "ABC") == 0 && strnicmp("abX", "ABy", 2) == 0, "stricmp and strnicmp");
    ok(strcmp(strlwr(s), "mixed") == 0 && strcmp(strupr(s), "MIXED") == 0, "strlwr and strupr");
    ok(strcmp(itoa(255, buf, 16), "ff") == 0, "itoa");
    fd = _open("NUL", _O_RDWR);
    ok(setmode(fd, _O_BINARY) == _O_TEXT, "setmode");
    _close(fd);
}

/* Code written for Microsoft's compiler declares _alloca itself, without
 * <malloc.h>, and that compiler knows it (mingw-w64's code includes the
 * header instead). */
#ifndef __MINGW32__
void *__cdecl _alloca(size_t);
#endif

static void test_self_declared_alloca(void)
{
    char *p = _alloca(64);

    memset(p, 'z', 64);
    ok(p[0] == 'z' && p[63] == 'z', "_alloca gives 64 bytes of stack");
}

CONFORMANCE_MAIN(test_self_declared_alloca, test_stdio_paths, test_posix_paths, test_old_names)
