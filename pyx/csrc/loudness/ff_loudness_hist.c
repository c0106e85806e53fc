/* ff_loudness_hist.c - gating histogram (see ff_loudness_hist.h). */
#include "loudness/ff_loudness_hist.h"

#include <math.h>
#include <string.h>

double ff_loudness_lufs(double energy)
{
    return energy > 0.0 ? -0.691 + 10.0 * log10(energy) : -INFINITY;
}

double ff_loudness_energy(double lufs)
{
    return pow(10.0, (lufs + 0.691) / 10.0);
}

void ff_loudness_hist_reset(ff_loudness_hist *h)
{
    if (h->hi >= h->lo) {
        const size_t span = (size_t)(h->hi - h->lo + 1);
        memset(h->count + h->lo, 0, span * sizeof h->count[0]);
        memset(h->energy + h->lo, 0, span * sizeof h->energy[0]);
    }
    h->blocks = 0;
    h->energy_sum = 0.0;
    h->lo = FF_LH_BINS;
    h->hi = -1;
}

static int bin_of(double lufs)
{
    const double b = floor((lufs - FF_LH_MIN_LUFS) / FF_LH_BIN_LU);
    return b < 0.0 ? 0 : (b >= FF_LH_BINS ? FF_LH_BINS - 1 : (int)b);
}

void ff_loudness_hist_add(ff_loudness_hist *h, double energy)
{
    if (!isfinite(energy) || energy <= 0.0)
        return;
    const double lufs = ff_loudness_lufs(energy);
    if (!(lufs >= FF_LH_MIN_LUFS))
        return;
    const int b = bin_of(lufs);
    h->count[b]++;
    h->energy[b] += energy;
    h->lo = b < h->lo ? b : h->lo;
    h->hi = b > h->hi ? b : h->hi;
    h->blocks++;
    h->energy_sum += energy;
}

/* First bin at or above the relative threshold (the threshold's own bin),
 * or the lowest occupied bin if that is higher (the bins below are empty). */
static int gate_bin(const ff_loudness_hist *h, double relative_lu)
{
    const double mean = h->energy_sum / (double)h->blocks;
    const int b = bin_of(ff_loudness_lufs(mean) + relative_lu);
    return b > h->lo ? b : h->lo;
}

double ff_loudness_hist_gated_energy(const ff_loudness_hist *h, double relative_lu)
{
    if (h->blocks == 0)
        return 0.0;
    double sum = 0.0;
    uint64_t n = 0;
    for (int b = gate_bin(h, relative_lu); b <= h->hi; b++) {
        sum += h->energy[b];
        n += h->count[b];
    }
    return n ? sum / (double)n : 0.0;
}

static double bin_centre_lufs(int b)
{
    return FF_LH_MIN_LUFS + ((double)b + 0.5) * FF_LH_BIN_LU;
}

/* The bin holding the block of rank k (0-based) counting from bin `first`. */
static int rank_bin(const ff_loudness_hist *h, int first, uint64_t k)
{
    uint64_t seen = 0;
    for (int b = first; b <= h->hi; b++) {
        seen += h->count[b];
        if (seen > k)
            return b;
    }
    return FF_LH_BINS - 1;
}

double ff_loudness_hist_range(const ff_loudness_hist *h, double relative_lu,
                              double lo, double hi)
{
    if (h->blocks == 0)
        return 0.0;
    const int first = gate_bin(h, relative_lu);
    uint64_t n = 0;
    for (int b = first; b <= h->hi; b++)
        n += h->count[b];
    if (n == 0)
        return 0.0;
    /* nearest rank, as libebur128 (and Tech 3342's reference code) */
    const uint64_t k_lo = (uint64_t)((double)(n - 1) * lo + 0.5);
    const uint64_t k_hi = (uint64_t)((double)(n - 1) * hi + 0.5);
    return bin_centre_lufs(rank_bin(h, first, k_hi)) - bin_centre_lufs(rank_bin(h, first, k_lo));
}
