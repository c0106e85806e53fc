"""Change notification: coalescing, dedup, did_change, Kivy's clock, dispose releasing everything."""
import gc
import weakref

import pytest

from fluxforge.middleware import (CONTAINERS, EVENTS, RTPC, STATES, SWITCHES, VOICES,
                                  Middleware)

DEFS = {"states": {"GameMode": {"states": ["Base", "FreeSpins"]}},
        "switches": {"Surface": {"switches": ["Grass", "Stone"]}},
        "rtpc": {"WinAmount": {"min": 0, "max": 100}},
        "events": {"E": {"layers": [{"clip": "a.wav"}]}}}


@pytest.fixture
def mw():
    mw = Middleware()
    mw.load(DEFS)
    mw.flush()
    yield mw
    mw.dispose()


def test_a_thousand_changes_in_one_frame_give_one_call_with_the_or_mask(mw):
    calls = []
    mw.add_listener(calls.append)
    for i in range(1000):
        if i % 3 == 0:
            mw.states.set("GameMode", ("Base", "FreeSpins")[i % 2])
        elif i % 3 == 1:
            mw.rtpc.set("WinAmount", i % 100)
        else:
            mw.switches.set("Surface", ("Grass", "Stone")[i % 2], game_object=i)
    assert calls == []                               # no clock: nothing until the flush
    assert mw.flush() == STATES | RTPC | SWITCHES
    assert calls == [STATES | RTPC | SWITCHES]
    assert mw.did_change(RTPC) and mw.did_change("switches") and not mw.did_change(EVENTS)


def test_no_change_no_call_and_unchanged_values_mark_nothing(mw):
    calls = []
    mw.add_listener(calls.append)
    assert mw.flush() == 0
    mw.states.set("GameMode", "Base")                # already current
    mw.switches.reset("nobody")
    assert mw.flush() == 0 and calls == []


def test_listeners_are_deduplicated_and_removable(mw):
    calls = []

    class Panel:
        def rebuild(self, mask):
            calls.append(("panel", mask))

    panel = Panel()
    for _ in range(3):
        mw.add_listener(calls.append)
        mw.add_listener(panel.rebuild)               # a new bound method each time, equal
    mw.post_event("E")
    mw.flush()
    assert calls == [VOICES, ("panel", VOICES)]
    mw.remove_listener(panel.rebuild)
    mw.remove_listener(panel.rebuild)                # not registered any more: no effect
    mw.events.touch("E")
    mw.flush()
    assert calls[-1] == EVENTS and len(calls) == 3
    with pytest.raises(TypeError, match="callable"):
        mw.add_listener(42)


def test_kivy_clock_coalesces_to_one_call_per_frame(kivy_clock):
    mw = Middleware(clock=kivy_clock)
    mw.load(DEFS)
    kivy_clock.tick()
    calls = []
    mw.add_listener(calls.append)
    for i in range(1000):
        mw.rtpc.set("WinAmount", i % 100)
        mw.states.set("GameMode", ("Base", "FreeSpins")[i % 2])
    kivy_clock.tick()
    assert calls == [RTPC | STATES]
    kivy_clock.tick()
    assert calls == [RTPC | STATES]                 # no change, no call
    mw.events.touch("E")
    kivy_clock.tick()
    assert calls == [RTPC | STATES, EVENTS]
    mw.dispose()


def test_dispose_releases_listeners_timers_and_the_engine_callback(kivy_clock, mw_engine):
    def handler(voice_id, reason):
        pass

    mw_engine.on_voice_ended = handler
    mw = Middleware(engine=mw_engine, clock=kivy_clock)
    mw.add_listener(lambda mask: None)
    mw.rtpc.add("X", 0, 1)                           # a flush is now scheduled on the clock
    mw.states.add_group("G", ["a", "b"])
    ref = weakref.ref(mw)
    assert mw_engine.on_voice_ended == mw._on_voice_ended
    mw.dispose()
    assert mw_engine.on_voice_ended is handler      # the engine's previous callback is back
    del mw
    gc.collect()
    assert ref() is None
    kivy_clock.tick()                                # the cancelled clock events do not fire


def test_weakref_dies_after_dispose_with_playing_instances(mw_clips, mw_engine):
    mw = Middleware(engine=mw_engine)
    mw.load({"events": {"E": {"layers": [{"clip": "dc.wav"}]}}}, folder=mw_clips)
    inst = mw.post_event("E")
    mw_engine.render(512)
    ref = weakref.ref(mw)
    mw.dispose()
    del mw
    gc.collect()
    assert ref() is None
    inst.stop()                                      # the instance outlives it harmlessly
    with pytest.raises(RuntimeError, match="disposed"):
        ref_mw = Middleware()
        ref_mw.dispose()
        ref_mw.post_event("E")


def test_a_reload_marks_every_domain(mw):
    mw.load({**DEFS, "containers": {"R": {"type": "random", "children": [{"clip": "a.wav"}]}}})
    assert mw.flush() & CONTAINERS
