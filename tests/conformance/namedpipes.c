/* Conformance: named pipes: instances, connection states, message mode, a client process. */
#define CONFORMANCE_CHILD pipe_child
#include "conformance.h"
#include <stdlib.h>

static char pipe_name[MAX_PATH];

static const char *unique_name(void)
{
    static int serial;

    snprintf(pipe_name, sizeof(pipe_name), "\\\\.\\pipe\\w32conf-%lu-%lu-%d",
             (unsigned long)GetCurrentProcessId(), (unsigned long)GetTickCount(), serial++);
    return pipe_name;
}

static HANDLE make_server(DWORD pipe_mode, DWORD max_instances)
{
    return CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, pipe_mode, max_instances, 1024, 1024,
                            0, NULL);
}

static HANDLE open_client(void)
{
    return CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

static int disconnected_child(const char *name, const char *tag);
static int inherited_child(const char *value);
static int busy_child(const char *name);

/* Child role "client NAME": sends "ping" as a message, expects "pong", exits 0.
 * Role "disconnected NAME TAG": see disconnected_child. */
static int pipe_child(int argc, char **argv)
{
    HANDLE h;
    char buf[8];
    DWORD n, mode = PIPE_READMODE_MESSAGE;

    if (argc >= 3 && strcmp(argv[0], "disconnected") == 0)
        return disconnected_child(argv[1], argv[2]);
    if (argc >= 2 && strcmp(argv[0], "inherited") == 0)
        return inherited_child(argv[1]);
    if (argc >= 2 && strcmp(argv[0], "busy") == 0)
        return busy_child(argv[1]);
    if (argc < 2 || strcmp(argv[0], "client") != 0)
        return 2;
    if (!WaitNamedPipeA(argv[1], 5000))
        return 3;
    h = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return 4;
    if (!SetNamedPipeHandleState(h, &mode, NULL, NULL))
        return 5;
    if (!WriteFile(h, "ping", 4, &n, NULL) || n != 4)
        return 6;
    if (!ReadFile(h, buf, sizeof(buf), &n, NULL) || n != 4 || memcmp(buf, "pong", 4) != 0)
        return 7;
    CloseHandle(h);
    return 0;
}

static void test_create_errors(void)
{
    HANDLE h, h2;

    unique_name();
    h = CreateNamedPipeA("w32conf-not-a-pipe", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
       "a name outside \\\\.\\pipe\\ fails with ERROR_INVALID_NAME");
    /* CreateNamedPipe's documentation: nMaxInstances is 1 to PIPE_UNLIMITED_INSTANCES.
     * Wine accepts 0. */
    h = make_server(0, 0);
    todo_wine_ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
                 "nMaxInstances 0 fails with ERROR_INVALID_PARAMETER");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    h = make_server(0, 256);
    todo_wine_ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
                 "nMaxInstances 256 fails with ERROR_INVALID_PARAMETER");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    h = make_server(PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE, 1);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "message reads on a byte pipe fail with ERROR_INVALID_PARAMETER");
    h = make_server(0, 1);
    ok(h != INVALID_HANDLE_VALUE, "CreateNamedPipe");
    ok(GetFileType(h) == FILE_TYPE_PIPE, "a named pipe is FILE_TYPE_PIPE");
    h2 = make_server(0, 1);
    ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY,
       "an instance beyond nMaxInstances fails with ERROR_PIPE_BUSY");
    CloseHandle(h);
    h = make_server(0, 2);
    h2 = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE, 0, 2,
                          1024, 1024, 0, NULL);
    /* Documented for FILE_FLAG_FIRST_PIPE_INSTANCE; Wine ignores the flag. */
    todo_wine_ok(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
                 "FILE_FLAG_FIRST_PIPE_INSTANCE on an existing pipe fails with ERROR_ACCESS_DENIED");
    if (h2 != INVALID_HANDLE_VALUE)
        CloseHandle(h2);
    h2 = make_server(0, 2);
    ok(h2 != INVALID_HANDLE_VALUE, "a second instance within nMaxInstances");
    CloseHandle(h2);
    CloseHandle(h);
    h = make_server(0, 1);
    ok(h != INVALID_HANDLE_VALUE, "the name is free again once its last instance is closed");
    CloseHandle(h);
}

/* PIPE_UNLIMITED_INSTANCES (255) is no count: instances are limited only by
 * resources, and GetNamedPipeInfo gives the value back. */
static void test_unlimited_instances(void)
{
    enum { N = 300 };
    HANDLE h[N], c;
    DWORD max = 0, made = 0, failed_at = 0, error = 0;

    unique_name();
    for (DWORD i = 0; i < N; i++) {
        h[i] = make_server(0, PIPE_UNLIMITED_INSTANCES);
        if (h[i] == INVALID_HANDLE_VALUE) {
            failed_at = i + 1;
            error = GetLastError();
            break;
        }
        made++;
    }
    ok(made == N, "300 instances of an unlimited pipe (instance %lu failed, error %lu)",
       (unsigned long)failed_at, (unsigned long)error);
    /* As GetNamedPipeInfo's documentation says; Wine gives 0. */
    todo_wine_ok(made > 0 && GetNamedPipeInfo(h[0], NULL, NULL, NULL, &max) &&
                 max == PIPE_UNLIMITED_INSTANCES,
                 "GetNamedPipeInfo gives PIPE_UNLIMITED_INSTANCES, not %lu", (unsigned long)max);
    /* A client takes one of them, past the 255th too. */
    c = open_client();
    ok(c != INVALID_HANDLE_VALUE, "a client opens an instance of the unlimited pipe");
    if (c != INVALID_HANDLE_VALUE)
        CloseHandle(c);
    for (DWORD i = 0; i < made; i++)
        CloseHandle(h[i]);
}

static void test_listening_state(void)
{
    HANDLE s;
    char c = 0;
    DWORD n;

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    ok(!ReadFile(s, &c, 1, &n, NULL) && GetLastError() == ERROR_PIPE_LISTENING,
       "ReadFile on a listening pipe fails with ERROR_PIPE_LISTENING");
    ok(!WriteFile(s, &c, 1, &n, NULL) && GetLastError() == ERROR_PIPE_LISTENING,
       "WriteFile on a listening pipe fails with ERROR_PIPE_LISTENING");
    ok(!PeekNamedPipe(s, NULL, 0, NULL, &n, NULL) && GetLastError() == ERROR_BAD_PIPE,
       "PeekNamedPipe on a listening pipe fails with ERROR_BAD_PIPE");
    ok(!DisconnectNamedPipe(s) && GetLastError() == ERROR_PIPE_LISTENING,
       "DisconnectNamedPipe on a listening pipe fails with ERROR_PIPE_LISTENING");
    CloseHandle(s);
}

