"""Scripted renders: a game's timeline of middleware actions, rendered offline.

A script is a JSON list of actions, each with ``at_s`` (seconds from the
start of the render) and one of: ``"post": EVENT`` (or ``[EVENT,
GAME_OBJECT]``), ``"stop": EVENT`` (optional ``"fade_ms"``), ``"state":
[GROUP, STATE]``, ``"rtpc": [NAME, VALUE]`` (or ``[NAME, VALUE,
GAME_OBJECT]``), ``"switch": [GROUP, SWITCH]`` (or with a game object),
``"music": SEGMENT``, ``"stinger": NAME``. Each takes effect at exactly its
frame (``round(at_s * rate)``): the render is cut there, the action applied,
the render goes on. The same script renders bit-identical audio every run.

Example
-------
>>> import numpy as np
>>> from fluxforge import Engine
>>> from fluxforge.middleware import Middleware
>>> engine = Engine(48000, 256); engine.set_dc_block(False)
>>> mw = Middleware(engine)
>>> mw.rtpc.add("Level", 0, 1, default=0)
>>> actions = load_script([{"at_s": 0.01, "rtpc": ["Level", 1.0]}], mw)
>>> out = render_script(engine, mw, actions, 960)
>>> out.shape, mw.rtpc.get("Level")
((960, 2), 1.0)
"""
import json
import math
from pathlib import Path

import numpy as np

KINDS = ("post", "stop", "state", "rtpc", "switch", "music", "stinger")


class ScriptError(ValueError):
    """A script action is invalid; the message names it (``script[3].post``)."""


class Action:
    __slots__ = ("frame", "kind", "args", "fade_ms", "where")

    def __init__(self, frame, kind, args, fade_ms, where):
        self.frame, self.kind, self.args, self.fade_ms, self.where = frame, kind, args, fade_ms, where

    def __repr__(self):
        return f"Action({self.frame}, {self.kind!r}, {self.args!r})"


def _args(kind, value, where):
    if kind in ("post", "stop", "music", "stinger"):
        if isinstance(value, str):
            return [value]
        if kind == "post" and isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
            return value
        raise ScriptError(f"{where}.{kind}: {value!r} is not a name"
                          + (" (or [event, game_object])" if kind == "post" else ""))
    sizes = {"state": (2,), "rtpc": (2, 3), "switch": (2, 3)}[kind]
    if not isinstance(value, list) or len(value) not in sizes:
        raise ScriptError(f"{where}.{kind}: {value!r} is not a list of {' or '.join(map(str, sizes))}")
    return value


def _check(mw, action):
    """Apply-time checks done up front: every name must exist, values be finite."""
    kind, args = action.kind, action.args
    if kind in ("post", "stop"):
        mw.events.resolve(args[0])
    elif kind == "state":
        group = mw.states.group(args[0])
        if args[1] not in group.states:
            raise ValueError(f"{args[1]!r} is not a state of {group.name!r}")
    elif kind == "switch":
        group = mw.switches.group(args[0])
        if args[1] not in group.switches:
            raise ValueError(f"{args[1]!r} is not a switch of {group.name!r}")
    elif kind == "rtpc":
        mw.rtpc.param(args[0])
        value = args[1]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"RTPC value {value!r} is not a finite number")
    elif kind == "music":
        mw.music.segment(args[0])
    elif args[0] not in mw.music.stingers:
        raise ValueError(f"{args[0]!r} is not a stinger")


def load_script(script, mw):
    """Validate ``script`` (a list, or a JSON file path) against ``mw``; actions in frame order."""
    where0 = "script"
    if isinstance(script, (str, Path)):
        where0 = str(script)
        try:
            script = json.loads(Path(script).read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise ScriptError(f"{where0}: is not valid JSON ({err})") from None
    if not isinstance(script, list):
        raise ScriptError(f"{where0}: a script is a JSON list of actions, got {type(script).__name__}")
    actions = []
    for i, item in enumerate(script):
        where = f"{where0}[{i}]"
        if not isinstance(item, dict):
            raise ScriptError(f"{where}: {item!r} is not a JSON object")
        kinds = [k for k in item if k in KINDS]
        unknown = sorted(set(item) - set(KINDS) - {"at_s", "fade_ms"})
        if unknown or len(kinds) != 1:
            raise ScriptError(f"{where}: needs 'at_s' and exactly one of {', '.join(KINDS)}"
                              + (f" (unknown field {unknown[0]!r})" if unknown else ""))
        at_s = item.get("at_s")
        if isinstance(at_s, bool) or not isinstance(at_s, (int, float)) or not math.isfinite(at_s) \
                or at_s < 0:
            raise ScriptError(f"{where}.at_s: {at_s!r} is not a time >= 0 in seconds")
        kind = kinds[0]
        fade = item.get("fade_ms")
        if fade is not None and (isinstance(fade, bool) or not isinstance(fade, (int, float))
                                 or not math.isfinite(fade) or fade < 0):
            raise ScriptError(f"{where}.fade_ms: {fade!r} is not a duration >= 0")
        action = Action(int(round(at_s * mw.samplerate)), kind, _args(kind, item[kind], where),
                        fade, where)
        try:
            _check(mw, action)
        except (KeyError, ValueError, TypeError) as err:
            raise ScriptError(f"{where}.{kind}: {err.args[0] if err.args else err}") from None
        actions.append(action)
    actions.sort(key=lambda a: a.frame)      # stable: same-frame actions keep their order
    return actions


def apply_action(mw, action):
    kind, args = action.kind, action.args
    if kind == "post":
        mw.post_event(args[0], game_object=args[1] if len(args) > 1 else None)
    elif kind == "stop":
        mw.stop_event(args[0], fade_ms=action.fade_ms)
    elif kind == "state":
        mw.states.set(args[0], args[1])
    elif kind == "rtpc":
        mw.rtpc.set(args[0], args[1], game_object=args[2] if len(args) > 2 else None)
    elif kind == "switch":
        mw.switches.set(args[0], args[1], game_object=args[2] if len(args) > 2 else None)
    elif kind == "music":
        mw.music.play(args[0])
    else:
        mw.music.stinger(args[0])


def render_script(engine, mw, actions, frames, sink=None):
    """Render ``frames`` frames, applying ``actions`` (from :func:`load_script`) at their frames.

    Frames of the actions count from the engine's ``frame_clock`` at the call.
    The middleware is updated once per engine block (and after each action),
    voice ends are serviced after each block. ``sink(block)`` receives each
    rendered piece; without it the whole render is returned as float32
    ``(frames, 2)``.
    """
    if not isinstance(frames, int) or isinstance(frames, bool) or frames < 0:
        raise ValueError(f"frames must be an int >= 0, got {frames!r}")
    pieces = [] if sink is None else None
    start = engine.frame_clock
    block = engine.blocksize
    pending = list(actions)
    done, index = 0, 0
    while done < frames:
        while index < len(pending) and pending[index].frame <= done:
            apply_action(mw, pending[index])
            index += 1
        mw.update()
        stop = min(frames, (done // block + 1) * block)
        if index < len(pending):
            stop = min(stop, max(pending[index].frame, done + 1))
        out = engine.render(stop - done)
        engine.service()
        if sink is None:
            pieces.append(out)
        else:
            sink(out)
        done = engine.frame_clock - start
    mw.update()
    return np.concatenate(pieces) if pieces else (np.zeros((0, 2), np.float32) if sink is None
                                                  else None)
