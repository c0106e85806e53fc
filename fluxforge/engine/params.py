"""The engine's parameters, in one table: name, kind, range, default and where each lives in C.

Every value Python sets on a track, a bus, the master stage, an EQ band or a
voice is one :class:`Param` row. The single setters (``Engine.set_track_volume``
...) check and clamp with their row, the batch call clamps with the rows'
limits (handed to the compiled parameter store once per engine), and the
session parser (:mod:`fluxforge.session.parse`) validates files against the
same rows, refusing what the setters would clamp.

A row with a ``c_field`` is a plain atomic store into that member of
``ff_params`` (``pyx/csrc/ff_engine.h``): ``c_index`` is the field number the
compiled store ``fluxforge._engine.ParamStore`` takes, and the rows of a table
are in the order of the C members (``tests/test_params.py`` checks the table,
the compiled module's field names and the C struct agree). Rows without one
travel in command messages (EQ coefficients, voices, bus routing).

Example
-------
>>> TRACK["volume"].clamp(5.0, "volume"), TRACK["volume"].c_index
(2.0, 0)
>>> [p.name for p in TRACK if p.batch]
['volume', 'pan', 'pan_right', 'muted', 'solo']
>>> EQ_BAND["freq_hz"].bounds(48000)
(1.0, 23999.0)
"""
import math
from dataclasses import dataclass

from fluxforge.checks import check_flag, check_number
from fluxforge.constants import BUS_COUNT, BUS_NAMES, EQ_BAND_COUNT, EQ_KINDS, MAX_VOLUME

__all__ = ["Param", "ParamTable", "TRACK", "BUS", "MASTER", "EQ_BAND", "VOICE",
           "FLOAT", "FLAG", "BUS_REF", "INT", "CHOICE", "NYQUIST"]

FLOAT, FLAG, BUS_REF, INT, CHOICE = "float", "flag", "bus", "int", "choice"
#: ``high`` of a frequency: half the sample rate minus 1 Hz
NYQUIST = "nyquist"


@dataclass(frozen=True)
class Param:
    """One parameter.

    Attributes
    ----------
    name : str
        The engine's name (``TrackInfo.volume``, ``MasterState`` ...).
    kind : str
        ``float`` (a finite number, clamped by the setters), ``flag`` (a
        bool), ``bus`` (a bus index or name), ``int`` or ``choice`` (one of
        ``choices``).
    low, high : number or None
        The range (``high`` may be :data:`NYQUIST`); None: unbounded.
    default : object
        The value of a new track, bus or engine.
    c_index : int or None
        Field number in the compiled parameter store (None: sent by command).
    c_field : str or None
        The ``ff_params`` member it is stored in.
    session : str or None
        Its key in a session file (None: not saved in sessions).
    batch : str or None
        Its keyword in ``Engine.batch_set_track_params``.
    choices : tuple
        The values of a ``choice``.
    """
    name: str
    kind: str
    low: object
    high: object
    default: object
    c_index: int | None = None
    c_field: str | None = None
    session: str | None = None
    batch: str | None = None
    choices: tuple = ()

    def bounds(self, samplerate_hz=None):
        """``(low, high)``, with a :data:`NYQUIST` high resolved at ``samplerate_hz``."""
        if self.high == NYQUIST:
            return self.low, samplerate_hz / 2 - 1
        return self.low, self.high

    def clamp(self, value, arg, samplerate_hz=None):
        """``value`` checked as a finite number named ``arg``, limited to :meth:`bounds`."""
        value = check_number(value, arg)
        low, high = self.bounds(samplerate_hz)
        return low if value < low else high if value > high else value

    def flag(self, value, arg):
        """``value`` checked as a bool named ``arg`` (0/1 and NumPy bools too)."""
        return check_flag(value, arg)


