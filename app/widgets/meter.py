"""Stereo level meter drawn as canvas instructions, and its clip light.

The meter owns no data: once per frame the surface hands it one row of the
model's preallocated display array (fractions of the meter scale) and the
meter resizes six rectangles. No widget per bar, no property dispatch.
"""
import numpy as np
from kivy.graphics import Color, Mesh, Rectangle
from kivy.metrics import dp
from kivy.properties import BooleanProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.widget import Widget

from ..meter_state import HOLD_L, PEAK_L, RMS_L
from ..meter_state import ROWS as DISPLAY_COLUMNS
from ..taper import METER_MARKS_DB, meter_db_to_position
from .textures import meter_gradient


class StereoMeter(Widget):
    """Two bars (L, R): dim peak bar, bright RMS bar, peak-hold line.

    Example
    -------
    >>> m = StereoMeter(size=(20, 300))
    >>> m.show(np.array([[0.9], [0.8], [0.6], [0.5], [0.95], [0.9]]), 0)
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        gradient = meter_gradient()
        self._shown = (np.zeros((DISPLAY_COLUMNS, 1)), 0)
        self._bars = [(0.0, 0.0), (0.0, 0.0)]
        self._hold_px = dp(2)
        self._drawn = None
        with self.canvas:
            Color(0.05, 0.05, 0.06, 1)
            self._bg = Rectangle()
            Color(0.3, 0.3, 0.33, 1)
            self._marks = Mesh(mode="lines")
            Color(1, 1, 1, 0.45)
            self._peak = [Rectangle(texture=gradient) for _ in range(2)]
            Color(1, 1, 1, 1)
            self._rms = [Rectangle(texture=gradient) for _ in range(2)]
            Color(1, 1, 1, 0.9)
            self._hold = [Rectangle() for _ in range(2)]
        self.bind(pos=self._relayout, size=self._relayout)

    def _relayout(self, *_):
        self._bg.pos, self._bg.size = self.pos, self.size
        vertices = []
        for db in METER_MARKS_DB:
            y = self.y + meter_db_to_position(db) * self.height
            vertices += [self.x, y, 0, 0, self.right, y, 0, 0]
        self._marks.vertices = vertices
        self._marks.indices = list(range(len(vertices) // 4))
        gap = dp(1)
        bar_w = (self.width - 3 * gap) / 2
        # (x, width) of the two bars, and the hold line's height, for show()
        self._bars = [(self.x + gap + ch * (bar_w + gap), bar_w) for ch in (0, 1)]
        self._hold_px = dp(2)
        self._drawn = None
        self.show(*self._shown)

    def show(self, display, column):
        """Draw column ``column`` of ``display`` (rows: fractions 0..1 of the
        scale in the order of ``DISPLAY_COLUMNS``); unchanged levels cost
        one comparison."""
        self._shown = (display, column)
        levels = display[:, column].tolist()
        if levels == self._drawn:
            return
        self._drawn = levels
        y0, height, hold_px = self.y, self.height, self._hold_px
        for ch, (x, w) in enumerate(self._bars):
            for bar, frac in ((self._peak[ch], levels[PEAK_L + ch]), (self._rms[ch], levels[RMS_L + ch])):
                bar.pos = (x, y0)
                bar.size = (w, height * frac)
                bar.tex_coords = (0, 0, 1, 0, 1, frac, 0, frac)
            hold = levels[HOLD_L + ch]
            self._hold[ch].pos = (x, y0 + height * hold - hold_px / 2)
            self._hold[ch].size = (w, hold_px if hold > 0 else 0)


class ClipLight(ButtonBehavior, Widget):
    """Red once the channel clipped; stays lit until tapped (``on_release``).

    Example
    -------
    >>> light = ClipLight(clipped=True)
    """

    clipped = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas:
            self._color = Color(0.25, 0.08, 0.08, 1)
            self._rect = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, clipped=self._redraw)
        self._redraw()

    def _redraw(self, *_):
        self._rect.pos, self._rect.size = self.pos, self.size
        self._color.rgba = (1.0, 0.15, 0.1, 1) if self.clipped else (0.25, 0.08, 0.08, 1)
