"""Per-track EQ: RBJ biquads run as a bank across tracks, checked against lfilter."""
import math

import numpy as np
import pytest
from scipy.signal import lfilter

GAIN = np.cos(np.pi / 4)


def rbj(kind, freq_hz, q, gain_db, samplerate):
    """Hand-written RBJ cookbook designs (b, a) for the kinds tested here."""
    w0 = 2 * math.pi * freq_hz / samplerate
    cw, alpha = math.cos(w0), math.sin(w0) / (2 * q)
    big_a = 10 ** (gain_db / 40)
    if kind == "lowpass":
        b, a = [(1 - cw) / 2, 1 - cw, (1 - cw) / 2], [1 + alpha, -2 * cw, 1 - alpha]
    elif kind == "highpass":
        b, a = [(1 + cw) / 2, -(1 + cw), (1 + cw) / 2], [1 + alpha, -2 * cw, 1 - alpha]
    elif kind == "peaking":
        b = [1 + alpha * big_a, -2 * cw, 1 - alpha * big_a]
        a = [1 + alpha / big_a, -2 * cw, 1 - alpha / big_a]
    elif kind == "highshelf":
        s = 2 * math.sqrt(big_a) * alpha
        b = [big_a * ((big_a + 1) + (big_a - 1) * cw + s),
             -2 * big_a * ((big_a - 1) + (big_a + 1) * cw),
             big_a * ((big_a + 1) + (big_a - 1) * cw - s)]
        a = [(big_a + 1) - (big_a - 1) * cw + s, 2 * ((big_a - 1) - (big_a + 1) * cw),
             (big_a + 1) - (big_a - 1) * cw - s]
    else:
        raise ValueError(kind)
    return np.array(b) / a[0], np.array(a) / a[0]


def noise(frames, seed, channels=1):
    rng = np.random.default_rng(seed)
    shape = (frames,) if channels == 1 else (frames, channels)
    return (rng.standard_normal(shape) * 0.1).astype(np.float32)


BANDS = [("lowpass", 800.0, 0.707, 0.0), ("highpass", 2000.0, 1.5, 0.0),
         ("peaking", 1000.0, 2.0, 9.0), ("highshelf", 5000.0, 0.707, -6.0)]


@pytest.mark.parametrize("band", range(4))
def test_single_band_matches_lfilter(make_engine, engine_samplerate, simd_level, band):
    engine = make_engine(samplerate=engine_samplerate, blocksize=256)
    clip = noise(3000, band)
    tid = engine.add_track(clip)
    kind, freq, q, gain_db = BANDS[band]
    engine.set_track_eq(tid, band, kind, freq, q=q, gain_db=gain_db)
    engine.play()
    out = engine.render(3000)
    b, a = rbj(kind, freq, q, gain_db, engine_samplerate)
    want = lfilter(b, a, clip.astype(np.float64)) * GAIN
    np.testing.assert_allclose(out[:, 0], want, atol=2e-6)


def test_many_tracks_each_with_its_own_eq(make_engine, simd_level):
    """40 tracks span three tiles; stereo and mono mixed; bands and settings vary."""
    engine = make_engine(blocksize=300)
    want = np.zeros((2000, 2))
    for i in range(40):
        stereo = i % 3 == 0
        clip = noise(2000, 100 + i, channels=2 if stereo else 1)
        tid = engine.add_track(clip)
        x = clip.astype(np.float64).reshape(2000, -1)
        if i % 4 != 3:                           # every fourth track: no EQ
            kind, freq, q, gain_db = BANDS[i % 4]
            freq *= 1 + i / 40
            engine.set_track_eq(tid, i % 4, kind, freq, q=q, gain_db=gain_db)
            b, a = rbj(kind, freq, q, gain_db, 48000)
            x = lfilter(b, a, x, axis=0)
        if stereo:
            want += x
        else:
            want += x * GAIN
    engine.play()
    np.testing.assert_allclose(engine.render(2000), want, atol=2e-5)


def test_two_bands_in_series_and_disabling(make_engine):
    engine = make_engine(blocksize=128)
    clip = noise(4096, 5)
    tid = engine.add_track(clip)
    engine.set_track_eq(tid, 0, "lowpass", 3000.0)
    engine.set_track_eq(tid, 2, "peaking", 500.0, q=1.0, gain_db=-12.0)
    engine.play()
    out = engine.render(2048)
    b0, a0 = rbj("lowpass", 3000.0, 0.707, 0.0, 48000)
    b2, a2 = rbj("peaking", 500.0, 1.0, -12.0, 48000)
    want = lfilter(b2, a2, lfilter(b0, a0, clip.astype(np.float64)))[:2048] * GAIN
    np.testing.assert_allclose(out[:, 0], want, atol=2e-6)
    engine.set_track_eq(tid, 0, "lowpass", 3000.0, enabled=False)
    engine.set_track_eq(tid, 2, "bypass", 500.0)       # glides to bypass over one block
    engine.render(128)
    np.testing.assert_allclose(engine.render(896)[:, 0], clip[2176:3072] * GAIN, atol=1e-7)
    info = engine.track(tid).eq
    assert info[0].enabled is False and info[2].kind == "bypass" and info[1] is None


def test_eq_values_are_clamped_and_bad_ones_rejected(make_engine):
    engine = make_engine()
    tid = engine.add_track(noise(100, 1))
    engine.set_track_eq(tid, 1, "peaking", 1e6, q=1000.0, gain_db=99.0)
    assert engine.track(tid).eq[1] == type(engine.track(tid).eq[1])(
        "peaking", 23999.0, 100.0, 24.0, True)
    for args, error in [((4, "lowpass", 100.0), ValueError), ((0, "wah", 100.0), ValueError),
                        ((0, "lowpass", float("nan")), ValueError),
                        ((0, "lowpass", "100"), TypeError), ((True, "lowpass", 100.0), TypeError)]:
        with pytest.raises(error):
            engine.set_track_eq(tid, *args)
    assert engine.track(tid).eq[0] is None
