"""Transport (play, stop, seek, loop, position) and deterministic rendering."""
import numpy as np
import pytest

from tests.fixtures.engine import dc

GAIN = np.cos(np.pi / 4)


def ramp_clip(frames):
    """Sample i holds i / 2**16: the output tells which frame was read."""
    return (np.arange(frames) / 2 ** 16).astype(np.float32)


def frames_read(out):
    return np.rint(out[:, 0].astype(np.float64) / GAIN * 2 ** 16).astype(np.int64)


def test_stopped_transport_is_silent_and_keeps_position(make_engine):
    engine = make_engine()
    engine.add_track(dc(0.5, 4800))
    assert not engine.playing and engine.position == 0
    assert np.all(engine.render(1000) == 0)
    assert engine.position == 0
    engine.play()
    assert engine.playing
    engine.render(1000)
    assert engine.position == 1000
    engine.stop()
    engine.render(500)
    assert engine.position == 1000


def test_seek(make_engine, engine_blocksize):
    engine = make_engine(blocksize=engine_blocksize)
    engine.add_track(ramp_clip(20000))
    engine.seek(12345)
    assert engine.position == 12345
    engine.play()
    np.testing.assert_array_equal(frames_read(engine.render(1000)), 12345 + np.arange(1000))
    assert engine.position == 13345


def test_seek_while_playing_fades_out_jumps_and_fades_in(make_engine, engine_blocksize):
    bs = engine_blocksize
    engine = make_engine(blocksize=bs)
    engine.add_track(ramp_clip(40000))
    engine.play()
    engine.render(1000)
    engine.seek(20000)
    assert engine.position == 20000
    ramp = np.arange(bs) / bs
    out = engine.render(2 * bs).astype(np.float64)[:, 0] / GAIN * 2 ** 16
    np.testing.assert_allclose(out[:bs], (1000 + np.arange(bs)) * (1 - ramp), atol=2e-2)
    np.testing.assert_allclose(out[bs:], (20000 + np.arange(bs)) * ramp, atol=2e-2)
    np.testing.assert_array_equal(frames_read(engine.render(10)), 20000 + bs + np.arange(10))
    assert engine.position == 20000 + bs + 10


def test_seek_during_the_stop_fade_rests_at_the_seek(make_engine):
    engine = make_engine(blocksize=100)
    engine.set_ramp_time(1000 * 400 / 48000)
    engine.add_track(ramp_clip(40000))
    engine.play()
    engine.render(100)
    engine.stop()
    engine.render(100)
    engine.seek(5000)
    engine.render(400)
    assert not engine.playing and engine.position == 5000
    engine.play()
    np.testing.assert_array_equal(frames_read(engine.render(10)), 5000 + np.arange(10))


def test_playing_past_the_end_gives_silence(make_engine):
    engine = make_engine()
    engine.add_track(ramp_clip(1000))
    engine.seek(900)
    engine.play()
    got = frames_read(engine.render(300))
    np.testing.assert_array_equal(got[:100], 900 + np.arange(100))
    assert np.all(got[100:] == 0)
    assert engine.length_frames == 1000


@pytest.mark.parametrize("start,end", [(100, 1100), (0, 7), (5000, 5001), (300, 2000)])
def test_loop_wraps_exactly(make_engine, engine_blocksize, start, end):
    engine = make_engine(blocksize=engine_blocksize)
    engine.add_track(ramp_clip(10000))
    engine.set_loop(start, end)
    assert engine.loop == (start, end)
    engine.seek(start)
    engine.play()
    got = frames_read(engine.render(3000))
    np.testing.assert_array_equal(got, start + np.arange(3000) % (end - start))
    assert engine.position == start + 3000 % (end - start)


def test_clear_loop_plays_on(make_engine):
    engine = make_engine(blocksize=100)
    engine.add_track(ramp_clip(10000))
    engine.set_loop(0, 150)
    engine.play()
    engine.render(200)
    assert engine.position == 50
    engine.clear_loop()
    assert engine.loop is None
    np.testing.assert_array_equal(frames_read(engine.render(200)), 50 + np.arange(200))


def test_position_beyond_the_loop_end_plays_on(make_engine):
    engine = make_engine()
    engine.add_track(ramp_clip(10000))
    engine.set_loop(0, 100)
    engine.seek(500)
    engine.play()
    np.testing.assert_array_equal(frames_read(engine.render(50)), 500 + np.arange(50))


