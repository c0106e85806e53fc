"""WaveformCacheService: overviews from real files, memory LRU, disk quota, robustness."""
import os
import shutil
import subprocess
import sys
import time
import warnings

import numpy as np
import pytest

import fluxforge
from fluxforge.cache.keys import path_key
from fluxforge.waveform.overview_service import WaveformCacheService
from fluxforge.waveform.source import WaveSourceError
from tests.fixtures.waveforms import reference_overview

FILE_BYTES = 96 + 3 * 2048 * 4          # one 2048-point .wfm file


def wfm_bytes(folder):
    return sum(p.stat().st_size for p in folder.glob("*.wfm"))


def test_overview_and_minmax_match_reference_as_read_only_views(tmp_path, write_audio):
    path, samples = write_audio("a.wav", 48_000)
    service = WaveformCacheService(tmp_path / "cache")
    peaks, minmax = service.overview(path), service.minmax(path)
    ref_peaks, ref_minmax = reference_overview(samples)
    np.testing.assert_array_equal(peaks, ref_peaks)
    np.testing.assert_array_equal(minmax, ref_minmax)
    assert peaks.dtype == minmax.dtype == np.float32
    assert not peaks.flags.writeable and np.shares_memory(peaks, service.overview(path))
    assert fluxforge.WaveformCacheService is WaveformCacheService


def test_memory_then_disk_hits_and_stats(tmp_path, write_audio):
    path, _ = write_audio("a.wav", 10_000)
    cache = tmp_path / "cache"
    first = WaveformCacheService(cache)
    first.overview(path)
    first.minmax(path)
    assert (cache / f"{path_key(path):016x}.wfm").stat().st_size == FILE_BYTES
    stats = first.stats()
    assert (stats["disk_misses"], stats["hits"], stats["memory_entries"]) == (1, 1, 1)
    assert stats["disk_bytes"] == FILE_BYTES and stats["hit_rate"] == 0.5
    second = WaveformCacheService(cache)
    np.testing.assert_array_equal(second.overview(path), first.overview(path))
    assert second.stats()["disk_hits"] == 1 and second.stats()["disk_bytes"] == FILE_BYTES


def test_memory_lru_keeps_at_most_memory_entries(tmp_path, write_audio):
    service = WaveformCacheService(tmp_path / "c", memory_entries=2)
    paths = [write_audio(f"{i}.wav", 3000, seed=i)[0] for i in range(3)]
    for path in paths + paths[:1]:
        service.overview(path)
    stats = service.stats()
    assert stats["memory_entries"] == 2 and stats["evictions"] == 2
    assert stats["disk_hits"] == 1          # paths[0] came back from disk


def test_changed_source_is_rebuilt(tmp_path, write_audio):
    path, _ = write_audio("a.wav", 5000, seed=1)
    service = WaveformCacheService(tmp_path / "c")
    before = np.array(service.overview(path))
    _, samples = write_audio("a.wav", 5000, seed=2)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    np.testing.assert_array_equal(service.overview(path), reference_overview(samples)[0])
    assert not np.array_equal(before, service.overview(path))
    assert WaveformCacheService(tmp_path / "c").stats()["disk_files"] == 1


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(p.read_bytes()[:1000]),
    lambda p: p.write_bytes(b"garbage" * 10),
    lambda p: p.write_bytes(p.read_bytes()[:200] + b"\xff" * 8 + p.read_bytes()[208:]),
    lambda p: p.write_bytes(p.read_bytes()[:12] + b"\x07\0\0\0" + p.read_bytes()[16:]),
])
def test_bad_cache_file_is_discarded_rebuilt_and_warned(tmp_path, write_audio, damage):
    path, samples = write_audio("a.wav", 8000)
    WaveformCacheService(tmp_path / "c").overview(path)
    damage(tmp_path / "c" / f"{path_key(path):016x}.wfm")
    service = WaveformCacheService(tmp_path / "c")
    with pytest.warns(RuntimeWarning, match="discarding waveform cache file"):
        peaks = service.overview(path)
    np.testing.assert_array_equal(peaks, reference_overview(samples)[0])
    assert (tmp_path / "c" / f"{path_key(path):016x}.wfm").stat().st_size == FILE_BYTES


