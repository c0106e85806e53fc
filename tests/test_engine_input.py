"""Clips from files and arrays, and bad input: clear exceptions, engine state unchanged."""
import math

import numpy as np
import pytest
import soundfile

from fluxforge.engine.clips import load_clip
from tests.fixtures.engine import dc


def snapshot(engine):
    return ([engine.track(t) for t in engine.track_ids],
            [engine.bus_state(b) for b in range(6)], engine.master_state(), engine.loop,
            engine.position, engine.playing)


@pytest.mark.parametrize("fmt", ["wav", "flac", "ogg", "mp3"])
@pytest.mark.parametrize("channels", [1, 2])
def test_track_from_file(make_engine, write_audio, tmp_path, fmt, channels):
    path, samples = write_audio("a.wav", 4800, channels=channels)
    if fmt != "wav":
        path = tmp_path / f"a.{fmt}"
        soundfile.write(path, samples, 48000)
    engine = make_engine()
    tid = engine.add_track(path)
    info = engine.track(tid)
    assert (info.name, info.channels, info.path) == ("a", channels, str(path))
    assert info.frames == 4800 or fmt == "mp3"       # MP3 frames may pad the length
    data = engine.clip_data(tid)
    assert data.dtype == np.float32 and data.flags.c_contiguous and not data.flags.writeable
    if fmt in ("ogg", "mp3"):      # lossy: the level survives, the samples do not
        assert np.sqrt(np.mean(data ** 2)) == pytest.approx(np.sqrt(np.mean(samples ** 2)),
                                                            rel=0.2)
    else:
        atol = 1e-7 if fmt == "wav" else 1e-4
        np.testing.assert_allclose(data, samples.reshape(4800, channels), atol=atol)


@pytest.mark.parametrize("source_rate", [44100, 96000, 22050])
def test_other_rates_are_resampled_on_load(make_engine, tmp_path, source_rate):
    frames = source_rate // 10
    t = np.arange(frames) / source_rate
    tone = (0.5 * np.sin(2 * math.pi * 440 * t)).astype(np.float32)
    path = tmp_path / "tone.wav"
    soundfile.write(path, tone, source_rate, subtype="FLOAT")
    engine = make_engine()
    tid = engine.add_track(path)
    data = engine.clip_data(tid)[:, 0]
    assert len(data) == 4800
    want = 0.5 * np.sin(2 * math.pi * 440 * np.arange(4800) / 48000)
    np.testing.assert_allclose(data[200:-200], want[200:-200], atol=2e-3)
    clip = load_clip(tone, 48000, source_samplerate=source_rate)
    np.testing.assert_allclose(clip.data[:, 0], data, atol=1e-6)


def test_array_sources_are_copied(make_engine):
    engine = make_engine()
    samples = dc(0.25, 100)
    tid = engine.add_track(samples, name="dc")
    samples[:] = 1.0
    assert engine.clip_data(tid)[0, 0] == 0.25 and engine.track(tid).name == "dc"


@pytest.mark.parametrize("source,error,match", [
    (np.zeros((100, 3), np.float32), ValueError, "mono or stereo"),
    (np.zeros((2, 100, 1), np.float32), ValueError, "shape"),
    (np.zeros(0, np.float32), ValueError, "empty"),
    (np.array([0.0, np.nan], np.float32), ValueError, "NaN"),
    (np.zeros(10, np.int16), TypeError, "floating"),
    ([0.0, 1.0], TypeError, "path or a NumPy array"),
    ("/no/such/file.wav", FileNotFoundError, "not found"),
])
def test_bad_sources(make_engine, source, error, match):
    engine = make_engine()
    engine.add_track(dc(0.1, 100))
    before = snapshot(engine)
    with pytest.raises(error, match=match):
        engine.add_track(source)
    assert snapshot(engine) == before


def test_corrupt_file(make_engine, tmp_path):
    path = tmp_path / "broken.wav"
    path.write_bytes(b"RIFF\x10\x00\x00\x00WAVEfmt garbage" * 3)
    engine = make_engine()
    with pytest.raises(ValueError, match="cannot decode"):
        engine.add_track(path)
    assert engine.track_ids == []


def test_unknown_ids(make_engine):
    engine = make_engine()
    tid = engine.add_track(dc(0.1, 100))
    for call in (lambda: engine.set_track_volume(tid + 1, 1.0), lambda: engine.remove_track(99),
                 lambda: engine.track(-1), lambda: engine.clip_data(7),
                 lambda: engine.set_track_eq(5, 0, "lowpass", 100.0)):
        with pytest.raises(KeyError):
            call()
    with pytest.raises(TypeError):
        engine.set_track_volume("1", 1.0)
    with pytest.raises(KeyError):
        engine.set_bus_volume("Drums", 1.0)
    with pytest.raises(ValueError):
        engine.set_bus_volume(6, 1.0)


