/*
 * Conformance: VerifyVersionInfoA/W, VerSetConditionMask and versionhelpers.h.
 * Sources: MS docs of VerifyVersionInfo ("ERROR_OLD_WIN_VERSION" when the
 * system does not meet the requirements) and VerSetConditionMask; Wine's
 * dlls/kernel32/tests/version.c, whose table records how Windows combines the
 * conditions of the major, minor and service pack numbers.
 */
#include "conformance.h"

#include <versionhelpers.h>

enum change { SAME, ZERO, INC_MINOR, INC_SP_MINOR, INC_SP_MAJOR, DEC_SP_MAJOR, DEC_MAJOR,
              INC_BUILD, DEC_MINOR };

static OSVERSIONINFOEXA current(void)
{
    OSVERSIONINFOEXA info;

    memset(&info, 0, sizeof(info));
    info.dwOSVersionInfoSize = sizeof(info);
    ok(GetVersionExA((OSVERSIONINFOA *)&info), "GetVersionExA");
    return info;
}

static OSVERSIONINFOEXA changed(enum change how)
{
    OSVERSIONINFOEXA info = current();

    switch (how) {
    case ZERO: memset(&info, 0, sizeof(info)); break;
    case INC_MINOR: info.dwMinorVersion++; break;
    case DEC_MINOR: info.dwMinorVersion--; break;
    case INC_SP_MINOR: info.wServicePackMinor++; break;
    case INC_SP_MAJOR: info.wServicePackMajor++; break;
    case DEC_SP_MAJOR: info.wServicePackMajor--; break;
    case DEC_MAJOR: info.dwMajorVersion--; break;
    case INC_BUILD: info.dwBuildNumber++; break;
    case SAME: break;
    }
    return info;
}

/* Whether VerifyVersionInfo answers for the version GetVersionEx reports (Windows 8.1 and
 * later fake both alike; an implementation may fake only GetVersionEx). */
