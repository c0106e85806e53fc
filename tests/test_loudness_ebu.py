"""The EBU test cases (Tech 3341 loudness, Tech 3342 loudness range, true peak),
generated here, on the offline function and the streaming meter."""
import numpy as np
import pytest

import fluxforge
from fluxforge.metering import LoudnessMeter
from tests.loudness_signals import ebur128, segments, sine

SR = 48000


def meter_series(x, samplerate=SR, step_s=0.1):
    """Momentary and short-term loudness after every 100 ms, from the live meter."""
    meter = LoudnessMeter(samplerate, x.shape[1])
    step = meter.subblock_frames
    m, s = [], []
    for start in range(0, len(x) - step + 1, step):
        meter.process(x[start:start + step])
        m.append(meter.momentary_lufs)
        s.append(meter.short_term_lufs)
    return meter, np.array(m), np.array(s)


@pytest.mark.parametrize("dbfs", [-23.0, -33.0])
def test_3341_sine_reads_its_level(dbfs):
    x = sine(20, dbfs)
    r = fluxforge.loudness(x, SR)
    assert r.integrated_lufs == pytest.approx(dbfs, abs=0.1)
    meter, m, s = meter_series(x)
    assert m[-1] == pytest.approx(dbfs, abs=0.1)
    assert s[-1] == pytest.approx(dbfs, abs=0.1)
    assert meter.integrated_lufs == pytest.approx(r.integrated_lufs, abs=1e-9)


@pytest.mark.parametrize("parts", [
    [(10, -36), (60, -23), (10, -36)],
    [(10, -72), (10, -36), (60, -23), (10, -36), (10, -72)],
    [(20, -26), (20.1, -20), (20, -26)],
], ids=["relative-gate", "absolute-and-relative-gate", "gate-edge"])
def test_3341_gating_cases_read_minus_23(parts):
    assert fluxforge.loudness(segments(parts), SR).integrated_lufs == pytest.approx(-23, abs=0.1)


def test_3341_five_channel_case_uses_surround_weights():
    t = np.arange(20 * SR) / SR
    levels = [-28, -28, -24, -30, -30]   # L R C Ls Rs
    x = np.stack([10 ** (d / 20) * np.sin(2 * np.pi * 1000 * t) for d in levels], axis=1)
    assert fluxforge.loudness(x, SR).integrated_lufs == pytest.approx(-23, abs=0.1)


def test_3341_short_term_is_constant_on_a_3_s_pattern():
    x = segments([(1.34, -20), (1.66, -30)] * 20)
    _, _, s = meter_series(x)
    assert np.all(np.abs(s[30:] + 23) <= 0.1)


def test_3341_momentary_is_constant_on_a_400_ms_pattern():
    x = segments([(0.18, -20), (0.22, -30)] * 20)
    _, m, _ = meter_series(x)
    assert np.all(np.abs(m[4:] + 23) <= 0.1)


def test_3341_max_short_term_of_3_s_bursts():
    rng = np.random.default_rng(3)
    parts = []
    for _ in range(10):
        parts += [(round(rng.uniform(0.5, 2.0), 3), -120), (3.0, -23)]
    parts[0] = (1.0, -120)
    r = fluxforge.loudness(segments(parts), SR)
    assert r.max_short_term_lufs == pytest.approx(-23, abs=0.1)


def test_3341_max_momentary_of_400_ms_bursts_on_the_update_grid():
    parts = [(0.1 * k, -120) if k else (0.5, -120) for k in range(8)]
    parts = [p for gap in parts for p in (gap, (0.4, -23))]
    r = fluxforge.loudness(segments(parts), SR)
    assert r.max_momentary_lufs == pytest.approx(-23, abs=0.1)


def test_max_momentary_off_the_grid_matches_libebur128_polled_every_100_ms():
    x = segments([(1.037, -120), (0.4, -23), (0.5, -120)])
    ours = fluxforge.loudness(x, SR).max_momentary_lufs
    assert ours == pytest.approx(ebur128(x, SR)["max_momentary_lufs"], abs=0.01)
    assert -23.7 < ours < -23.0   # 37 ms of the burst fall outside every window


@pytest.mark.parametrize("parts, lra", [
    ([(20, -20), (20, -30)], 10),
    ([(20, -20), (20, -15)], 5),
    ([(20, -40), (20, -20)], 20),
    ([(20, -50), (20, -35), (20, -20), (20, -35), (20, -50)], 15),
])
def test_3342_loudness_range_cases(parts, lra):
    x = segments(parts)
    assert fluxforge.loudness(x, SR).lra_lu == pytest.approx(lra, abs=1)
    assert fluxforge.loudness(x, SR).lra_lu == pytest.approx(ebur128(x, SR)["lra_lu"], abs=0.3)


@pytest.mark.parametrize("samplerate", [44100, 48000, 96000])
@pytest.mark.parametrize("dbfs", [0.0, -6.0, -20.0])
def test_true_peak_finds_the_inter_sample_peak(samplerate, dbfs):
    # a quarter-rate sine 45 degrees off the samples: they sit 3 dB under its peak
    x = sine(1.0, dbfs, samplerate, freq_hz=samplerate / 4, phase=np.pi / 4)
    r = fluxforge.loudness(x, samplerate)
    assert r.sample_peak_dbfs == pytest.approx(dbfs - 3.01, abs=0.01)
    assert dbfs - 0.4 <= r.true_peak_dbtp <= dbfs + 0.2
    ref = ebur128(x, samplerate)["true_peak_dbtp"]
    assert ref - 0.4 <= r.true_peak_dbtp <= ref + 0.2


@pytest.mark.parametrize("freq_hz, phase", [(997.0, 0.3), (11025.0, 1.1), (16000.0, 0.0)])
def test_true_peak_matches_libebur128_on_high_tones(freq_hz, phase):
    x = sine(1.0, -1.0, SR, freq_hz=freq_hz, phase=phase)
    r = fluxforge.loudness(x, SR)
    ref = ebur128(x, SR)["true_peak_dbtp"]
    assert ref - 0.4 <= r.true_peak_dbtp <= ref + 0.2
    assert r.true_peak_dbtp >= r.sample_peak_dbfs
