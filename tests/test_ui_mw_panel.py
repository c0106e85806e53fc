"""The middleware panel with the slot demo: real touches on pads, selectors and sliders."""
import time

import numpy as np
import pytest

from app.meter_state import PEAK_L
from app.widgets.mw_sections import (PadsSection, RtpcSection, StatesSection, SwitchesSection,
                                     VoicesSection)

pytestmark = pytest.mark.gui
SFX, MUSIC = 2, 1


def bus_column(rig, bus):
    return len(rig.model.tracks) + bus


def test_panel_is_built_from_the_definitions(slot_ui):
    pads = slot_ui.panel.pads.pads
    assert set(pads) == set(slot_ui.mw.events.defs)
    states = slot_ui.panel.section(StatesSection).controls["GameMode"]
    assert [b.state for b in states.buttons.values()] == ["down", "normal"]
    # beside the strip row, the master strip still shown at the right edge
    surface = slot_ui.surface
    assert surface.row.right <= slot_ui.panel.x + 1
    assert slot_ui.panel.right <= surface.master_strip.x + 1
    assert surface.master_strip.right <= surface.right + 1


def test_tap_a_pad_plays_a_voice_on_its_bus_and_moves_its_meter(slot_ui):
    rig = slot_ui
    rig.model.stop()  # the stems silent: only the pad's voice reaches the Sfx meter
    rig.run(30)
    before = rig.model.meters.levels[PEAK_L, bus_column(rig, SFX)]
    rig.tap(rig.panel.pads.pads["COIN"])
    rig.run(3)
    (inst,) = rig.mw.instances("COIN")
    assert inst.voice_ids and [p.layer.bus for p in inst.plays] == ["Sfx"]
    assert rig.panel.pads.pads["COIN"].playing == 1
    assert rig.model.meters.levels[PEAK_L, bus_column(rig, SFX)] > max(before, 0.05)


def test_two_fingers_on_two_pads_post_two_events(slot_ui):
    rig = slot_ui
    pads = rig.panel.pads.pads
    a, b = rig.finger_on(pads["REEL_STOP_0"]).down(), rig.finger_on(pads["REEL_STOP_4"]).down()
    assert not rig.mw.instances()  # a pad posts when its finger lifts
    a.up()
    b.up()
    rig.run(2)
    assert len(rig.mw.instances("REEL_STOP_0")) == 1 and len(rig.mw.instances("REEL_STOP_4")) == 1
    pans = {name: rig.engine.voice_settings(rig.mw.instances(name)[0].voice_ids[0])["pan"]
            for name in ("REEL_STOP_0", "REEL_STOP_4")}
    assert pans["REEL_STOP_0"] < -0.5 < 0.5 < pans["REEL_STOP_4"]


def test_long_press_stops_the_event_with_its_fade(slot_ui):
    rig = slot_ui
    pad = rig.panel.pads.pads["SPIN_START"]
    rig.tap(pad)
    rig.run(5)
    (inst,) = rig.mw.instances("SPIN_START")
    voices = set(inst.voice_ids)
    finger = rig.finger_on(pad).down()
    deadline = time.monotonic() + 2.0
    while finger.touch.ud[pad] is not None:  # the long-press timer runs on Kivy's clock
        assert time.monotonic() < deadline, "the long press never fired"
        rig.ui.frames(1)
        time.sleep(0.01)
    finger.up()
    assert rig.mw.instances("SPIN_START") == []
    assert voices and voices <= set(rig.engine.voice_ids)  # fading, not cut
    rig.run(40)  # 0.67 s > the 300 ms fade
    assert not voices & set(rig.engine.voice_ids)
    assert pad.playing == 0


def test_fast_taps_reach_the_voice_limit(slot_ui):
    rig = slot_ui
    for _ in range(8):
        rig.tap(rig.panel.pads.pads["COIN"])
    rig.run(2)
    stats = rig.mw.voices.stats()
    assert rig.mw.voices.active("COIN") <= 4 and stats["steals"] + stats["overflow"] >= 4
    text = rig.panel.section(VoicesSection).text
    assert f"steals {stats['steals']}" in text and f"overflow {stats['overflow']}" in text


def test_select_free_spins_changes_the_music_at_the_next_bar(slot_ui):
    from app.mw_link import start_music
    rig = slot_ui
    assert start_music(rig.mw) == "Base"
    rig.run(40)
    start = rig.mw.music.history[0][0]
    buttons = rig.panel.section(StatesSection).controls["GameMode"].buttons
    rig.tap(buttons["FreeSpins"])
    pressed_at = rig.engine.frame_clock
    rig.run(2)
    assert rig.mw.states.get("GameMode") == "FreeSpins"
    assert buttons["FreeSpins"].state == "down"
    change_frame, old, new = rig.mw.music.history[-1]
    bar = 4 * 48000 * 60 // 120
    assert (old, new) == ("Base", "FreeSpins")
    assert (change_frame - start) % bar == 0 and pressed_at < change_frame <= pressed_at + bar
    assert all(rig.engine.voice_settings(v) is not None for v in rig.mw.music.voices)


