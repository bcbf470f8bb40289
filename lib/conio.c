/*
 * conio.h on the terminal: each input call switches it to raw mode and
 * restores the caller's settings before returning.
 */
#include <conio.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The terminal on fd if it is one, else /dev/tty; *opened says whether to close it. */
static int terminal(int fd, int *opened)
{
    *opened = 0;
    if (isatty(fd))
        return fd;
    fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    *opened = fd >= 0;
    return fd;
}

static void release(int fd, int opened)
{
    if (opened)
        close(fd);
}

/* Raw input: what Windows' console gives _getch. Returns 0, or -1 if fd is no terminal. */
static int enter_raw(int fd, struct termios *saved)
{
    struct termios raw;

    if (tcgetattr(fd, saved) != 0)
        return -1;
    raw = *saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    return tcsetattr(fd, TCSANOW, &raw);
}

static void leave_raw(int fd, const struct termios *saved)
{
    tcsetattr(fd, TCSANOW, saved);
}

static int read_key(int fd)
{
    unsigned char c;
    ssize_t n;

    do
        n = read(fd, &c, 1);
    while (n < 0 && errno == EINTR);
    return n == 1 ? c : EOF;
}

int WINAPIV _getch(void)
{
    struct termios saved;
    int opened, c;
    int fd = terminal(STDIN_FILENO, &opened);

    if (fd < 0)
        return EOF;
    if (enter_raw(fd, &saved) != 0) {
        release(fd, opened);
        return EOF;
    }
    c = read_key(fd);
    leave_raw(fd, &saved);
    release(fd, opened);
    return c;
}

int WINAPIV _getche(void)
{
    int c = _getch();

    if (c != EOF)
        _putch(c);
    return c;
}

int WINAPIV _kbhit(void)
{
    struct termios saved;
    struct pollfd p;
    int opened, ready;
    int fd = terminal(STDIN_FILENO, &opened);

    if (fd < 0)
        return 0;
    if (enter_raw(fd, &saved) != 0) {
        release(fd, opened);
        return 0;
    }
    p.fd = fd;
    p.events = POLLIN;
    do
        ready = poll(&p, 1, 0);
    while (ready < 0 && errno == EINTR);
    leave_raw(fd, &saved);
    release(fd, opened);
    return ready > 0 && (p.revents & POLLIN);
}

static int put_bytes(const char *s, size_t len)
{
    int opened, ok = 1;
    int fd = terminal(STDOUT_FILENO, &opened);

    if (fd < 0)
        return -1;
    while (len > 0 && ok) {
        ssize_t n = write(fd, s, len);

        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok) {
            s += n;
            len -= (size_t)n;
        }
    }
    release(fd, opened);
    return ok ? 0 : -1;
}

int WINAPIV _putch(int c)
{
    char byte = (char)c;

    return put_bytes(&byte, 1) == 0 ? (unsigned char)c : EOF;
}

int WINAPIV _cputs(const char *s)
{
    return put_bytes(s, strlen(s)) == 0 ? 0 : -1;
}
