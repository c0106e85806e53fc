"""Compiled core of :mod:`fluxforge.dsp`: SIMD dispatch, FTZ/DAZ, kernels.

The public, documented API is :mod:`fluxforge.dsp`, which re-exports these
names. Every kernel entry point validates its arguments (clear TypeError or
ValueError naming the argument), then releases the GIL and calls the active
kernel table.
"""
import os
import warnings

from cpython.pycapsule cimport PyCapsule_New

from _dsp cimport (
    ff_kernels, ff_simd_level, FF_SIMD_COUNT,
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


def set_denormals_zero():
    """Flush denormals to zero on the calling thread (FTZ+DAZ).

    Returns the previous floating-point control word, to hand to
    :func:`restore_denormals`. On x86 this sets MXCSR bits 0x8040; on
    aarch64 FPCR.FZ; elsewhere it does nothing.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> previous = dsp.set_denormals_zero()
    >>> dsp.denormals_are_zero()
    True
    >>> dsp.restore_denormals(previous)
    """
    return ff_set_denormals_zero()


def restore_denormals(previous):
    """Restore the control word returned by :func:`set_denormals_zero`.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> dsp.restore_denormals(dsp.set_denormals_zero())
    """
    if not isinstance(previous, int):
        raise TypeError(f"previous must be the int returned by set_denormals_zero(), "
                        f"got {type(previous).__name__}")
    if previous < 0 or previous >= 2 ** 64:
        raise ValueError(f"previous={previous} is not a control word")
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
