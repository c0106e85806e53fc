"""Validate a decoded session document into ``fluxforge.session.schema`` objects.

Every problem raises ``SessionError`` naming the field (``tracks[2].eq[0].q``)
and the offending value. The mix settings are read by the rows of the
engine's parameter table (:mod:`fluxforge.engine.params`): their kind, range
and default; a value the engine's setters would clamp is refused here.
Unknown fields are refused (they are usually typos),
``middleware`` holds the middleware definitions, validated by
``fluxforge.middleware.loader`` (errors name ``middleware.events.X...``).

Example
-------
>>> doc = {"format": "fluxforge-session", "schema_version": 1, "name": "x",
...        "tracks": [{"name": "Kick", "file": "kick.wav", "volume": 0.5}]}
>>> session_from_dict(doc).tracks[0].volume
0.5
"""
from fluxforge.engine.params import BUS, BUS_REF, EQ_BAND, FLAG, FLOAT, INT, MASTER, TRACK
from fluxforge.session.fields import MISSING, Fields
from fluxforge.session.schema import (
    BLOCKSIZE_RANGE, BUS_NAMES, FORMAT_NAME, SAMPLERATES, SCHEMA_VERSION,
    BusSpec, EqBand, LoopSpec, MasterSpec, Session, SessionError, TrackSpec)

_TABLE = object()


class _Reader(Fields):
    """Fields of the session document: ranges as the engine's parameter table gives them."""

    def range_problem(self, value, low, high):
        if low is not None and not low <= value <= high:
            return f"is outside the range {low}..{high}"
        return None

    def number(self, key, default=MISSING, limits=None, nullable=False):
        value = super().number(key, default, *(limits or (None, None)), nullable=nullable)
        return None if value is None else float(value)

    def integer(self, key, default=MISSING, limits=None):
        return super().integer(key, default, *(limits or (None, None)))

    def boolean(self, key, default=MISSING):
        return self.flag(key, default)

    def array(self, key):
        return super().array(key, [])


def _param(r, row, default=_TABLE, samplerate=None, nullable=False):
    """The value of parameter ``row`` (at its session key), checked as its table row says.

    ``default`` replaces the row's default (a row without one is required).
    """
    if default is _TABLE:
        default = MISSING if row.default is None else row.default
    if row.kind == FLOAT:
        return r.number(row.session, default, row.bounds(samplerate), nullable=nullable)
    if row.kind == FLAG:
        return r.boolean(row.session, default)
    if row.kind == INT:
        return r.integer(row.session, default, limits=row.bounds())
    return r.text(row.session, default, choices=BUS_NAMES if row.kind == BUS_REF else row.choices)


def _eq_band(data, where, samplerate):
    r = _Reader(data, where, tuple(row.session for row in EQ_BAND))
    return EqBand(**{row.name: _param(r, row, samplerate=samplerate) for row in EQ_BAND})


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
        bus=_param(r, TRACK["bus"], "Music"),
        volume=_param(r, TRACK["volume"]),
        pan=_param(r, TRACK["pan"], None, nullable=True),
        pan_right=_param(r, TRACK["pan_right"], None, nullable=True),
        mute=_param(r, TRACK["muted"]), solo=_param(r, TRACK["solo"]),
        color=r.text("color", None, nullable=True), eq=eq)


def _bus(data, where):
    r = _Reader(data, where, tuple(row.session for row in BUS))
    return BusSpec(**{row.session: _param(r, row, BusSpec.output if row.kind == BUS_REF
                                          else _TABLE) for row in BUS})


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
        master=MasterSpec(volume=_param(master, MASTER["master_volume"]),
                          soft_clip=_param(master, MASTER["soft_clip"])),
        loop=_loop(r.raw("loop", None)), middleware=middleware)
