/* ff_biquad_design.h - RBJ "Audio EQ Cookbook" biquad coefficients.
 *
 * ff_biquad_design(kind, freq_hz, q, gain_db, samplerate, coef) writes
 * coef = {b0, b1, b2, a1, a2}, normalised so a0 = 1. It never fails: inputs
 * are sanitised (clamped, never rejected) -
 *   samplerate: not finite or below 4 Hz -> 48000
 *               (below 4 Hz the range [1, sr/2 - 1] would be empty),
 *   freq_hz: clamped to [1, samplerate/2 - 1], not finite -> 1000
 *            (then clamped too),
 *   q: clamped to [0.01, 100], not finite -> 0.707,
 *   gain_db: clamped to [-60, 24], not finite -> 0,
 *   an unknown kind designs the bypass filter (1, 0, 0, 0, 0).
 * gain_db matters only for peaking and the shelves (A = 10^(gain_db/40),
 * shelves use 2*sqrt(A)*alpha, i.e. the cookbook's S = 1 slope form with
 * Q as the shelf Q); bandpass is the constant 0 dB peak gain form.
 */
#ifndef FF_BIQUAD_DESIGN_H
#define FF_BIQUAD_DESIGN_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ff_biquad_kind {
    FF_BIQUAD_LOWPASS = 0,
    FF_BIQUAD_HIGHPASS = 1,
    FF_BIQUAD_BANDPASS = 2,
    FF_BIQUAD_NOTCH = 3,
    FF_BIQUAD_ALLPASS = 4,
    FF_BIQUAD_PEAKING = 5,
    FF_BIQUAD_LOWSHELF = 6,
    FF_BIQUAD_HIGHSHELF = 7,
    FF_BIQUAD_BYPASS = 8,
    FF_BIQUAD_KIND_COUNT = 9
} ff_biquad_kind;

void ff_biquad_design(int kind, double freq_hz, double q, double gain_db, double samplerate,
                      double coef[5]);

/* The sanitising ff_biquad_design applies, in place (samplerate first, since
 * the frequency range depends on it): what a filter actually uses. */
void ff_biquad_sanitise(double *freq_hz, double *q, double *gain_db, double *samplerate);

#ifdef __cplusplus
}
#endif
#endif /* FF_BIQUAD_DESIGN_H */
