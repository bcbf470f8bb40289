/* heaps, Local and Global memory: being written. */
#include "error.h"
