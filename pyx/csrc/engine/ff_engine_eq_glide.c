/* ff_engine_eq_glide.c - EQ coefficient changes that glide instead of jumping.
 *
 * When an enabled band of a playing track gets new coefficients, the band's
 * coefficient rows move from where they are to the new values over the ramp
 * length, linearly, in steps every FF_EQ_GLIDE_FRAMES frames: before each
 * sub-block, c += (target - c) * m / left (m = the sub-block's frames, left =
 * frames of glide still to go), so the last step lands exactly on the target.
 * A tile whose band has a glide under way runs that band's biquad bank sub-block
 * by sub-block; every other band keeps its single call per block. The filter
 * is direct form I (its state is past inputs and outputs), which takes a change
 * of coefficients between samples without a transient of its own, and a line
 * between two stable biquads stays stable (the (a1, a2) stability triangle is
 * convex). An RTPC sweeping a band's frequency therefore arrives as a smooth
 * sweep of the filter.
 */
#include "engine/ff_engine_internal.h"

#define FF_EQ_GLIDE_FRAMES 32

static ff_eq_glide *glide_of(ff_engine *e, uint32_t slot, int band)
{
    return &e->tracks.eq_glide[(size_t)slot * FF_EQ_BANDS + (size_t)band];
}

static double *coef_at(ff_engine *e, int band, int j, uint32_t slot)
{
    return ff_eq_coef_row(e, band, j) + 2 * (size_t)slot;
}

void ff_eq_glide_start(ff_engine *e, uint32_t slot, int band, const double coef[5])
{
    ff_eq_glide *g = glide_of(e, slot, band);
    for (int j = 0; j < 5; j++)
        g->target[j] = coef[j];
    g->left = ff_ramp_length(e);
}

void ff_eq_glide_cancel(ff_engine *e, uint32_t slot, int band)
{
    glide_of(e, slot, band)->left = 0;
}

int ff_eq_gliding(ff_engine *e, uint32_t first, uint32_t count, int band)
{
    for (uint32_t j = 0; j < count; j++)
        if (glide_of(e, first + j, band)->left > 0)
            return 1;
    return 0;
}

/* One step of every glide of the tile's band, for a sub-block of m frames. */
static void step_glides(ff_engine *e, uint32_t first, uint32_t count, int band, size_t m)
{
    for (uint32_t s = first; s < first + count; s++) {
        ff_eq_glide *g = glide_of(e, s, band);
        if (g->left == 0)
            continue;
        for (int j = 0; j < 5; j++) {
            double *c = coef_at(e, band, j, s), v = g->target[j];
            if (m < g->left)
                v = c[0] + (g->target[j] - c[0]) * (double)m / (double)g->left;
            c[0] = c[1] = v;
        }
        g->left = m >= g->left ? 0 : g->left - (uint32_t)m;
    }
}

void ff_eq_glide_tile(ff_engine *e, const ff_kernels *k, uint32_t first, uint32_t count,
                      int band, size_t n)
{
    double *coef = ff_eq_coef_row(e, band, 0) + 2 * (size_t)first;
    double *state = ff_eq_state_row(e, band, 0) + 2 * (size_t)first;
    for (size_t off = 0; off < n; off += FF_EQ_GLIDE_FRAMES) {
        size_t m = n - off < FF_EQ_GLIDE_FRAMES ? n - off : FF_EQ_GLIDE_FRAMES;
        step_glides(e, first, count, band, m);
        k->biquad_bank_f64(e->scratch.rows + off, e->scratch.row_stride, 2 * (size_t)count, m,
                           coef, state, e->rows_cap);
    }
}
