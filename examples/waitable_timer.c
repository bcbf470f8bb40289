/*
 * Waitable timers, in the style of the Windows SDK samples "Using Waitable
 * Timer Objects" and "Using Waitable Timers with an Asynchronous Procedure
 * Call".
 *
 * First a manual-reset timer set to fire once, 100 ms from now (a negative
 * due time is relative, in 100-nanosecond units): it stays signalled after
 * it fires. Then a synchronization timer with a period: each wait takes one
 * tick. Last a periodic timer with a completion routine: the routine is
 * queued to this thread at each tick and runs while the thread waits in an
 * alertable SleepEx.
 *
 * Timing varies from run to run; the output only says what the program
 * checked, so it is the same on every run.
 */
#include <windows.h>
#include <tchar.h>

#define ONE_SHOT_MS 100
#define FIRST_MS 50
#define PERIOD_MS 20
#define TICKS 5
#define APC_FIRST_MS 30
#define APC_PERIOD_MS 10
#define APC_CALLS 3
#define SLACK_MS 20     /* how early a timer may seem to fire, by GetTickCount64 */

typedef struct _APCCONTEXT {
    int nCalls;
} APCCONTEXT;

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static LARGE_INTEGER RelativeDueTime(LONGLONG llMilliseconds)
{
    LARGE_INTEGER liDueTime;

    liDueTime.QuadPart = -llMilliseconds * 10000;
    return liDueTime;
}

static int OneShotTimer(void)
{
    LARGE_INTEGER liDueTime = RelativeDueTime(ONE_SHOT_MS);
    ULONGLONG ullStart;
    ULONGLONG ullElapsed;
    HANDLE hTimer;

    hTimer = CreateWaitableTimer(NULL, TRUE, NULL);
    if (hTimer == NULL)
        return Fail(TEXT("CreateWaitableTimer"));

    ullStart = GetTickCount64();
    if (!SetWaitableTimer(hTimer, &liDueTime, 0, NULL, NULL, FALSE))
        return Fail(TEXT("SetWaitableTimer"));
    _tprintf(TEXT("Set a manual-reset timer to fire once, %d ms from now\n"), ONE_SHOT_MS);

    if (WaitForSingleObject(hTimer, 0) != WAIT_TIMEOUT)
        return Fail(TEXT("WaitForSingleObject(before the due time)"));
    _tprintf(TEXT("Before its due time the timer was not signalled\n"));

    if (WaitForSingleObject(hTimer, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject"));
    ullElapsed = GetTickCount64() - ullStart;
    if (ullElapsed + SLACK_MS < ONE_SHOT_MS) {
        _tprintf(TEXT("The timer fired after %lu ms\n"), (unsigned long)ullElapsed);
        return 1;
    }
    if (WaitForSingleObject(hTimer, 0) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject(after the due time)"));
    _tprintf(TEXT("The timer fired no earlier than its due time and stays signalled\n"));

    if (!CloseHandle(hTimer))
        return Fail(TEXT("CloseHandle"));
    return 0;
}

static int PeriodicTimer(void)
{
    LARGE_INTEGER liDueTime = RelativeDueTime(FIRST_MS);
    ULONGLONG ullStart;
    ULONGLONG ullElapsed;
    HANDLE hTimer;
    int i;

    hTimer = CreateWaitableTimer(NULL, FALSE, NULL);
    if (hTimer == NULL)
        return Fail(TEXT("CreateWaitableTimer"));

    ullStart = GetTickCount64();
    if (!SetWaitableTimer(hTimer, &liDueTime, PERIOD_MS, NULL, NULL, FALSE))
        return Fail(TEXT("SetWaitableTimer"));
    _tprintf(TEXT("Set a synchronization timer: first due in %d ms, then every %d ms\n"),
             FIRST_MS, PERIOD_MS);

    for (i = 1; i <= TICKS; i++) {
        if (WaitForSingleObject(hTimer, INFINITE) != WAIT_OBJECT_0)
            return Fail(TEXT("WaitForSingleObject"));
        _tprintf(TEXT("Tick %d\n"), i);
    }
    ullElapsed = GetTickCount64() - ullStart;
    if (ullElapsed + SLACK_MS < FIRST_MS + (TICKS - 1) * PERIOD_MS) {
        _tprintf(TEXT("%d ticks took %lu ms\n"), TICKS, (unsigned long)ullElapsed);
        return 1;
    }
    _tprintf(TEXT("%d ticks took no less than %d ms\n"), TICKS,
             FIRST_MS + (TICKS - 1) * PERIOD_MS);

    if (!CancelWaitableTimer(hTimer))
        return Fail(TEXT("CancelWaitableTimer"));
    if (!CloseHandle(hTimer))
        return Fail(TEXT("CloseHandle"));
    _tprintf(TEXT("Cancelled and closed the timer\n"));
    return 0;
}

static VOID CALLBACK TimerAPCProc(LPVOID lpArg, DWORD dwTimerLowValue, DWORD dwTimerHighValue)
{
    APCCONTEXT *pContext = (APCCONTEXT *)lpArg;

    pContext->nCalls++;
}

static int CompletionRoutineTimer(void)
{
    LARGE_INTEGER liDueTime = RelativeDueTime(APC_FIRST_MS);
    APCCONTEXT context = { 0 };
    HANDLE hTimer;
    DWORD dwResult;

    hTimer = CreateWaitableTimer(NULL, FALSE, NULL);
    if (hTimer == NULL)
        return Fail(TEXT("CreateWaitableTimer"));

    if (!SetWaitableTimer(hTimer, &liDueTime, APC_PERIOD_MS, TimerAPCProc, &context, FALSE))
        return Fail(TEXT("SetWaitableTimer"));
    _tprintf(TEXT("Set a timer with a completion routine: due in %d ms, then every %d ms\n"),
             APC_FIRST_MS, APC_PERIOD_MS);

    /* The routine runs on this thread, only while it waits alertably. */
    while (context.nCalls < APC_CALLS) {
        dwResult = SleepEx(INFINITE, TRUE);
        if (dwResult != WAIT_IO_COMPLETION) {
            _tprintf(TEXT("SleepEx returned %lu\n"), (unsigned long)dwResult);
            return 1;
        }
    }
    /* One SleepEx runs every call queued so far: a late thread may see two. */
    _tprintf(TEXT("The routine ran at least %d times, while SleepEx waited alertably\n"),
             APC_CALLS);

    /* Cancelling also removes calls that were queued but had not run. */
    if (!CancelWaitableTimer(hTimer))
        return Fail(TEXT("CancelWaitableTimer"));
    dwResult = SleepEx(2 * APC_PERIOD_MS, TRUE);
    if (dwResult != 0) {
        _tprintf(TEXT("After CancelWaitableTimer, SleepEx returned %lu\n"),
                 (unsigned long)dwResult);
        return 1;
    }
    _tprintf(TEXT("After CancelWaitableTimer the routine ran no more\n"));

    if (!CloseHandle(hTimer))
        return Fail(TEXT("CloseHandle"));
    return 0;
}

int _tmain(int argc, TCHAR *argv[])
{
    int nResult;

    nResult = OneShotTimer();
    if (nResult == 0)
        nResult = PeriodicTimer();
    if (nResult == 0)
        nResult = CompletionRoutineTimer();
    return nResult;
}
