"""Compiled buffer kernels of :mod:`fluxforge.dsp`: mixing, gains and meters.

Every wrapper validates its arguments (a clear TypeError or ValueError naming
the argument), reads the process-wide kernel table once through the
``fluxforge._dsp._kernel_slot()`` capsule, releases the GIL and calls the
kernel for the array's dtype.
"""
import numpy as np
cimport numpy as cnp
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.math cimport sqrt, log10

from fluxforge import _dsp
from ff_arrays cimport audio_type, same_type, no_overlap, finite_real, any_real
from _dsp cimport ff_kernels, ff_stereo_stats, ff_load_kernels

cnp.import_array()

cdef const ff_kernels **SLOT = <const ff_kernels **>PyCapsule_GetPointer(
    _dsp._kernel_slot(), "fluxforge._dsp.kernel_slot")


cdef inline const ff_kernels *active_kernels() noexcept nogil:
    return ff_load_kernels(SLOT)


cdef inline void *data(object a) noexcept:
    return cnp.PyArray_DATA(<cnp.ndarray>a)


cdef inline size_t length(object a) noexcept:
    return <size_t>cnp.PyArray_DIM(<cnp.ndarray>a, 0)


cdef int into_type(object dst, str dst_name, object src, str src_name) except -1:
    """dtype of ``dst`` (written in place), checking ``src`` has it and does not overlap."""
    cdef int t = audio_type(dst, dst_name, True)
    same_type(src, src_name, False, t, dst_name)
    no_overlap(dst, dst_name, src, src_name)
    return t


# ------------------------------------------------------- dtype dispatch --
# One kernel call for dtype `t` (checked by the caller), GIL released: the
# wrappers below call these once, the benchmark helper in a loop.

cdef enum Reduction:
    PEAK
    SUM_SQUARES


cdef inline void run_mix_add(const ff_kernels *k, int t, void *d, const void *s, size_t n,
                             double g) noexcept nogil:
    if t == cnp.NPY_FLOAT64:
        k.mix_add_f64(<double *>d, <const double *>s, n, g)
    else:
        k.mix_add_f32(<float *>d, <const float *>s, n, <float>g)


cdef inline void run_apply_gain(const ff_kernels *k, int t, void *b, size_t n,
                                double g) noexcept nogil:
    if t == cnp.NPY_FLOAT64:
        k.apply_gain_f64(<double *>b, n, g)
    else:
        k.apply_gain_f32(<float *>b, n, <float>g)


cdef inline double run_reduction(const ff_kernels *k, int t, const void *p, size_t n,
                                 Reduction which) noexcept nogil:
    if t == cnp.NPY_FLOAT64:
        if which == PEAK:
            return k.find_peak_f64(<const double *>p, n)
        return k.sum_squares_f64(<const double *>p, n)
    if which == PEAK:
        return k.find_peak_f32(<const float *>p, n)
    return k.sum_squares_f32(<const float *>p, n)


cdef inline void run_stereo_stats(const ff_kernels *k, int t, const void *l, const void *r,
                                  size_t n, ff_stereo_stats *st) noexcept nogil:
    if t == cnp.NPY_FLOAT64:
        k.stereo_stats_f64(<const double *>l, <const double *>r, n, st)
    else:
        k.stereo_stats_f32(<const float *>l, <const float *>r, n, st)


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
    cdef int t = into_type(dst, "dst", src, "src")
    cdef double g = finite_real(gain, "gain")
    cdef size_t n = min(length(dst), length(src))
    cdef void *d = data(dst)
    cdef const void *s = data(src)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        run_mix_add(k, t, d, s, n, g)


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
    cdef int t = into_type(dst, "dst", src, "src")
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
        run_apply_gain(k, t, b, n, g)


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


cdef double reduction_of(object x, str name, Reduction which) except -1.0:
    """Peak or sum of squares of one checked 1-D array, GIL released."""
    cdef int t = audio_type(x, name, False)
    cdef size_t n = length(x)
    cdef const void *p = data(x)
    cdef const ff_kernels *k = active_kernels()
    cdef double result
    with nogil:
        result = run_reduction(k, t, p, n, which)
    return result


def find_peak(x):
    """Peak magnitude ``max(|x|)`` (0.0 for an empty array; NaN if any sample is NaN).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.find_peak(np.array([0.25, -0.5, 0.1]))
    0.5
    """
    return reduction_of(x, "x", PEAK)


def find_peak_stereo(left, right):
    """Peaks of both channels, each over its own length: ``(peak_l, peak_r)``.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.find_peak_stereo(np.array([0.5, -1.0]), np.array([0.25]))
    (1.0, 0.25)
    """
    return reduction_of(left, "left", PEAK), reduction_of(right, "right", PEAK)


def mean_square(x):
    """Mean of the squared samples (0.0 for an empty array).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> dsp.mean_square(np.array([1.0, -1.0, 0.0, 0.0]))
    0.5
    """
    cdef double sum = reduction_of(x, "x", SUM_SQUARES)
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
        run_stereo_stats(k, t, l, r, n, &st)
    return st.peak_l, st.peak_r, st.sum_ll, st.sum_rr, st.sum_lr, n


cdef double correlation_of(double sum_ll, double sum_rr, double sum_lr) noexcept:
    """Correlation: sum(lr)/sqrt(sum(ll)*sum(rr)) clamped to [-1, 1], 0 if the
    denominator <= 1e-10; NaN stays NaN."""
    cdef double den = sqrt(sum_ll * sum_rr)
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


include "_kernels_bench.pxi"
