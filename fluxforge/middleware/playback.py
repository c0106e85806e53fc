"""Playing events: instances, their timed voices, the voice pool and voice ends.

A post resolves the event's layers into timed plays (lazily: an endless
sequence is scheduled a little ahead at a time). Every play within
``HORIZON_S`` of now is started on the engine at its exact frame
(``start_frame``), so delays, sequence steps and music changes are
sample-accurate whatever the caller's timing. Each voice takes a slot of the
event's voice pool; a stolen voice is stopped with a short fade. The engine's
voice-ended callback frees the slot and removes the voice from its instance.

Example
-------
>>> from fluxforge.middleware import Middleware
>>> mw = Middleware()
>>> mw.load({"events": {"E": {"layers": [{"clip": "a.wav", "delay_ms": 10}]}}})
>>> [play.offset for play in mw.post_event("E").plays]
[480]
"""
import heapq
import itertools
import weakref

from .checks import db_to_volume
from .containers import Context
from .serial import serialised

HORIZON_S = 0.25
STEAL_FADE_MS = 10.0


class EventInstance:
    """One post of an event: its voices (``voice_ids``) and plays still to start."""

    __slots__ = ("id", "event", "game_object", "start_frame", "voice_ids", "plays", "_pending",
                 "_next", "_player", "__weakref__")

    def __init__(self, player, instance_id, event, game_object, start_frame):
        self.id, self.event, self.game_object = instance_id, event, game_object
        self.start_frame = start_frame
        self.voice_ids = []
        self.plays = []           # every Play started (or, without an engine, resolved)
        self._pending, self._next = None, None
        self._player = weakref.ref(player)

    @property
    def name(self):
        return self.event.name

    @property
    def playing(self):
        """Whether a voice still plays or a play is still to start."""
        return bool(self.voice_ids) or self._pending is not None

    def stop(self, fade_ms=None):
        """Stop every voice (fading over ``fade_ms``; None: each layer's fade_out_ms)."""
        player = self._player()
        if player is not None:
            player.stop_instance(self, fade_ms)

    def __repr__(self):
        return f"<EventInstance {self.event.name!r} #{self.id}, {len(self.voice_ids)} voices>"


class VoiceRecord:
    __slots__ = ("instance", "play", "base_volume", "applied")

    def __init__(self, instance, play, base_volume, applied):
        self.instance, self.play, self.base_volume = instance, play, base_volume
        self.applied = applied        # (volume, pitch_cents) last sent to the engine


def _offset(play):
    return play.offset


def endless(node, containers, depth=0):
    """Whether ``node`` can yield plays forever (a looping or ping-pong sequence inside)."""
    if node.kind == "ref":
        target = containers.nodes.get(node.name)
        return target is not None and depth < 64 and endless(target, containers, depth + 1)
    if node.kind == "sequence" and node.end in ("loop", "ping-pong"):
        return True
    children = (node.children.values() if node.kind == "switch"
                else [s.node for s in node.steps] if node.kind == "sequence"
                else getattr(node, "children", ()))
    return any(endless(child, containers, depth + 1) for child in children)


def _layer_plays(layer, ctx, samplerate):
    delay = int(round(layer.delay_ms * samplerate / 1000.0))
    for play in layer.node.plays(ctx, delay):
        play.volume *= layer.volume
        play.pitch_cents += layer.pitch_cents
        play.loop = play.loop or layer.loop
        play.fade_in_ms = max(play.fade_in_ms, layer.fade_in_ms)
        play.fade_out_ms = max(play.fade_out_ms, layer.fade_out_ms)
        play.layer = layer
        yield play