def test_foreign_file_under_our_name_is_replaced(tmp_path, write_audio):
    a, _ = write_audio("a.wav", 8000, seed=1)
    b, _ = write_audio("b.wav", 8000, seed=2)
    cache = tmp_path / "c"
    WaveformCacheService(cache).overview(b)
    shutil.copy(cache / f"{path_key(b):016x}.wfm", cache / f"{path_key(a):016x}.wfm")
    with pytest.warns(RuntimeWarning, match="foreign file"):
        WaveformCacheService(cache).overview(a)


def test_quota_evicts_least_recently_used_to_80_percent(tmp_path, write_audio):
    cache = tmp_path / "c"
    service = WaveformCacheService(cache, disk_quota_bytes=5 * FILE_BYTES, memory_entries=1)
    paths = [write_audio(f"{i}.wav", 4096, seed=i)[0] for i in range(6)]
    for path in paths[:5]:
        service.overview(path)
    service.overview(paths[0])                       # disk hit: paths[0] is now the newest
    assert wfm_bytes(cache) == 5 * FILE_BYTES
    service.overview(paths[5])                       # would exceed: evict to <= 80 % first
    left = {p.name for p in cache.glob("*.wfm")}
    assert left == {f"{path_key(p):016x}.wfm" for p in (paths[3], paths[4], paths[0], paths[5])}
    assert wfm_bytes(cache) == 4 * FILE_BYTES <= 0.8 * 5 * FILE_BYTES
    assert service.stats()["disk_evictions"] == 2


def test_start_up_seeds_disk_order_from_access_times(tmp_path, write_audio):
    cache = tmp_path / "c"
    paths = [write_audio(f"{i}.wav", 4096, seed=i)[0] for i in range(4)]
    WaveformCacheService(cache).overview(paths[0])
    for path in paths[1:]:
        WaveformCacheService(cache).overview(path)
    for age, path in zip([10, 40, 30, 20], paths):      # oldest access: paths[1], then 2
        file = cache / f"{path_key(path):016x}.wfm"
        os.utime(file, ns=(time.time_ns() - age * 10**9, file.stat().st_mtime_ns))
    service = WaveformCacheService(cache, disk_quota_bytes=4 * FILE_BYTES)
    service.overview(write_audio("new.wav", 4096, seed=9)[0])
    names = {p.name for p in cache.glob("*.wfm")}
    assert f"{path_key(paths[1]):016x}.wfm" not in names
    assert f"{path_key(paths[2]):016x}.wfm" not in names
    assert len(names) == 3


def test_set_disk_quota_enforces_at_once(tmp_path, write_audio):
    cache = tmp_path / "c"
    service = WaveformCacheService(cache)
    for i in range(4):
        service.overview(write_audio(f"{i}.wav", 4096, seed=i)[0])
    service.set_disk_quota(2 * FILE_BYTES)
    assert wfm_bytes(cache) <= 0.8 * 2 * FILE_BYTES
    assert service.stats()["disk_quota_bytes"] == 2 * FILE_BYTES


def test_quota_smaller_than_one_file_keeps_memory_only(tmp_path, write_audio):
    service = WaveformCacheService(tmp_path / "c", disk_quota_bytes=1000)
    path, samples = write_audio("a.wav", 4096)
    np.testing.assert_array_equal(service.overview(path), reference_overview(samples)[0])
    assert wfm_bytes(tmp_path / "c") == 0


def test_unusable_folder_degrades_to_memory_only(tmp_path, write_audio):
    (tmp_path / "file").write_text("not a folder")
    with pytest.warns(RuntimeWarning, match="memory only"):
        service = WaveformCacheService(tmp_path / "file" / "cache")
    path, samples = write_audio("a.wav", 4096)
    np.testing.assert_array_equal(service.overview(path), reference_overview(samples)[0])
    assert service.stats()["disk_enabled"] is False


