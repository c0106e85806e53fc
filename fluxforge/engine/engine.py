"""The mixing engine: a C render core (nogil, no allocation) behind a small facade.

Data flow: setters write atomic parameter targets or push commands into a
lock-free ring -> the render (C: PortAudio's thread, or offline render with
the GIL released) ramps to them, mixes tracks -> EQ -> volume/pan -> buses ->
master in float64, publishes meters under a seqlock and posts events (clip
touches, released tracks, ended voices) into a second ring, which
:meth:`Engine.service` drains.

Without a live stream, commands are applied as they are sent (nothing else
can be rendering), so the engine behaves the same whether or not one
``render()`` call happens between two edits.
"""
import threading
import time
from pathlib import Path

import numpy as np
import soundfile

from fluxforge._engine import (EVENT_CLIP_TOUCHED, EVENT_TRACK_RELEASED, EVENT_VOICE_ENDED,
                               EngineCore)
from fluxforge.cache.atomic import atomic_path
from fluxforge.engine.buses import BusesMixin
from fluxforge.engine.ducking import DuckingMixin
from fluxforge.engine.loudness import LoudnessMixin
from fluxforge.engine.tracks import TracksMixin
from fluxforge.engine.types import BUS_NAMES, check_frame
from fluxforge.engine.voices import VoicesMixin
from fluxforge.engine.render_file import open_render_file

__all__ = ["Engine", "BUS_NAMES"]

RING_FULL_TIMEOUT_S = 2.0
FILE_CHUNK_FRAMES = 65536


