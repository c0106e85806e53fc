"""LruIndex speed: flat per-operation cost from 1e3 to 1e6 keys, and >= 10x a list LRU.

Ratios follow the benchmarks' convention: in each group the benchmark with
``extra_info["baseline"] = True`` is the reference. Every round runs the same
mixed workload on an index whose key set does not change between rounds:
``touch(k)``, ``remove(k)``, ``insert(k)`` for a key ``k`` and
``insert(pop_oldest())`` (evict the oldest, bring it back as newest).

Groups:
- lru-flat-hotset: keys drawn from a hot set of 1,000 (how a cache is used:
  hits on a working set, eviction at the cold end). Baseline: 1e3 keys.
- lru-flat-uniform: keys drawn uniformly from all n keys, the worst case for
  the memory hierarchy (at 1e6 keys the table and nodes, 32 MB, outgrow the
  caches and every operation waits for DRAM). Baseline: 1e3 keys.
- odict-flat-uniform: the same uniform workload on collections.OrderedDict,
  to show how much of that growth is memory rather than the algorithm.
- lru-vs-list: 10,000 keys, LruIndex vs a list LRU (list.remove + append,
  pop(0)), the seed's P1.4 "before". Baseline: the list.
"""
from collections import OrderedDict

import numpy as np
import pytest

from fluxforge.cache.lru import LruIndex

SIZES = [1_000, 10_000, 100_000, 1_000_000]
HOT_KEYS = 1_000
OPS_KEYS = 4_000


def fresh_ints(values):
    """Python ints allocated side by side (scattered int objects would add misses)."""
    return np.asarray(values, dtype=np.uint64).tolist()


def filled_index(n, seed):
    rng = np.random.default_rng(seed)
    # distinct, spread-out 64-bit keys (an odd multiplier is a bijection mod 2**64)
    keys = rng.permutation(np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    lru = LruIndex(n)
    for key in fresh_ints(keys):
        lru.insert(key)
    return lru, keys, rng


def lru_round(lru, probe):
    for key in probe:
        lru.touch(key)
        lru.remove(key)
        lru.insert(key)
        lru.insert(lru.pop_oldest())


def odict_round(model, probe):
    for key in probe:
        model.move_to_end(key)
        del model[key]
        model[key] = None
        oldest, _ = model.popitem(last=False)
        model[oldest] = None


class ListLru:
    """The O(n) LRU the seed replaced: recency kept in a Python list."""

    def __init__(self, keys):
        self.order = list(keys)

    def touch(self, key):
        self.order.remove(key)
        self.order.append(key)

    def remove(self, key):
        self.order.remove(key)

    def insert(self, key):
        self.order.append(key)

    def pop_oldest(self):
        return self.order.pop(0)


def run(benchmark, group, label, baseline, fn, *args):
    benchmark.group = group
    benchmark.name = label
    benchmark.extra_info["baseline"] = baseline
    benchmark.extra_info["ops_per_round"] = 4 * len(args[-1])
    benchmark(fn, *args)


@pytest.mark.parametrize("n", SIZES)
def test_flat_hotset(benchmark, n):
    lru, keys, rng = filled_index(n, seed=n)
    probe = fresh_ints(rng.choice(keys[-HOT_KEYS:], size=OPS_KEYS))
    run(benchmark, "lru-flat-hotset", f"LruIndex n={n:.0e}", n == SIZES[0], lru_round, lru, probe)
    assert len(lru) == n


@pytest.mark.parametrize("n", SIZES)
def test_flat_uniform(benchmark, n):
    lru, keys, rng = filled_index(n, seed=n)
    probe = fresh_ints(rng.choice(keys, size=OPS_KEYS))
    run(benchmark, "lru-flat-uniform", f"LruIndex n={n:.0e}", n == SIZES[0], lru_round, lru, probe)
    assert len(lru) == n


@pytest.mark.parametrize("n", SIZES)
def test_ordered_dict_uniform(benchmark, n):
    _, keys, rng = filled_index(n, seed=n)
    model = OrderedDict.fromkeys(fresh_ints(keys))
    probe = fresh_ints(rng.choice(keys, size=OPS_KEYS))
    run(benchmark, "odict-flat-uniform", f"OrderedDict n={n:.0e}", n == SIZES[0],
        odict_round, model, probe)
    assert len(model) == n


@pytest.mark.parametrize("kind", ["list", "LruIndex"])
def test_vs_list_lru_at_10k(benchmark, kind):
    lru, keys, rng = filled_index(10_000, seed=1)
    index = ListLru(lru.keys()) if kind == "list" else lru
    probe = fresh_ints(rng.choice(keys, size=1_000))
    run(benchmark, "lru-vs-list", f"{kind} n=1e4", kind == "list", lru_round, index, probe)
    assert len(index.order if kind == "list" else index) == 10_000
