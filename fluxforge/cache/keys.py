"""Stable 64-bit keys for clips and cache entries.

Keys are computed once, when a clip is registered, so the audio thread and the
caches only ever compare integers (no string work in the real-time
path). They are stable across processes and runs (unlike ``hash()``), so they
can also name files in the disk caches.

Example
-------
>>> clip_key("drums.wav") == clip_key("drums.wav")
True
"""
import hashlib
from numbers import Integral
from pathlib import Path


def clip_key(name):
    """Return the unsigned 64-bit key of a path or name (str, bytes or Path)."""
    if isinstance(name, Path):
        name = str(name)
    if isinstance(name, str):
        name = name.encode("utf-8", "surrogatepass")
    if not isinstance(name, (bytes, bytearray)):
        raise TypeError(f"clip_key expects str, bytes or Path, got {type(name).__name__}")
    return int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "little")


def path_key(path):
    """Key of a file path, resolved to an absolute path first."""
    return clip_key(str(Path(path).expanduser().resolve()))


def content_key(key):
    """Key of in-memory content: a name (str or bytes, hashed) or an unsigned 64-bit int.

    Example
    -------
    >>> content_key("take 1") == clip_key("take 1"), content_key(7)
    (True, 7)
    """
    if isinstance(key, (str, bytes)):
        return clip_key(key)
    if isinstance(key, bool) or not isinstance(key, Integral) or not 0 <= key < 2**64:
        raise TypeError(f"key must be a name (str) or an unsigned 64-bit int, got {key!r}")
    return int(key)
