/* Named objects: create-or-open by name, lookup, and removal with the object. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "namespace.h"
#include "clock.h"
#include "error.h"
#include "handle.h"
#include "shared.h"
#include "unicode.h"
#include "fork.h"

#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (names_oom = 1)
#include <uthash.h>

struct w32_name {
    char *key;
    struct w32_object *obj;
    bool in_table;          /* false once a newer object took the name */
    struct w32_shared *hold;    /* a name_kind type's: the file holding the name, or NULL */
    UT_hash_handle hh;
};

/*
 * Guards the name table, every entry's in_table, and names_oom; held across
 * the opening of a shared name, so that one process makes one object of it.
 */
static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static struct w32_name *names;
static int names_oom;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;

/* The longest object name: a UNICODE_STRING's 65534 bytes. */
#define NAME_MAX_UNITS 32767

static __thread bool wide_name __attribute__((tls_model("initial-exec")));

void w32_name_is_wide(bool wide)
{
    wide_name = wide;
}

/*
 * Whether name fits where Windows puts it: an A function converts its name
 * into a buffer of MAX_PATH + 1 UTF-16 units (260 characters and the NUL).
 */
static bool name_fits(const char *name)
{
    size_t units = 0;

    if (wide_name)
        return true;
    /* A lead byte starts a character: four-byte ones are surrogate pairs. */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if ((*p & 0xc0) != 0x80)
            units += (*p & 0xf8) == 0xf0 ? 2 : 1;
    return units <= MAX_PATH;
}

static struct w32_name *new_entry(const char *key, struct w32_object *obj)
{
    struct w32_name *entry = malloc(sizeof(*entry));

    if (entry && !(entry->key = strdup(key))) {
        free(entry);
        entry = NULL;
    }
    if (entry) {
        entry->obj = obj;
        entry->in_table = true;
        entry->hold = NULL;
    }
    return entry;
}

/* The live object named key, referenced, or NULL; names_lock held. */
static struct w32_object *find_live(const char *key)
{
    struct w32_name *found = NULL;

    HASH_FIND_STR(names, key, found);
    return found && w32_object_try_ref(found->obj) ? found->obj : NULL;
}

/* Publishes obj under key; false when out of memory. names_lock held. */
static bool publish_locked(const char *key, struct w32_object *obj)
{
    struct w32_name *replaced = NULL;
    struct w32_name *entry = new_entry(key, obj);

    if (!entry)
        return false;
    names_oom = 0;
    /* A name whose object is being destroyed is free for a new object. */
    HASH_REPLACE_STR(names, key, entry, replaced);
    if (names_oom) {
        free(entry->key);
        free(entry);
        return false;
    }
    if (replaced)
        replaced->in_table = false;
    obj->name = entry;
    return true;
}

/*
 * A process that exits without closing its handles lets its shared names go
 * as it exits (one that is killed leaves files nobody holds, which the next
 * process to use the namespace sweeps away).
 */
static void release_shared_names(void)
{
    struct w32_name *entry, *tmp;

    pthread_mutex_lock(&names_lock);
    HASH_ITER(hh, names, entry, tmp) {
        if (entry->obj->shared)
            w32_shared_release(entry->obj->shared);
        if (entry->hold)
            w32_shared_release(entry->hold);
    }
    pthread_mutex_unlock(&names_lock);
}

static void register_exit(void)
{
    atexit(release_shared_names);
}

static void init_block(void *block, void *arg)
{
    struct w32_object *obj = arg;

    obj->type->shared_init(block, obj);
}

/*
 * Binds obj to the shared object named key, creating it from obj's state if
 * create is set (*created tells). names_lock held.
 */
static bool bind_shared(struct w32_object *obj, const char *key, bool create, bool *created)
{
    const struct w32_object_type *type = obj->type;
    size_t size = type->shared_size_of ? type->shared_size_of(obj) : type->shared_size;
    struct w32_shared *shared = w32_shared_open(key, type->shared_kind, size, create, init_block,
                                                obj, created);

    if (!shared)
        return false;
    pthread_once(&exit_once, register_exit);
    obj->shared = shared;
    type->shared_bind(obj, shared->block, *created);
    return true;
}

static HANDLE open_existing(struct w32_object *obj, const struct w32_object_type *type,
                            ACCESS_MASK access, BOOL inherit)
{
    if (obj->type != type) {
        w32_object_unref(obj);
        w32_set_error(ERROR_INVALID_HANDLE);
        return NULL;
    }
    return w32_handle_create(obj, access, inherit);
}

static void no_block(void *block, void *arg)
{
    (void)block;
    (void)arg;
}

static void drop_hold(struct w32_shared *hold)
{
    w32_shared_release(hold);
    w32_shared_unmap(hold);
}

