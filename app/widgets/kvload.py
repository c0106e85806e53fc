"""Load each widget module's ``.kv`` file (beside the module) exactly once."""
from pathlib import Path

from kivy.lang import Builder, global_idmap

KV_DIR = Path(__file__).resolve().parent


def load_kv(name, **names):
    """Load ``<name>.kv`` from the widgets folder once; later calls are no-ops.

    ``names`` are the app's own values the rules use (what a ``#:import`` line
    would bind): the kv file cannot name the package, which is installed as
    ``fluxforge_studio`` and runs from a checkout as ``app``.

    Example
    -------
    >>> from app.taper import format_db
    >>> load_kv("strip", format_db=format_db)
    """
    path = KV_DIR / f"{name}.kv"
    if not path.is_file():
        raise FileNotFoundError(f"no kv file named {name!r} at {path}")
    global_idmap.update(names)
    if str(path) not in Builder.files:
        Builder.load_file(str(path))
