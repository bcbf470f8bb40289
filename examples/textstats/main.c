/*
 * textstats: prints the lines, words and bytes of each file named on the
 * command line, and their totals, counting each file on a thread of its
 * own. A Windows program: _tmain, TCHAR, _beginthreadex, CreateFile,
 * WaitForMultipleObjects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <process.h>
#include <tchar.h>
#include "textstats.h"

#ifdef _WIN32
#define BUILT_FOR "Windows"
#else
#define BUILT_FOR "something else"
#endif

int _tmain(int argc, TCHAR *argv[])
{
    struct file_stats stats[MAXIMUM_WAIT_OBJECTS] = { 0 };
    HANDLE threads[MAXIMUM_WAIT_OBJECTS];
    int files = argc - 1, failed = 0;
    ULONGLONG lines = 0, words = 0, bytes = 0;

    if (files < 1 || files > MAXIMUM_WAIT_OBJECTS) {
        fprintf(stderr, "usage: textstats FILE...\n");
        return 2;
    }
    for (int i = 0; i < files; i++) {
        stats[i].path = argv[i + 1];
        threads[i] = (HANDLE)_beginthreadex(NULL, 0, count_file, &stats[i], 0, NULL);
        if (!threads[i]) {
            fprintf(stderr, "textstats: cannot start a thread\n");
            return 1;
        }
    }
    WaitForMultipleObjects((DWORD)files, threads, TRUE, INFINITE);
    for (int i = 0; i < files; i++) {
        CloseHandle(threads[i]);
        if (stats[i].error) {
            printf("file %d: error %lu\n", i + 1, (unsigned long)stats[i].error);
            failed = 1;
            continue;
        }
        printf("file %d: %lu lines, %lu words, %llu bytes\n", i + 1,
               (unsigned long)stats[i].lines, (unsigned long)stats[i].words, stats[i].bytes);
        lines += stats[i].lines;
        words += stats[i].words;
        bytes += stats[i].bytes;
    }
    printf("total: %llu lines, %llu words, %llu bytes\n", lines, words, bytes);
    printf("built for %s\n", BUILT_FOR);
    return failed;
}
