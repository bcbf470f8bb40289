/*
 * Conformance: access tokens (OpenProcessToken, OpenThreadToken,
 * GetTokenInformation, CheckTokenMembership) and security identifiers
 * (AllocateAndInitializeSid, FreeSid, GetLengthSid, IsValidSid, EqualSid,
 * CopySid, ConvertSidToStringSid). The user's SID differs between systems;
 * the checks hold for every user: elevated or not, the answers agree.
 */
#define CONFORMANCE_CHILD child_main
#include "conformance.h"
#include <sddl.h>

#define BAD_HANDLE ((HANDLE)(ULONG_PTR)0xdeadbee0)

static HANDLE query_token(void)
{
    HANDLE token = NULL;

    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token), "OpenProcessToken: %lu",
       (unsigned long)GetLastError());
    return token;
}

static PSID admins_sid(void)
{
    SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
    PSID sid = NULL;

    ok(AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0,
                                0, 0, 0, 0, 0, &sid), "AllocateAndInitializeSid");
    return sid;
}

static void test_OpenProcessToken(void)
{
    HANDLE token = NULL;

    token = query_token();
    ok(token != NULL, "a token");
    CloseHandle(token);
    SetLastError(0xdeadbeef);
    ok(!OpenProcessToken(NULL, TOKEN_QUERY, &token) && GetLastError() == ERROR_INVALID_HANDLE,
       "a NULL process: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!OpenProcessToken(GetCurrentThread(), TOKEN_QUERY, &token) &&
       GetLastError() == ERROR_INVALID_HANDLE, "a thread handle: %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!OpenProcessToken(BAD_HANDLE, TOKEN_QUERY, &token) && GetLastError() == ERROR_INVALID_HANDLE,
       "a bad handle: %lu", (unsigned long)GetLastError());
}

static void test_OpenThreadToken_without_impersonation(void)
{
    HANDLE token = BAD_HANDLE;

    SetLastError(0xdeadbeef);
    ok(!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, FALSE, &token) &&
       GetLastError() == ERROR_NO_TOKEN, "no impersonation: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!OpenThreadToken(GetCurrentThread(), TOKEN_QUERY, TRUE, &token) &&
       GetLastError() == ERROR_NO_TOKEN, "as self: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!OpenThreadToken(GetCurrentProcess(), TOKEN_QUERY, TRUE, &token) &&
       GetLastError() == ERROR_INVALID_HANDLE, "a process handle: %lu",
       (unsigned long)GetLastError());
}

static void test_token_user_and_owner(void)
{
    HANDLE token = query_token();
    union {
        TOKEN_USER user;
        char bytes[256];
    } user;
    union {
        TOKEN_OWNER owner;
        char bytes[256];
    } owner;
    DWORD len = 0, user_len;
    char *text = NULL;

    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(token, TokenUser, NULL, 0, &len) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER, "no buffer: %lu",
       (unsigned long)GetLastError());
    ok(len > sizeof(TOKEN_USER) && len <= sizeof(user), "the size asked for: %lu",
       (unsigned long)len);
    user_len = len;
    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(token, TokenUser, &user, sizeof(TOKEN_USER), &len) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER && len == user_len,
       "a buffer too small: %lu, %lu", (unsigned long)GetLastError(), (unsigned long)len);
    ok(GetTokenInformation(token, TokenUser, &user, sizeof(user), &len) && len == user_len,
       "TokenUser: %lu", (unsigned long)GetLastError());
    ok(IsValidSid(user.user.User.Sid), "a valid user SID");
    ok(user.user.User.Attributes == 0, "user attributes %#lx",
       (unsigned long)user.user.User.Attributes);
    ok((char *)user.user.User.Sid >= user.bytes && (char *)user.user.User.Sid < user.bytes + len,
       "the SID lies in the buffer");
    ok(ConvertSidToStringSidA(user.user.User.Sid, &text) && strncmp(text, "S-1-", 4) == 0,
       "the user's SID as text: %s", text ? text : "(none)");
    LocalFree(text);

    ok(GetTokenInformation(token, TokenOwner, &owner, sizeof(owner), &len), "TokenOwner: %lu",
       (unsigned long)GetLastError());
    ok(IsValidSid(owner.owner.Owner), "a valid owner SID");
    CloseHandle(token);
}

