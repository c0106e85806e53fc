/* ff_loudness_simd.h - SIMD kernels of the whole-signal loudness analysis
 * (ff_loudness_offline.h), one table per instruction-set level.
 *
 * Each ff_loudness_simd_<isa>.c builds its table from ff_loudness_simd_body.h
 * with that ISA's flags (setup.py); ff_loudness_simd_for() picks it at run
 * time through the same level selection as the DSP kernels (ff_dispatch.h).
 * The kernels never fuse a multiply and an add, and each lane (or output)
 * does the streaming meter's operations in the streaming meter's order, so
 * every level gives the same bits as the scalar table.
 * (The engine's live meters have kernels of their own, ff_loudness_lanes.h:
 * one block of twelve bus channels at a time, their own true-peak screening.)
 *
 * K-weighting lanes: an ff_kwl_group holds FF_KWL_GROUP independent lanes,
 * each one channel's K-weighting (the shelf and high pass of ff_loudness.h,
 * direct form I) with its running sum of squares and peak |x|. A
 * kweight_* call runs n steps, step i reading its lanes' samples at
 * src[..] + i * stride: kweight_pairs_* take FF_KWL_GROUP / 2 pointers, each
 * to two adjacent samples (lanes 2j and 2j + 1: two channels of a frame),
 * kweight_singles_* one pointer per lane. float32 samples are converted to
 * double exactly.
 *
 * True peak: true_peak_span gives max |y| over n frames of one channel of
 * the Annex 2 interpolator (ff_true_peak.h) for the phases the factor uses
 * (4: all four; 2: 0 and 2), where xb holds FF_TP_TAPS - 1 history samples
 * followed by the n samples, in single precision, each output summed as
 * ff_true_peak.c sums it; exact when that maximum is at least `floor`,
 * otherwise some value below floor (outputs that a cheap bound, given
 * in_peak >= max |xb|, keeps below floor are not computed).
 */
#ifndef FF_LOUDNESS_SIMD_H
#define FF_LOUDNESS_SIMD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FF_KWL_GROUP 8

typedef struct ff_kwl_group {
    /* shelf x[n-1] x[n-2] y[n-1] y[n-2] (also the high pass's input
     * history), high pass z[n-1] z[n-2] */
    double x1[FF_KWL_GROUP], x2[FF_KWL_GROUP], y1[FF_KWL_GROUP], y2[FF_KWL_GROUP];
    double z1[FF_KWL_GROUP], z2[FF_KWL_GROUP];
    double sum[FF_KWL_GROUP];    /* sum of z * z, in step order */
    double peak[FF_KWL_GROUP];   /* max |x| */
} ff_kwl_group;

/* coef: shelf b0 b1 b2 a1 a2, then the high pass's a1 a2 (its b is 1 -2 1). */
typedef struct ff_loudness_simd {
    const char *name;
    void (*kweight_pairs_f64)(ff_kwl_group *g, const double *const *src, size_t stride,
                              size_t n, const double coef[7]);
    void (*kweight_pairs_f32)(ff_kwl_group *g, const float *const *src, size_t stride,
                              size_t n, const double coef[7]);
    void (*kweight_singles_f64)(ff_kwl_group *g, const double *const *src, size_t stride,
                                size_t n, const double coef[7]);
    void (*kweight_singles_f32)(ff_kwl_group *g, const float *const *src, size_t stride,
                                size_t n, const double coef[7]);
    double (*true_peak_span)(const float *xb, size_t n, int factor, float floor,
                             double in_peak);
} ff_loudness_simd;

/* The table of `level` (an ff_simd_level), or NULL when this machine or
 * build cannot run it. */
const ff_loudness_simd *ff_loudness_simd_for(int level);

#ifdef __cplusplus
}
#endif
#endif /* FF_LOUDNESS_SIMD_H */
