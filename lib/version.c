/* w32shim_version.h: the library's version, configure.ac's. */
#include <w32shim_version.h>

const char *w32shim_version(void)
{
    return W32SHIM_VERSION;
}
