/* Security identifiers as w32shim builds them (sid.c): user and group SIDs of Unix ids. */
#ifndef W32_SID_H
#define W32_SID_H

#include <windows.h>

/* A SID of an authority below 256 with up to two subauthorities: all the ones tokens hold. */
struct w32_sid_spec {
    BYTE authority;
    BYTE count;
    DWORD sub[2];
    DWORD attributes;       /* SE_GROUP_* where it stands in a token's groups */
};

/* The "Unix user" and "Unix group" authority (S-1-22-1-uid, S-1-22-2-gid), as Samba and Cygwin name Unix ids. */
#define W32_UNIX_AUTHORITY 22

/* The bytes spec's SID takes. */
DWORD w32_sid_spec_size(const struct w32_sid_spec *spec);

/* Writes spec's SID at sid (w32_sid_spec_size bytes). */
void w32_sid_from_spec(PSID sid, const struct w32_sid_spec *spec);

/* Whether sid (a valid SID) is spec's. */
BOOL w32_sid_matches(PSID sid, const struct w32_sid_spec *spec);

#endif
