/* Placeholder: the critsec suite is being written. */
#include "testutil.h"

static Suite *critsec_suite(void)
{
    return suite_create("critsec");
}

W32_TEST_MAIN(critsec_suite)
