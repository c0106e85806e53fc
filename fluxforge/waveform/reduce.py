"""Waveform reductions: min/max pyramids and peak overviews.

Both work block by block, so a long file is never decoded whole, and both
run the C kernels of ``fluxforge._wave`` with the GIL released.

- A pyramid holds float32 (min, max) per channel for tiles of 256, 512, ...
  32768 frames (8 levels). Level 0 is one pass over the audio; each further
  level merges pairs of tiles of the one below. All levels live in one
  contiguous buffer (:func:`pyramid_layout`), the layout of the cache file.
- An overview has at most 2048 points. Frame g of a clip of n frames falls in
  bucket ``floor(g * points / n)``, so every sample is in exactly one bucket
  and a single-sample spike survives. Per bucket it keeps (min, max) across
  all channels, and the peak: the extreme of larger magnitude, signed (the
  maximum wins a tie). Clips of at most 2048 frames keep one point per frame.

NaN samples are ignored (a tile of only NaN reads as silence, (0, 0)).

Example
-------
>>> import numpy as np
>>> x = np.zeros(48000, np.float32); x[12345] = -0.9
>>> peaks, minmax = peak_overview(x)
>>> peaks.shape, bool(peaks.min() == np.float32(-0.9)), minmax.shape
((2048,), True, (2048, 2))
"""
import numpy as np

from fluxforge import _wave

BASE_TILE_FRAMES = 256
PYRAMID_LEVELS = 8
OVERVIEW_POINTS = 2048


def as_frames(samples, name="samples"):
    """``samples`` as C-contiguous float32 (frames, channels); 1-D means mono."""
    if not isinstance(samples, np.ndarray):
        raise TypeError(f"{name} must be a numpy array, got {type(samples).__name__}")
    if samples.dtype.kind not in "fiu":
        raise TypeError(f"{name} must hold numbers, got dtype {samples.dtype}")
    if samples.ndim == 1:
        samples = samples[:, None]
    if samples.ndim != 2 or samples.shape[1] == 0:
        raise ValueError(f"{name} must be (frames,) or (frames, channels), got {samples.shape}")
    return np.ascontiguousarray(samples, dtype=np.float32)


