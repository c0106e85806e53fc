"""The slot game of the demo: its definitions load, and its script renders a spin with a win."""
import json
import subprocess
import sys

import numpy as np
import soundfile

from fluxforge.demo.slot import REELS, slot_middleware, slot_script


def test_definitions_exercise_every_subsystem():
    from fluxforge.middleware import Middleware
    mw = Middleware()
    mw.load(slot_middleware())
    assert {f"REEL_STOP_{i}" for i in range(REELS)} <= set(mw.events.defs)
    assert mw.containers.nodes["StopWood"].kind == "random"
    assert mw.containers.nodes["Win"].kind == "blend"
    assert mw.states.get("GameMode") == "Base" and mw.music.state_group == "GameMode"
    assert "BigWin" in mw.music.stingers and mw.to_dict()["ducking"][0]["target"] == "Music"
    assert mw.voices.limits("COIN")["max"] == 4
    pans = [mw.events.defs[f"REEL_STOP_{i}"].layers[0].pan for i in range(REELS)]
    assert pans == sorted(pans) and pans[0] < -0.5 < 0.5 < pans[-1]


def test_reel_stops_shuffle_without_repeats():
    from fluxforge.middleware import Middleware
    mw = Middleware()
    mw.load(slot_middleware())
    clips = [mw.post_event("REEL_STOP_0").plays[0].clip for _ in range(12)]
    assert all(a != b for a, b in zip(clips, clips[1:]))
    assert len(set(clips)) == 3


def test_script_renders_a_spin_with_a_big_win(tmp_path):
    from fluxforge.demo import write_demo
    session = write_demo(tmp_path)
    script = json.loads((tmp_path / "demo.script.json").read_text())
    assert script == slot_script()
    out = tmp_path / "spin.wav"
    done = subprocess.run([sys.executable, "-m", "fluxforge.cli", "render", str(session), "-o",
                           str(out), "--seconds", "6", "--script", "demo.script.json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    audio, rate = soundfile.read(out)
    assert rate == 48000 and audio.shape == (6 * 48000, 2)
    win = audio[int(3.0 * rate):int(3.5 * rate)]
    assert np.sqrt(np.mean(win ** 2)) > 0.05 and np.isfinite(audio).all()
