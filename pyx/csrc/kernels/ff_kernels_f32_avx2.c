/* ff_kernels_f32_avx2.c - the AVX2 kernels (256-bit vectors, with FMA), float32 samples.
 *
 * Compiled with the avx2 flags by setup.py; ff_dispatch.c uses them only
 * when cpuid (and the OS register state) says this CPU can run them.
 * The bodies are ff_simd_body.h's; each kernel is defined here by its name.
 */
#if defined(__x86_64__) || defined(__i386__)
#define FF_VEC_BYTES 32
#define FF_SAMPLE_F32
#include "kernels/ff_simd_body.h"
#include "kernels/ff_kernels_isa.h"

void ff_mix_add_f32_avx2(float *restrict dst, const float *restrict src, size_t n, float gain)
{
    mix_add(dst, src, n, gain);
}

void ff_mix_add_ramp_f32_avx2(float *restrict dst, const float *restrict src, size_t n,
                              float gain_start, float gain_step)
{
    mix_add_ramp(dst, src, n, gain_start, gain_step);
}

void ff_apply_gain_f32_avx2(float *buf, size_t n, float gain)
{
    apply_gain(buf, n, gain);
}

void ff_stereo_gain_f32_avx2(float *restrict left, float *restrict right, size_t n,
                             float gain_l, float gain_r)
{
    stereo_gain(left, right, n, gain_l, gain_r);
}

double ff_find_peak_f32_avx2(const float *x, size_t n)
{
    return find_peak(x, n);
}

double ff_sum_squares_f32_avx2(const float *x, size_t n)
{
    return sum_squares(x, n);
}

void ff_stereo_stats_f32_avx2(const float *left, const float *right, size_t n,
                              ff_stereo_stats *out)
{
    stereo_stats(left, right, n, out);
}

void ff_biquad_f32_avx2(float *x, size_t n, const float *coef, float *state)
{
    biquad(x, n, coef, state);
}

void ff_biquad_bank_f32_avx2(float *x, size_t xstride, size_t channels, size_t frames,
                             const float *coef, float *state, size_t cstride)
{
    biquad_bank(x, xstride, channels, frames, coef, state, cstride);
}
#endif
