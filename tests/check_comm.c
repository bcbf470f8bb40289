/*
 * Communications devices (lib/comm.c, lib/commdcb.c), on a pseudo-terminal:
 * W32SHIM_COM7 points COM7 at its slave, and the test holds the master, the
 * far end of the "cable", whose termios is the slave's.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include "testutil.h"

static int master = -1;

/* call fails, with error as the last error. */
#define FAILS_WITH(call, error) \
    do { \
        SetLastError(0xdeadbeef); \
        ck_assert(!(call)); \
        ck_assert_uint_eq(GetLastError(), (error)); \
    } while (0)

/* COM7 on a fresh pseudo-terminal; master is its far end. */
static HANDLE open_port(void)
{
    HANDLE h;

    master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    ck_assert_int_ge(master, 0);
    ck_assert_int_eq(grantpt(master), 0);
    ck_assert_int_eq(unlockpt(master), 0);
    ck_assert_int_eq(setenv("W32SHIM_COM7", ptsname(master), 1), 0);
    h = CreateFileA("COM7", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    return h;
}

static void close_port(HANDLE h)
{
    ck_assert(CloseHandle(h));
    close(master);
    master = -1;
    unsetenv("W32SHIM_COM7");
}

static struct termios far_termios(void)
{
    struct termios t;

    ck_assert_int_eq(tcgetattr(master, &t), 0);
    return t;
}

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void set_timeouts(HANDLE h, DWORD interval, DWORD multiplier, DWORD constant)
{
    COMMTIMEOUTS to = { interval, multiplier, constant, 0, 0 };

    ck_assert(SetCommTimeouts(h, &to));
}

/* Writes s at the far end and waits until the port has all of it queued:
 * a pseudo-terminal hands bytes over asynchronously. */
static void send_far(HANDLE h, const char *s)
{
    size_t len = strlen(s);
    COMSTAT stat = { 0 };
    uint64_t give_up = now_ms() + (uint64_t)LONG_WAIT;

    ck_assert_int_eq(write(master, s, len), (ssize_t)len);
    while (stat.cbInQue < len && now_ms() < give_up) {
        ck_assert(ClearCommError(h, NULL, &stat));
        if (stat.cbInQue < len)
            usleep(1000);
    }
    ck_assert_uint_eq(stat.cbInQue, len);
}

START_TEST(test_com_names_open_the_tty_the_environment_names)
{
    static const char *const names[] = { "COM7", "com7", "COM7:", "\\\\.\\COM7", "\\\\.\\cOm7" };
    HANDLE h = open_port();

    ck_assert_uint_eq(GetFileType(h), FILE_TYPE_CHAR);
    ck_assert(CloseHandle(h));
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        h = CreateFileA(names[i], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        ck_assert_msg(h != INVALID_HANDLE_VALUE, "%s: %lu", names[i], (unsigned long)GetLastError());
        ck_assert(CloseHandle(h));
    }
    h = CreateFileW(u"\\\\.\\COM7", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(h, INVALID_HANDLE_VALUE);
    close_port(h);
}
END_TEST

START_TEST(test_missing_port_is_file_not_found)
{
    LEAK_CHECK_BEGIN();
    HANDLE h;

    unsetenv("W32SHIM_COM201");
    SetLastError(0xdeadbeef);
    h = CreateFileA("\\\\.\\COM201", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                    NULL);
    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    /* A device that is not a tty is no port. */
    setenv("W32SHIM_COM201", "/dev/null", 1);
    SetLastError(0xdeadbeef);
    h = CreateFileA("\\\\.\\COM201", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_eq(h, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    unsetenv("W32SHIM_COM201");
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_names_that_are_not_ports_are_files)
{
    char dir[] = "/tmp/w32shim-comm-XXXXXX", cwd[PATH_MAX];
    HANDLE h;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    ck_assert_int_eq(chdir(dir), 0);
    /* Only COM1..COM9 are device names without \\.\; COM0 never is. */
    static const char *const files[] = { "COM10", "COM0", "COM1x", "COM" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        h = CreateFileA(files[i], GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
        ck_assert_msg(h != INVALID_HANDLE_VALUE, "%s", files[i]);
        ck_assert_uint_eq(GetFileType(h), FILE_TYPE_DISK);
        ck_assert(CloseHandle(h));
        ck_assert_int_eq(unlink(files[i]), 0);
    }
    ck_assert_int_eq(chdir(cwd), 0);
    ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(test_overlapped_open_is_not_supported)
{
    LEAK_CHECK_BEGIN();
    HANDLE h = open_port(), h2;

    SetLastError(0xdeadbeef);
    h2 = CreateFileA("COM7", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                     FILE_FLAG_OVERLAPPED, NULL);
    ck_assert_ptr_eq(h2, INVALID_HANDLE_VALUE);
    ck_assert_uint_eq(GetLastError(), ERROR_NOT_SUPPORTED);
    close_port(h);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_port_opens_in_raw_mode)
{
    HANDLE h = open_port();
    struct termios t = far_termios();

    ck_assert(!(t.c_lflag & (ICANON | ECHO | ISIG)));
    ck_assert(!(t.c_oflag & OPOST));
    ck_assert(!(t.c_iflag & (ICRNL | IXON)));
    ck_assert(t.c_cflag & CLOCAL);
    ck_assert(t.c_cflag & CREAD);
    ck_assert_uint_eq(t.c_cflag & CSIZE, CS8);
    close_port(h);
}
END_TEST

START_TEST(test_comm_state_round_trips_through_termios)
{
    HANDLE h = open_port();
    struct termios t;
    DCB dcb, back;

    memset(&dcb, 0, sizeof(dcb));
    ck_assert(GetCommState(h, &dcb));
    ck_assert_uint_eq(dcb.DCBlength, sizeof(DCB));
    ck_assert_uint_eq(dcb.ByteSize, 8);
    ck_assert_uint_eq(dcb.Parity, NOPARITY);
    ck_assert_uint_eq(dcb.fBinary, 1);
    dcb.BaudRate = CBR_57600;
    dcb.StopBits = TWOSTOPBITS;
    dcb.fParity = 1;
    dcb.fOutX = 1;
    dcb.fInX = 0;
    dcb.XonChar = 0x11;
    dcb.XoffChar = 0x13;
    ck_assert(SetCommState(h, &dcb));
    t = far_termios();
    ck_assert_uint_eq(cfgetospeed(&t), B57600);
    ck_assert_uint_eq(cfgetispeed(&t), B57600);
    ck_assert_uint_eq(t.c_cflag & CSIZE, CS8);
    ck_assert((t.c_cflag & (PARENB | CSTOPB | CRTSCTS)) == CSTOPB);
    ck_assert((t.c_iflag & (INPCK | IXON | IXOFF)) == (INPCK | IXON));
    ck_assert_uint_eq(t.c_cc[VSTART], 0x11);
    ck_assert_uint_eq(t.c_cc[VSTOP], 0x13);
    memset(&back, 0xff, sizeof(back));
    ck_assert(GetCommState(h, &back));
    ck_assert_uint_eq(back.BaudRate, CBR_57600);
    ck_assert_uint_eq(back.ByteSize, 8);
    ck_assert_uint_eq(back.Parity, NOPARITY);
    ck_assert_uint_eq(back.StopBits, TWOSTOPBITS);
    ck_assert_uint_eq(back.fParity, 1);
    ck_assert_uint_eq(back.fOutX, 1);
    ck_assert_uint_eq(back.fInX, 0);
    ck_assert_uint_eq(back.fOutxCtsFlow, 0);
    ck_assert_uint_eq(back.XonChar, 0x11);

    /* Hardware flow control: CTS out, RTS in, one termios flag. */
    dcb.BaudRate = CBR_115200;
    dcb.StopBits = ONESTOPBIT;
    dcb.fOutX = 0;
    dcb.fInX = 1;
    dcb.fOutxCtsFlow = 1;
    dcb.fRtsControl = RTS_CONTROL_HANDSHAKE;
    ck_assert(SetCommState(h, &dcb));
    t = far_termios();
    ck_assert_uint_eq(cfgetospeed(&t), B115200);
    ck_assert((t.c_cflag & (CSTOPB | CRTSCTS)) == CRTSCTS);
    ck_assert((t.c_iflag & (IXON | IXOFF)) == IXOFF);
    ck_assert(GetCommState(h, &back));
    ck_assert_uint_eq(back.StopBits, ONESTOPBIT);
    ck_assert_uint_eq(back.fOutxCtsFlow, 1);
    ck_assert_uint_eq(back.fRtsControl, RTS_CONTROL_HANDSHAKE);
    ck_assert_uint_eq(back.fInX, 1);

    dcb.fOutxCtsFlow = 0;
    dcb.fRtsControl = RTS_CONTROL_DISABLE;
    ck_assert(SetCommState(h, &dcb));
    ck_assert(!(far_termios().c_cflag & CRTSCTS));
    ck_assert(GetCommState(h, &back));
    ck_assert_uint_eq(back.fOutxCtsFlow, 0);
    ck_assert_uint_eq(back.fRtsControl, RTS_CONTROL_DISABLE);
    close_port(h);
}
END_TEST

#define LINE_BITS (CSIZE | PARENB | PARODD | CMSPAR | CSTOPB)

/* Whether the pseudo-terminal holds line bits (some kernels keep a pty's
 * size and parity fixed): tried from the far end, then put back. */
static bool pty_holds(tcflag_t bits)
{
    struct termios old = far_termios(), t = old;
    bool held;

    t.c_cflag = (t.c_cflag & ~LINE_BITS) | bits;
    tcsetattr(master, TCSANOW, &t);
    held = (far_termios().c_cflag & LINE_BITS) == bits;
    ck_assert_int_eq(tcsetattr(master, TCSANOW, &old), 0);
    return held;
}

/*
 * Byte sizes and parities: set and read back where the device holds them,
 * else refused whole, the speed asked with them included, as a serial driver
 * refuses a line control its hardware lacks.
 */
START_TEST(test_size_and_parity_are_set_whole_or_not_at_all)
{
    static const struct {
        BYTE size, parity, stop;
        tcflag_t bits;
    } lines[] = {
        { 7, EVENPARITY, ONESTOPBIT, CS7 | PARENB },
        { 7, ODDPARITY, TWOSTOPBITS, CS7 | PARENB | PARODD | CSTOPB },
        { 5, MARKPARITY, ONE5STOPBITS, CS5 | PARENB | PARODD | CMSPAR | CSTOPB },
        { 8, SPACEPARITY, ONESTOPBIT, CS8 | PARENB | CMSPAR },
        { 6, NOPARITY, ONESTOPBIT, CS6 },
    };
    HANDLE h = open_port();
    DCB dcb, back;

    ck_assert(GetCommState(h, &dcb));
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        struct termios before = far_termios();
        bool held = pty_holds(lines[i].bits);

        dcb.BaudRate = cfgetospeed(&before) == B2400 ? CBR_4800 : CBR_2400;
        dcb.ByteSize = lines[i].size;
        dcb.Parity = lines[i].parity;
        dcb.StopBits = lines[i].stop;
        SetLastError(0xdeadbeef);
        ck_assert_int_eq(SetCommState(h, &dcb), held);
        if (!held) {
            ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
            struct termios after = far_termios();
            ck_assert_uint_eq(cfgetospeed(&after), cfgetospeed(&before));
            ck_assert_uint_eq(after.c_cflag, before.c_cflag);
            continue;
        }
        ck_assert_uint_eq(far_termios().c_cflag & LINE_BITS, lines[i].bits);
        ck_assert(GetCommState(h, &back));
        ck_assert_uint_eq(back.ByteSize, lines[i].size);
        ck_assert_uint_eq(back.Parity, lines[i].parity);
        ck_assert_uint_eq(back.StopBits, lines[i].stop);
        ck_assert_uint_eq(back.BaudRate, dcb.BaudRate);
    }
    close_port(h);
}
END_TEST

/* SetCommState(dcb) fails with error and leaves the line as it was. */
static void expect_refused(HANDLE h, const DCB *dcb, DWORD error)
{
    struct termios before = far_termios(), after;
    DCB copy = *dcb;

    FAILS_WITH(SetCommState(h, &copy), error);
    after = far_termios();
    ck_assert_uint_eq(after.c_cflag, before.c_cflag);
    ck_assert_uint_eq(after.c_iflag, before.c_iflag);
    ck_assert_uint_eq(cfgetospeed(&after), cfgetospeed(&before));
    ck_assert(memcmp(after.c_cc, before.c_cc, sizeof(after.c_cc)) == 0);
}

START_TEST(test_settings_windows_or_termios_refuse_fail)
{
    HANDLE h = open_port();
    DCB good, dcb;

    ck_assert(GetCommState(h, &good));
    good.BaudRate = CBR_9600;
    ck_assert(SetCommState(h, &good));
#define REFUSED(field, value, error) \
    do { dcb = good; dcb.field = value; expect_refused(h, &dcb, error); } while (0)
    REFUSED(ByteSize, 4, ERROR_INVALID_PARAMETER);
    REFUSED(ByteSize, 9, ERROR_INVALID_PARAMETER);
    REFUSED(Parity, 5, ERROR_INVALID_PARAMETER);
    REFUSED(StopBits, 3, ERROR_INVALID_PARAMETER);
    REFUSED(StopBits, ONE5STOPBITS, ERROR_INVALID_PARAMETER);     /* with 8 bits */
    REFUSED(BaudRate, 0, ERROR_INVALID_PARAMETER);
    REFUSED(BaudRate, CBR_14400, ERROR_INVALID_PARAMETER);        /* no termios speed */
    REFUSED(fOutxDsrFlow, 1, ERROR_NOT_SUPPORTED);
    REFUSED(fDsrSensitivity, 1, ERROR_NOT_SUPPORTED);
    REFUSED(fDtrControl, DTR_CONTROL_HANDSHAKE, ERROR_NOT_SUPPORTED);
    REFUSED(fRtsControl, RTS_CONTROL_TOGGLE, ERROR_NOT_SUPPORTED);
    REFUSED(fNull, 1, ERROR_NOT_SUPPORTED);
    REFUSED(fAbortOnError, 1, ERROR_NOT_SUPPORTED);
#undef REFUSED
    dcb = good;
    dcb.ByteSize = 5;
    dcb.StopBits = TWOSTOPBITS;
    expect_refused(h, &dcb, ERROR_INVALID_PARAMETER);
    dcb = good;
    dcb.fOutX = 1;
    dcb.XonChar = dcb.XoffChar = 0x11;
    expect_refused(h, &dcb, ERROR_INVALID_PARAMETER);
    FAILS_WITH(SetCommState(h, NULL), ERROR_NOACCESS);
    FAILS_WITH(GetCommState(h, NULL), ERROR_NOACCESS);
    close_port(h);
}
END_TEST

/* Every comm function on h fails with error. */
static void expect_not_a_port(HANDLE h, DWORD error)
{
    COMMTIMEOUTS to = { 0 };
    COMSTAT stat;
    DWORD value;
    DCB dcb = { .DCBlength = sizeof(DCB), .BaudRate = 9600, .ByteSize = 8 };

#define FAILS(call) FAILS_WITH(call, error)
    FAILS(GetCommState(h, &dcb));
    FAILS(SetCommState(h, &dcb));
    FAILS(GetCommTimeouts(h, &to));
    FAILS(SetCommTimeouts(h, &to));
    FAILS(PurgeComm(h, PURGE_RXCLEAR));
    FAILS(EscapeCommFunction(h, SETDTR));
    FAILS(SetCommBreak(h));
    FAILS(ClearCommBreak(h));
    FAILS(ClearCommError(h, &value, &stat));
    FAILS(SetupComm(h, 1024, 1024));
    FAILS(GetCommModemStatus(h, &value));
    FAILS(GetCommMask(h, &value));
    FAILS(SetCommMask(h, EV_RXCHAR));
    FAILS(WaitCommEvent(h, &value, NULL));
#undef FAILS
}

START_TEST(test_other_handles_are_not_ports)
{
    LEAK_CHECK_BEGIN();
    char path[] = "/tmp/w32shim-comm-file-XXXXXX";
    int fd = mkstemp(path);
    HANDLE file, r, w, event = CreateEventA(NULL, TRUE, FALSE, NULL);

    ck_assert_int_ge(fd, 0);
    close(fd);
    file = CreateFileA(path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    ck_assert_ptr_ne(file, INVALID_HANDLE_VALUE);
    /* A file's driver has no serial control codes. */
    expect_not_a_port(file, ERROR_INVALID_FUNCTION);
    /* A pipe's driver answers ERROR_NOT_SUPPORTED to codes it lacks. */
    ck_assert(CreatePipe(&r, &w, NULL, 0));
    expect_not_a_port(r, ERROR_NOT_SUPPORTED);
    ck_assert(CloseHandle(r));
    ck_assert(CloseHandle(w));
    expect_not_a_port(event, ERROR_INVALID_HANDLE);
    expect_not_a_port(NULL, ERROR_INVALID_HANDLE);
    expect_not_a_port(INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE);
    ck_assert(CloseHandle(file));
    ck_assert(CloseHandle(event));
    ck_assert_int_eq(unlink(path), 0);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_data_moves_both_ways_unchanged)
{
    HANDLE h = open_port();
    unsigned char out[256], in[256];
    DWORD n = 0;
    size_t got = 0;

    for (int i = 0; i < 256; i++)
        out[i] = (unsigned char)i;
    ck_assert(WriteFile(h, out, sizeof(out), &n, NULL));
    ck_assert_uint_eq(n, sizeof(out));
    while (got < sizeof(in)) {
        ssize_t r = read(master, in + got, sizeof(in) - got);

        ck_assert_int_gt(r, 0);
        got += (size_t)r;
    }
    ck_assert(memcmp(in, out, sizeof(out)) == 0);
    /* The other way: no timeouts set, so the read waits for all it asked. */
    ck_assert_int_eq(write(master, "\r\n\x03\x7f", 4), 4);
    memset(in, 0, sizeof(in));
    ck_assert(ReadFile(h, in, 4, &n, NULL));
    ck_assert_uint_eq(n, 4);
    ck_assert(memcmp(in, "\r\n\x03\x7f", 4) == 0);
    close_port(h);
}
END_TEST

START_TEST(test_timeouts_round_trip)
{
    HANDLE h = open_port();
    COMMTIMEOUTS to = { 1, 2, 3, 4, 5 }, back;

    memset(&back, 0xff, sizeof(back));
    ck_assert(GetCommTimeouts(h, &back));
    ck_assert_uint_eq(back.ReadIntervalTimeout, 0);
    ck_assert_uint_eq(back.WriteTotalTimeoutConstant, 0);
    ck_assert(SetCommTimeouts(h, &to));
    ck_assert(GetCommTimeouts(h, &back));
    ck_assert(memcmp(&to, &back, sizeof(to)) == 0);
    to = (COMMTIMEOUTS){ MAXDWORD, MAXDWORD, MAXDWORD, 0, 0 };
    FAILS_WITH(SetCommTimeouts(h, &to), ERROR_INVALID_PARAMETER);
    ck_assert(GetCommTimeouts(h, &back));
    ck_assert_uint_eq(back.ReadIntervalTimeout, 1);
    FAILS_WITH(SetCommTimeouts(h, NULL), ERROR_NOACCESS);
    close_port(h);
}
END_TEST

START_TEST(test_interval_maxdword_returns_what_is_there)
{
    HANDLE h = open_port();
    char buf[16];
    DWORD n = 99;

    set_timeouts(h, MAXDWORD, 0, 0);
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 0);
    send_far(h, "abc");
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert(memcmp(buf, "abc", 3) == 0);
    close_port(h);
}
END_TEST

START_TEST(test_total_timeout_ends_a_read_with_what_came)
{
    HANDLE h = open_port();
    char buf[16];
    DWORD n = 99;
    uint64_t start;

    set_timeouts(h, 0, 0, 100);
    start = now_ms();
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_ge(now_ms() - start, 100);
    /* multiplier * bytes asked */
    set_timeouts(h, 0, 20, 0);
    send_far(h, "xy");
    start = now_ms();
    ck_assert(ReadFile(h, buf, 5, &n, NULL));
    ck_assert_uint_eq(n, 2);
    ck_assert(memcmp(buf, "xy", 2) == 0);
    ck_assert_uint_ge(now_ms() - start, 100);
    close_port(h);
}
END_TEST

START_TEST(test_first_byte_mode_waits_only_for_one)
{
    HANDLE h = open_port();
    char buf[16];
    DWORD n = 99;
    uint64_t start;

    set_timeouts(h, MAXDWORD, MAXDWORD, 100);
    start = now_ms();
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_ge(now_ms() - start, 100);
    /* Bytes there: returned without waiting for more (no timeout asserted;
     * waiting for the rest would block for LONG_WAIT-scaled Check time). */
    set_timeouts(h, MAXDWORD, MAXDWORD, 600000);
    send_far(h, "hi");
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 2);
    close_port(h);
}
END_TEST

START_TEST(test_interval_timeout_ends_a_read_after_a_gap)
{
    HANDLE h = open_port();
    char buf[16];
    DWORD n = 99;
    uint64_t start;

    /* No total timeout: only the gap after the last byte ends the read. */
    set_timeouts(h, 50, 0, 0);
    send_far(h, "abc");
    start = now_ms();
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 3);
    ck_assert_uint_ge(now_ms() - start, 50);
    close_port(h);
}
END_TEST

START_TEST(test_write_timeout_ends_a_write_with_what_went)
{
    HANDLE h = open_port();
    COMMTIMEOUTS to = { 0, 0, 0, 0, 100 };
    size_t len = 4 << 20;
    char *buf = calloc(1, len);
    DWORD n = 0;
    uint64_t start;

    ck_assert_ptr_nonnull(buf);
    ck_assert(SetCommTimeouts(h, &to));
    /* Nobody reads the far end: the pseudo-terminal's buffer fills. */
    start = now_ms();
    ck_assert(WriteFile(h, buf, (DWORD)len, &n, NULL));
    ck_assert_uint_gt(n, 0);
    ck_assert_uint_lt(n, len);
    ck_assert_uint_ge(now_ms() - start, 100);
    free(buf);
    close_port(h);
}
END_TEST

START_TEST(test_purge_discards_input)
{
    HANDLE h = open_port();
    COMSTAT stat;
    DWORD errors = 99, n = 99;
    char buf[8];

    send_far(h, "abc");
    memset(&stat, 0xff, sizeof(stat));
    ck_assert(ClearCommError(h, &errors, &stat));
    ck_assert_uint_eq(errors, 0);
    ck_assert_uint_eq(stat.cbInQue, 3);
    ck_assert_uint_eq(stat.fCtsHold, 0);
    ck_assert(PurgeComm(h, PURGE_RXCLEAR | PURGE_RXABORT));
    ck_assert(ClearCommError(h, NULL, &stat));
    ck_assert_uint_eq(stat.cbInQue, 0);
    set_timeouts(h, MAXDWORD, 0, 0);
    ck_assert(ReadFile(h, buf, sizeof(buf), &n, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert(PurgeComm(h, PURGE_TXCLEAR | PURGE_TXABORT));
    ck_assert(ClearCommError(h, NULL, NULL));
    FAILS_WITH(PurgeComm(h, 0), ERROR_INVALID_PARAMETER);
    FAILS_WITH(PurgeComm(h, 0x10 | PURGE_RXCLEAR), ERROR_INVALID_PARAMETER);
    close_port(h);
}
END_TEST

START_TEST(test_modem_lines_fail_cleanly_on_a_pty)
{
    HANDLE h = open_port();
    DWORD stat = 99;

    /* A pseudo-terminal has no modem lines. */
    FAILS_WITH(EscapeCommFunction(h, SETDTR), ERROR_NOT_SUPPORTED);
    FAILS_WITH(EscapeCommFunction(h, CLRRTS), ERROR_NOT_SUPPORTED);
    FAILS_WITH(GetCommModemStatus(h, &stat), ERROR_NOT_SUPPORTED);
    ck_assert_uint_eq(stat, 99);
    FAILS_WITH(GetCommModemStatus(h, NULL), ERROR_NOACCESS);
    /* Flow control and reset need no lines. */
    ck_assert(EscapeCommFunction(h, SETXOFF));
    ck_assert(EscapeCommFunction(h, SETXON));
    ck_assert(EscapeCommFunction(h, RESETDEV));
    FAILS_WITH(EscapeCommFunction(h, 0), ERROR_INVALID_PARAMETER);
    FAILS_WITH(EscapeCommFunction(h, CLRBREAK + 1), ERROR_INVALID_PARAMETER);
    close_port(h);
}
END_TEST

START_TEST(test_setup_succeeds_and_events_are_not_supported)
{
    HANDLE h = open_port();
    DWORD mask = 99;

    ck_assert(SetupComm(h, 4096, 4096));
    FAILS_WITH(SetCommMask(h, EV_RXCHAR), ERROR_NOT_SUPPORTED);
    FAILS_WITH(GetCommMask(h, &mask), ERROR_NOT_SUPPORTED);
    ck_assert_uint_eq(mask, 99);
    FAILS_WITH(WaitCommEvent(h, &mask, NULL), ERROR_NOT_SUPPORTED);
    close_port(h);
}
END_TEST

static DWORD WINAPI read_four(LPVOID port)
{
    char buf[4];
    DWORD n = 0;

    if (!ReadFile(port, buf, sizeof(buf), &n, NULL))
        return GetLastError();
    return n == 4 && memcmp(buf, "wake", 4) == 0 ? 0 : 0xbad;
}

START_TEST(test_waiting_read_wakes_or_is_cancelled)
{
    HANDLE h = open_port(), reader;

    /* No timeouts: the read waits for its four bytes, however they come. */
    reader = CreateThread(NULL, 0, read_four, h, 0, NULL);
    ck_assert_ptr_nonnull(reader);
    ck_assert_int_eq(write(master, "wa", 2), 2);
    ck_assert_int_eq(write(master, "ke", 2), 2);
    ck_assert_uint_eq(exit_code(reader), 0);
    ck_assert(CloseHandle(reader));
    /* And CancelSynchronousIo ends a wait that nothing else would. */
    reader = CreateThread(NULL, 0, read_four, h, 0, NULL);
    ck_assert_ptr_nonnull(reader);
    while (!CancelSynchronousIo(reader)) {
        ck_assert_uint_eq(GetLastError(), ERROR_NOT_FOUND);
        Sleep(1);
    }
    ck_assert_uint_eq(exit_code(reader), ERROR_OPERATION_ABORTED);
    ck_assert(CloseHandle(reader));
    close_port(h);
}
END_TEST

START_TEST(test_hung_up_port_fails_reads)
{
    HANDLE h = open_port();
    char buf[4];
    DWORD n = 99;

    close(master);
    master = -1;
    FAILS_WITH(ReadFile(h, buf, sizeof(buf), &n, NULL), ERROR_GEN_FAILURE);
    ck_assert_uint_eq(n, 0);
    ck_assert(CloseHandle(h));
    unsetenv("W32SHIM_COM7");
}
END_TEST

/* ---- BuildCommDCB ---- */

struct build_case {
    const char *def;
    DWORD baud;
    BYTE size, parity, stop;
};

START_TEST(test_build_dcb_parses_both_forms)
{
    static const struct build_case cases[] = {
        { "baud=9600 parity=e data=5 stop=1", 9600, 5, EVENPARITY, ONESTOPBIT },
        { "BAUD=4000000000 parity=n data=7 stop=2", 4000000000u, 7, NOPARITY, TWOSTOPBITS },
        { "PaRiTy=s           Data=7 stop=1.5", 0xffffffff, 7, SPACEPARITY, ONE5STOPBITS },
        { "11,n,8,1", 110, 8, NOPARITY, ONESTOPBIT },
        { "30 ,E, 5,1.5", 300, 5, EVENPARITY, ONE5STOPBITS },
        { "60, m, 6, 2 ", 600, 6, MARKPARITY, TWOSTOPBITS },
        { "19, e, 7, 1, x", 19200, 7, EVENPARITY, ONESTOPBIT },
        { "4000000000,O,7,1.5,X", 4000000000u, 7, ODDPARITY, ONE5STOPBITS },
        { "COM1:9600,N,8,1", 9600, 8, NOPARITY, ONESTOPBIT },
        { "COM2  :    57600,S,6,2,x", 57600, 6, SPACEPARITY, TWOSTOPBITS },
        { "COM3:               baud=12345     data=7", 12345, 7, 0xff, 0xff },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct build_case *c = &cases[i];
        DCB dcb;

        memset(&dcb, 0xff, sizeof(dcb));
        SetLastError(0xdeadbeef);
        ck_assert_msg(BuildCommDCBA(c->def, &dcb), "\"%s\"", c->def);
        ck_assert_uint_eq(GetLastError(), 0xdeadbeef);
        ck_assert_msg(dcb.BaudRate == c->baud, "\"%s\": %lu", c->def, (unsigned long)dcb.BaudRate);
        ck_assert_msg(dcb.ByteSize == c->size, "\"%s\"", c->def);
        ck_assert_msg(dcb.Parity == c->parity, "\"%s\"", c->def);
        ck_assert_msg(dcb.StopBits == c->stop, "\"%s\"", c->def);
        /* Neither form touches the length, fBinary or fParity. */
        ck_assert_uint_eq(dcb.DCBlength, 0xffffffff);
        ck_assert_uint_eq(dcb.fBinary, 1);
        ck_assert_uint_eq(dcb.fParity, 1);
    }
}
END_TEST

START_TEST(test_build_dcb_refuses_what_windows_refuses)
{
    static const char *const refused[] = {
        "data=4", "data=9", "parity=no", "stop=0", "stop=1.501", "stop=3", "to=foobar",
        " baud=9600", "baud= 9600", "baud=9600,data=8", "96,N,8,1 to=on", "96,NO,8,1",
        "96,N,4,1", "96,N,9,1", "96,N,8,0", "96,N,8,3", "96,N,8,1,K", "COM0:baud=115200",
        "COM0:9600,N,8,1", "", "speed=9600", "96,N,8",
    };

    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        DCB dcb, untouched;

        memset(&dcb, 0xa5, sizeof(dcb));
        untouched = dcb;
        SetLastError(0xdeadbeef);
        ck_assert_msg(!BuildCommDCBA(refused[i], &dcb), "\"%s\"", refused[i]);
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
        ck_assert_msg(memcmp(&dcb, &untouched, sizeof(dcb)) == 0, "\"%s\"", refused[i]);
    }
}
END_TEST

START_TEST(test_build_dcb_sets_flow_control)
{
    DCB dcb;
    WCHAR wide[64];

    memset(&dcb, 0xff, sizeof(dcb));
    ck_assert(BuildCommDCBA("48,n,8,1,p", &dcb));
    ck_assert_uint_eq(dcb.fOutxCtsFlow, 1);
    ck_assert_uint_eq(dcb.fOutxDsrFlow, 1);
    ck_assert_uint_eq(dcb.fDtrControl, DTR_CONTROL_HANDSHAKE);
    ck_assert_uint_eq(dcb.fRtsControl, RTS_CONTROL_HANDSHAKE);
    ck_assert_uint_eq(dcb.fOutX, 0);
    ck_assert_uint_eq(dcb.fInX, 0);
    ck_assert_uint_eq(dcb.fDsrSensitivity, 1);      /* the old form leaves it */
    ck_assert(BuildCommDCBA("96,N,8,1", &dcb));
    ck_assert_uint_eq(dcb.fOutxCtsFlow, 0);
    ck_assert_uint_eq(dcb.fDtrControl, DTR_CONTROL_ENABLE);
    ck_assert_uint_eq(dcb.fRtsControl, RTS_CONTROL_ENABLE);
    memset(&dcb, 0, sizeof(dcb));
    MultiByteToWideChar(CP_UTF8, 0, "xon=on odsr=on octs=ON dtr=hs rts=tg idsr=on", -1, wide, 64);
    ck_assert(BuildCommDCBW(wide, &dcb));
    ck_assert_uint_eq(dcb.fOutX, 1);
    ck_assert_uint_eq(dcb.fInX, 1);
    ck_assert_uint_eq(dcb.fOutxDsrFlow, 1);
    ck_assert_uint_eq(dcb.fOutxCtsFlow, 1);
    ck_assert_uint_eq(dcb.fDtrControl, DTR_CONTROL_HANDSHAKE);
    ck_assert_uint_eq(dcb.fRtsControl, RTS_CONTROL_TOGGLE);
    ck_assert_uint_eq(dcb.fDsrSensitivity, 1);
    ck_assert_uint_eq(dcb.BaudRate, 0);
}
END_TEST

START_TEST(test_build_dcb_and_timeouts)
{
    COMMTIMEOUTS to;
    DCB dcb;

    memset(&dcb, 0, sizeof(dcb));
    memset(&to, 0xff, sizeof(to));
    ck_assert(BuildCommDCBAndTimeoutsA("baud=115200 to=on", &dcb, &to));
    ck_assert_uint_eq(dcb.BaudRate, 115200);
    ck_assert_uint_eq(to.ReadIntervalTimeout, 0);
    ck_assert_uint_eq(to.ReadTotalTimeoutConstant, 0);
    ck_assert_uint_eq(to.WriteTotalTimeoutConstant, 60000);
    ck_assert(BuildCommDCBAndTimeoutsW(u"to=off", &dcb, &to));
    ck_assert_uint_eq(to.WriteTotalTimeoutConstant, 0);
    /* Without "to=" the timeouts stay. */
    memset(&to, 0xff, sizeof(to));
    ck_assert(BuildCommDCBAndTimeoutsA("96,n,8,1", &dcb, &to));
    ck_assert_uint_eq(to.ReadIntervalTimeout, 0xffffffff);
    FAILS_WITH(BuildCommDCBAndTimeoutsA("to=on data=4", &dcb, &to), ERROR_INVALID_PARAMETER);
    ck_assert_uint_eq(to.WriteTotalTimeoutConstant, 0xffffffff);
    FAILS_WITH(BuildCommDCBA(NULL, &dcb), ERROR_NOACCESS);
    FAILS_WITH(BuildCommDCBA("96,n,8,1", NULL), ERROR_NOACCESS);
}
END_TEST

START_TEST(test_a_built_dcb_configures_a_port)
{
    HANDLE h = open_port();
    struct termios t;
    DCB dcb;

    ck_assert(GetCommState(h, &dcb));
    ck_assert(BuildCommDCBA("baud=19200 parity=n data=8 stop=2 xon=on octs=off", &dcb));
    ck_assert(SetCommState(h, &dcb));
    t = far_termios();
    ck_assert_uint_eq(cfgetospeed(&t), B19200);
    ck_assert((t.c_cflag & (CSIZE | PARENB | CSTOPB)) == (CS8 | CSTOPB));
    ck_assert((t.c_iflag & (IXON | IXOFF)) == (IXON | IXOFF));
    close_port(h);
}
END_TEST

static Suite *comm_suite(void)
{
    Suite *s = suite_create("comm");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_com_names_open_the_tty_the_environment_names);
    tcase_add_test(tc, test_missing_port_is_file_not_found);
    tcase_add_test(tc, test_names_that_are_not_ports_are_files);
    tcase_add_test(tc, test_overlapped_open_is_not_supported);
    tcase_add_test(tc, test_port_opens_in_raw_mode);
    tcase_add_test(tc, test_comm_state_round_trips_through_termios);
    tcase_add_test(tc, test_size_and_parity_are_set_whole_or_not_at_all);
    tcase_add_test(tc, test_settings_windows_or_termios_refuse_fail);
    tcase_add_test(tc, test_other_handles_are_not_ports);
    tcase_add_test(tc, test_data_moves_both_ways_unchanged);
    tcase_add_test(tc, test_timeouts_round_trip);
    tcase_add_test(tc, test_interval_maxdword_returns_what_is_there);
    tcase_add_test(tc, test_total_timeout_ends_a_read_with_what_came);
    tcase_add_test(tc, test_first_byte_mode_waits_only_for_one);
    tcase_add_test(tc, test_interval_timeout_ends_a_read_after_a_gap);
    tcase_add_test(tc, test_write_timeout_ends_a_write_with_what_went);
    tcase_add_test(tc, test_purge_discards_input);
    tcase_add_test(tc, test_modem_lines_fail_cleanly_on_a_pty);
    tcase_add_test(tc, test_setup_succeeds_and_events_are_not_supported);
    tcase_add_test(tc, test_waiting_read_wakes_or_is_cancelled);
    tcase_add_test(tc, test_hung_up_port_fails_reads);
    tcase_add_test(tc, test_build_dcb_parses_both_forms);
    tcase_add_test(tc, test_build_dcb_refuses_what_windows_refuses);
    tcase_add_test(tc, test_build_dcb_sets_flow_control);
    tcase_add_test(tc, test_build_dcb_and_timeouts);
    tcase_add_test(tc, test_a_built_dcb_configures_a_port);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(comm_suite)
