"""Bus ducking rules of the engine: voices on one bus turn another bus down.

:class:`Ducking` is the part of :class:`fluxforge.engine.Engine` that keeps
the rules; the engine's ducking methods are its methods. The envelopes run in the
C render, frame by frame: while any voice sounds on ``source_bus`` (voices
only; tracks do not duck), the rule's envelope moves towards ``amount_db``
by a one-pole with time constant ``attack_ms`` (after attack_ms of voice it
has covered 63.2 % of the way), and back to 0 dB with ``release_ms`` after
the last such voice ends. Several rules on one target: the most negative
envelope wins. The target bus's input is multiplied by the result. A removed
rule releases back to 0 dB rather than jumping. At most 64 rules.
"""
import numbers
from dataclasses import dataclass

from fluxforge._engine import DUCK_RULES
from fluxforge.engine.types import BUS_NAMES, bus_index, check_number

MIN_DUCK_DB = -120.0
MAX_DUCK_MS = 60000.0

__all__ = ["Ducking", "DuckingRule", "DUCK_RULES"]


@dataclass(frozen=True)
class DuckingRule:
    """One ducking rule as set (bus indices; values after clamping).

    Example
    -------
    >>> DuckingRule(2, 1, -6.0, 50.0, 500.0).names
    ('Sfx', 'Music')
    """
    source_bus: int
    target_bus: int
    amount_db: float
    attack_ms: float
    release_ms: float

    @property
    def names(self):
        return BUS_NAMES[self.source_bus], BUS_NAMES[self.target_bus]


def _time_ms(value, name):
    value = check_number(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return min(value, MAX_DUCK_MS)


class Ducking:
    """Ducking rules.

    Parameters
    ----------
    ring, send, lock
        The engine's command ring, its sender's ``send(push, *args)``
        (:mod:`fluxforge.engine.commands`) and the lock of its Python-side records.

    Example
    -------
    >>> import numpy as np
    >>> from fluxforge import Engine
    >>> engine = Engine(48000, 480)
    >>> rule = engine.add_ducking("Sfx", "Music", amount_db=-6.0, attack_ms=10.0)
    >>> vid = engine.play_voice(np.full(48000, 0.1, np.float32), bus="Sfx")
    >>> _ = engine.render(480)          # 10 ms of voice: one attack time constant
    >>> out = np.zeros(6)
    >>> engine.read_ducking(out)
    >>> round(float(out[1]), 2)         # 63.2 % of -6 dB
    -3.79
    """

    def __init__(self, ring, send, lock):
        self._ring, self._send = ring, send
        self._lock = lock
        self._duck_rules = {}       # rule id -> (slot, DuckingRule)
        self._next_duck_id = 1
        self._next_duck_slot = 0

    def _free_duck_slot(self):
        """The next free slot after the last one given (a removed rule's slot is
        reused as late as possible, so its release has finished)."""
        used = {slot for slot, _ in self._duck_rules.values()}
        for step in range(DUCK_RULES):
            slot = (self._next_duck_slot + step) % DUCK_RULES
            if slot not in used:
                self._next_duck_slot = (slot + 1) % DUCK_RULES
                return slot
        raise RuntimeError(f"at most {DUCK_RULES} ducking rules; remove one first")

    def add_ducking(self, source_bus, target_bus, amount_db=-6.0, attack_ms=50.0,
                    release_ms=500.0):
        """Duck ``target_bus`` by ``amount_db`` while voices play on ``source_bus``; returns an id.

        Buses are indices or names (an unknown name is a ValueError); the two
        must differ. ``amount_db`` must be <= 0 (clamped at -120);
        ``attack_ms`` and ``release_ms`` >= 0 (0 = immediate; capped at 60 s).

        Example
        -------
        >>> from fluxforge import Engine
        >>> engine = Engine(48000, 256)
        >>> rule = engine.add_ducking("Sfx", "Music", -9.0, attack_ms=20.0, release_ms=300.0)
        >>> engine.ducking_rules[rule]
        DuckingRule(source_bus=2, target_bus=1, amount_db=-9.0, attack_ms=20.0, release_ms=300.0)
        """
        source, target = bus_index(source_bus), bus_index(target_bus)
        if source == target:
            raise ValueError(f"a bus cannot duck itself ({BUS_NAMES[source]})")
        amount_db = check_number(amount_db, "amount_db")
        if amount_db > 0:
            raise ValueError(f"amount_db must be <= 0 (a duck turns down), got {amount_db}")
        rule = DuckingRule(source, target, max(amount_db, MIN_DUCK_DB),
                           _time_ms(attack_ms, "attack_ms"), _time_ms(release_ms, "release_ms"))
        with self._lock:
            slot = self._free_duck_slot()
            rule_id = self._next_duck_id
            self._send(self._ring.duck_set, slot, rule.source_bus, rule.target_bus,
                       rule.amount_db, rule.attack_ms, rule.release_ms)
            self._next_duck_id += 1
            self._duck_rules[rule_id] = (slot, rule)
        return rule_id

    def remove_ducking(self, rule_id):
        """Remove a rule (its target releases back to 0 dB); KeyError for an unknown id."""
        if isinstance(rule_id, bool) or not isinstance(rule_id, numbers.Integral):
            raise TypeError(f"ducking rule id must be an int, got {type(rule_id).__name__}")
        with self._lock:
            if rule_id not in self._duck_rules:
                raise KeyError(f"unknown ducking rule id {rule_id!r}")
            slot, _ = self._duck_rules[rule_id]
            self._send(self._ring.duck_remove, slot)
            del self._duck_rules[rule_id]

    def clear_ducking(self):
        """Remove every rule (each target releases back to 0 dB)."""
        with self._lock:
            self._send(self._ring.duck_clear)
            self._duck_rules.clear()

    @property
    def ducking_rules(self):
        """{rule id: DuckingRule} of the rules in force."""
        with self._lock:
            return {rule_id: rule for rule_id, (_, rule) in self._duck_rules.items()}
