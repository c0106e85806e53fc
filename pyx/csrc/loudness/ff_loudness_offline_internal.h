/* ff_loudness_offline_internal.h - shared by the files of the whole-signal
 * analysis (ff_loudness_offline.c, ff_loudness_offline_tp.c). */
#ifndef FF_LOUDNESS_OFFLINE_INTERNAL_H
#define FF_LOUDNESS_OFFLINE_INTERNAL_H

#include <stddef.h>

#include "loudness/ff_loudness.h"
#include "loudness/ff_loudness_simd.h"

/* Sample peaks are kept per part of a sub-block: the spans the true-peak
 * scan may skip. */
#define FF_LO_PARTS 4

/* Frames [*a, *b) of span i: part i % FF_LO_PARTS of sub-block i / FF_LO_PARTS
 * while those are whole, then the trailing frames up to `frames`. */
static inline void ff_lo_span(size_t i, size_t sub, size_t frames, size_t *a, size_t *b)
{
    const size_t whole = frames / sub, kb = i / FF_LO_PARTS, j = i % FF_LO_PARTS;
    if (kb < whole) {
        *a = kb * sub + j * sub / FF_LO_PARTS;
        *b = kb * sub + (j + 1) * sub / FF_LO_PARTS;
    } else {
        *a = whole * sub;
        *b = frames;
    }
}

/* Sample `at` (frame * channels + channel) of a float32 or float64 signal. */
static inline double ff_lo_sample(const void *x, int is_f32, size_t at)
{
    return is_f32 ? (double)((const float *)x)[at] : ((const double *)x)[at];
}

/* True peak per channel into m->true_peak (peaks and history, as after
 * streaming the signal): the spans (ff_lo_span) loudest first, skipping
 * those that cannot reach the channel's peak so far: |output| <=
 * sum |taps| * max |input| over the span and the FF_TP_TAPS - 1 frames
 * before it. pk holds the spans' sample peaks, [span][channel]. 0, or -1
 * when memory ran out. */
int ff_lo_true_peaks(ff_loudness *m, const ff_loudness_simd *k, const void *x, int is_f32,
                     size_t frames, const double *pk, size_t spans);

#endif /* FF_LOUDNESS_OFFLINE_INTERNAL_H */
