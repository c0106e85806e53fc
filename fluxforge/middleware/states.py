"""State groups: global game states (one current state per group).

Example
-------
>>> from fluxforge.middleware.changes import ChangeNotifier
>>> states = States(ChangeNotifier())
>>> states.add_group("GameMode", ["Base", "FreeSpins"], default="Base", transition_ms=500)
>>> states.set("GameMode", "FreeSpins"); states.get("GameMode")
'FreeSpins'
>>> states.set("GameMode", 0); states.get("GameMode")
'Base'
"""
import numbers

from .changes import STATES
from .checks import UnknownNameError, name_str, non_negative


class StateGroup:
    """One group: its states, default, transition time and current state."""

    __slots__ = ("name", "states", "default", "transition_ms", "current")

    def __init__(self, name, states, default, transition_ms):
        self.name, self.states, self.default = name, states, default
        self.transition_ms, self.current = transition_ms, default

    def to_dict(self):
        return {"states": list(self.states), "default": self.default,
                "transition_ms": self.transition_ms}


def _members(values, what):
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError(f"{what} must be a non-empty list of names, got {values!r}")
    names = tuple(name_str(v, f"each of {what}") for v in values)
    if len(set(names)) != len(names):
        raise ValueError(f"{what} has a duplicate name: {names!r}")
    return names


class States:
    """The state groups; :meth:`set` calls the watchers ``fn(group, old, new)``."""

    def __init__(self, changes):
        self._changes = changes
        self.groups = {}
        self.watchers = []

    def add_group(self, name, states, default=None, transition_ms=0.0):
        """Define (or redefine) a group; ``default`` is its first state unless given."""
        name = name_str(name, "state group name")
        members = _members(states, f"states of {name!r}")
        default = members[0] if default is None else default
        if default not in members:
            raise ValueError(f"default state {default!r} of {name!r} is not one of {members}")
        self.groups[name] = StateGroup(name, members, default,
                                       non_negative(transition_ms, "transition_ms"))
        self._changes.mark(STATES)

    def group(self, name):
        try:
            return self.groups[name]
        except (KeyError, TypeError):
            raise UnknownNameError("state group", name, self.groups) from None

    def set(self, group, state):
        """Make ``state`` (a name or an index into the group's states) current."""
        g = self.group(group)
        if isinstance(state, numbers.Integral) and not isinstance(state, bool):
            if not 0 <= state < len(g.states):
                raise ValueError(f"state index {state} is outside 0..{len(g.states) - 1} "
                                 f"for group {g.name!r}")
            state = g.states[state]
        elif state not in g.states:
            raise UnknownNameError(f"state of group {g.name!r}:", state, g.states)
        old, g.current = g.current, state
        if old != state:
            self._changes.mark(STATES)
            for watcher in tuple(self.watchers):
                watcher(g.name, old, state)

    def get(self, group):
        """The current state's name."""
        return self.group(group).current

    def reset(self):
        """Every group back to its default."""
        for g in self.groups.values():
            self.set(g.name, g.default)

    def to_dict(self):
        return {name: g.to_dict() for name, g in self.groups.items()}
