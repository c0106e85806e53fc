/* ff_engine_buses.c - buses: routing, solo gate, gains, meters.
 *
 * Buses run in `buses.order` (every bus after the buses that feed it, Master
 * last). A bus's input is its direct input (tracks and voices routed to it)
 * times its solo gate, plus the outputs of the buses routed into it, times its
 * ducking gain (ff_engine_ducking.c). Bus solo:
 * when any bus is soloed, a bus's direct input is heard only if that bus or a
 * bus downstream of it (on its way to Master) is soloed, so exactly the
 * sources passing through a soloed bus remain. Bus mute silences everything
 * passing through the bus. Master's output (bus 0) is left in the scratch
 * out rows for the master stage (ff_engine_master.c).
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"
#include "engine/ff_engine_simd.h"

/* FF_CMD_SET_ROUTING: outputs resolved by Python (a bad one goes to Master), and the order. */
void ff_buses_route(ff_engine *e, const ff_command *c)
{
    for (int b = 0; b < FF_BUSES; b++) {
        int32_t out = c->i[b], order = c->i[FF_BUSES + b];
        e->buses.output[b] = (out >= 0 && out < FF_BUSES && out != b) ? out : 0;
        e->buses.order[b] = (order >= 0 && order < FF_BUSES) ? order : 0;
    }
}

static int soloed_downstream(const ff_engine *e, int bus)
{
    for (int hops = 0; hops < FF_BUSES; hops++) {
        if (ff_load_i32(&e->params.bus_solo[bus]))
            return 1;
        if (bus == 0)
            return 0;
        bus = e->buses.output[bus];
    }
    return 0;
}

/* The input of bus b: sum rows, direct rows, or both mixed (direct through the solo gate). */
static void bus_input(ff_engine *e, const ff_kernels *k, int b, size_t n, const double **in_l,
                      const double **in_r)
{
    const int direct = (e->buses.fed & FF_FED_DIRECT(b)) != 0;
    const int sum = (e->buses.fed & FF_FED_SUM(b)) != 0;
    ff_gain_ramp *gate = &e->buses.gate[b];
    double *direct_l = FF_ROW(e->buses.direct, 2 * b, e), *direct_r = FF_ROW(direct_l, 1, e);
    double *sum_l = FF_ROW(e->buses.sum, 2 * b, e), *sum_r = FF_ROW(sum_l, 1, e);
    if (!direct || (!sum && gate->left == 0 && gate->cur[0] == 1.0)) {
        ff_ramp_advance(gate, 1, n);
        *in_l = direct ? direct_l : sum_l;
        *in_r = direct ? direct_r : sum_r;
        return;
    }
    if (sum) {
        memcpy(e->scratch.tmp_l, sum_l, n * sizeof(double));
        memcpy(e->scratch.tmp_r, sum_r, n * sizeof(double));
    } else {
        memset(e->scratch.tmp_l, 0, n * sizeof(double));
        memset(e->scratch.tmp_r, 0, n * sizeof(double));
    }
    ff_ramp_scale_add(k, gate, direct_l, direct_r, e->scratch.tmp_l, e->scratch.tmp_r, n);
    *in_l = e->scratch.tmp_l;
    *in_r = e->scratch.tmp_r;
}

void ff_buses_render(ff_engine *e, const ff_kernels *k, size_t n, double decay)
{
    const ff_params *p = &e->params;
    uint32_t ramp = ff_ramp_length(e);
    int any_solo = 0;
    for (int b = 0; b < FF_BUSES; b++)
        any_solo |= ff_load_i32(&p->bus_solo[b]) != 0;
    memset(e->scratch.out_l, 0, n * sizeof(double));
    memset(e->scratch.out_r, 0, n * sizeof(double));
    for (int i = 0; i < FF_BUSES; i++) {
        const int b = e->buses.order[i], out = e->buses.output[b];
        double gate[4] = {(!any_solo || soloed_downstream(e, b)) ? 1.0 : 0.0, 0.0, 0.0, 0.0};
        double g[4], *dst_l, *dst_r;
        const double *in_l, *in_r;
        ff_stereo_stats st;
        ff_ramp_aim(&e->buses.gate[b], gate, 1, ramp);
        ff_strip_gains_cached(&e->buses.gains[b], ff_load_f64(&p->bus_volume[b]),
                              ff_load_f64(&p->bus_pan[b]), ff_load_f64(&p->bus_pan_right[b]), 2,
                              ff_load_i32(&p->bus_muted[b]) ? 0.0 : 1.0, g);
        ff_ramp_aim(&e->buses.gain[b], g, 4, ramp);
        if (!(e->buses.fed & (FF_FED_DIRECT(b) | FF_FED_SUM(b)))) {   /* nothing in: silence out */
            ff_ramp_advance(&e->buses.gate[b], 1, n);
            ff_ramp_advance(&e->buses.gain[b], 4, n);
            if (b != 0)
                ff_meter_fall(&e->meters.bus[b], decay);
            continue;
        }
        bus_input(e, k, b, n, &in_l, &in_r);
        ff_ducking_apply(e, b, (double *)in_l, (double *)in_r, n);   /* engine-owned rows */
        /* Master's output stays in out_l/out_r for the master stage */
        dst_l = b == 0 ? e->scratch.out_l : FF_ROW(e->buses.sum, 2 * out, e);
        dst_r = b == 0 ? e->scratch.out_r : FF_ROW(e->buses.sum, 2 * out + 1, e);
        e->simd->strip_mix(in_l, in_r, n, &e->buses.gain[b], dst_l, dst_r, &st);
        if (b != 0)
            ff_live_loudness_bus(e, b, in_l, in_r, n);
        ff_ramp_advance(&e->buses.gain[b], 4, n);
        if (b != 0) {
            e->buses.fed |= FF_FED_SUM(out);
            ff_meter_apply(&e->meters.bus[b], &st, n, decay);
        }
    }
}
