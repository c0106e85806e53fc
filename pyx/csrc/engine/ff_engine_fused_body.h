/* ff_engine_fused_body.h - body of the fused track kernel (see ff_engine_simd.h).
 *
 * Included by ff_engine_simd_body.h, in its vectors (ff_vf64 of FF_LANES_F64
 * = 2, 4 or 8 doubles, kernels/ff_vec.h), with FF_FG (vector groups whose
 * recursions are interleaved) defined. A vector holds
 * FF_FP = FF_LANES_F64 / 2 stereo tracks side by side, (L, R) per
 * track: the lane order of the biquad bank's rows (2 * slot, 2 * slot + 1).
 * One call renders FF_FG * FF_FP tracks, FF_FP frames per step:
 *   1. each track's FF_FP interleaved float32 frames are loaded as one vector
 *      and widened to doubles; a transpose of (L, R) pairs turns the FF_FP
 *      track vectors into FF_FP frame vectors (lanes = the bank's lanes);
 *   2. every enabled EQ band runs its direct form I biquad on the frame
 *      vectors (the same arithmetic and order as the bank);
 *   3. the ramped 2x2 gain matrix: o = y * (g0, g3) + swap(y) * (g1, g2),
 *      which is o_l = g0 l + g1 r and o_r = g3 r + g2 l;
 *   4. meter statistics per lane;
 *   5. the transpose back gives each track's interleaved stereo output, added
 *      into its bus accumulator (interleaved stereo, 2 * n doubles).
 * Every 8 frames it prefetches the same frames of a later call's clips
 * (job->next), so they arrive while this call computes.
 * No float64 copy of the clip is written anywhere.
 */
#define FF_FP (FF_LANES_F64 / 2) /* tracks per vector = frames per step */
#define FF_FT (FF_FG * FF_FP) /* tracks per call */

/* (L, R) -> (R, L) in every pair of lanes. */
#if FF_LANES_F64 == 2
#define FF_PAIR_SWAP(v) __builtin_shufflevector(v, v, 1, 0)
#elif FF_LANES_F64 == 4
#define FF_PAIR_SWAP(v) __builtin_shufflevector(v, v, 1, 0, 3, 2)
#define FF_PAIR_SHUFFLE FF_SHUFFLE_4
#elif FF_LANES_F64 == 8
#define FF_PAIR_SWAP(v) __builtin_shufflevector(v, v, 1, 0, 3, 2, 5, 4, 7, 6)
#define FF_PAIR_SHUFFLE FF_SHUFFLE_8
#else
#error "unsupported fused vector width"
#endif

/* Transpose stage of (L, R) pairs: rows i and i + s exchange their
 * off-diagonal blocks of s pairs (2s lanes). */
#define FF_PAIR_STAGE(r, s) FF_BLOCK_STAGE(ff_vf64, r, FF_FP, s, 2 * (s), FF_PAIR_SHUFFLE)

/* Track vectors (FF_FP frames of one track) <-> frame vectors (one frame of
 * FF_FP tracks); the transpose is its own inverse. */
static inline void fused_transpose(ff_vf64 r[FF_FP])
{
#if FF_FP >= 2
    FF_PAIR_STAGE(r, 1);
#endif
#if FF_FP >= 4
    FF_PAIR_STAGE(r, 2);
#endif
    (void)r;
}

/* max(peak, |v|) lane-wise for a non-negative peak: AVX-512DQ's range
 * instruction does it in one (larger magnitude, sign cleared). */
static inline ff_vf64 fused_peak(ff_vf64 peak, ff_vf64 v)
{
#if FF_LANES_F64 == 8 && defined(__AVX512DQ__)
    return (ff_vf64)_mm512_range_pd((__m512d)v, (__m512d)peak, 0x0B);
#else
    return ff_vf64_max_hw(peak, ff_vf64_abs(v));
#endif
}

/* One band's biquads across a group's lanes (direct form I). */
typedef struct {
    ff_vf64 b0, b1, b2, a1, a2, x1, x2, y1, y2;
} ff_fused_biquad;

static inline ff_vf64 fused_step(ff_fused_biquad *f, ff_vf64 x0)
{
    ff_vf64 y0;
    FF_BIQUAD_DF1_STEP(f, x0, y0);
    return y0;
}

/* Eight floats -> eight doubles in one instruction where the ISA has it. */
static inline ff_vf64 fused_widen(const float *src, size_t count)
{
    ff_vf32h x = {0};
    if (count == FF_FP) {
#if FF_LANES_F64 == 8 && defined(__AVX512F__)
        return (ff_vf64)_mm512_cvtps_pd(_mm256_loadu_ps(src));
#elif FF_LANES_F64 == 4 && defined(__AVX__)
        return (ff_vf64)_mm256_cvtps_pd(_mm_loadu_ps(src));
#endif
    }
    memcpy(&x, src, 2 * count * sizeof(float));
    return __builtin_convertvector(x, ff_vf64);
}

