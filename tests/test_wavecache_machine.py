"""WaveCacheManager driven by Hypothesis against a plain model of its memory budget.

The model: resident pyramids in an OrderedDict key -> bytes (least recently
used first); admitting one over the budget evicts the oldest others down to
80 % of it; a pyramid larger than the whole budget is served, not kept.
"""
import os
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import soundfile
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from fluxforge.cache.keys import path_key
from fluxforge.waveform.pyramid_cache import WaveCacheManager
from tests.fixtures.waveforms import reference_pyramid

CLIPS = [(40_000, 1), (70_000, 2), (150_000, 2), (9_000, 1)]
INDEX = st.integers(0, len(CLIPS) - 1)


def nbytes(frames, channels):
    return sum(-(-frames // (256 << level)) * channels * 8 for level in range(8))


BUDGETS = st.sampled_from([0, 3_000, nbytes(150_000, 2), 12_000, 20_000, 10**6])


class ManagerMachine(RuleBasedStateMachine):

    @initialize(budget=BUDGETS, mmap=st.booleans())
    def create(self, budget, mmap):
        self.root = Path(tempfile.mkdtemp())
        self.paths = [self.root / f"clip{i}.wav" for i in range(len(CLIPS))]
        self.samples = [None] * len(CLIPS)
        self.version = 0
        for i in range(len(CLIPS)):
            self.rewrite(i)
        self.budget = budget
        self.manager = WaveCacheManager(self.root / "cache", budget,
                                        mmap_threshold_bytes=0 if mmap else 10**9)
        self.resident = OrderedDict()      # key -> (bytes, source mtime)

    def teardown(self):
        self.manager.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def rewrite(self, i):
        frames, channels = CLIPS[i]
        rng = np.random.default_rng(self.version)
        self.samples[i] = rng.normal(size=(frames, channels)).astype(np.float32)
        soundfile.write(self.paths[i], self.samples[i], 48000, subtype="FLOAT")
        self.version += 1
        os.utime(self.paths[i], ns=(10**18, 10**18 + self.version))

    def evict_to(self, target, keep=None):
        for key in list(self.resident):
            if sum(size for size, _ in self.resident.values()) <= target:
                break
            if key != keep:
                del self.resident[key]

    @rule(i=INDEX, level=st.integers(0, 7))
    def pyramid(self, i, level):
        key, stamp = path_key(self.paths[i]), os.stat(self.paths[i]).st_mtime_ns
        size = nbytes(*CLIPS[i])
        held = self.resident.get(key)
        if held is not None and held[1] == stamp:
            self.resident.move_to_end(key)
        else:
            self.resident.pop(key, None)
            if size <= self.budget:
                self.resident[key] = (size, stamp)
                if sum(s for s, _ in self.resident.values()) > self.budget:
                    self.evict_to(0.8 * self.budget, keep=key)
        got = self.manager.pyramid(self.paths[i]).levels[level]
        np.testing.assert_array_equal(got, reference_pyramid(self.samples[i])[level])

    @rule(i=INDEX)
    def change_source(self, i):
        self.rewrite(i)

    @rule(budget=BUDGETS)
    def set_budget(self, budget):
        self.budget = budget
        self.manager.set_memory_budget(budget)
        if sum(s for s, _ in self.resident.values()) > budget:
            self.evict_to(0.8 * budget)

    @rule(i=INDEX)
    def unload(self, i):
        key = path_key(self.paths[i])
        assert self.manager.unload(self.paths[i]) is (self.resident.pop(key, None) is not None)

    @rule()
    def clear(self):
        self.manager.clear()
        self.resident.clear()

    @invariant()
    def within_budget_and_like_the_model(self):
        if not hasattr(self, "manager"):
            return
        stats = self.manager.stats()
        used = sum(size for size, _ in self.resident.values())
        assert stats["bytes_used"] == used <= self.budget
        assert stats["entries"] == len(self.resident)
        for path in self.paths:
            assert (self.manager.progress(path) == 1.0) is (path_key(path) in self.resident)


ManagerMachine.TestCase.settings = settings(max_examples=80, stateful_step_count=30,
                                            deadline=None)
TestManagerAgainstModel = ManagerMachine.TestCase
