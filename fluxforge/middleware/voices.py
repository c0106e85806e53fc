"""The voice pool: voices per event key, with a min/max, stealing and overflow.

Each key (an event name) has slots, from ``min`` made up front up to ``max``.
Acquiring a slot for a new voice reuses an idle one (a *hit*), else makes a
new one while below ``max`` (a *miss*), else steals the oldest playing
stealable voice of the key (a *steal*: the caller stops the victim), else
(nothing stealable: every voice loops, or ``steal`` is off) hands out an
*overflow* voice outside the slots. Overflow voices are tracked with their
start time and estimated duration (integer milliseconds) and cleaned up once
older than ``estimated_ms + 500``; beyond ``max_overflow`` of them an acquire
is refused. Times are integer milliseconds of the caller's clock.

Example
-------
>>> pool = VoicePool()
>>> pool.configure("COIN", min=1, max=2)
>>> [pool.acquire("COIN", now_ms=t, estimated_ms=100)[0] for t in (0, 1, 2)]
['hit', 'miss', 'steal']
>>> pool.stats()["steals"]
1
"""

OVERFLOW_GRACE_MS = 500
_STAT = {"hit": "hits", "miss": "misses", "steal": "steals"}


class Slot:
    __slots__ = ("key", "voice_id", "started_ms", "stealable")

    def __init__(self, key):
        self.key, self.voice_id, self.started_ms, self.stealable = key, None, 0, True


class Overflow:
    """An overflow voice: ``should_cleanup`` once older than its estimate + 500 ms."""

    __slots__ = ("key", "voice_id", "created_ms", "estimated_ms")

    def __init__(self, key, created_ms, estimated_ms):
        self.key, self.voice_id = key, None
        self.created_ms, self.estimated_ms = int(created_ms), estimated_ms

    def should_cleanup(self, now_ms):
        return (self.estimated_ms is not None
                and now_ms - self.created_ms > self.estimated_ms + OVERFLOW_GRACE_MS)


class KeyPool:
    __slots__ = ("min", "max", "steal", "idle", "busy")

    def __init__(self, key, low, high, steal):
        self.min, self.max, self.steal = low, high, steal
        self.idle = [Slot(key) for _ in range(low)]
        self.busy = []            # oldest first


class VoicePool:
    """Slots per key plus tracked overflow voices; see the module docstring."""

    def __init__(self, default_max=16, max_overflow=32):
        self.default_max, self.max_overflow = default_max, max_overflow
        self._keys = {}
        self._by_voice = {}       # voice id -> Slot or Overflow
        self._overflow = []
        self._stats = dict(acquires=0, hits=0, misses=0, steals=0, overflow=0, cleaned=0,
                           refused=0)

    def configure(self, key, min=0, max=None, steal=True):
        """Set ``key``'s limits; its playing voices stay tracked."""
        low, high = min, self.default_max if max is None else max
        if not (isinstance(low, int) and isinstance(high, int) and 0 <= low <= high and high >= 1):
            raise ValueError(f"voice pool of {key!r} needs integers 0 <= min <= max, max >= 1; "
                             f"got min={min!r} max={max!r}")
        old = self._keys.get(key)
        pool = KeyPool(key, low, high, bool(steal))
        if old is not None:
            pool.busy = old.busy
            pool.idle = old.idle[:high - len(old.busy)] if high > len(old.busy) else []
            while len(pool.idle) + len(pool.busy) < low:
                pool.idle.append(Slot(key))
        self._keys[key] = pool

    def _pool(self, key):
        pool = self._keys.get(key)
        if pool is None:
            self.configure(key)
            pool = self._keys[key]
        return pool

    def acquire(self, key, now_ms, estimated_ms=None, stealable=True):
        """``(kind, slot, victim_voice_id)``; kind is hit, miss, steal, overflow or refused."""
        self._stats["acquires"] += 1
        pool = self._pool(key)
        victim = None
        if pool.idle:
            slot, kind = pool.idle.pop(), "hit"
        elif len(pool.busy) < pool.max:
            slot, kind = Slot(key), "miss"
        else:
            slot = next((s for s in pool.busy if s.stealable), None) if pool.steal else None
            if slot is None:
                return self._acquire_overflow(key, now_ms, estimated_ms)
            pool.busy.remove(slot)
            victim = slot.voice_id
            self._by_voice.pop(victim, None)
            kind = "steal"
        self._stats[_STAT[kind]] += 1
        slot.voice_id, slot.started_ms, slot.stealable = None, int(now_ms), stealable
        pool.busy.append(slot)
        return kind, slot, victim

    def _acquire_overflow(self, key, now_ms, estimated_ms):
        if len(self._overflow) >= self.max_overflow:
            self._stats["refused"] += 1
            return "refused", None, None
        self._stats["overflow"] += 1
        voice = Overflow(key, now_ms, None if estimated_ms is None else int(estimated_ms))
        self._overflow.append(voice)
        return "overflow", voice, None

    def bind(self, slot, voice_id):
        """Record the engine voice playing in ``slot`` (from :meth:`acquire`)."""
        slot.voice_id = voice_id
        self._by_voice[voice_id] = slot

    def release(self, voice_id):
        """The voice ended: its slot becomes idle (an overflow voice is forgotten)."""
        slot = self._by_voice.pop(voice_id, None)
        if slot is None:
            return False
        if isinstance(slot, Overflow):
            self._overflow.remove(slot)
            return True
        pool = self._keys.get(slot.key)
        if pool is not None and slot in pool.busy:
            pool.busy.remove(slot)
            slot.voice_id = None
            if len(pool.idle) + len(pool.busy) < pool.max:
                pool.idle.append(slot)
        return True

    def cancel(self, slot):
        """Give back a slot whose voice never started."""
        if isinstance(slot, Overflow):
            if slot in self._overflow:
                self._overflow.remove(slot)
            return
        pool = self._keys.get(slot.key)
        if pool is not None and slot in pool.busy:
            pool.busy.remove(slot)
            pool.idle.append(slot)

    def cleanup(self, now_ms):
        """Forget overflow voices past their estimate + 500 ms; returns their voice ids."""
        done = [v for v in self._overflow if v.should_cleanup(now_ms)]
        for voice in done:
            self._overflow.remove(voice)
            self._by_voice.pop(voice.voice_id, None)
        self._stats["cleaned"] += len(done)
        return [v.voice_id for v in done if v.voice_id is not None]

    def active(self, key=None):
        """Playing voices (of ``key``, or all), overflow included."""
        keys = self._keys.values() if key is None else [self._keys[key]] if key in self._keys else []
        overflow = sum(1 for v in self._overflow if key is None or v.key == key)
        return sum(len(p.busy) for p in keys) + overflow

    def limits(self, key):
        pool = self._pool(key)
        return {"min": pool.min, "max": pool.max, "steal": pool.steal}

    def stats(self):
        """acquires, hits (reused), misses (new), steals, overflow, cleaned, refused,
        overflow_active and active."""
        return {**self._stats, "overflow_active": len(self._overflow), "active": self.active()}
