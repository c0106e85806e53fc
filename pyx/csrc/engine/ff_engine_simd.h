/* ff_engine_simd.h - the engine's own SIMD kernels, one table per ISA.
 *
 * Three operations are specific to the engine's render (fused for cache
 * traffic), so they live here rather than in the general kernel table:
 *
 * strip_mix: one pass over a strip's (track's or bus's) stereo input does the
 *   ramped 2x2 gain matrix, the meter statistics of the result, and the add
 *   into the destination bus:
 *     o_l = g0*l + g1*r,  o_r = g2*l + g3*r,   out_l += o_l,  out_r += o_r,
 *   g = cur + step*i for the first min(left, n) frames of the ramp, then
 *   target; st = peak / sum of squares / sum of products of (o_l, o_r). A mono
 *   input passes r = NULL (its g1 and g3 are 0).
 * clip_widen: float32 clip frames -> float64 rows (stereo deinterleaved).
 * fused_tracks: a few stereo tracks from float32 clip frames to their buses
 *   in one pass, in the biquad bank's lanes (ff_engine_fused_body.h):
 *   widen, the enabled EQ bands, the ramped gain matrix, meter statistics,
 *   and the add into the bus: tracks of one bus add each frame's lanes into
 *   the bus's lane accumulator (track k of the call in lanes 2k, 2k + 1);
 *   tracks of several buses are transposed back and each added into its
 *   bus's interleaved accumulator. The tracks' filter state and coefficients
 *   are their bank lanes; `fused_width` tracks per call (0 and NULL for the
 *   scalar table, whose tracks take the row-by-row path).
 * fused_fold: a bus's lane accumulator added into its left and right rows
 *   (each frame's even lanes summed into left, odd into right).
 *
 * Each ISA's functions are written out by name in ff_engine_simd_<isa>.c
 * (ff_strip_mix_avx2, ff_clip_widen_avx2, ff_fused_tracks_avx2,
 * ff_fused_fold_avx2) on the bodies of ff_engine_simd_body.h, compiled with
 * that ISA's flags, and gathered there in its table; ff_engine_simd_for()
 * picks the table of the active kernel table's level, so forcing a SIMD
 * level forces these too.
 */
#ifndef FF_ENGINE_SIMD_H
#define FF_ENGINE_SIMD_H

#include <stddef.h>
#include <stdint.h>

#include "engine/ff_engine.h"

/* One track of a fused call. */
typedef struct ff_fused_track {
    const float *src;           /* n interleaved stereo frames; NULL = silence */
    const ff_gain_ramp *gain;   /* this block's ramp (cur, step, target, left) */
    ff_stereo_stats *stats;     /* out: statistics of the track's output */
    size_t lane;                /* its left lane in the bank's rows (2 * slot) */
    double *bus;                /* without acc: its bus's interleaved stereo
                                   accumulator of 2n doubles, added into */
} ff_fused_track;

#define FF_FUSED_MAX_TRACKS 4   /* the widest table's fused_width (AVX-512) */
#define FF_FUSED_MAX_LANES (2 * FF_FUSED_MAX_TRACKS)

/* A call: up to fused_width tracks, all of one bus into its lane accumulator
 * (acc), or each into its own bus's interleaved accumulator (track[k].bus). */
typedef struct ff_fused_job {
    size_t n;                            /* frames */
    size_t tracks;                       /* <= the table's fused_width */
    uint32_t bands;                      /* bit b: run EQ band b */
    size_t cstride;                      /* distance between coefficient / state rows */
    const double *coef[FF_EQ_BANDS];     /* b0 row of band b (lane 0) */
    double *state[FF_EQ_BANDS];          /* x1 row of band b (lane 0) */
    double *acc;                         /* NULL, or the lane accumulator of the bus of
                                            every track: n frames of 2 * fused_width */
    int acc_fresh;                       /* 1: write acc (its first use this block);
                                            0: add into it */
    ff_fused_track track[FF_FUSED_MAX_TRACKS];
    const float *next[FF_FUSED_MAX_TRACKS]; /* sources of a later call (NULL: none),
                                               prefetched while this call computes */
} ff_fused_job;

typedef void ff_strip_mix_fn(const double *l, const double *r, size_t n,
                             const ff_gain_ramp *gain, double *out_l, double *out_r,
                             ff_stereo_stats *st);
/* count frames of `channels` (1 or 2) interleaved floats -> l (and r for stereo) */
typedef void ff_clip_widen_fn(const float *src, size_t count, uint32_t channels, double *l,
                              double *r);
typedef void ff_fused_tracks_fn(const ff_fused_job *job);
/* l[i] += the even lanes of frame i of acc (2 * fused_width doubles a frame), r[i] += the odd */
typedef void ff_fused_fold_fn(const double *acc, size_t n, double *l, double *r);

typedef struct ff_engine_simd {
    ff_strip_mix_fn *strip_mix;
    ff_clip_widen_fn *clip_widen;
    ff_fused_tracks_fn *fused_tracks;
    ff_fused_fold_fn *fused_fold;
    uint32_t fused_width;
} ff_engine_simd;

const ff_engine_simd *ff_engine_simd_for(ff_simd_level level);

ff_strip_mix_fn ff_strip_mix_scalar, ff_strip_mix_sse42, ff_strip_mix_avx2, ff_strip_mix_avx512,
    ff_strip_mix_neon;
ff_clip_widen_fn ff_clip_widen_scalar, ff_clip_widen_sse42, ff_clip_widen_avx2,
    ff_clip_widen_avx512, ff_clip_widen_neon;
ff_fused_tracks_fn ff_fused_tracks_sse42, ff_fused_tracks_avx2, ff_fused_tracks_avx512,
    ff_fused_tracks_neon;   /* the scalar table has none */
ff_fused_fold_fn ff_fused_fold_sse42, ff_fused_fold_avx2, ff_fused_fold_avx512, ff_fused_fold_neon;

extern const ff_engine_simd ff_engine_simd_scalar, ff_engine_simd_sse42, ff_engine_simd_avx2,
    ff_engine_simd_avx512, ff_engine_simd_neon;

#endif /* FF_ENGINE_SIMD_H */
