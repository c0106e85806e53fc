"""``fluxforge-studio``: headless detection, launch, errors (real subprocesses)."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.display import display_available

REPO = Path(__file__).resolve().parents[1]


def run_studio(*args, env_extra=None, drop=("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"),
               timeout=240, home=None):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    if home is not None:
        env["XDG_CACHE_HOME"] = str(home / "cache")
        env["KIVY_HOME"] = str(home / "kivy")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-c", "import sys; from app.main import main; sys.exit(main())",
                           *map(str, args)], env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("environ, platform, expected", [
    ({}, "linux", False),
    ({"DISPLAY": ":0"}, "linux", True),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
    ({"SDL_VIDEODRIVER": "offscreen"}, "linux", True),
    ({"DISPLAY": ""}, "linux", False),
    ({}, "darwin", True),
    ({}, "win32", True),
])
def test_display_available(environ, platform, expected):
    assert display_available(environ, platform) is expected


def test_no_display_explains_headless_and_writes_a_screenshot(tmp_path):
    shot = tmp_path / "mixer.png"
    result = run_studio("--offline", "--seconds", "1.5", "--screenshot", shot, home=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no display found" in result.stdout
    assert "SDL_VIDEODRIVER=offscreen" in result.stdout and "xvfb-run" in result.stdout
    assert f"screenshot written to {shot}" in result.stdout
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the demo session was written to the (private) cache and opened
    assert (tmp_path / "cache" / "fluxforge" / "demo" / "demo.fluxforge.json").is_file()
    # the stems' waveforms came from pyramids, now in the cache folder for the next start
    assert len(list((tmp_path / "cache" / "fluxforge" / "pyramids").glob("*.wfp"))) == 6
    assert "6 tracks" in result.stdout


def test_no_audio_device_runs_on_the_offline_clock(tmp_path):
    shot = tmp_path / "offline.png"
    # no JACK server to talk to (and this machine has no sound card)
    result = run_studio("--seconds", "1", "--screenshot", shot, home=tmp_path,
                        env_extra={"SDL_VIDEODRIVER": "offscreen", "JACK_NO_START_SERVER": "1",
                                   "JACK_DEFAULT_SERVER": f"fluxforge-absent-{os.getpid()}"})
    assert result.returncode == 0, result.stderr[-3000:]
    if "; Audio:" in result.stdout:
        pytest.skip("this machine has a sound card: the no-device case cannot be shown")
    assert "Offline clock: no audio device" in result.stdout
    assert shot.is_file()


def test_missing_session_file_is_a_clear_error(tmp_path):
    result = run_studio(tmp_path / "nope.fluxforge.json", "--offline", "--seconds", "1",
                        env_extra={"SDL_VIDEODRIVER": "offscreen"}, home=tmp_path)
    assert result.returncode == 1
    assert "nope.fluxforge.json" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.jack
def test_an_unknown_device_is_a_clear_error(jack_server, tmp_path):
    result = run_studio("--device", "no-such-card", "--seconds", "1", home=tmp_path,
                        env_extra={"SDL_VIDEODRIVER": "offscreen"})
    assert result.returncode == 1
    assert "no-such-card" in result.stderr and "not an output device" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--screenshot", "x.png"], "--screenshot needs --seconds"),
    (["--seconds", "-1"], "--seconds must be > 0"),
])
def test_bad_options(args, message, tmp_path):
    result = run_studio(*args, home=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr


def test_screenshot_path_must_be_png(tmp_path):
    from app.screenshot import save_screenshot
    with pytest.raises(ValueError, match=r"\.png"):
        save_screenshot(None, tmp_path / "x.jpg")
    with pytest.raises(TypeError, match="widget"):
        save_screenshot("not a widget", tmp_path / "x.png")


@pytest.mark.jack
def test_plays_through_the_jack_dummy_device(jack_server, tmp_path):
    shot = tmp_path / "live.png"
    result = run_studio("--seconds", "2", "--screenshot", shot, home=tmp_path,
                        env_extra={"SDL_VIDEODRIVER": "offscreen"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Audio: playing through" in result.stdout, result.stdout
    # the audio thread, not the UI, moved the transport
    stopped = result.stdout.split("stopped at ")[1].split()[0]
    minutes, seconds = stopped.split(":")
    assert 60 * int(minutes) + float(seconds) > 1.0, result.stdout
    assert shot.is_file()


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run not installed (apt-get install xvfb)")
def test_runs_in_a_real_x_window_of_the_configured_size(tmp_path):
    from PIL import Image
    shot = tmp_path / "x11.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER")}
    env.update(PYTHONPATH=str(REPO), XDG_CACHE_HOME=str(tmp_path / "cache"),
               KIVY_HOME=str(tmp_path / "kivy"))
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "app.main",
         "--offline", "--seconds", "1.5", "--screenshot", str(shot)],
        env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no display found" not in result.stdout  # Xvfb is a display
    assert Image.open(shot).size == (1280, 800)
