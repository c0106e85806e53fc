"""The streaming LoudnessMeter and the offline function's contract: block-size
independence, reset, silence, bad input, channel weights, bounded memory."""
import threading

import numpy as np
import pytest

import fluxforge
from fluxforge.metering import LoudnessMeter, LoudnessResult
from tests.alloc_check import bytes_allocated
from tests.loudness_signals import segments, sine

SR = 48000


def programme(seconds=12, channels=2, seed=0):
    rng = np.random.default_rng(seed)
    n = int(seconds * SR)
    env = np.repeat(10 ** (rng.uniform(-25, 0, 2 * seconds + 1) / 20), n // (2 * seconds) + 1)[:n]
    return 0.2 * rng.standard_normal((n, channels)) * env[:, None]


def same_figures(offline, streamed):
    """The offline analysis runs segments of the signal side by side, each
    segment's filters warmed up from zero state, so its loudness figures
    equal the streaming meter's to rounding (1e-9 LU is ample); the peaks
    are the same bits."""
    assert offline == pytest.approx(streamed, abs=1e-9)
    for name in ("true_peak_dbtp", "sample_peak_dbfs"):
        assert offline[name] == streamed[name] or np.isnan(offline[name]), name


@pytest.mark.parametrize("block", [1, 7, 64, 4800, 4801, 100_000])
def test_figures_do_not_depend_on_block_size(block):
    x = programme()
    whole = LoudnessMeter(SR, 2)
    whole.process(x)
    expected = whole.figures()
    meter = LoudnessMeter(SR, 2)
    for start in range(0, len(x), block):
        meter.process(x[start:start + block])
    assert meter.figures() == expected
    assert meter.result() == LoudnessResult(**expected)
    same_figures(fluxforge.loudness(x, SR).as_dict(), expected)


def test_empty_blocks_and_planar_views_are_accepted():
    x = programme(4)
    meter = LoudnessMeter(SR, 2)
    meter.process(np.zeros((0, 2)))
    meter.process(np.asfortranarray(x))   # copied to interleaved
    assert meter.integrated_lufs == pytest.approx(fluxforge.loudness(x, SR).integrated_lufs,
                                                  abs=1e-9)


def test_reset_starts_a_new_measurement():
    meter = LoudnessMeter(SR, 2)
    meter.process(sine(5, -10))
    meter.reset()
    assert meter.integrated_lufs == -np.inf and meter.true_peak_dbtp == -np.inf
    assert meter.duration_s == 0
    quiet = sine(5, -30)
    meter.process(quiet)
    same_figures(fluxforge.loudness(quiet, SR).as_dict(), meter.figures())


def test_digital_silence_reads_minus_infinity():
    r = fluxforge.loudness(np.zeros((SR * 5, 2), np.float32), SR)
    assert r.integrated_lufs == r.max_momentary_lufs == r.max_short_term_lufs == -np.inf
    assert r.true_peak_dbtp == r.sample_peak_dbfs == -np.inf
    assert r.lra_lu == 0.0


def test_shorter_than_one_gating_block_has_no_integrated_loudness():
    r = fluxforge.loudness(sine(0.3, -20), SR)
    assert r.integrated_lufs == -np.inf
    assert r.sample_peak_dbfs == pytest.approx(-20, abs=0.01)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_refused_and_the_meter_is_unchanged(bad):
    x = sine(2, -20)
    x[12345, 1] = bad
    with pytest.raises(ValueError, match=r"non-finite sample .* frame 12345, channel 1"):
        fluxforge.loudness(x, SR)
    meter = LoudnessMeter(SR, 2)
    meter.process(sine(1, -20))
    before = meter.figures()
    with pytest.raises(ValueError, match="non-finite"):
        meter.process(x)
    assert meter.figures() == before


@pytest.mark.parametrize("call, error, match", [
    (lambda: fluxforge.loudness(np.zeros((10, 2), np.int16), SR), TypeError, "floating-point"),
    (lambda: fluxforge.loudness(np.zeros((10, 2, 2)), SR), ValueError, "shaped"),
    (lambda: fluxforge.loudness(np.zeros((10, 9)), SR), ValueError, "channels must be 1..8"),
    (lambda: fluxforge.loudness(np.zeros((10, 8)), SR), ValueError, "channel_weights"),
    (lambda: fluxforge.loudness(np.zeros(10), 0), ValueError, "samplerate"),
    (lambda: fluxforge.loudness(np.zeros(10), "48k"), TypeError, "samplerate"),
    (lambda: fluxforge.loudness(np.zeros((10, 2)), SR, [1.0]), ValueError, "2 channels|one per"),
    (lambda: LoudnessMeter(SR, 2).process(np.zeros((10, 3))), ValueError, "3 channels"),
    (lambda: LoudnessMeter(SR, 2).process(np.zeros(10)), ValueError, "1-D"),
])
def test_bad_input_is_refused_with_a_clear_error(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_five_one_excludes_lfe_and_weights_surrounds():
    n = SR * 5
    tone = sine(5, -20, channels=1)[:, 0]
    def level(channel):
        x = np.zeros((n, 6))
        x[:, channel] = tone
        return fluxforge.loudness(x, SR).integrated_lufs
    assert level(3) == -np.inf                     # LFE
    assert level(0) == pytest.approx(level(2), abs=1e-9)
    assert level(4) - level(0) == pytest.approx(10 * np.log10(1.41), abs=1e-6)
    assert fluxforge.loudness(np.zeros((n, 6)) + 0.0, SR).true_peak_dbtp == -np.inf
    lfe_only = np.zeros((n, 6)); lfe_only[:, 3] = tone
    assert fluxforge.loudness(lfe_only, SR).true_peak_dbtp == pytest.approx(-20, abs=0.2)


def test_explicit_weights_for_7_1():
    x = np.zeros((SR * 2, 8)); x[:, 6] = sine(2, -20, channels=1)[:, 0]
    weights = [1, 1, 1, 0, 1, 1, 1.41, 1.41]
    r = fluxforge.loudness(x, SR, channel_weights=weights)
    mono = fluxforge.loudness(x[:, 6], SR)
    assert r.integrated_lufs - mono.integrated_lufs == pytest.approx(10 * np.log10(1.41), abs=1e-6)
    assert LoudnessMeter(SR, 8, weights).channel_weights == tuple(map(float, weights))


def test_mono_reads_like_one_channel_of_stereo():
    x = sine(5, -20, channels=2)
    assert fluxforge.loudness(x[:, 0], SR).integrated_lufs == pytest.approx(
        fluxforge.loudness(x, SR).integrated_lufs - 10 * np.log10(2), abs=1e-9)


def test_live_momentary_and_short_term_update_every_100_ms():
    meter = LoudnessMeter(SR, 2)
    meter.process(sine(0.0999, -20))
    assert meter.momentary_lufs == -np.inf
    meter.process(sine(0.0002, -20))
    assert meter.momentary_lufs == pytest.approx(-20 - 10 * np.log10(4), abs=0.1)
    assert meter.short_term_lufs == pytest.approx(-20 - 10 * np.log10(30), abs=0.1)


def test_processing_allocates_nothing_per_block_and_memory_is_bounded():
    meter = LoudnessMeter(SR, 2)
    block = programme(1)
    meter.process(block)
    assert bytes_allocated(lambda: meter.process(block), repeat=50) < 4096
    assert meter.duration_s == pytest.approx(51.0)


def test_threads_share_a_meter_safely():
    x = programme(6)
    meter = LoudnessMeter(SR, 2)
    halves = np.split(x, 2)
    t = threading.Thread(target=lambda: [meter.process(halves[0]) for _ in range(3)])
    t.start()
    for _ in range(3):
        meter.process(halves[1])
        assert -40 < meter.momentary_lufs < 0
    t.join()
    assert meter.duration_s == pytest.approx(18.0)


def test_any_sample_rate():
    for samplerate in (8000, 11025, 32000, 88200, 192000, 384000):
        r = fluxforge.loudness(sine(4, -23, samplerate), samplerate)
        assert r.integrated_lufs == pytest.approx(-23, abs=0.1), samplerate
    assert LoudnessMeter(192000, 1).oversampling == 1
    assert LoudnessMeter(96000, 1).oversampling == 2
    assert LoudnessMeter(44100, 1).oversampling == 4


def test_fluxforge_loudness_is_callable_and_exported():
    from fluxforge.metering import loudness
    assert loudness is fluxforge.loudness
    assert fluxforge.LoudnessMeter is LoudnessMeter
    r = fluxforge.loudness(segments([(3, -23)]), SR)
    assert r.integrated_lufs == pytest.approx(-23, abs=0.1)
