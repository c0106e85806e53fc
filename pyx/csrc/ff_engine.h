/* ff_engine.h - the mixing engine's real-time core: state, messages, entry points.
 *
 * Threads and ownership
 *   - Python (one producer at a time, under the GIL) writes the parameter
 *     targets in `ff_params` with relaxed atomic stores and pushes structural
 *     changes (tracks, EQ, routing, loop, voices) into `commands`.
 *   - The render (audio thread or offline render, never both at once) reads the
 *     targets once per block, drains `commands`, renders, publishes meters under
 *     a seqlock, and posts events (clip touches, released tracks, ended voices)
 *     into `events`, which Python drains.
 *   - The render allocates nothing, locks nothing, makes no system call (the
 *     clock is the vDSO), touches no Python object and never fails: problems
 *     become counters in `ff_stats`.
 * Every buffer is sized in ff_engine_create; nothing grows later.
 */
#ifndef FF_ENGINE_H
#define FF_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "ff_engine_ring.h"
#include "ff_kernels.h"

#define FF_BUSES 6
#define FF_VOICES 256
#define FF_FADING_VOICES 16     /* stolen voices fading out (over the ramp) beside the 256 */
#define FF_EQ_BANDS 4
#define FF_TILE_TRACKS 16       /* tracks rendered together: their rows stay in L2 */
#define FF_COMMAND_CAPACITY 4096
#define FF_EVENT_CAPACITY 8192
#define FF_DUCK_RULES 64        /* ducking rules (ff_engine_ducking.c) */
#define FF_FRAME_NOW 0          /* start / stop frame "at the next rendered block" */
#define FF_FADE_RAMP (-1)       /* stop fade length "the engine's ramp time" */

/* ---- messages ---------------------------------------------------------- */

typedef struct ff_clip_ref {
    const float *data;      /* (frames, channels) float32, C order; owned by Python */
    uint64_t frames;
    uint32_t channels;      /* 1 or 2 */
    uint32_t reserved;
    uint64_t key;           /* 64-bit clip key (fluxforge.keys) */
} ff_clip_ref;

enum ff_command_type {
    FF_CMD_ADD_TRACK = 1,   /* index = slot, id, clip */
    FF_CMD_REMOVE_TRACK,    /* index = slot -> event FF_EVT_TRACK_RELEASED */
    FF_CMD_SET_EQ,          /* index = slot, i[0] = band, i[1] = enabled, v = b0 b1 b2 a1 a2 */
    FF_CMD_SET_ROUTING,     /* i[0..5] = resolved bus outputs, i[6..11] = bus order (upstream first) */
    FF_CMD_SET_LOOP,        /* i[0] = on, a = start, b = end */
    FF_CMD_VOICE_START,     /* id, clip, a = start frame, i[0] = bus, i[1] = loop,
                               i[2] = fade-in frames, v[0..3] = gain matrix, v[4] = rate */
    FF_CMD_VOICE_STOP,      /* id, a = frame the fade starts, i[0] = fade frames or FF_FADE_RAMP */
    FF_CMD_RESET,           /* end voices; clear filter, meter and DC blocker memory */
    FF_CMD_VOICE_SET,       /* id, i[0] = bit 0: v[0..3] gain matrix, bit 1: v[4] rate */
    FF_CMD_DUCK_SET,        /* index = rule slot, i[0] = source bus, i[1] = target bus,
                               v[0] = amount_db, v[1] = attack_ms, v[2] = release_ms */
    FF_CMD_DUCK_REMOVE,     /* index = rule slot */
    FF_CMD_DUCK_CLEAR,
    FF_CMD_LOUDNESS_RESET,  /* start a new live loudness measurement (ff_engine_loudness.h) */
    FF_CMD_LOUDNESS_ENABLE  /* i[0] = 1 meter loudness (a new measurement), 0 stop metering */
};

typedef struct ff_command {
    uint32_t type;
    uint32_t index;
    uint64_t id;
    uint64_t a, b;
    ff_clip_ref clip;
    double v[5];
    int32_t i[12];
} ff_command;

