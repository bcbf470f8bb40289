/* w32shim: sddl.h (security identifiers as strings). */
#ifndef W32SHIM_SDDL_H
#define W32SHIM_SDDL_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI ConvertSidToStringSidA(PSID Sid, LPSTR *StringSid);
WINBASEAPI BOOL WINAPI ConvertSidToStringSidW(PSID Sid, LPWSTR *StringSid);

#ifdef UNICODE
#define ConvertSidToStringSid ConvertSidToStringSidW
#else
#define ConvertSidToStringSid ConvertSidToStringSidA
#endif

#ifdef __cplusplus
}
#endif
#endif
