"""Live loudness on the surface: the engine's figures as text, refreshed once per frame.

The mixer model reads every bus's live loudness with ONE ``read_loudness``
call per frame into :attr:`LoudnessState.rows` (preallocated) and calls
:meth:`LoudnessState.refresh`. A text is formatted again only when its value
moved by ``STEP_LU`` (0.1) or more, or appeared or went away, so a steady
programme costs nine comparisons per frame and dispatches nothing. The
master shows momentary, short-term and integrated loudness and true peak
against a target chosen among ``TARGETS_LUFS``; each bus strip shows its
short-term loudness (``StripModel.short_term_text``).
"""
import math

import numpy as np
from kivy.event import EventDispatcher
from kivy.properties import ColorProperty, NumericProperty, StringProperty

from fluxforge.engine.loudness import (INTEGRATED_LUFS, LOUDNESS_SHAPE, LRA_LU, MOMENTARY_LUFS,
                                       SHORT_TERM_LUFS, TRUE_PEAK_DBTP)

#: loudness targets the master compares with: broadcast (EBU R128), mobile, streaming
TARGETS_LUFS = (-23.0, -16.0, -14.0)
#: integrated loudness within this many LU of the target is on target (green)
ON_TARGET_LU = 1.0
#: within this many LU it is near (amber); further away it is off target (red)
NEAR_TARGET_LU = 3.0
#: a true peak above this is over the delivery ceiling (red)
TRUE_PEAK_CEILING_DBTP = -1.0
#: smallest change that re-formats a reading
STEP_LU = 0.1
#: the text of no reading (silence, or not measured yet)
NO_READING = "\u2014"

ON_TARGET_COLOR = (0.35, 0.85, 0.4, 1)
NEAR_TARGET_COLOR = (1.0, 0.7, 0.15, 1)
OFF_TARGET_COLOR = (0.95, 0.3, 0.25, 1)
IDLE_COLOR = (0.6, 0.6, 0.65, 1)
TEXT_COLOR = (0.9, 0.9, 0.92, 1)

#: the master's readings, in the order of ``LoudnessState._shown``
_MASTER = ((MOMENTARY_LUFS, "momentary_text"), (SHORT_TERM_LUFS, "short_term_text"),
           (INTEGRATED_LUFS, "integrated_text"), (TRUE_PEAK_DBTP, "true_peak_text"))


def format_reading(value):
    """A reading with 0.1 resolution; no reading (-inf silence, NaN off) is a dash.

    Example
    -------
    >>> format_reading(-23.04), format_reading(0.26), format_reading(float("-inf"))
    ('-23.0', '+0.3', '—')
    """
    if not math.isfinite(value):
        return NO_READING
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def target_color(integrated_lufs, target_lufs):
    """Colour of the integrated reading against the target.

    Example
    -------
    >>> [target_color(x, -16.0) == c for x, c in ((-16.8, ON_TARGET_COLOR),
    ...     (-13.5, NEAR_TARGET_COLOR), (-23.0, OFF_TARGET_COLOR))]
    [True, True, True]
    """
    if not math.isfinite(integrated_lufs):
        return IDLE_COLOR
    distance = abs(integrated_lufs - target_lufs)
    if distance <= ON_TARGET_LU + 1e-9:
        return ON_TARGET_COLOR
    return NEAR_TARGET_COLOR if distance <= NEAR_TARGET_LU + 1e-9 else OFF_TARGET_COLOR


def _moved(new, old):
    """True when a reading must be shown again."""
    if math.isfinite(new) and math.isfinite(old):
        return abs(new - old) >= STEP_LU - 1e-9
    return not (new == old or (math.isnan(new) and math.isnan(old)))


class LoudnessState(EventDispatcher):
    """The surface's loudness readings (see the module docstring).

    Parameters
    ----------
    bus_strips : sequence of StripModel
        The strips of buses 1..5, in bus order (their ``short_term_text``).

    Example
    -------
    >>> state = LoudnessState([])
    >>> state.rows[0] = [-23.04, -23.1, -22.96, 0.0, -1.5, -22.0, -22.5]
    >>> state.refresh()
    >>> state.momentary_text, state.integrated_text, state.true_peak_text
    ('-23.0', '-23.0', '-1.5')
    >>> tuple(state.integrated_color) == ON_TARGET_COLOR
    True
    >>> state.cycle_target()
    -16.0
    """

    target_lufs = NumericProperty(TARGETS_LUFS[0])
    momentary_text = StringProperty(NO_READING)
    short_term_text = StringProperty(NO_READING)
    integrated_text = StringProperty(NO_READING)
    true_peak_text = StringProperty(NO_READING)
    integrated_color = ColorProperty(IDLE_COLOR)
    true_peak_color = ColorProperty(TEXT_COLOR)

    def __init__(self, bus_strips, **kwargs):
        super().__init__(**kwargs)
        self.bus_strips = list(bus_strips)
        self.rows = np.full(LOUDNESS_SHAPE, -np.inf)
        # shown values: the master's four readings, then each bus's short-term
        self._shown = [-math.inf] * (len(_MASTER) + len(self.bus_strips))
        self.formats = 0
        """Readings formatted so far (a frame with nothing moving adds none)."""

    def refresh(self):
        """Show what moved since the last frame (``rows`` was just read)."""
        shown, master = self._shown, self.rows[0]
        for i, (column, name) in enumerate(_MASTER):
            value = float(master[column])
            if _moved(value, shown[i]):
                shown[i] = value
                setattr(self, name, format_reading(value))
                self.formats += 1
                if column == INTEGRATED_LUFS:
                    self.integrated_color = target_color(value, self.target_lufs)
                elif column == TRUE_PEAK_DBTP:
                    over = value > TRUE_PEAK_CEILING_DBTP
                    self.true_peak_color = OFF_TARGET_COLOR if over else TEXT_COLOR
        for j, strip in enumerate(self.bus_strips, start=len(_MASTER)):
            value = float(self.rows[j - len(_MASTER) + 1, SHORT_TERM_LUFS])
            if _moved(value, shown[j]):
                shown[j] = value
                strip.short_term_text = format_reading(value)
                self.formats += 1

    def cycle_target(self):
        """Choose the next target of ``TARGETS_LUFS``; returns it."""
        index = TARGETS_LUFS.index(self.target_lufs) if self.target_lufs in TARGETS_LUFS else -1
        self.target_lufs = TARGETS_LUFS[(index + 1) % len(TARGETS_LUFS)]
        self.integrated_color = target_color(self._shown[2], self.target_lufs)
        return self.target_lufs

    def clear(self):
        """Show no reading at all (a new measurement has just started)."""
        self.rows[:] = -np.inf
        self.rows[:, LRA_LU] = 0.0
        self.refresh()
