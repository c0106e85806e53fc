"""Composite events: named layers with trigger stages, instance and voice limits.

An event has layers (each a clip or a container, a bus, volume, pan, delay,
fades, loop and pitch), an optional trigger ``stage`` (posting the stage
posts the event), ``max_instances`` (0 = unlimited; posting beyond it stops
the oldest instance) and its voice-pool limits. At most ``MAX_EVENTS``
events are kept: adding one beyond that evicts the least recently modified
down to 90 % of the limit, never the selected one.

Example
-------
>>> from fluxforge.middleware.changes import ChangeNotifier
>>> from fluxforge.middleware.containers import ClipNode
>>> ev = Events(ChangeNotifier())
>>> _ = ev.add("REEL_STOP_2", [Layer(ClipNode("stop.wav"), bus="Sfx")], stage="REEL_STOP_2")
>>> ev.resolve("REEL_STOP_2").layers[0].bus
'Sfx'
"""
import itertools
import time

from .changes import EVENTS
from .checks import UnknownNameError, db_to_volume, finite, name_str, non_negative
from .ducking import bus_name

MAX_EVENTS = 500
EVICT_TO_FRACTION = 0.9


def now_ms():
    """Integer milliseconds of the monotonic clock."""
    return time.monotonic_ns() // 1_000_000


class Layer:
    """One layer of an event; ``node`` is a container node (clip, random, ...)."""

    __slots__ = ("node", "bus", "volume_db", "volume", "pan", "delay_ms", "fade_in_ms",
                 "fade_out_ms", "loop", "pitch_cents")

    def __init__(self, node, bus="Sfx", volume_db=0.0, pan=0.0, delay_ms=0.0, fade_in_ms=0.0,
                 fade_out_ms=0.0, loop=False, pitch_cents=0.0):
        self.node, self.bus = node, bus_name(bus, "bus")
        self.volume_db = finite(volume_db, "volume_db")
        if self.volume_db > 6.0:
            raise ValueError(f"volume_db must be <= 6, got {self.volume_db:g}")
        self.volume = db_to_volume(self.volume_db)
        self.pan = finite(pan, "pan")
        if not -1.0 <= self.pan <= 1.0:
            raise ValueError(f"pan must be in [-1, 1], got {self.pan:g}")
        self.delay_ms = non_negative(delay_ms, "delay_ms")
        self.fade_in_ms = non_negative(fade_in_ms, "fade_in_ms")
        self.fade_out_ms = non_negative(fade_out_ms, "fade_out_ms")
        if not isinstance(loop, bool):
            raise TypeError(f"loop must be true or false, got {loop!r}")
        self.loop = loop
        self.pitch_cents = finite(pitch_cents, "pitch_cents")
        if not -2400.0 <= self.pitch_cents <= 2400.0:
            raise ValueError(f"pitch_cents must be in [-2400, 2400], got {self.pitch_cents:g}")

    def to_dict(self):
        source = self.node.to_dict()
        source = {"clip": source["clip"]} if self.node.kind == "clip" else \
            {"container": self.node.name}
        return {**source, "bus": self.bus, "volume_db": self.volume_db, "pan": self.pan,
                "delay_ms": self.delay_ms, "fade_in_ms": self.fade_in_ms,
                "fade_out_ms": self.fade_out_ms, "loop": self.loop,
                "pitch_cents": self.pitch_cents}


class EventDef:
    __slots__ = ("name", "layers", "stage", "max_instances", "voices_min", "voices_max",
                 "modified_ms", "order")

    def to_dict(self):
        data = {"layers": [layer.to_dict() for layer in self.layers],
                "max_instances": self.max_instances,
                "voices": {"min": self.voices_min, "max": self.voices_max}}
        if self.stage is not None:
            data["stage"] = self.stage
        return data


class Events:
    """The event definitions, by name and by trigger stage, with the size limit."""

    def __init__(self, changes, limit=MAX_EVENTS):
        self._changes = changes
        self.limit = limit
        self.defs = {}
        self.stages = {}
        self.selected = None      # the event being edited: never evicted
        self.evicted = 0
        self._order = itertools.count()

    def add(self, name, layers, stage=None, max_instances=0, voices_min=0, voices_max=16):
        """Define (or replace) an event; returns the names evicted to keep the limit."""
        name = name_str(name, "event name")
        if not layers or not all(isinstance(layer, Layer) for layer in layers):
            raise ValueError(f"event {name!r} needs a non-empty list of Layer objects")
        if stage is not None:
            name_str(stage, "stage")
            owner = self.stages.get(stage)
            if owner is not None and owner != name:
                raise ValueError(f"stage {stage!r} already triggers event {owner!r}")
        if not isinstance(max_instances, int) or isinstance(max_instances, bool) or max_instances < 0:
            raise ValueError(f"max_instances must be an integer >= 0, got {max_instances!r}")
        if not (isinstance(voices_min, int) and isinstance(voices_max, int)
                and 0 <= voices_min <= voices_max and voices_max >= 1):
            raise ValueError(f"voices of {name!r} need integers 0 <= min <= max, max >= 1; got "
                             f"min={voices_min!r} max={voices_max!r}")
        event = EventDef()
        event.name, event.layers, event.stage = name, list(layers), stage
        event.max_instances, event.voices_min, event.voices_max = max_instances, voices_min, voices_max
        self.remove(name, missing_ok=True)
        self.defs[name] = event
        if stage is not None:
            self.stages[stage] = name
        self.touch(name)
        return self._enforce_limit()

    def touch(self, name):
        """Mark ``name`` modified now."""
        event = self.get(name)
        event.modified_ms, event.order = now_ms(), next(self._order)
        self._changes.mark(EVENTS)

    def remove(self, name, missing_ok=False):
        event = self.defs.pop(name, None)
        if event is None:
            if missing_ok:
                return
            raise UnknownNameError("event", name, self.defs)
        if event.stage is not None:
            self.stages.pop(event.stage, None)
        if self.selected == name:
            self.selected = None
        self._changes.mark(EVENTS)

    def select(self, name):
        """Mark the event being edited (None: none); it is never evicted."""
        if name is not None:
            self.get(name)
        self.selected = name

    def _enforce_limit(self):
        if len(self.defs) <= self.limit:
            return []
        keep = int(self.limit * EVICT_TO_FRACTION)
        victims = sorted((e for e in self.defs.values() if e.name != self.selected),
                         key=lambda e: (e.modified_ms, e.order))
        evicted = [e.name for e in victims[:len(self.defs) - keep]]
        for name in evicted:
            self.remove(name)
        self.evicted += len(evicted)
        return evicted

    def get(self, name):
        try:
            return self.defs[name]
        except (KeyError, TypeError):
            raise UnknownNameError("event", name, self.defs) from None

    def resolve(self, name_or_stage):
        """The event named ``name_or_stage``, else the one its trigger stage names."""
        event = self.defs.get(name_or_stage) if isinstance(name_or_stage, str) else None
        if event is None:
            owner = self.stages.get(name_or_stage) if isinstance(name_or_stage, str) else None
            if owner is None:
                raise UnknownNameError("event or stage", name_or_stage,
                                       list(self.defs) + list(self.stages))
            event = self.defs[owner]
        return event

    def to_dict(self):
        return {name: e.to_dict() for name, e in self.defs.items()}
