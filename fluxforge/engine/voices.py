"""One-shot voices of the engine (middleware playback).

:class:`Voices` is the part of :class:`fluxforge.engine.Engine` that plays
them; the engine's voice methods are its methods. 256 voice slots live in
the render: a new voice takes a free slot, else steals the non-looping voice
nearest its end; looping voices are never stolen; with every slot looping
the new voice is refused (counted in ``stats()["voices_refused"]``). A stolen
voice fades out over the ramp time rather than being cut. Voices play whether
or not the transport runs. Each voice ends exactly once -
finished, stopped, stolen or refused - which the render reports through the
event ring; :meth:`Engine.service` then drops its clip (:meth:`Voices.ended`)
and calls ``engine.on_voice_ended(voice_id, reason)`` if set.

Timing is sample-accurate on ``engine.frame_clock`` (frames rendered since
the engine was created): a voice's first sample lands exactly on its
``start_frame``, also inside a block; a stop fades out from exactly its
``at_frame``. Fades are linear in gain (the k-th sample of a fade-in of F
frames has gain k/F; of a fade-out, 1 - k/F). Volume and pan changes ramp the
gain matrix over the engine's ramp time; pitch changes ramp the playback rate
(2**(cents/1200), linear interpolation between clip frames) over the same time.

Pan of a stereo voice moves both channels: 0 keeps the stereo image, +1 puts
both channels hard right, -1 hard left (left channel pan = -1 + 2*max(pan, 0),
right channel pan = 1 + 2*min(pan, 0), then the dual-pan law).
"""
import numbers

from fluxforge._engine import FADE_RAMP, VOICE_SLOTS
from fluxforge.engine.clips import as_clip
from fluxforge.engine.params import VOICE
from fluxforge.engine.types import bus_index, check_flag, check_frame, check_number, clamp

VOICE_END_REASONS = ("finished", "stopped", "stolen", "refused")
VOLUME, PAN, PITCH = VOICE["volume"], VOICE["pan"], VOICE["pitch_cents"]
MAX_PITCH_CENTS = PITCH.high
MAX_FADE_MS = 60000.0

__all__ = ["Voices", "VOICE_END_REASONS", "VOICE_SLOTS", "MAX_PITCH_CENTS", "pitch_rate"]


def pitch_rate(pitch_cents):
    """Playback rate of a pitch in cents: 2**(cents/1200), cents clamped to [-2400, 2400].

    Example
    -------
    >>> pitch_rate(1200), pitch_rate(-1200), pitch_rate(9999)
    (2.0, 0.5, 4.0)
    """
    return 2.0 ** (clamp(pitch_cents, PITCH.low, PITCH.high) / 1200.0)


class _Voice:
    """Python's record of a playing voice: its clip (kept alive) and its settings."""
    __slots__ = ("clip", "volume", "pan", "pitch_cents")

    def __init__(self, clip, volume, pan, pitch_cents):
        self.clip, self.volume, self.pan, self.pitch_cents = clip, volume, pan, pitch_cents


