/* ff_engine_loudness.c - live loudness: the meters' memory, commands, and
 * feeding them every bus's output each block (see ff_engine_loudness.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"

#define FF_TP_HISTORY (FF_TP_TAPS - 1)

static void *aligned_zeros(size_t bytes)
{
    void *p = NULL;
    bytes = (bytes + 63) & ~(size_t)63;
    if (posix_memalign(&p, 64, bytes ? bytes : 64) != 0)
        return NULL;
    memset(p, 0, bytes);
    return p;
}

/* Lane's samples of this block (its true-peak history sits just before them). */
static float *row(ff_live_loudness *L, int lane)
{
    return L->rows + (size_t)lane * L->row_stride + FF_TP_HISTORY;
}

/* The kernels of the active SIMD level (loaded as the render loads its table). */
static const ff_loudness_lanes *lanes_now(const ff_engine *e)
{
    const ff_kernels *k = __atomic_load_n(e->kernel_slot, __ATOMIC_ACQUIRE);
    return ff_loudness_lanes_for(k->level);
}

int ff_live_loudness_create(ff_engine *e)
{
    ff_live_loudness *L = aligned_zeros(sizeof *L);
    if (!L)
        return -1;
    /* history, a block, and 16 more floats (kweight reads whole vectors past a block) */
    L->row_stride = (FF_TP_HISTORY + (size_t)e->blocksize + 16 + 15) & ~(size_t)15;
    L->rows = aligned_zeros((size_t)FF_LL_LANES * L->row_stride * sizeof(float));
    L->tp_abs = aligned_zeros(L->row_stride * sizeof(float));
    e->meters.loudness = L;
    if (!L->rows || !L->tp_abs) {
        ff_live_loudness_destroy(e);
        return -1;
    }
    for (int b = 0; b < FF_BUSES; b++) {
        if (ff_loudness_init(&L->meter[b], e->samplerate, 2, NULL) != 0) {
            ff_live_loudness_destroy(e);
            return -1;
        }
    }
    L->zeroed = (1u << FF_BUSES) - 1;
    L->enabled = 1;
    ff_live_loudness_figures(L, 1);
    memcpy(L->pub, L->work, sizeof L->pub);   /* no reader yet */
    return 0;
}

void ff_live_loudness_destroy(ff_engine *e)
{
    ff_live_loudness *L = e->meters.loudness;
    if (!L)
        return;
    free(L->rows);
    free(L->tp_abs);
    free(L);
    e->meters.loudness = NULL;
}

void ff_live_loudness_reset(ff_engine *e)
{
    ff_live_loudness *L = e->meters.loudness;
    for (int b = 0; b < FF_BUSES; b++)
        ff_loudness_reset(&L->meter[b]);
    ff_live_loudness_figures(L, 1);
}

/* Published at once, so a reader sees the new state before the next block. */
int ff_live_loudness_command(ff_engine *e, const ff_command *c)
{
    ff_live_loudness *L = e->meters.loudness;
    if (c->type == FF_CMD_LOUDNESS_RESET) {
        ff_live_loudness_reset(e);
    } else if (c->type == FF_CMD_LOUDNESS_ENABLE) {
        if (c->i[0] && !L->enabled) {
            L->enabled = 1;
            ff_live_loudness_reset(e);
        } else if (!c->i[0]) {
            L->enabled = 0;
            ff_live_loudness_figures(L, 1);   /* NaN while off */
        }
    } else {
        return -1;
    }
    ff_meter_publish(e);
    return 0;
}

void ff_live_loudness_bus(ff_engine *e, int bus, const double *in_l, const double *in_r,
                          size_t n)
{
    ff_live_loudness *L = e->meters.loudness;
    const ff_gain_ramp *g = &e->buses.gain[bus];
    if (!L->enabled)
        return;
    /* the bus's own mix (strip_mix's gains), alone */
    lanes_now(e)->gain_matrix(in_l, in_r, n, g->cur, g->step, g->target,
                                g->left < n ? g->left : n, row(L, 2 * bus), row(L, 2 * bus + 1));
    L->fed |= 1u << bus;
    L->zeroed &= ~(1u << bus);
}

