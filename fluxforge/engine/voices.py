"""One-shot voices of the engine (middleware playback).

Part of :class:`fluxforge.engine.Engine` (a mixin). 256 voice slots live in
the render: a new voice takes a free slot, else steals the non-looping voice
nearest its end; looping voices are never stolen; with every slot looping
the new voice is refused (counted in ``stats()["voices_refused"]``). A stolen
voice fades out over the ramp time rather than being cut. Voices play whether
or not the transport runs. Each voice ends exactly once -
finished, stopped, stolen or refused - which the render reports through the
event ring; :meth:`Engine.service` then drops its clip and calls
``engine.on_voice_ended(voice_id, reason)`` if set.

Pan of a stereo voice moves both channels: 0 keeps the stereo image, +1 puts
both channels hard right, -1 hard left (left channel pan = -1 + 2*max(pan, 0),
right channel pan = 1 + 2*min(pan, 0), then the dual-pan law).
"""
import numbers

from fluxforge.engine.clips import as_clip
from fluxforge.engine.types import MAX_VOLUME, bus_index, check_flag, check_number, clamp

VOICE_END_REASONS = ("finished", "stopped", "stolen", "refused")


class VoicesMixin:
    """Voice playback; see :class:`fluxforge.engine.Engine`.

    Example
    -------
    >>> vid = engine.play_voice("coin.wav", bus="Sfx", pan=0.4)  # doctest: +SKIP
    >>> engine.stop_voice(vid)  # doctest: +SKIP
    """

    def _init_voices(self):
        self._voices = {}          # voice id -> Clip, until the render reports its end
        self._next_voice_id = 1
        self.on_voice_ended = None

    def play_voice(self, source, bus=0, volume=1.0, pan=0.0, loop=False):
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

        Example
        -------
        >>> vid = engine.play_voice("coin.wav", bus="Sfx", volume=0.8, pan=0.3)  # doctest: +SKIP
        """
        bus = bus_index(bus)
        volume = clamp(check_number(volume, "volume"), 0.0, MAX_VOLUME)
        pan = clamp(check_number(pan, "pan"), -1.0, 1.0)
        loop = check_flag(loop, "loop")
        clip = as_clip(source, self.samplerate)
        if clip.channels == 2:
            gains = self._strip_gains(volume, -1.0 + 2.0 * max(pan, 0.0),
                                      1.0 + 2.0 * min(pan, 0.0), 2)
        else:
            gains = self._strip_gains(volume, pan, 0.0, 1)
        with self._lock:
            voice_id = self._next_voice_id
            self._next_voice_id += 1
            self._voices[voice_id] = clip
            self._send(self._cmd_voice_start, voice_id, clip.data, clip.key, bus, loop, gains)
        return voice_id

    def stop_voice(self, voice_id):
        """Fade a voice out (over the ramp time) and end it; KeyError if it already ended."""
        if isinstance(voice_id, bool) or not isinstance(voice_id, numbers.Integral):
            raise TypeError(f"voice id must be an int, got {type(voice_id).__name__}")
        with self._lock:
            if int(voice_id) not in self._voices:
                raise KeyError(f"unknown or ended voice id {voice_id!r}")
            self._send(self._cmd_voice_stop, int(voice_id))

    @property
    def voice_ids(self):
        """Ids of voices not yet reported ended (as of the last service())."""
        with self._lock:
            return list(self._voices)

    def _voice_ended(self, voice_id, reason):
        with self._lock:
            self._voices.pop(voice_id, None)
        return voice_id, VOICE_END_REASONS[reason] if reason < len(VOICE_END_REASONS) else "?"