enum ff_event_type {
    FF_EVT_CLIP_TOUCHED = 1,   /* value = clip key */
    FF_EVT_TRACK_RELEASED,     /* slot = track slot, value = clip key: Python may drop the clip */
    FF_EVT_VOICE_ENDED         /* slot = reason (ff_voice_end), value = voice id */
};

enum ff_voice_end {
    FF_VOICE_FINISHED = 0,
    FF_VOICE_STOPPED = 1,
    FF_VOICE_STOLEN = 2,
    FF_VOICE_REFUSED = 3
};

typedef struct ff_event {
    uint32_t type;
    uint32_t slot;
    uint64_t value;
} ff_event;

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

/* ---- meters -------------------------------------------------------------- */

typedef struct ff_meter {
    double peak_l, peak_r, rms_l, rms_r, corr;
} ff_meter;

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

/* ---- render-owned state ---------------------------------------------------- */

typedef struct ff_gain_ramp {
    double cur[4];      /* matrix L->L, R->L, L->R, R->R (index 0 alone for scalar gains) */
    double target[4];
    double step[4];
    uint32_t left;      /* frames still ramping */
    int32_t fresh;      /* next target is taken at once (new track / voice) */
} ff_gain_ramp;

typedef struct ff_gain_cache {
    double in[5];       /* volume, pan, pan_right, channels, audible */
    double g[4];
    int32_t valid;
} ff_gain_cache;

typedef struct ff_eq_glide {
    double target[5];       /* coefficients the band is gliding to */
    uint32_t left;          /* frames of glide still to go (0 = none) */
} ff_eq_glide;

typedef struct ff_track {
    ff_clip_ref clip;
    uint64_t id;
    int32_t active;
    int32_t removing;        /* fading out; released once the fade is done */
    uint32_t eq_on;          /* bit b set = band b enabled */
    ff_gain_ramp gain;
    ff_gain_cache gains;
} ff_track;

typedef struct ff_voice {
    ff_clip_ref clip;
    uint64_t id;
    uint64_t pos;            /* clip frame read next */
    double frac;             /* fraction of a frame past pos, [0, 1) */
    double rate, rate_target, rate_step;   /* playback rate (frames per output frame) */
    uint32_t rate_left;      /* frames the rate still ramps */
    uint32_t fade_in;        /* frames of fade-in from the first sample */
    uint64_t start;          /* frame_clock of the first sample */
    uint64_t age;            /* samples output so far */
    uint64_t stop_at;        /* frame_clock where the fade-out starts (if stopping) */
    uint32_t fade_out;       /* frames of that fade (0 = cut at stop_at) */
    int32_t active;
    int32_t loop;
    int32_t stopping;        /* fading out (now or from stop_at), then ends with end_reason */
    uint32_t end_reason;     /* FF_VOICE_STOPPED or FF_VOICE_STOLEN */
    uint32_t bus;
    ff_gain_ramp gain;       /* volume and pan (2x2 matrix), smoothed over the ramp */
} ff_voice;

/* A ducking rule: while a voice plays on `source`, `target` moves to amount_db. */
typedef struct ff_duck_rule {
    int32_t active;
    int32_t releasing;                  /* removed: released to 0 dB, then freed */
    int32_t source, target;
    double amount_db;
    double attack_coef, release_coef;   /* one-pole coefficient per frame */
    double env_db;                      /* this rule's envelope, 0 .. amount_db */
} ff_duck_rule;

