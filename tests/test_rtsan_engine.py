"""Real-time safety, proven by running the render under RealtimeSanitizer.

The render path is marked with RT_ENTER()/RT_EXIT() (pyx/csrc/rt/ff_rt.h): in the
C stream callback around the render, and inside the engine's render itself.
With the sanitizer preloaded, any malloc, lock or system call in between ends
the child process with a report. The first test shows the check can fail.
"""
import pytest

from tests.fixtures.rtsan import rtsan_report

pytestmark = pytest.mark.rtsan

MALLOC_IN_RT_SECTION = """
import ctypes
process = ctypes.PyDLL(None)   # global lookup: finds the sanitizer's malloc first
process.malloc.restype = ctypes.c_void_p
process.free.argtypes = [ctypes.c_void_p]
getattr(process, "__rtsan_realtime_enter")()
block = process.malloc(64)
getattr(process, "__rtsan_realtime_exit")()
process.free(block)
print("not reported")
"""


def test_the_sanitizer_reports_a_malloc_in_a_real_time_section(run_under_rtsan):
    proc = run_under_rtsan(MALLOC_IN_RT_SECTION)
    assert proc.returncode != 0
    assert "malloc" in rtsan_report(proc)
    assert "not reported" not in proc.stdout


# Drives the render through its branches: mono and stereo tracks, EQ (and its
# glides while playing), buses and routing, mute/solo, soft clip on a loud mix,
# voices (one-shot, looping, stopped, stolen past 256; start frames inside
# blocks, fade in/out, stop at a frame, pitched and gliding, volume/pan
# changes), ducking rules (attack, release, two on one target, removed,
# cleared), transport loop and seek, odd block sizes, meters, live loudness (fed
# every block, sub-blocks completing with their integrated/range passes, the
# range histogram past 3 s, resets, switched off and on).
EXERCISE_ENGINE = """
import numpy as np
from fluxforge import Engine

def build():
    engine = Engine(48000, 512, max_tracks=32)
    rng = np.random.default_rng(7)
    ids = [engine.add_track(rng.uniform(-0.9, 0.9, (24000, 2) if i % 2 else 24000)
                            .astype(np.float32), bus=i % 6) for i in range(12)]
    engine.set_track_eq(ids[0], 0, "lowpass", 2000.0)
    engine.set_track_eq(ids[1], 1, "peaking", 500.0, q=2.0, gain_db=9.0)
    engine.set_bus_output(2, 1)
    engine.set_soft_clip(True)
    engine.set_master_volume(2.0)
    engine.set_loop(1000, 20000)
    engine.add_ducking("Sfx", "Music", -6.0, attack_ms=5.0, release_ms=50.0)
    engine.add_ducking("Voice", "Music", -12.0, attack_ms=1.0, release_ms=20.0)
    engine.add_ducking("Aux", "Ambience", -3.0, attack_ms=0.0, release_ms=0.0)
    engine.play()
    return engine, ids

def edit(engine, ids, step):
    engine.batch_set_track_params(ids, volumes=[(step % 3) * 0.7] * len(ids),
                                  pans=[((step + i) % 5) / 2 - 1 for i in range(len(ids))],
                                  muted=[i == step % len(ids) for i in range(len(ids))],
                                  solo=[i == 3 and step % 4 == 0 for i in range(len(ids))])
    engine.set_bus_mute(step % 6, step % 2 == 0)
    voice = engine.play_voice(np.full(300 + step, 0.5, np.float32), bus=step % 6,
                              loop=step % 7 == 0)
    if step % 3 == 0:
        engine.stop_voice(voice)
    timed = engine.play_voice(np.full((900, 2) if step % 2 else 900, 0.3, np.float32),
                              bus=(step + 2) % 6, loop=step % 5 == 0,
                              start_frame=engine.frame_clock + 37 * step,
                              fade_in_ms=step % 4, pitch_cents=(step % 9 - 4) * 300.0)
    engine.set_voice(timed, volume=(step % 4) / 2, pan=(step % 3) - 1.0,
                     pitch_cents=-150.0 * (step % 3))
    engine.stop_voice(timed, fade_ms=(step % 3) * 2.0, at_frame=engine.frame_clock + 91 * step)
    if step % 10 == 0:
        engine.seek(step * 100)
    engine.set_track_eq(ids[step % 2], step % 2, "lowpass" if step % 2 == 0 else "peaking",
                        200.0 + 300.0 * step, q=2.0, gain_db=6.0)      # glides while playing
    if step % 11 == 5:
        engine.remove_ducking(next(iter(engine.ducking_rules)))
        engine.add_ducking("Sfx", "Music", -9.0, attack_ms=2.0, release_ms=10.0)
    out = np.zeros(6)
    engine.read_ducking(out)
    if step % 9 == 4:
        engine.reset_loudness()
    engine.read_loudness(np.zeros((6, 7)))
"""

OFFLINE = EXERCISE_ENGINE + """
engine, ids = build()
for step, frames in enumerate([1, 17, 511, 512, 513, 1024, 4096, 64] * 4):
    edit(engine, ids, step)
    engine.render(frames)
for _ in range(300):
    engine.play_voice(np.full(4800, 0.1, np.float32))     # more than 256: stealing
engine.render(2048)
engine.clear_ducking()
engine.render(4096)
engine.set_bus_mute(0, False)                               # the edits left Master muted
engine.render(48000 * 4)                                    # the range histogram fills
engine.set_loudness_enabled(False)
engine.render(1024)
engine.set_loudness_enabled(True)
engine.render(9600)
engine.reset()
engine.render(24000)
assert np.isfinite(engine.loudness().integrated_lufs), engine.loudness()
assert np.isfinite(engine.loudness("Music").integrated_lufs), engine.loudness("Music")
engine.stop()
engine.render(4096)                                         # meters fall while stopped
engine.remove_track(ids[0])
engine.render(512)
print("offline ok", engine.stats()["frames"])
"""

LIVE = EXERCISE_ENGINE + """
import time
engine, ids = build()
engine.start()
for step in range(60):
    edit(engine, ids, step)
    time.sleep(0.02)
engine.remove_track(ids[0])
time.sleep(0.3)
stats = engine.stats()
engine.close()
print("live ok", stats["stream_callbacks"], stats["stream_render_errors"])
"""


def test_offline_render_is_real_time_safe(run_under_rtsan):
    proc = run_under_rtsan(OFFLINE)
    assert rtsan_report(proc) == ""
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "offline ok" in proc.stdout


@pytest.mark.jack
def test_live_callback_is_real_time_safe(run_under_rtsan, jack_server):
    proc = run_under_rtsan(LIVE, env={"JACK_DEFAULT_SERVER": jack_server.name})
    assert rtsan_report(proc) == ""
    assert proc.returncode == 0, proc.stderr[-3000:]
    callbacks, render_errors = map(int, proc.stdout.split()[-2:])
    assert callbacks > 50 and render_errors == 0
