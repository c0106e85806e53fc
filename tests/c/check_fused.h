/* check_fused.h - the engine's fused track kernel against a plain reference.
 *
 * Included by kernels_vs_scalar.c. For every engine SIMD table that has the
 * fused kernel: calls of 1..fused_width stereo tracks (one silent slot, the
 * tracks' bank lanes in reverse order), frame counts that are and are not
 * multiples of the vector width, EQ band sets from none to all four, gains
 * ramping over part of the call, the output through a lane accumulator
 * (written fresh or added into, then folded into a bus's rows) or added into
 * each track's interleaved bus accumulator; the reference widens to double, runs
 * the scalar table's single-channel biquad band by band and applies the same
 * gain matrix, statistics and bus add.
 */
#include "engine/ff_engine_simd.h"

#define FUSED_N 515
#define FUSED_CS 16 /* coefficient / state row stride */

static void fused_reference(const ff_kernels *ref, const ff_fused_job *job, double coef[][5][FUSED_CS],
                            double state[][4][FUSED_CS], double *bus, ff_stereo_stats *st)
{
    static double x[2][FUSED_N];
    for (size_t k = 0; k < job->tracks; k++) {
        const ff_fused_track *t = &job->track[k];
        memset(&st[k], 0, sizeof st[k]);
        for (int c = 0; c < 2; c++) {
            for (size_t i = 0; i < job->n; i++)
                x[c][i] = t->src ? (double)t->src[2 * i + c] : 0.0;
            for (int b = 0; b < FF_EQ_BANDS; b++) {
                double cf[5], s[4];
                if (!(job->bands & (1u << b)))
                    continue;
                for (int j = 0; j < 5; j++)
                    cf[j] = coef[b][j][t->lane + c];
                for (int j = 0; j < 4; j++)
                    s[j] = state[b][j][t->lane + c];
                ref->biquad_f64(x[c], job->n, cf, s);
                for (int j = 0; j < 4; j++)
                    state[b][j][t->lane + c] = s[j];
            }
        }
        for (size_t i = 0; i < job->n; i++) {
            double g[4], l, r;
            for (int j = 0; j < 4; j++)
                g[j] = i < t->gain->left ? t->gain->cur[j] + t->gain->step[j] * (double)i
                                         : t->gain->target[j];
            l = g[0] * x[0][i] + g[1] * x[1][i];
            r = g[2] * x[0][i] + g[3] * x[1][i];
            st[k].peak_l = fabs(l) > st[k].peak_l ? fabs(l) : st[k].peak_l;
            st[k].peak_r = fabs(r) > st[k].peak_r ? fabs(r) : st[k].peak_r;
            st[k].sum_ll += l * l;
            st[k].sum_rr += r * r;
            st[k].sum_lr += l * r;
            bus[2 * i] += l;
            bus[2 * i + 1] += r;
        }
    }
}

