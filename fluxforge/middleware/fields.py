"""Typed reading of one JSON object of the definitions, naming each field by its path.

Every problem is a ``SessionError`` whose field is the full path, e.g.
``middleware.rtpc.WinAmount.max``.

Example
-------
>>> obj = Fields({"min": 0, "max": 100}, "middleware.rtpc.Win", ("min", "max", "default"))
>>> obj.number("max"), obj.number("default", 0.0)
(100, 0.0)
"""
import math

_MISSING = object()


def session_error(field, value, problem):
    from fluxforge import SessionError
    return SessionError(field, value, problem)


class Fields:
    """Read fields of ``data`` (a dict) at ``where``; unknown keys are refused."""

    def __init__(self, data, where, allowed):
        if not isinstance(data, dict):
            raise session_error(where, data, "is not a JSON object")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise session_error(f"{where}.{unknown[0]}", data[unknown[0]],
                                f"is an unknown field (known: {', '.join(allowed)})")
        self.data, self.where = data, where

    def path(self, key):
        return f"{self.where}.{key}"

    def raw(self, key, default=_MISSING):
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise session_error(self.path(key), None, "is missing (required field)")
        return default

    def number(self, key, default=_MISSING, low=None, high=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise session_error(self.path(key), value, "is not a number")
        if not math.isfinite(value):
            raise session_error(self.path(key), value, "is not a finite number")
        if low is not None and value < low:
            raise session_error(self.path(key), value, f"is below the minimum {low:g}")
        if high is not None and value > high:
            raise session_error(self.path(key), value, f"is above the maximum {high:g}")
        return value

    def integer(self, key, default=_MISSING, low=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise session_error(self.path(key), value, "is not an integer")
        if low is not None and value < low:
            raise session_error(self.path(key), value, f"is below the minimum {low}")
        return value

    def text(self, key, default=_MISSING, choices=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value:
            raise session_error(self.path(key), value, "is not a non-empty string")
        if choices is not None and value not in choices:
            raise session_error(self.path(key), value, f"is not one of {', '.join(choices)}")
        return value

    def flag(self, key, default=_MISSING):
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise session_error(self.path(key), value, "is not true or false")
        return value

    def items(self, key, default=_MISSING):
        """A JSON object field as ``(name, value)`` pairs."""
        value = self.raw(key, default)
        if not isinstance(value, dict):
            raise session_error(self.path(key), value, "is not a JSON object")
        return list(value.items())

    def array(self, key, default=_MISSING, nonempty=False):
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise session_error(self.path(key), value, "is not a JSON list")
        if nonempty and not value:
            raise session_error(self.path(key), value, "is empty (needs at least one entry)")
        return value

    def names(self, key, default=_MISSING):
        values = self.array(key, default, nonempty=True)
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v:
                raise session_error(f"{self.path(key)}[{i}]", v, "is not a non-empty string")
        if len(set(values)) != len(values):
            raise session_error(self.path(key), values, "has a duplicate name")
        return values
