/* ff_kernels.h - the DSP kernel table: one entry per kernel and sample type.
 *
 * Every kernel is written out per instruction set and sample type with its
 * own name, ff_<kernel>_<type>_<isa> (ff_mix_add_f64_avx2 in
 * ff_kernels_f64_avx2.c; the declarations are in ff_kernels_isa.h), and
 * kernels/ff_kernel_tables.c gathers one const table per level; the scalar
 * files are the specification. Rules for every kernel:
 *   - plain C99, no Python, no allocation, explicit lengths, restrict pointers,
 *   - no alignment assumption (NumPy slices are often only 8/16-byte aligned),
 *   - never built with fast-math or reassociation (IIR code must stay exact).
 */
#ifndef FF_KERNELS_H
#define FF_KERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* SIMD levels, in order of preference on x86; NEON is the aarch64 level. */
typedef enum ff_simd_level {
    FF_SIMD_SCALAR = 0,
    FF_SIMD_SSE42 = 1,
    FF_SIMD_AVX2 = 2,
    FF_SIMD_AVX512 = 3,
    FF_SIMD_NEON = 4,
    FF_SIMD_COUNT = 5
} ff_simd_level;

/* One pass over a stereo pair: what peak, RMS and correlation meters need. */
typedef struct ff_stereo_stats {
    double peak_l, peak_r;   /* max |x| per side */
    double sum_ll, sum_rr;   /* sum of squares per side */
    double sum_lr;           /* sum of products */
} ff_stereo_stats;

/* Biquad layouts (direct form I: y = b0 x + b1 x1 + b2 x2 - a2 y2 - a1 y1,
 * summed in that order so the loop-carried path is one multiply-add).
 * Single channel: coef[5] = {b0, b1, b2, a1, a2} (a0 normalised to 1),
 *                 state[4] = {x[n-1], x[n-2], y[n-1], y[n-2]} (zeroed = reset).
 * Bank of channels side by side: coef holds 5 rows of `cstride` values
 *   (b0[cstride], b1[..], b2[..], a1[..], a2[..]), state holds 4 rows of
 *   `cstride` values in the same order as the single channel's state;
 *   cstride >= channels. Audio is `channels` rows of `frames` samples, row c
 *   starting at x + c*xstride. Processed in place.
 * Both filters set state values smaller than FF_STATE_FLUSH in magnitude to
 * zero at the end of each call (so a decaying filter never goes denormal); a
 * NaN in the input stays in the state until it is zeroed.
 * Peaks are max |x| (0 for n == 0; NaN if any sample is NaN); sums of
 * squares and products are accumulated in double for both sample types.
 * mix_add_ramp: dst[i] += src[i] * (gain_start + i*gain_step). */

/* Filter state smaller than this is set to zero after every block (JUCE
 * style), so a decaying filter never produces denormal numbers: 1e-15 is
 * -300 dB below full scale, far under any audible or measurable level. */
#define FF_STATE_FLUSH 1e-15

/* The kernels' signatures, one function type per kernel and sample type. */
typedef void ff_mix_add_f64_fn(double *restrict dst, const double *restrict src, size_t n,
                               double gain);
typedef void ff_mix_add_f32_fn(float *restrict dst, const float *restrict src, size_t n,
                               float gain);
typedef void ff_mix_add_ramp_f64_fn(double *restrict dst, const double *restrict src, size_t n,
                                    double gain_start, double gain_step);
typedef void ff_mix_add_ramp_f32_fn(float *restrict dst, const float *restrict src, size_t n,
                                    float gain_start, float gain_step);
typedef void ff_apply_gain_f64_fn(double *buf, size_t n, double gain);
typedef void ff_apply_gain_f32_fn(float *buf, size_t n, float gain);
typedef void ff_stereo_gain_f64_fn(double *restrict left, double *restrict right, size_t n,
                                   double gain_l, double gain_r);
typedef void ff_stereo_gain_f32_fn(float *restrict left, float *restrict right, size_t n,
                                   float gain_l, float gain_r);
typedef double ff_find_peak_f64_fn(const double *x, size_t n);
typedef double ff_find_peak_f32_fn(const float *x, size_t n);
typedef double ff_sum_squares_f64_fn(const double *x, size_t n);
typedef double ff_sum_squares_f32_fn(const float *x, size_t n);
typedef void ff_stereo_stats_f64_fn(const double *left, const double *right, size_t n,
                                    ff_stereo_stats *out);
typedef void ff_stereo_stats_f32_fn(const float *left, const float *right, size_t n,
                                    ff_stereo_stats *out);
typedef void ff_biquad_f64_fn(double *x, size_t n, const double *coef, double *state);
typedef void ff_biquad_f32_fn(float *x, size_t n, const float *coef, float *state);
typedef void ff_biquad_bank_f64_fn(double *x, size_t xstride, size_t channels, size_t frames,
                                   const double *coef, double *state, size_t cstride);
typedef void ff_biquad_bank_f32_fn(float *x, size_t xstride, size_t channels, size_t frames,
                                   const float *coef, float *state, size_t cstride);

/* One instruction set's kernels (kernels/ff_kernel_tables.c fills one per level). */
typedef struct ff_kernels {
    const char *name;      /* "scalar", "sse4.2", "avx2", "avx512", "neon" */
    ff_simd_level level;
    ff_mix_add_f64_fn *mix_add_f64;
    ff_mix_add_ramp_f64_fn *mix_add_ramp_f64;
    ff_apply_gain_f64_fn *apply_gain_f64;
    ff_stereo_gain_f64_fn *stereo_gain_f64;
    ff_find_peak_f64_fn *find_peak_f64;
    ff_sum_squares_f64_fn *sum_squares_f64;
    ff_stereo_stats_f64_fn *stereo_stats_f64;
    ff_biquad_f64_fn *biquad_f64;
    ff_biquad_bank_f64_fn *biquad_bank_f64;
    ff_mix_add_f32_fn *mix_add_f32;
    ff_mix_add_ramp_f32_fn *mix_add_ramp_f32;
    ff_apply_gain_f32_fn *apply_gain_f32;
    ff_stereo_gain_f32_fn *stereo_gain_f32;
    ff_find_peak_f32_fn *find_peak_f32;
    ff_sum_squares_f32_fn *sum_squares_f32;
    ff_stereo_stats_f32_fn *stereo_stats_f32;
    ff_biquad_f32_fn *biquad_f32;
    ff_biquad_bank_f32_fn *biquad_bank_f32;
} ff_kernels;


#ifdef __cplusplus
}
#endif
#endif /* FF_KERNELS_H */
