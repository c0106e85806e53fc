/* ff_loudness.h - loudness meter per ITU-R BS.1770-4 and EBU R128
 * (Tech 3341 momentary / short-term / integrated, Tech 3342 loudness
 * range) with BS.1770-4 Annex 2 true peak. Plain C99, allocation-free.
 *
 * The meter is one fixed-size struct (~260 kB: put it in the heap, once).
 * After ff_loudness_init nothing allocates, locks or calls the system, so
 * ff_loudness_process_* may run in a real-time audio callback. One meter
 * belongs to one thread; readers in other threads need their own copy
 * (or a lock-free hand-off of the figures the ff_loudness_* readers give).
 *
 * Processing, per channel: K-weighting (BS.1770-4 stage 1 high shelf and
 * stage 2 high pass, two biquads {b0, b1, b2, a1, a2} in double, direct
 * form I, coefficients designed for the meter's sample rate by
 * ff_kweight_design as libebur128 does), squares summed over 100 ms
 * sub-blocks ((samplerate + 5) / 10 frames), weighted by the channel
 * weights and averaged over the sub-block. Every completed sub-block:
 *   momentary  = mean of the last 4 sub-blocks (400 ms),
 *   short-term = mean of the last 30 sub-blocks (3 s),
 * (before 400 ms / 3 s of audio the window is padded with silence); from
 * the 4th sub-block each momentary block goes to the integrated-loudness
 * histogram (gating blocks of 400 ms with 75 % overlap) and from the 30th
 * each short-term block goes to the loudness-range histogram (3 s blocks
 * every 100 ms). Both histograms are bounded (see ff_loudness_hist.h).
 * Figures change only when a sub-block completes; a trailing partial
 * sub-block waits for more audio. True peak and sample peak cover every
 * sample processed; the true peak read is never below the sample peak.
 * Short-term blocks for the loudness range come every 100 ms (libebur128
 * takes one per second, so its LRA can differ by a few tenths of an LU on
 * programme whose loudness changes within seconds).
 *
 * Input: interleaved frames (frame 0 channel 0, frame 0 channel 1, ...),
 * float32 or float64, blocks of any size (0 is allowed). Non-finite samples
 * are the caller's to refuse; if one slips in, the sub-block holding it is
 * dropped (counted as silence, never stored) and the filters restart.
 *
 * API:
 *   ff_loudness *m = malloc(sizeof *m);   (or a struct member)
 *   ff_loudness_init(m, samplerate_hz, channels, weights_or_NULL) -> 0 / -1
 *   ff_loudness_process_f32(m, x, frames)  /  ff_loudness_process_f64(...)
 *   ff_loudness_momentary_lufs(m), ff_loudness_short_term_lufs(m),
 *   ff_loudness_integrated_lufs(m), ff_loudness_lra_lu(m),
 *   ff_loudness_max_momentary_lufs(m), ff_loudness_max_short_term_lufs(m),
 *   ff_loudness_true_peak_dbtp(m), ff_loudness_sample_peak_dbfs(m)
 *   ff_loudness_reset(m)   start a new measurement (same rate and channels)
 * Readers are O(1) except integrated and LRA (a pass over the histograms,
 * ~10 us each: read them at frame rate, not per sample). Silence reads
 * -inf (LUFS, dBTP, dBFS) and LRA 0.
 *
 * Channel weights (weights == NULL): 1 channel: {1}; 2: L R {1, 1};
 * 3: L R C {1, 1, 1}; 4: L R Ls Rs {1, 1, 1.41, 1.41};
 * 5: L R C Ls Rs {1, 1, 1, 1.41, 1.41}; 6 (5.1): L R C LFE Ls Rs
 * {1, 1, 1, 0, 1.41, 1.41} (LFE excluded). 7 and 8 channels need explicit
 * weights (0 excludes a channel; each must be finite and in [0, 10]).
 */
#ifndef FF_LOUDNESS_H
#define FF_LOUDNESS_H

#include <stddef.h>
#include <stdint.h>

