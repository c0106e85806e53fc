/* ff_engine_simd_neon.c - the engine's own kernels, NEON (2 double lanes).
 *
 * Each function is defined here by its name on the bodies of
 * ff_engine_simd_body.h, and gathered in the table ff_engine_simd_neon;
 * setup.py compiles this file with the neon flags.
 */
#if defined(__aarch64__)
#define FF_VEC_BYTES 16
#include "engine/ff_engine_simd_body.h"

void ff_strip_mix_neon(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                       double *out_l, double *out_r, ff_stereo_stats *st)
{
    strip_mix(l, r, n, gain, out_l, out_r, st);
}

void ff_clip_widen_neon(const float *src, size_t count, uint32_t channels, double *l,
                        double *r)
{
    clip_widen(src, count, channels, l, r);
}

void ff_fused_tracks_neon(const ff_fused_job *job)
{
    fused_tracks(job);
}

void ff_fused_fold_neon(const double *acc, size_t n, double *l, double *r)
{
    fused_fold(acc, n, l, r);
}

const ff_engine_simd ff_engine_simd_neon = {ff_strip_mix_neon, ff_clip_widen_neon,
                                            ff_fused_tracks_neon,
                                            ff_fused_fold_neon, FF_FUSED_WIDTH};
#endif
