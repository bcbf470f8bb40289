/* w32shim: guiddef.h, the GUID structure. */
#ifndef W32SHIM_GUIDDEF_H
#define W32SHIM_GUIDDEF_H

#include <windef.h>

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    DWORD Data1;                    /* 32 bits, as on Windows (not long) */
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID;
#endif
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;

#endif
