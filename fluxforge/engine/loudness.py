"""Live loudness of the engine's master and buses (ITU-R BS.1770-4 / EBU R128).

:class:`Loudness` is the part of :class:`fluxforge.engine.Engine` that reads
and controls it; the engine's loudness methods are its methods. The C render
meters what every bus outputs, every block: buses 1..5 after their volume,
pan and mute, the master after the master stage (volume, soft clip, DC
blocker), as the float32 samples rendered. So the master's figures equal those of
:func:`fluxforge.loudness` on the rendered output. The figures are momentary
(400 ms), short-term (3 s) and integrated loudness (gated at -70 LUFS and
-10 LU), loudness range (EBU Tech 3342), true peak (4x oversampling) and the
largest momentary and short-term loudness so far. They change every 100 ms
(true peak every block); silence reads -inf and a range of 0; while live
loudness is switched off every figure reads NaN.

One :meth:`~Loudness.read_loudness` call copies all of them (one row per
bus, ``BUS_NAMES`` order, the columns below) into a preallocated array from
the same snapshot as the meters, allocating nothing: a UI reads it once per
frame.

Example
-------
>>> import numpy as np
>>> from fluxforge import Engine
>>> engine = Engine(48000, 512)
>>> tone = (10 ** (-23 / 20) * np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000))
>>> tid = engine.add_track(np.stack([tone, tone], axis=1).astype(np.float32))
>>> engine.set_loop(0, 48000)
>>> engine.play()
>>> _ = engine.render(48000 * 4)
>>> round(engine.loudness().momentary_lufs, 1)
-23.0
>>> out = np.zeros(LOUDNESS_SHAPE)
>>> engine.read_loudness(out)
>>> round(float(out[0, INTEGRATED_LUFS]), 1), float(out[1, SHORT_TERM_LUFS])
(-23.0, -inf)
"""
from dataclasses import asdict, dataclass

import numpy as np

from fluxforge import _engine
from fluxforge.checks import check_flag
from fluxforge.constants import BUS_COUNT
from fluxforge.engine.forward import fast_path
from fluxforge.engine.types import BUS_NAMES, bus_index

__all__ = ["Loudness", "LiveLoudness", "LOUDNESS_COLUMNS", "LOUDNESS_SHAPE",
           "MOMENTARY_LUFS", "SHORT_TERM_LUFS", "INTEGRATED_LUFS", "LRA_LU", "TRUE_PEAK_DBTP",
           "MAX_MOMENTARY_LUFS", "MAX_SHORT_TERM_LUFS"]

#: Column names of a live loudness row, in order (units in the names).
LOUDNESS_COLUMNS = ("momentary_lufs", "short_term_lufs", "integrated_lufs", "lra_lu",
                    "true_peak_dbtp", "max_momentary_lufs", "max_short_term_lufs")
#: Column indices of a live loudness row.
(MOMENTARY_LUFS, SHORT_TERM_LUFS, INTEGRATED_LUFS, LRA_LU, TRUE_PEAK_DBTP, MAX_MOMENTARY_LUFS,
 MAX_SHORT_TERM_LUFS) = range(len(LOUDNESS_COLUMNS))
#: Shape of the array :meth:`Loudness.read_loudness` fills: one row per bus.
LOUDNESS_SHAPE = (BUS_COUNT, len(LOUDNESS_COLUMNS))

if _engine.LOUDNESS_FIELDS != len(LOUDNESS_COLUMNS):   # the C core and this table must agree
    raise ImportError(f"fluxforge._engine has {_engine.LOUDNESS_FIELDS} loudness fields, "
                      f"fluxforge.engine.loudness names {len(LOUDNESS_COLUMNS)}")


@dataclass(frozen=True)
class LiveLoudness:
    """One bus's live loudness figures (silence: -inf LUFS/dBTP, LRA 0; off: NaN).

    Example
    -------
    >>> LiveLoudness("Master", -23.0, -23.0, -23.0, 0.0, -22.99, -23.0, -23.0).bus
    'Master'
    """

    bus: str
    momentary_lufs: float
    short_term_lufs: float
    integrated_lufs: float
    lra_lu: float
    true_peak_dbtp: float
    max_momentary_lufs: float
    max_short_term_lufs: float

    def as_dict(self):
        """The figures as a plain dict (names as above)."""
        return asdict(self)


class Loudness:
    """Live loudness of the engine's buses.

    Parameters
    ----------
    reader : fluxforge._engine.LoudnessReader
        The compiled reader of the engine's published figures.
    ring, send
        The engine's command ring and its sender's ``send(push, *args)``
        (:mod:`fluxforge.engine.commands`).
    enabled : bool
        Meter from the start (True) or not (the ``loudness`` argument of the engine).

    Example
    -------
    >>> engine.loudness_enabled
    True
    """

    def __init__(self, reader, ring, send, enabled=True):
        self._reader, self._ring, self._send = reader, ring, send
        self._on = True
        if not check_flag(enabled, "loudness"):
            self.set_loudness_enabled(False)

    @fast_path("_reader")
    def read_loudness(self, out):
        """Copy every bus's live loudness into ``out``; returns None.

        ``out``: a C-contiguous writeable float64 array of shape
        ``LOUDNESS_SHAPE`` (one row per bus in ``BUS_NAMES`` order, master
        first; columns ``LOUDNESS_COLUMNS``). All rows come from one
        snapshot, the one the meters are published in. Nothing is allocated:
        call it every UI frame with the same array (on an engine this is the
        compiled reader's method itself, as :meth:`~fluxforge.engine.Engine.read_meters` is).

        Example
        -------
        >>> out = np.zeros(LOUDNESS_SHAPE)
        >>> engine.read_loudness(out)
        >>> float(out[0, MOMENTARY_LUFS]), float(out[0, LRA_LU])
        (-inf, 0.0)
        """
        return self._reader.read_loudness(out)

    def loudness(self, bus="Master"):
        """The live loudness of one bus (name or index) as a :class:`LiveLoudness`.

        Example
        -------
        >>> engine.loudness("Music").integrated_lufs
        -inf
        """
        index = bus_index(bus)
        rows = np.empty(LOUDNESS_SHAPE)
        self._reader.read_loudness(rows)
        return LiveLoudness(BUS_NAMES[index], *(float(v) for v in rows[index]))

    def reset_loudness(self):
        """Start a new measurement on every bus (through the command ring).

        Integrated loudness, range, maxima and true peak start again from
        the next block; momentary and short-term read -inf until 100 ms of
        audio. The engine's :meth:`~fluxforge.engine.Engine.reset` does this too.

        Example
        -------
        >>> engine.reset_loudness()
        """
        self._send(self._ring.loudness_reset)

    def set_loudness_enabled(self, enabled):
        """Meter live loudness (True, the default; a new measurement) or not.

        Off, the render skips the loudness work and every figure reads NaN.

        Example
        -------
        >>> engine.set_loudness_enabled(False)
        >>> engine.loudness().momentary_lufs
        nan
        >>> engine.set_loudness_enabled(True)
        """
        enabled = check_flag(enabled, "enabled")
        self._send(self._ring.loudness_enable, enabled)
        self._on = enabled

    @property
    def loudness_enabled(self):
        """True while live loudness is metered."""
        return self._on
