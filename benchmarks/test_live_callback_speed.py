"""The live audio callback: the engine's C callback against a plain Python one.

Ratios follow the benchmarks' convention (benchmarks/conftest.py).

Group callback-16tracks-512: one 512-frame stereo block of a 16-track session.
- ``C callback``: ``ff_callback`` (what PortAudio calls) with the engine's
  render, called here through ctypes (which adds about a microsecond).
- baseline ``python callback``: the callback a Python program would hand to
  sounddevice, rendering the same block with ``engine.render`` and copying it
  into the output buffer (sounddevice's cffi wrapper is not included, so the
  Python side is, if anything, flattered).
``extra_info["us_per_block"]``; a block lasts 10.7 ms at 48 kHz. The render
dominates both, so the ratio is modest: the C callback's real gain is that it
never waits for the GIL (tests/test_live_gil_hold.py), not per-call speed.
"""
import ctypes

import numpy as np
import pytest

from fluxforge import Engine
from fluxforge._stream import CallbackState, callback_address

FRAMES = 512
TRACKS = 16

PA_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong,
                               ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p)


def session():
    engine = Engine(48000, FRAMES)
    rng = np.random.default_rng(3)
    for i in range(TRACKS):
        engine.add_track(rng.uniform(-0.05, 0.05, (48000 * 60, 1 + i % 2)).astype(np.float32))
    engine.set_loop(0, 48000 * 60)
    engine.play()
    return engine


@pytest.mark.parametrize("side", ["python callback", "C callback"])
def test_callback_block(benchmark, side):
    engine = session()
    out = np.zeros((FRAMES, 2), np.float32)
    benchmark.group = f"callback-{TRACKS}tracks-{FRAMES}"
    benchmark.name = side
    benchmark.extra_info["baseline"] = side == "python callback"
    if side == "C callback":
        state = CallbackState(*engine._render_entry(), engine.samplerate)
        callback = PA_CALLBACK(callback_address())
        address = out.ctypes.data

        def block():
            callback(None, address, FRAMES, None, 0, state.address)
    else:
        def python_callback(outdata, frames, time_info, status):
            outdata[:] = engine.render(frames)

        def block():
            python_callback(out, FRAMES, None, None)

    benchmark(block)
    if benchmark.stats is not None:
        benchmark.extra_info["us_per_block"] = benchmark.stats.stats.mean * 1e6
    assert np.abs(out).max() > 0
