/* textstats: counting one file with CreateFile and ReadFile. */
#include "textstats.h"

static BOOL is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

unsigned __stdcall count_file(void *arg)
{
    struct file_stats *stats = (struct file_stats *)arg;
    HANDLE file = CreateFile(stats->path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                             FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    char buf[4096];
    DWORD got;
    BOOL in_word = FALSE;

    if (file == INVALID_HANDLE_VALUE) {
        stats->error = GetLastError();
        return 1;
    }
    while (ReadFile(file, buf, sizeof(buf), &got, NULL) && got > 0) {
        for (DWORD i = 0; i < got; i++) {
            if (buf[i] == '\n')
                stats->lines++;
            if (is_space(buf[i]))
                in_word = FALSE;
            else if (!in_word) {
                in_word = TRUE;
                stats->words++;
            }
        }
        stats->bytes += got;
    }
    CloseHandle(file);
    return 0;
}
