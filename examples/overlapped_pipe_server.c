/*
 * A named-pipe server that serves several clients at once from one thread,
 * in the style of the Windows SDK sample "Named Pipe Server Using Overlapped
 * I/O": INSTANCES instances of one pipe, each with its own OVERLAPPED and
 * event, and a loop that waits on all the events with
 * WaitForMultipleObjects and moves the instance whose event fired through
 * its states: connecting, reading a request, writing the reply.
 *
 * ConnectNamedPipe, ReadFile and WriteFile are overlapped: each returns at
 * once, with the operation either finished or pending (ERROR_IO_PENDING),
 * and GetOverlappedResult collects a pending one once its event is set. A
 * client that connects before ConnectNamedPipe is reported with
 * ERROR_PIPE_CONNECTED and the server sets the event itself, as the sample
 * does. When a client leaves, the instance is disconnected and listens
 * again for the next one.
 *
 * The clients are threads of this process; each sends REQUESTS requests and
 * reads the replies. The server counts what it served and stops once every
 * client is done, then prints the tally, so the output is the same on every
 * run whatever the order of the clients.
 */
#include <windows.h>
#include <tchar.h>
#include <strsafe.h>

#define INSTANCES 4
#define CLIENTS 6
#define REQUESTS 3
#define BUFSIZE 128
#define PIPE_TIMEOUT 5000

typedef enum { CONNECTING_STATE, READING_STATE, WRITING_STATE } PIPE_STATE;

typedef struct {
    OVERLAPPED oOverlap;
    HANDLE hPipeInst;
    TCHAR chRequest[BUFSIZE];
    DWORD cbRead;
    TCHAR chReply[BUFSIZE];
    DWORD cbToWrite;
    PIPE_STATE dwState;
    BOOL fPendingIO;
} PIPEINST;

static PIPEINST Pipe[INSTANCES];
static HANDLE hEvents[INSTANCES];
static TCHAR gszPipeName[64];
static LONG gnRepliesOk;        /* replies the clients checked */

static int Fail(LPCTSTR pszCall)
{
    _tprintf(TEXT("%s failed (error %lu)\n"), pszCall, (unsigned long)GetLastError());
    return 1;
}

/* Starts an overlapped connection; TRUE if it is pending. */
static BOOL ConnectToNewClient(HANDLE hPipe, LPOVERLAPPED lpo)
{
    BOOL fPendingIO = FALSE;

    if (ConnectNamedPipe(hPipe, lpo))
        return FALSE;       /* an overlapped ConnectNamedPipe returns FALSE */
    switch (GetLastError()) {
    case ERROR_IO_PENDING:
        fPendingIO = TRUE;
        break;
    case ERROR_PIPE_CONNECTED:
        /* The client came first: signal the event ourselves. */
        SetEvent(lpo->hEvent);
        break;
    default:
        Fail(TEXT("ConnectNamedPipe"));
        break;
    }
    return fPendingIO;
}

static void DisconnectAndReconnect(DWORD i)
{
    if (!DisconnectNamedPipe(Pipe[i].hPipeInst))
        Fail(TEXT("DisconnectNamedPipe"));
    Pipe[i].fPendingIO = ConnectToNewClient(Pipe[i].hPipeInst, &Pipe[i].oOverlap);
    Pipe[i].dwState = Pipe[i].fPendingIO ? CONNECTING_STATE : READING_STATE;
}

static void GetAnswerToRequest(PIPEINST *pipe)
{
    StringCchPrintf(pipe->chReply, BUFSIZE, TEXT("ACK %s"), pipe->chRequest);
    pipe->cbToWrite = (lstrlen(pipe->chReply) + 1) * sizeof(TCHAR);
}

/* The clients: each opens the pipe, sends its requests and checks each reply. */
static DWORD WINAPI ClientThread(LPVOID lpvParam)
{
    int id = (int)(INT_PTR)lpvParam;
    TCHAR chRequest[BUFSIZE], chReply[BUFSIZE], chExpected[BUFSIZE];
    HANDLE hPipe = INVALID_HANDLE_VALUE;
    DWORD cb, dwMode = PIPE_READMODE_MESSAGE;

    while (hPipe == INVALID_HANDLE_VALUE) {
        hPipe = CreateFile(gszPipeName, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                           NULL);
        if (hPipe == INVALID_HANDLE_VALUE &&
            (GetLastError() != ERROR_PIPE_BUSY || !WaitNamedPipe(gszPipeName, PIPE_TIMEOUT)))
            return Fail(TEXT("CreateFile (client)"));
    }
    if (!SetNamedPipeHandleState(hPipe, &dwMode, NULL, NULL))
        return Fail(TEXT("SetNamedPipeHandleState"));
    for (int r = 0; r < REQUESTS; r++) {
        StringCchPrintf(chRequest, BUFSIZE, TEXT("client %d request %d"), id, r);
        StringCchPrintf(chExpected, BUFSIZE, TEXT("ACK %s"), chRequest);
        if (!WriteFile(hPipe, chRequest, (lstrlen(chRequest) + 1) * sizeof(TCHAR), &cb, NULL) ||
            !ReadFile(hPipe, chReply, sizeof(chReply), &cb, NULL))
            return Fail(TEXT("WriteFile/ReadFile (client)"));
        if (lstrcmp(chReply, chExpected) == 0)
            InterlockedIncrement(&gnRepliesOk);
    }
    CloseHandle(hPipe);
    return 0;
}

