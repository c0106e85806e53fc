/* ff_simd_body.h - the SIMD kernels, one sample type (body header).
 *
 * Static bodies written once in the vector scheme of kernels/ff_vec.h (the
 * file's sample type ff_sample, its vector ff_vs of FF_LANES lanes); each
 * ff_kernels_<type>_<isa>.c includes it with its own FF_VEC_BYTES and sample
 * type and defines the exported kernels on these bodies, and setup.py
 * compiles it with that ISA's flags, so the same source becomes SSE4.2,
 * AVX2+FMA, AVX-512 or NEON code. No alignment is assumed.
 * Sums are accumulated in double vectors (float input is widened), peaks in
 * the input type (exact); a NaN anywhere makes the peak NaN, as in the
 * scalar reference. The biquad kernels are in ff_simd_bank.h, included at
 * the end.
 */
#include <math.h>

#include "kernels/ff_kernels.h"
#include "kernels/ff_vec.h"

static inline size_t peel(const ff_sample *dst, size_t n)
{
    const size_t head =
        (FF_VEC_BYTES - (uintptr_t)dst % FF_VEC_BYTES) % FF_VEC_BYTES / FF_SAMPLE_BYTES;
    return head < n ? head : n;
}

static void mix_add(ff_sample *restrict dst, const ff_sample *restrict src, size_t n,
                    ff_sample gain)
{
    const ff_vs g = (ff_vs){0} + gain;
    size_t i = 0;
    for (const size_t head = peel(dst, n); i < head; i++)
        dst[i] += gain * src[i];
#pragma GCC unroll 2
    for (; i + FF_LANES <= n; i += FF_LANES)
        ff_vs_store(dst + i, ff_vs_load(dst + i) + g * ff_vs_load(src + i));
    for (; i < n; i++)
        dst[i] += gain * src[i];
}

static void mix_add_ramp(ff_sample *restrict dst, const ff_sample *restrict src, size_t n,
                         ff_sample gain_start, ff_sample gain_step)
{
    ff_sample lane[FF_LANES];
    for (size_t k = 0; k < FF_LANES; k++)
        lane[k] = (ff_sample)k;
    const ff_vs iota = ff_vs_load(lane);
    const ff_vs start = (ff_vs){0} + gain_start, step = (ff_vs){0} + gain_step;
    size_t i = 0;
    for (const size_t head = peel(dst, n); i < head; i++)
        dst[i] += src[i] * (gain_start + (ff_sample)i * gain_step);
    for (; i + FF_LANES <= n; i += FF_LANES) {
        const ff_vs gain = start + (iota + (ff_sample)i) * step;
        ff_vs_store(dst + i, ff_vs_load(dst + i) + ff_vs_load(src + i) * gain);
    }
    for (; i < n; i++)
        dst[i] += src[i] * (gain_start + (ff_sample)i * gain_step);
}

static void apply_gain(ff_sample *buf, size_t n, ff_sample gain)
{
    const ff_vs g = (ff_vs){0} + gain;
    size_t i = 0;
    for (const size_t head = peel(buf, n); i < head; i++)
        buf[i] *= gain;
#pragma GCC unroll 2
    for (; i + FF_LANES <= n; i += FF_LANES)
        ff_vs_store(buf + i, ff_vs_load(buf + i) * g);
    for (; i < n; i++)
        buf[i] *= gain;
}

/* Two passes, each with its own aligned stores: faster than one loop over
 * two streams whose alignments differ. */
static void stereo_gain(ff_sample *restrict left, ff_sample *restrict right, size_t n,
                        ff_sample gain_l, ff_sample gain_r)
{
    apply_gain(left, n, gain_l);
    apply_gain(right, n, gain_r);
}

