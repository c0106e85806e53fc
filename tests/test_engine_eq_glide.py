"""EQ changes on a playing track glide (coefficients stepped every 32 frames), not jump."""
import numpy as np
import pytest

from tests.fixtures.engine import sine

GAIN = np.cos(np.pi / 4)
SUB = 32


def df1(x, coef_of_frame):
    """Direct form I with the coefficients coef_of_frame(i) at frame i (the reference)."""
    y = np.zeros_like(x)
    x1 = x2 = y1 = y2 = 0.0
    for i, x0 in enumerate(x):
        b0, b1, b2, a1, a2 = coef_of_frame(i)
        y0 = (b0 * x0 + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1
        x2, x1, y2, y1 = x1, x0, y1, y0
        y[i] = y0
    return y


def glide_schedule(start, target, begin, ramp, blocksize, frames):
    """Coefficients per frame: `start` until `begin`, then stepped before every
    sub-block of 32 frames (sub-blocks restart at each block) to `target` over `ramp`."""
    coefs = np.tile(np.asarray(start, np.float64), (frames, 1))
    cur, target, left = np.asarray(start, np.float64), np.asarray(target, np.float64), ramp
    for block in range(begin, frames, blocksize):
        n = min(blocksize, frames - block)
        for off in range(0, n, SUB):
            m = min(SUB, n - off)
            if left > 0:
                cur = target if m >= left else cur + (target - cur) * m / left
                left = max(left - m, 0)
            coefs[block + off:block + off + m] = cur
    return coefs


@pytest.mark.parametrize("blocksize,ramp_ms", [(128, 0.0), (100, 0.0), (512, 0.0), (64, 10.0)])
def test_a_frequency_change_glides_on_the_stepped_schedule(make_engine, simd_level, blocksize,
                                                           ramp_ms):
    engine = make_engine(blocksize=blocksize)
    engine.set_ramp_time(ramp_ms)
    ramp = round(ramp_ms * 48) if ramp_ms else blocksize
    begin = 10 * blocksize
    clip = sine(3000.0, begin + 3000, 48000) + sine(300.0, begin + 3000, 48000, amplitude=0.3)
    tid = engine.add_track(clip)
    engine.set_track_eq(tid, 1, "lowpass", 8000.0)
    engine.play()
    first = engine.render(begin)
    engine.set_track_eq(tid, 1, "lowpass", 400.0, q=2.0)
    out = np.concatenate([first, engine.render(3000)])[:, 0] / GAIN
    c0 = np.array(engine._core.design_biquad(0, 8000.0, 0.707, 0.0))
    c1 = np.array(engine._core.design_biquad(0, 400.0, 2.0, 0.0))
    coefs = glide_schedule(c0, c1, begin, ramp, blocksize, len(out))
    want = df1(clip[:len(out)].astype(np.float64), lambda i: coefs[i])
    np.testing.assert_allclose(out, want, atol=2e-6)
    assert engine.track(tid).eq[1].freq_hz == 400.0


def roughness(x):
    """Largest third difference: tiny on a smooth tone, large at any step or kink."""
    return np.abs(np.diff(x, 3)).max()


def test_an_rtpc_style_sweep_has_no_clicks(make_engine):
    """A peaking band swept 200 Hz -> 8 kHz, a new frequency every block, over a
    150 Hz tone: the glided output stays smooth; the same sweep with every change
    taken at once (the reference filter) is several times rougher."""
    engine = make_engine(blocksize=256)
    clip = sine(150.0, 48000, 48000, amplitude=0.2)
    tid = engine.add_track(clip)
    engine.set_track_eq(tid, 0, "peaking", 200.0, q=2.0, gain_db=12.0)
    engine.play()
    parts = [engine.render(2048)]
    freqs = np.geomspace(200.0, 8000.0, 40)
    for freq in freqs:
        engine.set_track_eq(tid, 0, "peaking", float(freq), q=2.0, gain_db=12.0)
        parts.append(engine.render(256))
    out = np.concatenate(parts)[:, 0].astype(np.float64) / GAIN
    coefs = [engine._core.design_biquad(5, 200.0, 2.0, 12.0)] * 2048
    for freq in freqs:
        coefs += [engine._core.design_biquad(5, float(freq), 2.0, 12.0)] * 256
    jumped = df1(clip[:len(coefs)].astype(np.float64), lambda i: coefs[i])
    assert roughness(out[2000:]) < 0.25 * roughness(jumped[2000:])
    assert roughness(out[2000:]) < 5e-5


def test_changes_while_stopped_and_new_bands_take_effect_at_once(make_engine):
    engine = make_engine(blocksize=128)
    clip = sine(500.0, 4096, 48000)
    tid = engine.add_track(clip)
    engine.set_track_eq(tid, 0, "lowpass", 8000.0)
    engine.set_track_eq(tid, 0, "lowpass", 1000.0)      # stopped: no glide
    engine.play()
    engine.set_track_eq(tid, 2, "highpass", 100.0)      # a band switched on: no glide
    out = engine.render(1024)[:, 0] / GAIN
    lp = engine._core.design_biquad(0, 1000.0, 0.707, 0.0)
    hp = engine._core.design_biquad(1, 100.0, 0.707, 0.0)
    want = df1(df1(clip[:1024].astype(np.float64), lambda i: lp), lambda i: hp)
    np.testing.assert_allclose(out, want, atol=2e-6)
