/* ff_engine_fused_body.h - body of the fused track kernel (see ff_engine_simd.h).
 *
 * Included by ff_engine_simd_body.h, in its vectors (ff_vf64 of FF_LANES_F64
 * = 2, 4 or 8 doubles, kernels/ff_vec.h). A vector holds
 * FF_FP = FF_LANES_F64 / 2 stereo tracks side by side, (L, R) per track.
 * One call renders FF_FP tracks (one vector: two interleaved vectors were
 * measured slower, their filters spilled), FF_FP frames per step:
 *   1. each track's FF_FP interleaved float32 frames are loaded and, with a
 *      transpose of (L, R) pairs, become FF_FP frame vectors (one frame of
 *      the FF_FP tracks each), widened to doubles;
 *   2. every enabled EQ band runs its direct form I biquad on the frame
 *      vectors (the same arithmetic and order as the bank; each track's
 *      coefficients and state are gathered from its bank lanes and put back);
 *   3. the ramped 2x2 gain matrix: o = y * (g0, g3) + swap(y) * (g1, g2),
 *      which is o_l = g0 l + g1 r and o_r = g3 r + g2 l;
 *   4. meter statistics per lane;
 *   5. when the call's tracks all feed one bus, each frame vector is added
 *      into the bus's lane accumulator as it is (fused_fold sums the lanes
 *      into the bus's rows once all its calls are done); otherwise the
 *      transpose back gives each track's interleaved stereo output, added
 *      into its bus's interleaved accumulator.
 * Every 8 frames it prefetches the same frames of a later call's clips
 * (job->next), so they arrive while this call computes.
 * No float64 copy of the clip is written anywhere. The filters and the
 * statistics run in named local copies (no arrays indexed in loops), so the
 * compiler keeps them in registers through the call.
 */
#define FF_FP (FF_LANES_F64 / 2) /* tracks per vector = frames per step = tracks per call */

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

#if FF_LANES_F64 == 8 && defined(__AVX512F__)
/* The 4 frame vectors of 4 tracks' next 4 float32 frames, with the transpose
 * run on the floats ((L, R) pairs as 64-bit elements, in 256-bit vectors)
 * before they are widened: the same values, measured ~8 % faster over the
 * render than shuffling the widened 512-bit vectors. (The same on 128-bit
 * vectors for AVX2 was slower.) */
static inline __attribute__((always_inline)) void fused_load_frames_512(
    const ff_fused_track *track, size_t i, ff_vf64 v[4])
{
    __m256d a[4], t[4];
    for (int p = 0; p < 4; p++)
        a[p] = track[p].src ? _mm256_loadu_pd((const double *)(track[p].src + 2 * i))
                            : _mm256_setzero_pd();
    t[0] = _mm256_unpacklo_pd(a[0], a[1]);    /* frames 0, 2 of tracks 0, 1 */
    t[1] = _mm256_unpackhi_pd(a[0], a[1]);    /* frames 1, 3 */
    t[2] = _mm256_unpacklo_pd(a[2], a[3]);
    t[3] = _mm256_unpackhi_pd(a[2], a[3]);
    v[0] = (ff_vf64)_mm512_cvtps_pd(_mm256_castpd_ps(_mm256_permute2f128_pd(t[0], t[2], 0x20)));
    v[1] = (ff_vf64)_mm512_cvtps_pd(_mm256_castpd_ps(_mm256_permute2f128_pd(t[1], t[3], 0x20)));
    v[2] = (ff_vf64)_mm512_cvtps_pd(_mm256_castpd_ps(_mm256_permute2f128_pd(t[0], t[2], 0x31)));
    v[3] = (ff_vf64)_mm512_cvtps_pd(_mm256_castpd_ps(_mm256_permute2f128_pd(t[1], t[3], 0x31)));
}
#endif

