/* Named events, mutexes and semaphores: one namespace, A and W names, lifetime. */
#include "testutil.h"

/* ---- the three types through one interface ---- */

struct named_type {
    const char *name;
    HANDLE (*create_a)(LPCSTR name);
    HANDLE (*create_w)(LPCWSTR name);
    HANDLE (*open_a)(DWORD access, LPCSTR name);
    HANDLE (*open_w)(DWORD access, LPCWSTR name);
    DWORD all_access;
};

static HANDLE event_create_a(LPCSTR n) { return CreateEventA(NULL, TRUE, FALSE, n); }
static HANDLE event_create_w(LPCWSTR n) { return CreateEventW(NULL, TRUE, FALSE, n); }
static HANDLE event_open_a(DWORD a, LPCSTR n) { return OpenEventA(a, FALSE, n); }
static HANDLE event_open_w(DWORD a, LPCWSTR n) { return OpenEventW(a, FALSE, n); }
static HANDLE mutex_create_a(LPCSTR n) { return CreateMutexA(NULL, FALSE, n); }
static HANDLE mutex_create_w(LPCWSTR n) { return CreateMutexW(NULL, FALSE, n); }
static HANDLE mutex_open_a(DWORD a, LPCSTR n) { return OpenMutexA(a, FALSE, n); }
static HANDLE mutex_open_w(DWORD a, LPCWSTR n) { return OpenMutexW(a, FALSE, n); }
static HANDLE sem_create_a(LPCSTR n) { return CreateSemaphoreA(NULL, 0, 10, n); }
static HANDLE sem_create_w(LPCWSTR n) { return CreateSemaphoreW(NULL, 0, 10, n); }
static HANDLE sem_open_a(DWORD a, LPCSTR n) { return OpenSemaphoreA(a, FALSE, n); }
static HANDLE sem_open_w(DWORD a, LPCWSTR n) { return OpenSemaphoreW(a, FALSE, n); }

