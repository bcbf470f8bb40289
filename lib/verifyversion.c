/*
 * VerifyVersionInfo and VerSetConditionMask: a program's "is this Windows at
 * least X?" check, against the version GetVersionEx reports (Windows 8 for a
 * program without a compatibility manifest, lib/sysinfo.c), as Windows checks
 * against the same faked version.
 *
 * The condition mask holds three bits per type, in the order of the type
 * bits: VER_MINORVERSION in bits 0-2 up to VER_PRODUCT_TYPE in bits 21-23.
 */
#include <stdbool.h>
#include <windows.h>

/* The type bits from the highest down: VerSetConditionMask takes the highest one given. */
static const DWORD type_bits[] = { VER_PRODUCT_TYPE, VER_SUITENAME, VER_SERVICEPACKMAJOR,
                                   VER_SERVICEPACKMINOR, VER_PLATFORMID, VER_BUILDNUMBER,
                                   VER_MAJORVERSION, VER_MINORVERSION };

/* The bit position of a single type bit's condition. */
static unsigned condition_shift(DWORD type)
{
    unsigned shift = 0;

    while (!(type & 1)) {
        type >>= 1;
        shift += VER_NUM_BITS_PER_CONDITION_MASK;
    }
    return shift;
}

static BYTE condition_of(DWORDLONG mask, DWORD type)
{
    return (BYTE)(mask >> condition_shift(type) & VER_CONDITION_MASK);
}

/* Adds the condition for the highest type bit of TypeMask; the other bits are ignored, and a
 * condition already there is or-ed with, as Windows does. Nothing for no type or condition. */
ULONGLONG NTAPI VerSetConditionMask(ULONGLONG ConditionMask, DWORD TypeMask, BYTE Condition)
{
    Condition &= VER_CONDITION_MASK;
    if (!TypeMask || !Condition)
        return ConditionMask;
    for (size_t i = 0; i < sizeof(type_bits) / sizeof(type_bits[0]); i++)
        if (TypeMask & type_bits[i])
            return ConditionMask | (ULONGLONG)Condition << condition_shift(type_bits[i]);
    return ConditionMask;
}

/* Whether the running value have compares with the asked value want as condition says;
 * VER_AND, VER_OR and no condition never hold for a number. */
static bool compare(DWORD have, DWORD want, BYTE condition)
{
    switch (condition) {
    case VER_EQUAL:
        return have == want;
    case VER_GREATER:
        return have > want;
    case VER_GREATER_EQUAL:
        return have >= want;
    case VER_LESS:
        return have < want;
    case VER_LESS_EQUAL:
        return have <= want;
    default:
        return false;
    }
}

static bool is_greater(BYTE c)
{
    return c == VER_GREATER || c == VER_GREATER_EQUAL;
}

static bool is_less(BYTE c)
{
    return c == VER_LESS || c == VER_LESS_EQUAL;
}

/*
 * The major version, minor version and service pack numbers are one number
 * compared field by field. The first field checked sets the direction; a
 * later field's own condition counts only when it agrees with it (an
 * ordering after VER_EQUAL, VER_EQUAL or the same direction after an
 * ordering), else the direction holds; once a field comes without a
 * condition the direction holds for the rest. Windows decides this way.
 */
struct version_order {
    bool started;       /* a field was checked */
    BYTE first;         /* the direction: the first field's condition, or an ordering after VER_EQUAL */
    bool fixed;         /* a field without condition was seen */
};

static BYTE field_condition(struct version_order *order, BYTE own)
{
    if (!order->started) {
        order->started = true;
        order->first = own;
        if (!own)
            order->fixed = true;
        return own;
    }
    if (!order->fixed) {
        if (order->first == VER_EQUAL && own >= VER_EQUAL && own <= VER_LESS_EQUAL) {
            order->first = own;
            return own;
        }
        if (is_greater(order->first) && (own == VER_EQUAL || is_greater(own)))
            return own;
        if (is_less(order->first) && (own == VER_EQUAL || is_less(own)))
            return own;
    }
    if (!own)
        order->fixed = true;
    return order->first;
}