/* The gains of a call as vectors: (g0, g3) and (g1, g2) of each track. */
typedef struct {
    ff_vf64 cur_a, step_a, target_a;
    ff_vf64 cur_b, step_b, target_b;
    ff_vf64 ramp_n;
    size_t ramp_max;    /* frames until every track is at its target */
} ff_fused_gains;

/* Meter statistics per lane. */
typedef struct {
    ff_vf64 peak, sq, lr;
} ff_fused_acc;

/* One frame vector into an accumulator: written (fresh) or added. */
static inline __attribute__((always_inline)) void fused_add(double *acc, ff_vf64 o, int fresh)
{
    if (!fresh) {
        ff_vf64 sum;
        memcpy(&sum, acc, sizeof sum);
        o += sum;
    }
    memcpy(acc, &o, sizeof o);
}

static void fused_gains(ff_fused_gains *c, const ff_fused_job *job)
{
    double a[4][FF_LANES_F64], b[3][FF_LANES_F64];
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
    memcpy(&c->cur_a, a[0], sizeof c->cur_a);
    memcpy(&c->step_a, a[1], sizeof c->step_a);
    memcpy(&c->target_a, a[2], sizeof c->target_a);
    memcpy(&c->ramp_n, a[3], sizeof c->ramp_n);
    memcpy(&c->cur_b, b[0], sizeof c->cur_b);
    memcpy(&c->step_b, b[1], sizeof c->step_b);
    memcpy(&c->target_b, b[2], sizeof c->target_b);
}

/* Row `row` (lane 0) at the lanes of the call's tracks; lanes of no track read 0. */
static inline ff_vf64 fused_gather(const double *row, const ff_fused_job *job)
{
    double lanes[FF_LANES_F64] = {0};
    ff_vf64 v;
    for (size_t k = 0; k < job->tracks; k++) {
        lanes[2 * k] = row[job->track[k].lane];
        lanes[2 * k + 1] = row[job->track[k].lane + 1];
    }
    memcpy(&v, lanes, sizeof v);
    return v;
}

/* State values back into the tracks' lanes, tiny ones as zero. */
static inline void fused_scatter(double *row, const ff_fused_job *job, ff_vf64 v)
{
    for (size_t j = 0; j < 2 * job->tracks; j++) {
        const double x = v[j];
        row[job->track[j / 2].lane + j % 2] = x > -FF_STATE_FLUSH && x < FF_STATE_FLUSH ? 0.0 : x;
    }
}

/* The enabled bands' filters, in band order, packed into f (save = 0: load
 * coefficients and state; 1: store the state back); returns how many bands. */
static size_t fused_bands(ff_fused_biquad f[FF_EQ_BANDS], const ff_fused_job *job, int save)
{
    const size_t cs = job->cstride;
    size_t nb = 0;
    for (int band = 0; band < FF_EQ_BANDS; band++) {
        const double *co = job->coef[band];
        double *st = job->state[band];
        ff_fused_biquad *q = &f[nb];
        if (!(job->bands & (1u << band)))
            continue;
        nb++;
        if (save) {
            fused_scatter(st, job, q->x1);
            fused_scatter(st + cs, job, q->x2);
            fused_scatter(st + 2 * cs, job, q->y1);
            fused_scatter(st + 3 * cs, job, q->y2);
            continue;
        }
        q->b0 = fused_gather(co, job);
        q->b1 = fused_gather(co + cs, job);
        q->b2 = fused_gather(co + 2 * cs, job);
        q->a1 = fused_gather(co + 3 * cs, job);
        q->a2 = fused_gather(co + 4 * cs, job);
        q->x1 = fused_gather(st, job);
        q->x2 = fused_gather(st + cs, job);
        q->y1 = fused_gather(st + 2 * cs, job);
        q->y2 = fused_gather(st + 3 * cs, job);
    }
    return nb;
}

