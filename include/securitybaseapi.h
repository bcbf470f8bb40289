/* w32shim: securitybaseapi.h (access tokens and security identifiers). */
#ifndef W32SHIM_SECURITYBASEAPI_H
#define W32SHIM_SECURITYBASEAPI_H

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

WINBASEAPI BOOL WINAPI GetTokenInformation(HANDLE TokenHandle,
                                           TOKEN_INFORMATION_CLASS TokenInformationClass,
                                           LPVOID TokenInformation, DWORD TokenInformationLength,
                                           PDWORD ReturnLength);
WINBASEAPI BOOL WINAPI CheckTokenMembership(HANDLE TokenHandle, PSID SidToCheck, PBOOL IsMember);
WINBASEAPI BOOL WINAPI AllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY pIdentifierAuthority,
                                                BYTE nSubAuthorityCount, DWORD nSubAuthority0,
                                                DWORD nSubAuthority1, DWORD nSubAuthority2,
                                                DWORD nSubAuthority3, DWORD nSubAuthority4,
                                                DWORD nSubAuthority5, DWORD nSubAuthority6,
                                                DWORD nSubAuthority7, PSID *pSid);
WINBASEAPI PVOID WINAPI FreeSid(PSID pSid);
WINBASEAPI DWORD WINAPI GetLengthSid(PSID pSid);
WINBASEAPI BOOL WINAPI IsValidSid(PSID pSid);
WINBASEAPI BOOL WINAPI EqualSid(PSID pSid1, PSID pSid2);
WINBASEAPI PDWORD WINAPI GetSidSubAuthority(PSID pSid, DWORD nSubAuthority);
WINBASEAPI PUCHAR WINAPI GetSidSubAuthorityCount(PSID pSid);
WINBASEAPI BOOL WINAPI CopySid(DWORD nDestinationSidLength, PSID pDestinationSid,
                               PSID pSourceSid);

#ifdef __cplusplus
}
#endif
#endif
