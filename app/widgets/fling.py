"""Kinetic scrolling: a released swipe keeps the row moving, then slows down.

:class:`VelocityTracker` estimates a finger's speed from its last moves;
:class:`Fling` turns a release speed into per-frame displacements that decay
exponentially (a new touch stops it at once). Pure Python; the strip row
drives it from Kivy's clock.
"""
import math
from collections import deque

from kivy.metrics import dp

#: a release slower than this does not fling (px/s, in dp)
MIN_FLING_DP_S = 250.0
#: fastest fling (px/s, in dp): a flick cannot throw the row off screen
MAX_FLING_DP_S = 6000.0
#: the fling stops below this speed (px/s, in dp)
STOP_DP_S = 20.0
#: velocity decays as exp(-DECAY_PER_S * t): about 1/e every 0.3 s
DECAY_PER_S = 3.3
#: moves older than this (s) do not count towards the release speed
WINDOW_S = 0.1


class VelocityTracker:
    """Speed of a finger along one axis from its recent ``(time_s, pos_px)``.

    Example
    -------
    >>> v = VelocityTracker()
    >>> v.add(0.00, 100.0); v.add(0.05, 80.0); v.add(0.10, 60.0)
    >>> round(v.velocity(), 6)
    -400.0
    """

    def __init__(self):
        self._samples = deque()

    def add(self, time_s, pos_px):
        """Record the finger at ``pos_px`` at ``time_s``."""
        self._samples.append((float(time_s), float(pos_px)))
        while len(self._samples) > 2 and self._samples[-1][0] - self._samples[0][0] > WINDOW_S:
            self._samples.popleft()

    def velocity(self):
        """px/s over the recent window (0 with fewer than two samples)."""
        if len(self._samples) < 2:
            return 0.0
        (t0, x0), (t1, x1) = self._samples[0], self._samples[-1]
        return (x1 - x0) / max(t1 - t0, 1e-3)


class Fling:
    """The decaying motion after a release.

    Example
    -------
    >>> fling = Fling()
    >>> fling.start(1000.0)
    True
    >>> round(fling.step(0.1), 1)  # px moved in the next 0.1 s
    85.2
    >>> fling.stop(); fling.active
    False
    """

    def __init__(self):
        self.velocity = 0.0

    @property
    def active(self):
        return self.velocity != 0.0

    def start(self, velocity_px_s):
        """Fling at ``velocity_px_s`` (clamped); False if too slow to fling."""
        if not math.isfinite(velocity_px_s) or abs(velocity_px_s) < dp(MIN_FLING_DP_S):
            self.velocity = 0.0
            return False
        self.velocity = math.copysign(min(abs(velocity_px_s), dp(MAX_FLING_DP_S)), velocity_px_s)
        return True

    def step(self, dt_s):
        """Distance (px) travelled in the next ``dt_s`` seconds; stops itself
        when slow enough."""
        if not self.active or dt_s <= 0:
            return 0.0
        decay = math.exp(-DECAY_PER_S * dt_s)
        distance = self.velocity * (1.0 - decay) / DECAY_PER_S  # integral of v(t)
        self.velocity *= decay
        if abs(self.velocity) < dp(STOP_DP_S):
            self.velocity = 0.0
        return distance

    def stop(self):
        """Stop at once (a finger touched the row)."""
        self.velocity = 0.0
