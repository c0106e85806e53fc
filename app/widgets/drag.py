"""Touch ownership for drag controls (faders, pan knobs).

A finger that lands on a control grabs it (Kivy touch grab), so it owns that
control until it lifts, and several fingers can move several controls at
once. A touch that misses every control is left to the strip row, which
scrolls; a touch that starts on a control never scrolls the row.
Double taps are detected here (a tap - a touch that did not travel - then a
touch-down close to it in time and place, on the same control) so they work
with mouse, touch and test touches alike.
"""
import math

from kivy.metrics import dp
from kivy.properties import BooleanProperty
from kivy.uix.widget import Widget

DOUBLE_TAP_S = 0.3
DOUBLE_TAP_DISTANCE_DP = 24.0
#: a fine-mode drag moves the value this many times slower
FINE_RATIO = 0.1


class DragControl(Widget):
    """Base for controls moved by dragging.

    Subclasses implement ``drag_by(dx_px, dy_px, scale)`` (``scale`` is 1 or
    ``FINE_RATIO``), ``reset_value()`` (double tap) and ``step(direction)``
    (mouse wheel, ``+1`` or ``-1``).

    Example
    -------
    >>> class Knob(DragControl):
    ...     def drag_by(self, dx, dy, scale): ...
    """

    fine = BooleanProperty(False)
    """Fine mode: drags move the value ``FINE_RATIO`` times slower."""

    dragging = BooleanProperty(False)
    """True while a finger owns this control."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._last_tap = None  # (time, x, y) of the previous touch-down

    def on_touch_down(self, touch):
        if self.disabled or not self.collide_point(*touch.pos):
            return False
        if touch.is_mouse_scrolling:
            if touch.button not in ("scrollup", "scrolldown"):
                return False  # sideways wheel / trackpad swipe: the row scrolls
            self.step(+1 if touch.button == "scrollup" else -1)
            return True
        if self.dragging:
            return True  # another finger owns this control: ignore, but do not pass it on
        if self._is_double_tap(touch):
            self._last_tap = None
            self.reset_value()
            return True
        self._last_tap = None
        touch.grab(self)
        self.dragging = True
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return False
        self.drag_by(touch.dx, touch.dy, FINE_RATIO if self.fine else 1.0)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self.dragging = False
        moved = math.hypot(touch.x - touch.ox, touch.y - touch.oy)
        # only a tap (a touch that did not travel) can be the first of a double tap
        self._last_tap = (touch.time_start, touch.x, touch.y) if moved <= dp(DOUBLE_TAP_DISTANCE_DP) / 2 else None
        return True

    def _is_double_tap(self, touch):
        if getattr(touch, "is_double_tap", False):
            return True
        if self._last_tap is None:
            return False
        t0, x0, y0 = self._last_tap
        return (touch.time_start - t0 <= DOUBLE_TAP_S
                and math.hypot(touch.x - x0, touch.y - y0) <= dp(DOUBLE_TAP_DISTANCE_DP))

    def drag_by(self, dx_px, dy_px, scale):
        raise NotImplementedError(f"{type(self).__name__} must implement drag_by")

    def reset_value(self):
        raise NotImplementedError(f"{type(self).__name__} must implement reset_value")

    def step(self, direction):
        raise NotImplementedError(f"{type(self).__name__} must implement step")
