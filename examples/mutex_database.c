/*
 * A named mutex guarding a shared "database", in the style of the Windows
 * SDK sample "Using Mutex Objects".
 *
 * The database is one record in a file: a balance and how many updates
 * each writer made. The main thread creates a named mutex and the file,
 * then starts the writer threads. Each writer opens the mutex by creating
 * it again under the same name (and so gets ERROR_ALREADY_EXISTS), opens
 * its own handle to the file, and updates the record many times: wait for
 * the mutex, read the record, change it, write it back, release the mutex.
 * Without the mutex two writers could read the same record and one update
 * would be lost; with it, the totals come out exact.
 *
 * The writers print nothing: the main thread prints what they recorded
 * after they have ended, so the output is the same on every run.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define WRITERS 4
#define UPDATES 25
#define START_BALANCE 1000

typedef struct _RECORD {
    LONG lBalance;
    DWORD dwUpdates;
    DWORD adwByWriter[WRITERS];
} RECORD;

typedef struct _WRITER {
    int nIndex;
    BOOL fMutexExisted;         /* CreateMutex said ERROR_ALREADY_EXISTS */
    LONG lDeposited;
    LPCTSTR pszFailed;          /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} WRITER;

static TCHAR gszMutexName[64];
static TCHAR gszDatabase[MAX_PATH];
static WRITER gWriters[WRITERS];

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

