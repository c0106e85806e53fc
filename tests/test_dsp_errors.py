"""Bad input to fluxforge.dsp: a clear TypeError/ValueError naming the problem."""
import numpy as np
import pytest

from fluxforge import dsp

GOOD = np.zeros(8)
GOOD.flags.writeable = False


@pytest.mark.parametrize("call, error, message", [
    (lambda: dsp.mix_add([0.0] * 8, GOOD), TypeError, "dst must be a numpy.ndarray"),
    (lambda: dsp.mix_add(GOOD.copy(), "abc"), TypeError, "src must be a numpy.ndarray"),
    (lambda: dsp.mix_add(np.zeros(8, np.int16), GOOD), TypeError, "dst must have dtype"),
    (lambda: dsp.mix_add(np.zeros(8, np.complex128), GOOD), TypeError, "complex128"),
    (lambda: dsp.mix_add(GOOD.copy(), np.zeros(8, np.float32)), TypeError, "same dtype"),
    (lambda: dsp.mix_add(np.zeros((2, 4)), GOOD), ValueError, "dst must be 1-D"),
    (lambda: dsp.mix_add(np.zeros(16)[::2], GOOD), ValueError, "dst must be contiguous"),
    (lambda: dsp.mix_add(GOOD, GOOD.copy()), ValueError, "dst is read-only"),
    (lambda: dsp.mix_add(np.zeros(8, ">f8"), np.zeros(8, ">f8")), TypeError, "byte order"),
    (lambda: dsp.mix_add(GOOD.copy(), GOOD.copy(), float("nan")), ValueError,
     "gain must be finite"),
    (lambda: dsp.mix_add(GOOD.copy(), GOOD.copy(), "1"), TypeError, "gain must be a real"),
    (lambda: dsp.mix_add_ramp(GOOD.copy(), GOOD.copy(), 0.0, float("inf")), ValueError,
     "gain_step"),
    (lambda: dsp.apply_gain(np.zeros(0, np.float16), 1.0), TypeError, "buf must have dtype"),
    (lambda: dsp.stereo_gain(np.zeros(4), np.zeros(5), 1, 1), ValueError, "same length"),
    (lambda: dsp.stereo_gain(np.zeros(4), np.zeros(4, np.float32), 1, 1), TypeError,
     "right and left must have the same dtype"),
    (lambda: dsp.find_peak(np.zeros((3, 3))), ValueError, "x must be 1-D"),
    (lambda: dsp.find_peak_stereo(GOOD, None), TypeError, "right must be a numpy.ndarray"),
    (lambda: dsp.correlation(GOOD, np.zeros(8, np.float32)), TypeError, "same dtype"),
    (lambda: dsp.stereo_meter(np.zeros(4)[::-1], GOOD), ValueError, "left must be contiguous"),
    (lambda: dsp.mean_square_to_lufs("loud"), TypeError, "mean_square must be a real"),
])
def test_kernel_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_overlapping_buffers_are_refused():
    buf = np.zeros(16)
    with pytest.raises(ValueError, match="dst and src must not overlap"):
        dsp.mix_add(buf[:8], buf[4:12])
    with pytest.raises(ValueError, match="left and right must not overlap"):
        dsp.stereo_gain(buf[:8], buf[:8], 1.0, 1.0)
    dsp.mix_add(buf[:8], buf[8:])  # adjacent halves are fine


def test_unaligned_memory_is_refused():
    raw = np.zeros(8 * 9 + 1, np.uint8)
    odd = raw[1:].view(np.float64)
    with pytest.raises(ValueError, match="not aligned"):
        dsp.find_peak(odd)


@pytest.mark.parametrize("call, error, message", [
    (lambda: dsp.Biquad("lowpas", 100.0), ValueError, "unknown filter kind 'lowpas'.*lowpass"),
    (lambda: dsp.Biquad(3, 100.0), TypeError, "kind must be a str"),
    (lambda: dsp.Biquad("lowpass", "100"), TypeError, "freq_hz must be a real"),
    (lambda: dsp.Biquad("lowpass", 100.0, None), TypeError, "q must be a real"),
    (lambda: dsp.Biquad("peaking", 100.0, 1.0, [3]), TypeError, "gain_db must be a real"),
    (lambda: dsp.Biquad("lowpass", 100.0, samplerate="48k"), TypeError, "samplerate"),
    (lambda: dsp.Biquad("lowpass").process(np.zeros(4, np.int32)), TypeError,
     "x must have dtype"),
    (lambda: dsp.Biquad("lowpass").process(np.zeros((1, 4))), ValueError, "x must be 1-D"),
    (lambda: dsp.BiquadBank(0), ValueError, r"channels must be in \[1, 65536\]"),
    (lambda: dsp.BiquadBank(2.0), TypeError, "channels must be an int"),
    (lambda: dsp.BiquadBank(2).set(2, "lowpass"), IndexError, "channel 2 out of range"),
    (lambda: dsp.BiquadBank(2).set(True, "lowpass"), TypeError, "channel must be an int"),
    (lambda: dsp.BiquadBank(2).set(0, "shelf"), ValueError, "unknown filter kind"),
    (lambda: dsp.BiquadBank(2).process(np.zeros(8)), ValueError, "block must be 2-D"),
    (lambda: dsp.BiquadBank(2).process(np.zeros((3, 8))), ValueError,
     "block has 3 rows but the bank has 2 channels"),
    (lambda: dsp.BiquadBank(2).process(np.zeros((8, 2)).T), ValueError,
     "rows .* must each be contiguous"),
    (lambda: dsp.BiquadBank(2).process(np.zeros((2, 8), np.int64)), TypeError,
     "block must have dtype"),
])
def test_filter_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_read_only_block_is_refused():
    block = np.zeros((2, 8))
    block.flags.writeable = False
    with pytest.raises(ValueError, match="block is read-only"):
        dsp.BiquadBank(2).process(block)


@pytest.mark.parametrize("call, error, message", [
    (lambda: dsp.set_simd_level("avx9000"), ValueError, "unknown SIMD level 'avx9000'.*scalar"),
    (lambda: dsp.set_simd_level(2), TypeError, "must be a str"),
    (lambda: dsp.forced_simd_level("nope").__enter__(), ValueError, "available here"),
    (lambda: dsp.restore_denormals("0x1f80"), TypeError, "previous must be the int"),
    (lambda: dsp.restore_denormals(-1), ValueError, "not a control word"),
    (lambda: dsp.pan_gains(float("nan")), ValueError, "pan must be finite"),
    (lambda: dsp.pan_gains(0.0, "right"), TypeError, "pan_right must be a real"),
])
def test_control_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_unavailable_level_lists_the_available_ones():
    missing = [lvl for lvl in ("neon", "avx512", "avx2") if lvl not in dsp.available_simd_levels()]
    if not missing:
        pytest.skip("every level exists on this machine")
    with pytest.raises(ValueError, match="not available on this machine; available: scalar"):
        dsp.set_simd_level(missing[0])