def test_read_only_folder_degrades_to_memory_only(small_tmpfs, write_audio):
    folder = small_tmpfs(1 << 20, read_only=True)
    path, samples = write_audio("a.wav", 4096)
    service = WaveformCacheService(folder)
    with pytest.warns(RuntimeWarning, match="memory only"):
        peaks = service.overview(path)
    np.testing.assert_array_equal(peaks, reference_overview(samples)[0])
    assert service.stats()["disk_enabled"] is False
    service.overview(write_audio("b.wav", 4096, seed=3)[0])       # no second warning


def test_full_disk_degrades_to_memory_only_without_leftovers(small_tmpfs, write_audio):
    folder = small_tmpfs(16 * 1024)                 # less than one 24 KB file
    path, samples = write_audio("a.wav", 4096)
    service = WaveformCacheService(folder)
    with pytest.warns(RuntimeWarning, match="memory only"):
        peaks = service.overview(path)
    np.testing.assert_array_equal(peaks, reference_overview(samples)[0])
    assert list(folder.iterdir()) == []


def test_folder_removed_while_running_degrades_to_memory_only(tmp_path, write_audio):
    service = WaveformCacheService(tmp_path / "c")
    shutil.rmtree(tmp_path / "c")
    (tmp_path / "c").write_text("now a file")
    with pytest.warns(RuntimeWarning, match="memory only"):
        service.overview(write_audio("a.wav", 4096)[0])


def test_in_memory_arrays(tmp_path):
    service = WaveformCacheService(tmp_path / "c")
    x = np.random.default_rng(0).normal(size=(50_000, 2)).astype(np.float32)
    peaks = service.overview_of_array("synth-1", x)
    np.testing.assert_array_equal(peaks, reference_overview(x)[0])
    assert service.minmax_of_array("synth-1", x).shape == (2048, 2)
    assert service.stats()["hits"] == 1 and wfm_bytes(tmp_path / "c") == 0
    assert service.overview_of_array(7, x[:100, 0]).shape == (100,)
    with pytest.raises(TypeError, match="key"):
        service.overview_of_array(-1, x)


def test_bad_arguments_raise_clear_errors(tmp_path):
    with pytest.raises(TypeError, match="cache_dir"):
        WaveformCacheService(3)
    with pytest.raises(ValueError, match="memory_entries"):
        WaveformCacheService(tmp_path, memory_entries=0)
    with pytest.raises(TypeError, match="disk_quota_bytes"):
        WaveformCacheService(tmp_path, disk_quota_bytes=1.5)
    service = WaveformCacheService(tmp_path)
    with pytest.raises(FileNotFoundError, match="missing.wav"):
        service.overview(tmp_path / "missing.wav")
    (tmp_path / "junk.wav").write_bytes(b"RIFF....nonsense")
    with pytest.raises(WaveSourceError, match="junk.wav"):
        service.overview(tmp_path / "junk.wav")
    with pytest.raises(TypeError, match="path"):
        service.overview(42)


def test_two_processes_never_see_a_half_written_file(tmp_path, write_audio):
    """Another process keeps rewriting the overview file (the source's mtime changes
    each time, so each write replaces it); this one keeps reading it."""
    path, samples = write_audio("a.wav", 48_000)
    cache = tmp_path / "c"
    script = tmp_path / "writer.py"
    script.write_text(
        "import os, sys\n"
        "from fluxforge.waveform.overview_service import WaveformCacheService\n"
        "service = WaveformCacheService(sys.argv[1])\n"
        "for i in range(300):\n"
        "    os.utime(sys.argv[2], ns=(10**18, 10**18 + i))\n"
        "    service.overview(sys.argv[2])\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    writer = subprocess.Popen([sys.executable, str(script), str(cache), str(path)],
                              env={**os.environ, "PYTHONPATH": root})
    expected = reference_overview(samples)[0]
    reads = 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")              # a torn file would warn: fail instead
        while writer.poll() is None or reads == 0:
            reader = WaveformCacheService(cache, memory_entries=1)
            np.testing.assert_array_equal(reader.overview(path), expected)
            reads += 1
    assert writer.returncode == 0
