/* ff_engine_simd_avx512.c - the engine's own kernels, AVX-512 (8 double lanes).
 *
 * Each function is defined here by its name on the bodies of
 * ff_engine_simd_body.h, and gathered in the table ff_engine_simd_avx512;
 * setup.py compiles this file with the avx512 flags.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 64
#include "engine/ff_engine_simd_body.h"

void ff_strip_mix_avx512(const double *l, const double *r, size_t n, const ff_gain_ramp *gain,
                         double *out_l, double *out_r, ff_stereo_stats *st)
{
    strip_mix(l, r, n, gain, out_l, out_r, st);
}

void ff_clip_widen_avx512(const float *src, size_t count, uint32_t channels, double *l,
                          double *r)
{
    clip_widen(src, count, channels, l, r);
}

void ff_fused_tracks_avx512(const ff_fused_job *job)
{
    fused_tracks(job);
}

void ff_fused_fold_avx512(const double *acc, size_t n, double *l, double *r)
{
    fused_fold(acc, n, l, r);
}

const ff_engine_simd ff_engine_simd_avx512 = {ff_strip_mix_avx512, ff_clip_widen_avx512,
                                              ff_fused_tracks_avx512,
                                              ff_fused_fold_avx512, FF_FUSED_WIDTH};
#endif
