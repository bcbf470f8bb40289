/*
 * Conformance: communications devices without a serial port. What every
 * machine can check: a port that does not exist, the comm functions on
 * handles that are not ports, and BuildCommDCB's parsing.
 */
#include "conformance.h"

static char file_path[MAX_PATH];

static void test_missing_port(void)
{
    HANDLE h;

    SetLastError(0xdeadbeef);
    h = CreateFileA("\\\\.\\COM201", GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0,
                    NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "\\\\.\\COM201: ERROR_FILE_NOT_FOUND (%lu)", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    h = CreateFileW(W("\\\\.\\COM250"), GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    ok(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "\\\\.\\COM250, wide: ERROR_FILE_NOT_FOUND (%lu)", (unsigned long)GetLastError());
}

/* Wine answers ERROR_INVALID_HANDLE for a file, and ERROR_NOT_SUPPORTED for
 * the timeouts; Windows' file system does not know the serial codes. */
static void test_file_is_not_a_port(void)
{
    HANDLE f;
    DCB dcb;
    COMMTIMEOUTS to;
    COMSTAT stat;
    DWORD value;

    make_test_dir_for("comm");
    snprintf(file_path, sizeof(file_path), "%s", test_path("file"));
    f = CreateFileA(file_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(f != INVALID_HANDLE_VALUE, "a file");
    memset(&dcb, 0, sizeof(dcb));
    dcb.DCBlength = sizeof(dcb);
    SetLastError(0xdeadbeef);
    todo_wine_ok(!GetCommState(f, &dcb) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "GetCommState of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!SetCommState(f, &dcb) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "SetCommState of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!GetCommTimeouts(f, &to) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "GetCommTimeouts of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!PurgeComm(f, PURGE_RXCLEAR) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "PurgeComm of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!EscapeCommFunction(f, SETDTR) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "EscapeCommFunction of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    todo_wine_ok(!ClearCommError(f, &value, &stat) && GetLastError() == ERROR_INVALID_FUNCTION,
                 "ClearCommError of a file: ERROR_INVALID_FUNCTION (%lu)",
                 (unsigned long)GetLastError());
    ok(CloseHandle(f), "the file closed");
    ok(DeleteFileA(file_path), "the file deleted");
    ok(RemoveDirectoryA(conformance_dir), "its directory removed");
}

static void test_bad_handles(void)
{
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
    DCB dcb;

    memset(&dcb, 0, sizeof(dcb));
    SetLastError(0xdeadbeef);
    ok(!GetCommState(NULL, &dcb) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetCommState(NULL): ERROR_INVALID_HANDLE (%lu)", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetCommState(INVALID_HANDLE_VALUE, &dcb) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetCommState(INVALID_HANDLE_VALUE): ERROR_INVALID_HANDLE (%lu)",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetCommState(e, &dcb) && GetLastError() == ERROR_INVALID_HANDLE,
       "GetCommState of an event: ERROR_INVALID_HANDLE (%lu)", (unsigned long)GetLastError());
    CloseHandle(e);
}

static void test_build_dcb(void)
{
    DCB dcb, untouched;
    COMMTIMEOUTS to;

    memset(&dcb, 0, sizeof(dcb));
    SetLastError(0xdeadbeef);
    ok(BuildCommDCBA("baud=9600 parity=e data=7 stop=2", &dcb) && dcb.BaudRate == 9600 &&
       dcb.Parity == EVENPARITY && dcb.ByteSize == 7 && dcb.StopBits == TWOSTOPBITS &&
       GetLastError() == 0xdeadbeef, "the new form; the last error untouched");
    /* Windows 9x set the length, NT does not (Wine's comm tests); Wine does. */
    todo_wine_ok(dcb.DCBlength == 0, "the length untouched (%lu)", (unsigned long)dcb.DCBlength);
    memset(&dcb, 0, sizeof(dcb));
    ok(BuildCommDCBA("96,n,8,1,x", &dcb) && dcb.BaudRate == 9600 && dcb.Parity == NOPARITY &&
       dcb.ByteSize == 8 && dcb.StopBits == ONESTOPBIT && dcb.fOutX && dcb.fInX &&
       dcb.fDtrControl == DTR_CONTROL_ENABLE && dcb.fRtsControl == RTS_CONTROL_ENABLE,
       "the old form, 96 for 9600, x for XON/XOFF");
    memset(&dcb, 0, sizeof(dcb));
    ok(BuildCommDCBA("48,m,5,1.5,p", &dcb) && dcb.BaudRate == 4800 &&
       dcb.Parity == MARKPARITY && dcb.StopBits == ONE5STOPBITS && dcb.fOutxCtsFlow &&
       dcb.fOutxDsrFlow && dcb.fDtrControl == DTR_CONTROL_HANDSHAKE &&
       dcb.fRtsControl == RTS_CONTROL_HANDSHAKE && !dcb.fOutX,
       "the old form, p for hardware flow control");
    memset(&dcb, 0x5a, sizeof(dcb));
    untouched = dcb;
    SetLastError(0xdeadbeef);
    ok(!BuildCommDCBA("data=9", &dcb) && GetLastError() == ERROR_INVALID_PARAMETER &&
       memcmp(&dcb.BaudRate, &untouched.BaudRate, sizeof(dcb) - sizeof(DWORD)) == 0,
       "data=9: ERROR_INVALID_PARAMETER, the settings untouched");
    todo_wine_ok(dcb.DCBlength == untouched.DCBlength, "the length untouched too");
    SetLastError(0xdeadbeef);
    ok(!BuildCommDCBA(" baud=9600", &dcb) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a leading space: ERROR_INVALID_PARAMETER");
    SetLastError(0xdeadbeef);
    ok(!BuildCommDCBA("96,NO,8,1", &dcb) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a parity of two letters: ERROR_INVALID_PARAMETER");
    memset(&to, 0xff, sizeof(to));
    ok(BuildCommDCBAndTimeoutsA("baud=1200 to=on", &dcb, &to) && dcb.BaudRate == 1200 &&
       to.ReadIntervalTimeout == 0 && to.WriteTotalTimeoutConstant == 60000,
       "to=on: a write timeout of a minute, nothing else");
    memset(&dcb, 0, sizeof(dcb));
    ok(BuildCommDCBW(W("baud=2400 dtr=on rts=off"), &dcb) && dcb.BaudRate == 2400 &&
       dcb.fDtrControl == DTR_CONTROL_ENABLE && dcb.fRtsControl == RTS_CONTROL_DISABLE,
       "the wide form");
    /* The mode command's handshake and toggle values, which Wine lacks. */
    memset(&dcb, 0, sizeof(dcb));
    todo_wine_ok(BuildCommDCBA("dtr=hs rts=tg", &dcb) &&
                 dcb.fDtrControl == DTR_CONTROL_HANDSHAKE &&
                 dcb.fRtsControl == RTS_CONTROL_TOGGLE, "dtr=hs rts=tg");
}

CONFORMANCE_MAIN(test_missing_port, test_file_is_not_a_port, test_bad_handles, test_build_dcb)
