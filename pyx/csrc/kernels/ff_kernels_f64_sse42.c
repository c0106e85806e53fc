/* ff_kernels_f64_sse42.c - the SSE4.2 kernels (128-bit vectors), float64 samples.
 *
 * Compiled with the sse42 flags by setup.py; ff_dispatch.c uses them only
 * when cpuid (and the OS register state) says this CPU can run them.
 * The bodies are ff_simd_body.h's; each kernel is defined here by its name.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 16
#define FF_SAMPLE_F64
#include "kernels/ff_simd_body.h"
#include "kernels/ff_kernels_isa.h"

void ff_mix_add_f64_sse42(double *restrict dst, const double *restrict src, size_t n, double gain)
{
    mix_add(dst, src, n, gain);
}

void ff_mix_add_ramp_f64_sse42(double *restrict dst, const double *restrict src, size_t n,
                               double gain_start, double gain_step)
{
    mix_add_ramp(dst, src, n, gain_start, gain_step);
}

void ff_apply_gain_f64_sse42(double *buf, size_t n, double gain)
{
    apply_gain(buf, n, gain);
}

void ff_stereo_gain_f64_sse42(double *restrict left, double *restrict right, size_t n,
                              double gain_l, double gain_r)
{
    stereo_gain(left, right, n, gain_l, gain_r);
}

double ff_find_peak_f64_sse42(const double *x, size_t n)
{
    return find_peak(x, n);
}

double ff_sum_squares_f64_sse42(const double *x, size_t n)
{
    return sum_squares(x, n);
}

void ff_stereo_stats_f64_sse42(const double *left, const double *right, size_t n,
                               ff_stereo_stats *out)
{
    stereo_stats(left, right, n, out);
}

void ff_biquad_f64_sse42(double *x, size_t n, const double *coef, double *state)
{
    biquad(x, n, coef, state);
}

void ff_biquad_bank_f64_sse42(double *x, size_t xstride, size_t channels, size_t frames,
                              const double *coef, double *state, size_t cstride)
{
    biquad_bank(x, xstride, channels, frames, coef, state, cstride);
}
#endif
