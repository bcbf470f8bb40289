/* Placeholder: the initonce suite is being written. */
#include "testutil.h"

static Suite *initonce_suite(void)
{
    return suite_create("initonce");
}

W32_TEST_MAIN(initonce_suite)
