"""fluxforge._lru - the extension type behind :class:`fluxforge.lru.LruIndex`.

Every method holds the GIL for its whole (O(1), allocation-free) call, so one
instance can be shared by Python threads; the audio thread never uses this
type, it calls the C functions of ``ff_lru.h`` on its own struct.
"""
from libc.stdint cimport uint64_t
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from operator import index as _index

from _lru cimport (
    ff_lru,
    FF_LRU_MAX_CAPACITY, FF_LRU_OK, FF_LRU_ENOMEM, FF_LRU_FULL,
    ff_lru_init, ff_lru_free, ff_lru_resize, ff_lru_clear, ff_lru_contains,
    ff_lru_touch, ff_lru_insert, ff_lru_remove, ff_lru_peek_oldest,
    ff_lru_pop_oldest, ff_lru_keys,
)

MAX_CAPACITY = FF_LRU_MAX_CAPACITY


class LruFullError(RuntimeError):
    """Raised by ``insert`` of a new key into a full, non-growable index."""


cdef uint64_t _as_key(object key) except? 0:
    """Convert a Python key to uint64, with a clear TypeError/ValueError."""
    cdef uint64_t value
    if type(key) is not int:
        if isinstance(key, bool):
            raise TypeError("LRU key must be an unsigned 64-bit int, got bool")
        try:
            key = _index(key)
        except TypeError:
            raise TypeError(
                f"LRU key must be an unsigned 64-bit int, got {type(key).__name__}") from None
    try:
        value = key
    except OverflowError:
        raise ValueError(f"LRU key must be in [0, 2**64), got {key}") from None
    return value


cdef size_t _as_capacity(object capacity) except 0:
    if isinstance(capacity, bool) or not isinstance(capacity, int):
        raise TypeError(f"capacity must be an int, got {type(capacity).__name__}")
    if not 1 <= capacity <= FF_LRU_MAX_CAPACITY:
        raise ValueError(f"capacity must be in [1, {FF_LRU_MAX_CAPACITY}], got {capacity}")
    return capacity


cdef int _check(int rc, size_t capacity) except -1:
    if rc == FF_LRU_ENOMEM:
        raise MemoryError(f"cannot allocate an LRU index of capacity {capacity}")
    if rc != FF_LRU_OK:
        raise ValueError(f"invalid LRU capacity {capacity}")
    return 0


cdef class LruCore:
    """Fixed-capacity O(1) LRU index of unsigned 64-bit keys (see LruIndex)."""

    cdef ff_lru lru
    cdef readonly bint growable

    def __cinit__(self, capacity, growable=False):
        cdef size_t cap = _as_capacity(capacity)
        _check(ff_lru_init(&self.lru, cap), cap)
        self.growable = bool(growable)

    def __dealloc__(self):
        ff_lru_free(&self.lru)

    @property
    def capacity(self):
        """How many keys fit before ``insert`` fails or grows."""
        return self.lru.capacity

    def __len__(self):
        return self.lru.size

    def __contains__(self, key):
        return ff_lru_contains(&self.lru, _as_key(key)) == 1

    def touch(self, key):
        """Mark ``key`` most recently used; return False (no change) if absent."""
        return ff_lru_touch(&self.lru, _as_key(key)) == 1

    def insert(self, key):
        """Add ``key`` as most recently used; True if new, False if it was present
        (it is then touched). A new key in a full index raises LruFullError, or
        doubles the capacity when the index is growable."""
        cdef uint64_t k = _as_key(key)
        cdef int rc = ff_lru_insert(&self.lru, k)
        if rc == FF_LRU_FULL:
            if not self.growable or self.lru.capacity >= FF_LRU_MAX_CAPACITY:
                raise LruFullError(
                    f"LRU index is full ({self.lru.capacity} keys): pop_oldest() or "
                    "remove() first, or create it with growable=True")
            self.resize(min(2 * self.lru.capacity, FF_LRU_MAX_CAPACITY))
            rc = ff_lru_insert(&self.lru, k)
        return rc == 1

    def remove(self, key):
        """Forget ``key``; True if it was present."""
        return ff_lru_remove(&self.lru, _as_key(key)) == 1

    def peek_oldest(self):
        """The least recently used key, or None when empty (nothing changes)."""
        cdef uint64_t k
        return k if ff_lru_peek_oldest(&self.lru, &k) else None

    def pop_oldest(self):
        """Remove and return the least recently used key, or None when empty."""
        cdef uint64_t k
        return k if ff_lru_pop_oldest(&self.lru, &k) else None

    def keys(self):
        """All keys as a list, oldest first (O(n): for inspection, not hot paths)."""
        cdef size_t n = self.lru.size
        cdef uint64_t *buf = <uint64_t *>PyMem_Malloc((n or 1) * sizeof(uint64_t))
        if buf == NULL:
            raise MemoryError("cannot allocate the key list")
        try:
            n = ff_lru_keys(&self.lru, buf, n)
            return [buf[i] for i in range(n)]
        finally:
            PyMem_Free(buf)

    def clear(self):
        """Forget every key (O(capacity)); the capacity is kept."""
        ff_lru_clear(&self.lru)

    def resize(self, capacity):
        """Change the capacity (allocates: never on the audio thread), keeping
        every key and the order. ValueError if ``capacity < len(self)``."""
        cdef size_t cap = _as_capacity(capacity)
        if cap < self.lru.size:
            raise ValueError(f"capacity {cap} is below the {self.lru.size} keys held")
        _check(ff_lru_resize(&self.lru, cap), cap)
