/* ff_loudness_hist.h - bounded-memory gating histogram of block loudness.
 *
 * Integrated loudness (BS.1770-4: absolute gate -70 LUFS, relative gate
 * -10 LU) and loudness range (EBU Tech 3342: absolute gate -70 LUFS,
 * relative gate -20 LU, 10th..95th percentile) need every block of a
 * measurement. Instead of a list that grows with time, blocks are counted
 * in FF_LH_BINS bins of FF_LH_BIN_LU (0.01 LU) from -70 LUFS up to
 * +30 LUFS (louder blocks go to the top bin), and each bin also sums its
 * blocks' exact energies. So the gated means are exact apart from the
 * bin that holds the relative threshold (taken whole, as libebur128's
 * histogram mode does) and percentiles are bin centres (within 0.005 LU).
 * Blocks below the absolute gate are never stored. Size is fixed
 * (~120 kB); counts are 32-bit (4e9 blocks: 13 years at 10 blocks/s).
 * The lowest and highest occupied bins are tracked, so the passes and a
 * reset touch only that span (the same sums: empty bins add nothing).
 */
#ifndef FF_LOUDNESS_HIST_H
#define FF_LOUDNESS_HIST_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FF_LH_MIN_LUFS (-70.0)
#define FF_LH_BIN_LU 0.01
#define FF_LH_BINS 10000

typedef struct ff_loudness_hist {
    uint64_t blocks;                /* blocks stored (at or above the absolute gate) */
    double energy_sum;              /* sum of their energies */
    int32_t lo, hi;                 /* lowest / highest occupied bin (hi < lo: none) */
    uint32_t count[FF_LH_BINS];
    double energy[FF_LH_BINS];
} ff_loudness_hist;

/* Energy (weighted mean square) <-> loudness: L = -0.691 + 10 log10(E). */
double ff_loudness_lufs(double energy);
double ff_loudness_energy(double lufs);

/* Forget every block. The first call must find the struct zeroed (as
 * ff_loudness_init leaves it); later calls clear only the occupied bins. */
void ff_loudness_hist_reset(ff_loudness_hist *h);
/* Add one block; blocks below -70 LUFS or non-finite are ignored. */
void ff_loudness_hist_add(ff_loudness_hist *h, double energy);
/* Mean energy of the blocks at or above relative_lu below the mean of all
 * stored blocks (-10 for integrated loudness); 0 when there are none. */
double ff_loudness_hist_gated_energy(const ff_loudness_hist *h, double relative_lu);
/* Loudness range in LU: percentiles lo..hi (0.10, 0.95) of the blocks at
 * or above relative_lu (-20) below their mean; 0 when there are none. */
double ff_loudness_hist_range(const ff_loudness_hist *h, double relative_lu,
                              double lo, double hi);

#ifdef __cplusplus
}
#endif
#endif /* FF_LOUDNESS_HIST_H */
