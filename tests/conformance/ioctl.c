/*
 * Conformance: DeviceIoControl on pipes (FSCTL_PIPE_PEEK) and files
 * (FSCTL_SET_ZERO_DATA, FSCTL_QUERY_ALLOCATED_RANGES), synchronous and
 * overlapped, and the codes a device does not know.
 */
#include "conformance.h"
#include <winioctl.h>

/* The named pipe file system's code and structure (ntifs.h, not the SDK's). */
#ifndef FSCTL_PIPE_PEEK
#define FSCTL_PIPE_PEEK CTL_CODE(FILE_DEVICE_NAMED_PIPE, 3, METHOD_BUFFERED, FILE_READ_DATA)
#endif
struct peek_buffer {
    ULONG state, available, messages, length;
    char data[48];
};
#define PEEK_HEADER 16
#define CONNECTED_STATE 3
#define CLOSING_STATE 4

static char pipe_name[MAX_PATH];
static char file_path[MAX_PATH];

static DWORD peek(HANDLE h, struct peek_buffer *pb, DWORD size, DWORD *n)
{
    memset(pb, 0x55, sizeof(*pb));
    *n = 0xdead;
    SetLastError(0xdeadbeef);
    return DeviceIoControl(h, FSCTL_PIPE_PEEK, NULL, 0, pb, size, n, NULL) ? ERROR_SUCCESS
                                                                             : GetLastError();
}

static void test_peek_anonymous(void)
{
    struct peek_buffer pb;
    HANDLE r, w;
    DWORD n;
    char buf[8];

    ok(CreatePipe(&r, &w, NULL, 0), "a pipe");
    ok(peek(r, &pb, sizeof(pb), &n) == ERROR_SUCCESS && n == PEEK_HEADER &&
       pb.state == CONNECTED_STATE && pb.available == 0 && pb.messages == 0 && pb.length == 0,
       "an empty pipe: the header alone, connected, nothing available (%lu, %lu)",
       (unsigned long)n, (unsigned long)pb.state);
    ok(WriteFile(w, "hello", 5, &n, NULL), "5 bytes written");
    ok(peek(r, &pb, sizeof(pb), &n) == ERROR_SUCCESS && n == PEEK_HEADER + 5 &&
       pb.available == 5 && memcmp(pb.data, "hello", 5) == 0 && pb.messages == 0,
       "the header and the 5 bytes, none consumed");
    ok(peek(r, &pb, PEEK_HEADER + 2, &n) == ERROR_SUCCESS && n == PEEK_HEADER + 2 &&
       memcmp(pb.data, "he", 2) == 0 && pb.available == 5,
       "a byte pipe's peek that gets part of the data succeeds");
    todo_wine_ok(peek(r, &pb, PEEK_HEADER, &n) == ERROR_MORE_DATA && n == PEEK_HEADER &&
                 pb.available == 5,
                 "room for the header alone with data waiting: ERROR_MORE_DATA");
    todo_wine_ok(peek(r, &pb, 8, &n) == ERROR_INVALID_PARAMETER && n == 0xdead,
                 "no room for the header: ERROR_INVALID_PARAMETER, no count");
    ok(peek(w, &pb, sizeof(pb), &n) == ERROR_ACCESS_DENIED, "the write end cannot peek");
    ok(CloseHandle(w), "the write end closed");
    ok(peek(r, &pb, sizeof(pb), &n) == ERROR_SUCCESS && pb.state == CLOSING_STATE &&
       pb.available == 5, "the data outlives the writer, the pipe closing");
    ok(ReadFile(r, buf, 5, &n, NULL) && n == 5, "the data read");
    ok(peek(r, &pb, sizeof(pb), &n) == ERROR_BROKEN_PIPE, "then the pipe is broken");
    CloseHandle(r);
}