static const struct named_type types[] = {
    { "event", event_create_a, event_create_w, event_open_a, event_open_w, EVENT_ALL_ACCESS },
    { "mutex", mutex_create_a, mutex_create_w, mutex_open_a, mutex_open_w, MUTANT_ALL_ACCESS },
    { "semaphore", sem_create_a, sem_create_w, sem_open_a, sem_open_w, SEMAPHORE_ALL_ACCESS },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

static BOOL same_object(HANDLE a, HANDLE b)
{
    return CompareObjectHandles(a, b);
}

/* ---- create and open ---- */

START_TEST(test_create_new_name_sets_success)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE a, w;

    SetLastError(0xdeadbeef);
    a = t->create_a("ns_new_a");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    SetLastError(0xdeadbeef);
    w = t->create_w(u"ns_new_w");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(!same_object(a, w));
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_create_existing_name_returns_same_object_with_already_exists)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE a = t->create_a("ns_twice"), b, c;

    ck_assert_ptr_nonnull(a);
    SetLastError(0);
    b = t->create_a("ns_twice");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert_ptr_ne(a, b);
    ck_assert(same_object(a, b));
    SetLastError(0);
    c = t->create_w(u"ns_twice");
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(same_object(a, c));
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    ck_assert(CloseHandle(c));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_state_is_shared_between_handles_of_one_name)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateEventA(NULL, TRUE, FALSE, "ns_shared_event");
    /* The existing object wins: this handle's manual/initial arguments are ignored. */
    HANDLE b = CreateEventA(NULL, FALSE, TRUE, "ns_shared_event");
    HANDLE c = OpenEventA(EVENT_ALL_ACCESS, FALSE, "ns_shared_event");

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(WaitForSingleObject(b, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(a));
    ck_assert_uint_eq(WaitForSingleObject(b, 0), WAIT_OBJECT_0);
    ck_assert_uint_eq(WaitForSingleObject(b, 0), WAIT_OBJECT_0);   /* manual reset */
    ck_assert(ResetEvent(c));
    ck_assert_uint_eq(WaitForSingleObject(a, 0), WAIT_TIMEOUT);
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    ck_assert(CloseHandle(c));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_semaphore_count_is_shared_between_handles_of_one_name)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateSemaphoreA(NULL, 0, 5, "ns_shared_sem");
    HANDLE b = OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, u"ns_shared_sem");
    LONG prev = -1;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert(ReleaseSemaphore(a, 2, &prev));
    ck_assert_int_eq(prev, 0);
    ck_assert_uint_eq(WaitForSingleObject(b, 0), WAIT_OBJECT_0);
    ck_assert(ReleaseSemaphore(b, 1, &prev));
    ck_assert_int_eq(prev, 1);
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_existing_name_gives_same_object)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE a = t->create_a("ns_open"), b, c;

    ck_assert_ptr_nonnull(a);
    SetLastError(0xfacefeed);
    b = t->open_a(t->all_access, "ns_open");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(GetLastError(), 0xfacefeed);
    c = t->open_w(t->all_access, u"ns_open");
    ck_assert_ptr_nonnull(c);
    ck_assert(same_object(a, b));
    ck_assert(same_object(a, c));
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(b));
    ck_assert(CloseHandle(c));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_missing_name_fails_with_file_not_found)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];

    SetLastError(0);
    ck_assert_ptr_null(t->open_a(t->all_access, "ns_missing"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0);
    ck_assert_ptr_null(t->open_w(t->all_access, u"ns_missing"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_open_null_name_fails_with_invalid_parameter)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];

    SetLastError(0);
    ck_assert_ptr_null(t->open_a(t->all_access, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    SetLastError(0);
    ck_assert_ptr_null(t->open_w(t->all_access, NULL));
    ck_assert_uint_eq(GetLastError(), ERROR_INVALID_PARAMETER);
    LEAK_CHECK_END();
}
END_TEST

/* Wine run (kernel32): a name held by another type gives NULL, ERROR_INVALID_HANDLE. */
START_TEST(test_name_held_by_other_type_fails_with_invalid_handle)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *holder = &types[_i];
    HANDLE h = holder->create_a("ns_typed");

    ck_assert_ptr_nonnull(h);
    for (size_t j = 0; j < NTYPES; j++) {
        const struct named_type *t = &types[j];
        if (t == holder)
            continue;
        SetLastError(0);
        ck_assert_ptr_null(t->create_a("ns_typed"));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0);
        ck_assert_ptr_null(t->create_w(u"ns_typed"));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0);
        ck_assert_ptr_null(t->open_a(t->all_access, "ns_typed"));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
        SetLastError(0);
        ck_assert_ptr_null(t->open_w(t->all_access, u"ns_typed"));
        ck_assert_uint_eq(GetLastError(), ERROR_INVALID_HANDLE);
    }
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

