"""Argument checks shared by the middleware subsystems.

Example
-------
>>> finite(1, "volume_db")
1.0
>>> str(UnknownNameError("event", "REEL", ["SPIN"]))
"unknown event 'REEL' (known: SPIN)"
"""
from fluxforge.engine.types import check_number as finite  # noqa: F401  (re-exported)


class UnknownNameError(KeyError):
    """A name (event, state group, RTPC, ...) that is not defined; the message lists the known ones."""

    def __init__(self, kind, name, known=()):
        known = sorted(map(str, known))
        shown = ", ".join(known[:20]) + (", ..." if len(known) > 20 else "")
        self.kind, self.name = kind, name
        super().__init__(f"unknown {kind} {name!r} (known: {shown or 'none'})")

    def __str__(self):
        return self.args[0]


def non_negative(value, name):
    value = finite(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value:g}")
    return value


def name_str(value, what):
    """A non-empty string name."""
    if not isinstance(value, str) or not value:
        raise TypeError(f"{what} must be a non-empty string, got {value!r}")
    return value


def db_to_volume(gain_db):
    """Linear volume of a gain in dB (-inf dB below -144)."""
    return 0.0 if gain_db <= -144.0 else 10.0 ** (gain_db / 20.0)
