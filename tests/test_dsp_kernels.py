"""Every buffer kernel at every SIMD level against a NumPy reference.

Lengths 0..1100 (every one: all vector tails and unroll remainders), slices
starting 1-3 samples into a buffer (unaligned), float32 and float64, and
the special signals: silence, full scale, denormals, NaN and Inf.
"""
import math

import numpy as np
import pytest

from fluxforge import dsp

LENGTHS = range(0, 1101)
DTYPES = [np.float64, np.float32]
# (rtol, atol) of a kernel result against NumPy: float64 differs by FMA
# rounding only; float32 elementwise results by one float32 rounding.
ELEMENTWISE_TOL = {np.float64: (1e-14, 1e-15), np.float32: (1e-6, 1e-7)}


def unaligned(rng, n, dtype, offset, scale=1.0):
    """n samples of noise in [-scale, scale) starting `offset` items into a buffer."""
    base = (rng.uniform(-scale, scale, n + offset)).astype(dtype)
    return base[offset:]


def close(actual, expected, dtype):
    rtol, atol = ELEMENTWISE_TOL[dtype]
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_mix_add_matches_numpy_at_every_length(simd_level, dtype):
    rng = np.random.default_rng(1)
    for n in LENGTHS:
        dst, src = unaligned(rng, n, dtype, n % 3), unaligned(rng, n + 5, dtype, 1)
        expected = dst + dtype(0.75) * src[:n]
        dsp.mix_add(dst, src, 0.75)
        close(dst, expected, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_mix_add_uses_the_shorter_length(simd_level, dtype):
    dst, src = np.zeros(10, dtype), np.ones(4, dtype)
    dsp.mix_add(dst, src, 2.0)
    assert dst.tolist() == [2.0] * 4 + [0.0] * 6
    dsp.mix_add(src, dst, 1.0)
    assert src.tolist() == [3.0] * 4


@pytest.mark.parametrize("dtype", DTYPES)
def test_mix_add_ramp_matches_numpy(simd_level, dtype):
    rng = np.random.default_rng(2)
    for n in LENGTHS:
        dst, src = unaligned(rng, n, dtype, 2), unaligned(rng, n, dtype, 1)
        step = 1.0 / max(n, 1)
        ramp = (dtype(0.25) + np.arange(n).astype(dtype) * dtype(step)).astype(dtype)
        expected = dst + src * ramp
        dsp.mix_add_ramp(dst, src, 0.25, step)
        rtol, atol = ELEMENTWISE_TOL[dtype]
        np.testing.assert_allclose(dst, expected, rtol=4 * rtol, atol=4 * atol)


@pytest.mark.parametrize("dtype", DTYPES)
def test_apply_gain_and_stereo_gain_match_numpy(simd_level, dtype):
    rng = np.random.default_rng(3)
    for n in LENGTHS:
        buf = unaligned(rng, n, dtype, 1)
        expected = buf * dtype(-0.3)
        dsp.apply_gain(buf, -0.3)
        close(buf, expected, dtype)
        left, right = unaligned(rng, n, dtype, 3), unaligned(rng, n, dtype, 0)
        exp_l, exp_r = left * dtype(0.5), right * dtype(1.7)
        dsp.stereo_gain(left, right, 0.5, 1.7)
        close(left, exp_l, dtype)
        close(right, exp_r, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_meters_match_numpy_at_every_length(simd_level, dtype):
    rng = np.random.default_rng(4)
    for n in LENGTHS:
        left, right = unaligned(rng, n, dtype, n % 4), unaligned(rng, n, dtype, 1)
        l64, r64 = left.astype(np.float64), right.astype(np.float64)
        peak_l = float(np.max(np.abs(l64), initial=0.0))
        peak_r = float(np.max(np.abs(r64), initial=0.0))
        ms_l = float(np.sum(l64 * l64) / n) if n else 0.0
        ms_r = float(np.sum(r64 * r64) / n) if n else 0.0
        den = math.sqrt(np.sum(l64 * l64) * np.sum(r64 * r64))
        corr = float(np.clip(np.sum(l64 * r64) / den, -1, 1)) if den > 1e-10 else 0.0

        assert dsp.find_peak(left) == peak_l
        assert dsp.find_peak_stereo(left, right) == (peak_l, peak_r)
        assert dsp.mean_square(left) == pytest.approx(ms_l, rel=1e-12, abs=1e-300)
        assert dsp.rms(left) == pytest.approx(math.sqrt(ms_l), rel=1e-12, abs=1e-300)
        assert dsp.correlation(left, right) == pytest.approx(corr, rel=1e-10, abs=1e-12)
        meter = dsp.stereo_meter(left, right)
        assert meter[:2] == (peak_l, peak_r)
        assert meter[2:4] == pytest.approx((math.sqrt(ms_l), math.sqrt(ms_r)), rel=1e-12)
        assert meter[4] == pytest.approx(corr, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_level_equals_the_scalar_reference(dtype):
    """The SIMD paths agree with the scalar file (the specification) directly."""
    rng = np.random.default_rng(5)
    x, y = rng.standard_normal(1037).astype(dtype), rng.standard_normal(1037).astype(dtype)
    results = {}
    for level in dsp.available_simd_levels():
        with dsp.forced_simd_level(level):
            mixed = x.copy()
            dsp.mix_add(mixed, y, 0.3)
            results[level] = (mixed, dsp.find_peak(x), dsp.rms(x), dsp.stereo_meter(x, y))
    reference = results["scalar"]
    for level, (mixed, peak, rms, meter) in results.items():
        close(mixed, reference[0], dtype)
        assert peak == reference[1], level
        assert rms == pytest.approx(reference[2], rel=1e-12), level
        assert meter == pytest.approx(reference[3], rel=1e-10), level


@pytest.mark.parametrize("dtype", DTYPES)
def test_silence_and_full_scale(simd_level, dtype):
    silence = np.zeros(777, dtype)
    assert dsp.find_peak(silence) == 0.0
    assert dsp.rms(silence) == 0.0
    assert dsp.rms_dbfs(silence) == pytest.approx(-200.0)
    assert dsp.correlation(silence, silence) == 0.0
    assert dsp.stereo_meter(silence, silence) == (0.0, 0.0, 0.0, 0.0, 0.0)

    square = np.where(np.arange(777) % 2 == 0, 1.0, -1.0).astype(dtype)
    assert dsp.find_peak(square) == 1.0
    assert dsp.rms(square) == pytest.approx(1.0, rel=1e-15)
    assert dsp.rms_dbfs(square) == pytest.approx(0.0, abs=1e-12)
    assert dsp.correlation(square, -square) == -1.0
    assert dsp.correlation(square, square) == 1.0


def test_empty_arrays_give_zero(simd_level):
    empty = np.zeros(0)
    assert dsp.find_peak(empty) == 0.0
    assert dsp.mean_square(empty) == 0.0
    assert dsp.rms(empty) == 0.0
    assert dsp.correlation(empty, np.ones(5)) == 0.0
    assert dsp.stereo_meter(empty, empty) == (0.0, 0.0, 0.0, 0.0, 0.0)
    dsp.mix_add(empty, np.ones(3))
    dsp.apply_gain(empty, 2.0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_denormal_samples_are_measured_exactly(simd_level, dtype, restore_denormal_mode):
    tiny = np.finfo(dtype).smallest_subnormal
    x = np.full(301, tiny, dtype)
    x[150] = -3 * tiny
    assert dsp.find_peak(x) == float(3 * tiny)
    dsp.apply_gain(x, 1.0)
    assert x[0] == tiny


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("where", [0, 5, 64, 1000])
def test_nan_propagates_to_every_meter(simd_level, dtype, where):
    x = np.linspace(-0.5, 0.5, 1001).astype(dtype)
    x[where] = np.nan
    y = np.full(1001, 0.25, dtype)
    assert math.isnan(dsp.find_peak(x))
    assert math.isnan(dsp.rms(x))
    assert math.isnan(dsp.rms_dbfs(x))
    assert math.isnan(dsp.correlation(x, y))
    peak_l, peak_r, rms_l, rms_r, corr = dsp.stereo_meter(x, y)
    assert math.isnan(peak_l) and math.isnan(rms_l) and math.isnan(corr)
    assert (peak_r, rms_r) == (0.25, pytest.approx(0.25))
    bus = np.zeros(1001, dtype)
    dsp.mix_add(bus, x, 1.0)
    assert np.isnan(bus[where]) and np.count_nonzero(np.isnan(bus)) == 1


@pytest.mark.parametrize("dtype", DTYPES)
def test_inf_propagates(simd_level, dtype):
    x = np.zeros(100, dtype)
    x[37] = -np.inf
    assert dsp.find_peak(x) == math.inf
    assert dsp.rms(x) == math.inf
    dsp.apply_gain(x, 0.5)
    assert x[37] == -np.inf


def test_level_conversions():
    assert dsp.mean_square_to_lufs(1.0) == pytest.approx(-0.691)
    assert dsp.mean_square_to_lufs(0.1) == pytest.approx(-10.691)
    assert dsp.mean_square_to_lufs(0.0) == pytest.approx(-100.691)
    assert math.isnan(dsp.mean_square_to_lufs(math.nan))
    assert dsp.rms_dbfs(np.full(16, 0.5)) == pytest.approx(20 * math.log10(0.5))
