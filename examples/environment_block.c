/*
 * Environment variables and environment blocks, in the style of the Windows
 * SDK sample "Changing Environment Variables".
 *
 * The parent reads, sets, expands and deletes a variable of its own, and
 * finds it in GetEnvironmentStrings. It then starts this same program with
 * the argument "child" twice: first with lpEnvironment NULL, so that the
 * child inherits a copy of the parent's environment, then with a block of
 * its own making, "NAME=value" strings each ending in a null character and
 * the block ending in one more. A block of TCHARs is a UTF-16 block in the
 * UNICODE build, which CreateProcess must be told with
 * CREATE_UNICODE_ENVIRONMENT. The child prints the variables it sees.
 *
 * The parent flushes its output before each child starts and waits for the
 * child to end before it prints again, so the lines never interleave.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define BUFSIZE 256
#define EXAMPLE_SETTING TEXT("W32SHIM_EXAMPLE_SETTING")
#define EXAMPLE_PARENT_ONLY TEXT("W32SHIM_EXAMPLE_PARENT_ONLY")
#define EXAMPLE_VERSION TEXT("W32SHIM_EXAMPLE_VERSION")

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static void PrintVariable(LPCTSTR pszWho, LPCTSTR pszName)
{
    TCHAR szValue[BUFSIZE];
    DWORD dwRet;

    dwRet = GetEnvironmentVariable(pszName, szValue, BUFSIZE);
    if (dwRet == 0)
        _tprintf(TEXT("%s: %s is not set (error %lu)\n"), pszWho, pszName,
                 (unsigned long)GetLastError());
    else if (dwRet >= BUFSIZE)
        _tprintf(TEXT("%s: %s needs %lu characters\n"), pszWho, pszName, (unsigned long)dwRet);
    else
        _tprintf(TEXT("%s: %s=%s\n"), pszWho, pszName, szValue);
}

static int ChildMain(void)
{
    PrintVariable(TEXT("Child"), EXAMPLE_SETTING);
    PrintVariable(TEXT("Child"), EXAMPLE_VERSION);
    PrintVariable(TEXT("Child"), EXAMPLE_PARENT_ONLY);
    return 0;
}

static int SetAndGet(void)
{
    TCHAR szSmall[4];
    TCHAR szValue[BUFSIZE];
    DWORD dwRet;

    if (GetEnvironmentVariable(EXAMPLE_SETTING, szValue, BUFSIZE) != 0 ||
        GetLastError() != ERROR_ENVVAR_NOT_FOUND) {
        _tprintf(TEXT("%s is set before the program sets it\n"), EXAMPLE_SETTING);
        return 1;
    }
    _tprintf(TEXT("Parent: %s is not set (error %lu)\n"), EXAMPLE_SETTING,
             (unsigned long)GetLastError());

    if (!SetEnvironmentVariable(EXAMPLE_SETTING, TEXT("parent value")) ||
        !SetEnvironmentVariable(EXAMPLE_PARENT_ONLY, TEXT("yes")))
        return Fail(TEXT("SetEnvironmentVariable"));

    /* Too small a buffer: the size needed, counting the terminating null. */
    dwRet = GetEnvironmentVariable(EXAMPLE_SETTING, szSmall, ARRAYSIZE(szSmall));
    _tprintf(TEXT("Parent: a buffer of %d characters is too small; %s needs %lu\n"),
             (int)ARRAYSIZE(szSmall), EXAMPLE_SETTING, (unsigned long)dwRet);
    if (dwRet != 13)
        return 1;

    /* Large enough: the length, not counting it. */
    dwRet = GetEnvironmentVariable(EXAMPLE_SETTING, szValue, BUFSIZE);
    if (dwRet == 0 || dwRet >= BUFSIZE)
        return Fail(TEXT("GetEnvironmentVariable"));
    _tprintf(TEXT("Parent: %s=%s (%lu characters)\n"), EXAMPLE_SETTING, szValue,
             (unsigned long)dwRet);

    dwRet = ExpandEnvironmentStrings(TEXT("[%W32SHIM_EXAMPLE_SETTING%]"), szValue, BUFSIZE);
    if (dwRet == 0 || dwRet > BUFSIZE)
        return Fail(TEXT("ExpandEnvironmentStrings"));
    _tprintf(TEXT("Parent: [%%W32SHIM_EXAMPLE_SETTING%%] expands to %s\n"), szValue);
    return 0;
}

