"""WaveformCacheService driven by Hypothesis against a plain model of both LRUs.

The model: memory = OrderedDict of keys (at most memory_entries), disk =
OrderedDict key -> file size in read/write order, quota eviction to 80 %.
After every step the real folder, the stats and the model must agree, and the
folder never holds more than the quota.
"""
import os
import shutil
import tempfile
import warnings
from collections import OrderedDict
from pathlib import Path

import numpy as np
import soundfile
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from fluxforge.cache.keys import path_key
from fluxforge.waveform.overview_service import WaveformCacheService
from tests.fixtures.waveforms import reference_overview

FRAMES = [500, 2048, 3000, 4100, 1200]
CLIPS = st.integers(0, len(FRAMES) - 1)


def file_size(frames):
    return 96 + 12 * min(frames, 2048)


class ServiceMachine(RuleBasedStateMachine):

    @initialize(memory_entries=st.integers(1, 4), quota=st.sampled_from([30_000, 60_000, 70_000, 120_000]))
    def create(self, memory_entries, quota):
        self.root = Path(tempfile.mkdtemp())
        self.cache = self.root / "cache"
        self.paths, self.samples, self.version = [], [], 0
        for i, frames in enumerate(FRAMES):
            self.paths.append(self.root / f"clip{i}.wav")
            self.samples.append(None)
            self.rewrite(i)
        self.memory_entries, self.quota = memory_entries, quota
        self.corrupt = set()
        self.disk = OrderedDict()
        self.disk_stamps = {}
        self.start()

    def teardown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self):
        self.service = WaveformCacheService(self.cache, disk_quota_bytes=self.quota,
                                            memory_entries=self.memory_entries)
        self.memory = OrderedDict()
        self.counts = dict(hits=0, disk_hits=0, disk_misses=0, evictions=0)

    def rewrite(self, i):
        rng = np.random.default_rng(self.version)
        samples = rng.uniform(-1, 1, (FRAMES[i], 1 + i % 2)).astype(np.float32)
        soundfile.write(self.paths[i], samples, 48000, subtype="FLOAT")
        self.version += 1
        os.utime(self.paths[i], ns=(10**18, 10**18 + self.version))    # a distinct stamp
        self.samples[i] = samples

    def model_make_room(self, nbytes):
        used = sum(self.disk.values())
        if used + nbytes > self.quota:
            while used > 0.8 * self.quota - nbytes and self.disk:
                key, size = self.disk.popitem(last=False)
                self.corrupt.discard(key)
                used -= size
        return used + nbytes <= self.quota

    @rule(i=CLIPS, minmax=st.booleans())
    def request(self, i, minmax):
        key, stamp = path_key(self.paths[i]), os.stat(self.paths[i]).st_mtime_ns
        expect_warning = False
        if self.memory.get(key) == stamp:
            self.counts["hits"] += 1
        elif key in self.disk and key not in self.corrupt and self.disk_stamps[key] == stamp:
            self.counts["disk_hits"] += 1
            self.disk.move_to_end(key)
        else:
            expect_warning = key in self.corrupt
            self.counts["disk_misses"] += 1
            self.disk.pop(key, None)
            self.corrupt.discard(key)
            size = file_size(FRAMES[i])
            if self.model_make_room(size):
                self.disk[key] = size
                self.disk_stamps[key] = stamp
        if key not in self.memory and len(self.memory) == self.memory_entries:
            self.memory.popitem(last=False)
            self.counts["evictions"] += 1
        self.memory[key] = stamp
        self.memory.move_to_end(key)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = self.service.minmax(self.paths[i]) if minmax else self.service.overview(self.paths[i])
        assert any("discarding" in str(w.message) for w in caught) is expect_warning
        expected = reference_overview(self.samples[i])[1 if minmax else 0]
        np.testing.assert_array_equal(got, expected)

    @rule(i=CLIPS)
    def change_source(self, i):
        self.rewrite(i)

    @rule(i=CLIPS)
    def corrupt_cache_file(self, i):
        key = path_key(self.paths[i])
        if key in self.disk and key not in self.corrupt:
            file = self.cache / f"{key:016x}.wfm"
            stat = file.stat()                  # before reading: a read may move atime
            raw = bytearray(file.read_bytes())
            raw[-1] ^= 0xFF
            file.write_bytes(bytes(raw))
            os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            self.corrupt.add(key)

    @rule()
    def restart(self):
        self.start()

    @rule(quota=st.sampled_from([0, 25_000, 50_000, 120_000]))
    def set_quota(self, quota):
        self.quota = quota
        self.service.set_disk_quota(quota)
        if sum(self.disk.values()) > quota:
            self.model_make_room(0)

    @invariant()
    def matches_model(self):
        if not hasattr(self, "service"):
            return
        files = {p.name: p.stat().st_size for p in self.cache.glob("*.wfm")}
        assert files == {f"{key:016x}.wfm": size for key, size in self.disk.items()}
        assert sum(files.values()) <= self.quota
        stats = self.service.stats()
        assert stats["disk_bytes"] == sum(self.disk.values())
        assert stats["memory_entries"] == len(self.memory) <= self.memory_entries
        for name, count in self.counts.items():
            assert stats[name] == count, name
        assert not any(p.name.endswith(".tmp.wfm") for p in self.cache.iterdir())


ServiceMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=40,
                                            deadline=None)
TestServiceAgainstModel = ServiceMachine.TestCase
