"""fluxforge._engine - the compiled layer under :class:`fluxforge.engine.Engine`.

``EngineCore`` owns the C engine (csrc/engine/): its sizes, the track
order, the render and the clocks. Three handles on one core do the rest, one
file each, all included below:

- ``ParamStore`` (_engine_params.pxi): parameter targets as plain atomic
  stores the render reads once per block, addressed by field number (the
  rows of :mod:`fluxforge.engine.params`), and the batch call;
- ``MeterReader`` (_engine_meters.pxi): meters and ducking gains copied out
  of the seqlocked snapshot into caller arrays;
- ``CommandRing`` (_engine_commands.pxi): structural commands pushed into the
  lock-free command ring, and the render's event ring drained;
- ``LoudnessReader`` (_engine_loudness.pxi): every bus's live loudness copied
  out of the same seqlocked snapshot as the meters.

Validation of user input happens in the Python facade; the methods that take
user input directly (the batch call, the meter and loudness reads) validate
it themselves because they are the fast paths.
"""
from cpython.pycapsule cimport PyCapsule_GetPointer
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
FADE_RAMP = FF_FADE_RAMP
EVENT_CLIP_TOUCHED = FF_EVT_CLIP_TOUCHED
EVENT_TRACK_RELEASED = FF_EVT_TRACK_RELEASED
EVENT_VOICE_ENDED = FF_EVT_VOICE_ENDED
LOUDNESS_FIELDS = FF_LOUD_FIELDS

_STATS = ("calls", "blocks", "frames", "commands", "commands_ignored", "events_dropped",
          "voices_started", "voices_refused", "voices_stolen", "render_ns_total",
          "render_ns_max")


cdef int _as_int(object value, str name, long low, long high) except -1:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {value}")
    return value


cdef class EngineCore:
    """The C engine's state: sizes, track order, render, clocks and counters.

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

    def __cinit__(self, samplerate=48000, blocksize=512, max_tracks=512):
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

    # ---- track order and id -> slot (the batch call and the meter read use them)
    def set_track_order(self, ids, slots):
        """Tracks in order: their ids and slots (called after add/remove)."""
        cdef Py_ssize_t i, n = len(ids)
        for i in range(n):
            self._order_ids[i] = ids[i]
            self._order_slots[i] = slots[i]
        self._count = n
        self._slot_of = dict(zip(ids, slots))

    # ---- transport and clocks ---------------------------------------------
    def seek(self, int64_t frame):
        """Ask the render to move the transport to ``frame`` (it takes the request)."""
        ff_store_i64(&self._e.params.seek, frame)

    def position(self):
        """Transport position in frames (a pending seek counts at once)."""
        cdef int64_t pending = ff_load_i64(&self._e.params.seek)
        if pending >= 0:
            return pending
        return ff_load_u64(&self._e.transport.position)

    def frame_clock(self):
        """Frames rendered since the engine was created."""
        return ff_load_u64(&self._e.transport.frame_clock)

    # ---- render ------------------------------------------------------------
    def render_into(self, cnp.ndarray out):
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

    def render_entry(self):
        """(address of ff_engine_render_interleaved_f32, address of the engine state).

        The function renders interleaved stereo float32, chunked by blocksize;
        it is nogil, allocation-, lock- and syscall-free, and safe to call from
        a foreign (PortAudio) thread while Python calls setters and
        read_meters. The state lives as long as this object.
        """
        return (<uintptr_t>&ff_engine_render_interleaved_f32, <uintptr_t>self._e)

    def stats(self):
        """The render's counters by name (calls, blocks, frames, commands, ...)."""
        cdef ff_stats *s = &self._e.stats
        values = (ff_load_u64(&s.calls), ff_load_u64(&s.blocks), ff_load_u64(&s.frames),
                  ff_load_u64(&s.commands), ff_load_u64(&s.commands_ignored),
                  ff_load_u64(&s.events_dropped),
                  ff_load_u64(&s.voices_started), ff_load_u64(&s.voices_refused),
                  ff_load_u64(&s.voices_stolen), ff_load_u64(&s.render_ns_total),
                  ff_load_u64(&s.render_ns_max))
        return dict(zip(_STATS, values))

    # ---- the render's arithmetic, for Python ---------------------------------
    def design_biquad(self, int kind, double freq_hz, double q, double gain_db):
        """RBJ coefficients (b0, b1, b2, a1, a2) at this engine's sample rate."""
        cdef double coef[5]
        ff_biquad_design(kind, freq_hz, q, gain_db, self.samplerate, coef)
        return (coef[0], coef[1], coef[2], coef[3], coef[4])

    def strip_gains(self, double volume, double pan, double pan_right, int channels):
        """The render's 2x2 gain matrix (L->L, R->L, L->R, R->R) for these settings."""
        cdef double g[4]
        ff_strip_gains(volume, pan, pan_right, channels, 1.0, g)
        return (g[0], g[1], g[2], g[3])


include "_engine_params.pxi"
include "_engine_meters.pxi"
include "_engine_commands.pxi"
include "_engine_loudness.pxi"
