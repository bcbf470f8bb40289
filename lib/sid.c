/* securitybaseapi.h, sddl.h: security identifiers, their checks and their string form. */
#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "sid.h"

/* The bytes a SID of count subauthorities takes. */
static DWORD sid_size(BYTE count)
{
    return (DWORD)(offsetof(SID, SubAuthority) + count * sizeof(DWORD));
}

DWORD w32_sid_spec_size(const struct w32_sid_spec *spec)
{
    return sid_size(spec->count);
}

void w32_sid_from_spec(PSID sid, const struct w32_sid_spec *spec)
{
    SID *s = sid;

    memset(s, 0, w32_sid_spec_size(spec));
    s->Revision = SID_REVISION;
    s->SubAuthorityCount = spec->count;
    s->IdentifierAuthority.Value[5] = spec->authority;
    memcpy(s->SubAuthority, spec->sub, spec->count * sizeof(DWORD));
}

BOOL w32_sid_matches(PSID sid, const struct w32_sid_spec *spec)
{
    SID expected[2];    /* room for two subauthorities */

    w32_sid_from_spec(expected, spec);
    return EqualSid(sid, expected);
}

BOOL WINAPI IsValidSid(PSID pSid)
{
    const SID *sid = pSid;

    return sid && sid->Revision == SID_REVISION && sid->SubAuthorityCount <= SID_MAX_SUB_AUTHORITIES;
}

DWORD WINAPI GetLengthSid(PSID pSid)
{
    if (!IsValidSid(pSid)) {
        w32_set_error(ERROR_INVALID_SID);
        return 0;
    }
    return sid_size(((SID *)pSid)->SubAuthorityCount);
}

BOOL WINAPI EqualSid(PSID pSid1, PSID pSid2)
{
    if (!IsValidSid(pSid1) || !IsValidSid(pSid2)) {
        w32_set_error(ERROR_INVALID_SID);
        return FALSE;
    }
    w32_set_error(ERROR_SUCCESS);
    return GetLengthSid(pSid1) == GetLengthSid(pSid2) &&
           memcmp(pSid1, pSid2, GetLengthSid(pSid1)) == 0;
}

/* Like Windows, no check: the caller validates the SID first (the documented contract). */
PDWORD WINAPI GetSidSubAuthority(PSID pSid, DWORD nSubAuthority)
{
    w32_set_error(ERROR_SUCCESS);
    return &((SID *)pSid)->SubAuthority[nSubAuthority];
}

PUCHAR WINAPI GetSidSubAuthorityCount(PSID pSid)
{
    w32_set_error(ERROR_SUCCESS);
    return &((SID *)pSid)->SubAuthorityCount;
}

BOOL WINAPI CopySid(DWORD nDestinationSidLength, PSID pDestinationSid, PSID pSourceSid)
{
    DWORD size;

    if (!IsValidSid(pSourceSid)) {
        w32_set_error(ERROR_INVALID_SID);
        return FALSE;
    }
    size = GetLengthSid(pSourceSid);
    if (nDestinationSidLength < size || !pDestinationSid) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memcpy(pDestinationSid, pSourceSid, size);
    return TRUE;
}

