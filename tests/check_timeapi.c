/* Calendar time: the zone GetTimeZoneInformation derives must convert as the C library does. */
#include <stdio.h>
#include <time.h>
#include "testutil.h"

/* POSIX zone strings: they need no zone database, so they hold on any machine. */
static const char *const zones[] = {
    "UTC0",
    "CET-1CEST,M3.5.0,M10.5.0/3",       /* central Europe */
    "EST5EDT,M3.2.0,M11.1.0",           /* eastern North America */
    "AEST-10AEDT,M10.1.0,M4.1.0/3",     /* eastern Australia: daylight over new year */
    "IST-5:30",                         /* India: half an hour, no daylight time */
    "NZST-12NZDT,M9.5.0,M4.1.0/3",      /* New Zealand */
    "<-03>3",                           /* a numeric abbreviation */
};

static void use_zone(const char *tz)
{
    ck_assert(SetEnvironmentVariableA("TZ", tz));
}

static SYSTEMTIME utc_of(time_t t)
{
    struct tm tm;
    SYSTEMTIME st = { 0 };

    gmtime_r(&t, &tm);
    st.wYear = (WORD)(tm.tm_year + 1900);
    st.wMonth = (WORD)(tm.tm_mon + 1);
    st.wDay = (WORD)tm.tm_mday;
    st.wHour = (WORD)tm.tm_hour;
    st.wMinute = (WORD)tm.tm_min;
    return st;
}

/* Every 20 minutes of this year, the zone's rules give the C library's local time. */
START_TEST(test_zone_rules_convert_as_the_c_library)
{
    const char *tz = zones[_i];
    TIME_ZONE_INFORMATION info;
    time_t now = time(NULL), start;
    struct tm tm;
    int wrong = 0;

    use_zone(tz);
    ck_assert_uint_ne(GetTimeZoneInformation(&info), TIME_ZONE_ID_INVALID);
    localtime_r(&now, &tm);
    tm.tm_mon = 0;
    tm.tm_mday = 2;             /* away from the year's edges, where last year's rules apply */
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    start = mktime(&tm);
    for (time_t t = start; t < start + 362 * 86400; t += 1200) {
        SYSTEMTIME utc = utc_of(t), local;
        struct tm want;

        localtime_r(&t, &want);
        ck_assert(SystemTimeToTzSpecificLocalTime(&info, &utc, &local));
        if (local.wHour != want.tm_hour || local.wMinute != want.tm_min ||
            local.wDay != want.tm_mday) {
            if (wrong++ < 3)
                fprintf(stderr, "%s: %04d-%02d-%02d %02d:%02d UTC gave %02d:%02d, want %02d:%02d\n",
                        tz, utc.wYear, utc.wMonth, utc.wDay, utc.wHour, utc.wMinute, local.wHour,
                        local.wMinute, want.tm_hour, want.tm_min);
        }
    }
    use_zone(NULL);
    ck_assert_int_eq(wrong, 0);
}
END_TEST

START_TEST(test_zone_id_and_names_follow_the_zone)
{
    TIME_ZONE_INFORMATION info;
    DWORD id;
    char name[64];

    use_zone("IST-5:30");
    id = GetTimeZoneInformation(&info);
    ck_assert_uint_eq(id, TIME_ZONE_ID_UNKNOWN);
    ck_assert_int_eq(info.Bias, -330);
    ck_assert_uint_eq(info.DaylightDate.wMonth, 0);
    WideCharToMultiByte(CP_UTF8, 0, info.StandardName, -1, name, sizeof(name), NULL, NULL);
    ck_assert_str_eq(name, "IST");

    use_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    id = GetTimeZoneInformation(&info);
    ck_assert(id == TIME_ZONE_ID_STANDARD || id == TIME_ZONE_ID_DAYLIGHT);
    ck_assert_int_eq(info.Bias, -60);
    ck_assert_int_eq(info.StandardBias, 0);
    ck_assert_int_eq(info.DaylightBias, -60);
    /* The last Sunday of March at 02:00, of October at 03:00, as Windows keeps them. */
    ck_assert_uint_eq(info.DaylightDate.wMonth, 3);
    ck_assert_uint_eq(info.DaylightDate.wDay, 5);
    ck_assert_uint_eq(info.DaylightDate.wDayOfWeek, 0);
    ck_assert_uint_eq(info.DaylightDate.wHour, 2);
    ck_assert_uint_eq(info.StandardDate.wMonth, 10);
    ck_assert_uint_eq(info.StandardDate.wDay, 5);
    ck_assert_uint_eq(info.StandardDate.wHour, 3);
    ck_assert_uint_eq(info.StandardDate.wYear, 0);
    WideCharToMultiByte(CP_UTF8, 0, info.DaylightName, -1, name, sizeof(name), NULL, NULL);
    ck_assert_str_eq(name, "CEST");
    use_zone(NULL);
}
END_TEST

/* A change of TZ is seen by the next call, as Windows sees a new zone. */
START_TEST(test_local_time_follows_tz)
{
    FILETIME utc = { 0, 0x01d00000 }, local;

    use_zone("UTC0");
    ck_assert(FileTimeToLocalFileTime(&utc, &local));
    ck_assert_uint_eq(local.dwHighDateTime, utc.dwHighDateTime);
    ck_assert_uint_eq(local.dwLowDateTime, utc.dwLowDateTime);
    use_zone("IST-5:30");
    ck_assert(FileTimeToLocalFileTime(&utc, &local));
    ck_assert_uint_eq(((ULONGLONG)local.dwHighDateTime << 32 | local.dwLowDateTime) -
                      ((ULONGLONG)utc.dwHighDateTime << 32 | utc.dwLowDateTime),
                      330ULL * 600000000);
    use_zone(NULL);
}
END_TEST

START_TEST(test_null_pointers_fail_with_noaccess)
{
    SYSTEMTIME st = { 2000, 1, 0, 1, 0, 0, 0, 0 };
    FILETIME ft = { 0, 0 };

    SetLastError(0);
    ck_assert(!SystemTimeToFileTime(&st, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!FileTimeToSystemTime(NULL, &st));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!FileTimeToLocalFileTime(&ft, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert_uint_eq(GetTimeZoneInformation(NULL), TIME_ZONE_ID_INVALID);
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    SetLastError(0);
    ck_assert(!SystemTimeToTzSpecificLocalTime(NULL, &st, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_NOACCESS);
    GetSystemTime(NULL);
    GetLocalTime(NULL);
    GetSystemTimePreciseAsFileTime(NULL);
}
END_TEST

static Suite *timeapi_suite(void)
{
    Suite *s = suite_create("timeapi");
    TCase *tc = tcase_create("zones");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_zone_rules_convert_as_the_c_library, 0,
                        sizeof(zones) / sizeof(zones[0]));
    tcase_add_test(tc, test_zone_id_and_names_follow_the_zone);
    tcase_add_test(tc, test_local_time_follows_tz);
    tcase_add_test(tc, test_null_pointers_fail_with_noaccess);
    suite_add_tcase(s, tc);
    return s;
}

W32_TEST_MAIN(timeapi_suite)