/* A call's filters, one named local per band (f0 the first enabled one). */
typedef struct {
    ff_fused_biquad *f0, *f1, *f2, *f3;
} ff_fused_run_bands;

/* The frame vectors through band fb (t < count). */
#define FF_FUSED_BAND(fb)                          \
    for (size_t t = 0; t < count; t++)             \
        v[t] = fused_step((fb), v[t])

/* `count` <= FF_FP frames from frame i through nb packed bands; inlined with
 * constant nb, count, ramping and mixed. */
static inline __attribute__((always_inline)) void fused_frames(
    const ff_fused_run_bands *q, size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job, size_t i, size_t count, int ramping, int mixed, int fresh)
{
    ff_vf64 v[FF_FP];
    ff_vf64 ga = gn->target_a, gb = gn->target_b;
    if ((i & 7) == 0)   /* one cache line (8 stereo frames) per later track */
        for (int k = 0; k < FF_FP; k++)
            if (job->next[k])
                __builtin_prefetch(job->next[k] + 2 * i, 0, 3);
#if FF_LANES_F64 == 8 && defined(__AVX512F__)
    if (count == FF_FP) {
        fused_load_frames_512(job->track, i, v);
    } else
#endif
    {
        for (int p = 0; p < FF_FP; p++) {
            const float *src = job->track[p].src;
            v[p] = src ? fused_widen(src + 2 * i, count) : (ff_vf64){0};
        }
        fused_transpose(v);
    }
    if (nb > 0)
        FF_FUSED_BAND(q->f0);
    if (nb > 1)
        FF_FUSED_BAND(q->f1);
    if (nb > 2)
        FF_FUSED_BAND(q->f2);
    if (nb > 3)
        FF_FUSED_BAND(q->f3);
    for (size_t t = 0; t < count; t++) {
        ff_vf64 o;
        if (ramping) {
            const ff_vf64 at = (ff_vf64){0} + (double)(i + t);
            const ff_vm64 on = at < gn->ramp_n;
            const ff_vf64 ra = gn->cur_a + gn->step_a * at;
            const ff_vf64 rb = gn->cur_b + gn->step_b * at;
            ga = (ff_vf64)(((ff_vm64)ra & on) | ((ff_vm64)gn->target_a & ~on));
            gb = (ff_vf64)(((ff_vm64)rb & on) | ((ff_vm64)gn->target_b & ~on));
        }
        o = v[t] * ga + FF_PAIR_SWAP(v[t]) * gb;
        acc->peak = fused_peak(acc->peak, o);
        acc->sq += o * o;
        acc->lr += o * FF_PAIR_SWAP(o);
        if (mixed)
            v[t] = o;
        else
            fused_add(job->acc + (i + t) * FF_LANES_F64, o, fresh);
    }
    if (!mixed)
        return;
    fused_transpose(v);
    for (int p = 0; p < FF_FP; p++) {
        double *bus = job->track[p].bus;
        ff_vf64 sum;
        if (!bus)
            continue;
        memcpy(&sum, bus + 2 * i, 2 * count * sizeof(double));
        sum += v[p];
        memcpy(bus + 2 * i, &sum, 2 * count * sizeof(double));
    }
}

/* Frames [i, end) of a call: full steps, then a short last one. */
static inline __attribute__((always_inline)) void fused_span(
    const ff_fused_run_bands *q, size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job, size_t i, size_t end, int ramping, int mixed, int fresh)
{
    for (; i + FF_FP <= end; i += FF_FP)
        fused_frames(q, nb, gn, acc, job, i, FF_FP, ramping, mixed, fresh);
    if (i < end)
        fused_frames(q, nb, gn, acc, job, i, end - i, ramping, mixed, fresh);
}

/* The ramp's frames (whole steps), then the rest at the targets. The filters
 * and statistics run in local copies. */
