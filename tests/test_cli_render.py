"""fluxforge render, run as a subprocess: files, progress, reproducibility, errors."""
import hashlib
import os
import pty
import signal
import subprocess
import sys

import numpy as np
import pytest
import soundfile

from fluxforge.cli.render import progress_line
from fluxforge.session import load_session
from fluxforge.session.apply import engine_from_session


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _render_on_a_terminal(*args):
    """Start ``fluxforge render ARGS`` with stderr on a pseudo-terminal; ``(proc, read)``:
    ``read(until=None)`` returns the terminal's bytes so far, up to ``until`` or the end."""
    from tests.fixtures.cli import _cli_env
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "fluxforge.cli", "render", *map(str, args)],
                            env=_cli_env(), stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    seen = bytearray()

    def read(until=None):
        while until is None or until not in seen:
            try:
                chunk = os.read(leader, 4096)
            except OSError:                          # EIO: the other side has closed
                chunk = b""
            if not chunk:
                os.close(leader)
                break
            seen.extend(chunk)
        return bytes(seen)
    return proc, read


def test_renders_the_loop_piped_without_progress_lines(run_cli, demo_dir, tmp_path):
    out = tmp_path / "mix.wav"
    result = run_cli("render", demo_dir / "demo.fluxforge.json", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""                       # stderr is a pipe: no \r progress lines
    assert "rendered 8.00 s of 'FluxForge demo'" in result.stdout
    info = soundfile.info(out)
    assert (info.samplerate, info.channels, info.frames, info.subtype) == (48000, 2, 384000, "FLOAT")
    assert out.stat().st_mode & 0o777 == 0o644


def test_progress_bar_on_a_terminal(demo_dir, tmp_path):
    proc, read = _render_on_a_terminal(demo_dir / "demo.fluxforge.json", "-o", tmp_path / "m.wav",
                                       "--seconds", "1")
    seen = read()
    assert proc.wait(timeout=240) == 0
    assert b"\rrendering [" in seen and b"100%" in seen


def test_file_equals_the_engine_render_and_is_bit_identical_across_runs(run_cli, demo_dir, tmp_path):
    paths = [tmp_path / "a.wav", tmp_path / "b.wav"]
    for path in paths:
        assert run_cli("render", demo_dir / "demo.fluxforge.json", "-o", path,
                       "--seconds", "3", "--no-progress").returncode == 0
    assert _sha(paths[0]) == _sha(paths[1])
    rendered, _ = soundfile.read(paths[0], dtype="float32")
    engine = engine_from_session(load_session(demo_dir / "demo.fluxforge.json"))
    engine.play()
    expected = engine.render(3 * 48000)
    engine.close()
    assert np.array_equal(rendered, expected)


def test_seconds_beyond_the_loop_keep_looping(run_cli, demo_dir, tmp_path):
    out = tmp_path / "long.flac"
    result = run_cli("render", demo_dir / "demo.fluxforge.json", "-o", out, "--seconds", "10",
                     "--subtype", "pcm_24", "--no-progress")
    assert result.returncode == 0, result.stderr
    audio, rate = soundfile.read(out)
    assert audio.shape == (480000, 2) and rate == 48000
    assert np.sqrt(np.mean(audio[400000:] ** 2)) > 0.01      # the loop restarted at 8 s
    assert result.stderr == ""


@pytest.mark.parametrize("args, message", [
    (["-o", "{tmp}/mix.mp9"], "unknown audio file extension '.mp9'"),
    (["-o", "{tmp}/mix.flac", "--subtype", "FLOAT"], "--subtype FLOAT is not valid for FLAC"),
    (["-o", "{tmp}/no/such/folder/mix.wav"], "does not exist"),
])
def test_bad_output_fails_with_status_1(run_cli, demo_dir, tmp_path, args, message):
    args = [a.format(tmp=tmp_path) for a in args]
    result = run_cli("render", demo_dir / "demo.fluxforge.json", *args)
    assert result.returncode == 1
    assert result.stderr.startswith("fluxforge render: error:") and message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bad_seconds_is_a_usage_error(run_cli, demo_dir, tmp_path):
    for bad in ("-1", "nan", "soon"):
        result = run_cli("render", demo_dir / "demo.fluxforge.json", "-o", tmp_path / "m.wav",
                         "--seconds", bad)
        assert result.returncode == 2 and "argument --seconds" in result.stderr


def test_invalid_session_names_the_field(run_cli, demo_dir, tmp_path):
    broken = tmp_path / "broken.fluxforge.json"
    text = (demo_dir / "demo.fluxforge.json").read_text().replace('"volume": 0.9', '"volume": 9', 1)
    broken.write_text(text)
    (tmp_path / "stems").symlink_to(demo_dir / "stems")
    result = run_cli("render", broken, "-o", tmp_path / "m.wav")
    assert result.returncode == 1
    assert "tracks[0].volume: 9 is outside the range 0.0..2.0" in result.stderr
    missing = run_cli("render", tmp_path / "nothing.fluxforge.json", "-o", tmp_path / "m.wav")
    assert missing.returncode == 1 and "no session file" in missing.stderr


def test_escaping_tracks_need_allow_outside(run_cli, demo_dir, tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    text = (demo_dir / "demo.fluxforge.json").read_text().replace('"stems/', f'"{demo_dir}/stems/')
    text = text.replace('"slot/', f'"{demo_dir}/slot/')
    (inner / "s.fluxforge.json").write_text(text)
    refused = run_cli("render", inner / "s.fluxforge.json", "-o", tmp_path / "m.wav")
    assert refused.returncode == 1 and "absolute path" in refused.stderr
    assert "pass --allow-outside to permit it" in refused.stderr
    assert "allow_outside=True" not in refused.stderr
    allowed = run_cli("render", inner / "s.fluxforge.json", "-o", tmp_path / "m.wav",
                      "--allow-outside", "--seconds", "0.5", "--no-progress")
    assert allowed.returncode == 0, allowed.stderr


def test_an_audio_file_is_not_a_session(run_cli, demo_dir, tmp_path):
    stem = next((demo_dir / "stems").glob("*.wav"))
    result = run_cli("render", stem, "-o", tmp_path / "m.wav")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"file: '{stem}' is not a session file" in result.stderr
    assert "utf-8" not in result.stderr and "codec" not in result.stderr


@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "cannot read the session file"),
    (lambda p: None, "no session file"),
])
def test_unreadable_session_says_what_failed_without_errno(run_cli, tmp_path, make, words):
    path = tmp_path / "s.fluxforge.json"
    make(path)
    result = run_cli("render", path, "-o", tmp_path / "m.wav")
    assert result.returncode == 1
    assert words in result.stderr and str(path) in result.stderr
    assert "[Errno" not in result.stderr


