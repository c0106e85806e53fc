/* ff_engine_internal.h - helpers shared by the engine's C files (not for Python).
 *
 * Everything here runs on the render thread unless marked otherwise, so the
 * same rules hold: no allocation, no locks, no system calls.
 */
#ifndef FF_ENGINE_INTERNAL_H
#define FF_ENGINE_INTERNAL_H

#include "engine/ff_engine.h"

/* rows of per-block scratch */
#define FF_ROW(base, index, e) ((base) + (size_t)(index) * (e)->scratch.row_stride)

/* counters: only the render writes them; Python reads them with atomic loads */
#define FF_STAT_ADD(e, field, v) \
    __atomic_store_n(&(e)->stats.field, (e)->stats.field + (uint64_t)(v), __ATOMIC_RELAXED)

/* ---- gain ramps (ff_engine_ramp.c) ---------------------------------------- */
/* Aim the ramp at `target` (count gains); a change starts a linear ramp of
 * `ramp_frames`; a fresh ramp jumps there at once. */
void ff_ramp_aim(ff_gain_ramp *r, const double *target, int count, uint32_t ramp_frames);
/* Advance by n frames without producing audio (ramp ends exactly on target). */
void ff_ramp_advance(ff_gain_ramp *r, int count, size_t n);
/* out_l += g0*in_l; out_r += g0*in_r, ramped on gain 0; advances. */
void ff_ramp_scale_add(const ff_kernels *k, ff_gain_ramp *r, const double *in_l,
                       const double *in_r, double *out_l, double *out_r, size_t n);
/* The 2x2 gain matrix of a strip: volume, pan law (ff_pan.h), audible (0 or 1). */
void ff_strip_gains(double volume, double pan, double pan_right, int channels,
                    double audible, double g[4]);
/* ff_strip_gains, recomputed only when an input changed (no trig per block). */
void ff_strip_gains_cached(ff_gain_cache *cache, double volume, double pan, double pan_right,
                           int channels, double audible, double g[4]);
uint32_t ff_ramp_length(const ff_engine *e);

/* ---- clips (ff_engine_clip.c) ------------------------------------------------ */
/* Widen `count` frames from `pos` into l (and r for stereo clips); past the
 * clip's end the rows get zeros. r may be NULL for mono clips. */
void ff_clip_read(const ff_engine *e, const ff_clip_ref *clip, uint64_t pos, size_t count,
                  double *l, double *r);

/* ---- meters (ff_engine_meters.c) --------------------------------------------- */
double ff_meter_decay_factor(const ff_engine *e, size_t n);
void ff_meter_update(const ff_kernels *k, ff_meter *m, const double *l, const double *r,
                     size_t n, double decay);
/* The same ballistics from statistics already gathered (by the strip kernel). */
void ff_meter_apply(ff_meter *m, const ff_stereo_stats *st, size_t n, double decay);
void ff_meter_fall(ff_meter *m, double decay);
void ff_meter_publish(ff_engine *e);

/* ---- transport (ff_engine_transport.c) ------------------------------------------ */
void ff_transport_set_loop(ff_engine *e, int on, uint64_t start, uint64_t end);
/* Before the block: Python's seek and play/stop requests, the block's segments. */
void ff_transport_take(ff_engine *e, size_t n);
/* After the block: play position, fades, published position, clip touches. */
void ff_transport_advance(ff_engine *e, size_t n);

/* ---- buses fed this block (bit b: direct input of b, bit FF_BUSES + b: sum of b) ---- */
#define FF_FED_DIRECT(b) (1u << (b))
#define FF_FED_SUM(b) (1u << (FF_BUSES + (b)))

/* ---- events (ff_engine_ring.c) ------------------------------------------------ */
void ff_post_event(ff_engine *e, uint32_t type, uint32_t slot, uint64_t value);

/* ---- tracks (ff_engine_tracks.c, ff_engine_tracks_render.c) -------------------- */
/* These return 0, or -1 for a command naming a bad slot or band (it is ignored). */
int ff_track_add(ff_engine *e, const ff_command *c);
int ff_track_remove(ff_engine *e, uint32_t slot);
int ff_track_set_eq(ff_engine *e, const ff_command *c);
void ff_tracks_reset(ff_engine *e);
void ff_tracks_touch_clips(ff_engine *e);
void ff_tracks_render(ff_engine *e, const ff_kernels *k, size_t n, int any_solo, double decay);
/* Aim slot s's gain ramp at its target matrix from the shared parameters. */
void ff_track_aim(ff_engine *e, uint32_t s, int any_solo, uint32_t ramp);
/* After slot s's block is mixed: its ramp moves on, its meter takes the
 * statistics, and a track being removed is released once it is silent. */
