# _engine.pxd - table of contents of fluxforge._engine: the mixing engine's C
# core (csrc/engine/ff_engine.h), declared for Cython.
#
# Only C-level declarations live here. The extension types are defined in
# _engine.pyx (EngineCore) and the files it includes: _engine_params.pxi
# (ParamStore), _engine_meters.pxi (MeterReader), _engine_commands.pxi
# (CommandRing), _engine_loudness.pxi (LoudnessReader); fluxforge.engine.Engine
# owns one of each.
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from _dsp cimport ff_kernels


cdef extern from "engine/ff_engine.h" nogil:
    const int FF_BUSES
    const int FF_VOICES
    const int FF_EQ_BANDS
    const int FF_COMMAND_CAPACITY
    const int FF_METER_FIELDS
    const int FF_DUCK_RULES
    const int FF_FADE_RAMP

    ctypedef struct ff_clip_ref:
        const float *data
        uint64_t frames
        uint32_t channels
        uint64_t key

    enum ff_command_type:
        FF_CMD_ADD_TRACK
        FF_CMD_REMOVE_TRACK
        FF_CMD_SET_EQ
        FF_CMD_SET_ROUTING
        FF_CMD_SET_LOOP
        FF_CMD_VOICE_START
        FF_CMD_VOICE_STOP
        FF_CMD_RESET
        FF_CMD_VOICE_SET
        FF_CMD_DUCK_SET
        FF_CMD_DUCK_REMOVE
        FF_CMD_DUCK_CLEAR
        FF_CMD_LOUDNESS_RESET
        FF_CMD_LOUDNESS_ENABLE

    ctypedef struct ff_command:
        uint32_t type
        uint32_t index
        uint64_t id
        uint64_t a, b
        ff_clip_ref clip
        double v[5]
        int32_t i[12]

    enum ff_event_type:
        FF_EVT_CLIP_TOUCHED
        FF_EVT_TRACK_RELEASED
        FF_EVT_VOICE_ENDED

    ctypedef struct ff_event:
        uint32_t type
        uint32_t slot
        uint64_t value

    ctypedef struct ff_params:
        double *track_volume
        double *track_pan
        double *track_pan_right
        int32_t *track_muted
        int32_t *track_solo
        int32_t *track_bus
        double bus_volume[6]
        double bus_pan[6]
        double bus_pan_right[6]
        int32_t bus_muted[6]
        int32_t bus_solo[6]
        double master_volume
        double meter_decay_db_per_s
        int32_t soft_clip
        int32_t dc_block
        int32_t ramp_frames
        int32_t play
        int64_t seek

    ctypedef struct ff_stats:
        uint64_t calls
        uint64_t blocks
        uint64_t frames
        uint64_t commands
        uint64_t commands_ignored
        uint64_t events_dropped
        uint64_t voices_started
        uint64_t voices_refused
        uint64_t voices_stolen
        uint64_t render_ns_total
        uint64_t render_ns_max

    ctypedef struct ff_ring:
        pass

    ctypedef struct ff_engine_rings:
        ff_ring commands
        ff_ring events

    ctypedef struct ff_engine_transport:
        uint64_t position
        uint64_t frame_clock

    ctypedef struct ff_engine_ducking:
        double db[6]

    ctypedef struct ff_engine:
        double samplerate
        uint32_t blocksize
        uint32_t max_tracks
        ff_params params
        ff_engine_rings rings
        ff_stats stats
        ff_engine_transport transport
        ff_engine_ducking ducking

    ff_engine *ff_engine_create(double samplerate, uint32_t blocksize, uint32_t max_tracks,
                                const ff_kernels *const *kernel_slot)
    void ff_engine_destroy(ff_engine *e)
    void ff_engine_apply_commands(ff_engine *e)
    int ff_engine_render_interleaved_f32(void *state, float *out, unsigned long frames)
    int ff_engine_read_meters(ff_engine *e, const int32_t *slots, size_t count,
                              double *peak_l, double *peak_r, double *rms_l,
                              double *rms_r, double *corr, double *bus_rows)
    int ff_engine_read_bus_meters(ff_engine *e, double *peak_l, double *peak_r,
                                  double *rms_l, double *rms_r, double *corr)
    void ff_store_f64(double *p, double v)
    double ff_load_f64(const double *p)
    void ff_store_i32(int32_t *p, int32_t v)
    int32_t ff_load_i32(const int32_t *p)
    void ff_store_i64(int64_t *p, int64_t v)
    int64_t ff_load_i64(const int64_t *p)
    uint64_t ff_load_u64(const uint64_t *p)


cdef extern from "engine/ff_engine_ring.h" nogil:
    int ff_ring_push(ff_ring *ring, const void *record)
    int ff_ring_pop(ff_ring *ring, void *record)
    int ff_ring_empty(const ff_ring *ring)


cdef extern from "engine/ff_engine_loudness.h" nogil:
    const int FF_LOUD_FIELDS
    int ff_engine_read_loudness(ff_engine *e, double *rows)


cdef extern from "engine/ff_engine_internal.h" nogil:
    void ff_strip_gains(double volume, double pan, double pan_right, int channels,
                        double audible, double g[4])
