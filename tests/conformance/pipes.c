/* Conformance: anonymous pipes and standard handles. */
#define CONFORMANCE_CHILD pipe_child
#include "conformance.h"

/* Child role "echo": writes a line to its standard output and exits 0. */
static int pipe_child(int argc, char **argv)
{
    DWORD n;

    if (strcmp(argv[0], "echo") != 0)
        return 2;
    return WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), "hello from child", 16, &n, NULL) &&
           n == 16 ? 0 : 3;
}

static void test_create_pipe(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    HANDLE r, w;
    DWORD flags = 77;

    ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe");
    ok(GetFileType(r) == FILE_TYPE_PIPE && GetFileType(w) == FILE_TYPE_PIPE,
       "both ends are FILE_TYPE_PIPE");
    ok(GetHandleInformation(r, &flags) && flags == 0, "ends are not inheritable by default");
    CloseHandle(r);
    CloseHandle(w);
    ok(CreatePipe(&r, &w, &sa, 0), "CreatePipe with bInheritHandle");
    ok(GetHandleInformation(r, &flags) && flags == HANDLE_FLAG_INHERIT,
       "the read end is inheritable");
    ok(GetHandleInformation(w, &flags) && flags == HANDLE_FLAG_INHERIT,
       "the write end is inheritable");
    CloseHandle(r);
    CloseHandle(w);
}

