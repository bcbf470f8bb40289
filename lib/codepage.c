/* code page conversion: being written. */
#include "error.h"
