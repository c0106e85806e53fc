"""Definitions: validation naming the item, round trip, bad calls that change nothing, sessions."""
import copy
import json

import pytest

from fluxforge import SessionError, engine_from_session, load_session
from fluxforge.middleware import Middleware, UnknownNameError

GAME = {
    "states": {"GameMode": {"states": ["Base", "FreeSpins"], "default": "Base", "transition_ms": 500}},
    "switches": {"Surface": {"switches": ["Grass", "Stone"], "default": "Grass"}},
    "rtpc": {"WinAmount": {"min": 0, "max": 100, "default": 0, "slew_per_s": 200,
                           "bindings": [{"target": {"bus_volume": "Music"},
                                         "curve": [[0, 0.0, "linear"], [100, -12.0, "exp3"]]}]}},
    "ducking": [{"source": "Sfx", "target": "Music", "amount_db": -6, "attack_ms": 50,
                 "release_ms": 500}],
    "containers": {
        "ReelStop": {"type": "random", "mode": "shuffle_no_repeat", "seed": 7,
                     "children": [{"clip": "a.wav", "weight": 1}, {"clip": "b.wav"}]},
        "Win": {"type": "blend", "rtpc": "WinAmount",
                "children": [{"clip": "c.wav", "from": 0, "to": 60}, {"clip": "d.wav", "from": 40, "to": 100}]},
        "Count": {"type": "sequence", "end": "stop",
                  "steps": [{"clip": "e.wav", "delay_ms": 0}, {"clip": "e.wav", "delay_ms": 120}]},
        "Steps": {"type": "switch", "group": "Surface",
                  "children": {"Grass": {"clip": "a.wav"}, "Stone": {"container": "ReelStop"}}}},
    "events": {"REEL_STOP_2": {"stage": "REEL_STOP_2", "max_instances": 4,
                               "layers": [{"container": "ReelStop", "bus": "Sfx", "volume_db": 0,
                                           "pan": 0.0, "delay_ms": 0, "fade_in_ms": 0,
                                           "fade_out_ms": 0, "loop": False, "pitch_cents": 0}]},
               "WIN": {"layers": [{"container": "Win"}, {"container": "Count", "delay_ms": 50}]}},
    "music": {"segments": {"Base": {"clip": "music.wav", "tempo_bpm": 120, "meter": [4, 4]},
                           "FS": {"clip": "music.wav", "tempo_bpm": 120, "loop_start_beats": 2,
                                  "loop_end_beats": 6}},
              "stingers": {"Big": {"clip": "e.wav", "sync": "bar"}},
              "transitions": [{"from": "*", "to": "*", "sync": "bar", "fade_out_ms": 100}],
              "state_group": "GameMode", "state_segments": {"Base": "Base", "FreeSpins": "FS"}},
}


def broken(path, value):
    """GAME with the item at ``path`` (keys and indices) set to ``value`` (DELETE: removed)."""
    data = copy.deepcopy(GAME)
    node = data
    for key in path[:-1]:
        node = node[key]
    if value == "DELETE":
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return data