/* A server in message mode with a client that wrote "abc", "defgh" and "ij". */
static void message_pair(HANDLE *server, HANDLE *client, DWORD server_flags)
{
    DWORD n;

    snprintf(pipe_name, sizeof(pipe_name), "\\\\.\\pipe\\w32ioctl-%lu",
             (unsigned long)GetCurrentProcessId());
    *server = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | server_flags,
                               PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1, 1024, 1024, 0,
                               NULL);
    ok(*server != INVALID_HANDLE_VALUE, "a message pipe");
    *client = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                          NULL);
    ok(*client != INVALID_HANDLE_VALUE, "its client");
    ok(WriteFile(*client, "abc", 3, &n, NULL) && WriteFile(*client, "defgh", 5, &n, NULL) &&
       WriteFile(*client, "ij", 2, &n, NULL), "three messages written");
}

static void test_peek_messages(void)
{
    struct peek_buffer pb;
    HANDLE s, c, listening;
    DWORD n, read, avail, left;
    char buf[8];

    message_pair(&s, &c, 0);
    ok(peek(s, &pb, sizeof(pb), &n) == ERROR_SUCCESS && n == PEEK_HEADER + 3 &&
       pb.available == 10 && pb.length == 3 && memcmp(pb.data, "abc", 3) == 0,
       "a message pipe's peek gets the first message, every byte counted (%lu, %lu, %lu)",
       (unsigned long)n, (unsigned long)pb.available, (unsigned long)pb.length);
    todo_wine_ok(pb.messages >= 1, "and counts its messages");
    ok(peek(s, &pb, PEEK_HEADER + 2, &n) == ERROR_MORE_DATA && n == PEEK_HEADER + 2 &&
       memcmp(pb.data, "ab", 2) == 0, "part of a message: ERROR_MORE_DATA, with the part");
    ok(!ReadFile(s, buf, 2, &n, NULL) && GetLastError() == ERROR_MORE_DATA,
       "a read takes part of the first message");
    ok(peek(s, &pb, sizeof(pb), &n) == ERROR_SUCCESS && n == PEEK_HEADER + 1 &&
       pb.data[0] == 'c' && pb.available == 8,
       "a peek then sees the rest of that message alone (%lu)", (unsigned long)n);
    ok(PeekNamedPipe(s, buf, sizeof(buf), &read, &avail, &left) && read == 1 && buf[0] == 'c' &&
       avail == 8 && left == 0, "and so does PeekNamedPipe (%lu)", (unsigned long)read);
    ok(CloseHandle(c), "the client closed");
    ok(peek(s, &pb, sizeof(pb), &n) == ERROR_SUCCESS && pb.state == CLOSING_STATE,
       "the messages outlive the client, the pipe closing");
    CloseHandle(s);
    listening = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 64, 64, 0, NULL);
    ok(peek(listening, &pb, sizeof(pb), &n) == ERROR_BAD_PIPE,
       "a server with no client: ERROR_BAD_PIPE");
    CloseHandle(listening);
}

static void test_peek_overlapped(void)
{
    struct peek_buffer pb;
    OVERLAPPED ov = { 0 }, *got = NULL;
    HANDLE s, c, port;
    ULONG_PTR key = 0;
    DWORD n = 0;

    message_pair(&s, &c, FILE_FLAG_OVERLAPPED);
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(DeviceIoControl(s, FSCTL_PIPE_PEEK, NULL, 0, &pb, sizeof(pb), &n, &ov) &&
       n == PEEK_HEADER + 3, "an overlapped peek finishes in its call");
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0 && ov.Internal == 0 &&
       ov.InternalHigh == PEEK_HEADER + 3, "its event set, its OVERLAPPED complete");
    ok(GetOverlappedResult(s, &ov, &n, FALSE) && n == PEEK_HEADER + 3,
       "GetOverlappedResult has the count");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(s, FSCTL_PIPE_PEEK, NULL, 0, &pb, PEEK_HEADER + 2, NULL, &ov) &&
       GetLastError() == ERROR_MORE_DATA, "part of a message: ERROR_MORE_DATA");
    ok(WaitForSingleObject(ov.hEvent, 0) == WAIT_OBJECT_0 && ov.Internal == 0x80000005 &&
       ov.InternalHigh == PEEK_HEADER + 2, "a warning completes the OVERLAPPED all the same");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(s, FSCTL_PIPE_PEEK, NULL, 0, &pb, 8, NULL, &ov) &&
       WaitForSingleObject(ov.hEvent, 0) == WAIT_TIMEOUT && ov.Internal == STATUS_PENDING &&
       ov.InternalHigh == 0, "a refused call leaves the OVERLAPPED pending, its event reset");
    port = CreateIoCompletionPort(s, NULL, 77, 0);
    ok(port != NULL, "the server on a port");
    ok(DeviceIoControl(s, FSCTL_PIPE_PEEK, NULL, 0, &pb, sizeof(pb), &n, &ov),
       "a peek on the port's handle");
    todo_wine_ok(GetQueuedCompletionStatus(port, &n, &key, &got, 0) && key == 77 && got == &ov &&
                 n == PEEK_HEADER + 3, "queues its packet, as every overlapped call does");
    CloseHandle(port);
    CloseHandle(ov.hEvent);
    CloseHandle(c);
    CloseHandle(s);
}