class Player:
    """Starts and tracks the voices of event instances for one Middleware."""

    def __init__(self, mw):
        self._mw = mw
        self._lock = mw._lock
        self.instances = {}        # event name -> [EventInstance], oldest first
        self.voices = {}           # engine voice id -> VoiceRecord
        self.scheduled = {}        # instances with plays still to start (an ordered set)
        self._ids = itertools.count(1)
        self.started = self.ended = 0
        self._now_ms = 0

    # ---- posting ------------------------------------------------------------
    def post(self, event, game_object):
        mw = self._mw
        now = mw.now_frame()
        active = self.instances.setdefault(event.name, [])
        while event.max_instances and len(active) >= event.max_instances:
            self.stop_instance(active[0], None)
        inst = EventInstance(self, next(self._ids), event, game_object, now)
        ctx = Context(mw.containers, mw.samplerate, mw.rtpc.get, mw.switches.get, game_object)
        plays = [_layer_plays(layer, ctx, mw.samplerate) for layer in event.layers]
        if len(plays) == 1:
            inst._pending = plays[0]
        elif any(endless(layer.node, mw.containers) for layer in event.layers):
            inst._pending = heapq.merge(*plays, key=_offset)
        else:
            inst._pending = iter(sorted(itertools.chain.from_iterable(plays), key=_offset))
        active.append(inst)
        self.scheduled[inst] = None
        self._now_ms = now * 1000 // mw.samplerate
        self.schedule(inst, now + int(HORIZON_S * mw.samplerate))
        return inst

    def schedule(self, inst, horizon):
        """Start the instance's plays that begin before ``horizon`` (an absolute frame)."""
        while inst._pending is not None:
            play = inst._next if inst._next is not None else next(inst._pending, None)
            inst._next = None
            if play is None:
                inst._pending = None
                break
            if inst.start_frame + play.offset >= horizon:
                inst._next = play
                return
            self._start(inst, play)
        self.scheduled.pop(inst, None)
        self._maybe_done(inst)

    def _start(self, inst, play):
        mw = self._mw
        inst.plays.append(play)
        engine = mw.engine
        if engine is None:
            return
        frame = inst.start_frame + play.offset
        clip = mw._clips.get(play.clip) or mw.clip(play.clip)
        frames = clip.frames if not play.pitch_cents else clip.frames / 2.0 ** (play.pitch_cents / 1200.0)
        if play.duration is not None:
            frames = min(frames, play.duration)
        estimate = None if play.loop else int(frames * 1000 // mw.samplerate)
        kind, slot, victim = mw.voices.acquire(inst.event.name, self._now_ms, estimate,
                                               stealable=not play.loop)
        if kind == "refused":
            return
        if victim is not None and victim in self.voices:
            engine.stop_voice(victim, fade_ms=STEAL_FADE_MS)
        base = play.volume
        for _node, _index, gain in play.blend:
            base /= gain
        volume, pitch = mw.bindings.voice_settings(inst, play.volume, play.pitch_cents)
        applied = (min(volume, 2.0), max(-2400.0, min(2400.0, pitch)))
        vid = engine.play_voice(clip, play.layer.bus, applied[0], play.layer.pan, play.loop,
                                start_frame=frame, fade_in_ms=play.fade_in_ms,
                                pitch_cents=applied[1])
        mw.voices.bind(slot, vid)
        self.voices[vid] = VoiceRecord(inst, play, base, applied)
        inst.voice_ids.append(vid)
        self.started += 1
        if play.duration is not None:
            engine.stop_voice(vid, fade_ms=play.fade_out_ms, at_frame=frame + play.duration)

    # ---- stopping and ends -----------------------------------------------------
    @serialised
    def stop_instance(self, inst, fade_ms):
        inst._pending, inst._next = None, None
        self.scheduled.pop(inst, None)
        engine = self._mw.engine
        for vid in tuple(inst.voice_ids):
            record = self.voices.get(vid)
            fade = fade_ms if fade_ms is not None else (
                record.play.fade_out_ms if record is not None else 0.0)
            engine.stop_voice(vid, fade_ms=fade)
        self._forget(inst)

    def _forget(self, inst):
        active = self.instances.get(inst.event.name)
        if active is not None and inst in active:
            active.remove(inst)
            if not active:
                del self.instances[inst.event.name]

    def _maybe_done(self, inst):
        if not inst.playing:
            self._forget(inst)

    def voice_ended(self, voice_id):
        """Engine callback: the voice ended (once per voice)."""
        self._mw.voices.release(voice_id)
        record = self.voices.pop(voice_id, None)
        if record is None:
            return False
        self.ended += 1
        inst = record.instance
        if voice_id in inst.voice_ids:
            inst.voice_ids.remove(voice_id)
        self._maybe_done(inst)
        return True

    def update(self, now):
        """Schedule ahead and clean overflow voices (called once per block/frame)."""
        horizon = now + int(HORIZON_S * self._mw.samplerate)
        self._now_ms = now * 1000 // self._mw.samplerate
        for inst in tuple(self.scheduled):
            self.schedule(inst, horizon)
        engine = self._mw.engine
        for vid in self._mw.voices.cleanup(self._mw.now_ms()):
            if engine is not None and vid in self.voices:
                engine.stop_voice(vid, fade_ms=STEAL_FADE_MS)

    def stop_all(self, fade_ms=0.0):
        for active in list(self.instances.values()):
            for inst in list(active):
                self.stop_instance(inst, fade_ms)

    def playing_count(self):
        return sum(len(a) for a in self.instances.values())
