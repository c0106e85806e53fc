"""Voices while they play: pitch (rate and interpolation), smoothed set_voice, bad arguments."""
import math

import numpy as np
import pytest

from fluxforge import dsp
from tests.fixtures.engine import dc, sine


def frequency_hz(x, samplerate):
    """Frequency of a sine from its rising zero crossings (interpolated)."""
    idx = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    exact = idx + x[idx] / (x[idx] - x[idx + 1])
    return samplerate * (len(exact) - 1) / (exact[-1] - exact[0])


@pytest.mark.parametrize("samplerate,blocksize", [(48000, 512), (44100, 128)])
@pytest.mark.parametrize("cents,ratio", [(1200, 2.0), (-1200, 0.5), (700, 2 ** (7 / 12))])
def test_pitch_changes_frequency_and_length(make_engine, simd_level, samplerate, blocksize,
                                            cents, ratio):
    engine = make_engine(samplerate=samplerate, blocksize=blocksize)
    frames = samplerate // 2
    engine.play_voice(sine(440.0, frames, samplerate), pan=-1.0, pitch_cents=cents)
    out = engine.render(2 * frames)[:, 0].astype(np.float64)
    heard = int(np.flatnonzero(out)[-1]) + 1
    assert heard == math.ceil(frames / ratio)
    assert frequency_hz(out[:heard], samplerate) == pytest.approx(440.0 * ratio, rel=1e-4)


def test_pitched_render_matches_the_scalar_level(make_engine):
    def run(level):
        with dsp.forced_simd_level(level):
            engine = make_engine(blocksize=256)
            engine.play_voice(sine(300.0, 20000, 48000, amplitude=0.8), pitch_cents=-333.0,
                              volume=0.7, pan=0.3)
            return engine.render(30000)
    scalar = run("scalar")
    assert np.array_equal(scalar, run("scalar"))
    for level in dsp.available_simd_levels():
        np.testing.assert_allclose(run(level), scalar, atol=1e-6)


def test_interpolation_is_linear_between_frames(make_engine):
    engine = make_engine(blocksize=64)
    clip = np.array([0.0, 0.4, -0.2, 0.6], np.float32)
    engine.play_voice(clip, pan=-1.0, pitch_cents=-1200)          # rate 1/2
    out = engine.render(64)[:, 0]
    np.testing.assert_allclose(out[:8], [0.0, 0.2, 0.4, 0.1, -0.2, 0.2, 0.6, 0.3], atol=1e-7)
    assert not out[8:].any()


def test_looping_pitched_voice_interpolates_across_the_loop_point(make_engine):
    engine = make_engine(blocksize=64)
    clip = np.array([0.2, 0.4], np.float32)
    engine.play_voice(clip, pan=-1.0, loop=True, pitch_cents=-1200)
    out = engine.render(8)[:, 0]
    np.testing.assert_allclose(out, [0.2, 0.3, 0.4, 0.3] * 2, atol=1e-7)


@pytest.mark.parametrize("blocksize", [64, 512])
def test_set_voice_volume_ramps_no_faster_than_the_ramp(make_engine, simd_level, blocksize):
    engine = make_engine(blocksize=blocksize)
    engine.set_ramp_time(10.0)                                     # 480 frames
    vid = engine.play_voice(dc(0.5, 1000), pan=-1.0, loop=True)
    engine.render(100)
    engine.set_voice(vid, volume=0.2)
    out = engine.render(1000)[:, 0].astype(np.float64)
    steps = np.abs(np.diff(out))
    assert steps.max() <= 0.5 * 0.8 / 480 * 1.001
    np.testing.assert_allclose(out[480:], 0.1, rtol=1e-6)
    np.testing.assert_allclose(out[:480], 0.5 - 0.4 * np.arange(480) / 480, atol=1e-6)


def test_set_voice_before_the_first_sample_takes_effect_at_once(make_engine):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 100), pan=-1.0, start_frame=300)
    engine.render(64)
    engine.set_voice(vid, volume=0.5, pitch_cents=-1200)
    out = engine.render(512)[:, 0]
    assert np.flatnonzero(out)[0] == 300 - 64 and np.count_nonzero(out) == 200
    np.testing.assert_allclose(out[236:435], 0.25, rtol=1e-6)
    assert out[435] == pytest.approx(0.125)          # half-way to the silence past the end


