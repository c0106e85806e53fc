"""Musical time of a playing segment: beat and bar boundaries in frames.

A segment starts at frame ``t0``; its content position advances one frame per
frame, and a looping segment jumps from ``loop_end`` back to ``loop_start``
(frames of the clip). Beats are ``60 * rate / tempo_bpm`` frames of content
(the meter's denominator note at the tempo), bars ``meter[0]`` beats. The
next boundary after frame ``now`` is the first beat (or bar) of content at or
after the current position; in a loop it is at most the loop end (where the
music jumps back to the loop start).

Example
-------
>>> g = Grid(t0=1000, tempo_bpm=120, meter=(4, 4), samplerate=48000, length=10 * 48000)
>>> g.next_boundary(1000, "beat"), g.next_boundary(1001, "beat"), g.next_boundary(1001, "bar")
(1000, 25000, 97000)
"""
import math

SYNCS = ("immediate", "beat", "bar", "end")


class Grid:
    """Beat grid of one segment instance (all values in frames)."""

    __slots__ = ("t0", "beat", "bar", "length", "loop_start", "loop_end", "loop")

    def __init__(self, t0, tempo_bpm, meter, samplerate, length, loop=False, loop_start=0,
                 loop_end=None):
        self.t0 = int(t0)
        self.beat = 60.0 * samplerate / tempo_bpm
        self.bar = self.beat * meter[0]
        self.length = int(length)
        self.loop = loop
        self.loop_start = int(loop_start)
        self.loop_end = self.length if loop_end is None else int(loop_end)

    def position(self, frame):
        """Content frame of the segment at absolute ``frame``."""
        d = frame - self.t0
        if not self.loop or d < self.loop_end:
            return d
        return self.loop_start + (d - self.loop_end) % (self.loop_end - self.loop_start)

    def next_boundary(self, now, sync):
        """Absolute frame of the next ``sync`` point (immediate, beat, bar or end) at or after ``now``."""
        now = int(now)
        if sync == "immediate" or now < self.t0:
            return max(now, self.t0) if sync != "immediate" else now
        p = self.position(now)
        limit = self.loop_end if self.loop else self.length
        if sync == "end":
            return now + max(0, limit - p)
        unit = self.beat if sync == "beat" else self.bar
        k = math.ceil(p / unit - 1e-9)
        target = int(round(k * unit))
        if target < p:
            target = int(round((k + 1) * unit))
        return now + (min(target, limit) - p)