BOOL WINAPI AllocateAndInitializeSid(PSID_IDENTIFIER_AUTHORITY pIdentifierAuthority,
                                     BYTE nSubAuthorityCount, DWORD nSubAuthority0,
                                     DWORD nSubAuthority1, DWORD nSubAuthority2,
                                     DWORD nSubAuthority3, DWORD nSubAuthority4,
                                     DWORD nSubAuthority5, DWORD nSubAuthority6,
                                     DWORD nSubAuthority7, PSID *pSid)
{
    const DWORD subs[8] = { nSubAuthority0, nSubAuthority1, nSubAuthority2, nSubAuthority3,
                            nSubAuthority4, nSubAuthority5, nSubAuthority6, nSubAuthority7 };
    SID *sid;

    if (!pIdentifierAuthority || !pSid) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (nSubAuthorityCount > 8) {
        w32_set_error(ERROR_INVALID_SID);
        return FALSE;
    }
    if (!(sid = calloc(1, sid_size(nSubAuthorityCount)))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    sid->Revision = SID_REVISION;
    sid->SubAuthorityCount = nSubAuthorityCount;
    sid->IdentifierAuthority = *pIdentifierAuthority;
    memcpy(sid->SubAuthority, subs, nSubAuthorityCount * sizeof(DWORD));
    *pSid = sid;
    return TRUE;
}

PVOID WINAPI FreeSid(PSID pSid)
{
    free(pSid);
    return NULL;
}

/* "S-1-<authority>-<sub>...": the authority in decimal below 2^32, else in hex, as Windows writes it. */
static char *sid_string(const SID *sid)
{
    const BYTE *a = sid->IdentifierAuthority.Value;
    char *text = malloc(16 + 24 + sid->SubAuthorityCount * 11), *at;
    ULONGLONG authority = 0;

    if (!text)
        return NULL;
    for (int i = 0; i < 6; i++)
        authority = authority << 8 | a[i];
    at = text + sprintf(text, authority >> 32 ? "S-%u-0x%012llX" : "S-%u-%llu", sid->Revision,
                        authority);
    for (int i = 0; i < sid->SubAuthorityCount; i++)
        at += sprintf(at, "-%lu", (unsigned long)sid->SubAuthority[i]);
    return text;
}

/* The text of Sid for a caller whose out-pointer is out; NULL, error set, on failure. */
static char *checked_sid_string(PSID sid, const void *out)
{
    char *text;

    if (!out) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    if (!IsValidSid(sid)) {
        w32_set_error(ERROR_INVALID_SID);
        return NULL;
    }
    if (!(text = sid_string(sid)))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    return text;
}

BOOL WINAPI ConvertSidToStringSidA(PSID Sid, LPSTR *StringSid)
{
    char *text = checked_sid_string(Sid, StringSid);

    if (!text)
        return FALSE;
    if (!(*StringSid = LocalAlloc(LMEM_FIXED, strlen(text) + 1)))
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
    else
        strcpy(*StringSid, text);
    free(text);
    return *StringSid != NULL;
}

BOOL WINAPI ConvertSidToStringSidW(PSID Sid, LPWSTR *StringSid)
{
    char *text = checked_sid_string(Sid, StringSid);
    size_t n;

    if (!text)
        return FALSE;
    if (!(*StringSid = LocalAlloc(LMEM_FIXED, (strlen(text) + 1) * sizeof(WCHAR)))) {
        free(text);
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    /* The text is ASCII: each byte is one UTF-16 unit. */
    for (n = 0; text[n]; n++)
        (*StringSid)[n] = (WCHAR)text[n];
    (*StringSid)[n] = 0;
    free(text);
    return TRUE;
}

/* ---- security descriptors: built for the caller, consulted by nobody ---- */

BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSecurityDescriptor,
                                         DWORD dwRevision)
{
    if (dwRevision != SECURITY_DESCRIPTOR_REVISION) {
        w32_set_error(ERROR_UNKNOWN_REVISION);
        return FALSE;
    }
    if (!pSecurityDescriptor) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    *(SECURITY_DESCRIPTOR *)pSecurityDescriptor =
        (SECURITY_DESCRIPTOR){ .Revision = SECURITY_DESCRIPTOR_REVISION };
    return TRUE;
}

BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSecurityDescriptor,
                                      BOOL bDaclPresent, PACL pDacl, BOOL bDaclDefaulted)
{
    SECURITY_DESCRIPTOR *sd = pSecurityDescriptor;

    if (!sd) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) {
        w32_set_error(ERROR_UNKNOWN_REVISION);
        return FALSE;
    }
    if (sd->Control & SE_SELF_RELATIVE) {
        w32_set_error(ERROR_INVALID_SECURITY_DESCR);
        return FALSE;
    }
    if (!bDaclPresent) {
        sd->Control &= (SECURITY_DESCRIPTOR_CONTROL)~SE_DACL_PRESENT;
        return TRUE;
    }
    sd->Control |= SE_DACL_PRESENT;
    sd->Dacl = pDacl;
    if (bDaclDefaulted)
        sd->Control |= SE_DACL_DEFAULTED;
    else
        sd->Control &= (SECURITY_DESCRIPTOR_CONTROL)~SE_DACL_DEFAULTED;
    return TRUE;
}
