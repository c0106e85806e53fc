/* ff_loudness_lanes_body.h - the loudness lanes' code, compiled once per
 * instruction set (see ff_loudness_lanes.h). The including file defines
 * FF_LW (doubles per vector), FF_LF (floats per vector) and
 * FF_LOUDNESS_LANES_TABLE (the table's name). Vectors are GCC vector
 * extensions; loads and stores go through memcpy (no alignment assumed).
 * Multiplies and adds are never fused: each lane computes the bits of the
 * scalar meter (ff_loudness.c, ff_true_peak.c).
 */
#pragma GCC optimize("fp-contract=off")

#include <string.h>

#include "loudness/ff_loudness_lanes.h"
#if defined(__SSE__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

typedef double ll_dv __attribute__((vector_size(FF_LW * 8)));
typedef long long ll_dm __attribute__((vector_size(FF_LW * 8)));
typedef float ll_fv __attribute__((vector_size(FF_LF * 4)));
typedef int ll_fm __attribute__((vector_size(FF_LF * 4)));
typedef float ll_fw __attribute__((vector_size(FF_LW * 4)));   /* FF_LW floats */

#define LL_NV (FF_LL_LANES / FF_LW)   /* vectors of lanes */
_Static_assert(FF_LL_LANES % FF_LW == 0, "the lanes fill whole vectors");

