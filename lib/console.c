/*
 * consoleapi.h on terminals: a console handle is any fd-backed handle whose
 * fd is a terminal (lib/file.h). Input modes are the terminal's termios
 * flags; output modes are recorded only. Ctrl-C handlers run on a thread
 * of ours, woken by a SIGINT handler installed only while one is needed.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "error.h"
#include "file.h"
#include "spawn_hidden.h"
#include "unicode.h"
#include "fork.h"

#define INPUT_MODES 0x03FF
#define OUTPUT_MODES 0x001F
#define TERMIOS_MODES (ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT)

/* A console handle resolved to its terminal fd, referenced until console_put. */
struct console {
    int fd;
    bool input;
    struct w32_object *ref;
};

/*
 * Resolves h to its terminal; FALSE with ERROR_INVALID_HANDLE when h is
 * not a console, or the error w32_handle_fd gives (access denied...).
 */
static BOOL console_get(HANDLE h, ACCESS_MASK access, struct console *con)
{
    struct w32_object *writable;
    int fd = w32_handle_fd(h, access, &con->ref);

    if (fd < 0)
        return FALSE;
    if (!isatty(fd)) {
        w32_object_unref(con->ref);
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    con->fd = fd;
    con->input = fd == STDIN_FILENO;
    if (!con->input) {
        DWORD error = w32_last_error;

        if (w32_handle_fd(h, GENERIC_WRITE, &writable) < 0)
            con->input = true;
        else
            w32_object_unref(writable);
        w32_set_error(error);
    }
    return TRUE;
}

static void console_put(struct console *con)
{
    w32_object_unref(con->ref);
}

/* ---- output ---- */

static BOOL write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            w32_set_error(w32_error_from_errno(errno));
            return FALSE;
        }
        buf += n;
        len -= (size_t)n;
    }
    return TRUE;
}

/*
 * Writes to a terminal after what the program's printf left in stdout's
 * buffer. Windows' C runtime writes each printf to a console before it
 * returns, so a program may print between two SetConsoleTextAttribute
 * calls and expect its text between the two; C stdio holds a line
 * unfinished on a terminal, which would come out after both.
 */
static BOOL console_write(int fd, const char *buf, size_t len)
{
    if (isatty(STDOUT_FILENO))
        fflush(stdout);
    return write_all(fd, buf, len);
}

BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const VOID *lpBuffer, DWORD nNumberOfCharsToWrite,
                          LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
    struct console con;
    BOOL ok;

    if (lpNumberOfCharsWritten)
        *lpNumberOfCharsWritten = 0;     /* zeroed first, as Windows does (Wine) */
    if (!console_get(hConsoleOutput, GENERIC_WRITE, &con))
        return FALSE;
    ok = console_write(con.fd, lpBuffer, nNumberOfCharsToWrite);
    console_put(&con);
    if (ok && lpNumberOfCharsWritten)
        *lpNumberOfCharsWritten = nNumberOfCharsToWrite;
    return ok;
}

/*
 * A surrogate pair split between two calls is written as two unpaired
 * surrogates: the terminal shows two replacement characters.
 */
