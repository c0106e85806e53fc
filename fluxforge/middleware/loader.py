"""Definitions loader: a session's ``"middleware"`` object -> fresh subsystems.

Everything is checked before anything is built into the running middleware:
types and ranges, unknown references (a layer's container, a blend's RTPC, a
switch container's group, a binding's bus or event, a music state group),
container cycles and the event limit. Each problem is a ``SessionError``
naming the item, e.g. ``middleware.events.REEL_STOP_2.layers[0].container:
'ReelStp' is not a container``. The format is documented in
``docs/session-format.md``.

Example
-------
>>> parts = build({"states": {"GameMode": {"states": ["Base", "FreeSpins"]}}})
>>> parts.states.get("GameMode")
'Base'
>>> try:
...     build({"events": {"E": {"layers": [{"container": "Nope"}]}}})
... except ValueError as err:
...     print(err)
middleware.events.E.layers[0].container: 'Nope' is not a container
"""
from .changes import ChangeNotifier
from .containers import (SEQUENCE_ENDS, BlendNode, ClipNode, Containers, RandomNode, RefNode,
                         SequenceNode, Step, SwitchNode)
from .ducking import BUS_NAMES, Ducking
from .events import MAX_EVENTS, Events, Layer
from fluxforge.session.fields import Fields, session_error
from .music import Music, Rule, Segment, Stinger
from .music_grid import SYNCS
from .random_pick import MODES
from .rtpc import Binding, Rtpcs
from .states import States
from .switches import Switches

ROOT = "middleware"
SECTIONS = ("states", "switches", "rtpc", "ducking", "containers", "events", "music")


class Parts:
    """A complete set of subsystems built from one definitions object."""

    def __init__(self, changes, now_frame, samplerate, player):
        self.states, self.switches = States(changes), Switches(changes)
        self.rtpc = Rtpcs(changes, now_frame, samplerate)
        self.ducking, self.containers = Ducking(changes), Containers()
        self.events, self.music = Events(changes), Music(changes, player)
        self.clips = []           # (field, path) of every clip named


def _wrap(field, value, call):
    try:
        return call()
    except (ValueError, TypeError) as err:
        raise session_error(field, value, f"is invalid: {err}") from None


def _states(parts, where, items):
    for name, data in items:
        f = Fields(data, f"{where}.{name}", ("states", "default", "transition_ms"))
        members = f.names("states")
        default = f.text("default", members[0], choices=members)
        parts.states.add_group(name, members, default, f.number("transition_ms", 0.0, low=0))


def _switches(parts, where, items):
    for name, data in items:
        f = Fields(data, f"{where}.{name}", ("switches", "default"))
        members = f.names("switches")
        parts.switches.add_group(name, members, f.text("default", members[0], choices=members))


def _rtpcs(parts, where, items):
    bindings = []
    for name, data in items:
        f = Fields(data, f"{where}.{name}", ("min", "max", "default", "slew_per_s", "bindings"))
        low, high = f.number("min", 0.0), f.number("max", 100.0)
        if not low < high:
            raise session_error(f.path("max"), high, f"is not above min {low:g}")
        default = f.number("default", low, low=low, high=high)
        parts.rtpc.add(name, low, high, default, f.number("slew_per_s", 0.0, low=0))
        for i, b in enumerate(f.array("bindings", [])):
            bf = Fields(b, f"{f.path('bindings')}[{i}]", ("target", "curve"))
            target, curve = bf.raw("target"), bf.raw("curve")
            binding = _wrap(bf.where, b, lambda: Binding(target, curve))
            parts.rtpc.params[name].bindings.append(binding)
            bindings.append((bf.path("target"), binding))
    return bindings


def _ducking(parts, where, rules):
    for i, data in enumerate(rules):
        f = Fields(data, f"{where}[{i}]", ("source", "target", "amount_db", "attack_ms",
                                           "release_ms"))
        source = f.text("source", choices=BUS_NAMES)
        target = f.text("target", choices=BUS_NAMES)
        if source == target:
            raise session_error(f.path("target"), target, "is the source bus (a bus cannot duck itself)")
        parts.ducking.add(source, target, f.number("amount_db", -6.0, low=-96, high=0),
                          f.number("attack_ms", 50.0, low=0), f.number("release_ms", 500.0, low=0))


def _source(parts, f, names, extra=()):
    """A child/layer source: ``clip`` (a path) or ``container`` (a name)."""
    if ("clip" in f.data) == ("container" in f.data):
        raise session_error(f.where, f.data, "needs exactly one of 'clip' or 'container'")
    if "container" in f.data:
        name = f.raw("container")
        if name not in names:
            raise session_error(f.path("container"), name, "is not a container")
        return RefNode(name)
    clip = f.text("clip")
    parts.clips.append((f.path("clip"), clip))
    return ClipNode(clip, f.number("volume_db", 0.0, low=-96, high=24),
                    f.number("pitch_cents", 0.0, low=-2400, high=2400))


