/* files: being written. */
#include "error.h"
