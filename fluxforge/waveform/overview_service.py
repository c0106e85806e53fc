"""Overview waveforms (at most 2048 points per file) with a memory LRU and a disk quota.

``fluxforge analyze`` writes them beside the pyramids (:mod:`fluxforge.cache.location`);
the mixer draws its strips from the pyramids (:mod:`fluxforge.waveform.pyramid_cache`).

Lookup order for a file: memory (at most ``memory_entries`` overviews, O(1)
LRU) -> disk (``<path key>.wfm`` in ``cache_dir``) -> build (decode block by
block with soundfile, reduce with the C kernel, write the file atomically).
"""
import os
import threading
import warnings
from collections import namedtuple


from fluxforge.cache.disk_quota import DiskBacked
from fluxforge.cache.keys import content_key, path_key
from fluxforge.checks import check_int
from fluxforge.cache.lru import LruIndex
from fluxforge.waveform.source import AudioSource, source_stamp
from fluxforge.waveform.file_format import (
    HEADER_BYTES, OVERVIEW, CacheFileError, WaveHeader, read_wave_file, write_wave_file)
from fluxforge.waveform.reduce import OVERVIEW_POINTS, OverviewBuilder, as_frames

BLOCK_FRAMES = 1 << 16
_Entry = namedtuple("_Entry", "stamp peaks minmax")




def _read_only(buffer, points):
    buffer.flags.writeable = False
    return buffer[:points], buffer[points:].reshape(points, 2)


