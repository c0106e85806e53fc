"""Biquad and BiquadBank: RBJ cookbook coefficients, sanitising, frequency
response, state handling, SciPy agreement, and bank == per-channel Biquad."""
import math

import numpy as np
import pytest
from scipy import signal

from fluxforge import dsp

SR = 48000.0


def cookbook(kind, f0, q, gain_db, fs):
    """The RBJ Audio EQ Cookbook formulas, written out independently."""
    a = 10 ** (gain_db / 40)
    w0 = 2 * math.pi * f0 / fs
    c, s = math.cos(w0), math.sin(w0)
    alpha = s / (2 * q)
    k = 2 * math.sqrt(a) * alpha
    table = {
        "lowpass": ((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha),
        "highpass": ((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha),
        "bandpass": (alpha, 0.0, -alpha, 1 + alpha, -2 * c, 1 - alpha),
        "notch": (1.0, -2 * c, 1.0, 1 + alpha, -2 * c, 1 - alpha),
        "allpass": (1 - alpha, -2 * c, 1 + alpha, 1 + alpha, -2 * c, 1 - alpha),
        "peaking": (1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a),
        "lowshelf": (a * ((a + 1) - (a - 1) * c + k), 2 * a * ((a - 1) - (a + 1) * c),
                     a * ((a + 1) - (a - 1) * c - k), (a + 1) + (a - 1) * c + k,
                     -2 * ((a - 1) + (a + 1) * c), (a + 1) + (a - 1) * c - k),
        "highshelf": (a * ((a + 1) + (a - 1) * c + k), -2 * a * ((a - 1) + (a + 1) * c),
                      a * ((a + 1) + (a - 1) * c - k), (a + 1) - (a - 1) * c + k,
                      2 * ((a - 1) - (a + 1) * c), (a + 1) - (a - 1) * c - k),
        "bypass": (1.0, 0.0, 0.0, 1.0, 0.0, 0.0),
    }
    b0, b1, b2, a0, a1, a2 = table[kind]
    return (b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0)


@pytest.mark.parametrize("kind", dsp.FILTER_KINDS)
@pytest.mark.parametrize("f0, q, gain_db, fs", [
    (1000.0, 0.707, 6.0, 48000.0), (80.0, 2.5, -12.0, 44100.0), (15000.0, 0.3, 18.0, 96000.0)])
def test_coefficients_follow_the_cookbook(kind, f0, q, gain_db, fs):
    bq = dsp.Biquad(kind, f0, q, gain_db, fs)
    assert bq.coefficients == pytest.approx(cookbook(kind, f0, q, gain_db, fs), rel=1e-12,
                                            abs=1e-15)


@pytest.mark.parametrize("given, sanitised", [
    ((math.nan, 1.0, 0.0, SR), (1000.0, 1.0, 0.0, SR)),
    ((0.0, 1.0, 0.0, SR), (1.0, 1.0, 0.0, SR)),
    ((30000.0, 1.0, 0.0, SR), (SR / 2 - 1, 1.0, 0.0, SR)),
    ((math.inf, 1.0, 0.0, SR), (1000.0, 1.0, 0.0, SR)),
    ((500.0, 0.0, 0.0, SR), (500.0, 0.01, 0.0, SR)),
    ((500.0, 1e6, 0.0, SR), (500.0, 100.0, 0.0, SR)),
    ((500.0, math.nan, 0.0, SR), (500.0, 0.707, 0.0, SR)),
    ((500.0, 1.0, 100.0, SR), (500.0, 1.0, 24.0, SR)),
    ((500.0, 1.0, -1e9, SR), (500.0, 1.0, -60.0, SR)),
    ((500.0, 1.0, math.inf, SR), (500.0, 1.0, 0.0, SR)),
    ((500.0, 1.0, 3.0, math.nan), (500.0, 1.0, 3.0, 48000.0)),
    ((500.0, 1.0, 3.0, -44100.0), (500.0, 1.0, 3.0, 48000.0)),
    ((500.0, 1.0, 3.0, 0.0), (500.0, 1.0, 3.0, 48000.0)),
])
def test_parameters_are_sanitised_not_rejected(given, sanitised):
    f0, q, gain_db, fs = sanitised
    for kind in ("peaking", "lowshelf", "lowpass"):
        bq = dsp.Biquad(kind, *given)
        assert bq.coefficients == pytest.approx(
            cookbook(kind, f0, q, gain_db, fs), rel=1e-12, abs=1e-15)
        assert (bq.freq_hz, bq.q, bq.gain_db, bq.samplerate) == sanitised
    assert dsp.BiquadBank(2, samplerate=given[3]).samplerate == fs


def tone_gain_db(bq, freq_hz, n=48000):
    """Steady-state gain of the filter for a sine, from the RMS of the last half."""
    t = np.arange(n) / SR
    x = np.sin(2 * np.pi * freq_hz * t)
    y = x.copy()
    bq.process(y)
    half = slice(n // 2, None)
    return 20 * math.log10(dsp.rms(y[half]) / dsp.rms(x[half]))


def butterworth_db(f, fc, highpass=False):
    """Bilinear-transform Butterworth magnitude (the RBJ filter with Q = 1/sqrt(2))."""
    ratio = math.tan(math.pi * f / SR) / math.tan(math.pi * fc / SR)
    ratio = 1 / ratio if highpass else ratio
    return -10 * math.log10(1 + ratio ** 4)


@pytest.mark.parametrize("freq_hz", [250.0, 2000.0, 4000.0, 8000.0, 16000.0])
def test_lowpass_attenuates_a_tone_by_the_expected_db(simd_level, freq_hz):
    lp = dsp.Biquad("lowpass", 1000.0, 1 / math.sqrt(2), 0.0, SR)
    expected = butterworth_db(freq_hz, 1000.0)
    assert tone_gain_db(lp, freq_hz) == pytest.approx(expected, abs=0.05)
    if freq_hz >= 4000.0:
        assert expected < -23.0  # two octaves up: about 12 dB per octave


def test_highpass_and_band_filters_at_their_landmarks(simd_level):
    hp = dsp.Biquad("highpass", 1000.0, 1 / math.sqrt(2), 0.0, SR)
    assert tone_gain_db(hp, 250.0) == pytest.approx(butterworth_db(250.0, 1000.0, True),
                                                    abs=0.05)
    assert tone_gain_db(dsp.Biquad("bandpass", 2000.0, 2.0), 2000.0) == pytest.approx(0, abs=0.05)
    assert tone_gain_db(dsp.Biquad("notch", 2000.0, 2.0), 2000.0) < -40.0
    assert tone_gain_db(dsp.Biquad("allpass", 2000.0, 2.0), 500.0) == pytest.approx(0, abs=0.05)
    assert tone_gain_db(dsp.Biquad("peaking", 3000.0, 1.0, 9.0), 3000.0) == pytest.approx(
        9.0, abs=0.05)
    assert tone_gain_db(dsp.Biquad("lowshelf", 200.0, 0.707, -6.0), 20.0) == pytest.approx(
        -6.0, abs=0.1)
    assert tone_gain_db(dsp.Biquad("highshelf", 2000.0, 0.707, 4.0), 18000.0) == pytest.approx(
        4.0, abs=0.1)
    assert tone_gain_db(dsp.Biquad("bypass", 2000.0), 1234.0) == pytest.approx(0, abs=1e-9)


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-11), (np.float32, 2e-4)])
@pytest.mark.parametrize("kind", ["lowpass", "peaking", "highshelf"])
def test_biquad_matches_scipy_across_calls(simd_level, dtype, tol, kind):
    rng = np.random.default_rng(7)
    x = rng.uniform(-1, 1, 5000)
    bq = dsp.Biquad(kind, 700.0, 0.9, 5.0, SR)
    b0, b1, b2, a1, a2 = bq.coefficients
    expected = signal.lfilter([b0, b1, b2], [1.0, a1, a2], x)
    y = x.astype(dtype)
    for start, stop in [(0, 1), (1, 64), (64, 1001), (1001, 1001), (1001, 5000)]:
        bq.process(y[start:stop])  # state persists between calls
    np.testing.assert_allclose(y, expected, atol=tol)


