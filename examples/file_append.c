/*
 * Appending to a shared file under a byte-range lock, in the style of the
 * Windows SDK's file samples (LockFileEx, "Appending One File to Another").
 *
 * Several threads each open their own handle to one file and append
 * fixed-size records to it. An append is a seek to the end of the file and
 * a write: two threads doing that at once could find the same end and
 * overwrite each other's record. So each append happens under an exclusive
 * LockFileEx lock on the whole file (offset 0, every byte up to 2^64 - 2);
 * the other threads' LockFileEx calls wait until UnlockFileEx. Before that
 * the main thread shows that a lock held through one handle makes a
 * LOCKFILE_FAIL_IMMEDIATELY request through another handle fail with
 * ERROR_LOCK_VIOLATION. At the end it reads the file back and checks that
 * every record is whole and that each thread's records are in order.
 *
 * The records are ASCII bytes, the same in the ANSI and the UNICODE build.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <string.h>

#define THREADCOUNT 4
#define RECORDS 20
#define RECORD_SIZE 19              /* "thread N record NN\n" */
#define FILE_BYTES (THREADCOUNT * RECORDS * RECORD_SIZE)

typedef struct _WRITER {
    int nIndex;
    int nAppended;
    LPCTSTR pszFailed;          /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} WRITER;

static TCHAR gszFileName[MAX_PATH];
static WRITER gWriters[THREADCOUNT];

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static DWORD WriterFailed(WRITER *pWriter, LPCTSTR pszCall)
{
    pWriter->pszFailed = pszCall;
    pWriter->dwError = GetLastError();
    return pWriter->dwError ? pWriter->dwError : 1;
}

static HANDLE OpenShared(void)
{
    return CreateFile(gszFileName, GENERIC_READ | GENERIC_WRITE,
                      FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                      FILE_ATTRIBUTE_NORMAL, NULL);
}

static BOOL LockWholeFile(HANDLE hFile, DWORD dwFlags)
{
    OVERLAPPED ov;

    ZeroMemory(&ov, sizeof(ov));    /* the lock starts at offset 0 */
    return LockFileEx(hFile, dwFlags, 0, MAXDWORD, MAXDWORD, &ov);
}

static BOOL UnlockWholeFile(HANDLE hFile)
{
    OVERLAPPED ov;

    ZeroMemory(&ov, sizeof(ov));
    return UnlockFileEx(hFile, 0, MAXDWORD, MAXDWORD, &ov);
}

static DWORD AppendRecord(WRITER *pWriter, HANDLE hFile, int nRecord)
{
    CHAR szRecord[RECORD_SIZE + 1];
    DWORD dwWritten;
    DWORD dwResult = ERROR_SUCCESS;

    StringCchPrintfA(szRecord, ARRAYSIZE(szRecord), "thread %d record %02d\n", pWriter->nIndex,
                     nRecord);

    if (!LockWholeFile(hFile, LOCKFILE_EXCLUSIVE_LOCK))
        return WriterFailed(pWriter, TEXT("LockFileEx"));
    if (SetFilePointer(hFile, 0, NULL, FILE_END) == INVALID_SET_FILE_POINTER)
        dwResult = WriterFailed(pWriter, TEXT("SetFilePointer"));
    else if (!WriteFile(hFile, szRecord, RECORD_SIZE, &dwWritten, NULL))
        dwResult = WriterFailed(pWriter, TEXT("WriteFile"));
    else if (dwWritten != RECORD_SIZE)
        dwResult = WriterFailed(pWriter, TEXT("WriteFile (short write)"));
    else
        pWriter->nAppended++;
    if (!UnlockWholeFile(hFile) && dwResult == ERROR_SUCCESS)
        dwResult = WriterFailed(pWriter, TEXT("UnlockFileEx"));
    return dwResult;
}

static DWORD WINAPI WriterThread(LPVOID lpParam)
{
    WRITER *pWriter = (WRITER *)lpParam;
    DWORD dwResult = ERROR_SUCCESS;
    HANDLE hFile;
    int i;

    hFile = OpenShared();
    if (hFile == INVALID_HANDLE_VALUE)
        return WriterFailed(pWriter, TEXT("CreateFile"));
    for (i = 0; i < RECORDS && dwResult == ERROR_SUCCESS; i++)
        dwResult = AppendRecord(pWriter, hFile, i);
    if (!CloseHandle(hFile) && dwResult == ERROR_SUCCESS)
        dwResult = WriterFailed(pWriter, TEXT("CloseHandle"));
    return dwResult;
}

static int CreateEmptyFile(void)
{
    TCHAR szTempPath[MAX_PATH];
    HANDLE hFile;
    DWORD dwLen;

    dwLen = GetTempPath(ARRAYSIZE(szTempPath), szTempPath);
    if (dwLen == 0 || dwLen >= ARRAYSIZE(szTempPath))
        return Fail(TEXT("GetTempPath"));
    /* The process id keeps two runs at the same time apart; it is never printed. */
    if (FAILED(StringCchPrintf(gszFileName, ARRAYSIZE(gszFileName),
                               TEXT("%sw32shim-example-append-%lu.txt"), szTempPath,
                               (unsigned long)GetCurrentProcessId())))
        return Fail(TEXT("StringCchPrintf"));

    hFile = CreateFile(gszFileName, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE) {
        gszFileName[0] = TEXT('\0');
        return Fail(TEXT("CreateFile"));
    }
    if (!CloseHandle(hFile))
        return Fail(TEXT("CloseHandle"));
    _tprintf(TEXT("Created an empty file\n"));
    return 0;
}