/*
 * The name key in the shared namespace for a name_kind type (object.h):
 * *hold holds it (create: taken if free) for as long as the object lives.
 * While the process holds a name, the name is in its table: a new object
 * takes the hold of one whose last handle is going (which no open finds),
 * so that a name held and not in the table is another process's:
 * ERROR_NOT_SUPPORTED, as it cannot be opened here. ERROR_INVALID_HANDLE
 * when an object of another type has it, ERROR_FILE_NOT_FOUND when !create
 * and nobody has it. names_lock held.
 */
static DWORD hold_name(unsigned kind, const char *key, bool create, struct w32_shared **hold)
{
    struct w32_name *ours = NULL;
    bool created = false;

    *hold = NULL;
    HASH_FIND_STR(names, key, ours);
    if (ours && !create)
        return ERROR_FILE_NOT_FOUND;
    if (ours && ours->hold) {
        *hold = ours->hold;
        ours->hold = NULL;
        return ERROR_SUCCESS;
    }
    *hold = w32_shared_open(key, kind, sizeof(struct w32_shared_sync), create, no_block, NULL,
                            &created);
    if (!*hold)
        return GetLastError();
    if (created)
        return ERROR_SUCCESS;
    drop_hold(*hold);
    *hold = NULL;
    return ERROR_NOT_SUPPORTED;
}

/* Finds or makes the object fresh is to be named key: *existing, or fresh. */
static DWORD create_named(struct w32_object *fresh, const char *key,
                          struct w32_object **existing, bool *created)
{
    const struct w32_object_type *type = fresh->type;
    struct w32_shared *hold = NULL;
    DWORD error = ERROR_SUCCESS;

    *created = true;
    pthread_mutex_lock(&names_lock);
    *existing = find_live(key);
    if (!*existing && type->shared_kind && !bind_shared(fresh, key, true, created))
        error = GetLastError();
    else if (!*existing && type->name_kind &&
             (error = hold_name(type->name_kind, key, true, &hold)) != ERROR_SUCCESS)
        ;
    else if (!*existing && !publish_locked(key, fresh))
        error = ERROR_NOT_ENOUGH_MEMORY;
    if (hold && error == ERROR_SUCCESS)
        fresh->name->hold = hold;
    else if (hold)
        drop_hold(hold);
    pthread_mutex_unlock(&names_lock);
    return error;
}

/*
 * The key of an unnamed object created inheritable: a child inherits it as a
 * shared object, so it is one from the start, under a key no name gives.
 */
static uint64_t anonymous_nonce;

/* A process whose pid is reused later must not meet this one's stale keys. */
static void init_anonymous_nonce(void)
{
    if (getrandom(&anonymous_nonce, sizeof(anonymous_nonce), 0) != sizeof(anonymous_nonce))
        anonymous_nonce = (uint64_t)w32_clock_ns(CLOCK_REALTIME);
}

static DWORD anonymous_key(char **key)
{
    static atomic_uint serial;
    static pthread_once_t nonce_once = PTHREAD_ONCE_INIT;

    pthread_once(&nonce_once, init_anonymous_nonce);
    if (asprintf(key, W32_SHARED_ANON_PREFIX "%d.%016llx.%u", (int)getpid(),
                 (unsigned long long)anonymous_nonce,
                 atomic_fetch_add_explicit(&serial, 1, memory_order_relaxed)) < 0) {
        *key = NULL;
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_SUCCESS;
}

HANDLE w32_named_create(struct w32_object *fresh, LPCSTR name, LPSECURITY_ATTRIBUTES sa,
                        ACCESS_MASK access)
{
    BOOL inherit = sa && sa->bInheritHandle;
    struct w32_object *existing = NULL;
    bool created = true;
    bool named = name && *name;
    HANDLE h;

    if (named || (inherit && fresh->type->shared_kind)) {
        char *key = NULL;
        DWORD error = !named ? anonymous_key(&key)
                    : name_fits(name) ? w32_shared_key(name, &key) : ERROR_FILENAME_EXCED_RANGE;
        if (error == ERROR_SUCCESS)
            error = create_named(fresh, key, &existing, &created);
        free(key);
        if (error != ERROR_SUCCESS) {
            w32_object_unref(fresh);
            w32_set_error(error);
            return NULL;
        }
        if (existing) {
            const struct w32_object_type *type = fresh->type;
            w32_object_unref(fresh);
            h = open_existing(existing, type, access, inherit);
            if (h)
                w32_set_error(ERROR_ALREADY_EXISTS);
            return h;
        }
    }
    h = w32_handle_create(fresh, access, inherit);
    if (h)
        w32_set_error(created ? ERROR_SUCCESS : ERROR_ALREADY_EXISTS);
    return h;
}

/* The access an Open* call may ask for: rights of the type, nothing else. */
static DWORD check_open_access(const struct w32_object_type *type, ACCESS_MASK access)
{
    ACCESS_MASK mapped = w32_object_map_access(type, access);

    if (access & ACCESS_SYSTEM_SECURITY)
        return ERROR_PRIVILEGE_NOT_HELD;
    if (mapped == 0 || (mapped & ~type->access.all))
        return ERROR_ACCESS_DENIED;
    return ERROR_SUCCESS;
}

/* The object named key, referenced: this process's, or a shared one opened. */
static struct w32_object *open_named(const struct w32_object_type *type, const char *key)
{
    struct w32_object *obj;
    bool created;

    pthread_mutex_lock(&names_lock);
    obj = find_live(key);
    if (!obj && type->shared_kind && (obj = type->shared_new())) {
        if (!bind_shared(obj, key, false, &created)) {
            DWORD error = GetLastError();
            pthread_mutex_unlock(&names_lock);
            w32_object_unref(obj);
            w32_set_error(error);
            return NULL;
        }
        if (!publish_locked(key, obj)) {
            pthread_mutex_unlock(&names_lock);
            w32_object_unref(obj);
            w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
            return NULL;
        }
    } else if (!obj && type->name_kind) {
        /* Another process's, or of another type, or nobody's. */
        struct w32_shared *hold;
        w32_set_error(hold_name(type->name_kind, key, false, &hold));
    } else if (!obj) {
        w32_set_error(type->shared_kind ? ERROR_NOT_ENOUGH_MEMORY : ERROR_FILE_NOT_FOUND);
    }
    pthread_mutex_unlock(&names_lock);
    return obj;
}

HANDLE w32_named_open(const struct w32_object_type *type, LPCSTR name, ACCESS_MASK access,
                      BOOL inherit)
{
    struct w32_object *obj;
    char *key;
    DWORD error;

    if (!name) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return NULL;
    }
    /* The empty name is the object directory itself, of another type. */
    error = !*name ? ERROR_INVALID_HANDLE
          : !name_fits(name) ? ERROR_FILENAME_EXCED_RANGE : w32_shared_key(name, &key);
    if (error != ERROR_SUCCESS) {
        w32_set_error(error);
        return NULL;
    }
    obj = open_named(type, key);
    free(key);
    if (!obj)
        return NULL;
    error = obj->type == type ? check_open_access(type, access) : ERROR_SUCCESS;
    if (error != ERROR_SUCCESS) {
        w32_object_unref(obj);
        w32_set_error(error);
        return NULL;
    }
    return open_existing(obj, type, access, inherit);
}

