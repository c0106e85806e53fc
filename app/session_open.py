"""Open a session (or the demo) as a ready engine plus what the surface shows."""
from dataclasses import dataclass, field
from pathlib import Path

from fluxforge.cache.location import cache_folder as fluxforge_cache_folder


class SessionOpenError(Exception):
    """The session could not be opened; the message says why and where."""


@dataclass
class OpenedSession:
    """An engine loaded from a session file, with what the surface shows.

    Attributes
    ----------
    engine : fluxforge.Engine
    title : str
    colors : list of RGBA tuples (or None), in track order
    session : fluxforge.session.Session
    path : Path
        The session file (where :func:`save_mix` writes).

    Example
    -------
    >>> from fluxforge.demo import write_demo
    >>> opened = open_session(write_demo("demo"))
    >>> opened.title, len(opened.engine.track_ids)
    ('FluxForge demo', 6)
    """

    engine: object
    title: str
    colors: list = field(default_factory=list)
    session: object = None
    path: Path = None


def cache_folder():
    """FluxForge's cache folder: ``$XDG_CACHE_HOME/fluxforge`` (~/.cache/fluxforge).

    Example
    -------
    >>> cache_folder().name
    'fluxforge'
    """
    return fluxforge_cache_folder()


def demo_folder():
    """Where the demo session is written once: ``cache_folder() / 'demo'``.

    Example
    -------
    >>> demo_folder().name
    'demo'
    """
    return cache_folder() / "demo"


def _rgba(hex_color):
    if not hex_color:
        return None
    from kivy.utils import get_color_from_hex
    return tuple(get_color_from_hex(hex_color))


def open_session(path=None):
    """Load ``path`` (a session file) or, with None, the demo session.

    Returns an :class:`OpenedSession`; raises :class:`SessionOpenError`
    with the reason (missing file, invalid session, unreadable audio).

    Example
    -------
    >>> try:
    ...     open_session("missing.fluxforge.json")
    ... except SessionOpenError as err:
    ...     print(err)
    session file 'missing.fluxforge.json' does not exist
    """
    from fluxforge.session import load_session
    from fluxforge.session.apply import engine_from_session
    if path is None:
        from fluxforge.demo import SESSION_NAME, write_demo
        from fluxforge.demo.slot import SCRIPT_NAME
        path = demo_folder() / SESSION_NAME
        if not path.is_file() or not (path.parent / SCRIPT_NAME).is_file():  # none, or older
            write_demo(path.parent)
    path = Path(path)
    if not path.is_file():
        raise SessionOpenError(f"session file {str(path)!r} does not exist")
    try:
        session = load_session(path)
        engine = engine_from_session(session)
    except (ValueError, OSError, RuntimeError) as exc:
        raise SessionOpenError(f"cannot open {str(path)!r}: {exc}") from exc
    return OpenedSession(engine=engine, title=session.name or path.stem,
                         colors=[_rgba(t.color) for t in session.tracks],
                         session=session, path=path)


def save_mix(opened):
    """Write the engine's current mix back into the session file (atomically).

    Volumes, pans, mute/solo, routing, buses, master and loop come from the
    engine; files, names and colours from the opened session. Send pending
    UI edits first (``MixerModel.send_edits``). Returns the written path.

    Example
    -------
    >>> opened.engine.set_track_volume(opened.engine.track_ids[0], 0.5)
    >>> save_mix(opened).name
    'demo.fluxforge.json'
    """
    from fluxforge.session import save_session
    from fluxforge.session.apply import session_from_engine
    if opened.session is None or opened.path is None:
        raise ValueError("this OpenedSession has no session file to save into")
    mixed = session_from_engine(opened.engine, opened.session)
    written = save_session(mixed, opened.path)
    opened.session = mixed
    return written
