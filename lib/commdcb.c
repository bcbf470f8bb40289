/*
 * BuildCommDCB and BuildCommDCBAndTimeouts: the mode command's device
 * strings, parsed as Windows NT does (Wine's comm tests record its answers).
 * Two forms, after an optional "COMn:" prefix:
 *   "baud=9600 parity=n data=8 stop=1 xon=on to=off ..."  (any has '=')
 *   "96,n,8,1[,x|,p]"                                      (the old form)
 * A string Windows refuses fails with ERROR_INVALID_PARAMETER and changes
 * nothing; a success leaves the last error alone.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "error.h"
#include "unicode.h"

/* Skips a "COMn:" prefix (n from 1, spaces before the colon and after it
 * allowed): where the settings start, name itself if there is none, NULL if
 * the prefix names no port. */
static const char *skip_port(const char *name)
{
    const char *p = name;
    unsigned long n;
    char *end;

    if (strncasecmp(p, "COM", 3) != 0 || !isdigit((unsigned char)p[3]))
        return name;
    n = strtoul(p + 3, &end, 10);
    p = end;
    while (*p == ' ')
        p++;
    if (*p != ':')
        return name;
    if (n == 0)
        return NULL;
    for (p++; *p == ' '; p++)
        ;
    return p;
}

/* A decimal number up to 2^32 - 1 at *p, which then moves past it. */
static bool parse_number(const char **p, DWORD *value)
{
    unsigned long long n = 0;
    const char *s = *p;

    if (!isdigit((unsigned char)*s))
        return false;
    while (isdigit((unsigned char)*s)) {
        n = n * 10 + (unsigned)(*s++ - '0');
        if (n > 0xFFFFFFFFull)
            return false;
    }
    *value = (DWORD)n;
    *p = s;
    return true;
}

/* Whether the text at *p is word, ending where a value ends (stop), and
 * then moves past it. */
static bool take_word(const char **p, const char *word, const char *stop)
{
    size_t len = strlen(word);

    if (strncasecmp(*p, word, len) != 0 || !strchr(stop, (*p)[len]))
        return false;
    *p += len;
    return true;
}

/* Whether a setting's "key=" starts at *p (any case), and then moves past it. */
static bool take_key(const char **p, const char *key)
{
    size_t len = strlen(key);

    if (strncasecmp(*p, key, len) != 0)
        return false;
    *p += len;
    return true;
}

static bool parse_parity(const char **p, const char *stop, BYTE *parity)
{
    static const char letters[] = "noems";   /* NOPARITY .. SPACEPARITY */
    const char *at = strchr(letters, tolower((unsigned char)**p));

    if (!**p || !at || !strchr(stop, (*p)[1]))
        return false;
    *parity = (BYTE)(at - letters);
    (*p)++;
    return true;
}

static bool parse_data(const char **p, const char *stop, BYTE *size)
{
    if (**p < '5' || **p > '8' || !strchr(stop, (*p)[1]))
        return false;
    *size = (BYTE)(**p - '0');
    (*p)++;
    return true;
}

static bool parse_stop(const char **p, const char *stop, BYTE *bits)
{
    if (take_word(p, "1.5", stop))
        *bits = ONE5STOPBITS;
    else if (take_word(p, "1", stop))
        *bits = ONESTOPBIT;
    else if (take_word(p, "2", stop))
        *bits = TWOSTOPBITS;
    else
        return false;
    return true;
}

/* on or off; *on is left alone otherwise. */
static bool parse_switch(const char **p, bool *on)
{
    if (take_word(p, "on", " "))
        *on = true;
    else if (take_word(p, "off", " "))
        *on = false;
    else
        return false;
    return true;
}

/* The old form's field separator: a comma, with spaces either side. */
static bool take_comma(const char **p)
{
    while (**p == ' ')
        (*p)++;
    if (**p != ',')
        return false;
    for ((*p)++; **p == ' '; (*p)++)
        ;
    return true;
}

/* Two-digit rates of the old form stand for the common rates. */
static DWORD old_baud(DWORD n)
{
    static const DWORD short_rates[][2] = {
        { 11, 110 }, { 15, 150 }, { 30, 300 }, { 60, 600 }, { 12, 1200 },
        { 24, 2400 }, { 48, 4800 }, { 96, 9600 }, { 19, 19200 },
    };

    for (size_t i = 0; i < sizeof(short_rates) / sizeof(short_rates[0]); i++)
        if (short_rates[i][0] == n)
            return short_rates[i][1];
    return n;
}

/* "baud,parity,data,stop[,x|,p]"; sets the flow controls too, as NT does. */
static bool parse_old(const char *p, DCB *dcb)
{
    const char *stop = " ,";
    DWORD baud;
    char flow = 0;

    while (*p == ' ')
        p++;
    if (!parse_number(&p, &baud) || !take_comma(&p) || !parse_parity(&p, stop, &dcb->Parity) ||
        !take_comma(&p) || !parse_data(&p, stop, &dcb->ByteSize) || !take_comma(&p) ||
        !parse_stop(&p, stop, &dcb->StopBits))
        return false;
    if (take_comma(&p)) {
        flow = (char)tolower((unsigned char)*p);
        if ((flow != 'x' && flow != 'p') || !strchr(stop, p[1]))
            return false;
        p++;
    }
    while (*p == ' ')
        p++;
    if (*p)
        return false;
    dcb->BaudRate = old_baud(baud);
    dcb->fOutX = dcb->fInX = flow == 'x';
    dcb->fOutxCtsFlow = dcb->fOutxDsrFlow = flow == 'p';
    dcb->fDtrControl = flow == 'p' ? DTR_CONTROL_HANDSHAKE : DTR_CONTROL_ENABLE;
    dcb->fRtsControl = flow == 'p' ? RTS_CONTROL_HANDSHAKE : RTS_CONTROL_ENABLE;
    return true;
}

