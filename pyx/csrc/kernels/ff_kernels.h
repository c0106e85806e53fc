/* ff_kernels.h - the DSP kernel table: one entry per kernel and sample type.
 *
 * Every instruction-set file (ff_kernels_<isa>.c) fills one const table; the
 * scalar file is the specification. Rules for every kernel:
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
 * Both filters set state values smaller than 1e-15 in magnitude to zero at
 * the end of each call (so a decaying filter never goes denormal); a NaN in
 * the input stays in the state until it is zeroed.
 * Peaks are max |x| (0 for n == 0; NaN if any sample is NaN); sums of
 * squares and products are accumulated in double for both sample types. */
#define FF_KERNEL_FIELDS(T, S)                                                      \
    void (*mix_add_##S)(T *restrict dst, const T *restrict src, size_t n, T gain); \
    void (*mix_add_ramp_##S)(T *restrict dst, const T *restrict src, size_t n,     \
                             T gain_start, T gain_step);                           \
    void (*apply_gain_##S)(T *buf, size_t n, T gain);                              \
    void (*stereo_gain_##S)(T *restrict left, T *restrict right, size_t n,         \
                            T gain_l, T gain_r);                                   \
    double (*find_peak_##S)(const T *x, size_t n);                                 \
    double (*sum_squares_##S)(const T *x, size_t n);                               \
    void (*stereo_stats_##S)(const T *left, const T *right, size_t n,              \
                             ff_stereo_stats *out);                                \
    void (*biquad_##S)(T *x, size_t n, const T *coef, T *state);                   \
    void (*biquad_bank_##S)(T *x, size_t xstride, size_t channels, size_t frames,  \
                            const T *coef, T *state, size_t cstride);

typedef struct ff_kernels {
    const char *name;      /* "scalar", "sse4.2", "avx2", "avx512", "neon" */
    ff_simd_level level;
    FF_KERNEL_FIELDS(double, f64)
    FF_KERNEL_FIELDS(float, f32)
} ff_kernels;

/* mix_add_ramp: dst[i] += src[i] * (gain_start + i*gain_step). */

#ifdef __cplusplus
}
#endif
#endif /* FF_KERNELS_H */
