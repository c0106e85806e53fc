/* ff_engine_simd_body.h - body of the engine's SIMD table (see ff_engine_simd.h).
 *
 * Included by one file per ISA with FF_SW (double lanes: 1, 2, 4 or 8) and
 * FF_ENGINE_SIMD_TABLE (the table's name) defined; GCC vector extensions,
 * unaligned loads through memcpy. In strip_mix a short last chunk is
 * zero-padded, so it runs the same arithmetic and its padding adds nothing to
 * the statistics.
 */
#include <string.h>

#include "engine/ff_engine_simd.h"
#if defined(__SSE2__)
#include <immintrin.h>
#elif defined(__aarch64__)
#include <arm_neon.h>
#endif

typedef double ff_sv __attribute__((vector_size(FF_SW * 8)));
typedef long long ff_siv __attribute__((vector_size(FF_SW * 8)));

static inline ff_sv sv_load(const double *p, size_t count)
{
    ff_sv v = {0};
    memcpy(&v, p, count * sizeof(double));
    return v;
}

static inline void sv_store(double *p, ff_sv v, size_t count)
{
    memcpy(p, &v, count * sizeof(double));
}

static inline ff_sv sv_select(ff_siv mask, ff_sv yes, ff_sv no)
{
    return (ff_sv)(((ff_siv)yes & mask) | ((ff_siv)no & ~mask));
}

static inline ff_sv sv_abs(ff_sv v)
{
    const ff_siv sign = (ff_siv){0} + (long long)(1ULL << 63);
    return (ff_sv)((ff_siv)v & ~sign);
}

/* Lane-wise max of non-negative values (the ISA's max instruction where there is one). */
static inline ff_sv sv_max(ff_sv acc, ff_sv a)
{
#if FF_SW == 8 && defined(__AVX512F__)
    return (ff_sv)_mm512_max_pd((__m512d)a, (__m512d)acc);
#elif FF_SW == 4 && defined(__AVX__)
    return (ff_sv)_mm256_max_pd((__m256d)a, (__m256d)acc);
#elif FF_SW == 2 && defined(__SSE2__)
    return (ff_sv)_mm_max_pd((__m128d)a, (__m128d)acc);
#elif FF_SW == 2 && defined(__aarch64__)
    return (ff_sv)vmaxq_f64((float64x2_t)a, (float64x2_t)acc);
#else
    return sv_select(a > acc, a, acc);
#endif
}

/* What every chunk reads: the gain ramp as vectors. */
typedef struct ff_strip_gain {
    ff_sv cur[4], step[4], target[4], iota;
    size_t ramp_n;
} ff_strip_gain;

/* What every chunk accumulates (two sets run side by side to halve the dependency chains). */
typedef struct ff_strip_acc {
    ff_sv peak_l, peak_r, sum_ll, sum_rr, sum_lr;
} ff_strip_acc;

/* One chunk of `count` <= FF_SW frames at i; inlined with a constant count in the main loop. */
static inline __attribute__((always_inline)) void strip_chunk(
    const ff_strip_gain *gain, ff_strip_acc *a, const double *l, const double *r, double *out_l,
    double *out_r, size_t i, size_t count)
{
    const ff_sv x_l = sv_load(l + i, count), x_r = sv_load(r + i, count);
    ff_sv g[4], o_l, o_r;
    if (i >= gain->ramp_n) {
        for (int k = 0; k < 4; k++)
            g[k] = gain->target[k];
    } else {
        const ff_sv at = gain->iota + (double)i;
        const ff_siv ramping = at < (double)gain->ramp_n;
        for (int k = 0; k < 4; k++)
            g[k] = sv_select(ramping, gain->cur[k] + gain->step[k] * at, gain->target[k]);
    }
    o_l = g[0] * x_l + g[1] * x_r;
    o_r = g[2] * x_l + g[3] * x_r;
    a->peak_l = sv_max(a->peak_l, sv_abs(o_l));
    a->peak_r = sv_max(a->peak_r, sv_abs(o_r));
    a->sum_ll += o_l * o_l;
    a->sum_rr += o_r * o_r;
    a->sum_lr += o_l * o_r;
    sv_store(out_l + i, sv_load(out_l + i, count) + o_l, count);
    sv_store(out_r + i, sv_load(out_r + i, count) + o_r, count);
}

