# Included by _engine.pyx: the parameter store (plain atomic stores into ff_params).
#
# Fields are numbered in the order of the ff_params members (csrc/ff_engine.h):
# for each scope the double fields come first, then the int32 ones. The names
# are exported so tests/test_params.py can tie them to fluxforge.engine.params
# (whose rows give every field its number) and to the C struct.
TRACK_FIELDS = ("track_volume", "track_pan", "track_pan_right", "track_muted", "track_solo",
                "track_bus")
BUS_FIELDS = ("bus_volume", "bus_pan", "bus_pan_right", "bus_muted", "bus_solo")
GLOBAL_FIELDS = ("master_volume", "meter_decay_db_per_s", "soft_clip", "dc_block",
                 "ramp_frames", "play")

cdef enum:
    TRACK_VOLUME = 0        # track fields [0, TRACK_F64) are doubles, the rest int32
    TRACK_PAN = 1
    TRACK_PAN_RIGHT = 2
    TRACK_MUTED = 3
    TRACK_SOLO = 4
    TRACK_F64 = 3
    TRACK_N = 6
    BUS_F64 = 3
    BUS_N = 5
    GLOBAL_F64 = 2
    GLOBAL_N = 6

#: keyword of batch_set_track_params -> the track field it sets
BATCH_FIELDS = {"volumes": TRACK_VOLUME, "pans": TRACK_PAN, "pans_right": TRACK_PAN_RIGHT,
                "muted": TRACK_MUTED, "solo": TRACK_SOLO}


cdef inline double _clamp(double x, double low, double high) noexcept nogil:
    return low if x < low else (high if x > high else x)


cdef object _batch_values(object values, Py_ssize_t n, str name):
    """None, or a contiguous float64 array of n finite values."""
    if values is None:
        return None
    try:
        arr = np.ascontiguousarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers") from None
    if arr.shape != (n,):
        raise ValueError(f"{name} must have one value per track id ({n}), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite (no NaN or inf)")
    return arr


cdef object _batch_flags(object values, Py_ssize_t n, str name):
    """None, or a contiguous int32 array of n 0/1 flags."""
    if values is None:
        return None
    arr = np.asarray(values)
    if arr.dtype != np.bool_ and not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name} must be booleans, got dtype {arr.dtype}")
    if arr.shape != (n,):
        raise ValueError(f"{name} must have one value per track id ({n}), got shape {arr.shape}")
    return np.ascontiguousarray(arr != 0, dtype=np.int32)


cdef list _batch_ids(object track_ids):
    if isinstance(track_ids, np.ndarray):
        if track_ids.ndim != 1 or not np.issubdtype(track_ids.dtype, np.integer):
            raise TypeError("track_ids must be a 1-D array of integers")
        return track_ids.tolist()
    if isinstance(track_ids, (str, bytes)) or not hasattr(track_ids, "__len__"):
        raise TypeError(f"track_ids must be a sequence of ints, got {type(track_ids).__name__}")
    ids = list(track_ids)
    for value in ids:
        if type(value) is not int and (isinstance(value, bool)
                                       or not isinstance(value, numbers.Integral)):
            raise TypeError(f"track ids must be ints, got {type(value).__name__}")
    return ids


