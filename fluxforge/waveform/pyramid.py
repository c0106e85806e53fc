"""A built min/max pyramid and the zoom query over it.

Example
-------
>>> import numpy as np
>>> from fluxforge.waveform.reduce import minmax_pyramid
>>> x = np.sin(np.arange(48000, dtype=np.float32) / 50)
>>> pyramid = WavePyramid.from_levels(minmax_pyramid(x), frames=48000, sample_rate=48000)
>>> pyramid.query(0, 48000, pixels=100).shape      # 480 frames per pixel -> 1024-frame tiles
(47, 1, 2)
>>> pyramid.overview(points=100).shape               # the whole clip, channels merged
(47, 2)
"""
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from fluxforge.waveform.reduce import BASE_TILE_FRAMES, OVERVIEW_POINTS


def _frame_arg(value, name):
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return int(value)


@dataclass(frozen=True, eq=False)
class WavePyramid:
    """Min/max levels of one clip: level l has tiles of ``base_tile_frames << l`` frames.

    Attributes
    ----------
    levels : tuple of numpy.ndarray
        Read-only float32 ``(tiles, channels, 2)`` per level (memory-mapped
        when the cache file is large).
    frames, channels, sample_rate : int
    base_tile_frames : int
    nbytes : int
        Bytes of all levels (what the cache budget counts).
    memory_mapped : bool
    """

    levels: tuple
    frames: int
    channels: int
    sample_rate: int
    base_tile_frames: int
    nbytes: int
    memory_mapped: bool = False

    @classmethod
    def from_levels(cls, levels, frames, sample_rate, base_tile_frames=BASE_TILE_FRAMES,
                    memory_mapped=False):
        levels = tuple(levels)
        for level in levels:
            level.flags.writeable = False
        return cls(levels, frames, levels[0].shape[1], sample_rate, base_tile_frames,
                   sum(level.nbytes for level in levels), memory_mapped)

    def tile_frames(self, level):
        """Frames per tile of ``level``."""
        return self.base_tile_frames << level

    def level_for(self, start_frame, end_frame, pixels):
        """The first level whose tile is at least twice the frames per pixel
        (the coarsest level when none is)."""
        frames_per_pixel = (end_frame - start_frame) / pixels
        for level in range(len(self.levels)):
            if self.tile_frames(level) >= 2 * frames_per_pixel:
                return level
        return len(self.levels) - 1

    def query(self, start_frame, end_frame, pixels):
        """Min/max of frames ``[start_frame, end_frame)`` for a view ``pixels`` wide.

        Returns a new float32 ``(rows, channels, 2)`` array, ``rows <= pixels``:
        the tiles of :meth:`level_for`'s level that overlap the range (row 0
        starts at frame ``start_frame // tile * tile``), or, when those
        outnumber the pixels, the tiles merged into ``pixels`` groups (group i
        holds tiles ``i * n // pixels`` up to ``(i + 1) * n // pixels``).
        A range past the clip's end is clipped; one wholly past it gives 0 rows.
        """
        start = _frame_arg(start_frame, "start_frame")
        end = _frame_arg(end_frame, "end_frame")
        pixels = _frame_arg(pixels, "pixels")
        if end <= start:
            raise ValueError(f"end_frame ({end}) must be greater than start_frame ({start})")
        if pixels == 0:
            raise ValueError("pixels must be >= 1")
        level = self.level_for(start, end, pixels)
        tile = self.tile_frames(level)
        tiles = self.levels[level][start // tile:-(-min(end, self.frames) // tile)]
        if tiles.shape[0] <= pixels:
            return np.array(tiles)
        groups = (np.arange(pixels) * tiles.shape[0]) // pixels
        return np.stack([np.minimum.reduceat(tiles[..., 0], groups, axis=0),
                         np.maximum.reduceat(tiles[..., 1], groups, axis=0)], axis=-1)

    def overview(self, points=OVERVIEW_POINTS):
        """(min, max) of the whole clip across its channels in at most ``points`` rows:
        float32 ``(rows, 2)``, the :meth:`query` of frames [0, frames) merged over channels
        (the channel strip's waveform)."""
        rows = self.query(0, max(self.frames, 1), points)
        return np.stack([rows[:, :, 0].min(axis=1), rows[:, :, 1].max(axis=1)], axis=-1)
