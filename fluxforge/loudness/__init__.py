"""Loudness to broadcast standard: ITU-R BS.1770-4 and EBU R128.

:func:`loudness` measures a whole signal (integrated loudness, loudness
range, maximum momentary and short-term loudness, true peak, sample peak);
:class:`LoudnessMeter` measures a stream block by block. Both run the C
meter of ``pyx/csrc/ff_loudness.h`` with the GIL released.

The package itself is callable: ``fluxforge.loudness(samples, samplerate)``
is :func:`loudness`.

Example
-------
>>> import numpy as np
>>> t = np.arange(10 * 48000) / 48000
>>> tone = 10 ** (-23 / 20) * np.sin(2 * np.pi * 1000 * t)
>>> round(loudness(np.stack([tone, tone], axis=1), 48000).integrated_lufs, 1)
-23.0
"""
import sys
import types

from fluxforge.loudness.analysis import LoudnessResult, loudness
from fluxforge.loudness.meter import MAX_CHANNELS, LoudnessMeter

__all__ = ["loudness", "LoudnessResult", "LoudnessMeter", "MAX_CHANNELS"]


class _CallablePackage(types.ModuleType):
    """This package's type: calling it calls :func:`loudness`."""

    def __call__(self, samples, samplerate, channel_weights=None):
        return loudness(samples, samplerate, channel_weights)


sys.modules[__name__].__class__ = _CallablePackage
