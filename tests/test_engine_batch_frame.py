"""One UI frame's engine traffic: batch pans_right and the single track+bus meter read."""

import numpy as np
import pytest

from fluxforge._engine import BUS_COUNT, METER_FIELDS
from tests.fixtures.engine import dc
from tests.alloc_check import bytes_allocated

PANS_RIGHT = [0.3, -3.0, 2.0, -0.75]       # in range, clamped low, clamped high, negative


def stereo_engine(make_engine, count=4):
    engine = make_engine()
    values = [[0.1 * (i + 1), -0.05 * (i + 1)] for i in range(count)]
    ids = [engine.add_track(dc(v, 4096, channels=2)) for v in values]
    return engine, ids


def snapshot(engine):
    return [engine.track(t) for t in engine.track_ids]


def test_batch_pans_right_equals_set_track_pan_right(make_engine):
    batched, ids = stereo_engine(make_engine)
    single, single_ids = stereo_engine(make_engine)
    applied = batched.batch_set_track_params(ids + [999], pans=[-0.2, 0.1, -1.0, 0.5, 0.0],
                                             pans_right=PANS_RIGHT + [0.0])
    assert applied == 4
    for tid, pan, pan_right in zip(single_ids, [-0.2, 0.1, -1.0, 0.5], PANS_RIGHT):
        single.set_track_pan(tid, pan)
        single.set_track_pan_right(tid, pan_right)
    assert [t.pan_right for t in snapshot(batched)] == [0.3, -1.0, 1.0, -0.75]
    assert snapshot(batched) == snapshot(single)
    batched.play()
    single.play()
    np.testing.assert_array_equal(batched.render(2048), single.render(2048))


def test_batch_pans_right_none_leaves_it_unchanged(make_engine):
    engine, ids = stereo_engine(make_engine)
    engine.batch_set_track_params(ids, pans_right=PANS_RIGHT)
    before = [t.pan_right for t in snapshot(engine)]
    engine.batch_set_track_params(ids, volumes=[0.5] * 4, pans=[0.0] * 4)
    after = snapshot(engine)
    assert [t.pan_right for t in after] == before
    assert [(t.volume, t.pan) for t in after] == [(0.5, 0.0)] * 4


@pytest.mark.parametrize("pans_right,error,message", [
    ([0.1, float("nan"), 0.2, 0.3], ValueError, "pans_right must be finite"),
    ([0.1, float("inf"), 0.2, 0.3], ValueError, "pans_right must be finite"),
    ([0.1, 0.2], ValueError, r"pans_right must have one value per track id \(4\)"),
    (["a", "b", "c", "d"], TypeError, "pans_right must be a sequence of numbers"),
])
def test_batch_bad_pans_right_changes_nothing(make_engine, pans_right, error, message):
    engine, ids = stereo_engine(make_engine)
    before = snapshot(engine)
    with pytest.raises(error, match=message):
        engine.batch_set_track_params(ids, volumes=[0.5] * 4, pans_right=pans_right)
    assert snapshot(engine) == before


def test_batch_pans_right_solo_in_the_same_call(make_engine):
    engine, ids = stereo_engine(make_engine, count=2)
    engine.batch_set_track_params(ids, pans=[1.0, -1.0], pans_right=[1.0, -1.0],
                                  solo=[True, False])
    engine.play()
    out = engine.render(1024)
    # only the soloed track sounds, both of its channels hard right
    to_l, _, to_r_from_l, to_r_from_r = engine._core.strip_gains(1.0, 1.0, 1.0, 2)
    assert to_l == 0.0
    np.testing.assert_allclose(out[:, 0], 0.0, atol=1e-7)
    np.testing.assert_allclose(out[:, 1], 0.1 * to_r_from_l - 0.05 * to_r_from_r, atol=1e-6)


def meter_buffers(n):
    return np.zeros(n, np.uint64), [np.zeros(n) for _ in range(5)], np.zeros((BUS_COUNT, 5))


def playing_engine(make_engine, count):
    engine = make_engine(max_tracks=300)
    for i in range(count):
        engine.add_track(dc(0.001 * (i + 1), 4096), bus=["Music", "SFX", "Voice"][i % 3])
    engine.play()
    engine.render(1024)
    return engine


def test_read_meters_with_bus_meters_equals_the_two_reads(make_engine):
    engine = playing_engine(make_engine, 12)
    assert METER_FIELDS == 5
    ids, arrays, buses = meter_buffers(12)
    assert engine.read_meters(ids, *arrays, bus_meters=buses) == 12
    want_ids, want_arrays, _ = meter_buffers(12)
    engine.read_meters(want_ids, *want_arrays)
    want_buses = [np.zeros(BUS_COUNT) for _ in range(5)]
    assert engine.read_bus_meters(*want_buses) == BUS_COUNT
    np.testing.assert_array_equal(ids, want_ids)
    for got, want in zip(arrays, want_arrays):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(buses, np.column_stack(want_buses))
    assert buses[0, 0] > 0 and buses[1:4, 0].min() > 0     # master and the used buses sound


def test_read_meters_with_bus_meters_allocates_nothing(make_engine):
    engine = playing_engine(make_engine, 256)
    ids, arrays, buses = meter_buffers(300)
    engine.read_meters(ids, *arrays, bus_meters=buses)
    assert bytes_allocated(lambda: engine.read_meters(ids, *arrays, bus_meters=buses)) == 0
    assert buses[0, 0] > 0


@pytest.mark.parametrize("bad,error", [
    (np.zeros((BUS_COUNT, 5), np.float32), TypeError),      # wrong dtype
    (np.zeros((5, BUS_COUNT)), ValueError),                  # transposed
    (np.zeros(BUS_COUNT * 5), ValueError),                   # flat
    (np.zeros((5, BUS_COUNT)).T, ValueError),                # right shape, not C-contiguous
    ([[0.0] * 5] * BUS_COUNT, TypeError),                    # not an array
])
def test_read_meters_rejects_bad_bus_meters(make_engine, bad, error):
    engine = playing_engine(make_engine, 3)
    ids, arrays, _ = meter_buffers(3)
    with pytest.raises(error, match="bus_meters"):
        engine.read_meters(ids, *arrays, bus_meters=bad)
    assert not ids.any()           # checked before anything is copied
