/* threadpool: being written. */
#include "error.h"
