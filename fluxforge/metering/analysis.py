"""Offline loudness of a whole signal: :func:`loudness` and its result."""
from dataclasses import asdict, dataclass

import numpy as np

from fluxforge import _loudness


@dataclass(frozen=True)
class LoudnessResult:
    """The loudness figures of one signal (digital silence: -inf, LRA 0).

    Attributes
    ----------
    integrated_lufs : float
        Gated loudness of the whole signal (absolute -70 LUFS, relative -10 LU gates).
    lra_lu : float
        Loudness range (EBU Tech 3342) of the short-term loudness, in LU.
    max_momentary_lufs, max_short_term_lufs : float
        Largest 400 ms / 3 s loudness, sampled every 100 ms.
    true_peak_dbtp : float
        Largest inter-sample peak (BS.1770-4 Annex 2 oversampling), dB true peak.
    sample_peak_dbfs : float
        Largest absolute sample, dB full scale.
    """

    integrated_lufs: float
    lra_lu: float
    max_momentary_lufs: float
    max_short_term_lufs: float
    true_peak_dbtp: float
    sample_peak_dbfs: float

    def as_dict(self):
        """The figures as a plain dict (names as above)."""
        return asdict(self)


def as_float_samples(samples, name="samples"):
    """``samples`` as a float32/float64 ndarray; integers, complex, objects are refused."""
    a = np.asarray(samples)
    if a.dtype in (np.float32, np.float64):
        return a if a.dtype.isnative else a.astype(a.dtype.newbyteorder("="))
    if a.dtype.kind == "f":
        return a.astype(np.float64)
    raise TypeError(f"{name} must hold floating-point samples (full scale = 1.0), "
                    f"got dtype {a.dtype}")


def loudness(samples, samplerate, channel_weights=None, true_peak=True):
    """Measure the loudness of a whole signal per ITU-R BS.1770-4 / EBU R128.

    Parameters
    ----------
    samples : array_like of float
        Shape (frames,) for mono or (frames, channels), 1..8 channels,
        full scale 1.0. NaN or infinite samples are refused (ValueError).
    samplerate : float
        Sample rate in Hz (any rate of at least 10 Hz; the K-weighting is
        designed for it).
    channel_weights : sequence of float, optional
        One weight per channel; default: BS.1770-4 weights by channel count
        (stereo 1, 1; 5.1 as L R C LFE Ls Rs: 1, 1, 1, 0, 1.41, 1.41).
    true_peak : bool, default True
        False skips the true-peak oversampling filter (``true_peak_dbtp`` is
        then NaN); the other figures are the same.

    The whole signal is measured in one call: segments of it side by side in
    SIMD lanes (the level ``fluxforge.dsp`` uses), each segment's filters
    warmed up on the audio before it. The loudness figures equal a
    :class:`LoudnessMeter` fed the same signal to rounding (~1e-12 LU); the
    peaks are the same values; the same input gives the same bits.

    Returns
    -------
    LoudnessResult
    """
    figures = _loudness.analyze(as_float_samples(samples), samplerate, channel_weights,
                                true_peak)
    return LoudnessResult(**figures)
