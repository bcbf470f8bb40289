/* w32shim: <Windows.h>, as Windows' case-insensitive file system lets sources spell it. */
#include "windows.h"