/* sync.c test_event: names are case-sensitive. */
START_TEST(test_names_are_case_sensitive)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE lower = t->create_a("ns_case"), upper;

    ck_assert_ptr_nonnull(lower);
    SetLastError(0);
    ck_assert_ptr_null(t->open_a(t->all_access, "NS_CASE"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    SetLastError(0xdeadbeef);
    upper = t->create_a("NS_CASE");
    ck_assert_ptr_nonnull(upper);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert(!same_object(lower, upper));
    ck_assert(CloseHandle(lower));
    ck_assert(CloseHandle(upper));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_a_and_w_names_of_same_text_are_one_object)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE w = t->create_w(u"ns_both"), a;

    ck_assert_ptr_nonnull(w);
    SetLastError(0);
    a = t->create_a("ns_both");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(same_object(a, w));
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

/* A names are UTF-8: non-ASCII text, including a surrogate pair, names one object. */
START_TEST(test_non_ascii_a_and_w_names_are_one_object)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE w = t->create_w(u"ns_\u00e9t\u00e9_\u4e2d\U0001F600"), a, o;

    ck_assert_ptr_nonnull(w);
    SetLastError(0);
    a = t->create_a(u8"ns_\u00e9t\u00e9_\u4e2d\U0001F600");
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(same_object(a, w));
    o = t->open_w(t->all_access, u"ns_\u00e9t\u00e9_\u4e2d\U0001F600");
    ck_assert_ptr_nonnull(o);
    ck_assert(same_object(o, w));
    /* A different accent is a different name. */
    SetLastError(0);
    ck_assert_ptr_null(t->open_w(t->all_access, u"ns_\u00e8t\u00e9_\u4e2d\U0001F600"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    ck_assert(CloseHandle(a));
    ck_assert(CloseHandle(w));
    ck_assert(CloseHandle(o));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_local_prefix_names_the_same_object)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE local = t->create_a("Local\\ns_local"), plain, w;

    ck_assert_ptr_nonnull(local);
    SetLastError(0);
    plain = t->create_a("ns_local");
    ck_assert_ptr_nonnull(plain);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(same_object(local, plain));
    w = t->open_w(t->all_access, u"Local\\ns_local");
    ck_assert_ptr_nonnull(w);
    ck_assert(same_object(local, w));
    ck_assert(CloseHandle(local));
    ck_assert(CloseHandle(plain));
    ck_assert(CloseHandle(w));
    LEAK_CHECK_END();
}
END_TEST

/* w32shim's choice: only Local\ and Global\ exist as directories. */
START_TEST(test_other_backslash_names_fail_with_path_not_found)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];

    SetLastError(0);
    ck_assert_ptr_null(t->create_a("ns_dir\\x"));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    SetLastError(0);
    ck_assert_ptr_null(t->open_w(t->all_access, u"Nope\\x"));
    ck_assert_uint_eq(GetLastError(), ERROR_PATH_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

/* sync.c test_temporary_objects: the name goes with the last handle. */
START_TEST(test_name_goes_away_with_last_handle)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE a = t->create_a("ns_temp"), b = t->open_a(t->all_access, "ns_temp");

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert(CloseHandle(a));
    /* One handle left: still there. */
    HANDLE c = t->open_a(t->all_access, "ns_temp");
    ck_assert_ptr_nonnull(c);
    ck_assert(CloseHandle(c));
    ck_assert(CloseHandle(b));
    SetLastError(0);
    ck_assert_ptr_null(t->open_a(t->all_access, "ns_temp"));
    ck_assert_uint_eq(GetLastError(), ERROR_FILE_NOT_FOUND);
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_name_recreated_after_last_close_is_a_new_object)
{
    LEAK_CHECK_BEGIN();
    HANDLE first = CreateEventA(NULL, TRUE, FALSE, "ns_again"), second;

    ck_assert_ptr_nonnull(first);
    ck_assert(SetEvent(first));
    ck_assert(CloseHandle(first));
    SetLastError(0xdeadbeef);
    second = CreateEventA(NULL, TRUE, FALSE, "ns_again");
    ck_assert_ptr_nonnull(second);
    ck_assert_uint_eq(GetLastError(), ERROR_SUCCESS);
    ck_assert_uint_eq(WaitForSingleObject(second, 0), WAIT_TIMEOUT);   /* fresh state */
    ck_assert(CloseHandle(second));
    LEAK_CHECK_END();
}
END_TEST