BOOL WINAPI WriteConsoleW(HANDLE hConsoleOutput, const VOID *lpBuffer, DWORD nNumberOfCharsToWrite,
                          LPDWORD lpNumberOfCharsWritten, LPVOID lpReserved)
{
    struct console con;
    size_t bytes;
    char *text;
    BOOL ok;

    if (lpNumberOfCharsWritten)
        *lpNumberOfCharsWritten = 0;     /* zeroed first, as Windows does (Wine) */
    if (!console_get(hConsoleOutput, GENERIC_WRITE, &con))
        return FALSE;
    bytes = w32_utf16_to_utf8n(lpBuffer, nNumberOfCharsToWrite, NULL);
    if (!(text = malloc(bytes + 1))) {
        console_put(&con);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    w32_utf16_to_utf8n(lpBuffer, nNumberOfCharsToWrite, text);
    ok = console_write(con.fd, text, bytes);
    free(text);
    console_put(&con);
    if (ok && lpNumberOfCharsWritten)
        *lpNumberOfCharsWritten = nNumberOfCharsToWrite;
    return ok;
}

/* ---- input ---- */

/*
 * Input read from a terminal but not yet returned: the rest of a line that
 * did not fit the caller's buffer, already in Windows form ("\r\n"), and
 * the terminal it came from.
 */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;   /* guards pending_* */
static char *pending_data;
static size_t pending_len;
static dev_t pending_dev;

static dev_t terminal_id(int fd)
{
    struct stat st;

    return fstat(fd, &st) == 0 ? st.st_rdev : 0;
}

/* Puts len bytes back in front of the pending input of terminal dev. */
static void unread(dev_t dev, const char *data, size_t len)
{
    char *joined;

    if (!len)
        return;
    pthread_mutex_lock(&pending_lock);
    if (pending_len && pending_dev != dev) {
        pthread_mutex_unlock(&pending_lock);
        return;     /* another terminal's leftovers: theirs are kept */
    }
    joined = malloc(len + pending_len);
    if (joined) {
        memcpy(joined, data, len);
        if (pending_len)
            memcpy(joined + len, pending_data, pending_len);
        free(pending_data);
        pending_data = joined;
        pending_len += len;
        pending_dev = dev;
    }
    pthread_mutex_unlock(&pending_lock);
}

/* Takes the pending input of terminal dev, if any: malloc'd, *len bytes. */
static char *take_pending(dev_t dev, size_t *len)
{
    char *data = NULL;

    pthread_mutex_lock(&pending_lock);
    if (pending_len && pending_dev == dev) {
        data = pending_data;
        *len = pending_len;
        pending_data = NULL;
        pending_len = 0;
    }
    pthread_mutex_unlock(&pending_lock);
    return data;
}

/*
 * One read from the terminal, as Windows returns it: a malloc'd buffer of
 * *len bytes. In line mode the line's "\n" becomes "\r\n".
 */
static char *read_terminal(int fd, size_t max, size_t *len)
{
    struct termios tio;
    bool line = tcgetattr(fd, &tio) == 0 && (tio.c_lflag & ICANON);
    size_t size = max < 4096 ? 4096 : max;
    char *buf = malloc(size + 1);
    ssize_t n;

    if (!buf) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    do
        n = read(fd, buf, size);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        w32_set_error(w32_error_from_errno(errno));
        free(buf);
        return NULL;
    }
    if (line && n > 0 && buf[n - 1] == '\n' && (n == 1 || buf[n - 2] != '\r')) {
        buf[n - 1] = '\r';
        buf[n++] = '\n';
    }
    *len = (size_t)n;
    return buf;
}

/* The next input of terminal fd: pending input first, else one read. */
static char *next_input(int fd, size_t max, size_t *len)
{
    char *data = take_pending(terminal_id(fd), len);

    return data ? data : read_terminal(fd, max, len);
}

BOOL WINAPI ReadConsoleA(HANDLE hConsoleInput, LPVOID lpBuffer, DWORD nNumberOfCharsToRead,
                         LPDWORD lpNumberOfCharsRead, PCONSOLE_READCONSOLE_CONTROL pInputControl)
{
    struct console con;
    size_t len, n;
    char *data;

    if (lpNumberOfCharsRead)
        *lpNumberOfCharsRead = 0;     /* zeroed first, as Windows does (Wine) */
    if (!console_get(hConsoleInput, GENERIC_READ, &con))
        return FALSE;
    if (!(data = next_input(con.fd, nNumberOfCharsToRead, &len))) {
        console_put(&con);
        return FALSE;
    }
    n = len < nNumberOfCharsToRead ? len : nNumberOfCharsToRead;
    memcpy(lpBuffer, data, n);
    unread(terminal_id(con.fd), data + n, len - n);
    free(data);
    console_put(&con);
    if (lpNumberOfCharsRead)
        *lpNumberOfCharsRead = (DWORD)n;
    return TRUE;
}

