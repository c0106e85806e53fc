"""Compiled core of :mod:`fluxforge.dsp`: SIMD dispatch, FTZ/DAZ, kernels.

The public, documented API is :mod:`fluxforge.dsp`, which re-exports these
names. Every kernel entry point validates its arguments (clear TypeError or
ValueError naming the argument), then releases the GIL and calls the active
kernel table.
"""
import os
import warnings

from cpython.pycapsule cimport PyCapsule_New

cimport numpy as cnp
from libc.math cimport sqrt, log10

from ff_arrays cimport audio_type, same_type, no_overlap, finite_real, any_real
from _dsp cimport (
    ff_kernels, ff_simd_level, ff_stereo_stats, FF_SIMD_COUNT,
    ff_kernels_for, ff_best_level, ff_active_slot, ff_set_active_level, ff_load_kernels,
    ff_set_denormals_zero, ff_restore_denormals, ff_denormals_are_zero,
)

cnp.import_array()

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


# ---------------------------------------------------------------- kernels --
# Each wrapper: validate (clear errors naming the argument), read the active
# table once, release the GIL, call the kernel for the array's dtype.

cdef inline void *data(object a) noexcept:
    return cnp.PyArray_DATA(<cnp.ndarray>a)


cdef inline size_t length(object a) noexcept:
    return <size_t>cnp.PyArray_DIM(<cnp.ndarray>a, 0)


def mix_add(dst, src, gain=1.0):
    """Mix ``gain * src`` into ``dst`` in place, over the shorter length.

    Parameters
    ----------
    dst : numpy.ndarray
        1-D contiguous float32 or float64, written in place.
    src : numpy.ndarray
        1-D contiguous, same dtype as ``dst``, not overlapping it.
    gain : float
        Linear gain (finite).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> bus = np.zeros(4)
    >>> dsp.mix_add(bus, np.ones(4), 0.5)
    >>> bus
    array([0.5, 0.5, 0.5, 0.5])
    """
    cdef int t = audio_type(dst, "dst", True)
    same_type(src, "src", False, t, "dst")
    no_overlap(dst, "dst", src, "src")
    cdef double g = finite_real(gain, "gain")
    cdef size_t n = min(length(dst), length(src))
    cdef void *d = data(dst)
    cdef const void *s = data(src)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        if t == cnp.NPY_FLOAT64:
            k.mix_add_f64(<double *>d, <const double *>s, n, g)
        else:
            k.mix_add_f32(<float *>d, <const float *>s, n, <float>g)


def mix_add_ramp(dst, src, gain_start, gain_step):
    """Mix ``src`` into ``dst`` with a linear gain ramp, over the shorter length.

    ``dst[i] += src[i] * (gain_start + i * gain_step)``: what a click-free
    volume change across one block does (``gain_step = (end - start) / n``).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> bus = np.zeros(4)
    >>> dsp.mix_add_ramp(bus, np.ones(4), 0.0, 0.25)
    >>> bus
    array([0.  , 0.25, 0.5 , 0.75])
    """
    cdef int t = audio_type(dst, "dst", True)
    same_type(src, "src", False, t, "dst")
    no_overlap(dst, "dst", src, "src")
    cdef double g0 = finite_real(gain_start, "gain_start")
    cdef double dg = finite_real(gain_step, "gain_step")
    cdef size_t n = min(length(dst), length(src))
    cdef void *d = data(dst)
    cdef const void *s = data(src)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        if t == cnp.NPY_FLOAT64:
            k.mix_add_ramp_f64(<double *>d, <const double *>s, n, g0, dg)
        else:
            k.mix_add_ramp_f32(<float *>d, <const float *>s, n, <float>g0, <float>dg)


def apply_gain(buf, gain):
    """Multiply ``buf`` by ``gain`` in place.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> x = np.ones(3, dtype=np.float32)
    >>> dsp.apply_gain(x, 0.5)
    >>> x
    array([0.5, 0.5, 0.5], dtype=float32)
    """
    cdef int t = audio_type(buf, "buf", True)
    cdef double g = finite_real(gain, "gain")
    cdef size_t n = length(buf)
    cdef void *b = data(buf)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        if t == cnp.NPY_FLOAT64:
            k.apply_gain_f64(<double *>b, n, g)
        else:
            k.apply_gain_f32(<float *>b, n, <float>g)


def stereo_gain(left, right, gain_l, gain_r):
    """Multiply ``left`` by ``gain_l`` and ``right`` by ``gain_r`` in place.

    The two channels must have the same dtype and length and must not overlap.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> l, r = np.ones(2), np.ones(2)
    >>> dsp.stereo_gain(l, r, 0.5, 2.0)
    >>> l, r
    (array([0.5, 0.5]), array([2., 2.]))
    """
    cdef int t = audio_type(left, "left", True)
    same_type(right, "right", True, t, "left")
    no_overlap(left, "left", right, "right")
    if length(left) != length(right):
        raise ValueError(f"left and right must have the same length, "
                         f"got {length(left)} and {length(right)}")
    cdef double gl = finite_real(gain_l, "gain_l")
    cdef double gr = finite_real(gain_r, "gain_r")
    cdef size_t n = length(left)
    cdef void *l = data(left)
    cdef void *r = data(right)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        if t == cnp.NPY_FLOAT64:
            k.stereo_gain_f64(<double *>l, <double *>r, n, gl, gr)
        else:
            k.stereo_gain_f32(<float *>l, <float *>r, n, <float>gl, <float>gr)


