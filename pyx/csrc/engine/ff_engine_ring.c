/* ff_engine_ring.c - SPSC ring of fixed-size records (see ff_engine_ring.h),
 * and the render's one writer of the event ring, ff_post_event. */
#include "engine/ff_engine_ring.h"

#include <stdlib.h>
#include <string.h>

#include "engine/ff_engine_internal.h"

int ff_ring_init(ff_ring *ring, size_t capacity, size_t record_size)
{
    size_t cap = 1;
    memset(ring, 0, sizeof(*ring));
    if (capacity == 0 || record_size == 0)
        return -1;
    while (cap < capacity)
        cap <<= 1;
    /* malloc + memset, not calloc: every page is touched now, so the audio
     * thread never takes a page fault on its first push or pop */
    ring->records = (unsigned char *)malloc(cap * record_size);
    if (!ring->records)
        return -1;
    memset(ring->records, 0, cap * record_size);
    ring->mask = cap - 1;
    ring->record_size = record_size;
    return 0;
}

void ff_ring_free(ff_ring *ring)
{
    free(ring->records);
    ring->records = NULL;
}

int ff_ring_push(ff_ring *ring, const void *record)
{
    uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_RELAXED);
    uint64_t tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
    if (head - tail > ring->mask)
        return -1;
    memcpy(ring->records + (head & ring->mask) * ring->record_size, record, ring->record_size);
    __atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
    return 0;
}

int ff_ring_pop(ff_ring *ring, void *record)
{
    uint64_t tail = __atomic_load_n(&ring->tail, __ATOMIC_RELAXED);
    uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
    if (head == tail)
        return -1;
    memcpy(record, ring->records + (tail & ring->mask) * ring->record_size, ring->record_size);
    __atomic_store_n(&ring->tail, tail + 1, __ATOMIC_RELEASE);
    return 0;
}

int ff_ring_empty(const ff_ring *ring)
{
    return __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE) ==
           __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
}

size_t ff_ring_capacity(const ff_ring *ring)
{
    return (size_t)ring->mask + 1;
}

/* Render thread: one event to Python; a full ring drops it and counts the drop. */
void ff_post_event(ff_engine *e, uint32_t type, uint32_t slot, uint64_t value)
{
    ff_event ev = {type, slot, value};
    if (ff_ring_push(&e->rings.events, &ev) != 0)
        FF_STAT_ADD(e, events_dropped, 1);
}
