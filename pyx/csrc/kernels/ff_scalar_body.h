/* ff_scalar_body.h - the reference kernels, one sample type (body header).
 *
 * Static bodies in the file's sample type (ff_sample, kernels/ff_vec.h),
 * included by ff_kernels_f64_scalar.c and ff_kernels_f32_scalar.c, which
 * define the exported kernels on them. This is the specification every SIMD
 * file is tested against: plain loops, sums accumulated in double, NaN
 * propagated (a NaN sample makes the peak NaN).
 */
#include <math.h>

#include "kernels/ff_kernels.h"
#include "kernels/ff_vec.h"
#include "kernels/ff_biquad_serial.h"

static void mix_add(ff_sample *restrict dst, const ff_sample *restrict src, size_t n,
                    ff_sample gain)
{
    for (size_t i = 0; i < n; i++)
        dst[i] += gain * src[i];
}

static void mix_add_ramp(ff_sample *restrict dst, const ff_sample *restrict src, size_t n,
                         ff_sample gain_start, ff_sample gain_step)
{
    for (size_t i = 0; i < n; i++)
        dst[i] += src[i] * (gain_start + (ff_sample)i * gain_step);
}

static void apply_gain(ff_sample *buf, size_t n, ff_sample gain)
{
    for (size_t i = 0; i < n; i++)
        buf[i] *= gain;
}

static void stereo_gain(ff_sample *restrict left, ff_sample *restrict right, size_t n,
                        ff_sample gain_l, ff_sample gain_r)
{
    for (size_t i = 0; i < n; i++) {
        left[i] *= gain_l;
        right[i] *= gain_r;
    }
}

/* max(peak, |v|) that keeps a NaN once one was seen. */
static inline double peak_step(double peak, double v)
{
    const double a = fabs(v);
    return (a > peak || a != a) ? a : peak;
}

static double find_peak(const ff_sample *x, size_t n)
{
    double peak = 0.0;
    for (size_t i = 0; i < n; i++)
        peak = (peak != peak) ? peak : peak_step(peak, x[i]);
    return peak;
}

static double sum_squares(const ff_sample *x, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += (double)x[i] * (double)x[i];
    return sum;
}

static void stereo_stats(const ff_sample *left, const ff_sample *right, size_t n,
                         ff_stereo_stats *out)
{
    double pl = 0.0, pr = 0.0, ll = 0.0, rr = 0.0, lr = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double l = left[i], r = right[i];
        pl = (pl != pl) ? pl : peak_step(pl, l);
        pr = (pr != pr) ? pr : peak_step(pr, r);
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

static void biquad(ff_sample *x, size_t n, const ff_sample *coef, ff_sample *state)
{
    biquad_serial(x, n, coef, state);
}

/* The bank, one channel after another: gather channel c's coefficients and
 * state from the SoA rows, run the serial filter, scatter the state back. */
static void biquad_bank(ff_sample *x, size_t xstride, size_t channels, size_t frames,
                        const ff_sample *coef, ff_sample *state, size_t cstride)
{
    for (size_t c = 0; c < channels; c++) {
        ff_sample k[5], s[4];
        for (int j = 0; j < 5; j++)
            k[j] = coef[j * cstride + c];
        for (int j = 0; j < 4; j++)
            s[j] = state[j * cstride + c];
        biquad_serial(x + c * xstride, frames, k, s);
        for (int j = 0; j < 4; j++)
            state[j * cstride + c] = s[j];
    }
}
