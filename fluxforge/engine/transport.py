"""The transport of the engine: play, stop, seek, the loop and reset.

:class:`Transport` is the part of :class:`fluxforge.engine.Engine` that moves
it; its methods are the engine's (the engine reads ``playing``, ``position``
and ``frame_clock`` straight from the compiled core). Play and stop are
atomic stores (:data:`fluxforge.engine.params.MASTER` ``play``), a seek is a
request the render takes at its next block, and the loop and reset travel
through the command ring.
"""
from fluxforge.engine.params import MASTER
from fluxforge.engine.types import check_frame

PLAY = MASTER["play"].c_index


class Transport:
    """Transport controls.

    Parameters
    ----------
    core : fluxforge._engine.EngineCore
        For seeks.
    params : fluxforge._engine.ParamStore
        For the play flag.
    ring, send, lock
        The engine's command ring, its sender's ``send(push, *args)``
        (:mod:`fluxforge.engine.commands`) and the lock of its Python-side records.

    Example
    -------
    >>> engine.set_loop(0, 4800); engine.play(); engine.seek(100)
    >>> engine.loop, engine.playing, engine.position
    ((0, 4800), True, 100)
    """

    def __init__(self, core, params, ring, send, lock):
        self._seek = core.seek
        self._params, self._ring, self._send = params, ring, send
        self._lock = lock
        self._loop = None

    def play(self):
        """Start the transport: tracks play from ``position`` at the next block.

        The start is immediate (at full level); :meth:`stop` fades out.
        """
        self._params.set_global(PLAY, 1)

    def stop(self):
        """Stop the transport without a click: the tracks fade out over one ramp (the
        transport runs on through it), then it rests where stop was asked, which is
        also the ``position`` reported at once. play() during the fade cancels it.
        Voices keep playing; stopped meters fall -60 dB in 300 ms.
        """
        self._params.set_global(PLAY, 0)

    def seek(self, frame):
        """Move the transport to ``frame`` (an int >= 0); ``position`` reports it at once.

        At rest the jump is immediate. While playing it does not click: the
        tracks fade out over one ramp, jump, and fade back in.
        """
        self._seek(check_frame(frame, "frame"))

    def set_loop(self, start, end):
        """Loop the transport over frames [start, end) (0 <= start < end).

        Playback wraps to ``start`` when it reaches ``end`` from inside the
        range; a position beyond ``end`` plays on.
        """
        start, end = check_frame(start, "start"), check_frame(end, "end")
        if start >= end:
            raise ValueError(f"loop start must be before its end, got [{start}, {end})")
        with self._lock:
            self._send(self._ring.loop, True, start, end)
            self._loop = (start, end)

    def clear_loop(self):
        with self._lock:
            self._send(self._ring.loop, False, 0, 0)
            self._loop = None

    @property
    def loop(self):
        """(start, end) of the loop, or None."""
        return self._loop

    def reset(self):
        """Clear the engine's memories: end every voice, zero EQ filter state, meters and
        the DC blocker, start a new loudness measurement. Tracks, settings, loop and
        position stay.

        Example
        -------
        >>> engine.reset()
        """
        self._send(self._ring.reset)
