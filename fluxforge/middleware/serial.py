"""One lock per middleware: the engine reports ended voices from its housekeeping thread.

While a live stream runs, ``Engine.service()`` runs on the stream's housekeeping
thread and calls the middleware's voice-ended handler there, while the game
thread posts and stops events. Every method that changes the voice bookkeeping
holds the middleware's re-entrant lock (``self._lock``), so the two never
interleave. The lock is never held while waiting for the engine's event ring.
"""
import functools


def serialised(method):
    """Run ``method`` holding ``self._lock``."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)
    return run
