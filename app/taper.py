"""Fader and meter scales: dB <-> position, pure functions (no Kivy).

The fader taper follows a mixing console: -inf at the bottom, +6 dB at the
top and 0 dB at three quarters of the travel. Between the breakpoints of
``FADER_BREAKPOINTS`` the scale is linear in dB (so the region around 0 dB,
where engineers work, gets the most travel per dB); below -60 dB it is linear
in amplitude, which reaches -inf continuously at position 0.

Positions are fractions of the travel, 0.0 (bottom) .. 1.0 (top).
Linear gain is called ``volume`` (``10 ** (gain_db / 20)``), 0 .. 2.

Example
-------
>>> from app.taper import db_to_position, position_to_db, format_db
>>> db_to_position(0.0)
0.75
>>> round(position_to_db(1.0), 2)
6.02
>>> format_db(position_to_db(0.0))
'-inf'
"""
import math
from bisect import bisect_right

import numpy as np

from fluxforge.checks import check_number
from fluxforge.constants import MAX_VOLUME

#: top of the fader: the engine's maximum volume 2.0 (+6.02 dB)
MAX_DB = 20.0 * math.log10(MAX_VOLUME)
#: (position, gain_db) breakpoints of the fader taper, bottom to top
FADER_BREAKPOINTS = (
    (0.05, -60.0), (0.15, -40.0), (0.25, -30.0), (0.40, -20.0),
    (0.55, -10.0), (0.65, -5.0), (0.75, 0.0), (1.00, MAX_DB),
)
FADER_MARKS_DB = (6.0, 0.0, -5.0, -10.0, -20.0, -30.0, -40.0, -60.0)
_POS = tuple(p for p, _ in FADER_BREAKPOINTS)
_DB = tuple(d for _, d in FADER_BREAKPOINTS)

#: meter scale: METER_FLOOR_DB at the bottom, METER_TOP_DB at the top
METER_FLOOR_DB = -60.0
METER_TOP_DB = 6.0
METER_MARKS_DB = (6.0, 0.0, -6.0, -12.0, -18.0, -24.0, -36.0, -48.0)




def volume_to_db(volume):
    """Linear volume -> gain in dB (``-inf`` for 0).

    Example
    -------
    >>> volume_to_db(1.0)
    0.0
    """
    volume = check_number(volume, "volume", allow_inf=True)
    if volume < 0:
        raise ValueError(f"volume must be >= 0, got {volume}")
    return 20.0 * math.log10(volume) if volume > 0 else -math.inf


def db_to_volume(gain_db):
    """Gain in dB -> linear volume (0 for ``-inf``).

    Example
    -------
    >>> round(db_to_volume(6.0), 4)
    1.9953
    """
    gain_db = check_number(gain_db, "gain_db", allow_inf=True)
    return 0.0 if gain_db == -math.inf else 10.0 ** (gain_db / 20.0)


def db_to_position(gain_db):
    """Fader position (0..1) of ``gain_db``; clamped to the travel.

    Example
    -------
    >>> db_to_position(-math.inf), db_to_position(MAX_DB), db_to_position(99.0)
    (0.0, 1.0, 1.0)
    """
    gain_db = check_number(gain_db, "gain_db", allow_inf=True)
    if gain_db >= MAX_DB:
        return 1.0
    if gain_db <= _DB[0]:
        if gain_db == -math.inf:
            return 0.0
        return _POS[0] * 10.0 ** ((gain_db - _DB[0]) / 20.0)
    i = bisect_right(_DB, gain_db)
    (p0, d0), (p1, d1) = FADER_BREAKPOINTS[i - 1], FADER_BREAKPOINTS[i]
    return p0 + (p1 - p0) * (gain_db - d0) / (d1 - d0)


def position_to_db(position):
    """Gain in dB at fader ``position`` (0..1, clamped); ``-inf`` at 0.

    Example
    -------
    >>> position_to_db(0.75)
    0.0
    """
    position = min(max(check_number(position, "position", allow_inf=True), 0.0), 1.0)
    if position <= 0.0:
        return -math.inf
    if position < _POS[0]:
        return _DB[0] + 20.0 * math.log10(position / _POS[0])
    i = min(bisect_right(_POS, position), len(_POS) - 1)
    (p0, d0), (p1, d1) = FADER_BREAKPOINTS[i - 1], FADER_BREAKPOINTS[i]
    return d0 + (d1 - d0) * (position - p0) / (p1 - p0)


def round_db(gain_db):
    """Round to the 0.1 dB the readout shows (``-inf`` stays ``-inf``).

    Example
    -------
    >>> round_db(-3.14159)
    -3.1
    """
    gain_db = check_number(gain_db, "gain_db", allow_inf=True)
    return gain_db if math.isinf(gain_db) else round(gain_db, 1) + 0.0


def format_db(gain_db):
    """Readout text with 0.1 dB resolution: ``'-inf'``, ``'0.0'``, ``'+2.5'``.

    Example
    -------
    >>> format_db(-12.04), format_db(1.25), format_db(-0.04)
    ('-12.0', '+1.2', '0.0')
    """
    gain_db = round_db(gain_db)
    if gain_db == -math.inf:
        return "-inf"
    return "0.0" if gain_db == 0 else f"{gain_db:+.1f}"


def meter_positions(levels, out):
    """Linear meter levels -> display fractions of the meter scale, in place.

    Parameters
    ----------
    levels : ndarray of float64
        Linear amplitudes (peak or RMS), any shape.
    out : ndarray of float64
        Same shape; receives fractions 0..1 (METER_FLOOR_DB..METER_TOP_DB).
        No allocation beyond NumPy temporaries of ``levels``' size.

    Example
    -------
    >>> lv = np.array([0.0, 1.0, 2.0]); out = np.empty(3)
    >>> meter_positions(lv, out).round(3).tolist()
    [0.0, 0.909, 1.0]
    """
    if out.shape != levels.shape:
        raise ValueError(f"out shape {out.shape} does not match levels shape {levels.shape}")
    np.maximum(levels, 1e-10, out=out)
    np.log10(out, out=out)
    out *= 20.0
    out -= METER_FLOOR_DB
    out /= METER_TOP_DB - METER_FLOOR_DB
    np.clip(out, 0.0, 1.0, out=out)
    return out


def meter_db_to_position(gain_db):
    """Position (0..1) of ``gain_db`` on the meter scale, for drawing marks.

    Example
    -------
    >>> meter_db_to_position(-60.0), meter_db_to_position(6.0)
    (0.0, 1.0)
    """
    gain_db = check_number(gain_db, "gain_db", allow_inf=True)
    frac = (gain_db - METER_FLOOR_DB) / (METER_TOP_DB - METER_FLOOR_DB)
    return min(max(frac, 0.0), 1.0)
