"""A scripted session renders exactly the samples it rendered when this test was written.

The other determinism tests compare two renders of the same build; this one
pins the SHA-256 of the output and of the meters, so a rewrite of the Python
facade or of the Cython layer that changes one bit of the mix fails here. The
script goes through the public API only: tracks (mono and stereo) with EQ bands
of several kinds, pan, mute, solo, bus routing and bus settings, the batch call,
a track removed while playing, the loop and a seek, voices with pitch, fades,
a stop and changes while they play, a ducking rule, the ramp time, the master
stage (soft clip, DC blocker) and render blocks of uneven lengths.

The clips are integer patterns (exact in float32, no libm involved), but the
filter designs and the soft clip call libm, and the meters are accumulated in
each SIMD level's own order, so the meter digests are per level; all were
taken on x86-64 Linux, and elsewhere the test is skipped.
"""
import hashlib
import platform
import sys

import numpy as np
import pytest

from fluxforge import Engine

#: the output's digest (the same at every x86 level for this script)
MIX_DIGEST = "d66668687bbb9e7335185e73fa71ebb14b394a9156717b7ecd9f55e850c9c62b"
#: SIMD level -> digest of the meters (they are accumulated in each level's own order)
METER_DIGESTS = {
    "scalar": "9129b9b2f10b9b9b7b8e4d0691da97344d55e0fe27519754e9a53ba1a6f8d24b",
    "sse4.2": "05652f63e8961a1c4fc53b34f5c60605218fb2a9cf911bde0238ef4ae6a6f4c5",
    "avx2": "02beddce526027d884bd65a68725a730e90ba62856979acf9eb04f1819f4967e",
    "avx512": "8e31e0d311a9ca93ed64d6327b4b137f03b374e0724f763bd8a64046fb703051",
}
BLOCKS = [512, 333, 1, 2048, 700, 512, 4096, 29, 1500]

pytestmark = pytest.mark.skipif(
    not (sys.platform == "linux" and platform.machine() == "x86_64"),
    reason="digests taken on x86-64 Linux (its libm and SIMD arithmetic)")


def pattern(frames, channels, step, scale):
    """A clip of integer steps: ((i * step) % 2003 - 1001) / scale, per channel offset."""
    i = np.arange(frames, dtype=np.int64)[:, None] + np.arange(channels) * 17
    return (((i * step) % 2003 - 1001) / scale).astype(np.float32)


def scripted_render():
    engine = Engine(48000, 256, max_tracks=32)
    ids = [engine.add_track(pattern(9000 + 500 * k, 1 + k % 2, 7919 + 2 * k, 4000.0 + 300 * k),
                            name=f"t{k}", bus=k % 6) for k in range(10)]
    engine.set_track_eq(ids[0], 0, "lowpass", 3000.0, q=0.9)
    engine.set_track_eq(ids[1], 1, "peaking", 1000.0, q=2.0, gain_db=6.0)
    engine.set_track_eq(ids[2], 2, "highshelf", 5000.0, gain_db=-4.0)
    engine.set_track_eq(ids[3], 3, "highpass", 150.0, q=1.1)
    engine.set_track_pan(ids[4], -0.6)
    engine.set_track_pan_right(ids[5], 0.2)
    engine.set_track_mute(ids[6], True)
    engine.set_bus_output("Sfx", "Aux")
    engine.set_bus_volume("Music", 0.8)
    engine.set_bus_pan("Voice", -0.5)
    engine.set_master_volume(0.9)
    engine.set_soft_clip(True)
    engine.set_loop(2000, 8000)
    engine.play()
    voice = pattern(3000, 2, 104729, 3000.0)
    out, meters = [], []
    ids_out = np.zeros(32, np.uint64)
    arrays = [np.zeros(32) for _ in range(5)]
    buses = np.zeros((6, 5))
    for step, frames in enumerate(BLOCKS):
        if step == 1:
            engine.batch_set_track_params(ids[:4], volumes=[0.5, 1.5, 2.5, 0.25],
                                          pans=[-0.3, 0.3, 0.9, -1.5], solo=[0, 0, 0, 0])
            vid = engine.play_voice(voice, bus="Sfx", volume=0.7, pan=0.3, pitch_cents=-300,
                                    start_frame=engine.frame_clock + 100, fade_in_ms=3.0)
            engine.add_ducking("Sfx", "Music", -8.0, attack_ms=5.0, release_ms=40.0)
        if step == 3:
            engine.set_ramp_time(12.0)
            engine.set_voice(vid, volume=1.2, pitch_cents=200)
            looped = engine.play_voice(pattern(1200, 1, 613, 2500.0), bus="Voice", loop=True)
            engine.remove_track(ids[7])
        if step == 5:
            engine.stop_voice(looped, fade_ms=8.0, at_frame=engine.frame_clock + 50)
            engine.set_track_solo(ids[2], True)
            engine.seek(100)
        if step == 7:
            engine.set_track_solo(ids[2], False)
            engine.set_bus_mute("Ambience", True)
            engine.set_dc_block(False)
        out.append(engine.render(frames))
        n = engine.read_meters(ids_out, *arrays, bus_meters=buses)
        meters.append(np.concatenate([ids_out[:n].astype(np.float64)]
                                     + [a[:n] for a in arrays] + [buses.ravel()]))
    engine.close()
    return np.concatenate(out), np.concatenate(meters)


def test_the_scripted_session_renders_the_pinned_samples(simd_level):
    if simd_level not in METER_DIGESTS:
        pytest.skip(f"no digest pinned for the {simd_level} level")
    mix, meters = scripted_render()
    assert mix.shape == (sum(BLOCKS), 2) and np.abs(mix).max() > 0.05
    assert hashlib.sha256(mix.tobytes()).hexdigest() == MIX_DIGEST
    assert hashlib.sha256(meters.tobytes()).hexdigest() == METER_DIGESTS[simd_level]
