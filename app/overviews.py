"""Overview waveforms for the strips, from the waveform pyramids, off the UI thread.

Every strip's waveform is the whole-clip overview of its min/max pyramid
(:meth:`fluxforge.waveform.pyramid.WavePyramid.overview`, at most 2048 rows),
taken from a :class:`fluxforge.waveform.pyramid_cache.WaveCacheManager`: for a
track made from a file, ``pyramids.pyramid(path)`` (memory, then the ``.wfp``
file in the cache folder - written by ``fluxforge analyze`` or an earlier run,
so it opens without decoding - then a build that writes that file); for a
track made from an array, the engine's decoded clip through
``pyramids.pyramid_of_array`` (memory only). The results are handed to the UI
thread with ``Clock.schedule_once`` and set on ``StripModel.overview``; a
strip whose overview cannot be made keeps drawing nothing.
"""
import threading
import uuid

from kivy.clock import Clock
from kivy.logger import Logger

from fluxforge.waveform.reduce import OVERVIEW_POINTS


class OverviewLoader:
    """Fill ``strip.overview`` for ``strips`` in a background thread.

    Parameters
    ----------
    engine : fluxforge.Engine
    strips : list of StripModel
        Track strips (``ident`` is the engine track id).
    pyramids : WaveCacheManager

    Example
    -------
    >>> from fluxforge.waveform.pyramid_cache import WaveCacheManager
    >>> pyramids = WaveCacheManager("pyramids")
    >>> loader = OverviewLoader(engine, mixer.tracks, pyramids).start()
    >>> loader.join(5.0)
    True
    """

    def __init__(self, engine, strips, pyramids):
        for method in ("pyramid", "pyramid_of_array"):
            if not callable(getattr(pyramids, method, None)):
                raise TypeError(f"pyramids must be a WaveCacheManager (no {method}()), "
                                f"got {type(pyramids).__name__}")
        self.engine = engine
        self.strips = list(strips)
        self.pyramids = pyramids
        self.failures = []
        # array pyramids are cached by key: one key space per loader, so a
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
            pyramid = self.pyramids.pyramid(path)
        else:
            pyramid = self.pyramids.pyramid_of_array(f"{self._array_key}:{strip.ident}",
                                                     self.engine.clip_data(strip.ident),
                                                     self.engine.samplerate)
        return pyramid.overview(OVERVIEW_POINTS)

    def _run(self):
        for strip in self.strips:
            try:
                overview = self._overview(strip)
            except (OSError, ValueError, KeyError, RuntimeError) as exc:  # unreadable, removed
                self.failures.append((strip.name, str(exc)))
                Logger.warning(f"Overviews: no waveform for {strip.name!r}: {exc}")
                continue
            Clock.schedule_once(lambda _dt, s=strip, o=overview: setattr(s, "overview", o))
