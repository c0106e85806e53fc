"""AudioCache requests against a plain-Python byte-bounded LRU.

Ratios follow the benchmarks' convention (benchmarks/conftest.py).

Group audio-cache-hit-200: ``get(key)`` hits (look up + mark most recent) in
a cache of 200 decoded clips.
- ``AudioCache.get``: the dict plus the C LRU index under one lock.
- baseline ``OrderedDict LRU``: the usual Python recipe, ``move_to_end``
  under a lock (no pins, no loader bookkeeping).
Group audio-cache-evict-200: dropping the 100 least recent of 200 entries.
- ``LruIndex.pop_oldest`` x100, what the eviction worker does.
- baseline ``sort by last use``: the seed's original way (P0.6), sorting the
  entries by their last-access time and dropping the oldest.
"""
import threading
import time
from collections import OrderedDict

import numpy as np
import pytest
import soundfile

from fluxforge import AudioCache, LruIndex

ENTRIES = 200


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clips")
    cache = AudioCache(budget_bytes=1 << 30, samplerate_hz=48000)
    keys = []
    for i in range(ENTRIES):
        path = folder / f"c{i}.wav"
        soundfile.write(path, np.full(64, i / ENTRIES, np.float32), 48000, subtype="FLOAT")
        keys.append(cache.load(path).key)
    yield cache, keys
    cache.close()


@pytest.mark.parametrize("side", ["OrderedDict LRU", "AudioCache.get"])
def test_hit(benchmark, warm_cache, side):
    cache, keys = warm_cache
    benchmark.group = f"audio-cache-hit-{ENTRIES}"
    benchmark.name = side
    benchmark.extra_info["baseline"] = side == "OrderedDict LRU"
    if side == "AudioCache.get":
        get = cache.get
    else:
        lock, entries = threading.Lock(), OrderedDict((key, object()) for key in keys)

        def get(key):
            with lock:
                value = entries.get(key)
                if value is not None:
                    entries.move_to_end(key)
                return value

    def hits():
        for key in keys:
            get(key)

    benchmark(hits)


@pytest.mark.parametrize("side", ["sort by last use", "LruIndex.pop_oldest"])
def test_evict_half(benchmark, side):
    keys = list(range(1, ENTRIES + 1))
    benchmark.group = f"audio-cache-evict-{ENTRIES}"
    benchmark.name = side
    benchmark.extra_info["baseline"] = side == "sort by last use"
    if side == "LruIndex.pop_oldest":
        def setup():
            index = LruIndex(ENTRIES)
            for key in keys:
                index.insert(key)
            return (index,), {}

        def evict(index):
            for _ in range(ENTRIES // 2):
                index.pop_oldest()
    else:
        def setup():
            return ({key: time.monotonic() for key in keys},), {}

        def evict(last_use):
            for key in sorted(last_use, key=last_use.get)[: ENTRIES // 2]:
                del last_use[key]

    benchmark.pedantic(evict, setup=setup, rounds=200)