static inline __attribute__((always_inline)) void fused_run(
    ff_fused_biquad f[FF_EQ_BANDS], size_t nb, const ff_fused_gains *gn, ff_fused_acc *acc,
    const ff_fused_job *job, int mixed)
{
    ff_fused_biquad f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3];
    const ff_fused_run_bands q = {&f0, &f1, &f2, &f3};
    ff_fused_acc run = *acc;
    const int fresh = job->acc_fresh;
    size_t ramp_end = (gn->ramp_max + FF_FP - 1) / FF_FP * FF_FP;
    if (ramp_end > job->n)
        ramp_end = job->n;
    fused_span(&q, nb, gn, &run, job, 0, ramp_end, 1, mixed, fresh);
    fused_span(&q, nb, gn, &run, job, ramp_end, job->n, 0, mixed, fresh);
    f[0] = f0;
    f[1] = f1;
    f[2] = f2;
    f[3] = f3;
    *acc = run;
}

static void fused_stats(const ff_fused_acc *acc, const ff_fused_job *job)
{
    for (size_t k = 0; k < job->tracks; k++) {
        ff_stereo_stats *st = job->track[k].stats;
        st->peak_l = acc->peak[2 * k];
        st->peak_r = acc->peak[2 * k + 1];
        st->sum_ll = acc->sq[2 * k];
        st->sum_rr = acc->sq[2 * k + 1];
        st->sum_lr = acc->lr[2 * k];
    }
}

static void fused_tracks(const ff_fused_job *job)
{
    ff_fused_biquad f[FF_EQ_BANDS];
    ff_fused_gains gn;
    ff_fused_acc acc;
    size_t nb;
    memset(&acc, 0, sizeof acc);
    memset(f, 0, sizeof f);
    fused_gains(&gn, job);
    nb = fused_bands(f, job, 0);
    /* a loop per band count (the filters stay in registers) and per output
     * kind (one bus's lane accumulator, or each track's bus) */
    switch (nb * 2 + (job->acc == NULL)) {
    case 0: fused_run(f, 0, &gn, &acc, job, 0); break;
    case 1: fused_run(f, 0, &gn, &acc, job, 1); break;
    case 2: fused_run(f, 1, &gn, &acc, job, 0); break;
    case 3: fused_run(f, 1, &gn, &acc, job, 1); break;
    case 4: fused_run(f, 2, &gn, &acc, job, 0); break;
    case 5: fused_run(f, 2, &gn, &acc, job, 1); break;
    case 6: fused_run(f, 3, &gn, &acc, job, 0); break;
    case 7: fused_run(f, 3, &gn, &acc, job, 1); break;
    case 8: fused_run(f, 4, &gn, &acc, job, 0); break;
    default: fused_run(f, 4, &gn, &acc, job, 1); break;
    }
    fused_bands(f, job, 1);
    fused_stats(&acc, job);
}

/* l[i] += the even lanes of acc's frame i, r[i] += the odd: FF_FP frames at a
 * time, whose vectors the pair transpose turns into one per track slot, summed. */
static void fused_fold(const double *acc, size_t n, double *l, double *r)
{
    for (size_t i = 0; i < n; i += FF_FP) {
        const size_t count = n - i < FF_FP ? n - i : FF_FP;
        ff_vf64 v[FF_FP], sum;
        for (size_t t = 0; t < FF_FP; t++) {
            v[t] = (ff_vf64){0};
            if (t < count)
                memcpy(&v[t], acc + (i + t) * FF_LANES_F64, sizeof v[t]);
        }
        fused_transpose(v);
        sum = v[0];
        for (int p = 1; p < FF_FP; p++)
            sum += v[p];
        for (size_t t = 0; t < count; t++) {
            l[i + t] += sum[2 * t];
            r[i + t] += sum[2 * t + 1];
        }
    }
}

#undef FF_FP
#undef FF_FUSED_BAND
#undef FF_PAIR_SWAP
#undef FF_PAIR_SHUFFLE
#undef FF_PAIR_STAGE