class Voices:
    """Voice playback.

    Parameters
    ----------
    core : fluxforge._engine.EngineCore
        For the sample rate and the render's gain matrix.
    ring, send, lock
        The engine's command ring, its sender's ``send(push, *args)``
        (:mod:`fluxforge.engine.commands`) and the lock of its Python-side records.

    Example
    -------
    >>> import numpy as np
    >>> from fluxforge import Engine
    >>> engine = Engine(48000, 256)
    >>> vid = engine.play_voice(np.full(1000, 0.5, np.float32), bus="Sfx", start_frame=100)
    >>> out = engine.render(512)
    >>> bool(out[99, 0] == 0.0), bool(out[100, 0] > 0.0)
    (True, True)
    """

    def __init__(self, core, ring, send, lock):
        self._samplerate = core.samplerate
        self._strip_gains = core.strip_gains
        self._ring, self._send = ring, send
        self._lock = lock
        self._voices = {}          # voice id -> _Voice, until the render reports its end
        self._next_voice_id = 1

    def __len__(self):
        return len(self._voices)

    # ---- argument checks ----------------------------------------------------
    def _ms_to_frames(self, ms, name):
        ms = check_number(ms, name)
        if ms < 0:
            raise ValueError(f"{name} must be >= 0, got {ms}")
        return round(min(ms, MAX_FADE_MS) * self._samplerate / 1000.0)

    def _voice_record(self, voice_id):
        """The record of a playing voice; None for an ended one; KeyError if never issued."""
        if isinstance(voice_id, bool) or not isinstance(voice_id, numbers.Integral):
            raise TypeError(f"voice id must be an int, got {type(voice_id).__name__}")
        voice_id = int(voice_id)
        record = self._voices.get(voice_id)
        if record is None and not 1 <= voice_id < self._next_voice_id:
            raise KeyError(f"unknown voice id {voice_id!r}")
        return record

    def _voice_gains(self, channels, volume, pan):
        if channels == 2:
            return self._strip_gains(volume, -1.0 + 2.0 * max(pan, 0.0),
                                     1.0 + 2.0 * min(pan, 0.0), 2)
        return self._strip_gains(volume, pan, 0.0, 1)

    # ---- the API ------------------------------------------------------------
    def play_voice(self, source, bus=0, volume=1.0, pan=0.0, loop=False, *, start_frame=None,
                   fade_in_ms=0.0, pitch_cents=0.0):
        """Start a one-shot (or looping) voice; returns its id.

        Parameters
        ----------
        source : str, pathlib.Path, numpy.ndarray or Clip
            As for :meth:`add_track` (arrays are taken at the engine's rate).
        bus : int or str
        volume : float
            Linear, clamped to [0, 2].
        pan : float
            Clamped to [-1, 1].
        loop : bool
            Loop until stopped (never stolen).
        start_frame : int or None
            ``frame_clock`` value of the voice's first sample (sample-accurate,
            also inside a block); None or a past frame: the next rendered block.
        fade_in_ms : float
            Linear fade-in from gain 0 at the first sample; >= 0 (capped at 60 s).
        pitch_cents : float
            Playback rate 2**(cents/1200), clamped to [-2400, 2400] (linear
            interpolation; +1200 plays an octave up in half the time).

        Example
        -------
        >>> import numpy as np
        >>> from fluxforge import Engine
        >>> engine = Engine(48000, 256); engine.set_dc_block(False)
        >>> vid = engine.play_voice(np.full(1000, 0.5, np.float32), pitch_cents=1200)
        >>> int(engine.render(1024).any(axis=1).sum())   # 1000 frames at twice the rate
        500
        """
        bus = bus_index(bus)
        volume = VOLUME.clamp(volume, "volume")
        pan = PAN.clamp(pan, "pan")
        loop = check_flag(loop, "loop")
        start = 0 if start_frame is None else check_frame(start_frame, "start_frame")
        fade_in = self._ms_to_frames(fade_in_ms, "fade_in_ms")
        pitch_cents = PITCH.clamp(pitch_cents, "pitch_cents")
        clip = as_clip(source, self._samplerate)
        gains = self._voice_gains(clip.channels, volume, pan)
        with self._lock:
            voice_id = self._next_voice_id
            self._next_voice_id += 1
            self._voices[voice_id] = _Voice(clip, volume, pan, pitch_cents)
            self._send(self._ring.voice_start, voice_id, clip.data, clip.key, bus, loop, gains,
                       start, fade_in, pitch_rate(pitch_cents))
        return voice_id

    def stop_voice(self, voice_id, fade_ms=None, at_frame=None):
        """Fade a voice out from ``at_frame`` over ``fade_ms``, then end it ("stopped").

        ``fade_ms`` None = the engine's ramp time, 0 = cut exactly at
        ``at_frame``; ``at_frame`` None or past = the next rendered block.
        Stopping an ended voice does nothing; an id never issued is a KeyError.
        A second stop replaces one whose fade has not begun yet.

        Example
        -------
        >>> import numpy as np
        >>> from fluxforge import Engine
        >>> engine = Engine(48000, 256); engine.set_dc_block(False)
        >>> vid = engine.play_voice(np.full(48000, 0.5, np.float32))
        >>> engine.stop_voice(vid, fade_ms=0, at_frame=300)
        >>> out = engine.render(512)
        >>> bool(out[299, 0] > 0.0), bool(out[300:].any()), engine.voice_ids
        (True, False, [])
        """
        fade = FADE_RAMP if fade_ms is None else self._ms_to_frames(fade_ms, "fade_ms")
        at = 0 if at_frame is None else check_frame(at_frame, "at_frame")
        with self._lock:
            if self._voice_record(voice_id) is not None:
                self._send(self._ring.voice_stop, int(voice_id), at, fade)

    def set_voice(self, voice_id, volume=None, pan=None, pitch_cents=None):
        """Change a playing voice, smoothed over the ramp time; None leaves a value as is.

        Clamped as in :meth:`play_voice`. Changing an ended voice does
        nothing; an id never issued is a KeyError. Everything is checked
        before anything changes.

        Example
        -------
        >>> import numpy as np
        >>> from fluxforge import Engine
        >>> engine = Engine(48000, 256)
        >>> vid = engine.play_voice(np.full(48000, 0.5, np.float32), loop=True)
        >>> engine.set_voice(vid, volume=0.5, pitch_cents=-1200)
        >>> engine.voice_settings(vid)
        {'volume': 0.5, 'pan': 0.0, 'pitch_cents': -1200.0}
        """
        if volume is not None:
            volume = VOLUME.clamp(volume, "volume")
        if pan is not None:
            pan = PAN.clamp(pan, "pan")
        if pitch_cents is not None:
            pitch_cents = PITCH.clamp(pitch_cents, "pitch_cents")
        with self._lock:
            record = self._voice_record(voice_id)
            if record is None:
                return
            gains = rate = None
            if volume is not None or pan is not None:
                record.volume = record.volume if volume is None else volume
                record.pan = record.pan if pan is None else pan
                gains = self._voice_gains(record.clip.channels, record.volume, record.pan)
            if pitch_cents is not None:
                record.pitch_cents = pitch_cents
                rate = pitch_rate(pitch_cents)
            if gains is not None or rate is not None:
                self._send(self._ring.voice_set, int(voice_id), gains, rate)

    def voice_settings(self, voice_id):
        """{'volume', 'pan', 'pitch_cents'} of a playing voice as last set (KeyError if ended)."""
        with self._lock:
            record = self._voice_record(voice_id)
            if record is None:
                raise KeyError(f"voice {voice_id!r} has ended")
            return {"volume": record.volume, "pan": record.pan,
                    "pitch_cents": record.pitch_cents}

    @property
    def voice_ids(self):
        """Ids of voices not yet reported ended (as of the last service())."""
        with self._lock:
            return list(self._voices)

    def ended(self, voice_id, reason):
        """The render ended ``voice_id``: drop its record; returns (voice_id, reason name)."""
        with self._lock:
            self._voices.pop(voice_id, None)
        return voice_id, VOICE_END_REASONS[reason] if reason < len(VOICE_END_REASONS) else "?"
