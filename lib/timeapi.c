/*
 * Calendar time: SYSTEMTIME and FILETIME conversions, local time and the
 * time zone (timezoneapi.h, and the calendar functions of sysinfoapi.h,
 * fileapi.h and winbase.h). The time zone is the C library's (TZ, else
 * /etc/localtime), read again on every call, as Windows reads its current
 * zone. Tick counts and the performance counter are time.c's.
 */
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <windows.h>
#include "clock.h"
#include "cmdline.h"
#include "error.h"
#include "unicode.h"

#define TICKS_PER_MS 10000LL
#define TICKS_PER_SECOND 10000000LL
#define TICKS_PER_MINUTE (60 * TICKS_PER_SECOND)
#define TICKS_PER_DAY (86400 * TICKS_PER_SECOND)
#define DAYS_PER_400_YEARS 146097
#define MAX_YEAR 30827              /* the last year a FILETIME below 2^63 reaches */

static ULONGLONG ft_value(const FILETIME *ft)
{
    return ((ULONGLONG)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

static FILETIME ft_make(ULONGLONG v)
{
    FILETIME ft = { (DWORD)v, (DWORD)(v >> 32) };

    return ft;
}

static bool is_leap(unsigned year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static unsigned month_days(unsigned year, unsigned month)
{
    static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return days[month - 1] + (month == 2 && is_leap(year));
}

/* Days from 1601-01-01, the first day of a 400-year cycle, to year-month-day. */
static LONGLONG days_from_date(unsigned year, unsigned month, unsigned day)
{
    LONGLONG years = year - 1601, days = years * 365 + years / 4 - years / 100 + years / 400;

    for (unsigned m = 1; m < month; m++)
        days += month_days(year, m);
    return days + day - 1;
}

/* The date days after 1601-01-01 (a Monday); hours and below are left alone. */
static void date_from_days(LONGLONG days, SYSTEMTIME *st)
{
    LONGLONG cycles = days / DAYS_PER_400_YEARS, rest = days % DAYS_PER_400_YEARS;
    LONGLONG centuries = rest / 36524, quads, years;
    unsigned year, month = 1;

    if (centuries == 4)             /* the last day of a cycle */
        centuries = 3;
    rest -= centuries * 36524;
    quads = rest / 1461;
    rest -= quads * 1461;
    years = rest / 365;
    if (years == 4)                 /* the last day of a leap year */
        years = 3;
    rest -= years * 365;
    year = (unsigned)(1601 + cycles * 400 + centuries * 100 + quads * 4 + years);
    while (rest >= month_days(year, month))
        rest -= month_days(year, month++);
    st->wYear = (WORD)year;
    st->wMonth = (WORD)month;
    st->wDay = (WORD)(rest + 1);
    st->wDayOfWeek = (WORD)((days + 1) % 7);
}

/* Windows takes February 29 of any year (it is March 1 in a common year). */
static bool valid_system_time(const SYSTEMTIME *st)
{
    return st->wYear >= 1601 && st->wYear <= MAX_YEAR && st->wMonth >= 1 && st->wMonth <= 12 &&
           st->wDay >= 1 && st->wDay <= month_days(2000, st->wMonth) && st->wHour < 24 &&
           st->wMinute < 60 && st->wSecond < 60 && st->wMilliseconds < 1000;
}

/* A valid SYSTEMTIME as 100 ns ticks since 1601; its day of the week is ignored. */
static LONGLONG ticks_of(const SYSTEMTIME *st)
{
    return days_from_date(st->wYear, st->wMonth, st->wDay) * TICKS_PER_DAY +
           ((st->wHour * 60LL + st->wMinute) * 60 + st->wSecond) * TICKS_PER_SECOND +
           st->wMilliseconds * TICKS_PER_MS;
}

static void system_time_of(LONGLONG ticks, SYSTEMTIME *st)
{
    LONGLONG in_day = ticks % TICKS_PER_DAY;

    date_from_days(ticks / TICKS_PER_DAY, st);
    st->wHour = (WORD)(in_day / (3600 * TICKS_PER_SECOND));
    st->wMinute = (WORD)(in_day / TICKS_PER_MINUTE % 60);
    st->wSecond = (WORD)(in_day / TICKS_PER_SECOND % 60);
    st->wMilliseconds = (WORD)(in_day / TICKS_PER_MS % 1000);
}

BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME *lpSystemTime, LPFILETIME lpFileTime)
{
    if (!lpSystemTime || !lpFileTime) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!valid_system_time(lpSystemTime)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpFileTime = ft_make((ULONGLONG)ticks_of(lpSystemTime));
    return TRUE;
}

/* Windows takes FILETIMEs below 2^63 only. */
BOOL WINAPI FileTimeToSystemTime(const FILETIME *lpFileTime, LPSYSTEMTIME lpSystemTime)
{
    if (!lpFileTime || !lpSystemTime) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (lpFileTime->dwHighDateTime & 0x80000000u) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    system_time_of((LONGLONG)ft_value(lpFileTime), lpSystemTime);
    return TRUE;
}

/* ---- the current time ---- */

static LONGLONG now_ticks(void)
{
    return (LONGLONG)(w32_clock_ns(CLOCK_REALTIME) / 100) + W32_FILETIME_UNIX_EPOCH;
}

/* Windows' precise form reads the same clock at its full resolution. */
void WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime)
{
    if (lpSystemTimeAsFileTime)
        *lpSystemTimeAsFileTime = ft_make((ULONGLONG)now_ticks());
}

void WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime)
{
    if (lpSystemTime)
        system_time_of(now_ticks(), lpSystemTime);
}

