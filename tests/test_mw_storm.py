"""Storm: random middleware actions against an engine playing live on the JACK dummy device.

100,000 actions (about 35 s on a 2-core machine) of every kind: posts, stops,
state/switch/RTPC changes, definition reloads. It checks: no crash, no
render error and no underflow, the pool never above its limit and the
engine never refusing a voice, every voice reported ended exactly once, and
memory flat (traced Python memory after the storm, drained, within 256 KiB
of its level half-way).
"""
import copy
import gc
import random
import time
import tracemalloc

import pytest

from fluxforge import Engine
from fluxforge.middleware import Middleware
from tests.fixtures.jack import JACK_RATE_HZ

pytestmark = pytest.mark.jack

STORM_ACTIONS = 100_000
VOICES_MAX = 6
MAX_VOICE_IDS = 1 << 17
EVENTS = ("SPIN", "REEL_STOP_0", "REEL_STOP_1", "WIN", "LOOP")

DEFS = {
    "states": {"GameMode": {"states": ["Base", "FreeSpins", "Bonus"]}},
    "switches": {"Surface": {"switches": ["Grass", "Stone"]}},
    "rtpc": {"WinAmount": {"slew_per_s": 400, "bindings": [
        {"target": {"bus_volume": "Music"}, "curve": [[0, 0.0], [100, -12.0, "exp3"]]},
        {"target": {"voice_pitch": "SPIN"}, "curve": [[0, -200.0], [100, 200.0]]}]}},
    "ducking": [{"source": "Sfx", "target": "Music", "amount_db": -6}],
    "containers": {
        "Stops": {"type": "random", "mode": "shuffle_no_repeat", "seed": 1,
                  "children": [{"clip": c} for c in ("a.wav", "b.wav", "c.wav")]},
        "Win": {"type": "blend", "rtpc": "WinAmount", "children": [
            {"clip": "d.wav", "from": 0, "to": 60}, {"clip": "e.wav", "from": 40, "to": 100}]},
        "Steps": {"type": "switch", "group": "Surface",
                  "children": {"Grass": {"clip": "a.wav"}, "Stone": {"container": "Stops"}}},
        "Ticks": {"type": "sequence", "end": "loop", "steps": [
            {"clip": "b.wav", "delay_ms": 60, "duration_ms": 40}]}},
    "events": {
        "SPIN": {"layers": [{"container": "Steps"}, {"clip": "c.wav", "delay_ms": 30}]},
        "REEL_STOP_0": {"stage": "REEL_STOP_0", "layers": [{"container": "Stops", "pan": -0.5}]},
        "REEL_STOP_1": {"stage": "REEL_STOP_1", "max_instances": 2,
                        "layers": [{"container": "Stops", "pan": 0.5}]},
        "WIN": {"layers": [{"container": "Win", "bus": "Music"}, {"container": "Ticks"}]},
        "LOOP": {"layers": [{"clip": "dc.wav", "loop": True, "bus": "Ambience"}]}},
    "music": {"segments": {"Base": {"clip": "music.wav"}, "FS": {"clip": "music.wav",
                                                                  "loop_start_beats": 1}},
              "transitions": [{"from": "*", "to": "*", "sync": "beat", "fade_out_ms": 20}],
              "state_group": "GameMode", "state_segments": {"Base": "Base", "FreeSpins": "FS"}},
}
for _event in DEFS["events"].values():
    _event["voices"] = {"min": 1, "max": VOICES_MAX}


def test_storm_of_random_actions_on_a_live_engine(jack_server, jack_device, mw_clips):
    rng = random.Random(12)
    engine = Engine(JACK_RATE_HZ, 512)
    ended = bytearray(MAX_VOICE_IDS)          # ends per voice id (no Python objects kept)
    started = bytearray(MAX_VOICE_IDS)

    def on_end(vid, reason):
        ended[vid] += 1

    engine.on_voice_ended = on_end
    mw = Middleware(engine)
    mw.load(DEFS, folder=mw_clips)
    variant = copy.deepcopy(DEFS)
    variant["containers"]["Stops"]["mode"] = "round_robin"
    limit = len(EVENTS) * VOICES_MAX + mw.voices.max_overflow
    live, worst = [], 0
    engine.start(device=jack_device)
    try:
        mw.music.play("Base")
        t0 = time.perf_counter()
        for i in range(STORM_ACTIONS):
            if i == STORM_ACTIONS // 4:
                tracemalloc.start()
            if i == STORM_ACTIONS // 2:
                gc.collect()
                warm = tracemalloc.get_traced_memory()[0]
            roll = rng.random()
            if roll < 0.40:
                inst = mw.post_event(rng.choice(EVENTS), game_object=rng.randrange(4))
                for vid in inst.voice_ids:
                    started[vid] = 1
                live.append(inst)
            elif roll < 0.55 and live:
                live.pop(rng.randrange(len(live))).stop(fade_ms=rng.choice((None, 0, 5)))
            elif roll < 0.65:
                mw.states.set("GameMode", rng.randrange(3))
            elif roll < 0.75:
                mw.switches.set("Surface", rng.choice(("Grass", "Stone")), game_object=rng.randrange(4))
            elif roll < 0.998:
                mw.rtpc.set("WinAmount", rng.uniform(-10, 110), game_object=rng.choice((None, 1)))
            else:
                mw.load(variant if i % 2 else DEFS, folder=mw_clips)
            if i % 16 == 0:
                engine.service()
                mw.update()
                for inst in live:
                    for vid in inst.voice_ids:
                        started[vid] = 1
                live = [inst for inst in live if inst.playing]
                worst = max(worst, mw.voices.stats()["active"])
                assert mw.voices.stats()["active"] <= limit
                if i % 512 == 0:
                    time.sleep(0.002)            # let the audio thread breathe on a loaded machine
        storm_s = time.perf_counter() - t0
        mw.stop_all(fade_ms=0)
        for inst in live:
            for vid in inst.voice_ids:
                started[vid] = 1
        deadline = time.monotonic() + 5.0
        while (engine.voice_ids or mw._player.voices) and time.monotonic() < deadline:
            time.sleep(0.02)
            engine.service()
            mw.update()
        live.clear()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        stats = engine.stats()
    finally:
        engine.close()
    print(f"\nstorm: {STORM_ACTIONS} actions in {storm_s:.1f} s, pool {mw.voices.stats()}, worst "
          f"active {worst}/{limit}, voices started {sum(started)}, underflows "
          f"{stats['stream_underflows']}, memory {warm} -> {after} B")
    assert stats["stream_error"] is None and stats["stream_render_errors"] == 0
    assert stats["stream_underflows"] == 0
    assert stats["voices_refused"] == 0
    assert engine.voice_ids == [] and mw._player.voices == {}
    assert sum(started) > 1000
    assert all(ended[vid] == 1 for vid in range(MAX_VOICE_IDS) if started[vid])  # exactly once
    assert max(ended) == 1
    assert mw.voices.stats()["active"] == 0
    assert after - warm < 256 * 1024
