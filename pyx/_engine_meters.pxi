# Included by _engine.pyx: meters and ducking gains copied into caller arrays.
#
# Nothing here allocates: the UI calls these once per frame with the same arrays.


cdef char *_out_array(object arr, Py_ssize_t n, str name, bint ids) except? NULL:
    """Data pointer of a caller's output array, checked without allocating."""
    cdef cnp.ndarray a
    cdef int t
    if not cnp.PyArray_Check(arr):
        raise TypeError(f"{name} must be a NumPy array, got {type(arr).__name__}")
    a = <cnp.ndarray>arr
    t = cnp.PyArray_TYPE(a)
    if ids:
        if t != cnp.NPY_UINT64 and t != cnp.NPY_INT64:
            raise TypeError(f"{name} must have dtype uint64 or int64, got {a.dtype}")
    elif t != cnp.NPY_FLOAT64:
        raise TypeError(f"{name} must have dtype float64, got {a.dtype}")
    if cnp.PyArray_NDIM(a) != 1:
        raise ValueError(f"{name} must be one-dimensional, got {cnp.PyArray_NDIM(a)} dimensions")
    if not cnp.PyArray_IS_C_CONTIGUOUS(a) or not cnp.PyArray_ISWRITEABLE(a):
        raise ValueError(f"{name} must be contiguous and writeable")
    if cnp.PyArray_DIM(a, 0) < n:
        raise ValueError(f"{name} has room for {cnp.PyArray_DIM(a, 0)} values, need {n}")
    return <char *>cnp.PyArray_DATA(a)


cdef double *_bus_rows(object arr) except? NULL:
    """Data pointer of a caller's (BUS_COUNT, 5) float64 bus meter array, checked."""
    cdef cnp.ndarray a
    if not cnp.PyArray_Check(arr):
        raise TypeError(f"bus_meters must be a NumPy array, got {type(arr).__name__}")
    a = <cnp.ndarray>arr
    if cnp.PyArray_TYPE(a) != cnp.NPY_FLOAT64:
        raise TypeError(f"bus_meters must have dtype float64, got {arr.dtype}")
    if (cnp.PyArray_NDIM(a) != 2 or cnp.PyArray_DIM(a, 0) != FF_BUSES
            or cnp.PyArray_DIM(a, 1) != FF_METER_FIELDS):
        raise ValueError(f"bus_meters must have shape ({FF_BUSES}, {FF_METER_FIELDS}), "
                         f"got {arr.shape}")
    if not cnp.PyArray_IS_C_CONTIGUOUS(a) or not cnp.PyArray_ISWRITEABLE(a):
        raise ValueError("bus_meters must be C-contiguous and writeable")
    return <double *>cnp.PyArray_DATA(a)


cdef class MeterReader:
    """Reads one engine's meters and ducking gains (see the methods of
    :class:`fluxforge.engine.Engine` of the same names)."""
    cdef EngineCore _core

    def __cinit__(self, EngineCore core not None):
        self._core = core

    def read_meters(self, ids, peak_l, peak_r, rms_l, rms_r, corr, bus_meters=None):
        """Every track's meters in track order (and the buses' rows); returns the count."""
        cdef EngineCore core = self._core
        cdef Py_ssize_t n = core._count
        cdef char *dst_ids = _out_array(ids, n, "ids", True)
        cdef double *pl = <double *>_out_array(peak_l, n, "peak_l", False)
        cdef double *pr = <double *>_out_array(peak_r, n, "peak_r", False)
        cdef double *rl = <double *>_out_array(rms_l, n, "rms_l", False)
        cdef double *rr = <double *>_out_array(rms_r, n, "rms_r", False)
        cdef double *co = <double *>_out_array(corr, n, "corr", False)
        cdef double *buses = NULL if bus_meters is None else _bus_rows(bus_meters)
        memcpy(dst_ids, cnp.PyArray_DATA(core._order_ids), n * sizeof(uint64_t))
        ff_engine_read_meters(core._e, <int32_t *>cnp.PyArray_DATA(core._order_slots),
                              n, pl, pr, rl, rr, co, buses)
        return n

    def read_bus_meters(self, peak_l, peak_r, rms_l, rms_r, corr):
        """The six bus meters (bus 0 = the master output); returns 6."""
        cdef double *pl = <double *>_out_array(peak_l, FF_BUSES, "peak_l", False)
        cdef double *pr = <double *>_out_array(peak_r, FF_BUSES, "peak_r", False)
        cdef double *rl = <double *>_out_array(rms_l, FF_BUSES, "rms_l", False)
        cdef double *rr = <double *>_out_array(rms_r, FF_BUSES, "rms_r", False)
        cdef double *co = <double *>_out_array(corr, FF_BUSES, "corr", False)
        ff_engine_read_bus_meters(self._core._e, pl, pr, rl, rr, co)
        return FF_BUSES

    def read_ducking(self, out):
        """Each bus's current ducking gain in dB into ``out``; returns None."""
        cdef double *dst = <double *>_out_array(out, FF_BUSES, "out", False)
        cdef ff_engine *e = self._core._e
        cdef int b
        for b in range(FF_BUSES):
            dst[b] = ff_load_f64(&e.ducking.db[b])
