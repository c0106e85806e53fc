/* ff_engine_simd_body.h - the bodies of the engine's SIMD table (see ff_engine_simd.h).
 *
 * Static bodies in the vector scheme of kernels/ff_vec.h, float64 vectors of
 * FF_LANES_F64 lanes (1, 2, 4 or 8); each ff_engine_simd_<isa>.c includes it
 * with its FF_VEC_BYTES and defines the exported functions and its table on
 * these bodies. In strip_mix a short last chunk is zero-padded, so it runs
 * the same arithmetic and its padding adds nothing to the statistics.
 */
#include "engine/ff_engine_simd.h"
#include "kernels/ff_biquad_lanes.h"
#include "kernels/ff_vec.h"

/* What every chunk reads: the gain ramp as vectors. */
typedef struct ff_strip_gain {
    ff_vf64 cur[4], step[4], target[4], iota;
    size_t ramp_n;
} ff_strip_gain;

/* What every chunk accumulates (two sets run side by side to halve the dependency chains). */
typedef struct ff_strip_acc {
    ff_vf64 peak_l, peak_r, sum_ll, sum_rr, sum_lr;
} ff_strip_acc;

/* One chunk of `count` <= FF_LANES_F64 frames at i; inlined with a constant count in
 * the main loop. */
static inline __attribute__((always_inline)) void strip_chunk(
    const ff_strip_gain *gain, ff_strip_acc *a, const double *l, const double *r, double *out_l,
    double *out_r, size_t i, size_t count)
{
    const ff_vf64 x_l = ff_vf64_load_n(l + i, count), x_r = ff_vf64_load_n(r + i, count);
    ff_vf64 g[4], o_l, o_r;
    if (i >= gain->ramp_n) {
        for (int k = 0; k < 4; k++)
            g[k] = gain->target[k];
    } else {
        const ff_vf64 at = gain->iota + (double)i;
        const ff_vm64 ramping = at < (double)gain->ramp_n;
        for (int k = 0; k < 4; k++)
            g[k] = ff_vf64_select(ramping, gain->cur[k] + gain->step[k] * at, gain->target[k]);
    }
    o_l = g[0] * x_l + g[1] * x_r;
    o_r = g[2] * x_l + g[3] * x_r;
    a->peak_l = ff_vf64_max_hw(a->peak_l, ff_vf64_abs(o_l));
    a->peak_r = ff_vf64_max_hw(a->peak_r, ff_vf64_abs(o_r));
    a->sum_ll += o_l * o_l;
    a->sum_rr += o_r * o_r;
    a->sum_lr += o_l * o_r;
    ff_vf64_store_n(out_l + i, ff_vf64_load_n(out_l + i, count) + o_l, count);
    ff_vf64_store_n(out_r + i, ff_vf64_load_n(out_r + i, count) + o_r, count);
}

static void strip_mix(const double *l, const double *r, size_t n, const ff_gain_ramp *ramp,
                      double *out_l, double *out_r, ff_stereo_stats *st)
{
    ff_strip_gain gain;
    ff_strip_acc a[2];
    double lanes[FF_LANES_F64];
    size_t i = 0;
    memset(a, 0, sizeof a);
    gain.ramp_n = ramp->left < n ? ramp->left : n;
    for (int k = 0; k < FF_LANES_F64; k++)
        lanes[k] = (double)k;
    gain.iota = ff_vf64_load_n(lanes, FF_LANES_F64);
    for (int g = 0; g < 4; g++) {
        gain.cur[g] = (ff_vf64){0} + ramp->cur[g];
        gain.step[g] = (ff_vf64){0} + ramp->step[g];
        gain.target[g] = (ff_vf64){0} + ramp->target[g];
    }
    if (!r)
        r = l;
    for (; i + 2 * FF_LANES_F64 <= n; i += 2 * FF_LANES_F64) {
        strip_chunk(&gain, &a[0], l, r, out_l, out_r, i, FF_LANES_F64);
        strip_chunk(&gain, &a[1], l, r, out_l, out_r, i + FF_LANES_F64, FF_LANES_F64);
    }
    for (; i < n; i += FF_LANES_F64)
        strip_chunk(&gain, &a[0], l, r, out_l, out_r, i,
                    n - i < FF_LANES_F64 ? n - i : FF_LANES_F64);
    st->peak_l = st->peak_r = st->sum_ll = st->sum_rr = st->sum_lr = 0.0;
    for (int set = 0; set < 2; set++) {
        for (int k = 0; k < FF_LANES_F64; k++) {
            st->peak_l = a[set].peak_l[k] > st->peak_l ? a[set].peak_l[k] : st->peak_l;
            st->peak_r = a[set].peak_r[k] > st->peak_r ? a[set].peak_r[k] : st->peak_r;
            st->sum_ll += a[set].sum_ll[k];
            st->sum_rr += a[set].sum_rr[k];
            st->sum_lr += a[set].sum_lr[k];
        }
    }
}

/* Which of 2 * FF_LANES_F64 interleaved stereo floats are left, and which right. */
#if FF_LANES_F64 == 8
#define FF_EVEN {0, 2, 4, 6, 8, 10, 12, 14}
#define FF_ODD {1, 3, 5, 7, 9, 11, 13, 15}
#elif FF_LANES_F64 == 4
#define FF_EVEN {0, 2, 4, 6}
#define FF_ODD {1, 3, 5, 7}
#elif FF_LANES_F64 == 2
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
        for (; i + FF_LANES_F64 <= count; i += FF_LANES_F64)
            ff_vf64_store(l + i, ff_vf64_widen(src + i));
        for (; i < count; i++)
            l[i] = (double)src[i];
        return;
    }
    for (; i + FF_LANES_F64 <= count; i += FF_LANES_F64) {
        const ff_vf32h a = ff_vf32h_load(src + 2 * i);
        const ff_vf32h b = ff_vf32h_load(src + 2 * i + FF_LANES_F64);
        const ff_vf32h even = __builtin_shuffle(a, b, (ff_vm32h)FF_EVEN);
        const ff_vf32h odd = __builtin_shuffle(a, b, (ff_vm32h)FF_ODD);
        ff_vf64_store(l + i, __builtin_convertvector(even, ff_vf64));
        ff_vf64_store(r + i, __builtin_convertvector(odd, ff_vf64));
    }
    for (; i < count; i++) {
        l[i] = (double)src[2 * i];
        r[i] = (double)src[2 * i + 1];
    }
}

#if FF_LANES_F64 >= 2
/* The fused kernel uses the table's full vector width: 4 tracks per AVX-512
 * vector, 2 per AVX2 vector, 1 per 16-byte vector. */
#include "engine/ff_engine_fused_body.h"
#define FF_FUSED_WIDTH (FF_LANES_F64 / 2)
_Static_assert(FF_FUSED_WIDTH <= FF_FUSED_MAX_TRACKS, "a job holds a call's tracks");
#endif
