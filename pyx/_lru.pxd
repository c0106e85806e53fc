# _lru.pxd - table of contents of fluxforge._lru: the O(1) LRU index of
# csrc/lru/ff_lru.h, declared for Cython.
#
# Only C-level declarations live here (the package's sources sit outside the
# package, so extension types cannot be shared by cimport). Any compiled module
# may `from _lru cimport ...` and call these nogil functions on its own ff_lru
# struct, e.g. on the audio thread: they live in libffcore.a, which every
# module links, so no Python-level import of fluxforge._lru happens.
# Every function is O(1) and allocation-free except init/resize/free/clear/keys.
from libc.stdint cimport uint32_t, uint64_t


cdef extern from "lru/ff_lru.h" nogil:
    const uint32_t FF_LRU_MAX_CAPACITY
    const int FF_LRU_OK
    const int FF_LRU_ENOMEM
    const int FF_LRU_EINVAL
    const int FF_LRU_FULL

    ctypedef struct ff_lru:
        uint32_t capacity
        uint32_t size

    int ff_lru_init(ff_lru *lru, size_t capacity)
    void ff_lru_free(ff_lru *lru)
    int ff_lru_resize(ff_lru *lru, size_t capacity)
    void ff_lru_clear(ff_lru *lru)
    int ff_lru_contains(const ff_lru *lru, uint64_t key)
    int ff_lru_touch(ff_lru *lru, uint64_t key)
    int ff_lru_insert(ff_lru *lru, uint64_t key)
    int ff_lru_remove(ff_lru *lru, uint64_t key)
    int ff_lru_peek_oldest(const ff_lru *lru, uint64_t *key)
    int ff_lru_pop_oldest(ff_lru *lru, uint64_t *key)
    size_t ff_lru_keys(const ff_lru *lru, uint64_t *out, size_t max_keys)
    size_t ff_lru_size(const ff_lru *lru)
    size_t ff_lru_capacity(const ff_lru *lru)
