/*
 * A named-pipe server and client in message mode, in the style of the
 * Windows SDK samples "Named Pipe Server Using Overlapped I/O" (here without
 * the overlapped part) and "Named Pipe Client".
 *
 * The main thread is the server: it creates one instance of a message-mode
 * pipe, starts the client thread and waits for it to connect. The client
 * waits for a free instance with WaitNamedPipe, opens the pipe with
 * CreateFile and switches its end to message read mode. It sends two
 * messages at once and reads two replies: each ReadFile returns exactly one
 * message, however many are waiting. Then it asks for a reply longer than
 * its buffer and reads it in pieces: ReadFile fails with ERROR_MORE_DATA
 * until the last piece. When the client closes its end, the server's next
 * ReadFile fails with ERROR_BROKEN_PIPE and the server disconnects.
 *
 * Messages are TCHAR strings with their terminating null. The client logs
 * what it saw and the main thread prints the log once the client has ended,
 * so the output is the same on every run.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <stdarg.h>

#define BUFSIZE 512
#define SMALL_READ 16           /* TCHARs: smaller than the long reply */
#define LOG_LINES 16
#define LOG_WIDTH 128

static const TCHAR gszLongReply[] =
    TEXT("a reply longer than the client's buffer of 16 characters");

static TCHAR gszPipeName[64];
static TCHAR gLog[LOG_LINES][LOG_WIDTH];     /* the client's, read after it ends */
static int gnLog;

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

static void Log(LPCTSTR pszFormat, ...)
{
    va_list args;

    if (gnLog == LOG_LINES)
        return;
    va_start(args, pszFormat);
    StringCchVPrintf(gLog[gnLog++], LOG_WIDTH, pszFormat, args);
    va_end(args);
}

static DWORD ClientFailed(LPCTSTR pszCall)
{
    DWORD dwError = GetLastError();

    Log(TEXT("Client: %s failed (error %lu)"), pszCall, (unsigned long)dwError);
    return dwError ? dwError : 1;
}

static BOOL SendMessageString(HANDLE hPipe, LPCTSTR pszMessage)
{
    DWORD cbMessage = (DWORD)((_tcslen(pszMessage) + 1) * sizeof(TCHAR));
    DWORD cbWritten;

    return WriteFile(hPipe, pszMessage, cbMessage, &cbWritten, NULL) && cbWritten == cbMessage;
}

/* Reads one message in pieces of SMALL_READ characters; counts ERROR_MORE_DATA. */
static BOOL ReadInPieces(HANDLE hPipe, TCHAR *pszReply, DWORD cchReply, int *pnMoreData)
{
    DWORD cchTotal = 0;
    DWORD cbRead;
    BOOL fSuccess;

    *pnMoreData = 0;
    do {
        if (cchReply - cchTotal < SMALL_READ) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return FALSE;
        }
        fSuccess = ReadFile(hPipe, pszReply + cchTotal, SMALL_READ * sizeof(TCHAR), &cbRead,
                            NULL);
        if (!fSuccess && GetLastError() != ERROR_MORE_DATA)
            return FALSE;
        if (!fSuccess)
            (*pnMoreData)++;
        cchTotal += cbRead / sizeof(TCHAR);
    } while (!fSuccess);
    return cchTotal > 0 && pszReply[cchTotal - 1] == TEXT('\0');
}

static DWORD ClientSession(HANDLE hPipe)
{
    static LPCTSTR aszRequests[] = { TEXT("hello"), TEXT("how are you") };
    TCHAR szReply[BUFSIZE];
    DWORD dwMode = PIPE_READMODE_MESSAGE;
    DWORD cbRead;
    int nMoreData;
    int i;

    /* The client's end starts in byte read mode. */
    if (!SetNamedPipeHandleState(hPipe, &dwMode, NULL, NULL))
        return ClientFailed(TEXT("SetNamedPipeHandleState"));
    Log(TEXT("Client: switched its end to message read mode"));

    for (i = 0; i < 2; i++) {
        if (!SendMessageString(hPipe, aszRequests[i]))
            return ClientFailed(TEXT("WriteFile"));
    }
    Log(TEXT("Client: sent two messages before reading any reply"));
    for (i = 0; i < 2; i++) {
        if (!ReadFile(hPipe, szReply, sizeof(szReply), &cbRead, NULL))
            return ClientFailed(TEXT("ReadFile"));
        if (cbRead != (_tcslen(szReply) + 1) * sizeof(TCHAR))
            return ClientFailed(TEXT("ReadFile (one message)"));
        Log(TEXT("Client: got the reply \"%s\""), szReply);
    }

    if (!SendMessageString(hPipe, TEXT("long")))
        return ClientFailed(TEXT("WriteFile"));
    if (!ReadInPieces(hPipe, szReply, BUFSIZE, &nMoreData))
        return ClientFailed(TEXT("ReadFile"));
    Log(TEXT("Client: read the long reply %d characters at a time"), SMALL_READ);
    Log(TEXT("Client: ReadFile failed with ERROR_MORE_DATA %d times, then succeeded"), nMoreData);
    Log(TEXT("Client: got the reply \"%s\""), szReply);
    return ERROR_SUCCESS;
}

