/* ff_loudness_lanes.h - the loudness meter's per-sample work for the engine's
 * six stereo buses at once, one table per instruction set.
 *
 * gain_matrix: a bus's output from its input rows and its ramped 2x2 gain
 *   matrix (L->L, R->L, L->R, R->R), as float: the gains go linearly from
 *   cur by step per frame for ramp_n frames, then are target.
 * kweight: BS.1770-4 K-weighting of FF_LL_LANES channels side by side in
 *   SIMD lanes, channel c read from the float row rows[c][offset..offset + n)
 *   (widened to double, as ff_loudness_process_f32 does). Per lane the
 *   filter state and the running sum of squares advance exactly as
 *   ff_loudness_process_f64 advances them for one channel: the same
 *   operations in the same order, never fused into FMAs, so the figures
 *   equal those of a meter fed the channels one by one.
 * true_peak: the BS.1770-4 Annex 2 interpolator over one channel: xb holds
 *   the FF_TP_TAPS - 1 history samples, then n new ones (float); returns the
 *   larger of `floor` and the largest |output| of the phases the factor uses
 *   (4, 2 or 1, as ff_true_peak.h), each output summed as ff_true_peak.c does.
 *   Outputs are computed FF_LF at a time only where a bound (from the
 *   coefficients' magnitudes and the inputs', with a margin for float
 *   rounding) exceeds the peak so far; the others cannot raise it, so the
 *   result is that of computing them all. It also raises *sample_peak to the
 *   largest |input| (the history's samples must have been counted before).
 *   `scratch` has room for n + FF_TP_TAPS - 1 floats.
 * All are plain C99 with no allocation; the tables are compiled once per
 * instruction set (ff_loudness_lanes_<isa>.c, flags from setup.py) and
 * ff_loudness_lanes_for picks one for a SIMD level, like ff_engine_simd_for.
 * (The whole-signal analysis, ff_loudness_offline.h, has kernels of its own,
 * ff_loudness_simd.h: segments of one signal side by side, and a true-peak
 * screening of its own over quarter sub-blocks; both screenings skip only
 * outputs that cannot raise the peak, so both give the streaming meter's bits.)
 */
#ifndef FF_LOUDNESS_LANES_H
#define FF_LOUDNESS_LANES_H

#include <stddef.h>

#include "kernels/ff_kernels.h"
#include "loudness/ff_true_peak.h"

#define FF_LL_LANES 12          /* six stereo meters */
#define FF_LL_PADDED 16         /* lane arrays padded to a multiple of the widest vector */

/* K-weighting state of the lanes, in the order of ff_loudness's state[c][8]:
 * shelf x1 x2 y1 y2, high pass x1 (u1) x2 (u2) y1 (z1) y2 (z2). */
typedef struct ff_kw_lanes {
    double state[8][FF_LL_PADDED];
    double square_sum[FF_LL_PADDED];
} ff_kw_lanes;

typedef struct ff_loudness_lanes {
    void (*gain_matrix)(const double *l, const double *r, size_t n, const double cur[4],
                        const double step[4], const double target[4], size_t ramp_n,
                        float *out_l, float *out_r);
    /* shelf and highpass as ff_kweight_design gives them ({b0, b1, b2, a1, a2}) */
    void (*kweight)(const double shelf[5], const double highpass[5], ff_kw_lanes *st,
                    const float *const rows[FF_LL_LANES], size_t offset, size_t n);
    double (*true_peak)(const float *xb, float *scratch, size_t n, int factor, double floor,
                        double *sample_peak);
} ff_loudness_lanes;

const ff_loudness_lanes *ff_loudness_lanes_for(ff_simd_level level);

extern const ff_loudness_lanes ff_loudness_lanes_scalar;
extern const ff_loudness_lanes ff_loudness_lanes_sse42;
extern const ff_loudness_lanes ff_loudness_lanes_avx2;
extern const ff_loudness_lanes ff_loudness_lanes_avx512;
extern const ff_loudness_lanes ff_loudness_lanes_neon;

#endif /* FF_LOUDNESS_LANES_H */
