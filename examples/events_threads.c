/*
 * Event objects, threads, a mutex and a semaphore, in the style of the
 * Windows SDK sample "Using Event Objects".
 *
 * The master thread writes to a shared buffer and sets a manual-reset write
 * event. Every reader thread waits for that event, reads the buffer, waits
 * for the semaphore (so that at most MAX_WORKERS readers work at once), adds
 * to a counter guarded by a mutex, and sets its own auto-reset "done" event.
 * The master waits for all the done events at once, then for all the threads.
 *
 * The readers print nothing: each one records what it did, and the master
 * prints the records after the threads have ended, so the output is the same
 * on every run. The program returns 0 when every call succeeded. Its text is
 * TCHAR throughout, so the same source builds for ANSI and for UNICODE.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define THREADCOUNT 4
#define MAX_WORKERS 2
#define BUFSIZE 64

typedef struct _READER {
    int nIndex;
    TCHAR szRead[BUFSIZE];      /* what the reader found in the buffer */
    LONG lAdded;                /* what it added to the counter */
    LPCTSTR pszFailed;          /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} READER;

static HANDLE ghWriteEvent;
static HANDLE ghDoneEvents[THREADCOUNT];
static HANDLE ghThreads[THREADCOUNT];
static HANDLE ghCounterMutex;
static HANDLE ghWorkerSemaphore;

static TCHAR gBuffer[BUFSIZE];
static LONG gCounter;               /* guarded by ghCounterMutex */
static LONG volatile gActive;       /* readers between the semaphore's wait and release */
static LONG volatile gOverLimit;    /* set if more than MAX_WORKERS were ever active */

static READER gReaders[THREADCOUNT];

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static DWORD ReaderFailed(READER *pReader, LPCTSTR pszCall)
{
    pReader->pszFailed = pszCall;
    pReader->dwError = GetLastError();
    return pReader->dwError ? pReader->dwError : 1;
}

/* The part of a reader's work that the semaphore limits. */
static DWORD Work(READER *pReader)
{
    if (InterlockedIncrement(&gActive) > MAX_WORKERS)
        InterlockedExchange(&gOverLimit, 1);
    Sleep(5);       /* long enough for the other readers to pile up */

    if (WaitForSingleObject(ghCounterMutex, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, TEXT("WaitForSingleObject(mutex)"));
    pReader->lAdded = pReader->nIndex + 1;
    gCounter += pReader->lAdded;
    if (!ReleaseMutex(ghCounterMutex))
        return ReaderFailed(pReader, TEXT("ReleaseMutex"));

    InterlockedDecrement(&gActive);
    return ERROR_SUCCESS;
}

static DWORD WINAPI ThreadProc(LPVOID lpParam)
{
    READER *pReader = (READER *)lpParam;
    DWORD dwResult;

    if (WaitForSingleObject(ghWriteEvent, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, TEXT("WaitForSingleObject(write event)"));
    StringCchCopy(pReader->szRead, BUFSIZE, gBuffer);

    if (WaitForSingleObject(ghWorkerSemaphore, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, TEXT("WaitForSingleObject(semaphore)"));
    dwResult = Work(pReader);
    if (!ReleaseSemaphore(ghWorkerSemaphore, 1, NULL) && dwResult == ERROR_SUCCESS)
        return ReaderFailed(pReader, TEXT("ReleaseSemaphore"));
    if (dwResult != ERROR_SUCCESS)
        return dwResult;

    if (!SetEvent(ghDoneEvents[pReader->nIndex]))
        return ReaderFailed(pReader, TEXT("SetEvent(done event)"));
    return ERROR_SUCCESS;
}

static int CreateObjects(void)
{
    int i;

    /*
     * Manual reset: one SetEvent releases every reader. Unnamed, unlike the
     * SDK sample's "WriteEvent": a name is shared with every process of the
     * user, so two copies running at once would set each other's event.
     */
    ghWriteEvent = CreateEvent(NULL, TRUE, FALSE, NULL);
    if (ghWriteEvent == NULL)
        return Fail(TEXT("CreateEvent(write event)"));

    for (i = 0; i < THREADCOUNT; i++) {
        /* Auto reset: the master's wait consumes the signal. */
        ghDoneEvents[i] = CreateEvent(NULL, FALSE, FALSE, NULL);
        if (ghDoneEvents[i] == NULL)
            return Fail(TEXT("CreateEvent(done event)"));
    }

    ghCounterMutex = CreateMutex(NULL, FALSE, NULL);
    if (ghCounterMutex == NULL)
        return Fail(TEXT("CreateMutex"));

    ghWorkerSemaphore = CreateSemaphore(NULL, MAX_WORKERS, MAX_WORKERS, NULL);
    if (ghWorkerSemaphore == NULL)
        return Fail(TEXT("CreateSemaphore"));

    _tprintf(TEXT("Created a manual-reset write event, %d auto-reset done events,\n"), THREADCOUNT);
    _tprintf(TEXT("a mutex for the counter and a semaphore of %d slots\n"), MAX_WORKERS);
    return 0;
}

static int CreateReaders(void)
{
    DWORD dwThreadId;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        gReaders[i].nIndex = i;
        ghThreads[i] = CreateThread(NULL, 0, ThreadProc, &gReaders[i], 0, &dwThreadId);
        if (ghThreads[i] == NULL)
            return Fail(TEXT("CreateThread"));
    }
    _tprintf(TEXT("Created %d reader threads\n"), THREADCOUNT);
    return 0;
}

static int WriteToBuffer(void)
{
    if (FAILED(StringCchCopy(gBuffer, BUFSIZE, TEXT("Shared data, version 1"))))
        return Fail(TEXT("StringCchCopy"));
    _tprintf(TEXT("Master wrote \"%s\" to the buffer\n"), gBuffer);

    if (!SetEvent(ghWriteEvent))
        return Fail(TEXT("SetEvent(write event)"));
    _tprintf(TEXT("Master set the write event\n"));
    return 0;
}

static int WaitForReaders(void)
{
    DWORD dwWaitResult;

    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghDoneEvents, TRUE, INFINITE);
    if (dwWaitResult != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects(done events)"));
    _tprintf(TEXT("Wait for all %d done events satisfied\n"), THREADCOUNT);

    /* The wait-all consumed every auto-reset signal at once. */
    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghDoneEvents, FALSE, 0);
    if (dwWaitResult != WAIT_TIMEOUT) {
        _tprintf(TEXT("Done events still signalled after the wait (result %lu)\n"),
               (unsigned long)dwWaitResult);
        return 1;
    }
    _tprintf(TEXT("The done events reset themselves\n"));

    if (!ResetEvent(ghWriteEvent))
        return Fail(TEXT("ResetEvent(write event)"));
    if (WaitForSingleObject(ghWriteEvent, 0) != WAIT_TIMEOUT)
        return Fail(TEXT("WaitForSingleObject(write event)"));
    _tprintf(TEXT("Master reset the write event for the next write\n"));

    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghThreads, TRUE, INFINITE);
    if (dwWaitResult != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects(threads)"));
    _tprintf(TEXT("Wait for all %d threads satisfied\n"), THREADCOUNT);
    return 0;
}

static int ReportReaders(void)
{
    DWORD dwExitCode;
    int nFailed = 0;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        READER *pReader = &gReaders[i];

        if (!GetExitCodeThread(ghThreads[i], &dwExitCode))
            return Fail(TEXT("GetExitCodeThread"));
        if (pReader->pszFailed != NULL) {
            _tprintf(TEXT("Thread %d: %s failed (error %lu)\n"), i, pReader->pszFailed,
                   (unsigned long)pReader->dwError);
            nFailed++;
            continue;
        }
        _tprintf(TEXT("Thread %d read \"%s\", added %ld to the counter, exit code %lu\n"), i,
               pReader->szRead, (long)pReader->lAdded, (unsigned long)dwExitCode);
        if (dwExitCode != 0)
            nFailed++;
    }
    return nFailed != 0;
}

