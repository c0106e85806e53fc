"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The content goes to a temporary file in the same folder, is flushed to disk,
and then renamed over the destination (``os.replace`` is atomic on POSIX and
Windows when both names are on one file system). If writing fails, the
temporary file is removed and the destination is untouched. Files that can
be rebuilt and check themselves (the waveform caches, with a CRC of their
payload) skip the flush (``durable=False``): it is what keeps parallel
writers from scaling, since each flush waits for the file system's journal.

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "hello.txt"
>>> with atomic_path(target) as tmp:
...     _ = tmp.write_text("hi")
>>> target.read_text()
'hi'
"""
import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path, durable=True):
    """Yield a temporary ``Path`` to write; on success it replaces ``path``.

    The temporary name keeps ``path``'s suffix, so libraries that pick a format
    from the extension (soundfile) still do the right thing. ``durable``:
    flush the content to disk before the rename.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: folder {path.parent} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=f".tmp{path.suffix}",
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as f:
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def os_reason(err):
    """An OSError's reason in words, without the ``[Errno N]`` prefix.

    Example
    -------
    >>> os_reason(PermissionError(13, "Permission denied", "/x"))
    'permission denied'
    """
    return (err.strerror or str(err)).lower() if isinstance(err, OSError) else str(err)


def write_text_atomic(path, text):
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