/* One "key=value" of the new form at *p, applied to dcb and to. */
static bool parse_setting(const char **p, DCB *dcb, COMMTIMEOUTS *to)
{
    const char *stop = " ";
    bool on;

    if (take_key(p, "baud=")) {
        DWORD baud;

        if (!parse_number(p, &baud) || !strchr(stop, **p))
            return false;
        dcb->BaudRate = baud;
        return true;
    }
    if (take_key(p, "parity="))
        return parse_parity(p, stop, &dcb->Parity);
    if (take_key(p, "data="))
        return parse_data(p, stop, &dcb->ByteSize);
    if (take_key(p, "stop="))
        return parse_stop(p, stop, &dcb->StopBits);
    if (take_key(p, "xon=")) {
        if (!parse_switch(p, &on))
            return false;
        dcb->fOutX = dcb->fInX = on;
        return true;
    }
    if (take_key(p, "odsr=")) {
        if (!parse_switch(p, &on))
            return false;
        dcb->fOutxDsrFlow = on;
        return true;
    }
    if (take_key(p, "octs=")) {
        if (!parse_switch(p, &on))
            return false;
        dcb->fOutxCtsFlow = on;
        return true;
    }
    if (take_key(p, "idsr=")) {
        if (!parse_switch(p, &on))
            return false;
        dcb->fDsrSensitivity = on;
        return true;
    }
    if (take_key(p, "dtr=")) {
        if (take_word(p, "hs", stop))
            dcb->fDtrControl = DTR_CONTROL_HANDSHAKE;
        else if (parse_switch(p, &on))
            dcb->fDtrControl = on ? DTR_CONTROL_ENABLE : DTR_CONTROL_DISABLE;
        else
            return false;
        return true;
    }
    if (take_key(p, "rts=")) {
        if (take_word(p, "hs", stop))
            dcb->fRtsControl = RTS_CONTROL_HANDSHAKE;
        else if (take_word(p, "tg", stop))
            dcb->fRtsControl = RTS_CONTROL_TOGGLE;
        else if (parse_switch(p, &on))
            dcb->fRtsControl = on ? RTS_CONTROL_ENABLE : RTS_CONTROL_DISABLE;
        else
            return false;
        return true;
    }
    if (take_key(p, "to=")) {
        if (!parse_switch(p, &on))
            return false;
        /* "to=on": writes give up after a minute, as the mode command's does. */
        *to = (COMMTIMEOUTS){ .WriteTotalTimeoutConstant = on ? 60000 : 0 };
        return true;
    }
    return false;
}

/* Settings separated by spaces; the first may not be preceded by one. */
static bool parse_new(const char *p, DCB *dcb, COMMTIMEOUTS *to)
{
    while (*p) {
        if (!parse_setting(&p, dcb, to))
            return false;
        while (*p == ' ')
            p++;
    }
    return true;
}

static BOOL build(LPCSTR lpDef, LPDCB lpDCB, LPCOMMTIMEOUTS lpCommTimeouts)
{
    COMMTIMEOUTS to = { 0 };
    const char *p;
    DCB dcb;
    bool ok;

    if (!lpDef || !lpDCB) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    dcb = *lpDCB;
    if (lpCommTimeouts)
        to = *lpCommTimeouts;
    p = skip_port(lpDef);
    ok = p && (strchr(p, '=') ? parse_new(p, &dcb, &to) : parse_old(p, &dcb));
    if (!ok) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpDCB = dcb;
    if (lpCommTimeouts)
        *lpCommTimeouts = to;
    return TRUE;
}

BOOL WINAPI BuildCommDCBA(LPCSTR lpDef, LPDCB lpDCB)
{
    return build(lpDef, lpDCB, NULL);
}

BOOL WINAPI BuildCommDCBAndTimeoutsA(LPCSTR lpDef, LPDCB lpDCB, LPCOMMTIMEOUTS lpCommTimeouts)
{
    return build(lpDef, lpDCB, lpCommTimeouts);
}

/* The W forms: the string in UTF-8, then as the A forms. */
static BOOL build_wide(LPCWSTR lpDef, LPDCB lpDCB, LPCOMMTIMEOUTS lpCommTimeouts)
{
    char *def = NULL;
    BOOL ok;

    if (lpDef && !(def = w32_utf16_to_utf8(lpDef))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    ok = build(def, lpDCB, lpCommTimeouts);
    free(def);
    return ok;
}

BOOL WINAPI BuildCommDCBW(LPCWSTR lpDef, LPDCB lpDCB)
{
    return build_wide(lpDef, lpDCB, NULL);
}

BOOL WINAPI BuildCommDCBAndTimeoutsW(LPCWSTR lpDef, LPDCB lpDCB, LPCOMMTIMEOUTS lpCommTimeouts)
{
    return build_wide(lpDef, lpDCB, lpCommTimeouts);
}
