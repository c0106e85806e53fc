"""Session files: load, validate and save a FluxForge session (JSON).

A session file lists tracks (audio files relative to the session's folder),
their volumes, pans, mute/solo and EQ bands, the buses and their routing, the
master stage, an optional loop, and middleware definitions. The format is
described in ``docs/session-format.md``; the data model is
``fluxforge.session.schema``; ``fluxforge.session.apply.engine_from_session``
turns a session into a playing ``Engine``.

Loading refuses track paths that escape the session folder (``../..``,
absolute paths, symlinks pointing out) unless ``allow_outside=True``. Saving is
atomic (temporary file + rename) and validates first, so an invalid session is
never written and a crash never leaves half a file.

Example
-------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = save_session(Session(name="empty"), folder / "empty.fluxforge.json")
>>> load_session(path).name
'empty'
"""
import json
import os
from pathlib import Path

from fluxforge.cache.atomic import os_reason, write_text_atomic
from fluxforge.session.parse import session_from_dict
from fluxforge.session.schema import (
    SCHEMA_VERSION, SESSION_SUFFIX, BusSpec, EqBand, LoopSpec, MasterSpec, Session,
    SessionError, TrackSpec)

__all__ = ["Session", "TrackSpec", "BusSpec", "EqBand", "MasterSpec", "LoopSpec",
           "SessionError", "SCHEMA_VERSION", "SESSION_SUFFIX", "load_session",
           "read_session_text", "save_session", "session_to_json", "track_path"]


def _check_track_files(session, allow_outside, permit_with):
    root = session.folder.resolve()
    for i, track in enumerate(session.tracks):
        field = f"tracks[{i}].file"
        given = Path(track.file)
        if given.is_absolute() and not allow_outside:
            raise SessionError(field, track.file, "is an absolute path; session files use paths "
                               f"relative to their folder (pass {permit_with} to permit it)")
        resolved = (root / given).resolve()
        if not allow_outside and not resolved.is_relative_to(root):
            raise SessionError(field, track.file, f"points outside the session folder {root} "
                               f"(pass {permit_with} to permit it)")
        if not resolved.is_file():
            raise SessionError(field, track.file, f"does not exist (looked for {resolved})")


def read_session_text(path):
    """The text of a session file; a clear error for a missing or non-text file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileNotFoundError(f"no session file {path}") from None
    except OSError as err:
        raise OSError(f"cannot read the session file {path}: {os_reason(err)}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError("file", str(path), "is not a session file (it is not JSON text; "
                           "a session is a *.fluxforge.json file, e.g. from 'fluxforge demo'. "
                           "For an audio file, put it in a session's tracks)") from None


def load_session(path, *, allow_outside=False, check_files=True,
                 permit_with="allow_outside=True"):
    """Read and validate a session file.

    Parameters
    ----------
    path : str or Path
        The session file (``*.fluxforge.json`` by convention).
    allow_outside : bool
        Accept track files outside the session's folder (absolute paths,
        ``..``). Off by default: a session from elsewhere cannot make the
        program read arbitrary files.
    check_files : bool
        Check that every track file exists.
    permit_with : str
        How the caller turns on ``allow_outside``, named in the error that
        refuses an outside path (the command line passes ``"--allow-outside"``).

    Returns
    -------
    Session
        With ``folder`` set to the file's folder.

    Raises
    ------
    OSError
        If ``path`` cannot be read (the message names the path).
    SessionError
        (a ``ValueError``) naming the invalid field and value; also when the
        file is not a session file at all (e.g. an audio file).

    Example
    -------
    >>> from fluxforge.demo import write_demo
    >>> load_session(write_demo("out/demo"))
    Session(name='FluxForge demo', ...)
    """
    path = Path(path)
    if not isinstance(allow_outside, bool):
        raise TypeError(f"allow_outside must be True or False, not {allow_outside!r}")
    text = read_session_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SessionError("file", str(path), f"is not valid JSON ({err})") from None
    session = session_from_dict(data)
    session.folder = path.parent.absolute()
    if check_files:
        _check_track_files(session, allow_outside, permit_with)
        from fluxforge.middleware.clipfiles import check_clip_files
        check_clip_files(session.middleware, session.folder, allow_outside)
    return session


def session_to_json(session):
    """The session as JSON text (validated; stable key order, 2-space indent)."""
    if not isinstance(session, Session):
        raise TypeError(f"session must be a fluxforge.session.Session, not {type(session).__name__}")
    data = session.to_dict()
    session_from_dict(json.loads(json.dumps(data)))   # validate exactly what will be read back
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _rebase(file, old_folder, new_folder):
    """A track path relative to ``old_folder`` re-expressed relative to ``new_folder``."""
    if old_folder is None or Path(file).is_absolute():
        return file
    absolute = os.path.normpath(Path(old_folder) / file)
    return Path(os.path.relpath(absolute, new_folder)).as_posix()


def save_session(session, path):
    """Validate ``session`` and write it to ``path`` atomically.

    Saving into another folder ("save as") rewrites the tracks' relative paths
    so they still point at the same audio files; ``session.folder`` becomes the
    new folder.

    Returns
    -------
    Path
        The written file.

    Example
    -------
    >>> save_session(Session(name="x"), "/tmp/x.fluxforge.json")
    PosixPath('/tmp/x.fluxforge.json')
    """
    if not isinstance(session, Session):
        raise TypeError(f"session must be a fluxforge.session.Session, not {type(session).__name__}")
    path = Path(path)
    new_folder = path.parent.absolute()
    originals = [track.file for track in session.tracks]
    for track in session.tracks:
        track.file = _rebase(track.file, session.folder, new_folder)
    try:
        write_text_atomic(path, session_to_json(session))
    except BaseException:
        for track, file in zip(session.tracks, originals):
            track.file = file
        raise
    session.folder = new_folder
    return path


def track_path(session, track):
    """The absolute path of a track's audio file.

    Example
    -------
    >>> s = Session(name="x", folder=Path("/music"))
    >>> str(track_path(s, TrackSpec(name="Kick", file="stems/kick.wav")))
    '/music/stems/kick.wav'
    """
    folder = session.folder if session.folder is not None else Path.cwd()
    return Path(os.path.normpath(Path(folder) / track.file))
