"""Summary rows that are counts, not timings, measured with the real components.

The summary's "Disk cache: unbounded -> 2 GB limit" target is about bytes on
disk, so it is measured by driving a real ``WaveformCacheService`` (real WAV
files, real ``.wfm`` cache files) with a small quota, not with a timer.

Example
-------
>>> row = measure_disk_quota(files=12, quota_files=4)
>>> row["after"]["value"] <= row["quota_bytes"] < row["before"]["value"]
True
"""
import tempfile
from pathlib import Path

import numpy as np
import soundfile

from fluxforge.waveform.overview_service import WaveformCacheService


def _kib(value):
    return f"{value / 1024:.1f} KiB"


def _write_clips(folder, count, samplerate=48000):
    rng = np.random.default_rng(5)
    paths = []
    for i in range(count):
        path = folder / f"clip{i:03d}.wav"
        soundfile.write(path, rng.uniform(-0.5, 0.5, samplerate // 4).astype(np.float32), samplerate)
        paths.append(path)
    return paths


def measure_disk_quota(files=40, quota_files=10):
    """Cache ``files`` overviews with a quota of ``quota_files`` files' worth of bytes.

    Returns a summary row: before = bytes an unbounded cache keeps, after =
    bytes on disk under the quota (evicting the least recently used files
    down to 80 %), ratio = before / after.
    """
    if not 0 < quota_files < files:
        raise ValueError(f"need 0 < quota_files < files, got {quota_files} and {files}")
    with tempfile.TemporaryDirectory(prefix="fluxforge-quota-") as tmp:
        clips = _write_clips(Path(tmp), files)
        unbounded = WaveformCacheService(Path(tmp) / "unbounded")
        for path in clips:
            unbounded.overview(path)
        total = unbounded.stats()["disk_bytes"]
        quota = total // files * quota_files
        bounded = WaveformCacheService(Path(tmp) / "bounded", disk_quota_bytes=quota)
        for path in clips:
            bounded.overview(path)
        stats = bounded.stats()
    return {"category": "Disk cache", "seed_claim": "unbounded -> 2 GB quota",
            "group": f"waveform .wfm cache, {files} files", "measured": True, "quota_bytes": quota,
            "before": {"name": "unbounded", "value": total, "text": _kib(total), "notes": {}},
            "after": {"name": f"quota {_kib(quota)}", "value": stats["disk_bytes"],
                      "text": _kib(stats["disk_bytes"]),
                      "notes": {"disk_files": stats["disk_files"],
                                "disk_evictions": stats["disk_evictions"]}},
            "ratio": total / max(stats["disk_bytes"], 1)}


COUNT_MEASUREMENTS = {"Disk cache": measure_disk_quota}


def add_count_rows(rows):
    """Replace the not-measured rows that a count measurement covers with its result."""
    return [COUNT_MEASUREMENTS[row["category"]]()
            if not row["measured"] and row["category"] in COUNT_MEASUREMENTS else row
            for row in rows]