cdef class ParamStore:
    """Parameter targets of one engine, by field number; the batch call.

    Parameters
    ----------
    core : EngineCore
    track_limits : sequence of (low, high)
        Per track field, the range the batch call clamps to (from the
        parameter table; only the double fields are clamped).
    """
    cdef EngineCore _core
    cdef double *_track_f64[TRACK_F64]
    cdef int32_t *_track_i32[TRACK_N - TRACK_F64]
    cdef double *_bus_f64[BUS_F64]
    cdef int32_t *_bus_i32[BUS_N - BUS_F64]
    cdef double *_global_f64[GLOBAL_F64]
    cdef int32_t *_global_i32[GLOBAL_N - GLOBAL_F64]
    cdef double _low[TRACK_N]
    cdef double _high[TRACK_N]

    def __cinit__(self, EngineCore core not None, track_limits):
        cdef ff_params *p = &core._e.params
        cdef int f
        if len(track_limits) != TRACK_N:
            raise ValueError(f"track_limits must have {TRACK_N} (low, high) pairs")
        self._core = core
        self._track_f64[0], self._track_f64[1], self._track_f64[2] = (
            p.track_volume, p.track_pan, p.track_pan_right)
        self._track_i32[0], self._track_i32[1], self._track_i32[2] = (
            p.track_muted, p.track_solo, p.track_bus)
        self._bus_f64[0], self._bus_f64[1], self._bus_f64[2] = (
            p.bus_volume, p.bus_pan, p.bus_pan_right)
        self._bus_i32[0], self._bus_i32[1] = p.bus_muted, p.bus_solo
        self._global_f64[0], self._global_f64[1] = &p.master_volume, &p.meter_decay_db_per_s
        self._global_i32[0], self._global_i32[1], self._global_i32[2], self._global_i32[3] = (
            &p.soft_clip, &p.dc_block, &p.ramp_frames, &p.play)
        for f in range(TRACK_N):
            self._low[f], self._high[f] = track_limits[f]

    # ---- one value ----------------------------------------------------------
    def set_track(self, int slot, int field, value):
        """Store ``value`` (already checked) into a track slot's field."""
        if not 0 <= slot < self._core.max_tracks:
            raise IndexError(f"track slot {slot} out of range")
        if 0 <= field < TRACK_F64:
            ff_store_f64(&self._track_f64[field][slot], value)
        elif TRACK_F64 <= field < TRACK_N:
            ff_store_i32(&self._track_i32[field - TRACK_F64][slot], value)
        else:
            raise IndexError(f"track field {field} out of range")

    def track(self, int slot):
        """Every field of a track slot, in field order (flags and bus as ints)."""
        if not 0 <= slot < self._core.max_tracks:
            raise IndexError(f"track slot {slot} out of range")
        return (ff_load_f64(&self._track_f64[0][slot]), ff_load_f64(&self._track_f64[1][slot]),
                ff_load_f64(&self._track_f64[2][slot]), ff_load_i32(&self._track_i32[0][slot]),
                ff_load_i32(&self._track_i32[1][slot]), ff_load_i32(&self._track_i32[2][slot]))

    def set_bus(self, int bus, int field, value):
        """Store ``value`` (already checked) into a bus's field."""
        if not 0 <= bus < FF_BUSES:
            raise IndexError(f"bus {bus} out of range")
        if 0 <= field < BUS_F64:
            ff_store_f64(&self._bus_f64[field][bus], value)
        elif BUS_F64 <= field < BUS_N:
            ff_store_i32(&self._bus_i32[field - BUS_F64][bus], value)
        else:
            raise IndexError(f"bus field {field} out of range")

    def bus(self, int bus):
        """Every field of a bus, in field order (flags as ints)."""
        if not 0 <= bus < FF_BUSES:
            raise IndexError(f"bus {bus} out of range")
        return (ff_load_f64(&self._bus_f64[0][bus]), ff_load_f64(&self._bus_f64[1][bus]),
                ff_load_f64(&self._bus_f64[2][bus]), ff_load_i32(&self._bus_i32[0][bus]),
                ff_load_i32(&self._bus_i32[1][bus]))

    def set_global(self, int field, value):
        """Store ``value`` (already checked) into a master-stage or transport field."""
        if 0 <= field < GLOBAL_F64:
            ff_store_f64(self._global_f64[field], value)
        elif GLOBAL_F64 <= field < GLOBAL_N:
            ff_store_i32(self._global_i32[field - GLOBAL_F64], value)
        else:
            raise IndexError(f"global field {field} out of range")

    def get_global(self, int field):
        """One master-stage or transport field (flags as ints)."""
        if 0 <= field < GLOBAL_F64:
            return ff_load_f64(self._global_f64[field])
        if GLOBAL_F64 <= field < GLOBAL_N:
            return ff_load_i32(self._global_i32[field - GLOBAL_F64])
        raise IndexError(f"global field {field} out of range")

    # ---- the fast path ------------------------------------------------------
    def batch_set_track_params(self, track_ids, volumes=None, pans=None, muted=None, solo=None,
                               pans_right=None):
        """Set many tracks' fields in one call; returns how many ids were applied.

        See :meth:`fluxforge.engine.Engine.batch_set_track_params`: None
        leaves a field unchanged, the double fields are clamped to the
        table's limits, unknown ids are skipped, and everything is validated
        before anything is stored.
        """
        cdef list ids = _batch_ids(track_ids)
        cdef Py_ssize_t i, n = len(ids)
        cdef int slot, applied = 0
        cdef double *volume_of = self._track_f64[TRACK_VOLUME]
        cdef double *pan_of = self._track_f64[TRACK_PAN]
        cdef double *pan_right_of = self._track_f64[TRACK_PAN_RIGHT]
        cdef int32_t *muted_of = self._track_i32[TRACK_MUTED - TRACK_F64]
        cdef int32_t *solo_of = self._track_i32[TRACK_SOLO - TRACK_F64]
        cdef double[::1] vol, pan, pan_r
        cdef int32_t[::1] mut, sol
        vol_arr = _batch_values(volumes, n, "volumes")
        pan_arr = _batch_values(pans, n, "pans")
        pan_r_arr = _batch_values(pans_right, n, "pans_right")
        mut_arr = _batch_flags(muted, n, "muted")
        sol_arr = _batch_flags(solo, n, "solo")
        if vol_arr is not None:
            vol = vol_arr
        if pan_arr is not None:
            pan = pan_arr
        if pan_r_arr is not None:
            pan_r = pan_r_arr
        if mut_arr is not None:
            mut = mut_arr
        if sol_arr is not None:
            sol = sol_arr
        slot_of = self._core._slot_of
        for i in range(n):
            found = slot_of.get(ids[i])
            if found is None:
                continue
            slot = found
            if vol_arr is not None:
                ff_store_f64(&volume_of[slot],
                             _clamp(vol[i], self._low[TRACK_VOLUME], self._high[TRACK_VOLUME]))
            if pan_arr is not None:
                ff_store_f64(&pan_of[slot],
                             _clamp(pan[i], self._low[TRACK_PAN], self._high[TRACK_PAN]))
            if pan_r_arr is not None:
                ff_store_f64(&pan_right_of[slot], _clamp(pan_r[i], self._low[TRACK_PAN_RIGHT],
                                                          self._high[TRACK_PAN_RIGHT]))
            if mut_arr is not None:
                ff_store_i32(&muted_of[slot], mut[i])
            if sol_arr is not None:
                ff_store_i32(&solo_of[slot], sol[i])
            applied += 1
        return applied
