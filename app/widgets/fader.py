"""The channel fader: dB taper, 0.1 dB steps, double tap to 0 dB, fine mode."""
import math

from kivy.graphics import Color, Mesh, Rectangle, RoundedRectangle
from kivy.metrics import dp, sp
from kivy.properties import NumericProperty

from ..taper import (FADER_MARKS_DB, MAX_DB, db_to_position, format_db,
                       position_to_db)
from .drag import DragControl
from .textures import text_texture

CAP_HEIGHT_DP = 36.0
WHEEL_STEP_DB = 0.5


class Fader(DragControl):
    """A vertical fader showing and editing ``value_db`` (-inf .. +6 dB).

    Dragging is relative (the cap does not jump to the finger): a drag of
    the full travel moves the whole taper, 1/10 of that in fine mode. Double
    tap sets 0 dB; the mouse wheel steps 0.5 dB (0.1 dB in fine mode).

    Example
    -------
    >>> f = Fader(size=(60, 300))
    >>> f.value_db = -6.0
    """

    value_db = NumericProperty(0.0)
    """Gain in dB, ``float('-inf')`` at the bottom, at most ``MAX_DB``."""

    def __init__(self, **kwargs):
        self._drag_position = None
        super().__init__(**kwargs)
        with self.canvas:
            Color(0.08, 0.08, 0.09, 1)
            self._groove = RoundedRectangle(radius=[dp(2)])
            Color(0.55, 0.55, 0.6, 1)
            self._ticks = Mesh(mode="lines")
            self._labels = [Rectangle(texture=text_texture(self._mark_text(db), sp(9)))
                            for db in FADER_MARKS_DB]
            Color(0.78, 0.78, 0.8, 1)
            self._cap = RoundedRectangle(radius=[dp(3)])
            Color(0.1, 0.1, 0.1, 1)
            self._cap_line = Rectangle()
        self.bind(pos=self._redraw_scale, size=self._redraw_scale)
        self.bind(value_db=self._redraw_cap)

    @staticmethod
    def _mark_text(gain_db):
        return "0" if gain_db == 0 else f"{gain_db:+.0f}"

    @property
    def travel(self):
        """Pixels between the lowest and highest cap position."""
        return max(self.height - dp(CAP_HEIGHT_DP), 1.0)

    @property
    def groove_x(self):
        return self.x + self.width * 0.62

    def _y_of(self, position):
        return self.y + dp(CAP_HEIGHT_DP) / 2 + position * self.travel

    def _redraw_scale(self, *_):
        gx = self.groove_x
        self._groove.pos = (gx - dp(2), self.y + dp(CAP_HEIGHT_DP) / 2)
        self._groove.size = (dp(4), self.travel)
        vertices = []
        for rect, db in zip(self._labels, FADER_MARKS_DB):
            y = self._y_of(db_to_position(db))
            vertices += [gx - dp(10), y, 0, 0, gx + dp(10), y, 0, 0]
            w, h = rect.texture.size
            rect.size = (w, h)
            rect.pos = (max(self.x, gx - dp(12) - w), y - h / 2)
        self._ticks.vertices = vertices
        self._ticks.indices = list(range(len(vertices) // 4))
        self._redraw_cap()

    def _redraw_cap(self, *_):
        y = self._y_of(db_to_position(self.value_db))
        w = min(self.width * 0.6, dp(40))
        x = self.groove_x - w / 2
        self._cap.pos = (x, y - dp(CAP_HEIGHT_DP) / 2)
        self._cap.size = (w, dp(CAP_HEIGHT_DP))
        self._cap_line.pos = (x, y - dp(1))
        self._cap_line.size = (w, dp(2))

    def drag_by(self, dx_px, dy_px, scale):
        if self._drag_position is None:
            self._drag_position = db_to_position(self.value_db)
        self._drag_position = min(max(self._drag_position + dy_px / self.travel * scale, 0.0), 1.0)
        self.value_db = position_to_db(self._drag_position)

    def on_touch_up(self, touch):
        handled = super().on_touch_up(touch)
        if handled:
            self._drag_position = None
        return handled

    def reset_value(self):
        self.value_db = 0.0

    def step(self, direction):
        step_db = WHEEL_STEP_DB * (0.2 if self.fine else 1.0)
        if not math.isfinite(self.value_db):
            if direction > 0:
                self.value_db = -60.0
            return
        new_db = min(self.value_db + direction * step_db, MAX_DB)
        self.value_db = new_db if new_db >= -60.0 else -math.inf

    @property
    def readout(self):
        """The value as the strip's readout shows it (0.1 dB)."""
        return format_db(self.value_db)