static int verify_uses_reported_version(void)
{
#ifdef CONFORMANCE_NATIVE
    typedef LONG(WINAPI * rtl_get_version_fn)(OSVERSIONINFOEXW *);
    rtl_get_version_fn get = (rtl_get_version_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    OSVERSIONINFOEXA info = current();
    OSVERSIONINFOEXW rtl;

    memset(&rtl, 0, sizeof(rtl));
    rtl.dwOSVersionInfoSize = sizeof(rtl);
    if (get && !get(&rtl) && (rtl.dwMajorVersion != info.dwMajorVersion ||
                              rtl.dwMinorVersion != info.dwMinorVersion)) {
        ULONGLONG mask = VerSetConditionMask(VerSetConditionMask(0, VER_MAJORVERSION, VER_EQUAL),
                                             VER_MINORVERSION, VER_EQUAL);
        return VerifyVersionInfoA(&info, VER_MAJORVERSION | VER_MINORVERSION, mask);
    }
#endif
    return 1;
}

static void test_condition_mask(void)
{
    ok(VerSetConditionMask(0, VER_MINORVERSION, VER_EQUAL) == 1, "minor in bits 0-2");
    ok(VerSetConditionMask(0, VER_MAJORVERSION, VER_LESS) == 4 << 3, "major in bits 3-5");
    ok(VerSetConditionMask(0, VER_BUILDNUMBER, VER_GREATER) == 2 << 6, "build in bits 6-8");
    ok(VerSetConditionMask(0, VER_PLATFORMID, VER_EQUAL) == 1 << 9, "platform in bits 9-11");
    ok(VerSetConditionMask(0, VER_SERVICEPACKMINOR, VER_EQUAL) == 1 << 12, "sp minor 12-14");
    ok(VerSetConditionMask(0, VER_SERVICEPACKMAJOR, VER_EQUAL) == 1 << 15, "sp major 15-17");
    ok(VerSetConditionMask(0, VER_SUITENAME, VER_AND) == 6 << 18, "suite in bits 18-20");
    ok(VerSetConditionMask(0, VER_PRODUCT_TYPE, VER_OR) == 7 << 21, "product in bits 21-23");
    ok(VerSetConditionMask(0, VER_MAJORVERSION | VER_MINORVERSION, VER_LESS) == 0x20,
       "two types: only the higher one");
    ok(VerSetConditionMask(0xff, 0, VER_EQUAL) == 0xff, "no type: the mask unchanged");
    ok(VerSetConditionMask(0xff, VER_PRODUCT_TYPE, 0) == 0xff, "no condition: unchanged");
    ok(VerSetConditionMask(1, VER_PRODUCT_TYPE, 0xff) == 0xe00001, "the condition is 3 bits");
    ok(VerSetConditionMask(VerSetConditionMask(0, VER_MINORVERSION, VER_GREATER),
                           VER_MINORVERSION, VER_EQUAL) == 3, "conditions are or-ed");
    ok(VerSetConditionMask(0, 0x100, VER_EQUAL) == 0, "an unknown type: unchanged");
    {
        ULONGLONG m = 0;

        VER_SET_CONDITION(m, VER_MAJORVERSION, VER_GREATER_EQUAL);
        ok(m == 3 << 3, "VER_SET_CONDITION");
    }
}

static void test_errors(void)
{
    OSVERSIONINFOEXA info = current();
    OSVERSIONINFOEXW infoW;
    ULONGLONG mask = VerSetConditionMask(0, VER_MAJORVERSION, VER_EQUAL);

    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, 0, mask) && GetLastError() == ERROR_BAD_ARGUMENTS,
       "no type: ERROR_BAD_ARGUMENTS");
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_MAJORVERSION, 0) && GetLastError() == ERROR_BAD_ARGUMENTS,
       "no condition: ERROR_BAD_ARGUMENTS");
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_SUITENAME,
                           VerSetConditionMask(0, VER_SUITENAME, VER_EQUAL)) &&
           GetLastError() == ERROR_BAD_ARGUMENTS, "suite with VER_EQUAL: ERROR_BAD_ARGUMENTS");
    if (!verify_uses_reported_version())
        return;
    SetLastError(0xdeadbeef);
    ok(VerifyVersionInfoA(&info, VER_MAJORVERSION, mask) && GetLastError() == 0xdeadbeef,
       "success leaves the last error");
    info.dwMajorVersion++;
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_MAJORVERSION, mask) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "mismatch: ERROR_OLD_WIN_VERSION");

    memset(&infoW, 0, sizeof(infoW));
    infoW.dwOSVersionInfoSize = sizeof(infoW);
    ok(GetVersionExW((OSVERSIONINFOW *)&infoW), "GetVersionExW");
    ok(VerifyVersionInfoW(&infoW, VER_MAJORVERSION | VER_MINORVERSION | VER_BUILDNUMBER |
                                      VER_PLATFORMID | VER_PRODUCT_TYPE,
                          VerSetConditionMask(
                              VerSetConditionMask(
                                  VerSetConditionMask(
                                      VerSetConditionMask(
                                          VerSetConditionMask(0, VER_MAJORVERSION, VER_EQUAL),
                                          VER_MINORVERSION, VER_EQUAL),
                                      VER_BUILDNUMBER, VER_EQUAL),
                                  VER_PLATFORMID, VER_EQUAL),
                              VER_PRODUCT_TYPE, VER_EQUAL)),
       "W: the reported version equals itself");
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&infoW, 0, mask) && GetLastError() == ERROR_BAD_ARGUMENTS,
       "W no type: ERROR_BAD_ARGUMENTS");
    infoW.dwBuildNumber++;
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&infoW, VER_BUILDNUMBER,
                           VerSetConditionMask(0, VER_BUILDNUMBER, VER_GREATER_EQUAL)) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "W a later build: ERROR_OLD_WIN_VERSION");
    ok(VerifyVersionInfoW(&infoW, VER_BUILDNUMBER,
                          VerSetConditionMask(0, VER_BUILDNUMBER, VER_LESS)), "W build VER_LESS");
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoW(&infoW, VER_BUILDNUMBER | VER_MINORVERSION,
                           VerSetConditionMask(0, VER_MINORVERSION, VER_EQUAL)) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "a type without condition never holds");
}

