/* ff_wave.c - waveform min/max tiles, pyramid merges and overview buckets.
 * See ff_wave.h for the contract. */
#include "wave/ff_wave.h"

#include <math.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define FF_WAVE_HAVE_SSE2 1
#endif

/* Fold `frames` interleaved rows into mm (channel c -> mm[2c], mm[2c + 1]).
 * `x < acc ? x : acc` ignores NaN because acc is never NaN. */
typedef void (*range_fn)(const float *x, size_t frames, size_t channels, float *mm);

static inline float min_keep(float x, float acc) { return x < acc ? x : acc; }
static inline float max_keep(float x, float acc) { return x > acc ? x : acc; }

static void range_scalar(const float *x, size_t frames, size_t channels, float *mm)
{
    for (size_t c = 0; c < channels; c++) {
        float lo = mm[2 * c], hi = mm[2 * c + 1];   /* locals: x may alias mm */
        for (size_t f = 0; f < frames; f++) {
            lo = min_keep(x[f * channels + c], lo);
            hi = max_keep(x[f * channels + c], hi);
        }
        mm[2 * c] = lo;
        mm[2 * c + 1] = hi;
    }
}

#ifdef FF_WAVE_HAVE_SSE2
/* 1, 2 or 4 channels: lane k of a 4-float vector always holds channel
 * k % channels, so whole vectors fold without shuffles; other layouts use the
 * scalar loop. _mm_min_ps(x, acc) returns acc when x is NaN, like min_keep. */
static void range_sse2(const float *x, size_t frames, size_t channels, float *mm)
{
    if (channels != 1 && channels != 2 && channels != 4) {
        range_scalar(x, frames, channels, mm);
        return;
    }
    const size_t n = frames * channels;
    float lanes_min[4], lanes_max[4];
    for (size_t k = 0; k < 4; k++) {
        lanes_min[k] = mm[2 * (k % channels)];
        lanes_max[k] = mm[2 * (k % channels) + 1];
    }
    __m128 min0 = _mm_loadu_ps(lanes_min), max0 = _mm_loadu_ps(lanes_max);
    __m128 min1 = min0, max1 = max0;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m128 a = _mm_loadu_ps(x + i), b = _mm_loadu_ps(x + i + 4);
        min0 = _mm_min_ps(a, min0);
        max0 = _mm_max_ps(a, max0);
        min1 = _mm_min_ps(b, min1);
        max1 = _mm_max_ps(b, max1);
    }
    if (i + 4 <= n) {
        __m128 a = _mm_loadu_ps(x + i);
        min0 = _mm_min_ps(a, min0);
        max0 = _mm_max_ps(a, max0);
        i += 4;
    }
    _mm_storeu_ps(lanes_min, _mm_min_ps(min0, min1));
    _mm_storeu_ps(lanes_max, _mm_max_ps(max0, max1));
    for (size_t k = 0; k < 4; k++) {
        float *pair = mm + 2 * (k % channels);
        pair[0] = min_keep(lanes_min[k], pair[0]);
        pair[1] = max_keep(lanes_max[k], pair[1]);
    }
    /* i is a multiple of 4, hence of channels: the tail starts at channel 0 */
    range_scalar(x + i, (n - i) / channels, channels, mm);
}
#define RANGE_BEST range_sse2
#else
#define RANGE_BEST range_scalar
#endif

void ff_wave_minmax_reset(float *minmax, size_t pairs)
{
    for (size_t p = 0; p < pairs; p++) {
        minmax[2 * p] = INFINITY;
        minmax[2 * p + 1] = -INFINITY;
    }
}

static void tiles_with(range_fn range, const float *x, size_t frames, size_t channels,
                       size_t tile, float *out)
{
    for (size_t start = 0; start < frames; start += tile) {
        const size_t count = frames - start < tile ? frames - start : tile;
        ff_wave_minmax_reset(out, channels);
        range(x + start * channels, count, channels, out);
        out += 2 * channels;
    }
}

void ff_wave_minmax_tiles(const float *x, size_t frames, size_t channels, size_t tile,
                          float *out)
{
    tiles_with(RANGE_BEST, x, frames, channels, tile, out);
}

void ff_wave_minmax_tiles_scalar(const float *x, size_t frames, size_t channels,
                                 size_t tile, float *out)
{
    tiles_with(range_scalar, x, frames, channels, tile, out);
}

void ff_wave_merge_pairs(const float *in, size_t tiles, size_t channels, float *out)
{
    const size_t width = 2 * channels;
    for (size_t t = 0; t < tiles; t += 2, in += 2 * width, out += width) {
        for (size_t k = 0; k < width; k += 2) {
            out[k] = in[k];
            out[k + 1] = in[k + 1];
            if (t + 1 < tiles) {
                out[k] = min_keep(in[width + k], out[k]);
                out[k + 1] = max_keep(in[width + k + 1], out[k + 1]);
            }
        }
    }
}

/* Buckets start at ceil(b * total / points). Only the first bucket of a block
 * costs a division; later boundaries advance by quotient and remainder. */
static void overview_with(range_fn range, const float *x, size_t frames, size_t channels,
                          uint64_t first_frame, uint64_t total_frames, size_t points,
                          float *minmax)
{
    if (frames == 0 || total_frames == 0 || points == 0)
        return;
    const uint64_t end_frame = first_frame + frames;
    const uint64_t step = total_frames / points, step_rem = total_frames % points;
    uint64_t bucket = first_frame * points / total_frames;
    /* floor((bucket + 1) * total / points) and its remainder */
    uint64_t next_floor = (bucket + 1) * total_frames / points;
    uint64_t next_rem = (bucket + 1) * total_frames % points;
    uint64_t g = first_frame;
    while (g < end_frame) {
        uint64_t next_start = next_floor + (next_rem != 0);
        uint64_t stop = next_start < end_frame ? next_start : end_frame;
        /* across channels: the rows are one flat run of samples */
        range(x + (g - first_frame) * channels, (stop - g) * channels, 1, minmax + 2 * bucket);
        g = stop;
        bucket++;
        next_floor += step;
        next_rem += step_rem;
        if (next_rem >= points) {
            next_rem -= points;
            next_floor++;
        }
    }
}

void ff_wave_overview_block(const float *x, size_t frames, size_t channels,
                            uint64_t first_frame, uint64_t total_frames, size_t points,
                            float *minmax)
{
    /* buckets of a few dozen samples: the plain loop beats the final lane fold
     * (two direct calls, so each inlines its own range function) */
    if (total_frames / points * channels >= 64)
        overview_with(RANGE_BEST, x, frames, channels, first_frame, total_frames, points, minmax);
    else
        overview_with(range_scalar, x, frames, channels, first_frame, total_frames, points,
                      minmax);
}

void ff_wave_overview_block_scalar(const float *x, size_t frames, size_t channels,
                                   uint64_t first_frame, uint64_t total_frames,
                                   size_t points, float *minmax)
{
    overview_with(range_scalar, x, frames, channels, first_frame, total_frames, points,
                  minmax);
}

void ff_wave_finish_minmax(float *minmax, size_t pairs)
{
    for (size_t p = 0; p < pairs; p++) {
        if (minmax[2 * p] > minmax[2 * p + 1]) {
            minmax[2 * p] = 0.0f;
            minmax[2 * p + 1] = 0.0f;
        }
    }
}

void ff_wave_peaks(const float *minmax, size_t points, float *peak)
{
    for (size_t b = 0; b < points; b++) {
        float lo = minmax[2 * b], hi = minmax[2 * b + 1];
        peak[b] = hi >= -lo ? hi : lo;
    }
}