/* GetEnvironmentStrings: "NAME=value" strings, one after another, then an empty one. */
static int FindInEnvironmentStrings(void)
{
    LPTCH lpvEnv;
    LPTSTR lpszVariable;
    size_t cchName = _tcslen(EXAMPLE_SETTING);
    int nFound = 0;

    lpvEnv = GetEnvironmentStrings();
    if (lpvEnv == NULL)
        return Fail(TEXT("GetEnvironmentStrings"));
    for (lpszVariable = lpvEnv; *lpszVariable; lpszVariable += _tcslen(lpszVariable) + 1) {
        if (_tcsncmp(lpszVariable, EXAMPLE_SETTING, cchName) == 0 &&
            lpszVariable[cchName] == TEXT('=')) {
            _tprintf(TEXT("Parent: GetEnvironmentStrings lists %s\n"), lpszVariable);
            nFound++;
        }
    }
    if (!FreeEnvironmentStrings(lpvEnv))
        return Fail(TEXT("FreeEnvironmentStrings"));
    return nFound != 1;
}

static int RunChild(LPVOID lpEnvironment, DWORD dwFlags)
{
    TCHAR szPath[MAX_PATH];
    TCHAR szCmdLine[MAX_PATH + 16];
    STARTUPINFO si;
    PROCESS_INFORMATION pi;
    DWORD dwExitCode;
    DWORD dwLen;

    dwLen = GetModuleFileName(NULL, szPath, MAX_PATH);
    if (dwLen == 0 || dwLen == MAX_PATH)
        return Fail(TEXT("GetModuleFileName"));
    if (FAILED(StringCchPrintf(szCmdLine, ARRAYSIZE(szCmdLine), TEXT("\"%s\" child"), szPath)))
        return Fail(TEXT("StringCchPrintf"));

    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    ZeroMemory(&pi, sizeof(pi));

    /* The child writes to the same standard output. */
    fflush(stdout);
    if (!CreateProcess(NULL, szCmdLine, NULL, NULL, TRUE, dwFlags, lpEnvironment, NULL, &si,
                       &pi))
        return Fail(TEXT("CreateProcess"));
    if (WaitForSingleObject(pi.hProcess, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject(child)"));
    if (!GetExitCodeProcess(pi.hProcess, &dwExitCode))
        return Fail(TEXT("GetExitCodeProcess"));
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (dwExitCode != 0) {
        _tprintf(TEXT("The child exited with code %lu\n"), (unsigned long)dwExitCode);
        return 1;
    }
    return 0;
}

static int RunChildWithBlock(void)
{
    TCHAR chNewEnv[BUFSIZE];
    LPTSTR lpszCurrentVariable;
    DWORD dwFlags = 0;
    size_t cchLeft;

    /* Two variables; the block ends with an empty string. */
    lpszCurrentVariable = chNewEnv;
    cchLeft = BUFSIZE;
    if (FAILED(StringCchCopy(lpszCurrentVariable, cchLeft,
                             TEXT("W32SHIM_EXAMPLE_SETTING=from the block"))))
        return Fail(TEXT("StringCchCopy"));
    cchLeft -= _tcslen(lpszCurrentVariable) + 1;
    lpszCurrentVariable += _tcslen(lpszCurrentVariable) + 1;
    if (FAILED(StringCchCopy(lpszCurrentVariable, cchLeft, TEXT("W32SHIM_EXAMPLE_VERSION=2"))))
        return Fail(TEXT("StringCchCopy"));
    lpszCurrentVariable += _tcslen(lpszCurrentVariable) + 1;
    *lpszCurrentVariable = TEXT('\0');

#ifdef UNICODE
    dwFlags = CREATE_UNICODE_ENVIRONMENT;
#endif
    _tprintf(TEXT("Parent: starting a child with a new environment block\n"));
    return RunChild(chNewEnv, dwFlags);
}

static int DeleteVariables(void)
{
    TCHAR szValue[BUFSIZE];

    if (!SetEnvironmentVariable(EXAMPLE_SETTING, NULL) ||
        !SetEnvironmentVariable(EXAMPLE_PARENT_ONLY, NULL))
        return Fail(TEXT("SetEnvironmentVariable"));
    if (GetEnvironmentVariable(EXAMPLE_SETTING, szValue, BUFSIZE) != 0) {
        _tprintf(TEXT("%s is still set after its deletion\n"), EXAMPLE_SETTING);
        return 1;
    }
    _tprintf(TEXT("Parent: after its deletion %s is not set (error %lu)\n"), EXAMPLE_SETTING,
             (unsigned long)GetLastError());
    return GetLastError() != ERROR_ENVVAR_NOT_FOUND;
}

int _tmain(int argc, TCHAR *argv[])
{
    int nResult;

    if (argc == 2 && _tcscmp(argv[1], TEXT("child")) == 0)
        return ChildMain();

    nResult = SetAndGet();
    if (nResult == 0)
        nResult = FindInEnvironmentStrings();
    if (nResult == 0) {
        _tprintf(TEXT("Parent: starting a child that inherits this environment\n"));
        nResult = RunChild(NULL, 0);
    }
    if (nResult == 0)
        nResult = RunChildWithBlock();
    if (nResult == 0)
        nResult = DeleteVariables();
    return nResult;
}
