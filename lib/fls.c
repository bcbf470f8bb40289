/* fls: being written. */
#include "error.h"
