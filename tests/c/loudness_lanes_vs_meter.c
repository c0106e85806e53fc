/* loudness_lanes_vs_meter.c - the whole-signal analysis of every available
 * SIMD level against the streaming meter, in C.
 *
 * Built and run by tests/test_loudness_cross_arch.py, natively and for
 * aarch64 under qemu-user (the NEON table), from the project's C files.
 * For 1, 2, 3 and 6 channels at 44.1 and 96 kHz, float64 with and without
 * true peak and float32 with it: the loudness figures within 1e-9 LU of the
 * streaming meter's, the peaks equal (see TRUE_PEAK_TOL), and every figure
 * the same bits as the scalar level's. Also a signal cut in two: the analysis of the first
 * part, then the streaming meter fed on. Prints one line per mismatch (the
 * first 20) and "checked <level>" per level; the exit status is the number
 * of mismatches (max 100).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernels/ff_dispatch.h"
#include "loudness/ff_loudness.h"
#include "loudness/ff_loudness_offline.h"
#include "loudness/ff_loudness_simd.h"

#define FIGURES 8
#define SECONDS 2.5   /* two segments of 100 ms sub-blocks, plus a tail */

/* Tolerance of the true peak (dB): none. The streaming meter's C files
 * (ff_loudness.c, ff_true_peak.c) never fuse multiplies and adds, not even
 * on aarch64 where FMA is baseline, and neither do the kernels. */
#define TRUE_PEAK_TOL 0.0

static int failures;

static void figures(const ff_loudness *m, double f[FIGURES])
{
    f[0] = ff_loudness_integrated_lufs(m), f[1] = ff_loudness_lra_lu(m);
    f[2] = ff_loudness_max_momentary_lufs(m), f[3] = ff_loudness_max_short_term_lufs(m);
    f[4] = ff_loudness_momentary_lufs(m), f[5] = ff_loudness_short_term_lufs(m);
    f[6] = ff_loudness_true_peak_dbtp(m), f[7] = ff_loudness_sample_peak_dbfs(m);
}

static void compare(const char *level, const char *what, const double got[FIGURES],
                    const double want[FIGURES], double tol)
{
    for (int i = 0; i < FIGURES; i++) {
        double tol_i = tol;   /* peaks: the same values (true peak: TRUE_PEAK_TOL) */
        if (i >= 6)
            tol_i = i == 6 && tol > 0.0 ? TRUE_PEAK_TOL : 0.0;
        const int same = (isnan(got[i]) && isnan(want[i])) || got[i] == want[i]
                         || fabs(got[i] - want[i]) <= tol_i;
        if (!same && failures++ < 20)
            printf("MISMATCH %s %s figure %d got=%.17g want=%.17g\n", level, what, i,
                   got[i], want[i]);
    }
}

/* Noise whose level jumps every 0.3 s over 40 dB. */
static void programme(double *x, size_t frames, int channels, double samplerate)
{
    unsigned seed = 12345u;
    double gain = 0.1;
    const size_t step = (size_t)(0.3 * samplerate);
    for (size_t i = 0; i < frames; i++) {
        if (i % step == 0) {
            seed = seed * 1664525u + 1013904223u;
            gain = 0.25 * pow(10.0, -2.0 * (double)(seed >> 8) / (double)(1u << 24));
        }
        for (int c = 0; c < channels; c++) {
            seed = seed * 1664525u + 1013904223u;
            x[i * (size_t)channels + (size_t)c] =
                gain * ((double)(seed >> 8) / (double)(1u << 24) * 2.0 - 1.0);
        }
    }
}

static void analyze(ff_loudness *m, const double *x, const float *x32, size_t frames,
                    int level)
{
    size_t bad = 0;
    const int rc = x32 ? ff_loudness_analyze_f32(m, x32, frames, level, &bad)
                       : ff_loudness_analyze_f64(m, x, frames, level, &bad);
    if (rc != 0 && failures++ < 20)
        printf("MISMATCH analyze returned %d\n", rc);
}

int main(void)
{
    static const int channel_counts[] = {1, 2, 3, 6};
    static const double rates[] = {44100.0, 96000.0};
    ff_loudness *m = malloc(sizeof *m), *ref = malloc(sizeof *ref);
    const size_t most = (size_t)(96000 * SECONDS) + 7;
    double *x = malloc(most * 6 * sizeof *x), want[FIGURES], got[FIGURES];
    float *x32 = malloc(most * 6 * sizeof *x32);
    double (*scalar)[FIGURES] = malloc(64 * sizeof *scalar);
    double (*streamed)[FIGURES] = malloc(64 * sizeof *streamed);
    for (int level = 0; level < FF_SIMD_COUNT; level++) {
        const ff_loudness_simd *k = ff_loudness_simd_for(level);
        if (k == NULL)
            continue;
        int run = 0;
        for (size_t r = 0; r < sizeof rates / sizeof rates[0]; r++)
            for (size_t ci = 0; ci < sizeof channel_counts / sizeof channel_counts[0]; ci++)
                for (int f32 = 0; f32 < 2; f32++)
                    for (int tp = f32; tp < 2; tp++, run++) {
                        const int nch = channel_counts[ci];
                        const size_t frames = (size_t)(rates[r] * SECONDS) + 7;
                        programme(x, frames, nch, rates[r]);
                        for (size_t i = 0; i < frames * (size_t)nch; i++)
                            x32[i] = (float)x[i];
                        if (level == FF_SIMD_SCALAR) {   /* the streaming meter, once */
                            ff_loudness_init(ref, rates[r], nch, NULL);
                            ff_loudness_set_true_peak(ref, tp);
                            if (f32)
                                ff_loudness_process_f32(ref, x32, frames);
                            else
                                ff_loudness_process_f64(ref, x, frames);
                            figures(ref, streamed[run]);
                        }
                        memcpy(want, streamed[run], sizeof want);
                        ff_loudness_init(m, rates[r], nch, NULL);
                        ff_loudness_set_true_peak(m, tp);
                        if (ff_loudness_analysis_segments(m, frames) < 2 && failures++ < 20)
                            printf("MISMATCH %s: one segment, no warm-up checked\n", k->name);
                        analyze(m, x, f32 ? x32 : NULL, frames, level);
                        figures(m, got);
                        compare(k->name, "whole", got, want, 1e-9);
                        if (level == FF_SIMD_SCALAR)
                            memcpy(scalar[run], got, sizeof got);
                        else
                            compare(k->name, "vs scalar", got, scalar[run], 0.0);
                        /* the first part analysed, the rest streamed on */
                        const size_t part = frames * 2 / 3 + 3;
                        ff_loudness_init(m, rates[r], nch, NULL);
                        ff_loudness_set_true_peak(m, tp);
                        analyze(m, x, f32 ? x32 : NULL, part, level);
                        if (f32)
                            ff_loudness_process_f32(m, x32 + part * (size_t)nch, frames - part);
                        else
                            ff_loudness_process_f64(m, x + part * (size_t)nch, frames - part);
                        figures(m, got);
                        compare(k->name, "fed on", got, want, 1e-9);
                    }
        printf("checked %s\n", k->name);
    }
    free(m), free(ref), free(x), free(x32), free(scalar), free(streamed);
    return failures > 100 ? 100 : failures;
}
