/* ff_true_peak.h - true peak per ITU-R BS.1770-4 Annex 2 (allocation-free).
 *
 * The Annex 2 interpolator: a 48-tap FIR split into 4 polyphase branches of
 * 12 taps, applied to each channel; the true peak is the largest absolute
 * value of the oversampled signal. The oversampling factor follows the
 * sample rate, as libebur128 does: 4x below 96 kHz, 2x (branches 0 and 2,
 * i.e. half-sample spacing) from 96 kHz to below 192 kHz, 1x (the sample
 * peak) from 192 kHz. The filter is the one the Annex prints for 48 kHz and
 * is used as such at every rate (it is specified in normalised frequency).
 * The filter runs in single precision (ample for a peak reading), over
 * chunks of FF_TP_CHUNK frames per channel, each tap a vector operation
 * along time (no reassociation: the same bits at any block size).
 *
 * Usage (no allocation after ff_true_peak_init; the struct is plain data):
 *     ff_true_peak tp;
 *     ff_true_peak_init(&tp, samplerate_hz, channels);   (1..FF_TP_MAX_CHANNELS)
 *     ff_true_peak_process(&tp, x, frames);   x: interleaved doubles
 *     tp.peak[c]  - linear true peak of channel c since init/reset
 *     ff_true_peak_reset(&tp);                 forget history and peaks
 */
#ifndef FF_TRUE_PEAK_H
#define FF_TRUE_PEAK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FF_TP_MAX_CHANNELS 8
#define FF_TP_TAPS 12
#define FF_TP_PHASES 4
#define FF_TP_CHUNK 256

typedef struct ff_true_peak {
    int channels;
    int factor;                 /* oversampling factor: 4, 2 or 1 */
    /* per channel, the last FF_TP_TAPS - 1 input samples, oldest first */
    float hist[FF_TP_MAX_CHANNELS][FF_TP_TAPS - 1];
    double peak[FF_TP_MAX_CHANNELS];   /* linear, >= 0 */
} ff_true_peak;

/* The Annex 2 coefficients, [tap][phase] (tap 0 multiplies the newest sample). */
extern const double ff_true_peak_coef[FF_TP_TAPS][FF_TP_PHASES];

/* Returns 0, or -1 when channels is outside 1..FF_TP_MAX_CHANNELS
 * (samplerate_hz only selects the factor; any positive rate works). */
int ff_true_peak_init(ff_true_peak *tp, double samplerate_hz, int channels);
void ff_true_peak_reset(ff_true_peak *tp);
void ff_true_peak_process(ff_true_peak *tp, const double *x, size_t frames);

/* One interpolated output of one phase: the taps' products summed newest
 * first (c[j] multiplies w[j]; w[FF_TP_TAPS - 1] is the newest input), in
 * this order and unfused, so every caller gets the same bits (the files that
 * include this set fp-contract off). */
static inline float ff_tp_output(const float *w, const float *c)
{
    float y = c[11] * w[11];
    y += c[10] * w[10];
    y += c[9] * w[9];
    y += c[8] * w[8];
    y += c[7] * w[7];
    y += c[6] * w[6];
    y += c[5] * w[5];
    y += c[4] * w[4];
    y += c[3] * w[3];
    y += c[2] * w[2];
    y += c[1] * w[1];
    y += c[0] * w[0];
    return y;
}

#ifdef __cplusplus
}
#endif
#endif /* FF_TRUE_PEAK_H */
