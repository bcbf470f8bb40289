/*
 * libFuzzer target: the command-line splitter of lib/cmdline.c. Properties,
 * on any input: no crash; joining the arguments and splitting the result
 * gives them back (w32_join_command_line's promise).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"

static void free_argv(char **argv)
{
    for (char **a = argv; *a; a++)
        free(*a);
    free(argv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1), *joined, **argv, **again;
    size_t argc = 0;

    memcpy(line, data, size);
    line[size] = 0;
    argv = w32_split_command_line(line);
    free(line);
    if (!argv)
        return 0;
    while (argv[argc])
        argc++;
    joined = w32_join_command_line(argv, argc);
    again = joined ? w32_split_command_line(joined) : NULL;
    if (again) {
        for (size_t i = 0; i <= argc; i++)
            if (!again[i] != !argv[i] || (argv[i] && strcmp(again[i], argv[i])))
                abort();
        free_argv(again);
    }
    free(joined);
    free_argv(argv);
    return 0;
}
