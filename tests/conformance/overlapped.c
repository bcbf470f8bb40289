/*
 * Conformance: overlapped I/O on files and named pipes: GetOverlappedResult,
 * completion routines, completion ports, cancellation, closing with I/O pending.
 */
#include "conformance.h"

static char file_path[MAX_PATH];
static char pipe_name[MAX_PATH];

static HANDLE open_temp(DWORD flags)
{
    char dir[MAX_PATH];

    GetTempPathA(sizeof(dir) - 32, dir);
    snprintf(file_path, sizeof(file_path), "%.200sw32ov-%lu.tmp", dir,
             (unsigned long)GetCurrentProcessId());
    return CreateFileA(file_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                       flags | FILE_FLAG_DELETE_ON_CLOSE, NULL);
}

static const char *unique_pipe(void)
{
    static int serial;

    snprintf(pipe_name, sizeof(pipe_name), "\\\\.\\pipe\\w32ov-%lu-%d",
             (unsigned long)GetCurrentProcessId(), serial++);
    return pipe_name;
}

/*
 * A connected pair: an overlapped byte-mode server end and a client end. The
 * client came first, so ConnectNamedPipe reports ERROR_PIPE_CONNECTED.
 */
static void pipe_pair(HANDLE *server, HANDLE *client, DWORD client_flags)
{
    OVERLAPPED ov = { 0 };

    unique_pipe();
    *server = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED,
                               PIPE_TYPE_BYTE, 1, 4096, 4096, 0, NULL);
    *client = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                          client_flags, NULL);
    ok(!ConnectNamedPipe(*server, &ov) && GetLastError() == ERROR_PIPE_CONNECTED,
       "the pair is connected");
}

/* Completes a transfer that may still be pending; its byte count, or -1. */
static LONG finish(HANDLE h, OVERLAPPED *ov, BOOL issued)
{
    DWORD n;

    if (!issued && GetLastError() != ERROR_IO_PENDING)
        return -1;
    return GetOverlappedResult(h, ov, &n, TRUE) ? (LONG)n : -1;
}

static void test_file_transfers(void)
{
    HANDLE f = open_temp(FILE_FLAG_OVERLAPPED);
    OVERLAPPED ov = { 0 };
    char buf[16] = { 0 };
    DWORD n;
    BOOL r;
    LARGE_INTEGER pos;

    ok(f != INVALID_HANDLE_VALUE, "an overlapped file opens");
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.Offset = 4;
    r = WriteFile(f, "hello", 5, &n, &ov);
    ok(finish(f, &ov, r) == 5, "an overlapped write at offset 4 moves 5 bytes");
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0, "and sets the event");
    ok(HasOverlappedIoCompleted(&ov) && ov.Internal == 0 && ov.InternalHigh == 5,
       "Internal and InternalHigh hold the status and the count");
    ov.Offset = 0;
    r = ReadFile(f, buf, sizeof(buf), &n, &ov);
    ok(finish(f, &ov, r) == 9 && memcmp(buf + 4, "hello", 5) == 0,
       "an overlapped read at offset 0 reads to the end of the file");
    ok(GetFileSize(f, NULL) == 9, "the file grew to 9 bytes");
    ok(SetFilePointerEx(f, (LARGE_INTEGER){ 0 }, &pos, FILE_CURRENT) && pos.QuadPart == 0,
       "an overlapped handle's pointer does not move");
    ov.Offset = 100;
    r = ReadFile(f, buf, sizeof(buf), &n, &ov);
    if (!r && GetLastError() == ERROR_IO_PENDING)
        r = GetOverlappedResult(f, &ov, &n, TRUE);
    ok(!r && GetLastError() == ERROR_HANDLE_EOF, "a read past the end fails with ERROR_HANDLE_EOF");
    ok(ov.Internal == 0xC0000011 /* STATUS_END_OF_FILE */, "with STATUS_END_OF_FILE");
    ok(!ReadFile(f, buf, 1, &n, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "an overlapped handle needs an OVERLAPPED");
    CloseHandle(ov.hEvent);
    CloseHandle(f);
}

