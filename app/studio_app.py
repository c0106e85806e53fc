"""The Kivy App: window, mixer model, surface, optional timed screenshot."""
import gc

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window

from fluxforge.cache.location import pyramid_cache_dir
from fluxforge.waveform.pyramid_cache import WaveCacheManager

from .mixer_model import MixerModel
from .mw_link import clocked_middleware, start_music
from .screenshot import save_screenshot
from .session_open import save_mix
from .widgets.surface import MixerSurface


#: longest a timed run waits for the overview waveforms before quitting
OVERVIEW_WAIT_S = 30.0
#: memory for the waveform pyramids the strips are drawn from
PYRAMID_MEMORY_BYTES = 64 * 1024**2


class StudioApp(App):
    """FluxForge Studio: one mixer surface over one opened session.

    Parameters
    ----------
    opened : app.session_open.OpenedSession
        The engine, title, strip colours and session file.
    link : app.audio_link.AudioLink
        Live device or offline clock.
    seconds : float or None
        Quit after this long (headless runs, demos); None runs until closed.
    screenshot : path or None
        Written just before quitting (needs ``seconds``).
    freeze_gc : bool
        After building, move every object alive into the collector's
        permanent generation (``gc.freeze``): the surface lives as long as
        the app, so later collections skip it (shorter pauses while mixing).

    Example (what ``fluxforge-studio`` runs; it takes over the event loop)::

        StudioApp(opened=open_session(), link=start_audio(opened.engine)).run()
    """

    def __init__(self, opened, link, seconds=None, screenshot=None, freeze_gc=True, **kwargs):
        super().__init__(**kwargs)
        self.freeze_gc = freeze_gc
        self.opened = opened
        self.link = link
        self.title = f"FluxForge Studio - {opened.title}"
        self.seconds = seconds
        self.screenshot_path = screenshot
        self.written_screenshot = None
        self.model = None
        self.mw = None
        self.pyramids = None
        self.overview_loader = None

    def build(self):
        self.model = MixerModel(self.opened.engine, offline=not self.link.live,
                                colors=self.opened.colors)
        session = self.opened.session
        self.mw = clocked_middleware(self.opened.engine, session.folder if session else None, Clock)
        surface = MixerSurface(self.model, status_text=self.link.status, mw=self.mw)
        surface.transport.bind(on_save=self._save)
        if self.freeze_gc:
            gc.collect()
            gc.freeze()
        return surface

    def _save(self, transport):
        self.model.send_edits()
        try:
            written = save_mix(self.opened)
        except (OSError, ValueError) as exc:  # read-only folder, invalid values
            transport.status_text = f"Not saved: {exc}"
            return
        transport.status_text = f"Saved {written.name}"

    def on_start(self):
        Window.bind(on_key_down=self._on_key_down)
        self.pyramids = WaveCacheManager(pyramid_cache_dir(), PYRAMID_MEMORY_BYTES)
        self.overview_loader = self.model.load_overviews(self.pyramids)
        self.model.start()
        self.model.play()
        start_music(self.mw)
        if self.seconds is not None:
            Clock.schedule_once(self._finish, self.seconds)

    def _finish(self, _dt):
        # a timed run shows the waveforms: let the loader finish, then give
        # its scheduled updates a frame before the screenshot
        self.overview_loader.join(OVERVIEW_WAIT_S)
        Clock.schedule_once(self._shoot_and_stop, 0.05)

    def _shoot_and_stop(self, _dt):
        if self.screenshot_path is not None:
            self.written_screenshot = save_screenshot(self.root, self.screenshot_path)
        self.stop()

    def _on_key_down(self, _window, key, _scancode, codepoint, modifiers):
        if key == 32:  # space bar: play / stop, as in every DAW
            self.model.toggle_play()
            return True
        if codepoint == "s" and ("ctrl" in modifiers or "meta" in modifiers):
            self._save(self.root.transport)
            return True
        return False

    def on_stop(self):
        Window.unbind(on_key_down=self._on_key_down)
        if self.mw is not None:
            self.mw.dispose()
        if self.model is not None:
            self.model.shutdown()
            self.model.stop()
        if self.pyramids is not None:
            self.pyramids.close()          # ends the builds (a loader still running logs it)
