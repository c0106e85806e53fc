/* ff_loudness_offline.c - whole-signal loudness in SIMD lanes (see
 * ff_loudness_offline.h; the true-peak scan is ff_loudness_offline_tp.c).
 * Multiplies and adds are never fused, as in the streaming meter. */
#pragma GCC optimize("fp-contract=off")

#include "loudness/ff_loudness_offline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/ff_dispatch.h"
#include "loudness/ff_loudness_offline_internal.h"

#define FF_LO_MAX_SEGMENTS 8
#define FF_LO_MAX_LANES (FF_LO_MAX_SEGMENTS * FF_LM_MAX_CHANNELS)
#define FF_LO_DECAY 1e-17               /* start-up transient left at a segment start */

extern const ff_loudness_simd ff_loudness_simd_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const ff_loudness_simd ff_loudness_simd_sse42;
extern const ff_loudness_simd ff_loudness_simd_avx2;
extern const ff_loudness_simd ff_loudness_simd_avx512;
#elif defined(__aarch64__)
extern const ff_loudness_simd ff_loudness_simd_neon;
#endif

const ff_loudness_simd *ff_loudness_simd_for(int level)
{
    if (level != FF_SIMD_SCALAR && ff_kernels_for((ff_simd_level)level) == NULL)
        return NULL;
    switch (level) {
    case FF_SIMD_SCALAR:
        return &ff_loudness_simd_scalar;
#if defined(__x86_64__) || defined(__i386__)
    case FF_SIMD_SSE42:
        return &ff_loudness_simd_sse42;
    case FF_SIMD_AVX2:
        return &ff_loudness_simd_avx2;
    case FF_SIMD_AVX512:
        return &ff_loudness_simd_avx512;
#elif defined(__aarch64__)
    case FF_SIMD_NEON:
        return &ff_loudness_simd_neon;
#endif
    default:
        return NULL;
    }
}

/* Largest pole radius of z^2 + a1 z + a2. */
static double pole_radius(double a1, double a2)
{
    const double disc = a1 * a1 - 4.0 * a2;
    if (disc < 0.0)
        return sqrt(a2);
    const double r = sqrt(disc);
    return fmax(fabs(-a1 + r), fabs(-a1 - r)) / 2.0;
}

size_t ff_loudness_warmup_subblocks(const ff_loudness *m)
{
    const double r = fmax(pole_radius(m->shelf[3], m->shelf[4]),
                          pole_radius(m->highpass[3], m->highpass[4]));
    if (!(r < 1.0 - 1e-9) || m->subblock_frames < 2 * FF_TP_TAPS)
        return 0;
    /* A state error decays like (n + 1) r^n at a double pole; the extra
     * (n + 1) covers the cascade. Smallest n with (n + 1)^2 r^n <= decay,
     * searched where that bound falls (n beyond 2 / -ln r). */
    const double lr = log(r), target = log(FF_LO_DECAY);
#define FF_LO_BOUND(n) (2.0 * log((double)(n) + 1.0) + (double)(n) * lr)
    size_t lo = (size_t)ceil(target / lr), hi = lo;
    while (FF_LO_BOUND(hi) > target)
        hi *= 2;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (FF_LO_BOUND(mid) > target)
            lo = mid + 1;
        else
            hi = mid;
    }
#undef FF_LO_BOUND
    return (lo + m->subblock_frames - 1) / m->subblock_frames;
}

/* Segments per channel count: S x channels lanes fill whole groups of 8. */
static size_t segments_for(int channels)
{
    static const size_t table[FF_LM_MAX_CHANNELS + 1] = {0, 8, 4, 8, 2, 8, 4, 1, 1};
    return table[channels];
}

typedef struct lo_plan {
    size_t nch, sub, subblocks;  /* channels, frames per sub-block, whole sub-blocks */
    size_t segments, rounds, groups;  /* groups of FF_KWL_GROUP lanes */
    /* per segment, in sub-blocks: first one run (warm-up included), first
     * one measured, one past the last one measured */
    size_t start[FF_LO_MAX_SEGMENTS], body[FF_LO_MAX_SEGMENTS], end[FF_LO_MAX_SEGMENTS];
} lo_plan;

static void make_plan(lo_plan *p, const ff_loudness *m, size_t frames, size_t warmup)
{
    p->nch = (size_t)m->channels;
    p->sub = m->subblock_frames;
    p->subblocks = frames / p->sub;
    const size_t k = p->subblocks, w = warmup;
    size_t s = segments_for(m->channels);
    if (s > 1 && k / (4 * w) < s)   /* warm-up at most ~1/4 of the work */
        s = k / (4 * w) > 1 ? k / (4 * w) : 1;
    p->segments = s;
    p->rounds = s > 1 ? (k + (s - 1) * w + s - 1) / s : k;
    p->groups = (s * p->nch + FF_KWL_GROUP - 1) / FF_KWL_GROUP;
    size_t body = 0;
    for (size_t i = 0; i < s; i++) {
        const size_t start = i == 0 ? 0 : body - w;
        p->start[i] = start;
        p->body[i] = body < k ? body : k;
        p->end[i] = start + p->rounds < k ? start + p->rounds : k;
        body = p->end[i];
    }
}

