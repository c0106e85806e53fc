"""Compiled loudness meter of :mod:`fluxforge.metering` (ITU-R BS.1770-4, EBU R128).

``LoudnessCore`` wraps one C ``ff_loudness`` meter (csrc/loudness/ff_loudness.h);
``analyze`` measures a whole signal in one call (csrc/loudness/ff_loudness_offline.h:
segments of the signal side by side in SIMD lanes, through the kernel level
chosen in ``fluxforge._dsp``). Both check their input with the GIL held
(dtype, shape, channel count) and run the C code with the GIL released;
``LoudnessCore`` refuses non-finite samples before processing, ``analyze``
finds them during its one pass.
"""
cimport numpy as cnp
from cpython.mem cimport PyMem_Malloc, PyMem_Free
from cpython.pycapsule cimport PyCapsule_GetPointer

import threading

import numpy as np

from fluxforge import _dsp
from ff_arrays cimport as_float_array
from _dsp cimport ff_kernels, ff_load_kernels
from _loudness cimport (
    FF_LM_MAX_CHANNELS, ff_loudness, ff_kweight_design, ff_loudness_init, ff_loudness_reset,
    ff_loudness_set_true_peak,
    ff_loudness_process_f32, ff_loudness_process_f64, ff_loudness_momentary_lufs,
    ff_loudness_short_term_lufs, ff_loudness_max_momentary_lufs,
    ff_loudness_max_short_term_lufs, ff_loudness_integrated_lufs, ff_loudness_lra_lu,
    ff_loudness_true_peak_dbtp, ff_loudness_sample_peak_dbfs, ff_first_nonfinite_f32,
    ff_first_nonfinite_f64)

cdef extern from "loudness/ff_loudness_offline.h" nogil:
    const int FF_LO_NONFINITE
    int ff_loudness_analyze_f64(ff_loudness *m, const double *x, size_t frames, int level,
                                size_t *bad)
    int ff_loudness_analyze_f32(ff_loudness *m, const float *x, size_t frames, int level,
                                size_t *bad)
    size_t ff_loudness_analysis_segments(const ff_loudness *m, size_t frames)

cnp.import_array()

cdef const ff_kernels **SLOT = <const ff_kernels **>PyCapsule_GetPointer(
    _dsp._kernel_slot(), "fluxforge._dsp.kernel_slot")

#: Most channels one meter takes.
MAX_CHANNELS = FF_LM_MAX_CHANNELS


def kweight_coefficients(double samplerate_hz):
    """The two K-weighting biquads at ``samplerate_hz``: (shelf, highpass),
    each (b0, b1, b2, a1, a2)."""
    cdef double s[5]
    cdef double h[5]
    ff_kweight_design(samplerate_hz, s, h)
    return tuple(s[i] for i in range(5)), tuple(h[i] for i in range(5))


cdef cnp.ndarray shaped_block(object samples, int channels, str name):
    """``samples`` as a C-contiguous float array of shape (frames, channels)
    (1-D means one channel); the samples are not checked."""
    cdef cnp.ndarray a = as_float_array(samples, name, False)
    cdef int nd = cnp.PyArray_NDIM(a)
    if nd == 1:
        if channels != 1:
            raise ValueError(f"{name} is 1-D (one channel) but the meter has {channels} "
                             f"channels; pass shape (frames, {channels})")
    elif nd == 2:
        if a.shape[1] != channels:
            raise ValueError(f"{name} has {a.shape[1]} channels (shape {samples.shape}), "
                             f"expected {channels}")
    else:
        raise ValueError(f"{name} must be shaped (frames,) or (frames, channels), "
                         f"got shape {samples.shape}")
    if not cnp.PyArray_IS_C_CONTIGUOUS(a):
        a = np.ascontiguousarray(a)
    return a


cdef int refuse_nonfinite(cnp.ndarray a, size_t bad, int channels, str name) except -1:
    value = a.reshape(-1)[bad]
    raise ValueError(f"{name} contains a non-finite sample ({value}) at frame "
                     f"{bad // channels}, channel {bad % channels}; loudness needs "
                     f"finite samples")


