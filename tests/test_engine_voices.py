"""One-shot voices: playback while stopped, pan, stop fade, the stealing rule."""
import numpy as np
import pytest

from tests.fixtures.engine import dc

GAIN = np.cos(np.pi / 4)


def ended_log(engine):
    log = []
    engine.on_voice_ended = lambda voice_id, reason: log.append((voice_id, reason))
    return log


def test_voice_plays_while_transport_is_stopped(make_engine, simd_level):
    engine = make_engine()
    log = ended_log(engine)
    vid = engine.play_voice(dc(0.4, 1000), bus="Sfx", volume=0.5, pan=-1.0)
    out = engine.render(1500)
    np.testing.assert_allclose(out[:1000, 0], 0.2, rtol=1e-6)
    assert np.all(out[:, 1] == 0) and np.all(out[1000:] == 0)
    assert log == [(vid, "finished")] and engine.voice_ids == []
    assert engine.position == 0


@pytest.mark.parametrize("pan", [-1.0, -0.4, 0.0, 0.6, 1.0])
def test_stereo_voice_pan_moves_both_channels(make_engine, pan):
    from tests.test_engine_pan import dual_pan_reference
    engine = make_engine()
    engine.play_voice(dc([0.3, 0.1], 600, channels=2), volume=1.0, pan=pan)
    out = engine.render(512)
    want = dual_pan_reference(0.3, 0.1, -1 + 2 * max(pan, 0), 1 + 2 * min(pan, 0))
    np.testing.assert_allclose(out[:, 0], want[0], atol=1e-6)
    np.testing.assert_allclose(out[:, 1], want[1], atol=1e-6)


def test_looping_voice_and_stop_fades_out(make_engine):
    engine = make_engine(blocksize=128)
    log = ended_log(engine)
    clip = (np.arange(100) / 1000).astype(np.float32)
    vid = engine.play_voice(clip, loop=True)
    out = engine.render(1000)[:, 0] / GAIN
    np.testing.assert_allclose(out, np.tile(clip, 10), atol=1e-6)
    engine.stop_voice(vid)
    out = engine.render(256)[:, 0] / GAIN
    fade = 1 - np.arange(128) / 128
    np.testing.assert_allclose(out[:128], np.tile(clip, 3)[:128] * fade, atol=1e-6)
    assert np.all(out[128:] == 0)
    assert log == [(vid, "stopped")]
    engine.stop_voice(vid)                   # an ended voice: no-op
    with pytest.raises(KeyError, match="unknown voice id 999"):
        engine.stop_voice(999)


def fill_slots(engine, lengths, loop=False):
    return [engine.play_voice(dc(0.001, n), loop=loop) for n in lengths]


def test_steals_the_non_looping_voice_nearest_its_end(make_engine):
    engine = make_engine(blocksize=64)
    log = ended_log(engine)
    lengths = [10000 + 10 * i for i in range(256)]
    lengths[77] = 5000                       # nearest its end
    ids = fill_slots(engine, lengths)
    engine.render(64)
    assert log == []
    newcomer = engine.play_voice(dc(0.001, 20000))
    engine.render(64)
    assert log == [(ids[77], "stolen")]
    assert engine.stats()["voices_stolen"] == 1
    assert newcomer in engine.voice_ids and ids[77] not in engine.voice_ids


def test_looping_voices_are_never_stolen(make_engine):
    engine = make_engine(blocksize=64)
    log = ended_log(engine)
    loops = fill_slots(engine, [300] * 255, loop=True)    # short loops: "nearest the end"
    one_shot = fill_slots(engine, [100000])[0]
    engine.play_voice(dc(0.001, 100))
    engine.render(64)
    assert log == [(one_shot, "stolen")]
    assert set(loops) <= set(engine.voice_ids)


def test_all_looping_refuses_and_counts(make_engine):
    engine = make_engine(blocksize=64)
    log = ended_log(engine)
    fill_slots(engine, [300] * 256, loop=True)
    refused = engine.play_voice(dc(0.5, 100))
    out = engine.render(64)
    assert log == [(refused, "refused")]
    assert engine.stats()["voices_refused"] == 1
    np.testing.assert_allclose(out[:, 0], 256 * 0.001 * GAIN, rtol=1e-4)


def test_voice_clip_is_released_only_after_the_render_lets_go(make_engine):
    engine = make_engine()
    vid = engine.play_voice(dc(0.2, 10000))
    engine.render(512)
    assert engine.voice_ids == [vid]
    engine.stop_voice(vid)
    assert engine.voice_ids == [vid]       # the render has not faded it yet
    engine.render(1024)
    assert engine.voice_ids == []


def test_voice_bad_input_changes_nothing(make_engine):
    engine = make_engine()
    with pytest.raises(ValueError, match="volume"):
        engine.play_voice(dc(0.2, 100), volume=float("nan"))
    with pytest.raises(KeyError, match="bus"):
        engine.play_voice(dc(0.2, 100), bus="Drums")
    with pytest.raises(ValueError, match="empty"):
        engine.play_voice(np.zeros(0, np.float32))
    with pytest.raises(TypeError):
        engine.stop_voice("1")
    assert engine.voice_ids == [] and engine.stats()["voices_started"] == 0


def test_reset_ends_voices_and_clears_memories(make_engine):
    engine = make_engine(blocksize=256)
    log = ended_log(engine)
    tid = engine.add_track(dc(0.5, 48000))
    engine.set_track_eq(tid, 0, "lowpass", 200.0)
    vid = engine.play_voice(dc(0.2, 48000), loop=True)
    engine.play()
    engine.render(2048)
    engine.stop()
    engine.reset()
    engine.service()                      # the render's reports arrive through service()
    assert log == [(vid, "stopped")]
    ids, arrays = np.zeros(1, np.uint64), [np.zeros(1) for _ in range(5)]
    engine.read_meters(ids, *arrays)
    assert arrays[0][0] == 0.0
    engine.play()          # the low-pass starts from rest again: its step response, not a plateau
    out = engine.render(8)[:, 0]
    assert 0 < out[0] < out[-1] < 0.5 * GAIN / 2
    assert engine.track_ids == [tid] and engine.position == 2048 + 8


def test_a_stolen_voice_fades_out_instead_of_clicking(make_engine):
    engine = make_engine(blocksize=64)
    log = ended_log(engine)
    ids = [engine.play_voice(np.zeros(10000 + i, np.float32)) for i in range(256)]
    engine.stop_voice(ids[5])                 # fading already: stolen first, reported stopped
    engine.render(64)
    assert log == [(ids[5], "stopped")]
    loud = engine.play_voice(dc(0.5, 3000))   # takes the free slot
    engine.render(64)
    newcomer = engine.play_voice(np.zeros(20000, np.float32))   # steals `loud`, nearest its end
    out = engine.render(64)[:, 0]
    np.testing.assert_allclose(out, 0.5 * GAIN * (1 - np.arange(64) / 64), atol=1e-6)
    assert log[-1] == (loud, "stolen") and newcomer in engine.voice_ids
    assert np.all(engine.render(64) == 0)
