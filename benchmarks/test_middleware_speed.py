"""Middleware speed: coalesced notifications, post_event, RTPC updates over playing events.

Ratios follow the benchmarks' convention: in each group the benchmark with
``extra_info["baseline"] = True`` is the reference.

Groups:
- mw-notif-1000-changes: 1,000 changes across the states, switches and
  RTPC subsystems in one frame, then the frame's flush: one listener call
  with the OR mask. Baseline: the seed's "before", a notifier calling the
  listener on every change (about 1,000 calls; the listener rebuilds a small
  panel, the state groups' ``to_dict()``, in both).
- mw-post-4-layers: ``post_event`` of a 4-layer event (a random container,
  a blend, a clip with a delay and a switch container) on an offline engine,
  voices stopped and drained between rounds (untimed). Target: <= 50 us.
  Baseline: the floor, four direct ``engine.play_voice`` calls.
- mw-rtpc-frame-500-events: one UI frame (1/60 s) of 10,000 RTPC updates
  per second over 500 playing events: 167 ``rtpc.set`` calls spread over
  three RTPCs (a voice-volume and voice-pitch binding per game object, a bus
  volume, an EQ band frequency), then the frame's ``update()`` applying the
  bindings. 240 events hold a looping voice each (the engine has 256 voice
  slots), 260 are endless sequences waiting for their next step. Target:
  <= 5 % of one core, i.e. <= 833 us per frame (``core_percent`` note).
  Baseline: applying the bindings after every single set.
"""
import itertools

import numpy as np
import pytest
import soundfile

from fluxforge import Engine
from fluxforge.middleware import RTPC, STATES, SWITCHES, Middleware
from fluxforge.middleware.changes import ChangeNotifier

FRAME_S = 1 / 60
SETS_PER_FRAME = round(10_000 * FRAME_S)


def _write(folder, name, frames, level):
    soundfile.write(folder / name, np.full(frames, level, np.float32), 48000, subtype="FLOAT")


@pytest.fixture
def clips(tmp_path):
    for i, name in enumerate(("a.wav", "b.wav", "c.wav", "d.wav")):
        _write(tmp_path, name, 4800, 0.1 * (i + 1))
    _write(tmp_path, "loop.wav", 48000, 0.01)
    return tmp_path


class NaiveNotifier(ChangeNotifier):
    """The seed's "before": every change notifies at once."""

    def mark(self, domain):
        self._last = domain
        self.notifications += 1
        for listener in self._listeners:
            listener(domain)


def _changes(mw):
    for i in range(1000):
        kind = i % 3
        if kind == 0:
            mw.states.set("GameMode", i % 2)
        elif kind == 1:
            mw.rtpc.set("WinAmount", float(i % 100))
        else:
            mw.switches.set("Surface", ("Grass", "Stone")[i % 2], game_object=i % 7)


NOTIFY_DEFS = {"states": {"GameMode": {"states": ["Base", "FreeSpins"]}},
               "switches": {"Surface": {"switches": ["Grass", "Stone"]}},
               "rtpc": {"WinAmount": {}}}


def _notify_setup(naive):
    mw = Middleware()
    if naive:
        mw._changes = NaiveNotifier()
    mw.load(NOTIFY_DEFS)
    # subsystems built by load keep the notifier they were given
    mw.flush()
    calls = []
    mw.add_listener(lambda mask: calls.append(mw.states.to_dict()))     # a panel rebuilds
    return mw, calls


@pytest.mark.benchmark(group="mw-notif-1000-changes")
def test_notify_per_change_baseline(benchmark):
    mw, calls = _notify_setup(naive=True)

    def frame():
        calls.clear()
        _changes(mw)
        mw.flush()

    benchmark(frame)
    benchmark.extra_info["baseline"] = True
    benchmark.extra_info["notifications_per_frame"] = len(calls)
    assert len(calls) > 900                     # every change that changed something


@pytest.mark.benchmark(group="mw-notif-1000-changes")
def test_coalesced_notification(benchmark):
    mw, calls = _notify_setup(naive=False)
    masks = []
    mw.add_listener(masks.append)

    def frame():
        calls.clear()
        masks.clear()
        _changes(mw)
        mw.flush()

    benchmark(frame)
    benchmark.extra_info["notifications_per_frame"] = len(calls)
    assert len(calls) == 1 and masks == [STATES | RTPC | SWITCHES]


POST_DEFS = {
    "states": {"GameMode": {"states": ["Base"]}},
    "switches": {"Surface": {"switches": ["Grass", "Stone"]}},
    "rtpc": {"WinAmount": {"default": 50}},
    "containers": {
        "Stops": {"type": "random", "mode": "shuffle_no_repeat", "seed": 1,
                  "children": [{"clip": "a.wav"}, {"clip": "b.wav"}, {"clip": "c.wav"}]},
        "Win": {"type": "blend", "rtpc": "WinAmount",
                "children": [{"clip": "c.wav", "from": 0, "to": 40}, {"clip": "d.wav", "from": 30, "to": 100}]},
        "Steps": {"type": "switch", "group": "Surface",
                  "children": {"Grass": {"clip": "a.wav"}, "Stone": {"clip": "b.wav"}}}},
    "events": {"REEL_STOP_2": {"layers": [
        {"container": "Stops", "pan": 0.4}, {"container": "Win", "bus": "Music"},
        {"clip": "d.wav", "delay_ms": 40}, {"container": "Steps"}]}},
}


