"""Another compiled module can cimport pyx/_lru.pxd and use the C index nogil.

Builds a throw-away extension in a temporary folder exactly as a FluxForge
module would use the index (e.g. the audio cache on the audio thread).
"""
import pytest

from tests.cimport_build import build_client

CLIENT_PYX = '''
from libc.stdint cimport uint64_t
from _lru cimport (ff_lru, ff_lru_init, ff_lru_free, ff_lru_insert, ff_lru_touch,
                   ff_lru_pop_oldest, ff_lru_size, FF_LRU_OK, FF_LRU_FULL)

def evict_order(int capacity, keys, touched):
    """Insert keys, touch some, then pop everything; all C calls run nogil."""
    cdef ff_lru lru
    cdef uint64_t k
    cdef int rc
    cdef list popped = []
    if ff_lru_init(&lru, capacity) != FF_LRU_OK:
        raise MemoryError()
    try:
        for key in keys:
            k = key
            with nogil:
                rc = ff_lru_insert(&lru, k)
            if rc == FF_LRU_FULL:
                with nogil:
                    ff_lru_pop_oldest(&lru, &k)
                popped.append(k)
                k = key
                ff_lru_insert(&lru, k)
        for key in touched:
            k = key
            with nogil:
                ff_lru_touch(&lru, k)
        while ff_lru_size(&lru):
            with nogil:
                ff_lru_pop_oldest(&lru, &k)
            popped.append(k)
    finally:
        ff_lru_free(&lru)
    return popped
'''


@pytest.fixture(scope="module")
def lru_client(tmp_path_factory):
    return build_client(tmp_path_factory.mktemp("lru_client"), "lru_client", CLIENT_PYX,
                        ["lru/ff_lru.c"])


def test_cimported_index_evicts_least_recently_used(lru_client):
    popped = lru_client.evict_order(3, [10, 20, 30, 40, 2**64 - 1], [30])
    # 10 and 20 were evicted by the inserts; then 40, max, 30 (touched last).
    assert popped == [10, 20, 40, 2**64 - 1, 30]
