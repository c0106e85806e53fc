"""The whole-signal analysis (segments of the signal side by side in SIMD
lanes) against the streaming meter, at every SIMD level: loudness figures to
1e-9 LU, peaks bit for bit, the same bits at every level and run, and
non-finite samples located as the streaming meter locates them."""
import functools

import numpy as np
import pytest

import fluxforge
from fluxforge import _loudness, dsp
from fluxforge.metering import LoudnessMeter

SECONDS = 4.3371   # with FRAMES_EXTRA: no whole number of sub-blocks or vectors
FRAMES_EXTRA = 7


def programme(samplerate, channels, seconds=SECONDS, seed=0, dtype=np.float64):
    """Noise whose level jumps every 0.3 s over 40 dB (so the true-peak scan
    skips sub-blocks), plus a quiet tone."""
    rng = np.random.default_rng(seed)
    n = int(seconds * samplerate) + FRAMES_EXTRA
    steps = int(seconds / 0.3) + 1
    env = np.repeat(10 ** (rng.uniform(-40, 0, steps) / 20), n // steps + 1)[:n]
    x = 0.25 * rng.standard_normal((n, channels)) * env[:, None]
    x += 0.01 * np.sin(2 * np.pi * 997 * np.arange(n) / samplerate)[:, None]
    return (x[:, 0] if channels == 1 else x).astype(dtype)


@functools.lru_cache(maxsize=None)
def streamed(samplerate, channels, dtype=np.float64):
    meter = LoudnessMeter(samplerate, channels)
    meter.process(programme(samplerate, channels, dtype=dtype))
    return meter.figures()


def assert_same_figures(offline, expected):
    assert offline == pytest.approx(expected, abs=1e-9)   # LU, and dB for the peaks
    assert offline["true_peak_dbtp"] == expected["true_peak_dbtp"]
    assert offline["sample_peak_dbfs"] == expected["sample_peak_dbfs"]


@pytest.mark.parametrize("channels", [1, 2, 6])
@pytest.mark.parametrize("samplerate", [8000, 44100, 96000, 192000, 384000])
def test_lanes_agree_with_the_streaming_meter(simd_level, samplerate, channels):
    x = programme(samplerate, channels)
    assert _loudness.analysis_segments(samplerate, channels, len(x)) >= 2
    assert_same_figures(fluxforge.loudness(x, samplerate).as_dict(),
                        streamed(samplerate, channels))


@pytest.mark.parametrize("channels", [1, 2, 3, 5])
def test_float32_samples_are_read_as_the_streaming_meter_reads_them(simd_level, channels):
    x = programme(48000, channels, dtype=np.float32)
    assert_same_figures(fluxforge.loudness(x, 48000).as_dict(),
                        streamed(48000, channels, np.float32))


def peaky(kind, seed, samplerate=48000, seconds=2.3):
    """Signals whose true peak lies between samples, somewhere in quieter
    material: a quarter-rate sine at 45 degrees, clicks, square waves."""
    rng = np.random.default_rng(seed)
    n = int(seconds * samplerate)
    x = 10 ** rng.uniform(-2, -0.5) * rng.standard_normal((n, 2))
    at = rng.integers(0, n - 4000, 6)
    t = np.arange(4000)
    for start, level in zip(at, 10 ** rng.uniform(-1.5, 0, 6)):
        if kind == "sine":
            burst = np.sin(np.pi / 2 * t + np.pi / 4)
        elif kind == "clicks":
            burst = np.where(t % 997 == 0, rng.choice([-1.0, 1.0]), 0.0)
        else:
            burst = np.sign(np.sin(2 * np.pi * t / rng.integers(20, 200)))
        x[start:start + 4000, rng.integers(0, 2)] += level * burst
    return x


@pytest.mark.parametrize("kind", ["sine", "clicks", "square"])
@pytest.mark.parametrize("samplerate", [44100, 96000])
def test_true_peak_between_samples_is_the_streaming_meters(simd_level, kind, samplerate):
    for seed in range(8):
        x = peaky(kind, seed, samplerate)
        meter = LoudnessMeter(samplerate, 2)
        meter.process(x)
        r = fluxforge.loudness(x, samplerate)
        assert r.true_peak_dbtp == meter.true_peak_dbtp, seed
        assert r.sample_peak_dbfs == meter.sample_peak_dbfs, seed


def test_every_level_and_run_gives_the_same_bits():
    x = programme(48000, 2, seconds=7.3)
    figures = {}
    for level in dsp.available_simd_levels():
        with dsp.forced_simd_level(level):
            first = fluxforge.loudness(x, 48000).as_dict()
            assert fluxforge.loudness(x.copy(), 48000).as_dict() == first, level
            figures[level] = first
    assert all(f == figures["scalar"] for f in figures.values()), figures


def test_explicit_weights_in_lanes():
    x = programme(48000, 4)
    weights = [1.0, 0.5, 0.0, 2.0]
    meter = LoudnessMeter(48000, 4, weights)
    meter.process(x)
    assert_same_figures(fluxforge.loudness(x, 48000, weights).as_dict(), meter.figures())


@pytest.mark.parametrize("frame", [5, 70_000, 100_000, 150_000, 207_000])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_samples_are_located_anywhere(simd_level, frame, bad):
    # 208_187 frames: three segments of 100 ms sub-blocks (from 0, 81_600 and
    # 148_800; the second's warm-up from 67_200), then 1_787 trailing frames
    x = programme(48000, 2)
    assert _loudness.analysis_segments(48000, 2, len(x)) == 3
    x[frame, 1] = bad
    x[-1, 0] = np.nan    # a later one is not the one reported
    with pytest.raises(ValueError, match=rf"non-finite sample .* frame {frame}, channel 1"):
        fluxforge.loudness(x, 48000)


def test_overflowing_samples_are_measured_by_the_streaming_meter():
    x = programme(48000, 2)
    x[100_000:101_000] = 1e200   # finite, but the squares overflow
    meter = LoudnessMeter(48000, 2)
    meter.process(x)
    assert fluxforge.loudness(x, 48000).as_dict() == meter.figures()


@pytest.mark.parametrize("samplerate, seconds", [(100, 60), (48000, 0), (48000, 0.05),
                                                 (48000, 1.0)])
def test_short_sub_blocks_or_signals(samplerate, seconds):
    x = programme(samplerate, 2, seconds=seconds)
    meter = LoudnessMeter(samplerate, 2)
    meter.process(x)
    assert_same_figures(fluxforge.loudness(x, samplerate).as_dict(), meter.figures())
    if samplerate == 100:   # 10-frame sub-blocks: measured by the streaming meter itself
        assert _loudness.analysis_segments(samplerate, 2, len(x)) == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_frames(dtype):
    r = fluxforge.loudness(np.zeros((0, 2), dtype), 48000)
    assert r.integrated_lufs == r.true_peak_dbtp == r.sample_peak_dbfs == -np.inf
