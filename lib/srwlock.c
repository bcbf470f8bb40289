/* srwlock: being written. */
#include "error.h"