static void test_get_overlapped_result(void)
{
    OVERLAPPED ov = { 0 };
    DWORD n = 7;

    ov.Internal = 0;
    ov.InternalHigh = 0xabcd;
    ok(GetOverlappedResult(NULL, &ov, &n, FALSE) && n == 0xabcd,
       "a completed OVERLAPPED needs no handle");
    ov.Internal = 0xC0000008; /* STATUS_INVALID_HANDLE */
    ok(!GetOverlappedResult(NULL, &ov, &n, FALSE) && GetLastError() == ERROR_INVALID_HANDLE,
       "a failed one gives its status as the error");
    n = 0;
    ov.Internal = STATUS_PENDING;
    ok(!GetOverlappedResult(NULL, &ov, &n, FALSE) && GetLastError() == ERROR_IO_INCOMPLETE &&
       n == 0, "a pending one without waiting: ERROR_IO_INCOMPLETE, nothing written");
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(!GetOverlappedResultEx(NULL, &ov, &n, 10, FALSE) && GetLastError() == WAIT_TIMEOUT,
       "GetOverlappedResultEx times out with WAIT_TIMEOUT");
    ok(!HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted reads STATUS_PENDING");
    CloseHandle(ov.hEvent);
}

static int routine_calls;
static DWORD routine_error, routine_bytes;
static OVERLAPPED *routine_ov;

static void WINAPI routine(DWORD error, DWORD bytes, OVERLAPPED *ov)
{
    routine_calls++;
    routine_error = error;
    routine_bytes = bytes;
    routine_ov = ov;
}

static void test_completion_routines(void)
{
    HANDLE f = open_temp(FILE_FLAG_OVERLAPPED), sync;
    OVERLAPPED ov = { 0 };
    char buf[8];

    routine_calls = 0;
    ok(WriteFileEx(f, "abc", 3, &ov, routine), "WriteFileEx");
    ok(routine_calls == 0, "the routine does not run before an alertable wait");
    Sleep(10);
    ok(routine_calls == 0, "nor in a wait that is not alertable");
    ok(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION, "an alertable wait runs it");
    ok(routine_calls == 1 && routine_error == 0 && routine_bytes == 3 && routine_ov == &ov,
       "with the error, the count and the OVERLAPPED");
    memset(&ov, 0, sizeof(ov));
    ok(ReadFileEx(f, buf, 3, &ov, routine), "ReadFileEx");
    ok(WaitForSingleObjectEx(GetCurrentProcess(), 5000, TRUE) == WAIT_IO_COMPLETION &&
       routine_calls == 2 && routine_bytes == 3 && memcmp(buf, "abc", 3) == 0,
       "WaitForSingleObjectEx runs it too");
    ok(!ReadFileEx(f, buf, 3, NULL, routine), "ReadFileEx needs an OVERLAPPED");
    CloseHandle(f);

    sync = open_temp(0);
    WriteFile(sync, "abc", 3, &routine_bytes, NULL);
    memset(&ov, 0, sizeof(ov));
    /* ReadFileEx's documentation: the handle must be opened with FILE_FLAG_OVERLAPPED.
     * Wine reads synchronous handles all the same. */
    todo_wine_ok(!ReadFileEx(sync, buf, 3, &ov, routine) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "ReadFileEx on a synchronous handle fails with ERROR_INVALID_PARAMETER");
    SleepEx(0, TRUE);
    CloseHandle(sync);
}

static void test_port_association(void)
{
    HANDLE f = open_temp(FILE_FLAG_OVERLAPPED), port, port2;
    OVERLAPPED ov = { 0 }, *got;
    ULONG_PTR key;
    DWORD n;
    BOOL r;

    port = CreateIoCompletionPort(f, NULL, 77, 0);
    ok(port != NULL, "CreateIoCompletionPort with a file makes a port and associates it");
    port2 = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(CreateIoCompletionPort(f, port2, 1, 0) == NULL && GetLastError() == ERROR_INVALID_PARAMETER,
       "a second association fails with ERROR_INVALID_PARAMETER");
    r = WriteFile(f, "data", 4, &n, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "an overlapped write");
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000) && got == &ov && key == 77 && n == 4,
       "completes through the port with the file's key");
    ov.hEvent = (HANDLE)((ULONG_PTR)CreateEventA(NULL, TRUE, FALSE, NULL) | 1);
    r = WriteFile(f, "data", 4, &n, &ov);
    ok(finish(f, &ov, r) == 4, "a write whose hEvent has its low bit set");
    ok(!GetQueuedCompletionStatus(port, &n, &key, &got, 100) && GetLastError() == WAIT_TIMEOUT,
       "queues no packet");
    CloseHandle((HANDLE)((ULONG_PTR)ov.hEvent & ~(ULONG_PTR)1));
    ov.hEvent = NULL;
    ok(SetFileCompletionNotificationModes(f, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS),
       "SetFileCompletionNotificationModes");
    r = WriteFile(f, "data", 4, &n, &ov);
    if (r)
        ok(!GetQueuedCompletionStatus(port, &n, &key, &got, 100),
           "a write that succeeds at once then queues no packet");
    else
        ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000),
           "a write that pends still queues one");
    CloseHandle(f);
    CloseHandle(port2);
    CloseHandle(port);
}

