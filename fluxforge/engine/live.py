"""The engine's live output: the one stream that may call its render.

:class:`LiveOutput` is the part of :class:`fluxforge.engine.Engine` that holds
its :class:`~fluxforge.engine.stream.EngineStream` (``fluxforge.engine.stream``
is imported only when a stream is started). Two streams must never render one
engine at once: after ``close()`` a stream PortAudio has not let go of yet
blocks a new start. While ``streaming`` is True the audio thread renders, so
commands are left for it to apply (:mod:`fluxforge.engine.commands`) and
offline renders are refused.

Example
-------
>>> import threading
>>> live = LiveOutput(threading.Lock())
>>> live.streaming, live.device_name
(False, None)
"""


class LiveOutput:
    """The live stream of one engine, if any.

    Parameters
    ----------
    render_lock : threading.Lock
        The engine's render lock: a stream starts under it, so no offline
        render or in-place apply runs at that moment.
    """

    def __init__(self, render_lock):
        self._render_lock = render_lock
        self.stream = None          # the EngineStream, kept until PortAudio has let go of it
        self._closed = False

    @property
    def streaming(self):
        """True while a live stream may call the render."""
        stream = self.stream
        return stream is not None and stream.rendering

    @property
    def device_name(self):
        return self.stream.device.name if self.stream is not None else None

    def start(self, engine, device=None, latency=None):
        """Start (building on first use) a stream rendering ``engine``; see ``Engine.start``."""
        from fluxforge.engine.stream import EngineStream
        with self._render_lock:
            if self.stream is not None and self._closed:
                if self.stream.rendering:
                    raise RuntimeError("the previous stream is still closing; try again")
                self.stream = None
            if self.stream is None:
                self.stream = EngineStream(engine, device=device, latency=latency)
                self._closed = False
            self.stream.start()

    def stop_stream(self):
        """Stop live output (the transport is ``Engine.stop``); it can be started again."""
        if self.stream is not None:
            self.stream.stop()

    def close(self):
        """Stop and close live output (a later start builds a new stream); the engine
        still renders offline."""
        stream = self.stream
        if stream is not None:
            stream.close()
            self._closed = True
            if not stream.rendering:
                self.stream = None

    def stats(self):
        """The stream's statistics, prefixed ``stream_`` (empty without a stream)."""
        stream = self.stream
        if stream is None:
            return {}
        return {f"stream_{k}": v for k, v in stream.stats().items()}
