/* ff_kernels_isa.h - every kernel of every instruction set, by its name.
 *
 * ff_<kernel>_<type>_<isa> is defined in ff_kernels_<type>_<isa>.c (the
 * x86 files on x86 only, the NEON ones on aarch64 only) and the level's
 * table, ff_kernels_<isa>, in ff_kernel_tables.c.
 */
#ifndef FF_KERNELS_ISA_H
#define FF_KERNELS_ISA_H

#include "kernels/ff_kernels.h"

ff_mix_add_f64_fn ff_mix_add_f64_scalar, ff_mix_add_f64_sse42, ff_mix_add_f64_avx2,
    ff_mix_add_f64_avx512, ff_mix_add_f64_neon;
ff_mix_add_ramp_f64_fn ff_mix_add_ramp_f64_scalar, ff_mix_add_ramp_f64_sse42,
    ff_mix_add_ramp_f64_avx2, ff_mix_add_ramp_f64_avx512, ff_mix_add_ramp_f64_neon;
ff_apply_gain_f64_fn ff_apply_gain_f64_scalar, ff_apply_gain_f64_sse42, ff_apply_gain_f64_avx2,
    ff_apply_gain_f64_avx512, ff_apply_gain_f64_neon;
ff_stereo_gain_f64_fn ff_stereo_gain_f64_scalar, ff_stereo_gain_f64_sse42,
    ff_stereo_gain_f64_avx2, ff_stereo_gain_f64_avx512, ff_stereo_gain_f64_neon;
ff_find_peak_f64_fn ff_find_peak_f64_scalar, ff_find_peak_f64_sse42, ff_find_peak_f64_avx2,
    ff_find_peak_f64_avx512, ff_find_peak_f64_neon;
ff_sum_squares_f64_fn ff_sum_squares_f64_scalar, ff_sum_squares_f64_sse42,
    ff_sum_squares_f64_avx2, ff_sum_squares_f64_avx512, ff_sum_squares_f64_neon;
ff_stereo_stats_f64_fn ff_stereo_stats_f64_scalar, ff_stereo_stats_f64_sse42,
    ff_stereo_stats_f64_avx2, ff_stereo_stats_f64_avx512, ff_stereo_stats_f64_neon;
ff_biquad_f64_fn ff_biquad_f64_scalar, ff_biquad_f64_sse42, ff_biquad_f64_avx2,
    ff_biquad_f64_avx512, ff_biquad_f64_neon;
ff_biquad_bank_f64_fn ff_biquad_bank_f64_scalar, ff_biquad_bank_f64_sse42,
    ff_biquad_bank_f64_avx2, ff_biquad_bank_f64_avx512, ff_biquad_bank_f64_neon;
ff_mix_add_f32_fn ff_mix_add_f32_scalar, ff_mix_add_f32_sse42, ff_mix_add_f32_avx2,
    ff_mix_add_f32_avx512, ff_mix_add_f32_neon;
ff_mix_add_ramp_f32_fn ff_mix_add_ramp_f32_scalar, ff_mix_add_ramp_f32_sse42,
    ff_mix_add_ramp_f32_avx2, ff_mix_add_ramp_f32_avx512, ff_mix_add_ramp_f32_neon;
ff_apply_gain_f32_fn ff_apply_gain_f32_scalar, ff_apply_gain_f32_sse42, ff_apply_gain_f32_avx2,
    ff_apply_gain_f32_avx512, ff_apply_gain_f32_neon;
ff_stereo_gain_f32_fn ff_stereo_gain_f32_scalar, ff_stereo_gain_f32_sse42,
    ff_stereo_gain_f32_avx2, ff_stereo_gain_f32_avx512, ff_stereo_gain_f32_neon;
ff_find_peak_f32_fn ff_find_peak_f32_scalar, ff_find_peak_f32_sse42, ff_find_peak_f32_avx2,
    ff_find_peak_f32_avx512, ff_find_peak_f32_neon;
ff_sum_squares_f32_fn ff_sum_squares_f32_scalar, ff_sum_squares_f32_sse42,
    ff_sum_squares_f32_avx2, ff_sum_squares_f32_avx512, ff_sum_squares_f32_neon;
ff_stereo_stats_f32_fn ff_stereo_stats_f32_scalar, ff_stereo_stats_f32_sse42,
    ff_stereo_stats_f32_avx2, ff_stereo_stats_f32_avx512, ff_stereo_stats_f32_neon;
ff_biquad_f32_fn ff_biquad_f32_scalar, ff_biquad_f32_sse42, ff_biquad_f32_avx2,
    ff_biquad_f32_avx512, ff_biquad_f32_neon;
ff_biquad_bank_f32_fn ff_biquad_bank_f32_scalar, ff_biquad_bank_f32_sse42,
    ff_biquad_bank_f32_avx2, ff_biquad_bank_f32_avx512, ff_biquad_bank_f32_neon;

extern const ff_kernels ff_kernels_scalar, ff_kernels_sse42, ff_kernels_avx2,
    ff_kernels_avx512, ff_kernels_neon;

#endif /* FF_KERNELS_ISA_H */
