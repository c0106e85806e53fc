/* ff_simd_body.h - the SIMD kernels, one sample type (body header).
 *
 * Written once with GCC/Clang vector extensions; each ISA file includes it
 * (through ff_simd_kernels.h) with its own vector width and compiler flags,
 * so the same source becomes SSE4.2, AVX2+FMA, AVX-512 or NEON code.
 * Expects FF_T, FF_S, FF_TSIZE (sizeof(FF_T), for the preprocessor), FF_IT
 * (the same-width integer type), FF_IT_MIN (its sign bit) and FF_VEC_BYTES.
 * Loads and stores go through memcpy: no alignment is assumed.
 * Sums are accumulated in double vectors (float input is widened), peaks in
 * the input type (exact); a NaN anywhere makes the peak NaN, as in the
 * scalar reference. The biquad kernels are in ff_simd_bank.h, included at
 * the end.
 */

#define FF_W (FF_VEC_BYTES / FF_TSIZE)            /* lanes of FF_T      */
#define FF_WD (FF_VEC_BYTES / 8)                  /* lanes of double    */

typedef FF_T FF_FN(vec) __attribute__((vector_size(FF_VEC_BYTES)));
typedef FF_IT FF_FN(ivec) __attribute__((vector_size(FF_VEC_BYTES)));
/* FF_WD samples of FF_T: a full vector for double, half a vector for float. */
typedef FF_T FF_FN(dlanes) __attribute__((vector_size(FF_WD * sizeof(FF_T))));
#define V FF_FN(vec)
#define IV FF_FN(ivec)

