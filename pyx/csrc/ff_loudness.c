/* ff_loudness.c - BS.1770-4 / EBU R128 meter: init, process, reset
 * (see ff_loudness.h; the readers are in ff_loudness_read.c). */
#include "ff_loudness.h"

#include <math.h>
#include <string.h>

#define FF_PI 3.14159265358979323846
#define FF_LM_CHUNK 256   /* float32 frames converted to double per step */

void ff_kweight_design(double samplerate_hz, double shelf[5], double highpass[5])
{
    /* stage 1: high shelf, +4 dB above ~1.7 kHz */
    const double f0 = 1681.974450955533, g_db = 3.999843853973347, q = 0.7071752369554196;
    double k = tan(FF_PI * f0 / samplerate_hz);
    const double vh = pow(10.0, g_db / 20.0), vb = pow(vh, 0.4996667741545416);
    double a0 = 1.0 + k / q + k * k;
    shelf[0] = (vh + vb * k / q + k * k) / a0;
    shelf[1] = 2.0 * (k * k - vh) / a0;
    shelf[2] = (vh - vb * k / q + k * k) / a0;
    shelf[3] = 2.0 * (k * k - 1.0) / a0;
    shelf[4] = (1.0 - k / q + k * k) / a0;
    /* stage 2: second-order high pass at ~38 Hz (RLB weighting) */
    const double f1 = 38.13547087602444, q1 = 0.5003270373238773;
    k = tan(FF_PI * f1 / samplerate_hz);
    a0 = 1.0 + k / q1 + k * k;
    highpass[0] = 1.0;
    highpass[1] = -2.0;
    highpass[2] = 1.0;
    highpass[3] = 2.0 * (k * k - 1.0) / a0;
    highpass[4] = (1.0 - k / q1 + k * k) / a0;
}

static int default_weights(int channels, double w[FF_LM_MAX_CHANNELS])
{
    static const double table[7][6] = {
        {0}, {1.0}, {1.0, 1.0}, {1.0, 1.0, 1.0}, {1.0, 1.0, 1.41, 1.41},
        {1.0, 1.0, 1.0, 1.41, 1.41}, {1.0, 1.0, 1.0, 0.0, 1.41, 1.41},
    };
    if (channels > 6)
        return -1;
    for (int c = 0; c < channels; c++)
        w[c] = table[channels][c];
    return 0;
}

int ff_loudness_init(ff_loudness *m, double samplerate_hz, int channels, const double *weights)
{
    memset(m, 0, sizeof *m);
    if (!(isfinite(samplerate_hz) && samplerate_hz >= 10.0)
        || channels < 1 || channels > FF_LM_MAX_CHANNELS)
        return -1;
    if (weights) {
        for (int c = 0; c < channels; c++) {
            if (!(isfinite(weights[c]) && weights[c] >= 0.0 && weights[c] <= 10.0))
                return -1;
            m->weight[c] = weights[c];
        }
    } else if (default_weights(channels, m->weight) != 0) {
        return -1;
    }
    if (ff_true_peak_init(&m->true_peak, samplerate_hz, channels) != 0)
        return -1;
    m->samplerate_hz = samplerate_hz;
    m->channels = channels;
    m->subblock_frames = (uint32_t)((samplerate_hz + 5.0) / 10.0);
    ff_kweight_design(samplerate_hz, m->shelf, m->highpass);
    ff_loudness_reset(m);
    return 0;
}

void ff_loudness_reset(ff_loudness *m)
{
    memset(m->state, 0, sizeof m->state);
    memset(m->square_sum, 0, sizeof m->square_sum);
    memset(m->ring, 0, sizeof m->ring);
    memset(m->sample_peak, 0, sizeof m->sample_peak);
    m->subblock_fill = 0;
    m->ring_pos = 0;
    m->subblocks = 0;
    m->momentary_energy = m->short_term_energy = 0.0;
    m->max_momentary_energy = m->max_short_term_energy = 0.0;
    ff_true_peak_reset(&m->true_peak);
    ff_loudness_hist_reset(&m->gating);
    ff_loudness_hist_reset(&m->range);
}

/* K-weight one channel of `frames` interleaved frames, adding the squares
 * to *square_sum one by one (so any cutting into blocks gives the same bits)
 * and updating the channel's filter state and sample peak. */
