/* apc: being written. */
#include "error.h"