void ff_track_done(ff_engine *e, uint32_t s, const ff_stereo_stats *st, size_t n, double decay);
/* The bus slot s feeds (a bad value counts as Master). */
int32_t ff_track_bus(const ff_engine *e, uint32_t s);
/* Release slot s now: the render stops reading its clip (event to Python). */
void ff_track_release(ff_engine *e, uint32_t slot);
/* The playing track stage through the SIMD table's fused kernel (ff_engine_tracks_fused.c). */
void ff_tracks_render_fused(ff_engine *e, const ff_kernels *k, size_t n, int any_solo,
                            double decay, uint32_t ramp);
/* Slots [first, first + count) through the rows: clip read, EQ bank, strip mix. */
void ff_tracks_row_tile(ff_engine *e, const ff_kernels *k, uint32_t first, uint32_t count,
                        size_t n, int any_solo, double decay, uint32_t ramp);
/* 1 if a band the tile uses has a coefficient glide under way. */
int ff_tracks_gliding(ff_engine *e, uint32_t first, uint32_t count);

/* ---- EQ rows: band b's coefficient row j (b0 b1 b2 a1 a2) and state row j
 * (x1 x2 y1 y2), rows_cap values each, lanes 2 * slot and 2 * slot + 1 -------- */
static inline double *ff_eq_coef_row(const ff_engine *e, int band, int j)
{
    return e->tracks.eq_coef + ((size_t)band * 5 + (size_t)j) * e->rows_cap;
}

static inline double *ff_eq_state_row(const ff_engine *e, int band, int j)
{
    return e->tracks.eq_state + ((size_t)band * 4 + (size_t)j) * e->rows_cap;
}

/* ---- EQ glides (ff_engine_eq_glide.c) ------------------------------------------- */
void ff_eq_glide_start(ff_engine *e, uint32_t slot, int band, const double coef[5]);
void ff_eq_glide_cancel(ff_engine *e, uint32_t slot, int band);
int ff_eq_gliding(ff_engine *e, uint32_t first, uint32_t count, int band);
/* The band's biquad bank over the tile in sub-blocks, its glides stepping between them. */
void ff_eq_glide_tile(ff_engine *e, const ff_kernels *k, uint32_t first, uint32_t count,
                      int band, size_t n);

/* ---- voices (ff_engine_voices.c, ff_engine_voice_render.c) ----------------------- */
void ff_voice_start(ff_engine *e, const ff_command *c);
void ff_voice_stop(ff_engine *e, const ff_command *c);
void ff_voice_set(ff_engine *e, const ff_command *c);
void ff_voice_end(ff_engine *e, ff_voice *v, uint32_t reason);
void ff_voices_render(ff_engine *e, size_t n);
void ff_voices_end_all(ff_engine *e);

/* ---- ducking (ff_engine_ducking.c) ---------------------------------------------- */
int ff_duck_set(ff_engine *e, const ff_command *c);
int ff_duck_remove(ff_engine *e, uint32_t slot);
void ff_duck_clear(ff_engine *e);
/* After the voices: this block's per-frame gain of every ducked bus. */
void ff_ducking_render(ff_engine *e, size_t n);
/* Multiply a bus's input rows in place by its ducking gain (if ducked this block). */
void ff_ducking_apply(ff_engine *e, int bus, double *l, double *r, size_t n);

/* ---- buses (ff_engine_buses.c) and master (ff_engine_master.c) ------------------ */
void ff_buses_route(ff_engine *e, const ff_command *c);
void ff_buses_render(ff_engine *e, const ff_kernels *k, size_t n, double decay);
/* Forget the DC blocker's memory. */
void ff_master_reset(ff_engine *e);
void ff_master_render(ff_engine *e, const ff_kernels *k, size_t n, float *out, double decay);

#endif /* FF_ENGINE_INTERNAL_H */
