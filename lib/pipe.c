/* anonymous pipes: being written. */
#include "error.h"
