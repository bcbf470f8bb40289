/* modules: being written. */
#include "error.h"