@pytest.fixture
def post_engine(clips):
    engine = Engine(48000, 256)
    mw = Middleware(engine)
    mw.load(POST_DEFS, folder=clips)
    yield engine, mw
    mw.dispose()
    engine.close()


def _drain(engine, mw):
    mw.stop_all(fade_ms=0)
    for vid in engine.voice_ids:
        engine.stop_voice(vid, fade_ms=0)
    engine.render(256)
    engine.service()


@pytest.mark.benchmark(group="mw-post-4-layers")
def test_four_play_voice_calls_baseline(benchmark, post_engine):
    engine, mw = post_engine
    sources = [mw.clip(name) for name in ("a.wav", "c.wav", "d.wav", "b.wav")]

    def post():
        for clip in sources:
            engine.play_voice(clip, "Sfx", 1.0, 0.0, False, start_frame=engine.frame_clock)

    benchmark.pedantic(post, setup=lambda: _drain(engine, mw), rounds=2000, warmup_rounds=50)
    benchmark.extra_info["baseline"] = True


@pytest.mark.benchmark(group="mw-post-4-layers")
def test_post_event_four_layers(benchmark, post_engine):
    engine, mw = post_engine
    voices = []

    def post():
        voices.append(len(mw.post_event("REEL_STOP_2").voice_ids))

    benchmark.pedantic(post, setup=lambda: _drain(engine, mw), rounds=2000, warmup_rounds=50)
    assert set(voices) == {4}                   # one voice per layer (the blend: one child at 50)


RTPC_DEFS = {
    "rtpc": {"Intensity": {"slew_per_s": 0, "bindings": [
                 {"target": {"voice_volume": "LOOP"}, "curve": [[0, -24.0], [100, 0.0, "log3"]]},
                 {"target": {"voice_pitch": "LOOP"}, "curve": [[0, -100.0], [100, 100.0]]}]},
             "WinAmount": {"slew_per_s": 400, "bindings": [
                 {"target": {"bus_volume": "Music"}, "curve": [[0, 0.0], [100, -12.0, "exp3"]]}]},
             "Filter": {"bindings": [{"target": {"eq_freq": {"track": "bed", "band": 0}},
                                      "curve": [[0, 200.0], [100, 8000.0, "exp1"]]}]}},
    "containers": {"Ticks": {"type": "sequence", "end": "loop",
                             "steps": [{"clip": "a.wav", "delay_ms": 2000, "duration_ms": 50}]}},
    "events": {"LOOP": {"voices": {"max": 256}, "layers": [{"clip": "loop.wav", "loop": True}]},
               "AMB": {"voices": {"max": 64}, "layers": [{"container": "Ticks", "bus": "Ambience"}]}},
}


@pytest.fixture
def playing_500(clips):
    engine = Engine(48000, 256)
    track = engine.add_track(clips / "loop.wav", name="bed")
    engine.set_track_eq(track, 0, "lowpass", 1000.0)
    mw = Middleware(engine)
    mw.load(RTPC_DEFS, folder=clips)
    for i in range(240):
        mw.post_event("LOOP", game_object=i)
    for i in range(260):
        mw.post_event("AMB", game_object=i)
    engine.render(256)
    engine.service()
    assert len(mw.instances()) == 500 and len(engine.voice_ids) == 240
    yield engine, mw
    mw.dispose()
    engine.close()


def _values():
    """New random values every frame (no frame repeats the previous one)."""
    return itertools.cycle(np.random.default_rng(1).uniform(0, 100, 100_003).tolist())


def _frame_of_sets(mw, values, apply_each):
    names = ("Intensity", "WinAmount", "Filter")
    for i in range(SETS_PER_FRAME):
        name = names[i % 3]
        mw.rtpc.set(name, next(values), game_object=i % 240 if name == "Intensity" else None)
        if apply_each:
            mw.update()
    mw.update()


def _core_percent(benchmark):
    if benchmark.stats is not None:          # None with --benchmark-disable
        benchmark.extra_info["core_percent"] = 100 * benchmark.stats.stats.median / FRAME_S


@pytest.mark.benchmark(group="mw-rtpc-frame-500-events")
def test_bindings_applied_after_every_set_baseline(benchmark, playing_500):
    engine, mw = playing_500
    benchmark.pedantic(_frame_of_sets, args=(mw, _values(), True), rounds=5, iterations=1)
    benchmark.extra_info["baseline"] = True
    _core_percent(benchmark)


@pytest.mark.benchmark(group="mw-rtpc-frame-500-events")
def test_rtpc_frame_500_playing_events(benchmark, playing_500):
    engine, mw = playing_500
    benchmark.pedantic(_frame_of_sets, args=(mw, _values(), False), rounds=120, iterations=1)
    _core_percent(benchmark)
    assert len(mw.instances()) == 500
