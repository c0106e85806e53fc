"""The mixing engine: a C render core (nogil, no allocation) behind a small facade.

Data flow: setters write atomic parameter targets or push commands into a
lock-free ring -> the render (C: PortAudio's thread, or offline render with
the GIL released) ramps to them, mixes tracks -> EQ -> volume/pan -> buses ->
master in float64, publishes meters under a seqlock and posts events (clip
touches, released tracks, ended voices) into a second ring, which
:meth:`Engine.service` drains (:mod:`fluxforge.engine.events` hands them on).

An :class:`Engine` owns the compiled core and its handles (parameter store,
meter and loudness readers, command ring: ``fluxforge._engine``) and the parts
built on them, each given what it needs (tracks, buses, voices, ducking, live
loudness, transport, command sender, live output: one module each here).
The parts' methods are the engine's (listed at the end of the class); the
transport reads, the render, the per-frame fast paths and the event service
are defined here.
"""
import threading

import numpy as np

from fluxforge._engine import CommandRing, EngineCore, LoudnessReader, MeterReader, ParamStore
from fluxforge.engine.buses import Buses
from fluxforge.engine.commands import CommandSender
from fluxforge.engine.ducking import Ducking
from fluxforge.engine.events import dispatch_events
from fluxforge.engine.forward import PartMethod, fast_path, weak_callable
from fluxforge.engine.live import LiveOutput
from fluxforge.engine.loudness import Loudness
from fluxforge.engine.params import MASTER, TRACK
from fluxforge.engine.render_file import render_to_file
from fluxforge.engine.tracks import Tracks
from fluxforge.engine.transport import Transport
from fluxforge.engine.types import BUS_NAMES, check_frame
from fluxforge.engine.voices import Voices

__all__ = ["Engine", "BUS_NAMES"]

PLAY = MASTER["play"].c_index