static void strip_mix(const double *l, const double *r, size_t n, const ff_gain_ramp *ramp,
                      double *out_l, double *out_r, ff_stereo_stats *st)
{
    ff_strip_gain gain;
    ff_strip_acc a[2];
    double lanes[FF_SW];
    size_t i = 0;
    memset(a, 0, sizeof a);
    gain.ramp_n = ramp->left < n ? ramp->left : n;
    for (int k = 0; k < FF_SW; k++)
        lanes[k] = (double)k;
    gain.iota = sv_load(lanes, FF_SW);
    for (int g = 0; g < 4; g++) {
        gain.cur[g] = (ff_sv){0} + ramp->cur[g];
        gain.step[g] = (ff_sv){0} + ramp->step[g];
        gain.target[g] = (ff_sv){0} + ramp->target[g];
    }
    if (!r)
        r = l;
    for (; i + 2 * FF_SW <= n; i += 2 * FF_SW) {
        strip_chunk(&gain, &a[0], l, r, out_l, out_r, i, FF_SW);
        strip_chunk(&gain, &a[1], l, r, out_l, out_r, i + FF_SW, FF_SW);
    }
    for (; i < n; i += FF_SW)
        strip_chunk(&gain, &a[0], l, r, out_l, out_r, i, n - i < FF_SW ? n - i : FF_SW);
    st->peak_l = st->peak_r = st->sum_ll = st->sum_rr = st->sum_lr = 0.0;
    for (int set = 0; set < 2; set++) {
        for (int k = 0; k < FF_SW; k++) {
            st->peak_l = a[set].peak_l[k] > st->peak_l ? a[set].peak_l[k] : st->peak_l;
            st->peak_r = a[set].peak_r[k] > st->peak_r ? a[set].peak_r[k] : st->peak_r;
            st->sum_ll += a[set].sum_ll[k];
            st->sum_rr += a[set].sum_rr[k];
            st->sum_lr += a[set].sum_lr[k];
        }
    }
}

typedef float ff_fv __attribute__((vector_size(FF_SW * 4)));
typedef int ff_fiv __attribute__((vector_size(FF_SW * 4)));
#if FF_SW == 8
#define FF_EVEN {0, 2, 4, 6, 8, 10, 12, 14}
#define FF_ODD {1, 3, 5, 7, 9, 11, 13, 15}
#elif FF_SW == 4
#define FF_EVEN {0, 2, 4, 6}
#define FF_ODD {1, 3, 5, 7}
#elif FF_SW == 2
#define FF_EVEN {0, 2}
#define FF_ODD {1, 3}
#else
#define FF_EVEN {0}
#define FF_ODD {1}
#endif

static void clip_widen(const float *src, size_t count, uint32_t channels, double *l, double *r)
{
    size_t i = 0;
    if (channels == 1) {
        for (; i + FF_SW <= count; i += FF_SW) {
            ff_fv x;
            ff_sv wide;
            memcpy(&x, src + i, sizeof x);
            wide = __builtin_convertvector(x, ff_sv);
            memcpy(l + i, &wide, sizeof wide);
        }
        for (; i < count; i++)
            l[i] = (double)src[i];
        return;
    }
    for (; i + FF_SW <= count; i += FF_SW) {
        ff_fv a, b, even, odd;
        ff_sv wide_l, wide_r;
        memcpy(&a, src + 2 * i, sizeof a);
        memcpy(&b, src + 2 * i + FF_SW, sizeof b);
        even = __builtin_shuffle(a, b, (ff_fiv)FF_EVEN);
        odd = __builtin_shuffle(a, b, (ff_fiv)FF_ODD);
        wide_l = __builtin_convertvector(even, ff_sv);
        wide_r = __builtin_convertvector(odd, ff_sv);
        memcpy(l + i, &wide_l, sizeof wide_l);
        memcpy(r + i, &wide_r, sizeof wide_r);
    }
    for (; i < count; i++) {
        l[i] = (double)src[2 * i];
        r[i] = (double)src[2 * i + 1];
    }
}

#if FF_SW >= 2
/* The fused kernel uses the table's full vector width, one group: 4 tracks
 * per AVX-512 vector, 2 per AVX2 vector, 1 per 16-byte vector (two
 * interleaved groups measured slower: the filters then spill). */
#define FF_FW FF_SW
#define FF_FG 1
#include "engine/ff_engine_fused_body.h"
const ff_engine_simd FF_ENGINE_SIMD_TABLE = {strip_mix, clip_widen, fused_tracks,
                                             FF_FG * FF_FW / 2};
#undef FF_FW
#undef FF_FG
#else
const ff_engine_simd FF_ENGINE_SIMD_TABLE = {strip_mix, clip_widen, NULL, 0};
#endif
