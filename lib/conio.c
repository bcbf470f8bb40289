/* console input: being written. */
#include "error.h"
