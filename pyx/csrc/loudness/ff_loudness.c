/* ff_loudness.c - BS.1770-4 / EBU R128 meter: init, process, reset
 * (see ff_loudness.h; the readers are in ff_loudness_read.c).
 * Multiplies and adds are never fused into FMAs (not even where the
 * baseline instruction set has them), so the SIMD lanes of
 * ff_loudness_lanes.h reproduce these bits on every machine. */
#pragma GCC optimize("fp-contract=off")
#include "loudness/ff_loudness.h"

#include <math.h>
#include <string.h>

#include "loudness/ff_loudness_offline.h"

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
    m->true_peak_on = 1;
    m->subblock_frames = (uint32_t)((samplerate_hz + 5.0) / 10.0);
    ff_kweight_design(samplerate_hz, m->shelf, m->highpass);
    ff_loudness_reset(m);
    return 0;
}

void ff_loudness_set_true_peak(ff_loudness *m, int on)
{
    m->true_peak_on = on != 0;
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

/* K-weight `frames` interleaved frames of NCH channels, frame by frame, so
 * the channels' filter recursions run side by side; each square is added
 * to its channel's running sum in sample order (so any cutting into blocks
 * gives the same bits). FF_NCH is a constant in the specialised copies. */
#define FF_KWEIGHT_BODY(FF_NCH)                                                          \
    const double *s = m->shelf, *h = m->highpass;                                        \
    double st[FF_LM_MAX_CHANNELS][8], sum[FF_LM_MAX_CHANNELS], pk[FF_LM_MAX_CHANNELS];   \
    for (int c = 0; c < (FF_NCH); c++) {                                                 \
        memcpy(st[c], m->state[c], sizeof st[c]);                                        \
        sum[c] = m->square_sum[c], pk[c] = m->sample_peak[c];                            \
    }                                                                                    \
    for (size_t i = 0; i < frames; i++) {                                                \
        for (int c = 0; c < (FF_NCH); c++) {                                             \
            double *q = st[c];                                                           \
            const double x0 = x[i * (size_t)(FF_NCH) + (size_t)c];                       \
            const double a = fabs(x0);                                                   \
            pk[c] = a > pk[c] ? a : pk[c];                                               \
            const double y0 = (s[0] * x0 + s[1] * q[0] + s[2] * q[1] - s[4] * q[3])      \
                              - s[3] * q[2];                                             \
            q[1] = q[0], q[0] = x0, q[3] = q[2], q[2] = y0;                              \
            const double z0 = (h[0] * y0 + h[1] * q[4] + h[2] * q[5] - h[4] * q[7])      \
                              - h[3] * q[6];                                             \
            q[5] = q[4], q[4] = y0, q[7] = q[6], q[6] = z0;                              \
            sum[c] += z0 * z0;                                                           \
        }                                                                                \
    }                                                                                    \
    for (int c = 0; c < (FF_NCH); c++) {                                                 \
        memcpy(m->state[c], st[c], sizeof st[c]);                                        \
        m->square_sum[c] = sum[c], m->sample_peak[c] = pk[c];                            \
    }

/* One channel's two stages and square, state in named locals (registers). */
#define FF_KW_STEP(x0, Q, SUM, PK)                                                      \
    do {                                                                                \
        const double x0_ = (x0), a_ = fabs(x0_);                                        \
        PK = a_ > PK ? a_ : PK;                                                         \
        const double y0_ = (s0 * x0_ + s1 * Q##x1 + s2 * Q##x2 - s4 * Q##y2) - s3 * Q##y1; \
        Q##x2 = Q##x1, Q##x1 = x0_, Q##y2 = Q##y1, Q##y1 = y0_;                         \
        const double z0_ = (y0_ - 2.0 * Q##u1 + Q##u2 - h4 * Q##z2) - h3 * Q##z1;       \
        Q##u2 = Q##u1, Q##u1 = y0_, Q##z2 = Q##z1, Q##z1 = z0_;                         \
        SUM += z0_ * z0_;                                                               \
    } while (0)
#define FF_KW_LOAD(Q, c)                                                                \
    double Q##x1 = m->state[c][0], Q##x2 = m->state[c][1], Q##y1 = m->state[c][2];      \
    double Q##y2 = m->state[c][3], Q##u1 = m->state[c][4], Q##u2 = m->state[c][5];      \
    double Q##z1 = m->state[c][6], Q##z2 = m->state[c][7];                              \
    double Q##sum = m->square_sum[c], Q##pk = m->sample_peak[c]
#define FF_KW_STORE(Q, c)                                                               \
    m->state[c][0] = Q##x1, m->state[c][1] = Q##x2, m->state[c][2] = Q##y1;             \
    m->state[c][3] = Q##y2, m->state[c][4] = Q##u1, m->state[c][5] = Q##u2;             \
    m->state[c][6] = Q##z1, m->state[c][7] = Q##z2;                                     \
    m->square_sum[c] = Q##sum, m->sample_peak[c] = Q##pk

/* The high pass is {1, -2, 1, a1, a2} (b0 = 1, b1 = -2, b2 = 1 exactly, so
 * the step's y0 - 2 u1 + u2 gives the same bits as the general form). */
static void kweight_1(ff_loudness *m, const double *x, size_t frames)
{
    const double s0 = m->shelf[0], s1 = m->shelf[1], s2 = m->shelf[2], s3 = m->shelf[3];
    const double s4 = m->shelf[4], h3 = m->highpass[3], h4 = m->highpass[4];
    FF_KW_LOAD(a, 0);
    for (size_t i = 0; i < frames; i++)
        FF_KW_STEP(x[i], a, asum, apk);
    FF_KW_STORE(a, 0);
}

static void kweight_2(ff_loudness *m, const double *x, size_t frames)
{
    const double s0 = m->shelf[0], s1 = m->shelf[1], s2 = m->shelf[2], s3 = m->shelf[3];
    const double s4 = m->shelf[4], h3 = m->highpass[3], h4 = m->highpass[4];
    FF_KW_LOAD(a, 0);
    FF_KW_LOAD(b, 1);
    for (size_t i = 0; i < frames; i++) {
        FF_KW_STEP(x[2 * i], a, asum, apk);
        FF_KW_STEP(x[2 * i + 1], b, bsum, bpk);
    }
    FF_KW_STORE(a, 0);
    FF_KW_STORE(b, 1);
}
static void kweight_n(ff_loudness *m, const double *x, size_t frames)
{
    const int nch = m->channels;
    FF_KWEIGHT_BODY(nch)
}

static double ring_mean(const ff_loudness *m, int n)
{
    double sum = 0.0;
    for (int i = 1; i <= n; i++)
        sum += m->ring[(m->ring_pos - i + FF_LM_SHORT_SUBBLOCKS) % FF_LM_SHORT_SUBBLOCKS];
    return sum / (double)n;
}

void ff_loudness_finish_subblock(ff_loudness *m)
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
    ff_loudness_add_subblock_energy(m, e);
}

void ff_loudness_process_f64(ff_loudness *m, const double *x, size_t frames)
{
    const int nch = m->channels;
    if (nch == 0)
        return;
    if (m->true_peak_on)
        ff_true_peak_process(&m->true_peak, x, frames);
    while (frames > 0) {
        size_t n = m->subblock_frames - m->subblock_fill;
        if (n > frames)
            n = frames;
        if (nch == 1)
            kweight_1(m, x, n);
        else if (nch == 2)
            kweight_2(m, x, n);
        else
            kweight_n(m, x, n);
        m->subblock_fill += (uint32_t)n;
        if (m->subblock_fill == m->subblock_frames)
            ff_loudness_finish_subblock(m);
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

void ff_loudness_add_subblock_energy(ff_loudness *m, double e)
{
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
