/* Placeholder: the module suite is being written. */
#include "testutil.h"

static Suite *module_suite(void)
{
    return suite_create("module");
}

W32_TEST_MAIN(module_suite)
