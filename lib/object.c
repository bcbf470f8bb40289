/* The kernel object's lifetime: references, and destruction with the last one. */
#include <stdlib.h>
#include "object.h"
#include "namespace.h"
#include "rcu.h"
#include "shared.h"

void w32_object_init(struct w32_object *obj, const struct w32_object_type *type)
{
    atomic_init(&obj->handle_slot_used, false);
    atomic_init(&obj->refs, 1);
    w32_lock_init(&obj->lock);
    atomic_init(&obj->waiting, 0);
    obj->type = type;
    obj->waiters.head = obj->waiters.tail = NULL;
    obj->name = NULL;
    obj->shared = NULL;
}

bool w32_object_try_ref(struct w32_object *obj)
{
    unsigned refs = atomic_load_explicit(&obj->refs, memory_order_relaxed);
    do {
        if (refs == 0)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&obj->refs, &refs, refs + 1,
                                                    memory_order_acquire,
                                                    memory_order_relaxed));
    return true;
}

static void release_memory(void *p)
{
    struct w32_object *obj = p;

    if (obj->shared)
        w32_shared_unmap(obj->shared);
    free(obj);
}

/* A shared object's block stays mapped as long as its memory: a lookup that
 * still holds the object may still touch the block. */
void w32_object_free(struct w32_object *obj)
{
    w32_retire(obj, release_memory);
}

void w32_object_unref(struct w32_object *obj)
{
    if (atomic_fetch_sub_explicit(&obj->refs, 1, memory_order_acq_rel) != 1)
        return;
    /* The process lets the shared name go with its last handle (first: an
     * open that finds the local name dying goes to the shared one). */
    if (obj->shared)
        w32_shared_release(obj->shared);
    if (obj->name)
        w32_namespace_remove(obj);
    /* Lookups that found obj before its last handle went may still read it. */
    if (obj->type->destroy(obj))
        w32_object_free(obj);
    w32_reclaim_point();
}

ACCESS_MASK w32_object_map_access(const struct w32_object_type *type, ACCESS_MASK access)
{
    const struct w32_access_map *map = &type->access;
    ACCESS_MASK specific = access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE |
                                      GENERIC_ALL | MAXIMUM_ALLOWED);

    if (access & GENERIC_READ)
        specific |= map->read;
    if (access & GENERIC_WRITE)
        specific |= map->write;
    if (access & GENERIC_EXECUTE)
        specific |= map->execute;
    if (access & (GENERIC_ALL | MAXIMUM_ALLOWED))
        specific |= map->all;
    if (specific & map->query)
        specific |= map->query_limited;
    if (specific & map->set)
        specific |= map->set_limited;
    return specific;
}