cdef double peak_of(object x, str name) except -1.0:
    cdef int t = audio_type(x, name, False)
    cdef size_t n = length(x)
    cdef const void *p = data(x)
    cdef const ff_kernels *k = active_kernels()
    cdef double peak
    with nogil:
        if t == cnp.NPY_FLOAT64:
            peak = k.find_peak_f64(<const double *>p, n)
        else:
            peak = k.find_peak_f32(<const float *>p, n)
    return peak


cdef double sum_squares_of(object x) except -1.0:
    cdef int t = audio_type(x, "x", False)
    cdef size_t n = length(x)
    cdef const void *p = data(x)
    cdef const ff_kernels *k = active_kernels()
    cdef double sum
    with nogil:
        if t == cnp.NPY_FLOAT64:
            sum = k.sum_squares_f64(<const double *>p, n)
        else:
            sum = k.sum_squares_f32(<const float *>p, n)
    return sum


def find_peak(x):
    """Peak magnitude ``max(|x|)`` (0.0 for an empty array; NaN if any sample is NaN).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.find_peak(np.array([0.25, -0.5, 0.1]))
    0.5
    """
    return peak_of(x, "x")


def find_peak_stereo(left, right):
    """Peaks of both channels, each over its own length: ``(peak_l, peak_r)``.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.find_peak_stereo(np.array([0.5, -1.0]), np.array([0.25]))
    (1.0, 0.25)
    """
    return peak_of(left, "left"), peak_of(right, "right")


def mean_square(x):
    """Mean of the squared samples (0.0 for an empty array).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.mean_square(np.array([1.0, -1.0, 0.0, 0.0]))
    0.5
    """
    cdef double sum = sum_squares_of(x)
    cdef size_t n = length(x)
    return sum / n if n else 0.0


def rms(x):
    """Root mean square ``sqrt(mean(x**2))`` (0.0 for an empty array).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.rms(np.array([0.5, -0.5]))
    0.5
    """
    return sqrt(mean_square(x))


def rms_dbfs(x):
    """RMS level in dBFS: ``20*log10(max(rms, 1e-10))`` (so silence is -200 dBFS).

    A NaN sample gives NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> round(dsp.rms_dbfs(np.full(8, 0.1)), 6)
    -20.0
    """
    cdef double r = rms(x)
    return 20.0 * log10(r if (r > 1e-10 or r != r) else 1e-10)


cdef tuple stats_of(object left, object right):
    """(peak_l, peak_r, sum_ll, sum_rr, sum_lr, n) over the shorter length."""
    cdef int t = audio_type(left, "left", False)
    same_type(right, "right", False, t, "left")
    cdef size_t n = min(length(left), length(right))
    cdef const void *l = data(left)
    cdef const void *r = data(right)
    cdef const ff_kernels *k = active_kernels()
    cdef ff_stereo_stats st
    with nogil:
        if t == cnp.NPY_FLOAT64:
            k.stereo_stats_f64(<const double *>l, <const double *>r, n, &st)
        else:
            k.stereo_stats_f32(<const float *>l, <const float *>r, n, &st)
    return st.peak_l, st.peak_r, st.sum_ll, st.sum_rr, st.sum_lr, n


cdef double correlation_of(double sum_ll, double sum_rr, double sum_lr) noexcept:
    """SPEC: sum(lr)/sqrt(sum(ll)*sum(rr)) clamped to [-1, 1], 0 if the
    denominator <= 1e-10; NaN stays NaN."""
    cdef double den = sqrt(sum_ll) * sqrt(sum_rr)
    if den <= 1e-10:
        return 0.0
    cdef double c = sum_lr / den
    return 1.0 if c > 1.0 else (-1.0 if c < -1.0 else c)


def correlation(left, right):
    """Phase correlation of a stereo pair over the shorter length, in [-1, 1].

    ``sum(l*r) / sqrt(sum(l*l) * sum(r*r))``; 0.0 when the denominator is
    <= 1e-10 (silence) or the input is empty; NaN if a sample is NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> x = np.array([0.5, -0.25, 1.0])
    >>> dsp.correlation(x, x), dsp.correlation(x, -x)
    (1.0, -1.0)
    """
    _, _, ll, rr, lr, _ = stats_of(left, right)
    return correlation_of(ll, rr, lr)


def stereo_meter(left, right):
    """Everything a stereo meter needs, in one fused pass over the shorter length.

    Returns
    -------
    tuple of float
        ``(peak_l, peak_r, rms_l, rms_r, correlation)`` with the same
        definitions as :func:`find_peak`, :func:`rms` and :func:`correlation`.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.stereo_meter(np.array([0.5, -0.5]), np.array([0.5, -0.5]))
    (0.5, 0.5, 0.5, 0.5, 1.0)
    """
    pl, pr, ll, rr, lr, n = stats_of(left, right)
    if n == 0:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    return pl, pr, sqrt(ll / n), sqrt(rr / n), correlation_of(ll, rr, lr)


def mean_square_to_lufs(mean_square):
    """Loudness of a (K-weighted) mean square: ``-0.691 + 10*log10(max(ms, 1e-10))``.

    Examples
    --------
    >>> from fluxforge import dsp
    >>> round(dsp.mean_square_to_lufs(1.0), 3)
    -0.691
    """
    cdef double ms = any_real(mean_square, "mean_square")
    return -0.691 + 10.0 * log10(ms if (ms > 1e-10 or ms != ms) else 1e-10)