static HANDLE temp_file(DWORD access)
{
    char dir[MAX_PATH];

    if (!file_path[0]) {
        GetTempPathA(sizeof(dir) - 32, dir);
        snprintf(file_path, sizeof(file_path), "%.200sw32ioctl-%lu.tmp", dir,
                 (unsigned long)GetCurrentProcessId());
    }
    return CreateFileA(file_path, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS,
                       0, NULL);
}

/* The 4 bytes at offset in h. */
static DWORD bytes_at(HANDLE h, LONG offset)
{
    DWORD word = 0xffffffff, n;

    SetFilePointer(h, offset, NULL, FILE_BEGIN);
    ReadFile(h, &word, 4, &n, NULL);
    return word;
}

static void test_zero_data(void)
{
    HANDLE f = temp_file(GENERIC_READ | GENERIC_WRITE), ro;
    FILE_ZERO_DATA_INFORMATION z;
    static char data[8192];
    DWORD n = 0;

    memset(data, 'x', sizeof(data));
    ok(f != INVALID_HANDLE_VALUE && WriteFile(f, data, sizeof(data), &n, NULL), "an 8 KiB file");
    z.FileOffset.QuadPart = 100;
    z.BeyondFinalZero.QuadPart = 200;
    todo_wine_ok(DeviceIoControl(f, FSCTL_SET_ZERO_DATA, &z, sizeof(z), NULL, 0, &n, NULL) &&
                 n == 0, "FSCTL_SET_ZERO_DATA zeroes [100, 200)");
    todo_wine_ok(bytes_at(f, 98) == 0x00007878 && bytes_at(f, 198) == 0x78780000,
                 "and not a byte more");
    z.FileOffset.QuadPart = 8000;
    z.BeyondFinalZero.QuadPart = 20000;
    todo_wine_ok(DeviceIoControl(f, FSCTL_SET_ZERO_DATA, &z, sizeof(z), NULL, 0, &n, NULL),
                 "a range past the end");
    ok(GetFileSize(f, NULL) == sizeof(data), "leaves the size alone");
    z.FileOffset.QuadPart = 300;
    z.BeyondFinalZero.QuadPart = 200;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_SET_ZERO_DATA, &z, sizeof(z), NULL, 0, &n, NULL) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "an end before the start: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_SET_ZERO_DATA, &z, sizeof(z) - 1, NULL, 0, &n, NULL) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "a short input: ERROR_INVALID_PARAMETER");
    ro = temp_file(GENERIC_READ);
    z.FileOffset.QuadPart = 0;
    z.BeyondFinalZero.QuadPart = 10;
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(ro, FSCTL_SET_ZERO_DATA, &z, sizeof(z), NULL, 0, &n, NULL) &&
       GetLastError() == ERROR_ACCESS_DENIED, "a handle without write access: ERROR_ACCESS_DENIED");
    ok(bytes_at(ro, 0) == 0x78787878, "and nothing zeroed");
    CloseHandle(ro);
    CloseHandle(f);
    DeleteFileA(file_path);
}

