/*
 * A child process with redirected standard handles, in the style of the
 * Windows SDK sample "Creating a Child Process with Redirected Input and
 * Output".
 *
 * The parent makes two anonymous pipes with inheritable handles, keeps its
 * own ends out of the child by clearing HANDLE_FLAG_INHERIT on them, and
 * starts this same program with the argument "child", passing the child's
 * ends as its standard input, output and error (STARTF_USESTDHANDLES). It
 * writes a few lines to the child's input and closes its end; the child
 * reads until the end of its input, writes each line back in capitals,
 * adds a line on its standard error, and exits with the number of lines it
 * read. The parent reads the child's output until ReadFile fails with
 * ERROR_BROKEN_PIPE, which happens only once every handle to the write end
 * is closed: that is why the parent closes its copy of the child's ends as
 * soon as the child has started.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define BUFSIZE 4096

static const CHAR gszInput[] = "alpha\nbravo\ncharlie\n";

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

/* The child: capitals of its standard input to its standard output. */
static int ChildMain(void)
{
    HANDLE hStdin = GetStdHandle(STD_INPUT_HANDLE);
    HANDLE hStdout = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE hStderr = GetStdHandle(STD_ERROR_HANDLE);
    static const CHAR szDone[] = "child: end of input\n";
    CHAR chBuf[BUFSIZE];
    DWORD dwRead, dwWritten, i;
    int nLines = 0;

    if (hStdin == INVALID_HANDLE_VALUE || hStdout == INVALID_HANDLE_VALUE ||
        hStderr == INVALID_HANDLE_VALUE)
        return -1;

    /* The end of a pipe's input: FALSE and ERROR_BROKEN_PIPE, or 0 bytes. */
    while (ReadFile(hStdin, chBuf, BUFSIZE, &dwRead, NULL) && dwRead != 0) {
        for (i = 0; i < dwRead; i++) {
            if (chBuf[i] >= 'a' && chBuf[i] <= 'z')
                chBuf[i] = (CHAR)(chBuf[i] - 'a' + 'A');
            else if (chBuf[i] == '\n')
                nLines++;
        }
        if (!WriteFile(hStdout, chBuf, dwRead, &dwWritten, NULL) || dwWritten != dwRead)
            return -1;
    }
    if (!WriteFile(hStderr, szDone, sizeof(szDone) - 1, &dwWritten, NULL))
        return -1;
    return nLines;
}

static int CreateChildProcess(HANDLE hChildStdIn, HANDLE hChildStdOut,
                              PROCESS_INFORMATION *ppi)
{
    TCHAR szPath[MAX_PATH];
    TCHAR szCmdLine[MAX_PATH + 16];
    STARTUPINFO si;
    DWORD dwLen;

    dwLen = GetModuleFileName(NULL, szPath, MAX_PATH);
    if (dwLen == 0 || dwLen == MAX_PATH)
        return Fail(TEXT("GetModuleFileName"));
    /* CreateProcess may write to the command line: it must not be a literal. */
    if (FAILED(StringCchPrintf(szCmdLine, ARRAYSIZE(szCmdLine), TEXT("\"%s\" child"), szPath)))
        return Fail(TEXT("StringCchPrintf"));

    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    si.hStdError = hChildStdOut;
    si.hStdOutput = hChildStdOut;
    si.hStdInput = hChildStdIn;
    si.dwFlags |= STARTF_USESTDHANDLES;

    ZeroMemory(ppi, sizeof(*ppi));
    if (!CreateProcess(NULL, szCmdLine, NULL, NULL, TRUE, 0, NULL, NULL, &si, ppi))
        return Fail(TEXT("CreateProcess"));
    _tprintf(TEXT("Started the child with its standard handles redirected to pipes\n"));
    return 0;
}

static int WriteToPipe(HANDLE hPipe)
{
    DWORD dwWritten;

    if (!WriteFile(hPipe, gszInput, sizeof(gszInput) - 1, &dwWritten, NULL))
        return Fail(TEXT("WriteFile"));
    if (dwWritten != sizeof(gszInput) - 1) {
        _tprintf(TEXT("WriteFile wrote %lu bytes of %lu\n"), (unsigned long)dwWritten,
                 (unsigned long)(sizeof(gszInput) - 1));
        return 1;
    }
    _tprintf(TEXT("Wrote %lu bytes to the child's standard input\n"), (unsigned long)dwWritten);

    /* Closing the write end is how the child learns its input has ended. */
    if (!CloseHandle(hPipe))
        return Fail(TEXT("CloseHandle(child's input)"));
    _tprintf(TEXT("Closed the child's standard input\n"));
    return 0;
}