static inline ll_dv dv_load(const double *p)
{
    ll_dv v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* FF_LW floats, widened to doubles (exactly) */
static inline ll_dv dv_load_f(const float *p)
{
    ll_fw v;
    memcpy(&v, p, sizeof v);
    return __builtin_convertvector(v, ll_dv);
}

static inline void dv_store(double *p, ll_dv v)
{
    memcpy(p, &v, sizeof v);
}

/* FF_LW doubles, rounded to floats */
static inline void dv_store_f(float *p, ll_dv v)
{
    const ll_fw f = __builtin_convertvector(v, ll_fw);
    memcpy(p, &f, sizeof f);
}

/* a > m ? a : m lane by lane (a NaN never wins, as in the scalar code); x86's
 * max instruction is exactly that with a first. */
static inline ll_dv dv_max(ll_dv m, ll_dv a)
{
#if FF_LW == 4 && defined(__AVX__)
    return (ll_dv)_mm256_max_pd((__m256d)a, (__m256d)m);
#elif FF_LW == 2 && defined(__SSE2__)
    return (ll_dv)_mm_max_pd((__m128d)a, (__m128d)m);
#else
    const ll_dm take = (ll_dm)(a > m);
    return (ll_dv)(((ll_dm)a & take) | ((ll_dm)m & ~take));
#endif
}

static inline ll_dv dv_abs(ll_dv v)
{
    const ll_dm sign = (ll_dm){0} + (long long)(1ULL << 63);
    return (ll_dv)((ll_dm)v & ~sign);
}

static inline ll_fv fv_load(const float *p)
{
    ll_fv v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline ll_fv fv_max(ll_fv m, ll_fv a)
{
#if FF_LF == 16 && defined(__AVX512F__)
    return (ll_fv)_mm512_max_ps((__m512)a, (__m512)m);
#elif FF_LF == 8 && defined(__AVX__)
    return (ll_fv)_mm256_max_ps((__m256)a, (__m256)m);
#elif FF_LF == 4 && defined(__SSE__)
    return (ll_fv)_mm_max_ps((__m128)a, (__m128)m);
#else
    const ll_fm take = (ll_fm)(a > m);
    return (ll_fv)(((ll_fm)a & take) | ((ll_fm)m & ~take));
#endif
}

static inline ll_fv fv_abs(ll_fv v)
{
    const ll_fm sign = (ll_fm){0} + (int)(1U << 31);
    return (ll_fv)((ll_fm)v & ~sign);
}

/* x[f] = lanes (rows) at frame f: the FF_LW x FF_LW block a[j][f] transposed. */
static inline void transpose(const ll_dv *a, ll_dv *x)
{
#if FF_LW == 1
    x[0] = a[0];
#elif FF_LW == 2
    x[0] = __builtin_shuffle(a[0], a[1], (ll_dm){0, 2});
    x[1] = __builtin_shuffle(a[0], a[1], (ll_dm){1, 3});
#elif FF_LW == 4
    const ll_dv lo01 = __builtin_shuffle(a[0], a[1], (ll_dm){0, 4, 2, 6});
    const ll_dv hi01 = __builtin_shuffle(a[0], a[1], (ll_dm){1, 5, 3, 7});
    const ll_dv lo23 = __builtin_shuffle(a[2], a[3], (ll_dm){0, 4, 2, 6});
    const ll_dv hi23 = __builtin_shuffle(a[2], a[3], (ll_dm){1, 5, 3, 7});
    x[0] = __builtin_shuffle(lo01, lo23, (ll_dm){0, 1, 4, 5});
    x[1] = __builtin_shuffle(hi01, hi23, (ll_dm){0, 1, 4, 5});
    x[2] = __builtin_shuffle(lo01, lo23, (ll_dm){2, 3, 6, 7});
    x[3] = __builtin_shuffle(hi01, hi23, (ll_dm){2, 3, 6, 7});
#else
#error "FF_LW must be 1, 2 or 4"
#endif
}

/* ff_loudness.c's FF_KW_STEP on every lane of vector v */
#define LL_STEP(v, x0)                                                                \
    do {                                                                              \
        const ll_dv in_ = (x0);                                                       \
        const ll_dv y0_ = (s0 * in_ + s1 * x1[v] + s2 * x2[v] - s4 * y2[v]) - s3 * y1[v]; \
        x2[v] = x1[v], x1[v] = in_, y2[v] = y1[v], y1[v] = y0_;                       \
        const ll_dv z0_ = (y0_ - two * u1[v] + u2[v] - h4 * z2[v]) - h3 * z1[v];      \
        u2[v] = u1[v], u1[v] = y0_, z2[v] = z1[v], z1[v] = z0_;                       \
        sum[v] += z0_ * z0_;                                                          \
    } while (0)

/* out = the 2x2 gain matrix times (l, r), rounded to float: g = cur + step * i
 * for the first ramp_n frames, then target (a bus's ramp, as strip_mix applies it). */
static void gain_matrix(const double *l, const double *r, size_t n, const double cur[4],
                        const double step[4], const double target[4], size_t ramp_n,
                        float *out_l, float *out_r)
{
    size_t i = 0;
    for (; i < ramp_n && i < n; i++) {
        const double g0 = cur[0] + step[0] * (double)i, g1 = cur[1] + step[1] * (double)i;
        const double g2 = cur[2] + step[2] * (double)i, g3 = cur[3] + step[3] * (double)i;
        out_l[i] = (float)(g0 * l[i] + g1 * r[i]);
        out_r[i] = (float)(g2 * l[i] + g3 * r[i]);
    }
    const ll_dv t0 = (ll_dv){0} + target[0], t1 = (ll_dv){0} + target[1];
    const ll_dv t2 = (ll_dv){0} + target[2], t3 = (ll_dv){0} + target[3];
    for (; i + FF_LW <= n; i += FF_LW) {
        const ll_dv x = dv_load(l + i), y = dv_load(r + i);
        dv_store_f(out_l + i, t0 * x + t1 * y);
        dv_store_f(out_r + i, t2 * x + t3 * y);
    }
    for (; i < n; i++) {
        out_l[i] = (float)(target[0] * l[i] + target[1] * r[i]);
        out_r[i] = (float)(target[2] * l[i] + target[3] * r[i]);
    }
}

/* Rows are read in whole vectors of FF_LW frames from `offset`: up to
 * FF_LW - 1 frames past offset + n must be readable (their values are unused). */
static void kweight(const double shelf[5], const double highpass[5], ff_kw_lanes *st,
                    const float *const rows[FF_LL_LANES], size_t offset, size_t n)
{
    const ll_dv s0 = (ll_dv){0} + shelf[0], s1 = (ll_dv){0} + shelf[1];
    const ll_dv s2 = (ll_dv){0} + shelf[2], s3 = (ll_dv){0} + shelf[3];
    const ll_dv s4 = (ll_dv){0} + shelf[4], h3 = (ll_dv){0} + highpass[3];
    const ll_dv h4 = (ll_dv){0} + highpass[4], two = (ll_dv){0} + 2.0;
    ll_dv x1[LL_NV], x2[LL_NV], y1[LL_NV], y2[LL_NV], u1[LL_NV], u2[LL_NV], z1[LL_NV];
    ll_dv z2[LL_NV], sum[LL_NV];
    for (int v = 0; v < LL_NV; v++) {
        const size_t o = (size_t)v * FF_LW;
        x1[v] = dv_load(st->state[0] + o), x2[v] = dv_load(st->state[1] + o);
        y1[v] = dv_load(st->state[2] + o), y2[v] = dv_load(st->state[3] + o);
        u1[v] = dv_load(st->state[4] + o), u2[v] = dv_load(st->state[5] + o);
        z1[v] = dv_load(st->state[6] + o), z2[v] = dv_load(st->state[7] + o);
        sum[v] = dv_load(st->square_sum + o);
    }
    for (size_t i = offset; i < offset + n; i += FF_LW) {
        const size_t count = offset + n - i < FF_LW ? offset + n - i : FF_LW;
        ll_dv x[LL_NV][FF_LW];
        for (int v = 0; v < LL_NV; v++) {
            ll_dv a[FF_LW];
            for (int j = 0; j < FF_LW; j++)
                a[j] = dv_load_f(rows[v * FF_LW + j] + i);
            transpose(a, x[v]);
        }
        if (count == FF_LW) {
            for (int f = 0; f < FF_LW; f++)
                for (int v = 0; v < LL_NV; v++)
                    LL_STEP(v, x[v][f]);
        } else {
            for (size_t f = 0; f < count; f++)
                for (int v = 0; v < LL_NV; v++)
                    LL_STEP(v, x[v][f]);
        }
    }
    for (int v = 0; v < LL_NV; v++) {
        const size_t o = (size_t)v * FF_LW;
        dv_store(st->state[0] + o, x1[v]), dv_store(st->state[1] + o, x2[v]);
        dv_store(st->state[2] + o, y1[v]), dv_store(st->state[3] + o, y2[v]);
        dv_store(st->state[4] + o, u1[v]), dv_store(st->state[5] + o, u2[v]);
        dv_store(st->state[6] + o, z1[v]), dv_store(st->state[7] + o, z2[v]);
        dv_store(st->square_sum + o, sum[v]);
    }
}

/* 1 if a > b in any lane (an ordered compare: NaN never is; the ISA's mask
 * compare where there is one) */
static inline int fv_any_gt(ll_fv a, ll_fv b)
{
#if FF_LF == 16 && defined(__AVX512F__)
    return _mm512_cmp_ps_mask((__m512)a, (__m512)b, _CMP_GT_OQ) != 0;
#elif FF_LF == 8 && defined(__AVX__)
    return _mm256_movemask_ps(_mm256_cmp_ps((__m256)a, (__m256)b, _CMP_GT_OQ)) != 0;
#elif FF_LF == 4 && defined(__SSE__)
    return _mm_movemask_ps(_mm_cmpgt_ps((__m128)a, (__m128)b)) != 0;
#elif FF_LF == 4 && defined(__aarch64__)
    return vmaxvq_u32((uint32x4_t)(a > b)) != 0;
#else
    const ll_fm m = (ll_fm)(a > b);
    int any = 0;
    for (int k = 0; k < FF_LF; k++)
        any |= m[k];
    return any != 0;
#endif
}

static inline float fv_hmax(ll_fv m)
{
    float peak = 0.0f;
    for (int k = 0; k < FF_LF; k++)
        peak = m[k] > peak ? m[k] : peak;
    return peak;
}

/* Margins of the skip tests: relative for float rounding, absolute for
 * products flushed to zero. */
#define LL_MARGIN 1.00001f
#define LL_TINY 1e-30f

#define LL_CENTER (FF_TP_TAPS / 2 - 1)   /* the central taps: LL_CENTER, LL_CENTER + 1 */

/* What the skip tests need, from the coefficients of the phases in use. For
 * a window w of one output, every phase's sum of |c[t] w[t]| is at most
 *   bound = sum over the outer tap pairs t < LL_CENTER of
 *             outer[t] (|w[t]| + |w[11 - t]|)        (outer: the largest |c| of the pair)
 *           + max over the phases k of lo[k] s + d[k] m
 * with s = |w[5]| + |w[6]|, m = max(|w[5]|, |w[6]|), lo[k] = the smaller and
 * d[k] = the difference of |c_k[5]| and |c_k[6]| (alpha a + beta b <=
 * min(alpha, beta) (a + b) + |alpha - beta| max(a, b) for a, b >= 0); and at
 * most gain times the window's largest |w|. */
typedef struct ll_tp_bound {
    float gain;                     /* the largest sum of |c[t]| of a phase, with margin */
    float outer[LL_CENTER];
    float lo[4], d[4];
    int centers;                    /* distinct (lo, d) pairs */
} ll_tp_bound;

/* Largest |output| of FF_LF consecutive outputs (windows w0 + i) over the
 * phases, or `run` when the bound above shows none exceeds it. a0 holds |w0|.
 * (The bound is taken for every vector: a cheaper test first would make the
 * branch unpredictable on busy programme.) */
static float vector_peak(const float *w0, const float *a0, const float (*c)[FF_TP_TAPS],
                         int nphases, const ll_tp_bound *b, float run)
{
    const ll_fv runv = (ll_fv){0} + run;
    const ll_fv p = fv_load(a0 + LL_CENTER), q = fv_load(a0 + LL_CENTER + 1);
    const ll_fv sum = p + q, big = fv_max(p, q);
    ll_fv bound = b->lo[0] * sum + b->d[0] * big;
    for (int j = 1; j < b->centers; j++)
        bound = fv_max(bound, b->lo[j] * sum + b->d[j] * big);
    for (int t = 0; t < LL_CENTER; t++)
        bound += b->outer[t] * (fv_load(a0 + t) + fv_load(a0 + FF_TP_TAPS - 1 - t));
    if (!fv_any_gt(bound * LL_MARGIN + LL_TINY, runv))
        return run;
    ll_fv w[FF_TP_TAPS], m = {0};
    for (int t = 0; t < FF_TP_TAPS; t++)
        w[t] = fv_load(w0 + t);
    for (int k = 0; k < nphases; k++) {
        const float *ck = c[k];
        ll_fv y = ck[11] * w[11];
        y += ck[10] * w[10];
        y += ck[9] * w[9];
        y += ck[8] * w[8];
        y += ck[7] * w[7];
        y += ck[6] * w[6];
        y += ck[5] * w[5];
        y += ck[4] * w[4];
        y += ck[3] * w[3];
        y += ck[2] * w[2];
        y += ck[1] * w[1];
        y += ck[0] * w[0];
        m = fv_max(m, fv_abs(y));
    }
    if (!fv_any_gt(m, runv))
        return run;   /* the usual case: these outputs did not raise the peak */
    const float pk = fv_hmax(m);
    return pk > run ? pk : run;
}

static float absf(float x)
{
    return x < 0.0f ? -x : x;
}

static void tp_bound_setup(const float (*c)[FF_TP_TAPS], int nphases, ll_tp_bound *b)
{
    b->gain = 0.0f;
    b->centers = 0;
    for (int t = 0; t < LL_CENTER; t++)
        b->outer[t] = 0.0f;
    for (int k = 0; k < nphases; k++) {
        float sum = 0.0f;
        for (int t = 0; t < FF_TP_TAPS; t++)
            sum += absf(c[k][t]);
        b->gain = sum > b->gain ? sum : b->gain;
        for (int t = 0; t < LL_CENTER; t++) {
            const float o = absf(c[k][t]) > absf(c[k][FF_TP_TAPS - 1 - t])
                                ? absf(c[k][t]) : absf(c[k][FF_TP_TAPS - 1 - t]);
            b->outer[t] = o > b->outer[t] ? o : b->outer[t];
        }
        const float alpha = absf(c[k][LL_CENTER]), beta = absf(c[k][LL_CENTER + 1]);
        const float lo = alpha < beta ? alpha : beta, d = absf(alpha - beta);
        int seen = 0;
        for (int j = 0; j < b->centers; j++)
            seen |= b->lo[j] == lo && b->d[j] == d;
        if (!seen) {
            b->lo[b->centers] = lo;
            b->d[b->centers] = d;
            b->centers++;
        }
    }
    b->gain *= LL_MARGIN;
}

static double true_peak(const float *xb, float *scratch, size_t n, int factor, double floor,
                        double *sample_peak)
{
    static const int all4[4] = {0, 1, 2, 3}, half[2] = {0, 2};
    const int *phases = factor == 4 ? all4 : half;
    const int nphases = factor == 4 ? 4 : (factor == 2 ? 2 : 0);
    const size_t len = n + FF_TP_TAPS - 1;
    float c[4][FF_TP_TAPS];
    ll_tp_bound bound;
    for (int k = 0; k < nphases; k++)
        for (int t = 0; t < FF_TP_TAPS; t++)
            c[k][t] = (float)ff_true_peak_coef[FF_TP_TAPS - 1 - t][phases[k]];
    tp_bound_setup((const float (*)[FF_TP_TAPS])c, nphases, &bound);
    size_t i = 0;
    ll_fv top = {0};
    for (; i + FF_LF <= len; i += FF_LF) {
        ll_fv v = fv_abs(fv_load(xb + i));
        memcpy(scratch + i, &v, sizeof v);
        top = fv_max(top, v);
    }
    float largest = fv_hmax(top);
    for (; i < len; i++) {
        scratch[i] = absf(xb[i]);
        largest = scratch[i] > largest ? scratch[i] : largest;
    }
    /* the history's samples were counted before (or are zeros after a reset) */
    if (largest > *sample_peak)
        *sample_peak = largest;
    if (nphases == 0)
        return floor;   /* 1x: the sample peak is the reading */
    /* a block whose inputs are all zero (history included) outputs zeros; one
     * whose inputs are all small enough cannot raise the peak */
    if (largest == 0.0f || (double)(largest * bound.gain + LL_TINY) <= floor)
        return floor;
    float run = (float)floor;   /* peaks are float values */
    for (i = 0; i + FF_LF <= n; i += FF_LF)
        run = vector_peak(xb + i, scratch + i, (const float (*)[FF_TP_TAPS])c, nphases, &bound,
                          run);
    for (; i < n; i++) {
        for (int k = 0; k < nphases; k++) {
            const float a = absf(ff_tp_output(xb + i, c[k]));
            run = a > run ? a : run;
        }
    }
    return run;
}

const ff_loudness_lanes FF_LOUDNESS_LANES_TABLE = {gain_matrix, kweight, true_peak};
