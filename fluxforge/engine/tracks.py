"""Tracks of the engine: add/remove, single setters, EQ, snapshots.

Part of :class:`fluxforge.engine.Engine` (a mixin: it uses the engine's
``_send``, locks and the C core's ``_set_track_param``/``_cmd_*`` methods).
Parameter setters write an atomic target the render ramps to; adding,
removing and EQ changes travel through the command ring. A removed track's
clip is dropped only once the render acknowledged it no longer reads it.
"""
import math
import numbers
from dataclasses import dataclass, field

from fluxforge.engine.clips import Clip, as_clip
from fluxforge.engine.types import (EQ_BAND_COUNT, EQ_KINDS, MAX_VOLUME, EqBand, TrackInfo,
                                    bus_index, check_flag, check_number, clamp)


@dataclass
class _Track:
    id: int
    slot: int
    clip: Clip
    name: str
    eq: list = field(default_factory=lambda: [None] * EQ_BAND_COUNT)


class TracksMixin:
    """Track management; see :class:`fluxforge.engine.Engine`.

    Example
    -------
    >>> tid = engine.add_track("drums.wav", bus="Music")
    >>> engine.set_track_volume(tid, 0.5); engine.set_track_pan(tid, -0.2)
    >>> engine.track(tid).volume
    0.5
    """

    def _init_tracks(self):
        self._tracks = {}                  # id -> _Track, in track order
        self._free_slots = list(range(self.max_tracks))
        self._releasing = {}               # slot -> clip the render may still read
        self._next_track_id = 1

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
        clip = as_clip(source, self.samplerate, name, source_samplerate)
        with self._lock:
            if not self._free_slots:
                self._reclaim_slots()
            if not self._free_slots:
                raise RuntimeError(f"all {self.max_tracks} track slots are in use")
            slot = self._free_slots.pop(0)
            track = _Track(self._next_track_id, slot, clip, name or clip.name)
            self._next_track_id += 1
            stereo = clip.channels == 2
            for param, value in (("volume", 1.0), ("pan", -1.0 if stereo else 0.0),
                                 ("pan_right", 1.0), ("muted", 0), ("solo", 0), ("bus", bus)):
                self._set_track_param(slot, param, value)
            self._send(self._cmd_add_track, slot, track.id, clip.data, clip.key)
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
            self._send(self._cmd_remove_track, track.slot)

    def _publish_order(self):
        tracks = list(self._tracks.values())
        self._set_track_order([t.id for t in tracks], [t.slot for t in tracks])

    def _release_slot(self, slot):
        with self._lock:
            if self._releasing.pop(slot, None) is not None:
                self._free_slots.append(slot)
                self._free_slots.sort()

    def _reclaim_slots(self):
        """Without a stream, apply pending removals now and take their slots back."""
        if not self.streaming:
            self.service()

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
            volume, pan, pan_right, muted, solo, bus = self._track_params(t.slot)
            return TrackInfo(id=t.id, name=t.name,
                             path=str(t.clip.path) if t.clip.path else None,
                             channels=t.clip.channels, frames=t.clip.frames, bus=bus,
                             volume=volume, pan=pan, pan_right=pan_right, muted=muted,
                             solo=solo, eq=tuple(t.eq))

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
            self._set_track_param(self._track(track_id).slot, param, value)

    def set_track_volume(self, track_id, volume):
        """Linear volume, clamped to [0, 2] (+6 dB); ramps, never clicks."""
        self._set(track_id, "volume", clamp(check_number(volume, "volume"), 0.0, MAX_VOLUME))

    def set_track_pan(self, track_id, pan):
        """Pan of a mono track or of a stereo track's left channel, clamped to [-1, 1]."""
        self._set(track_id, "pan", clamp(check_number(pan, "pan"), -1.0, 1.0))

    def set_track_pan_right(self, track_id, pan):
        """Pan of a stereo track's right channel, clamped to [-1, 1]."""
        self._set(track_id, "pan_right", clamp(check_number(pan, "pan"), -1.0, 1.0))

    def set_track_mute(self, track_id, muted):
        self._set(track_id, "muted", int(check_flag(muted, "muted")))

    def set_track_solo(self, track_id, solo):
        self._set(track_id, "solo", int(check_flag(solo, "solo")))

    def set_track_bus(self, track_id, bus):
        self._set(track_id, "bus", bus_index(bus))

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
        if not 0 <= band < EQ_BAND_COUNT:
            raise ValueError(f"band must be in [0, {EQ_BAND_COUNT - 1}], got {band}")
        if kind not in EQ_KINDS:
            raise ValueError(f"kind must be one of {', '.join(EQ_KINDS)}; got {kind!r}")
        freq_hz = clamp(check_number(freq_hz, "freq_hz"), 1.0, self.samplerate / 2 - 1)
        q = clamp(check_number(q, "q"), 0.01, 100.0)
        gain_db = clamp(check_number(gain_db, "gain_db"), -60.0, 24.0)
        enabled = check_flag(enabled, "enabled")
        coefs = self._design_biquad(EQ_KINDS.index(kind), freq_hz, q, gain_db)
        if not all(math.isfinite(c) for c in coefs):
            raise ValueError(f"the {kind} design at {freq_hz} Hz, q={q} is unstable")
        with self._lock:
            track = self._track(track_id)
            self._send(self._cmd_set_eq, track.slot, band, enabled, coefs)
            track.eq[band] = EqBand(kind, freq_hz, q, gain_db, enabled)