static void test_client_connects_first(void)
{
    HANDLE s, c, c2;
    char buf[8];
    DWORD n;

    unique_name();
    c = open_client();
    ok(c == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "opening a missing pipe fails with ERROR_FILE_NOT_FOUND");
    ok(!WaitNamedPipeA(pipe_name, 10) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "WaitNamedPipe on a missing pipe fails with ERROR_FILE_NOT_FOUND");
    s = make_server(PIPE_TYPE_BYTE, 1);
    ok(WaitNamedPipeA(pipe_name, 10), "WaitNamedPipe sees a listening instance");
    c = open_client();
    ok(c != INVALID_HANDLE_VALUE, "a client opens a listening instance");
    ok(GetFileType(c) == FILE_TYPE_PIPE, "the client end is FILE_TYPE_PIPE");
    c2 = open_client();
    ok(c2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY,
       "a second client finds the pipe busy");
    ok(!WaitNamedPipeA(pipe_name, 10) && GetLastError() == ERROR_SEM_TIMEOUT,
       "WaitNamedPipe on a busy pipe times out with ERROR_SEM_TIMEOUT");
    ok(WriteFile(c, "hi", 2, &n, NULL) && n == 2, "the client may write before the server connects");
    if (c == INVALID_HANDLE_VALUE) {
        CloseHandle(s);
        return;
    }
    ok(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_PIPE_CONNECTED,
       "ConnectNamedPipe after the client fails with ERROR_PIPE_CONNECTED");
    ok(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_PIPE_CONNECTED,
       "and again while connected");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 2 && memcmp(buf, "hi", 2) == 0,
       "the server reads what the client wrote");
    ok(WriteFile(s, "yo", 2, &n, NULL) && n == 2, "the server writes");
    ok(ReadFile(c, buf, sizeof(buf), &n, NULL) && n == 2 && memcmp(buf, "yo", 2) == 0,
       "the client reads it");
    CloseHandle(c);
    ok(!ReadFile(s, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "once the client closes, the server's ReadFile fails with ERROR_BROKEN_PIPE");
    ok(!WriteFile(s, "x", 1, &n, NULL) && GetLastError() == ERROR_NO_DATA,
       "and its WriteFile with ERROR_NO_DATA");
    CloseHandle(s);
}

static void test_message_mode(void)
{
    HANDLE s, c;
    char buf[16];
    DWORD n, avail, left, mode;

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    c = open_client();
    if (!ok(c != INVALID_HANDLE_VALUE, "a client opens")) {
        CloseHandle(s);
        return;
    }
    ConnectNamedPipe(s, NULL);
    WriteFile(c, "hello world", 11, &n, NULL);
    WriteFile(c, "xy", 2, &n, NULL);
    memset(buf, 0, sizeof(buf));
    ok(PeekNamedPipe(s, buf, 4, &n, &avail, &left) && n == 4 && avail == 13 && left == 7,
       "PeekNamedPipe counts all bytes and what is left of the message");
    ok(!ReadFile(s, buf, 4, &n, NULL) && GetLastError() == ERROR_MORE_DATA && n == 4 &&
       memcmp(buf, "hell", 4) == 0, "a short read fails with ERROR_MORE_DATA");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 7 && memcmp(buf, "o world", 7) == 0,
       "the next read gets the rest of that message");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 2 && memcmp(buf, "xy", 2) == 0,
       "then the next message, alone");

    WriteFile(s, "abcdef", 6, &n, NULL);
    ok(ReadFile(c, buf, 3, &n, NULL) && n == 3, "a client reads in byte mode by default");
    mode = PIPE_READMODE_MESSAGE;
    ok(SetNamedPipeHandleState(c, &mode, NULL, NULL), "SetNamedPipeHandleState to messages");
    WriteFile(s, "abcdef", 6, &n, NULL);
    ok(ReadFile(c, buf, 3, &n, NULL) && n == 3 && memcmp(buf, "def", 3) == 0,
       "the rest of the first message");
    ok(!ReadFile(c, buf, 3, &n, NULL) && GetLastError() == ERROR_MORE_DATA,
       "in message mode, a short read fails with ERROR_MORE_DATA");
    ok(ReadFile(c, buf, 3, &n, NULL) && n == 3 && memcmp(buf, "def", 3) == 0,
       "and the rest follows");
    CloseHandle(c);
    CloseHandle(s);

    unique_name();
    s = make_server(PIPE_TYPE_BYTE, 1);
    mode = PIPE_READMODE_MESSAGE;
    ok(!SetNamedPipeHandleState(s, &mode, NULL, NULL) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a byte pipe refuses message reads");
    CloseHandle(s);
}

static void test_info(void)
{
    HANDLE s, c;
    DWORD flags = 0, out = 0, in = 0, max = 0;

    unique_name();
    s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 3, 1000, 2000, 0,
                         NULL);
    c = open_client();
    ok(GetNamedPipeInfo(s, &flags, &out, &in, &max), "GetNamedPipeInfo of the server");
    ok(flags == (PIPE_TYPE_MESSAGE | PIPE_SERVER_END), "server flags");
    ok(max == 3, "max instances");
    ok(GetNamedPipeInfo(c, &flags, NULL, NULL, &max), "GetNamedPipeInfo of the client");
    ok(flags == (PIPE_TYPE_MESSAGE | PIPE_CLIENT_END) && max == 3, "client flags");
    ok(!DisconnectNamedPipe(c) && GetLastError() == ERROR_NOT_SUPPORTED,
       "DisconnectNamedPipe of a client fails with ERROR_NOT_SUPPORTED");
    CloseHandle(c);
    CloseHandle(s);
}

