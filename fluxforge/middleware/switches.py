"""Switch groups: a selection per game object, falling back to the group default.

``game_object=None`` is the global object. :meth:`Switches.reset` forgets
every selection of one object.

Example
-------
>>> from fluxforge.middleware.changes import ChangeNotifier
>>> sw = Switches(ChangeNotifier())
>>> sw.add_group("Surface", ["Grass", "Stone"], default="Grass")
>>> sw.set("Surface", "Stone", game_object="player")
>>> sw.get("Surface", "player"), sw.get("Surface", "npc")
('Stone', 'Grass')
>>> sw.reset("player"); sw.get("Surface", "player")
'Grass'
"""
from .changes import SWITCHES
from .checks import UnknownNameError, name_str
from .states import _members


class SwitchGroup:
    __slots__ = ("name", "switches", "default")

    def __init__(self, name, switches, default):
        self.name, self.switches, self.default = name, switches, default

    def to_dict(self):
        return {"switches": list(self.switches), "default": self.default}


class Switches:
    """The switch groups and each game object's selections."""

    def __init__(self, changes):
        self._changes = changes
        self.groups = {}
        self._selected = {}           # game object -> {group: switch}

    def add_group(self, name, switches, default=None):
        name = name_str(name, "switch group name")
        members = _members(switches, f"switches of {name!r}")
        default = members[0] if default is None else default
        if default not in members:
            raise ValueError(f"default switch {default!r} of {name!r} is not one of {members}")
        self.groups[name] = SwitchGroup(name, members, default)
        self._changes.mark(SWITCHES)

    def group(self, name):
        try:
            return self.groups[name]
        except (KeyError, TypeError):
            raise UnknownNameError("switch group", name, self.groups) from None

    def set(self, group, switch, game_object=None):
        g = self.group(group)
        if switch not in g.switches:
            raise UnknownNameError(f"switch of group {g.name!r}:", switch, g.switches)
        try:
            chosen = self._selected.setdefault(game_object, {})
        except TypeError:
            raise TypeError(f"game_object must be hashable, got {type(game_object).__name__}") \
                from None
        if chosen.get(g.name) != switch:
            chosen[g.name] = switch
            self._changes.mark(SWITCHES)

    def get(self, group, game_object=None):
        g = self.group(group)
        chosen = self._selected.get(game_object)
        if chosen is not None and g.name in chosen:
            return chosen[g.name]
        return g.default

    def reset(self, game_object=None):
        """Forget every selection of ``game_object`` (back to the defaults)."""
        if self._selected.pop(game_object, None):
            self._changes.mark(SWITCHES)

    @property
    def game_objects(self):
        return list(self._selected)

    def to_dict(self):
        return {name: g.to_dict() for name, g in self.groups.items()}
