"""The middleware panel: pads, states, switches, RTPCs and voices, beside the strips.

Built from the middleware's definitions (a section per subsystem, see
:mod:`app.widgets.mw_sections`) inside a scroll view. The panel listens to
the middleware's change notification (at most one call a frame) and
refreshes only the sections whose domain bit is set; ``rebuild_all=True``
is the baseline that refreshes every section on every notification.

Example
-------
>>> mw = opened.engine.middleware
>>> panel = MiddlewarePanel(mw)
>>> [type(section).__name__ for section in panel.sections]
['PadsSection', 'StatesSection', 'SwitchesSection', 'RtpcSection', 'VoicesSection']
>>> _ = mw.flush()     # the changes of loading the definitions: every section
>>> before = [section.refreshes for section in panel.sections]
>>> mw.rtpc.set("WinAmount", 50); _ = mw.flush()
>>> [section.refreshes - b for section, b in zip(panel.sections, before)]
[0, 0, 0, 1, 0]
"""
from kivy.properties import ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

from .kvload import load_kv
from .mw_sections import SECTIONS, TARGET_DP, EventPad


class PanelScroll(ScrollView):
    """A scroll view whose pads take their touch at once.

    A plain ScrollView holds each touch back while it decides between a
    scroll and a tap, one touch at a time, so two fingers landing together
    on two pads would not both reach them. Touches on pads go straight to
    the pads; the panel scrolls by dragging anywhere else or its bar.
    """

    def on_touch_down(self, touch):
        if self.collide_point(*touch.pos) and self._on_pad(touch):
            touch.push()
            touch.apply_transform_2d(self.to_local)
            handled = Widget.on_touch_down(self, touch)
            touch.pop()
            return handled
        return super().on_touch_down(touch)

    def _on_pad(self, touch):
        return any(isinstance(w, EventPad) and w.collide_point(*w.to_widget(*touch.pos))
                   for w in self.walk(restrict=True))


class MiddlewarePanel(BoxLayout):
    """The panel over ``mw`` (a ``fluxforge.middleware.Middleware``).

    Parameters
    ----------
    mw : Middleware
    rebuild_all : bool
        Refresh every section on every notification (the baseline).
    """

    mw = ObjectProperty(None)

    def __init__(self, mw, rebuild_all=False, **kwargs):
        if mw is None:
            raise ValueError("MiddlewarePanel needs mw=")
        super().__init__(mw=mw, **kwargs)
        self.rebuild_all = rebuild_all
        self.sections = [cls(mw=mw) for cls in SECTIONS]
        for section in self.sections:
            self.ids.body.add_widget(section)
        self.pads = self.sections[0]
        mw.add_listener(self.on_change)

    def section(self, cls):
        """The section of class ``cls``."""
        return next(s for s in self.sections if isinstance(s, cls))

    def on_change(self, _mask):
        """The middleware's notification: refresh the sections whose domain changed."""
        for section in self.sections:
            if self.rebuild_all or self.mw.did_change(section.DOMAIN):
                section.refresh()

    def detach(self):
        """Stop listening (the surface goes away)."""
        self.mw.remove_listener(self.on_change)


load_kv("mw_panel", TARGET_DP=TARGET_DP)
