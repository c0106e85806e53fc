"""Keys that collide in the C LRU table, to exercise long probe runs.

The table slot of a key is ``splitmix64_finaliser(key) & (table_size - 1)``
(pyx/csrc/lru/ff_lru.c); table sizes are powers of two >= 8, so keys whose mixed
value has low bits in {0, 1, 6, 7} share a handful of home slots at every
table size and their runs wrap around the end of the table.
"""
MASK64 = 2**64 - 1


def mix64(x):
    """The splitmix64 finaliser used by ff_lru.c."""
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & MASK64
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def colliding_keys(count, low_bits=(0, 1, 6, 7), bits=3):
    """The first ``count`` keys whose home slot (low ``bits`` bits) is in ``low_bits``."""
    keys, candidate = [], 0
    while len(keys) < count:
        if mix64(candidate) & ((1 << bits) - 1) in low_bits:
            keys.append(candidate)
        candidate += 1
    return keys


def tag_twins():
    """Two different keys whose mixed hashes share the low 32 bits (the table tag)."""
    seen = {}
    candidate = 0
    while True:
        tag = mix64(candidate) & 0xFFFFFFFF
        if tag in seen:
            return seen[tag], candidate
        seen[tag] = candidate
        candidate += 1
