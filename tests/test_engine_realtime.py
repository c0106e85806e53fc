"""The render entry's real-time contract.

1. Under RealtimeSanitizer the render (commands applied by the render itself,
   tracks with EQ, loop wrap, voices started/stolen/refused/stopped, tracks
   removed, meters published, soft clip, parameter ramps) makes no allocation,
   lock or system call.
2. Driven by a live PortAudio stream (JACK dummy device), the engine takes
   edits, track adds/removes, voices and meter reads from Python threads while
   the C callback renders; offline render() is refused meanwhile.
"""
import threading
import time

import numpy as np
import pytest

from tests.fixtures.engine import dc
from tests.fixtures.rtsan import rtsan_report

RENDER_EVERY_BRANCH = """
import numpy as np
from fluxforge.engine import Engine
from fluxforge.engine.params import BUS, MASTER, TRACK

engine = Engine(48000, 256, 64)
core, params, ring = engine._core, engine._params, engine._ring
core_out = np.zeros((1001, 2), np.float32)    # odd: partial SIMD chunks too
clips = [np.ascontiguousarray((np.random.default_rng(i).standard_normal((20000, 1 + i % 2))
                               * 0.5).astype(np.float32)) for i in range(20)]
short = np.full((300, 1), 0.2, np.float32)

# commands pushed straight into the ring, so the render applies them (as when streaming)
for slot, clip in enumerate(clips):
    assert ring.add_track(slot, slot + 1, clip, slot)
    params.set_track(slot, TRACK["bus"].c_index, slot % 6)
    assert ring.set_eq(slot, slot % 4, True, core.design_biquad(slot % 8, 900.0, 0.9, 4.0))
core.set_track_order(list(range(1, 21)), list(range(20)))
assert ring.routing([0, 2, 0, 0, 3, 0], [4, 3, 1, 2, 5, 0])
assert ring.loop(True, 500, 1700)
params.set_global(MASTER["soft_clip"].c_index, 1)
params.set_global(MASTER["play"].c_index, 1)
core.render_into(core_out)
for vid in range(1, 258):                      # 256 slots, then one stolen
    assert ring.voice_start(vid, short, 99, vid % 6, False, (0.5, 0.0, 0.5, 0.0))
core.render_into(core_out)
for vid in range(300, 557):                    # loops fill every slot, the last is refused
    while not ring.voice_start(vid, short, 98, 1, True, (0.5, 0.0, 0.5, 0.0)):
        core.render_into(core_out)
core.render_into(core_out)
assert ring.voice_stop(300)
params.set_track(3, TRACK["volume"].c_index, 0.1)
params.set_track(4, TRACK["muted"].c_index, 1)
params.set_track(5, TRACK["solo"].c_index, 1)
params.set_bus(2, BUS["solo"].c_index, 1)
params.set_global(MASTER["master_volume"].c_index, 1.9)
core.render_into(core_out)
assert ring.remove_track(7)
core.seek(12345)
core.render_into(core_out)
params.set_global(MASTER["play"].c_index, 0)
core.render_into(core_out)
stats = core.stats()
assert stats["voices_stolen"] >= 1 and stats["voices_refused"] >= 1, stats
events = ring.drain_events()
assert any(kind == 2 for kind, _, _ in events)            # the removed track was released
print("render ok", stats["blocks"])
"""


@pytest.mark.rtsan
def test_render_is_real_time_safe_in_every_branch(run_under_rtsan):
    proc = run_under_rtsan(RENDER_EVERY_BRANCH)
    assert rtsan_report(proc) == "", rtsan_report(proc)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "render ok" in proc.stdout


def test_the_sanitizer_would_see_the_render(run_under_rtsan):
    """Control: the same child with the sanitizer but a forced violation inside RT_ENTER."""
    code = RENDER_EVERY_BRANCH.replace(
        'print("render ok"',
        'import ctypes\n'
        'lib = ctypes.PyDLL(None)\n'
        'getattr(lib, "__rtsan_realtime_enter")()\n'
        'lib.malloc.restype = ctypes.c_void_p\n'
        'lib.free(ctypes.c_void_p(lib.malloc(64)))\n'
        'print("render ok"')
    proc = run_under_rtsan(code)
    assert proc.returncode != 0 and "malloc" in rtsan_report(proc)


@pytest.mark.jack
def test_live_stream_with_concurrent_edits(make_engine, jack_device):
    engine = make_engine(blocksize=512, dc_block=True)
    ids = [engine.add_track(dc(0.05, 48000 * 5)) for _ in range(8)]
    engine.set_loop(0, 48000)
    engine.play()
    engine.start(device=jack_device)
    try:
        assert engine.streaming
        with pytest.raises(RuntimeError, match="engine is streaming"):
            engine.render(512)
        stop = threading.Event()
        reads = []

        def read_meters():
            arrays = [np.zeros(64, np.uint64)] + [np.zeros(64) for _ in range(5)]
            while not stop.is_set():
                reads.append(engine.read_meters(*arrays))

        reader = threading.Thread(target=read_meters)
        reader.start()
        rng = np.random.default_rng(3)
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            engine.batch_set_track_params(ids, volumes=rng.uniform(0, 1, len(ids)))
            extra = engine.add_track(dc(0.01, 4800))
            engine.set_track_eq(extra, 0, "lowpass", 500.0)
            engine.play_voice(dc(0.02, 2000), bus="Sfx")
            engine.remove_track(extra)
            time.sleep(0.005)
        stop.set()
        reader.join()
        time.sleep(0.1)
        stats = engine.stats()
    finally:
        engine.close()
    assert not engine.streaming
    assert stats["stream_callbacks"] > 50 and stats["blocks"] > 50
    assert stats["events_dropped"] == 0
    assert reads and set(reads) <= {8, 9}
    engine.service()
    assert engine.track_ids == ids
    assert len(engine._tracks._free_slots) == engine.max_tracks - 8     # every removed slot came back
    assert engine.position > 0
    engine.render(512)                                           # offline again after close


@pytest.mark.jack
def test_stream_life_cycle_through_the_engine(make_engine, jack_device):
    engine = make_engine()
    engine.add_track(dc(0.1, 48000))
    engine.play()
    with engine:
        engine.start(device=jack_device)
        assert engine.streaming and engine.device_name
        time.sleep(0.1)
        engine.stop_stream()
        assert not engine.streaming
        engine.render(256)                         # offline again while stopped
        engine.start(device=jack_device)
        time.sleep(0.1)
        blocks = engine.stats()["blocks"]
        assert blocks > 0 and engine.stats()["stream_active"]
    assert not engine.streaming and "stream_active" not in engine.stats()
    engine.start(device=jack_device)               # a fresh stream after close
    time.sleep(0.05)
    engine.close()
    assert engine.stats()["blocks"] > blocks


@pytest.mark.jack
def test_a_full_command_ring_waits_for_the_audio_thread(make_engine, jack_device):
    """More commands than the ring holds, sent faster than callbacks drain them."""
    engine = make_engine(blocksize=512)
    tid = engine.add_track(dc(0.1, 48000))
    slot = engine._tracks._track(tid).slot
    coefs = engine._core.design_biquad(5, 1000.0, 1.0, 1.0)
    engine.start(device=jack_device)
    try:
        before = engine.stats()["commands"]
        for i in range(20000):         # ~1 us each: the 4096-slot ring fills within a callback
            engine._commands.send(engine._ring.set_eq, slot, i % 4, True, coefs)
        time.sleep(0.1)
        stats = engine.stats()
    finally:
        engine.close()
    assert stats["commands"] - before == 20000 and stats["commands_ignored"] == 0
