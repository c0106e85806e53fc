"""The O(1) least-recently-used index every FluxForge cache uses.

The index only orders keys; each cache keeps its values (and byte counts) in
its own storage and asks the index which key to evict next. Keys are unsigned
64-bit ints such as :func:`fluxforge.cache.keys.clip_key` / ``path_key`` produce.
"""
from fluxforge._lru import MAX_CAPACITY, LruCore, LruFullError

__all__ = ["LruIndex", "LruFullError", "MAX_CAPACITY"]


class LruIndex(LruCore):
    """Recency order of unsigned 64-bit keys with O(1) operations.

    A C hash table (open addressing) plus a doubly linked list over
    preallocated arrays: ``touch``, ``insert``, ``remove``, ``pop_oldest``,
    ``peek_oldest``, ``in`` and ``len`` cost the same at 1,000 or 1,000,000
    keys and allocate nothing. Each call holds the GIL for its whole (short)
    run, so one index may be shared by Python threads. The audio thread never
    uses this class: compiled code calls the same C functions on its own
    struct (``from _lru cimport ...``, see ``pyx/_lru.pxd``).

    Parameters
    ----------
    capacity : int
        Number of keys the index holds, 1 .. ``MAX_CAPACITY`` (2**30).
        Memory is about 48 bytes per key of capacity, allocated once here.
    growable : bool, default False
        What ``insert`` of a new key does when the index is full: False raises
        :class:`LruFullError` (the caller evicts first); True doubles the
        capacity, which allocates, so it is for Python-side caches only.

    Notes
    -----
    Decisions:

    - ``insert(key)`` of a key already present is an idempotent touch: it
      moves the key to the newest end and returns False (True when added).
    - ``touch``/``remove`` of an absent key return False and change nothing.
    - Keys must be ints (NumPy integers accepted, ``bool`` rejected) in
      ``[0, 2**64)``: others raise TypeError / ValueError naming the key.
    - ``keys()`` and ``clear()`` are O(n) / O(capacity): not for hot paths.

    Examples
    --------
    >>> from fluxforge.cache.keys import clip_key
    >>> lru = LruIndex(capacity=3)
    >>> a, b, c = (clip_key(name) for name in ("kick.wav", "snare.wav", "hat.wav"))
    >>> for key in (a, b, c):
    ...     lru.insert(key)
    True
    True
    True
    >>> lru.touch(a)          # a becomes the most recently used
    True
    >>> lru.pop_oldest() == b
    True
    >>> lru.keys() == [c, a]
    True
    """

    def __iter__(self):
        """Iterate over a snapshot of the keys, oldest first."""
        return iter(self.keys())

    def __repr__(self):
        return (f"{type(self).__name__}(capacity={self.capacity}, "
                f"growable={self.growable}) with {len(self)} keys")
