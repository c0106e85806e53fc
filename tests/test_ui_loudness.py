"""Live loudness on the touch surface, in an offscreen window with real touches."""
import numpy as np
import pytest

from app.loudness_state import NO_READING, TARGETS_LUFS, target_color

pytestmark = pytest.mark.gui
FRAME_S = 1 / 60


def mount_surface(kivy_ui, engine):
    from app.mixer_model import MixerModel
    from app.widgets.surface import MixerSurface
    model = MixerModel(engine, offline=True)
    surface = kivy_ui.mount(MixerSurface(model, status_text="Offline clock (test)"))
    return model, surface


def run_frames(kivy_ui, model, count, draw_every=10):
    """``count`` model frames (each renders 1/60 s offline); the window draws
    every ``draw_every`` of them and after the last (labels follow bindings)."""
    for i in range(count):
        model.frame(FRAME_S)
        if i % draw_every == draw_every - 1:
            kivy_ui.frames(1)
    kivy_ui.frames(1)


def tap(kivy_ui, widget):
    x, y = widget.to_window(widget.center_x, widget.center_y)
    kivy_ui.finger(x, y).tap()


def reading(label):
    """The number a readout shows ('M   -23.0' -> -23.0; a dash -> -inf)."""
    text = label.text.split()[-1]
    return -np.inf if text == NO_READING else float(text)


def section(surface):
    from app.widgets.loudness import LoudnessSection
    return next(c for c in surface.master_strip.children if isinstance(c, LoudnessSection))


def test_master_and_bus_readings_follow_the_engine(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(3)                    # tones with tremolo on the Music bus
    model, surface = mount_surface(kivy_ui, engine)
    model.play()
    run_frames(kivy_ui, model, 150)                  # 2.5 s of audio
    live = engine.loudness()
    ids = section(surface).ids
    for name, value in (("momentary", live.momentary_lufs), ("short_term", live.short_term_lufs),
                        ("integrated", live.integrated_lufs), ("true_peak", live.true_peak_dbtp)):
        assert np.isfinite(value)
        assert reading(ids[name]) == pytest.approx(value, abs=0.151), name
    music = surface.bus_strips[0]
    shown = reading(music.ids.short_term)
    assert np.isfinite(shown)
    assert shown == pytest.approx(engine.loudness("Music").short_term_lufs, abs=0.151)
    assert all(strip.ids.short_term.text == "S " + NO_READING for strip in surface.bus_strips[1:])
    assert list(ids.integrated.color) == list(target_color(live.integrated_lufs, TARGETS_LUFS[0]))


def test_tapping_the_target_cycles_it(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(2)
    model, surface = mount_surface(kivy_ui, engine)
    model.play()
    run_frames(kivy_ui, model, 40)
    button = section(surface).ids.target
    seen = []
    for _ in range(3):
        tap(kivy_ui, button)
        kivy_ui.frames(1)
        seen.append(model.loudness.target_lufs)
        assert f"{int(model.loudness.target_lufs)} LUFS" in button.text
        integrated = engine.loudness().integrated_lufs
        assert list(section(surface).ids.integrated.color) == list(
            target_color(model.loudness._shown[2], model.loudness.target_lufs))
        assert np.isfinite(integrated)
    assert seen == [-16.0, -14.0, -23.0]


def test_tapping_reset_restarts_the_integrated_reading(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(2)
    model, surface = mount_surface(kivy_ui, engine)
    model.play()
    run_frames(kivy_ui, model, 60)
    ids = section(surface).ids
    assert np.isfinite(reading(ids.integrated))
    tap(kivy_ui, ids.reset)
    run_frames(kivy_ui, model, 1)
    assert ids.integrated.text.endswith(NO_READING)
    assert engine.loudness().integrated_lufs == -np.inf
    run_frames(kivy_ui, model, 40)                   # 0.67 s: past the first 400 ms block
    assert np.isfinite(reading(ids.integrated))


def test_a_steady_programme_formats_nothing_per_frame(kivy_ui, make_engine):
    from tests.loudness_signals import sine
    engine = make_engine()
    engine.add_track(sine(1.0, -20.0).astype(np.float32), bus="Sfx")
    engine.set_loop(0, 48000)
    model, surface = mount_surface(kivy_ui, engine)
    model.play()
    run_frames(kivy_ui, model, 240)                  # 4 s: every window is full
    before = model.loudness.formats
    run_frames(kivy_ui, model, 60)
    assert model.loudness.formats == before
    assert reading(surface.bus_strips[1].ids.short_term) == pytest.approx(-20.0, abs=0.1)


@pytest.mark.parametrize("size, density, dpi", [((1280, 800), 1.0, 149.0),
                                                 ((2048, 1536), 2.0, 264.0)])
def test_loudness_buttons_are_9_mm_touch_targets(kivy_ui, ui_engine_factory, size, density, dpi):
    from kivy.metrics import Metrics
    window, old_size, old_density = kivy_ui.window, kivy_ui.window.size, Metrics.density
    engine = ui_engine_factory(4)
    try:
        Metrics.density = density
        window.size = size
        _, surface = mount_surface(kivy_ui, engine)
        kivy_ui.frames(3)
        nine_mm = 9.0 / 25.4 * dpi
        part = section(surface)
        for button in (part.ids.target, part.ids.reset):
            assert min(button.width, button.height) >= nine_mm, button
        strip = surface.master_strip
        assert strip.x <= part.x and part.right <= strip.right and part.top <= strip.top
    finally:
        kivy_ui.clear()
        Metrics.density = old_density
        window.size = old_size