static double find_peak(const ff_sample *x, size_t n)
{
    ff_vs p0 = {0}, p1 = {0}, p2 = {0}, p3 = {0};
    ff_vsm nan = {0};
    size_t i = 0;
    for (; i + 4 * FF_LANES <= n; i += 4 * FF_LANES) {
        const ff_vs a = ff_vs_load(x + i), b = ff_vs_load(x + i + FF_LANES);
        const ff_vs c = ff_vs_load(x + i + 2 * FF_LANES), d = ff_vs_load(x + i + 3 * FF_LANES);
        p0 = ff_vs_max(p0, ff_vs_abs(a));
        p1 = ff_vs_max(p1, ff_vs_abs(b));
        p2 = ff_vs_max(p2, ff_vs_abs(c));
        p3 = ff_vs_max(p3, ff_vs_abs(d));
        nan |= (a != a) | (b != b) | (c != c) | (d != d);
    }
    for (; i + FF_LANES <= n; i += FF_LANES) {
        const ff_vs a = ff_vs_load(x + i);
        p0 = ff_vs_max(p0, ff_vs_abs(a));
        nan |= a != a;
    }
    p0 = ff_vs_max(ff_vs_max(p0, p1), ff_vs_max(p2, p3));
    double peak = 0.0;
    int seen_nan = 0;
    for (size_t k = 0; k < FF_LANES; k++) {
        peak = p0[k] > peak ? p0[k] : peak;
        seen_nan |= nan[k] != 0;
    }
    for (; i < n; i++) {
        const double a = fabs((double)x[i]);
        peak = a > peak ? a : peak;
        seen_nan |= a != a;
    }
    return seen_nan ? (double)NAN : peak;
}

static double sum_squares(const ff_sample *x, size_t n)
{
    ff_vf64 s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
    size_t i = 0;
    for (; i + 4 * FF_LANES_F64 <= n; i += 4 * FF_LANES_F64) {
        const ff_vf64 a = ff_vs_load_f64(x + i), b = ff_vs_load_f64(x + i + FF_LANES_F64);
        const ff_vf64 c = ff_vs_load_f64(x + i + 2 * FF_LANES_F64);
        const ff_vf64 d = ff_vs_load_f64(x + i + 3 * FF_LANES_F64);
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
    }
    for (; i + FF_LANES_F64 <= n; i += FF_LANES_F64) {
        const ff_vf64 a = ff_vs_load_f64(x + i);
        s0 += a * a;
    }
    double sum = ff_vf64_hsum((s0 + s1) + (s2 + s3));
    for (; i < n; i++)
        sum += (double)x[i] * (double)x[i];
    return sum;
}

/* One pass over both sides, two accumulators per statistic (latency hiding).
 * A NaN on one side makes that side's sum of squares NaN (squares of
 * infinities stay infinite), which is how its peak learns about it. */
static void stereo_stats(const ff_sample *left, const ff_sample *right, size_t n,
                         ff_stereo_stats *out)
{
    ff_vf64 pl0 = {0}, pl1 = {0}, pr0 = {0}, pr1 = {0};
    ff_vf64 ll0 = {0}, ll1 = {0}, rr0 = {0}, rr1 = {0}, lr0 = {0}, lr1 = {0};
    size_t i = 0;
    for (; i + 2 * FF_LANES_F64 <= n; i += 2 * FF_LANES_F64) {
        const ff_vf64 l0 = ff_vs_load_f64(left + i), l1 = ff_vs_load_f64(left + i + FF_LANES_F64);
        const ff_vf64 r0 = ff_vs_load_f64(right + i), r1 = ff_vs_load_f64(right + i + FF_LANES_F64);
        pl0 = ff_vf64_max(pl0, ff_vf64_abs(l0));
        pl1 = ff_vf64_max(pl1, ff_vf64_abs(l1));
        pr0 = ff_vf64_max(pr0, ff_vf64_abs(r0));
        pr1 = ff_vf64_max(pr1, ff_vf64_abs(r1));
        ll0 += l0 * l0;
        ll1 += l1 * l1;
        rr0 += r0 * r0;
        rr1 += r1 * r1;
        lr0 += l0 * r0;
        lr1 += l1 * r1;
    }
    double pl = ff_vf64_hmax(ff_vf64_max(pl0, pl1)), pr = ff_vf64_hmax(ff_vf64_max(pr0, pr1));
    double ll = ff_vf64_hsum(ll0 + ll1), rr = ff_vf64_hsum(rr0 + rr1), lr = ff_vf64_hsum(lr0 + lr1);
    for (; i < n; i++) {
        const double l = left[i], r = right[i];
        pl = fabs(l) > pl ? fabs(l) : pl;
        pr = fabs(r) > pr ? fabs(r) : pr;
        ll += l * l;
        rr += r * r;
        lr += l * r;
    }
    out->peak_l = ll != ll ? (double)NAN : pl;
    out->peak_r = rr != rr ? (double)NAN : pr;
    out->sum_ll = ll;
    out->sum_rr = rr;
    out->sum_lr = lr;
}

#include "kernels/ff_simd_bank.h"

