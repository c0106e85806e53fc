"""A screenshot of the mixer with 16 tracks whose pixels show meters moving.

The PNGs are kept in ``build/ui-screenshots/`` for a human to look at.
"""
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.gui
SHOT_DIR = Path(__file__).resolve().parents[1] / "build" / "ui-screenshots"
FRAME_S = 1 / 60


def meter_pixels(image, window_height, meter):
    """The RGB pixels of ``meter`` in a screenshot (window coords, y up)."""
    x0, y0 = meter.to_window(meter.x, meter.y)
    x1, y1 = meter.to_window(meter.right, meter.top)
    rows = slice(int(window_height - y1) + 1, int(window_height - y0) - 1)
    return image[rows, int(x0) + 1:int(x1) - 1, :3].astype(int)


def lit(pixels):
    """Pixels of the meter gradient (clearly green, yellow or red, not grey)."""
    spread = pixels.max(axis=2) - pixels.min(axis=2)
    return (spread > 60) & (pixels.max(axis=2) > 120)


def test_screenshot_of_16_tracks_shows_meters_moving(kivy_ui, ui_engine_factory, tmp_path):
    from PIL import Image

    from fluxforge.waveform.pyramid_cache import WaveCacheManager

    from app.mixer_model import MixerModel
    from app.widgets.surface import MixerSurface
    engine = ui_engine_factory(16, seconds=4.0)
    model = MixerModel(engine, offline=True)
    surface = kivy_ui.mount(MixerSurface(model, status_text="Offline clock (test)"))
    model.tracks[4].solo = True
    model.tracks[4].solo = False
    model.tracks[6].muted = True
    model.tracks[2].volume_db = -12.0
    pyramids = WaveCacheManager(tmp_path / "pyramids")
    loader = model.load_overviews(pyramids)
    assert loader.join(30.0) and not loader.failures
    pyramids.close()
    model.play()
    shots = []
    for name, frames in (("mixer-16-tracks-a", 12), ("mixer-16-tracks-b", 9)):
        for _ in range(frames):
            model.frame(FRAME_S)
            kivy_ui.frames(1)
        path = kivy_ui.screenshot(SHOT_DIR / f"{name}.png")
        shots.append(np.asarray(Image.open(path).convert("RGB")))
    first, second = shots
    height = first.shape[0]
    assert first.shape[:2] == (kivy_ui.window.height, kivy_ui.window.width)
    visible = surface.row.visible_strips
    assert len(visible) >= 8
    lit_a, lit_b, changed = [], [], []
    for strip in visible[:8]:
        a = meter_pixels(first, height, strip.meter)
        b = meter_pixels(second, height, strip.meter)
        lit_a.append(lit(a).sum())
        lit_b.append(lit(b).sum())
        changed.append((np.abs(a - b).sum(axis=2) > 30).sum())
    playing = [i for i in range(8) if i != 6]
    # meters of playing tracks are lit in both shots and moved between them
    assert all(lit_a[i] > 50 and lit_b[i] > 50 for i in playing), (lit_a, lit_b)
    assert sum(changed[i] > 0 for i in playing) >= 5, changed
    # the muted track's meter is dark (metered after mute: silent)
    assert lit_b[6] < min(lit_b[i] for i in playing)
    master = meter_pixels(second, height, surface.master_strip.meter)
    assert lit(master).sum() > 50
    # the overview waveforms are drawn in each strip's colour
    for strip in visible[:8]:
        assert strip.model.overview is not None and strip.model.overview.shape[1] == 2
        wave = meter_pixels(second, height, strip.ids.waveform)
        color = np.array(strip.model.color[:3]) * 255
        assert (np.abs(wave - color).sum(axis=2) < 40).sum() > 100
