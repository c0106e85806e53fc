"""Game-audio middleware: states, switches, RTPCs, ducking, containers, events, music, voices.

``Middleware`` is the coordinator; the subsystems are reachable as its
attributes. ``render_script`` renders a session's scripted game timeline
offline. Change domains (``STATES``, ``RTPC``, ...) are the bits of the
listener mask.

Example
-------
>>> from fluxforge.middleware import Middleware, RTPC
>>> mw = Middleware()
>>> mw.rtpc.add("WinAmount", 0, 100, default=0)
>>> mw.rtpc.set("WinAmount", 80.0); mw.rtpc.get("WinAmount")
80.0
>>> mw.flush() == RTPC
True
"""
from .changes import (ALL, CONTAINERS, DUCKING, EVENTS, MUSIC, RTPC, STATES, SWITCHES,
                      VOICES)
from .checks import UnknownNameError
from .coordinator import Middleware
from .curves import SHAPES, Curve
from .loader import validate
from .playback import EventInstance

__all__ = ["Middleware", "EventInstance", "Curve", "SHAPES", "UnknownNameError", "validate",
           "render_script", "ALL", "STATES", "SWITCHES", "RTPC", "DUCKING", "CONTAINERS",
           "EVENTS", "MUSIC", "VOICES"]


def __getattr__(name):
    if name in ("render_script", "load_script"):
        from . import script
        return getattr(script, name)
    raise AttributeError(f"module 'fluxforge.middleware' has no attribute {name!r}")
