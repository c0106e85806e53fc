"""Compiled core of :mod:`fluxforge.dsp`: SIMD dispatch, FTZ/DAZ, pan law.

This module owns the process-wide active kernel table (see ``_kernel_slot``);
the buffer kernels live in ``fluxforge._kernels`` and the filters in
``fluxforge._filters``, and both read the table through the capsule. The
public, documented API is :mod:`fluxforge.dsp`, which re-exports these names.
"""
import os
import threading
import warnings

from libc.math cimport isfinite

from cpython.pycapsule cimport PyCapsule_New

from _dsp cimport (
    ff_kernels, ff_simd_level, FF_SIMD_COUNT, ff_pan_mono, ff_pan_stereo,
    ff_kernels_for, ff_best_level, ff_active_slot, ff_set_active_level, ff_load_kernels,
    ff_set_denormals_zero, ff_restore_denormals, ff_denormals_are_zero,
)

cdef const char *KERNEL_SLOT_NAME = "fluxforge._dsp.kernel_slot"

# Public level names in dispatch order (index = ff_simd_level).
LEVEL_NAMES = ("scalar", "sse4.2", "avx2", "avx512", "neon")
_LEVEL_ALIASES = {"sse42": "sse4.2", "avx-512": "avx512", "avx512f": "avx512"}


def _kernel_slot():
    """The process-wide active kernel table, for other compiled modules.

    Returns a PyCapsule named ``"fluxforge._dsp.kernel_slot"`` whose pointer
    is a ``const ff_kernels **``: the address of the active-table pointer.
    It stays valid for the life of the process. :func:`set_simd_level`
    updates it with an atomic release store; readers should do
    ``__atomic_load_n(slot, __ATOMIC_ACQUIRE)`` once per block.

    Examples
    --------
    >>> from fluxforge import _dsp
    >>> type(_dsp._kernel_slot()).__name__
    'PyCapsule'
    """
    return PyCapsule_New(<void *>ff_active_slot(), KERNEL_SLOT_NAME, NULL)


cdef inline const ff_kernels *active_kernels() noexcept nogil:
    return ff_load_kernels(ff_active_slot())


def simd_level():
    """Name of the SIMD level the kernels use now.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> dsp.simd_level() in dsp.available_simd_levels()
    True
    """
    return active_kernels().name.decode()


def available_simd_levels():
    """Names of the levels this machine can run, lowest first.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> dsp.available_simd_levels()[0]
    'scalar'
    """
    return [LEVEL_NAMES[i] for i in range(FF_SIMD_COUNT)
            if ff_kernels_for(<ff_simd_level>i) != NULL]


def _level_index(name):
    if not isinstance(name, str):
        raise TypeError(f"SIMD level name must be a str, got {type(name).__name__}")
    key = name.strip().lower()
    key = _LEVEL_ALIASES.get(key, key)
    if key not in LEVEL_NAMES:
        raise ValueError(f"unknown SIMD level {name!r}; known levels: "
                         f"{', '.join(LEVEL_NAMES)}; available here: "
                         f"{', '.join(available_simd_levels())}")
    return LEVEL_NAMES.index(key)


def set_simd_level(name):
    """Force the kernels onto one SIMD level (process-wide); returns the previous name.

    Parameters
    ----------
    name : str
        One of :func:`available_simd_levels` ("scalar", "sse4.2", "avx2",
        "avx512", "neon"; "sse42" is accepted for "sse4.2").

    Raises
    ------
    ValueError
        If the name is unknown or the level is not available on this machine
        (the message lists the available ones).

    Examples
    --------
    >>> from fluxforge import dsp
    >>> previous = dsp.set_simd_level("scalar")
    >>> dsp.simd_level()
    'scalar'
    >>> _ = dsp.set_simd_level(previous)
    """
    index = _level_index(name)
    previous = simd_level()
    if ff_set_active_level(<ff_simd_level>index) != 0:
        raise ValueError(f"SIMD level {LEVEL_NAMES[index]!r} is not available on this "
                         f"machine; available: {', '.join(available_simd_levels())}")
    return previous


def best_simd_level():
    """Name of the best level this machine can run (what import picks by default).

    Examples
    --------
    >>> from fluxforge import dsp
    >>> dsp.best_simd_level() == dsp.available_simd_levels()[-1]
    True
    """
    return LEVEL_NAMES[<int>ff_best_level()]


