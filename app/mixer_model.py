"""The UI-side mixer model: the only part of the surface that calls the engine.

Widgets edit :class:`StripModel` properties. The model notes which strips
changed, and once per frame (:meth:`MixerModel.frame`, scheduled on Kivy's
clock) it sends all track edits of that frame as ONE
``batch_set_track_params`` call (a stereo track's balance travels as its
``pans`` and ``pans_right``, see :mod:`app.balance`), then reads every
track's and bus's meters with ONE ``read_meters`` call (``bus_meters=``) and
every bus's live loudness with ONE ``read_loudness`` call into preallocated
arrays, updates peak holds, clip latches and the loudness readings
(:mod:`app.loudness_state`), and dispatches ``on_meters`` once so the surface
can redraw the visible meters.

Engine calls per frame: 0 or 1 batch call (however many strips changed, balance
moves included), 1 ``read_meters``, 1 ``read_loudness``, 1 ``read_ducking`` (each bus strip's ``duck_db``), plus the ``position``/``playing`` reads;
bus/master edits and track re-routing (rare) add one setter per edit.
"""
import math
import time

import numpy as np
from kivy.clock import Clock
from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, NumericProperty

from fluxforge.constants import BUS_COUNT

from .balance import balance_to_dual_pan, dual_pan_to_balance
from .loudness_state import LoudnessState
from .meter_state import MeterState
from .offline_clock import OfflineClock
from .strip_model import EDITABLE, PALETTE, StripModel
from .taper import db_to_volume, volume_to_db

#: columns of the bus meter rows read_meters fills: peak_l, peak_r, rms_l, rms_r, corr
BUS_METER_FIELDS = 5


def _db_of(volume):
    return volume_to_db(max(float(volume), 0.0))


