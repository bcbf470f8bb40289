/* virtual memory: being written. */
#include "error.h"
