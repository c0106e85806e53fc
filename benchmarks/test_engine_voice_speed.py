"""What voices cost in the render: 64 looping mono voices on the Sfx bus, one 512-frame block.

Group engine-voices-64 (48 kHz; the engine runs the public ``render(512)``):
- numpy-interp (baseline): the pitched work done with NumPy - per voice a
  ``np.interp`` of 512 fractional positions and the gain multiply-add into a
  stereo bus row.
- plain: rate 1 (the clip rows are widened and mixed, no interpolation).
- pitched: +700 cents (linear interpolation per frame in the render).
- pitched-ducked: the same, plus a ducking rule Sfx -> Music that is moving
  (its per-frame envelope and the Music bus multiply).
``extra_info["realtime_x"]`` = block duration / mean time.
"""
import numpy as np
import pytest

from fluxforge.engine import Engine

SAMPLERATE = 48000
BLOCK = 512
VOICES = 64
CLIP_FRAMES = 48000
RATE = 2 ** (700 / 1200)


def clips():
    rng = np.random.default_rng(3)
    return (rng.standard_normal((VOICES, CLIP_FRAMES)) * 0.05).astype(np.float32)


def engine_with_voices(pitch_cents, ducked):
    engine = Engine(SAMPLERATE, BLOCK)
    if ducked:
        engine.add_ducking("Sfx", "Music", -12.0, attack_ms=2000.0, release_ms=2000.0)
        engine.play_voice(clips()[0], bus="Music", loop=True)
    for clip in clips():
        engine.play_voice(clip, bus="Sfx", loop=True, pitch_cents=pitch_cents)
    engine.render(BLOCK)
    return engine


class NumpyVoices:
    """The baseline: linear-interpolated voices mixed with NumPy."""

    def __init__(self):
        self.clips = clips().astype(np.float64)
        self.pos = np.zeros(VOICES)
        self.gains = np.full((VOICES, 2), np.cos(np.pi / 4))
        self.grid = np.arange(CLIP_FRAMES + 1, dtype=np.float64)
        self.out = np.zeros((2, BLOCK))

    def render(self):
        self.out[:] = 0.0
        steps = np.arange(BLOCK) * RATE
        for v in range(VOICES):
            x = (self.pos[v] + steps) % CLIP_FRAMES
            clip = self.clips[v]
            row = np.interp(x, self.grid, np.append(clip, clip[0]))
            self.out[0] += self.gains[v, 0] * row
            self.out[1] += self.gains[v, 1] * row
            self.pos[v] = (self.pos[v] + BLOCK * RATE) % CLIP_FRAMES
        return self.out


def realtime_factor(benchmark):
    if benchmark.stats is not None:
        benchmark.extra_info["realtime_x"] = BLOCK / SAMPLERATE / benchmark.stats.stats.mean


@pytest.mark.benchmark(group="engine-voices-64")
def test_numpy_interp(benchmark):
    benchmark.extra_info["baseline"] = True
    benchmark(NumpyVoices().render)
    realtime_factor(benchmark)


@pytest.mark.benchmark(group="engine-voices-64")
@pytest.mark.parametrize("name,pitch_cents,ducked", [("plain", 0.0, False),
                                                      ("pitched", 700.0, False),
                                                      ("pitched-ducked", 700.0, True)])
def test_engine_voices(benchmark, name, pitch_cents, ducked):
    engine = engine_with_voices(pitch_cents, ducked)
    out = benchmark(engine.render, BLOCK)
    assert np.abs(out).max() > 0
    assert len(engine.voice_ids) == VOICES + ducked
    realtime_factor(benchmark)