class WaveformCacheService(DiskBacked):
    """Overview waveforms (<= 2048 points) for channel strips, cached in memory and on disk.

    Parameters
    ----------
    cache_dir : str or os.PathLike
        Folder of the ``.wfm`` files (created if missing). If it cannot be
        created or written (read-only, full disk), the service warns once and
        keeps working from memory only.
    disk_quota_bytes : int, default 2 GiB
        Bound of the folder's ``.wfm`` files. A write that would exceed it
        first deletes the least recently read/written files down to 80 %.
        The order is seeded from the files' access times at start-up.
    memory_entries : int, default 100
        Overviews kept in memory (O(1) LRU).
    max_points : int, default 2048

    Notes
    -----
    - ``overview`` / ``minmax`` return read-only float32 views of the cached
      buffer (no copy): peaks ``(points,)`` and ``(points, 2)`` (min, max),
      across channels. See :mod:`fluxforge.waveform.reduce` for the reduction.
    - A file changed on disk (size or mtime) is rebuilt. Truncated, corrupt,
      foreign or wrong-version cache files are deleted and rebuilt with a
      RuntimeWarning.
    - Disk recency follows file reads and writes; memory hits do not touch
      the disk (no syscall on the hot path).
    - In-memory audio: ``overview_of_array(name_or_key, samples)`` caches in
      memory only; the key names the content, use a new one when it changes.
    - Thread-safe; two processes may share ``cache_dir`` (atomic renames: a
      reader never sees a half-written file; each process keeps its own quota
      accounting, refreshed at start-up).

    Examples
    --------
    >>> service = WaveformCacheService("/tmp/ff-waveforms")
    >>> peaks = service.overview("drums.wav")
    >>> peaks.dtype, peaks.shape, peaks.flags.writeable
    (dtype('float32'), (2048,), False)
    """

    _memory_only_message = "waveform cache works in memory only"

    def __init__(self, cache_dir, disk_quota_bytes=2 * 1024**3, memory_entries=100,
                 max_points=OVERVIEW_POINTS):
        if not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(f"cache_dir must be a str or os.PathLike, got {type(cache_dir).__name__}")
        quota = check_int(disk_quota_bytes, "disk_quota_bytes", minimum=0)
        self.max_points = check_int(max_points, "max_points", minimum=1)
        self._memory = LruIndex(check_int(memory_entries, "memory_entries", minimum=1))
        self._entries = {}
        self._lock = threading.RLock()
        self._counts = dict(hits=0, disk_hits=0, disk_misses=0, evictions=0)
        self._quota = quota
        self._open_disk(cache_dir, ".wfm", quota)

    # -- public API -------------------------------------------------------------
    def overview(self, path):
        """Peak overview of an audio file: read-only float32 ``(points,)``."""
        return self._for_file(path).peaks

    def minmax(self, path):
        """(min, max) overview of an audio file: read-only float32 ``(points, 2)``."""
        return self._for_file(path).minmax

    def overview_of_array(self, key, samples):
        """Peak overview of in-memory ``samples`` (frames,) or (frames, channels)."""
        return self._for_array(key, samples).peaks

    def minmax_of_array(self, key, samples):
        """(min, max) overview of in-memory samples: float32 ``(points, 2)``."""
        return self._for_array(key, samples).minmax

    def set_disk_quota(self, disk_quota_bytes):
        """Change the disk quota; files over it are evicted (to 80 %) at once."""
        quota = check_int(disk_quota_bytes, "disk_quota_bytes", minimum=0)
        with self._lock:
            self._quota = quota
            self._on_disk(lambda: self._disk.set_quota(quota))

    def stats(self):
        """Counters: memory entries, hits, disk hits/misses, evictions, disk bytes, quota,
        hit rate (memory or disk hits over all file requests)."""
        with self._lock:
            c = self._counts
            requests = c["hits"] + c["disk_hits"] + c["disk_misses"]
            return dict(
                memory_entries=len(self._memory), memory_capacity=self._memory.capacity,
                hits=c["hits"], disk_hits=c["disk_hits"], disk_misses=c["disk_misses"],
                evictions=c["evictions"],
                disk_evictions=self._disk.evictions if self._disk else 0,
                disk_files=len(self._disk) if self._disk else 0,
                disk_bytes=self._disk.used_bytes if self._disk else 0,
                disk_quota_bytes=self._quota, disk_enabled=self._disk is not None,
                hit_rate=(c["hits"] + c["disk_hits"]) / requests if requests else 0.0)

    # -- lookup -----------------------------------------------------------------
    def _cached(self, key, stamp):
        entry = self._entries.get(key)
        if entry is not None and entry.stamp == stamp:
            self._memory.touch(key)
            return entry
        return None

    def _remember(self, key, entry):
        if key not in self._memory and len(self._memory) == self._memory.capacity:
            del self._entries[self._memory.pop_oldest()]
            self._counts["evictions"] += 1
        self._memory.insert(key)
        self._entries[key] = entry

    def _for_file(self, path):
        stamp = source_stamp(path)
        key = path_key(path)
        with self._lock:
            entry = self._cached(key, stamp)
            if entry is not None:
                self._counts["hits"] += 1
                return entry
            entry = self._from_disk(key, stamp)
            self._counts["disk_hits" if entry else "disk_misses"] += 1
        if entry is None:
            entry = self._build(path, key)
        with self._lock:
            self._remember(key, entry)
        return entry

    def _for_array(self, key, samples):
        key = content_key(key)
        samples = as_frames(samples)
        stamp = ("array", samples.shape)
        with self._lock:
            entry = self._cached(key, stamp)
            if entry is not None:
                self._counts["hits"] += 1
                return entry
        builder = OverviewBuilder(samples.shape[0], self.max_points)
        builder.feed(samples)
        builder.finish()
        entry = _Entry(stamp, *_read_only(builder.buffer, builder.points))
        with self._lock:
            self._remember(key, entry)
        return entry

    def _from_disk(self, key, stamp):
        if self._disk is None:
            return None
        path = self._disk.path_of(key)
        try:
            header, payload = read_wave_file(path, OVERVIEW, key)
        except FileNotFoundError:
            self._disk.forget(key, delete=False)
            return None
        except CacheFileError as error:
            warnings.warn(f"discarding waveform cache file: {error}", RuntimeWarning, stacklevel=4)
            self._on_disk(lambda: self._disk.forget(key))
            return None
        except OSError:
            return None
        points = min(self.max_points, header.frames)
        if (header.source_size, header.source_mtime_ns) != stamp or header.param_a != points:
            return None                                  # stale: rebuilt and replaced
        self._disk.used(key, HEADER_BYTES + header.payload_bytes)
        return _Entry(stamp, payload[:points], payload[points:].reshape(points, 2))

    def _build(self, path, key):
        with AudioSource(path) as source:
            builder = OverviewBuilder(source.frames, self.max_points)
            for block in source.blocks(BLOCK_FRAMES):
                builder.feed(block)
        builder.finish()
        entry = _Entry(source.stamp, *_read_only(builder.buffer, builder.points))
        header = WaveHeader(OVERVIEW, key, *source.stamp, source.sample_rate, source.channels,
                            source.frames, builder.points, 0)
        with self._lock:
            self._write(key, header, builder.buffer)
        return entry

    def _write(self, key, header, payload):
        self._on_disk(self._write_file, key, header, payload)

    def _write_file(self, key, header, payload):
        size = HEADER_BYTES + payload.nbytes
        self._disk.forget(key)
        if self._disk.make_room(size):
            write_wave_file(self._disk.path_of(key), header, payload)
            self._disk.used(key, size)
