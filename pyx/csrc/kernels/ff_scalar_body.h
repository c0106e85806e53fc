/* ff_scalar_body.h - the reference kernels, one sample type (body header).
 *
 * Included twice by ff_kernels_scalar.c (see ff_template.h). This is the
 * specification every SIMD file is tested against: plain loops, sums
 * accumulated in double, NaN propagated (a NaN sample makes the peak NaN).
 */
#include "kernels/ff_biquad_serial.h"

static void FF_FN(mix_add)(FF_T *restrict dst, const FF_T *restrict src, size_t n, FF_T gain)
{
    for (size_t i = 0; i < n; i++)
        dst[i] += gain * src[i];
}

static void FF_FN(mix_add_ramp)(FF_T *restrict dst, const FF_T *restrict src, size_t n,
                                FF_T gain_start, FF_T gain_step)
{
    for (size_t i = 0; i < n; i++)
        dst[i] += src[i] * (gain_start + (FF_T)i * gain_step);
}

static void FF_FN(apply_gain)(FF_T *buf, size_t n, FF_T gain)
{
    for (size_t i = 0; i < n; i++)
        buf[i] *= gain;
}

static void FF_FN(stereo_gain)(FF_T *restrict left, FF_T *restrict right, size_t n,
                               FF_T gain_l, FF_T gain_r)
{
    for (size_t i = 0; i < n; i++) {
        left[i] *= gain_l;
        right[i] *= gain_r;
    }
}

/* max(peak, |v|) that keeps a NaN once one was seen. */
static inline double FF_FN(peak_step)(double peak, double v)
{
    const double a = fabs(v);
    return (a > peak || a != a) ? a : peak;
}

static double FF_FN(find_peak)(const FF_T *x, size_t n)
{
    double peak = 0.0;
    for (size_t i = 0; i < n; i++)
        peak = (peak != peak) ? peak : FF_FN(peak_step)(peak, x[i]);
    return peak;
}

static double FF_FN(sum_squares)(const FF_T *x, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)x[i] * (double)x[i];
    return sum;
}

static void FF_FN(stereo_stats)(const FF_T *left, const FF_T *right, size_t n,
                                ff_stereo_stats *out)
{
    double pl = 0.0, pr = 0.0, ll = 0.0, rr = 0.0, lr = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double l = left[i], r = right[i];
        pl = (pl != pl) ? pl : FF_FN(peak_step)(pl, l);
        pr = (pr != pr) ? pr : FF_FN(peak_step)(pr, r);
        ll += l * l;
        rr += r * r;
        lr += l * r;
    }
    out->peak_l = pl;
    out->peak_r = pr;
    out->sum_ll = ll;
    out->sum_rr = rr;
    out->sum_lr = lr;
}

static void FF_FN(biquad)(FF_T *x, size_t n, const FF_T *coef, FF_T *state)
{
    FF_FN(biquad_serial)(x, n, coef, state);
}

/* The bank, one channel after another: gather channel c's coefficients and
 * state from the SoA rows, run the serial filter, scatter the state back. */
static void FF_FN(biquad_bank)(FF_T *x, size_t xstride, size_t channels, size_t frames,
                               const FF_T *coef, FF_T *state, size_t cstride)
{
    for (size_t c = 0; c < channels; c++) {
        FF_T k[5], s[4];
        for (int j = 0; j < 5; j++)
            k[j] = coef[j * cstride + c];
        for (int j = 0; j < 4; j++)
            s[j] = state[j * cstride + c];
        FF_FN(biquad_serial)(x + c * xstride, frames, k, s);
        for (int j = 0; j < 4; j++)
            state[j * cstride + c] = s[j];
    }
}
