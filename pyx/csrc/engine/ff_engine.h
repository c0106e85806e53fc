/* ff_engine.h - the mixing engine's real-time core: state, entry points.
 *
 * Threads and ownership
 *   - Python (one producer at a time, under the GIL) writes the parameter
 *     targets in `params` with relaxed atomic stores and pushes structural
 *     changes (tracks, EQ, routing, loop, voices) into `rings.commands`
 *     (messages: ff_engine_messages.h).
 *   - The render (audio thread or offline render, never both at once) reads the
 *     targets once per block, drains the commands, renders, publishes meters
 *     under a seqlock, and posts events (clip touches, released tracks, ended
 *     voices) into `rings.events`, which Python drains.
 *   - The render allocates nothing, locks nothing, makes no system call (the
 *     clock is the vDSO), touches no Python object and never fails: problems
 *     become counters in `stats`.
 * Every buffer is sized in ff_engine_create; nothing grows later. The state
 * is grouped by part (tracks, voices, ducking, buses, master, transport,
 * meters, scratch rows); the parts' elements are in ff_engine_types.h.
 */
#ifndef FF_ENGINE_H
#define FF_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/ff_engine_messages.h"
#include "engine/ff_engine_ring.h"
#include "engine/ff_engine_types.h"
#include "kernels/ff_kernels.h"

#define FF_BUSES 6
#define FF_VOICES 256
#define FF_FADING_VOICES 16     /* stolen voices fading out (over the ramp) beside the 256 */
#define FF_EQ_BANDS 4
#define FF_TILE_TRACKS 16       /* tracks rendered together: their rows stay in L2 */
#define FF_COMMAND_CAPACITY 4096
#define FF_EVENT_CAPACITY 8192
#define FF_DUCK_RULES 64        /* ducking rules (ff_engine_ducking.c) */

/* ---- shared parameter targets (Python writes, render reads) ------------- */

typedef struct ff_params {
    double *track_volume;        /* [max_tracks] linear 0..2 */
    double *track_pan;           /* [max_tracks] -1..1 (left channel of stereo) */
    double *track_pan_right;     /* [max_tracks] -1..1 (right channel of stereo) */
    int32_t *track_muted;
    int32_t *track_solo;
    int32_t *track_bus;
    double bus_volume[FF_BUSES];
    double bus_pan[FF_BUSES];
    double bus_pan_right[FF_BUSES];
    int32_t bus_muted[FF_BUSES];
    int32_t bus_solo[FF_BUSES];
    double master_volume;
    double meter_decay_db_per_s; /* while playing */
    int32_t soft_clip;
    int32_t dc_block;
    int32_t ramp_frames;         /* 0 = one block */
    int32_t play;                /* requested transport state */
    int64_t seek;                /* requested frame, -1 = none (render takes it) */
} ff_params;

/* ---- counters (render writes with relaxed atomics, Python reads) --------- */

typedef struct ff_stats {
    uint64_t calls;            /* render entry calls */
    uint64_t blocks;           /* blocks rendered */
    uint64_t frames;           /* frames rendered */
    uint64_t commands;         /* commands applied */
    uint64_t commands_ignored; /* commands naming a bad slot, band or type */
    uint64_t events_dropped;   /* events lost to a full event ring */
    uint64_t voices_started;
    uint64_t voices_refused;
    uint64_t voices_stolen;
    uint64_t render_ns_total;  /* per block, CLOCK_MONOTONIC */
    uint64_t render_ns_max;
} ff_stats;

/* ---- the state's parts ------------------------------------------------------ */

/* Rings between Python and the render (ff_engine_ring.c). */
typedef struct ff_engine_rings {
    ff_ring commands;                        /* Python -> render */
    ff_ring events;                          /* render -> Python */
} ff_engine_rings;

/* Track slots and their EQ (ff_engine_tracks*.c, ff_engine_eq_glide.c). */
typedef struct ff_engine_tracks {
    ff_track *slot;                          /* [max_tracks] */
    uint32_t hi;                             /* 1 + highest active slot */
    double *eq_coef;                         /* [FF_EQ_BANDS][5][rows_cap] */
    double *eq_state;                        /* [FF_EQ_BANDS][4][rows_cap] */
    ff_eq_glide *eq_glide;                   /* [max_tracks][FF_EQ_BANDS] */
    uint32_t *order;                         /* [2 * max_tracks]: the fused pass's slots by bus */
} ff_engine_tracks;

/* Voice slots (ff_engine_voices.c, ff_engine_voice_render.c). */
typedef struct ff_engine_voices {
    ff_voice slot[FF_VOICES];
    ff_voice fading[FF_FADING_VOICES];       /* stolen voices fading out */
    uint32_t heard_from[FF_BUSES];           /* frames [from, to) of this block that */
    uint32_t heard_to[FF_BUSES];             /* had voice output, per bus (for ducking) */
} ff_engine_voices;

/* Ducking rules and this block's per-frame target gains (ff_engine_ducking.c). */
typedef struct ff_engine_ducking {
    ff_duck_rule rule[FF_DUCK_RULES];
    uint32_t applied;                        /* bit b: gain row b applies this block */
    double *gain;                            /* [FF_BUSES][blocksize] linear gain */
    double db[FF_BUSES];                     /* published (atomic) current ducking gain */
} ff_engine_ducking;

/* Buses: routing, gains and their input rows (ff_engine_buses.c). */
typedef struct ff_engine_buses {
    int32_t output[FF_BUSES];
    int32_t order[FF_BUSES];                 /* upstream buses first, Master last */
    ff_gain_ramp gain[FF_BUSES];
    ff_gain_cache gains[FF_BUSES];
    ff_gain_ramp gate[FF_BUSES];             /* solo gate on a bus's direct inputs */
    uint32_t fed;                            /* FF_FED_* bits of this block's bus rows */
    uint32_t dirty;                          /* rows holding data from an earlier block */
    double *direct;                          /* [FF_BUSES][2][blocksize] tracks and voices */
    double *sum;                             /* [FF_BUSES][2][blocksize] buses routed in */
} ff_engine_buses;