CHILD = ("clip", "container", "volume_db", "pitch_cents")


def _container(parts, where, data, names):
    kinds = ("random", "blend", "sequence", "switch")
    kind = Fields(data, where, ("type", "mode", "seed", "children", "rtpc", "end", "steps",
                                "group")).text("type", choices=kinds)
    if kind == "random":
        f = Fields(data, where, ("type", "mode", "seed", "children"))
        mode = f.text("mode", "shuffle_no_repeat", choices=MODES)
        seed = f.integer("seed", None, nullable=True)
        children, weights = [], []
        for i, c in enumerate(f.array("children", nonempty=True)):
            cf = Fields(c, f"{where}.children[{i}]", CHILD + ("weight",))
            children.append(_source(parts, cf, names))
            weights.append(cf.number("weight", 1.0, low=0))
        if sum(weights) <= 0:
            raise session_error(f.path("children"), weights, "has no positive weight")
        return RandomNode(children, weights, mode, seed)
    if kind == "blend":
        f = Fields(data, where, ("type", "rtpc", "children"))
        rtpc = f.text("rtpc")
        if rtpc not in parts.rtpc.params:
            raise session_error(f.path("rtpc"), rtpc, "is not an RTPC")
        p = parts.rtpc.params[rtpc]
        children, ranges = [], []
        for i, c in enumerate(f.array("children", nonempty=True)):
            cf = Fields(c, f"{where}.children[{i}]", CHILD + ("from", "to"))
            children.append(_source(parts, cf, names))
            low = cf.number("from", p.min, low=p.min, high=p.max)
            high = cf.number("to", p.max, low=p.min, high=p.max)
            if not low < high:
                raise session_error(cf.path("to"), high, f"is not above from {low:g}")
            ranges.append((low, high))
        return BlendNode(rtpc, children, ranges)
    if kind == "switch":
        f = Fields(data, where, ("type", "group", "children"))
        group = f.text("group")
        if group not in parts.switches.groups:
            raise session_error(f.path("group"), group, "is not a switch group")
        children = {}
        for switch, c in f.items("children"):
            if switch not in parts.switches.groups[group].switches:
                raise session_error(f"{where}.children.{switch}", switch,
                                    f"is not a switch of group {group!r}")
            children[switch] = _source(parts, Fields(c, f"{where}.children.{switch}", CHILD), names)
        return SwitchNode(group, children)
    f = Fields(data, where, ("type", "end", "steps"))
    end = f.text("end", "stop", choices=SEQUENCE_ENDS)
    steps = []
    for i, s in enumerate(f.array("steps", nonempty=True)):
        sf = Fields(s, f"{where}.steps[{i}]",
                    CHILD + ("delay_ms", "duration_ms", "fade_in_ms", "fade_out_ms"))
        steps.append(Step(_source(parts, sf, names), sf.number("delay_ms", 0.0, low=0),
                          sf.number("duration_ms", None, low=0, nullable=True),
                          sf.number("fade_in_ms", 0.0, low=0), sf.number("fade_out_ms", 0.0, low=0)))
    return _wrap(where, data, lambda: SequenceNode(steps, end))


def _containers(parts, where, items):
    names = {name for name, _ in items}
    for name, data in items:
        parts.containers.add(name, _container(parts, f"{where}.{name}", data, names))
    cycle = parts.containers.cycle()
    if cycle:
        raise session_error(f"{where}.{cycle[0]}", cycle[0],
                            f"contains itself ({' -> '.join(cycle)})")


LAYER = ("clip", "container", "bus", "volume_db", "pan", "delay_ms", "fade_in_ms", "fade_out_ms",
         "loop", "pitch_cents")


def _events(parts, where, items):
    if len(items) > MAX_EVENTS:
        raise session_error(where, f"{len(items)} events", f"is above the limit of {MAX_EVENTS}")
    names = set(parts.containers.nodes)
    for name, data in items:
        f = Fields(data, f"{where}.{name}", ("stage", "max_instances", "voices", "layers"))
        layers = []
        for i, l in enumerate(f.array("layers", nonempty=True)):
            lf = Fields(l, f"{f.path('layers')}[{i}]", LAYER)
            node = _source(parts, Fields({k: v for k, v in l.items() if k in ("clip", "container")},
                                         lf.where, LAYER), names)
            layers.append(Layer(node, lf.text("bus", "Sfx", choices=BUS_NAMES),
                                lf.number("volume_db", 0.0, low=-96, high=6),
                                lf.number("pan", 0.0, low=-1, high=1),
                                lf.number("delay_ms", 0.0, low=0), lf.number("fade_in_ms", 0.0, low=0),
                                lf.number("fade_out_ms", 0.0, low=0), lf.flag("loop", False),
                                lf.number("pitch_cents", 0.0, low=-2400, high=2400)))
        vf = Fields(f.raw("voices", {}), f.path("voices"), ("min", "max"))
        low, high = vf.integer("min", 0, low=0), vf.integer("max", 16, low=1)
        if low > high:
            raise session_error(vf.path("min"), low, f"is above max {high}")
        stage = f.text("stage", None, nullable=True)
        if stage is not None and stage in parts.events.stages:
            raise session_error(f.path("stage"), stage,
                                f"already triggers event {parts.events.stages[stage]!r}")
        parts.events.add(name, layers, stage, f.integer("max_instances", 0, low=0), low, high)


