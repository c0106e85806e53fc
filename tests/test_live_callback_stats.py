"""The C stream callback's bookkeeping, driven directly (no device needed).

The callback is called through ctypes exactly as PortAudio calls it; the
render it drives is a small ctypes function defined here, so every branch can
be forced: a failing render, one slower than real time, PortAudio's underflow
flag, a late callback, and the peak reset.
"""
import ctypes
import time

import numpy as np
import pytest

from fluxforge._stream import CallbackState, callback_address

RATE_HZ = 48000.0
FRAMES = 480                      # 10 ms blocks
PA_OUTPUT_UNDERFLOW = 0x4

PA_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong,
                               ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p)
RENDER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_float),
                          ctypes.c_ulong)


class Render:
    """A render function for the callback: writes ``value``; may fail or dawdle."""

    def __init__(self):
        self.value, self.result, self.delay_s = 0.25, 0, 0.0
        self.c_function = RENDER(self._render)

    def _render(self, _state, out, frames):
        if self.delay_s:
            time.sleep(self.delay_s)
        for i in range(2 * frames):
            out[i] = self.value
        return self.result

    @property
    def address(self):
        return ctypes.cast(self.c_function, ctypes.c_void_p).value


@pytest.fixture
def rig():
    render = Render()
    state = CallbackState(render.address, 1, RATE_HZ)
    out = np.full((FRAMES, 2), np.nan, np.float32)
    callback = PA_CALLBACK(callback_address())

    def call(status=0):
        return callback(None, out.ctypes.data, FRAMES, None, status, state.address)

    return render, state, out, call


def test_a_block_is_rendered_and_counted(rig):
    render, state, out, call = rig
    assert state.stats()["since_last_callback_s"] is None
    assert call() == 0                                   # paContinue
    np.testing.assert_array_equal(out, 0.25)
    stats = state.stats()
    assert (stats["callbacks"], stats["frames"]) == (1, FRAMES)
    assert stats["underflows"] == stats["render_errors"] == stats["overruns"] == 0
    assert 0 <= stats["since_last_callback_s"] < 1.0
    assert stats["render_ms_max"] >= stats["render_ms_mean"] > 0


def test_a_failing_render_is_silenced_and_counted(rig):
    render, state, out, call = rig
    render.result = -1
    assert call() == 0                                   # the stream goes on
    np.testing.assert_array_equal(out, 0.0)
    assert state.stats()["render_errors"] == 1


def test_underflow_flags_overruns_and_late_callbacks(rig):
    render, state, out, call = rig
    call(status=PA_OUTPUT_UNDERFLOW)
    render.delay_s = 0.03                                # 30 ms for a 10 ms block
    call()
    render.delay_s = 0.0
    call()                                               # started > 1.5 blocks after the last
    stats = state.stats()
    assert stats["underflows"] == 1
    assert stats["overruns"] == 1
    assert stats["late_callbacks"] >= 1
    assert stats["render_ms_max"] >= 30
    assert stats["worst_gap_ms"] >= 30


def test_peaks_restart_after_a_reset(rig):
    render, state, out, call = rig
    render.delay_s = 0.03
    call()
    render.delay_s = 0.0
    call()
    assert state.stats()["worst_gap_ms"] >= 30
    state.reset_peaks()
    call()
    stats = state.stats()
    assert stats["render_ms_max"] < 30 and stats["worst_gap_ms"] < 30
    assert stats["callbacks"] == 3                       # counters are not reset


@pytest.mark.parametrize("args, error, match", [
    ((0, 1, RATE_HZ), ValueError, "render_fn_address"),
    ((1, -1, RATE_HZ), ValueError, "render_state_address"),
    ((1, 2 ** 64, RATE_HZ), ValueError, "render_state_address"),
    (("1", 1, RATE_HZ), TypeError, "render_fn_address"),
    ((1, 1, float("nan")), ValueError, "samplerate"),
    ((1, 1, RATE_HZ, 0), ValueError, "channels"),
    ((1, 1, RATE_HZ, 2, 0.5), ValueError, "late_factor"),
])
def test_bad_arguments(args, error, match):
    with pytest.raises(error, match=match):
        CallbackState(*args)