/* The master stage after bus 0 (ff_engine_master.c). */
typedef struct ff_engine_master {
    ff_gain_ramp gain;
    double dc_coef;                          /* one-pole DC blocker at 5 Hz */
    double dc_x1[2], dc_y1[2];
} ff_engine_master;

/* Transport and clock: render-owned; position and frame_clock are also
 * published with atomic stores (ff_engine_transport.c). */
typedef struct ff_engine_transport {
    uint64_t frame_clock;                    /* frames rendered since create */
    int32_t playing;
    int32_t loop_on;
    uint64_t loop_start, loop_end;
    uint64_t position;
    uint64_t play_pos;                       /* where the tracks read next */
    int32_t fading_out;                      /* stop or seek: tracks fade out first */
    int32_t resume;                          /* after the fade: play on (a seek) */
    int32_t jump;                            /* a seek is waiting for the fade */
    uint32_t fade_left;                      /* frames of that fade still to render */
    uint64_t stop_pos;                       /* where the transport goes after it */
    uint64_t touch_countdown;                /* frames until the next clip-touch round */
    uint64_t *seg_pos;                       /* [blocksize] this block's segments */
    uint32_t *seg_len;
    uint32_t nseg;
} ff_engine_transport;

/* Meters: working copies and the seqlocked published ones (ff_engine_meters.c),
 * and the live loudness of every bus, published under the same seqlock. */
typedef struct ff_engine_meters {
    ff_meter *track;                         /* [max_tracks] */
    ff_meter bus[FF_BUSES];
    ff_meter *pub_track;                     /* [max_tracks] */
    ff_meter pub_bus[FF_BUSES];
    uint64_t seq;                            /* odd while the render writes */
    struct ff_live_loudness *loudness;       /* live loudness per bus (ff_engine_loudness.h) */
} ff_engine_meters;

/* Scratch: rows of `blocksize` frames, `row_stride` apart, all in one arena
 * (with the buses' and ducking's rows). The stride is padded so no two rows
 * start at the same offset modulo 4 KiB (loads and stores of rows at equal
 * 4 KiB offsets falsely depend on each other). */
typedef struct ff_engine_scratch {
    uint32_t row_stride;
    double *arena;
    double *rows;                            /* [2 * FF_TILE_TRACKS][blocksize] */
    double *out_l, *out_r;                   /* one strip's output */
    double *tmp_l, *tmp_r;
    double *lanes;                           /* the fused pass's lane accumulators, one per bus */
} ff_engine_scratch;

typedef struct ff_engine {
    double samplerate;
    uint32_t blocksize;
    uint32_t max_tracks;
    uint32_t rows_cap;                       /* biquad bank stride (>= 2 * max_tracks) */
    const ff_kernels *const *kernel_slot;    /* process-wide active kernel table */
    const struct ff_engine_simd *simd;       /* the engine's own kernels, chosen per block */

    ff_params params;
    ff_engine_rings rings;
    ff_stats stats;
    ff_engine_tracks tracks;
    ff_engine_voices voices;
    ff_engine_ducking ducking;
    ff_engine_buses buses;
    ff_engine_master master;
    ff_engine_transport transport;
    ff_engine_meters meters;
    ff_engine_scratch scratch;
} ff_engine;

/* ---- lifetime (Python thread) -------------------------------------------- */

ff_engine *ff_engine_create(double samplerate, uint32_t blocksize, uint32_t max_tracks,
                            const ff_kernels *const *kernel_slot);
void ff_engine_destroy(ff_engine *e);

/* Apply queued commands now. Only when no render can run at the same time. */
void ff_engine_apply_commands(ff_engine *e);

/* ---- the render entry: interleaved stereo float32, any number of frames ---- */
int ff_engine_render_interleaved_f32(void *state, float *out, unsigned long frames);

/* ---- meters: consistent snapshot for readers (Python thread) -------------- */
/* Copies the published meters of `count` slots (slots[i]) into the given
 * arrays (NULL skips) and, unless `bus_rows` is NULL, every bus's meters into
 * `bus_rows` (FF_BUSES rows of FF_METER_FIELDS: peak_l, peak_r, rms_l, rms_r,
 * corr; bus 0 = master output), all from the same snapshot. Returns 0, or -1 if
 * no stable snapshot was seen after many tries (the arrays then hold the last
 * attempt). ff_engine_read_bus_meters reads the buses alone into five arrays. */
#define FF_METER_FIELDS 5
int ff_engine_read_meters(ff_engine *e, const int32_t *slots, size_t count,
                          double *peak_l, double *peak_r, double *rms_l,
                          double *rms_r, double *corr, double *bus_rows);
int ff_engine_read_bus_meters(ff_engine *e, double *peak_l, double *peak_r,
                              double *rms_l, double *rms_r, double *corr);

/* ---- atomic access helpers used by both sides ----------------------------- */
static inline void ff_store_f64(double *p, double v) { __atomic_store(p, &v, __ATOMIC_RELAXED); }
static inline double ff_load_f64(const double *p)
{
    double v;
    __atomic_load(p, &v, __ATOMIC_RELAXED);
    return v;
}
static inline void ff_store_i32(int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline int32_t ff_load_i32(const int32_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void ff_store_i64(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int64_t ff_load_i64(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline uint64_t ff_load_u64(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

#endif /* FF_ENGINE_H */
