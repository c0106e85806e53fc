/* ff_engine_types.h - the render's building blocks: gain ramps, meters, tracks, voices,
 * ducking rules.
 *
 * Render-owned: only the render thread reads and writes these (Python reads
 * meters through the seqlocked copies, see ff_engine_read_meters).
 */
#ifndef FF_ENGINE_TYPES_H
#define FF_ENGINE_TYPES_H

#include <stdint.h>

#include "engine/ff_engine_messages.h"

typedef struct ff_meter {
    double peak_l, peak_r, rms_l, rms_r, corr;
} ff_meter;

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

#endif /* FF_ENGINE_TYPES_H */
