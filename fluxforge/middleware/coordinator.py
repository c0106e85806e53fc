"""The coordinator: one ``Middleware`` owning the subsystems and driving the engine.

The subsystems are separate objects (``states``, ``switches``, ``rtpc``,
``ducking``, ``containers``, ``events``, ``music``, ``voices``); each marks
its change domain, and listeners get at most one call per frame with the OR
of the domains (see :mod:`fluxforge.middleware.changes`). The middleware
drives the engine only through its public API; its time is the engine's
``frame_clock`` (without an engine, a frame counter moved by
:meth:`Middleware.update`). Call :meth:`Middleware.update` once per block or
UI frame (a given clock does it 60 times a second; ``render_script`` once
per block): it schedules plays ahead, applies RTPC slews and bindings and
cleans up overflow voices.

Example
-------
>>> mw = Middleware()
>>> mw.load({"states": {"GameMode": {"states": ["Base", "FreeSpins"]}}})
>>> mw.flush() == ALL
True
>>> calls = []; mw.add_listener(calls.append)
>>> mw.states.set("GameMode", "FreeSpins")
>>> mw.flush(), calls
(1, [1])
>>> mw.to_dict()["states"]["GameMode"]["default"]
'Base'
"""
import os
import threading
from pathlib import Path

from . import changes as domains
from .bindings import Bindings
from .changes import ALL, ChangeNotifier  # noqa: F401  (ALL: doctest)
from .checks import UnknownNameError
from .clipfiles import load_clips, unpin_clips
from .loader import build
from .playback import HORIZON_S, Player
from .serial import serialised
from .voices import VoicePool

UPDATE_INTERVAL_S = 1.0 / 60.0


