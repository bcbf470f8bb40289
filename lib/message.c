/* FormatMessage: being written. */
#include "error.h"
