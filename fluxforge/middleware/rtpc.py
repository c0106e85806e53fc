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
    """The RTPC registry and its values; ``dirty`` holds names whose bindings need applying."""

    def __init__(self, changes, now_frame, samplerate):
        self._changes = changes
        self._now = now_frame
        self.samplerate = samplerate
        self.params = {}
        self._values = {}         # (name, game object) -> [start, target, set_frame]
        self.dirty = set()

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
        for key in [k for k in self._values if k[0] == name]:
            del self._values[key]
        self.dirty.add(name)
        self._changes.mark(RTPC)

    def bind(self, name, target, curve):
        """Drive ``target`` (e.g. ``{"bus_volume": "Music"}``) from RTPC ``name`` through ``curve``."""
        binding = Binding(target, curve)
        self.param(name).bindings.append(binding)
        self.dirty.add(name)
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
        p = self.param(name)
        value = p.clamp(finite(value, f"RTPC {p.name!r} value"))
        frame = self._now()
        key = (p.name, game_object)
        try:
            state = self._values.get(key)
        except TypeError:
            raise TypeError(f"game_object must be hashable, got {type(game_object).__name__}") \
                from None
        if state is None:
            state = self._values.get((p.name, None))
        start = p.default if state is None else self._value_at(p, state, frame)
        self._values[key] = [start, value, frame]
        self.dirty.add(p.name)
        self._changes.mark(RTPC)

    def get(self, name, game_object=None, frame=None):
        """The value now (or at ``frame``), slew applied."""
        p = self.param(name)
        state = self._values.get((p.name, game_object))
        if state is None and game_object is not None:
            state = self._values.get((p.name, None))
        if state is None:
            return p.default
        return self._value_at(p, state, self._now() if frame is None else frame)

    def target(self, name, game_object=None):
        """The value ``name`` moves towards (the last one set; the default if none)."""
        p = self.param(name)
        state = self._values.get((p.name, game_object))
        if state is None and game_object is not None:
            state = self._values.get((p.name, None))
        return p.default if state is None else state[1]

    def slewing(self, name, frame):
        """Whether some value of ``name`` has not reached its target at ``frame``."""
        p = self.params[name]
        for (n, _), state in self._values.items():
            if n == name and self._value_at(p, state, frame) != state[1]:
                return True
        return False

    def reset(self, game_object=None):
        """Forget ``game_object``'s own values (None: every value back to the defaults)."""
        keys = [k for k in self._values if game_object is None or k[1] == game_object]
        for key in keys:
            del self._values[key]
            self.dirty.add(key[0])
        if keys:
            self._changes.mark(RTPC)

    def to_dict(self):
        return {name: p.to_dict() for name, p in self.params.items()}
