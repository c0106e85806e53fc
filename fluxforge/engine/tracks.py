"""Tracks of the engine: add/remove, single setters, EQ, snapshots.

:class:`Tracks` is the part of :class:`fluxforge.engine.Engine` that keeps
the tracks; the engine's track methods are its methods. Parameter setters
check and clamp with the rows of :data:`fluxforge.engine.params.TRACK` and
write an atomic target the render ramps to; adding, removing and EQ changes
travel through the command ring. A removed track's clip is dropped only once
the render acknowledged it no longer reads it.
"""
import math
import numbers
from dataclasses import dataclass, field

from fluxforge.engine.clips import Clip, as_clip
from fluxforge.engine.params import EQ_BAND, TRACK
from fluxforge.engine.types import EQ_BAND_COUNT, EQ_KINDS, EqBand, TrackInfo, bus_index

VOLUME, PAN, PAN_RIGHT = TRACK["volume"], TRACK["pan"], TRACK["pan_right"]
MUTED, SOLO, BUS = TRACK["muted"], TRACK["solo"], TRACK["bus"]
BAND, FREQ, Q, GAIN = EQ_BAND["band"], EQ_BAND["freq_hz"], EQ_BAND["q"], EQ_BAND["gain_db"]


@dataclass
class _Track:
    id: int
    slot: int
    clip: Clip
    name: str
    eq: list = field(default_factory=lambda: [None] * EQ_BAND_COUNT)


