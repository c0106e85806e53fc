"""The transport bar: rewind, play, stop, loop, position, seek bar, fine mode.

Layout and bindings: transport.kv beside this file. The buttons call the mixer model's
transport methods; the position readout binds to ``position_frames`` only.
"""
from kivy.graphics import Color, Rectangle
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from ..formatting import format_position
from .kvload import load_kv


class SeekBar(Widget):
    """Shows ``fraction`` of the session played; touching it seeks.

    Dispatches ``on_seek(fraction)`` while a finger drags on it.

    Example
    -------
    >>> bar = SeekBar(fraction=0.25)
    """

    fraction = NumericProperty(0.0)
    __events__ = ("on_seek",)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        with self.canvas:
            Color(0.08, 0.08, 0.09, 1)
            self._bg = Rectangle()
            Color(0.35, 0.75, 1.0, 0.8)
            self._done = Rectangle()
        self.bind(pos=self._redraw, size=self._redraw, fraction=self._redraw)

    def _redraw(self, *_):
        self._bg.pos, self._bg.size = self.pos, self.size
        self._done.pos = self.pos
        self._done.size = (self.width * min(max(self.fraction, 0.0), 1.0), self.height)

    def _seek_to(self, touch):
        self.dispatch("on_seek", min(max((touch.x - self.x) / max(self.width, 1), 0.0), 1.0))

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos) or touch.is_mouse_scrolling:
            return False
        touch.grab(self)
        self._seek_to(touch)
        return True

    def on_touch_move(self, touch):
        if touch.grab_current is not self:
            return False
        self._seek_to(touch)
        return True

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        return True

    def on_seek(self, fraction):
        """Default handler (Kivy requires one per event); the kv rule binds
        ``on_seek`` to the model's ``seek_fraction``."""


class TransportBar(BoxLayout):
    """Transport controls for ``model`` (a :class:`MixerModel`).

    ``status_text`` says how audio is played (device name or offline clock).
    The Save button dispatches ``on_save``; whoever owns the session file
    binds it (the bar itself knows no files).

    Example
    -------
    >>> bar = TransportBar(model=mixer, status_text="Audio: system")
    >>> saved = []
    >>> bar.bind(on_save=saved.append)
    >>> bar.dispatch("on_save"); saved == [bar]
    True
    """

    model = ObjectProperty(None)
    status_text = StringProperty("")
    __events__ = ("on_save",)

    def __init__(self, **kwargs):
        if kwargs.get("model") is None:
            raise ValueError("TransportBar needs model=")
        super().__init__(**kwargs)

    def on_save(self):
        """Default handler (Kivy requires one per event)."""


load_kv("transport", format_position=format_position)
