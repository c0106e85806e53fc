/* ff_lru.c - O(1) LRU index: open-addressing table + linked list over arrays.
 * See ff_lru.h for the contract. */
#include "ff_lru.h"

#include <stdlib.h>
#include <string.h>

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

static inline uint32_t home_slot(const ff_lru *lru, uint64_t key)
{
    return (uint32_t)(mix64(key) & lru->table_mask);
}

/* Slot holding `key`, or the empty slot where it would be inserted. The table
 * is at least twice the capacity, so an empty slot always exists. */
static inline uint32_t find_slot(const ff_lru *lru, uint64_t key)
{
    uint32_t i = home_slot(lru, key);
    while (lru->table[i].node != FF_LRU_NONE && lru->table[i].key != key)
        i = (i + 1) & lru->table_mask;
    return i;
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
        uint32_t home = home_slot(lru, lru->table[j].key);
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
    uint32_t p = lru->prev[n], x = lru->next[n];
    if (p != FF_LRU_NONE) lru->next[p] = x; else lru->oldest = x;
    if (x != FF_LRU_NONE) lru->prev[x] = p; else lru->newest = p;
}

static inline void push_newest(ff_lru *lru, uint32_t n)
{
    lru->prev[n] = lru->newest;
    lru->next[n] = FF_LRU_NONE;
    if (lru->newest != FF_LRU_NONE) lru->next[lru->newest] = n; else lru->oldest = n;
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
        lru->next[n] = n + 1 < lru->capacity ? n + 1 : FF_LRU_NONE;
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
    lru->table = malloc(table_size * sizeof *lru->table);
    lru->node_key = malloc(capacity * sizeof *lru->node_key);
    lru->prev = malloc(capacity * sizeof *lru->prev);
    lru->next = malloc(capacity * sizeof *lru->next);
    if (!lru->table || !lru->node_key || !lru->prev || !lru->next) {
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
    free(lru->node_key);
    free(lru->prev);
    free(lru->next);
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
    for (uint32_t n = lru->oldest; n != FF_LRU_NONE; n = lru->next[n])
        ff_lru_insert(&bigger, lru->node_key[n]);
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
    lru->free_head = lru->next[n];
    lru->table[slot].key = key;
    lru->table[slot].node = n;
    lru->node_key[n] = key;
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
    lru->next[n] = lru->free_head;
    lru->free_head = n;
    lru->size--;
    return 1;
}

int ff_lru_peek_oldest(const ff_lru *lru, uint64_t *key)
{
    if (lru->oldest == FF_LRU_NONE)
        return 0;
    *key = lru->node_key[lru->oldest];
    return 1;
}

int ff_lru_pop_oldest(ff_lru *lru, uint64_t *key)
{
    if (!ff_lru_peek_oldest(lru, key))
        return 0;
    return ff_lru_remove(lru, *key);
}

size_t ff_lru_keys(const ff_lru *lru, uint64_t *out, size_t max_keys)
{
    size_t count = 0;
    for (uint32_t n = lru->oldest; n != FF_LRU_NONE && count < max_keys; n = lru->next[n])
        out[count++] = lru->node_key[n];
    return count;
}