def _select_level_from_environment():
    """Apply FLUXFORGE_SIMD at import: best level unless a valid one is named.

    An unknown or unavailable name never breaks the import: it warns
    (RuntimeWarning naming the value and the available levels) and keeps the
    best level.
    """
    ff_set_active_level(ff_best_level())
    requested = os.environ.get("FLUXFORGE_SIMD", "").strip()
    if requested.lower() in ("", "auto", "best"):
        return
    try:
        set_simd_level(requested)
    except ValueError as exc:
        warnings.warn(f"ignoring FLUXFORGE_SIMD={requested!r}: {exc}; "
                      f"using {simd_level()!r}", RuntimeWarning, stacklevel=2)


_select_level_from_environment()


_denormal_words = threading.local()


def set_denormals_zero():
    """Flush denormals to zero on the calling thread (FTZ+DAZ).

    Returns the previous floating-point control word, which
    :func:`restore_denormals` puts back (it also remembers it per thread).
    On x86 this sets MXCSR bits 0x8040; on aarch64 FPCR.FZ; elsewhere it
    does nothing.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> previous = dsp.set_denormals_zero()
    >>> dsp.denormals_are_zero()
    True
    >>> dsp.restore_denormals(previous)
    """
    previous = ff_set_denormals_zero()
    _denormal_words.previous = previous
    return previous


def restore_denormals(previous=None):
    """Put back a control word from :func:`set_denormals_zero`.

    Parameters
    ----------
    previous : int, optional
        The word to restore; by default the one saved by this thread's last
        :func:`set_denormals_zero` (nothing happens if there is none).

    Examples
    --------
    >>> from fluxforge import dsp
    >>> _ = dsp.set_denormals_zero()
    >>> dsp.restore_denormals()
    >>> dsp.denormals_are_zero()
    False
    """
    if previous is None:
        previous = getattr(_denormal_words, "previous", None)
        if previous is None:
            return
    if not isinstance(previous, int) or isinstance(previous, bool):
        raise TypeError(f"previous must be the int returned by set_denormals_zero(), "
                        f"got {type(previous).__name__}")
    if previous < 0 or previous >= 2 ** 64:
        raise ValueError(f"previous={previous} is not a control word")
    _denormal_words.previous = None
    ff_restore_denormals(previous)


def denormals_are_zero():
    """True if denormals are flushed to zero on the calling thread.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> isinstance(dsp.denormals_are_zero(), bool)
    True
    """
    return ff_denormals_are_zero() != 0


cdef double pan_value(object value, str name) except? -2.0:
    if isinstance(value, (str, bytes)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    cdef double v
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}") from None
    if not isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    return v


def pan_gains(pan, pan_right=None):
    """Constant-power pan gains (cos/sin of pan angle), the very law the engine uses.

    Parameters
    ----------
    pan : float
        -1 (hard left) .. +1 (hard right); values outside are clamped.
    pan_right : float, optional
        For a stereo source: ``pan`` places its left channel and
        ``pan_right`` its right channel.

    Returns
    -------
    (left, right) : tuple of float
        Mono source: ``theta = (pan + 1) * pi/4``, ``left = cos(theta)``,
        ``right = sin(theta)`` (centre is -3 dB per side).
    ((ll, rl), (lr, rr)) : tuple of tuples
        Stereo source, one row per output:
        ``out_L = ll*L + rl*R`` and ``out_R = lr*L + rr*R``. Each row is
        scaled by 1/sqrt(its sum of squares) when that sum exceeds 1, so the
        defaults (-1, +1) give the identity.

    Raises
    ------
    TypeError, ValueError
        A pan that is not a real number, or not finite.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> [round(g, 4) for g in dsp.pan_gains(0.0)]
    [0.7071, 0.7071]
    >>> dsp.pan_gains(-1.0, 1.0)
    ((1.0, 0.0), (0.0, 1.0))
    """
    cdef double left, right
    cdef double g[4]
    if pan_right is None:
        ff_pan_mono(pan_value(pan, "pan"), &left, &right)
        return left, right
    ff_pan_stereo(pan_value(pan, "pan"), pan_value(pan_right, "pan_right"), g)
    return (g[0], g[1]), (g[2], g[3])
