/* command line and environment: being written. */
#include "error.h"