static void test_read_write(void)
{
    HANDLE r, w;
    char buf[16];
    DWORD n = 77;

    CreatePipe(&r, &w, NULL, 0);
    ok(WriteFile(w, "hello", 5, &n, NULL) && n == 5, "WriteFile");
    ok(WriteFile(w, "", 0, &n, NULL) && n == 0, "a zero-byte write succeeds");
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(r, buf, 3, &n, NULL) && n == 3 && memcmp(buf, "hel", 3) == 0,
       "ReadFile takes what it asks for");
    ok(ReadFile(r, buf, 0, &n, NULL) && n == 0, "a zero-byte read succeeds");
    ok(ReadFile(r, buf, sizeof(buf), &n, NULL) && n == 2 && memcmp(buf, "lo", 2) == 0,
       "ReadFile returns what is there");
    ok(!WriteFile(r, "x", 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "the read end cannot be written");
    ok(!ReadFile(w, buf, 1, &n, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "the write end cannot be read");
    CloseHandle(r);
    CloseHandle(w);
}

static void test_broken_pipe(void)
{
    HANDLE r, w;
    char buf[8];
    DWORD n;

    CreatePipe(&r, &w, NULL, 0);
    WriteFile(w, "ab", 2, &n, NULL);
    CloseHandle(w);
    ok(ReadFile(r, buf, sizeof(buf), &n, NULL) && n == 2,
       "data written before the close is still read");
    n = 77;
    ok(!ReadFile(r, buf, sizeof(buf), &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE && n == 0,
       "then ReadFile fails with ERROR_BROKEN_PIPE");
    ok(!ReadFile(r, buf, 0, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "a zero-byte read fails with ERROR_BROKEN_PIPE too");
    ok(!PeekNamedPipe(r, NULL, 0, NULL, &n, NULL) && GetLastError() == ERROR_BROKEN_PIPE,
       "PeekNamedPipe fails with ERROR_BROKEN_PIPE");
    CloseHandle(r);

    CreatePipe(&r, &w, NULL, 0);
    CloseHandle(r);
    n = 77;
    ok(!WriteFile(w, "x", 1, &n, NULL) && GetLastError() == ERROR_NO_DATA && n == 0,
       "WriteFile without a reader fails with ERROR_NO_DATA");
    ok(!WriteFile(w, "x", 0, &n, NULL) && GetLastError() == ERROR_NO_DATA,
       "a zero-byte write without a reader fails with ERROR_NO_DATA");
    CloseHandle(w);
}

static void test_peek(void)
{
    HANDLE r, w;
    char buf[8];
    DWORD n = 77, avail = 77, left;

    CreatePipe(&r, &w, NULL, 0);
    ok(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL) && avail == 0, "an empty pipe has 0 bytes");
    WriteFile(w, "hello", 5, &n, NULL);
    memset(buf, 0, sizeof(buf));
    ok(PeekNamedPipe(r, buf, 3, &n, &avail, NULL) && n == 3 && avail == 5 &&
       memcmp(buf, "hel", 3) == 0, "PeekNamedPipe copies without consuming");
    ok(PeekNamedPipe(r, NULL, 0, NULL, NULL, NULL), "all out pointers may be NULL");
    left = 77;
    ok(PeekNamedPipe(r, buf, 3, &n, NULL, &left) && left == (DWORD)-3,
       "a byte pipe's bytes left of the message: 0 less the bytes copied (%ld)", (long)left);
    ok(PeekNamedPipe(r, NULL, 0, NULL, NULL, &left) && left == 0, "and 0 when none are copied");
    memset(buf, 0, sizeof(buf));
    ok(ReadFile(r, buf, sizeof(buf), &n, NULL) && n == 5 && memcmp(buf, "hello", 5) == 0,
       "the peeked bytes are still read");
    ok(!PeekNamedPipe(w, NULL, 0, NULL, &avail, NULL) && GetLastError() == ERROR_ACCESS_DENIED,
       "the write end cannot be peeked");
    CloseHandle(r);
    CloseHandle(w);
}

/* An anonymous pipe is a byte pipe of one instance; its read end is the server's. */
static void test_named_pipe_functions_on_an_anonymous_pipe(void)
{
    DWORD flags = 77, out = 0, in = 0, max = 77, state = 77, instances = 77;
    HANDLE r, w;

    CreatePipe(&r, &w, NULL, 0);
    ok(GetNamedPipeInfo(r, &flags, &out, &in, &max), "GetNamedPipeInfo of the read end");
    ok(flags == (PIPE_SERVER_END | PIPE_TYPE_BYTE) && max == 1, "is a server end, one instance");
    ok(out > 0 && in > 0, "with buffer sizes");
    ok(GetNamedPipeInfo(w, &flags, NULL, NULL, &max), "GetNamedPipeInfo of the write end");
    ok(flags == (PIPE_CLIENT_END | PIPE_TYPE_BYTE) && max == 1, "is a client end");
    ok(GetNamedPipeHandleStateA(r, &state, &instances, NULL, NULL, NULL, 0),
       "GetNamedPipeHandleStateA");
    ok(state == 0 && instances == 1, "blocking byte reads, one instance");
    CloseHandle(r);
    CloseHandle(w);
}

struct blocked_read {
    HANDLE r;
    BOOL ok;
    DWORD error;
};

static DWORD WINAPI read_blocking(LPVOID arg)
{
    struct blocked_read *br = arg;
    char buf[4];
    DWORD n;

    br->ok = ReadFile(br->r, buf, sizeof(buf), &n, NULL);
    br->error = GetLastError();
    return 0;
}

static void test_cancel_synchronous_io(void)
{
    struct blocked_read br = { 0 };
    HANDLE w, thread;

    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL), limited;

    SetLastError(0xdead);
    ok(!CancelSynchronousIo(GetCurrentThread()) && GetLastError() == ERROR_NOT_FOUND,
       "nothing to cancel: ERROR_NOT_FOUND (%lu)", (unsigned long)GetLastError());
    SetLastError(0xdead);
    ok(!CancelSynchronousIo(NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "NULL: ERROR_INVALID_HANDLE");
    SetLastError(0xdead);
    ok(!CancelSynchronousIo((HANDLE)(ULONG_PTR)0xdeadbee0) &&
       GetLastError() == ERROR_INVALID_HANDLE, "a bogus handle: ERROR_INVALID_HANDLE");
    SetLastError(0xdead);
    ok(!CancelSynchronousIo(event) && GetLastError() == ERROR_INVALID_HANDLE,
       "an event: ERROR_INVALID_HANDLE");
    SetLastError(0xdead);
    ok(!CancelSynchronousIo(GetCurrentProcess()) && GetLastError() == ERROR_INVALID_HANDLE,
       "the process pseudo handle: ERROR_INVALID_HANDLE");
    CloseHandle(event);
    CreatePipe(&br.r, &w, NULL, 0);
    thread = CreateThread(NULL, 0, read_blocking, &br, 0, NULL);
    ok(DuplicateHandle(GetCurrentProcess(), thread, GetCurrentProcess(), &limited,
                       THREAD_QUERY_INFORMATION, FALSE, 0), "DuplicateHandle");
    SetLastError(0xdead);
    ok(!CancelSynchronousIo(limited) && GetLastError() == ERROR_ACCESS_DENIED,
       "a handle without THREAD_TERMINATE: ERROR_ACCESS_DENIED (%lu)",
       (unsigned long)GetLastError());
    CloseHandle(limited);
    SetLastError(0xdead);
    ok(cancel_synchronous_io_when_blocked(thread),
       "CancelSynchronousIo of a thread blocked in ReadFile");
    ok(GetLastError() == 0xdead, "success leaves the last error alone (%lu)",
       (unsigned long)GetLastError());
    ok(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "the read returns");
    ok(!br.ok && br.error == ERROR_OPERATION_ABORTED, "with ERROR_OPERATION_ABORTED (%lu)",
       (unsigned long)br.error);
    CloseHandle(thread);
    CloseHandle(br.r);
    CloseHandle(w);
}

struct big_write {
    HANDLE w;
    char *data;
    DWORD size;
};

static DWORD WINAPI write_all(LPVOID arg)
{
    struct big_write *bw = arg;
    DWORD n;

    return WriteFile(bw->w, bw->data, bw->size, &n, NULL) && n == bw->size ? 0 : 1;
}

static void test_large_write(void)
{
    static char data[300000], got[300000];
    struct big_write bw = { NULL, data, sizeof(data) };
    HANDLE r, thread;
    DWORD total = 0, n, code = 77, i;

    for (i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 13);
    CreatePipe(&r, &bw.w, NULL, 0);
    thread = CreateThread(NULL, 0, write_all, &bw, 0, NULL);
    while (total < sizeof(got) && ReadFile(r, got + total, sizeof(got) - total, &n, NULL))
        total += n;
    ok(total == sizeof(got) && memcmp(got, data, sizeof(got)) == 0,
       "a large write arrives whole and in order");
    WaitForSingleObject(thread, 5000);
    ok(GetExitCodeThread(thread, &code) && code == 0, "the large write completes in full");
    CloseHandle(thread);
    CloseHandle(r);
    CloseHandle(bw.w);
}

static DWORD WINAPI read_some_then_close(LPVOID r)
{
    char buf[10];
    DWORD n;

    ReadFile(r, buf, sizeof(buf), &n, NULL);
    return CloseHandle(r) ? 0 : 1;
}

/* The reader goes while a write larger than the pipe is under way: the
 * pending write fails with ERROR_BROKEN_PIPE, the next one with ERROR_NO_DATA,
 * and the process lives on. */
static void test_reader_leaves_during_large_write(void)
{
    static char data[1 << 20];
    HANDLE r, w, reader;
    DWORD n = 0;
    BOOL ret;

    CreatePipe(&r, &w, NULL, 0);
    reader = CreateThread(NULL, 0, read_some_then_close, r, 0, NULL);
    SetLastError(0xdead);
    ret = WriteFile(w, data, sizeof(data), &n, NULL);
    ok(!ret && GetLastError() == ERROR_BROKEN_PIPE,
       "a write whose reader leaves part way fails with ERROR_BROKEN_PIPE");
    ok(n < sizeof(data), "it does not report the whole write done");
    SetLastError(0xdead);
    ret = WriteFile(w, data, 1, &n, NULL);
    ok(!ret && GetLastError() == ERROR_NO_DATA, "the next write fails with ERROR_NO_DATA");
    WaitForSingleObject(reader, 5000);
    CloseHandle(reader);
    CloseHandle(w);
}

static void test_std_handles(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);

    ok(out != INVALID_HANDLE_VALUE, "GetStdHandle(STD_OUTPUT_HANDLE)");
    ok(GetStdHandle(STD_OUTPUT_HANDLE) == out, "the same handle every time");
    ok(GetStdHandle(5) == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad number fails with ERROR_INVALID_HANDLE");
    ok(!SetStdHandle(5, out) && GetLastError() == ERROR_INVALID_HANDLE,
       "SetStdHandle with a bad number fails with ERROR_INVALID_HANDLE");
    ok(SetStdHandle(STD_ERROR_HANDLE, out) && GetStdHandle(STD_ERROR_HANDLE) == out,
       "SetStdHandle replaces the handle");
}

static void test_child_writes_to_inherited_pipe(void)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOA si;
    PROCESS_INFORMATION pi;
    char cmdline[1200], buf[64];
    HANDLE r, w;
    DWORD n, total = 0, code = 77;
    BOOL started;

    ok(CreatePipe(&r, &w, &sa, 0), "CreatePipe with inheritable ends");
    ok(SetHandleInformation(r, HANDLE_FLAG_INHERIT, 0), "the read end stays here");
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = w;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" child echo", conformance_self);
    started = CreateProcessA(NULL, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    ok(started, "start a child with the write end as its standard output");
    CloseHandle(w);
    memset(buf, 0, sizeof(buf));
    while (total < sizeof(buf) - 1 && ReadFile(r, buf + total, sizeof(buf) - 1 - total, &n, NULL))
        total += n;
    ok(GetLastError() == ERROR_BROKEN_PIPE, "the pipe breaks when the child is done");
    ok(total == 16 && strcmp(buf, "hello from child") == 0, "the child's output arrives");
    if (started) {
        WaitForSingleObject(pi.hProcess, 10000);
        ok(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "the child succeeded");
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    CloseHandle(r);
}

/* A reader that takes a byte a while after it starts. */
static DWORD WINAPI read_byte_late(LPVOID arg)
{
    char c;
    DWORD n;

    Sleep(100);
    return ReadFile(arg, &c, 1, &n, NULL) && n == 1 && c == 'x' ? 0 : 1;
}

/* FlushFileBuffers on a write end waits until the reader has read. */
static void test_flush_waits_for_the_reader(void)
{
    HANDLE r, w, thread;
    DWORD n, avail = 99, code = 99;

    if (!ok(CreatePipe(&r, &w, NULL, 0), "CreatePipe"))
        return;
    SetLastError(0xdead);
    ok(FlushFileBuffers(w) && GetLastError() == 0xdead, "nothing written: at once");
    ok(WriteFile(w, "x", 1, &n, NULL), "writes a byte");
    thread = CreateThread(NULL, 0, read_byte_late, r, 0, NULL);
    ok(FlushFileBuffers(w), "FlushFileBuffers (%lu)", (unsigned long)GetLastError());
    ok(PeekNamedPipe(r, NULL, 0, NULL, &avail, NULL) && avail == 0,
       "it returns once the reader has taken the byte (%lu waiting)", (unsigned long)avail);
    WaitForSingleObject(thread, INFINITE);
    ok(GetExitCodeThread(thread, &code) && code == 0, "the reader got it");
    CloseHandle(thread);
    /* A reader that left leaves nothing to wait for. */
    ok(WriteFile(w, "x", 1, &n, NULL), "writes another");
    CloseHandle(r);
    ok(FlushFileBuffers(w), "the reader closed: FlushFileBuffers returns (%lu)",
       (unsigned long)GetLastError());
    CloseHandle(w);
}

CONFORMANCE_MAIN(test_create_pipe, test_flush_waits_for_the_reader, test_read_write, test_broken_pipe, test_peek,
                 test_named_pipe_functions_on_an_anonymous_pipe, test_cancel_synchronous_io,
                 test_large_write, test_reader_leaves_during_large_write, test_std_handles, test_child_writes_to_inherited_pipe)
