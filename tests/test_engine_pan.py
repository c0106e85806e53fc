"""Pan law and dual pan against hand-computed references."""
import math

import numpy as np
import pytest

from tests.fixtures.engine import dc


def mono_gains(pan):
    theta = (pan + 1) * math.pi / 4
    return math.cos(theta), math.sin(theta)


def dual_pan_reference(left, right, pan_l, pan_r, volume=1.0):
    """out_L = vol*(L cos tL + R cos tR), out_R = vol*(L sin tL + R sin tR), each side
    scaled by 1/sqrt(sum of its squared gains) when that sum exceeds 1."""
    tl, tr = (pan_l + 1) * math.pi / 4, (pan_r + 1) * math.pi / 4
    gl = [math.cos(tl), math.cos(tr)]
    gr = [math.sin(tl), math.sin(tr)]
    for pair in (gl, gr):
        total = pair[0] ** 2 + pair[1] ** 2
        if total > 1:
            pair[:] = [g / math.sqrt(total) for g in pair]
    return (volume * (left * gl[0] + right * gl[1]), volume * (left * gr[0] + right * gr[1]))


@pytest.mark.parametrize("pan", [-1.0, -0.5, 0.0, 0.3, 1.0])
@pytest.mark.parametrize("volume", [0.25, 1.0, 2.0])
def test_mono_constant_power_pan(make_engine, engine_samplerate, simd_level, pan, volume):
    engine = make_engine(samplerate=engine_samplerate)
    tid = engine.add_track(dc(0.5, 4096))
    engine.set_track_pan(tid, pan)
    engine.set_track_volume(tid, volume)
    engine.play()
    out = engine.render(2000)
    left, right = mono_gains(pan)
    np.testing.assert_allclose(out[:, 0], 0.5 * volume * left, atol=1e-6)
    np.testing.assert_allclose(out[:, 1], 0.5 * volume * right, atol=1e-6)


def test_centred_mono_is_minus_3_db_per_side(make_engine):
    engine = make_engine()
    engine.add_track(dc(1.0, 1024))
    engine.play()
    out = engine.render(512)
    np.testing.assert_allclose(20 * np.log10(out[:, 0]), -3.0103, atol=1e-4)
    np.testing.assert_allclose(out[:, 0], out[:, 1], atol=0)


@pytest.mark.parametrize("pan_l,pan_r", [(-1.0, 1.0), (0.0, 0.0), (-1.0, -1.0), (1.0, 1.0),
                                         (-0.5, 0.5), (0.7, -0.2), (0.2, 0.9)])
def test_stereo_dual_pan(make_engine, engine_blocksize, simd_level, pan_l, pan_r):
    engine = make_engine(blocksize=engine_blocksize)
    tid = engine.add_track(dc([0.3, -0.2], 3000, channels=2))
    engine.set_track_pan(tid, pan_l)
    engine.set_track_pan_right(tid, pan_r)
    engine.set_track_volume(tid, 0.8)
    engine.play()
    out = engine.render(2500)
    want_l, want_r = dual_pan_reference(0.3, -0.2, pan_l, pan_r, 0.8)
    np.testing.assert_allclose(out[:, 0], want_l, atol=1e-6)
    np.testing.assert_allclose(out[:, 1], want_r, atol=1e-6)


def test_default_stereo_passes_at_unity(make_engine):
    engine = make_engine()
    rng = np.random.default_rng(1)
    clip = (rng.standard_normal((3000, 2)) * 0.2).astype(np.float32)
    engine.add_track(clip)
    engine.play()
    np.testing.assert_array_equal(engine.render(3000), clip)


def test_bus_dual_pan_and_volume(make_engine):
    engine = make_engine()
    engine.add_track(dc([0.4, 0.1], 2048, channels=2), bus="Music")
    engine.set_bus_pan("Music", 0.0)
    engine.set_bus_pan_right("Music", 1.0)
    engine.set_bus_volume("Music", 1.5)
    engine.play()
    out = engine.render(1024)
    want_l, want_r = dual_pan_reference(0.4, 0.1, 0.0, 1.0, 1.5)
    np.testing.assert_allclose(out[:, 0], want_l, atol=1e-6)
    np.testing.assert_allclose(out[:, 1], want_r, atol=1e-6)


def test_out_of_range_values_are_clamped(make_engine):
    engine = make_engine()
    tid = engine.add_track(dc(0.25, 1024))
    engine.set_track_volume(tid, 7.0)
    engine.set_track_pan(tid, -3.0)
    info = engine.track(tid)
    assert (info.volume, info.pan) == (2.0, -1.0)
    engine.play()
    out = engine.render(512)
    np.testing.assert_allclose(out[:, 0], 0.5, atol=1e-6)
    np.testing.assert_allclose(out[:, 1], 0.0, atol=1e-7)
