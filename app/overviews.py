"""Overview waveforms for the strips, computed off the UI thread.

Every overview comes from the waveform cache service
(:class:`fluxforge.waveform.overview_service.WaveformCacheService`): for a track made
from a file, ``service.minmax(path)`` (memory, then the disk cache, then a
build - instant on the next start); for a track made from an array, the
engine's decoded clip through ``service.minmax_of_array`` (memory only). The
results (at most 2048 min/max pairs) are handed to the UI thread with
``Clock.schedule_once`` and set on ``StripModel.overview``; a strip whose
overview cannot be made keeps drawing nothing.
"""
import threading
import uuid

from kivy.clock import Clock
from kivy.logger import Logger


class OverviewLoader:
    """Fill ``strip.overview`` for ``strips`` in a background thread.

    Parameters
    ----------
    engine : fluxforge.Engine
    strips : list of StripModel
        Track strips (``ident`` is the engine track id).
    service : WaveformCacheService

    Example
    -------
    >>> from fluxforge.waveform.overview_service import WaveformCacheService
    >>> service = WaveformCacheService("waveforms")
    >>> loader = OverviewLoader(engine, mixer.tracks, service).start()
    >>> loader.join(5.0)
    True
    """

    def __init__(self, engine, strips, service):
        for method in ("minmax", "minmax_of_array"):
            if not callable(getattr(service, method, None)):
                raise TypeError(f"service must be a WaveformCacheService (no {method}()), "
                                f"got {type(service).__name__}")
        self.engine = engine
        self.strips = list(strips)
        self.service = service
        self.failures = []
        # array overviews are cached by key: one key space per loader, so a
        # later engine's track 1 never gets this engine's track 1 picture
        self._array_key = uuid.uuid4().hex
        self._thread = threading.Thread(target=self._run, name="fluxforge-overviews", daemon=True)

    def start(self):
        """Start the background thread; returns self."""
        self._thread.start()
        return self

    def join(self, timeout_s=None):
        """Wait for the thread; True when it has finished."""
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _overview(self, strip):
        path = self.engine.track(strip.ident).path
        if path:
            return self.service.minmax(path)
        key = f"{self._array_key}:{strip.ident}"
        return self.service.minmax_of_array(key, self.engine.clip_data(strip.ident))

    def _run(self):
        for strip in self.strips:
            try:
                overview = self._overview(strip)
            except (OSError, ValueError, KeyError, RuntimeError) as exc:  # unreadable, removed
                self.failures.append((strip.name, str(exc)))
                Logger.warning(f"Overviews: no waveform for {strip.name!r}: {exc}")
                continue
            Clock.schedule_once(lambda _dt, s=strip, o=overview: setattr(s, "overview", o))
