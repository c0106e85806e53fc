"""Compiled biquad filters of :mod:`fluxforge.dsp`: Biquad and BiquadBank.

Coefficients come from the RBJ cookbook (``ff_biquad_design``), with inputs
sanitised rather than rejected (clamped to their ranges); processing is in place with
the GIL released, through the kernel table chosen in ``fluxforge._dsp``.
"""
cimport numpy as cnp
from cpython.mem cimport PyMem_Calloc, PyMem_Free
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.string cimport memset

import numpy as np

from fluxforge import _dsp
from ff_arrays cimport audio_type, as_float_array, any_real
from _dsp cimport ff_kernels, ff_load_kernels, ff_biquad_design, ff_biquad_sanitise

cnp.import_array()

cdef const ff_kernels **SLOT = <const ff_kernels **>PyCapsule_GetPointer(
    _dsp._kernel_slot(), "fluxforge._dsp.kernel_slot")

#: Filter kinds, in the order of ff_biquad_kind.
KINDS = ("lowpass", "highpass", "bandpass", "notch", "allpass", "peaking",
         "lowshelf", "highshelf", "bypass")


cdef int kind_index(object kind) except -1:
    if not isinstance(kind, str):
        raise TypeError(f"kind must be a str, got {type(kind).__name__}")
    try:
        return KINDS.index(kind)
    except ValueError:
        raise ValueError(f"unknown filter kind {kind!r}; expected one of "
                         f"{', '.join(KINDS)}") from None


cdef tuple design(object kind, object freq_hz, object q, object gain_db, object samplerate,
                  double coef[5]):
    """Check types, design, and return the sanitised (freq_hz, q, gain_db, samplerate)
    the coefficients were made from (sanitising is the C side's job)."""
    cdef int k = kind_index(kind)
    cdef double f = any_real(freq_hz, "freq_hz"), qq = any_real(q, "q")
    cdef double g = any_real(gain_db, "gain_db"), sr = any_real(samplerate, "samplerate")
    ff_biquad_sanitise(&f, &qq, &g, &sr)
    ff_biquad_design(k, f, qq, g, sr, coef)
    return f, qq, g, sr


cdef class Biquad:
    """One biquad filter channel, processed in place; state persists across calls.

    Parameters
    ----------
    kind : str
        "lowpass", "highpass", "bandpass" (0 dB peak), "notch", "allpass",
        "peaking", "lowshelf", "highshelf" or "bypass".
    freq_hz : float
        Cutoff/centre frequency; clamped to [1, samplerate/2 - 1], a
        non-finite value becomes 1000.
    q : float
        Clamped to [0.01, 100]; non-finite becomes 0.707.
    gain_db : float
        Peaking and shelf gain, clamped to [-60, 24]; non-finite becomes 0.
    samplerate : float
        Hz; a non-finite value or one below 4 Hz becomes 48000.

    Attributes
    ----------
    kind, freq_hz, q, gain_db, samplerate
        The settings in use, i.e. after sanitising.

    Notes
    -----
    Direct form I, one multiply-add on the critical path. Filter state below
    1e-15 is flushed to zero after every call, so it never turns denormal.
    float32 and float64 input share the (double) state. One Biquad must not
    be processed from two threads at once.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> lp = dsp.Biquad("lowpass", 1000.0, 0.707, samplerate=48000.0)
    >>> x = np.ones(4800)
    >>> lp.process(x)
    >>> round(float(x[-1]), 6)  # unity gain at DC
    1.0
    """
    cdef double coef64[5]
    cdef float coef32[5]
    cdef double state[4]
    cdef readonly str kind
    cdef readonly double freq_hz, q, gain_db, samplerate

    def __init__(self, kind, freq_hz=1000.0, q=0.707, gain_db=0.0, samplerate=48000.0):
        self.samplerate = 48000.0
        self.set(kind, freq_hz, q, gain_db, samplerate)
        self.reset()

    def set(self, kind, freq_hz=1000.0, q=0.707, gain_db=0.0, samplerate=None):
        """Redesign the filter, keeping its state (``samplerate=None`` keeps the rate).

        Examples
        --------
        >>> from fluxforge import dsp
        >>> eq = dsp.Biquad("peaking", 1000.0, 1.0, 6.0)
        >>> eq.set("peaking", 2000.0, 1.0, -3.0)
        >>> eq.freq_hz
        2000.0
        """
        rate = self.samplerate if samplerate is None else samplerate
        self.freq_hz, self.q, self.gain_db, self.samplerate = design(
            kind, freq_hz, q, gain_db, rate, self.coef64)
        for j in range(5):
            self.coef32[j] = <float>self.coef64[j]
        self.kind = kind

    @property
    def coefficients(self):
        """The normalised coefficients ``(b0, b1, b2, a1, a2)`` (a0 = 1)."""
        return tuple(self.coef64[j] for j in range(5))

    def reset(self):
        """Clear the filter state (as if silence had always come before)."""
        memset(self.state, 0, sizeof(self.state))

    def process(self, x):
        """Filter ``x`` (1-D contiguous float32/float64) in place.

        NaN or Inf input propagates into the output and the state (until
        :meth:`reset`), as IEEE arithmetic does.
        """
        cdef int t = audio_type(x, "x", True)
        cdef size_t n = <size_t>cnp.PyArray_DIM(<cnp.ndarray>x, 0)
        cdef void *p = cnp.PyArray_DATA(<cnp.ndarray>x)
        cdef const ff_kernels *k = ff_load_kernels(SLOT)
        cdef float state32[4]
        cdef int j
        with nogil:
            if t == cnp.NPY_FLOAT64:
                k.biquad_f64(<double *>p, n, self.coef64, self.state)
            else:
                for j in range(4):
                    state32[j] = <float>self.state[j]
                k.biquad_f32(<float *>p, n, self.coef32, state32)
                for j in range(4):
                    self.state[j] = state32[j]

    def __repr__(self):
        return (f"Biquad({self.kind!r}, freq_hz={self.freq_hz:g}, q={self.q:g}, "
                f"gain_db={self.gain_db:g}, samplerate={self.samplerate:g})")


