"""The pan knob: -1 (left) .. +1 (right), double tap to centre."""
import math

from kivy.graphics import Color, Ellipse, Line
from kivy.metrics import dp
from kivy.properties import NumericProperty, StringProperty

from .drag import DragControl

#: pixels of horizontal (or vertical) drag for the full -1..+1 range
FULL_RANGE_DP = 160.0
WHEEL_STEP = 0.05
#: knob sweep: 135 degrees either side of the top
SWEEP_DEG = 135.0


def pan_text(pan):
    """Readout of a pan value: ``'C'``, ``'L50'``, ``'R100'``.

    Example
    -------
    >>> pan_text(0.0), pan_text(-0.5), pan_text(1.0)
    ('C', 'L50', 'R100')
    """
    amount = round(abs(pan) * 100)
    if amount == 0:
        return "C"
    return f"{'L' if pan < 0 else 'R'}{amount}"


class PanKnob(DragControl):
    """A rotary pan control; drag right or up to pan right.

    Example
    -------
    >>> knob = PanKnob(size=(48, 48))
    >>> knob.value = -0.25
    """

    value = NumericProperty(0.0)
    """Pan position, -1 (left) .. +1 (right)."""

    text = StringProperty("C")
    """The readout of ``value`` (``'C'``, ``'L25'``, ...)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas:
            Color(0.16, 0.16, 0.18, 1)
            self._body = Ellipse()
            Color(0.35, 0.35, 0.38, 1)
            self._track = Line(width=dp(1.5))
            Color(0.35, 0.75, 1.0, 1)
            self._arc = Line(width=dp(2))
            Color(0.95, 0.95, 0.95, 1)
            self._pointer = Line(width=dp(1.5))
        self.bind(pos=self._redraw, size=self._redraw, value=self._redraw)
        self._redraw()

    def _redraw(self, *_):
        r = min(self.width, self.height) / 2 - dp(3)
        cx, cy = self.center
        self._body.pos = (cx - r, cy - r)
        self._body.size = (2 * r, 2 * r)
        self._track.circle = (cx, cy, r + dp(1), -SWEEP_DEG, SWEEP_DEG)
        angle = self.value * SWEEP_DEG
        lo, hi = sorted((0.0, angle))
        self._arc.circle = (cx, cy, r + dp(1), lo, hi if hi > lo else lo + 0.01)
        rad = math.radians(angle)
        self._pointer.points = [cx + 0.3 * r * math.sin(rad), cy + 0.3 * r * math.cos(rad),
                                cx + 0.9 * r * math.sin(rad), cy + 0.9 * r * math.cos(rad)]
        self.text = pan_text(self.value)

    def _set(self, value):
        self.value = min(max(value, -1.0), 1.0)

    def drag_by(self, dx_px, dy_px, scale):
        self._set(self.value + (dx_px + dy_px) / dp(FULL_RANGE_DP) * 2.0 * scale)

    def reset_value(self):
        self.value = 0.0

    def step(self, direction):
        self._set(self.value + direction * WHEEL_STEP * (0.2 if self.fine else 1.0))
