"""FluxForge's loudness against libebur128 (pyebur128) and pyloudnorm on random
and multichannel signals at several sample rates."""
import numpy as np
import pyloudnorm
import pytest
import scipy.signal

import fluxforge
from tests.loudness_signals import ebur128


def programme(samplerate, seconds, channels, seed):
    """Noise whose level jumps every half second over ~30 dB, plus a tone; the
    noise is low-passed at 0.2 x the rate like programme material (near Nyquist
    the two true-peak interpolators differ by more than the tolerance)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * samplerate)
    steps = int(seconds * 2) + 1
    envelope = np.repeat(10 ** (rng.uniform(-30, 0, steps) / 20), n // steps + 1)[:n]
    t = np.arange(n) / samplerate
    sos = scipy.signal.butter(8, 0.4, output="sos")
    noise = scipy.signal.sosfilt(sos, rng.standard_normal((n, channels)), axis=0)
    x = 0.2 * noise * envelope[:, None]
    x += 0.05 * np.sin(2 * np.pi * 440 * t)[:, None]
    return x


def lra_of_short_term(short_term):
    """Tech 3342 loudness range of short-term values, computed directly."""
    st = np.asarray(short_term)
    st = st[st >= -70]
    mean = 10 * np.log10(np.mean(10 ** (st / 10)))
    st = np.sort(st[st >= mean - 20])
    lo, hi = (int((len(st) - 1) * p + 0.5) for p in (0.10, 0.95))
    return st[hi] - st[lo]


RATES = [44100, 48000, 96000, 37800]


@pytest.mark.parametrize("samplerate", RATES)
@pytest.mark.parametrize("channels", [1, 2, 6])
def test_figures_match_libebur128(samplerate, channels):
    x = programme(samplerate, 25, channels, seed=samplerate + channels)
    ours = fluxforge.loudness(x, samplerate).as_dict()
    ref = ebur128(x, samplerate)
    for name in ("integrated_lufs", "max_momentary_lufs", "max_short_term_lufs"):
        assert ours[name] == pytest.approx(ref[name], abs=0.02), name
    assert ours["sample_peak_dbfs"] == pytest.approx(ref["sample_peak_dbfs"], abs=1e-9)
    assert ref["true_peak_dbtp"] - 0.4 <= ours["true_peak_dbtp"] <= ref["true_peak_dbtp"] + 0.2
    # libebur128 takes a short-term block each second, we take one each 100 ms
    assert ours["lra_lu"] == pytest.approx(ref["lra_lu"], abs=1.0)


@pytest.mark.parametrize("samplerate", [44100, 48000])
def test_lra_matches_tech_3342_on_short_term_every_100_ms(samplerate):
    import pyebur128
    x = programme(samplerate, 40, 2, seed=7)
    state = pyebur128.R128State(2, samplerate, 3)
    step = (samplerate + 5) // 10
    short_term = []
    for k in range(len(x) // step):
        block = np.ascontiguousarray(x[k * step:(k + 1) * step])
        state.add_frames(block.reshape(-1), step)
        if k >= 29:
            short_term.append(pyebur128.get_loudness_shortterm(state))
    expected = lra_of_short_term(short_term)
    assert fluxforge.loudness(x, samplerate).lra_lu == pytest.approx(expected, abs=0.02)


@pytest.mark.parametrize("samplerate", [44100, 48000, 96000])
@pytest.mark.parametrize("channels", [1, 2, 5])
def test_integrated_matches_pyloudnorm(samplerate, channels):
    x = programme(samplerate, 20, channels, seed=channels)
    ours = fluxforge.loudness(x, samplerate).integrated_lufs
    assert ours == pytest.approx(pyloudnorm.Meter(samplerate).integrated_loudness(x), abs=0.1)


def test_float32_input_reads_as_float64():
    x = programme(48000, 10, 2, seed=1)
    a = fluxforge.loudness(x, 48000).as_dict()
    b = fluxforge.loudness(x.astype(np.float32), 48000).as_dict()
    for name in a:
        assert b[name] == pytest.approx(a[name], abs=1e-3), name


def test_kweighting_at_48k_is_the_printed_filter():
    from fluxforge._loudness import kweight_coefficients
    shelf, highpass = kweight_coefficients(48000)
    assert shelf == pytest.approx((1.53512485958697, -2.69169618940638, 1.19839281085285,
                                   -1.69065929318241, 0.73248077421585), abs=1e-9)
    assert highpass == pytest.approx((1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621),
                                     abs=1e-9)