static void kweight_channel(const double *x, size_t frames, int stride, const double s[5],
                            const double h[5], double st[8], double *square_sum, double *peak)
{
    double x1 = st[0], x2 = st[1], y1 = st[2], y2 = st[3];
    double u1 = st[4], u2 = st[5], z1 = st[6], z2 = st[7];
    double sum = *square_sum, pk = *peak;
    for (size_t i = 0; i < frames; i++) {
        const double x0 = x[i * (size_t)stride];
        const double a = fabs(x0);
        pk = a > pk ? a : pk;
        const double y0 = (s[0] * x0 + s[1] * x1 + s[2] * x2 - s[4] * y2) - s[3] * y1;
        x2 = x1, x1 = x0, y2 = y1, y1 = y0;
        const double z0 = (h[0] * y0 + h[1] * u1 + h[2] * u2 - h[4] * z2) - h[3] * z1;
        u2 = u1, u1 = y0, z2 = z1, z1 = z0;
        sum += z0 * z0;
    }
    st[0] = x1, st[1] = x2, st[2] = y1, st[3] = y2;
    st[4] = u1, st[5] = u2, st[6] = z1, st[7] = z2;
    *peak = pk;
    *square_sum = sum;
}

static double ring_mean(const ff_loudness *m, int n)
{
    double sum = 0.0;
    for (int i = 1; i <= n; i++)
        sum += m->ring[(m->ring_pos - i + FF_LM_SHORT_SUBBLOCKS) % FF_LM_SHORT_SUBBLOCKS];
    return sum / (double)n;
}

static void finish_subblock(ff_loudness *m)
{
    double e = 0.0;
    for (int c = 0; c < m->channels; c++)
        e += m->weight[c] * m->square_sum[c];
    e /= (double)m->subblock_frames;
    memset(m->square_sum, 0, sizeof m->square_sum);
    m->subblock_fill = 0;
    if (!isfinite(e)) {   /* non-finite input: drop the sub-block, restart the filters */
        memset(m->state, 0, sizeof m->state);
        e = 0.0;
    }
    m->ring[m->ring_pos] = e;
    m->ring_pos = (m->ring_pos + 1) % FF_LM_SHORT_SUBBLOCKS;
    m->subblocks++;
    m->momentary_energy = ring_mean(m, FF_LM_MOMENTARY_SUBBLOCKS);
    m->short_term_energy = ring_mean(m, FF_LM_SHORT_SUBBLOCKS);
    if (m->momentary_energy > m->max_momentary_energy)
        m->max_momentary_energy = m->momentary_energy;
    if (m->short_term_energy > m->max_short_term_energy)
        m->max_short_term_energy = m->short_term_energy;
    if (m->subblocks >= FF_LM_MOMENTARY_SUBBLOCKS)
        ff_loudness_hist_add(&m->gating, m->momentary_energy);
    if (m->subblocks >= FF_LM_SHORT_SUBBLOCKS)
        ff_loudness_hist_add(&m->range, m->short_term_energy);
}

void ff_loudness_process_f64(ff_loudness *m, const double *x, size_t frames)
{
    const int nch = m->channels;
    if (nch == 0)
        return;
    ff_true_peak_process(&m->true_peak, x, frames);
    while (frames > 0) {
        size_t n = m->subblock_frames - m->subblock_fill;
        if (n > frames)
            n = frames;
        for (int c = 0; c < nch; c++)
            kweight_channel(x + c, n, nch, m->shelf, m->highpass, m->state[c],
                            &m->square_sum[c], &m->sample_peak[c]);
        m->subblock_fill += (uint32_t)n;
        if (m->subblock_fill == m->subblock_frames)
            finish_subblock(m);
        x += n * (size_t)nch;
        frames -= n;
    }
}

void ff_loudness_process_f32(ff_loudness *m, const float *x, size_t frames)
{
    double buf[FF_LM_CHUNK * FF_LM_MAX_CHANNELS];
    const size_t nch = (size_t)m->channels;
    while (frames > 0) {
        const size_t n = frames < FF_LM_CHUNK ? frames : FF_LM_CHUNK;
        for (size_t i = 0; i < n * nch; i++)
            buf[i] = (double)x[i];
        ff_loudness_process_f64(m, buf, n);
        x += n * nch;
        frames -= n;
    }
}
