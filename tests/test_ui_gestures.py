"""Touch gestures on real widgets in an offscreen Kivy window.

Faders: a drag moves by the dB the taper gives for the distance, fine mode
moves ten times less, double tap resets to 0 dB, two fingers move two faders
at once, the mouse wheel steps. Pan: double tap centres. The strip row:
dragging in a gap scrolls and moves no fader; dragging a fader sideways
never scrolls.
"""
import math

import pytest

from app.taper import db_to_position, position_to_db

pytestmark = pytest.mark.gui

TRAVEL = 400.0


def make_fader(x, value_db=0.0):
    from app.widgets.fader import CAP_HEIGHT_DP, Fader
    from kivy.metrics import dp
    return Fader(pos=(x, 100), size=(60, TRAVEL + dp(CAP_HEIGHT_DP)), size_hint=(None, None),
                 value_db=value_db)


def holder(*widgets):
    from kivy.uix.floatlayout import FloatLayout
    root = FloatLayout()
    for w in widgets:
        root.add_widget(w)
    return root


def expected_db_after(start_db, dy_px, scale=1.0):
    return position_to_db(min(max(db_to_position(start_db) + dy_px / TRAVEL * scale, 0.0), 1.0))


@pytest.mark.parametrize("dy", [40.0, -100.0, -260.0, 300.0])
def test_drag_moves_the_fader_by_the_taper_distance(kivy_ui, dy):
    fader = make_fader(100)
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 300).down().move_by(0, dy).up()
    assert fader.value_db == pytest.approx(expected_db_after(0.0, dy), abs=1e-9)


def test_drag_up_40px_from_0_db_gives_plus_2_4_db(kivy_ui):
    fader = make_fader(100)
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 200).down().move_by(0, 40).up()
    # 0 dB sits at 3/4 of the travel; the top quarter spans 0..+6.02 dB
    assert fader.value_db == pytest.approx(0.1 / 0.25 * 20 * math.log10(2), abs=1e-9)


def test_dragging_to_the_bottom_gives_minus_infinity(kivy_ui):
    fader = make_fader(100)
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 500).down().move_by(0, -450).up()
    assert fader.value_db == -math.inf


def test_fine_mode_moves_ten_times_less(kivy_ui):
    fader = make_fader(100)
    fader.fine = True
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 300).down().move_by(0, -100).up()
    assert fader.value_db == pytest.approx(expected_db_after(0.0, -100, scale=0.1), abs=1e-9)
    assert fader.value_db == pytest.approx(-1.25)  # 10 px of travel just below 0 dB


def test_double_tap_resets_to_0_db(kivy_ui):
    fader = make_fader(100, value_db=-17.5)
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 150).tap()
    assert fader.value_db == -17.5
    kivy_ui.finger(132, 152).tap()
    assert fader.value_db == 0.0


def test_a_drag_then_a_quick_touch_is_not_a_double_tap(kivy_ui):
    fader = make_fader(100, value_db=-8.0)
    kivy_ui.mount(holder(fader))
    kivy_ui.finger(130, 150).down().move_by(0, -40).up()
    moved_to = fader.value_db
    kivy_ui.finger(130, 110).down().move_by(0, -10).up()
    assert fader.value_db < moved_to < -8.0


def test_two_taps_far_apart_in_time_are_not_a_double_tap(kivy_ui):
    fader = make_fader(100, value_db=-8.0)
    kivy_ui.mount(holder(fader))
    first = kivy_ui.finger(130, 150)
    first.touch.time_start -= 5.0  # the first tap happened 5 s ago
    first.tap()
    kivy_ui.finger(130, 150).tap()
    assert fader.value_db == -8.0


def test_two_fingers_move_two_faders_at_once(kivy_ui):
    left, right = make_fader(100), make_fader(300, value_db=-10.0)
    kivy_ui.mount(holder(left, right))
    a = kivy_ui.finger(130, 300).down()
    b = kivy_ui.finger(330, 300).down()
    for _ in range(5):  # interleaved moves, as two hands arrive
        a.move(a.x, a.y + 10)
        b.move(b.x, b.y - 12)
    assert left.dragging and right.dragging
    a.up()
    b.up()
    assert left.value_db == pytest.approx(expected_db_after(0.0, 50), abs=1e-9)
    assert right.value_db == pytest.approx(expected_db_after(-10.0, -60), abs=1e-9)


def test_a_finger_keeps_its_fader_when_it_slides_off_it(kivy_ui):
    left, right = make_fader(100), make_fader(170, value_db=-5.0)
    kivy_ui.mount(holder(left, right))
    kivy_ui.finger(130, 300).down().move_by(70, -40).up()  # ends over the right fader
    assert left.value_db == pytest.approx(expected_db_after(0.0, -40), abs=1e-9)
    assert right.value_db == -5.0


def test_mouse_wheel_steps_half_a_db(kivy_ui):
    fader = make_fader(100, value_db=-3.0)
    kivy_ui.mount(holder(fader))
    wheel = kivy_ui.finger(130, 300)
    wheel.touch.profile.append("button")
    wheel.touch.button = "scrollup"
    wheel.tap()
    assert fader.value_db == pytest.approx(-2.5)


