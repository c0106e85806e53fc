"""LRU accounting of the cache files in one folder, bounded by a byte quota.

Files are named ``<16 hex digits of the key><suffix>``. Recency is the order
in which files were last read or written; it is kept in an O(1)
:class:`~fluxforge.cache.lru.LruIndex` and mirrored in each file's access time, so
the next start-up (which seeds the order from access times) sees the same
order whatever the mount's atime policy.

Before a write would push the folder over its quota, the least recently used
files are deleted until the folder plus the new file fit in 80 % of it.
Not synchronised: the owner holds its own lock.

Example
-------
>>> import tempfile
>>> quota = DiskQuota(tempfile.mkdtemp(), ".wfm", quota_bytes=1000)
>>> quota.make_room(600), quota.used_bytes
(True, 0)
"""
import os
import re
import time
import warnings
from pathlib import Path

from fluxforge.cache.lru import LruIndex

FILL_RATIO = 0.8
STALE_TEMP_SECONDS = 3600


class DiskQuota:
    """Cache files of one folder and suffix, least recently used first.

    Parameters
    ----------
    folder : str or os.PathLike
        Existing folder (OSError otherwise).
    suffix : str
        File suffix such as ``".wfm"``; other files are never touched.
    quota_bytes : int or None
        Upper bound of the files' total size; None means unbounded.
    """

    def __init__(self, folder, suffix, quota_bytes):
        self.folder = Path(folder)
        self.suffix = suffix
        self.quota_bytes = quota_bytes
        self.used_bytes = 0
        self.evictions = 0
        self._sizes = {}
        self._index = LruIndex(1024, growable=True)
        self._last_atime_ns = 0
        self._name = re.compile(r"[0-9a-f]{16}" + re.escape(suffix))
        self._seed()

    def _seed(self):
        found, now = [], time.time()
        for entry in os.scandir(self.folder):
            try:        # another process may rename or delete files meanwhile
                if self._name.fullmatch(entry.name):
                    st = entry.stat()
                    found.append((st.st_atime_ns, entry.name, st.st_size))
                elif entry.name.startswith(".") and entry.name.endswith(".tmp" + self.suffix):
                    if now - entry.stat().st_mtime > STALE_TEMP_SECONDS:   # left by a crash
                        Path(entry.path).unlink(missing_ok=True)
            except FileNotFoundError:
                continue
        for atime_ns, name, size in sorted(found):
            self._record(int(name[:16], 16), size)
            self._last_atime_ns = max(self._last_atime_ns, atime_ns)

    def path_of(self, key):
        """The file that holds ``key``."""
        return self.folder / f"{key:016x}{self.suffix}"

    def __contains__(self, key):
        return key in self._index

    def __len__(self):
        return len(self._index)

    def _record(self, key, size):
        self.forget(key, delete=False)
        self._index.insert(key)
        self._sizes[key] = size
        self.used_bytes += size

    def used(self, key, size):
        """Record that ``key``'s file (``size`` bytes) was just read or written."""
        self._record(key, size)
        atime_ns = max(time.time_ns(), self._last_atime_ns + 1)
        self._last_atime_ns = atime_ns
        try:
            path = self.path_of(key)
            os.utime(path, ns=(atime_ns, os.stat(path).st_mtime_ns))
        except OSError:
            pass    # read-only folder or a file another process removed: order stays in memory

    def forget(self, key, delete=True):
        """Drop ``key`` from the accounting and, if ``delete``, delete its file
        (OSError if the folder refuses: the owner should stop using it)."""
        if self._index.remove(key):
            self.used_bytes -= self._sizes.pop(key)
        if delete:
            self.path_of(key).unlink(missing_ok=True)

    def make_room(self, nbytes):
        """Evict least recently used files so ``nbytes`` more fit; True if they do.

        Nothing is evicted while the new file fits under the quota; otherwise
        files go until the folder plus ``nbytes`` is at most 80 % of it.
        """
        if self.quota_bytes is None:
            return True
        if self.used_bytes + nbytes > self.quota_bytes:
            target = FILL_RATIO * self.quota_bytes - nbytes
            while self.used_bytes > target and len(self._index):
                self.forget(self._index.peek_oldest())
                self.evictions += 1
        return self.used_bytes + nbytes <= self.quota_bytes

    def set_quota(self, quota_bytes):
        """Change the quota; over it, evict down to 80 % at once."""
        self.quota_bytes = quota_bytes
        if quota_bytes is not None and self.used_bytes > quota_bytes:
            self.make_room(0)

    def clear(self):
        """Delete every file of the accounting."""
        while len(self._index):
            self.forget(self._index.peek_oldest())


class DiskBacked:
    """Mixin of the waveform caches: a :class:`DiskQuota` in ``self._disk`` that is
    dropped (memory-only, one RuntimeWarning) as soon as the folder fails."""

    _disk = None
    _memory_only_message = "cache works in memory only"

    def _open_disk(self, folder, suffix, quota_bytes):
        try:
            os.makedirs(folder, exist_ok=True)
            self._disk = DiskQuota(folder, suffix, quota_bytes)
        except OSError as error:
            self._go_memory_only(f"cannot use cache folder {os.fspath(folder)}: {error}")

    def _go_memory_only(self, reason):
        warnings.warn(f"{self._memory_only_message}: {reason}", RuntimeWarning, stacklevel=4)
        self._disk = None

    def _on_disk(self, operation, *args):
        """Run a disk operation; if the folder fails (read-only, full, gone), go memory-only."""
        disk = self._disk
        if disk is None:
            return None
        try:
            return operation(*args)
        except OSError as error:
            self._go_memory_only(f"cannot write to {disk.folder}: {error}")
            return None
