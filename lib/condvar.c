/* condvar: being written. */
#include "error.h"
