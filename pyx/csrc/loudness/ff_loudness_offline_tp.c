/* ff_loudness_offline_tp.c - the true-peak scan of the whole-signal
 * analysis (see ff_loudness_offline.h). */
#pragma GCC optimize("fp-contract=off")

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loudness/ff_loudness_offline_internal.h"

#define FF_LO_TP_CHUNK 1024   /* frames per kernel call */
#define FF_LO_TP_FIRST 8      /* spans scanned loudest first */

typedef struct tp_entry {
    double bound;   /* the largest max |x| of the span's channels (in[]) */
    size_t index;   /* span */
} tp_entry;

static int by_bound_desc(const void *a, const void *b)
{
    const double x = ((const tp_entry *)a)->bound, y = ((const tp_entry *)b)->bound;
    return x < y ? 1 : (x > y ? -1 : 0);
}

/* Frames [a, b) into one single-precision row per channel, each row after
 * its FF_TP_TAPS - 1 history samples; peaks[c] = max(peaks[c], max |output|)
 * for the channels with need[c]: the outputs of ff_true_peak.c. in_peak[c]
 * is at least max |x| over those frames and history. */
static void span_peaks(const ff_loudness_simd *k, const void *x, int is_f32, size_t nch,
                       size_t a, size_t b, int factor, const int *need,
                       const double *in_peak, double *peaks, float *rows)
{
    const size_t h = FF_TP_TAPS - 1, row = h + FF_LO_TP_CHUNK;
    for (size_t c = 0; c < nch; c++)
        for (size_t j = 0; j < h; j++)
            rows[c * row + j] = a + j >= h
                ? (float)ff_lo_sample(x, is_f32, (a + j - h) * nch + c) : 0.0f;
    while (a < b) {
        const size_t n = b - a < FF_LO_TP_CHUNK ? b - a : FF_LO_TP_CHUNK;
        for (size_t c = 0; c < nch; c++) {
            float *restrict dst = rows + c * row + h;
            if (is_f32) {
                const float *restrict src = (const float *)x + a * nch + c;
                for (size_t i = 0; i < n; i++)
                    dst[i] = src[i * nch];
            } else {
                const double *restrict src = (const double *)x + a * nch + c;
                for (size_t i = 0; i < n; i++)
                    dst[i] = (float)src[i * nch];
            }
        }
        for (size_t c = 0; c < nch; c++) {
            if (need[c]) {
                const double v = k->true_peak_span(rows + c * row, n, factor, (float)peaks[c],
                                                   in_peak[c]);
                peaks[c] = v > peaks[c] ? v : peaks[c];
            }
            memmove(rows + c * row, rows + c * row + n, h * sizeof *rows);
        }
        a += n;
    }
}

/* The channels (bits) of span i whose bound reaches their peak so far. */
static unsigned needed(const double *in, double gain, const double *tp, size_t nch, size_t i)
{
    unsigned mask = 0;
    for (size_t c = 0; c < nch; c++)
        if (!(in[i * nch + c] * gain < tp[c]))
            mask |= 1u << c;
    return mask;
}

static void run_peaks(const ff_loudness_simd *k, const void *x, int is_f32, size_t nch,
                      size_t a, size_t b, int factor, unsigned mask, const double *in_peak,
                      double *tp, float *rows)
{
    int need[FF_LM_MAX_CHANNELS];
    for (size_t c = 0; c < nch; c++)
        need[c] = (mask >> c) & 1u;
    span_peaks(k, x, is_f32, nch, a, b, factor, need, in_peak, tp, rows);
}

int ff_lo_true_peaks(ff_loudness *m, const ff_loudness_simd *k, const void *x, int is_f32,
                     size_t frames, const double *pk, size_t spans)
{
    const int factor = m->true_peak.factor;
    const size_t nch = (size_t)m->channels, sub = m->subblock_frames, h = FF_TP_TAPS - 1;
    double *tp = m->true_peak.peak;
    for (size_t c = 0; c < nch; c++)
        tp[c] = 0.0;
    double gain = 0.0;   /* largest sum |taps| over the phases used */
    for (int ph = 0; ph < FF_TP_PHASES; ph += factor == 4 ? 1 : 2) {
        double g = 0.0;
        for (int t = 0; t < FF_TP_TAPS; t++)
            g += fabs((double)(float)ff_true_peak_coef[t][ph]);
        gain = g > gain ? g : gain;
    }
    gain *= 1.0 + 1e-5;   /* single-precision rounding of the sums */
    tp_entry *e = malloc((spans + 1) * sizeof *e);
    float *rows = malloc(nch * (h + FF_LO_TP_CHUNK) * sizeof *rows);
    double *in = malloc((spans + 1) * nch * sizeof *in);
    if (e == NULL || rows == NULL || in == NULL) {
        free(e), free(rows), free(in);
        return -1;
    }
    /* max |x| over a span and the FF_TP_TAPS - 1 frames before it (in the
     * span before: parts of sub-blocks are longer) */
    for (size_t i = 0; i < spans; i++) {
        e[i].bound = 0.0, e[i].index = i;
        for (size_t c = 0; c < nch; c++) {
            const double prev = i > 0 ? pk[(i - 1) * nch + c] : 0.0, own = pk[i * nch + c];
            in[i * nch + c] = prev > own ? prev : own;
            e[i].bound = in[i * nch + c] > e[i].bound ? in[i * nch + c] : e[i].bound;
        }
    }
    /* the loudest spans first, so the peaks are high early; then the rest in
     * signal order (memory read in sequence), adjacent spans as one run */
    qsort(e, spans, sizeof *e, by_bound_desc);
    for (size_t i = 0; i < spans && i < FF_LO_TP_FIRST && factor > 1; i++) {
        const size_t j = e[i].index;
        const unsigned mask = needed(in, gain, tp, nch, j);
        size_t a, b;
        ff_lo_span(j, sub, frames, &a, &b);
        if (mask)
            run_peaks(k, x, is_f32, nch, a, b, factor, mask, in + j * nch, tp, rows);
        for (size_t c = 0; c < nch; c++)
            in[j * nch + c] = -1.0;   /* done */
    }
    size_t run_a = 0, run_b = 0;
    unsigned run_mask = 0;
    double run_in[FF_LM_MAX_CHANNELS];
    for (size_t i = 0; i <= spans && factor > 1; i++) {
        size_t a = frames, b = frames;
        const unsigned mask = i < spans ? needed(in, gain, tp, nch, i) : 0;
        if (mask)
            ff_lo_span(i, sub, frames, &a, &b);
        if (run_mask && (mask != run_mask || a != run_b)) {
            run_peaks(k, x, is_f32, nch, run_a, run_b, factor, run_mask, run_in, tp, rows);
            run_mask = 0;
        }
        if (mask && !run_mask) {
            run_a = a, run_mask = mask;
            for (size_t c = 0; c < nch; c++)
                run_in[c] = 0.0;
        }
        for (size_t c = 0; c < nch && mask; c++)
            run_in[c] = in[i * nch + c] > run_in[c] ? in[i * nch + c] : run_in[c];
        run_b = b;
    }
    for (size_t c = 0; c < nch; c++)   /* history, as after streaming */
        for (size_t j = 0; j < h; j++)
            m->true_peak.hist[c][j] = frames + j >= h
                ? (float)ff_lo_sample(x, is_f32, (frames + j - h) * nch + c) : 0.0f;
    free(e), free(rows), free(in);
    return 0;
}