def test_set_voice_pan_moves_smoothly(make_engine):
    engine = make_engine(blocksize=128)
    engine.set_ramp_time(5.0)                                      # 240 frames
    vid = engine.play_voice(dc(0.5, 1000), pan=-1.0, loop=True)
    engine.render(128)
    engine.set_voice(vid, pan=1.0)
    out = engine.render(512).astype(np.float64)
    assert np.abs(np.diff(out, axis=0)).max() <= 0.5 / 240 * 1.001
    np.testing.assert_allclose(out[240:], [[0.0, 0.5]] * (512 - 240), atol=1e-7)


def test_set_voice_pitch_glides_without_a_jump(make_engine):
    engine = make_engine(blocksize=256)
    engine.set_ramp_time(50.0)                                     # 2400 frames
    vid = engine.play_voice(sine(200.0, 48000, 48000), pan=-1.0, loop=True)
    engine.render(1000)
    engine.set_voice(vid, pitch_cents=1200)
    out = engine.render(8000)[:, 0].astype(np.float64)
    assert np.abs(np.diff(out)).max() <= 0.5 * 2 * np.pi * 400 / 48000 * 1.01
    assert frequency_hz(out[3000:], 48000) == pytest.approx(400.0, rel=1e-3)
    assert engine.voice_settings(vid)["pitch_cents"] == 1200.0


def test_pitch_is_clamped_to_two_octaves(make_engine):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 4000), pitch_cents=5000.0)
    assert engine.voice_settings(vid)["pitch_cents"] == 2400.0
    assert np.count_nonzero(engine.render(2000)[:, 0]) == 1000     # rate 4


@pytest.mark.parametrize("kwargs,error,match", [
    ({"start_frame": -1}, ValueError, "start_frame"),
    ({"start_frame": 1.5}, TypeError, "start_frame"),
    ({"fade_in_ms": -2.0}, ValueError, "fade_in_ms"),
    ({"fade_in_ms": float("nan")}, ValueError, "fade_in_ms"),
    ({"pitch_cents": float("inf")}, ValueError, "pitch_cents"),
    ({"pitch_cents": "up"}, TypeError, "pitch_cents"),
    ({"bus": "Musik"}, ValueError, "unknown bus 'Musik'"),
])
def test_bad_play_voice_arguments_start_nothing(make_engine, kwargs, error, match):
    engine = make_engine()
    with pytest.raises(error, match=match):
        engine.play_voice(dc(0.5, 100), **kwargs)
    assert engine.voice_ids == [] and engine.stats()["voices_started"] == 0


@pytest.mark.parametrize("kwargs,error,match", [
    ({"volume": float("nan")}, ValueError, "volume"),
    ({"pan": "left"}, TypeError, "pan"),
    ({"pitch_cents": float("nan")}, ValueError, "pitch_cents"),
    ({"volume": 0.5, "pitch_cents": float("nan")}, ValueError, "pitch_cents"),
])
def test_bad_set_voice_arguments_change_nothing(make_engine, kwargs, error, match):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 1000), pan=-1.0, loop=True)
    before = engine.render(64)
    with pytest.raises(error, match=match):
        engine.set_voice(vid, **kwargs)
    assert engine.voice_settings(vid) == {"volume": 1.0, "pan": -1.0, "pitch_cents": 0.0}
    np.testing.assert_array_equal(engine.render(64), before)


@pytest.mark.parametrize("kwargs,error,match", [
    ({"fade_ms": -1.0}, ValueError, "fade_ms"),
    ({"at_frame": -5}, ValueError, "at_frame"),
    ({"at_frame": "soon"}, TypeError, "at_frame"),
])
def test_bad_stop_voice_arguments_stop_nothing(make_engine, kwargs, error, match):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 1000), loop=True)
    with pytest.raises(error, match=match):
        engine.stop_voice(vid, **kwargs)
    engine.render(2000)
    assert engine.voice_ids == [vid]


def test_unknown_and_ended_voice_ids(make_engine):
    engine = make_engine(blocksize=64)
    vid = engine.play_voice(dc(0.5, 10))
    engine.render(64)
    assert engine.voice_ids == []
    engine.stop_voice(vid)                  # ended: no-op
    engine.set_voice(vid, volume=0.1)       # ended: no-op
    for call in (lambda: engine.stop_voice(vid + 1), lambda: engine.set_voice(42, pan=0.0)):
        with pytest.raises(KeyError, match="unknown voice id"):
            call()
    with pytest.raises(TypeError, match="voice id"):
        engine.set_voice("1", volume=1.0)