/* Buses that received nothing this block are fed zeros. */
static void silence_unfed(ff_live_loudness *L)
{
    for (int b = 1; b < FF_BUSES; b++) {
        const uint32_t bit = 1u << b;
        if ((L->fed | L->zeroed) & bit)
            continue;
        memset(row(L, 2 * b), 0, (L->row_stride - FF_TP_HISTORY) * sizeof(float));
        memset(row(L, 2 * b + 1), 0, (L->row_stride - FF_TP_HISTORY) * sizeof(float));
        L->zeroed |= bit;
    }
}

static int history_silent(const float *h)
{
    for (int t = 0; t < FF_TP_HISTORY; t++)
        if (h[t] != 0.0f)
            return 0;
    return 1;
}

/* True peak of every channel, as ff_true_peak_process would find it: the
 * meter's history goes in front of the block's samples, and the block's last
 * samples become the history. A silent bus with a silent history is skipped
 * (its outputs are all zero). */
static void true_peaks(ff_live_loudness *L, const ff_loudness_lanes *lanes, size_t n)
{
    for (int c = 0; c < FF_LL_LANES; c++) {
        ff_true_peak *tp = &L->meter[c / 2].true_peak;
        float *h = tp->hist[c % 2], *x = row(L, c) - FF_TP_HISTORY;
        if (!(L->fed & (1u << (c / 2))) && history_silent(h))
            continue;
        memcpy(x, h, FF_TP_HISTORY * sizeof(float));
        tp->peak[c % 2] = lanes->true_peak(x, L->tp_abs, n, tp->factor, tp->peak[c % 2],
                                           &L->meter[c / 2].sample_peak[c % 2]);
        memcpy(h, x + n, FF_TP_HISTORY * sizeof(float));
    }
}

static void gather(ff_live_loudness *L)
{
    for (int c = 0; c < FF_LL_LANES; c++) {
        const ff_loudness *m = &L->meter[c / 2];
        for (int k = 0; k < 8; k++)
            L->lanes.state[k][c] = m->state[c % 2][k];
        L->lanes.square_sum[c] = m->square_sum[c % 2];
    }
}

static void scatter(ff_live_loudness *L)
{
    for (int c = 0; c < FF_LL_LANES; c++) {
        ff_loudness *m = &L->meter[c / 2];
        for (int k = 0; k < 8; k++)
            m->state[c % 2][k] = L->lanes.state[k][c];
        m->square_sum[c % 2] = L->lanes.square_sum[c];
    }
}

/* K-weighting of every channel up to each sub-block boundary, where every
 * meter closes its sub-block (they all count the same frames). */
static void kweight(ff_live_loudness *L, const ff_loudness_lanes *lanes, size_t n)
{
    const ff_loudness *m0 = &L->meter[0];
    const float *rows[FF_LL_LANES];
    size_t pos = 0;
    for (int c = 0; c < FF_LL_LANES; c++)
        rows[c] = row(L, c);
    gather(L);
    while (pos < n) {
        size_t len = m0->subblock_frames - m0->subblock_fill;
        len = len < n - pos ? len : n - pos;
        lanes->kweight(m0->shelf, m0->highpass, &L->lanes, rows, pos, len);
        for (int b = 0; b < FF_BUSES; b++)
            L->meter[b].subblock_fill += (uint32_t)len;
        pos += len;
        if (m0->subblock_fill == m0->subblock_frames) {
            scatter(L);
            for (int b = 0; b < FF_BUSES; b++)
                ff_loudness_finish_subblock(&L->meter[b]);
            gather(L);
        }
    }
    scatter(L);
}

void ff_live_loudness_block(ff_engine *e, const float *out, size_t n)
{
    ff_live_loudness *L = e->meters.loudness;
    const ff_loudness_lanes *lanes = lanes_now(e);
    if (!L->enabled || n == 0)
        return;
    float *ml = row(L, 0), *mr = row(L, 1);
    for (size_t i = 0; i < n; i++) {
        ml[i] = out[2 * i];
        mr[i] = out[2 * i + 1];
    }
    L->fed |= 1u;
    silence_unfed(L);
    true_peaks(L, lanes, n);
    kweight(L, lanes, n);
    ff_live_loudness_figures(L, 0);
    L->fed = 0;
}
