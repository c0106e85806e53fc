"""Overview waveforms for the strips, computed off the UI thread.

For every track the loader asks the waveform cache service for the file's
overview when the track came from a file and a service is given (disk
cache: instant on the next start), else reduces the engine's decoded clip
with :func:`fluxforge.waveform_reduce.peak_overview` (at most 2048 min/max
pairs, GIL released). Results are handed to the UI thread with
``Clock.schedule_once`` and set on each ``StripModel.overview``; a strip
whose overview cannot be made keeps drawing nothing.
"""
import threading

from kivy.clock import Clock
from kivy.logger import Logger


class OverviewLoader:
    """Fill ``strip.overview`` for ``strips`` in a background thread.

    Parameters
    ----------
    engine : fluxforge.Engine
    strips : list of StripModel
        Track strips (``ident`` is the engine track id).
    service : WaveformCacheService or None
        Used for file-backed tracks when given.

    Example
    -------
    >>> loader = OverviewLoader(engine, model.tracks).start()  # doctest: +SKIP
    >>> loader.join(5.0)  # doctest: +SKIP
    """

    def __init__(self, engine, strips, service=None):
        self.engine = engine
        self.strips = list(strips)
        self.service = service
        self.failures = []
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
        from fluxforge.waveform_reduce import peak_overview
        path = self.engine.track(strip.ident).path
        if path and self.service is not None:
            return self.service.minmax(path)
        _peaks, minmax = peak_overview(self.engine.clip_data(strip.ident))
        return minmax

    def _run(self):
        for strip in self.strips:
            try:
                overview = self._overview(strip)
            except (OSError, ValueError, KeyError) as exc:  # unreadable file, removed track
                self.failures.append((strip.name, str(exc)))
                Logger.warning(f"Overviews: no waveform for {strip.name!r}: {exc}")
                continue
            Clock.schedule_once(lambda _dt, s=strip, o=overview: setattr(s, "overview", o))
