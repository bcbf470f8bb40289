/* Placeholder: the heap suite is being written. */
#include "testutil.h"

static Suite *heap_suite(void)
{
    return suite_create("heap");
}

W32_TEST_MAIN(heap_suite)
