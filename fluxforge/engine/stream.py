"""Live output: the engine's C render driven by a PortAudio stream, GIL-free.

The stream's callback is C (``fluxforge._stream``, the python-rtmixer
technique): sounddevice gets the address of a ``PaStreamCallback`` and a
userdata pointer, so the audio thread never takes the GIL and never allocates.
A housekeeping thread calls ``engine.service()`` while the stream runs (it
drains the audio thread's request ring) and watches the stream's health.

Failure handling:
- no device -> :class:`~fluxforge.engine.devices.NoAudioDeviceError`; opening fails ->
  :class:`StreamError`. Offline rendering is unaffected either way.
- the device disappears (e.g. the JACK server exits) or the stream stops
  calling back -> the stream is stopped, ``error`` says why, and it is logged.
  PortAudio's close is run on a helper thread with a time limit: with JACK a
  lost server makes ``Pa_StopStream`` wait for ten minutes, so the stream is
  left to close in the background, never blocking the caller. The callback
  state (and the engine) stay alive until PortAudio has really let go of them;
  ``rendering`` turns false (offline rendering works again) as soon as
  PortAudio reports the stream inactive and no callback is in flight.
"""
import atexit
import logging
import threading
import time

from fluxforge._stream import CallbackState, callback_address
from fluxforge.engine.devices import ENGINE_CHANNELS, _sounddevice, choose_output_device

logger = logging.getLogger(__name__)

CLOSE_TIMEOUT_S = 2.0
_closing = set()   # _RetiredStream objects whose PortAudio close has not finished
_closing_lock = threading.Lock()


class StreamError(RuntimeError):
    """The output stream could not be opened or started (device busy, wrong rate, ...)."""


