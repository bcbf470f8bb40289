/*
 * Thread local storage, in the style of the Windows SDK sample "Using
 * Thread Local Storage".
 *
 * The main thread allocates one TLS index. Every thread, the main one
 * included, allocates a block of its own with LocalAlloc and stores it in
 * that slot; CommonFunc, called from any thread, finds the calling thread's
 * block with TlsGetValue and so needs no parameter. A new thread's slot
 * starts out empty: TlsGetValue returns NULL and sets the last error to
 * ERROR_SUCCESS, which is how a caller tells an empty slot from a failure.
 *
 * The threads print nothing: each copies what it found into a result that
 * the main thread prints after the threads have ended.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define THREADCOUNT 4
#define NAMESIZE 32

typedef struct _THREADDATA {
    TCHAR szName[NAMESIZE];
    int nCalls;                 /* how often CommonFunc ran on this thread */
} THREADDATA;

typedef struct _RESULT {
    BOOL fEmptyAtStart;         /* TlsGetValue gave NULL and ERROR_SUCCESS */
    TCHAR szName[NAMESIZE];
    int nCalls;
    LPCTSTR pszFailed;          /* the call that failed, or NULL */
    DWORD dwError;              /* GetLastError() after that call */
} RESULT;

static DWORD gdwTlsIndex;
static RESULT gResults[THREADCOUNT];

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static DWORD ThreadFailed(RESULT *pResult, LPCTSTR pszCall)
{
    pResult->pszFailed = pszCall;
    pResult->dwError = GetLastError();
    return pResult->dwError ? pResult->dwError : 1;
}

/* Works on the calling thread's data, whichever thread that is. */
static BOOL CommonFunc(void)
{
    THREADDATA *pData = (THREADDATA *)TlsGetValue(gdwTlsIndex);

    if (pData == NULL)
        return FALSE;
    pData->nCalls++;
    return TRUE;
}

static THREADDATA *StoreThreadData(LPCTSTR pszName)
{
    THREADDATA *pData = (THREADDATA *)LocalAlloc(LPTR, sizeof(THREADDATA));

    if (pData == NULL)
        return NULL;
    StringCchCopy(pData->szName, NAMESIZE, pszName);
    if (!TlsSetValue(gdwTlsIndex, pData)) {
        LocalFree(pData);
        return NULL;
    }
    return pData;
}

static DWORD WINAPI ThreadFunc(LPVOID lpParam)
{
    int nIndex = (int)(INT_PTR)lpParam;
    RESULT *pResult = &gResults[nIndex];
    TCHAR szName[NAMESIZE];
    THREADDATA *pData;
    int i;

    SetLastError(ERROR_INVALID_FUNCTION);
    pResult->fEmptyAtStart = TlsGetValue(gdwTlsIndex) == NULL &&
                             GetLastError() == ERROR_SUCCESS;

    StringCchPrintf(szName, NAMESIZE, TEXT("worker %d"), nIndex);
    pData = StoreThreadData(szName);
    if (pData == NULL)
        return ThreadFailed(pResult, TEXT("TlsSetValue"));

    for (i = 0; i <= nIndex; i++) {
        Sleep(1);       /* let the other threads run CommonFunc in between */
        if (!CommonFunc())
            return ThreadFailed(pResult, TEXT("TlsGetValue"));
    }

    pData = (THREADDATA *)TlsGetValue(gdwTlsIndex);
    if (pData == NULL)
        return ThreadFailed(pResult, TEXT("TlsGetValue"));
    StringCchCopy(pResult->szName, NAMESIZE, pData->szName);
    pResult->nCalls = pData->nCalls;

    TlsSetValue(gdwTlsIndex, NULL);
    if (LocalFree(pData) != NULL)
        return ThreadFailed(pResult, TEXT("LocalFree"));
    return ERROR_SUCCESS;
}

static int RunThreads(void)
{
    HANDLE ahThreads[THREADCOUNT];
    int nFailed = 0;
    int i;

    for (i = 0; i < THREADCOUNT; i++) {
        ahThreads[i] = CreateThread(NULL, 0, ThreadFunc, (LPVOID)(INT_PTR)i, 0, NULL);
        if (ahThreads[i] == NULL)
            return Fail(TEXT("CreateThread"));
    }
    if (WaitForMultipleObjects(THREADCOUNT, ahThreads, TRUE, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForMultipleObjects"));

    for (i = 0; i < THREADCOUNT; i++) {
        RESULT *pResult = &gResults[i];

        CloseHandle(ahThreads[i]);
        if (pResult->pszFailed != NULL) {
            _tprintf(TEXT("Thread %d: %s failed (error %lu)\n"), i, pResult->pszFailed,
                     (unsigned long)pResult->dwError);
            nFailed++;
            continue;
        }
        _tprintf(TEXT("Thread %d: its slot was %s at first; its data \"%s\" has a count of %d\n"),
                 i, pResult->fEmptyAtStart ? TEXT("empty") : TEXT("NOT empty"),
                 pResult->szName, pResult->nCalls);
        if (!pResult->fEmptyAtStart || pResult->nCalls != i + 1)
            nFailed++;
    }
    return nFailed != 0;
}

int _tmain(int argc, TCHAR *argv[])
{
    THREADDATA *pMainData;
    int nResult;

    gdwTlsIndex = TlsAlloc();
    if (gdwTlsIndex == TLS_OUT_OF_INDEXES)
        return Fail(TEXT("TlsAlloc"));
    _tprintf(TEXT("Allocated a TLS index\n"));

    pMainData = StoreThreadData(TEXT("main"));
    if (pMainData == NULL)
        return Fail(TEXT("TlsSetValue"));
    if (!CommonFunc())
        return Fail(TEXT("TlsGetValue"));
    _tprintf(TEXT("The main thread stored its own data in the slot\n"));

    nResult = RunThreads();
    if (nResult != 0)
        return nResult;

    /* The other threads' values never touched this thread's. */
    if (TlsGetValue(gdwTlsIndex) != pMainData)
        return Fail(TEXT("TlsGetValue"));
    _tprintf(TEXT("The main thread's slot still holds \"%s\", with a count of %d\n"),
             pMainData->szName, pMainData->nCalls);
    if (pMainData->nCalls != 1)
        return 1;

    if (LocalFree(pMainData) != NULL)
        return Fail(TEXT("LocalFree"));
    if (!TlsFree(gdwTlsIndex))
        return Fail(TEXT("TlsFree"));
    _tprintf(TEXT("Freed the data and the TLS index\n"));
    return 0;
}
