"""The whole mixing surface: transport bar, scrolling strips, middleware panel, master strip."""
import gc
from contextlib import contextmanager

from kivy.graphics import Color, Rectangle
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout

from .strip import BusStrip, MasterStrip, TrackStrip
from .strip_row import StripRow
from .transport import TransportBar


@contextmanager
def _gc_paused():
    """Building strips makes thousands of small cyclic Kivy objects; pausing
    the cycle collector meanwhile makes a 64-strip surface build ~3x faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class MixerSurface(BoxLayout):
    """Everything the engineer sees, built from one :class:`MixerModel`.

    With ``mw`` (a ``fluxforge.middleware.Middleware`` with events) the
    middleware panel sits between the strip row and the master strip.
    Once per frame (the model's ``on_meters`` event) it redraws the meters
    and playheads of the strips in view, and nothing else.

    Example
    -------
    >>> surface = window.mount(MixerSurface(model=mixer))
    >>> len(surface.model.tracks), surface.model.playing
    (3, False)
    """

    model = ObjectProperty(None)

    def __init__(self, model, status_text="", mw=None, **kwargs):
        super().__init__(orientation="vertical", model=model, **kwargs)
        with self.canvas.before:
            Color(0.07, 0.07, 0.08, 1)
            self._background = Rectangle()
        self.bind(pos=self._fill, size=self._fill)
        self.transport = TransportBar(model=model, status_text=status_text)
        self.add_widget(self.transport)
        body = BoxLayout(orientation="horizontal")
        self.row = StripRow()
        with _gc_paused():
            self.track_strips = [TrackStrip(model=m, mixer=model) for m in model.tracks]
            self.bus_strips = [BusStrip(model=m, mixer=model) for m in model.buses]
        for strip in self.track_strips + self.bus_strips:
            self.row.add_strip(strip)
        self.master_strip = MasterStrip(model=model.master, mixer=model)
        body.add_widget(self.row)
        self.panel = None
        if mw is not None and mw.events.defs:
            from .mw_panel import MiddlewarePanel
            self.panel = MiddlewarePanel(mw)
            body.add_widget(self.panel)
        body.add_widget(self.master_strip)
        self.add_widget(body)
        model.bind(on_meters=self.redraw_meters)

    def _fill(self, *_):
        self._background.pos, self._background.size = self.pos, self.size

    def redraw_meters(self, model):
        """Redraw meters and playheads of the visible strips (once a frame)."""
        display = model.meters.display
        position = model.position_frames
        for strip in self.row.visible_strips:
            strip.show_meters(display)
            if isinstance(strip, TrackStrip):
                frames = strip.model.frames
                strip.show_playhead(position / frames if 0 < frames and position <= frames else -1.0)
        self.master_strip.show_meters(display)