/* The gains of a call as vectors: (g0, g3) and (g1, g2) of each track. */
typedef struct {
    ff_vf64 cur_a[FF_FG], step_a[FF_FG], target_a[FF_FG];
    ff_vf64 cur_b[FF_FG], step_b[FF_FG], target_b[FF_FG];
    ff_vf64 ramp_n[FF_FG];
    size_t ramp_max;    /* frames until every track is at its target */
} ff_fused_gains;

/* Meter statistics per lane. */
typedef struct {
    ff_vf64 peak[FF_FG], sq[FF_FG], lr[FF_FG];
} ff_fused_acc;

static void fused_gains(ff_fused_gains *c, const ff_fused_job *job)
{
    double a[4][FF_FG * FF_LANES_F64], b[3][FF_FG * FF_LANES_F64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    c->ramp_max = 0;
    for (size_t k = 0; k < job->tracks; k++) {
        const ff_gain_ramp *g = job->track[k].gain;
        const size_t ramp = g->left < job->n ? g->left : job->n;
        for (int side = 0; side < 2; side++) {
            const int ia = side ? 3 : 0, ib = side ? 2 : 1;
            a[0][2 * k + side] = g->cur[ia];
            a[1][2 * k + side] = g->step[ia];
            a[2][2 * k + side] = g->target[ia];
            a[3][2 * k + side] = (double)ramp;
            b[0][2 * k + side] = g->cur[ib];
            b[1][2 * k + side] = g->step[ib];
            b[2][2 * k + side] = g->target[ib];
        }
        if (ramp > c->ramp_max)
            c->ramp_max = ramp;
    }
    for (int g = 0; g < FF_FG; g++) {
        c->cur_a[g] = ff_vf64_load_n(a[0] + g * FF_LANES_F64, FF_LANES_F64);
        c->step_a[g] = ff_vf64_load_n(a[1] + g * FF_LANES_F64, FF_LANES_F64);
        c->target_a[g] = ff_vf64_load_n(a[2] + g * FF_LANES_F64, FF_LANES_F64);
        c->ramp_n[g] = ff_vf64_load_n(a[3] + g * FF_LANES_F64, FF_LANES_F64);
        c->cur_b[g] = ff_vf64_load_n(b[0] + g * FF_LANES_F64, FF_LANES_F64);
        c->step_b[g] = ff_vf64_load_n(b[1] + g * FF_LANES_F64, FF_LANES_F64);
        c->target_b[g] = ff_vf64_load_n(b[2] + g * FF_LANES_F64, FF_LANES_F64);
    }
}

/* The lanes of group g that belong to tracks of this call. */
static inline size_t fused_lanes(const ff_fused_job *job, int g)
{
    const size_t used = 2 * job->tracks, first = (size_t)g * FF_LANES_F64;
    return used <= first ? 0 : used - first < FF_LANES_F64 ? used - first : FF_LANES_F64;
}

static inline void fused_store_state(double *row, ff_vf64 v, size_t lanes)
{
    for (size_t k = 0; k < lanes; k++)
        row[k] = v[k] > -FF_STATE_FLUSH && v[k] < FF_STATE_FLUSH ? 0.0 : v[k];
}

/* The enabled bands' filters, in band order, packed into f (save = 0: load
 * coefficients and state; 1: store the state back, tiny values as zero);
 * returns how many bands. */
static size_t fused_bands(ff_fused_biquad f[][FF_FG], const ff_fused_job *job, int save)
{
    const size_t cs = job->cstride;
    size_t nb = 0;
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        if (!(job->bands & (1u << band)))
            continue;
        for (int g = 0; g < FF_FG; g++) {
            const size_t lanes = fused_lanes(job, g);
            const double *co = job->coef[band] + g * FF_LANES_F64;
            double *st = job->state[band] + g * FF_LANES_F64;
            ff_fused_biquad *q = &f[nb][g];
            if (save) {
                fused_store_state(st, q->x1, lanes);
                fused_store_state(st + cs, q->x2, lanes);
                fused_store_state(st + 2 * cs, q->y1, lanes);
                fused_store_state(st + 3 * cs, q->y2, lanes);
                continue;
            }
            FF_BIQUAD_LOAD_ROWS(q, co, st, cs, lanes, ff_vf64_load_n);
        }
        nb++;
    }
    return nb;
}

/* `count` <= FF_FP frames from frame i through nb packed bands; inlined with
 * constant nb, count and ramping. */
