/* ff_simd_body.h - the SIMD kernels, one sample type (body header).
 *
 * Written once with GCC/Clang vector extensions; each ISA file includes it
 * (through ff_simd_kernels.h) with its own vector width and compiler flags,
 * so the same source becomes SSE4.2, AVX2+FMA, AVX-512 or NEON code.
 * Expects FF_T, FF_S, FF_TSIZE (sizeof(FF_T), for the preprocessor), FF_IT
 * (the same-width integer type), FF_IT_MIN (its sign bit) and FF_VEC_BYTES. Loads and stores go through memcpy: no alignment is assumed.
 * Sums are accumulated in double vectors (float input is widened), peaks in
 * the input type (exact); a NaN anywhere makes the peak NaN, as in the
 * scalar reference.
 */
#include "ff_biquad_serial.h"

#define FF_W (FF_VEC_BYTES / FF_TSIZE)            /* lanes of FF_T      */
#define FF_WD (FF_VEC_BYTES / 8)                  /* lanes of double    */
#define FF_BANK_CHUNK 64                          /* frames per transpose */

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

static void FF_FN(stereo_gain)(FF_T *restrict left, FF_T *restrict right, size_t n,
                               FF_T gain_l, FF_T gain_r)
{
    const V gl = (V){0} + gain_l, gr = (V){0} + gain_r;
    size_t i = 0;
    for (const size_t head = FF_FN(peel)(left, n); i < head; i++) {
        left[i] *= gain_l;
        right[i] *= gain_r;
    }
    for (; i + FF_W <= n; i += FF_W) {
        FF_FN(vstore)(left + i, FF_FN(vload)(left + i) * gl);
        FF_FN(vstore)(right + i, FF_FN(vload)(right + i) * gr);
    }
    for (; i < n; i++) {
        left[i] *= gain_l;
        right[i] *= gain_r;
    }
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

static void FF_FN(biquad)(FF_T *x, size_t n, const FF_T *coef, FF_T *state)
{
    FF_FN(biquad_serial)(x, n, coef, state);
}

/* Up to FF_W values of one SoA row (lanes past `lanes` are zero). */
static inline V FF_FN(load_row)(const FF_T *row, size_t lanes)
{
    FF_T tmp[FF_W] = {0};
    memcpy(tmp, row, lanes * sizeof(FF_T));
    return FF_FN(vload)(tmp);
}

static inline void FF_FN(store_row)(FF_T *row, V v, size_t lanes)
{
    FF_T tmp[FF_W];
    FF_FN(vstore)(tmp, v);
    for (size_t k = 0; k < lanes; k++)
        row[k] = FF_FN(flush_tiny)(tmp[k]);
}

/* In-register transpose of an FF_W x FF_W block held in FF_W vectors, in
 * log2(W) stages. Stage b (1, 2, 4, ...) pairs rows i and i+b (bit b of i
 * clear) and swaps their off-diagonal b x b blocks:
 *   row i   <- [ri blk0, ri+b blk0, ri blk2, ri+b blk2, ...]
 *   row i+b <- [ri blk1, ri+b blk1, ri blk3, ri+b blk3, ...]
 * Stage 1 is an in-lane unpack, the larger ones move 128/256-bit blocks:
 * one instruction each on AVX2/AVX-512 for doubles. The shuffle indices
 * (over the 2W lanes of both rows) must be constants, hence the macros. */
#define FF_SWAP_LO(j, b) ((((j) / (b)) & 1) ? FF_W + (j) - (b) : (j))
#define FF_SWAP_HI(j, b) ((((j) / (b)) & 1) ? FF_W + (j) : (j) + (b))
#if FF_W == 2
#define FF_SWAP(x, y, b, S) __builtin_shufflevector(x, y, S(0, b), S(1, b))
#elif FF_W == 4
#define FF_SWAP(x, y, b, S) __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b))
#elif FF_W == 8
#define FF_SWAP(x, y, b, S)                                                            \
    __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b), S(4, b), S(5, b), \
                            S(6, b), S(7, b))
#elif FF_W == 16
#define FF_SWAP(x, y, b, S)                                                            \
    __builtin_shufflevector(x, y, S(0, b), S(1, b), S(2, b), S(3, b), S(4, b), S(5, b), \
                            S(6, b), S(7, b), S(8, b), S(9, b), S(10, b), S(11, b),     \
                            S(12, b), S(13, b), S(14, b), S(15, b))
#else
#error "unsupported vector width"
#endif

#define FF_TRANSPOSE_STAGE(r, b)                                       \
    do {                                                               \
        V t_[FF_W];                                                    \
        for (int i_ = 0; i_ < FF_W; i_++) {                            \
            if (i_ & (b))                                              \
                continue;                                              \
            t_[i_] = FF_SWAP(r[i_], r[i_ + (b)], b, FF_SWAP_LO);       \
            t_[i_ + (b)] = FF_SWAP(r[i_], r[i_ + (b)], b, FF_SWAP_HI); \
        }                                                              \
        memcpy(r, t_, sizeof t_);                                      \
    } while (0)