/* Moves instance i on once its pending operation finished. */
static BOOL FinishPending(DWORD i, DWORD *pcbRet)
{
    BOOL fSuccess = GetOverlappedResult(Pipe[i].hPipeInst, &Pipe[i].oOverlap, pcbRet, FALSE);

    switch (Pipe[i].dwState) {
    case CONNECTING_STATE:
        if (!fSuccess)
            return Fail(TEXT("ConnectNamedPipe (completion)")), FALSE;
        Pipe[i].dwState = READING_STATE;
        return TRUE;
    case READING_STATE:
        if (!fSuccess || *pcbRet == 0) {
            DisconnectAndReconnect(i);
            return FALSE;
        }
        Pipe[i].cbRead = *pcbRet;
        Pipe[i].dwState = WRITING_STATE;
        return TRUE;
    case WRITING_STATE:
        if (!fSuccess || *pcbRet != Pipe[i].cbToWrite) {
            DisconnectAndReconnect(i);
            return FALSE;
        }
        Pipe[i].dwState = READING_STATE;
        return TRUE;
    }
    return FALSE;
}

/* Starts the next operation of instance i; counts the requests it answers. */
static void StartNext(DWORD i, LONG *pnServed)
{
    DWORD cb;

    if (Pipe[i].dwState == READING_STATE) {
        if (ReadFile(Pipe[i].hPipeInst, Pipe[i].chRequest, sizeof(Pipe[i].chRequest),
                     &Pipe[i].cbRead, &Pipe[i].oOverlap) && Pipe[i].cbRead != 0) {
            Pipe[i].fPendingIO = FALSE;
            Pipe[i].dwState = WRITING_STATE;
            return;
        }
        if (GetLastError() == ERROR_IO_PENDING) {
            Pipe[i].fPendingIO = TRUE;
            return;
        }
        DisconnectAndReconnect(i);      /* the client left */
        return;
    }
    GetAnswerToRequest(&Pipe[i]);
    if (WriteFile(Pipe[i].hPipeInst, Pipe[i].chReply, Pipe[i].cbToWrite, &cb,
                  &Pipe[i].oOverlap) && cb == Pipe[i].cbToWrite) {
        (*pnServed)++;
        Pipe[i].fPendingIO = FALSE;
        Pipe[i].dwState = READING_STATE;
        return;
    }
    if (GetLastError() == ERROR_IO_PENDING) {
        (*pnServed)++;
        Pipe[i].fPendingIO = TRUE;
        return;
    }
    DisconnectAndReconnect(i);
}

int _tmain(int argc, TCHAR *argv[])
{
    HANDLE hClients[CLIENTS];
    LONG nServed = 0;

    StringCchPrintf(gszPipeName, 64, TEXT("\\\\.\\pipe\\w32shim-overlapped-%lu"),
                    (unsigned long)GetCurrentProcessId());
    for (DWORD i = 0; i < INSTANCES; i++) {
        hEvents[i] = CreateEvent(NULL, TRUE, TRUE, NULL);
        if (!hEvents[i])
            return Fail(TEXT("CreateEvent"));
        Pipe[i].oOverlap.hEvent = hEvents[i];
        Pipe[i].hPipeInst = CreateNamedPipe(gszPipeName, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                                            PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT,
                                            INSTANCES, BUFSIZE * sizeof(TCHAR),
                                            BUFSIZE * sizeof(TCHAR), PIPE_TIMEOUT, NULL);
        if (Pipe[i].hPipeInst == INVALID_HANDLE_VALUE)
            return Fail(TEXT("CreateNamedPipe"));
        Pipe[i].fPendingIO = ConnectToNewClient(Pipe[i].hPipeInst, &Pipe[i].oOverlap);
        Pipe[i].dwState = Pipe[i].fPendingIO ? CONNECTING_STATE : READING_STATE;
    }
    _tprintf(TEXT("Server: %d instances of an overlapped message pipe, all connecting\n"),
             INSTANCES);
    for (int c = 0; c < CLIENTS; c++) {
        hClients[c] = CreateThread(NULL, 0, ClientThread, (LPVOID)(INT_PTR)c, 0, NULL);
        if (!hClients[c])
            return Fail(TEXT("CreateThread"));
    }

    while (nServed < CLIENTS * REQUESTS) {
        DWORD dwWait = WaitForMultipleObjects(INSTANCES, hEvents, FALSE, INFINITE);
        DWORD i = dwWait - WAIT_OBJECT_0, cbRet;

        if (i >= INSTANCES)
            return Fail(TEXT("WaitForMultipleObjects"));
        if (Pipe[i].fPendingIO && !FinishPending(i, &cbRet))
            continue;
        StartNext(i, &nServed);
    }

    WaitForMultipleObjects(CLIENTS, hClients, TRUE, INFINITE);
    for (int c = 0; c < CLIENTS; c++)
        CloseHandle(hClients[c]);
    for (DWORD i = 0; i < INSTANCES; i++) {
        CloseHandle(Pipe[i].hPipeInst);
        CloseHandle(hEvents[i]);
    }
    _tprintf(TEXT("Server: answered %ld requests of %d clients on %d instances\n"), (long)nServed,
             CLIENTS, INSTANCES);
    _tprintf(TEXT("Clients: %ld replies matched their requests\n"), (long)gnRepliesOk);
    return gnRepliesOk == CLIENTS * REQUESTS ? 0 : 1;
}
