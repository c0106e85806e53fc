/* ff_engine_simd.h - the engine's own SIMD kernels, one table per ISA.
 *
 * Two operations are specific to the engine's render (fused for cache
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
 *
 * Every table is compiled from ff_engine_simd_body.h with its ISA's flags and
 * chosen by the level of the active kernel table, so forcing a SIMD level
 * forces these too.
 */
#ifndef FF_ENGINE_SIMD_H
#define FF_ENGINE_SIMD_H

#include <stddef.h>
#include <stdint.h>

#include "ff_engine.h"

typedef struct ff_engine_simd {
    void (*strip_mix)(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                      double *out_l, double *out_r, ff_stereo_stats *st);
    /* count frames of `channels` (1 or 2) interleaved floats -> l (and r for stereo) */
    void (*clip_widen)(const float *src, size_t count, uint32_t channels, double *l,
                       double *r);
} ff_engine_simd;

const ff_engine_simd *ff_engine_simd_for(ff_simd_level level);

extern const ff_engine_simd ff_engine_simd_scalar;
extern const ff_engine_simd ff_engine_simd_sse42;
extern const ff_engine_simd ff_engine_simd_avx2;
extern const ff_engine_simd ff_engine_simd_avx512;
extern const ff_engine_simd ff_engine_simd_neon;

#endif /* FF_ENGINE_SIMD_H */