/*
 * The local time at the UTC instant t (POSIX seconds), from the C library's
 * zone, which tzset reads again from TZ (or /etc/localtime) each time: a
 * program that changes TZ sees the new zone, as a Windows program sees a
 * zone changed in the control panel. tzset reads the environment, so it
 * runs under the environment lock.
 */
static struct tm local_tm(time_t t)
{
    struct tm tm;

    w32_env_lock();
    tzset();
    if (!localtime_r(&t, &tm)) {
        memset(&tm, 0, sizeof(tm));
        tm.tm_isdst = -1;
    }
    w32_env_unlock();
    return tm;
}

/* Minutes to add to local time to get UTC at the instant t: Windows' bias. */
static LONG bias_at(time_t t)
{
    return (LONG)(-local_tm(t).tm_gmtoff / 60);
}

static LONG current_bias(void)
{
    return bias_at(time(NULL));
}

void WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime)
{
    LONGLONG now = now_ticks();
    time_t secs = (time_t)((now - W32_FILETIME_UNIX_EPOCH) / TICKS_PER_SECOND);

    if (lpSystemTime)
        system_time_of(now - bias_at(secs) * TICKS_PER_MINUTE, lpSystemTime);
}

/*
 * Windows converts with the bias in force now, daylight saving time
 * included, whatever the date converted: a summer file time converted in
 * winter is an hour off, as Windows documents.
 */
static BOOL shift_file_time(const FILETIME *in, LPFILETIME out, LONGLONG minutes)
{
    if (!in || !out) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *out = ft_make(ft_value(in) + (ULONGLONG)(minutes * TICKS_PER_MINUTE));
    return TRUE;
}

BOOL WINAPI FileTimeToLocalFileTime(const FILETIME *lpFileTime, LPFILETIME lpLocalFileTime)
{
    return shift_file_time(lpFileTime, lpLocalFileTime, -(LONGLONG)current_bias());
}

BOOL WINAPI LocalFileTimeToFileTime(const FILETIME *lpLocalFileTime, LPFILETIME lpFileTime)
{
    return shift_file_time(lpLocalFileTime, lpFileTime, current_bias());
}

/* ---- DOS dates: the FAT file system's, in local time, two-second steps ---- */

BOOL WINAPI DosDateTimeToFileTime(WORD wFatDate, WORD wFatTime, LPFILETIME lpFileTime)
{
    SYSTEMTIME st = {
        .wYear = (WORD)(1980 + (wFatDate >> 9)), .wMonth = (WORD)((wFatDate >> 5) & 0xF),
        .wDay = (WORD)(wFatDate & 0x1F), .wHour = (WORD)(wFatTime >> 11),
        .wMinute = (WORD)((wFatTime >> 5) & 0x3F), .wSecond = (WORD)((wFatTime & 0x1F) * 2),
    };

    return SystemTimeToFileTime(&st, lpFileTime);
}

BOOL WINAPI FileTimeToDosDateTime(const FILETIME *lpFileTime, LPWORD lpFatDate, LPWORD lpFatTime)
{
    SYSTEMTIME st;

    if (!lpFileTime) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!lpFatDate || !lpFatTime) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!FileTimeToSystemTime(lpFileTime, &st))
        return FALSE;
    if (st.wYear < 1980 || st.wYear > 2107) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    *lpFatDate = (WORD)(((st.wYear - 1980) << 9) | (st.wMonth << 5) | st.wDay);
    *lpFatTime = (WORD)((st.wHour << 11) | (st.wMinute << 5) | (st.wSecond / 2));
    return TRUE;
}

/* ---- time zones ---- */

/*
 * A transition rule as TIME_ZONE_INFORMATION holds one: with wYear 0, the
 * wDay-th (5: last) wDayOfWeek of wMonth at wHour:wMinute local time; with
 * wYear set, that one date. The ticks of the rule's moment in year.
 */
