/* timer: being written. */
#include "error.h"
