/* ff_engine_loudness_figures.c - live loudness figures: computed when a
 * meter moves, published under the meters' seqlock, read in one snapshot
 * (see ff_engine_loudness.h). */
#include <math.h>
#include <string.h>

#include "engine/ff_engine_loudness.h"

#define FF_READ_TRIES 100000

static double largest_peak(const ff_loudness *m)
{
    double pk = 0.0;
    for (int c = 0; c < m->channels; c++) {
        pk = m->true_peak.peak[c] > pk ? m->true_peak.peak[c] : pk;
        pk = m->sample_peak[c] > pk ? m->sample_peak[c] : pk;
    }
    return pk;
}

void ff_live_loudness_figures(ff_live_loudness *L, int all)
{
    for (int b = 0; b < FF_BUSES; b++) {
        const ff_loudness *m = &L->meter[b];
        double *w = L->work[b];
        if (!L->enabled) {
            for (int f = 0; f < FF_LOUD_FIELDS; f++)
                w[f] = NAN;
            continue;
        }
        if (all || m->subblocks != L->seen[b]) {
            L->seen[b] = m->subblocks;
            w[FF_LOUD_MOMENTARY] = ff_loudness_momentary_lufs(m);
            w[FF_LOUD_SHORT_TERM] = ff_loudness_short_term_lufs(m);
            w[FF_LOUD_INTEGRATED] = ff_loudness_integrated_lufs(m);
            w[FF_LOUD_RANGE] = ff_loudness_lra_lu(m);
            w[FF_LOUD_MAX_MOMENTARY] = ff_loudness_max_momentary_lufs(m);
            w[FF_LOUD_MAX_SHORT_TERM] = ff_loudness_max_short_term_lufs(m);
        }
        const double pk = largest_peak(m);
        if (all || pk != L->peak_seen[b]) {   /* two log10 calls only when a peak grew */
            L->peak_seen[b] = pk;
            w[FF_LOUD_TRUE_PEAK] = ff_loudness_true_peak_dbtp(m);
        }
    }
}

void ff_live_loudness_publish(ff_engine *e)
{
    ff_live_loudness *L = e->meters.loudness;
    memcpy(L->pub, L->work, sizeof L->pub);
}

int ff_engine_read_loudness(ff_engine *e, double *rows)
{
    const ff_live_loudness *L = e->meters.loudness;
    for (int attempt = 0; attempt < FF_READ_TRIES; attempt++) {
        const uint64_t before = __atomic_load_n(&e->meters.seq, __ATOMIC_ACQUIRE);
        if (before & 1)
            continue;
        memcpy(rows, L->pub, sizeof L->pub);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        if (__atomic_load_n(&e->meters.seq, __ATOMIC_RELAXED) == before)
            return 0;
    }
    return -1;
}
