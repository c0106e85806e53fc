/* ff_kernel_tables.c - one const table of kernels per SIMD level.
 *
 * ff_dispatch.c hands out the table of the level in use; each entry is the
 * level's kernel by its name (ff_kernels_isa.h). The x86 tables exist on x86
 * only, the NEON table on aarch64 only, like the kernels they list.
 */
#include "kernels/ff_kernels_isa.h"

const ff_kernels ff_kernels_scalar = {
    .name = "scalar",
    .level = FF_SIMD_SCALAR,
    .mix_add_f64 = ff_mix_add_f64_scalar,
    .mix_add_ramp_f64 = ff_mix_add_ramp_f64_scalar,
    .apply_gain_f64 = ff_apply_gain_f64_scalar,
    .stereo_gain_f64 = ff_stereo_gain_f64_scalar,
    .find_peak_f64 = ff_find_peak_f64_scalar,
    .sum_squares_f64 = ff_sum_squares_f64_scalar,
    .stereo_stats_f64 = ff_stereo_stats_f64_scalar,
    .biquad_f64 = ff_biquad_f64_scalar,
    .biquad_bank_f64 = ff_biquad_bank_f64_scalar,
    .mix_add_f32 = ff_mix_add_f32_scalar,
    .mix_add_ramp_f32 = ff_mix_add_ramp_f32_scalar,
    .apply_gain_f32 = ff_apply_gain_f32_scalar,
    .stereo_gain_f32 = ff_stereo_gain_f32_scalar,
    .find_peak_f32 = ff_find_peak_f32_scalar,
    .sum_squares_f32 = ff_sum_squares_f32_scalar,
    .stereo_stats_f32 = ff_stereo_stats_f32_scalar,
    .biquad_f32 = ff_biquad_f32_scalar,
    .biquad_bank_f32 = ff_biquad_bank_f32_scalar,
};

#if defined(__x86_64__) || defined(__i386__)
const ff_kernels ff_kernels_sse42 = {
    .name = "sse4.2",
    .level = FF_SIMD_SSE42,
    .mix_add_f64 = ff_mix_add_f64_sse42,
    .mix_add_ramp_f64 = ff_mix_add_ramp_f64_sse42,
    .apply_gain_f64 = ff_apply_gain_f64_sse42,
    .stereo_gain_f64 = ff_stereo_gain_f64_sse42,
    .find_peak_f64 = ff_find_peak_f64_sse42,
    .sum_squares_f64 = ff_sum_squares_f64_sse42,
    .stereo_stats_f64 = ff_stereo_stats_f64_sse42,
    .biquad_f64 = ff_biquad_f64_sse42,
    .biquad_bank_f64 = ff_biquad_bank_f64_sse42,
    .mix_add_f32 = ff_mix_add_f32_sse42,
    .mix_add_ramp_f32 = ff_mix_add_ramp_f32_sse42,
    .apply_gain_f32 = ff_apply_gain_f32_sse42,
    .stereo_gain_f32 = ff_stereo_gain_f32_sse42,
    .find_peak_f32 = ff_find_peak_f32_sse42,
    .sum_squares_f32 = ff_sum_squares_f32_sse42,
    .stereo_stats_f32 = ff_stereo_stats_f32_sse42,
    .biquad_f32 = ff_biquad_f32_sse42,
    .biquad_bank_f32 = ff_biquad_bank_f32_sse42,
};
#endif

