"""The mixer surface over a real engine, in an offscreen window.

Edits made by touch reach the engine (one batch call per frame however many
strips changed, one meter read), mute/solo taps work, clip lights latch,
and dragging one fader among 64 updates only that strip.
"""
import collections
import math
import sys
import time

import pytest

from app.balance import balance_to_dual_pan
from app.taper import db_to_position, db_to_volume, position_to_db

pytestmark = pytest.mark.gui
FRAME_S = 1 / 60


def mount_surface(kivy_ui, engine, **model_kwargs):
    from app.mixer_model import MixerModel
    from app.widgets.surface import MixerSurface
    model = MixerModel(engine, offline=True, **model_kwargs)
    surface = kivy_ui.mount(MixerSurface(model, status_text="Offline clock (test)"))
    return model, surface


def run_frames(kivy_ui, model, count):
    for _ in range(count):
        model.frame(FRAME_S)
        kivy_ui.frames(1)


def window_point(widget, fx=0.5, fy=0.5):
    return widget.to_window(widget.x + fx * widget.width, widget.y + fy * widget.height)


def drag_fader(kivy_ui, fader, dy):
    x, y = window_point(fader, 0.6, 0.5)
    kivy_ui.finger(x, y).down().move_by(0, dy).up()


def expected_db(start_db, fader, dy):
    return position_to_db(db_to_position(start_db) + dy / fader.travel)


def tap(kivy_ui, widget):
    kivy_ui.finger(*window_point(widget)).tap()


