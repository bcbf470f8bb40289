/* Conformance: mailslots: names, whole-message reads, read timeouts, info, a writer process. */
#define CONFORMANCE_CHILD mailslot_child
#include "conformance.h"

static char slot_name[MAX_PATH];

static const char *unique_name(void)
{
    static int serial;

    snprintf(slot_name, sizeof(slot_name), "\\\\.\\mailslot\\w32conf\\%lu-%lu-%d",
             (unsigned long)GetCurrentProcessId(), (unsigned long)GetTickCount(), serial++);
    return slot_name;
}

static HANDLE open_writer(const char *name, DWORD share)
{
    return CreateFileA(name, GENERIC_WRITE, share, NULL, OPEN_EXISTING, 0, NULL);
}

/* Child roles: "write NAME" sends three numbered messages, then one of zero bytes;
 * "missing NAME" expects no mailslot of that name. */
static int mailslot_child(int argc, char **argv)
{
    HANDLE h;
    char msg[32];
    DWORD n;

    if (argc < 2)
        return 2;
    if (strcmp(argv[0], "missing") == 0) {
        h = open_writer(argv[1], FILE_SHARE_READ);
        return h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 3;
    }
    if (strcmp(argv[0], "write") != 0)
        return 2;
    h = open_writer(argv[1], FILE_SHARE_READ);
    if (h == INVALID_HANDLE_VALUE)
        return 4;
    for (int i = 1; i <= 3; i++) {
        snprintf(msg, sizeof(msg), "message %d from the child", i);
        if (!WriteFile(h, msg, (DWORD)strlen(msg), &n, NULL) || n != strlen(msg))
            return 5;
    }
    if (!WriteFile(h, msg, 0, &n, NULL) || n != 0)
        return 6;
    CloseHandle(h);
    return 0;
}

