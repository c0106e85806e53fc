"""Bad input to the surface's pieces is a clear exception, never garbage."""
import math

import pytest


def test_offline_clock_rejects_negative_or_nan_time(ui_engine_factory):
    from app.offline_clock import OfflineClock
    clock = OfflineClock(ui_engine_factory(1))
    for bad in (-0.1, math.nan):
        with pytest.raises(ValueError, match="elapsed_s"):
            clock.advance(bad)


def test_offline_clock_renders_exact_frames_with_carry(ui_engine_factory):
    from app.offline_clock import OfflineClock
    engine = ui_engine_factory(1)
    clock = OfflineClock(engine)
    engine.play()
    rendered = sum(clock.advance(1 / 60) for _ in range(60))
    assert rendered == clock.frames_rendered == 48000 == engine.position
    assert clock.advance(10.0) == int(OfflineClock.MAX_STEP_S * 48000)  # a stall is capped


def test_strip_parts_need_model_and_mixer(kivy_window):
    from app.widgets.strip import MuteSolo
    with pytest.raises(ValueError, match="model="):
        MuteSolo(mixer=object())


def test_seek_fraction_rejects_nan_and_clamps(ui_engine_factory):
    from app.mixer_model import MixerModel
    engine = ui_engine_factory(1, seconds=1.0)
    model = MixerModel(engine, offline=True)
    with pytest.raises(ValueError, match="fraction"):
        model.seek_fraction(math.nan)
    model.seek_fraction(7.0)
    assert engine.position == model.length_frames == 48000


def test_waveform_envelope_rejects_bad_shapes():
    import numpy as np

    from app.widgets.waveform import envelope
    with pytest.raises(ValueError, match="overview"):
        envelope(np.zeros((4, 3)))


def test_text_texture_needs_text(kivy_window):
    from app.widgets.textures import text_texture
    with pytest.raises(TypeError, match="text"):
        text_texture(12, 10)


def test_load_kv_names_a_missing_file():
    from app.widgets.kvload import load_kv
    with pytest.raises(FileNotFoundError, match="nope"):
        load_kv("nope")


def test_overview_loader_needs_a_pyramid_cache(ui_engine_factory):
    from app.overviews import OverviewLoader
    with pytest.raises(TypeError, match="WaveCacheManager"):
        OverviewLoader(ui_engine_factory(1), [], pyramids="cache")
