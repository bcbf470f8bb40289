/*
 * libFuzzer target: the path mapping of lib/path.c. Properties, on any
 * input: no crash; an absolute mapping starts with '/'; outside verbatim
 * (\\?\) paths, no "." or ".." component and no empty one is left; and
 * mapping a result again changes nothing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "path.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    setenv("W32SHIM_DRIVE_D", "/mnt/d", 1);
    return chdir("/tmp");
}

/* Whether the POSIX path p has an empty, "." or ".." component (a trailing '/' aside). */
static int has_dot_component(const char *p)
{
    for (const char *c = p; *c;) {
        size_t n = strcspn(c, "/");
        if ((n == 0 && c != p && c[0]) || (n == 1 && c[0] == '.' && p[1]) ||
            (n == 2 && c[0] == '.' && c[1] == '.'))
            return 1;
        c += n;
        if (*c)
            c++;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned flags[] = { 0, W32_PATH_ABSOLUTE, W32_PATH_NO_DEVICE };
    char *name = malloc(size + 1);

    memcpy(name, data, size);
    name[size] = 0;
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        char *p = w32_path_to_posix(name, flags[i]), *again;
        if (!p)
            continue;
        if ((flags[i] & W32_PATH_ABSOLUTE) && p[0] != '/')
            abort();
        if (strncmp(name, "\\\\?\\", 4) != 0) {
            if (has_dot_component(p))
                abort();
            again = w32_path_to_posix(p, flags[i]);
            if (again && strcmp(again, p) && !strchr(p, '\\') && !strchr(p, ':'))
                abort();
            free(again);
        }
        free(p);
    }
    free(name);
    return 0;
}
