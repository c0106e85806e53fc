"""Containers: what to play, resolved at post time into timed plays.

A node yields :class:`Play` objects in start order (``offset`` frames from the
post). Nodes: a clip; ``random`` (one child per play, see
:mod:`fluxforge.middleware.random_pick`); ``blend`` (every child whose
``from``..``to`` range holds the RTPC value, crossfaded equal-power where
neighbouring ranges overlap: the upper child fades in as ``sin``, the lower
fades out as ``cos`` of ``pi/2`` times the position in the overlap, so the
powers sum to 1); ``switch`` (the child of the game object's current switch);
``sequence`` (steps one after another, each ``delay_ms`` after the previous
step's start; ``end`` ``stop`` plays the steps once, ``loop`` repeats them,
``hold`` loops the last step until stopped, ``ping-pong`` goes back and forth
without repeating the turning steps).

Example
-------
>>> [round(g, 4) for g in blend_gains([(0, 60), (40, 100)], 50)]
[0.7071, 0.7071]
>>> list(sequence_order(3, "ping-pong", limit=7))
[0, 1, 2, 1, 0, 1, 2]
"""
import itertools
import math

from .checks import UnknownNameError
from .random_pick import Picker

SEQUENCE_ENDS = ("stop", "loop", "hold", "ping-pong")


class Play:
    """One voice to start: clip path, offset (frames from the post) and its settings."""

    __slots__ = ("clip", "offset", "volume", "pitch_cents", "loop", "fade_in_ms",
                 "fade_out_ms", "duration", "blend", "layer")

    def __init__(self, clip, offset=0, volume=1.0, pitch_cents=0.0, loop=False):
        self.clip, self.offset, self.volume = clip, offset, volume
        self.pitch_cents, self.loop = pitch_cents, loop
        self.fade_in_ms = self.fade_out_ms = 0.0
        self.duration = None      # frames after which the voice is stopped
        self.blend = ()           # (BlendNode, child index, gain at post), outermost first
        self.layer = None         # the event layer it plays for

    def __repr__(self):
        return f"Play({self.clip!r}, offset={self.offset}, volume={self.volume:.4g})"


def blend_gains(ranges, x):
    """Equal-power gains of children with ``(from, to)`` ranges (sorted by ``from``) at ``x``."""
    gains = []
    for i, (low, high) in enumerate(ranges):
        if not low <= x <= high:
            gains.append(0.0)
            continue
        gain = 1.0
        if i > 0 and ranges[i - 1][1] > low and x < ranges[i - 1][1]:
            gain *= math.sin(math.pi / 2 * (x - low) / (ranges[i - 1][1] - low))
        if i + 1 < len(ranges) and ranges[i + 1][0] < high and x > ranges[i + 1][0]:
            gain *= math.cos(math.pi / 2 * (x - ranges[i + 1][0]) / (high - ranges[i + 1][0]))
        gains.append(gain)
    return gains


def sequence_order(n, end, limit=None):
    """Step indices of a sequence of ``n`` steps with ``end``; infinite for loop/ping-pong."""
    if end in ("stop", "hold"):
        order = iter(range(n))
    elif end == "loop":
        order = itertools.cycle(range(n))
    else:
        order = itertools.cycle(list(range(n)) + list(range(n - 2, 0, -1))) if n > 1 \
            else itertools.cycle([0])
    return order if limit is None else itertools.islice(order, limit)


class Context:
    """What resolving needs: the container registry, rate, RTPC and switch lookups."""

    __slots__ = ("containers", "samplerate", "rtpc", "switch", "game_object")

    def __init__(self, containers, samplerate, rtpc, switch, game_object=None):
        self.containers, self.samplerate = containers, samplerate
        self.rtpc, self.switch, self.game_object = rtpc, switch, game_object


class ClipNode:
    kind = "clip"

    def __init__(self, clip, volume_db=0.0, pitch_cents=0.0):
        self.clip, self.volume_db, self.pitch_cents = clip, volume_db, pitch_cents
        self.volume = 10.0 ** (volume_db / 20.0)

    def plays(self, ctx, offset):
        yield Play(self.clip, offset, self.volume, self.pitch_cents)

    def refs(self):
        return ()

    def to_dict(self):
        return {"clip": self.clip, "volume_db": self.volume_db, "pitch_cents": self.pitch_cents}


class RefNode:
    """A child naming another container (looked up when played)."""
    kind = "ref"

    def __init__(self, name):
        self.name = name

    def plays(self, ctx, offset):
        return ctx.containers.get(self.name).plays(ctx, offset)

    def refs(self):
        return (self.name,)

    def to_dict(self):
        return {"container": self.name}


def _child_dict(node, extra):
    return {**node.to_dict(), **extra} if node.kind in ("clip", "ref") else node.to_dict()


class RandomNode:
    kind = "random"

    def __init__(self, children, weights, mode="shuffle_no_repeat", seed=None):
        self.children, self.mode, self.seed = children, mode, seed
        self.picker = Picker(mode, weights, seed)

    def plays(self, ctx, offset):
        return self.children[self.picker.next()].plays(ctx, offset)

    def refs(self):
        return [r for c in self.children for r in c.refs()]

    def to_dict(self):
        return {"type": "random", "mode": self.mode, "seed": self.seed,
                "children": [_child_dict(c, {"weight": w})
                             for c, w in zip(self.children, self.picker.weights)]}


