/* ff_simd_kernels.h - build one ISA's kernel table from ff_simd_body.h.
 *
 * An ISA file defines FF_VEC_BYTES, FF_TABLE_NAME, FF_LEVEL and
 * FF_LEVEL_NAME, then includes this header; setup.py compiles it with that
 * ISA's flags, and ff_dispatch.c picks the table at run time.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "kernels/ff_kernels.h"
#include "kernels/ff_template.h"

typedef double ff_vd __attribute__((vector_size(FF_VEC_BYTES)));
typedef int64_t ff_vi __attribute__((vector_size(FF_VEC_BYTES)));

static inline ff_vd ff_vd_abs(ff_vd v)
{
    return (ff_vd)((ff_vi)v & ~((ff_vi){0} + INT64_MIN));
}

/* Lane-wise max(acc, a) where a NaN in `a` leaves acc alone (callers track
 * NaN separately): one max instruction on x86 (MAXPD returns its second
 * operand when either is NaN), a compare and select elsewhere. */
#if defined(__AVX512F__) && FF_VEC_BYTES == 64
#include <immintrin.h>
#define FF_MAX_f64(acc, a) _mm512_max_pd((__m512d)(a), (__m512d)(acc))
#define FF_MAX_f32(acc, a) _mm512_max_ps((__m512)(a), (__m512)(acc))
#elif defined(__AVX__) && FF_VEC_BYTES == 32
#include <immintrin.h>
#define FF_MAX_f64(acc, a) _mm256_max_pd((__m256d)(a), (__m256d)(acc))
#define FF_MAX_f32(acc, a) _mm256_max_ps((__m256)(a), (__m256)(acc))
#elif defined(__SSE2__) && FF_VEC_BYTES == 16
#include <immintrin.h>
#define FF_MAX_f64(acc, a) _mm_max_pd((__m128d)(a), (__m128d)(acc))
#define FF_MAX_f32(acc, a) _mm_max_ps((__m128)(a), (__m128)(acc))
#endif

static inline ff_vd ff_vd_max(ff_vd acc, ff_vd a)
{
#ifdef FF_MAX_f64
    return (ff_vd)FF_MAX_f64(acc, a);
#else
    const ff_vi take = a > acc;
    return (ff_vd)(((ff_vi)a & take) | ((ff_vi)acc & ~take));
#endif
}

static inline double ff_hsum(ff_vd v)
{
    double s = 0.0;
    for (size_t k = 0; k < FF_VEC_BYTES / sizeof(double); k++)
        s += v[k];
    return s;
}

static inline double ff_hmax(ff_vd v)
{
    double m = 0.0;
    for (size_t k = 0; k < FF_VEC_BYTES / sizeof(double); k++)
        m = v[k] > m ? v[k] : m;
    return m;
}

/* ff_simd_body.h's parameters, one row per sample type: the body is
 * included once per FF_S and each parameter reads its FF_S column. */
#define FF_T_f64 double
#define FF_T_f32 float
#define FF_TSIZE_f64 8
#define FF_TSIZE_f32 4
#define FF_IT_f64 int64_t
#define FF_IT_f32 int32_t
#define FF_IT_MIN_f64 INT64_MIN
#define FF_IT_MIN_f32 INT32_MIN

#define FF_T FF_CAT(FF_T, FF_S)
#define FF_TSIZE FF_CAT(FF_TSIZE, FF_S)
#define FF_IT FF_CAT(FF_IT, FF_S)
#define FF_IT_MIN FF_CAT(FF_IT_MIN, FF_S)
#ifdef FF_MAX_f64
#define FF_VMAX_T FF_CAT(FF_MAX, FF_S)
#endif

#define FF_S f64
#include "kernels/ff_simd_body.h"
#undef FF_S

#define FF_S f32
#include "kernels/ff_simd_body.h"
#undef FF_S

const ff_kernels FF_TABLE_NAME = {
    .name = FF_LEVEL_NAME,
    .level = FF_LEVEL,
    FF_TABLE_FIELDS(f64),
    FF_TABLE_FIELDS(f32),
};