static DWORD WINAPI ClientThread(LPVOID lpParam)
{
    HANDLE hPipe;
    DWORD dwResult;

    if (!WaitNamedPipe(gszPipeName, 5000))
        return ClientFailed(TEXT("WaitNamedPipe"));
    Log(TEXT("Client: WaitNamedPipe found a free instance"));

    hPipe = CreateFile(gszPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                       NULL);
    if (hPipe == INVALID_HANDLE_VALUE)
        return ClientFailed(TEXT("CreateFile"));
    Log(TEXT("Client: opened the pipe with CreateFile"));

    dwResult = ClientSession(hPipe);
    if (!CloseHandle(hPipe) && dwResult == ERROR_SUCCESS)
        return ClientFailed(TEXT("CloseHandle"));
    if (dwResult == ERROR_SUCCESS)
        Log(TEXT("Client: closed its end"));
    return dwResult;
}

/* Answers requests until the client closes its end. */
static int Serve(HANDLE hPipe)
{
    TCHAR szRequest[BUFSIZE];
    TCHAR szReply[BUFSIZE];
    DWORD cbRead;

    for (;;) {
        if (!ReadFile(hPipe, szRequest, sizeof(szRequest), &cbRead, NULL)) {
            if (GetLastError() != ERROR_BROKEN_PIPE)
                return Fail(TEXT("ReadFile"));
            _tprintf(TEXT("Server: ReadFile failed with ERROR_BROKEN_PIPE: the client left\n"));
            return 0;
        }
        if (cbRead == 0 || cbRead % sizeof(TCHAR) != 0 ||
            szRequest[cbRead / sizeof(TCHAR) - 1] != TEXT('\0') ||
            cbRead != (_tcslen(szRequest) + 1) * sizeof(TCHAR)) {
            _tprintf(TEXT("Server: a request was not one message\n"));
            return 1;
        }
        _tprintf(TEXT("Server: got the request \"%s\"\n"), szRequest);

        if (_tcscmp(szRequest, TEXT("long")) == 0)
            StringCchCopy(szReply, BUFSIZE, gszLongReply);
        else
            StringCchPrintf(szReply, BUFSIZE, TEXT("ACK %s"), szRequest);
        if (!SendMessageString(hPipe, szReply))
            return Fail(TEXT("WriteFile"));
    }
}

int _tmain(int argc, TCHAR *argv[])
{
    HANDLE hPipe;
    HANDLE hThread;
    DWORD dwExitCode;
    BOOL fConnected;
    int nResult;
    int i;

    /* The process id keeps two runs at the same time apart; it is never printed. */
    if (FAILED(StringCchPrintf(gszPipeName, ARRAYSIZE(gszPipeName),
                               TEXT("\\\\.\\pipe\\w32shim-example-%lu"),
                               (unsigned long)GetCurrentProcessId())))
        return Fail(TEXT("StringCchPrintf"));

    hPipe = CreateNamedPipe(gszPipeName, PIPE_ACCESS_DUPLEX,
                            PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
                            1, BUFSIZE, BUFSIZE, 0, NULL);
    if (hPipe == INVALID_HANDLE_VALUE)
        return Fail(TEXT("CreateNamedPipe"));
    _tprintf(TEXT("Server: created one instance of a message-mode pipe\n"));

    hThread = CreateThread(NULL, 0, ClientThread, NULL, 0, NULL);
    if (hThread == NULL)
        return Fail(TEXT("CreateThread"));

    /* The client may have connected already: that is a success too. */
    fConnected = ConnectNamedPipe(hPipe, NULL) ? TRUE : (GetLastError() == ERROR_PIPE_CONNECTED);
    if (!fConnected) {
        nResult = Fail(TEXT("ConnectNamedPipe"));
        CloseHandle(hPipe);
    } else {
        _tprintf(TEXT("Server: the client connected\n"));
        nResult = Serve(hPipe);
        if (!DisconnectNamedPipe(hPipe) && nResult == 0)
            nResult = Fail(TEXT("DisconnectNamedPipe"));
        if (!CloseHandle(hPipe) && nResult == 0)
            nResult = Fail(TEXT("CloseHandle"));
        if (nResult == 0)
            _tprintf(TEXT("Server: disconnected and closed the pipe\n"));
    }

    if (WaitForSingleObject(hThread, INFINITE) != WAIT_OBJECT_0)
        return Fail(TEXT("WaitForSingleObject"));
    if (!GetExitCodeThread(hThread, &dwExitCode))
        return Fail(TEXT("GetExitCodeThread"));
    CloseHandle(hThread);
    for (i = 0; i < gnLog; i++)
        _tprintf(TEXT("%s\n"), gLog[i]);
    if (dwExitCode != 0)
        _tprintf(TEXT("The client thread exited with code %lu\n"), (unsigned long)dwExitCode);
    return nResult != 0 || dwExitCode != 0;
}
