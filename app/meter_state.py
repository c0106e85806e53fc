"""Per-frame meter bookkeeping: peak hold, clip latch, display fractions.

Pure NumPy, no Kivy, no engine: the mixer model reads the engine's meters
into ``MeterState.levels`` (preallocated rows, written in place) and calls
:meth:`MeterState.update` once per frame. Everything works on whole arrays
of all strips at once; no per-strip Python work except for strips whose
clip light just came on.
"""
import numpy as np

from .taper import meter_positions

#: rows of ``levels`` / ``display``
PEAK_L, PEAK_R, RMS_L, RMS_R, HOLD_L, HOLD_R = range(6)
ROWS = 6
#: seconds a peak-hold line stays before it follows the meter down
PEAK_HOLD_S = 1.5
#: a peak at or above this linear level (0 dBFS) lights the clip light
CLIP_LEVEL = 1.0


class MeterState:
    """Meter arrays for ``count`` strips.

    Attributes
    ----------
    levels : ndarray, shape (6, count), float64
        Rows PEAK_L, PEAK_R, RMS_L, RMS_R (written by the engine reads) and
        HOLD_L, HOLD_R (peak hold, written by :meth:`update`); linear.
    display : ndarray, shape (6, count), float64
        The same rows as fractions 0..1 of the meter scale.
    clipped : ndarray of bool, shape (count,)
        Latched clip lights.

    Example
    -------
    >>> state = MeterState(2)
    >>> state.levels[PEAK_L] = [0.5, 1.2]
    >>> state.update(now_s=0.0).tolist()   # strips whose clip light came on
    [1]
    >>> bool(state.clipped[1]), round(float(state.levels[HOLD_L, 0]), 2)
    (True, 0.5)
    """

    def __init__(self, count):
        if isinstance(count, bool) or not isinstance(count, (int, np.integer)):
            raise TypeError(f"count must be an int, got {type(count).__name__}")
        if count < 0:
            raise ValueError(f"count must be >= 0, got {count}")
        self.count = int(count)
        self.levels = np.zeros((ROWS, self.count))
        self.display = np.zeros((ROWS, self.count))
        self.clipped = np.zeros(self.count, dtype=bool)
        self._hold_until = np.zeros((2, self.count))
        self._rise = np.zeros((2, self.count), dtype=bool)
        self._follow = np.zeros((2, self.count), dtype=bool)
        self._over = np.zeros(self.count, dtype=bool)

    def update(self, now_s):
        """Update peak holds, clip latches and ``display``.

        Returns the indices of strips whose clip light has just come on.
        """
        peaks = self.levels[PEAK_L:PEAK_R + 1]
        holds = self.levels[HOLD_L:HOLD_R + 1]
        rise, follow = self._rise, self._follow
        np.greater(peaks, holds, out=rise)  # a new peak restarts the hold time
        np.less_equal(self._hold_until, now_s, out=follow)  # expired: follow the meter
        follow |= rise
        np.copyto(holds, peaks, where=follow)
        np.copyto(self._hold_until, now_s + PEAK_HOLD_S, where=rise)
        over = self._over
        np.greater_equal(peaks[0], CLIP_LEVEL, out=over)
        over |= peaks[1] >= CLIP_LEVEL
        over &= ~self.clipped
        self.clipped |= over
        meter_positions(self.levels, self.display)
        return np.flatnonzero(over)

    def clear_clip(self, index):
        """Turn strip ``index``'s clip light off (the user tapped it)."""
        if not 0 <= index < self.count:
            raise IndexError(f"strip index {index} out of range 0..{self.count - 1}")
        self.clipped[index] = False