def level_tiles(frames, base_tile_frames=BASE_TILE_FRAMES, levels=PYRAMID_LEVELS):
    """Number of tiles of every level for a clip of ``frames`` frames."""
    return [-(-frames // (base_tile_frames << level)) for level in range(levels)]


def pyramid_layout(frames, channels, base_tile_frames=BASE_TILE_FRAMES, levels=PYRAMID_LEVELS):
    """``[(float_offset, (tiles, channels, 2)), ...]`` per level, and the total floats."""
    layout, offset = [], 0
    for tiles in level_tiles(frames, base_tile_frames, levels):
        layout.append((offset, (tiles, channels, 2)))
        offset += tiles * channels * 2
    return layout, offset


def pyramid_views(buffer, frames, channels, base_tile_frames=BASE_TILE_FRAMES,
                  levels=PYRAMID_LEVELS):
    """The level arrays over one flat float32 buffer (views, no copy)."""
    layout, total = pyramid_layout(frames, channels, base_tile_frames, levels)
    if buffer.size != total:
        raise ValueError(f"pyramid buffer holds {buffer.size} floats, expected {total}")
    return [buffer[offset:offset + int(np.prod(shape))].reshape(shape)
            for offset, shape in layout]


class BlockFeed:
    """A clip of ``frames`` frames fed block by block: what both builders share.

    Examples
    --------
    >>> feed = BlockFeed(frames=10)
    >>> feed.fed = 4
    >>> feed.progress
    0.4
    """

    def __init__(self, frames):
        self.frames = int(frames)
        self.fed = 0

    @property
    def progress(self):
        """Fraction of the clip's frames reduced so far, 0..1."""
        return self.fed / self.frames if self.frames else 1.0

    def _check_room(self, count):
        """Refuse a block of ``count`` frames that runs past the end of the clip."""
        if self.fed + count > self.frames:
            raise ValueError(f"blocks hold more than the clip's {self.frames} frames")

    def _check_complete(self):
        """Refuse to finish before every frame of the clip was fed."""
        if self.fed != self.frames:
            raise ValueError(f"only {self.fed} of {self.frames} frames were fed")


class PyramidBuilder(BlockFeed):
    """Build a min/max pyramid from consecutive blocks of a clip.

    Parameters
    ----------
    frames, channels : int
        Size of the whole clip.
    base_tile_frames, levels : int
        Tile of level 0 (a power of two) and number of levels.

    Every block but the last must hold a multiple of the coarsest tile
    (``base_tile_frames << (levels - 1)``) frames, so tiles never straddle blocks.

    Examples
    --------
    >>> b = PyramidBuilder(frames=70000, channels=2)
    >>> b.feed(np.zeros((65536, 2), np.float32)); b.feed(np.ones((4464, 2), np.float32))
    >>> [level.shape for level in b.finish()][:2]
    [(274, 2, 2), (137, 2, 2)]
    """

    def __init__(self, frames, channels, base_tile_frames=BASE_TILE_FRAMES,
                 levels=PYRAMID_LEVELS):
        super().__init__(frames)
        self.channels = int(channels)
        self.base_tile_frames, self.levels = base_tile_frames, levels
        self.block_multiple = base_tile_frames << (levels - 1)
        self.buffer = np.empty(pyramid_layout(frames, channels, base_tile_frames, levels)[1],
                               np.float32)
        self.level_arrays = pyramid_views(self.buffer, frames, channels, base_tile_frames, levels)

    def feed(self, block):
        """Reduce the next block, (frames, channels) float32."""
        block = as_frames(block, "block")
        count = block.shape[0]
        if block.shape[1] != self.channels:
            raise ValueError(f"block has {block.shape[1]} channels, expected {self.channels}")
        self._check_room(count)
        if self.fed % self.block_multiple:
            raise ValueError(f"only the last block may hold a number of frames that is "
                             f"not a multiple of {self.block_multiple}")
        first = self.fed // self.base_tile_frames
        tiles = -(-count // self.base_tile_frames)
        _wave.minmax_tiles(block, self.base_tile_frames, self.level_arrays[0][first:first + tiles])
        self.fed += count

    def finish(self):
        """Merge the upper levels and return the list of level arrays."""
        self._check_complete()
        for lower, upper in zip(self.level_arrays, self.level_arrays[1:]):
            _wave.merge_pairs(lower, upper)
        _wave.finish_minmax(self.buffer.reshape(-1, 2))
        return self.level_arrays


def minmax_pyramid(samples, base_tile_frames=BASE_TILE_FRAMES, levels=PYRAMID_LEVELS):
    """Min/max pyramid of in-memory ``samples`` (see :class:`PyramidBuilder`).

    Examples
    --------
    >>> levels = minmax_pyramid(np.arange(1024, dtype=np.float32))
    >>> levels[0][:, 0].tolist()
    [[0.0, 255.0], [256.0, 511.0], [512.0, 767.0], [768.0, 1023.0]]
    """
    samples = as_frames(samples)
    builder = PyramidBuilder(samples.shape[0], samples.shape[1], base_tile_frames, levels)
    builder.feed(samples)
    return builder.finish()


class OverviewBuilder(BlockFeed):
    """Build an overview (peaks and min/max pairs) from consecutive blocks.

    Parameters
    ----------
    frames : int
        Length of the whole clip.
    max_points : int
        At most this many points (2048); fewer for shorter clips.

    Examples
    --------
    >>> b = OverviewBuilder(frames=48000)
    >>> b.feed(np.zeros((48000, 2), np.float32))
    >>> [a.shape for a in b.finish()]
    [(2048,), (2048, 2)]
    """

    def __init__(self, frames, max_points=OVERVIEW_POINTS):
        if max_points < 1:
            raise ValueError(f"max_points must be >= 1, got {max_points}")
        super().__init__(frames)
        self.points = min(max_points, self.frames)
        self.buffer = np.empty(3 * self.points, np.float32)   # peaks, then pairs
        self.peaks = self.buffer[:self.points]
        self.minmax = self.buffer[self.points:].reshape(self.points, 2)
        _wave.reset_minmax(self.minmax)

    def feed(self, block):
        """Reduce the next block of frames (any channel count)."""
        block = as_frames(block, "block")
        self._check_room(block.shape[0])
        _wave.overview_block(block, self.fed, self.frames, self.minmax)
        self.fed += block.shape[0]

    def finish(self):
        """Return ``(peaks, minmax)``: float32 (points,) and (points, 2) over one buffer."""
        self._check_complete()
        _wave.finish_minmax(self.minmax)
        _wave.peaks(self.minmax, self.peaks)
        return self.peaks, self.minmax


def peak_overview(samples, max_points=OVERVIEW_POINTS):
    """Overview of in-memory ``samples``: ``(peaks, minmax)`` (see :class:`OverviewBuilder`)."""
    samples = as_frames(samples)
    builder = OverviewBuilder(samples.shape[0], max_points)
    builder.feed(samples)
    return builder.finish()