static void test_allocated_ranges(void)
{
    HANDLE f = temp_file(GENERIC_READ | GENERIC_WRITE);
    FILE_ALLOCATED_RANGE_BUFFER q, out[4];
    static char data[8192];
    DWORD n = 0;

    ok(f != INVALID_HANDLE_VALUE && WriteFile(f, data, sizeof(data), &n, NULL), "an 8 KiB file");
    q.FileOffset.QuadPart = 0;
    q.Length.QuadPart = 100000;
    todo_wine_ok(DeviceIoControl(f, FSCTL_QUERY_ALLOCATED_RANGES, &q, sizeof(q), out, sizeof(out),
                                 &n, NULL) && n == sizeof(out[0]) &&
                 out[0].FileOffset.QuadPart == 0 && out[0].Length.QuadPart == sizeof(data),
                 "a file that is not sparse: one range, cut at its end");
    q.FileOffset.QuadPart = 10;
    q.Length.QuadPart = 50;
    todo_wine_ok(DeviceIoControl(f, FSCTL_QUERY_ALLOCATED_RANGES, &q, sizeof(q), out, sizeof(out),
                                 &n, NULL) && n == sizeof(out[0]) &&
                 out[0].FileOffset.QuadPart == 10 && out[0].Length.QuadPart == 50,
                 "a range inside the file: that range");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_QUERY_ALLOCATED_RANGES, &q, sizeof(q), out, 8, &n,
                                  NULL) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
                 "no room for one range: ERROR_INSUFFICIENT_BUFFER");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_QUERY_ALLOCATED_RANGES, &q, sizeof(q) - 1, out,
                                  sizeof(out), &n, NULL) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "a short input: ERROR_INVALID_PARAMETER");
    q.FileOffset.QuadPart = -1;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_QUERY_ALLOCATED_RANGES, &q, sizeof(q), out,
                                  sizeof(out), &n, NULL) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "a negative offset: ERROR_INVALID_PARAMETER");
    CloseHandle(f);
    DeleteFileA(file_path);
}

static void test_unknown_codes_and_handles(void)
{
    HANDLE f = temp_file(GENERIC_READ | GENERIC_WRITE), r, w, e;
    char out[64];
    DWORD n = 0;

    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 0x7ff, METHOD_BUFFERED,
                                              FILE_ANY_ACCESS),
                                  NULL, 0, NULL, 0, &n, NULL) &&
                 GetLastError() == ERROR_INVALID_FUNCTION,
                 "a file system code a file does not know: ERROR_INVALID_FUNCTION");
    SetLastError(0xdeadbeef);
    todo_wine_ok(!DeviceIoControl(f, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), &n, NULL) &&
                 GetLastError() == ERROR_INVALID_FUNCTION,
                 "a pipe's code on a file: ERROR_INVALID_FUNCTION");
    ok(CreatePipe(&r, &w, NULL, 0), "a pipe");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(r, FSCTL_QUERY_ALLOCATED_RANGES, out, 16, out + 16, 16, &n, NULL) &&
       GetLastError() == ERROR_NOT_SUPPORTED, "a file's code on a pipe: ERROR_NOT_SUPPORTED");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(r, FSCTL_SET_ZERO_DATA, out, 16, NULL, 0, &n, NULL) &&
       GetLastError() == ERROR_ACCESS_DENIED,
       "a code's access is checked first: ERROR_ACCESS_DENIED");
    e = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(e, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), &n, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE, "an event: ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(NULL, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), &n, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE, "NULL: ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!DeviceIoControl(INVALID_HANDLE_VALUE, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), &n,
                        NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "INVALID_HANDLE_VALUE: ERROR_INVALID_HANDLE");
    CloseHandle(e);
    CloseHandle(r);
    ok(!DeviceIoControl(r, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), &n, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE, "a closed handle: ERROR_INVALID_HANDLE");
    /* Windows writes through a NULL lpBytesReturned of a call that is not
     * overlapped, and faults: w32shim refuses it. */
    if (running_on_w32shim())
        ok(!DeviceIoControl(w, FSCTL_PIPE_PEEK, NULL, 0, out, sizeof(out), NULL, NULL) &&
           GetLastError() == ERROR_INVALID_PARAMETER,
           "no count and no OVERLAPPED: ERROR_INVALID_PARAMETER");
    CloseHandle(w);
    CloseHandle(f);
    DeleteFileA(file_path);
}

CONFORMANCE_MAIN(test_peek_anonymous, test_peek_messages, test_peek_overlapped, test_zero_data,
                 test_allocated_ranges, test_unknown_codes_and_handles)