static inline __attribute__((always_inline)) void fused_frames(
    ff_fused_biquad f[][FF_FG], size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job, size_t i, size_t count, int ramping)
{
    ff_vf64 v[FF_FG][FF_FP];
    if ((i & 7) == 0)   /* one cache line (8 stereo frames) per later track */
        for (int k = 0; k < FF_FT; k++)
            if (job->next[k])
                __builtin_prefetch(job->next[k] + 2 * i, 0, 3);
    for (int g = 0; g < FF_FG; g++) {
        for (int p = 0; p < FF_FP; p++) {
            const float *src = job->track[g * FF_FP + p].src;
            v[g][p] = src ? fused_widen(src + 2 * i, count) : (ff_vf64){0};
        }
        fused_transpose(v[g]);
    }
    for (size_t b = 0; b < nb; b++)
        for (size_t t = 0; t < count; t++)
            for (int g = 0; g < FF_FG; g++)
                v[g][t] = fused_step(&f[b][g], v[g][t]);
    for (int g = 0; g < FF_FG; g++) {
        ff_vf64 ga = gn->target_a[g], gb = gn->target_b[g];
        for (size_t t = 0; t < count; t++) {
            ff_vf64 o;
            if (ramping) {
                const ff_vf64 at = (ff_vf64){0} + (double)(i + t);
                const ff_vm64 on = at < gn->ramp_n[g];
                const ff_vf64 ra = gn->cur_a[g] + gn->step_a[g] * at;
                const ff_vf64 rb = gn->cur_b[g] + gn->step_b[g] * at;
                ga = (ff_vf64)(((ff_vm64)ra & on) | ((ff_vm64)gn->target_a[g] & ~on));
                gb = (ff_vf64)(((ff_vm64)rb & on) | ((ff_vm64)gn->target_b[g] & ~on));
            }
            o = v[g][t] * ga + FF_PAIR_SWAP(v[g][t]) * gb;
            acc->peak[g] = fused_peak(acc->peak[g], o);
            acc->sq[g] += o * o;
            acc->lr[g] += o * FF_PAIR_SWAP(o);
            v[g][t] = o;
        }
        fused_transpose(v[g]);
        for (int p = 0; p < FF_FP; p++) {
            double *bus = job->track[g * FF_FP + p].bus;
            ff_vf64 sum;
            if (!bus)
                continue;
            memcpy(&sum, bus + 2 * i, 2 * count * sizeof(double));
            sum += v[g][p];
            memcpy(bus + 2 * i, &sum, 2 * count * sizeof(double));
        }
    }
}

/* Frames [i, end) of a call: full steps, then a short last one. */
static inline __attribute__((always_inline)) void fused_span(
    ff_fused_biquad f[][FF_FG], size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job, size_t i, size_t end, int ramping)
{
    for (; i + FF_FP <= end; i += FF_FP)
        fused_frames(f, nb, gn, acc, job, i, FF_FP, ramping);
    if (i < end)
        fused_frames(f, nb, gn, acc, job, i, end - i, ramping);
}

/* The ramp's frames (whole steps), then the rest at the targets. */
static inline __attribute__((always_inline)) void fused_run(
    ff_fused_biquad f[][FF_FG], size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job)
{
    size_t ramp_end = (gn->ramp_max + FF_FP - 1) / FF_FP * FF_FP;
    if (ramp_end > job->n)
        ramp_end = job->n;
    fused_span(f, nb, gn, acc, job, 0, ramp_end, 1);
    fused_span(f, nb, gn, acc, job, ramp_end, job->n, 0);
}

static void fused_stats(const ff_fused_acc *acc, const ff_fused_job *job)
{
    for (size_t k = 0; k < job->tracks; k++) {
        ff_stereo_stats *st = job->track[k].stats;
        const size_t g = k / FF_FP, lane = 2 * (k % FF_FP);
        if (!st)
            continue;
        st->peak_l = acc->peak[g][lane];
        st->peak_r = acc->peak[g][lane + 1];
        st->sum_ll = acc->sq[g][lane];
        st->sum_rr = acc->sq[g][lane + 1];
        st->sum_lr = acc->lr[g][lane];
    }
}

static void fused_tracks(const ff_fused_job *job)
{
    ff_fused_biquad f[FF_EQ_BANDS][FF_FG];
    ff_fused_gains gn;
    ff_fused_acc acc;
    size_t nb;
    memset(&acc, 0, sizeof acc);
    fused_gains(&gn, job);
    nb = fused_bands(f, job, 0);
    switch (nb) {   /* a loop per band count: the filters stay in registers */
    case 0: fused_run(f, 0, &gn, &acc, job); break;
    case 1: fused_run(f, 1, &gn, &acc, job); break;
    case 2: fused_run(f, 2, &gn, &acc, job); break;
    case 3: fused_run(f, 3, &gn, &acc, job); break;
    default: fused_run(f, 4, &gn, &acc, job); break;
    }
    fused_bands(f, job, 1);
    fused_stats(&acc, job);
}

#undef FF_FP
#undef FF_FT
#undef FF_PAIR_SWAP
#undef FF_PAIR_SHUFFLE
#undef FF_PAIR_STAGE
