"""UI-side state of one channel strip: Kivy properties, one per thing shown.

Widgets bind only to the properties they show (the fader to ``volume_db``,
the mute button to ``muted`` and ``implicit_muted``, ...), so an edit on one
strip dispatches only that strip's callbacks. Meters are not properties:
they come from the model's arrays once per frame (see ``meter_state``).
"""
from kivy.event import EventDispatcher
from kivy.properties import (BooleanProperty, ColorProperty, NumericProperty,
                             ObjectProperty, OptionProperty, StringProperty)

#: property names whose edits are sent to the engine
EDITABLE = ("volume_db", "pan", "muted", "solo", "bus")

#: strip colours cycled by track order when a session does not give one
PALETTE = (
    (0.90, 0.35, 0.30, 1), (0.95, 0.60, 0.25, 1), (0.90, 0.80, 0.30, 1),
    (0.45, 0.80, 0.35, 1), (0.30, 0.75, 0.70, 1), (0.35, 0.60, 0.95, 1),
    (0.60, 0.45, 0.90, 1), (0.85, 0.40, 0.75, 1),
)


class StripModel(EventDispatcher):
    """One track, bus or master strip.

    Parameters
    ----------
    kind : {'track', 'bus', 'master'}
    index : int
        Column of this strip in the model's meter arrays.
    ident : int
        Engine track id, or bus number (0 for master).

    Example
    -------
    >>> strip = StripModel(kind="track", index=0, ident=7, name="Kick")
    >>> strip.volume_db = -6.0
    >>> strip.name, strip.volume_db
    ('Kick', -6.0)
    """

    kind = OptionProperty("track", options=["track", "bus", "master"])
    index = NumericProperty(0)
    ident = NumericProperty(0)
    name = StringProperty("")
    color = ColorProperty(PALETTE[0])
    volume_db = NumericProperty(0.0)
    pan = NumericProperty(0.0)
    muted = BooleanProperty(False)
    solo = BooleanProperty(False)
    implicit_muted = BooleanProperty(False)
    """Silenced because another strip is soloed (shown on the mute button)."""
    bus = NumericProperty(0)
    bus_name = StringProperty("Master")
    clipped = BooleanProperty(False)
    duck_db = NumericProperty(0.0)
    """Gain reduction the bus's ducking applies now (dB, <= 0; buses only)."""
    short_term_text = StringProperty("\u2014")
    """Short-term loudness (LUFS, 0.1 resolution; buses, see ``app.loudness_state``)."""
    overview = ObjectProperty(None, allownone=True, force_dispatch=True)  # arrays do not compare with ==
    """Overview waveform (float32 peaks) from the waveform cache, or None."""
    stereo = BooleanProperty(False)
    frames = NumericProperty(0)
    """Length of the track's clip in frames (for the playhead)."""