static void check_fused_call(const ff_engine_simd *tbl, const ff_kernels *ref, const char *name,
                             size_t tracks, size_t n, uint32_t bands, unsigned *seed)
{
    static float clip[FF_FUSED_MAX_TRACKS][2 * FUSED_N];
    static double coef[FF_EQ_BANDS][5][FUSED_CS], state[FF_EQ_BANDS][4][FUSED_CS];
    static double state_ref[FF_EQ_BANDS][4][FUSED_CS];
    static double bus[2][FUSED_N], bus_ref[2 * FUSED_N];
    static double acc[FUSED_N * FF_FUSED_MAX_LANES], mix[2 * FUSED_N];
    const size_t width = 2 * tbl->fused_width;      /* lanes a frame of acc holds */
    const int lanes = n % 3 != 0;                   /* else each track adds into mix */
    ff_gain_ramp gain[FF_FUSED_MAX_TRACKS];
    ff_stereo_stats st[FF_FUSED_MAX_TRACKS], st_ref[FF_FUSED_MAX_TRACKS];
    ff_fused_job job;
    memset(&job, 0, sizeof job);
    memset(gain, 0, sizeof gain);
    for (int b = 0; b < FF_EQ_BANDS; b++) {
        for (size_t lane = 0; lane < FUSED_CS; lane++) {
            double cf[5];
            ff_biquad_design(b == 0 ? FF_BIQUAD_LOWPASS : FF_BIQUAD_PEAKING,
                             300.0 * (b + 1) + 50.0 * lane, 0.9, 4.0, 48000.0, cf);
            for (int j = 0; j < 5; j++)
                coef[b][j][lane] = cf[j];
            for (int j = 0; j < 4; j++)
                state[b][j][lane] = state_ref[b][j][lane] = 0.1 * noise(seed);
        }
    }
    for (size_t i = 0; i < n; i++)
        for (int c = 0; c < 2; c++)
            bus[c][i] = mix[2 * i + c] = bus_ref[2 * i + c] = noise(seed);
    job.acc_fresh = n % 2;      /* odd frame counts write acc, even ones add into it */
    for (size_t i = 0; i < n * width; i++) {
        acc[i] = noise(seed);
        if (lanes && !job.acc_fresh)
            bus_ref[2 * (i / width) + i % 2] += acc[i];
    }
    job.acc = lanes ? acc : NULL;
    job.n = n;
    job.tracks = tracks;
    job.bands = bands;
    job.cstride = FUSED_CS;
    for (int b = 0; b < FF_EQ_BANDS; b++) {
        job.coef[b] = &coef[b][0][0];
        job.state[b] = &state[b][0][0];
    }
    for (size_t k = 0; k < tracks; k++) {
        for (size_t i = 0; i < 2 * n; i++)
            clip[k][i] = (float)(0.5 * noise(seed));
        for (int j = 0; j < 4; j++) {
            gain[k].target[j] = noise(seed);
            gain[k].cur[j] = noise(seed);
            gain[k].step[j] = (gain[k].target[j] - gain[k].cur[j]) / 200.0;
        }
        gain[k].left = (uint32_t)(k * 97 % 300);
        job.track[k].src = k == 1 ? NULL : clip[k];     /* slot 1 is silent */
        job.track[k].gain = &gain[k];
        job.track[k].stats = &st[k];
        job.track[k].lane = 2 * (tracks - 1 - k);
        job.track[k].bus = lanes ? NULL : mix;
        job.next[k] = clip[k];
    }
    tbl->fused_tracks(&job);
    if (lanes) {
        tbl->fused_fold(acc, n, bus[0], bus[1]);
    } else {
        for (size_t i = 0; i < 2 * n; i++)
            bus[i % 2][i / 2] = mix[i];
    }
    fused_reference(ref, &job, coef, state_ref, bus_ref, st_ref);
    for (size_t i = 0; i < 2 * n; i++)
        if (!close_to(bus[i % 2][i / 2], bus_ref[i], 1e-12))
            fail(name, "fused bus", n, bus[i % 2][i / 2], bus_ref[i]);
    for (size_t k = 0; k < tracks; k++) {
        const double got[5] = {st[k].peak_l, st[k].peak_r, st[k].sum_ll, st[k].sum_rr, st[k].sum_lr};
        const double want[5] = {st_ref[k].peak_l, st_ref[k].peak_r, st_ref[k].sum_ll,
                                st_ref[k].sum_rr, st_ref[k].sum_lr};
        for (int j = 0; j < 5; j++)
            if (!close_to(got[j], want[j], 1e-10))
                fail(name, "fused stats", n, got[j], want[j]);
    }
    for (int b = 0; b < FF_EQ_BANDS; b++)
        for (int j = 0; j < 4; j++)
            for (size_t lane = 0; lane < 2 * tracks; lane++)
                if ((bands & (1u << b)) && !close_to(state[b][j][lane], state_ref[b][j][lane], 1e-12))
                    fail(name, "fused state", n, state[b][j][lane], state_ref[b][j][lane]);
}

/* Returns 1 if the level has a fused kernel (and it was checked). */
static int check_fused(ff_simd_level level, const ff_kernels *ref, const char *name)
{
    static const size_t frames[] = {1, 3, 8, 64, 301, FUSED_N};
    static const uint32_t band_sets[] = {0, 1, 4, 5, 15};
    const ff_engine_simd *tbl = ff_engine_simd_for(level);
    unsigned seed = 777;
    if (!tbl->fused_tracks)
        return 0;
    for (size_t tracks = 1; tracks <= tbl->fused_width; tracks++)
        for (size_t f = 0; f < sizeof frames / sizeof frames[0]; f++)
            for (size_t b = 0; b < sizeof band_sets / sizeof band_sets[0]; b++)
                check_fused_call(tbl, ref, name, tracks, frames[f], band_sets[b], &seed);
    return 1;
}