/* The name lives as long as the object, not as long as the creating handle. */
START_TEST(test_name_survives_while_a_duplicate_lives)
{
    LEAK_CHECK_BEGIN();
    HANDLE a = CreateEventA(NULL, TRUE, FALSE, "ns_dup"), dup, b;

    ck_assert_ptr_nonnull(a);
    ck_assert(DuplicateHandle(GetCurrentProcess(), a, GetCurrentProcess(), &dup, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
    ck_assert(CloseHandle(a));
    SetLastError(0);
    b = CreateEventA(NULL, TRUE, FALSE, "ns_dup");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(GetLastError(), ERROR_ALREADY_EXISTS);
    ck_assert(same_object(b, dup));
    ck_assert(CloseHandle(b));
    ck_assert(CloseHandle(dup));
    LEAK_CHECK_END();
}
END_TEST

/* sync.c test_mutex: OpenMutexA(0, ...) fails with ERROR_ACCESS_DENIED. */
START_TEST(test_open_with_no_access_fails_with_access_denied)
{
    LEAK_CHECK_BEGIN();
    const struct named_type *t = &types[_i];
    HANDLE h = t->create_a("ns_noaccess");

    ck_assert_ptr_nonnull(h);
    SetLastError(0);
    ck_assert_ptr_null(t->open_a(0, "ns_noaccess"));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    SetLastError(0);
    ck_assert_ptr_null(t->open_w(0, u"ns_noaccess"));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert(CloseHandle(h));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_opened_with_synchronize_only_cannot_be_set)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, "ns_sync_only"), h;

    ck_assert_ptr_nonnull(ev);
    h = OpenEventA(SYNCHRONIZE, FALSE, "ns_sync_only");
    ck_assert_ptr_nonnull(h);
    SetLastError(0);
    ck_assert(!SetEvent(h));
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_TIMEOUT);
    ck_assert(SetEvent(ev));
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_event_opened_with_modify_only_can_be_set_but_not_waited)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, "ns_modify_only"), h;

    ck_assert_ptr_nonnull(ev);
    h = OpenEventA(EVENT_MODIFY_STATE, FALSE, "ns_modify_only");
    ck_assert_ptr_nonnull(h);
    ck_assert(SetEvent(h));
    SetLastError(0);
    ck_assert_uint_eq(WaitForSingleObject(h, 0), WAIT_FAILED);
    ck_assert_uint_eq(GetLastError(), ERROR_ACCESS_DENIED);
    ck_assert_uint_eq(WaitForSingleObject(ev, 0), WAIT_OBJECT_0);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

START_TEST(test_inherit_flag_of_open_follows_binherit)
{
    LEAK_CHECK_BEGIN();
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, "ns_inherit"), h;
    DWORD flags = 0;

    ck_assert_ptr_nonnull(ev);
    h = OpenEventA(EVENT_ALL_ACCESS, TRUE, "ns_inherit");
    ck_assert_ptr_nonnull(h);
    ck_assert(GetHandleInformation(h, &flags));
    ck_assert_uint_eq(flags, HANDLE_FLAG_INHERIT);
    ck_assert(GetHandleInformation(ev, &flags));
    ck_assert_uint_eq(flags, 0);
    ck_assert(CloseHandle(h));
    ck_assert(CloseHandle(ev));
    LEAK_CHECK_END();
}
END_TEST

/* ---- racing creators ---- */

#define RACERS 8

struct race {
    HANDLE go;                  /* manual-reset: starts every racer at once */
    LONG volatile ready;
    HANDLE handles[RACERS];     /* each written by its own racer only */
    DWORD errors[RACERS];
};

struct racer {
    struct race *race;
    int index;
};

static DWORD WINAPI create_racer(LPVOID arg)
{
    struct racer *r = arg;

    InterlockedIncrement(&r->race->ready);
    if (WaitForSingleObject(r->race->go, 5000) != WAIT_OBJECT_0)
        return 0;
    SetLastError(0xdeadbeef);
    r->race->handles[r->index] = CreateEventA(NULL, TRUE, FALSE, "ns_race");
    r->race->errors[r->index] = GetLastError();
    return 1;
}