def test_reset_clears_the_state_and_set_keeps_it(simd_level):
    bq = dsp.Biquad("lowpass", 500.0)
    first = np.ones(256)
    bq.process(first)
    again = np.ones(256)
    bq.process(again)
    assert not np.array_equal(first, again)
    bq.reset()
    fresh = np.ones(256)
    bq.process(fresh)
    np.testing.assert_array_equal(fresh, first)
    bq.set("lowpass", 500.0)
    kept = np.ones(4)
    bq.process(kept)
    assert kept[0] != first[0]


def test_float32_and_float64_share_the_state(simd_level):
    one, mixed = dsp.Biquad("lowpass", 300.0), dsp.Biquad("lowpass", 300.0)
    x = np.random.default_rng(8).uniform(-1, 1, 600)
    y = x.copy()
    one.process(y)
    z32, z64 = x[:300].astype(np.float32), x[300:].copy()
    mixed.process(z32)
    mixed.process(z64)
    np.testing.assert_allclose(np.concatenate([z32, z64]), y, atol=1e-5)


def test_decaying_state_is_flushed_to_zero_never_denormal(simd_level, restore_denormal_mode):
    bq = dsp.Biquad("lowpass", 100.0, 0.707, 0.0, SR)
    impulse = np.zeros(64)
    impulse[0] = 1.0
    bq.process(impulse)
    tail = np.zeros((3000, 64))
    for block in tail:
        bq.process(block)
    nonzero = np.abs(tail[tail != 0])
    assert nonzero.size and nonzero.min() >= np.finfo(np.float64).tiny
    assert not tail[-1].any()


