/* initonce: being written. */
#include "error.h"