class MixerModel(EventDispatcher):
    """Strips, transport state and the per-frame link to the engine.

    Parameters
    ----------
    engine : fluxforge.Engine
        The engine; its tracks (in ``track_ids`` order) become strips.
    offline : bool
        No audio device: each frame renders the elapsed audio itself
        (see :class:`app.offline_clock.OfflineClock`).
    time_fn : callable
        Seconds clock used for peak-hold timing (``time.monotonic``).
    colors : sequence of RGBA tuples (or None entries), optional
        Strip colours in track order; missing ones come from ``PALETTE``.

    Example
    -------
    >>> model = MixerModel(engine, offline=True)
    >>> model.tracks[0].volume_db = -6.0
    >>> model.frame(1 / 60)  # one batch call, one meter read
    >>> round(engine.track(engine.track_ids[0]).volume, 3)
    0.501
    """

    playing = BooleanProperty(False)
    looping = BooleanProperty(False)
    position_frames = NumericProperty(0)
    length_frames = NumericProperty(0)
    fine = BooleanProperty(False)
    """Fine mode for every fader and pan knob (bound by the strips)."""

    __events__ = ("on_meters",)

    def __init__(self, engine, offline=False, time_fn=time.monotonic, colors=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(time_fn):
            raise TypeError("time_fn must be callable")
        self._colors = list(colors or ())
        self.engine = engine
        self.time_fn = time_fn
        self.offline_clock = OfflineClock(engine) if offline else None
        self.bus_names = tuple(engine.BUS_NAMES)
        self.samplerate = int(engine.samplerate)
        track_ids = engine.track_ids
        n = len(track_ids)
        self._track_pans = np.zeros((n, 2))  # (pan, pan_right) each track last sent / had
        self.tracks = [self._track_strip(i, tid) for i, tid in enumerate(track_ids)]
        self.master = self._bus_strip(n, 0, "master")
        self.buses = [self._bus_strip(n + b, b, "bus") for b in range(1, BUS_COUNT)]
        self.meters = MeterState(n + BUS_COUNT)
        self.loudness = LoudnessState(self.buses)
        self._corr = np.zeros(n + BUS_COUNT)
        self._bus_meters = np.zeros((BUS_COUNT, BUS_METER_FIELDS))
        self._bus_copies = ((self.meters.levels[:4, n:], self._bus_meters[:, :4].T),
                            (self._corr[n:], self._bus_meters[:, 4]))
        self._meter_ids = np.zeros(n, dtype=np.uint64)
        self._duck_db = np.zeros(BUS_COUNT)
        self._batch_ids = np.zeros(n, dtype=np.uint64)
        self._batch_volumes = np.zeros(n)
        self._batch_pans = np.zeros(n)
        self._batch_pans_right = np.zeros(n)
        self._batch_muted = np.zeros(n, dtype=bool)
        self._batch_solo = np.zeros(n, dtype=bool)
        self._dirty_tracks = {}
        self._dirty_routes = {}
        self._dirty_buses = {}
        self._solo_changed = False
        self.length_frames = int(engine.length_frames)
        self.stats = {"frames": 0, "batch_calls": 0, "meter_reads": 0, "edits_sent": 0}
        self._event = None
        self._update_implicit_mutes()

    # -- building -------------------------------------------------------
    def _track_strip(self, index, track_id):
        info = self.engine.track(track_id)
        stereo = int(info.channels) == 2
        self._track_pans[index] = (info.pan, info.pan_right)
        strip = StripModel(
            kind="track", index=index, ident=int(track_id), name=info.name or f"Track {index + 1}",
            color=self._color_of(index), volume_db=_db_of(info.volume),
            pan=dual_pan_to_balance(info.pan, info.pan_right) if stereo else float(info.pan),
            muted=bool(info.muted), solo=bool(info.solo),
            bus=int(info.bus), bus_name=self.bus_names[int(info.bus)],
            stereo=stereo, frames=int(info.frames))
        for prop in EDITABLE:
            strip.fbind(prop, self._on_track_edit, prop)
        return strip

    def _color_of(self, index):
        given = self._colors[index] if index < len(self._colors) else None
        return tuple(given) if given else PALETTE[index % len(PALETTE)]

    def _bus_strip(self, index, bus, kind):
        strip = StripModel(kind=kind, index=index, ident=bus, name=self.bus_names[bus], stereo=True,
                           color=(0.55, 0.55, 0.6, 1) if kind == "bus" else (0.9, 0.9, 0.9, 1))
        if kind == "master":
            strip.volume_db = _db_of(self.engine.master_state().volume)
        else:
            state = self.engine.bus_state(bus)
            strip.volume_db = _db_of(state.volume)
            strip.pan = dual_pan_to_balance(state.pan, state.pan_right)
            strip.muted, strip.solo = bool(state.muted), bool(state.solo)
        for prop in ("volume_db", "pan", "muted", "solo"):
            strip.fbind(prop, self._on_bus_edit, prop)
        return strip

    # -- edit collection --------------------------------------------------
    def _on_track_edit(self, prop, strip, value):
        if prop == "bus":
            strip.bus_name = self.bus_names[int(value)]
            self._dirty_routes[strip.index] = strip
            return
        self._dirty_tracks[strip.index] = strip
        if prop == "pan":
            pans = self._track_pans[strip.index]
            if strip.stereo:  # a session's own dual pan stays until the knob moves
                pans[:] = balance_to_dual_pan(value)
            else:
                pans[0] = value
        if prop == "solo":
            self._solo_changed = True

    def _on_bus_edit(self, prop, strip, value):
        self._dirty_buses[strip.index] = strip
        if prop == "solo":
            self._solo_changed = True

    def _update_implicit_mutes(self):
        for group in (self.tracks, self.buses):
            any_solo = any(s.solo for s in group)
            for s in group:
                s.implicit_muted = any_solo and not s.solo

    def _flush_track_edits(self):
        dirty = self._dirty_tracks
        count = len(dirty)
        ids, volumes, pans = self._batch_ids, self._batch_volumes, self._batch_pans
        pans_right, muted, solo = self._batch_pans_right, self._batch_muted, self._batch_solo
        track_pans = self._track_pans
        for j, strip in enumerate(dirty.values()):
            ids[j] = strip.ident
            volumes[j] = strip.volume_db
            pans[j], pans_right[j] = track_pans[strip.index]
            muted[j] = strip.muted
            solo[j] = strip.solo
        dirty.clear()
        db = volumes[:count]
        np.power(10.0, db / 20.0, out=db)  # dB -> volume for all at once; -inf -> 0
        self.engine.batch_set_track_params(
            self._batch_ids[:count], volumes=self._batch_volumes[:count],
            pans=self._batch_pans[:count], pans_right=self._batch_pans_right[:count],
            muted=self._batch_muted[:count], solo=self._batch_solo[:count])
        self.stats["batch_calls"] += 1
        self.stats["edits_sent"] += count

    def _flush_rare_edits(self):
        engine = self.engine
        for strip in self._dirty_routes.values():
            engine.set_track_bus(strip.ident, int(strip.bus))
        self._dirty_routes.clear()
        for strip in self._dirty_buses.values():
            volume = db_to_volume(strip.volume_db)
            if strip.kind == "master":
                engine.set_master_volume(volume)
                continue
            pan_left, pan_right = balance_to_dual_pan(strip.pan)
            engine.set_bus_volume(strip.ident, volume)
            engine.set_bus_pan(strip.ident, pan_left)
            engine.set_bus_pan_right(strip.ident, pan_right)
            engine.set_bus_mute(strip.ident, strip.muted)
            engine.set_bus_solo(strip.ident, strip.solo)
        self._dirty_buses.clear()

    def send_edits(self):
        """Send the edits collected since the last call: all track edits in
        one batch call, then any (rare) re-routing and bus/master edits."""
        if self._dirty_tracks:
            self._flush_track_edits()
        if self._dirty_routes or self._dirty_buses:
            self._flush_rare_edits()
        if self._solo_changed:
            self._solo_changed = False
            self._update_implicit_mutes()

    # -- the frame --------------------------------------------------------
    def frame(self, dt):
        """One UI frame: send edits, read meters, update holds, notify."""
        self.send_edits()
        if self.offline_clock is not None:
            self.offline_clock.advance(dt)
        self._read_meters()
        self.engine.read_ducking(self._duck_db)
        for strip in self.buses:
            strip.duck_db = float(self._duck_db[strip.ident])
        for index in self.meters.update(self.time_fn()):
            self.strip_at(int(index)).clipped = True
        self.loudness.refresh()
        engine = self.engine
        self.position_frames = engine.position
        self.playing = engine.playing
        self.stats["frames"] += 1
        self.dispatch("on_meters")

    def _read_meters(self):
        n = len(self.tracks)
        lv, corr = self.meters.levels, self._corr
        self.engine.read_meters(self._meter_ids, lv[0, :n], lv[1, :n], lv[2, :n], lv[3, :n],
                                corr[:n], bus_meters=self._bus_meters)
        self.engine.read_loudness(self.loudness.rows)
        for dst, src in self._bus_copies:  # the bus rows into the strips' meter columns
            np.copyto(dst, src)
        self.stats["meter_reads"] += 1

    def on_meters(self):
        """Default handler of the once-per-frame meter event (Kivy requires
        one for every registered event; listeners bind to ``on_meters``)."""

    def strip_at(self, index):
        """The strip whose meters live in column ``index``."""
        n = len(self.tracks)
        if 0 <= index < n:
            return self.tracks[index]
        if index == n:
            return self.master
        if n < index < n + BUS_COUNT:
            return self.buses[index - n - 1]
        raise IndexError(f"no strip in meter column {index}")

    def load_overviews(self, pyramids):
        """Fetch the tracks' overview waveforms from ``pyramids`` (a
        ``WaveCacheManager``) in the background (see
        :class:`app.overviews.OverviewLoader`); returns the loader."""
        from .overviews import OverviewLoader
        return OverviewLoader(self.engine, self.tracks, pyramids).start()

    def reset_loudness(self):
        """Start a new loudness measurement in the engine; the readings show none."""
        self.engine.reset_loudness()
        self.loudness.clear()

    def clear_clip(self, strip):
        """Turn off ``strip``'s latched clip light."""
        self.meters.clear_clip(int(strip.index))
        strip.clipped = False

    # -- transport --------------------------------------------------------
    def play(self):
        """Start the transport."""
        self.engine.play()
        self.playing = True

    def stop(self):
        """Stop the transport."""
        self.engine.stop()
        self.playing = False

    def toggle_play(self):
        """Play if stopped, stop if playing."""
        self.stop() if self.playing else self.play()

    def set_looping(self, looping):
        """Loop the whole session (``True``) or play through (``False``)."""
        if looping:
            self.engine.set_loop(0, max(int(self.length_frames), 1))
        else:
            self.engine.clear_loop()
        self.looping = bool(looping)

    def seek_fraction(self, fraction):
        """Jump to ``fraction`` (0..1) of the session length."""
        if not math.isfinite(fraction):
            raise ValueError(f"fraction must be finite, got {fraction}")
        frame = int(min(max(fraction, 0.0), 1.0) * self.length_frames)
        self.engine.seek(frame)
        self.position_frames = frame

    # -- clock ------------------------------------------------------------
    def start(self):
        """Run :meth:`frame` on every Kivy frame."""
        if self._event is None:
            self._event = Clock.schedule_interval(self.frame, 0)

    def shutdown(self):
        """Stop the per-frame callback."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
