/* ff_engine_simd_sse42.c - the engine's own kernels, SSE4.2 (2 double lanes).
 *
 * Each function is defined here by its name on the bodies of
 * ff_engine_simd_body.h, and gathered in the table ff_engine_simd_sse42;
 * setup.py compiles this file with the sse42 flags.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 16
#include "engine/ff_engine_simd_body.h"

void ff_strip_mix_sse42(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                        double *out_l, double *out_r, ff_stereo_stats *st)
{
    strip_mix(l, r, n, gain, out_l, out_r, st);
}

void ff_clip_widen_sse42(const float *src, size_t count, uint32_t channels, double *l,
                         double *r)
{
    clip_widen(src, count, channels, l, r);
}

void ff_fused_tracks_sse42(const ff_fused_job *job)
{
    fused_tracks(job);
}

void ff_fused_fold_sse42(const double *acc, size_t n, double *l, double *r)
{
    fused_fold(acc, n, l, r);
}

const ff_engine_simd ff_engine_simd_sse42 = {ff_strip_mix_sse42, ff_clip_widen_sse42,
                                             ff_fused_tracks_sse42,
                                             ff_fused_fold_sse42, FF_FUSED_WIDTH};
#endif