def test_nan_input_propagates_until_reset(simd_level):
    bq = dsp.Biquad("peaking", 1000.0, 1.0, 3.0)
    x = np.ones(32)
    x[3] = np.nan
    bq.process(x)
    assert not np.isnan(x[:3]).any() and np.isnan(x[3:]).all()
    y = np.ones(8)
    bq.process(y)
    assert np.isnan(y).all()
    bq.reset()
    bq.process(y := np.ones(8))
    assert np.isfinite(y).all()


def channel_settings(channels):
    kinds = dsp.FILTER_KINDS
    return [(kinds[c % len(kinds)], 60.0 * 1.37 ** c % 20000 + 30.0, 0.5 + (c % 5) * 0.4,
             (c % 7) * 3.0 - 9.0) for c in range(channels)]


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
@pytest.mark.parametrize("channels", [1, 3, 4, 7, 8, 9, 16, 17, 33, 64])
def test_bank_equals_one_biquad_per_channel(simd_level, dtype, tol, channels):
    rng = np.random.default_rng(channels)
    bank = dsp.BiquadBank(channels, samplerate=SR)
    singles = []
    for c, (kind, f0, q, gain_db) in enumerate(channel_settings(channels)):
        bank.set(c, kind, f0, q, gain_db)
        singles.append(dsp.Biquad(kind, f0, q, gain_db, SR))
    x = rng.uniform(-1, 1, (channels, 1100)).astype(dtype)
    expected = x.copy()
    for c in range(channels):
        singles[c].process(expected[c])
    y = x.copy()
    for start, stop in [(0, 0), (0, 1), (1, 64), (64, 129), (129, 700), (700, 1100)]:
        bank.process(y[:, start:stop])  # rows strided by 1100: views of a wider buffer
    np.testing.assert_allclose(y, expected, rtol=tol, atol=tol)
    np.testing.assert_allclose(bank.coefficients,
                               [s.coefficients for s in singles], rtol=0, atol=0)


def test_bank_matches_scipy_sosfilt(simd_level):
    rng = np.random.default_rng(9)
    bank = dsp.BiquadBank(12)
    for c in range(12):
        bank.set(c, "peaking", 100.0 * (c + 1), 1.2, 6.0 - c)
    x = rng.standard_normal((12, 2048))
    sos = np.array([[*k[:3], 1.0, *k[3:]] for k in bank.coefficients])
    expected = np.stack([signal.sosfilt(sos[c:c + 1], x[c]) for c in range(12)])
    bank.process(x)
    np.testing.assert_allclose(x, expected, atol=1e-11)


def test_bank_reset_and_defaults(simd_level):
    bank = dsp.BiquadBank(5)
    block = np.random.default_rng(10).standard_normal((5, 100))
    untouched = block.copy()
    bank.process(block)
    np.testing.assert_array_equal(block, untouched)  # every channel starts as bypass
    bank.set(2, "lowpass", 200.0)  # keeps the state the bypass left behind
    kept_state = untouched.copy()
    bank.process(kept_state)
    bank.reset()
    first = untouched.copy()
    bank.process(first)
    assert not np.array_equal(first[2], kept_state[2])
    bank.reset()
    second = untouched.copy()
    bank.process(second)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_array_equal(first[[0, 1, 3, 4]], untouched[[0, 1, 3, 4]])