cdef cnp.ndarray checked_block(object samples, int channels, str name):
    """shaped_block, refusing non-finite values."""
    cdef cnp.ndarray a = shaped_block(samples, channels, name)
    cdef size_t n = <size_t>cnp.PyArray_SIZE(a), bad
    if cnp.PyArray_TYPE(a) == cnp.NPY_FLOAT32:
        with nogil:
            bad = ff_first_nonfinite_f32(<const float *>cnp.PyArray_DATA(a), n)
    else:
        with nogil:
            bad = ff_first_nonfinite_f64(<const double *>cnp.PyArray_DATA(a), n)
    if bad < n:
        refuse_nonfinite(a, bad, channels, name)
    return a


cdef int feed(ff_loudness *m, cnp.ndarray a) except -1:
    cdef size_t frames = <size_t>cnp.PyArray_DIM(a, 0)
    cdef void *data = cnp.PyArray_DATA(a)
    if cnp.PyArray_TYPE(a) == cnp.NPY_FLOAT32:
        with nogil:
            ff_loudness_process_f32(m, <const float *>data, frames)
    else:
        with nogil:
            ff_loudness_process_f64(m, <const double *>data, frames)
    return 0


cdef int init_meter(ff_loudness *m, object samplerate, object channels,
                    object channel_weights) except -1:
    if isinstance(samplerate, bool) or not isinstance(samplerate, (int, float, np.number)):
        raise TypeError(f"samplerate must be a number, got {type(samplerate).__name__}")
    cdef double sr = float(samplerate)
    if not (sr >= 10.0 and sr < 1e7):
        raise ValueError(f"samplerate must be a finite rate of at least 10 Hz, got {samplerate}")
    if isinstance(channels, bool) or not isinstance(channels, (int, np.integer)):
        raise TypeError(f"channels must be an int, got {type(channels).__name__}")
    if not 1 <= channels <= FF_LM_MAX_CHANNELS:
        raise ValueError(f"channels must be 1..{FF_LM_MAX_CHANNELS}, got {channels}")
    cdef double w[8]
    cdef int c
    if channel_weights is None:
        if channels > 6:
            raise ValueError(f"{channels} channels have no standard weights; pass "
                             f"channel_weights (one per channel, 0 excludes one)")
    else:
        weights = np.asarray(channel_weights, dtype=np.float64).reshape(-1)
        if weights.shape[0] != channels:
            raise ValueError(f"channel_weights has {weights.shape[0]} values, expected "
                             f"{channels} (one per channel)")
        for c in range(channels):
            if not (0.0 <= weights[c] <= 10.0):
                raise ValueError(f"channel_weights[{c}] must be in [0, 10], got {weights[c]}")
            w[c] = weights[c]
    if ff_loudness_init(m, sr, channels, NULL if channel_weights is None else w) != 0:
        raise ValueError(f"cannot make a loudness meter for samplerate={samplerate}, "
                         f"channels={channels}")
    return 0


cdef dict figures(const ff_loudness *m):
    return {
        "integrated_lufs": ff_loudness_integrated_lufs(m),
        "lra_lu": ff_loudness_lra_lu(m),
        "max_momentary_lufs": ff_loudness_max_momentary_lufs(m),
        "max_short_term_lufs": ff_loudness_max_short_term_lufs(m),
        "true_peak_dbtp": ff_loudness_true_peak_dbtp(m),
        "sample_peak_dbfs": ff_loudness_sample_peak_dbfs(m),
    }


def analyze(samples, samplerate, channel_weights=None, true_peak=True):
    """Measure a whole signal; returns a dict of the six figures (see
    :func:`fluxforge.metering.loudness`). ``samples``: float32/float64,
    shaped (frames,) or (frames, channels). ``true_peak=False`` skips the
    true-peak filter (``true_peak_dbtp`` is then NaN)."""
    if not isinstance(samples, np.ndarray):
        raise TypeError(f"samples must be a numpy.ndarray, got {type(samples).__name__}")
    channels = 1 if samples.ndim == 1 else (samples.shape[1] if samples.ndim == 2 else 0)
    if samples.ndim not in (1, 2):
        raise ValueError(f"samples must be shaped (frames,) or (frames, channels), "
                         f"got shape {samples.shape}")
    cdef ff_loudness *m = <ff_loudness *>PyMem_Malloc(sizeof(ff_loudness))
    if m == NULL:
        raise MemoryError("no memory for a loudness meter")
    cdef cnp.ndarray a
    cdef size_t frames, bad = 0
    cdef int rc, level
    cdef void *data
    try:
        init_meter(m, samplerate, channels, channel_weights)
        ff_loudness_set_true_peak(m, 1 if true_peak else 0)
        a = shaped_block(samples, channels, "samples")
        frames = <size_t>cnp.PyArray_DIM(a, 0)
        data = cnp.PyArray_DATA(a)
        level = <int>ff_load_kernels(SLOT).level
        if cnp.PyArray_TYPE(a) == cnp.NPY_FLOAT32:
            with nogil:
                rc = ff_loudness_analyze_f32(m, <const float *>data, frames, level, &bad)
        else:
            with nogil:
                rc = ff_loudness_analyze_f64(m, <const double *>data, frames, level, &bad)
        if rc == FF_LO_NONFINITE:
            refuse_nonfinite(a, bad, channels, "samples")
        if rc != 0:
            raise MemoryError("no memory for the loudness analysis")
        return figures(m)
    finally:
        PyMem_Free(m)