/* The checks of Wine's dlls/kernel32/tests/mailslot.c, in its order. */
static void test_wine_sequence(void)
{
    HANDLE slot, slot2, writer, writer2;
    unsigned char buffer[16];
    DWORD count, max, next, msgs, timeout, start;
    BOOL ret;

    unique_name();
    max = next = msgs = timeout = 0;
    ok(!GetMailslotInfo(INVALID_HANDLE_VALUE, &max, &next, &msgs, &timeout),
       "GetMailslotInfo of INVALID_HANDLE_VALUE fails");
    writer = CreateFileA(slot_name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                         OPEN_EXISTING, 0, NULL);
    ok(writer == INVALID_HANDLE_VALUE, "no client of a mailslot nobody created");

    SetLastError(0xdeadbeef);
    slot = CreateMailslotA("blah", 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
       "a name outside \\\\.\\mailslot\\ fails with ERROR_INVALID_NAME");
    SetLastError(0xdeadbeef);
    slot = CreateMailslotA(NULL, 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a NULL name fails with ERROR_PATH_NOT_FOUND");

    slot = CreateMailslotA(slot_name, (DWORD)-1, (DWORD)-1, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotA with all-ones sizes");
    max = next = msgs = timeout = 0;
    ok(GetMailslotInfo(slot, &max, &next, &msgs, &timeout), "GetMailslotInfo");
    ok(max == ~0u && next == MAILSLOT_NO_MESSAGE && msgs == 0 && timeout == ~0u,
       "info %lu %lu %lu %lu", (unsigned long)max, (unsigned long)next, (unsigned long)msgs,
       (unsigned long)timeout);
    ok(GetMailslotInfo(slot, NULL, NULL, NULL, NULL), "every out-pointer is optional");
    ok(CloseHandle(slot), "close the mailslot");

    slot = CreateMailslotA(slot_name, 0, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotA again, once the first is gone");

    count = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = ReadFile(INVALID_HANDLE_VALUE, buffer, 0, &count, NULL);
    ok(!ret && GetLastError() == ERROR_INVALID_HANDLE && count == 0,
       "ReadFile of INVALID_HANDLE_VALUE");
    count = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ret = ReadFile(slot, buffer, 0, &count, NULL);
    ok(!ret && count == 0, "an empty read of an empty mailslot fails");
    todo_wine_ok(GetLastError() == ERROR_SEM_TIMEOUT, "with ERROR_SEM_TIMEOUT");
    ret = ReadFile(slot, buffer, sizeof(buffer), &count, NULL);
    ok(!ret && GetLastError() == ERROR_SEM_TIMEOUT, "nothing to read: ERROR_SEM_TIMEOUT");
    ok(!WriteFile(slot, buffer, sizeof(buffer), &count, NULL) &&
       GetLastError() == ERROR_ACCESS_DENIED, "the server cannot write");

    /* Windows before Vista refused a client that does not share reading. */
    writer = open_writer(slot_name, 0);
    ok(writer != INVALID_HANDLE_VALUE || GetLastError() == ERROR_SHARING_VIOLATION,
       "a client sharing nothing");
    if (writer != INVALID_HANDLE_VALUE)
        CloseHandle(writer);
    writer = CreateFileA(slot_name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL,
                         OPEN_EXISTING, 0, NULL);
    ok(writer != INVALID_HANDLE_VALUE, "a client");

    ret = ReadFile(slot, buffer, sizeof(buffer) / 2, &count, NULL);
    ok(!ret && GetLastError() == ERROR_SEM_TIMEOUT, "still nothing to read");
    ok(!WriteFile(slot, buffer, sizeof(buffer) / 2, &count, NULL) &&
       GetLastError() == ERROR_ACCESS_DENIED, "the server still cannot write");
    ok(!ReadFile(writer, buffer, sizeof(buffer) / 2, &count, NULL) &&
       (GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_ACCESS_DENIED),
       "a client cannot read");
    ok(WriteFile(writer, buffer, sizeof(buffer) / 2, &count, NULL), "a client writes");
    ok(!ReadFile(writer, buffer, sizeof(buffer) / 2, &count, NULL) &&
       (GetLastError() == ERROR_INVALID_PARAMETER || GetLastError() == ERROR_ACCESS_DENIED),
       "a client still cannot read");
    ok(ReadFile(slot, buffer, sizeof(buffer), &count, NULL) && count == sizeof(buffer) / 2,
       "the server reads the message, count %lu", (unsigned long)count);
    ret = ReadFile(slot, buffer, sizeof(buffer), &count, NULL);
    ok(!ret && GetLastError() == ERROR_SEM_TIMEOUT, "once");

    /* More clients: Vista and later accept them, whatever they share. */
    writer2 = CreateFileA(slot_name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (writer2 != INVALID_HANDLE_VALUE)
        CloseHandle(writer2);
    SetLastError(0xdeadbeef);
    slot2 = CreateMailslotA(slot_name, 0, 0, NULL);
    ok(slot2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "a second server of the name fails with ERROR_ALREADY_EXISTS");
    ok(CloseHandle(writer), "close the client");

    writer = open_writer(slot_name, FILE_SHARE_READ | FILE_SHARE_WRITE);
    ok(writer != INVALID_HANDLE_VALUE, "a client sharing writing");
    writer2 = open_writer(slot_name, FILE_SHARE_READ | FILE_SHARE_WRITE);
    ok(writer2 != INVALID_HANDLE_VALUE, "a second one");

    max = next = msgs = timeout = 0xdeadbeef;
    ok(GetMailslotInfo(slot, &max, &next, &msgs, &timeout), "GetMailslotInfo");
    ok(max == 0 && next == MAILSLOT_NO_MESSAGE && msgs == 0 && timeout == 0,
       "info %lu %lu %lu %lu", (unsigned long)max, (unsigned long)next, (unsigned long)msgs,
       (unsigned long)timeout);
    ret = ReadFile(slot, buffer, sizeof(buffer), &count, NULL);
    ok(!ret && GetLastError() == ERROR_SEM_TIMEOUT, "no message yet");

    buffer[0] = 'a';
    ok(WriteFile(writer, buffer, 1, &count, NULL), "first message");
    next = msgs = 0;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 1 && msgs == 1,
       "one message of 1 byte: %lu %lu", (unsigned long)next, (unsigned long)msgs);
    buffer[0] = 'b';
    buffer[1] = 'c';
    ok(WriteFile(writer2, buffer, 2, &count, NULL), "second message, from the other client");
    next = msgs = 0;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 1, "next is still 1 byte");
    todo_wine_ok(msgs == 2, "two messages, %lu", (unsigned long)msgs);
    ok(WriteFile(writer2, buffer, 0, &count, NULL), "a third message, of zero bytes");
    next = msgs = 0;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 1, "next is still 1 byte");
    todo_wine_ok(msgs == 3, "three messages, %lu", (unsigned long)msgs);

    buffer[0] = buffer[1] = 0;
    ok(ReadFile(slot, buffer, sizeof(buffer), &count, NULL) && count == 1 && buffer[0] == 'a',
       "the first message first");
    next = msgs = 0;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 2, "next is 2 bytes");
    todo_wine_ok(msgs == 2, "two left, %lu", (unsigned long)msgs);
    ok(ReadFile(slot, buffer, sizeof(buffer), &count, NULL) && count == 2 &&
       buffer[0] == 'b' && buffer[1] == 'c', "the second message");
    next = msgs = 0xdeadbeef;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 0, "next is the empty one");
    todo_wine_ok(msgs == 1, "one left, %lu", (unsigned long)msgs);
    count = 0xdeadbeef;
    todo_wine_ok(ReadFile(slot, buffer, sizeof(buffer), &count, NULL), "the empty message reads");
    ok(count == 0, "as 0 bytes");
    next = msgs = 0xdeadbeef;
    ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == MAILSLOT_NO_MESSAGE &&
       msgs == 0, "none left");
    ret = ReadFile(slot, buffer, sizeof(buffer), &count, NULL);
    ok(!ret && GetLastError() == ERROR_SEM_TIMEOUT, "and reads fail again");
    ok(CloseHandle(writer2) && CloseHandle(writer) && CloseHandle(slot), "close them all");

    /* The read timeout: a lower bound, on the tick count. */
    slot = CreateMailslotA(slot_name, 0, 300, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "a mailslot with a 300 ms read timeout");
    start = GetTickCount();
    ok(!ReadFile(slot, buffer, sizeof(buffer), &count, NULL) &&
       GetLastError() == ERROR_SEM_TIMEOUT, "a read that times out");
    ok(GetTickCount() - start >= 250, "after the timeout, %lu ms",
       (unsigned long)(GetTickCount() - start));
    ok(CloseHandle(slot), "close the mailslot");
}

