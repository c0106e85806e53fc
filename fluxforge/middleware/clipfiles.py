"""Clip files of the definitions: paths relative to the session folder (never escaping it
by default), decoded through an :class:`~fluxforge.cache.audio_cache.AudioCache`.

:func:`load_clips` decodes each file once per cache and pins its clip while the
definitions use it (:func:`unpin_clips` lets go), so a reload of the same
definitions, or another user of the same cache, finds the files decoded.

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

from fluxforge.session.fields import session_error


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


def load_clips(named, folder, allow_outside, audio_cache):
    """``{path as written: Clip}`` of the ``(field, path)`` pairs ``named``, each pinned.

    Every file comes from ``audio_cache`` (decoded there on a miss) and is
    pinned once per distinct path written; a file that cannot be read is a
    SessionError naming the field, and leaves nothing pinned.

    Example
    -------
    >>> import numpy as np, soundfile, tempfile, pathlib
    >>> from fluxforge.cache.audio_cache import AudioCache
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> soundfile.write(folder / "a.wav", np.zeros(480), 48000)
    >>> cache = AudioCache(samplerate_hz=48000)
    >>> clips = load_clips([("E.clip", "a.wav"), ("F.clip", "a.wav")], folder, False, cache)
    >>> clips["a.wav"].frames, cache.stats()["misses"], cache.stats()["pinned"]
    (480, 1, 1)
    >>> unpin_clips(clips, cache); cache.stats()["pinned"]
    0
    """
    clips = {}
    try:
        for field, path in named:
            if path in clips:
                continue
            resolved = resolve_clip(field, path, folder, allow_outside)
            try:
                clips[path] = audio_cache.load(resolved, pin=True)
            except (OSError, ValueError) as err:
                raise session_error(field, path, f"cannot be loaded: {err}") from None
    except BaseException:
        unpin_clips(clips, audio_cache)
        raise
    return clips


def unpin_clips(clips, audio_cache):
    """Undo the pins of :func:`load_clips` (a closed cache has none left to undo)."""
    for clip in clips.values():
        if clip.key in audio_cache:
            audio_cache.unpin(clip.key)