static int ReadFromPipe(HANDLE hPipe, CHAR *pchOut, DWORD cbOut, DWORD *pcbTotal)
{
    DWORD dwRead;

    *pcbTotal = 0;
    for (;;) {
        if (!ReadFile(hPipe, pchOut + *pcbTotal, cbOut - *pcbTotal, &dwRead, NULL))
            break;
        *pcbTotal += dwRead;
        if (*pcbTotal == cbOut) {
            _tprintf(TEXT("The child wrote more than %lu bytes\n"), (unsigned long)cbOut);
            return 1;
        }
    }
    if (GetLastError() != ERROR_BROKEN_PIPE)
        return Fail(TEXT("ReadFile"));
    _tprintf(TEXT("Read the child's output until ReadFile failed with ERROR_BROKEN_PIPE\n"));
    return 0;
}

/* The child writes ASCII, the same in every code page: widen it one unit at a time. */
static void PrintChildOutput(const CHAR *pch, DWORD cb)
{
    TCHAR szLine[80];
    DWORD i;
    int n = 0;

    for (i = 0; i < cb; i++) {
        if (pch[i] == '\r')
            continue;
        if (pch[i] != '\n' && n < (int)ARRAYSIZE(szLine) - 1) {
            szLine[n++] = (TCHAR)(unsigned char)pch[i];
            continue;
        }
        if (pch[i] == '\n') {
            szLine[n] = TEXT('\0');
            _tprintf(TEXT("The child said: %s\n"), szLine);
            n = 0;
        }
    }
}

int _tmain(int argc, TCHAR *argv[])
{
    SECURITY_ATTRIBUTES sa;
    HANDLE hChildStdInRd, hChildStdInWr, hChildStdOutRd, hChildStdOutWr;
    PROCESS_INFORMATION pi;
    CHAR chOutput[BUFSIZE];
    DWORD cbOutput;
    DWORD dwExitCode;

    if (argc == 2 && _tcscmp(argv[1], TEXT("child")) == 0)
        return ChildMain();

    /* Pipe handles the child can inherit. */
    sa.nLength = sizeof(SECURITY_ATTRIBUTES);
    sa.bInheritHandle = TRUE;
    sa.lpSecurityDescriptor = NULL;

    if (!CreatePipe(&hChildStdOutRd, &hChildStdOutWr, &sa, 0))
        return Fail(TEXT("CreatePipe(child's output)"));
    if (!SetHandleInformation(hChildStdOutRd, HANDLE_FLAG_INHERIT, 0))
        return Fail(TEXT("SetHandleInformation(child's output)"));
    if (!CreatePipe(&hChildStdInRd, &hChildStdInWr, &sa, 0))
        return Fail(TEXT("CreatePipe(child's input)"));
    if (!SetHandleInformation(hChildStdInWr, HANDLE_FLAG_INHERIT, 0))
        return Fail(TEXT("SetHandleInformation(child's input)"));
    _tprintf(TEXT("Created two pipes; only the child's ends are inheritable\n"));

    if (CreateChildProcess(hChildStdInRd, hChildStdOutWr, &pi))
        return 1;
    /* The child has its own copies now. */
    if (!CloseHandle(hChildStdOutWr) || !CloseHandle(hChildStdInRd))
        return Fail(TEXT("CloseHandle(child's ends)"));

    if (WriteToPipe(hChildStdInWr))
        return 1;
    if (ReadFromPipe(hChildStdOutRd, chOutput, sizeof(chOutput), &cbOutput))
        return 1;
    PrintChildOutput(chOutput, cbOutput);

    if (WaitForSingleObject(pi.hProcess, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject(child)"));
    if (!GetExitCodeProcess(pi.hProcess, &dwExitCode))
        return Fail(TEXT("GetExitCodeProcess"));
    _tprintf(TEXT("The child exited with code %lu, the number of lines it read\n"),
             (unsigned long)dwExitCode);

    if (!CloseHandle(hChildStdOutRd) || !CloseHandle(pi.hProcess) || !CloseHandle(pi.hThread))
        return Fail(TEXT("CloseHandle"));
    return dwExitCode != 3;
}