def build_session(engine, tmp_path=None):
    rng = np.random.default_rng(7)
    a = engine.add_track((rng.standard_normal((30000, 2)) * 0.2).astype(np.float32), bus="Music")
    b = engine.add_track((rng.standard_normal(20000) * 0.3).astype(np.float32), bus="Sfx")
    engine.set_track_eq(a, 0, "peaking", 1200.0, q=2.0, gain_db=6.0)
    engine.set_track_eq(b, 1, "lowpass", 3000.0)
    engine.set_track_pan(b, 0.4)
    engine.set_bus_output("Sfx", "Aux")
    engine.set_soft_clip(True)
    engine.set_loop(1000, 25000)
    engine.play_voice(dc(0.3, 5000), bus="Voice", pan=-0.5)
    engine.play()


def test_render_is_deterministic_and_independent_of_chunking(make_engine, simd_level):
    first, second = make_engine(dc_block=True), make_engine(dc_block=True)
    build_session(first)
    build_session(second)
    whole = first.render(60000)
    parts = np.concatenate([second.render(n) for n in (1, 511, 1000, 7000, 51488)])
    assert whole.tobytes() == parts.tobytes()
    assert np.abs(whole).max() > 0.1


def test_render_to_file_is_deterministic(make_engine, tmp_path):
    import soundfile
    paths = []
    for name in ("a.wav", "b.wav"):
        engine = make_engine(dc_block=True)
        build_session(engine)
        paths.append(engine.render_to_file(tmp_path / name, 100000))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert b"PEAK" not in paths[0].read_bytes()      # libsndfile's time-stamped chunk
    data, rate = soundfile.read(paths[0], dtype="float32")
    assert rate == 48000 and data.shape == (100000, 2)
    engine = make_engine(dc_block=True)
    build_session(engine)
    np.testing.assert_array_equal(data, engine.render(100000))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav", "b.wav"]   # no temp files
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in paths)         # the usual mode


def test_render_to_file_formats_and_errors(make_engine, tmp_path):
    engine = make_engine()
    engine.add_track(dc(0.25, 4800))
    engine.play()
    engine.render_to_file(tmp_path / "x.flac", 4800)
    with pytest.raises(ValueError, match="extension"):
        engine.render_to_file(tmp_path / "x.xyz", 100)
    with pytest.raises(FileNotFoundError):
        engine.render_to_file(tmp_path / "missing" / "x.wav", 100)
    with pytest.raises(ValueError, match="subtype"):
        engine.render_to_file(tmp_path / "y.flac", 100, subtype="FLOAT")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.flac"]


def test_stop_fades_the_tracks_out_and_rests_where_asked(make_engine, engine_blocksize):
    engine = make_engine(blocksize=engine_blocksize)
    engine.add_track(ramp_clip(20000))
    engine.play()
    engine.render(1000)
    engine.stop()
    assert not engine.playing and engine.position == 1000
    tail = engine.render(engine_blocksize).astype(np.float64)[:, 0]
    fade = 1 - np.arange(engine_blocksize) / engine_blocksize
    np.testing.assert_allclose(tail, GAIN * (1000 + np.arange(engine_blocksize)) / 2 ** 16 * fade,
                               atol=1e-6)
    assert engine.position == 1000
    assert np.all(engine.render(300) == 0) and engine.position == 1000
    engine.play()                                  # resumes where stop was asked, at once
    np.testing.assert_array_equal(frames_read(engine.render(50)), 1000 + np.arange(50))


def test_play_during_the_stop_fade_plays_on(make_engine):
    engine = make_engine(blocksize=100)
    engine.set_ramp_time(1000 * 400 / 48000)       # a 400-frame fade: four blocks
    engine.add_track(dc(0.5, 48000))
    engine.play()
    engine.render(100)
    engine.stop()
    engine.render(200)                             # halfway down
    engine.play()
    out = engine.render(400).astype(np.float64)[:, 0]
    assert out[0] == pytest.approx(0.5 * GAIN * 0.5, rel=1e-3)
    np.testing.assert_allclose(out, 0.5 * GAIN * (0.5 + np.arange(400) / 800), rtol=1e-5)
    assert engine.position == 700
    assert engine.render(1)[0, 0] == pytest.approx(0.5 * GAIN, rel=1e-6)


def test_tracks_join_and_leave_a_playing_transport_without_clicks(make_engine):
    engine = make_engine(blocksize=128)
    engine.play()
    engine.render(256)
    tid = engine.add_track(dc(0.5, 48000))
    ramp = np.arange(128) / 128
    np.testing.assert_allclose(engine.render(128)[:, 0], 0.5 * GAIN * ramp, atol=1e-6)
    np.testing.assert_allclose(engine.render(128)[:, 0], 0.5 * GAIN, atol=1e-6)
    engine.remove_track(tid)
    assert engine.track_ids == []
    np.testing.assert_allclose(engine.render(128)[:, 0], 0.5 * GAIN * (1 - ramp), atol=1e-6)
    assert engine._tracks._releasing == {}           # released once faded out
    assert np.all(engine.render(128) == 0)
