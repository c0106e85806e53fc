# Included by _engine.pyx: the command ring (Python -> render) and the event ring
# (render -> Python).
#
# Every push returns False when the ring is full (the caller waits and tries
# again: fluxforge.engine.commands). Commands carry clips as borrowed pointers:
# Python keeps each clip alive until the render reports it let go of it.


cdef inline ff_command _blank(uint32_t kind) noexcept:
    cdef ff_command c
    memset(&c, 0, sizeof(c))
    c.type = kind
    return c


cdef int _fill_clip(ff_command *c, cnp.ndarray clip, uint64_t key) except -1:
    if (cnp.PyArray_TYPE(clip) != cnp.NPY_FLOAT32 or cnp.PyArray_NDIM(clip) != 2
            or not cnp.PyArray_IS_C_CONTIGUOUS(clip)
            or cnp.PyArray_DIM(clip, 1) not in (1, 2) or cnp.PyArray_DIM(clip, 0) < 1):
        raise ValueError("clip data must be a C-contiguous float32 (frames, 1 or 2) array")
    c.clip.data = <const float *>cnp.PyArray_DATA(clip)
    c.clip.frames = cnp.PyArray_DIM(clip, 0)
    c.clip.channels = <uint32_t>cnp.PyArray_DIM(clip, 1)
    c.clip.key = key
    return 0


cdef class CommandRing:
    """One engine's command ring (structural changes) and event ring (what the render did)."""
    cdef EngineCore _core

    def __cinit__(self, EngineCore core not None):
        self._core = core

    cdef bint _push(self, ff_command *c):
        return ff_ring_push(&self._core._e.rings.commands, c) == 0

    # ---- tracks and routing ---------------------------------------------------
    def add_track(self, int slot, uint64_t track_id, cnp.ndarray clip, uint64_t key):
        cdef ff_command c = _blank(FF_CMD_ADD_TRACK)
        c.index = slot
        c.id = track_id
        _fill_clip(&c, clip, key)
        return self._push(&c)

    def remove_track(self, int slot):
        cdef ff_command c = _blank(FF_CMD_REMOVE_TRACK)
        c.index = slot
        return self._push(&c)

    def set_eq(self, int slot, int band, bint enabled, coefs):
        cdef ff_command c = _blank(FF_CMD_SET_EQ)
        cdef int j
        c.index = slot
        c.i[0] = band
        c.i[1] = enabled
        for j in range(5):
            c.v[j] = coefs[j]
        return self._push(&c)

    def routing(self, outputs, order):
        cdef ff_command c = _blank(FF_CMD_SET_ROUTING)
        cdef int b
        for b in range(FF_BUSES):
            c.i[b] = outputs[b]
            c.i[FF_BUSES + b] = order[b]
        return self._push(&c)

    def loop(self, bint on, uint64_t start, uint64_t end):
        cdef ff_command c = _blank(FF_CMD_SET_LOOP)
        c.i[0] = on
        c.a = start
        c.b = end
        return self._push(&c)

    def reset(self):
        cdef ff_command c = _blank(FF_CMD_RESET)
        return self._push(&c)

    # ---- voices -----------------------------------------------------------------
    def voice_start(self, uint64_t voice_id, cnp.ndarray clip, uint64_t key, int bus,
                    bint loop, gains, uint64_t start_frame=0, int fade_in_frames=0,
                    double rate=1.0):
        cdef ff_command c = _blank(FF_CMD_VOICE_START)
        cdef int j
        c.id = voice_id
        _fill_clip(&c, clip, key)
        c.a = start_frame
        c.i[0] = bus
        c.i[1] = loop
        c.i[2] = fade_in_frames
        for j in range(4):
            c.v[j] = gains[j]
        c.v[4] = rate
        return self._push(&c)

    def voice_stop(self, uint64_t voice_id, uint64_t at_frame=0, int fade_frames=FF_FADE_RAMP):
        cdef ff_command c = _blank(FF_CMD_VOICE_STOP)
        c.id = voice_id
        c.a = at_frame
        c.i[0] = fade_frames
        return self._push(&c)

    def voice_set(self, uint64_t voice_id, gains, rate):
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

    # ---- ducking rules --------------------------------------------------------
    def duck_set(self, int slot, int source, int target, double amount_db, double attack_ms,
                 double release_ms):
        cdef ff_command c = _blank(FF_CMD_DUCK_SET)
        c.index = slot
        c.i[0] = source
        c.i[1] = target
        c.v[0] = amount_db
        c.v[1] = attack_ms
        c.v[2] = release_ms
        return self._push(&c)

    def duck_remove(self, int slot):
        cdef ff_command c = _blank(FF_CMD_DUCK_REMOVE)
        c.index = slot
        return self._push(&c)

    def duck_clear(self):
        cdef ff_command c = _blank(FF_CMD_DUCK_CLEAR)
        return self._push(&c)

    # ---- live loudness --------------------------------------------------------
    def loudness_reset(self):
        """Start a new live loudness measurement on every bus."""
        cdef ff_command c = _blank(FF_CMD_LOUDNESS_RESET)
        return self._push(&c)

    def loudness_enable(self, bint on):
        """Switch live loudness metering on (a new measurement) or off."""
        cdef ff_command c = _blank(FF_CMD_LOUDNESS_ENABLE)
        c.i[0] = on
        return self._push(&c)

    # ---- applying commands, draining events -------------------------------------
    def apply(self):
        """Apply queued commands now: only while no render can run concurrently."""
        ff_engine_apply_commands(self._core._e)

    def events_pending(self):
        """True if the render posted events that nobody has drained yet."""
        return not ff_ring_empty(&self._core._e.rings.events)

    def drain_events(self):
        """Every event the render posted so far, as (type, slot, value) tuples."""
        cdef ff_event ev
        out = []
        while ff_ring_pop(&self._core._e.rings.events, &ev) == 0:
            out.append((ev.type, ev.slot, ev.value))
        return out