@pytest.mark.parametrize("path, value, message", [
    (("events", "REEL_STOP_2", "layers", 0, "container"), "ReelStp",
     "middleware.events.REEL_STOP_2.layers[0].container: 'ReelStp' is not a container"),
    (("containers", "Win", "rtpc"), "Loss", "middleware.containers.Win.rtpc: 'Loss' is not an RTPC"),
    (("containers", "Steps", "group"), "Floor", "middleware.containers.Steps.group: 'Floor' is not a switch group"),
    (("containers", "Steps", "children", "Mud"), {"clip": "a.wav"},
     "middleware.containers.Steps.children.Mud: 'Mud' is not a switch of group 'Surface'"),
    (("containers", "Win", "children", 0, "to"), 120,
     "middleware.containers.Win.children[0].to: 120 is above the maximum 100"),
    (("containers", "Win", "children", 1, "from"), 100,
     "middleware.containers.Win.children[1].to: 100 is not above from 100"),
    (("rtpc", "WinAmount", "max"), -5, "middleware.rtpc.WinAmount.max: -5 is not above min 0"),
    (("rtpc", "WinAmount", "default"), 101, "middleware.rtpc.WinAmount.default: 101 is above the maximum 100"),
    (("rtpc", "WinAmount", "slew_per_s"), float("nan"), "slew_per_s: nan is not a finite number"),
    (("rtpc", "WinAmount", "bindings", 0, "target"), {"bus_volume": "Musik"},
     "middleware.rtpc.WinAmount.bindings[0].target.bus_volume: 'Musik' is not a bus"),
    (("rtpc", "WinAmount", "bindings", 0, "curve"), [[0, 0], [0, 1]], "does not increase"),
    (("states", "GameMode", "default"), "Bonus",
     "middleware.states.GameMode.default: 'Bonus' is not one of Base, FreeSpins"),
    (("ducking", 0, "target"), "Sfx", "middleware.ducking[0].target: 'Sfx' is the source bus"),
    (("ducking", 0, "amount_db"), 3, "middleware.ducking[0].amount_db: 3 is above the maximum 0"),
    (("containers", "ReelStop", "mode"), "chaos", "'chaos' is not one of weighted, shuffle"),
    (("containers", "Count", "end"), "bounce", "middleware.containers.Count.end: 'bounce'"),
    (("events", "WIN", "layers", 0, "bus"), "Drums", "middleware.events.WIN.layers[0].bus: 'Drums'"),
    (("events", "WIN", "layers", 0, "pan"), 2, "middleware.events.WIN.layers[0].pan: 2 is above"),
    (("events", "WIN", "layers", 0, "colour"), "red", "layers[0].colour: 'red' is an unknown field"),
    (("events", "WIN", "stage"), "REEL_STOP_2", "middleware.events.WIN.stage: 'REEL_STOP_2' already triggers"),
    (("events", "WIN", "layers"), [], "middleware.events.WIN.layers: [] is empty"),
    (("music", "state_segments", "FreeSpins"), "Bonus",
     "middleware.music.state_segments.FreeSpins: 'Bonus' is not a segment"),
    (("music", "transitions", 0, "to"), "Bonus", "middleware.music.transitions[0].to: 'Bonus'"),
    (("music", "segments", "FS", "loop_end_beats"), 1, "loop_end_beats: 1 is not above loop_start_beats 2"),
    (("music", "segments", "FS", "meter"), [4], "meter: [4] is not [beats per bar, beat unit]"),
    (("ambience",), {}, "middleware.ambience: {} is an unknown field"),
])
def test_bad_definitions_name_the_item(path, value, message):
    mw = Middleware()
    mw.load(GAME)
    before = mw.to_dict()
    with pytest.raises(SessionError) as err:
        mw.load(broken(path, value))
    assert message in str(err.value)
    assert mw.to_dict() == before                  # nothing changed


def test_container_cycles_are_refused():
    data = broken(("containers", "A"), {"type": "random", "children": [{"container": "B"}]})
    data["containers"]["B"] = {"type": "sequence", "steps": [{"container": "A"}]}
    with pytest.raises(SessionError, match=r"middleware.containers.A: 'A' contains itself \(A -> B -> A\)"):
        Middleware().load(data)
    selfref = broken(("containers", "Win", "children", 0), {"container": "Win", "from": 0, "to": 60})
    with pytest.raises(SessionError, match="contains itself"):
        Middleware().load(selfref)


def test_to_dict_round_trips():
    mw = Middleware()
    mw.load(GAME)
    again = Middleware()
    again.load(json.loads(json.dumps(mw.to_dict())))
    assert again.to_dict() == mw.to_dict()
    assert mw.to_dict()["events"]["REEL_STOP_2"]["layers"][0]["container"] == "ReelStop"


