"""Live loudness in the render: the master equals the offline meter of what was rendered."""
import numpy as np
import pytest

import fluxforge
from fluxforge.engine.loudness import (INTEGRATED_LUFS, LOUDNESS_COLUMNS, LOUDNESS_SHAPE,
                                       LRA_LU, MAX_MOMENTARY_LUFS, MOMENTARY_LUFS,
                                       SHORT_TERM_LUFS, TRUE_PEAK_DBTP, LiveLoudness)
from fluxforge.engine.types import UnknownBusError
from tests.alloc_check import bytes_allocated
from tests.loudness_signals import segments, sine

RATE = 48000


def programme(seconds, seed=3):
    """Stereo programme whose loudness moves (for a non-zero range) with
    inter-sample peaks: noise bursts, a loud tone and a quiet stretch."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * RATE)
    env = np.interp(np.arange(frames), [0, frames // 3, frames // 2, frames],
                    [0.02, 0.3, 0.05, 0.25])
    noise = rng.standard_normal((frames, 2)) * env[:, None]
    tone = sine(seconds, -6.0, RATE, freq_hz=11025.0, phase=0.3)[:frames]
    return (noise + 0.5 * tone).astype(np.float32)


def mixed_engine(make_engine, blocksize=512, seconds=8.0):
    """Three tracks on Music, Sfx and Master, soft clip, DC blocker, master +4 dB."""
    engine = make_engine(blocksize=blocksize, dc_block=True)
    signal = programme(seconds)
    engine.add_track(signal, bus="Music")
    engine.add_track(signal[::-1].copy(), bus="Sfx")
    engine.add_track(np.ascontiguousarray(signal[:, 0]), bus="Master")
    engine.set_soft_clip(True)
    engine.set_master_volume(1.6)
    engine.set_bus_volume("Music", 0.7)
    engine.play()
    return engine


def live_master(engine):
    out = np.zeros(LOUDNESS_SHAPE)
    engine.read_loudness(out)
    return out[0]


#: Figures the live meters share with a whole-signal analysis (LoudnessResult).
RESULT_FIGURES = ("integrated_lufs", "lra_lu", "max_momentary_lufs", "max_short_term_lufs",
                  "true_peak_dbtp")


def assert_matches_offline(live, rendered):
    """The live figures are the streaming meter's bits (LoudnessMeter fed the
    render), and fluxforge.loudness's, which runs segments of the signal side by
    side, to its documented rounding (~1e-12 LU; the true peak exactly)."""
    meter = fluxforge.LoudnessMeter(RATE, 2)
    meter.process(rendered)
    offline = fluxforge.loudness(rendered, RATE)
    for name in RESULT_FIGURES + ("momentary_lufs", "short_term_lufs"):
        assert getattr(live, name) == getattr(meter, name), name
    for name in RESULT_FIGURES:
        assert getattr(live, name) == pytest.approx(getattr(offline, name), rel=0, abs=1e-9), name
    assert live.true_peak_dbtp == offline.true_peak_dbtp
    return offline


def test_master_equals_the_offline_meter_of_the_render(make_engine, simd_level):
    engine = mixed_engine(make_engine)
    rendered = engine.render(RATE * 7 + 1234)
    live = engine.loudness()
    offline = assert_matches_offline(live, rendered)
    assert live.lra_lu > 0.5
    assert live.true_peak_dbtp > offline.sample_peak_dbfs


def signals(seed):
    """Stereo test signals: silence then noise bursts, a tone near Nyquist (inter-sample
    peaks well above the samples), a low tone, and noise fading in and out."""
    rng = np.random.default_rng(seed)
    t = np.arange(RATE * 5) / RATE
    burst = rng.standard_normal((len(t), 2)) * (np.sin(2 * np.pi * 0.7 * t) > 0.3)[:, None] * 0.2
    burst[: RATE // 2] = 0.0
    near_nyquist = 0.7 * np.sin(2 * np.pi * 20000.0 * t + rng.uniform(0, 6))
    low = 0.5 * np.sin(2 * np.pi * 40.0 * t)
    fade = rng.standard_normal((len(t), 2)) * np.abs(np.sin(2 * np.pi * 0.2 * t))[:, None] * 0.3
    stereo = lambda x: np.stack([x, 0.8 * x], axis=1)   # noqa: E731
    return [burst, stereo(near_nyquist), stereo(low), fade]


@pytest.mark.parametrize("seed", [1, 2])
def test_master_equals_the_offline_meter_for_varied_signals(make_engine, simd_level, seed):
    for signal in signals(seed):
        engine = make_engine(blocksize=256)
        engine.add_track(signal.astype(np.float32))
        engine.play()
        rendered = np.concatenate([engine.render(n) for n in (100, 4700, 48000 * 4, 43300)])
        assert_matches_offline(engine.loudness(), rendered)


@pytest.mark.parametrize("blocksize, chunks", [(64, [1, 17, 4799, 4800, 4801, 333]),
                                                (1000, [48000 * 3]), (480, [480] * 200)])
def test_figures_do_not_depend_on_block_or_render_sizes(make_engine, blocksize, chunks):
    reference = mixed_engine(make_engine)
    whole = reference.render(sum(chunks))
    engine = mixed_engine(make_engine, blocksize=blocksize)
    pieces = np.concatenate([engine.render(n) for n in chunks])
    np.testing.assert_array_equal(pieces, whole)
    np.testing.assert_array_equal(live_master(engine), live_master(reference))


def test_ebu_sine_reads_minus_23_on_master_and_its_bus(make_engine):
    engine = make_engine()
    tone = sine(1.0, -23.0, RATE).astype(np.float32)
    engine.add_track(tone, bus="Voice")
    engine.set_loop(0, RATE)
    engine.play()
    engine.render(RATE * 5)
    for bus in ("Master", "Voice"):
        figures = engine.loudness(bus)
        assert figures.bus == bus
        for name in ("momentary_lufs", "short_term_lufs", "integrated_lufs",
                     "max_momentary_lufs", "max_short_term_lufs"):
            assert getattr(figures, name) == pytest.approx(-23.0, abs=0.1), name
        assert figures.lra_lu == 0.0
        assert figures.true_peak_dbtp == pytest.approx(-23.0, abs=0.1)


def test_a_bus_is_metered_after_its_volume_and_silent_buses_read_minus_inf(make_engine):
    engine = make_engine()
    engine.add_track(programme(4.0), bus="Ambience")
    engine.play()
    engine.render(RATE * 4)
    bus, master = engine.loudness("Ambience"), engine.loudness("Master")
    assert bus.integrated_lufs == pytest.approx(master.integrated_lufs, abs=1e-4)   # float32 out
    quieter = make_engine()
    quieter.add_track(programme(4.0), bus="Ambience")
    quieter.set_bus_volume("Ambience", 0.5)
    quieter.play()
    quieter.render(RATE * 4)
    drop = bus.integrated_lufs - quieter.loudness(4).integrated_lufs
    assert drop == pytest.approx(20 * np.log10(2), abs=1e-6)
    for name in ("Music", "Sfx", "Voice", "Aux"):
        silent = engine.loudness(name)
        assert silent.lra_lu == 0.0
        assert all(v == -np.inf for k, v in silent.as_dict().items() if k not in ("bus", "lra_lu"))


def test_reset_starts_a_new_measurement(make_engine):
    engine = make_engine()
    engine.add_track(segments([(3.0, -10.0), (3.0, -30.0)]).astype(np.float32))
    engine.play()
    engine.render(RATE * 3)
    loud = engine.loudness()
    engine.reset_loudness()
    fresh = engine.loudness()
    assert all(v == -np.inf for k, v in fresh.as_dict().items() if k not in ("bus", "lra_lu"))
    assert fresh.lra_lu == 0.0
    engine.render(RATE * 3)
    after = engine.loudness()
    assert after.integrated_lufs == pytest.approx(loud.integrated_lufs - 20.0, abs=0.2)
    assert after.max_momentary_lufs < loud.max_momentary_lufs - 19.0
    engine.reset()                                   # the engine's reset restarts it too
    assert engine.loudness().integrated_lufs == -np.inf


def test_switching_live_loudness_off_and_on(make_engine):
    engine = make_engine()
    engine.add_track(sine(1.0, -20.0, RATE).astype(np.float32))
    engine.set_loop(0, RATE)
    engine.play()
    engine.render(RATE)
    engine.set_loudness_enabled(False)
    assert not engine.loudness_enabled
    engine.render(RATE)
    assert np.isnan(live_master(engine)).all()
    engine.set_loudness_enabled(True)
    assert engine.loudness().integrated_lufs == -np.inf      # a new measurement
    engine.render(RATE // 2)
    assert engine.loudness().momentary_lufs == pytest.approx(-20.0, abs=0.1)
    off = fluxforge.Engine(RATE, 512, loudness=False)
    off.render(4800)
    assert not off.loudness_enabled and np.isnan(off.loudness("Aux").true_peak_dbtp)


def test_read_loudness_allocates_nothing(make_engine):
    engine = mixed_engine(make_engine, seconds=2.0)
    engine.render(RATE)
    out = np.zeros(LOUDNESS_SHAPE)
    engine.read_loudness(out)
    assert bytes_allocated(lambda: engine.read_loudness(out)) == 0
    assert np.isfinite(out[0, [MOMENTARY_LUFS, SHORT_TERM_LUFS, INTEGRATED_LUFS, LRA_LU,
                               TRUE_PEAK_DBTP, MAX_MOMENTARY_LUFS]]).all()


def test_bad_arguments_are_named(make_engine):
    engine = make_engine()
    with pytest.raises(TypeError, match="dtype float64"):
        engine.read_loudness(np.zeros(LOUDNESS_SHAPE, np.float32))
    with pytest.raises(ValueError, match=r"shape \(6, 7\)"):
        engine.read_loudness(np.zeros((6, 5)))
    with pytest.raises(ValueError, match="C-contiguous"):
        engine.read_loudness(np.zeros((7, 6)).T)
    with pytest.raises(TypeError, match="NumPy array"):
        engine.read_loudness([[0.0] * 7] * 6)
    with pytest.raises(UnknownBusError, match="unknown bus 'Drums'"):
        engine.loudness("Drums")
    with pytest.raises(TypeError, match="enabled must be a bool"):
        engine.set_loudness_enabled("yes")
    with pytest.raises(TypeError, match="loudness must be a bool"):
        fluxforge.Engine(RATE, 512, loudness=None)


def test_result_type_and_columns():
    assert LOUDNESS_SHAPE == (6, 7)
    assert LOUDNESS_COLUMNS == tuple(f for f in LiveLoudness.__dataclass_fields__ if f != "bus")
