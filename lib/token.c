/*
 * securitybaseapi.h, processthreadsapi.h: access tokens, in a minimal honest
 * form. A token is a snapshot of a process's Unix credentials (effective
 * user and group, supplementary groups) taken when it is opened, as a
 * Windows token is fixed when it is made. The user is S-1-22-1-uid and each
 * group S-1-22-2-gid, the "Unix user" and "Unix group" SIDs Samba and
 * Cygwin use; root is elevated, a member of BUILTIN\Administrators and of
 * high integrity, everyone else a standard user of medium integrity.
 * Threads never impersonate, so they have no token of their own.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "error.h"
#include "handle.h"
#include "sid.h"
#include "thread.h"

struct token {
    struct w32_object obj;
    uid_t uid;              /* effective */
    gid_t gid;              /* effective */
    size_t ngroups;
    gid_t *groups;          /* supplementary */
};

static bool token_destroy(struct w32_object *obj)
{
    free(((struct token *)obj)->groups);
    return true;
}

static const struct w32_object_type token_type = {
    .name = "Token",
    .access = {
        .read = STANDARD_RIGHTS_READ | TOKEN_QUERY,
        .write = STANDARD_RIGHTS_WRITE | TOKEN_ADJUST_PRIVILEGES | TOKEN_ADJUST_GROUPS |
                 TOKEN_ADJUST_DEFAULT,
        .execute = STANDARD_RIGHTS_EXECUTE,
        .all = TOKEN_ALL_ACCESS,
    },
    .destroy = token_destroy,
};

/* ---- credentials ---- */

/* The calling process's effective credentials. */
static bool own_credentials(struct token *t)
{
    int n = getgroups(0, NULL);

    t->uid = geteuid();
    t->gid = getegid();
    if (n < 0 || !(t->groups = calloc((size_t)n + 1, sizeof(gid_t))))
        return false;
    n = getgroups(n, t->groups);
    t->ngroups = n < 0 ? 0 : (size_t)n;
    return n >= 0;
}

/* Reads the supplementary groups of a /proc/pid/status "Groups:" line. */
static bool parse_groups(struct token *t, const char *list)
{
    char *end;

    if (!(t->groups = calloc(NGROUPS_MAX, sizeof(gid_t))))
        return false;
    for (;;) {
        unsigned long g = strtoul(list, &end, 10);
        if (end == list || t->ngroups == NGROUPS_MAX)
            return true;
        t->groups[t->ngroups++] = (gid_t)g;
        list = end;
    }
}

/* Reads the effective ids and the groups of process pid from /proc/pid/status. */
static bool process_credentials(struct token *t, DWORD pid)
{
    char path[32], line[4096];
    unsigned long real, effective;
    bool uid = false, gid = false, groups = true;
    FILE *status;

    snprintf(path, sizeof(path), "/proc/%lu/status", (unsigned long)pid);
    if (!(status = fopen(path, "re")))
        return false;
    while (groups && fgets(line, sizeof(line), status)) {
        if (sscanf(line, "Uid: %lu %lu", &real, &effective) == 2)
            t->uid = (uid_t)effective, uid = true;
        else if (sscanf(line, "Gid: %lu %lu", &real, &effective) == 2)
            t->gid = (gid_t)effective, gid = true;
        else if (strncmp(line, "Groups:", 7) == 0)
            groups = parse_groups(t, line + 7);
    }
    fclose(status);
    return uid && gid && groups;
}

static bool is_elevated(const struct token *t)
{
    return t->uid == 0;
}

/* A new token for process pid (0: the calling process); NULL, error set. */
static struct token *new_token(DWORD pid)
{
    struct token *t = calloc(1, sizeof(*t));
    bool ok;