class Engine:
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
        Meter live loudness of every bus (default True; :mod:`fluxforge.engine.loudness`).

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

    BUS_NAMES = BUS_NAMES

    def __init__(self, samplerate=48000, blocksize=512, max_tracks=512, loudness=True):
        self._core = core = EngineCore(samplerate, blocksize, max_tracks)
        self._params = ParamStore(core, TRACK.limits())
        self._meters = MeterReader(core)
        self._ring = ring = CommandRing(core)
        self._lock = threading.RLock()          # Python-side bookkeeping of every part
        self._render_lock = threading.Lock()    # one offline render / in-place apply at a time
        self._service_lock = threading.Lock()   # one consumer of the event ring
        self._live = LiveOutput(self._render_lock)
        self._commands = CommandSender(ring, self._render_lock, self._live)
        send = self._commands.send
        self._tracks = Tracks(core, self._params, ring, send, self._lock,
                              weak_callable(self._reclaim_slots))
        self._buses = Buses(core.samplerate, self._params, ring, send, self._lock)
        self._voices = Voices(core, ring, send, self._lock)
        self._ducking = Ducking(ring, send, self._lock)
        self._transport = Transport(core, self._params, ring, send, self._lock)
        self._loudness = Loudness(LoudnessReader(core), ring, send, loudness)
        self.on_clip_touched = None
        self.on_voice_ended = None

    def __repr__(self):
        state = "streaming" if self.streaming else ("playing" if self.playing else "stopped")
        return (f"<Engine {self.samplerate} Hz, {self.blocksize}-frame blocks, "
                f"{len(self._tracks)} tracks, {len(self._voices)} voices, {state}>")

    @property
    def samplerate(self):
        """Frames per second of the render, Hz."""
        return self._core.samplerate

    @property
    def blocksize(self):
        """Frames per render block."""
        return self._core.blocksize

    @property
    def max_tracks(self):
        """Track slots allocated up front."""
        return self._core.max_tracks

    # ---- transport reads (the commands are the Transport part's) ----------------
    @property
    def playing(self):
        """True after play() until stop()."""
        return bool(self._params.get_global(PLAY))

    @property
    def position(self):
        """Transport position in frames (a pending seek counts at once)."""
        return self._core.position()

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
        return self._core.frame_clock()

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
            if self._live.streaming:
                raise RuntimeError("engine is streaming")
            self._core.render_into(out)
        if self._ring.events_pending():      # commands were applied as they were sent
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
        return render_to_file(self, path, frames, subtype)

    def _render_entry(self):
        """(C render function, its state) addresses, for the live stream's callback."""
        return self._core.render_entry()

    # ---- per-frame fast paths: on an engine, the compiled methods themselves ----
    @fast_path("_params")
    def batch_set_track_params(self, track_ids, volumes=None, pans=None, muted=None, solo=None,
                               pans_right=None):
        """Set many tracks' parameters in one call; returns how many ids were applied.

        None leaves a parameter unchanged; volumes are clamped to [0, 2], pans
        and pans_right to [-1, 1] (``pans`` sets ``pan``, the left channel's
        pan of a stereo track; ``pans_right`` sets ``pan_right``, its right
        channel's, as :meth:`set_track_pan_right` does); unknown ids are
        skipped. Everything is validated before anything is applied, so bad
        input changes nothing. The values are plain atomic stores (the
        compiled ``ParamStore``, ranges from :data:`fluxforge.engine.params.TRACK`);
        the render recomputes solo once per block.

        Examples
        --------
        >>> engine.batch_set_track_params([a, b], volumes=[0.5, 1.0], muted=[False, True])
        2
        >>> engine.batch_set_track_params([a], pans=[-0.5], pans_right=[0.5])
        1
        """
        return self._params.batch_set_track_params(track_ids, volumes, pans, muted, solo,
                                                   pans_right)

    @fast_path("_meters")
    def read_meters(self, ids, peak_l, peak_r, rms_l, rms_r, corr, bus_meters=None):
        """Copy every track's meters, in track order, into caller arrays; return the count.

        ``ids`` (uint64 or int64) receives the track ids, the float64 arrays
        peak/RMS per side and the correlation. Arrays must be 1-D, contiguous,
        writeable and hold at least ``len(track_ids)`` values. ``bus_meters``,
        if given, is a C-contiguous float64 array of shape (BUS_COUNT, 5) that
        receives each bus's ``peak_l, peak_r, rms_l, rms_r, corr`` (row 0 =
        the master output), taken from the same snapshot as the tracks: one
        call reads every meter of a UI frame. Nothing is allocated: call it
        every UI frame with the same arrays.

        Examples
        --------
        >>> n = engine.read_meters(ids, pl, pr, rl, rr, corr)
        >>> buses = np.zeros((BUS_COUNT, 5))
        >>> n = engine.read_meters(ids, pl, pr, rl, rr, corr, bus_meters=buses)
        """
        return self._meters.read_meters(ids, peak_l, peak_r, rms_l, rms_r, corr, bus_meters)

    @fast_path("_meters")
    def read_bus_meters(self, peak_l, peak_r, rms_l, rms_r, corr):
        """Copy the six bus meters (bus 0 = the master output) into caller arrays; return 6.

        To read the tracks' and buses' meters in one call (one snapshot), pass
        ``bus_meters`` to :meth:`read_meters` instead.

        Examples
        --------
        >>> engine.read_bus_meters(pl, pr, rl, rr, corr)
        6
        """
        return self._meters.read_bus_meters(peak_l, peak_r, rms_l, rms_r, corr)

    @fast_path("_meters")
    def read_ducking(self, out):
        """Copy each bus's current ducking gain in dB into ``out``; returns None.

        ``out`` is a caller's 1-D contiguous writeable float64 array with room
        for BUS_COUNT values (BUS_NAMES order); 0.0 = not ducked, negative =
        ducked. Nothing is allocated: call it every UI frame with the same
        array.

        Examples
        --------
        >>> out = np.ones(6)
        >>> Engine(48000, 256).read_ducking(out)
        >>> out.tolist()
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        """
        return self._meters.read_ducking(out)

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
                if not self._live.streaming:
                    self._ring.apply()
            events = self._ring.drain_events()
        dispatch_events(events, self._tracks, self._voices, self.on_clip_touched,
                        self.on_voice_ended)
        return len(events)

    def _reclaim_slots(self):
        """Without a stream, apply pending removals now so their slots come back."""
        if not self._live.streaming:
            self.service()

    # ---- live output (fluxforge.engine.live) -----------------------------------
    @property
    def streaming(self):
        """True while a live stream may call the render."""
        return self._live.streaming

    @property
    def device_name(self):
        return self._live.device_name

    def start(self, device=None, latency=None):
        """Play live through PortAudio (see :class:`fluxforge.engine.stream.EngineStream`).

        Builds the stream on first use (``fluxforge.engine.stream`` is imported
        only here); after :meth:`close` a new one is built. Raises
        RuntimeError while a closed stream is still being let go by
        PortAudio (two streams must never render at once).
        """
        self._live.start(self, device, latency)

    stop_stream = PartMethod("_live", LiveOutput.stop_stream)
    close = PartMethod("_live", LiveOutput.close)

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
        result = self._core.stats()
        blocks = result["blocks"]
        result["render_ns_mean"] = result["render_ns_total"] / blocks if blocks else 0.0
        result["command_ring_waits"] = self._commands.waits
        with self._lock:
            result["tracks"] = len(self._tracks)
            result["voices"] = len(self._voices)
        result.update(self._live.stats())
        return result

    # ---- the parts' methods ----------------------------------------------------
    play = PartMethod("_transport", Transport.play)
    stop = PartMethod("_transport", Transport.stop)
    seek = PartMethod("_transport", Transport.seek)
    set_loop = PartMethod("_transport", Transport.set_loop)
    clear_loop = PartMethod("_transport", Transport.clear_loop)
    reset = PartMethod("_transport", Transport.reset)

    @property
    def loop(self):
        """(start, end) of the loop, or None."""
        return self._transport.loop

    add_track = PartMethod("_tracks", Tracks.add_track)
    remove_track = PartMethod("_tracks", Tracks.remove_track)
    track = PartMethod("_tracks", Tracks.track)
    clip_data = PartMethod("_tracks", Tracks.clip_data)
    set_track_volume = PartMethod("_tracks", Tracks.set_track_volume)
    set_track_pan = PartMethod("_tracks", Tracks.set_track_pan)
    set_track_pan_right = PartMethod("_tracks", Tracks.set_track_pan_right)
    set_track_mute = PartMethod("_tracks", Tracks.set_track_mute)
    set_track_solo = PartMethod("_tracks", Tracks.set_track_solo)
    set_track_bus = PartMethod("_tracks", Tracks.set_track_bus)
    set_track_eq = PartMethod("_tracks", Tracks.set_track_eq)

    @property
    def track_ids(self):
        """Track ids in track order (a new list)."""
        return self._tracks.track_ids

    @property
    def length_frames(self):
        """Frames of the longest track (0 without tracks)."""
        return self._tracks.length_frames

    set_bus_volume = PartMethod("_buses", Buses.set_bus_volume)
    set_bus_pan = PartMethod("_buses", Buses.set_bus_pan)
    set_bus_pan_right = PartMethod("_buses", Buses.set_bus_pan_right)
    set_bus_mute = PartMethod("_buses", Buses.set_bus_mute)
    set_bus_solo = PartMethod("_buses", Buses.set_bus_solo)
    set_bus_output = PartMethod("_buses", Buses.set_bus_output)
    bus_state = PartMethod("_buses", Buses.bus_state)
    set_master_volume = PartMethod("_buses", Buses.set_master_volume)
    set_soft_clip = PartMethod("_buses", Buses.set_soft_clip)
    set_dc_block = PartMethod("_buses", Buses.set_dc_block)
    set_meter_decay = PartMethod("_buses", Buses.set_meter_decay)
    set_ramp_time = PartMethod("_buses", Buses.set_ramp_time)
    master_state = PartMethod("_buses", Buses.master_state)

    play_voice = PartMethod("_voices", Voices.play_voice)
    stop_voice = PartMethod("_voices", Voices.stop_voice)
    set_voice = PartMethod("_voices", Voices.set_voice)
    voice_settings = PartMethod("_voices", Voices.voice_settings)

    @property
    def voice_ids(self):
        """Ids of voices not yet reported ended (as of the last service())."""
        return self._voices.voice_ids

    add_ducking = PartMethod("_ducking", Ducking.add_ducking)
    remove_ducking = PartMethod("_ducking", Ducking.remove_ducking)
    clear_ducking = PartMethod("_ducking", Ducking.clear_ducking)

    @property
    def ducking_rules(self):
        """{rule id: DuckingRule} of the rules in force."""
        return self._ducking.ducking_rules

    read_loudness = PartMethod("_loudness", Loudness.read_loudness)   # a fast path
    loudness = PartMethod("_loudness", Loudness.loudness)
    reset_loudness = PartMethod("_loudness", Loudness.reset_loudness)
    set_loudness_enabled = PartMethod("_loudness", Loudness.set_loudness_enabled)

    @property
    def loudness_enabled(self):
        """True while live loudness is metered."""
        return self._loudness.loudness_enabled