/* The types whose objects are shared, by the kind their files record. */
static const struct w32_object_type *shared_type(unsigned kind)
{
    switch (kind) {
    case W32_SHARED_EVENT: return w32_shared_event_type;
    case W32_SHARED_MUTEX: return w32_shared_mutex_type;
    case W32_SHARED_SEMAPHORE: return w32_shared_semaphore_type;
    case W32_SHARED_TIMER: return w32_shared_timer_type;
    case W32_SHARED_MAPPING: return w32_shared_mapping_type;
    default: return NULL;
    }
}

struct w32_object *w32_named_adopt(int fd, const char *file, unsigned kind)
{
    const struct w32_object_type *type = shared_type(kind);
    struct w32_object *obj = type ? type->shared_new() : NULL;
    struct w32_object *existing;
    struct w32_shared *shared;
    char *key = NULL;

    if (!obj)
        return NULL;
    pthread_mutex_lock(&names_lock);
    shared = w32_shared_adopt(fd, file, kind, &key);
    /* One the process holds already (sent to it again): the same object,
     * as one key names one file, of one kind. */
    existing = shared ? find_live(key) : NULL;
    if (existing) {
        w32_shared_release(shared);     /* its own fd holds it still */
        w32_shared_unmap(shared);
        shared = NULL;
    } else if (shared) {
        pthread_once(&exit_once, register_exit);
        obj->shared = shared;
        type->shared_bind(obj, shared->block, false);
        publish_locked(key, obj);   /* out of memory: held, but not found by name */
    }
    pthread_mutex_unlock(&names_lock);
    free(key);
    if (!shared) {
        w32_object_unref(obj);
        return existing;
    }
    return obj;
}

void w32_namespace_remove(struct w32_object *obj)
{
    struct w32_name *entry = obj->name;

    pthread_mutex_lock(&names_lock);
    /* Under the lock, with the name still in the table (hold_name). */
    if (entry->hold)
        drop_hold(entry->hold);
    if (entry->in_table)
        HASH_DEL(names, entry);
    pthread_mutex_unlock(&names_lock);
    free(entry->key);
    free(entry);
}

bool w32_name_to_utf8(LPCWSTR name, char **utf8)
{
    size_t units = 0;

    *utf8 = NULL;
    if (!name)
        return true;
    while (name[units] && units <= NAME_MAX_UNITS)
        units++;
    if (units > NAME_MAX_UNITS) {
        w32_set_error(ERROR_FILENAME_EXCED_RANGE);
        return false;
    }
    *utf8 = w32_utf16_to_utf8(name);
    if (!*utf8) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return false;
    }
    return true;
}

/* fork (fork.h): the names lock is held across a fork. */
void w32_namespace_fork(enum w32_fork_phase phase)
{
    w32_fork_mutex(&names_lock, phase);
}
