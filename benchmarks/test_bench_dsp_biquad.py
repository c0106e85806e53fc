"""Biquad filters: a bank of 64 channels in SIMD lanes against SciPy, and one
serial channel, at every SIMD level.

Ratios follow the benchmarks' convention (benchmarks/conftest.py): in each
group the benchmark with ``extra_info["baseline"] = True`` is the reference.

Groups:
- biquad-bank-64x512-f64: ``BiquadBank(64).process`` of a (64, 512) block,
  64 different filters, at each level, against ``scipy.signal.sosfilt`` of
  the same block (one section for all rows, carrying ``zi`` between calls as
  a real-time filter must). The filters are allpasses at 64 frequencies: the
  block is filtered in place round after round, and a filter with gain
  would blow it up to Inf/NaN (the cost is the same for every kind). Target: >= 10x per channel-sample at the best
  level; ``extra_info["ns_per_channel_sample"]``.
- biquad-single-65536-f64: one ``Biquad.process`` of 65,536 samples at each
  level (an allpass, for the same reason), against sosfilt of the same. Target: <= 2.5 ns per sample
  (``extra_info["ns_per_sample"]``); a single channel is serial by nature.
"""
import numpy as np
import pytest
from scipy import signal

from fluxforge import dsp

CHANNELS, FRAMES, SINGLE = 64, 512, 65_536
SR = 48000.0


def sosfilt_runner(x):
    sos = np.array([[*dsp.Biquad("lowpass", 1000.0, 0.707).coefficients[:3], 1.0,
                     *dsp.Biquad("lowpass", 1000.0, 0.707).coefficients[3:]]])
    zi = np.zeros((1, *x.shape[:-1], 2))

    def run():
        nonlocal zi
        _, zi = signal.sosfilt(sos, x, axis=-1, zi=zi)

    return run


@pytest.mark.parametrize("side", ["sosfilt", *dsp.available_simd_levels()])
def test_bank_64_channels(benchmark, record_ns_per_unit, side):
    block = np.random.default_rng(0).uniform(-1, 1, (CHANNELS, FRAMES))
    benchmark.group = f"biquad-bank-{CHANNELS}x{FRAMES}-f64"
    benchmark.extra_info["baseline"] = side == "sosfilt"
    if side == "sosfilt":
        benchmark.name = "scipy sosfilt"
        benchmark(sosfilt_runner(block))
    else:
        bank = dsp.BiquadBank(CHANNELS, SR)
        for c in range(CHANNELS):
            bank.set(c, "allpass", 40.0 * 1.1 ** c, 1.0)
        benchmark.name = f"BiquadBank {side}"
        with dsp.forced_simd_level(side):
            benchmark(bank.process, block)
    record_ns_per_unit("ns_per_channel_sample", CHANNELS * FRAMES)


@pytest.mark.parametrize("side", ["sosfilt", *dsp.available_simd_levels()])
def test_single_channel(benchmark, record_ns_per_unit, side):
    x = np.random.default_rng(1).uniform(-1, 1, SINGLE)
    benchmark.group = f"biquad-single-{SINGLE}-f64"
    benchmark.extra_info["baseline"] = side == "sosfilt"
    if side == "sosfilt":
        benchmark.name = "scipy sosfilt"
        benchmark(sosfilt_runner(x))
    else:
        bq = dsp.Biquad("allpass", 1000.0, 1.0, 0.0, SR)
        benchmark.name = f"Biquad {side}"
        with dsp.forced_simd_level(side):
            benchmark(bq.process, x)
    record_ns_per_unit("ns_per_sample", SINGLE)