BOOL WINAPI ReadConsoleW(HANDLE hConsoleInput, LPVOID lpBuffer, DWORD nNumberOfCharsToRead,
                         LPDWORD lpNumberOfCharsRead, PCONSOLE_READCONSOLE_CONTROL pInputControl)
{
    struct console con;
    size_t len, units, n, used;
    WCHAR *wide, *out = lpBuffer;
    char *data;

    if (lpNumberOfCharsRead)
        *lpNumberOfCharsRead = 0;     /* zeroed first, as Windows does (Wine) */
    if (!console_get(hConsoleInput, GENERIC_READ, &con))
        return FALSE;
    if (!(data = next_input(con.fd, nNumberOfCharsToRead, &len))) {
        console_put(&con);
        return FALSE;
    }
    units = w32_utf8_to_utf16n(data, len, NULL);
    if (!(wide = malloc((units + 1) * sizeof(WCHAR)))) {
        unread(terminal_id(con.fd), data, len);
        free(data);
        console_put(&con);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    w32_utf8_to_utf16n(data, len, wide);
    n = units < nNumberOfCharsToRead ? units : nNumberOfCharsToRead;
    /* Never split a surrogate pair between two reads. */
    if (n < units && n > 0 && wide[n - 1] >= 0xD800 && wide[n - 1] <= 0xDBFF)
        n--;
    memcpy(out, wide, n * sizeof(WCHAR));
    used = w32_utf8_prefix(data, len, n);
    unread(terminal_id(con.fd), data + used, len - used);
    free(wide);
    free(data);
    console_put(&con);
    if (lpNumberOfCharsRead)
        *lpNumberOfCharsRead = (DWORD)n;
    return TRUE;
}

/* ---- modes ---- */

/* Output modes are per process, as if every terminal were one screen buffer. */
static _Atomic DWORD output_mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT;
/* The input mode bits no termios flag holds, recorded as last set. */
static _Atomic DWORD input_extra_mode;

BOOL WINAPI GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode)
{
    struct console con;
    struct termios tio;
    DWORD mode;

    if (!console_get(hConsoleHandle, 0, &con))
        return FALSE;
    if (!con.input) {
        mode = output_mode;
    } else if (tcgetattr(con.fd, &tio) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        console_put(&con);
        return FALSE;
    } else {
        mode = input_extra_mode;
        if (tio.c_lflag & ISIG)
            mode |= ENABLE_PROCESSED_INPUT;
        if (tio.c_lflag & ICANON)
            mode |= ENABLE_LINE_INPUT;
        if (tio.c_lflag & ECHO)
            mode |= ENABLE_ECHO_INPUT;
    }
    console_put(&con);
    if (!lpMode) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpMode = mode;
    return TRUE;
}

/*
 * As Windows' console host does, the mode is applied first and only then
 * checked: unknown bits, or echo without line input, give
 * ERROR_INVALID_PARAMETER although the rest of the mode took effect.
 */
static BOOL set_input_mode(int fd, DWORD mode)
{
    struct termios tio;

    if (tcgetattr(fd, &tio) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    tio.c_lflag &= ~(tcflag_t)(ISIG | ICANON | ECHO);
    if (mode & ENABLE_PROCESSED_INPUT)
        tio.c_lflag |= ISIG;
    if (mode & ENABLE_LINE_INPUT)
        tio.c_lflag |= ICANON;
    if (mode & ENABLE_ECHO_INPUT)
        tio.c_lflag |= ECHO;
    /* Without line input a read returns as soon as one character is there. */
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    input_extra_mode = mode & INPUT_MODES & ~TERMIOS_MODES;
    if ((mode & ~INPUT_MODES) || ((mode & ENABLE_ECHO_INPUT) && !(mode & ENABLE_LINE_INPUT))) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode)
{
    struct console con;
    BOOL ok = TRUE;

    if (!console_get(hConsoleHandle, 0, &con))
        return FALSE;
    if (con.input) {
        ok = set_input_mode(con.fd, dwMode);
    } else if (dwMode & ~OUTPUT_MODES) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        ok = FALSE;
    } else {
        output_mode = dwMode;
    }
    console_put(&con);
    return ok;
}

/* ---- the screen buffer ---- */

