/*
 * A file copier on an I/O completion port, in the style of the Windows SDK
 * sample of that name ("MTCopy"/"IOCP file copy"): the source and the
 * destination are opened with FILE_FLAG_OVERLAPPED and associated with one
 * port, with keys that say which is which. PENDING reads of CHUNK bytes are
 * started at once at consecutive offsets; the loop takes completions from
 * the port: a finished read becomes a write of the same bytes at the same
 * offset, a finished write starts the read of the next chunk not yet read.
 * A read at the end of the file fails with ERROR_HANDLE_EOF, either at once
 * or through the port, and ends that chain.
 *
 * The program makes its own source file (deterministic contents), copies
 * it, compares the copy, and deletes both, so it prints the same on every
 * run.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define CHUNK (64 * 1024)
#define PENDING 8
#define FILE_BYTES (5 * 1024 * 1024 + 12345)   /* not a multiple of CHUNK */

enum { SOURCE_KEY = 1, TARGET_KEY = 2 };

typedef struct {
    OVERLAPPED ov;          /* first: the OVERLAPPED a packet gives back is the request */
    BYTE buf[CHUNK];
} IOREQ;

static TCHAR gszSource[MAX_PATH], gszTarget[MAX_PATH];
static LONGLONG gllNextRead;

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static BYTE ByteAt(LONGLONG offset)
{
    return (BYTE)(offset * 31 + offset / 4096);
}

static BOOL MakeSource(void)
{
    static BYTE block[CHUNK];
    HANDLE h = CreateFile(gszSource, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    LONGLONG off = 0;
    DWORD cb;

    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    while (off < FILE_BYTES) {
        DWORD n = (DWORD)min(CHUNK, FILE_BYTES - off);
        for (DWORD i = 0; i < n; i++)
            block[i] = ByteAt(off + i);
        if (!WriteFile(h, block, n, &cb, NULL))
            break;
        off += n;
    }
    CloseHandle(h);
    return off == FILE_BYTES;
}

static void SetOffset(OVERLAPPED *ov, LONGLONG offset)
{
    ov->Offset = (DWORD)offset;
    ov->OffsetHigh = (DWORD)(offset >> 32);
}

/* Starts the read of the next chunk into req; FALSE when the file is all read. */
static BOOL StartRead(HANDLE hSource, IOREQ *req, LONG *plPending)
{
    if (gllNextRead >= FILE_BYTES)
        return FALSE;
    ZeroMemory(&req->ov, sizeof(req->ov));
    SetOffset(&req->ov, gllNextRead);
    gllNextRead += CHUNK;
    if (!ReadFile(hSource, req->buf, CHUNK, NULL, &req->ov) &&
        GetLastError() != ERROR_IO_PENDING) {
        /* Fails at once (past the end): no packet will come for it. */
        return FALSE;
    }
    (*plPending)++;
    return TRUE;
}

static BOOL Compare(void)
{
    static BYTE block[CHUNK];
    HANDLE h = CreateFile(gszTarget, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    LONGLONG off = 0;
    DWORD cb;
    BOOL same = h != INVALID_HANDLE_VALUE;

    while (same && ReadFile(h, block, CHUNK, &cb, NULL) && cb) {
        for (DWORD i = 0; i < cb && same; i++)
            same = block[i] == ByteAt(off + i);
        off += cb;
    }
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    return same && off == FILE_BYTES;
}

int _tmain(int argc, TCHAR *argv[])
{
    static IOREQ reqs[PENDING];
    TCHAR szDir[MAX_PATH];
    HANDLE hSource, hTarget, hPort;
    LONG lPending = 0, lReads = 0, lWrites = 0;
    LARGE_INTEGER size;

    GetTempPath(MAX_PATH, szDir);
    StringCchPrintf(gszSource, MAX_PATH, TEXT("%siocp-src-%lu.bin"), szDir,
                    (unsigned long)GetCurrentProcessId());
    StringCchPrintf(gszTarget, MAX_PATH, TEXT("%siocp-dst-%lu.bin"), szDir,
                    (unsigned long)GetCurrentProcessId());
    if (!MakeSource())
        return Fail(TEXT("making the source"));
    _tprintf(TEXT("Source: %d bytes\n"), FILE_BYTES);

    hSource = CreateFile(gszSource, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                         FILE_FLAG_OVERLAPPED | FILE_FLAG_SEQUENTIAL_SCAN, NULL);
    hTarget = CreateFile(gszTarget, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                         FILE_FLAG_OVERLAPPED, NULL);
    if (hSource == INVALID_HANDLE_VALUE || hTarget == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateFile"));
    hPort = CreateIoCompletionPort(hSource, NULL, SOURCE_KEY, 1);
    if (!hPort || CreateIoCompletionPort(hTarget, hPort, TARGET_KEY, 1) != hPort)
        return Fail(TEXT("CreateIoCompletionPort"));

    for (int i = 0; i < PENDING; i++)
        StartRead(hSource, &reqs[i], &lPending);
    while (lPending > 0) {
        DWORD cb;
        ULONG_PTR key;
        OVERLAPPED *ov;
        BOOL ok = GetQueuedCompletionStatus(hPort, &cb, &key, &ov, INFINITE);
        IOREQ *req = (IOREQ *)ov;

        if (!ov)
            return Fail(TEXT("GetQueuedCompletionStatus"));
        lPending--;
        if (key == SOURCE_KEY) {
            if (!ok) {
                if (GetLastError() != ERROR_HANDLE_EOF)
                    return Fail(TEXT("ReadFile (completion)"));
                continue;               /* the end of the file: this chain is done */
            }
            lReads++;
            /* The write goes where the read came from: same offset, same bytes. */
            if (!WriteFile(hTarget, req->buf, cb, NULL, &req->ov) &&
                GetLastError() != ERROR_IO_PENDING)
                return Fail(TEXT("WriteFile"));
            lPending++;
        } else {
            if (!ok)
                return Fail(TEXT("WriteFile (completion)"));
            lWrites++;
            StartRead(hSource, req, &lPending);
        }
    }
    if (!GetFileSizeEx(hTarget, &size))
        return Fail(TEXT("GetFileSizeEx"));
    CloseHandle(hSource);
    CloseHandle(hTarget);
    CloseHandle(hPort);
    _tprintf(TEXT("Copy: %lld bytes in %ld reads and %ld writes, at most %d at a time\n"),
             size.QuadPart, (long)lReads, (long)lWrites, PENDING);
    _tprintf(TEXT("Compare: %s\n"), Compare() ? TEXT("the copy is identical") : TEXT("MISMATCH"));
    DeleteFile(gszSource);
    DeleteFile(gszTarget);
    return 0;
}
