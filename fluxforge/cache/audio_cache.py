"""The decoded-audio cache.

Decoded clips live in an LRU bounded by bytes, ordered by the O(1)
:class:`~fluxforge.cache.lru.LruIndex` on 64-bit keys computed once per path
(``fluxforge.cache.keys.path_key``): no string work and no sorting anywhere near the
audio thread. Decisions:

- One loader per path: concurrent ``load`` calls for the same file wait for the
  first one's decode instead of decoding again; they count as misses.
- When a load pushes the bytes used above the budget, a worker thread evicts
  the least recently used clips down to 80 % of the budget, starting
  :data:`EVICT_DELAY_S` later (a burst of loads is evicted in one go, and the
  loading thread never waits for it). The bytes used may exceed the budget
  until it has run. The worker runs only while there is something to evict,
  so an idle cache has no thread and goes away like any object once nobody
  holds it (``close`` is only needed to drop the clips at once).
- The audio thread never calls in here: the engine's render posts "clip
  touched" events to its lock-free event ring (skipped when full) and the
  engine's ``service()`` forwards them to :meth:`AudioCache.touch`.
- Clips the audio thread may be reading are pinned (:meth:`pin` when a track or
  voice gets the clip, or ``load(path, pin=True)`` in one step, so no eviction
  can come between; :meth:`unpin` when the render has released it). Pinned
  clips are never evicted; they return to the LRU as most recent on unpin.
  Eviction only drops the cache's reference, so a clip someone still holds is
  never freed under them.
- Clips are decoded by :func:`fluxforge.engine.clips.load_clip` into the
  :class:`~fluxforge.engine.clips.Clip` the engine plays. A corrupt file raises
  ValueError (a missing one FileNotFoundError) and leaves the cache
  unchanged; the next request tries again.
- The cache decodes at one sample rate (the engine's); a file changed on disk
  is not noticed while its clip stays cached.

Example
-------
>>> cache = AudioCache(budget_bytes=64 * 1024**2, samplerate_hz=48000)
>>> clip = cache.load("drums.wav")
>>> clip.data.shape, clip.key == cache.key_of("drums.wav")
((96000, 2), True)
>>> tid = engine.add_track(clip)
>>> cache.stats()["entries"]
1
"""
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fluxforge.engine.clips import load_clip
from fluxforge.cache.keys import path_key
from fluxforge.checks import check_int
from fluxforge.cache.lru import LruIndex

DEFAULT_BUDGET_BYTES = 512 * 1024**2
LOW_WATER = 0.8
#: how long after a load over the budget the eviction starts
EVICT_DELAY_S = 0.01


class _Load:
    """One decode in progress; other requesters of the same path wait on it."""

    def __init__(self):
        self.done = threading.Event()
        self.clip = None
        self.error = None


