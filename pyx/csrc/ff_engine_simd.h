/* ff_engine_strip.h - the engine's fused strip kernel, one variant per ISA.
 *
 * One pass over a strip's (track's or bus's) stereo input does what the
 * render needs from it: the ramped 2x2 gain matrix, the meter statistics of
 * the result, and the add into the destination bus:
 *     o_l = g0*l + g1*r,  o_r = g2*l + g3*r,   out_l += o_l,  out_r += o_r,
 * g = cur + step*i for the first min(left, n) frames of the ramp, then target;
 * st = peak/sum-of-squares/sum-of-products of (o_l, o_r). A mono input passes
 * r = NULL (its g1 and g3 are 0). It is engine-specific (fused for cache
 * traffic), so it lives here rather than in the kernel table; every variant
 * is compiled from ff_engine_strip_body.h with its ISA's flags and chosen by
 * the level of the active kernel table, so forcing a SIMD level forces it too.
 */
#ifndef FF_ENGINE_STRIP_H
#define FF_ENGINE_STRIP_H

#include <stddef.h>

#include "ff_engine.h"

typedef void (*ff_strip_mix_fn)(const double *l, const double *r, size_t n,
                                const ff_gain_ramp *gain, double *out_l, double *out_r,
                                ff_stereo_stats *st);

ff_strip_mix_fn ff_strip_mix_for(ff_simd_level level);

void ff_strip_mix_scalar(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                         double *out_l, double *out_r, ff_stereo_stats *st);
void ff_strip_mix_sse42(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                        double *out_l, double *out_r, ff_stereo_stats *st);
void ff_strip_mix_avx2(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                       double *out_l, double *out_r, ff_stereo_stats *st);
void ff_strip_mix_avx512(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                         double *out_l, double *out_r, ff_stereo_stats *st);
void ff_strip_mix_neon(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                       double *out_l, double *out_r, ff_stereo_stats *st);

#endif /* FF_ENGINE_STRIP_H */
