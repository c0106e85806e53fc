"""Both waveform caches used from several threads at once give correct, consistent results."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fluxforge.waveform.pyramid_cache import WaveCacheManager
from fluxforge.waveform.overview_service import WaveformCacheService
from tests.fixtures.waveforms import reference_overview, reference_pyramid


def test_service_from_many_threads(tmp_path, write_audio):
    clips = [write_audio(f"{i}.wav", 20_000 + 1000 * i, seed=i) for i in range(6)]
    service = WaveformCacheService(tmp_path / "c", memory_entries=3)

    def check(i):
        path, samples = clips[i % len(clips)]
        np.testing.assert_array_equal(service.overview(path), reference_overview(samples)[0])

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(check, range(120)))
    stats = service.stats()
    assert stats["hits"] + stats["disk_hits"] + stats["disk_misses"] == 120
    assert stats["memory_entries"] == 3 and stats["disk_files"] == 6


def test_manager_from_many_threads(tmp_path, write_audio):
    clips = [write_audio(f"{i}.wav", 60_000, seed=i) for i in range(4)]
    refs = [reference_pyramid(samples)[3] for _, samples in clips]
    with WaveCacheManager(tmp_path / "c", memory_budget_bytes=2 * 60_000, build_workers=2) as waves:
        def check(i):
            path, _ = clips[i % 4]
            rows = waves.query(path, 0, 60_000, 100)        # 600 frames/px -> 2048 (level 3)
            np.testing.assert_array_equal(rows, refs[i % 4])

        with ThreadPoolExecutor(4) as pool:
            list(pool.map(check, range(60)))
        assert waves.stats()["bytes_used"] <= 2 * 60_000
