"""fluxforge._engine - the extension type behind :class:`fluxforge.engine.Engine`.

``EngineCore`` owns the C engine (csrc/ff_engine*.c): it writes parameter
targets (atomic stores the render reads once per block), pushes structural
commands into the lock-free command ring, drains the render's event ring,
and copies meters out of the seqlocked snapshot. Validation of user input
happens in the Python facade; the few public methods here that take user
input directly (``batch_set_track_params``, ``read_meters``,
``read_bus_meters``) validate it themselves because they are the fast paths.
"""
from cpython.pycapsule cimport PyCapsule_GetPointer
from libc.math cimport isfinite
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t, uintptr_t
from libc.string cimport memcpy, memset
cimport numpy as cnp

import numbers
import numpy as np

from _dsp cimport ff_kernels, ff_biquad_design
from _engine cimport *

cnp.import_array()

BUS_COUNT = FF_BUSES
METER_FIELDS = FF_METER_FIELDS
VOICE_SLOTS = FF_VOICES
EQ_BANDS = FF_EQ_BANDS
DUCK_RULES = FF_DUCK_RULES
EVENT_CLIP_TOUCHED = FF_EVT_CLIP_TOUCHED
EVENT_TRACK_RELEASED = FF_EVT_TRACK_RELEASED
EVENT_VOICE_ENDED = FF_EVT_VOICE_ENDED

_STATS = ("calls", "blocks", "frames", "commands", "commands_ignored", "events_dropped",
          "voices_started", "voices_refused", "voices_stolen", "render_ns_total",
          "render_ns_max")


cdef int _as_int(object value, str name, long low, long high) except -1:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value}")
    return value


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


cdef inline ff_command _blank(uint32_t kind) noexcept:
    cdef ff_command c
    memset(&c, 0, sizeof(c))
    c.type = kind
    return c


cdef inline double _clamp(double x, double low, double high) noexcept nogil:
    return low if x < low else (high if x > high else x)


