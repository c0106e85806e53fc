"""Sending structural commands to the render.

Adding and removing tracks, EQ coefficients, routing, the loop, voices,
ducking rules and reset travel as messages on the engine's lock-free command
ring (``fluxforge._engine.CommandRing``), which the render drains at the start
of each block. Without a live stream nothing else can be rendering, so a
command is applied as soon as it is pushed: the engine behaves the same
whether or not one ``render()`` call happens between two edits. A full ring
(the audio thread is not draining it) makes the sender wait, up to
:data:`RING_FULL_TIMEOUT_S`.

Example
-------
>>> import threading
>>> from fluxforge._engine import CommandRing, EngineCore
>>> from fluxforge.engine.live import LiveOutput
>>> ring, render_lock = CommandRing(EngineCore(48000, 256, 4)), threading.Lock()
>>> sender = CommandSender(ring, render_lock, LiveOutput(render_lock))
>>> sender.send(ring.loop, True, 0, 4800)
>>> sender.waits
0
"""
import time

RING_FULL_TIMEOUT_S = 2.0


class CommandSender:
    """Pushes commands for one engine; applies them at once when no stream renders.

    Parameters
    ----------
    ring : fluxforge._engine.CommandRing
    render_lock : threading.Lock
        Held by every offline render and in-place apply (one at a time).
    live : fluxforge.engine.live.LiveOutput
        Its ``streaming`` is True while a live stream may call the render.
    """

    def __init__(self, ring, render_lock, live):
        self._apply = ring.apply
        self._render_lock = render_lock
        self._live = live
        #: times a command found the ring full and waited
        self.waits = 0

    def send(self, push, *args):
        """Call ``push(*args)`` (a ``CommandRing`` method) until the ring takes it."""
        deadline = time.monotonic() + RING_FULL_TIMEOUT_S
        while True:
            with self._render_lock:
                pushed = push(*args)
                if not self._live.streaming:
                    self._apply()
            if pushed:
                return
            self.waits += 1
            if time.monotonic() > deadline:
                raise RuntimeError("the engine's command ring is full: the audio thread "
                                   "is not draining it")
            time.sleep(0.001)
