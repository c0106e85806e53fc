"""Change notification: domain bits coalesced to at most one call per frame.

Every subsystem marks its domain bit when it changes. With a clock (Kivy's
``Clock``, or anything with ``schedule_once(fn, timeout)`` returning an event
with ``cancel()``), the first mark of a frame schedules one flush for the next
frame; further marks only OR their bit in. Without a clock, listeners are
called only from :meth:`ChangeNotifier.flush`. A flush calls each listener
once with the OR of the domains changed since the previous flush and records
that mask for :meth:`did_change`; no change, no call.

Example
-------
>>> n = ChangeNotifier()
>>> calls = []
>>> n.add_listener(calls.append); n.add_listener(calls.append)
>>> for _ in range(1000): n.mark(STATES); n.mark(RTPC)
>>> n.flush()
5
>>> calls
[5]
>>> n.did_change(RTPC), n.did_change(MUSIC)
(True, False)
"""
STATES = 1 << 0
SWITCHES = 1 << 1
RTPC = 1 << 2
DUCKING = 1 << 3
CONTAINERS = 1 << 4
EVENTS = 1 << 5
MUSIC = 1 << 6
VOICES = 1 << 7
ALL = 0xFFFF

DOMAINS = {"states": STATES, "switches": SWITCHES, "rtpc": RTPC, "ducking": DUCKING,
           "containers": CONTAINERS, "events": EVENTS, "music": MUSIC, "voices": VOICES}


class ChangeNotifier:
    """Pending/last change masks, deduplicated listeners and the frame flush."""

    def __init__(self, clock=None):
        self._clock = clock
        self._listeners = []
        self._pending = 0
        self._last = 0
        self._event = None
        self.notifications = 0      # listener rounds delivered (one per flush with changes)

    def mark(self, domain):
        """Record that ``domain`` (a bit or an OR of bits) changed."""
        self._pending |= domain
        if self._event is None and self._clock is not None:
            self._event = self._clock.schedule_once(self._on_clock, 0)

    def _on_clock(self, _dt=None):
        self._event = None
        self.flush()

    def flush(self):
        """Deliver pending changes now: each listener once with the mask; returns the mask."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
        mask, self._pending = self._pending, 0
        if not mask:
            return 0
        self._last = mask
        self.notifications += 1
        for listener in tuple(self._listeners):
            listener(mask)
        return mask

    def did_change(self, domain):
        """Whether ``domain`` was in the mask of the last delivered notification."""
        return bool(self._last & domain)

    @property
    def pending(self):
        """The OR of the domains changed since the last flush."""
        return self._pending

    def add_listener(self, listener):
        """Call ``listener(mask)`` on each notification; adding it again has no effect."""
        if not callable(listener):
            raise TypeError(f"listener must be callable, got {type(listener).__name__}")
        if listener not in self._listeners:
            self._listeners.append(listener)

    def remove_listener(self, listener):
        """Stop calling ``listener``; removing one never added has no effect."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def listener_count(self):
        return len(self._listeners)

    def dispose(self):
        """Cancel the scheduled flush and drop every listener and the clock."""
        if self._event is not None:
            self._event.cancel()
            self._event = None
        self._listeners.clear()
        self._clock = None
        self._pending = 0
