"""Load each widget module's ``.kv`` file exactly once."""
from pathlib import Path

from kivy.lang import Builder

KV_DIR = Path(__file__).resolve().parent.parent


def load_kv(name):
    """Load ``app/<name>.kv`` once; later calls are no-ops.

    Example
    -------
    >>> load_kv("strip")  # doctest: +SKIP
    """
    path = KV_DIR / f"{name}.kv"
    if not path.is_file():
        raise FileNotFoundError(f"no kv file named {name!r} at {path}")
    if str(path) not in Builder.files:
        Builder.load_file(str(path))
