/* ff_lru.c - O(1) LRU index: open-addressing table + linked list over arrays.
 * See ff_lru.h for the contract. */
#include "lru/ff_lru.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define HUGE_PAGE_BYTES ((size_t)2 << 20)

/* malloc, but arrays of 2 MB or more are page-aligned and offered transparent
 * huge pages (Linux): a million-key index then costs few TLB misses. */
static void *alloc_array(size_t bytes)
{
    if (bytes < HUGE_PAGE_BYTES)
        return malloc(bytes);
    void *p = NULL;
    if (posix_memalign(&p, HUGE_PAGE_BYTES, bytes) != 0)
        return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    madvise(p, bytes, MADV_HUGEPAGE);  /* advice only: failure is harmless */
#endif
    return p;
}

/* splitmix64 finaliser: spreads sequential or clustered keys over the table. */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

static inline uint32_t tag_of(uint64_t key)
{
    return (uint32_t)mix64(key);
}

/* Slot holding `key`, or the empty slot where it would be inserted. The table
 * is at least twice the capacity, so an empty slot always exists. A node is
 * read only when the 32-bit tags match. */
static inline uint32_t find_slot(const ff_lru *lru, uint64_t key)
{
    const uint32_t tag = tag_of(key);
    uint32_t i = tag & lru->table_mask;
    for (;;) {
        const ff_lru_slot slot = lru->table[i];
        if (slot.node == FF_LRU_NONE || (slot.tag == tag && lru->nodes[slot.node].key == key))
            return i;
        i = (i + 1) & lru->table_mask;
    }
}

/* Empty slot i and shift later members of its probe run back (no tombstones). */
static void delete_slot(ff_lru *lru, uint32_t i)
{
    const uint32_t mask = lru->table_mask;
    uint32_t j = i;
    for (;;) {
        j = (j + 1) & mask;
        if (lru->table[j].node == FF_LRU_NONE)
            break;
        uint32_t home = lru->table[j].tag & mask;
        /* The entry at j may move to i if i lies on its probe path home..j. */
        if (((j - home) & mask) >= ((j - i) & mask)) {
            lru->table[i] = lru->table[j];
            i = j;
        }
    }
    lru->table[i].node = FF_LRU_NONE;
}

static inline void unlink_node(ff_lru *lru, uint32_t n)
{
    ff_lru_node *nodes = lru->nodes;
    uint32_t p = nodes[n].prev, x = nodes[n].next;
    if (p != FF_LRU_NONE) nodes[p].next = x; else lru->oldest = x;
    if (x != FF_LRU_NONE) nodes[x].prev = p; else lru->newest = p;
}

static inline void push_newest(ff_lru *lru, uint32_t n)
{
    lru->nodes[n].prev = lru->newest;
    lru->nodes[n].next = FF_LRU_NONE;
    if (lru->newest != FF_LRU_NONE) lru->nodes[lru->newest].next = n; else lru->oldest = n;
    lru->newest = n;
}

static inline void move_to_newest(ff_lru *lru, uint32_t n)
{
    if (n != lru->newest) {
        unlink_node(lru, n);
        push_newest(lru, n);
    }
}

void ff_lru_clear(ff_lru *lru)
{
    for (uint32_t i = 0; i <= lru->table_mask; i++)
        lru->table[i].node = FF_LRU_NONE;
    for (uint32_t n = 0; n < lru->capacity; n++)
        lru->nodes[n].next = n + 1 < lru->capacity ? n + 1 : FF_LRU_NONE;
    lru->free_head = 0;
    lru->oldest = lru->newest = FF_LRU_NONE;
    lru->size = 0;
}