static LONGLONG rule_ticks(const SYSTEMTIME *rule, unsigned year)
{
    SYSTEMTIME st = *rule;

    if (!rule->wYear) {
        unsigned month = rule->wMonth, first_dow, day;
        LONGLONG first = days_from_date(year, month, 1);

        first_dow = (unsigned)((first + 1) % 7);
        day = 1 + (rule->wDayOfWeek + 7 - first_dow) % 7 + 7 * (rule->wDay - 1u);
        while (day > month_days(year, month))
            day -= 7;
        st.wYear = (WORD)year;
        st.wDay = (WORD)day;
    }
    if (st.wDay < 1 || st.wDay > month_days(st.wYear, st.wMonth))
        st.wDay = (WORD)month_days(st.wYear, st.wMonth);
    st.wHour %= 24;
    st.wMinute %= 60;
    st.wSecond %= 60;
    st.wMilliseconds %= 1000;
    return ticks_of(&st);
}

static bool has_daylight(const TIME_ZONE_INFORMATION *tz)
{
    return tz->StandardDate.wMonth >= 1 && tz->StandardDate.wMonth <= 12 &&
           tz->DaylightDate.wMonth >= 1 && tz->DaylightDate.wMonth <= 12;
}

/*
 * Whether a moment of year is in daylight time. The rules give daylight
 * time's start in standard local time and its end in daylight local time;
 * from_utc says whether utc_or_local is UTC (each rule moves to UTC by its
 * own bias) or local time (compared with the rules as they stand, so the
 * hour a change repeats is daylight time, as on Windows).
 */
static bool is_daylight(const TIME_ZONE_INFORMATION *tz, unsigned year, LONGLONG t,
                        bool from_utc)
{
    LONGLONG start = rule_ticks(&tz->DaylightDate, year);
    LONGLONG end = rule_ticks(&tz->StandardDate, year);

    if (from_utc) {
        start += (tz->Bias + tz->StandardBias) * TICKS_PER_MINUTE;
        end += (tz->Bias + tz->DaylightBias) * TICKS_PER_MINUTE;
    }
    if (start < end)                /* northern hemisphere: summer inside the year */
        return t >= start && t < end;
    return !(t >= end && t < start);
}

static bool valid_rules(const TIME_ZONE_INFORMATION *tz)
{
    return tz->StandardDate.wMonth <= 12 && tz->DaylightDate.wMonth <= 12 &&
           (tz->StandardDate.wYear || tz->StandardDate.wMonth == 0 ||
            (tz->StandardDate.wDay >= 1 && tz->StandardDate.wDay <= 5)) &&
           (tz->DaylightDate.wYear || tz->DaylightDate.wMonth == 0 ||
            (tz->DaylightDate.wDay >= 1 && tz->DaylightDate.wDay <= 5));
}

/* Converts between UTC and tz's local time (to_local) as Windows does. */
static BOOL convert_tz(const TIME_ZONE_INFORMATION *tz, const SYSTEMTIME *in, SYSTEMTIME *out,
                       bool to_local)
{
    TIME_ZONE_INFORMATION current;
    LONGLONG t;
    LONG bias;

    if (!in || !out) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (!tz) {
        if (GetTimeZoneInformation(&current) == TIME_ZONE_ID_INVALID)
            return FALSE;
        tz = &current;
    }
    if (!valid_system_time(in) || !valid_rules(tz)) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    t = ticks_of(in);
    /* Without dates, Windows applies the bias alone, not the standard bias. */
    bias = tz->Bias;
    if (has_daylight(tz)) {
        SYSTEMTIME year;
        /* The year of the local time, which the rules speak of. */
        system_time_of(to_local ? t - bias * TICKS_PER_MINUTE : t, &year);
        bias += is_daylight(tz, year.wYear, t, to_local) ? tz->DaylightBias : tz->StandardBias;
    }
    t += (to_local ? -bias : bias) * TICKS_PER_MINUTE;
    if (t < 0) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    system_time_of(t, out);
    return TRUE;
}

BOOL WINAPI SystemTimeToTzSpecificLocalTime(const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
                                            const SYSTEMTIME *lpUniversalTime,
                                            LPSYSTEMTIME lpLocalTime)
{
    return convert_tz(lpTimeZoneInformation, lpUniversalTime, lpLocalTime, true);
}

BOOL WINAPI TzSpecificLocalTimeToSystemTime(const TIME_ZONE_INFORMATION *lpTimeZoneInformation,
                                            const SYSTEMTIME *lpLocalTime,
                                            LPSYSTEMTIME lpUniversalTime)
{
    return convert_tz(lpTimeZoneInformation, lpLocalTime, lpUniversalTime, false);
}

