"""Ducking rules: a voice on the source bus pulls the target bus down by ``amount_db``.

The envelope (one-pole attack while a source voice plays, release after the
last one ends, strongest rule wins per target) is computed in the engine's
render; this subsystem keeps the rules and installs them on the engine.

Example
-------
>>> from fluxforge.middleware.changes import ChangeNotifier
>>> d = Ducking(ChangeNotifier())
>>> d.add("Sfx", "Music", amount_db=-6, attack_ms=50, release_ms=500)
0
>>> d.to_dict()[0]["target"]
'Music'
"""
from .changes import DUCKING
from .checks import finite, non_negative

BUS_NAMES = ("Master", "Music", "Sfx", "Voice", "Ambience", "Aux")


def bus_name(bus, what):
    """The canonical bus name (case-insensitive match); ValueError listing the buses."""
    if isinstance(bus, str):
        for name in BUS_NAMES:
            if name.lower() == bus.lower():
                return name
    raise ValueError(f"{what} {bus!r} is not a bus (buses: {', '.join(BUS_NAMES)})")


class DuckRule:
    __slots__ = ("source", "target", "amount_db", "attack_ms", "release_ms", "engine_id")

    def __init__(self, source, target, amount_db, attack_ms, release_ms):
        self.source, self.target, self.amount_db = source, target, amount_db
        self.attack_ms, self.release_ms, self.engine_id = attack_ms, release_ms, None

    def to_dict(self):
        return {"source": self.source, "target": self.target, "amount_db": self.amount_db,
                "attack_ms": self.attack_ms, "release_ms": self.release_ms}


class Ducking:
    """The rules, in order; installed on ``engine`` once attached."""

    def __init__(self, changes):
        self._changes = changes
        self.rules = []
        self._engine = None

    def add(self, source, target, amount_db=-6.0, attack_ms=50.0, release_ms=500.0):
        """Add a rule; returns its index."""
        source, target = bus_name(source, "source bus"), bus_name(target, "target bus")
        if source == target:
            raise ValueError(f"a bus cannot duck itself ({source!r})")
        amount_db = finite(amount_db, "amount_db")
        if not -96.0 <= amount_db <= 0.0:
            raise ValueError(f"amount_db must be in [-96, 0], got {amount_db:g}")
        rule = DuckRule(source, target, amount_db, non_negative(attack_ms, "attack_ms"),
                        non_negative(release_ms, "release_ms"))
        self._install(rule)
        self.rules.append(rule)
        self._changes.mark(DUCKING)
        return len(self.rules) - 1

    def _install(self, rule):
        if self._engine is not None:
            rule.engine_id = self._engine.add_ducking(rule.source, rule.target, rule.amount_db,
                                                      rule.attack_ms, rule.release_ms)

    def remove(self, index):
        rule = self.rules.pop(index)
        if self._engine is not None and rule.engine_id is not None:
            self._engine.remove_ducking(rule.engine_id)
        self._changes.mark(DUCKING)

    def clear(self):
        while self.rules:
            self.remove(len(self.rules) - 1)

    def attach(self, engine):
        """Install every rule on ``engine`` (None: detach, removing them from the old one)."""
        if self._engine is not None:
            for rule in self.rules:
                if rule.engine_id is not None:
                    self._engine.remove_ducking(rule.engine_id)
                    rule.engine_id = None
        self._engine = engine
        for rule in self.rules:
            self._install(rule)

    def to_dict(self):
        return [rule.to_dict() for rule in self.rules]