def test_pan_drag_and_double_tap_centres(kivy_ui):
    from app.widgets.pan_knob import FULL_RANGE_DP, PanKnob
    from kivy.metrics import dp
    knob = PanKnob(pos=(100, 100), size=(50, 50), size_hint=(None, None))
    kivy_ui.mount(holder(knob))
    kivy_ui.finger(125, 125).down().move_by(dp(FULL_RANGE_DP) / 4, 0).up()
    assert knob.value == pytest.approx(0.5)
    assert knob.text == "R50"
    kivy_ui.finger(125, 125).down().move_by(-dp(FULL_RANGE_DP), 0).up()
    assert knob.value == -1.0
    kivy_ui.finger(125, 125).tap()
    kivy_ui.finger(125, 125).tap()
    assert knob.value == 0.0 and knob.text == "C"


def strip_row_with_faders(count, width=80):
    from app.widgets.strip_row import StripRow
    from kivy.uix.relativelayout import RelativeLayout
    row = StripRow(pos=(0, 0), size=(400, 500), size_hint=(None, None))
    faders = []
    for _ in range(count):
        cell = RelativeLayout(size_hint_x=None, width=width)
        fader = make_fader(10)
        fader.pos = (10, 50)
        cell.add_widget(fader)
        row.add_strip(cell)
        faders.append(fader)
    return row, faders


def test_dragging_a_gap_scrolls_and_moves_no_fader(kivy_ui):
    row, faders = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    before = [f.value_db for f in faders]
    kivy_ui.finger(300, 20).down().move_by(-160, 90).up(after_s=0.15)  # below the faders
    assert row.scroll_px == pytest.approx(160)
    assert [f.value_db for f in faders] == before
    assert faders[0] not in [c for s in row.visible_strips for c in s.children]


def test_dragging_a_fader_sideways_never_scrolls(kivy_ui):
    row, faders = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    kivy_ui.finger(40, 300).down().move_by(-150, 30).up()
    assert row.scroll_px == 0
    assert faders[0].value_db == pytest.approx(expected_db_after(0.0, 30), abs=1e-9)


def test_touches_after_a_scroll_reach_the_scrolled_fader(kivy_ui):
    row, faders = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    row.scroll_to(800)  # strip 10 is now at the left edge
    kivy_ui.finger(40, 300).down().move_by(0, -40).up()
    assert faders[10].value_db == pytest.approx(expected_db_after(0.0, -40), abs=1e-9)
    assert all(f.value_db == 0.0 for i, f in enumerate(faders) if i != 10)


def test_row_scroll_is_clamped_and_lists_only_visible_strips(kivy_ui):
    row, _ = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    row.scroll_to(10_000)
    assert row.scroll_px == 20 * 80 - 400
    assert len(row.visible_strips) == 5
    row.scroll_to(-50)
    assert row.scroll_px == 0


def test_a_second_finger_on_an_owned_fader_is_ignored(kivy_ui):
    fader = make_fader(100)
    kivy_ui.mount(holder(fader))
    owner = kivy_ui.finger(130, 300).down()
    intruder = kivy_ui.finger(140, 200).down()
    intruder.move_by(0, 150)
    owner.move_by(0, -30)
    intruder.up()
    assert fader.dragging  # still owned by the first finger
    owner.up()
    assert fader.value_db == pytest.approx(expected_db_after(0.0, -30), abs=1e-9)
    assert not fader.dragging


def wheel(kivy_ui, x, y, button):
    finger = kivy_ui.finger(x, y)
    finger.touch.profile.append("button")
    finger.touch.button = button
    return finger.tap()


def test_mouse_wheel_scrolls_the_row_but_steps_a_fader_under_it(kivy_ui):
    row, faders = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    wheel(kivy_ui, 300, 20, "scrolldown")  # below the faders
    scrolled = row.scroll_px
    assert scrolled > 0
    assert all(f.value_db == 0.0 for f in faders)
    wheel(kivy_ui, 60, 300, "scrollup")  # over a fader
    assert row.scroll_px == scrolled
    stepped = [f for f in faders if f.value_db != 0.0]
    assert len(stepped) == 1 and stepped[0].value_db == pytest.approx(0.5)


def test_a_sideways_wheel_over_a_fader_scrolls_the_row(kivy_ui):
    row, faders = strip_row_with_faders(20)
    kivy_ui.mount(holder(row))
    wheel(kivy_ui, 60, 300, "scrollright")  # over strip 0's fader
    assert row.scroll_px > 0
    assert all(f.value_db == 0.0 for f in faders)


def test_a_released_swipe_flings_the_row_and_a_touch_stops_it(kivy_ui):
    row, faders = strip_row_with_faders(40)
    kivy_ui.mount(holder(row))
    kivy_ui.finger(300, 20).down().move_by(-100, 0, steps=4).up()  # a quick flick
    assert row.scroll_px == pytest.approx(100)
    assert row.fling.active and row.fling.velocity > 0
    for _ in range(5):
        row.fling_step(0.02)
    flung = row.scroll_px
    assert flung > 100
    kivy_ui.finger(40, 300).down().up()  # a finger on a fader stops the row
    assert not row.fling.active
    row.fling_step(0.02)
    assert row.scroll_px == flung
    assert all(f.value_db == 0.0 for f in faders)


def test_a_swipe_held_before_lifting_does_not_fling(kivy_ui):
    row, _ = strip_row_with_faders(40)
    kivy_ui.mount(holder(row))
    kivy_ui.finger(300, 20).down().move_by(-100, 0).up(after_s=0.15)
    assert not row.fling.active and row.scroll_px == pytest.approx(100)


def test_a_fling_stops_at_the_end_of_the_row(kivy_ui):
    row, _ = strip_row_with_faders(10)
    kivy_ui.mount(holder(row))
    row.start_fling(50_000.0)
    for _ in range(200):
        if not row.fling_step(0.05):
            break
    assert row.scroll_px == row.max_scroll and not row.fling.active
