/* ff_wave.h - waveform reductions for the waveform caches.
 *
 * Audio is interleaved float32, `frames` rows of `channels` samples (the
 * (frames, channels) C-ordered arrays soundfile and the engine use).
 * Min/max results are float32 (min, max) pairs.
 *
 * Rules: NaN samples are ignored (a tile or bucket holding only NaN reports
 * (0, 0)); infinities are kept. Plain C99 plus SSE2 on x86-64 (its baseline,
 * so no extra flags); the *_scalar functions are the specification, and the
 * SSE2 path gives bit-identical min/max (up to the sign of zero).
 * No allocation, no alignment assumption, explicit lengths.
 */
#ifndef FF_WAVE_H
#define FF_WAVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Min/max per channel over consecutive tiles of `tile` frames (the last tile
 * may be partial): out holds ceil(frames / tile) * channels * 2 floats,
 * laid out (tile, channel, {min, max}). Raw: a tile of only NaN holds
 * (+inf, -inf) until ff_wave_finish_minmax. */
void ff_wave_minmax_tiles(const float *x, size_t frames, size_t channels, size_t tile,
                          float *out);
void ff_wave_minmax_tiles_scalar(const float *x, size_t frames, size_t channels,
                                 size_t tile, float *out);

/* Next pyramid level from a raw one: merge tiles 2k and 2k+1 of `in`
 * (tiles, channels, 2) into out (ceil(tiles / 2), channels, 2). */
void ff_wave_merge_pairs(const float *in, size_t tiles, size_t channels, float *out);

/* Overview buckets, fed block by block. Frame g of a clip of `total_frames`
 * frames belongs to bucket floor(g * points / total_frames) (requires
 * total_frames * points < 2**63), so every frame is in exactly one bucket.
 * `x` holds frames first_frame .. first_frame + frames - 1. Per bucket, across
 * all channels, minmax[2b], minmax[2b + 1] accumulate the smallest and largest
 * sample: start from ff_wave_minmax_reset, end with ff_wave_finish_minmax. */
void ff_wave_minmax_reset(float *minmax, size_t pairs);
void ff_wave_overview_block(const float *x, size_t frames, size_t channels,
                            uint64_t first_frame, uint64_t total_frames, size_t points,
                            float *minmax);
void ff_wave_overview_block_scalar(const float *x, size_t frames, size_t channels,
                                   uint64_t first_frame, uint64_t total_frames,
                                   size_t points, float *minmax);

/* Replace pairs that saw no sample (min > max) by (0, 0): NaN-only = silence. */
void ff_wave_finish_minmax(float *minmax, size_t pairs);

/* Peak detection from finished pairs: per bucket the extreme of larger
 * magnitude, signed (the maximum wins a tie). */
void ff_wave_peaks(const float *minmax, size_t points, float *peak);

#ifdef __cplusplus
}
#endif

#endif /* FF_WAVE_H */
