"""fluxforge play through the JACK dummy device (a real, paced output): meter, stops, errors."""
import json
import signal
import subprocess
import sys
import time

import pytest

from fluxforge.cli.play import meter_bar, meter_line
from tests.fixtures.cli import _cli_env

pytestmark = pytest.mark.jack


def _jack_env(server):
    return {"JACK_DEFAULT_SERVER": server.name, "JACK_NO_START_SERVER": "1"}


def test_plays_for_the_given_seconds_with_a_live_meter(run_cli, demo_dir, jack_server):
    started = time.monotonic()
    result = run_cli("play", demo_dir / "demo.fluxforge.json", "--seconds", "2.5",
                     env=_jack_env(jack_server), timeout=60)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 2.5
    lines = result.stdout.splitlines()
    assert lines[0] == "playing 'FluxForge demo' on 'system' for 2.5 s (Ctrl-C stops)"
    meters = [line for line in lines if " L " in line and " R " in line]
    assert len(meters) >= 1 and all("-inf" not in line for line in meters)   # music is playing
    assert lines[-1] == "finished"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_stops_cleanly(demo_dir, jack_server, sig):
    proc = subprocess.Popen([sys.executable, "-m", "fluxforge.cli", "play",
                             str(demo_dir / "demo.fluxforge.json")],
                            env={**_cli_env(), **_jack_env(jack_server)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert first.startswith("playing 'FluxForge demo'") and "until Ctrl-C" in first
        time.sleep(1.5)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.splitlines()[-1] == "stopped" and "Traceback" not in err


def test_unknown_device_is_named(run_cli, demo_dir, jack_server):
    result = run_cli("play", demo_dir / "demo.fluxforge.json", "--device", "no-such-card",
                     "--seconds", "1", env=_jack_env(jack_server))
    assert result.returncode == 1
    assert "device 'no-such-card' is not an output device" in result.stderr


def test_bad_latency_is_named(run_cli, demo_dir, jack_server):
    result = run_cli("play", demo_dir / "demo.fluxforge.json", "--latency", "soonish",
                     "--seconds", "1", env=_jack_env(jack_server))
    assert result.returncode == 1 and "--latency must be" in result.stderr


def test_without_a_device_it_says_so(run_cli, demo_dir):
    no_jack = {"JACK_DEFAULT_SERVER": "fluxforge-no-such-server", "JACK_NO_START_SERVER": "1"}
    facts = json.loads(run_cli("info", "--json", env=no_jack).stdout)
    if facts["audio"]["devices"]:
        pytest.skip("this machine has a real output device")
    result = run_cli("play", demo_dir / "demo.fluxforge.json", "--seconds", "1", env=no_jack)
    assert result.returncode == 1
    assert "no audio output device found" in result.stderr and "Offline rendering" in result.stderr


def test_meter_text():
    assert meter_bar(1.0) == "#" * 24 + "    0.0 dB"
    assert meter_bar(0.0) == "." * 24 + "   -inf dB"
    assert meter_bar(10 ** (-30 / 20)).startswith("#" * 12 + "." * 12 + "  -30.0")
    assert meter_line(48000 * 63.5, 48000, 1.0, 0.0).startswith("  1:03.50  L ####")


def _short_session(folder, samplerate):
    import numpy as np
    import soundfile
    from fluxforge.session import Session, TrackSpec, save_session
    t = np.arange(samplerate) / samplerate
    soundfile.write(folder / "tone.wav", 0.3 * np.sin(2 * np.pi * 440 * t), samplerate)
    return save_session(Session(name="Tone", samplerate=samplerate,
                                tracks=[TrackSpec(name="Tone", file="tone.wav")]),
                        folder / "tone.fluxforge.json")


def test_a_session_without_loop_stops_at_its_end(run_cli, tmp_path, jack_server):
    result = run_cli("play", _short_session(tmp_path, 48000), env=_jack_env(jack_server), timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "playing 'Tone' on 'system' for 1.0 s (Ctrl-C stops)"
    assert lines[-1] == "finished"


def test_a_rate_the_device_does_not_run_at_is_an_error(run_cli, tmp_path, jack_server):
    result = run_cli("play", _short_session(tmp_path, 44100), env=_jack_env(jack_server), timeout=60)
    assert result.returncode == 1
    assert result.stderr.startswith("fluxforge play: error:") and "44100" in result.stderr
    assert "Traceback" not in result.stderr