/* The attributes a console starts with: light grey on black. */
#define DEFAULT_ATTRIBUTES (FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE)
/* The size a terminal that does not know its own is given. */
#define FALLBACK_COLUMNS 80
#define FALLBACK_ROWS 24

/* Per process, as the output mode: every terminal is one screen buffer. */
static _Atomic WORD text_attributes = DEFAULT_ATTRIBUTES;

/* The output handle h's terminal: FALSE with ERROR_INVALID_HANDLE for an
 * input handle or no console, then ERROR_ACCESS_DENIED without the read
 * access Windows asks for. */
static BOOL output_get(HANDLE h, struct console *con)
{
    struct w32_object *readable;

    if (!console_get(h, 0, con))
        return FALSE;
    if (con->input) {
        console_put(con);
        w32_set_error(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (w32_handle_fd(h, GENERIC_READ, &readable) < 0) {
        console_put(con);
        return FALSE;
    }
    w32_object_unref(readable);
    return TRUE;
}

BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE hConsoleOutput,
                                       PCONSOLE_SCREEN_BUFFER_INFO lpConsoleScreenBufferInfo)
{
    struct console con;
    struct winsize ws = { 0 };
    SHORT columns = FALLBACK_COLUMNS, rows = FALLBACK_ROWS;

    if (!output_get(hConsoleOutput, &con))
        return FALSE;
    if (ioctl(con.fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
        columns = (SHORT)(ws.ws_col > SHRT_MAX ? SHRT_MAX : ws.ws_col);
        rows = (SHORT)(ws.ws_row > SHRT_MAX ? SHRT_MAX : ws.ws_row);
    }
    console_put(&con);
    if (!lpConsoleScreenBufferInfo) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *lpConsoleScreenBufferInfo = (CONSOLE_SCREEN_BUFFER_INFO){
        .dwSize = { columns, rows },
        .dwCursorPosition = { 0, (SHORT)(rows - 1) },
        .wAttributes = text_attributes,
        .srWindow = { 0, 0, (SHORT)(columns - 1), (SHORT)(rows - 1) },
        .dwMaximumWindowSize = { columns, rows },
    };
    return TRUE;
}

/* The ANSI colour of a Windows one (its red, green and blue bits). */
static int ansi_colour(WORD rgb)
{
    return (rgb & FOREGROUND_RED ? 1 : 0) | (rgb & FOREGROUND_GREEN ? 2 : 0) |
           (rgb & FOREGROUND_BLUE ? 4 : 0);
}

BOOL WINAPI SetConsoleTextAttribute(HANDLE hConsoleOutput, WORD wAttributes)
{
    struct console con;
    WORD fg = wAttributes & 0x0f, bg = (wAttributes >> 4) & 0x0f;
    char seq[32];
    int len;
    BOOL ok;

    if (!output_get(hConsoleOutput, &con))
        return FALSE;
    /* A console's first colours are the terminal's own, whatever its theme. */
    len = snprintf(seq, sizeof(seq), "\x1b[0");
    if (fg != DEFAULT_ATTRIBUTES)
        len += snprintf(seq + len, sizeof(seq) - (size_t)len, ";%d",
                        (fg & FOREGROUND_INTENSITY ? 90 : 30) + ansi_colour(fg));
    if (bg != 0)
        len += snprintf(seq + len, sizeof(seq) - (size_t)len, ";%d",
                        (bg & FOREGROUND_INTENSITY ? 100 : 40) + ansi_colour(bg));
    if (wAttributes & COMMON_LVB_REVERSE_VIDEO)
        len += snprintf(seq + len, sizeof(seq) - (size_t)len, ";7");
    if (wAttributes & COMMON_LVB_UNDERSCORE)
        len += snprintf(seq + len, sizeof(seq) - (size_t)len, ";4");
    len += snprintf(seq + len, sizeof(seq) - (size_t)len, "m");
    ok = console_write(con.fd, seq, (size_t)len);
    if (ok)
        text_attributes = wAttributes;
    console_put(&con);
    return ok;
}

/* ---- Ctrl-C ---- */

/*
 * Guards handlers, handler_count, ignore_ctrl_c, installed and
 * saved_action. Never held while a handler runs.
 */
static pthread_mutex_t ctrl_lock = PTHREAD_MUTEX_INITIALIZER;
static PHANDLER_ROUTINE *handlers;
static size_t handler_count, handler_cap;
static bool ignore_ctrl_c;
static bool installed;                  /* SIGINT's disposition is ours */
static struct sigaction saved_action;   /* the program's, while installed */

static sem_t ctrl_events;               /* one post per SIGINT */
static pthread_once_t ctrl_events_once = PTHREAD_ONCE_INIT;
static bool dispatcher_started;         /* ctrl_lock */

static void on_sigint(int sig)
{
    int saved_errno = errno;

    sem_post(&ctrl_events);
    errno = saved_errno;
}

/* When no handler takes the event: what the program's own disposition does. */
static void default_action(struct sigaction *program)
{
    if (program->sa_handler == SIG_IGN)
        return;
    if (program->sa_handler == SIG_DFL) {
        struct sigaction dfl;

        memset(&dfl, 0, sizeof(dfl));
        sigemptyset(&dfl.sa_mask);
        dfl.sa_handler = SIG_DFL;
        sigaction(SIGINT, &dfl, NULL);
        kill(getpid(), SIGINT);
        return;
    }
    if (program->sa_flags & SA_SIGINFO) {
        siginfo_t info;

        memset(&info, 0, sizeof(info));
        info.si_signo = SIGINT;
        program->sa_sigaction(SIGINT, &info, NULL);
    } else {
        program->sa_handler(SIGINT);
    }
}

/* Calls the handlers, newest first, until one returns TRUE. */
static void dispatch_ctrl_c(void)
{
    PHANDLER_ROUTINE *snapshot = NULL;
    struct sigaction program;
    size_t n = 0;

    pthread_mutex_lock(&ctrl_lock);
    if (installed && !ignore_ctrl_c && handler_count) {
        snapshot = malloc(handler_count * sizeof(*snapshot));
        if (snapshot) {
            n = handler_count;
            memcpy(snapshot, handlers, n * sizeof(*snapshot));
        }
    }
    program = saved_action;
    pthread_mutex_unlock(&ctrl_lock);
    if (!n)
        return;     /* ignored, or the last handler went away since */
    while (n-- > 0) {
        if (snapshot[n](CTRL_C_EVENT)) {
            free(snapshot);
            return;
        }
    }
    free(snapshot);
    default_action(&program);
}

static void *dispatcher(void *arg)
{
    for (;;) {
        if (sem_wait(&ctrl_events) == 0)
            dispatch_ctrl_c();
    }
    return NULL;
}

static void init_ctrl_events(void)
{
    sem_init(&ctrl_events, 0, 0);       /* cannot fail: not shared, value 0 */
}

/*
 * Starts the dispatcher unless it runs; ctrl_lock held. It blocks every
 * signal, so SIGINT goes to the program's threads. Every call that needs it
 * tries again: failing once (out of memory or of threads) is not for ever.
 */
static bool dispatcher_running_locked(void)
{
    if (!dispatcher_started)
        dispatcher_started = w32_spawn_hidden(dispatcher, NULL);
    return dispatcher_started;
}

/* Gives SIGINT the disposition the current state calls for; under ctrl_lock. */
static BOOL update_disposition(void)
{
    struct sigaction action;

    if (!ignore_ctrl_c && !handler_count) {
        if (installed && sigaction(SIGINT, &saved_action, NULL) == 0)
            installed = false;
        return TRUE;
    }
    memset(&action, 0, sizeof(action));
    sigemptyset(&action.sa_mask);
    action.sa_handler = ignore_ctrl_c ? SIG_IGN : on_sigint;
    action.sa_flags = SA_RESTART;
    if (sigaction(SIGINT, &action, installed ? NULL : &saved_action) != 0) {
        w32_set_error(w32_error_from_errno(errno));
        return FALSE;
    }
    installed = true;
    return TRUE;
}

static BOOL add_handler(PHANDLER_ROUTINE handler)
{
    if (handler_count == handler_cap) {
        size_t cap = handler_cap ? handler_cap * 2 : 8;
        PHANDLER_ROUTINE *grown = realloc(handlers, cap * sizeof(*grown));

        if (!grown) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return FALSE;
        }
        handlers = grown;
        handler_cap = cap;
    }
    handlers[handler_count++] = handler;
    if (update_disposition())
        return TRUE;
    handler_count--;
    return FALSE;
}

/* Removes the most recent registration of handler, as Windows does. */
static BOOL remove_handler(PHANDLER_ROUTINE handler)
{
    for (size_t i = handler_count; i-- > 0;) {
        if (handlers[i] == handler) {
            memmove(handlers + i, handlers + i + 1, (handler_count - i - 1) * sizeof(*handlers));
            handler_count--;
            return update_disposition();
        }
    }
    w32_set_error(ERROR_INVALID_PARAMETER);
    return FALSE;
}

BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add)
{
    BOOL ok;

    pthread_once(&ctrl_events_once, init_ctrl_events);
    pthread_mutex_lock(&ctrl_lock);
    if (HandlerRoutine && Add && !dispatcher_running_locked()) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        ok = FALSE;
    } else if (!HandlerRoutine) {
        bool before = ignore_ctrl_c;

        ignore_ctrl_c = Add != FALSE;
        ok = update_disposition();
        if (!ok)
            ignore_ctrl_c = before;
    } else {
        ok = Add ? add_handler(HandlerRoutine) : remove_handler(HandlerRoutine);
    }
    pthread_mutex_unlock(&ctrl_lock);
    return ok;
}