static void test_pipe_pending_read(void)
{
    HANDLE s, c, event = CreateEventA(NULL, TRUE, TRUE, NULL);
    OVERLAPPED ov = { 0 };
    char buf[16] = { 0 };
    DWORD n = 99;

    pipe_pair(&s, &c, 0);
    ov.hEvent = event;
    ok(!ReadFile(s, buf, sizeof(buf), &n, &ov) && GetLastError() == ERROR_IO_PENDING,
       "a read with no data pends");
    ok(n == 0 && ov.Internal == STATUS_PENDING, "with STATUS_PENDING in the OVERLAPPED");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "the event was reset");
    ok(!GetOverlappedResult(s, &ov, &n, FALSE) && GetLastError() == ERROR_IO_INCOMPLETE,
       "GetOverlappedResult without waiting: ERROR_IO_INCOMPLETE");
    ok(WriteFile(c, "ping", 4, &n, NULL) && n == 4, "the client writes");
    ok(GetOverlappedResult(s, &ov, &n, TRUE) && n == 4 && memcmp(buf, "ping", 4) == 0,
       "the pending read completes with the data");
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "and its event is set");
    CloseHandle(c);
    ok(!ReadFile(s, buf, sizeof(buf), &n, &ov) &&
       (GetLastError() == ERROR_BROKEN_PIPE ||
        (GetLastError() == ERROR_IO_PENDING && !GetOverlappedResult(s, &ov, &n, TRUE) &&
         GetLastError() == ERROR_BROKEN_PIPE)),
       "once the client is gone, a read fails with ERROR_BROKEN_PIPE");
    CloseHandle(s);
    CloseHandle(event);
}

static void test_pipe_no_event_signals_handle(void)
{
    HANDLE s, c;
    OVERLAPPED ov = { 0 };
    char buf[4];
    DWORD n;

    pipe_pair(&s, &c, 0);
    ok(!ReadFile(s, buf, sizeof(buf), &n, &ov) && GetLastError() == ERROR_IO_PENDING,
       "a pending read without an event");
    ok(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "the file handle is reset");
    WriteFile(c, "x", 1, &n, NULL);
    ok(WaitForSingleObject(s, 5000) == WAIT_OBJECT_0, "and signalled when the read completes");
    ok(GetOverlappedResult(s, &ov, &n, FALSE) && n == 1, "the result is there");
    CloseHandle(c);
    CloseHandle(s);
}

static void test_connect_overlapped(void)
{
    HANDLE s, c, event = CreateEventA(NULL, TRUE, FALSE, NULL);
    OVERLAPPED ov = { 0 };
    DWORD n;

    unique_pipe();
    s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1,
                         4096, 4096, 0, NULL);
    ov.hEvent = event;
    ok(!ConnectNamedPipe(s, &ov) && GetLastError() == ERROR_IO_PENDING,
       "an overlapped ConnectNamedPipe with no client pends");
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "its event is not set");
    c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(c != INVALID_HANDLE_VALUE, "a client opens the pipe");
    ok(WaitForSingleObject(event, 5000) == WAIT_OBJECT_0, "the connection completes");
    ok(GetOverlappedResult(s, &ov, &n, FALSE), "with success");
    ok(!ConnectNamedPipe(s, &ov) && GetLastError() == ERROR_PIPE_CONNECTED,
       "ConnectNamedPipe on a connected pipe: ERROR_PIPE_CONNECTED");
    CloseHandle(c);
    CloseHandle(s);

    unique_pipe();
    s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, PIPE_TYPE_BYTE, 1,
                         4096, 4096, 0, NULL);
    c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ResetEvent(event);
    ok(!ConnectNamedPipe(s, &ov) && GetLastError() == ERROR_PIPE_CONNECTED,
       "a client that came first: ERROR_PIPE_CONNECTED at once");
    CloseHandle(c);
    CloseHandle(s);
    CloseHandle(event);
}

