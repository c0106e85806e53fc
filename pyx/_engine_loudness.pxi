# Included by _engine.pyx: every bus's live loudness (csrc/engine/ff_engine_loudness.h)
# copied into a caller's array. The Python API is fluxforge.engine.loudness; the
# reset and on/off commands travel on the CommandRing (_engine_commands.pxi).
#
# Nothing here allocates: the UI calls read_loudness once per frame with the same array.


cdef double *_loudness_rows(object arr) except? NULL:
    """Data pointer of a caller's (BUS_COUNT, LOUDNESS_FIELDS) float64 array, checked."""
    cdef cnp.ndarray a
    if not cnp.PyArray_Check(arr):
        raise TypeError(f"out must be a NumPy array, got {type(arr).__name__}")
    a = <cnp.ndarray>arr
    if cnp.PyArray_TYPE(a) != cnp.NPY_FLOAT64:
        raise TypeError(f"out must have dtype float64, got {arr.dtype}")
    if (cnp.PyArray_NDIM(a) != 2 or cnp.PyArray_DIM(a, 0) != FF_BUSES
            or cnp.PyArray_DIM(a, 1) != FF_LOUD_FIELDS):
        raise ValueError(f"out must have shape ({FF_BUSES}, {FF_LOUD_FIELDS}), got {arr.shape}")
    if not cnp.PyArray_IS_C_CONTIGUOUS(a) or not cnp.PyArray_ISWRITEABLE(a):
        raise ValueError("out must be C-contiguous and writeable")
    return <double *>cnp.PyArray_DATA(a)


cdef class LoudnessReader:
    """Reads one engine's live loudness (see :meth:`fluxforge.engine.Engine.read_loudness`)."""
    cdef EngineCore _core

    def __cinit__(self, EngineCore core not None):
        self._core = core

    def read_loudness(self, out):
        """Every bus's live loudness figures into ``out``, from one snapshot; returns None."""
        ff_engine_read_loudness(self._core._e, _loudness_rows(out))
