"""Clip paths of the definitions: relative to the session folder, never escaping it by default.

Example
-------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> try:
...     resolve_clip("middleware.events.E.layers[0].clip", "../x.wav", folder)
... except ValueError as err:
...     print(str(err).split(" (")[0])
middleware.events.E.layers[0].clip: '../x.wav' points outside the session folder
"""
from pathlib import Path

from .fields import session_error


def resolve_clip(field, path, folder, allow_outside=False, must_exist=True):
    """The absolute path of clip ``path`` named at ``field``; SessionError if it escapes or is missing."""
    given = Path(path)
    root = Path(folder).absolute().resolve()
    resolved = (root / given).resolve()
    if not allow_outside and (given.is_absolute() or not resolved.is_relative_to(root)):
        raise session_error(field, path, f"points outside the session folder (folder {root}; "
                            "pass allow_outside=True to permit it)")
    if must_exist and not resolved.is_file():
        raise session_error(field, path, f"does not exist (looked for {resolved})")
    return resolved


def check_clip_files(definitions, folder, allow_outside=False):
    """Check every clip the definitions name (they are valid: see ``loader.validate``)."""
    from .loader import build
    for field, path in build(definitions).clips:
        resolve_clip(field, path, folder, allow_outside)
