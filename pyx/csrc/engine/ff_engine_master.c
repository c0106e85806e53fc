/* ff_engine_master.c - the master stage: Master's output to the output buffer.
 *
 * Master (bus 0, rendered by ff_engine_buses.c into the scratch out rows)
 * goes through master volume (ramped), optional soft clip and the DC blocker;
 * bus 0's meter is this stage's output, which is written as interleaved
 * stereo float32.
 *
 * Soft clip: |x| <= 0.85 passes; above the knee
 *     y = sign(x) * (0.85 + 0.15 * tanh((|x| - 0.85) / 0.15) / tanh(1)),
 * continuous at the knee (where the slope steps from 1 to 1/tanh(1)), 1.0 -> 1.0,
 * never above 0.85 + 0.15/tanh(1) = 1.047.
 */
#include <math.h>
#include <string.h>

#include "engine/ff_engine_internal.h"

#define FF_SOFT_KNEE 0.85
#define FF_TANH_ONE 0.76159415595576488812

static void soft_clip(double *x, size_t n)
{
    const double width = 1.0 - FF_SOFT_KNEE;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(x[i]);
        if (a > FF_SOFT_KNEE) {
            double y = FF_SOFT_KNEE + width * tanh((a - FF_SOFT_KNEE) / width) / FF_TANH_ONE;
            x[i] = x[i] < 0.0 ? -y : y;
        }
    }
}

/* y[n] = x[n] - x[n-1] + R * y[n-1], R = exp(-2 pi 5 / sr). Exact, in order. */
static void dc_block(double *x, size_t n, double coef, double *x1, double *y1)
{
    double px = *x1, py = *y1;
    for (size_t i = 0; i < n; i++) {
        double y = x[i] - px + coef * py;
        px = x[i];
        x[i] = py = y;
    }
    *x1 = px;
    *y1 = py;
}

void ff_master_reset(ff_engine *e)
{
    ff_engine_master *m = &e->master;
    m->dc_x1[0] = m->dc_x1[1] = m->dc_y1[0] = m->dc_y1[1] = 0.0;
}

void ff_master_render(ff_engine *e, const ff_kernels *k, size_t n, float *out, double decay)
{
    ff_engine_master *m = &e->master;
    double *tmp_l = e->scratch.tmp_l, *tmp_r = e->scratch.tmp_r;
    double g[4] = {ff_load_f64(&e->params.master_volume), 0.0, 0.0, 0.0};
    ff_ramp_aim(&m->gain, g, 1, ff_ramp_length(e));
    memset(tmp_l, 0, n * sizeof(double));
    memset(tmp_r, 0, n * sizeof(double));
    ff_ramp_scale_add(k, &m->gain, e->scratch.out_l, e->scratch.out_r, tmp_l, tmp_r, n);
    if (ff_load_i32(&e->params.soft_clip)) {
        soft_clip(tmp_l, n);
        soft_clip(tmp_r, n);
    }
    if (ff_load_i32(&e->params.dc_block)) {
        dc_block(tmp_l, n, m->dc_coef, &m->dc_x1[0], &m->dc_y1[0]);
        dc_block(tmp_r, n, m->dc_coef, &m->dc_x1[1], &m->dc_y1[1]);
    } else {
        ff_master_reset(e);   /* switched off: forget the memory, so switching on starts clean */
    }
    ff_meter_update(k, &e->meters.bus[0], tmp_l, tmp_r, n, decay);
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = (float)tmp_l[i];
        out[2 * i + 1] = (float)tmp_r[i];
    }
}
