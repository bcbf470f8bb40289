/* consoles: being written. */
#include "error.h"
