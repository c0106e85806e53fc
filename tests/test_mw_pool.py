"""Voice pool (reuse, new, steal, overflow with cleanup) and the composite-event limit."""
import pytest

from fluxforge.middleware import Middleware
from fluxforge.middleware.containers import ClipNode
from fluxforge.middleware.events import Layer
from fluxforge.middleware.voices import OVERFLOW_GRACE_MS, VoicePool


def test_reuse_idle_else_new_else_steal_oldest():
    pool = VoicePool()
    pool.configure("COIN", min=1, max=3)
    got = []
    for t, vid in zip((0, 10, 20), (101, 102, 103)):
        kind, slot, victim = pool.acquire("COIN", now_ms=t, estimated_ms=1000)
        pool.bind(slot, vid)
        got.append((kind, victim))
    assert got == [("hit", None), ("miss", None), ("miss", None)]
    kind, slot, victim = pool.acquire("COIN", now_ms=30, estimated_ms=1000)
    assert (kind, victim) == ("steal", 101)            # the oldest playing voice
    pool.bind(slot, 104)
    assert pool.release(102)                           # ended: its slot is idle again
    kind, slot, _ = pool.acquire("COIN", now_ms=40, estimated_ms=1000)
    assert kind == "hit"
    stats = pool.stats()
    assert (stats["acquires"], stats["hits"], stats["misses"], stats["steals"]) == (5, 2, 2, 1)
    assert stats["active"] == 3


def test_overflow_voices_are_tracked_and_cleaned_after_estimate_plus_grace():
    pool = VoicePool(max_overflow=2)
    pool.configure("LOOP", max=1)
    _, slot, _ = pool.acquire("LOOP", now_ms=0, stealable=False)   # a looping voice: never stolen
    pool.bind(slot, 1)
    kind, over, _ = pool.acquire("LOOP", now_ms=100, estimated_ms=250)
    assert kind == "overflow"
    pool.bind(over, 2)
    kind, over2, _ = pool.acquire("LOOP", now_ms=200, estimated_ms=None)   # unknown length
    pool.bind(over2, 3)
    assert pool.acquire("LOOP", now_ms=300)[0] == "refused"                # max_overflow reached
    assert pool.cleanup(100 + 250 + OVERFLOW_GRACE_MS) == []               # not yet: strictly older
    assert pool.cleanup(100 + 250 + OVERFLOW_GRACE_MS + 1) == [2]
    stats = pool.stats()
    assert (stats["overflow"], stats["cleaned"], stats["refused"], stats["overflow_active"]) == \
        (2, 1, 1, 1)
    assert isinstance(over.created_ms, int)
    assert pool.release(3) and pool.stats()["overflow_active"] == 0


def test_bad_pool_limits():
    with pytest.raises(ValueError, match="0 <= min <= max"):
        VoicePool().configure("X", min=3, max=2)


def _events(mw, count, start=0):
    for i in range(start, start + count):
        mw.events.add(f"E{i}", [Layer(ClipNode("a.wav"))])


def test_event_limit_evicts_least_recently_modified_to_90_percent_never_the_selected():
    mw = Middleware()
    _events(mw, 500)
    mw.events.select("E0")                      # the oldest, but being edited
    mw.events.touch("E1")                       # E1 is now the most recent
    evicted = mw.events.add("NEW", [Layer(ClipNode("b.wav"))])
    assert len(mw.events.defs) == 450
    assert "E0" in mw.events.defs and "E1" in mw.events.defs and "NEW" in mw.events.defs
    assert evicted == [f"E{i}" for i in range(2, 53)]     # 501 - 450 = 51 oldest, E0 skipped
    assert mw.events.evicted == 51


def test_definitions_beyond_the_event_limit_are_refused():
    defs = {"events": {f"E{i}": {"layers": [{"clip": "a.wav"}]} for i in range(501)}}
    with pytest.raises(ValueError, match="middleware.events: '501 events' is above the limit of 500"):
        Middleware().load(defs)


def test_max_instances_stops_the_oldest(mw_clips, mw_engine):
    mw = Middleware(mw_engine)
    mw.load({"events": {"E": {"max_instances": 2, "layers": [{"clip": "dc_long.wav"}]}}},
            folder=mw_clips)
    first, second, third = (mw.post_event("E") for _ in range(3))
    assert mw.instances("E") == [second, third]
    mw_engine.render(1024)
    mw_engine.service()
    assert not first.playing and first.voice_ids == []
    assert len(mw_engine.voice_ids) == 2