def analysis_segments(samplerate, int channels, size_t frames):
    """How many segments :func:`analyze` cuts ``frames`` frames into at this
    rate and channel count (side by side in SIMD lanes; 1: one segment,
    still in lanes; 0: measured by the streaming meter's own code)."""
    cdef ff_loudness *m = <ff_loudness *>PyMem_Malloc(sizeof(ff_loudness))
    if m == NULL:
        raise MemoryError("no memory for a loudness meter")
    try:
        init_meter(m, samplerate, channels, [1.0] * channels)
        return ff_loudness_analysis_segments(m, frames)
    finally:
        PyMem_Free(m)


cdef class LoudnessCore:
    """One streaming C meter; see :class:`fluxforge.metering.LoudnessMeter`."""
    cdef ff_loudness *m
    cdef object lock

    def __cinit__(self, samplerate, channels=2, channel_weights=None):
        self.m = <ff_loudness *>PyMem_Malloc(sizeof(ff_loudness))
        if self.m == NULL:
            raise MemoryError("no memory for a loudness meter")
        init_meter(self.m, samplerate, channels, channel_weights)
        self.lock = threading.Lock()

    def __dealloc__(self):
        PyMem_Free(self.m)

    @property
    def samplerate(self):
        return self.m.samplerate_hz

    @property
    def channels(self):
        return self.m.channels

    @property
    def channel_weights(self):
        return tuple(self.m.weight[c] for c in range(self.m.channels))

    @property
    def oversampling(self):
        """True-peak oversampling factor at this rate (4, 2 or 1)."""
        return self.m.true_peak.factor

    @property
    def subblock_frames(self):
        """Frames per 100 ms sub-block (figures update once per sub-block)."""
        return self.m.subblock_frames

    @property
    def duration_s(self):
        """Audio measured so far, in whole sub-blocks, in seconds."""
        return self.m.subblocks * self.m.subblock_frames / self.m.samplerate_hz

    def process(self, block):
        """Add a block of frames (float32/float64, (frames,) or (frames, channels))."""
        cdef cnp.ndarray a = checked_block(block, self.m.channels, "block")
        with self.lock:
            feed(self.m, a)

    def reset(self):
        """Start a new measurement (same rate and channels)."""
        with self.lock:
            ff_loudness_reset(self.m)

    def figures(self):
        """The six figures of the measurement so far, as a dict."""
        with self.lock:
            return figures(self.m)

    @property
    def momentary_lufs(self):
        with self.lock:
            return ff_loudness_momentary_lufs(self.m)

    @property
    def short_term_lufs(self):
        with self.lock:
            return ff_loudness_short_term_lufs(self.m)

    @property
    def integrated_lufs(self):
        with self.lock:
            return ff_loudness_integrated_lufs(self.m)

    @property
    def lra_lu(self):
        with self.lock:
            return ff_loudness_lra_lu(self.m)

    @property
    def max_momentary_lufs(self):
        with self.lock:
            return ff_loudness_max_momentary_lufs(self.m)

    @property
    def max_short_term_lufs(self):
        with self.lock:
            return ff_loudness_max_short_term_lufs(self.m)

    @property
    def true_peak_dbtp(self):
        with self.lock:
            return ff_loudness_true_peak_dbtp(self.m)

    @property
    def sample_peak_dbfs(self):
        with self.lock:
            return ff_loudness_sample_peak_dbfs(self.m)