#include "loudness/ff_loudness_hist.h"
#include "loudness/ff_true_peak.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FF_LM_MAX_CHANNELS FF_TP_MAX_CHANNELS
#define FF_LM_SHORT_SUBBLOCKS 30     /* 3 s of 100 ms sub-blocks */
#define FF_LM_MOMENTARY_SUBBLOCKS 4  /* 400 ms */

typedef struct ff_loudness {
    double samplerate_hz;
    int channels;
    uint32_t subblock_frames;                 /* (samplerate + 5) / 10 */
    double weight[FF_LM_MAX_CHANNELS];
    double shelf[5], highpass[5];             /* K-weighting, {b0, b1, b2, a1, a2} */
    /* per channel: shelf x1 x2 y1 y2, then high pass x1 x2 y1 y2 */
    double state[FF_LM_MAX_CHANNELS][8];
    double square_sum[FF_LM_MAX_CHANNELS];    /* current sub-block, K-weighted */
    uint32_t subblock_fill;                   /* frames in the current sub-block */
    int ring_pos;                             /* next slot of ring */
    double ring[FF_LM_SHORT_SUBBLOCKS];       /* last sub-block energies (weighted) */
    uint64_t subblocks;                       /* completed since init/reset */
    double momentary_energy, short_term_energy;
    double max_momentary_energy, max_short_term_energy;
    double sample_peak[FF_LM_MAX_CHANNELS];   /* linear */
    int true_peak_on;                         /* 1: measure true peak (default) */
    ff_true_peak true_peak;
    ff_loudness_hist gating;                  /* momentary blocks: integrated */
    ff_loudness_hist range;                   /* short-term blocks: LRA */
} ff_loudness;

/* BS.1770-4 K-weighting for any sample rate (libebur128's design of the
 * stage 1 shelf and stage 2 high pass; at 48 kHz the printed coefficients). */
void ff_kweight_design(double samplerate_hz, double shelf[5], double highpass[5]);

/* 0 on success; -1 for samplerate_hz not finite or below 10, channels
 * outside 1..FF_LM_MAX_CHANNELS, 7-8 channels without weights, or a bad
 * weight. The struct is fully initialised (zeroed) either way. */
int ff_loudness_init(ff_loudness *m, double samplerate_hz, int channels, const double *weights);
void ff_loudness_reset(ff_loudness *m);
/* on = 0 skips the true-peak filter (true peak then reads NaN); on = 1
 * (the default after init) measures it. Set it before the first block. */
void ff_loudness_set_true_peak(ff_loudness *m, int on);
void ff_loudness_process_f32(ff_loudness *m, const float *x, size_t frames);
void ff_loudness_process_f64(ff_loudness *m, const double *x, size_t frames);
/* Close the current sub-block: for callers that K-weight themselves (the
 * engine's lanes, ff_loudness_lanes.h), adding each channel's squares to
 * square_sum in sample order and counting subblock_fill up to
 * subblock_frames; then this updates the figures and histograms exactly as
 * ff_loudness_process_f64 would. */
void ff_loudness_finish_subblock(ff_loudness *m);

double ff_loudness_momentary_lufs(const ff_loudness *m);
double ff_loudness_short_term_lufs(const ff_loudness *m);
double ff_loudness_max_momentary_lufs(const ff_loudness *m);
double ff_loudness_max_short_term_lufs(const ff_loudness *m);
double ff_loudness_integrated_lufs(const ff_loudness *m);
double ff_loudness_lra_lu(const ff_loudness *m);
double ff_loudness_true_peak_dbtp(const ff_loudness *m);   /* max over channels */
double ff_loudness_sample_peak_dbfs(const ff_loudness *m); /* max over channels */

/* Index of the first non-finite value in x[0..n), or n when all are finite. */
size_t ff_first_nonfinite_f32(const float *x, size_t n);
size_t ff_first_nonfinite_f64(const double *x, size_t n);

#ifdef __cplusplus
}
#endif
#endif /* FF_LOUDNESS_H */