int ff_lru_init(ff_lru *lru, size_t capacity)
{
    memset(lru, 0, sizeof *lru);
    if (capacity == 0 || capacity > FF_LRU_MAX_CAPACITY)
        return FF_LRU_EINVAL;
    size_t table_size = 8;
    while (table_size < 2 * capacity)
        table_size *= 2;
    lru->table = alloc_array(table_size * sizeof *lru->table);
    lru->nodes = alloc_array(capacity * sizeof *lru->nodes);
    if (!lru->table || !lru->nodes) {
        ff_lru_free(lru);
        return FF_LRU_ENOMEM;
    }
    lru->table_mask = (uint32_t)(table_size - 1);
    lru->capacity = (uint32_t)capacity;
    ff_lru_clear(lru);
    return FF_LRU_OK;
}

void ff_lru_free(ff_lru *lru)
{
    free(lru->table);
    free(lru->nodes);
    memset(lru, 0, sizeof *lru);
}

int ff_lru_resize(ff_lru *lru, size_t capacity)
{
    if (capacity < lru->size)
        return FF_LRU_EINVAL;
    ff_lru bigger;
    int rc = ff_lru_init(&bigger, capacity);
    if (rc != FF_LRU_OK)
        return rc;
    for (uint32_t n = lru->oldest; n != FF_LRU_NONE; n = lru->nodes[n].next)
        ff_lru_insert(&bigger, lru->nodes[n].key);
    ff_lru_free(lru);
    *lru = bigger;
    return FF_LRU_OK;
}

int ff_lru_contains(const ff_lru *lru, uint64_t key)
{
    return lru->table[find_slot(lru, key)].node != FF_LRU_NONE;
}

int ff_lru_touch(ff_lru *lru, uint64_t key)
{
    uint32_t n = lru->table[find_slot(lru, key)].node;
    if (n == FF_LRU_NONE)
        return 0;
    move_to_newest(lru, n);
    return 1;
}

int ff_lru_insert(ff_lru *lru, uint64_t key)
{
    uint32_t slot = find_slot(lru, key);
    uint32_t n = lru->table[slot].node;
    if (n != FF_LRU_NONE) {
        move_to_newest(lru, n);
        return 0;
    }
    if (lru->size == lru->capacity)
        return FF_LRU_FULL;
    n = lru->free_head;
    lru->free_head = lru->nodes[n].next;
    lru->table[slot].tag = tag_of(key);
    lru->table[slot].node = n;
    lru->nodes[n].key = key;
    push_newest(lru, n);
    lru->size++;
    return 1;
}

int ff_lru_remove(ff_lru *lru, uint64_t key)
{
    uint32_t slot = find_slot(lru, key);
    uint32_t n = lru->table[slot].node;
    if (n == FF_LRU_NONE)
        return 0;
    delete_slot(lru, slot);
    unlink_node(lru, n);
    lru->nodes[n].next = lru->free_head;
    lru->free_head = n;
    lru->size--;
    return 1;
}

int ff_lru_peek_oldest(const ff_lru *lru, uint64_t *key)
{
    if (lru->oldest == FF_LRU_NONE)
        return 0;
    *key = lru->nodes[lru->oldest].key;
    return 1;
}

/* Evictions come in runs (a cache trims itself to 80 % of its budget): warm
 * up the table slot and the successor of the new oldest node for the next pop.
 * Prefetches never fault and change no state. */
static inline void prefetch_next_pop(const ff_lru *lru)
{
    uint32_t n = lru->oldest;
    if (n == FF_LRU_NONE)
        return;
    __builtin_prefetch(&lru->table[tag_of(lru->nodes[n].key) & lru->table_mask]);
    if (lru->nodes[n].next != FF_LRU_NONE)
        __builtin_prefetch(&lru->nodes[lru->nodes[n].next]);
}

int ff_lru_pop_oldest(ff_lru *lru, uint64_t *key)
{
    if (!ff_lru_peek_oldest(lru, key))
        return 0;
    ff_lru_remove(lru, *key);
    prefetch_next_pop(lru);
    return 1;
}

size_t ff_lru_keys(const ff_lru *lru, uint64_t *out, size_t max_keys)
{
    size_t count = 0;
    for (uint32_t n = lru->oldest; n != FF_LRU_NONE && count < max_keys; n = lru->nodes[n].next)
        out[count++] = lru->nodes[n].key;
    return count;
}
