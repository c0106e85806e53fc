"""Min/max pyramids of audio files with a memory budget: the mixer's waveforms.

Per clip a pyramid of float32 (min, max) per channel for tiles of 256 ...
32768 frames is built in the background, written to ``<path key>.wfp``
(:mod:`fluxforge.waveform.file_format`) and kept in memory, memory-mapped when the
file is large. Resident pyramids are bounded by a byte budget enforced with
the O(1) :class:`~fluxforge.cache.lru.LruIndex`. The mixer's strips draw their
waveforms from these pyramids (``app/overviews.py``), read from the cache
folder ``fluxforge analyze`` fills (:mod:`fluxforge.cache.location`), so an
analysed library opens without decoding; clips made from arrays get a
pyramid in memory (:meth:`WaveCacheManager.pyramid_of_array`).
"""
import os
import threading
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from numbers import Integral

from fluxforge.cache.disk_quota import FILL_RATIO, DiskBacked
from fluxforge.cache.keys import content_key, path_key
from fluxforge.checks import check_int
from fluxforge.cache.lru import LruIndex
from fluxforge.waveform.pyramid import WavePyramid
from fluxforge.waveform.source import AudioSource, source_stamp
from fluxforge.waveform.file_format import (
    HEADER_BYTES, PYRAMID, CacheFileError, WaveHeader, read_wave_file, write_wave_file)
from fluxforge.waveform.reduce import (
    BASE_TILE_FRAMES, PYRAMID_LEVELS, PyramidBuilder, as_frames, minmax_pyramid, pyramid_views)

BLOCK_FRAMES = 1 << 18          # a multiple of the coarsest tile (32768 frames)
DECODE_SHARE = 0.99             # progress while decoding; 1.0 once ready




