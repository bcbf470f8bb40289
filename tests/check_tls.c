/* Placeholder: the tls suite is being written. */
#include "testutil.h"

static Suite *tls_suite(void)
{
    return suite_create("tls");
}

W32_TEST_MAIN(tls_suite)