cdef class EngineCore:
    """The C engine's state and its thread-safe handles (see module docstring).

    Parameters
    ----------
    samplerate : int
        Hz, 8000..384000.
    blocksize : int
        Frames per render block, 16..8192.
    max_tracks : int
        Track slots allocated up front, 1..4096.
    """
    cdef ff_engine *_e
    cdef object _dsp_capsule
    cdef cnp.ndarray _order_slots
    cdef cnp.ndarray _order_ids
    cdef Py_ssize_t _count
    cdef dict _slot_of
    cdef readonly int samplerate
    cdef readonly int blocksize
    cdef readonly int max_tracks
    cdef object __weakref__

    def __cinit__(self, samplerate=48000, blocksize=512, max_tracks=512, *args, **kwargs):
        cdef const ff_kernels *const *slot
        self.samplerate = _as_int(samplerate, "samplerate", 8000, 384000)
        self.blocksize = _as_int(blocksize, "blocksize", 16, 8192)
        self.max_tracks = _as_int(max_tracks, "max_tracks", 1, 4096)
        from fluxforge._dsp import _kernel_slot
        self._dsp_capsule = _kernel_slot()
        slot = <const ff_kernels *const *>PyCapsule_GetPointer(
            self._dsp_capsule, "fluxforge._dsp.kernel_slot")
        self._e = ff_engine_create(self.samplerate, self.blocksize, self.max_tracks, slot)
        if self._e == NULL:
            raise MemoryError(f"cannot allocate an engine for {self.max_tracks} tracks")
        self._order_slots = np.zeros(self.max_tracks, dtype=np.int32)
        self._order_ids = np.zeros(self.max_tracks, dtype=np.uint64)
        self._count = 0
        self._slot_of = {}

    def __dealloc__(self):
        ff_engine_destroy(self._e)
        self._e = NULL

    # ---- track order and id -> slot --------------------------------------
    def _set_track_order(self, ids, slots):
        """Tracks in order: their ids and slots (called after add/remove)."""
        cdef Py_ssize_t i, n = len(ids)
        for i in range(n):
            self._order_ids[i] = ids[i]
            self._order_slots[i] = slots[i]
        self._count = n
        self._slot_of = dict(zip(ids, slots))

    # ---- parameter targets (plain atomic stores) --------------------------
    def _set_track_param(self, int slot, str name, value):
        cdef ff_params *p = &self._e.params
        if not 0 <= slot < self.max_tracks:
            raise IndexError(f"track slot {slot} out of range")
        if name == "volume":
            ff_store_f64(&p.track_volume[slot], value)
        elif name == "pan":
            ff_store_f64(&p.track_pan[slot], value)
        elif name == "pan_right":
            ff_store_f64(&p.track_pan_right[slot], value)
        elif name == "muted":
            ff_store_i32(&p.track_muted[slot], value)
        elif name == "solo":
            ff_store_i32(&p.track_solo[slot], value)
        elif name == "bus":
            ff_store_i32(&p.track_bus[slot], value)
        else:
            raise KeyError(name)

    def _track_params(self, int slot):
        """(volume, pan, pan_right, muted, solo, bus) of a slot."""
        cdef ff_params *p = &self._e.params
        if not 0 <= slot < self.max_tracks:
            raise IndexError(f"track slot {slot} out of range")
        return (ff_load_f64(&p.track_volume[slot]), ff_load_f64(&p.track_pan[slot]),
                ff_load_f64(&p.track_pan_right[slot]), bool(ff_load_i32(&p.track_muted[slot])),
                bool(ff_load_i32(&p.track_solo[slot])), ff_load_i32(&p.track_bus[slot]))

    def _set_bus_param(self, int bus, str name, value):
        cdef ff_params *p = &self._e.params
        if not 0 <= bus < FF_BUSES:
            raise IndexError(f"bus {bus} out of range")
        if name == "volume":
            ff_store_f64(&p.bus_volume[bus], value)
        elif name == "pan":
            ff_store_f64(&p.bus_pan[bus], value)
        elif name == "pan_right":
            ff_store_f64(&p.bus_pan_right[bus], value)
        elif name == "muted":
            ff_store_i32(&p.bus_muted[bus], value)
        elif name == "solo":
            ff_store_i32(&p.bus_solo[bus], value)
        else:
            raise KeyError(name)

    def _bus_params(self, int bus):
        """(volume, pan, pan_right, muted, solo) of a bus."""
        cdef ff_params *p = &self._e.params
        if not 0 <= bus < FF_BUSES:
            raise IndexError(f"bus {bus} out of range")
        return (ff_load_f64(&p.bus_volume[bus]), ff_load_f64(&p.bus_pan[bus]),
                ff_load_f64(&p.bus_pan_right[bus]), bool(ff_load_i32(&p.bus_muted[bus])),
                bool(ff_load_i32(&p.bus_solo[bus])))

    def _set_global(self, str name, value):
        cdef ff_params *p = &self._e.params
        if name == "master_volume":
            ff_store_f64(&p.master_volume, value)
        elif name == "meter_decay_db_per_s":
            ff_store_f64(&p.meter_decay_db_per_s, value)
        elif name == "soft_clip":
            ff_store_i32(&p.soft_clip, value)
        elif name == "dc_block":
            ff_store_i32(&p.dc_block, value)
        elif name == "ramp_frames":
            ff_store_i32(&p.ramp_frames, value)
        elif name == "play":
            ff_store_i32(&p.play, value)
        else:
            raise KeyError(name)

    def _globals(self):
        cdef ff_params *p = &self._e.params
        return {"master_volume": ff_load_f64(&p.master_volume),
                "meter_decay_db_per_s": ff_load_f64(&p.meter_decay_db_per_s),
                "soft_clip": bool(ff_load_i32(&p.soft_clip)),
                "dc_block": bool(ff_load_i32(&p.dc_block)),
                "ramp_frames": ff_load_i32(&p.ramp_frames),
                "play": bool(ff_load_i32(&p.play))}

    def _seek(self, int64_t frame):
        ff_store_i64(&self._e.params.seek, frame)

    def _position(self):
        cdef int64_t pending = ff_load_i64(&self._e.params.seek)
        if pending >= 0:
            return pending
        return ff_load_u64(&self._e.position)

    # ---- the fast paths ---------------------------------------------------
    def batch_set_track_params(self, track_ids, volumes=None, pans=None, muted=None, solo=None,
                               pans_right=None):
        """Set many tracks' parameters in one call; returns how many ids were applied.

        None leaves a parameter unchanged; volumes are clamped to [0, 2], pans
        and pans_right to [-1, 1] (``pans`` sets ``pan``, the left channel's
        pan of a stereo track; ``pans_right`` sets ``pan_right``, its right
        channel's, as :meth:`set_track_pan_right` does); unknown ids are skipped. Everything is validated before
        anything is applied, so bad input changes nothing. The render
        recomputes solo once per block.

        Examples
        --------
        >>> engine.batch_set_track_params([a, b], volumes=[0.5, 1.0], muted=[False, True])
        2
        >>> engine.batch_set_track_params([a], pans=[-0.5], pans_right=[0.5])
        1
        """
        cdef list ids = _batch_ids(track_ids)
        cdef Py_ssize_t i, n = len(ids)
        cdef int slot, applied = 0
        cdef ff_params *p = &self._e.params
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
        slot_of = self._slot_of
        for i in range(n):
            found = slot_of.get(ids[i])
            if found is None:
                continue
            slot = found
            if vol_arr is not None:
                ff_store_f64(&p.track_volume[slot], _clamp(vol[i], 0.0, 2.0))
            if pan_arr is not None:
                ff_store_f64(&p.track_pan[slot], _clamp(pan[i], -1.0, 1.0))
            if pan_r_arr is not None:
                ff_store_f64(&p.track_pan_right[slot], _clamp(pan_r[i], -1.0, 1.0))
            if mut_arr is not None:
                ff_store_i32(&p.track_muted[slot], mut[i])
            if sol_arr is not None:
                ff_store_i32(&p.track_solo[slot], sol[i])
            applied += 1
        return applied

    def read_meters(self, ids, peak_l, peak_r, rms_l, rms_r, corr, bus_meters=None):
        """Copy every track's meters, in track order, into caller arrays; return the count.

        ``ids`` (uint64 or int64) receives the track ids, the float64 arrays
        peak/RMS per side and the correlation. Arrays must be 1-D, contiguous,
        writeable and hold at least ``len(track_ids)`` values. ``bus_meters``,
        if given, is a C-contiguous float64 array of shape (BUS_COUNT, 5) that
        receives each bus's ``peak_l, peak_r, rms_l, rms_r, corr`` (row 0 =
        the master output), taken from the same snapshot as the tracks: one
        call reads every meter of a UI frame. Nothing is allocated: call it
        every UI frame with the same arrays.

        Examples
        --------
        >>> n = engine.read_meters(ids, pl, pr, rl, rr, corr)
        >>> buses = np.zeros((BUS_COUNT, 5))                 
        >>> n = engine.read_meters(ids, pl, pr, rl, rr, corr, bus_meters=buses)
        """
        cdef Py_ssize_t n = self._count
        cdef char *dst_ids = _out_array(ids, n, "ids", True)
        cdef double *pl = <double *>_out_array(peak_l, n, "peak_l", False)
        cdef double *pr = <double *>_out_array(peak_r, n, "peak_r", False)
        cdef double *rl = <double *>_out_array(rms_l, n, "rms_l", False)
        cdef double *rr = <double *>_out_array(rms_r, n, "rms_r", False)
        cdef double *co = <double *>_out_array(corr, n, "corr", False)
        cdef double *buses = NULL if bus_meters is None else _bus_rows(bus_meters)
        memcpy(dst_ids, cnp.PyArray_DATA(self._order_ids), n * sizeof(uint64_t))
        ff_engine_read_meters(self._e, <int32_t *>cnp.PyArray_DATA(self._order_slots),
                              n, pl, pr, rl, rr, co, buses)
        return n

    def read_bus_meters(self, peak_l, peak_r, rms_l, rms_r, corr):
        """Copy the six bus meters (bus 0 = the master output) into caller arrays; return 6.

        To read the tracks' and buses' meters in one call (one snapshot), pass
        ``bus_meters`` to :meth:`read_meters` instead.

        Examples
        --------
        >>> engine.read_bus_meters(pl, pr, rl, rr, corr)
        6
        """
        cdef double *pl = <double *>_out_array(peak_l, FF_BUSES, "peak_l", False)
        cdef double *pr = <double *>_out_array(peak_r, FF_BUSES, "peak_r", False)
        cdef double *rl = <double *>_out_array(rms_l, FF_BUSES, "rms_l", False)
        cdef double *rr = <double *>_out_array(rms_r, FF_BUSES, "rms_r", False)
        cdef double *co = <double *>_out_array(corr, FF_BUSES, "corr", False)
        ff_engine_read_bus_meters(self._e, pl, pr, rl, rr, co)
        return FF_BUSES

    # ---- commands (lock-free ring; False = ring full, try again) ------------
    cdef bint _push(self, ff_command *c):
        return ff_ring_push(&self._e.commands, c) == 0

    cdef int _fill_clip(self, ff_command *c, cnp.ndarray clip, uint64_t key) except -1:
        if (cnp.PyArray_TYPE(clip) != cnp.NPY_FLOAT32 or cnp.PyArray_NDIM(clip) != 2
                or not cnp.PyArray_IS_C_CONTIGUOUS(clip)
                or cnp.PyArray_DIM(clip, 1) not in (1, 2) or cnp.PyArray_DIM(clip, 0) < 1):
            raise ValueError("clip data must be a C-contiguous float32 (frames, 1 or 2) array")
        c.clip.data = <const float *>cnp.PyArray_DATA(clip)
        c.clip.frames = cnp.PyArray_DIM(clip, 0)
        c.clip.channels = <uint32_t>cnp.PyArray_DIM(clip, 1)
        c.clip.key = key
        return 0

    def _cmd_add_track(self, int slot, uint64_t track_id, cnp.ndarray clip, uint64_t key):
        cdef ff_command c = _blank(FF_CMD_ADD_TRACK)
        c.index = slot
        c.id = track_id
        self._fill_clip(&c, clip, key)
        return self._push(&c)

    def _cmd_remove_track(self, int slot):
        cdef ff_command c = _blank(FF_CMD_REMOVE_TRACK)
        c.index = slot
        return self._push(&c)

    def _cmd_set_eq(self, int slot, int band, bint enabled, coefs):
        cdef ff_command c = _blank(FF_CMD_SET_EQ)
        cdef int j
        c.index = slot
        c.i[0] = band
        c.i[1] = enabled
        for j in range(5):
            c.v[j] = coefs[j]
        return self._push(&c)

    def _cmd_routing(self, outputs, order):
        cdef ff_command c = _blank(FF_CMD_SET_ROUTING)
        cdef int b
        for b in range(FF_BUSES):
            c.i[b] = outputs[b]
            c.i[FF_BUSES + b] = order[b]
        return self._push(&c)

    def _cmd_loop(self, bint on, uint64_t start, uint64_t end):
        cdef ff_command c = _blank(FF_CMD_SET_LOOP)
        c.i[0] = on
        c.a = start
        c.b = end
        return self._push(&c)

    def _cmd_voice_start(self, uint64_t voice_id, cnp.ndarray clip, uint64_t key, int bus,
                         bint loop, gains, uint64_t start_frame=0, int fade_in_frames=0,
                         double rate=1.0):
        cdef ff_command c = _blank(FF_CMD_VOICE_START)
        cdef int j
        c.id = voice_id
        self._fill_clip(&c, clip, key)
        c.a = start_frame
        c.i[0] = bus
        c.i[1] = loop
        c.i[2] = fade_in_frames
        for j in range(4):
            c.v[j] = gains[j]
        c.v[4] = rate
        return self._push(&c)

    def _cmd_voice_stop(self, uint64_t voice_id, uint64_t at_frame=0, int fade_frames=FF_FADE_RAMP):
        cdef ff_command c = _blank(FF_CMD_VOICE_STOP)
        c.id = voice_id
        c.a = at_frame
        c.i[0] = fade_frames
        return self._push(&c)

    def _cmd_voice_set(self, uint64_t voice_id, gains, rate):
        """Aim a voice's gain matrix (unless gains is None) and rate (unless None)."""
        cdef ff_command c = _blank(FF_CMD_VOICE_SET)
        cdef int j
        c.id = voice_id
        if gains is not None:
            c.i[0] |= 1
            for j in range(4):
                c.v[j] = gains[j]
        if rate is not None:
            c.i[0] |= 2
            c.v[4] = rate
        return self._push(&c)

    def _cmd_duck_set(self, int slot, int source, int target, double amount_db,
                      double attack_ms, double release_ms):
        cdef ff_command c = _blank(FF_CMD_DUCK_SET)
        c.index = slot
        c.i[0] = source
        c.i[1] = target
        c.v[0] = amount_db
        c.v[1] = attack_ms
        c.v[2] = release_ms
        return self._push(&c)

    def _cmd_duck_remove(self, int slot):
        cdef ff_command c = _blank(FF_CMD_DUCK_REMOVE)
        c.index = slot
        return self._push(&c)

    def _cmd_duck_clear(self):
        cdef ff_command c = _blank(FF_CMD_DUCK_CLEAR)
        return self._push(&c)

    def _frame_clock(self):
        """Frames rendered since the engine was created."""
        return ff_load_u64(&self._e.frame_clock)

    def read_ducking(self, out):
        """Copy each bus's current ducking gain in dB into ``out``; returns None.

        ``out`` is a caller's 1-D contiguous writeable float64 array with room
        for BUS_COUNT values (BUS_NAMES order); 0.0 = not ducked, negative =
        ducked. Nothing is allocated: call it every UI frame with the same
        array.

        Examples
        --------
        >>> import numpy as np
        >>> from fluxforge import Engine
        >>> engine = Engine(48000, 256)
        >>> out = np.ones(6)
        >>> engine.read_ducking(out)
        >>> out.tolist()
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        """
        cdef double *dst = <double *>_out_array(out, FF_BUSES, "out", False)
        cdef int b
        for b in range(FF_BUSES):
            dst[b] = ff_load_f64(&self._e.duck_db[b])

    def _cmd_reset(self):
        cdef ff_command c = _blank(FF_CMD_RESET)
        return self._push(&c)

    def _apply_commands(self):
        """Apply queued commands now: only while no render can run concurrently."""
        ff_engine_apply_commands(self._e)

    def _events_pending(self):
        """True if the render posted events that service() has not taken yet."""
        return not ff_ring_empty(&self._e.events)

    def _drain_events(self):
        """Every event the render posted so far, as (type, slot, value) tuples."""
        cdef ff_event ev
        out = []
        while ff_ring_pop(&self._e.events, &ev) == 0:
            out.append((ev.type, ev.slot, ev.value))
        return out

    # ---- render ------------------------------------------------------------
    def _render_into(self, cnp.ndarray out):
        """Render len(out) frames into a C-contiguous float32 (frames, 2) array, GIL released."""
        cdef float *data
        cdef unsigned long frames
        if (cnp.PyArray_TYPE(out) != cnp.NPY_FLOAT32 or cnp.PyArray_NDIM(out) != 2
                or cnp.PyArray_DIM(out, 1) != 2 or not cnp.PyArray_IS_C_CONTIGUOUS(out)
                or not cnp.PyArray_ISWRITEABLE(out)):
            raise ValueError("out must be a writeable C-contiguous float32 (frames, 2) array")
        data = <float *>cnp.PyArray_DATA(out)
        frames = cnp.PyArray_DIM(out, 0)
        with nogil:
            ff_engine_render_interleaved_f32(self._e, data, frames)

    def _render_entry(self):
        """(address of ff_engine_render_interleaved_f32, address of the engine state).

        The function renders interleaved stereo float32, chunked by blocksize;
        it is nogil, allocation-, lock- and syscall-free, and safe to call from
        a foreign (PortAudio) thread while Python calls setters and
        read_meters. The state lives as long as this object.
        """
        return (<uintptr_t>&ff_engine_render_interleaved_f32, <uintptr_t>self._e)

    def _core_stats(self):
        cdef ff_stats *s = &self._e.stats
        values = (ff_load_u64(&s.calls), ff_load_u64(&s.blocks), ff_load_u64(&s.frames),
                  ff_load_u64(&s.commands), ff_load_u64(&s.commands_ignored),
                  ff_load_u64(&s.events_dropped),
                  ff_load_u64(&s.voices_started), ff_load_u64(&s.voices_refused),
                  ff_load_u64(&s.voices_stolen), ff_load_u64(&s.render_ns_total),
                  ff_load_u64(&s.render_ns_max))
        return dict(zip(_STATS, values))

    def _design_biquad(self, int kind, double freq_hz, double q, double gain_db):
        """RBJ coefficients (b0, b1, b2, a1, a2) at this engine's sample rate."""
        cdef double coef[5]
        ff_biquad_design(kind, freq_hz, q, gain_db, self.samplerate, coef)
        return (coef[0], coef[1], coef[2], coef[3], coef[4])

    def _strip_gains(self, double volume, double pan, double pan_right, int channels):
        """The render's 2x2 gain matrix (L->L, R->L, L->R, R->R) for these settings."""
        cdef double g[4]
        ff_strip_gains(volume, pan, pan_right, channels, 1.0, g)
        return (g[0], g[1], g[2], g[3])


include "_engine_loudness.pxi"