class WaveCacheManager(DiskBacked):
    """Zoomable min/max pyramids of audio files, built in the background.

    Parameters
    ----------
    cache_dir : str or os.PathLike
        Folder of the ``.wfp`` files (created if missing). If it cannot be
        created or written, the manager warns once and keeps pyramids in
        memory only.
    memory_budget_bytes : int, default 512 MiB
        Bound of the resident pyramids (memory-mapped ones count too). After
        a pyramid is added, least recently used ones are dropped until the
        total is at most 80 % of the budget; a pyramid larger than the whole
        budget is used for the call that loaded it and not kept.
    disk_quota_bytes : int, default 2 GiB
        Bound of the folder's ``.wfp`` files: a write that would exceed it
        first deletes the least recently read/written files down to 80 %
        (a file larger than the quota is not written).
    mmap_threshold_bytes : int, default 10 MiB
        Cache files at least this long are memory-mapped rather than read.
    build_workers : int, default 1
        Background build threads (the C reduction runs without the GIL).

    Notes
    -----
    ``query`` of a clip that is not resident loads its file, or waits for a
    build (starting one if needed): call ``request`` first and poll
    ``progress`` to keep a UI thread from waiting. A source file changed on
    disk (size or mtime) is rebuilt. Truncated, corrupt, foreign or
    wrong-version cache files are deleted and rebuilt with a RuntimeWarning.

    Examples
    --------
    >>> with WaveCacheManager("pyramids") as waves:
    ...     _ = waves.request("drums.wav")
    ...     waves.query("drums.wav", 0, 48000, pixels=800).shape
    (188, 2, 2)
    """

    _memory_only_message = "wave cache keeps pyramids in memory only"

    def __init__(self, cache_dir, memory_budget_bytes=512 * 1024**2, *,
                 disk_quota_bytes=2 * 1024**3, mmap_threshold_bytes=10 * 1024**2,
                 build_workers=1):
        if not isinstance(cache_dir, (str, os.PathLike)):
            raise TypeError(f"cache_dir must be a str or os.PathLike, got {type(cache_dir).__name__}")
        self._budget = check_int(memory_budget_bytes, "memory_budget_bytes", minimum=0)
        self._mmap_threshold = check_int(mmap_threshold_bytes, "mmap_threshold_bytes", minimum=0)
        quota = check_int(disk_quota_bytes, "disk_quota_bytes", minimum=0)
        if isinstance(build_workers, bool) or not isinstance(build_workers, Integral) \
                or build_workers < 1:
            raise ValueError(f"build_workers must be an int >= 1, got {build_workers!r}")
        self._lock = threading.RLock()
        self._index = LruIndex(64, growable=True)
        self._resident = {}          # key -> (stamp, WavePyramid)
        self._pending = {}           # key -> Future
        self._progress = {}          # key -> 0..1 while building
        self._used = 0
        self._counts = dict(hits=0, misses=0, evictions=0, builds=0, file_loads=0)
        self._executor = ThreadPoolExecutor(build_workers, thread_name_prefix="wavecache")
        self._open_disk(cache_dir, ".wfp", quota)

    # -- public API -------------------------------------------------------------
    def request(self, path):
        """Make ``path``'s pyramid resident in the background; return a Future of it."""
        key, stamp = path_key(path), source_stamp(path)
        with self._lock:
            pyramid = self._lookup(key, stamp)
            if pyramid is not None:
                done = Future()
                done.set_result(pyramid)
                return done
            future = self._pending.get(key)
            if future is None:
                self._progress[key] = 0.0
                future = self._executor.submit(self._load_or_build, os.fspath(path), key, stamp)
                self._pending[key] = future
            return future

    def progress(self, path):
        """0..1: 1.0 when resident, the built fraction while building, 0.0 otherwise."""
        key = path_key(path)
        with self._lock:
            if key in self._resident:
                return 1.0
            return self._progress.get(key, 0.0)

    def pyramid(self, path):
        """The :class:`WavePyramid` of ``path`` (loads or waits for the build)."""
        key, stamp = path_key(path), source_stamp(path)
        with self._lock:
            pyramid = self._lookup(key, stamp)
            if pyramid is not None:
                self._counts["hits"] += 1
                return pyramid
            self._counts["misses"] += 1
        return self.request(path).result()

    def pyramid_of_array(self, key, samples, sample_rate):
        """The pyramid of in-memory ``samples`` ((frames,) or (frames, channels)), kept in
        memory (never on disk) under ``key``: a name or an unsigned 64-bit int that
        names the content (use a new one when the samples change)."""
        key = content_key(key)
        samples = as_frames(samples)
        stamp = ("array", samples.shape)
        with self._lock:
            pyramid = self._lookup(key, stamp)
            self._counts["hits" if pyramid is not None else "misses"] += 1
        if pyramid is None:
            pyramid = WavePyramid.from_levels(minmax_pyramid(samples), samples.shape[0],
                                              sample_rate)
            with self._lock:
                self._counts["builds"] += 1
                self._admit(key, stamp, pyramid)
        return pyramid

    def query(self, path, start_frame, end_frame, pixels):
        """Min/max of ``[start_frame, end_frame)`` for ``pixels`` columns: float32
        ``(rows, channels, 2)``, see :meth:`WavePyramid.query`."""
        return self.pyramid(path).query(start_frame, end_frame, pixels)

    def set_memory_budget(self, memory_budget_bytes):
        """Change the budget; over it, evict to 80 % at once."""
        budget = check_int(memory_budget_bytes, "memory_budget_bytes", minimum=0)
        with self._lock:
            self._budget = budget
            if self._used > budget:
                self._evict_to(FILL_RATIO * budget)

    def unload(self, path):
        """Drop ``path``'s pyramid from memory (its file stays); True if it was resident."""
        key = path_key(path)
        with self._lock:
            return self._drop(key)

    def clear(self, delete_files=False):
        """Drop every resident pyramid; with ``delete_files`` also delete the cache files."""
        with self._lock:
            while len(self._index):
                self._drop(self._index.peek_oldest())
            if delete_files:
                self._on_disk(lambda: self._disk.clear())

    def stats(self):
        """Counters: entries, bytes used, budget, hits, misses, evictions, builds,
        file loads, memory-mapped entries, pending builds."""
        with self._lock:
            return dict(entries=len(self._resident), bytes_used=self._used,
                        memory_budget_bytes=self._budget, pending=len(self._pending),
                        mapped_entries=sum(p.memory_mapped for _, p in self._resident.values()),
                        disk_enabled=self._disk is not None, **self._counts)

    def close(self):
        """Finish running builds and stop the worker threads."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- memory -----------------------------------------------------------------
    def _lookup(self, key, stamp):
        held = self._resident.get(key)
        if held is None or held[0] != stamp:
            return None
        self._index.touch(key)
        return held[1]

    def _drop(self, key):
        if not self._index.remove(key):
            return False
        _stamp, pyramid = self._resident.pop(key)
        self._used -= pyramid.nbytes
        return True

    def _evict_to(self, target_bytes):
        while self._used > target_bytes and len(self._index):
            self._drop(self._index.peek_oldest())
            self._counts["evictions"] += 1

    def _admit(self, key, stamp, pyramid):
        self._drop(key)
        if pyramid.nbytes > self._budget:
            return
        self._index.insert(key)
        self._resident[key] = (stamp, pyramid)
        self._used += pyramid.nbytes
        if self._used > self._budget:
            self._index.remove(key)                      # the newcomer is never evicted
            self._evict_to(FILL_RATIO * self._budget)
            self._index.insert(key)

    # -- background work ----------------------------------------------------------
    def _load_or_build(self, path, key, stamp):
        try:
            pyramid = self._from_file(key, stamp)
            if pyramid is None:
                pyramid = self._build(path, key)
            with self._lock:
                self._admit(key, stamp, pyramid)
            return pyramid
        finally:
            with self._lock:
                self._pending.pop(key, None)
                self._progress.pop(key, None)

    def _from_file(self, key, stamp):
        disk = self._disk
        if disk is None:
            return None
        try:
            header, payload = read_wave_file(disk.path_of(key), PYRAMID, key,
                                             self._mmap_threshold)
        except FileNotFoundError:
            return None
        except CacheFileError as error:
            warnings.warn(f"discarding wave cache file: {error}", RuntimeWarning, stacklevel=2)
            with self._lock:
                self._on_disk(lambda: disk.forget(key))
            return None
        except OSError:
            return None
        if (header.source_size, header.source_mtime_ns) != stamp \
                or (header.param_a, header.param_b) != (BASE_TILE_FRAMES, PYRAMID_LEVELS):
            return None
        with self._lock:
            self._counts["file_loads"] += 1
            disk.used(key, HEADER_BYTES + header.payload_bytes)
        levels = pyramid_views(payload, header.frames, header.channels)
        return WavePyramid.from_levels(levels, header.frames, header.sample_rate,
                                       memory_mapped=not isinstance(payload.base, bytes))

    def _build(self, path, key):
        with AudioSource(path) as source:
            builder = PyramidBuilder(source.frames, source.channels)
            for block in source.blocks(BLOCK_FRAMES):
                builder.feed(block)
                self._progress[key] = DECODE_SHARE * builder.progress
        levels = builder.finish()
        header = WaveHeader(PYRAMID, key, *source.stamp, source.sample_rate, source.channels,
                            source.frames, BASE_TILE_FRAMES, PYRAMID_LEVELS)
        self._write(key, header, builder.buffer)
        with self._lock:
            self._counts["builds"] += 1
        pyramid = WavePyramid.from_levels(levels, source.frames, source.sample_rate)
        if pyramid.nbytes >= self._mmap_threshold:
            return self._from_file(key, source.stamp) or pyramid
        return pyramid

    def _write(self, key, header, payload):
        with self._lock:
            self._on_disk(self._write_file, key, header, payload)

    def _write_file(self, key, header, payload):
        self._disk.forget(key)
        if self._disk.make_room(HEADER_BYTES + payload.nbytes):
            size = write_wave_file(self._disk.path_of(key), header, payload)
            self._disk.used(key, size)