static inline V FF_FN(vload)(const FF_T *p)
{
    V v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void FF_FN(vstore)(FF_T *p, V v) { memcpy(p, &v, sizeof v); }

/* FF_WD samples starting at p, widened to a vector of double. */
static inline ff_vd FF_FN(load_wide)(const FF_T *p)
{
    FF_FN(dlanes) v;
    memcpy(&v, p, sizeof v);
    return __builtin_convertvector(v, ff_vd);
}

static inline V FF_FN(vabs)(V v)
{
    const IV sign = (IV){0} + FF_IT_MIN;
    return (V)((IV)v & ~sign);
}

/* Lane-wise max(acc, a); a NaN in `a` leaves acc alone (tracked separately).
 * FF_VMAX_T, when the includer defines it, is the ISA's max instruction. */
static inline V FF_FN(vmax)(V acc, V a)
{
#ifdef FF_VMAX_T
    return (V)FF_VMAX_T(acc, a);
#else
    const IV take = a > acc;
    return (V)(((IV)a & take) | ((IV)acc & ~take));
#endif
}

/* Samples to handle one by one before dst reaches a vector boundary, so the
 * vector stores of the elementwise kernels never straddle cache lines (the
 * loads of a second array may still; that is cheap). Reductions do not peel:
 * their summation order would then depend on the address. */
static inline size_t FF_FN(peel)(const FF_T *dst, size_t n)
{
    const size_t head = (FF_VEC_BYTES - (uintptr_t)dst % FF_VEC_BYTES) % FF_VEC_BYTES / FF_TSIZE;
    return head < n ? head : n;
}

static void FF_FN(mix_add)(FF_T *restrict dst, const FF_T *restrict src, size_t n, FF_T gain)
{
    const V g = (V){0} + gain;
    size_t i = 0;
    for (const size_t head = FF_FN(peel)(dst, n); i < head; i++)
        dst[i] += gain * src[i];
#pragma GCC unroll 2
    for (; i + FF_W <= n; i += FF_W)
        FF_FN(vstore)(dst + i, FF_FN(vload)(dst + i) + g * FF_FN(vload)(src + i));
    for (; i < n; i++)
        dst[i] += gain * src[i];
}

static void FF_FN(mix_add_ramp)(FF_T *restrict dst, const FF_T *restrict src, size_t n,
                                FF_T gain_start, FF_T gain_step)
{
    FF_T lane[FF_W];
    for (size_t k = 0; k < FF_W; k++)
        lane[k] = (FF_T)k;
    const V iota = FF_FN(vload)(lane), start = (V){0} + gain_start, step = (V){0} + gain_step;
    size_t i = 0;
    for (const size_t head = FF_FN(peel)(dst, n); i < head; i++)
        dst[i] += src[i] * (gain_start + (FF_T)i * gain_step);
    for (; i + FF_W <= n; i += FF_W) {
        const V gain = start + (iota + (FF_T)i) * step;
        FF_FN(vstore)(dst + i, FF_FN(vload)(dst + i) + FF_FN(vload)(src + i) * gain);
    }
    for (; i < n; i++)
        dst[i] += src[i] * (gain_start + (FF_T)i * gain_step);
}

static void FF_FN(apply_gain)(FF_T *buf, size_t n, FF_T gain)
{
    const V g = (V){0} + gain;
    size_t i = 0;
    for (const size_t head = FF_FN(peel)(buf, n); i < head; i++)
        buf[i] *= gain;
#pragma GCC unroll 2
    for (; i + FF_W <= n; i += FF_W)
        FF_FN(vstore)(buf + i, FF_FN(vload)(buf + i) * g);
    for (; i < n; i++)
        buf[i] *= gain;
}

/* Two passes, each with its own aligned stores: faster than one loop over
 * two streams whose alignments differ. */
static void FF_FN(stereo_gain)(FF_T *restrict left, FF_T *restrict right, size_t n,
                               FF_T gain_l, FF_T gain_r)
{
    FF_FN(apply_gain)(left, n, gain_l);
    FF_FN(apply_gain)(right, n, gain_r);
}

static double FF_FN(find_peak)(const FF_T *x, size_t n)
{
    V p0 = {0}, p1 = {0}, p2 = {0}, p3 = {0};
    IV nan = {0};
    size_t i = 0;
    for (; i + 4 * FF_W <= n; i += 4 * FF_W) {
        const V a = FF_FN(vload)(x + i), b = FF_FN(vload)(x + i + FF_W);
        const V c = FF_FN(vload)(x + i + 2 * FF_W), d = FF_FN(vload)(x + i + 3 * FF_W);
        p0 = FF_FN(vmax)(p0, FF_FN(vabs)(a));
        p1 = FF_FN(vmax)(p1, FF_FN(vabs)(b));
        p2 = FF_FN(vmax)(p2, FF_FN(vabs)(c));
        p3 = FF_FN(vmax)(p3, FF_FN(vabs)(d));
        nan |= (a != a) | (b != b) | (c != c) | (d != d);
    }
    for (; i + FF_W <= n; i += FF_W) {
        const V a = FF_FN(vload)(x + i);
        p0 = FF_FN(vmax)(p0, FF_FN(vabs)(a));
        nan |= a != a;
    }
    p0 = FF_FN(vmax)(FF_FN(vmax)(p0, p1), FF_FN(vmax)(p2, p3));
    double peak = 0.0;
    int seen_nan = 0;
    for (size_t k = 0; k < FF_W; k++) {
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

static double FF_FN(sum_squares)(const FF_T *x, size_t n)
{
    ff_vd s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
    size_t i = 0;
    for (; i + 4 * FF_WD <= n; i += 4 * FF_WD) {
        const ff_vd a = FF_FN(load_wide)(x + i), b = FF_FN(load_wide)(x + i + FF_WD);
        const ff_vd c = FF_FN(load_wide)(x + i + 2 * FF_WD);
        const ff_vd d = FF_FN(load_wide)(x + i + 3 * FF_WD);
        s0 += a * a;
        s1 += b * b;
        s2 += c * c;
        s3 += d * d;
    }
    for (; i + FF_WD <= n; i += FF_WD) {
        const ff_vd a = FF_FN(load_wide)(x + i);
        s0 += a * a;
    }
    double sum = ff_hsum((s0 + s1) + (s2 + s3));
    for (; i < n; i++)
        sum += (double)x[i] * (double)x[i];
    return sum;
}

/* One pass over both sides, two accumulators per statistic (latency hiding).
 * A NaN on one side makes that side's sum of squares NaN (squares of
 * infinities stay infinite), which is how its peak learns about it. */
static void FF_FN(stereo_stats)(const FF_T *left, const FF_T *right, size_t n,
                                ff_stereo_stats *out)
{
    ff_vd pl0 = {0}, pl1 = {0}, pr0 = {0}, pr1 = {0};
    ff_vd ll0 = {0}, ll1 = {0}, rr0 = {0}, rr1 = {0}, lr0 = {0}, lr1 = {0};
    size_t i = 0;
    for (; i + 2 * FF_WD <= n; i += 2 * FF_WD) {
        const ff_vd l0 = FF_FN(load_wide)(left + i), l1 = FF_FN(load_wide)(left + i + FF_WD);
        const ff_vd r0 = FF_FN(load_wide)(right + i), r1 = FF_FN(load_wide)(right + i + FF_WD);
        pl0 = ff_vd_max(pl0, ff_vd_abs(l0));
        pl1 = ff_vd_max(pl1, ff_vd_abs(l1));
        pr0 = ff_vd_max(pr0, ff_vd_abs(r0));
        pr1 = ff_vd_max(pr1, ff_vd_abs(r1));
        ll0 += l0 * l0;
        ll1 += l1 * l1;
        rr0 += r0 * r0;
        rr1 += r1 * r1;
        lr0 += l0 * r0;
        lr1 += l1 * r1;
    }
    double pl = ff_hmax(ff_vd_max(pl0, pl1)), pr = ff_hmax(ff_vd_max(pr0, pr1));
    double ll = ff_hsum(ll0 + ll1), rr = ff_hsum(rr0 + rr1), lr = ff_hsum(lr0 + lr1);
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

#undef V
#undef IV
#undef FF_W
#undef FF_WD
