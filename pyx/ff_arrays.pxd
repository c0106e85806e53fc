# ff_arrays.pxd - argument checks shared by the DSP wrappers (inline, no module).
#
# Every public kernel wrapper validates its NumPy arguments here and raises a
# clear TypeError/ValueError naming the argument, before releasing the GIL.
# Only inline functions live here, so cimporting it adds no run-time import.
cimport numpy as cnp
from libc.math cimport isfinite


cdef inline int audio_type(object obj, str name, bint writable) except -1:
    """Check a 1-D audio argument; return its NumPy type (NPY_FLOAT64/32)."""
    cdef cnp.ndarray a = as_float_array(obj, name, writable)
    if cnp.PyArray_NDIM(a) != 1:
        raise ValueError(f"{name} must be 1-D, got {cnp.PyArray_NDIM(a)}-D with shape "
                         f"{obj.shape}")
    if not cnp.PyArray_IS_C_CONTIGUOUS(a):
        raise ValueError(f"{name} must be contiguous, got a strided view "
                         f"(use numpy.ascontiguousarray)")
    return cnp.PyArray_TYPE(a)


cdef inline cnp.ndarray as_float_array(object obj, str name, bint writable):
    """Type checks common to 1-D and 2-D audio: ndarray, float32/64, native, aligned."""
    if not cnp.PyArray_Check(obj):
        raise TypeError(f"{name} must be a numpy.ndarray of float32 or float64, "
                        f"got {type(obj).__name__}")
    cdef cnp.ndarray a = <cnp.ndarray>obj
    cdef int t = cnp.PyArray_TYPE(a)
    if t != cnp.NPY_FLOAT64 and t != cnp.NPY_FLOAT32:
        raise TypeError(f"{name} must have dtype float32 or float64, got {a.dtype}")
    if not cnp.PyArray_ISNOTSWAPPED(a):
        raise TypeError(f"{name} has non-native byte order ({a.dtype.str}); "
                        f"convert it with {name}.astype({a.dtype.name!r})")
    if not cnp.PyArray_ISALIGNED(a):
        raise ValueError(f"{name} is not aligned to its {a.itemsize}-byte items")
    if writable and not cnp.PyArray_ISWRITEABLE(a):
        raise ValueError(f"{name} is read-only and is written in place")
    return a


cdef inline int same_type(object obj, str name, bint writable, int expected,
                          str other) except -1:
    """Check a second 1-D audio argument and that its dtype matches the first's."""
    cdef int t = audio_type(obj, name, writable)
    if t != expected:
        raise TypeError(f"{name} and {other} must have the same dtype, "
                        f"got {obj.dtype} and "
                        f"{'float64' if expected == cnp.NPY_FLOAT64 else 'float32'}")
    return t


cdef inline int no_overlap(object a, str name_a, object b, str name_b) except -1:
    """Refuse two arrays whose memory overlaps (the kernels use restrict pointers)."""
    cdef char *pa = <char *>cnp.PyArray_DATA(<cnp.ndarray>a)
    cdef char *pb = <char *>cnp.PyArray_DATA(<cnp.ndarray>b)
    cdef cnp.npy_intp na = cnp.PyArray_NBYTES(<cnp.ndarray>a)
    cdef cnp.npy_intp nb = cnp.PyArray_NBYTES(<cnp.ndarray>b)
    if na > 0 and nb > 0 and pa < pb + nb and pb < pa + na:
        raise ValueError(f"{name_a} and {name_b} must not overlap in memory")
    return 0


cdef inline double any_real(object value, str name) except? -1.0:
    """A real number that may be non-finite (sanitised later, e.g. filter parameters)."""
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}") from None


cdef inline double finite_real(object value, str name) except? -1.0:
    """A finite real number (gain, volume...), with a clear error otherwise."""
    cdef double v = any_real(value, name)
    if not isfinite(v):
        raise ValueError(f"{name} must be finite, got {v}")
    return v
