"""Typed reading of one JSON object of a session file, naming each field by its path.

Every problem is a ``SessionError`` whose field is the full path, e.g.
``middleware.rtpc.WinAmount.max`` or ``tracks[2].eq[0].q``. The session's
own fields (:mod:`fluxforge.session.parse`) and the middleware definitions
(:mod:`fluxforge.middleware.loader`) are read with it.

Example
-------
>>> obj = Fields({"min": 0, "max": 100}, "middleware.rtpc.Win", ("min", "max", "default"))
>>> obj.number("max"), obj.number("default", 0.0)
(100, 0.0)
"""
import math

MISSING = object()    # the default of a required field


def session_error(field, value, problem):
    from fluxforge.session.schema import SessionError
    return SessionError(field, value, problem)


def _text(bound):
    return f"{bound:g}" if isinstance(bound, float) else str(bound)


class Fields:
    """Read fields of ``data`` (a dict) at ``where``; unknown keys are refused."""

    def __init__(self, data, where, allowed):
        self.where = where
        if not isinstance(data, dict):
            raise session_error(where or "session", data, "is not a JSON object")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise session_error(self.path(unknown[0]), data[unknown[0]],
                                f"is an unknown field (known: {', '.join(allowed)})")
        self.data = data

    def path(self, key):
        """The field's full name (``key`` alone at the top of the document)."""
        return f"{self.where}.{key}" if self.where else key

    def range_problem(self, value, low, high):
        """What is wrong with ``value`` outside ``[low, high]`` (either may be None)."""
        if low is not None and value < low:
            return f"is below the minimum {_text(low)}"
        if high is not None and value > high:
            return f"is above the maximum {_text(high)}"
        return None

    def _in_range(self, key, value, low, high):
        problem = self.range_problem(value, low, high)
        if problem is not None:
            raise session_error(self.path(key), value, problem)
        return value

    def raw(self, key, default=MISSING):
        if key in self.data:
            return self.data[key]
        if default is MISSING:
            raise session_error(self.path(key), None, "is missing (required field)")
        return default

    def number(self, key, default=MISSING, low=None, high=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise session_error(self.path(key), value, "is not a number")
        if not math.isfinite(value):
            raise session_error(self.path(key), value, "is not a finite number")
        return self._in_range(key, value, low, high)

    def integer(self, key, default=MISSING, low=None, high=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise session_error(self.path(key), value, "is not an integer")
        return self._in_range(key, value, low, high)

    def text(self, key, default=MISSING, choices=None, nullable=False):
        value = self.raw(key, default)
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not value:
            raise session_error(self.path(key), value, "is not a non-empty string")
        if choices and value not in choices:
            raise session_error(self.path(key), value, f"is not one of {', '.join(choices)}")
        return value

    def flag(self, key, default=MISSING):
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise session_error(self.path(key), value, "is not true or false")
        return value

    def items(self, key, default=MISSING):
        """A JSON object field as ``(name, value)`` pairs."""
        value = self.raw(key, default)
        if not isinstance(value, dict):
            raise session_error(self.path(key), value, "is not a JSON object")
        return list(value.items())

    def array(self, key, default=MISSING, nonempty=False):
        value = self.raw(key, default)
        if not isinstance(value, list):
            raise session_error(self.path(key), value, "is not a JSON list")
        if nonempty and not value:
            raise session_error(self.path(key), value, "is empty (needs at least one entry)")
        return value

    def names(self, key, default=MISSING):
        values = self.array(key, default, nonempty=True)
        for i, v in enumerate(values):
            if not isinstance(v, str) or not v:
                raise session_error(f"{self.path(key)}[{i}]", v, "is not a non-empty string")
        if len(set(values)) != len(values):
            raise session_error(self.path(key), values, "has a duplicate name")
        return values
