/* ff_engine_simd_scalar.c - the engine's own kernels, scalar (1 double lane).
 *
 * Each function is defined here by its name on the bodies of
 * ff_engine_simd_body.h, and gathered in the table ff_engine_simd_scalar;
 * setup.py compiles this file with the scalar flags.
 */
#define FF_VEC_BYTES 8
#include "engine/ff_engine_simd_body.h"

void ff_strip_mix_scalar(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                         double *out_l, double *out_r, ff_stereo_stats *st)
{
    strip_mix(l, r, n, gain, out_l, out_r, st);
}

void ff_clip_widen_scalar(const float *src, size_t count, uint32_t channels, double *l,
                          double *r)
{
    clip_widen(src, count, channels, l, r);
}

const ff_engine_simd ff_engine_simd_scalar = {ff_strip_mix_scalar, ff_clip_widen_scalar, NULL, NULL,
                                              0};
