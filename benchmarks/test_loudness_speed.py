"""Offline loudness analysis speed: fluxforge.loudness vs pyloudnorm and libebur128.

The signal is 60 s of stereo noise at 48 kHz (float64), level changing every
half second. FluxForge measures every figure in one pass (integrated, LRA,
max momentary / short-term, true peak, sample peak).

Groups:
- loudness-vs-pyloudnorm-60s: baseline pyloudnorm's integrated loudness
  (NumPy/SciPy; it measures only the integrated loudness); FluxForge both
  with every figure and with ``true_peak=False`` (the true-peak filter is
  the one figure that costs more than the K-weighting itself).
- loudness-vs-libebur128-60s: baseline libebur128 (pyebur128) with the same
  figures enabled (momentary, short-term, integrated, LRA, sample and true
  peak, histogram mode), fed the whole signal in one call.
"""
import numpy as np
import pyebur128
import pyloudnorm
import pytest

import fluxforge

SR = 48000
SECONDS = 60
MODE_ALL = 1 | 3 | 5 | 11 | 17 | 49 | 64


@pytest.fixture(scope="module")
def signal():
    rng = np.random.default_rng(0)
    n = SR * SECONDS
    env = np.repeat(10 ** (rng.uniform(-30, 0, 2 * SECONDS + 1) / 20), n // (2 * SECONDS) + 1)[:n]
    return np.ascontiguousarray(0.2 * rng.standard_normal((n, 2)) * env[:, None])


def libebur128_figures(x):
    state = pyebur128.R128State(2, SR, MODE_ALL)
    state.add_frames(x.reshape(-1), len(x))
    return (pyebur128.get_loudness_global(state), pyebur128.get_loudness_range(state),
            max(pyebur128.get_true_peak(state, c) for c in range(2)))


@pytest.mark.benchmark(group="loudness-vs-pyloudnorm-60s")
def test_pyloudnorm(benchmark, signal):
    benchmark.extra_info["baseline"] = True
    meter = pyloudnorm.Meter(SR)
    value = benchmark.pedantic(meter.integrated_loudness, (signal,), rounds=3, iterations=1)
    assert value == pytest.approx(fluxforge.loudness(signal, SR).integrated_lufs, abs=0.1)


@pytest.mark.benchmark(group="loudness-vs-pyloudnorm-60s")
def test_fluxforge_vs_pyloudnorm(benchmark, signal):
    r = benchmark.pedantic(fluxforge.loudness, (signal, SR), rounds=5, iterations=1)
    assert r.integrated_lufs > -70


@pytest.mark.benchmark(group="loudness-vs-pyloudnorm-60s")
def test_fluxforge_no_true_peak_vs_pyloudnorm(benchmark, signal):
    r = benchmark.pedantic(fluxforge.loudness, (signal, SR), {"true_peak": False},
                           rounds=5, iterations=1)
    assert r.integrated_lufs == fluxforge.loudness(signal, SR).integrated_lufs


@pytest.mark.benchmark(group="loudness-vs-libebur128-60s")
def test_libebur128(benchmark, signal):
    benchmark.extra_info["baseline"] = True
    integrated, _, _ = benchmark.pedantic(libebur128_figures, (signal,), rounds=5, iterations=1)
    assert integrated == pytest.approx(fluxforge.loudness(signal, SR).integrated_lufs, abs=0.02)


@pytest.mark.benchmark(group="loudness-vs-libebur128-60s")
def test_fluxforge_vs_libebur128(benchmark, signal):
    r = benchmark.pedantic(fluxforge.loudness, (signal, SR), rounds=5, iterations=1)
    assert r.integrated_lufs > -70
