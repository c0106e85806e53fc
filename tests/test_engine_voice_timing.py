"""Voices on the frame clock: exact start frames, fade shapes, stop at a frame, frame_clock."""
import numpy as np
import pytest

from tests.fixtures.engine import dc

GAIN = np.cos(np.pi / 4)            # centre pan of a mono voice
SETTINGS = [(48000, 512), (44100, 64), (96000, 100)]


def ended_log(engine):
    log = []
    engine.on_voice_ended = lambda voice_id, reason: log.append((voice_id, reason))
    return log


def render_in_chunks(engine, frames, chunk):
    parts, done = [], 0
    while done < frames:
        n = min(chunk, frames - done)
        parts.append(engine.render(n))
        done += n
    return np.concatenate(parts)


def first_sound(out):
    return int(np.flatnonzero(np.abs(out[:, 0]) > 0)[0])


def test_frame_clock_counts_frames_rendered_playing_or_not(make_engine):
    engine = make_engine(blocksize=256)
    assert engine.frame_clock == 0
    engine.render(1000)
    engine.play()
    engine.render(77)
    engine.stop()
    engine.render(3)
    assert engine.frame_clock == 1080
    assert engine.stats()["frames"] == 1080


@pytest.mark.parametrize("samplerate,blocksize", SETTINGS)
@pytest.mark.parametrize("delay", [0, 1, 37, 63, 64, 100, 511, 512, 513, 1500])
def test_voice_starts_on_exactly_its_frame(make_engine, simd_level, samplerate, blocksize,
                                           delay):
    engine = make_engine(samplerate=samplerate, blocksize=blocksize)
    engine.render(29)                                    # the clock is off the block grid
    start = engine.frame_clock + delay
    engine.play_voice(dc(0.5, 300), start_frame=start)
    out = render_in_chunks(engine, delay + 400, 173)     # render calls cut blocks too
    assert first_sound(out) == delay
    np.testing.assert_allclose(out[delay:delay + 300, 0], 0.5 * GAIN, rtol=1e-6)
    assert not out[delay + 300:].any()


def test_past_or_missing_start_frame_means_the_next_block(make_engine):
    engine = make_engine(blocksize=128)
    engine.render(1000)
    engine.play_voice(dc(0.5, 10), start_frame=3)
    engine.play_voice(dc(0.25, 10), pan=-1.0)
    out = engine.render(128)
    np.testing.assert_allclose(out[:10, 0], 0.5 * GAIN + 0.25, rtol=1e-6)


def test_two_voices_in_one_block_land_on_their_own_frames(make_engine):
    engine = make_engine(blocksize=512)
    engine.play_voice(dc(0.5, 1), start_frame=100, pan=-1.0)
    engine.play_voice(dc(0.25, 1), start_frame=101, pan=-1.0)
    out = engine.render(512)[:, 0]
    assert np.flatnonzero(out).tolist() == [100, 101]
    assert out[100] == 0.5 and out[101] == 0.25


@pytest.mark.parametrize("samplerate,blocksize", SETTINGS)
@pytest.mark.parametrize("fade_in_ms", [1.0, 10.0, 25.0])
def test_fade_in_is_linear_from_zero(make_engine, simd_level, samplerate, blocksize,
                                     fade_in_ms):
    engine = make_engine(samplerate=samplerate, blocksize=blocksize)
    frames = round(fade_in_ms * samplerate / 1000)
    engine.play_voice(dc(0.5, 4 * frames), pan=-1.0, fade_in_ms=fade_in_ms, start_frame=11)
    out = render_in_chunks(engine, 11 + 4 * frames, 999)[11:, 0]
    want = 0.5 * np.minimum(np.arange(4 * frames) / frames, 1.0)
    np.testing.assert_allclose(out, want, atol=1e-7)


@pytest.mark.parametrize("samplerate,blocksize", SETTINGS)
@pytest.mark.parametrize("fade_ms", [0.0, 2.0, 20.0])
def test_stop_at_a_frame_fades_out_from_exactly_there(make_engine, simd_level, samplerate,
                                                      blocksize, fade_ms):
    engine = make_engine(samplerate=samplerate, blocksize=blocksize)
    log = ended_log(engine)
    vid = engine.play_voice(dc(0.5, 100), pan=-1.0, loop=True)
    engine.render(50)
    at = engine.frame_clock + 333
    engine.stop_voice(vid, fade_ms=fade_ms, at_frame=at)
    fade = round(fade_ms * samplerate / 1000)
    out = render_in_chunks(engine, 333 + fade + 700, 257)[:, 0]
    want = np.zeros_like(out, dtype=np.float64)
    want[:333] = 0.5
    want[333:333 + fade] = 0.5 * (1 - np.arange(fade) / fade)
    np.testing.assert_allclose(out, want, atol=1e-7)
    assert log == [(vid, "stopped")] and engine.voice_ids == []


def test_stop_before_the_first_sample_ends_silently(make_engine):
    engine = make_engine(blocksize=64)
    log = ended_log(engine)
    vid = engine.play_voice(dc(0.5, 100), start_frame=500)
    engine.stop_voice(vid, fade_ms=5.0, at_frame=400)
    assert not engine.render(1000).any()
    assert log == [(vid, "stopped")]


def test_a_later_stop_replaces_one_not_begun(make_engine):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 10000), pan=-1.0)
    engine.stop_voice(vid, fade_ms=0, at_frame=300)
    engine.stop_voice(vid, fade_ms=0, at_frame=200)
    out = engine.render(400)[:, 0]
    assert out[199] == 0.5 and not out[200:].any()


def test_fade_in_and_fade_out_multiply(make_engine):
    engine = make_engine(samplerate=48000, blocksize=128)
    vid = engine.play_voice(dc(0.5, 10000), pan=-1.0, fade_in_ms=10.0)   # 480 frames
    engine.stop_voice(vid, fade_ms=5.0, at_frame=240)                       # 240 frames
    out = engine.render(600)[:, 0]
    k = np.arange(240)
    np.testing.assert_allclose(out[:240], 0.5 * k / 480, atol=1e-7)
    np.testing.assert_allclose(out[240:480], 0.5 * (240 + k) / 480 * (1 - k / 240), atol=1e-7)
    assert not out[480:].any()


def test_voice_timing_is_bit_identical_run_to_run(make_engine):
    def run():
        engine = make_engine(blocksize=100)
        clip = np.sin(np.arange(5000) * 0.01).astype(np.float32)
        for i in range(8):
            vid = engine.play_voice(clip, start_frame=37 * i + 5, fade_in_ms=3.0,
                                    pitch_cents=150.0 * i - 500)
            engine.stop_voice(vid, fade_ms=4.0, at_frame=900 + 91 * i)
        return render_in_chunks(engine, 3000, 333)
    assert np.array_equal(run(), run())
