"""LruIndex: contract, argument checking, capacity handling, large workloads."""
import random
from collections import OrderedDict

import numpy as np
import pytest

import fluxforge
from fluxforge.cache.keys import clip_key, path_key
from fluxforge.cache.lru import MAX_CAPACITY, LruFullError, LruIndex
from tests.lru_keys import colliding_keys, tag_twins


def test_exported_lazily_from_package():
    assert fluxforge.LruIndex is LruIndex


def test_recency_order_with_project_keys(tmp_path):
    keys = [clip_key(f"clip{i}.wav") for i in range(5)] + [path_key(tmp_path / "a.wav")]
    lru = LruIndex(len(keys))
    assert all(lru.insert(key) for key in keys)
    assert lru.touch(keys[0]) and lru.touch(keys[2])
    assert lru.keys() == keys[1:2] + keys[3:] + [keys[0], keys[2]]
    assert list(lru) == lru.keys()
    assert lru.peek_oldest() == keys[1] and len(lru) == len(keys)
    assert lru.pop_oldest() == keys[1] and keys[1] not in lru


def test_insert_of_present_key_is_a_touch():
    lru = LruIndex(3)
    lru.insert(1)
    lru.insert(2)
    assert lru.insert(1) is False
    assert lru.keys() == [2, 1]


def test_absent_keys_change_nothing():
    lru = LruIndex(2)
    lru.insert(5)
    assert lru.touch(6) is False and lru.remove(6) is False
    assert lru.keys() == [5]


def test_empty_index():
    lru = LruIndex(1)
    assert lru.pop_oldest() is None and lru.peek_oldest() is None
    assert len(lru) == 0 and lru.keys() == [] and 0 not in lru


@pytest.mark.parametrize("key", [0, 1, 2**63, 2**64 - 1, np.uint64(2**64 - 1), np.int8(3)])
def test_full_key_range_and_numpy_integers(key):
    lru = LruIndex(2)
    assert lru.insert(key) and key in lru
    assert lru.pop_oldest() == int(key)
    assert type(lru.keys()) is list


@pytest.mark.parametrize("key, error", [
    (-1, ValueError), (2**64, ValueError), (1.0, TypeError), ("k", TypeError),
    (None, TypeError), (True, TypeError), (np.float32(1), TypeError),
])
@pytest.mark.parametrize("method", ["touch", "insert", "remove", "__contains__"])
def test_bad_keys_raise_clear_errors(method, key, error):
    lru = LruIndex(2)
    with pytest.raises(error, match="key"):
        getattr(lru, method)(key)
    assert len(lru) == 0


@pytest.mark.parametrize("capacity, error", [
    (0, ValueError), (-3, ValueError), (MAX_CAPACITY + 1, ValueError),
    (2.0, TypeError), ("8", TypeError), (True, TypeError),
])
def test_bad_capacity(capacity, error):
    with pytest.raises(error, match="capacity"):
        LruIndex(capacity)


def test_full_index_raises_and_stays_unchanged():
    lru = LruIndex(2)
    lru.insert(1)
    lru.insert(2)
    with pytest.raises(LruFullError, match="full"):
        lru.insert(3)
    assert lru.keys() == [1, 2]
    assert lru.insert(1) is False  # a present key is still a touch when full


def test_growable_index_doubles_and_keeps_order():
    lru = LruIndex(1, growable=True)
    for key in range(10):
        lru.insert(key)
    assert lru.capacity == 16 and lru.keys() == list(range(10))


def test_resize_keeps_order_and_rejects_shrinking_below_size():
    lru = LruIndex(4)
    for key in (9, 8, 7):
        lru.insert(key)
    lru.resize(3)
    assert lru.capacity == 3 and lru.keys() == [9, 8, 7]
    with pytest.raises(ValueError, match="below"):
        lru.resize(2)
    lru.resize(100)
    assert lru.keys() == [9, 8, 7] and lru.insert(1)


def test_clear_keeps_capacity():
    lru = LruIndex(3)
    for key in range(3):
        lru.insert(key)
    lru.clear()
    assert len(lru) == 0 and lru.capacity == 3 and lru.keys() == []
    assert all(lru.insert(key) for key in (5, 6, 7))


def test_colliding_keys_survive_every_deletion_order():
    keys = colliding_keys(32)
    rng = random.Random(7)
    for _ in range(50):
        lru = LruIndex(32)
        for key in keys:
            lru.insert(key)
        order = keys[:]
        rng.shuffle(order)
        for i, key in enumerate(order):
            assert lru.remove(key)
            assert all(other in lru for other in order[i + 1:])
        assert len(lru) == 0


def test_keys_sharing_a_table_tag_stay_distinct():
    first, second = tag_twins()
    lru = LruIndex(4)
    lru.insert(first)
    assert second not in lru and lru.touch(second) is False
    lru.insert(second)
    assert lru.remove(first) and second in lru and first not in lru
    assert lru.keys() == [second]


@pytest.mark.parametrize("key_space", [50, 5_000, 2**64])
def test_long_random_workload_matches_ordered_dict(key_space):
    rng = random.Random(key_space)
    capacity = 1_000
    lru, model = LruIndex(capacity), OrderedDict()
    for _ in range(60_000):
        key, op = rng.randrange(key_space), rng.random()
        if op < 0.4:
            if key not in model and len(model) == capacity:
                assert lru.pop_oldest() == model.popitem(last=False)[0]
            model[key] = None
            model.move_to_end(key)
            lru.insert(key)
        elif op < 0.7:
            assert lru.touch(key) is (key in model)
            if key in model:
                model.move_to_end(key)
        else:
            assert lru.remove(key) is (model.pop(key, 0) is None)
    assert lru.keys() == list(model)


def test_repr_names_capacity_and_size():
    lru = LruIndex(8)
    lru.insert(3)
    assert repr(lru) == "LruIndex(capacity=8, growable=False) with 1 keys"
