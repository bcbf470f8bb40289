/* Named pipes: instances, connection states, message mode, fds, clients in threads and processes. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

static char name[128];

static void make_name(void)
{
    static int serial;

    snprintf(name, sizeof(name), "\\\\.\\pipe\\w32check-%d-%d", (int)getpid(), serial++);
}

static HANDLE server(DWORD mode, DWORD max)
{
    HANDLE h = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, mode, max, 4096, 4096, 0, NULL);

    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

static HANDLE client(void)
{
    return CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
}

/* A server instance with a client connected to it. */
static void connected_pair(DWORD mode, HANDLE *s, HANDLE *c)
{
    *s = server(mode, 1);
    *c = client();
    ck_assert_ptr_ne(*c, INVALID_HANDLE_VALUE);
    ck_assert(!ConnectNamedPipe(*s, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
}

/* Connects as a client of another process does (lib/namedpipe.c's pipe
 * address), without waiting; the socket, or -1 with errno set. */
static int foreign_connect(void)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int len = snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "w32shim-pipe-%u-%s",
                       (unsigned)getuid(), name + strlen("\\\\.\\pipe\\"));
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    ck_assert_int_ge(fd, 0);
    if (connect(fd, (struct sockaddr *)&addr, offsetof(struct sockaddr_un, sun_path) + 1 + len)) {
        int err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

START_TEST(test_clients_of_other_processes_get_in_only_while_instances_listen)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = server(PIPE_TYPE_BYTE | PIPE_NOWAIT, 2), b = server(PIPE_TYPE_BYTE, 2);
    char buf[4] = "";
    DWORD n = 0;
    int one, two, three;

    /* Two instances listen: two get in, a third is refused (ERROR_PIPE_BUSY). */
    one = foreign_connect();
    two = foreign_connect();
    ck_assert_int_ge(one, 0);
    ck_assert_int_ge(two, 0);
    ck_assert_int_eq(foreign_connect(), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert(!ConnectNamedPipe(a, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
    ck_assert(!ConnectNamedPipe(b, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
    /* None listens: the smallest backlog would still let one in. */
    ck_assert_int_eq(foreign_connect(), -1);
    ck_assert_int_eq(errno, EAGAIN);
    /* a listens again (without waiting): the place the plug held is free,
     * and what a accepts next is the client, not the plug. */
    ck_assert(DisconnectNamedPipe(a));
    ck_assert(!ConnectNamedPipe(a, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    three = foreign_connect();
    ck_assert_int_ge(three, 0);
    ck_assert_int_eq(foreign_connect(), -1);
    ck_assert_int_eq(errno, EAGAIN);
    ck_assert_int_eq(write(three, "abc", 3), 3);
    ck_assert(!ConnectNamedPipe(a, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
    ck_assert(ReadFile(a, buf, 3, &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(buf, "abc");
    close(one);
    close(two);
    close(three);
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_instances_share_one_listening_socket_and_free_it_on_close)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = server(PIPE_TYPE_BYTE, 2);

    /* The listening socket, the name's drop table (shared with other
     * processes; one for all its handles here) and the instance's socket. */
    ck_assert_int_eq(fd_count(), leak_fds_ + 3);
    HANDLE b = server(PIPE_TYPE_BYTE, 2);
    ck_assert_int_eq(fd_count(), leak_fds_ + 4);
    ck_assert_uint_eq(handle_count(), leak_handles_ + 2);
    ck_assert_ptr_eq(CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, 0, 2, 0, 0, 0, NULL),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_BUSY);
    close_all((HANDLE[]){ a, b }, 2);
    LEAK_CHECK_END();
    a = server(PIPE_TYPE_BYTE, 1);
    ck_assert(CloseHandle(a));
}
END_TEST

START_TEST(test_bad_parameters_are_refused)
{
    LEAK_CHECK_BEGIN();
    ck_assert_ptr_eq(CreateNamedPipeA("\\\\.\\notpipe\\x", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_NAME);
    ck_assert_ptr_eq(CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, 0, 0, 0, 0, 0, NULL),
                     INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_ptr_eq(CreateNamedPipeA(name, 0, 0, 1, 0, 0, 0, NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert_ptr_eq(CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_READMODE_MESSAGE, 1, 0, 0, 0,
                                      NULL), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_client_data_flows_both_ways_and_fds_return)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    char buf[8] = { 0 };
    DWORD n;

    connected_pair(PIPE_TYPE_BYTE, &s, &c);
    ck_assert_int_eq(fd_count(), leak_fds_ + 4);
    ck_assert(WriteFile(c, "ping", 4, &n, NULL));
    ck_assert(ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(buf, "ping");
    ck_assert(WriteFile(s, "pong", 4, &n, NULL));
    ck_assert(ReadFile(c, buf, sizeof(buf), &n, NULL));
    ck_assert_str_eq(buf, "pong");
    ck_assert_uint_eq(GetFileType(c), FILE_TYPE_PIPE);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_names_are_case_insensitive)
{
    LEAK_CHECK_BEGIN();
    HANDLE s = CreateNamedPipeA("\\\\.\\pipe\\W32Check-Case", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0,
                                NULL);
    HANDLE c = CreateFileA("\\\\.\\PIPE\\w32check-case", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                           OPEN_EXISTING, 0, NULL);

    ck_assert_ptr_ne(s, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_missing_pipe_is_file_not_found_and_taken_one_busy)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, c2;

    ck_assert_ptr_eq(client(), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    s = server(PIPE_TYPE_MESSAGE, 2);
    c = client();
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    c2 = client();
    ck_assert_ptr_eq(c2, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_BUSY);
    HANDLE s2 = server(PIPE_TYPE_MESSAGE, 2);
    c2 = client();
    ck_assert_ptr_ne(c2, INVALID_HANDLE_VALUE);
    ck_assert_int_eq(fd_count(), leak_fds_ + 6);
    close_all((HANDLE[]){ c, c2, s, s2 }, 4);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_listening_instance_refuses_io)
{
    LEAK_CHECK_BEGIN();
    HANDLE s = server(PIPE_TYPE_BYTE, 1);
    char c = 0;
    DWORD n;

    ck_assert(!ReadFile(s, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    ck_assert(!WriteFile(s, &c, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    ck_assert(!DisconnectNamedPipe(s));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    ck_assert(CloseHandle(s));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_message_read_too_short_gives_more_data_then_the_rest)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    char buf[16] = { 0 };
    DWORD n, avail, left;

    connected_pair(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, &s, &c);
    ck_assert(WriteFile(c, "hello world", 11, &n, NULL));
    ck_assert(WriteFile(c, "xy", 2, &n, NULL));
    ck_assert(!ReadFile(s, buf, 4, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_MORE_DATA);
    ck_assert_uint_eq(n, 4);
    ck_assert(PeekNamedPipe(s, NULL, 0, NULL, &avail, &left));
    ck_assert_uint_eq(avail, 9);
    ck_assert_uint_eq(left, 7);
    ck_assert(ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 7);
    ck_assert(ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 2);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_byte_reads_of_a_message_pipe_take_part_without_error)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    char buf[8] = { 0 };
    DWORD n;

    connected_pair(PIPE_TYPE_MESSAGE, &s, &c);
    ck_assert(WriteFile(c, "abcdef", 6, &n, NULL));
    ck_assert(ReadFile(s, buf, 4, &n, NULL));
    ck_assert_uint_eq(n, 4);
    ck_assert(ReadFile(s, buf, 4, &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(!memcmp(buf, "ef", 2));
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_client_close_breaks_server_reads_and_writes_without_sigpipe)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    char buf[4];
    DWORD n;
    sigset_t pending;

    connected_pair(PIPE_TYPE_BYTE, &s, &c);
    ck_assert(CloseHandle(c));
    ck_assert(!ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_BROKEN_PIPE);
    ck_assert(!WriteFile(s, "x", 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NO_DATA);
    sigpending(&pending);
    ck_assert(!sigismember(&pending, SIGPIPE));
    ck_assert(CloseHandle(s));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_disconnected_instance_is_busy_until_connect)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    char buf[4];
    DWORD n;

    connected_pair(PIPE_TYPE_BYTE, &s, &c);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert(!ReadFile(s, buf, 1, &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_NOT_CONNECTED);
    ck_assert(!ReadFile(c, buf, 1, &n, NULL));
    ck_assert(CloseHandle(c));
    ck_assert_ptr_eq(client(), INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_BUSY);
    ck_assert(!WaitNamedPipeA(name, 10));
    ck_assert_uint_eq(GetLastError(), ERROR_SEM_TIMEOUT);
    ck_assert_int_eq(fd_count(), leak_fds_ + 3);
    ck_assert(CloseHandle(s));
    LEAK_CHECK_END();
}
END_TEST

static DWORD WINAPI connect_server(LPVOID s)
{
    return ConnectNamedPipe(s, NULL) ? 0 : GetLastError();
}

START_TEST(test_connect_waits_for_the_next_client_after_disconnect)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c, thread;
    char buf[4] = { 0 };
    DWORD n;

    connected_pair(PIPE_TYPE_BYTE, &s, &c);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert(CloseHandle(c));
    thread = CreateThread(NULL, 0, connect_server, s, 0, NULL);
    ck_assert(WaitNamedPipeA(name, LONG_WAIT));
    c = client();
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    n = exit_code(thread);
    ck_assert(n == 0 || n == ERROR_PIPE_CONNECTED);
    ck_assert(WriteFile(c, "abc", 3, &n, NULL));
    ck_assert(ReadFile(s, buf, 3, &n, NULL));
    ck_assert_str_eq(buf, "abc");
    close_all((HANDLE[]){ thread, c, s }, 3);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_nowait_connect_returns_pipe_listening)
{
    LEAK_CHECK_BEGIN();
    HANDLE s = server(PIPE_TYPE_BYTE | PIPE_NOWAIT, 1);

    ck_assert(!ConnectNamedPipe(s, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    ck_assert(CloseHandle(s));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_wrong_handles_are_refused)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, FALSE, FALSE, NULL), r, w;
    HANDLE s = server(PIPE_TYPE_BYTE, 1);
    DWORD mode = PIPE_READMODE_MESSAGE;

    ck_assert(CreatePipe(&r, &w, NULL, 0));
    ck_assert(!ConnectNamedPipe(ev, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!ConnectNamedPipe(r, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!DisconnectNamedPipe(w));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    ck_assert(!SetNamedPipeHandleState(s, &mode, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    ck_assert(!GetNamedPipeInfo(ev, NULL, NULL, NULL, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    close_all((HANDLE[]){ ev, s, r, w }, 4);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_client_in_a_forked_process_talks_to_the_server)
{
    LEAK_CHECK_BEGIN();
    HANDLE s = server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, 1);
    char buf[8] = { 0 };
    DWORD n;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        HANDLE c = client();
        DWORD got;
        char reply[8] = { 0 };
        _exit(c == INVALID_HANDLE_VALUE || !WriteFile(c, "ping", 4, &got, NULL) ||
              !ReadFile(c, reply, sizeof(reply), &got, NULL) || strcmp(reply, "pong") != 0);
    }
    DWORD r = ConnectNamedPipe(s, NULL) ? 0 : GetLastError();
    ck_assert(r == 0 || r == ERROR_PIPE_CONNECTED);
    ck_assert(ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_str_eq(buf, "ping");
    ck_assert(WriteFile(s, "pong", 4, &n, NULL));
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert(CloseHandle(s));
    LEAK_CHECK_END();
}
END_TEST

/*
 * What a client in another process sees of its server's DisconnectNamedPipe
 * (ERROR_PIPE_NOT_CONNECTED, its blocked read woken with it) and of a plain
 * CloseHandle (ERROR_BROKEN_PIPE, ERROR_NO_DATA): the child's exit code is 0
 * or the step that failed.
 */
static int child_sees_end(int ready_fd, bool disconnect)
{
    DWORD read_error = disconnect ? ERROR_PIPE_NOT_CONNECTED : ERROR_BROKEN_PIPE;
    DWORD write_error = disconnect ? ERROR_PIPE_NOT_CONNECTED : ERROR_NO_DATA;
    HANDLE c = client();
    char buf[8];
    DWORD n, avail;

    if (c == INVALID_HANDLE_VALUE || write(ready_fd, "r", 1) != 1)
        return 1;
    /* Blocks until the server ends the connection. */
    if (ReadFile(c, buf, sizeof(buf), &n, NULL) || GetLastError() != read_error)
        return 2;
    if (WriteFile(c, "x", 1, &n, NULL) || GetLastError() != write_error)
        return 3;
    if (PeekNamedPipe(c, NULL, 0, NULL, &avail, NULL) || GetLastError() != read_error)
        return 4;
    if (disconnect && (GetNamedPipeInfo(c, NULL, NULL, NULL, NULL) ||
                       GetLastError() != ERROR_PIPE_NOT_CONNECTED))
        return 5;
    return CloseHandle(c) ? 0 : 6;
}

START_TEST(test_client_in_a_forked_process_sees_disconnect_apart_from_close)
{
    LEAK_CHECK_BEGIN();
    for (int disconnect = 0; disconnect < 2; disconnect++) {
        HANDLE s = server(disconnect ? PIPE_TYPE_MESSAGE : PIPE_TYPE_BYTE, 1);
        int sync[2], status;
        char byte;
        pid_t pid;

        ck_assert_int_eq(pipe(sync), 0);
        pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(sync[0]);
            _exit(child_sees_end(sync[1], disconnect));
        }
        close(sync[1]);
        DWORD r = ConnectNamedPipe(s, NULL) ? 0 : GetLastError();
        ck_assert(r == 0 || r == ERROR_PIPE_CONNECTED);
        ck_assert_int_eq(read(sync[0], &byte, 1), 1);
        close(sync[0]);
        if (disconnect)
            ck_assert(DisconnectNamedPipe(s));
        else
            ck_assert(CloseHandle(s));
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: child failed at step %d",
                      disconnect ? "disconnect" : "close", WEXITSTATUS(status));
        if (disconnect)
            ck_assert(CloseHandle(s));
    }
    LEAK_CHECK_END();
}
END_TEST

/* Makes PIPE_NOWAIT instance s listen, then takes the client that opened it. */
static void listen_then_take_client(HANDLE s, void (*open_client)(void *), void *arg)
{
    ck_assert(!ConnectNamedPipe(s, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_LISTENING);
    open_client(arg);
    ck_assert(!ConnectNamedPipe(s, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
}

/* A client process: it opens the pipe each time it is told to and says
 * so, and exits without closing any of its ends when its commands end. */
struct client_process {
    int cmd[2], ready[2];
    pid_t pid;
};

static void start_client_process(struct client_process *p)
{
    char byte;

    ck_assert_int_eq(pipe(p->cmd), 0);
    ck_assert_int_eq(pipe(p->ready), 0);
    p->pid = fork();
    ck_assert_int_ge(p->pid, 0);
    if (p->pid == 0) {
        close(p->cmd[1]);
        close(p->ready[0]);
        while (read(p->cmd[0], &byte, 1) == 1)
            if (client() == INVALID_HANDLE_VALUE || write(p->ready[1], "r", 1) != 1)
                _exit(1);
        _exit(0);
    }
    close(p->cmd[0]);
    close(p->ready[1]);
}

/* For listen_then_take_client: the client process opens once more. */
static void open_in_client_process(void *arg)
{
    struct client_process *p = arg;
    char byte;

    ck_assert_int_eq(write(p->cmd[1], "c", 1), 1);
    ck_assert_int_eq(read(p->ready[0], &byte, 1), 1);
}

static void end_client_process(struct client_process *p)
{
    int status;

    close(p->cmd[1]);
    ck_assert_int_eq(waitpid(p->pid, &status, 0), p->pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(p->ready[0]);
}

static void open_local_client(void *arg)
{
    *(HANDLE *)arg = client();
    ck_assert_ptr_ne(*(HANDLE *)arg, INVALID_HANDLE_VALUE);
}

START_TEST(test_disconnects_outlast_clients_that_exit_without_closing)
{
    LEAK_CHECK_BEGIN();
    HANDLE s = server(PIPE_TYPE_BYTE | PIPE_NOWAIT, 1), c;
    char buf[4];
    DWORD n;

    struct client_process p;

    /*
     * The server disconnects clients of a process that then exits without
     * closing them: their drops stay in the name's table until a disconnect
     * needs the room. Its 512 fill the table; the last disconnect below finds
     * their slots reclaimed (with no room, its client would see a close).
     */
    start_client_process(&p);
    for (int i = 0; i < 512; i++) {
        listen_then_take_client(s, open_in_client_process, &p);
        ck_assert(DisconnectNamedPipe(s));
    }
    end_client_process(&p);
    listen_then_take_client(s, open_local_client, &c);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert(!ReadFile(c, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_NOT_CONNECTED);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

#define NPAIRS 4

static DWORD WINAPI serve_one(LPVOID s)
{
    char buf[16];
    DWORD n, r = ConnectNamedPipe(s, NULL) ? 0 : GetLastError();

    if (r != 0 && r != ERROR_PIPE_CONNECTED)
        return 1;
    if (!ReadFile(s, buf, sizeof(buf), &n, NULL) || n != 5)
        return 2;
    return WriteFile(s, buf, n, &n, NULL) ? 0 : 3;
}

static DWORD WINAPI call_once(LPVOID arg)
{
    char buf[16];
    DWORD n;
    HANDLE c;

    if (!WaitNamedPipeA(name, LONG_WAIT))
        return 1;
    c = client();
    if (c == INVALID_HANDLE_VALUE)
        return 2;
    if (!WriteFile(c, "hello", 5, &n, NULL) || !ReadFile(c, buf, sizeof(buf), &n, NULL) || n != 5)
        n = 0;
    CloseHandle(c);
    return n == 5 ? 0 : 3;
}

START_TEST(test_clients_in_threads_each_get_an_instance)
{
    LEAK_CHECK_BEGIN();
    HANDLE servers[NPAIRS], threads[2 * NPAIRS];

    for (int i = 0; i < NPAIRS; i++) {
        servers[i] = server(PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE, NPAIRS);
        threads[i] = CreateThread(NULL, 0, serve_one, servers[i], 0, NULL);
    }
    for (int i = 0; i < NPAIRS; i++)
        threads[NPAIRS + i] = CreateThread(NULL, 0, call_once, NULL, 0, NULL);
    for (int i = 0; i < 2 * NPAIRS; i++)
        ck_assert_uint_eq(exit_code(threads[i]), 0);
    close_all(threads, 2 * NPAIRS);
    close_all(servers, NPAIRS);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_pipe_info_describes_both_ends)
{
    LEAK_CHECK_BEGIN();
    HANDLE s, c;
    DWORD flags, out, in, max;

    connected_pair(PIPE_TYPE_MESSAGE, &s, &c);
    ck_assert(GetNamedPipeInfo(s, &flags, &out, &in, &max));
    ck_assert_uint_eq(flags, PIPE_TYPE_MESSAGE | PIPE_SERVER_END);
    ck_assert_uint_eq(out, 4096);
    ck_assert_uint_eq(max, 1);
    ck_assert(GetNamedPipeInfo(c, &flags, NULL, NULL, NULL));
    ck_assert_uint_eq(flags, PIPE_TYPE_MESSAGE | PIPE_CLIENT_END);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

/* ---- ends a child inherits (CreateProcess runs this program again) ---- */

#define LONG_MESSAGE "0123456789abcdefghij"

/*
 * Child role "client HANDLE": the inherited client end of a message pipe,
 * read in message mode, with LONG_MESSAGE queued. Returns 0, or the step
 * that failed.
 */
static int child_client(HANDLE c)
{
    DWORD flags = 0, out = 0, in = 0, max = 0, state = 0, n = 0, avail = 0, left = 0;
    char buf[64];

    if (!GetNamedPipeInfo(c, &flags, &out, &in, &max) ||
        flags != (PIPE_TYPE_MESSAGE | PIPE_CLIENT_END) || out != 1000 || in != 2000 || max != 3)
        return 1;
    if (!GetNamedPipeHandleStateA(c, &state, NULL, NULL, NULL, NULL, 0) ||
        state != PIPE_READMODE_MESSAGE)
        return 2;
    if (!PeekNamedPipe(c, buf, 4, &n, &avail, &left) || n != 4 || avail != 20 || left != 16 ||
        memcmp(buf, "0123", 4) != 0)
        return 3;
    SetLastError(0);
    if (ReadFile(c, buf, 8, &n, NULL) || GetLastError() != ERROR_MORE_DATA || n != 8 ||
        memcmp(buf, "01234567", 8) != 0)
        return 4;
    if (!ReadFile(c, buf, sizeof(buf), &n, NULL) || n != 12 || memcmp(buf, "89abcdefghij", 12))
        return 5;
    if (!WriteFile(c, "ready", 5, &n, NULL) || n != 5)
        return 6;
    /* Woken by the parent's DisconnectNamedPipe, which it must tell from a close. */
    SetLastError(0);
    if (ReadFile(c, buf, sizeof(buf), &n, NULL) || GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 7;
    if (PeekNamedPipe(c, NULL, 0, NULL, &avail, NULL) ||
        GetLastError() != ERROR_PIPE_NOT_CONNECTED)
        return 8;
    return CloseHandle(c) ? 0 : 9;
}

/*
 * Child role "server HANDLE": the inherited server instance of a byte pipe,
 * connected, with "hello" from its client queued. Returns 0, or the step
 * that failed.
 */
static int child_server(HANDLE s)
{
    DWORD flags = 0, out = 0, in = 0, max = 0, n = 0;
    char buf[16];

    if (!GetNamedPipeInfo(s, &flags, &out, &in, &max) ||
        flags != (PIPE_TYPE_BYTE | PIPE_SERVER_END) || out != 1000 || in != 2000 || max != 3)
        return 1;
    if (!ReadFile(s, buf, sizeof(buf), &n, NULL) || n != 5 || memcmp(buf, "hello", 5) != 0)
        return 2;
    if (!WriteFile(s, "back", 4, &n, NULL) || n != 4)
        return 3;
    if (ConnectNamedPipe(s, NULL) || GetLastError() != ERROR_PIPE_CONNECTED)
        return 4;
    /* The instance's state stays with the parent's listening socket (doc/api.md). */
    if (DisconnectNamedPipe(s) || GetLastError() != ERROR_NOT_SUPPORTED)
        return 5;
    return CloseHandle(s) ? 0 : 6;
}

static int child_main(const char *role, const char *value)
{
    HANDLE h = (HANDLE)(uintptr_t)strtoull(value, NULL, 16);

    if (strcmp(role, "client") == 0)
        return child_client(h);
    if (strcmp(role, "server") == 0)
        return child_server(h);
    return 100;
}

/* Starts this program as a child of role with h's value, inheriting handles. */
static void start_child(const char *role, HANDLE h, PROCESS_INFORMATION *pi)
{
    char self[4096], cmd[4200];
    STARTUPINFOA si = { .cb = sizeof(si) };
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

    ck_assert_int_gt(len, 0);
    self[len] = '\0';
    snprintf(cmd, sizeof(cmd), "\"%s\" child %s %llx", self, role,
             (unsigned long long)(uintptr_t)h);
    ck_assert_msg(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi),
                  "CreateProcessA: %u", GetLastError());
}

static DWORD finish_child(PROCESS_INFORMATION *pi)
{
    DWORD code = 0xdead;

    ck_assert_uint_eq(WaitForSingleObject(pi->hProcess, LONG_WAIT), WAIT_OBJECT_0);
    ck_assert(GetExitCodeProcess(pi->hProcess, &code));
    close_all((HANDLE[]){ pi->hProcess, pi->hThread }, 2);
    return code;
}

/* The process monitor's epoll fd lives as long as the process (a child
 * starts it): started before fds are counted. */
static void start_the_monitor(void)
{
    PROCESS_INFORMATION pi;

    start_child("none", NULL, &pi);
    ck_assert_uint_eq(finish_child(&pi), 100);
}

START_TEST(test_inherited_client_keeps_message_mode_and_sees_disconnect)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    DWORD mode = PIPE_READMODE_MESSAGE, n;
    PROCESS_INFORMATION pi;
    char buf[16];
    HANDLE s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_MESSAGE, 3, 1000, 2000, 0,
                                NULL);
    HANDLE c = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, &sa, OPEN_EXISTING, 0, NULL);

    ck_assert_ptr_ne(s, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    ck_assert(SetNamedPipeHandleState(c, &mode, NULL, NULL));
    ck_assert(WriteFile(s, LONG_MESSAGE, 20, &n, NULL));
    int fds = fd_count();
    start_child("client", c, &pi);
    /* The child's "ready" comes once it has read the message; then it waits.
     * (Our copy of the client keeps the pipe open should the child fail.) */
    while (PeekNamedPipe(s, NULL, 0, NULL, &n, NULL) && n == 0 &&
           WaitForSingleObject(pi.hProcess, 10) == WAIT_TIMEOUT)
        ;
    ck_assert_msg(n == 5, "the child ended with %u", finish_child(&pi));
    ck_assert(ReadFile(s, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 5);
    ck_assert(DisconnectNamedPipe(s));
    ck_assert_uint_eq(finish_child(&pi), 0);
    ck_assert_int_eq(fd_count(), fds);
    /* Our copy of the client sees the disconnect too: the child's close did
     * not forget it. */
    ck_assert(!ReadFile(c, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_NOT_CONNECTED);
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_inherited_server_instance_carries_data_and_answers_queries)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    DWORD n;
    char buf[16];
    HANDLE s = CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE, 3, 1000, 2000, 0, &sa);
    HANDLE c = client();

    ck_assert_ptr_ne(s, INVALID_HANDLE_VALUE);
    ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
    ck_assert(!ConnectNamedPipe(s, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_PIPE_CONNECTED);
    ck_assert(WriteFile(c, "hello", 5, &n, NULL));
    int fds = fd_count();
    start_child("server", s, &pi);
    ck_assert_uint_eq(finish_child(&pi), 0);
    ck_assert_int_eq(fd_count(), fds);
    ck_assert(ReadFile(c, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 4);
    ck_assert(memcmp(buf, "back", 4) == 0);
    /* The instance is still the parent's to disconnect. */
    ck_assert(DisconnectNamedPipe(s));
    close_all((HANDLE[]){ c, s }, 2);
    LEAK_CHECK_END();
}
END_TEST

/*
 * A pipe closed and made again under its name while children start, as a
 * build tool makes one per command (ninja: a name per subprocess, reused):
 * a child started while the first instance was open never keeps its name
 * taken once CreateProcess has returned (it held the listening socket
 * until its exec had closed it, after the creator had gone on; the make
 * again then failed with ERROR_ACCESS_DENIED, now and then).
 */
START_TEST(test_name_made_again_after_a_child_started)
{
    start_the_monitor();
    LEAK_CHECK_BEGIN();
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    DWORD start = GetTickCount();
    HANDLE last = NULL;
    int made = 0;

    /* Before the fix, a few hundred rounds found it within a few dozen. */
    while (made < 400 && (made < 50 || GetTickCount() - start < 3000)) {
        STARTUPINFOA si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
        PROCESS_INFORMATION pi;
        char cmd[] = "/bin/true";
        HANDLE s = CreateNamedPipeA(name, PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED,
                                    PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, 0, 0, 0, NULL);
        ck_assert_msg(s != INVALID_HANDLE_VALUE, "round %d: error %u", made,
                      (unsigned)GetLastError());
        HANDLE c = CreateFileA(name, GENERIC_WRITE, 0, &sa, OPEN_EXISTING, 0, NULL);
        ck_assert_ptr_ne(c, INVALID_HANDLE_VALUE);
        si.hStdOutput = si.hStdError = c;
        ck_assert(CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi));
        /* The name is free again at once: the next round makes it while
         * this child may still be starting. */
        close_all((HANDLE[]){ c, s, pi.hThread }, 3);
        if (last) {
            ck_assert_uint_eq(WaitForSingleObject(last, LONG_WAIT), WAIT_OBJECT_0);
            CloseHandle(last);
        }
        last = pi.hProcess;
        made++;
    }
    ck_assert_uint_eq(WaitForSingleObject(last, LONG_WAIT), WAIT_OBJECT_0);
    CloseHandle(last);
    LEAK_CHECK_END();
}
END_TEST

static Suite *namedpipe_suite(void)
{
    Suite *s = suite_create("namedpipe");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, make_name, NULL);
    tcase_add_test(tc, test_instances_share_one_listening_socket_and_free_it_on_close);
    tcase_add_test(tc, test_bad_parameters_are_refused);
    tcase_add_test(tc, test_client_data_flows_both_ways_and_fds_return);
    tcase_add_test(tc, test_names_are_case_insensitive);
    tcase_add_test(tc, test_missing_pipe_is_file_not_found_and_taken_one_busy);
    tcase_add_test(tc, test_listening_instance_refuses_io);
    tcase_add_test(tc, test_message_read_too_short_gives_more_data_then_the_rest);
    tcase_add_test(tc, test_byte_reads_of_a_message_pipe_take_part_without_error);
    tcase_add_test(tc, test_client_close_breaks_server_reads_and_writes_without_sigpipe);
    tcase_add_test(tc, test_disconnected_instance_is_busy_until_connect);
    tcase_add_test(tc, test_connect_waits_for_the_next_client_after_disconnect);
    tcase_add_test(tc, test_nowait_connect_returns_pipe_listening);
    tcase_add_test(tc, test_wrong_handles_are_refused);
    tcase_add_test(tc, test_client_in_a_forked_process_talks_to_the_server);
    tcase_add_test(tc, test_client_in_a_forked_process_sees_disconnect_apart_from_close);
    tcase_add_test(tc, test_disconnects_outlast_clients_that_exit_without_closing);
    tcase_add_test(tc, test_clients_in_threads_each_get_an_instance);
    tcase_add_test(tc, test_pipe_info_describes_both_ends);
    tcase_add_test(tc, test_inherited_client_keeps_message_mode_and_sees_disconnect);
    tcase_add_test(tc, test_inherited_server_instance_carries_data_and_answers_queries);
    tcase_add_test(tc, test_name_made_again_after_a_child_started);
    tcase_add_test(tc, test_clients_of_other_processes_get_in_only_while_instances_listen);
    suite_add_tcase(s, tc);
    tcase_set_timeout(tc, 10);
    return s;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "child") == 0)
        return child_main(argv[2], argv[3]);
    SRunner *sr = srunner_create(namedpipe_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
