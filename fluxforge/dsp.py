"""DSP kernels: mixing, gains, meters, biquad filters, SIMD dispatch, denormals.

Every function works on 1-D float32 or float64 NumPy arrays (contiguous,
native byte order) and writes in place where it writes; both arrays of a pair
must share a dtype. Bad arguments raise a TypeError or ValueError that names
the argument; NaN and Inf in the audio itself propagate as IEEE arithmetic
says (a NaN sample makes a peak, RMS or correlation NaN) and never crash.
The compiled entry points release the GIL.

The kernels run on the best SIMD level the CPU offers ("scalar", "sse4.2",
"avx2" (with FMA), "avx512" (F+DQ+VL) or "neon"), chosen once at import.
``FLUXFORGE_SIMD=<level>`` in the environment forces a level at import; an
unknown or unavailable value does not break the import: it emits a
RuntimeWarning and keeps the best level. :func:`set_simd_level` and
:func:`forced_simd_level` switch at run time (process-wide), e.g. to test
every level on one machine.

The validation and kernel calls live in the compiled modules
``fluxforge._dsp`` (dispatch, denormals, pan law), ``fluxforge._kernels``
(mix, gains, meters) and ``fluxforge._filters`` (biquads); this module is
the public face and adds the pure-Python helpers.

Examples
--------
>>> import numpy as np
>>> from fluxforge import dsp
>>> bus = np.zeros(512)
>>> dsp.mix_add(bus, np.full(512, 0.5), gain=0.5)
>>> dsp.find_peak(bus), dsp.rms(bus)
(0.25, 0.25)
>>> with dsp.forced_simd_level("scalar"):
...     dsp.simd_level()
'scalar'
"""
from contextlib import contextmanager

from fluxforge._dsp import (
    available_simd_levels,
    best_simd_level,
    denormals_are_zero,
    pan_gains,
    restore_denormals,
    set_denormals_zero,
    set_simd_level,
    simd_level,
)
from fluxforge._filters import KINDS as FILTER_KINDS
from fluxforge._filters import Biquad, BiquadBank
from fluxforge._kernels import (
    apply_gain,
    correlation,
    find_peak,
    find_peak_stereo,
    mean_square,
    mean_square_to_lufs,
    mix_add,
    mix_add_ramp,
    rms,
    rms_dbfs,
    stereo_gain,
    stereo_meter,
)

__all__ = [
    "FILTER_KINDS", "Biquad", "BiquadBank",
    "apply_gain", "available_simd_levels", "best_simd_level", "correlation",
    "denormals_are_zero", "find_peak", "find_peak_stereo", "forced_simd_level",
    "mean_square", "mean_square_to_lufs", "mix_add", "mix_add_ramp", "no_denormals",
    "pan_gains", "restore_denormals", "rms", "rms_dbfs", "set_denormals_zero",
    "set_simd_level", "simd_level", "stereo_gain", "stereo_meter",
]


@contextmanager
def forced_simd_level(name):
    """Run the block with the kernels forced onto one SIMD level, then restore.

    The switch is process-wide (every thread and the engine see it), so use it
    in tests and benchmarks, not around concurrent audio work.

    Raises
    ------
    ValueError
        Unknown or unavailable level (the message lists the available ones).

    Examples
    --------
    >>> from fluxforge import dsp
    >>> with dsp.forced_simd_level("scalar"):
    ...     dsp.simd_level()
    'scalar'
    """
    previous = set_simd_level(name)
    try:
        yield name
    finally:
        set_simd_level(previous)


@contextmanager
def no_denormals():
    """Flush denormals to zero on this thread for the block (like JUCE's ScopedNoDenormals).

    Examples
    --------
    >>> from fluxforge import dsp
    >>> with dsp.no_denormals():
    ...     dsp.denormals_are_zero()
    True
    """
    previous = set_denormals_zero()
    try:
        yield
    finally:
        restore_denormals(previous)
