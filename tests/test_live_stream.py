"""Live output on a real, paced device (JACK dummy driver): rate, content, life cycle."""
import time

import numpy as np
import pytest

from fluxforge import Engine, EngineStream
from fluxforge.engine.stream import StreamError
from tests.fixtures.jack import JACK_PERIOD_FRAMES, JACK_RATE_HZ
from tests.fixtures.live import PCM32_STEP, assert_live_output_is, capture_jack

pytestmark = pytest.mark.jack


def test_stream_runs_at_the_device_rate(jack_device, noise_engine):
    engine = noise_engine()
    engine.start(device=jack_device)
    try:
        time.sleep(0.5)
        first, start = engine.stats(), time.monotonic()
        time.sleep(2.0)
        last, elapsed = engine.stats(), time.monotonic() - start
    finally:
        engine.close()
    frames_per_s = (last["stream_frames"] - first["stream_frames"]) / elapsed
    callbacks_per_s = (last["stream_callbacks"] - first["stream_callbacks"]) / elapsed
    print(f"\n{frames_per_s:.0f} frames/s, {callbacks_per_s:.1f} callbacks/s, "
          f"render mean {last['stream_render_ms_mean']:.3f} ms, "
          f"max {last['stream_render_ms_max']:.3f} ms, worst gap {last['stream_worst_gap_ms']:.1f} ms")
    assert frames_per_s == pytest.approx(JACK_RATE_HZ, rel=0.05)
    assert callbacks_per_s == pytest.approx(JACK_RATE_HZ / JACK_PERIOD_FRAMES, rel=0.05)
    assert last["stream_render_errors"] == 0
    assert last["stream_host_api"] == "JACK Audio Connection Kit"
    assert last["stream_output_latency_s"] > 0
    assert last["frames"] >= last["stream_frames"] > 0   # the engine rendered every frame sent


def test_live_output_equals_the_offline_render(jack_server, jack_device, noise_engine, tmp_path):
    reference = noise_engine(tracks=4, seconds=10.0).render(10 * JACK_RATE_HZ)
    live = noise_engine(tracks=4, seconds=10.0)
    live.start(device=jack_device)
    try:
        difference = assert_live_output_is(reference, live, jack_server, tmp_path / "live.wav",
                                           atol=2 * PCM32_STEP)
    finally:
        live.close()
    print(f"\nlive vs offline: max difference {difference:.2e} (32-bit PCM capture)")


def test_parameter_edits_reach_the_audio_thread(jack_server, jack_device, noise_engine, tmp_path):
    engine = noise_engine(tracks=2)
    engine.start(device=jack_device)
    try:
        time.sleep(0.2)
        engine.batch_set_track_params(engine.track_ids, muted=[True, True])
        time.sleep(0.2)
        muted = capture_jack(jack_server, 1, tmp_path / "muted.wav")
        engine.batch_set_track_params(engine.track_ids, muted=[False, False])
        time.sleep(0.2)
        unmuted = capture_jack(jack_server, 1, tmp_path / "unmuted.wav")
    finally:
        engine.close()
    assert np.abs(muted).max() < 1e-6
    assert np.abs(unmuted).max() > 0.05


def test_offline_render_is_refused_while_streaming(jack_device, noise_engine):
    engine = noise_engine(tracks=1)
    engine.start(device=jack_device)
    assert engine.streaming
    with pytest.raises(RuntimeError, match="streaming"):
        engine.render(512)
    engine.stop_stream()
    assert not engine.streaming
    assert engine.render(512).shape == (512, 2)


def test_start_stop_restart_and_context_manager(jack_device, noise_engine):
    engine = noise_engine(tracks=1)
    with EngineStream(engine, device=jack_device) as stream:
        stream.start()                               # already running: no-op
        assert stream.active and stream.rendering
        time.sleep(0.2)
        assert stream.stats()["callbacks"] > 0
        stream.stop()
        assert not stream.active and not stream.rendering
        assert stream.stats()["error"] is None
        stream.start()
        time.sleep(0.1)
        assert stream.stats()["callbacks"] > 0      # a restart counts afresh
    assert not stream.active
    with pytest.raises(RuntimeError, match="closed"):
        stream.start()


def test_stream_arguments_are_checked(jack_device, noise_engine):
    engine = noise_engine(tracks=1)
    with pytest.raises(TypeError, match="engine must provide"):
        EngineStream(object())
    with pytest.raises(ValueError, match="latency"):
        EngineStream(engine, device=jack_device, latency=-1)
    with pytest.raises(TypeError, match="blocksize"):
        EngineStream(engine, device=jack_device, blocksize="512")
    with pytest.raises(ValueError, match="stall_timeout_s"):
        EngineStream(engine, device=jack_device, stall_timeout_s=0)
    with pytest.raises(ValueError, match="not an output device"):
        engine.start(device=10_000)
    assert not engine.streaming


def test_a_samplerate_the_device_cannot_play_is_a_clear_error(jack_device):
    with Engine(44100, 512) as engine:
        with pytest.raises(StreamError, match="44100 Hz"):
            engine.start(device=jack_device)
        assert not engine.streaming
        assert engine.render(256).shape == (256, 2)