static void test_token_groups_and_elevation(void)
{
    HANDLE token = query_token();
    union {
        TOKEN_GROUPS groups;
        char bytes[8192];
    } groups;
    union {
        TOKEN_MANDATORY_LABEL label;
        char bytes[256];
    } label;
    SID_IDENTIFIER_AUTHORITY world = { SECURITY_WORLD_SID_AUTHORITY };
    TOKEN_ELEVATION elevation = { 0xdead };
    TOKEN_ELEVATION_TYPE type = 0;
    TOKEN_TYPE kind = 0;
    PSID admins = admins_sid(), everyone = NULL;
    const SID_AND_ATTRIBUTES *entries;
    BOOL admin = 7, has_everyone = FALSE, is_everyone = 7;
    DWORD len = 0, rid;

    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(token, TokenElevation, &elevation, 2, &len) &&
       GetLastError() == ERROR_INSUFFICIENT_BUFFER && len == sizeof(elevation),
       "a short TokenElevation: %lu, %lu", (unsigned long)GetLastError(), (unsigned long)len);
    ok(GetTokenInformation(token, TokenElevation, &elevation, sizeof(elevation), &len) &&
       len == sizeof(elevation) && elevation.TokenIsElevated <= 1, "TokenElevation: %lu",
       (unsigned long)elevation.TokenIsElevated);
    ok(GetTokenInformation(token, TokenElevationType, &type, sizeof(type), &len) &&
       type >= TokenElevationTypeDefault && type <= TokenElevationTypeLimited,
       "TokenElevationType: %d", (int)type);
    ok(GetTokenInformation(token, TokenType, &kind, sizeof(kind), &len) && kind == TokenPrimary,
       "TokenType: %d", (int)kind);

    /* An elevated token is an administrator's, of high integrity; another one neither. */
    ok(CheckTokenMembership(NULL, admins, &admin), "CheckTokenMembership: %lu",
       (unsigned long)GetLastError());
    ok(admin == (BOOL)elevation.TokenIsElevated, "administrator %d, elevated %lu", admin,
       (unsigned long)elevation.TokenIsElevated);
    ok(GetTokenInformation(token, TokenIntegrityLevel, &label, sizeof(label), &len),
       "TokenIntegrityLevel: %lu", (unsigned long)GetLastError());
    rid = *GetSidSubAuthority(label.label.Label.Sid,
                              *GetSidSubAuthorityCount(label.label.Label.Sid) - 1u);
    ok(rid == (elevation.TokenIsElevated ? SECURITY_MANDATORY_HIGH_RID
                                         : SECURITY_MANDATORY_MEDIUM_RID),
       "integrity %#lx", (unsigned long)rid);

    ok(AllocateAndInitializeSid(&world, 1, SECURITY_WORLD_RID, 0, 0, 0, 0, 0, 0, 0, &everyone),
       "the Everyone SID");
    ok(GetTokenInformation(token, TokenGroups, &groups, sizeof(groups), &len) &&
       groups.groups.GroupCount > 0, "TokenGroups: %lu", (unsigned long)GetLastError());
    entries = groups.groups.Groups;     /* Windows' ANYSIZE_ARRAY, read through a pointer */
    for (DWORD i = 0; i < groups.groups.GroupCount; i++)
        has_everyone |= EqualSid(entries[i].Sid, everyone) &&
                        (entries[i].Attributes & SE_GROUP_ENABLED);
    ok(has_everyone, "Everyone is an enabled group");
    ok(CheckTokenMembership(NULL, everyone, &is_everyone) && is_everyone, "a member of Everyone");
    SetLastError(0xdeadbeef);
    ok(!CheckTokenMembership(token, everyone, &is_everyone) &&
       GetLastError() == ERROR_NO_IMPERSONATION_TOKEN, "a primary token: %lu",
       (unsigned long)GetLastError());
    FreeSid(everyone);
    FreeSid(admins);
    CloseHandle(token);
}

