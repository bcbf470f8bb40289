/* critsec: being written. */
#include "error.h"
