"""The middleware panel's sections; each redraws only for its own change domain.

Every section has a ``DOMAIN`` (a bit of :mod:`fluxforge.middleware`'s
change mask), is built once from the middleware's definitions and keeps a
``refreshes`` count: :meth:`Section.refresh` runs only when the panel's
change notification has that bit set. Widgets act through the middleware
(post, stop, set); none calls the engine. Layout: app/mw_panel.kv.
"""
from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.slider import Slider
from kivy.uix.togglebutton import ToggleButton

from fluxforge.middleware import RTPC, STATES, SWITCHES, VOICES

#: touch targets are at least 9 mm: 56 dp is 8.9 mm at 160 dp per inch; 58 dp rounds up
TARGET_DP = 58
LONG_PRESS_S = 0.6
STOP_FADE_MS = 300.0


class Section(BoxLayout):
    """A titled block of the panel over ``mw`` (a ``fluxforge.middleware.Middleware``)."""

    DOMAIN = 0
    mw = ObjectProperty(None)
    title = StringProperty("")
    refreshes = NumericProperty(0)

    def __init__(self, mw, **kwargs):
        super().__init__(mw=mw, **kwargs)
        self.build()
        self.refresh()

    def build(self):
        """Create the widgets from the definitions (once)."""

    def refresh(self):
        """Show the current values (the domain changed)."""
        self.refreshes += 1


class EventPad(Button):
    """One pad: a tap posts ``event``; a long press stops it with a fade."""

    event = StringProperty("")
    playing = NumericProperty(0)
    mw = ObjectProperty(None)

    def on_touch_down(self, touch):
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        touch.ud[self] = Clock.schedule_once(lambda _dt: self.long_press(touch), LONG_PRESS_S)
        self.state = "down"
        return True

    def long_press(self, touch):
        touch.ud[self] = None
        self.mw.stop_event(self.event, fade_ms=STOP_FADE_MS)

    def on_touch_up(self, touch):
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self.state = "normal"
        pending = touch.ud.get(self)
        if pending is not None:
            pending.cancel()
            self.mw.post_event(self.event)
        return True


class PadsSection(Section):
    """One pad per event, each showing its playing-instance count."""

    DOMAIN = VOICES

    def build(self):
        self.pads = {}
        grid = self.ids.grid
        for name in self.mw.events.defs:
            pad = EventPad(event=name, mw=self.mw)
            self.pads[name] = pad
            grid.add_widget(pad)

    def refresh(self):
        super().refresh()
        for name, pad in self.pads.items():
            pad.playing = len(self.mw.instances(name))


class Segmented(BoxLayout):
    """A segmented control: one toggle per choice; ``on_choose(choice)`` when tapped."""

    def __init__(self, key, choices, on_choose, **kwargs):
        super().__init__(size_hint_y=None, height=dp(TARGET_DP), spacing=dp(2), **kwargs)
        self.buttons = {}
        for choice in choices:
            button = ToggleButton(text=choice, group=key, allow_no_selection=False,
                                  size_hint_y=None, height=dp(TARGET_DP))
            button.bind(on_release=lambda _b, c=choice: on_choose(c))
            self.buttons[choice] = button
            self.add_widget(button)

    def show(self, current):
        for choice, button in self.buttons.items():
            button.state = "down" if choice == current else "normal"


def _row_label(text):
    return Label(text=text, size_hint_y=None, height=dp(20), font_size="12sp",
                 halign="left", text_size=(dp(260), None), color=(0.75, 0.75, 0.8, 1))


class StatesSection(Section):
    """One segmented control per state group, showing the current state."""

    DOMAIN = STATES

    def build(self):
        self.controls = {}
        for name, group in self.mw.states.groups.items():
            self.add_widget(_row_label(name))
            control = Segmented(name, group.states,
                                lambda c, g=name: self.mw.states.set(g, c))
            self.controls[name] = control
            self.add_widget(control)

    def refresh(self):
        super().refresh()
        for name, control in self.controls.items():
            control.show(self.mw.states.get(name))


class SwitchesSection(Section):
    """One segmented control per switch group and game object (None: the global one).

    A game object seen for the first time adds its rows at the next refresh.
    """

    DOMAIN = SWITCHES

    def build(self):
        self.controls = {}
        self.objects = []
        self._add_rows(None)

    def _add_rows(self, obj):
        self.objects.append(obj)
        for name, group in self.mw.switches.groups.items():
            self.add_widget(_row_label(name if obj is None else f"{name} ({obj})"))
            control = Segmented(f"{name}/{obj}", group.switches,
                                lambda c, g=name, o=obj: self.mw.switches.set(g, c, o))
            self.controls[(name, obj)] = control
            self.add_widget(control)

    def refresh(self):
        super().refresh()
        for obj in sorted(set(self.mw.switches.game_objects) - set(self.objects), key=str):
            self._add_rows(obj)
        for (name, obj), control in self.controls.items():
            control.show(self.mw.switches.get(name, obj))


class RtpcRow(BoxLayout):
    """A slider setting an RTPC's target, and a bar showing the slewed value."""

    name = StringProperty("")
    target = NumericProperty(0.0)
    value = NumericProperty(0.0)
    low = NumericProperty(0.0)
    high = NumericProperty(1.0)


class RtpcSection(Section):
    """One slider per RTPC; while a value slews its bar follows at 30 frames a second."""

    DOMAIN = RTPC

    def build(self):
        self.rows = {}
        for name, p in self.mw.rtpc.params.items():
            row = RtpcRow(name=name, low=p.min, high=p.max, target=p.default, value=p.default)
            row.ids.slider.bind(value=lambda _s, v, n=name: self._drag(n, v))
            self.rows[name] = row
            self.add_widget(row)
        self._follow = None

    def _drag(self, name, value):
        if value != self.rows[name].target:
            self.mw.rtpc.set(name, value)

    def refresh(self):
        super().refresh()
        self.show_values()
        if self._follow is None:
            self._follow = Clock.schedule_interval(self.show_values, 1 / 30)

    def show_values(self, _dt=None):
        """Show every RTPC's target and current (slewed) value; stop following when settled."""
        rtpc, now = self.mw.rtpc, self.mw.now_frame()
        moving = False
        for name, row in self.rows.items():
            row.target = rtpc.target(name)
            row.value = rtpc.get(name)
            moving = moving or rtpc.slewing(name, now)
        if not moving and self._follow is not None and _dt is not None:
            self._follow.cancel()
            self._follow = None


class VoicesSection(Section):
    """Voices readout: active / limit, steals, overflow."""

    DOMAIN = VOICES
    text = StringProperty("")

    def refresh(self):
        super().refresh()
        pool = self.mw.voices
        stats = pool.stats()
        limit = sum(pool.limits(name)["max"] or 0 for name in self.mw.events.defs)
        self.text = (f"voices {stats['active']} / {limit}   steals {stats['steals']}   "
                     f"overflow {stats['overflow']}")


SECTIONS = (PadsSection, StatesSection, SwitchesSection, RtpcSection, VoicesSection)
