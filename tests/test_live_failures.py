"""Live output when things go wrong: no device, the device disappears, the device stalls.

Each case runs in a child process with its own JACK server (a PortAudio stream
whose JACK server died can never be closed in that process), and the child must
finish on its own: nothing may hang.
"""
import json
import os
import subprocess
import sys
import time

import pytest

from tests.fixtures.rtsan import REPO

CHILD_PRELUDE = """
import json, os, signal, sys, time
from tests.fixtures.jack import JackServer, _portaudio_reinit
from tests.fixtures.live import make_noise_engine
server = JackServer().start()
_portaudio_reinit(server.name)
engine = make_noise_engine(tracks=2)
"""

DEVICE_LOST = CHILD_PRELUDE + """
engine.start()
time.sleep(0.5)
lost_at = time.monotonic()
server.process.terminate()
server.process.wait()
while engine._live.stream.active and time.monotonic() - lost_at < 10:
    time.sleep(0.02)
detected_s = time.monotonic() - lost_at
error = engine.stats()["stream_error"]
started = time.monotonic()
engine.close()
close_s = time.monotonic() - started
offline = engine.render(512).shape
print(json.dumps({"detected_s": detected_s, "error": error, "close_s": close_s,
                  "streaming": engine.streaming, "offline": offline}))
"""

DEVICE_STALLED = CHILD_PRELUDE + """
from fluxforge import EngineStream
stream = EngineStream(engine, stall_timeout_s=0.5)
stream.start()
time.sleep(0.5)
server.process.send_signal(signal.SIGSTOP)
stalled_at = time.monotonic()
while stream.active and time.monotonic() - stalled_at < 10:
    time.sleep(0.02)
detected_s = time.monotonic() - stalled_at
rendering_while_stalled = stream.rendering
stats = stream.stats()
server.process.send_signal(signal.SIGCONT)
resumed_at = time.monotonic()
while stream.rendering and time.monotonic() - resumed_at < 10:
    time.sleep(0.02)
released_s = time.monotonic() - resumed_at
while stream.closing and time.monotonic() - resumed_at < 10:
    time.sleep(0.02)           # Pa_Terminate must not race PortAudio's own close
stream.close()
_portaudio_reinit(None)
server.stop()
print(json.dumps({"detected_s": detected_s, "error": stats["error"],
                  "rendering_while_stalled": rendering_while_stalled,
                  "released_s": released_s, "rendering": stream.rendering,
                  "closing": stream.closing}))
"""

NO_DEVICE = """
import json, numpy as np
from fluxforge import Engine, NoAudioDeviceError
engine = Engine(48000, 512)
engine.add_track(np.full(4800, 0.25, np.float32))
engine.play()
try:
    engine.start()
    outcome = "started"
except NoAudioDeviceError as exc:
    outcome = str(exc)
print(json.dumps({"outcome": outcome, "peak": float(np.abs(engine.render(4800)).max()),
                  "devices": len(__import__("fluxforge").devices())}))
"""


def run_child(code, env=None, timeout_s=60):
    child_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=child_env,
                          capture_output=True, text=True, timeout=timeout_s)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1]), proc.stderr


@pytest.mark.jack
def test_a_vanished_device_stops_the_stream_reports_and_nothing_hangs(jack_server):
    result, log = run_child(DEVICE_LOST)
    print("\n", result)
    assert result["detected_s"] < 2.0
    assert "stopped the stream" in result["error"]
    assert result["close_s"] < 1.0
    assert not result["streaming"]
    assert result["offline"] == [512, 2]
    assert "audio output stopped" in log          # logged, not only stored


@pytest.mark.jack
def test_a_stalled_device_is_reported_and_released_when_it_resumes(jack_server):
    result, _ = run_child(DEVICE_STALLED)
    print("\n", result)
    assert result["detected_s"] < 0.5 + 1.0
    assert "no audio callback" in result["error"]
    assert result["rendering_while_stalled"]      # it may resume: the render stays reserved
    assert result["released_s"] < 5.0
    assert not result["rendering"] and not result["closing"]


def test_no_device_is_a_clear_error_and_offline_render_still_works():
    env = {"JACK_DEFAULT_SERVER": f"fluxforge-absent-{os.getpid()}", "JACK_NO_START_SERVER": "1"}
    result, _ = run_child(NO_DEVICE, env=env)
    if result["devices"]:
        pytest.skip("this machine has a sound card: the no-device case cannot be shown")
    assert result["outcome"].startswith("no audio output device found")
    assert result["peak"] == pytest.approx(0.25 * 2 ** -0.5, rel=1e-3)


@pytest.mark.jack
def test_a_corrupt_file_is_a_clear_error_and_playback_goes_on(
        jack_device, noise_engine, tmp_path):
    from fluxforge import AudioCache

    bad = tmp_path / "corrupt.wav"
    bad.write_bytes(b"RIFF\x00\x10\x00\x00WAVEfmt " + bytes(200))
    engine = noise_engine(tracks=2)
    engine.start(device=jack_device)
    with AudioCache(budget_bytes=1 << 24, samplerate_hz=engine.samplerate) as cache:
        try:
            before = engine.stats()
            with pytest.raises(ValueError, match="cannot decode"):
                cache.load(bad)
            with pytest.raises(ValueError, match="cannot decode"):
                engine.add_track(bad)
            time.sleep(0.3)
            after = engine.stats()
        finally:
            engine.close()
    assert after["stream_active"] and after["stream_error"] is None
    assert after["stream_callbacks"] - before["stream_callbacks"] >= 20
    assert after["tracks"] == 2 and cache.stats()["entries"] == 0