class BlendNode:
    kind = "blend"

    def __init__(self, rtpc, children, ranges):
        order = sorted(range(len(children)), key=lambda i: ranges[i])
        self.rtpc = rtpc
        self.children = [children[i] for i in order]
        self.ranges = [tuple(ranges[i]) for i in order]

    def gains(self, ctx, game_object=None, rtpcs=None):
        """Child gains at the RTPC value of ``game_object`` (from ``ctx`` or ``rtpcs``)."""
        get = ctx.rtpc if rtpcs is None else rtpcs.get
        return blend_gains(self.ranges, get(self.rtpc, game_object))

    def plays(self, ctx, offset):
        for index, gain in enumerate(self.gains(ctx, ctx.game_object)):
            if gain > 0.0:
                for play in self.children[index].plays(ctx, offset):
                    play.volume *= gain
                    play.blend = ((self, index, gain),) + play.blend
                    yield play

    def refs(self):
        return [r for c in self.children for r in c.refs()]

    def to_dict(self):
        return {"type": "blend", "rtpc": self.rtpc,
                "children": [_child_dict(c, {"from": lo, "to": hi})
                             for c, (lo, hi) in zip(self.children, self.ranges)]}


class SwitchNode:
    kind = "switch"

    def __init__(self, group, children):
        self.group, self.children = group, children     # switch name -> node

    def plays(self, ctx, offset):
        child = self.children.get(ctx.switch(self.group, ctx.game_object))
        return child.plays(ctx, offset) if child is not None else iter(())

    def refs(self):
        return [r for c in self.children.values() for r in c.refs()]

    def to_dict(self):
        return {"type": "switch", "group": self.group,
                "children": {k: c.to_dict() for k, c in self.children.items()}}


class Step:
    __slots__ = ("node", "delay_ms", "duration_ms", "fade_in_ms", "fade_out_ms")

    def __init__(self, node, delay_ms=0.0, duration_ms=None, fade_in_ms=0.0, fade_out_ms=0.0):
        self.node, self.delay_ms, self.duration_ms = node, delay_ms, duration_ms
        self.fade_in_ms, self.fade_out_ms = fade_in_ms, fade_out_ms

    def to_dict(self):
        extra = {"delay_ms": self.delay_ms, "fade_in_ms": self.fade_in_ms,
                 "fade_out_ms": self.fade_out_ms}
        if self.duration_ms is not None:
            extra["duration_ms"] = self.duration_ms
        return _child_dict(self.node, extra)


class SequenceNode:
    kind = "sequence"

    def __init__(self, steps, end="stop"):
        if end not in SEQUENCE_ENDS:
            raise ValueError(f"sequence end {end!r} is not one of {', '.join(SEQUENCE_ENDS)}")
        if end in ("loop", "ping-pong") and sum(s.delay_ms for s in steps) <= 0:
            raise ValueError(f"a {end!r} sequence needs a positive total delay_ms "
                             "(it would start every repeat at once)")
        self.steps, self.end = steps, end

    def plays(self, ctx, offset):
        start = float(offset)
        last = len(self.steps) - 1
        rate_ms = ctx.samplerate / 1000.0
        for index in sequence_order(len(self.steps), self.end):
            step = self.steps[index]
            start += step.delay_ms * rate_ms
            frame = int(round(start))
            for play in step.node.plays(ctx, frame):
                play.fade_in_ms = max(play.fade_in_ms, step.fade_in_ms)
                play.fade_out_ms = max(play.fade_out_ms, step.fade_out_ms)
                if step.duration_ms is not None:
                    play.duration = int(round(step.duration_ms * rate_ms))
                if self.end == "hold" and index == last:
                    play.loop = True
                yield play

    def refs(self):
        return [r for s in self.steps for r in s.node.refs()]

    def to_dict(self):
        return {"type": "sequence", "end": self.end, "steps": [s.to_dict() for s in self.steps]}


class Containers:
    """The named containers; :meth:`check_cycles` refuses containers that contain themselves."""

    def __init__(self):
        self.nodes = {}

    def add(self, name, node):
        self.nodes[name] = node

    def get(self, name):
        try:
            return self.nodes[name]
        except (KeyError, TypeError):
            raise UnknownNameError("container", name, self.nodes) from None

    def cycle(self):
        """A list of names forming a cycle (``[a, b, a]``), or None."""
        state = {}

        def visit(name, path):
            state[name] = 1
            for ref in self.nodes[name].refs():
                if ref not in self.nodes:
                    continue
                if state.get(ref) == 1:
                    return path + [name, ref]
                if ref not in state:
                    found = visit(ref, path + [name])
                    if found:
                        return found
            state[name] = 2
            return None

        for name in self.nodes:
            if name not in state:
                found = visit(name, [])
                if found:
                    return found[found.index(found[-1]):]
        return None

    def to_dict(self):
        return {name: node.to_dict() for name, node in self.nodes.items()}
