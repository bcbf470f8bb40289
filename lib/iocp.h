/*
 * I/O completion ports, for the modules that complete I/O into them (aio.c,
 * the thread pool). A port's memory outlives its handles while it has users:
 * files associated with it, threads waiting on it, requests that will post to
 * it. Once its last handle has gone the port is closed: packets posted to it
 * are dropped.
 */
#ifndef W32_IOCP_H
#define W32_IOCP_H

#include <stdint.h>
#include "object.h"

struct w32_port;

/* The port behind h with a user taken; NULL with the error set. */
struct w32_port *w32_port_get(HANDLE h);
void w32_port_use(struct w32_port *port);
void w32_port_release(struct w32_port *port);

/*
 * Queues a completion packet (status is an NTSTATUS); false if nothing was
 * queued: the port is closed, or memory ran out.
 */
bool w32_port_post(struct w32_port *port, ULONG_PTR key, LPOVERLAPPED ov, DWORD bytes,
                   DWORD status);

/*
 * Requests that wait for the readiness of a pipe or socket and will post to
 * a port are watched by the port's waiters (iocp.c). A file has one place in
 * its port's watch, for one request at a time.
 */
struct w32_io;
struct w32_port_watch {
    unsigned poll_id;                   /* 0: none; the port's poll set's lock */
    uint32_t slot;
    /* Moves on each time the file's fd is given another open file
     * description (w32_aio_fd_replaced): the set's entry went with the old. */
    atomic_uint fd_gen;
};

enum w32_watch { W32_WATCHED, W32_WATCH_RETRY, W32_WATCH_CANCELLED, W32_WATCH_NO };

/*
 * Watches io for events on fd (io's file's own fd): W32_WATCHED, then a
 * waiter of the port hands io to w32_aio_port_ready when fd is ready;
 * W32_WATCH_RETRY if fd became ready since the attempt (try it again);
 * W32_WATCH_CANCELLED if io was cancelled; W32_WATCH_NO if the port cannot
 * (closed, out of memory, or the file's place holds another request).
 */
enum w32_watch w32_port_watch_io(struct w32_port *port, struct w32_port_watch *watch,
                                 struct w32_io *io, int fd, short events);
/* Takes io (NULL: any) back from the watch; NULL if it is not there. */
struct w32_io *w32_port_unwatch_io(struct w32_port *port, struct w32_port_watch *watch,
                                   struct w32_io *io);
/* The file closes, with no request pending: its place goes (its fd still open). */
void w32_port_forget(struct w32_port *port, struct w32_port_watch *watch);

/* A new port with concurrency value threads (0: the CPUs), referenced; NULL, error set. */
struct w32_port *w32_port_new(DWORD threads);
struct w32_object *w32_port_object(struct w32_port *port);

#endif