/* Each call on each end of a disconnected instance, with the error Windows gives. */
static void check_disconnected(HANDLE s, HANDLE c, const char *mode)
{
    char buf[4];
    DWORD n, avail;

    SetLastError(0xdead);
    ok(!ReadFile(s, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the server's ReadFile fails with ERROR_PIPE_NOT_CONNECTED", mode);
    SetLastError(0xdead);
    ok(!WriteFile(s, "x", 1, &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the server's WriteFile fails with ERROR_PIPE_NOT_CONNECTED", mode);
    SetLastError(0xdead);
    ok(!WriteFile(s, "", 0, &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: and so does an empty one", mode);
    SetLastError(0xdead);
    ok(!PeekNamedPipe(s, NULL, 0, NULL, &avail, NULL) && GetLastError() == ERROR_BAD_PIPE,
       "%s: the server's PeekNamedPipe fails with ERROR_BAD_PIPE", mode);
    SetLastError(0xdead);
    ok(!ReadFile(c, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the client's ReadFile fails with ERROR_PIPE_NOT_CONNECTED, data waiting or not",
       mode);
    SetLastError(0xdead);
    ok(!WriteFile(c, "x", 1, &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the client's WriteFile fails with ERROR_PIPE_NOT_CONNECTED", mode);
    SetLastError(0xdead);
    ok(!PeekNamedPipe(c, NULL, 0, NULL, &avail, NULL) &&
       GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the client's PeekNamedPipe fails with ERROR_PIPE_NOT_CONNECTED", mode);
    SetLastError(0xdead);
    ok(!GetNamedPipeInfo(c, NULL, NULL, NULL, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: the client's GetNamedPipeInfo fails with ERROR_PIPE_NOT_CONNECTED", mode);
    SetLastError(0xdead);
    ok(!GetNamedPipeHandleStateA(c, &n, NULL, NULL, NULL, NULL, 0) &&
       GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: and its GetNamedPipeHandleState too", mode);
    SetLastError(0xdead);
    ok(GetNamedPipeInfo(s, NULL, NULL, NULL, NULL), "%s: the server's GetNamedPipeInfo works",
       mode);
    SetLastError(0xdead);
    ok(!DisconnectNamedPipe(s) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "%s: a second DisconnectNamedPipe fails with ERROR_PIPE_NOT_CONNECTED", mode);
}

static void test_disconnect(void)
{
    static const DWORD modes[] = { PIPE_TYPE_BYTE, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE };
    HANDLE s, c;
    DWORD n, avail;

    for (int i = 0; i < 2; i++) {
        const char *mode = i ? "message pipe" : "byte pipe";
        unique_name();
        s = make_server(modes[i], 1);
        c = open_client();
        if (!ok(c != INVALID_HANDLE_VALUE, "%s: a client opens", mode)) {
            CloseHandle(s);
            return;
        }
        ConnectNamedPipe(s, NULL);
        /* Data waiting both ways is thrown away. */
        ok(WriteFile(c, "abc", 3, &n, NULL) && WriteFile(s, "def", 3, &n, NULL), "%s: writes",
           mode);
        ok(PeekNamedPipe(s, NULL, 0, NULL, &avail, NULL) && avail == 3,
           "%s: the server sees the client's bytes", mode);
        ok(DisconnectNamedPipe(s), "%s: DisconnectNamedPipe with data waiting", mode);
        check_disconnected(s, c, mode);
        CloseHandle(c);
        c = open_client();
        ok(c == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY,
           "%s: a disconnected instance does not listen until ConnectNamedPipe", mode);
        CloseHandle(s);
    }
}

static void test_disconnect_reaches_only_its_client(void)
{
    HANDLE s1, s2, c1, c2;
    char buf[4];
    DWORD n;

    unique_name();
    s1 = make_server(PIPE_TYPE_BYTE, 2);
    s2 = make_server(PIPE_TYPE_BYTE, 2);
    c1 = open_client();
    ConnectNamedPipe(s1, NULL);
    ok(DisconnectNamedPipe(s1), "DisconnectNamedPipe of the first instance");
    c2 = open_client();
    if (!ok(c1 != INVALID_HANDLE_VALUE && c2 != INVALID_HANDLE_VALUE, "two clients open")) {
        CloseHandle(s1);
        CloseHandle(s2);
        return;
    }
    ConnectNamedPipe(s2, NULL);
    ok(!ReadFile(c1, buf, 1, &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "the first client is disconnected");
    ok(WriteFile(s2, "two", 3, &n, NULL) && ReadFile(c2, buf, sizeof(buf), &n, NULL) && n == 3 &&
       memcmp(buf, "two", 3) == 0, "the second client still reads");
    ok(WriteFile(c2, "back", 4, &n, NULL) && ReadFile(s2, buf, sizeof(buf), &n, NULL) && n == 4,
       "and writes");
    CloseHandle(c1);
    CloseHandle(c2);
    ok(!ReadFile(s2, buf, 1, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "a client that closes breaks the pipe: ERROR_BROKEN_PIPE, not a disconnect");
    CloseHandle(s1);
    CloseHandle(s2);
}

struct late_client {
    const char *name;
    HANDLE ready;
};

static DWORD WINAPI connect_late(LPVOID arg)
{
    struct late_client *lc = arg;
    HANDLE c;
    DWORD n;

    WaitForSingleObject(lc->ready, 5000);
    Sleep(20);
    if (!WaitNamedPipeA(lc->name, 5000))
        return 1;
    c = CreateFileA(lc->name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (c == INVALID_HANDLE_VALUE)
        return 2;
    WriteFile(c, "late", 4, &n, NULL);
    CloseHandle(c);
    return 0;
}

static void test_connect_waits_for_a_client(void)
{
    struct late_client lc;
    HANDLE s, thread;
    char buf[8];
    DWORD n, code = 77;

    lc.name = unique_name();
    lc.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    s = make_server(PIPE_TYPE_BYTE, 1);
    thread = CreateThread(NULL, 0, connect_late, &lc, 0, NULL);
    SetEvent(lc.ready);
    ok(ConnectNamedPipe(s, NULL), "ConnectNamedPipe waits for the client");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 4 && memcmp(buf, "late", 4) == 0,
       "and reads what it sent");
    WaitForSingleObject(thread, 5000);
    ok(GetExitCodeThread(thread, &code) && code == 0, "the client thread succeeded");
    ok(DisconnectNamedPipe(s), "DisconnectNamedPipe");
    CloseHandle(thread);
    CloseHandle(lc.ready);
    CloseHandle(s);
}

/* One synchronous call a thread blocks in, for CancelSynchronousIo to end. */
struct blocking_call {
    enum { CALL_CONNECT, CALL_WAIT, CALL_READ, CALL_FLUSH } what;
    HANDLE h;
    BOOL ok;
    DWORD error;
};

static DWORD WINAPI make_blocking_call(LPVOID arg)
{
    struct blocking_call *bc = arg;
    char buf[4];
    DWORD n;

    SetLastError(0);
    if (bc->what == CALL_CONNECT)
        bc->ok = ConnectNamedPipe(bc->h, NULL);
    else if (bc->what == CALL_WAIT)
        bc->ok = WaitNamedPipeA(pipe_name, NMPWAIT_WAIT_FOREVER);
    else if (bc->what == CALL_FLUSH)
        bc->ok = FlushFileBuffers(bc->h);
    else
        bc->ok = ReadFile(bc->h, buf, sizeof(buf), &n, NULL);
    bc->error = GetLastError();
    return 0;
}

/* Runs the call on a thread, cancels it once blocked: it fails with ERROR_OPERATION_ABORTED. */
static void check_cancelled(int what, HANDLE h, const char *name)
{
    struct blocking_call bc = { what, h, TRUE, 0 };
    HANDLE thread = CreateThread(NULL, 0, make_blocking_call, &bc, 0, NULL);

    ok(cancel_synchronous_io_when_blocked(thread), "%s: CancelSynchronousIo", name);
    ok(WaitForSingleObject(thread, INFINITE) == WAIT_OBJECT_0, "%s returns", name);
    ok(!bc.ok && bc.error == ERROR_OPERATION_ABORTED,
       "%s fails with ERROR_OPERATION_ABORTED (%d, %lu)", name, bc.ok, (unsigned long)bc.error);
    CloseHandle(thread);
}

static void test_cancel_synchronous_io(void)
{
    HANDLE s, c;
    char buf[8];
    DWORD n;

    unique_name();
    s = make_server(PIPE_TYPE_BYTE, 1);
    check_cancelled(CALL_CONNECT, s, "ConnectNamedPipe");
    c = open_client();
    if (!ok(c != INVALID_HANDLE_VALUE, "a client still opens the instance")) {
        CloseHandle(s);
        return;
    }
    check_cancelled(CALL_WAIT, NULL, "WaitNamedPipe on a busy pipe");
    check_cancelled(CALL_READ, s, "the server's ReadFile");
    check_cancelled(CALL_READ, c, "the client's ReadFile");
    ok(WriteFile(s, "zz", 2, &n, NULL), "the server writes what nobody reads");
    check_cancelled(CALL_FLUSH, s, "the server's FlushFileBuffers");
    ok(ReadFile(c, buf, sizeof(buf), &n, NULL) && n == 2, "the client still reads it");
    ok(WriteFile(c, "more", 4, &n, NULL) && ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 4 &&
       memcmp(buf, "more", 4) == 0, "the pipe still carries data after the cancels");
    CloseHandle(c);
    CloseHandle(s);
}

static void test_client_in_another_process(void)
{
    PROCESS_INFORMATION pi;
    char args[MAX_PATH + 16], buf[8];
    HANDLE s;
    DWORD n, code = 77;

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    snprintf(args, sizeof(args), "client %s", pipe_name);
    ok(start_child(args, &pi), "start the client process");
    ok(ConnectNamedPipe(s, NULL) || GetLastError() == ERROR_PIPE_CONNECTED,
       "ConnectNamedPipe to the client process");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 4 && memcmp(buf, "ping", 4) == 0,
       "the server reads the client's message");
    ok(WriteFile(s, "pong", 4, &n, NULL), "the server answers");
    ok(WaitForSingleObject(pi.hProcess, 10000) == WAIT_OBJECT_0, "the client ends");
    ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "the client succeeded (code %lu)",
       (unsigned long)code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(s);
}

/* ---- the one instance of another process's pipe, busy ---- */

/*
 * Child role "busy NAME": takes NAME's only instance, finds it busy for a
 * second client and for WaitNamedPipe, then (once its server disconnected
 * and listens again) waits for it and sends "y". The exit code is the
 * number of the step that failed, 0 if none.
 */
static int busy_child(const char *name)
{
    HANDLE first, second;
    DWORD n, start, waited;

    if (!WaitNamedPipeA(name, 5000))
        return 1;
    first = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (first == INVALID_HANDLE_VALUE)
        return 2;
    SetLastError(0xdead);
    second = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (second != INVALID_HANDLE_VALUE || GetLastError() != ERROR_PIPE_BUSY)
        return 3;
    SetLastError(0xdead);
    start = GetTickCount();
    if (WaitNamedPipeA(name, 300) || GetLastError() != ERROR_SEM_TIMEOUT)
        return 4;
    /* It waited out its timeout (less the tick's granularity), not a poll's. */
    waited = GetTickCount() - start;
    if (waited < 250)
        return 5;
    /* The server reads this, disconnects and listens again. */
    if (!WriteFile(first, "x", 1, &n, NULL) || n != 1)
        return 6;
    if (!WaitNamedPipeA(name, 20000))
        return 7;
    CloseHandle(first);
    second = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (second == INVALID_HANDLE_VALUE)
        return 8;
    if (!WriteFile(second, "y", 1, &n, NULL) || n != 1)
        return 9;
    CloseHandle(second);
    return 0;
}

/* A client of another process finds the pipe's only instance busy once it
 * holds it: CreateFile fails with ERROR_PIPE_BUSY and WaitNamedPipe times
 * out, until the server disconnects and connects again. */
static void test_busy_instance_of_another_process(void)
{
    PROCESS_INFORMATION pi;
    char args[MAX_PATH + 16], buf[8];
    HANDLE s;
    DWORD n = 0, code;

    unique_name();
    s = make_server(PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipe");
    snprintf(args, sizeof(args), "busy %s", pipe_name);
    if (!ok(start_child(args, &pi), "start the client process")) {
        CloseHandle(s);
        return;
    }
    ok(ConnectNamedPipe(s, NULL) || GetLastError() == ERROR_PIPE_CONNECTED,
       "the child's first client connects");
    ok(ReadFile(s, buf, 1, &n, NULL) && n == 1 && buf[0] == 'x',
       "the child found the instance busy, then wrote");
    ok(DisconnectNamedPipe(s), "DisconnectNamedPipe");
    ok(ConnectNamedPipe(s, NULL) || GetLastError() == ERROR_PIPE_CONNECTED,
       "the child's waiting client connects to the instance listening again");
    n = 0;
    ok(ReadFile(s, buf, 1, &n, NULL) && n == 1 && buf[0] == 'y',
       "the server reads the second client, not anything else");
    code = finish_child(&pi);
    ok(code == 0, "the child saw the instance busy as Windows shows it (failed at step %lu)",
       (unsigned long)code);
    CloseHandle(s);
}

/* ---- a client in another process, disconnected ---- */

/* The named event TAG-WHAT, created by the parent. */
static HANDLE tagged_event(const char *tag, const char *what, BOOL create)
{
    char name[MAX_PATH];

    snprintf(name, sizeof(name), "%s-%s", tag, what);
    return create ? CreateEventA(NULL, TRUE, FALSE, name)
                  : OpenEventA(EVENT_ALL_ACCESS, FALSE, name);
}

/* Opens a client of name, waiting while every instance is busy or not made yet. */
static HANDLE open_when_listening(const char *name, DWORD flags)
{
    for (int i = 0; i < 2000; i++) {
        HANDLE h;
        WaitNamedPipeA(name, 1000);
        h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, flags, NULL);
        if (h != INVALID_HANDLE_VALUE)
            return h;
        if (GetLastError() != ERROR_PIPE_BUSY && GetLastError() != ERROR_FILE_NOT_FOUND)
            return h;
        Sleep(10);
    }
    return INVALID_HANDLE_VALUE;
}

/* 0 if every call on disconnected client c fails with ERROR_PIPE_NOT_CONNECTED,
 * else the number of the first that does not. */
static int client_disconnected(HANDLE c, BOOL overlapped)
{
    OVERLAPPED ov;
    char buf[8];
    DWORD n = 0, flags, state;

    memset(&ov, 0, sizeof(ov));
    SetLastError(0xdead);
    if (ReadFile(c, buf, sizeof(buf), overlapped ? NULL : &n, overlapped ? &ov : NULL) ||
        GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 1;
    SetLastError(0xdead);
    if (WriteFile(c, "x", 1, overlapped ? NULL : &n, overlapped ? &ov : NULL) ||
        GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 2;
    SetLastError(0xdead);
    if (PeekNamedPipe(c, NULL, 0, NULL, &n, NULL) || GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 3;
    SetLastError(0xdead);
    if (GetNamedPipeInfo(c, &flags, NULL, NULL, NULL) ||
        GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 4;
    SetLastError(0xdead);
    if (GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0) ||
        GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 5;
    return 0;
}

struct blocked_read {
    HANDLE pipe;
    BOOL ret;
    DWORD error;
};

static DWORD WINAPI blocked_read_thread(void *arg)
{
    struct blocked_read *r = arg;
    char buf[8];
    DWORD n;

    r->ret = ReadFile(r->pipe, buf, sizeof(buf), &n, NULL);
    r->error = GetLastError();
    return 0;
}

/*
 * The client process of test_disconnect_seen_by_a_client_process: opens four
 * clients, one per instance (c1 overlapped with a read pending, c2 with a
 * blocking read in a thread), and checks what each sees of the server's
 * DisconnectNamedPipe (c1-c3) and CloseHandle (c4), then that a client of the
 * reconnected instance works while c1 stays disconnected. Returns 0, or the
 * step that failed.
 */
static int disconnected_child(const char *name, const char *tag)
{
    HANDLE ready = tagged_event(tag, "ready", FALSE), disc = tagged_event(tag, "disc", FALSE);
    HANDLE checked = tagged_event(tag, "checked", FALSE);
    HANDLE closed = tagged_event(tag, "closed", FALSE);
    HANDLE c[5], thread;
    struct blocked_read blocked;
    OVERLAPPED ov;
    char buf[8], pending[8];
    DWORD n;
    int step;

    if (!ready || !disc || !checked || !closed)
        return 9;
    for (int i = 0; i < 4; i++) {
        c[i] = open_when_listening(name, i == 0 ? FILE_FLAG_OVERLAPPED : 0);
        if (c[i] == INVALID_HANDLE_VALUE)
            return 10 + i;
    }
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (ReadFile(c[0], pending, sizeof(pending), NULL, &ov) || GetLastError() != ERROR_IO_PENDING)
        return 20;
    blocked.pipe = c[1];
    thread = CreateThread(NULL, 0, blocked_read_thread, &blocked, 0, NULL);
    if (!thread)
        return 21;
    SetEvent(ready);
    if (WaitForSingleObject(disc, 60000) != WAIT_OBJECT_0)
        return 22;
    SetLastError(0xdead);
    if (GetOverlappedResult(c[0], &ov, &n, TRUE) || GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 23;
    if (WaitForSingleObject(thread, 60000) != WAIT_OBJECT_0 || blocked.ret ||
        blocked.error != ERROR_PIPE_NOT_CONNECTED)
        return 24;
    CloseHandle(thread);
    for (int i = 0; i < 3; i++)
        if ((step = client_disconnected(c[i], i == 0)))
            return 30 + 10 * i + step;
    /* The server closed c4's instance without a disconnect: the data left, then a broken pipe. */
    if (!ReadFile(c[3], buf, sizeof(buf), &n, NULL) || n != 4 || memcmp(buf, "left", 4) != 0)
        return 60;
    SetLastError(0xdead);
    if (ReadFile(c[3], buf, sizeof(buf), &n, NULL) || GetLastError() != ERROR_BROKEN_PIPE)
        return 61;
    SetLastError(0xdead);
    if (WriteFile(c[3], "x", 1, &n, NULL) || GetLastError() != ERROR_NO_DATA)
        return 62;
    SetLastError(0xdead);
    if (PeekNamedPipe(c[3], NULL, 0, NULL, &n, NULL) || GetLastError() != ERROR_BROKEN_PIPE)
        return 63;
    SetEvent(checked);
    if (WaitForSingleObject(closed, 60000) != WAIT_OBJECT_0)
        return 70;
    /* Closing the disconnected instances changes nothing for their clients. */
    if ((step = client_disconnected(c[2], FALSE)))
        return 70 + step;
    c[4] = open_when_listening(name, 0);
    if (c[4] == INVALID_HANDLE_VALUE)
        return 80;
    if (!WriteFile(c[4], "again", 5, &n, NULL) || n != 5)
        return 81;
    if (!ReadFile(c[4], buf, sizeof(buf), &n, NULL) || n != 4 || memcmp(buf, "back", 4) != 0)
        return 82;
    /* The old client of the reconnected instance is still disconnected. */
    if ((step = client_disconnected(c[0], TRUE)))
        return 90 + step;
    for (int i = 0; i < 5; i++)
        CloseHandle(c[i]);
    CloseHandle(ov.hEvent);
    return 0;
}

/* Waits for h, or fails when the child process ends first. */
static BOOL wait_or_child_end(HANDLE h, const PROCESS_INFORMATION *pi)
{
    HANDLE both[2] = { h, pi->hProcess };

    return WaitForMultipleObjects(2, both, FALSE, 60000) == WAIT_OBJECT_0;
}

/* An overlapped server's transfer or connect, waited for unless the child ends. */
static BOOL server_done(HANDLE s, BOOL ret, OVERLAPPED *ov, DWORD *n,
                        const PROCESS_INFORMATION *pi)
{
    if (ret || GetLastError() == ERROR_PIPE_CONNECTED)
        return TRUE;
    if (GetLastError() != ERROR_IO_PENDING)
        return FALSE;
    if (!wait_or_child_end(ov->hEvent, pi)) {
        CancelIo(s);
        GetOverlappedResult(s, ov, n, TRUE);
        return FALSE;
    }
    return GetOverlappedResult(s, ov, n, FALSE);
}

static void test_disconnect_seen_by_a_client_process(void)
{
    static const DWORD modes[] = { PIPE_TYPE_BYTE, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE };
    PROCESS_INFORMATION pi;
    OVERLAPPED ov;
    HANDLE s[4], ready, disc, checked, closed;
    char args[2 * MAX_PATH], tag[64], buf[8];
    DWORD n, code;

    for (int m = 0; m < 2; m++) {
        const char *mode = m ? "message pipe" : "byte pipe";
        unique_name();
        snprintf(tag, sizeof(tag), "w32conf-disc-%lu-%d", (unsigned long)GetCurrentProcessId(),
                 m);
        ready = tagged_event(tag, "ready", TRUE);
        disc = tagged_event(tag, "disc", TRUE);
        checked = tagged_event(tag, "checked", TRUE);
        closed = tagged_event(tag, "closed", TRUE);
        memset(&ov, 0, sizeof(ov));
        ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        snprintf(args, sizeof(args), "disconnected %s %s", pipe_name, tag);
        if (!ok(start_child(args, &pi), "%s: start the client process", mode))
            return;
        /* One instance at a time, so that the child's n-th client is s[n]'s. */
        for (int i = 0; i < 4; i++) {
            s[i] = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED, modes[m],
                                    4, 1024, 1024, 0, NULL);
            ok(s[i] != INVALID_HANDLE_VALUE &&
               server_done(s[i], ConnectNamedPipe(s[i], &ov), &ov, &n, &pi),
               "%s: client %d connects", mode, i + 1);
        }
        ok(wait_or_child_end(ready, &pi), "%s: the client's reads are pending", mode);
        ok(server_done(s[2], WriteFile(s[2], "junk", 4, NULL, &ov), &ov, &n, &pi) &&
           server_done(s[3], WriteFile(s[3], "left", 4, NULL, &ov), &ov, &n, &pi),
           "%s: the server writes to clients 3 and 4", mode);
        for (int i = 0; i < 3; i++)
            ok(DisconnectNamedPipe(s[i]), "%s: DisconnectNamedPipe %d", mode, i + 1);
        CloseHandle(s[3]);
        SetEvent(disc);
        ok(wait_or_child_end(checked, &pi), "%s: the client checked the disconnect", mode);
        CloseHandle(s[1]);
        CloseHandle(s[2]);
        SetEvent(closed);
        ok(server_done(s[0], ConnectNamedPipe(s[0], &ov), &ov, &n, &pi),
           "%s: a new client connects to the reconnected instance", mode);
        memset(buf, 0, sizeof(buf));
        ok(server_done(s[0], ReadFile(s[0], buf, sizeof(buf), &n, &ov), &ov, &n, &pi) &&
           n == 5 && memcmp(buf, "again", 5) == 0, "%s: the server reads the new client", mode);
        ok(server_done(s[0], WriteFile(s[0], "back", 4, NULL, &ov), &ov, &n, &pi),
           "%s: and answers it", mode);
        code = finish_child(&pi);
        ok(code == 0, "%s: the client process saw what Windows gives (failed at step %lu)",
           mode, (unsigned long)code);
        CloseHandle(s[0]);
        CloseHandle(ov.hEvent);
        CloseHandle(ready);
        CloseHandle(disc);
        CloseHandle(checked);
        CloseHandle(closed);
    }
}

/* ---- a client end a child inherits ---- */

/*
 * Child role "inherited HANDLE": the inherited client end of a message pipe
 * (3 instances, buffers 1000 and 2000), read in message mode, with a
 * 20-byte message queued. Returns 0, or the step that failed.
 */
static int inherited_child(const char *value)
{
    HANDLE c = (HANDLE)(ULONG_PTR)strtoull(value, NULL, 16);
    DWORD flags = 0, max = 0, state = 0, n = 0, avail = 0, left = 0;
    char buf[64];

    if (!GetNamedPipeInfo(c, &flags, NULL, NULL, &max) ||
        flags != (PIPE_TYPE_MESSAGE | PIPE_CLIENT_END) || max != 3)
        return 1;
    if (!GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0) ||
        state != PIPE_READMODE_MESSAGE)
        return 2;
    if (!PeekNamedPipe(c, buf, 4, &n, &avail, &left) || n != 4 || avail != 20 || left != 16)
        return 3;
    SetLastError(0xdead);
    if (ReadFile(c, buf, 8, &n, NULL) || GetLastError() != ERROR_MORE_DATA || n != 8 ||
        memcmp(buf, "01234567", 8) != 0)
        return 4;
    if (!ReadFile(c, buf, sizeof(buf), &n, NULL) || n != 12 ||
        memcmp(buf, "89abcdefghij", 12) != 0)
        return 5;
    if (!WriteFile(c, "ready", 5, &n, NULL))
        return 6;
    SetLastError(0xdead);
    if (ReadFile(c, buf, sizeof(buf), &n, NULL) || GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 7;
    return CloseHandle(c) ? 0 : 8;
}

static void test_inherited_client_keeps_its_pipe(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmdline[2 * MAX_PATH], buf[8];
    DWORD mode = PIPE_READMODE_MESSAGE, n = 0, code;
    HANDLE s, c;

    unique_name();
    s = CreateNamedPipeA(pipe_name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 3, 1000, 2000, 0, NULL);
    c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, &sa, OPEN_EXISTING, 0, NULL);
    if (!ok(s != INVALID_HANDLE_VALUE && c != INVALID_HANDLE_VALUE, "a pipe and its client"))
        return;
    ok(SetNamedPipeHandleState(c, &mode, NULL, NULL), "the client reads messages");
    ok(WriteFile(s, "0123456789abcdefghij", 20, &n, NULL), "the server writes a long message");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child inherited %llx", conformance_self,
             (unsigned long long)(ULONG_PTR)c);
    if (!ok(CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
            "a child inherits the client")) {
        CloseHandle(c);
        CloseHandle(s);
        return;
    }
    /* The child answers once it has read the message (our copy of the client
     * keeps the pipe open should it fail). */
    n = 0;
    while (PeekNamedPipe(s, NULL, 0, NULL, &n, NULL) && n == 0 &&
           WaitForSingleObject(pi.hProcess, 10) == WAIT_TIMEOUT)
        ;
    ok(n == 5 && ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 5 &&
       memcmp(buf, "ready", 5) == 0, "the child read the message and answered");
    ok(DisconnectNamedPipe(s), "DisconnectNamedPipe");
    code = finish_child(&pi);
    ok(code == 0, "the child saw its inherited client as Windows gives it (failed at step %lu)",
       (unsigned long)code);
    SetLastError(0xdead);
    ok(!ReadFile(c, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_PIPE_NOT_CONNECTED,
       "our copy of the client is disconnected too (%lu)", (unsigned long)GetLastError());
    CloseHandle(c);
    CloseHandle(s);
}

static const WCHAR *wide_name(void)
{
    static WCHAR buf[MAX_PATH];

    MultiByteToWideChar(CP_ACP, 0, pipe_name, -1, buf, MAX_PATH);
    return buf;
}

static void test_CreateNamedPipeW_creates_instances_a_client_can_open(void)
{
    HANDLE s, s2, c;
    char buf[8] = "";
    DWORD n = 0;

    unique_name();
    SetLastError(0xdead);
    s = CreateNamedPipeW(W("w32conf-not-a-pipe"), PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
    ok(s == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
       "a name outside \\\\.\\pipe\\: %lu", (unsigned long)GetLastError());
    SetLastError(0xdead);
    s = CreateNamedPipeW(wide_name(), PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_MESSAGE,
                         1, 1024, 1024, 0, NULL);
    ok(s == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_PARAMETER,
       "message reads on a byte pipe: %lu", (unsigned long)GetLastError());
    s = CreateNamedPipeW(wide_name(), PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024, 0, NULL);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipeW failed");
    ok(GetFileType(s) == FILE_TYPE_PIPE, "not FILE_TYPE_PIPE");
    SetLastError(0xdead);
    s2 = CreateNamedPipeW(wide_name(), PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024, 0, NULL);
    ok(s2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PIPE_BUSY,
       "an instance beyond nMaxInstances: %lu", (unsigned long)GetLastError());
    /* the A and W names are one name */
    c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(c != INVALID_HANDLE_VALUE, "the client could not open the pipe");
    ok(WriteFile(c, "wide", 4, &n, NULL) && n == 4, "client write: %lu", (unsigned long)n);
    SetLastError(0xdead);
    ok(!ConnectNamedPipe(s, NULL) && GetLastError() == ERROR_PIPE_CONNECTED,
       "ConnectNamedPipe: %lu", (unsigned long)GetLastError());
    n = 0;
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 4 && !memcmp(buf, "wide", 4),
       "server read %lu bytes", (unsigned long)n);
    CloseHandle(c);
    CloseHandle(s);
}

static void test_server_reads_before_ConnectNamedPipe_once_a_client_opened(void)
{
    HANDLE s, c;
    char buf[8] = "";
    DWORD n = 0;
    BOOL ret;

    unique_name();
    s = CreateNamedPipeW(wide_name(), PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 1, 1024, 1024, 0, NULL);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipeW failed");
    c = open_client();
    ok(c != INVALID_HANDLE_VALUE, "the client could not open the pipe");
    ok(WriteFile(c, "early", 5, &n, NULL) && n == 5, "client write: %lu", (unsigned long)n);
    n = 0;
    SetLastError(0xdead);
    ret = ReadFile(s, buf, sizeof(buf), &n, NULL);
    /* MS docs (ConnectNamedPipe): a client that connects before the call leaves "a good
     * connection between client and server". */
    ok(ret && n == 5 && !memcmp(buf, "early", 5), "server read: %lu bytes", (unsigned long)n);
    CloseHandle(c);
    CloseHandle(s);
}

static void test_WaitNamedPipeW_missing_listening_and_busy(void)
{
    HANDLE s, c;

    unique_name();
    SetLastError(0xdead);
    ok(!WaitNamedPipeW(wide_name(), 10) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a missing pipe: %lu", (unsigned long)GetLastError());
    s = make_server(PIPE_TYPE_BYTE, 1);
    ok(s != INVALID_HANDLE_VALUE, "CreateNamedPipeA failed");
    ok(WaitNamedPipeW(wide_name(), 10), "a listening instance was not seen");
    ok(WaitNamedPipeW(wide_name(), NMPWAIT_USE_DEFAULT_WAIT), "NMPWAIT_USE_DEFAULT_WAIT failed");
    c = open_client();
    ok(c != INVALID_HANDLE_VALUE, "the client could not open the pipe");
    SetLastError(0xdead);
    ok(!WaitNamedPipeW(wide_name(), 10) && GetLastError() == ERROR_SEM_TIMEOUT,
       "a busy pipe: %lu", (unsigned long)GetLastError());
    CloseHandle(c);
    CloseHandle(s);
    SetLastError(0xdead);
    ok(!WaitNamedPipeW(wide_name(), 10) && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a closed pipe: %lu", (unsigned long)GetLastError());
}

/* A message pipe read in byte mode is a stream: one read takes several messages. */
static void test_message_pipe_read_in_byte_mode(void)
{
    HANDLE s, c;
    char buf[64];
    DWORD n, avail = 0, left = 0;

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE, 1);
    c = open_client();
    if (!ok(c != INVALID_HANDLE_VALUE, "a client opens")) {
        CloseHandle(s);
        return;
    }
    WriteFile(c, "hello", 5, &n, NULL);
    WriteFile(c, "world!", 6, &n, NULL);
    ok(PeekNamedPipe(s, NULL, 0, NULL, &avail, &left) && avail == 11 && left == 5,
       "PeekNamedPipe: 11 bytes, 5 of them in the first message (%lu, %lu)",
       (unsigned long)avail, (unsigned long)left);
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 11 && memcmp(buf, "helloworld!", 11) == 0,
       "one byte-mode read returns both messages (%lu)", (unsigned long)n);
    WriteFile(c, "hello", 5, &n, NULL);
    WriteFile(c, "world!", 6, &n, NULL);
    ok(ReadFile(s, buf, 8, &n, NULL) && n == 8 && memcmp(buf, "hellowor", 8) == 0,
       "a shorter one fills its buffer and succeeds");
    ok(ReadFile(s, buf, sizeof(buf), &n, NULL) && n == 3 && memcmp(buf, "ld!", 3) == 0,
       "the next one gets the rest");
    CloseHandle(c);
    CloseHandle(s);
}

static void test_handle_state(void)
{
    DWORD state = 77, instances = 77, count, timeout, mode;
    char user[64];
    HANDLE s, s2, c;

    unique_name();
    s = make_server(PIPE_TYPE_BYTE, 2);
    ok(GetNamedPipeHandleStateA(s, NULL, NULL, NULL, NULL, NULL, 0), "every pointer NULL");
    ok(GetNamedPipeHandleStateA(s, &state, &instances, NULL, NULL, NULL, 0) && state == 0 &&
       instances == 1, "a blocking byte server, one instance");
    SetLastError(0xdead);
    todo_wine_ok(!GetNamedPipeHandleStateA(s, &state, &instances, &count, &timeout, user,
                                           sizeof(user)) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "a local pipe has no collection count, timeout or user name");
    s2 = make_server(PIPE_TYPE_BYTE, 2);
    mode = PIPE_NOWAIT;
    ok(SetNamedPipeHandleState(s2, &mode, NULL, NULL), "SetNamedPipeHandleState(PIPE_NOWAIT)");
    ok(GetNamedPipeHandleStateW(s2, &state, &instances, NULL, NULL, NULL, 0) &&
       state == PIPE_NOWAIT && instances == 2, "a second instance, in PIPE_NOWAIT mode");
    CloseHandle(s2);
    c = open_client();
    ok(GetNamedPipeHandleStateA(c, &state, &instances, NULL, NULL, NULL, 0) && state == 0 &&
       instances == 1, "the client sees the pipe's instances");
    CloseHandle(c);
    CloseHandle(s);

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    ok(GetNamedPipeHandleStateA(s, &state, NULL, NULL, NULL, NULL, 0) &&
       state == PIPE_READMODE_MESSAGE, "a message-mode server");
    CloseHandle(s);
    SetLastError(0xdead);
    ok(!GetNamedPipeHandleStateA(GetCurrentProcess(), &state, NULL, NULL, NULL, NULL, 0) &&
       GetLastError() == ERROR_INVALID_HANDLE, "not a pipe: ERROR_INVALID_HANDLE");
}

/* Server role of the transaction tests: echoes each message, its first byte replaced by 'R'. */
static DWORD WINAPI echo_server(LPVOID arg)
{
    HANDLE s = arg;
    char buf[64];
    DWORD n, w;

    ConnectNamedPipe(s, NULL);
    while (ReadFile(s, buf, sizeof(buf), &n, NULL)) {
        buf[0] = 'R';
        if (!WriteFile(s, buf, n, &w, NULL))
            break;
    }
    CloseHandle(s);
    return 0;
}

static HANDLE start_echo_server(void)
{
    HANDLE s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);

    return CreateThread(NULL, 0, echo_server, s, 0, NULL);
}

static void test_transact(void)
{
    HANDLE thread, c, event;
    OVERLAPPED ov = { 0 };
    char buf[64];
    DWORD n = 77, mode = PIPE_READMODE_MESSAGE;
    BOOL r;

    unique_name();
    thread = start_echo_server();
    c = open_client();
    if (!ok(c != INVALID_HANDLE_VALUE, "a client opens")) {
        WaitForSingleObject(thread, 5000);
        CloseHandle(thread);
        return;
    }
    SetLastError(0xdead);
    ok(!TransactNamedPipe(c, "hello", 5, buf, sizeof(buf), &n, NULL) &&
       GetLastError() == ERROR_BAD_PIPE, "a byte-mode reader: ERROR_BAD_PIPE (%lu)",
       (unsigned long)GetLastError());
    SetNamedPipeHandleState(c, &mode, NULL, NULL);
    memset(buf, 0, sizeof(buf));
    ok(TransactNamedPipe(c, "hello", 5, buf, sizeof(buf), &n, NULL) && n == 5 &&
       memcmp(buf, "Rello", 5) == 0, "a transaction writes a message and reads the reply");
    SetLastError(0xdead);
    ok(!TransactNamedPipe(c, "hello world", 11, buf, 4, &n, NULL) &&
       GetLastError() == ERROR_MORE_DATA && n == 4 && memcmp(buf, "Rell", 4) == 0,
       "a short reply buffer: ERROR_MORE_DATA, the first part");
    ok(ReadFile(c, buf, sizeof(buf), &n, NULL) && n == 7 && memcmp(buf, "o world", 7) == 0,
       "ReadFile gets the rest");
    CloseHandle(c);
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    SetLastError(0xdead);
    ok(!TransactNamedPipe(GetCurrentProcess(), "x", 1, buf, sizeof(buf), &n, NULL) &&
       GetLastError() == ERROR_INVALID_HANDLE, "not a pipe: ERROR_INVALID_HANDLE");

    /* Overlapped: the reply completes through the OVERLAPPED. */
    unique_name();
    thread = start_echo_server();
    c = CreateFileA(pipe_name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                    FILE_FLAG_OVERLAPPED, NULL);
    SetNamedPipeHandleState(c, &mode, NULL, NULL);
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.hEvent = event;
    memset(buf, 0, sizeof(buf));
    r = TransactNamedPipe(c, "abc", 3, buf, sizeof(buf), NULL, &ov);
    ok(r || GetLastError() == ERROR_IO_PENDING, "an overlapped transaction starts");
    n = 0;
    /* Wine leaves an overlapped transaction pending for ever. */
    todo_wine_ok(GetOverlappedResult(c, &ov, &n, TRUE) && n == 3 && memcmp(buf, "Rbc", 3) == 0,
                 "and completes with the reply");
    todo_wine_ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "its event is set");
    CloseHandle(event);
    CloseHandle(c);
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
}

/* A reader that takes what waits on its end a while after it starts. */
struct late_read {
    HANDLE h;
    BOOL ok;
    DWORD n;
    char buf[16];
};

static DWORD WINAPI read_late(LPVOID arg)
{
    struct late_read *lr = arg;

    Sleep(100);
    lr->ok = ReadFile(lr->h, lr->buf, sizeof(lr->buf), &lr->n, NULL);
    return 0;
}

/* Writes through from and flushes while to reads late: the flush returns
 * once to has taken the bytes. */
static void check_flush_waits(HANDLE from, HANDLE to, const char *what)
{
    struct late_read lr = { .h = to };
    HANDLE thread;
    DWORD n, avail = 99;

    ok(WriteFile(from, "reply", 5, &n, NULL) && n == 5, "%s: writes", what);
    thread = CreateThread(NULL, 0, read_late, &lr, 0, NULL);
    SetLastError(0xdead);
    ok(FlushFileBuffers(from) && GetLastError() == 0xdead, "%s: FlushFileBuffers (%lu)", what,
       (unsigned long)GetLastError());
    ok(PeekNamedPipe(to, NULL, 0, NULL, &avail, NULL) && avail == 0,
       "%s: it returns once the reader has taken the bytes (%lu waiting)", what,
       (unsigned long)avail);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    ok(lr.ok && lr.n == 5 && memcmp(lr.buf, "reply", 5) == 0, "%s: the reader got them", what);
}

/* FlushFileBuffers on a pipe end waits until the other end has read what it
 * wrote: a server that flushes before DisconnectNamedPipe loses no reply. */
static void test_flush_waits_for_the_reader(void)
{
    static const DWORD modes[] = { PIPE_TYPE_BYTE, PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE };
    HANDLE s, c, thread;
    DWORD n;

    for (int i = 0; i < 2; i++) {
        const char *mode = i ? "message pipe" : "byte pipe";
        struct late_read lr;
        unique_name();
        s = make_server(modes[i], 1);
        SetLastError(0xdead);
        ok(FlushFileBuffers(s) && GetLastError() == 0xdead, "%s: a listening instance flushes",
           mode);
        c = open_client();
        if (!ok(c != INVALID_HANDLE_VALUE, "%s: a client opens", mode)) {
            CloseHandle(s);
            return;
        }
        ConnectNamedPipe(s, NULL);
        ok(FlushFileBuffers(s) && FlushFileBuffers(c), "%s: nothing unread: both ends flush",
           mode);
        check_flush_waits(s, c, mode);
        check_flush_waits(c, s, mode);
        /* The reply, the flush and the disconnect of a server loop. */
        memset(&lr, 0, sizeof(lr));
        lr.h = c;
        ok(WriteFile(s, "reply", 5, &n, NULL), "%s: the server replies", mode);
        thread = CreateThread(NULL, 0, read_late, &lr, 0, NULL);
        ok(FlushFileBuffers(s) && DisconnectNamedPipe(s), "%s: flush, then disconnect", mode);
        WaitForSingleObject(thread, INFINITE);
        CloseHandle(thread);
        ok(lr.ok && lr.n == 5, "%s: the client read the reply before the disconnect (%lu)", mode,
           (unsigned long)GetLastError());
        CloseHandle(c);
        CloseHandle(s);
        /* A client that left without reading leaves nothing to wait for. */
        s = make_server(modes[i], 1);
        c = open_client();
        ConnectNamedPipe(s, NULL);
        ok(c != INVALID_HANDLE_VALUE && WriteFile(s, "lost", 4, &n, NULL), "%s: unread bytes",
           mode);
        CloseHandle(c);
        ok(FlushFileBuffers(s), "%s: the client closed: FlushFileBuffers returns (%lu)", mode,
           (unsigned long)GetLastError());
        CloseHandle(s);
    }
}

static void test_call_named_pipe(void)
{
    HANDLE thread, s;
    char buf[64];
    DWORD n = 0;

    unique_name();
    thread = start_echo_server();
    memset(buf, 0, sizeof(buf));
    ok(CallNamedPipeA(pipe_name, "abc", 3, buf, sizeof(buf), &n, 5000) && n == 3 &&
       memcmp(buf, "Rbc", 3) == 0, "CallNamedPipeA: one transaction (%lu)",
       (unsigned long)GetLastError());
    WaitForSingleObject(thread, 5000);
    CloseHandle(thread);
    SetLastError(0xdead);
    ok(!CallNamedPipeA(pipe_name, "abc", 3, buf, sizeof(buf), &n, 10) &&
       GetLastError() == ERROR_FILE_NOT_FOUND, "no pipe: ERROR_FILE_NOT_FOUND (%lu)",
       (unsigned long)GetLastError());

    unique_name();
    s = make_server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    CloseHandle(open_client());
    /* The only instance is taken by a client that left: busy until disconnected. */
    SetLastError(0xdead);
    ok(!CallNamedPipeA(pipe_name, "abc", 3, buf, sizeof(buf), &n, 10) &&
       GetLastError() == ERROR_SEM_TIMEOUT, "a busy pipe: ERROR_SEM_TIMEOUT after the wait (%lu)",
       (unsigned long)GetLastError());
    CloseHandle(s);
}

CONFORMANCE_MAIN(test_create_errors, test_unlimited_instances, test_listening_state, test_client_connects_first,
                 test_message_mode, test_info, test_disconnect,
                 test_disconnect_reaches_only_its_client, test_connect_waits_for_a_client,
                 test_client_in_another_process, test_busy_instance_of_another_process,
                 test_disconnect_seen_by_a_client_process,
                 test_CreateNamedPipeW_creates_instances_a_client_can_open,
                 test_WaitNamedPipeW_missing_listening_and_busy,
                 test_server_reads_before_ConnectNamedPipe_once_a_client_opened,
                 test_message_pipe_read_in_byte_mode, test_handle_state, test_transact,
                 test_call_named_pipe, test_cancel_synchronous_io,
                 test_flush_waits_for_the_reader,
                 test_inherited_client_keeps_its_pipe)