/* Every reader gave its slot back: the semaphore is at its maximum again. */
static int CheckSemaphore(void)
{
    LONG lTaken = 0;

    while (lTaken <= MAX_WORKERS && WaitForSingleObject(ghWorkerSemaphore, 0) == WAIT_OBJECT_0)
        lTaken++;
    if (lTaken > 0 && !ReleaseSemaphore(ghWorkerSemaphore, lTaken, NULL))
        return Fail(TEXT("ReleaseSemaphore"));
    _tprintf(TEXT("Semaphore count back at %ld of %d\n"), (long)lTaken, MAX_WORKERS);
    if (lTaken != MAX_WORKERS)
        return 1;

    if (gOverLimit) {
        _tprintf(TEXT("More than %d readers worked at once\n"), MAX_WORKERS);
        return 1;
    }
    _tprintf(TEXT("No more than %d readers worked at once\n"), MAX_WORKERS);
    return 0;
}

static int CheckCounter(void)
{
    LONG lExpected = THREADCOUNT * (THREADCOUNT + 1) / 2;

    if (WaitForSingleObject(ghCounterMutex, 0) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject(mutex)"));
    _tprintf(TEXT("Counter is %ld (expected %ld)\n"), (long)gCounter, (long)lExpected);
    if (!ReleaseMutex(ghCounterMutex))
        return Fail(TEXT("ReleaseMutex"));
    return gCounter != lExpected;
}

static int CloseAll(void)
{
    int nFailed = 0;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        nFailed += ghThreads[i] != NULL && !CloseHandle(ghThreads[i]);
        nFailed += ghDoneEvents[i] != NULL && !CloseHandle(ghDoneEvents[i]);
    }
    nFailed += ghWriteEvent != NULL && !CloseHandle(ghWriteEvent);
    nFailed += ghCounterMutex != NULL && !CloseHandle(ghCounterMutex);
    nFailed += ghWorkerSemaphore != NULL && !CloseHandle(ghWorkerSemaphore);
    if (nFailed)
        return Fail(TEXT("CloseHandle"));
    _tprintf(TEXT("Closed every handle\n"));
    return 0;
}

int _tmain(int argc, TCHAR *argv[])
{
    int nResult;

    nResult = CreateObjects();
    if (nResult == 0)
        nResult = CreateReaders();
    if (nResult == 0)
        nResult = WriteToBuffer();
    if (nResult == 0)
        nResult = WaitForReaders();
    if (nResult == 0)
        nResult = ReportReaders();
    if (nResult == 0)
        nResult = CheckSemaphore();
    if (nResult == 0)
        nResult = CheckCounter();
    /* On failure some readers may still wait; the process ends with them. */
    if (nResult != 0)
        return 1;
    return CloseAll();
}