static void test_names(void)
{
    char name[MAX_PATH + 40], upper[MAX_PATH];
    HANDLE slot, slot2, writer;
    DWORD n;

    SetLastError(0xdeadbeef);
    slot = CreateMailslotA("", 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "an empty name fails with ERROR_PATH_NOT_FOUND");
    SetLastError(0xdeadbeef);
    slot = CreateMailslotA("\\\\.\\pipe\\w32conf", 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_INVALID_NAME,
       "a pipe's name fails with ERROR_INVALID_NAME");
    SetLastError(0xdeadbeef);
    slot = CreateMailslotA("\\\\.\\mailslot\\", 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "the mailslot directory itself exists");

    /* Names are case-insensitive, may have subpaths, and W and A name the same. */
    unique_name();
    snprintf(upper, sizeof(upper), "%s", slot_name);
    CharUpperA(upper);
    slot = CreateMailslotA(slot_name, 0, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "a name with a subpath");
    SetLastError(0xdeadbeef);
    slot2 = CreateMailslotA(upper, 0, 0, NULL);
    ok(slot2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "the same name in capitals exists");
    writer = open_writer(upper, FILE_SHARE_READ);
    ok(writer != INVALID_HANDLE_VALUE, "a client through the name in capitals");
    ok(WriteFile(writer, "x", 1, &n, NULL) && n == 1, "writes");
    ok(GetMailslotInfo(slot, NULL, &n, NULL, NULL) && n == 1, "to the same mailslot");
    CloseHandle(writer);
    CloseHandle(slot);

    slot = CreateMailslotW(W("\\\\.\\mailslot\\w32conf-wide"), 0, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotW");
    SetLastError(0xdeadbeef);
    slot2 = CreateMailslotA("\\\\.\\MAILSLOT\\W32CONF-WIDE", 0, 0, NULL);
    ok(slot2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateMailslotA finds the W name");
    writer = CreateFileW(W("\\\\.\\mailslot\\w32conf-wide"), GENERIC_WRITE, FILE_SHARE_READ,
                         NULL, OPEN_EXISTING, 0, NULL);
    ok(writer != INVALID_HANDLE_VALUE, "CreateFileW opens a client");
    CloseHandle(writer);
    CloseHandle(slot);

    /* The NT name (\??\mailslot\...) must stay below MAX_PATH characters. */
    memset(name, 'a', sizeof(name));
    memcpy(name, "\\\\.\\mailslot\\", 13);
    name[MAX_PATH] = '\0';
    SetLastError(0xdeadbeef);
    slot = CreateMailslotA(name, 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILENAME_EXCED_RANGE,
       "a name of MAX_PATH characters fails with ERROR_FILENAME_EXCED_RANGE");
    name[MAX_PATH - 1] = '\0';
    slot = CreateMailslotA(name, 0, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "one of MAX_PATH - 1 characters is a mailslot");
    CloseHandle(slot);

    /* Mailslots of other computers or of a domain: this test runs with no network. */
    writer = open_writer("\\\\*\\mailslot\\w32conf", FILE_SHARE_READ);
    if (writer != INVALID_HANDLE_VALUE)
        CloseHandle(writer);
    else
        ok(GetLastError() != ERROR_SUCCESS, "a domain broadcast fails with an error");
}

static void test_handles(void)
{
    HANDLE slot, writer, event, dup;
    DWORD n, max, next;

    unique_name();
    slot = CreateMailslotA(slot_name, 8, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotA");
    writer = open_writer(slot_name, FILE_SHARE_READ);
    ok(writer != INVALID_HANDLE_VALUE, "a client");
    event = CreateEventA(NULL, FALSE, FALSE, NULL);

    SetLastError(0xdeadbeef);
    ok(!GetMailslotInfo(writer, &max, NULL, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetMailslotInfo of a client fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!GetMailslotInfo(event, &max, NULL, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetMailslotInfo of an event fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!GetMailslotInfo(NULL, &max, NULL, NULL, NULL) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetMailslotInfo of NULL fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!SetMailslotInfo(writer, 5) && GetLastError() == ERROR_INVALID_HANDLE,
       "SetMailslotInfo of a client fails with ERROR_INVALID_HANDLE");
    SetLastError(0xdeadbeef);
    ok(!SetMailslotInfo(event, 5) && GetLastError() == ERROR_INVALID_HANDLE,
       "SetMailslotInfo of an event fails with ERROR_INVALID_HANDLE");
    ok(SetMailslotInfo(slot, MAILSLOT_WAIT_FOREVER), "SetMailslotInfo of the server");
    ok(GetMailslotInfo(slot, &max, NULL, NULL, &n) && max == 8 && n == MAILSLOT_WAIT_FOREVER,
       "reads back %lu %lu", (unsigned long)max, (unsigned long)n);
    ok(SetMailslotInfo(slot, 0), "and back to 0");

    /* A synchronous file object: signalled between calls. */
    ok(WaitForSingleObject(slot, 0) == WAIT_OBJECT_0, "the server is signalled");

    /* A duplicate keeps the name after the original handle closes. */
    ok(DuplicateHandle(GetCurrentProcess(), slot, GetCurrentProcess(), &dup, 0, FALSE,
                       DUPLICATE_SAME_ACCESS), "DuplicateHandle");
    ok(CloseHandle(slot), "close the original");
    ok(WriteFile(writer, "dup", 3, &n, NULL) && n == 3, "the client still writes");
    ok(ReadFile(dup, &next, sizeof(next), &n, NULL) && n == 3, "the duplicate reads");
    SetLastError(0xdeadbeef);
    slot = CreateMailslotA(slot_name, 0, 0, NULL);
    ok(slot == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "the name is still taken");
    /* (Wine keeps a mailslot while clients hold it: close the client first.) */
    CloseHandle(writer);
    ok(CloseHandle(dup), "close the duplicate");
    SetLastError(0xdeadbeef);
    dup = open_writer(slot_name, FILE_SHARE_READ);
    ok(dup == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "the last server handle took the name with it");
    CloseHandle(event);
}

static void test_messages(void)
{
    HANDLE slot, writer, writer2, event;
    OVERLAPPED ov;
    char buf[64];
    DWORD n, next, msgs;

    unique_name();
    slot = CreateMailslotA(slot_name, 16, 0, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotA");
    writer = open_writer(slot_name, FILE_SHARE_READ | FILE_SHARE_WRITE);
    writer2 = open_writer(slot_name, FILE_SHARE_READ | FILE_SHARE_WRITE);
    ok(writer != INVALID_HANDLE_VALUE && writer2 != INVALID_HANDLE_VALUE, "two clients");

    /* A buffer too small for the next message leaves it queued. */
    ok(WriteFile(writer, "0123456789", 10, &n, NULL) && n == 10, "a 10-byte message");
    n = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    todo_wine_ok(!ReadFile(slot, buf, 4, &n, NULL) && GetLastError() == ERROR_INSUFFICIENT_BUFFER,
                 "a 4-byte buffer fails with ERROR_INSUFFICIENT_BUFFER");
    if (running_on_wine()) {
        /* Wine hands out the start of the message and drops the rest. */
        ok(WriteFile(writer, "0123456789", 10, &n, NULL), "the message again");
    } else {
        ok(n == 0, "and reads nothing");
        ok(GetMailslotInfo(slot, NULL, &next, &msgs, NULL) && next == 10 && msgs == 1,
           "the message is still there: %lu %lu", (unsigned long)next, (unsigned long)msgs);
    }
    ok(ReadFile(slot, buf, sizeof(buf), &n, NULL) && n == 10 && memcmp(buf, "0123456789", 10) == 0,
       "a big enough buffer reads it whole");

    /* nMaxMessageSize bounds each message (NT's mailslot driver: an invalid parameter). */
    SetLastError(0xdeadbeef);
    todo_wine_ok(!WriteFile(writer, buf, 17, &n, NULL) &&
                 GetLastError() == ERROR_INVALID_PARAMETER,
                 "a 17-byte message to a 16-byte mailslot fails");
    if (running_on_wine())
        ReadFile(slot, buf, sizeof(buf), &n, NULL);
    ok(WriteFile(writer, buf, 16, &n, NULL) && n == 16, "a 16-byte message goes");
    ok(ReadFile(slot, buf, sizeof(buf), &n, NULL) && n == 16, "and reads");

    /* A client keeps writing after another one closed. */
    ok(CloseHandle(writer2), "close the second client");
    ok(WriteFile(writer, "still", 5, &n, NULL) && n == 5, "the first one writes");

    /* The server's handle is synchronous: an OVERLAPPED only receives the result. */
    event = CreateEventA(NULL, TRUE, FALSE, NULL);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = event;
    n = 0xdeadbeef;
    ok(ReadFile(slot, buf, sizeof(buf), &n, &ov) && n == 5 && memcmp(buf, "still", 5) == 0,
       "a read with an OVERLAPPED finishes in the call");
    ok(ov.Internal == 0 && ov.InternalHigh == 5, "the OVERLAPPED holds %lx %lu",
       (unsigned long)ov.Internal, (unsigned long)ov.InternalHigh);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "its event is set");
    ResetEvent(event);
    ok(!ReadFile(slot, buf, sizeof(buf), &n, &ov) && GetLastError() == ERROR_SEM_TIMEOUT,
       "an empty one times out as a plain read does");

    /* An overlapped client. */
    CloseHandle(writer);
    writer = CreateFileA(slot_name, GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING,
                         FILE_FLAG_OVERLAPPED, NULL);
    ok(writer != INVALID_HANDLE_VALUE, "a client with FILE_FLAG_OVERLAPPED");
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = event;
    if (!WriteFile(writer, "ov", 2, NULL, &ov))
        ok(GetLastError() == ERROR_IO_PENDING, "an overlapped write pends or finishes");
    ok(GetOverlappedResult(writer, &ov, &n, TRUE) && n == 2, "its result: %lu bytes",
       (unsigned long)n);
    ok(ReadFile(slot, buf, sizeof(buf), &n, NULL) && n == 2 && memcmp(buf, "ov", 2) == 0,
       "the server reads it");

    /* The server goes: its clients' writes fail (NT: STATUS_FILE_FORCED_CLOSED). */
    ok(CloseHandle(slot), "close the server");
    SetLastError(0xdeadbeef);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = event;
    todo_wine_ok(!WriteFile(writer, "late", 4, &n, &ov) && GetLastError() == ERROR_HANDLE_EOF,
                 "a write after the server closed fails with ERROR_HANDLE_EOF");
    CloseHandle(writer);
    CloseHandle(event);
}

static void test_other_process(void)
{
    PROCESS_INFORMATION pi;
    HANDLE slot;
    char args[MAX_PATH + 16], buf[64], expect[32];
    DWORD n;

    unique_name();
    snprintf(args, sizeof(args), "missing %s", slot_name);
    ok(start_child(args, &pi), "start a child");
    ok(finish_child(&pi) == 0, "it finds no mailslot of the name");

    slot = CreateMailslotA(slot_name, 0, 60000, NULL);
    ok(slot != INVALID_HANDLE_VALUE, "CreateMailslotA");
    snprintf(args, sizeof(args), "write %s", slot_name);
    ok(start_child(args, &pi), "start a writer");
    for (int i = 1; i <= 3; i++) {
        snprintf(expect, sizeof(expect), "message %d from the child", i);
        n = 0;
        ok(ReadFile(slot, buf, sizeof(buf), &n, NULL) && n == strlen(expect) &&
           memcmp(buf, expect, n) == 0, "message %d, whole and in order", i);
    }
    ok(finish_child(&pi) == 0, "the writer succeeded");
    /* Its last message outlives it; read without waiting (Wine cannot read it). */
    ok(SetMailslotInfo(slot, 0), "SetMailslotInfo");
    n = 0xdeadbeef;
    todo_wine_ok(ReadFile(slot, buf, sizeof(buf), &n, NULL), "the empty message");
    ok(n == 0, "of 0 bytes");
    ok(CloseHandle(slot), "close the mailslot");
}

CONFORMANCE_MAIN(test_wine_sequence, test_names, test_handles, test_messages, test_other_process)
