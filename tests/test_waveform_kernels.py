"""C waveform reductions: SIMD path == scalar spec, pyramids and overviews == NumPy."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from fluxforge import _wave
from fluxforge.waveform.reduce import (
    OverviewBuilder, PyramidBuilder, minmax_pyramid, peak_overview)
from tests.fixtures.waveforms import reference_overview, reference_pyramid

SAMPLES = st.floats(-4, 4, width=32) | st.sampled_from([np.nan, np.inf, -np.inf, 0.0, -0.0])


@settings(max_examples=200, deadline=None)
@given(frames=st.integers(0, 700), channels=st.integers(1, 5), tile=st.integers(1, 70),
       data=st.data())
def test_simd_tiles_equal_scalar_specification(frames, channels, tile, data):
    x = data.draw(hnp.arrays(np.float32, (frames, channels), elements=SAMPLES))
    tiles = -(-frames // tile)
    fast = np.empty((tiles, channels, 2), np.float32)
    spec = np.empty_like(fast)
    _wave.minmax_tiles(x, tile, fast)
    _wave.minmax_tiles(x, tile, spec, scalar=True)
    np.testing.assert_array_equal(fast, spec)


@settings(max_examples=200, deadline=None)
@given(frames=st.integers(1, 3000), channels=st.integers(1, 4), points=st.integers(1, 300),
       data=st.data())
def test_simd_overview_equals_scalar_specification(frames, channels, points, data):
    x = data.draw(hnp.arrays(np.float32, (frames, channels), elements=SAMPLES))
    fast = np.empty((points, 2), np.float32)
    spec = np.empty_like(fast)
    for out, scalar in ((fast, False), (spec, True)):
        _wave.reset_minmax(out)
        _wave.overview_block(x, 0, frames, out, scalar=scalar)
    np.testing.assert_array_equal(fast, spec)


@pytest.mark.parametrize("frames", [1, 255, 256, 257, 32768, 100_003])
@pytest.mark.parametrize("channels", [1, 2, 3])
def test_pyramid_equals_numpy_at_every_level(frames, channels):
    x = np.random.default_rng(frames).normal(size=(frames, channels)).astype(np.float32)
    levels = minmax_pyramid(x)
    reference = reference_pyramid(x)
    assert len(levels) == 8
    for level, expected in zip(levels, reference):
        assert level.dtype == np.float32
        np.testing.assert_array_equal(level, expected)


def test_pyramid_fed_in_blocks_equals_whole():
    x = np.random.default_rng(3).normal(size=(200_000, 2)).astype(np.float32)
    builder = PyramidBuilder(x.shape[0], 2)
    for start in range(0, x.shape[0], 65536):
        builder.feed(x[start:start + 65536])
        assert 0 < builder.progress <= 1
    for got, expected in zip(builder.finish(), minmax_pyramid(x)):
        np.testing.assert_array_equal(got, expected)


def test_pyramid_builder_rejects_misaligned_blocks_and_missing_frames():
    builder = PyramidBuilder(100_000, 1)
    builder.feed(np.zeros(1000, np.float32))
    with pytest.raises(ValueError, match="multiple of 32768"):
        builder.feed(np.zeros(1000, np.float32))
    with pytest.raises(ValueError, match="were fed"):
        builder.finish()
    with pytest.raises(ValueError, match="channels"):
        PyramidBuilder(10, 2).feed(np.zeros((10, 1), np.float32))


def test_nan_is_ignored_and_nan_only_tiles_read_as_silence():
    x = np.full(1024, np.nan, np.float32)
    x[300] = 0.5
    levels = minmax_pyramid(x)
    assert levels[0].tolist() == [[[0.0, 0.0]], [[0.5, 0.5]], [[0.0, 0.0]], [[0.0, 0.0]]]
    assert levels[1].tolist() == [[[0.5, 0.5]], [[0.0, 0.0]]]


@pytest.mark.parametrize("frames", [1, 100, 2047, 2048, 2049, 48_000, 1_000_003])
@pytest.mark.parametrize("channels", [1, 2])
def test_overview_equals_numpy_reference(frames, channels):
    x = np.random.default_rng(frames).uniform(-1, 1, (frames, channels)).astype(np.float32)
    peaks, minmax = peak_overview(x)
    ref_peaks, ref_minmax = reference_overview(x)
    assert peaks.shape == (min(frames, 2048),) and minmax.shape == (min(frames, 2048), 2)
    np.testing.assert_array_equal(minmax, ref_minmax)
    np.testing.assert_array_equal(peaks, ref_peaks)


@settings(max_examples=100, deadline=None)
@given(frames=st.integers(2049, 200_000), position=st.floats(0, 1, exclude_max=True),
       spike=st.sampled_from([1.0, -1.0, 0.37, -0.93]), channel=st.integers(0, 1))
def test_a_single_sample_spike_survives_downsampling(frames, position, spike, channel):
    x = np.random.default_rng(0).uniform(-0.01, 0.01, (frames, 2)).astype(np.float32)
    index = int(position * frames)
    x[index, channel] = spike
    peaks, minmax = peak_overview(x)
    bucket = index * 2048 // frames
    assert peaks[bucket] == np.float32(spike)
    assert np.float32(spike) in minmax[bucket]
    assert np.abs(peaks).max() == abs(np.float32(spike))


def test_overview_fed_in_uneven_blocks_equals_whole():
    x = np.random.default_rng(5).normal(size=(123_457, 2)).astype(np.float32)
    builder = OverviewBuilder(x.shape[0])
    for start, stop in [(0, 1), (1, 5000), (5000, 70001), (70001, 123_457)]:
        builder.feed(x[start:stop])
    for got, expected in zip(builder.finish(), peak_overview(x)):
        np.testing.assert_array_equal(got, expected)


def test_peak_prefers_larger_magnitude_and_max_on_ties():
    peaks, _ = peak_overview(np.array([[0.2], [-0.7], [0.5], [-0.5]], np.float32), max_points=2)
    assert peaks.tolist() == [-0.699999988079071, 0.5]


@pytest.mark.parametrize("bad, error", [([1.0, 2.0], TypeError), (np.zeros((2, 2, 2)), ValueError),
                                        (np.array(["a"]), TypeError), (np.zeros((4, 0)), ValueError)])
def test_bad_samples_raise_clear_errors(bad, error):
    with pytest.raises(error, match="samples"):
        peak_overview(bad)
    with pytest.raises(error, match="samples"):
        minmax_pyramid(bad)


def test_empty_clip_gives_empty_results():
    peaks, minmax = peak_overview(np.zeros(0, np.float32))
    assert peaks.shape == (0,) and minmax.shape == (0, 2)
    assert [level.shape[0] for level in minmax_pyramid(np.zeros((0, 2), np.float32))] == [0] * 8
