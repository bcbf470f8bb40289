/* textstats: lines, words and bytes of files, counted one thread per file. */
#ifndef TEXTSTATS_H
#define TEXTSTATS_H

#include <windows.h>

struct file_stats {
    const TCHAR *path;
    DWORD lines, words;
    ULONGLONG bytes;
    DWORD error;            /* ERROR_SUCCESS, or why the file could not be read */
};

/* Counts the file of *arg (a struct file_stats), as a _beginthreadex thread. */
unsigned __stdcall count_file(void *arg);

#endif