class Middleware:
    """Game-audio middleware over an optional :class:`fluxforge.Engine`.

    Parameters
    ----------
    engine : fluxforge.Engine or None
        None: pure logic (posts resolve their plays, no voices start).
    clock : object or None
        Kivy's ``Clock`` (``schedule_once``/``schedule_interval``); None:
        notifications only from :meth:`flush`, updates only from :meth:`update`.
    samplerate : int
        Only without an engine (default 48000).
    audio_cache : fluxforge.AudioCache or None
        Where the clip files are decoded, at the engine's rate (a session's
        engine shares its tracks' cache: ``engine_from_session``); None: a
        cache of its own. The definitions' clips stay pinned in it while they
        are loaded.
    """

    def __init__(self, engine=None, clock=None, samplerate=48000, audio_cache=None):
        self.engine = engine
        self.samplerate = engine.samplerate if engine is not None else int(samplerate)
        if audio_cache is None and engine is not None:
            from fluxforge.cache.audio_cache import AudioCache
            audio_cache = AudioCache(samplerate_hz=self.samplerate)
        if audio_cache is not None and audio_cache.samplerate_hz != self.samplerate:
            raise ValueError(f"the audio cache decodes at {audio_cache.samplerate_hz:g} Hz; "
                             f"the engine runs at {self.samplerate} Hz")
        #: the AudioCache of the clip files (None without an engine)
        self.audio_cache = audio_cache
        self._lock = threading.RLock()     # see fluxforge.middleware.serial
        self._changes = ChangeNotifier(clock)
        self._frame = 0
        self._folder = None
        self._allow_outside = False
        self._clips = {}           # path as written -> Clip, pinned in the audio cache
        self._slices = {}
        self._music_voices = set()
        self._slewing = {}
        self._disposed = False
        self.voices = VoicePool()
        self._player = Player(self)
        self._install(build({}, self._changes, self.now_frame, self.samplerate, self))
        self._previous_handler = None
        if engine is not None:
            self._previous_handler = engine.on_voice_ended
            engine.on_voice_ended = self._on_voice_ended
        self._tick = (clock.schedule_interval(self._on_tick, UPDATE_INTERVAL_S)
                      if clock is not None else None)

    # ---- definitions ------------------------------------------------------------
    def _install(self, parts):
        self.states, self.switches, self.rtpc = parts.states, parts.switches, parts.rtpc
        self.containers, self.events, self.music = parts.containers, parts.events, parts.music
        old = getattr(self, "ducking", None)
        if old is not None:
            old.attach(None)
        self.ducking = parts.ducking
        self.ducking.attach(self.engine)
        self.states.watchers.append(self._on_state)
        for event in self.events.defs.values():
            self.voices.configure(event.name, event.voices_min, event.voices_max)
        self.bindings = Bindings(self.rtpc, self._player, self.engine)
        self.bindings.blend_rtpcs = {n.rtpc for n in self.containers.nodes.values()
                                     if n.kind == "blend"}
        self._slewing = {}
        self.rtpc.dirty = {name: {None} for name in self.rtpc.params}

    @serialised
    def load(self, definitions, folder=None, allow_outside=False):
        """Replace every definition with ``definitions`` (the session's "middleware" object).

        Clip paths are relative to ``folder`` (default: the current folder).
        Raises ``SessionError`` naming the item; on error nothing changes.
        Playing events go on; the music stops.
        """
        self._check_alive()
        parts = build(definitions, self._changes, self.now_frame, self.samplerate, self)
        folder = Path(folder if folder is not None else os.getcwd()).absolute()
        clips = (load_clips(parts.clips, folder, allow_outside, self.audio_cache)
                 if self.engine else {})
        try:
            bindings = Bindings(parts.rtpc, self._player, self.engine)
            bindings.check_engine()
        except BaseException:
            unpin_clips(clips, self.audio_cache)
            raise
        self.music.stop()
        unpin_clips(self._clips, self.audio_cache)
        self._folder, self._allow_outside, self._clips = folder, allow_outside, clips
        self._install(parts)
        self.bindings._tracks = bindings._tracks
        self._changes.mark(domains.ALL)

    def to_dict(self):
        """The definitions as a JSON-ready object (``load(mw.to_dict())`` rebuilds them)."""
        data = {"states": self.states.to_dict(), "switches": self.switches.to_dict(),
                "rtpc": self.rtpc.to_dict(), "ducking": self.ducking.to_dict(),
                "containers": self.containers.to_dict(), "events": self.events.to_dict()}
        if self.music.segments:
            data["music"] = self.music.to_dict()
        return data

    # ---- time ---------------------------------------------------------------------
    def now_frame(self):
        """The engine's frame clock (without an engine: the internal frame counter)."""
        return self.engine.frame_clock if self.engine is not None else self._frame

    def now_ms(self):
        """Integer milliseconds of the frame clock."""
        return self.now_frame() * 1000 // self.samplerate

    @serialised
    def update(self, frames=0):
        """Schedule ahead, apply RTPC slews and bindings, clean overflow voices.

        ``frames`` advances the internal clock (only without an engine).
        """
        self._check_alive()
        if self.engine is None:
            self._frame += int(frames)
        now = self.now_frame()
        self._player.update(now)
        self.music.update(now + int(HORIZON_S * self.samplerate))
        dirty = self.rtpc.dirty
        if dirty or self._slewing:
            self.rtpc.dirty = {}
            for name, objects in self._slewing.items():
                dirty.setdefault(name, set()).update(objects)
            self.bindings.apply(dirty)
            self._slewing = {}
            for name in dirty:
                if name in self.rtpc.params:
                    moving = self.rtpc.slewing(name, now)
                    if moving:
                        self._slewing[name] = moving

    def _on_tick(self, _dt=None):
        self.update()

    # ---- playing ------------------------------------------------------------------
    @serialised
    def post_event(self, name, game_object=None):
        """Post the event named ``name`` (or triggered by stage ``name``); returns its instance."""
        self._check_alive()
        event = self.events.resolve(name)
        inst = self._player.post(event, game_object)
        self._changes.mark(domains.VOICES)
        return inst

    @serialised
    def stop_event(self, name, fade_ms=None):
        """Stop every playing instance of event (or stage) ``name``."""
        event = self.events.resolve(name)
        for inst in list(self._player.instances.get(event.name, ())):
            inst.stop(fade_ms)

    @serialised
    def stop_all(self, fade_ms=0.0):
        self._player.stop_all(fade_ms)
        self.music.stop(fade_ms)

    def instances(self, name=None):
        """Playing instances (of event ``name``, or all)."""
        if name is None:
            return [i for a in self._player.instances.values() for i in a]
        return list(self._player.instances.get(self.events.resolve(name).name, ()))

    def clip(self, path):
        try:
            return self._clips[path]
        except KeyError:
            raise UnknownNameError("clip", path, self._clips) from None

    def _on_state(self, group, old, new):
        self.music.on_state(group, old, new, self.states.groups[group].transition_ms)

    @serialised
    def _on_voice_ended(self, voice_id, reason):
        if voice_id in self._music_voices:
            self._music_voices.discard(voice_id)
        elif self._player.voice_ended(voice_id):
            self._changes.mark(domains.VOICES)
        if self._previous_handler is not None:
            self._previous_handler(voice_id, reason)

    # ---- the music system's player interface ----------------------------------------
    def clip_frames(self, path):
        if self.engine is None:
            import soundfile
            folder = self._folder or Path.cwd()
            info = soundfile.info(str(folder / path))
            return int(info.frames * self.samplerate // info.samplerate)
        return self.clip(path).frames

    def start_music_voice(self, path, start, end, bus, volume_db, at_frame, loop, fade_in_ms):
        if self.engine is None:
            return None
        from fluxforge.engine.clips import load_clip
        clip = self.clip(path)
        if start > 0 or end < clip.frames:
            key = (path, start, end)
            if key not in self._slices:
                self._slices[key] = load_clip(clip.data[start:end], self.samplerate, name=clip.name)
            clip = self._slices[key]
        volume = min(2.0, 10.0 ** (volume_db / 20.0))
        vid = self.engine.play_voice(clip, bus, volume, 0.0, loop, start_frame=at_frame,
                                     fade_in_ms=fade_in_ms)
        self._music_voices.add(vid)
        return vid

    def stop_music_voice(self, voice_id, fade_ms, at_frame):
        if self.engine is not None:
            self.engine.stop_voice(voice_id, fade_ms=fade_ms, at_frame=at_frame)

    # ---- notifications ------------------------------------------------------------
    def add_listener(self, listener):
        """``listener(mask)`` at most once per frame; adding it twice has no effect."""
        self._check_alive()
        self._changes.add_listener(listener)

    def remove_listener(self, listener):
        self._changes.remove_listener(listener)

    def did_change(self, domain):
        """Whether ``domain`` (a bit, or a name such as ``"rtpc"``) changed in the last notification."""
        if isinstance(domain, str):
            if domain not in domains.DOMAINS:
                raise UnknownNameError("change domain", domain, domains.DOMAINS)
            domain = domains.DOMAINS[domain]
        return self._changes.did_change(domain)

    def flush(self):
        """Notify the listeners now of pending changes; returns the mask (0: no call)."""
        return self._changes.flush()

    @property
    def notifications(self):
        """How many notification rounds were delivered."""
        return self._changes.notifications

    def dispose(self):
        """Release every listener, timer and clock event and the engine's voice callback."""
        if self._disposed:
            return
        self._disposed = True
        if self._tick is not None:
            self._tick.cancel()
            self._tick = None
        self._changes.dispose()
        self.states.watchers.clear()
        if self.engine is not None:
            self.ducking.attach(None)
            if self.engine.on_voice_ended == self._on_voice_ended:
                self.engine.on_voice_ended = self._previous_handler
            unpin_clips(self._clips, self.audio_cache)
        self._previous_handler = None
        self.engine = None

    def _check_alive(self):
        if self._disposed:
            raise RuntimeError("this Middleware was disposed")

    def __repr__(self):
        return (f"<Middleware {len(self.events.defs)} events, {len(self.rtpc.params)} RTPCs, "
                f"{self._player.playing_count()} playing>")