typedef struct ff_engine {
    double samplerate;
    uint32_t blocksize;
    uint32_t max_tracks;
    uint32_t rows_cap;                       /* biquad bank stride (>= 2 * max_tracks) */
    const ff_kernels *const *kernel_slot;    /* process-wide active kernel table */
    const struct ff_engine_simd *simd;       /* the engine's own kernels, chosen per block */

    ff_params params;
    ff_ring commands;                        /* Python -> render */
    ff_ring events;                          /* render -> Python */
    ff_stats stats;

    /* tracks */
    ff_track *tracks;                        /* [max_tracks] */
    uint32_t track_hi;                       /* 1 + highest active slot */
    double *eq_coef;                         /* [FF_EQ_BANDS][5][rows_cap] */
    double *eq_state;                        /* [FF_EQ_BANDS][4][rows_cap] */
    ff_eq_glide *eq_glide;                   /* [max_tracks][FF_EQ_BANDS] */

    /* voices */
    ff_voice voices[FF_VOICES];
    ff_voice fading[FF_FADING_VOICES];

    /* ducking: rules, this block's voice activity per bus, per-frame target gains */
    ff_duck_rule duck[FF_DUCK_RULES];
    uint32_t voice_from[FF_BUSES], voice_to[FF_BUSES];   /* frames [from, to) had voice output */
    uint32_t ducked;                         /* bit b: duck_gain row b applies this block */
    double *duck_gain;                       /* [FF_BUSES][blocksize] linear gain */
    double duck_db[FF_BUSES];                /* published (atomic) current ducking gain */

    /* buses and master */
    int32_t bus_output[FF_BUSES];
    int32_t bus_order[FF_BUSES];
    ff_gain_ramp bus_gain[FF_BUSES];
    ff_gain_cache bus_gains[FF_BUSES];
    uint32_t fed;                            /* FF_FED_* bits of this block's bus rows */
    uint32_t dirty;                          /* rows holding data from an earlier block */
    ff_gain_ramp bus_gate[FF_BUSES];         /* solo gate on a bus's direct inputs */
    ff_gain_ramp master_gain;
    double dc_coef;                          /* one-pole DC blocker at 5 Hz */
    double dc_x1[2], dc_y1[2];

    uint64_t frame_clock;                    /* frames rendered (published, atomic) */

    /* transport (render-owned; position is also published) */
    int32_t playing;
    int32_t loop_on;
    uint64_t loop_start, loop_end;
    uint64_t position;                       /* published with atomic stores */
    uint64_t play_pos;                       /* where the tracks read next */
    int32_t fading_out;                      /* stop or seek: tracks fade out first */
    int32_t resume;                          /* after the fade: play on (a seek) */
    int32_t jump;                            /* a seek is waiting for the fade */
    uint32_t fade_left;                      /* frames of that fade still to render */
    uint64_t stop_pos;                       /* where the transport goes after it */
    uint64_t touch_countdown;                /* frames until the next clip-touch round */

    /* meters: working copies and the seqlocked published ones */
    ff_meter *meter_track;                   /* [max_tracks] */
    ff_meter meter_bus[FF_BUSES];
    ff_meter *pub_track;                     /* [max_tracks] */
    ff_meter pub_bus[FF_BUSES];
    uint64_t meter_seq;                      /* odd while the render writes */
    struct ff_live_loudness *loudness;       /* live loudness per bus (ff_engine_loudness.h) */

    /* scratch: rows of `blocksize` frames, `row_stride` apart, all in one arena.
     * The stride is padded so no two rows start at the same offset modulo 4 KiB
     * (loads and stores of rows at equal 4 KiB offsets falsely depend on each other). */
    uint32_t row_stride;
    double *arena;
    double *rows;                            /* [2 * FF_TILE_TRACKS][blocksize] */
    double *out_l, *out_r;                   /* one strip's output */
    double *tmp_l, *tmp_r;
    double *bus_direct;                      /* [FF_BUSES][2][blocksize] */
    double *bus_sum;                         /* [FF_BUSES][2][blocksize] */
    uint64_t *seg_pos;                       /* transport segments of this block */
    uint32_t *seg_len;
    uint32_t nseg;
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
static inline double ff_load_f64(const double *p) { double v; __atomic_load(p, &v, __ATOMIC_RELAXED); return v; }
static inline void ff_store_i32(int32_t *p, int32_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }
static inline int32_t ff_load_i32(const int32_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void ff_store_i64(int64_t *p, int64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline int64_t ff_load_i64(const int64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline uint64_t ff_load_u64(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }

#endif /* FF_ENGINE_H */