/* A lock is held per handle: another handle to the same file must wait for it. */
static int ShowLockConflict(void)
{
    HANDLE hFirst, hSecond;
    int nResult = 0;

    hFirst = OpenShared();
    if (hFirst == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateFile"));
    hSecond = OpenShared();
    if (hSecond == INVALID_HANDLE_VALUE) {
        CloseHandle(hFirst);
        return Fail(TEXT("CreateFile"));
    }

    if (!LockWholeFile(hFirst, LOCKFILE_EXCLUSIVE_LOCK)) {
        nResult = Fail(TEXT("LockFileEx"));
    } else if (LockWholeFile(hSecond, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY)) {
        _tprintf(TEXT("A second handle locked the file while the first held the lock\n"));
        nResult = 1;
    } else {
        _tprintf(TEXT("While one handle held the lock, LockFileEx on another failed at once"
                      " with error %lu\n"), (unsigned long)GetLastError());
        nResult = GetLastError() != ERROR_LOCK_VIOLATION;
    }

    if (nResult == 0 && !UnlockWholeFile(hFirst))
        nResult = Fail(TEXT("UnlockFileEx"));
    if (nResult == 0 &&
        !LockWholeFile(hSecond, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY))
        nResult = Fail(TEXT("LockFileEx(after the unlock)"));
    if (nResult == 0 && !UnlockWholeFile(hSecond))
        nResult = Fail(TEXT("UnlockFileEx"));
    if (nResult == 0)
        _tprintf(TEXT("Once it was unlocked, the other handle could lock it\n"));
    CloseHandle(hSecond);
    CloseHandle(hFirst);
    return nResult;
}

static int RunWriters(void)
{
    HANDLE ahThreads[THREADCOUNT];
    int nFailed = 0;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        gWriters[i].nIndex = i;
        ahThreads[i] = CreateThread(NULL, 0, WriterThread, &gWriters[i], 0, NULL);
        if (ahThreads[i] == NULL)
            return Fail(TEXT("CreateThread"));
    }
    _tprintf(TEXT("Started %d threads appending %d records each\n"), THREADCOUNT, RECORDS);
    if (WaitForMultipleObjects(THREADCOUNT, ahThreads, TRUE, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects"));

    for (i = 0; i < THREADCOUNT; i++) {
        WRITER *pWriter = &gWriters[i];

        CloseHandle(ahThreads[i]);
        if (pWriter->pszFailed != NULL) {
            _tprintf(TEXT("Thread %d: %s failed (error %lu)\n"), i, pWriter->pszFailed,
                     (unsigned long)pWriter->dwError);
            nFailed++;
            continue;
        }
        _tprintf(TEXT("Thread %d appended %d records\n"), i, pWriter->nAppended);
    }
    return nFailed != 0;
}

/* Every record whole, and each thread's records 00, 01, ... in that order. */
static int CheckRecords(const CHAR *pchFile, DWORD cbFile)
{
    int anNext[THREADCOUNT] = { 0 };
    CHAR szExpected[RECORD_SIZE + 1];
    DWORD dwOffset;
    int nThread;
    int i;

    for (dwOffset = 0; dwOffset + RECORD_SIZE <= cbFile; dwOffset += RECORD_SIZE) {
        nThread = pchFile[dwOffset + 7] - '0';
        if (nThread < 0 || nThread >= THREADCOUNT || anNext[nThread] >= RECORDS)
            break;
        StringCchPrintfA(szExpected, ARRAYSIZE(szExpected), "thread %d record %02d\n", nThread,
                         anNext[nThread]);
        if (memcmp(pchFile + dwOffset, szExpected, RECORD_SIZE) != 0)
            break;
        anNext[nThread]++;
    }
    if (dwOffset != cbFile) {
        _tprintf(TEXT("The record at offset %lu is damaged or out of order\n"),
                 (unsigned long)dwOffset);
        return 1;
    }
    for (i = 0; i < THREADCOUNT; i++) {
        _tprintf(TEXT("The file holds %d records of thread %d, in order\n"), anNext[i], i);
        if (anNext[i] != RECORDS)
            return 1;
    }
    return 0;
}

static int ReadBack(void)
{
    static CHAR chFile[FILE_BYTES + 1];
    DWORD dwSize, dwRead;
    HANDLE hFile;
    int nResult;

    hFile = CreateFile(gszFileName, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateFile"));
    dwSize = GetFileSize(hFile, NULL);
    if (dwSize == INVALID_FILE_SIZE) {
        CloseHandle(hFile);
        return Fail(TEXT("GetFileSize"));
    }
    _tprintf(TEXT("The file is %lu bytes long (expected %d)\n"), (unsigned long)dwSize,
             FILE_BYTES);
    if (!ReadFile(hFile, chFile, sizeof(chFile), &dwRead, NULL)) {
        CloseHandle(hFile);
        return Fail(TEXT("ReadFile"));
    }
    CloseHandle(hFile);
    if (dwSize != FILE_BYTES || dwRead != dwSize) {
        _tprintf(TEXT("Read %lu bytes\n"), (unsigned long)dwRead);
        return 1;
    }
    nResult = CheckRecords(chFile, dwRead);
    if (nResult == 0)
        _tprintf(TEXT("Every record is whole\n"));
    return nResult;
}

int _tmain(int argc, TCHAR *argv[])
{
    int nResult;

    nResult = CreateEmptyFile();
    if (nResult == 0)
        nResult = ShowLockConflict();
    if (nResult == 0)
        nResult = RunWriters();
    if (nResult == 0)
        nResult = ReadBack();
    if (gszFileName[0] != TEXT('\0') && !DeleteFile(gszFileName) && nResult == 0)
        nResult = Fail(TEXT("DeleteFile"));
    if (nResult == 0)
        _tprintf(TEXT("Deleted the file\n"));
    return nResult;
}