/* The first instant after lo (at most hi) whose daylight flag differs from lo's. */
static time_t find_change(time_t lo, time_t hi)
{
    int dst = local_tm(lo).tm_isdst > 0;

    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if ((local_tm(mid).tm_isdst > 0) == dst)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The local time of a change at instant t as a yearly rule (wYear 0), in the
 * local time that ends there, as Windows keeps its rules. */
static SYSTEMTIME rule_of_change(time_t t, LONG bias_before)
{
    SYSTEMTIME st;
    unsigned days;

    system_time_of(((LONGLONG)t * TICKS_PER_SECOND) + W32_FILETIME_UNIX_EPOCH -
                   bias_before * TICKS_PER_MINUTE, &st);
    days = month_days(st.wYear, st.wMonth);
    st.wDay = st.wDay + 7u > days ? 5 : (WORD)((st.wDay - 1) / 7 + 1);
    st.wYear = 0;
    return st;
}

/* Daylight-time changes of the year around now: up to two, found by bisection. */
static int year_changes(time_t now, time_t changes[2])
{
    struct tm tm = local_tm(now);
    time_t start, end, t;
    int n = 0;

    tm.tm_mon = 0;
    tm.tm_mday = 1;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    start = mktime(&tm);
    tm.tm_year++;
    tm.tm_isdst = -1;
    end = mktime(&tm);
    if (start == (time_t)-1 || end == (time_t)-1)
        return 0;
    /* Probe each month's start: changes are months apart. */
    for (t = start; n < 2 && t < end;) {
        time_t next = t + 31 * 86400 > end ? end : t + 31 * 86400;
        if ((local_tm(t).tm_isdst > 0) != (local_tm(next).tm_isdst > 0))
            changes[n++] = find_change(t, next);
        t = next;
    }
    return n;
}

static void put_zone_name(WCHAR *out, const char *name)
{
    size_t len = name ? w32_name_to_utf16n(name, strlen(name), NULL) : 0;

    memset(out, 0, 32 * sizeof(WCHAR));
    if (len && len < 32)
        w32_name_to_utf16n(name, strlen(name), out);
}

/*
 * The zone as Windows describes it: the standard bias, and when the zone
 * keeps daylight time this year, its two changes as yearly rules, found in
 * the C library's zone data. The names are the zone's abbreviations.
 */
DWORD WINAPI GetTimeZoneInformation(LPTIME_ZONE_INFORMATION lpTimeZoneInformation)
{
    TIME_ZONE_INFORMATION tz;
    time_t now = time(NULL), changes[2];
    struct tm tm = local_tm(now);
    LONG std_offset = (LONG)tm.tm_gmtoff;
    int n = year_changes(now, changes);

    if (!lpTimeZoneInformation) {
        w32_set_error(ERROR_NOACCESS);
        return TIME_ZONE_ID_INVALID;
    }
    memset(&tz, 0, sizeof(tz));
    if (n == 2) {
        struct tm before = local_tm(changes[0] - 1), after = local_tm(changes[0]);
        LONG dst_offset = (LONG)(before.tm_isdst > 0 ? before.tm_gmtoff : after.tm_gmtoff);
        std_offset = (LONG)(before.tm_isdst > 0 ? after.tm_gmtoff : before.tm_gmtoff);
        tz.DaylightBias = -(dst_offset - std_offset) / 60;
        for (int i = 0; i < 2; i++) {
            bool to_dst = local_tm(changes[i]).tm_isdst > 0;
            LONG bias_before = -(to_dst ? std_offset : dst_offset) / 60;
            *(to_dst ? &tz.DaylightDate : &tz.StandardDate) = rule_of_change(changes[i],
                                                                             bias_before);
        }
    }
    tz.Bias = -std_offset / 60;
    w32_env_lock();
    put_zone_name(tz.StandardName, tzname[0]);
    put_zone_name(tz.DaylightName, tzname[1]);
    w32_env_unlock();
    *lpTimeZoneInformation = tz;
    if (n != 2)
        return TIME_ZONE_ID_UNKNOWN;
    return tm.tm_isdst > 0 ? TIME_ZONE_ID_DAYLIGHT : TIME_ZONE_ID_STANDARD;
}

/* The zone as GetTimeZoneInformation gives it; its key name is the standard name. */
DWORD WINAPI GetDynamicTimeZoneInformation(PDYNAMIC_TIME_ZONE_INFORMATION pTimeZoneInformation)
{
    TIME_ZONE_INFORMATION tz;
    DWORD id;

    if (!pTimeZoneInformation) {
        w32_set_error(ERROR_NOACCESS);
        return TIME_ZONE_ID_INVALID;
    }
    id = GetTimeZoneInformation(&tz);
    memset(pTimeZoneInformation, 0, sizeof(*pTimeZoneInformation));
    memcpy(pTimeZoneInformation, &tz, sizeof(tz));
    memcpy(pTimeZoneInformation->TimeZoneKeyName, tz.StandardName, sizeof(tz.StandardName));
    return id;
}
