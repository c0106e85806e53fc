"""Meters: ballistics, correlation, snapping, zero-allocation reads."""

import numpy as np
import pytest

from tests.fixtures.engine import dc, sine
from tests.alloc_check import bytes_allocated

GAIN = np.cos(np.pi / 4)


def meter_arrays(n):
    return np.zeros(n, np.uint64), [np.zeros(n) for _ in range(5)]


def read(engine):
    ids, (peak_l, peak_r, rms_l, rms_r, corr) = meter_arrays(len(engine.track_ids))
    n = engine.read_meters(ids, peak_l, peak_r, rms_l, rms_r, corr)
    return ids[:n], peak_l[:n], peak_r[:n], rms_l[:n], rms_r[:n], corr[:n]


def factor(db_per_s, frames, samplerate):
    return 10 ** (-db_per_s * frames / samplerate / 20)


@pytest.mark.parametrize("decay_db_per_s", [26.0, 52.0, 6.0])
def test_peak_and_rms_fall_at_the_set_rate_while_playing(make_engine, engine_samplerate,
                                                         engine_blocksize,
                                                         decay_db_per_s):
    engine = make_engine(samplerate=engine_samplerate, blocksize=engine_blocksize)
    engine.set_meter_decay(decay_db_per_s)
    engine.add_track(dc(0.5, engine_blocksize * 2))     # two blocks of DC, then the clip has ended
    engine.play()
    engine.render(engine_blocksize * 2)
    _, peak, _, rms, _, _ = read(engine)
    assert peak[0] == pytest.approx(0.5 * GAIN, rel=1e-6)
    assert rms[0] == pytest.approx(0.5 * GAIN, rel=1e-6)
    for _ in range(4):
        before = read(engine)
        engine.render(engine_blocksize)
        after = read(engine)
        f = factor(decay_db_per_s, engine_blocksize, engine_samplerate)
        assert after[1][0] == pytest.approx(before[1][0] * f, rel=1e-9)
        assert after[3][0] == pytest.approx(before[3][0] * f, rel=1e-9)


def test_stopped_meters_fall_60_db_in_300_ms(make_engine, engine_samplerate):
    engine = make_engine(samplerate=engine_samplerate, blocksize=480)
    engine.add_track(dc(0.5, engine_samplerate))
    engine.play()
    engine.render(960)
    start = read(engine)[1][0]
    engine.stop()
    engine.render(480)                 # the tracks' fade-out block (it starts at full level)
    assert read(engine)[1][0] == start
    frames = int(0.3 * engine_samplerate)
    engine.render(frames)
    assert read(engine)[1][0] == pytest.approx(start * 1e-3, rel=1e-9)


def test_meters_snap_to_zero(make_engine):
    engine = make_engine()
    engine.add_track(dc(0.5, 1024))
    engine.play()
    engine.render(1024)
    engine.stop()
    engine.render(48000 * 2)            # -400 dB: far below 1e-10
    _, peak_l, peak_r, rms_l, rms_r, corr = read(engine)
    assert peak_l[0] == peak_r[0] == rms_l[0] == rms_r[0] == corr[0] == 0.0


def test_block_peak_holds_against_decay(make_engine):
    engine = make_engine(blocksize=480)
    clip = dc(0.1, 4800)
    clip[100] = 0.9
    engine.add_track(clip)
    engine.play()
    engine.render(480)
    assert read(engine)[1][0] == pytest.approx(0.9 * GAIN, rel=1e-6)
    engine.render(480)       # block max 0.1*GAIN, below the decayed 0.9*GAIN
    assert read(engine)[1][0] == pytest.approx(0.9 * GAIN * factor(26, 480, 48000), rel=1e-6)


def test_sine_rms(make_engine, simd_level):
    engine = make_engine(blocksize=480)
    engine.add_track(sine(1000.0, 4800, 48000, amplitude=0.8))
    engine.play()
    engine.render(480 * 4)
    _, peak, _, rms, _, _ = read(engine)
    assert rms[0] == pytest.approx(0.8 * GAIN / np.sqrt(2), rel=1e-5)
    assert peak[0] == pytest.approx(0.8 * GAIN, rel=1e-5)


@pytest.mark.parametrize("right_sign,expected", [(1.0, 1.0), (-1.0, -1.0), (0.0, 0.0)])
def test_correlation_is_the_block_value(make_engine, right_sign, expected):
    engine = make_engine(blocksize=480)
    left = sine(500.0, 4800, 48000)
    engine.add_track(np.stack([left, right_sign * left], axis=1))
    engine.play()
    engine.render(960)
    assert read(engine)[5][0] == pytest.approx(expected, abs=1e-6)
    engine.render(4800)      # the clip ended: silence has correlation 0 (not held)
    assert read(engine)[5][0] == 0.0


def test_ids_in_track_order(make_engine):
    engine = make_engine()
    ids = [engine.add_track(dc(0.1 * (i + 1), 1024)) for i in range(4)]
    engine.remove_track(ids[1])
    extra = engine.add_track(dc(0.9, 1024))          # reuses the freed slot, last in order
    engine.play()
    engine.render(512)
    got_ids, peak = read(engine)[:2]
    assert list(got_ids) == [ids[0], ids[2], ids[3], extra]
    np.testing.assert_allclose(peak, np.array([0.1, 0.3, 0.4, 0.9]) * GAIN, rtol=1e-6)


def test_read_meters_allocates_nothing(make_engine):
    engine = make_engine(max_tracks=300)
    for i in range(256):
        engine.add_track(dc(0.001 * i, 2048))
    engine.play()
    engine.render(1024)
    ids, arrays = meter_arrays(300)
    bus_arrays = [np.zeros(6) for _ in range(5)]
    engine.read_meters(ids, *arrays)
    engine.read_bus_meters(*bus_arrays)
    def read_all():
        engine.read_meters(ids, *arrays)
        engine.read_bus_meters(*bus_arrays)

    assert bytes_allocated(read_all) == 0
    assert arrays[0][255] == pytest.approx(0.255 * GAIN, rel=1e-5)


@pytest.mark.parametrize("bad,error", [
    (np.zeros(4, np.float32), TypeError),        # wrong dtype
    (np.zeros((4, 2)), ValueError),              # 2-D
    (np.zeros(8)[::2], ValueError),              # not contiguous
    (np.zeros(1), ValueError),                   # too short
    ([0.0] * 4, TypeError),                      # not an array
])
def test_read_meters_rejects_bad_arrays(make_engine, bad, error):
    engine = make_engine()
    for _ in range(3):
        engine.add_track(dc(0.1, 100))
    ids, arrays = meter_arrays(4)
    arrays[2] = bad
    with pytest.raises(error, match="rms_l"):
        engine.read_meters(ids, *arrays)
    with pytest.raises(TypeError, match="ids"):
        engine.read_meters(np.zeros(4), *meter_arrays(4)[1])
