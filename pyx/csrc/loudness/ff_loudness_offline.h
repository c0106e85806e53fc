/* ff_loudness_offline.h - the loudness of a whole signal in one call.
 *
 * ff_loudness_analyze_* gives a freshly initialised meter (ff_loudness.h)
 * the figures it would have after ff_loudness_process_* of the whole signal,
 * several times faster. The K-weighting recursions are throughput-bound on
 * one signal's few channels, so the signal is cut into S segments aligned
 * to 100 ms sub-blocks, and the segments' filters run side by side in SIMD
 * lanes (S segments x channels, ff_loudness_simd.h). Each segment but the
 * first starts its filters from zero state ff_loudness_warmup_subblocks()
 * sub-blocks before its first sub-block and discards those outputs: by then
 * the start-up transient has decayed below 1e-17 of the signal, so the
 * segment's state equals the serial filters' to within rounding. Each
 * sub-block's squares are summed in sample order in one lane, and the
 * sub-block energies then go, in order, through the streaming meter's own
 * momentary / short-term / histogram code (ff_loudness_add_subblock_energy).
 * So the loudness figures match the streaming meter's to ~1e-12 LU, and the
 * first segment's sums, the sample peak and the true peak are its bits (the
 * streaming meter's C never fuses multiplies and adds either, not even on
 * aarch64 where FMA is baseline: ff_loudness.c, ff_true_peak.c).
 * Every level gives the same bits as the scalar one, run after run.
 *
 * True peak: the lanes also keep the sample peak of each quarter of a
 * sub-block. The interpolator runs on the loudest quarters first, then on
 * the others in signal order, skipping, per channel, every quarter that
 * cannot reach the true peak found so far (|output| <= sum |taps| *
 * max |input|); the outputs computed are the streaming meter's, so the
 * reading is too.
 *
 * Samples are interleaved frames. A meter that has already processed audio
 * (or a rate whose filters or sub-blocks do not allow segments) is fed by
 * ff_loudness_process_* instead. Non-finite samples are found as a side
 * effect (a non-finite sum of squares) instead of by a separate pass.
 * Afterwards the meter reads as after ff_loudness_process_* (its figures,
 * peaks and the trailing partial sub-block), and may be fed on.
 * `level` is an ff_simd_level; an unavailable level uses scalar code.
 * Returns 0; FF_LO_NONFINITE with *bad = the index (frame * channels +
 * channel) of the first non-finite sample and the meter reset; or -1 when
 * memory ran out (the meter is reset).
 */
#ifndef FF_LOUDNESS_OFFLINE_H
#define FF_LOUDNESS_OFFLINE_H

#include <stddef.h>

#include "loudness/ff_loudness.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FF_LO_NONFINITE 1

int ff_loudness_analyze_f64(ff_loudness *m, const double *x, size_t frames, int level,
                            size_t *bad);
int ff_loudness_analyze_f32(ff_loudness *m, const float *x, size_t frames, int level,
                            size_t *bad);

/* Sub-blocks of warm-up for a segment's filters at the meter's rate (0 when
 * the filters are not stable enough for segments, or sub-blocks are shorter
 * than 2 * FF_TP_TAPS frames: the signal is then measured serially). */
size_t ff_loudness_warmup_subblocks(const ff_loudness *m);
/* Segments a signal of `frames` frames is cut into (0: measured serially). */
size_t ff_loudness_analysis_segments(const ff_loudness *m, size_t frames);

/* The streaming meter's update for one completed sub-block of weighted
 * mean-square `energy` (ring, momentary, short-term, maxima, histograms). */
void ff_loudness_add_subblock_energy(ff_loudness *m, double energy);

#ifdef __cplusplus
}
#endif
#endif /* FF_LOUDNESS_OFFLINE_H */
