/* waitonaddress: being written. */
#include "error.h"
