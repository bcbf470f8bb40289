/* lstr and Char functions, wsprintf: being written. */
#include "error.h"
