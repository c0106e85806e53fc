"""Validate a decoded session document into ``fluxforge.session.schema`` objects.

Every problem raises ``SessionError`` naming the field (``tracks[2].eq[0].q``)
and the offending value. Unknown fields are refused (they are usually typos),
``middleware`` holds the middleware definitions, validated by
``fluxforge.middleware.loader`` (errors name ``middleware.events.X...``).

Example
-------
>>> doc = {"format": "fluxforge-session", "schema_version": 1, "name": "x",
...        "tracks": [{"name": "Kick", "file": "kick.wav", "volume": 0.5}]}
>>> session_from_dict(doc).tracks[0].volume
0.5
"""
import math

from fluxforge.session.schema import (
    BLOCKSIZE_RANGE, BUS_NAMES, EQ_BANDS, EQ_KINDS, FORMAT_NAME, FREQ_MIN_HZ,
    GAIN_RANGE_DB, PAN_RANGE, Q_RANGE, SAMPLERATES, SCHEMA_VERSION, VOLUME_RANGE,
    BusSpec, EqBand, LoopSpec, MasterSpec, Session, SessionError, TrackSpec)

_MISSING = object()


class _Reader:
    """Reads typed fields of one JSON object, naming them by their path."""

    def __init__(self, data, where, allowed):
        if not isinstance(data, dict):
            raise SessionError(where or "session", data, "is not a JSON object")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise SessionError(self._name(where, unknown[0]), data[unknown[0]],
                               f"is an unknown field (known: {', '.join(allowed)})")
        self.data = data
        self.where = where

    @staticmethod
    def _name(where, key):
        return f"{where}.{key}" if where else key

    def path(self, key):
        return self._name(self.where, key)

    def raw(self, key, default=_MISSING):
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise SessionError(self.path(key), None, "is missing (required field)")
        return default

    def number(self, key, default=_MISSING, limits=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SessionError(self.path(key), value, "is not a number")
        if not math.isfinite(value):
            raise SessionError(self.path(key), value, "is not a finite number")
        if limits and not limits[0] <= value <= limits[1]:
            raise SessionError(self.path(key), value,
                               f"is outside the range {limits[0]}..{limits[1]}")
        return float(value)

    def integer(self, key, default=_MISSING, limits=None):
        value = self.raw(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise SessionError(self.path(key), value, "is not an integer")
        if limits and not limits[0] <= value <= limits[1]:
            raise SessionError(self.path(key), value,
                               f"is outside the range {limits[0]}..{limits[1]}")
        return value

    def boolean(self, key, default=_MISSING):
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise SessionError(self.path(key), value, "is not true or false")
        return value

    def text(self, key, default=_MISSING, choices=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value:
            raise SessionError(self.path(key), value, "is not a non-empty string")
        if choices and value not in choices:
            raise SessionError(self.path(key), value, f"is not one of {', '.join(choices)}")
        return value

    def array(self, key):
        value = self.raw(key, [])
        if not isinstance(value, list):
            raise SessionError(self.path(key), value, "is not a JSON array")
        return value


def _eq_band(data, where, samplerate):
    r = _Reader(data, where, ("band", "kind", "freq_hz", "q", "gain_db", "enabled"))
    return EqBand(
        band=r.integer("band", limits=(0, EQ_BANDS - 1)),
        kind=r.text("kind", choices=EQ_KINDS),
        freq_hz=r.number("freq_hz", limits=(FREQ_MIN_HZ, samplerate / 2 - 1)),
        q=r.number("q", 0.707, Q_RANGE),
        gain_db=r.number("gain_db", 0.0, GAIN_RANGE_DB),
        enabled=r.boolean("enabled", True))


def _track(data, where, samplerate):
    r = _Reader(data, where, ("name", "file", "bus", "volume", "pan", "pan_right",
                              "mute", "solo", "color", "eq"))
    eq = [_eq_band(band, f"{r.path('eq')}[{i}]", samplerate)
          for i, band in enumerate(r.array("eq"))]
    bands = [band.band for band in eq]
    for i, band in enumerate(bands):
        if band in bands[:i]:
            raise SessionError(f"{r.path('eq')}[{i}].band", band, "is used twice in this track")
    return TrackSpec(
        name=r.text("name"), file=r.text("file"),
        bus=r.text("bus", "Music", choices=BUS_NAMES),
        volume=r.number("volume", 1.0, VOLUME_RANGE),
        pan=r.number("pan", None, PAN_RANGE, nullable=True),
        pan_right=r.number("pan_right", None, PAN_RANGE, nullable=True),
        mute=r.boolean("mute", False), solo=r.boolean("solo", False),
        color=r.text("color", None, nullable=True), eq=eq)


def _bus(data, where):
    r = _Reader(data, where, ("volume", "pan", "pan_right", "mute", "solo", "output"))
    return BusSpec(
        volume=r.number("volume", 1.0, VOLUME_RANGE),
        pan=r.number("pan", -1.0, PAN_RANGE), pan_right=r.number("pan_right", 1.0, PAN_RANGE),
        mute=r.boolean("mute", False), solo=r.boolean("solo", False),
        output=r.text("output", "Master", choices=BUS_NAMES))


def _buses(data):
    r = _Reader(data, "buses", BUS_NAMES[1:])
    buses = {name: _bus(r.data[name], r.path(name)) if name in r.data else BusSpec()
             for name in BUS_NAMES[1:]}
    for name in buses:
        seen, current = [name], buses[name].output
        while current != "Master":
            if current in seen:
                raise SessionError(f"buses.{name}.output", buses[name].output,
                                   f"makes a routing cycle ({' -> '.join(seen + [current])})")
            seen.append(current)
            current = buses[current].output
    return buses


def _loop(data):
    if data is None:
        return None
    r = _Reader(data, "loop", ("start_frame", "end_frame"))
    start = r.integer("start_frame", limits=(0, 2**62))
    end = r.integer("end_frame", limits=(0, 2**62))
    if end <= start:
        raise SessionError("loop.end_frame", end, f"is not after loop.start_frame ({start})")
    return LoopSpec(start, end)


def session_from_dict(data):
    """Validate a decoded JSON document and return the ``Session`` it describes.

    Raises
    ------
    SessionError
        Naming the first invalid field and its value.
    """
    r = _Reader(data, "", ("format", "schema_version", "name", "samplerate", "blocksize",
                           "tempo_bpm", "tracks", "buses", "master", "loop", "middleware"))
    r.text("format", choices=(FORMAT_NAME,))
    version = r.integer("schema_version")
    if version > SCHEMA_VERSION or version < 1:
        raise SessionError("schema_version", version,
                           f"is not supported (this FluxForge reads 1..{SCHEMA_VERSION})")
    samplerate = r.integer("samplerate", 48000)
    if samplerate not in SAMPLERATES:
        raise SessionError("samplerate", samplerate, f"is not one of {SAMPLERATES}")
    master = _Reader(r.raw("master", {}), "master", ("volume", "soft_clip"))
    middleware = r.raw("middleware", {})
    if not isinstance(middleware, dict):
        raise SessionError("middleware", middleware, "is not a JSON object")
    from fluxforge.middleware.loader import validate as validate_middleware
    validate_middleware(middleware)
    return Session(
        name=r.text("name"), samplerate=samplerate,
        blocksize=r.integer("blocksize", 512, BLOCKSIZE_RANGE),
        tempo_bpm=r.number("tempo_bpm", None, (1.0, 999.0), nullable=True),
        tracks=[_track(t, f"tracks[{i}]", samplerate) for i, t in enumerate(r.array("tracks"))],
        buses=_buses(r.raw("buses", {})),
        master=MasterSpec(volume=master.number("volume", 1.0, VOLUME_RANGE),
                          soft_clip=master.boolean("soft_clip", False)),
        loop=_loop(r.raw("loop", None)), middleware=middleware)
