/* ff_template.h - name mangling for kernel bodies written once per sample type.
 *
 * A body header is included twice by each kernel file: once with
 * FF_T=double/FF_S=f64 and once with FF_T=float/FF_S=f32. FF_FN(mix_add)
 * then expands to mix_add_f64 or mix_add_f32 (static, one per file).
 */
#ifndef FF_TEMPLATE_H
#define FF_TEMPLATE_H

#define FF_CAT_(a, b) a##_##b
#define FF_CAT(a, b) FF_CAT_(a, b)
#define FF_FN(name) FF_CAT(name, FF_S)

/* Filter state smaller than this is set to zero after every block (JUCE
 * style), so a decaying filter never produces denormal numbers: 1e-15 is
 * -300 dB below full scale, far under any audible or measurable level. */
#define FF_STATE_FLUSH 1e-15

/* Designated initialisers for one sample type's half of an ff_kernels table,
 * naming the static functions the body header defined. */
#define FF_TABLE_FIELDS(S)                                       \
    .mix_add_##S = mix_add_##S, .mix_add_ramp_##S = mix_add_ramp_##S, \
    .apply_gain_##S = apply_gain_##S, .stereo_gain_##S = stereo_gain_##S, \
    .find_peak_##S = find_peak_##S, .sum_squares_##S = sum_squares_##S, \
    .stereo_stats_##S = stereo_stats_##S, .biquad_##S = biquad_##S,  \
    .biquad_bank_##S = biquad_bank_##S

#endif /* FF_TEMPLATE_H */