    if (!t) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    w32_object_init(&t->obj, &token_type);
    ok = pid ? process_credentials(t, pid) : own_credentials(t);
    if (!ok) {
        w32_object_unref(&t->obj);
        w32_set_error(pid ? ERROR_INVALID_PARAMETER : ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    /* Another user's credentials are not ours to read, as on Windows without privileges. */
    if (t->uid != geteuid() && geteuid() != 0) {
        w32_object_unref(&t->obj);
        w32_set_error(ERROR_ACCESS_DENIED);
        return NULL;
    }
    return t;
}

BOOL WINAPI OpenProcessToken(HANDLE ProcessHandle, DWORD DesiredAccess, PHANDLE TokenHandle)
{
    DWORD pid = GetProcessId(ProcessHandle);
    struct token *t;

    if (!pid)
        return FALSE;
    if (!TokenHandle) {
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    t = new_token(pid == GetCurrentProcessId() ? 0 : pid);
    if (!t)
        return FALSE;
    *TokenHandle = w32_handle_create(&t->obj, DesiredAccess, FALSE);
    return *TokenHandle != NULL;
}

/* No thread impersonates: a valid thread handle has no token, as on Windows. */
BOOL WINAPI OpenThreadToken(HANDLE ThreadHandle, DWORD DesiredAccess, BOOL OpenAsSelf,
                            PHANDLE TokenHandle)
{
    struct w32_object *thread = w32_handle_get(ThreadHandle, &w32_thread_type,
                                               THREAD_QUERY_LIMITED_INFORMATION);

    if (!thread)
        return FALSE;
    w32_object_unref(thread);
    if (TokenHandle)
        *TokenHandle = NULL;
    w32_set_error(TokenHandle ? ERROR_NO_TOKEN : ERROR_NOACCESS);
    return FALSE;
}

/* ---- what a token holds ---- */

static struct w32_sid_spec user_sid(const struct token *t)
{
    return (struct w32_sid_spec){ W32_UNIX_AUTHORITY, 2, { 1, t->uid }, 0 };
}

static struct w32_sid_spec group_sid(gid_t gid, DWORD attributes)
{
    return (struct w32_sid_spec){ W32_UNIX_AUTHORITY, 2, { 2, gid }, attributes };
}

static struct w32_sid_spec integrity_sid(const struct token *t)
{
    return (struct w32_sid_spec){ 16, 1,
                                  { is_elevated(t) ? SECURITY_MANDATORY_HIGH_RID
                                                   : SECURITY_MANDATORY_MEDIUM_RID },
                                  SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED };
}

#define GROUP_ON (SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED)

/*
 * The token's groups, as a logged-on Windows user's: Everyone, Local,
 * Authenticated Users, BUILTIN\Users, BUILTIN\Administrators for root, its
 * Unix groups and its integrity label. *specs is malloc'd; -1 out of memory.
 */
static ssize_t token_groups(const struct token *t, struct w32_sid_spec **specs)
{
    struct w32_sid_spec *g = calloc(t->ngroups + 7, sizeof(*g));
    size_t n = 0;

    if (!(*specs = g))
        return -1;
    g[n++] = (struct w32_sid_spec){ 1, 1, { SECURITY_WORLD_RID }, GROUP_ON };
    g[n++] = (struct w32_sid_spec){ 2, 1, { SECURITY_LOCAL_RID }, GROUP_ON };
    g[n++] = (struct w32_sid_spec){ 5, 1, { SECURITY_AUTHENTICATED_USER_RID }, GROUP_ON };
    g[n++] = (struct w32_sid_spec){ 5, 2, { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS },
                                    GROUP_ON };
    if (is_elevated(t))
        g[n++] = (struct w32_sid_spec){ 5, 2,
                                        { SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS },
                                        GROUP_ON | SE_GROUP_OWNER };
    g[n++] = group_sid(t->gid, GROUP_ON);
    for (size_t i = 0; i < t->ngroups; i++)
        if (t->groups[i] != t->gid)
            g[n++] = group_sid(t->groups[i], GROUP_ON);
    g[n++] = integrity_sid(t);
    return (ssize_t)n;
}

/*
 * Lays out a structure of head bytes whose SID_AND_ATTRIBUTES (or SID
 * pointers, if bare) at offset first point at count SIDs that follow it.
 * Returns the bytes needed; writes them only if they fit in size.
 */
static DWORD lay_out_sids(char *buf, DWORD size, DWORD head, DWORD first,
                          const struct w32_sid_spec *specs, size_t count, bool bare)
{
    DWORD need = head;

    for (size_t i = 0; i < count; i++)
        need += w32_sid_spec_size(&specs[i]);
    if (!buf || size < need)
        return need;
    memset(buf, 0, head);
    for (size_t i = 0, at = head; i < count; at += w32_sid_spec_size(&specs[i]), i++) {
        w32_sid_from_spec(buf + at, &specs[i]);
        if (bare) {
            PSID sid = buf + at;
            memcpy(buf + first + i * sizeof(PSID), &sid, sizeof(sid));
        } else {
            SID_AND_ATTRIBUTES entry = { buf + at, specs[i].attributes };
            memcpy(buf + first + i * sizeof(entry), &entry, sizeof(entry));
        }
    }
    return need;
}

/* Writes a fixed-size DWORD-sized value; returns the bytes needed. */
static DWORD put_dword(void *buf, DWORD size, DWORD value)
{
    if (buf && size >= sizeof(value))
        memcpy(buf, &value, sizeof(value));
    return sizeof(value);
}

/*
 * The bytes class takes; written to buf only if they fit in size. 0 with
 * the error set for a class w32shim does not describe or that is invalid.
 */
static DWORD token_info(const struct token *t, TOKEN_INFORMATION_CLASS class, char *buf,
                        DWORD size)
{
    struct w32_sid_spec one, *groups;
    DWORD need;
    ssize_t n;

    switch (class) {
    case TokenUser:
        one = user_sid(t);
        return lay_out_sids(buf, size, sizeof(TOKEN_USER), 0, &one, 1, false);
    case TokenOwner:
        one = user_sid(t);
        return lay_out_sids(buf, size, sizeof(TOKEN_OWNER), 0, &one, 1, true);
    case TokenPrimaryGroup:
        one = group_sid(t->gid, 0);
        return lay_out_sids(buf, size, sizeof(TOKEN_PRIMARY_GROUP), 0, &one, 1, true);
    case TokenIntegrityLevel:
        one = integrity_sid(t);
        return lay_out_sids(buf, size, sizeof(TOKEN_MANDATORY_LABEL), 0, &one, 1, false);
    case TokenGroups:
        if ((n = token_groups(t, &groups)) < 0) {
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return 0;
        }
        need = lay_out_sids(buf, size,
                            (DWORD)(offsetof(TOKEN_GROUPS, Groups) + n * sizeof(SID_AND_ATTRIBUTES)),
                            offsetof(TOKEN_GROUPS, Groups), groups, (size_t)n, false);
        if (buf && size >= need)
            ((TOKEN_GROUPS *)buf)->GroupCount = (DWORD)n;
        free(groups);
        return need;
    case TokenType:
        return put_dword(buf, size, TokenPrimary);
    case TokenElevationType:
        return put_dword(buf, size, TokenElevationTypeDefault);
    case TokenElevation:
        return put_dword(buf, size, is_elevated(t));
    case TokenIsAppContainer:
        return put_dword(buf, size, FALSE);
    default:
        w32_set_error(class > 0 && class < MaxTokenInfoClass ? ERROR_NOT_SUPPORTED
                                                             : ERROR_INVALID_PARAMETER);
        return 0;
    }
}

BOOL WINAPI GetTokenInformation(HANDLE TokenHandle, TOKEN_INFORMATION_CLASS TokenInformationClass,
                                LPVOID TokenInformation, DWORD TokenInformationLength,
                                PDWORD ReturnLength)
{
    struct token *t = (struct token *)w32_handle_get(TokenHandle, &token_type, TOKEN_QUERY);
    DWORD need;

    if (!t)
        return FALSE;
    if (!ReturnLength) {
        w32_object_unref(&t->obj);
        w32_set_error(ERROR_NOACCESS);
        return FALSE;
    }
    need = token_info(t, TokenInformationClass, TokenInformation, TokenInformationLength);
    w32_object_unref(&t->obj);
    if (!need)
        return FALSE;
    *ReturnLength = need;
    if (!TokenInformation || TokenInformationLength < need) {
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    return TRUE;
}

/* Whether sid is the token's user or one of its enabled groups. */
static bool token_has(const struct token *t, PSID sid, bool *member)
{
    struct w32_sid_spec user = user_sid(t), *groups;
    ssize_t n = token_groups(t, &groups);

    if (n < 0)
        return false;
    *member = w32_sid_matches(sid, &user);
    for (ssize_t i = 0; i < n && !*member; i++)
        *member = (groups[i].attributes & SE_GROUP_ENABLED) && w32_sid_matches(sid, &groups[i]);
    free(groups);
    return true;
}

/*
 * Only the calling process's own credentials can be checked: a token
 * handle must be an impersonation token, and w32shim has none.
 */
BOOL WINAPI CheckTokenMembership(HANDLE TokenHandle, PSID SidToCheck, PBOOL IsMember)
{
    struct token *t;
    bool member = false, ok;

    if (TokenHandle) {
        if (!(t = (struct token *)w32_handle_get(TokenHandle, &token_type, TOKEN_QUERY)))
            return FALSE;
        w32_object_unref(&t->obj);
        w32_set_error(ERROR_NO_IMPERSONATION_TOKEN);
        return FALSE;
    }
    if (!IsMember || !IsValidSid(SidToCheck)) {
        w32_set_error(!IsMember ? ERROR_NOACCESS : ERROR_INVALID_SID);
        return FALSE;
    }
    if (!(t = new_token(0)))
        return FALSE;
    ok = token_has(t, SidToCheck, &member);
    w32_object_unref(&t->obj);
    if (!ok) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return FALSE;
    }
    *IsMember = member;
    return TRUE;
}