class ParamTable:
    """The rows of one scope (tracks, buses, ...), by name and in C field order.

    Example
    -------
    >>> BUS["muted"].session, len(BUS.stored)
    ('mute', 5)
    """

    def __init__(self, scope, rows):
        self.scope = scope
        self.rows = tuple(rows)
        self._by_name = {row.name: row for row in self.rows}
        #: rows stored in ``ff_params``, in field order (``c_index`` = position)
        self.stored = tuple(row for row in self.rows if row.c_field is not None)
        for index, row in enumerate(self.stored):
            if row.c_index != index:
                raise ValueError(f"{scope} parameter {row.name!r} has c_index {row.c_index}, "
                                 f"expected {index} (its position among the stored rows)")

    def __getitem__(self, name):
        return self._by_name[name]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    @property
    def c_fields(self):
        """The ``ff_params`` members of the stored rows, in field order."""
        return tuple(row.c_field for row in self.stored)

    def limits(self):
        """``(low, high)`` per stored row as floats (unbounded: infinite), for the compiled store."""
        return tuple((-math.inf if row.low is None else float(row.low),
                      math.inf if row.high is None else float(row.high)) for row in self.stored)


TRACK = ParamTable("track", (
    Param("volume", FLOAT, 0.0, MAX_VOLUME, 1.0, 0, "track_volume", "volume", "volumes"),
    Param("pan", FLOAT, -1.0, 1.0, 0.0, 1, "track_pan", "pan", "pans"),
    Param("pan_right", FLOAT, -1.0, 1.0, 1.0, 2, "track_pan_right", "pan_right", "pans_right"),
    Param("muted", FLAG, 0, 1, False, 3, "track_muted", "mute", "muted"),
    Param("solo", FLAG, 0, 1, False, 4, "track_solo", "solo", "solo"),
    Param("bus", BUS_REF, 0, BUS_COUNT - 1, 0, 5, "track_bus", "bus"),
))

BUS = ParamTable("bus", (
    Param("volume", FLOAT, 0.0, MAX_VOLUME, 1.0, 0, "bus_volume", "volume"),
    Param("pan", FLOAT, -1.0, 1.0, -1.0, 1, "bus_pan", "pan"),
    Param("pan_right", FLOAT, -1.0, 1.0, 1.0, 2, "bus_pan_right", "pan_right"),
    Param("muted", FLAG, 0, 1, False, 3, "bus_muted", "mute"),
    Param("solo", FLAG, 0, 1, False, 4, "bus_solo", "solo"),
    Param("output", BUS_REF, 0, BUS_COUNT - 1, 0, session="output", choices=BUS_NAMES),
))

MASTER = ParamTable("master", (
    Param("master_volume", FLOAT, 0.0, MAX_VOLUME, 1.0, 0, "master_volume", "volume"),
    Param("meter_decay_db_per_s", FLOAT, 0.0, None, 26.0, 1, "meter_decay_db_per_s"),
    Param("soft_clip", FLAG, 0, 1, False, 2, "soft_clip", "soft_clip"),
    Param("dc_block", FLAG, 0, 1, True, 3, "dc_block"),
    Param("ramp_frames", INT, 0, None, 0, 4, "ramp_frames"),
    Param("play", FLAG, 0, 1, False, 5, "play"),
    Param("ramp_ms", FLOAT, 0.0, 1000.0, 0.0),
))

EQ_BAND = ParamTable("eq band", (
    Param("band", INT, 0, EQ_BAND_COUNT - 1, None, session="band"),
    Param("kind", CHOICE, None, None, None, session="kind", choices=EQ_KINDS),
    Param("freq_hz", FLOAT, 1.0, NYQUIST, None, session="freq_hz"),
    Param("q", FLOAT, 0.01, 100.0, 0.707, session="q"),
    Param("gain_db", FLOAT, -60.0, 24.0, 0.0, session="gain_db"),
    Param("enabled", FLAG, 0, 1, True, session="enabled"),
))

VOICE = ParamTable("voice", (
    Param("volume", FLOAT, 0.0, MAX_VOLUME, 1.0),
    Param("pan", FLOAT, -1.0, 1.0, 0.0),
    Param("pitch_cents", FLOAT, -2400.0, 2400.0, 0.0),
))
