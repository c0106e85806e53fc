"""Master stage (soft clip, DC blocker, master meter) and the render's event reports."""
import math

import numpy as np
import pytest

from fluxforge.engine.clips import load_clip
from tests.fixtures.engine import dc, sine


def soft_clip_reference(x):
    a = abs(x)
    if a <= 0.85:
        return x
    y = 0.85 + 0.15 * math.tanh((a - 0.85) / 0.15) / math.tanh(1.0)
    return math.copysign(y, x)


@pytest.mark.parametrize("level", [0.5, 0.85, 0.9, 1.0, 1.4, 3.0])
def test_soft_clip_curve(make_engine, level):
    engine = make_engine()
    engine.add_track(dc([level, -level], 1024, channels=2))
    engine.set_soft_clip(True)
    engine.play()
    out = engine.render(512).astype(np.float64)
    np.testing.assert_allclose(out[:, 0], soft_clip_reference(level), rtol=1e-6)
    np.testing.assert_allclose(out[:, 1], soft_clip_reference(-level), rtol=1e-6)
    assert engine.master_state().soft_clip


def test_soft_clip_reference_shape():
    """Continuous, rising, slope at most 1/tanh(1), 1.0 -> 1.0, bounded by 0.85 + 0.15/tanh(1)."""
    xs = np.linspace(0.0, 3.0, 3001)
    ys = np.array([soft_clip_reference(x) for x in xs])
    assert soft_clip_reference(1.0) == pytest.approx(1.0)
    assert np.all(np.diff(ys) >= 0)
    assert np.diff(ys).max() <= 1e-3 / math.tanh(1.0) + 1e-12
    assert ys.max() < 0.85 + 0.15 / math.tanh(1.0)


@pytest.mark.parametrize("samplerate", [44100, 48000, 96000])
def test_dc_blocker_step_response(make_engine, samplerate):
    engine = make_engine(samplerate=samplerate, dc_block=True)
    engine.add_track(dc([0.5, 0.25], samplerate, channels=2))
    engine.play()
    out = engine.render(samplerate // 2).astype(np.float64)
    pole = math.exp(-2 * math.pi * 5 / samplerate)
    n = np.arange(samplerate // 2)
    np.testing.assert_allclose(out[:, 0], 0.5 * pole ** n, atol=1e-6)
    np.testing.assert_allclose(out[:, 1], 0.25 * pole ** n, atol=1e-6)


def test_dc_blocker_passes_audio(make_engine):
    engine = make_engine(dc_block=True)
    engine.add_track(sine(1000.0, 48000, 48000))
    engine.play()
    out = engine.render(48000)[24000:, 0]
    assert np.sqrt(np.mean(out ** 2)) == pytest.approx(0.5 / math.sqrt(2) * math.cos(math.pi / 4),
                                                      rel=1e-3)


def test_clip_touches_and_released_tracks_are_reported(make_engine):
    engine = make_engine()
    touched = []
    engine.on_clip_touched = touched.append
    a_clip = load_clip(dc(0.1, 48000 * 3), 48000, name="a")
    b_clip = load_clip(dc(0.2, 48000 * 3), 48000, name="b")
    voice_clip = load_clip(dc(0.3, 100), 48000, name="v")
    a = engine.add_track(a_clip)
    engine.add_track(b_clip)
    engine.render(512)
    assert touched == []                       # stopped transport: nothing is read
    engine.play_voice(voice_clip)
    engine.play()
    engine.render(512)
    assert sorted(touched) == sorted([voice_clip.key, a_clip.key, b_clip.key])
    touched.clear()
    engine.render(48000)                       # about once a second while playing
    assert sorted(set(touched)) == sorted({a_clip.key, b_clip.key})
    engine.remove_track(a)
    assert engine.stats()["tracks"] == 1
    engine.render(512)                         # service(): the render let go of the clip
    assert engine._tracks._releasing == {}