static double *lane(ff_kwl_group *g, size_t l, size_t field_offset)
{
    return (double *)((char *)&g[l / FF_KWL_GROUP] + field_offset) + l % FF_KWL_GROUP;
}

/* K-weight every whole sub-block: sums of squares per sub-block and channel
 * into ss ([sub-block][channel]), sample peaks per part of a sub-block into
 * pk ([span][channel], ff_lo_span); the last measured segment's filter state
 * at the end of the last whole sub-block into m.
 * The lanes read the signal where it is: channel pairs of each segment's
 * frames with an even channel count, single samples otherwise. Idle and
 * padding lanes run on samples of sub-block 0; their results are dropped. */
static void run_lanes(ff_loudness *m, const lo_plan *p, const ff_loudness_simd *k,
                      const void *x, int is_f32, double *ss, double *pk)
{
    ff_kwl_group grp[FF_LO_MAX_LANES / FF_KWL_GROUP];
    const double *src[FF_LO_MAX_LANES];
    const float *src32[FF_LO_MAX_LANES];
    memset(grp, 0, sizeof grp);
    const double coef[7] = {m->shelf[0], m->shelf[1], m->shelf[2], m->shelf[3], m->shelf[4],
                            m->highpass[3], m->highpass[4]};
    const size_t lanes = p->groups * FF_KWL_GROUP, nch = p->nch, sub = p->sub;
    const size_t per = nch % 2 == 0 ? 2 : 1;   /* lanes per pointer */
    for (size_t j = 0; j < lanes / per; j++)
        src[j] = (const double *)x, src32[j] = (const float *)x;
    for (size_t r = 0; r < p->rounds; r++) {
        for (size_t part = 0; part < FF_LO_PARTS; part++) {
            const size_t from = part * sub / FF_LO_PARTS, n = (part + 1) * sub / FF_LO_PARTS - from;
            for (size_t s = 0; s < p->segments; s++) {
                size_t kb = p->start[s] + r;
                if (kb >= p->end[s])
                    kb = 0;
                for (size_t c = 0; c < nch; c += per) {
                    const size_t at = (kb * sub + from) * nch + c, j = (s * nch + c) / per;
                    src[j] = (const double *)x + at, src32[j] = (const float *)x + at;
                }
            }
            for (size_t g = 0; g < p->groups; g++) {
                const size_t j = g * FF_KWL_GROUP / per;
                if (per == 2 && is_f32)
                    k->kweight_pairs_f32(&grp[g], src32 + j, nch, n, coef);
                else if (per == 2)
                    k->kweight_pairs_f64(&grp[g], src + j, nch, n, coef);
                else if (is_f32)
                    k->kweight_singles_f32(&grp[g], src32 + j, nch, n, coef);
                else
                    k->kweight_singles_f64(&grp[g], src + j, nch, n, coef);
            }
            for (size_t s = 0; s < p->segments; s++) {
                const size_t kb = p->start[s] + r;
                if (kb >= p->body[s] && kb < p->end[s])
                    for (size_t c = 0; c < nch; c++)
                        pk[(kb * FF_LO_PARTS + part) * nch + c] =
                            *lane(grp, s * nch + c, offsetof(ff_kwl_group, peak));
            }
            for (size_t g = 0; g < p->groups; g++)
                memset(grp[g].peak, 0, sizeof grp[g].peak);
        }
        for (size_t s = 0; s < p->segments; s++) {
            const size_t kb = p->start[s] + r;
            if (kb < p->body[s] || kb >= p->end[s])
                continue;
            for (size_t c = 0; c < nch; c++)
                ss[kb * nch + c] = *lane(grp, s * nch + c, offsetof(ff_kwl_group, sum));
            if (kb + 1 == p->subblocks) {   /* ff_loudness.h's state order */
                static const size_t fields[8] = {
                    offsetof(ff_kwl_group, x1), offsetof(ff_kwl_group, x2),
                    offsetof(ff_kwl_group, y1), offsetof(ff_kwl_group, y2),
                    offsetof(ff_kwl_group, y1), offsetof(ff_kwl_group, y2),
                    offsetof(ff_kwl_group, z1), offsetof(ff_kwl_group, z2)};
                for (size_t c = 0; c < nch; c++)
                    for (int f = 0; f < 8; f++)
                        m->state[c][f] = *lane(grp, s * nch + c, fields[f]);
            }
        }
        for (size_t g = 0; g < p->groups; g++)
            memset(grp[g].sum, 0, sizeof grp[g].sum);
    }
}