class EngineStream:
    """A PortAudio output stream whose callback is the engine's C render.

    Parameters
    ----------
    engine : Engine
        Anything with ``samplerate``, ``_render_entry() -> (fn_address,
        state_address)`` and ``service()``.
    device : None, int or str
        See :func:`fluxforge.engine.devices.choose_output_device` (None prefers JACK).
    latency : None, float or {'low', 'high'}
        Suggested output latency in seconds; None means ``'low'``.
    blocksize : int
        Frames per callback; 0 (default) lets the host choose (JACK: its period).
    service_interval_s : float
        How often the housekeeping thread calls ``engine.service()``.
    stall_timeout_s : float
        A running stream with no callback for this long is declared lost.

    Examples
    --------
    >>> with EngineStream(engine) as stream:
    ...     time.sleep(1.0)
    ...     stream.stats()["callbacks"] > 0
    True
    """

    def __init__(self, engine, device=None, latency=None, blocksize=0,
                 service_interval_s=0.01, stall_timeout_s=2.0):
        for attribute in ("samplerate", "_render_entry", "service"):
            if not hasattr(engine, attribute):
                raise TypeError(f"engine must provide {attribute!r}; got {type(engine).__name__}")
        if latency is None:
            latency = "low"
        if not (latency in ("low", "high") or (isinstance(latency, (int, float))
                                                and not isinstance(latency, bool)
                                                and 0 <= latency <= 10)):
            raise ValueError(f"latency must be None, 'low', 'high' or seconds in [0, 10], "
                             f"got {latency!r}")
        if isinstance(blocksize, bool) or not isinstance(blocksize, int):
            raise TypeError(f"blocksize must be an int, got {type(blocksize).__name__}")
        if not 0 <= blocksize <= 65536:
            raise ValueError(f"blocksize must be in [0, 65536] frames, got {blocksize}")
        for name, value in (("service_interval_s", service_interval_s),
                            ("stall_timeout_s", stall_timeout_s)):
            if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0 < value <= 60):
                raise ValueError(f"{name} must be seconds in (0, 60], got {value!r}")
        self._engine = engine
        self.device = choose_output_device(device)
        self.latency = latency
        self.blocksize = blocksize
        self._service_interval_s = float(service_interval_s)
        self._stall_timeout_s = float(stall_timeout_s)
        self._lock = threading.Lock()
        self._stream = None
        self._state = None
        self._worker = None
        self._finished = threading.Event()
        self._halt_requested = threading.Event()
        self._retired = None
        self._started_at = None
        self._closed = False
        self.error = None
        self.service_errors = 0

    # -- life cycle ---------------------------------------------------------
    def start(self):
        """Open the stream on the device and start calling the render (no-op if running)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this EngineStream is closed")
            if self._stream is not None:
                return
            if self._retired is not None and self._retired.may_render():
                raise StreamError("the previous stream on this engine is still being closed "
                                  "by PortAudio; it may still call the render")
            fn_address, state_address = self._engine._render_entry()
            state = CallbackState(fn_address, state_address, self._engine.samplerate,
                                  ENGINE_CHANNELS)
            stream = self._open(state)
            self._finished.clear()
            self._halt_requested.clear()
            # `rendering` must be true before the first callback can run.
            self._stream, self._state, self.error = stream, state, None
            self._started_at = time.monotonic()
            try:
                stream.start()
            except Exception as exc:
                self._stream = None
                stream.close(ignore_errors=True)
                raise StreamError(f"cannot start output on {self.device.name!r}: {exc}") from exc
            self._worker = threading.Thread(target=self._housekeeping, daemon=True,
                                            name="fluxforge-stream-housekeeping")
            self._worker.start()

    def stop(self):
        """Stop calling the render and close the PortAudio stream (no-op if stopped)."""
        self._halt(None)

    def close(self):
        """Stop, and refuse further starts."""
        self.stop()
        self._closed = True

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.close()

    @property
    def active(self):
        """True while the stream is running normally."""
        return self._stream is not None

    @property
    def rendering(self):
        """True while PortAudio may still call the render (running, or still closing)."""
        retired = self._retired
        return self._stream is not None or (retired is not None and retired.may_render())

    @property
    def closing(self):
        """True while PortAudio is still closing a stopped stream (see ``rendering``)."""
        retired = self._retired
        return retired is not None and retired.closing

    def stats(self):
        """Callback statistics of the current (or last) stream, plus stream facts.

        Keys: see :meth:`fluxforge._stream.CallbackState.stats`, plus
        ``active``, ``device``, ``host_api``, ``samplerate_hz``,
        ``output_latency_s``, ``error`` (why the stream stopped by itself,
        else None) and ``service_errors``.
        """
        state, stream = self._state, self._stream
        result = state.stats() if state is not None else {}
        result.update(
            active=stream is not None, device=self.device.name, host_api=self.device.host_api,
            samplerate_hz=float(self._engine.samplerate),
            output_latency_s=float(stream.latency) if stream is not None else None,
            error=self.error, service_errors=self.service_errors)
        return result

    def reset_peaks(self):
        """Restart the worst-gap and max-render-time measurements."""
        if self._state is not None:
            self._state.reset_peaks()

    # -- internals ----------------------------------------------------------
    def _open(self, state):
        sd = _sounddevice()
        _register_exit_guard()
        ffi = sd._ffi
        try:
            return sd._StreamBase(
                kind="output", samplerate=self._engine.samplerate, blocksize=self.blocksize,
                device=self.device.index, channels=ENGINE_CHANNELS, dtype="float32",
                latency=self.latency, callback=ffi.cast("PaStreamCallback*", callback_address()),
                userdata=ffi.cast("void*", state.address), wrap_callback=None,
                finished_callback=self._finished.set)
        except (sd.PortAudioError, ValueError) as exc:
            raise StreamError(f"cannot open output on {self.device.name!r} "
                              f"({self.device.host_api}) at {self._engine.samplerate} Hz: "
                              f"{exc}") from exc

    def _housekeeping(self):
        while not self._halt_requested.wait(self._service_interval_s):
            try:
                self._engine.service()
            except Exception:
                self.service_errors += 1
                if self.service_errors == 1:
                    logger.exception("engine.service() failed (further failures only counted)")
            problem = self._health_problem()
            if problem is not None:
                logger.error("audio output stopped: %s", problem)
                self._halt(problem)
                return

    def _health_problem(self):
        stream, state = self._stream, self._state
        if stream is None or self._halt_requested.is_set():
            return None
        if self._finished.is_set() or not stream.active:
            return (f"the output device {self.device.name!r} ({self.device.host_api}) "
                    "stopped the stream (device lost or stream error)")
        since = state.stats()["since_last_callback_s"]
        if since is None:                      # no callback yet: count from the start
            since = time.monotonic() - self._started_at
        if since > self._stall_timeout_s:
            return (f"no audio callback from {self.device.name!r} for {since:.1f} s "
                    "(device stalled or lost)")
        return None

    def _halt(self, problem):
        with self._lock:
            stream, state, worker = self._stream, self._state, self._worker
            if stream is None:
                retired = self._retired
                if retired is not None and threading.current_thread() is not retired.thread:
                    retired.wait(CLOSE_TIMEOUT_S)   # stopped by the housekeeping thread
                return
            if problem is None:
                problem = self._health_problem()
            self._halt_requested.set()
            if problem is not None:
                self.error = problem
            # `rendering` stays true throughout: the close thread exists before _stream clears.
            self._retired = _RetiredStream(stream, state, self._engine, abort=problem is not None)
            self._stream = self._worker = None
        if worker is not None and worker is not threading.current_thread():
            worker.join()
        if not self._retired.wait(CLOSE_TIMEOUT_S):
            self.error = self.error or "PortAudio did not stop the stream in time"
            logger.error("PortAudio did not stop the output stream within %.0f s; it is "
                         "left to close in the background", CLOSE_TIMEOUT_S)


class _RetiredStream:
    """A PortAudio stream being stopped (or aborted) and closed on a helper thread.

    ``keepalive`` (the callback state and the engine) stays referenced until
    PortAudio has closed the stream, so nothing the callback reads is freed
    early. :meth:`may_render` tells whether PortAudio could still call the
    render: not once it reports the stream inactive and the last callback is
    long over (a JACK server that exited leaves ``Pa_AbortStream`` waiting for
    ten minutes, but calls nothing any more).
    """

    QUIET_S = 0.1

    def __init__(self, stream, state, keepalive, abort):
        self._stream, self._state = stream, state
        self._pa_lock = threading.Lock()      # held while PortAudio frees the stream
        self._closed = False
        self._thread = threading.Thread(target=self._run, args=(abort, keepalive),
                                        daemon=True, name="fluxforge-stream-close")
        with _closing_lock:
            _closing.add(self)
        self._thread.start()

    def _run(self, abort, _keepalive):
        try:
            if abort:
                self._stream.abort(ignore_errors=True)
            else:
                self._stream.stop(ignore_errors=True)
            with self._pa_lock:
                self._stream.close(ignore_errors=True)
                self._closed = True
        finally:
            with _closing_lock:
                _closing.discard(self)

    @property
    def thread(self):
        return self._thread

    @property
    def closing(self):
        return self._thread.is_alive()

    def wait(self, timeout_s):
        """Wait until PortAudio has closed the stream or can no longer call the render.

        Returns True if so within ``timeout_s``.
        """
        deadline = time.monotonic() + timeout_s
        while self.may_render():
            if time.monotonic() >= deadline:
                return False
            self._thread.join(0.01)
        return True

    def may_render(self):
        if not self._thread.is_alive():
            return False
        if not self._pa_lock.acquire(blocking=False):
            return True                        # PortAudio is freeing it right now
        try:
            if self._closed:
                return False
            since = self._state.stats()["since_last_callback_s"]
            quiet = since is None or since > self.QUIET_S
            return bool(self._stream.active) or not quiet
        finally:
            self._pa_lock.release()


_exit_guard_registered = False


def _register_exit_guard():
    """Register the exit guard once, after sounddevice registered its own handler.

    atexit runs handlers last-in first-out, so registering here (sounddevice is
    imported by then) makes the guard run before sounddevice's Pa_Terminate.
    """
    global _exit_guard_registered
    if not _exit_guard_registered:
        atexit.register(_skip_portaudio_terminate_if_stuck)
        _exit_guard_registered = True


def _skip_portaudio_terminate_if_stuck():
    """At exit, do not let sounddevice call Pa_Terminate on a stream PortAudio cannot close.

    Runs before sounddevice's own exit handler (see _register_exit_guard). Pa_Terminate
    would abort the stuck stream again and wait for ten minutes; the process is
    ending, so the operating system reclaims everything anyway.
    """
    with _closing_lock:
        stuck = [retired for retired in _closing if retired.closing]
    if stuck:
        sd = _sounddevice()
        logger.warning("%d output stream(s) still closing at exit: skipping Pa_Terminate",
                       len(stuck))
        sd._last_callback = None
        sd._initialized = 0