#define ALL_VERSION (VER_MAJORVERSION | VER_MINORVERSION | VER_SERVICEPACKMAJOR | VER_SERVICEPACKMINOR)
#define MIN_SP (VER_MINORVERSION | VER_SERVICEPACKMAJOR | VER_SERVICEPACKMINOR)

/* The combinations Wine's tests check on Windows. */
static void test_version_table(void)
{
    static const struct {
        DWORD type;
        enum change how;
        DWORD error;
        DWORD t[4];
        BYTE c[4];
    } cases[] = {
        { ALL_VERSION, INC_MINOR, 0, { VER_MAJORVERSION, VER_MINORVERSION }, { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_MINOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_MINORVERSION },
          { VER_GREATER_EQUAL, VER_LESS } },
        { ALL_VERSION, SAME, 0, { VER_MAJORVERSION, VER_MINORVERSION }, { VER_GREATER_EQUAL, VER_LESS } },
        { ALL_VERSION, SAME, 0, { VER_MAJORVERSION, VER_MINORVERSION }, { VER_GREATER_EQUAL, VER_AND } },
        { ALL_VERSION, INC_MINOR, 0, { VER_MAJORVERSION, VER_MINORVERSION }, { VER_LESS_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_MINOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_MINORVERSION },
          { VER_AND, VER_LESS } },
        { ALL_VERSION, INC_MINOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_MINORVERSION },
          { VER_OR, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_EQUAL, VER_EQUAL } },
        { VER_SERVICEPACKMAJOR | VER_SERVICEPACKMINOR, INC_SP_MINOR, 0,
          { VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR }, { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, ERROR_OLD_WIN_VERSION,
          { VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR }, { VER_EQUAL, VER_LESS } },
        { MIN_SP, INC_SP_MINOR, 0, { VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, ERROR_OLD_WIN_VERSION,
          { VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, 0,
          { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MINOR, ERROR_OLD_WIN_VERSION,
          { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR, VER_SERVICEPACKMINOR },
          { VER_EQUAL, VER_GREATER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, 0, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_LESS_EQUAL, VER_GREATER } },
        { MIN_SP, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION, VER_SERVICEPACKMAJOR },
          { VER_EQUAL, VER_LESS } },
        { VER_MAJORVERSION | VER_SERVICEPACKMAJOR | VER_SERVICEPACKMINOR, INC_SP_MAJOR, 0,
          { VER_MAJORVERSION, VER_SERVICEPACKMAJOR }, { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, 0, { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR },
          { VER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_LESS } },
        { ALL_VERSION, DEC_MAJOR, 0, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_LESS } },
        { ALL_VERSION, SAME, 0, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION,
          { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_EQUAL, VER_LESS } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION,
          { VER_MAJORVERSION, VER_MINORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_GREATER_EQUAL, VER_LESS_EQUAL } },
        { ALL_VERSION, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MAJORVERSION, VER_SERVICEPACKMAJOR },
          { VER_GREATER_EQUAL, VER_AND } },
        { VER_MAJORVERSION | VER_MINORVERSION, ZERO, 0, { VER_MAJORVERSION }, { VER_GREATER_EQUAL } },
        { VER_MAJORVERSION | VER_MINORVERSION | VER_BUILDNUMBER, ZERO, ERROR_OLD_WIN_VERSION,
          { VER_MAJORVERSION }, { VER_GREATER_EQUAL } },
        { VER_SUITENAME, ZERO, 0, { VER_SUITENAME }, { VER_AND } },
        { VER_SUITENAME, ZERO, 0, { VER_SUITENAME }, { VER_OR } },
        { MIN_SP, INC_SP_MINOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { MIN_SP, INC_SP_MAJOR, 0, { VER_MINORVERSION }, { VER_LESS } },
        { MIN_SP, INC_SP_MAJOR, 0, { VER_MINORVERSION }, { VER_LESS_EQUAL } },
        { MIN_SP, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_EQUAL } },
        { MIN_SP, INC_SP_MAJOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { MIN_SP, INC_MINOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { ALL_VERSION, INC_MINOR, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { MIN_SP, SAME, 0, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { ALL_VERSION, INC_BUILD, ERROR_OLD_WIN_VERSION, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        { MIN_SP, INC_BUILD, 0, { VER_MINORVERSION }, { VER_GREATER_EQUAL } },
        /* Not in Wine's table: a lower minor version passes VER_GREATER_EQUAL. */
        { VER_MAJORVERSION | VER_MINORVERSION, DEC_MINOR, 0,
          { VER_MAJORVERSION, VER_MINORVERSION }, { VER_GREATER_EQUAL, VER_GREATER_EQUAL } },
        { VER_MAJORVERSION | VER_MINORVERSION, DEC_MINOR, ERROR_OLD_WIN_VERSION,
          { VER_MAJORVERSION, VER_MINORVERSION }, { VER_EQUAL, VER_LESS_EQUAL } },
    };

    if (!verify_uses_reported_version())
        return;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        OSVERSIONINFOEXA info = changed(cases[i].how);
        ULONGLONG mask = 0;
        BOOL ret;

        for (int j = 0; j < 4 && cases[i].t[j]; j++)
            mask = VerSetConditionMask(mask, cases[i].t[j], cases[i].c[j]);
        SetLastError(0xdeadbeef);
        ret = VerifyVersionInfoA(&info, cases[i].type, mask);
        if (cases[i].error)
            ok(!ret && GetLastError() == cases[i].error, "case %u: %d, error %lu", i, ret,
               (unsigned long)GetLastError());
        else
            ok(ret && GetLastError() == 0xdeadbeef, "case %u: %d, error %lu", i, ret,
               (unsigned long)GetLastError());
    }

    /* 3.10 is below 4.x even when the minor version is compared. */
    {
        OSVERSIONINFOEXA info = current();
        ULONGLONG mask = VerSetConditionMask(VerSetConditionMask(0, VER_MINORVERSION,
                                                                 VER_GREATER_EQUAL),
                                             VER_MAJORVERSION, VER_GREATER_EQUAL);

        info.dwMajorVersion = 3;
        info.dwMinorVersion = 10;
        ok(VerifyVersionInfoA(&info, ALL_VERSION, mask), "3.10 <= current");
        info.dwMinorVersion = 0;
        info.wServicePackMajor = 10;
        ok(VerifyVersionInfoA(&info, ALL_VERSION, mask), "3.0 SP10 <= current");
        info.wServicePackMajor = 0;
        info.wServicePackMinor = 10;
        ok(VerifyVersionInfoA(&info, MIN_SP, mask), "minor 0 SP 0.10");
        info = current();
        info.dwOSVersionInfoSize = 0;
        ok(VerifyVersionInfoA(&info, ALL_VERSION,
                              VerSetConditionMask(0, VER_MAJORVERSION, VER_GREATER_EQUAL)),
           "dwOSVersionInfoSize is not checked");
    }
}

static void test_suite_and_product(void)
{
    OSVERSIONINFOEXA info = current();
    WORD suite = info.wSuiteMask;
    WORD missing = (WORD)(~suite & VER_SUITE_DATACENTER ? VER_SUITE_DATACENTER : VER_SUITE_BLADE);
    ULONGLONG and_mask = VerSetConditionMask(0, VER_SUITENAME, VER_AND);
    ULONGLONG or_mask = VerSetConditionMask(0, VER_SUITENAME, VER_OR);
    ULONGLONG product = VerSetConditionMask(0, VER_PRODUCT_TYPE, VER_EQUAL);

    if (!verify_uses_reported_version())
        return;
    ok(!(suite & missing), "a suite the system lacks");
    info.wSuiteMask = suite;
    ok(VerifyVersionInfoA(&info, VER_SUITENAME, and_mask), "AND: its own suites");
    info.wSuiteMask = (WORD)(suite | missing);
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_SUITENAME, and_mask) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "AND: one missing suite fails");
    if (suite)
        ok(VerifyVersionInfoA(&info, VER_SUITENAME, or_mask), "OR: one present suite holds");
    info.wSuiteMask = missing;
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_SUITENAME, or_mask) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "OR: none present fails");

    info = current();
    ok(VerifyVersionInfoA(&info, VER_PRODUCT_TYPE, product), "its own product type");
    info.wProductType = info.wProductType == VER_NT_SERVER ? VER_NT_WORKSTATION : VER_NT_SERVER;
    SetLastError(0xdeadbeef);
    ok(!VerifyVersionInfoA(&info, VER_PRODUCT_TYPE, product) &&
           GetLastError() == ERROR_OLD_WIN_VERSION, "another product type");
    info = current();
    ok(VerifyVersionInfoA(&info, VER_PLATFORMID, VerSetConditionMask(0, VER_PLATFORMID,
                                                                    VER_EQUAL)) &&
           info.dwPlatformId == VER_PLATFORM_WIN32_NT, "the NT platform");
}

/* The versionhelpers.h checks agree with the version GetVersionEx reports. */
static void test_helpers(void)
{
    OSVERSIONINFOEXA info = current();
    DWORD v = info.dwMajorVersion << 8 | info.dwMinorVersion;
    WORD sp = info.wServicePackMajor;

    if (!verify_uses_reported_version())
        return;
    ok(IsWindowsXPOrGreater() == (v >= 0x501), "IsWindowsXPOrGreater");
    ok(IsWindowsXPSP3OrGreater() == (v > 0x501 || (v == 0x501 && sp >= 3)),
       "IsWindowsXPSP3OrGreater");
    ok(IsWindowsVistaOrGreater() == (v >= 0x600), "IsWindowsVistaOrGreater");
    ok(IsWindows7OrGreater() == (v >= 0x601), "IsWindows7OrGreater");
    ok(IsWindows7SP1OrGreater() == (v > 0x601 || (v == 0x601 && sp >= 1)),
       "IsWindows7SP1OrGreater");
    ok(IsWindows8OrGreater() == (v >= 0x602), "IsWindows8OrGreater");
    ok(IsWindows8Point1OrGreater() == (v >= 0x603), "IsWindows8Point1OrGreater");
    ok(IsWindows10OrGreater() == (v >= 0xa00), "IsWindows10OrGreater");
    ok(IsWindowsThresholdOrGreater() == IsWindows10OrGreater(), "IsWindowsThresholdOrGreater");
    ok(IsWindowsVersionOrGreater((WORD)info.dwMajorVersion, (WORD)info.dwMinorVersion, sp),
       "IsWindowsVersionOrGreater(current)");
    ok(!IsWindowsVersionOrGreater((WORD)info.dwMajorVersion, (WORD)info.dwMinorVersion,
                                  (WORD)(sp + 1)), "IsWindowsVersionOrGreater(next SP)");
    ok(!IsWindowsVersionOrGreater((WORD)(info.dwMajorVersion + 1), 0, 0),
       "IsWindowsVersionOrGreater(next major)");
    ok(IsWindowsServer() == (info.wProductType != VER_NT_WORKSTATION), "IsWindowsServer");
}

CONFORMANCE_MAIN(test_condition_mask, test_errors, test_version_table, test_suite_and_product,
                 test_helpers)