@pytest.mark.parametrize("call,error", [
    (lambda e, t: e.set_track_volume(t, float("nan")), ValueError),
    (lambda e, t: e.set_track_pan(t, float("inf")), ValueError),
    (lambda e, t: e.set_track_volume(t, "loud"), TypeError),
    (lambda e, t: e.set_track_mute(t, "yes"), TypeError),
    (lambda e, t: e.set_track_bus(t, 9), ValueError),
    (lambda e, t: e.set_bus_pan(2, float("nan")), ValueError),
    (lambda e, t: e.set_master_volume(float("nan")), ValueError),
    (lambda e, t: e.set_meter_decay(0.0), ValueError),
    (lambda e, t: e.set_ramp_time(float("nan")), ValueError),
    (lambda e, t: e.seek(-1), ValueError),
    (lambda e, t: e.seek(2 ** 64), ValueError),
    (lambda e, t: e.set_loop(0, 2 ** 63), ValueError),
    (lambda e, t: e.seek(1.5), TypeError),
    (lambda e, t: e.set_loop(100, 100), ValueError),
    (lambda e, t: e.render(-5), ValueError),
])
def test_bad_values_change_nothing(make_engine, call, error):
    engine = make_engine()
    tid = engine.add_track(dc(0.1, 100))
    before = snapshot(engine)
    with pytest.raises(error):
        call(engine, tid)
    assert snapshot(engine) == before


def test_batch_set_track_params(make_engine):
    engine = make_engine()
    ids = [engine.add_track(dc(0.1, 100)) for _ in range(4)]
    applied = engine.batch_set_track_params(
        [ids[0], 999, ids[2]], volumes=[0.5, 1.0, 9.0], pans=np.array([-2.0, 0.0, 0.25]),
        muted=[True, False, False], solo=None)
    assert applied == 2
    infos = [engine.track(t) for t in ids]
    assert (infos[0].volume, infos[0].pan, infos[0].muted) == (0.5, -1.0, True)
    assert (infos[2].volume, infos[2].pan, infos[2].muted) == (2.0, 0.25, False)
    assert infos[1] == engine.track(ids[1]) and infos[1].volume == 1.0
    assert engine.batch_set_track_params(np.array(ids, np.uint64), solo=[1, 0, 0, 1]) == 4
    assert [engine.track(t).solo for t in ids] == [True, False, False, True]


@pytest.mark.parametrize("kwargs,error", [
    (dict(volumes=[1.0, float("nan")]), ValueError),
    (dict(volumes=[1.0]), ValueError),
    (dict(pans=[[0.0, 0.0]]), ValueError),
    (dict(pans=["a", "b"]), TypeError),
    (dict(muted=[0.5, 1.0]), TypeError),
    (dict(volumes=[0.5, 0.5], solo=[True]), ValueError),     # the valid part is not applied either
])
def test_batch_bad_input_applies_nothing(make_engine, kwargs, error):
    engine = make_engine()
    ids = [engine.add_track(dc(0.1, 100)) for _ in range(2)]
    before = snapshot(engine)
    with pytest.raises(error):
        engine.batch_set_track_params(ids, **kwargs)
    with pytest.raises(TypeError):
        engine.batch_set_track_params([1.5, 2])
    with pytest.raises(TypeError):
        engine.batch_set_track_params(3)
    assert snapshot(engine) == before


def test_engine_constructor_checks(make_engine):
    from fluxforge import Engine
    with pytest.raises(TypeError):
        Engine(48000.5)
    with pytest.raises(ValueError):
        Engine(48000, 4)
    with pytest.raises(ValueError):
        Engine(48000, 512, 0)


def test_offline_commands_never_wait_for_the_ring(make_engine):
    engine = make_engine()
    tid = engine.add_track(dc(0.1, 100))
    for i in range(10000):          # more than the ring holds: applied as they are sent
        engine.set_track_eq(tid, i % 4, "lowpass", 100.0 + i)
    stats = engine.stats()
    assert stats["command_ring_waits"] == 0 and stats["commands"] == 10001


def test_track_slots_are_reused(make_engine):
    engine = make_engine(max_tracks=4)
    ids = [engine.add_track(dc(0.1, 100)) for _ in range(4)]
    with pytest.raises(RuntimeError, match="slots"):
        engine.add_track(dc(0.1, 100))
    for _ in range(10):
        engine.remove_track(ids.pop(0))
        ids.append(engine.add_track(dc(0.2, 100)))
    assert engine.track_ids == ids


def test_clip_at_another_rate_is_refused(make_engine):
    engine = make_engine()
    clip = load_clip(dc(0.1, 441), 44100)
    with pytest.raises(ValueError, match="44100 Hz"):
        engine.add_track(clip)
    with pytest.raises(ValueError, match="44100 Hz"):
        engine.play_voice(clip)
    assert engine.track_ids == [] and engine.voice_ids == []
    assert engine.add_track(load_clip(dc(0.1, 480), 48000)) == 1
