"""AudioCache against a plain reference model (a Hypothesis state machine).

The model is an OrderedDict of unpinned keys (oldest first), a pin count per
key and the clip sizes; over budget it drops the oldest unpinned keys until the
bytes used are at most 80 % of the budget. After every step the cache's
eviction worker is waited for and the two must agree exactly.
"""
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import soundfile
from hypothesis import settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from fluxforge.cache.audio_cache import LOW_WATER, AudioCache

FILE_SHAPES = [(100, 1), (250, 2), (400, 1), (600, 2), (800, 2), (1000, 1)]
file_index = st.integers(0, len(FILE_SHAPES) - 1)


class AudioCacheMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="fluxforge-cache-machine-"))
        self.paths, self.sizes = [], {}
        for i, (frames, channels) in enumerate(FILE_SHAPES):
            path = self.folder / f"clip{i}.wav"
            soundfile.write(path, np.full((frames, channels), 0.01 * i, np.float32), 48000,
                            subtype="FLOAT")
            self.paths.append(path)
            self.sizes[AudioCache.key_of(path)] = frames * channels * 4
        self.cache = AudioCache(budget_bytes=6000, samplerate_hz=48000)
        self.order = OrderedDict()      # unpinned keys, oldest first
        self.pins = {}
        self.budget = 6000
        self.hits = self.misses = self.evictions = 0

    def key(self, i):
        return AudioCache.key_of(self.paths[i])

    def present(self):
        return set(self.order) | set(self.pins)

    def bytes_used(self):
        return sum(self.sizes[k] for k in self.present())

    def evict_if_over_budget(self):
        if self.bytes_used() > self.budget and self.order:
            while self.bytes_used() > LOW_WATER * self.budget and self.order:
                self.order.popitem(last=False)
                self.evictions += 1

    def touch_model(self, key):
        if key in self.order:
            self.order.move_to_end(key)

    @rule(i=file_index)
    def load(self, i):
        key = self.key(i)
        clip = self.cache.load(self.paths[i])
        assert clip.key == key and clip.nbytes == self.sizes[key]
        if key in self.present():
            self.hits += 1
            self.touch_model(key)
        else:
            self.misses += 1
            self.order[key] = True
            self.evict_if_over_budget()

    @rule(i=file_index)
    def get(self, i):
        key = self.key(i)
        found = self.cache.get(key)
        assert (found is not None) == (key in self.present())
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self.touch_model(key)

    @rule(i=file_index)
    def touch(self, i):
        key = self.key(i)
        assert self.cache.touch(key) == (key in self.present())
        self.touch_model(key)

    @rule(i=file_index)
    def pin(self, i):
        key = self.key(i)
        if key not in self.present():
            try:
                self.cache.pin(key)
            except KeyError:
                return
            raise AssertionError("pin of an absent key did not raise KeyError")
        self.cache.pin(key)
        self.order.pop(key, None)
        self.pins[key] = self.pins.get(key, 0) + 1

    @rule(i=file_index)
    def unpin(self, i):
        key = self.key(i)
        if key not in self.pins:
            try:
                self.cache.unpin(key)
            except KeyError:
                return
            raise AssertionError("unpin of an unpinned key did not raise KeyError")
        self.cache.unpin(key)
        self.pins[key] -= 1
        if self.pins[key] == 0:
            del self.pins[key]
            self.order[key] = True
            self.evict_if_over_budget()

    @rule(budget=st.integers(400, 20000))
    def set_budget(self, budget):
        self.cache.budget_bytes = budget
        self.budget = budget
        self.evict_if_over_budget()

    @invariant()
    def agrees_with_the_model(self):
        assert self.cache.wait_evicted()
        stats = self.cache.stats()
        assert {k for k in self.sizes if k in self.cache} == self.present()
        assert stats["bytes_used"] == self.bytes_used()
        assert stats["pinned"] == len(self.pins)
        assert (stats["hits"], stats["misses"], stats["evictions"]) == (
            self.hits, self.misses, self.evictions)

    def teardown(self):
        self.cache.close()
        shutil.rmtree(self.folder, ignore_errors=True)


TestAudioCacheMachine = AudioCacheMachine.TestCase
TestAudioCacheMachine.settings = settings(max_examples=60, stateful_step_count=40,
                                          deadline=None)
