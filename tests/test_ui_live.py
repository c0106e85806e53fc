"""The surface over a live engine (JACK dummy device): the audio thread
moves the transport and the meters; UI edits reach the running engine."""
import time

import pytest

from app.meter_state import PEAK_L
from app.taper import db_to_volume

pytestmark = [pytest.mark.jack, pytest.mark.gui]


def test_meters_and_edits_while_streaming(kivy_ui, ui_engine_factory, jack_server, jack_device):
    from app.mixer_model import MixerModel
    from app.widgets.surface import MixerSurface
    engine = ui_engine_factory(8, seconds=4.0)
    engine.start(device=jack_device)
    try:
        model = MixerModel(engine, offline=False)
        surface = kivy_ui.mount(MixerSurface(model, status_text="Audio: JACK dummy"))
        surface.track_strips[3].model.volume_db = -9.0
        model.frame(1 / 60)  # the edit reaches the engine before the transport starts
        model.play()

        def run_for(seconds):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                model.frame(1 / 60)
                kivy_ui.frames(1)
                time.sleep(0.01)

        run_for(0.3)
        assert model.offline_clock is None
        peaks = model.meters.levels[PEAK_L, :8].copy()
        assert (peaks > 0.02).all()
        # a track muted while it plays is still metered: its meter falls
        # (it neither freezes nor jumps to zero)
        surface.track_strips[5].model.muted = True
        muted_peaks = []
        for _ in range(2):
            run_for(0.3)
            muted_peaks.append(model.meters.levels[PEAK_L, 5])
        assert 0 < muted_peaks[1] < muted_peaks[0]
        assert model.position_frames > 0.5 * 48000  # moved by the audio thread
        info = engine.track(surface.track_strips[3].model.ident)
        assert info.volume == pytest.approx(db_to_volume(-9.0))
    finally:
        engine.stop_stream()
