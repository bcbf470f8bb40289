/* Conformance: calendar time: SYSTEMTIME and FILETIME, local time, time zones, DOS dates. */
#include "conformance.h"

#define TICKS_PER_MINUTE 600000000LL

static ULONGLONG ft64(FILETIME ft)
{
    return ((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

static FILETIME make_ft(ULONGLONG v)
{
    FILETIME ft;

    ft.dwLowDateTime = (DWORD)v;
    ft.dwHighDateTime = (DWORD)(v >> 32);
    return ft;
}

static SYSTEMTIME make_st(int y, int mo, int d, int h, int mi, int s, int ms)
{
    SYSTEMTIME st;

    memset(&st, 0, sizeof(st));
    st.wYear = (WORD)y;
    st.wMonth = (WORD)mo;
    st.wDay = (WORD)d;
    st.wHour = (WORD)h;
    st.wMinute = (WORD)mi;
    st.wSecond = (WORD)s;
    st.wMilliseconds = (WORD)ms;
    return st;
}

static int same_time(const SYSTEMTIME *a, const SYSTEMTIME *b)
{
    return a->wYear == b->wYear && a->wMonth == b->wMonth && a->wDay == b->wDay &&
           a->wHour == b->wHour && a->wMinute == b->wMinute && a->wSecond == b->wSecond &&
           a->wMilliseconds == b->wMilliseconds;
}

static void test_known_dates(void)
{
    static const struct {
        int y, mo, d, h, mi, s, ms, dow;
        ULONGLONG ticks;
    } dates[] = {
        { 1601, 1, 1, 0, 0, 0, 0, 1, 0 },
        { 1980, 1, 1, 0, 0, 0, 0, 2, 0x01a8e79fe1d58000ULL },
        { 2002, 7, 26, 11, 55, 32, 123, 5, 0x01c2349b580716b0ULL },
        { 2000, 2, 29, 23, 59, 59, 999, 2, 0x01bf8311163618f0ULL },
        { 2100, 3, 1, 0, 0, 0, 0, 1, 0x022f9fc03dc34000ULL },
    };
    SYSTEMTIME st, back;
    FILETIME ft;

    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
        st = make_st(dates[i].y, dates[i].mo, dates[i].d, dates[i].h, dates[i].mi, dates[i].s,
                     dates[i].ms);
        st.wDayOfWeek = 6;      /* ignored on input */
        ok(SystemTimeToFileTime(&st, &ft) && ft64(ft) == dates[i].ticks,
           "%04d-%02d-%02d converts to its FILETIME", dates[i].y, dates[i].mo, dates[i].d);
        memset(&back, 0xcc, sizeof(back));
        ok(FileTimeToSystemTime(&ft, &back) && same_time(&back, &st) &&
           back.wDayOfWeek == dates[i].dow,
           "%04d-%02d-%02d comes back with day of week %d (got %d)", dates[i].y, dates[i].mo,
           dates[i].d, dates[i].dow, back.wDayOfWeek);
    }
}

static void test_round_trips(void)
{
    SYSTEMTIME st, back;
    FILETIME ft;
    int failures = 0;

    /* Every day from 1895 to 2105, one at a time: leap years and centuries. */
    st = make_st(1895, 1, 1, 13, 14, 15, 16);
    SystemTimeToFileTime(&st, &ft);
    for (int day = 0; day < 211 * 366; day++) {
        FILETIME next = make_ft(ft64(ft) + 864000000000ULL * day), again;
        if (!FileTimeToSystemTime(&next, &back) || !SystemTimeToFileTime(&back, &again) ||
            ft64(again) != ft64(next) || back.wHour != 13 || back.wMilliseconds != 16)
            failures++;
    }
    ok(failures == 0, "every day of two centuries converts both ways (%d failures)", failures);

    st = make_st(2023, 12, 31, 23, 59, 59, 999);
    SystemTimeToFileTime(&st, &ft);
    ft = make_ft(ft64(ft) + 10000);
    ok(FileTimeToSystemTime(&ft, &back) && back.wYear == 2024 && back.wMonth == 1 &&
       back.wDay == 1 && back.wHour == 0 && back.wMilliseconds == 0 && back.wDayOfWeek == 1,
       "one millisecond after the last one of 2023 is 2024-01-01, a Monday");
}

static void test_invalid_system_times(void)
{
    static const struct {
        int y, mo, d, h, mi, s, ms;
        const char *what;
    } bad[] = {
        { 1600, 12, 31, 23, 59, 59, 999, "a year before 1601" },
        { 2000, 0, 1, 0, 0, 0, 0, "month 0" },
        { 2000, 13, 1, 0, 0, 0, 0, "month 13" },
        { 2000, 1, 0, 0, 0, 0, 0, "day 0" },
        { 2000, 4, 31, 0, 0, 0, 0, "April 31" },
        { 2001, 2, 30, 0, 0, 0, 0, "February 30" },
        { 2000, 1, 1, 24, 0, 0, 0, "hour 24" },
        { 2000, 1, 1, 0, 60, 0, 0, "minute 60" },
        { 2000, 1, 1, 0, 0, 60, 0, "second 60" },
        { 2000, 1, 1, 0, 0, 0, 1000, "millisecond 1000" },
    };
    SYSTEMTIME st;
    FILETIME ft;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        st = make_st(bad[i].y, bad[i].mo, bad[i].d, bad[i].h, bad[i].mi, bad[i].s, bad[i].ms);
        ft = make_ft(0x1234);
        SetLastError(0xdeadbeef);
        ok(!SystemTimeToFileTime(&st, &ft) && GetLastError() == ERROR_INVALID_PARAMETER &&
           ft64(ft) == 0x1234, "%s fails with ERROR_INVALID_PARAMETER", bad[i].what);
    }
    st = make_st(2000, 2, 29, 0, 0, 0, 0);
    ok(SystemTimeToFileTime(&st, &ft), "February 29 of 2000 is valid");
    /* Windows checks February against the leap-year length whatever the year. */
    st = make_st(2001, 2, 29, 0, 0, 0, 0);
    ok(SystemTimeToFileTime(&st, &ft) && FileTimeToSystemTime(&ft, &st) && st.wMonth == 3 &&
       st.wDay == 1, "February 29 of a common year is March 1");
}

static void test_file_time_limits(void)
{
    SYSTEMTIME st;
    FILETIME ft = make_ft(0x7fffffffffffffffULL);

    memset(&st, 0, sizeof(st));

    ok(FileTimeToSystemTime(&ft, &st) && st.wYear == 30828 && st.wMonth == 9 && st.wDay == 14 &&
       st.wHour == 2 && st.wMinute == 48 && st.wSecond == 5 && st.wMilliseconds == 477,
       "the largest FILETIME is 30828-09-14 02:48:05.477 (got %d-%d-%d)", st.wYear, st.wMonth,
       st.wDay);
    ft = make_ft(0x8000000000000000ULL);
    SetLastError(0xdeadbeef);
    ok(!FileTimeToSystemTime(&ft, &st) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a FILETIME of 2^63 fails with ERROR_INVALID_PARAMETER");
    ft = make_ft(~0ULL);
    SetLastError(0xdeadbeef);
    ok(!FileTimeToSystemTime(&ft, &st) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a FILETIME of all ones fails with ERROR_INVALID_PARAMETER");
}

/* GetSystemTime agrees with GetSystemTimeAsFileTime read around it. */
static void test_system_time(void)
{
    FILETIME before, after, mid, precise;
    SYSTEMTIME st;

    GetSystemTimeAsFileTime(&before);
    GetSystemTime(&st);
    GetSystemTimeAsFileTime(&after);
    ok(SystemTimeToFileTime(&st, &mid), "GetSystemTime gives a valid SYSTEMTIME");
    /* GetSystemTime has millisecond resolution: it may read below 'before' by less than 1 ms. */
    ok(ft64(mid) + 10000 > ft64(before) && ft64(mid) <= ft64(after),
       "GetSystemTime lies between two GetSystemTimeAsFileTime calls");

    GetSystemTimeAsFileTime(&before);
    GetSystemTimePreciseAsFileTime(&precise);
    ok(ft64(precise) >= ft64(before),
       "GetSystemTimePreciseAsFileTime is not behind GetSystemTimeAsFileTime read before it");
}

/* The minutes from a UTC SYSTEMTIME to a local one. */
static LONGLONG minutes_between(const SYSTEMTIME *utc, const SYSTEMTIME *local)
{
    FILETIME a, b;

    SystemTimeToFileTime(utc, &a);
    SystemTimeToFileTime(local, &b);
    return ((LONGLONG)ft64(a) - (LONGLONG)ft64(b)) / TICKS_PER_MINUTE;
}

static LONG current_bias(const TIME_ZONE_INFORMATION *tz, DWORD id)
{
    return tz->Bias + (id == TIME_ZONE_ID_DAYLIGHT ? tz->DaylightBias
                       : id == TIME_ZONE_ID_STANDARD ? tz->StandardBias : 0);
}

static void test_time_zone(void)
{
    TIME_ZONE_INFORMATION tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    SYSTEMTIME utc, local, utc2;
    FILETIME ft, lft, back;
    DWORD id;
    LONGLONG diff;
    int tries = 0;

    memset(&tz, 0xcc, sizeof(tz));
    id = GetTimeZoneInformation(&tz);
    ok(id == TIME_ZONE_ID_UNKNOWN || id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT,
       "GetTimeZoneInformation gives a zone id (%lu)", (unsigned long)id);
    ok(tz.Bias > -24 * 60 && tz.Bias < 24 * 60, "the bias is less than a day (%ld)",
       (long)tz.Bias);
    ok(lstrlenW(tz.StandardName) < 32 && lstrlenW(tz.DaylightName) < 32,
       "the zone's names are terminated");
    ok(id != TIME_ZONE_ID_UNKNOWN || tz.DaylightDate.wMonth == 0,
       "a zone without daylight time has no daylight date");
    ok(id == TIME_ZONE_ID_UNKNOWN || (tz.DaylightDate.wMonth >= 1 && tz.DaylightDate.wMonth <= 12 &&
                                      tz.StandardDate.wMonth >= 1 && tz.StandardDate.wMonth <= 12),
       "a zone with daylight time has both dates");

    /* Local time is UTC less the bias in force (unless a minute turned over between). */
    do {
        GetSystemTime(&utc);
        GetLocalTime(&local);
        GetSystemTime(&utc2);
    } while (utc.wMinute != utc2.wMinute && ++tries < 5);
    local.wSecond = utc.wSecond;
    local.wMilliseconds = utc.wMilliseconds;
    diff = minutes_between(&utc, &local);
    ok(diff == current_bias(&tz, id), "UTC - local time is the bias (%ld, bias %ld)",
       (long)diff, (long)current_bias(&tz, id));

    SystemTimeToFileTime(&utc, &ft);
    ok(FileTimeToLocalFileTime(&ft, &lft), "FileTimeToLocalFileTime succeeds");
    ok(((LONGLONG)ft64(ft) - (LONGLONG)ft64(lft)) / TICKS_PER_MINUTE == current_bias(&tz, id),
       "FileTimeToLocalFileTime subtracts the current bias");
    ok(LocalFileTimeToFileTime(&lft, &back) && ft64(back) == ft64(ft),
       "LocalFileTimeToFileTime undoes it");
    ok(SystemTimeToTzSpecificLocalTime(NULL, &utc, &local) &&
       minutes_between(&utc, &local) == current_bias(&tz, id),
       "SystemTimeToTzSpecificLocalTime(NULL) converts now with the current zone");

    memset(&dtz, 0xcc, sizeof(dtz));
    ok(GetDynamicTimeZoneInformation(&dtz) == id && dtz.Bias == tz.Bias &&
       dtz.DaylightBias == tz.DaylightBias && dtz.TimeZoneKeyName[0] != 0,
       "GetDynamicTimeZoneInformation agrees and names the zone");
}

/* A zone with daylight time from rule `on` to rule `off` (month, week, hour). */
static TIME_ZONE_INFORMATION zone(LONG bias, int on_month, int on_week, int on_hour,
                                  int off_month, int off_week, int off_hour)
{
    TIME_ZONE_INFORMATION tz;

    memset(&tz, 0, sizeof(tz));
    tz.Bias = bias;
    tz.DaylightBias = -60;
    tz.DaylightDate = make_st(0, on_month, on_week, on_hour, 0, 0, 0);
    tz.StandardDate = make_st(0, off_month, off_week, off_hour, 0, 0, 0);
    return tz;
}

/* Converts in with tz (to local time, or to UTC) and checks the result is expect. */
static void check_tz(const TIME_ZONE_INFORMATION *tz, int to_local, SYSTEMTIME in,
                     SYSTEMTIME expect, const char *what)
{
    SYSTEMTIME got;
    BOOL ret;

    memset(&got, 0, sizeof(got));
    ret = to_local ? SystemTimeToTzSpecificLocalTime(tz, &in, &got)
                   : TzSpecificLocalTimeToSystemTime(tz, &in, &got);
    ok(ret && same_time(&got, &expect), "%s: %s (got %d-%02d-%02d %02d:%02d)",
       to_local ? "to local" : "to UTC", what, got.wYear, got.wMonth, got.wDay, got.wHour,
       got.wMinute);
}

#define check_to_local(tz, in, expect, what) check_tz(tz, 1, in, expect, what)
#define check_to_utc(tz, in, expect, what) check_tz(tz, 0, in, expect, what)

static void test_tz_specific(void)
{
    /* Central Europe's rules: daylight time from the last Sunday of March,
     * 02:00, to the last Sunday of October, 03:00; eastern Australia's: from
     * the first Sunday of October, 02:00, to the first Sunday of April, 03:00. */
    TIME_ZONE_INFORMATION eu = zone(-60, 3, 5, 2, 10, 5, 3), au = zone(-600, 10, 1, 2, 4, 1, 3);
    TIME_ZONE_INFORMATION fixed;
    SYSTEMTIME when, out;

    /* 2021: March 28 and October 31 are the last Sundays. */
    check_to_local(&eu, make_st(2021, 3, 28, 0, 59, 0, 0), make_st(2021, 3, 28, 1, 59, 0, 0),
                   "a minute before daylight time");
    check_to_local(&eu, make_st(2021, 3, 28, 1, 0, 0, 0), make_st(2021, 3, 28, 3, 0, 0, 0),
                   "daylight time starts at 02:00 local");
    check_to_local(&eu, make_st(2021, 10, 31, 0, 59, 0, 0), make_st(2021, 10, 31, 2, 59, 0, 0),
                   "the last minute of daylight time");
    check_to_local(&eu, make_st(2021, 10, 31, 1, 0, 0, 0), make_st(2021, 10, 31, 2, 0, 0, 0),
                   "standard time again at 03:00 daylight time");
    check_to_local(&eu, make_st(2021, 12, 31, 23, 30, 0, 0), make_st(2022, 1, 1, 0, 30, 0, 0),
                   "into the next year");
    check_to_utc(&eu, make_st(2021, 3, 28, 1, 59, 0, 0), make_st(2021, 3, 28, 0, 59, 0, 0),
                 "local standard time before the change");
    check_to_utc(&eu, make_st(2021, 3, 28, 3, 0, 0, 0), make_st(2021, 3, 28, 1, 0, 0, 0),
                 "local daylight time after the change");
    check_to_utc(&eu, make_st(2021, 10, 31, 2, 30, 0, 0), make_st(2021, 10, 31, 0, 30, 0, 0),
                 "the repeated hour counts as daylight time");
    check_to_utc(&eu, make_st(2021, 10, 31, 3, 0, 0, 0), make_st(2021, 10, 31, 2, 0, 0, 0),
                 "standard time from 03:00");
    /* 2015: March 29 is the last Sunday, a fifth one. */
    check_to_local(&eu, make_st(2015, 3, 29, 1, 0, 0, 0), make_st(2015, 3, 29, 3, 0, 0, 0),
                   "week 5 is the fifth Sunday when there is one");
    /* 2022: the last Sunday of March is the 27th (a fourth one). */
    check_to_local(&eu, make_st(2022, 3, 27, 1, 0, 0, 0), make_st(2022, 3, 27, 3, 0, 0, 0),
                   "week 5 is the fourth Sunday when there is no fifth");

    /* 2021: April 4 and October 3 are the first Sundays. */
    check_to_local(&au, make_st(2021, 1, 15, 12, 0, 0, 0), make_st(2021, 1, 15, 23, 0, 0, 0),
                   "southern summer is daylight time");
    check_to_local(&au, make_st(2021, 7, 15, 12, 0, 0, 0), make_st(2021, 7, 15, 22, 0, 0, 0),
                   "southern winter is standard time");
    check_to_local(&au, make_st(2021, 4, 3, 15, 59, 0, 0), make_st(2021, 4, 4, 2, 59, 0, 0),
                   "the last minute of southern daylight time");
    check_to_local(&au, make_st(2021, 4, 3, 16, 0, 0, 0), make_st(2021, 4, 4, 2, 0, 0, 0),
                   "southern standard time from 03:00 daylight time");
    check_to_local(&au, make_st(2021, 10, 2, 16, 0, 0, 0), make_st(2021, 10, 3, 3, 0, 0, 0),
                   "southern daylight time from 02:00 standard time");
    check_to_utc(&au, make_st(2021, 7, 15, 22, 0, 0, 0), make_st(2021, 7, 15, 12, 0, 0, 0),
                 "southern winter back to UTC");

    memset(&fixed, 0, sizeof(fixed));
    fixed.Bias = 330;
    fixed.StandardBias = 15;
    fixed.DaylightBias = -60;
    check_to_local(&fixed, make_st(2021, 7, 1, 12, 0, 0, 0), make_st(2021, 7, 1, 6, 30, 0, 0),
                   "a zone without dates applies the bias alone");
    check_to_utc(&fixed, make_st(2021, 7, 1, 6, 30, 0, 0), make_st(2021, 7, 1, 12, 0, 0, 0),
                 "and back");

    when = make_st(2021, 7, 1, 12, 0, 0, 0);
    eu.StandardDate.wDay = 0;
    SetLastError(0xdeadbeef);
    ok(!SystemTimeToTzSpecificLocalTime(&eu, &when, &out) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a rule of week 0 fails");
    eu.StandardDate.wDay = 6;
    SetLastError(0xdeadbeef);
    ok(!TzSpecificLocalTimeToSystemTime(&eu, &when, &out) &&
       GetLastError() == ERROR_INVALID_PARAMETER, "a rule of week 6 fails");
}

static void test_dos_dates(void)
{
    FILETIME ft;
    WORD date = 0, time = 0;
    SYSTEMTIME st;

    /* 1980-01-01 00:00:00 */
    ok(DosDateTimeToFileTime((0 << 9) | (1 << 5) | 1, 0, &ft) &&
       ft64(ft) == 0x01a8e79fe1d58000ULL, "DOS date 1980-01-01 is that day's FILETIME");
    st = make_st(2019, 6, 15, 13, 45, 31, 500);
    SystemTimeToFileTime(&st, &ft);
    ok(FileTimeToDosDateTime(&ft, &date, &time) &&
       date == (WORD)(((2019 - 1980) << 9) | (6 << 5) | 15) &&
       time == (WORD)((13 << 11) | (45 << 5) | 15), "FileTimeToDosDateTime keeps two-second steps");
    ok(DosDateTimeToFileTime(date, time, &ft) && FileTimeToSystemTime(&ft, &st) &&
       st.wSecond == 30 && st.wMilliseconds == 0 && st.wHour == 13,
       "and DosDateTimeToFileTime reads them back");
    ft = make_ft(0);
    SetLastError(0xdeadbeef);
    ok(!FileTimeToDosDateTime(&ft, &date, &time) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a time before 1980 fails with ERROR_INVALID_PARAMETER");
    SystemTimeToFileTime(&st, &ft);
    SetLastError(0xdeadbeef);
    ok(!FileTimeToDosDateTime(&ft, NULL, &time) && GetLastError() == ERROR_INVALID_PARAMETER,
       "a NULL date fails with ERROR_INVALID_PARAMETER");
}

CONFORMANCE_MAIN(test_known_dates, test_round_trips, test_invalid_system_times,
                 test_file_time_limits, test_system_time, test_time_zone, test_tz_specific,
                 test_dos_dates)