/* Compares the version fields the type mask names, stopping where a field decides. */
static bool version_holds(const OSVERSIONINFOEXW *have, const OSVERSIONINFOEXW *want,
                          DWORD type, DWORDLONG mask)
{
    const struct {
        DWORD bit, have, want;
    } fields[] = {
        { VER_MAJORVERSION, have->dwMajorVersion, want->dwMajorVersion },
        { VER_MINORVERSION, have->dwMinorVersion, want->dwMinorVersion },
        { VER_SERVICEPACKMAJOR, have->wServicePackMajor, want->wServicePackMajor },
        { VER_SERVICEPACKMINOR, have->wServicePackMinor, want->wServicePackMinor },
    };
    struct version_order order = { false, 0, false };
    bool holds = true;

    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        BYTE c;

        if (!(type & fields[i].bit))
            continue;
        c = field_condition(&order, condition_of(mask, fields[i].bit));
        holds = compare(fields[i].have, fields[i].want, c);
        /* A field that differs, or is not compared as an ordering, decides. */
        if (fields[i].have != fields[i].want || c < VER_EQUAL || c > VER_LESS_EQUAL)
            break;
    }
    return holds;
}

/* ERROR_SUCCESS, ERROR_OLD_WIN_VERSION or ERROR_BAD_ARGUMENTS. */
static DWORD verify(const OSVERSIONINFOEXW *want, DWORD type, DWORDLONG mask)
{
    OSVERSIONINFOEXW have = { .dwOSVersionInfoSize = sizeof(have) };

    if (!type || !mask)
        return ERROR_BAD_ARGUMENTS;
    GetVersionExW((OSVERSIONINFOW *)&have);
    if ((type & VER_PRODUCT_TYPE) &&
        !compare(have.wProductType, want->wProductType, condition_of(mask, VER_PRODUCT_TYPE)))
        return ERROR_OLD_WIN_VERSION;
    if (type & VER_SUITENAME) {
        BYTE c = condition_of(mask, VER_SUITENAME);

        if (c != VER_AND && c != VER_OR)
            return ERROR_BAD_ARGUMENTS;
        if (c == VER_AND && (have.wSuiteMask & want->wSuiteMask) != want->wSuiteMask)
            return ERROR_OLD_WIN_VERSION;
        if (c == VER_OR && want->wSuiteMask && !(have.wSuiteMask & want->wSuiteMask))
            return ERROR_OLD_WIN_VERSION;
    }
    if ((type & VER_PLATFORMID) &&
        !compare(have.dwPlatformId, want->dwPlatformId, condition_of(mask, VER_PLATFORMID)))
        return ERROR_OLD_WIN_VERSION;
    if ((type & VER_BUILDNUMBER) &&
        !compare(have.dwBuildNumber, want->dwBuildNumber, condition_of(mask, VER_BUILDNUMBER)))
        return ERROR_OLD_WIN_VERSION;
    if (!version_holds(&have, want, type, mask))
        return ERROR_OLD_WIN_VERSION;
    return ERROR_SUCCESS;
}

/* dwOSVersionInfoSize is not looked at, as on Windows. */
BOOL WINAPI VerifyVersionInfoW(LPOSVERSIONINFOEXW lpVersionInformation, DWORD dwTypeMask,
                               DWORDLONG dwlConditionMask)
{
    DWORD error;

    if (!lpVersionInformation) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    error = verify(lpVersionInformation, dwTypeMask, dwlConditionMask);
    if (error != ERROR_SUCCESS) {
        SetLastError(error);
        return FALSE;
    }
    return TRUE;
}

/* The numbers are all VerifyVersionInfo compares: szCSDVersion is not. */
BOOL WINAPI VerifyVersionInfoA(LPOSVERSIONINFOEXA lpVersionInformation, DWORD dwTypeMask,
                               DWORDLONG dwlConditionMask)
{
    OSVERSIONINFOEXW w = { .dwOSVersionInfoSize = sizeof(w) };

    if (!lpVersionInformation) {
        SetLastError(ERROR_NOACCESS);
        return FALSE;
    }
    w.dwMajorVersion = lpVersionInformation->dwMajorVersion;
    w.dwMinorVersion = lpVersionInformation->dwMinorVersion;
    w.dwBuildNumber = lpVersionInformation->dwBuildNumber;
    w.dwPlatformId = lpVersionInformation->dwPlatformId;
    w.wServicePackMajor = lpVersionInformation->wServicePackMajor;
    w.wServicePackMinor = lpVersionInformation->wServicePackMinor;
    w.wSuiteMask = lpVersionInformation->wSuiteMask;
    w.wProductType = lpVersionInformation->wProductType;
    return VerifyVersionInfoW(&w, dwTypeMask, dwlConditionMask);
}
