# Included by _kernels.pyx: the benchmarks' helpers (a kernel repeated in one
# nogil call; a plain read of clip frames, the memory floor of a render).
# ------------------------------------------------------- benchmark helper --
# Kernels at 512 samples take tens of nanoseconds, less than one Python call;
# benchmarks/ time them `repeats` times in a C loop to see the kernel itself.

_REPEATABLE = ("mix_add", "apply_gain", "find_peak", "sum_squares", "stereo_stats")


cdef void repeat_kernel(const ff_kernels *k, int which, int t, void *a, void *b, size_t n,
                        Py_ssize_t repeats) noexcept nogil:
    cdef ff_stereo_stats st
    cdef Py_ssize_t r
    for r in range(repeats):
        if which == 0:
            run_mix_add(k, t, a, b, n, 0.5)
        elif which == 1:
            run_apply_gain(k, t, a, n, 1.0)
        elif which == 2:
            run_reduction(k, t, a, n, PEAK)
        elif which == 3:
            run_reduction(k, t, a, n, SUM_SQUARES)
        else:
            run_stereo_stats(k, t, a, b, n, &st)


def _repeat_kernel(kernel, a, b, Py_ssize_t repeats):
    """Run one kernel of the active level ``repeats`` times on (a, b), in C.

    For benchmarks only: ``kernel`` is one of "mix_add" (a += 0.5*b),
    "apply_gain" (a *= 1.0), "find_peak" (of a), "sum_squares" (of a) or
    "stereo_stats" (of a and b); the length is the shorter of the two.

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import _kernels
    >>> a, b = np.zeros(512), np.ones(512)
    >>> _kernels._repeat_kernel("mix_add", a, b, 4)
    >>> float(a[0])
    2.0
    """
    if kernel not in _REPEATABLE:
        raise ValueError(f"unknown kernel {kernel!r}; expected one of {', '.join(_REPEATABLE)}")
    cdef int which = _REPEATABLE.index(kernel)
    cdef int t = into_type(a, "a", b, "b")
    if repeats < 0:
        raise ValueError(f"repeats must be >= 0, got {repeats}")
    cdef size_t n = min(length(a), length(b))
    cdef void *pa = data(a)
    cdef void *pb = data(b)
    cdef const ff_kernels *k = active_kernels()
    with nogil:
        repeat_kernel(k, which, t, pa, pb, n, repeats)


cdef extern from "kernels/ff_read_floor.h" nogil:
    double ff_read_floor(const float *base, size_t count, size_t clip_floats, size_t offset,
                         size_t floats)


def _read_floor(clips, Py_ssize_t start, Py_ssize_t frames):
    """Read frames [start, start + frames) of every clip, in C; return their sum.

    For benchmarks only: the memory floor of a render that streams those
    frames (plain 16-byte loads, nothing else). ``clips`` is a C-contiguous
    float32 array of shape (clips, clip_frames, channels).

    Examples
    --------
    >>> import numpy as np
    >>> from fluxforge import _kernels
    >>> clips = np.ones((3, 100, 2), np.float32)
    >>> _kernels._read_floor(clips, 10, 20)
    120.0
    """
    if not isinstance(clips, cnp.ndarray) or clips.dtype != np.float32 or clips.ndim != 3 \
            or not clips.flags.c_contiguous:
        raise TypeError("clips must be a C-contiguous float32 array of shape "
                        "(clips, clip_frames, channels)")
    cdef Py_ssize_t count = clips.shape[0], clip_frames = clips.shape[1]
    cdef Py_ssize_t channels = clips.shape[2]
    if start < 0 or frames < 0 or start + frames > clip_frames:
        raise ValueError(f"frames [{start}, {start + frames}) are not inside clips of "
                         f"{clip_frames} frames")
    cdef const float *base = <const float *>cnp.PyArray_DATA(clips)
    cdef double total
    with nogil:
        total = ff_read_floor(base, <size_t>count, <size_t>(clip_frames * channels),
                              <size_t>(start * channels), <size_t>(frames * channels))
    return total