def test_progress_line():
    assert progress_line(0, 480, 48) == "rendering [..............................]   0%  0.0/10.0 s"
    assert progress_line(240, 480, 48).startswith("rendering [" + "#" * 15 + "." * 15 + "]  50%")


def test_ctrl_c_leaves_no_file_behind(demo_dir, tmp_path):
    out = tmp_path / "long.wav"
    proc, read = _render_on_a_terminal(demo_dir / "demo.fluxforge.json", "-o", out,
                                       "--seconds", "20000")
    try:
        assert b"\rrendering [" in read(until=b"\rrendering [")      # it has started
        proc.send_signal(signal.SIGINT)
        err = read()
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert b"fluxforge render: interrupted" in err and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_session_needs_seconds(run_cli, tmp_path):
    from fluxforge.session import Session, save_session
    path = save_session(Session(name="Empty"), tmp_path / "empty.fluxforge.json")
    result = run_cli("render", path, "-o", tmp_path / "e.wav")
    assert result.returncode == 1 and "pass --seconds" in result.stderr
    result = run_cli("render", path, "-o", tmp_path / "e.wav", "--seconds", "0.25", "--no-progress")
    assert result.returncode == 0, result.stderr
    audio, _ = soundfile.read(tmp_path / "e.wav")
    assert audio.shape == (12000, 2) and not audio.any()


def test_renders_a_second_apart_are_still_identical(run_cli, demo_dir, tmp_path):
    import time
    paths = [tmp_path / "a.wav", tmp_path / "b.wav"]
    for path in paths:
        assert run_cli("render", demo_dir / "demo.fluxforge.json", "-o", path,
                       "--seconds", "0.5", "--no-progress").returncode == 0
        time.sleep(1.1)        # a time-stamped header would now differ
    assert _sha(paths[0]) == _sha(paths[1])
