"""Voices and ducking on a real, paced device (JACK dummy driver): the frame clock runs at
the device rate, voices scheduled on it play and end exactly once, ducking moves live."""
import time

import numpy as np
import pytest

from fluxforge import Engine
from tests.fixtures.jack import JACK_RATE_HZ

pytestmark = pytest.mark.jack


def wait_for(predicate, timeout_s=5.0):
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_frame_clock_runs_at_the_device_rate_with_the_transport_stopped(jack_device):
    engine = Engine(JACK_RATE_HZ, 256)
    engine.start(device=jack_device)
    try:
        time.sleep(0.3)
        first, start = engine.frame_clock, time.monotonic()
        time.sleep(1.5)
        last, elapsed = engine.frame_clock, time.monotonic() - start
    finally:
        engine.close()
    assert not engine.playing
    assert (last - first) / elapsed == pytest.approx(JACK_RATE_HZ, rel=0.05)


def test_scheduled_voices_play_end_once_and_duck_live(jack_device):
    engine = Engine(JACK_RATE_HZ, 256)
    ended = []
    engine.on_voice_ended = lambda voice_id, reason: ended.append((voice_id, reason))
    engine.add_ducking("Sfx", "Music", -9.0, attack_ms=5.0, release_ms=50.0)
    engine.start(device=jack_device)
    try:
        music = engine.play_voice(np.full(4800, 0.1, np.float32), bus="Music", loop=True)
        clip = np.sin(np.arange(2400) * 0.05).astype(np.float32) * 0.3
        base = engine.frame_clock + JACK_RATE_HZ // 10
        ids = [engine.play_voice(clip, bus="Sfx", start_frame=base + i * 1200,
                                 fade_in_ms=5.0, pitch_cents=100.0 * (i % 5))
               for i in range(20)]
        ducking = np.zeros(6)
        assert wait_for(lambda: engine.frame_clock > base + 2400)
        engine.read_ducking(ducking)
        assert ducking[1] < -6.0 and ducking[2] == 0.0
        assert wait_for(lambda: len(ended) == 20)
        engine.stop_voice(music, fade_ms=10.0)
        assert wait_for(lambda: len(ended) == 21)
        assert wait_for(lambda: (engine.read_ducking(ducking), ducking[1] > -1e-3)[1])
        stats = engine.stats()
    finally:
        engine.close()
    assert sorted(ended) == sorted([(i, "finished") for i in ids] + [(music, "stopped")])
    assert stats["voices_started"] == 21 and stats["stream_render_errors"] == 0
    assert engine.voice_ids == []
