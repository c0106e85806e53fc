"""LruIndex driven by Hypothesis against collections.OrderedDict (the model)."""
from collections import OrderedDict

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from fluxforge.cache.lru import LruFullError, LruIndex

from tests.lru_keys import colliding_keys

# A small pool makes hits, re-inserts and removals of present keys frequent;
# the colliding pool builds long probe runs that wrap around the table end
# (deletion must shift them back correctly); the range extremes are included.
KEYS = st.one_of(st.integers(0, 40), st.sampled_from(colliding_keys(48)),
                 st.sampled_from([2**64 - 1, 2**63, 2**32]), st.integers(0, 2**64 - 1))


class LruMachine(RuleBasedStateMachine):
    """Every operation must agree with an OrderedDict used as an ordered set."""

    @initialize(capacity=st.integers(1, 24), growable=st.booleans())
    def create(self, capacity, growable):
        self.lru = LruIndex(capacity, growable=growable)
        self.model = OrderedDict()
        self.capacity = capacity
        self.growable = growable

    @rule(key=KEYS)
    def touch(self, key):
        present = key in self.model
        if present:
            self.model.move_to_end(key)
        assert self.lru.touch(key) is present

    @rule(key=KEYS)
    def insert(self, key):
        if key in self.model:
            self.model.move_to_end(key)
            assert self.lru.insert(key) is False
        elif len(self.model) < self.capacity:
            self.model[key] = None
            assert self.lru.insert(key) is True
        elif self.growable:
            self.model[key] = None
            self.capacity *= 2
            assert self.lru.insert(key) is True
        else:
            try:
                self.lru.insert(key)
            except LruFullError:
                pass
            else:
                raise AssertionError("insert into a full index must raise LruFullError")

    @rule(key=KEYS)
    def remove(self, key):
        present = self.model.pop(key, 0) is None
        assert self.lru.remove(key) is present

    @rule()
    def pop_oldest(self):
        expected = next(iter(self.model)) if self.model else None
        if self.model:
            del self.model[expected]
        assert self.lru.pop_oldest() == expected

    @rule()
    def peek_oldest(self):
        assert self.lru.peek_oldest() == (next(iter(self.model)) if self.model else None)

    @rule(key=KEYS)
    def contains(self, key):
        assert (key in self.lru) is (key in self.model)

    @precondition(lambda self: len(self.model) > 0)
    @rule(data=st.data())
    def remove_present(self, data):
        key = data.draw(st.sampled_from(list(self.model)))
        del self.model[key]
        assert self.lru.remove(key) is True

    @rule(extra=st.integers(0, 8))
    def resize(self, extra):
        self.capacity = max(1, len(self.model)) + extra
        self.lru.resize(self.capacity)

    @rule()
    def clear(self):
        self.model.clear()
        self.lru.clear()

    @invariant()
    def same_order_and_size(self):
        assert len(self.lru) == len(self.model)
        assert self.lru.keys() == list(self.model)
        assert self.lru.capacity == self.capacity
        assert len(self.lru) <= self.lru.capacity


LruMachine.TestCase.settings = settings(max_examples=300, stateful_step_count=60, deadline=None)
TestLruAgainstOrderedDict = LruMachine.TestCase