def test_strips_show_the_engine_state(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(4)
    engine.set_track_volume(engine.track_ids[1], 0.5)
    model, surface = mount_surface(kivy_ui, engine)
    assert [s.model.name for s in surface.track_strips] == ["Track 1", "Track 2", "Track 3", "Track 4"]
    assert model.tracks[1].volume_db == pytest.approx(20 * math.log10(0.5))
    assert surface.track_strips[1].fader.value_db == pytest.approx(model.tracks[1].volume_db)
    assert [s.model.name for s in surface.bus_strips] == list(engine.BUS_NAMES[1:])
    assert surface.master_strip.model.name == engine.BUS_NAMES[0]


def test_fader_drag_reaches_the_engine_volume(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(8)
    model, surface = mount_surface(kivy_ui, engine)
    strip = surface.track_strips[2]
    drag_fader(kivy_ui, strip.fader, -80)
    target_db = expected_db(0.0, strip.fader, -80)
    assert strip.model.volume_db == pytest.approx(target_db)
    assert engine.track(engine.track_ids[2]).volume == 1.0  # nothing sent before the frame
    run_frames(kivy_ui, model, 1)
    assert engine.track(engine.track_ids[2]).volume == pytest.approx(db_to_volume(target_db))
    assert engine.track(engine.track_ids[3]).volume == 1.0


def test_double_tap_on_a_strip_fader_resets_0_db_in_the_engine(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(4)
    engine.set_track_volume(engine.track_ids[0], 0.25)
    model, surface = mount_surface(kivy_ui, engine)
    fader = surface.track_strips[0].fader
    tap(kivy_ui, fader)
    tap(kivy_ui, fader)
    run_frames(kivy_ui, model, 1)
    assert fader.value_db == 0.0
    assert engine.track(engine.track_ids[0]).volume == 1.0


def test_two_fingers_on_two_strip_faders(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(6)
    model, surface = mount_surface(kivy_ui, engine)
    fa, fb = surface.track_strips[1].fader, surface.track_strips[4].fader
    a = kivy_ui.finger(*window_point(fa, 0.6, 0.5)).down()
    b = kivy_ui.finger(*window_point(fb, 0.6, 0.5)).down()
    for _ in range(6):
        a.move(a.x, a.y + 5)
        b.move(b.x, b.y - 15)
    a.up()
    b.up()
    run_frames(kivy_ui, model, 1)
    assert engine.track(engine.track_ids[1]).volume == pytest.approx(db_to_volume(expected_db(0.0, fa, 30)))
    assert engine.track(engine.track_ids[4]).volume == pytest.approx(db_to_volume(expected_db(0.0, fb, -90)))


def test_mute_and_solo_taps_reach_the_engine(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(4)
    model, surface = mount_surface(kivy_ui, engine)
    ids = engine.track_ids
    mute_solo = [s.children[1] for s in surface.track_strips]  # MuteSolo sits above the faders
    tap(kivy_ui, mute_solo[0].ids.mute)
    tap(kivy_ui, mute_solo[2].ids.solo)
    run_frames(kivy_ui, model, 1)
    assert engine.track(ids[0]).muted and not engine.track(ids[1]).muted
    assert engine.track(ids[2]).solo and not engine.track(ids[0]).solo
    assert [s.implicit_muted for s in model.tracks] == [True, True, False, True]
    tap(kivy_ui, mute_solo[2].ids.solo)
    run_frames(kivy_ui, model, 1)
    assert not engine.track(ids[2]).solo
    assert not any(s.implicit_muted for s in model.tracks)


def test_soloed_track_is_heard_and_the_others_fall_silent(kivy_ui, ui_engine_factory):
    from app.meter_state import PEAK_L
    engine = ui_engine_factory(3)
    model, _surface = mount_surface(kivy_ui, engine)
    model.play()
    model.tracks[1].solo = True
    run_frames(kivy_ui, model, 30)
    peaks = model.meters.levels[PEAK_L, :3]
    assert peaks[1] > 0.1
    assert peaks[0] < 1e-3 and peaks[2] < 1e-3  # implied-muted: metered, silent
    assert engine.track(engine.track_ids[1]).solo
    master_peak = model.meters.levels[PEAK_L, 3]
    assert master_peak > 0.0


def test_bus_selection_reroutes_the_track(kivy_ui, ui_engine_factory):
    from app.widgets.strip import BusMenu
    engine = ui_engine_factory(2)
    model, surface = mount_surface(kivy_ui, engine)
    strip = surface.track_strips[1]
    bus_button = strip.children[-3]  # under the waveform
    tap(kivy_ui, bus_button)
    run_frames(kivy_ui, model, 2)
    menus = [w for w in kivy_ui.window.children if isinstance(w, BusMenu)]
    assert len(menus) == 1 and menus[0].attach_to == bus_button
    voice_item = [item for item in menus[0].container.children if item.text == "Voice"][0]
    tap(kivy_ui, voice_item)
    time.sleep(menus[0].min_state_time + 0.05)  # the drop-down closes after its minimum time
    run_frames(kivy_ui, model, 2)
    assert menus[0].parent is None
    assert engine.track(engine.track_ids[1]).bus == 3
    assert strip.model.bus_name == engine.BUS_NAMES[3] == bus_button.text


def make_counting_engine_class():
    from fluxforge import Engine

    class CountingEngine(Engine):
        """The real engine, counting the calls the surface (``app.*``) makes
        to its public methods (the engine's calls to itself are not counted)."""

        def __getattribute__(self, name):
            value = super().__getattribute__(name)
            if name.startswith("_") or not callable(value):
                return value

            def counted(*args, **kwargs):
                if sys._getframe(1).f_globals.get("__name__", "").startswith("app."):
                    CALLS[name] += 1
                return value(*args, **kwargs)
            return counted

    CALLS = collections.Counter()
    return CountingEngine, CALLS


@pytest.mark.parametrize("edited", [0, 1, 5, 24])
def test_one_batch_and_one_meter_read_per_frame(kivy_ui, ui_engine_factory, edited):
    """However many strips changed, stereo balance moves included: one batch
    call, one meter read for tracks and buses, one ducking read, one loudness
    read (and the offline clock's render)."""
    engine_cls, calls = make_counting_engine_class()
    engine = ui_engine_factory(24, engine_cls=engine_cls)
    model, surface = mount_surface(kivy_ui, engine)
    run_frames(kivy_ui, model, 1)
    calls.clear()
    balance_strip = surface.track_strips[-1].model     # stereo: its pan knob is a balance
    assert balance_strip.stereo
    for strip in surface.track_strips[:edited]:
        drag_fader(kivy_ui, strip.fader, -20)
        strip.model.pan = -0.5
        strip.model.muted = True
    if edited:
        balance_strip.pan = 0.25                     # a stereo balance move in the same frame
    model.frame(FRAME_S)
    assert calls["batch_set_track_params"] == (1 if edited else 0)
    assert calls["read_meters"] == 1
    assert calls["render"] == 1  # the offline clock
    assert calls["read_ducking"] == 1  # the bus strips' gain reduction
    assert calls["read_loudness"] == 1  # every bus's live loudness
    assert sum(calls.values()) == calls["batch_set_track_params"] + 4
    for strip in surface.track_strips[:edited]:
        info = engine.track(strip.model.ident)
        balance = 0.25 if strip.model is balance_strip else -0.5
        pans = balance_to_dual_pan(balance) if strip.model.stereo else (-0.5, info.pan_right)
        assert info.muted and (info.pan, info.pan_right) == pytest.approx(pans)
    if edited:
        info = engine.track(balance_strip.ident)
        assert (info.pan, info.pan_right) == pytest.approx(balance_to_dual_pan(0.25))


def test_dragging_one_fader_among_64_updates_only_that_strip(kivy_ui, ui_engine_factory):
    from app.strip_model import StripModel
    engine = ui_engine_factory(64, seconds=0.5)
    model, surface = mount_surface(kivy_ui, engine)
    run_frames(kivy_ui, model, 2)
    callbacks = collections.Counter()
    for strip in surface.track_strips:
        i = strip.model.index
        for prop in StripModel().properties():
            strip.model.fbind(prop, lambda *_a, i=i, prop=prop: callbacks.update([(i, prop)]))
        strip.fader.fbind("value_db", lambda *_a, i=i: callbacks.update([(i, "fader")]))
    target = surface.track_strips[3]
    x, y = window_point(target.fader, 0.6, 0.5)
    finger = kivy_ui.finger(x, y).down()
    for _ in range(5):
        finger.move(x, finger.y - 8)
        run_frames(kivy_ui, model, 1)
    finger.up()
    run_frames(kivy_ui, model, 1)
    assert {i for i, _prop in callbacks} == {3}
    assert {prop for _i, prop in callbacks} == {"volume_db", "fader"}
    assert callbacks[(3, "volume_db")] == 5


def test_clip_light_latches_until_tapped(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(2, amplitude=1.6)
    model, surface = mount_surface(kivy_ui, engine)
    model.play()
    run_frames(kivy_ui, model, 10)
    strip = surface.track_strips[0]
    assert strip.model.clipped and strip.clip_light.clipped
    model.stop()
    run_frames(kivy_ui, model, 30)
    assert strip.clip_light.clipped  # latched after the signal is gone
    tap(kivy_ui, strip.clip_light)
    run_frames(kivy_ui, model, 1)
    assert not strip.model.clipped and not strip.clip_light.clipped
    assert not model.meters.clipped[0]


def test_transport_buttons_and_offline_clock(kivy_ui, ui_engine_factory):
    from app.formatting import format_position
    engine = ui_engine_factory(2, seconds=4.0)
    model, surface = mount_surface(kivy_ui, engine)
    bar = surface.transport
    tap(kivy_ui, bar.ids.play)
    run_frames(kivy_ui, model, 30)
    assert engine.playing and model.playing
    assert model.position_frames == pytest.approx(30 * 800, abs=512)
    assert bar.ids.position.text == format_position(model.position_frames, 48000)
    tap(kivy_ui, bar.ids.stop)
    run_frames(kivy_ui, model, 1)
    assert not engine.playing
    x0, y0 = window_point(bar.ids.seek, 0.5, 0.5)
    kivy_ui.finger(x0, y0).tap()
    assert engine.position == pytest.approx(model.length_frames / 2, abs=2)
    tap(kivy_ui, bar.ids.loop)
    assert model.looping


def test_fine_toggle_reaches_every_fader(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(3)
    model, surface = mount_surface(kivy_ui, engine)
    tap(kivy_ui, surface.transport.ids.fine)
    assert model.fine and all(s.fader.fine for s in surface.track_strips)
    strip = surface.track_strips[0]
    drag_fader(kivy_ui, strip.fader, -100)
    assert strip.model.volume_db == pytest.approx(
        position_to_db(db_to_position(0.0) - 0.1 * 100 / strip.fader.travel))


def test_model_rejects_a_bad_time_function(ui_engine_factory):
    from app.mixer_model import MixerModel
    with pytest.raises(TypeError, match="time_fn"):
        MixerModel(ui_engine_factory(1), time_fn=3)


def test_stereo_balance_knob_sets_both_channel_pans(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(3)  # track 3 is stereo
    model, surface = mount_surface(kivy_ui, engine)
    strip = surface.track_strips[2]
    assert strip.model.stereo and strip.model.pan == 0.0
    knob = strip.children[2].ids.knob  # the pan section
    assert knob.text == "C"
    strip.model.pan = 0.5
    run_frames(kivy_ui, model, 1)
    info = engine.track(strip.model.ident)
    assert (info.pan, info.pan_right) == pytest.approx((0.0, 1.0))
    assert knob.text == "R50"
    mono = surface.track_strips[0]
    mono.model.pan = -0.3
    run_frames(kivy_ui, model, 1)
    assert engine.track(mono.model.ident).pan == pytest.approx(-0.3)


def test_bus_and_master_strips_show_and_edit_the_engine(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(2)
    engine.set_bus_volume("Sfx", 0.5)
    engine.set_bus_mute("Voice", True)
    engine.set_master_volume(0.25)
    model, surface = mount_surface(kivy_ui, engine)
    sfx, voice = surface.bus_strips[1], surface.bus_strips[2]
    assert sfx.model.volume_db == pytest.approx(20 * math.log10(0.5))
    assert voice.model.muted and voice.model.pan == 0.0
    assert surface.master_strip.model.volume_db == pytest.approx(20 * math.log10(0.25))
    drag_fader(kivy_ui, sfx.fader, 30)
    sfx.model.pan = -0.5
    tap(kivy_ui, sfx.children[1].ids.solo)
    drag_fader(kivy_ui, surface.master_strip.fader, 25)
    run_frames(kivy_ui, model, 1)
    state = engine.bus_state("Sfx")
    assert state.volume == pytest.approx(db_to_volume(sfx.model.volume_db))
    assert (state.pan, state.pan_right) == pytest.approx(balance_to_dual_pan(-0.5))
    assert state.solo
    assert [b.implicit_muted for b in model.buses] == [True, False, True, True, True]
    assert engine.master_state().volume == pytest.approx(db_to_volume(model.master.volume_db))
    assert model.master.volume_db > 20 * math.log10(0.25)


def test_scrolling_64_strips_moves_one_layer_not_every_strip(kivy_ui, ui_engine_factory):
    engine = ui_engine_factory(64, seconds=0.5)
    model, surface = mount_surface(kivy_ui, engine)
    row = surface.row
    moved = collections.Counter()
    for strip in row.strips:
        strip.fbind("pos", lambda *_a, s=strip: moved.update([s.model.index]))
    first_visible = row.visible_strips[0]
    name_label = surface.track_strips[1].children[-1]  # the strip's name, not a control
    x, y = window_point(name_label)
    kivy_ui.finger(x, y).down().move_by(-600, 0, steps=6).up(after_s=0.15)  # held: no fling
    run_frames(kivy_ui, model, 1)
    assert row.scroll_px == pytest.approx(600)
    assert not moved  # strips keep their place inside the scrolled layer
    assert first_visible not in row.visible_strips
    assert all(s.model.volume_db == 0.0 for s in surface.track_strips)
    newly_visible = row.visible_strips[-1]
    assert newly_visible.meter._shown[0] is model.meters.display
