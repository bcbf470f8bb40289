/* named pipes: being written. */
#include "error.h"
