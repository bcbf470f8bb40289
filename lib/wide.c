/* 16-bit wide-string functions: being written. */
#include "error.h"