static void test_cancel(void)
{
    HANDLE s, c, port;
    OVERLAPPED ov1 = { 0 }, ov2 = { 0 }, *got;
    char b1[4], b2[4];
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 5, 0);
    ok(!ReadFile(s, b1, sizeof(b1), &n, &ov1) && GetLastError() == ERROR_IO_PENDING, "read 1 pends");
    ok(!ReadFile(s, b2, sizeof(b2), &n, &ov2) && GetLastError() == ERROR_IO_PENDING, "read 2 pends");
    ok(CancelIoEx(s, &ov2), "CancelIoEx cancels one OVERLAPPED");
    ok(GetQueuedCompletionStatus(port, &n, &key, &got, 5000) == FALSE &&
       GetLastError() == ERROR_OPERATION_ABORTED && got == &ov2,
       "its packet reports ERROR_OPERATION_ABORTED");
    ok(!GetOverlappedResult(s, &ov2, &n, FALSE) && GetLastError() == ERROR_OPERATION_ABORTED,
       "so does GetOverlappedResult");
    ok(!HasOverlappedIoCompleted(&ov1), "the other read still pends");
    ok(!CancelIoEx(s, &ov2) && GetLastError() == ERROR_NOT_FOUND,
       "CancelIoEx of what is no longer pending fails with ERROR_NOT_FOUND");
    ok(CancelIo(s), "CancelIo cancels this thread's reads");
    ok(!GetQueuedCompletionStatus(port, &n, &key, &got, 5000) &&
       GetLastError() == ERROR_OPERATION_ABORTED && got == &ov1, "aborted too");
    /* CancelIoEx's documentation: nothing to cancel gives ERROR_NOT_FOUND; Wine succeeds. */
    todo_wine_ok(!CancelIoEx(s, NULL) && GetLastError() == ERROR_NOT_FOUND,
                 "CancelIoEx with nothing pending fails with ERROR_NOT_FOUND");
    ok(CancelIo(s), "CancelIo with nothing pending succeeds");
    CloseHandle(c);
    CloseHandle(s);
    CloseHandle(port);
}

static void test_close_with_pending_read(void)
{
    HANDLE s, c, port;
    OVERLAPPED ov = { 0 }, *got;
    char *buf = malloc(64);
    ULONG_PTR key;
    DWORD n;

    pipe_pair(&s, &c, 0);
    port = CreateIoCompletionPort(s, NULL, 9, 0);
    ok(!ReadFile(s, buf, 64, &n, &ov) && GetLastError() == ERROR_IO_PENDING, "a read pends");
    ok(CloseHandle(s), "the server end closes with the read pending");
    ok(!GetQueuedCompletionStatus(port, &n, &key, &got, 5000) && got == &ov && key == 9,
       "the read completes, failed, through the port");
    /* Closing the last handle cancels the file's I/O (IRP_MJ_CLEANUP); Wine
     * ends a pipe's reads with ERROR_BROKEN_PIPE instead. */
    todo_wine_ok(GetLastError() == ERROR_OPERATION_ABORTED, "with ERROR_OPERATION_ABORTED");
    free(buf);
    ok(!WriteFile(c, "x", 1, &n, NULL), "the client finds the pipe gone");
    CloseHandle(c);
    CloseHandle(port);
}

static void test_pipe_pending_write(void)
{
    HANDLE s, c;
    OVERLAPPED ov = { 0 };
    static char big[1 << 20];
    char *sink = malloc(sizeof(big));
    DWORD n, total = 0;
    BOOL r;

    pipe_pair(&s, &c, 0);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    memset(big, 'w', sizeof(big));
    r = WriteFile(s, big, sizeof(big), &n, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "a write larger than the pipe pends");
    while (total < sizeof(big) && ReadFile(c, sink + total, sizeof(big) - total, &n, NULL))
        total += n;
    ok(total == sizeof(big) && sink[sizeof(big) - 1] == 'w', "the client reads all of it");
    ok(GetOverlappedResult(s, &ov, &n, TRUE) && n == sizeof(big), "the write completes in full");
    CloseHandle(ov.hEvent);
    free(sink);
    CloseHandle(c);
    CloseHandle(s);
}

CONFORMANCE_MAIN(test_file_transfers, test_get_overlapped_result, test_completion_routines,
                 test_port_association, test_pipe_pending_read, test_pipe_no_event_signals_handle,
                 test_connect_overlapped, test_cancel, test_close_with_pending_read,
                 test_pipe_pending_write)
