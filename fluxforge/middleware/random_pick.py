"""Random container pickers: weighted, shuffle, shuffle_no_repeat, round_robin.

A picker returns child indices. ``shuffle`` plays every child once per cycle
in a random order; ``shuffle_no_repeat`` also never plays the same child twice
in a row across a cycle boundary (the last of one cycle is never the first of
the next); ``round_robin`` plays 0, 1, ..., n-1, 0, ...; ``weighted`` draws
independently by weight. A seed makes the sequence the same every run
(Python's Mersenne Twister); without one the generator is seeded from the OS.

Example
-------
>>> p = Picker("round_robin", [1, 1, 1])
>>> [p.next() for _ in range(5)]
[0, 1, 2, 0, 1]
>>> a, b = Picker("shuffle_no_repeat", [1] * 4, seed=7), Picker("shuffle_no_repeat", [1] * 4, seed=7)
>>> [a.next() for _ in range(12)] == [b.next() for _ in range(12)]
True
"""
import random

MODES = ("weighted", "shuffle", "shuffle_no_repeat", "round_robin")


class Picker:
    """Child choice for one random container (its state persists across posts)."""

    def __init__(self, mode, weights, seed=None):
        if mode not in MODES:
            raise ValueError(f"random mode {mode!r} is not one of {', '.join(MODES)}")
        if not weights:
            raise ValueError("a random container needs at least one child")
        if any(w < 0 for w in weights) or sum(weights) <= 0:
            raise ValueError(f"weights must be >= 0 with a positive sum, got {list(weights)}")
        self.mode, self.weights, self.seed = mode, list(weights), seed
        self._rng = random.Random(seed)
        self._cycle = []
        self._last = None
        self._count = 0

    def next(self):
        """The next child index."""
        n = len(self.weights)
        if self.mode == "round_robin":
            index = self._count % n
        elif self.mode == "weighted":
            index = self._rng.choices(range(n), weights=self.weights)[0]
        else:
            if not self._cycle:
                self._cycle = self._new_cycle(n)
            index = self._cycle.pop()
        self._count += 1
        self._last = index
        return index

    def _new_cycle(self, n):
        order = list(range(n))
        self._rng.shuffle(order)          # popped from the end
        if self.mode == "shuffle_no_repeat" and n > 1 and order[-1] == self._last:
            swap = self._rng.randrange(n - 1)
            order[-1], order[swap] = order[swap], order[-1]
        return order
