/* ff_engine_master.c - buses (gate, gains, meters, routing) and the master stage.
 *
 * Buses run in `bus_order` (every bus after the buses that feed it, Master
 * last). A bus's input is its direct input (tracks and voices routed to it)
 * times its solo gate, plus the outputs of the buses routed into it, times its
 * ducking gain (ff_engine_ducking.c). Bus solo:
 * when any bus is soloed, a bus's direct input is heard only if that bus or a
 * bus downstream of it (on its way to Master) is soloed, so exactly the
 * sources passing through a soloed bus remain. Bus mute silences everything
 * passing through the bus. Master (bus 0) then goes through the master stage:
 * master volume, optional soft clip, DC blocker; bus 0's meter is the master
 * output.
 *
 * Soft clip: |x| <= 0.85 passes; above the knee
 *     y = sign(x) * (0.85 + 0.15 * tanh((|x| - 0.85) / 0.15) / tanh(1)),
 * continuous at the knee (where the slope steps from 1 to 1/tanh(1)), 1.0 -> 1.0,
 * never above 0.85 + 0.15/tanh(1) = 1.047.
 */
#include <math.h>
#include <string.h>

#include "ff_engine_internal.h"
#include "ff_engine_loudness.h"
#include "ff_engine_simd.h"

#define FF_SOFT_KNEE 0.85
#define FF_TANH_ONE 0.76159415595576488812

static int soloed_downstream(const ff_engine *e, int bus)
{
    for (int hops = 0; hops < FF_BUSES; hops++) {
        if (ff_load_i32(&e->params.bus_solo[bus]))
            return 1;
        if (bus == 0)
            return 0;
        bus = e->bus_output[bus];
    }
    return 0;
}

/* The input of bus b: sum rows, direct rows, or both mixed (direct through the solo gate). */
static void bus_input(ff_engine *e, const ff_kernels *k, int b, size_t n, const double **in_l,
                      const double **in_r)
{
    const int direct = (e->fed & FF_FED_DIRECT(b)) != 0, sum = (e->fed & FF_FED_SUM(b)) != 0;
    ff_gain_ramp *gate = &e->bus_gate[b];
    double *direct_l = FF_ROW(e->bus_direct, 2 * b, e), *direct_r = direct_l + e->row_stride;
    double *sum_l = FF_ROW(e->bus_sum, 2 * b, e), *sum_r = sum_l + e->row_stride;
    if (!direct || (!sum && gate->left == 0 && gate->cur[0] == 1.0)) {
        ff_ramp_advance(gate, 1, n);
        *in_l = direct ? direct_l : sum_l;
        *in_r = direct ? direct_r : sum_r;
        return;
    }
    if (sum) {
        memcpy(e->tmp_l, sum_l, n * sizeof(double));
        memcpy(e->tmp_r, sum_r, n * sizeof(double));
    } else {
        memset(e->tmp_l, 0, n * sizeof(double));
        memset(e->tmp_r, 0, n * sizeof(double));
    }
    ff_ramp_scale_add(k, gate, direct_l, direct_r, e->tmp_l, e->tmp_r, n);
    *in_l = e->tmp_l;
    *in_r = e->tmp_r;
}

void ff_buses_render(ff_engine *e, const ff_kernels *k, size_t n, double decay)
{
    const ff_params *p = &e->params;
    uint32_t ramp = ff_ramp_length(e);
    int any_solo = 0;
    for (int b = 0; b < FF_BUSES; b++)
        any_solo |= ff_load_i32(&p->bus_solo[b]) != 0;
    memset(e->out_l, 0, n * sizeof(double));
    memset(e->out_r, 0, n * sizeof(double));
    for (int i = 0; i < FF_BUSES; i++) {
        const int b = e->bus_order[i], out = e->bus_output[b];
        double gate[4] = {(!any_solo || soloed_downstream(e, b)) ? 1.0 : 0.0, 0.0, 0.0, 0.0};
        double g[4], *dst_l, *dst_r;
        const double *in_l, *in_r;
        ff_stereo_stats st;
        ff_ramp_aim(&e->bus_gate[b], gate, 1, ramp);
        ff_strip_gains_cached(&e->bus_gains[b], ff_load_f64(&p->bus_volume[b]),
                              ff_load_f64(&p->bus_pan[b]), ff_load_f64(&p->bus_pan_right[b]), 2,
                              ff_load_i32(&p->bus_muted[b]) ? 0.0 : 1.0, g);
        ff_ramp_aim(&e->bus_gain[b], g, 4, ramp);
        if (!(e->fed & (FF_FED_DIRECT(b) | FF_FED_SUM(b)))) {   /* nothing in: silence out */
            ff_ramp_advance(&e->bus_gate[b], 1, n);
            ff_ramp_advance(&e->bus_gain[b], 4, n);
            if (b != 0)
                ff_meter_fall(&e->meter_bus[b], decay);
            continue;
        }
        bus_input(e, k, b, n, &in_l, &in_r);
        ff_ducking_apply(e, b, (double *)in_l, (double *)in_r, n);   /* engine-owned rows */
        /* Master's output stays in out_l/out_r for the master stage */
        dst_l = b == 0 ? e->out_l : FF_ROW(e->bus_sum, 2 * out, e);
        dst_r = b == 0 ? e->out_r : FF_ROW(e->bus_sum, 2 * out + 1, e);
        e->simd->strip_mix(in_l, in_r, n, &e->bus_gain[b], dst_l, dst_r, &st);
        if (b != 0)
            ff_live_loudness_bus(e, b, in_l, in_r, n);
        ff_ramp_advance(&e->bus_gain[b], 4, n);
        if (b != 0) {
            e->fed |= FF_FED_SUM(out);
            ff_meter_apply(&e->meter_bus[b], &st, n, decay);
        }
    }
}

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

void ff_master_render(ff_engine *e, const ff_kernels *k, size_t n, float *out, double decay)
{
    double g[4] = {ff_load_f64(&e->params.master_volume), 0.0, 0.0, 0.0};
    ff_ramp_aim(&e->master_gain, g, 1, ff_ramp_length(e));
    memset(e->tmp_l, 0, n * sizeof(double));
    memset(e->tmp_r, 0, n * sizeof(double));
    ff_ramp_scale_add(k, &e->master_gain, e->out_l, e->out_r, e->tmp_l, e->tmp_r, n);
    if (ff_load_i32(&e->params.soft_clip)) {
        soft_clip(e->tmp_l, n);
        soft_clip(e->tmp_r, n);
    }
    if (ff_load_i32(&e->params.dc_block)) {
        dc_block(e->tmp_l, n, e->dc_coef, &e->dc_x1[0], &e->dc_y1[0]);
        dc_block(e->tmp_r, n, e->dc_coef, &e->dc_x1[1], &e->dc_y1[1]);
    } else {
        /* switched off: forget the memory, so switching on starts clean */
        e->dc_x1[0] = e->dc_x1[1] = e->dc_y1[0] = e->dc_y1[1] = 0.0;
    }
    ff_meter_update(k, &e->meter_bus[0], e->tmp_l, e->tmp_r, n, decay);
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = (float)e->tmp_l[i];
        out[2 * i + 1] = (float)e->tmp_r[i];
    }
}
