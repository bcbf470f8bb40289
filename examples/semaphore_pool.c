/*
 * A semaphore limiting a pool of worker threads, in the style of the Windows
 * SDK sample "Using Semaphore Objects".
 *
 * The semaphore starts with MAX_SEM_COUNT free slots. Each of THREADCOUNT
 * workers waits for a slot, does its job while holding it, and gives it back
 * with ReleaseSemaphore, so that no more than MAX_SEM_COUNT jobs ever run at
 * once. When the workers are done the main thread takes every slot itself,
 * shows that one more wait times out, gives the slots back, and shows that
 * the semaphore refuses to go past its maximum count.
 *
 * The workers print nothing: the main thread prints their results after
 * they have ended, so the output is the same on every run.
 */
#include <windows.h>
#include <tchar.h>

#define MAX_SEM_COUNT 3
#define THREADCOUNT 8

typedef struct _JOB {
    int nIndex;
    LONG lResult;               /* sum of the squares 1..10*(nIndex+1) */
    LPCTSTR pszFailed;          /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} JOB;

static HANDLE ghSemaphore;
static JOB gJobs[THREADCOUNT];
static LONG volatile gActive;   /* workers holding a slot now */
static LONG volatile gPeak;     /* the most that ever held one at once */

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static DWORD JobFailed(JOB *pJob, LPCTSTR pszCall)
{
    pJob->pszFailed = pszCall;
    pJob->dwError = GetLastError();
    return pJob->dwError ? pJob->dwError : 1;
}

/* Raises gPeak to lActive; each compare-exchange also reads gPeak atomically. */
static void NotePeak(LONG lActive)
{
    LONG lPeak = 0;

    while (lActive > lPeak) {
        LONG lSeen = InterlockedCompareExchange(&gPeak, lActive, lPeak);
        if (lSeen == lPeak)
            break;
        lPeak = lSeen;
    }
}

static DWORD WINAPI WorkerThread(LPVOID lpParam)
{
    JOB *pJob = (JOB *)lpParam;
    LONG lSum = 0;
    LONG i;

    if (WaitForSingleObject(ghSemaphore, INFINITE) != WAIT_OBJECT_0)
        return JobFailed(pJob, TEXT("WaitForSingleObject"));

    NotePeak(InterlockedIncrement(&gActive));
    for (i = 1; i <= 10 * (pJob->nIndex + 1); i++)
        lSum += i * i;
    Sleep(10);      /* long enough for the other workers to queue up */
    pJob->lResult = lSum;
    InterlockedDecrement(&gActive);

    if (!ReleaseSemaphore(ghSemaphore, 1, NULL))
        return JobFailed(pJob, TEXT("ReleaseSemaphore"));
    return ERROR_SUCCESS;
}

static int RunPool(void)
{
    HANDLE ahThreads[THREADCOUNT];
    int nFailed = 0;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        gJobs[i].nIndex = i;
        ahThreads[i] = CreateThread(NULL, 0, WorkerThread, &gJobs[i], 0, NULL);
        if (ahThreads[i] == NULL)
            return Fail(TEXT("CreateThread"));
    }
    _tprintf(TEXT("Started %d workers\n"), THREADCOUNT);

    if (WaitForMultipleObjects(THREADCOUNT, ahThreads, TRUE, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects"));

    for (i = 0; i < THREADCOUNT; i++) {
        JOB *pJob = &gJobs[i];

        CloseHandle(ahThreads[i]);
        if (pJob->pszFailed != NULL) {
            _tprintf(TEXT("Worker %d: %s failed (error %lu)\n"), i, pJob->pszFailed,
                     (unsigned long)pJob->dwError);
            nFailed++;
            continue;
        }
        _tprintf(TEXT("Worker %d: the squares of 1 to %d add up to %ld\n"), i, 10 * (i + 1),
                 (long)pJob->lResult);
    }
    if (nFailed)
        return 1;

    if (gPeak > MAX_SEM_COUNT) {
        _tprintf(TEXT("%ld workers held a slot at once\n"), (long)gPeak);
        return 1;
    }
    _tprintf(TEXT("No more than %d workers held a slot at once\n"), MAX_SEM_COUNT);
    return 0;
}

/* Every worker gave its slot back: all MAX_SEM_COUNT are free, and no more. */
static int CheckSlots(void)
{
    LONG lPrevious = -1;
    int nTaken;

    for (nTaken = 0; nTaken < MAX_SEM_COUNT; nTaken++) {
        if (WaitForSingleObject(ghSemaphore, 0) != WAIT_OBJECT_0)
            break;
    }
    _tprintf(TEXT("The main thread took %d free slots without waiting\n"), nTaken);
    if (nTaken != MAX_SEM_COUNT)
        return 1;

    if (WaitForSingleObject(ghSemaphore, 0) != WAIT_TIMEOUT)
        return Fail(TEXT("WaitForSingleObject"));
    _tprintf(TEXT("One more wait timed out\n"));

    if (!ReleaseSemaphore(ghSemaphore, MAX_SEM_COUNT, &lPrevious))
        return Fail(TEXT("ReleaseSemaphore"));
    _tprintf(TEXT("Released %d slots; the count before was %ld\n"), MAX_SEM_COUNT,
             (long)lPrevious);
    if (lPrevious != 0)
        return 1;

    if (ReleaseSemaphore(ghSemaphore, 1, NULL)) {
        _tprintf(TEXT("The semaphore went past its maximum count\n"));
        return 1;
    }
    _tprintf(TEXT("Releasing past the maximum failed with error %lu\n"),
             (unsigned long)GetLastError());
    return GetLastError() != ERROR_TOO_MANY_POSTS;
}

int _tmain(int argc, TCHAR *argv[])
{
    int nResult;

    ghSemaphore = CreateSemaphore(NULL, MAX_SEM_COUNT, MAX_SEM_COUNT, NULL);
    if (ghSemaphore == NULL)
        return Fail(TEXT("CreateSemaphore"));
    _tprintf(TEXT("Created a semaphore with %d of %d slots free\n"), MAX_SEM_COUNT,
             MAX_SEM_COUNT);

    nResult = RunPool();
    if (nResult == 0)
        nResult = CheckSlots();
    /* On failure some workers may still wait; the process ends with them. */
    if (nResult != 0)
        return nResult;
    if (!CloseHandle(ghSemaphore))
        return Fail(TEXT("CloseHandle"));
    _tprintf(TEXT("Closed the semaphore\n"));
    return 0;
}