@pytest.mark.parametrize("call, error, message", [
    (lambda mw: mw.post_event("REEL_STOP_9"), UnknownNameError, "unknown event or stage 'REEL_STOP_9'"),
    (lambda mw: mw.states.set("Mode", "Base"), UnknownNameError, "unknown state group 'Mode' (known: GameMode)"),
    (lambda mw: mw.states.set("GameMode", "Bonus"), UnknownNameError, "'Bonus'"),
    (lambda mw: mw.states.set("GameMode", 5), ValueError, "state index 5 is outside 0..1"),
    (lambda mw: mw.switches.set("Surface", "Mud"), UnknownNameError, "'Mud'"),
    (lambda mw: mw.rtpc.set("Loss", 1.0), UnknownNameError, "unknown RTPC 'Loss' (known: WinAmount)"),
    (lambda mw: mw.rtpc.set("WinAmount", float("nan")), ValueError, "must be finite, got nan"),
    (lambda mw: mw.rtpc.set("WinAmount", "80"), TypeError, "must be a number"),
    (lambda mw: mw.rtpc.get("Loss"), UnknownNameError, "unknown RTPC"),
    (lambda mw: mw.rtpc.add("X", 5, 1), ValueError, "min 5 must be below max 1"),
    (lambda mw: mw.ducking.add("Sfx", "Drums"), ValueError, "target bus 'Drums' is not a bus"),
    (lambda mw: mw.ducking.add("Sfx", "Music", amount_db=float("inf")), ValueError, "finite"),
    (lambda mw: mw.music.play("Bonus"), UnknownNameError, "unknown music segment 'Bonus'"),
    (lambda mw: mw.did_change("sound"), UnknownNameError, "unknown change domain 'sound'"),
])
def test_bad_calls_give_clear_errors_and_change_nothing(call, error, message):
    mw = Middleware()
    mw.load(GAME)
    mw.flush()
    before = (mw.to_dict(), mw.states.get("GameMode"), mw.rtpc.get("WinAmount"),
              mw.switches.get("Surface"))
    with pytest.raises(error) as err:
        call(mw)
    assert message in str(err.value)
    assert (mw.to_dict(), mw.states.get("GameMode"), mw.rtpc.get("WinAmount"),
            mw.switches.get("Surface")) == before
    assert mw.flush() == 0                          # nothing was marked changed


def test_rtpc_values_clamp_per_object_and_fall_back_to_global():
    mw = Middleware()
    mw.load(GAME)
    mw.rtpc.set("WinAmount", 500)
    mw.update(frames=48000)
    assert mw.rtpc.get("WinAmount") == 100.0
    mw.rtpc.set("WinAmount", 10.0, game_object="reel2")
    assert mw.rtpc.get("WinAmount", "reel2") == 100.0           # slewing from the global value
    mw.update(frames=2400)                                       # 50 ms at 200/s: 10 units
    assert mw.rtpc.get("WinAmount", "reel2") == pytest.approx(90.0)
    assert mw.rtpc.get("WinAmount", "reel3") == 100.0


def _session_file(folder, middleware):
    path = folder / "game.fluxforge.json"
    path.write_text(json.dumps({"format": "fluxforge-session", "schema_version": 1,
                                "name": "game", "tracks": [], "middleware": middleware}))
    return path


def test_sessions_validate_and_attach_the_middleware(mw_clips):
    session = load_session(_session_file(mw_clips, GAME))
    engine = engine_from_session(session)
    try:
        mw = engine.middleware
        assert mw.engine is engine and list(mw.to_dict()["events"]) == ["REEL_STOP_2", "WIN"]
        inst = mw.post_event("REEL_STOP_2")
        assert len(inst.voice_ids) == 1 and inst.voice_ids == engine.voice_ids
        assert len(engine.ducking_rules) == 1
    finally:
        engine.close()


def test_session_errors_name_middleware_items_and_missing_clips(mw_clips):
    bad = broken(("events", "REEL_STOP_2", "layers", 0, "container"), "ReelStp")
    with pytest.raises(SessionError, match="middleware.events.REEL_STOP_2.layers\\[0\\].container"):
        load_session(_session_file(mw_clips, bad))
    missing = broken(("containers", "ReelStop", "children", 1, "clip"), "nope.wav")
    with pytest.raises(SessionError, match=r"middleware.containers.ReelStop.children\[1\].clip: "
                                           r"'nope.wav' does not exist"):
        load_session(_session_file(mw_clips, missing))
    outside = broken(("music", "stingers", "Big", "clip"), "../../etc/passwd")
    with pytest.raises(SessionError, match="points outside the session folder"):
        load_session(_session_file(mw_clips, outside))
