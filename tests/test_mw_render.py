"""The middleware in offline renders: exact frames, slews, ducking, blends, music, scripts."""
import math

import numpy as np
import pytest

from fluxforge.middleware import Middleware
from fluxforge.middleware.script import load_script, render_script

RATE = 48000


def first_sound(signal, threshold=1e-6, start=0):
    return int(np.argmax(np.abs(signal[start:]) > threshold)) + start


def make(engine, folder, definitions):
    mw = Middleware(engine)
    mw.load(definitions, folder=folder)
    return mw


def test_layer_delays_start_at_exact_frames(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {"events": {"HIT": {"layers": [
        {"clip": "dc.wav", "pan": -1.0, "delay_ms": 0},
        {"clip": "dc.wav", "pan": 1.0, "delay_ms": 12.5}]}}})
    actions = load_script([{"at_s": 0.1003, "post": "HIT"}], mw)
    out = render_script(mw_engine, mw, actions, RATE // 2)
    post = round(0.1003 * RATE)                            # 4814: inside a 256-frame block
    assert first_sound(out[:, 0]) == post
    assert first_sound(out[:, 1]) == post + 600            # 12.5 ms = 600 frames
    assert out[post + 600 + 4799, 1] > 0 and out[post + 600 + 4800, 1] == 0


def test_sequence_steps_sound_at_their_frames(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {
        "containers": {"Count": {"type": "sequence", "end": "loop", "steps": [
            {"clip": "a.wav", "delay_ms": 100, "duration_ms": 50},
            {"clip": "c.wav", "delay_ms": 100, "duration_ms": 50}]}},
        "events": {"COUNT": {"layers": [{"container": "Count", "delay_ms": 5}]}}})
    out = render_script(mw_engine, mw, load_script([{"at_s": 0, "post": "COUNT"},
                                                    {"at_s": 0.9, "stop": "COUNT", "fade_ms": 0}], mw),
                        RATE)
    left = out[:, 0]
    # each step 100 ms after the previous one's start (the first after the post + 5 ms):
    # a at 105 ms, c at 205, a at 305 ... each cut after 50 ms
    first = 240 + 4800
    assert not left[:first].any()
    assert left[first + 4800 + 100] == pytest.approx(3 * left[first + 100])    # c is 3x a
    for k in range(7):
        start = first + 4800 * k
        assert left[start - 1] == 0 and left[start] > 0 and left[start + 2399] > 0
        assert left[start + 2400] == 0
        assert left[start + 100] == left[first + 100 + 4800 * (k % 2)]
    assert not out[int(0.9 * RATE) + 1:].any()


def test_rtpc_slew_follows_rendered_time_on_a_bus_volume(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {
        "rtpc": {"Level": {"min": 0, "max": 100, "default": 100, "slew_per_s": 100,
                           "bindings": [{"target": {"bus_volume": "Music"},
                                         "curve": [[0, -40.0], [100, 0.0]]}]}},
        "events": {"BED": {"layers": [{"clip": "dc_long.wav", "bus": "Music", "loop": True}]}}})
    actions = load_script([{"at_s": 0, "post": "BED"}, {"at_s": 0.1, "rtpc": ["Level", 50]}], mw)
    out = render_script(mw_engine, mw, actions, int(0.8 * RATE))
    unity = out[2000, 0]
    # from 100 at 0.1 s towards 50 at 100 units/s: 75 at 0.35 s, 50 from 0.6 s on (-20 dB)
    for t_s, value in ((0.35, 75.0), (0.6, 50.0), (0.75, 50.0)):
        frame = int(t_s * RATE)
        expected_db = -40.0 + 40.0 * value / 100
        got_db = 20 * math.log10(out[frame, 0] / unity)
        assert got_db == pytest.approx(expected_db, abs=0.25)     # block-rate updates, ramped
    assert mw.rtpc.get("Level") == 50.0


def test_ducking_envelope_times_measured_in_a_render(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {
        "ducking": [{"source": "Sfx", "target": "Music", "amount_db": -6, "attack_ms": 50,
                     "release_ms": 500}],
        "events": {"BED": {"layers": [{"clip": "dc_long.wav", "bus": "Music", "pan": 1.0, "loop": True}]},
                   "HIT": {"layers": [{"clip": "dc.wav", "bus": "Sfx", "pan": -1.0}]}}})
    hit = int(0.2 * RATE)
    out = render_script(mw_engine, mw, load_script([{"at_s": 0, "post": "BED"},
                                                    {"at_s": 0.2, "post": "HIT"}], mw), RATE)
    music = out[:, 1]
    unity = music[hit - 1]
    db = lambda frame: 20 * math.log10(music[frame] / unity)
    assert db(hit - 1) == 0.0
    for t_ms in (10, 50, 100):                               # attack: 63.2 % after 50 ms
        assert db(hit + 48 * t_ms) == pytest.approx(-6 * (1 - math.exp(-t_ms / 50)), abs=0.05)
    end = hit + 4800                                         # the 100 ms hit ends
    at_end = -6 * (1 - math.exp(-2))
    for t_ms in (100, 500):                                  # release: 63.2 % back after 500 ms
        assert db(end + 48 * t_ms) == pytest.approx(at_end * math.exp(-t_ms / 500), abs=0.05)


def test_blend_crossfades_while_its_rtpc_moves(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {
        "rtpc": {"Win": {"min": 0, "max": 100, "default": 50}},
        "containers": {"Win": {"type": "blend", "rtpc": "Win", "children": [
            {"clip": "dc_long.wav", "from": 0, "to": 60}, {"clip": "dc_long.wav", "from": 40, "to": 100}]}},
        "events": {"WIN": {"layers": [{"container": "Win", "pan": -1.0}]}}})
    inst = mw.post_event("WIN")
    assert len(inst.voice_ids) == 2
    out = mw_engine.render(1024)
    assert out[512, 0] == pytest.approx(0.25 * 2 * math.sqrt(0.5), rel=1e-5)
    mw.rtpc.set("Win", 45)
    mw.update()
    out = mw_engine.render(1024)
    gains = (math.cos(math.pi / 8), math.sin(math.pi / 8))
    assert out[-1, 0] == pytest.approx(0.25 * sum(gains), rel=1e-5)


def test_music_changes_on_the_next_bar_from_a_state(mw_engine, mw_clips):
    mw = make(mw_engine, mw_clips, {
        "states": {"GameMode": {"states": ["Base", "FreeSpins"], "transition_ms": 0}},
        "music": {"segments": {"Base": {"clip": "music.wav", "tempo_bpm": 120},
                               "FS": {"clip": "dc_long.wav", "tempo_bpm": 120}},
                  "stingers": {"Hit": {"clip": "a.wav", "sync": "beat"}},
                  "transitions": [{"from": "Base", "to": "*", "sync": "bar", "fade_out_ms": 0}],
                  "state_group": "GameMode", "state_segments": {"Base": "Base", "FreeSpins": "FS"}}})
    actions = load_script([{"at_s": 0, "music": "Base"}, {"at_s": 0.3, "state": ["GameMode", "FreeSpins"]},
                           {"at_s": 2.1, "stinger": "Hit"}], mw)
    out = render_script(mw_engine, mw, actions, 3 * RATE)
    bar = 4 * RATE // 2                                      # 4 beats at 120 bpm = 2 s
    assert out[bar - 1, 0] == pytest.approx(out[100, 0])     # Base (0.2) up to the bar line
    assert out[bar, 0] == pytest.approx(out[100, 0] * 0.25 / 0.2)   # FS (0.25) from it on
    beat = bar + RATE // 2                                   # the stinger waits for the next beat
    assert out[beat - 1, 0] == pytest.approx(out[bar, 0])
    assert out[beat, 0] > out[bar, 0]
    assert [h[1:] for h in mw.music.history] == [(None, "Base"), ("Base", "FS")]


def test_scripted_renders_are_bit_identical(mw_clips):
    from fluxforge import Engine
    definitions = {
        "rtpc": {"Win": {"slew_per_s": 300, "bindings": [{"target": {"voice_pitch": "R"},
                                                           "curve": [[0, 0.0], [100, 700.0]]}]}},
        "containers": {"Rand": {"type": "random", "mode": "shuffle_no_repeat", "seed": 3,
                                "children": [{"clip": c} for c in ("a.wav", "b.wav", "c.wav")]}},
        "events": {"R": {"layers": [{"container": "Rand", "delay_ms": 7, "fade_in_ms": 3}]}}}
    script = [{"at_s": t / 10, "post": "R"} for t in range(10)] + [{"at_s": 0.35, "rtpc": ["Win", 90]}]
    renders = []
    for _ in range(2):
        engine = Engine(RATE, 256)
        mw = make(engine, mw_clips, definitions)
        renders.append(render_script(engine, mw, load_script(script, mw), RATE + 123))
        engine.close()
    assert renders[0].shape == (RATE + 123, 2) and renders[0].any()
    assert np.array_equal(renders[0], renders[1])


@pytest.mark.parametrize("script, message", [
    ([{"at_s": 1, "post": "NOPE"}], "script[0].post: unknown event or stage 'NOPE'"),
    ([{"at_s": -1, "post": "R"}], "script[0].at_s: -1 is not a time"),
    ([{"at_s": 1, "rtpc": ["Win", float("nan")]}], "script[0].rtpc: RTPC value nan is not a finite"),
    ([{"at_s": 1, "state": ["Mode"]}], "script[0].state: ['Mode'] is not a list of 2"),
    ([{"at_s": 1, "jump": 1}], "script[0]: needs 'at_s' and exactly one of"),
    ({"at_s": 1}, "a script is a JSON list"),
])
def test_bad_scripts(script, message):
    mw = Middleware()
    mw.load({"rtpc": {"Win": {}}, "events": {"R": {"layers": [{"clip": "a.wav"}]}}})
    with pytest.raises(ValueError) as err:
        load_script(script, mw)
    assert message in str(err.value)
