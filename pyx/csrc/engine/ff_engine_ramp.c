/* ff_engine_ramp.c - click-free gains: linear ramps of a strip's 2x2 gain matrix.
 *
 * A strip (track, voice, bus) has four gains, L->L, R->L, L->R, R->R, computed
 * from volume, pan law and mute/solo. When the target changes, every gain
 * moves linearly to its new value over the ramp length (one block unless a
 * ramp time is set), so no output sample jumps by more than
 * |change| / ramp_frames per frame on a constant input. Ramping the matrix
 * (not volume and pan separately) keeps each gain's path a straight line.
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "kernels/ff_pan.h"

void ff_ramp_aim(ff_gain_ramp *r, const double *target, int count, uint32_t ramp_frames)
{
    int changed = 0;
    for (int g = 0; g < count; g++)
        changed |= (target[g] != r->target[g]);
    if (r->fresh || ramp_frames == 0) {
        for (int g = 0; g < count; g++) {
            r->cur[g] = r->target[g] = target[g];
            r->step[g] = 0.0;
        }
        r->left = 0;
        r->fresh = 0;
        return;
    }
    if (!changed)
        return;
    for (int g = 0; g < count; g++) {
        r->target[g] = target[g];
        r->step[g] = (target[g] - r->cur[g]) / (double)ramp_frames;
    }
    r->left = ramp_frames;
}

void ff_ramp_advance(ff_gain_ramp *r, int count, size_t n)
{
    if (r->left == 0)
        return;
    if (n >= r->left) {
        for (int g = 0; g < count; g++) {
            r->cur[g] = r->target[g];
            r->step[g] = 0.0;
        }
        r->left = 0;
        return;
    }
    for (int g = 0; g < count; g++)
        r->cur[g] += r->step[g] * (double)n;
    r->left -= (uint32_t)n;
}

/* dst += src * gain g of the ramp over n frames (ramped part, then steady part). */
static void ramp_term(const ff_kernels *k, const ff_gain_ramp *r, int g, const double *src,
                      double *dst, size_t n)
{
    size_t m = r->left < n ? r->left : n;
    if (m > 0 && (r->cur[g] != 0.0 || r->step[g] != 0.0))
        k->mix_add_ramp_f64(dst, src, m, r->cur[g], r->step[g]);
    if (n > m) {
        double steady = m > 0 ? r->target[g] : r->cur[g];
        if (steady != 0.0)
            k->mix_add_f64(dst + m, src + m, n - m, steady);
    }
}

void ff_ramp_scale_add(const ff_kernels *k, ff_gain_ramp *r, const double *in_l,
                       const double *in_r, double *out_l, double *out_r, size_t n)
{
    ramp_term(k, r, 0, in_l, out_l, n);
    ramp_term(k, r, 0, in_r, out_r, n);
    ff_ramp_advance(r, 1, n);
}

void ff_strip_gains(double volume, double pan, double pan_right, int channels,
                    double audible, double g[4])
{
    const double v = volume * audible;
    if (channels == 1) {
        double l, r;
        ff_pan_mono(pan, &l, &r);
        g[0] = v * l;
        g[1] = 0.0;
        g[2] = v * r;
        g[3] = 0.0;
        return;
    }
    ff_pan_stereo(pan, pan_right, g);
    for (int i = 0; i < 4; i++)
        g[i] *= v;
}

void ff_strip_gains_cached(ff_gain_cache *cache, double volume, double pan, double pan_right,
                           int channels, double audible, double g[4])
{
    const double in[5] = {volume, pan, pan_right, (double)channels, audible};
    if (!cache->valid || memcmp(in, cache->in, sizeof in) != 0) {
        ff_strip_gains(volume, pan, pan_right, channels, audible, cache->g);
        memcpy(cache->in, in, sizeof in);
        cache->valid = 1;
    }
    memcpy(g, cache->g, sizeof cache->g);
}

uint32_t ff_ramp_length(const ff_engine *e)
{
    int32_t frames = ff_load_i32(&e->params.ramp_frames);
    return frames > 0 ? (uint32_t)frames : e->blocksize;
}
