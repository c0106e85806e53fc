"""The studio's middleware: the session's definitions on Kivy's clock.

``engine_from_session`` gives the engine a clock-less ``Middleware``; the
studio replaces it with one driven by Kivy's ``Clock`` (updates 60 times a
second, at most one change notification a frame) and starts the music
segment of the current state, if the session has music.
"""
from pathlib import Path

from fluxforge.middleware import Middleware


def clocked_middleware(engine, folder, clock):
    """Give ``engine`` a ``Middleware(engine, clock=clock)`` with the same definitions.

    Clip paths stay relative to ``folder`` (the session's folder); the clips
    come from the old middleware's audio cache, where they are already decoded.
    Returns the new middleware (also ``engine.middleware``).

    Example
    -------
    >>> from kivy.clock import Clock
    >>> mw = clocked_middleware(opened.engine, opened.path.parent, Clock)
    >>> mw is opened.engine.middleware, "SPIN_START" in mw.to_dict()["events"]
    (True, True)
    """
    old = getattr(engine, "middleware", None)
    definitions = old.to_dict() if old is not None else {}
    if old is not None:
        old.dispose()
    mw = Middleware(engine, clock=clock, audio_cache=old.audio_cache if old is not None else None)
    mw.load(definitions, folder=Path(folder or Path.cwd()), allow_outside=True)
    engine.middleware = mw
    return mw


def start_music(mw):
    """Play the segment mapped to the current state of the music's state group, if any."""
    music = mw.music
    if not music.segments:
        return None
    group = music.state_group
    name = music.state_segments.get(mw.states.get(group)) if group else None
    name = name or next(iter(music.segments))
    music.play(name)
    return name
