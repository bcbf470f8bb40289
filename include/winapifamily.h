/*
 * w32shim: winapifamily.h: API partitions. A w32shim program is a desktop
 * application, so every desktop and app API is in its partition; the
 * values are mingw-w64's.
 */
#ifndef W32SHIM_WINAPIFAMILY_H
#define W32SHIM_WINAPIFAMILY_H

#define WINAPI_PARTITION_DESKTOP 0x1
#define WINAPI_PARTITION_APP 0x2
#define WINAPI_FAMILY_APP WINAPI_PARTITION_APP
#define WINAPI_FAMILY_DESKTOP_APP (WINAPI_PARTITION_DESKTOP | WINAPI_PARTITION_APP)
#ifndef WINAPI_FAMILY
#define WINAPI_FAMILY WINAPI_FAMILY_DESKTOP_APP
#endif
#define WINAPI_FAMILY_PARTITION(v) ((WINAPI_FAMILY & (v)) == (v))
#define WINAPI_FAMILY_ONE_PARTITION(vset, v) ((WINAPI_FAMILY & (vset)) == (v))

#endif
