"""Value types and argument checks of the engine's Python API.

The frozen dataclasses are snapshots for the UI and session saving; the
``check_*`` helpers turn bad arguments into clear exceptions before anything
reaches the C core (non-finite numbers -> ValueError, wrong types ->
TypeError, unknown buses -> UnknownBusError, a KeyError and a ValueError).

Example
-------
>>> bus_index("sfx")
2
>>> clamp(check_number(3.0, "volume"), 0.0, 2.0)
2.0
"""
import numbers
from dataclasses import dataclass

from fluxforge.checks import MAX_FRAME, check_flag, check_frame, check_number, clamp  # noqa: F401 (re-exported)
from fluxforge.constants import BUS_NAMES, EQ_BAND_COUNT, EQ_KINDS, MAX_VOLUME  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class EqBand:
    """One EQ band as set (values after clamping).

    Example
    -------
    >>> EqBand("peaking", 1000.0, 0.707, 3.0, True).kind
    'peaking'
    """
    kind: str
    freq_hz: float
    q: float
    gain_db: float
    enabled: bool


@dataclass(frozen=True)
class TrackInfo:
    """A snapshot of one track's settings.

    ``pan`` places a mono track (or a stereo track's left channel),
    ``pan_right`` a stereo track's right channel; ``eq`` has one entry per
    band, None for a band never set.

    Example
    -------
    >>> info = engine.track(track_id)
    >>> info.volume, info.bus
    (1.0, 1)
    """
    id: int
    name: str
    path: str | None
    channels: int
    frames: int
    bus: int
    volume: float
    pan: float
    pan_right: float
    muted: bool
    solo: bool
    eq: tuple


@dataclass(frozen=True)
class BusState:
    """A snapshot of one bus: ``output`` as requested, ``routed_to`` as used
    (a self-route or a cycle falls back to Master).

    Example
    -------
    >>> engine.bus_state("Sfx").routed_to
    0
    """
    bus: int
    name: str
    volume: float
    pan: float
    pan_right: float
    muted: bool
    solo: bool
    output: int
    routed_to: int


@dataclass(frozen=True)
class MasterState:
    """The master stage's settings.

    Example
    -------
    >>> engine.master_state().soft_clip
    False
    """
    volume: float
    soft_clip: bool
    dc_block: bool
    meter_decay_db_per_s: float
    ramp_ms: float


class UnknownBusError(KeyError, ValueError):
    """A bus name that is not one of BUS_NAMES (both a KeyError and a ValueError)."""

    def __str__(self):
        return str(self.args[0]) if self.args else ""


def bus_index(bus):
    """Bus number from an int 0..5 or a name (case-insensitive)."""
    if isinstance(bus, str):
        for index, name in enumerate(BUS_NAMES):
            if name.lower() == bus.lower():
                return index
        raise UnknownBusError(f"unknown bus {bus!r}; buses are {', '.join(BUS_NAMES)}")
    if isinstance(bus, bool) or not isinstance(bus, numbers.Integral):
        raise TypeError(f"bus must be an int or a bus name, got {type(bus).__name__}")
    if not 0 <= bus < len(BUS_NAMES):
        raise ValueError(f"bus must be in [0, {len(BUS_NAMES) - 1}], got {bus}")
    return int(bus)
