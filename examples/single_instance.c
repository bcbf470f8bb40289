/*
 * A program that allows one running instance, the way Windows programs do
 * it: create a named mutex at start-up, and if CreateMutex reports
 * ERROR_ALREADY_EXISTS, another instance holds the name, so exit.
 *
 * The first instance takes the name, then starts a second copy of itself,
 * which finds the name taken and exits with code 1. The first instance then
 * closes its mutex, and a third copy finds the name free again: the name
 * lives exactly as long as some process holds a handle to it.
 *
 * The mutex name carries the first instance's process id, so that two runs
 * of this example at once do not meet; a real program uses a fixed name.
 * Every instance prints before it exits and the first waits for each copy,
 * so the output is the same on every run.
 */
#include <windows.h>
#include <stdio.h>
#include <tchar.h>
#include <strsafe.h>

/* The single-instance check: the mutex if this is the only instance, else NULL. */
static HANDLE TakeInstanceName(LPCTSTR pszName, BOOL *pfOther)
{
    HANDLE hMutex = CreateMutex(NULL, FALSE, pszName);

    *pfOther = hMutex != NULL && GetLastError() == ERROR_ALREADY_EXISTS;
    if (*pfOther) {
        CloseHandle(hMutex);
        return NULL;
    }
    return hMutex;
}

/* Runs a copy of this program as instance nInstance; returns its exit code. */
static DWORD RunCopy(LPCTSTR pszName, int nInstance)
{
    TCHAR szSelf[MAX_PATH], szCmd[2 * MAX_PATH];
    STARTUPINFO si;
    PROCESS_INFORMATION pi;
    DWORD dwCode = 0xFFFFFFFF;

    if (!GetModuleFileName(NULL, szSelf, MAX_PATH))
        return dwCode;
    StringCchPrintf(szCmd, 2 * MAX_PATH, TEXT("\"%s\" %d %s"), szSelf, nInstance, pszName);
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    fflush(stdout);
    if (!CreateProcess(NULL, szCmd, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        _tprintf(TEXT("CreateProcess failed (%lu)\n"), (unsigned long)GetLastError());
        return dwCode;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &dwCode);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    _tprintf(TEXT("Instance %d exited with code %lu\n"), nInstance, (unsigned long)dwCode);
    return dwCode;
}

/* A copy started by the first instance: argv[1] its number, argv[2] the name. */
static int RunAsCopy(int nInstance, LPCTSTR pszName)
{
    BOOL fOther;
    HANDLE hMutex = TakeInstanceName(pszName, &fOther);

    if (fOther) {
        _tprintf(TEXT("Instance %d: another instance is running, exiting\n"), nInstance);
        return 1;
    }
    if (!hMutex) {
        _tprintf(TEXT("Instance %d: CreateMutex failed (%lu)\n"), nInstance, (unsigned long)GetLastError());
        return 2;
    }
    _tprintf(TEXT("Instance %d holds the single-instance mutex\n"), nInstance);
    CloseHandle(hMutex);
    return 0;
}

int _tmain(int argc, TCHAR *argv[])
{
    TCHAR szName[64];
    HANDLE hMutex;
    BOOL fOther;

    if (argc == 3)
        return RunAsCopy(_ttoi(argv[1]), argv[2]);
    StringCchPrintf(szName, 64, TEXT("w32shim-example-single-instance-%lu"),
                    (unsigned long)GetCurrentProcessId());
    hMutex = TakeInstanceName(szName, &fOther);
    if (!hMutex) {
        _tprintf(TEXT("CreateMutex failed (%lu)\n"), (unsigned long)GetLastError());
        return 1;
    }
    _tprintf(TEXT("Instance 1 holds the single-instance mutex\n"));
    if (RunCopy(szName, 2) != 1)
        return 1;
    CloseHandle(hMutex);
    _tprintf(TEXT("Instance 1 released the mutex\n"));
    return RunCopy(szName, 3) == 0 ? 0 : 1;
}
