/* ff_engine_ring.h - lock-free single-producer/single-consumer ring of
 * fixed-size records, used both ways between Python and the audio thread.
 *
 * The producer only writes `head`, the consumer only writes `tail`; each side
 * publishes with a release store and reads the other side with an acquire
 * load. Storage is allocated once by ff_ring_init (off the audio thread);
 * push and pop never allocate, lock or block: a full ring makes push return
 * -1 and an empty one makes pop return -1.
 */
#ifndef FF_ENGINE_RING_H
#define FF_ENGINE_RING_H

#include <stddef.h>
#include <stdint.h>

typedef struct ff_ring {
    uint64_t head;                 /* next slot to write (producer-owned) */
    unsigned char pad_head[56];    /* keep the two indices on separate cache lines */
    uint64_t tail;                 /* next slot to read (consumer-owned) */
    unsigned char pad_tail[56];
    uint64_t mask;                 /* capacity - 1, capacity a power of two */
    size_t record_size;
    unsigned char *records;
} ff_ring;

/* Allocate room for at least `capacity` records (rounded up to a power of two). 0 = ok. */
int ff_ring_init(ff_ring *ring, size_t capacity, size_t record_size);
void ff_ring_free(ff_ring *ring);
/* Copy one record in; 0 = ok, -1 = full. */
int ff_ring_push(ff_ring *ring, const void *record);
/* Copy one record out; 0 = ok, -1 = empty. */
int ff_ring_pop(ff_ring *ring, void *record);
/* 1 if nothing is waiting (a snapshot: the producer may add right after). */
int ff_ring_empty(const ff_ring *ring);
size_t ff_ring_capacity(const ff_ring *ring);

#endif /* FF_ENGINE_RING_H */
