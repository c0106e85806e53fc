# _engine_loudness.pxi - live loudness of the engine's buses (csrc/ff_engine_loudness.h),
# included by _engine.pyx. The Python API is fluxforge.engine.loudness.

cdef extern from "ff_engine_loudness.h" nogil:
    const int FF_LOUD_FIELDS
    enum:
        FF_CMD_LOUDNESS_RESET
        FF_CMD_LOUDNESS_ENABLE
    int ff_engine_read_loudness(ff_engine *e, double *rows)


#: Columns of a live loudness row (one row per bus, BUS_NAMES order).
LOUDNESS_FIELDS = FF_LOUD_FIELDS


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


def _read_loudness(EngineCore core, out):
    """Copy every bus's live loudness figures into ``out`` from one snapshot."""
    cdef double *rows = _loudness_rows(out)
    ff_engine_read_loudness(core._e, rows)


def _cmd_loudness_reset(EngineCore core):
    """Queue a new live loudness measurement; False when the command ring is full."""
    cdef ff_command c = _blank(FF_CMD_LOUDNESS_RESET)
    return core._push(&c)


def _cmd_loudness_enable(EngineCore core, bint on):
    """Queue switching live loudness metering on or off; False when the ring is full."""
    cdef ff_command c = _blank(FF_CMD_LOUDNESS_ENABLE)
    c.i[0] = on
    return core._push(&c)