size_t ff_loudness_analysis_segments(const ff_loudness *m, size_t frames)
{
    const size_t w = ff_loudness_warmup_subblocks(m);
    lo_plan p;
    if (w == 0)
        return 0;
    make_plan(&p, m, frames, w);
    return p.segments;
}

static int analyze(ff_loudness *m, const void *x, int is_f32, size_t frames, int level,
                   size_t *bad)
{
    const size_t nch = (size_t)m->channels, total = frames * nch;
    const size_t w = ff_loudness_warmup_subblocks(m);
    const ff_loudness_simd *k = ff_loudness_simd_for(level);
    if (k == NULL)
        k = &ff_loudness_simd_scalar;
    lo_plan p;
    double *ss = NULL;
    if (w > 0) {
        make_plan(&p, m, frames, w);
        /* per channel: sums of squares per whole sub-block, peaks per span */
        ss = malloc(((1 + FF_LO_PARTS) * p.subblocks + 1) * nch * sizeof *ss);
        if (ss == NULL) {
            ff_loudness_reset(m);
            return -1;
        }
    }
    if (w == 0 || m->subblocks != 0 || m->subblock_fill != 0) {
        /* serial: the streaming meter itself */
        free(ss);
        const size_t at = is_f32 ? ff_first_nonfinite_f32(x, total)
                                 : ff_first_nonfinite_f64(x, total);
        if (at < total) {
            *bad = at;
            return FF_LO_NONFINITE;
        }
        if (is_f32)
            ff_loudness_process_f32(m, x, frames);
        else
            ff_loudness_process_f64(m, x, frames);
        return 0;
    }
    double *pk = ss + p.subblocks * nch;
    run_lanes(m, &p, k, x, is_f32, ss, pk);
    const size_t whole = p.subblocks * p.sub * nch;
    size_t at = total;
    for (size_t i = 0; i < p.subblocks * nch; i++)
        if (!isfinite(ss[i])) {   /* a non-finite input, or an overflow */
            at = is_f32 ? ff_first_nonfinite_f32(x, total) : ff_first_nonfinite_f64(x, total);
            if (at == total) {    /* overflow: the streaming meter drops those sub-blocks */
                free(ss);
                ff_loudness_reset(m);
                if (is_f32)
                    ff_loudness_process_f32(m, x, frames);
                else
                    ff_loudness_process_f64(m, x, frames);
                return 0;
            }
            break;
        }
    if (at == total)
        at = whole + (is_f32 ? ff_first_nonfinite_f32((const float *)x + whole, total - whole)
                             : ff_first_nonfinite_f64((const double *)x + whole, total - whole));
    if (at < total) {
        free(ss);
        ff_loudness_reset(m);
        *bad = at;
        return FF_LO_NONFINITE;
    }
    for (size_t kb = 0; kb < p.subblocks; kb++) {
        double e = 0.0;
        for (size_t c = 0; c < nch; c++)
            e += m->weight[c] * ss[kb * nch + c];
        ff_loudness_add_subblock_energy(m, e / (double)p.sub);
    }
    const size_t tail = frames - p.subblocks * p.sub;
    const size_t spans = p.subblocks * FF_LO_PARTS;
    for (size_t c = 0; c < nch; c++) {
        double peak = 0.0, tpk = 0.0;
        for (size_t i = 0; i < spans; i++)
            peak = pk[i * nch + c] > peak ? pk[i * nch + c] : peak;
        for (size_t i = 0; i < tail; i++) {
            const double a = fabs(ff_lo_sample(x, is_f32, whole + i * nch + c));
            tpk = a > tpk ? a : tpk;
        }
        m->sample_peak[c] = peak;
        pk[spans * nch + c] = tpk;
    }
    /* the trailing partial sub-block, from the last segment's state */
    const int tp_on = m->true_peak_on;
    m->true_peak_on = 0;
    if (is_f32)
        ff_loudness_process_f32(m, (const float *)x + whole, tail);
    else
        ff_loudness_process_f64(m, (const double *)x + whole, tail);
    m->true_peak_on = tp_on;
    int rc = 0;
    if (tp_on)
        rc = ff_lo_true_peaks(m, k, x, is_f32, frames, pk, spans + (tail > 0));
    free(ss);
    if (rc != 0)
        ff_loudness_reset(m);
    return rc;
}

int ff_loudness_analyze_f64(ff_loudness *m, const double *x, size_t frames, int level,
                            size_t *bad)
{
    return analyze(m, x, 0, frames, level, bad);
}

int ff_loudness_analyze_f32(ff_loudness *m, const float *x, size_t frames, int level,
                            size_t *bad)
{
    return analyze(m, x, 1, frames, level, bad);
}
