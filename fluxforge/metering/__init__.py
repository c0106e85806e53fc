"""Loudness to broadcast standard: ITU-R BS.1770-4 and EBU R128.

:func:`loudness` measures a whole signal (integrated loudness, loudness
range, maximum momentary and short-term loudness, true peak, sample peak);
:class:`LoudnessMeter` measures a stream block by block;
:func:`normalise_gain` picks the gain that meets a loudness target. Both run the C
meter of ``pyx/csrc/loudness/ff_loudness.h`` with the GIL released; :func:`loudness`
runs segments of the signal side by side in SIMD lanes
(``pyx/csrc/loudness/ff_loudness_offline.h``), so its loudness figures equal
:class:`LoudnessMeter`'s for the same signal to rounding (~1e-12 LU) and
its peaks are the same values.

``fluxforge.loudness`` and ``from fluxforge import loudness`` are
:func:`loudness`.

Example
-------
>>> import numpy as np
>>> t = np.arange(10 * 48000) / 48000
>>> tone = 10 ** (-23 / 20) * np.sin(2 * np.pi * 1000 * t)
>>> round(loudness(np.stack([tone, tone], axis=1), 48000).integrated_lufs, 1)
-23.0
"""
from fluxforge.metering.analysis import LoudnessResult, loudness
from fluxforge.metering.meter import MAX_CHANNELS, LoudnessMeter
from fluxforge.metering.normalise import NormaliseGain, normalise_gain

__all__ = ["loudness", "LoudnessResult", "LoudnessMeter", "MAX_CHANNELS", "NormaliseGain",
           "normalise_gain"]
