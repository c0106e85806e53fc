"""Saving the mix: the Save button asks, the session file gets the engine's mix."""
import math

import pytest

pytestmark = pytest.mark.gui


def test_save_writes_the_mix_made_on_the_surface(kivy_ui, tmp_path):
    from fluxforge.demo import write_demo
    from fluxforge.session import load_session

    from app.mixer_model import MixerModel
    from app.session_open import open_session, save_mix
    from app.widgets.surface import MixerSurface
    opened = open_session(write_demo(tmp_path / "demo"))
    try:
        model = MixerModel(opened.engine, offline=True, colors=opened.colors)
        surface = kivy_ui.mount(MixerSurface(model))
        saves = []
        surface.transport.bind(on_save=lambda bar: saves.append(bar))
        model.tracks[0].volume_db = -6.0
        model.tracks[2].muted = True
        model.tracks[1].bus = 2
        model.buses[0].volume_db = -3.0
        x, y = surface.transport.ids.save.to_window(*surface.transport.ids.save.center)
        kivy_ui.finger(x, y).tap()
        assert saves == [surface.transport]
        model.send_edits()
        written = save_mix(opened)
        assert written == opened.path
        saved = load_session(written)
        assert saved.tracks[0].volume == pytest.approx(10 ** (-6 / 20))
        assert saved.tracks[2].mute and not saved.tracks[0].mute
        assert saved.tracks[1].bus == "Sfx"
        assert saved.buses["Music"].volume == pytest.approx(10 ** (-3 / 20))
        assert [t.color for t in saved.tracks] == [t.color for t in opened.session.tracks]
        assert saved.tracks[3].name == "Lead" and not math.isnan(saved.master.volume)
    finally:
        opened.engine.close()


def test_save_without_a_session_file_is_refused(ui_engine_factory):
    from app.session_open import OpenedSession, save_mix
    with pytest.raises(ValueError, match="no session file"):
        save_mix(OpenedSession(engine=ui_engine_factory(1), title="arrays"))


def test_studio_app_keys_play_and_save(kivy_ui, tmp_path):
    from fluxforge.demo import write_demo
    from fluxforge.session import load_session

    from app.audio_link import AudioLink
    from app.session_open import open_session
    from app.studio_app import StudioApp
    opened = open_session(write_demo(tmp_path / "demo"))
    try:
        studio = StudioApp(opened=opened, link=AudioLink(False, "Offline clock (test)"),
                           freeze_gc=False)
        surface = kivy_ui.mount(studio.build())
        studio.root = surface
        assert studio.title == "FluxForge Studio - FluxForge demo"
        assert surface.track_strips[0].model.color == pytest.approx(opened.colors[0])
        window = kivy_ui.window
        assert studio._on_key_down(window, 32, 44, " ", [])
        assert opened.engine.playing
        studio.model.tracks[4].volume_db = -20.0
        assert studio._on_key_down(window, 115, 22, "s", ["ctrl"])
        assert surface.transport.status_text == "Saved demo.fluxforge.json"
        assert load_session(opened.path).tracks[4].volume == pytest.approx(0.1)
        assert not studio._on_key_down(window, 97, 4, "a", [])
    finally:
        opened.engine.close()
