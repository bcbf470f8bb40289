/*
 * Communications devices: COM ports on Linux serial ttys. A port is an
 * fd-backed file of its own kind, whose reads and writes honour the port's
 * COMMTIMEOUTS; the DCB maps onto termios, and the modem lines onto the
 * TIOCM ioctls (doc/api.md, "Communications devices").
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "comm.h"
#include "clock.h"
#include "cmdline.h"
#include "error.h"
#include "file.h"
#include "handle.h"
#include "lock.h"

struct comm_port {
    struct w32_file file;
    w32_lock_t lock;            /* guards timeouts and dcb */
    COMMTIMEOUTS timeouts;
    /* The last DCB set: termios holds the line settings, this keeps the
     * rest (the DTR and RTS controls, limits and special characters). */
    DCB dcb;
};

static const struct w32_file_ops comm_ops;

/* ---- Names ---- */

/* The port number of a COM device name, or 0 if name is none. */
static unsigned port_number(const char *name)
{
    bool device_path = strncmp(name, "\\\\.\\", 4) == 0;
    const char *p;
    unsigned n = 0;

    if (device_path)
        name += 4;
    if (strncasecmp(name, "COM", 3) != 0)
        return 0;
    p = name + 3;
    if (*p < '1' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9' && n <= 256)
        n = n * 10 + (unsigned)(*p++ - '0');
    if (n > 256)
        return 0;
    /* Only COM1..COM9 are DOS device names: "COM10" is a file of that name. */
    if (!device_path) {
        if (n > 9)
            return 0;
        if (*p == ':')
            p++;
    }
    return *p ? 0 : n;
}

bool w32_comm_is_name(const char *name)
{
    return port_number(name) != 0;
}

/* The tty of port n: $W32SHIM_COMn if set and not empty, else /dev/ttyS<n-1>. */
static void device_path(unsigned n, char *path, size_t size)
{
    char var[24], *env;

    snprintf(var, sizeof(var), "W32SHIM_COM%u", n);
    env = w32_env_get(var);
    if (env && *env)
        snprintf(path, size, "%s", env);
    else
        snprintf(path, size, "/dev/ttyS%u", n - 1);
    free(env);
}

/* ---- Opening ---- */

/* Windows' answer for a port the open could not reach. */
static DWORD open_error(int err)
{
    switch (err) {
    case ENOENT: case ENXIO: case ENODEV: case EIO: case ENOTDIR:
        return ERROR_FILE_NOT_FOUND;   /* an 8250 port with no UART says EIO */
    case EACCES: case EPERM: case EBUSY:
        return ERROR_ACCESS_DENIED;    /* as for a port another program holds */
    default:
        return w32_error_from_errno(err);
    }
}

/* Raw mode, as a Windows port always is: no line editing, echo or newline
 * translation, 8 bits, modem status lines ignored for opening and reading. */
static int make_raw(int fd)
{
    struct termios t;

    if (tcgetattr(fd, &t) != 0)
        return -1;
    cfmakeraw(&t);
    t.c_cflag |= CLOCAL | CREAD;
    /* Reads wait in poll (w32_sync_io_wait), so a read of an fd with no data
     * must say EAGAIN (VMIN 1), and 0 means the device hung up. */
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    return tcsetattr(fd, TCSANOW, &t);
}

/* What GetCommState reports of a fresh port beyond termios. */
static const DCB initial_dcb = {
    .DCBlength = sizeof(DCB),
    .fBinary = 1,
    .fDtrControl = DTR_CONTROL_ENABLE,
    .fRtsControl = RTS_CONTROL_ENABLE,
    .XonLim = 2048,
    .XoffLim = 512,
};

HANDLE w32_comm_open(const char *name, ACCESS_MASK access, BOOL inherit, DWORD flags)
{
    char path[PATH_MAX];
    struct comm_port *port;
    int fd;

    /* Overlapped transfers would skip the timeouts: refused rather than half done. */
    if (flags & FILE_FLAG_OVERLAPPED) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return NULL;
    }
    device_path(port_number(name), path, sizeof(path));
    fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        w32_set_error(open_error(errno));
        return NULL;
    }
    if (!isatty(fd) || make_raw(fd) != 0) {
        close(fd);
        w32_set_error(ERROR_FILE_NOT_FOUND);
        return NULL;
    }
    /* Windows opens a port for one handle only; root passes TIOCEXCL. */
    ioctl(fd, TIOCEXCL);
    port = (struct comm_port *)w32_file_alloc(sizeof(*port), fd, false, &comm_ops);
    if (!port)
        return NULL;
    w32_lock_init(&port->lock);
    port->dcb = initial_dcb;
    return w32_handle_create(&port->file.obj, access, inherit);
}