def test_drag_the_rtpc_slider_moves_the_bus_gain_smoothly(slot_ui):
    rig = slot_ui
    section = rig.panel.section(RtpcSection)
    slider = section.rows["WinAmount"].ids.slider
    x0, y = slider.to_window(slider.x + slider.padding, slider.center_y)
    x1, _ = slider.to_window(slider.right - slider.padding, slider.center_y)
    finger = rig.ui.finger(x0, y).down()
    finger.move_by(x1 - x0, 0, steps=6).up()
    assert rig.mw.rtpc.target("WinAmount") == pytest.approx(100.0)
    frames, gains = [], []
    for _ in range(90):  # 1.5 s: the 100-per-second slew takes 1 s
        rig.run(1)
        frames.append(rig.engine.frame_clock)
        gains.append(20 * np.log10(rig.engine.bus_state(MUSIC).volume))
    steps = np.diff(gains)
    # 4 dB over the RTPC's 0..100 at 100 per second: at most 4 dB/s of rendered time
    allowed = 4.0 * np.diff(frames) / 48000 + 1e-6
    assert (steps >= -1e-9).all() and (steps <= allowed).all()
    assert gains[-1] - gains[0] > 3.0
    row = section.rows["WinAmount"]
    assert row.target == pytest.approx(100.0) and row.value == pytest.approx(100.0)


def test_ducked_bus_shows_its_reduction_while_an_sfx_voice_plays(slot_ui):
    rig = slot_ui
    music_strip = rig.surface.bus_strips[MUSIC - 1]
    rig.run(2)
    assert music_strip.model.duck_db == 0.0 and "--" in music_strip.ids.duck.text
    rig.tap(rig.panel.pads.pads["WIN_BIG"])
    rig.run(10)
    assert music_strip.model.duck_db < -3.0
    assert f"{music_strip.model.duck_db:.1f} dB" in music_strip.ids.duck.text


def test_only_the_changed_sections_refresh(slot_ui):
    rig = slot_ui
    rig.mw.flush()
    sections = {type(s): s for s in rig.panel.sections}
    before = {cls: s.refreshes for cls, s in sections.items()}
    notes = rig.mw.notifications
    for i in range(1000):
        rig.mw.rtpc.set("WinAmount", i % 100)
    rig.mw.states.set("GameMode", "FreeSpins")
    rig.mw.flush()
    assert rig.mw.notifications == notes + 1
    done = {cls: s.refreshes - before[cls] for cls, s in sections.items()}
    assert done == {PadsSection: 0, StatesSection: 1, SwitchesSection: 0, RtpcSection: 1,
                    VoicesSection: 0}


@pytest.mark.parametrize("size, density, dpi", [((1280, 800), 1.0, 149.0),
                                                 ((2048, 1536), 2.0, 264.0)])
def test_touch_targets_at_tablet_sizes(kivy_ui, slot_session, size, density, dpi, tmp_path):
    """Pads, selectors and sliders are at least 9 mm at a 10" 1280x800 (density 1) and a
    9.7" 2048x1536 (density 2) tablet; the panel sits between the strips and the master."""
    from kivy.clock import Clock
    from kivy.metrics import Metrics

    from app.mixer_model import MixerModel
    from app.mw_link import clocked_middleware
    from app.widgets.mw_sections import Segmented
    from app.widgets.surface import MixerSurface
    from fluxforge.session import load_session
    from fluxforge.session.apply import engine_from_session
    window, old_size, old_density = kivy_ui.window, kivy_ui.window.size, Metrics.density
    session = load_session(slot_session)
    engine = engine_from_session(session)
    mw = clocked_middleware(engine, session.folder, Clock)
    try:
        Metrics.density = density
        window.size = size
        surface = kivy_ui.mount(MixerSurface(MixerModel(engine, offline=True), mw=mw))
        kivy_ui.frames(3)
        nine_mm = 9.0 / 25.4 * dpi
        panel = surface.panel
        pads = list(panel.pads.pads.values())
        segments = [b for s in panel.sections for w in s.walk() if isinstance(w, Segmented)
                    for b in w.buttons.values()]
        sliders = [row.ids.slider for row in panel.section(RtpcSection).rows.values()]
        for widget in pads + segments + sliders:
            assert min(widget.width, widget.height) >= nine_mm, widget
        assert surface.master_strip.right <= window.width + 1 and surface.master_strip.width > 0
        assert surface.row.right <= panel.x + 1
    finally:
        kivy_ui.clear()
        Metrics.density = old_density
        window.size = old_size
        mw.dispose()
        engine.close()
