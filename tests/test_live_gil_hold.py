"""The GIL-hold check (issue 4): the main thread holds the GIL in one long C call.

A plain Python callback cannot run while the GIL is held, so it stops for the
whole hold: that test shows the check can fail. The engine's C callback never
takes the GIL, so it keeps its normal rate with zero underflows.
"""
import time

import pytest

from tests.fixtures.jack import JACK_PERIOD_FRAMES, JACK_RATE_HZ

pytestmark = pytest.mark.jack

HOLD_S = 1.5
PERIOD_S = JACK_PERIOD_FRAMES / JACK_RATE_HZ


class PythonCallbackProbe:
    """A plain Python output callback that writes silence and records when it ran."""

    def __init__(self):
        self.stamps = []
        self.underflows = 0

    def __call__(self, outdata, frames, time_info, status):
        self.stamps.append(time.monotonic())
        if status.output_underflow:
            self.underflows += 1
        outdata.fill(0)


def worst_gap_s(stamps):
    return max(b - a for a, b in zip(stamps, stamps[1:]))


def test_python_callback_starves_while_the_gil_is_held(jack_device, gil_hold):
    import sounddevice as sd

    hold = gil_hold(HOLD_S)
    probe = PythonCallbackProbe()
    with sd.OutputStream(device=jack_device, samplerate=JACK_RATE_HZ, channels=2,
                         dtype="float32", latency="low", callback=probe):
        time.sleep(0.5)
        first = len(probe.stamps)
        underflows_before = probe.underflows
        window_start = time.monotonic()
        held = hold()
        time.sleep(0.3)
        window_s = time.monotonic() - window_start
        stamps = probe.stamps[first - 1:]
        underflows = probe.underflows - underflows_before
    rate = (len(stamps) - 1) / window_s
    print(f"\nPython callback, GIL held {held:.2f} s: {rate:.1f} callbacks/s "
          f"(nominal {1 / PERIOD_S:.1f}), worst gap {worst_gap_s(stamps) * 1e3:.0f} ms, "
          f"{underflows} underflow flags")
    assert held >= 1.0
    assert worst_gap_s(stamps) >= 0.8 * held
    assert rate < 0.6 / PERIOD_S
