/* standard handles: being written. */
#include "error.h"
