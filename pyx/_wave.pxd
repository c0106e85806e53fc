# _wave.pxd - table of contents of fluxforge._wave: the waveform reductions of
# csrc/wave/ff_wave.h (min/max tiles, pyramid merges, overview buckets), declared
# for Cython. Only C-level declarations: any compiled module may
# `from _wave cimport ...` (libffcore.a is linked into every module).
from libc.stdint cimport uint64_t


cdef extern from "wave/ff_wave.h" nogil:
    void ff_wave_minmax_tiles(const float *x, size_t frames, size_t channels, size_t tile,
                              float *out)
    void ff_wave_minmax_tiles_scalar(const float *x, size_t frames, size_t channels,
                                     size_t tile, float *out)
    void ff_wave_merge_pairs(const float *src, size_t tiles, size_t channels, float *out)
    void ff_wave_minmax_reset(float *minmax, size_t pairs)
    void ff_wave_overview_block(const float *x, size_t frames, size_t channels,
                                uint64_t first_frame, uint64_t total_frames, size_t points,
                                float *minmax)
    void ff_wave_overview_block_scalar(const float *x, size_t frames, size_t channels,
                                       uint64_t first_frame, uint64_t total_frames,
                                       size_t points, float *minmax)
    void ff_wave_finish_minmax(float *minmax, size_t pairs)
    void ff_wave_peaks(const float *minmax, size_t points, float *peak)