class Engine(TracksMixin, BusesMixin, VoicesMixin, DuckingMixin, LoudnessMixin, EngineCore):
    """A real-time stereo mixing engine.

    Parameters
    ----------
    samplerate : int
        Hz (default 48000); clips at other rates are resampled on load.
    blocksize : int
        Frames per render block (default 512); ramps last one block by default.
    max_tracks : int
        Track slots allocated up front (default 512).
    loudness : bool
        Meter live loudness on the master and every bus (default True; see
        :mod:`fluxforge.engine.loudness`).

    Examples
    --------
    >>> import numpy as np
    >>> engine = Engine(48000, 512)
    >>> tid = engine.add_track(np.full(4800, 0.5, np.float32), name="dc")
    >>> engine.play()
    >>> out = engine.render(1024)
    >>> out.shape, out.dtype
    ((1024, 2), dtype('float32'))
    >>> engine
    <Engine 48000 Hz, 512-frame blocks, 1 tracks, 0 voices, playing>
    """

    def __init__(self, samplerate=48000, blocksize=512, max_tracks=512, loudness=True):
        self._lock = threading.RLock()          # Python-side bookkeeping
        self._render_lock = threading.Lock()    # one offline render / in-place apply at a time
        self._service_lock = threading.Lock()   # one consumer of the event ring
        self._stream = None
        self._stream_closed = False
        self._command_ring_waits = 0     # times a command found the ring full and waited
        self._loop = None
        self.on_clip_touched = None
        self._init_tracks()
        self._init_buses()
        self._init_voices()
        self._init_ducking()
        self._init_loudness(loudness)

    def __repr__(self):
        state = "streaming" if self.streaming else ("playing" if self.playing else "stopped")
        return (f"<Engine {self.samplerate} Hz, {self.blocksize}-frame blocks, "
                f"{len(self._tracks)} tracks, {len(self._voices)} voices, {state}>")

    # ---- commands ---------------------------------------------------------
    def _send(self, push, *args):
        """Push one command; apply it at once when no stream renders."""
        deadline = time.monotonic() + RING_FULL_TIMEOUT_S
        while True:
            with self._render_lock:
                pushed = push(*args)
                if not self.streaming:
                    self._apply_commands()
            if pushed:
                return
            self._command_ring_waits += 1
            if time.monotonic() > deadline:
                raise RuntimeError("the engine's command ring is full: the audio thread "
                                   "is not draining it")
            time.sleep(0.001)

    # ---- transport -----------------------------------------------------------
    def play(self):
        """Start the transport: tracks play from ``position`` at the next block.

        The start is immediate (at full level); :meth:`stop` fades out.
        """
        self._set_global("play", 1)

    def stop(self):
        """Stop the transport without a click: the tracks fade out over one ramp (the
        transport runs on through it), then it rests where stop was asked, which is
        also the ``position`` reported at once. play() during the fade cancels it.
        Voices keep playing; stopped meters fall -60 dB in 300 ms.
        """
        self._set_global("play", 0)

    @property
    def playing(self):
        return self._globals()["play"]

    def seek(self, frame):
        """Move the transport to ``frame`` (an int >= 0); ``position`` reports it at once.

        At rest the jump is immediate. While playing it does not click: the
        tracks fade out over one ramp, jump, and fade back in.
        """
        self._seek(check_frame(frame, "frame"))

    @property
    def position(self):
        """Transport position in frames (a pending seek counts at once)."""
        return self._position()

    @property
    def frame_clock(self):
        """Frames rendered since the engine was created (live or offline, playing or not).

        The time base of voices (``start_frame``, ``at_frame``) and of the middleware.

        Example
        -------
        >>> engine = Engine(48000, 256)
        >>> _ = engine.render(1000)
        >>> engine.frame_clock
        1000
        """
        return self._frame_clock()

    def set_loop(self, start, end):
        """Loop the transport over frames [start, end) (0 <= start < end).

        Playback wraps to ``start`` when it reaches ``end`` from inside the
        range; a position beyond ``end`` plays on.
        """
        start, end = check_frame(start, "start"), check_frame(end, "end")
        if start >= end:
            raise ValueError(f"loop start must be before its end, got [{start}, {end})")
        with self._lock:
            self._send(self._cmd_loop, True, start, end)
            self._loop = (start, end)

    def clear_loop(self):
        with self._lock:
            self._send(self._cmd_loop, False, 0, 0)
            self._loop = None

    @property
    def loop(self):
        """(start, end) of the loop, or None."""
        return self._loop

    def reset(self):
        """Clear the engine's memories: end every voice, zero EQ filter state, meters and
        the DC blocker, start a new loudness measurement. Tracks, settings, loop and
        position stay.

        Example
        -------
        >>> engine.reset()
        """
        self._send(self._cmd_reset)

    # ---- offline render -------------------------------------------------------
    def render(self, frames):
        """Render ``frames`` frames offline; returns float32 (frames, 2).

        The same C function the live stream calls, with the GIL released.
        Deterministic: the same session renders identical samples. Raises
        RuntimeError("engine is streaming") while a live stream runs.
        """
        frames = check_frame(frames, "frames")
        out = np.empty((frames, 2), dtype=np.float32)
        with self._render_lock:
            if self.streaming:
                raise RuntimeError("engine is streaming")
            self._render_into(out)
        if self._events_pending():      # commands were applied as they were sent
            self.service()
        return out

    def render_to_file(self, path, frames, subtype=None):
        """Render ``frames`` frames into an audio file (format from the extension).

        ``subtype`` defaults to 32-bit float where the format has it (WAV,
        AIFF, ...), else soundfile's default. The file appears complete or
        not at all (written to a temporary file, then renamed), and holds no
        time stamp: the same session gives the same bytes.

        Example
        -------
        >>> engine.render_to_file("mix.wav", 48000)
        PosixPath('mix.wav')
        """
        path = Path(path)
        frames = check_frame(frames, "frames")
        fmt = path.suffix[1:].upper()
        if fmt not in soundfile.available_formats():
            raise ValueError(f"unsupported audio file extension {path.suffix!r}")
        if subtype is None:
            subtype = "FLOAT" if "FLOAT" in soundfile.available_subtypes(fmt) else None
        if subtype is not None and not soundfile.check_format(fmt, subtype):
            raise ValueError(f"subtype {subtype!r} is not valid for {fmt} files")
        with atomic_path(path) as tmp, open_render_file(tmp, self.samplerate, fmt, subtype) as out:
            done = 0
            while done < frames:
                chunk = min(FILE_CHUNK_FRAMES, frames - done)
                out.write(self.render(chunk))
                done += chunk
        return path

    # ---- events from the render ---------------------------------------------
    def service(self):
        """Drain the render's event ring: release clips, report touches and ended voices.

        Called by render() and, while streaming, by the stream's
        housekeeping thread. Calls ``on_clip_touched(key)`` and
        ``on_voice_ended(voice_id, reason)`` when set. Returns the number of
        events handled.
        """
        with self._service_lock:
            with self._render_lock:         # checked under the lock start() holds
                if not self.streaming:
                    self._apply_commands()
            events = self._drain_events()
        touched, ended = [], []
        for kind, slot, value in events:
            if kind == EVENT_TRACK_RELEASED:
                self._release_slot(slot)
            elif kind == EVENT_VOICE_ENDED:
                ended.append(self._voice_ended(value, slot))
            elif kind == EVENT_CLIP_TOUCHED:
                touched.append(value)
        on_touch, on_end = self.on_clip_touched, self.on_voice_ended
        if on_touch is not None:
            for key in touched:
                on_touch(key)
        if on_end is not None:
            for voice_id, reason in ended:
                on_end(voice_id, reason)
        return len(events)

    # ---- live output (fluxforge.engine.stream, imported only when used) --------------
    @property
    def streaming(self):
        """True while a live stream may call the render."""
        stream = self._stream
        return stream is not None and stream.rendering

    @property
    def device_name(self):
        return self._stream.device.name if self._stream is not None else None

    def start(self, device=None, latency=None):
        """Play live through PortAudio (see :class:`fluxforge.engine.stream.EngineStream`).

        Builds the stream on first use (``fluxforge.engine.stream`` is imported
        only here); after :meth:`close` a new one is built. Raises
        RuntimeError while a closed stream is still being let go by
        PortAudio (two streams must never render at once).
        """
        from fluxforge.engine.stream import EngineStream
        with self._render_lock:
            if self._stream is not None and self._stream_closed:
                if self._stream.rendering:
                    raise RuntimeError("the previous stream is still closing; try again")
                self._stream = None
            if self._stream is None:
                self._stream = EngineStream(self, device=device, latency=latency)
                self._stream_closed = False
            self._stream.start()

    def stop_stream(self):
        """Stop live output (the transport is :meth:`stop`)."""
        if self._stream is not None:
            self._stream.stop()

    def close(self):
        """Stop and close live output; the engine still renders offline."""
        stream = self._stream
        if stream is not None:
            stream.close()
            self._stream_closed = True
            if not stream.rendering:
                self._stream = None

    def __enter__(self):
        """``with Engine() as engine:`` closes any live stream on exit (it starts none)."""
        return self

    def __exit__(self, *exc_info):
        self.close()

    def stats(self):
        """Render counters, merged with the live stream's statistics when there is one.

        Keys: calls, blocks, frames, commands, commands_ignored, events_dropped
        (render -> Python ring overflows), command_ring_waits (Python -> render
        ring full: the sender waited for the audio thread), voices_started,
        voices_refused, voices_stolen, render_ns_total, render_ns_max,
        render_ns_mean, tracks, voices; plus the stream's keys prefixed
        ``stream_``.
        """
        result = self._core_stats()
        blocks = result["blocks"]
        result["render_ns_mean"] = result["render_ns_total"] / blocks if blocks else 0.0
        result["command_ring_waits"] = self._command_ring_waits
        with self._lock:
            result["tracks"] = len(self._tracks)
            result["voices"] = len(self._voices)
        if self._stream is not None:
            result.update({f"stream_{k}": v for k, v in self._stream.stats().items()})
        return result