def _music(parts, where, data, states):
    f = Fields(data, where, ("bus", "segments", "stingers", "transitions", "state_group",
                             "state_segments"))
    music = parts.music
    music.bus = f.text("bus", "Music", choices=BUS_NAMES)
    for name, s in f.items("segments", {}):
        sf = Fields(s, f"{where}.segments.{name}", ("clip", "tempo_bpm", "meter", "loop",
                                                    "loop_start_beats", "loop_end_beats", "volume_db"))
        meter = sf.array("meter", [4, 4])
        if (len(meter) != 2 or not all(isinstance(m, int) and not isinstance(m, bool) and m > 0
                                       for m in meter)):
            raise session_error(sf.path("meter"), meter, "is not [beats per bar, beat unit]")
        start = sf.number("loop_start_beats", 0.0, low=0)
        end = sf.number("loop_end_beats", None, nullable=True)
        if end is not None and not end > start:
            raise session_error(sf.path("loop_end_beats"), end, f"is not above loop_start_beats {start:g}")
        clip = sf.text("clip")
        parts.clips.append((sf.path("clip"), clip))
        music.segments[name] = Segment(name, clip, sf.number("tempo_bpm", 120.0, low=1, high=999),
                                       meter, sf.flag("loop", True), start, end,
                                       sf.number("volume_db", 0.0, low=-96, high=6))
    for name, s in f.items("stingers", {}):
        sf = Fields(s, f"{where}.stingers.{name}", ("clip", "sync", "volume_db"))
        clip = sf.text("clip")
        parts.clips.append((sf.path("clip"), clip))
        music.stingers[name] = Stinger(name, clip, sf.text("sync", "beat", choices=SYNCS),
                                       sf.number("volume_db", 0.0, low=-96, high=6))
    known = set(music.segments) | {"*"}
    for i, r in enumerate(f.array("transitions", [])):
        rf = Fields(r, f"{where}.transitions[{i}]", ("from", "to", "sync", "fade_out_ms", "fade_in_ms"))
        for key in ("from", "to"):
            if rf.text(key) not in known:
                raise session_error(rf.path(key), r[key], "is not a segment or '*'")
        music.rules.append(Rule(r["from"], r["to"], rf.text("sync", "bar", choices=SYNCS),
                                rf.number("fade_out_ms", None, low=0, nullable=True),
                                rf.number("fade_in_ms", None, low=0, nullable=True)))
    group = f.text("state_group", None, nullable=True)
    if group is not None:
        if group not in states.groups:
            raise session_error(f.path("state_group"), group, "is not a state group")
        music.state_group = group
        for state, segment in f.items("state_segments", {}):
            if state not in states.groups[group].states:
                raise session_error(f"{where}.state_segments.{state}", state,
                                    f"is not a state of {group!r}")
            if segment not in music.segments:
                raise session_error(f"{where}.state_segments.{state}", segment, "is not a segment")
            music.state_segments[state] = segment


def _check_bindings(parts, bindings):
    for field, b in bindings:
        if b.kind in ("bus_volume", "bus_pan") and b.ref not in BUS_NAMES:
            raise session_error(f"{field}.{b.kind}", b.ref, f"is not a bus ({', '.join(BUS_NAMES)})")
        if b.kind in ("voice_volume", "voice_pitch") and b.ref not in parts.events.defs:
            raise session_error(f"{field}.{b.kind}", b.ref, "is not an event")


def build(definitions, changes=None, now_frame=lambda: 0, samplerate=48000, player=None):
    """Validate ``definitions`` and build a :class:`Parts` (nothing else changes)."""
    if not isinstance(definitions, dict):
        raise session_error(ROOT, definitions, "is not a JSON object")
    f = Fields(definitions, ROOT, SECTIONS)
    parts = Parts(changes or ChangeNotifier(), now_frame, samplerate, player)
    _states(parts, f.path("states"), f.items("states", {}))
    _switches(parts, f.path("switches"), f.items("switches", {}))
    bindings = _rtpcs(parts, f.path("rtpc"), f.items("rtpc", {}))
    _ducking(parts, f.path("ducking"), f.array("ducking", []))
    _containers(parts, f.path("containers"), f.items("containers", {}))
    _events(parts, f.path("events"), f.items("events", {}))
    _check_bindings(parts, bindings)
    if "music" in definitions:
        _music(parts, f.path("music"), definitions["music"], parts.states)
    return parts


def validate(definitions):
    """Check ``definitions`` (raise ``SessionError`` naming the first problem)."""
    build(definitions)