cdef enum:
    LANE_PAD = 16   # coefficient rows are padded to a multiple of the widest vector


cdef class BiquadBank:
    """Many independent biquads, one per channel, run side by side in SIMD lanes.

    Parameters
    ----------
    channels : int
        Number of channels (>= 1). Every channel starts as "bypass".
    samplerate : float
        Hz, shared by all channels (sanitised like :class:`Biquad`'s; the
        ``samplerate`` attribute holds the value in use).

    Notes
    -----
    :meth:`process` filters a ``(channels, frames)`` block in place: each row
    is one channel and must be contiguous (rows may be spaced further apart,
    e.g. ``block[:, :256]`` of a wider buffer). Channel c gives exactly what a
    :class:`Biquad` with the same settings gives on row c (within rounding).
    Coefficients are stored as rows of b0, b1, b2, a1, a2 across channels
    (structure of arrays) so a vector register holds one coefficient for
    several channels. :meth:`process` runs without the GIL: do not call it,
    :meth:`set` or :meth:`reset` on the same bank from two threads at once.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import dsp
    >>> bank = dsp.BiquadBank(64, samplerate=48000.0)
    >>> for c in range(64):
    ...     bank.set(c, "lowpass", 200.0 + 100.0 * c, 0.707)
    >>> block = np.random.default_rng(0).standard_normal((64, 512))
    >>> bank.process(block)
    """
    cdef double *coef64
    cdef float *coef32
    cdef double *state64
    cdef float *state32
    cdef size_t cstride
    cdef readonly Py_ssize_t channels
    cdef readonly double samplerate

    def __cinit__(self, channels, samplerate=48000.0):
        if not isinstance(channels, int) or isinstance(channels, bool):
            raise TypeError(f"channels must be an int, got {type(channels).__name__}")
        if channels < 1 or channels > 65536:
            raise ValueError(f"channels must be in [1, 65536], got {channels}")
        self.channels = channels
        cdef double f = 1000.0, q = 0.707, g = 0.0
        self.samplerate = any_real(samplerate, "samplerate")
        ff_biquad_sanitise(&f, &q, &g, &self.samplerate)
        self.cstride = (<size_t>channels + LANE_PAD - 1) // LANE_PAD * LANE_PAD
        self.coef64 = <double *>PyMem_Calloc(5 * self.cstride, sizeof(double))
        self.coef32 = <float *>PyMem_Calloc(5 * self.cstride, sizeof(float))
        self.state64 = <double *>PyMem_Calloc(4 * self.cstride, sizeof(double))
        self.state32 = <float *>PyMem_Calloc(4 * self.cstride, sizeof(float))
        if not (self.coef64 and self.coef32 and self.state64 and self.state32):
            raise MemoryError(f"cannot allocate a bank of {channels} biquads")
        for c in range(channels):
            self.set(c, "bypass")

    def __dealloc__(self):
        PyMem_Free(self.coef64)
        PyMem_Free(self.coef32)
        PyMem_Free(self.state64)
        PyMem_Free(self.state32)

    def set(self, channel, kind, freq_hz=1000.0, q=0.707, gain_db=0.0):
        """Design channel ``channel``'s filter (see :class:`Biquad`); its state is kept.

        Examples
        --------
        >>> from fluxforge import dsp
        >>> bank = dsp.BiquadBank(2)
        >>> bank.set(1, "highshelf", 8000.0, 0.707, 3.0)
        """
        if not isinstance(channel, int) or isinstance(channel, bool):
            raise TypeError(f"channel must be an int, got {type(channel).__name__}")
        if not 0 <= channel < self.channels:
            raise IndexError(f"channel {channel} out of range for a bank of "
                             f"{self.channels} channels")
        cdef double coef[5]
        design(kind, freq_hz, q, gain_db, self.samplerate, coef)
        for j in range(5):
            self.coef64[j * self.cstride + channel] = coef[j]
            self.coef32[j * self.cstride + channel] = <float>coef[j]

    @property
    def coefficients(self):
        """A ``(channels, 5)`` float64 copy of every channel's (b0, b1, b2, a1, a2)."""
        out = np.empty((self.channels, 5))
        for c in range(self.channels):
            for j in range(5):
                out[c, j] = self.coef64[j * self.cstride + c]
        return out

    def reset(self):
        """Clear every channel's state."""
        memset(self.state64, 0, 4 * self.cstride * sizeof(double))

    def process(self, block):
        """Filter a ``(channels, frames)`` float32/float64 block in place.

        Raises
        ------
        TypeError
            Not an ndarray, or not float32/float64.
        ValueError
            Not 2-D, wrong number of rows, rows not contiguous, or read-only.
        """
        cdef cnp.ndarray a = as_float_array(block, "block", True)
        if cnp.PyArray_NDIM(a) != 2:
            raise ValueError(f"block must be 2-D (channels, frames), got shape {block.shape}")
        if cnp.PyArray_DIM(a, 0) != self.channels:
            raise ValueError(f"block has {cnp.PyArray_DIM(a, 0)} rows but the bank has "
                             f"{self.channels} channels")
        cdef Py_ssize_t item = cnp.PyArray_ITEMSIZE(a)
        cdef Py_ssize_t frames = cnp.PyArray_DIM(a, 1)
        cdef Py_ssize_t row = cnp.PyArray_STRIDE(a, 0)
        if frames > 1 and cnp.PyArray_STRIDE(a, 1) != item:
            raise ValueError("block's rows (channels) must each be contiguous")
        if self.channels > 1 and (row % item != 0 or row < frames * item):
            raise ValueError("block's rows must follow each other in memory (increasing "
                             "addresses, no overlap, whole samples apart)")
        cdef size_t xstride = <size_t>(row // item) if self.channels > 1 else <size_t>frames
        self.run(cnp.PyArray_TYPE(a), cnp.PyArray_DATA(a), xstride, <size_t>frames)

    cdef void run(self, int t, void *x, size_t xstride, size_t frames) noexcept:
        cdef const ff_kernels *k = ff_load_kernels(SLOT)
        cdef size_t n = <size_t>self.channels, i
        with nogil:
            if t == cnp.NPY_FLOAT64:
                k.biquad_bank_f64(<double *>x, xstride, n, frames, self.coef64,
                                  self.state64, self.cstride)
            else:
                for i in range(4 * self.cstride):
                    self.state32[i] = <float>self.state64[i]
                k.biquad_bank_f32(<float *>x, xstride, n, frames, self.coef32,
                                  self.state32, self.cstride)
                for i in range(4 * self.cstride):
                    self.state64[i] = self.state32[i]

    def __repr__(self):
        return f"BiquadBank(channels={self.channels}, samplerate={self.samplerate:g})"
