"""The session data model: what a FluxForge session file holds.

A session is plain data (dataclasses) that mirrors the JSON file one to one;
``fluxforge.session.parse`` validates a decoded JSON document into these
objects, ``Session.to_dict`` turns them back into JSON-ready data, and
``fluxforge.session.apply`` loads a session into an ``Engine``. The defaults
and ranges of the mix settings are the engine's parameter table
(:mod:`fluxforge.engine.params`). The format is documented in
``docs/session-format.md``.

Example
-------
>>> s = Session(name="demo", tracks=[TrackSpec(name="Kick", file="kick.wav")])
>>> s.to_dict()["tracks"][0]["file"]
'kick.wav'
"""
from dataclasses import dataclass, field
from pathlib import Path

from fluxforge.constants import BUS_NAMES, EQ_KINDS  # noqa: F401 (re-exported)
from fluxforge.constants import EQ_BAND_COUNT as EQ_BANDS  # noqa: F401 (re-exported)
from fluxforge.engine.params import BUS, EQ_BAND, MASTER, TRACK

SCHEMA_VERSION = 1
FORMAT_NAME = "fluxforge-session"
SESSION_SUFFIX = ".fluxforge.json"

VOLUME_RANGE = TRACK["volume"].bounds()
SAMPLERATES = (22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000)
BLOCKSIZE_RANGE = (16, 8192)


class SessionError(ValueError):
    """A session file or object is invalid; the message names the field and the value.

    Attributes
    ----------
    field : str
        Where the problem is, e.g. ``"tracks[2].volume"``.
    value : object
        The offending value.

    Example
    -------
    >>> str(SessionError("tracks[0].volume", 3.0, "is above the maximum 2.0"))
    'tracks[0].volume: 3.0 is above the maximum 2.0'
    """

    def __init__(self, field, value, problem):
        self.field = field
        self.value = value
        super().__init__(f"{field}: {value!r} {problem}")


def _drop_none(data):
    return {k: v for k, v in data.items() if v is not None}


@dataclass
class EqBand:
    """One EQ band of a track (RBJ biquad, see ``Engine.set_track_eq``).

    Example
    -------
    >>> EqBand(band=0, kind="highpass", freq_hz=80.0).q
    0.707
    """
    band: int
    kind: str
    freq_hz: float
    q: float = EQ_BAND["q"].default
    gain_db: float = EQ_BAND["gain_db"].default
    enabled: bool = EQ_BAND["enabled"].default

    def to_dict(self):
        return dict(band=self.band, kind=self.kind, freq_hz=self.freq_hz, q=self.q,
                    gain_db=self.gain_db, enabled=self.enabled)


@dataclass
class TrackSpec:
    """One track: an audio file (path relative to the session folder) and its strip.

    ``pan``/``pan_right`` left as None take the engine's defaults for the file's
    channel count (mono: centre; stereo: dual pan -1/+1).

    Example
    -------
    >>> TrackSpec(name="Bass", file="stems/bass.wav", volume=0.8).bus
    'Music'
    """
    name: str
    file: str
    bus: str = "Music"
    volume: float = TRACK["volume"].default
    pan: float | None = None
    pan_right: float | None = None
    mute: bool = TRACK["muted"].default
    solo: bool = TRACK["solo"].default
    color: str | None = None
    eq: list = field(default_factory=list)

    def to_dict(self):
        return _drop_none(dict(
            name=self.name, file=self.file, bus=self.bus, volume=self.volume,
            pan=self.pan, pan_right=self.pan_right, mute=self.mute, solo=self.solo,
            color=self.color, eq=[band.to_dict() for band in self.eq]))


@dataclass
class BusSpec:
    """Settings of one bus (every bus but Master, which is ``MasterSpec``).

    Example
    -------
    >>> BusSpec(volume=0.5).output
    'Master'
    """
    volume: float = BUS["volume"].default
    pan: float = BUS["pan"].default
    pan_right: float = BUS["pan_right"].default
    mute: bool = BUS["muted"].default
    solo: bool = BUS["solo"].default
    output: str = BUS_NAMES[BUS["output"].default]

    def to_dict(self):
        return dict(volume=self.volume, pan=self.pan, pan_right=self.pan_right,
                    mute=self.mute, solo=self.solo, output=self.output)


@dataclass
class MasterSpec:
    """The master stage: output volume and the optional soft clipper.

    Example
    -------
    >>> MasterSpec().soft_clip
    False
    """
    volume: float = MASTER["master_volume"].default
    soft_clip: bool = MASTER["soft_clip"].default

    def to_dict(self):
        return dict(volume=self.volume, soft_clip=self.soft_clip)


@dataclass
class LoopSpec:
    """A loop range in frames, ``start_frame < end_frame``.

    Example
    -------
    >>> LoopSpec(0, 48000).end_frame
    48000
    """
    start_frame: int
    end_frame: int

    def to_dict(self):
        return dict(start_frame=self.start_frame, end_frame=self.end_frame)


@dataclass
class Session:
    """A whole session: tracks, buses, master, loop and middleware definitions.

    ``folder`` is where the session file lives (track paths are relative to
    it); it is not written to the file. ``middleware`` is kept verbatim: it is
    the place for middleware definitions (states, switches, RTPCs, events...).

    Example
    -------
    >>> s = Session(name="empty")
    >>> sorted(s.buses)
    ['Ambience', 'Aux', 'Music', 'Sfx', 'Voice']
    """
    name: str
    samplerate: int = 48000
    blocksize: int = 512
    tempo_bpm: float | None = None
    tracks: list = field(default_factory=list)
    buses: dict = field(default_factory=lambda: {n: BusSpec() for n in BUS_NAMES[1:]})
    master: MasterSpec = field(default_factory=MasterSpec)
    loop: LoopSpec | None = None
    middleware: dict = field(default_factory=dict)
    folder: Path | None = field(default=None, compare=False)

    def to_dict(self):
        """The JSON-ready document (keys in a fixed order, defaults written out)."""
        return _drop_none(dict(
            format=FORMAT_NAME, schema_version=SCHEMA_VERSION, name=self.name,
            samplerate=self.samplerate, blocksize=self.blocksize, tempo_bpm=self.tempo_bpm,
            tracks=[t.to_dict() for t in self.tracks],
            buses={n: self.buses[n].to_dict() for n in BUS_NAMES[1:] if n in self.buses},
            master=self.master.to_dict(),
            loop=self.loop.to_dict() if self.loop else None,
            middleware=self.middleware))
