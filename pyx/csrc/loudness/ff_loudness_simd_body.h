/* ff_loudness_simd_body.h - one ISA's loudness kernel table (see
 * ff_loudness_simd.h). An ISA file defines FF_LS_VEC_BYTES (vector size in
 * bytes; 0 for plain scalar code) and FF_LS_TABLE, then includes this.
 * Multiplies and adds stay separate operations (no FMA), so each lane's
 * bits are those of the scalar code in ff_loudness.c and ff_true_peak.c.
 */
#pragma GCC optimize("fp-contract=off")

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "loudness/ff_loudness_simd.h"
#include "loudness/ff_true_peak.h"

#if FF_LS_VEC_BYTES > 0 && (defined(__x86_64__) || defined(__i386__))
#include <immintrin.h>
#endif

#if FF_LS_VEC_BYTES == 0
#define FF_LS_VW 1   /* doubles per vector */
#define FF_LS_VF 1   /* floats per vector */
typedef double ff_ls_vd;
typedef float ff_ls_vf;
static inline ff_ls_vd vd_load(const double *p) { return *p; }
static inline void vd_store(double *p, ff_ls_vd v) { *p = v; }
static inline ff_ls_vd vd_splat(double s) { return s; }
static inline ff_ls_vd vd_abs(ff_ls_vd v) { return fabs(v); }
static inline ff_ls_vd vd_max(ff_ls_vd a, ff_ls_vd acc) { return a > acc ? a : acc; }
static inline ff_ls_vf vf_load(const float *p) { return *p; }
static inline ff_ls_vf vf_splat(float s) { return s; }
static inline ff_ls_vf vf_abs(ff_ls_vf v) { return fabsf(v); }
static inline ff_ls_vf vf_max(ff_ls_vf a, ff_ls_vf acc) { return a > acc ? a : acc; }
static inline float vf_hmax(ff_ls_vf v) { return v; }
static inline int vf_any_ge(ff_ls_vf a, ff_ls_vf b) { return a >= b; }
#else
#define FF_LS_VW (FF_LS_VEC_BYTES / 8)
#define FF_LS_VF (FF_LS_VEC_BYTES / 4)
typedef double ff_ls_vd __attribute__((vector_size(FF_LS_VEC_BYTES)));
typedef int64_t ff_ls_vl __attribute__((vector_size(FF_LS_VEC_BYTES)));
typedef float ff_ls_vf __attribute__((vector_size(FF_LS_VEC_BYTES)));
typedef int32_t ff_ls_vi __attribute__((vector_size(FF_LS_VEC_BYTES)));
static inline ff_ls_vd vd_load(const double *p)
{
    ff_ls_vd v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline void vd_store(double *p, ff_ls_vd v) { memcpy(p, &v, sizeof v); }
static inline ff_ls_vd vd_splat(double s)
{
    ff_ls_vd v;
    for (int k = 0; k < FF_LS_VW; k++)
        v[k] = s;
    return v;
}
static inline ff_ls_vd vd_abs(ff_ls_vd v)
{
    return (ff_ls_vd)((ff_ls_vl)v & ~((ff_ls_vl){0} + INT64_MIN));
}
/* a > acc ? a : acc, lane by lane (MAXPD / MAXPS are exactly that) */
static inline ff_ls_vd vd_max(ff_ls_vd a, ff_ls_vd acc)
{
#if defined(__AVX512F__) && FF_LS_VEC_BYTES == 64
    return (ff_ls_vd)_mm512_max_pd((__m512d)a, (__m512d)acc);
#elif defined(__AVX__) && FF_LS_VEC_BYTES == 32
    return (ff_ls_vd)_mm256_max_pd((__m256d)a, (__m256d)acc);
#elif defined(__SSE2__) && FF_LS_VEC_BYTES == 16
    return (ff_ls_vd)_mm_max_pd((__m128d)a, (__m128d)acc);
#else
    const ff_ls_vl take = (ff_ls_vl)(a > acc);
    return (ff_ls_vd)(((ff_ls_vl)a & take) | ((ff_ls_vl)acc & ~take));
#endif
}
static inline ff_ls_vf vf_load(const float *p)
{
    ff_ls_vf v;
    memcpy(&v, p, sizeof v);
    return v;
}
static inline ff_ls_vf vf_splat(float s)
{
    ff_ls_vf v;
    for (int k = 0; k < FF_LS_VF; k++)
        v[k] = s;
    return v;
}
static inline ff_ls_vf vf_abs(ff_ls_vf v)
{
    return (ff_ls_vf)((ff_ls_vi)v & ~((ff_ls_vi){0} + INT32_MIN));
}
static inline ff_ls_vf vf_max(ff_ls_vf a, ff_ls_vf acc)
{
#if defined(__AVX512F__) && FF_LS_VEC_BYTES == 64
    return (ff_ls_vf)_mm512_max_ps((__m512)a, (__m512)acc);
#elif defined(__AVX__) && FF_LS_VEC_BYTES == 32
    return (ff_ls_vf)_mm256_max_ps((__m256)a, (__m256)acc);
#elif defined(__SSE2__) && FF_LS_VEC_BYTES == 16
    return (ff_ls_vf)_mm_max_ps((__m128)a, (__m128)acc);
#else
    const ff_ls_vi take = (ff_ls_vi)(a > acc);
    return (ff_ls_vf)(((ff_ls_vi)a & take) | ((ff_ls_vi)acc & ~take));
#endif
}
static inline float vf_hmax(ff_ls_vf v)
{
    float m = v[0];
    for (int k = 1; k < FF_LS_VF; k++)
        m = v[k] > m ? v[k] : m;
    return m;
}
/* Whether a >= b in any lane. */
static inline int vf_any_ge(ff_ls_vf a, ff_ls_vf b)
{
#if defined(__AVX512F__) && FF_LS_VEC_BYTES == 64
    return _mm512_cmp_ps_mask((__m512)a, (__m512)b, _CMP_GE_OQ) != 0;
#elif defined(__AVX__) && FF_LS_VEC_BYTES == 32
    return _mm256_movemask_ps(_mm256_cmp_ps((__m256)a, (__m256)b, _CMP_GE_OQ)) != 0;
#elif defined(__SSE2__) && FF_LS_VEC_BYTES == 16
    return _mm_movemask_ps(_mm_cmpge_ps((__m128)a, (__m128)b)) != 0;
#else
    const ff_ls_vi ge = (ff_ls_vi)(a >= b);
    int any = 0;
    for (int k = 0; k < FF_LS_VF; k++)
        any |= ge[k] != 0;
    return any;
#endif
}
#endif

/* One step's lanes as doubles. Pairs: lanes 2j and 2j + 1 are src[j][at]
 * and src[j][at + 1]; singles: lane l is src[l][at]. */
#if FF_LS_VW == 1
#define FF_LS_LOAD_PAIRS(NAME, T)                                                       \
    static inline ff_ls_vd NAME(const T *const *src, int v, size_t at)                  \
    {                                                                                   \
        return (double)src[v / 2][at + (size_t)(v % 2)];                                \
    }
#define FF_LS_LOAD_SINGLES(NAME, T)                                                     \
    static inline ff_ls_vd NAME(const T *const *src, int v, size_t at)                  \
    {                                                                                   \
        return (double)src[v][at];                                                      \
    }
#else
#define FF_LS_LOAD_PAIRS(NAME, T)                                                       \
    static inline ff_ls_vd NAME(const T *const *src, int v, size_t at)                  \
    {                                                                                   \
        typedef T t2 __attribute__((vector_size(2 * sizeof(T))));                       \
        t2 q[FF_LS_VW / 2];                                                             \
        for (int j = 0; j < FF_LS_VW / 2; j++)                                          \
            memcpy(&q[j], src[v * FF_LS_VW / 2 + j] + at, sizeof q[j]);                 \
        FF_LS_COMBINE(q)                                                                \
    }
#define FF_LS_LOAD_SINGLES(NAME, T)                                                     \
    static inline ff_ls_vd NAME(const T *const *src, int v, size_t at)                  \
    {                                                                                   \
        typedef T tv __attribute__((vector_size(FF_LS_VW * sizeof(T))));                \
        const T *const *p = src + v * FF_LS_VW;                                         \
        return __builtin_convertvector((tv){FF_LS_SINGLES(p, at)}, ff_ls_vd);           \
    }
#if FF_LS_VW == 2
#define FF_LS_COMBINE(q) return __builtin_convertvector(q[0], ff_ls_vd);
#define FF_LS_SINGLES(p, at) p[0][at], p[1][at]
#elif FF_LS_VW == 4
#define FF_LS_COMBINE(q)                                                                \
    return __builtin_convertvector(__builtin_shufflevector(q[0], q[1], 0, 1, 2, 3), ff_ls_vd);
#define FF_LS_SINGLES(p, at) p[0][at], p[1][at], p[2][at], p[3][at]
#else
#define FF_LS_COMBINE(q)                                                                \
    const __auto_type lo = __builtin_shufflevector(q[0], q[1], 0, 1, 2, 3);             \
    const __auto_type hi = __builtin_shufflevector(q[2], q[3], 0, 1, 2, 3);             \
    return __builtin_convertvector(__builtin_shufflevector(lo, hi, 0, 1, 2, 3, 4, 5, 6, 7), \
                                   ff_ls_vd);
#define FF_LS_SINGLES(p, at) \
    p[0][at], p[1][at], p[2][at], p[3][at], p[4][at], p[5][at], p[6][at], p[7][at]
#endif
#endif
FF_LS_LOAD_PAIRS(load_pairs_f64, double)
FF_LS_LOAD_PAIRS(load_pairs_f32, float)
FF_LS_LOAD_SINGLES(load_singles_f64, double)
FF_LS_LOAD_SINGLES(load_singles_f32, float)

/* The shelf's output y is the high pass's input, so the high pass's input
 * history is y1, y2 (ff_loudness.c keeps equal copies, u1 and u2). One
 * vector of lanes at a time: its two recursions (shelf, high pass) overlap,
 * and two vectors side by side measured no faster (register spills). */
#define FF_LS_KWEIGHT(NAME, T, LOAD)                                                    \
    static void NAME(ff_kwl_group *g, const T *const *src, size_t stride, size_t n,     \
                     const double coef[7])                                              \
    {                                                                                   \
        const ff_ls_vd s0 = vd_splat(coef[0]), s1 = vd_splat(coef[1]);                  \
        const ff_ls_vd s2 = vd_splat(coef[2]), s3 = vd_splat(coef[3]);                  \
        const ff_ls_vd s4 = vd_splat(coef[4]), h3 = vd_splat(coef[5]);                  \
        const ff_ls_vd h4 = vd_splat(coef[6]), two = vd_splat(2.0);                     \
        for (int v = 0; v < FF_KWL_GROUP / FF_LS_VW; v++) {                             \
            const int o = v * FF_LS_VW;                                                 \
            ff_ls_vd x1 = vd_load(g->x1 + o), x2 = vd_load(g->x2 + o);                  \
            ff_ls_vd y1 = vd_load(g->y1 + o), y2 = vd_load(g->y2 + o);                  \
            ff_ls_vd z1 = vd_load(g->z1 + o), z2 = vd_load(g->z2 + o);                  \
            ff_ls_vd sum = vd_load(g->sum + o), pk = vd_load(g->peak + o);              \
            for (size_t i = 0, at = 0; i < n; i++, at += stride) {                      \
                /* ff_loudness.c's step: the same operations in the same order */       \
                const ff_ls_vd x0 = LOAD(src, v, at);                                   \
                pk = vd_max(vd_abs(x0), pk);                                            \
                const ff_ls_vd y0 = (s0 * x0 + s1 * x1 + s2 * x2 - s4 * y2) - s3 * y1;  \
                const ff_ls_vd z0 = (y0 - two * y1 + y2 - h4 * z2) - h3 * z1;           \
                x2 = x1, x1 = x0, y2 = y1, y1 = y0, z2 = z1, z1 = z0;                   \
                sum += z0 * z0;                                                         \
            }                                                                           \
            vd_store(g->x1 + o, x1), vd_store(g->x2 + o, x2);                           \
            vd_store(g->y1 + o, y1), vd_store(g->y2 + o, y2);                           \
            vd_store(g->z1 + o, z1), vd_store(g->z2 + o, z2);                           \
            vd_store(g->sum + o, sum), vd_store(g->peak + o, pk);                       \
        }                                                                               \
    }
FF_LS_KWEIGHT(kweight_pairs_f64, double, load_pairs_f64)
FF_LS_KWEIGHT(kweight_pairs_f32, float, load_pairs_f32)
FF_LS_KWEIGHT(kweight_singles_f64, double, load_singles_f64)
FF_LS_KWEIGHT(kweight_singles_f32, float, load_singles_f32)

/* One output of phase coefficients c (c[t] multiplies w[t]; w[11] is the
 * newest sample), summed newest first as ff_true_peak.c does. */
#define FF_LS_FIR(c, w)                                                                  \
    (((((((((((c[11] * w[11] + c[10] * w[10]) + c[9] * w[9]) + c[8] * w[8]) + c[7] * w[7]) \
             + c[6] * w[6]) + c[5] * w[5]) + c[4] * w[4]) + c[3] * w[3]) + c[2] * w[2])  \
      + c[1] * w[1]) + c[0] * w[0])

/* Screening: the four middle taps (t = 4..7, 83 % to 94 % of each phase's
 * sum |taps|) give y4 with |y| <= |y4| + (sum of the other |taps| + 1e-5)
 * * max |x| (1e-5 covers both sums' single-precision rounding); a vector of
 * outputs whose bound stays below `floor` in every lane and phase cannot
 * raise the peak, and is not computed in full. */
#define FF_LS_Y4(c, w) (((c[4] * w[4] + c[5] * w[5]) + c[6] * w[6]) + c[7] * w[7])

/* max |y| over n frames for NPH phases, phase k being Annex phase k * STEP,
 * where it reaches `floor` (max |x| over xb is at most in_peak): vectors
 * whose screening bound stays below floor are skipped, so a result below
 * floor may be lower than the true maximum. */
#define FF_LS_SPAN(NAME, NPH, STEP)                                                     \
    static double NAME(const float *xb, size_t n, float floor, double in_peak)          \
    {                                                                                   \
        float c[NPH][FF_TP_TAPS];                                                       \
        ff_ls_vf cv[NPH][FF_TP_TAPS], rest[NPH];                                        \
        for (int k = 0; k < NPH; k++) {                                                 \
            double r = 1e-5;                                                            \
            for (int t = 0; t < FF_TP_TAPS; t++) {                                      \
                c[k][t] = (float)ff_true_peak_coef[FF_TP_TAPS - 1 - t][k * STEP];       \
                cv[k][t] = vf_splat(c[k][t]);                                           \
                r += t >= 4 && t <= 7 ? 0.0 : fabs((double)c[k][t]);                   \
            }                                                                           \
            rest[k] = vf_splat((float)(r * in_peak));                                   \
        }                                                                               \
        const ff_ls_vf fl = vf_splat(floor);                                            \
        ff_ls_vf acc = vf_splat(0.0f);                                                  \
        size_t i = 0;                                                                   \
        for (; i + FF_LS_VF <= n; i += FF_LS_VF) {                                      \
            ff_ls_vf w[FF_TP_TAPS];                                                     \
            for (int t = 4; t <= 7; t++)                                                \
                w[t] = vf_load(xb + i + t);                                             \
            ff_ls_vf screen = vf_abs(FF_LS_Y4(cv[0], w)) + rest[0];                     \
            for (int k = 1; k < NPH; k++)                                               \
                screen = vf_max(vf_abs(FF_LS_Y4(cv[k], w)) + rest[k], screen);          \
            if (!vf_any_ge(screen, fl))                                                 \
                continue;                                                               \
            for (int t = 0; t < FF_TP_TAPS; t++)                                        \
                w[t] = vf_load(xb + i + t);                                             \
            for (int k = 0; k < NPH; k++)                                               \
                acc = vf_max(vf_abs(FF_LS_FIR(cv[k], w)), acc);                         \
        }                                                                               \
        float pk = vf_hmax(acc);                                                        \
        for (; i < n; i++) {                                                            \
            const float *w = xb + i;                                                    \
            for (int k = 0; k < NPH; k++) {                                             \
                const float a = fabsf(FF_LS_FIR(c[k], w));                              \
                pk = a > pk ? a : pk;                                                   \
            }                                                                           \
        }                                                                               \
        return pk;                                                                      \
    }
FF_LS_SPAN(span4, 4, 1)
FF_LS_SPAN(span2, 2, 2)

static double true_peak_span(const float *xb, size_t n, int factor, float floor,
                             double in_peak)
{
    return factor == 4 ? span4(xb, n, floor, in_peak)
                       : (factor == 2 ? span2(xb, n, floor, in_peak) : 0.0);
}

const ff_loudness_simd FF_LS_TABLE = {
    .name = FF_LS_NAME,
    .kweight_pairs_f64 = kweight_pairs_f64,
    .kweight_pairs_f32 = kweight_pairs_f32,
    .kweight_singles_f64 = kweight_singles_f64,
    .kweight_singles_f32 = kweight_singles_f32,
    .true_peak_span = true_peak_span,
};
