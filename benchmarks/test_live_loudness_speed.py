"""What live loudness costs in the render: the N=256 session with it on and off.

Group live-loudness-N256: the session of engine-render-N256 (256 stereo noise
tracks spread over the six buses, volume, dual pan, one EQ band, meters,
512-frame blocks at 48 kHz, the public ``render(512)``), rendered by an
engine with live loudness off (the baseline: ``set_loudness_enabled(False)``)
and by one metering the master and the five buses (K-weighting, 100 ms
sub-blocks with integrated loudness and range, true peak). The "on" entry
also times both engines in turns (25 blocks each, the first 5 of a turn not
counted) in the same test and reports ``overhead_pct`` = (median on /
median off - 1) x 100 (target <= 5).
"""
import time

import numpy as np
import pytest

from .test_engine_speed import BLOCK, build_engine, make_clips

TRACKS = 256


@pytest.fixture(scope="module")
def engines():
    clips = make_clips(TRACKS)
    on, off = build_engine(clips), build_engine(clips)
    off.set_loudness_enabled(False)
    for engine in (on, off):
        engine.render(BLOCK * 200)          # past 3 s: every figure is being computed
    yield on, off
    on.close()
    off.close()


def alternating_medians_us(first, second, rounds=40, batch=25):
    """Median times of two calls, timed in turns of ``batch`` calls each (a busy
    machine slows both alike; each turn is long enough to warm its caches)."""
    times = np.zeros((2, rounds, batch))
    for i in range(rounds):
        for j, fn in enumerate((first, second)):
            for k in range(batch):
                start = time.perf_counter()
                fn()
                times[j, i, k] = time.perf_counter() - start
    return np.median(times[:, :, batch // 5:].reshape(2, -1), axis=1) * 1e6


@pytest.mark.benchmark(group="live-loudness-N256")
def test_render_loudness_off(benchmark, engines):
    _, off = engines
    benchmark.extra_info["baseline"] = True
    out = benchmark(off.render, BLOCK)
    assert np.abs(out).max() > 0 and np.isnan(off.loudness().momentary_lufs)


@pytest.mark.benchmark(group="live-loudness-N256")
def test_render_loudness_on(benchmark, engines):
    on, off = engines
    out = benchmark(on.render, BLOCK)
    assert np.abs(out).max() > 0
    assert np.isfinite([on.loudness(bus).integrated_lufs for bus in range(6)]).all()
    if benchmark.stats is not None:
        off_us, on_us = alternating_medians_us(lambda: off.render(BLOCK),
                                               lambda: on.render(BLOCK))
        benchmark.extra_info["overhead_pct"] = (on_us / off_us - 1.0) * 100.0
