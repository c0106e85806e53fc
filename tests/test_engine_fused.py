"""The fused track pass (SIMD levels) against the row-by-row path (scalar level).

One session exercises what the fused pass handles specially: tracks of four
buses in interleaved slots (the pass takes them bus by bus, each bus's last
call partial), an empty slot between tracks, mono and stereo
clips, clips ending inside a block, a loop wrapping inside a block, every EQ
band (alone and together), gain ramps from volume, pan, mute and solo edits,
several buses, and block lengths that are not a multiple of the vector width.
"""
import numpy as np
import pytest

from fluxforge import dsp

BANDS = [("lowpass", 3000.0, 0.707, 0.0), ("highpass", 200.0, 1.2, 0.0),
         ("peaking", 1000.0, 2.0, 6.0), ("highshelf", 6000.0, 0.707, -4.0)]
BLOCKS = [512, 301, 7, 512, 1024, 3, 512, 999]


def render_session(engine):
    """Output and per-track meters of the scripted session, block by block."""
    rng = np.random.default_rng(11)
    ids = []
    for i in range(15):
        frames = 700 if i % 5 == 3 else 6000         # some clips end inside a block
        shape = (frames,) if i % 3 == 1 else (frames, 2)
        ids.append(engine.add_track((rng.standard_normal(shape) * 0.2).astype(np.float32),
                                    bus=i % 4))
    for i, tid in enumerate(ids):
        for band in range(4):
            if (i >> band) & 1 or i == 14:
                kind, freq, q, gain_db = BANDS[band]
                engine.set_track_eq(tid, band, kind, freq, q=q, gain_db=gain_db)
        engine.set_track_pan(tid, -0.8 + i / 10)
    engine.remove_track(ids[6])                          # a hole among the slots
    engine.set_loop(1000, 2900)
    engine.play()
    out, meters = [], []
    live = ids[:6] + ids[7:]
    for step, frames in enumerate(BLOCKS):
        engine.set_track_volume(live[step % len(live)], 0.3 + step / 10)
        engine.set_track_mute(live[(step + 3) % len(live)], step % 2 == 0)
        engine.set_track_solo(live[2], step == 5)
        out.append(engine.render(frames))
        arrays = [np.zeros(len(live)) for _ in range(5)]
        engine.read_meters(np.array(live, np.uint64), *arrays)
        meters.append(np.stack(arrays))
    return np.concatenate(out), np.stack(meters)


@pytest.fixture(scope="module")
def reference():
    from fluxforge.engine import Engine
    with dsp.forced_simd_level("scalar"):
        with Engine(48000, 512, max_tracks=16) as engine:
            engine.set_dc_block(False)
            return render_session(engine)


def test_every_level_matches_the_scalar_path(make_engine, simd_level, reference):
    out, meters = render_session(make_engine(max_tracks=16))
    want_out, want_meters = reference
    assert np.abs(want_out).max() > 0.1
    np.testing.assert_allclose(out, want_out, atol=2e-6)
    np.testing.assert_allclose(meters, want_meters, rtol=1e-6, atol=1e-9)


def test_each_level_is_bit_identical_run_to_run(make_engine, simd_level):
    first = render_session(make_engine(max_tracks=16))
    second = render_session(make_engine(max_tracks=16))
    assert np.array_equal(first[0], second[0])
    assert np.array_equal(first[1], second[1])