/*
 * The port behind h, referenced; else NULL with Windows' error: a handle
 * that is no file ERROR_INVALID_HANDLE; a file that is no port, what its
 * driver answers the serial control codes it does not know.
 */
static struct comm_port *port_get(HANDLE h)
{
    struct w32_file *file = w32_file_get(h, 0);

    if (!file)
        return NULL;
    if (file->ops != &comm_ops) {
        DWORD error = w32_ioctl_unknown_code(file);

        w32_object_unref(&file->obj);
        w32_set_error(error);
        return NULL;
    }
    return (struct comm_port *)file;
}

/* Ends a call on port: drops the reference, sets error unless it is none. */
static BOOL port_done(struct comm_port *port, DWORD error)
{
    w32_object_unref(&port->file.obj);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return FALSE;
    }
    return TRUE;
}

/* A modem-control ioctl's failure: a device without modem lines (a
 * pseudo-terminal) lacks the feature rather than failing. */
static DWORD ioctl_error(int err)
{
    return err == ENOTTY || err == EINVAL ? ERROR_NOT_SUPPORTED : w32_error_from_errno(err);
}

/* ---- DCB and termios ---- */

static const struct { DWORD rate; speed_t speed; } speeds[] = {
    { 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 }, { 150, B150 }, { 200, B200 },
    { 300, B300 }, { 600, B600 }, { 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 },
    { 4800, B4800 }, { 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
    { 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 }, { 460800, B460800 },
    { 500000, B500000 }, { 576000, B576000 }, { 921600, B921600 }, { 1000000, B1000000 },
    { 1152000, B1152000 }, { 1500000, B1500000 }, { 2000000, B2000000 },
    { 2500000, B2500000 }, { 3000000, B3000000 }, { 3500000, B3500000 },
    { 4000000, B4000000 },
};

#define NSPEEDS (sizeof(speeds) / sizeof(speeds[0]))

/* The termios speed of a baud rate; B0 (hang up) if termios has none. */
static speed_t speed_of(DWORD rate)
{
    for (size_t i = 0; i < NSPEEDS; i++)
        if (speeds[i].rate == rate)
            return speeds[i].speed;
    return B0;
}

static DWORD rate_of(speed_t speed)
{
    for (size_t i = 0; i < NSPEEDS; i++)
        if (speeds[i].speed == speed)
            return speeds[i].rate;
    return 0;
}

static const tcflag_t sizes[] = { CS5, CS6, CS7, CS8 };

/* The line settings termios holds, into dcb. */
static void dcb_from_termios(const struct termios *t, DCB *dcb)
{
    bool hardware_flow = t->c_cflag & CRTSCTS;

    dcb->DCBlength = sizeof(DCB);
    dcb->BaudRate = rate_of(cfgetospeed(t));
    dcb->fBinary = 1;
    dcb->ByteSize = 8;
    for (int i = 0; i < 4; i++)
        if ((t->c_cflag & CSIZE) == sizes[i])
            dcb->ByteSize = (BYTE)(5 + i);
    if (!(t->c_cflag & CSTOPB))
        dcb->StopBits = ONESTOPBIT;
    else
        dcb->StopBits = dcb->ByteSize == 5 ? ONE5STOPBITS : TWOSTOPBITS;
    if (!(t->c_cflag & PARENB))
        dcb->Parity = NOPARITY;
    else if (t->c_cflag & CMSPAR)
        dcb->Parity = (t->c_cflag & PARODD) ? MARKPARITY : SPACEPARITY;
    else
        dcb->Parity = (t->c_cflag & PARODD) ? ODDPARITY : EVENPARITY;
    dcb->fParity = (t->c_iflag & INPCK) != 0;
    dcb->fOutX = (t->c_iflag & IXON) != 0;
    dcb->fInX = (t->c_iflag & IXOFF) != 0;
    dcb->XonChar = (char)t->c_cc[VSTART];
    dcb->XoffChar = (char)t->c_cc[VSTOP];
    /* Linux has one flag for CTS output flow and RTS input flow: the DCB last
     * set says which of the two the program asked for, if it still holds. */
    if (!hardware_flow) {
        dcb->fOutxCtsFlow = 0;
        if (dcb->fRtsControl == RTS_CONTROL_HANDSHAKE)
            dcb->fRtsControl = RTS_CONTROL_ENABLE;
    } else if (!dcb->fOutxCtsFlow && dcb->fRtsControl != RTS_CONTROL_HANDSHAKE) {
        dcb->fOutxCtsFlow = 1;
        dcb->fRtsControl = RTS_CONTROL_HANDSHAKE;
    }
}

/* Whether Windows takes dcb's line settings: ERROR_SUCCESS, else the error. */
static DWORD check_dcb(const DCB *dcb)
{
    if (speed_of(dcb->BaudRate) == B0 || dcb->ByteSize < 5 || dcb->ByteSize > 8 ||
        dcb->Parity > SPACEPARITY || dcb->StopBits > TWOSTOPBITS)
        return ERROR_INVALID_PARAMETER;
    /* 1.5 stop bits go with 5 data bits only, 2 with 6 to 8. */
    if ((dcb->StopBits == ONE5STOPBITS) != (dcb->StopBits != ONESTOPBIT && dcb->ByteSize == 5))
        return ERROR_INVALID_PARAMETER;
    if ((dcb->fOutX || dcb->fInX) && dcb->XonChar == dcb->XoffChar)
        return ERROR_INVALID_PARAMETER;
    /* What termios cannot do: DSR flow and sensitivity, DTR handshake, RTS
     * toggling, NUL stripping, error replacement, abort on error. */
    if (dcb->fOutxDsrFlow || dcb->fDsrSensitivity || dcb->fDtrControl == DTR_CONTROL_HANDSHAKE ||
        dcb->fRtsControl == RTS_CONTROL_TOGGLE || dcb->fNull || dcb->fErrorChar ||
        dcb->fAbortOnError)
        return ERROR_NOT_SUPPORTED;
    return ERROR_SUCCESS;
}

static void termios_from_dcb(const DCB *dcb, struct termios *t)
{
    cfsetspeed(t, speed_of(dcb->BaudRate));
    t->c_cflag &= ~(CSIZE | CSTOPB | PARENB | PARODD | CMSPAR | CRTSCTS);
    t->c_cflag |= sizes[dcb->ByteSize - 5];
    if (dcb->StopBits != ONESTOPBIT)
        t->c_cflag |= CSTOPB;
    if (dcb->Parity != NOPARITY)
        t->c_cflag |= PARENB;
    if (dcb->Parity == ODDPARITY || dcb->Parity == MARKPARITY)
        t->c_cflag |= PARODD;
    if (dcb->Parity == MARKPARITY || dcb->Parity == SPACEPARITY)
        t->c_cflag |= CMSPAR;
    if (dcb->fOutxCtsFlow || dcb->fRtsControl == RTS_CONTROL_HANDSHAKE)
        t->c_cflag |= CRTSCTS;
    t->c_iflag &= ~(INPCK | IXON | IXOFF | IXANY);
    if (dcb->fParity)
        t->c_iflag |= INPCK;
    if (dcb->fOutX)
        t->c_iflag |= IXON;
    if (dcb->fInX)
        t->c_iflag |= IXOFF;
    t->c_cc[VSTART] = (cc_t)dcb->XonChar;
    t->c_cc[VSTOP] = (cc_t)dcb->XoffChar;
}

/* Whether the device holds every line setting of want: tcsetattr succeeds
 * once it took any of them (POSIX), and a pseudo-terminal ignores some. */
static bool holds(int fd, const struct termios *want)
{
    const tcflag_t cflags = CSIZE | CSTOPB | PARENB | PARODD | CMSPAR | CRTSCTS;
    const tcflag_t iflags = INPCK | IXON | IXOFF;
    struct termios got;

    return tcgetattr(fd, &got) == 0 && cfgetospeed(&got) == cfgetospeed(want) &&
           cfgetispeed(&got) == cfgetispeed(want) &&
           (got.c_cflag & cflags) == (want->c_cflag & cflags) &&
           (got.c_iflag & iflags) == (want->c_iflag & iflags) &&
           got.c_cc[VSTART] == want->c_cc[VSTART] && got.c_cc[VSTOP] == want->c_cc[VSTOP];
}

/*
 * Sets the line as dcb says, from old (the termios now): all of it or, as a
 * serial driver refuses a line control its hardware lacks, nothing, with
 * ERROR_INVALID_PARAMETER.
 */
static DWORD apply_termios(int fd, const DCB *dcb, const struct termios *old)
{
    struct termios t = *old;

    termios_from_dcb(dcb, &t);
    if (tcsetattr(fd, TCSANOW, &t) != 0 && errno != EINVAL)
        return w32_error_from_errno(errno);
    if (holds(fd, &t))
        return ERROR_SUCCESS;
    tcsetattr(fd, TCSANOW, old);
    return ERROR_INVALID_PARAMETER;
}

/* Raises or drops a modem line: ERROR_SUCCESS or the error. */
static DWORD set_line(int fd, int line, bool on)
{
    return ioctl(fd, on ? TIOCMBIS : TIOCMBIC, &line) == 0 ? ERROR_SUCCESS : ioctl_error(errno);
}

/* DTR and RTS as dcb controls them; a device without the lines keeps its settings. */
static void apply_lines(int fd, const DCB *dcb)
{
    set_line(fd, TIOCM_DTR, dcb->fDtrControl == DTR_CONTROL_ENABLE);
    if (dcb->fRtsControl != RTS_CONTROL_HANDSHAKE && !dcb->fOutxCtsFlow)
        set_line(fd, TIOCM_RTS, dcb->fRtsControl == RTS_CONTROL_ENABLE);
}

BOOL WINAPI GetCommState(HANDLE hFile, LPDCB lpDCB)
{
    struct comm_port *port = port_get(hFile);
    struct termios t;
    DCB dcb;

    if (!port)
        return FALSE;
    if (!lpDCB)
        return port_done(port, ERROR_NOACCESS);
    if (tcgetattr(port->file.fd, &t) != 0)
        return port_done(port, w32_error_from_errno(errno));
    w32_lock(&port->lock);
    dcb = port->dcb;
    w32_unlock(&port->lock);
    dcb_from_termios(&t, &dcb);
    *lpDCB = dcb;
    return port_done(port, ERROR_SUCCESS);
}

BOOL WINAPI SetCommState(HANDLE hFile, LPDCB lpDCB)
{
    struct comm_port *port = port_get(hFile);
    struct termios t;
    DWORD error;
    DCB dcb;

    if (!port)
        return FALSE;
    if (!lpDCB)
        return port_done(port, ERROR_NOACCESS);
    dcb = *lpDCB;
    error = check_dcb(&dcb);
    if (error != ERROR_SUCCESS)
        return port_done(port, error);
    if (tcgetattr(port->file.fd, &t) != 0)
        return port_done(port, w32_error_from_errno(errno));
    error = apply_termios(port->file.fd, &dcb, &t);
    if (error != ERROR_SUCCESS)
        return port_done(port, error);
    apply_lines(port->file.fd, &dcb);
    dcb.DCBlength = sizeof(DCB);
    w32_lock(&port->lock);
    port->dcb = dcb;
    w32_unlock(&port->lock);
    return port_done(port, ERROR_SUCCESS);
}

/* ---- Timeouts, reads and writes ---- */

BOOL WINAPI GetCommTimeouts(HANDLE hFile, LPCOMMTIMEOUTS lpCommTimeouts)
{
    struct comm_port *port = port_get(hFile);

    if (!port)
        return FALSE;
    if (!lpCommTimeouts)
        return port_done(port, ERROR_NOACCESS);
    w32_lock(&port->lock);
    *lpCommTimeouts = port->timeouts;
    w32_unlock(&port->lock);
    return port_done(port, ERROR_SUCCESS);
}

BOOL WINAPI SetCommTimeouts(HANDLE hFile, LPCOMMTIMEOUTS lpCommTimeouts)
{
    struct comm_port *port = port_get(hFile);

    if (!port)
        return FALSE;
    if (!lpCommTimeouts)
        return port_done(port, ERROR_NOACCESS);
    /* The serial driver refuses a read that could neither wait nor return. */
    if (lpCommTimeouts->ReadIntervalTimeout == MAXDWORD &&
        lpCommTimeouts->ReadTotalTimeoutMultiplier == MAXDWORD &&
        lpCommTimeouts->ReadTotalTimeoutConstant == MAXDWORD)
        return port_done(port, ERROR_INVALID_PARAMETER);
    w32_lock(&port->lock);
    port->timeouts = *lpCommTimeouts;
    w32_unlock(&port->lock);
    return port_done(port, ERROR_SUCCESS);
}

#define NO_DEADLINE UINT64_MAX

/* The CLOCK_MONOTONIC time ms milliseconds after now. */
static uint64_t deadline_after(uint64_t ms)
{
    uint64_t now = w32_clock_ns(CLOCK_MONOTONIC);

    return ms > (NO_DEADLINE - 1 - now) / 1000000 ? NO_DEADLINE - 1 : now + ms * 1000000;
}

/* The total timeout of a transfer of len bytes, as a deadline. */
static uint64_t total_deadline(DWORD multiplier, DWORD constant, DWORD len)
{
    if (!multiplier && !constant)
        return NO_DEADLINE;
    return deadline_after((uint64_t)multiplier * len + constant);
}

/* Milliseconds for poll until deadline, rounded up so it never ends early;
 * -1 for none. */
static int ms_until(uint64_t deadline)
{
    uint64_t now, ms;

    if (deadline == NO_DEADLINE)
        return -1;
    now = w32_clock_ns(CLOCK_MONOTONIC);
    if (now >= deadline)
        return 0;
    ms = (deadline - now + 999999) / 1000000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

static COMMTIMEOUTS timeouts_of(struct comm_port *port)
{
    COMMTIMEOUTS to;

    w32_lock(&port->lock);
    to = port->timeouts;
    w32_unlock(&port->lock);
    return to;
}

/* One read of what the device holds: the bytes, 0 if none yet, -1 with
 * errno set on failure (EIO once the device hung up). */
static ssize_t read_some(int fd, char *buf, size_t len)
{
    ssize_t n;

    do
        n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    if (n == 0) {
        errno = EIO;
        return -1;
    }
    if (n < 0 && errno == EAGAIN)
        return 0;
    return n;
}

/*
 * ReadFile on a port, by its COMMTIMEOUTS as Microsoft documents them: all
 * zero waits for len bytes; ReadIntervalTimeout MAXDWORD with zero totals
 * takes what is there and returns; with ReadTotalTimeoutMultiplier MAXDWORD
 * too, it waits up to ReadTotalTimeoutConstant for a first byte. Otherwise
 * the read ends at len bytes, at the total timeout (multiplier * len +
 * constant, if not both 0), or once ReadIntervalTimeout passes between two
 * bytes. A timeout is no error: ReadFile succeeds with the bytes it has.
 */
static DWORD comm_read(struct w32_file *file, void *buf, DWORD len, DWORD *done, LONGLONG offset)
{
    COMMTIMEOUTS to = timeouts_of((struct comm_port *)file);
    DWORD interval = to.ReadIntervalTimeout;
    bool first_only = interval == MAXDWORD && to.ReadTotalTimeoutMultiplier == MAXDWORD;
    bool at_once = interval == MAXDWORD && !to.ReadTotalTimeoutMultiplier &&
                   !to.ReadTotalTimeoutConstant;
    uint64_t end, last_byte = 0;
    DWORD error;

    *done = 0;
    if (first_only)
        end = deadline_after(to.ReadTotalTimeoutConstant);
    else if (at_once)
        end = 0;
    else
        end = total_deadline(to.ReadTotalTimeoutMultiplier, to.ReadTotalTimeoutConstant, len);
    while (*done < len) {
        uint64_t wait_end = end;
        ssize_t n = read_some(file->fd, (char *)buf + *done, len - *done);

        if (n < 0)
            return *done ? ERROR_SUCCESS : w32_error_from_errno(errno);
        if (n > 0) {
            *done += (DWORD)n;
            if (first_only)
                break;
            last_byte = w32_clock_ns(CLOCK_MONOTONIC);
            continue;
        }
        /* MAXDWORD between bytes is the special cases above, or no limit. */
        if (*done && interval && interval != MAXDWORD) {
            uint64_t gap_end = last_byte + (uint64_t)interval * 1000000;

            wait_end = gap_end < wait_end ? gap_end : wait_end;
        }
        int ms = ms_until(wait_end);
        if (ms == 0)
            break;
        error = w32_sync_io_wait(file->fd, POLLIN, ms);
        if (error == ERROR_OPERATION_ABORTED)
            return error;
    }
    return ERROR_SUCCESS;
}

/*
 * WriteFile on a port: waits for room until every byte is written or the
 * total timeout (WriteTotalTimeoutMultiplier * len + WriteTotalTimeoutConstant,
 * none if both 0) passes; a timeout is no error, the count tells.
 */
static DWORD comm_write(struct w32_file *file, const void *buf, DWORD len, DWORD *done,
                        LONGLONG offset)
{
    COMMTIMEOUTS to = timeouts_of((struct comm_port *)file);
    uint64_t end = total_deadline(to.WriteTotalTimeoutMultiplier, to.WriteTotalTimeoutConstant,
                                  len);
    DWORD error;

    *done = 0;
    while (*done < len) {
        ssize_t n = write(file->fd, (const char *)buf + *done, len - *done);

        if (n > 0) {
            *done += (DWORD)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN)
            return *done ? ERROR_SUCCESS : w32_error_from_errno(errno);
        int ms = ms_until(end);
        if (ms == 0)
            break;
        error = w32_sync_io_wait(file->fd, POLLOUT, ms);
        if (error == ERROR_OPERATION_ABORTED)
            return error;
    }
    return ERROR_SUCCESS;
}

static const struct w32_file_ops comm_ops = {
    .file_type = FILE_TYPE_CHAR,
    .read = comm_read,
    .write = comm_write,
};

/* ---- Queues, lines and status ---- */

BOOL WINAPI PurgeComm(HANDLE hFile, DWORD dwFlags)
{
    struct comm_port *port = port_get(hFile);
    const DWORD all = PURGE_TXABORT | PURGE_RXABORT | PURGE_TXCLEAR | PURGE_RXCLEAR;
    int queues = 0;

    if (!port)
        return FALSE;
    if (!dwFlags || (dwFlags & ~all))
        return port_done(port, ERROR_INVALID_PARAMETER);
    /* The ABORT flags end overlapped transfers, which a port never has. */
    if ((dwFlags & PURGE_RXCLEAR) && (dwFlags & PURGE_TXCLEAR))
        queues = TCIOFLUSH;
    else if (dwFlags & PURGE_RXCLEAR)
        queues = TCIFLUSH;
    else if (dwFlags & PURGE_TXCLEAR)
        queues = TCOFLUSH;
    else
        return port_done(port, ERROR_SUCCESS);
    return port_done(port, tcflush(port->file.fd, queues) == 0 ? ERROR_SUCCESS
                                                               : w32_error_from_errno(errno));
}

/* One EscapeCommFunction on fd: ERROR_SUCCESS or the error. */
static DWORD escape(int fd, DWORD func)
{
    int rc;

    switch (func) {
    case SETDTR: case CLRDTR:
        return set_line(fd, TIOCM_DTR, func == SETDTR);
    case SETRTS: case CLRRTS:
        return set_line(fd, TIOCM_RTS, func == SETRTS);
    case SETBREAK:
        rc = ioctl(fd, TIOCSBRK);
        break;
    case CLRBREAK:
        rc = ioctl(fd, TIOCCBRK);
        break;
    case SETXOFF:
        rc = tcflow(fd, TCOOFF);
        break;
    case SETXON:
        rc = tcflow(fd, TCOON);
        break;
    case RESETDEV:
        return ERROR_SUCCESS;   /* resets printers; a serial port has nothing to do */
    default:
        return ERROR_INVALID_PARAMETER;
    }
    return rc == 0 ? ERROR_SUCCESS : ioctl_error(errno);
}

BOOL WINAPI EscapeCommFunction(HANDLE hFile, DWORD dwFunc)
{
    struct comm_port *port = port_get(hFile);

    return port ? port_done(port, escape(port->file.fd, dwFunc)) : FALSE;
}

BOOL WINAPI SetCommBreak(HANDLE hFile)
{
    return EscapeCommFunction(hFile, SETBREAK);
}

BOOL WINAPI ClearCommBreak(HANDLE hFile)
{
    return EscapeCommFunction(hFile, CLRBREAK);
}

/*
 * The queues' fill; no error flags, since Linux reports line errors only
 * as counts some drivers keep (TIOCGICOUNT), not as flags to clear.
 */
BOOL WINAPI ClearCommError(HANDLE hFile, LPDWORD lpErrors, LPCOMSTAT lpStat)
{
    struct comm_port *port = port_get(hFile);
    int in = 0, out = 0;

    if (!port)
        return FALSE;
    if (ioctl(port->file.fd, FIONREAD, &in) != 0 || ioctl(port->file.fd, TIOCOUTQ, &out) != 0)
        return port_done(port, ioctl_error(errno));
    if (lpErrors)
        *lpErrors = 0;
    if (lpStat) {
        memset(lpStat, 0, sizeof(*lpStat));
        lpStat->cbInQue = (DWORD)in;
        lpStat->cbOutQue = (DWORD)out;
    }
    return port_done(port, ERROR_SUCCESS);
}

/* The sizes are a recommendation Windows lets a driver ignore; a tty's
 * buffers are the kernel's. */
BOOL WINAPI SetupComm(HANDLE hFile, DWORD dwInQueue, DWORD dwOutQueue)
{
    struct comm_port *port = port_get(hFile);

    return port ? port_done(port, ERROR_SUCCESS) : FALSE;
}

BOOL WINAPI GetCommModemStatus(HANDLE hFile, LPDWORD lpModemStat)
{
    struct comm_port *port = port_get(hFile);
    int lines;
    DWORD stat = 0;

    if (!port)
        return FALSE;
    if (!lpModemStat)
        return port_done(port, ERROR_NOACCESS);
    if (ioctl(port->file.fd, TIOCMGET, &lines) != 0)
        return port_done(port, ioctl_error(errno));
    if (lines & TIOCM_CTS)
        stat |= MS_CTS_ON;
    if (lines & TIOCM_DSR)
        stat |= MS_DSR_ON;
    if (lines & TIOCM_RI)
        stat |= MS_RING_ON;
    if (lines & TIOCM_CD)
        stat |= MS_RLSD_ON;
    *lpModemStat = stat;
    return port_done(port, ERROR_SUCCESS);
}

/* ---- Events: not supported ---- */

/* Comm events need a watcher of the lines and queues that w32shim lacks:
 * the three functions fail on a port, and as the others do on anything else. */
static BOOL events_not_supported(HANDLE h)
{
    struct comm_port *port = port_get(h);

    return port ? port_done(port, ERROR_NOT_SUPPORTED) : FALSE;
}

BOOL WINAPI GetCommMask(HANDLE hFile, LPDWORD lpEvtMask)
{
    return events_not_supported(hFile);
}

BOOL WINAPI SetCommMask(HANDLE hFile, DWORD dwEvtMask)
{
    return events_not_supported(hFile);
}

BOOL WINAPI WaitCommEvent(HANDLE hFile, LPDWORD lpEvtMask, LPOVERLAPPED lpOverlapped)
{
    return events_not_supported(hFile);
}