#if defined(__x86_64__) || defined(__i386__)
const ff_kernels ff_kernels_avx2 = {
    .name = "avx2",
    .level = FF_SIMD_AVX2,
    .mix_add_f64 = ff_mix_add_f64_avx2,
    .mix_add_ramp_f64 = ff_mix_add_ramp_f64_avx2,
    .apply_gain_f64 = ff_apply_gain_f64_avx2,
    .stereo_gain_f64 = ff_stereo_gain_f64_avx2,
    .find_peak_f64 = ff_find_peak_f64_avx2,
    .sum_squares_f64 = ff_sum_squares_f64_avx2,
    .stereo_stats_f64 = ff_stereo_stats_f64_avx2,
    .biquad_f64 = ff_biquad_f64_avx2,
    .biquad_bank_f64 = ff_biquad_bank_f64_avx2,
    .mix_add_f32 = ff_mix_add_f32_avx2,
    .mix_add_ramp_f32 = ff_mix_add_ramp_f32_avx2,
    .apply_gain_f32 = ff_apply_gain_f32_avx2,
    .stereo_gain_f32 = ff_stereo_gain_f32_avx2,
    .find_peak_f32 = ff_find_peak_f32_avx2,
    .sum_squares_f32 = ff_sum_squares_f32_avx2,
    .stereo_stats_f32 = ff_stereo_stats_f32_avx2,
    .biquad_f32 = ff_biquad_f32_avx2,
    .biquad_bank_f32 = ff_biquad_bank_f32_avx2,
};
#endif

#if defined(__x86_64__) || defined(__i386__)
const ff_kernels ff_kernels_avx512 = {
    .name = "avx512",
    .level = FF_SIMD_AVX512,
    .mix_add_f64 = ff_mix_add_f64_avx512,
    .mix_add_ramp_f64 = ff_mix_add_ramp_f64_avx512,
    .apply_gain_f64 = ff_apply_gain_f64_avx512,
    .stereo_gain_f64 = ff_stereo_gain_f64_avx512,
    .find_peak_f64 = ff_find_peak_f64_avx512,
    .sum_squares_f64 = ff_sum_squares_f64_avx512,
    .stereo_stats_f64 = ff_stereo_stats_f64_avx512,
    .biquad_f64 = ff_biquad_f64_avx512,
    .biquad_bank_f64 = ff_biquad_bank_f64_avx512,
    .mix_add_f32 = ff_mix_add_f32_avx512,
    .mix_add_ramp_f32 = ff_mix_add_ramp_f32_avx512,
    .apply_gain_f32 = ff_apply_gain_f32_avx512,
    .stereo_gain_f32 = ff_stereo_gain_f32_avx512,
    .find_peak_f32 = ff_find_peak_f32_avx512,
    .sum_squares_f32 = ff_sum_squares_f32_avx512,
    .stereo_stats_f32 = ff_stereo_stats_f32_avx512,
    .biquad_f32 = ff_biquad_f32_avx512,
    .biquad_bank_f32 = ff_biquad_bank_f32_avx512,
};
#endif

#if defined(__aarch64__)
const ff_kernels ff_kernels_neon = {
    .name = "neon",
    .level = FF_SIMD_NEON,
    .mix_add_f64 = ff_mix_add_f64_neon,
    .mix_add_ramp_f64 = ff_mix_add_ramp_f64_neon,
    .apply_gain_f64 = ff_apply_gain_f64_neon,
    .stereo_gain_f64 = ff_stereo_gain_f64_neon,
    .find_peak_f64 = ff_find_peak_f64_neon,
    .sum_squares_f64 = ff_sum_squares_f64_neon,
    .stereo_stats_f64 = ff_stereo_stats_f64_neon,
    .biquad_f64 = ff_biquad_f64_neon,
    .biquad_bank_f64 = ff_biquad_bank_f64_neon,
    .mix_add_f32 = ff_mix_add_f32_neon,
    .mix_add_ramp_f32 = ff_mix_add_ramp_f32_neon,
    .apply_gain_f32 = ff_apply_gain_f32_neon,
    .stereo_gain_f32 = ff_stereo_gain_f32_neon,
    .find_peak_f32 = ff_find_peak_f32_neon,
    .sum_squares_f32 = ff_sum_squares_f32_neon,
    .stereo_stats_f32 = ff_stereo_stats_f32_neon,
    .biquad_f32 = ff_biquad_f32_neon,
    .biquad_bank_f32 = ff_biquad_bank_f32_neon,
};
#endif