START_TEST(test_racing_creators_share_one_object_and_one_sees_success)
{
    LEAK_CHECK_BEGIN();
    for (int round = 0; round < 20; round++) {
        struct race race = { CreateEventA(NULL, TRUE, FALSE, NULL), 0, { 0 }, { 0 } };
        struct racer racers[RACERS];
        HANDLE threads[RACERS];
        int created = 0;

        ck_assert_ptr_nonnull(race.go);
        for (int i = 0; i < RACERS; i++) {
            racers[i] = (struct racer){ &race, i };
            threads[i] = CreateThread(NULL, 0, create_racer, &racers[i], 0, NULL);
            ck_assert_ptr_nonnull(threads[i]);
        }
        while (InterlockedCompareExchange(&race.ready, 0, 0) < RACERS)
            Sleep(0);
        ck_assert(SetEvent(race.go));
        ck_assert_uint_eq(WaitForMultipleObjects(RACERS, threads, TRUE, 5000), WAIT_OBJECT_0);
        for (int i = 0; i < RACERS; i++) {
            DWORD code = 0;
            ck_assert(GetExitCodeThread(threads[i], &code));
            ck_assert_uint_eq(code, 1);
            ck_assert_ptr_nonnull(race.handles[i]);
            ck_assert_msg(race.errors[i] == ERROR_SUCCESS ||
                          race.errors[i] == ERROR_ALREADY_EXISTS,
                          "error %lu", (unsigned long)race.errors[i]);
            created += race.errors[i] == ERROR_SUCCESS;
            ck_assert(same_object(race.handles[0], race.handles[i]));
        }
        ck_assert_int_eq(created, 1);
        for (int i = 0; i < RACERS; i++) {
            ck_assert(CloseHandle(race.handles[i]));
            ck_assert(CloseHandle(threads[i]));
        }
        ck_assert(CloseHandle(race.go));
    }
    LEAK_CHECK_END();
}
END_TEST

static Suite *namespace_suite(void)
{
    Suite *s = suite_create("namespace");
    TCase *tc;

    tc = tcase_create("per_type");
    tcase_add_loop_test(tc, test_create_new_name_sets_success, 0, NTYPES);
    tcase_add_loop_test(tc, test_create_existing_name_returns_same_object_with_already_exists,
                        0, NTYPES);
    tcase_add_loop_test(tc, test_open_existing_name_gives_same_object, 0, NTYPES);
    tcase_add_loop_test(tc, test_open_missing_name_fails_with_file_not_found, 0, NTYPES);
    tcase_add_loop_test(tc, test_open_null_name_fails_with_invalid_parameter, 0, NTYPES);
    tcase_add_loop_test(tc, test_name_held_by_other_type_fails_with_invalid_handle, 0, NTYPES);
    tcase_add_loop_test(tc, test_names_are_case_sensitive, 0, NTYPES);
    tcase_add_loop_test(tc, test_a_and_w_names_of_same_text_are_one_object, 0, NTYPES);
    tcase_add_loop_test(tc, test_non_ascii_a_and_w_names_are_one_object, 0, NTYPES);
    tcase_add_loop_test(tc, test_local_prefix_names_the_same_object, 0, NTYPES);
    tcase_add_loop_test(tc, test_other_backslash_names_fail_with_path_not_found, 0, NTYPES);
    tcase_add_loop_test(tc, test_name_goes_away_with_last_handle, 0, NTYPES);
    tcase_add_loop_test(tc, test_open_with_no_access_fails_with_access_denied, 0, NTYPES);
    suite_add_tcase(s, tc);

    tc = tcase_create("state");
    tcase_add_test(tc, test_event_state_is_shared_between_handles_of_one_name);
    tcase_add_test(tc, test_semaphore_count_is_shared_between_handles_of_one_name);
    tcase_add_test(tc, test_name_recreated_after_last_close_is_a_new_object);
    tcase_add_test(tc, test_name_survives_while_a_duplicate_lives);
    tcase_add_test(tc, test_event_opened_with_synchronize_only_cannot_be_set);
    tcase_add_test(tc, test_event_opened_with_modify_only_can_be_set_but_not_waited);
    tcase_add_test(tc, test_inherit_flag_of_open_follows_binherit);
    suite_add_tcase(s, tc);

    tc = tcase_create("race");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_racing_creators_share_one_object_and_one_sees_success);
    suite_add_tcase(s, tc);

    return s;
}

W32_TEST_MAIN(namespace_suite)
