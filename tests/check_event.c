/* Placeholder: the event suite is being written. */
#include "testutil.h"

static Suite *event_suite(void)
{
    return suite_create("event");
}

W32_TEST_MAIN(event_suite)