class AudioCache:
    """Decoded clips in an LRU bounded by bytes, evicted by a worker thread.

    Parameters
    ----------
    budget_bytes : int
        Memory budget for decoded samples (default 512 MiB).
    samplerate_hz : int or float
        Rate every clip is decoded (and resampled) to: the engine's.

    Examples
    --------
    >>> cache = AudioCache(budget_bytes=1024**3, samplerate_hz=48000)
    >>> cache.stats()["budget_bytes"]
    1073741824
    >>> cache.close()
    """

    def __init__(self, budget_bytes=DEFAULT_BUDGET_BYTES, samplerate_hz=48000):
        if isinstance(samplerate_hz, bool) or not isinstance(samplerate_hz, (int, float)):
            raise TypeError(f"samplerate_hz must be a number, got {type(samplerate_hz).__name__}")
        if not (np.isfinite(samplerate_hz) and 1000 <= samplerate_hz <= 768000):
            raise ValueError(f"samplerate_hz must be in [1000, 768000], got {samplerate_hz}")
        self.samplerate_hz = float(samplerate_hz)
        self._lock = threading.Lock()
        self._evicted = threading.Condition(self._lock)
        self._budget = check_int(budget_bytes, "budget_bytes", minimum=1)
        self._entries = {}          # key -> Clip
        self._pins = {}             # key -> pin count (pinned keys are not in the index)
        self._index = LruIndex(capacity=64, growable=True)   # unpinned keys only
        self._loading = {}          # key -> _Load
        self._bytes = 0
        self._hits = self._misses = self._evictions = 0
        self._eviction_wanted = False
        self._closed = False
        self._worker = None         # the eviction thread, while one runs
        self._prefetcher = ThreadPoolExecutor(max_workers=2,
                                              thread_name_prefix="fluxforge-audio-cache-load")

    # -- requests -----------------------------------------------------------
    @staticmethod
    def key_of(path):
        """The 64-bit key of ``path`` (absolute, resolved)."""
        return path_key(path)

    def load(self, path, *, pin=False):
        """Return the :class:`~fluxforge.engine.clips.Clip` of ``path``, decoding it on a miss.

        Blocks while this or another thread decodes it. With ``pin`` the clip
        is also pinned, as :meth:`pin` does, before any eviction can drop it.
        Raises FileNotFoundError, or ValueError for an undecodable file (the
        cache is unchanged either way).
        """
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
        path = os.fspath(path)
        key = path_key(path)
        with self._lock:
            self._check_open()
            clip = self._entries.get(key)
            if clip is not None:
                self._hits += 1
                self._touch_locked(key)
                if pin:
                    self._pin_locked(key)
                return clip
            self._misses += 1
            pending = self._loading.get(key)
            owner = pending is None
            if owner:
                pending = self._loading[key] = _Load()
        if not owner:
            pending.done.wait()
            if pending.error is not None:
                raise pending.error
            if pin:
                with self._lock:
                    self._check_open()
                    if key not in self._entries:      # evicted since: admitted again
                        self._admit_locked(key, pending.clip, pin=False)
                    self._pin_locked(key)
            return pending.clip
        try:
            clip = load_clip(path, self.samplerate_hz)
        except BaseException as exc:
            with self._lock:
                del self._loading[key]
            pending.error = exc
            pending.done.set()
            raise
        with self._lock:
            del self._loading[key]
            if not self._closed:
                self._admit_locked(key, clip, pin)
        pending.clip = clip
        pending.done.set()
        return clip

    def prefetch(self, path):
        """Start loading ``path`` in the background; returns a Future of the Clip.

        Never blocks (for UI and middleware code that must not wait for a
        decode). The Future raises what :meth:`load` would; a later ``load``
        of the same path joins the same decode.
        """
        with self._lock:
            self._check_open()
            return self._prefetcher.submit(self.load, path)

    def get(self, key):
        """The cached clip of ``key`` (counted as a hit, and touched), else None (a miss)."""
        with self._lock:
            clip = self._entries.get(key)
            if clip is None:
                self._misses += 1
                return None
            self._hits += 1
            self._touch_locked(key)
            return clip

    def touch(self, key):
        """Mark ``key`` as just used (the engine forwards the render's touches); False if absent."""
        with self._lock:
            return self._touch_locked(key)

    def pin(self, key):
        """Keep ``key`` from eviction while the audio thread may read it (nests).

        A clip loaded over the budget can be evicted before a separate ``pin``
        comes (KeyError): ``load(path, pin=True)`` pins in the same step.
        """
        with self._lock:
            if key not in self._entries:
                raise KeyError(f"clip key {key} is not in the audio cache")
            self._pin_locked(key)

    def unpin(self, key):
        """Undo one :meth:`pin`; the last one returns the clip to the LRU as most recent."""
        with self._lock:
            count = self._pins.get(key, 0)
            if count == 0:
                raise KeyError(f"clip key {key} is not pinned")
            if count == 1:
                del self._pins[key]
                self._index.insert(key)
                self._want_eviction_locked()
            else:
                self._pins[key] = count - 1

    def __contains__(self, key):
        with self._lock:
            return key in self._entries

    def __len__(self):
        with self._lock:
            return len(self._entries)

    # -- budget, stats, life cycle -----------------------------------------
    @property
    def budget_bytes(self):
        return self._budget

    @budget_bytes.setter
    def budget_bytes(self, value):
        budget = check_int(value, "budget_bytes", minimum=1)
        with self._lock:
            self._budget = budget
            self._want_eviction_locked()

    def stats(self):
        """entries, bytes_used, budget_bytes, hits, misses, evictions, pinned, loading."""
        with self._lock:
            return {"entries": len(self._entries), "bytes_used": self._bytes,
                    "budget_bytes": self._budget, "hits": self._hits, "misses": self._misses,
                    "evictions": self._evictions, "pinned": len(self._pins),
                    "loading": len(self._loading)}

    def wait_evicted(self, timeout_s=10.0):
        """Wait until no eviction is pending; True if none is (else the timeout passed)."""
        with self._lock:
            return self._evicted.wait_for(lambda: not self._eviction_wanted, timeout_s)

    def close(self):
        """Stop the eviction worker and drop every clip (clips still held elsewhere live on)."""
        with self._lock:
            self._closed = True
            worker = self._worker
        self._prefetcher.shutdown(wait=True, cancel_futures=True)
        if worker is not None and worker is not threading.current_thread():
            worker.join()
        with self._lock:
            self._entries.clear()
            self._pins.clear()
            self._index.clear()
            self._bytes = 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # -- internals (called with the lock held) ------------------------------
    def _check_open(self):
        if self._closed:
            raise RuntimeError("the audio cache is closed")

    def _touch_locked(self, key):
        if key in self._pins:
            return True
        return self._index.touch(key)

    def _pin_locked(self, key):
        count = self._pins.get(key, 0)
        if count == 0:
            self._index.remove(key)
        self._pins[key] = count + 1

    def _admit_locked(self, key, clip, pin):
        self._entries[key] = clip
        self._bytes += clip.nbytes
        if pin:
            self._pins[key] = self._pins.get(key, 0) + 1
        else:
            self._index.insert(key)
            self._want_eviction_locked()

    def _want_eviction_locked(self):
        if self._bytes > self._budget and len(self._index) and not self._closed:
            self._eviction_wanted = True
            if self._worker is None:
                self._worker = threading.Timer(EVICT_DELAY_S, self._evict)
                self._worker.name, self._worker.daemon = "fluxforge-audio-cache-evict", True
                self._worker.start()

    def _evict(self):
        """Evict to the low-water mark until no eviction is wanted, then end the thread."""
        while True:
            with self._lock:
                if self._closed or not self._eviction_wanted:
                    self._eviction_wanted = False
                    self._worker = None
                    self._evicted.notify_all()
                    return
                dropped = []
                while self._bytes > LOW_WATER * self._budget and len(self._index):
                    key = self._index.pop_oldest()
                    clip = self._entries.pop(key)
                    self._bytes -= clip.nbytes
                    self._evictions += 1
                    dropped.append(clip)
                self._eviction_wanted = False
                self._evicted.notify_all()
            del dropped   # the samples are freed here, outside the lock