static void test_GetTokenInformation_errors(void)
{
    HANDLE token = query_token(), no_query = NULL, event = CreateEventA(NULL, FALSE, FALSE, NULL);
    char buf[256];
    DWORD len;

    ok(OpenProcessToken(GetCurrentProcess(), TOKEN_DUPLICATE, &no_query), "OpenProcessToken");
    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(no_query, TokenUser, buf, sizeof(buf), &len) &&
       GetLastError() == ERROR_ACCESS_DENIED, "without TOKEN_QUERY: %lu",
       (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(NULL, TokenUser, buf, sizeof(buf), &len) &&
       GetLastError() == ERROR_INVALID_HANDLE, "NULL: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(GetCurrentProcess(), TokenUser, buf, sizeof(buf), &len) &&
       GetLastError() == ERROR_INVALID_HANDLE, "the process: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(!GetTokenInformation(event, TokenUser, buf, sizeof(buf), &len) &&
       GetLastError() == ERROR_INVALID_HANDLE, "an event: %lu", (unsigned long)GetLastError());
    SetLastError(0xdeadbeef);
    ok(WaitForSingleObject(token, 0) == WAIT_FAILED, "a token is not waitable");
    CloseHandle(event);
    CloseHandle(no_query);
    CloseHandle(token);
}

static void test_token_of_a_child(void)
{
    PROCESS_INFORMATION pi;
    HANDLE mine = query_token(), theirs = NULL;
    union {
        TOKEN_USER user;
        char bytes[256];
    } a, b;
    DWORD len;

    ok(start_child("sleep", &pi), "start_child: %lu", (unsigned long)GetLastError());
    ok(OpenProcessToken(pi.hProcess, TOKEN_QUERY, &theirs), "the child's token: %lu",
       (unsigned long)GetLastError());
    ok(GetTokenInformation(mine, TokenUser, &a, sizeof(a), &len) &&
       GetTokenInformation(theirs, TokenUser, &b, sizeof(b), &len), "TokenUser of both");
    ok(EqualSid(a.user.User.Sid, b.user.User.Sid), "the child runs as the same user");
    TerminateProcess(pi.hProcess, 0);
    WaitForSingleObject(pi.hProcess, 10000);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    CloseHandle(theirs);
    CloseHandle(mine);
}

static void test_sids(void)
{
    SID_IDENTIFIER_AUTHORITY nt = { SECURITY_NT_AUTHORITY };
    PSID a = NULL, b = NULL, none = NULL;
    char copy[SECURITY_MAX_SID_SIZE], *text = NULL;
    WCHAR *wtext = NULL;

    SetLastError(0xdeadbeef);
    ok(!AllocateAndInitializeSid(&nt, 9, 1, 2, 3, 4, 5, 6, 7, 8, &none) &&
       GetLastError() == ERROR_INVALID_SID, "nine subauthorities: %lu",
       (unsigned long)GetLastError());
    ok(AllocateAndInitializeSid(&nt, 8, 1, 2, 3, 4, 5, 6, 7, 8, &a), "eight subauthorities");
    ok(AllocateAndInitializeSid(&nt, 0, 0, 0, 0, 0, 0, 0, 0, 0, &b), "none");
    ok(IsValidSid(a) && IsValidSid(b) && !IsValidSid(NULL), "IsValidSid");
    ok(GetLengthSid(a) == 8 + 8 * 4 && GetLengthSid(b) == 8, "GetLengthSid %lu %lu",
       (unsigned long)GetLengthSid(a), (unsigned long)GetLengthSid(b));
    ok(!EqualSid(a, b) && EqualSid(a, a), "EqualSid");
    /* Windows passes RtlCopySid's STATUS_BUFFER_TOO_SMALL on; Wine 8 sets no error. */
    SetLastError(0xdeadbeef);
    ok(!CopySid(10, copy, a), "a short copy");
    todo_wine_ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "a short copy: %lu",
                 (unsigned long)GetLastError());
    ok(CopySid(sizeof(copy), copy, a) && EqualSid(copy, a), "CopySid");
    copy[0] = 2;
    ok(!IsValidSid(copy), "revision 2 is no SID");
    ok(ConvertSidToStringSidA(a, &text) && strcmp(text, "S-1-5-1-2-3-4-5-6-7-8") == 0,
       "as text: %s", text ? text : "(none)");
    LocalFree(text);
    ok(ConvertSidToStringSidA(b, &text) && strcmp(text, "S-1-5") == 0, "no subauthority: %s",
       text ? text : "(none)");
    LocalFree(text);
    ok(ConvertSidToStringSidW(a, &wtext) && wtext[0] == 'S' && wtext[4] == '5' &&
       lstrlenW(wtext) == 21, "as UTF-16");
    LocalFree(wtext);
    SetLastError(0xdeadbeef);
    ok(!ConvertSidToStringSidA(copy, &text) && GetLastError() == ERROR_INVALID_SID,
       "an invalid SID as text: %lu", (unsigned long)GetLastError());
    ok(FreeSid(a) == NULL && FreeSid(b) == NULL, "FreeSid");
}

