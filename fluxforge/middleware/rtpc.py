"""RTPCs: game parameters with a range, a default, per-object values and a slew.

A value set with ``slew_per_s > 0`` moves from where it is towards the new
target at that many units per second of *rendered* time (the engine's
``frame_clock``), so offline renders slew exactly the same every run:
``value(frame) = start + sign * min(|target - start|, slew_per_s * (frame - set_frame) / rate)``.
Values are clamped to the range. ``game_object=None`` is the global value;
an object without its own value reads the global one.

Example
-------
>>> from fluxforge.middleware.changes import ChangeNotifier
>>> now = [0]
>>> r = Rtpcs(ChangeNotifier(), lambda: now[0], 48000)
>>> r.add("WinAmount", 0, 100, default=0, slew_per_s=200)
>>> r.set("WinAmount", 80.0)
>>> now[0] = 12000            # a quarter second later: 50 units moved
>>> r.get("WinAmount")
50.0
>>> now[0] = 48000; r.get("WinAmount")
80.0
"""
import math

from .changes import RTPC
from .checks import UnknownNameError, finite, name_str, non_negative
from .curves import Curve

TARGET_KINDS = ("bus_volume", "bus_pan", "eq_freq", "voice_volume", "voice_pitch")


class Binding:
    """An RTPC driving one target through a curve (see ``docs/session-format.md``)."""

    __slots__ = ("kind", "ref", "curve", "last")

    def __init__(self, target, curve):
        if not isinstance(target, dict) or len(target) != 1:
            raise ValueError(f"a binding target must be one of {{kind: ref}} with kind in "
                             f"{', '.join(TARGET_KINDS)}, got {target!r}")
        (kind, ref), = target.items()
        if kind not in TARGET_KINDS:
            raise ValueError(f"binding target {kind!r} is not one of {', '.join(TARGET_KINDS)}")
        if kind == "eq_freq":
            if (not isinstance(ref, dict) or set(ref) != {"track", "band"}
                    or not isinstance(ref["track"], str) or not isinstance(ref["band"], int)
                    or isinstance(ref["band"], bool)):
                raise ValueError(f"eq_freq target must be {{'track': name, 'band': int}}, got {ref!r}")
        else:
            name_str(ref, f"{kind} target")
        self.kind, self.ref = kind, ref
        self.curve = curve if isinstance(curve, Curve) else Curve(curve)
        self.last = None          # last value applied (skip repeats)

    def to_dict(self):
        return {"target": {self.kind: self.ref}, "curve": self.curve.to_list()}


class Rtpc:
    __slots__ = ("name", "min", "max", "default", "slew_per_s", "bindings")

    def __init__(self, name, low, high, default, slew_per_s):
        self.name, self.min, self.max = name, low, high
        self.default, self.slew_per_s = default, slew_per_s
        self.bindings = []

    def clamp(self, value):
        return self.min if value < self.min else self.max if value > self.max else value

    def to_dict(self):
        return {"min": self.min, "max": self.max, "default": self.default,
                "slew_per_s": self.slew_per_s, "bindings": [b.to_dict() for b in self.bindings]}


class Rtpcs:
    """The RTPC registry and its values.

    ``dirty`` maps each RTPC whose bindings need applying to the game
    objects whose value changed (``None`` among them: the global value, which
    every object without its own value follows).
    """

    def __init__(self, changes, now_frame, samplerate):
        self._changes = changes
        self._now = now_frame
        self.samplerate = samplerate
        self.params = {}
        self._values = {}         # name -> {game object: [start, target, set_frame]}
        self.dirty = {}

    def add(self, name, min=0.0, max=100.0, default=None, slew_per_s=0.0):
        """Define (or redefine) an RTPC; ``default`` is ``min`` unless given."""
        name = name_str(name, "RTPC name")
        low, high = finite(min, "min"), finite(max, "max")
        if not low < high:
            raise ValueError(f"RTPC {name!r}: min {low:g} must be below max {high:g}")
        default = low if default is None else finite(default, "default")
        if not low <= default <= high:
            raise ValueError(f"RTPC {name!r}: default {default:g} is outside [{low:g}, {high:g}]")
        self.params[name] = Rtpc(name, low, high, default, non_negative(slew_per_s, "slew_per_s"))
        self._values[name] = {}
        self.dirty[name] = {None}
        self._changes.mark(RTPC)

    def bind(self, name, target, curve):
        """Drive ``target`` (e.g. ``{"bus_volume": "Music"}``) from RTPC ``name`` through ``curve``."""
        binding = Binding(target, curve)
        self.param(name).bindings.append(binding)
        self.dirty.setdefault(name, set()).add(None)
        self._changes.mark(RTPC)
        return binding

    def param(self, name):
        try:
            return self.params[name]
        except (KeyError, TypeError):
            raise UnknownNameError("RTPC", name, self.params) from None

    def _value_at(self, p, state, frame):
        start, target, set_frame = state
        if p.slew_per_s == 0.0 or start == target:
            return target
        step = p.slew_per_s * (frame - set_frame) / self.samplerate
        if target > start:
            return target if start + step >= target else start + step
        return target if start - step <= target else start - step

    def set(self, name, value, game_object=None):
        """Move RTPC ``name`` (of ``game_object``) towards ``value`` (clamped to its range)."""
        p = self.params.get(name) if isinstance(name, str) else None
        if p is None:
            p = self.param(name)
        if type(value) is not float or not math.isfinite(value):
            value = finite(value, f"RTPC {p.name!r} value")
        value = p.min if value < p.min else p.max if value > p.max else value
        frame = self._now()
        values = self._values[p.name]
        try:
            state = values.get(game_object)
        except TypeError:
            raise TypeError(f"game_object must be hashable, got {type(game_object).__name__}") \
                from None
        if state is None:
            state = values.get(None)
        start = p.default if state is None else self._value_at(p, state, frame)
        values[game_object] = [start, value, frame]
        objects = self.dirty.get(p.name)
        if objects is None:
            self.dirty[p.name] = {game_object}
        else:
            objects.add(game_object)
        self._changes.mark(RTPC)

    def get(self, name, game_object=None, frame=None):
        """The value now (or at ``frame``), slew applied."""
        p = self.params.get(name) if isinstance(name, str) else None
        if p is None:
            p = self.param(name)
        values = self._values[p.name]
        state = values.get(game_object)
        if state is None and game_object is not None:
            state = values.get(None)
        if state is None:
            return p.default
        return self._value_at(p, state, self._now() if frame is None else frame)

    def slewing(self, name, frame):
        """Game objects (None: global) of ``name`` whose value has not reached its target at ``frame``."""
        p = self.params[name]
        if p.slew_per_s == 0.0:
            return set()
        return {obj for obj, state in self._values[name].items()
                if self._value_at(p, state, frame) != state[1]}

    def reset(self, game_object=None):
        """Forget ``game_object``'s own values (None: every value back to the defaults)."""
        changed = False
        for name, values in self._values.items():
            objects = list(values) if game_object is None else \
                [game_object] if game_object in values else []
            for obj in objects:
                del values[obj]
                self.dirty.setdefault(name, set()).add(obj)
                changed = True
        if changed:
            self._changes.mark(RTPC)

    def to_dict(self):
        return {name: p.to_dict() for name, p in self.params.items()}
