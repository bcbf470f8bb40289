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
 * on every run. The program returns 0 when every call succeeded.
 */
#include <windows.h>
#include <stdio.h>

#define THREADCOUNT 4
#define MAX_WORKERS 2
#define BUFSIZE 64

typedef struct _READER {
    int nIndex;
    char szRead[BUFSIZE];       /* what the reader found in the buffer */
    LONG lAdded;                /* what it added to the counter */
    const char *pszFailed;      /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} READER;

static HANDLE ghWriteEvent;
static HANDLE ghDoneEvents[THREADCOUNT];
static HANDLE ghThreads[THREADCOUNT];
static HANDLE ghCounterMutex;
static HANDLE ghWorkerSemaphore;

static char gBuffer[BUFSIZE];
static LONG gCounter;               /* guarded by ghCounterMutex */
static LONG volatile gActive;       /* readers between the semaphore's wait and release */
static LONG volatile gOverLimit;    /* set if more than MAX_WORKERS were ever active */

static READER gReaders[THREADCOUNT];

static int Fail(const char *pszCall)
{
    printf("%s failed (error %lu)\n", pszCall, (unsigned long)GetLastError());
    return 1;
}

static DWORD ReaderFailed(READER *pReader, const char *pszCall)
{
    pReader->pszFailed = pszCall;
    pReader->dwError = GetLastError();
    return pReader->dwError ? pReader->dwError : 1;
}

static void CopyText(char *pszDest, const char *pszSrc)
{
    int i;

    for (i = 0; i < BUFSIZE - 1 && pszSrc[i]; i++)
        pszDest[i] = pszSrc[i];
    pszDest[i] = '\0';
}

/* The part of a reader's work that the semaphore limits. */
static DWORD Work(READER *pReader)
{
    if (InterlockedIncrement(&gActive) > MAX_WORKERS)
        InterlockedExchange(&gOverLimit, 1);
    Sleep(5);       /* long enough for the other readers to pile up */

    if (WaitForSingleObject(ghCounterMutex, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, "WaitForSingleObject(mutex)");
    pReader->lAdded = pReader->nIndex + 1;
    gCounter += pReader->lAdded;
    if (!ReleaseMutex(ghCounterMutex))
        return ReaderFailed(pReader, "ReleaseMutex");

    InterlockedDecrement(&gActive);
    return ERROR_SUCCESS;
}

static DWORD WINAPI ThreadProc(LPVOID lpParam)
{
    READER *pReader = (READER *)lpParam;
    DWORD dwResult;

    if (WaitForSingleObject(ghWriteEvent, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, "WaitForSingleObject(write event)");
    CopyText(pReader->szRead, gBuffer);

    if (WaitForSingleObject(ghWorkerSemaphore, INFINITE) != WAIT_OBJECT_0)
        return ReaderFailed(pReader, "WaitForSingleObject(semaphore)");
    dwResult = Work(pReader);
    if (!ReleaseSemaphore(ghWorkerSemaphore, 1, NULL) && dwResult == ERROR_SUCCESS)
        return ReaderFailed(pReader, "ReleaseSemaphore");
    if (dwResult != ERROR_SUCCESS)
        return dwResult;

    if (!SetEvent(ghDoneEvents[pReader->nIndex]))
        return ReaderFailed(pReader, "SetEvent(done event)");
    return ERROR_SUCCESS;
}

static int CreateObjects(void)
{
    int i;

    /* Manual reset: one SetEvent releases every reader. */
    ghWriteEvent = CreateEvent(NULL, TRUE, FALSE, TEXT("WriteEvent"));
    if (ghWriteEvent == NULL)
        return Fail("CreateEvent(write event)");

    for (i = 0; i < THREADCOUNT; i++) {
        /* Auto reset: the master's wait consumes the signal. */
        ghDoneEvents[i] = CreateEvent(NULL, FALSE, FALSE, NULL);
        if (ghDoneEvents[i] == NULL)
            return Fail("CreateEvent(done event)");
    }

    ghCounterMutex = CreateMutex(NULL, FALSE, NULL);
    if (ghCounterMutex == NULL)
        return Fail("CreateMutex");

    ghWorkerSemaphore = CreateSemaphore(NULL, MAX_WORKERS, MAX_WORKERS, NULL);
    if (ghWorkerSemaphore == NULL)
        return Fail("CreateSemaphore");

    printf("Created a manual-reset write event, %d auto-reset done events,\n", THREADCOUNT);
    printf("a mutex for the counter and a semaphore of %d slots\n", MAX_WORKERS);
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
            return Fail("CreateThread");
    }
    printf("Created %d reader threads\n", THREADCOUNT);
    return 0;
}

static int WriteToBuffer(void)
{
    CopyText(gBuffer, "Shared data, version 1");
    printf("Master wrote \"%s\" to the buffer\n", gBuffer);

    if (!SetEvent(ghWriteEvent))
        return Fail("SetEvent(write event)");
    printf("Master set the write event\n");
    return 0;
}

static int WaitForReaders(void)
{
    DWORD dwWaitResult;

    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghDoneEvents, TRUE, INFINITE);
    if (dwWaitResult != WAIT_OBJECT_0)
        return Fail("WaitForMultipleObjects(done events)");
    printf("Wait for all %d done events satisfied\n", THREADCOUNT);

    /* The wait-all consumed every auto-reset signal at once. */
    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghDoneEvents, FALSE, 0);
    if (dwWaitResult != WAIT_TIMEOUT) {
        printf("Done events still signalled after the wait (result %lu)\n",
               (unsigned long)dwWaitResult);
        return 1;
    }
    printf("The done events reset themselves\n");

    if (!ResetEvent(ghWriteEvent))
        return Fail("ResetEvent(write event)");
    if (WaitForSingleObject(ghWriteEvent, 0) != WAIT_TIMEOUT)
        return Fail("WaitForSingleObject(write event)");
    printf("Master reset the write event for the next write\n");

    dwWaitResult = WaitForMultipleObjects(THREADCOUNT, ghThreads, TRUE, INFINITE);
    if (dwWaitResult != WAIT_OBJECT_0)
        return Fail("WaitForMultipleObjects(threads)");
    printf("Wait for all %d threads satisfied\n", THREADCOUNT);
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
            return Fail("GetExitCodeThread");
        if (pReader->pszFailed != NULL) {
            printf("Thread %d: %s failed (error %lu)\n", i, pReader->pszFailed,
                   (unsigned long)pReader->dwError);
            nFailed++;
            continue;
        }
        printf("Thread %d read \"%s\", added %ld to the counter, exit code %lu\n", i,
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
        return Fail("ReleaseSemaphore");
    printf("Semaphore count back at %ld of %d\n", (long)lTaken, MAX_WORKERS);
    if (lTaken != MAX_WORKERS)
        return 1;

    if (gOverLimit) {
        printf("More than %d readers worked at once\n", MAX_WORKERS);
        return 1;
    }
    printf("No more than %d readers worked at once\n", MAX_WORKERS);
    return 0;
}

static int CheckCounter(void)
{
    LONG lExpected = THREADCOUNT * (THREADCOUNT + 1) / 2;

    if (WaitForSingleObject(ghCounterMutex, 0) != WAIT_OBJECT_0)
        return Fail("WaitForSingleObject(mutex)");
    printf("Counter is %ld (expected %ld)\n", (long)gCounter, (long)lExpected);
    if (!ReleaseMutex(ghCounterMutex))
        return Fail("ReleaseMutex");
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
        return Fail("CloseHandle");
    printf("Closed every handle\n");
    return 0;
}

int main(void)
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