static int child_main(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "sleep") == 0) {
        Sleep(20000);
        return 0;
    }
    return 2;
}

/* A security descriptor in absolute form, as a program builds one for a SECURITY_ATTRIBUTES. */
static void test_security_descriptors(void)
{
    SECURITY_DESCRIPTOR sd;
    ACL acl = { 0 };

    memset(&sd, 0x55, sizeof(sd));
    SetLastError(0xdeadbeef);
    ok(!InitializeSecurityDescriptor(&sd, 2) && GetLastError() == ERROR_UNKNOWN_REVISION,
       "revision 2: %lu", (unsigned long)GetLastError());
    ok(InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION), "Initialize: %lu",
       (unsigned long)GetLastError());
    ok(sd.Revision == 1 && sd.Control == 0 && !sd.Owner && !sd.Group && !sd.Sacl && !sd.Dacl,
       "initialised: revision %u control %#x", sd.Revision, sd.Control);
    /* A NULL DACL, present: everybody may do everything. */
    ok(SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE), "SetDacl: %lu",
       (unsigned long)GetLastError());
    ok(sd.Control == SE_DACL_PRESENT && !sd.Dacl, "a NULL DACL: control %#x", sd.Control);
    ok(SetSecurityDescriptorDacl(&sd, TRUE, &acl, TRUE), "SetDacl defaulted");
    ok(sd.Control == (SE_DACL_PRESENT | SE_DACL_DEFAULTED) && sd.Dacl == &acl,
       "defaulted: control %#x", sd.Control);
    ok(SetSecurityDescriptorDacl(&sd, TRUE, &acl, FALSE) && sd.Control == SE_DACL_PRESENT,
       "not defaulted any more: control %#x", sd.Control);
    ok(SetSecurityDescriptorDacl(&sd, FALSE, NULL, FALSE) && !(sd.Control & SE_DACL_PRESENT),
       "no DACL: control %#x", sd.Control);
    sd.Control |= SE_SELF_RELATIVE;
    SetLastError(0xdeadbeef);
    ok(!SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE) &&
       GetLastError() == ERROR_INVALID_SECURITY_DESCR, "self-relative: %lu",
       (unsigned long)GetLastError());
    sd.Revision = 2;
    sd.Control = 0;
    SetLastError(0xdeadbeef);
    ok(!SetSecurityDescriptorDacl(&sd, TRUE, NULL, FALSE) &&
       GetLastError() == ERROR_UNKNOWN_REVISION, "revision 2: %lu",
       (unsigned long)GetLastError());
}

CONFORMANCE_MAIN(test_OpenProcessToken, test_OpenThreadToken_without_impersonation,
                 test_token_user_and_owner, test_token_groups_and_elevation,
                 test_GetTokenInformation_errors, test_token_of_a_child, test_sids,
                 test_security_descriptors)