/* ---- code pages and title ---- */

UINT WINAPI GetConsoleCP(void)
{
    return CP_UTF8;
}

UINT WINAPI GetConsoleOutputCP(void)
{
    return CP_UTF8;
}

BOOL WINAPI SetConsoleCP(UINT wCodePageID)
{
    if (wCodePageID != CP_UTF8) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    return TRUE;
}

BOOL WINAPI SetConsoleOutputCP(UINT wCodePageID)
{
    return SetConsoleCP(wCodePageID);
}

/* Control characters would end the escape sequence early: they become '?'. */
BOOL WINAPI SetConsoleTitleA(LPCSTR lpConsoleTitle)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD error = w32_last_error;
    struct console con;
    size_t len = strlen(lpConsoleTitle);
    char *osc;
    BOOL ok;

    if (!out || out == INVALID_HANDLE_VALUE || !console_get(out, 0, &con)) {
        w32_set_error(error);
        return TRUE;    /* no terminal to show a title: nothing to do */
    }
    if (!(osc = malloc(len + 5))) {
        console_put(&con);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    memcpy(osc, "\033]0;", 4);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)lpConsoleTitle[i];
        osc[4 + i] = c < 0x20 || c == 0x7F ? '?' : (char)c;
    }
    osc[len + 4] = '\a';
    ok = write_all(con.fd, osc, len + 5);
    free(osc);
    console_put(&con);
    return ok;
}

BOOL WINAPI SetConsoleTitleW(LPCWSTR lpConsoleTitle)
{
    char *title = w32_utf16_to_utf8(lpConsoleTitle);
    BOOL ok;

    if (!title) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ok = SetConsoleTitleA(title);
    free(title);
    return ok;
}

/*
 * fork (fork.h): the console's locks. The control-event dispatcher is the
 * parent's: a new one serves the child if the parent had one (SIGINT's
 * disposition, which fork keeps, still posts to it).
 */
void w32_console_fork(enum w32_fork_phase phase)
{
    static bool had_dispatcher;

    if (phase == W32_FORK_CHILD) {
        had_dispatcher = dispatcher_started;
        dispatcher_started = false;
    }
    w32_fork_mutex(&ctrl_lock, phase);
    w32_fork_mutex(&pending_lock, phase);
    if (phase == W32_FORK_RESUME && had_dispatcher) {
        pthread_mutex_lock(&ctrl_lock);
        dispatcher_running_locked();
        pthread_mutex_unlock(&ctrl_lock);
    }
}