static inline void FF_FN(transpose_block)(V r[FF_W])
{
    FF_TRANSPOSE_STAGE(r, 1);
#if FF_W >= 4
    FF_TRANSPOSE_STAGE(r, 2);
#endif
#if FF_W >= 8
    FF_TRANSPOSE_STAGE(r, 4);
#endif
#if FF_W >= 16
    FF_TRANSPOSE_STAGE(r, 8);
#endif
}

/* Interleave `lanes` rows of m frames into buf[k*FF_W + c], and back,
 * element by element: for a partial channel group and the last frames. */
static inline void FF_FN(interleave)(FF_T *buf, const FF_T *rows, size_t xstride,
                                     size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            buf[k * FF_W + c] = rows[c * xstride + k];
}

static inline void FF_FN(deinterleave)(FF_T *rows, size_t xstride, const FF_T *buf,
                                       size_t lanes, size_t m)
{
    for (size_t c = 0; c < lanes; c++)
        for (size_t k = 0; k < m; k++)
            rows[c * xstride + k] = buf[k * FF_W + c];
}

/* FF_W biquads side by side: coefficients and direct form I state, one
 * channel per lane. */
typedef struct {
    V b0, b1, b2, a1, a2;
    V x1, x2, y1, y2;
} FF_FN(lanes);

static inline V FF_FN(lanes_step)(FF_FN(lanes) *f, V x0)
{
    const V y0 = (f->b0 * x0 + f->b1 * f->x1 + f->b2 * f->x2 - f->a2 * f->y2) - f->a1 * f->y1;
    f->x2 = f->x1;
    f->x1 = x0;
    f->y2 = f->y1;
    f->y1 = y0;
    return y0;
}

/* FF_W channels side by side, one per lane, over (channels, frames) rows.
 * A full group goes FF_W frames at a time: FF_W row vectors are loaded,
 * transposed in registers into FF_W frame vectors, filtered, transposed
 * back and stored - no memory round trip. What is left (a partial group,
 * whose unused lanes run with zero coefficients and are never written back,
 * and the last frames % FF_W) goes through a stack buffer of interleaved
 * frames, FF_BANK_CHUNK frames at a time. */
static void FF_FN(biquad_bank)(FF_T *x, size_t xstride, size_t channels, size_t frames,
                               const FF_T *coef, FF_T *state, size_t cstride)
{
    FF_T buf[FF_BANK_CHUNK * FF_W] __attribute__((aligned(64)));
    for (size_t c0 = 0; c0 < channels; c0 += FF_W) {
        const size_t lanes = channels - c0 < FF_W ? channels - c0 : FF_W;
        FF_FN(lanes) f = {
            FF_FN(load_row)(coef + c0, lanes),
            FF_FN(load_row)(coef + cstride + c0, lanes),
            FF_FN(load_row)(coef + 2 * cstride + c0, lanes),
            FF_FN(load_row)(coef + 3 * cstride + c0, lanes),
            FF_FN(load_row)(coef + 4 * cstride + c0, lanes),
            FF_FN(load_row)(state + c0, lanes),
            FF_FN(load_row)(state + cstride + c0, lanes),
            FF_FN(load_row)(state + 2 * cstride + c0, lanes),
            FF_FN(load_row)(state + 3 * cstride + c0, lanes),
        };
        FF_T *rows = x + c0 * xstride;
        size_t t0 = 0;
        if (lanes == FF_W) {
            for (; t0 + FF_W <= frames; t0 += FF_W) {
                V r[FF_W];
                for (size_t c = 0; c < FF_W; c++)
                    r[c] = FF_FN(vload)(rows + c * xstride + t0);
                FF_FN(transpose_block)(r);
                for (size_t k = 0; k < FF_W; k++)
                    r[k] = FF_FN(lanes_step)(&f, r[k]);
                FF_FN(transpose_block)(r);
                for (size_t c = 0; c < FF_W; c++)
                    FF_FN(vstore)(rows + c * xstride + t0, r[c]);
            }
        } else {
            memset(buf, 0, sizeof buf);
        }
        for (; t0 < frames; t0 += FF_BANK_CHUNK) {
            const size_t m = frames - t0 < FF_BANK_CHUNK ? frames - t0 : FF_BANK_CHUNK;
            FF_FN(interleave)(buf, rows + t0, xstride, lanes, m);
            for (size_t k = 0; k < m; k++)
                FF_FN(vstore)(buf + k * FF_W, FF_FN(lanes_step)(&f, FF_FN(vload)(buf + k * FF_W)));
            FF_FN(deinterleave)(rows + t0, xstride, buf, lanes, m);
        }
        FF_FN(store_row)(state + c0, f.x1, lanes);
        FF_FN(store_row)(state + cstride + c0, f.x2, lanes);
        FF_FN(store_row)(state + 2 * cstride + c0, f.y1, lanes);
        FF_FN(store_row)(state + 3 * cstride + c0, f.y2, lanes);
    }
}

#undef V
#undef IV
#undef FF_W
#undef FF_WD
#undef FF_BANK_CHUNK
#undef FF_SWAP_LO
#undef FF_SWAP_HI
#undef FF_SWAP
#undef FF_TRANSPOSE_STAGE