class Tracks:
    """The engine's tracks: ids, slots, clips and the setters.

    Parameters
    ----------
    core : fluxforge._engine.EngineCore
        For the sample rate, the slot count, the track order it publishes to
        the render and the filter designs.
    params : fluxforge._engine.ParamStore
        Where the track parameters are stored.
    ring, send, lock
        The engine's command ring, its sender's ``send(push, *args)``
        (:mod:`fluxforge.engine.commands`) and the lock of its Python-side records.
    reclaim : callable
        Takes back the slots of removed tracks the render has let go of
        (``Engine.service`` when no stream runs, else nothing).

    Example
    -------
    >>> tid = engine.add_track("drums.wav", bus="Music")
    >>> engine.set_track_volume(tid, 0.5); engine.set_track_pan(tid, -0.2)
    >>> engine.track(tid).volume
    0.5
    """

    def __init__(self, core, params, ring, send, lock, reclaim):
        self._samplerate = core.samplerate
        self._max_tracks = core.max_tracks
        self._publish = core.set_track_order
        self._design_biquad = core.design_biquad
        self._params, self._ring, self._send = params, ring, send
        self._lock = lock
        self._reclaim = reclaim
        self._tracks = {}                  # id -> _Track, in track order
        self._free_slots = list(range(self._max_tracks))
        self._releasing = {}               # slot -> clip the render may still read
        self._next_id = 1

    def __len__(self):
        return len(self._tracks)

    # ---- adding and removing --------------------------------------------
    def add_track(self, source, name=None, bus=0, source_samplerate=None):
        """Add a track playing ``source``; returns its id.

        Parameters
        ----------
        source : str, pathlib.Path, numpy.ndarray or Clip
            An audio file (WAV/FLAC/OGG/MP3, whatever libsndfile reads) or
            float samples ``(frames,)`` / ``(frames, channels)``, mono or
            stereo; resampled to the engine's rate when it differs.
        name : str, optional
            Defaults to the file's stem.
        bus : int or str
            The bus it feeds (default 0, Master).
        source_samplerate : int, optional
            Rate of an array source (default: the engine's).

        A new track has volume 1, pan 0 (mono) or dual pan -1/+1 (stereo),
        not muted, not soloed, EQ off. Added while the transport plays, it
        fades in over one ramp (it joins mid-clip without a click).

        Example
        -------
        >>> tid = engine.add_track(np.zeros(48000, np.float32), name="click", bus="Sfx")
        """
        bus = bus_index(bus)
        clip = as_clip(source, self._samplerate, name, source_samplerate)
        with self._lock:
            if not self._free_slots:
                self._reclaim()
            if not self._free_slots:
                raise RuntimeError(f"all {self._max_tracks} track slots are in use")
            slot = self._free_slots.pop(0)
            track = _Track(self._next_id, slot, clip, name or clip.name)
            self._next_id += 1
            stereo = clip.channels == 2
            for param in TRACK.stored:
                value = bus if param is BUS else param.default
                if param is PAN and stereo:
                    value = -1.0                 # a stereo track's left channel starts left
                self._params.set_track(slot, param.c_index, value)
            self._send(self._ring.add_track, slot, track.id, clip.data, clip.key)
            self._tracks[track.id] = track
            self._publish_order()
        return track.id

    def remove_track(self, track_id):
        """Remove a track (KeyError if unknown). While playing it fades out over one ramp
        first; its clip is released once the render let go of it.

        Example
        -------
        >>> engine.remove_track(track_id)
        """
        with self._lock:
            track = self._track(track_id)
            del self._tracks[track.id]
            self._publish_order()
            self._releasing[track.slot] = track.clip
            self._send(self._ring.remove_track, track.slot)

    def _publish_order(self):
        tracks = list(self._tracks.values())
        self._publish([t.id for t in tracks], [t.slot for t in tracks])

    def release_slot(self, slot):
        """The render let go of ``slot``'s removed track: its clip goes, the slot is free."""
        with self._lock:
            if self._releasing.pop(slot, None) is not None:
                self._free_slots.append(slot)
                self._free_slots.sort()

    # ---- lookup ----------------------------------------------------------
    def _track(self, track_id):
        if isinstance(track_id, bool) or not isinstance(track_id, numbers.Integral):
            raise TypeError(f"track id must be an int, got {type(track_id).__name__}")
        track = self._tracks.get(int(track_id))
        if track is None:
            raise KeyError(f"unknown track id {track_id!r}")
        return track

    @property
    def track_ids(self):
        """Track ids in track order (a new list)."""
        with self._lock:
            return list(self._tracks)

    def track(self, track_id):
        """A :class:`TrackInfo` snapshot of one track."""
        with self._lock:
            t = self._track(track_id)
            volume, pan, pan_right, muted, solo, bus = self._params.track(t.slot)
            return TrackInfo(id=t.id, name=t.name,
                             path=str(t.clip.path) if t.clip.path else None,
                             channels=t.clip.channels, frames=t.clip.frames, bus=bus,
                             volume=volume, pan=pan, pan_right=pan_right, muted=bool(muted),
                             solo=bool(solo), eq=tuple(t.eq))

    def clip_data(self, track_id):
        """The track's decoded clip: a read-only float32 (frames, channels) view."""
        with self._lock:
            return self._track(track_id).clip.data

    @property
    def length_frames(self):
        """Frames of the longest track (0 without tracks)."""
        with self._lock:
            return max((t.clip.frames for t in self._tracks.values()), default=0)

    # ---- single setters ----------------------------------------------------
    def _set(self, track_id, param, value):
        with self._lock:
            self._params.set_track(self._track(track_id).slot, param.c_index, value)

    def set_track_volume(self, track_id, volume):
        """Linear volume, clamped to [0, 2] (+6 dB); ramps, never clicks."""
        self._set(track_id, VOLUME, VOLUME.clamp(volume, "volume"))

    def set_track_pan(self, track_id, pan):
        """Pan of a mono track or of a stereo track's left channel, clamped to [-1, 1]."""
        self._set(track_id, PAN, PAN.clamp(pan, "pan"))

    def set_track_pan_right(self, track_id, pan):
        """Pan of a stereo track's right channel, clamped to [-1, 1]."""
        self._set(track_id, PAN_RIGHT, PAN_RIGHT.clamp(pan, "pan"))

    def set_track_mute(self, track_id, muted):
        self._set(track_id, MUTED, MUTED.flag(muted, "muted"))

    def set_track_solo(self, track_id, solo):
        self._set(track_id, SOLO, SOLO.flag(solo, "solo"))

    def set_track_bus(self, track_id, bus):
        self._set(track_id, BUS, bus_index(bus))

    # ---- EQ -------------------------------------------------------------------
    def set_track_eq(self, track_id, band, kind, freq_hz, q=0.707, gain_db=0.0, enabled=True):
        """Set one of a track's 4 EQ bands (RBJ biquads; all bands start off).

        ``kind`` is one of lowpass, highpass, bandpass, notch, allpass,
        peaking, lowshelf, highshelf, bypass. Non-finite numbers raise
        ValueError; freq_hz is clamped to [1, sr/2 - 1], q to [0.01, 100],
        gain_db to [-60, 24]. ``enabled=False`` switches the band off.
        New settings for a band that is on, while the transport plays, glide
        there over the ramp time (the coefficients step every 32 frames), so
        a frequency swept from an RTPC does not click; anything else applies
        at once.

        Example
        -------
        >>> engine.set_track_eq(track_id, 0, "peaking", 2500.0, q=1.0, gain_db=4.0)
        """
        if isinstance(band, bool) or not isinstance(band, int):
            raise TypeError(f"band must be an int, got {type(band).__name__}")
        if not BAND.low <= band <= BAND.high:
            raise ValueError(f"band must be in [{BAND.low}, {BAND.high}], got {band}")
        if kind not in EQ_KINDS:
            raise ValueError(f"kind must be one of {', '.join(EQ_KINDS)}; got {kind!r}")
        freq_hz = FREQ.clamp(freq_hz, "freq_hz", self._samplerate)
        q = Q.clamp(q, "q")
        gain_db = GAIN.clamp(gain_db, "gain_db")
        enabled = EQ_BAND["enabled"].flag(enabled, "enabled")
        coefs = self._design_biquad(EQ_KINDS.index(kind), freq_hz, q, gain_db)
        if not all(math.isfinite(c) for c in coefs):
            raise ValueError(f"the {kind} design at {freq_hz} Hz, q={q} is unstable")
        with self._lock:
            track = self._track(track_id)
            self._send(self._ring.set_eq, track.slot, band, enabled, coefs)
            track.eq[band] = EqBand(kind, freq_hz, q, gain_db, enabled)
