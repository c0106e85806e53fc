"""A horizontally scrolling row of strips that never steals a control's touch.

A touch that lands on a control (fader, knob, button) belongs to that
control at once - there is no "wait to see if it scrolls" delay, and a
fader drag that wanders sideways never scrolls. A touch that lands anywhere
else in the row (names, waveforms, meters, gaps) scrolls it; so does the
mouse wheel. The strips sit in a RelativeLayout, so scrolling changes one
translation, not the position of every strip's instructions.
"""
from kivy.graphics import Color, Rectangle
from kivy.metrics import dp
from kivy.properties import ListProperty, NumericProperty
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.stencilview import StencilView

WHEEL_STEP_DP = 60.0


class StripRow(StencilView):
    """Holds strips side by side; ``scroll_px`` is the left edge in view.

    ``visible_strips`` lists the strips at least partly in view (updated on
    scroll and resize), so per-frame work touches only what can be seen.

    Example
    -------
    >>> row = StripRow()  # doctest: +SKIP
    >>> row.add_strip(TrackStrip(model=m, mixer=mixer))  # doctest: +SKIP
    >>> row.scroll_to(400)  # doctest: +SKIP
    """

    scroll_px = NumericProperty(0.0)
    content_width = NumericProperty(0.0)
    visible_strips = ListProperty()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.content = RelativeLayout(size_hint=(None, None))
        self.add_widget(self.content)
        self.strips = []
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

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        if touch.is_mouse_scrolling:
            direction = -1 if touch.button in ("scrollup", "scrollleft") else 1
            if not super().on_touch_down(touch):  # a control under the wheel wins
                self.scroll_to(self.scroll_px + direction * dp(WHEEL_STEP_DP))
            return True
        if super().on_touch_down(touch):
            return True
        touch.grab(self)
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is self:
            self.scroll_to(self.scroll_px - touch.dx)
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch):
        if touch.grab_current is self:
            touch.ungrab(self)
            return True
        return super().on_touch_up(touch)
