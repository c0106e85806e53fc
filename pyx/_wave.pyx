"""fluxforge._wave - nogil wrappers of the C waveform reductions (csrc/wave/ff_wave.h).

Private: fluxforge.waveform_reduce checks shapes and allocates; these functions
only check what protects memory (matching sizes) and release the GIL while
the C code runs, so background builds run beside the UI thread.
"""
from libc.stdint cimport uint64_t

from _wave cimport (
    ff_wave_minmax_tiles, ff_wave_minmax_tiles_scalar, ff_wave_merge_pairs,
    ff_wave_minmax_reset, ff_wave_overview_block, ff_wave_overview_block_scalar,
    ff_wave_finish_minmax, ff_wave_peaks,
)


def minmax_tiles(const float[:, ::1] x, Py_ssize_t tile, float[:, :, ::1] out,
                 bint scalar=False):
    """Per-channel (min, max) of tiles of ``tile`` frames of x (frames, channels)
    into out (ceil(frames / tile), channels, 2); raw (see finish_minmax)."""
    cdef Py_ssize_t frames = x.shape[0], channels = x.shape[1]
    if tile < 1:
        raise ValueError(f"tile must be >= 1 frame, got {tile}")
    if out.shape[0] != (frames + tile - 1) // tile or out.shape[1] != channels \
            or out.shape[2] != 2:
        raise ValueError("out must have shape (ceil(frames / tile), channels, 2)")
    if frames == 0:
        return
    with nogil:
        if scalar:
            ff_wave_minmax_tiles_scalar(&x[0, 0], frames, channels, tile, &out[0, 0, 0])
        else:
            ff_wave_minmax_tiles(&x[0, 0], frames, channels, tile, &out[0, 0, 0])


def merge_pairs(const float[:, :, ::1] src, float[:, :, ::1] out):
    """Next pyramid level: out[k] = merge(src[2k], src[2k + 1]) (raw pairs)."""
    cdef Py_ssize_t tiles = src.shape[0], channels = src.shape[1]
    if out.shape[0] != (tiles + 1) // 2 or out.shape[1] != channels \
            or src.shape[2] != 2 or out.shape[2] != 2:
        raise ValueError("out must have shape (ceil(tiles / 2), channels, 2)")
    if tiles == 0:
        return
    with nogil:
        ff_wave_merge_pairs(&src[0, 0, 0], tiles, channels, &out[0, 0, 0])


def reset_minmax(float[:, ::1] minmax):
    """Set every (min, max) pair to (+inf, -inf), the empty accumulator."""
    if minmax.shape[1] != 2:
        raise ValueError("minmax must have shape (pairs, 2)")
    if minmax.shape[0]:
        ff_wave_minmax_reset(&minmax[0, 0], minmax.shape[0])


def overview_block(const float[:, ::1] x, uint64_t first_frame, uint64_t total_frames,
                   float[:, ::1] minmax, bint scalar=False):
    """Fold rows first_frame.. of a clip of total_frames frames into the
    overview buckets minmax (points, 2), across channels."""
    cdef Py_ssize_t frames = x.shape[0], channels = x.shape[1], points = minmax.shape[0]
    if minmax.shape[1] != 2:
        raise ValueError("minmax must have shape (points, 2)")
    if first_frame + <uint64_t>frames > total_frames:
        raise ValueError("block runs past total_frames")
    if points and total_frames > (<uint64_t>1 << 62) // <uint64_t>points:
        raise ValueError("total_frames * points must stay below 2**62")
    if frames == 0 or points == 0:
        return
    with nogil:
        if scalar:
            ff_wave_overview_block_scalar(&x[0, 0], frames, channels, first_frame,
                                          total_frames, points, &minmax[0, 0])
        else:
            ff_wave_overview_block(&x[0, 0], frames, channels, first_frame, total_frames,
                                   points, &minmax[0, 0])


def finish_minmax(float[:, ::1] minmax):
    """Pairs that saw no sample (min > max: empty or NaN only) become (0, 0)."""
    if minmax.shape[1] != 2:
        raise ValueError("minmax must have shape (pairs, 2)")
    if minmax.shape[0]:
        with nogil:
            ff_wave_finish_minmax(&minmax[0, 0], minmax.shape[0])


def peaks(const float[:, ::1] minmax, float[::1] out):
    """Per bucket the extreme of larger magnitude (signed; max wins ties)."""
    if minmax.shape[1] != 2 or out.shape[0] != minmax.shape[0]:
        raise ValueError("minmax must be (points, 2) and out (points,)")
    if out.shape[0]:
        with nogil:
            ff_wave_peaks(&minmax[0, 0], out.shape[0], &out[0])
