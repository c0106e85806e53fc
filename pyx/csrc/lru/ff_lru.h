/* ff_lru.h - O(1) least-recently-used index over 64-bit keys.
 *
 * A fixed-capacity set of uint64_t keys kept in recency order:
 *   - an open-addressing hash table (linear probing, backward-shift deletion,
 *     no tombstones) maps a key to its node, table size = power of two >= 2x
 *     capacity so probes stay short at any fill level;
 *   - nodes form an intrusive doubly linked list over one node array
 *     (oldest = head, newest = tail); unused nodes sit on a free list.
 * Memory: 16 bytes per node plus 8 per slot, i.e. 32..48 bytes per key of
 * capacity; a touch reads about four cache lines whatever the size.
 *
 * Every operation except init/grow/free/clear is O(1), allocates nothing,
 * locks nothing and makes no syscall, so it may run on the audio thread.
 * ff_lru_init/ff_lru_grow/ff_lru_free allocate or free: call them off the
 * audio thread. The structure is not synchronised: one thread at a time.
 *
 * Keys are full 64-bit values (fluxforge.keys hashes); they are mixed again
 * before indexing, so sequential integers are fine too.
 */
#ifndef FF_LRU_H
#define FF_LRU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FF_LRU_NONE UINT32_MAX          /* "no node" in links and table slots */
#define FF_LRU_MAX_CAPACITY (1u << 30)  /* keeps the table size in uint32 range */

/* Return codes. */
#define FF_LRU_OK 0
#define FF_LRU_ENOMEM (-1)      /* allocation failed (init/grow only) */
#define FF_LRU_EINVAL (-2)      /* capacity 0, above the maximum, or below size */
#define FF_LRU_FULL (-3)        /* insert into a full index */

/* A table slot: the low 32 bits of the key's mixed hash (home slot = tag &
 * table_mask, so deletion never has to read a node) and the node index. */
typedef struct ff_lru_slot {
    uint32_t tag;
    uint32_t node;              /* FF_LRU_NONE = empty slot */
} ff_lru_slot;

/* A list node: the key and its neighbours, one 16-byte unit in memory. */
typedef struct ff_lru_node {
    uint64_t key;
    uint32_t prev, next;        /* next doubles as the free-list link */
} ff_lru_node;

typedef struct ff_lru {
    ff_lru_slot *table;         /* table_mask + 1 slots */
    ff_lru_node *nodes;         /* capacity nodes */
    uint32_t table_mask;
    uint32_t capacity;
    uint32_t size;
    uint32_t oldest, newest;    /* list ends, FF_LRU_NONE when empty */
    uint32_t free_head;         /* first unused node */
} ff_lru;

/* Allocate an empty index for `capacity` keys (1..FF_LRU_MAX_CAPACITY).
 * Returns FF_LRU_OK, FF_LRU_EINVAL or FF_LRU_ENOMEM (lru left zeroed). */
int ff_lru_init(ff_lru *lru, size_t capacity);
/* Release the memory; the struct is zeroed and may be initialised again. */
void ff_lru_free(ff_lru *lru);
/* Reallocate for a larger (or smaller, >= size) capacity keeping the order.
 * Returns FF_LRU_OK, FF_LRU_EINVAL or FF_LRU_ENOMEM (lru unchanged on error). */
int ff_lru_resize(ff_lru *lru, size_t capacity);
/* Forget every key: O(capacity), no allocation. */
void ff_lru_clear(ff_lru *lru);

/* 1 if present, else 0. */
int ff_lru_contains(const ff_lru *lru, uint64_t key);
/* Move `key` to the newest end: 1 if it was present, 0 if not (no change). */
int ff_lru_touch(ff_lru *lru, uint64_t key);
/* Add `key` as newest: 1 if added, 0 if it was present (then it is touched),
 * FF_LRU_FULL if absent and the index is full (no change). */
int ff_lru_insert(ff_lru *lru, uint64_t key);
/* Forget `key`: 1 if it was present, else 0. */
int ff_lru_remove(ff_lru *lru, uint64_t key);
/* Store the oldest key in *key: 1 if there was one, 0 if empty. */
int ff_lru_peek_oldest(const ff_lru *lru, uint64_t *key);
/* Remove the oldest key into *key: 1 if there was one, 0 if empty. */
int ff_lru_pop_oldest(ff_lru *lru, uint64_t *key);
/* Write up to `max_keys` keys, oldest first; returns how many were written. */
size_t ff_lru_keys(const ff_lru *lru, uint64_t *out, size_t max_keys);

static inline size_t ff_lru_size(const ff_lru *lru) { return lru->size; }
static inline size_t ff_lru_capacity(const ff_lru *lru) { return lru->capacity; }

#ifdef __cplusplus
}
#endif

#endif /* FF_LRU_H */
