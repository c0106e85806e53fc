"""Live loudness while playing on a real, paced device (JACK dummy driver)."""
import time

import numpy as np
import pytest

from fluxforge import Engine
from fluxforge.engine.loudness import LOUDNESS_SHAPE, MOMENTARY_LUFS, SHORT_TERM_LUFS
from tests.alloc_check import bytes_allocated
from tests.fixtures.jack import JACK_RATE_HZ
from tests.fixtures.live import make_noise_engine
from tests.loudness_signals import sine

pytestmark = pytest.mark.jack


def test_a_minus_23_dbfs_sine_reads_minus_23_lufs_live(jack_device):
    with Engine(JACK_RATE_HZ, 512) as engine:
        engine.add_track(sine(1.0, -23.0, JACK_RATE_HZ).astype(np.float32), bus="Music")
        engine.set_loop(0, JACK_RATE_HZ)
        engine.play()
        engine.start(device=jack_device)
        out = np.zeros(LOUDNESS_SHAPE)
        readings = []
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:        # what a UI does: one read per frame
            engine.read_loudness(out)
            readings.append(out[0, MOMENTARY_LUFS])
            time.sleep(1 / 60)
        assert bytes_allocated(lambda: engine.read_loudness(out)) == 0
        engine.read_loudness(out)
        engine.close()
    assert out[0, MOMENTARY_LUFS] == pytest.approx(-23.0, abs=0.1)
    assert out[1, MOMENTARY_LUFS] == pytest.approx(-23.0, abs=0.1)      # the Music bus
    assert not np.isnan(readings).any()
    moving = [r for r in readings if np.isfinite(r)]
    assert len(moving) > 30 and readings[-1] == pytest.approx(-23.0, abs=0.1)


def test_live_figures_equal_the_offline_meter_of_the_same_frames(jack_device, noise_engine):
    live = noise_engine(tracks=4, seconds=10.0)
    live.start(device=jack_device)
    try:
        time.sleep(2.0)
    finally:
        live.close()
    frames = live.stats()["frames"]
    assert frames >= JACK_RATE_HZ
    live_rows = np.zeros(LOUDNESS_SHAPE)
    live.read_loudness(live_rows)
    offline = make_noise_engine(tracks=4, seconds=10.0)
    offline.render(frames)
    offline_rows = np.zeros(LOUDNESS_SHAPE)
    offline.read_loudness(offline_rows)
    offline.close()
    assert np.isfinite(live_rows[0, :SHORT_TERM_LUFS + 1]).all()
    np.testing.assert_array_equal(live_rows, offline_rows)
