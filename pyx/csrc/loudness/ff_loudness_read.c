/* ff_loudness_read.c - the meter's figures (see ff_loudness.h). */
#include "loudness/ff_loudness.h"

#include <math.h>

double ff_loudness_momentary_lufs(const ff_loudness *m)
{
    return ff_loudness_lufs(m->momentary_energy);
}

double ff_loudness_short_term_lufs(const ff_loudness *m)
{
    return ff_loudness_lufs(m->short_term_energy);
}

double ff_loudness_max_momentary_lufs(const ff_loudness *m)
{
    return ff_loudness_lufs(m->max_momentary_energy);
}

double ff_loudness_max_short_term_lufs(const ff_loudness *m)
{
    return ff_loudness_lufs(m->max_short_term_energy);
}

double ff_loudness_integrated_lufs(const ff_loudness *m)
{
    return ff_loudness_lufs(ff_loudness_hist_gated_energy(&m->gating, -10.0));
}

double ff_loudness_lra_lu(const ff_loudness *m)
{
    return ff_loudness_hist_range(&m->range, -20.0, 0.10, 0.95);
}

static double db_of_max(const double *v, int n)
{
    double pk = 0.0;
    for (int c = 0; c < n; c++)
        pk = v[c] > pk ? v[c] : pk;
    return pk > 0.0 ? 20.0 * log10(pk) : -INFINITY;
}

/* Never below the sample peak: the samples are points of the true signal
 * (the interpolator's passband ripple can read a little under them). */
double ff_loudness_true_peak_dbtp(const ff_loudness *m)
{
    if (!m->true_peak_on)
        return NAN;
    const double tp = db_of_max(m->true_peak.peak, m->channels);
    const double sp = db_of_max(m->sample_peak, m->channels);
    return tp > sp ? tp : sp;
}

double ff_loudness_sample_peak_dbfs(const ff_loudness *m)
{
    return db_of_max(m->sample_peak, m->channels);
}

/* x - x is 0 for finite x, NaN otherwise: tested in chunks with a compare
 * and an OR (vectorisable), then located exactly in the chunk that has one. */
#define FF_NONFINITE_SCAN(T)                                                             \
    size_t i = 0;                                                                       \
    for (; i + 256 <= n; i += 256) {                                                    \
        int bad = 0;                                                                    \
        for (size_t k = 0; k < 256; k++)                                                \
            bad |= !(x[i + k] - x[i + k] == (T)0);                                      \
        if (bad)                                                                        \
            break;                                                                      \
    }                                                                                   \
    for (; i < n; i++)                                                                  \
        if (!isfinite(x[i]))                                                            \
            return i;                                                                   \
    return n;

size_t ff_first_nonfinite_f32(const float *x, size_t n)
{
    FF_NONFINITE_SCAN(float)
}

size_t ff_first_nonfinite_f64(const double *x, size_t n)
{
    FF_NONFINITE_SCAN(double)
}
