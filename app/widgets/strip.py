"""Channel strips: track, bus and master. Layout and bindings: strip.kv beside this file.

A strip is built with its ``model`` (a :class:`app.strip_model.StripModel`)
and ``mixer`` (the :class:`app.mixer_model.MixerModel`) and keeps them for
life; its sections are created with the same two, so every kv binding sees a
real model from the first evaluation.
"""
from kivy.metrics import dp
from kivy.uix.button import Button
from kivy.uix.dropdown import DropDown

from ..taper import format_db
from .colors import IMPLICIT_MUTE_COLOR, MUTE_COLOR, OFF_COLOR, SOLO_COLOR
from .fader import Fader  # noqa: F401  (kv classes)
from .kvload import load_kv
from .loudness import LoudnessSection
from .meter import ClipLight, StereoMeter  # noqa: F401
from .pan_knob import PanKnob  # noqa: F401
from .strip_part import StripPart
from .waveform import Waveform  # noqa: F401


class PanSection(StripPart):
    """Pan knob and its readout."""


class MuteSolo(StripPart):
    """Mute (with the implied-by-solo indicator) and solo buttons."""


class FaderSection(StripPart):
    """Clip light, fader, meter and the 0.1 dB readout."""


class ChannelStrip(StripPart):
    """Base of every strip; subclasses list their ``SECTIONS`` top to bottom.

    Example
    -------
    >>> strip = TrackStrip(model=mixer.tracks[0], mixer=mixer)
    >>> strip.fader.value_db
    0.0
    """

    SECTIONS = (PanSection, MuteSolo, FaderSection)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for section in self.SECTIONS:
            self.add_widget(section(model=self.model, mixer=self.mixer))
        faders = self.children[0]
        self.fader = faders.ids.fader
        self.meter = faders.ids.meter
        self.clip_light = faders.ids.clip_light

    def show_meters(self, display):
        """Redraw this strip's meter from the model's display array."""
        self.meter.show(display, int(self.model.index))


class TrackStrip(ChannelStrip):
    """A track: name, waveform, bus selector, pan, mute, solo, fader, meter.

    Example
    -------
    >>> TrackStrip(model=mixer.tracks[0], mixer=mixer).show_playhead(0.5)
    """

    def show_playhead(self, fraction):
        """Move the overview playhead to ``fraction`` of the clip (< 0 hides it)."""
        self.ids.waveform.set_playhead(fraction)

    def open_bus_menu(self, button):
        """Open the bus selector under ``button``; returns the menu."""
        menu = BusMenu(self.model, self.mixer.bus_names)
        menu.open(button)
        return menu


class BusStrip(ChannelStrip):
    """A bus: name, short-term loudness, ducking, pan (balance), mute, solo, fader, meter.

    Example
    -------
    >>> BusStrip(model=mixer.buses[0], mixer=mixer).model.name
    'Music'
    """


class MasterStrip(ChannelStrip):
    """The master output: name, loudness (see :mod:`app.widgets.loudness`), fader and meter.

    Example
    -------
    >>> MasterStrip(model=mixer.master, mixer=mixer).model.name
    'Master'
    """

    SECTIONS = (LoudnessSection, FaderSection)


class BusMenu(DropDown):
    """The bus selector: one item per bus; choosing one routes the strip.

    A fresh menu is made each time it opens (six buttons), so no menu
    outlives the strip it was opened from.

    Example
    -------
    >>> strip = window.mount(TrackStrip(model=mixer.tracks[0], mixer=mixer))
    >>> menu = BusMenu(mixer.tracks[0], mixer.bus_names)
    >>> menu.open(strip)
    """

    def __init__(self, strip_model, names, **kwargs):
        super().__init__(**kwargs)
        self.target = strip_model
        for bus, name in enumerate(names):
            item = Button(text=name, size_hint_y=None, height=dp(36))
            item.bind(on_release=lambda _b, bus=bus: self.choose(bus))
            self.add_widget(item)

    def choose(self, bus):
        """Route the target strip to ``bus`` and close."""
        self.target.bus = bus
        self.dismiss()


load_kv("strip", format_db=format_db, MUTE_COLOR=MUTE_COLOR,
        IMPLICIT_MUTE_COLOR=IMPLICIT_MUTE_COLOR, SOLO_COLOR=SOLO_COLOR, OFF_COLOR=OFF_COLOR)
