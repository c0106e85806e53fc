"""A horizontally scrolling row of strips that never steals a control's touch.

A touch that lands on a control (fader, knob, button) belongs to that
control at once - there is no "wait to see if it scrolls" delay, and a
fader drag that wanders sideways never scrolls. A touch that lands anywhere
else in the row (names, waveforms, meters, gaps) scrolls it; so does the
mouse wheel. A swipe released at speed keeps the row moving and slowing
down (kinetic scrolling, :mod:`app.widgets.fling`); any new touch on the row
stops it. The strips sit in a RelativeLayout, so scrolling changes one
translation, not the position of every strip's instructions.
"""
import time

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.metrics import dp
from kivy.properties import ListProperty, NumericProperty
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.stencilview import StencilView

from .fling import Fling, VelocityTracker

WHEEL_STEP_DP = 60.0


class StripRow(StencilView):
    """Holds strips side by side; ``scroll_px`` is the left edge in view.

    ``visible_strips`` lists the strips at least partly in view (updated on
    scroll and resize), so per-frame work touches only what can be seen.

    Example
    -------
    >>> from app.widgets.strip import TrackStrip
    >>> row = StripRow()
    >>> row.add_strip(TrackStrip(model=mixer.tracks[0], mixer=mixer))
    >>> row.scroll_to(400)
    """

    scroll_px = NumericProperty(0.0)
    content_width = NumericProperty(0.0)
    visible_strips = ListProperty()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.content = RelativeLayout(size_hint=(None, None))
        self.add_widget(self.content)
        self.strips = []
        self.fling = Fling()
        self._tracker = None
        self._fling_event = None
        with self.canvas.after:
            Color(1, 1, 1, 0.35)
            self._bar = Rectangle()
        self.bind(pos=self._place, scroll_px=self._place, size=self._resize)

    def add_strip(self, strip):
        """Append ``strip`` (a widget with a fixed width) at the right end."""
        strip.pos = (self.content_width, 0)
        strip.size_hint_y = None
        strip.height = self.height
        self.content.add_widget(strip)
        self.strips.append(strip)
        self.content_width += strip.width
        self._place()

    @property
    def max_scroll(self):
        return max(self.content_width - self.width, 0.0)

    def scroll_to(self, scroll_px):
        """Scroll so that ``scroll_px`` of content is left of the view."""
        self.scroll_px = min(max(float(scroll_px), 0.0), self.max_scroll)

    def _resize(self, *_):
        for strip in self.strips:
            strip.height = self.height
        self._place()

    def _place(self, *_):
        if self.scroll_px > self.max_scroll:
            self.scroll_px = self.max_scroll
            return
        self.content.size = (self.content_width, self.height)
        self.content.pos = (self.x - self.scroll_px, self.y)
        left, right = self.scroll_px, self.scroll_px + self.width
        visible = [s for s in self.strips if s.right > left and s.x < right]
        if visible != self.visible_strips:
            self.visible_strips = visible
        self._draw_bar()

    def _draw_bar(self):
        if self.content_width <= self.width or self.content_width <= 0:
            self._bar.size = (0, 0)
            return
        frac = self.width / self.content_width
        self._bar.pos = (self.x + self.scroll_px / self.content_width * self.width, self.y)
        self._bar.size = (self.width * frac, dp(3))

    def start_fling(self, velocity_px_s):
        """Keep scrolling at ``velocity_px_s`` (content px/s), slowing down."""
        if self.fling.start(velocity_px_s) and self._fling_event is None:
            self._fling_event = Clock.schedule_interval(self.fling_step, 0)

    def fling_step(self, dt_s):
        """Advance a fling by ``dt_s`` seconds (called every frame)."""
        before = self.scroll_px
        self.scroll_to(self.scroll_px + self.fling.step(dt_s))
        if self.scroll_px == before:  # at an end, or slowed to a stop
            self.stop_fling()
            return False
        return True

    def stop_fling(self):
        """Stop a fling at once."""
        self.fling.stop()
        if self._fling_event is not None:
            self._fling_event.cancel()
            self._fling_event = None

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        self.stop_fling()
        if touch.is_mouse_scrolling:
            direction = -1 if touch.button in ("scrollup", "scrollleft") else 1
            if not super().on_touch_down(touch):  # a control under the wheel wins
                self.scroll_to(self.scroll_px + direction * dp(WHEEL_STEP_DP))
            return True
        if super().on_touch_down(touch):
            return True
        touch.grab(self)
        self._tracker = VelocityTracker()
        self._tracker.add(touch.time_update, touch.x)
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is self:
            self.scroll_to(self.scroll_px - touch.dx)
            self._tracker.add(touch.time_update, touch.x)
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            # the release itself is a sample: a finger that stopped first does not fling
            self._tracker.add(touch.time_end if touch.time_end > 0 else time.time(), touch.x)
            self.start_fling(-self._tracker.velocity())  # content moves against the finger
            self._tracker = None
            return True
        return super().on_touch_up(touch)
