"""Waveform cache speed (issue 5), each against a NumPy formulation in the same run.

Groups (ratio = baseline mean / mean, > 1 = faster than the baseline):
- pyramid-10min-stereo: the 8-level min/max pyramid of a 10-minute stereo
  48 kHz clip (28.8 M frames). Baseline: NumPy reshape/min/max, level 0 from
  the samples and every further level from the one below (the fast NumPy way).
  Target: >= 10x, and <= 1 % of the clip's duration (6 s).
- pyramid-10min-file: the same clip as a float WAV, end to end through
  WaveCacheManager (decode, reduce, write the cache file); no baseline, the
  time is compared with the 6 s budget in extra_info.
- overview-48k: a 48,000-sample clip to 2048 peak points (95.7 % less
  memory). Baseline: NumPy minimum/maximum.reduceat over the same buckets.
  Target: <= 50 us.
"""
import numpy as np
import pytest
import soundfile

from fluxforge.waveform.pyramid_cache import WaveCacheManager
from fluxforge.waveform.reduce import minmax_pyramid, peak_overview

RATE = 48_000
TEN_MINUTES = 600 * RATE


@pytest.fixture(scope="module")
def ten_minutes():
    return np.random.default_rng(0).uniform(-1, 1, (TEN_MINUTES, 2)).astype(np.float32)


def numpy_pyramid(samples, base_tile=256, levels=8):
    tiles = samples.shape[0] // base_tile                  # whole tiles (the clip is aligned)
    view = samples[:tiles * base_tile].reshape(tiles, base_tile, samples.shape[1])
    level = np.stack([view.min(axis=1), view.max(axis=1)], axis=-1)
    out = [level]
    for _ in range(levels - 1):
        pairs = level[:level.shape[0] // 2 * 2].reshape(-1, 2, *level.shape[1:])
        level = np.stack([pairs[..., 0].min(axis=1), pairs[..., 1].max(axis=1)], axis=-1)
        out.append(level)
    return out


def numpy_overview(samples, points=2048):
    n = samples.shape[0]
    starts = -(-(np.arange(points) * n) // points)
    lo = np.minimum.reduceat(samples, starts)
    hi = np.maximum.reduceat(samples, starts)
    return np.where(hi >= -lo, hi, lo), np.stack([lo, hi], axis=-1)


@pytest.mark.benchmark(group="pyramid-10min-stereo")
def test_pyramid_numpy(benchmark, ten_minutes):
    benchmark.extra_info["baseline"] = True
    levels = benchmark.pedantic(numpy_pyramid, args=(ten_minutes,), rounds=3)
    np.testing.assert_array_equal(levels[0], minmax_pyramid(ten_minutes)[0])


@pytest.mark.benchmark(group="pyramid-10min-stereo")
def test_pyramid_fluxforge(benchmark, ten_minutes):
    benchmark.extra_info["budget_s"] = 0.01 * TEN_MINUTES / RATE
    levels = benchmark.pedantic(minmax_pyramid, args=(ten_minutes,), rounds=10)
    assert [level.shape[0] for level in levels] == [-(-TEN_MINUTES // (256 << i)) for i in range(8)]


@pytest.mark.benchmark(group="pyramid-10min-file")
def test_pyramid_from_wav_file(benchmark, ten_minutes, tmp_path):
    path = tmp_path / "ten_minutes.wav"
    soundfile.write(path, ten_minutes, RATE, subtype="FLOAT")
    benchmark.extra_info["budget_s"] = 0.01 * TEN_MINUTES / RATE
    counter = iter(range(100))

    def build():
        with WaveCacheManager(tmp_path / f"cache{next(counter)}") as waves:
            return waves.pyramid(path)

    pyramid = benchmark.pedantic(build, rounds=3)
    assert pyramid.frames == TEN_MINUTES


@pytest.fixture(scope="module")
def one_second():
    return np.random.default_rng(1).uniform(-1, 1, RATE).astype(np.float32)


@pytest.mark.benchmark(group="overview-48k")
def test_overview_numpy(benchmark, one_second):
    benchmark.extra_info["baseline"] = True
    peaks, _ = benchmark(numpy_overview, one_second)
    np.testing.assert_array_equal(peaks, peak_overview(one_second)[0])


@pytest.mark.benchmark(group="overview-48k")
def test_overview_fluxforge(benchmark, one_second):
    peaks, minmax = benchmark(peak_overview, one_second)
    benchmark.extra_info["memory_reduction"] = 1 - peaks.nbytes / one_second.nbytes
    assert peaks.shape == (2048,) and peaks.dtype == np.float32
