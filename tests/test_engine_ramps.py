"""Click-free parameter changes: volume and pan move linearly over the ramp."""
import numpy as np
import pytest

from tests.fixtures.engine import dc, sine

GAIN = np.cos(np.pi / 4)


@pytest.mark.parametrize("ramp_ms", [0.0, 5.0, 30.0])
def test_volume_ramp_on_dc_is_linear_and_bounded(make_engine, engine_blocksize, simd_level,
                                                 ramp_ms):
    engine = make_engine(blocksize=engine_blocksize)
    engine.set_ramp_time(ramp_ms)
    ramp = round(ramp_ms * 48000 / 1000) or engine_blocksize
    engine.add_track(dc(0.5, 48000))
    tid = engine.track_ids[0]
    engine.play()
    before = engine.render(engine_blocksize)[:, 0]
    engine.set_track_volume(tid, 2.0)
    out = engine.render(ramp + 2 * engine_blocksize)[:, 0].astype(np.float64)
    start, end = 0.5 * GAIN, 0.5 * 2.0 * GAIN
    assert before[-1] == pytest.approx(start, rel=1e-6)
    want = start + (end - start) * np.arange(ramp) / ramp
    np.testing.assert_allclose(out[:ramp], want, rtol=1e-5)
    np.testing.assert_allclose(out[ramp:], end, rtol=1e-6)
    steps = np.abs(np.diff(np.concatenate([[before[-1]], out])))
    assert steps.max() <= (end - start) / ramp + 1e-7     # float32 output resolution


def test_mute_ramps_to_silence_on_a_sine(make_engine, simd_level):
    engine = make_engine(blocksize=256)
    clip = sine(440.0, 48000, 48000)
    tid = engine.add_track(clip)
    engine.play()
    engine.render(256)
    engine.set_track_mute(tid, True)
    out = engine.render(512)[:, 0]
    envelope = 1.0 - np.arange(256) / 256
    np.testing.assert_allclose(out[:256], clip[256:512] * GAIN * envelope, atol=1e-6)
    assert np.all(out[256:] == 0)


def test_pan_ramp_moves_each_gain_linearly(make_engine):
    engine = make_engine(blocksize=400)
    tid = engine.add_track(dc(1.0, 4800))
    engine.play()
    engine.render(400)
    engine.set_track_pan(tid, 1.0)
    out = engine.render(800).astype(np.float64)
    t = np.arange(400) / 400
    np.testing.assert_allclose(out[:400, 0], GAIN * (1 - t), atol=1e-6)
    np.testing.assert_allclose(out[:400, 1], GAIN + (1 - GAIN) * t, atol=1e-6)
    np.testing.assert_allclose(out[400:], [[0.0, 1.0]] * 400, atol=1e-7)


def test_a_new_ramp_starts_where_the_current_one_is(make_engine):
    engine = make_engine(blocksize=100)
    engine.set_ramp_time(1000 * 400 / 48000)      # 400 frames: spans four blocks
    tid = engine.add_track(dc(1.0, 48000))
    engine.play()
    engine.render(100)
    engine.set_track_volume(tid, 0.0)
    first = engine.render(200)[:, 0].astype(np.float64)
    engine.set_track_volume(tid, 1.0)
    second = engine.render(400)[:, 0].astype(np.float64)
    steps = np.abs(np.diff(np.concatenate([first, second])))
    assert steps.max() <= GAIN / 400 + 1e-7
    assert first[-1] == pytest.approx(GAIN * 201 / 400, rel=1e-5)     # halfway down
    # the new ramp starts from 0.5 (where the old one was) and takes 400 frames
    np.testing.assert_allclose(second, GAIN * (0.5 + np.arange(400) / 800), rtol=1e-5)
    assert engine.render(1)[0, 0] == pytest.approx(GAIN, rel=1e-6)


def test_master_and_bus_volume_ramp(make_engine):
    engine = make_engine(blocksize=128)
    engine.add_track(dc(0.5, 4800), bus="Aux")
    engine.play()
    engine.render(128)
    engine.set_bus_volume("Aux", 0.0)
    engine.set_master_volume(2.0)
    out = engine.render(256)[:, 0].astype(np.float64)
    t = np.arange(128) / 128
    np.testing.assert_allclose(out[:128], 0.5 * GAIN * (1 - t) * (1 + t), atol=1e-6)
    assert np.all(out[128:] == 0)
