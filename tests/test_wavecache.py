"""WaveCacheManager: background builds, queries, memory budget, files, robustness."""
import os
import time

import numpy as np
import pytest

import fluxforge
from fluxforge.cache.keys import path_key
from fluxforge.waveform.pyramid_cache import WaveCacheManager
from fluxforge.waveform.pyramid import WavePyramid
from tests.fixtures.waveforms import reference_pyramid


def pyramid_bytes(frames, channels):
    return sum(-(-frames // (256 << level)) * channels * 2 * 4 for level in range(8))


@pytest.fixture
def manager(tmp_path):
    with WaveCacheManager(tmp_path / "cache") as waves:
        yield waves


def test_background_build_reports_progress_and_matches_numpy(manager, write_audio):
    path, samples = write_audio("a.wav", 300_000)
    assert manager.progress(path) == 0.0
    future = manager.request(path)
    seen = []
    while not future.done():
        seen.append(manager.progress(path))
        time.sleep(0.001)
    pyramid = future.result()
    assert all(0.0 <= p <= 1.0 for p in seen) and seen == sorted(seen)   # 1.0 = resident
    assert manager.progress(path) == 1.0
    for level, expected in zip(pyramid.levels, reference_pyramid(samples)):
        np.testing.assert_array_equal(level, expected)
        assert level.dtype == np.float32 and not level.flags.writeable
    assert fluxforge.WaveCacheManager is WaveCacheManager


def test_query_picks_first_level_with_tile_twice_frames_per_pixel(manager, write_audio):
    path, samples = write_audio("a.wav", 480_000, channels=2)
    ref = reference_pyramid(samples)
    # 48,000 frames over 100 px = 480 frames per pixel -> tile >= 960 -> 1024 (level 2)
    rows = manager.query(path, 96_000, 144_000, 100)
    np.testing.assert_array_equal(rows, ref[2][96_000 // 1024:-(-144_000 // 1024)])
    assert rows.shape == (48, 2, 2) and rows.flags.writeable
    # zoomed far in: level 0
    np.testing.assert_array_equal(manager.query(path, 1000, 1100, 1000), ref[0][3:5])


def test_query_merges_coarsest_tiles_into_pixels(manager, write_audio):
    path, samples = write_audio("a.wav", 2_000_000, channels=1)
    rows = manager.query(path, 0, 2_000_000, 10)           # 200,000 frames per pixel
    assert rows.shape == (10, 1, 2)
    top = reference_pyramid(samples)[7]                     # 62 tiles of 32768 frames
    starts = [i * top.shape[0] // 10 for i in range(11)]    # group i: tiles starts[i]..
    groups = [np.arange(a, b) for a, b in zip(starts, starts[1:])]
    for row, group in zip(rows, groups):
        assert row[0, 0] == top[group, 0, 0].min() and row[0, 1] == top[group, 0, 1].max()


def test_query_past_the_end_and_bad_arguments(manager, write_audio):
    path, _ = write_audio("a.wav", 10_000)
    assert manager.query(path, 20_000, 30_000, 10).shape == (0, 2, 2)
    assert manager.query(path, 9_000, 30_000, 10).shape[0] >= 1
    for args, error in [((5, 5, 10), ValueError), ((-1, 5, 10), ValueError),
                        ((0, 5, 0), ValueError), ((0.5, 5, 10), TypeError),
                        ((0, 5, True), TypeError)]:
        with pytest.raises(error):
            manager.query(path, *args)


def test_files_are_reused_and_large_ones_memory_mapped(tmp_path, write_audio):
    path, samples = write_audio("a.wav", 200_000)
    with WaveCacheManager(tmp_path / "c") as first:
        first.request(path).result()
        assert first.stats()["builds"] == 1
    assert (tmp_path / "c" / f"{path_key(path):016x}.wfp").exists()
    with WaveCacheManager(tmp_path / "c", mmap_threshold_bytes=1000) as second:
        pyramid = second.pyramid(path)
        stats = second.stats()
        assert (stats["builds"], stats["file_loads"], stats["mapped_entries"]) == (0, 1, 1)
        assert pyramid.memory_mapped
        np.testing.assert_array_equal(pyramid.levels[3], reference_pyramid(samples)[3])


def test_budget_evicts_least_recently_used_to_80_percent(tmp_path, write_audio):
    paths = [write_audio(f"{i}.wav", 100_000, seed=i)[0] for i in range(5)]
    size = pyramid_bytes(100_000, 2)
    with WaveCacheManager(tmp_path / "c", memory_budget_bytes=4 * size) as waves:
        for path in paths[:4]:
            waves.pyramid(path)
        waves.pyramid(paths[0])                              # hit: paths[0] newest
        waves.pyramid(paths[4])                              # over budget -> 80 %
        stats = waves.stats()
        assert stats["bytes_used"] <= 0.8 * 4 * size
        assert stats["entries"] == 3 and stats["evictions"] == 2
        assert [waves.progress(p) for p in paths] == [1.0, 0.0, 0.0, 1.0, 1.0]


def test_disk_quota_evicts_least_recently_written_files(tmp_path, write_audio):
    paths = [write_audio(f"{i}.wav", 100_000, seed=i)[0] for i in range(4)]
    file_bytes = 96 + pyramid_bytes(100_000, 2)
    with WaveCacheManager(tmp_path / "c", disk_quota_bytes=3 * file_bytes) as waves:
        for path in paths:
            waves.pyramid(path)
    names = {p.name for p in (tmp_path / "c").glob("*.wfp")}
    assert names == {f"{path_key(p):016x}.wfp" for p in paths[2:]}
    assert sum(p.stat().st_size for p in (tmp_path / "c").glob("*.wfp")) <= 0.8 * 3 * file_bytes


def test_set_memory_budget_is_enforced_at_once(manager, write_audio):
    paths = [write_audio(f"{i}.wav", 50_000, seed=i)[0] for i in range(4)]
    for path in paths:
        manager.pyramid(path)
    size = pyramid_bytes(50_000, 2)
    manager.set_memory_budget(2 * size)
    assert manager.stats()["bytes_used"] <= 1.6 * size
    assert manager.stats()["memory_budget_bytes"] == 2 * size
    with pytest.raises(TypeError):
        manager.set_memory_budget("big")


def test_pyramid_larger_than_budget_is_served_but_not_kept(tmp_path, write_audio):
    path, samples = write_audio("a.wav", 100_000)
    with WaveCacheManager(tmp_path / "c", memory_budget_bytes=1000) as waves:
        rows = waves.query(path, 0, 100_000, 50)
        assert rows.shape[0] > 0 and waves.stats()["bytes_used"] == 0


def test_unload_and_clear(manager, write_audio, tmp_path):
    a, _ = write_audio("a.wav", 20_000)
    b, _ = write_audio("b.wav", 20_000, seed=1)
    manager.pyramid(a)
    manager.pyramid(b)
    assert manager.unload(a) and not manager.unload(a)
    assert manager.stats()["entries"] == 1
    manager.clear()
    assert manager.stats()["entries"] == 0 and manager.stats()["bytes_used"] == 0
    assert len(list((tmp_path / "cache").glob("*.wfp"))) == 2
    manager.clear(delete_files=True)
    assert list((tmp_path / "cache").glob("*.wfp")) == []


def test_changed_source_is_rebuilt(manager, write_audio):
    path, _ = write_audio("a.wav", 20_000, seed=1)
    manager.pyramid(path)
    _, samples = write_audio("a.wav", 20_000, seed=2)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    np.testing.assert_array_equal(manager.pyramid(path).levels[0], reference_pyramid(samples)[0])


@pytest.mark.parametrize("damage", [
    lambda p: p.write_bytes(p.read_bytes()[:-100]),
    lambda p: p.write_bytes(b"\0" * 500),
    lambda p: p.write_bytes(p.read_bytes()[:300] + b"\x42\x42" + p.read_bytes()[302:]),
])
def test_bad_cache_file_is_discarded_and_rebuilt(tmp_path, write_audio, damage):
    path, samples = write_audio("a.wav", 50_000)
    with WaveCacheManager(tmp_path / "c") as waves:
        waves.pyramid(path)
    damage(tmp_path / "c" / f"{path_key(path):016x}.wfp")
    with WaveCacheManager(tmp_path / "c") as waves:
        with pytest.warns(RuntimeWarning, match="discarding wave cache file"):
            pyramid = waves.pyramid(path)
        assert waves.stats()["builds"] == 1
    np.testing.assert_array_equal(pyramid.levels[5], reference_pyramid(samples)[5])


def test_read_only_folder_keeps_pyramids_in_memory(small_tmpfs, write_audio):
    folder = small_tmpfs(1 << 20, read_only=True)
    path, samples = write_audio("a.wav", 50_000)
    with WaveCacheManager(folder) as waves:
        with pytest.warns(RuntimeWarning, match="memory only"):
            pyramid = waves.pyramid(path)
        assert waves.stats()["disk_enabled"] is False and waves.stats()["entries"] == 1
    np.testing.assert_array_equal(pyramid.levels[0], reference_pyramid(samples)[0])


def test_concurrent_requests_share_one_build(manager, write_audio):
    path, _ = write_audio("a.wav", 400_000)
    futures = [manager.request(path) for _ in range(5)]
    assert all(f is futures[0] for f in futures)
    assert isinstance(futures[0].result(), WavePyramid)
    assert manager.stats()["builds"] == 1 and manager.stats()["pending"] == 0


def test_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="cache_dir"):
        WaveCacheManager(None)
    with pytest.raises(ValueError, match="memory_budget_bytes"):
        WaveCacheManager(tmp_path, memory_budget_bytes=-1)
    with pytest.raises(ValueError, match="build_workers"):
        WaveCacheManager(tmp_path, build_workers=0)
    with WaveCacheManager(tmp_path) as waves, pytest.raises(FileNotFoundError, match="nope"):
        waves.request(tmp_path / "nope.wav")


def test_array_pyramids_live_in_memory_under_their_key(tmp_path):
    samples = np.random.default_rng(4).uniform(-1, 1, (70_000, 2)).astype(np.float32)
    with WaveCacheManager(tmp_path / "c", memory_budget_bytes=4 * pyramid_bytes(70_000, 2)) as waves:
        pyramid = waves.pyramid_of_array("take 1", samples, 48000)
        for level, expected in zip(pyramid.levels, reference_pyramid(samples)):
            np.testing.assert_array_equal(level, expected)
        assert waves.pyramid_of_array("take 1", samples, 48000) is pyramid
        assert waves.pyramid_of_array(path_key("take 1") ^ 1, samples, 48000) is not pyramid
        overview = pyramid.overview()
        np.testing.assert_array_equal(overview[:, 0], pyramid.levels[0][:, :, 0].min(axis=1))
        np.testing.assert_array_equal(overview[:, 1], pyramid.levels[0][:, :, 1].max(axis=1))
        stats = waves.stats()
        assert (stats["builds"], stats["hits"], stats["entries"]) == (2, 1, 2)
        for i in range(6):                                       # the budget holds 4
            waves.pyramid_of_array(f"take {i + 2}", samples, 48000)
        assert waves.stats()["bytes_used"] <= 4 * pyramid_bytes(70_000, 2)
        with pytest.raises(TypeError, match="key"):
            waves.pyramid_of_array(-1, samples, 48000)
    assert not list((tmp_path / "c").glob("*.wfp"))
