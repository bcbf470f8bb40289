/*
 * main() for programs whose entry point is wmain: _tmain with _UNICODE, as
 * mingw-w64's -municode startup provides it. This file is the whole of
 * libw32shim-wmain.a, which w32shim.pc lists before libw32shim: the linker
 * takes it only into a program that defines no main of its own.
 *
 * The arguments are converted from UTF-8 to UTF-16 by MultiByteToWideChar:
 * an ill-formed sequence in an argument becomes U+FFFD.
 */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int wmain(int argc, WCHAR **argv);

static WCHAR *widen(const char *arg)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, arg, -1, NULL, 0);
    WCHAR *wide = n > 0 ? malloc((size_t)n * sizeof(WCHAR)) : NULL;

    if (wide && MultiByteToWideChar(CP_UTF8, 0, arg, -1, wide, n) != n) {
        free(wide);
        wide = NULL;
    }
    return wide;
}

int main(int argc, char **argv)
{
    WCHAR **wargv = calloc((size_t)argc + 1, sizeof(*wargv));
    int result;

    if (!wargv) {
        fputs("out of memory converting the arguments to UTF-16\n", stderr);
        return 1;
    }
    for (int i = 0; i < argc; i++) {
        wargv[i] = widen(argv[i]);
        if (!wargv[i]) {
            fputs("out of memory converting the arguments to UTF-16\n", stderr);
            return 1;
        }
    }
    result = wmain(argc, wargv);
    for (int i = 0; i < argc; i++)
        free(wargv[i]);
    free(wargv);
    return result;
}
