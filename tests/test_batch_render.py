"""fluxforge render-batch / fluxforge.batch.render_sessions: bit-identical to the
serial render, per-bus stems by solo, one-line errors."""
import json
import shutil

import numpy as np
import pytest
import soundfile

from fluxforge.batch import render_sessions
from fluxforge.batch.render import render_jobs, session_stem
from fluxforge.cli.session_args import open_session_engine
from fluxforge.engine.types import BUS_NAMES

SECONDS = "1.5"


@pytest.fixture(scope="module")
def sessions(demo_dir, tmp_path_factory):
    """The demo session under two names (one folder, so both find its stems)."""
    folder = tmp_path_factory.mktemp("render-batch") / "demo"
    shutil.copytree(demo_dir, folder)
    shutil.copy(folder / "demo.fluxforge.json", folder / "second.fluxforge.json")
    return [folder / "demo.fluxforge.json", folder / "second.fluxforge.json"]


def _render_with(session, change):
    s, engine, frames = open_session_engine(session, float(SECONDS))
    change(engine)
    engine.play()
    try:
        return engine.render(frames)
    finally:
        engine.close()


def test_cluster_renders_are_bit_identical_to_serial_render(run_cli, sessions, local_cluster,
                                                            tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    results = render_sessions(sessions, out, stems=True, client=local_cluster[1],
                              seconds=float(SECONDS))
    assert [e for _, e in results] == [None] * 12
    for session in sessions:
        serial = tmp_path / f"{session_stem(session)}.wav"
        assert run_cli("render", session, "-o", serial, "--seconds", SECONDS).returncode == 0
        assert (out / f"{session_stem(session)}.Master.wav").read_bytes() == serial.read_bytes()


def test_a_stem_is_the_session_with_the_other_buses_muted(sessions, tmp_path):
    render_sessions(sessions[:1], tmp_path, stems=True, workers=0, seconds=float(SECONDS))
    others = [b for b in BUS_NAMES[1:] if b != "Music"]
    expected = _render_with(sessions[0], lambda e: [e.set_bus_mute(b, True) for b in others])
    music, _ = soundfile.read(tmp_path / "demo.Music.wav", dtype="float32")
    mix, _ = soundfile.read(tmp_path / "demo.Master.wav", dtype="float32")
    assert np.array_equal(music, expected) and not np.array_equal(music, mix)
    assert np.max(np.abs(music)) > 0.01


def test_names_of_the_rendered_files(tmp_path):
    jobs = render_jobs(["a/x.fluxforge.json", "b/y.json"], tmp_path, stems=True)
    assert [j.output.name for j in jobs[:2]] == ["x.Master.wav", "x.Music.wav"]
    assert len(jobs) == 12 and jobs[-1].output.name == "y.Aux.wav"
    with pytest.raises(ValueError, match="would both render to x.wav"):
        render_jobs(["a/x.fluxforge.json", "b/x.fluxforge.json"], tmp_path)


def test_bad_sessions_get_one_line_each_and_the_rest_renders(run_cli, sessions, tmp_path):
    (tmp_path / "broken.fluxforge.json").write_text("{not json")
    result = run_cli("render-batch", tmp_path / "broken.fluxforge.json", tmp_path / "nope.json",
                     sessions[0], "--out-dir", tmp_path, "--seconds", "0.5", "--workers", "0")
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2 and all(e.startswith("fluxforge render-batch: error: ") for e in errors)
    assert "broken.fluxforge.json" in errors[0] and "nope.json" in errors[1]
    assert "Traceback" not in result.stderr and (tmp_path / "demo.wav").is_file()
    missing = run_cli("render-batch", sessions[0], "--out-dir", tmp_path / "no")
    assert missing.returncode == 1 and "no such folder" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_scripted_renders_equal_fluxforge_render_script(run_cli, sessions, local_cluster,
                                                        tmp_path):
    doc = json.loads(sessions[0].read_text())
    clip = sorted((sessions[0].parent / "stems").glob("*.wav"))[0]
    doc["middleware"] = {"events": {"HIT": {"layers": [
        {"clip": str(clip.relative_to(sessions[0].parent))}]}}}
    game = sessions[0].parent / "game.fluxforge.json"
    game.write_text(json.dumps(doc))
    script = tmp_path / "script.json"
    script.write_text(json.dumps([{"at_s": 0.2, "post": "HIT"}, {"at_s": 0.9, "post": "HIT"}]))
    serial = tmp_path / "serial.wav"
    assert run_cli("render", game, "-o", serial, "--seconds", SECONDS,
                   "--script", script).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    results = render_sessions([game, sessions[0]], out, client=local_cluster[1],
                              seconds=float(SECONDS), script=script)
    assert [e for _, e in results][0] is None
    assert (out / "game.wav").read_bytes() == serial.read_bytes()
    plain = run_cli("render", game, "-o", tmp_path / "plain.wav", "--seconds", SECONDS)
    assert plain.returncode == 0
    assert (tmp_path / "plain.wav").read_bytes() != serial.read_bytes()
    assert "unknown event or stage 'HIT'" in results[1][1]       # the demo has no HIT event
    with pytest.raises(ValueError, match="--script needs --seconds"):
        render_sessions([game], out, workers=0, script=script)