static BOOL ReadRecord(HANDLE hFile, RECORD *pRecord)
{
    DWORD dwRead;

    if (SetFilePointer(hFile, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER)
        return FALSE;
    if (!ReadFile(hFile, pRecord, sizeof(*pRecord), &dwRead, NULL))
        return FALSE;
    if (dwRead != sizeof(*pRecord)) {
        SetLastError(ERROR_HANDLE_EOF);
        return FALSE;
    }
    return TRUE;
}

static BOOL WriteRecord(HANDLE hFile, const RECORD *pRecord)
{
    DWORD dwWritten;

    if (SetFilePointer(hFile, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER)
        return FALSE;
    if (!WriteFile(hFile, pRecord, sizeof(*pRecord), &dwWritten, NULL))
        return FALSE;
    if (dwWritten != sizeof(*pRecord)) {
        SetLastError(ERROR_WRITE_FAULT);
        return FALSE;
    }
    return TRUE;
}

/* One update of the record, made while this writer owns the mutex. */
static DWORD UpdateDatabase(WRITER *pWriter, HANDLE hMutex, HANDLE hFile)
{
    RECORD record;
    DWORD dwResult = ERROR_SUCCESS;

    switch (WaitForSingleObject(hMutex, INFINITE)) {
    case WAIT_OBJECT_0:
        break;
    case WAIT_ABANDONED:
        SetLastError(ERROR_SUCCESS);
        return WriterFailed(pWriter, TEXT("WaitForSingleObject (abandoned)"));
    default:
        return WriterFailed(pWriter, TEXT("WaitForSingleObject"));
    }

    if (!ReadRecord(hFile, &record)) {
        dwResult = WriterFailed(pWriter, TEXT("ReadFile"));
    } else {
        record.lBalance += pWriter->nIndex + 1;
        record.dwUpdates++;
        record.adwByWriter[pWriter->nIndex]++;
        if (WriteRecord(hFile, &record))
            pWriter->lDeposited += pWriter->nIndex + 1;
        else
            dwResult = WriterFailed(pWriter, TEXT("WriteFile"));
    }

    if (!ReleaseMutex(hMutex) && dwResult == ERROR_SUCCESS)
        dwResult = WriterFailed(pWriter, TEXT("ReleaseMutex"));
    return dwResult;
}

static DWORD WINAPI WriterThread(LPVOID lpParam)
{
    WRITER *pWriter = (WRITER *)lpParam;
    HANDLE hMutex;
    HANDLE hFile;
    DWORD dwResult = ERROR_SUCCESS;
    int i;

    hMutex = CreateMutex(NULL, FALSE, gszMutexName);
    if (hMutex == NULL)
        return WriterFailed(pWriter, TEXT("CreateMutex"));
    pWriter->fMutexExisted = GetLastError() == ERROR_ALREADY_EXISTS;

    hFile = CreateFile(gszDatabase, GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE) {
        dwResult = WriterFailed(pWriter, TEXT("CreateFile"));
        CloseHandle(hMutex);
        return dwResult;
    }

    for (i = 0; i < UPDATES && dwResult == ERROR_SUCCESS; i++)
        dwResult = UpdateDatabase(pWriter, hMutex, hFile);

    if (!CloseHandle(hFile) && dwResult == ERROR_SUCCESS)
        dwResult = WriterFailed(pWriter, TEXT("CloseHandle(file)"));
    if (!CloseHandle(hMutex) && dwResult == ERROR_SUCCESS)
        dwResult = WriterFailed(pWriter, TEXT("CloseHandle(mutex)"));
    return dwResult;
}

static int CreateDatabase(HANDLE *phMutex)
{
    TCHAR szTempPath[MAX_PATH];
    RECORD record;
    HANDLE hFile;
    DWORD dwLen;

    /* The process id keeps two runs at the same time apart; it is never printed. */
    if (FAILED(StringCchPrintf(gszMutexName, ARRAYSIZE(gszMutexName),
                               TEXT("w32shim-example-database-%lu"),
                               (unsigned long)GetCurrentProcessId())))
        return Fail(TEXT("StringCchPrintf"));
    dwLen = GetTempPath(ARRAYSIZE(szTempPath), szTempPath);
    if (dwLen == 0 || dwLen >= ARRAYSIZE(szTempPath))
        return Fail(TEXT("GetTempPath"));
    if (FAILED(StringCchPrintf(gszDatabase, ARRAYSIZE(gszDatabase),
                               TEXT("%sw32shim-example-database-%lu.dat"), szTempPath,
                               (unsigned long)GetCurrentProcessId())))
        return Fail(TEXT("StringCchPrintf"));

    *phMutex = CreateMutex(NULL, FALSE, gszMutexName);
    if (*phMutex == NULL)
        return Fail(TEXT("CreateMutex"));
    if (GetLastError() == ERROR_ALREADY_EXISTS) {
        _tprintf(TEXT("The database mutex already existed\n"));
        return 1;
    }

    hFile = CreateFile(gszDatabase, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateFile"));
    ZeroMemory(&record, sizeof(record));
    record.lBalance = START_BALANCE;
    if (!WriteRecord(hFile, &record)) {
        Fail(TEXT("WriteFile"));
        CloseHandle(hFile);
        return 1;
    }
    if (!CloseHandle(hFile))
        return Fail(TEXT("CloseHandle(file)"));

    _tprintf(TEXT("Created the database mutex and a database holding balance %d\n"),
             START_BALANCE);
    return 0;
}

static int RunWriters(void)
{
    HANDLE ahThreads[WRITERS];
    DWORD dwExitCode;
    int nFailed = 0;
    int i;

    for (i = 0; i < WRITERS; i++) {
        gWriters[i].nIndex = i;
        ahThreads[i] = CreateThread(NULL, 0, WriterThread, &gWriters[i], 0, NULL);
        if (ahThreads[i] == NULL)
            return Fail(TEXT("CreateThread"));
    }
    _tprintf(TEXT("Started %d writers of %d updates each\n"), WRITERS, UPDATES);

    if (WaitForMultipleObjects(WRITERS, ahThreads, TRUE, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects"));

    for (i = 0; i < WRITERS; i++) {
        WRITER *pWriter = &gWriters[i];

        if (!GetExitCodeThread(ahThreads[i], &dwExitCode))
            return Fail(TEXT("GetExitCodeThread"));
        CloseHandle(ahThreads[i]);
        if (pWriter->pszFailed != NULL) {
            _tprintf(TEXT("Writer %d: %s failed (error %lu)\n"), i, pWriter->pszFailed,
                     (unsigned long)pWriter->dwError);
            nFailed++;
            continue;
        }
        _tprintf(TEXT("Writer %d %s, deposited %ld, exit code %lu\n"), i,
                 pWriter->fMutexExisted ? TEXT("opened the existing mutex")
                                        : TEXT("created a new mutex"),
                 (long)pWriter->lDeposited, (unsigned long)dwExitCode);
        if (!pWriter->fMutexExisted || dwExitCode != 0)
            nFailed++;
    }
    return nFailed != 0;
}

static int CheckDatabase(HANDLE hMutex)
{
    LONG lExpected = START_BALANCE;
    RECORD record;
    HANDLE hFile;
    int i;

    if (WaitForSingleObject(hMutex, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject"));
    hFile = CreateFile(gszDatabase, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (hFile == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateFile"));
    if (!ReadRecord(hFile, &record)) {
        Fail(TEXT("ReadFile"));
        CloseHandle(hFile);
        return 1;
    }
    CloseHandle(hFile);
    if (!ReleaseMutex(hMutex))
        return Fail(TEXT("ReleaseMutex"));

    for (i = 0; i < WRITERS; i++) {
        lExpected += UPDATES * (i + 1);
        _tprintf(TEXT("The database counts %lu updates by writer %d\n"),
                 (unsigned long)record.adwByWriter[i], i);
        if (record.adwByWriter[i] != UPDATES)
            return 1;
    }
    _tprintf(TEXT("The database holds %lu updates (expected %d) and balance %ld (expected %ld)\n"),
             (unsigned long)record.dwUpdates, WRITERS * UPDATES, (long)record.lBalance,
             (long)lExpected);
    return record.dwUpdates != WRITERS * UPDATES || record.lBalance != lExpected;
}

/* A named object lives while a handle to it is open, and no longer. */
static int CloseMutex(HANDLE hMutex)
{
    HANDLE hOpened;

    hOpened = OpenMutex(SYNCHRONIZE, FALSE, gszMutexName);
    if (hOpened == NULL)
        return Fail(TEXT("OpenMutex"));
    _tprintf(TEXT("OpenMutex found the mutex by its name\n"));
    if (!CloseHandle(hOpened) || !CloseHandle(hMutex))
        return Fail(TEXT("CloseHandle(mutex)"));

    hOpened = OpenMutex(SYNCHRONIZE, FALSE, gszMutexName);
    if (hOpened != NULL) {
        _tprintf(TEXT("The mutex outlived its last handle\n"));
        CloseHandle(hOpened);
        return 1;
    }
    _tprintf(TEXT("After the last handle closed, OpenMutex failed with error %lu\n"),
             (unsigned long)GetLastError());
    return GetLastError() != ERROR_FILE_NOT_FOUND;
}

int _tmain(int argc, TCHAR *argv[])
{
    HANDLE hMutex = NULL;
    int nResult;

    nResult = CreateDatabase(&hMutex);
    if (nResult == 0)
        nResult = RunWriters();
    if (nResult == 0)
        nResult = CheckDatabase(hMutex);
    if (nResult == 0)
        nResult = CloseMutex(hMutex);
    if (gszDatabase[0] != TEXT('\0') && !DeleteFile(gszDatabase) && nResult == 0)
        nResult = Fail(TEXT("DeleteFile"));
    if (nResult == 0)
        _tprintf(TEXT("Deleted the database file\n"));
    return nResult;
}
